// SPDX-License-Identifier: BSD-3-Clause
/*
 * The cross-process device where its environment fails it: configurations
 * it must refuse, a process at its descriptor limit at create and at
 * probe (every step, in turn), an interrupt that cannot cross processes,
 * signals that interrupt its waits, the process between us and the server
 * killed by someone else, an application that closed its stdio, and
 * (outside sanitizer builds, which own the allocator) allocation and
 * mutex-initialisation failure at every create step (L-6).  Each ends in
 * a clear negative errno or a bounded remove, with no descriptor leaked.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/scmi_base.h>
#include <scmi_vio/timeout.h>

#include "check_run.h"
#include "fail_nth.h"
#include "lowest_fd.h"
#include "sigusr1_count.h"
#include "reach_fixture.h"
#include "vs_fixture.h"

#ifndef SCMI_VIO_FAKE_SERVER
#error "SCMI_VIO_FAKE_SERVER must name the fake server executable"
#endif

#define GRACE_MS 100u
#define OBEY_MS 10000u
/* Generous bound on a remove: only detects one that is not bounded. */
#define REMOVE_MAX_MS 30000

/* Allow @n more descriptors than are open below the lowest free one. */
static void fd_limit(struct rlimit *old, int n)
{
	struct rlimit lim;

	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, old), 0);
	lim = *old;
	lim.rlim_cur = (rlim_t)(lowest_free_fd() + n);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &lim), 0);
}

static void fd_unlimit(const struct rlimit *old)
{
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, old), 0);
}

static void xp_config(struct scmi_vio_xproc_config *xc, const char *const *args,
		      unsigned int stop_ms)
{
	memset(xc, 0, sizeof(*xc));
	xc->server_path = SCMI_VIO_FAKE_SERVER;
	xc->extra_args = args;
	xc->stop_timeout_ms = stop_ms;
	xc->kill_timeout_ms = GRACE_MS;
}

static int probe_irq(struct scmi_vio_xproc *xp, enum scmi_vio_irq_mode mode,
		     struct scmi_vio_virtio_scmi **vs)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };

	vc.irq_mode = mode;
	return scmi_vio_virtio_scmi_probe(scmi_vio_xproc_vdev(xp), &vc, vs);
}

static const char *const obey_args[] = { "--fake", "obey", NULL };

/* Remove @vs; the server has then exited with @status; destroy @xp. */
static void remove_expect_exit(struct scmi_vio_virtio_scmi *vs,
			       struct scmi_vio_xproc *xp, int status)
{
	scmi_vio_virtio_scmi_remove(vs);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), status);
	scmi_vio_xproc_destroy(xp);
}

/* Configurations that could not be honoured are refused at create. */
START_TEST(test_xproc_create_refuses)
{
	struct scmi_vio_xproc *xp = (struct scmi_vio_xproc *)&xp;
	struct scmi_vio_xproc_config xc;

	xp_config(&xc, NULL, 0);
	ck_assert_int_eq(scmi_vio_xproc_create(NULL, &xp), -EINVAL);
	ck_assert_ptr_null(xp);
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, NULL), -EINVAL);
	/* a stop that may never end is no stop. */
	xc.stop_timeout_ms = SCMI_VIO_WAIT_FOREVER;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), -EINVAL);
	xc.stop_timeout_ms = 0;
	xc.kill_timeout_ms = (unsigned int)INT32_MAX + 1u;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), -EINVAL);
	xc.kill_timeout_ms = 0;
	/* Not a ring size. */
	xc.queue_num = 3;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), -EINVAL);
	ck_assert_ptr_null(xp);
	/* NO_WAIT escalates at once: allowed. */
	xc.queue_num = 0;
	xc.stop_timeout_ms = SCMI_VIO_NO_WAIT;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), 0);
	scmi_vio_xproc_destroy(xp);
	scmi_vio_xproc_destroy(NULL);
}
END_TEST

/*
 * A process at its descriptor limit: create needs a memfd and three
 * eventfds; with room for fewer than all of them it fails with -EMFILE
 * and closes the ones it got, for each number in turn.
 */
START_TEST(test_xproc_create_at_fd_limit)
{
	struct scmi_vio_xproc *xp = NULL;
	struct scmi_vio_xproc_config xc;
	struct rlimit old;
	int n, r, fd = lowest_free_fd();

	xp_config(&xc, obey_args, OBEY_MS);
	for (n = 0;; n++) {
		fd_limit(&old, n);
		r = scmi_vio_xproc_create(&xc, &xp);
		fd_unlimit(&old);
		if (!r)
			break;
		ck_assert_int_eq(r, -EMFILE);
		ck_assert_ptr_null(xp);
		ck_assert_int_eq(lowest_free_fd(), fd);
	}
	ck_assert_int_eq(n, 4);
	scmi_vio_xproc_destroy(xp);
	ck_assert_int_eq(lowest_free_fd(), fd);
}
END_TEST

