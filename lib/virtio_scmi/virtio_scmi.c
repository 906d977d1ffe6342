// SPDX-License-Identifier: BSD-3-Clause
/*
 * The virtio-scmi transport, driver side: the ops the SCMI agent core calls.
 *
 * Theory of operation
 * -------------------
 * One virtio-scmi device has a command queue (cmdq: agent to platform) and,
 * with VIRTIO_SCMI_F_P2A_CHANNELS, an event queue (eventq: delayed
 * responses and notifications).  Each queue is a channel (struct vs_chan)
 * with a lock that serializes every virtqueue operation, and a pool of
 * preallocated messages whose buffers live in the device's guest memory:
 * nothing is allocated per message.
 *
 * Channel lifetime.  Every entry point (send, the completion path, poll,
 * mark_txdone, the deferred worker) first takes a channel reference with
 * increment-if-not-zero and bails out when the count is zero.  Attach
 * sets it to 1.  Detach breaks the device (outside the channel lock),
 * installs a completion, drops the initial reference and waits: whoever
 * drops the last reference signals it.  Linux moved to this refcount from a
 * ready flag checked under a lock with interrupts off (v5.18, "Add a
 * virtio channel refcount"): the refcount lets shutdown wait for users
 * without long locked sections.
 *
 * Message lifetime.  A cmdq message has a user count: 1 when taken, 2 when
 * its send is polled (the poller's).  The reference the device holds is
 * dropped by whoever dequeues the buffer from the used ring, and only then
 * (or, for a POLL_DONE message, by its owner in mark_txdone).  So a message
 * returns to the pool exactly once and never while the device may still
 * write it, whatever the order of interrupt, poll, other poller and
 * timeout (invariant 7, docs/linux-notes.md A11.6).
 *
 * Completion path.  An interrupt (inline on the device's thread, from the
 * interrupt thread woken by an eventfd, or scmi_vio_virtio_scmi_process())
 * drains each queue: disable callbacks, reap one buffer under the lock, hand
 * it to the core outside the lock, finalize it (re-feed an event buffer,
 * release a command buffer), re-enable and re-check when empty.
 *
 * Polling.  A polled send records the ring's 64-bit poll position before the
 * chain is added and marks the message POLLING.  poll_done is cheap while
 * nothing moved; otherwise it drains until it finds its own reply, marking
 * other polled replies POLL_DONE for their owners and moving the rest to a
 * pending list that a deferred worker thread delivers (Linux added this so
 * that a busy-waiting poller neither loses nor dispatches other replies).
 * The 64-bit position is ours: Linux's 16-bit snapshot cannot tell "nothing
 * happened" from "exactly 2^16 completions happened" (L-7).  A poll whose
 * channel is gone or whose ring broke ends with -ENODEV or -EIO (L-2).
 *
 * Timeouts.  mark_txdone never recycles a buffer the device holds: a polled
 * message whose poller gave up is marked POLL_TIMEOUT and freed by whoever
 * dequeues it later; a non-polled one is simply freed by the completion
 * path when (if ever) the device returns it.  A device that never returns
 * buffers empties the pool and sends fail with -EAGAIN (D-10).
 *
 * Judging.  Every reply reaches the core's one judge, whichever path
 * dequeued it: the completion path and the worker say which queue it came
 * from and, for a command buffer, which command was sent in it; a poller
 * returns its own buffer to the core, which judges it the same way (S-17,
 * S-18).  So a command buffer completes only its own command, and fails it
 * at once when it holds anything but that command's response.
 *
 * Lengths.  The ring clamps the used length to the writable bytes posted
 * (D-4); the core clamps the payload and rejects responses under 8 bytes
 * (S-10, S-11).  A command buffer returned with less than a header still
 * goes to its command, whose waiter fails at once.
 */
#include <errno.h>
#include <string.h>

#include <scmi_vio/scmi.h>

#include "common/atomics.h"
#include "virtio_scmi/vs_internal.h"

static int vs_attach(void *tp, struct scmi_vio_agent *agent)
{
	struct scmi_vio_virtio_scmi *vs = tp;

	vs->agent = agent;
	scmi_vio__vs_chan_ready(&vs->tx);
	if (vs->has_rx)
		scmi_vio__vs_chan_ready(&vs->rx);
	/* Events the device used before the agent existed. */
	scmi_vio__vs_irq(vs);
	return 0;
}

static void vs_detach(void *tp)
{
	struct scmi_vio_virtio_scmi *vs = tp;

	scmi_vio__vs_chan_free(&vs->tx);
	if (vs->has_rx)
		scmi_vio__vs_chan_free(&vs->rx);
}

