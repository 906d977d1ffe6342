// SPDX-License-Identifier: BSD-3-Clause
/*
 * Our vhost-user front-end (vhost_user_frontend.h) against our served
 * platform (vhost_user_serve.h) over a real Unix socket, session after
 * session on one server.  Agent threads mix interrupt-driven and polled
 * synchronous commands, asynchronous clock rate sets (delayed responses
 * on the eventq) and performance level sets that raise notifications for
 * a subscriber, while each session ends one of four ways:
 *   ORDERLY  the threads stop; remove() (GET_VRING_BASE, RESET_DEVICE),
 *            then the front-end hangs up;
 *   RESET    as ORDERLY, then a second probe on the same connection,
 *            which must find a fresh platform (RESET_DEVICE re-created it);
 *   CUT      the server hangs up under traffic: commands in flight and
 *            every later one fail with -ECONNRESET;
 *   EARLY    the server hangs up after a random number of messages, so
 *            anywhere from negotiation to the first commands: whatever
 *            call meets the cut fails with a clean errno.
 * The next session connects to the same server, which must serve it with
 * a fresh platform.
 *
 * Checked: every command either completes with the right reply or, after
 * a cut only, fails with -ECONNRESET; no command takes anywhere near its
 * 10 s timeout (nothing hangs); the server refuses nothing our front-end
 * sends; notifications arrive; the same fds are open at the end as at the
 * start.  Short enough for TSan on two busy cores (SCMI_VIO_TEST_SCALE);
 * SCMI_VIO_STRESS_LONG=1 in the environment runs ten times the sessions.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/platform.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_perf.h>
#include <scmi_vio/vhost_user_frontend.h>
#include <scmi_vio/vhost_user_serve.h>
#include <scmi_vio/virtio_scmi.h>

#include "check_run.h"
#include "common/atomics.h"
#include "vhu_frontend.h"

#ifndef SCMI_VIO_TEST_SCALE
#define SCMI_VIO_TEST_SCALE 1
#endif

#define THREADS 3
#define SESSIONS 24 /* SCMI_VIO_STRESS_LONG=1: ten times as many */
/* Commands per session before it ends (a CUT ends it half-way). */
#define PER_SESSION (1200 / SCMI_VIO_TEST_SCALE + 100)
#define TIMEOUT_MS 10000u /* the agent's; no command may come near it */
#define SLOW_MS 3000 /* the slowest a command may be */
/* The default platform's clocks 0 (cpu) and 3 (ddr) at start. */
#define CPU_RATE0 1000000000ull
#define DDR_RATE0 1600000000ull

enum ending { ORDERLY, RESET, CUT, EARLY };

/* Shared between the test, the agent threads, the server and the
 * dispatcher: static, every field ATOMIC unless it says otherwise. */
static struct {
	struct scmi_vio_agent *a; /* set before the threads start */
	unsigned int stop;
	unsigned int cut; /* the test asks the server to hang up */
	unsigned int cut_after; /* EARLY: hang up after this many messages */
	unsigned int hung_up; /* set by the server just before it does */
	unsigned int server_stop;
	unsigned long done, failed, notes, sessions;
	unsigned long setup_cut; /* EARLY sessions cut before commands */
	unsigned long bad; /* outcomes nothing explains */
	int bad_ret, bad_op; /* the last of them */
	sv_atomic_u64 slowest_ms;
} g;

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void bad(int op, int ret)
{
	sv_counter_add(&g.bad, 1);
	sv_write_once(&g.bad_ret, ret);
	sv_write_once(&g.bad_op, op);
}

/* --- the server: one session at a time, hanging up when asked --- */

struct server {
	struct scmi_vio_vhost_user_serve *srv;
	struct vhu_listener l;
	pthread_t th;
};

/* What a step may return with our front-end on the other side. */
static bool step_ok(int r)
{
	return !r || r == -EAGAIN || r == -ECONNRESET || r == -EPIPE;
}

