// SPDX-License-Identifier: BSD-3-Clause
/*
 * Performance protocol server (0x13; docs/protocol.md section 9).
 *
 * A domain has an ascending list of levels, a current level and limits
 * [min, max] (initially the whole list).  Statuses (docs/protocol-statuses.md):
 *  - LEVEL_SET: DENIED if the domain does not allow it; OUT_OF_RANGE for a
 *    level outside the current limits or not one of the described levels
 *    (scmi-tests test_d014, SCP-firmware);
 *  - LIMITS_SET: DENIED if not allowed; INVALID_PARAMETERS for min > max;
 *    OUT_OF_RANGE when min is below the lowest level, max above the highest,
 *    or no level lies in [min, max].  The current level is moved into the
 *    new limits (to the nearest level inside them);
 *  - DESCRIBE_LEVELS at or past the count: INVALID_PARAMETERS (test_d007).
 * From version 4.0 (SCMI 3.2) a level entry also carries its indicative
 * frequency in kHz (level * sustained_freq / sustained_level, 0 without a
 * sustained level) and its index.
 * LIMITS_CHANGED follows every successful LIMITS_SET and LEVEL_CHANGED every
 * level change, when the agent enabled them for the domain.
 */
#include <errno.h>
#include <stdlib.h>

#include "platform/platform_internal.h"

#define LEVEL_ENTRY_BYTES 12
#define LEVEL_ENTRY_BYTES_V4 20

/* Parameter checks, then the domain named by parameter 0 (else NULL). */
static int32_t perf_get(struct scmi_vio_platform *plat,
			const struct scmi_vio_plat_msg *m, unsigned int nparams,
			struct plat_perf **d)
{
	uint32_t id;
	int32_t st = plat_resource(m, nparams, plat->n_perf, &id);

	*d = st == SCMI_VIO_SUCCESS ? &plat->perf[id] : NULL;
	return st;
}

static int32_t perf_attributes_proto(struct scmi_vio_platform *plat,
				     struct scmi_vio_plat_msg *m, void *arg)
{
	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	if (!plat_fits(m, 16))
		return SCMI_VIO_COMMS_ERROR;
	/* u16 domains, u16 flags (none); no statistics region. */
	plat_put(m, plat->n_perf);
	plat_put(m, 0);
	plat_put(m, 0);
	plat_put(m, 0);
	return SCMI_VIO_SUCCESS;
}

static int32_t perf_domain_attributes(struct scmi_vio_platform *plat,
				      struct scmi_vio_plat_msg *m, void *arg)
{
	struct plat_perf *d;
	uint32_t flags = 0;
	int32_t st;

	st = perf_get(plat, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (!plat_fits(m, 16 + SCMI_VIO_PLAT_NAME_LEN))
		return SCMI_VIO_COMMS_ERROR;
	if (d->cfg.set_limits)
		flags |= SCMI_VIO_PERF_ATTR_SET_LIMITS;
	if (d->cfg.set_level)
		flags |= SCMI_VIO_PERF_ATTR_SET_LEVEL;
	if (plat->p2a)
		flags |= SCMI_VIO_PERF_ATTR_LIMITS_NOTIFY |
			 SCMI_VIO_PERF_ATTR_LEVEL_NOTIFY;
	plat_put(m, flags);
	plat_put(m, d->cfg.rate_limit_us);
	plat_put(m, d->cfg.sustained_freq_khz);
	plat_put(m, d->cfg.sustained_level);
	plat_put_name(m, d->name);
	return SCMI_VIO_SUCCESS;
}

static int32_t perf_describe_levels(struct scmi_vio_platform *plat,
				    struct scmi_vio_plat_msg *m, void *arg)
{
	bool v4 = scmi_vio__plat_version(plat, SCMI_VIO_PROTO_PERF) >= 0x40000;
	const struct scmi_vio_plat_perf_level *l;
	struct plat_perf *d;
	unsigned int n, i, total;
	uint32_t index;
	int32_t st;

