// SPDX-License-Identifier: BSD-3-Clause
/*
 * Device role: completions (push, push_batch, V-15), notification decisions
 * (flags, EVENT_IDX with wrapping indices, V-20, the forced notification
 * after 2^16 entries), the enable_notify race re-check, the broken latch,
 * the in-flight bound and a budgeted service loop under a flood (V-21).
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "vqd_test.h"

/* Make @n single-descriptor chains available at heads 0..n-1. */
static void offer(struct ctx *c, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		vf_desc(&c->f, i, VF_DATA_GPA + 64 * (i % 1024), 64, WR, 0);
		vf_avail_add(&c->f, (uint16_t)i);
	}
}

/* Offer, pop and push back @count chains, in batches of up to num. */
static void cycle(struct ctx *c, unsigned int count)
{
	struct scmi_vio_vring_used_elem e[256];
	unsigned int batch, i;

	while (count) {
		batch = count < c->f.num ? count : c->f.num;
		if (batch > N_ELEM(e))
			batch = N_ELEM(e);
		offer(c, batch);
		for (i = 0; i < batch; i++) {
			/* Not ck_assert: it costs a pipe write even when it
			 * passes, and this runs millions of times. */
			if (pop(c) != 1)
				ck_abort_msg("cycle: pop failed");
			e[i] = (struct scmi_vio_vring_used_elem){ c->ch.head,
								  i % 65 };
		}
		if (scmi_vio_vqd_push_batch(c->vqd, e, batch))
			ck_abort_msg("cycle: push_batch failed");
		count -= batch;
	}
}

/* V-15: completing what was never popped, twice, or too long. */
START_TEST(test_v15_push_invalid_head)
{
	struct ctx c;

	ctx_init(&c, 8, 0);
	offer(&c, 2);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 1, 0), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 7, 0), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 8, 0), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0xffff, 0), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 65), -EINVAL);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 0);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 1);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 64), 0);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 0), -EINVAL);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 1);
	ck_assert_int_eq(scmi_vio_vqd_push(NULL, 0, 0), -EINVAL);
	ctx_fini(&c);
}
END_TEST

/* Caller bugs in pop(): refused, nothing consumed. */
START_TEST(test_pop_bad_arguments)
{
	struct ctx c;

	ctx_init(&c, 8, 0);
	offer(&c, 1);
	ck_assert_int_eq(scmi_vio_vqd_pop(NULL, &c.ch, c.iov, 4), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_pop(c.vqd, NULL, c.iov, 4), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_pop(c.vqd, &c.ch, NULL, 4), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_pop(c.vqd, &c.ch, c.iov, 0), -EINVAL);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 0);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert(!scmi_vio_vqd_need_notify(NULL));
	ck_assert(!scmi_vio_vqd_enable_notify(NULL));
	ck_assert(scmi_vio_vqd_is_broken(NULL));
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(NULL), 0);
	ctx_fini(&c);
}
END_TEST

/* push_batch fills used slots across the end of the ring. */
START_TEST(test_push_batch_wraps)
{
	unsigned int num = vqd_sizes[_i], n = num < 256 ? num : 256, i;
	struct scmi_vio_vring_used_elem *e;
	uint16_t start;
	uint32_t id, len;
	struct ctx c;

	ctx_init(&c, num, 0);
	/* Move the used index so that the batch crosses slot num - 1. */
	cycle(&c, num - n / 2);
	start = vf_read(&c.f, VF_USED_IDX);
	e = calloc(n, sizeof(*e));
	ck_assert_ptr_nonnull(e);
	offer(&c, n);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(pop(&c), 1);
		/* Complete in reverse order of popping. */
		e[n - 1 - i] =
			(struct scmi_vio_vring_used_elem){ c.ch.head, i % 65 };
	}
	ck_assert_int_eq(scmi_vio_vqd_push_batch(c.vqd, e, n), 0);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), (uint16_t)(start + n));
	for (i = 0; i < n; i++) {
		vf_read_used_elem(&c.f, (uint16_t)(start + i), &id, &len);
		ck_assert_uint_eq(id, e[i].id);
		ck_assert_uint_eq(len, e[i].len);
	}
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 0);
	free(e);
	ctx_fini(&c);
}
END_TEST

