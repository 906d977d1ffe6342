// SPDX-License-Identifier: BSD-3-Clause
/*
 * Clock protocol server against hand-written bytes (docs/protocol.md sections 7
 * and 10) on the default configuration (SCMI 3.2, Clock 3.0): clocks cpu
 * (16 rates, 100 MHz steps to 1.5 GHz then 5 GHz; at 1 GHz; 20 us enable
 * latency), gpu (250/500/750 MHz; at 250 MHz, off; 50 us), uart (24 MHz;
 * 0 us), ddr (400/800/1066/1600 MHz; at 1600 MHz; 100 us).
 */
#include <stdlib.h>

#include "check_run.h"
#include "plat_fixture.h"

#define RATE_NOTIFY 0x9
#define RATE_REQ_NOTIFY 0xa

START_TEST(test_clock_protocol_attributes)
{
	struct scmi_vio_platform *plat = plat_default();

	REQ(H(P_CLOCK, 0x0, 1), 0);
	RESP(plat, W(H(P_CLOCK, 0x0, 1)), W(S_OK), W(0x00030000));
	/* 4 clocks, 2 async requests in flight. */
	REQ(H(P_CLOCK, 0x1, 1), 0);
	RESP(plat, W(H(P_CLOCK, 0x1, 1)), W(S_OK), W(0x00020004));
	REQ(H(P_CLOCK, 0x2, 1), 1, 0x5);
	RESP(plat, W(H(P_CLOCK, 0x2, 1)), W(S_OK), W(0));
	REQ(H(P_CLOCK, 0x2, 1), 1, 0xa);
	RESP(plat, W(H(P_CLOCK, 0x2, 1)), W(S_OK), W(0));
	/* CLOCK_NAME_GET (0x8) is not implemented. */
	STATUS(plat, H(P_CLOCK, 0x2, 1), S_NOT_FOUND, 1, 0x8);
	STATUS(plat, H(P_CLOCK, 0x8, 1), S_NOT_FOUND, 1, 0);
	REQ(H(P_CLOCK, 0x2, 1), 1, 0xb); /* CONFIG_GET, Clock 3.0 */
	RESP(plat, W(H(P_CLOCK, 0x2, 1)), W(S_OK), W(0));
	STATUS(plat, H(P_CLOCK, 0x2, 1), S_NOT_FOUND, 1, 0xc);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_clock_attributes)
{
	struct scmi_vio_platform *plat = plat_default();

	/* Clock 3.0: attributes, name, clock_enable_latency (us). */
	REQ(H(P_CLOCK, 0x3, 2), 1, 0);
	RESP(plat, W(H(P_CLOCK, 0x3, 2)), W(S_OK), W(0xc0000001), 'c', 'p', 'u',
	     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, W(20));
	REQ(H(P_CLOCK, 0x3, 2), 1, 1);
	RESP(plat, W(H(P_CLOCK, 0x3, 2)), W(S_OK), W(0xc0000000), 'g', 'p', 'u',
	     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, W(50));
	STATUS(plat, H(P_CLOCK, 0x3, 2), S_NOT_FOUND, 1, 4);
	STATUS(plat, H(P_CLOCK, 0x3, 2), S_NOT_FOUND, 1, 0xffffffff);
	STATUS(plat, H(P_CLOCK, 0x3, 2), S_PROTOCOL, 0);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_clock_describe_rates_pages)
{
	struct scmi_vio_platform *plat = plat_default();

	/* 15 rates fit in 128 bytes: 15 returned, 1 remaining. */
	REQ(H(P_CLOCK, 0x4, 3), 2, 0, 0);
	RESP(plat, W(H(P_CLOCK, 0x4, 3)), W(S_OK), W(0x0001000f), W(100000000),
	     W(0), W(200000000), W(0), W(300000000), W(0), W(400000000), W(0),
	     W(500000000), W(0), W(600000000), W(0), W(700000000), W(0),
	     W(800000000), W(0), W(900000000), W(0), W(1000000000), W(0),
	     W(1100000000), W(0), W(1200000000), W(0), W(1300000000), W(0),
	     W(1400000000), W(0), W(1500000000), W(0));
	/* The last index, and the count: OUT_OF_RANGE (test_c007). */
	REQ(H(P_CLOCK, 0x4, 3), 2, 0, 15);
	RESP(plat, W(H(P_CLOCK, 0x4, 3)), W(S_OK), W(0x00000001), W(0x2a05f200),
	     W(1));
	STATUS(plat, H(P_CLOCK, 0x4, 3), S_OUT_OF_RANGE, 2, 0, 16);
	STATUS(plat, H(P_CLOCK, 0x4, 3), S_OUT_OF_RANGE, 2, 0, 17);
	STATUS(plat, H(P_CLOCK, 0x4, 3), S_OUT_OF_RANGE, 2, 0, 0xffffffff);
	STATUS(plat, H(P_CLOCK, 0x4, 3), S_NOT_FOUND, 2, 4, 0);
	/* A one-rate clock. */
	REQ(H(P_CLOCK, 0x4, 3), 2, 2, 0);
	RESP(plat, W(H(P_CLOCK, 0x4, 3)), W(S_OK), W(0x00000001), W(0x016e3600),
	     W(0));
	STATUS(plat, H(P_CLOCK, 0x4, 3), S_OUT_OF_RANGE, 2, 2, 1);
	scmi_vio_platform_destroy(plat);
}
END_TEST

