// SPDX-License-Identifier: BSD-3-Clause
/*
 * Transfer pool and tokens (docs/architecture.md section 5,
 * docs/linux-notes.md A3, A4).
 *
 * Tokens come from a moving 64-bit counter: the candidate is the counter's
 * low 10 bits, the first free token at or after it (wrapping) is taken and
 * the counter moves past it.  A freed token is therefore considered again
 * only after the counter went once round the 1024-token space, unless the
 * space is nearly saturated: a late reply to a timed-out command is not
 * matched to a new one (invariant 4).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomics.h"
#include "scmi/agent.h"

static void xfer_init_one(struct scmi_vio_agent *a, struct scmi_vio_xfer *x,
			  uint8_t **mem, bool rx)
{
	pthread_condattr_t ca;

	x->agent = a;
	x->in_rx_pool = rx;
	pthread_mutex_init(&x->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&x->cond, &ca);
	pthread_condattr_destroy(&ca);
	x->resp.buf = *mem;
	*mem += a->max_payload;
	if (rx)
		return;
	x->dresp.buf = *mem;
	*mem += a->max_payload;
	x->tx_pdu = *mem;
	*mem += a->max_payload + 4;
}

/*
 * The pool lock guards sections of a few dozen instructions that the
 * caller's thread and the transport's receive thread both enter for every
 * message; an adaptive mutex spins briefly before sleeping, so a
 * momentary collision does not cost a futex sleep and wake-up.
 */
static void pool_lock_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t at;

	pthread_mutexattr_init(&at);
#ifdef __GLIBC__
	/* A glibc extension; elsewhere the default mutex. */
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_ADAPTIVE_NP);
#endif
	pthread_mutex_init(m, &at);
	pthread_mutexattr_destroy(&at);
}

int scmi_vio__xfers_init(struct scmi_vio_agent *a, unsigned int n_tx,
			 unsigned int n_rx)
{
	size_t per_tx = a->max_payload * 3 + 4, per_rx = a->max_payload;
	uint8_t *mem;
	unsigned int i;

	a->xfers = calloc(n_tx, sizeof(*a->xfers));
	a->rx_xfers = calloc(n_rx, sizeof(*a->rx_xfers));
	a->bufs = calloc(1, per_tx * n_tx + per_rx * n_rx);
	if (!a->xfers || !a->rx_xfers || !a->bufs) {
		free(a->xfers);
		free(a->rx_xfers);
		free(a->bufs);
		return -ENOMEM;
	}
	pool_lock_init(&a->pool_lock);
	a->n_xfers = n_tx;
	a->n_rx_xfers = n_rx;
	mem = a->bufs;
	for (i = 0; i < n_tx; i++) {
		xfer_init_one(a, &a->xfers[i], &mem, false);
		a->xfers[i].next_free = a->free_tx;
		a->free_tx = &a->xfers[i];
	}
	for (i = 0; i < n_rx; i++) {
		xfer_init_one(a, &a->rx_xfers[i], &mem, true);
		a->rx_xfers[i].next_free = a->free_rx;
		a->free_rx = &a->rx_xfers[i];
	}
	return 0;
}

static void xfer_fini_one(struct scmi_vio_xfer *x)
{
	pthread_mutex_destroy(&x->lock);
	pthread_cond_destroy(&x->cond);
}

void scmi_vio__xfers_fini(struct scmi_vio_agent *a)
{
	unsigned int i;

	for (i = 0; i < a->n_xfers; i++)
		xfer_fini_one(&a->xfers[i]);
	for (i = 0; i < a->n_rx_xfers; i++)
		xfer_fini_one(&a->rx_xfers[i]);
	pthread_mutex_destroy(&a->pool_lock);
	free(a->xfers);
	free(a->rx_xfers);
	free(a->bufs);
}

static bool token_busy(const struct scmi_vio_agent *a, unsigned int t)
{
	return a->token_map[t / 64] >> (t % 64) & 1;
}

/* Caller holds pool_lock.  Returns the token or -EAGAIN. */
static int __token_pick(struct scmi_vio_agent *a, int want)
{
	unsigned int cand, i, t;

	if (want >= 0)
		return token_busy(a, (unsigned int)want) ? -EAGAIN : want;
	cand = (unsigned int)(a->next_seq % SCMI_VIO_MAX_TOKENS);
	for (i = 0; i < SCMI_VIO_MAX_TOKENS; i++) {
		t = (cand + i) % SCMI_VIO_MAX_TOKENS;
		if (!token_busy(a, t)) {
			a->next_seq += i + 1;
			return (int)t;
		}
	}
	return -EAGAIN;
}

