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

/*
 * Destroy @a, remove @vs, check that @xp's server ended with @status
 * (scmi_vio_xproc_last_status()'s terms), destroy @xp.
 */
static inline void xproc_agent_down(struct scmi_vio_agent *a,
				    struct scmi_vio_virtio_scmi *vs,
				    struct scmi_vio_xproc *xp, int status)
{
	scmi_vio_agent_destroy(a);
	scmi_vio_virtio_scmi_remove(vs);
	ck_assert_int_eq(scmi_vio_xproc_last_status(xp), status);
	scmi_vio_xproc_destroy(xp);
}

#endif /* SCMI_VIO_TEST_REACH_XPROC_AGENT_H */