/* V-15 for batches: one bad element and nothing is pushed. */
START_TEST(test_v15_push_batch_all_or_nothing)
{
	struct scmi_vio_vring_used_elem e[4];
	unsigned int i;
	struct ctx c;

	ctx_init(&c, 8, 0);
	offer(&c, 3);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(pop(&c), 1);
	for (i = 0; i < 3; i++)
		e[i] = (struct scmi_vio_vring_used_elem){ i, 64 };
	e[2].len = 65;
	ck_assert_int_eq(scmi_vio_vqd_push_batch(c.vqd, e, 3), -EINVAL);
	e[2] = (struct scmi_vio_vring_used_elem){ 0, 1 };
	ck_assert_int_eq(scmi_vio_vqd_push_batch(c.vqd, e, 3), -EINVAL);
	e[2] = (struct scmi_vio_vring_used_elem){ 5, 1 };
	ck_assert_int_eq(scmi_vio_vqd_push_batch(c.vqd, e, 3), -EINVAL);
	e[2] = (struct scmi_vio_vring_used_elem){ 0x10000, 1 };
	ck_assert_int_eq(scmi_vio_vqd_push_batch(c.vqd, e, 3), -EINVAL);
	e[2] = (struct scmi_vio_vring_used_elem){ 2, 64 };
	e[3] = (struct scmi_vio_vring_used_elem){ 1, 1 };
	ck_assert_int_eq(scmi_vio_vqd_push_batch(c.vqd, e, 4), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_push_batch(c.vqd, NULL, 1), -EINVAL);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 0);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 3);
	ck_assert_int_eq(scmi_vio_vqd_push_batch(c.vqd, e, 0), 0);
	ck_assert_int_eq(scmi_vio_vqd_push_batch(c.vqd, e, 3), 0);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 3);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 0);
	ctx_fini(&c);
}
END_TEST

/* Indices wrap through 2^16 many times over for every size. */
START_TEST(test_index_wraparound)
{
	unsigned int num = vqd_sizes[_i];
	struct ctx c;

	ctx_init(&c, num, 0);
	cycle(&c, 0x10000 + num + 3);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), (uint16_t)(num + 3));
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 0);
	ck_assert(!scmi_vio_vqd_is_broken(c.vqd));
	ctx_fini(&c);
}
END_TEST

START_TEST(test_need_notify_flags)
{
	struct ctx c;

	ctx_init(&c, 8, 0);
	ck_assert(!scmi_vio_vqd_need_notify(c.vqd));
	cycle(&c, 1);
	vf_write(&c.f, VF_AVAIL_FLAGS, SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT);
	ck_assert(!scmi_vio_vqd_need_notify(c.vqd));
	cycle(&c, 2);
	vf_write(&c.f, VF_AVAIL_FLAGS, 0);
	ck_assert(scmi_vio_vqd_need_notify(c.vqd));
	/* Nothing pushed since the last decision. */
	ck_assert(!scmi_vio_vqd_need_notify(c.vqd));
	/* A chain error completes a head too. */
	vf_desc(&c.f, 0, VF_GAP_GPA, 4, 0, 0);
	vf_avail_add(&c.f, 0);
	ck_assert_int_eq(pop(&c), -EFAULT);
	ck_assert(scmi_vio_vqd_need_notify(c.vqd));
	ctx_fini(&c);
}
END_TEST

/*
 * V-20 with wrapping indices: the batch [0xfffe, 0x0001) is decided by
 * where used_event lies.  Values include ones that wrap and ones far away.
 */
static const struct {
	uint16_t event;
	bool notify;
} wrap_cases[] = {
	{ 0xfffe, true },  { 0xffff, true },  { 0x0000, true },
	{ 0x0001, false }, { 0xfffd, false }, { 0x8000, false },
	{ 0x7fff, false },
};

START_TEST(test_v20_need_notify_event_idx_wrapping)
{
	struct ctx c;

	ctx_init(&c, 256, VF_F_EVENT_IDX);
	cycle(&c, 0xfffe);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 0xfffe);
	/* Decide up to 0xfffe, whatever the answer, to start a new batch. */
	(void)scmi_vio_vqd_need_notify(c.vqd);
	cycle(&c, 3);
	vf_write(&c.f, VF_USED_EVENT, wrap_cases[_i].event);
	ck_assert_int_eq(scmi_vio_vqd_need_notify(c.vqd),
			 wrap_cases[_i].notify);
	ck_assert(!scmi_vio_vqd_need_notify(c.vqd));
	ctx_fini(&c);
}
END_TEST

/*
 * V-20: random used_event values, near the used index and anywhere in the
 * 16-bit space, only change whether we notify.  Each decision is checked
 * against a model written differently from need_event(): notify iff the
 * event index is one of the indices the batch filled.
 */
