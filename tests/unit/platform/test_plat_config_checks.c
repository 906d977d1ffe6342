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

/* Make the first entry of array @arr, of @n entries, ours in @copy. */
#define OWN_FIRST(copy, arr, n) ((copy) = (arr)[0], (arr) = &(copy), (n) = 1)

/* Make the first resource of a kind ours to break. */
static void own_clock(struct scmi_vio_platform_config *c)
{
	OWN_FIRST(clk, c->clocks, c->n_clocks);
}

static void own_sensor(struct scmi_vio_platform_config *c)
{
	OWN_FIRST(sen, c->sensors, c->n_sensors);
}

static void own_perf(struct scmi_vio_platform_config *c)
{
	OWN_FIRST(perf, c->perf, c->n_perf);
}

static void own_voltage(struct scmi_vio_platform_config *c)
{
	OWN_FIRST(vd, c->voltage, c->n_voltage);
}

static void agent_id_past(struct scmi_vio_platform_config *c)
{
	c->agents = one_agent;
	c->n_agents = 1;
	c->agent_id = 2;
}

static void clock_rates_down(struct scmi_vio_platform_config *c)
{
	own_clock(c);
	clk.rates = rates_down;
	clk.n_rates = 2;
	clk.rate_index = 0;
}

static void reset_name_null(struct scmi_vio_platform_config *c)
{
	OWN_FIRST(rd, c->resets, c->n_resets);
	rd.name = NULL;
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

static void sensor_name_long(struct scmi_vio_platform_config *c)
{
	own_sensor(c);
	sen.name = "a-name-of-16-chr";
}

static void perf_index_past(struct scmi_vio_platform_config *c)
{
	own_perf(c);
	perf.levels = lv_one;
	perf.n_levels = 1;
	perf.level_index = 1;
}

static void perf_levels_same(struct scmi_vio_platform_config *c)
{
	own_perf(c);
	perf.levels = lv_same;
	perf.n_levels = 2;
	perf.level_index = 0;
}

static void power_name_long(struct scmi_vio_platform_config *c)
{
	OWN_FIRST(pd, c->power, c->n_power);
	pd.name = "a-power-domain-name-longer-than-sixty-four-characters-which-"
		  "is-the-extended-limit";
}

static void reset_name_long(struct scmi_vio_platform_config *c)
{
	OWN_FIRST(rd, c->resets, c->n_resets);
	rd.name = "a-reset-domain-name-longer-than-sixty-four-characters-which-"
		  "is-the-extended-limit";
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

/*
 * One way to break the default configuration: a function, or a field of
 * it set to @value (SET: a number, or 0 for a NULL pointer), or an array
 * one longer than the largest count (TOO_MANY), or a field of the first
 * resource of a kind, made ours by @own (CLOCK, SENSOR, PERF).
 */
struct breaker {
	void (*fn)(struct scmi_vio_platform_config *c);
	size_t field, size; /* SET: the field; TOO_MANY: the array, an entry */
	uint64_t value;
	size_t count; /* TOO_MANY: the count's field */
	void (*own)(struct scmi_vio_platform_config *c);
	void *res; /* the resource @own made ours */
};

#define CFG_FIELD(f)                                           \
	.field = offsetof(struct scmi_vio_platform_config, f), \
	.size = sizeof(((struct scmi_vio_platform_config *)0)->f)
#define CALL(f)           \
	{                 \
		.fn = (f) \
	}
#define SET(f, v)                          \
	{                                  \
		CFG_FIELD(f), .value = (v) \
	}
#define TOO_MANY(p, n)                                                      \
	{                                                                   \
		.field = offsetof(struct scmi_vio_platform_config, p),      \
		.size = sizeof(*((struct scmi_vio_platform_config *)0)->p), \
		.count = offsetof(struct scmi_vio_platform_config, n)       \
	}

#define RES_FIELD(own_, res_, type, f, v)                                  \
	{                                                                  \
		.own = (own_), .res = &(res_), .field = offsetof(type, f), \
		.size = sizeof(((type *)0)->f), .value = (uint64_t)(v)     \
	}
#define CLOCK(f, v) RES_FIELD(own_clock, clk, struct scmi_vio_plat_clock, f, v)
#define SENSOR(f, v) \
	RES_FIELD(own_sensor, sen, struct scmi_vio_plat_sensor, f, v)
#define PERF(f, v) RES_FIELD(own_perf, perf, struct scmi_vio_plat_perf, f, v)

static const struct breaker breakers[] = {
	SET(release, SCMI_VIO_SCMI_NR_RELEASES),
	SET(n_agents, 0),
	SET(n_agents, 256),
	SET(agents, 0),
	SET(agent_id, 0),
	CALL(agent_id_past),
	SET(max_payload, 65537),
	SET(max_delayed, 0),
	SET(max_notifications, 0),
	SET(max_delayed, 4097),
	SET(max_notifications, 4097),
	SET(clocks, 0),
	SET(sensors, 0),
	SET(perf, 0),
	SET(power, 0),
	SET(resets, 0),
	SET(voltage, 0),
	CALL(clock_rates_down),
	SET(sensor_max_async, 0),
	SET(sensor_max_async, 256),
	SENSOR(period, 0),
	SENSOR(n_trips, SCMI_VIO_PLAT_MAX_TRIPS + 1),
	SENSOR(scale, -17),
	SENSOR(scale, 16),
	CALL(sensor_name_long),
	PERF(n_levels, 0),
	PERF(levels, 0),
	CALL(perf_index_past),
	PERF(rate_limit_us, 1u << 20),
	CALL(perf_levels_same),
	TOO_MANY(perf, n_perf),
	TOO_MANY(sensors, n_sensors),
	TOO_MANY(power, n_power),
	CALL(power_name_long),
	TOO_MANY(resets, n_resets),
	CALL(reset_name_long),
	TOO_MANY(voltage, n_voltage),
	CALL(voltage_no_levels),
	CALL(voltage_levels_4096),
	CALL(voltage_levels_down),
	CLOCK(n_rates, 0),
	CLOCK(n_rates, 0x1000),
	CLOCK(rates, 0),
	TOO_MANY(clocks, n_clocks),
	SET(clock_max_async, 256),
	CALL(hidden_null),
	CALL(denied_null),
	CLOCK(name, 0),
	CALL(reset_name_null),
};

/* Store @v in the @size-byte number or pointer (0: NULL) at @p. */
static void set_field(uint8_t *p, size_t size, uint64_t v)
{
	switch (size) {
	case 1:
		memcpy(p, &(uint8_t){ (uint8_t)v }, 1);
		break;
	case 4:
		memcpy(p, &(uint32_t){ (uint32_t)v }, 4);
		break;
	default:
		ck_assert_uint_eq(size, sizeof(v));
		memcpy(p, &v, sizeof(v));
	}
}

/* Apply @b to @c (see struct breaker). */
static void break_config(struct scmi_vio_platform_config *c,
			 const struct breaker *b)
{
	const unsigned int n = 0x10000;
	void *mem;

	if (b->fn) {
		b->fn(c);
	} else if (b->count) {
		mem = too_many(b->size);
		memcpy((uint8_t *)c + b->field, &mem, sizeof(mem));
		memcpy((uint8_t *)c + b->count, &n, sizeof(n));
	} else if (b->own) {
		b->own(c);
		set_field((uint8_t *)b->res + b->field, b->size, b->value);
	} else {
		set_field((uint8_t *)c + b->field, b->size, b->value);
	}
}

START_TEST(test_create_refuses)
{
	struct scmi_vio_platform_config cfg;

	scmi_vio_platform_config_default(&cfg);
	break_config(&cfg, &breakers[_i]);
	plat_refuses(&cfg);
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
