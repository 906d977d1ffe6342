// SPDX-License-Identifier: BSD-3-Clause
/*
 * Version profiles (issue #11 item 2): the SCMI 2.0 profile against
 * hand-written bytes for every command of Base, Performance, Clock and
 * Sensor (the 3.2 profile, the default, is what test_plat_{base,clock,
 * sensor,perf}.c check); pagination at every start index, the count and
 * one past it under 2.0; NEGOTIATE_PROTOCOL_VERSION on the platform side;
 * and the text configuration format.
 *
 * SCMI 2.0 (DEN0056B) versions: Base 2.0, Performance 2.0, Clock 1.0,
 * Sensor 1.0.  No NEGOTIATE_PROTOCOL_VERSION, no clock notifications, no
 * clock_enable_latency, 12-byte level entries, readings without a
 * timestamp.
 */
#include <errno.h>
#include <unistd.h>

#include "check_run.h"
#include "plat_fixture.h"

#define NOTIFY_ERRORS 0x8
#define NEGOTIATE 0x10

static const struct plat_step scmi_20_base[] = {
	{ ASK(H(P_BASE, 0x0, 1), 0), REPLY_OK(W(0x00020000)) },
	/* Power, System power, Perf, Clock, Sensor, Reset: no Voltage. */
	{ ASK(H(P_BASE, 0x1, 1), 0), REPLY_OK(W(0x00000206)) },
	/* Base 2.0 has the permission commands (0x9..0xb) already. */
	{ IMPLEMENTED(H(P_BASE, 0x2, 2), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xa,
		      0xb) },
	/* NEGOTIATE_PROTOCOL_VERSION came with SCMI 3.2. */
	{ NOT_IMPLEMENTED(H(P_BASE, 0x2, 2), NEGOTIATE) },
	{ ASK(H(P_BASE, NEGOTIATE, 3), 1, 0x20000), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_BASE, 0xc, 3), 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_BASE, 0x3, 4), 0), REPLY_OK('s', 'c', 'm', 'i', '_', 'v', 'i',
					      'o', 0, 0, 0, 0, 0, 0, 0, 0) },
	{ ASK(H(P_BASE, 0x4, 4), 0), REPLY_OK('s', 'i', 'm', 'u', 'l', 'a', 't',
					      'e', 'd', 0, 0, 0, 0, 0, 0, 0) },
	{ ASK(H(P_BASE, 0x5, 4), 0), REPLY_OK(W(0x00010000)) },
	/* Skip 0..6 of 6, then past the end (test_b008). */
	{ ASK(H(P_BASE, 0x6, 5), 1, 0),
	  REPLY_OK(W(6), 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0, 0) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 5), REPLY_OK(W(1), 0x16, 0, 0, 0) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 6), REPLY_OK(W(0)) },
	{ ASK(H(P_BASE, 0x6, 5), 1, 7), STATUS_IS(S_INVALID) },
	{ ASK(H(P_BASE, 0x7, 6), 1, 0xffffffff),
	  REPLY_OK(W(1), 'g', 'u', 'e', 's', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0) },
	{ ASK(H(P_BASE, 0x7, 6), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_BASE, NOTIFY_ERRORS, 7), 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_BASE, NOTIFY_ERRORS, 7), 1, 2), STATUS_IS(S_INVALID) },
};

