// SPDX-License-Identifier: BSD-3-Clause
/*
 * cost_loop: one thread, no spinning, no timing: a fixed amount of work to
 * count instructions with callgrind, which is deterministic where wall
 * time on this shared machine is not.  Divide the total by the count.
 *
 *   ring N   N rounds of: the driver adds 32 one-segment buffers, the
 *            device takes them in one burst and returns them in one
 *            batch, the driver reaps them (32 N buffers)
 *   scmi N   N polled PROTOCOL_VERSION round trips over virtio-scmi to the
 *            loopback platform run inline (inside the kick)
 *
 *   valgrind --tool=callgrind build/bench/cost_loop ring 10000
 *   callgrind_annotate callgrind.out.<pid> | head -30
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/scmi.h>
#include <scmi_vio/loopback.h>
#include <scmi_vio/virtio_scmi.h>

#include "bench_scmi.h"
#include "ring_pair.h"

#define QSIZE 256u
#define BATCH 32u

static int ring_loop(unsigned long rounds)
{
	struct scmi_vio_vq *vq;
	struct scmi_vio_vqd *vqd;
	struct scmi_vio_gmem *gm;
	struct ring_layout l;
	unsigned int next = 0, k;
	unsigned long r;
	void *mem;
	int e = 1;

	ring_layout_plan(&l, QSIZE, 64, QSIZE);
	if (posix_memalign(&mem, 4096, l.total))
		return 1;
	if (ring_driver_open(&l, mem, 1ull << SCMI_VIO_F_VERSION_1, NULL,
			     &vq) ||
	    ring_device_open(&l, mem, 1ull << SCMI_VIO_F_VERSION_1, &gm,
			     &vqd)) {
		free(mem);
		return 1;
	}
	scmi_vio_vq_disable_cb(vq);
	for (r = 0; r < rounds; r++) {
		struct scmi_vio_seg segs[BATCH];
		struct scmi_vio_vq_buf bufs[BATCH];
		struct scmi_vio_chain chains[BATCH];
		struct iovec iov[BATCH];
		struct scmi_vio_vring_used_elem done[BATCH];
		struct scmi_vio_vq_used used[BATCH];

		for (k = 0; k < BATCH; k++) {
			segs[k] = (struct scmi_vio_seg){ ring_buf_gpa(&l, next),
							 64 };
			bufs[k] = (struct scmi_vio_vq_buf){
				&segs[k], 1, NULL, 0,
				(void *)(uintptr_t)(next + 1)
			};
			next = (next + 1) % l.nbufs;
		}
		if (scmi_vio_vq_add_many(vq, bufs, BATCH) != (int)BATCH ||
		    scmi_vio_vqd_pop_many(vqd, chains, BATCH, iov, BATCH) !=
			    (int)BATCH)
			goto out;
		for (k = 0; k < BATCH; k++)
			done[k] = (struct scmi_vio_vring_used_elem){
				chains[k].head, 0
			};
		if (scmi_vio_vqd_push_batch(vqd, done, BATCH) ||
		    scmi_vio_vq_get_used_many(vq, used, BATCH) != (int)BATCH)
			goto out;
	}
	e = 0;
out:
	scmi_vio_vqd_destroy(vqd);
	scmi_vio_gmem_destroy(gm);
	scmi_vio_vq_destroy(vq);
	free(mem);
	return e;
}

static int scmi_loop(unsigned long n)
{
	struct scmi_vio_loopback_config lc = { .inline_device = true };
	struct scmi_vio_virtio_scmi_config vc = { .irq_mode =
							  SCMI_VIO_IRQ_NONE };
	struct scmi_vio_agent_config ac = { 0 };
	struct scmi_vio_loopback *lb;
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_agent *a = NULL;
	unsigned long i;
	int e;

	e = scmi_vio_loopback_create(&lc, &lb);
	if (e)
		return 1;
	e = scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb), &vc, &vs);
	if (!e)
		e = scmi_vio_virtio_scmi_agent_create(vs, &ac, &a);
	for (i = 0; i < n && !e; i++)
		e = bench_version_rtt(a, SCMI_VIO_CMD_POLL);
	scmi_vio_agent_destroy(a);
	scmi_vio_virtio_scmi_remove(vs);
	scmi_vio_loopback_destroy(lb);
	return e ? 1 : 0;
}

int main(int argc, char **argv)
{
	char *end = NULL;
	unsigned long n = argc > 2 ? strtoul(argv[2], &end, 0) : 0;
	int e;

	if (argc != 3 || !n || *end ||
	    (strcmp(argv[1], "ring") && strcmp(argv[1], "scmi"))) {
		if (argc > 3)
			fprintf(stderr, "cost_loop: unexpected '%s'\n",
				argv[3]);
		else if (argc == 3 && (!n || *end))
			fprintf(stderr, "cost_loop: bad COUNT '%s'\n", argv[2]);
		else if (argc > 1 && strcmp(argv[1], "ring") &&
			 strcmp(argv[1], "scmi"))
			fprintf(stderr, "cost_loop: unknown loop '%s'\n",
				argv[1]);
		fprintf(stderr, "usage: %s ring|scmi COUNT\n", argv[0]);
		return 2;
	}
	e = strcmp(argv[1], "ring") ? scmi_loop(n) : ring_loop(n);
	if (e)
		fprintf(stderr, "cost_loop: %s failed\n", argv[1]);
	return e;
}
