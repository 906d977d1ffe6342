// SPDX-License-Identifier: BSD-3-Clause
/*
 * Configuration files: every directive's error forms, each refused with
 * -EINVAL (-ENOMEM past a list cap) and a message naming the line; the
 * accepted spellings of numbers and switches; the message buffer's edge
 * cases (none, too short); and the load errors (a directory, a file over
 * 16 MiB).  The text is what a user writes, so nothing here calls the
 * parser's internals.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "plat_fixture.h"

static const struct bad_line {
	const char *text;
	const char *msg; /* after "line 1: " */
} bad[] = {
	/* Numbers: signs, empty, trailing junk, overflow, past the type. */
	{ "impl_version", "impl_version takes one number" },
	{ "impl_version 1 2", "impl_version takes one number" },
	{ "impl_version +1", "impl_version takes one number" },
	{ "impl_version 1x", "impl_version takes one number" },
	{ "impl_version 0x", "impl_version takes one number" },
	{ "impl_version 99999999999999999999",
	  "impl_version takes one number" },
	{ "impl_version 0x100000000", "impl_version takes one number" },
	{ "clock_max_async 4294967296", "clock_max_async takes one number" },
	{ "sensor_max_async -1", "sensor_max_async takes one number" },
	{ "max_delayed", "max_delayed takes one number" },
	{ "max_notifications x", "max_notifications takes one number" },
	{ "max_payload 0x10000000000000000", "max_payload takes one number" },
	/* Words. */
	{ "release", "release takes 2.0 or 3.2" },
	{ "release 2.0 3.2", "release takes 2.0 or 3.2" },
	{ "sub_vendor", "sub_vendor takes one name" },
	{ "p2a", "p2a takes on or off" },
	{ "p2a on off", "p2a takes on or off" },
	{ "sensors", "sensors takes 'none'" },
	{ "perf_domains all", "perf_domains takes 'none'" },
	{ "clocks none extra", "clocks takes 'none'" },
	{ "system_power", "system_power takes on or off" },
	{ "system_power maybe", "system_power takes on or off" },
	{ "power_domains", "power_domains takes 'none'" },
	{ "reset_domains some", "reset_domains takes 'none'" },
	{ "voltage_domains none none", "voltage_domains takes 'none'" },
	/* agent */
	{ "agent", "agent needs a name" },
	{ "agent os trusted=maybe", "trusted takes on or off" },
	{ "agent os hide=", "no list value given" },
	{ "agent os hide=0x14,x", "bad list value 'x'" },
	{ "agent os hide=256", "agent list value too large" },
	{ "agent os deny=4294967296", "agent list value too large" },
	{ "agent os deny=-1", "bad list value '-1'" },
	{ "agent os colour=red", "unknown agent option 'colour=red'" },
	/* clock */
	{ "clock c rates=", "no rate given" },
	{ "clock c rates=,,", "no rate given" },
	{ "clock c rates=1 index=x", "bad index" },
	{ "clock c rates=1 enabled=yes", "bad enabled" },
	{ "clock c rates=1 latency=4294967296", "bad latency" },
	{ "clock c rates", "unknown clock key 'rates'" },
	/* sensor */
	{ "sensor", "sensor needs a name" },
	{ "sensor s type=256", "bad type" },
	{ "sensor s scale=", "bad scale" },
	{ "sensor s scale=16", "bad scale" },
	{ "sensor s scale=1.5", "bad scale" },
	{ "sensor s async=2", "bad async" },
	{ "sensor s trips=-1", "bad trips" },
	{ "sensor s base=9223372036854775808", "bad base" },
	{ "sensor s step=x", "bad step" },
	{ "sensor s period=4294967296", "bad period" },
	{ "sensor s unit=C", "unknown sensor key 'unit=C'" },
	/* perf */
	{ "perf", "perf needs a name" },
	{ "perf p", "domain 'p' without levels=" },
	{ "perf p levels=", "no levels" },
	{ "perf p levels=1:2:3x", "bad level '1:2:3x' (level:power:latency)" },
	{ "perf p levels=4294967296:1:1",
	  "bad level '4294967296:1:1' (level:power:latency)" },
	{ "perf p levels=1:4294967296:1",
	  "bad level '1:4294967296:1' (level:power:latency)" },
	{ "perf p levels=1:1:1 index=-1", "bad index" },
	{ "perf p levels=1:1:1 rate_limit=x", "bad rate_limit" },
	{ "perf p levels=1:1:1 sustained_khz=4294967296", "bad sustained_khz" },
	{ "perf p levels=1:1:1 sustained_level=", "bad sustained_level" },
	{ "perf p levels=1:1:1 set_level=no", "bad set_level" },
	{ "perf p levels=1:1:1 set_limits=yes", "bad set_limits" },
	{ "perf p levels=1:1:1 turbo=on", "unknown perf key 'turbo=on'" },
};

