// SPDX-License-Identifier: BSD-3-Clause
/*
 * Vendor protocols at their edges: what scmi_vio_platform_register()
 * refuses, NEGOTIATE_PROTOCOL_VERSION of a vendor protocol (its own
 * version or an older minor of the same major; nothing else), which an
 * SCMI 2.0 platform does not have at all; handle() without a platform or
 * for an agent that does not exist.
 */
#include <errno.h>

#include "check_run.h"
#include "plat_fixture.h"

#define P_VENDOR 0x80

static int32_t attrs(struct scmi_vio_platform *plat,
		     struct scmi_vio_plat_msg *m, void *arg)
{
	return plat_reply_word(m, 0x1234);
}

/* Message 0x3 answers with the agent that sent it. */
static int32_t who(struct scmi_vio_platform *plat, struct scmi_vio_plat_msg *m,
		   void *arg)
{
	return plat_reply_word(m, scmi_vio_platform_caller(plat));
}

static const struct scmi_vio_plat_msg_desc msgs[] = { { 0x1, 0, 0, attrs },
						      { 0x3, 0, 0, who } };

static struct scmi_vio_plat_protocol_desc vendor(uint32_t version)
{
	struct scmi_vio_plat_protocol_desc d = {
		.id = P_VENDOR,
		.version = version,
		.msgs = msgs,
		.n_msgs = 2,
	};

	return d;
}

START_TEST(test_register_refuses)
{
	struct scmi_vio_platform *plat = plat_default();
	const struct scmi_vio_plat_msg_desc no_fn[] = { { 0x1, 0, 0, NULL } };
	struct scmi_vio_plat_protocol_desc d = vendor(0x10000), bad;

	ck_assert_int_eq(scmi_vio_platform_register(NULL, &d), -EINVAL);
	ck_assert_int_eq(scmi_vio_platform_register(plat, NULL), -EINVAL);
	bad = d;
	bad.id = 0x05; /* below Base */
	ck_assert_int_eq(scmi_vio_platform_register(plat, &bad), -EINVAL);
	bad = d;
	bad.msgs = NULL; /* a count without messages */
	ck_assert_int_eq(scmi_vio_platform_register(plat, &bad), -EINVAL);
	bad.n_msgs = 0; /* no messages: no PROTOCOL_ATTRIBUTES */
	ck_assert_int_eq(scmi_vio_platform_register(plat, &bad), -EINVAL);
	bad = d;
	bad.msgs = no_fn;
	ck_assert_int_eq(scmi_vio_platform_register(plat, &bad), -EINVAL);
	/* None of them took the id. */
	ck_assert_int_eq(scmi_vio_platform_register(plat, &d), 0);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_step vendor_negotiate[] = {
	{ ASK(H(P_VENDOR, 0x10, 1), 1, 0x10002), STATUS_IS(S_OK) },
	{ ASK(H(P_VENDOR, 0x10, 2), 1, 0x10000), STATUS_IS(S_OK) },
	{ ASK(H(P_VENDOR, 0x10, 3), 1, 0x10003), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_VENDOR, 0x10, 4), 1, 0x20000), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_VENDOR, 0x10, 5), 1, 0x00002), STATUS_IS(S_NOT_SUPPORTED) },
	/* Negotiating does not change what the protocol reports. */
	{ ASK(H(P_VENDOR, 0x0, 6), 0), REPLY_OK(W(0x10002)) },
};

START_TEST(test_vendor_negotiate)
{
	struct scmi_vio_platform *plat = plat_default();
	struct scmi_vio_plat_protocol_desc d = vendor(0x10002);

	ck_assert_int_eq(scmi_vio_platform_register(plat, &d), 0);
	STEPS(plat, vendor_negotiate);
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* SCMI 2.0 has no NEGOTIATE_PROTOCOL_VERSION, for vendor protocols too:
 * an unknown message id (docs/protocol.md: NOT_FOUND). */
static const struct plat_step vendor_negotiate_absent_in_2_0[] = {
	{ ASK(H(P_VENDOR, 0x10, 1), 1, 0x10000), STATUS_IS(S_NOT_FOUND) },
	{ NOT_IMPLEMENTED(H(P_VENDOR, 0x2, 2), 0x10) },
	{ IMPLEMENTED(H(P_VENDOR, 0x2, 3), 0x1) },
};

START_TEST(test_vendor_negotiate_absent_in_2_0)
{
	struct scmi_vio_platform *plat = plat_variant(true, SCMI_VIO_SCMI_2_0);
	struct scmi_vio_plat_protocol_desc d = vendor(0x10000);

	ck_assert_int_eq(scmi_vio_platform_register(plat, &d), 0);
	STEPS(plat, vendor_negotiate_absent_in_2_0);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_handle_refuses)
{
	struct scmi_vio_platform *plat = plat_default();
	struct scmi_vio_plat_protocol_desc d = vendor(0x10000);
	uint8_t rq[4] = { W(H(P_BASE, 0x0, 1)) }, rs[16];
	static const uint8_t from2[] = { W(H(P_VENDOR, 0x3, 7)), W(S_OK),
					 W(2) };
	uint8_t who_rq[4] = { W(H(P_VENDOR, 0x3, 7)) };

	ck_assert_int_eq(scmi_vio_platform_handle(NULL, rq, 4, rs, sizeof(rs)),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_platform_handle_as(plat, 0, rq, 4, rs,
						     sizeof(rs)),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_platform_handle_as(plat, 3, rq, 4, rs,
						     sizeof(rs)),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_platform_handle_as(plat, 2, rq, 4, rs,
						     sizeof(rs)),
			 12);
	/* A handler learns who asked; handle() is the configured agent. */
	ck_assert_int_eq(scmi_vio_platform_register(plat, &d), 0);
	ck_assert_int_eq(scmi_vio_platform_handle_as(plat, 2, who_rq, 4, rs,
						     sizeof(rs)),
			 12);
	ck_assert_mem_eq(rs, from2, sizeof(from2));
	ck_assert_uint_eq(scmi_vio_platform_agent_id(plat), 1);
	REQ(H(P_VENDOR, 0x3, 8), 0);
	RESP(plat, W(H(P_VENDOR, 0x3, 8)), W(S_OK), W(1));
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_CASE(test_register_refuses),
	TEST_CASE(test_vendor_negotiate),
	TEST_CASE(test_vendor_negotiate_absent_in_2_0),
	TEST_CASE(test_handle_refuses),
};

int main(void)
{
	return plat_check_run("plat_vendor_edges", "vendor", 0, tests,
			      ARRAY_SIZE(tests));
}