/*
 * The same at probe: the transport's interrupt eventfd, the pipes to the
 * process that runs the server; each failure is -EMFILE with nothing
 * started or leaked, and the same device then probes and stops cleanly.
 */
START_TEST(test_xproc_probe_at_fd_limit)
{
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc_config xc;
	struct scmi_vio_xproc *xp = NULL;
	struct rlimit old;
	int n, r, fd;

	xp_config(&xc, obey_args, OBEY_MS);
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), 0);
	fd = lowest_free_fd();
	for (n = 0;; n++) {
		fd_limit(&old, n);
		r = probe_irq(xp, SCMI_VIO_IRQ_EVENTFD, &vs);
		fd_unlimit(&old);
		if (!r)
			break;
		ck_assert_msg(r == -EMFILE, "%d descriptors: %d", n, r);
		ck_assert_ptr_null(vs);
		ck_assert_int_eq(lowest_free_fd(), fd);
		ck_assert_int_eq(scmi_vio_xproc_last_status(xp), -1);
	}
	/* The interrupt eventfd and two pipes at least. */
	ck_assert_int_ge(n, 5);
	scmi_vio_virtio_scmi_remove(vs);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), 0);
	ck_assert_int_eq(lowest_free_fd(), fd);
	scmi_vio_xproc_destroy(xp);
}
END_TEST

/* An inline interrupt is a function call: it cannot reach another
 * process, so the device refuses to start with it. */
START_TEST(test_xproc_inline_irq_refused)
{
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc_config xc;
	struct scmi_vio_xproc *xp = NULL;

	xp_config(&xc, obey_args, OBEY_MS);
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), 0);
	ck_assert_int_eq(probe_irq(xp, SCMI_VIO_IRQ_INLINE, &vs), -EINVAL);
	ck_assert_ptr_null(vs);
	/* Nothing was started: another mode still works. */
	ck_assert_int_eq(probe_irq(xp, SCMI_VIO_IRQ_NONE, &vs), 0);
	remove_expect_exit(vs, xp, 0);
}
END_TEST

struct storm {
	pthread_t target;
	int stop; /* ATOMIC */
};

/* Interrupt @target every 100 us until told to stop: often enough to
 * land in the short waits (the exec's report, reaping) too. */
static void *storm_main(void *arg)
{
	const struct timespec ms = { 0, 100000 };
	struct storm *s = arg;

	while (!sv_read_once(&s->stop)) {
		pthread_kill(s->target, SIGUSR1);
		nanosleep(&ms, NULL);
	}
	return NULL;
}

/*
 * X-4 under signals: a thread that probes and removes while its signals
 * keep interrupting every wait still starts the server, still escalates
 * to SIGTERM after the grace period (not at the first interruption, not
 * never) and still decodes the status.
 */
START_TEST(test_xproc_x4_waits_survive_signals)
{
	static const char *const args[] = { "--fake", "ignore", NULL };
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc_config xc;
	struct scmi_vio_xproc *xp = NULL;
	struct storm s = { pthread_self(), 0 };
	pthread_t tid;
	int64_t t0, dt;

	sigusr1_count_start();
	xp_config(&xc, args, 300);
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), 0);
	ck_assert_int_eq(pthread_create(&tid, NULL, storm_main, &s), 0);
	ck_assert_int_eq(probe_irq(xp, SCMI_VIO_IRQ_NONE, &vs), 0);
	t0 = now_ms();
	scmi_vio_virtio_scmi_remove(vs);
	dt = now_ms() - t0;
	sv_write_once(&s.stop, 1);
	ck_assert_int_eq(pthread_join(tid, NULL), 0);
	ck_assert_int_gt(sigusr1_count(), 0);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), 128 + SIGTERM);
	ck_assert_msg(dt >= 290 && dt < REMOVE_MAX_MS, "remove took %lld ms",
		      (long long)dt);
	scmi_vio_xproc_destroy(xp);
}
END_TEST

/* The parent of @pid, from /proc. */
static pid_t parent_of(pid_t pid)
{
	char path[64], comm[64], state;
	int ppid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%*d %63s %c %d", comm, &state, &ppid), 3);
	fclose(f);
	return ppid;
}

/*
 * someone kills the process between us and the server (it takes the
 * server with it).  Remove must not wait out the whole stop grace period
 * for a report that can never come: it returns at once, with the status
 * unknown (-1, not the last life's), and the device probes again.
 */
