// SPDX-License-Identifier: BSD-3-Clause
/*
 * Platform core and Base protocol: every Base command, the commands every
 * protocol has, header handling, unknown ids, P2A off, vendor protocols.
 * Expected bytes are written by hand from docs/protocol.md sections 3-6 and 10.
 */
#include <errno.h>
#include <stdlib.h>

#include "check_run.h"
#include "plat_fixture.h"

/* Header written out by hand: Base, PROTOCOL_VERSION, token 1. */
static const struct plat_step header_literal_echo[] = {
	/* id 0, type 0, protocol 0x10 << 10 = 0x4000, token 1 << 18. */
	{ ASK(0x00044000, 0), REPLY_IS(0x00, 0x40, 0x04, 0x00, 0, 0, 0, 0, 0x01,
				       0x00, 0x02, 0x00) },
	/* Highest token 0x3ff: 0x3ff << 18 = 0x0ffc0000. */
	{ ASK(0x0ffc4000, 0), REPLY_IS(0x00, 0x40, 0xfc, 0x0f, 0, 0, 0, 0, 0x01,
				       0x00, 0x02, 0x00) },
};

static const struct plat_step common_messages[] = {
	{ ASK(H(P_BASE, 0x0, 7), 0), REPLY_OK(W(0x00020001)) },
	{ IMPLEMENTED(H(P_BASE, 0x2, 8), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa, 0xb,
		      0x10) },
	/*
	 * Unimplemented ids: NOT_FOUND, status only (docs/protocol.md 5, 10).
	 */
	{ NOT_IMPLEMENTED(H(P_BASE, 0x2, 9), 0xc, 0xf, 0x11, 0xff, 0x100,
			  0xffffffff) },
	/*
	 * NEGOTIATE_PROTOCOL_VERSION (SCMI 3.2, Base 2.1): the versions of
	 * Base some release defines, no newer than ours; others not.
	 */
	{ ASK(H(P_BASE, 0x10, 10), 1, 0x00020002), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_BASE, 0x10, 10), 1, 0x00010000), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_BASE, 0x10, 10), 1, 0x00030000), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_BASE, 0x10, 10), 1, 0x00020001), STATUS_IS(S_OK) },
	{ ASK(H(P_BASE, 0x10, 10), 1, 0x00020000), STATUS_IS(S_OK) },
};

static const struct plat_step base_discovery[] = {
	/* 7 protocols besides Base (power, system power, perf, clock,
	 * sensor, reset, voltage), 2 agents. */
	{ ASK(H(P_BASE, 0x1, 1), 0), REPLY_OK(W(0x00000207)) },
	{ ASK(H(P_BASE, 0x3, 2), 0), REPLY_OK('s', 'c', 'm', 'i', '_', 'v', 'i',
					      'o', 0, 0, 0, 0, 0, 0, 0, 0) },
	{ ASK(H(P_BASE, 0x4, 3), 0), REPLY_OK('s', 'i', 'm', 'u', 'l', 'a', 't',
					      'e', 'd', 0, 0, 0, 0, 0, 0, 0) },
	{ ASK(H(P_BASE, 0x5, 4), 0), REPLY_OK(W(0x00010000)) },
};

/* Pagination at every skip, the last one and one past it (section 10). */
static const struct plat_step base_list_protocols[] = {
	{ ASK(H(P_BASE, 0x6, 5), 1, 0),
	  REPLY_OK(W(7), 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 1),
	  REPLY_OK(W(6), 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0, 0) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 2),
	  REPLY_OK(W(5), 0x13, 0x14, 0x15, 0x16, 0x17, 0, 0, 0) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 3),
	  REPLY_OK(W(4), 0x14, 0x15, 0x16, 0x17) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 4), REPLY_OK(W(3), 0x15, 0x16, 0x17, 0) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 5), REPLY_OK(W(2), 0x16, 0x17, 0, 0) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 6), REPLY_OK(W(1), 0x17, 0, 0, 0) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 7), REPLY_OK(W(0)) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 8), STATUS_IS(S_INVALID) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 0xffffffff), STATUS_IS(S_INVALID) },
};

