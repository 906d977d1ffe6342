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
	vf_desc(&c.f, 4, TBL, 48, IND | WR, 0);
	vf_avail_add(&c.f, 4);
	ck_assert_int_eq(pop(&c), 1);
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
	vf_desc(&c.f, 0, VF_DATA_B_GPA - 16, 32, IND, 0);
	vf_avail_add(&c.f, 0);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_uint_eq(c.ch.n_read + c.ch.n_write, 2);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 4), 0);

	vf_desc_at(&c.f, VF_RO_GPA, 0, VF_DATA_GPA, 4, 0, 0);
	vf_desc(&c.f, 1, VF_RO_GPA, 16, IND, 0);
	vf_avail_add(&c.f, 1);
	ck_assert_int_eq(pop(&c), 1);
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
	vf_desc(&c.f, 0, gt, num * 16, IND, 0);
	vf_avail_add(&c.f, 0);
	ck_assert_int_eq(pop(&c), 1);
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

START_TEST(test_indirect_flag_without_feature)
{
	struct ctx c;

	ctx_init(&c, 8, 0);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, 0, 0);
	vf_desc(&c.f, 0, TBL, 16, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	/* Nor at the end of a direct chain (V-8's valid shape). */
	vf_desc(&c.f, 2, VF_DATA_GPA, 4, NX, 3);
	vf_desc(&c.f, 3, TBL, 16, IND, 0);
	vf_avail_add(&c.f, 2);
	expect_chain_error(&c, 2, -EINVAL);
	ctx_fini(&c);
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

/* V-7 */
START_TEST(test_v07_indirect_inside_indirect)
{
	struct ctx c;

	ctx_init(&c, 8, VF_F_INDIRECT);
	vf_desc_at(&c.f, TBL, 0, TBL, 16, IND, 0);
	vf_desc(&c.f, 0, TBL, 16, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	/* Reached through NEXT, after a good entry. */
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, NX, 1);
	vf_desc_at(&c.f, TBL, 1, TBL, 32, IND, 0);
	vf_desc(&c.f, 0, TBL, 32, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	ctx_fini(&c);
}
END_TEST

/* V-8: INDIRECT together with NEXT. */
START_TEST(test_v08_indirect_with_next)
{
	struct ctx c;

	ctx_init(&c, 8, VF_F_INDIRECT);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, 0, 0);
	vf_desc(&c.f, 1, VF_DATA_GPA, 4, WR, 0);
	vf_desc(&c.f, 0, TBL, 16, IND | NX, 1);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	expect_still_works(&c);
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

/* V-8: an indirect descriptor in the middle of a chain (INDIRECT with NEXT
 * after direct ones) stays an error. */
START_TEST(test_v08_indirect_mid_chain)
{
	struct ctx c;

	ctx_init(&c, 8, VF_F_INDIRECT);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, WR, 0);
	vf_desc(&c.f, 2, VF_DATA_GPA, 4, NX, 3);
	vf_desc(&c.f, 3, TBL, 16, IND | NX, 4);
	vf_desc(&c.f, 4, VF_DATA_GPA, 4, WR, 0);
	vf_avail_add(&c.f, 2);
	expect_chain_error(&c, 2, -EINVAL);
	expect_still_works(&c);
	ctx_fini(&c);
}
END_TEST

/* V-8 with V-9 and V-7 across the whole chain: the rules do not start
 * afresh in the table (V-13: test_v13_total_length_over_4g). */
START_TEST(test_v08_rules_span_direct_and_indirect)
{
	struct ctx c;

	ctx_init(&c, 8, VF_F_INDIRECT);
	/* V-9: a writable direct descriptor, then a readable entry. */
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, 0, 0);
	vf_desc(&c.f, 0, VF_DATA_GPA, 4, WR | NX, 1);
	vf_desc(&c.f, 1, TBL, 16, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	/* V-7: the table that ends a direct chain holds an indirect one. */
	vf_desc_at(&c.f, TBL, 0, TBL, 16, IND, 0);
	vf_desc(&c.f, 0, VF_DATA_GPA, 4, NX, 1);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	expect_still_works(&c);
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

/*
 * V-3 inside a table: next >= the table's entry count (not num).  A larger
 * table popped first leaves valid entries beyond the end of the small one,
 * in guest memory and in any copy of it; they must not be followed.
 */
START_TEST(test_v03_indirect_next_out_of_range)
{
	struct ctx c;

	ctx_init(&c, 256, VF_F_INDIRECT);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, NX, 1);
	vf_desc_at(&c.f, TBL, 1, VF_DATA_GPA, 4, NX, 2);
	vf_desc_at(&c.f, TBL, 2, VF_DATA_GPA, 4, 0, 0);
	vf_desc(&c.f, 0, TBL, 48, IND, 0);
	vf_avail_add(&c.f, 0);
	ck_assert_int_eq(pop(&c), 1);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 0), 0);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, NX, 2);
	vf_desc(&c.f, 0, TBL, 32, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, NX, 0xffff);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	ctx_fini(&c);
}
END_TEST

