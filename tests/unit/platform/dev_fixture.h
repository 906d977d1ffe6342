/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A guest for the platform device tests: one block of "guest memory" at a
 * guest-physical base far from its host address, a cmdq and an eventq laid
 * out in it, the library's driver role on the agent side (or raw ring
 * writes, for the hostile cases), and the device under test.
 */
#ifndef SCMI_VIO_TEST_DEV_FIXTURE_H
#define SCMI_VIO_TEST_DEV_FIXTURE_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/guest_mem.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/virtqueue.h>
#include <scmi_vio/vring.h>

#define TD_GPA 0x40000000ull
#define TD_MEM (1u << 20)
#define TD_NUM 16u
#define TD_CMDQ_OFF 0x0u
#define TD_EVQ_OFF 0x4000u
#define TD_BUF_OFF 0x10000u
#define TD_BUF_SIZE 0x200u /* per message: request, then response at +0x100 */
#define TD_EV_OFF 0x80000u

#define TD_FEATURES \
	(1ull << SCMI_VIO_F_VERSION_1 | 1ull << SCMI_VIO_F_P2A_CHANNELS)

struct tdev {
	uint8_t *mem;
	struct scmi_vio_gmem *gm;
	struct scmi_vio_vring cmd_ring;
	struct scmi_vio_vring ev_ring;
	struct scmi_vio_vq *cmdq; /* driver role */
	struct scmi_vio_vq *evq;
	struct scmi_vio_platform *plat;
	struct scmi_vio_platform_dev *dev;
};

static inline uint64_t td_gpa(const struct tdev *t, const void *p)
{
	return TD_GPA + (uint64_t)((const uint8_t *)p - t->mem);
}

static inline uint8_t *td_req(struct tdev *t, unsigned int i)
{
	return t->mem + TD_BUF_OFF + (size_t)i * TD_BUF_SIZE;
}

static inline uint8_t *td_resp(struct tdev *t, unsigned int i)
{
	return td_req(t, i) + 0x100;
}

static inline struct scmi_vio_vring_gpa
td_queue(struct tdev *t, const struct scmi_vio_vring *vr)
{
	struct scmi_vio_vring_gpa q = {
		.num = vr->num,
		.desc_gpa = td_gpa(t, vr->desc),
		.avail_gpa = td_gpa(t, vr->avail),
		.used_gpa = td_gpa(t, vr->used),
	};

	return q;
}

/* Lay out the guest; create the driver queues unless @raw. */
static inline void td_guest(struct tdev *t, uint64_t features, bool raw)
{
	const struct scmi_vio_gmem_region r = { .gpa = TD_GPA,
						.len = TD_MEM,
						.writable = true };
	struct scmi_vio_gmem_region rr = r;
	struct scmi_vio_vq_config vc;

	memset(t, 0, sizeof(*t));
	t->mem = aligned_alloc(4096, TD_MEM);
	ck_assert_ptr_nonnull(t->mem);
	memset(t->mem, 0, TD_MEM);
	rr.host = t->mem;
	ck_assert_int_eq(scmi_vio_gmem_create(&rr, 1, &t->gm), 0);
	ck_assert_int_eq(scmi_vio_vring_layout(&t->cmd_ring, TD_NUM,
					       t->mem + TD_CMDQ_OFF, 4),
			 0);
	ck_assert_int_eq(scmi_vio_vring_layout(&t->ev_ring, TD_NUM,
					       t->mem + TD_EVQ_OFF, 4),
			 0);
	if (raw)
		return;
	memset(&vc, 0, sizeof(vc));
	vc.ring = t->cmd_ring;
	vc.features = features;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &t->cmdq), 0);
	vc.ring = t->ev_ring;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &t->evq), 0);
}

static inline void td_device(struct tdev *t, uint64_t features,
			     struct scmi_vio_platform_dev_config *extra)
{
	struct scmi_vio_platform_config pc;
	struct scmi_vio_platform_dev_config dc;

