// SPDX-License-Identifier: BSD-3-Clause
/*
 * The lives of the devices the reach layer serves: the device in another
 * process when its server misbehaves or cannot run (X-4, X-5, L-14), its
 * stop timeouts, and the loopback reset from two threads at once (L-14).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/virtqueue.h>
#include <scmi_vio/vring.h>

#include "check_run.h"
#include "held_race.h"
#include "reach_fixture.h"
#include "vs_fixture.h"

/* ---- the server in another process (X-4, X-5, L-14) ---------------- */

#ifndef SCMI_VIO_FAKE_SERVER
#error "SCMI_VIO_FAKE_SERVER must name the fake server executable"
#endif

/*
 * Short grace periods for a server that ignores what it is sent (the tests
 * wait for each of them); a generous one for a server that obeys (it ends
 * as soon as it reads the stop).
 */
#define XP_GRACE_MS 100u
#define XP_OBEY_MS 10000u
/* Generous bound on a remove: only detects one that is not bounded. */
#define XP_REMOVE_MAX_MS 30000

static struct scmi_vio_xproc *
fake_xproc(const char *path, const char *const *args, unsigned int stop_ms)
{
	struct scmi_vio_xproc_config xc = { 0 };
	struct scmi_vio_xproc *xp = NULL;

	xc.server_path = path;
	xc.extra_args = args;
	xc.stop_timeout_ms = stop_ms;
	xc.kill_timeout_ms = XP_GRACE_MS;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), 0);
	return xp;
}

static int probe_xproc(struct scmi_vio_xproc *xp,
		       struct scmi_vio_virtio_scmi **vs)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };

	vc.irq_mode = SCMI_VIO_IRQ_NONE;
	return scmi_vio_virtio_scmi_probe(scmi_vio_xproc_vdev(xp), &vc, vs);
}

static void ready_path(char *buf, size_t len)
{
	snprintf(buf, len, "/tmp/scmi_vio_ready_%d", (int)getpid());
	unlink(buf);
}

/*
 * Probe against the fake server in @mode exiting with @code when it obeys;
 * once it is ready, remove (bounded); its status.
 */
static int fake_life(const char *mode, const char *code)
{
	char ready[64];
	const char *const args[] = { "--fake",	mode,  "--code", code,
				     "--ready", ready, NULL };
	bool obey = !strcmp(mode, "obey");
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc *xp;
	int64_t t0;
	int st;

	ready_path(ready, sizeof(ready));
	xp = fake_xproc(SCMI_VIO_FAKE_SERVER, args,
			obey ? XP_OBEY_MS : XP_GRACE_MS);
	ck_assert_int_eq(probe_xproc(xp, &vs), 0);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), -1);
	wait_ready(ready);
	t0 = now_ms();
	scmi_vio_virtio_scmi_remove(vs);
	ck_assert_int_lt(now_ms() - t0, XP_REMOVE_MAX_MS);
	st = scmi_vio_xproc_last_status(xp);
	scmi_vio_xproc_destroy(xp);
	return st;
}

/* a server that ignores the stop request gets SIGTERM. */
START_TEST(test_xproc_x4_ignores_stop)
{
	ck_assert_int_eq(fake_life("ignore", "0"), 128 + SIGTERM);
}
END_TEST

/* one that ignores SIGTERM too gets SIGKILL. */
START_TEST(test_xproc_x4_ignores_sigterm)
{
	ck_assert_int_eq(fake_life("ignore-term", "0"), 128 + SIGKILL);
}
END_TEST

/* one that fills the stop eventfd cannot block the stop request. */
START_TEST(test_xproc_x4_fills_stop_fd)
{
	ck_assert_int_eq(fake_life("fill", "0"), 128 + SIGTERM);
}
END_TEST

/*
 * the exit status is right when this process ignores SIGCHLD (the
 * kernel then reaps our children itself); before, a clean stop read as
 * 128.
 */
