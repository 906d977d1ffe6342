// SPDX-License-Identifier: BSD-3-Clause
#include "fake_transport.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/atomics.h"
#include "common/byteorder.h"

static void msg_unref(struct ft *ft, struct ft_msg *m)
{
	pthread_mutex_lock(&ft->lock);
	if (--m->refs == 0) {
		m->next = ft->free;
		ft->free = m;
	}
	pthread_mutex_unlock(&ft->lock);
}

/* Invariant 4: no other message the core still owns carries this token. */
static void check_token_unique(struct ft *ft, struct ft_msg *m, uint32_t hdr)
{
	struct scmi_vio_hdr h, o;
	unsigned int i;

	scmi_vio_hdr_unpack(hdr, &h);
	for (i = 0; i < ft->max_msg; i++) {
		struct ft_msg *n = &ft->msgs[i];

		if (n == m || !n->refs || sv_read_once(&n->txdone))
			continue;
		scmi_vio_hdr_unpack(n->hdr, &o);
		if (o.token == h.token)
			sv_counter_add(&ft->token_clash, 1);
	}
}

static int ft_attach(void *tp, struct scmi_vio_agent *a)
{
	struct ft *ft = tp;

	ft->agent = a;
	return 0;
}

static int ft_send(void *tp, struct scmi_vio_xfer *x)
{
	struct ft *ft = tp;
	struct ft_msg *m;
	const void *pdu;
	size_t len;

	pdu = scmi_vio_xfer_tx_pdu(x, &len);
	if (len > sizeof(m->req))
		return -E2BIG;
	pthread_mutex_lock(&ft->lock);
	m = ft->free;
	if (!m) {
		pthread_mutex_unlock(&ft->lock);
		return -EAGAIN;
	}
	ft->free = m->next;
	check_token_unique(ft, m, scmi_vio_xfer_hdr(x));
	m->refs = 2; /* the core until txdone, the device until reply */
	memcpy(m->req, pdu, len);
	m->req_len = len;
	m->hdr = scmi_vio_xfer_hdr(x);
	m->polled = scmi_vio_xfer_is_polled(x);
	m->x = x;
	sv_write_once(&m->ready, 0);
	sv_write_once(&m->txdone, 0);
	scmi_vio_xfer_set_priv(x, m);
	m->next = NULL;
	if (ft->qtail)
		ft->qtail->next = m;
	else
		ft->qhead = m;
	ft->qtail = m;
	pthread_cond_broadcast(&ft->cond);
	pthread_mutex_unlock(&ft->lock);
	sv_counter_add(&ft->sends, 1);
	return 0;
}

static void ft_fetch_response(void *tp, struct scmi_vio_xfer *x, void *msg)
{
	struct ft_rx *rx = msg;

	scmi_vio_xfer_fill_response(x, rx->buf, rx->used_len);
}

static void ft_fetch_notification(void *tp, struct scmi_vio_xfer *x,
				  size_t max_len, void *msg)
{
	struct ft_rx *rx = msg;

	scmi_vio_xfer_fill_notification(x, rx->buf, rx->used_len);
}

static void ft_mark_txdone(void *tp, struct scmi_vio_xfer *x, int ret)
{
	struct ft *ft = tp;
	struct ft_msg *m = scmi_vio_xfer_get_priv(x);

	sv_counter_add(&ft->txdones, 1);
	if (!m)
		return;
	if (sv_exchange(&m->txdone, 1)) {
		sv_counter_add(&ft->double_txdone, 1);
		return;
	}
	m->txdone_ret = ret;
	scmi_vio_xfer_set_priv(x, NULL);
	msg_unref(ft, m);
}

static int ft_poll_done(void *tp, struct scmi_vio_xfer *x)
{
	struct ft *ft = tp;
	struct ft_msg *m = scmi_vio_xfer_get_priv(x);
	/* Read before ready: a test that sets ready, then poll_end (release),
	 * finds ready set whenever it finds poll_end; pairs with that. */
	int end = sv_load_acquire(&ft->poll_end);

	sv_counter_add(&ft->polls, 1);
	/* Pairs with the release in ft_reply_hdr(): the reply bytes are
	 * visible once ready reads 1. */
	if (m && sv_load_acquire(&m->ready))
		return 1;
	return end;
}