static const struct plat_step scmi_20_clock[] = {
	{ ASK(H(P_CLOCK, 0x0, 1), 0), REPLY_OK(W(0x00010000)) },
	{ ASK(H(P_CLOCK, 0x1, 1), 0), REPLY_OK(W(0x00020004)) },
	/* Clock 1.0 has no rate notifications: not even discoverable. */
	{ NOT_IMPLEMENTED(H(P_CLOCK, 0x2, 2), 0x9, 0xa) },
	{ ASK(H(P_CLOCK, 0x9, 2), 2, 0, 1), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_CLOCK, 0xa, 2), 2, 0, 1), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_CLOCK, 0xb, 2), 2, 0, 0), STATUS_IS(S_NOT_FOUND) }, /* 3.0 */
	{ ASK(H(P_CLOCK, NEGOTIATE, 2), 1, 0x10000), STATUS_IS(S_NOT_FOUND) },
	/* Attributes: bit 0 only (test_c017 wants [31:1] zero), name, and
	 * no clock_enable_latency. */
	{ ASK(H(P_CLOCK, 0x3, 3), 1, 0),
	  REPLY_OK(W(0x00000001), 'c', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0) },
	{ ASK(H(P_CLOCK, 0x3, 3), 1, 1),
	  REPLY_OK(W(0x00000000), 'g', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0) },
	{ ASK(H(P_CLOCK, 0x3, 3), 1, 4), STATUS_IS(S_NOT_FOUND) },
	/* DESCRIBE_RATES: gpu's three, then the count (test_c007). */
	{ ASK(H(P_CLOCK, 0x4, 4), 2, 1, 0),
	  REPLY_OK(W(3), W(250000000), W(0), W(500000000), W(0), W(750000000),
		   W(0)) },
	{ ASK(H(P_CLOCK, 0x4, 4), 2, 1, 3), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_CLOCK, 0x4, 4), 2, 4, 0), STATUS_IS(S_NOT_FOUND) },
	/* RATE_SET sync, async with its delayed response, errors. */
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0, 1, 750000000, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x6, 5), 1, 1), REPLY_OK(W(750000000), W(0)) },
	{ ASK(H(P_CLOCK, 0x5, 6), 4, 1, 1, 250000000, 0), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_CLOCK, 0x5, 2, 6)), W(S_OK), W(1), W(250000000),
		   W(0)) },
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0, 1, 800000000, 0),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0x10, 1, 250000000, 0),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, 0x5, 5), 4, 0, 4, 250000000, 0),
	  STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_CLOCK, 0x6, 5), 1, 4), STATUS_IS(S_NOT_FOUND) },
	/* CONFIG_SET: two words before Clock 3.0. */
	{ ASK(H(P_CLOCK, 0x7, 7), 2, 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x3, 3), 1, 1),
	  REPLY_OK(W(0x00000001), 'g', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0) },
	{ ASK(H(P_CLOCK, 0x7, 7), 2, 1, 3), STATUS_IS(S_INVALID) },
	{ ASK(H(P_CLOCK, 0x7, 7), 2, 4, 1), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_CLOCK, 0x7, 7), 3, 1, 1, 0), STATUS_IS(S_PROTOCOL) },
	{ NO_EVENT_IS },
};

static const struct plat_step scmi_20_perf[] = {
	{ ASK(H(P_PERF, 0x0, 1), 0), REPLY_OK(W(0x00020000)) },
	{ ASK(H(P_PERF, 0x1, 1), 0), REPLY_OK(W(3), W(0), W(0), W(0)) },
	{ ASK(H(P_PERF, NEGOTIATE, 1), 1, 0x20000), STATUS_IS(S_NOT_FOUND) },
	{ IMPLEMENTED(H(P_PERF, 0x2, 1), 0xa) },
	{ ASK(H(P_PERF, 0x3, 2), 1, 1),
	  REPLY_OK(W(0xf0000000), W(500), W(1500000), W(1500), 'b', 'i', 'g', 0,
		   0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) },
	/* 12-byte entries: level, power, latency. */
	{ ASK(H(P_PERF, 0x4, 3), 2, 1, 0),
	  REPLY_OK(W(4), W(500), W(150), W(100), W(1000), W(320), W(100),
		   W(1500), W(520), W(120), W(2000), W(760), W(150)) },
	{ ASK(H(P_PERF, 0x4, 3), 2, 1, 4), STATUS_IS(S_INVALID) },
	{ ASK(H(P_PERF, 0x4, 3), 2, 3, 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_PERF, 0x5, 4), 3, 1, 1500, 1000), STATUS_IS(S_OK) },
	{ ASK(H(P_PERF, 0x6, 4), 1, 1), REPLY_OK(W(1500), W(1000)) },
	{ ASK(H(P_PERF, 0x5, 4), 3, 1, 500, 1000), STATUS_IS(S_INVALID) },
	{ ASK(H(P_PERF, 0x5, 4), 3, 1, 2500, 500), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_PERF, 0x5, 4), 3, 2, 750, 250), STATUS_IS(S_DENIED) },
	{ ASK(H(P_PERF, 0x7, 5), 2, 1, 1500), STATUS_IS(S_OK) },
	{ ASK(H(P_PERF, 0x8, 5), 1, 1), REPLY_OK(W(1500)) },
	/* Above the limits; not a level (test_d014). */
	{ ASK(H(P_PERF, 0x7, 5), 2, 1, 2000), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_PERF, 0x7, 5), 2, 1, 1250), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_PERF, 0x8, 5), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_PERF, 0x9, 6), 2, 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_PERF, 0x9, 6), 2, 1, 2), STATUS_IS(S_INVALID) },
	{ ASK(H(P_PERF, 0xa, 6), 2, 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_PERF, 0xa, 6), 2, 3, 1), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_PERF, 0x7, 5), 2, 1, 1000), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_PERF, 0x1, 3, 0)), W(1), W(1), W(1000)) },
	{ NO_EVENT_IS },
};

