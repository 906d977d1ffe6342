// SPDX-License-Identifier: BSD-3-Clause
/*
 * Driver role against a hand-written (and, where named, hostile) device that
 * reads the available ring and writes used elements directly.
 *
 * Parametrized over queue sizes 1, 2, 256, 32768 and EVENT_IDX / INDIRECT on
 * and off (loop index = size index * 4 + feature index).
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/virtqueue.h>

#include "check_run.h"
#include "vq_test.h"

/* Fill the ring, complete everything in reverse order (D-9), reap. */
START_TEST(test_fill_complete_reap)
{
	unsigned int num, segs, added, popped, i, round;
	int heads[64];

	fx_open_param(_i);
	num = fx.ring.num;
	ck_assert_uint_eq(scmi_vio_vq_size(fx.vq), num);
	/* With indirect tables a 2-segment chain takes one descriptor. */
	segs = num >= 2 ? 2 : 1;
	for (round = 0; round < 3; round++) {
		unsigned int cap = num < 64 ? num : 64;
		int ret = 0;

		added = 0;
		while (added < cap &&
		       (ret = add_one(1000 + added, 1, segs - 1)) == 0)
			added++;
		if (added < cap)
			ck_assert_int_eq(ret, -ENOSPC);
		ck_assert_uint_ge(added, 1);
		check_invariant_1();
		for (popped = 0; popped < added; popped++)
			ck_assert_int_ge(heads[popped] = dev_pop(), 0);
		ck_assert_int_eq(dev_pop(), -1);
		/* D-9: out of order. */
		for (i = popped; i-- > 0;)
			dev_push((uint32_t)heads[i], segs > 1 ? 8 : 0);
		for (i = 0; i < popped; i++) {
			void *tok = NULL;
			uint32_t len = 99;

			ck_assert_int_eq(
				scmi_vio_vq_get_used(fx.vq, &tok, &len), 1);
			/* Reverse order of completion, token for token. */
			ck_assert_ptr_eq(
				tok,
				(void *)(uintptr_t)(1000 + popped - 1 - i));
			ck_assert_uint_eq(len, segs > 1 ? 8 : 0);
			check_invariant_1();
		}
		ck_assert_ptr_null(scmi_vio_vq_detach_unused(fx.vq));
		ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), num);
	}
	fx_close();
}
END_TEST

START_TEST(test_direct_chain_layout)
{
	struct scmi_vio_seg out[2] = { { 0x1000, 10 }, { 0x2000, 20 } };
	struct scmi_vio_seg in[1] = { { 0x3000, 30 } };
	struct scmi_vio_vring_desc *d;
	int head;

	fx_open(8, 0, 4, NULL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, out, 2, in, 1, (void *)1), 0);
	head = dev_pop();
	ck_assert_int_ge(head, 0);
	d = &fx.ring.desc[head];
	ck_assert_uint_eq(d->addr, 0x1000);
	ck_assert_uint_eq(d->len, 10);
	ck_assert_uint_eq(d->flags, SCMI_VIO_VRING_DESC_F_NEXT);
	d = &fx.ring.desc[d->next];
	ck_assert_uint_eq(d->addr, 0x2000);
	ck_assert_uint_eq(d->flags, SCMI_VIO_VRING_DESC_F_NEXT);
	d = &fx.ring.desc[d->next];
	ck_assert_uint_eq(d->addr, 0x3000);
	ck_assert_uint_eq(d->len, 30);
	ck_assert_uint_eq(d->flags, SCMI_VIO_VRING_DESC_F_WRITE);
	ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), 5);
	fx_close();
}
END_TEST

