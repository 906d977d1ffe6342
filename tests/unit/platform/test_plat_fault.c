// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fault injection: every fault kind produces its documented wire effect
 * (platform_fault.h) on real rings, is counted, and scripted and seeded
 * random plans replay deterministically.  Covers the platform side of
 * S-1..S-8, S-13 and S-16 (what the agent will be fed).
 */
#include <stdlib.h>

#include "check_run.h"
#include "dev_fixture.h"
#include "plat_fixture.h"

static const uint8_t version_reply_tail[] = { W(0), W(0x00020001) };

/* Set up with one scripted rule. */
static void setup_rule(struct tdev *t, const struct scmi_vio_fault_rule *r)
{
	struct scmi_vio_fault_plan plan = { .rules = r, .n_rules = 1 };
	struct scmi_vio_platform_dev_config extra = { .faults = &plan };

	td_setup(t, &extra);
}

/* Set up with one rule: @kind with @arg, for every message. */
static void setup_kind(struct tdev *t, enum scmi_vio_fault_kind kind,
		       uint32_t arg)
{
	const struct scmi_vio_fault_rule r = { .kind = kind, .arg = arg };

	setup_rule(t, &r);
}

/* Set up with one rule: @kind with @arg, for the first message only. */
static void setup_first(struct tdev *t, enum scmi_vio_fault_kind kind,
			uint32_t arg)
{
	const struct scmi_vio_fault_rule r = { .match =
						       SCMI_VIO_FAULT_MATCH_SEQ,
					       .seq = 0,
					       .kind = kind,
					       .arg = arg };

	setup_rule(t, &r);
}

/* The next used chain is slot @slot with @len bytes starting with @hdr. */
static void expect_reply(struct tdev *t, unsigned int slot, uint32_t len,
			 uint32_t hdr)
{
	uint32_t got;

	ck_assert_uint_eq(td_reap(t, &got), slot);
	ck_assert_uint_eq(got, len);
	ck_assert_mem_eq(td_resp(t, slot), ((uint8_t[]){ W(hdr) }), 4);
}

static void expect_count(struct tdev *t, enum scmi_vio_fault_kind k, uint64_t n)
{
	ck_assert_uint_eq(scmi_vio_platform_dev_fault_count(t->dev, k), n);
}