static const struct plat_step scmi_20_sensor[] = {
	{ ASK(H(P_SENSOR, 0x0, 1), 0), REPLY_OK(W(0x00010000)) },
	{ ASK(H(P_SENSOR, 0x1, 1), 0),
	  REPLY_OK(W(0x00020005), W(0), W(0), W(0)) },
	{ ASK(H(P_SENSOR, NEGOTIATE, 1), 1, 0x10000), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_SENSOR, 0x3, 2), 1, 4),
	  REPLY_OK(W(1), W(4), W(0), W(0x00000013), 'f', 'a', 'n', 0, 0, 0, 0,
		   0, 0, 0, 0, 0, 0, 0, 0, 0) },
	{ ASK(H(P_SENSOR, 0x3, 2), 1, 5), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, 0x4, 3), 2, 0, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_SENSOR, 0x4, 3), 2, 0, 2), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, 0x4, 3), 2, 5, 1), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_SENSOR, 0x5, 4), 4, 0, 0x01, 1000, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_SENSOR, 0x5, 4), 4, 0, 0x21, 0, 0), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, 0x5, 4), 4, 5, 0x01, 0, 0), STATUS_IS(S_NOT_FOUND) },
	/* Sensor 1.0 reading: the value only. */
	{ ASK(H(P_SENSOR, 0x6, 5), 2, 2, 0), REPLY_OK(W(800), W(0)) },
	{ ASK(H(P_SENSOR, 0x6, 6), 2, 1, 1), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_SENSOR, 0x6, 2, 6)), W(S_OK), W(1), W(45000), W(0)) },
	{ ASK(H(P_SENSOR, 0x6, 6), 2, 2, 1), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_SENSOR, 0x6, 6), 2, 2, 2), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, 0x6, 6), 2, 5, 0), STATUS_IS(S_NOT_FOUND) },
	{ NO_EVENT_IS },
};

/* The default tables, written out again (not read from the library). */
static const uint64_t cpu_rates[16] = {
	100000000,  200000000,	300000000,  400000000,
	500000000,  600000000,	700000000,  800000000,
	900000000,  1000000000, 1100000000, 1200000000,
	1300000000, 1400000000, 1500000000, 5000000000ull,
};
static const uint32_t little[16][3] = {
	{ 100, 10, 50 },    { 200, 22, 50 },	{ 300, 36, 50 },
	{ 400, 52, 50 },    { 500, 70, 60 },	{ 600, 90, 60 },
	{ 700, 112, 60 },   { 800, 136, 70 },	{ 900, 162, 70 },
	{ 1000, 190, 80 },  { 1100, 220, 80 },	{ 1200, 252, 90 },
	{ 1300, 286, 90 },  { 1400, 322, 100 }, { 1500, 360, 100 },
	{ 1600, 400, 110 },
};
static const char *const sensor_names[5] = { "soc_temp", "cpu_temp", "vdd_cpu",
					     "soc_power", "fan" };