static void serve_session(struct server *s, int sock)
{
	unsigned int steps = 0, after = sv_read_once(&g.cut_after);
	int r;

	while (scmi_vio_vhost_user_serve_connected(s->srv)) {
		if (sv_exchange(&g.cut, 0) || (after && steps == after)) {
			/* Pairs with the acquire in agent_thread(). */
			sv_store_release(&g.hung_up, 1);
			(void)shutdown(sock, SHUT_RDWR);
		}
		r = scmi_vio_vhost_user_serve_step(s->srv, 5);
		if (r != -EAGAIN)
			steps++;
		if (!step_ok(r))
			bad(-1, r);
	}
}

static void *server_main(void *arg)
{
	struct server *s = arg;
	struct pollfd p = { .fd = s->l.fd, .events = POLLIN };
	int sock;

	while (!sv_load_acquire(&g.server_stop)) {
		if (poll(&p, 1, 20) != 1)
			continue;
		sock = accept4(s->l.fd, NULL, NULL, SOCK_CLOEXEC);
		if (sock < 0)
			continue;
		if (scmi_vio_vhost_user_serve_attach(s->srv, sock)) {
			bad(-2, -EBUSY);
			close(sock);
			continue;
		}
		serve_session(s, sock);
		sv_counter_add(&g.sessions, 1);
	}
	return NULL;
}

static void server_up(struct server *s)
{
	struct scmi_vio_vhost_user_serve_config sc = { 0 };
	struct scmi_vio_platform_config pc;

	scmi_vio_platform_config_default(&pc);
	sc.platform = &pc;
	ck_assert_int_eq(scmi_vio_vhost_user_serve_create(&sc, &s->srv), 0);
	ck_assert_int_eq(vhu_listen(&s->l, "vhustress"), 0);
	ck_assert_int_eq(pthread_create(&s->th, NULL, server_main, s), 0);
}

static void server_down(struct server *s)
{
	sv_store_release(&g.server_stop, 1);
	pthread_join(s->th, NULL);
	vhu_unlisten(&s->l);
	scmi_vio_vhost_user_serve_destroy(s->srv);
}

/* --- the agent threads --- */

/* Base PROTOCOL_VERSION, polled or not: major 2 (as the platform says). */
static int base_version(bool polled)
{
	uint8_t rx[8];
	struct scmi_vio_cmd cmd = {
		.protocol = SCMI_VIO_PROTO_BASE,
		.flags = polled ? SCMI_VIO_CMD_POLL : 0,
		.rx = rx,
		.rx_cap = sizeof(rx),
	};
	int r = scmi_vio_agent_do_cmd(g.a, &cmd);

	if (!r && (cmd.rx_len != 4 || rx[2] != 2 || rx[3]))
		return -EBADMSG; /* not the reply it asked for */
	return r;
}

/* An async rate set of the thread's own clock, then reading it back. */
static int rate_round(unsigned int clock, uint64_t rate)
{
	uint64_t got = 0;
	int r = scmi_vio_clock_rate_set_async(g.a, clock, rate, 0, &got);

	if (!r && got != rate)
		return -EBADMSG;
	if (!r)
		r = scmi_vio_clock_rate_get(g.a, clock, &got);
	if (!r && got != rate)
		return -EBADMSG;
	return r;
}

static int one_command(unsigned int id, uint64_t *seed, unsigned long i)
{
	/* Threads 0 and 1 own clocks 0 (cpu) and 3 (ddr); 2 owns none. */
	static const unsigned int clock[] = { 0, 3 };
	static const uint64_t rates[2][2] = {
		{ 800000000ull, CPU_RATE0 },
		{ 400000000ull, DDR_RATE0 },
	};

	switch (xorshift(seed) % 4) {
	case 0:
		return base_version(false);
	case 1:
		return base_version(true);
	case 2:
		if (id < 2)
			return rate_round(clock[id], rates[id][i % 2]);
		return base_version(false);
	default:
		/* Domain 0 between two of its levels: a notification each. */
		return scmi_vio_perf_level_set(g.a, 0, i % 2 ? 1000 : 1100);
	}
}

