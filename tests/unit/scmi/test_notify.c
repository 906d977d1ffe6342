// SPDX-License-Identifier: BSD-3-Clause
/*
 * Notification core: per-protocol queues and dispatchers, subscriptions,
 * enable/disable refcounts, pending subscriptions, unsubscribe during a
 * callback.  docs/architecture.md invariants 9 and 10;
 * docs/hostile-inputs.md S-11, S-13, S-14, L-13.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_fixture.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "fake_transport.h"
#include "scmi/agent.h"
#include <scmi_vio/scmi_notify.h>

#define PA 0x90
#define PB 0x91
#define EV0 0
#define EV1 1
#define NSRC 4

static struct ft *ft;

/* Enable/disable calls seen by the "platform", per (proto, evt, src). */
static int en_calls[2][2][NSRC], dis_calls[2][2][NSRC];
static int fail_enable_src = -1;

static int set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
		       uint32_t src, bool on)
{
	int pi = (int)(uintptr_t)ctx;

	if (on && (int)src == fail_enable_src)
		return -EACCES;
	if (on)
		en_calls[pi][evt][src]++;
	else
		dis_calls[pi][evt][src]++;
	return 0;
}

/* Payload: u32 src, u32 seq. */
static int parse(void *ctx, uint8_t evt, const void *payload, size_t len,
		 struct scmi_vio_notify_report *r)
{
	if (len < 8)
		return -EPROTO;
	r->src = sv_get_le32(payload);
	return 0;
}

static const struct scmi_vio_notify_event_desc evs[] = {
	{ EV0, 8 },
	{ EV1, 8 },
};

typedef int (*set_enabled_fn)(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
			      uint32_t src, bool on);

/* Register @proto's two events, @nsrc sources, enabled through @hook. */
static int reg_with(uint8_t proto, uint32_t nsrc, unsigned int depth,
		    set_enabled_fn hook)
{
	struct scmi_vio_notify_proto_desc d = {
		.protocol = proto,
		.events = evs,
		.n_events = 2,
		.num_sources = nsrc,
		.queue_depth = depth,
		.set_enabled = hook,
		.parse = parse,
		.ctx = (void *)(uintptr_t)(proto - PA),
	};

	return scmi_vio_notify_register_protocol(ft->agent, &d);
}

static void reg(uint8_t proto, unsigned int depth)
{
	ck_assert_int_eq(reg_with(proto, NSRC, depth, set_enabled), 0);
}

static void notify(uint8_t proto, uint8_t evt, uint32_t src, uint32_t seq)
{
	uint8_t p[8];

	sv_put_le32(p, src);
	sv_put_le32(p + 4, seq);
	ft_notify(ft, proto, evt, p, 8);
}

static void setup(void)
{
	memset(en_calls, 0, sizeof(en_calls));
	memset(dis_calls, 0, sizeof(dis_calls));
	fail_enable_src = -1;
	ft = ft_open(16, 128, NULL, NULL, NULL);
}

static void teardown(void)
{
	ft_destroy(ft);
}

/* A subscriber that records what it saw and can be waited for. */
struct rec {
	sem_t got;
	unsigned int n; /* ATOMIC */
	uint32_t last_seq;
	uint32_t last_src;
	bool out_of_order;
	uint8_t proto;
};

static void rec_init(struct rec *r)
{
	memset(r, 0, sizeof(*r));
	sem_init(&r->got, 0, 0);
}

static void rec_cb(const struct scmi_vio_notify_report *rep, void *arg)
{
	struct rec *r = arg;
	uint32_t seq = sv_get_le32((const uint8_t *)rep->payload + 4);

	if (sv_read_once(&r->n) && seq <= r->last_seq)
		r->out_of_order = true;
	r->last_seq = seq;
	r->last_src = rep->src;
	r->proto = rep->protocol;
	sv_fetch_add(&r->n, 1);
	sem_post(&r->got);
}

/* Subscribe @r to @proto's @evt from @src: the call's return. */
static int rec_sub(uint8_t proto, uint8_t evt, uint32_t src, struct rec *r,
		   struct scmi_vio_notify_sub **s)
{
	return scmi_vio_notify_subscribe(ft->agent, proto, evt, src, rec_cb, r,
					 s);
}

