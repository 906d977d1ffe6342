// SPDX-License-Identifier: BSD-3-Clause
/*
 * Sensor protocol client (docs/protocol.md section 8).
 */
#include <errno.h>

#include "common/byteorder.h"
#include "scmi/proto.h"
#include <scmi_vio/scmi_sensor.h>

#define SNS SCMI_VIO_PROTO_SENSOR
#define DESC_SIZE (12 + SV_NAME_LEN)

int scmi_vio_sensor_count(struct scmi_vio_agent *a, unsigned int *n_sensors)
{
	uint32_t v;
	int ret;

	ret = scmi_vio__cmd_u32(a, SNS, SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, NULL,
				0, &v);
	if (ret)
		return ret;
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

static int desc_entry(void *ctx, size_t i, const uint8_t *p)
{
	return parse_desc(p, DESC_SIZE, (struct scmi_vio_sensor_desc *)ctx + i);
}

int scmi_vio_sensor_describe(struct scmi_vio_agent *a,
			     struct scmi_vio_sensor_desc *out, size_t cap,
			     size_t *n)
{
	struct sv_pager pg = {
		.proto = SNS,
		.msg_id = SCMI_VIO_SENSOR_DESCRIPTION_GET,
		.nw = 1,
		.count_mask = 0xfff,
		.esz = DESC_SIZE,
		.cap = cap,
		.counted = true,
		.entry = desc_entry,
		.ctx = out,
	};
	unsigned int count;
	int ret;

	/* S-20: the descriptions must add up to the sensor count. */
	ret = scmi_vio_sensor_count(a, &count);
	if (ret)
		return ret;
	if (!count) {
		*n = 0;
		return 0;
	}
	pg.count = count;
	return scmi_vio__paginate(a, &pg, n);
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
	return scmi_vio__cmd2(a, SNS, SCMI_VIO_SENSOR_TRIP_POINT_NOTIFY, id,
			      enable);
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

	return scmi_vio__register_counted_events(
		a, SNS, evs, 1, sensor_set_enabled, sensor_parse);
}
