// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "ring_traffic.h"

#define REQ_HDR 12u
#define REPLY_LEN 16u
#define MAX_PAYLOAD 64u

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static uint32_t fnv1a(uint32_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		h = (h ^ *b++) * 16777619u;
	return h;
}

#define FNV_SEED 2166136261u

static void fail(struct traffic_stats *st, const char *what, long long v)
{
	if (!st->errors++)
		snprintf(st->first_error, sizeof(st->first_error), "%s (%lld)",
			 what, v);
}

/* Spin politely: the stress tier may run two pairs on two cores. */
static void idle_spin(unsigned int *spins)
{
	if (++*spins % 64 == 0)
		sched_yield();
	else
		sv_cpu_relax();
}

struct slot {
	uint64_t seq;
	uint32_t sum; /* checksum of the request bytes */
	uint32_t out_len;
};

/* Build request @seq in buffer @b and add it; 0, -ENOSPC or an error. */
static int send_one(const struct traffic_cfg *cfg, struct scmi_vio_vq *vq,
		    unsigned int b, uint64_t seq, uint32_t *rng,
		    struct slot *slot)
{
	const struct ring_layout *l = cfg->layout;
	unsigned char *buf = ring_buf_host(l, cfg->mem, b);
	uint64_t gpa = ring_buf_gpa(l, b);
	uint32_t plen = xorshift(rng) % (MAX_PAYLOAD + 1), i, split;
	struct scmi_vio_seg out[2], in;
	unsigned int n_out = 1;

	sv_put_le64(buf, seq);
	sv_put_le32(buf + 8, plen);
	for (i = 0; i < plen; i++)
		buf[REQ_HDR + i] = (unsigned char)(seq * 131 + i);
	slot->seq = seq;
	slot->out_len = REQ_HDR + plen;
	slot->sum = fnv1a(FNV_SEED, buf, slot->out_len);
	/* Split the request over two segments at a random point. */
	split = xorshift(rng) % slot->out_len;
	out[0] = (struct scmi_vio_seg){ gpa, slot->out_len };
	if (split) {
		out[0].len = split;
		out[1] = (struct scmi_vio_seg){ gpa + split,
						slot->out_len - split };
		n_out = 2;
	}
	in = (struct scmi_vio_seg){ gpa + l->buf_size - REPLY_LEN, REPLY_LEN };
	return scmi_vio_vq_add(vq, out, n_out, &in, 1,
			       (void *)(uintptr_t)(b + 1));
}

static void check_reply(const struct traffic_cfg *cfg, unsigned int b,
			uint32_t len, const struct slot *slot,
			struct traffic_stats *st)
{
	const unsigned char *r =
		(const unsigned char *)ring_buf_host(cfg->layout, cfg->mem, b) +
		cfg->layout->buf_size - REPLY_LEN;

	if (len != REPLY_LEN)
		fail(st, "reply length", len);
	else if (sv_get_le64(r) != slot->seq)
		fail(st, "reply for another request", (long long)slot->seq);
	else if (sv_get_le32(r + 8) != slot->sum)
		fail(st, "payload checksum", (long long)slot->seq);
	else if (sv_get_le32(r + 12) != slot->out_len)
		fail(st, "bytes the device read", sv_get_le32(r + 12));
}

/* Sleep until the device interrupts; false on a lost wake-up. */
static bool driver_wait(const struct traffic_cfg *cfg, struct scmi_vio_vq *vq,
			struct traffic_stats *st)
{
	int ret;

	if (!scmi_vio_vq_enable_cb(vq)) {
		scmi_vio_vq_disable_cb(vq);
		return true; /* raced in: reap first */
	}
	ret = scmi_vio_doorbell_wait(cfg->wait_db, cfg->hang_ns);
	scmi_vio_vq_disable_cb(vq);
	if (ret <= 0) {
		fail(st, "driver lost an interrupt (L-11)", ret);
		return false;
	}
	return true;
}

void traffic_run_driver(const struct traffic_cfg *cfg, struct scmi_vio_vq *vq,
			struct traffic_stats *st)
{
	unsigned int nbufs = cfg->layout->nbufs, nfree = nbufs, b;
	struct slot *slots = calloc(nbufs, sizeof(*slots));
	unsigned int *free_bufs = calloc(nbufs, sizeof(*free_bufs));
	uint32_t rng = cfg->seed | 1;
	uint64_t next_seq = 0;
	unsigned int spins = 0;

