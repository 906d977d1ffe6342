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

/* Send as @agent and compare the whole response with @exp. */
static void expect_as_at(struct scmi_vio_platform *plat, uint32_t agent,
			 const uint8_t *req, size_t len, const uint8_t *exp,
			 size_t exp_len, int line)
{
	uint8_t resp[256];
	int n;

	memset(resp, 0xa5, sizeof(resp));
	n = scmi_vio_platform_handle_as(plat, agent, req, len, resp,
					sizeof(resp));
	if (n < 0 || (size_t)n != exp_len || memcmp(resp, exp, exp_len)) {
		if (n > 0)
			plat_dump_diff(resp, (size_t)n, exp, exp_len);
		ck_abort_msg("line %d: agent %u: mismatch (len %d, exp %zu)",
			     line, agent, n, exp_len);
	}
}

#define RESP_AS(plat, agent, ...)                                         \
	do {                                                              \
		static const uint8_t exp_[] = { __VA_ARGS__ };            \
		expect_as_at(plat, agent, g_rq, g_rl, exp_, sizeof(exp_), \
			     __LINE__);                                   \
	} while (0)

#define STATUS_AS(plat, agent, hdr, status, n, ...)                     \
	do {                                                            \
		uint8_t rq_[64];                                        \
		size_t rl_ = plat_req(rq_, hdr, n, ##__VA_ARGS__);      \
		const uint8_t exp_[] = { W(hdr), W(status) };           \
		expect_as_at(plat, agent, rq_, rl_, exp_, sizeof(exp_), \
			     __LINE__);                                 \
	} while (0)

/* RATE_GET of clock 2 (24 MHz) as @agent: allowed, or DENIED. */
static void clock2_rate(struct scmi_vio_platform *plat, uint32_t agent,
			bool allowed, int line)
{
	uint8_t rq[8];
	size_t rl = plat_req(rq, H(P_CLOCK, 0x6, 4), 1, 2);
	const uint8_t ok[] = { W(H(P_CLOCK, 0x6, 4)), W(S_OK), W(24000000),
			       W(0) };
	const uint8_t denied[] = { W(H(P_CLOCK, 0x6, 4)), W(S_DENIED) };

	if (allowed)
		expect_as_at(plat, agent, rq, rl, ok, sizeof(ok), line);
	else
		expect_as_at(plat, agent, rq, rl, denied, sizeof(denied), line);
}

START_TEST(test_attributes_count_agents)
{
	struct scmi_vio_platform *plat = plat_agents(true);

	/* Seven protocols, two agents (bits [15:8]). */
	REQ(H(P_BASE, 0x1, 1), 0);
	RESP_AS(plat, 1, W(H(P_BASE, 0x1, 1)), W(S_OK), W(0x00000207));
	/* Agent 2 is not given Sensor: six protocols for it. */
	RESP_AS(plat, 2, W(H(P_BASE, 0x1, 1)), W(S_OK), W(0x00000206));
	/* The permission commands exist, attributes 0. */
	REQ(H(P_BASE, 0x2, 2), 1, 0x9);
	RESP_AS(plat, 2, W(H(P_BASE, 0x2, 2)), W(S_OK), W(0));
	REQ(H(P_BASE, 0x2, 2), 1, 0xa);
	RESP_AS(plat, 2, W(H(P_BASE, 0x2, 2)), W(S_OK), W(0));
	REQ(H(P_BASE, 0x2, 2), 1, 0xb);
	RESP_AS(plat, 2, W(H(P_BASE, 0x2, 2)), W(S_OK), W(0));
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_discover_agent_per_caller)
{
	struct scmi_vio_platform *plat = plat_agents(false);

	/* 0xFFFFFFFF is the caller: each agent learns its own id. */
	REQ(H(P_BASE, 0x7, 3), 1, 0xffffffffu);
	RESP_AS(plat, 1, W(H(P_BASE, 0x7, 3)), W(S_OK), W(1), 'g', 'u', 'e',
		's', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	RESP_AS(plat, 2, W(H(P_BASE, 0x7, 3)), W(S_OK), W(2), 'o', 't', 'h',
		'e', 'r', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	/* Every id, asked by either agent. */
	REQ(H(P_BASE, 0x7, 3), 1, 0);
	RESP_AS(plat, 2, W(H(P_BASE, 0x7, 3)), W(S_OK), W(0), 'p', 'l', 'a',
		't', 'f', 'o', 'r', 'm', 0, 0, 0, 0, 0, 0, 0, 0);
	REQ(H(P_BASE, 0x7, 3), 1, 1);
	RESP_AS(plat, 2, W(H(P_BASE, 0x7, 3)), W(S_OK), W(1), 'g', 'u', 'e',
		's', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	REQ(H(P_BASE, 0x7, 3), 1, 2);
	RESP_AS(plat, 1, W(H(P_BASE, 0x7, 3)), W(S_OK), W(2), 'o', 't', 'h',
		'e', 'r', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	STATUS_AS(plat, 1, H(P_BASE, 0x7, 3), S_NOT_FOUND, 1, 3);
	STATUS_AS(plat, 2, H(P_BASE, 0x7, 3), S_NOT_FOUND, 1, 0xfffffffeu);
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
START_TEST(test_untrusted_denied)
{
	struct scmi_vio_platform *plat = plat_agents(true);

	STATUS_AS(plat, 2, H(P_BASE, 0x9, 5), S_DENIED, 3, 2, DEV_CLOCK2, 1);
	STATUS_AS(plat, 2, H(P_BASE, 0xa, 5), S_DENIED, 4, 2, DEV_CLOCK2,
		  P_CLOCK, 1);
	STATUS_AS(plat, 2, H(P_BASE, 0xb, 5), S_DENIED, 2, 2, 1);
	/* DENIED comes before any check of the target agent. */
	STATUS_AS(plat, 2, H(P_BASE, 0x9, 5), S_DENIED, 3, 9, 999, 7);
	clock2_rate(plat, 2, false, __LINE__);
	scmi_vio_platform_destroy(plat);
	/* Without a policy nobody is trusted. */
	plat = plat_agents(false);
	STATUS_AS(plat, 1, H(P_BASE, 0x9, 5), S_DENIED, 3, 2, DEV_CLOCK2, 0);
	STATUS_AS(plat, 1, H(P_BASE, 0xb, 5), S_DENIED, 2, 1, 0);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_set_device_permissions)
{
	struct scmi_vio_platform *plat = plat_agents(true);

	ck_assert_int_eq(scmi_vio_platform_device_id(plat, P_CLOCK, 2),
			 DEV_CLOCK2);
	ck_assert_int_eq(scmi_vio_platform_device_id(plat, P_CLOCK, 4),
			 -ENOENT);
	/* Agent 2 starts without clock 2; the other clocks are its. */
	clock2_rate(plat, 2, false, __LINE__);
	clock2_rate(plat, 1, true, __LINE__);
	/* RATE_SET names the clock in word 1: checked there. */
	STATUS_AS(plat, 2, H(P_CLOCK, 0x5, 6), S_DENIED, 4, 0, 2, 24000000, 0);
	/* Unknown agent or device: NOT_FOUND; reserved flags: INVALID. */
	STATUS_AS(plat, 1, H(P_BASE, 0x9, 7), S_NOT_FOUND, 3, 3, DEV_CLOCK2, 1);
	/* Agent 0, the platform: SUCCESS, nothing changes (SCP-firmware). */
	STATUS_AS(plat, 1, H(P_BASE, 0x9, 7), S_OK, 3, 0, DEV_CLOCK2, 0);
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 7), S_OK, 4, 0, DEV_CLOCK2, P_CLOCK,
		  0);
	STATUS_AS(plat, 1, H(P_BASE, 0x9, 7), S_NOT_FOUND, 3, 2, N_DEVICES, 1);
	STATUS_AS(plat, 1, H(P_BASE, 0x9, 7), S_INVALID, 3, 2, DEV_CLOCK2, 3);
	STATUS_AS(plat, 1, H(P_BASE, 0x9, 7), S_INVALID, 3, 2, DEV_CLOCK2,
		  0x80000000u);
	/* Wrong lengths. */
	STATUS_AS(plat, 1, H(P_BASE, 0x9, 7), S_PROTOCOL, 2, 2, DEV_CLOCK2);
	STATUS_AS(plat, 1, H(P_BASE, 0x9, 7), S_PROTOCOL, 4, 2, DEV_CLOCK2, 1,
		  0);
	clock2_rate(plat, 2, false, __LINE__);
	/* Granted: agent 2 reaches clock 2. */
	STATUS_AS(plat, 1, H(P_BASE, 0x9, 8), S_OK, 3, 2, DEV_CLOCK2, 1);
	clock2_rate(plat, 2, true, __LINE__);
	/* A trusted agent may withdraw its own access too. */
	STATUS_AS(plat, 1, H(P_BASE, 0x9, 8), S_OK, 3, 1, DEV_CLOCK2, 0);
	clock2_rate(plat, 1, false, __LINE__);
	clock2_rate(plat, 2, true, __LINE__);
	/* Out-of-range domains still answer the protocol's NOT_FOUND. */
	STATUS_AS(plat, 2, H(P_CLOCK, 0x6, 9), S_NOT_FOUND, 1, 4);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_set_protocol_permissions)
{
	struct scmi_vio_platform *plat = plat_agents(true);

	/* Agent 2 has no access to clock 2 at all: NOT_FOUND (test_b013). */
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 1), S_NOT_FOUND, 4, 2, DEV_CLOCK2,
		  P_CLOCK, 1);
	STATUS_AS(plat, 1, H(P_BASE, 0x9, 1), S_OK, 3, 2, DEV_CLOCK2, 1);
	/* Base is never withdrawn; a protocol the device lacks is absent. */
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 2), S_NOT_FOUND, 4, 2, DEV_CLOCK2,
		  P_BASE, 0);
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 2), S_NOT_FOUND, 4, 2, DEV_CLOCK2,
		  P_PERF, 0);
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 2), S_NOT_FOUND, 4, 2, DEV_CLOCK2,
		  0x114, 0);
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 2), S_NOT_FOUND, 4, 3, DEV_CLOCK2,
		  P_CLOCK, 0);
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 2), S_NOT_FOUND, 4, 2, N_DEVICES,
		  P_CLOCK, 0);
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 2), S_INVALID, 4, 2, DEV_CLOCK2,
		  P_CLOCK, 2);
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 2), S_PROTOCOL, 3, 2, DEV_CLOCK2,
		  P_CLOCK);
	clock2_rate(plat, 2, true, __LINE__);
	/* Withdrawn through Clock: DENIED; allowed again: back. */
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 3), S_OK, 4, 2, DEV_CLOCK2, P_CLOCK,
		  0);
	clock2_rate(plat, 2, false, __LINE__);
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 3), S_OK, 4, 2, DEV_CLOCK2, P_CLOCK,
		  1);
	clock2_rate(plat, 2, true, __LINE__);
	/* A power domain is a device too (device 1 = power domain 1). */
	STATUS_AS(plat, 1, H(P_BASE, 0xa, 4), S_OK, 4, 2, 1, P_POWER, 0);
	STATUS_AS(plat, 2, H(P_POWER, 0x5, 4), S_DENIED, 1, 1);
	scmi_vio_platform_destroy(plat);
}
END_TEST

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

