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

static const struct plat_step clock_protocol_attributes[] = {
	{ ASK(H(P_CLOCK, 0x0, 1), 0), REPLY_OK(W(0x00030000)) },
	/* 4 clocks, 2 async requests in flight. */
	{ ASK(H(P_CLOCK, 0x1, 1), 0), REPLY_OK(W(0x00020004)) },
	{ IMPLEMENTED(H(P_CLOCK, 0x2, 1), 0x5, 0xa) },
	/* CLOCK_NAME_GET (0x8) is not implemented. */
	{ NOT_IMPLEMENTED(H(P_CLOCK, 0x2, 1), 0x8) },
	{ ASK(H(P_CLOCK, 0x8, 1), 1, 0), STATUS_IS(S_NOT_FOUND) },
	/* CONFIG_GET, Clock 3.0 */
	{ IMPLEMENTED(H(P_CLOCK, 0x2, 1), 0xb) },
	{ NOT_IMPLEMENTED(H(P_CLOCK, 0x2, 1), 0xc) },
};

static const struct plat_step clock_attributes[] = {
	/* Clock 3.0: attributes, name, clock_enable_latency (us). */
	{ ASK(H(P_CLOCK, 0x3, 2), 1, 0),
	  REPLY_OK(W(0xc0000001), 'c', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0, W(20)) },
	{ ASK(H(P_CLOCK, 0x3, 2), 1, 1),
	  REPLY_OK(W(0xc0000000), 'g', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0, W(50)) },
	{ ASK(H(P_CLOCK, 0x3, 2), 1, 4), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_CLOCK, 0x3, 2), 1, 0xffffffff), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_CLOCK, 0x3, 2), 0), STATUS_IS(S_PROTOCOL) },
};

static const struct plat_step clock_describe_rates_pages[] = {
	/* 15 rates fit in 128 bytes: 15 returned, 1 remaining. */
	{ ASK(H(P_CLOCK, 0x4, 3), 2, 0, 0),
	  REPLY_OK(W(0x0001000f), W(100000000), W(0), W(200000000), W(0),
		   W(300000000), W(0), W(400000000), W(0), W(500000000), W(0),
		   W(600000000), W(0), W(700000000), W(0), W(800000000), W(0),
		   W(900000000), W(0), W(1000000000), W(0), W(1100000000), W(0),
		   W(1200000000), W(0), W(1300000000), W(0), W(1400000000),
		   W(0), W(1500000000), W(0)) },
	/* The last index, and the count: OUT_OF_RANGE (test_c007). */
	{ ASK(H(P_CLOCK, 0x4, 3), 2, 0, 15),
	  REPLY_OK(W(0x00000001), W(0x2a05f200), W(1)) },
	{ ASK(H(P_CLOCK, 0x4, 3), 2, 0, 16), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_CLOCK, 0x4, 3), 2, 0, 17), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_CLOCK, 0x4, 3), 2, 0, 0xffffffff),
	  STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_CLOCK, 0x4, 3), 2, 4, 0), STATUS_IS(S_NOT_FOUND) },
	/* A one-rate clock. */
	{ ASK(H(P_CLOCK, 0x4, 3), 2, 2, 0),
	  REPLY_OK(W(0x00000001), W(0x016e3600), W(0)) },
	{ ASK(H(P_CLOCK, 0x4, 3), 2, 2, 1), STATUS_IS(S_OUT_OF_RANGE) },
};

/*
 * Every start index 0..15 of the 16-rate clock, then the count and one past
 * it: OUT_OF_RANGE (docs/protocol.md section 10).
 */
static size_t cpu_rate(unsigned int i, uint8_t *p)
{
	uint64_t r = i == 15 ? 5000000000ull : (uint64_t)(i + 1) * 100000000;

	memcpy(p, (uint8_t[]){ W(r & 0xffffffff), W(r >> 32) }, 8);
	return 8;
}

static const struct plat_step clock_describe_rates_every_index[] = {
	{ ASK(H(P_CLOCK, 0x4, 1), 2, 0, 16), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_CLOCK, 0x4, 1), 2, 0, 17), STATUS_IS(S_OUT_OF_RANGE) },
	{ PAGES_ARE(H(P_CLOCK, 0x4, 0), PAGES_INDEX_TOKEN | PAGES_DOMAIN, 16,
		    15, 8, cpu_rate, NULL),
	  CAP(256) },
};

