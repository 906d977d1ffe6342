// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi-vio info: what the platform says about itself - Base discovery,
 * then a table per protocol it offers (clocks and their rates, sensors,
 * performance domains and their levels, power, reset and voltage domains).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

static const char help[] =
	"usage: scmi-vio info [DEVICE OPTIONS]\n"
	"Print the platform's vendor, sub-vendor, implementation version,\n"
	"agents, protocols and their versions, then a table of each\n"
	"protocol's resources.\n";

/* Print a failed query and keep going: one table must not hide others. */
static void failed(const char *what, int r)
{
	printf("  (%s failed: %s)\n", what, strerror(-r));
}

static void base(struct scmi_vio_agent *a, uint8_t *ids, size_t cap,
		 size_t *n_ids)
{
	char vendor[16] = "", sub[16] = "", name[16];
	unsigned int n_protos = 0, n_agents = 0, i;
	uint32_t impl = 0, id, me;
	uint16_t major, minor;
	int r;

	if (scmi_vio_base_vendor(a, vendor) ||
	    scmi_vio_base_sub_vendor(a, sub) ||
	    scmi_vio_base_impl_version(a, &impl) ||
	    scmi_vio_base_attributes(a, &n_protos, &n_agents))
		printf("(base discovery incomplete)\n");
	printf("vendor:          %s\n", vendor);
	printf("sub-vendor:      %s\n", sub);
	printf("implementation:  0x%08" PRIx32 "\n", impl);
	/* Id 0 is the platform, not one of the num_agents agents (1..n). */
	if (!scmi_vio_base_discover_agent(a, 0, &id, name))
		printf("platform:        %s\n", name);
	if (scmi_vio_base_discover_agent(a, SCMI_VIO_BASE_AGENT_CALLER, &me,
					 name))
		me = 0;
	printf("agents:          %u\n", n_agents);
	for (i = 1; i <= n_agents; i++) {
		r = scmi_vio_base_discover_agent(a, i, &id, name);
		if (r)
			printf("  %3u (discover: %s)\n", i, strerror(-r));
		else
			printf("  %3" PRIu32 " %s%s\n", id, name,
			       id == me ? " (this agent)" : "");
	}
	r = scmi_vio_base_list_protocols(a, ids, cap, n_ids);
	if (r) {
		*n_ids = 0;
		failed("list protocols", r);
	}
	printf("protocols:       %zu\n", *n_ids + 1);
	if (!scmi_vio_protocol_version(a, SCMI_VIO_PROTO_BASE, &major, &minor))
		printf("  0x%02x %-8s %u.%u\n", SCMI_VIO_PROTO_BASE, "base",
		       major, minor);
	for (i = 0; i < *n_ids; i++) {
		r = scmi_vio_protocol_version(a, ids[i], &major, &minor);
		if (r)
			printf("  0x%02x %-8s (version: %s)\n", ids[i],
			       tool_proto_name(ids[i]), strerror(-r));
		else
			printf("  0x%02x %-8s %u.%u\n", ids[i],
			       tool_proto_name(ids[i]), major, minor);
	}
}

static void clocks(struct scmi_vio_agent *a)
{
	struct scmi_vio_clock_attrs ca;
	unsigned int n, max_async, i;
	uint64_t rates[64], rate;
	size_t nr, k;
	bool triplet;
	int r;

	printf("\nclocks:\n");
	r = scmi_vio_clock_count(a, &n, &max_async);
	if (r)
		return failed("clock attributes", r);
	printf("  %-3s %-16s %-3s %-12s %s\n", "id", "name", "on", "rate Hz",
	       "rates Hz");
	for (i = 0; i < n; i++) {
		r = scmi_vio_clock_attributes(a, i, &ca);
		if (!r)
			r = scmi_vio_clock_rate_get(a, i, &rate);
		if (!r)
			r = scmi_vio_clock_describe_rates(a, i, rates, 64, &nr,
							  &triplet);
		if (r) {
			printf("  %-3u (%s)\n", i, strerror(-r));
			continue;
		}
		printf("  %-3u %-16s %-3s %-12" PRIu64 " %s", i, ca.name,
		       ca.enabled ? "yes" : "no", rate,
		       triplet ? "min/max/step " : "");
		for (k = 0; k < nr; k++)
			printf("%s%" PRIu64, k ? "," : "", rates[k]);
		printf("\n");
	}
}

