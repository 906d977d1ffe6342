// SPDX-License-Identifier: BSD-3-Clause
/*
 * Clock protocol server (0x14; docs/protocol.md section 7).
 *
 * Clocks have discrete, ascending rate lists.  RATE_SET takes a rate inside
 * [lowest, highest]: an exact match, else rounded down (default), up (bit 2)
 * or to the nearest (bit 3); outside that range INVALID_PARAMETERS (a rate
 * the clock does not support; scmi-tests and SCP-firmware agree).  An async
 * RATE_SET is answered SUCCESS at once and completed by a delayed response
 * {status, clock id, rate lo, rate hi} unless bit 1 asks to skip it; at most
 * clock_max_async may wait in the outbox (more answer BUSY).  Every
 * successful RATE_SET sends RATE_CHANGE_REQUESTED (the rate asked for) and
 * RATE_CHANGED (the rate set) to an agent that enabled them.
 *
 * Order of checks in each command: parameter length (PROTOCOL_ERROR), clock
 * id (NOT_FOUND), reserved bits (INVALID_PARAMETERS), then the values.
 *
 * By version: 1.0 (SCMI 2.0) has no rate notifications, so CLOCK_ATTRIBUTES
 * sets no notification bits and has no clock_enable_latency; from 2.0 it
 * has both.  From 3.0 CONFIG_SET takes a third word (OEM value) and its
 * attributes [1:0] are 0 off, 1 on, 3 unchanged, [23:16] an OEM type (none
 * is supported).
 */
#include <errno.h>
#include <stdlib.h>

#include "platform/platform_internal.h"

#define CLOCK_SET_FLAGS                                              \
	(SCMI_VIO_CLOCK_SET_ASYNC | SCMI_VIO_CLOCK_SET_IGNORE_RESP | \
	 SCMI_VIO_CLOCK_SET_ROUND_UP | SCMI_VIO_CLOCK_SET_ROUND_AUTO)

/* CLOCK_CONFIG_GET, from Clock 3.0: flags [7:0] an OEM type to read. */
#define CLOCK_CONFIG_GET 0xb
#define CLOCK_CONFIG_GET_OEM_MASK 0xffu

/* CONFIG_SET attributes [1:0] from Clock 3.0. */
#define CLOCK_CONFIG_STATE_MASK 0x3u
#define CLOCK_CONFIG_STATE_RESERVED 0x2u
#define CLOCK_CONFIG_STATE_KEEP 0x3u

/* Parameter checks, then the clock named by parameter 0 (else NULL). */
static int32_t clock_get(struct scmi_vio_platform *plat,
			 const struct scmi_vio_plat_msg *m,
			 unsigned int nparams, struct plat_clock **c)
{
	uint32_t id;
	int32_t st = plat_resource(m, nparams, plat->n_clocks, &id);

	*c = st == SCMI_VIO_SUCCESS ? &plat->clocks[id] : NULL;
	return st;
}

static int32_t clock_attributes_proto(struct scmi_vio_platform *plat,
				      struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t async = plat->p2a ? plat->clock_max_async : 0;

	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	if (!plat_put(m, plat->n_clocks | async << 16))
		return SCMI_VIO_COMMS_ERROR;
	return SCMI_VIO_SUCCESS;
}

static int32_t clock_attributes(struct scmi_vio_platform *plat,
				struct scmi_vio_plat_msg *m, void *arg)
{
	struct plat_clock *c;
	uint32_t attrs;
	int32_t st;

	bool v2 = scmi_vio__plat_version(plat, SCMI_VIO_PROTO_CLOCK) >= 0x20000;

	st = clock_get(plat, m, 1, &c);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (!plat_fits(m, 4 + SCMI_VIO_PLAT_NAME_LEN + (v2 ? 4 : 0)))
		return SCMI_VIO_COMMS_ERROR;
	/* Each agent sees its own request (agents.c). */
	attrs = scmi_vio__clock_voted(plat, (unsigned int)(c - plat->clocks)) ?
			SCMI_VIO_CLOCK_ATTR_ENABLED :
			0;
	if (plat->p2a && v2)
		attrs |= SCMI_VIO_CLOCK_ATTR_RATE_NOTIFY |
			 SCMI_VIO_CLOCK_ATTR_RATE_REQ_NOTIFY;
	plat_put(m, attrs);
	plat_put_name(m, c->name);
	if (v2)
		plat_put(m, c->enable_latency_us);
	return SCMI_VIO_SUCCESS;
}

