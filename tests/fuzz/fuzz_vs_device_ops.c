// SPDX-License-Identifier: BSD-3-Clause
/*
 * fuzz_vs_device, the agent side: the operations the script drives through
 * the real agent over the real virtio-scmi transport, and the checks of
 * the docs/architecture.md section 10 invariants run after every operation.
 *
 * The agent is created over the transport's own ops, except that send()
 * and mark_txdone() go through counting wrappers, so "every sent xfer gets
 * exactly one mark_txdone" (invariant 5) is seen per transfer, not only in
 * totals.  Internal state is read through the layers' existing internal
 * headers (vs_internal.h for the channels and message pool, agent.h for
 * the transfer pool and tokens), always at quiescent points on this thread
 * with the locks that protect it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_raw.h>
#include <scmi_vio/timeout.h>
#include <scmi_vio/virtqueue.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "scmi/agent.h"
#include "virtio_scmi/vs_internal.h"

#include "fuzz_vs_device.h"

/* Protocols a command or notification may carry: the four standard ones,
 * the two this target registers events for, and one nobody knows. */
const uint8_t fz_protos[8] = { 0x10, 0x14, 0x15, 0x13, 0x80, 0x80, 0x81, 0x42 };

#define MAX_SUBS 64
#define NOTIFY_MSG 7 /* the enable command of the fuzz protocols */

/* ---- counting transport ops ------------------------------------------- */

static struct scmi_vio_transport_ops fwd;
static const struct scmi_vio_transport_ops *real_ops;
/* Sent and not yet marked done (only this thread sends). */
static struct scmi_vio_xfer *outstanding[8];
static unsigned int n_out;
static uint64_t sends, txdones;
static uint32_t sent_hdr; /* header of the last successful send */

static int fwd_send(void *tp, struct scmi_vio_xfer *x)
{
	int r = real_ops->send(tp, x);
	unsigned int i;

	if (r)
		return r;
	for (i = 0; i < n_out; i++)
		require(outstanding[i] != x);
	require(n_out < 8);
	outstanding[n_out++] = x;
	sends++;
	sent_hdr = scmi_vio_xfer_hdr(x);
	return 0;
}

static void fwd_mark_txdone(void *tp, struct scmi_vio_xfer *x, int ret)
{
	unsigned int i;

	/* Invariant 5: exactly one mark_txdone per successful send. */
	for (i = 0; i < n_out && outstanding[i] != x; i++)
		;
	require(i < n_out);
	outstanding[i] = outstanding[--n_out];
	txdones++;
	real_ops->mark_txdone(tp, x, ret);
}

/* ---- subscriptions ---------------------------------------------------- */

struct fz_sub {
	struct scmi_vio_notify_sub *h;
	uint8_t protocol;
	unsigned int alive; /* ATOMIC: cleared once unsubscribe returned */
	uint32_t last_serial; /* the dispatcher thread's only */
	uint64_t calls; /* ATOMIC */
};

static struct fz_sub subs[MAX_SUBS];
static unsigned int n_subs;
static struct fz_sub *slot[4];
static bool registered, raw_on;

static void sub_cb(const struct scmi_vio_notify_report *r, void *arg)
{
	struct fz_sub *s = arg;
	uint32_t serial;

	/* Invariant 10: never after its unsubscribe returned. */
	require(sv_load_acquire(&s->alive));
	require(r->protocol == s->protocol && r->payload_len >= 8);
	/* Invariant 9: one protocol's notifications in arrival order. */
	serial = sv_get_le32(r->payload);
	require(serial > s->last_serial);
	s->last_serial = serial;
	sv_counter_add(&s->calls, 1);
}

/* The enable command of the fuzz protocols goes through the device too. */
static int fz_set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
			  uint32_t src, bool enable)
{
	uint8_t tx[8];
	struct scmi_vio_cmd c = { .protocol = (uint8_t)(uintptr_t)ctx,
				  .msg_id = NOTIFY_MSG,
				  .tx = tx,
				  .tx_len = sizeof(tx) };

	sv_put_le32(tx, src);
	sv_put_le32(tx + 4, (uint32_t)evt << 1 | enable);
	return scmi_vio_agent_do_cmd(a, &c);
}

/* Payload: serial, source (the device's notification layout). */
static int fz_parse(void *ctx, uint8_t evt, const void *payload, size_t len,
		    struct scmi_vio_notify_report *r)
{
	if (len < 8)
		return -EPROTO;
	r->src = sv_get_le32((const uint8_t *)payload + 4);
	return r->src < 4 ? 0 : -EPROTO;
}

