/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI agent core: one instance per transport (docs/architecture.md section 5).
 *
 * An agent owns a preallocated pool of transfers (sized by the transport),
 * the 10-bit token space, per-protocol notification queues and their
 * dispatchers, the raw-mode queues and the counters.  Nothing allocates on
 * the per-message path after scmi_vio_agent_create() (notification
 * protocols and subscriptions allocate when they are registered).
 *
 * Synchronization table (one agent):
 *   do_cmd, raw_*, notify_*, protocol clients : any thread, concurrently
 *   get_stats, status_to_errno                : any thread, any time
 *   scmi_vio_agent_rx and the transport API   : any thread (transport)
 *   destroy   : caller excludes every other call; not from a callback
 */
#ifndef SCMI_VIO_SCMI_H
#define SCMI_VIO_SCMI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>
#include <scmi_vio/scmi_transport.h>
#include <scmi_vio/scmi_wire.h>
#include <scmi_vio/timeout.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Defaults (docs/protocol.md section 2: Linux's virtio values). */
#define SCMI_VIO_DEFAULT_REPLY_TIMEOUT_MS 60000u
#define SCMI_VIO_DEFAULT_DRESP_TIMEOUT_MS 2000u
#define SCMI_VIO_DEFAULT_NOTIFY_DEPTH 64u
#define SCMI_VIO_DEFAULT_RAW_DEPTH 64u

/* Settings of scmi_vio_agent_create(); zero fields take the defaults. */
struct scmi_vio_agent_config {
	/* Wait for a response (timeout.h); 0: the default above,
	 * SCMI_VIO_NO_WAIT, SCMI_VIO_WAIT_FOREVER or milliseconds. */
	unsigned int reply_timeout_ms;
	/* Wait for a delayed response; as reply_timeout_ms. */
	unsigned int dresp_timeout_ms;
	/* Slots per protocol notification queue (an event keeps its slot
	 * until its callbacks have run); 0: default. */
	unsigned int notify_depth;
	/* Slots per raw queue (notifications, errors); 0: default. */
	unsigned int raw_depth;
};

/* Counters (docs/architecture.md section 5); each is monotonic. */
struct scmi_vio_agent_stats {
	uint64_t sent; /* successful transport sends */
	uint64_t send_errors; /* transport send failures */
	uint64_t responses; /* responses delivered to a transfer */
	uint64_t delayed_responses; /* delayed responses delivered */
	uint64_t notifications; /* notifications queued for dispatch */
	uint64_t timeouts; /* response or delayed-response timeouts */
	uint64_t unexpected; /* unknown token, late reply (S-1, S-8) */
	/* bad header, type, ids, state, queue (S-2..S-7, S-17, S-18) */
	uint64_t invalid;
	uint64_t truncated; /* replies clamped or discarded (S-10, S-11) */
	uint64_t queue_full; /* notifications dropped: queue full (S-13) */
	uint64_t unknown_event; /* notifications of no event (S-14) */
	uint64_t rx_nomem; /* receive scratch pool empty */
	uint64_t broken; /* broken rings the transport reported */
	uint64_t poll_ended; /* polls the transport ended without a reply */
	/* Delayed responses that came before their response and completed
	 * its wait (S-6); the response, if it comes, counts as invalid or
	 * unexpected.  Two queues with their own deliverers can do this to
	 * a well-behaved platform too. */
	uint64_t dresp_first;
	/* Zero.  A new counter takes the first of these, so the struct keeps
	 * its size (256 bytes, checked in agent.c) and a program built
	 * against an older header still gets room for everything the
	 * library writes (docs/abi.md). */
	uint64_t reserved[17];
};

struct scmi_vio_agent;

/* Flags of struct scmi_vio_cmd. */
#define SCMI_VIO_CMD_POLL (1u << 0) /* poll the transport, do not sleep */
#define SCMI_VIO_CMD_ASYNC (1u << 1) /* wait for a delayed response too */

/*
 * One command, for scmi_vio_agent_do_cmd().  Inputs: protocol, msg_id,
 * tx/tx_len, rx/rx_cap, dresp/dresp_cap (ASYNC), flags, timeouts (timeout.h;
 * 0: the agent's).  Outputs: status, rx_len, dresp_status, dresp_len.
 */
