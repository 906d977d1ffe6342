/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The contract between the SCMI agent core and a transport (virtio-scmi, or
 * an in-memory test transport).  docs/architecture.md section 2 and 5;
 * docs/linux-notes.md A2, A4, A5, A10.
 *
 * Two directions:
 *
 *  1. Ops the transport provides (struct scmi_vio_transport_ops), called by
 *     the core with the transport's opaque pointer @tp:
 *       send, fetch_response, fetch_notification, mark_txdone, poll_done,
 *       max_msg, max_payload, and the optional attach/detach.
 *
 *  2. Entry points the core gives the transport:
 *       scmi_vio_agent_rx_response()   a command buffer came back (cmdq);
 *       scmi_vio_agent_rx_event()      a message on the event channel;
 *       scmi_vio_agent_rx()            a message from a transport that
 *                                      cannot tell where it came from;
 *       scmi_vio_agent_xfer_acquire()  look an in-flight transfer up by a
 *       scmi_vio_agent_xfer_release()  received header, holding a reference;
 *       scmi_vio_agent_report_broken() count a broken ring;
 *       scmi_vio_agent_report_lost()   the device is gone for good;
 *     plus accessors on a transfer (struct scmi_vio_xfer is opaque):
 *       scmi_vio_xfer_tx_pdu(), _hdr(), _is_polled(), _set_priv(),
 *       _get_priv(), and the two fill helpers the fetch ops use to hand
 *       received bytes to the core: scmi_vio_xfer_fill_response() and
 *       scmi_vio_xfer_fill_notification().
 *
 * Life of one command, as the transport sees it:
 *   send(tp, x)              the core has set the state to SENT and issued a
 *                            full barrier; the transport copies the PDU
 *                            (scmi_vio_xfer_tx_pdu) into its own buffer and
 *                            posts it.  -EAGAIN when out of buffers.
 *   rx (any thread)          scmi_vio_agent_rx_response(agent, sent, hdr,
 *                            len, msg): the core finds the transfer the
 *                            buffer's command @sent belongs to, judges the
 *                            reply against it and its state, then calls
 *                            fetch_response(tp, x, msg) while it holds the
 *                            transfer busy; the transport passes its
 *                            received bytes and used length to
 *                            scmi_vio_xfer_fill_response(), which clamps.
 *   or poll                  for a polled transfer the core spins on
 *                            poll_done(tp, x) until it returns non-zero,
 *                            the transfer completes by another path, or
 *                            the deadline passes; after a successful poll
 *                            it calls fetch_response(tp, x, get_priv(x))
 *                            itself, only if no other path delivered it,
 *                            and judges what the PDU holds exactly as the
 *                            rx path would (S-17); a poll the transport
 *                            ended (negative) fails the command like a
 *                            deadline would.
 *   mark_txdone(tp, x, ret)  exactly once per successful send, also after a
 *                            timeout (ret == -ETIMEDOUT) and for async
 *                            commands right after the immediate response.
 *                            A transport must not recycle a buffer the
 *                            device still owns because of a timeout.
 *   delayed responses and    scmi_vio_agent_rx_event(agent, hdr, len, msg):
 *   notifications            a delayed response is found by its token and
 *                            fetched as above; for a notification the
 *                            core calls fetch_notification(tp, x, max, msg)
 *                            on a scratch transfer; the transport calls
 *                            scmi_vio_xfer_fill_notification().
 *
 * Sizing: the core preallocates max_msg(TX) transfers (one per message the
 * transport can have in flight; Linux sizes both pools the same way) and
 * max_msg(RX) scratch transfers for notifications; a notification that
 * finds no free scratch transfer is dropped and counted (rx_nomem).  A
 * transport should return -EAGAIN from send() rather than block when its
 * own buffers are exhausted (D-10, S-15).
 *
 * Threads: the receive callback may be called from any thread (interrupt
 * thread, poller, worker), concurrently, including concurrently for the
 * same transfer (a response and a delayed response on two threads).  The
 * transport must not call it with a lock held that its own send,
 * poll_done or mark_txdone take (they can run from inside the callback's
 * caller only if the transport arranges so).  After detach() returns the
 * transport makes no further call into the core.
 */
