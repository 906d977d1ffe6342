// SPDX-License-Identifier: BSD-3-Clause
/*
 * Sensor protocol server against hand-written bytes
 * (docs/protocol.md sections 8 and 10) on the default configuration:
 *   0 soc_temp  type 2, scale 0,  async, 2 trips: 40, 45, ... 75, 40, ...
 *   1 cpu_temp  type 2, scale -3, async, 1 trip:  45000 + 1000 k, k < 10
 *   2 vdd_cpu   type 5, scale -3, sync:           800, 825, 850, 875, 800
 *   3 soc_power type 7, scale -3, sync, 1 trip:   1500, 1400, ... 1000
 *   4 fan       type 19, scale 0, sync:           1200
 */
#include <stdlib.h>

#include "check_run.h"
#include "plat_fixture.h"

#define TRIP_NOTIFY 0x4
#define TRIP_CONFIG 0x5
#define READING_GET 0x6

/*
 * Sensor descriptors of the default configuration: id, attributes low
 * and high, name (docs/protocol.md section 8).  soc_temp: 2 trips; type
 * 2, scale 0.  cpu_temp: 1 trip; scale -3 = 0x1d << 11.  vdd_cpu: sync,
 * no trips.  soc_power: sync, 1 trip.  fan: type 19.  @lo: the async
 * bit [31] is there with P2A only.
 */
#define SOC_TEMP(lo)                                                           \
	W(0), W(lo), W(0x00000002), 's', 'o', 'c', '_', 't', 'e', 'm', 'p', 0, \
		0, 0, 0, 0, 0, 0, 0
#define CPU_TEMP(lo)                                                           \
	W(1), W(lo), W(0x0000e802), 'c', 'p', 'u', '_', 't', 'e', 'm', 'p', 0, \
		0, 0, 0, 0, 0, 0, 0
#define VDD_CPU                                                                \
	W(2), W(0x00000000), W(0x0000e805), 'v', 'd', 'd', '_', 'c', 'p', 'u', \
		0, 0, 0, 0, 0, 0, 0, 0, 0
#define SOC_POWER                                                              \
	W(3), W(0x00000001), W(0x0000e807), 's', 'o', 'c', '_', 'p', 'o', 'w', \
		'e', 'r', 0, 0, 0, 0, 0, 0, 0
#define FAN                                                                  \
	W(4), W(0), W(0x00000013), 'f', 'a', 'n', 0, 0, 0, 0, 0, 0, 0, 0, 0, \
		0, 0, 0, 0

static const struct plat_step sensor_protocol_attributes[] = {
	{ ASK(H(P_SENSOR, 0x0, 1), 0), REPLY_OK(W(0x00030001)) },
	/* 5 sensors, 2 async; no shared memory region. */
	{ ASK(H(P_SENSOR, 0x1, 1), 0),
	  REPLY_OK(W(0x00020005), W(0), W(0), W(0)) },
	{ IMPLEMENTED(H(P_SENSOR, 0x2, 1), 0x6) },
	{ NOT_IMPLEMENTED(H(P_SENSOR, 0x2, 1), 0x7) },
	{ ASK(H(P_SENSOR, 0x7, 1), 0), STATUS_IS(S_NOT_FOUND) },
};

/* Pages of 4 descriptors (28 bytes each); start indices 0..4, 5, 6. */
static const struct plat_step sensor_description_pages[] = {
	{ ASK(H(P_SENSOR, 0x3, 2), 1, 0),
	  REPLY_OK(W(0x00010004), SOC_TEMP(0x80000002), CPU_TEMP(0x80000001),
		   VDD_CPU, SOC_POWER) },
	{ ASK(H(P_SENSOR, 0x3, 2), 1, 1),
	  REPLY_OK(W(0x00000004), CPU_TEMP(0x80000001), VDD_CPU, SOC_POWER,
		   FAN) },
	{ ASK(H(P_SENSOR, 0x3, 2), 1, 3),
	  REPLY_OK(W(0x00000002), SOC_POWER, FAN) },
	/*
	 * The last index; the count and one past it: INVALID_PARAMETERS
	 * (scmi-tests test_m005, SCP-firmware).
	 */
	{ ASK(H(P_SENSOR, 0x3, 2), 1, 4), REPLY_OK(W(0x00000001), FAN) },
	{ ASK(H(P_SENSOR, 0x3, 2), 1, 5), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, 0x3, 2), 1, 6), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, 0x3, 2), 1, 0xffffffff), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, 0x3, 2), 0), STATUS_IS(S_PROTOCOL) },
};

/*
 * Every start index 0..4: count and remaining words add up; the count and
 * one past it are INVALID_PARAMETERS (section 10).
 */
