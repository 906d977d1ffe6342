// SPDX-License-Identifier: BSD-3-Clause
/*
 * System power management protocol server (0x12; DEN0056 3.2 section 4.4).
 *
 * SYSTEM_POWER_STATE_SET records the state an agent asks for and hands it
 * to the configured callback (the VMM decides what a guest's shutdown or
 * reset means); SHUTDOWN and COLD_RESET are always supported, WARM_RESET
 * and SUSPEND as configured (PROTOCOL_MESSAGE_ATTRIBUTES says which),
 * POWER_UP (an agent powering up the system it runs on) and vendor states
 * are NOT_SUPPORTED, other values INVALID_PARAMETERS.
 * SYSTEM_POWER_STATE_GET (0x4) exists only in protocol 1.0 (SCMI 2.0): it
 * answers that last state (POWER_UP until one is set).
 *
 * SYSTEM_POWER_STATE_NOTIFIER is platform-initiated: the VMM calls
 * scmi_vio_platform_system_power_notify(), and it reaches the agent only
 * when the agent enabled it with SYSTEM_POWER_STATE_NOTIFY.  Its graceful
 * timeout word came with protocol 2.0: a 1.0 notifier is 12 bytes.
 */
#include <errno.h>
#include <stdlib.h>

#include "platform/platform_internal.h"
#include <scmi_vio/scmi_wire.h>

struct syspower {
	uint32_t state; /* the last state an agent set */
	uint32_t flags; /* and its flags */
	bool warm_reset;
	bool suspend;
	bool notify; /* the agent enabled the notifier */
	scmi_vio_plat_sys_power_fn cb;
	void *cb_arg;
};

static int32_t sys_attributes_proto(struct scmi_vio_platform *plat,
				    struct scmi_vio_plat_msg *m, void *arg)
{
	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	/* Every bit reserved. */
	return plat_reply_word(m, 0);
}

static int32_t sys_state_check(const struct syspower *s, uint32_t state)
{
	switch (state) {
	case SCMI_VIO_SYS_STATE_SHUTDOWN:
	case SCMI_VIO_SYS_STATE_COLD_RESET:
		return SCMI_VIO_SUCCESS;
	case SCMI_VIO_SYS_STATE_WARM_RESET:
		return s->warm_reset ? SCMI_VIO_SUCCESS :
				       SCMI_VIO_NOT_SUPPORTED;
	case SCMI_VIO_SYS_STATE_SUSPEND:
		return s->suspend ? SCMI_VIO_SUCCESS : SCMI_VIO_NOT_SUPPORTED;
	case SCMI_VIO_SYS_STATE_POWER_UP:
		return SCMI_VIO_NOT_SUPPORTED;
	default:
		return state & SCMI_VIO_SYS_STATE_VENDOR ?
			       SCMI_VIO_NOT_SUPPORTED :
			       SCMI_VIO_INVALID_PARAMETERS;
	}
}

static int32_t sys_state_set(struct scmi_vio_platform *plat,
			     struct scmi_vio_plat_msg *m, void *arg)
{
	struct syspower *s = arg;
	uint32_t flags, state;
	int32_t st;

	if (!plat_params_are(m, 2))
		return SCMI_VIO_PROTOCOL_ERROR;
	flags = plat_param(m, 0);
	state = plat_param(m, 1);
	if (flags & ~SCMI_VIO_SYS_FLAG_GRACEFUL)
		return SCMI_VIO_INVALID_PARAMETERS;
	st = sys_state_check(s, state);
	if (st != SCMI_VIO_SUCCESS)
		return st;
	s->state = state;
	s->flags = flags;
	if (s->cb)
		s->cb(s->cb_arg, state, flags);
	return SCMI_VIO_SUCCESS;
}

static int32_t sys_state_get(struct scmi_vio_platform *plat,
			     struct scmi_vio_plat_msg *m, void *arg)
{
	struct syspower *s = arg;

	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	return plat_reply_word(m, s->state);
}

static int32_t sys_state_notify(struct scmi_vio_platform *plat,
				struct scmi_vio_plat_msg *m, void *arg)
{
	struct syspower *s = arg;

	return plat_notify_flag(m, &s->notify);
}

#define SYS_MSGS                                  \
	(PLAT_MSG(SCMI_VIO_SYS_POWER_STATE_SET) | \
	 PLAT_MSG(SCMI_VIO_SYS_POWER_STATE_NOTIFY))