struct scmi_vio_cmd {
	uint8_t protocol;
	uint8_t msg_id;
	unsigned int flags;
	unsigned int timeout_ms;
	unsigned int dresp_timeout_ms;
	const void *tx;
	size_t tx_len;
	void *rx; /* response payload after the status; may be NULL */
	size_t rx_cap;
	size_t rx_len; /* out: payload bytes received (may exceed rx_cap) */
	int32_t status; /* out: SCMI status of the response */
	void *dresp; /* delayed-response payload after its status */
	size_t dresp_cap;
	size_t dresp_len; /* out */
	int32_t dresp_status; /* out */
};

/**
 * scmi_vio_agent_create() - create an agent over a transport.
 * @cfg: timeouts and queue depths; NULL for the defaults.
 * @ops: the transport's operations (send, fetch_response, mark_txdone and
 *       max_msg, max_payload are mandatory).
 * @tp: the transport's opaque pointer, passed to every op.
 * @out: the new agent.
 *
 * Preallocates max_msg(TX) transfers, max_msg(RX) receive scratch
 * transfers, the token table and the raw queues, then calls ops->attach.
 *
 * Context: any thread.
 * Ordering: none (setup; publish the agent to other threads yourself).
 * Ownership: @ops and @tp must outlive the agent.
 * Return: 0, -EINVAL (@out NULL, bad ops or sizes: max_msg outside 1..1024,
 * payload outside 8..65535), -ENOMEM, or attach()'s error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_agent_create(const struct scmi_vio_agent_config *cfg,
		      const struct scmi_vio_transport_ops *ops, void *tp,
		      struct scmi_vio_agent **out);

/**
 * scmi_vio_agent_destroy() - detach the transport, stop the notification
 * dispatchers and free everything, including remaining subscriptions.
 *
 * Context: no other call on the agent may run or start; not from a
 * notification callback.  Waits for the dispatchers to finish their
 * current callback.
 * Ordering: none (teardown).
 */
SCMI_VIO_API void scmi_vio_agent_destroy(struct scmi_vio_agent *agent);

/**
 * scmi_vio_agent_get_stats() - read the counters.
 *
 * Context: any thread, any time.
 * Ordering: each counter is read atomically; the set is not a snapshot.
 */
SCMI_VIO_API void scmi_vio_agent_get_stats(const struct scmi_vio_agent *a,
					   struct scmi_vio_agent_stats *st);

/**
 * scmi_vio_agent_do_cmd() - send one command and wait for its reply.
 * @a: the agent.
 * @cmd: the command (see struct scmi_vio_cmd).
 *
 * Takes a transfer and a token, copies @cmd->tx, clears the status, sends,
 * then waits (sleeping, or polling with SCMI_VIO_CMD_POLL) up to the reply
 * timeout; with SCMI_VIO_CMD_ASYNC it then waits up to the delayed-response
 * timeout.  Copies min(rx_len, rx_cap) payload bytes to @cmd->rx.  The
 * reply's protocol and message id must match the request (S-3).
 *
 * Context: any thread, concurrently; sleeps unless polling.  Not from the
 * transport's receive callback.
 * Ordering: the caller's writes happen before the transport's send (full
 * barrier); the reply bytes are read after an acquire that pairs with the
 * delivering path's release.
 * Ownership: buffers stay the caller's; nothing is kept after return.
 * Return: 0 (status SUCCESS), the errno of a non-SUCCESS status
 * (scmi_vio_status_to_errno(); cmd->status holds it; none of those
 * errnos is returned for any other cause), -EINVAL (bad arguments, ASYNC
 * with POLL, POLL on a transport without poll_done), -E2BIG (tx_len
 * above max payload), -EAGAIN (no free transfer or token, or transport
 * out of buffers: retry later), -ETIMEDOUT, -EPROTO
 * (response shorter than 8 bytes, or the command's own buffer came back
 * holding anything but its response: another token, protocol, message
 * id or type, reserved bits; S-17, S-18; none of its bytes are copied
 * out), another transport send error, or for
 * POLL the error with which the transport ended the poll (its channel
 * gone, its queue broken: no reply can come), or the errno the transport
 * reported its device lost with (scmi_vio_agent_report_lost(); a
 * vhost-user backend that hung up: -ECONNRESET, one the front-end dropped
 * for bytes nobody asked for: -ECONNABORTED), at once rather than at the
 * timeout.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_agent_do_cmd(struct scmi_vio_agent *a, struct scmi_vio_cmd *cmd);

/* Largest payload a command or reply carries on this agent. */
SCMI_VIO_API size_t scmi_vio_agent_max_payload(const struct scmi_vio_agent *a);

