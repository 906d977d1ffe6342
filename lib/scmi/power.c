// SPDX-License-Identifier: BSD-3-Clause
/*
 * Power domain management protocol client (DEN0056 3.2 section 4.3).
 */
#include <errno.h>

#include "common/byteorder.h"
#include "scmi/proto.h"
#include <scmi_vio/scmi_power.h>

#define PWR SCMI_VIO_PROTO_POWER

int scmi_vio_power_count(struct scmi_vio_agent *a, unsigned int *n_domains)
{
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, PWR, SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES,
				  NULL, 0, &r, 0);
	if (ret)
		return ret;
	/* Domains, then the statistics address and length. */
	if (r.len < 16)
		return -EPROTO;
	*n_domains = sv_get_le32(r.buf) & 0xffff;
	return 0;
}

int scmi_vio_power_domain_attributes(struct scmi_vio_agent *a, uint32_t id,
				     struct scmi_vio_power_attrs *out)
{
	struct sv_reply r;
	uint32_t v;
	int ret;

	ret = scmi_vio__words_cmd(a, PWR, SCMI_VIO_POWER_DOMAIN_ATTRIBUTES, &id,
				  1, &r, 0);
	if (ret)
		return ret;
	if (!scmi_vio__word(&r, 0, &v))
		return -EPROTO;
	out->state_notify = v & SCMI_VIO_POWER_ATTR_NOTIFY;
	out->async = v & SCMI_VIO_POWER_ATTR_ASYNC;
	out->sync = v & SCMI_VIO_POWER_ATTR_SYNC;
	out->req_notify = v & SCMI_VIO_POWER_ATTR_REQ_NOTIFY;
	out->extended_name = v & SCMI_VIO_POWER_ATTR_EXT_NAME;
	return scmi_vio__name(r.buf, r.len, 4, out->name);
}

int scmi_vio_power_domain_name_get(struct scmi_vio_agent *a, uint32_t id,
				   char name[SV_EXT_NAME_LEN])
{
	return scmi_vio__ext_name_cmd(a, PWR, SCMI_VIO_POWER_DOMAIN_NAME_GET,
				      id, name);
}

static int state_set(struct scmi_vio_agent *a, uint32_t id, uint32_t state,
		     uint32_t flags)
{
	uint32_t w[3] = { flags, id, state };
	struct sv_reply r;

	return scmi_vio__words_cmd(a, PWR, SCMI_VIO_POWER_STATE_SET, w, 3, &r,
				   0);
}

int scmi_vio_power_state_set(struct scmi_vio_agent *a, uint32_t id,
			     uint32_t state)
{
	return state_set(a, id, state, 0);
}

int scmi_vio_power_state_set_async(struct scmi_vio_agent *a, uint32_t id,
				   uint32_t state)
{
	/* No delayed response in this protocol: POWER_STATE_CHANGED is. */
	return state_set(a, id, state, SCMI_VIO_POWER_SET_ASYNC);
}

int scmi_vio_power_state_get(struct scmi_vio_agent *a, uint32_t id,
			     uint32_t *state)
{
	return scmi_vio__cmd_u32(a, PWR, SCMI_VIO_POWER_STATE_GET, &id, 1,
				 state);
}

static int power_set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
			     uint32_t src, bool on)
{
	uint8_t id = evt == SCMI_VIO_POWER_STATE_CHANGED ?
			     SCMI_VIO_POWER_STATE_NOTIFY :
			     SCMI_VIO_POWER_STATE_CHANGE_REQUESTED_NOTIFY;

	return scmi_vio__cmd2(a, PWR, id, src, on);
}

/* Both events: agent id, domain id, power state. */
static int power_parse(void *ctx, uint8_t evt, const void *payload, size_t len,
		       struct scmi_vio_notify_report *r)
{
	const uint8_t *p = payload;

	if (len < 12)
		return -EPROTO;
	r->power_state.agent_id = sv_get_le32(p);
	r->power_state.domain_id = sv_get_le32(p + 4);
	r->power_state.state = sv_get_le32(p + 8);
	r->src = r->power_state.domain_id;
	return 0;
}

int scmi_vio_power_register_events(struct scmi_vio_agent *a)
{
	static const struct scmi_vio_notify_event_desc evs[] = {
		{ SCMI_VIO_POWER_STATE_CHANGED, 12 },
		{ SCMI_VIO_POWER_STATE_CHANGE_REQUESTED, 12 },
	};
	unsigned int n;
	int ret;

	ret = scmi_vio_power_count(a, &n);
	if (ret)
		return ret;
	return scmi_vio__register_events(a, PWR, evs, 2, n, power_set_enabled,
					 power_parse);
}
