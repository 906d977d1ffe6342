// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target: a hostile device against the driver role.  The input
 * is a script: add chains, reap, kick, toggle callbacks, poll, and write
 * arbitrary used elements, used.idx, used.flags and avail_event.  The
 * driver must keep invariant 1, hand back only tokens it has in flight,
 * each once, and never crash or hang.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/virtqueue.h>

#define MAX_NUM 32u

static unsigned char ring_mem[8192] __attribute__((aligned(4096)));
static unsigned char ind_mem[MAX_NUM * 4 * 16] __attribute__((aligned(64)));

#define require(c)                        \
	do {                              \
		if (!(c))                 \
			__builtin_trap(); \
	} while (0)

static void check_state(struct scmi_vio_vq *vq, const uint8_t *in_flight,
			unsigned int num)
{
	struct scmi_vio_vq_state st;
	unsigned int i, n = 0;

	scmi_vio_vq_get_state(vq, &st);
	require(st.free_descs + st.busy_descs == num);
	require(st.added - st.used == st.heads_in_flight);
	for (i = 0; i < 256; i++)
		n += in_flight[i];
	require(n == st.heads_in_flight);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scmi_vio_vq_config cfg;
	struct scmi_vio_vq *vq;
	uint8_t in_flight[256] = { 0 };
	unsigned int num, next_tok = 0;
	size_t pos = 2;
	uint64_t pos64 = 0;

	if (size < 2)
		return 0;
	num = 1u << (data[0] % 6);
	memset(&cfg, 0, sizeof(cfg));
	if (scmi_vio_vring_layout(&cfg.ring, num, ring_mem, 4))
		return 0;
	cfg.features = (data[1] & 1 ? 1ull << SCMI_VIO_F_EVENT_IDX : 0) |
		       (data[1] & 2 ? 1ull << SCMI_VIO_F_INDIRECT_DESC : 0);
	cfg.used_len_policy = (data[1] >> 2) % 3;
	cfg.indirect_mem = ind_mem;
	cfg.indirect_addr = 0x100000;
	cfg.indirect_bytes = sizeof(ind_mem) >> (data[1] >> 4 & 3);
	cfg.indirect_max = 4;
	cfg.no_interrupts = data[1] >> 6 & 1;
	if (scmi_vio_vq_create(&cfg, &vq))
		return 0;

	while (pos + 4 <= size) {
		uint8_t op = data[pos], a = data[pos + 1];
		uint16_t w = (uint16_t)(data[pos + 2] | data[pos + 3] << 8);
		struct scmi_vio_seg segs[6];
		unsigned int n_out, n_in, k;
		void *tok;
		uint32_t len;
		int ret;

		pos += 4;
		switch (op % 10) {
		case 0: /* add */
			n_out = a % 4;
			n_in = (a >> 2) % 3;
			for (k = 0; k < n_out + n_in; k++)
				segs[k] = (struct scmi_vio_seg){
					0x2000 + k, 1u + (w >> k) % 300
				};
			tok = (void *)(uintptr_t)(next_tok % 255 + 1);
			if (in_flight[next_tok % 255 + 1])
				break; /* keep tokens unique */
			ret = scmi_vio_vq_add(vq, segs, n_out, segs + n_out,
					      n_in, tok);
			if (ret == 0)
				in_flight[next_tok % 255 + 1] = 1;
			next_tok++;
			break;
		case 1: /* reap */
			ret = scmi_vio_vq_get_used(vq, &tok, &len);
			if (ret == 1) {
				uintptr_t t = (uintptr_t)tok;

				require(t >= 1 && t <= 255 && in_flight[t]);
				in_flight[t] = 0;
			}
			break;
		case 2: /* the device writes a used element */
			cfg.ring.used->ring[a % num].id = w % (num + 2);
			cfg.ring.used->ring[a % num].len = (uint32_t)w * a;
			break;
		case 3: /* ... or moves used.idx */
			cfg.ring.used->idx =
				(uint16_t)(cfg.ring.used->idx + (a % 4));
			if (a == 0xff)
				cfg.ring.used->idx = w;
			break;
		case 4:
			cfg.ring.used->flags = w;
			*scmi_vio_vring_avail_event(&cfg.ring) = w;
			break;
		case 5:
			(void)scmi_vio_vq_kick_prepare(vq);
			break;
		case 6:
			if (a & 1)
				scmi_vio_vq_disable_cb(vq);
			else if (a & 2)
				(void)scmi_vio_vq_enable_cb_delayed(vq);
			else
				(void)scmi_vio_vq_enable_cb(vq);
			break;
		case 7:
			if (a & 1)
				pos64 = scmi_vio_vq_enable_cb_prepare(vq);
			else
				(void)scmi_vio_vq_poll(vq, pos64);
			break;
		case 8: { /* burst reap */
			struct scmi_vio_vq_used u[8];

			ret = scmi_vio_vq_get_used_many(vq, u, a % 9);
			for (k = 0; ret > 0 && k < (unsigned int)ret; k++) {
				uintptr_t t = (uintptr_t)u[k].token;

				require(t >= 1 && t <= 255 && in_flight[t]);
				in_flight[t] = 0;
			}
			break;
		}
		case 9:
			scmi_vio_vq_set_used_len_policy(vq, a % 3);
			break;
		}
		check_state(vq, in_flight, num);
	}
	/* Shutdown: every token still in flight comes back exactly once. */
	{
		struct scmi_vio_vq_state st;
		void *tok;

		while ((tok = scmi_vio_vq_detach_unused(vq))) {
			uintptr_t t = (uintptr_t)tok;

			require(t >= 1 && t <= 255 && in_flight[t]);
			in_flight[t] = 0;
		}
		scmi_vio_vq_get_state(vq, &st);
		require(st.free_descs == num && st.heads_in_flight == 0);
	}
	scmi_vio_vq_destroy(vq);
	return 0;
}