START_TEST(test_v20_random_used_event_keeps_queue_working)
{
	unsigned int rounds = 4000 / SCMI_VIO_TEST_SCALE, i, k, notified = 0;
	uint32_t x = 12345;
	struct ctx c;

	ctx_init(&c, 16, VF_F_EVENT_IDX);
	for (i = 0; i < rounds; i++) {
		uint16_t old = vf_read(&c.f, VF_USED_IDX), event;
		unsigned int batch;
		bool expect = false;

		x = x * 1103515245u + 12345u;
		batch = 1 + (x >> 8) % 16;
		event = (uint16_t)(x >> 16);
		if (i & 1)
			event = (uint16_t)(old + (event % 40) - 12);
		vf_write(&c.f, VF_USED_EVENT, event);
		cycle(&c, batch);
		for (k = 0; k < batch; k++)
			expect |= (uint16_t)(old + k) == event;
		ck_assert_int_eq(scmi_vio_vqd_need_notify(c.vqd), expect);
		notified += expect;
		ck_assert(!scmi_vio_vqd_is_broken(c.vqd));
	}
	/* Both answers were exercised. */
	ck_assert_uint_gt(notified, 0);
	ck_assert_uint_lt(notified, rounds);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 0);
	ctx_fini(&c);
}
END_TEST

/*
 * 2^16 - 1 entries since the last decision can still be decided by
 * need_event; 2^16 cannot (the range is empty modulo 2^16): forced.
 */
START_TEST(test_need_notify_forced_after_2_16)
{
	struct ctx c;
	uint16_t old;

	ctx_init(&c, 256, VF_F_EVENT_IDX);
	old = vf_read(&c.f, VF_USED_IDX);
	cycle(&c, 0xffff);
	vf_write(&c.f, VF_USED_EVENT, (uint16_t)(old - 1));
	ck_assert(!scmi_vio_vqd_need_notify(c.vqd));

	old = vf_read(&c.f, VF_USED_IDX);
	cycle(&c, 0x10000);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), old);
	vf_write(&c.f, VF_USED_EVENT, (uint16_t)(old - 1));
	ck_assert(scmi_vio_vqd_need_notify(c.vqd));
	ctx_fini(&c);
}
END_TEST

/* Without EVENT_IDX: the NO_NOTIFY flag, and the race re-check. */
START_TEST(test_enable_notify_flags_race)
{
	struct ctx c;

	ctx_init(&c, 8, 0);
	scmi_vio_vqd_disable_notify(c.vqd);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_FLAGS),
			  SCMI_VIO_VRING_USED_F_NO_NOTIFY);
	ck_assert(scmi_vio_vqd_enable_notify(c.vqd));
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_FLAGS), 0);
	scmi_vio_vqd_disable_notify(c.vqd);
	/* A chain arrives while kicks are off: enable must report it. */
	offer(&c, 1);
	ck_assert(!scmi_vio_vqd_enable_notify(c.vqd));
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_FLAGS), 0);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert(scmi_vio_vqd_enable_notify(c.vqd));
	ck_assert_uint_eq(vf_read(&c.f, VF_AVAIL_EVENT), 0);
	ctx_fini(&c);
}
END_TEST

/* With EVENT_IDX: avail_event names the next index; disable leaves it. */
START_TEST(test_enable_notify_event_idx_race)
{
	struct ctx c;

	ctx_init(&c, 8, VF_F_EVENT_IDX);
	vf_write(&c.f, VF_AVAIL_EVENT, 0x1234);
	ck_assert(scmi_vio_vqd_enable_notify(c.vqd));
	ck_assert_uint_eq(vf_read(&c.f, VF_AVAIL_EVENT), 0);
	offer(&c, 2);
	ck_assert(!scmi_vio_vqd_enable_notify(c.vqd));
	ck_assert_int_eq(pop(&c), 1);
	ck_assert(!scmi_vio_vqd_enable_notify(c.vqd));
	ck_assert_uint_eq(vf_read(&c.f, VF_AVAIL_EVENT), 1);
	ck_assert_int_eq(pop(&c), 1);
	scmi_vio_vqd_disable_notify(c.vqd);
	ck_assert_uint_eq(vf_read(&c.f, VF_AVAIL_EVENT), 1);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_FLAGS), 0);
	ck_assert(scmi_vio_vqd_enable_notify(c.vqd));
	ck_assert_uint_eq(vf_read(&c.f, VF_AVAIL_EVENT), 2);
	ctx_fini(&c);
}
END_TEST

static void *break_thread(void *arg)
{
	scmi_vio_vqd_break(arg);
	return NULL;
}