	st = perf_get(plat, m, 2, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	total = d->cfg.n_levels;
	index = plat_param(m, 1);
	if (index >= total)
		return SCMI_VIO_INVALID_PARAMETERS;
	st = plat_page_begin(m, index, total,
			     v4 ? LEVEL_ENTRY_BYTES_V4 : LEVEL_ENTRY_BYTES, &n);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	for (i = 0; i < n; i++) {
		l = &d->levels[index + i];
		plat_put(m, l->level);
		plat_put(m, l->power);
		plat_put(m, l->latency_us);
		if (!v4)
			continue;
		plat_put(m, d->cfg.sustained_level ?
				    (uint32_t)((uint64_t)l->level *
					       d->cfg.sustained_freq_khz /
					       d->cfg.sustained_level) :
				    0);
		plat_put(m, index + i);
	}
	return SCMI_VIO_SUCCESS;
}

static void perf_notify_level(struct scmi_vio_platform *plat, uint32_t id)
{
	const struct plat_perf *d = &plat->perf[id];
	const uint32_t w[2] = { id, d->level };

	if (d->notify_level)
		__scmi_vio__plat_notify_words(plat, SCMI_VIO_PROTO_PERF,
					      SCMI_VIO_PERF_LEVEL_CHANGED, id,
					      w, 2);
}

static void perf_notify_limits(struct scmi_vio_platform *plat, uint32_t id)
{
	const struct plat_perf *d = &plat->perf[id];
	const uint32_t w[3] = { id, d->max, d->min };

	if (d->notify_limits)
		__scmi_vio__plat_notify_words(plat, SCMI_VIO_PROTO_PERF,
					      SCMI_VIO_PERF_LIMITS_CHANGED, id,
					      w, 3);
}

/* Index of the first level >= @v, or n_levels. */
static unsigned int level_at_or_above(const struct plat_perf *d, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < d->cfg.n_levels && d->levels[i].level < v; i++)
		;
	return i;
}

static int32_t perf_limits_set(struct scmi_vio_platform *plat,
			       struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t id, max, min, old;
	struct plat_perf *d;
	unsigned int lo, hi;
	int32_t st;

	st = perf_get(plat, m, 3, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (!d->cfg.set_limits)
		return SCMI_VIO_DENIED;
	id = plat_param(m, 0);
	max = plat_param(m, 1);
	min = plat_param(m, 2);
	if (min > max)
		return SCMI_VIO_INVALID_PARAMETERS;
	if (min < d->levels[0].level ||
	    max > d->levels[d->cfg.n_levels - 1].level)
		return SCMI_VIO_OUT_OF_RANGE;
	/* levels[lo]: the lowest >= min; levels[hi]: the highest <= max. */
	lo = level_at_or_above(d, min);
	hi = level_at_or_above(d, max);
	if (d->levels[hi].level > max)
		hi--; /* hi > 0 here: levels[0] <= min <= max */
	if (lo > hi)
		return SCMI_VIO_OUT_OF_RANGE;
	d->max = max;
	d->min = min;
	old = d->level;
	if (d->level > max)
		d->level = d->levels[hi].level;
	else if (d->level < min)
		d->level = d->levels[lo].level;
	perf_notify_limits(plat, id);
	if (d->level != old)
		perf_notify_level(plat, id);
	return SCMI_VIO_SUCCESS;
}

static int32_t perf_limits_get(struct scmi_vio_platform *plat,
			       struct scmi_vio_plat_msg *m, void *arg)
{
	struct plat_perf *d;
	int32_t st;

	st = perf_get(plat, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (!plat_fits(m, 8))
		return SCMI_VIO_COMMS_ERROR;
	plat_put(m, d->max);
	plat_put(m, d->min);
	return SCMI_VIO_SUCCESS;
}

static int32_t perf_level_set(struct scmi_vio_platform *plat,
			      struct scmi_vio_plat_msg *m, void *arg)
{
	struct plat_perf *d;
	uint32_t level, old;
	unsigned int i;
	int32_t st;

	st = perf_get(plat, m, 2, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (!d->cfg.set_level)
		return SCMI_VIO_DENIED;
	level = plat_param(m, 1);
	i = level_at_or_above(d, level);
	if (level < d->min || level > d->max || i == d->cfg.n_levels ||
	    d->levels[i].level != level)
		return SCMI_VIO_OUT_OF_RANGE;
	old = d->level;
	d->level = level;
	if (old != level)
		perf_notify_level(plat, plat_param(m, 0));
	return SCMI_VIO_SUCCESS;
}

static int32_t perf_level_get(struct scmi_vio_platform *plat,
			      struct scmi_vio_plat_msg *m, void *arg)
{
	struct plat_perf *d;
	int32_t st;

	st = perf_get(plat, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (!plat_put(m, d->level))
		return SCMI_VIO_COMMS_ERROR;
	return SCMI_VIO_SUCCESS;
}

/* NOTIFY_LIMITS and NOTIFY_LEVEL: {domain, enable}. */
static int32_t perf_notify_cmd(struct scmi_vio_platform *plat,
			       struct scmi_vio_plat_msg *m, bool level)
{
	struct plat_perf *d;
	int32_t st;
	bool on;

	st = perf_get(plat, m, 2, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	st = plat_enable_param(m, 1, &on);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (level)
		d->notify_level = on;
	else
		d->notify_limits = on;
	return SCMI_VIO_SUCCESS;
}

static int32_t perf_notify_limits_cmd(struct scmi_vio_platform *plat,
				      struct scmi_vio_plat_msg *m, void *arg)
{
	return perf_notify_cmd(plat, m, false);
}

static int32_t perf_notify_level_cmd(struct scmi_vio_platform *plat,
				     struct scmi_vio_plat_msg *m, void *arg)
{
	return perf_notify_cmd(plat, m, true);
}

static const struct scmi_vio_plat_msg_desc perf_msgs[] = {
	{ SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, 0, 0, perf_attributes_proto },
	{ SCMI_VIO_PERF_DOMAIN_ATTRIBUTES, 0, 0, perf_domain_attributes },
	{ SCMI_VIO_PERF_DESCRIBE_LEVELS, 0, 0, perf_describe_levels },
	{ SCMI_VIO_PERF_LIMITS_SET, 0, 0, perf_limits_set },
	{ SCMI_VIO_PERF_LIMITS_GET, 0, 0, perf_limits_get },
	{ SCMI_VIO_PERF_LEVEL_SET, 0, 0, perf_level_set },
	{ SCMI_VIO_PERF_LEVEL_GET, 0, 0, perf_level_get },
	{ SCMI_VIO_PERF_NOTIFY_LIMITS, SCMI_VIO_PLAT_MSG_P2A, 0,
	  perf_notify_limits_cmd },
	{ SCMI_VIO_PERF_NOTIFY_LEVEL, SCMI_VIO_PLAT_MSG_P2A, 0,
	  perf_notify_level_cmd },
};

static int perf_copy(struct plat_perf *d, const struct scmi_vio_plat_perf *c)
{
	unsigned int i;

	if (!c->n_levels || c->n_levels > 0xffff || !c->levels ||
	    c->level_index >= c->n_levels || c->rate_limit_us >= 1u << 20)
		return -EINVAL;
	for (i = 1; i < c->n_levels; i++)
		if (c->levels[i].level <= c->levels[i - 1].level)
			return -EINVAL;
	d->levels = malloc(c->n_levels * sizeof(*d->levels));
	if (!d->levels)
		return -ENOMEM;
	memcpy(d->levels, c->levels, c->n_levels * sizeof(*d->levels));
	d->cfg = *c;
	d->cfg.name = NULL;
	d->cfg.levels = NULL;
	d->level = c->levels[c->level_index].level;
	d->min = c->levels[0].level;
	d->max = c->levels[c->n_levels - 1].level;
	return scmi_vio__plat_name(d->name, c->name);
}

#define PERF_MSGS                                    \
	(PLAT_MSG(SCMI_VIO_PERF_DOMAIN_ATTRIBUTES) | \
	 PLAT_MSG(SCMI_VIO_PERF_DESCRIBE_LEVELS) |   \
	 PLAT_MSG(SCMI_VIO_PERF_LIMITS_SET) |        \
	 PLAT_MSG(SCMI_VIO_PERF_LIMITS_GET) |        \
	 PLAT_MSG(SCMI_VIO_PERF_LEVEL_SET) |         \
	 PLAT_MSG(SCMI_VIO_PERF_LEVEL_GET) |         \
	 PLAT_MSG(SCMI_VIO_PERF_NOTIFY_LIMITS) |     \
	 PLAT_MSG(SCMI_VIO_PERF_NOTIFY_LEVEL))

/* Performance 2.0 (SCMI 2.0) and 4.0 (SCMI 3.2); no FastChannels. */
static const struct plat_proto_rev perf_revs[SCMI_VIO_SCMI_NR_RELEASES] = {
	[SCMI_VIO_SCMI_2_0] = { 0x20000, PLAT_MSGS_CORE | PERF_MSGS },
	[SCMI_VIO_SCMI_3_2] = { 0x40000, PLAT_MSGS_CORE_3_2 | PERF_MSGS },
};

int scmi_vio__perf_register(struct scmi_vio_platform *plat,
			    const struct scmi_vio_platform_config *cfg)
{
	const struct scmi_vio_plat_protocol_desc desc = {
		.id = SCMI_VIO_PROTO_PERF,
		.msgs = perf_msgs,
		.n_msgs = sizeof(perf_msgs) / sizeof(perf_msgs[0]),
	};
	unsigned int i;
	int ret;

	if (cfg->n_perf > 0xffff)
		return -EINVAL;
	plat->perf = calloc(cfg->n_perf, sizeof(*plat->perf));
	if (!plat->perf)
		return -ENOMEM;
	plat->n_perf = cfg->n_perf;
	for (i = 0; i < cfg->n_perf; i++) {
		ret = perf_copy(&plat->perf[i], &cfg->perf[i]);
		if (ret)
			return ret;
	}
	return scmi_vio__platform_register_revs(plat, &desc, perf_revs);
}