static unsigned int ft_max_msg(void *tp, enum scmi_vio_chan_dir dir)
{
	struct ft *ft = tp;

	return dir == SCMI_VIO_CHAN_TX ? ft->max_msg : 8;
}

static size_t ft_max_payload(void *tp)
{
	return ((struct ft *)tp)->max_payload;
}

struct ft *ft_create(unsigned int max_msg, size_t max_payload)
{
	struct ft *ft = calloc(1, sizeof(*ft));
	pthread_condattr_t ca;
	unsigned int i;

	ft->max_msg = max_msg;
	ft->max_payload = max_payload;
	ft->msgs = calloc(max_msg, sizeof(*ft->msgs));
	for (i = 0; i < max_msg; i++) {
		ft->msgs[i].next = ft->free;
		ft->free = &ft->msgs[i];
	}
	pthread_mutex_init(&ft->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&ft->cond, &ca);
	pthread_condattr_destroy(&ca);
	ft->ops.attach = ft_attach;
	ft->ops.send = ft_send;
	ft->ops.fetch_response = ft_fetch_response;
	ft->ops.fetch_notification = ft_fetch_notification;
	ft->ops.mark_txdone = ft_mark_txdone;
	ft->ops.poll_done = ft_poll_done;
	ft->ops.max_msg = ft_max_msg;
	ft->ops.max_payload = ft_max_payload;
	return ft;
}

int ft_agent(struct ft *ft, const struct scmi_vio_agent_config *cfg)
{
	struct scmi_vio_agent *a;

	return scmi_vio_agent_create(cfg, &ft->ops, ft, &a);
}

static void *platform(void *arg)
{
	struct ft *ft = arg;
	struct ft_msg *m;

	for (;;) {
		pthread_mutex_lock(&ft->lock);
		while (!ft->qhead && !ft->stop)
			pthread_cond_wait(&ft->cond, &ft->lock);
		if (ft->stop) {
			pthread_mutex_unlock(&ft->lock);
			return NULL;
		}
		m = ft->qhead;
		ft->qhead = m->next;
		if (!ft->qhead)
			ft->qtail = NULL;
		pthread_mutex_unlock(&ft->lock);
		ft->handler(ft, m, ft->arg);
	}
}

void ft_set_handler(struct ft *ft, ft_handler h, void *arg)
{
	ft->handler = h;
	ft->arg = arg;
	ft->thread_on = true;
	pthread_create(&ft->thread, NULL, platform, ft);
}

struct ft *ft_open(unsigned int max_msg, size_t max_payload,
		   const struct scmi_vio_agent_config *cfg, ft_handler h,
		   void *arg)
{
	struct ft *ft = ft_create(max_msg, max_payload);

	ck_assert_int_eq(ft_agent(ft, cfg), 0);
	if (h)
		ft_set_handler(ft, h, arg);
	return ft;
}

struct scmi_vio_agent_stats ft_stats(struct ft *ft)
{
	struct scmi_vio_agent_stats st;

	scmi_vio_agent_get_stats(ft->agent, &st);
	return st;
}

void ft_destroy(struct ft *ft)
{
	if (ft->thread_on) {
		pthread_mutex_lock(&ft->lock);
		ft->stop = true;
		pthread_cond_broadcast(&ft->cond);
		pthread_mutex_unlock(&ft->lock);
		pthread_join(ft->thread, NULL);
	}
	scmi_vio_agent_destroy(ft->agent);
	pthread_mutex_destroy(&ft->lock);
	pthread_cond_destroy(&ft->cond);
	free(ft->msgs);
	free(ft);
}

struct ft_msg *ft_take(struct ft *ft, unsigned int timeout_ms)
{
	struct timespec dl;
	struct ft_msg *m = NULL;

