// SPDX-License-Identifier: BSD-3-Clause
/*
 * Driver role: kicks and their suppression (flags and EVENT_IDX, the forced
 * kick), interrupts and callback suppression, the poll positions, doorbells
 * and a device that completes inside the kick.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "vq_test.h"

/*
 * Kick decisions: one step sets avail_event (-1: leaves it), sets
 * used.flags, adds @adds chains and expects a kick or none.
 */
struct kick_step {
	int avail_event;
	uint16_t used_flags;
	unsigned int adds;
	bool kick;
};

/* Without EVENT_IDX the kick follows used.flags. */
static const struct kick_step kick_flags[] = {
	{ -1, 0, 1, true },
	{ -1, SCMI_VIO_VRING_USED_F_NO_NOTIFY, 1, false },
};

/* With EVENT_IDX it follows avail_event, and used.flags is ignored. */
static const struct kick_step kick_event_idx[] = {
	{ 0, 0, 1, true }, /* idx 0 -> 1 crosses 0 */
	{ 5, 0, 1, false }, /* 1 -> 2 */
	{ -1, 0, 4, true }, /* 2 -> 6 crosses 5 */
	{ 6, SCMI_VIO_VRING_USED_F_NO_NOTIFY, 1, true },
};

static const struct {
	uint64_t features;
	const struct kick_step *steps;
	unsigned int n;
} kick_cases[] = {
	{ 0, kick_flags, CHECK_ROWS(kick_flags) },
	{ EI, kick_event_idx, CHECK_ROWS(kick_event_idx) },
};

START_TEST(test_kick_prepare)
{
	const struct kick_step *st = kick_cases[_i].steps;
	uintptr_t token = 1;
	unsigned int i, k;

	fx_open(8, kick_cases[_i].features, 4, NULL);
	for (i = 0; i < kick_cases[_i].n; i++) {
		if (st[i].avail_event >= 0)
			*scmi_vio_vring_avail_event(&fx.ring) =
				(uint16_t)st[i].avail_event;
		fx.ring.used->flags = st[i].used_flags;
		for (k = 0; k < st[i].adds; k++)
			ck_assert_int_eq(add_one(token++, 1, 0), 0);
		ck_assert_int_eq(scmi_vio_vq_kick_prepare(fx.vq), st[i].kick);
	}
	fx_close();
}
END_TEST

/* D-7: random avail_event / used.flags only change whether a kick is due,
 * and a kick is forced once 0xffff chains were added without a decision. */
START_TEST(test_d07_forced_kick_after_0xffff_adds)
{
	unsigned int seed = 7, i;
	void *tok;

	fx_open_param(_i);
	/* Garbage the device controls. */
	for (i = 0; i < 1000; i++) {
		*scmi_vio_vring_avail_event(&fx.ring) = (uint16_t)rand_r(&seed);
		fx.ring.used->flags = (uint16_t)rand_r(&seed);
		ck_assert_int_eq(add_one(1 + i, 1, 0), 0);
		(void)scmi_vio_vq_kick_prepare(fx.vq);
		dev_push((uint32_t)dev_pop(), 0);
		ck_assert_int_eq(scmi_vio_vq_get_used(fx.vq, &tok, NULL), 1);
	}
	/* The device says "never kick me", and the event index sits where a
	 * 16-bit window of 0xffff adds would never cross it. */
	fx.ring.used->flags = SCMI_VIO_VRING_USED_F_NO_NOTIFY;
	*scmi_vio_vring_avail_event(&fx.ring) =
		(uint16_t)(fx.ring.avail->idx - 1);
	ck_assert(!scmi_vio_vq_kick_prepare(fx.vq));
	for (i = 0; i < 0xfffe; i++) {
		ck_assert_int_eq(add_one(1 + i, 1, 0), 0);
		dev_push((uint32_t)dev_pop(), 0);
		ck_assert_int_eq(scmi_vio_vq_get_used(fx.vq, &tok, NULL), 1);
	}
	ck_assert_int_eq(add_one(1, 1, 0), 0);
	ck_assert(scmi_vio_vq_kick_prepare(fx.vq));
	ck_assert(!scmi_vio_vq_is_broken(fx.vq));
	fx_close();
}
END_TEST

