// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi-vio watch: subscribe to every notification the platform offers and
 * print each, decoded, on one line, until Ctrl-C, --count or --seconds.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "demo_events.h"

static const char help[] =
	"usage: scmi-vio watch [OPTIONS] [DEVICE OPTIONS]\n"
	"Subscribe to every notification the platform offers and print one\n"
	"line per notification until Ctrl-C.\n"
	"  --count N       stop after N notifications\n"
	"  --seconds S     stop after S seconds\n"
	"  --demo-events   make the in-process platform change its resources\n"
	"                  (levels, limits, power states, rates, sensor trip\n"
	"                  points, resets, a shutdown request) so it notifies\n"
	"  --period-ms N   time between --demo-events changes (default 50)\n";

/* One notification per key; every source of each. */
static const struct {
	uint8_t proto, event;
	const char *name;
} events[] = {
	{ SCMI_VIO_PROTO_BASE, SCMI_VIO_BASE_ERROR_EVENT, "ERROR_EVENT" },
	{ SCMI_VIO_PROTO_POWER, SCMI_VIO_POWER_STATE_CHANGED,
	  "POWER_STATE_CHANGED" },
	{ SCMI_VIO_PROTO_POWER, SCMI_VIO_POWER_STATE_CHANGE_REQUESTED,
	  "POWER_STATE_CHANGE_REQUESTED" },
	{ SCMI_VIO_PROTO_SYSTEM, SCMI_VIO_SYS_POWER_STATE_NOTIFIER,
	  "SYSTEM_POWER_STATE_NOTIFIER" },
	{ SCMI_VIO_PROTO_PERF, SCMI_VIO_PERF_LIMITS_CHANGED,
	  "PERFORMANCE_LIMITS_CHANGED" },
	{ SCMI_VIO_PROTO_PERF, SCMI_VIO_PERF_LEVEL_CHANGED,
	  "PERFORMANCE_LEVEL_CHANGED" },
	{ SCMI_VIO_PROTO_CLOCK, SCMI_VIO_CLOCK_RATE_CHANGED,
	  "CLOCK_RATE_CHANGED" },
	{ SCMI_VIO_PROTO_CLOCK, SCMI_VIO_CLOCK_RATE_CHANGE_REQUESTED,
	  "CLOCK_RATE_CHANGE_REQUESTED" },
	{ SCMI_VIO_PROTO_SENSOR, SCMI_VIO_SENSOR_TRIP_POINT_EVENT,
	  "SENSOR_TRIP_POINT_EVENT" },
	{ SCMI_VIO_PROTO_RESET, SCMI_VIO_RESET_ISSUED, "RESET_ISSUED" },
};

#define N_EVENTS (sizeof(events) / sizeof(events[0]))

