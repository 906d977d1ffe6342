/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Raw mode (DESIGN.md section 5, LINUX_NOTES.md A8): send a caller-built
 * message with a caller-chosen token and receive its response and delayed
 * response; read notifications and unexpected, late or invalid messages
 * from two queues.  For harnesses and conformance suites.
 *
 * Raw messages share the agent's transfers, tokens and state machine with
 * regular commands (they coexist).  The queues only collect while raw mode
 * is enabled; they are circular and overwrite the oldest entry when full.
 */
#ifndef SCMI_VIO_SCMI_RAW_H
#define SCMI_VIO_SCMI_RAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;

/* One raw exchange, for scmi_vio_raw_xfer(). */
struct scmi_vio_raw_msg {
	const void *msg; /* le32 header (its token is used) + parameters */
	size_t msg_len;
	unsigned int flags; /* SCMI_VIO_CMD_POLL or SCMI_VIO_CMD_ASYNC */
	unsigned int timeout_ms; /* 0: the agent's */
	unsigned int dresp_timeout_ms; /* 0: the agent's */
	/* out: the response as hdr | status | payload (clamped to cap) */
	void *resp;
	size_t resp_cap;
	size_t resp_len; /* bytes of the full response, may exceed cap */
	/* out (ASYNC): the delayed response, same layout */
	void *dresp;
	size_t dresp_cap;
	size_t dresp_len;
};

/* The raw mode queues that hold what no raw request asked for. */
enum scmi_vio_raw_queue {
	SCMI_VIO_RAW_NOTIFICATIONS = 0, /* hdr | payload */
	SCMI_VIO_RAW_ERRORS = 1, /* hdr | status | payload, as received */
};

/**
 * scmi_vio_raw_xfer() - send a caller-built message and wait for its reply.
 * @a: the agent.
 * @m: the message and the reply buffers.
 *
 * The token in the caller's header is used as is; the header is sent
 * unmodified.  Waits for the response (and with SCMI_VIO_CMD_ASYNC, if the
 * response is SUCCESS, the delayed response) like scmi_vio_agent_do_cmd(),
 * but any status is a successful exchange: the caller reads it from
 * @m->resp.  Clears resp_len/dresp_len first.
 *
 * Context: any thread, concurrently; sleeps unless polling.
 * Ordering: as scmi_vio_agent_do_cmd().
 * Ownership: buffers stay the caller's.
 * Return: 0 (reply received), -EINVAL (NULL, msg_len < 4, POLL with
 * ASYNC), -E2BIG (parameters above max payload), -EBUSY (token in flight,
 * no free transfer, transport out of buffers), -EOPNOTSUPP (POLL without
 * poll_done), -ETIMEDOUT (no response, or no delayed response: resp is
 * filled then), -EPROTO (a reply shorter than 8 bytes), a transport
 * send error, or for POLL the error with which the transport ended the
 * poll (as scmi_vio_agent_do_cmd()).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_raw_xfer(struct scmi_vio_agent *a, struct scmi_vio_raw_msg *m);

/**
 * scmi_vio_raw_enable() - start or stop collecting into the raw queues.
 *
 * Context: any thread.
 * Ordering: messages received after this returns see the new setting.
 */
SCMI_VIO_API void scmi_vio_raw_enable(struct scmi_vio_agent *a, bool on);

/**
 * scmi_vio_raw_read() - take the oldest entry of a raw queue.
 * @a: the agent.
 * @q: which queue.
 * @buf: destination; @cap its size (the entry is clamped to it).
 * @len: set to the entry's full length.
 * @timeout_ms: 0: do not wait.
 *
 * Context: any thread; sleeps up to @timeout_ms; takes the queue lock.
 * Ordering: the entry was written under the queue lock taken here.
 * Return: 0, -EINVAL (bad arguments), -EAGAIN (empty, @timeout_ms 0),
 * -ETIMEDOUT (still empty at the deadline).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_raw_read(struct scmi_vio_agent *a, enum scmi_vio_raw_queue q,
		  void *buf, size_t cap, size_t *len, unsigned int timeout_ms);

/**
 * scmi_vio_raw_reset() - empty both raw queues.
 *
 * Context: any thread; takes the queue locks.
 * Ordering: under the queue locks.
 */
SCMI_VIO_API void scmi_vio_raw_reset(struct scmi_vio_agent *a);

/**
 * scmi_vio_raw_dropped() - entries overwritten in queue @q because it was
 * full.  Context: any thread.
 */
SCMI_VIO_API uint64_t scmi_vio_raw_dropped(const struct scmi_vio_agent *a,
					   enum scmi_vio_raw_queue q);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_RAW_H */