START_TEST(test_indirect_chain_and_fallback)
{
	struct scmi_vio_seg out[1] = { { 0x1000, 10 } };
	struct scmi_vio_seg in[2] = { { 0x3000, 30 }, { 0x4000, 40 } };
	struct scmi_vio_vring_desc *d, *t;
	unsigned int i;
	int head;

	fx_open(8, IND, 4, NULL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, out, 1, in, 2, (void *)1), 0);
	head = dev_pop();
	d = &fx.ring.desc[head];
	ck_assert_uint_eq(d->flags, SCMI_VIO_VRING_DESC_F_INDIRECT);
	ck_assert_uint_eq(d->len, 3 * 16);
	t = (struct scmi_vio_vring_desc *)(uintptr_t)d->addr;
	ck_assert_uint_eq(t[0].addr, 0x1000);
	ck_assert_uint_eq(t[0].flags, SCMI_VIO_VRING_DESC_F_NEXT);
	ck_assert_uint_eq(t[0].next, 1);
	ck_assert_uint_eq(t[1].flags, SCMI_VIO_VRING_DESC_F_NEXT |
					      SCMI_VIO_VRING_DESC_F_WRITE);
	ck_assert_uint_eq(t[2].flags, SCMI_VIO_VRING_DESC_F_WRITE);
	ck_assert_uint_eq(t[2].len, 40);
	ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), 7);

	/* Longer than a table: direct descriptors. */
	{
		struct scmi_vio_seg many[5] = {
			{ 1, 1 }, { 2, 1 }, { 3, 1 }, { 4, 1 }, { 5, 1 }
		};

		ck_assert_int_eq(
			scmi_vio_vq_add(fx.vq, many, 5, NULL, 0, (void *)2), 0);
		head = dev_pop();
		ck_assert_uint_eq(fx.ring.desc[head].flags,
				  SCMI_VIO_VRING_DESC_F_NEXT);
		ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), 2);
	}
	/* A single segment never uses a table. */
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, out, 1, NULL, 0, (void *)3), 0);
	head = dev_pop();
	ck_assert_uint_eq(fx.ring.desc[head].flags, 0);
	fx_close();

	/* Two tables for eight heads: the third chain goes direct. */
	fx_tables = 2;
	fx_open(8, IND, 4, NULL);
	fx_tables = 0;
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(add_one(10 + i, 1, 1), 0);
	ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), 8 - 1 - 1 - 2);
	/* Returning a table makes it usable again. */
	for (i = 0; i < 3; i++)
		dev_push((uint32_t)dev_pop(), 0);
	for (i = 0; i < 3; i++) {
		void *tok;

		ck_assert_int_eq(scmi_vio_vq_get_used(fx.vq, &tok, NULL), 1);
	}
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(add_one(20 + i, 1, 1), 0);
	ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), 6);
	fx_close();
}
END_TEST

START_TEST(test_add_rejects_bad_arguments)
{
	struct scmi_vio_seg ok = { 0x1000, 8 }, zero = { 0x1000, 0 };
	struct scmi_vio_seg many[5] = {
		{ 1, 1 }, { 2, 1 }, { 3, 1 }, { 4, 1 }, { 5, 1 }
	};

	fx_open(4, 0, 4, NULL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &ok, 1, NULL, 0, NULL),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, NULL, 0, NULL, 0, (void *)1),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &zero, 1, NULL, 0, (void *)1),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, many, 5, NULL, 0, (void *)1),
			 -EINVAL);
	/* One segment takes a shorter path; it checks the same things. */
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, NULL, 0, &ok, 1, NULL),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, NULL, 0, &zero, 1, (void *)1),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, NULL, 1, NULL, 0, (void *)1),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, NULL, 0, NULL, 1, (void *)1),
			 -EINVAL);
	/* Counts whose sum wraps to one are not one segment. */
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, many, UINT32_MAX, many, 2,
					 (void *)1),
			 -EINVAL);
	/* Nor does the request/reply pair's path check less. */
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &ok, 1, &ok, 1, NULL), -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &zero, 1, &ok, 1, (void *)1),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &ok, 1, &zero, 1, (void *)1),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, NULL, 1, &ok, 1, (void *)1),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &ok, 1, NULL, 1, (void *)1),
			 -EINVAL);
	ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), 4);
	/* One descriptor left: no room for a pair, and nothing taken. */
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &ok, 1, NULL, 0, (void *)1), 0);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &ok, 1, NULL, 0, (void *)2), 0);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &ok, 1, NULL, 0, (void *)3), 0);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &ok, 1, &ok, 1, (void *)4),
			 -ENOSPC);
	ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), 1);
	check_invariant_1();
	fx_close();
	/* A queue of one descriptor can never hold a pair. */
	fx_open(1, 0, 4, NULL);
	ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &ok, 1, &ok, 1, (void *)1),
			 -EINVAL);
	ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), 1);
	fx_close();
}
END_TEST

