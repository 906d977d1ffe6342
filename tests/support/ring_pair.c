// SPDX-License-Identifier: BSD-3-Clause
#include <string.h>

#include "ring_pair.h"

static size_t round_up(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

void ring_layout_plan(struct ring_layout *l, unsigned int num, size_t buf_size,
		      unsigned int nbufs)
{
	memset(l, 0, sizeof(*l));
	l->num = num;
	l->buf_size = buf_size;
	l->nbufs = nbufs;
	l->ring_off = 0;
	l->ind_off = round_up(scmi_vio_vring_size(num, 64), 64);
	l->data_off = round_up(
		l->ind_off + (size_t)num * RING_PAIR_IND_MAX *
				     sizeof(struct scmi_vio_vring_desc),
		64);
	l->total = round_up(l->data_off + (size_t)nbufs * buf_size, 4096);
}

int ring_driver_open(const struct ring_layout *l, void *mem, uint64_t features,
		     struct scmi_vio_doorbell *kick, struct scmi_vio_vq **vq)
{
	struct scmi_vio_vq_config cfg;
	int ret;

	memset(&cfg, 0, sizeof(cfg));
	ret = scmi_vio_vring_layout(&cfg.ring, l->num,
				    (char *)mem + l->ring_off, 64);
	if (ret)
		return ret;
	cfg.features = features;
	cfg.indirect_mem = (char *)mem + l->ind_off;
	cfg.indirect_addr = RING_PAIR_GPA + l->ind_off;
	cfg.indirect_bytes = l->data_off - l->ind_off;
	cfg.indirect_max = RING_PAIR_IND_MAX;
	cfg.kick = kick;
	return scmi_vio_vq_create(&cfg, vq);
}

int ring_device_open(const struct ring_layout *l, void *mem, uint64_t features,
		     struct scmi_vio_gmem **gm, struct scmi_vio_vqd **vqd)
{
	struct scmi_vio_gmem_region region = {
		.gpa = RING_PAIR_GPA,
		.len = l->total,
		.host = mem,
		.writable = true,
	};
	struct scmi_vio_vqd_config cfg;
	int ret;

	ret = scmi_vio_gmem_create(&region, 1, gm);
	if (ret)
		return ret;
	/* Where the driver's layout put the three parts, as guest addresses. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.ring.num = l->num;
	cfg.ring.desc_gpa = RING_PAIR_GPA + l->ring_off;
	cfg.ring.avail_gpa =
		cfg.ring.desc_gpa + scmi_vio_vring_desc_bytes(l->num);
	cfg.ring.used_gpa =
		cfg.ring.desc_gpa + scmi_vio_vring_used_offset(l->num, 64);
	cfg.gmem = *gm;
	cfg.features = features;
	ret = scmi_vio_vqd_create(&cfg, vqd);
	if (ret) {
		scmi_vio_gmem_destroy(*gm);
		*gm = NULL;
	}
	return ret;
}
