// SPDX-License-Identifier: BSD-3-Clause
/*
 * Refused front-end requests, logged (refused.h).  Without a line the
 * operator of a back-end sees nothing when a guest fails to probe, the
 * reason being visible only to the front-end as an errno.  A hostile
 * front-end can send refused requests as fast as the socket carries them,
 * so the lines are rate-limited by a token bucket: REFUSED_BURST at once,
 * then one per REFUSED_PERIOD_NS, the rest counted and reported with the
 * next line let through.  Per back-end, not per session: reconnecting
 * does not buy a new burst.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common/clock.h"
#include "common/log.h"
#include "vhost_user/msg.h"
#include "vhost_user/refused.h"

#define REFUSED_BURST 10u
#define REFUSED_PERIOD_NS 1000000000ull

static const char *request_name(uint32_t request)
{
	switch (request) {
	case VHU_GET_FEATURES:
		return "GET_FEATURES";
	case VHU_SET_FEATURES:
		return "SET_FEATURES";
	case VHU_SET_OWNER:
		return "SET_OWNER";
	case VHU_RESET_OWNER:
		return "RESET_OWNER";
	case VHU_SET_MEM_TABLE:
		return "SET_MEM_TABLE";
	case VHU_SET_LOG_BASE:
		return "SET_LOG_BASE";
	case VHU_SET_LOG_FD:
		return "SET_LOG_FD";
	case VHU_SET_VRING_NUM:
		return "SET_VRING_NUM";
	case VHU_SET_VRING_ADDR:
		return "SET_VRING_ADDR";
	case VHU_SET_VRING_BASE:
		return "SET_VRING_BASE";
	case VHU_GET_VRING_BASE:
		return "GET_VRING_BASE";
	case VHU_SET_VRING_KICK:
		return "SET_VRING_KICK";
	case VHU_SET_VRING_CALL:
		return "SET_VRING_CALL";
	case VHU_SET_VRING_ERR:
		return "SET_VRING_ERR";
	case VHU_GET_PROTOCOL_FEATURES:
		return "GET_PROTOCOL_FEATURES";
	case VHU_SET_PROTOCOL_FEATURES:
		return "SET_PROTOCOL_FEATURES";
	case VHU_GET_QUEUE_NUM:
		return "GET_QUEUE_NUM";
	case VHU_SET_VRING_ENABLE:
		return "SET_VRING_ENABLE";
	case VHU_SET_BACKEND_REQ_FD:
		return "SET_BACKEND_REQ_FD";
	case VHU_GET_CONFIG:
		return "GET_CONFIG";
	case VHU_RESET_DEVICE:
		return "RESET_DEVICE";
	}
	return "request";
}

/* May a line go out now?  Takes a token if so. */
static int take_token(struct vhu_refused *r)
{
	uint64_t now = scmi_vio__now_ns();

	if (!r->refill_ns) {
		r->tokens = REFUSED_BURST;
		r->refill_ns = now + REFUSED_PERIOD_NS;
	}
	while (r->tokens < REFUSED_BURST && now >= r->refill_ns) {
		r->tokens++;
		r->refill_ns += REFUSED_PERIOD_NS;
	}
	/* A full bucket does not bank time for later. */
	if (r->tokens == REFUSED_BURST && now >= r->refill_ns)
		r->refill_ns = now + REFUSED_PERIOD_NS;
	if (!r->tokens)
		return 0;
	r->tokens--;
	return 1;
}

void scmi_vio__vhu_refused(struct vhu_refused *r, uint32_t request, int err,
			   const char *hint)
{
	char held[64] = "";

	if (!take_token(r)) {
		r->held++;
		return;
	}
	if (r->held)
		snprintf(held, sizeof(held),
			 " (%" PRIu64 " more refused, not logged)", r->held);
	r->held = 0;
	scmi_vio__log(SCMI_VIO_LOG_WARN, "rejected",
		      "vhost-user: %s (%" PRIu32 ") refused: %s%s%s%s%s",
		      request_name(request), request, strerror(-err),
		      hint ? " (" : "", hint ? hint : "", hint ? ")" : "",
		      held);
}
