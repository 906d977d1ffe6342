// SPDX-License-Identifier: BSD-3-Clause
/*
 * Several agents on one platform (issue #11 item 7), byte by byte: the
 * Base permission commands (0x9, 0xa, 0xb) with every status
 * docs/protocol-statuses.md "Several agents" lists, DISCOVER_AGENT per
 * caller, per-agent protocol lists, clock enables per agent, and
 * notifications only to the agents that subscribed.  Expected bytes are
 * written by hand from docs/protocol.md sections 3-7.
 *
 * Default platform: agents 1 "guest" and 2 "other"; devices (one per
 * domain, protocol id order): power 0-3, perf 4-6, clocks 7-10, sensors
 * 11-15, resets 16-18, voltage 19-21.
 */
#include <errno.h>
#include <stdlib.h>

#include "check_run.h"
#include "plat_fixture.h"

#define DEV_CLOCK0 7u
#define DEV_CLOCK2 9u /* "uart", 24 MHz */
#define N_DEVICES 22u
#define P_POWER 0x11

static const uint8_t sensor_hidden[] = { P_SENSOR };
static const uint32_t clock2_denied[] = { DEV_CLOCK2 };

/* Agent 1 trusted; agent 2 without sensors and, at start, clock 2. */
static const struct scmi_vio_plat_agent policy[2] = {
	{ .trusted = true },
	{ .hidden_protocols = sensor_hidden,
	  .n_hidden_protocols = 1,
	  .denied_devices = clock2_denied,
	  .n_denied_devices = 1 },
};

static struct scmi_vio_platform *plat_agents(bool with_policy)
{
	struct scmi_vio_platform_config cfg;

	scmi_vio_platform_config_default(&cfg);
	if (with_policy)
		cfg.agent_policy = policy;
	return plat_create(&cfg);
}

static struct scmi_vio_platform *plat_policy(void)
{
	return plat_agents(true);
}

static struct scmi_vio_platform *plat_open(void)
{
	return plat_agents(false);
}

/* RATE_GET of clock 2 (24 MHz) as @a: allowed, or DENIED. */
#define CLOCK2_RATE_AS(a) \
	ASK(H(P_CLOCK, 0x6, 4), 1, 2), REPLY_OK(W(24000000), W(0)), AS(a)
#define CLOCK2_DENIED_AS(a) \
	ASK(H(P_CLOCK, 0x6, 4), 1, 2), STATUS_IS(S_DENIED), AS(a)

/* CLOCK_RATE_NOTIFY of clock 0, @on, as @a under token @tok. */
#define RATE_NOTIFY_AS(a, tok, on) \
	ASK(H(P_CLOCK, 0x9, tok), 2, 0, on), STATUS_IS(S_OK), AS(a)

/* CLOCK_RATE_SET of clock 0 to 200 MHz as @a under token @tok. */
#define CLOCK0_200M_AS(a, tok) \
	ASK(H(P_CLOCK, 0x5, tok), 4, 0, 0, 200000000, 0), STATUS_IS(S_OK), AS(a)

/* RATE_CHANGED of clock 0 at 200 MHz, caused by @a. */
#define RATE_CHANGED_BY(a) \
	EVENT_IS(W(HT(P_CLOCK, 0x0, 3, 0)), W(a), W(0), W(200000000), W(0))

static const struct plat_step attributes_count_agents[] = {
	/* Seven protocols, two agents (bits [15:8]). */
	{ ASK(H(P_BASE, 0x1, 1), 0), REPLY_OK(W(0x00000207)), AS(1) },
	/* Agent 2 is not given Sensor: six protocols for it. */
	{ ASK(H(P_BASE, 0x1, 1), 0), REPLY_OK(W(0x00000206)), AS(2) },
	/* The permission commands exist, attributes 0. */
	{ IMPLEMENTED(H(P_BASE, 0x2, 2), 0x9, 0xa, 0xb), AS(2) },
};

