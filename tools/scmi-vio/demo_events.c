// SPDX-License-Identifier: BSD-3-Clause
/*
 * Events for "scmi-vio watch --demo-events".  The simulated platform only
 * notifies when something changes, and nothing changes it but commands: so
 * this thread plays the rest of the system (another agent, a governor, a
 * thermal zone) and sends the platform commands of its own with
 * scmi_vio_platform_handle(), the platform's public request entry point,
 * plus scmi_vio_platform_system_power_notify() for a platform-initiated
 * shutdown request.  The platform notifies the watching agent exactly as
 * it would for its own commands; only enabled events are sent.
 *
 * Each step changes one kind of resource, in turn: a performance level,
 * performance limits, a power domain's state, a clock rate, a sensor
 * crossing a trip point, a reset, a system power request.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "common.h"
#include "demo_events.h"

struct tool_demo {
	struct scmi_vio_loopback *lb;
	struct scmi_vio_platform *plat;
	const struct scmi_vio_platform_config *cfg;
	unsigned int period_ms;
	pthread_t thread;
	pthread_mutex_t lock; /* protects stop */
	pthread_cond_t cond; /* signalled when stop is set */
	bool stop;
};

/*
 * Send one command of @n parameter words to the platform and return its
 * status (the first return word, for a reading, in *@ret0 if not NULL).
 */
static int32_t cmd(struct tool_demo *d, uint8_t proto, uint8_t msg,
		   const uint32_t *w, unsigned int n, uint32_t *ret)
{
	const struct scmi_vio_hdr h = { .id = msg, .protocol = proto };
	uint8_t req[4 + 4 * 8], resp[64];
	unsigned int i;
	int len;

	tool_put_le32(req, scmi_vio_hdr_pack(&h));
	for (i = 0; i < n; i++)
		tool_put_le32(req + 4 + 4 * i, w[i]);
	len = scmi_vio_platform_handle(d->plat, req, 4 + 4 * n, resp,
				       sizeof(resp));
	if (len < 8)
		return SCMI_VIO_GENERIC_ERROR;
	if (ret && len >= 16) {
		ret[0] = tool_get_le32(resp + 8);
		ret[1] = tool_get_le32(resp + 12);
	}
	return (int32_t)tool_get_le32(resp + 4);
}

static void perf_step(struct tool_demo *d, unsigned int k, bool limits)
{
	const struct scmi_vio_plat_perf *p;
	unsigned int i, n = d->cfg->n_perf;
	uint32_t w[3];

	for (i = 0; i < n; i++) {
		p = &d->cfg->perf[(k + i) % n];
		if (limits ? !p->set_limits : !p->set_level)
			continue;
		w[0] = (k + i) % n;
		if (limits) {
			/* max alternates between the top and the middle. */
			w[1] = p->levels[k % 2 ? p->n_levels - 1 :
						 p->n_levels / 2]
				       .level;
			w[2] = p->levels[0].level;
			(void)cmd(d, SCMI_VIO_PROTO_PERF,
				  SCMI_VIO_PERF_LIMITS_SET, w, 3, NULL);
		} else {
			w[1] = p->levels[k % p->n_levels].level;
			(void)cmd(d, SCMI_VIO_PROTO_PERF,
				  SCMI_VIO_PERF_LEVEL_SET, w, 2, NULL);
		}
		return;
	}
}

static void power_step(struct tool_demo *d, unsigned int k)
{
	unsigned int i, n = d->cfg->n_power;
	uint32_t w[3];

	for (i = 0; i < n; i++) {
		if (!d->cfg->power[(k + i) % n].sync)
			continue;
		w[0] = 0; /* synchronous */
		w[1] = (k + i) % n;
		w[2] = k / 7 % 2 ? SCMI_VIO_POWER_STATE_ON :
				   SCMI_VIO_POWER_STATE_OFF;
		(void)cmd(d, SCMI_VIO_PROTO_POWER, SCMI_VIO_POWER_STATE_SET, w,
			  3, NULL);
		return;
	}
}

static void clock_step(struct tool_demo *d, unsigned int k)
{
	const struct scmi_vio_plat_clock *c;
	uint32_t w[4];
	uint64_t rate;

	if (!d->cfg->n_clocks)
		return;
	c = &d->cfg->clocks[k % d->cfg->n_clocks];
	rate = c->rates[k % c->n_rates];
	w[0] = 0; /* synchronous, exact */
	w[1] = k % d->cfg->n_clocks;
	w[2] = (uint32_t)rate;
	w[3] = (uint32_t)(rate >> 32);
	(void)cmd(d, SCMI_VIO_PROTO_CLOCK, SCMI_VIO_CLOCK_RATE_SET, w, 4, NULL);
}

