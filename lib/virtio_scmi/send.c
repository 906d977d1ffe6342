// SPDX-License-Identifier: BSD-3-Clause
/*
 * Sending, polling and txdone of the virtio-scmi transport: a command
 * into the cmdq, the poll path with its pending list (A10.8), and a
 * message's return once the core is done with it.  virtio_scmi.c has the
 * theory of operation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/scmi_transport.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "common/compiler.h"
#include "virtio_scmi/vs_internal.h"

/* Why a queue stopped: a shutdown broke it, or the device did. */
static int broken_errno(struct scmi_vio_virtio_scmi *vs)
{
	/* As in scmi_vio__vs_note_broken(): the broken queue was seen before this. */
	sv_smp_rmb();
	return sv_read_once(&vs->breaking) ? -ENODEV : -EIO;
}

/*
 * A poll that ends without finding its reply in the ring: @err, unless
 * another poller dequeued the reply for it meanwhile.  That poller's CAS to
 * POLL_DONE comes before its channel release (which the failed acquire
 * read) or under the channel lock (which the drain took since).
 */
static int poll_end(struct vs_msg *msg, int err)
{
	/* Pairs with the release of the channel count whose zero the
	 * failed acquire read; the acquire below with that CAS. */
	sv_smp_rmb();
	return sv_load_acquire(&msg->poll_status) == VS_POLL_DONE ? 1 : err;
}

/* Why a send must not touch the ring (with the channel held), or 0. */
static int send_refusal(struct scmi_vio_virtio_scmi *vs, size_t len)
{
	int r;

	/*
	 * A shutdown has begun: fail before touching the ring, so senders
	 * retrying in a loop drain away and the last reference can drop
	 * (they would otherwise keep the count above zero between their
	 * acquire and release, and starve the shutdown).
	 */
	if (sv_read_once(&vs->breaking))
		return -ENODEV;
	/* A device that went away answers nothing: fail now, with its
	 * errno, rather than at the reply timeout. */
	r = scmi_vio__vs_lost(vs);
	if (r)
		return r;
	if (len < 4 || len > vs->pdu - 4)
		return -EMSGSIZE;
	return 0;
}

/*
 * The send path (A10.5).  A polled message takes a second user for its
 * poller and records the 64-bit poll position before the chain is added,
 * so a reply can never be used "before" the position
 * (docs/architecture.md section 3: the 16-bit index Linux records is ambiguous
 * after 2^16 completions).
 */
int scmi_vio__vs_send_msg(struct scmi_vio_virtio_scmi *vs, const void *pdu,
			  size_t len, bool polled, struct vs_msg **out)
{
	struct vs_chan *ch = &vs->tx;
	struct scmi_vio_seg o, i;
	struct vs_msg *m;
	bool kick = false;
	int r;

	if (!scmi_vio__vs_chan_acquire(ch))
		return -ENODEV;
	r = send_refusal(vs, len);
	if (r) {
		scmi_vio__vs_chan_release(ch);
		return r;
	}
	/*
	 * The pool shares the add's locked section: one lock round trip per
	 * send.  The request copy is at most a PDU, so the section stays
	 * short.
	 */
	pthread_mutex_lock(&ch->lock);
	m = __scmi_vio__vs_msg_get(ch);
	if (!m) {
		pthread_mutex_unlock(&ch->lock);
		/* The pool is empty: the device holds every buffer
		 * (D-10, S-15); the core does not retry. */
		vs_count(vs, send_busy);
		scmi_vio__vs_chan_release(ch);
		return -EAGAIN;
	}
	memcpy(m->request, pdu, len);
	m->req_len = (uint32_t)len;
	m->hdr = sv_get_le32(pdu);
	m->rx_len = 0;
	sv_ref_init(&m->users, polled ? 2 : 1);
	sv_write_once(&m->poll_status, polled ? VS_POLLING : VS_NOT_POLLED);
	o.addr = m->request_gpa;
	o.len = (uint32_t)len;
	i.addr = m->input_gpa;
	i.len = (uint32_t)vs->pdu;
	if (polled)
		m->poll_pos = scmi_vio_vq_enable_cb_prepare(ch->vq);
	/* The add's release of avail.idx publishes the request, the users
	 * count and the poll state to whoever dequeues the reply. */
	r = scmi_vio_vq_add(ch->vq, &o, 1, &i, 1, m);
	if (!r) {
		__vs_count(vs, sends); /* tx ch->lock */
		kick = __scmi_vio__vs_kick_prepare(ch);
	} else {
		/* Never published: no one else can hold it. */
		__scmi_vio__vs_msg_free(ch, m);
	}
	pthread_mutex_unlock(&ch->lock);
	if (r) {
		vs_count(vs, send_errors);
		scmi_vio__vs_chan_release(ch);
		if (r == -ENOSPC)
			return -EAGAIN;
		return broken_errno(vs);
	}
	*out = m;
	/* After the unlock: an inline device completes inside the kick. */
	if (kick)
		(void)scmi_vio_vq_notify(ch->vq);
	scmi_vio__vs_chan_release(ch);
	return 0;
}