static size_t cpu_rate(unsigned int i, uint8_t *p)
{
	memcpy(p,
	       (uint8_t[]){ W((uint32_t)cpu_rates[i]),
			    W((uint32_t)(cpu_rates[i] >> 32)) },
	       8);
	return 8;
}

static size_t little_level(unsigned int i, uint8_t *p)
{
	memcpy(p,
	       (uint8_t[]){ W(little[i][0]), W(little[i][1]), W(little[i][2]) },
	       12);
	return 12;
}

/* Each descriptor: its id, then (after the attributes) its name. */
static void sensor_ids_names(unsigned int start, unsigned int ret,
			     const uint8_t *page)
{
	unsigned int k;

	for (k = 0; k < ret; k++) {
		ck_assert_mem_eq(page + 12 + 28 * k,
				 ((uint8_t[]){ W(start + k) }), 4);
		ck_assert_str_eq((const char *)page + 12 + 28 * k + 12,
				 sensor_names[start + k]);
	}
}

/* Every start index 0..count-1, the count and one past it, under 2.0. */
static const struct plat_step scmi_20_pagination_every_index[] = {
	/* clock 0: 16 rates, 15 a page */
	{ PAGES_ARE(H(P_CLOCK, 0x4, 1), PAGES_DOMAIN, 16, 15, 8, cpu_rate,
		    NULL) },
	{ ASK(H(P_CLOCK, 0x4, 1), 2, 0, 16), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_CLOCK, 0x4, 1), 2, 0, 17), STATUS_IS(S_OUT_OF_RANGE) },
	/* little: 16 levels, 10 a page */
	{ PAGES_ARE(H(P_PERF, 0x4, 2), PAGES_DOMAIN, 16, 10, 12, little_level,
		    NULL) },
	{ ASK(H(P_PERF, 0x4, 2), 2, 0, 16), STATUS_IS(S_INVALID) },
	{ ASK(H(P_PERF, 0x4, 2), 2, 0, 17), STATUS_IS(S_INVALID) },
	/* 5 sensors, 4 a page */
	{ PAGES_ARE(H(P_SENSOR, 0x3, 3), 0, 5, 4, 28, NULL, sensor_ids_names) },
	{ ASK(H(P_SENSOR, 0x3, 3), 1, 5), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, 0x3, 3), 1, 6), STATUS_IS(S_INVALID) },
};

/* NEGOTIATE_PROTOCOL_VERSION on a 3.2 platform. */
static const struct plat_step negotiate_platform[] = {
	/* Clock 2.0 is no release's version here; 4.0 is newer. */
	{ ASK(H(P_CLOCK, NEGOTIATE, 1), 1, 0x20000),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_CLOCK, NEGOTIATE, 1), 1, 0x40000),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_CLOCK, NEGOTIATE, 1), 0), STATUS_IS(S_PROTOCOL) },
	/* Clock 1.0: served as SCMI 2.0 had it. */
	{ ASK(H(P_CLOCK, NEGOTIATE, 1), 1, 0x10000), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x0, 2), 0), REPLY_OK(W(0x00030000)) },
	{ ASK(H(P_CLOCK, 0x3, 2), 1, 0),
	  REPLY_OK(W(0x00000001), 'c', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0) },
	{ ASK(H(P_CLOCK, 0x9, 2), 2, 0, 1), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_CLOCK, 0x7, 2), 2, 0, 1), STATUS_IS(S_OK) },
	/* NEGOTIATE itself stays: back to 3.0. */
	{ ASK(H(P_CLOCK, NEGOTIATE, 1), 1, 0x30000), STATUS_IS(S_OK) },
	{ ASK(H(P_CLOCK, 0x3, 2), 1, 0),
	  REPLY_OK(W(0xc0000001), 'c', 'p', 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0, 0, 0, W(20)) },
	/* Perf 2.0: 12-byte levels; Sensor 1.0: no timestamp. */
	{ ASK(H(P_PERF, NEGOTIATE, 1), 1, 0x20000), STATUS_IS(S_OK) },
	{ ASK(H(P_PERF, 0x4, 3), 2, 2, 2),
	  REPLY_OK(W(1), W(750), W(270), W(250)) },
	{ ASK(H(P_SENSOR, NEGOTIATE, 1), 1, 0x10000), STATUS_IS(S_OK) },
	{ ASK(H(P_SENSOR, 0x6, 4), 2, 4, 0), REPLY_OK(W(1200), W(0)) },
	{ ASK(H(P_SENSOR, NEGOTIATE, 1), 1, 0x30000),
	  STATUS_IS(S_NOT_SUPPORTED) },
};

