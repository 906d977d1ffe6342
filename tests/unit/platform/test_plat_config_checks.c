// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi_vio_platform_create() refuses every configuration the header rules
 * out, one field at a time from the default: -EINVAL, no platform.  A
 * configuration is the user's input to the platform; each range the
 * header documents is checked at its edge, just past it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "plat_fixture.h"

static const uint64_t rates_down[] = { 2, 1 };
static const struct scmi_vio_plat_perf_level lv_same[] = { { 1, 1, 1 },
							   { 1, 2, 1 } };
static const struct scmi_vio_plat_perf_level lv_one[] = { { 1, 1, 1 } };
static const int32_t uv_down[] = { 900, 800 };
static const char *const one_agent[] = { "os" };

static struct scmi_vio_plat_clock clk;
static struct scmi_vio_plat_sensor sen;
static struct scmi_vio_plat_perf perf;
static struct scmi_vio_plat_voltage_domain vd;
static struct scmi_vio_plat_power_domain pd;
static struct scmi_vio_plat_reset_domain rd;

/*
 * An array of 65536 zeroed entries of @size bytes, one past the largest
 * count (the caller's array must be as long as the count it gives).
 */
static void *too_many(size_t size)
{
	static void *mem;

	free(mem);
	mem = calloc(0x10000, size);
	ck_assert_ptr_nonnull(mem);
	return mem;
}

/* Make the first resource of a kind ours to break. */
static void own_clock(struct scmi_vio_platform_config *c)
{
	clk = c->clocks[0];
	c->clocks = &clk;
	c->n_clocks = 1;
}

static void own_sensor(struct scmi_vio_platform_config *c)
{
	sen = c->sensors[0];
	c->sensors = &sen;
	c->n_sensors = 1;
}

static void own_perf(struct scmi_vio_platform_config *c)
{
	perf = c->perf[0];
	c->perf = &perf;
	c->n_perf = 1;
}

static void own_voltage(struct scmi_vio_platform_config *c)
{
	vd = c->voltage[0];
	c->voltage = &vd;
	c->n_voltage = 1;
}

static void bad_release(struct scmi_vio_platform_config *c)
{
	c->release = SCMI_VIO_SCMI_NR_RELEASES;
}

static void no_agents(struct scmi_vio_platform_config *c)
{
	c->n_agents = 0;
}

static void too_many_agents(struct scmi_vio_platform_config *c)
{
	c->n_agents = 256;
}

static void agents_null(struct scmi_vio_platform_config *c)
{
	c->agents = NULL;
}

static void agent_id_0(struct scmi_vio_platform_config *c)
{
	c->agent_id = 0;
}

static void agent_id_past(struct scmi_vio_platform_config *c)
{
	c->agents = one_agent;
	c->n_agents = 1;
	c->agent_id = 2;
}

static void payload_big(struct scmi_vio_platform_config *c)
{
	c->max_payload = 65537;
}

static void no_delayed(struct scmi_vio_platform_config *c)
{
	c->max_delayed = 0;
}

static void no_notifs(struct scmi_vio_platform_config *c)
{
	c->max_notifications = 0;
}

static void delayed_big(struct scmi_vio_platform_config *c)
{
	c->max_delayed = 4097;
}

static void notifs_big(struct scmi_vio_platform_config *c)
{
	c->max_notifications = 4097;
}

static void clocks_null(struct scmi_vio_platform_config *c)
{
	c->clocks = NULL;
}

static void sensors_null(struct scmi_vio_platform_config *c)
{
	c->sensors = NULL;
}

static void perf_null(struct scmi_vio_platform_config *c)
{
	c->perf = NULL;
}

static void power_null(struct scmi_vio_platform_config *c)
{
	c->power = NULL;
}

static void resets_null(struct scmi_vio_platform_config *c)
{
	c->resets = NULL;
}

static void voltage_null(struct scmi_vio_platform_config *c)
{
	c->voltage = NULL;
}

static void clock_rates_down(struct scmi_vio_platform_config *c)
{
	own_clock(c);
	clk.rates = rates_down;
	clk.n_rates = 2;
	clk.rate_index = 0;
}