START_TEST(test_xproc_x4_status_with_sigchld_ignored)
{
	ck_assert_ptr_ne(signal(SIGCHLD, SIG_IGN), SIG_ERR);
	ck_assert_int_eq(fake_life("obey", "0"), 0);
	ck_assert_int_eq(fake_life("obey", "5"), 5);
	ck_assert_ptr_ne(signal(SIGCHLD, SIG_DFL), SIG_ERR);
	ck_assert_int_eq(fake_life("obey", "5"), 5);
}
END_TEST

/* probe fails at once, with exec's errno, for a server that cannot
 * run; the device can still be probed with a good one afterwards. */
START_TEST(test_xproc_x5_server_cannot_run)
{
	char path[] = "/tmp/scmi_vio_not_exec_XXXXXX";
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc *xp;
	int64_t t0;
	int fd;

	xp = fake_xproc("/nonexistent/scmi_platform_server", NULL, XP_GRACE_MS);
	t0 = now_ms();
	ck_assert_int_eq(probe_xproc(xp, &vs), -ENOENT);
	ck_assert_int_lt(now_ms() - t0, XP_REMOVE_MAX_MS);
	ck_assert_ptr_null(vs);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), -1);
	scmi_vio_xproc_destroy(xp);

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "#!/bin/sh\n", 10), 10);
	close(fd);
	ck_assert_int_eq(chmod(path, 0600), 0);
	xp = fake_xproc(path, NULL, XP_GRACE_MS);
	ck_assert_int_eq(probe_xproc(xp, &vs), -EACCES);
	scmi_vio_xproc_destroy(xp);
	unlink(path);
}
END_TEST

/* Every writer of @fd's pipe is closed. */
static bool pipe_hung_up(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP);
}

/*
 * The server and the process between it and us hold none of this
 * process's fds but the four they are given: a pipe (or socket) of the
 * application stays closable, whether close-on-exec or not.
 */
START_TEST(test_xproc_holds_no_other_fds)
{
	static const char *const args[] = { "--fake", "obey", NULL };
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc *xp =
		fake_xproc(SCMI_VIO_FAKE_SERVER, args, XP_OBEY_MS);
	int a[2], b[2];

	ck_assert_int_eq(pipe2(a, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe(b), 0);
	ck_assert_int_eq(probe_xproc(xp, &vs), 0);
	close(a[1]);
	close(b[1]);
	ck_assert(pipe_hung_up(a[0]));
	ck_assert(pipe_hung_up(b[0]));
	scmi_vio_virtio_scmi_remove(vs);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), 0);
	scmi_vio_xproc_destroy(xp);
	close(a[0]);
	close(b[0]);
}
END_TEST

struct prober {
	struct scmi_vio_xproc *xp;
	struct scmi_vio_virtio_scmi *vs;
	int ret;
};

static void *probe_main(void *arg)
{
	struct prober *p = arg;

	p->ret = probe_xproc(p->xp, &p->vs);
	return NULL;
}

/*
 * The server's life is tied to this process, not to the thread that
 * probed: before, it was killed (Linux's parent-death signal follows the
 * forking thread) as soon as a probing thread exited.
 */
