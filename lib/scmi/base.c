// SPDX-License-Identifier: BSD-3-Clause
/*
 * Base protocol client (docs/protocol.md section 6).
 */
#include <errno.h>
#include <string.h>

#include "common/byteorder.h"
#include "scmi/proto.h"
#include <scmi_vio/scmi_base.h>

#define BASE SCMI_VIO_PROTO_BASE

int scmi_vio_base_attributes(struct scmi_vio_agent *a,
			     unsigned int *n_protocols, unsigned int *n_agents)
{
	uint32_t v;
	int ret;

	ret = scmi_vio__cmd_u32(a, BASE, SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, NULL,
				0, &v);
	if (ret)
		return ret;
	*n_protocols = v & 0xff;
	*n_agents = v >> 8 & 0xff;
	return 0;
}

static int name_cmd(struct scmi_vio_agent *a, uint8_t id, char name[16])
{
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, BASE, id, NULL, 0, &r, 0);
	if (ret)
		return ret;
	return scmi_vio__name(r.buf, r.len, 0, name);
}

int scmi_vio_base_vendor(struct scmi_vio_agent *a, char name[16])
{
	return name_cmd(a, SCMI_VIO_BASE_DISCOVER_VENDOR, name);
}

int scmi_vio_base_sub_vendor(struct scmi_vio_agent *a, char name[16])
{
	return name_cmd(a, SCMI_VIO_BASE_DISCOVER_SUB_VENDOR, name);
}

int scmi_vio_base_impl_version(struct scmi_vio_agent *a, uint32_t *version)
{
	return scmi_vio__cmd_u32(a, BASE,
				 SCMI_VIO_BASE_DISCOVER_IMPLEMENTATION_VERSION,
				 NULL, 0, version);
}

int scmi_vio_base_list_protocols(struct scmi_vio_agent *a, uint8_t *ids,
				 size_t cap, size_t *n)
{
	unsigned int total, agents;
	struct sv_reply r;
	uint32_t skip = 0, num;
	int ret;

	ret = scmi_vio_base_attributes(a, &total, &agents);
	if (ret)
		return ret;
	if (total > cap)
		return -ENOSPC;
	while (skip < total) {
		ret = scmi_vio__words_cmd(a, BASE,
					  SCMI_VIO_BASE_DISCOVER_LIST_PROTOCOLS,
					  &skip, 1, &r, 0);
		if (ret)
			return ret;
		if (!scmi_vio__word(&r, 0, &num))
			return -EPROTO;
		/* S-12: ids are bytes after the count; none while some
		 * remain, or more than announced, is malformed. */
		if (!num || num > r.len - 4 || num > total - skip)
			return -EPROTO;
		memcpy(ids + skip, r.buf + 4, num);
		skip += num;
	}
	*n = total;
	return 0;
}

int scmi_vio_base_discover_agent(struct scmi_vio_agent *a, uint32_t agent_id,
				 uint32_t *id_out, char name[16])
{
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, BASE, SCMI_VIO_BASE_DISCOVER_AGENT,
				  &agent_id, 1, &r, 0);
	if (ret)
		return ret;
	if (!scmi_vio__word(&r, 0, id_out))
		return -EPROTO;
	/* S-12: the reply is about the agent asked for (any one for "me",
	 * but never the "me" value itself). */
	if (agent_id == SCMI_VIO_BASE_AGENT_SELF ?
		    *id_out == SCMI_VIO_BASE_AGENT_SELF :
		    *id_out != agent_id)
		return -EPROTO;
	return scmi_vio__name(r.buf, r.len, 4, name);
}

/* A permission command: its reply is the status alone (S-12). */
static int status_only_cmd(struct scmi_vio_agent *a, uint8_t id,
			   const uint32_t *w, size_t nw)
{
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, BASE, id, w, nw, &r, 0);
	if (ret)
		return ret;
	return r.len ? -EPROTO : 0;
}

int scmi_vio_base_set_device_permissions(struct scmi_vio_agent *a,
					 uint32_t agent_id, uint32_t device_id,
					 bool allow)
{
	const uint32_t w[3] = { agent_id, device_id,
				allow ? SCMI_VIO_BASE_ACCESS_ALLOW : 0 };

	return status_only_cmd(a, SCMI_VIO_BASE_SET_DEVICE_PERMISSIONS, w, 3);
}

int scmi_vio_base_set_protocol_permissions(struct scmi_vio_agent *a,
					   uint32_t agent_id,
					   uint32_t device_id, uint8_t protocol,
					   bool allow)
{
	const uint32_t w[4] = { agent_id, device_id, protocol,
				allow ? SCMI_VIO_BASE_ACCESS_ALLOW : 0 };

	return status_only_cmd(a, SCMI_VIO_BASE_SET_PROTOCOL_PERMISSIONS, w, 4);
}

int scmi_vio_base_reset_agent_config(struct scmi_vio_agent *a,
				     uint32_t agent_id, bool permissions)
{
	const uint32_t w[2] = { agent_id,
				permissions ? SCMI_VIO_BASE_RESET_PERMISSIONS :
					      0 };

	return status_only_cmd(a, SCMI_VIO_BASE_RESET_AGENT_CONFIGURATION, w,
			       2);
}

int scmi_vio_base_notify_errors(struct scmi_vio_agent *a, bool enable)
{
	struct sv_reply r;
	uint32_t w = enable;

	return scmi_vio__words_cmd(a, BASE, SCMI_VIO_BASE_NOTIFY_ERRORS, &w, 1,
				   &r, 0);
}

static int base_set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
			    uint32_t src, bool on)
{
	return scmi_vio_base_notify_errors(a, on);
}

/* BASE_ERROR_EVENT: agent id, error status (bit 31 fatal, [9:0] count),
 * then count x u64 reports. */
static int base_parse(void *ctx, uint8_t evt, const void *payload, size_t len,
		      struct scmi_vio_notify_report *r)
{
	const uint8_t *p = payload;
	uint32_t st;
	unsigned int i, cnt;

	if (len < 8)
		return -EPROTO;
	st = sv_get_le32(p + 4);
	cnt = st & 0x3ff;
	if (cnt > SCMI_VIO_BASE_ERR_MAX_REPORTS || cnt > (len - 8) / 8)
		return -EPROTO;
	r->src = 0;
	r->base_error.agent_id = sv_get_le32(p);
	r->base_error.fatal = st >> 31;
	r->base_error.count = cnt;
	for (i = 0; i < cnt; i++)
		r->base_error.reports[i] = sv_get_le64(p + 8 + 8 * i);
	return 0;
}

int scmi_vio_base_register_events(struct scmi_vio_agent *a)
{
	static const struct scmi_vio_notify_event_desc evs[] = {
		{ SCMI_VIO_BASE_ERROR_EVENT,
		  8 + 8 * SCMI_VIO_BASE_ERR_MAX_REPORTS },
	};

	return scmi_vio__register_events(a, BASE, evs, 1, 1, base_set_enabled,
					 base_parse);
}