/* Register PA (queue @depth) and subscribe a fresh @r to EV0, all sources. */
static struct scmi_vio_notify_sub *rec_on_pa(struct rec *r, unsigned int depth)
{
	struct scmi_vio_notify_sub *s;

	rec_init(r);
	reg(PA, depth);
	ck_assert_int_eq(rec_sub(PA, EV0, SCMI_VIO_NOTIFY_ALL_SRC, r, &s), 0);
	return s;
}

static void wait_n(struct rec *r, unsigned int n)
{
	while (sv_read_once(&r->n) < n)
		ft_sem_wait(&r->got);
}

START_TEST(test_deliver_typed_and_filtered_by_source)
{
	struct scmi_vio_notify_sub *all, *one;
	struct rec ra, r1;

	rec_init(&ra);
	rec_init(&r1);
	reg(PA, 0);
	ck_assert_int_eq(rec_sub(PA, EV0, SCMI_VIO_NOTIFY_ALL_SRC, &ra, &all),
			 0);
	ck_assert_int_eq(rec_sub(PA, EV0, 2, &r1, &one), 0);
	notify(PA, EV0, 1, 1);
	notify(PA, EV0, 2, 2);
	notify(PA, EV1, 2, 3); /* nobody listens to EV1 */
	wait_n(&ra, 2);
	wait_n(&r1, 1);
	ck_assert_uint_eq(r1.last_src, 2);
	ck_assert_uint_eq(r1.proto, PA);
	ck_assert_uint_eq(ra.last_seq, 2);
	ck_assert_uint_eq(ft_stats(ft).notifications, 3);
	scmi_vio_notify_unsubscribe(ft->agent, all);
	scmi_vio_notify_unsubscribe(ft->agent, one);
	ck_assert_uint_eq(sv_read_once(&r1.n), 1);
}
END_TEST

/* First subscriber of a key enables, last disables; all-sources counts as
 * one subscriber of every source (docs/linux-notes.md A11.10). */
START_TEST(test_enable_refcount)
{
	struct scmi_vio_notify_sub *s1, *s2, *sall;
	struct rec r;
	int src;

	rec_init(&r);
	reg(PA, 0);
	ck_assert_int_eq(rec_sub(PA, EV1, 1, &r, &s1), 0);
	ck_assert_int_eq(rec_sub(PA, EV1, 1, &r, &s2), 0);
	ck_assert_int_eq(en_calls[0][EV1][1], 1);
	ck_assert_int_eq(rec_sub(PA, EV1, SCMI_VIO_NOTIFY_ALL_SRC, &r, &sall),
			 0);
	for (src = 0; src < NSRC; src++)
		ck_assert_int_eq(en_calls[0][EV1][src], 1);
	scmi_vio_notify_unsubscribe(ft->agent, s1);
	scmi_vio_notify_unsubscribe(ft->agent, sall);
	ck_assert_int_eq(dis_calls[0][EV1][1], 0);
	ck_assert_int_eq(dis_calls[0][EV1][0], 1);
	scmi_vio_notify_unsubscribe(ft->agent, s2);
	ck_assert_int_eq(dis_calls[0][EV1][1], 1);
	ck_assert_int_eq(en_calls[0][EV0][0], 0);
	/* A refused enable fails a single-source subscribe, and leaves no
	 * count behind. */
	fail_enable_src = 3;
	ck_assert_int_eq(rec_sub(PA, EV0, 3, &r, &s1), -EACCES);
	fail_enable_src = -1;
	ck_assert_int_eq(rec_sub(PA, EV0, 3, &r, &s1), 0);
	ck_assert_int_eq(en_calls[0][EV0][3], 1);
	scmi_vio_notify_unsubscribe(ft->agent, s1);
	/* Unknown event or source of a registered protocol. */
	ck_assert_int_eq(rec_sub(PA, 7, 0, &r, &s1), -EINVAL);
	ck_assert_int_eq(rec_sub(PA, EV0, NSRC, &r, &s1), -EINVAL);
}
END_TEST

