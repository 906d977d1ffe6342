// SPDX-License-Identifier: BSD-3-Clause
#include <stdint.h>

#include "base_cmd.h"

int base_cmd(struct scmi_vio_agent *a, bool polled, unsigned int ms)
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

void *base_cmd_main(void *arg)
{
	struct base_cmd_thread *c = arg;

	c->ret = base_cmd(c->a, c->polled, 0);
	return NULL;
}
