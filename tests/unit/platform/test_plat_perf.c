// SPDX-License-Identifier: BSD-3-Clause
/*
 * Performance protocol server against hand-written bytes (docs/protocol.md
 * sections 9 and 10) on the default configuration:
 *   0 little: 16 levels 100..1600 (step 100), at 800
 *   1 big:    500, 1000, 1500, 2000, at 1000
 *   2 gpu:    250, 500, 750, at 250; limits may not be set
 */
#include <stdlib.h>

#include "check_run.h"
#include "plat_fixture.h"

#define DOMAIN_ATTRS 0x3
#define DESCRIBE_LEVELS 0x4
#define LIMITS_SET 0x5
#define LIMITS_GET 0x6
#define LEVEL_SET 0x7
#define LEVEL_GET 0x8
#define NOTIFY_LIMITS 0x9
#define NOTIFY_LEVEL 0xa

static const struct plat_step perf_protocol_attributes[] = {
	{ ASK(H(P_PERF, 0x0, 1), 0), REPLY_OK(W(0x00040000)) },
	{ ASK(H(P_PERF, 0x1, 1), 0), REPLY_OK(W(3), W(0), W(0), W(0)) },
	{ IMPLEMENTED(H(P_PERF, 0x2, 1), NOTIFY_LEVEL) },
	{ NOT_IMPLEMENTED(H(P_PERF, 0x2, 1), 0xb) },
	{ ASK(H(P_PERF, 0xb, 1), 0), STATUS_IS(S_NOT_FOUND) },
};

static const struct plat_step perf_domain_attributes[] = {
	{ ASK(H(P_PERF, DOMAIN_ATTRS, 2), 1, 0),
	  REPLY_OK(W(0xf0000000), W(1000), W(1000000), W(1000), 'l', 'i', 't',
		   't', 'l', 'e', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) },
	/* gpu: level may be set, limits may not. */
	{ ASK(H(P_PERF, DOMAIN_ATTRS, 2), 1, 2),
	  REPLY_OK(W(0x70000000), W(2000), W(500000), W(500), 'g', 'p', 'u', 0,
		   0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) },
	{ ASK(H(P_PERF, DOMAIN_ATTRS, 2), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_PERF, DOMAIN_ATTRS, 2), 2, 0, 0), STATUS_IS(S_PROTOCOL) },
};

/*
 * Performance 4.0 level entry: level, power, latency, indicative frequency
 * (kHz; every default domain has 1000 kHz per level unit), index.
 */
#define LV(l, p, lat, i) W(l), W(p), W(lat), W((l)*1000), W(i)

/* 6 levels (20 bytes each) per page. */
static const struct plat_step perf_describe_levels[] = {
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 0, 0),
	  REPLY_OK(W(0x000a0006), LV(100, 10, 50, 0), LV(200, 22, 50, 1),
		   LV(300, 36, 50, 2), LV(400, 52, 50, 3), LV(500, 70, 60, 4),
		   LV(600, 90, 60, 5)) },
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 0, 6),
	  REPLY_OK(W(0x00040006), LV(700, 112, 60, 6), LV(800, 136, 70, 7),
		   LV(900, 162, 70, 8), LV(1000, 190, 80, 9),
		   LV(1100, 220, 80, 10), LV(1200, 252, 90, 11)) },
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 0, 12),
	  REPLY_OK(W(0x00000004), LV(1300, 286, 90, 12), LV(1400, 322, 100, 13),
		   LV(1500, 360, 100, 14), LV(1600, 400, 110, 15)) },
};

