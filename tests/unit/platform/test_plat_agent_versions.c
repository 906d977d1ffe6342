// SPDX-License-Identifier: BSD-3-Clause
/*
 * Both sides of the version profiles, end to end over the in-process
 * virtio device: a loopback built from a platform configuration (the text
 * format, issue #11 item 5), and the agent's clients learning each
 * protocol's version and adapting (clock_enable_latency only from Clock
 * 2.0, CONFIG_SET's third word from 3.0, 20-byte level entries from Perf
 * 4.0), with NEGOTIATE_PROTOCOL_VERSION from the agent.
 */
#include <errno.h>
#include <stdlib.h>

#include <scmi_vio/platform.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_perf.h>
#include <scmi_vio/scmi_sensor.h>
#include <scmi_vio/loopback.h>
#include <scmi_vio/virtio_scmi.h>

#include "check_run.h"
#include "plat_fixture.h"

struct up {
	struct scmi_vio_platform_config_file *cf;
	struct scmi_vio_loopback *lb;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
};

/* A loopback serving the platform @text describes (NULL: the default). */
static void up(struct up *u, const char *text)
{
	struct scmi_vio_loopback_config lc = { .inline_device = true };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_agent_config ac = { 0 };
	char err[128];

	memset(u, 0, sizeof(*u));
	if (text) {
		ck_assert_msg(scmi_vio_platform_config_parse(text, strlen(text),
							     &u->cf, err,
							     sizeof(err)) == 0,
			      "%s", err);
		lc.platform = scmi_vio_platform_config_file_get(u->cf);
	}
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &u->lb), 0);
	/* The loopback copied the configuration. */
	scmi_vio_platform_config_file_free(u->cf);
	vc.irq_mode = SCMI_VIO_IRQ_INLINE;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(
				 scmi_vio_loopback_vdev(u->lb), &vc, &u->vs),
			 0);
	ac.reply_timeout_ms = 5000;
	ac.dresp_timeout_ms = 5000;
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(u->vs, &ac, &u->a),
			 0);
}

static void down(struct up *u)
{
	scmi_vio_agent_destroy(u->a);
	scmi_vio_virtio_scmi_remove(u->vs);
	scmi_vio_loopback_destroy(u->lb);
}

static void check_version(struct up *u, uint8_t proto, uint16_t major,
			  uint16_t minor)
{
	uint16_t ma, mi;

	ck_assert_int_eq(scmi_vio_protocol_version(u->a, proto, &ma, &mi), 0);
	ck_assert_uint_eq(ma, major);
	ck_assert_uint_eq(mi, minor);
}

/* SCMI 3.2 (the default): the clients read the newer fields. */
START_TEST(test_agent_on_32)
{
	struct scmi_vio_clock_attrs at;
	struct scmi_vio_perf_level lv[16];
	int64_t value;
	size_t n;
	struct up u;

	up(&u, NULL);
	check_version(&u, SCMI_VIO_PROTO_CLOCK, 3, 0);
	ck_assert_int_eq(scmi_vio_clock_attributes(u.a, 3, &at), 0);
	ck_assert_str_eq(at.name, "ddr");
	ck_assert_uint_eq(at.enable_latency_us, 100);
	ck_assert(at.rate_changed_notify);
	/* Clock 3.0 CONFIG_SET: the platform refuses the 2-word form, so
	 * success here means the client sent three words. */
	ck_assert_int_eq(scmi_vio_clock_config_set(u.a, 1, true), 0);
	ck_assert_int_eq(scmi_vio_clock_attributes(u.a, 1, &at), 0);
	ck_assert(at.enabled);
	ck_assert_int_eq(scmi_vio_perf_describe_levels(u.a, 0, lv, 16, &n), 0);
	ck_assert_uint_eq(n, 16);
	ck_assert_uint_eq(lv[15].level, 1600);
	ck_assert_uint_eq(lv[15].power, 400);
	ck_assert_uint_eq(lv[15].latency_us, 110);
	ck_assert_uint_eq(lv[15].indicative_freq_khz, 1600000);
	ck_assert_int_eq(scmi_vio_sensor_reading_get(u.a, 2, &value), 0);
	ck_assert_int_eq(value, 800);
	down(&u);
}
END_TEST