/* The first descriptor returned is sensor @start. */
static void first_sensor(unsigned int start, unsigned int ret,
			 const uint8_t *page)
{
	if (ret)
		ck_assert_mem_eq(page + 12, ((uint8_t[]){ W(start) }), 4);
}

static const struct plat_step sensor_description_every_index[] = {
	{ ASK(H(P_SENSOR, 0x3, 1), 1, 5), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, 0x3, 1), 1, 6), STATUS_IS(S_INVALID) },
	{ PAGES_ARE(H(P_SENSOR, 0x3, 0), PAGES_INDEX_TOKEN, 5, 4, 28, NULL,
		    first_sensor) },
};

/* A reading of vdd_cpu under token @tok: @v, no timestamp, 32 bytes room. */
#define VDD_CPU_IS(tok, v)                           \
	ASK(H(P_SENSOR, READING_GET, tok), 2, 2, 0), \
		REPLY_OK(W(v), W(0), W(0), W(0)), CAP(32)

/* Values move with each reading, never with time. */
static const struct plat_step sensor_reading_sync[] = {
	/* Sensor 3.1: value lo, hi, timestamp lo, hi (0: none). */
	{ VDD_CPU_IS(0, 800) },
	{ VDD_CPU_IS(1, 825) },
	{ VDD_CPU_IS(2, 850) },
	{ VDD_CPU_IS(3, 875) },
	{ VDD_CPU_IS(4, 800) },
	{ VDD_CPU_IS(5, 825) },
	{ ASK(H(P_SENSOR, READING_GET, 3), 2, 4, 0),
	  REPLY_OK(W(1200), W(0), W(0), W(0)) },
	/* Errors do not take a reading. */
	{ ASK(H(P_SENSOR, READING_GET, 3), 2, 5, 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_SENSOR, READING_GET, 3), 2, 3, 2), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, READING_GET, 3), 2, 3, 0x80000000),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, READING_GET, 3), 2, 3, 1),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_SENSOR, READING_GET, 3), 1, 3), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_SENSOR, READING_GET, 3), 2, 3, 0),
	  REPLY_OK(W(1500), W(0), W(0), W(0)) },
	{ NO_EVENT_IS },
};

/* Negative values are sign-extended into the high word. */
static const struct plat_step sensor_negative_value[] = {
	{ ASK(H(P_SENSOR, READING_GET, 1), 2, 0, 0),
	  REPLY_OK(W(0xfffffffe), W(0xffffffff), W(0), W(0)) },
	{ ASK(H(P_SENSOR, READING_GET, 1), 2, 0, 0),
	  REPLY_OK(W(0xfffffffb), W(0xffffffff), W(0), W(0)) },
};

static struct scmi_vio_platform *plat_cold_sensor(void)
{
	static const struct scmi_vio_plat_sensor s = { "cold", 2,  0,  false,
						       0,      -2, -3, 3 };
	struct scmi_vio_platform_config cfg;

	scmi_vio_platform_config_default(&cfg);
	cfg.sensors = &s;
	cfg.n_sensors = 1;
	return plat_create(&cfg);
}

static const struct plat_step sensor_reading_async[] = {
	/* SUCCESS, then a delayed response {status, sensor, lo, hi, ts}. */
	{ ASK(H(P_SENSOR, READING_GET, 0x2aa), 2, 1, 1), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_SENSOR, READING_GET, 2, 0x2aa)), W(S_OK), W(1),
		   W(45000), W(0), W(0), W(0)) },
	/* Sync and async share the reading counter. */
	{ ASK(H(P_SENSOR, READING_GET, 5), 2, 1, 0),
	  REPLY_OK(W(46000), W(0), W(0), W(0)) },
	/* 2 may wait; the third is BUSY and takes no reading. */
	{ ASK(H(P_SENSOR, READING_GET, 6), 2, 0, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_SENSOR, READING_GET, 7), 2, 1, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_SENSOR, READING_GET, 8), 2, 0, 1), STATUS_IS(S_BUSY) },
	{ EVENT_IS(W(HT(P_SENSOR, READING_GET, 2, 6)), W(S_OK), W(0), W(40),
		   W(0), W(0), W(0)) },
	{ ASK(H(P_SENSOR, READING_GET, 9), 2, 0, 1), STATUS_IS(S_OK) },
	{ EVENT_IS(W(HT(P_SENSOR, READING_GET, 2, 7)), W(S_OK), W(1), W(47000),
		   W(0), W(0), W(0)) },
	{ EVENT_IS(W(HT(P_SENSOR, READING_GET, 2, 9)), W(S_OK), W(0), W(45),
		   W(0), W(0), W(0)) },
	{ NO_EVENT_IS },
};

