// SPDX-License-Identifier: BSD-3-Clause
/*
 * Guest memory map: create validation, translation across adjacent regions,
 * gaps, read-only regions, the 2^64 edge, copies (V-11, V-12 at map level).
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/guest_mem.h>

#include "check_run.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static unsigned char mem_a[4096], mem_b[4096], mem_ro[4096], mem_top[4096];

/*
 * Guest map used by most tests (listed out of order on purpose):
 *   0x10000 .. 0x10fff  A (rw)
 *   0x11000 .. 0x11fff  B (rw), adjacent to A, separate host memory
 *   0x12000 .. 0x12fff  RO, adjacent to B
 *   0x20000 ..          nothing (a gap after RO)
 *   2^64 - 4096 .. 2^64 - 1  TOP (rw), ends exactly at 2^64
 */
#define GA 0x10000ull
#define GB 0x11000ull
#define GRO 0x12000ull
#define GTOP (0ull - 4096)

static struct scmi_vio_gmem *make_map(void)
{
	const struct scmi_vio_gmem_region r[] = {
		{ GRO, sizeof(mem_ro), mem_ro, false },
		{ GTOP, sizeof(mem_top), mem_top, true },
		{ GA, sizeof(mem_a), mem_a, true },
		{ GB, sizeof(mem_b), mem_b, true },
	};
	struct scmi_vio_gmem *gm = NULL;

	ck_assert_int_eq(scmi_vio_gmem_create(r, N_ELEM(r), &gm), 0);
	ck_assert_ptr_nonnull(gm);
	return gm;
}

START_TEST(test_create_rejects_bad_regions)
{
	static unsigned char m[64];
	struct scmi_vio_gmem *gm = (void *)1;
	struct scmi_vio_gmem_region r[2];

	/* Empty map, NULL arguments. */
	ck_assert_int_eq(scmi_vio_gmem_create(NULL, 1, &gm), -EINVAL);
	ck_assert_ptr_null(gm);
	r[0] = (struct scmi_vio_gmem_region){ 0x1000, 64, m, true };
	ck_assert_int_eq(scmi_vio_gmem_create(r, 0, &gm), -EINVAL);
	ck_assert_int_eq(scmi_vio_gmem_create(r, 1, NULL), -EINVAL);
	/* Zero length. */
	r[0].len = 0;
	ck_assert_int_eq(scmi_vio_gmem_create(r, 1, &gm), -EINVAL);
	/* NULL host pointer. */
	r[0] = (struct scmi_vio_gmem_region){ 0x1000, 64, NULL, true };
	ck_assert_int_eq(scmi_vio_gmem_create(r, 1, &gm), -EINVAL);
	/* gpa + len wraps past 2^64. */
	r[0] = (struct scmi_vio_gmem_region){ 0ull - 32, 64, m, true };
	ck_assert_int_eq(scmi_vio_gmem_create(r, 1, &gm), -EINVAL);
	/* ...but ending exactly at 2^64 is fine. */
	r[0].gpa = 0ull - 64;
	ck_assert_int_eq(scmi_vio_gmem_create(r, 1, &gm), 0);
	scmi_vio_gmem_destroy(gm);
	/* The host span would wrap the host address space. */
	r[0] = (struct scmi_vio_gmem_region){ 0, UINT64_MAX, m, true };
	ck_assert_int_eq(scmi_vio_gmem_create(r, 1, &gm), -EINVAL);
	/* Overlap, by one byte, in either order. */
	r[0] = (struct scmi_vio_gmem_region){ 0x1000, 64, m, true };
	r[1] = (struct scmi_vio_gmem_region){ 0x103f, 16, m, true };
	ck_assert_int_eq(scmi_vio_gmem_create(r, 2, &gm), -EINVAL);
	r[1].gpa = 0xff1;
	ck_assert_int_eq(scmi_vio_gmem_create(r, 2, &gm), -EINVAL);
	/* Same start. */
	r[1].gpa = 0x1000;
	ck_assert_int_eq(scmi_vio_gmem_create(r, 2, &gm), -EINVAL);
	ck_assert_ptr_null(gm);
	/* Touching is not overlapping. */
	r[1].gpa = 0x1040;
	ck_assert_int_eq(scmi_vio_gmem_create(r, 2, &gm), 0);
	scmi_vio_gmem_destroy(gm);
	scmi_vio_gmem_destroy(NULL);
}
END_TEST

