// SPDX-License-Identifier: BSD-3-Clause
/*
 * Voltage domain management protocol server (0x17; DEN0056 3.2 section
 * 4.9).
 *
 * A domain offers discrete levels (paginated by VOLTAGE_DESCRIBE_LEVELS,
 * four bytes each) or one linear segment {lowest, highest, step} (a single
 * page, at index 0 only).  A first index at or past the end is
 * OUT_OF_RANGE, as SCP-firmware answers.  VOLTAGE_LEVEL_SET outside
 * [lowest, highest] is OUT_OF_RANGE, inside it but not a level the domain
 * has INVALID_PARAMETERS.  An asynchronous set on a domain that has it is
 * answered SUCCESS and completed by VOLTAGE_LEVEL_SET_COMPLETE {status,
 * domain id, level}, queued before the level changes (a full outbox
 * answers BUSY).  CONFIG_SET takes the architectural modes ON (0x7) and
 * OFF (0x0); anything else is INVALID_PARAMETERS.  No notifications.
 *
 * Order of checks: parameter length (PROTOCOL_ERROR), domain id
 * (NOT_FOUND), flags and modes (INVALID_PARAMETERS), what the domain
 * supports (NOT_SUPPORTED), then the values.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform_internal.h"
#include <scmi_vio/scmi_wire.h>

struct vd {
	struct plat_ext_name name;
	int32_t *levels; /* NULL: the linear segment */
	unsigned int n_levels;
	int32_t min_uv, max_uv, step_uv;
	int32_t level_uv;
	uint32_t config;
	bool async;
};

struct voltage {
	unsigned int n;
	struct vd d[];
};

/* Parameter checks, then the domain named by parameter 0 (else NULL). */
static int32_t vd_get(struct voltage *v, const struct scmi_vio_plat_msg *m,
		      unsigned int nparams, struct vd **d)
{
	uint32_t id;
	int32_t st = plat_resource(m, nparams, v->n, &id);

	*d = st == SCMI_VIO_SUCCESS ? &v->d[id] : NULL;
	return st;
}

static int32_t volt_attributes_proto(struct scmi_vio_platform *plat,
				     struct scmi_vio_plat_msg *m, void *arg)
{
	struct voltage *v = arg;

	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	return plat_reply_word(m, v->n);
}

static int32_t volt_domain_attributes(struct scmi_vio_platform *plat,
				      struct scmi_vio_plat_msg *m, void *arg)
{
	struct vd *d;
	int32_t st;

	st = vd_get(arg, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (!plat_fits(m, 4 + SCMI_VIO_PLAT_NAME_LEN))
		return SCMI_VIO_COMMS_ERROR;
	/* Every Voltage version we serve (2.1) has extended names. */
	plat_put(m, (scmi_vio_platform_p2a(plat) && d->async ?
			     SCMI_VIO_VOLTAGE_ATTR_ASYNC :
			     0) |
			    (d->name.extended ? SCMI_VIO_VOLTAGE_ATTR_EXT_NAME :
						0));
	plat_put_name(m, d->name.short_name);
	return SCMI_VIO_SUCCESS;
}

static int32_t volt_describe_levels(struct scmi_vio_platform *plat,
				    struct scmi_vio_plat_msg *m, void *arg)
{
	unsigned int n, i;
	uint32_t index;
	struct vd *d;
	int32_t st;

