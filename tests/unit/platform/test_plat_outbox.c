// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform outbox: delayed responses are never dropped (a full outbox
 * makes the request BUSY instead), notifications coalesce per
 * (protocol, event, source) and are dropped when full, all counted;
 * delayed responses go out before notifications; a buffer too small for the
 * next message leaves it queued; coalescing finds its key among many.
 */
#include <errno.h>
#include <stdlib.h>

#include "check_run.h"
#include "plat_fixture.h"

static struct scmi_vio_platform *small_outbox(unsigned int delayed,
					      unsigned int notifs)
{
	struct scmi_vio_platform_config cfg;

	scmi_vio_platform_config_default(&cfg);
	cfg.max_delayed = delayed;
	cfg.max_notifications = notifs;
	return plat_create(&cfg);
}

static struct scmi_vio_platform *outbox_4_2(void)
{
	return small_outbox(4, 2);
}

static struct scmi_vio_platform *outbox_1_2(void)
{
	return small_outbox(1, 2);
}

static const struct plat_step notifications_coalesce_and_drop[] = {
	{ ASK(H(P_CLOCK, 0x9, 1), 2, 0, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x9, 1), 2, 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x9, 1), 2, 3, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x5, 2), 4, 0, 0, 100000000, 0), STATUS_IS(S_OK) },
	/* Same clock again: replaces the queued one, keeps its place. */
	{ ASK(H(P_CLOCK, 0x5, 2), 4, 0, 0, 200000000, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x5, 2), 4, 0, 1, 500000000, 0), STATUS_IS(S_OK) },
	/* Outbox full: dropped; the command still succeeds. */
	{ ASK(H(P_CLOCK, 0x5, 2), 4, 0, 3, 400000000, 0), STATUS_IS(S_OK) },
	{ PENDING_IS(2) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x0, 3, 0)), W(1), W(0), W(200000000), W(0)) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x0, 3, 0)), W(1), W(1), W(500000000), W(0)) },
	{ NO_EVENT_IS },
	{ STAT_IS(notif_queued, 2) },
	{ STAT_IS(notif_coalesced, 1) },
	{ STAT_IS(notif_dropped, 1) },
	{ STAT_IS(notif_sent, 2) },
};

static const struct plat_step delayed_never_dropped[] = {
	{ ASK(H(P_CLOCK, 0x5, 3), 4, 1, 1, 500000000, 0), STATUS_IS(S_OK) },
	/* One slot: the second async request is refused, not dropped. */
	{ ASK(H(P_CLOCK, 0x5, 4), 4, 1, 1, 750000000, 0), STATUS_IS(S_BUSY) },
	{ ASK(H(P_CLOCK, 0x6, 5), 1, 1), REPLY_OK(W(500000000), W(0)) },
	{ ASK(H(P_SENSOR, 0x6, 6), 2, 0, 1), STATUS_IS(S_BUSY) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x5, 2, 3)), W(S_OK), W(1), W(500000000),
		   W(0)) },
	{ ASK(H(P_SENSOR, 0x6, 6), 2, 0, 1), STATUS_IS(S_OK) },
	{ STAT_IS(delayed_queued, 2) },
	{ STAT_IS(delayed_sent, 1) },
};

static const struct plat_step delayed_before_notifications[] = {
	{ ASK(H(P_CLOCK, 0x9, 1), 2, 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x5, 7), 4, 1, 1, 500000000, 0), STATUS_IS(S_OK) },
	/* The notification was queued first; the delayed response wins. */
	{ EVENT_IS(W(HT(P_CLOCK, 0x5, 2, 7)), W(S_OK), W(1), W(500000000),
		   W(0)) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x0, 3, 0)), W(1), W(1), W(500000000), W(0)) },
	{ NO_EVENT_IS },
};

