// SPDX-License-Identifier: BSD-3-Clause
/*
 * Protocol-client helpers and the commands every protocol has
 * (docs/protocol.md section 5).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "scmi/agent.h"
#include "scmi/proto.h"

int scmi_vio__words_cmd(struct scmi_vio_agent *a, uint8_t proto, uint8_t id,
			const uint32_t *w, size_t nw, struct sv_reply *r,
			unsigned int flags)
{
	uint8_t tx[8 * 4];
	struct scmi_vio_cmd c = { .protocol = proto,
				  .msg_id = id,
				  .flags = flags,
				  .tx = tx,
				  .tx_len = nw * 4,
				  .rx = r->buf,
				  .rx_cap = sizeof(r->buf),
				  .dresp = r->dbuf,
				  .dresp_cap = sizeof(r->dbuf) };
	size_t i;
	int ret;

	if (nw > 8)
		return -E2BIG;
	for (i = 0; i < nw; i++)
		sv_put_le32(tx + 4 * i, w[i]);
	ret = scmi_vio_agent_do_cmd(a, &c);
	r->len = c.rx_len < sizeof(r->buf) ? c.rx_len : sizeof(r->buf);
	r->dlen = c.dresp_len < sizeof(r->dbuf) ? c.dresp_len : sizeof(r->dbuf);
	return ret;
}

int scmi_vio__cmd_u32(struct scmi_vio_agent *a, uint8_t proto, uint8_t id,
		      const uint32_t *w, size_t nw, uint32_t *v)
{
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, proto, id, w, nw, &r, 0);
	if (ret)
		return ret;
	return scmi_vio__word(&r, 0, v) ? 0 : -EPROTO;
}

int scmi_vio__resource_count(struct scmi_vio_agent *a, uint8_t proto,
			     unsigned int *n)
{
	uint32_t v;
	int ret;

	ret = scmi_vio__cmd_u32(a, proto, SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES,
				NULL, 0, &v);
	if (!ret)
		*n = v & 0xffff;
	return ret;
}

int scmi_vio__cmd2(struct scmi_vio_agent *a, uint8_t proto, uint8_t id,
		   uint32_t w0, uint32_t w1)
{
	uint32_t w[2] = { w0, w1 };
	struct sv_reply r;

	return scmi_vio__words_cmd(a, proto, id, w, 2, &r, 0);
}

bool scmi_vio__word(const struct sv_reply *r, size_t i, uint32_t *v)
{
	if (r->len < 4 * (i + 1))
		return false;
	*v = sv_get_le32(r->buf + 4 * i);
	return true;
}

int scmi_vio__name(const uint8_t *buf, size_t len, size_t off,
		   char out[SV_NAME_LEN])
{
	if (len < off + SV_NAME_LEN || !memchr(buf + off, '\0', SV_NAME_LEN))
		return -EPROTO;
	memcpy(out, buf + off, SV_NAME_LEN);
	return 0;
}

int scmi_vio__ext_name_cmd(struct scmi_vio_agent *a, uint8_t proto, uint8_t id,
			   uint32_t res, char out[SV_EXT_NAME_LEN])
{
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, proto, id, &res, 1, &r, 0);
	if (ret)
		return ret;
	if (r.len < 4 + SV_EXT_NAME_LEN ||
	    !memchr(r.buf + 4, '\0', SV_EXT_NAME_LEN))
		return -EPROTO;
	memcpy(out, r.buf + 4, SV_EXT_NAME_LEN);
	return 0;
}

int scmi_vio__page_check(struct sv_page *pg, size_t index, uint32_t returned,
			 uint32_t remaining, size_t avail, size_t esz)
{
	if ((size_t)returned > avail / esz)
		return -EPROTO; /* count larger than the data */
	if (!returned && remaining)
		return -EPROTO; /* no progress */
	if (pg->total == SIZE_MAX)
		pg->total = index + returned + remaining;
	else if (index + returned + remaining != pg->total)
		return -EPROTO; /* counters that do not add up */
	return 0;
}

