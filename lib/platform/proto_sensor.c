// SPDX-License-Identifier: BSD-3-Clause
/*
 * Sensor protocol server (0x15; docs/protocol.md section 8).
 *
 * Values are deterministic: a sensor's n-th reading is
 * base + step * (n % period), whatever the time.  Each successful
 * READING_GET (sync or async) takes the next reading; a trip point whose
 * value the step from the previous reading to this one crossed (ascending:
 * prev < value <= new; descending: prev > value >= new), in a direction its
 * mode enables, sends TRIP_POINT_EVENT {agent, sensor, (trip id << 4) |
 * ascending} when the agent enabled trip notifications for that sensor.
 *
 * Descriptors use the 28-byte layout (no extended attributes, axes,
 * timestamps or update intervals).  A DESCRIPTION_GET first index at or past
 * the count is INVALID_PARAMETERS (scmi-tests test_m005, SCP-firmware).
 * From version 2.0 (SCMI 3.0) a reading is {value lo, hi, timestamp lo, hi}
 * (timestamp 0: not supported), in READING_GET's reply and after the sensor
 * id in its delayed response; 1.0 has only the value.
 */
#include <errno.h>
#include <stdlib.h>

#include "platform/platform_internal.h"

#define SENSOR_DESC_BYTES (12 + SCMI_VIO_PLAT_NAME_LEN)
#define TRIP_CONTROL_MASK                                                \
	(SCMI_VIO_SENSOR_TRIP_ID_MASK << SCMI_VIO_SENSOR_TRIP_ID_SHIFT | \
	 SCMI_VIO_SENSOR_TRIP_MODE_MASK)
#define TRIP_MODE_UP 1u
#define TRIP_MODE_DOWN 2u

/* Parameter checks, then the sensor named by parameter 0 (else NULL). */
static int32_t sensor_get(struct scmi_vio_platform *plat,
			  const struct scmi_vio_plat_msg *m,
			  unsigned int nparams, struct plat_sensor **s)
{
	uint32_t id;
	int32_t st = plat_resource(m, nparams, plat->n_sensors, &id);

	*s = st == SCMI_VIO_SUCCESS ? &plat->sensors[id] : NULL;
	return st;
}

static int32_t sensor_attributes_proto(struct scmi_vio_platform *plat,
				       struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t async = plat->p2a ? plat->sensor_max_async : 0;

	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	if (!plat_fits(m, 16))
		return SCMI_VIO_COMMS_ERROR;
	plat_put(m, plat->n_sensors | async << 16);
	/* No shared-memory statistics region: address and length 0. */
	plat_put(m, 0);
	plat_put(m, 0);
	plat_put(m, 0);
	return SCMI_VIO_SUCCESS;
}

static int32_t sensor_description_get(struct scmi_vio_platform *plat,
				      struct scmi_vio_plat_msg *m, void *arg)
{
	const struct plat_sensor *s;
	unsigned int n, i;
	uint32_t index, lo;
	int32_t st;

	if (!plat_params_are(m, 1))
		return SCMI_VIO_PROTOCOL_ERROR;
	index = plat_param(m, 0);
	if (index >= plat->n_sensors)
		return SCMI_VIO_INVALID_PARAMETERS;
	st = plat_page_begin(m, index, plat->n_sensors, SENSOR_DESC_BYTES, &n);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	for (i = 0; i < n; i++) {
		s = &plat->sensors[index + i];
		lo = s->cfg.n_trips;
		if (s->cfg.async && plat->p2a)
			lo |= SCMI_VIO_SENSOR_ATTR_ASYNC;
		plat_put(m, index + i);
		plat_put(m, lo);
		plat_put(m, s->cfg.type | ((uint32_t)s->cfg.scale & 0x1f)
						  << 11);
		plat_put_name(m, s->name);
	}
	return SCMI_VIO_SUCCESS;
}

