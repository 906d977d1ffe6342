// SPDX-License-Identifier: BSD-3-Clause
/*
 * Two threads passing messages over one split virtqueue: the driver sends
 * text requests, the device answers each with the text upper-cased, and
 * both sleep on thread doorbells when idle (EVENT_IDX suppresses most of
 * them).  Guest memory is one block at guest address 0x40000000 that the
 * device reaches only through a guest memory map.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/guest_mem.h>
#include <scmi_vio/virtqueue.h>
#include <scmi_vio/vq_device.h>

#define GPA 0x40000000ull
#define QSIZE 64u
#define MSG 64u
#define COUNT 100000u

struct demo {
	void *mem;
	size_t ring_bytes;
	struct scmi_vio_vq *vq;
	struct scmi_vio_vqd *vqd;
	struct scmi_vio_gmem *gm;
	struct scmi_vio_doorbell *kick, *irq;
	volatile int done; /* written before the last kick, read after it */
	unsigned long kicks, irqs;
};

static char *buf(struct demo *d, unsigned int i)
{
	return (char *)d->mem + d->ring_bytes + (size_t)i * 2 * MSG;
}

static void *device(void *arg)
{
	struct demo *d = arg;
	struct scmi_vio_chain c;
	struct iovec iov[4];
	char text[MSG];
	int ret;

	scmi_vio_vqd_disable_notify(d->vqd);
	for (;;) {
		while ((ret = scmi_vio_vqd_pop(d->vqd, &c, iov, 4)) == 1) {
			size_t n = scmi_vio_iov_to_buf(iov, c.n_read, text,
						       sizeof(text)),
			       i;

			for (i = 0; i < n; i++)
				text[i] = (char)toupper((unsigned char)text[i]);
			n = scmi_vio_iov_from_buf(iov + c.n_read, c.n_write,
						  text, n);
			if (scmi_vio_vqd_push(d->vqd, c.head, (uint32_t)n))
				return NULL;
		}
		if (ret < 0)
			return NULL;
		if (scmi_vio_vqd_need_notify(d->vqd)) {
			d->irqs++;
			scmi_vio_doorbell_ring(d->irq);
		}
		if (__atomic_load_n(&d->done, __ATOMIC_ACQUIRE))
			return NULL;
		if (scmi_vio_vqd_enable_notify(d->vqd))
			scmi_vio_doorbell_wait(d->kick, -1);
		scmi_vio_vqd_disable_notify(d->vqd);
	}
}

static int setup(struct demo *d)
{
	uint64_t features = 1ull << SCMI_VIO_F_EVENT_IDX;
	size_t total;
	struct scmi_vio_vq_config vcfg = { .features = features };
	struct scmi_vio_vqd_config dcfg = { .ring.num = QSIZE,
					    .features = features };
	struct scmi_vio_gmem_region region;

	d->ring_bytes = (scmi_vio_vring_size(QSIZE, 64) + 63) & ~(size_t)63;
	total = d->ring_bytes + (size_t)QSIZE * 2 * MSG;
	if (posix_memalign(&d->mem, 4096, total) ||
	    scmi_vio_vring_layout(&vcfg.ring, QSIZE, d->mem, 64) ||
	    scmi_vio_doorbell_thread_create(&d->kick) ||
	    scmi_vio_doorbell_thread_create(&d->irq))
		return -1;
	vcfg.kick = d->kick;
	region = (struct scmi_vio_gmem_region){ GPA, total, d->mem, true };
	dcfg.ring.desc_gpa = GPA;
	dcfg.ring.avail_gpa = GPA + scmi_vio_vring_desc_bytes(QSIZE);
	dcfg.ring.used_gpa = GPA + scmi_vio_vring_used_offset(QSIZE, 64);
	if (scmi_vio_vq_create(&vcfg, &d->vq) ||
	    scmi_vio_gmem_create(&region, 1, &d->gm))
		return -1;
	dcfg.gmem = d->gm;
	return scmi_vio_vqd_create(&dcfg, &d->vqd);
}

int main(int argc, char **argv)
{
	struct demo d = { 0 };
	unsigned int sent = 0, got = 0, next = 0, shown = 0;
	pthread_t t;

	if (argc > 1) {
		fprintf(stderr,
			"ring_demo: unexpected '%s'\nusage: ring_demo\n",
			argv[1]);
		return 2;
	}

	if (setup(&d)) {
		fprintf(stderr, "ring_demo: setup failed\n");
		return 1;
	}
	pthread_create(&t, NULL, device, &d);
	scmi_vio_vq_disable_cb(d.vq);
	while (got < COUNT) {
		void *tok;
		uint32_t len;
		bool progress = false;

		while (sent < COUNT) {
			unsigned int b = next;
			uint64_t gpa =
				GPA + (uint64_t)(buf(&d, b) - (char *)d.mem);
			int n = snprintf(buf(&d, b), MSG,
					 "hello #%u from the driver", sent);
			struct scmi_vio_seg out = { gpa, (uint32_t)n };
			struct scmi_vio_seg in = { gpa + MSG, MSG };

			if (scmi_vio_vq_add(d.vq, &out, 1, &in, 1,
					    (void *)(uintptr_t)(b + 1)))
				break;
			next = (next + 1) % QSIZE;
			sent++;
			progress = true;
		}
		if (progress && scmi_vio_vq_kick_prepare(d.vq)) {
			d.kicks++;
			scmi_vio_vq_notify(d.vq);
		}
		while (scmi_vio_vq_get_used(d.vq, &tok, &len) == 1) {
			char *reply =
				buf(&d, (unsigned int)((uintptr_t)tok - 1)) +
				MSG;

			if (shown < 3 || got == COUNT - 1) {
				printf("reply %u: %.*s\n", got, (int)len,
				       reply);
				shown++;
			}
			got++;
			progress = true;
		}
		if (!progress && scmi_vio_vq_enable_cb(d.vq))
			scmi_vio_doorbell_wait(d.irq, -1);
		scmi_vio_vq_disable_cb(d.vq);
	}
	__atomic_store_n(&d.done, 1, __ATOMIC_RELEASE);
	scmi_vio_doorbell_ring(d.kick);
	pthread_join(t, NULL);
	printf("%u messages round-tripped; %lu kicks and %lu interrupts "
	       "(EVENT_IDX suppressed the rest)\n",
	       got, d.kicks, d.irqs);
	scmi_vio_vqd_destroy(d.vqd);
	scmi_vio_gmem_destroy(d.gm);
	scmi_vio_vq_destroy(d.vq);
	scmi_vio_doorbell_destroy(d.kick);
	scmi_vio_doorbell_destroy(d.irq);
	free(d.mem);
	return got == COUNT ? 0 : 1;
}