START_TEST(test_xproc_outlives_probing_thread)
{
	char ready[64];
	const char *const args[] = { "--fake", "obey", "--ready", ready, NULL };
	struct prober p = { 0 };
	pthread_t t;

	ready_path(ready, sizeof(ready));
	p.xp = fake_xproc(SCMI_VIO_FAKE_SERVER, args, XP_OBEY_MS);
	ck_assert_int_eq(pthread_create(&t, NULL, probe_main, &p), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(p.ret, 0);
	(void)wait_ready(ready);
	scmi_vio_virtio_scmi_remove(p.vs);
	ck_assert_int_eq(scmi_vio_xproc_last_status(p.xp), 0);
	scmi_vio_xproc_destroy(p.xp);
}
END_TEST

/*
 * ... and it does not outlive this process: a driver killed outright
 * (no remove) takes the server with it, even one that ignores SIGTERM.
 */
START_TEST(test_xproc_dies_with_driver)
{
	const struct timespec ms = { 0, 1000000 };
	char ready[64];
	const char *const args[] = { "--fake", "ignore-term", "--ready", ready,
				     NULL };
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc *xp;
	pid_t driver, server;
	int status, i;

	ready_path(ready, sizeof(ready));
	driver = fork();
	ck_assert_int_ge(driver, 0);
	if (driver == 0) {
		xp = fake_xproc(SCMI_VIO_FAKE_SERVER, args, XP_GRACE_MS);
		if (probe_xproc(xp, &vs))
			_exit(1);
		/* Wait to be killed. */
		for (;;)
			pause();
	}
	server = wait_ready(ready);
	ck_assert_int_gt(server, 0);
	ck_assert_int_eq(kill(server, 0), 0);
	ck_assert_int_eq(kill(driver, SIGKILL), 0);
	ck_assert_int_eq(waitpid(driver, &status, 0), driver);
	ck_assert(WIFSIGNALED(status));
	/* Bounded, generous: only detects a server left behind. */
	for (i = 0; i < 10000 && !kill(server, 0); i++)
		nanosleep(&ms, NULL);
	ck_assert_msg(kill(server, 0) < 0 && errno == ESRCH,
		      "the server outlived its driver");
}
END_TEST

struct resetter {
	const struct scmi_vio_vdev *vdev;
	struct scmi_vio_xproc *xp;
	int status; /* last_status as soon as reset() returned */
};

static void *reset_main(void *arg)
{
	struct resetter *r = arg;

	r->vdev->ops->reset(r->vdev->ctx);
	r->status = scmi_vio_xproc_last_status(r->xp);
	return NULL;
}

/*
 * L-14: two threads reset the device at once while its server ignores the
 * stop: neither returns before the server has ended and been reaped.
 */
START_TEST(test_xproc_l14_concurrent_reset)
{
	static const char *const args[] = { "--fake", "ignore", NULL };
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc *xp =
		fake_xproc(SCMI_VIO_FAKE_SERVER, args, XP_GRACE_MS);
	struct resetter a, b;
	pthread_t ta, tb;

	ck_assert_int_eq(probe_xproc(xp, &vs), 0);
	a = (struct resetter){ .vdev = scmi_vio_xproc_vdev(xp), .xp = xp };
	b = a;
	ck_assert_int_eq(pthread_create(&ta, NULL, reset_main, &a), 0);
	ck_assert_int_eq(pthread_create(&tb, NULL, reset_main, &b), 0);
	ck_assert_int_eq(pthread_join(ta, NULL), 0);
	ck_assert_int_eq(pthread_join(tb, NULL), 0);
	ck_assert_int_eq(a.status, 128 + SIGTERM);
	ck_assert_int_eq(b.status, 128 + SIGTERM);
	/* remove()'s own reset finds nothing left to stop. */
	scmi_vio_virtio_scmi_remove(vs);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), 128 + SIGTERM);
	scmi_vio_xproc_destroy(xp);
}
END_TEST

/* An interrupt handler that holds the device thread until let go. */
/* The device thread's interrupt: held at the gate @arg. */
static void gate_irq(void *arg)
{
	held_gate_enter(arg);
}

static void lb_reset(void *arg)
{
	const struct scmi_vio_vdev *vdev = arg;

	vdev->ops->reset(vdev->ctx);
}

/*
 * L-14: two threads reset the loopback device at once while its thread is
 * busy.  Neither returns before the device is stopped and freed; before,
 * the second found the device already taken and returned at once.
 */