/* SCMI 2.0 from a configuration file: the clients read the older forms. */
START_TEST(test_agent_on_20_from_config)
{
	struct scmi_vio_clock_attrs at;
	struct scmi_vio_perf_level lv[16];
	uint64_t rates[4];
	bool triplet;
	int64_t value;
	size_t n;
	struct up u;

	up(&u, "release 2.0\n"
	       "clock core rates=100,200,300 latency=9\n");
	check_version(&u, SCMI_VIO_PROTO_CLOCK, 1, 0);
	check_version(&u, SCMI_VIO_PROTO_PERF, 2, 0);
	ck_assert_int_eq(scmi_vio_clock_attributes(u.a, 0, &at), 0);
	ck_assert_str_eq(at.name, "core");
	ck_assert_uint_eq(at.enable_latency_us, 0); /* no such field */
	ck_assert(!at.rate_changed_notify);
	ck_assert_int_eq(scmi_vio_clock_config_set(u.a, 0, false), 0);
	ck_assert_int_eq(scmi_vio_clock_attributes(u.a, 0, &at), 0);
	ck_assert(!at.enabled);
	ck_assert_int_eq(scmi_vio_clock_describe_rates(u.a, 0, rates, 4, &n,
						       &triplet),
			 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(rates[2], 300);
	ck_assert_int_eq(scmi_vio_perf_describe_levels(u.a, 0, lv, 16, &n), 0);
	ck_assert_uint_eq(n, 16);
	ck_assert_uint_eq(lv[15].level, 1600);
	ck_assert_uint_eq(lv[15].indicative_freq_khz, 0);
	ck_assert_int_eq(scmi_vio_sensor_reading_get(u.a, 2, &value), 0);
	ck_assert_int_eq(value, 800);
	/* No NEGOTIATE_PROTOCOL_VERSION in SCMI 2.0. */
	ck_assert_int_eq(scmi_vio_protocol_negotiate(u.a, SCMI_VIO_PROTO_CLOCK,
						     0x10000),
			 -ENOENT);
	down(&u);
}
END_TEST

/* The agent negotiates an older version; its clients follow. */
START_TEST(test_agent_negotiates)
{
	struct scmi_vio_clock_attrs at;
	struct scmi_vio_perf_level lv[4];
	size_t n;
	struct up u;

	up(&u, NULL);
	ck_assert_int_eq(scmi_vio_protocol_negotiate(u.a, SCMI_VIO_PROTO_CLOCK,
						     0x20000),
			 -EOPNOTSUPP);
	ck_assert_int_eq(scmi_vio_protocol_negotiate(u.a, SCMI_VIO_PROTO_CLOCK,
						     0x10000),
			 0);
	ck_assert_int_eq(scmi_vio_clock_attributes(u.a, 0, &at), 0);
	ck_assert_uint_eq(at.enable_latency_us, 0);
	ck_assert(!at.rate_changed_notify);
	/* Two words again; the 1.0 platform refuses three. */
	ck_assert_int_eq(scmi_vio_clock_config_set(u.a, 0, true), 0);
	ck_assert_int_eq(scmi_vio_protocol_negotiate(u.a, SCMI_VIO_PROTO_PERF,
						     0x20000),
			 0);
	ck_assert_int_eq(scmi_vio_perf_describe_levels(u.a, 2, lv, 4, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(lv[2].level, 750);
	ck_assert_uint_eq(lv[2].power, 270);
	ck_assert_uint_eq(lv[2].indicative_freq_khz, 0);
	down(&u);
}
END_TEST

/* A loopback refuses a platform configuration the platform refuses. */
START_TEST(test_loopback_bad_platform)
{
	struct scmi_vio_loopback_config lc = { .inline_device = true };
	struct scmi_vio_platform_config pc;
	struct scmi_vio_loopback *lb = (void *)1;

	scmi_vio_platform_config_default(&pc);
	pc.release = SCMI_VIO_SCMI_NR_RELEASES;
	lc.platform = &pc;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), -EINVAL);
	ck_assert_ptr_null(lb);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_CASE(test_agent_on_32),
	TEST_CASE(test_agent_on_20_from_config),
	TEST_CASE(test_agent_negotiates),
	TEST_CASE(test_loopback_bad_platform),
};

int main(void)
{
	return plat_check_run("platform_agent_versions", "agent_versions", 0,
			      tests, ARRAY_SIZE(tests));
}
