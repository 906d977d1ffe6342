// SPDX-License-Identifier: BSD-3-Clause
/*
 * Voltage domain protocol server (0x17) against hand-written bytes, on the
 * default configuration: vdd_cpu (40 levels, 500000 uV + 12500 uV * i; at
 * 800000, on, async), vdd_gpu (linear 500000..1000000 step 6250; at 750000,
 * off), vdd_io_3v3_always_on (1800000, 3300000; at 3300000, on; an extended
 * name).
 */
#include <errno.h>

#include "check_run.h"
#include "plat_fixture.h"

#define P_VOLT 0x17
#define Z8 0, 0, 0, 0, 0, 0, 0, 0

static const struct plat_step volt_protocol[] = {
	{ ASK(H(P_VOLT, 0x0, 1), 0), REPLY_OK(W(0x00020001)) },
	{ ASK(H(P_VOLT, 0x1, 1), 0), REPLY_OK(W(3)) },
	{ IMPLEMENTED(H(P_VOLT, 0x2, 1), 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9) },
	{ NOT_IMPLEMENTED(H(P_VOLT, 0x2, 1), 0xa) },
};

static const struct plat_step volt_domain_attributes[] = {
	{ ASK(H(P_VOLT, 0x3, 2), 1, 0),
	  REPLY_OK(W(0x80000000), 'v', 'd', 'd', '_', 'c', 'p', 'u', 0, 0, 0, 0,
		   0, 0, 0, 0, 0) },
	{ ASK(H(P_VOLT, 0x3, 2), 1, 1),
	  REPLY_OK(W(0), 'v', 'd', 'd', '_', 'g', 'p', 'u', 0, 0, 0, 0, 0, 0, 0,
		   0, 0) },
	/* An extended name [30]: its first 15 characters here. */
	{ ASK(H(P_VOLT, 0x3, 2), 1, 2),
	  REPLY_OK(W(0x40000000), 'v', 'd', 'd', '_', 'i', 'o', '_', '3', 'v',
		   '3', '_', 'a', 'l', 'w', 'a', 0) },
	{ ASK(H(P_VOLT, 0x3, 2), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_VOLT, 0x3, 2), 0), STATUS_IS(S_PROTOCOL) },
};

static const struct plat_step volt_domain_attributes_no_p2a[] = {
	{ ASK(H(P_VOLT, 0x3, 2), 1, 0),
	  REPLY_OK(W(0), 'v', 'd', 'd', '_', 'c', 'p', 'u', 0, 0, 0, 0, 0, 0, 0,
		   0, 0) },
};

/* VOLTAGE_DOMAIN_NAME_GET: {flags, char[64]} for an extended name. */
static const struct plat_step volt_domain_name_get[] = {
	{ ASK(H(P_VOLT, 0x9, 9), 1, 2),
	  REPLY_OK(W(0), 'v', 'd', 'd', '_', 'i', 'o', '_', '3', 'v', '3', '_',
		   'a', 'l', 'w', 'a', 'y', 's', '_', 'o', 'n', Z8, Z8, Z8, Z8,
		   Z8, 0, 0, 0, 0) },
	{ ASK(H(P_VOLT, 0x9, 9), 1, 1), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_VOLT, 0x9, 9), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_VOLT, 0x9, 9), 0), STATUS_IS(S_PROTOCOL) },
};

static const struct plat_step volt_describe_levels_pages[] = {
	/* 31 levels fit in 128 bytes: 31 returned, 9 remaining. */
	{ ASK(H(P_VOLT, 0x4, 3), 2, 0, 0),
	  REPLY_OK(W(0x0009001f), W(500000), W(512500), W(525000), W(537500),
		   W(550000), W(562500), W(575000), W(587500), W(600000),
		   W(612500), W(625000), W(637500), W(650000), W(662500),
		   W(675000), W(687500), W(700000), W(712500), W(725000),
		   W(737500), W(750000), W(762500), W(775000), W(787500),
		   W(800000), W(812500), W(825000), W(837500), W(850000),
		   W(862500), W(875000)) },
	{ ASK(H(P_VOLT, 0x4, 3), 2, 0, 31),
	  REPLY_OK(W(0x00000009), W(887500), W(900000), W(912500), W(925000),
		   W(937500), W(950000), W(962500), W(975000), W(987500)) },
	/* The last index; at the count and past it: OUT_OF_RANGE. */
	{ ASK(H(P_VOLT, 0x4, 3), 2, 0, 39),
	  REPLY_OK(W(0x00000001), W(987500)) },
	{ ASK(H(P_VOLT, 0x4, 3), 2, 0, 40), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_VOLT, 0x4, 3), 2, 0, 0xffffffff), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_VOLT, 0x4, 3), 2, 3, 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_VOLT, 0x4, 3), 1, 0), STATUS_IS(S_PROTOCOL) },
	/* The linear segment: one page {lowest, highest, step}, flag [12]. */
	{ ASK(H(P_VOLT, 0x4, 3), 2, 1, 0),
	  REPLY_OK(W(0x00001003), W(500000), W(1000000), W(6250)) },
	{ ASK(H(P_VOLT, 0x4, 3), 2, 1, 1), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_VOLT, 0x4, 3), 2, 1, 3), STATUS_IS(S_OUT_OF_RANGE) },
	/* A two-level list at each index. */
	{ ASK(H(P_VOLT, 0x4, 3), 2, 2, 0),
	  REPLY_OK(W(0x00000002), W(1800000), W(3300000)) },
	{ ASK(H(P_VOLT, 0x4, 3), 2, 2, 1),
	  REPLY_OK(W(0x00000001), W(3300000)) },
	{ ASK(H(P_VOLT, 0x4, 3), 2, 2, 2), STATUS_IS(S_OUT_OF_RANGE) },
};