/* A subscription made before its protocol registers is bound later. */
START_TEST(test_pending_subscription_bound_at_register)
{
	struct scmi_vio_notify_sub *s, *gone;
	struct rec r;

	rec_init(&r);
	ck_assert_int_eq(rec_sub(PB, EV0, 2, &r, &s), 0);
	ck_assert_int_eq(rec_sub(PB, EV1, 2, &r, &gone), 0);
	scmi_vio_notify_unsubscribe(ft->agent, gone);
	ck_assert_int_eq(en_calls[1][EV0][2], 0);
	notify(PB, EV0, 2, 1); /* not registered yet: S-14 */
	ck_assert_uint_eq(ft_stats(ft).unknown_event, 1);
	reg(PB, 0);
	ck_assert_int_eq(en_calls[1][EV0][2], 1);
	ck_assert_int_eq(en_calls[1][EV1][2], 0);
	notify(PB, EV0, 2, 2);
	wait_n(&r, 1);
	ck_assert_uint_eq(r.last_seq, 2);
	ck_assert_int_eq(scmi_vio_notify_register_protocol(
				 ft->agent,
				 &(struct scmi_vio_notify_proto_desc){
					 .protocol = PB,
					 .events = evs,
					 .n_events = 2,
					 .num_sources = 1 }),
			 -EEXIST);
	scmi_vio_notify_unsubscribe(ft->agent, s);
	ck_assert_int_eq(dis_calls[1][EV0][2], 1);
}
END_TEST

/* S-14 unknown event; S-11 payload above the event's maximum; malformed
 * payload rejected by the protocol's parser. */
START_TEST(test_s14_s11_bad_notifications)
{
	uint8_t big[64] = { 0 };
	struct scmi_vio_notify_sub *s;
	struct rec r;

	s = rec_on_pa(&r, 0);
	notify(0x70, EV0, 0, 1); /* unknown protocol */
	notify(PA, 9, 0, 1); /* unknown event */
	ck_assert_uint_eq(ft_stats(ft).unknown_event, 2);
	ft_notify(ft, PA, EV0, big, sizeof(big)); /* above max 8 */
	ck_assert_uint_eq(ft_stats(ft).truncated, 1);
	ft_notify(ft, PA, EV0, big, 4); /* parser: too short */
	notify(PA, EV0, 0, 5);
	wait_n(&r, 1);
	ck_assert_uint_eq(r.last_seq, 5);
	ck_assert_uint_eq(ft_stats(ft).invalid, 1);
	scmi_vio_notify_unsubscribe(ft->agent, s);
	ck_assert_uint_eq(sv_read_once(&r.n), 1);
}
END_TEST

/* Invariant 9: in-order delivery under a burst; drops are counted, what
 * is queued is delivered, never reordered. */
START_TEST(test_inv9_in_order)
{
	unsigned int i, n = 2000 / SCMI_VIO_TEST_SCALE;
	struct scmi_vio_notify_sub *s;
	struct scmi_vio_agent_stats st;
	struct rec r;

	s = rec_on_pa(&r, 16);
	for (i = 1; i <= n; i++)
		notify(PA, EV0, 0, i);
	st = ft_stats(ft);
	ck_assert_uint_eq(st.notifications + st.queue_full, n);
	wait_n(&r, (unsigned int)st.notifications);
	scmi_vio_notify_unsubscribe(ft->agent, s);
	ck_assert(!r.out_of_order);
	ck_assert_uint_eq(sv_read_once(&r.n), st.notifications);
}
END_TEST

/* A gate a callback blocks on. */
struct gate {
	sem_t entered, release;
	unsigned int exited; /* ATOMIC */
	unsigned int calls; /* ATOMIC */
};

static void gate_cb(const struct scmi_vio_notify_report *rep, void *arg)
{
	struct gate *g = arg;

	sv_fetch_add(&g->calls, 1);
	sem_post(&g->entered);
	sem_wait(&g->release);
	sv_write_once(&g->exited, 1);
}

/* S-13 and invariant 9: a slow subscriber's protocol drops and counts
 * when full; another protocol keeps flowing meanwhile. */
