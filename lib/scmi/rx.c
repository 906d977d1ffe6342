// SPDX-License-Identifier: BSD-3-Clause
/*
 * The receive path (docs/linux-notes.md A4, A6): the one judge of replies,
 * token lookup, the state machine, fetching through the transport, completion;
 * and the two fill helpers through which transports hand bytes to the core.
 *
 * Everything the peer sends is hostile.  Whichever path brings a reply
 * (the transport's interrupt delivery, its deferred worker, or a poller
 * that found it in its command's own buffer), judge() alone decides
 * whether it is acceptable for a transfer, from what arrived and where:
 *  - the header: reserved bits zero (S-2), token, protocol and message id
 *    of the request (S-1, S-3, stricter than Linux), the length;
 *  - the queue (S-18): the cmdq carries only responses, the eventq only
 *    delayed responses and notifications;
 *  - the transfer's state: whether this reply is expected at all (S-4..S-8).
 * A command buffer's content belongs to the command sent in it, whatever
 * its header says: it completes that command or fails it at once with
 * -EPROTO (S-17, S-18), and never completes another transfer.  Lengths are
 * clamped by the fill helpers (S-10, S-11).
 */
#include <errno.h>
#include <string.h>

#include "common/atomics.h"
#include "common/log.h"
#include "common/byteorder.h"
#include "common/compiler.h"
#include "scmi/agent.h"

/* Where a message came from. */
enum sv_rxq {
	SV_RXQ_CMDQ, /* a command's own buffer: its command is known */
	SV_RXQ_EVENTQ, /* delayed responses and notifications */
	SV_RXQ_ANY, /* a transport that cannot tell: the token names it */
};

/* What arrived, as the judge sees it. */
struct sv_rxmsg {
	uint32_t hdr; /* as received; none when len < 4 */
	uint32_t sent; /* SV_RXQ_CMDQ: the header of the buffer's command */
	size_t len; /* bytes the device wrote; SIZE_MAX: not told */
	enum sv_rxq q;
};

enum verdict {
	V_CLAIM, /* expected: deliver it */
	V_FAIL, /* invalid, and it ends the wait it answers: -EPROTO */
	V_INVALID, /* invalid: count and drop */
	V_UNEXPECTED, /* nothing waits for it (S-1, S-8): count and drop */
};

void scmi_vio__fetch_into(struct scmi_vio_agent *a, struct scmi_vio_xfer *x,
			  enum sv_fill_target t, void *msg)
{
	x->target = t;
	a->ops->fetch_response(a->tp, x, msg);
}

void scmi_vio_xfer_fill_response(struct scmi_vio_xfer *x, const void *pdu,
				 size_t used_len)
{
	struct sv_rxbuf *r = x->target == SV_FILL_DRESP ? &x->dresp : &x->resp;
	size_t max = x->agent->max_payload, n;

	if (used_len < 8) {
		/* S-10: no status is read from bytes the device did not
		 * write; the header is kept when it is there. */
		r->short_pdu = true;
		r->len = 0;
		r->wire = used_len < 4 ? 0 : 4;
		if (used_len >= 4)
			r->hdr = sv_get_le32(pdu);
		sv_count(x->agent, truncated);
		return;
	}
	r->short_pdu = false;
	r->hdr = sv_get_le32(pdu);
	r->status = (int32_t)sv_get_le32((const uint8_t *)pdu + 4);
	n = used_len - 8;
	if (n > max) {
		n = max;
		sv_count(x->agent, truncated);
	}
	memcpy(r->buf, (const uint8_t *)pdu + 8, n);
	r->len = n;
	r->wire = 8 + n;
}

void scmi_vio_xfer_fill_notification(struct scmi_vio_xfer *x, const void *pdu,
				     size_t used_len)
{
	size_t n;

	if (used_len < 4) {
		x->resp.short_pdu = true;
		x->resp.len = 0;
		x->notif_claimed = 0;
		return;
	}
	n = used_len - 4;
	x->notif_claimed = n;
	if (n > x->agent->max_payload)
		n = x->agent->max_payload;
	memcpy(x->resp.buf, (const uint8_t *)pdu + 4, n);
	x->resp.len = n;
}

/* A header no transfer can take: reserved bits, or type 1 (S-2). */
static bool malformed(const struct sv_rxmsg *r)
{
	struct scmi_vio_hdr h;

	if (r->len < 4)
		return false;
	scmi_vio_hdr_unpack(r->hdr, &h);
	return scmi_vio_hdr_reserved_set(r->hdr) ||
	       h.type == SCMI_VIO_MSG_UNUSED;
}