/* The last index; the count and past it: INVALID_PARAMETERS (test_d007). */
static const struct plat_step perf_describe_levels_edges[] = {
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 0, 15),
	  REPLY_OK(W(0x00000001), LV(1600, 400, 110, 15)) },
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 0, 16), STATUS_IS(S_INVALID) },
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 0, 17), STATUS_IS(S_INVALID) },
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 0, 0xffffffff),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 3, 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 3), 1, 0), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 1, 0),
	  REPLY_OK(W(0x00000004), LV(500, 150, 100, 0), LV(1000, 320, 100, 1),
		   LV(1500, 520, 120, 2), LV(2000, 760, 150, 3)) },
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 1, 4), STATUS_IS(S_INVALID) },
};

/*
 * Every start index 0..15 of the 16-level domain; the count and one past it
 * are INVALID_PARAMETERS (section 10).
 */
/* The first entry: level 100 (start + 1), its index word the start. */
static void first_level(unsigned int start, unsigned int ret,
			const uint8_t *page)
{
	ck_assert_mem_eq(page + 12, ((uint8_t[]){ W(100 * (start + 1)) }), 4);
	ck_assert_mem_eq(page + 12 + 16, ((uint8_t[]){ W(start) }), 4);
}

static const struct plat_step perf_describe_levels_every_index[] = {
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 1), 2, 0, 16), STATUS_IS(S_INVALID) },
	{ ASK(H(P_PERF, DESCRIBE_LEVELS, 1), 2, 0, 17), STATUS_IS(S_INVALID) },
	{ PAGES_ARE(H(P_PERF, DESCRIBE_LEVELS, 0),
		    PAGES_INDEX_TOKEN | PAGES_DOMAIN, 16, 6, 20, NULL,
		    first_level) },
};

static const struct plat_step perf_levels_and_limits[] = {
	{ ASK(H(P_PERF, LEVEL_GET, 4), 1, 0), REPLY_OK(W(800)) },
	{ ASK(H(P_PERF, LIMITS_GET, 4), 1, 0), REPLY_OK(W(1600), W(100)) },
	{ ASK(H(P_PERF, LEVEL_SET, 5), 2, 0, 1200), STATUS_IS(S_OK) },
	{ ASK(H(P_PERF, LEVEL_GET, 4), 1, 0), REPLY_OK(W(1200)) },
	/*
	 * Not a described level, or above the limits: OUT_OF_RANGE
	 * (test_d014, SCP-firmware); bad domain; bad length.
	 */
	{ ASK(H(P_PERF, LEVEL_SET, 5), 2, 0, 1250), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_PERF, LEVEL_SET, 5), 2, 0, 1700), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_PERF, LEVEL_SET, 5), 2, 3, 1200), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_PERF, LEVEL_SET, 5), 1, 0), STATUS_IS(S_PROTOCOL) },
	/* New limits move the level inside them. */
	{ ASK(H(P_PERF, LIMITS_SET, 6), 3, 0, 1000, 300), STATUS_IS(S_OK) },
	{ ASK(H(P_PERF, LIMITS_GET, 4), 1, 0), REPLY_OK(W(1000), W(300)) },
	{ ASK(H(P_PERF, LEVEL_GET, 4), 1, 0), REPLY_OK(W(1000)) },
	{ ASK(H(P_PERF, LEVEL_SET, 5), 2, 0, 1200), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_PERF, LEVEL_SET, 5), 2, 0, 200), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_PERF, LEVEL_SET, 5), 2, 0, 300), STATUS_IS(S_OK) },
	/* Limits that are not level values, around the level. */
	{ ASK(H(P_PERF, LIMITS_SET, 6), 3, 0, 1050, 450), STATUS_IS(S_OK) },
	{ ASK(H(P_PERF, LEVEL_GET, 4), 1, 0), REPLY_OK(W(500)) },
	/* min > max; outside the levels; no level inside. */
	{ ASK(H(P_PERF, LIMITS_SET, 6), 3, 0, 300, 400), STATUS_IS(S_INVALID) },
	{ ASK(H(P_PERF, LIMITS_SET, 6), 3, 0, 1700, 100),
	  STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_PERF, LIMITS_SET, 6), 3, 0, 1600, 50),
	  STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_PERF, LIMITS_SET, 6), 3, 0, 1090, 1010),
	  STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_PERF, LIMITS_SET, 6), 3, 3, 1000, 300),
	  STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_PERF, LIMITS_SET, 6), 3, 2, 750, 250), STATUS_IS(S_DENIED) },
	{ ASK(H(P_PERF, LIMITS_GET, 4), 1, 0), REPLY_OK(W(1050), W(450)) },
	{ ASK(H(P_PERF, LIMITS_GET, 4), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_PERF, LEVEL_GET, 4), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ NO_EVENT_IS },
};

