// SPDX-License-Identifier: BSD-3-Clause
/*
 * Raw mode (docs/linux-notes.md A8).  The exchange reuses the core's transfers,
 * tokens, state machine and judge; a caller token already in flight is
 * -EAGAIN, and free again when the exchange returns.  Replies are handed
 * back as received.  Notifications, delayed responses nobody waits for,
 * and unexpected, late or invalid messages are copied into three
 * preallocated circular queues (overwrite the oldest, as Linux does) while
 * raw mode is enabled.  A device reported lost ends the reads of an
 * empty queue with its errno (entries already queued are still read).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "scmi/agent.h"
#include <scmi_vio/scmi_raw.h>

#define SV_RAW_QUEUES 3u

struct sv_rawq {
	/* Protects every field below; cond signals a new entry. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint8_t *mem; /* depth entries of entry_size bytes */
	size_t *lens;
	unsigned int head, count;
	sv_atomic_u64 dropped; /* ATOMIC (written under lock) */
};

struct sv_raw {
	unsigned int enabled; /* ATOMIC */
	unsigned int depth;
	size_t entry_size; /* 8 + max payload */
	struct sv_rawq q[SV_RAW_QUEUES];
};

static int rawq_init(struct sv_rawq *q, unsigned int depth, size_t esz)
{
	pthread_condattr_t ca;

	q->mem = calloc(depth, esz);
	q->lens = calloc(depth, sizeof(*q->lens));
	if (!q->mem || !q->lens) {
		free(q->mem);
		free(q->lens);
		return -ENOMEM;
	}
	pthread_mutex_init(&q->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&q->cond, &ca);
	pthread_condattr_destroy(&ca);
	return 0;
}

static void rawq_fini(struct sv_rawq *q)
{
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond);
	free(q->mem);
	free(q->lens);
}

int scmi_vio__raw_init(struct scmi_vio_agent *a, unsigned int depth)
{
	struct sv_raw *r = calloc(1, sizeof(*r));
	unsigned int i;

	if (!r)
		return -ENOMEM;
	r->depth = depth;
	r->entry_size = a->max_payload + 8;
	for (i = 0; i < SV_RAW_QUEUES; i++) {
		if (rawq_init(&r->q[i], depth, r->entry_size)) {
			while (i--)
				rawq_fini(&r->q[i]);
			free(r);
			return -ENOMEM;
		}
	}
	a->raw = r;
	return 0;
}

void scmi_vio__raw_fini(struct scmi_vio_agent *a)
{
	unsigned int i;

	for (i = 0; i < SV_RAW_QUEUES; i++)
		rawq_fini(&a->raw->q[i]);
	free(a->raw);
	a->raw = NULL;
}

void scmi_vio_raw_enable(struct scmi_vio_agent *a, bool on)
{
	sv_write_once(&a->raw->enabled, on ? 1u : 0u);
}

/*
 * Append @hn bytes of @head (header, and status if any) then @len of
 * @payload, overwriting the oldest entry when full.
 */
