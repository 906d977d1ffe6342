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

START_TEST(test_perf_protocol_attributes)
{
	struct scmi_vio_platform *plat = plat_default();

	REQ(H(P_PERF, 0x0, 1), 0);
	RESP(plat, W(H(P_PERF, 0x0, 1)), W(S_OK), W(0x00040000));
	REQ(H(P_PERF, 0x1, 1), 0);
	RESP(plat, W(H(P_PERF, 0x1, 1)), W(S_OK), W(3), W(0), W(0), W(0));
	REQ(H(P_PERF, 0x2, 1), 1, NOTIFY_LEVEL);
	RESP(plat, W(H(P_PERF, 0x2, 1)), W(S_OK), W(0));
	STATUS(plat, H(P_PERF, 0x2, 1), S_NOT_FOUND, 1, 0xb);
	STATUS(plat, H(P_PERF, 0xb, 1), S_NOT_FOUND, 0);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_perf_domain_attributes)
{
	struct scmi_vio_platform *plat = plat_default();

	REQ(H(P_PERF, DOMAIN_ATTRS, 2), 1, 0);
	RESP(plat, W(H(P_PERF, DOMAIN_ATTRS, 2)), W(S_OK), W(0xf0000000),
	     W(1000), W(1000000), W(1000), 'l', 'i', 't', 't', 'l', 'e', 0, 0,
	     0, 0, 0, 0, 0, 0, 0, 0);
	/* gpu: level may be set, limits may not. */
	REQ(H(P_PERF, DOMAIN_ATTRS, 2), 1, 2);
	RESP(plat, W(H(P_PERF, DOMAIN_ATTRS, 2)), W(S_OK), W(0x70000000),
	     W(2000), W(500000), W(500), 'g', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0,
	     0, 0, 0, 0, 0);
	STATUS(plat, H(P_PERF, DOMAIN_ATTRS, 2), S_NOT_FOUND, 1, 3);
	STATUS(plat, H(P_PERF, DOMAIN_ATTRS, 2), S_PROTOCOL, 2, 0, 0);
	scmi_vio_platform_destroy(plat);
}
END_TEST

/*
 * Performance 4.0 level entry: level, power, latency, indicative frequency
 * (kHz; every default domain has 1000 kHz per level unit), index.
 */
#define LV(l, p, lat, i) W(l), W(p), W(lat), W((l)*1000), W(i)

