// SPDX-License-Identifier: BSD-3-Clause
/*
 * Reset domain management protocol client (DEN0056 3.2 section 4.8).
 */
#include <errno.h>

#include "common/byteorder.h"
#include "scmi/proto.h"
#include <scmi_vio/scmi_reset.h>

#define RST SCMI_VIO_PROTO_RESET

#define RESET_FLAGS                                          \
	(SCMI_VIO_RESET_AUTONOMOUS | SCMI_VIO_RESET_ASSERT | \
	 SCMI_VIO_RESET_ASYNC)

int scmi_vio_reset_count(struct scmi_vio_agent *a, unsigned int *n_domains)
{
	return scmi_vio__resource_count(a, RST, n_domains);
}

int scmi_vio_reset_domain_attributes(struct scmi_vio_agent *a, uint32_t id,
				     struct scmi_vio_reset_attrs *out)
{
	struct sv_reply r;
	uint32_t v, lat;
	int ret;

	ret = scmi_vio__words_cmd(a, RST, SCMI_VIO_RESET_DOMAIN_ATTRIBUTES, &id,
				  1, &r, 0);
	if (ret)
		return ret;
	if (!scmi_vio__word(&r, 0, &v) || !scmi_vio__word(&r, 1, &lat))
		return -EPROTO;
	out->async = v & SCMI_VIO_RESET_ATTR_ASYNC;
	out->notify = v & SCMI_VIO_RESET_ATTR_NOTIFY;
	out->extended_name = v & SCMI_VIO_RESET_ATTR_EXT_NAME;
	out->latency_us = lat;
	return scmi_vio__name(r.buf, r.len, 8, out->name);
}

int scmi_vio_reset_domain_name_get(struct scmi_vio_agent *a, uint32_t id,
				   char name[SV_EXT_NAME_LEN])
{
	return scmi_vio__ext_name_cmd(a, RST, SCMI_VIO_RESET_DOMAIN_NAME_GET,
				      id, name);
}

int scmi_vio_reset(struct scmi_vio_agent *a, uint32_t id, uint32_t flags,
		   uint32_t state)
{
	uint32_t w[3] = { id, flags, state };
	bool async = flags & SCMI_VIO_RESET_ASYNC;
	struct sv_reply r;
	int ret;

	if (flags & ~RESET_FLAGS)
		return -EINVAL;
	ret = scmi_vio__words_cmd(a, RST, SCMI_VIO_RESET, w, 3, &r,
				  async ? SCMI_VIO_CMD_ASYNC : 0);
	if (ret || !async)
		return ret;
	/* RESET_COMPLETE: the domain id, which must be ours (S-12). */
	if (r.dlen < 4 || sv_get_le32(r.dbuf) != id)
		return -EPROTO;
	return 0;
}

static int reset_set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
			     uint32_t src, bool on)
{
	return scmi_vio__cmd2(a, RST, SCMI_VIO_RESET_NOTIFY, src, on);
}

/* RESET_ISSUED: agent id, domain id, reset state. */
static int reset_parse(void *ctx, uint8_t evt, const void *payload, size_t len,
		       struct scmi_vio_notify_report *r)
{
	const uint8_t *p = payload;

	if (len < 12)
		return -EPROTO;
	r->reset_issued.agent_id = sv_get_le32(p);
	r->reset_issued.domain_id = sv_get_le32(p + 4);
	r->reset_issued.reset_state = sv_get_le32(p + 8);
	r->src = r->reset_issued.domain_id;
	return 0;
}

int scmi_vio_reset_register_events(struct scmi_vio_agent *a)
{
	static const struct scmi_vio_notify_event_desc evs[] = {
		{ SCMI_VIO_RESET_ISSUED, 12 },
	};

	return scmi_vio__register_counted_events(
		a, RST, evs, 1, reset_set_enabled, reset_parse);
}