#ifndef SCMI_VIO_SCMI_TRANSPORT_H
#define SCMI_VIO_SCMI_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;
struct scmi_vio_xfer;

/* Which direction max_msg() is asked about. */
enum scmi_vio_chan_dir {
	SCMI_VIO_CHAN_TX = 0, /* commands (cmdq) */
	SCMI_VIO_CHAN_RX = 1, /* notifications and delayed responses */
};

/* The operations a transport gives the agent core. */
struct scmi_vio_transport_ops {
	/*
	 * Optional.  Called once from scmi_vio_agent_create() before any
	 * other op; from then on the transport may call scmi_vio_agent_rx().
	 * A negative errno fails the create.
	 */
	int (*attach)(void *tp, struct scmi_vio_agent *agent);
	/*
	 * Optional.  Called first thing in scmi_vio_agent_destroy(); when it
	 * returns no receive callback runs or will start, and no call into
	 * the core is in progress.
	 */
	void (*detach)(void *tp);
	/*
	 * Post one command.  Called from the caller's thread, never with a
	 * core lock held.  Return 0 or a negative errno (-EAGAIN: no free
	 * buffer; the core does not retry, the command fails with it).  A
	 * failed send gets no mark_txdone.
	 */
	int (*send)(void *tp, struct scmi_vio_xfer *x);
	/*
	 * Copy a response or delayed response into @x by calling
	 * scmi_vio_xfer_fill_response() with the received PDU and its used
	 * length.  @msg is the pointer the transport gave one of the receive
	 * calls, or scmi_vio_xfer_get_priv(x) on the polled path.  Called with @x
	 * held busy (one receive context at a time per transfer).  @x may
	 * also be a scratch transfer of the core (raw mode copies a
	 * rejected reply's bytes into one): find the bytes through @msg
	 * only, never through state of your own keyed by @x.
	 */
	void (*fetch_response)(void *tp, struct scmi_vio_xfer *x, void *msg);
	/*
	 * Optional (NULL: the transport has no event channel; a type-3
	 * header is counted invalid and dropped).
	 * Copy a notification into @x with scmi_vio_xfer_fill_notification()
	 * (at most @max_len payload bytes).  @x is a scratch transfer of the
	 * core's receive pool.
	 */
	void (*fetch_notification)(void *tp, struct scmi_vio_xfer *x,
				   size_t max_len, void *msg);
	/*
	 * The core is done with the send of @x: @ret is the outcome (0, an
	 * errno from the status, -ETIMEDOUT, -EPROTO).  Exactly once per
	 * successful send.
	 */
	void (*mark_txdone)(void *tp, struct scmi_vio_xfer *x, int ret);
	/*
	 * Optional (NULL: polled commands fail with -EINVAL).  Whether
	 * the reply of polled transfer @x has arrived: > 0 it can be
	 * fetched; 0 not yet; a negative errno when no reply can come any
	 * more (the channel is gone, the queue broken): the command then
	 * fails with it, unless a receive path delivered the reply
	 * meanwhile.  Called repeatedly from the waiting thread; must not
	 * block.
	 */
	int (*poll_done)(void *tp, struct scmi_vio_xfer *x);
	/* Messages the transport can have in flight in @dir, 1..1024. */
	unsigned int (*max_msg)(void *tp, enum scmi_vio_chan_dir dir);
	/* Largest SCMI payload (after header and status) it carries. */
	size_t (*max_payload)(void *tp);
};

/**
 * scmi_vio_agent_rx_response() - a command buffer came back (cmdq).
 * @agent: the agent the transport is attached to.
 * @sent: the header of the command that buffer carried, as sent.
 * @hdr: the header word the platform left in it (host order); not read
 *       when @len < 4.
 * @len: bytes the platform wrote, clamped by the transport to its buffer.
 * @msg: transport-private pointer passed back to fetch_response().
 *
 * The buffer's content is judged for the command @sent, and for it only:
 * the response echoing it completes that command (fewer than 8 bytes:
 * -EPROTO, S-10); anything else in it (another token, protocol or message
 * id, a type other than response, reserved bits set) is counted invalid
 * and fails that command at once with -EPROTO (S-17, S-18), never
 * completing another transfer.  A buffer whose command has ended (timed
 * out) is counted unexpected (S-8).  The transport may reuse @msg as soon
 * as this returns.
 *
 * Context: any thread, concurrently (interrupt thread, worker); takes the
 * pool lock and the transfer lock briefly; never waits for a consumer.
 * Ordering: the completion is published with a release the waiter pairs
 * with.
 * Ownership: @msg stays the transport's.
 */
