// SPDX-License-Identifier: BSD-3-Clause
/*
 * Device role: indirect descriptor tables from a hostile driver
 * (V-3, V-4, V-6, V-7, V-8, V-9, V-10, V-11, V-12 inside tables, and
 * chains of direct descriptors that end in a table).
 * Part of the test_vq_device program.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "check_run.h"
#include "vqd_test.h"

/* Where tests put their tables. */
#define TBL (VF_DATA_GPA + 0x800)

START_TEST(test_indirect_chain)
{
	struct ctx c;

	ctx_init(&c, 256, VF_F_INDIRECT);
	/* Entries visited out of order: 0 -> 2 -> 1. */
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA + 0x1000, 16, NX, 2);
	vf_desc_at(&c.f, TBL, 2, VF_DATA_GPA + 0x2000, 32, WR | NX, 1);
	vf_desc_at(&c.f, TBL, 1, VF_DATA_B_GPA, 8, WR, 0);
	/* WRITE on the indirect descriptor itself is ignored. */
	pop_lone(&c, 4, TBL, 48, IND | WR);
	ck_assert_uint_eq(c.ch.head, 4);
	ck_assert_uint_eq(c.ch.n_read, 1);
	ck_assert_uint_eq(c.ch.n_write, 2);
	ck_assert_uint_eq(c.ch.read_bytes, 16);
	ck_assert_uint_eq(c.ch.write_bytes, 40);
	ck_assert_ptr_eq(c.iov[0].iov_base,
			 vf_host(&c.f, VF_DATA_GPA + 0x1000, 16));
	ck_assert_ptr_eq(c.iov[1].iov_base,
			 vf_host(&c.f, VF_DATA_GPA + 0x2000, 32));
	ck_assert_ptr_eq(c.iov[2].iov_base, vf_host(&c.f, VF_DATA_B_GPA, 8));
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 4, 41), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 4, 40), 0);
	ctx_fini(&c);
}
END_TEST

/* A table may span adjacent regions, and may sit in read-only memory. */
START_TEST(test_indirect_table_across_regions_and_read_only)
{
	struct ctx c;

	ctx_init(&c, 8, VF_F_INDIRECT);
	vf_desc_at(&c.f, VF_DATA_B_GPA - 16, 0, VF_DATA_GPA, 4, NX, 1);
	vf_desc_at(&c.f, VF_DATA_B_GPA - 16, 1, VF_DATA_GPA + 4, 4, WR, 0);
	pop_lone(&c, 0, VF_DATA_B_GPA - 16, 32, IND);
	ck_assert_uint_eq(c.ch.n_read + c.ch.n_write, 2);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 4), 0);

	vf_desc_at(&c.f, VF_RO_GPA, 0, VF_DATA_GPA, 4, 0, 0);
	pop_lone(&c, 1, VF_RO_GPA, 16, IND);
	ck_assert_uint_eq(c.ch.read_bytes, 4);
	ctx_fini(&c);
}
END_TEST

/*
 * A table of exactly num entries is accepted (V-5 for tables); the same
 * table with its last entry pointing back to the first is a loop (V-4).
 */
START_TEST(test_v04_v05_indirect_table_of_num_entries)
{
	static const uint64_t gt = 0x40000000ull;
	unsigned int num = vqd_sizes[_i], i;
	struct scmi_vio_gmem_region r;
	struct ctx c;
	void *mem;

	mem = calloc(1, (size_t)num * 16);
	ck_assert_ptr_nonnull(mem);
	r = (struct scmi_vio_gmem_region){ gt, (uint64_t)num * 16, mem, true };
	ctx_init_ex(&c, num, VF_F_INDIRECT, 0, num, &r, 1);
	for (i = 0; i + 1 < num; i++)
		vf_desc_at(&c.f, gt, i, VF_DATA_GPA + i, 1, NX,
			   (uint16_t)(i + 1));
	vf_desc_at(&c.f, gt, num - 1, VF_DATA_B_GPA, 1, WR, 0);
	pop_lone(&c, 0, gt, num * 16, IND);
	ck_assert_uint_eq(c.ch.n_read, num - 1);
	ck_assert_uint_eq(c.ch.n_write, 1);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 1), 0);

	vf_desc_at(&c.f, gt, num - 1, VF_DATA_B_GPA, 1, NX, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	ctx_fini(&c);
	free(mem);
}
END_TEST

