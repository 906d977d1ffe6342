// SPDX-License-Identifier: BSD-3-Clause
/*
 * Split-ring throughput, driver on CPU 0 and device on CPU 1, against a spin
 * ping-pong between the same CPUs measured in the same invocation:
 *   stream_b1_poll     streaming, batch 1, both sides polling
 *   stream_b32_poll    streaming, batch 32, both sides polling
 *   rtt_poll           one buffer outstanding (round trips), polling
 *   stream_b32_eventfd streaming, batch 32, eventfd doorbells, EVENT_IDX
 * Each runs --runs times (default 5); medians are reported.
 * Usage: ring_bench [--quick] [--runs N]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/doorbell.h>

#include "bench_util.h"
#include "common/atomics.h"
#include "ring_pair.h"

#define QSIZE 256u
#define BUF 64u

enum cfg_id { STREAM_B1, STREAM_B32, RTT, STREAM_EVENTFD, NCFG };

static const char *const cfg_names[NCFG] = { "stream_b1_poll",
					     "stream_b32_poll", "rtt_poll",
					     "stream_b32_eventfd" };

struct run {
	enum cfg_id id;
	uint64_t ops;
	unsigned int batch;
	unsigned int window; /* buffers the driver keeps in flight */
	struct ring_layout l;
	void *mem;
	struct scmi_vio_vq *vq;
	struct scmi_vio_vqd *vqd;
	struct scmi_vio_gmem *gm;
	struct scmi_vio_doorbell *kick, *irq;
	int stop; /* ATOMIC */
	struct bench_gate gate;
	uint64_t kicks, irqs;
};

static void *device_thread(void *p)
{
	struct run *r = p;
	struct scmi_vio_vring_used_elem used[32];
	struct scmi_vio_chain c[32];
	struct iovec iov[32];
	unsigned int n = 0;
	bool doorbells = r->kick != NULL;

	bench_pin(1);
	if (doorbells)
		scmi_vio_vqd_disable_notify(r->vqd);
	bench_gate_wait(&r->gate, 2);
	for (;;) {
		/* Chains go through the burst call, up to a batch at once. */
		int ret =
			scmi_vio_vqd_pop_many(r->vqd, c, r->batch - n, iov, 32);
		int k;

		if (ret < 0) {
			fprintf(stderr, "pop: %d\n", ret);
			exit(1);
		}
		for (k = 0; k < ret; k++)
			used[n++] =
				(struct scmi_vio_vring_used_elem){ c[k].head,
								   0 };
		if (ret && n < r->batch)
			continue;
		if (n) {
			if (n == 1)
				(void)scmi_vio_vqd_push(r->vqd, used[0].id, 0);
			else
				(void)scmi_vio_vqd_push_batch(r->vqd, used, n);
			n = 0;
			if (doorbells && scmi_vio_vqd_need_notify(r->vqd)) {
				r->irqs++;
				scmi_vio_doorbell_ring(r->irq);
			}
			continue;
		}
		/* Pairs with the driver's release once all ops are back. */
		if (sv_load_acquire(&r->stop))
			break;
		if (!doorbells) {
			sv_cpu_relax();
			continue;
		}
		if (scmi_vio_vqd_enable_notify(r->vqd))
			scmi_vio_doorbell_wait(r->kick, -1);
		scmi_vio_vqd_disable_notify(r->vqd);
	}
	return NULL;
}