/*
 * The move of a V_FAIL from state @st: a failed response ends the whole
 * exchange (no delayed response is taken after it), a failed delayed
 * response its own wait.
 */
static unsigned int fail_state(unsigned int st)
{
	return st == SV_XFER_SENT ? SV_XFER_ABANDONED : SV_XFER_DRESP;
}

/* An invalid reply for @x in state @st: raw mode ends the wait with it. */
static enum verdict fail(const struct scmi_vio_xfer *x, unsigned int st,
			 unsigned int *nst)
{
	if (!x->raw)
		return V_INVALID;
	*nst = fail_state(st);
	return V_FAIL;
}

/*
 * The one judge: what reply @r is to @x (NULL: no transfer holds its
 * token) in state @st, and for V_CLAIM and V_FAIL the state it moves @x
 * to (a V_FAIL fills the slot of the wait it ends: the response's unless
 * it moves to DRESP).  Pure: the caller claims the move by
 * compare-and-swap.  Inlined: the polled round trip then folds it to the
 * one comparison its own buffer needs.
 */
static SV_ALWAYS_INLINE enum verdict judge(const struct scmi_vio_xfer *x,
					   const struct sv_rxmsg *r,
					   unsigned int st, unsigned int *nst)
{
	const uint32_t tmask = SCMI_VIO_HDR_TYPE_MASK
			       << SCMI_VIO_HDR_TYPE_SHIFT;
	bool bad;

	if (!x || st == SV_XFER_IDLE || st == SV_XFER_ABANDONED)
		/* S-1, S-8: late, or not sent; S-2 comes first. */
		return malformed(r) ? V_INVALID : V_UNEXPECTED;
	if (r->q == SV_RXQ_CMDQ) {
		if (r->sent != x->hdr)
			return V_UNEXPECTED; /* its command ended; its token
						went to another */
		if (st != SV_XFER_SENT)
			return V_INVALID; /* S-4; stale after S-6 */
		/* S-17, S-18: whatever the command's own buffer holds ends
		 * its wait: the response echoing the command (no header at
		 * all: the fill fails it, S-10), or anything else. */
		if (r->len < 4 || r->hdr == x->reply) {
			*nst = SV_XFER_RESP;
			return V_CLAIM;
		}
		*nst = fail_state(st);
		return V_FAIL;
	}
	if (r->len < 4)
		return V_INVALID;
	/* Reserved bits (S-2), token (S-1), protocol and message id (S-3)
	 * in one comparison: x->reply has the type and reserved bits 0. */
	bad = (r->hdr & ~tmask) != x->reply;
	switch ((r->hdr & tmask) >> SCMI_VIO_HDR_TYPE_SHIFT) {
	case SCMI_VIO_MSG_COMMAND:
		if (st != SV_XFER_SENT)
			return V_INVALID; /* S-4, S-6 stale */
		if (bad || r->q == SV_RXQ_EVENTQ)
			return fail(x, st, nst); /* S-3, S-18 */
		*nst = SV_XFER_RESP;
		return V_CLAIM;
	case SCMI_VIO_MSG_DELAYED_RESP:
		if (!x->async || st == SV_XFER_DRESP)
			return V_INVALID; /* S-5, S-7 */
		if (bad)
			return fail(x, st, nst); /* S-3 */
		*nst = SV_XFER_DRESP;
		return V_CLAIM;
	default:
		return V_INVALID; /* S-2; a notification is no reply */
	}
}

/* A delayed response that is well formed but that nobody waits for. */
static bool unwaited_dresp(const struct sv_rxmsg *r)
{
	struct scmi_vio_hdr h;

	if (r->q == SV_RXQ_CMDQ || r->len < 4 || malformed(r))
		return false;
	scmi_vio_hdr_unpack(r->hdr, &h);
	return h.type == SCMI_VIO_MSG_DELAYED_RESP;
}

/* Count and drop a message of verdict @v (raw mode keeps a copy). */
static void drop(struct scmi_vio_agent *a, const struct sv_rxmsg *r,
		 enum verdict v, void *msg)
{
	if (v == V_UNEXPECTED)
		sv_count(a, unexpected);
	else
		sv_count(a, invalid);
	scmi_vio__log(SCMI_VIO_LOG_WARN, "rejected",
		      "agent %p: %s message %#010x (%zu bytes) dropped",
		      (void *)a, v == V_UNEXPECTED ? "unexpected" : "invalid",
		      r->len >= 4 ? r->hdr : 0, r->len);
	scmi_vio__raw_report_msg(a, msg, r->hdr, unwaited_dresp(r));
}

