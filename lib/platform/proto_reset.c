// SPDX-License-Identifier: BSD-3-Clause
/*
 * Reset domain management protocol server (0x16; DEN0056 3.2 section 4.8).
 *
 * RESET with the autonomous flag runs a whole reset cycle; without it, bit 1
 * asserts or de-asserts the reset explicitly (nothing reads the simulated
 * line back, so only the notification tells them apart).  The only reset
 * state is the architectural cold reset (0): other architectural types are
 * INVALID_PARAMETERS, vendor types NOT_SUPPORTED.  An asynchronous reset
 * (autonomous only; else INVALID_PARAMETERS) on a domain that has it is
 * answered SUCCESS and completed by the delayed response RESET_COMPLETE
 * {status, domain id}; the delayed response is queued before anything
 * changes, and a full outbox answers BUSY.  An autonomous reset or an
 * assert sends RESET_ISSUED {agent, domain, reset state} to an agent that
 * enabled it.
 *
 * Order of checks: parameter length (PROTOCOL_ERROR), domain id
 * (NOT_FOUND), flags (INVALID_PARAMETERS), the reset state, then what the
 * domain supports (NOT_SUPPORTED).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "platform/platform_internal.h"
#include <scmi_vio/scmi_wire.h>

#define RESET_FLAGS                                          \
	(SCMI_VIO_RESET_AUTONOMOUS | SCMI_VIO_RESET_ASSERT | \
	 SCMI_VIO_RESET_ASYNC)

struct rd {
	struct plat_ext_name name;
	uint32_t latency_us;
	bool async;
	bool notify_cap;
	bool notify; /* the agent enabled RESET_ISSUED */
};

struct resets {
	unsigned int n;
	struct rd d[];
};

/* Parameter checks, then the domain named by parameter 0 (else NULL). */
static int32_t rd_get(struct resets *rs, const struct scmi_vio_plat_msg *m,
		      unsigned int nparams, struct rd **d)
{
	uint32_t id;
	int32_t st = plat_resource(m, nparams, rs->n, &id);

	*d = st == SCMI_VIO_SUCCESS ? &rs->d[id] : NULL;
	return st;
}

static int32_t reset_attributes_proto(struct scmi_vio_platform *plat,
				      struct scmi_vio_plat_msg *m, void *arg)
{
	struct resets *rs = arg;

	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	return plat_reply_word(m, rs->n);
}

