// SPDX-License-Identifier: BSD-3-Clause
/*
 * V-24: a peer writes descriptors, avail entries and indirect tables while
 * our roles read and write them.  Every access the library makes to that
 * memory must be a relaxed atomic (or the atomics header's word-wise
 * copy), so the ThreadSanitizer build reports nothing: there these tests
 * fail on a plain access.  In every build they check that the roles keep
 * their error contract with a scribbling peer.
 *
 * The short form of tests/stress/test_ring_scribble.c, for the unit tier.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/virtqueue.h>

#include "check_run.h"
#include "ring_pair.h"
#include "ring_scribbler.h"
#include "vqd_test.h"

#define ITERS (20000u / SCMI_VIO_TEST_SCALE)
#define NUM 16u
/* The indirect tables the device test uses, in data region A. */
#define TBL (VF_DATA_GPA + 0x1000)
#define TBL_ENTRIES 4u

/* What pop() may answer a scribbling driver. */
static bool pop_result_ok(int ret)
{
	return ret == 1 || ret == 0 || ret == -EINVAL || ret == -EFAULT ||
	       ret == -EOVERFLOW || ret == -E2BIG || ret == -EIO;
}

/*
 * The device role pops chains of a direct descriptor ended by an indirect
 * table (V-8's shape: a table copy on every pop) while the peer scribbles;
 * a queue that breaks is set up afresh.
 */
START_TEST(test_v24_device_reads_under_scribble)
{
	unsigned int done = 0, popped = 0;
	struct scribbler s;
	uint64_t seen = 0;
	struct ctx c;

	while (done < ITERS) {
		ctx_init(&c, NUM, VF_F_INDIRECT);
		memset(&s, 0, sizeof(s));
		s.vr = c.f.vr;
		s.table = vf_host(&c.f, TBL, TBL_ENTRIES * 16);
		s.table_bytes = TBL_ENTRIES * 16;
		s.seed = 24 + done;
		scribbler_start(&s);
		seen = 0;
		for (; done < ITERS && !scmi_vio_vqd_is_broken(c.vqd); done++) {
			uint16_t head = (uint16_t)(done % (NUM - 1));
			unsigned int i;
			int ret;

			vf_desc(&c.f, head, VF_DATA_GPA, 8, NX,
				(uint16_t)(head + 1));
			vf_desc(&c.f, head + 1u, TBL, TBL_ENTRIES * 16, IND, 0);
			for (i = 0; i < TBL_ENTRIES; i++)
				vf_desc_at(&c.f, TBL, i,
					   VF_DATA_GPA + 0x100 * (i + 1), 16,
					   WR | (i + 1 < TBL_ENTRIES ? NX : 0),
					   (uint16_t)(i + 1));
			vf_avail_add(&c.f, head);
			scribbler_wait(&s, &seen);
			ret = pop(&c);
			if (!pop_result_ok(ret))
				ck_abort_msg("pop: %d", ret);
			if (ret == 1) {
				popped++;
				if (scmi_vio_vqd_push(c.vqd, c.ch.head, 0))
					ck_abort_msg("push failed");
			}
			if (scmi_vio_vqd_in_flight(c.vqd))
				ck_abort_msg("a chain stayed in flight");
		}
		scribbler_stop(&s);
		ctx_fini(&c);
	}
	ck_assert_uint_gt(popped, 0);
}
END_TEST

/* Tokens 1..n_tokens: how often each was added, reaped and detached. */
struct tally {
	unsigned int added[NUM + 1], back[NUM + 1];
};

static void reap_all(struct scmi_vio_vq *vq, struct tally *t)
{
	struct scmi_vio_vq_used u[NUM];
	int n, k;

	while ((n = scmi_vio_vq_get_used_many(vq, u, NUM)) > 0)
		for (k = 0; k < n; k++)
			t->back[(uintptr_t)u[k].token]++;
}

/*
 * The driver role stores descriptors, indirect tables and avail entries
 * (and the device role reads them) while the peer scribbles; each token
 * comes back exactly once, reaped or detached.
 */
START_TEST(test_v24_driver_writes_under_scribble)
{
	struct scmi_vio_chain ch[NUM];
	struct iovec iov[NUM * 4];
	struct scmi_vio_vring_used_elem e[NUM];
	struct ring_layout l;
	struct scribbler s;
	struct tally t;
	uint64_t seen = 0;
	unsigned int done = 0, round, tok;
	void *mem, *d;

	ring_layout_plan(&l, NUM, 64, NUM);
	ck_assert_int_eq(posix_memalign(&mem, 4096, l.total), 0);
	for (round = 0; done < ITERS; round++) {
		/* Indirect tables in every other round, else direct pairs. */
		const uint64_t features =
			(1ull << SCMI_VIO_F_EVENT_IDX) |
			(round & 1 ? 1ull << SCMI_VIO_F_INDIRECT_DESC : 0);
		struct scmi_vio_seg seg[3];
		struct scmi_vio_gmem *gm;
		struct scmi_vio_vqd *vqd;
		struct scmi_vio_vq *vq;
		int n, k;

		memset(&t, 0, sizeof(t));
		ck_assert_int_eq(ring_driver_open(&l, mem, features, NULL, &vq),
				 0);
		ck_assert_int_eq(ring_device_open(&l, mem, features, &gm, &vqd),
				 0);
		memset(&s, 0, sizeof(s));
		scribbler_aim_pair(&s, &l, mem);
		s.seed = 2400 + done;
		scribbler_start(&s);
		seen = 0;
		for (; done < ITERS && !scmi_vio_vq_is_broken(vq) &&
		       !scmi_vio_vqd_is_broken(vqd);
		     done++) {
			/* One, two or three segments: a lone descriptor,
			 * the pair, a longer chain. */
			tok = done % NUM + 1;
			for (k = 0; k < 3; k++)
				seg[k] = (struct scmi_vio_seg){
					ring_buf_gpa(&l, (tok + k) % NUM), 16
				};
			if (t.back[tok] == t.added[tok]) {
				if (!scmi_vio_vq_add(vq, seg, done % 3, seg + 2,
						     1, (void *)(uintptr_t)tok))
					t.added[tok]++;
			}
			scribbler_wait(&s, &seen);
			n = scmi_vio_vqd_pop_many(vqd, ch, NUM, iov, NUM * 4);
			for (k = 0; k < n; k++)
				e[k] = (struct scmi_vio_vring_used_elem){
					ch[k].head, 0
				};
			if (n > 0)
				(void)scmi_vio_vqd_push_batch(vqd, e,
							      (unsigned int)n);
			reap_all(vq, &t);
		}
		scribbler_stop(&s);
		scmi_vio_vq_break(vq);
		while ((d = scmi_vio_vq_detach_unused(vq)))
			t.back[(uintptr_t)d]++;
		for (tok = 1; tok <= NUM; tok++)
			ck_assert_uint_eq(t.back[tok], t.added[tok]);
		scmi_vio_vqd_destroy(vqd);
		scmi_vio_gmem_destroy(gm);
		scmi_vio_vq_destroy(vq);
	}
	free(mem);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_v24_device_reads_under_scribble),
		CHECK_ONCE(test_v24_driver_writes_under_scribble),
		{ NULL, 0, 0 },
	};

	return check_main("ring_v24", 0, tests);
}