static int32_t clock_describe_rates(struct scmi_vio_platform *plat,
				    struct scmi_vio_plat_msg *m, void *arg)
{
	struct plat_clock *c;
	uint32_t index;
	unsigned int n, i;
	int32_t st;

	st = clock_get(plat, m, 2, &c);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	index = plat_param(m, 1);
	if (index >= c->n_rates)
		return SCMI_VIO_OUT_OF_RANGE;
	st = plat_page_begin(m, index, c->n_rates, 8, &n);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	for (i = 0; i < n; i++) {
		plat_put(m, (uint32_t)c->rates[index + i]);
		plat_put(m, (uint32_t)(c->rates[index + i] >> 32));
	}
	return SCMI_VIO_SUCCESS;
}

/* The rate index RATE_SET lands on, or -1 (outside the clock's range). */
static int pick_rate(const struct plat_clock *c, uint64_t rate, uint32_t flags)
{
	unsigned int i;

	if (rate < c->rates[0] || rate > c->rates[c->n_rates - 1])
		return -1;
	for (i = 0; c->rates[i] < rate; i++)
		;
	/* rates[i] >= rate > rates[i - 1] */
	if (c->rates[i] == rate || flags & SCMI_VIO_CLOCK_SET_ROUND_UP)
		return (int)i;
	if (flags & SCMI_VIO_CLOCK_SET_ROUND_AUTO &&
	    c->rates[i] - rate < rate - c->rates[i - 1])
		return (int)i;
	return (int)i - 1;
}

static void clock_notify(struct scmi_vio_platform *plat, uint8_t event,
			 uint32_t id, uint64_t rate)
{
	const uint32_t w[3] = { id, (uint32_t)rate, (uint32_t)(rate >> 32) };

	__scmi_vio__plat_notify_words(plat, SCMI_VIO_PROTO_CLOCK, event, id, w,
				      3);
}

static int32_t clock_rate_set(struct scmi_vio_platform *plat,
			      struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t flags, id, d[3];
	struct plat_clock *c;
	uint64_t rate;
	int32_t st;
	int idx;

	if (!plat_params_are(m, 4))
		return SCMI_VIO_PROTOCOL_ERROR;
	flags = plat_param(m, 0);
	id = plat_param(m, 1);
	if (id >= plat->n_clocks)
		return SCMI_VIO_NOT_FOUND;
	c = &plat->clocks[id];
	if (flags & ~CLOCK_SET_FLAGS)
		return SCMI_VIO_INVALID_PARAMETERS;
	if (flags & SCMI_VIO_CLOCK_SET_ASYNC && !plat->p2a)
		return SCMI_VIO_NOT_SUPPORTED;
	rate = (uint64_t)plat_param(m, 3) << 32 | plat_param(m, 2);
	idx = pick_rate(c, rate, flags);
	if (idx < 0)
		return SCMI_VIO_INVALID_PARAMETERS;
	if ((flags &
	     (SCMI_VIO_CLOCK_SET_ASYNC | SCMI_VIO_CLOCK_SET_IGNORE_RESP)) ==
	    SCMI_VIO_CLOCK_SET_ASYNC) {
		d[0] = id;
		d[1] = (uint32_t)c->rates[idx];
		d[2] = (uint32_t)(c->rates[idx] >> 32);
		st = __scmi_vio__plat_delayed_words(
			plat, m, plat->clock_max_async, d, 3);
		if (st != SCMI_VIO_SUCCESS)
			return st;
	}
	if (c->notify_requested)
		clock_notify(plat, SCMI_VIO_CLOCK_RATE_CHANGE_REQUESTED, id,
			     rate);
	c->rate_index = (unsigned int)idx;
	if (c->notify_changed)
		clock_notify(plat, SCMI_VIO_CLOCK_RATE_CHANGED, id,
			     c->rates[idx]);
	return SCMI_VIO_SUCCESS;
}

static int32_t clock_rate_get(struct scmi_vio_platform *plat,
			      struct scmi_vio_plat_msg *m, void *arg)
{
	struct plat_clock *c;
	uint64_t rate;
	int32_t st;