/*
 * Readings move by a fixed step per read (platform.h): put trip point 0
 * just above the current reading, both directions, and read again.
 */
static void sensor_step(struct tool_demo *d, unsigned int k)
{
	unsigned int i, n = d->cfg->n_sensors, id;
	uint32_t w[4], v[2];
	int64_t now;

	for (i = 0; i < n; i++) {
		id = (k + i) % n;
		if (!d->cfg->sensors[id].n_trips)
			continue;
		w[0] = id;
		w[1] = 0; /* synchronous */
		if (cmd(d, SCMI_VIO_PROTO_SENSOR, SCMI_VIO_SENSOR_READING_GET,
			w, 2, v) != SCMI_VIO_SUCCESS)
			return;
		now = (int64_t)((uint64_t)v[1] << 32 | v[0]);
		w[1] = 0u << SCMI_VIO_SENSOR_TRIP_ID_SHIFT |
		       SCMI_VIO_SENSOR_TRIP_MODE_MASK;
		w[2] = (uint32_t)(uint64_t)(now + 1);
		w[3] = (uint32_t)((uint64_t)(now + 1) >> 32);
		(void)cmd(d, SCMI_VIO_PROTO_SENSOR,
			  SCMI_VIO_SENSOR_TRIP_POINT_CONFIG, w, 4, NULL);
		w[1] = 0;
		(void)cmd(d, SCMI_VIO_PROTO_SENSOR, SCMI_VIO_SENSOR_READING_GET,
			  w, 2, NULL);
		return;
	}
}

static void reset_step(struct tool_demo *d, unsigned int k)
{
	uint32_t w[3];

	if (!d->cfg->n_resets)
		return;
	w[0] = k % d->cfg->n_resets;
	w[1] = SCMI_VIO_RESET_AUTONOMOUS;
	w[2] = SCMI_VIO_RESET_STATE_COLD;
	(void)cmd(d, SCMI_VIO_PROTO_RESET, SCMI_VIO_RESET, w, 3, NULL);
}

/* A platform-initiated request: "please shut down within a second". */
static void system_step(struct tool_demo *d)
{
	int r = scmi_vio_platform_system_power_notify(
		d->plat, SCMI_VIO_SYS_STATE_SHUTDOWN,
		SCMI_VIO_SYS_FLAG_GRACEFUL, 1000);

	/* -ENOTCONN until the agent asked for it, -ENOENT without the
	 * protocol: then there is nothing to send, and nothing to do. */
	(void)r;
}

static void step(struct tool_demo *d, unsigned int k)
{
	switch (k % 7) {
	case 0:
		perf_step(d, k, false);
		break;
	case 1:
		perf_step(d, k, true);
		break;
	case 2:
		power_step(d, k);
		break;
	case 3:
		clock_step(d, k);
		break;
	case 4:
		sensor_step(d, k);
		break;
	case 5:
		reset_step(d, k);
		break;
	case 6:
		system_step(d);
		break;
	}
	/* The device sends what the step queued when it next looks. */
	(void)scmi_vio_loopback_kick(d->lb);
}

static void *run(void *arg)
{
	struct tool_demo *d = arg;
	struct timespec until;
	unsigned int k = 0;

	pthread_mutex_lock(&d->lock);
	while (!d->stop) {
		pthread_mutex_unlock(&d->lock);
		step(d, k++);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)(d->period_ms % 1000) * 1000000;
		until.tv_sec +=
			d->period_ms / 1000 + until.tv_nsec / 1000000000;
		until.tv_nsec %= 1000000000;
		pthread_mutex_lock(&d->lock);
		while (!d->stop && pthread_cond_timedwait(&d->cond, &d->lock,
							  &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

int tool_demo_start(struct scmi_vio_loopback *lb,
		    const struct scmi_vio_platform_config *cfg,
		    unsigned int period_ms, struct tool_demo **out)
{
	struct tool_demo *d = calloc(1, sizeof(*d));
	int r;

	if (!d)
		return -ENOMEM;
	d->lb = lb;
	d->plat = scmi_vio_loopback_platform(lb);
	d->cfg = cfg;
	d->period_ms = period_ms;
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->cond, NULL);
	r = pthread_create(&d->thread, NULL, run, d);
	if (r) {
		pthread_cond_destroy(&d->cond);
		pthread_mutex_destroy(&d->lock);
		free(d);
		return -r;
	}
	*out = d;
	return 0;
}

void tool_demo_stop(struct tool_demo *d)
{
	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	d->stop = true;
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	pthread_cond_destroy(&d->cond);
	pthread_mutex_destroy(&d->lock);
	free(d);
}
