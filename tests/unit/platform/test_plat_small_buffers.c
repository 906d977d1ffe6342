// SPDX-License-Identifier: BSD-3-Clause
/*
 * Requests a hostile or careless agent can send that the platform must
 * answer with a status, never with a response that does not fit: a
 * response buffer one byte too small for the reply (COMMS_ERROR), a
 * parameter where a message takes none (PROTOCOL_ERROR), a level change
 * the configuration forbids (DENIED); and the platform's own event calls
 * refusing what cannot be sent (no P2A channel, payload too large).
 */
#include <errno.h>

#include "check_run.h"
#include "plat_fixture.h"

#define P_POWER 0x11
#define P_SYSPOWER 0x12
#define P_RESET 0x16
#define P_VOLTAGE 0x17

/* Send @n words after @hdr with room for @room payload bytes; expect a
 * status-only answer @status. */
static void small_at(struct scmi_vio_platform *plat, uint32_t hdr, size_t room,
		     uint32_t status, unsigned int n, const uint32_t *w,
		     int line)
{
	uint8_t rq[32], rs[8 + 80];
	const uint8_t exp[] = { W(hdr), W(status) };
	size_t len = 4;
	unsigned int i;
	int r;

	memcpy(rq, (uint8_t[]){ W(hdr) }, 4);
	for (i = 0; i < n; i++, len += 4)
		memcpy(rq + len, (uint8_t[]){ W(w[i]) }, 4);
	r = scmi_vio_platform_handle(plat, rq, len, rs, 8 + room);
	ck_assert_msg(r == 8 && !memcmp(rs, exp, 8),
		      "line %d: len %d status %02x%02x%02x%02x", line, r, rs[7],
		      rs[6], rs[5], rs[4]);
}

#define SMALL(plat, hdr, room, status, ...)                           \
	do {                                                          \
		const uint32_t w_[] = { __VA_ARGS__ };                \
		small_at(plat, hdr, room, status, sizeof(w_) / 4, w_, \
			 __LINE__);                                   \
	} while (0)

START_TEST(test_reply_one_byte_too_big)
{
	struct scmi_vio_platform *plat = plat_default();

	/* VOLTAGE_DOMAIN_ATTRIBUTES: attributes + char[16]. */
	SMALL(plat, H(P_VOLTAGE, 0x3, 1), 19, S_COMMS, 0);
	/* DESCRIBE_LEVELS of the linear domain: flags + 3 words. */
	SMALL(plat, H(P_VOLTAGE, 0x4, 2), 15, S_COMMS, 1, 0);
	/* CLOCK_CONFIG_GET: attributes, config, OEM value. */
	SMALL(plat, H(P_CLOCK, 0xb, 3), 11, S_COMMS, 0, 0);
	/* *_NAME_GET of an extended name: flags + char[64]. */
	SMALL(plat, H(P_POWER, 0x8, 4), 67, S_COMMS, 3);
	SMALL(plat, H(P_RESET, 0x6, 5), 67, S_COMMS, 2);
	SMALL(plat, H(P_VOLTAGE, 0x9, 6), 67, S_COMMS, 2);
	/* With the byte, each answers. */
	REQ(H(P_VOLTAGE, 0x4, 7), 2, 1, 0);
	RESP(plat, W(H(P_VOLTAGE, 0x4, 7)), W(S_OK), W(0x1003), W(500000),
	     W(1000000), W(6250));
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* Parameters where PROTOCOL_ATTRIBUTES takes none. */
START_TEST(test_attributes_with_parameters)
{
	struct scmi_vio_platform *plat = plat_default();

	SMALL(plat, H(P_SYSPOWER, 0x1, 1), 64, S_PROTOCOL, 1, 0);
	SMALL(plat, H(P_RESET, 0x1, 2), 64, S_PROTOCOL, 1, 0);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_step level_set_denied[] = {
	{ ASK(H(P_PERF, 0x7, 1), 2, 0, 200), STATUS_IS(S_DENIED) },
	{ ASK(H(P_PERF, 0x8, 2), 1, 0), REPLY_OK(W(100)) },
};

START_TEST(test_level_set_denied)
{
	static const char text[] = "perf fixed levels=100:1:1,200:2:1 "
				   "set_level=off\n";
	struct scmi_vio_platform_config_file *f = NULL;
	struct scmi_vio_platform *plat = NULL;

	ck_assert_int_eq(scmi_vio_platform_config_parse(text, strlen(text), &f,
							NULL, 0),
			 0);
	ck_assert_int_eq(scmi_vio_platform_create(
				 scmi_vio_platform_config_file_get(f), &plat),
			 0);
	scmi_vio_platform_config_file_free(f);
	STEPS(plat, level_set_denied);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static int delayed_ret[2];

static int32_t queue_bad(struct scmi_vio_platform *plat,
			 struct scmi_vio_plat_msg *m, void *arg)
{
	static const uint8_t big[8 + 129];

	(void)arg;
	delayed_ret[0] = scmi_vio_platform_delayed(plat, m, big, sizeof(big));
	delayed_ret[1] = scmi_vio_platform_delayed(plat, m, NULL, 8);
	return 0;
}

static const struct scmi_vio_plat_msg_desc vendor_msgs[] = {
	{ 0x1, 0, 0, plat_attrs_zero },
	{ 0x4, SCMI_VIO_PLAT_MSG_P2A, 0, queue_bad },
};

static const struct scmi_vio_plat_protocol_desc vendor = {
	.id = 0x80,
	.version = 0x10000,
	.msgs = vendor_msgs,
	.n_msgs = 2,
};

START_TEST(test_event_calls_refuse)
{
	struct scmi_vio_platform *plat = plat_default();
	struct scmi_vio_platform *no_p2a = plat_no_p2a();
	uint8_t big[200] = { 0 };

	ck_assert_int_eq(scmi_vio_platform_notify(no_p2a, P_PERF, 0, 0, big, 4),
			 -EOPNOTSUPP);
	ck_assert_int_eq(scmi_vio_platform_notify(plat, P_PERF, 0, 0, big, 129),
			 -EMSGSIZE);
	ck_assert_int_eq(scmi_vio_platform_notify(plat, P_PERF, 0, 0, NULL, 4),
			 -EMSGSIZE);
	/* A handler's delayed response too large or without its bytes. */
	ck_assert_int_eq(scmi_vio_platform_register(plat, &vendor), 0);
	REQ(H(0x80, 0x4, 1), 0);
	RESP(plat, W(H(0x80, 0x4, 1)), W(S_OK));
	ck_assert_int_eq(delayed_ret[0], -EMSGSIZE);
	ck_assert_int_eq(delayed_ret[1], -EMSGSIZE);
	NO_EVENT(plat);
	scmi_vio_platform_destroy(no_p2a);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_CASE(test_reply_one_byte_too_big),
	TEST_CASE(test_attributes_with_parameters),
	TEST_CASE(test_level_set_denied),
	TEST_CASE(test_event_calls_refuse),
};

int main(void)
{
	return plat_check_run("plat_small_buffers", "small", 0, tests,
			      ARRAY_SIZE(tests));
}
