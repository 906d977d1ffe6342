// SPDX-License-Identifier: BSD-3-Clause
/*
 * Device role against a hand-written hostile driver
 * (docs/hostile-inputs.md V-1..V-22 at ring level; V-19 is SCMI-level and lives
 * with the platform tests).  Create, pop and every chain/ring validation rule.
 * Completion, notification and the broken latch are in test_vq_device_notify.c.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "check_run.h"
#include "vqd_test.h"

/* V-16 */
START_TEST(test_v16_bad_queue_size)
{
	static const unsigned int bad[] = { 0,	   3,	  6,	 100,
					    32769, 49152, 65536, 1u << 31 };
	struct scmi_vio_vqd_config cfg;
	struct vring_fixture f;
	struct scmi_vio_vqd *q = (void *)1;
	unsigned int i;

	vf_init(&f, 256);
	vf_vqd_config(&f, 0, &cfg);
	for (i = 0; i < N_ELEM(bad); i++) {
		cfg.ring.num = bad[i];
		ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &q), -EINVAL);
		ck_assert_ptr_null(q);
	}
	vf_fini(&f);
}
END_TEST

START_TEST(test_create_every_valid_size)
{
	struct ctx c;

	ctx_init(&c, vqd_sizes[_i], VF_F_EVENT_IDX | VF_F_INDIRECT);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 0);
	ck_assert(!scmi_vio_vqd_is_broken(c.vqd));
	ck_assert_int_eq(pop(&c), 0);
	ctx_fini(&c);
}
END_TEST

/* V-17 */
START_TEST(test_v17_misaligned_parts)
{
	struct scmi_vio_vqd_config cfg;
	struct scmi_vio_gmem_region r;
	struct scmi_vio_gmem *gm;
	struct vring_fixture f;
	struct scmi_vio_vqd *q;

	vf_init(&f, 256);
	vf_vqd_config(&f, 0, &cfg);
	cfg.ring.desc_gpa += 8;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &q), -EINVAL);
	vf_vqd_config(&f, 0, &cfg);
	cfg.ring.avail_gpa += 1;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &q), -EINVAL);
	vf_vqd_config(&f, 0, &cfg);
	cfg.ring.used_gpa += 2;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &q), -EINVAL);
	vf_fini(&f);

	/* Aligned guest addresses in a region mapped at a misaligned host
	 * address: the ring fields would be misaligned here. */
	vf_init(&f, 1);
	r = (struct scmi_vio_gmem_region){ VF_RING_GPA, 256,
					   (char *)f.owned[0] + 4, true };
	ck_assert_int_eq(scmi_vio_gmem_create(&r, 1, &gm), 0);
	vf_vqd_config(&f, 0, &cfg);
	cfg.gmem = gm;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &q), -EINVAL);
	scmi_vio_gmem_destroy(gm);
	vf_fini(&f);
}
END_TEST

START_TEST(test_create_bad_config)
{
	struct scmi_vio_vqd_config cfg;
	struct vring_fixture f;
	struct scmi_vio_vqd *q;

	vf_init(&f, 256);
	vf_vqd_config(&f, 0, &cfg);
	ck_assert_int_eq(scmi_vio_vqd_create(NULL, &q), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, NULL), -EINVAL);
	cfg.gmem = NULL;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &q), -EINVAL);
	/* A part in a gap, across two regions, or the used ring read-only. */
	vf_vqd_config(&f, 0, &cfg);
	cfg.ring.desc_gpa = VF_GAP_GPA;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &q), -EFAULT);
	vf_vqd_config(&f, 0, &cfg);
	cfg.ring.desc_gpa = VF_DATA_B_GPA - 16;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &q), -EFAULT);
	vf_vqd_config(&f, 0, &cfg);
	cfg.ring.used_gpa = VF_RO_GPA;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &q), -EFAULT);
	/* The driver-written parts may be read-only to the device. */
	vf_vqd_config(&f, 0, &cfg);
	cfg.ring.desc_gpa = VF_RO_GPA;
	cfg.ring.avail_gpa = VF_RO_GPA + 0x1000;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &q), 0);
	scmi_vio_vqd_destroy(q);
	scmi_vio_vqd_destroy(NULL);
	vf_fini(&f);
}
END_TEST