static void *agent_thread(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg;
	uint64_t seed = 0x9e3779b97f4a7c15ull * (id + 1);
	unsigned int after_fail = 0;
	unsigned long i;
	int64_t t0, dt;
	int r;

	for (i = 0; !sv_load_acquire(&g.stop) && after_fail < 3; i++) {
		t0 = now_ms();
		r = one_command(id, &seed, i);
		dt = now_ms() - t0;
		if ((uint64_t)dt > sv_read_once(&g.slowest_ms))
			sv_write_once(&g.slowest_ms, (uint64_t)dt);
		if (dt > SLOW_MS)
			bad((int)id, -ETIMEDOUT);
		/* Only a server that hung up explains a failure, and then
		 * every command fails, the same way, at once. */
		if (r && (r != -ECONNRESET || !sv_load_acquire(&g.hung_up)))
			bad((int)id, r);
		if (r) {
			after_fail++;
			sv_counter_add(&g.failed, 1);
		}
		sv_counter_add(&g.done, 1);
	}
	return NULL;
}

static void on_level(const struct scmi_vio_notify_report *r, void *arg)
{
	(void)r;
	(void)arg;
	sv_counter_add(&g.notes, 1);
}

/* --- one session --- */

/* What a call that meets the server's hang-up may return. */
static bool cut_errno(int r)
{
	return r == -ECONNRESET || r == -EPIPE || r == -ENOTCONN;
}

/* A new platform answers with its initial rates. */
static void expect_fresh(void)
{
	uint64_t rate = 0;

	ck_assert_int_eq(scmi_vio_clock_rate_get(g.a, 0, &rate), 0);
	ck_assert_uint_eq(rate, CPU_RATE0);
	ck_assert_int_eq(scmi_vio_clock_rate_get(g.a, 3, &rate), 0);
	ck_assert_uint_eq(rate, DDR_RATE0);
}

/* Probe, agent, subscriber; the threads run until @how ends them.
 * Return: 0, or the errno of the setup call that met a cut (EARLY). */
static int run_agent(struct scmi_vio_vhu_frontend *fe, enum ending how)
{
	struct scmi_vio_virtio_scmi_config vc = {
		.irq_mode = SCMI_VIO_IRQ_EVENTFD
	};
	struct scmi_vio_agent_config ac = { .reply_timeout_ms = TIMEOUT_MS,
					    .dresp_timeout_ms = TIMEOUT_MS };
	struct scmi_vio_notify_sub *sub = NULL;
	struct scmi_vio_virtio_scmi *vs;
	unsigned long start = sv_read_once(&g.done);
	pthread_t t[THREADS];
	unsigned int i;
	int r;

	r = scmi_vio_virtio_scmi_probe(scmi_vio_vhu_frontend_vdev(fe), &vc,
				       &vs);
	if (r)
		return r;
	r = scmi_vio_virtio_scmi_agent_create(vs, &ac, &g.a);
	if (!r)
		r = scmi_vio_perf_register_events(g.a);
	if (!r)
		r = scmi_vio_notify_subscribe(g.a, SCMI_VIO_PROTO_PERF,
					      SCMI_VIO_PERF_LEVEL_CHANGED,
					      SCMI_VIO_NOTIFY_ALL_SRC, on_level,
					      NULL, &sub);
	if (!r && how != EARLY)
		expect_fresh();
	sv_write_once(&g.stop, 0);
	for (i = 0; !r && i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, agent_thread,
						(void *)(uintptr_t)i),
				 0);
	if (!r) {
		/* An EARLY cut that lands here ends the threads itself. */
		while (sv_read_once(&g.done) - start <
			       (how == CUT ? PER_SESSION / 2 : PER_SESSION) &&
		       !sv_read_once(&g.hung_up))
			(void)poll(NULL, 0, 1);
		if (how == CUT)
			sv_store_release(&g.cut, 1);
		else
			sv_store_release(&g.stop, 1);
		for (i = 0; i < THREADS; i++)
			pthread_join(t[i], NULL);
	}
	if (sub)
		scmi_vio_notify_unsubscribe(g.a, sub);
	scmi_vio_agent_destroy(g.a);
	g.a = NULL;
	scmi_vio_virtio_scmi_remove(vs);
	return r;
}