/*
 * D-13: whatever the caller asks, no chain of 2^32 bytes or more, readable
 * and writable together, indirect included; nothing is taken or published.
 * Readable bytes alone are enough to refuse.  One byte less is fine.
 */
START_TEST(test_d13_no_chain_of_4g_or_more)
{
	const struct scmi_vio_seg max = { 0x1000, UINT32_MAX },
				  half = { 0x1000, 0x80000000u },
				  one = { 0x2000, 1 };
	const struct scmi_vio_seg max2[2] = { max, max };
	const struct scmi_vio_seg halves[2] = { half, half };
	/* 2^32 - 1 bytes in all, in two and in three segments. */
	const struct scmi_vio_seg nearly = { 0x1000, 0x7fffffffu };
	const struct scmi_vio_seg nearly2[2] = { one, { 0x1000, 0x7ffffffeu } };
	const uint64_t feats[] = { 0, IND };
	struct scmi_vio_vq_buf b[2];
	unsigned int k;

	for (k = 0; k < 2; k++) {
		fx_open(8, feats[k], 4, NULL);
		/* The request/reply pair. */
		ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &max, 1, &one, 1,
						 (void *)1),
				 -EINVAL);
		ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &half, 1, &half, 1,
						 (void *)1),
				 -EINVAL);
		ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &one, 1, &max, 1,
						 (void *)1),
				 -EINVAL);
		/* Readable only; then three segments either way round. */
		ck_assert_int_eq(scmi_vio_vq_add(fx.vq, max2, 2, NULL, 0,
						 (void *)1),
				 -EINVAL);
		ck_assert_int_eq(scmi_vio_vq_add(fx.vq, halves, 2, &one, 1,
						 (void *)1),
				 -EINVAL);
		ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &one, 1, halves, 2,
						 (void *)1),
				 -EINVAL);
		ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), 8);
		ck_assert_uint_eq(fx.ring.avail->idx, 0);
		/* In a batch: the chains before it are added. */
		b[0] = (struct scmi_vio_vq_buf){ &one, 1, &one, 1, (void *)2 };
		b[1] = (struct scmi_vio_vq_buf){ &max, 1, &one, 1, (void *)3 };
		ck_assert_int_eq(scmi_vio_vq_add_many(fx.vq, b, 2), 1);
		ck_assert_int_eq(scmi_vio_vq_add_many(fx.vq, &b[1], 1),
				 -EINVAL);
		ck_assert_uint_eq(fx.ring.avail->idx, 1);
		ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &half, 1, &nearly, 1,
						 (void *)4),
				 0);
		ck_assert_int_eq(scmi_vio_vq_add(fx.vq, &half, 1, nearly2, 2,
						 (void *)5),
				 0);
		ck_assert_uint_eq(fx.ring.avail->idx, 3);
		check_invariant_1();
		fx_close();
	}
}
END_TEST

START_TEST(test_create_rejects_bad_config)
{
	struct scmi_vio_vq_config cfg;
	struct scmi_vio_vq *vq;
	char *mem;

	ck_assert_int_eq(posix_memalign((void **)&mem, 4096, 4096), 0);
	memset(&cfg, 0, sizeof(cfg));
	ck_assert_int_eq(scmi_vio_vq_create(&cfg, &vq), -EINVAL);
	ck_assert_int_eq(scmi_vio_vring_layout(&cfg.ring, 4, mem, 4), 0);
	cfg.used_len_policy = 7;
	ck_assert_int_eq(scmi_vio_vq_create(&cfg, &vq), -EINVAL);
	cfg.used_len_policy = SCMI_VIO_USED_LEN_CLAMP;
	cfg.ring.num = 3; /* V-16 */
	ck_assert_int_eq(scmi_vio_vq_create(&cfg, &vq), -EINVAL);
	cfg.ring.num = 4;
	cfg.ring.used = (void *)(mem + 1026); /* V-17 */
	ck_assert_int_eq(scmi_vio_vq_create(&cfg, &vq), -EINVAL);
	ck_assert_int_eq(scmi_vio_vring_layout(&cfg.ring, 4, mem, 4), 0);
	cfg.features = IND;
	cfg.indirect_mem = mem + 8; /* misaligned table memory */
	cfg.indirect_max = 4;
	cfg.indirect_bytes = 1024;
	ck_assert_int_eq(scmi_vio_vq_create(&cfg, &vq), -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_create(NULL, &vq), -EINVAL);
	free(mem);
}
END_TEST