	st = vd_get(arg, m, 2, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	index = plat_param(m, 1);
	if (!d->levels) {
		if (index)
			return SCMI_VIO_OUT_OF_RANGE;
		if (!plat_fits(m, 16))
			return SCMI_VIO_COMMS_ERROR;
		plat_put(m, 3 | SCMI_VIO_VOLTAGE_LEVELS_LINEAR);
		plat_put(m, (uint32_t)d->min_uv);
		plat_put(m, (uint32_t)d->max_uv);
		plat_put(m, (uint32_t)d->step_uv);
		return SCMI_VIO_SUCCESS;
	}
	if (index >= d->n_levels)
		return SCMI_VIO_OUT_OF_RANGE;
	st = plat_page_begin(m, index, d->n_levels, 4, &n);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	for (i = 0; i < n; i++)
		plat_put(m, (uint32_t)d->levels[index + i]);
	return SCMI_VIO_SUCCESS;
}

static int32_t volt_config_set(struct scmi_vio_platform *plat,
			       struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t config;
	struct vd *d;
	int32_t st;

	st = vd_get(arg, m, 2, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	config = plat_param(m, 1);
	if (config != SCMI_VIO_VOLTAGE_CONFIG_ON &&
	    config != SCMI_VIO_VOLTAGE_CONFIG_OFF)
		return SCMI_VIO_INVALID_PARAMETERS;
	d->config = config;
	return SCMI_VIO_SUCCESS;
}

static int32_t volt_config_get(struct scmi_vio_platform *plat,
			       struct scmi_vio_plat_msg *m, void *arg)
{
	struct vd *d;
	int32_t st;

	st = vd_get(arg, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	return plat_reply_word(m, d->config);
}

/* Is @uv a level of @d?  OUT_OF_RANGE, INVALID_PARAMETERS or SUCCESS. */
static int32_t level_check(const struct vd *d, int32_t uv)
{
	unsigned int i;

	if (d->levels) {
		if (uv < d->levels[0] || uv > d->levels[d->n_levels - 1])
			return SCMI_VIO_OUT_OF_RANGE;
		for (i = 0; i < d->n_levels; i++)
			if (d->levels[i] == uv)
				return SCMI_VIO_SUCCESS;
		return SCMI_VIO_INVALID_PARAMETERS;
	}
	if (uv < d->min_uv || uv > d->max_uv)
		return SCMI_VIO_OUT_OF_RANGE;
	/* In 64 bits: max - min may not fit an int32_t. */
	return ((int64_t)uv - d->min_uv) % d->step_uv ?
		       SCMI_VIO_INVALID_PARAMETERS :
		       SCMI_VIO_SUCCESS;
}

static int32_t volt_level_set(struct scmi_vio_platform *plat,
			      struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t id, flags, w[2];
	struct vd *d;
	int32_t st, uv;

	st = vd_get(arg, m, 3, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	id = plat_param(m, 0);
	flags = plat_param(m, 1);
	uv = (int32_t)plat_param(m, 2);
	if (flags & ~SCMI_VIO_VOLTAGE_SET_ASYNC)
		return SCMI_VIO_INVALID_PARAMETERS;
	if (flags & SCMI_VIO_VOLTAGE_SET_ASYNC &&
	    (!scmi_vio_platform_p2a(plat) || !d->async))
		return SCMI_VIO_NOT_SUPPORTED;
	st = level_check(d, uv);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (flags & SCMI_VIO_VOLTAGE_SET_ASYNC) {
		w[0] = id;
		w[1] = (uint32_t)uv;
		/* Only the outbox bounds sets in flight. */
		st = __scmi_vio__plat_delayed_words(plat, m, UINT_MAX, w, 2);
		if (st != SCMI_VIO_SUCCESS)
			return st;
	}
	d->level_uv = uv;
	return SCMI_VIO_SUCCESS;
}

static int32_t volt_level_get(struct scmi_vio_platform *plat,
			      struct scmi_vio_plat_msg *m, void *arg)
{
	struct vd *d;
	int32_t st;

	st = vd_get(arg, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	return plat_reply_word(m, (uint32_t)d->level_uv);
}

static int32_t volt_domain_name_get(struct scmi_vio_platform *plat,
				    struct scmi_vio_plat_msg *m, void *arg)
{
	struct vd *d;
	int32_t st;

	st = vd_get(arg, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	return scmi_vio__plat_name_get(m, &d->name);
}

static const struct scmi_vio_plat_msg_desc volt_msgs[] = {
	{ SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, 0, 0, volt_attributes_proto },
	{ SCMI_VIO_VOLTAGE_DOMAIN_ATTRIBUTES, 0, 0, volt_domain_attributes },
	{ SCMI_VIO_VOLTAGE_DESCRIBE_LEVELS, 0, 0, volt_describe_levels },
	{ SCMI_VIO_VOLTAGE_CONFIG_SET, 0, 0, volt_config_set },
	{ SCMI_VIO_VOLTAGE_CONFIG_GET, 0, 0, volt_config_get },
	{ SCMI_VIO_VOLTAGE_LEVEL_SET, 0, 0, volt_level_set },
	{ SCMI_VIO_VOLTAGE_LEVEL_GET, 0, 0, volt_level_get },
	{ SCMI_VIO_VOLTAGE_DOMAIN_NAME_GET, 0, 0, volt_domain_name_get },
};

static void voltage_free(void *arg)
{
	struct voltage *v = arg;
	unsigned int i;

	for (i = 0; i < v->n; i++)
		free(v->d[i].levels);
	free(v);
}

static int vd_copy(struct vd *d, const struct scmi_vio_plat_voltage_domain *c)
{
	unsigned int i;

	if (c->levels) {
		if (!c->n_levels || c->n_levels > 0xfff)
			return -EINVAL;
		for (i = 1; i < c->n_levels; i++)
			if (c->levels[i] <= c->levels[i - 1])
				return -EINVAL;
		d->levels = malloc(c->n_levels * sizeof(*d->levels));
		if (!d->levels)
			return -ENOMEM;
		memcpy(d->levels, c->levels, c->n_levels * sizeof(*d->levels));
		d->n_levels = c->n_levels;
	} else if (c->min_uv >= c->max_uv || c->step_uv <= 0) {
		return -EINVAL;
	}
	d->min_uv = c->min_uv;
	d->max_uv = c->max_uv;
	d->step_uv = c->step_uv;
	if (level_check(d, c->level_uv) != SCMI_VIO_SUCCESS)
		return -EINVAL;
	d->level_uv = c->level_uv;
	d->config = c->on ? SCMI_VIO_VOLTAGE_CONFIG_ON :
			    SCMI_VIO_VOLTAGE_CONFIG_OFF;
	d->async = c->async;
	return scmi_vio__plat_ext_name(&d->name, c->name);
}

#define VOLT_MSGS                                       \
	(PLAT_MSG(SCMI_VIO_VOLTAGE_DOMAIN_ATTRIBUTES) | \
	 PLAT_MSG(SCMI_VIO_VOLTAGE_DESCRIBE_LEVELS) |   \
	 PLAT_MSG(SCMI_VIO_VOLTAGE_CONFIG_SET) |        \
	 PLAT_MSG(SCMI_VIO_VOLTAGE_CONFIG_GET) |        \
	 PLAT_MSG(SCMI_VIO_VOLTAGE_LEVEL_SET) |         \
	 PLAT_MSG(SCMI_VIO_VOLTAGE_LEVEL_GET) |         \
	 PLAT_MSG(SCMI_VIO_VOLTAGE_DOMAIN_NAME_GET))

/*
 * Voltage 2.1 (SCMI 3.2); SCMI 2.0 has no Voltage protocol (it came with
 * 3.0), so under that release it is not registered and Base does not list
 * it.
 */
static const struct plat_proto_rev volt_revs[SCMI_VIO_SCMI_NR_RELEASES] = {
	[SCMI_VIO_SCMI_2_0] = { 0, 0 },
	[SCMI_VIO_SCMI_3_2] = { 0x20001, PLAT_MSGS_CORE_3_2 | VOLT_MSGS },
};

int scmi_vio__voltage_register(struct scmi_vio_platform *plat,
			       const struct scmi_vio_platform_config *cfg)
{
	struct scmi_vio_plat_protocol_desc desc = {
		.id = SCMI_VIO_PROTO_VOLTAGE,
		.msgs = volt_msgs,
		.n_msgs = sizeof(volt_msgs) / sizeof(volt_msgs[0]),
	};
	struct voltage *v;
	unsigned int i;
	int ret;

	if (cfg->n_voltage > 0xffff)
		return -EINVAL;
	v = calloc(1, sizeof(*v) + cfg->n_voltage * sizeof(v->d[0]));
	if (!v)
		return -ENOMEM;
	v->n = cfg->n_voltage;
	for (i = 0; i < v->n; i++) {
		ret = vd_copy(&v->d[i], &cfg->voltage[i]);
		if (ret) {
			voltage_free(v);
			return ret;
		}
	}
	desc.arg = v;
	return scmi_vio__platform_register_state(plat, &desc, volt_revs,
						 voltage_free);
}
