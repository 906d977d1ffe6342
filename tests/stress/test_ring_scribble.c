// SPDX-License-Identifier: BSD-3-Clause
/*
 * V-24 under load: the driver role adds and reaps on one thread, the
 * device role pops and pushes on another, and a third scribbles on the
 * descriptor table, the avail ring and the indirect tables with relaxed
 * atomic stores (tests/unit/ring/ring_scribbler.h).  No data is copied:
 * the buffers are never touched, so the only shared memory is the ring.
 *
 * In the ThreadSanitizer build any plain access the library makes to the
 * ring is reported (CI runs it with halt_on_error=1).  In every build:
 * each call keeps its error contract, every token the driver added comes
 * back exactly once (reaped, or detached once the queue is broken), and
 * invariant 1 holds at the end of each round.  A round ends when either
 * queue breaks (the scribbler sees to that soon enough), after
 * ROUND_ITERS turns of the driver's loop or at the time limit; a fresh
 * ring starts the next.
 *
 * Bounded by count (TOTAL adds per configuration, divided by
 * SCMI_VIO_TEST_SCALE under sanitizers) and by time (LIMIT_S seconds per
 * configuration, whichever comes first).  Configurations: queue sizes 8
 * and 256, each with EVENT_IDX and INDIRECT_DESC off and on.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../unit/ring/ring_scribbler.h"
#include "check_run.h"
#include "common/atomics.h"
#include "ring_pair.h"

#define CONFIGS 8
#define TOTAL (200000ull / SCMI_VIO_TEST_SCALE)
#define ROUND_ITERS 40000u
#define LIMIT_S 8
#define MAX_NUM 256u
#define BATCH 8u

struct device_arg {
	struct scmi_vio_vqd *vqd;
	int stop; /* ATOMIC */
	uint64_t popped, pushed;
	int bad; /* a result outside the contract, 0 if none */
};

/* What pop_many() may answer a scribbling driver. */
static bool pop_result_ok(int ret)
{
	return ret >= 0 || ret == -EINVAL || ret == -EFAULT ||
	       ret == -EOVERFLOW || ret == -E2BIG || ret == -EIO ||
	       ret == -EBUSY;
}