/* D-1: a used element id >= queue size. */
START_TEST(test_d01_used_id_out_of_range)
{
	fx_open_param(_i);
	ck_assert_int_eq(add_one(1, 1, 0), 0);
	dev_push(fx.ring.num, 0);
	expect_broken_then_detach(1);
}
END_TEST

/* D-2: a used id that was never submitted. */
START_TEST(test_d02_used_id_never_submitted)
{
	fx_open(8, 0, 4, NULL);
	ck_assert_int_eq(add_one(1, 1, 0), 0);
	dev_push((uint32_t)dev_pop() ^ 1u, 0);
	expect_broken_then_detach(1);
}
END_TEST

/* D-2: a used id that is a middle descriptor of a chain. */
START_TEST(test_d02_used_id_middle_of_chain)
{
	int head;

	fx_open(8, 0, 4, NULL);
	ck_assert_int_eq(add_one(1, 2, 1), 0);
	head = dev_pop();
	dev_push(fx.ring.desc[head].next, 0);
	expect_broken_then_detach(1);
}
END_TEST

/*
 * A queue of 8 with chains 1 and 2 added (one readable segment and @n_in
 * writable ones each); the device takes the first and completes it with
 * @len.  Returns its head.
 */
static int two_added_first_done(unsigned int n_in, uint32_t len)
{
	int head;

	fx_open(8, 0, 4, NULL);
	ck_assert_int_eq(add_one(1, 1, n_in), 0);
	ck_assert_int_eq(add_one(2, 1, n_in), 0);
	head = dev_pop();
	dev_push((uint32_t)head, len);
	return head;
}

/* D-2: a second completion of the same head. */
START_TEST(test_d02_second_completion_of_head)
{
	int head;

	head = two_added_first_done(1, 4);
	dev_push((uint32_t)head, 4);
	ck_assert_int_eq(get_used(), 1);
	ck_assert_ptr_eq(fx.tok, (void *)1);
	expect_broken_then_detach(1);
}
END_TEST

/* D-3: used.idx advances by more than the chains in flight. */
START_TEST(test_d03_used_idx_jumps_ahead)
{
	fx_open(8, 0, 4, NULL);
	ck_assert_int_eq(add_one(1, 1, 0), 0);
	ck_assert_int_eq(add_one(2, 1, 0), 0);
	fx.ring.used->idx = 3;
	ck_assert_int_eq(get_used(), -EIO);
	expect_broken_then_detach(2);
}
END_TEST

/* D-3: used.idx moves backwards. */
START_TEST(test_d03_used_idx_moves_backwards)
{
	two_added_first_done(0, 0);
	ck_assert_int_eq(get_used(), 1);
	fx.ring.used->idx = 0;
	ck_assert_int_eq(get_used(), -EIO);
	expect_broken();
	fx_close();
}
END_TEST

/*
 * D-4: used.len larger than the writable bytes posted, per policy.  Each
 * row posts a chain with 2 writable segments of 32 bytes (64 bytes), after
 * setting @policy (-1: leave it, first the default), and the device
 * reports @pushed; get_used() returns @ret with @len.
 */
static const struct {
	int policy;
	uint32_t pushed;
	int ret;
	uint32_t len;
} used_lens[] = {
	{ -1, 1000, 1, 64 }, /* clamped, the default */
	{ SCMI_VIO_USED_LEN_IGNORE, 1000, 1, 1000 },
	{ SCMI_VIO_USED_LEN_STRICT, 64, 1, 64 }, /* exact is fine */
	{ -1, 65, -EIO, 0 },
};