START_TEST(test_pop_simple_chain)
{
	unsigned int num = vqd_sizes[_i], last = num - 1;
	struct ctx c;
	uint32_t id, len;

	ctx_init(&c, num, 0);
	ck_assert_int_eq(pop(&c), 0);
	if (num > 1) {
		vf_desc(&c.f, 0, VF_DATA_GPA, 16, SCMI_VIO_VRING_DESC_F_NEXT,
			(uint16_t)last);
		vf_desc(&c.f, last, VF_DATA_GPA + 0x1000, 32, WR, 0);
	} else {
		vf_desc(&c.f, 0, VF_DATA_GPA + 0x1000, 32, WR, 0);
	}
	vf_avail_add(&c.f, 0);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_uint_eq(c.ch.head, 0);
	ck_assert_ptr_eq(c.ch.iov, c.iov);
	ck_assert_uint_eq(c.ch.n_read, num > 1);
	ck_assert_uint_eq(c.ch.n_write, 1);
	ck_assert_uint_eq(c.ch.read_bytes, num > 1 ? 16 : 0);
	ck_assert_uint_eq(c.ch.write_bytes, 32);
	ck_assert_ptr_eq(c.iov[c.ch.n_read].iov_base,
			 vf_host(&c.f, VF_DATA_GPA + 0x1000, 32));
	ck_assert_uint_eq(c.iov[c.ch.n_read].iov_len, 32);
	if (num > 1)
		ck_assert_ptr_eq(c.iov[0].iov_base,
				 vf_host(&c.f, VF_DATA_GPA, 16));
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 1);
	ck_assert_int_eq(pop(&c), 0);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 32), 0);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 1);
	vf_read_used_elem(&c.f, 0, &id, &len);
	ck_assert_uint_eq(id, 0);
	ck_assert_uint_eq(len, 32);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 0);
	ctx_fini(&c);
}
END_TEST

/* Many readable and writable segments, one across adjacent regions. */
START_TEST(test_pop_segments_and_adjacent_regions)
{
	struct ctx c;

	ctx_init(&c, 256, 0);
	vf_desc(&c.f, 5, VF_DATA_GPA, 8, NX, 9);
	/* Readable, across A and B: two iovecs. */
	vf_desc(&c.f, 9, VF_DATA_B_GPA - 16, 32, NX, 2);
	/* Readable from read-only memory is fine. */
	vf_desc(&c.f, 2, VF_RO_GPA, 4, NX, 7);
	/* Writable, across A and B. */
	vf_desc(&c.f, 7, VF_DATA_B_GPA - 4, 12, WR | NX, 3);
	vf_desc(&c.f, 3, VF_DATA_B_GPA + 0x100, 100, WR, 0);
	vf_avail_add(&c.f, 5);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_uint_eq(c.ch.head, 5);
	ck_assert_uint_eq(c.ch.n_read, 4);
	ck_assert_uint_eq(c.ch.n_write, 3);
	ck_assert_uint_eq(c.ch.read_bytes, 8 + 32 + 4);
	ck_assert_uint_eq(c.ch.write_bytes, 12 + 100);
	ck_assert_ptr_eq(c.iov[1].iov_base,
			 vf_host(&c.f, VF_DATA_B_GPA - 16, 16));
	ck_assert_uint_eq(c.iov[1].iov_len, 16);
	ck_assert_ptr_eq(c.iov[2].iov_base, vf_host(&c.f, VF_DATA_B_GPA, 16));
	ck_assert_uint_eq(c.iov[2].iov_len, 16);
	ck_assert_ptr_eq(c.iov[3].iov_base, vf_host(&c.f, VF_RO_GPA, 4));
	ck_assert_uint_eq(c.iov[4].iov_len, 4);
	ck_assert_uint_eq(c.iov[5].iov_len, 8);
	ck_assert_ptr_eq(c.iov[5].iov_base, vf_host(&c.f, VF_DATA_B_GPA, 8));
	ctx_fini(&c);
}
END_TEST

/* V-5 */
START_TEST(test_v05_chain_of_exactly_num)
{
	unsigned int num = vqd_sizes[_i], i;
	struct ctx c;

	ctx_init_ex(&c, num, 0, 0, num, NULL, 0);
	for (i = 0; i + 1 < num; i++)
		vf_desc(&c.f, i, VF_DATA_GPA + i, 1, NX, (uint16_t)(i + 1));
	vf_desc(&c.f, num - 1, VF_DATA_B_GPA, 1, WR, 0);
	vf_avail_add(&c.f, 0);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_uint_eq(c.ch.n_read, num - 1);
	ck_assert_uint_eq(c.ch.n_write, 1);
	ck_assert_uint_eq(c.ch.read_bytes, num - 1);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 1), 0);
	ctx_fini(&c);
}
END_TEST