/* break() from another thread; afterwards nothing touches the ring. */
START_TEST(test_broken_latch_no_ring_access)
{
	uint64_t features = _i ? VF_F_EVENT_IDX : 0;
	struct ctx c;
	pthread_t t;
	void *snap;

	ctx_init(&c, 8, features);
	offer(&c, 3);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 1), 0);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_int_eq(pthread_create(&t, NULL, break_thread, c.vqd), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert(scmi_vio_vqd_is_broken(c.vqd));
	snap = used_snapshot(&c);
	ck_assert_int_eq(pop(&c), -EIO);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 1, 0), -EIO);
	ck_assert(!scmi_vio_vqd_need_notify(c.vqd));
	scmi_vio_vqd_disable_notify(c.vqd);
	ck_assert(!scmi_vio_vqd_enable_notify(c.vqd));
	ck_assert_mem_eq(c.f.vr.used, snap, scmi_vio_vring_used_bytes(c.f.num));
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 1);
	scmi_vio_vqd_break(c.vqd);
	ck_assert(scmi_vio_vqd_is_broken(c.vqd));
	free(snap);
	ctx_fini(&c);
}
END_TEST

/* max_in_flight: -EBUSY without consuming; order is kept. */
START_TEST(test_in_flight_bound_ebusy)
{
	struct ctx c;

	ctx_init_ex(&c, 8, 0, 2, 16, NULL, 0);
	offer(&c, 4);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_int_eq(pop(&c), -EBUSY);
	ck_assert_int_eq(pop(&c), -EBUSY);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 2);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 0);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 1, 0), 0);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_uint_eq(c.ch.head, 2);
	ck_assert_int_eq(pop(&c), -EBUSY);
	ctx_fini(&c);

	/* A limit above num means num. */
	ctx_init_ex(&c, 4, 0, 100, 16, NULL, 0);
	offer(&c, 4);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_int_eq(pop(&c), 0);
	ctx_fini(&c);
}
END_TEST

/*
 * V-21: a flood of num chains.  pop() takes one per call, so a service loop
 * with a budget stops with work left, and the state stays consistent until
 * the flood is drained across several service rounds.
 */
START_TEST(test_v21_flood_with_budget)
{
	unsigned int num = vqd_sizes[_i], budget = num > 4 ? num / 4 : 1;
	unsigned int total = 0, rounds = 0, got, i;
	struct scmi_vio_vring_used_elem *e;
	unsigned char *seen;
	struct ctx c;

	ctx_init(&c, num, 0);
	e = calloc(budget, sizeof(*e));
	seen = calloc(num, 1);
	ck_assert(e && seen);
	offer(&c, num);
	while (total < num) {
		unsigned int left = num - total;

		for (got = 0; got < budget && pop(&c) == 1; got++) {
			if (seen[c.ch.head]++)
				ck_abort_msg("head %u popped twice", c.ch.head);
			e[got] = (struct scmi_vio_vring_used_elem){ c.ch.head,
								    0 };
		}
		ck_assert_uint_eq(got, left < budget ? left : budget);
		total += got;
		rounds++;
		ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), got);
		/* Work left exactly when the flood is not drained yet. */
		ck_assert_int_eq(scmi_vio_vqd_enable_notify(c.vqd),
				 total == num);
		ck_assert_int_eq(scmi_vio_vqd_push_batch(c.vqd, e, got), 0);
		ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), (uint16_t)total);
	}
	ck_assert_uint_eq(rounds, (num + budget - 1) / budget);
	for (i = 0; i < num; i++)
		if (!seen[i])
			ck_abort_msg("head %u never popped", i);
	ck_assert_int_eq(pop(&c), 0);
	free(seen);
	free(e);
	ctx_fini(&c);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_v15_push_invalid_head),
		CHECK_ONCE(test_pop_bad_arguments),
		CHECK_LOOP(test_push_batch_wraps, 0, N_SIZES),
		CHECK_ONCE(test_v15_push_batch_all_or_nothing),
		CHECK_LOOP(test_index_wraparound, 0, N_SIZES),
		CHECK_ONCE(test_need_notify_flags),
		CHECK_LOOP(test_v20_need_notify_event_idx_wrapping, 0,
			   N_ELEM(wrap_cases)),
		CHECK_ONCE(test_v20_random_used_event_keeps_queue_working),
		CHECK_ONCE(test_need_notify_forced_after_2_16),
		CHECK_ONCE(test_enable_notify_flags_race),
		CHECK_ONCE(test_enable_notify_event_idx_race),
		CHECK_LOOP(test_broken_latch_no_ring_access, 0, 2),
		CHECK_ONCE(test_in_flight_bound_ebusy),
		CHECK_LOOP(test_v21_flood_with_budget, 0, N_SIZES),
		{ NULL, 0, 0 },
	};

	return check_main("vq_device_notify", 0, tests);
}