START_TEST(test_map_within_one_region)
{
	struct scmi_vio_gmem *gm = make_map();
	struct iovec iov[4];

	ck_assert_int_eq(scmi_vio_gmem_map(gm, GA + 16, 100, true, iov, 4), 1);
	ck_assert_ptr_eq(iov[0].iov_base, mem_a + 16);
	ck_assert_uint_eq(iov[0].iov_len, 100);
	/* The whole region, first and last byte. */
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GA, 4096, false, iov, 1), 1);
	ck_assert_ptr_eq(iov[0].iov_base, mem_a);
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GB + 4095, 1, false, iov, 1), 1);
	ck_assert_ptr_eq(iov[0].iov_base, mem_b + 4095);
	/* Zero length: no entries, whatever the address. */
	ck_assert_int_eq(scmi_vio_gmem_map(gm, 0x5, 0, true, iov, 4), 0);
	scmi_vio_gmem_destroy(gm);
}
END_TEST

START_TEST(test_map_spans_adjacent_regions)
{
	struct scmi_vio_gmem *gm = make_map();
	struct iovec iov[4];

	/* A's last 10 bytes, all of B, RO's first 6: three host pieces. */
	ck_assert_int_eq(
		scmi_vio_gmem_map(gm, GB - 10, 4096 + 16, false, iov, 4), 3);
	ck_assert_ptr_eq(iov[0].iov_base, mem_a + 4086);
	ck_assert_uint_eq(iov[0].iov_len, 10);
	ck_assert_ptr_eq(iov[1].iov_base, mem_b);
	ck_assert_uint_eq(iov[1].iov_len, 4096);
	ck_assert_ptr_eq(iov[2].iov_base, mem_ro);
	ck_assert_uint_eq(iov[2].iov_len, 6);
	/* Two regions, two iovecs. */
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GB - 1, 2, true, iov, 2), 2);
	ck_assert_ptr_eq(iov[0].iov_base, mem_a + 4095);
	ck_assert_ptr_eq(iov[1].iov_base, mem_b);
	scmi_vio_gmem_destroy(gm);
}
END_TEST

/* V-12 at map level: any byte outside every region faults. */
START_TEST(test_v12_map_gap_faults)
{
	struct scmi_vio_gmem *gm = make_map();
	struct iovec iov[4];

	ck_assert_int_eq(scmi_vio_gmem_map(gm, 0x20000, 1, false, iov, 4),
			 -EFAULT);
	/* Below the first region. */
	ck_assert_int_eq(scmi_vio_gmem_map(gm, 0, 16, false, iov, 4), -EFAULT);
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GA - 1, 2, false, iov, 4),
			 -EFAULT);
	/* Runs one byte past RO into the gap. */
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GRO, 4097, false, iov, 4),
			 -EFAULT);
	/* Starts inside, crosses two good regions, ends in the gap. */
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GA, 3 * 4096 + 1, false, iov, 4),
			 -EFAULT);
	/* Just below TOP. */
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GTOP - 1, 1, false, iov, 4),
			 -EFAULT);
	scmi_vio_gmem_destroy(gm);
}
END_TEST

/* V-11 at map level: the 2^64 edge. */
START_TEST(test_v11_map_overflow_at_2_64)
{
	struct scmi_vio_gmem *gm = make_map();
	struct iovec iov[2];

	/* Ending exactly at 2^64 is a valid range. */
	ck_assert_int_eq(
		scmi_vio_gmem_map(gm, UINT64_MAX - 15, 16, true, iov, 2), 1);
	ck_assert_ptr_eq(iov[0].iov_base, mem_top + 4096 - 16);
	ck_assert_int_eq(scmi_vio_gmem_map(gm, UINT64_MAX, 1, true, iov, 2), 1);
	/* One byte more wraps. */
	ck_assert_int_eq(scmi_vio_gmem_map(gm, UINT64_MAX - 15, 17, true, iov,
					   2),
			 -EOVERFLOW);
	ck_assert_int_eq(scmi_vio_gmem_map(gm, UINT64_MAX, 2, true, iov, 2),
			 -EOVERFLOW);
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GA, UINT64_MAX, false, iov, 2),
			 -EOVERFLOW);
	/* Length 2^64 - 1 from 0 ends at 2^64 - 2: no overflow, a gap. */
	ck_assert_int_eq(scmi_vio_gmem_map(gm, 0, UINT64_MAX, false, iov, 2),
			 -EFAULT);
	ck_assert_int_eq(scmi_vio_gmem_read(gm, UINT64_MAX, mem_a, 2),
			 -EOVERFLOW);
	ck_assert_int_eq(scmi_vio_gmem_write(gm, UINT64_MAX, mem_a, 2),
			 -EOVERFLOW);
	ck_assert_ptr_null(scmi_vio_gmem_contig(gm, UINT64_MAX, 2, false));
	scmi_vio_gmem_destroy(gm);
}
END_TEST