int scmi_vio__xfer_get(struct scmi_vio_agent *a, int token,
		       struct scmi_vio_xfer **out)
{
	struct scmi_vio_xfer *x;
	int t;

	pthread_mutex_lock(&a->pool_lock);
	x = a->free_tx;
	if (!x) {
		pthread_mutex_unlock(&a->pool_lock);
		return -EAGAIN;
	}
	t = __token_pick(a, token);
	if (t < 0) {
		pthread_mutex_unlock(&a->pool_lock);
		return t;
	}
	a->free_tx = x->next_free;
	x->users = 1;
	x->token = (uint16_t)t;
	sv_write_once(&x->state, SV_XFER_IDLE);
	a->token_map[t / 64] |= 1ull << (t % 64);
	a->inflight[t] = x;
	pthread_mutex_unlock(&a->pool_lock);
	*out = x;
	return 0;
}

struct scmi_vio_xfer *scmi_vio__rx_xfer_get(struct scmi_vio_agent *a)
{
	struct scmi_vio_xfer *x;

	pthread_mutex_lock(&a->pool_lock);
	x = a->free_rx;
	if (x) {
		a->free_rx = x->next_free;
		x->users = 1;
	}
	pthread_mutex_unlock(&a->pool_lock);
	return x;
}

void scmi_vio__xfer_put(struct scmi_vio_agent *a, struct scmi_vio_xfer *x)
{
	pthread_mutex_lock(&a->pool_lock);
	if (--x->users == 0) {
		if (x->in_rx_pool) {
			x->next_free = a->free_rx;
			a->free_rx = x;
		} else {
			a->token_map[x->token / 64] &=
				~(1ull << (x->token % 64));
			a->inflight[x->token] = NULL;
			x->next_free = a->free_tx;
			a->free_tx = x;
		}
	}
	pthread_mutex_unlock(&a->pool_lock);
}

struct scmi_vio_xfer *scmi_vio__xfer_lookup(struct scmi_vio_agent *a,
					    unsigned int token)
{
	struct scmi_vio_xfer *x;

	pthread_mutex_lock(&a->pool_lock);
	x = a->inflight[token % SCMI_VIO_MAX_TOKENS];
	if (x)
		x->users++;
	pthread_mutex_unlock(&a->pool_lock);
	return x;
}

void scmi_vio__xfer_busy_get(struct scmi_vio_xfer *x)
{
	unsigned int spins = 0, expected;

	for (;;) {
		expected = 0;
		/* Acquire side of the busy hand-over: the previous holder's
		 * writes to the xfer are visible; pairs with the release in
		 * scmi_vio__xfer_busy_put(). */
		if (sv_cmpxchg(&x->busy, &expected, 1))
			return;
		if (++spins < 64)
			sv_cpu_relax();
		else
			sched_yield();
	}
}

void scmi_vio__xfer_busy_put(struct scmi_vio_xfer *x)
{
	/* Our writes to the xfer's buffers happen before the next holder's
	 * cmpxchg in scmi_vio__xfer_busy_get() succeeds. */
	sv_store_release(&x->busy, 0);
}

int scmi_vio_agent_xfer_acquire(struct scmi_vio_agent *agent, uint32_t hdr,
				struct scmi_vio_xfer **out)
{
	struct scmi_vio_hdr h;
	struct scmi_vio_xfer *x;

	scmi_vio_hdr_unpack(hdr, &h);
	x = scmi_vio__xfer_lookup(agent, h.token);
	if (!x)
		return -ENOENT;
	*out = x;
	return 0;
}

void scmi_vio_agent_xfer_release(struct scmi_vio_agent *agent,
				 struct scmi_vio_xfer *x)
{
	scmi_vio__xfer_put(agent, x);
}

const void *scmi_vio_xfer_tx_pdu(const struct scmi_vio_xfer *x, size_t *len)
{
	*len = x->tx_len;
	return x->tx_pdu;
}

uint32_t scmi_vio_xfer_hdr(const struct scmi_vio_xfer *x)
{
	return x->hdr;
}

bool scmi_vio_xfer_is_polled(const struct scmi_vio_xfer *x)
{
	return x->polled;
}

void scmi_vio_xfer_set_priv(struct scmi_vio_xfer *x, void *p)
{
	/* The transport's writes before publishing @p are visible to the
	 * thread that reads it back; pairs with scmi_vio_xfer_get_priv(). */
	sv_store_release(&x->priv, p);
}

void *scmi_vio_xfer_get_priv(const struct scmi_vio_xfer *x)
{
	/* Pairs with the release in scmi_vio_xfer_set_priv(). */
	return sv_load_acquire(&x->priv);
}
