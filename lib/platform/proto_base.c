// SPDX-License-Identifier: BSD-3-Clause
/*
 * Base protocol server (0x10; docs/protocol.md section 6).
 *
 * Agent 0 is the platform itself; configured agents have ids 1..n; 0xFFFFFFFF
 * in DISCOVER_AGENT means "the caller".  The protocol list is the handler
 * table less what the caller is not given (agents.c), so vendor protocols
 * registered later are listed too.  The permission commands live with the
 * agents' state in agents.c.  With
 * NOTIFY_ERRORS on, each malformed chain the device meets (V-19, V-22) sends
 * BASE_ERROR_EVENT {agent, status 0}: non-fatal, no reports; queued ones
 * coalesce.
 */
#include <errno.h>
#include <stdlib.h>

#include "platform/platform_internal.h"

static const char platform_agent_name[SCMI_VIO_PLAT_NAME_LEN] = "platform";

/* The protocols other than Base the calling agent is given. */
static unsigned int protocols_seen(const struct scmi_vio_platform *plat)
{
	unsigned int i, n = 0;

	for (i = SCMI_VIO_PROTO_BASE + 1; i < 256; i++)
		n += plat->protos[i] &&
		     scmi_vio__agent_sees(plat, plat->cur_agent, (uint8_t)i);
	return n;
}

static int32_t base_attributes(struct scmi_vio_platform *plat,
			       struct scmi_vio_plat_msg *m, void *arg)
{
	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	if (!plat_put(m, protocols_seen(plat) | plat->n_agents << 8))
		return SCMI_VIO_COMMS_ERROR;
	return SCMI_VIO_SUCCESS;
}

static int32_t base_vendor(struct scmi_vio_platform *plat,
			   struct scmi_vio_plat_msg *m, void *arg)
{
	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	if (!plat_put_name(m, plat->vendor))
		return SCMI_VIO_COMMS_ERROR;
	return SCMI_VIO_SUCCESS;
}

static int32_t base_sub_vendor(struct scmi_vio_platform *plat,
			       struct scmi_vio_plat_msg *m, void *arg)
{
	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	if (!plat_put_name(m, plat->sub_vendor))
		return SCMI_VIO_COMMS_ERROR;
	return SCMI_VIO_SUCCESS;
}

static int32_t base_impl_version(struct scmi_vio_platform *plat,
				 struct scmi_vio_plat_msg *m, void *arg)
{
	if (!plat_params_are(m, 0))
		return SCMI_VIO_PROTOCOL_ERROR;
	if (!plat_put(m, plat->impl_version))
		return SCMI_VIO_COMMS_ERROR;
	return SCMI_VIO_SUCCESS;
}

/* u32 count, then the protocol ids as bytes packed into words. */
static int32_t base_list_protocols(struct scmi_vio_platform *plat,
				   struct scmi_vio_plat_msg *m, void *arg)
{
	unsigned int total = protocols_seen(plat), count, room, seen, i;
	uint32_t skip;
	uint8_t *ids;

	if (!plat_params_are(m, 1))
		return SCMI_VIO_PROTOCOL_ERROR;
	skip = plat_param(m, 0);
	if (skip > total)
		return SCMI_VIO_INVALID_PARAMETERS;
	room = m->ret_cap >= 4 ? (unsigned int)((m->ret_cap - 4) & ~(size_t)3) :
				 0;
	count = total - skip < room ? total - skip : room;
	if (m->ret_cap < 4 || (!count && total > skip))
		return SCMI_VIO_COMMS_ERROR;
	plat_put(m, count);
	ids = m->ret + m->ret_len;
	memset(ids, 0, (count + 3) & ~3u);
	for (i = SCMI_VIO_PROTO_BASE + 1, seen = 0;
	     i < 256 && seen < skip + count; i++) {
		if (!plat->protos[i] ||
		    !scmi_vio__agent_sees(plat, plat->cur_agent, (uint8_t)i))
			continue;
		if (seen >= skip)
			ids[seen - skip] = (uint8_t)i;
		seen++;
	}
	m->ret_len += (count + 3) & ~3u;
	return SCMI_VIO_SUCCESS;
}

static int32_t base_discover_agent(struct scmi_vio_platform *plat,
				   struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t id;

	if (!plat_params_are(m, 1))
		return SCMI_VIO_PROTOCOL_ERROR;
	id = plat_param(m, 0);
	if (id == SCMI_VIO_BASE_AGENT_CALLER)
		id = plat->cur_agent;
	if (id > plat->n_agents)
		return SCMI_VIO_NOT_FOUND;
	if (!plat_fits(m, 4 + SCMI_VIO_PLAT_NAME_LEN))
		return SCMI_VIO_COMMS_ERROR;
	plat_put(m, id);
	plat_put_name(m, id ? plat->agents[id - 1].name : platform_agent_name);
	return SCMI_VIO_SUCCESS;
}