/*
 * Every start index 0..15 of the 16-rate clock, then the count and one past
 * it: OUT_OF_RANGE (docs/protocol.md section 10).
 */
START_TEST(test_clock_describe_rates_every_index)
{
	struct scmi_vio_platform *plat = plat_default();
	uint8_t rq[12], resp[256], exp[256];
	unsigned int i, k, ret, rem;
	uint64_t r;
	int n;

	for (i = 16; i <= 17; i++)
		STATUS(plat, H(P_CLOCK, 0x4, 1), S_OUT_OF_RANGE, 2, 0, i);
	for (i = 0; i < 16; i++) {
		ret = 16 - i < 15 ? 16 - i : 15;
		rem = 16 - i - ret;
		plat_req(rq, H(P_CLOCK, 0x4, i), 2, 0, i);
		memcpy(exp,
		       (uint8_t[]){ W(H(P_CLOCK, 0x4, i)), W(0),
				    W(ret | rem << 16) },
		       12);
		for (k = 0; k < ret; k++) {
			r = i + k == 15 ? 5000000000ull :
					  (uint64_t)(i + k + 1) * 100000000;
			memcpy(exp + 12 + 8 * k,
			       (uint8_t[]){ W(r & 0xffffffff), W(r >> 32) }, 8);
		}
		n = scmi_vio_platform_handle(plat, rq, sizeof(rq), resp,
					     sizeof(resp));
		ck_assert_int_eq(n, 12 + 8 * ret);
		ck_assert_mem_eq(resp, exp, (size_t)n);
	}
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_clock_rate_get_set)
{
	struct scmi_vio_platform *plat = plat_default();

	REQ(H(P_CLOCK, 0x6, 4), 1, 0);
	RESP(plat, W(H(P_CLOCK, 0x6, 4)), W(S_OK), W(0x3b9aca00), W(0));
	STATUS(plat, H(P_CLOCK, 0x6, 4), S_NOT_FOUND, 1, 4);
	/* Exact, sync. */
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_OK, 4, 0, 1, 0x1dcd6500, 0);
	REQ(H(P_CLOCK, 0x6, 4), 1, 1);
	RESP(plat, W(H(P_CLOCK, 0x6, 4)), W(S_OK), W(0x1dcd6500), W(0));
	/* 64-bit rate. */
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_OK, 4, 0, 0, 0x2a05f200, 1);
	REQ(H(P_CLOCK, 0x6, 4), 1, 0);
	RESP(plat, W(H(P_CLOCK, 0x6, 4)), W(S_OK), W(0x2a05f200), W(1));
	/* 600 MHz on gpu: down to 500, up to 750, auto to 500. */
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_OK, 4, 0, 1, 0x23c34600, 0);
	REQ(H(P_CLOCK, 0x6, 4), 1, 1);
	RESP(plat, W(H(P_CLOCK, 0x6, 4)), W(S_OK), W(0x1dcd6500), W(0));
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_OK, 4, 4, 1, 0x23c34600, 0);
	REQ(H(P_CLOCK, 0x6, 4), 1, 1);
	RESP(plat, W(H(P_CLOCK, 0x6, 4)), W(S_OK), W(0x2cb41780), W(0));
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_OK, 4, 8, 1, 0x23c34600, 0);
	REQ(H(P_CLOCK, 0x6, 4), 1, 1);
	RESP(plat, W(H(P_CLOCK, 0x6, 4)), W(S_OK), W(0x1dcd6500), W(0));
	/* 700 MHz auto: 750 is nearer. */
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_OK, 4, 8, 1, 700000000, 0);
	REQ(H(P_CLOCK, 0x6, 4), 1, 1);
	RESP(plat, W(H(P_CLOCK, 0x6, 4)), W(S_OK), W(0x2cb41780), W(0));
	/*
	 * Outside [250, 750] MHz, whatever the rounding: a rate the clock
	 * does not support, INVALID_PARAMETERS (test_c011, SCP-firmware).
	 */
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_INVALID, 4, 4, 1, 100000000, 0);
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_INVALID, 4, 0, 1, 800000000, 0);
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_INVALID, 4, 0, 1, 0x2cb41780, 1);
	/* Reserved flag bits, bad clock, bad length. */
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_INVALID, 4, 0x10, 1, 0x1dcd6500, 0);
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_INVALID, 4, 0x80000000, 1,
	       0x1dcd6500, 0);
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_NOT_FOUND, 4, 0, 4, 0x1dcd6500, 0);
	STATUS(plat, H(P_CLOCK, 0x5, 5), S_PROTOCOL, 3, 0, 1, 0x1dcd6500);
	REQ(H(P_CLOCK, 0x6, 4), 1, 1);
	RESP(plat, W(H(P_CLOCK, 0x6, 4)), W(S_OK), W(0x2cb41780), W(0));
	NO_EVENT(plat);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_clock_async_rate_set)
{
	struct scmi_vio_platform *plat = plat_default();

	/* Async: SUCCESS now, delayed response {status, id, rate} later. */
	STATUS(plat, H(P_CLOCK, 0x5, 0x155), S_OK, 4, 1, 3, 0x2faf0800, 0);
	EVENT(plat, W(HT(P_CLOCK, 0x5, 2, 0x155)), W(S_OK), W(3), W(0x2faf0800),
	      W(0));
	NO_EVENT(plat);
	/* Rounded: the delayed response carries the rate set. */
	STATUS(plat, H(P_CLOCK, 0x5, 0x3ff), S_OK, 4, 1 | 4, 3, 900000000, 0);
	EVENT(plat, W(HT(P_CLOCK, 0x5, 2, 0x3ff)), W(S_OK), W(3), W(0x3f89de80),
	      W(0));
	/* Async with "ignore delayed response": nothing on the eventq. */
	STATUS(plat, H(P_CLOCK, 0x5, 7), S_OK, 4, 1 | 2, 3, 0x17d78400, 0);
	NO_EVENT(plat);
	REQ(H(P_CLOCK, 0x6, 4), 1, 3);
	RESP(plat, W(H(P_CLOCK, 0x6, 4)), W(S_OK), W(0x17d78400), W(0));
	/* At most 2 in flight: the third is BUSY and changes nothing. */
	STATUS(plat, H(P_CLOCK, 0x5, 8), S_OK, 4, 1, 3, 0x2faf0800, 0);
	STATUS(plat, H(P_CLOCK, 0x5, 9), S_OK, 4, 1, 3, 0x5f5e1000, 0);
	STATUS(plat, H(P_CLOCK, 0x5, 10), S_BUSY, 4, 1, 3, 0x17d78400, 0);
	REQ(H(P_CLOCK, 0x6, 4), 1, 3);
	RESP(plat, W(H(P_CLOCK, 0x6, 4)), W(S_OK), W(0x5f5e1000), W(0));
	EVENT(plat, W(HT(P_CLOCK, 0x5, 2, 8)), W(S_OK), W(3), W(0x2faf0800),
	      W(0));
	STATUS(plat, H(P_CLOCK, 0x5, 11), S_OK, 4, 1, 3, 0x17d78400, 0);
	EVENT(plat, W(HT(P_CLOCK, 0x5, 2, 9)), W(S_OK), W(3), W(0x5f5e1000),
	      W(0));
	EVENT(plat, W(HT(P_CLOCK, 0x5, 2, 11)), W(S_OK), W(3), W(0x17d78400),
	      W(0));
	NO_EVENT(plat);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_clock_config_set)
{
	struct scmi_vio_platform *plat = plat_default();

	/* Clock 3.0: {clock, attributes, OEM value}. */
	STATUS(plat, H(P_CLOCK, 0x7, 1), S_OK, 3, 1, 1, 0);
	REQ(H(P_CLOCK, 0x3, 2), 1, 1);
	RESP(plat, W(H(P_CLOCK, 0x3, 2)), W(S_OK), W(0xc0000001), 'g', 'p', 'u',
	     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, W(50));
	STATUS(plat, H(P_CLOCK, 0x7, 1), S_OK, 3, 0, 0, 0);
	/* State 3: unchanged. */
	STATUS(plat, H(P_CLOCK, 0x7, 1), S_OK, 3, 0, 3, 0);
	REQ(H(P_CLOCK, 0x3, 2), 1, 0);
	RESP(plat, W(H(P_CLOCK, 0x3, 2)), W(S_OK), W(0xc0000000), 'c', 'p', 'u',
	     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, W(20));
	/* CONFIG_GET {clock, flags}: attributes, config (bit 0), OEM value. */
	REQ(H(P_CLOCK, 0xb, 3), 2, 1, 0);
	RESP(plat, W(H(P_CLOCK, 0xb, 3)), W(S_OK), W(0), W(1), W(0));
	REQ(H(P_CLOCK, 0xb, 3), 2, 0, 0);
	RESP(plat, W(H(P_CLOCK, 0xb, 3)), W(S_OK), W(0), W(0), W(0));
	STATUS(plat, H(P_CLOCK, 0xb, 3), S_INVALID, 2, 0, 1); /* OEM type */
	STATUS(plat, H(P_CLOCK, 0xb, 3), S_NOT_FOUND, 2, 4, 0);
	STATUS(plat, H(P_CLOCK, 0xb, 3), S_PROTOCOL, 1, 0);
	/* Reserved state 2, reserved bits, an OEM type: INVALID_PARAMETERS. */
	STATUS(plat, H(P_CLOCK, 0x7, 1), S_INVALID, 3, 0, 2, 0);
	STATUS(plat, H(P_CLOCK, 0x7, 1), S_INVALID, 3, 0, 4, 0);
	STATUS(plat, H(P_CLOCK, 0x7, 1), S_INVALID, 3, 0, 1u << 16 | 1, 7);
	STATUS(plat, H(P_CLOCK, 0x7, 1), S_NOT_FOUND, 3, 4, 1, 0);
	/* The Clock 1.0/2.0 two-word form is a wrong length here. */
	STATUS(plat, H(P_CLOCK, 0x7, 1), S_PROTOCOL, 2, 0, 1);
	STATUS(plat, H(P_CLOCK, 0x7, 1), S_PROTOCOL, 1, 0);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_clock_notifications)
{
	struct scmi_vio_platform *plat = plat_default();

	STATUS(plat, H(P_CLOCK, RATE_NOTIFY, 1), S_OK, 2, 1, 1);
	STATUS(plat, H(P_CLOCK, RATE_NOTIFY, 1), S_INVALID, 2, 1, 3);
	STATUS(plat, H(P_CLOCK, RATE_NOTIFY, 1), S_NOT_FOUND, 2, 9, 1);
	STATUS(plat, H(P_CLOCK, RATE_REQ_NOTIFY, 1), S_INVALID, 2, 1, 2);
	STATUS(plat, H(P_CLOCK, RATE_REQ_NOTIFY, 1), S_NOT_FOUND, 2, 4, 0);
	/* RATE_CHANGED: agent 1, clock 1, the rate set. */
	STATUS(plat, H(P_CLOCK, 0x5, 2), S_OK, 4, 0, 1, 0x23c34600, 0);
	EVENT(plat, W(HT(P_CLOCK, 0x0, 3, 0)), W(1), W(1), W(0x1dcd6500), W(0));
	NO_EVENT(plat);
	/* Both: REQUESTED (the rate asked) first, then CHANGED. */
	STATUS(plat, H(P_CLOCK, RATE_REQ_NOTIFY, 1), S_OK, 2, 1, 1);
	STATUS(plat, H(P_CLOCK, 0x5, 2), S_OK, 4, 4, 1, 0x23c34600, 0);
	EVENT(plat, W(HT(P_CLOCK, 0x1, 3, 0)), W(1), W(1), W(0x23c34600), W(0));
	EVENT(plat, W(HT(P_CLOCK, 0x0, 3, 0)), W(1), W(1), W(0x2cb41780), W(0));
	/* Disabled again: silence; other clocks never notified. */
	STATUS(plat, H(P_CLOCK, RATE_NOTIFY, 1), S_OK, 2, 1, 0);
	STATUS(plat, H(P_CLOCK, RATE_REQ_NOTIFY, 1), S_OK, 2, 1, 0);
	STATUS(plat, H(P_CLOCK, 0x5, 2), S_OK, 4, 0, 1, 0x0ee6b280, 0);
	STATUS(plat, H(P_CLOCK, 0x5, 2), S_OK, 4, 0, 0, 0x0ee6b280 * 2, 0);
	NO_EVENT(plat);
	scmi_vio_platform_destroy(plat);
}
END_TEST

