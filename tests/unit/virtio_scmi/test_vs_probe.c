// SPDX-License-Identifier: BSD-3-Clause
/*
 * Probe and remove: feature negotiation, sizing, the eventq filled before
 * the device starts, remove order (L-5), allocation failure at every setup
 * step (L-6), probe/remove/probe (L-12).  How the devices themselves stop
 * (X-4, X-5, L-14) is tests/unit/reach's.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/vring.h>

#include "check_run.h"
#include "vs_fixture.h"

START_TEST(test_probe_version1_required)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_loopback *lb;
	struct scmi_vio_virtio_scmi *vs = (void *)1;

	lc.features = 1ull << SCMI_VIO_F_P2A_CHANNELS;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb),
						    NULL, &vs),
			 -EINVAL);
	ck_assert_ptr_null(vs);
	ck_assert_ptr_null(scmi_vio_loopback_dev(lb));
	scmi_vio_loopback_destroy(lb);

	/* The device offers it, the driver does not accept it. */
	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &lb), 0);
	vc.driver_features = 1ull << SCMI_VIO_F_P2A_CHANNELS;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb),
						    &vc, &vs),
			 -EINVAL);
	/* Bad sizes and modes. */
	vc.driver_features = 0;
	vc.max_payload = SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD + 1;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb),
						    &vc, &vs),
			 -EINVAL);
	vc.max_payload = 0;
	vc.irq_mode = (enum scmi_vio_irq_mode)7;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb),
						    &vc, &vs),
			 -EINVAL);
	scmi_vio_loopback_destroy(lb);
}
END_TEST

/* Without P2A: no eventq, async and notify requests are refused. */
START_TEST(test_probe_no_p2a)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_stats st;
	uint16_t major, minor;
	uint64_t rate;
	struct vsf *f;

	lc.features = 1ull << SCMI_VIO_F_VERSION_1;
	f = vsf_up(&lc, NULL, 5000);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.rx_max, 0); /* no eventq */
	ck_assert_uint_eq(st.tx_max, 32);
	ck_assert_uint_eq(st.rx_max, 0);
	ck_assert_int_eq(scmi_vio_protocol_version(f->a, 0x10, &major, &minor),
			 0);
	ck_assert_int_eq(major, 2);
	ck_assert_int_eq(scmi_vio_clock_rate_set_async(f->a, 0, 200000000, 0,
						       &rate),
			 -EOPNOTSUPP);
	vsf_all_free(f->vs);
	vsf_down(f);
}
END_TEST

START_TEST(test_probe_sizing)
{
	static const unsigned int nums[] = { 2, 64, 2048, 4096 };
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_virtio_scmi_stats st;
	unsigned int i, want_tx, want_rx;
	uint16_t major, minor;
	struct vsf *f;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		lc.queue_num = nums[i];
		f = vsf_up(&lc, NULL, 5000);
		scmi_vio_virtio_scmi_get_stats(f->vs, &st);
		want_tx = nums[i] / 2 > 1024 ? 1024 : nums[i] / 2;
		want_rx = nums[i] > 1024 ? 1024 : nums[i];
		ck_assert_uint_eq(st.tx_max, want_tx);
		ck_assert_uint_eq(st.rx_max, want_rx);
		ck_assert_uint_eq(st.tx_free_now, want_tx);
		/* Every eventq message is offered to the device. */
		ck_assert_uint_eq(st.rx_refed, want_rx);
		ck_assert_uint_eq(scmi_vio_agent_max_payload(f->a), 128);
		ck_assert_int_eq(scmi_vio_protocol_version(f->a, 0x14, &major,
							   &minor),
				 0);
		vsf_down(f);
	}
	/* A configurable payload. */
	lc.queue_num = 16;
	lc.max_payload = 512;
	vc.max_payload = 512;
	f = vsf_up(&lc, &vc, 5000);
	ck_assert_uint_eq(scmi_vio_agent_max_payload(f->a), 512);
	ck_assert_uint_eq(scmi_vio__vs_pdu_size(f->vs), 520);
	ck_assert_int_eq(scmi_vio_protocol_version(f->a, 0x15, &major, &minor),
			 0);
	vsf_down(f);
}
END_TEST

/* A device wrapped to watch what the driver does at start and reset. */
static struct {
	struct scmi_vio_loopback *lb;
	struct scmi_vio_vdev vdev;
	struct scmi_vio_virtio_scmi *vs;
	int start_ret;
	unsigned int starts, resets;
	uint16_t evq_avail_at_start;
	bool queues_alive_at_reset;
} wrap;

static int wrap_start(void *ctx, uint64_t features,
		      const struct scmi_vio_vring_gpa *q, unsigned int n,
		      struct scmi_vio_doorbell *irq)
{
	const struct scmi_vio_vdev *inner = scmi_vio_loopback_vdev(wrap.lb);
	const uint8_t *avail;

	wrap.starts++;
	if (n > 1) {
		avail = (const uint8_t *)inner->mem +
			(q[1].avail_gpa - inner->gpa);
		wrap.evq_avail_at_start = (uint16_t)(avail[2] | avail[3] << 8);
	}
	if (wrap.start_ret)
		return wrap.start_ret;
	return inner->ops->start(inner->ctx, features, q, n, irq);
}

static void wrap_reset(void *ctx)
{
	const struct scmi_vio_vdev *inner = scmi_vio_loopback_vdev(wrap.lb);

	wrap.resets++;
	/* L-5: the device stops while the queues and buffers still exist. */
	wrap.queues_alive_at_reset = wrap.vs &&
				     scmi_vio__vs_queues_alive(wrap.vs);
	inner->ops->reset(inner->ctx);
}

