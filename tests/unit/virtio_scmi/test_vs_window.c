// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi_vio_vdev_window_size(): the memory window a device needs.  A probe
 * into a window of exactly that size succeeds, one byte less fails with
 * -ENOSPC, for several queue sizes and payloads, with and without the
 * eventq; the built-in devices offer at least that much.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/loopback.h>
#include <scmi_vio/virtio_scmi.h>

#include "check_run.h"

static int dummy_start(void *ctx, uint64_t features,
		       const struct scmi_vio_vring_gpa *q, unsigned int n,
		       struct scmi_vio_doorbell *irq)
{
	(void)ctx;
	(void)features;
	(void)q;
	(void)n;
	(void)irq;
	return 0;
}

static void dummy_reset(void *ctx)
{
	(void)ctx;
}

static const struct scmi_vio_vdev_ops dummy_ops = {
	.start = dummy_start,
	.reset = dummy_reset,
};

/* Probe a device of @num entries into a window of @size bytes. */
static int probe_into(unsigned int num, bool p2a, size_t payload, size_t size)
{
	struct scmi_vio_virtio_scmi_config cfg = { 0 };
	struct scmi_vio_vdev vdev = { 0 };
	struct scmi_vio_virtio_scmi *vs;
	void *mem = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);
	int r;

	ck_assert_ptr_nonnull(mem);
	vdev.features = 1ull << SCMI_VIO_F_VERSION_1 |
			(p2a ? 1ull << SCMI_VIO_F_P2A_CHANNELS : 0);
	vdev.queue_num = num;
	vdev.mem = mem;
	vdev.gpa = 0x100000;
	vdev.size = size;
	vdev.ops = &dummy_ops;
	cfg.max_payload = payload;
	cfg.irq_mode = SCMI_VIO_IRQ_NONE;
	r = scmi_vio_virtio_scmi_probe(&vdev, &cfg, &vs);
	if (!r)
		scmi_vio_virtio_scmi_remove(vs);
	free(mem);
	return r;
}

/* The figures a user found by bisection (for 8 entries the carving needs
 * less than the page they found), default payload, both queues. */
START_TEST(test_window_known_sizes)
{
	ck_assert_uint_eq(scmi_vio_vdev_window_size(8, 8, 0), 2624);
	ck_assert_uint_eq(scmi_vio_vdev_window_size(64, 64, 0), 20768);
	ck_assert_uint_eq(scmi_vio_vdev_window_size(256, 256, 0), 82976);
	ck_assert_uint_eq(
		scmi_vio_vdev_window_size(64, 64, SCMI_VIO_DEFAULT_MAX_PAYLOAD),
		20768);
}
END_TEST

START_TEST(test_window_exact)
{
	static const unsigned int nums[] = { 2, 8, 64, 256, 1024, 4096 };
	static const size_t payloads[] = { 0, 8, 13, 128, 4096 };
	unsigned int i, j, p2a;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		for (j = 0; j < sizeof(payloads) / sizeof(payloads[0]); j++) {
			for (p2a = 0; p2a < 2; p2a++) {
				unsigned int n = nums[i];
				size_t w = scmi_vio_vdev_window_size(
					n, p2a ? n : 0, payloads[j]);

				ck_assert_uint_gt(w, 0);
				ck_assert_int_eq(
					probe_into(n, p2a, payloads[j], w), 0);
				ck_assert_int_eq(probe_into(n, p2a, payloads[j],
							    w - 1),
						 -ENOSPC);
			}
		}
	}
}
END_TEST

START_TEST(test_window_invalid)
{
	ck_assert_uint_eq(scmi_vio_vdev_window_size(0, 0, 0), 0);
	ck_assert_uint_eq(scmi_vio_vdev_window_size(1, 0, 0), 0);
	ck_assert_uint_eq(scmi_vio_vdev_window_size(48, 0, 0), 0);
	ck_assert_uint_eq(scmi_vio_vdev_window_size(64, 48, 0), 0);
	ck_assert_uint_eq(scmi_vio_vdev_window_size(64, 64, 7), 0);
	ck_assert_uint_eq(scmi_vio_vdev_window_size(
				  64, 64, SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD + 1),
			  0);
	ck_assert_uint_eq(scmi_vio_vdev_window_size(65536, 0, 0), 0);
}
END_TEST

/* The built-in devices size their windows with it. */
START_TEST(test_window_loopback_uses_it)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_loopback *lb;

	lc.queue_num = 256;
	lc.max_payload = 200;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), 0);
	ck_assert_uint_ge(scmi_vio_loopback_vdev(lb)->size,
			  scmi_vio_vdev_window_size(256, 256, 200));
	ck_assert_uint_lt(scmi_vio_loopback_vdev(lb)->size,
			  scmi_vio_vdev_window_size(256, 256, 200) + 4096);
	scmi_vio_loopback_destroy(lb);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_window_known_sizes,
				       test_window_exact, test_window_invalid,
				       test_window_loopback_uses_it, NULL };

	return check_run(check_suite("vs_window", "window", 60, tests));
}