/*
 * Without P2A: no async, no notifications, nothing advertised
 * (docs/protocol.md section 2).
 */
START_TEST(test_clock_no_p2a)
{
	struct scmi_vio_platform *plat = plat_no_p2a();

	REQ(H(P_CLOCK, 0x1, 1), 0);
	RESP(plat, W(H(P_CLOCK, 0x1, 1)), W(S_OK), W(0x00000004));
	REQ(H(P_CLOCK, 0x3, 2), 1, 0);
	RESP(plat, W(H(P_CLOCK, 0x3, 2)), W(S_OK), W(0x00000001), 'c', 'p', 'u',
	     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, W(20));
	STATUS(plat, H(P_CLOCK, 0x2, 1), S_NOT_FOUND, 1, RATE_NOTIFY);
	STATUS(plat, H(P_CLOCK, 0x2, 1), S_NOT_FOUND, 1, RATE_REQ_NOTIFY);
	STATUS(plat, H(P_CLOCK, RATE_NOTIFY, 1), S_NOT_SUPPORTED, 2, 0, 1);
	STATUS(plat, H(P_CLOCK, RATE_REQ_NOTIFY, 1), S_NOT_SUPPORTED, 2, 0, 1);
	STATUS(plat, H(P_CLOCK, 0x5, 2), S_NOT_SUPPORTED, 4, 1, 3, 0x2faf0800,
	       0);
	STATUS(plat, H(P_CLOCK, 0x5, 2), S_NOT_SUPPORTED, 4, 3, 3, 0x2faf0800,
	       0);
	STATUS(plat, H(P_CLOCK, 0x5, 2), S_OK, 4, 0, 3, 0x2faf0800, 0);
	NO_EVENT(plat);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("platform_clock");
	TCase *tc = tcase_create("clock");

	tcase_add_test(tc, test_clock_protocol_attributes);
	tcase_add_test(tc, test_clock_attributes);
	tcase_add_test(tc, test_clock_describe_rates_pages);
	tcase_add_test(tc, test_clock_describe_rates_every_index);
	tcase_add_test(tc, test_clock_rate_get_set);
	tcase_add_test(tc, test_clock_async_rate_set);
	tcase_add_test(tc, test_clock_config_set);
	tcase_add_test(tc, test_clock_notifications);
	tcase_add_test(tc, test_clock_no_p2a);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