START_TEST(test_s13_flood_slow_subscriber)
{
	struct scmi_vio_notify_sub *sa, *sb;
	struct scmi_vio_agent_stats st;
	struct gate g;
	struct rec rb;
	unsigned int i;

	memset(&g, 0, sizeof(g));
	sem_init(&g.entered, 0, 0);
	sem_init(&g.release, 0, 0);
	rec_init(&rb);
	reg(PA, 8);
	reg(PB, 8);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, PA, EV0,
						   SCMI_VIO_NOTIFY_ALL_SRC,
						   gate_cb, &g, &sa),
			 0);
	ck_assert_int_eq(rec_sub(PB, EV0, SCMI_VIO_NOTIFY_ALL_SRC, &rb, &sb),
			 0);
	notify(PA, EV0, 0, 0);
	ft_sem_wait(&g.entered); /* PA's dispatcher is stuck in gate_cb */
	for (i = 1; i <= 100; i++)
		notify(PA, EV0, 0, i);
	st = ft_stats(ft);
	/* The event in gate_cb keeps its slot: 7 of the 8 are free. */
	ck_assert_uint_eq(st.queue_full, 100 - 7);
	/* PB is not blocked by PA. */
	notify(PB, EV0, 0, 1);
	wait_n(&rb, 1);
	for (i = 0; i < 8; i++)
		sem_post(&g.release);
	for (i = 0; i < 7; i++)
		ft_sem_wait(&g.entered);
	scmi_vio_notify_unsubscribe(ft->agent, sa);
	scmi_vio_notify_unsubscribe(ft->agent, sb);
	ck_assert_uint_eq(sv_read_once(&g.calls), 8);
}
END_TEST

struct unsub_arg {
	struct scmi_vio_notify_sub *s;
	unsigned int exited_at_return;
	sem_t started;
};

static struct gate *l13_gate;

static void *unsub_thread_l13(void *arg)
{
	struct unsub_arg *u = arg;

	sem_post(&u->started);
	scmi_vio_notify_unsubscribe(ft->agent, u->s);
	u->exited_at_return = sv_read_once(&l13_gate->exited);
	return NULL;
}

/* L-13, invariant 10: unsubscribe while the dispatcher is inside that
 * callback waits for it; the callback never runs afterwards. */
START_TEST(test_l13_unsubscribe_during_callback)
{
	struct scmi_vio_notify_sub *marker;
	struct unsub_arg u;
	struct gate g;
	struct rec rm;
	pthread_t t;

	memset(&g, 0, sizeof(g));
	sem_init(&g.entered, 0, 0);
	sem_init(&g.release, 0, 0);
	l13_gate = &g;
	rec_init(&rm);
	sem_init(&u.started, 0, 0);
	reg(PA, 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, PA, EV0,
						   SCMI_VIO_NOTIFY_ALL_SRC,
						   gate_cb, &g, &u.s),
			 0);
	notify(PA, EV0, 0, 1);
	ft_sem_wait(&g.entered);
	pthread_create(&t, NULL, unsub_thread_l13, &u);
	ft_sem_wait(&u.started);
	/* Give a wrong (non-waiting) unsubscribe time to return early; the
	 * pass does not depend on this delay. */
	nanosleep(&(struct timespec){ 0, 50000000 }, NULL);
	sem_post(&g.release);
	pthread_join(t, NULL);
	ck_assert_uint_eq(u.exited_at_return, 1);
	/* The callback never runs again: a marker subscribed afterwards on
	 * the same (in-order) dispatcher sees the next notification, and
	 * the gate callback did not. */
	ck_assert_int_eq(
		rec_sub(PA, EV0, SCMI_VIO_NOTIFY_ALL_SRC, &rm, &marker), 0);
	notify(PA, EV0, 0, 2);
	wait_n(&rm, 1);
	ck_assert_uint_eq(sv_read_once(&g.calls), 1);
	scmi_vio_notify_unsubscribe(ft->agent, marker);
}
END_TEST

struct self {
	struct scmi_vio_notify_sub *s;
	unsigned int calls; /* ATOMIC */
	sem_t done;
};

static void self_unsub_cb(const struct scmi_vio_notify_report *rep, void *arg)
{
	struct self *me = arg;

	sv_fetch_add(&me->calls, 1);
	scmi_vio_notify_unsubscribe(ft->agent, me->s);
	sem_post(&me->done);
}