/* D-8, D-11: interrupts with nothing (or part) used are harmless, and a
 * storm of them costs bounded work: each get_used reaps at most one chain
 * and the loop ends when the chains actually used are reaped. */
START_TEST(test_d08_d11_spurious_interrupts)
{
	unsigned int i, reaped = 0;
	void *tok;
	int ret;

	fx_open(8, 0, 4, NULL);
	ck_assert_int_eq(scmi_vio_vq_get_used(fx.vq, &tok, NULL), 0);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(add_one(1 + i, 1, 0), 0);
	dev_push((uint32_t)dev_pop(), 0);
	for (i = 0; i < 1000; i++) {
		while ((ret = scmi_vio_vq_get_used(fx.vq, &tok, NULL)) == 1)
			reaped++;
		ck_assert_int_eq(ret, 0);
	}
	ck_assert_uint_eq(reaped, 1);
	fx_close();
}
END_TEST

/* D-10: a device that never returns buffers: the ring fills, adds fail with
 * -ENOSPC, and every token can still be taken back at shutdown. */
START_TEST(test_d10_device_never_returns)
{
	unsigned int n = 0;

	fx_open_param(_i);
	while (add_one(1 + n, 1, 0) == 0)
		n++;
	ck_assert_uint_eq(n, fx.ring.num);
	ck_assert_int_eq(add_one(1, 1, 0), -ENOSPC);
	scmi_vio_vq_break(fx.vq);
	expect_detach_all(n);
}
END_TEST

/* D-12: work arriving between enable_cb_prepare and poll is seen. */
START_TEST(test_d12_prepare_then_poll_sees_work)
{
	uint64_t pos;
	uint16_t pos16;

	fx_open_param(_i);
	ck_assert_int_eq(add_one(1, 1, 0), 0);
	pos = scmi_vio_vq_enable_cb_prepare(fx.vq);
	pos16 = scmi_vio_vq_enable_cb_prepare16(fx.vq);
	ck_assert(!scmi_vio_vq_poll(fx.vq, pos));
	ck_assert(!scmi_vio_vq_poll16(fx.vq, pos16));
	ck_assert(scmi_vio_vq_enable_cb(fx.vq));
	dev_push((uint32_t)dev_pop(), 0);
	ck_assert(scmi_vio_vq_poll(fx.vq, pos));
	ck_assert(scmi_vio_vq_poll16(fx.vq, pos16));
	ck_assert(!scmi_vio_vq_enable_cb(fx.vq));
	fx_close();
}
END_TEST

/*
 * L-7: exactly k x 2^16 completions (all reaped) between taking a poll
 * position and polling it.  The 16-bit form sees used.idx unchanged and
 * wrongly answers "nothing used"; the 64-bit form answers rightly.
 */
START_TEST(test_l07_poll_position_wraps)
{
	unsigned int k;

	fx_open(256, EI, 4, NULL);
	for (k = 1; k <= 2; k++) {
		uint64_t pos = scmi_vio_vq_enable_cb_prepare(fx.vq);
		uint16_t pos16 = scmi_vio_vq_enable_cb_prepare16(fx.vq);
		uint32_t i;
		void *tok;

		for (i = 0; i < 65536u; i++) {
			ck_assert_int_eq(add_one(1 + i, 1, 0), 0);
			dev_push((uint32_t)dev_pop(), 0);
			ck_assert_int_eq(
				scmi_vio_vq_get_used(fx.vq, &tok, NULL), 1);
		}
		/* The ambiguity the 64-bit position exists to remove: */
		ck_assert(!scmi_vio_vq_poll16(fx.vq, pos16));
		ck_assert(scmi_vio_vq_poll(fx.vq, pos));
		ck_assert_uint_eq(scmi_vio_vq_enable_cb_prepare(fx.vq),
				  pos + 65536u);
	}
	fx_close();
}
END_TEST

