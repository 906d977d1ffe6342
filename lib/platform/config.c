// SPDX-License-Identifier: BSD-3-Clause
/*
 * The default simulated platform, SCMI 3.2.  Sizes are chosen so that with
 * 128-byte payloads every paginated reply has more than one page somewhere:
 * 16 rates (15 per page; Linux keeps at most 16 discrete rates per clock),
 * 5 sensors (4 per page), 16 levels (10 per page; 6 with Performance 4.0's
 * 20-byte entries), 40 voltage levels (31 per page).  One rate needs the
 * high word (5 GHz).  One power, one reset and one voltage domain have names
 * longer than 15 characters (extended names).
 */
#include <string.h>

#include <scmi_vio/platform.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const default_agents[] = { "guest", "other" };

static const uint64_t rates_cpu[] = {
	100000000,  200000000,	300000000,  400000000,
	500000000,  600000000,	700000000,  800000000,
	900000000,  1000000000, 1100000000, 1200000000,
	1300000000, 1400000000, 1500000000, 5000000000ull,
};
static const uint64_t rates_gpu[] = { 250000000, 500000000, 750000000 };
static const uint64_t rates_uart[] = { 24000000 };
static const uint64_t rates_ddr[] = { 400000000, 800000000, 1066000000,
				      1600000000 };

static const struct scmi_vio_plat_clock default_clocks[] = {
	/* name, rates, n, initial index, enabled, enable latency (us) */
	{ "cpu", rates_cpu, ARRAY_LEN(rates_cpu), 9, true, 20 },
	{ "gpu", rates_gpu, ARRAY_LEN(rates_gpu), 0, false, 50 },
	{ "uart", rates_uart, ARRAY_LEN(rates_uart), 0, true, 0 },
	{ "ddr", rates_ddr, ARRAY_LEN(rates_ddr), 3, true, 100 },
};

static const struct scmi_vio_plat_sensor default_sensors[] = {
	/* name, type, scale, async, trips, base, step, period */
	{ "soc_temp", 2, 0, true, 2, 40, 5, 8 },
	{ "cpu_temp", 2, -3, true, 1, 45000, 1000, 10 },
	{ "vdd_cpu", 5, -3, false, 0, 800, 25, 4 },
	{ "soc_power", 7, -3, false, 1, 1500, -100, 6 },
	{ "fan", 19, 0, false, 0, 1200, 0, 1 },
};

static const struct scmi_vio_plat_perf_level levels_little[] = {
	{ 100, 10, 50 },    { 200, 22, 50 },	{ 300, 36, 50 },
	{ 400, 52, 50 },    { 500, 70, 60 },	{ 600, 90, 60 },
	{ 700, 112, 60 },   { 800, 136, 70 },	{ 900, 162, 70 },
	{ 1000, 190, 80 },  { 1100, 220, 80 },	{ 1200, 252, 90 },
	{ 1300, 286, 90 },  { 1400, 322, 100 }, { 1500, 360, 100 },
	{ 1600, 400, 110 },
};
static const struct scmi_vio_plat_perf_level levels_big[] = {
	{ 500, 150, 100 },
	{ 1000, 320, 100 },
	{ 1500, 520, 120 },
	{ 2000, 760, 150 },
};
static const struct scmi_vio_plat_perf_level levels_gpu[] = {
	{ 250, 80, 200 },
	{ 500, 170, 200 },
	{ 750, 270, 250 },
};

static const struct scmi_vio_plat_perf default_perf[] = {
	{ "little", levels_little, ARRAY_LEN(levels_little), 7, 1000, 1000000,
	  1000, true, true },
	{ "big", levels_big, ARRAY_LEN(levels_big), 1, 500, 1500000, 1500, true,
	  true },
	{ "gpu", levels_gpu, ARRAY_LEN(levels_gpu), 0, 2000, 500000, 500, true,
	  false },
};

static const struct scmi_vio_plat_power_domain default_power[] = {
	/* name, state, sync, async */
	{ "cluster0", 0x00000000, true, true },
	{ "gpu", 0x40000000, true, false },
	{ "vpu", 0x40000000, false, true },
	{ "display_controller", 0x00000000, true, true },
};

static const struct scmi_vio_plat_reset_domain default_resets[] = {
	/* name, latency us, async, notify */
	{ "gpu_rst", 100, true, true },
	{ "usb_rst", 0xffffffff, false, true },
	{ "ethernet_mac_reset", 20, true, false },
};

/* 500 mV to 987.5 mV in 12.5 mV steps. */
static const int32_t volt_cpu[] = {
	500000, 512500, 525000, 537500, 550000, 562500, 575000, 587500,
	600000, 612500, 625000, 637500, 650000, 662500, 675000, 687500,
	700000, 712500, 725000, 737500, 750000, 762500, 775000, 787500,
	800000, 812500, 825000, 837500, 850000, 862500, 875000, 887500,
	900000, 912500, 925000, 937500, 950000, 962500, 975000, 987500,
};
static const int32_t volt_io[] = { 1800000, 3300000 };

static const struct scmi_vio_plat_voltage_domain default_voltage[] = {
	/* name, levels, n, min, max, step, level, on, async */
	{ "vdd_cpu", volt_cpu, ARRAY_LEN(volt_cpu), 0, 0, 0, 800000, true,
	  true },
	{ "vdd_gpu", NULL, 0, 500000, 1000000, 6250, 750000, false, false },
	{ "vdd_io_3v3_always_on", volt_io, ARRAY_LEN(volt_io), 0, 0, 0, 3300000,
	  true, false },
};

void scmi_vio_platform_config_default(struct scmi_vio_platform_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->release = SCMI_VIO_SCMI_3_2;
	cfg->vendor = "scmi_vio";
	cfg->sub_vendor = "simulated";
	cfg->impl_version = 0x00010000;
	cfg->agents = default_agents;
	cfg->n_agents = ARRAY_LEN(default_agents);
	cfg->agent_id = 1;
	cfg->clocks = default_clocks;
	cfg->n_clocks = ARRAY_LEN(default_clocks);
	cfg->clock_max_async = 2;
	cfg->sensors = default_sensors;
	cfg->n_sensors = ARRAY_LEN(default_sensors);
	cfg->sensor_max_async = 2;
	cfg->perf = default_perf;
	cfg->n_perf = ARRAY_LEN(default_perf);
	cfg->power = default_power;
	cfg->n_power = ARRAY_LEN(default_power);
	cfg->sys_power = true;
	cfg->sys_warm_reset = true;
	cfg->sys_suspend = true;
	cfg->resets = default_resets;
	cfg->n_resets = ARRAY_LEN(default_resets);
	cfg->voltage = default_voltage;
	cfg->n_voltage = ARRAY_LEN(default_voltage);
	cfg->p2a = true;
	cfg->max_payload = 128;
	cfg->max_delayed = 16;
	cfg->max_notifications = 16;
}