	st = clock_get(plat, m, 1, &c);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (!plat_fits(m, 8))
		return SCMI_VIO_COMMS_ERROR;
	rate = c->rates[c->rate_index];
	plat_put(m, (uint32_t)rate);
	plat_put(m, (uint32_t)(rate >> 32));
	return SCMI_VIO_SUCCESS;
}

static int32_t clock_config_set(struct scmi_vio_platform *plat,
				struct scmi_vio_plat_msg *m, void *arg)
{
	bool v3 = scmi_vio__plat_version(plat, SCMI_VIO_PROTO_CLOCK) >= 0x30000;
	struct plat_clock *c;
	uint32_t attrs;
	int32_t st;

	st = clock_get(plat, m, v3 ? 3 : 2, &c);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	attrs = plat_param(m, 1);
	if (!v3) {
		if (attrs & ~SCMI_VIO_CLOCK_CONFIG_ENABLE)
			return SCMI_VIO_INVALID_PARAMETERS;
		scmi_vio__clock_vote(plat, (unsigned int)(c - plat->clocks),
				     attrs & SCMI_VIO_CLOCK_CONFIG_ENABLE);
		return SCMI_VIO_SUCCESS;
	}
	/* No OEM configuration type is supported; state 2 is reserved. */
	if (attrs & ~CLOCK_CONFIG_STATE_MASK ||
	    (attrs & CLOCK_CONFIG_STATE_MASK) == CLOCK_CONFIG_STATE_RESERVED)
		return SCMI_VIO_INVALID_PARAMETERS;
	if ((attrs & CLOCK_CONFIG_STATE_MASK) != CLOCK_CONFIG_STATE_KEEP)
		scmi_vio__clock_vote(plat, (unsigned int)(c - plat->clocks),
				     attrs & SCMI_VIO_CLOCK_CONFIG_ENABLE);
	return SCMI_VIO_SUCCESS;
}

/*
 * CLOCK_CONFIG_GET {clock, flags}: attributes (none), config (bit 0
 * enabled), OEM value.  No OEM type is supported (as CONFIG_SET).
 */
static int32_t clock_config_get(struct scmi_vio_platform *plat,
				struct scmi_vio_plat_msg *m, void *arg)
{
	struct plat_clock *c;
	uint32_t flags;
	int32_t st;

	st = clock_get(plat, m, 2, &c);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	flags = plat_param(m, 1);
	if (flags)
		return SCMI_VIO_INVALID_PARAMETERS;
	if (!plat_fits(m, 12))
		return SCMI_VIO_COMMS_ERROR;
	plat_put(m, 0);
	/* The caller's own request, as CLOCK_ATTRIBUTES (agents.c). */
	plat_put(m,
		 scmi_vio__clock_voted(plat, (unsigned int)(c - plat->clocks)) ?
			 SCMI_VIO_CLOCK_CONFIG_ENABLE :
			 0);
	plat_put(m, 0);
	return SCMI_VIO_SUCCESS;
}

/* RATE_NOTIFY and RATE_CHANGE_REQUESTED_NOTIFY: {clock id, enable}. */
static int32_t clock_notify_cmd(struct scmi_vio_platform *plat,
				struct scmi_vio_plat_msg *m, bool requested)
{
	struct plat_clock *c;
	int32_t st;
	bool on;

	st = clock_get(plat, m, 2, &c);
	if (st == SCMI_VIO_SUCCESS)
		st = plat_enable_param(m, 1, &on);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (requested)
		c->notify_requested = on;
	else
		c->notify_changed = on;
	return SCMI_VIO_SUCCESS;
}

static int32_t clock_rate_notify(struct scmi_vio_platform *plat,
				 struct scmi_vio_plat_msg *m, void *arg)
{
	return clock_notify_cmd(plat, m, false);
}

static int32_t clock_rate_req_notify(struct scmi_vio_platform *plat,
				     struct scmi_vio_plat_msg *m, void *arg)
{
	return clock_notify_cmd(plat, m, true);
}