/* 6 levels (20 bytes each) per page. */
START_TEST(test_perf_describe_levels)
{
	struct scmi_vio_platform *plat = plat_default();

	REQ(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 0, 0);
	RESP(plat, W(H(P_PERF, DESCRIBE_LEVELS, 3)), W(S_OK), W(0x000a0006),
	     LV(100, 10, 50, 0), LV(200, 22, 50, 1), LV(300, 36, 50, 2),
	     LV(400, 52, 50, 3), LV(500, 70, 60, 4), LV(600, 90, 60, 5));
	REQ(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 0, 6);
	RESP(plat, W(H(P_PERF, DESCRIBE_LEVELS, 3)), W(S_OK), W(0x00040006),
	     LV(700, 112, 60, 6), LV(800, 136, 70, 7), LV(900, 162, 70, 8),
	     LV(1000, 190, 80, 9), LV(1100, 220, 80, 10),
	     LV(1200, 252, 90, 11));
	REQ(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 0, 12);
	RESP(plat, W(H(P_PERF, DESCRIBE_LEVELS, 3)), W(S_OK), W(0x00000004),
	     LV(1300, 286, 90, 12), LV(1400, 322, 100, 13),
	     LV(1500, 360, 100, 14), LV(1600, 400, 110, 15));
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* The last index; the count and past it: INVALID_PARAMETERS (test_d007). */
START_TEST(test_perf_describe_levels_edges)
{
	struct scmi_vio_platform *plat = plat_default();

	REQ(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 0, 15);
	RESP(plat, W(H(P_PERF, DESCRIBE_LEVELS, 3)), W(S_OK), W(0x00000001),
	     LV(1600, 400, 110, 15));
	STATUS(plat, H(P_PERF, DESCRIBE_LEVELS, 3), S_INVALID, 2, 0, 16);
	STATUS(plat, H(P_PERF, DESCRIBE_LEVELS, 3), S_INVALID, 2, 0, 17);
	STATUS(plat, H(P_PERF, DESCRIBE_LEVELS, 3), S_INVALID, 2, 0,
	       0xffffffff);
	STATUS(plat, H(P_PERF, DESCRIBE_LEVELS, 3), S_NOT_FOUND, 2, 3, 0);
	STATUS(plat, H(P_PERF, DESCRIBE_LEVELS, 3), S_PROTOCOL, 1, 0);
	REQ(H(P_PERF, DESCRIBE_LEVELS, 3), 2, 1, 0);
	RESP(plat, W(H(P_PERF, DESCRIBE_LEVELS, 3)), W(S_OK), W(0x00000004),
	     LV(500, 150, 100, 0), LV(1000, 320, 100, 1), LV(1500, 520, 120, 2),
	     LV(2000, 760, 150, 3));
	STATUS(plat, H(P_PERF, DESCRIBE_LEVELS, 3), S_INVALID, 2, 1, 4);
	scmi_vio_platform_destroy(plat);
}
END_TEST

/*
 * Every start index 0..15 of the 16-level domain; the count and one past it
 * are INVALID_PARAMETERS (section 10).
 */
START_TEST(test_perf_describe_levels_every_index)
{
	struct scmi_vio_platform *plat = plat_default();
	uint8_t rq[12], resp[256], exp[32];
	unsigned int i, ret, rem;
	int n;

	for (i = 16; i <= 17; i++)
		STATUS(plat, H(P_PERF, DESCRIBE_LEVELS, 1), S_INVALID, 2, 0, i);
	for (i = 0; i < 16; i++) {
		ret = 16 - i < 6 ? 16 - i : 6;
		rem = 16 - i - ret;
		plat_req(rq, H(P_PERF, DESCRIBE_LEVELS, i), 2, 0, i);
		memcpy(exp,
		       (uint8_t[]){ W(H(P_PERF, DESCRIBE_LEVELS, i)), W(0),
				    W(ret | rem << 16), W(100 * (i + 1)) },
		       16);
		n = scmi_vio_platform_handle(plat, rq, sizeof(rq), resp, 136);
		ck_assert_int_eq(n, 12 + 20 * ret);
		ck_assert_mem_eq(resp, exp, 16);
		/* The first entry's index word is the start index. */
		ck_assert_mem_eq(resp + 12 + 16, ((uint8_t[]){ W(i) }), 4);
	}
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_perf_levels_and_limits)
{
	struct scmi_vio_platform *plat = plat_default();

	REQ(H(P_PERF, LEVEL_GET, 4), 1, 0);
	RESP(plat, W(H(P_PERF, LEVEL_GET, 4)), W(S_OK), W(800));
	REQ(H(P_PERF, LIMITS_GET, 4), 1, 0);
	RESP(plat, W(H(P_PERF, LIMITS_GET, 4)), W(S_OK), W(1600), W(100));
	STATUS(plat, H(P_PERF, LEVEL_SET, 5), S_OK, 2, 0, 1200);
	REQ(H(P_PERF, LEVEL_GET, 4), 1, 0);
	RESP(plat, W(H(P_PERF, LEVEL_GET, 4)), W(S_OK), W(1200));
	/*
	 * Not a described level, or above the limits: OUT_OF_RANGE
	 * (test_d014, SCP-firmware); bad domain; bad length.
	 */
	STATUS(plat, H(P_PERF, LEVEL_SET, 5), S_OUT_OF_RANGE, 2, 0, 1250);
	STATUS(plat, H(P_PERF, LEVEL_SET, 5), S_OUT_OF_RANGE, 2, 0, 1700);
	STATUS(plat, H(P_PERF, LEVEL_SET, 5), S_NOT_FOUND, 2, 3, 1200);
	STATUS(plat, H(P_PERF, LEVEL_SET, 5), S_PROTOCOL, 1, 0);
	/* New limits move the level inside them. */
	STATUS(plat, H(P_PERF, LIMITS_SET, 6), S_OK, 3, 0, 1000, 300);
	REQ(H(P_PERF, LIMITS_GET, 4), 1, 0);
	RESP(plat, W(H(P_PERF, LIMITS_GET, 4)), W(S_OK), W(1000), W(300));
	REQ(H(P_PERF, LEVEL_GET, 4), 1, 0);
	RESP(plat, W(H(P_PERF, LEVEL_GET, 4)), W(S_OK), W(1000));
	STATUS(plat, H(P_PERF, LEVEL_SET, 5), S_OUT_OF_RANGE, 2, 0, 1200);
	STATUS(plat, H(P_PERF, LEVEL_SET, 5), S_OUT_OF_RANGE, 2, 0, 200);
	STATUS(plat, H(P_PERF, LEVEL_SET, 5), S_OK, 2, 0, 300);
	/* Limits that are not level values, around the level. */
	STATUS(plat, H(P_PERF, LIMITS_SET, 6), S_OK, 3, 0, 1050, 450);
	REQ(H(P_PERF, LEVEL_GET, 4), 1, 0);
	RESP(plat, W(H(P_PERF, LEVEL_GET, 4)), W(S_OK), W(500));
	/* min > max; outside the levels; no level inside. */
	STATUS(plat, H(P_PERF, LIMITS_SET, 6), S_INVALID, 3, 0, 300, 400);
	STATUS(plat, H(P_PERF, LIMITS_SET, 6), S_OUT_OF_RANGE, 3, 0, 1700, 100);
	STATUS(plat, H(P_PERF, LIMITS_SET, 6), S_OUT_OF_RANGE, 3, 0, 1600, 50);
	STATUS(plat, H(P_PERF, LIMITS_SET, 6), S_OUT_OF_RANGE, 3, 0, 1090,
	       1010);
	STATUS(plat, H(P_PERF, LIMITS_SET, 6), S_NOT_FOUND, 3, 3, 1000, 300);
	STATUS(plat, H(P_PERF, LIMITS_SET, 6), S_DENIED, 3, 2, 750, 250);
	REQ(H(P_PERF, LIMITS_GET, 4), 1, 0);
	RESP(plat, W(H(P_PERF, LIMITS_GET, 4)), W(S_OK), W(1050), W(450));
	STATUS(plat, H(P_PERF, LIMITS_GET, 4), S_NOT_FOUND, 1, 3);
	STATUS(plat, H(P_PERF, LEVEL_GET, 4), S_NOT_FOUND, 1, 3);
	NO_EVENT(plat);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_perf_notifications)
{
	struct scmi_vio_platform *plat = plat_default();

	STATUS(plat, H(P_PERF, NOTIFY_LEVEL, 1), S_OK, 2, 1, 1);
	STATUS(plat, H(P_PERF, NOTIFY_LEVEL, 1), S_INVALID, 2, 1, 0x100);
	STATUS(plat, H(P_PERF, NOTIFY_LEVEL, 1), S_NOT_FOUND, 2, 3, 1);
	STATUS(plat, H(P_PERF, LEVEL_SET, 2), S_OK, 2, 1, 1500);
	/* LEVEL_CHANGED: agent 1, domain 1, level 1500. */
	EVENT(plat, W(HT(P_PERF, 0x1, 3, 0)), W(1), W(1), W(1500));
	/* The same level again: no change, no notification. */
	STATUS(plat, H(P_PERF, LEVEL_SET, 2), S_OK, 2, 1, 1500);
	NO_EVENT(plat);
	STATUS(plat, H(P_PERF, NOTIFY_LIMITS, 1), S_OK, 2, 1, 1);
	STATUS(plat, H(P_PERF, NOTIFY_LIMITS, 1), S_INVALID, 2, 1, 3);
	STATUS(plat, H(P_PERF, LIMITS_SET, 2), S_OK, 3, 1, 1000, 500);
	/* LIMITS_CHANGED {agent, domain, max, min}, then the level moved. */
	EVENT(plat, W(HT(P_PERF, 0x0, 3, 0)), W(1), W(1), W(1000), W(500));
	EVENT(plat, W(HT(P_PERF, 0x1, 3, 0)), W(1), W(1), W(1000));
	NO_EVENT(plat);
	/* Domain 0 was never enabled. */
	STATUS(plat, H(P_PERF, LEVEL_SET, 2), S_OK, 2, 0, 100);
	NO_EVENT(plat);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_perf_no_p2a)
{
	struct scmi_vio_platform *plat = plat_no_p2a();

	REQ(H(P_PERF, DOMAIN_ATTRS, 2), 1, 1);
	RESP(plat, W(H(P_PERF, DOMAIN_ATTRS, 2)), W(S_OK), W(0xc0000000),
	     W(500), W(1500000), W(1500), 'b', 'i', 'g', 0, 0, 0, 0, 0, 0, 0, 0,
	     0, 0, 0, 0, 0);
	STATUS(plat, H(P_PERF, 0x2, 1), S_NOT_FOUND, 1, NOTIFY_LIMITS);
	STATUS(plat, H(P_PERF, 0x2, 1), S_NOT_FOUND, 1, NOTIFY_LEVEL);
	STATUS(plat, H(P_PERF, NOTIFY_LIMITS, 1), S_NOT_SUPPORTED, 2, 1, 1);
	STATUS(plat, H(P_PERF, NOTIFY_LEVEL, 1), S_NOT_SUPPORTED, 2, 1, 1);
	STATUS(plat, H(P_PERF, LEVEL_SET, 2), S_OK, 2, 1, 1500);
	NO_EVENT(plat);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("platform_perf");
	TCase *tc = tcase_create("perf");

	tcase_add_test(tc, test_perf_protocol_attributes);
	tcase_add_test(tc, test_perf_domain_attributes);
	tcase_add_test(tc, test_perf_describe_levels);
	tcase_add_test(tc, test_perf_describe_levels_edges);
	tcase_add_test(tc, test_perf_describe_levels_every_index);
	tcase_add_test(tc, test_perf_levels_and_limits);
	tcase_add_test(tc, test_perf_notifications);
	tcase_add_test(tc, test_perf_no_p2a);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
