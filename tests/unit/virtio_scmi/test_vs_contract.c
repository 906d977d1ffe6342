// SPDX-License-Identifier: BSD-3-Clause
/*
 * What the transport and the loopback device refuse: device descriptions
 * and configurations probe() cannot honour, loopback configurations that
 * contradict themselves, and calls on a device or transport that is not
 * running.  Each is a clear negative errno with *out NULL, never a crash
 * or a half-built device.
 */
#include <errno.h>
#include <string.h>

#include <scmi_vio/platform_fault.h>

#include "check_run.h"
#include "vs_fixture.h"

static int probe(const struct scmi_vio_vdev *vdev,
		 const struct scmi_vio_virtio_scmi_config *vc)
{
	struct scmi_vio_virtio_scmi *vs = (struct scmi_vio_virtio_scmi *)&vs;
	int r = scmi_vio_virtio_scmi_probe(vdev, vc, &vs);

	ck_assert_ptr_null(vs);
	return r;
}

/* probe() refuses a device description or a configuration it cannot use. */
START_TEST(test_probe_refuses_unusable_device)
{
	static const struct scmi_vio_vdev_ops no_start = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_vdev_ops ops;
	struct scmi_vio_loopback *lb = NULL;
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_vdev d;

	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &lb), 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb),
						    &vc, NULL),
			 -EINVAL);
	ck_assert_int_eq(probe(NULL, &vc), -EINVAL);
	d = *scmi_vio_loopback_vdev(lb);
	d.ops = NULL;
	ck_assert_int_eq(probe(&d, &vc), -EINVAL);
	d.ops = &no_start;
	ck_assert_int_eq(probe(&d, &vc), -EINVAL);
	ops = *scmi_vio_loopback_vdev(lb)->ops;
	ops.reset = NULL;
	d.ops = &ops;
	ck_assert_int_eq(probe(&d, &vc), -EINVAL);
	d = *scmi_vio_loopback_vdev(lb);
	d.mem = NULL;
	ck_assert_int_eq(probe(&d, &vc), -EINVAL);
	/* Ring sizes: not a power of two, or too small for a request
	 * and its response. */
	d = *scmi_vio_loopback_vdev(lb);
	d.queue_num = 3;
	ck_assert_int_eq(probe(&d, &vc), -EINVAL);
	d.queue_num = 1;
	ck_assert_int_eq(probe(&d, &vc), -EINVAL);
	d = *scmi_vio_loopback_vdev(lb);
	vc.max_payload = SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD + 1;
	ck_assert_int_eq(probe(&d, &vc), -EINVAL);
	vc.max_payload = 7; /* less than a header and a status */
	ck_assert_int_eq(probe(&d, &vc), -EINVAL);
	vc.max_payload = 0;
	vc.irq_mode = (enum scmi_vio_irq_mode)(SCMI_VIO_IRQ_NONE + 1);
	ck_assert_int_eq(probe(&d, &vc), -EINVAL);
	/* None of that touched the device: it probes. */
	vc.irq_mode = SCMI_VIO_IRQ_INLINE;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(&d, &vc, &vs), 0);
	scmi_vio_virtio_scmi_remove(vs);
	scmi_vio_loopback_destroy(lb);
}
END_TEST

/* The loopback refuses configurations that contradict themselves. */
START_TEST(test_loopback_refuses_bad_config)
{
	struct scmi_vio_loopback *lb = (struct scmi_vio_loopback *)&lb;
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_fault_plan plan = { 0 };

	ck_assert_int_eq(scmi_vio_loopback_create(&lc, NULL), -EINVAL);
	lc.queue_num = 3;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), -EINVAL);
	ck_assert_ptr_null(lb);
	lc.queue_num = 0;
	/* A device that runs on the kick and also spins on its own. */
	lc.inline_device = true;
	lc.spin_device = true;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), -EINVAL);
	lc.inline_device = false;
	lc.spin_device = false;
	/* Fault plans: rules promised but absent, or too many. */
	plan.n_rules = 1;
	lc.faults = &plan;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), -EINVAL);
	plan.n_rules = SCMI_VIO_FAULT_MAX_RULES + 1;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), -EINVAL);
	ck_assert_ptr_null(lb);
	/* An empty plan is no plan. */
	plan.n_rules = 0;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), 0);
	scmi_vio_loopback_destroy(lb);
}
END_TEST

/*
 * A device that no driver has started has nothing to look at: a kick is
 * -ENODEV, before probe and again after remove.
 */
START_TEST(test_loopback_kick_unstarted)
{
	struct scmi_vio_loopback *lb = NULL;
	struct scmi_vio_virtio_scmi *vs = NULL;

	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &lb), 0);
	ck_assert_int_eq(scmi_vio_loopback_kick(lb), -ENODEV);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb),
						    NULL, &vs),
			 0);
	ck_assert_int_eq(scmi_vio_loopback_kick(lb), 0);
	scmi_vio_virtio_scmi_remove(vs);
	ck_assert_int_eq(scmi_vio_loopback_kick(lb), -ENODEV);
	scmi_vio_loopback_destroy(lb);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_probe_refuses_unusable_device,
				       test_loopback_refuses_bad_config,
				       test_loopback_kick_unstarted, NULL };

	return check_run(check_suite("vs_contract", "contract", 0, tests));
}
