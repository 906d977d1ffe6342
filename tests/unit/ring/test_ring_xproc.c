// SPDX-License-Identifier: BSD-3-Clause
/*
 * The two roles in two processes: one memfd holds the ring and the buffers,
 * mapped at different addresses in the driver (parent) and the device
 * (child); eventfd doorbells carry kicks and interrupts.
 */
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_run.h"
#include "ring_pair.h"
#include "ring_traffic.h"

#define TOTAL (200000u / SCMI_VIO_TEST_SCALE)
#define HANG_NS (30ll * 1000000000ll)

/* Shared between the processes, outside guest memory. */
struct control {
	int stop; /* ATOMIC */
	struct traffic_stats device;
};

static void run_device_child(int memfd, const struct ring_layout *l,
			     void *parent_map, uint64_t features,
			     struct traffic_cfg cfg, struct control *ctl)
{
	struct scmi_vio_gmem *gm;
	struct scmi_vio_vqd *vqd;
	void *mem;

	/* A second mapping at another address; drop the inherited one so
	 * nothing can reach guest memory through the parent's pointers. */
	mem = mmap(NULL, l->total, PROT_READ | PROT_WRITE, MAP_SHARED, memfd,
		   0);
	if (mem == MAP_FAILED || mem == parent_map)
		_exit(10);
	munmap(parent_map, l->total);
	if (ring_device_open(l, mem, features, &gm, &vqd))
		_exit(11);
	cfg.mem = mem;
	traffic_run_device(&cfg, vqd, &ctl->device);
	scmi_vio_vqd_destroy(vqd);
	scmi_vio_gmem_destroy(gm);
	_exit(ctl->device.errors ? 12 : 0);
}

START_TEST(test_driver_and_device_in_two_processes)
{
	uint64_t features = (1ull << SCMI_VIO_F_EVENT_IDX) |
			    (_i ? 1ull << SCMI_VIO_F_INDIRECT_DESC : 0);
	struct scmi_vio_doorbell *kick, *irq;
	struct traffic_stats dst;
	struct traffic_cfg cfg;
	struct ring_layout l;
	struct control *ctl;
	struct scmi_vio_vq *vq;
	int memfd, status;
	void *mem;
	pid_t pid;

	ring_layout_plan(&l, 128, 128, 128);
	memfd = memfd_create("scmi_vio_guest", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	ck_assert_int_ge(memfd, 0);
	ck_assert_int_eq(ftruncate(memfd, (off_t)l.total), 0);
	/* sealed before it is shared, as shm.h does it. */
	ck_assert_int_eq(fcntl(memfd, F_ADD_SEALS,
			       F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL),
			 0);
	mem = mmap(NULL, l.total, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	ck_assert_ptr_ne(mem, MAP_FAILED);
	ctl = mmap(NULL, sizeof(*ctl), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(ctl, MAP_FAILED);
	memset(ctl, 0, sizeof(*ctl));
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(-1, &kick), 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(-1, &irq), 0);
	/* The driver lays the ring out before the device attaches. */
	ck_assert_int_eq(ring_driver_open(&l, mem, features, kick, &vq), 0);

	memset(&cfg, 0, sizeof(cfg));
	cfg.layout = &l;
	cfg.total = TOTAL;
	cfg.mode = TRAFFIC_DOORBELL;
	cfg.max_batch = 16;
	cfg.seed = 99;
	cfg.hang_ns = HANG_NS;
	cfg.stop = &ctl->stop;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		cfg.wait_db = kick;
		cfg.ring_db = irq;
		run_device_child(memfd, &l, mem, features, cfg, ctl);
	}
	cfg.mem = mem;
	cfg.wait_db = irq;
	cfg.ring_db = kick;
	traffic_run_driver(&cfg, vq, &dst);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_msg(WEXITSTATUS(status) == 0, "device exit %d: %s",
		      WEXITSTATUS(status), ctl->device.first_error);
	ck_assert_msg(dst.errors == 0, "driver: %s", dst.first_error);
	ck_assert_uint_eq(dst.completed, TOTAL);
	ck_assert_uint_eq(ctl->device.completed, TOTAL);
	ck_assert_uint_eq(scmi_vio_vq_num_free(vq), 128);

	scmi_vio_vq_destroy(vq);
	scmi_vio_doorbell_destroy(kick);
	scmi_vio_doorbell_destroy(irq);
	munmap(ctl, sizeof(*ctl));
	munmap(mem, l.total);
	close(memfd);
}
END_TEST

int main(void)
{
	return check_main_one("ring_xproc", 0,
			      test_driver_and_device_in_two_processes, 0, 2);
}