static void register_protocols(void)
{
	static const struct scmi_vio_notify_event_desc ev[4] = {
		{ 0, 16 }, { 1, 8 }, { 2, 32 }, { 3, 4 }
	};
	struct scmi_vio_notify_proto_desc d = {
		.events = ev,
		.n_events = 4,
		.num_sources = 4,
		.queue_depth = 2,
		.set_enabled = fz_set_enabled,
		.parse = fz_parse,
	};
	int r;

	d.protocol = 0x80;
	d.ctx = (void *)(uintptr_t)0x80;
	r = scmi_vio_notify_register_protocol(dv.agent, &d);
	require(r == 0);
	d.protocol = 0x81;
	d.ctx = (void *)(uintptr_t)0x81;
	r = scmi_vio_notify_register_protocol(dv.agent, &d);
	require(r == 0);
	registered = true;
}

/*
 * Subscribe or unsubscribe the subscription in slot bit 0..1: protocol
 * 0x80 or 0x81 (bit 2), event bit 3..4, a source or all (next byte).
 */
void op_sub(uint8_t which)
{
	struct fz_sub **sp = &slot[which & 3], *s;
	uint8_t b;
	int r;

	if (!registered)
		register_protocols();
	if (*sp) {
		scmi_vio_notify_unsubscribe(dv.agent, (*sp)->h);
		sv_store_release(&(*sp)->alive, 0);
		*sp = NULL;
		return;
	}
	if (n_subs == MAX_SUBS)
		return;
	b = fz_u8(&dv.in);
	s = &subs[n_subs++];
	s->protocol = which & 4 ? 0x81 : 0x80;
	sv_write_once(&s->alive, 1);
	r = scmi_vio_notify_subscribe(dv.agent, s->protocol, which >> 3 & 3,
				      b & 4 ? SCMI_VIO_NOTIFY_ALL_SRC : b & 3,
				      sub_cb, s, &s->h);
	if (r) {
		/* The enable command failed: no subscription, no calls. */
		sv_write_once(&s->alive, 0);
		return;
	}
	*sp = s;
}

/* ---- replies, traced back to the device's writes ---------------------- */

static uint64_t dresp_first_before;
static unsigned int cur_flags; /* of the command being checked */
static const uint32_t rsvd_type = SCMI_VIO_HDR_RESERVED_MASK |
				  SCMI_VIO_HDR_TYPE_MASK
					  << SCMI_VIO_HDR_TYPE_SHIFT;

/*
 * A reply the agent accepted for the command with header @hdr: its
 * payload (@len bytes, serial first) must come from a write under exactly
 * that header (type @type) on queue @q, with the status reported and the
 * length the device claimed (clamped to its buffer).  Invariant 6, S-17,
 * S-18: never bytes written for another transfer or under a lie.
 */
static void check_reply(uint32_t hdr, unsigned int type, uint8_t q,
			const uint8_t *payload, size_t len, int32_t status)
{
	/* The reply to a header with reserved bits set has them clear. */
	uint32_t want =
		(hdr & ~(SCMI_VIO_HDR_RESERVED_MASK |
			 SCMI_VIO_HDR_TYPE_MASK << SCMI_VIO_HDR_TYPE_SHIFT)) |
		type << SCMI_VIO_HDR_TYPE_SHIFT;
	const struct fz_rec *rec;

	if (len >= 4) {
		rec = dev_rec(sv_get_le32(payload));
		if (!rec && dv.recs_lost)
			return;
		require(rec);
		if (rec->hdr != want || rec->q != q)
			fprintf(stderr,
				"%s%s reply %08x accepted from a write "
				"of %08x on the %s\n",
				cur_flags & SCMI_VIO_CMD_POLL ? "polled " : "",
				q == FZ_EVQ ? "delayed" : "", want, rec->hdr,
				rec->q == FZ_CMDQ ? "cmdq" : "eventq");
		require(rec->hdr == want && rec->q == q);
		/*
		 * After a ring-level lie the length may be a lie's: a used
		 * element for a head the driver had not made available yet
		 * reads as valid once it has (the driver cannot tell).
		 */
		if ((rec->used != len + 8 && !dv.hostile_ring) ||
		    rec->status != (uint32_t)status)
			fprintf(stderr,
				"reply %08x accepted with %zu bytes, "
				"status %d, from a write of %u bytes, status "
				"%d\n",
				want, len + 8, status, rec->used,
				(int32_t)rec->status);
		require(rec->used == len + 8 || dv.hostile_ring);
		require(rec->status == (uint32_t)status);
		return;
	}
	/* No serial: a short reply with that header and length, or the
	 * SUCCESS a delayed response before its response implies (S-6). */
	if (dv.shorts_lost || dv.hostile_ring)
		return;
	if (type == SCMI_VIO_MSG_COMMAND && len == 0 && status == 0) {
		struct scmi_vio_agent_stats st;

		scmi_vio_agent_get_stats(dv.agent, &st);
		if (st.dresp_first > dresp_first_before)
			return;
	}
	if (!dev_short(want, (uint32_t)len + 8, q, (uint32_t)status))
		fprintf(stderr,
			"%s%s reply %08x of %zu bytes, status %d, "
			"accepted from no such write\n",
			cur_flags & SCMI_VIO_CMD_POLL ? "polled " : "",
			q == FZ_EVQ ? "delayed" : "", want, len + 8, status);
	require(dev_short(want, (uint32_t)len + 8, q, (uint32_t)status));
}