/* V-6: length 0, not a multiple of 16, more entries than num, > 65535. */
START_TEST(test_v06_indirect_bad_table_length)
{
	unsigned int num = vqd_sizes[_i], i;
	const uint32_t lens[] = {
		0, 8, 17, 24, (num + 1) * 16, 65536 * 16, 0xfffffff0u
	};
	struct ctx c;

	ctx_init(&c, num, VF_F_INDIRECT);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, 0, 0);
	for (i = 0; i < N_ELEM(lens); i++) {
		vf_desc(&c.f, 0, TBL, lens[i], IND, 0);
		vf_avail_add(&c.f, 0);
		expect_chain_error(&c, 0, -EINVAL);
	}
	ctx_fini(&c);
}
END_TEST

/*
 * V-8: zero or more direct descriptors followed by one INDIRECT descriptor
 * that ends the chain is valid and must be accepted (virtio 1.2,
 * 2.7.5.3.2); the table's entries continue the chain, and the WRITE flag of
 * the indirect descriptor is ignored wherever it sits.
 */
START_TEST(test_v08_direct_then_indirect_accepted)
{
	struct ctx c;

	ctx_init(&c, 8, VF_F_INDIRECT);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA + 0x300, 8, NX, 1);
	vf_desc_at(&c.f, TBL, 1, VF_DATA_GPA + 0x400, 32, WR, 0);
	vf_desc(&c.f, 2, VF_DATA_GPA + 0x100, 4, NX, 5);
	vf_desc(&c.f, 5, VF_DATA_GPA + 0x200, 2, NX, 3);
	vf_desc(&c.f, 3, TBL, 32, IND | WR, 0);
	vf_avail_add(&c.f, 2);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_uint_eq(c.ch.head, 2);
	ck_assert_uint_eq(c.ch.n_read, 3);
	ck_assert_uint_eq(c.ch.n_write, 1);
	ck_assert_uint_eq(c.ch.read_bytes, 14);
	ck_assert_uint_eq(c.ch.write_bytes, 32);
	ck_assert_ptr_eq(c.iov[0].iov_base,
			 vf_host(&c.f, VF_DATA_GPA + 0x100, 4));
	ck_assert_ptr_eq(c.iov[1].iov_base,
			 vf_host(&c.f, VF_DATA_GPA + 0x200, 2));
	ck_assert_ptr_eq(c.iov[2].iov_base,
			 vf_host(&c.f, VF_DATA_GPA + 0x300, 8));
	ck_assert_ptr_eq(c.iov[3].iov_base,
			 vf_host(&c.f, VF_DATA_GPA + 0x400, 32));
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 2, 33), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 2, 32), 0);

	/* Writable direct descriptors before a table of writable entries. */
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA + 0x400, 16, WR, 0);
	vf_desc(&c.f, 0, VF_DATA_GPA + 0x100, 4, NX, 1);
	vf_desc(&c.f, 1, VF_DATA_GPA + 0x200, 8, WR | NX, 2);
	vf_desc(&c.f, 2, TBL, 16, IND, 0);
	vf_avail_add(&c.f, 0);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_uint_eq(c.ch.n_read, 1);
	ck_assert_uint_eq(c.ch.n_write, 2);
	ck_assert_uint_eq(c.ch.write_bytes, 24);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 24), 0);
	ctx_fini(&c);
}
END_TEST

/*
 * V-8 with V-4: direct descriptors plus the table's entries are one chain,
 * at most num long; exactly num is accepted.
 */
