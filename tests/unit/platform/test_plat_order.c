// SPDX-License-Identifier: BSD-3-Clause
/*
 * The order on the wire of an asynchronous command's reply and its delayed
 * response (issue #11; docs/hostile-inputs.md S-6 is the reverse): the reply is
 * used on the cmdq, and its interrupt raised, before the delayed response is
 * used on the eventq.  Linux logs "OoO Delayed Response" otherwise.  The
 * reversed order is only a fault (DRESP_FIRST).
 *
 * Interrupt doorbells are inline: each ring records which queue rang and
 * how many used entries each ring held at that moment (read from guest
 * memory, so nothing is reaped early).
 */
#include <check.h>

#include <scmi_vio/doorbell.h>

#include "check_run.h"
#include "dev_fixture.h"
#include "plat_fixture.h"

#define MAX_RINGS 64

struct ring_log {
	struct tdev *t;
	unsigned int n;
	char q[MAX_RINGS]; /* 'c' cmdq, 'e' eventq */
	uint16_t cmd_used[MAX_RINGS]; /* cmdq used idx at the ring */
	uint16_t ev_used[MAX_RINGS]; /* eventq used idx at the ring */
};

static struct ring_log g_log;

static void log_ring(char q)
{
	struct ring_log *l = &g_log;

	ck_assert_uint_lt(l->n, MAX_RINGS);
	l->q[l->n] = q;
	l->cmd_used[l->n] = l->t->cmd_ring.used->idx;
	l->ev_used[l->n] = l->t->ev_ring.used->idx;
	l->n++;
}

static void on_cmdq_irq(void *arg)
{
	(void)arg;
	log_ring('c');
}

static void on_evq_irq(void *arg)
{
	(void)arg;
	log_ring('e');
}

struct otest {
	struct tdev t;
	struct scmi_vio_doorbell *cirq, *eirq;
	struct scmi_vio_fault_rule rule;
	struct scmi_vio_fault_plan plan;
};

/* The device with inline interrupt doorbells, faulting by @rule if set. */
static void setup(struct otest *o, const struct scmi_vio_fault_rule *rule)
{
	struct scmi_vio_platform_dev_config extra = { 0 };

	if (rule) {
		o->rule = *rule;
		o->plan = (struct scmi_vio_fault_plan){ .rules = &o->rule,
							.n_rules = 1 };
		extra.faults = &o->plan;
	}

	ck_assert_int_eq(scmi_vio_doorbell_inline_create(on_cmdq_irq, NULL,
							 &o->cirq),
			 0);
	ck_assert_int_eq(
		scmi_vio_doorbell_inline_create(on_evq_irq, NULL, &o->eirq), 0);
	extra.cmdq_irq = o->cirq;
	extra.eventq_irq = o->eirq;
	td_setup(&o->t, &extra);
	memset(&g_log, 0, sizeof(g_log));
	g_log.t = &o->t;
}

/* CLOCK_RATE_SET {async, clock 3, 800 MHz}. */
static const uint32_t set[] = { 1, 3, 0x2faf0800, 0 };

/* Its delayed response, under token @tok. */
static void expect_dresp(struct otest *o, uint32_t tok)
{
	const uint8_t dresp[] = { W(HT(P_CLOCK, 0x5, 2, tok)), W(0), W(3),
				  W(0x2faf0800), W(0) };

	td_expect_event(&o->t, dresp, sizeof(dresp));
}

static void teardown(struct otest *o)
{
	td_teardown(&o->t);
	scmi_vio_doorbell_destroy(o->cirq);
	scmi_vio_doorbell_destroy(o->eirq);
}

