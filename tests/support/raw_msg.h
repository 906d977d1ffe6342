/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The raw exchange most tests send: a request and room for its response,
 * every other field zero (the agent's timeouts, no delayed response).
 */
#ifndef SCMI_VIO_TEST_RAW_MSG_H
#define SCMI_VIO_TEST_RAW_MSG_H

#include <stddef.h>

#include <scmi_vio/scmi_raw.h>

/* The @len bytes at @req sent with @flags (SCMI_VIO_CMD_*), the response
 * taken into the @cap bytes at @resp. */
static inline struct scmi_vio_raw_msg
raw_msg(const void *req, size_t len, unsigned int flags, void *resp, size_t cap)
{
	struct scmi_vio_raw_msg rm = { .msg = req,
				       .msg_len = len,
				       .flags = flags,
				       .resp = resp,
				       .resp_cap = cap };

	return rm;
}

#endif /* SCMI_VIO_TEST_RAW_MSG_H */