static const struct plat_step discover_agent_per_caller[] = {
	/* 0xFFFFFFFF is the caller: each agent learns its own id. */
	{ ASK(H(P_BASE, 0x7, 3), 1, 0xffffffffu),
	  REPLY_OK(W(1), 'g', 'u', 'e', 's', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0),
	  AS(1) },
	{ ASK(H(P_BASE, 0x7, 3), 1, 0xffffffffu),
	  REPLY_OK(W(2), 'o', 't', 'h', 'e', 'r', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0),
	  AS(2) },
	/* Every id, asked by either agent. */
	{ ASK(H(P_BASE, 0x7, 3), 1, 0),
	  REPLY_OK(W(0), 'p', 'l', 'a', 't', 'f', 'o', 'r', 'm', 0, 0, 0, 0, 0,
		   0, 0, 0),
	  AS(2) },
	{ ASK(H(P_BASE, 0x7, 3), 1, 1),
	  REPLY_OK(W(1), 'g', 'u', 'e', 's', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0),
	  AS(2) },
	{ ASK(H(P_BASE, 0x7, 3), 1, 2),
	  REPLY_OK(W(2), 'o', 't', 'h', 'e', 'r', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0),
	  AS(1) },
	{ ASK(H(P_BASE, 0x7, 3), 1, 3), STATUS_IS(S_NOT_FOUND), AS(1) },
	{ ASK(H(P_BASE, 0x7, 3), 1, 0xfffffffeu), STATUS_IS(S_NOT_FOUND),
	  AS(2) },
};

