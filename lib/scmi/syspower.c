// SPDX-License-Identifier: BSD-3-Clause
/*
 * System power management protocol client (DEN0056 3.2 section 4.4).
 */
#include <errno.h>

#include "common/byteorder.h"
#include "scmi/proto.h"
#include <scmi_vio/scmi_system_power.h>

#define SYS SCMI_VIO_PROTO_SYSTEM

int scmi_vio_system_power_caps(struct scmi_vio_agent *a, bool *warm_reset,
			       bool *suspend)
{
	uint32_t id = SCMI_VIO_SYS_POWER_STATE_SET, v;
	int ret;

	ret = scmi_vio__cmd_u32(
		a, SYS, SCMI_VIO_MSG_PROTOCOL_MESSAGE_ATTRIBUTES, &id, 1, &v);
	if (ret)
		return ret;
	*warm_reset = v & SCMI_VIO_SYS_ATTR_WARM_RESET;
	*suspend = v & SCMI_VIO_SYS_ATTR_SUSPEND;
	return 0;
}

int scmi_vio_system_power_state_set(struct scmi_vio_agent *a, uint32_t state,
				    bool graceful)
{
	uint32_t w[2] = { graceful ? SCMI_VIO_SYS_FLAG_GRACEFUL : 0, state };
	struct sv_reply r;

	return scmi_vio__words_cmd(a, SYS, SCMI_VIO_SYS_POWER_STATE_SET, w, 2,
				   &r, 0);
}

int scmi_vio_system_power_state_get(struct scmi_vio_agent *a, uint32_t *state)
{
	return scmi_vio__cmd_u32(a, SYS, SCMI_VIO_SYS_POWER_STATE_GET, NULL, 0,
				 state);
}

static int sys_set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
			   uint32_t src, bool on)
{
	uint32_t w = on ? SCMI_VIO_NOTIFY_ENABLE : 0;
	struct sv_reply r;

	return scmi_vio__words_cmd(a, SYS, SCMI_VIO_SYS_POWER_STATE_NOTIFY, &w,
				   1, &r, 0);
}

/*
 * Agent id, flags, system state, then (protocol 2.0 and later) the
 * graceful timeout: 12 bytes from an older platform are valid too.
 */
static int sys_parse(void *ctx, uint8_t evt, const void *payload, size_t len,
		     struct scmi_vio_notify_report *r)
{
	const uint8_t *p = payload;

	if (len < 12)
		return -EPROTO;
	r->system_power.agent_id = sv_get_le32(p);
	r->system_power.flags = sv_get_le32(p + 4);
	r->system_power.state = sv_get_le32(p + 8);
	r->system_power.timeout_ms = len >= 16 ? sv_get_le32(p + 12) : 0;
	r->src = 0;
	return 0;
}

int scmi_vio_system_power_register_events(struct scmi_vio_agent *a)
{
	static const struct scmi_vio_notify_event_desc evs[] = {
		{ SCMI_VIO_SYS_POWER_STATE_NOTIFIER, 16 },
	};

	return scmi_vio__register_events(a, SYS, evs, 1, 1, sys_set_enabled,
					 sys_parse);
}
