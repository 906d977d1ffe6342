// SPDX-License-Identifier: BSD-3-Clause
/*
 * Power domain protocol server (0x11) against hand-written bytes, on the
 * default configuration: cluster0 (on, sync and async), gpu (off, sync
 * only), vpu (off, async only), display_controller (on, sync and async;
 * an extended name).
 */
#include <errno.h>

#include "check_run.h"
#include "plat_fixture.h"

#define P_POWER 0x11
#define ON 0x00000000u
#define OFF 0x40000000u
#define Z8 0, 0, 0, 0, 0, 0, 0, 0

static const struct plat_step power_protocol[] = {
	{ ASK(H(P_POWER, 0x0, 1), 0), REPLY_OK(W(0x00030001)) },
	/* 4 domains, no statistics region. */
	{ ASK(H(P_POWER, 0x1, 2), 0), REPLY_OK(W(4), W(0), W(0), W(0)) },
	{ IMPLEMENTED(H(P_POWER, 0x2, 3), 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x10) },
	{ ASK(H(P_POWER, 0x9, 3), 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_POWER, 0x1, 2), 1, 0), STATUS_IS(S_PROTOCOL) },
};

static const struct plat_step power_domain_attributes[] = {
	/* notify [31], async [30], sync [29], change-requested [28]. */
	{ ASK(H(P_POWER, 0x3, 4), 1, 0),
	  REPLY_OK(W(0xf0000000), 'c', 'l', 'u', 's', 't', 'e', 'r', '0', 0, 0,
		   0, 0, 0, 0, 0, 0) },
	{ ASK(H(P_POWER, 0x3, 4), 1, 1),
	  REPLY_OK(W(0xb0000000), 'g', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0) },
	{ ASK(H(P_POWER, 0x3, 4), 1, 2),
	  REPLY_OK(W(0xd0000000), 'v', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0) },
	/* An extended name [27]: its first 15 characters here. */
	{ ASK(H(P_POWER, 0x3, 4), 1, 3),
	  REPLY_OK(W(0xf8000000), 'd', 'i', 's', 'p', 'l', 'a', 'y', '_', 'c',
		   'o', 'n', 't', 'r', 'o', 'l', 0) },
	{ ASK(H(P_POWER, 0x3, 4), 1, 4), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_POWER, 0x3, 4), 1, 0xffffffff), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_POWER, 0x3, 4), 0), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_POWER, 0x3, 4), 2, 0, 0), STATUS_IS(S_PROTOCOL) },
};

/* POWER_DOMAIN_NAME_GET: {flags, char[64]} for an extended name. */
static const struct plat_step power_domain_name_get[] = {
	{ ASK(H(P_POWER, 0x8, 9), 1, 3),
	  REPLY_OK(W(0), 'd', 'i', 's', 'p', 'l', 'a', 'y', '_', 'c', 'o', 'n',
		   't', 'r', 'o', 'l', 'l', 'e', 'r', Z8, Z8, Z8, Z8, Z8, 0, 0,
		   0, 0, 0, 0) },
	{ ASK(H(P_POWER, 0x8, 9), 1, 0), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_POWER, 0x8, 9), 1, 4), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_POWER, 0x8, 9), 0), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_POWER, 0x8, 9), 2, 3, 0), STATUS_IS(S_PROTOCOL) },
};

static const struct plat_step power_state_set_get[] = {
	{ ASK(H(P_POWER, 0x5, 5), 1, 0), REPLY_OK(W(ON)) },
	{ ASK(H(P_POWER, 0x5, 5), 1, 1), REPLY_OK(W(OFF)) },
	/* {flags, domain, state}: sync on gpu, async on vpu. */
	{ ASK(H(P_POWER, 0x4, 6), 3, 0, 1, ON), STATUS_IS(S_OK) },
	{ ASK(H(P_POWER, 0x5, 5), 1, 1), REPLY_OK(W(ON)) },
	{ ASK(H(P_POWER, 0x4, 6), 3, 1, 1, OFF), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_POWER, 0x4, 6), 3, 0, 2, ON), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_POWER, 0x4, 6), 3, 1, 2, ON), STATUS_IS(S_OK) },
	{ ASK(H(P_POWER, 0x5, 5), 1, 2), REPLY_OK(W(ON)) },
	/* Reserved flag bits, unknown states, then the checks' order:
	 * values before the domain, as Arm's compliance suite sends them
	 * (0xf flags to the last domain, state 1 to the first past the
	 * end: INVALID_PARAMETERS; ON to the second past it: NOT_FOUND). */
	{ ASK(H(P_POWER, 0x4, 6), 3, 2, 0, OFF), STATUS_IS(S_INVALID) },
	{ ASK(H(P_POWER, 0x4, 6), 3, 0, 0, 0x12), STATUS_IS(S_INVALID) },
	{ ASK(H(P_POWER, 0x4, 6), 3, 0, 0, 0x80000000), STATUS_IS(S_INVALID) },
	{ ASK(H(P_POWER, 0x4, 6), 3, 0xf, 3, ON), STATUS_IS(S_INVALID) },
	{ ASK(H(P_POWER, 0x4, 6), 3, 0, 4, 1), STATUS_IS(S_INVALID) },
	{ ASK(H(P_POWER, 0x4, 6), 3, 0, 5, ON), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_POWER, 0x4, 6), 3, 1, 4, ON), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_POWER, 0x4, 6), 2, 0, 0), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_POWER, 0x5, 5), 1, 4), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_POWER, 0x5, 5), 0), STATUS_IS(S_PROTOCOL) },
	/* Nothing was asked for: no notification. */
	{ NO_EVENT_IS },
};