	clock_gettime(CLOCK_MONOTONIC, &dl);
	dl.tv_sec += timeout_ms / 1000;
	dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&ft->lock);
	while (!ft->qhead) {
		if (pthread_cond_timedwait(&ft->cond, &ft->lock, &dl) ==
			    ETIMEDOUT &&
		    !ft->qhead)
			break;
	}
	m = ft->qhead;
	if (m) {
		ft->qhead = m->next;
		if (!ft->qhead)
			ft->qtail = NULL;
	}
	pthread_mutex_unlock(&ft->lock);
	return m;
}

uint8_t ft_proto(const struct ft_msg *m)
{
	struct scmi_vio_hdr h;

	scmi_vio_hdr_unpack(m->hdr, &h);
	return h.protocol;
}

uint8_t ft_msg_id(const struct ft_msg *m)
{
	struct scmi_vio_hdr h;

	scmi_vio_hdr_unpack(m->hdr, &h);
	return h.id;
}

size_t ft_nparams(const struct ft_msg *m)
{
	return (m->req_len - 4) / 4;
}

uint32_t ft_param(const struct ft_msg *m, unsigned int i)
{
	if (4 + 4 * (size_t)i + 4 > m->req_len)
		return 0xdeadbeef;
	return sv_get_le32(m->req + 4 + 4 * i);
}

uint32_t ft_hdr(uint8_t proto, uint8_t id, uint8_t type, uint16_t token)
{
	struct scmi_vio_hdr h = {
		.id = id, .type = type, .protocol = proto, .token = token
	};

	return scmi_vio_hdr_pack(&h);
}

size_t ft_build(uint8_t *buf, uint32_t hdr, int32_t status, const void *payload,
		size_t len)
{
	sv_put_le32(buf, hdr);
	sv_put_le32(buf + 4, (uint32_t)status);
	if (len)
		memcpy(buf + 8, payload, len);
	return 8 + len;
}

void ft_deliver(struct ft *ft, struct ft_msg *m, uint32_t hdr, const void *pdu,
		size_t used_len)
{
	struct ft_rx *rx = &m->rx;

	memcpy(rx->buf, pdu,
	       used_len < sizeof(rx->buf) ? used_len : sizeof(rx->buf));
	rx->used_len = used_len;
	scmi_vio_agent_rx(ft->agent, hdr, rx);
}

void ft_stray(struct ft *ft, uint32_t hdr, int32_t status, const void *payload,
	      size_t len)
{
	struct ft_rx rx;

	rx.used_len = ft_build(rx.buf, hdr, status, payload, len);
	scmi_vio_agent_rx(ft->agent, hdr, &rx);
}

void ft_deliver_reply(struct ft *ft, struct ft_msg *m, uint32_t hdr,
		      int32_t status, const void *payload, size_t len)
{
	uint8_t pdu[FT_MAX_PDU];

	ft_deliver(ft, m, hdr, pdu, ft_build(pdu, hdr, status, payload, len));
}

void ft_reply_hdr(struct ft *ft, struct ft_msg *m, uint32_t hdr, int32_t status,
		  const void *payload, size_t len)
{
	m->rx.used_len = ft_build(m->rx.buf, hdr, status, payload, len);
	ft_return(ft, m);
}

void ft_return(struct ft *ft, struct ft_msg *m)
{
	if (m->polled)
		/* The reply bytes are written before ready; pairs with the
		 * acquire in ft_poll_done(). */
		sv_store_release(&m->ready, 1);
	else
		scmi_vio_agent_rx_response(ft->agent, m->hdr,
					   sv_get_le32(m->rx.buf),
					   m->rx.used_len, &m->rx);
	msg_unref(ft, m);
}

void ft_reply(struct ft *ft, struct ft_msg *m, int32_t status,
	      const void *payload, size_t len)
{
	ft_reply_hdr(ft, m, m->hdr, status, payload, len);
}

void ft_drop(struct ft *ft, struct ft_msg *m)
{
	msg_unref(ft, m);
}