static const struct scmi_vio_plat_msg_desc clock_msgs[] = {
	{ SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, 0, 0, clock_attributes_proto },
	{ SCMI_VIO_CLOCK_ATTRIBUTES, 0, 0, clock_attributes },
	{ SCMI_VIO_CLOCK_DESCRIBE_RATES, 0, 0, clock_describe_rates },
	{ SCMI_VIO_CLOCK_RATE_SET, 0, 0, clock_rate_set },
	{ SCMI_VIO_CLOCK_RATE_GET, 0, 0, clock_rate_get },
	{ SCMI_VIO_CLOCK_CONFIG_SET, 0, 0, clock_config_set },
	{ CLOCK_CONFIG_GET, 0, 0, clock_config_get },
	{ SCMI_VIO_CLOCK_RATE_NOTIFY, SCMI_VIO_PLAT_MSG_P2A, 0,
	  clock_rate_notify },
	{ SCMI_VIO_CLOCK_RATE_CHANGE_REQUESTED_NOTIFY, SCMI_VIO_PLAT_MSG_P2A, 0,
	  clock_rate_req_notify },
};

static int clock_copy(struct plat_clock *c,
		      const struct scmi_vio_plat_clock *cc)
{
	unsigned int i;

	if (!cc->n_rates || cc->n_rates > 0xfff || !cc->rates ||
	    cc->rate_index >= cc->n_rates)
		return -EINVAL;
	for (i = 1; i < cc->n_rates; i++)
		if (cc->rates[i] <= cc->rates[i - 1])
			return -EINVAL;
	c->rates = malloc(cc->n_rates * sizeof(*c->rates));
	if (!c->rates)
		return -ENOMEM;
	memcpy(c->rates, cc->rates, cc->n_rates * sizeof(*c->rates));
	c->n_rates = cc->n_rates;
	c->rate_index = cc->rate_index;
	c->enabled = cc->enabled;
	c->enable_latency_us = cc->enable_latency_us;
	return scmi_vio__plat_name(c->name, cc->name);
}

#define CLOCK_MSGS_1_0                             \
	(PLAT_MSG(SCMI_VIO_CLOCK_ATTRIBUTES) |     \
	 PLAT_MSG(SCMI_VIO_CLOCK_DESCRIBE_RATES) | \
	 PLAT_MSG(SCMI_VIO_CLOCK_RATE_SET) |       \
	 PLAT_MSG(SCMI_VIO_CLOCK_RATE_GET) |       \
	 PLAT_MSG(SCMI_VIO_CLOCK_CONFIG_SET))

/*
 * Clock 1.0 (SCMI 2.0) and 3.0 (SCMI 3.2): the rate notifications came
 * with 2.0, CONFIG_GET with 3.0; names, parents and permissions are left
 * out.
 */
#define CLOCK_MSGS_3_0                                           \
	(CLOCK_MSGS_1_0 | PLAT_MSG(SCMI_VIO_CLOCK_RATE_NOTIFY) | \
	 PLAT_MSG(SCMI_VIO_CLOCK_RATE_CHANGE_REQUESTED_NOTIFY) | \
	 PLAT_MSG(CLOCK_CONFIG_GET))

static const struct plat_proto_rev clock_revs[SCMI_VIO_SCMI_NR_RELEASES] = {
	[SCMI_VIO_SCMI_2_0] = { 0x10000, PLAT_MSGS_CORE | CLOCK_MSGS_1_0 },
	[SCMI_VIO_SCMI_3_2] = { 0x30000, PLAT_MSGS_CORE_3_2 | CLOCK_MSGS_3_0 },
};

int scmi_vio__clock_register(struct scmi_vio_platform *plat,
			     const struct scmi_vio_platform_config *cfg)
{
	const struct scmi_vio_plat_protocol_desc desc = {
		.id = SCMI_VIO_PROTO_CLOCK,
		.msgs = clock_msgs,
		.n_msgs = sizeof(clock_msgs) / sizeof(clock_msgs[0]),
	};
	unsigned int i;
	int ret;

	if (cfg->n_clocks > 0xffff || !cfg->clock_max_async ||
	    cfg->clock_max_async > 0xff)
		return -EINVAL;
	plat->clocks = calloc(cfg->n_clocks, sizeof(*plat->clocks));
	if (!plat->clocks)
		return -ENOMEM;
	plat->n_clocks = cfg->n_clocks;
	plat->clock_max_async = cfg->clock_max_async;
	for (i = 0; i < cfg->n_clocks; i++) {
		ret = clock_copy(&plat->clocks[i], &cfg->clocks[i]);
		if (ret)
			return ret;
	}
	return scmi_vio__platform_register_revs(plat, &desc, clock_revs);
}