static const struct plat_step power_notifications[] = {
	{ ASK(H(P_POWER, 0x6, 7), 2, 0, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_POWER, 0x7, 7), 2, 0, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_POWER, 0x6, 7), 2, 0, 2), STATUS_IS(S_INVALID) },
	{ ASK(H(P_POWER, 0x7, 7), 2, 0, 3), STATUS_IS(S_INVALID) },
	{ ASK(H(P_POWER, 0x6, 7), 2, 4, 1), STATUS_IS(S_NOT_FOUND) },
	/* Invalid flags first, as Arm's compliance suite sends them. */
	{ ASK(H(P_POWER, 0x6, 7), 2, 4, 0xf), STATUS_IS(S_INVALID) },
	{ ASK(H(P_POWER, 0x7, 7), 2, 5, 0xf), STATUS_IS(S_INVALID) },
	{ ASK(H(P_POWER, 0x7, 7), 1, 0), STATUS_IS(S_PROTOCOL) },
	/* Requested (the state asked for), then changed: agent 1. */
	{ ASK(H(P_POWER, 0x4, 8), 3, 0, 0, OFF), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_POWER, 0x1, 3, 0)), W(1), W(0), W(OFF)) },
	{ EVENT_IS(W(HT(P_POWER, 0x0, 3, 0)), W(1), W(0), W(OFF)) },
	{ NO_EVENT_IS },
	/* The same state again: requested, but nothing changed. */
	{ ASK(H(P_POWER, 0x4, 8), 3, 1, 0, OFF), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_POWER, 0x1, 3, 0)), W(1), W(0), W(OFF)) },
	{ NO_EVENT_IS },
	/* Only the domain that asked; then disabled. */
	{ ASK(H(P_POWER, 0x4, 8), 3, 0, 3, OFF), STATUS_IS(S_OK) },
	{ NO_EVENT_IS },
	{ ASK(H(P_POWER, 0x7, 7), 2, 0, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_POWER, 0x4, 8), 3, 0, 0, ON), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_POWER, 0x0, 3, 0)), W(1), W(0), W(ON)) },
	{ NO_EVENT_IS },
	{ ASK(H(P_POWER, 0x6, 7), 2, 0, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_POWER, 0x4, 8), 3, 0, 0, OFF), STATUS_IS(S_OK) },
	{ NO_EVENT_IS },
};

static const struct plat_step power_no_p2a[] = {
	/* Notifications are not advertised, nor can they be enabled. */
	{ ASK(H(P_POWER, 0x3, 1), 1, 0),
	  REPLY_OK(W(0x60000000), 'c', 'l', 'u', 's', 't', 'e', 'r', '0', 0, 0,
		   0, 0, 0, 0, 0, 0) },
	{ NOT_IMPLEMENTED(H(P_POWER, 0x2, 1), 0x6, 0x7) },
	{ ASK(H(P_POWER, 0x6, 1), 2, 0, 1), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_POWER, 0x7, 1), 2, 0, 1), STATUS_IS(S_NOT_SUPPORTED) },
	/* Async needs no P2A here: there is no delayed response. */
	{ ASK(H(P_POWER, 0x4, 1), 3, 1, 2, ON), STATUS_IS(S_OK) },
};

static const struct plat_step power_scmi_2_0[] = {
	{ ASK(H(P_POWER, 0x0, 1), 0), REPLY_OK(W(0x00020000)) },
	{ ASK(H(P_POWER, 0x10, 1), 1, 0x20000), STATUS_IS(S_NOT_FOUND) },
	{ NOT_IMPLEMENTED(H(P_POWER, 0x2, 1), 0x10) },
	{ ASK(H(P_POWER, 0x7, 1), 2, 0, 1), STATUS_IS(S_OK) },
	/* Power domain 2.0 has no extended names: cut, and no [27]. */
	{ ASK(H(P_POWER, 0x3, 1), 1, 3),
	  REPLY_OK(W(0xf0000000), 'd', 'i', 's', 'p', 'l', 'a', 'y', '_', 'c',
		   'o', 'n', 't', 'r', 'o', 'l', 0) },
	{ ASK(H(P_POWER, 0x8, 1), 1, 3), STATUS_IS(S_NOT_FOUND) },
};

START_TEST(test_power_bad_config)
{
	static const struct scmi_vio_plat_power_domain bad_state[] = {
		{ "a", 0x12, true, true },
	};
	static const struct scmi_vio_plat_power_domain no_mode[] = {
		{ "a", ON, false, false },
	};
	static const struct scmi_vio_plat_power_domain long_name[] = {
		/* 64 characters: one more than an extended name holds. */
		{ "0123456789abcdef0123456789abcdef"
		  "0123456789abcdef0123456789abcdef",
		  ON, true, false },
	};
	struct scmi_vio_platform_config cfg;

	scmi_vio_platform_config_default(&cfg);
	cfg.power = bad_state;
	cfg.n_power = 1;
	plat_refuses(&cfg);
	cfg.power = no_mode;
	plat_refuses(&cfg);
	cfg.power = long_name;
	plat_refuses(&cfg);
	cfg.power = NULL;
	plat_refuses(&cfg);
}
END_TEST

static const struct plat_case tests[] = {
	SCRIPT(plat_default, power_protocol),
	SCRIPT(plat_default, power_domain_attributes),
	SCRIPT(plat_default, power_domain_name_get),
	SCRIPT(plat_default, power_state_set_get),
	SCRIPT(plat_default, power_notifications),
	SCRIPT(plat_no_p2a, power_no_p2a),
	SCRIPT(plat_scmi_2_0, power_scmi_2_0),
	TEST_CASE(test_power_bad_config),
};

int main(void)
{
	return plat_check_run("platform_power", "power", 0, tests,
			      ARRAY_SIZE(tests));
}
