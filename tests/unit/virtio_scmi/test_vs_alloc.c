// SPDX-License-Identifier: BSD-3-Clause
/*
 * L-6 with the real allocator: alloc_fail.h interposes it, and this test
 * fails the Nth allocation made during a probe, for every N until a probe
 * needs no more (the transport's own allocations and those of the ring,
 * doorbell and agent layers under it).  Each failed probe unwinds fully:
 * the live heap bytes (alloc_live()) are no more than before, the device
 * was never started, nothing is freed twice (glibc aborts on that).  The
 * same probe and agent then work.
 *
 * Sanitizer builds replace the allocator themselves, so this test is not
 * built there; test_vs_probe's step hook covers L-6 under ASan's leak check.
 */
#include <errno.h>
#include <sched.h>

#include "alloc_fail.h"
#include "check_run.h"
#include "vs_fixture.h"

START_TEST(test_l6_fail_every_allocation)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	/* Filled by hand, step by step; vsf_down() tears it down. */
	struct vsf *f = calloc(1, sizeof(*f));
	unsigned long n;
	long before;
	int r;

	vc.irq_mode = (enum scmi_vio_irq_mode)_i;
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &f->lb), 0);
	/* One probe first: thread and stack caches settle. */
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(
				 scmi_vio_loopback_vdev(f->lb), &vc, &f->vs),
			 0);
	scmi_vio_virtio_scmi_remove(f->vs);
	for (n = 1;; n++) {
		before = alloc_live();
		alloc_fail_at(n);
		r = scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(f->lb),
					       &vc, &f->vs);
		if (!r) {
			r = scmi_vio_virtio_scmi_agent_create(f->vs, NULL,
							      &f->a);
			if (r)
				scmi_vio_virtio_scmi_remove(f->vs);
		}
		alloc_fail_at(0);
		if (!r)
			break;
		ck_assert_msg(r == -ENOMEM || r == -EAGAIN, "N=%lu: %d", n, r);
		ck_assert_ptr_null(scmi_vio_loopback_dev(f->lb));
		/* Never more (glibc may free its own thread leftovers
		 * lazily, so less is possible). */
		ck_assert_msg(alloc_live() <= before, "N=%lu: %ld -> %ld", n,
			      before, alloc_live());
		ck_assert_uint_lt(n, 1000);
	}
	/* Allocations were failed at every step up to a full setup. */
	ck_assert_uint_gt(n, 8);
	if (vc.irq_mode != SCMI_VIO_IRQ_NONE) {
		ck_assert_int_eq(vsf_version(f), 0);
	} else {
		/* No interrupts: only a polled command reaps its reply. */
		uint8_t rx[8];
		struct scmi_vio_cmd cmd = { .protocol = 0x10,
					    .flags = SCMI_VIO_CMD_POLL,
					    .rx = rx,
					    .rx_cap = sizeof(rx) };

		ck_assert_int_eq(scmi_vio_agent_do_cmd(f->a, &cmd), 0);
	}
	vsf_down(f);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_l6_fail_every_allocation, SCMI_VIO_IRQ_INLINE,
			   SCMI_VIO_IRQ_NONE + 1),
		{ NULL, 0, 0 },
	};

	return check_main("vs_alloc", 60, tests);
}