static void session(struct server *s, enum ending how, uint64_t *seed)
{
	struct scmi_vio_vhu_frontend_config c = {
		.socket_path = s->l.path,
		.connect_timeout_ms = 5000,
	};
	struct scmi_vio_vhu_frontend *fe = NULL;
	unsigned long before = sv_read_once(&g.sessions);
	int r, i;

	/* Negotiation and two queues take about 20 messages. */
	sv_write_once(&g.cut_after,
		      how == EARLY ? 1 + (unsigned int)(xorshift(seed) % 24) :
				     0);
	sv_write_once(&g.hung_up, 0);
	r = scmi_vio_vhu_frontend_create(&c, &fe);
	if (how == EARLY && r) {
		ck_assert_msg(cut_errno(r), "create: %d", r);
		sv_counter_add(&g.setup_cut, 1);
	} else {
		ck_assert_int_eq(r, 0);
		r = run_agent(fe, how);
		if (how == EARLY) {
			ck_assert_msg(!r || cut_errno(r), "probe: %d", r);
			if (r)
				sv_counter_add(&g.setup_cut, 1);
		} else {
			ck_assert_int_eq(r, 0);
		}
		/* RESET_DEVICE re-created the platform: a second life on
		 * the same connection starts fresh. */
		if (how == RESET)
			ck_assert_int_eq(run_agent(fe, ORDERLY), 0);
		scmi_vio_vhu_frontend_destroy(fe);
	}
	/* The server saw the session end and is ready for the next. */
	for (i = 0; sv_read_once(&g.sessions) == before; i++) {
		ck_assert_int_lt(i, 5000);
		(void)poll(NULL, 0, 1);
	}
}

static unsigned int sessions(void)
{
	const char *l = getenv("SCMI_VIO_STRESS_LONG");

	return l && *l && *l != '0' ? 10 * SESSIONS : SESSIONS;
}

START_TEST(test_vhu_stress)
{
	uint64_t seed = 0x5eed;
	int fds = vhu_count_fds();
	int64_t t0 = now_ms();
	struct server s;
	unsigned int n;

	memset(&g, 0, sizeof(g));
	server_up(&s);
	for (n = 0; n < sessions(); n++)
		session(&s, (enum ending)(n % 4), &seed);
	server_down(&s);
	ck_assert_msg(sv_read_once(&g.bad) == 0,
		      "%lu unexplained outcomes (last: %d from %d)",
		      sv_read_once(&g.bad), sv_read_once(&g.bad_ret),
		      sv_read_once(&g.bad_op));
	ck_assert_uint_eq(sv_read_once(&g.sessions), sessions());
	ck_assert_uint_gt(sv_read_once(&g.notes), 0);
	ck_assert_uint_gt(sv_read_once(&g.failed), 0);
	ck_assert_uint_gt(sv_read_once(&g.setup_cut), 0);
	ck_assert_int_eq(vhu_count_fds(), fds);
	printf("%u sessions (%lu cut during setup): %lu commands (%lu failed "
	       "after a cut), %lu notifications, slowest %lld ms, %lld ms in "
	       "all\n",
	       sessions(), sv_read_once(&g.setup_cut), sv_read_once(&g.done),
	       sv_read_once(&g.failed), sv_read_once(&g.notes),
	       (long long)sv_read_once(&g.slowest_ms),
	       (long long)(now_ms() - t0));
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_vhu_stress, NULL };

	return check_run(check_suite("vhu_stress", "stress", 0, tests));
}