static const struct plat_step perf_notifications[] = {
	{ ASK(H(P_PERF, NOTIFY_LEVEL, 1), 2, 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_PERF, NOTIFY_LEVEL, 1), 2, 1, 0x100), STATUS_IS(S_INVALID) },
	{ ASK(H(P_PERF, NOTIFY_LEVEL, 1), 2, 3, 1), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_PERF, LEVEL_SET, 2), 2, 1, 1500), STATUS_IS(S_OK) },
	/* LEVEL_CHANGED: agent 1, domain 1, level 1500. */
	{ EVENT_IS(W(HT(P_PERF, 0x1, 3, 0)), W(1), W(1), W(1500)) },
	/* The same level again: no change, no notification. */
	{ ASK(H(P_PERF, LEVEL_SET, 2), 2, 1, 1500), STATUS_IS(S_OK) },
	{ NO_EVENT_IS },
	{ ASK(H(P_PERF, NOTIFY_LIMITS, 1), 2, 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_PERF, NOTIFY_LIMITS, 1), 2, 1, 3), STATUS_IS(S_INVALID) },
	{ ASK(H(P_PERF, LIMITS_SET, 2), 3, 1, 1000, 500), STATUS_IS(S_OK) },
	/* LIMITS_CHANGED {agent, domain, max, min}, then the level moved. */
	{ EVENT_IS(W(HT(P_PERF, 0x0, 3, 0)), W(1), W(1), W(1000), W(500)) },
	{ EVENT_IS(W(HT(P_PERF, 0x1, 3, 0)), W(1), W(1), W(1000)) },
	{ NO_EVENT_IS },
	/* Domain 0 was never enabled. */
	{ ASK(H(P_PERF, LEVEL_SET, 2), 2, 0, 100), STATUS_IS(S_OK) },
	{ NO_EVENT_IS },
};

static const struct plat_step perf_no_p2a[] = {
	{ ASK(H(P_PERF, DOMAIN_ATTRS, 2), 1, 1),
	  REPLY_OK(W(0xc0000000), W(500), W(1500000), W(1500), 'b', 'i', 'g', 0,
		   0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) },
	{ NOT_IMPLEMENTED(H(P_PERF, 0x2, 1), NOTIFY_LIMITS, NOTIFY_LEVEL) },
	{ ASK(H(P_PERF, NOTIFY_LIMITS, 1), 2, 1, 1),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_PERF, NOTIFY_LEVEL, 1), 2, 1, 1),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_PERF, LEVEL_SET, 2), 2, 1, 1500), STATUS_IS(S_OK) },
	{ NO_EVENT_IS },
};

static const struct plat_case tests[] = {
	SCRIPT(plat_default, perf_protocol_attributes),
	SCRIPT(plat_default, perf_domain_attributes),
	SCRIPT(plat_default, perf_describe_levels),
	SCRIPT(plat_default, perf_describe_levels_edges),
	SCRIPT(plat_default, perf_describe_levels_every_index),
	SCRIPT(plat_default, perf_levels_and_limits),
	SCRIPT(plat_default, perf_notifications),
	SCRIPT(plat_no_p2a, perf_no_p2a),
};

int main(void)
{
	return plat_check_run("platform_perf", "perf", 0, tests,
			      ARRAY_SIZE(tests));
}