/* Every first index of vdd_cpu: the page the spec's counters describe. */
static size_t cpu_uv(unsigned int i, uint8_t *p)
{
	memcpy(p, (uint8_t[]){ W(500000 + 12500 * i) }, 4);
	return 4;
}

static const struct plat_step volt_describe_levels_every_index[] = {
	{ PAGES_ARE(H(P_VOLT, 0x4, 7), PAGES_DOMAIN, 40, 31, 4, cpu_uv, NULL) },
};

static const struct plat_step volt_config[] = {
	{ ASK(H(P_VOLT, 0x6, 4), 1, 0), REPLY_OK(W(7)) },
	{ ASK(H(P_VOLT, 0x6, 4), 1, 1), REPLY_OK(W(0)) },
	{ ASK(H(P_VOLT, 0x5, 4), 2, 1, 7), STATUS_IS(S_OK) },
	{ ASK(H(P_VOLT, 0x6, 4), 1, 1), REPLY_OK(W(7)) },
	{ ASK(H(P_VOLT, 0x5, 4), 2, 0, 0), STATUS_IS(S_OK) },
	{ ASK(H(P_VOLT, 0x6, 4), 1, 0), REPLY_OK(W(0)) },
	/* Other architectural modes, implementation modes, reserved bits. */
	{ ASK(H(P_VOLT, 0x5, 4), 2, 0, 3), STATUS_IS(S_INVALID) },
	{ ASK(H(P_VOLT, 0x5, 4), 2, 0, 8), STATUS_IS(S_INVALID) },
	{ ASK(H(P_VOLT, 0x5, 4), 2, 0, 0x17), STATUS_IS(S_INVALID) },
	{ ASK(H(P_VOLT, 0x5, 4), 2, 3, 7), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_VOLT, 0x5, 4), 1, 0), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_VOLT, 0x6, 4), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_VOLT, 0x6, 4), 2, 0, 0), STATUS_IS(S_PROTOCOL) },
};

static const struct plat_step volt_level_set_get[] = {
	{ ASK(H(P_VOLT, 0x8, 5), 1, 0), REPLY_OK(W(800000)) },
	/* {domain, flags, level}. */
	{ ASK(H(P_VOLT, 0x7, 6), 3, 0, 0, 812500), STATUS_IS(S_OK) },
	{ ASK(H(P_VOLT, 0x8, 5), 1, 0), REPLY_OK(W(812500)) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 0, 0, 812501), STATUS_IS(S_INVALID) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 0, 0, 499999), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 0, 0, 1000000), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 0, 0, 0xfffffffb),
	  STATUS_IS(S_OUT_OF_RANGE) },
	/* The segment: on a step, off a step, at both ends, outside. */
	{ ASK(H(P_VOLT, 0x7, 6), 3, 1, 0, 756250), STATUS_IS(S_OK) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 1, 0, 756251), STATUS_IS(S_INVALID) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 1, 0, 500000), STATUS_IS(S_OK) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 1, 0, 1000000), STATUS_IS(S_OK) },
	{ ASK(H(P_VOLT, 0x8, 5), 1, 1), REPLY_OK(W(1000000)) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 1, 0, 1006250), STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 1, 0, 0xffffffff),
	  STATUS_IS(S_OUT_OF_RANGE) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 0, 2, 812500), STATUS_IS(S_INVALID) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 1, 1, 500000), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_VOLT, 0x7, 6), 3, 3, 0, 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_VOLT, 0x7, 6), 2, 0, 0), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_VOLT, 0x8, 5), 1, 3), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_VOLT, 0x8, 5), 0), STATUS_IS(S_PROTOCOL) },
	{ NO_EVENT_IS },
};