START_TEST(test_event_pop_small_buffer)
{
	struct scmi_vio_platform *plat = plat_default();
	uint8_t buf[32];

	ck_assert_int_eq(scmi_vio_platform_event_pop(plat, buf, sizeof(buf)),
			 0);
	STATUS(plat, H(P_CLOCK, 0x5, 7), S_OK, 4, 1, 1, 500000000, 0);
	ck_assert_int_eq(scmi_vio_platform_event_pop(plat, buf, 19), -EMSGSIZE);
	ck_assert_int_eq(scmi_vio_platform_event_pop(plat, NULL, 0), -EMSGSIZE);
	ck_assert_uint_eq(scmi_vio_platform_events_pending(plat), 1);
	ck_assert_int_eq(scmi_vio_platform_event_pop(plat, buf, 20), 20);
	ck_assert_uint_eq(scmi_vio_platform_event_max(plat), 4 + 128);
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* The outbox wraps around its slots without losing order. */
START_TEST(test_outbox_wraps)
{
	struct scmi_vio_platform *plat = small_outbox(2, 2);
	unsigned int i;
	uint8_t rq[20], exp[20], buf[32];

	for (i = 0; i < 10; i++) {
		plat_req(rq, H(P_CLOCK, 0x5, i), 4, 1, 3, 800000000, 0);
		ck_assert_int_eq(scmi_vio_platform_handle(plat, rq, 20, buf,
							  sizeof(buf)),
				 8);
		memcpy(exp, (uint8_t[]){ W(H(P_CLOCK, 0x5, i)), W(0) }, 8);
		ck_assert_mem_eq(buf, exp, 8);
		memcpy(exp,
		       (uint8_t[]){ W(HT(P_CLOCK, 0x5, 2, i)), W(0), W(3),
				    W(800000000), W(0) },
		       20);
		ck_assert_int_eq(scmi_vio_platform_event_pop(plat, buf,
							     sizeof(buf)),
				 20);
		ck_assert_mem_eq(buf, exp, 20);
	}
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* A vendor protocol whose message 0x7 {event, first, count, value} queues
 * @count notifications of @event for sources first.. with payload
 * {source, value}. */
#define P_VENDOR 0x80

static uint32_t le32_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int32_t burst(struct scmi_vio_platform *plat,
		     struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t evt, first, count, value, i;
	uint8_t p[8];

	if (m->params_len != 16)
		return -10;
	evt = le32_at(m->params);
	first = le32_at(m->params + 4);
	count = le32_at(m->params + 8);
	value = le32_at(m->params + 12);
	for (i = 0; i < count; i++) {
		memcpy(p, (uint8_t[]){ W(first + i), W(value) }, 8);
		(void)scmi_vio_platform_notify(plat, P_VENDOR, (uint8_t)evt,
					       first + i, p, sizeof(p));
	}
	return 0;
}

static void burst_cmd(struct scmi_vio_platform *plat, uint32_t evt,
		      uint32_t first, uint32_t count, uint32_t value)
{
	STATUS(plat, H(P_VENDOR, 0x7, 1), S_OK, 4, evt, first, count, value);
}

/* Pop @count notifications of @evt: sources first.., payload value. */
static void expect_burst(struct scmi_vio_platform *plat, uint32_t evt,
			 uint32_t first, uint32_t count, uint32_t value)
{
	uint8_t buf[32], exp[12];
	uint32_t i;

	for (i = 0; i < count; i++) {
		memcpy(exp,
		       (uint8_t[]){ W(HT(P_VENDOR, evt, 3, 0)), W(first + i),
				    W(value) },
		       12);
		ck_assert_int_eq(scmi_vio_platform_event_pop(plat, buf,
							     sizeof(buf)),
				 12);
		ck_assert_mem_eq(buf, exp, 12);
	}
}

/*
 * Coalescing at a size where the key index matters: 1000 slots (not a
 * power of two), every key queued, replaced, partly sent and queued again;
 * the same source under another event is another key.
 */
START_TEST(test_coalesce_many_keys)
{
	const struct scmi_vio_plat_msg_desc msgs[] = {
		{ 0x1, 0, 0, plat_attrs_zero },
		{ 0x7, SCMI_VIO_PLAT_MSG_P2A, 0, burst },
	};
	const struct scmi_vio_plat_protocol_desc d = {
		.id = P_VENDOR,
		.version = 0x10000,
		.msgs = msgs,
		.n_msgs = 2,
	};
	struct scmi_vio_platform *plat = small_outbox(1, 1000);
	struct scmi_vio_platform_stats st;

	ck_assert_int_eq(scmi_vio_platform_register(plat, &d), 0);
	burst_cmd(plat, 1, 0, 998, 0);
	burst_cmd(plat, 2, 5, 1, 0);
	burst_cmd(plat, 1, 0, 998, 1);
	burst_cmd(plat, 2, 5, 1, 1);
	ck_assert_uint_eq(scmi_vio_platform_events_pending(plat), 999);
	expect_burst(plat, 1, 0, 500, 1);
	/* 500..997 still queued: replaced in place; 0..499 and 998 new. */
	burst_cmd(plat, 1, 0, 999, 2);
	ck_assert_uint_eq(scmi_vio_platform_events_pending(plat), 1000);
	/* Full: another key is dropped, a queued one still coalesces. */
	burst_cmd(plat, 3, 0, 1, 2);
	burst_cmd(plat, 2, 5, 1, 2);
	expect_burst(plat, 1, 500, 498, 2);
	expect_burst(plat, 2, 5, 1, 2);
	expect_burst(plat, 1, 0, 500, 2);
	expect_burst(plat, 1, 998, 1, 2);
	NO_EVENT(plat);
	scmi_vio_platform_get_stats(plat, &st);
	ck_assert_uint_eq(st.notif_queued, 999 + 501);
	ck_assert_uint_eq(st.notif_coalesced, 999 + 498 + 1);
	ck_assert_uint_eq(st.notif_dropped, 1);
	ck_assert_uint_eq(st.notif_sent, 999 + 501);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_case tests[] = {
	SCRIPT(outbox_4_2, notifications_coalesce_and_drop),
	SCRIPT(outbox_1_2, delayed_never_dropped),
	SCRIPT(plat_default, delayed_before_notifications),
	TEST_CASE(test_event_pop_small_buffer),
	TEST_CASE(test_outbox_wraps),
	TEST_CASE(test_coalesce_many_keys),
};

int main(void)
{
	return plat_check_run("platform_outbox", "outbox", 0, tests,
			      ARRAY_SIZE(tests));
}