/* A reading of soc_temp: @v, no timestamp, in an exactly sized buffer. */
#define SOC_TEMP_IS(v)                             \
	ASK(H(P_SENSOR, READING_GET, 1), 2, 0, 0), \
		REPLY_OK(W(v), W(0), W(0), W(0)), CAP(24)

static const struct plat_step sensor_trip_points[] = {
	/* Trip 0 ascending at 50, trip 1 descending at 60; notify on. */
	{ ASK(H(P_SENSOR, TRIP_CONFIG, 1), 4, 0, 0x01, 50, 0),
	  STATUS_IS(S_OK) },
	{ ASK(H(P_SENSOR, TRIP_CONFIG, 1), 4, 0, 0x12, 60, 0),
	  STATUS_IS(S_OK) },
	{ ASK(H(P_SENSOR, TRIP_NOTIFY, 1), 2, 0, 1), STATUS_IS(S_OK) },
	{ SOC_TEMP_IS(40) },
	{ SOC_TEMP_IS(45) },
	{ NO_EVENT_IS },
	{ SOC_TEMP_IS(50) },
	/* agent 1, sensor 0, trip 0 ascending. */
	{ EVENT_IS(W(HT(P_SENSOR, 0x0, 3, 0)), W(1), W(0), W(0x00000001)) },
	{ SOC_TEMP_IS(55) },
	/* ascending through 60: trip 1 is down-only */
	{ SOC_TEMP_IS(60) },
	{ SOC_TEMP_IS(65) },
	{ SOC_TEMP_IS(70) },
	{ SOC_TEMP_IS(75) },
	{ NO_EVENT_IS },
	{ SOC_TEMP_IS(40) },
	{ EVENT_IS(W(HT(P_SENSOR, 0x0, 3, 0)), W(1), W(0), W(0x00000010)) },
	{ NO_EVENT_IS },
	/* Notify off: crossings are silent. */
	{ ASK(H(P_SENSOR, TRIP_NOTIFY, 1), 2, 0, 0), STATUS_IS(S_OK) },
	{ SOC_TEMP_IS(45) },
	{ SOC_TEMP_IS(50) },
	{ NO_EVENT_IS },
	/* Errors. */
	{ ASK(H(P_SENSOR, TRIP_CONFIG, 1), 4, 0, 0x21, 0, 0),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, TRIP_CONFIG, 1), 4, 0, 0x05, 0, 0),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, TRIP_CONFIG, 1), 4, 0, 0x1001, 0, 0),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, TRIP_CONFIG, 1), 4, 2, 0x01, 0, 0),
	  STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, TRIP_CONFIG, 1), 4, 5, 0x01, 0, 0),
	  STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_SENSOR, TRIP_CONFIG, 1), 3, 0, 0x01, 0),
	  STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_SENSOR, TRIP_NOTIFY, 1), 2, 0, 2), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SENSOR, TRIP_NOTIFY, 1), 2, 5, 1), STATUS_IS(S_NOT_FOUND) },
};

/* Without P2A: no async readings, no trip notifications, not advertised. */
static const struct plat_step sensor_no_p2a[] = {
	{ ASK(H(P_SENSOR, 0x1, 1), 0),
	  REPLY_OK(W(0x00000005), W(0), W(0), W(0)) },
	{ ASK(H(P_SENSOR, 0x3, 2), 1, 4), REPLY_OK(W(0x00000001), FAN) },
	{ ASK(H(P_SENSOR, 0x3, 2), 1, 1),
	  REPLY_OK(W(0x00000004), CPU_TEMP(0x00000001), VDD_CPU, SOC_POWER,
		   FAN) },
	{ NOT_IMPLEMENTED(H(P_SENSOR, 0x2, 1), TRIP_NOTIFY) },
	{ ASK(H(P_SENSOR, TRIP_NOTIFY, 1), 2, 0, 1),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_SENSOR, READING_GET, 1), 2, 0, 1),
	  STATUS_IS(S_NOT_SUPPORTED) },
	{ NO_EVENT_IS },
};

static const struct plat_case tests[] = {
	SCRIPT(plat_default, sensor_protocol_attributes),
	SCRIPT(plat_default, sensor_description_pages),
	SCRIPT(plat_default, sensor_description_every_index),
	SCRIPT(plat_default, sensor_reading_sync),
	SCRIPT(plat_cold_sensor, sensor_negative_value),
	SCRIPT(plat_default, sensor_reading_async),
	SCRIPT(plat_default, sensor_trip_points),
	SCRIPT(plat_no_p2a, sensor_no_p2a),
};

int main(void)
{
	return plat_check_run("platform_sensor", "sensor", 0, tests,
			      ARRAY_SIZE(tests));
}
