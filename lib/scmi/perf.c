// SPDX-License-Identifier: BSD-3-Clause
/*
 * Performance protocol client (docs/protocol.md section 9).
 */
#include <errno.h>

#include "common/byteorder.h"
#include "scmi/proto.h"
#include <scmi_vio/scmi_perf.h>

#define PERF SCMI_VIO_PROTO_PERF
#define LEVEL_SIZE 12
#define LEVEL_SIZE_V4 20 /* + indicative frequency, level index */
/* The newest Performance version this client parses (SCMI 3.2). */
#define PERF_VERSION_MAX 0x40000u

int scmi_vio_perf_count(struct scmi_vio_agent *a, unsigned int *n_domains)
{
	uint32_t v;
	int ret;

	ret = scmi_vio__cmd_u32(a, PERF, SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, NULL,
				0, &v);
	if (ret)
		return ret;
	*n_domains = v & 0xffff;
	return 0;
}

int scmi_vio_perf_domain_attributes(struct scmi_vio_agent *a, uint32_t domain,
				    struct scmi_vio_perf_domain *out)
{
	struct sv_reply r;
	uint32_t f;
	int ret;

	ret = scmi_vio__words_cmd(a, PERF, SCMI_VIO_PERF_DOMAIN_ATTRIBUTES,
				  &domain, 1, &r, 0);
	if (ret)
		return ret;
	if (r.len < 16 + SV_NAME_LEN)
		return -EPROTO;
	f = sv_get_le32(r.buf);
	out->set_limits = f >> 31 & 1;
	out->set_level = f >> 30 & 1;
	out->limit_notify = f >> 29 & 1;
	out->level_notify = f >> 28 & 1;
	out->rate_limit_us = sv_get_le32(r.buf + 4) & 0xfffff;
	out->sustained_freq_khz = sv_get_le32(r.buf + 8);
	out->sustained_level = sv_get_le32(r.buf + 12);
	return scmi_vio__name(r.buf, r.len, 16, out->name);
}

struct levels_ctx {
	struct scmi_vio_perf_level *out;
	bool v4;
};

static int level_entry(void *ctx, size_t i, const uint8_t *p)
{
	const struct levels_ctx *c = ctx;
	struct scmi_vio_perf_level *out = c->out;

	out[i].level = sv_get_le32(p);
	out[i].power = sv_get_le32(p + 4);
	out[i].latency_us = (uint16_t)(sv_get_le32(p + 8) & 0xffff);
	out[i].indicative_freq_khz = c->v4 ? sv_get_le32(p + 12) : 0;
	return 0;
}

int scmi_vio_perf_describe_levels(struct scmi_vio_agent *a, uint32_t domain,
				  struct scmi_vio_perf_level *out, size_t cap,
				  size_t *n)
{
	struct levels_ctx ctx = { out, false };
	struct sv_pager pg = {
		.proto = PERF,
		.msg_id = SCMI_VIO_PERF_DESCRIBE_LEVELS,
		.w = { domain, 0 },
		.nw = 2,
		.count_mask = 0xffff,
		.esz = LEVEL_SIZE,
		.cap = cap,
		.entry = level_entry,
		.ctx = &ctx,
	};
	uint32_t ver;
	int ret;

	ret = scmi_vio__proto_version(a, PERF, PERF_VERSION_MAX, &ver);
	if (ret)
		return ret;
	ctx.v4 = ver >= 0x40000;
	if (ctx.v4)
		pg.esz = LEVEL_SIZE_V4;
	return scmi_vio__paginate(a, &pg, n);
}

int scmi_vio_perf_limits_set(struct scmi_vio_agent *a, uint32_t domain,
			     uint32_t max, uint32_t min)
{
	uint32_t w[3] = { domain, max, min };
	struct sv_reply r;

	return scmi_vio__words_cmd(a, PERF, SCMI_VIO_PERF_LIMITS_SET, w, 3, &r,
				   0);
}

int scmi_vio_perf_limits_get(struct scmi_vio_agent *a, uint32_t domain,
			     uint32_t *max, uint32_t *min)
{
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, PERF, SCMI_VIO_PERF_LIMITS_GET, &domain, 1,
				  &r, 0);
	if (ret)
		return ret;
	if (!scmi_vio__word(&r, 0, max) || !scmi_vio__word(&r, 1, min))
		return -EPROTO;
	return 0;
}

int scmi_vio_perf_level_set(struct scmi_vio_agent *a, uint32_t domain,
			    uint32_t level)
{
	return scmi_vio__cmd2(a, PERF, SCMI_VIO_PERF_LEVEL_SET, domain, level);
}

int scmi_vio_perf_level_get(struct scmi_vio_agent *a, uint32_t domain,
			    uint32_t *level)
{
	return scmi_vio__cmd_u32(a, PERF, SCMI_VIO_PERF_LEVEL_GET, &domain, 1,
				 level);
}

static int perf_set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
			    uint32_t src, bool on)
{
	uint8_t id = evt == SCMI_VIO_PERF_LIMITS_CHANGED ?
			     SCMI_VIO_PERF_NOTIFY_LIMITS :
			     SCMI_VIO_PERF_NOTIFY_LEVEL;

	return scmi_vio__cmd2(a, PERF, id, src, on);
}

/* LIMITS_CHANGED: agent, domain, max, min.  LEVEL_CHANGED: agent, domain,
 * level. */
static int perf_parse(void *ctx, uint8_t evt, const void *payload, size_t len,
		      struct scmi_vio_notify_report *r)
{
	const uint8_t *p = payload;

	if (evt == SCMI_VIO_PERF_LIMITS_CHANGED) {
		if (len < 16)
			return -EPROTO;
		r->perf_limits.agent_id = sv_get_le32(p);
		r->perf_limits.domain_id = sv_get_le32(p + 4);
		r->perf_limits.range_max = sv_get_le32(p + 8);
		r->perf_limits.range_min = sv_get_le32(p + 12);
		r->src = r->perf_limits.domain_id;
		return 0;
	}
	if (len < 12)
		return -EPROTO;
	r->perf_level.agent_id = sv_get_le32(p);
	r->perf_level.domain_id = sv_get_le32(p + 4);
	r->perf_level.level = sv_get_le32(p + 8);
	r->src = r->perf_level.domain_id;
	return 0;
}

int scmi_vio_perf_register_events(struct scmi_vio_agent *a)
{
	static const struct scmi_vio_notify_event_desc evs[] = {
		{ SCMI_VIO_PERF_LIMITS_CHANGED, 16 },
		{ SCMI_VIO_PERF_LEVEL_CHANGED, 12 },
	};

	return scmi_vio__register_counted_events(a, PERF, evs, 2,
						 perf_set_enabled, perf_parse);
}
