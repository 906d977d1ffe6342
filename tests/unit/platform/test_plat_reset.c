// SPDX-License-Identifier: BSD-3-Clause
/*
 * Reset domain protocol server (0x16) against hand-written bytes, on the
 * default configuration: gpu_rst (100 us, async, notify), usb_rst (latency
 * unknown, sync only, notify), ethernet_mac_reset (20 us, async, no
 * notify; an extended name).
 */
#include <errno.h>

#include "check_run.h"
#include "plat_fixture.h"

#define P_RESET 0x16
/* RESET flags: autonomous, explicit assert, async. */
#define AUTO 1u
#define ASSERT 2u
#define ASYNC 4u
#define Z8 0, 0, 0, 0, 0, 0, 0, 0

static const struct plat_step reset_protocol[] = {
	{ ASK(H(P_RESET, 0x0, 1), 0), REPLY_OK(W(0x00030001)) },
	{ ASK(H(P_RESET, 0x1, 1), 0), REPLY_OK(W(3)) },
	{ IMPLEMENTED(H(P_RESET, 0x2, 1), 0x3, 0x4, 0x5, 0x6) },
	{ NOT_IMPLEMENTED(H(P_RESET, 0x2, 1), 0x7) },
};

static const struct plat_step reset_domain_attributes[] = {
	/* async [31], notify [30], latency, name. */
	{ ASK(H(P_RESET, 0x3, 2), 1, 0),
	  REPLY_OK(W(0xc0000000), W(100), 'g', 'p', 'u', '_', 'r', 's', 't', 0,
		   0, 0, 0, 0, 0, 0, 0, 0) },
	{ ASK(H(P_RESET, 0x3, 2), 1, 1),
	  REPLY_OK(W(0x40000000), W(0xffffffff), 'u', 's', 'b', '_', 'r', 's',
		   't', 0, 0, 0, 0, 0, 0, 0, 0, 0) },
	/* An extended name [29]: its first 15 characters here. */
	{ ASK(H(P_RESET, 0x3, 2), 1, 2),
	  REPLY_OK(W(0xa0000000), W(20), 'e', 't', 'h', 'e', 'r', 'n', 'e', 't',
		   '_', 'm', 'a', 'c', '_', 'r', 'e', 0) },
	{ ASK(H(P_RESET, 0x3, 2), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_RESET, 0x3, 2), 0), STATUS_IS(S_PROTOCOL) },
};

/* RESET_DOMAIN_NAME_GET: {flags, char[64]} for an extended name. */
static const struct plat_step reset_domain_name_get[] = {
	{ ASK(H(P_RESET, 0x6, 9), 1, 2),
	  REPLY_OK(W(0), 'e', 't', 'h', 'e', 'r', 'n', 'e', 't', '_', 'm', 'a',
		   'c', '_', 'r', 'e', 's', 'e', 't', Z8, Z8, Z8, Z8, Z8, 0, 0,
		   0, 0, 0, 0) },
	{ ASK(H(P_RESET, 0x6, 9), 1, 0), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_RESET, 0x6, 9), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_RESET, 0x6, 9), 0), STATUS_IS(S_PROTOCOL) },
};

static const struct plat_step reset_reset[] = {
	/* {domain, flags, reset state}. */
	{ ASK(H(P_RESET, 0x4, 3), 3, 0, AUTO, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_RESET, 0x4, 3), 3, 1, ASSERT, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_RESET, 0x4, 3), 3, 1, 0, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_RESET, 0x4, 3), 3, 3, AUTO, 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_RESET, 0x4, 3), 3, 3, 0xff, 7), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_RESET, 0x4, 3), 3, 0, 8, 0), STATUS_IS(S_INVALID) },
	/* Async without autonomous. */
	{ ASK(H(P_RESET, 0x4, 3), 3, 0, ASYNC, 0), STATUS_IS(S_INVALID) },
	{ ASK(H(P_RESET, 0x4, 3), 3, 0, AUTO, 1), STATUS_IS(S_INVALID) },
	{ ASK(H(P_RESET, 0x4, 3), 3, 0, AUTO, 0x80000000),
	  STATUS_IS(S_NOT_SUPPORTED) },
	/* usb_rst has no async resets. */
	{ ASK(H(P_RESET, 0x4, 3), 3, 1, AUTO | ASYNC, 0),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_RESET, 0x4, 3), 2, 0, AUTO), STATUS_IS(S_PROTOCOL) },
	{ NO_EVENT_IS },
};

