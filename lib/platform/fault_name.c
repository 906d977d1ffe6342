// SPDX-License-Identifier: BSD-3-Clause
/*
 * The names of the platform's fault kinds (platform_fault.h), for tools
 * that report what was injected and for command lines that choose kinds.
 */
#include <stddef.h>

#include <scmi_vio/platform_fault.h>

/* Indexed by enum scmi_vio_fault_kind; the test walks every kind. */
static const char *const kind_names[SCMI_VIO_FAULT_NR] = {
	[SCMI_VIO_FAULT_NONE] = "none",
	[SCMI_VIO_FAULT_DELAY] = "delay",
	[SCMI_VIO_FAULT_REORDER] = "reorder",
	[SCMI_VIO_FAULT_DROP_REPLY] = "drop_reply",
	[SCMI_VIO_FAULT_NO_REPLY] = "no_reply",
	[SCMI_VIO_FAULT_DUP_REPLY] = "dup_reply",
	[SCMI_VIO_FAULT_WRONG_TOKEN] = "wrong_token",
	[SCMI_VIO_FAULT_WRONG_PROTO] = "wrong_proto",
	[SCMI_VIO_FAULT_WRONG_MSG_ID] = "wrong_msg_id",
	[SCMI_VIO_FAULT_SHORT_LEN] = "short_len",
	[SCMI_VIO_FAULT_LONG_LEN] = "long_len",
	[SCMI_VIO_FAULT_DRESP_FIRST] = "dresp_first",
	[SCMI_VIO_FAULT_UNSOLICITED] = "unsolicited",
	[SCMI_VIO_FAULT_NOTIF_STORM] = "notif_storm",
	[SCMI_VIO_FAULT_WITHHOLD_EVQ] = "withhold_evq",
	[SCMI_VIO_FAULT_CORRUPT_HDR] = "corrupt_hdr",
};

const char *scmi_vio_fault_kind_name(enum scmi_vio_fault_kind kind)
{
	if ((unsigned int)kind >= SCMI_VIO_FAULT_NR)
		return NULL;
	return kind_names[kind];
}