static const struct plat_step volt_async[] = {
	/* SUCCESS, then VOLTAGE_LEVEL_SET_COMPLETE {status, domain, level}. */
	{ ASK(H(P_VOLT, 0x7, 8), 3, 0, 1, 900000), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_VOLT, 0x7, 2, 8)), W(S_OK), W(0), W(900000)) },
	{ NO_EVENT_IS },
	{ ASK(H(P_VOLT, 0x8, 5), 1, 0), REPLY_OK(W(900000)) },
	/* A refused level queues nothing. */
	{ ASK(H(P_VOLT, 0x7, 8), 3, 0, 1, 900001), STATUS_IS(S_INVALID) },
	{ NO_EVENT_IS },
	/* A full outbox: BUSY, and the level stays. */
	{ ASK(H(P_VOLT, 0x7, 9), 3, 0, 1, 500000), STATUS_IS(S_OK), TIMES(16) },
	{ ASK(H(P_VOLT, 0x7, 9), 3, 0, 1, 600000), STATUS_IS(S_BUSY) },
	{ ASK(H(P_VOLT, 0x8, 5), 1, 0), REPLY_OK(W(500000)) },
	{ EVENT_IS(W(HT(P_VOLT, 0x7, 2, 9)), W(S_OK), W(0), W(500000)),
	  TIMES(16) },
	{ NO_EVENT_IS },
};

static const struct plat_step volt_async_no_p2a[] = {
	{ ASK(H(P_VOLT, 0x7, 8), 3, 0, 1, 900000), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_VOLT, 0x7, 8), 3, 0, 0, 900000), STATUS_IS(S_OK) },
};

/* SCMI 2.0 has no Voltage protocol: unknown, and Base does not list it. */
static const struct plat_step volt_scmi_2_0[] = {
	{ ASK(H(P_VOLT, 0x0, 1), 0), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_VOLT, 0x3, 1), 1, 0), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_BASE, 0x1, 1), 0), REPLY_OK(W(0x00000206)) },
	{ ASK(H(P_BASE, 0x6, 1), 1, 0),
	  REPLY_OK(W(6), 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0, 0) },
};

START_TEST(test_volt_bad_config)
{
	static const int32_t down[] = { 900000, 800000 };
	static const int32_t one[] = { 900000 };
	struct scmi_vio_plat_voltage_domain d = { "v", one,    1,    0,	   0,
						  0,   900000, true, false };
	struct scmi_vio_platform_config cfg;
	struct scmi_vio_platform *plat = NULL;

	scmi_vio_platform_config_default(&cfg);
	cfg.voltage = &d;
	cfg.n_voltage = 1;
	plat = plat_create(&cfg);
	scmi_vio_platform_destroy(plat);
	d.level_uv = 800000; /* not a level it has */
	plat_refuses(&cfg);
	d = (struct scmi_vio_plat_voltage_domain){ "v", down,	2,    0,    0,
						   0,	900000, true, false };
	plat_refuses(&cfg);
	d = (struct scmi_vio_plat_voltage_domain){ "v", NULL, 0,    1000, 1000,
						   10,	1000, true, false };
	plat_refuses(&cfg);
	d.max_uv = 2000;
	d.step_uv = 0;
	plat_refuses(&cfg);
	d.step_uv = 10;
	d.level_uv = 1005;
	plat_refuses(&cfg);
}
END_TEST

static const struct plat_case tests[] = {
	SCRIPT(plat_default, volt_protocol),
	SCRIPT(plat_default, volt_domain_attributes),
	SCRIPT(plat_no_p2a, volt_domain_attributes_no_p2a),
	SCRIPT(plat_default, volt_domain_name_get),
	SCRIPT(plat_default, volt_describe_levels_pages),
	SCRIPT(plat_default, volt_describe_levels_every_index),
	SCRIPT(plat_default, volt_config),
	SCRIPT(plat_default, volt_level_set_get),
	SCRIPT(plat_default, volt_async),
	SCRIPT(plat_no_p2a, volt_async_no_p2a),
	SCRIPT(plat_scmi_2_0, volt_scmi_2_0),
	TEST_CASE(test_volt_bad_config),
};

int main(void)
{
	return plat_check_run("platform_voltage", "voltage", 0, tests,
			      ARRAY_SIZE(tests));
}