/* V-4: self-loop on the last descriptor. */
START_TEST(test_v04_descriptor_self_loop)
{
	unsigned int num = vqd_sizes[_i];
	uint16_t k = (uint16_t)(num - 1);
	struct ctx c;

	/* Enough iovecs that the walk bound, not -E2BIG, stops it. */
	ctx_init_ex(&c, num, 0, 0, num, NULL, 0);
	vf_desc(&c.f, k, VF_DATA_GPA, 16, NX, k);
	vf_avail_add(&c.f, k);
	expect_chain_error(&c, k, -EINVAL);
	expect_still_works(&c);
	ctx_fini(&c);
}
END_TEST

/* V-4: two-cycle (sizes >= 2). */
START_TEST(test_v04_descriptor_two_cycle)
{
	unsigned int num = vqd_sizes[_i];
	struct ctx c;

	/* Enough iovecs that the walk bound, not -E2BIG, stops it. */
	ctx_init_ex(&c, num, 0, 0, num, NULL, 0);
	vf_desc(&c.f, 0, VF_DATA_GPA, 16, NX, 1);
	vf_desc(&c.f, 1, VF_DATA_GPA, 16, NX, 0);
	vf_avail_add(&c.f, 1);
	expect_chain_error(&c, 1, -EINVAL);
	expect_still_works(&c);
	ctx_fini(&c);
}
END_TEST

/* V-4: every descriptor once, then back to the head: num + 1 steps. */
START_TEST(test_v04_chain_of_num_plus_one)
{
	unsigned int num = vqd_sizes[_i], i;
	struct ctx c;

	ctx_init_ex(&c, num, 0, 0, num, NULL, 0);
	for (i = 0; i < num; i++)
		vf_desc(&c.f, i, VF_DATA_GPA + i, 1, NX,
			(uint16_t)((i + 1) % num));
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	ctx_fini(&c);
}
END_TEST

/* V-3 */
START_TEST(test_v03_next_out_of_range)
{
	unsigned int num = vqd_sizes[_i];
	struct ctx c;

	ctx_init(&c, num, 0);
	vf_desc(&c.f, 0, VF_DATA_GPA, 16, NX, (uint16_t)num);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	vf_desc(&c.f, 0, VF_DATA_GPA, 16, NX, 0xffff);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	ctx_fini(&c);
}
END_TEST