/* One service round: reply first, its interrupt, then the delayed one. */
START_TEST(test_order_reply_before_dresp)
{
	struct otest o;
	uint32_t len;

	setup(&o, NULL);
	td_feed_event(&o.t, 0, 136);
	td_post_words(&o.t, 0, H(P_CLOCK, 0x5, 9), 4, set);
	ck_assert_int_eq(scmi_vio_platform_dev_service(o.t.dev), 2);
	ck_assert_uint_eq(g_log.n, 2);
	/* The cmdq interrupt: the reply is used, the eventq still empty. */
	ck_assert_int_eq(g_log.q[0], 'c');
	ck_assert_uint_eq(g_log.cmd_used[0], 1);
	ck_assert_uint_eq(g_log.ev_used[0], 0);
	/* Then the eventq interrupt, with the delayed response used. */
	ck_assert_int_eq(g_log.q[1], 'e');
	ck_assert_uint_eq(g_log.ev_used[1], 1);
	ck_assert_uint_eq(td_reap(&o.t, &len), 0);
	ck_assert_uint_eq(len, 8);
	ck_assert_mem_eq(td_resp(&o.t, 0),
			 ((uint8_t[]){ W(H(P_CLOCK, 0x5, 9)), W(0) }), 8);
	expect_dresp(&o, 9);
	teardown(&o);
}
END_TEST

/*
 * The Linux finding: async sensor reads, each with the eventq ready.  Every
 * delayed response comes after its reply and the reply's interrupt.
 */
START_TEST(test_order_async_sensor_reads)
{
	const uint32_t rd[] = { 0, 1 }; /* soc_temp, async */
	struct otest o;
	unsigned int i;
	uint32_t len;

	setup(&o, NULL);
	for (i = 0; i < 20; i++) {
		g_log.n = 0;
		td_feed_event(&o.t, i % TD_NUM, 136);
		td_post_words(&o.t, i % TD_NUM, H(P_SENSOR, 0x6, i), 2, rd);
		ck_assert_int_eq(scmi_vio_platform_dev_service(o.t.dev), 2);
		ck_assert_uint_eq(g_log.n, 2);
		ck_assert_int_eq(g_log.q[0], 'c');
		ck_assert_int_eq(g_log.q[1], 'e');
		ck_assert_uint_eq(
			(uint16_t)(g_log.cmd_used[0] - g_log.ev_used[0]), 1);
		ck_assert_uint_eq(td_reap(&o.t, &len), i % TD_NUM);
		(void)td_reap_event(&o.t, &len);
		ck_assert_uint_eq(len, 28);
	}
	teardown(&o);
}
END_TEST

/* A reply held back by a fault holds its delayed response back too. */
START_TEST(test_order_delayed_reply_holds_dresp)
{
	struct otest o;
	uint32_t len;

	setup(&o, &(const struct scmi_vio_fault_rule){
			  .kind = SCMI_VIO_FAULT_DELAY, .arg = 2, .times = 1 });
	td_feed_event(&o.t, 0, 136);
	td_post_words(&o.t, 0, H(P_CLOCK, 0x5, 7), 4, set);
	/* Round 1: reply parked; the eventq buffer is not even taken. */
	ck_assert_int_eq(scmi_vio_platform_dev_service(o.t.dev), 1);
	td_no_used(&o.t);
	td_no_event(&o.t);
	ck_assert_uint_eq(scmi_vio_platform_events_pending(o.t.plat), 0);
	ck_assert_uint_eq(g_log.n, 0);
	/* Round 2: still parked. */
	ck_assert_int_eq(scmi_vio_platform_dev_service(o.t.dev), 0);
	td_no_event(&o.t);
	/* Round 3: the reply, its interrupt, then the delayed response. */
	ck_assert_int_eq(scmi_vio_platform_dev_service(o.t.dev), 1);
	ck_assert_uint_eq(g_log.n, 2);
	ck_assert_int_eq(g_log.q[0], 'c');
	ck_assert_uint_eq(g_log.ev_used[0], 0);
	ck_assert_int_eq(g_log.q[1], 'e');
	ck_assert_uint_eq(td_reap(&o.t, &len), 0);
	expect_dresp(&o, 7);
	teardown(&o);
}
END_TEST

/* A reply that never comes does not keep its delayed response. */
START_TEST(test_order_dropped_reply_releases_dresp)
{
	struct otest o;

	setup(&o, &(const struct scmi_vio_fault_rule){
			  .kind = SCMI_VIO_FAULT_DROP_REPLY, .times = 1 });
	td_feed_event(&o.t, 0, 136);
	td_post_words(&o.t, 0, H(P_CLOCK, 0x5, 3), 4, set);
	ck_assert_int_eq(scmi_vio_platform_dev_service(o.t.dev), 2);
	td_no_used(&o.t);
	expect_dresp(&o, 3);
	teardown(&o);
}
END_TEST

