// SPDX-License-Identifier: BSD-3-Clause
/*
 * The log hook (log.h): each trace point reaches the callback with its
 * event name and level, the level filters, NULL turns it off, a callback
 * being replaced has finished when scmi_vio_set_log() returns, and the
 * library writes nothing to stdout or stderr while faults, rejected
 * replies and timeouts happen.
 */
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scmi_vio/log.h>

#include "check_run.h"
#include "vs_fixture.h"

#define MAX_EVENTS 256

/* Protects seen: the callback may run on several threads at once. */
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
/* What the callback saw. */
static struct {
	unsigned int n;
	struct {
		enum scmi_vio_log_level level;
		char event[16];
		char msg[256];
	} ev[MAX_EVENTS];
} seen;

static void collect(void *arg, enum scmi_vio_log_level level, const char *event,
		    const char *msg)
{
	unsigned int i;

	ck_assert_ptr_eq(arg, &seen);
	ck_assert_uint_lt(strlen(msg), 256);
	pthread_mutex_lock(&seen_lock);
	i = seen.n;
	if (i < MAX_EVENTS) {
		seen.ev[i].level = level;
		snprintf(seen.ev[i].event, sizeof(seen.ev[i].event), "%s",
			 event);
		snprintf(seen.ev[i].msg, sizeof(seen.ev[i].msg), "%s", msg);
		seen.n = i + 1;
	}
	pthread_mutex_unlock(&seen_lock);
}

/* How many events named @event at @level were seen. */
static unsigned int count(const char *event, enum scmi_vio_log_level level)
{
	unsigned int i, n = 0;

	pthread_mutex_lock(&seen_lock);
	for (i = 0; i < seen.n; i++)
		n += !strcmp(seen.ev[i].event, event) &&
		     seen.ev[i].level == level;
	pthread_mutex_unlock(&seen_lock);
	return n;
}

static struct vsf *up_fault(enum scmi_vio_fault_kind kind, uint64_t seq)
{
	const struct scmi_vio_fault_rule rule = {
		.match = SCMI_VIO_FAULT_MATCH_SEQ,
		.seq = seq,
		.kind = kind,
		.times = 1,
	};

	return vsf_up_rules(&rule, 1, NULL, NULL, 200);
}

START_TEST(test_log_events)
{
	struct vsf *f;

	memset(&seen, 0, sizeof(seen));
	scmi_vio_set_log(collect, &seen, SCMI_VIO_LOG_DEBUG);
	/* A reply with another protocol id fails its command (S-3). */
	f = up_fault(SCMI_VIO_FAULT_WRONG_PROTO, 0);
	ck_assert_uint_eq(count("probe", SCMI_VIO_LOG_INFO), 1);
	ck_assert_int_eq(vsf_version(f), -EPROTO);
	ck_assert_uint_eq(count("fault", SCMI_VIO_LOG_DEBUG), 1);
	ck_assert_uint_eq(count("rejected", SCMI_VIO_LOG_WARN), 1);
	ck_assert_int_eq(vsf_version(f), 0);
	scmi_vio_agent_report_broken(f->a);
	ck_assert_uint_eq(count("broken", SCMI_VIO_LOG_ERROR), 1);
	vsf_down(f);
	ck_assert_uint_eq(count("remove", SCMI_VIO_LOG_INFO), 1);
	/* A reply that never comes times out. */
	f = up_fault(SCMI_VIO_FAULT_DROP_REPLY, 0);
	ck_assert_int_eq(vsf_version(f), -ETIMEDOUT);
	ck_assert_uint_eq(count("timeout", SCMI_VIO_LOG_WARN), 1);
	ck_assert_uint_eq(count("fault", SCMI_VIO_LOG_DEBUG), 2);
	vsf_down(f);
	scmi_vio_set_log(NULL, NULL, SCMI_VIO_LOG_DEBUG);
}
END_TEST

START_TEST(test_log_level_and_off)
{
	struct vsf *f;

	memset(&seen, 0, sizeof(seen));
	/* WARN: the fault (DEBUG), probe and remove (INFO) stay out. */
	scmi_vio_set_log(collect, &seen, SCMI_VIO_LOG_WARN);
	f = up_fault(SCMI_VIO_FAULT_WRONG_PROTO, 0);
	ck_assert_int_eq(vsf_version(f), -EPROTO);
	vsf_down(f);
	ck_assert_uint_eq(count("rejected", SCMI_VIO_LOG_WARN), 1);
	ck_assert_uint_eq(seen.n, 1);
	/* Off: nothing at all. */
	scmi_vio_set_log(NULL, NULL, SCMI_VIO_LOG_DEBUG);
	f = up_fault(SCMI_VIO_FAULT_WRONG_PROTO, 0);
	ck_assert_int_eq(vsf_version(f), -EPROTO);
	vsf_down(f);
	ck_assert_uint_eq(seen.n, 1);
}
END_TEST

/* Events flow on other threads while the callback is swapped. */
static int swaps_stop; /* ATOMIC */

static void *swapper(void *arg)
{
	(void)arg;
	while (!sv_read_once(&swaps_stop)) {
		scmi_vio_set_log(collect, &seen, SCMI_VIO_LOG_DEBUG);
		scmi_vio_set_log(NULL, NULL, SCMI_VIO_LOG_DEBUG);
	}
	return NULL;
}

START_TEST(test_log_swap_concurrent)
{
	struct scmi_vio_fault_plan plan = { 0 };
	struct scmi_vio_loopback_config lc = { 0 };
	pthread_t th;
	struct vsf *f;
	unsigned int i;

	memset(&seen, 0, sizeof(seen));
	plan.seed = 7;
	plan.rate_ppm = 500000;
	plan.kinds = 1u << SCMI_VIO_FAULT_WRONG_PROTO;
	lc.faults = &plan;
	f = vsf_up(&lc, NULL, 2000);
	ck_assert_int_eq(pthread_create(&th, NULL, swapper, NULL), 0);
	for (i = 0; i < 200; i++) {
		int r = vsf_version(f);

		ck_assert(r == 0 || r == -EPROTO);
	}
	sv_write_once(&swaps_stop, 1);
	pthread_join(th, NULL);
	vsf_down(f);
	pthread_mutex_lock(&seen_lock);
	ck_assert_uint_le(seen.n, MAX_EVENTS);
	pthread_mutex_unlock(&seen_lock);
}
END_TEST

/* The library prints nothing, whatever happens (log.h). */
START_TEST(test_library_never_prints)
{
	char path[] = "/tmp/scmi_vio_log_XXXXXX";
	int fd = mkstemp(path), out = dup(1), err = dup(2);
	struct stat st;
	struct vsf *f;

	ck_assert_int_ge(fd, 0);
	unlink(path);
	fflush(stdout);
	fflush(stderr);
	dup2(fd, 1);
	dup2(fd, 2);
	f = up_fault(SCMI_VIO_FAULT_WRONG_PROTO, 0);
	(void)vsf_version(f);
	scmi_vio_agent_report_broken(f->a);
	vsf_down(f);
	f = up_fault(SCMI_VIO_FAULT_DROP_REPLY, 0);
	(void)vsf_version(f);
	vsf_down(f);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(st.st_size, 0);
	close(fd);
	close(out);
	close(err);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_log_events, test_log_level_and_off,
				       test_log_swap_concurrent,
				       test_library_never_prints, NULL };

	return check_run(check_suite("vs_log", "log", 30, tests));
}
