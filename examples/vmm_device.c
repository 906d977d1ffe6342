// SPDX-License-Identifier: BSD-3-Clause
/*
 * vmm_device: a device in its own process serving a driver in another,
 * the way a VMM serves a guest.  Copy it to start a device backend.
 *
 * Guest memory is one memfd the driver creates; the device maps the same
 * file and tells the library that those bytes sit at guest-physical
 * address GPA.  From then on the device only ever sees guest-physical
 * addresses (ring parts, buffers), translated and bounds-checked by the
 * guest memory map - as a VMM translates what a guest writes in its rings.
 * Two eventfds are the doorbells: the driver kicks the device (a VMM's
 * ioeventfd) and the device interrupts the driver (its irqfd).
 *
 * The device answers each request with the text upper-cased; a request
 * "quit" ends it.  Exit status 0 when every reply was right.
 *
 *   vmm_device [COUNT]
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/guest_mem.h>
#include <scmi_vio/shm.h>
#include <scmi_vio/virtqueue.h>
#include <scmi_vio/vq_device.h>

#define GPA 0x80000000ull /* where the guest sees its memory */
#define QSIZE 16u
#define MSG 64u

/* Guest memory layout: the ring, then one request/reply pair per entry. */
static size_t ring_bytes(void)
{
	return (scmi_vio_vring_size(QSIZE, 64) + 63) & ~(size_t)63;
}

static uint64_t buf_gpa(unsigned int i)
{
	return GPA + ring_bytes() + (uint64_t)i * 2 * MSG;
}

/* ---- the device process: everything here works in guest addresses ---- */

static int device(int mem_fd, size_t size, int kick_fd, int irq_fd)
{
	struct scmi_vio_vqd_config qc = { .ring = { .num = QSIZE } };
	struct scmi_vio_doorbell *kick = NULL, *irq = NULL;
	struct scmi_vio_gmem *gm = NULL;
	struct scmi_vio_vqd *q = NULL;
	struct scmi_vio_shm *mem = NULL;
	struct scmi_vio_gmem_region r;
	struct scmi_vio_chain c;
	struct iovec iov[4];
	char text[MSG];
	bool quit = false;
	size_t n, i;
	int ret;

	/* Map the guest's RAM and say where it lives in guest space.  The
	 * memfd is sealed against shrinking: the guest cannot SIGBUS us. */
	ret = scmi_vio_shm_map(mem_fd, size, 0, &mem);
	if (!ret) {
		r = (struct scmi_vio_gmem_region){ GPA, size,
						   scmi_vio_shm_host(mem),
						   true };
		ret = scmi_vio_gmem_create(&r, 1, &gm);
	}
	/* The eventfds the driver made; we wait on one and ring the other. */
	if (!ret)
		ret = scmi_vio_doorbell_eventfd_create(kick_fd, &kick);
	if (!ret)
		ret = scmi_vio_doorbell_eventfd_create(irq_fd, &irq);
	/* The ring's parts, at the guest addresses the driver chose. */
	qc.ring.desc_gpa = GPA;
	qc.ring.avail_gpa = GPA + scmi_vio_vring_desc_bytes(QSIZE);
	qc.ring.used_gpa = GPA + scmi_vio_vring_used_offset(QSIZE, 64);
	qc.gmem = gm;
	if (!ret)
		ret = scmi_vio_vqd_create(&qc, &q);
	while (!ret && !quit) {
		/* Everything the driver made available, then interrupt it. */
		while ((ret = scmi_vio_vqd_pop(q, &c, iov, 4)) == 1) {
			n = scmi_vio_iov_to_buf(iov, c.n_read, text,
						sizeof(text));
			quit = n == 4 && !memcmp(text, "quit", 4);
			for (i = 0; i < n; i++)
				text[i] = (char)toupper((unsigned char)text[i]);
			n = scmi_vio_iov_from_buf(iov + c.n_read, c.n_write,
						  text, n);
			ret = scmi_vio_vqd_push(q, c.head, (uint32_t)n);
			if (ret)
				break;
		}
		/* A negative pop is a guest that broke the ring: stop. */
		if (ret < 0)
			break;
		ret = 0;
		if (scmi_vio_vqd_need_notify(q))
			(void)scmi_vio_doorbell_ring(irq);
		/* Sleep until kicked, unless a request slipped in meanwhile
		 * (enable_notify re-checks: the enable race). */
		if (!quit && scmi_vio_vqd_enable_notify(q) &&
		    scmi_vio_doorbell_wait(kick, -1) < 0)
			ret = -1;
	}
	if (ret)
		fprintf(stderr, "vmm_device: device: error %d\n", ret);
	scmi_vio_vqd_destroy(q);
	scmi_vio_doorbell_destroy(kick);
	scmi_vio_doorbell_destroy(irq);
	scmi_vio_gmem_destroy(gm);
	scmi_vio_shm_destroy(mem);
	return ret ? 1 : 0;
}