START_TEST(test_reset_agent_configuration)
{
	struct scmi_vio_platform *plat = plat_agents(true);

	STATUS_AS(plat, 1, H(P_BASE, 0x9, 1), S_OK, 3, 2, DEV_CLOCK2, 1);
	clock2_rate(plat, 2, true, __LINE__);
	/* Agent 2 turns clock 1 ("gpu", configured off) on. */
	ck_assert(!clock_enabled_as(plat, 2, 1));
	STATUS_AS(plat, 2, H(P_CLOCK, 0x7, 2), S_OK, 3, 1, 1, 0);
	ck_assert(clock_enabled_as(plat, 2, 1));
	/* Each agent sees its own request (SCP-firmware's per-agent state). */
	ck_assert(!clock_enabled_as(plat, 1, 1));
	/* Bad requests. */
	STATUS_AS(plat, 1, H(P_BASE, 0xb, 3), S_NOT_FOUND, 2, 3, 0);
	STATUS_AS(plat, 1, H(P_BASE, 0xb, 3), S_OK, 2, 0, 1);
	STATUS_AS(plat, 1, H(P_BASE, 0xb, 3), S_INVALID, 2, 2, 2);
	STATUS_AS(plat, 1, H(P_BASE, 0xb, 3), S_PROTOCOL, 1, 2);
	/* Without bit 0: its requests go, its permissions stay. */
	STATUS_AS(plat, 1, H(P_BASE, 0xb, 4), S_OK, 2, 2, 0);
	ck_assert(!clock_enabled_as(plat, 2, 1));
	clock2_rate(plat, 2, true, __LINE__);
	/* With bit 0: the configured permissions are back. */
	STATUS_AS(plat, 1, H(P_BASE, 0xb, 4), S_OK, 2, 2, 1);
	clock2_rate(plat, 2, false, __LINE__);
	clock2_rate(plat, 1, true, __LINE__);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_hidden_protocol)
{
	struct scmi_vio_platform *plat = plat_agents(true);

	/* Agent 2's list lacks Sensor (0x15); agent 1's has it. */
	REQ(H(P_BASE, 0x6, 1), 1, 0);
	RESP_AS(plat, 2, W(H(P_BASE, 0x6, 1)), W(S_OK), W(6), 0x11, 0x12, 0x13,
		0x14, 0x16, 0x17, 0, 0);
	RESP_AS(plat, 1, W(H(P_BASE, 0x6, 1)), W(S_OK), W(7), 0x11, 0x12, 0x13,
		0x14, 0x15, 0x16, 0x17, 0);
	/* To agent 2 Sensor is as absent as an unknown protocol. */
	STATUS_AS(plat, 2, H(P_SENSOR, 0x0, 2), S_NOT_SUPPORTED, 0);
	STATUS_AS(plat, 2, H(P_SENSOR, 0x6, 2), S_NOT_SUPPORTED, 2, 0, 0);
	REQ(H(P_SENSOR, 0x0, 2), 0);
	RESP_AS(plat, 1, W(H(P_SENSOR, 0x0, 2)), W(S_OK), W(0x00030001));
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* RATE_CHANGED of clock 0 at 200 MHz, caused by @agent. */
#define RATE_EVENT(plat, agent)                                              \
	EVENT(plat, W(HT(P_CLOCK, 0x0, 3, 0)), W(agent), W(0), W(200000000), \
	      W(0))

START_TEST(test_notifications_to_subscribers)
{
	struct scmi_vio_platform *plat = plat_agents(false);

	/* Agent 2 subscribes; agent 1 (whose events pop here) does not. */
	STATUS_AS(plat, 2, H(P_CLOCK, 0x9, 1), S_OK, 2, 0, 1);
	STATUS_AS(plat, 1, H(P_CLOCK, 0x5, 2), S_OK, 4, 0, 0, 200000000, 0);
	NO_EVENT(plat);
	/* Agent 1 subscribes: its copy names agent 2 as the cause. */
	STATUS_AS(plat, 1, H(P_CLOCK, 0x9, 3), S_OK, 2, 0, 1);
	STATUS_AS(plat, 2, H(P_CLOCK, 0x5, 4), S_OK, 4, 0, 0, 200000000, 0);
	RATE_EVENT(plat, 2);
	NO_EVENT(plat);
	/* Agent 2 leaves; agent 1 stays subscribed and still hears. */
	STATUS_AS(plat, 2, H(P_CLOCK, 0x9, 5), S_OK, 2, 0, 0);
	STATUS_AS(plat, 1, H(P_CLOCK, 0x5, 6), S_OK, 4, 0, 0, 200000000, 0);
	RATE_EVENT(plat, 1);
	/* Agent 1 leaves: nobody hears. */
	STATUS_AS(plat, 1, H(P_CLOCK, 0x9, 7), S_OK, 2, 0, 0);
	STATUS_AS(plat, 1, H(P_CLOCK, 0x5, 8), S_OK, 4, 0, 0, 200000000, 0);
	NO_EVENT(plat);
	scmi_vio_platform_destroy(plat);
}
END_TEST

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
START_TEST(test_sensor_trips_to_subscriber)
{
	struct scmi_vio_platform *plat = plat_agents(false);
	unsigned int i;

	/* soc_temp reads 40, 45, ... 75, 40: trip 0 up at 50, 1 down at 60. */
	STATUS_AS(plat, 1, H(P_SENSOR, 0x5, 1), S_OK, 4, 0, 0x01, 50, 0);
	STATUS_AS(plat, 1, H(P_SENSOR, 0x5, 1), S_OK, 4, 0, 0x12, 60, 0);
	STATUS_AS(plat, 2, H(P_SENSOR, 0x4, 1), S_OK, 2, 0, 1);
	for (i = 0; i < 9; i++)
		read_sensor0(plat);
	NO_EVENT(plat);
	/* Agent 1 subscribes: the next crossing (50, up) reaches it too. */
	STATUS_AS(plat, 1, H(P_SENSOR, 0x4, 2), S_OK, 2, 0, 1);
	read_sensor0(plat); /* 45 */
	NO_EVENT(plat);
	read_sensor0(plat); /* 50 */
	EVENT(plat, W(HT(P_SENSOR, 0x0, 3, 0)), W(1), W(0), W(0x00000001));
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* A reset of an agent's configuration drops its subscriptions too. */
START_TEST(test_reset_drops_subscriptions)
{
	struct scmi_vio_platform *plat = plat_agents(true);

	STATUS_AS(plat, 1, H(P_CLOCK, 0x9, 1), S_OK, 2, 0, 1);
	STATUS_AS(plat, 1, H(P_CLOCK, 0x5, 2), S_OK, 4, 0, 0, 200000000, 0);
	RATE_EVENT(plat, 1);
	STATUS_AS(plat, 1, H(P_BASE, 0xb, 3), S_OK, 2, 1, 0);
	STATUS_AS(plat, 1, H(P_CLOCK, 0x5, 4), S_OK, 4, 0, 0, 200000000, 0);
	NO_EVENT(plat);
	/* Subscribing again works as before. */
	STATUS_AS(plat, 1, H(P_CLOCK, 0x9, 5), S_OK, 2, 0, 1);
	STATUS_AS(plat, 1, H(P_CLOCK, 0x5, 6), S_OK, 4, 0, 0, 200000000, 0);
	RATE_EVENT(plat, 1);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_bad_policy_rejected)
{
	static const uint8_t base_hidden[] = { P_BASE };
	static const uint32_t far_device[] = { N_DEVICES };
	struct scmi_vio_plat_agent bad[2] = { { 0 }, { 0 } };
	struct scmi_vio_platform_config cfg;
	struct scmi_vio_platform *plat = NULL;

	scmi_vio_platform_config_default(&cfg);
	cfg.agent_policy = bad;
	bad[1].hidden_protocols = base_hidden;
	bad[1].n_hidden_protocols = 1;
	ck_assert_int_eq(scmi_vio_platform_create(&cfg, &plat), -EINVAL);
	bad[1] = (struct scmi_vio_plat_agent){ .denied_devices = far_device,
					       .n_denied_devices = 1 };
	ck_assert_int_eq(scmi_vio_platform_create(&cfg, &plat), -EINVAL);
	bad[1] = (struct scmi_vio_plat_agent){ .n_denied_devices = 1 };
	ck_assert_int_eq(scmi_vio_platform_create(&cfg, &plat), -EINVAL);
	ck_assert_ptr_null(plat);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_CASE(test_attributes_count_agents),
	TEST_CASE(test_discover_agent_per_caller),
	TEST_CASE(test_untrusted_denied),
	TEST_CASE(test_set_device_permissions),
	TEST_CASE(test_set_protocol_permissions),
	TEST_CASE(test_reset_agent_configuration),
	TEST_CASE(test_hidden_protocol),
	TEST_CASE(test_notifications_to_subscribers),
	TEST_CASE(test_sensor_trips_to_subscriber),
	TEST_CASE(test_reset_drops_subscriptions),
	TEST_CASE(test_bad_policy_rejected),
};

int main(void)
{
	return plat_check_run("platform_agents", "agents", 0, tests,
			      ARRAY_SIZE(tests));
}