static void sensors(struct scmi_vio_agent *a)
{
	struct scmi_vio_sensor_desc sd[64];
	size_t n, i;
	int64_t v;
	int r;

	printf("\nsensors:\n");
	r = scmi_vio_sensor_describe(a, sd, 64, &n);
	if (r)
		return failed("sensor description", r);
	printf("  %-3s %-16s %-5s %-6s %-6s %-6s %s\n", "id", "name", "type",
	       "scale", "async", "trips", "reading");
	for (i = 0; i < n; i++) {
		printf("  %-3" PRIu32 " %-16s %-5u %-6d %-6s %-6u ", sd[i].id,
		       sd[i].name, sd[i].type, sd[i].scale,
		       sd[i].async_read ? "yes" : "no", sd[i].n_trip_points);
		r = scmi_vio_sensor_reading_get(a, sd[i].id, &v);
		if (r)
			printf("(%s)\n", strerror(-r));
		else
			printf("%" PRId64 "e%d\n", v, sd[i].scale);
	}
}

static void perf(struct scmi_vio_agent *a)
{
	struct scmi_vio_perf_level lv[64];
	struct scmi_vio_perf_domain d;
	unsigned int n, i;
	uint32_t level;
	size_t nl, k;
	int r;

	printf("\nperformance domains:\n");
	r = scmi_vio_perf_count(a, &n);
	if (r)
		return failed("perf attributes", r);
	printf("  %-3s %-16s %-8s %s\n", "id", "name", "level",
	       "levels (level:power:latency_us)");
	for (i = 0; i < n; i++) {
		r = scmi_vio_perf_domain_attributes(a, i, &d);
		if (!r)
			r = scmi_vio_perf_level_get(a, i, &level);
		if (!r)
			r = scmi_vio_perf_describe_levels(a, i, lv, 64, &nl);
		if (r) {
			printf("  %-3u (%s)\n", i, strerror(-r));
			continue;
		}
		printf("  %-3u %-16s %-8" PRIu32 " ", i, d.name, level);
		for (k = 0; k < nl; k++)
			printf("%s%" PRIu32 ":%" PRIu32 ":%u", k ? "," : "",
			       lv[k].level, lv[k].power, lv[k].latency_us);
		printf("\n");
	}
}

static void power(struct scmi_vio_agent *a)
{
	struct scmi_vio_power_attrs pa;
	char name[64];
	unsigned int n, i;
	uint32_t state;
	int r;

	printf("\npower domains:\n");
	r = scmi_vio_power_count(a, &n);
	if (r)
		return failed("power attributes", r);
	printf("  %-3s %-24s %-11s %s\n", "id", "name", "state", "set");
	for (i = 0; i < n; i++) {
		r = scmi_vio_power_domain_attributes(a, i, &pa);
		if (!r)
			r = scmi_vio_power_state_get(a, i, &state);
		if (r) {
			printf("  %-3u (%s)\n", i, strerror(-r));
			continue;
		}
		/* The short name stands if the long one cannot be had. */
		if (!pa.extended_name ||
		    scmi_vio_power_domain_name_get(a, i, name))
			snprintf(name, sizeof(name), "%s", pa.name);
		printf("  %-3u %-24s 0x%08" PRIx32 "  %s\n", i, name, state,
		       pa.sync && pa.async ? "sync,async" :
		       pa.sync		   ? "sync" :
		       pa.async		   ? "async" :
					     "-");
	}
}