/* ---- the driver process: it owns the memory and the eventfds ---- */

/* Send one request and wait for its reply; 0 when the reply is right. */
static int request(struct scmi_vio_vq *vq, struct scmi_vio_doorbell *irq,
		   char *host, unsigned int i, const char *text)
{
	size_t off = (size_t)(buf_gpa(i) - GPA), k, n = strlen(text);
	struct scmi_vio_seg out = { buf_gpa(i), (uint32_t)n };
	struct scmi_vio_seg in = { buf_gpa(i) + MSG, MSG };
	uint32_t len;
	void *tok;
	int r;

	memcpy(host + off, text, n);
	if (scmi_vio_vq_add(vq, &out, 1, &in, 1, host + off))
		return -1;
	if (scmi_vio_vq_kick_prepare(vq))
		scmi_vio_vq_notify(vq);
	/* Wait for the interrupt, unless the reply raced in (enable_cb). */
	while ((r = scmi_vio_vq_get_used(vq, &tok, &len)) == 0)
		if (scmi_vio_vq_enable_cb(vq) &&
		    scmi_vio_doorbell_wait(irq, -1) < 0)
			return -1;
	/* A negative: the device broke the ring (it is hostile too). */
	if (r < 0)
		return -1;
	if (tok != host + off || len != n)
		return -1;
	for (k = 0; k < n; k++)
		if (host[off + MSG + k] != toupper((unsigned char)text[k]))
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct scmi_vio_vq_config vc = { 0 };
	struct scmi_vio_doorbell *kick, *irq;
	size_t size = ring_bytes() + QSIZE * 2 * MSG;
	unsigned int i, count = 1000, bad = 0;
	char *end = NULL;
	struct scmi_vio_shm *mem;
	struct scmi_vio_vq *vq;
	char text[MSG];
	int status;
	pid_t pid;

	if (argc == 2)
		count = (unsigned int)strtoul(argv[1], &end, 10);
	if (argc > 2 || (end && (*end || !count || count > 1000000))) {
		fprintf(stderr,
			"vmm_device: unexpected '%s'\n"
			"usage: vmm_device [COUNT]\n",
			argv[argc > 2 ? 2 : 1]);
		return 2;
	}
	if (scmi_vio_shm_create(size, &mem) ||
	    scmi_vio_doorbell_eventfd_create(-1, &kick) ||
	    scmi_vio_doorbell_eventfd_create(-1, &irq)) {
		fprintf(stderr, "vmm_device: setup failed\n");
		return 1;
	}
	/* The device process: it inherits the memfd and eventfds. */
	pid = fork();
	if (pid == 0)
		_exit(device(scmi_vio_shm_fd(mem), size,
			     scmi_vio_doorbell_fd(kick),
			     scmi_vio_doorbell_fd(irq)));
	/* The driver lays the ring out at the start of guest memory. */
	if (pid < 0 ||
	    scmi_vio_vring_layout(&vc.ring, QSIZE, scmi_vio_shm_host(mem),
				  64) ||
	    (vc.kick = kick, scmi_vio_vq_create(&vc, &vq))) {
		fprintf(stderr, "vmm_device: driver setup failed\n");
		return 1;
	}
	for (i = 0; i < count; i++) {
		snprintf(text, sizeof(text), "request %u", i);
		bad += request(vq, irq, scmi_vio_shm_host(mem), i % QSIZE,
			       text) != 0;
	}
	bad += request(vq, irq, scmi_vio_shm_host(mem), 0, "quit") != 0;
	waitpid(pid, &status, 0);
	printf("%u requests served by process %d at guest address 0x%llx; "
	       "%u wrong; device exit %d\n",
	       count, (int)pid, (unsigned long long)GPA, bad,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	scmi_vio_vq_destroy(vq);
	scmi_vio_doorbell_destroy(kick);
	scmi_vio_doorbell_destroy(irq);
	scmi_vio_shm_destroy(mem);
	return !bad && WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}