static int32_t reset_domain_attributes(struct scmi_vio_platform *plat,
				       struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t attrs = 0;
	struct rd *d;
	int32_t st;

	st = rd_get(arg, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (!plat_fits(m, 8 + SCMI_VIO_PLAT_NAME_LEN))
		return SCMI_VIO_COMMS_ERROR;
	/* Both need the P2A channel. */
	if (scmi_vio_platform_p2a(plat) && d->async)
		attrs |= SCMI_VIO_RESET_ATTR_ASYNC;
	if (scmi_vio_platform_p2a(plat) && d->notify_cap)
		attrs |= SCMI_VIO_RESET_ATTR_NOTIFY;
	if (d->name.extended &&
	    scmi_vio__plat_version(plat, SCMI_VIO_PROTO_RESET) >= 0x30000)
		attrs |= SCMI_VIO_RESET_ATTR_EXT_NAME;
	plat_put(m, attrs);
	plat_put(m, d->latency_us);
	plat_put_name(m, d->name.short_name);
	return SCMI_VIO_SUCCESS;
}

static int32_t reset_state_check(uint32_t state)
{
	if (state & SCMI_VIO_RESET_STATE_VENDOR)
		return SCMI_VIO_NOT_SUPPORTED;
	return state == SCMI_VIO_RESET_STATE_COLD ? SCMI_VIO_SUCCESS :
						    SCMI_VIO_INVALID_PARAMETERS;
}

static int32_t reset_reset(struct scmi_vio_platform *plat,
			   struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t id, flags, state, w[2];
	struct rd *d;
	int32_t st;

	st = rd_get(arg, m, 3, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	id = plat_param(m, 0);
	flags = plat_param(m, 1);
	state = plat_param(m, 2);
	if (flags & ~RESET_FLAGS || (flags & SCMI_VIO_RESET_ASYNC &&
				     !(flags & SCMI_VIO_RESET_AUTONOMOUS)))
		return SCMI_VIO_INVALID_PARAMETERS;
	st = reset_state_check(state);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (flags & SCMI_VIO_RESET_ASYNC) {
		if (!scmi_vio_platform_p2a(plat) || !d->async)
			return SCMI_VIO_NOT_SUPPORTED;
		/* Only the outbox bounds resets in flight. */
		st = __scmi_vio__plat_delayed_words(plat, m, UINT_MAX, &id, 1);
		if (st != SCMI_VIO_SUCCESS)
			return st;
	}
	/* A de-assert issues no reset. */
	if (d->notify &&
	    flags & (SCMI_VIO_RESET_AUTONOMOUS | SCMI_VIO_RESET_ASSERT)) {
		w[0] = id;
		w[1] = state;
		__scmi_vio__plat_notify_words(plat, SCMI_VIO_PROTO_RESET,
					      SCMI_VIO_RESET_ISSUED, id, w, 2);
	}
	return SCMI_VIO_SUCCESS;
}

static int32_t reset_notify(struct scmi_vio_platform *plat,
			    struct scmi_vio_plat_msg *m, void *arg)
{
	struct rd *d;
	int32_t st;
	bool on;

	st = rd_get(arg, m, 2, &d);
	if (st == SCMI_VIO_SUCCESS)
		st = plat_enable_param(m, 1, &on);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	if (!d->notify_cap)
		return SCMI_VIO_NOT_SUPPORTED;
	d->notify = on;
	return SCMI_VIO_SUCCESS;
}

static int32_t reset_domain_name_get(struct scmi_vio_platform *plat,
				     struct scmi_vio_plat_msg *m, void *arg)
{
	struct rd *d;
	int32_t st;

	st = rd_get(arg, m, 1, &d);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	return scmi_vio__plat_name_get(m, &d->name);
}

static const struct scmi_vio_plat_msg_desc reset_msgs[] = {
	{ SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, 0, 0, reset_attributes_proto },
	{ SCMI_VIO_RESET_DOMAIN_ATTRIBUTES, 0, 0, reset_domain_attributes },
	{ SCMI_VIO_RESET, 0, 0, reset_reset },
	{ SCMI_VIO_RESET_NOTIFY, SCMI_VIO_PLAT_MSG_P2A, 0, reset_notify },
	{ SCMI_VIO_RESET_DOMAIN_NAME_GET, 0, 0, reset_domain_name_get },
};

#define RESET_MSGS                                    \
	(PLAT_MSG(SCMI_VIO_RESET_DOMAIN_ATTRIBUTES) | \
	 PLAT_MSG(SCMI_VIO_RESET) | PLAT_MSG(SCMI_VIO_RESET_NOTIFY))

/* Reset domain 1.0 (SCMI 2.0) and 3.1 (SCMI 3.2, with extended names). */
static const struct plat_proto_rev reset_revs[SCMI_VIO_SCMI_NR_RELEASES] = {
	[SCMI_VIO_SCMI_2_0] = { 0x10000, PLAT_MSGS_CORE | RESET_MSGS },
	[SCMI_VIO_SCMI_3_2] = { 0x30001,
				PLAT_MSGS_CORE_3_2 | RESET_MSGS |
					PLAT_MSG(
						SCMI_VIO_RESET_DOMAIN_NAME_GET) },
};

int scmi_vio__reset_register(struct scmi_vio_platform *plat,
			     const struct scmi_vio_platform_config *cfg)
{
	struct scmi_vio_plat_protocol_desc desc = {
		.id = SCMI_VIO_PROTO_RESET,
		.msgs = reset_msgs,
		.n_msgs = sizeof(reset_msgs) / sizeof(reset_msgs[0]),
	};
	const struct scmi_vio_plat_reset_domain *c;
	struct resets *rs;
	unsigned int i;

	if (cfg->n_resets > 0xffff)
		return -EINVAL;
	rs = calloc(1, sizeof(*rs) + cfg->n_resets * sizeof(rs->d[0]));
	if (!rs)
		return -ENOMEM;
	rs->n = cfg->n_resets;
	for (i = 0; i < rs->n; i++) {
		c = &cfg->resets[i];
		if (scmi_vio__plat_ext_name(&rs->d[i].name, c->name)) {
			free(rs);
			return -EINVAL;
		}
		rs->d[i].latency_us = c->latency_us;
		rs->d[i].async = c->async;
		rs->d[i].notify_cap = c->notify;
	}
	desc.arg = rs;
	return scmi_vio__platform_register_state(plat, &desc, reset_revs, free);
}