/* System power 1.0 (SCMI 2.0) and 2.1 (SCMI 3.2, without GET). */
static const struct plat_proto_rev sys_revs[SCMI_VIO_SCMI_NR_RELEASES] = {
	[SCMI_VIO_SCMI_2_0] = { 0x10000,
				PLAT_MSGS_CORE | SYS_MSGS |
					PLAT_MSG(SCMI_VIO_SYS_POWER_STATE_GET) },
	[SCMI_VIO_SCMI_3_2] = { 0x20001, PLAT_MSGS_CORE_3_2 | SYS_MSGS },
};

int scmi_vio__syspower_register(struct scmi_vio_platform *plat,
				const struct scmi_vio_platform_config *cfg)
{
	const struct scmi_vio_plat_msg_desc msgs[] = {
		{ SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, 0, 0,
		  sys_attributes_proto },
		{ SCMI_VIO_SYS_POWER_STATE_SET, 0,
		  (cfg->sys_warm_reset ? SCMI_VIO_SYS_ATTR_WARM_RESET : 0) |
			  (cfg->sys_suspend ? SCMI_VIO_SYS_ATTR_SUSPEND : 0),
		  sys_state_set },
		{ SCMI_VIO_SYS_POWER_STATE_GET, 0, 0, sys_state_get },
		{ SCMI_VIO_SYS_POWER_STATE_NOTIFY, SCMI_VIO_PLAT_MSG_P2A, 0,
		  sys_state_notify },
	};
	struct scmi_vio_plat_protocol_desc desc = {
		.id = SCMI_VIO_PROTO_SYSTEM,
		.msgs = msgs,
		.n_msgs = sizeof(msgs) / sizeof(msgs[0]),
	};
	struct syspower *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->state = SCMI_VIO_SYS_STATE_POWER_UP;
	s->warm_reset = cfg->sys_warm_reset;
	s->suspend = cfg->sys_suspend;
	s->cb = cfg->sys_power_cb;
	s->cb_arg = cfg->sys_power_arg;
	desc.arg = s;
	return scmi_vio__platform_register_state(plat, &desc, sys_revs, free);
}

/* The protocol's state, or NULL when it is not registered. */
static struct syspower *syspower_of(struct scmi_vio_platform *plat)
{
	const struct plat_proto *p = plat->protos[SCMI_VIO_PROTO_SYSTEM];

	/* A user-registered 0x12 is not ours: only built-in ones have fini. */
	return p && p->fini ? p->arg : NULL;
}

int scmi_vio_platform_system_power_notify(struct scmi_vio_platform *plat,
					  uint32_t state, uint32_t flags,
					  uint32_t timeout_ms)
{
	struct syspower *s = syspower_of(plat);
	uint8_t p[16];
	int ret;

	if (!s)
		return -ENOENT;
	if (flags & ~SCMI_VIO_SYS_FLAG_GRACEFUL ||
	    (timeout_ms && !(flags & SCMI_VIO_SYS_FLAG_GRACEFUL)))
		return -EINVAL;
	/* agent id 0: the platform itself asks. */
	sv_put_le32(p, 0);
	sv_put_le32(p + 4, flags);
	sv_put_le32(p + 8, state);
	sv_put_le32(p + 12, timeout_ms);
	/* s->notify is the handlers' state, under plat->lock. */
	pthread_mutex_lock(&plat->lock);
	if (!plat->p2a)
		ret = -EOPNOTSUPP;
	else if (!s->notify)
		ret = -ENOTCONN;
	else
		/* The timeout word only for agents served 2.0 or later. */
		ret = __scmi_vio__plat_notify_since(
			plat, SCMI_VIO_PROTO_SYSTEM,
			SCMI_VIO_SYS_POWER_STATE_NOTIFIER, 0, p, sizeof(p),
			0x20000, 12);
	pthread_mutex_unlock(&plat->lock);
	return ret < 0 ? ret : 0;
}

int scmi_vio_platform_system_state(struct scmi_vio_platform *plat,
				   uint32_t *state, uint32_t *flags)
{
	struct syspower *s = syspower_of(plat);

	if (!s)
		return -ENOENT;
	/* The state set by STATE_SET's handler, under plat->lock. */
	pthread_mutex_lock(&plat->lock);
	*state = s->state;
	if (flags)
		*flags = s->flags;
	pthread_mutex_unlock(&plat->lock);
	return 0;
}