static const struct plat_step base_discover_agent[] = {
	{ ASK(H(P_BASE, 0x7, 6), 1, 0),
	  REPLY_OK(W(0), 'p', 'l', 'a', 't', 'f', 'o', 'r', 'm', 0, 0, 0, 0, 0,
		   0, 0, 0) },
	{ ASK(H(P_BASE, 0x7, 6), 1, 1),
	  REPLY_OK(W(1), 'g', 'u', 'e', 's', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0) },
	{ ASK(H(P_BASE, 0x7, 6), 1, 2),
	  REPLY_OK(W(2), 'o', 't', 'h', 'e', 'r', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0) },
	/* 0xFFFFFFFF: the caller, agent 1. */
	{ ASK(H(P_BASE, 0x7, 6), 1, 0xffffffff),
	  REPLY_OK(W(1), 'g', 'u', 'e', 's', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0) },
	{ ASK(H(P_BASE, 0x7, 6), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_BASE, 0x7, 6), 1, 0xfffffffe), STATUS_IS(S_NOT_FOUND) },
};

static const struct plat_step base_notify_errors[] = {
	{ ASK(H(P_BASE, 0x8, 9), 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_BASE, 0x8, 9), 1, 0), STATUS_IS(S_OK) },
	/* Reserved bits: INVALID_PARAMETERS. */
	{ ASK(H(P_BASE, 0x8, 9), 1, 2), STATUS_IS(S_INVALID) },
	{ ASK(H(P_BASE, 0x8, 9), 1, 0x80000001), STATUS_IS(S_INVALID) },
};

static const struct plat_step malformed_headers[] = {
	/* Reserved bits set: PROTOCOL_ERROR, echoed with them cleared. */
	{ ASK(H(P_BASE, 0x0, 2) | 0x10000000, 0),
	  REPLY_IS(W(H(P_BASE, 0x0, 2)), W(S_PROTOCOL)) },
	{ ASK(H(P_BASE, 0x0, 2) | 0xf0000000, 0),
	  REPLY_IS(W(H(P_BASE, 0x0, 2)), W(S_PROTOCOL)) },
	/* Types 1, 2, 3 are not commands: PROTOCOL_ERROR, type 0. */
	{ ASK(HT(P_BASE, 0x0, 1, 2), 0),
	  REPLY_IS(W(H(P_BASE, 0x0, 2)), W(S_PROTOCOL)) },
	{ ASK(HT(P_BASE, 0x0, 2, 2), 0),
	  REPLY_IS(W(H(P_BASE, 0x0, 2)), W(S_PROTOCOL)) },
	{ ASK(HT(P_BASE, 0x0, 3, 2), 0),
	  REPLY_IS(W(H(P_BASE, 0x0, 2)), W(S_PROTOCOL)) },
	{ STAT_IS(commands, 5) },
	{ STAT_IS(malformed, 5) },
	{ STAT_IS(errors, 5) },
};

/*
 * The messages every protocol has, and requests refused before any
 * handler, are answered without the platform lock; a protocol's handlers
 * under it.  The counters of both add up.
 */
static const struct plat_step stats_add_up_across_paths[] = {
	{ ASK(H(P_BASE, 0x0, 1), 1, 0), STATUS_IS(S_PROTOCOL) }, /* no params */
	{ ASK(H(0x7f, 0x0, 2), 0), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_BASE, 0x8, 3), 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_BASE, 0x8, 4), 1, 2), STATUS_IS(S_INVALID) },
	{ ASK(H(P_BASE, 0x0, 5), 0), REPLY_OK(W(0x00020001)) },
	{ STAT_IS(commands, 5) },
	{ STAT_IS(errors, 3) },
	{ STAT_IS(malformed, 1) },
};

static const struct plat_step unknown_ids_and_lengths[] = {
	/*
	 * Unknown protocol: NOT_SUPPORTED; unknown message id of a known
	 * one: NOT_FOUND (scmi-tests and SCP-firmware; docs/protocol.md 10).
	 */
	{ ASK(H(0x20, 0x0, 3), 0), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(0x18, 0x1, 3), 0), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(0x80, 0x0, 3), 0), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_BASE, 0xc, 3), 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_BASE, 0xff, 3), 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_CLOCK, 0x8, 3), 1, 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_SENSOR, 0x7, 3), 1, 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_PERF, 0xb, 3), 1, 0), STATUS_IS(S_NOT_FOUND) },
	/* Parameter block too long or too short: PROTOCOL_ERROR. */
	{ ASK(H(P_BASE, 0x0, 3), 1, 0), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_BASE, 0x7, 3), 0), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_BASE, 0x7, 3), 2, 0, 0), STATUS_IS(S_PROTOCOL) },
};