/* Shared by the dispatcher threads (callbacks) and main. */
static struct {
	pthread_mutex_t lock; /* protects the fields below and stdout */
	pthread_cond_t cond; /* signalled when count reaches limit */
	uint64_t count, limit; /* limit 0: none */
	uint64_t start_ns;
} w = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* The decoded fields of @r after its name. */
static void print_fields(const struct scmi_vio_notify_report *r)
{
	unsigned int i;

	switch (r->protocol) {
	case SCMI_VIO_PROTO_BASE:
		printf(" agent=%" PRIu32 " fatal=%d reports=%u",
		       r->base_error.agent_id, r->base_error.fatal,
		       r->base_error.count);
		for (i = 0; i < r->base_error.count; i++)
			printf("%s0x%" PRIx64, i ? "," : " ",
			       r->base_error.reports[i]);
		break;
	case SCMI_VIO_PROTO_POWER:
		printf(" agent=%" PRIu32 " domain=%" PRIu32
		       " state=0x%08" PRIx32,
		       r->power_state.agent_id, r->power_state.domain_id,
		       r->power_state.state);
		break;
	case SCMI_VIO_PROTO_SYSTEM:
		printf(" agent=%" PRIu32 " state=0x%" PRIx32 " graceful=%d"
		       " timeout_ms=%" PRIu32,
		       r->system_power.agent_id, r->system_power.state,
		       (int)(r->system_power.flags &
			     SCMI_VIO_SYS_FLAG_GRACEFUL),
		       r->system_power.timeout_ms);
		break;
	case SCMI_VIO_PROTO_PERF:
		if (r->event == SCMI_VIO_PERF_LIMITS_CHANGED)
			printf(" agent=%" PRIu32 " domain=%" PRIu32
			       " max=%" PRIu32 " min=%" PRIu32,
			       r->perf_limits.agent_id,
			       r->perf_limits.domain_id,
			       r->perf_limits.range_max,
			       r->perf_limits.range_min);
		else
			printf(" agent=%" PRIu32 " domain=%" PRIu32
			       " level=%" PRIu32,
			       r->perf_level.agent_id, r->perf_level.domain_id,
			       r->perf_level.level);
		break;
	case SCMI_VIO_PROTO_CLOCK:
		printf(" agent=%" PRIu32 " clock=%" PRIu32 " rate=%" PRIu64,
		       r->clock_rate.agent_id, r->clock_rate.clock_id,
		       r->clock_rate.rate);
		break;
	case SCMI_VIO_PROTO_SENSOR:
		printf(" agent=%" PRIu32 " sensor=%" PRIu32 " trip=%" PRIu32
		       " %s",
		       r->sensor_trip.agent_id, r->sensor_trip.sensor_id,
		       r->sensor_trip.trip_point_desc >>
				       SCMI_VIO_SENSOR_TRIP_ID_SHIFT &
			       SCMI_VIO_SENSOR_TRIP_ID_MASK,
		       r->sensor_trip.trip_point_desc &
				       SCMI_VIO_SENSOR_TRIP_EV_UP ?
			       "up" :
			       "down");
		break;
	case SCMI_VIO_PROTO_RESET:
		printf(" agent=%" PRIu32 " domain=%" PRIu32 " state=0x%" PRIx32,
		       r->reset_issued.agent_id, r->reset_issued.domain_id,
		       r->reset_issued.reset_state);
		break;
	}
}

static void on_event(const struct scmi_vio_notify_report *r, void *arg)
{
	const char *name = arg;
	uint64_t t;

	pthread_mutex_lock(&w.lock);
	if (!w.limit || w.count < w.limit) {
		t = r->timestamp_ns - w.start_ns;
		printf("%" PRIu64 ".%06" PRIu64 " %s %s", t / 1000000000u,
		       t / 1000u % 1000000u, tool_proto_name(r->protocol),
		       name);
		print_fields(r);
		printf("\n");
		fflush(stdout);
		if (++w.count == w.limit)
			pthread_cond_signal(&w.cond);
	}
	pthread_mutex_unlock(&w.lock);
}

/* register_events of each protocol this tool decodes. */
static int register_events(struct scmi_vio_agent *a, uint8_t proto)
{
	switch (proto) {
	case SCMI_VIO_PROTO_BASE:
		return scmi_vio_base_register_events(a);
	case SCMI_VIO_PROTO_POWER:
		return scmi_vio_power_register_events(a);
	case SCMI_VIO_PROTO_SYSTEM:
		return scmi_vio_system_power_register_events(a);
	case SCMI_VIO_PROTO_PERF:
		return scmi_vio_perf_register_events(a);
	case SCMI_VIO_PROTO_CLOCK:
		return scmi_vio_clock_register_events(a);
	case SCMI_VIO_PROTO_SENSOR:
		return scmi_vio_sensor_register_events(a);
	case SCMI_VIO_PROTO_RESET:
		return scmi_vio_reset_register_events(a);
	}
	return -ENOENT;
}

/*
 * Subscribe to every event of every protocol the platform lists; an event
 * the platform refuses is reported and left out.  Return how many keys
 * are subscribed.
 */
static unsigned int subscribe_all(struct scmi_vio_agent *a,
				  struct scmi_vio_notify_sub **subs)
{
	uint8_t ids[256];
	unsigned int k, got = 0;
	size_t n, i;
	bool listed;
	int r;