static const struct plat_step clock_rate_get_set[] = {
	{ ASK(H(P_CLOCK, 0x6, 4), 1, 0), REPLY_OK(W(0x3b9aca00), W(0)) },
	{ ASK(H(P_CLOCK, 0x6, 4), 1, 4), STATUS_IS(S_NOT_FOUND) },
	/* Exact, sync. */
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0, 1, 0x1dcd6500, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x6, 4), 1, 1), REPLY_OK(W(0x1dcd6500), W(0)) },
	/* 64-bit rate. */
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0, 0, 0x2a05f200, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x6, 4), 1, 0), REPLY_OK(W(0x2a05f200), W(1)) },
	/* 600 MHz on gpu: down to 500, up to 750, auto to 500. */
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0, 1, 0x23c34600, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x6, 4), 1, 1), REPLY_OK(W(0x1dcd6500), W(0)) },
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 4, 1, 0x23c34600, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x6, 4), 1, 1), REPLY_OK(W(0x2cb41780), W(0)) },
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 8, 1, 0x23c34600, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x6, 4), 1, 1), REPLY_OK(W(0x1dcd6500), W(0)) },
	/* 700 MHz auto: 750 is nearer. */
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 8, 1, 700000000, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x6, 4), 1, 1), REPLY_OK(W(0x2cb41780), W(0)) },
	/*
	 * Outside [250, 750] MHz, whatever the rounding: a rate the clock
	 * does not support, INVALID_PARAMETERS (test_c011, SCP-firmware).
	 */
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 4, 1, 100000000, 0),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0, 1, 800000000, 0),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0, 1, 0x2cb41780, 1),
	  STATUS_IS(S_INVALID) },
	/* Reserved flag bits, bad clock, bad length. */
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0x10, 1, 0x1dcd6500, 0),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0x80000000, 1, 0x1dcd6500, 0),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0, 4, 0x1dcd6500, 0),
	  STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_CLOCK, 0x5, 5), 3, 0, 1, 0x1dcd6500), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_CLOCK, 0x6, 4), 1, 1), REPLY_OK(W(0x2cb41780), W(0)) },
	{ NO_EVENT_IS },
};

static const struct plat_step clock_async_rate_set[] = {
	/* Async: SUCCESS now, delayed response {status, id, rate} later. */
	{ ASK(H(P_CLOCK, 0x5, 0x155), 4, 1, 3, 0x2faf0800, 0),
	  STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x5, 2, 0x155)), W(S_OK), W(3), W(0x2faf0800),
		   W(0)) },
	{ NO_EVENT_IS },
	/* Rounded: the delayed response carries the rate set. */
	{ ASK(H(P_CLOCK, 0x5, 0x3ff), 4, 1 | 4, 3, 900000000, 0),
	  STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x5, 2, 0x3ff)), W(S_OK), W(3), W(0x3f89de80),
		   W(0)) },
	/* Async with "ignore delayed response": nothing on the eventq. */
	{ ASK(H(P_CLOCK, 0x5, 7), 4, 1 | 2, 3, 0x17d78400, 0),
	  STATUS_IS(S_OK) },
	{ NO_EVENT_IS },
	{ ASK(H(P_CLOCK, 0x6, 4), 1, 3), REPLY_OK(W(0x17d78400), W(0)) },
	/* At most 2 in flight: the third is BUSY and changes nothing. */
	{ ASK(H(P_CLOCK, 0x5, 8), 4, 1, 3, 0x2faf0800, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x5, 9), 4, 1, 3, 0x5f5e1000, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x5, 10), 4, 1, 3, 0x17d78400, 0), STATUS_IS(S_BUSY) },
	{ ASK(H(P_CLOCK, 0x6, 4), 1, 3), REPLY_OK(W(0x5f5e1000), W(0)) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x5, 2, 8)), W(S_OK), W(3), W(0x2faf0800),
		   W(0)) },
	{ ASK(H(P_CLOCK, 0x5, 11), 4, 1, 3, 0x17d78400, 0), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x5, 2, 9)), W(S_OK), W(3), W(0x5f5e1000),
		   W(0)) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x5, 2, 11)), W(S_OK), W(3), W(0x17d78400),
		   W(0)) },
	{ NO_EVENT_IS },
};