/* V-4 inside a table: self-loop and two-cycle. */
START_TEST(test_v04_indirect_loops)
{
	struct ctx c;

	ctx_init(&c, 256, VF_F_INDIRECT);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, NX, 0);
	vf_desc(&c.f, 0, TBL, 16, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, NX, 1);
	vf_desc_at(&c.f, TBL, 1, VF_DATA_GPA, 4, NX, 0);
	vf_desc(&c.f, 0, TBL, 32, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	ctx_fini(&c);
}
END_TEST

/* V-12 and V-11 for the table itself and for its buffers. */
START_TEST(test_v12_indirect_table_outside_guest_memory)
{
	struct ctx c;

	ctx_init(&c, 8, VF_F_INDIRECT);
	vf_desc(&c.f, 0, VF_GAP_GPA, 32, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EFAULT);
	/* Partly outside: the first entry is fine, the second is in a gap,
	 * and the chain would never even reach it. */
	vf_desc_at(&c.f, VF_DATA_B_GPA + VF_DATA_LEN - 16, 0, VF_DATA_GPA, 4, 0,
		   0);
	vf_desc(&c.f, 0, VF_DATA_B_GPA + VF_DATA_LEN - 16, 32, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EFAULT);
	/* V-11: the table's addr + len wraps. */
	vf_desc(&c.f, 0, UINT64_MAX - 15, 32, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EOVERFLOW);
	/* A buffer of an entry outside, or writable in read-only memory. */
	vf_desc_at(&c.f, TBL, 0, VF_GAP_GPA, 4, 0, 0);
	vf_desc(&c.f, 0, TBL, 16, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EFAULT);
	vf_desc_at(&c.f, TBL, 0, VF_RO_GPA, 4, WR, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EFAULT);
	ctx_fini(&c);
}
END_TEST

/* V-9 and V-10 inside a table. */
START_TEST(test_v09_v10_indirect_entry_order_and_zero_length)
{
	struct ctx c;

	ctx_init(&c, 8, VF_F_INDIRECT);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, WR | NX, 1);
	vf_desc_at(&c.f, TBL, 1, VF_DATA_GPA, 4, 0, 0);
	vf_desc(&c.f, 0, TBL, 32, IND, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	vf_desc_at(&c.f, TBL, 0, VF_DATA_GPA, 4, NX, 1);
	vf_desc_at(&c.f, TBL, 1, VF_DATA_GPA, 0, WR, 0);
	vf_avail_add(&c.f, 0);
	expect_chain_error(&c, 0, -EINVAL);
	ctx_fini(&c);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_indirect_chain),
		CHECK_ONCE(test_indirect_table_across_regions_and_read_only),
		CHECK_LOOP(test_v04_v05_indirect_table_of_num_entries, 0,
			   N_SIZES),
		CHECK_ONCE(test_indirect_flag_without_feature),
		CHECK_LOOP(test_v06_indirect_bad_table_length, 0, N_SIZES),
		CHECK_ONCE(test_v07_indirect_inside_indirect),
		CHECK_ONCE(test_v08_indirect_with_next),
		CHECK_ONCE(test_v08_direct_then_indirect_accepted),
		CHECK_ONCE(test_v08_indirect_mid_chain),
		CHECK_ONCE(test_v08_rules_span_direct_and_indirect),
		CHECK_LOOP(test_v08_v04_chain_through_table_of_num, 0, N_SIZES),
		CHECK_ONCE(test_v03_indirect_next_out_of_range),
		CHECK_ONCE(test_v04_indirect_loops),
		CHECK_ONCE(test_v12_indirect_table_outside_guest_memory),
		CHECK_ONCE(test_v09_v10_indirect_entry_order_and_zero_length),
		{ NULL, 0, 0 },
	};

	return check_main("vq_device_indirect", 0, tests);
}