START_TEST(test_v08_v04_chain_through_table_of_num)
{
	unsigned int num = vqd_sizes[_i], direct, i;
	struct ctx c;

	/* num = 1 leaves no room for a direct descriptor before a table. */
	if (num < 2 || num > 256)
		return;
	ctx_init_ex(&c, num, VF_F_INDIRECT, 0, num + 1, NULL, 0);
	for (direct = 1; direct < num; direct = direct * 2 + 1) {
		unsigned int entries = num - direct;

		for (i = 0; i < direct; i++)
			vf_desc(&c.f, i, VF_DATA_GPA + i, 1, NX,
				(uint16_t)(i + 1));
		vf_desc(&c.f, direct, TBL, entries * 16, IND, 0);
		for (i = 0; i < entries; i++)
			vf_desc_at(&c.f, TBL, i, VF_DATA_B_GPA + i, 1,
				   WR | (i + 1 < entries ? NX : 0),
				   (uint16_t)(i + 1));
		vf_avail_add(&c.f, 0);
		ck_assert_int_eq(pop(&c), 1);
		ck_assert_uint_eq(c.ch.n_read, direct);
		ck_assert_uint_eq(c.ch.n_write, entries);
		ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 0), 0);
		/* One entry more is longer than the queue. */
		vf_desc_at(&c.f, TBL, entries - 1, VF_DATA_B_GPA, 1, WR | NX,
			   (uint16_t)entries);
		vf_desc_at(&c.f, TBL, entries, VF_DATA_B_GPA, 1, WR, 0);
		vf_desc(&c.f, direct, TBL, (entries + 1) * 16, IND, 0);
		vf_avail_add(&c.f, 0);
		expect_chain_error(&c, 0, -EINVAL);
	}
	ctx_fini(&c);
}
END_TEST

/* The end of a table in guest memory, a 16-byte entry before a gap. */
#define TBL_END (VF_DATA_B_GPA + VF_DATA_LEN - 16)

