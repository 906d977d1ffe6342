// SPDX-License-Identifier: BSD-3-Clause
/*
 * Power domain management protocol server (0x11; DEN0056 3.2 section 4.3).
 *
 * Domains have the two generic states, ON and OFF (any other state is
 * INVALID_PARAMETERS).  POWER_STATE_SET has no delayed response in this
 * protocol: an asynchronous request is answered SUCCESS once accepted and
 * its completion is reported by POWER_STATE_CHANGED; the simulation
 * completes every request at once, so the only difference an agent sees
 * is which of the two forms a domain accepts (the other is NOT_SUPPORTED).
 * Every accepted request sends POWER_STATE_CHANGE_REQUESTED (the state
 * asked for), and a change of state POWER_STATE_CHANGED, to an agent that
 * enabled them.
 *
 * Order of checks in each command: parameter length (PROTOCOL_ERROR), the
 * values that do not depend on the domain (flags, state, enable: any
 * invalid one is INVALID_PARAMETERS, even for a domain that does not
 * exist), the domain id (NOT_FOUND), then the form of the request
 * (NOT_SUPPORTED).  Arm's compliance suite expects this order: it sends an
 * invalid state, or invalid notify flags, to the first domain id past the
 * end and wants INVALID_PARAMETERS.
 */
#include <errno.h>
#include <stdlib.h>

#include "platform/platform_internal.h"
#include <scmi_vio/scmi_wire.h>

struct pd {
	struct plat_ext_name name;
	uint32_t state;
	bool sync;
	bool async;
	bool notify_changed;
	bool notify_requested;
};

struct power {
	unsigned int n;
	struct pd d[];
};

static bool state_valid(uint32_t state)
{
	return state == SCMI_VIO_POWER_STATE_ON ||
	       state == SCMI_VIO_POWER_STATE_OFF;
}

/* The domain named by parameter @i, or NULL. */
static struct pd *pd_at(struct power *pw, const struct scmi_vio_plat_msg *m,
			unsigned int i)
{
	uint32_t id = plat_param(m, i);

	return id < pw->n ? &pw->d[id] : NULL;
}

/* Parameter checks, then the domain named by parameter 0 (else NULL). */
static int32_t pd_get(struct power *pw, const struct scmi_vio_plat_msg *m,
		      unsigned int nparams, struct pd **d)
{
	uint32_t id;
	int32_t st = plat_resource(m, nparams, pw->n, &id);

	*d = st == SCMI_VIO_SUCCESS ? &pw->d[id] : NULL;
	return st;
}

static int32_t power_attributes_proto(struct scmi_vio_platform *plat,
				      struct scmi_vio_plat_msg *m, void *arg)
{
	struct power *pw = arg;

	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	if (!plat_fits(m, 16))
		return SCMI_VIO_COMMS_ERROR;
	/* No statistics shared memory: address and length 0. */
	plat_put(m, pw->n);
	plat_put(m, 0);
	plat_put(m, 0);
	plat_put(m, 0);
	return SCMI_VIO_SUCCESS;
}