SCMI_VIO_API void scmi_vio_agent_rx_response(struct scmi_vio_agent *agent,
					     uint32_t sent, uint32_t hdr,
					     size_t len, void *msg);

/**
 * scmi_vio_agent_rx_event() - a message on the event channel (eventq).
 * @agent: the agent the transport is attached to.
 * @hdr: the received header word (host order); not read when @len < 4.
 * @len: bytes the platform wrote, clamped by the transport to its buffer.
 * @msg: transport-private pointer passed back to fetch_response() or
 *       fetch_notification().
 *
 * Only delayed responses and notifications belong here (S-18).  A delayed
 * response is found by its token and judged like a response (S-1..S-7);
 * a notification is queued for its protocol without blocking (S-11,
 * S-13, S-14).  Anything else (a response, type 1, reserved bits, fewer
 * than 4 bytes) is counted invalid and dropped; the transport re-feeds
 * the buffer as usual.  The transport may reuse @msg as soon as this
 * returns.
 *
 * Context: as scmi_vio_agent_rx_response().
 * Ordering: as scmi_vio_agent_rx_response().
 * Ownership: @msg stays the transport's.
 */
SCMI_VIO_API void scmi_vio_agent_rx_event(struct scmi_vio_agent *agent,
					  uint32_t hdr, size_t len, void *msg);

/**
 * scmi_vio_agent_rx() - a message from a transport that cannot tell which
 * channel or command buffer it came from.
 * @agent: the agent the transport is attached to.
 * @hdr: the received header word (host order).
 * @msg: transport-private pointer passed back to fetch_response() or
 *       fetch_notification().
 *
 * Judged like scmi_vio_agent_rx_event(), except that a response is
 * accepted too, for the transfer its own token names (as Linux matches
 * replies).  A transport that knows should use the two calls above: they
 * reject what does not belong to a queue or a buffer.
 *
 * Context: as scmi_vio_agent_rx_response().
 * Ordering: as scmi_vio_agent_rx_response().
 * Ownership: @msg stays the transport's.
 */
SCMI_VIO_API void scmi_vio_agent_rx(struct scmi_vio_agent *agent, uint32_t hdr,
				    void *msg);

/**
 * scmi_vio_agent_xfer_acquire() - find the in-flight transfer a command or
 * delayed-response header refers to, and hold it.
 * @agent: the agent.
 * @hdr: a received header; only its token is used for the lookup.
 * @out: the transfer, held until scmi_vio_agent_xfer_release().
 *
 * The reference keeps the transfer and its token from being recycled; it
 * does not make the transfer busy and does not change its state.
 *
 * Context: any thread; takes the pool lock.
 * Ordering: the pool lock orders it against the transfer's release.
 * Ownership: the caller owns one reference on success.
 * Return: 0, or -ENOENT when no transfer with that token is in flight.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_agent_xfer_acquire(struct scmi_vio_agent *agent, uint32_t hdr,
			    struct scmi_vio_xfer **out);

/**
 * scmi_vio_agent_xfer_release() - drop a reference taken by _acquire().
 *
 * Context: any thread; takes the pool lock.
 * Ordering: the pool lock.
 */
SCMI_VIO_API void scmi_vio_agent_xfer_release(struct scmi_vio_agent *agent,
					      struct scmi_vio_xfer *x);

/**
 * scmi_vio_agent_report_broken() - the transport's ring latched broken.
 *
 * Counts it (stats.broken).  Commands in flight end by their timeout.
 *
 * Context: any thread.
 * Ordering: none (a relaxed counter).
 */
SCMI_VIO_API void scmi_vio_agent_report_broken(struct scmi_vio_agent *agent);

