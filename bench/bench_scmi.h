/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The round trip the SCMI benchmarks time: Base PROTOCOL_VERSION, the
 * command every platform answers, with no parameters.
 */
#ifndef SCMI_VIO_BENCH_SCMI_H
#define SCMI_VIO_BENCH_SCMI_H

#include <string.h>

#include <scmi_vio/scmi.h>

/* One synchronous PROTOCOL_VERSION round trip with @flags (POLL or 0). */
static inline int bench_version_rtt(struct scmi_vio_agent *a,
				    unsigned int flags)
{
	struct scmi_vio_cmd cmd;
	uint8_t rx[16];

	memset(&cmd, 0, sizeof(cmd));
	cmd.protocol = 0x10;
	cmd.flags = flags;
	cmd.rx = rx;
	cmd.rx_cap = sizeof(rx);
	return scmi_vio_agent_do_cmd(a, &cmd);
}

#endif /* SCMI_VIO_BENCH_SCMI_H */