static uint8_t rx[SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD + 8];
static uint8_t drx[SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD + 8];
static uint8_t tx[SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD + 8];

static void note_before(void)
{
	struct scmi_vio_agent_stats st;

	scmi_vio_agent_get_stats(dv.agent, &st);
	dresp_first_before = st.dresp_first;
}

/*
 * A command through scmi_vio_agent_do_cmd():
 *   which bit 0: polled; bit 1: async (both: refused with -EINVAL);
 *         bit 2..4: protocol index; then message id and parameter length.
 */
void op_cmd(uint8_t which)
{
	size_t max = scmi_vio_agent_max_payload(dv.agent);
	struct scmi_vio_cmd c;
	uint64_t before = sends;
	int ret;

	memset(&c, 0, sizeof(c));
	c.flags = (which & 1 ? SCMI_VIO_CMD_POLL : 0) |
		  (which & 2 ? SCMI_VIO_CMD_ASYNC : 0);
	c.protocol = fz_protos[which >> 2 & 7];
	c.msg_id = fz_u8(&dv.in);
	c.tx_len = fz_u8(&dv.in) % (max + 1);
	c.tx = tx;
	c.rx = rx;
	c.rx_cap = max;
	c.dresp = drx;
	c.dresp_cap = max;
	note_before();
	cur_flags = c.flags;
	ret = scmi_vio_agent_do_cmd(dv.agent, &c);
	if ((which & 3) == 3) {
		require(ret == -EINVAL && sends == before);
		return;
	}
	if (sends == before) {
		/* Not sent: nothing was received for it. */
		require(ret < 0 && !c.rx_len && !c.dresp_len);
		return;
	}
	require(sends == before + 1);
	if (!ret || c.status || c.rx_len)
		check_reply(sent_hdr, SCMI_VIO_MSG_COMMAND, FZ_CMDQ, rx,
			    c.rx_len, c.status);
	if (c.dresp_len || c.dresp_status || (!ret && (which & 2)))
		check_reply(sent_hdr, SCMI_VIO_MSG_DELAYED_RESP, FZ_EVQ, drx,
			    c.dresp_len, c.dresp_status);
	require(c.rx_len <= max && c.dresp_len <= max);
}

/*
 * A raw exchange (the caller's header and token):
 *   which bit 0: polled; bit 1: async; bit 2: a header word straight
 *         from the input, else a command header built from the next
 *         bytes (protocol index, message id, token)
 * then the parameter length; bit 3..4: drain the raw queues afterwards.
 */
