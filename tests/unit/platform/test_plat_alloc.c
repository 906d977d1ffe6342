// SPDX-License-Identifier: BSD-3-Clause
/*
 * L-6 on the platform side: the real allocator fails the Nth allocation
 * of a configuration parse, a configuration load, a platform create (every
 * protocol, several agents with a policy) and a device create, for every N
 * until the step needs no more.  Each failure returns -ENOMEM, hands
 * nothing out and leaves the live heap where it was; the next N goes on
 * from a clean state, so a double free would abort the program.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alloc_fail.h"
#include "check_run.h"
#include "plat_fixture.h"
#include "dev_fixture.h"

/* Every directive that allocates: names, lists, agent policies. */
static const char cfg_text[] = "vendor acme\n"
			       "sub_vendor lab\n"
			       "agent os trusted=on\n"
			       "agent tee hide=0x14,0x15 deny=0,1\n"
			       "agent vm\n"
			       "clock core rates=1000,2000,4000 index=1\n"
			       "clock bus rates=50\n"
			       "sensor t0 async=on trips=2\n"
			       "sensor t1\n"
			       "perf big levels=1:10:5,2:20:5 index=1\n"
			       "perf little levels=1:1:1\n";

/* What a step made, and what it said. */
struct step {
	struct scmi_vio_platform_config_file *f;
	char path[32];
	char err[128];
	struct scmi_vio_platform *plat;
	struct scmi_vio_platform_dev_config dc;
	struct scmi_vio_platform_dev *dev;
};

static int parse_step(void *ctx)
{
	struct step *st = ctx;

	st->f = (void *)1;
	return scmi_vio_platform_config_parse(cfg_text, strlen(cfg_text),
					      &st->f, st->err, sizeof(st->err));
}

static void parse_failed(void *ctx, unsigned long n)
{
	struct step *st = ctx;

	ck_assert_ptr_null(st->f);
	/* The error names the line, once there is one. */
	ck_assert_msg(n == 1 ? !strcmp(st->err, "out of memory") :
			       !strncmp(st->err, "line ", 5),
		      "N=%lu: '%s'", n, st->err);
}

START_TEST(test_l6_config_parse)
{
	struct step st;

	ck_assert_uint_gt(alloc_fail_each(parse_step, parse_failed, &st, false),
			  20);
	ck_assert_uint_eq(scmi_vio_platform_config_file_get(st.f)->n_agents, 3);
	scmi_vio_platform_config_file_free(st.f);
}
END_TEST

static int load_step(void *ctx)
{
	struct step *st = ctx;

	st->f = NULL;
	return scmi_vio_platform_config_load(st->path, &st->f, st->err,
					     sizeof(st->err));
}

static void load_failed(void *ctx, unsigned long n)
{
	struct step *st = ctx;

	ck_assert_ptr_null(st->f);
	/* What ran out is said, not "too large". */
	ck_assert_msg(strstr(st->err, "out of memory"), "N=%lu: '%s'", n,
		      st->err);
}

START_TEST(test_l6_config_load)
{
	struct step st = { .path = "/tmp/scmi_vio_cfg_XXXXXX" };
	int fd = mkstemp(st.path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, cfg_text, strlen(cfg_text)),
			 (ssize_t)strlen(cfg_text));
	close(fd);
	alloc_fail_each(load_step, load_failed, &st, false);
	unlink(st.path);
	ck_assert_uint_eq(scmi_vio_platform_config_file_get(st.f)->n_clocks, 2);
	scmi_vio_platform_config_file_free(st.f);
}
END_TEST

static int create_step(void *ctx)
{
	struct step *st = ctx;

	st->plat = NULL;
	return scmi_vio_platform_create(
		scmi_vio_platform_config_file_get(st->f), &st->plat);
}

static void create_failed(void *ctx, unsigned long n)
{
	struct step *st = ctx;

	ck_assert_msg(!st->plat, "N=%lu: a platform handed out", n);
}

START_TEST(test_l6_platform_create)
{
	uint8_t rq[4] = { 0x00, 0x40, 0x00, 0x00 }, rs[16];
	struct step st;

	ck_assert_int_eq(scmi_vio_platform_config_parse(
				 cfg_text, strlen(cfg_text), &st.f, NULL, 0),
			 0);
	ck_assert_uint_gt(
		alloc_fail_each(create_step, create_failed, &st, false), 15);
	/* The platform that finally came up answers PROTOCOL_VERSION. */
	ck_assert_int_eq(
		scmi_vio_platform_handle(st.plat, rq, 4, rs, sizeof(rs)), 12);
	scmi_vio_platform_destroy(st.plat);
	scmi_vio_platform_config_file_free(st.f);
}
END_TEST

static int dev_step(void *ctx)
{
	struct step *st = ctx;

	st->dev = NULL;
	return scmi_vio_platform_dev_create(&st->dc, &st->dev);
}

static void dev_failed(void *ctx, unsigned long n)
{
	struct step *st = ctx;

	ck_assert_msg(!st->dev, "N=%lu: a device handed out", n);
}

START_TEST(test_l6_dev_create)
{
	struct scmi_vio_platform_config pc;
	struct step st;
	struct tdev t;
	uint32_t len;

	td_guest(&t, TD_FEATURES, false);
	scmi_vio_platform_config_default(&pc);
	ck_assert_int_eq(scmi_vio_platform_create(&pc, &t.plat), 0);
	memset(&st.dc, 0, sizeof(st.dc));
	td_dev_config(&t, TD_FEATURES, &st.dc);
	ck_assert_uint_gt(alloc_fail_each(dev_step, dev_failed, &st, false), 4);
	t.dev = st.dev;
	/* The device that finally came up serves a command. */
	td_post_words(&t, 0, 0x10 << 10, 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	ck_assert_uint_eq(td_reap(&t, &len), 0);
	ck_assert_uint_eq(len, 12);
	td_teardown(&t);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_CASE(test_l6_config_parse),
	TEST_CASE(test_l6_config_load),
	TEST_CASE(test_l6_platform_create),
	TEST_CASE(test_l6_dev_create),
};

int main(void)
{
	return plat_check_run("plat_alloc", "alloc", 0, tests,
			      ARRAY_SIZE(tests));
}