/* Chains with a table that a queue refuses in turn (V-22 for each). */
static const struct vqd_case malformed[] = {
	/* INDIRECT without the feature; nor at the end of a direct chain. */
	{ .num = 8, .max_iov = 16, .offer = {
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, 0, 0 },
			{ VQD_RING, 0, TBL, 16, IND, 0 },
		} },
		{ .head = 2, .err = -EINVAL, .d = {
			{ VQD_RING, 2, VF_DATA_GPA, 4, NX, 3 },
			{ VQD_RING, 3, TBL, 16, IND, 0 },
		} },
	} },
	/* V-7: a table entry that is INDIRECT, first or reached through NEXT. */
	{ .num = 8, .features = VF_F_INDIRECT, .max_iov = 16, .offer = {
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, TBL, 16, IND, 0 },
			{ VQD_RING, 0, TBL, 16, IND, 0 },
		} },
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, NX, 1 },
			{ TBL, 1, TBL, 32, IND, 0 },
			{ VQD_RING, 0, TBL, 32, IND, 0 },
		} },
	} },
	/* V-8: INDIRECT together with NEXT. */
	{ .num = 8, .features = VF_F_INDIRECT, .max_iov = 16,
	  .still_works = true, .offer = {
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, 0, 0 },
			{ VQD_RING, 1, VF_DATA_GPA, 4, WR, 0 },
			{ VQD_RING, 0, TBL, 16, IND | NX, 1 },
		} },
	} },
	/*
	 * V-8: an indirect descriptor in the middle of a chain (INDIRECT with
	 * NEXT after direct ones) stays an error.
	 */
	{ .num = 8, .features = VF_F_INDIRECT, .max_iov = 16,
	  .still_works = true, .offer = {
		{ .head = 2, .err = -EINVAL, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, WR, 0 },
			{ VQD_RING, 2, VF_DATA_GPA, 4, NX, 3 },
			{ VQD_RING, 3, TBL, 16, IND | NX, 4 },
			{ VQD_RING, 4, VF_DATA_GPA, 4, WR, 0 },
		} },
	} },
	/*
	 * V-8 with V-9 and V-7 across the whole chain: the rules do not start
	 * afresh in the table (V-13: test_v13_total_length_over_4g).  A
	 * writable direct descriptor, then a readable entry; then the table
	 * that ends a direct chain holds an indirect one.
	 */
	{ .num = 8, .features = VF_F_INDIRECT, .max_iov = 16,
	  .still_works = true, .offer = {
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, 0, 0 },
			{ VQD_RING, 0, VF_DATA_GPA, 4, WR | NX, 1 },
			{ VQD_RING, 1, TBL, 16, IND, 0 },
		} },
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, TBL, 16, IND, 0 },
			{ VQD_RING, 0, VF_DATA_GPA, 4, NX, 1 },
		} },
	} },
	/*
	 * V-3 inside a table: next >= the table's entry count (not num).  A
	 * larger table taken first leaves valid entries beyond the end of
	 * the small one, in guest memory and in any copy of it; they must
	 * not be followed.
	 */
	{ .num = 256, .features = VF_F_INDIRECT, .max_iov = 16, .offer = {
		{ .head = 0, .err = 0, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, NX, 1 },
			{ TBL, 1, VF_DATA_GPA, 4, NX, 2 },
			{ TBL, 2, VF_DATA_GPA, 4, 0, 0 },
			{ VQD_RING, 0, TBL, 48, IND, 0 },
		} },
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, NX, 2 },
			{ VQD_RING, 0, TBL, 32, IND, 0 },
		} },
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, NX, 0xffff },
		} },
	} },
	/* V-4 inside a table: self-loop and two-cycle. */
	{ .num = 256, .features = VF_F_INDIRECT, .max_iov = 16, .offer = {
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, NX, 0 },
			{ VQD_RING, 0, TBL, 16, IND, 0 },
		} },
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, NX, 1 },
			{ TBL, 1, VF_DATA_GPA, 4, NX, 0 },
			{ VQD_RING, 0, TBL, 32, IND, 0 },
		} },
	} },
	/*
	 * V-12 and V-11 for the table itself and for its buffers: the table
	 * in a gap; partly outside (the first entry is fine, the second in a
	 * gap, and the chain would never even reach it); addr + len wraps
	 * (V-11); an entry's buffer outside, or writable in read-only memory.
	 */
	{ .num = 8, .features = VF_F_INDIRECT, .max_iov = 16, .offer = {
		{ .head = 0, .err = -EFAULT, .d = {
			{ VQD_RING, 0, VF_GAP_GPA, 32, IND, 0 },
		} },
		{ .head = 0, .err = -EFAULT, .d = {
			{ TBL_END, 0, VF_DATA_GPA, 4, 0, 0 },
			{ VQD_RING, 0, TBL_END, 32, IND, 0 },
		} },
		{ .head = 0, .err = -EOVERFLOW, .d = {
			{ VQD_RING, 0, UINT64_MAX - 15, 32, IND, 0 },
		} },
		{ .head = 0, .err = -EFAULT, .d = {
			{ TBL, 0, VF_GAP_GPA, 4, 0, 0 },
			{ VQD_RING, 0, TBL, 16, IND, 0 },
		} },
		{ .head = 0, .err = -EFAULT, .d = {
			{ TBL, 0, VF_RO_GPA, 4, WR, 0 },
		} },
	} },
	/* V-9 and V-10 inside a table. */
	{ .num = 8, .features = VF_F_INDIRECT, .max_iov = 16, .offer = {
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, WR | NX, 1 },
			{ TBL, 1, VF_DATA_GPA, 4, 0, 0 },
			{ VQD_RING, 0, TBL, 32, IND, 0 },
		} },
		{ .head = 0, .err = -EINVAL, .d = {
			{ TBL, 0, VF_DATA_GPA, 4, NX, 1 },
			{ TBL, 1, VF_DATA_GPA, 0, WR, 0 },
		} },
	} },
};

START_TEST(test_indirect_malformed)
{
	vqd_run_case(&malformed[_i]);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_indirect_chain),
		CHECK_ONCE(test_indirect_table_across_regions_and_read_only),
		CHECK_LOOP(test_v04_v05_indirect_table_of_num_entries, 0,
			   N_SIZES),
		CHECK_LOOP(test_v06_indirect_bad_table_length, 0, N_SIZES),
		CHECK_ONCE(test_v08_direct_then_indirect_accepted),
		CHECK_LOOP(test_v08_v04_chain_through_table_of_num, 0, N_SIZES),
		CHECK_LOOP(test_indirect_malformed, 0, CHECK_ROWS(malformed)),
		{ NULL, 0, 0 },
	};

	return check_main("vq_device_indirect", 0, tests);
}