static const struct plat_step clock_config_set[] = {
	/* Clock 3.0: {clock, attributes, OEM value}. */
	{ ASK(H(P_CLOCK, 0x7, 1), 3, 1, 1, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x3, 2), 1, 1),
	  REPLY_OK(W(0xc0000001), 'g', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0, W(50)) },
	{ ASK(H(P_CLOCK, 0x7, 1), 3, 0, 0, 0), STATUS_IS(S_OK) },
	/* State 3: unchanged. */
	{ ASK(H(P_CLOCK, 0x7, 1), 3, 0, 3, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x3, 2), 1, 0),
	  REPLY_OK(W(0xc0000000), 'c', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0, W(20)) },
	/* CONFIG_GET {clock, flags}: attributes, config (bit 0), OEM value. */
	{ ASK(H(P_CLOCK, 0xb, 3), 2, 1, 0), REPLY_OK(W(0), W(1), W(0)) },
	{ ASK(H(P_CLOCK, 0xb, 3), 2, 0, 0), REPLY_OK(W(0), W(0), W(0)) },
	{ ASK(H(P_CLOCK, 0xb, 3), 2, 0, 1),
	  STATUS_IS(S_INVALID) }, /* OEM type */
	{ ASK(H(P_CLOCK, 0xb, 3), 2, 4, 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_CLOCK, 0xb, 3), 1, 0), STATUS_IS(S_PROTOCOL) },
	/* Reserved state 2, reserved bits, an OEM type: INVALID_PARAMETERS. */
	{ ASK(H(P_CLOCK, 0x7, 1), 3, 0, 2, 0), STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, 0x7, 1), 3, 0, 4, 0), STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, 0x7, 1), 3, 0, 1u << 16 | 1, 7),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, 0x7, 1), 3, 4, 1, 0), STATUS_IS(S_NOT_FOUND) },
	/* The Clock 1.0/2.0 two-word form is a wrong length here. */
	{ ASK(H(P_CLOCK, 0x7, 1), 2, 0, 1), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_CLOCK, 0x7, 1), 1, 0), STATUS_IS(S_PROTOCOL) },
};

static const struct plat_step clock_notifications[] = {
	{ ASK(H(P_CLOCK, RATE_NOTIFY, 1), 2, 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, RATE_NOTIFY, 1), 2, 1, 3), STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, RATE_NOTIFY, 1), 2, 9, 1), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_CLOCK, RATE_REQ_NOTIFY, 1), 2, 1, 2), STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, RATE_REQ_NOTIFY, 1), 2, 4, 0),
	  STATUS_IS(S_NOT_FOUND) },
	/* RATE_CHANGED: agent 1, clock 1, the rate set. */
	{ ASK(H(P_CLOCK, 0x5, 2), 4, 0, 1, 0x23c34600, 0), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x0, 3, 0)), W(1), W(1), W(0x1dcd6500),
		   W(0)) },
	{ NO_EVENT_IS },
	/* Both: REQUESTED (the rate asked) first, then CHANGED. */
	{ ASK(H(P_CLOCK, RATE_REQ_NOTIFY, 1), 2, 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x5, 2), 4, 4, 1, 0x23c34600, 0), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x1, 3, 0)), W(1), W(1), W(0x23c34600),
		   W(0)) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x0, 3, 0)), W(1), W(1), W(0x2cb41780),
		   W(0)) },
	/* Disabled again: silence; other clocks never notified. */
	{ ASK(H(P_CLOCK, RATE_NOTIFY, 1), 2, 1, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, RATE_REQ_NOTIFY, 1), 2, 1, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x5, 2), 4, 0, 1, 0x0ee6b280, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x5, 2), 4, 0, 0, 0x0ee6b280 * 2, 0),
	  STATUS_IS(S_OK) },
	{ NO_EVENT_IS },
};

/*
 * Without P2A: no async, no notifications, nothing advertised
 * (docs/protocol.md section 2).
 */
static const struct plat_step clock_no_p2a[] = {
	{ ASK(H(P_CLOCK, 0x1, 1), 0), REPLY_OK(W(0x00000004)) },
	{ ASK(H(P_CLOCK, 0x3, 2), 1, 0),
	  REPLY_OK(W(0x00000001), 'c', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0, W(20)) },
	{ NOT_IMPLEMENTED(H(P_CLOCK, 0x2, 1), RATE_NOTIFY, RATE_REQ_NOTIFY) },
	{ ASK(H(P_CLOCK, RATE_NOTIFY, 1), 2, 0, 1),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_CLOCK, RATE_REQ_NOTIFY, 1), 2, 0, 1),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_CLOCK, 0x5, 2), 4, 1, 3, 0x2faf0800, 0),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_CLOCK, 0x5, 2), 4, 3, 3, 0x2faf0800, 0),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_CLOCK, 0x5, 2), 4, 0, 3, 0x2faf0800, 0), STATUS_IS(S_OK) },
	{ NO_EVENT_IS },
};

static const struct plat_case tests[] = {
	SCRIPT(plat_default, clock_protocol_attributes),
	SCRIPT(plat_default, clock_attributes),
	SCRIPT(plat_default, clock_describe_rates_pages),
	SCRIPT(plat_default, clock_describe_rates_every_index),
	SCRIPT(plat_default, clock_rate_get_set),
	SCRIPT(plat_default, clock_async_rate_set),
	SCRIPT(plat_default, clock_config_set),
	SCRIPT(plat_default, clock_notifications),
	SCRIPT(plat_no_p2a, clock_no_p2a),
};

int main(void)
{
	return plat_check_run("platform_clock", "clock", 0, tests,
			      ARRAY_SIZE(tests));
}