static double drive(struct run *r)
{
	uint64_t sent = 0, done = 0, t0, t1;
	unsigned int in_flight = 0, next_buf = 0;
	bool doorbells = r->kick != NULL;
	pthread_t t;

	pthread_create(&t, NULL, device_thread, r);
	bench_pin(0);
	scmi_vio_vq_disable_cb(r->vq);
	bench_gate_wait(&r->gate, 2);
	t0 = bench_now_ns();
	while (done < r->ops) {
		struct scmi_vio_vq_buf bufs[32];
		struct scmi_vio_seg segs[32];
		struct scmi_vio_vq_used used[32];
		unsigned int k = 0;
		int added, reaped;

		/* Batches go through the burst calls: one avail.idx store
		 * per batch, one used_event update per reap. */
		while (k < r->batch && in_flight + k < r->window &&
		       sent + k < r->ops) {
			segs[k] = (struct scmi_vio_seg){
				ring_buf_gpa(&r->l, next_buf), BUF
			};
			bufs[k] = (struct scmi_vio_vq_buf){
				&segs[k], 1, NULL, 0,
				(void *)(uintptr_t)(next_buf + 1)
			};
			next_buf = (next_buf + 1) % r->l.nbufs;
			k++;
		}
		added = k ? scmi_vio_vq_add_many(r->vq, bufs, k) : 0;
		if (added < 0)
			added = 0;
		in_flight += (unsigned int)added;
		sent += (unsigned int)added;
		if (added && doorbells && scmi_vio_vq_kick_prepare(r->vq)) {
			r->kicks++;
			scmi_vio_vq_notify(r->vq);
		}
		reaped = scmi_vio_vq_get_used_many(r->vq, used, r->batch);
		if (reaped < 0) {
			fprintf(stderr, "get_used: %d\n", reaped);
			exit(1);
		}
		in_flight -= (unsigned int)reaped;
		done += (unsigned int)reaped;
		if (added || reaped || !doorbells)
			continue;
		if (scmi_vio_vq_enable_cb_delayed(r->vq))
			scmi_vio_doorbell_wait(r->irq, -1);
		scmi_vio_vq_disable_cb(r->vq);
	}
	t1 = bench_now_ns();
	/* All buffers are back; the device may stop (pairs with its
	 * acquire). */
	sv_store_release(&r->stop, 1);
	if (doorbells)
		scmi_vio_doorbell_ring(r->kick);
	pthread_join(t, NULL);
	return (double)r->ops * 1e9 / (double)(t1 - t0);
}

static double run_once(enum cfg_id id, uint64_t ops, double *notifies)
{
	uint64_t features = 1ull << SCMI_VIO_F_VERSION_1;
	struct run r;
	double rate;

	memset(&r, 0, sizeof(r));
	r.id = id;
	r.ops = ops;
	r.batch = id == STREAM_B1 || id == RTT ? 1 : 32;
	r.window = id == RTT ? 1 : QSIZE;
	if (id == STREAM_EVENTFD) {
		features |= 1ull << SCMI_VIO_F_EVENT_IDX;
		if (scmi_vio_doorbell_eventfd_create(-1, &r.kick) ||
		    scmi_vio_doorbell_eventfd_create(-1, &r.irq))
			exit(1);
	}
	ring_layout_plan(&r.l, QSIZE, BUF, QSIZE);
	if (posix_memalign(&r.mem, 4096, r.l.total) ||
	    ring_driver_open(&r.l, r.mem, features, r.kick, &r.vq) ||
	    ring_device_open(&r.l, r.mem, features, &r.gm, &r.vqd)) {
		fprintf(stderr, "ring setup failed\n");
		exit(1);
	}
	rate = drive(&r);
	if (notifies)
		*notifies = (double)(r.kicks + r.irqs) / (double)ops;
	scmi_vio_vqd_destroy(r.vqd);
	scmi_vio_gmem_destroy(r.gm);
	scmi_vio_vq_destroy(r.vq);
	scmi_vio_doorbell_destroy(r.kick);
	scmi_vio_doorbell_destroy(r.irq);
	free(r.mem);
	return rate;
}

int main(int argc, char **argv)
{
	double results[NCFG][BENCH_MAX_RUNS], pp[NCFG][BENCH_MAX_RUNS];
	double notif[BENCH_MAX_RUNS];
	bool quick = false;
	int runs = 5, i, c;
	uint64_t ops;

	if (!bench_args(argc, argv, &quick, &runs, NULL)) {
		fprintf(stderr, "usage: %s [--quick] [--runs N]\n", argv[0]);
		return 2;
	}
	ops = quick ? 300000 : 3000000;
	/* Each run of a configuration is paired with a yardstick run right
	 * before it, so both see the same placement and neighbours. */
	for (i = 0; i < runs; i++) {
		for (c = 0; c < NCFG; c++) {
			pp[c][i] = bench_pingpong(ops / 4);
			results[c][i] = run_once(
				(enum cfg_id)c, c == RTT ? ops / 2 : ops,
				c == STREAM_EVENTFD ? &notif[i] : NULL);
		}
	}
	for (c = 0; c < NCFG; c++) {
		char extra[64];
		const char *x = NULL;

		if (c == STREAM_EVENTFD) {
			snprintf(extra, sizeof(extra), "notifies_per_op=%.4f",
				 bench_median(notif, runs));
			x = extra;
		}
		bench_report_paired(cfg_names[c], results[c], "spin_pingpong",
				    pp[c], runs, x);
	}
	return 0;
}