/* disable_cb / enable_cb write the flag (no EVENT_IDX) or used_event. */
START_TEST(test_callback_suppression)
{
	void *tok;
	int i;

	fx_open(8, 0, 4, NULL);
	scmi_vio_vq_disable_cb(fx.vq);
	ck_assert_uint_eq(fx.ring.avail->flags,
			  SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT);
	ck_assert(scmi_vio_vq_enable_cb(fx.vq));
	ck_assert_uint_eq(fx.ring.avail->flags, 0);
	fx_close();

	fx_open(8, EI, 4, NULL);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(add_one(1 + i, 1, 0), 0);
		dev_push((uint32_t)dev_pop(), 0);
		ck_assert_int_eq(scmi_vio_vq_get_used(fx.vq, &tok, NULL), 1);
		/* Callbacks on: used_event follows what we reaped. */
		ck_assert_uint_eq(*scmi_vio_vring_used_event(&fx.ring), i + 1);
	}
	scmi_vio_vq_disable_cb(fx.vq);
	ck_assert_uint_eq(fx.ring.avail->flags, 0);
	ck_assert_uint_eq(*scmi_vio_vring_used_event(&fx.ring), 2);
	ck_assert_int_eq(add_one(9, 1, 0), 0);
	dev_push((uint32_t)dev_pop(), 0);
	ck_assert_int_eq(scmi_vio_vq_get_used(fx.vq, &tok, NULL), 1);
	ck_assert_uint_eq(*scmi_vio_vring_used_event(&fx.ring), 2);
	ck_assert(scmi_vio_vq_enable_cb(fx.vq));
	ck_assert_uint_eq(*scmi_vio_vring_used_event(&fx.ring), 4);

	/* Delayed: 8 in flight, event at about 3/4 of them. */
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(add_one(20 + i, 1, 0), 0);
	ck_assert(scmi_vio_vq_enable_cb_delayed(fx.vq));
	ck_assert_uint_eq(*scmi_vio_vring_used_event(&fx.ring), 4 + 6);
	for (i = 0; i < 7; i++)
		dev_push((uint32_t)dev_pop(), 0);
	ck_assert(!scmi_vio_vq_enable_cb_delayed(fx.vq));
	fx_close();
}
END_TEST

/*
 * D-13: with EVENT_IDX avail.flags stays 0 whatever the caller does, a
 * polling-only queue included (it asks by used_event alone).
 */
START_TEST(test_d13_event_idx_keeps_avail_flags_zero)
{
	struct scmi_vio_vq_config cfg;
	struct scmi_vio_vq *vq;
	void *tok;
	int k;

	for (k = 0; k < 2; k++) {
		fx_open(8, EI, 4, NULL);
		scmi_vio_vq_destroy(fx.vq);
		memset(&cfg, 0, sizeof(cfg));
		cfg.ring = fx.ring;
		cfg.features = EI;
		cfg.no_interrupts = k;
		fx.ring.avail->flags = 0;
		ck_assert_int_eq(scmi_vio_vq_create(&cfg, &vq), 0);
		fx.vq = vq;
		ck_assert_uint_eq(fx.ring.avail->flags, 0);
		scmi_vio_vq_disable_cb(vq);
		ck_assert_uint_eq(fx.ring.avail->flags, 0);
		ck_assert_int_eq(add_one(1, 1, 0), 0);
		(void)scmi_vio_vq_kick(vq);
		dev_push((uint32_t)dev_pop(), 0);
		ck_assert_int_eq(scmi_vio_vq_get_used(vq, &tok, NULL), 1);
		ck_assert_uint_eq(fx.ring.avail->flags, 0);
		(void)scmi_vio_vq_enable_cb(vq);
		ck_assert_uint_eq(fx.ring.avail->flags, 0);
		scmi_vio_vq_disable_cb(vq);
		(void)scmi_vio_vq_enable_cb_delayed(vq);
		ck_assert_uint_eq(fx.ring.avail->flags, 0);
		scmi_vio_vq_disable_cb(vq);
		(void)scmi_vio_vq_enable_cb_prepare(vq);
		ck_assert_uint_eq(fx.ring.avail->flags, 0);
		fx_close();
	}
}
END_TEST

