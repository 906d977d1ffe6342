// SPDX-License-Identifier: BSD-3-Clause
/*
 * Driver and device on two threads moving at least 10^7 checksummed buffers
 * in all (10^6 in sanitizer builds) over 12 configurations: polling, thread
 * doorbells and eventfd doorbells, each with EVENT_IDX and INDIRECT_DESC on
 * and off, random batch sizes on both sides.  At the end invariant 1 holds
 * and no buffer was lost or duplicated.  A wait that outlasts 30 s is a lost
 * wake-up (L-11) and fails the run.
 */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "ring_pair.h"
#include "ring_traffic.h"

#define CONFIGS 12
#define TOTAL (10000000ull / SCMI_VIO_TEST_SCALE)
#define HANG_NS (30ll * 1000000000ll)

struct device_arg {
	struct traffic_cfg cfg;
	struct scmi_vio_vqd *vqd;
	struct traffic_stats st;
};

static void *device_thread(void *p)
{
	struct device_arg *a = p;

	traffic_run_device(&a->cfg, a->vqd, &a->st);
	return NULL;
}

static int make_doorbell(int kind, struct scmi_vio_doorbell **db)
{
	return kind == 1 ? scmi_vio_doorbell_thread_create(db) :
			   scmi_vio_doorbell_eventfd_create(-1, db);
}

/* L-11: a long run with both sides sleeping on doorbells loses nothing. */
START_TEST(test_l11_ring_stress)
{
	int mode = _i / 4; /* 0 poll, 1 thread doorbells, 2 eventfd */
	uint64_t features = ((_i & 1) ? 1ull << SCMI_VIO_F_EVENT_IDX : 0) |
			    ((_i & 2) ? 1ull << SCMI_VIO_F_INDIRECT_DESC : 0);
	struct scmi_vio_doorbell *kick = NULL, *irq = NULL;
	struct scmi_vio_vq_state vs;
	struct traffic_stats dst;
	struct ring_layout l;
	struct device_arg dev;
	struct scmi_vio_gmem *gm;
	struct scmi_vio_vq *vq;
	int stop = 0;
	pthread_t t;
	void *mem;

	ring_layout_plan(&l, 256, 128, 256);
	ck_assert_int_eq(posix_memalign(&mem, 4096, l.total), 0);
	if (mode) {
		ck_assert_int_eq(make_doorbell(mode, &kick), 0);
		ck_assert_int_eq(make_doorbell(mode, &irq), 0);
	}
	ck_assert_int_eq(ring_driver_open(&l, mem, features, kick, &vq), 0);
	memset(&dev, 0, sizeof(dev));
	ck_assert_int_eq(ring_device_open(&l, mem, features, &gm, &dev.vqd), 0);

	dev.cfg = (struct traffic_cfg){
		.layout = &l,
		.mem = mem,
		.total = TOTAL / CONFIGS,
		.mode = mode ? TRAFFIC_DOORBELL : TRAFFIC_POLL,
		.max_batch = 32,
		.seed = 1000u + (unsigned int)_i,
		.hang_ns = HANG_NS,
		.wait_db = kick,
		.ring_db = irq,
		.stop = &stop,
	};
	ck_assert_int_eq(pthread_create(&t, NULL, device_thread, &dev), 0);
	{
		struct traffic_cfg drv = dev.cfg;

		drv.wait_db = irq;
		drv.ring_db = kick;
		traffic_run_driver(&drv, vq, &dst);
	}
	ck_assert_int_eq(pthread_join(t, NULL), 0);

	ck_assert_msg(dst.errors == 0, "driver: %s", dst.first_error);
	ck_assert_msg(dev.st.errors == 0, "device: %s", dev.st.first_error);
	/* Every buffer came back exactly once. */
	ck_assert_uint_eq(dst.completed, TOTAL / CONFIGS);
	ck_assert_uint_eq(dev.st.completed, TOTAL / CONFIGS);
	/* Invariant 1, and nothing left in flight on either side. */
	scmi_vio_vq_get_state(vq, &vs);
	ck_assert_uint_eq(vs.free_descs, vs.num);
	ck_assert_uint_eq(vs.heads_in_flight, 0);
	ck_assert_uint_eq(vs.added, TOTAL / CONFIGS);
	ck_assert_uint_eq(vs.used, TOTAL / CONFIGS);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(dev.vqd), 0);
	ck_assert(!scmi_vio_vq_is_broken(vq));
	ck_assert(!scmi_vio_vqd_is_broken(dev.vqd));
	if (mode && (features >> SCMI_VIO_F_EVENT_IDX & 1))
		/* Suppression works: far fewer doorbells than buffers. */
		ck_assert_uint_lt(dst.kicks + dev.st.interrupts,
				  TOTAL / CONFIGS);

	scmi_vio_vqd_destroy(dev.vqd);
	scmi_vio_gmem_destroy(gm);
	scmi_vio_vq_destroy(vq);
	scmi_vio_doorbell_destroy(kick);
	scmi_vio_doorbell_destroy(irq);
	free(mem);
}
END_TEST

int main(void)
{
	return check_main_one("ring_stress", 0, test_l11_ring_stress, 0,
			      CONFIGS);
}
