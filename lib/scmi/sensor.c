// SPDX-License-Identifier: BSD-3-Clause
/*
 * Sensor protocol client (PROTOCOL.md section 8).
 */
#include <errno.h>

#include "common/byteorder.h"
#include "scmi/proto.h"
#include <scmi_vio/scmi_sensor.h>

#define SNS SCMI_VIO_PROTO_SENSOR
#define DESC_SIZE (12 + SV_NAME_LEN)

int scmi_vio_sensor_count(struct scmi_vio_agent *a, unsigned int *n_sensors)
{
	struct sv_reply r;
	uint32_t v;
	int ret;

	ret = scmi_vio__words_cmd(a, SNS, SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES,
				  NULL, 0, &r, 0);
	if (ret)
		return ret;
	if (!scmi_vio__word(&r, 0, &v))
		return -EPROTO;
	*n_sensors = v & 0xffff;
	return 0;
}

static int parse_desc(const uint8_t *p, size_t len,
		      struct scmi_vio_sensor_desc *d)
{
	uint32_t lo = sv_get_le32(p + 4), hi = sv_get_le32(p + 8);

	d->id = sv_get_le32(p);
	d->async_read = lo >> 31;
	d->n_trip_points = lo & 0xff;
	d->type = (uint8_t)(hi & 0xff);
	/* [15:11] is a 5-bit two's-complement exponent. */
	d->scale = (int8_t)((hi >> 11 & 0x1f) ^ 0x10) - 0x10;
	return scmi_vio__name(p, len, 12, d->name);
}

int scmi_vio_sensor_describe(struct scmi_vio_agent *a,
			     struct scmi_vio_sensor_desc *out, size_t cap,
			     size_t *n)
{
	struct sv_page pg = { SIZE_MAX };
	uint32_t idx = 0, flags, ret_n, remaining, i;
	struct sv_reply r;
	int ret;

	do {
		ret = scmi_vio__words_cmd(a, SNS,
					  SCMI_VIO_SENSOR_DESCRIPTION_GET, &idx,
					  1, &r, 0);
		if (ret)
			return ret;
		if (!scmi_vio__word(&r, 0, &flags))
			return -EPROTO;
		ret_n = flags & 0xfff;
		remaining = flags >> 16;
		ret = scmi_vio__page_check(&pg, idx, ret_n, remaining,
					   r.len - 4, DESC_SIZE);
		if (ret)
			return ret;
		if (pg.total > cap)
			return -ENOSPC;
		for (i = 0; i < ret_n; i++) {
			ret = parse_desc(r.buf + 4 + DESC_SIZE * i, DESC_SIZE,
					 &out[idx + i]);
			if (ret)
				return ret;
		}
		idx += ret_n;
	} while (idx < pg.total);
	*n = idx;
	return 0;
}

static int64_t value_at(const uint8_t *p)
{
	return (int64_t)((uint64_t)sv_get_le32(p + 4) << 32 | sv_get_le32(p));
}

int scmi_vio_sensor_reading_get(struct scmi_vio_agent *a, uint32_t id,
				int64_t *value)
{
	uint32_t w[2] = { id, 0 };
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, SNS, SCMI_VIO_SENSOR_READING_GET, w, 2, &r,
				  0);
	if (ret)
		return ret;
	if (r.len < 8)
		return -EPROTO;
	*value = value_at(r.buf);
	return 0;
}

int scmi_vio_sensor_reading_get_async(struct scmi_vio_agent *a, uint32_t id,
				      int64_t *value)
{
	uint32_t w[2] = { id, SCMI_VIO_SENSOR_READ_ASYNC };
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, SNS, SCMI_VIO_SENSOR_READING_GET, w, 2, &r,
				  SCMI_VIO_CMD_ASYNC);
	if (ret)
		return ret;
	/* Delayed response: sensor id, value lo, value hi. */
	if (r.dlen < 12 || sv_get_le32(r.dbuf) != id)
		return -EPROTO;
	*value = value_at(r.dbuf + 4);
	return 0;
}

int scmi_vio_sensor_trip_point_config(struct scmi_vio_agent *a, uint32_t id,
				      uint8_t trip_id, unsigned int mode,
				      int64_t value)
{
	uint32_t w[4] = { id, (uint32_t)trip_id << 4 | mode, (uint32_t)value,
			  (uint32_t)((uint64_t)value >> 32) };
	struct sv_reply r;

	if (mode > SCMI_VIO_TRIP_BOTH)
		return -EINVAL;
	return scmi_vio__words_cmd(a, SNS, SCMI_VIO_SENSOR_TRIP_POINT_CONFIG, w,
				   4, &r, 0);
}

int scmi_vio_sensor_trip_point_notify(struct scmi_vio_agent *a, uint32_t id,
				      bool enable)
{
	uint32_t w[2] = { id, enable };
	struct sv_reply r;

	return scmi_vio__words_cmd(a, SNS, SCMI_VIO_SENSOR_TRIP_POINT_NOTIFY, w,
				   2, &r, 0);
}

static int sensor_set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
			      uint32_t src, bool on)
{
	return scmi_vio_sensor_trip_point_notify(a, src, on);
}

/* TRIP_POINT_EVENT: agent id, sensor id, trip point description. */
static int sensor_parse(void *ctx, uint8_t evt, const void *payload, size_t len,
			struct scmi_vio_notify_report *r)
{
	const uint8_t *p = payload;

	if (len < 12)
		return -EPROTO;
	r->sensor_trip.agent_id = sv_get_le32(p);
	r->sensor_trip.sensor_id = sv_get_le32(p + 4);
	r->sensor_trip.trip_point_desc = sv_get_le32(p + 8);
	r->src = r->sensor_trip.sensor_id;
	return 0;
}

int scmi_vio_sensor_register_events(struct scmi_vio_agent *a)
{
	static const struct scmi_vio_notify_event_desc evs[] = {
		{ SCMI_VIO_SENSOR_TRIP_POINT_EVENT, 12 },
	};
	unsigned int n;
	int ret;

	ret = scmi_vio_sensor_count(a, &n);
	if (ret)
		return ret;
	return scmi_vio__register_events(a, SNS, evs, 1, n, sensor_set_enabled,
					 sensor_parse);
}
