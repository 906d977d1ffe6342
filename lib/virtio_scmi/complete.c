// SPDX-License-Identifier: BSD-3-Clause
/*
 * The completion path of the virtio-scmi transport (A10.6): reaping used
 * buffers, delivering them to the core with no lock held, the budget that
 * hands a storm to the worker thread (D-11), and the worker itself.
 * virtio_scmi.c has the theory of operation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/scmi_transport.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "common/compiler.h"
#include "virtio_scmi/vs_internal.h"

void scmi_vio__vs_note_broken(struct vs_chan *ch)
{
	struct scmi_vio_virtio_scmi *vs = ch->vs;

	/* Breaking is how shutdown stops the device: not a device fault.
	 * The broken queue was seen before this fence; pairs with the fence
	 * in chan_free(), so a break by shutdown shows its flag here. */
	sv_smp_rmb();
	if (sv_read_once(&vs->breaking) || sv_exchange(&ch->broken_seen, 1))
		return;
	vs_count(vs, broken);
	scmi_vio_agent_report_broken(vs->agent);
}

/*
 * Has the device gone for good (vdev.h's lost op)?  0, or its errno,
 * latched.  The core hears of it from whoever sees it with the channel
 * up (it keeps the first report), so every wait for a reply ends now
 * rather than at its timeout; an agent attached later hears of it at
 * attach, which runs this.
 */
int scmi_vio__vs_lost(struct scmi_vio_virtio_scmi *vs)
{
	int r = sv_read_once(&vs->lost), none = 0;

	if (!r && vs->vdev.ops->lost) {
		r = vs->vdev.ops->lost(vs->vdev.ctx);
		if (r >= 0)
			return 0;
		/* Two first askers may hear different errnos: the first to
		 * latch wins, and both go on with it, as the core does. */
		if (!sv_cmpxchg(&vs->lost, &none, r))
			r = none;
	}
	if (r && scmi_vio__vs_chan_acquire(&vs->tx)) {
		scmi_vio_agent_report_lost(vs->agent, r);
		scmi_vio__vs_chan_release(&vs->tx);
	}
	return r;
}

/*
 * Hand one dequeued buffer to the core (outside every transport lock),
 * saying which queue it came from: the core's judge holds a command buffer
 * to the command sent in it, and each queue to its message types (S-17,
 * S-18).  A buffer returned without a header is still handed over (no
 * byte of it is read): a command's waiter then fails with -EPROTO (S-10)
 * instead of waiting for its timeout.
 */
static void deliver(struct vs_chan *ch, struct vs_msg *m)
{
	struct scmi_vio_virtio_scmi *vs = ch->vs;
	uint32_t hdr = 0;

	if (m->rx_len >= 4)
		hdr = sv_get_le32(m->input);
	else
		vs_count(vs, short_used);
	if (ch->is_rx)
		scmi_vio_agent_rx_event(vs->agent, hdr, m->rx_len, m);
	else
		scmi_vio_agent_rx_response(vs->agent, m->hdr, hdr, m->rx_len,
					   m);
}

/* Reap one used buffer under the channel lock: 1, 0 or -EIO. */
int __scmi_vio__vs_reap(struct vs_chan *ch, struct vs_msg **m)
{
	void *tok = NULL;
	uint32_t len = 0;
	int r;

	r = scmi_vio_vq_get_used(ch->vq, &tok, &len);
	if (r != 1)
		return r;
	*m = tok;
	(*m)->rx_len = len;
	/* Under the queue's ch->lock, like every __scmi_vio__vs_reap. */
	if (ch->is_rx)
		__vs_count(ch->vs, rx_events);
	else
		__vs_count(ch->vs, tx_completions);
	return 1;
}

/*
 * One pass of the completion path (A10.6).  The channel is acquired and
 * released around every buffer, so a shutdown can finish between two of
 * them; callbacks are disabled while draining and re-enabled with a
 * re-check, so a buffer used in that window is not lost; the core is
 * called with no lock held.
 *
 * An event buffer is offered again in the next locked section (one lock
 * round trip per buffer, not two) and the device is kicked once, when the
 * drain ends: a kick per buffer would wake a sleeping device for each
 * event of a burst.
 *
 * D-11: at most *@left buffers (decremented).  A device that uses event
 * buffers as fast as they are offered again (a notification storm) would
 * otherwise keep the interrupt context, often the device's own thread,
 * here for ever.  When it stops at the budget with more pending, the
 * worker thread goes on, and this returns true.  On the eventq the caller
 * is the one delivering (see scmi_vio__vs_complete()): it stops being it
 * before the worker is woken, so the worker's call finds the eventq free.
 */