/* Chains a queue of 8 refuses one after another (V-22 for each). */
static const struct vqd_case malformed[] = {
	/* V-9: a readable descriptor after a writable one. */
	{ .num = 8, .max_iov = 16, .offer = {
		{ .head = 0, .err = -EINVAL, .d = {
			{ VQD_RING, 0, VF_DATA_GPA, 16, NX, 1 },
			{ VQD_RING, 1, VF_DATA_GPA + 16, 16, WR | NX, 2 },
			{ VQD_RING, 2, VF_DATA_GPA + 32, 16, 0, 0 },
		} },
	} },
	/* V-10: policy is to reject, at any position of a chain. */
	{ .num = 8, .max_iov = 16, .offer = {
		{ .head = 0, .err = -EINVAL, .d = {
			{ VQD_RING, 0, VF_DATA_GPA, 0, 0, 0 },
		} },
		{ .head = 3, .err = -EINVAL, .d = {
			{ VQD_RING, 3, VF_DATA_GPA, 16, NX, 4 },
			{ VQD_RING, 4, VF_DATA_GPA, 0, WR | NX, 5 },
			{ VQD_RING, 5, VF_DATA_GPA, 16, WR, 0 },
		} },
	} },
	/*
	 * V-11; the last byte of the address space does not overflow, it is
	 * a gap.
	 */
	{ .num = 8, .max_iov = 16, .offer = {
		{ .head = 0, .err = -EOVERFLOW, .d = {
			{ VQD_RING, 0, UINT64_MAX - 7, 16, 0, 0 },
		} },
		{ .head = 0, .err = -EOVERFLOW, .d = {
			{ VQD_RING, 0, VF_DATA_GPA, 16, NX, 1 },
			{ VQD_RING, 1, UINT64_MAX, 2, WR, 0 },
		} },
		{ .head = 0, .err = -EFAULT, .d = {
			{ VQD_RING, 0, UINT64_MAX, 1, 0, 0 },
		} },
	} },
	/*
	 * V-12: in a gap; partly outside (the last 8 bytes of B and 8 of the
	 * gap after); writable in a read-only region.
	 */
	{ .num = 8, .max_iov = 16, .offer = {
		{ .head = 0, .err = -EFAULT, .d = {
			{ VQD_RING, 0, VF_GAP_GPA, 16, 0, 0 },
		} },
		{ .head = 0, .err = -EFAULT, .d = {
			{ VQD_RING, 0, VF_DATA_B_GPA + VF_DATA_LEN - 8, 16, 0, 0 },
		} },
		{ .head = 0, .err = -EFAULT, .d = {
			{ VQD_RING, 0, VF_DATA_GPA, 16, NX, 1 },
			{ VQD_RING, 1, VF_RO_GPA, 16, WR, 0 },
		} },
	} },
	/*
	 * More segments than 2 iovecs: three descriptors, then two of which
	 * the second spans A and B (three iovecs).
	 */
	{ .num = 8, .max_iov = 2, .still_works = true, .offer = {
		{ .head = 0, .err = -E2BIG, .d = {
			{ VQD_RING, 0, VF_DATA_GPA, 16, NX, 1 },
			{ VQD_RING, 1, VF_DATA_GPA + 16, 16, NX, 2 },
			{ VQD_RING, 2, VF_DATA_GPA + 32, 16, WR, 0 },
		} },
		{ .head = 0, .err = -E2BIG, .d = {
			{ VQD_RING, 0, VF_DATA_GPA, 16, NX, 1 },
			{ VQD_RING, 1, VF_DATA_B_GPA - 8, 16, WR, 0 },
		} },
	} },
};

START_TEST(test_malformed_chains)
{
	vqd_run_case(&malformed[_i]);
}
END_TEST

/*
 * V-13.  A 4 GiB PROT_NONE reservation stands in for a large guest region;
 * nothing may touch it, so a stray access would crash the test.  A 32-bit
 * host has no room for a 4 GiB region, so there the case cannot arise.
 */
#if UINTPTR_MAX > 0xffffffffu
START_TEST(test_v13_total_length_over_4g)
{
	const size_t big = (size_t)1 << 32;
	const uint64_t gbig = 0x100000000ull;
	struct scmi_vio_gmem_region r;
	struct ctx c;
	void *p;

	p = mmap(NULL, big, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	r = (struct scmi_vio_gmem_region){ gbig, big, p, true };
	ctx_init_ex(&c, 8, VF_F_INDIRECT, 0, 8, &r, 1);
	/* 0xfffffffe + 1 bytes: exactly UINT32_MAX, accepted. */
	vf_desc(&c.f, 0, gbig, 0xfffffffe, NX, 1);
	vf_desc(&c.f, 1, VF_DATA_GPA, 1, WR, 0);
	vf_avail_add(&c.f, 0);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_uint_eq(c.ch.read_bytes, 0xfffffffe);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 1), 0);
	/* One byte more: 2^32. */
	vf_desc(&c.f, 0, gbig, 0xffffffff, NX, 1);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EOVERFLOW);
	/* The same inside an indirect table. */
	vf_desc_at(&c.f, VF_DATA_GPA, 0, gbig, 0x80000000u, NX, 1);
	vf_desc_at(&c.f, VF_DATA_GPA, 1, gbig, 0x80000000u, WR, 0);
	vf_desc(&c.f, 2, VF_DATA_GPA, 32, IND, 0);
	vf_avail_add(&c.f, 2);
	expect_chain_error(&c, 2, -EOVERFLOW);
	/* V-8: across direct descriptors and the table that ends them. */
	vf_desc_at(&c.f, VF_DATA_GPA, 0, gbig, 0x80000000u, WR, 0);
	vf_desc(&c.f, 3, gbig, 0x80000000u, NX, 4);
	vf_desc(&c.f, 4, VF_DATA_GPA, 16, IND, 0);
	vf_avail_add(&c.f, 3);
	expect_chain_error(&c, 3, -EOVERFLOW);
	ctx_fini(&c);
	munmap(p, big);
}
END_TEST
#endif