/**
 * scmi_vio_agent_report_lost() - the transport's device is gone for good
 * (its server hung up): no reply will come.
 * @agent: the agent the transport is attached to.
 * @err: the negative errno the waits end with (a non-negative value is
 *       taken as -EIO).
 *
 * Every command waiting for its response or delayed response, sleeping
 * or polling (within 64 polls, whatever the transport's poll_done()
 * answers), fails with @err at once, instead of at its timeout, and so
 * does every later wait; so do raw-mode reads of an empty queue
 * (scmi_raw.h), waiting or later.  Refusing later sends is the
 * transport's (its send() returns @err).  A
 * reply a receive path already claimed is still delivered.  Only the
 * first report counts.
 *
 * Context: any thread, not from inside a receive callback's transfer
 * lock; takes each sleeping transfer's lock and each raw queue's lock
 * briefly.
 * Ordering: full barrier between publishing @err and waking sleepers.
 * Ownership: none.
 */
SCMI_VIO_API void scmi_vio_agent_report_lost(struct scmi_vio_agent *agent,
					     int err);

/**
 * scmi_vio_xfer_tx_pdu() - the command as it goes on the wire.
 * @len: set to the PDU length (4-byte header + parameters).
 *
 * Context: between send() and mark_txdone() of @x, any thread.
 * Ordering: the PDU is complete before send() is called.
 * Return: the PDU, little-endian, valid until mark_txdone().
 */
SCMI_VIO_API const void *scmi_vio_xfer_tx_pdu(const struct scmi_vio_xfer *x,
					      size_t *len);

/* The command header word of @x (host order).  Context: as _tx_pdu(). */
SCMI_VIO_API uint32_t scmi_vio_xfer_hdr(const struct scmi_vio_xfer *x);

/* True when the core will poll @x (poll_done) rather than wait. */
SCMI_VIO_API bool scmi_vio_xfer_is_polled(const struct scmi_vio_xfer *x);

/**
 * scmi_vio_xfer_set_priv() - store the transport's pointer in @x.
 *
 * One slot per transfer, for the transport only (Linux's xfer->priv); the
 * core clears it before each send.
 *
 * Context: any thread.
 * Ordering: release store; everything written before it is visible to a
 * thread whose scmi_vio_xfer_get_priv() returns this value.
 */
SCMI_VIO_API void scmi_vio_xfer_set_priv(struct scmi_vio_xfer *x, void *p);

/* Acquire load of the slot; pairs with scmi_vio_xfer_set_priv(). */
SCMI_VIO_API void *scmi_vio_xfer_get_priv(const struct scmi_vio_xfer *x);

/**
 * scmi_vio_xfer_fill_response() - hand a received response PDU to the core.
 * @x: the transfer given to fetch_response().
 * @pdu: the received bytes: le32 header, le32 status, payload.
 * @used_len: bytes the device reported written, already clamped by the
 *            transport to the size of the buffer @pdu points into (D-4);
 *            otherwise untrusted.
 *
 * Reads at most min(@used_len, 8 + max payload) bytes of @pdu.  Shorter
 * than 8 bytes: no status is read and the command fails with -EPROTO
 * (S-10).  A payload longer than the core's buffer is clamped and counted
 * (S-11).
 *
 * Context: only from fetch_response().
 * Ordering: none needed: the core holds the transfer busy.
 * Ownership: @pdu stays the caller's; the bytes are copied.
 */
SCMI_VIO_API void scmi_vio_xfer_fill_response(struct scmi_vio_xfer *x,
					      const void *pdu, size_t used_len);

/**
 * scmi_vio_xfer_fill_notification() - hand a received notification PDU
 * (le32 header, payload) to the core.
 *
 * @used_len: as for scmi_vio_xfer_fill_response(): clamped by the
 *            transport to its buffer, otherwise untrusted.
 *
 * Payloads longer than the event's maximum are discarded and counted
 * (S-11); shorter than 4 bytes are invalid.
 *
 * Context: only from fetch_notification().
 * Ordering: none needed: the scratch transfer is this caller's.
 * Ownership: as scmi_vio_xfer_fill_response().
 */
SCMI_VIO_API void scmi_vio_xfer_fill_notification(struct scmi_vio_xfer *x,
						  const void *pdu,
						  size_t used_len);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_TRANSPORT_H */
