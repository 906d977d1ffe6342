// SPDX-License-Identifier: BSD-3-Clause
/* The driver-role tests' fixture (vq_test.h). */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomics.h"
#include "vq_test.h"

const unsigned int sizes[] = { 1, 2, 256, 32768 };

struct fx fx;
unsigned int fx_tables;

void fx_open(unsigned int num, uint64_t features, unsigned int ind_max,
	     struct scmi_vio_doorbell *kick)
{
	struct scmi_vio_vq_config cfg;
	size_t bytes = scmi_vio_vring_size(num, 4);
	size_t ind_bytes = (size_t)(fx_tables ? fx_tables : num) * 4 * 16;

	memset(&fx, 0, sizeof(fx));
	fx.features = features;
	ck_assert_int_eq(posix_memalign(&fx.ring_mem, 4096, bytes), 0);
	ck_assert_int_eq(scmi_vio_vring_layout(&fx.ring, num, fx.ring_mem, 4),
			 0);
	ck_assert_int_eq(posix_memalign(&fx.ind_mem, 64, ind_bytes), 0);
	memset(&cfg, 0, sizeof(cfg));
	cfg.ring = fx.ring;
	cfg.features = features;
	cfg.indirect_mem = fx.ind_mem;
	cfg.indirect_addr = (uintptr_t)fx.ind_mem;
	cfg.indirect_bytes = ind_bytes;
	cfg.indirect_max = ind_max;
	cfg.kick = kick;
	ck_assert_int_eq(scmi_vio_vq_create(&cfg, &fx.vq), 0);
}

void fx_open_param(int i)
{
	static const uint64_t feats[] = { 0, EI, IND, EI | IND };

	fx_open(sizes[i / 4], feats[i % 4], 4, NULL);
}

void fx_close(void)
{
	scmi_vio_vq_destroy(fx.vq);
	free(fx.ring_mem);
	free(fx.ind_mem);
	fx.vq = NULL;
}

/* The fake device: next available head, or -1. */
int dev_pop(void)
{
	uint16_t idx = fx.ring.avail->idx;
	uint16_t head;

	if (idx == fx.dev_avail)
		return -1;
	head = fx.ring.avail->ring[fx.dev_avail & (fx.ring.num - 1)];
	fx.dev_avail++;
	return head;
}

void dev_push(uint32_t id, uint32_t len)
{
	struct scmi_vio_vring_used_elem *e =
		&fx.ring.used->ring[fx.dev_used & (fx.ring.num - 1)];

	e->id = id;
	e->len = len;
	fx.dev_used++;
	/* The entry before idx (pairs with the driver's acquire of used.idx). */
	sv_store_release(&fx.ring.used->idx, fx.dev_used);
}

void check_invariant_1(void)
{
	struct scmi_vio_vq_state st;

	scmi_vio_vq_get_state(fx.vq, &st);
	ck_assert_uint_eq(st.free_descs + st.busy_descs, st.num);
	ck_assert_uint_eq(st.free_descs, scmi_vio_vq_num_free(fx.vq));
	ck_assert_uint_le(st.heads_in_flight, st.busy_descs);
	ck_assert_uint_eq(st.added - st.used, st.heads_in_flight);
}

int add_one(uintptr_t token, unsigned int n_out, unsigned int n_in)
{
	struct scmi_vio_seg out[4], in[4];
	unsigned int i;

	for (i = 0; i < n_out; i++)
		out[i] = (struct scmi_vio_seg){ 0x1000 * (i + 1), 16 };
	for (i = 0; i < n_in; i++)
		in[i] = (struct scmi_vio_seg){ 0x9000 + 0x1000 * i, 32 };
	return scmi_vio_vq_add(fx.vq, out, n_out, in, n_in, (void *)token);
}

int get_used(void)
{
	return scmi_vio_vq_get_used(fx.vq, &fx.tok, &fx.len);
}

void expect_broken(void)
{
	void *tok;
	uint32_t len;

	ck_assert_int_eq(scmi_vio_vq_get_used(fx.vq, &tok, &len), -EIO);
	ck_assert(scmi_vio_vq_is_broken(fx.vq));
	ck_assert_int_eq(scmi_vio_vq_get_used(fx.vq, &tok, &len), -EIO);
	ck_assert_int_eq(add_one(77, 1, 0), -EIO);
	ck_assert(!scmi_vio_vq_kick_prepare(fx.vq));
	ck_assert_int_eq(scmi_vio_vq_notify(fx.vq), -EIO);
	ck_assert(!scmi_vio_vq_poll(fx.vq, 0));
	ck_assert(!scmi_vio_vq_poll16(fx.vq, 0));
	/* Nothing more will come: a completion loop stops. */
	ck_assert(scmi_vio_vq_enable_cb(fx.vq));
}

/* Detaching still works on a broken queue and returns every token once. */
void expect_detach_all(unsigned int n)
{
	unsigned int got = 0;

	while (scmi_vio_vq_detach_unused(fx.vq))
		got++;
	ck_assert_uint_eq(got, n);
	ck_assert_uint_eq(scmi_vio_vq_num_free(fx.vq), fx.ring.num);
	fx_close();
}

void expect_broken_then_detach(unsigned int n)
{
	expect_broken();
	expect_detach_all(n);
}
