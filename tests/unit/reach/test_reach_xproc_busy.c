// SPDX-License-Identifier: BSD-3-Clause
/*
 * The cross-process device's start() called while its server runs, as a
 * driver other than this library's transport might (the transport itself
 * refuses a second probe of a bound window first): -EBUSY, no second
 * server, and the first one still stops cleanly (L-12).
 */
#include <errno.h>
#include <string.h>

#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/xproc.h>

#include "check_run.h"

#ifndef SCMI_VIO_FAKE_SERVER
#error "SCMI_VIO_FAKE_SERVER must name the fake server executable"
#endif

START_TEST(test_l12_xproc_start_while_started)
{
	static const char *const obey[] = { "--fake", "obey", NULL };
	struct scmi_vio_virtio_scmi_config vc;
	struct scmi_vio_xproc_config xc;
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc *xp;
	const struct scmi_vio_vdev *vd;
	struct scmi_vio_vring_gpa q = { 0 };

	memset(&xc, 0, sizeof(xc));
	xc.server_path = SCMI_VIO_FAKE_SERVER;
	xc.extra_args = obey;
	memset(&vc, 0, sizeof(vc));
	vc.irq_mode = SCMI_VIO_IRQ_NONE;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), 0);
	vd = scmi_vio_xproc_vdev(xp);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(vd, &vc, &vs), 0);
	q.num = vd->queue_num;
	q.desc_gpa = q.avail_gpa = q.used_gpa = vd->gpa;
	ck_assert_int_eq(vd->ops->start(vd->ctx, vd->features, &q, 1, NULL),
			 -EBUSY);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), -1);
	/* The first server is still ours to stop: it exits 0 on the stop. */
	scmi_vio_virtio_scmi_remove(vs);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), 0);
	scmi_vio_xproc_destroy(xp);
}
END_TEST

int main(void)
{
	return check_main_one("reach_xproc_busy", 60,
			      test_l12_xproc_start_while_started, 0, 1);
}
