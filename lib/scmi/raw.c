// SPDX-License-Identifier: BSD-3-Clause
/*
 * Raw mode (LINUX_NOTES.md A8).  The exchange reuses the core's transfers,
 * tokens and state machine; a caller token already in flight is -EBUSY.
 * Notifications and unexpected, late or invalid messages are copied into
 * two preallocated circular queues (overwrite the oldest, as Linux does)
 * while raw mode is enabled.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "scmi/agent.h"
#include <scmi_vio/scmi_raw.h>

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
	struct sv_rawq q[2];
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

	if (!r)
		return -ENOMEM;
	r->depth = depth;
	r->entry_size = a->max_payload + 8;
	if (rawq_init(&r->q[0], depth, r->entry_size)) {
		free(r);
		return -ENOMEM;
	}
	if (rawq_init(&r->q[1], depth, r->entry_size)) {
		rawq_fini(&r->q[0]);
		free(r);
		return -ENOMEM;
	}
	a->raw = r;
	return 0;
}

void scmi_vio__raw_fini(struct scmi_vio_agent *a)
{
	if (!a->raw)
		return;
	rawq_fini(&a->raw->q[0]);
	rawq_fini(&a->raw->q[1]);
	free(a->raw);
	a->raw = NULL;
}

void scmi_vio_raw_enable(struct scmi_vio_agent *a, bool on)
{
	sv_write_once(&a->raw->enabled, on ? 1u : 0u);
}

/* Append hdr | [status] | payload, overwriting the oldest when full. */
static void rawq_push(struct sv_raw *r, struct sv_rawq *q, uint32_t hdr,
		      const int32_t *status, const void *payload, size_t len)
{
	size_t off = 4, max = r->entry_size;
	uint8_t *e;

	pthread_mutex_lock(&q->lock);
	if (q->count == r->depth) {
		q->head = (q->head + 1) % r->depth;
		q->count--;
		sv_write_once(&q->dropped, q->dropped + 1);
	}
	e = q->mem + (size_t)((q->head + q->count) % r->depth) * max;
	sv_put_le32(e, hdr);
	if (status) {
		sv_put_le32(e + 4, (uint32_t)*status);
		off = 8;
	}
	if (len > max - off)
		len = max - off;
	memcpy(e + off, payload, len);
	q->lens[(q->head + q->count) % r->depth] = off + len;
	q->count++;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

void scmi_vio__raw_report_notif(struct scmi_vio_agent *a,
				const struct scmi_vio_xfer *x)
{
	struct sv_raw *r = a->raw;

	if (!sv_read_once(&r->enabled))
		return;
	rawq_push(r, &r->q[SCMI_VIO_RAW_NOTIFICATIONS], x->notif_hdr, NULL,
		  x->resp.buf, x->resp.len);
}

void scmi_vio__raw_report_error(struct scmi_vio_agent *a, uint32_t hdr,
				void *msg)
{
	struct sv_raw *r = a->raw;
	struct scmi_vio_xfer *x;

	if (!sv_read_once(&r->enabled))
		return;
	/* Fetch the rejected message's bytes into a scratch transfer. */
	x = scmi_vio__rx_xfer_get(a);
	if (!x) {
		sv_count(a, rx_nomem);
		return;
	}
	x->resp.len = 0;
	x->resp.short_pdu = false;
	scmi_vio__fetch_into(a, x, SV_FILL_RESP, msg);
	rawq_push(r, &r->q[SCMI_VIO_RAW_ERRORS], hdr,
		  x->resp.short_pdu ? NULL : &x->resp.status, x->resp.buf,
		  x->resp.len);
	scmi_vio__xfer_put(a, x);
}

int scmi_vio_raw_read(struct scmi_vio_agent *a, enum scmi_vio_raw_queue qi,
		      void *buf, size_t cap, size_t *len,
		      unsigned int timeout_ms)
{
	struct sv_raw *r;
	struct sv_rawq *q;
	struct timespec dl;
	size_t n;

	if (!a ||
	    (qi != SCMI_VIO_RAW_NOTIFICATIONS && qi != SCMI_VIO_RAW_ERRORS) ||
	    !len || (cap && !buf))
		return -EINVAL;
	r = a->raw;
	q = &r->q[qi];
	clock_gettime(CLOCK_MONOTONIC, &dl);
	dl.tv_sec += timeout_ms / 1000;
	dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&q->lock);
	while (!q->count) {
		if (!timeout_ms) {
			pthread_mutex_unlock(&q->lock);
			return -EAGAIN;
		}
		if (pthread_cond_timedwait(&q->cond, &q->lock, &dl) ==
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

void scmi_vio_raw_reset(struct scmi_vio_agent *a)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		pthread_mutex_lock(&a->raw->q[i].lock);
		a->raw->q[i].head = 0;
		a->raw->q[i].count = 0;
		pthread_mutex_unlock(&a->raw->q[i].lock);
	}
}

uint64_t scmi_vio_raw_dropped(const struct scmi_vio_agent *a,
			      enum scmi_vio_raw_queue q)
{
	return sv_read_once(&a->raw->q[q == SCMI_VIO_RAW_ERRORS].dropped);
}

/* hdr | status | payload of a delivered reply into the caller's buffer. */
static void reply_out(uint32_t hdr, const struct sv_rxbuf *rb, void *dst,
		      size_t cap, size_t *len)
{
	uint8_t tmp[8];

	*len = 8 + rb->len;
	sv_put_le32(tmp, hdr);
	sv_put_le32(tmp + 4, (uint32_t)rb->status);
	if (!dst)
		return;
	memcpy(dst, tmp, cap < 8 ? cap : 8);
	if (cap > 8)
		memcpy((uint8_t *)dst + 8, rb->buf,
		       rb->len < cap - 8 ? rb->len : cap - 8);
}

int scmi_vio_raw_xfer(struct scmi_vio_agent *a, struct scmi_vio_raw_msg *m)
{
	struct scmi_vio_hdr h;
	struct scmi_vio_xfer *x;
	struct sv_send s;
	uint32_t hdr;
	int ret;

	if (!a || !m || !m->msg || m->msg_len < 4 ||
	    ((m->flags & SCMI_VIO_CMD_POLL) && (m->flags & SCMI_VIO_CMD_ASYNC)))
		return -EINVAL;
	if ((m->flags & SCMI_VIO_CMD_POLL) && !a->ops->poll_done)
		return -EOPNOTSUPP;
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
	s.timeout_ms = m->timeout_ms;
	s.dresp_timeout_ms = m->dresp_timeout_ms;
	ret = scmi_vio__xfer_run(a, x, &s);
	/* The reply bytes a receive path wrote are visible once we see its
	 * done flag; pairs with the release in scmi_vio__xfer_complete(). */
	if (sv_load_acquire(&x->done)) {
		reply_out(hdr, &x->resp, m->resp, m->resp_cap, &m->resp_len);
		if (x->resp.short_pdu)
			ret = -EPROTO;
		else if (!x->async || x->resp.status != SCMI_VIO_SUCCESS)
			ret = 0;
	}
	/* Same pairing, for the delayed response. */
	if (sv_load_acquire(&x->dresp_done)) {
		h.type = SCMI_VIO_MSG_DELAYED_RESP;
		reply_out(scmi_vio_hdr_pack(&h), &x->dresp, m->dresp,
			  m->dresp_cap, &m->dresp_len);
		ret = x->dresp.short_pdu ? -EPROTO : 0;
	}
	scmi_vio__xfer_put(a, x);
	return ret;
}