static unsigned int rang;

static void count_ring(void *arg)
{
	(void)arg;
	rang++;
}

START_TEST(test_notify_rings_doorbell)
{
	struct scmi_vio_doorbell *db;

	ck_assert_int_eq(scmi_vio_doorbell_inline_create(count_ring, NULL, &db),
			 0);
	rang = 0;
	fx_open(8, 0, 4, db);
	ck_assert_int_eq(add_one(1, 1, 0), 0);
	ck_assert_int_eq(scmi_vio_vq_kick(fx.vq), 0);
	ck_assert_uint_eq(rang, 1);
	fx.ring.used->flags = SCMI_VIO_VRING_USED_F_NO_NOTIFY;
	ck_assert_int_eq(add_one(2, 1, 0), 0);
	ck_assert_int_eq(scmi_vio_vq_kick(fx.vq), 0);
	ck_assert_uint_eq(rang, 1);
	ck_assert_int_eq(scmi_vio_vq_notify(fx.vq), 0);
	ck_assert_uint_eq(rang, 2);
	fx_close();
	scmi_vio_doorbell_destroy(db);
}
END_TEST

/*
 * L-10: the device completes inside the kick (inline doorbell) and its
 * interrupt handler takes the driver's queue lock.  The driver adds under
 * that lock, decides under it, and rings only after dropping it, so the
 * nested completion cannot self-deadlock.  (A recursive attempt would
 * hang this test; an error-checking mutex turns that into a failure.)
 */
static pthread_mutex_t qlock;
static unsigned int reaped_in_irq;

static void inline_device(void *arg)
{
	void *tok;
	int head;

	(void)arg;
	while ((head = dev_pop()) >= 0)
		dev_push((uint32_t)head, 0);
	/* The "interrupt": the driver's completion path. */
	ck_assert_int_eq(pthread_mutex_lock(&qlock), 0);
	while (scmi_vio_vq_get_used(fx.vq, &tok, NULL) == 1)
		reaped_in_irq++;
	ck_assert_int_eq(pthread_mutex_unlock(&qlock), 0);
}

START_TEST(test_l10_device_completes_inside_kick)
{
	struct scmi_vio_doorbell *db;
	pthread_mutexattr_t attr;
	bool kick;
	int i;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&qlock, &attr);
	ck_assert_int_eq(
		scmi_vio_doorbell_inline_create(inline_device, NULL, &db), 0);
	fx_open(8, EI, 4, db);
	reaped_in_irq = 0;
	for (i = 0; i < 100; i++) {
		ck_assert_int_eq(pthread_mutex_lock(&qlock), 0);
		ck_assert_int_eq(add_one(1 + i, 1, 0), 0);
		kick = scmi_vio_vq_kick_prepare(fx.vq);
		ck_assert_int_eq(pthread_mutex_unlock(&qlock), 0);
		if (kick)
			ck_assert_int_eq(scmi_vio_vq_notify(fx.vq), 0);
		*scmi_vio_vring_avail_event(&fx.ring) = fx.dev_avail;
	}
	ck_assert_uint_eq(reaped_in_irq, 100);
	fx_close();
	scmi_vio_doorbell_destroy(db);
	pthread_mutex_destroy(&qlock);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_kick_prepare, 0, CHECK_ROWS(kick_cases)),
		CHECK_LOOP(test_d07_forced_kick_after_0xffff_adds, 0, N_PARAMS),
		CHECK_ONCE(test_d08_d11_spurious_interrupts),
		CHECK_LOOP(test_d10_device_never_returns, 0, N_PARAMS),
		CHECK_LOOP(test_d12_prepare_then_poll_sees_work, 0, N_PARAMS),
		CHECK_ONCE(test_l07_poll_position_wraps),
		CHECK_ONCE(test_callback_suppression),
		CHECK_ONCE(test_d13_event_idx_keeps_avail_flags_zero),
		CHECK_ONCE(test_notify_rings_doorbell),
		CHECK_ONCE(test_l10_device_completes_inside_kick),
		{ NULL, 0, 0 },
	};

	return check_main("virtqueue_notify", 0, tests);
}