static void pending_add(struct vs_chan *ch, struct vs_msg *m)
{
	pthread_mutex_lock(&ch->pending_lock);
	m->next = NULL;
	if (ch->pend_tail)
		ch->pend_tail->next = m;
	else
		ch->pend_head = m;
	ch->pend_tail = m;
	pthread_mutex_unlock(&ch->pending_lock);
	vs_count(ch->vs, prefetched);
}

/*
 * The poll path (A10.8): 1 when @msg's reply is in, 0 not yet, -ENODEV
 * (no channel: a shutdown began) or -EIO (the ring broke) when it will
 * not be found; the core then fails the command with it, unless a
 * completion path that dequeued the reply just before delivers it (the
 * core's state claim picks one).  Cheap when nothing moved: a lock-free look at the
 * poll state, then at the ring position, with no channel reference: the
 * channel's virtqueue lives until remove() (chan_fini()), and a poller runs
 * inside an agent call, which the agent's destroy (detach, then remove)
 * cannot overlap; a shutdown breaks the queue first, so the look then
 * fails and the reference below is taken, fails and ends the poll.  The
 * spin thus touches no shared counter while it waits.  Otherwise drain
 * until our reply:
 * other polled replies are marked done for their pollers, everything else
 * goes to the pending list for the worker, so a poller never dispatches
 * someone else's reply and never blocks on it; leftovers wake the worker,
 * so the spin always makes progress.
 */