static int32_t sensor_trip_notify(struct scmi_vio_platform *plat,
				  struct scmi_vio_plat_msg *m, void *arg)
{
	struct plat_sensor *s;
	int32_t st;
	bool on;

	st = sensor_get(plat, m, 2, &s);
	if (st == SCMI_VIO_SUCCESS)
		st = plat_enable_param(m, 1, &on);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	s->notify_trips = on;
	return SCMI_VIO_SUCCESS;
}

static int32_t sensor_trip_config(struct scmi_vio_platform *plat,
				  struct scmi_vio_plat_msg *m, void *arg)
{
	struct plat_sensor *s;
	uint32_t ctl, trip;
	int32_t st;

	st = sensor_get(plat, m, 4, &s);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	ctl = plat_param(m, 1);
	trip = ctl >> SCMI_VIO_SENSOR_TRIP_ID_SHIFT &
	       SCMI_VIO_SENSOR_TRIP_ID_MASK;
	if (ctl & ~TRIP_CONTROL_MASK || trip >= s->cfg.n_trips)
		return SCMI_VIO_INVALID_PARAMETERS;
	s->trips[trip].mode = ctl & SCMI_VIO_SENSOR_TRIP_MODE_MASK;
	s->trips[trip].value =
		(int64_t)((uint64_t)plat_param(m, 3) << 32 | plat_param(m, 2));
	return SCMI_VIO_SUCCESS;
}

/* The value of reading number @n (wrapping arithmetic, no overflow UB). */
static int64_t sensor_value(const struct plat_sensor *s, uint64_t n)
{
	uint64_t k = n % s->cfg.period;

	return (int64_t)((uint64_t)s->cfg.base + (uint64_t)s->cfg.step * k);
}

static void trip_check(struct scmi_vio_platform *plat, uint32_t id,
		       int64_t prev, int64_t now)
{
	struct plat_sensor *s = &plat->sensors[id];
	const struct plat_trip *t;
	uint32_t w[2];
	unsigned int i;
	bool up;

	for (i = 0; i < s->cfg.n_trips && s->notify_trips; i++) {
		t = &s->trips[i];
		if (prev < t->value && now >= t->value &&
		    t->mode & TRIP_MODE_UP)
			up = true;
		else if (prev > t->value && now <= t->value &&
			 t->mode & TRIP_MODE_DOWN)
			up = false;
		else
			continue;
		w[0] = id;
		w[1] = i << SCMI_VIO_SENSOR_TRIP_ID_SHIFT |
		       (up ? SCMI_VIO_SENSOR_TRIP_EV_UP : 0);
		__scmi_vio__plat_notify_words(plat, SCMI_VIO_PROTO_SENSOR,
					      SCMI_VIO_SENSOR_TRIP_POINT_EVENT,
					      id << 8 | i, w, 2);
	}
}

static int32_t sensor_reading_get(struct scmi_vio_platform *plat,
				  struct scmi_vio_plat_msg *m, void *arg)
{
	/* Readings with a timestamp word pair from Sensor 2.0. */
	unsigned int words =
		scmi_vio__plat_version(plat, SCMI_VIO_PROTO_SENSOR) >= 0x20000 ?
			4 :
			2;
	struct plat_sensor *s;
	uint32_t id, flags, d[5] = { 0 };
	int32_t st;
	int64_t v;