void op_raw(uint8_t which)
{
	size_t max = scmi_vio_agent_max_payload(dv.agent), len;
	struct scmi_vio_raw_msg m;
	struct scmi_vio_hdr h;
	uint64_t before = sends;
	uint32_t hdr;
	int ret;

	if (which & 4) {
		hdr = fz_u32(&dv.in);
	} else {
		h = (struct scmi_vio_hdr){ .protocol =
						   fz_protos[fz_u8(&dv.in) & 7],
					   .id = fz_u8(&dv.in),
					   .type = SCMI_VIO_MSG_COMMAND,
					   .token = fz_u16(&dv.in) & 0x3ff };
		hdr = scmi_vio_hdr_pack(&h);
	}
	memset(&m, 0, sizeof(m));
	len = 4 + fz_u8(&dv.in) % (max + 1);
	sv_put_le32(tx, hdr);
	m.msg = tx;
	m.msg_len = len;
	m.flags = (which & 1 ? SCMI_VIO_CMD_POLL : 0) |
		  (which & 2 ? SCMI_VIO_CMD_ASYNC : 0);
	m.resp = rx;
	m.resp_cap = max + 8;
	m.dresp = drx;
	m.dresp_cap = max + 8;
	note_before();
	cur_flags = m.flags;
	ret = scmi_vio_raw_xfer(dv.agent, &m);
	if ((which & 3) == 3) {
		require(ret == -EINVAL && sends == before);
	} else if (sends == before) {
		require(ret < 0 && !m.resp_len && !m.dresp_len);
	} else if (!ret) {
		/* Accepted: the response as received (or none, when a
		 * delayed response implied it: S-6), then the delayed one. */
		require(m.resp_len <= max + 8 && m.dresp_len <= max + 8);
		if (m.resp_len >= 8) {
			check_reply(hdr, SCMI_VIO_MSG_COMMAND, FZ_CMDQ, rx + 8,
				    m.resp_len - 8,
				    (int32_t)sv_get_le32(rx + 4));
			require(sv_get_le32(rx) == (hdr & ~rsvd_type));
		} else {
			require(!m.resp_len && (which & 2));
			check_reply(hdr, SCMI_VIO_MSG_COMMAND, FZ_CMDQ, rx, 0,
				    0);
		}
		/* None after an error status: no delayed response follows. */
		if (m.dresp_len) {
			require(m.dresp_len >= 8 && (which & 2));
			check_reply(hdr, SCMI_VIO_MSG_DELAYED_RESP, FZ_EVQ,
				    drx + 8, m.dresp_len - 8,
				    (int32_t)sv_get_le32(drx + 4));
		}
	}
	if (which & 0x18) {
		static const enum scmi_vio_raw_queue qs[3] = {
			SCMI_VIO_RAW_ERRORS, SCMI_VIO_RAW_DELAYED,
			SCMI_VIO_RAW_NOTIFICATIONS
		};
		unsigned int k;
		size_t n;

		/* Hdr | status | payload, or hdr | payload: within a PDU. */
		for (k = 0; k < 3; k++)
			while (!scmi_vio_raw_read(dv.agent, qs[k], rx, max + 8,
						  &n, SCMI_VIO_NO_WAIT))
				require(n <= max + 8);
	}
}

/*
 * What moves the transport besides the agent:
 *   which bit 0..1: 0 the deferred worker, if it was woken; 1 process(),
 *                   as an interrupt would; 2 device ticks (bit 2..4:
 *                   how many, times 4); 3 the worker, then ticks
 */
void op_drive(uint8_t which)
{
	struct scmi_vio_virtio_scmi *vs = dv.vs;
	unsigned int n = 1 + (which >> 2 & 7) * 4;
	bool work;

	if ((which & 3) == 1) {
		require(scmi_vio_virtio_scmi_process(vs) == 0);
		return;
	}
	if ((which & 3) != 2) {
		pthread_mutex_lock(&vs->wlock);
		work = vs->work;
		vs->work = false;
		pthread_mutex_unlock(&vs->wlock);
		if (work)
			scmi_vio__vs_worker_run(vs);
		if ((which & 3) == 0)
			return;
	}
	while (n--)
		dev_tick();
}

/* ---- setup and teardown ----------------------------------------------- */

void ops_reset(bool raw)
{
	real_ops = scmi_vio_virtio_scmi_transport_ops();
	fwd = *real_ops;
	fwd.send = fwd_send;
	fwd.mark_txdone = fwd_mark_txdone;
	n_out = 0;
	sends = txdones = 0;
	sent_hdr = 0;
	memset(subs, 0, sizeof(subs));
	memset(slot, 0, sizeof(slot));
	n_subs = 0;
	registered = false;
	raw_on = raw;
}

int ops_agent_create(const struct scmi_vio_agent_config *cfg)
{
	int r = scmi_vio_agent_create(cfg, &fwd, dv.vs, &dv.agent);

	if (!r)
		scmi_vio_raw_enable(dv.agent, raw_on);
	return r;
}

void ops_teardown(void)
{
	check_all();
	scmi_vio_agent_destroy(dv.agent);
	require(txdones == sends && !n_out);
}

/* ---- the invariants --------------------------------------------------- */

/*
 * Invariant 1, both queues, and the device's account of the same heads:
 * every head the driver has in flight is either still in the avail ring,
 * held by the device, or used and not reaped.
 */