/* V-22: a malformed head is consumed once; the good one after it pops. */
START_TEST(test_v22_malformed_head_consumed_once)
{
	struct ctx c;

	ctx_init(&c, 4, 0);
	vf_desc(&c.f, 1, VF_GAP_GPA, 16, 0, 0);
	vf_desc(&c.f, 2, VF_DATA_GPA, 16, WR, 0);
	vf_avail_add(&c.f, 1);
	vf_avail_add(&c.f, 2);
	ck_assert_int_eq(pop(&c), -EFAULT);
	ck_assert_uint_eq(c.ch.head, 1);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_uint_eq(c.ch.head, 2);
	ck_assert_int_eq(pop(&c), 0);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 1);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 1);
	/* The malformed head can be made available again: it is not held. */
	pop_lone(&c, 1, VF_DATA_GPA, 16, 0);
	ck_assert_uint_eq(c.ch.head, 1);
	ctx_fini(&c);
}
END_TEST

/* V-2: broken before any descriptor is read; nothing written. */
START_TEST(test_v02_head_out_of_range)
{
	unsigned int num = vqd_sizes[_i];
	struct ctx c;

	ctx_init(&c, num, 0);
	expect_broken_on_add(&c, (uint16_t)num);
	ctx_fini(&c);

	ctx_init(&c, num, 0);
	expect_broken_on_add(&c, 0xffff);
	ctx_fini(&c);
}
END_TEST

/* V-1: avail.idx jumps more than num ahead; nothing consumed. */
START_TEST(test_v01_avail_idx_jumps_ahead)
{
	unsigned int num = vqd_sizes[_i];
	struct ctx c;

	ctx_init(&c, num, 0);
	expect_broken_on_publish(&c, (uint16_t)(num + 1));
	ctx_fini(&c);
}
END_TEST

/* V-1 boundary: exactly num available is legal; all of them pop. */
START_TEST(test_v01_exactly_num_available)
{
	unsigned int num = vqd_sizes[_i], i;
	struct ctx c;

	ctx_init(&c, num, 0);
	for (i = 0; i < num; i++) {
		vf_desc(&c.f, i, VF_DATA_GPA + i, 1, WR, 0);
		vf_avail_add(&c.f, (uint16_t)(num - 1 - i));
	}
	for (i = 0; i < num; i++) {
		if (pop(&c) != 1 || c.ch.head != num - 1 - i)
			ck_abort_msg("pop %u: wrong result", i);
	}
	ck_assert_int_eq(pop(&c), 0);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), num);
	ctx_fini(&c);
}
END_TEST

/* V-1: avail.idx moves backwards (a jump of 2^16 - 1). */
START_TEST(test_v01_avail_idx_moves_backwards)
{
	unsigned int num = vqd_sizes[_i];
	struct ctx c;

	ctx_init(&c, num, 0);
	pop_lone(&c, 0, VF_DATA_GPA, 16, WR);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 0), 0);
	expect_broken_on_publish(&c, 0);
	ctx_fini(&c);
}
END_TEST

/* V-14: a head made available again while in flight. */
START_TEST(test_v14_head_available_while_in_flight)
{
	unsigned int num = vqd_sizes[_i];
	uint16_t k = (uint16_t)(num - 1);
	struct ctx c;

	ctx_init(&c, num, 0);
	pop_lone(&c, k, VF_DATA_GPA, 16, WR);
	expect_broken_on_add(&c, k);
	ctx_fini(&c);
}
END_TEST

/* V-14: with num chains in flight one more is broken, not -EBUSY. */
START_TEST(test_v14_more_chains_than_num_in_flight)
{
	unsigned int num = vqd_sizes[_i], i;
	struct ctx c;

	ctx_init(&c, num, 0);
	for (i = 0; i < num; i++) {
		vf_desc(&c.f, i, VF_DATA_GPA, 16, WR, 0);
		vf_avail_add(&c.f, (uint16_t)i);
		if (pop(&c) != 1)
			ck_abort_msg("pop %u failed", i);
	}
	expect_broken_on_add(&c, (uint16_t)(num / 2));
	ctx_fini(&c);
}
END_TEST

