// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform device at its edges: create and start refuse what their
 * documentation rules out; X-3 on the eventq's interrupt (its reader gone
 * while an event goes out: the event is still pushed, the failed ring is
 * counted and reported, the process lives).
 */
#include <errno.h>
#include <unistd.h>

#include "check_run.h"
#include "dev_fixture.h"
#include "plat_fixture.h"
#include <scmi_vio/doorbell.h>
#include <scmi_vio/platform_fault.h>

static void no_op(void *arg)
{
	(void)arg;
}

START_TEST(test_dev_create_refuses)
{
	struct scmi_vio_platform_dev_config dc, bad;
	struct scmi_vio_platform_dev *dev = NULL;
	struct scmi_vio_doorbell *inl = NULL;
	struct tdev t;

	td_guest(&t, TD_FEATURES, false);
	t.plat = plat_default();
	memset(&dc, 0, sizeof(dc));
	td_dev_config(&t, TD_FEATURES, &dc);
	ck_assert_int_eq(scmi_vio_platform_dev_create(NULL, &dev), -EINVAL);
	ck_assert_int_eq(scmi_vio_platform_dev_create(&dc, NULL), -EINVAL);
	bad = dc;
	bad.plat = NULL;
	ck_assert_int_eq(scmi_vio_platform_dev_create(&bad, &dev), -EINVAL);
	bad = dc;
	bad.gmem = NULL;
	ck_assert_int_eq(scmi_vio_platform_dev_create(&bad, &dev), -EINVAL);
	bad = dc;
	bad.agent_id = 3; /* the default platform has two agents */
	ck_assert_int_eq(scmi_vio_platform_dev_create(&bad, &dev), -EINVAL);
	bad = dc;
	bad.features &= ~(1ull << SCMI_VIO_F_VERSION_1);
	ck_assert_int_eq(scmi_vio_platform_dev_create(&bad, &dev), -EINVAL);
	bad = dc;
	bad.features |= 1ull << 40; /* a feature the device does not offer */
	ck_assert_int_eq(scmi_vio_platform_dev_create(&bad, &dev), -EINVAL);
	ck_assert_ptr_null(dev);
	bad = dc;
	bad.agent_id = 2;
	ck_assert_int_eq(scmi_vio_platform_dev_create(&bad, &t.dev), 0);
	/* Start needs a doorbell it can wait on. */
	ck_assert_int_eq(scmi_vio_platform_dev_start(NULL, NULL), -EINVAL);
	ck_assert_int_eq(scmi_vio_platform_dev_start(t.dev, NULL), -EINVAL);
	ck_assert_int_eq(scmi_vio_doorbell_inline_create(no_op, NULL, &inl), 0);
	ck_assert_int_eq(scmi_vio_platform_dev_start(t.dev, inl), -EINVAL);
	scmi_vio_doorbell_destroy(inl);
	scmi_vio_platform_dev_stop(NULL);
	scmi_vio_platform_dev_destroy(NULL);
	td_teardown(&t);
}
END_TEST

/* Fault plans create refuses (platform_fault.h). */
START_TEST(test_dev_fault_plan_refused)
{
	static const struct scmi_vio_fault_rule none = {
		.kind = SCMI_VIO_FAULT_NONE
	};
	static const struct scmi_vio_fault_rule past = {
		.kind = SCMI_VIO_FAULT_NR
	};
	static const struct scmi_vio_fault_rule drop = {
		.kind = SCMI_VIO_FAULT_DROP_REPLY
	};
	const struct scmi_vio_fault_plan plans[] = {
		{ .rules = &drop, .n_rules = SCMI_VIO_FAULT_MAX_RULES + 1 },
		{ .rules = NULL, .n_rules = 1 },
		{ .rate_ppm = 1000001,
		  .kinds = 1u << SCMI_VIO_FAULT_DROP_REPLY },
		{ .kinds = 1u << SCMI_VIO_FAULT_NR },
		{ .rate_ppm = 1 }, /* random faults of no kind */
		{ .rules = &none, .n_rules = 1 },
		{ .rules = &past, .n_rules = 1 },
	};
	struct scmi_vio_platform_dev_config extra = { 0 };
	struct scmi_vio_platform_dev_config dc;
	struct scmi_vio_platform_dev *dev = NULL;
	struct tdev t;
	unsigned int i;

	td_setup(&t, &extra);
	/* No kind past the last is counted. */
	ck_assert_uint_eq(
		scmi_vio_platform_dev_fault_count(t.dev, SCMI_VIO_FAULT_NR), 0);
	memset(&dc, 0, sizeof(dc));
	td_dev_config(&t, TD_FEATURES, &dc);
	for (i = 0; i < sizeof(plans) / sizeof(plans[0]); i++) {
		dc.faults = &plans[i];
		ck_assert_msg(scmi_vio_platform_dev_create(&dc, &dev) ==
				      -EINVAL,
			      "plan %u", i);
		ck_assert_ptr_null(dev);
	}
	td_teardown(&t);
}
END_TEST

/* X-3 on the eventq: BASE_ERROR_EVENT goes out, its interrupt fails. */
START_TEST(test_dev_x3_eventq_irq_reader_gone)
{
	static const uint8_t exp[] = { W(HT(P_BASE, 0x0, 3, 0)), W(1), W(0) };
	struct scmi_vio_platform_dev_config extra = { 0 };
	struct scmi_vio_platform_dev_stats st;
	const uint32_t en[] = { 1 };
	struct td_sock_irq sock;
	struct tdev t;
	uint32_t len;

	td_sock_irq_open(&sock);
	extra.eventq_irq = sock.irq;
	td_setup(&t, &extra);
	td_post_words(&t, 0, H(P_BASE, 0x8, 1), 1, en);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	ck_assert_uint_eq(td_reap(&t, &len), 0);
	td_sock_irq_reader_gone(&sock);
	/* No response buffer (V-19): an error event for the eventq. */
	memcpy(td_req(&t, 1), (uint8_t[]){ W(H(P_BASE, 0x0, 2)) }, 4);
	td_post(&t, 1, 4, 0);
	td_feed_event(&t, 0, 136);
	td_expect_peer_gone(&t);
	td_expect_event(&t, exp, sizeof(exp));
	scmi_vio_platform_dev_get_stats(t.dev, &st);
	ck_assert_uint_eq(st.irq_errors, 1);
	ck_assert_uint_eq(st.events, 1);
	td_teardown(&t);
	td_sock_irq_close(&sock);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_CASE(test_dev_create_refuses),
	TEST_CASE(test_dev_fault_plan_refused),
	TEST_CASE(test_dev_x3_eventq_irq_reader_gone),
};

int main(void)
{
	return plat_check_run("plat_dev_edges", "edges", 0, tests,
			      ARRAY_SIZE(tests));
}