/* Invariant 10 from inside: a callback unsubscribing itself does not
 * deadlock and is not called again. */
START_TEST(test_unsubscribe_from_own_callback)
{
	struct scmi_vio_notify_sub *marker;
	struct self me;
	struct rec rm;

	memset(&me, 0, sizeof(me));
	sem_init(&me.done, 0, 0);
	rec_init(&rm);
	reg(PA, 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, PA, EV0,
						   SCMI_VIO_NOTIFY_ALL_SRC,
						   self_unsub_cb, &me, &me.s),
			 0);
	ck_assert_int_eq(
		rec_sub(PA, EV1, SCMI_VIO_NOTIFY_ALL_SRC, &rm, &marker), 0);
	notify(PA, EV0, 0, 1);
	notify(PA, EV0, 0, 2);
	notify(PA, EV1, 0, 3);
	wait_n(&rm, 1);
	ft_sem_wait(&me.done);
	ck_assert_uint_eq(sv_read_once(&me.calls), 1);
	scmi_vio_notify_unsubscribe(ft->agent, marker);
}
END_TEST

struct churn {
	unsigned int stop; /* ATOMIC */
	unsigned long calls; /* ATOMIC */
};

static void churn_cb(const struct scmi_vio_notify_report *rep, void *arg)
{
	struct churn *c = arg;

	sv_fetch_add(&c->calls, 1);
}

static void *churn_producer(void *arg)
{
	struct churn *c = arg;
	uint32_t i = 0;

	while (!sv_read_once(&c->stop))
		notify(PA, EV0, i % NSRC, i), i++;
	return NULL;
}

/* Subscribe/unsubscribe racing a stream of notifications (RCU lists,
 * call_rcu reclaim): nothing crashes, leaks or runs after unsubscribe. */
START_TEST(test_subscribe_churn_under_traffic)
{
	struct scmi_vio_notify_sub *s;
	struct churn c = { 0 };
	unsigned long before;
	pthread_t t;
	int i, n = 300 / SCMI_VIO_TEST_SCALE;

	reg(PA, 32);
	pthread_create(&t, NULL, churn_producer, &c);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(scmi_vio_notify_subscribe(
					 ft->agent, PA, EV0,
					 i % 2 ? SCMI_VIO_NOTIFY_ALL_SRC :
						 (uint32_t)(i % NSRC),
					 churn_cb, &c, &s),
				 0);
		sched_yield();
		scmi_vio_notify_unsubscribe(ft->agent, s);
		before = sv_read_once(&c.calls);
		sched_yield();
		ck_assert_uint_eq(sv_read_once(&c.calls), before);
	}
	sv_write_once(&c.stop, 1);
	pthread_join(t, NULL);
	ck_assert_int_eq(en_calls[0][EV0][0], dis_calls[0][EV0][0]);
}
END_TEST

/* The receive scratch pool (max_msg(RX) transfers) exhausted by
 * concurrent receive contexts: the notification is dropped and counted,
 * never waited for; it works again once a scratch transfer is back. */
START_TEST(test_rx_scratch_exhausted)
{
	struct scmi_vio_xfer *held[8];
	struct scmi_vio_notify_sub *s;
	unsigned int i;
	struct rec r;

	s = rec_on_pa(&r, 0);
	for (i = 0; i < 8; i++) {
		held[i] = scmi_vio__rx_xfer_get(ft->agent);
		ck_assert_ptr_nonnull(held[i]);
	}
	ck_assert_ptr_null(scmi_vio__rx_xfer_get(ft->agent));
	notify(PA, EV0, 0, 1);
	ck_assert_uint_eq(ft_stats(ft).rx_nomem, 1);
	scmi_vio__xfer_put(ft->agent, held[0]);
	notify(PA, EV0, 0, 2);
	wait_n(&r, 1);
	ck_assert_uint_eq(r.last_seq, 2);
	for (i = 1; i < 8; i++)
		scmi_vio__xfer_put(ft->agent, held[i]);
	scmi_vio_notify_unsubscribe(ft->agent, s);
}
END_TEST