static int vs_send(void *tp, struct scmi_vio_xfer *x)
{
	struct scmi_vio_virtio_scmi *vs = tp;
	bool polled = scmi_vio_xfer_is_polled(x);
	struct vs_msg *m;
	const void *pdu;
	size_t len;
	int r;

	pdu = scmi_vio_xfer_tx_pdu(x, &len);
	r = scmi_vio__vs_send_msg(vs, pdu, len, polled, &m);
	/* Only a polled send binds the message: its poller and
	 * mark_txdone need it; other replies find the xfer by token. */
	if (!r && polled)
		scmi_vio_xfer_set_priv(x, m);
	return r;
}

static void vs_fetch_response(void *tp, struct scmi_vio_xfer *x, void *msg)
{
	struct vs_msg *m = msg;

	if (m)
		scmi_vio_xfer_fill_response(x, m->input, m->rx_len);
}

static void vs_fetch_notification(void *tp, struct scmi_vio_xfer *x,
				  size_t max_len, void *msg)
{
	struct vs_msg *m = msg;

	scmi_vio_xfer_fill_notification(x, m->input, m->rx_len);
}

static void vs_mark_txdone(void *tp, struct scmi_vio_xfer *x, int ret)
{
	struct vs_msg *m = scmi_vio_xfer_get_priv(x);

	if (!m)
		return;
	scmi_vio_xfer_set_priv(x, NULL);
	scmi_vio__vs_txdone_msg(tp, m, ret);
}

static int vs_poll_done(void *tp, struct scmi_vio_xfer *x)
{
	struct vs_msg *m = scmi_vio_xfer_get_priv(x);

	/* A polled send always binds its message; none is a library bug. */
	return m ? scmi_vio__vs_poll_msg(tp, m) : -EIO;
}

static unsigned int vs_max_msg(void *tp, enum scmi_vio_chan_dir dir)
{
	struct scmi_vio_virtio_scmi *vs = tp;

	if (dir == SCMI_VIO_CHAN_TX)
		return vs->tx.max_msg;
	return vs->has_rx ? vs->rx.max_msg : 1;
}

static size_t vs_max_payload(void *tp)
{
	return ((struct scmi_vio_virtio_scmi *)tp)->max_payload;
}

static const struct scmi_vio_transport_ops vs_ops = {
	.attach = vs_attach,
	.detach = vs_detach,
	.send = vs_send,
	.fetch_response = vs_fetch_response,
	.fetch_notification = vs_fetch_notification,
	.mark_txdone = vs_mark_txdone,
	.poll_done = vs_poll_done,
	.max_msg = vs_max_msg,
	.max_payload = vs_max_payload,
};

const struct scmi_vio_transport_ops *scmi_vio_virtio_scmi_transport_ops(void)
{
	return &vs_ops;
}

int scmi_vio_virtio_scmi_agent_create(struct scmi_vio_virtio_scmi *vs,
				      const struct scmi_vio_agent_config *cfg,
				      struct scmi_vio_agent **out)
{
	struct scmi_vio_agent_config def;
	int r;

	if (vs->attached)
		return sv_read_once(&vs->tx.freeing) ? -ESHUTDOWN : -EBUSY;
	if (!cfg) {
		memset(&def, 0, sizeof(def));
		cfg = &def;
	}
	r = scmi_vio_agent_create(cfg, &vs_ops, vs, out);
	if (!r)
		vs->attached = true;
	return r;
}

int scmi_vio_virtio_scmi_process(struct scmi_vio_virtio_scmi *vs)
{
	if (!sv_ref_read(&vs->tx.users))
		return -ENODEV;
	scmi_vio__vs_irq(vs);
	return 0;
}

/* A new counter takes a reserved slot: the size is ABI (docs/abi.md). */
_Static_assert(sizeof(struct scmi_vio_virtio_scmi_stats) == 256,
	       "a new counter takes a reserved slot");

void scmi_vio_virtio_scmi_get_stats(struct scmi_vio_virtio_scmi *vs,
				    struct scmi_vio_virtio_scmi_stats *st)
{
	const sv_atomic_u64 *src = &vs->st.sends, *end = &vs->st.broken;
	uint64_t *dst = &st->sends;
	unsigned int returned;

	memset(st->reserved, 0, sizeof(st->reserved));
	st->tx_max = vs->tx.max_msg;
	st->rx_max = vs->has_rx ? vs->rx.max_msg : 0;
	pthread_mutex_lock(&vs->tx.lock);
	st->tx_free_now = __scmi_vio__vs_pool_count(&vs->tx, &returned);
	while (src <= end)
		*dst++ = sv_read_once(src++);
	pthread_mutex_unlock(&vs->tx.lock);
	/* Freed, but counted only when a send takes them back. */
	st->msg_frees += returned;
}