/*
 * V-23: with head k in flight the driver owns num - 1 heads, yet publishes
 * num new entries, k again the last.  Counting against num, the device
 * would pop the others, see k completed by then and take it again
 * unnoticed; the bound is num minus the chains in flight, so the index
 * itself breaks the ring before anything is consumed.
 */
START_TEST(test_v23_in_flight_head_reused_after_completion)
{
	unsigned int num = vqd_sizes[_i], i;
	uint16_t k = (uint16_t)(num - 1);
	struct ctx c;

	ctx_init(&c, num, 0);
	for (i = 0; i < num; i++)
		vf_desc(&c.f, i, VF_DATA_GPA + i, 1, WR, 0);
	vf_avail_add(&c.f, k);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_uint_eq(c.ch.head, k);
	for (i = 0; i + 1 < num; i++)
		vf_avail_entry(&c.f, (uint16_t)(1 + i), (uint16_t)i);
	vf_avail_entry(&c.f, (uint16_t)num, k);
	expect_broken_on_publish(&c, (uint16_t)(1 + num));
	ctx_fini(&c);
}
END_TEST

/* V-23 boundary: with j chains in flight, num - j new entries are legal. */
START_TEST(test_v23_num_minus_in_flight_available)
{
	unsigned int num = vqd_sizes[_i], j = num / 2, i;
	struct ctx c;

	ctx_init(&c, num, 0);
	for (i = 0; i < num; i++) {
		vf_desc(&c.f, i, VF_DATA_GPA + i, 1, WR, 0);
		vf_avail_entry(&c.f, (uint16_t)i, (uint16_t)i);
	}
	vf_avail_publish(&c.f, (uint16_t)j);
	for (i = 0; i < j; i++)
		if (pop(&c) != 1)
			ck_abort_msg("pop %u failed", i);
	vf_avail_publish(&c.f, (uint16_t)num);
	for (i = j; i < num; i++)
		if (pop(&c) != 1 || c.ch.head != i)
			ck_abort_msg("pop %u failed", i);
	ck_assert_int_eq(pop(&c), 0);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), num);
	ck_assert(!scmi_vio_vqd_is_broken(c.vqd));
	ctx_fini(&c);
}
END_TEST

/* V-18: the driver rewrites everything after pop; the device's view and
 * the length push() accepts come from its private copy. */
START_TEST(test_v18_rewrite_after_pop)
{
	struct iovec saved[4];
	struct ctx c;

	ctx_init(&c, 8, VF_F_INDIRECT);
	vf_desc(&c.f, 0, VF_DATA_GPA, 16, NX, 1);
	vf_desc(&c.f, 1, VF_DATA_GPA + 0x100, 64, WR, 0);
	vf_avail_add(&c.f, 0);
	ck_assert_int_eq(pop(&c), 1);
	memcpy(saved, c.iov, sizeof(saved));
	vf_desc(&c.f, 0, VF_GAP_GPA, 0xffff0000u, IND | NX, 999);
	vf_desc(&c.f, 1, VF_GAP_GPA, 0xffff0000u, WR, 0);
	ck_assert_mem_eq(c.iov, saved, 2 * sizeof(saved[0]));
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 65), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 64), 0);

	/* The same through an indirect table rewritten after pop. */
	vf_desc_at(&c.f, VF_DATA_GPA + 0x800, 0, VF_DATA_GPA, 8, NX, 1);
	vf_desc_at(&c.f, VF_DATA_GPA + 0x800, 1, VF_DATA_GPA + 8, 24, WR, 0);
	pop_lone(&c, 3, VF_DATA_GPA + 0x800, 32, IND);
	ck_assert_uint_eq(c.ch.write_bytes, 24);
	vf_desc_at(&c.f, VF_DATA_GPA + 0x800, 1, VF_DATA_GPA, 4096, WR, 0);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 3, 25), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 3, 24), 0);
	ctx_fini(&c);
}
END_TEST

/*
 * A queue re-created at the index where the previous one stopped
 * (vhost-user GET_VRING_BASE, then SET_VRING_BASE) takes the next chain,
 * not the first one again, and continues used.idx and avail_event.
 */
