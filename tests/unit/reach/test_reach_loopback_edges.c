// SPDX-License-Identifier: BSD-3-Clause
/*
 * The loopback device driven through its vdev ops directly, as a driver
 * other than this library's transport would: a second start() while
 * started, and a spinning device whose ring a hostile guest breaks.
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>

#include <scmi_vio/loopback.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/scmi_wire.h>
#include <scmi_vio/vdev.h>
#include <scmi_vio/vring.h>

#include "check_run.h"
#include "common/atomics.h"

#define NUM 8u

/* A cmdq at the start of the loopback's window (zeroed at create). */
static void cmdq_at_start(const struct scmi_vio_vdev *vd,
			  struct scmi_vio_vring_gpa *q)
{
	q->num = NUM;
	q->desc_gpa = vd->gpa;
	q->avail_gpa = vd->gpa + scmi_vio_vring_desc_bytes(NUM);
	q->used_gpa = vd->gpa + scmi_vio_vring_used_offset(NUM, 4);
}

/* L-12: start() while started is -EBUSY and leaves the device running. */
START_TEST(test_start_while_started)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_loopback *lb;
	const struct scmi_vio_vdev *vd;
	struct scmi_vio_platform_dev *dev;
	struct scmi_vio_vring_gpa q;
	const uint64_t f = 1ull << SCMI_VIO_F_VERSION_1;

	lc.inline_device = _i == 1;
	lc.spin_device = _i == 2;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), 0);
	vd = scmi_vio_loopback_vdev(lb);
	cmdq_at_start(vd, &q);
	ck_assert_int_eq(vd->ops->start(vd->ctx, f, &q, 1, NULL), 0);
	dev = scmi_vio_loopback_dev(lb);
	ck_assert_ptr_nonnull(dev);
	ck_assert_int_eq(vd->ops->start(vd->ctx, f, &q, 1, NULL), -EBUSY);
	ck_assert_ptr_eq(scmi_vio_loopback_dev(lb), dev);
	ck_assert_int_eq(scmi_vio_loopback_kick(lb), 0);
	vd->ops->reset(vd->ctx);
	ck_assert_ptr_null(scmi_vio_loopback_dev(lb));
	ck_assert_int_eq(scmi_vio_loopback_kick(lb), -ENODEV);
	/* A new life after the reset. */
	ck_assert_int_eq(vd->ops->start(vd->ctx, f, &q, 1, NULL), 0);
	vd->ops->reset(vd->ctx);
	scmi_vio_loopback_destroy(lb);
}
END_TEST

/* the spinner stops on a broken ring; the error is kept, reset ends. */
START_TEST(test_x6_spinner_stops_on_broken_ring)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_loopback *lb;
	const struct scmi_vio_vdev *vd;
	struct scmi_vio_vring_gpa q;
	struct scmi_vio_vring_avail *avail;
	unsigned long n = 0;

	lc.spin_device = true;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), 0);
	vd = scmi_vio_loopback_vdev(lb);
	cmdq_at_start(vd, &q);
	ck_assert_int_eq(vd->ops->start(vd->ctx, 1ull << SCMI_VIO_F_VERSION_1,
					&q, 1, NULL),
			 0);
	avail = (void *)((uint8_t *)vd->mem + scmi_vio_vring_desc_bytes(NUM));
	/* More chains published than the ring holds. */
	/* Pairs with the device's acquire of avail->idx. */
	sv_store_release(&avail->idx, (uint16_t)(NUM + 1));
	while (!scmi_vio_platform_dev_error(scmi_vio_loopback_dev(lb))) {
		ck_assert_msg(++n < 20000000ul, "the spinner never broke");
		sched_yield();
	}
	ck_assert_int_eq(scmi_vio_platform_dev_error(scmi_vio_loopback_dev(lb)),
			 -EIO);
	vd->ops->reset(vd->ctx);
	scmi_vio_loopback_destroy(lb);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_start_while_started, 0, 3),
		CHECK_ONCE(test_x6_spinner_stops_on_broken_ring),
		{ NULL, 0, 0 },
	};

	return check_main("reach_loopback_edges", 60, tests);
}