static void check_ring(struct vs_chan *ch, unsigned int qi,
		       unsigned int *in_flight)
{
	const struct fz_dq *d = &dv.q[qi];
	struct scmi_vio_vq_state st;
	uint16_t avail;

	pthread_mutex_lock(&ch->lock);
	scmi_vio_vq_get_state(ch->vq, &st);
	pthread_mutex_unlock(&ch->lock);
	require(st.free_descs + st.busy_descs == st.num);
	require(st.heads_in_flight == st.added - st.used);
	require(st.busy_descs == st.heads_in_flight * (qi == FZ_CMDQ ? 2 : 1));
	require(st.heads_in_flight <= st.num);
	*in_flight = st.heads_in_flight;
	if (dv.hostile_ring || !d->on)
		return;
	avail = sv_read_once(&d->vr.avail->idx);
	require(st.heads_in_flight == (uint16_t)(avail - d->last_avail) +
					      d->n_held +
					      (d->pushed - st.used));
}

static void mark(uint8_t *seen, const struct vs_chan *ch,
		 const struct vs_msg *m)
{
	size_t i = (size_t)(m - ch->msgs);

	require(i < ch->max_msg && !seen[i]);
	seen[i] = 1;
}

/*
 * Invariant 7 on the cmdq: each message on exactly one of the free list
 * (locked list and returned stack), the pending list, or the ring; none
 * bound to a transfer between operations; and no buffer the device holds
 * is free or pending.
 */
static void check_msgs(unsigned int in_ring)
{
	struct vs_chan *ch = &dv.vs->tx;
	const struct fz_dq *d = &dv.q[FZ_CMDQ];
	uint8_t seen[FZ_MAX_NUM] = { 0 };
	const struct vs_msg *m;
	unsigned int n = 0, i, k;

	pthread_mutex_lock(&ch->lock);
	for (m = ch->free; m; m = m->next, n++)
		mark(seen, ch, m);
	for (m = sv_load_acquire(&ch->returned); m; m = m->next, n++)
		mark(seen, ch, m);
	require(n == __scmi_vio__vs_pool_count(ch, NULL));
	pthread_mutex_unlock(&ch->lock);
	pthread_mutex_lock(&ch->pending_lock);
	for (m = ch->pend_head; m; m = m->next, n++)
		mark(seen, ch, m);
	pthread_mutex_unlock(&ch->pending_lock);
	require(n + in_ring == ch->max_msg);
	/* After a ring-level lie what the device holds is a guess. */
	for (i = 0; i < d->n_held && !dv.hostile_ring; i++) {
		for (k = 0; k < ch->max_msg; k++)
			if (ch->msgs[k].input == d->held[i].buf)
				break;
		require(k < ch->max_msg && !seen[k]);
	}
}

/* Invariant 4 and 5 between operations: nothing in flight in the agent. */
static void check_agent(void)
{
	struct scmi_vio_agent *a = dv.agent;
	const struct scmi_vio_xfer *x;
	unsigned int n = 0, i;

	require(!n_out && txdones == sends);
	pthread_mutex_lock(&a->pool_lock);
	for (x = a->free_tx; x; x = x->next_free)
		n++;
	require(n == a->n_xfers);
	for (i = 0; i < SCMI_VIO_MAX_TOKENS / 64; i++)
		require(!a->token_map[i]);
	pthread_mutex_unlock(&a->pool_lock);
}

/* The counters agree with each other and with what was seen here. */
static void check_counters(void)
{
	struct scmi_vio_virtio_scmi_stats vs;
	struct scmi_vio_agent_stats as;
	uint64_t ended;

	scmi_vio_agent_get_stats(dv.agent, &as);
	scmi_vio_virtio_scmi_get_stats(dv.vs, &vs);
	require(as.sent == sends && vs.sends == sends);
	/* Invariant 5: one outcome per sent transfer: a response (or the
	 * one a delayed response implied), an ended poll, a reply its own
	 * buffer held that was rejected (counted invalid, with others), or
	 * a timeout (timeouts also count delayed responses that never
	 * came). */
	ended = as.responses + as.dresp_first + as.poll_ended;
	require(ended <= as.sent &&
		ended + as.timeouts + as.invalid >= as.sent);
	require(as.delayed_responses <= as.sent);
	require(vs.tx_completions <= vs.sends);
	require(vs.tx_free_now <= vs.tx_max);
}

void check_all(void)
{
	unsigned int tx_ring, rx_ring;

	check_ring(&dv.vs->tx, FZ_CMDQ, &tx_ring);
	if (dv.vs->has_rx) {
		check_ring(&dv.vs->rx, FZ_EVQ, &rx_ring);
		require(rx_ring <= dv.vs->rx.max_msg);
	}
	check_msgs(tx_ring);
	check_agent();
	check_counters();
}
