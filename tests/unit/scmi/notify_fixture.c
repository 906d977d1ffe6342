// SPDX-License-Identifier: BSD-3-Clause
#include "notify_fixture.h"

#include <errno.h>

#include "common/atomics.h"
#include "common/byteorder.h"

struct ft *ft;
unsigned int nf_enables, nf_disables, nf_in_enable;
unsigned int nf_enable_ms;
bool nf_src_in_payload;

void nf_setup(void)
{
	nf_enables = nf_disables = nf_in_enable = 0;
	nf_enable_ms = 0;
	nf_src_in_payload = false;
	ft = ft_open(8, 64, NULL, NULL, NULL);
}

void nf_teardown(void)
{
	ft_destroy(ft);
}

static int set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
		       uint32_t src, bool on)
{
	(void)a;
	(void)ctx;
	(void)evt;
	(void)src;
	if (on) {
		sv_store_release(&nf_in_enable, 1);
		ft_sleep_ms(nf_enable_ms);
		sv_fetch_add(&nf_enables, 1);
	} else {
		sv_fetch_add(&nf_disables, 1);
	}
	return 0;
}

static int parse(void *ctx, uint8_t evt, const void *payload, size_t len,
		 struct scmi_vio_notify_report *r)
{
	(void)ctx;
	(void)evt;
	if (len < 4)
		return -EPROTO;
	r->src = nf_src_in_payload ? sv_get_le32(payload) : 0;
	return 0;
}

struct scmi_vio_notify_proto_desc
nf_desc(uint8_t proto, const struct scmi_vio_notify_event_desc *evs,
	unsigned int n_events)
{
	struct scmi_vio_notify_proto_desc d = {
		.protocol = proto,
		.events = evs,
		.n_events = n_events,
		.num_sources = 2,
		.set_enabled = set_enabled,
		.parse = parse,
	};

	return d;
}