static const struct scmi_vio_vdev_ops wrap_ops = { .start = wrap_start,
						   .reset = wrap_reset };

static void wrap_init(void)
{
	memset(&wrap, 0, sizeof(wrap));
	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &wrap.lb), 0);
	wrap.vdev = *scmi_vio_loopback_vdev(wrap.lb);
	wrap.vdev.ops = &wrap_ops;
}

START_TEST(test_probe_eventq_first_and_remove_order)
{
	struct scmi_vio_agent *a;
	uint16_t major, minor;

	wrap_init();
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(&wrap.vdev, NULL, &wrap.vs),
			 0);
	ck_assert_uint_eq(wrap.starts, 1);
	/* Every eventq buffer was available before the device started. */
	ck_assert_uint_eq(wrap.evq_avail_at_start, 64);
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(wrap.vs, NULL, &a),
			 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(wrap.vs, NULL, &a),
			 -EBUSY);
	ck_assert_int_eq(scmi_vio_protocol_version(a, 0x10, &major, &minor), 0);
	scmi_vio_agent_destroy(a);
	/* Detached for good: probe again instead. */
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(wrap.vs, NULL, &a),
			 -ESHUTDOWN);
	scmi_vio_virtio_scmi_remove(wrap.vs);
	ck_assert_uint_eq(wrap.resets, 1);
	ck_assert(wrap.queues_alive_at_reset);
	ck_assert_ptr_null(scmi_vio_loopback_dev(wrap.lb));
	scmi_vio_loopback_destroy(wrap.lb);
}
END_TEST

/*
 * L-6: fail the Nth fallible setup step, for every N until a probe needs
 * no more steps; then the device's own start fails.  Each failure unwinds
 * fully: the device was never started or was reset, nothing leaks (ASan's
 * leak checker runs this test too), nothing is freed twice.
 */
START_TEST(test_probe_alloc_failure_every_step)
{
	const struct scmi_vio_virtio_scmi_config modes[] = {
		{ .irq_mode = SCMI_VIO_IRQ_INLINE },
		{ .irq_mode = SCMI_VIO_IRQ_EVENTFD },
		{ .irq_mode = SCMI_VIO_IRQ_NONE },
	};
	struct scmi_vio_virtio_scmi *vs;
	unsigned long n;
	unsigned int m;
	int r;

	wrap_init();
	for (m = 0; m < 3; m++) {
		for (n = 1;; n++) {
			r = scmi_vio__vs_probe_failing(&wrap.vdev, &modes[m], n,
						       &vs);
			if (!r)
				break;
			ck_assert(r == -ENOMEM || r == -EAGAIN);
			ck_assert_uint_eq(wrap.starts, 0);
			ck_assert_ptr_null(scmi_vio_loopback_dev(wrap.lb));
			ck_assert_uint_lt(n, 50);
		}
		/* calloc, two msg arrays, two queues, worker, + irq. */
		ck_assert_uint_ge(n, m == 2 ? 6 : 7);
		wrap.vs = vs;
		scmi_vio_virtio_scmi_remove(vs);
		ck_assert_uint_eq(wrap.resets, 1);
		wrap.starts = wrap.resets = 0;
	}
	/* The device refuses to start: unwound, not reset (never ran). */
	wrap.start_ret = -EIO;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(&wrap.vdev, NULL, &vs),
			 -EIO);
	ck_assert_uint_eq(wrap.starts, 1);
	ck_assert_uint_eq(wrap.resets, 0);
	scmi_vio_loopback_destroy(wrap.lb);
}
END_TEST

/* L-12: nothing of the first life reaches the second. */
START_TEST(test_probe_remove_probe)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_virtio_scmi_stats st;
	struct scmi_vio_loopback *lb;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
	enum scmi_vio_irq_mode mode;
	uint16_t major, minor;
	unsigned int life, i;

	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &lb), 0);
	for (life = 0; life < 6; life++) {
		mode = (enum scmi_vio_irq_mode)(life % 2);
		vc.irq_mode = mode;
		ck_assert_int_eq(scmi_vio_virtio_scmi_probe(
					 scmi_vio_loopback_vdev(lb), &vc, &vs),
				 0);
		ck_assert_int_eq(
			scmi_vio_virtio_scmi_agent_create(vs, NULL, &a), 0);
		for (i = 0; i < 50; i++)
			ck_assert_int_eq(scmi_vio_protocol_version(
						 a, 0x10, &major, &minor),
					 0);
		vsf_all_free(vs);
		st = vsf_stats(vs);
		/* A fresh transport: exactly this life's traffic. */
		ck_assert_uint_eq(st.sends, 50);
		ck_assert_uint_eq(st.tx_completions, 50);
		ck_assert_uint_eq(st.msg_frees, 50);
		ck_assert_uint_eq(st.broken, 0);
		vsf_all_free(vs);
		scmi_vio_agent_destroy(a);
		scmi_vio_virtio_scmi_remove(vs);
	}
	scmi_vio_loopback_destroy(lb);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_probe_version1_required,
				       test_probe_no_p2a,
				       test_probe_sizing,
				       test_probe_eventq_first_and_remove_order,
				       test_probe_alloc_failure_every_step,
				       test_probe_remove_probe,
				       NULL };

	return check_run(check_suite("vs_probe", "probe", 0, tests));
}