/* ---- S-19: counts the platform reports drive bounded work ---------- */

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static bool gate_shut, gate_entered; /* under gate_lock */
static unsigned int slow_calls; /* ATOMIC */
static int slow_ret; /* ATOMIC */
static unsigned int slow_us;

/*
 * The platform side of an enable or disable command, for S-19: counted,
 * taking @slow_us and answering @slow_ret; while the gate is shut, a call
 * for EV0 waits for it to open (a command in flight).
 */
static int slow_set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
			    uint32_t src, bool on)
{
	struct timespec ts = { 0, (long)slow_us * 1000 };

	sv_fetch_add(&slow_calls, 1);
	pthread_mutex_lock(&gate_lock);
	if (gate_shut && evt == EV0) {
		gate_entered = true;
		pthread_cond_broadcast(&gate_cond);
		while (gate_shut)
			pthread_cond_wait(&gate_cond, &gate_lock);
	}
	pthread_mutex_unlock(&gate_lock);
	if (slow_us)
		nanosleep(&ts, NULL);
	return sv_read_once(&slow_ret);
}

static int reg_many(uint8_t proto, uint32_t nsrc)
{
	return reg_with(proto, nsrc, 0, slow_set_enabled);
}

static void slow_reset(unsigned int reply_timeout_ms)
{
	struct scmi_vio_agent_config cfg = { .reply_timeout_ms =
						     reply_timeout_ms };

	ft_destroy(ft);
	ft = ft_open(16, 128, &cfg, NULL, NULL);
	sv_write_once(&slow_calls, 0);
	sv_write_once(&slow_ret, 0);
	slow_us = 0;
	gate_shut = false;
	gate_entered = false;
}

static uint64_t ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)(t.tv_sec - t0->tv_sec) * 1000u +
	       (uint64_t)((t.tv_nsec - t0->tv_nsec) / 1000000);
}

/* S-19: a platform claiming 65535 sources is refused at registration
 * (documented cap); the cap itself is accepted. */
START_TEST(test_s19_source_count_capped)
{
	ck_assert_int_eq(reg_many(PA, 65535), -E2BIG);
	ck_assert_int_eq(reg_many(PA, SCMI_VIO_NOTIFY_MAX_SOURCES + 1), -E2BIG);
	ck_assert_int_eq(reg_many(PA, SCMI_VIO_NOTIFY_MAX_SOURCES), 0);
}
END_TEST

/*
 * S-19: an all-sources subscribe stops at the first enable that times out
 * (one command, not one per source), and leaves no count behind; an
 * all-sources unsubscribe stops sending disables at the first one that
 * times out.
 */
START_TEST(test_s19_walk_stops_at_timeout)
{
	struct scmi_vio_notify_sub *s;
	struct rec r;

	rec_init(&r);
	slow_reset(60000);
	ck_assert_int_eq(reg_many(PA, SCMI_VIO_NOTIFY_MAX_SOURCES), 0);
	sv_write_once(&slow_ret, -ETIMEDOUT);
	ck_assert_int_eq(rec_sub(PA, EV0, SCMI_VIO_NOTIFY_ALL_SRC, &r, &s),
			 -ETIMEDOUT);
	ck_assert_uint_eq(sv_read_once(&slow_calls), 1);
	/* No count left: a single source enables (and disables) again. */
	sv_write_once(&slow_ret, 0);
	ck_assert_int_eq(rec_sub(PA, EV0, 5, &r, &s), 0);
	scmi_vio_notify_unsubscribe(ft->agent, s);
	ck_assert_uint_eq(sv_read_once(&slow_calls), 3);
	/* Unsubscribing from every source, with a platform gone silent. */
	ck_assert_int_eq(rec_sub(PA, EV1, SCMI_VIO_NOTIFY_ALL_SRC, &r, &s), 0);
	ck_assert_uint_eq(sv_read_once(&slow_calls),
			  3 + SCMI_VIO_NOTIFY_MAX_SOURCES);
	sv_write_once(&slow_ret, -ETIMEDOUT);
	scmi_vio_notify_unsubscribe(ft->agent, s);
	ck_assert_uint_eq(sv_read_once(&slow_calls),
			  4 + SCMI_VIO_NOTIFY_MAX_SOURCES);
}
END_TEST

