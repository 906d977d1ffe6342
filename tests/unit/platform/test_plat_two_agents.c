// SPDX-License-Identifier: BSD-3-Clause
/*
 * Two agents, each behind its own device, on one platform, sending the
 * same asynchronous command with the same token: each agent gets its own
 * delayed response and never the other's, whichever device is serviced
 * first and whether or not the other's eventq has a buffer yet.
 */
#include <errno.h>

#include "check_run.h"
#include "dev_fixture.h"
#include "plat_fixture.h"

/* A guest of its own, a device for agent @agent on @plat. */
static void guest_on(struct tdev *t, struct scmi_vio_platform *plat,
		     uint32_t agent)
{
	struct scmi_vio_platform_dev_config dc;

	td_guest(t, TD_FEATURES, false);
	t->plat = plat;
	memset(&dc, 0, sizeof(dc));
	td_dev_config(t, TD_FEATURES, &dc);
	dc.agent_id = agent;
	ck_assert_int_eq(scmi_vio_platform_dev_create(&dc, &t->dev), 0);
}

static void guest_off(struct tdev *t)
{
	t->plat = NULL; /* shared: destroyed once */
	td_teardown(t);
}

/* Async CLOCK_RATE_SET of clock @clk to @rate, token 0x21. */
static void rate_set_async(struct tdev *t, uint32_t clk, uint32_t rate)
{
	const uint32_t w[] = { 1, clk, rate, 0 };
	uint32_t len;

	td_post_words(t, 0, H(P_CLOCK, 0x5, 0x21), 4, w);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t->dev), 1);
	ck_assert_uint_eq(td_reap(t, &len), 0);
	ck_assert_uint_eq(len, 8);
	ck_assert_mem_eq(td_resp(t, 0) + 4, ((uint8_t[]){ W(S_OK) }), 4);
}

static void expect_dresp(struct tdev *t, uint32_t clk, uint32_t rate)
{
	const uint8_t exp[] = { W(HT(P_CLOCK, 0x5, 2, 0x21)), W(0), W(clk),
				W(rate), W(0) };

	td_expect_event(t, exp, sizeof(exp));
}

START_TEST(test_same_token_two_agents)
{
	struct scmi_vio_platform *plat = plat_default();
	struct tdev a, b;

	guest_on(&a, plat, 1);
	guest_on(&b, plat, 2);
	/* Both in flight with the same header; b's first in the outbox. */
	rate_set_async(&b, 1, 500000000);
	rate_set_async(&a, 3, 0x2faf0800);
	/* The platform's own count is its default agent's (a's). */
	ck_assert_uint_eq(scmi_vio_platform_events_pending(plat), 1);
	/* a has a buffer, b not yet: a gets its own, b's waits. */
	td_feed_event(&a, 0, 136);
	ck_assert_int_eq(scmi_vio_platform_dev_service(a.dev), 1);
	expect_dresp(&a, 3, 0x2faf0800);
	td_no_event(&a);
	ck_assert_int_eq(scmi_vio_platform_dev_service(b.dev), 0);
	td_no_event(&b);
	td_feed_event(&b, 0, 136);
	ck_assert_int_eq(scmi_vio_platform_dev_service(b.dev), 1);
	expect_dresp(&b, 1, 500000000);
	/* Again, the other way round and with both buffers there. */
	rate_set_async(&a, 3, 0x2faf0800);
	rate_set_async(&b, 1, 500000000);
	td_feed_event(&a, 1, 136);
	td_feed_event(&b, 1, 136);
	ck_assert_int_eq(scmi_vio_platform_dev_service(b.dev), 1);
	expect_dresp(&b, 1, 500000000);
	ck_assert_int_eq(scmi_vio_platform_dev_service(a.dev), 1);
	expect_dresp(&a, 3, 0x2faf0800);
	ck_assert_uint_eq(scmi_vio_platform_events_pending(plat), 0);
	guest_off(&a);
	guest_off(&b);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_CASE(test_same_token_two_agents),
};

int main(void)
{
	return plat_check_run("plat_two_agents", "two_agents", 0, tests,
			      ARRAY_SIZE(tests));
}
