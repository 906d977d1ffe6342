// SPDX-License-Identifier: BSD-3-Clause
/*
 * Probe and remove: feature negotiation, sizing, the eventq filled before
 * the device starts, remove order (L-5), allocation failure at every setup
 * step (L-6), probe/remove/probe (L-12); the device in another process
 * when its server misbehaves or cannot run (X-4, X-5, L-14).
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
#include <scmi_vio/vring.h>

#include "check_run.h"
#include "vs_fixture.h"

START_TEST(test_probe_version1_required)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_loopback *lb;
	struct scmi_vio_virtio_scmi *vs = (void *)1;

	lc.features = 1ull << SCMI_VIO_F_P2A_CHANNELS;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb),
						    NULL, &vs),
			 -EINVAL);
	ck_assert_ptr_null(vs);
	ck_assert_ptr_null(scmi_vio_loopback_dev(lb));
	scmi_vio_loopback_destroy(lb);

	/* The device offers it, the driver does not accept it. */
	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &lb), 0);
	vc.driver_features = 1ull << SCMI_VIO_F_P2A_CHANNELS;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb),
						    &vc, &vs),
			 -EINVAL);
	/* Bad sizes and modes. */
	vc.driver_features = 0;
	vc.max_payload = SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD + 1;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb),
						    &vc, &vs),
			 -EINVAL);
	vc.max_payload = 0;
	vc.irq_mode = (enum scmi_vio_irq_mode)7;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb),
						    &vc, &vs),
			 -EINVAL);
	scmi_vio_loopback_destroy(lb);
}
END_TEST

/* Without P2A: no eventq, async and notify requests are refused. */
START_TEST(test_probe_no_p2a)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_stats st;
	uint16_t major, minor;
	uint64_t rate;
	struct vsf *f;

	lc.features = 1ull << SCMI_VIO_F_VERSION_1;
	f = vsf_up(&lc, NULL, 5000);
	ck_assert(!f->vs->has_rx);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.tx_max, 32);
	ck_assert_uint_eq(st.rx_max, 0);
	ck_assert_int_eq(scmi_vio_protocol_version(f->a, 0x10, &major, &minor),
			 0);
	ck_assert_int_eq(major, 2);
	ck_assert_int_eq(scmi_vio_clock_rate_set_async(f->a, 0, 200000000, 0,
						       &rate),
			 -EOPNOTSUPP);
	vsf_all_free(f->vs);
	vsf_down(f);
}
END_TEST

START_TEST(test_probe_sizing)
{
	static const unsigned int nums[] = { 2, 64, 2048, 4096 };
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_virtio_scmi_stats st;
	unsigned int i, want_tx, want_rx;
	uint16_t major, minor;
	struct vsf *f;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		lc.queue_num = nums[i];
		f = vsf_up(&lc, NULL, 5000);
		scmi_vio_virtio_scmi_get_stats(f->vs, &st);
		want_tx = nums[i] / 2 > 1024 ? 1024 : nums[i] / 2;
		want_rx = nums[i] > 1024 ? 1024 : nums[i];
		ck_assert_uint_eq(st.tx_max, want_tx);
		ck_assert_uint_eq(st.rx_max, want_rx);
		ck_assert_uint_eq(st.tx_free_now, want_tx);
		/* Every eventq message is offered to the device. */
		ck_assert_uint_eq(st.rx_refed, want_rx);
		ck_assert_uint_eq(scmi_vio_agent_max_payload(f->a), 128);
		ck_assert_int_eq(scmi_vio_protocol_version(f->a, 0x14, &major,
							   &minor),
				 0);
		vsf_down(f);
	}
	/* A configurable payload. */
	lc.queue_num = 16;
	lc.max_payload = 512;
	vc.max_payload = 512;
	f = vsf_up(&lc, &vc, 5000);
	ck_assert_uint_eq(scmi_vio_agent_max_payload(f->a), 512);
	ck_assert_uint_eq(f->vs->pdu, 520);
	ck_assert_int_eq(scmi_vio_protocol_version(f->a, 0x15, &major, &minor),
			 0);
	vsf_down(f);
}
END_TEST

/* A device wrapped to watch what the driver does at start and reset. */
static struct {
	struct scmi_vio_loopback *lb;
	struct scmi_vio_vdev vdev;
	struct scmi_vio_virtio_scmi *vs;
	int start_ret;
	unsigned int starts, resets;
	uint16_t evq_avail_at_start;
	bool queues_alive_at_reset;
} wrap;

static int wrap_start(void *ctx, uint64_t features,
		      const struct scmi_vio_vring_gpa *q, unsigned int n,
		      struct scmi_vio_doorbell *irq)
{
	const struct scmi_vio_vdev *inner = scmi_vio_loopback_vdev(wrap.lb);
	const uint8_t *avail;

	wrap.starts++;
	if (n > 1) {
		avail = (const uint8_t *)inner->mem +
			(q[1].avail_gpa - inner->gpa);
		wrap.evq_avail_at_start = (uint16_t)(avail[2] | avail[3] << 8);
	}
	if (wrap.start_ret)
		return wrap.start_ret;
	return inner->ops->start(inner->ctx, features, q, n, irq);
}

