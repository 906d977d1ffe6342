// SPDX-License-Identifier: BSD-3-Clause
/*
 * vhost-user back-end: each refused front-end request is said through the
 * log hook ("rejected", WARN), naming the request and the errno, and a
 * front-end sending refusals in a loop cannot flood the log: a burst of
 * lines, then one a second, with the count of those held back.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <scmi_vio/log.h>

#include "check_run.h"
#include "vhu_fixture.h"

static struct {
	unsigned int n;
	char last[256];
} seen;

static void collect(void *arg, enum scmi_vio_log_level level, const char *event,
		    const char *msg)
{
	(void)arg;
	if (level != SCMI_VIO_LOG_WARN || strcmp(event, "rejected"))
		return;
	seen.n++;
	snprintf(seen.last, sizeof(seen.last), "%s", msg);
}

static void log_on(void)
{
	memset(&seen, 0, sizeof(seen));
	scmi_vio_set_log(collect, NULL, SCMI_VIO_LOG_WARN);
}

/* memory that can shrink is refused by default, and the operator is
 * told which request, why, and what accepts it. */
START_TEST(test_vhu_log_x1_unsealed_refused)
{
	struct vhu_mem mem = { .nregions = 1 };
	int fd = memfd_create("unsealed", MFD_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 65536), 0);
	mem.regions[0] = (struct vhu_region){ 0, 65536, 0, 0 };
	fx_negotiate(0, FX_OFFERED);
	log_on();
	ck_assert_int_eq(fx_msg(VHU_SET_MEM_TABLE, VHU_VERSION, &mem,
				sizeof(mem), &fd, 1),
			 -EPERM);
	scmi_vio_set_log(NULL, NULL, SCMI_VIO_LOG_WARN);
	ck_assert_uint_eq(seen.n, 1);
	ck_assert_msg(strstr(seen.last, "SET_MEM_TABLE (5) refused: "
					"Operation not permitted (memory file "
					"can still shrink") &&
			      strstr(seen.last, "--mem-unsealed"),
		      "%s", seen.last);
	close(fd);
}
END_TEST

/* A request an accepted one does not log. */
START_TEST(test_vhu_log_accepted_silent)
{
	log_on();
	fx_negotiate(0, FX_OFFERED);
	ck_assert_int_eq(fx_mem_table(), 0);
	scmi_vio_set_log(NULL, NULL, SCMI_VIO_LOG_WARN);
	ck_assert_uint_eq(seen.n, 0);
}
END_TEST

/* A front-end repeating a refused request gets a bounded number of lines;
 * what was held back is counted on the next line let through. */
START_TEST(test_vhu_log_refusals_bounded)
{
	unsigned int i, burst;

	log_on();
	/* Not the owner yet: every SET_VRING_NUM is refused. */
	for (i = 0; i < 500; i++)
		ck_assert_int_eq(fx_state(VHU_SET_VRING_NUM, 0, FX_QSZ),
				 -EPERM);
	burst = seen.n;
	ck_assert_msg(burst >= 10 && burst <= 12, "%u lines", burst);
	ck_assert_msg(strstr(seen.last, "SET_VRING_NUM (8) refused: "
					"Operation not permitted"),
		      "%s", seen.last);
	usleep(1100 * 1000);
	ck_assert_int_eq(fx_state(VHU_SET_VRING_NUM, 0, FX_QSZ), -EPERM);
	scmi_vio_set_log(NULL, NULL, SCMI_VIO_LOG_WARN);
	ck_assert_uint_eq(seen.n, burst + 1);
	ck_assert_msg(strstr(seen.last, "more refused, not logged)"), "%s",
		      seen.last);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_vhu_log_x1_unsealed_refused),
		CHECK_ONCE(test_vhu_log_accepted_silent),
		CHECK_ONCE(test_vhu_log_refusals_bounded),
		{ NULL, 0, 0 },
	};

	return fx_main("vhost_user_log", 0, tests);
}