/* ---- the text configuration ---- */

static struct scmi_vio_platform_config_file *parse_ok(const char *text)
{
	struct scmi_vio_platform_config_file *f = NULL;
	char err[128];
	int r = scmi_vio_platform_config_parse(text, strlen(text), &f, err,
					       sizeof(err));

	ck_assert_msg(r == 0, "parse: %d %s", r, err);
	return f;
}

static void parse_fails(const char *text, int ret, const char *msg)
{
	struct scmi_vio_platform_config_file *f = (void *)1;
	char err[128];

	ck_assert_int_eq(scmi_vio_platform_config_parse(text, strlen(text), &f,
							err, sizeof(err)),
			 ret);
	ck_assert_ptr_null(f);
	ck_assert_str_eq(err, msg);
}

/* The platform of a small SCMI 2.0 configuration text. */
static struct scmi_vio_platform *plat_config_text(void)
{
	static const char text[] =
		"# a small SCMI 2.0 platform\n"
		"release 2.0\n"
		"vendor acme   # comments end lines\n"
		"sub_vendor lab\n"
		"impl_version 0x00020003\n"
		"agent os\n"
		"agent tee\n"
		"agent_id 2\n"
		"\n"
		"clock core rates=200000000,400000000,0x100000000 index=1 "
		"latency=7\n"
		"clock bus rates=50000000 enabled=off\n"
		"sensor t0 type=2 scale=-3 async=on trips=1 base=-5 step=2 "
		"period=3\n"
		"perf_domains none\n"
		"power_domains none\n"
		"system_power off\n"
		"reset_domains none\n"
		"voltage_domains none\n"
		"clock_max_async 3\n";
	struct scmi_vio_platform_config_file *f = parse_ok(text);
	struct scmi_vio_platform *plat = NULL;

	ck_assert_int_eq(scmi_vio_platform_create(
				 scmi_vio_platform_config_file_get(f), &plat),
			 0);
	/* The platform copied what it needs. */
	scmi_vio_platform_config_file_free(f);
	return plat;
}

static const struct plat_step config_text[] = {
	{ ASK(H(P_BASE, 0x0, 1), 0), REPLY_OK(W(0x00020000)) },
	/* Clock and Sensor; 2 agents. */
	{ ASK(H(P_BASE, 0x1, 1), 0), REPLY_OK(W(0x00000202)) },
	{ ASK(H(P_BASE, 0x6, 1), 1, 0), REPLY_OK(W(2), 0x14, 0x15, 0, 0) },
	{ ASK(H(P_BASE, 0x3, 1), 0),
	  REPLY_OK('a', 'c', 'm', 'e', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) },
	{ ASK(H(P_BASE, 0x5, 1), 0), REPLY_OK(W(0x00020003)) },
	{ ASK(H(P_BASE, 0x7, 1), 1, 0xffffffff),
	  REPLY_OK(W(2), 't', 'e', 'e', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0) },
	{ ASK(H(P_CLOCK, 0x1, 1), 0), REPLY_OK(W(0x00030002)) },
	{ ASK(H(P_CLOCK, 0x4, 1), 2, 0, 0),
	  REPLY_OK(W(3), W(200000000), W(0), W(400000000), W(0), W(0), W(1)) },
	{ ASK(H(P_CLOCK, 0x6, 1), 1, 0), REPLY_OK(W(400000000), W(0)) },
	{ ASK(H(P_CLOCK, 0x3, 1), 1, 1),
	  REPLY_OK(W(0), 'b', 'u', 's', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   0) },
	{ ASK(H(P_SENSOR, 0x3, 1), 1, 0),
	  REPLY_OK(W(1), W(0), W(0x80000001), W(0x0000e802), 't', '0', 0, 0, 0,
		   0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) },
	{ ASK(H(P_SENSOR, 0x6, 1), 2, 0, 0),
	  REPLY_OK(W(0xfffffffb), W(0xffffffff)) },
	{ ASK(H(P_SENSOR, 0x6, 1), 2, 0, 0),
	  REPLY_OK(W(0xfffffffd), W(0xffffffff)) },
	{ ASK(H(P_PERF, 0x0, 1), 0), STATUS_IS(S_NOT_SUPPORTED) },
};

