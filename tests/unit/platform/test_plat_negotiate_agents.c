// SPDX-License-Identifier: BSD-3-Clause
/*
 * NEGOTIATE_PROTOCOL_VERSION is the calling agent's (DEN0056E 4.2.2): two
 * agents on one SCMI 3.2 platform, one negotiating a protocol down.  The
 * other keeps the release's version, message set and reply layout; the
 * negotiating one gets the older layout; RESET_AGENT_CONFIGURATION of an
 * agent returns it, and only it, to the release's versions.  Expected
 * bytes are written by hand from docs/protocol.md and
 * docs/protocol-statuses.md ("Version profiles").
 *
 * Default platform: agents 1 "guest" (trusted here) and 2 "other"; clock
 * 0 "cpu", enabled, enable latency 20 us.
 */
#include <pthread.h>
#include <sched.h>

#include "check_run.h"
#include "common/atomics.h"
#include "plat_fixture.h"

#define NEGOTIATE 0x10
#define P_SYSTEM 0x12

static const struct scmi_vio_plat_agent policy[2] = {
	{ .trusted = true },
	{ 0 },
};

static struct scmi_vio_platform *plat_two(void)
{
	struct scmi_vio_platform_config cfg;

	scmi_vio_platform_config_default(&cfg);
	cfg.agent_policy = policy;
	return plat_create(&cfg);
}

/* CLOCK_ATTRIBUTES of clock 0 as @a: Clock 3.0's and 1.0's layouts. */
#define CLOCK0_ATTRS_30_AS(a)                                                  \
	ASK(H(P_CLOCK, 0x3, 2), 1, 0),                                         \
		REPLY_OK(W(0xc0000001), 'c', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, \
			 0, 0, 0, 0, 0, W(20)),                                \
		AS(a)
#define CLOCK0_ATTRS_10_AS(a)                                                  \
	ASK(H(P_CLOCK, 0x3, 2), 1, 0),                                         \
		REPLY_OK(W(0x00000001), 'c', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, \
			 0, 0, 0, 0, 0),                                       \
		AS(a)

static const struct plat_step one_agent_negotiates[] = {
	{ ASK(H(P_CLOCK, NEGOTIATE, 1), 1, 0x10000), STATUS_IS(S_OK), AS(2) },
	/* Agent 2 is served Clock 1.0 ... */
	{ CLOCK0_ATTRS_10_AS(2) },
	{ NOT_IMPLEMENTED(H(P_CLOCK, 0x2, 3), 0x9, 0xb), AS(2) },
	{ ASK(H(P_CLOCK, 0x9, 4), 2, 0, 1), STATUS_IS(S_NOT_FOUND), AS(2) },
	/* CONFIG_SET without the 3.0 OEM word, and not with it. */
	{ ASK(H(P_CLOCK, 0x7, 5), 2, 0, 1), STATUS_IS(S_OK), AS(2) },
	{ ASK(H(P_CLOCK, 0x7, 5), 3, 0, 1, 0), STATUS_IS(S_PROTOCOL), AS(2) },
	/* ... agent 1 still Clock 3.0: its attributes, messages, layout. */
	{ CLOCK0_ATTRS_30_AS(1) },
	{ IMPLEMENTED(H(P_CLOCK, 0x2, 3), 0xb), AS(1) },
	{ ASK(H(P_CLOCK, 0x7, 5), 3, 0, 1, 0), STATUS_IS(S_OK), AS(1) },
	{ ASK(H(P_CLOCK, 0x7, 5), 2, 0, 1), STATUS_IS(S_PROTOCOL), AS(1) },
	/* PROTOCOL_VERSION reports the platform's own to both. */
	{ ASK(H(P_CLOCK, 0x0, 6), 0), REPLY_OK(W(0x00030000)), AS(1) },
	{ ASK(H(P_CLOCK, 0x0, 6), 0), REPLY_OK(W(0x00030000)), AS(2) },
	/* Perf 2.0 for agent 1 only: 12-byte levels for it, 20 for 2. */
	{ ASK(H(P_PERF, NEGOTIATE, 1), 1, 0x20000), STATUS_IS(S_OK), AS(1) },
	{ ASK(H(P_PERF, 0x4, 3), 2, 2, 2),
	  REPLY_OK(W(1), W(750), W(270), W(250)), AS(1) },
	{ ASK(H(P_PERF, 0x4, 3), 2, 2, 2),
	  REPLY_OK(W(1), W(750), W(270), W(250), W(750000), W(2)), AS(2) },
};

static const struct plat_step reset_restores_that_agent[] = {
	{ ASK(H(P_CLOCK, NEGOTIATE, 1), 1, 0x10000), STATUS_IS(S_OK), AS(1) },
	{ ASK(H(P_CLOCK, NEGOTIATE, 1), 1, 0x10000), STATUS_IS(S_OK), AS(2) },
	{ CLOCK0_ATTRS_10_AS(2) },
	/* Agent 1 (trusted) resets agent 2: 2 back to 3.0, 1 stays 1.0. */
	{ ASK(H(P_BASE, 0xb, 2), 2, 2, 0), STATUS_IS(S_OK), AS(1) },
	{ CLOCK0_ATTRS_30_AS(2) },
	{ IMPLEMENTED(H(P_CLOCK, 0x2, 3), 0x9, 0xb), AS(2) },
	{ CLOCK0_ATTRS_10_AS(1) },
	{ NOT_IMPLEMENTED(H(P_CLOCK, 0x2, 3), 0x9, 0xb), AS(1) },
	/* Resetting itself, with the permissions too. */
	{ ASK(H(P_BASE, 0xb, 2), 2, 1, 1), STATUS_IS(S_OK), AS(1) },
	{ CLOCK0_ATTRS_30_AS(1) },
	/* A refused reset changes nothing. */
	{ ASK(H(P_CLOCK, NEGOTIATE, 1), 1, 0x10000), STATUS_IS(S_OK), AS(2) },
	{ ASK(H(P_BASE, 0xb, 2), 2, 2, 0), STATUS_IS(S_DENIED), AS(2) },
	{ CLOCK0_ATTRS_10_AS(2) },
};

