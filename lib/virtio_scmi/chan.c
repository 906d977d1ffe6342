// SPDX-License-Identifier: BSD-3-Clause
/*
 * Channels and messages of the virtio-scmi transport: the channel refcount
 * and its completion-based shutdown, per-message refcounts and poll
 * states, the completion path, the poll path with its pending list, and
 * the deferred worker (the message pool itself is msg_pool.c).
 * virtio_scmi.c has the theory of operation; each function here says which
 * part of it it implements.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/scmi_transport.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "common/compiler.h"
#include "virtio_scmi/vs_internal.h"

static void completion_init(struct vs_completion *c)
{
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	c->done = false;
}

static void completion_signal(struct vs_completion *c)
{
	pthread_mutex_lock(&c->lock);
	c->done = true;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

/* Stays signalled: every shutdown caller waits on it (L-14). */
static void completion_wait(struct vs_completion *c)
{
	pthread_mutex_lock(&c->lock);
	while (!c->done)
		pthread_cond_wait(&c->cond, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

/* @off rounded up to @align, a power of two. */
static size_t align_up(size_t off, size_t align)
{
	return (off + align - 1) & ~(align - 1);
}

/*
 * Sizing (A10.2): a command takes two descriptors, an event one; never
 * more messages than tokens, so the core's xfer pool and ours agree and
 * nothing in flight can outnumber the ring.
 */
static unsigned int chan_max_msg(unsigned int num, bool is_rx)
{
	unsigned int n = is_rx ? num : num / 2;

	return n > SCMI_VIO_VIRTIO_SCMI_MAX_MSG ? SCMI_VIO_VIRTIO_SCMI_MAX_MSG :
						  n;
}

/*
 * The one carving of a channel in the device's memory window, from offset
 * @used: its ring (16-aligned), then its messages (8-aligned each; a cmdq
 * message holds a request and a response PDU).  probe() carves by it and
 * scmi_vio_vdev_window_size() adds it up, so the two cannot disagree.
 * Return: the offset just past the channel.
 */
static size_t chan_layout(size_t used, unsigned int num, bool is_rx, size_t pdu,
			  size_t *ring_off, size_t *msg_off, size_t *msg_stride)
{
	size_t per = is_rx ? pdu : 2 * pdu;

	*ring_off = align_up(used, 16);
	*msg_off = align_up(*ring_off + scmi_vio_vring_size(num, 4), 8);
	*msg_stride = align_up(per, 8);
	return *msg_off + (size_t)chan_max_msg(num, is_rx) * *msg_stride;
}

size_t scmi_vio_vdev_window_size(unsigned int cmdq_num, unsigned int eventq_num,
				 size_t max_payload)
{
	size_t pdu, ring, msg, stride, end;

	if (!max_payload)
		max_payload = SCMI_VIO_DEFAULT_MAX_PAYLOAD;
	if (max_payload < 8 || max_payload > SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD ||
	    cmdq_num < 2 || !scmi_vio_vring_valid_size(cmdq_num) ||
	    (eventq_num && !scmi_vio_vring_valid_size(eventq_num)))
		return 0;
	pdu = max_payload + SCMI_VIO_PDU_OVERHEAD;
	end = chan_layout(0, cmdq_num, false, pdu, &ring, &msg, &stride);
	if (eventq_num)
		end = chan_layout(end, eventq_num, true, pdu, &ring, &msg,
				  &stride);
	return end;
}

/*
 * Whether to ring the device after adding; the caller holds ch->lock.  A
 * device without a doorbell (one that spins on the ring) is never rung,
 * so it needs neither the decision nor its full barrier.
 */
static bool __kick_prepare(struct vs_chan *ch)
{
	return ch->vs->vdev.kick && scmi_vio_vq_kick_prepare(ch->vq);
}

/* Offer an eventq buffer to the device; the caller holds ch->lock. */
static int __feed(struct vs_chan *ch, struct vs_msg *m)
{
	const struct scmi_vio_seg in = { m->input_gpa, (uint32_t)ch->vs->pdu };
	int r = scmi_vio_vq_add(ch->vq, NULL, 0, &in, 1, m);

	if (!r)
		__vs_count(ch->vs, rx_refed); /* rx ch->lock */
	return r;
}

/* Offer an eventq buffer to the device and kick it (A10.3). */
int scmi_vio__vs_feed(struct vs_chan *ch, struct vs_msg *m)
{
	bool kick;
	int r;

	pthread_mutex_lock(&ch->lock);
	r = __feed(ch, m);
	kick = !r && __kick_prepare(ch);
	pthread_mutex_unlock(&ch->lock);
	/* Rung after the lock is dropped: an inline device may re-enter the
	 * transport from inside the kick (L-10). */
	if (kick)
		(void)scmi_vio_vq_notify(ch->vq);
	return r;
}

int scmi_vio__vs_chan_init(struct scmi_vio_virtio_scmi *vs, struct vs_chan *ch,
			   bool is_rx)
{
	struct scmi_vio_vq_config vc;
	unsigned int num = vs->vdev.queue_num, i;
	size_t msg_off, stride, end;
	uint8_t *ring;
	int r;

	memset(ch, 0, sizeof(*ch));
	ch->vs = vs;
	ch->is_rx = is_rx;
	pthread_mutex_init(&ch->lock, NULL);
	pthread_mutex_init(&ch->pending_lock, NULL);
	completion_init(&ch->sd);
	ch->inited = true;
	ch->max_msg = chan_max_msg(num, is_rx);
	if (!ch->max_msg)
		return -EINVAL;
	ch->budget = vs->complete_budget ? vs->complete_budget : ch->max_msg;
	end = chan_layout(vs->mem_used, num, is_rx, vs->pdu, &ch->ring_off,
			  &msg_off, &stride);
	if (end > vs->vdev.size)
		return -ENOSPC;
	vs->mem_used = end;
	ring = (uint8_t *)vs->vdev.mem + ch->ring_off;
	if (scmi_vio__vs_step_fails())
		return -ENOMEM;
	ch->msgs = calloc(ch->max_msg, sizeof(*ch->msgs));
	if (!ch->msgs)
		return -ENOMEM;
	for (i = 0; i < ch->max_msg; i++) {
		struct vs_msg *m = &ch->msgs[i];
		size_t off = msg_off + (size_t)i * stride;
		uint8_t *buf = (uint8_t *)vs->vdev.mem + off;
		uint64_t gpa = vs->vdev.gpa + off;

		if (!is_rx) {
			m->request = buf;
			m->request_gpa = gpa;
			buf += vs->pdu;
			gpa += vs->pdu;
		}
		m->input = buf;
		m->input_gpa = gpa;
		m->next = ch->free;
		ch->free = m;
		ch->n_free++;
	}
	memset(&vc, 0, sizeof(vc));
	r = scmi_vio_vring_layout(&vc.ring, num, ring, 4);
	if (r)
		return r;
	vc.features = vs->features;
	vc.kick = vs->vdev.kick;
	/* Without an interrupt doorbell (IRQ_NONE) nothing would take an
	 * interrupt, on either queue: neither asks for one, and their polls
	 * need no full barrier. */
	vc.no_interrupts = vs->irq_mode == SCMI_VIO_IRQ_NONE;
	if (scmi_vio__vs_step_fails())
		return -ENOMEM;
	return scmi_vio_vq_create(&vc, &ch->vq);
}

/* Fill the eventq before the device is told it is ready (A10.9). */
int scmi_vio__vs_chan_fill(struct vs_chan *ch)
{
	struct vs_msg *m;
	int r;

	while ((m = ch->free)) {
		ch->free = m->next;
		ch->n_free--;
		r = scmi_vio__vs_feed(ch, m);
		if (r)
			return r;
	}
	return 0;
}

void scmi_vio__vs_chan_fini(struct vs_chan *ch)
{
	if (!ch->inited)
		return;
	scmi_vio_vq_destroy(ch->vq);
	ch->vq = NULL;
	free(ch->msgs);
	ch->msgs = NULL;
	pthread_mutex_destroy(&ch->lock);
	pthread_mutex_destroy(&ch->pending_lock);
	pthread_mutex_destroy(&ch->sd.lock);
	pthread_cond_destroy(&ch->sd.cond);
}

/*
 * Ready (A10.3): the initial reference.  The agent pointer was stored
 * before; the release here pairs with the CAS of sv_ref_get_not_zero() in
 * every entry point, so whoever acquires the channel sees the agent.
 */
void scmi_vio__vs_chan_ready(struct vs_chan *ch)
{
	pthread_mutex_lock(&ch->lock);
	ch->ready = true;
	ch->shutdown_done = NULL;
	ch->worker_ok = true;
	sv_ref_set_release(&ch->users, 1);
	pthread_mutex_unlock(&ch->lock);
}

bool scmi_vio__vs_chan_acquire(struct vs_chan *ch)
{
	if (sv_ref_get_not_zero(&ch->users))
		return true;
	vs_count(ch->vs, acquire_failed);
	return false;
}

/* Whoever drops the last reference ends the channel's life (A10.3). */
void scmi_vio__vs_chan_release(struct vs_chan *ch)
{
	struct vs_completion *c;

	if (!sv_ref_put(&ch->users))
		return;
	pthread_mutex_lock(&ch->lock);
	c = ch->shutdown_done;
	ch->shutdown_done = NULL;
	ch->ready = false;
	pthread_mutex_unlock(&ch->lock);
	if (c)
		completion_signal(c);
}

/*
 * Shutdown (A10.3, L-1..L-5).  The device is broken first, outside the
 * channel lock: breaking under it is the lock-order bug Linux fixed in
 * "Fix virtio channels cleanup on shutdown" (L-4); once broken no buffer is
 * processed again.  Then, under the lock, the completion is installed and
 * the worker can no longer be queued; dropping the initial reference lets
 * the last user (a callback, a poller, the worker) signal it.  When this
 * returns nothing runs on the channel and nothing can start (invariant 8),
 * for every caller: a second or concurrent call waits for the first one's
 * completion (L-14).
 */
void scmi_vio__vs_chan_free(struct vs_chan *ch)
{
	struct scmi_vio_virtio_scmi *vs = ch->vs;

	/* Whoever sees the break below sees this flag too: the fence orders
	 * it before the queues' broken flags; pairs with the fence in
	 * note_broken(). */
	sv_write_once(&vs->breaking, 1);
	sv_smp_wmb();
	scmi_vio_vq_break(vs->tx.vq);
	if (vs->has_rx)
		scmi_vio_vq_break(vs->rx.vq);
	pthread_mutex_lock(&ch->lock);
	if (ch->freeing) {
		pthread_mutex_unlock(&ch->lock);
		completion_wait(&ch->sd);
		return;
	}
	if (!ch->ready) {
		pthread_mutex_unlock(&ch->lock);
		return;
	}
	sv_write_once(&ch->freeing, true);
	ch->shutdown_done = &ch->sd;
	ch->worker_ok = false;
	pthread_mutex_unlock(&ch->lock);
	scmi_vio__vs_chan_release(ch);
	completion_wait(&ch->sd);
}

static void note_broken(struct vs_chan *ch)
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

/* Why a queue stopped: a shutdown broke it, or the device did. */
static int broken_errno(struct scmi_vio_virtio_scmi *vs)
{
	/* As in note_broken(): the broken queue was seen before this. */
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

static void worker_kick(struct scmi_vio_virtio_scmi *vs);

/* Reap one used buffer under the channel lock: 1, 0 or -EIO. */
static int reap(struct vs_chan *ch, struct vs_msg **m)
{
	void *tok = NULL;
	uint32_t len = 0;
	int r;

	r = scmi_vio_vq_get_used(ch->vq, &tok, &len);
	if (r != 1)
		return r;
	*m = tok;
	(*m)->rx_len = len;
	/* Under the queue's ch->lock, like every reap. */
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
			refed |= !__feed(ch, refeed);
			refeed = NULL;
		}
		if (!*left) {
			defer = !scmi_vio_vq_enable_cb(ch->vq) && ch->worker_ok;
			kick = refed && __kick_prepare(ch);
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
				worker_kick(ch->vs);
			}
			scmi_vio__vs_chan_release(ch);
			return defer;
		}
		if (!disabled) {
			scmi_vio_vq_disable_cb(ch->vq);
			disabled = true;
		}
		r = reap(ch, &m);
		if (r == 0) {
			if (scmi_vio_vq_enable_cb(ch->vq)) {
				kick = refed && __kick_prepare(ch);
				pthread_mutex_unlock(&ch->lock);
				/* After the unlock: an inline device may
				 * re-enter the transport (L-10). */
				if (kick)
					(void)scmi_vio_vq_notify(ch->vq);
				scmi_vio__vs_chan_release(ch);
				return false;
			}
			/* Raced in after the last reap: go round again. */
			disabled = false;
		}
		pthread_mutex_unlock(&ch->lock);
		if (r < 0) {
			note_broken(ch);
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

/*
 * The send path (A10.5).  A polled message takes a second user for its
 * poller and records the 64-bit poll position before the chain is added,
 * so a reply can never be used "before" the position (DESIGN.md section 3:
 * the 16-bit index Linux records is ambiguous after 2^16 completions).
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
	/*
	 * A shutdown has begun: fail before touching the ring, so senders
	 * retrying in a loop drain away and the last reference can drop
	 * (they would otherwise keep the count above zero between their
	 * acquire and release, and starve the shutdown).
	 */
	if (sv_read_once(&vs->breaking)) {
		scmi_vio__vs_chan_release(ch);
		return -ENODEV;
	}
	if (len < 4 || len > vs->pdu - 4) {
		scmi_vio__vs_chan_release(ch);
		return -EMSGSIZE;
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
		kick = __kick_prepare(ch);
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

static void worker_kick(struct scmi_vio_virtio_scmi *vs)
{
	pthread_mutex_lock(&vs->wlock);
	vs->work = true;
	pthread_cond_signal(&vs->wcond);
	pthread_mutex_unlock(&vs->wlock);
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
	if (!moved && !scmi_vio_vq_is_broken(ch->vq))
		return 0;
	/* Most likely our reply, which the device has just written: start
	 * that miss while the lock and the reap run.  A hint only. */
	sv_prefetch(msg->input);
	/* No channel, or a broken ring: end the poll now, never a hang
	 * (L-2). */
	if (!scmi_vio__vs_chan_acquire(ch))
		return poll_end(msg, -ENODEV);
	if (!moved) {
		/* Broken (a queue never leaves that state). */
		note_broken(ch);
		scmi_vio__vs_chan_release(ch);
		return poll_end(msg, broken_errno(vs));
	}
	pthread_mutex_lock(&ch->lock);
	scmi_vio_vq_disable_cb(ch->vq);
	while ((r = reap(ch, &m)) == 1) {
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
		note_broken(ch);
	if (queue)
		worker_kick(vs);
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

	if (!scmi_vio__vs_complete(&vs->tx) && vs->has_rx)
		(void)scmi_vio__vs_complete(&vs->rx);
}