START_TEST(test_map_enobufs)
{
	struct scmi_vio_gmem *gm = make_map();
	struct iovec iov[3];

	ck_assert_int_eq(scmi_vio_gmem_map(gm, GB - 1, 2, false, iov, 1),
			 -ENOBUFS);
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GA, 3 * 4096, false, iov, 2),
			 -ENOBUFS);
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GA, 3 * 4096, false, iov, 3), 3);
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GA, 1, false, NULL, 4),
			 -ENOBUFS);
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GA, 1, false, iov, 0), -ENOBUFS);
	scmi_vio_gmem_destroy(gm);
}
END_TEST

/* V-12 at map level: writes to read-only memory are refused. */
START_TEST(test_v12_read_only_refuses_writes)
{
	struct scmi_vio_gmem *gm = make_map();
	unsigned char buf[32];
	struct iovec iov[4];

	memset(mem_ro, 0x5a, sizeof(mem_ro));
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GRO, 16, false, iov, 4), 1);
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GRO, 16, true, iov, 4), -EFAULT);
	/* Writable B then read-only RO: refused as a whole. */
	ck_assert_int_eq(scmi_vio_gmem_map(gm, GRO - 8, 16, true, iov, 4),
			 -EFAULT);
	ck_assert_ptr_null(scmi_vio_gmem_contig(gm, GRO, 16, true));
	ck_assert_ptr_eq(scmi_vio_gmem_contig(gm, GRO, 16, false), mem_ro);
	/* A failed write copies nothing, not even into the writable part. */
	memset(buf, 0xee, sizeof(buf));
	memset(mem_b, 0, sizeof(mem_b));
	ck_assert_int_eq(scmi_vio_gmem_write(gm, GRO - 8, buf, 16), -EFAULT);
	ck_assert_uint_eq(mem_b[4095], 0);
	ck_assert_uint_eq(mem_ro[0], 0x5a);
	scmi_vio_gmem_destroy(gm);
}
END_TEST

START_TEST(test_read_write_across_regions)
{
	struct scmi_vio_gmem *gm = make_map();
	unsigned char in[300], out[300];
	unsigned int i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 7 + 1);
	ck_assert_int_eq(scmi_vio_gmem_write(gm, GB - 100, in, sizeof(in)), 0);
	ck_assert_mem_eq(mem_a + 4096 - 100, in, 100);
	ck_assert_mem_eq(mem_b, in + 100, 200);
	memset(out, 0, sizeof(out));
	ck_assert_int_eq(scmi_vio_gmem_read(gm, GB - 100, out, sizeof(out)), 0);
	ck_assert_mem_eq(out, in, sizeof(in));
	/* Reads from read-only memory work; across into a gap they fault. */
	ck_assert_int_eq(scmi_vio_gmem_read(gm, GRO + 4000, out, 96), 0);
	ck_assert_int_eq(scmi_vio_gmem_read(gm, GRO + 4000, out, 97), -EFAULT);
	ck_assert_int_eq(scmi_vio_gmem_read(gm, 0x20000, out, 1), -EFAULT);
	/* Zero length is a no-op anywhere. */
	ck_assert_int_eq(scmi_vio_gmem_read(gm, 0x20000, out, 0), 0);
	ck_assert_int_eq(scmi_vio_gmem_write(gm, 0x20000, in, 0), 0);
	/* A NULL map has no memory. */
	ck_assert_int_eq(scmi_vio_gmem_read(NULL, GA, out, 1), -EFAULT);
	scmi_vio_gmem_destroy(gm);
}
END_TEST

/* @buf[0..n) holds @src[i - at] for at <= i < at + len, else 0xee. */
static bool holds(const unsigned char *buf, size_t n, size_t at, size_t len,
		  const unsigned char *src)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (buf[i] != (i >= at && i < at + len ? src[i - at] : 0xee))
			return false;
	return true;
}

/*
 * Copies move words where the guest side is 8-aligned and bytes elsewhere
 * (V-24): every guest alignment, private alignment and short length gets
 * exactly its bytes, and nothing beside them is touched.
 */
START_TEST(test_copies_at_every_alignment)
{
	struct scmi_vio_gmem *gm = make_map();
	unsigned char in[64], out[64];
	unsigned int g, p, len, i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 13 + 5);
	for (g = 32; g < 48; g++)
		for (p = 0; p < 8; p++)
			for (len = 0; len <= 40; len++) {
				memset(mem_a, 0xee, 128);
				memset(out, 0xee, sizeof(out));
				if (scmi_vio_gmem_write(gm, GA + g, in + p,
							len) ||
				    !holds(mem_a, 128, g, len, in + p) ||
				    scmi_vio_gmem_read(gm, GA + g, out + p,
						       len) ||
				    !holds(out, sizeof(out), p, len, in + p))
					ck_abort_msg("copy at %u/%u, %u bytes",
						     g, p, len);
			}
	scmi_vio_gmem_destroy(gm);
}
END_TEST

