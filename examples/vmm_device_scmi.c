// SPDX-License-Identifier: BSD-3-Clause
/*
 * vmm_device_scmi: the SCMI platform device in its own process, serviced
 * by the process's own loop - no library thread - as a VMM's event loop
 * serves a guest's virtio-scmi device.  Copy it to embed the platform in a
 * VMM that owns its threads.
 *
 * Guest memory is one memfd the driver creates; the device maps it and
 * sees guest-physical addresses only, as in vmm_device.c.  The driver
 * negotiates EVENT_IDX: it kicks only when it passes the index the device
 * published (avail_event), so the device loop must publish it again before
 * each sleep or it is never kicked again.  scmi_vio_platform_dev_step()
 * is one step of that loop (the library's own device thread runs the
 * same): it serves, and once nothing is left asks for kicks again and
 * re-checks, returning 0 only when it is safe to sleep:
 *
 *	for (;;) {
 *		while ((n = scmi_vio_platform_dev_step(dev)) > 0)
 *			;			(everything there is)
 *		if (n == 0)
 *			wait for the kick;	(nothing raced in)
 *	}
 *
 * The kick is a pipe: when the driver closes its end the device sees end
 * of file and stops (the guest is gone).  Exit status 0 when every reply
 * came, and was right.
 *
 *   vmm_device_scmi [COUNT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/guest_mem.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/shm.h>
#include <scmi_vio/virtqueue.h>

#define GPA 0x80000000ull /* where the guest sees its memory */
#define QSIZE 16u
#define MSG 64u
/* One command queue, no eventq; the driver suppresses kicks by index. */
#define FEATURES (1ull << SCMI_VIO_F_VERSION_1 | 1ull << SCMI_VIO_F_EVENT_IDX)

static size_t ring_bytes(void)
{
	return (scmi_vio_vring_size(QSIZE, 64) + 63) & ~(size_t)63;
}

static uint64_t buf_gpa(unsigned int i)
{
	return GPA + ring_bytes() + (uint64_t)i * 2 * MSG;
}

/* ---- the device process: a platform it services itself ---- */

static int device(int mem_fd, size_t size, int kick_fd, int irq_fd)
{
	struct scmi_vio_platform_dev_config dc = { 0 };
	struct scmi_vio_doorbell *kick = NULL, *irq = NULL;
	struct scmi_vio_platform_config pc;
	struct scmi_vio_platform *plat = NULL;
	struct scmi_vio_platform_dev *dev = NULL;
	struct scmi_vio_gmem *gm = NULL;
	struct scmi_vio_shm *mem = NULL;
	struct scmi_vio_gmem_region r;
	int ret, n = 0;

	ret = scmi_vio_shm_map(mem_fd, size, 0, &mem);
	if (!ret) {
		r = (struct scmi_vio_gmem_region){ GPA, size,
						   scmi_vio_shm_host(mem),
						   true };
		ret = scmi_vio_gmem_create(&r, 1, &gm);
	}
	/* The kick pipe's read end, the interrupt eventfd. */
	if (!ret)
		ret = scmi_vio_doorbell_pipe_create(kick_fd, &kick);
	if (!ret)
		ret = scmi_vio_doorbell_eventfd_create(irq_fd, &irq);
	scmi_vio_platform_config_default(&pc);
	if (!ret)
		ret = scmi_vio_platform_create(&pc, &plat);
	dc.plat = plat;
	dc.gmem = gm;
	dc.features = FEATURES;
	dc.cmdq = (struct scmi_vio_vring_gpa){
		.num = QSIZE,
		.desc_gpa = GPA,
		.avail_gpa = GPA + scmi_vio_vring_desc_bytes(QSIZE),
		.used_gpa = GPA + scmi_vio_vring_used_offset(QSIZE, 64),
	};
	dc.cmdq_irq = irq;
	if (!ret)
		ret = scmi_vio_platform_dev_create(&dc, &dev);
	while (!ret) {
		/* Serve everything there is and ask for kicks again (a
		 * negative is fatal: a guest that broke the ring, an
		 * interrupt nobody reads); 0: nothing raced in, sleep. */
		while ((n = scmi_vio_platform_dev_step(dev)) > 0)
			;
		if (n < 0)
			break;
		/* End of file: the driver is gone, which ends us cleanly. */
		if (scmi_vio_doorbell_wait(kick, -1) < 0)
			break;
	}
	if (ret || n < 0)
		fprintf(stderr, "vmm_device_scmi: device: error %d\n",
			ret ? ret : n);
	scmi_vio_platform_dev_destroy(dev);
	scmi_vio_platform_destroy(plat);
	scmi_vio_doorbell_destroy(kick);
	scmi_vio_doorbell_destroy(irq);
	scmi_vio_gmem_destroy(gm);
	scmi_vio_shm_destroy(mem);
	return ret || n < 0 ? 1 : 0;
}

