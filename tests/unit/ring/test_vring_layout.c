// SPDX-License-Identifier: BSD-3-Clause
/*
 * The wire layout, cross-checked against the system's <linux/virtio_ring.h>
 * (vring_init, vring_size, vring_need_event) for every queue size.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/virtio_ring.h>

#include <scmi_vio/vring.h>

#include "check_run.h"

static const unsigned long aligns[] = { 4, 64, 4096 };

START_TEST(test_size_and_layout_match_linux)
{
	unsigned int num;
	size_t a;

	for (num = 1; num <= SCMI_VIO_VRING_MAX_SIZE; num <<= 1) {
		for (a = 0; a < sizeof(aligns) / sizeof(aligns[0]); a++) {
			size_t bytes = scmi_vio_vring_size(num, aligns[a]);
			struct scmi_vio_vring ours;
			struct vring theirs;
			void *mem;

			ck_assert(scmi_vio_vring_valid_size(num));
			ck_assert_uint_eq(bytes, vring_size(num, aligns[a]));
			ck_assert_int_eq(posix_memalign(&mem, 4096, bytes), 0);
			memset(mem, 0xa5, bytes);
			ck_assert_int_eq(scmi_vio_vring_layout(&ours, num, mem,
							       aligns[a]),
					 0);
			vring_init(&theirs, num, mem, aligns[a]);
			/* The parts end where the next begins (event words
			 * included), as vring_init() lays them out. */
			ck_assert_uint_eq(
				scmi_vio_vring_desc_bytes(num) +
					scmi_vio_vring_avail_bytes(num),
				(size_t)((char *)&vring_used_event(&theirs) +
					 2 - (char *)mem));
			ck_assert_uint_eq(
				scmi_vio_vring_used_offset(num, aligns[a]) +
					scmi_vio_vring_used_bytes(num),
				bytes);
			ck_assert_uint_eq(ours.num, theirs.num);
			ck_assert_ptr_eq(ours.desc, theirs.desc);
			ck_assert_ptr_eq(ours.avail, theirs.avail);
			ck_assert_ptr_eq(ours.used, theirs.used);
			ck_assert_ptr_eq((char *)mem +
						 scmi_vio_vring_used_offset(
							 num, aligns[a]),
					 theirs.used);
			ck_assert_ptr_eq(scmi_vio_vring_used_event(&ours),
					 &vring_used_event(&theirs));
			ck_assert_ptr_eq(scmi_vio_vring_avail_event(&ours),
					 &vring_avail_event(&theirs));
			/* Laying out zeroes the whole block. */
			ck_assert_uint_eq(((unsigned char *)mem)[bytes - 1], 0);
			ck_assert_uint_eq(ours.used->idx, 0);
			free(mem);
		}
	}
}
END_TEST

START_TEST(test_struct_offsets_match_linux)
{
	ck_assert_uint_eq(sizeof(struct scmi_vio_vring_desc),
			  sizeof(struct vring_desc));
	ck_assert_uint_eq(offsetof(struct scmi_vio_vring_desc, next),
			  offsetof(struct vring_desc, next));
	ck_assert_uint_eq(offsetof(struct scmi_vio_vring_avail, ring),
			  offsetof(struct vring_avail, ring));
	ck_assert_uint_eq(offsetof(struct scmi_vio_vring_used, ring),
			  offsetof(struct vring_used, ring));
	ck_assert_uint_eq(sizeof(struct scmi_vio_vring_used_elem),
			  sizeof(struct vring_used_elem));
	ck_assert_uint_eq(SCMI_VIO_VRING_DESC_F_NEXT, VRING_DESC_F_NEXT);
	ck_assert_uint_eq(SCMI_VIO_VRING_DESC_F_WRITE, VRING_DESC_F_WRITE);
	ck_assert_uint_eq(SCMI_VIO_VRING_DESC_F_INDIRECT,
			  VRING_DESC_F_INDIRECT);
	ck_assert_uint_eq(SCMI_VIO_VRING_USED_F_NO_NOTIFY,
			  VRING_USED_F_NO_NOTIFY);
	ck_assert_uint_eq(SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT,
			  VRING_AVAIL_F_NO_INTERRUPT);
	ck_assert_uint_eq(SCMI_VIO_F_INDIRECT_DESC,
			  VIRTIO_RING_F_INDIRECT_DESC);
	ck_assert_uint_eq(SCMI_VIO_F_EVENT_IDX, VIRTIO_RING_F_EVENT_IDX);
}
END_TEST