	r = scmi_vio_base_list_protocols(a, ids, sizeof(ids) - 1, &n);
	if (r) {
		tool_err("list protocols: %s", strerror(-r));
		return 0;
	}
	ids[n++] = SCMI_VIO_PROTO_BASE;
	for (i = 0; i < n; i++) {
		if (register_events(a, ids[i]))
			continue;
		for (k = 0; k < N_EVENTS; k++) {
			if (events[k].proto != ids[i])
				continue;
			r = scmi_vio_notify_subscribe(
				a, events[k].proto, events[k].event,
				SCMI_VIO_NOTIFY_ALL_SRC, on_event,
				(void *)events[k].name, &subs[k]);
			if (r) {
				subs[k] = NULL;
				tool_err("%s: not offered (%s)", events[k].name,
					 strerror(-r));
				continue;
			}
			got++;
		}
	}
	for (k = 0, listed = false; k < N_EVENTS; k++)
		listed |= subs[k] != NULL;
	return listed ? got : 0;
}

/* Wait for Ctrl-C, the count or the deadline (0: none). */
static void wait_end(uint64_t deadline_ns)
{
	struct timespec until;

	pthread_mutex_lock(&w.lock);
	while (!interrupted && (!w.limit || w.count < w.limit) &&
	       (!deadline_ns || tool_now_ns() < deadline_ns)) {
		/* Short slices: a signal does not wake a condition wait. */
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 50000000;
		until.tv_sec += until.tv_nsec / 1000000000;
		until.tv_nsec %= 1000000000;
		pthread_cond_timedwait(&w.cond, &w.lock, &until);
	}
	pthread_mutex_unlock(&w.lock);
}

int tool_watch(int argc, char **argv)
{
	static const struct option opts[] = {
		TOOL_DEV_OPTIONS,
		{ "count", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 's' },
		{ "demo-events", no_argument, NULL, 'd' },
		{ "period-ms", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct scmi_vio_notify_sub *subs[N_EVENTS] = { 0 };
	struct tool_dev_opts o = TOOL_DEV_OPTS_INIT;
	struct scmi_vio_platform_config dflt;
	uint64_t seconds = 0, period = 50;
	struct tool_demo *demo = NULL;
	struct sigaction sa;
	bool demo_events = false;
	struct tool_dev d;
	unsigned int k;
	int c, r;

	while ((c = tool_getopt(argc, argv, opts, help, &o, &r)) > 0) {
		switch (c) {
		case 'c':
			if (tool_parse_u64(optarg, UINT64_MAX, &w.limit) ||
			    !w.limit)
				return tool_bad_value("count", optarg, NULL);
			break;
		case 's':
			if (tool_parse_u64(optarg, 86400 * 365, &seconds) ||
			    !seconds)
				return tool_bad_value("seconds", optarg, NULL);
			break;
		case 'd':
			demo_events = true;
			break;
		case 'p':
			if (tool_parse_u64(optarg, 60000, &period) || !period)
				return tool_bad_value("period-ms", optarg,
						      "1..60000");
			break;
		}
	}
	if (c < 0)
		return r;
	if (optind < argc) {
		tool_err("unexpected '%s'", argv[optind]);
		return TOOL_EXIT_USAGE;
	}
	if (demo_events && o.kind != TOOL_DEV_LOOPBACK) {
		tool_err("--demo-events: needs the in-process platform");
		return TOOL_EXIT_USAGE;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (tool_dev_open(&o, &d))
		return TOOL_EXIT_FAIL;
	w.start_ns = tool_now_ns();
	if (!subscribe_all(d.agent, subs)) {
		tool_err("the platform offers no notification");
		r = TOOL_EXIT_FAIL;
		goto out;
	}
	if (demo_events) {
		scmi_vio_platform_config_default(&dflt);
		r = tool_demo_start(
			d.lb,
			d.cf ? scmi_vio_platform_config_file_get(d.cf) : &dflt,
			(unsigned int)period, &demo);
		if (r) {
			tool_err("--demo-events: %s", strerror(-r));
			r = TOOL_EXIT_FAIL;
			goto out;
		}
	}
	wait_end(seconds ? w.start_ns + seconds * 1000000000u : 0);
	tool_demo_stop(demo);
	r = 0;
out:
	for (k = 0; k < N_EVENTS; k++)
		if (subs[k])
			scmi_vio_notify_unsubscribe(d.agent, subs[k]);
	tool_dev_close(&d);
	return r;
}