/* ---- the driver process: Base PROTOCOL_VERSION, one at a time ---- */

static int request(struct scmi_vio_vq *vq, struct scmi_vio_doorbell *irq,
		   char *host, unsigned int i, unsigned int *kicks)
{
	size_t off = (size_t)(buf_gpa(i % QSIZE) - GPA);
	struct scmi_vio_seg out = { buf_gpa(i % QSIZE), 4 };
	struct scmi_vio_seg in = { buf_gpa(i % QSIZE) + MSG, MSG };
	uint32_t hdr = (uint32_t)SCMI_VIO_PROTO_BASE
			       << SCMI_VIO_HDR_PROTO_SHIFT |
		       (uint32_t)(i % 1024) << SCMI_VIO_HDR_TOKEN_SHIFT;
	uint8_t *rep = (uint8_t *)host + off + MSG;
	uint32_t len;
	void *tok;
	int r;

	memcpy(host + off, &hdr, 4); /* little-endian hosts only, for brevity */
	if (scmi_vio_vq_add(vq, &out, 1, &in, 1, host + off))
		return -1;
	/* With EVENT_IDX: only when the device's avail_event says so. */
	if (scmi_vio_vq_kick_prepare(vq)) {
		scmi_vio_vq_notify(vq);
		(*kicks)++;
	}
	/* A device that stopped re-arming would leave us here: bounded. */
	while ((r = scmi_vio_vq_get_used(vq, &tok, &len)) == 0)
		if (scmi_vio_vq_enable_cb(vq) &&
		    scmi_vio_doorbell_wait(irq, 5000000000ll) <= 0) {
			fprintf(stderr,
				"vmm_device_scmi: request %u: no "
				"reply (stranded)\n",
				i);
			return -1;
		}
	/* {header, status SUCCESS, version}: 12 bytes, the same header. */
	if (r < 0 || tok != host + off || len != 12 || memcmp(rep, &hdr, 4) ||
	    rep[4] | rep[5] | rep[6] | rep[7])
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct scmi_vio_vq_config vc = { .features = FEATURES };
	struct scmi_vio_doorbell *kick, *irq;
	size_t size = ring_bytes() + QSIZE * 2 * MSG;
	unsigned int i, count = 1000, bad = 0, kicks = 0;
	char *end = NULL;
	struct scmi_vio_shm *mem;
	struct scmi_vio_vq *vq;
	int status, kp[2];
	pid_t pid;

	if (argc == 2)
		count = (unsigned int)strtoul(argv[1], &end, 10);
	if (argc > 2 || (end && (*end || !count || count > 1000000))) {
		fprintf(stderr,
			"vmm_device_scmi: unexpected '%s'\n"
			"usage: vmm_device_scmi [COUNT]\n",
			argv[argc > 2 ? 2 : 1]);
		return 2;
	}
	if (scmi_vio_shm_create(size, &mem) || pipe(kp) ||
	    scmi_vio_doorbell_eventfd_create(-1, &irq)) {
		fprintf(stderr, "vmm_device_scmi: setup failed\n");
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		close(kp[1]); /* so that the driver's close is end of file */
		_exit(device(scmi_vio_shm_fd(mem), size, kp[0],
			     scmi_vio_doorbell_fd(irq)));
	}
	close(kp[0]);
	if (pid < 0 || scmi_vio_doorbell_pipe_create(kp[1], &kick) ||
	    scmi_vio_vring_layout(&vc.ring, QSIZE, scmi_vio_shm_host(mem),
				  64) ||
	    (vc.kick = kick, scmi_vio_vq_create(&vc, &vq))) {
		fprintf(stderr, "vmm_device_scmi: driver setup failed\n");
		return 1;
	}
	/* A stranded request stops the run: the rest would be too. */
	for (i = 0; i < count && !bad; i++)
		bad += request(vq, irq, scmi_vio_shm_host(mem), i, &kicks) != 0;
	/* The guest goes away: the device sees end of file on its kick. */
	scmi_vio_vq_destroy(vq);
	scmi_vio_doorbell_destroy(kick);
	close(kp[1]);
	waitpid(pid, &status, 0);
	printf("%u SCMI commands served by process %d's own loop; %u kicks; "
	       "%u wrong; device exit %d\n",
	       count, (int)pid, kicks, bad,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	scmi_vio_doorbell_destroy(irq);
	scmi_vio_shm_destroy(mem);
	return !bad && WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}