static void rawq_push(struct sv_raw *r, struct sv_rawq *q, const uint8_t *head,
		      size_t hn, const void *payload, size_t len)
{
	size_t max = r->entry_size;
	uint8_t *e;

	pthread_mutex_lock(&q->lock);
	if (q->count == r->depth) {
		q->head = (q->head + 1) % r->depth;
		q->count--;
		sv_write_once(&q->dropped, q->dropped + 1);
	}
	e = q->mem + (size_t)((q->head + q->count) % r->depth) * max;
	memcpy(e, head, hn);
	if (len > max - hn)
		len = max - hn;
	if (len)
		memcpy(e + hn, payload, len);
	q->lens[(q->head + q->count) % r->depth] = hn + len;
	q->count++;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

/* The header and status bytes of @rb as received, into @head[8]. */
static size_t rxbuf_head(const struct sv_rxbuf *rb, uint8_t *head)
{
	sv_put_le32(head, rb->hdr);
	sv_put_le32(head + 4, (uint32_t)rb->status);
	return rb->wire < 8 ? rb->wire : 8;
}

void scmi_vio__raw_report_notif(struct scmi_vio_agent *a,
				const struct scmi_vio_xfer *x)
{
	struct sv_raw *r = a->raw;
	uint8_t head[4];

	if (!sv_read_once(&r->enabled))
		return;
	sv_put_le32(head, x->notif_hdr);
	rawq_push(r, &r->q[SCMI_VIO_RAW_NOTIFICATIONS], head, 4, x->resp.buf,
		  x->resp.len);
}

void scmi_vio__raw_report(struct scmi_vio_agent *a, const struct sv_rxbuf *rb,
			  bool dresp)
{
	struct sv_raw *r = a->raw;
	uint8_t head[8];
	size_t hn;

	/* Nothing came with it, not even a header: counted only. */
	if (!sv_read_once(&r->enabled) || !rb->wire)
		return;
	hn = rxbuf_head(rb, head);
	rawq_push(r, &r->q[dresp ? SCMI_VIO_RAW_DELAYED : SCMI_VIO_RAW_ERRORS],
		  head, hn, rb->buf, rb->wire > 8 ? rb->len : 0);
}

void scmi_vio__raw_report_msg(struct scmi_vio_agent *a, void *msg, uint32_t hdr,
			      bool dresp)
{
	struct scmi_vio_xfer *x;

	if (!sv_read_once(&a->raw->enabled))
		return;
	/* Fetch the message's bytes into a scratch transfer. */
	x = scmi_vio__rx_xfer_get(a);
	if (!x) {
		sv_count(a, rx_nomem);
		return;
	}
	x->resp.len = 0;
	x->resp.wire = 0;
	x->resp.short_pdu = false;
	scmi_vio__fetch_into(a, x, SV_FILL_RESP, msg);
	/* The header judged, not a second read of the device's buffer. */
	x->resp.hdr = hdr;
	scmi_vio__raw_report(a, &x->resp, dresp);
	scmi_vio__xfer_put(a, x);
}

int scmi_vio_raw_read(struct scmi_vio_agent *a, enum scmi_vio_raw_queue qi,
		      void *buf, size_t cap, size_t *len,
		      unsigned int timeout_ms)
{
	struct sv_raw *r;
	struct sv_rawq *q;
	struct timespec dl;
	unsigned int ms;
	size_t n;
	int lost;

	if (!a || (unsigned int)qi >= SV_RAW_QUEUES || !len || (cap && !buf))
		return -EINVAL;
	r = a->raw;
	q = &r->q[qi];
	ms = scmi_vio__tmo(timeout_ms, a->reply_timeout_ms);
	clock_gettime(CLOCK_MONOTONIC, &dl);
	dl.tv_sec += ms / 1000;
	dl.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&q->lock);
	while (!q->count) {
		/* Nothing more will come from a device that is gone: its
		 * errno, not a timeout (nor -EAGAIN, which says "later").
		 * Read under the lock scmi_vio__raw_lost() takes to wake
		 * us, so a wait that starts after its broadcast sees it. */
		lost = sv_read_once(&a->lost);
		if (lost) {
			pthread_mutex_unlock(&q->lock);
			return lost;
		}
		if (!ms) {
			pthread_mutex_unlock(&q->lock);
			return -EAGAIN;
		}
		if (ms == SCMI_VIO_WAIT_FOREVER)
			pthread_cond_wait(&q->cond, &q->lock);
		else if (pthread_cond_timedwait(&q->cond, &q->lock, &dl) ==
				 ETIMEDOUT &&
			 !q->count) {
			pthread_mutex_unlock(&q->lock);
			return -ETIMEDOUT;
		}
	}
	n = q->lens[q->head];
	*len = n;
	/* cap 0 with no buffer asks only for the length: no memcpy to NULL
	 * (undefined even for 0 bytes). */
	if (cap)
		memcpy(buf, q->mem + (size_t)q->head * r->entry_size,
		       n < cap ? n : cap);
	q->head = (q->head + 1) % r->depth;
	q->count--;
	pthread_mutex_unlock(&q->lock);
	return 0;
}

