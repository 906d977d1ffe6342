// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform as a virtio-scmi device (platform_dev.h).
 *
 * Theory of operation.
 *
 * One service round, under dev->lock:
 *  1. cmdq: pop up to @budget chains.  Each gets a preallocated slot (one
 *     per queue entry, so slots never run out before the queue does) holding
 *     a private copy of the request, the response, and the chain's iovecs.
 *     The request is copied once out of guest memory and only the copy is
 *     parsed (V-18); a chain too short to carry a header or an 8-byte
 *     response goes back with used length 0 (V-19).  The platform core
 *     builds the response; the fault plan may then alter it, hold it back
 *     (park) or drop it.  Replies ready this round are listed in arrival
 *     order.
 *  2. Parked replies whose round came (or whose delayed response left) join
 *     the ready list.
 *  3. Ready replies are written into guest memory and pushed, in arrival
 *     order or, with out_of_order, in reverse; the outbox learns which
 *     replies of async commands went out this round.
 * Outside the lock the cmdq interrupt is rung if needed: an inline doorbell
 * may call straight back into the driver, which may kick us inline (L-10).
 * Only then are those commands' delayed responses published, so a reply
 * and its interrupt always precede the delayed response (Linux logs "OoO
 * Delayed Response" otherwise); the DRESP_FIRST fault reverses it.  Then,
 * under the lock again:
 *  4. eventq: while the outbox has messages ready, pop an eventq buffer and
 *     fill it.  No buffer: the messages wait (delayed responses are never
 *     dropped; the outbox coalesces or drops notifications).
 * and outside it the eventq interrupt.
 *
 * The work budget bounds each round (V-21); the thread (start()) loops
 * rounds until one finds nothing, then re-enables kicks, re-checks, and
 * waits.  Nothing allocates after create.
 *
 * Fatal errors: a queue the guest broke, an interrupt doorbell
 * whose reader is gone, a kick doorbell that fails.  None of them clears,
 * so serving on would either do nothing for ever (a parked thread nobody
 * hears of) or spin on an fd that is always "ready".  The first one is
 * latched in @error and handed to the embedder's callback, once; the
 * thread then ends.  stop() still joins it.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/platform_dev.h>
#include <scmi_vio/vq_device.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "common/log.h"
#include "common/thread_name.h"
#include "platform/fault.h"
#include "platform/platform_internal.h"

#define DEV_MAX_IOV 8
/* Wait between rounds while work is deferred to a later round. */
#define DEV_DEFERRED_WAIT_NS 1000000

enum slot_hold {
	HOLD_NONE, /* ready or free */
	HOLD_ROUND, /* until round >= release */
	HOLD_NEXT, /* until another reply is ready, or round >= release */
	HOLD_DRESP, /* until the command's delayed response has left */
	HOLD_FOREVER, /* dropped: the buffer stays the device's */
};

struct dev_slot {
	struct scmi_vio_chain chain;
	struct iovec iov[DEV_MAX_IOV];
	uint8_t *req; /* 4 + max_payload bytes */
	uint8_t *resp; /* 8 + max_payload bytes */
	uint32_t resp_len; /* bytes of resp to write */
	uint32_t used_len; /* used length to report */
	uint32_t hdr; /* the command header (HOLD_DRESP) */
	bool held; /* the outbox holds its delayed response for this reply */
	enum slot_hold hold;
	uint64_t release; /* round (HOLD_ROUND, HOLD_NEXT) */
	struct dev_slot *next; /* free list or parked list */
};

struct scmi_vio_platform_dev {
	/*
	 * Serializes service rounds: protects both queues, the slots, the
	 * lists, the fault state and the counters below.
	 */
	pthread_mutex_t lock;
	struct scmi_vio_platform *plat;
	uint32_t agent; /* whose commands arrive here (1..n_agents) */
	struct scmi_vio_vqd *cmdq;
	struct scmi_vio_vqd *evq; /* NULL without P2A */
	struct scmi_vio_doorbell *cmdq_irq;
	struct scmi_vio_doorbell *evq_irq;
	unsigned int budget;
	bool out_of_order;
	size_t max_payload;

	struct dev_slot *slots;
	unsigned int n_slots;
	uint8_t *slot_mem;
	struct dev_slot *free;
	struct dev_slot *parked; /* in arrival order */
	struct dev_slot **ready; /* this round's replies, n_ready of them */
	unsigned int n_ready;

	uint8_t *dup; /* DUP_REPLY: the reply to copy into the next buffer */
	uint32_t dup_len;
	bool dup_pending;
	uint8_t *evbuf; /* one outbox message */
	struct iovec ev_iov[DEV_MAX_IOV];
	uint64_t seq; /* commands seen on the cmdq */
	uint64_t round;
	uint64_t withhold_until; /* no eventq buffer used before this round */
	struct plat_fault fault;
	struct scmi_vio_platform_dev_stats stats;

	/* Fatal errors: the embedder's callback and the first error. */
	void (*on_error)(void *arg, int err);
	void *on_error_arg;
	int error; /* ATOMIC: 0, or the first fatal error (latched) */

	/* Thread mode. */
	/*
	 * Protects thread, started, kick and wake: start() and stop() hold it for
	 * their whole run, so a second or concurrent stop() returns only once
	 * the thread has been joined (L-14).  The thread never takes it.
	 */
	pthread_mutex_t life_lock;
	pthread_t thread;
	bool started;
	int stop; /* ATOMIC: set by stop(), read by the thread */
	struct scmi_vio_doorbell *kick;
	struct scmi_vio_doorbell *evq_kick; /* NULL: @kick serves both */
	/* What stop() and other agents ring: @kick, or with per-queue kicks
	 * an eventfd of ours (the driver's kick fds may be read-only). */
	struct scmi_vio_doorbell *wake;
};

/*
 * Latch the first fatal error and tell the embedder, outside the device
 * lock (the callback may read stats).  Later errors are only counted.
 */
static void dev_fail(struct scmi_vio_platform_dev *dev, int err)
{
	int none = 0;

	/* Orders nothing else: the callback and error() read only @error. */
	if (!sv_cmpxchg(&dev->error, &none, err))
		return;
	scmi_vio__log(SCMI_VIO_LOG_ERROR, "broken",
		      "platform device %p: fatal error %d", (void *)dev, err);
	if (dev->on_error)
		dev->on_error(dev->on_error_arg, err);
}

static void slot_free(struct scmi_vio_platform_dev *dev, struct dev_slot *s)
{
	s->hold = HOLD_NONE;
	s->next = dev->free;
	dev->free = s;
}

static void park(struct scmi_vio_platform_dev *dev, struct dev_slot *s,
		 enum slot_hold hold, uint64_t release)
{
	struct dev_slot **p = &dev->parked;

	s->hold = hold;
	s->release = release;
	s->next = NULL;
	while (*p)
		p = &(*p)->next;
	*p = s;
}

/* A reply is ready; replies parked "until the next one" follow it. */
static void make_ready(struct scmi_vio_platform_dev *dev, struct dev_slot *s)
{
	struct dev_slot **p = &dev->parked, *q;

	dev->ready[dev->n_ready++] = s;
	while ((q = *p)) {
		if (q->hold == HOLD_NEXT && q != s) {
			*p = q->next;
			q->hold = HOLD_NONE;
			dev->ready[dev->n_ready++] = q;
		} else {
			p = &q->next;
		}
	}
}

static void release_parked(struct scmi_vio_platform_dev *dev)
{
	struct dev_slot **p = &dev->parked, *q;
	bool go;

	while ((q = *p)) {
		if (q->hold == HOLD_DRESP)
			go = !scmi_vio__outbox_has_delayed(dev->plat,
							   dev->agent, q->hdr);
		else
			go = q->hold != HOLD_FOREVER &&
			     dev->round >= q->release;
		if (go) {
			*p = q->next;
			q->hold = HOLD_NONE;
			dev->ready[dev->n_ready++] = q;
		} else {
			p = &q->next;
		}
	}
}

/* Header faults: alter the reply's header word in place. */
static void alter_header(struct dev_slot *s, enum scmi_vio_fault_kind kind,
			 uint32_t arg)
{
	uint32_t h = sv_get_le32(s->resp);

	switch (kind) {
	case SCMI_VIO_FAULT_WRONG_TOKEN:
		h ^= 0x200u << SCMI_VIO_HDR_TOKEN_SHIFT;
		break;
	case SCMI_VIO_FAULT_WRONG_PROTO:
		h ^= 0x1u << SCMI_VIO_HDR_PROTO_SHIFT;
		break;
	case SCMI_VIO_FAULT_WRONG_MSG_ID:
		h ^= 0x1u << SCMI_VIO_HDR_ID_SHIFT;
		break;
	case SCMI_VIO_FAULT_CORRUPT_HDR:
		h |= (arg & 0xf ? arg & 0xf : 1) << 28;
		break;
	default:
		return;
	}
	sv_put_le32(s->resp, h);
}

/* Apply the fault the command drew; the reply is in s->resp. */
static void apply_fault(struct scmi_vio_platform_dev *dev, struct dev_slot *s,
			enum scmi_vio_fault_kind kind, uint32_t arg)
{
	static const uint8_t ok[4];

	alter_header(s, kind, arg);
	switch (kind) {
	case SCMI_VIO_FAULT_DROP_REPLY:
		/* No reply will precede the delayed response: send it. */
		if (s->held)
			scmi_vio__outbox_release(dev->plat, dev->agent, s->hdr);
		park(dev, s, HOLD_FOREVER, 0);
		return;
	case SCMI_VIO_FAULT_DELAY:
		park(dev, s, HOLD_ROUND, dev->round + (arg ? arg : 1));
		return;
	case SCMI_VIO_FAULT_REORDER:
		park(dev, s, HOLD_NEXT, dev->round + 1);
		return;
	case SCMI_VIO_FAULT_DRESP_FIRST:
		/* The one way to the reversed order (S-6). */
		if (s->held)
			scmi_vio__outbox_release(dev->plat, dev->agent, s->hdr);
		park(dev, s, HOLD_DRESP, 0);
		return;
	case SCMI_VIO_FAULT_DUP_REPLY:
		memcpy(dev->dup, s->resp, s->resp_len);
		dev->dup_len = s->resp_len;
		dev->dup_pending = true;
		break;
	case SCMI_VIO_FAULT_SHORT_LEN:
		if (arg < s->used_len)
			s->used_len = arg;
		break;
	case SCMI_VIO_FAULT_LONG_LEN:
		s->used_len = s->chain.write_bytes;
		break;
	case SCMI_VIO_FAULT_UNSOLICITED:
		/* Full outbox or P2A off: nothing to send; still counted. */
		(void)scmi_vio__outbox_inject_delayed(dev->plat, dev->agent,
						      s->hdr, ok, sizeof(ok));
		break;
	case SCMI_VIO_FAULT_NOTIF_STORM:
		scmi_vio__outbox_inject_storm(dev->plat, dev->agent, arg);
		break;
	case SCMI_VIO_FAULT_WITHHOLD_EVQ:
		dev->withhold_until = dev->round + arg;
		break;
	default:
		break;
	}
	make_ready(dev, s);
}

static void handle_cmd(struct scmi_vio_platform_dev *dev, struct dev_slot *s)
{
	const struct scmi_vio_chain *c = &s->chain;
	enum scmi_vio_fault_kind kind;
	size_t copy, wcap;
	uint32_t arg = 0;
	int n;

	dev->stats.commands++;
	s->resp_len = 0;
	s->used_len = 0;
	s->held = false;
	if (c->read_bytes < 4 || c->write_bytes < 8) {
		/* V-19: no header to answer, or no room for hdr + status. */
		dev->stats.short_chains++;
		scmi_vio__base_error_event(dev->plat, dev->agent);
		make_ready(dev, s);
		return;
	}
	if (dev->dup_pending) {
		/* DUP_REPLY: this buffer carries the previous reply again. */
		dev->dup_pending = false;
		wcap = c->write_bytes < dev->dup_len ? c->write_bytes :
						       dev->dup_len;
		memcpy(s->resp, dev->dup, wcap);
		s->resp_len = s->used_len = (uint32_t)wcap;
		make_ready(dev, s);
		return;
	}
	/* V-18: one copy out of guest memory; only the copy is parsed. */
	copy = c->read_bytes < 4 + dev->max_payload ? c->read_bytes :
						      4 + dev->max_payload;
	scmi_vio_iov_to_buf(s->iov, c->n_read, s->req, copy);
	s->hdr = sv_get_le32(s->req);
	kind = SCMI_VIO_FAULT_NONE;
	if (scmi_vio__fault_armed(&dev->fault))
		kind = scmi_vio__fault_pick(&dev->fault, s->hdr, dev->seq,
					    &arg);
	dev->seq++;
	if (kind == SCMI_VIO_FAULT_NO_REPLY) {
		make_ready(dev, s);
		return;
	}
	wcap = c->write_bytes < 8 + dev->max_payload ? c->write_bytes :
						       8 + dev->max_payload;
	n = scmi_vio__platform_dispatch(dev->plat, dev->agent, s->req,
					c->read_bytes, copy, s->resp, wcap,
					&s->held);
	/* n >= 8: a header was read and hdr + status fit (checked above). */
	s->resp_len = s->used_len = (uint32_t)n;
	apply_fault(dev, s, kind, arg);
}

/* Pop and handle cmdq chains; returns chains taken or -EIO. */
static int serve_cmdq(struct scmi_vio_platform_dev *dev)
{
	struct dev_slot *s;
	unsigned int done = 0;
	int ret;

	while (done < dev->budget && dev->free) {
		s = dev->free;
		ret = scmi_vio_vqd_pop(dev->cmdq, &s->chain, s->iov,
				       DEV_MAX_IOV);
		if (ret == 0 || ret == -EBUSY)
			return (int)done;
		if (ret == -EIO)
			return -EIO;
		done++;
		if (ret < 0) {
			/* Consumed and completed by the queue (V-22). */
			dev->stats.bad_chains++;
			scmi_vio__base_error_event(dev->plat, dev->agent);
			continue;
		}
		dev->free = s->next;
		handle_cmd(dev, s);
	}
	if (done == dev->budget)
		dev->stats.budget_exhausted++;
	return (int)done;
}

/* Fill eventq buffers from the outbox; returns buffers used or -EIO. */
static int serve_eventq(struct scmi_vio_platform_dev *dev)
{
	struct scmi_vio_chain c;
	unsigned int done = 0;
	size_t cap;
	int ret, n;

	if (!dev->evq || dev->round < dev->withhold_until)
		return 0;
	/* The lock-free hint: an idle round takes no platform lock. */
	while (done < dev->budget &&
	       scmi_vio__outbox_hint(dev->plat, dev->agent)) {
		ret = scmi_vio_vqd_pop(dev->evq, &c, dev->ev_iov, DEV_MAX_IOV);
		if (ret == 0 || ret == -EBUSY)
			break;
		if (ret == -EIO)
			return -EIO;
		done++;
		if (ret < 0) {
			dev->stats.bad_chains++;
			continue;
		}
		cap = scmi_vio_platform_event_max(dev->plat);
		if (c.write_bytes < cap)
			cap = c.write_bytes;
		n = c.n_read ? -EINVAL :
			       scmi_vio__outbox_pop(dev->plat, dev->agent,
						    dev->evbuf, cap);
		if (n <= 0) {
			/* Readable or too small: hand it back unused. */
			dev->stats.eventq_bad++;
			ret = scmi_vio_vqd_push(dev->evq, c.head, 0);
		} else {
			scmi_vio_iov_from_buf(dev->ev_iov, c.n_write,
					      dev->evbuf, (size_t)n);
			ret = scmi_vio_vqd_push(dev->evq, c.head, (uint32_t)n);
			dev->stats.events++;
		}
		if (ret == -EIO)
			return -EIO;
	}
	return (int)done;
}

/* Push the ready replies; *@held: some async command's reply went out. */
static int push_ready(struct scmi_vio_platform_dev *dev, bool *held)
{
	struct dev_slot *s;
	unsigned int i;
	int ret = 0;

	*held = false;
	for (i = 0; i < dev->n_ready; i++) {
		s = dev->ready[dev->out_of_order ? dev->n_ready - 1 - i : i];
		if (s->resp_len)
			scmi_vio_iov_from_buf(s->iov + s->chain.n_read,
					      s->chain.n_write, s->resp,
					      s->resp_len);
		if (scmi_vio_vqd_push(dev->cmdq, s->chain.head, s->used_len) ==
		    -EIO)
			ret = -EIO;
		else if (s->resp_len)
			dev->stats.replies++;
		if (s->held) {
			/* Published after the interrupt (service()). */
			scmi_vio__outbox_replied(dev->plat, dev->agent, s->hdr,
						 dev->round);
			*held = true;
		}
		slot_free(dev, s);
	}
	dev->n_ready = 0;
	return ret;
}

/* Ring an interrupt doorbell; a failure is fatal (its reader is gone). */
static int ring_irq(struct scmi_vio_platform_dev *dev,
		    struct scmi_vio_doorbell *irq)
{
	int r = scmi_vio_doorbell_ring(irq);

	if (r < 0) {
		/* Rung outside the lock; the counter is under it. */
		pthread_mutex_lock(&dev->lock);
		dev->stats.irq_errors++;
		pthread_mutex_unlock(&dev->lock);
	}
	return r;
}

/*
 * Whether the eventq must be kicked for: only while the outbox waits for
 * buffers there (with nothing to send, a buffer the driver adds needs no
 * wake-up).  Under dev->lock, after this round's pushes; a message another
 * agent queues later rings our wake doorbell (scmi_vio__agent_set_waker()).
 * Return: true when it is safe to sleep as far as the eventq goes.
 */
static bool arm_eventq(struct scmi_vio_platform_dev *dev)
{
	if (!dev->evq || !scmi_vio__outbox_pending(dev->plat, dev->agent))
		return true;
	return scmi_vio_vqd_enable_notify(dev->evq);
}

/*
 * One service round.  With @arm it also ends as arm() would, in the same
 * locked sections: a queue its round drained (it stopped short of the
 * budget) is re-armed at once, which spares the empty round that would
 * only find it empty, and the lock arm() would take again.
 * Return: as service(), or with @arm as step().
 */
static int dev_round(struct scmi_vio_platform_dev *dev, bool arm)
{
	bool irq_cmd = false, irq_ev = false, held, more = false;
	int cmd, ev = 0, pushed, r, ret = 0;
	uint64_t round;

	pthread_mutex_lock(&dev->lock);
	round = ++dev->round;
	dev->stats.rounds++;
	cmd = serve_cmdq(dev);
	release_parked(dev);
	pushed = push_ready(dev, &held);
	/* A queue without an interrupt doorbell (a polling driver) is never
	 * notified: no decision, and none of its full barrier. */
	if (cmd >= 0 && pushed >= 0) {
		irq_cmd = dev->cmdq_irq && scmi_vio_vqd_need_notify(dev->cmdq);
		dev->stats.irqs += irq_cmd;
		/* enable_notify() issues arm()'s full barrier (pairs with
		 * the driver's in its kick_prepare()); it is false also for
		 * a broken queue, which the next round reports. */
		if (arm)
			more = (unsigned int)cmd == dev->budget ||
			       !scmi_vio_vqd_enable_notify(dev->cmdq);
	}
	pthread_mutex_unlock(&dev->lock);

	if (irq_cmd && (r = ring_irq(dev, dev->cmdq_irq)) < 0)
		ret = r;
	/* The replies and their interrupt are out: their delayed responses
	 * may follow (another round's service() may send them first). */
	if (held)
		scmi_vio__outbox_publish(dev->plat, dev->agent, round);

	/*
	 * Nothing for the eventq (no eventq, or an empty outbox: the hint,
	 * read after our own publish above): serve_eventq() would pop and
	 * push nothing, need_notify() would find nothing pushed and ring
	 * nothing, arm_eventq() would find nothing waiting, and a round with
	 * no error counts nothing here, so skip the second locked section.
	 * A message queued after this read is like one queued just after the
	 * locked read: its producer wakes us.
	 */
	if (!ret && cmd >= 0 && pushed >= 0 &&
	    (!dev->evq || !scmi_vio__outbox_hint(dev->plat, dev->agent)))
		return arm ? (int)more : cmd;

	pthread_mutex_lock(&dev->lock);
	if (cmd >= 0 && pushed >= 0) {
		ev = serve_eventq(dev);
		if (ev >= 0) {
			irq_ev = dev->evq && dev->evq_irq &&
				 scmi_vio_vqd_need_notify(dev->evq);
			dev->stats.irqs += irq_ev;
		}
		if (arm && !more && ev >= 0)
			more = (unsigned int)ev == dev->budget ||
			       !arm_eventq(dev);
	}
	if (cmd < 0 || pushed < 0 || ev < 0) {
		dev->stats.broken++;
		ret = -EIO;
	}
	pthread_mutex_unlock(&dev->lock);

	if (irq_ev && (r = ring_irq(dev, dev->evq_irq)) < 0 && !ret)
		ret = r;
	if (ret < 0) {
		dev_fail(dev, ret);
		return ret;
	}
	return arm ? (int)more : cmd + ev;
}

int scmi_vio_platform_dev_service(struct scmi_vio_platform_dev *dev)
{
	return dev_round(dev, false);
}

/* One step per call, so the thread looks at stop() between rounds however
 * fast the driver adds. */
int scmi_vio_platform_dev_step(struct scmi_vio_platform_dev *dev)
{
	return dev_round(dev, true);
}

bool scmi_vio_platform_dev_has_deferred(struct scmi_vio_platform_dev *dev)
{
	const struct dev_slot *s;
	bool deferred;

	pthread_mutex_lock(&dev->lock);
	deferred = dev->round < dev->withhold_until;
	/* HOLD_DRESP waits for an eventq buffer, which comes with a kick. */
	for (s = dev->parked; s && !deferred; s = s->next)
		deferred = s->hold == HOLD_ROUND || s->hold == HOLD_NEXT;
	pthread_mutex_unlock(&dev->lock);
	return deferred;
}

/* Re-enable kicks and re-check (the enable race, docs/architecture.md
 * section 4). */
bool scmi_vio_platform_dev_arm(struct scmi_vio_platform_dev *dev)
{
	bool idle;

	pthread_mutex_lock(&dev->lock);
	/* Each enable_notify() issues the full barrier between publishing
	 * avail_event (or clearing NO_NOTIFY) and re-reading avail.idx; it
	 * pairs with the driver's barrier in its kick_prepare(). */
	idle = scmi_vio_vqd_enable_notify(dev->cmdq) && arm_eventq(dev);
	pthread_mutex_unlock(&dev->lock);
	return idle;
}

/*
 * Per-queue kicks: wait for either queue's kick or the wake doorbell and
 * consume what rang.  Return: 1 rung, 0 timed out or interrupted, or the
 * failing doorbell's error (a kick fd that fails once fails for ever).
 */
static int wait_kicks(struct scmi_vio_platform_dev *dev, int64_t timeout_ns)
{
	struct scmi_vio_doorbell *db[3] = { dev->kick, dev->evq_kick,
					    dev->wake };
	struct pollfd p[3];
	int i, r, ms;

	if (!dev->evq_kick)
		return scmi_vio_doorbell_wait(dev->kick, timeout_ns);
	for (i = 0; i < 3; i++)
		p[i] = (struct pollfd){ scmi_vio_doorbell_fd(db[i]), POLLIN,
					0 };
	ms = timeout_ns < 0 ? -1 : (int)((timeout_ns + 999999) / 1000000);
	r = poll(p, 3, ms);
	if (r <= 0)
		return r < 0 && errno != EINTR ? -errno : 0;
	for (i = 0; i < 3; i++) {
		if (!p[i].revents)
			continue;
		/* Readable, end of file or an error: the doorbell says. */
		r = scmi_vio_doorbell_wait(db[i], 0);
		if (r < 0)
			return r;
	}
	return 1;
}

static void *dev_thread(void *arg)
{
	struct scmi_vio_platform_dev *dev = arg;
	int64_t timeout;
	int n;

	sv_thread_name("scmi-vio-dev");
	/* Pairs with the store in stop(); the kick it rings ends any wait. */
	while (!sv_load_acquire(&dev->stop)) {
		n = scmi_vio_platform_dev_step(dev);
		if (n > 0)
			continue;
		if (n < 0)
			break; /* fatal, reported by service() */
		timeout = scmi_vio_platform_dev_has_deferred(dev) ?
				  DEV_DEFERRED_WAIT_NS :
				  -1;
		n = wait_kicks(dev, timeout);
		if (n < 0) {
			/* A kick fd that fails once fails for ever. */
			dev_fail(dev, n);
			break;
		}
	}
	return NULL;
}

int scmi_vio_platform_dev_start(struct scmi_vio_platform_dev *dev,
				struct scmi_vio_doorbell *kick)
{
	int ret = 0;

	if (!dev || !kick ||
	    scmi_vio_doorbell_kind(kick) == SCMI_VIO_DOORBELL_INLINE ||
	    (dev->evq_kick && scmi_vio_doorbell_fd(kick) < 0))
		return -EINVAL;
	pthread_mutex_lock(&dev->life_lock);
	if (dev->started) {
		ret = -EBUSY;
		goto out;
	}
	dev->kick = kick;
	dev->wake = kick;
	if (dev->evq_kick) {
		ret = scmi_vio_doorbell_eventfd_create(-1, &dev->wake);
		if (ret)
			goto out;
	}
	sv_write_once(&dev->stop, 0);
	ret = -pthread_create(&dev->thread, NULL, dev_thread, dev);
	dev->started = !ret;
	/* Other agents' commands may queue notifications for us. */
	if (dev->started)
		scmi_vio__agent_set_waker(dev->plat, dev->agent, dev->wake,
					  NULL);
	else if (dev->wake != kick)
		scmi_vio_doorbell_destroy(dev->wake);
out:
	pthread_mutex_unlock(&dev->life_lock);
	return ret;
}

void scmi_vio_platform_dev_stop(struct scmi_vio_platform_dev *dev)
{
	if (!dev)
		return;
	pthread_mutex_lock(&dev->life_lock);
	if (dev->started) {
		/* Pairs with the acquire in dev_thread(): seen after the
		 * kick.  A kick that fails finds the thread gone already. */
		scmi_vio__agent_set_waker(dev->plat, dev->agent, NULL,
					  dev->wake);
		sv_store_release(&dev->stop, 1);
		(void)scmi_vio_doorbell_ring(dev->wake);
		pthread_join(dev->thread, NULL);
		if (dev->wake != dev->kick)
			scmi_vio_doorbell_destroy(dev->wake);
		dev->wake = NULL;
		dev->started = false;
	}
	pthread_mutex_unlock(&dev->life_lock);
}

int scmi_vio_platform_dev_error(struct scmi_vio_platform_dev *dev)
{
	return sv_read_once(&dev->error);
}

void scmi_vio_platform_dev_next_avail(struct scmi_vio_platform_dev *dev,
				      uint16_t *cmdq, uint16_t *eventq)
{
	/* The queues' calls are serialized by dev->lock (a round may run). */
	pthread_mutex_lock(&dev->lock);
	*cmdq = scmi_vio_vqd_next_avail(dev->cmdq);
	if (eventq)
		*eventq = dev->evq ? scmi_vio_vqd_next_avail(dev->evq) : 0;
	pthread_mutex_unlock(&dev->lock);
}

void scmi_vio_platform_dev_get_stats(struct scmi_vio_platform_dev *dev,
				     struct scmi_vio_platform_dev_stats *st)
{
	pthread_mutex_lock(&dev->lock);
	*st = dev->stats;
	pthread_mutex_unlock(&dev->lock);
}

uint64_t scmi_vio_platform_dev_fault_count(struct scmi_vio_platform_dev *dev,
					   enum scmi_vio_fault_kind kind)
{
	return scmi_vio__fault_count(&dev->fault, kind);
}

void scmi_vio_platform_dev_destroy(struct scmi_vio_platform_dev *dev)
{
	struct dev_slot *s;

	if (!dev)
		return;
	scmi_vio_platform_dev_stop(dev);
	/* Replies never sent no longer hold their delayed responses: the
	 * platform outlives us and must not keep their slots. */
	for (s = dev->parked; s; s = s->next)
		if (s->held)
			scmi_vio__outbox_release(dev->plat, dev->agent, s->hdr);
	pthread_mutex_destroy(&dev->life_lock);
	scmi_vio_vqd_destroy(dev->cmdq);
	scmi_vio_vqd_destroy(dev->evq);
	free(dev->slots);
	free(dev->slot_mem);
	free(dev->ready);
	free(dev->dup);
	free(dev->evbuf);
	pthread_mutex_destroy(&dev->lock);
	free(dev);
}

static int make_queue(const struct scmi_vio_platform_dev_config *cfg,
		      const struct scmi_vio_vring_gpa *q, uint16_t start,
		      struct scmi_vio_vqd **out)
{
	const struct scmi_vio_vqd_config vc = {
		.ring = *q,
		.gmem = cfg->gmem,
		.features = cfg->features,
		.start_idx = start,
	};

	return scmi_vio_vqd_create(&vc, out);
}

static int alloc_slots(struct scmi_vio_platform_dev *dev, unsigned int n)
{
	size_t per = (4 + dev->max_payload) + (8 + dev->max_payload);
	unsigned int i;

	dev->slots = calloc(n, sizeof(*dev->slots));
	dev->slot_mem = calloc(n, per);
	dev->ready = calloc(n, sizeof(*dev->ready));
	dev->dup = malloc(8 + dev->max_payload);
	dev->evbuf = malloc(4 + dev->max_payload);
	if (!dev->slots || !dev->slot_mem || !dev->ready || !dev->dup ||
	    !dev->evbuf)
		return -ENOMEM;
	dev->n_slots = n;
	for (i = n; i-- > 0;) {
		dev->slots[i].req = dev->slot_mem + (size_t)i * per;
		dev->slots[i].resp = dev->slots[i].req + 4 + dev->max_payload;
		slot_free(dev, &dev->slots[i]);
	}
	return 0;
}

int scmi_vio_platform_dev_create(const struct scmi_vio_platform_dev_config *cfg,
				 struct scmi_vio_platform_dev **out)
{
	struct scmi_vio_platform_dev *dev;
	bool p2a;
	int ret;

	if (!cfg || !out || !cfg->plat || !cfg->gmem ||
	    cfg->agent_id > cfg->plat->n_agents ||
	    !(cfg->features & 1ull << SCMI_VIO_F_VERSION_1) ||
	    (cfg->features & ~(uint64_t)SCMI_VIO_PLAT_DEV_FEATURES))
		return -EINVAL;
	p2a = cfg->features & 1ull << SCMI_VIO_F_P2A_CHANNELS;
	if (cfg->eventq_kick &&
	    (!p2a || scmi_vio_doorbell_fd(cfg->eventq_kick) < 0))
		return -EINVAL;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	ret = -pthread_mutex_init(&dev->lock, NULL);
	if (ret) {
		free(dev);
		return ret;
	}
	ret = -pthread_mutex_init(&dev->life_lock, NULL);
	if (ret) {
		pthread_mutex_destroy(&dev->lock);
		free(dev);
		return ret;
	}
	dev->on_error = cfg->on_error;
	dev->on_error_arg = cfg->on_error_arg;
	dev->plat = cfg->plat;
	dev->agent = cfg->agent_id ? cfg->agent_id : cfg->plat->agent_id;
	dev->max_payload = scmi_vio_platform_event_max(cfg->plat) - 4;
	dev->cmdq_irq = cfg->cmdq_irq;
	dev->evq_irq = cfg->eventq_irq;
	dev->evq_kick = cfg->eventq_kick;
	dev->out_of_order = cfg->out_of_order;
	dev->budget = cfg->budget ? cfg->budget : cfg->cmdq.num;
	ret = scmi_vio__fault_init(&dev->fault, cfg->faults);
	if (!ret)
		ret = make_queue(cfg, &cfg->cmdq, cfg->cmdq_start, &dev->cmdq);
	if (!ret && p2a)
		ret = make_queue(cfg, &cfg->eventq, cfg->eventq_start,
				 &dev->evq);
	if (!ret)
		ret = alloc_slots(dev, cfg->cmdq.num);
	if (ret) {
		scmi_vio_platform_dev_destroy(dev);
		return ret;
	}
	/* Without P2A channels nothing async or notifying is offered. */
	scmi_vio__platform_set_p2a(cfg->plat, p2a);
	*out = dev;
	return 0;
}