/* S-19: a platform that answers every enable, slowly: the all-sources
 * walk gives up after one reply timeout instead of 1024 answers. */
START_TEST(test_s19_walk_bounded_in_time)
{
	struct scmi_vio_notify_sub *s;
	struct timespec t0;
	struct rec r;

	rec_init(&r);
	slow_reset(100);
	ck_assert_int_eq(reg_many(PA, SCMI_VIO_NOTIFY_MAX_SOURCES), 0);
	slow_us = 2000;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(rec_sub(PA, EV0, SCMI_VIO_NOTIFY_ALL_SRC, &r, &s),
			 -ETIMEDOUT);
	ck_assert_uint_lt(ms_since(&t0), 1000);
	ck_assert_uint_lt(sv_read_once(&slow_calls),
			  SCMI_VIO_NOTIFY_MAX_SOURCES);
}
END_TEST

struct subber {
	pthread_t t;
	uint8_t proto, evt;
	uint32_t src;
	struct scmi_vio_notify_sub *s;
	struct rec r;
	int ret;
};

static void *subber_run(void *arg)
{
	struct subber *b = arg;

	b->ret = rec_sub(b->proto, b->evt, b->src, &b->r, &b->s);
	return NULL;
}

/* Opens the gate after 3 s if the test has not, so a caller blocked
 * behind it cannot hang the test. */
static void *gate_watchdog(void *arg)
{
	struct timespec dl;

	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += 3;
	pthread_mutex_lock(&gate_lock);
	while (gate_shut &&
	       pthread_cond_timedwait(&gate_cond, &gate_lock, &dl) != ETIMEDOUT)
		;
	gate_shut = false;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
	return NULL;
}

/*
 * S-19: while an enable command is in flight (the platform holds it), no
 * other caller waits for it unless it needs that very source: another
 * protocol and another event of the same protocol subscribe and
 * unsubscribe at once.
 */
START_TEST(test_s19_no_command_waits_under_lock)
{
	struct scmi_vio_notify_sub *sb, *se;
	struct subber a;
	struct timespec t0;
	pthread_t wd;
	struct rec r;

	rec_init(&r);
	slow_reset(60000);
	ck_assert_int_eq(reg_many(PA, NSRC), 0);
	reg(PB, 0);
	gate_shut = true;
	memset(&a, 0, sizeof(a));
	rec_init(&a.r);
	a.proto = PA;
	a.evt = EV0;
	a.src = SCMI_VIO_NOTIFY_ALL_SRC;
	pthread_create(&a.t, NULL, subber_run, &a);
	pthread_mutex_lock(&gate_lock);
	while (!gate_entered)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	pthread_create(&wd, NULL, gate_watchdog, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(rec_sub(PB, EV0, 1, &r, &sb), 0);
	scmi_vio_notify_unsubscribe(ft->agent, sb);
	ck_assert_int_eq(rec_sub(PA, EV1, 2, &r, &se), 0);
	scmi_vio_notify_unsubscribe(ft->agent, se);
	ck_assert_uint_lt(ms_since(&t0), 1000);
	pthread_mutex_lock(&gate_lock);
	gate_shut = false;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
	pthread_join(a.t, NULL);
	ck_assert_int_eq(a.ret, 0);
	scmi_vio_notify_unsubscribe(ft->agent, a.s);
	pthread_join(wd, NULL);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_deliver_typed_and_filtered_by_source,
		test_enable_refcount,
		test_pending_subscription_bound_at_register,
		test_s14_s11_bad_notifications,
		test_inv9_in_order,
		test_s13_flood_slow_subscriber,
		test_l13_unsubscribe_during_callback,
		test_unsubscribe_from_own_callback,
		test_subscribe_churn_under_traffic,
		test_rx_scratch_exhausted,
		test_s19_source_count_capped,
		test_s19_walk_stops_at_timeout,
		test_s19_walk_bounded_in_time,
		test_s19_no_command_waits_under_lock,
		NULL
	};

	return check_main_fixture("scmi_notify", "notify", 0, setup, teardown,
				  tests);
}