START_TEST(test_config_errors_name_the_line)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "release 2.0\nrelease 3.1\n",
		  "line 2: release takes 2.0 or 3.2" },
		{ "\n\nfrobnicate 1\n",
		  "line 3: unknown directive 'frobnicate'" },
		{ "clock c rates=1,x,3\n", "line 1: bad rate 'x'" },
		{ "clock c index=0\n", "line 1: clock 'c' without rates=" },
		{ "# ok\nclock c rates=1 speed=2\n",
		  "line 2: unknown clock key 'speed=2'" },
		{ "perf p levels=1:2\n",
		  "line 1: bad level '1:2' (level:power:latency)" },
		{ "perf p levels=1:2:70000\n",
		  "line 1: bad level '1:2:70000' (level:power:latency)" },
		{ "sensor s scale=-17\n", "line 1: bad scale" },
		{ "sensor s trips=5\n", "line 1: bad trips" },
		{ "sensor s period=0\n", "line 1: bad period" },
		{ "max_payload -1\n", "line 1: max_payload takes one number" },
		{ "agent_id 0x100000000\n",
		  "line 1: agent_id takes one number" },
		{ "p2a maybe\n", "line 1: p2a takes on or off" },
		{ "clocks some\n", "line 1: clocks takes 'none'" },
		{ "vendor a b\n", "line 1: vendor takes one name" },
		{ "clock\n", "line 1: clock needs a name" },
	};
	struct scmi_vio_platform_config_file *f = NULL;
	struct scmi_vio_platform *plat = NULL;
	char err[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		parse_fails(bad[i].text, -EINVAL, bad[i].msg);
	/* A NUL byte inside a line. */
	ck_assert_int_eq(scmi_vio_platform_config_parse("vendor a\0b\n", 11, &f,
							err, sizeof(err)),
			 -EINVAL);
	ck_assert_str_eq(err, "line 1: NUL byte");
	/* Syntax fine, values the platform refuses: create says so. */
	f = parse_ok("clock c rates=3,2,1\n");
	ck_assert_int_eq(scmi_vio_platform_create(
				 scmi_vio_platform_config_file_get(f), &plat),
			 -EINVAL);
	scmi_vio_platform_config_file_free(f);
	f = parse_ok("vendor a_name_of_16_chars\n");
	ck_assert_int_eq(scmi_vio_platform_create(
				 scmi_vio_platform_config_file_get(f), &plat),
			 -EINVAL);
	scmi_vio_platform_config_file_free(f);
	/* An empty text is the default platform. */
	f = parse_ok("");
	ck_assert_int_eq(scmi_vio_platform_config_file_get(f)->release,
			 SCMI_VIO_SCMI_3_2);
	ck_assert_uint_eq(scmi_vio_platform_config_file_get(f)->n_clocks, 4);
	scmi_vio_platform_config_file_free(f);
	ck_assert_int_eq(scmi_vio_platform_config_load("/nonexistent/x.cfg", &f,
						       err, sizeof(err)),
			 -ENOENT);
	ck_assert_str_eq(err, "/nonexistent/x.cfg: No such file or directory");
	ck_assert_int_eq(scmi_vio_platform_config_parse(NULL, 0, NULL, NULL, 0),
			 -EINVAL);
}
END_TEST