/**
 * scmi_vio_protocol_version() - PROTOCOL_VERSION of any protocol.
 * @a: the agent.
 * @proto: protocol id.
 * @major: set to bits [31:16]; @minor: set to bits [15:0].
 *
 * Context: any thread; sleeps.
 * Ordering: as scmi_vio_agent_do_cmd().
 * Return: 0, -EPROTO (reply too short), or an scmi_vio_agent_do_cmd()
 * error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_protocol_version(struct scmi_vio_agent *a, uint8_t proto,
			  uint16_t *major, uint16_t *minor);

/**
 * scmi_vio_protocol_negotiate() - NEGOTIATE_PROTOCOL_VERSION (SCMI 3.2).
 * @version: major [31:16], minor [15:0], older than the platform's.
 *
 * On SUCCESS the platform serves @version and this agent's protocol
 * clients format and parse that version's messages from then on.  Without
 * a call, a client learns the version on its first command: the
 * platform's, or when that is newer than the client knows, the newest the
 * client knows if the platform accepts negotiating it.
 *
 * Context: any thread; sleeps.  Not concurrently with commands of
 * @proto: they may be formatted for either version.
 * Ordering: as scmi_vio_agent_do_cmd().
 * Return: 0, -EOPNOTSUPP (the platform does not support @version),
 * -ENOENT (the platform has no NEGOTIATE_PROTOCOL_VERSION), or an
 * scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_protocol_negotiate(struct scmi_vio_agent *a, uint8_t proto,
			    uint32_t version);

/**
 * scmi_vio_protocol_message_attributes() - PROTOCOL_MESSAGE_ATTRIBUTES.
 * @attrs: set to the returned attributes word.
 *
 * Context: any thread; sleeps.
 * Ordering: as scmi_vio_agent_do_cmd().
 * Return: 0, -ENOENT (NOT_FOUND: the message is not implemented),
 * -EPROTO, or an scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_protocol_message_attributes(struct scmi_vio_agent *a, uint8_t proto,
				     uint32_t msg_id, uint32_t *attrs);

/**
 * scmi_vio_status_to_errno() - the one SCMI status to errno mapping.
 *
 * One errno per status, none of which the library returns for a cause of
 * its own on a command path (docs/conventions.md has the table and why
 * four of them differ from Linux's scmi_to_linux_errno()):
 *
 *   SUCCESS 0                      OUT_OF_RANGE   -ERANGE
 *   NOT_SUPPORTED -EOPNOTSUPP      BUSY           -EBUSY
 *   INVALID_PARAMETERS -EDOM       COMMS_ERROR    -ECOMM
 *   DENIED -EACCES                 GENERIC_ERROR  -EREMOTEIO
 *   NOT_FOUND -ENOENT              HARDWARE_ERROR -ENXIO
 *   PROTOCOL_ERROR -EBADMSG        IN_USE         -EADDRINUSE
 *   PARTIAL -ECANCELED
 *
 * A status the specification does not define (positive, or below
 * PARTIAL) is a reply that broke the protocol: -EPROTO, never a table
 * index out of range.  ECOMM falls back to EIO where the C library lacks
 * it (not Linux).
 *
 * Context: any.
 * Ordering: none.
 * Return: 0 for SUCCESS, else the negative errno above.
 */
SCMI_VIO_API int scmi_vio_status_to_errno(int32_t status);

/**
 * scmi_vio_status_name() - the specification's name of an SCMI status.
 * @status: a status word as received (enum scmi_vio_status values).
 *
 * "SUCCESS", "NOT_SUPPORTED", ... "PARTIAL", as docs/protocol.md section 4
 * spells them, without the SCMI_ prefix.
 *
 * Context: any thread.
 * Ordering: none.
 * Ownership: the string is static; do not free it.
 * Return: the name, or NULL for a status the specification does not
 *         define (the caller prints the number).
 */
SCMI_VIO_API const char *scmi_vio_status_name(int32_t status);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_H */