static void *device_thread(void *p)
{
	struct device_arg *a = p;
	struct scmi_vio_vring_used_elem e[BATCH];
	struct scmi_vio_chain ch[BATCH];
	struct iovec iov[BATCH * RING_PAIR_IND_MAX];
	int n, k, ret;

	while (!sv_read_once(&a->stop) && !scmi_vio_vqd_is_broken(a->vqd)) {
		n = scmi_vio_vqd_pop_many(a->vqd, ch, BATCH, iov,
					  BATCH * RING_PAIR_IND_MAX);
		if (!pop_result_ok(n)) {
			a->bad = n;
			break;
		}
		/* A malformed chain was consumed and completed. */
		if (n < 0)
			continue;
		for (k = 0; k < n; k++)
			e[k] = (struct scmi_vio_vring_used_elem){ ch[k].head,
								  0 };
		a->popped += (unsigned int)n;
		ret = scmi_vio_vqd_push_batch(a->vqd, e, (unsigned int)n);
		if (ret && ret != -EIO) {
			a->bad = ret;
			break;
		}
		if (!ret)
			a->pushed += (unsigned int)n;
	}
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Tokens 1..num: how often each was added and came back. */
struct tally {
	unsigned int added[MAX_NUM + 1], back[MAX_NUM + 1];
};

/* One round on a fresh ring, until @end at the latest; returns the adds. */
static uint64_t run_round(const struct ring_layout *l, void *mem,
			  uint64_t features, unsigned int seed, double end)
{
	struct scmi_vio_vq_used u[BATCH];
	struct scmi_vio_vq_state st;
	struct device_arg dev;
	struct scmi_vio_gmem *gm;
	struct scmi_vio_vq *vq;
	struct scribbler s;
	struct tally t;
	uint64_t adds = 0;
	unsigned int num = l->num, tok = 0, iter, k;
	pthread_t thr;
	void *d;
	int n;

	memset(&t, 0, sizeof(t));
	memset(&dev, 0, sizeof(dev));
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(ring_driver_open(l, mem, features, NULL, &vq), 0);
	ck_assert_int_eq(ring_device_open(l, mem, features, &gm, &dev.vqd), 0);
	scribbler_aim_pair(&s, l, mem);
	s.seed = seed;
	scribbler_start(&s);
	ck_assert_int_eq(pthread_create(&thr, NULL, device_thread, &dev), 0);

	for (iter = 0;
	     iter < ROUND_ITERS && !scmi_vio_vq_is_broken(vq) &&
	     !scmi_vio_vqd_is_broken(dev.vqd) && (iter % 1024 || now_s() < end);
	     iter++) {
		struct scmi_vio_seg seg[RING_PAIR_IND_MAX];
		unsigned int nseg = 1 + adds % RING_PAIR_IND_MAX;
		int ret;

		/* The next token that is not in flight, if any. */
		for (k = 0; k < num; k++) {
			tok = tok % num + 1;
			if (t.added[tok] == t.back[tok])
				break;
		}
		if (k < num) {
			for (k = 0; k < nseg; k++)
				seg[k] = (struct scmi_vio_seg){
					ring_buf_gpa(l, (tok + k) % l->nbufs),
					16
				};
			ret = scmi_vio_vq_add(vq, seg, nseg - 1, seg + nseg - 1,
					      1, (void *)(uintptr_t)tok);
			if (!ret)
				t.added[tok]++;
			else if (ret != -ENOSPC && ret != -EIO)
				ck_abort_msg("add: %d", ret);
			adds++;
		}
		n = scmi_vio_vq_get_used_many(vq, u, BATCH);
		if (n < 0 && n != -EIO)
			ck_abort_msg("get_used: %d", n);
		for (k = 0; n > 0 && k < (unsigned int)n; k++)
			t.back[(uintptr_t)u[k].token]++;
		if (n <= 0)
			sched_yield();
	}

	sv_write_once(&dev.stop, 1);
	ck_assert_int_eq(pthread_join(thr, NULL), 0);
	scribbler_stop(&s);
	ck_assert_msg(!dev.bad, "device: %d", dev.bad);
	/* Everything still in flight comes back once, by detaching. */
	scmi_vio_vq_break(vq);
	while ((d = scmi_vio_vq_detach_unused(vq)))
		t.back[(uintptr_t)d]++;
	for (k = 1; k <= num; k++)
		if (t.back[k] != t.added[k])
			ck_abort_msg("token %u: added %u, back %u", k,
				     t.added[k], t.back[k]);
	/* Invariant 1, and nothing left in flight. */
	scmi_vio_vq_get_state(vq, &st);
	ck_assert_uint_eq(st.free_descs, st.num);
	ck_assert_uint_eq(st.heads_in_flight, 0);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(dev.vqd),
			  dev.popped - dev.pushed);

	scmi_vio_vqd_destroy(dev.vqd);
	scmi_vio_gmem_destroy(gm);
	scmi_vio_vq_destroy(vq);
	return adds;
}

/* V-24 */
START_TEST(test_v24_ring_scribble_stress)
{
	const unsigned int num = _i / 4 ? MAX_NUM : 8;
	const uint64_t features =
		(_i & 1 ? 1ull << SCMI_VIO_F_EVENT_IDX : 0) |
		(_i & 2 ? 1ull << SCMI_VIO_F_INDIRECT_DESC : 0);
	const double end = now_s() + LIMIT_S;
	struct ring_layout l;
	uint64_t adds = 0;
	unsigned int round = 0;
	void *mem;

	ring_layout_plan(&l, num, 16, num);
	ck_assert_int_eq(posix_memalign(&mem, 4096, l.total), 0);
	while (adds < TOTAL && now_s() < end)
		adds += run_round(&l, mem, features,
				  1000u * (unsigned int)_i + round++, end);
	free(mem);
}
END_TEST

int main(void)
{
	return check_main_one("ring_scribble", 0, test_v24_ring_scribble_stress,
			      0, CONFIGS);
}