START_TEST(test_unknown_ids_and_lengths)
{
	struct scmi_vio_platform *plat = plat_default();
	uint8_t big[4 + 132] = { W(H(P_BASE, 0x0, 3)) };
	uint8_t resp[16];

	STEPS(plat, unknown_ids_and_lengths);
	EXPECT(plat, big, sizeof(big), W(H(P_BASE, 0x0, 3)), W(S_PROTOCOL));
	/* A parameter block that is not whole words. */
	EXPECT(plat, big, 5, W(H(P_BASE, 0x0, 3)), W(S_PROTOCOL));
	/* No header: nothing to answer. No room for hdr + status. */
	ck_assert_int_eq(scmi_vio_platform_handle(plat, big, 3, resp, 16),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_platform_handle(plat, big, 4, resp, 7),
			 -ENOSPC);
	ck_assert_int_eq(scmi_vio_platform_handle(plat, NULL, 4, resp, 16),
			 -EINVAL);
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* A reply that does not fit the caller's buffer: COMMS_ERROR, 8 bytes. */
START_TEST(test_small_response_buffer)
{
	struct scmi_vio_platform *plat = plat_default();
	uint8_t req[4] = { W(H(P_BASE, 0x3, 4)) };
	uint8_t resp[20];
	static const uint8_t exp[] = { W(H(P_BASE, 0x3, 4)), W(S_COMMS) };

	ck_assert_int_eq(scmi_vio_platform_handle(plat, req, 4, resp, 20), 8);
	ck_assert_mem_eq(resp, exp, 8);
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* Without P2A: notify requests NOT_SUPPORTED and not advertised (2). */
static const struct plat_step no_p2a_base[] = {
	{ ASK(H(P_BASE, 0x8, 1), 1, 1), STATUS_IS(S_NOT_SUPPORTED) },
	{ NOT_IMPLEMENTED(H(P_BASE, 0x2, 1), 8) },
	{ IMPLEMENTED(H(P_BASE, 0x2, 1), 7) },
};

static int32_t vendor_attrs(struct scmi_vio_platform *plat,
			    struct scmi_vio_plat_msg *m, void *arg)
{
	if (m->params_len)
		return -10;
	return plat_reply_word(m, 0x1234);
}

static int32_t vendor_echo(struct scmi_vio_platform *plat,
			   struct scmi_vio_plat_msg *m, void *arg)
{
	if (m->params_len > m->ret_cap)
		return -2;
	memcpy(m->ret, m->params, m->params_len);
	m->ret_len = m->params_len;
	++*(int *)arg;
	return 0;
}

static int32_t vendor_liar(struct scmi_vio_platform *plat,
			   struct scmi_vio_plat_msg *m, void *arg)
{
	m->ret_len = m->ret_cap + 1;
	return 0;
}

static const struct plat_step vendor_protocol_1[] = {
	{ ASK(H(0x80, 0x0, 1), 0), REPLY_OK(W(0x00010000)) },
	{ ASK(H(0x80, 0x1, 1), 0), REPLY_OK(W(0x1234)) },
	{ ASK(H(0x80, 0x2, 1), 1, 5), REPLY_OK(W(0xabcd)) },
	{ ASK(H(0x80, 0x2, 1), 1, 4), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(0x80, 0x5, 2), 2, 0xdeadbeef, 7),
	  REPLY_OK(W(0xdeadbeef), W(7)) },
};

static const struct plat_step vendor_protocol_2[] = {
	/* A handler claiming more than its area: GENERIC_ERROR. */
	{ ASK(H(0x80, 0x6, 2), 0), STATUS_IS(0xfffffff8u) },
	/* Base now lists it: 8 protocols, the vendor one last. */
	{ ASK(H(P_BASE, 0x1, 1), 0), REPLY_OK(W(0x00000208)) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 6), REPLY_OK(W(2), 0x17, 0x80, 0, 0) },
};