int scmi_vio__vs_poll_msg(struct scmi_vio_virtio_scmi *vs, struct vs_msg *msg)
{
	struct vs_chan *ch = &vs->tx;
	bool found = false, pending, queue, moved;
	unsigned int prefetched = 0, st;
	struct vs_msg *m;
	int r;

	/* Pairs with the CAS of the poller that dequeued it: rx_len and the
	 * reply bytes are visible once the state reads POLL_DONE. */
	if (sv_load_acquire(&msg->poll_status) == VS_POLL_DONE)
		return 1;
	moved = scmi_vio_vq_poll(ch->vq, msg->poll_pos);
	if (!moved && !scmi_vio_vq_is_broken(ch->vq)) {
		/* Nothing new: end the poll if the device went away (there
		 * may be no interrupt to tell the core). */
		r = scmi_vio__vs_lost(vs);
		return r ? poll_end(msg, r) : 0;
	}
	/* Most likely our reply, which the device has just written: start
	 * that miss while the lock and the __scmi_vio__vs_reap run.  A hint only. */
	sv_prefetch(msg->input);
	/* No channel, or a broken ring: end the poll now, never a hang
	 * (L-2). */
	if (!scmi_vio__vs_chan_acquire(ch))
		return poll_end(msg, -ENODEV);
	if (!moved) {
		/* Broken (a queue never leaves that state). */
		scmi_vio__vs_note_broken(ch);
		scmi_vio__vs_chan_release(ch);
		return poll_end(msg, broken_errno(vs));
	}
	pthread_mutex_lock(&ch->lock);
	scmi_vio_vq_disable_cb(ch->vq);
	while ((r = __scmi_vio__vs_reap(ch, &m)) == 1) {
		st = VS_POLLING;
		/*
		 * Our own message: the only other writer of its poll state
		 * is its owner's mark_txdone, which is us, later; a store
		 * does what the CAS below does for another poller's.
		 * rx_len was written before; pairs with the acquire above.
		 */
		if (m == msg && sv_read_once(&m->poll_status) == VS_POLLING) {
			sv_store_release(&m->poll_status, VS_POLL_DONE);
			found = true;
			__vs_count(vs, poll_found); /* tx lock */
			break;
		}
		/* Same pairing; races with that message's mark_txdone. */
		if (sv_cmpxchg(&m->poll_status, &st, VS_POLL_DONE)) {
			__vs_count(vs, poll_other); /* tx lock */
			continue;
		}
		/* NOT_POLLED, or POLL_TIMEOUT: the worker's. */
		pending_add(ch, m);
		prefetched++;
	}
	if (found) {
		pending = !scmi_vio_vq_enable_cb(ch->vq);
	} else {
		msg->poll_pos = scmi_vio_vq_enable_cb_prepare(ch->vq);
		pending = scmi_vio_vq_poll(ch->vq, msg->poll_pos);
	}
	queue = (prefetched || pending) && ch->worker_ok;
	pthread_mutex_unlock(&ch->lock);
	if (r < 0)
		scmi_vio__vs_note_broken(ch);
	if (queue)
		scmi_vio__vs_worker_kick(vs);
	scmi_vio__vs_chan_release(ch);
	if (found)
		return 1;
	return r < 0 ? poll_end(msg, broken_errno(vs)) : 0;
}

/*
 * A POLL_DONE message's owner holds both of its users: its poller's and
 * the device's, which the poller that dequeued it handed over with the
 * state.  No one else can reach it, so it goes back to the pool at once
 * instead of through two refcount puts; a count other than 2 is a library
 * bug, which saturates the count and leaks the message like a put below
 * zero would (common/refcount.h).
 */
static void txdone_free(struct vs_chan *ch, struct vs_msg *m)
{
	if (sv_ref_read(&m->users) != 2) {
		sv_ref_saturate(&m->users);
		return;
	}
	scmi_vio__vs_msg_free(ch, m);
}

/*
 * mark_txdone (A10.7): a buffer the device holds is never recycled.  A
 * polled message still POLLING is left to whoever dequeues it (POLL_TIMEOUT:
 * the completion path or the worker frees it when the device returns it);
 * one a poller dequeued (POLL_DONE) carries the device's reference to us.
 *
 * Unlike Linux, a POLLING message is never released twice here even when
 * the outcome is a success: a success with the state still POLLING means the
 * completion path delivered it and holds the device's reference itself.
 */
void scmi_vio__vs_txdone_msg(struct scmi_vio_virtio_scmi *vs,
			     struct vs_msg *msg, int ret)
{
	struct vs_chan *ch = &vs->tx;
	unsigned int st;

	if (!scmi_vio__vs_chan_acquire(ch))
		return;
	/*
	 * POLL_DONE is final until the owner (us) frees the message: a
	 * plain read spares the CAS on the common path.  Otherwise this
	 * races only with a poller's POLLING -> POLL_DONE (the same CAS in
	 * poll_msg()): exactly one wins, so the device's reference has
	 * exactly one owner.
	 */
	st = sv_read_once(&msg->poll_status);
	if (st == VS_POLLING &&
	    sv_cmpxchg(&msg->poll_status, &st, VS_POLL_TIMEOUT)) {
		/* Not parked when ours is the last user: a completion path
		 * consumed the reply and dropped the device's user already.
		 * (One that dequeued it but has not yet released it still
		 * counts: the counter is a close estimate.) */
		if (!scmi_vio__vs_msg_release(ch, msg) && ret == -ETIMEDOUT)
			vs_count(vs, parked);
	} else if (st == VS_POLL_DONE) {
		txdone_free(ch, msg);
	}
	scmi_vio__vs_chan_release(ch);
}