START_TEST(test_contig)
{
	struct scmi_vio_gmem *gm = make_map();

	ck_assert_ptr_eq(scmi_vio_gmem_contig(gm, GA, 4096, true), mem_a);
	ck_assert_ptr_eq(scmi_vio_gmem_contig(gm, GB + 8, 8, false), mem_b + 8);
	ck_assert_ptr_eq(scmi_vio_gmem_contig(gm, UINT64_MAX - 3, 4, true),
			 mem_top + 4092);
	/* Across adjacent regions is not contiguous host memory. */
	ck_assert_ptr_null(scmi_vio_gmem_contig(gm, GB - 1, 2, false));
	ck_assert_ptr_null(scmi_vio_gmem_contig(gm, GA, 0, false));
	ck_assert_ptr_null(scmi_vio_gmem_contig(gm, 0x20000, 1, false));
	ck_assert_ptr_null(scmi_vio_gmem_contig(NULL, GA, 1, false));
	scmi_vio_gmem_destroy(gm);
}
END_TEST

START_TEST(test_iov_buf_copies)
{
	unsigned char a[5], b[3], c[8], out[16];
	const unsigned char in[16] = "0123456789abcdef";
	struct iovec iov[3] = {
		{ a, sizeof(a) },
		{ b, 0 },
		{ c, sizeof(c) },
	};

	ck_assert_uint_eq(scmi_vio_iov_from_buf(iov, 3, in, 16), 13);
	ck_assert_mem_eq(a, "01234", 5);
	ck_assert_mem_eq(c, "56789abc", 8);
	memset(out, 0, sizeof(out));
	ck_assert_uint_eq(scmi_vio_iov_to_buf(iov, 3, out, 7), 7);
	ck_assert_mem_eq(out, "0123456", 7);
	ck_assert_uint_eq(out[7], 0);
	ck_assert_uint_eq(scmi_vio_iov_to_buf(iov, 3, out, 16), 13);
	ck_assert_uint_eq(scmi_vio_iov_to_buf(iov, 0, out, 16), 0);
	ck_assert_uint_eq(scmi_vio_iov_to_buf(NULL, 3, out, 16), 0);
	/* The iovec limit stops the copy, not the buffer length. */
	iov[1].iov_len = sizeof(b);
	ck_assert_uint_eq(scmi_vio_iov_from_buf(iov, 2, in, 16), 8);
	ck_assert_mem_eq(b, "567", 3);
}
END_TEST

/* Many regions: the binary search finds each one, and the gaps between. */
START_TEST(test_many_regions_lookup)
{
	enum { N = 257 };
	static unsigned char backing[N][64];
	struct scmi_vio_gmem_region r[N];
	struct scmi_vio_gmem *gm;
	struct iovec iov[1];
	unsigned int i;

	/* Every other 4 KiB page, listed in reverse. */
	for (i = 0; i < N; i++)
		r[i] = (struct scmi_vio_gmem_region){ (uint64_t)(N - 1 - i) *
							      0x2000,
						      64, backing[N - 1 - i],
						      (i & 1) != 0 };
	ck_assert_int_eq(scmi_vio_gmem_create(r, N, &gm), 0);
	for (i = 0; i < N; i++) {
		uint64_t gpa = (uint64_t)i * 0x2000;

		ck_assert_int_eq(
			scmi_vio_gmem_map(gm, gpa + 63, 1, false, iov, 1), 1);
		ck_assert_ptr_eq(iov[0].iov_base, &backing[i][63]);
		ck_assert_int_eq(scmi_vio_gmem_map(gm, gpa + 64, 1, false, iov,
						   1),
				 -EFAULT);
	}
	scmi_vio_gmem_destroy(gm);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_create_rejects_bad_regions),
		CHECK_ONCE(test_map_within_one_region),
		CHECK_ONCE(test_map_spans_adjacent_regions),
		CHECK_ONCE(test_v12_map_gap_faults),
		CHECK_ONCE(test_v11_map_overflow_at_2_64),
		CHECK_ONCE(test_map_enobufs),
		CHECK_ONCE(test_v12_read_only_refuses_writes),
		CHECK_ONCE(test_read_write_across_regions),
		CHECK_ONCE(test_copies_at_every_alignment),
		CHECK_ONCE(test_contig),
		CHECK_ONCE(test_iov_buf_copies),
		CHECK_ONCE(test_many_regions_lookup),
		{ NULL, 0, 0 },
	};

	return check_main("guest_mem", 0, tests);
}
