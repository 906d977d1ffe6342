/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Raw mode (docs/architecture.md section 5, docs/linux-notes.md A8): send a
 * caller-built message with a caller-chosen token and receive its response and
 * delayed response as received; read notifications, delayed responses nobody
 * waits for, and unexpected, late or invalid messages from three queues.
 * For harnesses and conformance suites.
 *
 * Raw messages share the agent's transfers, tokens, state machine and
 * reply checks with regular commands (they coexist).  The queues only
 * collect while raw mode is enabled; they are circular and overwrite the
 * oldest entry when full.
 */
#ifndef SCMI_VIO_SCMI_RAW_H
#define SCMI_VIO_SCMI_RAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>
#include <scmi_vio/timeout.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;

/* One raw exchange, for scmi_vio_raw_xfer(). */
struct scmi_vio_raw_msg {
	const void *msg; /* le32 header (its token is used) + parameters */
	size_t msg_len;
	unsigned int flags; /* SCMI_VIO_CMD_POLL or SCMI_VIO_CMD_ASYNC */
	unsigned int timeout_ms; /* timeout.h; 0: the agent's */
	unsigned int dresp_timeout_ms; /* timeout.h; 0: the agent's */
	/* out: the response as received, hdr | status | payload (clamped
	 * to cap; a response shorter than 8 bytes: its header only) */
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
	/* Every message the core rejected (invalid, unexpected, late),
	 * hdr | status | payload as received (shorter if it was; one
	 * without even a header is only counted) - except a reply that
	 * ends a raw exchange, which scmi_vio_raw_xfer() hands back
	 * instead: each message is in one place. */
	SCMI_VIO_RAW_ERRORS = 1,
	/* Well-formed delayed responses (on the event channel) that no
	 * waiting transfer took: e.g. to a raw exchange sent without
	 * SCMI_VIO_CMD_ASYNC, or after its wait ended; same layout. */
	SCMI_VIO_RAW_DELAYED = 2,
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
 * @m->resp, which holds the reply as received (its header too; nothing,
 * resp_len 0, when a delayed response came first and implied a SUCCESS
 * response, S-6).  Clears resp_len/dresp_len first.  A reply with this token that the core
 * rejects while it is awaited (another protocol or message id, reserved
 * bits, a type that does not belong on its queue, anything but the echoed
 * response in the command's own buffer: S-3, S-17, S-18) ends the
 * exchange at once with -EPROTO and its bytes in @m->resp (or @m->dresp
 * while the delayed response is awaited).  The token is free again when
 * this returns.
 *
 * Context: any thread, concurrently; sleeps unless polling.
 * Ordering: as scmi_vio_agent_do_cmd().
 * Ownership: buffers stay the caller's.
 * Return: 0 (reply received), -EINVAL (NULL, msg_len < 4, POLL with
 * ASYNC, POLL on a transport without poll_done), -E2BIG (parameters above
 * max payload), -EAGAIN (token in flight, no free transfer, transport out
 * of buffers: retry later), -ETIMEDOUT (no response, or no delayed response: resp is
 * filled then), -EPROTO (a reply shorter than 8 bytes, or one the core
 * rejected), a transport send error, or for POLL the error with which the
 * transport ended the poll (as scmi_vio_agent_do_cmd()); the errno the
 * transport reported its device lost with, at once, for a wait for the
 * response or the delayed response (scmi_vio_agent_report_lost()).
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
 * @timeout_ms: how long to wait for an entry (timeout.h): 0 the agent's
 *              reply timeout, SCMI_VIO_NO_WAIT, SCMI_VIO_WAIT_FOREVER or
 *              milliseconds.
 *
 * Context: any thread; sleeps up to @timeout_ms; takes the queue lock.
 * Ordering: the entry was written under the queue lock taken here.
 * Return: 0, -EINVAL (bad arguments), -EAGAIN (empty, SCMI_VIO_NO_WAIT),
 * -ETIMEDOUT (still empty at the deadline), or, the queue being empty,
 * the errno the transport reported its device lost with
 * (scmi_vio_agent_report_lost(); -ECONNRESET for a server that went
 * away): at once, and a wait already running ends with it.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_raw_read(struct scmi_vio_agent *a, enum scmi_vio_raw_queue q,
		  void *buf, size_t cap, size_t *len, unsigned int timeout_ms);

/**
 * scmi_vio_raw_reset() - empty the raw queues.
 *
 * Context: any thread; takes the queue locks.
 * Ordering: under the queue locks.
 */
SCMI_VIO_API void scmi_vio_raw_reset(struct scmi_vio_agent *a);

/**
 * scmi_vio_raw_dropped() - entries overwritten in queue @q because it was
 * full (0 for an unknown @q).  Context: any thread.
 */
SCMI_VIO_API uint64_t scmi_vio_raw_dropped(const struct scmi_vio_agent *a,
					   enum scmi_vio_raw_queue q);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_RAW_H */