	st = sensor_get(plat, m, 2, &s);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	id = plat_param(m, 0);
	flags = plat_param(m, 1);
	if (flags & ~SCMI_VIO_SENSOR_READ_ASYNC)
		return SCMI_VIO_INVALID_PARAMETERS;
	v = sensor_value(s, s->readings);
	if (flags & SCMI_VIO_SENSOR_READ_ASYNC) {
		if (!plat->p2a || !s->cfg.async)
			return SCMI_VIO_NOT_SUPPORTED;
		d[0] = id;
		d[1] = (uint32_t)v;
		d[2] = (uint32_t)((uint64_t)v >> 32);
		st = __scmi_vio__plat_delayed_words(
			plat, m, plat->sensor_max_async, d, 1 + words);
		if (st != SCMI_VIO_SUCCESS)
			return st;
	} else {
		if (!plat_fits(m, 4 * (size_t)words))
			return SCMI_VIO_COMMS_ERROR;
		plat_put(m, (uint32_t)v);
		plat_put(m, (uint32_t)((uint64_t)v >> 32));
		if (words == 4) {
			plat_put(m, 0);
			plat_put(m, 0);
		}
	}
	s->readings++;
	trip_check(plat, id, s->last, v);
	s->last = v;
	return SCMI_VIO_SUCCESS;
}

static const struct scmi_vio_plat_msg_desc sensor_msgs[] = {
	{ SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, 0, 0, sensor_attributes_proto },
	{ SCMI_VIO_SENSOR_DESCRIPTION_GET, 0, 0, sensor_description_get },
	{ SCMI_VIO_SENSOR_TRIP_POINT_NOTIFY, SCMI_VIO_PLAT_MSG_P2A, 0,
	  sensor_trip_notify },
	{ SCMI_VIO_SENSOR_TRIP_POINT_CONFIG, 0, 0, sensor_trip_config },
	{ SCMI_VIO_SENSOR_READING_GET, 0, 0, sensor_reading_get },
};

#define SENSOR_MSGS                                    \
	(PLAT_MSG(SCMI_VIO_SENSOR_DESCRIPTION_GET) |   \
	 PLAT_MSG(SCMI_VIO_SENSOR_TRIP_POINT_NOTIFY) | \
	 PLAT_MSG(SCMI_VIO_SENSOR_TRIP_POINT_CONFIG) | \
	 PLAT_MSG(SCMI_VIO_SENSOR_READING_GET))

/*
 * Sensor 1.0 (SCMI 2.0) and 3.1 (SCMI 3.2); axes, update intervals,
 * sensor configuration and names are left out.
 */
static const struct plat_proto_rev sensor_revs[SCMI_VIO_SCMI_NR_RELEASES] = {
	[SCMI_VIO_SCMI_2_0] = { 0x10000, PLAT_MSGS_CORE | SENSOR_MSGS },
	[SCMI_VIO_SCMI_3_2] = { 0x30001, PLAT_MSGS_CORE_3_2 | SENSOR_MSGS },
};

int scmi_vio__sensor_register(struct scmi_vio_platform *plat,
			      const struct scmi_vio_platform_config *cfg)
{
	const struct scmi_vio_plat_protocol_desc desc = {
		.id = SCMI_VIO_PROTO_SENSOR,
		.msgs = sensor_msgs,
		.n_msgs = sizeof(sensor_msgs) / sizeof(sensor_msgs[0]),
	};
	const struct scmi_vio_plat_sensor *c;
	unsigned int i;
	int ret;

	if (cfg->n_sensors > 0xffff || !cfg->sensor_max_async ||
	    cfg->sensor_max_async > 0xff)
		return -EINVAL;
	plat->sensors = calloc(cfg->n_sensors, sizeof(*plat->sensors));
	if (!plat->sensors)
		return -ENOMEM;
	plat->n_sensors = cfg->n_sensors;
	plat->sensor_max_async = cfg->sensor_max_async;
	for (i = 0; i < cfg->n_sensors; i++) {
		c = &cfg->sensors[i];
		if (!c->period || c->n_trips > SCMI_VIO_PLAT_MAX_TRIPS ||
		    c->scale < -16 || c->scale > 15)
			return -EINVAL;
		ret = scmi_vio__plat_name(plat->sensors[i].name, c->name);
		if (ret)
			return ret;
		plat->sensors[i].cfg = *c;
		plat->sensors[i].cfg.name = NULL;
		plat->sensors[i].last = c->base;
	}
	return scmi_vio__platform_register_revs(plat, &desc, sensor_revs);
}
