// SPDX-License-Identifier: BSD-3-Clause
/*
 * A device probed while it is already bound (L-12): the second probe is
 * refused with -EBUSY before it writes a byte of the window the first
 * life's rings and buffers live in, and the first life keeps working.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <scmi_vio/scmi_base.h>

#include "check_run.h"
#include "common/atomics.h"
#include "vs_fixture.h"

/*
 * Copy the window into @snap once two copies 10 ms apart agree: the first
 * life's device thread may still be re-arming its notifications after the
 * last reply.  The copies are the race-free shared-memory copy.
 */
static void settled_copy(const struct scmi_vio_vdev *vd, uint8_t *snap,
			 uint8_t *scratch)
{
	const struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
	int tries;

	sv_copy_from_shared(snap, vd->mem, vd->size);
	for (tries = 0; tries < 100; tries++) {
		nanosleep(&ten_ms, NULL);
		sv_copy_from_shared(scratch, vd->mem, vd->size);
		if (!memcmp(snap, scratch, vd->size))
			return;
		memcpy(snap, scratch, vd->size);
	}
	ck_abort_msg("the window never settled");
}

/* Every loopback mode: a device thread, inline, spinning. */
START_TEST(test_l12_second_probe_leaves_first_life_alone)
{
	struct vsf *f = vsf_up_mode(_i);
	const struct scmi_vio_vdev *vd = scmi_vio_loopback_vdev(f->lb);
	struct scmi_vio_virtio_scmi *vs2 = (void *)1;
	uint32_t v1 = 0, v2 = 0;
	uint8_t *before, *after;

	ck_assert_int_eq(scmi_vio_base_impl_version(f->a, &v1), 0);
	vsf_all_free(f->vs);
	/* Quiescent once settled: neither side writes the window until the
	 * next call. */
	before = malloc(vd->size);
	after = malloc(vd->size);
	ck_assert_ptr_nonnull(before);
	ck_assert_ptr_nonnull(after);
	settled_copy(vd, before, after);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(vd, NULL, &vs2), -EBUSY);
	ck_assert_ptr_null(vs2);
	sv_copy_from_shared(after, vd->mem, vd->size);
	ck_assert_msg(!memcmp(before, after, vd->size),
		      "the refused probe wrote the first life's window");
	free(after);
	free(before);
	ck_assert_int_eq(scmi_vio_base_impl_version(f->a, &v2), 0);
	ck_assert_uint_eq(v1, v2);
	vsf_down(f);
}
END_TEST

/* A window that overlaps a bound one is as busy as the same window. */
START_TEST(test_l12_overlapping_window_busy)
{
	struct vsf *f = vsf_up_mode(0);
	struct scmi_vio_vdev vd = *scmi_vio_loopback_vdev(f->lb);
	struct scmi_vio_virtio_scmi *vs2 = NULL;

	vd.mem = (uint8_t *)vd.mem + vd.size / 2;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(&vd, NULL, &vs2), -EBUSY);
	vsf_down(f);
}
END_TEST

/* Once removed, the window is free for the next life. */
START_TEST(test_l12_probe_after_remove)
{
	struct vsf *f = vsf_up_mode(0);
	const struct scmi_vio_vdev *vd = scmi_vio_loopback_vdev(f->lb);

	scmi_vio_agent_destroy(f->a);
	scmi_vio_virtio_scmi_remove(f->vs);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(vd, NULL, &f->vs), 0);
	f->a = NULL;
	scmi_vio_virtio_scmi_remove(f->vs);
	f->vs = NULL;
	scmi_vio_loopback_destroy(f->lb);
	free(f);
}
END_TEST

/* Two windows bound at once, unbound in either order: each frees its own. */
START_TEST(test_l12_two_windows_removed_in_either_order)
{
	struct vsf *a = vsf_up_mode(0), *b = vsf_up_mode(0);
	struct vsf *first = _i ? b : a, *second = _i ? a : b;
	const struct scmi_vio_vdev *vd = scmi_vio_loopback_vdev(first->lb);
	struct scmi_vio_virtio_scmi *vs = NULL;

	scmi_vio_agent_destroy(first->a);
	scmi_vio_virtio_scmi_remove(first->vs);
	/* The removed window is free again, the other one still busy. */
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(vd, NULL, &vs), 0);
	first->vs = vs;
	first->a = NULL;
	vd = scmi_vio_loopback_vdev(second->lb);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(vd, NULL, &vs), -EBUSY);
	vsf_down(second);
	scmi_vio_virtio_scmi_remove(first->vs);
	scmi_vio_loopback_destroy(first->lb);
	free(first);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_l12_second_probe_leaves_first_life_alone, 0, 4),
		CHECK_ONCE(test_l12_overlapping_window_busy),
		CHECK_ONCE(test_l12_probe_after_remove),
		CHECK_LOOP(test_l12_two_windows_removed_in_either_order, 0, 2),
		{ NULL, 0, 0 },
	};

	return check_main("reach_reprobe", 60, tests);
}