START_TEST(test_vendor_protocol)
{
	struct scmi_vio_platform *plat = plat_default();
	static int calls;
	const struct scmi_vio_plat_msg_desc msgs[] = {
		{ 0x1, 0, 0, vendor_attrs },
		{ 0x5, 0, 0xabcd, vendor_echo },
		{ 0x6, 0, 0, vendor_liar },
	};
	struct scmi_vio_plat_protocol_desc d = {
		.id = 0x80,
		.version = 0x10000,
		.msgs = msgs,
		.n_msgs = 3,
		.arg = &calls,
	};
	const struct scmi_vio_plat_msg_desc bad_dup[] = {
		{ 0x1, 0, 0, vendor_attrs }, { 0x1, 0, 0, vendor_echo }
	};
	const struct scmi_vio_plat_msg_desc bad_core[] = {
		{ 0x1, 0, 0, vendor_attrs }, { 0x0, 0, 0, vendor_echo }
	};
	const struct scmi_vio_plat_msg_desc no_attrs[] = { { 0x5, 0, 0,
							     vendor_echo } };
	struct scmi_vio_plat_protocol_desc bad = d;

	ck_assert_int_eq(scmi_vio_platform_register(plat, &d), 0);
	ck_assert_int_eq(scmi_vio_platform_register(plat, &d), -EEXIST);
	bad.id = 0x81;
	bad.msgs = bad_dup;
	bad.n_msgs = 2;
	ck_assert_int_eq(scmi_vio_platform_register(plat, &bad), -EINVAL);
	bad.msgs = bad_core;
	ck_assert_int_eq(scmi_vio_platform_register(plat, &bad), -EINVAL);
	bad.msgs = no_attrs;
	bad.n_msgs = 1;
	ck_assert_int_eq(scmi_vio_platform_register(plat, &bad), -EINVAL);
	bad.id = P_BASE;
	bad.msgs = msgs;
	ck_assert_int_eq(scmi_vio_platform_register(plat, &bad), -EINVAL);

	STEPS(plat, vendor_protocol_1);
	ck_assert_int_eq(calls, 1);
	STEPS(plat, vendor_protocol_2);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_create_rejects_bad_config)
{
	struct scmi_vio_platform_config cfg;
	struct scmi_vio_platform *plat = NULL;

	scmi_vio_platform_config_default(&cfg);
	cfg.vendor = "sixteen-chars-xx";
	plat_refuses(&cfg);
	scmi_vio_platform_config_default(&cfg);
	cfg.agent_id = 3;
	plat_refuses(&cfg);
	scmi_vio_platform_config_default(&cfg);
	cfg.max_payload = 8;
	plat_refuses(&cfg);
	scmi_vio_platform_config_default(&cfg);
	cfg.clock_max_async = 0;
	plat_refuses(&cfg);
	ck_assert_int_eq(scmi_vio_platform_create(NULL, &plat), -EINVAL);
}
END_TEST

/* Only Base when no resources are configured. */
static const struct plat_step base_only[] = {
	{ ASK(H(P_BASE, 0x1, 1), 0), REPLY_OK(W(0x00000200)) },
	{ ASK(H(P_BASE, 0x6, 1), 1, 0), REPLY_OK(W(0)) },
	{ ASK(H(P_BASE, 0x6, 1), 1, 1), STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, 0x0, 1), 0), STATUS_IS(S_NOT_SUPPORTED) },
};

START_TEST(test_base_only)
{
	struct scmi_vio_platform_config cfg;
	struct scmi_vio_platform *plat = NULL;

	scmi_vio_platform_config_default(&cfg);
	cfg.n_clocks = cfg.n_sensors = cfg.n_perf = 0;
	cfg.n_power = cfg.n_resets = cfg.n_voltage = 0;
	cfg.sys_power = false;
	plat = plat_create(&cfg);
	STEPS(plat, base_only);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_case tests[] = {
	SCRIPT(plat_default, header_literal_echo),
	SCRIPT(plat_default, common_messages),
	SCRIPT(plat_default, base_discovery),
	SCRIPT(plat_default, base_list_protocols),
	SCRIPT(plat_default, base_discover_agent),
	SCRIPT(plat_default, base_notify_errors),
	SCRIPT(plat_default, malformed_headers),
	SCRIPT(plat_default, stats_add_up_across_paths),
	TEST_CASE(test_unknown_ids_and_lengths),
	TEST_CASE(test_small_response_buffer),
	SCRIPT(plat_no_p2a, no_p2a_base),
	TEST_CASE(test_vendor_protocol),
	TEST_CASE(test_create_rejects_bad_config),
	TEST_CASE(test_base_only),
};

int main(void)
{
	return plat_check_run("platform_base", "base", 0, tests,
			      ARRAY_SIZE(tests));
}