START_TEST(test_config_load_file)
{
	struct scmi_vio_platform_config_file *f = NULL;
	char path[] = "/tmp/scmi_vio_cfg_XXXXXX", err[128];
	static const char text[] = "release 2.0\nsensors none\n";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, sizeof(text) - 1),
			 (int)sizeof(text) - 1);
	close(fd);
	ck_assert_int_eq(
		scmi_vio_platform_config_load(path, &f, err, sizeof(err)), 0);
	unlink(path);
	ck_assert_int_eq(scmi_vio_platform_config_file_get(f)->release,
			 SCMI_VIO_SCMI_2_0);
	ck_assert_uint_eq(scmi_vio_platform_config_file_get(f)->n_sensors, 0);
	scmi_vio_platform_config_file_free(f);
}
END_TEST

/*
 * Mutated and random texts: every parse ends in 0 or an error naming a
 * line, and whatever parses either builds a platform or is refused by it;
 * nothing crashes or leaks (run under ASan).
 */
START_TEST(test_config_mutations)
{
	static const char seed[] =
		"release 3.2\nvendor v\nagent a\nagent_id 1\n"
		"clock c rates=1,2,3 index=2 latency=4 enabled=on\n"
		"sensor s type=2 scale=-1 async=on trips=2 base=-9 step=3\n"
		"perf p levels=1:2:3,4:5:6 index=1 set_level=off\n"
		"max_payload 64\np2a off\n";
	static const char alphabet[] = "0123456789x,:=# \n\t-abcdefgz";
	struct scmi_vio_platform_config_file *f;
	struct scmi_vio_platform *plat;
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	char text[sizeof(seed)], err[96];
	unsigned int i, k, n, ok = 0, bad = 0, built = 0;
	int r;

	for (i = 0; i < 3000; i++) { /* cheap: not scaled for sanitizers */
		memcpy(text, seed, sizeof(seed));
		n = 1 + i % 6;
		for (k = 0; k < n; k++) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			text[rng % (sizeof(seed) - 1)] =
				i % 3 ? alphabet[(rng >> 32) %
						 (sizeof(alphabet) - 1)] :
					(char)(rng >> 40);
		}
		f = NULL;
		err[0] = 'x';
		r = scmi_vio_platform_config_parse(text, sizeof(seed) - 1, &f,
						   err, sizeof(err));
		if (r) {
			ck_assert_int_eq(r, -EINVAL);
			ck_assert_ptr_null(f);
			ck_assert_msg(!strncmp(err, "line ", 5), "%s", err);
			bad++;
			continue;
		}
		ok++;
		plat = NULL;
		if (!scmi_vio_platform_create(
			    scmi_vio_platform_config_file_get(f), &plat)) {
			built++;
			scmi_vio_platform_destroy(plat);
		}
		scmi_vio_platform_config_file_free(f);
	}
	/* The mutations reach both outcomes, and platforms get built. */
	ck_assert_uint_gt(ok, 0);
	ck_assert_uint_gt(bad, 0);
	ck_assert_uint_gt(built, 0);
}
END_TEST

static const struct plat_case tests[] = {
	SCRIPT(plat_scmi_2_0, scmi_20_base),
	SCRIPT(plat_scmi_2_0, scmi_20_clock),
	SCRIPT(plat_scmi_2_0, scmi_20_perf),
	SCRIPT(plat_scmi_2_0, scmi_20_sensor),
	SCRIPT(plat_scmi_2_0, scmi_20_pagination_every_index),
	SCRIPT(plat_default, negotiate_platform),
	SCRIPT(plat_config_text, config_text),
	TEST_CASE(test_config_errors_name_the_line),
	TEST_CASE(test_config_load_file),
	TEST_CASE(test_config_mutations),
};

int main(void)
{
	return plat_check_run("platform_profiles", "profiles", 0, tests,
			      ARRAY_SIZE(tests));
}