/* Each bad line, alone and after a good one: the line number follows. */
START_TEST(test_every_directive_error_names_the_line)
{
	const struct bad_line *b = &bad[_i];
	struct scmi_vio_platform_config_file *f = (void *)1;
	char text[256], err[160], want[160];
	int r;

	snprintf(text, sizeof(text), "vendor ok\n\n%s\n", b->text);
	r = scmi_vio_platform_config_parse(text, strlen(text), &f, err,
					   sizeof(err));
	ck_assert_msg(r == -EINVAL, "'%s': %d", b->text, r);
	ck_assert_ptr_null(f);
	snprintf(want, sizeof(want), "line 3: %s", b->msg);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(test_accepted_spellings)
{
	static const char text[] =
		"p2a true\n"
		"p2a false\n"
		"p2a 1\n"
		"p2a 0\n"
		"system_power on\n"
		"max_payload 0200\n" /* octal */
		"max_delayed 7\n"
		"max_notifications 9\n"
		"sensor_max_async 2\n"
		"agent os trusted=off deny=4294967295 hide=255\n"
		"sensor s type=255 scale=15 async=off trips=4 "
		"base=-9223372036854775808 step=0x10 period=4294967295\n"
		"perf p levels=4294967295:4294967295:65535 index=0 rate_limit=5 "
		"sustained_khz=1000 sustained_level=1 set_level=off "
		"set_limits=on\n"
		"clocks none\n"
		"sensors none\n"
		"perf_domains none\n"
		"release 3.2\n";
	struct scmi_vio_platform_config_file *f = NULL;
	const struct scmi_vio_platform_config *cfg;
	char err[128];

	ck_assert_int_eq(scmi_vio_platform_config_parse(text, strlen(text), &f,
							err, sizeof(err)),
			 0);
	cfg = scmi_vio_platform_config_file_get(f);
	ck_assert(!cfg->p2a);
	ck_assert(cfg->sys_power);
	ck_assert_uint_eq(cfg->max_payload, 128);
	ck_assert_uint_eq(cfg->max_delayed, 7);
	ck_assert_uint_eq(cfg->max_notifications, 9);
	ck_assert_uint_eq(cfg->sensor_max_async, 2);
	ck_assert_uint_eq(cfg->n_agents, 1);
	ck_assert_ptr_nonnull(cfg->agent_policy);
	ck_assert(!cfg->agent_policy[0].trusted);
	ck_assert_uint_eq(cfg->agent_policy[0].n_denied_devices, 1);
	ck_assert_uint_eq(cfg->agent_policy[0].denied_devices[0], 0xffffffffu);
	ck_assert_uint_eq(cfg->agent_policy[0].hidden_protocols[0], 0xff);
	/* "none" after a list: left out, whatever came before. */
	ck_assert_uint_eq(cfg->n_clocks, 0);
	ck_assert_uint_eq(cfg->n_sensors, 1);
	ck_assert_int_eq(cfg->sensors[0].base, INT64_MIN);
	ck_assert_int_eq(cfg->sensors[0].step, 16);
	ck_assert_uint_eq(cfg->sensors[0].period, 0xffffffffu);
	ck_assert_uint_eq(cfg->n_perf, 1);
	ck_assert_uint_eq(cfg->perf[0].levels[0].latency_us, 65535);
	ck_assert(!cfg->perf[0].set_level);
	ck_assert(cfg->perf[0].set_limits);
	scmi_vio_platform_config_file_free(f);
}
END_TEST

/* Lines and lists past their caps. */
START_TEST(test_limits)
{
	struct scmi_vio_platform_config_file *f = (void *)1;
	size_t cap = 4100 * 32, len = 0;
	char *text = malloc(cap), err[128];
	unsigned int i;

	ck_assert_ptr_nonnull(text);
	/* 65 words on one line. */
	for (i = 0; i < 65; i++)
		len += (size_t)sprintf(text + len, "w ");
	text[len++] = '\n';
	ck_assert_int_eq(scmi_vio_platform_config_parse(text, len, &f, err,
							sizeof(err)),
			 -EINVAL);
	ck_assert_str_eq(err, "line 1: too many words");
	/* A line of 4096 bytes. */
	memset(text, ' ', 4096);
	ck_assert_int_eq(scmi_vio_platform_config_parse(text, 4096, &f, err,
							sizeof(err)),
			 -EINVAL);
	ck_assert_str_eq(err, "line 1: line too long");
	/* One list entry more than 4096, for each kind of list. */
	{
		static const char *const line[] = { "agent a",
						    "clock c rates=1",
						    "sensor s",
						    "perf p levels=1:1:1" };
		static const char *const what[] = { "agents", "clocks",
						    "sensors", "domains" };
		unsigned int k;
		char want[64];

		for (k = 0; k < 4; k++) {
			len = 0;
			for (i = 0; i < 4097; i++)
				len += (size_t)sprintf(text + len, "%s\n",
						       line[k]);
			f = (void *)1;
			ck_assert_int_eq(scmi_vio_platform_config_parse(
						 text, len, &f, err,
						 sizeof(err)),
					 -ENOMEM);
			ck_assert_ptr_null(f);
			snprintf(want, sizeof(want),
				 "line 4097: too many %s (at most 4096)",
				 what[k]);
			ck_assert_str_eq(err, want);
		}
	}
	free(text);
}
END_TEST

/* No message buffer, or one too short even for the line number. */
START_TEST(test_message_buffer)
{
	static const char text[] = "release 9\n";
	struct scmi_vio_platform_config_file *f = NULL;
	char err[12];

	ck_assert_int_eq(scmi_vio_platform_config_parse(text, strlen(text), &f,
							NULL, 0),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_platform_config_parse(text, strlen(text), &f,
							err, 0),
			 -EINVAL);
	memset(err, 'x', sizeof(err));
	ck_assert_int_eq(scmi_vio_platform_config_parse(text, strlen(text), &f,
							err, 4),
			 -EINVAL);
	ck_assert_str_eq(err, "lin");
	ck_assert_int_eq(scmi_vio_platform_config_parse(text, strlen(text), &f,
							err, sizeof(err)),
			 -EINVAL);
	ck_assert_str_eq(err, "line 1: rel");
	ck_assert_int_eq(scmi_vio_platform_config_load(NULL, &f, err,
						       sizeof(err)),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_platform_config_load("/nonexistent", &f, NULL,
						       0),
			 -ENOENT);
}
END_TEST

START_TEST(test_load_errors)
{
	struct scmi_vio_platform_config_file *f = NULL;
	char path[] = "/tmp/scmi_vio_big_XXXXXX", err[128], want[160];
	int fd;

	/* A directory opens but does not read. */
	ck_assert_int_eq(
		scmi_vio_platform_config_load("/", &f, err, sizeof(err)), -EIO);
	ck_assert_str_eq(err, "/: read error");
	ck_assert_ptr_null(f);
	/* Over 16 MiB (sparse: no disk). */
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (16 << 20) + 1), 0);
	close(fd);
	ck_assert_int_eq(scmi_vio_platform_config_load(path, &f, err,
						       sizeof(err)),
			 -EFBIG);
	unlink(path);
	snprintf(want, sizeof(want), "%s: too large", path);
	ck_assert_str_eq(err, want);
	ck_assert_ptr_null(f);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_LOOP(test_every_directive_error_names_the_line, ARRAY_SIZE(bad)),
	TEST_CASE(test_accepted_spellings),
	TEST_CASE(test_limits),
	TEST_CASE(test_message_buffer),
	TEST_CASE(test_load_errors),
};

int main(void)
{
	return plat_check_run("plat_config_file", "config_file", 0, tests,
			      ARRAY_SIZE(tests));
}