START_TEST(test_loopback_l14_concurrent_reset)
{
	struct held_gate gate = HELD_GATE_INIT;
	const struct scmi_vio_vdev *vdev;
	struct scmi_vio_doorbell *irq = NULL;
	struct scmi_vio_vring_gpa q;
	struct scmi_vio_vq_config vc;
	struct scmi_vio_loopback *lb;
	struct scmi_vio_vq *vq;
	struct scmi_vio_seg out, in;
	uint8_t *buf;

	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &lb), 0);
	vdev = scmi_vio_loopback_vdev(lb);
	ck_assert_int_eq(scmi_vio_doorbell_inline_create(gate_irq, &gate, &irq),
			 0);
	/* The driver's part by hand: one cmdq, one command. */
	memset(&vc, 0, sizeof(vc));
	ck_assert_int_eq(scmi_vio_vring_layout(&vc.ring, 16, vdev->mem, 4), 0);
	vc.features = 1ull << SCMI_VIO_F_VERSION_1;
	vc.kick = vdev->kick;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &vq), 0);
	q.num = 16;
	q.desc_gpa = vdev->gpa;
	q.avail_gpa = vdev->gpa + scmi_vio_vring_desc_bytes(16);
	q.used_gpa = vdev->gpa + scmi_vio_vring_used_offset(16, 4);
	ck_assert_int_eq(vdev->ops->start(vdev->ctx, vc.features, &q, 1, irq),
			 0);
	buf = (uint8_t *)vdev->mem + 0x2000;
	vsf_cmd(buf, 1);
	out = (struct scmi_vio_seg){ vdev->gpa + 0x2000, 4 };
	in = (struct scmi_vio_seg){ vdev->gpa + 0x2100, 136 };
	ck_assert_int_eq(scmi_vio_vq_add(vq, &out, 1, &in, 1, buf), 0);
	ck_assert_int_eq(scmi_vio_vq_kick(vq), 0);
	held_gate_wait_entered(&gate);
	held_race_two(&gate, lb_reset, (void *)vdev);
	ck_assert_ptr_null(scmi_vio_loopback_dev(lb));
	scmi_vio_vq_destroy(vq);
	scmi_vio_doorbell_destroy(irq);
	scmi_vio_loopback_destroy(lb);
}
END_TEST

/*
 * X-4 and the timeout convention: the server's stop timeouts take 0 (the
 * default) and SCMI_VIO_NO_WAIT, never an unbounded wait.
 */
START_TEST(test_xproc_stop_timeouts_bounded)
{
	struct scmi_vio_xproc_config xc = { .server_path = "/nonexistent" };
	struct scmi_vio_xproc *xp;

	xc.stop_timeout_ms = SCMI_VIO_WAIT_FOREVER;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), -EINVAL);
	xc.stop_timeout_ms = 0;
	xc.kill_timeout_ms = 0x80000000u;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), -EINVAL);
	xc.kill_timeout_ms = SCMI_VIO_NO_WAIT;
	xc.stop_timeout_ms = SCMI_VIO_NO_WAIT;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), 0);
	scmi_vio_xproc_destroy(xp);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_xproc_stop_timeouts_bounded),
		CHECK_ONCE(test_xproc_x4_ignores_stop),
		CHECK_ONCE(test_xproc_x4_ignores_sigterm),
		CHECK_ONCE(test_xproc_x4_fills_stop_fd),
		CHECK_ONCE(test_xproc_x4_status_with_sigchld_ignored),
		CHECK_ONCE(test_xproc_x5_server_cannot_run),
		CHECK_ONCE(test_xproc_l14_concurrent_reset),
		CHECK_ONCE(test_xproc_holds_no_other_fds),
		CHECK_ONCE(test_xproc_outlives_probing_thread),
		CHECK_ONCE(test_xproc_dies_with_driver),
		CHECK_ONCE(test_loopback_l14_concurrent_reset),
		{ NULL, 0, 0 },
	};

	return check_main("reach_life", 0, tests);
}