/* SYSTEM_POWER_STATE_NOTIFIER as agent 1 gets it: @len bytes. */
static void expect_sys_notifier(struct scmi_vio_platform *plat, size_t len)
{
	static const uint8_t exp[] = { W(HT(P_SYSTEM, 0x0, 3, 0)), W(0), W(1),
				       W(0x4), W(250) };

	ck_assert_int_eq(
		scmi_vio_platform_system_power_notify(plat, 0x4, 1, 250), 0);
	plat_expect_event_at(plat, exp, len, __FILE__, __LINE__);
	NO_EVENT(plat);
}

/*
 * The timeout word of the notifier came with System Power 2.0: each
 * subscriber gets the layout of the version it is served.
 */
START_TEST(test_notifier_layout_per_agent)
{
	struct scmi_vio_platform *plat = plat_two();
	uint8_t rq[16], resp[16];
	size_t len;

	STATUS(plat, H(P_SYSTEM, 0x5, 1), S_OK, 1, 1);
	/* Agent 2 (also subscribed) negotiates 1.0; agent 1 keeps 2.0. */
	len = plat_req(rq, H(P_SYSTEM, 0x5, 1), 1, 1);
	ck_assert_int_eq(scmi_vio_platform_handle_as(plat, 2, rq, len, resp,
						     sizeof(resp)),
			 8);
	ck_assert_mem_eq(resp + 4, ((uint8_t[]){ W(S_OK) }), 4);
	len = plat_req(rq, H(P_SYSTEM, NEGOTIATE, 2), 1, 0x10000);
	ck_assert_int_eq(scmi_vio_platform_handle_as(plat, 2, rq, len, resp,
						     sizeof(resp)),
			 8);
	ck_assert_mem_eq(resp + 4, ((uint8_t[]){ W(S_OK) }), 4);
	expect_sys_notifier(plat, 20);
	/* Now agent 1 too: the 1.0 layout, without the timeout. */
	STATUS(plat, H(P_SYSTEM, NEGOTIATE, 3), S_OK, 1, 0x10000);
	expect_sys_notifier(plat, 16);
	scmi_vio_platform_destroy(plat);
}
END_TEST

#define RACE_ROUNDS (2000 * SCMI_VIO_TEST_SCALE)

/* Flips done (the flipper's), and its stop flag (the test's). */
static unsigned int flips;
static bool flips_stop;

/* Agent 2 switches Clock between 1.0 and 3.0 until told to stop. */
static void *flip_clock_version(void *arg)
{
	struct scmi_vio_platform *plat = arg;
	uint8_t rq[16], resp[16];
	unsigned int i;
	size_t len;

	for (i = 0; !sv_read_once(&flips_stop); i++) {
		len = plat_req(rq, H(P_CLOCK, NEGOTIATE, 1), 1,
			       i & 1 ? 0x30000 : 0x10000);
		if (scmi_vio_platform_handle_as(plat, 2, rq, len, resp,
						sizeof(resp)) != 8 ||
		    memcmp(resp + 4, (uint8_t[]){ W(S_OK) }, 4))
			return (void *)1;
		sv_write_once(&flips, i + 1);
	}
	return NULL;
}

/*
 * One agent negotiating while another runs its commands and now and then
 * resets it: the other is always served Clock 3.0 (under TSan in the sanitizer build, which also
 * judges the unlocked per-agent row against the handlers' reads).
 */
START_TEST(test_negotiate_races_other_agent)
{
	struct scmi_vio_platform *plat = plat_two();
	unsigned int i;
	pthread_t th;
	void *ret;

	ck_assert_int_eq(pthread_create(&th, NULL, flip_clock_version, plat),
			 0);
	/* Agent 2 on 1.0 once at least: the rounds below overlap its flips. */
	while (sv_read_once(&flips) < 1)
		sched_yield();
	/* As the configured agent, 1. */
	REQ(H(P_CLOCK, 0x3, 2), 1, 0);
	for (i = 0; i < RACE_ROUNDS; i++) {
		RESP(plat, W(H(P_CLOCK, 0x3, 2)), W(S_OK), W(0xc0000001), 'c',
		     'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, W(20));
		/* Now and then resetting agent 2 (under the lock) while it
		 * negotiates (without). */
		if (!(i % 16))
			STATUS(plat, H(P_BASE, 0xb, 3), S_OK, 2, 2, 0);
	}
	sv_write_once(&flips_stop, true);
	ck_assert_int_eq(pthread_join(th, &ret), 0);
	ck_assert_ptr_null(ret);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_case tests[] = {
	SCRIPT(plat_two, one_agent_negotiates),
	SCRIPT(plat_two, reset_restores_that_agent),
	TEST_CASE(test_notifier_layout_per_agent),
	TEST_CASE(test_negotiate_races_other_agent),
};

int main(void)
{
	return plat_check_run("platform_negotiate_agents", "negotiate", 0,
			      tests, ARRAY_SIZE(tests));
}
