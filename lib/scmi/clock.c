// SPDX-License-Identifier: BSD-3-Clause
/*
 * Clock protocol client (docs/protocol.md section 7).
 */
#include <errno.h>

#include "common/byteorder.h"
#include "scmi/proto.h"
#include <scmi_vio/scmi_clock.h>

#define CLK SCMI_VIO_PROTO_CLOCK
/* The newest Clock version this client parses (SCMI 3.2). */
#define CLK_VERSION_MAX 0x30000u

int scmi_vio_clock_count(struct scmi_vio_agent *a, unsigned int *n_clocks,
			 unsigned int *max_async)
{
	uint32_t v;
	int ret;

	ret = scmi_vio__cmd_u32(a, CLK, SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, NULL,
				0, &v);
	if (ret)
		return ret;
	*n_clocks = v & 0xffff;
	*max_async = v >> 16 & 0xff;
	return 0;
}

int scmi_vio_clock_attributes(struct scmi_vio_agent *a, uint32_t id,
			      struct scmi_vio_clock_attrs *out)
{
	struct sv_reply r;
	uint32_t v, ver;
	int ret;

	ret = scmi_vio__proto_version(a, CLK, CLK_VERSION_MAX, &ver);
	if (ret)
		return ret;
	ret = scmi_vio__words_cmd(a, CLK, SCMI_VIO_CLOCK_ATTRIBUTES, &id, 1, &r,
				  0);
	if (ret)
		return ret;
	if (!scmi_vio__word(&r, 0, &v))
		return -EPROTO;
	out->enabled = v & 1;
	out->rate_change_requested_notify = v >> 30 & 1;
	out->rate_changed_notify = v >> 31 & 1;
	out->enable_latency_us = 0;
	/* clock_enable_latency follows the name from Clock 2.0 on. */
	if (ver >= 0x20000 && !scmi_vio__word(&r, 5, &out->enable_latency_us))
		return -EPROTO;
	return scmi_vio__name(r.buf, r.len, 4, out->name);
}

static uint64_t rate_at(const uint8_t *p)
{
	return (uint64_t)sv_get_le32(p + 4) << 32 | sv_get_le32(p);
}

struct rates_ctx {
	uint64_t *rates;
	bool *triplet;
};

static int rates_flags(void *ctx, uint32_t flags, uint32_t returned,
		       uint32_t remaining, size_t index)
{
	bool *triplet = ((struct rates_ctx *)ctx)->triplet;

	*triplet = flags >> 12 & 1;
	/* A triplet is {min, max, step}, all in one page. */
	if (*triplet && (returned != 3 || remaining || index))
		return -EPROTO;
	return 0;
}

static int rates_entry(void *ctx, size_t i, const uint8_t *p)
{
	((struct rates_ctx *)ctx)->rates[i] = rate_at(p);
	return 0;
}

int scmi_vio_clock_describe_rates(struct scmi_vio_agent *a, uint32_t id,
				  uint64_t *rates, size_t cap, size_t *n,
				  bool *triplet)
{
	struct rates_ctx ctx = { rates, triplet };
	const struct sv_pager pg = {
		.proto = CLK,
		.msg_id = SCMI_VIO_CLOCK_DESCRIBE_RATES,
		.w = { id, 0 },
		.nw = 2,
		.count_mask = 0xfff,
		.esz = 8,
		.cap = cap,
		.flags_check = rates_flags,
		.entry = rates_entry,
		.ctx = &ctx,
	};

	return scmi_vio__paginate(a, &pg, n);
}

int scmi_vio_clock_rate_get(struct scmi_vio_agent *a, uint32_t id,
			    uint64_t *rate)
{
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, CLK, SCMI_VIO_CLOCK_RATE_GET, &id, 1, &r,
				  0);
	if (ret)
		return ret;
	if (r.len < 8)
		return -EPROTO;
	*rate = rate_at(r.buf);
	return 0;
}