void scmi_vio__raw_lost(struct scmi_vio_agent *a)
{
	unsigned int i;

	/* Each reader either checks a->lost after this lock (and sees it:
	 * stored before), or sleeps on the condition and is woken here. */
	for (i = 0; i < SV_RAW_QUEUES; i++) {
		pthread_mutex_lock(&a->raw->q[i].lock);
		pthread_cond_broadcast(&a->raw->q[i].cond);
		pthread_mutex_unlock(&a->raw->q[i].lock);
	}
}

void scmi_vio_raw_reset(struct scmi_vio_agent *a)
{
	unsigned int i;

	for (i = 0; i < SV_RAW_QUEUES; i++) {
		pthread_mutex_lock(&a->raw->q[i].lock);
		a->raw->q[i].head = 0;
		a->raw->q[i].count = 0;
		pthread_mutex_unlock(&a->raw->q[i].lock);
	}
}

uint64_t scmi_vio_raw_dropped(const struct scmi_vio_agent *a,
			      enum scmi_vio_raw_queue q)
{
	if ((unsigned int)q >= SV_RAW_QUEUES)
		return 0;
	return sv_read_once(&a->raw->q[q].dropped);
}

/* A received reply, as received (hdr | status | payload), to the caller. */
static void reply_out(const struct sv_rxbuf *rb, void *dst, size_t cap,
		      size_t *len)
{
	uint8_t head[8];
	size_t hn = rxbuf_head(rb, head);

	*len = rb->wire;
	if (!dst)
		return;
	memcpy(dst, head, cap < hn ? cap : hn);
	if (rb->wire > 8 && cap > 8)
		memcpy((uint8_t *)dst + 8, rb->buf,
		       rb->len < cap - 8 ? rb->len : cap - 8);
}

int scmi_vio_raw_xfer(struct scmi_vio_agent *a, struct scmi_vio_raw_msg *m)
{
	struct scmi_vio_hdr h;
	struct scmi_vio_xfer *x;
	struct sv_send s;
	bool bad = false;
	uint32_t hdr;
	int ret;

	if (!a || !m || !m->msg || m->msg_len < 4 ||
	    ((m->flags & SCMI_VIO_CMD_POLL) && (m->flags & SCMI_VIO_CMD_ASYNC)))
		return -EINVAL;
	/* As in do_cmd: a flag the transport cannot honour. */
	if ((m->flags & SCMI_VIO_CMD_POLL) && !a->ops->poll_done)
		return -EINVAL;
	if (m->msg_len - 4 > a->max_payload)
		return -E2BIG;
	m->resp_len = 0;
	m->dresp_len = 0;
	hdr = sv_get_le32(m->msg);
	scmi_vio_hdr_unpack(hdr, &h);
	ret = scmi_vio__xfer_get(a, h.token, &x);
	if (ret)
		return ret;
	s.hdr = hdr;
	s.tx = (const uint8_t *)m->msg + 4;
	s.tx_len = m->msg_len - 4;
	s.flags = m->flags;
	s.raw = true;
	s.timeout_ms = m->timeout_ms;
	s.dresp_timeout_ms = m->dresp_timeout_ms;
	ret = scmi_vio__xfer_run(a, x, &s);
	/* The reply bytes a receive path wrote are visible once we see its
	 * done flag; pairs with the release in scmi_vio__xfer_complete(). */
	if (sv_load_acquire(&x->done)) {
		reply_out(&x->resp, m->resp, m->resp_cap, &m->resp_len);
		bad = x->resp.short_pdu || x->resp.rejected;
		if (bad)
			ret = -EPROTO;
		else if (!x->async || x->resp.status != SCMI_VIO_SUCCESS)
			ret = 0;
	}
	/* Same pairing, for the delayed response; it decides the outcome
	 * only after a good response. */
	if (sv_load_acquire(&x->dresp_done)) {
		reply_out(&x->dresp, m->dresp, m->dresp_cap, &m->dresp_len);
		if (!bad)
			ret = x->dresp.short_pdu || x->dresp.rejected ?
				      -EPROTO :
				      0;
	}
	scmi_vio__xfer_put(a, x);
	return ret;
}
