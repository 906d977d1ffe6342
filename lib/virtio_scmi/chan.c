// SPDX-License-Identifier: BSD-3-Clause
/*
 * Channel lifecycle of the virtio-scmi transport: the memory window's
 * carving, the channel refcount and its completion-based shutdown, and
 * offering event buffers.  The completion path and the worker are
 * complete.c, send/poll/txdone send.c, the message pool msg_pool.c.
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
bool __scmi_vio__vs_kick_prepare(struct vs_chan *ch)
{
	return ch->vs->vdev.kick && scmi_vio_vq_kick_prepare(ch->vq);
}

/* Offer an eventq buffer to the device; the caller holds ch->lock. */
int __scmi_vio__vs_feed(struct vs_chan *ch, struct vs_msg *m)
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
	r = __scmi_vio__vs_feed(ch, m);
	kick = !r && __scmi_vio__vs_kick_prepare(ch);
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
	if (scmi_vio__vs_step_fails(vs))
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
	if (scmi_vio__vs_step_fails(vs))
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
	 * scmi_vio__vs_note_broken(). */
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
