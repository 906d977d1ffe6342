// SPDX-License-Identifier: BSD-3-Clause
#include <check.h>

#include "xproc_agent.h"

void xproc_agent_probe(struct xproc_agent *t, enum scmi_vio_irq_mode irq)
{
	struct scmi_vio_agent_config ac = { .reply_timeout_ms = 10000 };
	struct scmi_vio_virtio_scmi_config vc = { .irq_mode = irq };

	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(t->vd, &vc, &t->vs), 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(t->vs, &ac, &t->a),
			 0);
}

void xproc_agent_up(struct xproc_agent *t,
		    const struct scmi_vio_xproc_config *xc,
		    enum scmi_vio_irq_mode irq)
{
	ck_assert_int_eq(scmi_vio_xproc_create(xc, &t->xp), 0);
	t->vd = scmi_vio_xproc_vdev(t->xp);
	xproc_agent_probe(t, irq);
}

void xproc_agent_remove(struct xproc_agent *t, int status)
{
	scmi_vio_agent_destroy(t->a);
	scmi_vio_virtio_scmi_remove(t->vs);
	ck_assert_int_eq(scmi_vio_xproc_last_status(t->xp), status);
}

void xproc_agent_down(struct xproc_agent *t, int status)
{
	xproc_agent_remove(t, status);
	scmi_vio_xproc_destroy(t->xp);
}