static void clock_no_rates(struct scmi_vio_platform_config *c)
{
	own_clock(c);
	clk.n_rates = 0;
}

static void clock_4096_rates(struct scmi_vio_platform_config *c)
{
	own_clock(c);
	clk.n_rates = 0x1000;
}

static void clock_rates_null(struct scmi_vio_platform_config *c)
{
	own_clock(c);
	clk.rates = NULL;
}

static void clock_name_null(struct scmi_vio_platform_config *c)
{
	own_clock(c);
	clk.name = NULL;
}

static void reset_name_null(struct scmi_vio_platform_config *c)
{
	rd = c->resets[0];
	rd.name = NULL;
	c->resets = &rd;
	c->n_resets = 1;
}

static void clocks_too_many(struct scmi_vio_platform_config *c)
{
	c->clocks = too_many(sizeof(struct scmi_vio_plat_clock));
	c->n_clocks = 0x10000;
}

static void clock_max_async_big(struct scmi_vio_platform_config *c)
{
	c->clock_max_async = 256;
}

static struct scmi_vio_plat_agent policy[2];

static void hidden_null(struct scmi_vio_platform_config *c)
{
	memset(policy, 0, sizeof(policy));
	policy[1].n_hidden_protocols = 1;
	c->agent_policy = policy;
}

static void denied_null(struct scmi_vio_platform_config *c)
{
	memset(policy, 0, sizeof(policy));
	policy[0].n_denied_devices = 1;
	c->agent_policy = policy;
}

static void sensor_max_async_0(struct scmi_vio_platform_config *c)
{
	c->sensor_max_async = 0;
}

static void sensor_max_async_big(struct scmi_vio_platform_config *c)
{
	c->sensor_max_async = 256;
}

static void sensor_period_0(struct scmi_vio_platform_config *c)
{
	own_sensor(c);
	sen.period = 0;
}

static void sensor_trips(struct scmi_vio_platform_config *c)
{
	own_sensor(c);
	sen.n_trips = SCMI_VIO_PLAT_MAX_TRIPS + 1;
}

static void sensor_scale_low(struct scmi_vio_platform_config *c)
{
	own_sensor(c);
	sen.scale = -17;
}

static void sensor_scale_high(struct scmi_vio_platform_config *c)
{
	own_sensor(c);
	sen.scale = 16;
}

static void sensor_name_long(struct scmi_vio_platform_config *c)
{
	own_sensor(c);
	sen.name = "a-name-of-16-chr";
}

static void perf_no_levels(struct scmi_vio_platform_config *c)
{
	own_perf(c);
	perf.n_levels = 0;
}

static void perf_levels_null(struct scmi_vio_platform_config *c)
{
	own_perf(c);
	perf.levels = NULL;
}

static void perf_index_past(struct scmi_vio_platform_config *c)
{
	own_perf(c);
	perf.levels = lv_one;
	perf.n_levels = 1;
	perf.level_index = 1;
}

static void perf_rate_limit(struct scmi_vio_platform_config *c)
{
	own_perf(c);
	perf.rate_limit_us = 1u << 20;
}

static void perf_levels_same(struct scmi_vio_platform_config *c)
{
	own_perf(c);
	perf.levels = lv_same;
	perf.n_levels = 2;
	perf.level_index = 0;
}

static void perf_too_many(struct scmi_vio_platform_config *c)
{
	c->perf = too_many(sizeof(struct scmi_vio_plat_perf));
	c->n_perf = 0x10000;
}

static void sensors_too_many(struct scmi_vio_platform_config *c)
{
	c->sensors = too_many(sizeof(struct scmi_vio_plat_sensor));
	c->n_sensors = 0x10000;
}

static void power_too_many(struct scmi_vio_platform_config *c)
{
	c->power = too_many(sizeof(struct scmi_vio_plat_power_domain));
	c->n_power = 0x10000;
}

static void power_name_long(struct scmi_vio_platform_config *c)
{
	pd = c->power[0];
	pd.name = "a-power-domain-name-longer-than-sixty-four-characters-which-"
		  "is-the-extended-limit";
	c->power = &pd;
	c->n_power = 1;
}