START_TEST(test_xproc_x4_reaper_killed)
{
	char ready[64];
	const char *const args[] = { "--fake",	"obey", "--code", "5",
				     "--ready", ready,	NULL };
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc_config xc;
	struct scmi_vio_xproc *xp = NULL;
	pid_t server, reaper;
	int64_t t0;

	snprintf(ready, sizeof(ready), "/tmp/scmi_vio_ready_k%d",
		 (int)getpid());
	unlink(ready);
	xp_config(&xc, args, OBEY_MS);
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), 0);
	/* A first life with a known status, so that a stale one shows. */
	ck_assert_int_eq(probe_irq(xp, SCMI_VIO_IRQ_NONE, &vs), 0);
	wait_ready(ready);
	scmi_vio_virtio_scmi_remove(vs);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), 5);

	ck_assert_int_eq(probe_irq(xp, SCMI_VIO_IRQ_NONE, &vs), 0);
	server = wait_ready(ready);
	reaper = parent_of(server);
	ck_assert_int_ne(reaper, getpid());
	ck_assert_int_eq(parent_of(reaper), getpid());
	ck_assert_int_eq(kill(reaper, SIGKILL), 0);
	t0 = now_ms();
	scmi_vio_virtio_scmi_remove(vs);
	ck_assert_int_lt(now_ms() - t0, OBEY_MS / 2);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), -1);

	/* A new life, as if nothing happened. */
	ck_assert_int_eq(probe_irq(xp, SCMI_VIO_IRQ_NONE, &vs), 0);
	wait_ready(ready);
	remove_expect_exit(vs, xp, 5);
}
END_TEST

#ifdef SCMI_VIO_PLATFORM_SERVER
/*
 * A daemon that closed its standard input before creating the device: the
 * guest memory's memfd is then descriptor 0, which the process between us
 * and the server must keep like any other it hands over, not take for
 * stdio that is already there.  The real server maps it: a command that
 * gets its answer shows it had the memory.
 */
START_TEST(test_xproc_stdio_closed)
{
	struct scmi_vio_xproc_config xc = { 0 };
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc *xp = NULL;
	struct scmi_vio_agent *a = NULL;
	unsigned int np = 0, na = 0;

	ck_assert_int_eq(close(0), 0);
	xc.server_path = SCMI_VIO_PLATFORM_SERVER;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), 0);
	ck_assert_int_ge(fcntl(0, F_GETFD), 0);
	ck_assert_int_eq(probe_irq(xp, SCMI_VIO_IRQ_EVENTFD, &vs), 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(vs, NULL, &a), 0);
	ck_assert_int_eq(scmi_vio_base_attributes(a, &np, &na), 0);
	ck_assert_uint_gt(np, 0);
	scmi_vio_agent_destroy(a);
	remove_expect_exit(vs, xp, 0);
}
END_TEST
#endif

#ifndef SCMI_VIO_SANITIZED
static int create_step(void *ctx, void **obj)
{
	const struct scmi_vio_xproc_config *xc = ctx;
	struct scmi_vio_loopback *lb = (struct scmi_vio_loopback *)&lb;
	struct scmi_vio_xproc *xp = (struct scmi_vio_xproc *)&xp;
	int r;

	if (!xc) {
		r = scmi_vio_loopback_create(NULL, &lb);
		*obj = lb;
	} else {
		r = scmi_vio_xproc_create(xc, &xp);
		*obj = xp;
	}
	return r;
}

static void destroy(void *ctx, void *obj)
{
	if (!ctx)
		scmi_vio_loopback_destroy(obj);
	else
		scmi_vio_xproc_destroy(obj);
}

/*
 * L-6: fail each allocation and pthread initialisation of a create in
 * turn (fail_nth.c), for the cross-process device and the in-process
 * loopback: the create returns that error with *out NULL and no
 * descriptor leaked, and then works.
 */
START_TEST(test_l6_vdev_create_fails_cleanly)
{
	struct scmi_vio_xproc_config xc;
	unsigned int failed;

	xp_config(&xc, obey_args, OBEY_MS);
	failed = fail_nth_each(create_step, destroy, _i ? NULL : &xc);
	/* xproc: itself, its lock, the memory's and the kick's handles;
	 * the loopback: itself, its lock, its memory, the guest memory map,
	 * the platform and the kick. */
	ck_assert_uint_ge(failed, _i ? 6 : 4);
}
END_TEST
#endif

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_xproc_create_refuses),
		CHECK_ONCE(test_xproc_create_at_fd_limit),
		CHECK_ONCE(test_xproc_probe_at_fd_limit),
		CHECK_ONCE(test_xproc_inline_irq_refused),
		CHECK_ONCE(test_xproc_x4_waits_survive_signals),
		CHECK_ONCE(test_xproc_x4_reaper_killed),
#ifdef SCMI_VIO_PLATFORM_SERVER
		CHECK_ONCE(test_xproc_stdio_closed),
#endif
#ifndef SCMI_VIO_SANITIZED
		CHECK_LOOP(test_l6_vdev_create_fails_cleanly, 0, 2),
#endif
		{ NULL, 0, 0 },
	};

	return check_main("reach_xproc_edges", 120, tests);
}