/*
 * A reply that fails @x, to the raw errors queue - unless @x is a raw
 * exchange, which hands those bytes back to its caller (raw_xfer()): one
 * copy of each message, as Linux's raw mode (every raw request has its
 * one reply; errors holds what no request took).
 */
static void report_failing(struct scmi_vio_agent *a,
			   const struct scmi_vio_xfer *x,
			   const struct sv_rxbuf *rb)
{
	if (!x->raw)
		scmi_vio__raw_report(a, rb, false);
}

/*
 * A reply @r judged @v for @x, claimed by moving from @st to @nst: fetch
 * it into its slot and complete the wait.  The caller holds a reference on @x, which
 * this drops.
 */
static void deliver(struct scmi_vio_agent *a, struct scmi_vio_xfer *x,
		    const struct sv_rxmsg *r, enum verdict v, unsigned int st,
		    unsigned int nst, void *msg)
{
	bool dresp = nst == SV_XFER_DRESP;
	struct sv_rxbuf *rb = dresp ? &x->dresp : &x->resp;

	if (dresp && st == SV_XFER_SENT) {
		/* S-6: a delayed response before its response implies a
		 * SUCCESS response; complete the response wait now.  Nobody
		 * else can claim the response any more, so nobody else
		 * writes x->resp. */
		x->resp.status = SCMI_VIO_SUCCESS;
		x->resp.len = 0;
		x->resp.wire = 0;
		x->resp.short_pdu = false;
		sv_count(a, dresp_first);
		scmi_vio__xfer_complete(x, false);
	}
	scmi_vio__xfer_busy_get(x);
	scmi_vio__fetch_into(a, x, dresp ? SV_FILL_DRESP : SV_FILL_RESP, msg);
	/* The header kept is the one judged, even if the device rewrote
	 * its buffer since the transport read it. */
	rb->hdr = r->hdr;
	rb->rejected = v == V_FAIL;
	scmi_vio__xfer_busy_put(x);
	if (v == V_FAIL) {
		sv_count(a, invalid);
		scmi_vio__log(SCMI_VIO_LOG_WARN, "rejected",
			      "agent %p: reply %#010x fails command %#010x",
			      (void *)a, r->hdr, x->hdr);
		report_failing(a, x, rb);
	} else if (dresp) {
		sv_xcount(x, delayed_responses);
	} else {
		sv_xcount(x, responses);
	}
	/*
	 * Our reference goes before the completion: having lost the claim,
	 * the waiter cannot return before the flag is set, so its own
	 * reference keeps @x alive until then; and once it returns, the
	 * token is free for reuse at once (raw mode reuses it).
	 */
	scmi_vio__xfer_put(a, x);
	scmi_vio__xfer_complete(x, dresp);
}

/* Judge @r for @x (held by the caller, or NULL) and act on the verdict. */
static void reply_rx(struct scmi_vio_agent *a, struct scmi_vio_xfer *x,
		     const struct sv_rxmsg *r, void *msg)
{
	unsigned int st = SV_XFER_IDLE, nst = SV_XFER_IDLE;
	enum verdict v;

	/* Acquire: the request fields written before SENT are visible;
	 * pairs with the exchange in scmi_vio__xfer_run(). */
	if (x)
		st = sv_load_acquire(&x->state);
	do {
		v = judge(x, r, st, &nst);
		if (v == V_INVALID || v == V_UNEXPECTED) {
			if (x)
				scmi_vio__xfer_put(a, x);
			drop(a, r, v, msg);
			return;
		}
		/* The winner of the move owns the delivery: the waiter's
		 * give-up and the other receive paths see one winner. */
	} while (!sv_cmpxchg(&x->state, &st, nst));
	deliver(a, x, r, v, st, nst, msg);
}

void scmi_vio__poll_fetch(struct scmi_vio_agent *a, struct scmi_vio_xfer *x)
{
	struct sv_rxmsg r = { .sent = x->hdr, .q = SV_RXQ_CMDQ };
	unsigned int nst;

	/*
	 * The caller won SENT->RESP, which excludes every other writer (a
	 * polled command is never async): no busy flag, and it is the only
	 * waiter, so no wake-up.  Its own buffer holds nothing another
	 * transfer may take: fetch, then judge what came.
	 */
	scmi_vio__fetch_into(a, x, SV_FILL_RESP, scmi_vio_xfer_get_priv(x));
	r.hdr = x->resp.hdr;
	r.len = x->resp.wire;
	x->resp.rejected = judge(x, &r, SV_XFER_SENT, &nst) != V_CLAIM;
	if (x->resp.rejected) {
		sv_count(a, invalid);
		scmi_vio__log(
			SCMI_VIO_LOG_WARN, "rejected",
			"agent %p: polled reply %#010x fails command %#010x",
			(void *)a, r.hdr, x->hdr);
		report_failing(a, x, &x->resp);
	} else {
		sv_xcount(x, responses);
	}
}