int scmi_vio__paginate(struct scmi_vio_agent *a, const struct sv_pager *pg,
		       size_t *n)
{
	struct sv_page page = { SIZE_MAX };
	uint32_t w[2] = { pg->w[0], pg->w[1] }, flags, ret_n, remaining, i;
	struct sv_reply r;
	size_t idx = 0;
	int ret;

	do {
		w[pg->nw - 1] = (uint32_t)idx;
		ret = scmi_vio__words_cmd(a, pg->proto, pg->msg_id, w, pg->nw,
					  &r, 0);
		if (ret)
			return ret;
		if (!scmi_vio__word(&r, 0, &flags))
			return -EPROTO;
		ret_n = flags & pg->count_mask;
		remaining = flags >> 16;
		if (pg->flags_check) {
			ret = pg->flags_check(pg->ctx, flags, ret_n, remaining,
					      idx);
			if (ret)
				return ret;
		}
		ret = scmi_vio__page_check(&page, idx, ret_n, remaining,
					   r.len - 4, pg->esz);
		if (ret)
			return ret;
		/* S-20: the first page's total against what the platform
		 * said elsewhere, or at least one entry. */
		if (!idx &&
		    (pg->counted ? page.total != pg->count : !page.total))
			return -EPROTO;
		if (page.total > pg->cap)
			return -ENOSPC;
		for (i = 0; i < ret_n; i++) {
			ret = pg->entry(pg->ctx, idx + i,
					r.buf + 4 + pg->esz * i);
			if (ret)
				return ret;
		}
		idx += ret_n;
	} while (idx < page.total);
	*n = idx;
	return 0;
}

int scmi_vio__register_events(struct scmi_vio_agent *a, uint8_t proto,
			      const struct scmi_vio_notify_event_desc *evs,
			      unsigned int n, uint32_t num_sources,
			      sv_set_enabled_fn set_enabled, sv_parse_fn parse)
{
	struct scmi_vio_notify_proto_desc d = {
		.protocol = proto,
		.events = evs,
		.n_events = n,
		.num_sources = num_sources ? num_sources : 1,
		.set_enabled = set_enabled,
		.parse = parse,
	};

	return scmi_vio_notify_register_protocol(a, &d);
}

int scmi_vio__register_counted_events(
	struct scmi_vio_agent *a, uint8_t proto,
	const struct scmi_vio_notify_event_desc *evs, unsigned int n,
	sv_set_enabled_fn set_enabled, sv_parse_fn parse)
{
	uint32_t v;
	int ret;

	ret = scmi_vio__cmd_u32(a, proto, SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES,
				NULL, 0, &v);
	if (ret)
		return ret;
	return scmi_vio__register_events(a, proto, evs, n, v & 0xffff,
					 set_enabled, parse);
}

int scmi_vio_protocol_version(struct scmi_vio_agent *a, uint8_t proto,
			      uint16_t *major, uint16_t *minor)
{
	uint32_t v;
	int ret;

	ret = scmi_vio__cmd_u32(a, proto, SCMI_VIO_MSG_PROTOCOL_VERSION, NULL,
				0, &v);
	if (ret)
		return ret;
	*major = (uint16_t)(v >> 16);
	*minor = (uint16_t)v;
	return 0;
}

int scmi_vio_protocol_negotiate(struct scmi_vio_agent *a, uint8_t proto,
				uint32_t version)
{
	struct sv_reply r;
	int ret;

	ret = scmi_vio__words_cmd(a, proto,
				  SCMI_VIO_MSG_NEGOTIATE_PROTOCOL_VERSION,
				  &version, 1, &r, 0);
	if (!ret)
		sv_write_once(&a->proto_version[proto], version);
	return ret;
}

int scmi_vio__proto_version(struct scmi_vio_agent *a, uint8_t proto,
			    uint32_t max, uint32_t *v)
{
	int ret;

	/*
	 * Threads learning it at once each ask and store the same answer;
	 * the word is read and written whole.
	 */
	*v = sv_read_once(&a->proto_version[proto]);
	if (*v)
		return 0;
	ret = scmi_vio__cmd_u32(a, proto, SCMI_VIO_MSG_PROTOCOL_VERSION, NULL,
				0, v);
	if (ret)
		return ret;
	/*
	 * A newer platform is asked to serve what we parse (as Linux does);
	 * one that cannot keeps its version, whose messages extend the older
	 * ones, and the client parses the fields it knows.
	 */
	if (*v > max && !scmi_vio_protocol_negotiate(a, proto, max))
		*v = max;
	sv_write_once(&a->proto_version[proto], *v);
	return 0;
}

int scmi_vio_protocol_message_attributes(struct scmi_vio_agent *a,
					 uint8_t proto, uint32_t msg_id,
					 uint32_t *attrs)
{
	return scmi_vio__cmd_u32(a, proto,
				 SCMI_VIO_MSG_PROTOCOL_MESSAGE_ATTRIBUTES,
				 &msg_id, 1, attrs);
}
