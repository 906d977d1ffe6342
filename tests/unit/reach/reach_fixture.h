/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the reach tests that run fake_server share: a monotonic clock in
 * milliseconds and the wait for the server's "ready" file.
 */
#ifndef SCMI_VIO_TEST_REACH_FIXTURE_H
#define SCMI_VIO_TEST_REACH_FIXTURE_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static inline int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait (bounded: 10 s) until the fake server wrote @path; its pid. */
static inline pid_t wait_ready(const char *path)
{
	const struct timespec ms = { 0, 1000000 };
	FILE *f;
	int i, pid = 0;

	for (i = 0; i < 10000 && access(path, F_OK); i++)
		nanosleep(&ms, NULL);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "the fake server never got ready");
	ck_assert_int_eq(fscanf(f, "%d", &pid), 1);
	fclose(f);
	unlink(path);
	return pid;
}

#endif /* SCMI_VIO_TEST_REACH_FIXTURE_H */