static void notif_rx(struct scmi_vio_agent *a, uint32_t hdr,
		     const struct scmi_vio_hdr *h, void *msg)
{
	struct scmi_vio_xfer *x;
	size_t max;

	if (!a->ops->fetch_notification) {
		sv_count(a, invalid);
		return;
	}
	x = scmi_vio__rx_xfer_get(a);
	if (!x) {
		sv_count(a, rx_nomem);
		return;
	}
	x->notif_hdr = hdr;
	x->target = SV_FILL_NOTIF;
	x->resp.short_pdu = false;
	x->resp.len = 0;
	x->notif_claimed = 0;
	max = scmi_vio__notify_max_payload(a, h->protocol, h->id);
	a->ops->fetch_notification(a->tp, x, max ? max : a->max_payload, msg);
	if (x->resp.short_pdu) {
		sv_count(a, invalid);
	} else {
		scmi_vio__raw_report_notif(a, x);
		scmi_vio__notify_rx(a, x, scmi_vio__now_ns());
	}
	scmi_vio__xfer_put(a, x);
}

/* A message found by its own token (eventq, or a transport that cannot
 * tell the queue). */
static void rx_by_token(struct scmi_vio_agent *a, const struct sv_rxmsg *r,
			void *msg)
{
	struct scmi_vio_hdr h;

	if (r->len < 4 || malformed(r)) {
		drop(a, r, V_INVALID, msg); /* S-2 */
		return;
	}
	scmi_vio_hdr_unpack(r->hdr, &h);
	if (h.type == SCMI_VIO_MSG_NOTIFICATION)
		notif_rx(a, r->hdr, &h, msg);
	else
		reply_rx(a, scmi_vio__xfer_lookup(a, h.token), r, msg);
}

void scmi_vio_agent_rx_response(struct scmi_vio_agent *a, uint32_t sent,
				uint32_t hdr, size_t len, void *msg)
{
	struct sv_rxmsg r = { hdr, sent, len, SV_RXQ_CMDQ };
	struct scmi_vio_hdr h;

	scmi_vio_hdr_unpack(sent, &h);
	reply_rx(a, scmi_vio__xfer_lookup(a, h.token), &r, msg);
}

void scmi_vio_agent_rx_event(struct scmi_vio_agent *a, uint32_t hdr, size_t len,
			     void *msg)
{
	struct sv_rxmsg r = { hdr, 0, len, SV_RXQ_EVENTQ };

	rx_by_token(a, &r, msg);
}

void scmi_vio_agent_rx(struct scmi_vio_agent *a, uint32_t hdr, void *msg)
{
	struct sv_rxmsg r = { hdr, 0, SIZE_MAX, SV_RXQ_ANY };

	rx_by_token(a, &r, msg);
}

void scmi_vio_agent_report_lost(struct scmi_vio_agent *agent, int err)
{
	int none = 0;
	unsigned int i;

	if (err >= 0)
		err = -EIO;
	/* The first report wins; later ones change nothing. */
	if (!sv_cmpxchg(&agent->lost, &none, err))
		return;
	scmi_vio__log(SCMI_VIO_LOG_ERROR, "lost",
		      "agent %p: the transport's device is gone (%d)",
		      (void *)agent, err);
	/* The errno before the sleepers are read; pairs with the fence in
	 * wait_flag() (xfer_wait.c): a waiter either is counted here and
	 * gets the broadcast, or sees the errno before it sleeps. */
	sv_smp_mb();
	for (i = 0; i < agent->n_xfers; i++) {
		struct scmi_vio_xfer *x = &agent->xfers[i];

		if (!sv_read_once(&x->sleepers))
			continue;
		pthread_mutex_lock(&x->lock);
		pthread_cond_broadcast(&x->cond);
		pthread_mutex_unlock(&x->lock);
	}
	/* And whoever waits on a raw queue: nothing more comes either. */
	scmi_vio__raw_lost(agent);
}

void scmi_vio_agent_report_broken(struct scmi_vio_agent *agent)
{
	sv_count(agent, broken);
	scmi_vio__log(SCMI_VIO_LOG_ERROR, "broken",
		      "agent %p: the transport's ring is broken",
		      (void *)agent);
}