static const struct plat_step reset_async[] = {
	/* SUCCESS now, RESET_COMPLETE {status, domain} later. */
	{ ASK(H(P_RESET, 0x4, 9), 3, 2, AUTO | ASYNC, 0), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_RESET, 0x4, 2, 9)), W(S_OK), W(2)) },
	{ NO_EVENT_IS },
	/* The 16 delayed-response slots fill; the 17th is BUSY. */
	{ ASK(H(P_RESET, 0x4, 10), 3, 0, AUTO | ASYNC, 0), STATUS_IS(S_OK),
	  TIMES(16) },
	{ ASK(H(P_RESET, 0x4, 11), 3, 0, AUTO | ASYNC, 0), STATUS_IS(S_BUSY) },
	{ EVENT_IS(W(HT(P_RESET, 0x4, 2, 10)), W(S_OK), W(0)), TIMES(16) },
	{ NO_EVENT_IS },
};

/* Without P2A: not advertised, and refused. */
static const struct plat_step reset_async_no_p2a[] = {
	{ ASK(H(P_RESET, 0x3, 2), 1, 0),
	  REPLY_OK(W(0), W(100), 'g', 'p', 'u', '_', 'r', 's', 't', 0, 0, 0, 0,
		   0, 0, 0, 0, 0) },
	{ ASK(H(P_RESET, 0x4, 3), 3, 0, AUTO | ASYNC, 0),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_RESET, 0x4, 3), 3, 0, AUTO, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_RESET, 0x5, 3), 2, 0, 1), STATUS_IS(S_NOT_SUPPORTED) },
};

static const struct plat_step reset_notifications[] = {
	{ ASK(H(P_RESET, 0x5, 4), 2, 0, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_RESET, 0x5, 4), 2, 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_RESET, 0x5, 4), 2, 2, 1), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_RESET, 0x5, 4), 2, 0, 2), STATUS_IS(S_INVALID) },
	{ ASK(H(P_RESET, 0x5, 4), 2, 3, 1), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_RESET, 0x5, 4), 1, 0), STATUS_IS(S_PROTOCOL) },
	/* RESET_ISSUED {agent, domain, state}; a de-assert issues none. */
	{ ASK(H(P_RESET, 0x4, 5), 3, 0, AUTO, 0), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_RESET, 0x0, 3, 0)), W(1), W(0), W(0)) },
	{ ASK(H(P_RESET, 0x4, 5), 3, 1, ASSERT, 0), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_RESET, 0x0, 3, 0)), W(1), W(1), W(0)) },
	{ ASK(H(P_RESET, 0x4, 5), 3, 1, 0, 0), STATUS_IS(S_OK) },
	{ NO_EVENT_IS },
	/* Async: the delayed response first, then the notification. */
	{ ASK(H(P_RESET, 0x4, 6), 3, 0, AUTO | ASYNC, 0), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_RESET, 0x4, 2, 6)), W(S_OK), W(0)) },
	{ EVENT_IS(W(HT(P_RESET, 0x0, 3, 0)), W(1), W(0), W(0)) },
	/* ethernet_mac_reset never notifies; disabled domains stop. */
	{ ASK(H(P_RESET, 0x4, 5), 3, 2, AUTO, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_RESET, 0x5, 4), 2, 0, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_RESET, 0x4, 5), 3, 0, AUTO, 0), STATUS_IS(S_OK) },
	{ NO_EVENT_IS },
};

static const struct plat_step reset_scmi_2_0[] = {
	{ ASK(H(P_RESET, 0x0, 1), 0), REPLY_OK(W(0x00010000)) },
	{ ASK(H(P_RESET, 0x10, 1), 1, 0x10000), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_RESET, 0x4, 3), 3, 0, AUTO, 0), STATUS_IS(S_OK) },
	/* Reset 1.0 has no extended names: cut, and no [29]. */
	{ ASK(H(P_RESET, 0x3, 1), 1, 2),
	  REPLY_OK(W(0x80000000), W(20), 'e', 't', 'h', 'e', 'r', 'n', 'e', 't',
		   '_', 'm', 'a', 'c', '_', 'r', 'e', 0) },
	{ ASK(H(P_RESET, 0x6, 1), 1, 2), STATUS_IS(S_NOT_FOUND) },
};

static const struct plat_case tests[] = {
	SCRIPT(plat_default, reset_protocol),
	SCRIPT(plat_default, reset_domain_attributes),
	SCRIPT(plat_default, reset_domain_name_get),
	SCRIPT(plat_default, reset_reset),
	SCRIPT(plat_default, reset_async),
	SCRIPT(plat_no_p2a, reset_async_no_p2a),
	SCRIPT(plat_default, reset_notifications),
	SCRIPT(plat_scmi_2_0, reset_scmi_2_0),
};

int main(void)
{
	return plat_check_run("platform_reset", "reset", 0, tests,
			      ARRAY_SIZE(tests));
}