static int32_t power_domain_attributes(struct scmi_vio_platform *plat,
				       struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t attrs = 0;
	struct pd *d;
	int32_t st;

	st = pd_get(arg, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (!plat_fits(m, 4 + SCMI_VIO_PLAT_NAME_LEN))
		return SCMI_VIO_COMMS_ERROR;
	if (scmi_vio_platform_p2a(plat))
		attrs |= SCMI_VIO_POWER_ATTR_NOTIFY |
			 SCMI_VIO_POWER_ATTR_REQ_NOTIFY;
	if (d->async)
		attrs |= SCMI_VIO_POWER_ATTR_ASYNC;
	if (d->sync)
		attrs |= SCMI_VIO_POWER_ATTR_SYNC;
	if (d->name.extended &&
	    scmi_vio__plat_version(plat, SCMI_VIO_PROTO_POWER) >= 0x30000)
		attrs |= SCMI_VIO_POWER_ATTR_EXT_NAME;
	plat_put(m, attrs);
	plat_put_name(m, d->name.short_name);
	return SCMI_VIO_SUCCESS;
}

static int32_t power_state_set(struct scmi_vio_platform *plat,
			       struct scmi_vio_plat_msg *m, void *arg)
{
	struct power *pw = arg;
	uint32_t flags, state, id, w[2];
	struct pd *d;

	if (!plat_params_are(m, 3))
		return SCMI_VIO_PROTOCOL_ERROR;
	flags = plat_param(m, 0);
	id = plat_param(m, 1);
	state = plat_param(m, 2);
	if (flags & ~SCMI_VIO_POWER_SET_ASYNC || !state_valid(state))
		return SCMI_VIO_INVALID_PARAMETERS;
	d = pd_at(pw, m, 1);
	if (!d)
		return SCMI_VIO_NOT_FOUND;
	if (flags & SCMI_VIO_POWER_SET_ASYNC ? !d->async : !d->sync)
		return SCMI_VIO_NOT_SUPPORTED;
	w[0] = id;
	w[1] = state;
	if (d->notify_requested)
		__scmi_vio__plat_notify_words(
			plat, SCMI_VIO_PROTO_POWER,
			SCMI_VIO_POWER_STATE_CHANGE_REQUESTED, id, w, 2);
	if (d->state == state)
		return SCMI_VIO_SUCCESS;
	d->state = state;
	if (d->notify_changed)
		__scmi_vio__plat_notify_words(plat, SCMI_VIO_PROTO_POWER,
					      SCMI_VIO_POWER_STATE_CHANGED, id,
					      w, 2);
	return SCMI_VIO_SUCCESS;
}

static int32_t power_state_get(struct scmi_vio_platform *plat,
			       struct scmi_vio_plat_msg *m, void *arg)
{
	struct pd *d;
	int32_t st;

	st = pd_get(arg, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	return plat_reply_word(m, d->state);
}

/* POWER_STATE_NOTIFY and POWER_STATE_CHANGE_REQUESTED_NOTIFY. */
static int32_t power_notify_cmd(struct power *pw, struct scmi_vio_plat_msg *m,
				bool requested)
{
	struct pd *d;
	int32_t st;
	bool on;

	if (!plat_params_are(m, 2))
		return SCMI_VIO_PROTOCOL_ERROR;
	st = plat_enable_param(m, 1, &on);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	d = pd_at(pw, m, 0);
	if (!d)
		return SCMI_VIO_NOT_FOUND;
	if (requested)
		d->notify_requested = on;
	else
		d->notify_changed = on;
	return SCMI_VIO_SUCCESS;
}

static int32_t power_state_notify(struct scmi_vio_platform *plat,
				  struct scmi_vio_plat_msg *m, void *arg)
{
	return power_notify_cmd(arg, m, false);
}

static int32_t power_req_notify(struct scmi_vio_platform *plat,
				struct scmi_vio_plat_msg *m, void *arg)
{
	return power_notify_cmd(arg, m, true);
}

static int32_t power_domain_name_get(struct scmi_vio_platform *plat,
				     struct scmi_vio_plat_msg *m, void *arg)
{
	struct pd *d;
	int32_t st;

	st = pd_get(arg, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	return scmi_vio__plat_name_get(m, &d->name);
}

static const struct scmi_vio_plat_msg_desc power_msgs[] = {
	{ SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, 0, 0, power_attributes_proto },
	{ SCMI_VIO_POWER_DOMAIN_ATTRIBUTES, 0, 0, power_domain_attributes },
	{ SCMI_VIO_POWER_STATE_SET, 0, 0, power_state_set },
	{ SCMI_VIO_POWER_STATE_GET, 0, 0, power_state_get },
	{ SCMI_VIO_POWER_STATE_NOTIFY, SCMI_VIO_PLAT_MSG_P2A, 0,
	  power_state_notify },
	{ SCMI_VIO_POWER_STATE_CHANGE_REQUESTED_NOTIFY, SCMI_VIO_PLAT_MSG_P2A,
	  0, power_req_notify },
	{ SCMI_VIO_POWER_DOMAIN_NAME_GET, 0, 0, power_domain_name_get },
};

#define POWER_MSGS                                    \
	(PLAT_MSG(SCMI_VIO_POWER_DOMAIN_ATTRIBUTES) | \
	 PLAT_MSG(SCMI_VIO_POWER_STATE_SET) |         \
	 PLAT_MSG(SCMI_VIO_POWER_STATE_GET) |         \
	 PLAT_MSG(SCMI_VIO_POWER_STATE_NOTIFY) |      \
	 PLAT_MSG(SCMI_VIO_POWER_STATE_CHANGE_REQUESTED_NOTIFY))

/* Power domain 2.0 (SCMI 2.0) and 3.1 (SCMI 3.2, with extended names). */
static const struct plat_proto_rev power_revs[SCMI_VIO_SCMI_NR_RELEASES] = {
	[SCMI_VIO_SCMI_2_0] = { 0x20000, PLAT_MSGS_CORE | POWER_MSGS },
	[SCMI_VIO_SCMI_3_2] = { 0x30001,
				PLAT_MSGS_CORE_3_2 | POWER_MSGS |
					PLAT_MSG(
						SCMI_VIO_POWER_DOMAIN_NAME_GET) },
};

int scmi_vio__power_register(struct scmi_vio_platform *plat,
			     const struct scmi_vio_platform_config *cfg)
{
	struct scmi_vio_plat_protocol_desc desc = {
		.id = SCMI_VIO_PROTO_POWER,
		.msgs = power_msgs,
		.n_msgs = sizeof(power_msgs) / sizeof(power_msgs[0]),
	};
	const struct scmi_vio_plat_power_domain *c;
	struct power *pw;
	unsigned int i;

	if (cfg->n_power > 0xffff)
		return -EINVAL;
	pw = calloc(1, sizeof(*pw) + cfg->n_power * sizeof(pw->d[0]));
	if (!pw)
		return -ENOMEM;
	pw->n = cfg->n_power;
	for (i = 0; i < pw->n; i++) {
		c = &cfg->power[i];
		if (!state_valid(c->state) || (!c->sync && !c->async) ||
		    scmi_vio__plat_ext_name(&pw->d[i].name, c->name)) {
			free(pw);
			return -EINVAL;
		}
		pw->d[i].state = c->state;
		pw->d[i].sync = c->sync;
		pw->d[i].async = c->async;
	}
	desc.arg = pw;
	return scmi_vio__platform_register_state(plat, &desc, power_revs, free);
}