static void wrap_reset(void *ctx)
{
	const struct scmi_vio_vdev *inner = scmi_vio_loopback_vdev(wrap.lb);

	wrap.resets++;
	/* L-5: the device stops while the queues and buffers still exist. */
	wrap.queues_alive_at_reset = wrap.vs && wrap.vs->tx.vq &&
				     wrap.vs->tx.msgs && wrap.vs->rx.vq &&
				     wrap.vs->rx.msgs;
	inner->ops->reset(inner->ctx);
}

static const struct scmi_vio_vdev_ops wrap_ops = { wrap_start, wrap_reset };

static void wrap_init(void)
{
	memset(&wrap, 0, sizeof(wrap));
	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &wrap.lb), 0);
	wrap.vdev = *scmi_vio_loopback_vdev(wrap.lb);
	wrap.vdev.ops = &wrap_ops;
}

START_TEST(test_probe_eventq_first_and_remove_order)
{
	struct scmi_vio_agent *a;
	uint16_t major, minor;

	wrap_init();
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(&wrap.vdev, NULL, &wrap.vs),
			 0);
	ck_assert_uint_eq(wrap.starts, 1);
	/* Every eventq buffer was available before the device started. */
	ck_assert_uint_eq(wrap.evq_avail_at_start, 64);
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(wrap.vs, NULL, &a),
			 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(wrap.vs, NULL, &a),
			 -EBUSY);
	ck_assert_int_eq(scmi_vio_protocol_version(a, 0x10, &major, &minor), 0);
	scmi_vio_agent_destroy(a);
	/* Detached for good: probe again instead. */
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(wrap.vs, NULL, &a),
			 -ESHUTDOWN);
	scmi_vio_virtio_scmi_remove(wrap.vs);
	ck_assert_uint_eq(wrap.resets, 1);
	ck_assert(wrap.queues_alive_at_reset);
	ck_assert_ptr_null(scmi_vio_loopback_dev(wrap.lb));
	scmi_vio_loopback_destroy(wrap.lb);
}
END_TEST

/*
 * L-6: fail the Nth fallible setup step, for every N until a probe needs
 * no more steps; then the device's own start fails.  Each failure unwinds
 * fully: the device was never started or was reset, nothing leaks (ASan's
 * leak checker runs this test too), nothing is freed twice.
 */
START_TEST(test_probe_alloc_failure_every_step)
{
	const struct scmi_vio_virtio_scmi_config modes[] = {
		{ .irq_mode = SCMI_VIO_IRQ_INLINE },
		{ .irq_mode = SCMI_VIO_IRQ_EVENTFD },
		{ .irq_mode = SCMI_VIO_IRQ_NONE },
	};
	struct scmi_vio_virtio_scmi *vs;
	unsigned long n, base;
	unsigned int m;
	int r;

	wrap_init();
	for (m = 0; m < 3; m++) {
		for (n = 1;; n++) {
			base = sv_read_once(&scmi_vio__vs_steps);
			sv_write_once(&scmi_vio__vs_fail_at, base + n);
			r = scmi_vio_virtio_scmi_probe(&wrap.vdev, &modes[m],
						       &vs);
			sv_write_once(&scmi_vio__vs_fail_at, 0);
			if (!r)
				break;
			ck_assert(r == -ENOMEM || r == -EAGAIN);
			ck_assert_uint_eq(wrap.starts, 0);
			ck_assert_ptr_null(scmi_vio_loopback_dev(wrap.lb));
			ck_assert_uint_lt(n, 50);
		}
		/* calloc, two msg arrays, two queues, worker, + irq. */
		ck_assert_uint_ge(n, m == 2 ? 6 : 7);
		wrap.vs = vs;
		scmi_vio_virtio_scmi_remove(vs);
		ck_assert_uint_eq(wrap.resets, 1);
		wrap.starts = wrap.resets = 0;
	}
	/* The device refuses to start: unwound, not reset (never ran). */
	wrap.start_ret = -EIO;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(&wrap.vdev, NULL, &vs),
			 -EIO);
	ck_assert_uint_eq(wrap.starts, 1);
	ck_assert_uint_eq(wrap.resets, 0);
	scmi_vio_loopback_destroy(wrap.lb);
}
END_TEST