START_TEST(test_resume_at_start_idx)
{
	const uint64_t feat = 1ull << SCMI_VIO_F_EVENT_IDX;
	struct scmi_vio_vqd_config cfg;
	struct ctx c;
	uint32_t id, len;
	uint16_t h;

	ctx_init(&c, 8, feat);
	for (h = 0; h < 4; h++)
		vf_desc(&c.f, h, VF_DATA_GPA + 0x100u * h, 16, WR, 0);
	for (h = 0; h < 3; h++) {
		vf_avail_add(&c.f, h);
		ck_assert_int_eq(pop(&c), 1);
		ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, h, 4), 0);
	}
	scmi_vio_vqd_destroy(c.vqd);
	vf_vqd_config(&c.f, feat, &cfg);
	cfg.start_idx = 3;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &c.vqd), 0);
	/* Nothing new yet: the three old chains are not popped again. */
	ck_assert_int_eq(pop(&c), 0);
	ck_assert(scmi_vio_vqd_enable_notify(c.vqd));
	ck_assert_uint_eq(vf_read(&c.f, VF_AVAIL_EVENT), 3);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 0);
	vf_avail_add(&c.f, 3);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_uint_eq(c.ch.head, 3);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 3, 8), 0);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 4);
	vf_read_used_elem(&c.f, 3, &id, &len);
	ck_assert_uint_eq(id, 3);
	ck_assert_uint_eq(len, 8);
	ctx_fini(&c);
}
END_TEST

/* A start index the guest's avail.idx is more than num ahead of (V-1). */
START_TEST(test_resume_far_behind_breaks)
{
	struct scmi_vio_vqd_config cfg;
	struct ctx c;

	ctx_init(&c, 8, 0);
	vf_desc(&c.f, 0, VF_DATA_GPA, 16, WR, 0);
	/* 4 is fine from 0, but 20 ahead of 0xfff0 (across the wrap). */
	vf_avail_publish(&c.f, 4);
	scmi_vio_vqd_destroy(c.vqd);
	vf_vqd_config(&c.f, 0, &cfg);
	cfg.start_idx = 0xfff0;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &c.vqd), 0);
	ck_assert_int_eq(pop(&c), -EIO);
	ck_assert(scmi_vio_vqd_is_broken(c.vqd));
	ctx_fini(&c);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_v16_bad_queue_size),
		CHECK_LOOP(test_create_every_valid_size, 0, N_SIZES),
		CHECK_ONCE(test_v17_misaligned_parts),
		CHECK_ONCE(test_create_bad_config),
		CHECK_LOOP(test_pop_simple_chain, 0, N_SIZES),
		CHECK_ONCE(test_pop_segments_and_adjacent_regions),
		CHECK_ONCE(test_resume_at_start_idx),
		CHECK_ONCE(test_resume_far_behind_breaks),
		CHECK_LOOP(test_v05_chain_of_exactly_num, 0, N_SIZES),
		CHECK_LOOP(test_v04_descriptor_self_loop, 0, N_SIZES),
		CHECK_LOOP(test_v04_descriptor_two_cycle, 1, N_SIZES),
		CHECK_LOOP(test_v04_chain_of_num_plus_one, 0, N_SIZES),
		CHECK_LOOP(test_v03_next_out_of_range, 0, N_SIZES),
		CHECK_LOOP(test_malformed_chains, 0, CHECK_ROWS(malformed)),
#if UINTPTR_MAX > 0xffffffffu
		CHECK_ONCE(test_v13_total_length_over_4g),
#endif
		CHECK_ONCE(test_v22_malformed_head_consumed_once),
		CHECK_ONCE(test_v18_rewrite_after_pop),
		CHECK_LOOP(test_v02_head_out_of_range, 0, N_SIZES),
		CHECK_LOOP(test_v01_avail_idx_jumps_ahead, 0, N_SIZES),
		CHECK_LOOP(test_v01_exactly_num_available, 0, N_SIZES),
		CHECK_LOOP(test_v01_avail_idx_moves_backwards, 0, N_SIZES),
		CHECK_LOOP(test_v14_head_available_while_in_flight, 0, N_SIZES),
		CHECK_LOOP(test_v14_more_chains_than_num_in_flight, 0, N_SIZES),
		CHECK_LOOP(test_v23_in_flight_head_reused_after_completion, 0,
			   N_SIZES),
		CHECK_LOOP(test_v23_num_minus_in_flight_available, 0, N_SIZES),
		{ NULL, 0, 0 },
	};

	return check_main("vq_device", 0, tests);
}
