// SPDX-License-Identifier: BSD-3-Clause
/*
 * The receive path (LINUX_NOTES.md A4, A6): header checks, token lookup,
 * the state machine, fetching through the transport, completion; and the
 * two fill helpers through which transports hand bytes to the core.
 *
 * Everything the peer sends is hostile: the header is checked before use
 * (S-2), the token is looked up, never trusted (S-1), protocol and message
 * id must match the request (S-3, stricter than Linux), and the state says
 * whether this reply is expected at all (S-4..S-8).  Lengths are clamped by
 * the fill helpers (S-10, S-11).
 */
#include <string.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "scmi/agent.h"

enum verdict {
	V_CLAIM,
	V_UNEXPECTED,
	V_INVALID,
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
		 * write. */
		r->short_pdu = true;
		r->len = 0;
		sv_count(x->agent, truncated);
		return;
	}
	r->short_pdu = false;
	r->status = (int32_t)sv_get_le32((const uint8_t *)pdu + 4);
	n = used_len - 8;
	if (n > max) {
		n = max;
		sv_count(x->agent, truncated);
	}
	memcpy(r->buf, (const uint8_t *)pdu + 8, n);
	r->len = n;
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

/*
 * Decide what a reply with header @h is to @x and, if it is expected, claim
 * it by moving the state (compare-and-swap, so the waiter's give-up and the
 * other receive and poll paths see exactly one winner).
 */
static enum verdict judge(struct scmi_vio_xfer *x, const struct scmi_vio_hdr *h)
{
	unsigned int st, nst;

	/* Acquire: the request fields written before SENT are visible;
	 * pairs with the release in scmi_vio__xfer_run(). */
	st = sv_load_acquire(&x->state);
	do {
		if (st == SV_XFER_IDLE || st == SV_XFER_ABANDONED)
			return V_UNEXPECTED; /* S-8: late, or not sent */
		if (h->protocol != x->protocol || h->id != x->msg_id)
			return V_INVALID; /* S-3 */
		if (h->type == SCMI_VIO_MSG_COMMAND) {
			if (st != SV_XFER_SENT)
				return V_INVALID; /* S-4, S-6 stale */
			nst = SV_XFER_RESP;
		} else {
			if (!x->async || st == SV_XFER_DRESP)
				return V_INVALID; /* S-5, S-7 */
			nst = SV_XFER_DRESP;
		}
	} while (!sv_cmpxchg(&x->state, &st, nst));
	if (h->type == SCMI_VIO_MSG_DELAYED_RESP && st == SV_XFER_SENT) {
		/* S-6: a delayed response before its response implies a
		 * SUCCESS response; complete the response wait now.  Nobody
		 * else can claim the response any more, so nobody else
		 * writes x->resp. */
		x->resp.status = SCMI_VIO_SUCCESS;
		x->resp.len = 0;
		x->resp.short_pdu = false;
		sv_count(x->agent, dresp_first);
		scmi_vio__xfer_complete(x, false);
	}
	return V_CLAIM;
}

static void reply_rx(struct scmi_vio_agent *a, uint32_t hdr,
		     const struct scmi_vio_hdr *h, void *msg)
{
	bool dresp = h->type == SCMI_VIO_MSG_DELAYED_RESP;
	struct scmi_vio_xfer *x;
	enum verdict v;

	x = scmi_vio__xfer_lookup(a, h->token);
	if (!x) {
		sv_count(a, unexpected); /* S-1, S-8 */
		scmi_vio__raw_report_error(a, hdr, msg);
		return;
	}
	v = judge(x, h);
	if (v != V_CLAIM) {
		if (v == V_UNEXPECTED)
			sv_count(a, unexpected);
		else
			sv_count(a, invalid);
		scmi_vio__xfer_put(a, x);
		scmi_vio__raw_report_error(a, hdr, msg);
		return;
	}
	scmi_vio__xfer_busy_get(x);
	scmi_vio__fetch_into(a, x, dresp ? SV_FILL_DRESP : SV_FILL_RESP, msg);
	scmi_vio__xfer_busy_put(x);
	if (dresp)
		sv_xcount(x, delayed_responses);
	else
		sv_xcount(x, responses);
	scmi_vio__xfer_complete(x, dresp);
	scmi_vio__xfer_put(a, x);
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

void scmi_vio_agent_rx(struct scmi_vio_agent *a, uint32_t hdr, void *msg)
{
	struct scmi_vio_hdr h;

	scmi_vio_hdr_unpack(hdr, &h);
	if (scmi_vio_hdr_reserved_set(hdr) || h.type == SCMI_VIO_MSG_UNUSED) {
		sv_count(a, invalid); /* S-2 */
		scmi_vio__raw_report_error(a, hdr, msg);
		return;
	}
	if (h.type == SCMI_VIO_MSG_NOTIFICATION)
		notif_rx(a, hdr, &h, msg);
	else
		reply_rx(a, hdr, &h, msg);
}

void scmi_vio_agent_report_broken(struct scmi_vio_agent *agent)
{
	sv_count(agent, broken);
}