/* L-12: nothing of the first life reaches the second. */
START_TEST(test_probe_remove_probe)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_virtio_scmi_stats st;
	struct scmi_vio_loopback *lb;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
	enum scmi_vio_irq_mode mode;
	uint16_t major, minor;
	unsigned int life, i;

	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &lb), 0);
	for (life = 0; life < 6; life++) {
		mode = (enum scmi_vio_irq_mode)(life % 2);
		vc.irq_mode = mode;
		ck_assert_int_eq(scmi_vio_virtio_scmi_probe(
					 scmi_vio_loopback_vdev(lb), &vc, &vs),
				 0);
		ck_assert_int_eq(
			scmi_vio_virtio_scmi_agent_create(vs, NULL, &a), 0);
		for (i = 0; i < 50; i++)
			ck_assert_int_eq(scmi_vio_protocol_version(
						 a, 0x10, &major, &minor),
					 0);
		vsf_all_free(vs);
		scmi_vio_virtio_scmi_get_stats(vs, &st);
		/* A fresh transport: exactly this life's traffic. */
		ck_assert_uint_eq(st.sends, 50);
		ck_assert_uint_eq(st.tx_completions, 50);
		ck_assert_uint_eq(st.msg_frees, 50);
		ck_assert_uint_eq(st.broken, 0);
		vsf_all_free(vs);
		scmi_vio_agent_destroy(a);
		scmi_vio_virtio_scmi_remove(vs);
	}
	scmi_vio_loopback_destroy(lb);
}
END_TEST

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

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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

/* Wait (bounded: 10 s) until the fake server wrote @path; its pid. */
static pid_t wait_ready(const char *path)
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
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool open, entered;
} gate = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false };

static void gate_irq(void *arg)
{
	pthread_mutex_lock(&gate.lock);
	gate.entered = true;
	pthread_cond_broadcast(&gate.cond);
	while (!gate.open)
		pthread_cond_wait(&gate.cond, &gate.lock);
	pthread_mutex_unlock(&gate.lock);
}

struct lb_resetter {
	const struct scmi_vio_vdev *vdev;
	bool done; /* ATOMIC */
};

static void *lb_reset_main(void *arg)
{
	struct lb_resetter *r = arg;

	r->vdev->ops->reset(r->vdev->ctx);
	__atomic_store_n(&r->done, true, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * L-14: two threads reset the loopback device at once while its thread is
 * busy.  Neither returns before the device is stopped and freed; before,
 * the second found the device already taken and returned at once.
 */
START_TEST(test_loopback_l14_concurrent_reset)
{
	const struct timespec ms = { 0, 1000000 };
	const struct scmi_vio_vdev *vdev;
	struct scmi_vio_doorbell *irq = NULL;
	struct scmi_vio_vring_gpa q;
	struct scmi_vio_vq_config vc;
	struct scmi_vio_loopback *lb;
	struct scmi_vio_vq *vq;
	struct lb_resetter a, b;
	struct scmi_vio_seg out, in;
	pthread_t ta, tb;
	uint8_t *buf;
	int i;

	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &lb), 0);
	vdev = scmi_vio_loopback_vdev(lb);
	ck_assert_int_eq(scmi_vio_doorbell_inline_create(gate_irq, NULL, &irq),
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
	pthread_mutex_lock(&gate.lock);
	while (!gate.entered)
		pthread_cond_wait(&gate.cond, &gate.lock);
	pthread_mutex_unlock(&gate.lock);

	a = (struct lb_resetter){ .vdev = vdev };
	b = a;
	ck_assert_int_eq(pthread_create(&ta, NULL, lb_reset_main, &a), 0);
	ck_assert_int_eq(pthread_create(&tb, NULL, lb_reset_main, &b), 0);
	/* A reset that returns early does so at once: 300 ms is plenty. */
	for (i = 0; i < 300; i++) {
		ck_assert(!__atomic_load_n(&a.done, __ATOMIC_ACQUIRE));
		ck_assert(!__atomic_load_n(&b.done, __ATOMIC_ACQUIRE));
		nanosleep(&ms, NULL);
	}
	pthread_mutex_lock(&gate.lock);
	gate.open = true;
	pthread_cond_broadcast(&gate.cond);
	pthread_mutex_unlock(&gate.lock);
	ck_assert_int_eq(pthread_join(ta, NULL), 0);
	ck_assert_int_eq(pthread_join(tb, NULL), 0);
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

static Suite *suite(void)
{
	Suite *s = suite_create("vs_probe");
	TCase *tc = tcase_create("probe");

	tcase_add_test(tc, test_probe_version1_required);
	tcase_add_test(tc, test_xproc_stop_timeouts_bounded);
	tcase_add_test(tc, test_probe_no_p2a);
	tcase_add_test(tc, test_probe_sizing);
	tcase_add_test(tc, test_probe_eventq_first_and_remove_order);
	tcase_add_test(tc, test_probe_alloc_failure_every_step);
	tcase_add_test(tc, test_probe_remove_probe);
	suite_add_tcase(s, tc);

	tc = tcase_create("xproc");
	tcase_add_test(tc, test_xproc_x4_ignores_stop);
	tcase_add_test(tc, test_xproc_x4_ignores_sigterm);
	tcase_add_test(tc, test_xproc_x4_fills_stop_fd);
	tcase_add_test(tc, test_xproc_x4_status_with_sigchld_ignored);
	tcase_add_test(tc, test_xproc_x5_server_cannot_run);
	tcase_add_test(tc, test_xproc_l14_concurrent_reset);
	tcase_add_test(tc, test_xproc_holds_no_other_fds);
	tcase_add_test(tc, test_xproc_outlives_probing_thread);
	tcase_add_test(tc, test_xproc_dies_with_driver);
	tcase_add_test(tc, test_loopback_l14_concurrent_reset);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