	scmi_vio_platform_config_default(&pc);
	ck_assert_int_eq(scmi_vio_platform_create(&pc, &t->plat), 0);
	if (extra)
		dc = *extra;
	else
		memset(&dc, 0, sizeof(dc));
	dc.plat = t->plat;
	dc.gmem = t->gm;
	dc.features = features;
	dc.cmdq = td_queue(t, &t->cmd_ring);
	dc.eventq = td_queue(t, &t->ev_ring);
	ck_assert_int_eq(scmi_vio_platform_dev_create(&dc, &t->dev), 0);
}

/* The usual setup: driver role, device with @extra options. */
static inline void td_setup(struct tdev *t,
			    struct scmi_vio_platform_dev_config *extra)
{
	td_guest(t, TD_FEATURES, false);
	td_device(t, TD_FEATURES, extra);
}

static inline void td_teardown(struct tdev *t)
{
	scmi_vio_platform_dev_destroy(t->dev);
	scmi_vio_platform_destroy(t->plat);
	scmi_vio_vq_destroy(t->cmdq);
	scmi_vio_vq_destroy(t->evq);
	scmi_vio_gmem_destroy(t->gm);
	free(t->mem);
}

/* Post message slot @i: @len request bytes already in td_req(i). */
static inline void td_post(struct tdev *t, unsigned int i, uint32_t len,
			   uint32_t resp_cap)
{
	const struct scmi_vio_seg out = { td_gpa(t, td_req(t, i)), len };
	const struct scmi_vio_seg in = { td_gpa(t, td_resp(t, i)), resp_cap };

	memset(td_resp(t, i), 0xee, 0x100);
	ck_assert_int_eq(scmi_vio_vq_add(t->cmdq, &out, 1, &in,
					 resp_cap ? 1 : 0,
					 (void *)(uintptr_t)(i + 1)),
			 0);
}

/* Post header + @n words in slot @i with a 136-byte response buffer. */
static inline void td_post_words(struct tdev *t, unsigned int i, uint32_t hdr,
				 unsigned int n, const uint32_t *w)
{
	uint8_t *p = td_req(t, i);
	unsigned int k;

	for (k = 0; k <= n; k++) {
		uint32_t v = k ? w[k - 1] : hdr;

		p[4 * k] = (uint8_t)v;
		p[4 * k + 1] = (uint8_t)(v >> 8);
		p[4 * k + 2] = (uint8_t)(v >> 16);
		p[4 * k + 3] = (uint8_t)(v >> 24);
	}
	td_post(t, i, 4 + 4 * n, 136);
}

/* Reap one used cmdq chain: returns the slot index, sets *@len. */
static inline unsigned int td_reap(struct tdev *t, uint32_t *len)
{
	void *tok = NULL;

	ck_assert_int_eq(scmi_vio_vq_get_used(t->cmdq, &tok, len), 1);
	return (unsigned int)(uintptr_t)tok - 1;
}

static inline void td_no_used(struct tdev *t)
{
	void *tok;
	uint32_t len;

	ck_assert_int_eq(scmi_vio_vq_get_used(t->cmdq, &tok, &len), 0);
}

/* Offer eventq buffer @i of @cap bytes. */
static inline void td_feed_event(struct tdev *t, unsigned int i, uint32_t cap)
{
	const struct scmi_vio_seg in = {
		td_gpa(t, t->mem + TD_EV_OFF + (size_t)i * 0x100), cap
	};

	ck_assert_int_eq(scmi_vio_vq_add(t->evq, NULL, 0, &in, 1,
					 (void *)(uintptr_t)(i + 1)),
			 0);
}

/* Reap one eventq buffer: returns its host address, sets *@len. */
static inline uint8_t *td_reap_event(struct tdev *t, uint32_t *len)
{
	void *tok = NULL;

	ck_assert_int_eq(scmi_vio_vq_get_used(t->evq, &tok, len), 1);
	return t->mem + TD_EV_OFF + ((size_t)(uintptr_t)tok - 1) * 0x100;
}

static inline void td_no_event(struct tdev *t)
{
	void *tok;
	uint32_t len;

	ck_assert_int_eq(scmi_vio_vq_get_used(t->evq, &tok, &len), 0);
}

#endif /* SCMI_VIO_TEST_DEV_FIXTURE_H */
