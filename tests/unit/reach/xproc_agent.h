/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the tests that drive a cross-process device through an agent
 * share: the way up and the way down, checking how the server ended.
 * Their command is base_cmd.h's.
 */
#ifndef SCMI_VIO_TEST_REACH_XPROC_AGENT_H
#define SCMI_VIO_TEST_REACH_XPROC_AGENT_H

#include <scmi_vio/scmi.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/xproc.h>

#include "base_cmd.h"

/* A cross-process device, its transport and an agent over it. */
struct xproc_agent {
	struct scmi_vio_xproc *xp;
	const struct scmi_vio_vdev *vd;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
};

/* Probe @t's device with interrupts @irq (starting its server) and
 * attach an agent whose reply timeout is 10 s. */
void xproc_agent_probe(struct xproc_agent *t, enum scmi_vio_irq_mode irq);

/* Create the device @xc describes, then probe it as above. */
void xproc_agent_up(struct xproc_agent *t,
		    const struct scmi_vio_xproc_config *xc,
		    enum scmi_vio_irq_mode irq);

/* Destroy the agent and remove the transport (the server stops), then
 * check that the server ended with @status
 * (scmi_vio_xproc_last_status()'s terms). */
void xproc_agent_remove(struct xproc_agent *t, int status);

/* The same, then destroy the device. */
void xproc_agent_down(struct xproc_agent *t, int status);

#endif /* SCMI_VIO_TEST_REACH_XPROC_AGENT_H */