START_TEST(test_discover_agent_per_caller)
{
	struct scmi_vio_platform *plat = plat_agents(false);

	STEPS(plat, discover_agent_per_caller);
	/* An agent the platform lacks cannot speak at all. */
	{
		uint8_t rq[8], resp[16];
		size_t rl = plat_req(rq, H(P_BASE, 0x0, 1), 0);

		ck_assert_int_eq(scmi_vio_platform_handle_as(
					 plat, 3, rq, rl, resp, sizeof(resp)),
				 -EINVAL);
		ck_assert_int_eq(scmi_vio_platform_handle_as(
					 plat, 0, rq, rl, resp, sizeof(resp)),
				 -EINVAL);
	}
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* Untrusted callers are DENIED every permission command. */
static const struct plat_step untrusted_denied_1[] = {
	{ ASK(H(P_BASE, 0x9, 5), 3, 2, DEV_CLOCK2, 1), STATUS_IS(S_DENIED),
	  AS(2) },
	{ ASK(H(P_BASE, 0xa, 5), 4, 2, DEV_CLOCK2, P_CLOCK, 1),
	  STATUS_IS(S_DENIED), AS(2) },
	{ ASK(H(P_BASE, 0xb, 5), 2, 2, 1), STATUS_IS(S_DENIED), AS(2) },
	/* DENIED comes before any check of the target agent. */
	{ ASK(H(P_BASE, 0x9, 5), 3, 9, 999, 7), STATUS_IS(S_DENIED), AS(2) },
	{ CLOCK2_DENIED_AS(2) },
};

static const struct plat_step untrusted_denied_2[] = {
	{ ASK(H(P_BASE, 0x9, 5), 3, 2, DEV_CLOCK2, 0), STATUS_IS(S_DENIED),
	  AS(1) },
	{ ASK(H(P_BASE, 0xb, 5), 2, 1, 0), STATUS_IS(S_DENIED), AS(1) },
};

START_TEST(test_untrusted_denied)
{
	struct scmi_vio_platform *plat = plat_agents(true);

	STEPS(plat, untrusted_denied_1);
	scmi_vio_platform_destroy(plat);
	/* Without a policy nobody is trusted. */
	plat = plat_agents(false);
	STEPS(plat, untrusted_denied_2);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_step set_device_permissions[] = {
	/* Agent 2 starts without clock 2; the other clocks are its. */
	{ CLOCK2_DENIED_AS(2) },
	{ CLOCK2_RATE_AS(1) },
	/* RATE_SET names the clock in word 1: checked there. */
	{ ASK(H(P_CLOCK, 0x5, 6), 4, 0, 2, 24000000, 0), STATUS_IS(S_DENIED),
	  AS(2) },
	/* Unknown agent or device: NOT_FOUND; reserved flags: INVALID. */
	{ ASK(H(P_BASE, 0x9, 7), 3, 3, DEV_CLOCK2, 1), STATUS_IS(S_NOT_FOUND),
	  AS(1) },
	/* Agent 0, the platform: SUCCESS, nothing changes (SCP-firmware). */
	{ ASK(H(P_BASE, 0x9, 7), 3, 0, DEV_CLOCK2, 0), STATUS_IS(S_OK), AS(1) },
	{ ASK(H(P_BASE, 0xa, 7), 4, 0, DEV_CLOCK2, P_CLOCK, 0), STATUS_IS(S_OK),
	  AS(1) },
	{ ASK(H(P_BASE, 0x9, 7), 3, 2, N_DEVICES, 1), STATUS_IS(S_NOT_FOUND),
	  AS(1) },
	{ ASK(H(P_BASE, 0x9, 7), 3, 2, DEV_CLOCK2, 3), STATUS_IS(S_INVALID),
	  AS(1) },
	{ ASK(H(P_BASE, 0x9, 7), 3, 2, DEV_CLOCK2, 0x80000000u),
	  STATUS_IS(S_INVALID), AS(1) },
	/* Wrong lengths. */
	{ ASK(H(P_BASE, 0x9, 7), 2, 2, DEV_CLOCK2), STATUS_IS(S_PROTOCOL),
	  AS(1) },
	{ ASK(H(P_BASE, 0x9, 7), 4, 2, DEV_CLOCK2, 1, 0), STATUS_IS(S_PROTOCOL),
	  AS(1) },
	{ CLOCK2_DENIED_AS(2) },
	/* Granted: agent 2 reaches clock 2. */
	{ ASK(H(P_BASE, 0x9, 8), 3, 2, DEV_CLOCK2, 1), STATUS_IS(S_OK), AS(1) },
	{ CLOCK2_RATE_AS(2) },
	/* A trusted agent may withdraw its own access too. */
	{ ASK(H(P_BASE, 0x9, 8), 3, 1, DEV_CLOCK2, 0), STATUS_IS(S_OK), AS(1) },
	{ CLOCK2_DENIED_AS(1) },
	{ CLOCK2_RATE_AS(2) },
	/* Out-of-range domains still answer the protocol's NOT_FOUND. */
	{ ASK(H(P_CLOCK, 0x6, 9), 1, 4), STATUS_IS(S_NOT_FOUND), AS(2) },
};

START_TEST(test_set_device_permissions)
{
	struct scmi_vio_platform *plat = plat_agents(true);

	ck_assert_int_eq(scmi_vio_platform_device_id(plat, P_CLOCK, 2),
			 DEV_CLOCK2);
	ck_assert_int_eq(scmi_vio_platform_device_id(plat, P_CLOCK, 4),
			 -ENOENT);
	STEPS(plat, set_device_permissions);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_step set_protocol_permissions[] = {
	/* Agent 2 has no access to clock 2 at all: NOT_FOUND (test_b013). */
	{ ASK(H(P_BASE, 0xa, 1), 4, 2, DEV_CLOCK2, P_CLOCK, 1),
	  STATUS_IS(S_NOT_FOUND), AS(1) },
	{ ASK(H(P_BASE, 0x9, 1), 3, 2, DEV_CLOCK2, 1), STATUS_IS(S_OK), AS(1) },
	/* Base is never withdrawn; a protocol the device lacks is absent. */
	{ ASK(H(P_BASE, 0xa, 2), 4, 2, DEV_CLOCK2, P_BASE, 0),
	  STATUS_IS(S_NOT_FOUND), AS(1) },
	{ ASK(H(P_BASE, 0xa, 2), 4, 2, DEV_CLOCK2, P_PERF, 0),
	  STATUS_IS(S_NOT_FOUND), AS(1) },
	{ ASK(H(P_BASE, 0xa, 2), 4, 2, DEV_CLOCK2, 0x114, 0),
	  STATUS_IS(S_NOT_FOUND), AS(1) },
	{ ASK(H(P_BASE, 0xa, 2), 4, 3, DEV_CLOCK2, P_CLOCK, 0),
	  STATUS_IS(S_NOT_FOUND), AS(1) },
	{ ASK(H(P_BASE, 0xa, 2), 4, 2, N_DEVICES, P_CLOCK, 0),
	  STATUS_IS(S_NOT_FOUND), AS(1) },
	{ ASK(H(P_BASE, 0xa, 2), 4, 2, DEV_CLOCK2, P_CLOCK, 2),
	  STATUS_IS(S_INVALID), AS(1) },
	{ ASK(H(P_BASE, 0xa, 2), 3, 2, DEV_CLOCK2, P_CLOCK),
	  STATUS_IS(S_PROTOCOL), AS(1) },
	{ CLOCK2_RATE_AS(2) },
	/* Withdrawn through Clock: DENIED; allowed again: back. */
	{ ASK(H(P_BASE, 0xa, 3), 4, 2, DEV_CLOCK2, P_CLOCK, 0), STATUS_IS(S_OK),
	  AS(1) },
	{ CLOCK2_DENIED_AS(2) },
	{ ASK(H(P_BASE, 0xa, 3), 4, 2, DEV_CLOCK2, P_CLOCK, 1), STATUS_IS(S_OK),
	  AS(1) },
	{ CLOCK2_RATE_AS(2) },
	/* A power domain is a device too (device 1 = power domain 1). */
	{ ASK(H(P_BASE, 0xa, 4), 4, 2, 1, P_POWER, 0), STATUS_IS(S_OK), AS(1) },
	{ ASK(H(P_POWER, 0x5, 4), 1, 1), STATUS_IS(S_DENIED), AS(2) },
};

/* The enabled bit of CLOCK_ATTRIBUTES of clock @id as @agent sees it. */
static bool clock_enabled_as(struct scmi_vio_platform *plat, uint32_t agent,
			     uint32_t id)
{
	uint8_t rq[8], resp[64];
	size_t rl = plat_req(rq, H(P_CLOCK, 0x3, 5), 1, id);
	int n = scmi_vio_platform_handle_as(plat, agent, rq, rl, resp,
					    sizeof(resp));

	ck_assert_int_ge(n, 12);
	ck_assert_uint_eq(resp[4] | resp[5] | resp[6] | resp[7], 0);
	return resp[8] & 1;
}

static const struct plat_step reset_agent_configuration_1[] = {
	{ ASK(H(P_BASE, 0x9, 1), 3, 2, DEV_CLOCK2, 1), STATUS_IS(S_OK), AS(1) },
	{ CLOCK2_RATE_AS(2) },
};

static const struct plat_step reset_agent_configuration_2[] = {
	/* Bad requests. */
	{ ASK(H(P_BASE, 0xb, 3), 2, 3, 0), STATUS_IS(S_NOT_FOUND), AS(1) },
	{ ASK(H(P_BASE, 0xb, 3), 2, 0, 1), STATUS_IS(S_OK), AS(1) },
	{ ASK(H(P_BASE, 0xb, 3), 2, 2, 2), STATUS_IS(S_INVALID), AS(1) },
	{ ASK(H(P_BASE, 0xb, 3), 1, 2), STATUS_IS(S_PROTOCOL), AS(1) },
	/* Without bit 0: its requests go, its permissions stay. */
	{ ASK(H(P_BASE, 0xb, 4), 2, 2, 0), STATUS_IS(S_OK), AS(1) },
};

static const struct plat_step reset_agent_configuration_3[] = {
	{ CLOCK2_RATE_AS(2) },
	/* With bit 0: the configured permissions are back. */
	{ ASK(H(P_BASE, 0xb, 4), 2, 2, 1), STATUS_IS(S_OK), AS(1) },
	{ CLOCK2_DENIED_AS(2) },
	{ CLOCK2_RATE_AS(1) },
};

static const struct plat_step clock1_on_as_2[] = {
	{ ASK(H(P_CLOCK, 0x7, 2), 3, 1, 1, 0), STATUS_IS(S_OK), AS(2) },
};

START_TEST(test_reset_agent_configuration)
{
	struct scmi_vio_platform *plat = plat_agents(true);

	STEPS(plat, reset_agent_configuration_1);
	/* Agent 2 turns clock 1 ("gpu", configured off) on. */
	ck_assert(!clock_enabled_as(plat, 2, 1));
	STEPS(plat, clock1_on_as_2);
	ck_assert(clock_enabled_as(plat, 2, 1));
	/* Each agent sees its own request (SCP-firmware's per-agent state). */
	ck_assert(!clock_enabled_as(plat, 1, 1));
	STEPS(plat, reset_agent_configuration_2);
	ck_assert(!clock_enabled_as(plat, 2, 1));
	STEPS(plat, reset_agent_configuration_3);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_step hidden_protocol[] = {
	/* Agent 2's list lacks Sensor (0x15); agent 1's has it. */
	{ ASK(H(P_BASE, 0x6, 1), 1, 0),
	  REPLY_OK(W(6), 0x11, 0x12, 0x13, 0x14, 0x16, 0x17, 0, 0), AS(2) },
	{ ASK(H(P_BASE, 0x6, 1), 1, 0),
	  REPLY_OK(W(7), 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0), AS(1) },
	/* To agent 2 Sensor is as absent as an unknown protocol. */
	{ ASK(H(P_SENSOR, 0x0, 2), 0), STATUS_IS(S_NOT_SUPPORTED), AS(2) },
	{ ASK(H(P_SENSOR, 0x6, 2), 2, 0, 0), STATUS_IS(S_NOT_SUPPORTED),
	  AS(2) },
	{ ASK(H(P_SENSOR, 0x0, 2), 0), REPLY_OK(W(0x00030001)), AS(1) },
};

static const struct plat_step notifications_to_subscribers[] = {
	/* Agent 2 subscribes; agent 1 (whose events pop here) does not. */
	{ RATE_NOTIFY_AS(2, 1, 1) },
	{ CLOCK0_200M_AS(1, 2) },
	{ NO_EVENT_IS },
	/* Agent 1 subscribes: its copy names agent 2 as the cause. */
	{ RATE_NOTIFY_AS(1, 3, 1) },
	{ CLOCK0_200M_AS(2, 4) },
	{ RATE_CHANGED_BY(2) },
	{ NO_EVENT_IS },
	/* Agent 2 leaves; agent 1 stays subscribed and still hears. */
	{ RATE_NOTIFY_AS(2, 5, 0) },
	{ CLOCK0_200M_AS(1, 6) },
	{ RATE_CHANGED_BY(1) },
	/* Agent 1 leaves: nobody hears. */
	{ RATE_NOTIFY_AS(1, 7, 0) },
	{ CLOCK0_200M_AS(1, 8) },
	{ NO_EVENT_IS },
};

/* READING_GET of sensor 0 as agent 1; the value is not the point. */
static void read_sensor0(struct scmi_vio_platform *plat)
{
	uint8_t rq[12], resp[32];
	size_t rl = plat_req(rq, H(P_SENSOR, 0x6, 1), 2, 0, 0);

	ck_assert_int_eq(scmi_vio_platform_handle_as(plat, 1, rq, rl, resp,
						     sizeof(resp)),
			 24);
	ck_assert_uint_eq(resp[4] | resp[5] | resp[6] | resp[7], 0);
}

/*
 * Trip events' sources are sensor << 8 | trip: trip 1 of sensor 0 must
 * reach agent 2 (subscribed to sensor 0), not fall back to agent 1.
 */
static const struct plat_step sensor_trips_to_subscriber_1[] = {
	/* soc_temp reads 40, 45, ... 75, 40: trip 0 up at 50, 1 down at 60. */
	{ ASK(H(P_SENSOR, 0x5, 1), 4, 0, 0x01, 50, 0), STATUS_IS(S_OK), AS(1) },
	{ ASK(H(P_SENSOR, 0x5, 1), 4, 0, 0x12, 60, 0), STATUS_IS(S_OK), AS(1) },
	{ ASK(H(P_SENSOR, 0x4, 1), 2, 0, 1), STATUS_IS(S_OK), AS(2) },
};

static const struct plat_step sensor_trips_to_subscriber_2[] = {
	{ NO_EVENT_IS },
	/* Agent 1 subscribes: the next crossing (50, up) reaches it too. */
	{ ASK(H(P_SENSOR, 0x4, 2), 2, 0, 1), STATUS_IS(S_OK), AS(1) },
};

START_TEST(test_sensor_trips_to_subscriber)
{
	struct scmi_vio_platform *plat = plat_agents(false);
	unsigned int i;

	STEPS(plat, sensor_trips_to_subscriber_1);
	for (i = 0; i < 9; i++)
		read_sensor0(plat);
	STEPS(plat, sensor_trips_to_subscriber_2);
	read_sensor0(plat); /* 45 */
	NO_EVENT(plat);
	read_sensor0(plat); /* 50 */
	EVENT(plat, W(HT(P_SENSOR, 0x0, 3, 0)), W(1), W(0), W(0x00000001));
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* A reset of an agent's configuration drops its subscriptions too. */
static const struct plat_step reset_drops_subscriptions[] = {
	{ RATE_NOTIFY_AS(1, 1, 1) },
	{ CLOCK0_200M_AS(1, 2) },
	{ RATE_CHANGED_BY(1) },
	{ ASK(H(P_BASE, 0xb, 3), 2, 1, 0), STATUS_IS(S_OK), AS(1) },
	{ CLOCK0_200M_AS(1, 4) },
	{ NO_EVENT_IS },
	/* Subscribing again works as before. */
	{ RATE_NOTIFY_AS(1, 5, 1) },
	{ CLOCK0_200M_AS(1, 6) },
	{ RATE_CHANGED_BY(1) },
};

START_TEST(test_bad_policy_rejected)
{
	static const uint8_t base_hidden[] = { P_BASE };
	static const uint32_t far_device[] = { N_DEVICES };
	struct scmi_vio_plat_agent bad[2] = { { 0 }, { 0 } };
	struct scmi_vio_platform_config cfg;

	scmi_vio_platform_config_default(&cfg);
	cfg.agent_policy = bad;
	bad[1].hidden_protocols = base_hidden;
	bad[1].n_hidden_protocols = 1;
	plat_refuses(&cfg);
	bad[1] = (struct scmi_vio_plat_agent){ .denied_devices = far_device,
					       .n_denied_devices = 1 };
	plat_refuses(&cfg);
	bad[1] = (struct scmi_vio_plat_agent){ .n_denied_devices = 1 };
	plat_refuses(&cfg);
}
END_TEST

static const struct plat_case tests[] = {
	SCRIPT(plat_policy, attributes_count_agents),
	TEST_CASE(test_discover_agent_per_caller),
	TEST_CASE(test_untrusted_denied),
	TEST_CASE(test_set_device_permissions),
	SCRIPT(plat_policy, set_protocol_permissions),
	TEST_CASE(test_reset_agent_configuration),
	SCRIPT(plat_policy, hidden_protocol),
	SCRIPT(plat_open, notifications_to_subscribers),
	TEST_CASE(test_sensor_trips_to_subscriber),
	SCRIPT(plat_policy, reset_drops_subscriptions),
	TEST_CASE(test_bad_policy_rejected),
};

int main(void)
{
	return plat_check_run("platform_agents", "agents", 0, tests,
			      ARRAY_SIZE(tests));
}