static void resets_too_many(struct scmi_vio_platform_config *c)
{
	c->resets = too_many(sizeof(struct scmi_vio_plat_reset_domain));
	c->n_resets = 0x10000;
}

static void reset_name_long(struct scmi_vio_platform_config *c)
{
	rd = c->resets[0];
	rd.name = "a-reset-domain-name-longer-than-sixty-four-characters-which-"
		  "is-the-extended-limit";
	c->resets = &rd;
	c->n_resets = 1;
}

static void voltage_too_many(struct scmi_vio_platform_config *c)
{
	c->voltage = too_many(sizeof(struct scmi_vio_plat_voltage_domain));
	c->n_voltage = 0x10000;
}

static void voltage_no_levels(struct scmi_vio_platform_config *c)
{
	own_voltage(c);
	vd.levels = uv_down;
	vd.n_levels = 0;
}

static void voltage_levels_4096(struct scmi_vio_platform_config *c)
{
	own_voltage(c);
	vd.levels = uv_down;
	vd.n_levels = 0x1000;
}

static void voltage_levels_down(struct scmi_vio_platform_config *c)
{
	own_voltage(c);
	vd.levels = uv_down;
	vd.n_levels = 2;
	vd.level_uv = 900;
}

static void (*const breakers[])(struct scmi_vio_platform_config *) = {
	bad_release,	     no_agents,
	too_many_agents,     agents_null,
	agent_id_0,	     agent_id_past,
	payload_big,	     no_delayed,
	no_notifs,	     delayed_big,
	notifs_big,	     clocks_null,
	sensors_null,	     perf_null,
	power_null,	     resets_null,
	voltage_null,	     clock_rates_down,
	sensor_max_async_0,  sensor_max_async_big,
	sensor_period_0,     sensor_trips,
	sensor_scale_low,    sensor_scale_high,
	sensor_name_long,    perf_no_levels,
	perf_levels_null,    perf_index_past,
	perf_rate_limit,     perf_levels_same,
	perf_too_many,	     sensors_too_many,
	power_too_many,	     power_name_long,
	resets_too_many,     reset_name_long,
	voltage_too_many,    voltage_no_levels,
	voltage_levels_4096, voltage_levels_down,
	clock_no_rates,	     clock_4096_rates,
	clock_rates_null,    clocks_too_many,
	clock_max_async_big, hidden_null,
	denied_null,	     clock_name_null,
	reset_name_null,
};

START_TEST(test_create_refuses)
{
	struct scmi_vio_platform_config cfg;
	struct scmi_vio_platform *plat = NULL;

	scmi_vio_platform_config_default(&cfg);
	breakers[_i](&cfg);
	ck_assert_int_eq(scmi_vio_platform_create(&cfg, &plat), -EINVAL);
	ck_assert_ptr_null(plat);
}
END_TEST

/* The edges themselves are accepted. */
START_TEST(test_create_accepts_edges)
{
	struct scmi_vio_platform_config cfg;
	struct scmi_vio_platform *plat = NULL;

	scmi_vio_platform_config_default(&cfg);
	cfg.max_payload = 65536;
	cfg.max_delayed = cfg.max_notifications = 4096;
	cfg.sensor_max_async = cfg.clock_max_async = 255;
	own_sensor(&cfg);
	sen.scale = -16;
	sen.n_trips = SCMI_VIO_PLAT_MAX_TRIPS;
	own_perf(&cfg);
	perf.levels = lv_one;
	perf.n_levels = 1;
	perf.level_index = 0;
	perf.rate_limit_us = (1u << 20) - 1;
	plat = plat_create(&cfg);
	scmi_vio_platform_destroy(plat);
	ck_assert_int_eq(scmi_vio_platform_create(&cfg, NULL), -EINVAL);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_LOOP(test_create_refuses, ARRAY_SIZE(breakers)),
	TEST_CASE(test_create_accepts_edges),
};

int main(void)
{
	return plat_check_run("plat_config_checks", "checks", 0, tests,
			      ARRAY_SIZE(tests));
}
