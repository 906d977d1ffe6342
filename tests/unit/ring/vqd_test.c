// SPDX-License-Identifier: BSD-3-Clause
/* Helpers shared by the device-role tests (vqd_test.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vqd_test.h"

const unsigned int vqd_sizes[N_SIZES] = { 1, 2, 256, 32768 };

void ctx_init_ex(struct ctx *c, unsigned int num, uint64_t features,
		 unsigned int max_in_flight, unsigned int max_iov,
		 const struct scmi_vio_gmem_region *extra, unsigned int n_extra)
{
	struct scmi_vio_vqd_config cfg;

	memset(c, 0, sizeof(*c));
	vf_init_extra(&c->f, num, extra, n_extra);
	vf_vqd_config(&c->f, features, &cfg);
	cfg.max_in_flight = max_in_flight;
	ck_assert_int_eq(scmi_vio_vqd_create(&cfg, &c->vqd), 0);
	c->max_iov = max_iov;
	c->iov = calloc(max_iov, sizeof(*c->iov));
	ck_assert_ptr_nonnull(c->iov);
}

void ctx_init(struct ctx *c, unsigned int num, uint64_t features)
{
	ctx_init_ex(c, num, features, 0, 16, NULL, 0);
}

void ctx_fini(struct ctx *c)
{
	scmi_vio_vqd_destroy(c->vqd);
	free(c->iov);
	vf_fini(&c->f);
}

int pop(struct ctx *c)
{
	return scmi_vio_vqd_pop(c->vqd, &c->ch, c->iov, c->max_iov);
}

void expect_chain_error(struct ctx *c, uint16_t head, int err)
{
	uint16_t used = vf_read(&c->f, VF_USED_IDX);
	unsigned int in_flight = scmi_vio_vqd_in_flight(c->vqd);
	uint32_t id, len;

	c->ch.head = (uint16_t)~head;
	ck_assert_int_eq(pop(c), err);
	ck_assert_uint_eq(c->ch.head, head);
	ck_assert_uint_eq(vf_read(&c->f, VF_USED_IDX), (uint16_t)(used + 1));
	vf_read_used_elem(&c->f, used, &id, &len);
	ck_assert_uint_eq(id, head);
	ck_assert_uint_eq(len, 0);
	ck_assert(!scmi_vio_vqd_is_broken(c->vqd));
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c->vqd), in_flight);
	/* Consumed once: not offered again. */
	ck_assert_int_eq(pop(c), 0);
	ck_assert_uint_eq(vf_read(&c->f, VF_USED_IDX), (uint16_t)(used + 1));
}

void pop_lone(struct ctx *c, uint16_t head, uint64_t addr, uint32_t len,
	      uint16_t flags)
{
	vf_desc(&c->f, head, addr, len, flags, 0);
	vf_avail_add(&c->f, head);
	ck_assert_int_eq(pop(c), 1);
}

void expect_still_works(struct ctx *c)
{
	pop_lone(c, 0, VF_DATA_GPA, 16, 0);
	ck_assert_uint_eq(c->ch.head, 0);
	ck_assert_uint_eq(c->ch.read_bytes, 16);
	ck_assert_int_eq(scmi_vio_vqd_push(c->vqd, 0, 0), 0);
}

static void vqd_write(struct ctx *c, const struct vqd_offer *o)
{
	const struct vqd_desc *d;

	for (d = o->d; d < o->d + VQD_OFFER_DESCS && d->table; d++) {
		if (d->table == VQD_RING)
			vf_desc(&c->f, d->i, d->addr, d->len, d->flags,
				d->next);
		else
			vf_desc_at(&c->f, d->table, d->i, d->addr, d->len,
				   d->flags, d->next);
	}
}

void vqd_run_case(const struct vqd_case *k)
{
	const struct vqd_offer *o, *end = k->offer + VQD_CASE_OFFERS;
	struct ctx c;

	ctx_init_ex(&c, k->num, k->features, 0, k->max_iov, NULL, 0);
	for (o = k->offer; o < end && o->d[0].table; o++) {
		vqd_write(&c, o);
		vf_avail_add(&c.f, o->head);
		if (o->err) {
			expect_chain_error(&c, o->head, o->err);
		} else {
			ck_assert_int_eq(pop(&c), 1);
			ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, o->head, 0),
					 0);
		}
	}
	if (k->still_works)
		expect_still_works(&c);
	ctx_fini(&c);
}

void *used_snapshot(const struct ctx *c)
{
	size_t bytes = scmi_vio_vring_used_bytes(c->f.num);
	void *snap = malloc(bytes);

	ck_assert_ptr_nonnull(snap);
	memcpy(snap, c->f.vr.used, bytes);
	return snap;
}

static void expect_broken(struct ctx *c, const void *snap)
{
	const struct scmi_vio_vring_used_elem e = { 0, 0 };
	size_t bytes = scmi_vio_vring_used_bytes(c->f.num);

	ck_assert(!scmi_vio_vqd_is_broken(c->vqd));
	ck_assert_int_eq(pop(c), -EIO);
	ck_assert(scmi_vio_vqd_is_broken(c->vqd));
	ck_assert_int_eq(pop(c), -EIO);
	ck_assert_int_eq(scmi_vio_vqd_push(c->vqd, 0, 0), -EIO);
	ck_assert_int_eq(scmi_vio_vqd_push_batch(c->vqd, &e, 1), -EIO);
	ck_assert(!scmi_vio_vqd_need_notify(c->vqd));
	ck_assert(!scmi_vio_vqd_enable_notify(c->vqd));
	scmi_vio_vqd_disable_notify(c->vqd);
	ck_assert(!scmi_vio_vqd_enable_notify(c->vqd));
	ck_assert_mem_eq(c->f.vr.used, snap, bytes);
}

static void expect_broken_by(struct ctx *c, bool publish, uint16_t v)
{
	void *snap = used_snapshot(c);

	if (publish)
		vf_avail_publish(&c->f, v);
	else
		vf_avail_add(&c->f, v);
	expect_broken(c, snap);
	free(snap);
}

void expect_broken_on_add(struct ctx *c, uint16_t head)
{
	expect_broken_by(c, false, head);
}

void expect_broken_on_publish(struct ctx *c, uint16_t idx)
{
	expect_broken_by(c, true, idx);
}