/* Every (event, old) pair around a few new indices, plus random triples. */
START_TEST(test_need_event_matches_linux)
{
	static const uint16_t news[] = {
		0, 1, 2, 0x7fff, 0x8000, 0xfffe, 0xffff
	};
	unsigned int seed = 12345;
	size_t n;
	uint32_t ev, old;
	int i;

	for (n = 0; n < sizeof(news) / sizeof(news[0]); n++)
		for (ev = 0; ev <= 0xffff; ev += 61)
			for (old = 0; old <= 0xffff; old += 509)
				ck_assert_int_eq(
					scmi_vio_vring_need_event(
						(uint16_t)ev, news[n],
						(uint16_t)old),
					vring_need_event((uint16_t)ev, news[n],
							 (uint16_t)old));
	for (i = 0; i < 1000000; i++) {
		uint16_t e = (uint16_t)rand_r(&seed),
			 w = (uint16_t)rand_r(&seed),
			 o = (uint16_t)rand_r(&seed);

		ck_assert_int_eq(scmi_vio_vring_need_event(e, w, o),
				 vring_need_event(e, w, o));
	}
}
END_TEST

/* V-16: queue size 0, not a power of two, above 32768: refused. */
START_TEST(test_v16_bad_sizes_refused)
{
	static const unsigned int bad[] = { 0, 3, 6, 1000, 32769, 65536 };
	static char mem[64] __attribute__((aligned(16)));
	struct scmi_vio_vring vr;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert(!scmi_vio_vring_valid_size(bad[i]));
		ck_assert_uint_eq(scmi_vio_vring_size(bad[i], 4), 0);
		ck_assert_int_eq(scmi_vio_vring_attach(&vr, bad[i], mem, mem,
						       mem),
				 -EINVAL);
		ck_assert_int_eq(scmi_vio_vring_layout(&vr, bad[i], mem, 4),
				 -EINVAL);
	}
	/* A used-ring alignment below 4 or not a power of two. */
	ck_assert_uint_eq(scmi_vio_vring_size(4, 2), 0);
	ck_assert_uint_eq(scmi_vio_vring_size(4, 12), 0);
}
END_TEST

/* V-17: misaligned descriptor table (16), avail ring (2), used ring (4). */
START_TEST(test_v17_misaligned_parts_refused)
{
	static char mem[4096] __attribute__((aligned(4096)));
	struct scmi_vio_vring vr;

	ck_assert_int_eq(
		scmi_vio_vring_attach(&vr, 4, mem, mem + 64, mem + 128), 0);
	ck_assert_int_eq(scmi_vio_vring_attach(&vr, 4, mem + 8, mem + 64,
					       mem + 128),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vring_attach(&vr, 4, mem, mem + 65,
					       mem + 128),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vring_attach(&vr, 4, mem, mem + 64,
					       mem + 130),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vring_layout(&vr, 4, mem + 8, 4), -EINVAL);
	ck_assert_int_eq(scmi_vio_vring_attach(NULL, 4, mem, mem, mem),
			 -EINVAL);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_size_and_layout_match_linux),
		CHECK_ONCE(test_struct_offsets_match_linux),
		CHECK_ONCE(test_need_event_matches_linux),
		CHECK_ONCE(test_v16_bad_sizes_refused),
		CHECK_ONCE(test_v17_misaligned_parts_refused),
		{ NULL, 0, 0 },
	};

	return check_main("vring_layout", 0, tests);
}