static void resets(struct scmi_vio_agent *a)
{
	struct scmi_vio_reset_attrs ra;
	unsigned int n, i;
	char name[64];
	int r;

	printf("\nreset domains:\n");
	r = scmi_vio_reset_count(a, &n);
	if (r)
		return failed("reset attributes", r);
	printf("  %-3s %-24s %-11s %s\n", "id", "name", "latency us", "flags");
	for (i = 0; i < n; i++) {
		r = scmi_vio_reset_domain_attributes(a, i, &ra);
		if (r) {
			printf("  %-3u (%s)\n", i, strerror(-r));
			continue;
		}
		/* The short name stands if the long one cannot be had. */
		if (!ra.extended_name ||
		    scmi_vio_reset_domain_name_get(a, i, name))
			snprintf(name, sizeof(name), "%s", ra.name);
		if (ra.latency_us == SCMI_VIO_RESET_LATENCY_UNKNOWN)
			printf("  %-3u %-24s %-11s ", i, name, "unknown");
		else
			printf("  %-3u %-24s %-11" PRIu32 " ", i, name,
			       ra.latency_us);
		printf("%s\n", ra.async && ra.notify ? "async,notify" :
			       ra.async		     ? "async" :
			       ra.notify	     ? "notify" :
						       "-");
	}
}

static void voltage(struct scmi_vio_agent *a)
{
	struct scmi_vio_voltage_attrs va;
	int32_t lv[64], level;
	unsigned int n, i;
	char name[64];
	bool linear;
	size_t nl, k;
	int r;

	printf("\nvoltage domains:\n");
	r = scmi_vio_voltage_count(a, &n);
	if (r)
		return failed("voltage attributes", r);
	printf("  %-3s %-24s %-10s %s\n", "id", "name", "level uV",
	       "levels uV");
	for (i = 0; i < n; i++) {
		r = scmi_vio_voltage_domain_attributes(a, i, &va);
		if (!r)
			r = scmi_vio_voltage_level_get(a, i, &level);
		if (!r)
			r = scmi_vio_voltage_describe_levels(a, i, lv, 64, &nl,
							     &linear);
		if (r) {
			printf("  %-3u (%s)\n", i, strerror(-r));
			continue;
		}
		/* The short name stands if the long one cannot be had. */
		if (!va.extended_name ||
		    scmi_vio_voltage_domain_name_get(a, i, name))
			snprintf(name, sizeof(name), "%s", va.name);
		printf("  %-3u %-24s %-10" PRId32 " %s", i, name, level,
		       linear ? "min/max/step " : "");
		for (k = 0; k < nl; k++)
			printf("%s%" PRId32, k ? "," : "", lv[k]);
		printf("\n");
	}
}

static void system_power(struct scmi_vio_agent *a)
{
	bool warm, suspend;
	int r;

	printf("\nsystem power:\n");
	r = scmi_vio_system_power_caps(a, &warm, &suspend);
	if (r)
		return failed("system power attributes", r);
	printf("  shutdown cold-reset%s%s\n", warm ? " warm-reset" : "",
	       suspend ? " suspend" : "");
}

int tool_info(int argc, char **argv)
{
	static const struct option opts[] = {
		TOOL_DEV_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tool_dev_opts o = TOOL_DEV_OPTS_INIT;
	struct tool_dev d;
	uint8_t ids[256];
	size_t n, i;
	int c, r;

	c = tool_getopt(argc, argv, opts, help, &o, &r);
	if (c < 0)
		return r;
	if (c > 0)
		return tool_bad_option('?', argv);
	if (optind < argc) {
		tool_err("unexpected '%s'", argv[optind]);
		return TOOL_EXIT_USAGE;
	}
	if (tool_dev_open(&o, &d))
		return TOOL_EXIT_FAIL;
	base(d.agent, ids, sizeof(ids), &n);
	for (i = 0; i < n; i++) {
		switch (ids[i]) {
		case SCMI_VIO_PROTO_POWER:
			power(d.agent);
			break;
		case SCMI_VIO_PROTO_SYSTEM:
			system_power(d.agent);
			break;
		case SCMI_VIO_PROTO_PERF:
			perf(d.agent);
			break;
		case SCMI_VIO_PROTO_CLOCK:
			clocks(d.agent);
			break;
		case SCMI_VIO_PROTO_SENSOR:
			sensors(d.agent);
			break;
		case SCMI_VIO_PROTO_RESET:
			resets(d.agent);
			break;
		case SCMI_VIO_PROTO_VOLTAGE:
			voltage(d.agent);
			break;
		}
	}
	tool_dev_close(&d);
	return n ? 0 : TOOL_EXIT_FAIL;
}