	memset(st, 0, sizeof(*st));
	if (!slots || !free_bufs) {
		fail(st, "out of memory", 0);
		goto out;
	}
	for (b = 0; b < nbufs; b++)
		free_bufs[b] = b;
	scmi_vio_vq_disable_cb(vq);
	while (st->completed < cfg->total && !st->errors) {
		unsigned int batch = 1 + xorshift(&rng) % cfg->max_batch;
		unsigned int added = 0, reaped = 0;
		uint32_t len;
		void *tok;
		int ret = 0;

		while (added < batch && next_seq < cfg->total && nfree) {
			b = free_bufs[--nfree];
			ret = send_one(cfg, vq, b, next_seq, &rng, &slots[b]);
			if (ret) {
				nfree++;
				break;
			}
			next_seq++;
			added++;
		}
		if (ret && ret != -ENOSPC) {
			fail(st, "add", ret);
			break;
		}
		if (added && cfg->mode == TRAFFIC_DOORBELL &&
		    scmi_vio_vq_kick_prepare(vq)) {
			st->kicks++;
			if (scmi_vio_vq_notify(vq))
				fail(st, "notify", 0);
		}
		while ((ret = scmi_vio_vq_get_used(vq, &tok, &len)) == 1) {
			b = (unsigned int)((uintptr_t)tok - 1);
			if (b >= nbufs) {
				fail(st, "token", b);
				break;
			}
			check_reply(cfg, b, len, &slots[b], st);
			free_bufs[nfree++] = b;
			st->completed++;
			reaped++;
		}
		if (ret < 0)
			fail(st, "get_used", ret);
		if (added || reaped)
			continue;
		if (cfg->mode == TRAFFIC_POLL)
			idle_spin(&spins);
		else if (!driver_wait(cfg, vq, st))
			break;
	}
out:
	/* Everything before (all replies checked) happens before the device
	 * sees stop; pairs with the acquire in traffic_run_device(). */
	sv_store_release(cfg->stop, 1);
	if (cfg->ring_db)
		scmi_vio_doorbell_ring(cfg->ring_db);
	free(slots);
	free(free_bufs);
}

/* Checksum every readable byte of the chain and write the reply. */
static int serve_chain(const struct scmi_vio_chain *c)
{
	unsigned char reply[REPLY_LEN], first[REQ_HDR];
	uint32_t sum = FNV_SEED;
	unsigned int i;

	if (c->write_bytes < REPLY_LEN || c->read_bytes < REQ_HDR)
		return -EINVAL;
	for (i = 0; i < c->n_read; i++)
		sum = fnv1a(sum, c->iov[i].iov_base, c->iov[i].iov_len);
	scmi_vio_iov_to_buf(c->iov, c->n_read, first, sizeof(first));
	sv_put_le64(reply, sv_get_le64(first));
	sv_put_le32(reply + 8, sum);
	sv_put_le32(reply + 12, c->read_bytes);
	scmi_vio_iov_from_buf(c->iov + c->n_read, c->n_write, reply,
			      sizeof(reply));
	return 0;
}

static void device_flush(const struct traffic_cfg *cfg,
			 struct scmi_vio_vqd *vqd,
			 struct scmi_vio_vring_used_elem *batch,
			 unsigned int *n, struct traffic_stats *st)
{
	int ret;

	if (!*n)
		return;
	ret = scmi_vio_vqd_push_batch(vqd, batch, *n);
	if (ret)
		fail(st, "push_batch", ret);
	st->completed += *n;
	*n = 0;
	if (cfg->mode == TRAFFIC_DOORBELL && scmi_vio_vqd_need_notify(vqd)) {
		st->interrupts++;
		scmi_vio_doorbell_ring(cfg->ring_db);
	}
}

void traffic_run_device(const struct traffic_cfg *cfg, struct scmi_vio_vqd *vqd,
			struct traffic_stats *st)
{
	struct scmi_vio_vring_used_elem batch[64];
	uint32_t rng = (cfg->seed * 7) | 1;
	unsigned int n = 0, spins = 0;
	unsigned int target = 1 + xorshift(&rng) % cfg->max_batch;
	struct scmi_vio_chain chain;
	struct iovec iov[8];
	int ret;

	memset(st, 0, sizeof(*st));
	if (cfg->mode == TRAFFIC_DOORBELL)
		scmi_vio_vqd_disable_notify(vqd);
	while (!st->errors) {
		ret = scmi_vio_vqd_pop(vqd, &chain, iov, 8);
		if (ret == 1) {
			if (serve_chain(&chain))
				fail(st, "malformed request", chain.head);
			batch[n++] =
				(struct scmi_vio_vring_used_elem){ chain.head,
								   REPLY_LEN };
			if (n >= target || n == 64) {
				device_flush(cfg, vqd, batch, &n, st);
				target = 1 + xorshift(&rng) % cfg->max_batch;
			}
			continue;
		}
		if (ret < 0) {
			fail(st, "pop", ret);
			break;
		}
		device_flush(cfg, vqd, batch, &n, st);
		/* The driver set stop after its last reply was checked;
		 * pairs with its release store. */
		if (sv_load_acquire(cfg->stop))
			break;
		if (cfg->mode == TRAFFIC_POLL) {
			idle_spin(&spins);
			continue;
		}
		if (!scmi_vio_vqd_enable_notify(vqd)) {
			scmi_vio_vqd_disable_notify(vqd);
			continue;
		}
		ret = scmi_vio_doorbell_wait(cfg->wait_db, cfg->hang_ns);
		scmi_vio_vqd_disable_notify(vqd);
		if (ret <= 0 && !sv_load_acquire(cfg->stop))
			fail(st, "device lost a kick (L-11)", ret);
	}
}
