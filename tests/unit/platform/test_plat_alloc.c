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

START_TEST(test_l6_config_parse)
{
	struct scmi_vio_platform_config_file *f;
	unsigned long n;
	char err[128];
	long before, after;
	int r;

	for (n = 1;; n++) {
		before = alloc_live();
		f = (void *)1;
		alloc_fail_at(n);
		r = scmi_vio_platform_config_parse(cfg_text, strlen(cfg_text),
						   &f, err, sizeof(err));
		alloc_fail_at(0);
		after = alloc_live();
		if (!r)
			break;
		ck_assert_msg(r == -ENOMEM, "N=%lu: %d", n, r);
		ck_assert_ptr_null(f);
		/* The error names the line, once there is one. */
		ck_assert_msg(n == 1 ? !strcmp(err, "out of memory") :
				       !strncmp(err, "line ", 5),
			      "N=%lu: '%s'", n, err);
		ck_assert_msg(after == before, "N=%lu: %ld -> %ld", n, before,
			      after);
		ck_assert_uint_lt(n, 1000);
	}
	ck_assert_uint_gt(n, 20);
	ck_assert_uint_eq(scmi_vio_platform_config_file_get(f)->n_agents, 3);
	scmi_vio_platform_config_file_free(f);
}
END_TEST

START_TEST(test_l6_config_load)
{
	struct scmi_vio_platform_config_file *f;
	char path[] = "/tmp/scmi_vio_cfg_XXXXXX", err[128];
	int fd = mkstemp(path);
	unsigned long n;
	long before, after;
	int r;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, cfg_text, strlen(cfg_text)),
			 (ssize_t)strlen(cfg_text));
	close(fd);
	for (n = 1;; n++) {
		before = alloc_live();
		f = NULL;
		alloc_fail_at(n);
		r = scmi_vio_platform_config_load(path, &f, err, sizeof(err));
		alloc_fail_at(0);
		after = alloc_live();
		if (!r)
			break;
		ck_assert_msg(r == -ENOMEM, "N=%lu: %d", n, r);
		ck_assert_ptr_null(f);
		/* What ran out is said, not "too large". */
		ck_assert_msg(strstr(err, "out of memory"), "N=%lu: '%s'", n,
			      err);
		ck_assert_msg(after == before, "N=%lu: %ld -> %ld", n, before,
			      after);
		ck_assert_uint_lt(n, 1000);
	}
	unlink(path);
	ck_assert_uint_eq(scmi_vio_platform_config_file_get(f)->n_clocks, 2);
	scmi_vio_platform_config_file_free(f);
}
END_TEST

START_TEST(test_l6_platform_create)
{
	struct scmi_vio_platform_config_file *f = NULL;
	struct scmi_vio_platform *plat;
	unsigned long n;
	long before, after;
	int r;

	ck_assert_int_eq(scmi_vio_platform_config_parse(
				 cfg_text, strlen(cfg_text), &f, NULL, 0),
			 0);
	for (n = 1;; n++) {
		before = alloc_live();
		plat = NULL;
		alloc_fail_at(n);
		r = scmi_vio_platform_create(
			scmi_vio_platform_config_file_get(f), &plat);
		alloc_fail_at(0);
		after = alloc_live();
		if (!r)
			break;
		ck_assert_msg(r == -ENOMEM, "N=%lu: %d", n, r);
		ck_assert_ptr_null(plat);
		ck_assert_msg(after == before, "N=%lu: %ld -> %ld", n, before,
			      after);
		ck_assert_uint_lt(n, 1000);
	}
	ck_assert_uint_gt(n, 15);
	/* The platform that finally came up answers. */
	{
		uint8_t rq[4] = { 0x00, 0x40, 0x00, 0x00 }, rs[16];

		ck_assert_int_eq(scmi_vio_platform_handle(plat, rq, 4, rs,
							  sizeof(rs)),
				 12);
	}
	scmi_vio_platform_destroy(plat);
	scmi_vio_platform_config_file_free(f);
}
END_TEST

START_TEST(test_l6_dev_create)
{
	struct scmi_vio_platform_dev_config dc;
	struct scmi_vio_platform_config pc;
	struct tdev t;
	unsigned long n;
	long before, after;
	int r;

	td_guest(&t, TD_FEATURES, false);
	scmi_vio_platform_config_default(&pc);
	ck_assert_int_eq(scmi_vio_platform_create(&pc, &t.plat), 0);
	memset(&dc, 0, sizeof(dc));
	dc.plat = t.plat;
	dc.gmem = t.gm;
	dc.features = TD_FEATURES;
	dc.cmdq = td_queue(&t, &t.cmd_ring);
	dc.eventq = td_queue(&t, &t.ev_ring);
	for (n = 1;; n++) {
		before = alloc_live();
		t.dev = NULL;
		alloc_fail_at(n);
		r = scmi_vio_platform_dev_create(&dc, &t.dev);
		alloc_fail_at(0);
		after = alloc_live();
		if (!r)
			break;
		ck_assert_msg(r == -ENOMEM, "N=%lu: %d", n, r);
		ck_assert_ptr_null(t.dev);
		ck_assert_msg(after == before, "N=%lu: %ld -> %ld", n, before,
			      after);
		ck_assert_uint_lt(n, 1000);
	}
	ck_assert_uint_gt(n, 4);
	/* The device that finally came up serves a command. */
	{
		uint32_t len;

		td_post_words(&t, 0, 0x10 << 10, 0, NULL);
		ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
		ck_assert_uint_eq(td_reap(&t, &len), 0);
		ck_assert_uint_eq(len, 12);
	}
	td_teardown(&t);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("plat_alloc");
	TCase *tc = tcase_create("alloc");

	tcase_add_test(tc, test_l6_config_parse);
	tcase_add_test(tc, test_l6_config_load);
	tcase_add_test(tc, test_l6_platform_create);
	tcase_add_test(tc, test_l6_dev_create);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