START_TEST(test_d04_used_len_policies)
{
	unsigned int i;

	fx_open(8, 0, 4, NULL);
	for (i = 0; i < sizeof(used_lens) / sizeof(used_lens[0]); i++) {
		if (used_lens[i].policy >= 0)
			scmi_vio_vq_set_used_len_policy(fx.vq,
							used_lens[i].policy);
		ck_assert_int_eq(add_one(i + 1, 1, 2), 0);
		dev_push((uint32_t)dev_pop(), used_lens[i].pushed);
		ck_assert_int_eq(get_used(), used_lens[i].ret);
		if (used_lens[i].ret == 1)
			ck_assert_uint_eq(fx.len, used_lens[i].len);
	}
	expect_broken();
	fx_close();
}
END_TEST

/* D-5: used.len on a chain with no writable part is ignored. */
START_TEST(test_d05_used_len_without_writable_part)
{
	fx_open(8, 0, 4, NULL);
	scmi_vio_vq_set_used_len_policy(fx.vq, SCMI_VIO_USED_LEN_STRICT);
	ck_assert_int_eq(add_one(1, 2, 0), 0);
	dev_push((uint32_t)dev_pop(), 44);
	ck_assert_int_eq(get_used(), 1);
	ck_assert_uint_eq(fx.len, 0);
	ck_assert(!scmi_vio_vq_is_broken(fx.vq));
	fx_close();
}
END_TEST

/* D-6: the device rewrites the descriptor table after the driver posted it;
 * the free list and counts stay right because they are never read back. */
START_TEST(test_d06_device_rewrites_descriptor_table)
{
	unsigned int num, round, i;

	fx_open_param(_i);
	num = fx.ring.num;
	for (round = 0; round < 4; round++) {
		unsigned int n = 0;
		int heads[8];

		while (n < 8 && add_one(100 + n, 1, num >= 2 ? 1 : 0) == 0)
			n++;
		for (i = 0; i < n; i++)
			heads[i] = dev_pop();
		/* Scribble over the whole table (and indirect tables). */
		memset(fx.ring.desc, 0xff,
		       scmi_vio_vring_desc_bytes(fx.ring.num));
		memset(fx.ind_mem, 0xee, (size_t)num * 4 * 16);
		for (i = 0; i < n; i++)
			dev_push((uint32_t)heads[i], 0);
		for (i = 0; i < n; i++) {
			void *tok;

			ck_assert_int_eq(
				scmi_vio_vq_get_used(fx.vq, &tok, NULL), 1);
		}
		ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), num);
		check_invariant_1();
	}
	fx_close();
}
END_TEST

