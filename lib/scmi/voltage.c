// SPDX-License-Identifier: BSD-3-Clause
/*
 * Voltage domain management protocol client (DEN0056 3.2 section 4.9).
 */
#include <errno.h>

#include "common/byteorder.h"
#include "scmi/proto.h"
#include <scmi_vio/scmi_voltage.h>

#define VOLT SCMI_VIO_PROTO_VOLTAGE

int scmi_vio_voltage_count(struct scmi_vio_agent *a, unsigned int *n_domains)
{
	return scmi_vio__resource_count(a, VOLT, n_domains);
}

int scmi_vio_voltage_domain_attributes(struct scmi_vio_agent *a, uint32_t id,
				       struct scmi_vio_voltage_attrs *out)
{
	struct sv_reply r;
	uint32_t v;
	int ret;

	ret = scmi_vio__words_cmd(a, VOLT, SCMI_VIO_VOLTAGE_DOMAIN_ATTRIBUTES,
				  &id, 1, &r, 0);
	if (ret)
		return ret;
	if (!scmi_vio__word(&r, 0, &v))
		return -EPROTO;
	out->async = v & SCMI_VIO_VOLTAGE_ATTR_ASYNC;
	out->extended_name = v & SCMI_VIO_VOLTAGE_ATTR_EXT_NAME;
	return scmi_vio__name(r.buf, r.len, 4, out->name);
}

int scmi_vio_voltage_domain_name_get(struct scmi_vio_agent *a, uint32_t id,
				     char name[SV_EXT_NAME_LEN])
{
	return scmi_vio__ext_name_cmd(a, VOLT, SCMI_VIO_VOLTAGE_DOMAIN_NAME_GET,
				      id, name);
}

struct levels_ctx {
	int32_t *levels;
	bool *linear;
};

static int levels_flags(void *ctx, uint32_t flags, uint32_t returned,
			uint32_t remaining, size_t index)
{
	bool linear = flags & SCMI_VIO_VOLTAGE_LEVELS_LINEAR;
	struct levels_ctx *c = ctx;

	/* A segment comes whole in the first page; a list never turns into
	 * one halfway through. */
	if (index && linear != *c->linear)
		return -EPROTO;
	*c->linear = linear;
	if (linear && (returned != 3 || remaining || index))
		return -EPROTO;
	return 0;
}

static int levels_entry(void *ctx, size_t i, const uint8_t *p)
{
	struct levels_ctx *c = ctx;

	c->levels[i] = (int32_t)sv_get_le32(p);
	/* Discrete levels ascend strictly; a segment is checked whole. */
	if (!*c->linear && i && c->levels[i] <= c->levels[i - 1])
		return -EPROTO;
	return 0;
}

int scmi_vio_voltage_describe_levels(struct scmi_vio_agent *a, uint32_t id,
				     int32_t *levels, size_t cap, size_t *n,
				     bool *linear)
{
	struct levels_ctx ctx = { levels, linear };
	const struct sv_pager pg = {
		.proto = VOLT,
		.msg_id = SCMI_VIO_VOLTAGE_DESCRIBE_LEVELS,
		.w = { id, 0 },
		.nw = 2,
		.count_mask = 0xfff,
		.esz = 4,
		.cap = cap,
		.flags_check = levels_flags,
		.entry = levels_entry,
		.ctx = &ctx,
	};
	int ret;

	*linear = false;
	/* Also rejects a domain without levels (S-20: 0 returned, 0
	 * remaining on the first page). */
	ret = scmi_vio__paginate(a, &pg, n);
	if (ret)
		return ret;
	/* {lowest, highest, step}: a range, and a step that moves. */
	if (*linear && (levels[0] > levels[1] || levels[2] <= 0))
		return -EPROTO;
	return 0;
}

int scmi_vio_voltage_config_set(struct scmi_vio_agent *a, uint32_t id,
				uint32_t config)
{
	return scmi_vio__cmd2(a, VOLT, SCMI_VIO_VOLTAGE_CONFIG_SET, id, config);
}

int scmi_vio_voltage_config_get(struct scmi_vio_agent *a, uint32_t id,
				uint32_t *config)
{
	return scmi_vio__cmd_u32(a, VOLT, SCMI_VIO_VOLTAGE_CONFIG_GET, &id, 1,
				 config);
}

static int level_set(struct scmi_vio_agent *a, uint32_t id, int32_t uv,
		     uint32_t flags, int32_t *level_out)
{
	uint32_t w[3] = { id, flags, (uint32_t)uv };
	bool async = flags & SCMI_VIO_VOLTAGE_SET_ASYNC;
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, VOLT, SCMI_VIO_VOLTAGE_LEVEL_SET, w, 3, &r,
				  async ? SCMI_VIO_CMD_ASYNC : 0);
	if (ret || !async)
		return ret;
	/* VOLTAGE_LEVEL_SET_COMPLETE: domain id (ours, S-12), level. */
	if (r.dlen < 8 || sv_get_le32(r.dbuf) != id)
		return -EPROTO;
	if (level_out)
		*level_out = (int32_t)sv_get_le32(r.dbuf + 4);
	return 0;
}

int scmi_vio_voltage_level_set(struct scmi_vio_agent *a, uint32_t id,
			       int32_t level_uv)
{
	return level_set(a, id, level_uv, 0, NULL);
}

int scmi_vio_voltage_level_set_async(struct scmi_vio_agent *a, uint32_t id,
				     int32_t level_uv, int32_t *level_out)
{
	return level_set(a, id, level_uv, SCMI_VIO_VOLTAGE_SET_ASYNC,
			 level_out);
}

int scmi_vio_voltage_level_get(struct scmi_vio_agent *a, uint32_t id,
			       int32_t *level_uv)
{
	uint32_t v;
	int ret;

	ret = scmi_vio__cmd_u32(a, VOLT, SCMI_VIO_VOLTAGE_LEVEL_GET, &id, 1,
				&v);
	if (ret)
		return ret;
	*level_uv = (int32_t)v;
	return 0;
}