START_TEST(test_fault_delay)
{
	struct tdev t;

	setup_first(&t, SCMI_VIO_FAULT_DELAY, 2);
	td_post_words(&t, 0, H(P_BASE, 0x0, 1), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	td_no_used(&t);
	ck_assert(scmi_vio_platform_dev_has_deferred(t.dev));
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	td_no_used(&t);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	expect_reply(&t, 0, 12, H(P_BASE, 0x0, 1));
	ck_assert(!scmi_vio_platform_dev_has_deferred(t.dev));
	expect_count(&t, SCMI_VIO_FAULT_DELAY, 1);
	td_teardown(&t);
}
END_TEST

START_TEST(test_fault_reorder)
{
	struct tdev t;

	setup_first(&t, SCMI_VIO_FAULT_REORDER, 0);
	td_post_words(&t, 0, H(P_BASE, 0x0, 1), 0, NULL);
	td_post_words(&t, 1, H(P_BASE, 0x0, 2), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 2);
	expect_reply(&t, 1, 12, H(P_BASE, 0x0, 2));
	expect_reply(&t, 0, 12, H(P_BASE, 0x0, 1));
	expect_count(&t, SCMI_VIO_FAULT_REORDER, 1);
	td_teardown(&t);
}
END_TEST

/* Nothing follows a reordered reply: it goes out one round later. */
START_TEST(test_fault_reorder_alone)
{
	struct tdev t;

	setup_rule(&t, &(const struct scmi_vio_fault_rule){
			       .kind = SCMI_VIO_FAULT_REORDER, .times = 1 });
	td_post_words(&t, 0, H(P_BASE, 0x0, 1), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	td_no_used(&t);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	expect_reply(&t, 0, 12, H(P_BASE, 0x0, 1));
	td_teardown(&t);
}
END_TEST

START_TEST(test_fault_drop_reply)
{
	struct tdev t;
	unsigned int i;

	setup_rule(&t, &(const struct scmi_vio_fault_rule){
			       .match = SCMI_VIO_FAULT_MATCH_PROTO |
					SCMI_VIO_FAULT_MATCH_MSG_ID,
			       .protocol = P_BASE,
			       .msg_id = 0x5,
			       .kind = SCMI_VIO_FAULT_DROP_REPLY });
	td_post_words(&t, 0, H(P_BASE, 0x5, 1), 0, NULL);
	td_post_words(&t, 1, H(P_BASE, 0x0, 2), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 2);
	expect_reply(&t, 1, 12, H(P_BASE, 0x0, 2));
	/* The buffer stays the device's, whatever happens next. */
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	td_no_used(&t);
	ck_assert(!scmi_vio_platform_dev_has_deferred(t.dev));
	ck_assert_uint_eq(td_resp(&t, 0)[0], 0xee);
	expect_count(&t, SCMI_VIO_FAULT_DROP_REPLY, 1);
	td_teardown(&t);
}
END_TEST

/* RATE_SET of gpu (clock 1) to 750 MHz, and RATE_GET of gpu. */
static const uint32_t gpu_750[] = { 0, 1, 0x2cb41780, 0 }, gpu[] = { 1 };

/* Slot @slot answers RATE_GET under token @tok: gpu still at 250 MHz. */
static void expect_gpu_unchanged(struct tdev *t, unsigned int slot,
				 uint32_t tok)
{
	const uint8_t exp[] = { W(H(P_CLOCK, 0x6, tok)), W(0), W(0x0ee6b280),
				W(0) };

	td_expect_reply(t, slot, exp, sizeof(exp));
}

START_TEST(test_fault_no_reply)
{
	struct tdev t;
	uint32_t len;

	setup_first(&t, SCMI_VIO_FAULT_NO_REPLY, 0);
	/* RATE_SET returned unprocessed: the rate does not change. */
	td_post_words(&t, 0, H(P_CLOCK, 0x5, 1), 4, gpu_750);
	td_post_words(&t, 1, H(P_CLOCK, 0x6, 2), 1, gpu);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 2);
	ck_assert_uint_eq(td_reap(&t, &len), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_uint_eq(td_resp(&t, 0)[0], 0xee);
	expect_gpu_unchanged(&t, 1, 2);
	expect_count(&t, SCMI_VIO_FAULT_NO_REPLY, 1);
	td_teardown(&t);
}
END_TEST

START_TEST(test_fault_dup_reply)
{
	struct tdev t;

	setup_first(&t, SCMI_VIO_FAULT_DUP_REPLY, 0);
	td_post_words(&t, 0, H(P_BASE, 0x0, 1), 0, NULL);
	td_post_words(&t, 1, H(P_CLOCK, 0x5, 2), 4, gpu_750);
	td_post_words(&t, 2, H(P_CLOCK, 0x6, 3), 1, gpu);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 3);
	expect_reply(&t, 0, 12, H(P_BASE, 0x0, 1));
	/* Slot 1 carries a second copy of slot 0's reply (S-4). */
	expect_reply(&t, 1, 12, H(P_BASE, 0x0, 1));
	ck_assert_mem_eq(td_resp(&t, 1) + 4, version_reply_tail, 8);
	/* ... and its RATE_SET never ran. */
	expect_gpu_unchanged(&t, 2, 3);
	expect_count(&t, SCMI_VIO_FAULT_DUP_REPLY, 1);
	td_teardown(&t);
}
END_TEST

START_TEST(test_fault_header_kinds)
{
	static const struct {
		enum scmi_vio_fault_kind kind;
		uint32_t arg;
		uint32_t hdr; /* expected reply header to H(P_BASE, 0, 0x5) */
	} cases[] = {
		{ SCMI_VIO_FAULT_WRONG_TOKEN, 0, H(P_BASE, 0x0, 0x205) },
		{ SCMI_VIO_FAULT_WRONG_PROTO, 0, H(0x11, 0x0, 0x5) },
		{ SCMI_VIO_FAULT_WRONG_MSG_ID, 0, H(P_BASE, 0x1, 0x5) },
		{ SCMI_VIO_FAULT_CORRUPT_HDR, 0,
		  H(P_BASE, 0x0, 0x5) | 0x10000000 },
		{ SCMI_VIO_FAULT_CORRUPT_HDR, 0xa,
		  H(P_BASE, 0x0, 0x5) | 0xa0000000 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tdev t;

		setup_kind(&t, cases[i].kind, cases[i].arg);
		td_post_words(&t, 0, H(P_BASE, 0x0, 0x5), 0, NULL);
		ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
		expect_reply(&t, 0, 12, cases[i].hdr);
		ck_assert_mem_eq(td_resp(&t, 0) + 4, version_reply_tail, 8);
		expect_count(&t, cases[i].kind, 1);
		td_teardown(&t);
	}
}
END_TEST

START_TEST(test_fault_used_lengths)
{
	const struct scmi_vio_fault_rule rules[] = {
		{ .match = SCMI_VIO_FAULT_MATCH_SEQ,
		  .seq = 0,
		  .kind = SCMI_VIO_FAULT_SHORT_LEN,
		  .arg = 4 },
		{ .match = SCMI_VIO_FAULT_MATCH_SEQ,
		  .seq = 1,
		  .kind = SCMI_VIO_FAULT_LONG_LEN },
	};
	struct scmi_vio_fault_plan plan = { .rules = rules, .n_rules = 2 };
	struct scmi_vio_platform_dev_config extra = { .faults = &plan };
	struct tdev t;

	td_setup(&t, &extra);
	td_post_words(&t, 0, H(P_BASE, 0x0, 1), 0, NULL);
	td_post_words(&t, 1, H(P_BASE, 0x0, 2), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 2);
	/* Truncated: 4 bytes claimed, no status (S-10). */
	expect_reply(&t, 0, 4, H(P_BASE, 0x0, 1));
	/* Over-long: the whole 136-byte buffer claimed, 12 written. */
	expect_reply(&t, 1, 136, H(P_BASE, 0x0, 2));
	ck_assert_mem_eq(td_resp(&t, 1) + 4, version_reply_tail, 8);
	ck_assert_uint_eq(td_resp(&t, 1)[12], 0xee);
	expect_count(&t, SCMI_VIO_FAULT_SHORT_LEN, 1);
	expect_count(&t, SCMI_VIO_FAULT_LONG_LEN, 1);
	td_teardown(&t);
}
END_TEST

/* S-6: the delayed response goes out before its response. */
START_TEST(test_fault_dresp_first)
{
	const uint32_t set[] = { 1, 3, 0x2faf0800, 0 };
	static const uint8_t dresp[] = { W(HT(P_CLOCK, 0x5, 2, 9)), W(0), W(3),
					 W(0x2faf0800), W(0) };
	struct tdev t;

	setup_kind(&t, SCMI_VIO_FAULT_DRESP_FIRST, 0);
	td_post_words(&t, 0, H(P_CLOCK, 0x5, 9), 4, set);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	/* No eventq buffer yet: the response waits too. */
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	td_no_used(&t);
	/* Waiting for an eventq buffer is waiting for a kick, not a round. */
	ck_assert(!scmi_vio_platform_dev_has_deferred(t.dev));
	td_feed_event(&t, 0, 136);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	td_expect_event(&t, dresp, sizeof(dresp));
	/* The reply follows in the next round, after the delayed one. */
	td_no_used(&t);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	expect_reply(&t, 0, 8, H(P_CLOCK, 0x5, 9));
	expect_count(&t, SCMI_VIO_FAULT_DRESP_FIRST, 1);
	td_teardown(&t);
}
END_TEST

/* S-5: a delayed response to a synchronous command. */
START_TEST(test_fault_unsolicited_dresp)
{
	static const uint8_t dresp[] = { W(HT(P_BASE, 0x0, 2, 4)), W(0) };
	struct tdev t;

	setup_kind(&t, SCMI_VIO_FAULT_UNSOLICITED, 0);
	td_feed_event(&t, 0, 136);
	td_post_words(&t, 0, H(P_BASE, 0x0, 4), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 2);
	expect_reply(&t, 0, 12, H(P_BASE, 0x0, 4));
	td_expect_event(&t, dresp, sizeof(dresp));
	expect_count(&t, SCMI_VIO_FAULT_UNSOLICITED, 1);
	td_teardown(&t);
}
END_TEST

/* S-13: a storm fills the outbox, the rest is dropped and counted. */
START_TEST(test_fault_notification_storm)
{
	struct scmi_vio_platform_stats st;
	uint8_t exp[20];
	struct tdev t;
	unsigned int i;

	setup_kind(&t, SCMI_VIO_FAULT_NOTIF_STORM, 20);
	td_post_words(&t, 0, H(P_BASE, 0x0, 4), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	expect_reply(&t, 0, 12, H(P_BASE, 0x0, 4));
	scmi_vio_platform_get_stats(t.plat, &st);
	ck_assert_uint_eq(st.notif_queued, 16);
	ck_assert_uint_eq(st.notif_dropped, 4);
	for (i = 0; i < TD_NUM; i++)
		td_feed_event(&t, i, 136);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 16);
	/* {agent 1, one report: the sequence number}; 16.. were dropped. */
	for (i = 0; i < 16; i++) {
		memcpy(exp,
		       (uint8_t[]){ W(HT(P_BASE, 0x0, 3, 0)), W(1), W(1), W(i),
				    W(0) },
		       sizeof(exp));
		td_expect_event(&t, exp, sizeof(exp));
	}
	td_no_event(&t);
	expect_count(&t, SCMI_VIO_FAULT_NOTIF_STORM, 1);
	td_teardown(&t);
}
END_TEST

/* S-16: eventq buffers are not used for a while. */
START_TEST(test_fault_withhold_eventq)
{
	const uint32_t set[] = { 1, 3, 0x2faf0800, 0 };
	struct tdev t;
	uint32_t len;

	setup_kind(&t, SCMI_VIO_FAULT_WITHHOLD_EVQ, 3);
	td_feed_event(&t, 0, 136);
	td_post_words(&t, 0, H(P_CLOCK, 0x5, 9), 4, set);
	/* Round 1 answers; rounds 1..3 leave the eventq alone. */
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	expect_reply(&t, 0, 8, H(P_CLOCK, 0x5, 9));
	ck_assert(scmi_vio_platform_dev_has_deferred(t.dev));
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	td_no_event(&t);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	td_reap_event(&t, &len);
	ck_assert_uint_eq(len, 20);
	expect_count(&t, SCMI_VIO_FAULT_WITHHOLD_EVQ, 1);
	td_teardown(&t);
}
END_TEST

/* A rule with a firing limit stops; others keep matching. */
START_TEST(test_fault_rule_times)
{
	struct tdev t;
	uint32_t len;
	unsigned int i;

	setup_rule(&t, &(const struct scmi_vio_fault_rule){
			       .kind = SCMI_VIO_FAULT_NO_REPLY, .times = 2 });
	for (i = 0; i < 4; i++)
		td_post_words(&t, i, H(P_BASE, 0x0, i), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 4);
	for (i = 0; i < 4; i++) {
		ck_assert_uint_eq(td_reap(&t, &len), i);
		ck_assert_uint_eq(len, i < 2 ? 0 : 12);
	}
	expect_count(&t, SCMI_VIO_FAULT_NO_REPLY, 2);
	td_teardown(&t);
}
END_TEST

/* Seeded random faults replay identically; the rate and mask hold. */
static void run_random(uint64_t seed, uint32_t *used_len, uint64_t *counts)
{
	struct scmi_vio_fault_plan plan = {
		.seed = seed,
		.rate_ppm = 500000,
		.kinds = 1u << SCMI_VIO_FAULT_NO_REPLY |
			 1u << SCMI_VIO_FAULT_SHORT_LEN,
		.random_arg = 6,
	};
	struct scmi_vio_platform_dev_config extra = { .faults = &plan };
	struct tdev t;
	unsigned int i, k;
	uint32_t len;

	td_setup(&t, &extra);
	for (k = 0; k < 8; k++) {
		for (i = 0; i < 8; i++)
			td_post_words(&t, i, H(P_BASE, 0x0, k * 8 + i), 0,
				      NULL);
		ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 8);
		for (i = 0; i < 8; i++) {
			ck_assert_uint_eq(td_reap(&t, &len), i);
			ck_assert(len == 0 || len == 6 || len == 12);
			used_len[k * 8 + i] = len;
		}
	}
	counts[0] = scmi_vio_platform_dev_fault_count(t.dev,
						      SCMI_VIO_FAULT_NO_REPLY);
	counts[1] = scmi_vio_platform_dev_fault_count(t.dev,
						      SCMI_VIO_FAULT_SHORT_LEN);
	for (k = 0; k < SCMI_VIO_FAULT_NR; k++)
		if (k != SCMI_VIO_FAULT_NO_REPLY &&
		    k != SCMI_VIO_FAULT_SHORT_LEN)
			ck_assert_uint_eq(scmi_vio_platform_dev_fault_count(
						  t.dev,
						  (enum scmi_vio_fault_kind)k),
					  0);
	td_teardown(&t);
}

START_TEST(test_fault_random_replays)
{
	uint32_t a[64], b[64];
	uint64_t ca[2], cb[2];
	unsigned int i, faults = 0, zero = 0, six = 0;

	run_random(42, a, ca);
	run_random(42, b, cb);
	ck_assert_mem_eq(a, b, sizeof(a));
	ck_assert_mem_eq(ca, cb, sizeof(ca));
	for (i = 0; i < 64; i++) {
		faults += a[i] != 12;
		zero += a[i] == 0;
		six += a[i] == 6;
	}
	ck_assert_uint_eq(zero, ca[0]);
	ck_assert_uint_eq(six, ca[1]);
	/* Half the commands, give or take: the generator is not stuck. */
	ck_assert_uint_gt(faults, 8);
	ck_assert_uint_lt(faults, 56);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_CASE(test_fault_delay),
	TEST_CASE(test_fault_reorder),
	TEST_CASE(test_fault_reorder_alone),
	TEST_CASE(test_fault_drop_reply),
	TEST_CASE(test_fault_no_reply),
	TEST_CASE(test_fault_dup_reply),
	TEST_CASE(test_fault_header_kinds),
	TEST_CASE(test_fault_used_lengths),
	TEST_CASE(test_fault_dresp_first),
	TEST_CASE(test_fault_unsolicited_dresp),
	TEST_CASE(test_fault_notification_storm),
	TEST_CASE(test_fault_withhold_eventq),
	TEST_CASE(test_fault_rule_times),
	TEST_CASE(test_fault_random_replays),
};

int main(void)
{
	return plat_check_run("platform_fault", "fault", 0, tests,
			      ARRAY_SIZE(tests));
}