/* Batched add and reap: one avail.idx publish, partial batches, errors. */
START_TEST(test_add_many_and_get_used_many)
{
	struct scmi_vio_seg out = { 0x1000, 8 }, in = { 0x2000, 16 };
	struct scmi_vio_seg zero = { 0x1000, 0 };
	struct scmi_vio_vq_buf bufs[6];
	struct scmi_vio_vq_used used[8];
	unsigned int i;

	fx_open(8, EI, 4, NULL);
	for (i = 0; i < 6; i++)
		bufs[i] =
			(struct scmi_vio_vq_buf){ &out, 1, &in, 1,
						  (void *)(uintptr_t)(i + 1) };
	/* 8 descriptors, 2 per chain: 4 fit, the batch stops there. */
	ck_assert_int_eq(scmi_vio_vq_add_many(fx.vq, bufs, 6), 4);
	ck_assert_uint_eq(fx.ring.avail->idx, 4);
	ck_assert_int_eq(scmi_vio_vq_add_many(fx.vq, bufs, 2), -ENOSPC);
	ck_assert_int_eq(scmi_vio_vq_add_many(fx.vq, bufs, 0), 0);
	ck_assert_int_eq(scmi_vio_vq_get_used_many(fx.vq, used, 8), 0);
	for (i = 0; i < 3; i++)
		dev_push((uint32_t)dev_pop(), 16);
	ck_assert_int_eq(scmi_vio_vq_get_used_many(fx.vq, used, 2), 2);
	ck_assert_ptr_eq(used[0].token, (void *)1);
	ck_assert_ptr_eq(used[1].token, (void *)2);
	ck_assert_uint_eq(used[1].len, 16);
	ck_assert_int_eq(scmi_vio_vq_get_used_many(fx.vq, used, 8), 1);
	ck_assert_ptr_eq(used[0].token, (void *)3);
	/* Interrupts on: used_event follows the batch. */
	ck_assert_uint_eq(*scmi_vio_vring_used_event(&fx.ring), 3);
	check_invariant_1();
	/* A bad chain first: its error; a bad chain later: the count. */
	bufs[1].out = &zero;
	ck_assert_int_eq(scmi_vio_vq_add_many(fx.vq, &bufs[1], 2), -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_add_many(fx.vq, bufs, 2), 1);
	ck_assert_uint_eq(fx.ring.avail->idx, 5);
	ck_assert_int_eq(scmi_vio_vq_add_many(fx.vq, NULL, 1), -EINVAL);
	ck_assert_int_eq(scmi_vio_vq_get_used_many(fx.vq, NULL, 1), -EINVAL);
	/* A bad used element after a good one (D-1): the good one first,
	 * then -EIO. */
	dev_push((uint32_t)dev_pop(), 0);
	dev_push(99, 0);
	ck_assert_int_eq(scmi_vio_vq_get_used_many(fx.vq, used, 8), 1);
	ck_assert_int_eq(scmi_vio_vq_get_used_many(fx.vq, used, 8), -EIO);
	ck_assert_int_eq(scmi_vio_vq_add_many(fx.vq, bufs, 1), -EIO);
	fx_close();
}
END_TEST

/* The free list is FIFO: heads come back into use in the order they were
 * returned, so an in-order stream keeps pairing each descriptor with the
 * same buffer (and its contents need not be stored again). */
START_TEST(test_free_list_is_fifo)
{
	unsigned int i;
	void *tok;

	fx_open(4, 0, 4, NULL);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(add_one(1 + i, 1, 0), 0);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(dev_pop(), (int)i);
	/* Returned in the order 2, 0, 3, 1 ... */
	dev_push(2, 0);
	dev_push(0, 0);
	dev_push(3, 0);
	dev_push(1, 0);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(scmi_vio_vq_get_used(fx.vq, &tok, NULL), 1);
	/* ... and handed out again in that order. */
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(add_one(10 + i, 1, 0), 0);
	ck_assert_int_eq(dev_pop(), 2);
	ck_assert_int_eq(dev_pop(), 0);
	ck_assert_int_eq(dev_pop(), 3);
	ck_assert_int_eq(dev_pop(), 1);
	fx_close();
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_fill_complete_reap, 0, N_PARAMS),
		CHECK_ONCE(test_direct_chain_layout),
		CHECK_ONCE(test_indirect_chain_and_fallback),
		CHECK_ONCE(test_add_rejects_bad_arguments),
		CHECK_ONCE(test_d13_no_chain_of_4g_or_more),
		CHECK_ONCE(test_create_rejects_bad_config),
		CHECK_LOOP(test_d01_used_id_out_of_range, 0, N_PARAMS),
		CHECK_ONCE(test_d02_used_id_never_submitted),
		CHECK_ONCE(test_d02_used_id_middle_of_chain),
		CHECK_ONCE(test_d02_second_completion_of_head),
		CHECK_ONCE(test_d03_used_idx_jumps_ahead),
		CHECK_ONCE(test_d03_used_idx_moves_backwards),
		CHECK_ONCE(test_d04_used_len_policies),
		CHECK_ONCE(test_d05_used_len_without_writable_part),
		CHECK_LOOP(test_d06_device_rewrites_descriptor_table, 0,
			   N_PARAMS),
		CHECK_ONCE(test_add_many_and_get_used_many),
		CHECK_ONCE(test_free_list_is_fifo),
		{ NULL, 0, 0 },
	};

	return check_main("virtqueue_driver", 0, tests);
}