/* A device destroyed with a reply parked gives its delayed response back
 * to the platform, which outlives it. */
START_TEST(test_order_destroy_releases_dresp)
{
	struct otest o;

	setup(&o, &(const struct scmi_vio_fault_rule){
			  .kind = SCMI_VIO_FAULT_DELAY, .arg = 100 });
	td_post_words(&o.t, 0, H(P_CLOCK, 0x5, 5), 4, set);
	ck_assert_int_eq(scmi_vio_platform_dev_service(o.t.dev), 1);
	ck_assert_uint_eq(scmi_vio_platform_events_pending(o.t.plat), 0);
	scmi_vio_platform_dev_destroy(o.t.dev);
	o.t.dev = NULL;
	EVENT(o.t.plat, W(HT(P_CLOCK, 0x5, 2, 5)), W(S_OK), W(3), W(0x2faf0800),
	      W(0));
	teardown(&o);
}
END_TEST

/* S-6 only as an injected fault: the delayed response, its interrupt, and
 * the reply in a later round. */
START_TEST(test_order_reversed_only_by_fault)
{
	struct otest o;
	uint32_t len;

	setup(&o, &(const struct scmi_vio_fault_rule){
			  .kind = SCMI_VIO_FAULT_DRESP_FIRST, .times = 1 });
	td_feed_event(&o.t, 0, 136);
	td_post_words(&o.t, 0, H(P_CLOCK, 0x5, 3), 4, set);
	ck_assert_int_eq(scmi_vio_platform_dev_service(o.t.dev), 2);
	ck_assert_uint_eq(g_log.n, 1);
	ck_assert_int_eq(g_log.q[0], 'e');
	ck_assert_uint_eq(g_log.cmd_used[0], 0);
	ck_assert_uint_eq(g_log.ev_used[0], 1);
	ck_assert_int_eq(scmi_vio_platform_dev_service(o.t.dev), 0);
	ck_assert_uint_eq(g_log.n, 2);
	ck_assert_int_eq(g_log.q[1], 'c');
	ck_assert_uint_eq(td_reap(&o.t, &len), 0);
	/* The next command, without the fault (spent), is in order again. */
	g_log.n = 0;
	(void)td_reap_event(&o.t, &len);
	td_feed_event(&o.t, 1, 136);
	td_post_words(&o.t, 1, H(P_CLOCK, 0x5, 4), 4, set);
	ck_assert_int_eq(scmi_vio_platform_dev_service(o.t.dev), 2);
	ck_assert_int_eq(g_log.q[0], 'c');
	ck_assert_int_eq(g_log.q[1], 'e');
	teardown(&o);
}
END_TEST

/*
 * Without a device, handle()'s caller has the reply when it returns: its
 * delayed response is ready at once (no device to wait for).
 */
START_TEST(test_order_handle_not_held)
{
	struct scmi_vio_platform *plat = plat_default();

	STATUS(plat, H(P_CLOCK, 0x5, 1), S_OK, 4, 1, 3, 0x2faf0800, 0);
	ck_assert_uint_eq(scmi_vio_platform_events_pending(plat), 1);
	EVENT(plat, W(HT(P_CLOCK, 0x5, 2, 1)), W(S_OK), W(3), W(0x2faf0800),
	      W(0));
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_CASE(test_order_reply_before_dresp),
	TEST_CASE(test_order_async_sensor_reads),
	TEST_CASE(test_order_delayed_reply_holds_dresp),
	TEST_CASE(test_order_dropped_reply_releases_dresp),
	TEST_CASE(test_order_reversed_only_by_fault),
	TEST_CASE(test_order_destroy_releases_dresp),
	TEST_CASE(test_order_handle_not_held),
};

int main(void)
{
	return plat_check_run("platform_order", "order", 0, tests,
			      ARRAY_SIZE(tests));
}