static bool complete_pass(struct vs_chan *ch, unsigned int *left)
{
	bool disabled = false, refed = false, kick, defer;
	struct vs_msg *m = NULL, *refeed = NULL;
	int r;

	for (;;) {
		if (!scmi_vio__vs_chan_acquire(ch))
			return false;
		pthread_mutex_lock(&ch->lock);
		if (refeed) {
			refed |= !__scmi_vio__vs_feed(ch, refeed);
			refeed = NULL;
		}
		if (!*left) {
			defer = !scmi_vio_vq_enable_cb(ch->vq) && ch->worker_ok;
			kick = refed && __scmi_vio__vs_kick_prepare(ch);
			pthread_mutex_unlock(&ch->lock);
			if (kick)
				(void)scmi_vio_vq_notify(ch->vq);
			if (defer) {
				vs_count(ch->vs, budget_deferred);
				/* Pairs with the fetch_add in
				 * scmi_vio__vs_complete(): our deliveries
				 * happen before the next caller's. */
				if (ch->is_rx)
					(void)sv_exchange(&ch->runs, 0);
				scmi_vio__vs_worker_kick(ch->vs);
			}
			scmi_vio__vs_chan_release(ch);
			return defer;
		}
		if (!disabled) {
			scmi_vio_vq_disable_cb(ch->vq);
			disabled = true;
		}
		r = __scmi_vio__vs_reap(ch, &m);
		if (r == 0) {
			if (scmi_vio_vq_enable_cb(ch->vq)) {
				kick = refed && __scmi_vio__vs_kick_prepare(ch);
				pthread_mutex_unlock(&ch->lock);
				/* After the unlock: an inline device may
				 * re-enter the transport (L-10). */
				if (kick)
					(void)scmi_vio_vq_notify(ch->vq);
				scmi_vio__vs_chan_release(ch);
				return false;
			}
			/* Raced in after the last __scmi_vio__vs_reap: go round again. */
			disabled = false;
		}
		pthread_mutex_unlock(&ch->lock);
		if (r < 0) {
			scmi_vio__vs_note_broken(ch);
		} else if (r > 0) {
			--*left;
			deliver(ch, m);
			/* Finalize: re-feed an event buffer, or drop the
			 * device's reference on a command buffer. */
			if (ch->is_rx)
				refeed = m;
			else
				scmi_vio__vs_msg_release(ch, m);
		}
		scmi_vio__vs_chan_release(ch);
		if (r < 0)
			return false;
	}
}

/*
 * The completion path.  Command replies complete independent transfers, so
 * any number of threads may run it on the cmdq at once, as Linux does.
 * Events must reach the core in the order the device used them
 * (invariant 9), and the interrupt thread or the device's own thread
 * (inline) and the worker (D-11) can all call this: on the eventq one
 * caller at a time delivers.  A caller that finds another delivering
 * counts itself in ch->runs and returns; the one delivering goes round
 * again until no call came in during its pass, so no buffer is left
 * behind.  Its budget spans its passes; when it runs out, the worker
 * takes over (complete_pass()), and this returns true.
 */
bool scmi_vio__vs_complete(struct vs_chan *ch)
{
	unsigned int left = ch->budget, seen;

	if (!ch->is_rx)
		return complete_pass(ch, &left);
	/* Pairs with the CAS below and the exchange in complete_pass(): the
	 * previous deliverer's deliveries happen before ours. */
	if (sv_fetch_add(&ch->runs, 1))
		return false;
	do {
		seen = sv_read_once(&ch->runs);
		if (complete_pass(ch, &left))
			return true;
		/* Done if no call came in during the pass; our deliveries
		 * happen before the next caller's fetch_add sees 0. */
	} while (!sv_cmpxchg(&ch->runs, &seen, 0));
	return false;
}

void scmi_vio__vs_worker_kick(struct scmi_vio_virtio_scmi *vs)
{
	pthread_mutex_lock(&vs->wlock);
	vs->work = true;
	pthread_cond_signal(&vs->wcond);
	pthread_mutex_unlock(&vs->wlock);
}

/*
 * The deferred worker (A10.8): deliver the replies pollers set aside,
 * free the timed-out ones, then run the completion path once more for
 * whatever raced in.  Holding the channel keeps a shutdown waiting until
 * it is done (L-3).
 */
void scmi_vio__vs_worker_run(struct scmi_vio_virtio_scmi *vs)
{
	struct vs_chan *ch = &vs->tx;
	struct vs_msg *m, *next;
	bool deferred;

	if (!scmi_vio__vs_chan_acquire(ch))
		return;
	vs_count(vs, worker_runs);
	pthread_mutex_lock(&ch->pending_lock);
	m = ch->pend_head;
	ch->pend_head = ch->pend_tail = NULL;
	pthread_mutex_unlock(&ch->pending_lock);
	for (; m; m = next) {
		next = m->next;
		if (sv_read_once(&m->poll_status) == VS_NOT_POLLED) {
			deliver(ch, m);
			vs_count(vs, worker_delivered);
		} else {
			vs_count(vs, worker_freed);
		}
		scmi_vio__vs_msg_release(ch, m);
	}
	deferred = scmi_vio__vs_complete(ch);
	scmi_vio__vs_chan_release(ch);
	/* Event buffers a budgeted completion call left behind (D-11); the
	 * cmdq first, as in scmi_vio__vs_irq(). */
	if (!deferred && vs->has_rx)
		(void)scmi_vio__vs_complete(&vs->rx);
}

/*
 * The interrupt handler.  One doorbell serves both queues: the cmdq goes
 * first, so a response the platform sent before its delayed response
 * reaches the core first too, and a delayed response overtaking its
 * response (S-6) stays a rare race (a poller's pending list, two
 * interrupt threads) instead of what every interrupt that finds both does.
 * When the cmdq pass stopped at its budget (D-11) and left the rest to the
 * worker, the eventq is left to the worker too, which takes the queues in
 * the same order.
 */
void scmi_vio__vs_irq(void *arg)
{
	struct scmi_vio_virtio_scmi *vs = arg;

	/* A device that went away rings too (vdev.h); what it used before
	 * is still delivered below. */
	(void)scmi_vio__vs_lost(vs);
	if (!scmi_vio__vs_complete(&vs->tx) && vs->has_rx)
		(void)scmi_vio__vs_complete(&vs->rx);
}
