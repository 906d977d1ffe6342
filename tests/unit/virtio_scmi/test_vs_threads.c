// SPDX-License-Identifier: BSD-3-Clause
/*
 * Every thread the library starts is named "scmi-vio-<role>" (at most 15
 * characters): the platform device's thread, the transport's interrupt
 * thread and worker, the agent's notification dispatchers and the
 * loopback's spinning device.  Read back from /proc/self/task/<tid>/comm,
 * where ps, top and gdb read them (each thread names itself as it starts).
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/scmi_notify.h>

#include "check_run.h"
#include "vs_fixture.h"

#define MAX_NAMES 64

/* Threads that existed before the library started any (a sanitizer's). */
static long before[MAX_NAMES];
static unsigned int n_before;

static bool was_there(long tid)
{
	unsigned int i;

	for (i = 0; i < n_before; i++)
		if (before[i] == tid)
			return true;
	return false;
}

static void *nothing(void *arg)
{
	return arg;
}

/*
 * Note the threads that exist now: thread_names() leaves them out.  A
 * first thread created and joined before lets a sanitizer's runtime start
 * the helper thread it starts with the first pthread_create().
 */
static void note_threads(void)
{
	struct dirent *e;
	pthread_t t;
	DIR *d;

	ck_assert_int_eq(pthread_create(&t, NULL, nothing, NULL), 0);
	pthread_join(t, NULL);
	d = opendir("/proc/self/task");
	ck_assert_ptr_nonnull(d);
	n_before = 0;
	while ((e = readdir(d)) && n_before < MAX_NAMES)
		if (e->d_name[0] != '.')
			before[n_before++] = atol(e->d_name);
	closedir(d);
}

/*
 * The names of the threads started since note_threads() (told apart by
 * their ids: an unnamed thread carries its creator's name); their count.
 */
static unsigned int thread_names(char names[][16], unsigned int max)
{
	unsigned int n = 0;
	struct dirent *e;
	DIR *d = opendir("/proc/self/task");
	char path[300];
	FILE *f;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) && n < max) {
		char buf[32] = "";

		if (e->d_name[0] == '.' || was_there(atol(e->d_name)))
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm",
			 e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue; /* a thread that just ended */
		if (fgets(buf, sizeof(buf), f)) {
			buf[strcspn(buf, "\n")] = '\0';
			ck_assert_uint_lt(strlen(buf), 16);
			strcpy(names[n++], buf);
		}
		fclose(f);
	}
	closedir(d);
	return n;
}

static bool has_name(char names[][16], unsigned int n, const char *want)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], want))
			return true;
	return false;
}

/*
 * Wait (bounded) until every name of @want is among the threads started
 * since note_threads(): each thread names itself when it starts.  Return
 * their count, the names in @names.
 */
static unsigned int wait_names(char names[][16], const char *const *want,
			       unsigned int n_want)
{
	struct timespec d = { 0, 1000000L };
	unsigned int n, i, tries;

	for (tries = 0;; tries++) {
		n = thread_names(names, MAX_NAMES);
		for (i = 0; i < n_want && has_name(names, n, want[i]); i++)
			;
		if (i == n_want)
			return n;
		ck_assert_msg(tries < 2000, "no thread named %s", want[i]);
		nanosleep(&d, NULL);
	}
}

static int no_enable(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
		     uint32_t src, bool enable)
{
	(void)a;
	(void)ctx;
	(void)evt;
	(void)src;
	(void)enable;
	return 0;
}

START_TEST(test_library_threads_are_named)
{
	static const struct scmi_vio_notify_event_desc ev = { 0, 16 };
	struct scmi_vio_notify_proto_desc pd = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	char names[MAX_NAMES][16];
	unsigned int n, i;
	static const char *const want[] = { "scmi-vio-dev", "scmi-vio-irq",
					    "scmi-vio-worker",
					    "scmi-vio-ntf85" };
	struct vsf *f;

	note_threads();
	/* A device thread, an interrupt thread, the worker, a dispatcher. */
	vc.irq_mode = SCMI_VIO_IRQ_EVENTFD;
	f = vsf_up(NULL, &vc, 5000);
	pd.protocol = 0x85;
	pd.events = &ev;
	pd.n_events = 1;
	pd.num_sources = 1;
	pd.set_enabled = no_enable;
	ck_assert_int_eq(scmi_vio_notify_register_protocol(f->a, &pd), 0);
	n = wait_names(names, want, 4);
	/* And nothing else: every thread here is the library's, named. */
	for (i = 0; i < n; i++)
		ck_assert_msg(!strncmp(names[i], "scmi-vio-", 9),
			      "unnamed library thread '%s'", names[i]);
	vsf_down(f);
}
END_TEST

START_TEST(test_spinning_device_thread_is_named)
{
	struct scmi_vio_loopback_config lc = { .spin_device = true };
	static const char *const want[] = { "scmi-vio-spin",
					    "scmi-vio-worker" };
	char names[MAX_NAMES][16];
	struct vsf *f;

	note_threads();
	f = vsf_up(&lc, NULL, 5000);
	(void)wait_names(names, want, 2);
	vsf_down(f);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_library_threads_are_named,
				       test_spinning_device_thread_is_named,
				       NULL };

	return check_run(check_suite("vs_threads", "threads", 0, tests));
}