void ft_dresp(struct ft *ft, uint32_t cmd_hdr, int32_t status,
	      const void *payload, size_t len)
{
	struct scmi_vio_hdr h;
	struct ft_rx rx;
	uint32_t hdr;

	scmi_vio_hdr_unpack(cmd_hdr, &h);
	h.type = SCMI_VIO_MSG_DELAYED_RESP;
	hdr = scmi_vio_hdr_pack(&h);
	rx.used_len = ft_build(rx.buf, hdr, status, payload, len);
	scmi_vio_agent_rx_event(ft->agent, hdr, rx.used_len, &rx);
}

void ft_reply_dresp(struct ft *ft, struct ft_msg *m, const uint32_t *w,
		    size_t nw, size_t len)
{
	uint32_t hdr = m->hdr; /* @m goes back to the pool on the reply */
	uint8_t d[16];

	ft_words(d, w, nw);
	ft_reply(ft, m, 0, NULL, 0);
	ft_dresp(ft, hdr, 0, d, len);
}

void ft_notify(struct ft *ft, uint8_t proto, uint8_t evt, const void *payload,
	       size_t len)
{
	struct scmi_vio_hdr h = { .id = evt,
				  .type = SCMI_VIO_MSG_NOTIFICATION,
				  .protocol = proto };
	struct ft_rx rx;
	uint32_t hdr = scmi_vio_hdr_pack(&h);

	sv_put_le32(rx.buf, hdr);
	memcpy(rx.buf + 4, payload, len);
	rx.used_len = 4 + len;
	scmi_vio_agent_rx_event(ft->agent, hdr, rx.used_len, &rx);
}

void ft_event(struct ft *ft, uint32_t hdr, int32_t status, const void *payload,
	      size_t len)
{
	struct ft_rx rx;

	rx.used_len = ft_build(rx.buf, hdr, status, payload, len);
	scmi_vio_agent_rx_event(ft->agent, hdr, rx.used_len, &rx);
}

void ft_put32(uint8_t *p, size_t *n, uint32_t v)
{
	sv_put_le32(p + *n, v);
	*n += 4;
}

void ft_put_name(uint8_t *p, size_t *n, const char *s, bool no_nul)
{
	memset(p + *n, no_nul ? 'A' : 0, 16);
	if (!no_nul)
		memcpy(p + *n, s, strlen(s));
	*n += 16;
}

void ft_serve_protos(struct ft *f, struct ft_msg *m, void *arg)
{
	const struct ft_proto *pr = arg;
	uint8_t p[512];
	size_t n = 0;

	while (pr->serve && pr->protocol != ft_proto(m))
		pr++;
	if (!pr->serve) {
		ft_reply(f, m, SCMI_VIO_NOT_SUPPORTED, NULL, 0);
		return;
	}
	pr->serve(f, m, p, &n);
	if (n != SIZE_MAX)
		ft_reply(f, m, 0, p, n);
}

void ft_sem_wait(sem_t *s)
{
	struct timespec dl;

	/* sem_timedwait() takes CLOCK_REALTIME.  (Not sem_clockwait():
	 * ThreadSanitizer does not see its ordering.) */
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += 10;
	ck_assert_int_eq(sem_timedwait(s, &dl), 0);
}

void ft_wait_count(unsigned int *count, unsigned int n, unsigned int ms)
{
	unsigned int i;

	for (i = 0; i < ms && sv_read_once(count) < n; i++)
		ft_sleep_ms(1);
	ck_assert_uint_eq(sv_read_once(count), n);
}

void ft_sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

void ft_words(uint8_t *dst, const uint32_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sv_put_le32(dst + 4 * i, w[i]);
}

/*
 * Check runs each test in a forked child.  A child that used notifications
 * exits with liburcu's call_rcu worker thread still alive, and
 * ThreadSanitizer then sleeps 1 s at exit (atexit_sleep_ms) waiting for
 * late reports from it: 1 s per test.  Nothing of ours can run then (agent
 * destroy waited for every call_rcu callback of ours), so skip the sleep.
 * Only read by ThreadSanitizer builds; TSAN_OPTIONS still overrides it.
 */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
	return "atexit_sleep_ms=0";
}