static int rate_set(struct scmi_vio_agent *a, uint32_t id, uint64_t rate,
		    uint32_t flags, uint64_t *rate_out)
{
	uint32_t w[4] = { flags, id, (uint32_t)rate, (uint32_t)(rate >> 32) };
	bool async = flags & SCMI_VIO_CLOCK_SET_ASYNC;
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, CLK, SCMI_VIO_CLOCK_RATE_SET, w, 4, &r,
				  async ? SCMI_VIO_CMD_ASYNC : 0);
	if (ret || !async)
		return ret;
	/* Delayed response: clock id, rate lo, rate hi; it must be for the
	 * clock we asked about (Linux checks the same). */
	if (r.dlen < 12 || sv_get_le32(r.dbuf) != id)
		return -EPROTO;
	if (rate_out)
		*rate_out = rate_at(r.dbuf + 4);
	return 0;
}

#define SET_FLAGS_OK \
	(SCMI_VIO_CLOCK_SET_ROUND_UP | SCMI_VIO_CLOCK_SET_ROUND_AUTO)

int scmi_vio_clock_rate_set(struct scmi_vio_agent *a, uint32_t id,
			    uint64_t rate, uint32_t flags)
{
	if (flags & ~SET_FLAGS_OK)
		return -EINVAL;
	return rate_set(a, id, rate, flags, NULL);
}

int scmi_vio_clock_rate_set_async(struct scmi_vio_agent *a, uint32_t id,
				  uint64_t rate, uint32_t flags,
				  uint64_t *rate_out)
{
	if (flags & ~SET_FLAGS_OK)
		return -EINVAL;
	return rate_set(a, id, rate, flags | SCMI_VIO_CLOCK_SET_ASYNC,
			rate_out);
}

int scmi_vio_clock_config_set(struct scmi_vio_agent *a, uint32_t id,
			      bool enable)
{
	/* From Clock 3.0: a third word, the OEM value (no OEM type: 0). */
	uint32_t w[3] = { id, enable, 0 }, ver;
	struct sv_reply r;
	int ret;

	ret = scmi_vio__proto_version(a, CLK, CLK_VERSION_MAX, &ver);
	if (ret)
		return ret;
	return scmi_vio__words_cmd(a, CLK, SCMI_VIO_CLOCK_CONFIG_SET, w,
				   ver >= 0x30000 ? 3 : 2, &r, 0);
}

static int clock_set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
			     uint32_t src, bool on)
{
	uint8_t id = evt == SCMI_VIO_CLOCK_RATE_CHANGED ?
			     SCMI_VIO_CLOCK_RATE_NOTIFY :
			     SCMI_VIO_CLOCK_RATE_CHANGE_REQUESTED_NOTIFY;

	return scmi_vio__cmd2(a, CLK, id, src, on);
}

/* RATE_CHANGED / RATE_CHANGE_REQUESTED: agent, clock, rate lo, rate hi. */
static int clock_parse(void *ctx, uint8_t evt, const void *payload, size_t len,
		       struct scmi_vio_notify_report *r)
{
	const uint8_t *p = payload;

	if (len < 16)
		return -EPROTO;
	r->clock_rate.agent_id = sv_get_le32(p);
	r->clock_rate.clock_id = sv_get_le32(p + 4);
	r->clock_rate.rate = rate_at(p + 8);
	r->src = r->clock_rate.clock_id;
	return 0;
}

int scmi_vio_clock_register_events(struct scmi_vio_agent *a)
{
	static const struct scmi_vio_notify_event_desc evs[] = {
		{ SCMI_VIO_CLOCK_RATE_CHANGED, 16 },
		{ SCMI_VIO_CLOCK_RATE_CHANGE_REQUESTED, 16 },
	};

	return scmi_vio__register_counted_events(
		a, CLK, evs, 2, clock_set_enabled, clock_parse);
}
