/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the tests that drive a cross-process device through an agent
 * share: one Base PROTOCOL_VERSION, the cheapest command every platform
 * answers, on the caller's thread or on its own (the command in flight);
 * and the way down, checking how the server ended.
 */
#ifndef SCMI_VIO_TEST_REACH_XPROC_AGENT_H
#define SCMI_VIO_TEST_REACH_XPROC_AGENT_H

#include <check.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <scmi_vio/scmi.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/xproc.h>

/* One Base PROTOCOL_VERSION; @ms 0: the agent's reply timeout. */
static inline int base_version(struct scmi_vio_agent *a, bool polled,
			       unsigned int ms)
{
	uint8_t rx[8];
	struct scmi_vio_cmd cmd = {
		.protocol = SCMI_VIO_PROTO_BASE,
		.msg_id = 0,
		.flags = polled ? SCMI_VIO_CMD_POLL : 0,
		.rx = rx,
		.rx_cap = sizeof(rx),
		.timeout_ms = ms,
	};

	return scmi_vio_agent_do_cmd(a, &cmd);
}

/* The command in flight, on its own thread. */
struct base_cmd_thread {
	pthread_t th;
	struct scmi_vio_agent *a;
	bool polled;
	int ret;
};

static inline void *base_cmd_main(void *arg)
{
	struct base_cmd_thread *c = arg;

	c->ret = base_version(c->a, c->polled, 0);
	return NULL;
}

/* A cross-process device, its transport and an agent over it. */
struct xproc_agent {
	struct scmi_vio_xproc *xp;
	const struct scmi_vio_vdev *vd;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
};

/* Probe @t's device with interrupts @irq (starting its server) and
 * attach an agent whose reply timeout is 10 s. */
static inline void xproc_agent_probe(struct xproc_agent *t,
				     enum scmi_vio_irq_mode irq)
{
	struct scmi_vio_agent_config ac = { .reply_timeout_ms = 10000 };
	struct scmi_vio_virtio_scmi_config vc = { .irq_mode = irq };

	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(t->vd, &vc, &t->vs), 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(t->vs, &ac, &t->a),
			 0);
}

/* Create the device @xc describes, then probe it as above. */
static inline void xproc_agent_up(struct xproc_agent *t,
				  const struct scmi_vio_xproc_config *xc,
				  enum scmi_vio_irq_mode irq)
{
	ck_assert_int_eq(scmi_vio_xproc_create(xc, &t->xp), 0);
	t->vd = scmi_vio_xproc_vdev(t->xp);
	xproc_agent_probe(t, irq);
}

/* Destroy the agent and remove the transport (the server stops), then
 * check that the server ended with @status
 * (scmi_vio_xproc_last_status()'s terms). */
static inline void xproc_agent_remove(struct xproc_agent *t, int status)
{
	scmi_vio_agent_destroy(t->a);
	scmi_vio_virtio_scmi_remove(t->vs);
	ck_assert_int_eq(scmi_vio_xproc_last_status(t->xp), status);
}

/* The same, then destroy the device. */
static inline void xproc_agent_down(struct xproc_agent *t, int status)
{
	xproc_agent_remove(t, status);
	scmi_vio_xproc_destroy(t->xp);
}

#endif /* SCMI_VIO_TEST_REACH_XPROC_AGENT_H */