static int32_t base_notify_errors(struct scmi_vio_platform *plat,
				  struct scmi_vio_plat_msg *m, void *arg)
{
	return plat_notify_flag(m, &plat->notify_errors);
}

void scmi_vio__base_error_event(struct scmi_vio_platform *plat, uint32_t agent)
{
	/* {agent, error status}: non-fatal, no error reports attached. */
	const uint32_t status = 0;

	pthread_mutex_lock(&plat->lock);
	/* The payload names the agent whose channel erred. */
	plat->cur_agent = agent;
	if (plat->notify_errors && plat->p2a)
		__scmi_vio__plat_notify_words(plat, SCMI_VIO_PROTO_BASE,
					      SCMI_VIO_BASE_ERROR_EVENT, 0,
					      &status, 1);
	plat->cur_agent = plat->agent_id;
	pthread_mutex_unlock(&plat->lock);
}

static const struct scmi_vio_plat_msg_desc base_msgs[] = {
	{ SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, 0, 0, base_attributes },
	{ SCMI_VIO_BASE_DISCOVER_VENDOR, 0, 0, base_vendor },
	{ SCMI_VIO_BASE_DISCOVER_SUB_VENDOR, 0, 0, base_sub_vendor },
	{ SCMI_VIO_BASE_DISCOVER_IMPLEMENTATION_VERSION, 0, 0,
	  base_impl_version },
	{ SCMI_VIO_BASE_DISCOVER_LIST_PROTOCOLS, 0, 0, base_list_protocols },
	{ SCMI_VIO_BASE_DISCOVER_AGENT, 0, 0, base_discover_agent },
	{ SCMI_VIO_BASE_NOTIFY_ERRORS, SCMI_VIO_PLAT_MSG_P2A, 0,
	  base_notify_errors },
	{ SCMI_VIO_BASE_SET_DEVICE_PERMISSIONS, 0, 0,
	  scmi_vio__base_set_device_perms },
	{ SCMI_VIO_BASE_SET_PROTOCOL_PERMISSIONS, 0, 0,
	  scmi_vio__base_set_protocol_perms },
	{ SCMI_VIO_BASE_RESET_AGENT_CONFIGURATION, 0, 0,
	  scmi_vio__base_reset_agent },
};

#define BASE_MSGS                                                  \
	(PLAT_MSG(SCMI_VIO_BASE_DISCOVER_VENDOR) |                 \
	 PLAT_MSG(SCMI_VIO_BASE_DISCOVER_SUB_VENDOR) |             \
	 PLAT_MSG(SCMI_VIO_BASE_DISCOVER_IMPLEMENTATION_VERSION) | \
	 PLAT_MSG(SCMI_VIO_BASE_DISCOVER_LIST_PROTOCOLS) |         \
	 PLAT_MSG(SCMI_VIO_BASE_DISCOVER_AGENT) |                  \
	 PLAT_MSG(SCMI_VIO_BASE_NOTIFY_ERRORS) |                   \
	 PLAT_MSG(SCMI_VIO_BASE_SET_DEVICE_PERMISSIONS) |          \
	 PLAT_MSG(SCMI_VIO_BASE_SET_PROTOCOL_PERMISSIONS) |        \
	 PLAT_MSG(SCMI_VIO_BASE_RESET_AGENT_CONFIGURATION))

/* Base 2.0 (SCMI 2.0) and 2.1 (SCMI 3.2): both have the permissions
 * commands (agents.c). */
static const struct plat_proto_rev base_revs[SCMI_VIO_SCMI_NR_RELEASES] = {
	[SCMI_VIO_SCMI_2_0] = { 0x20000, PLAT_MSGS_CORE | BASE_MSGS },
	[SCMI_VIO_SCMI_3_2] = { 0x20001, PLAT_MSGS_CORE_3_2 | BASE_MSGS },
};

int scmi_vio__base_register(struct scmi_vio_platform *plat,
			    const struct scmi_vio_platform_config *cfg)
{
	const struct scmi_vio_plat_protocol_desc desc = {
		.id = SCMI_VIO_PROTO_BASE,
		.msgs = base_msgs,
		.n_msgs = sizeof(base_msgs) / sizeof(base_msgs[0]),
	};
	int ret;

	ret = scmi_vio__plat_name(plat->vendor, cfg->vendor);
	if (!ret)
		ret = scmi_vio__plat_name(plat->sub_vendor, cfg->sub_vendor);
	if (ret)
		return ret;
	plat->impl_version = cfg->impl_version;
	return scmi_vio__platform_register_revs(plat, &desc, base_revs);
}
