// SPDX-License-Identifier: BSD-3-Clause
/*
 * Channel shutdown (docs/linux-notes.md A10.3, invariant 8):
 *   L-1  shutdown while a completion callback runs: it waits; callbacks
 *        that start afterwards return at once;
 *   L-2  shutdown while a poller spins: the poller ends with an error;
 *   L-3  shutdown with deferred work queued: none can run afterwards, the
 *        set-aside messages stay accounted;
 *   L-4  the device is broken outside the channel lock: shutdown under
 *        traffic on every path, which TSan's deadlock detector watches;
 *   L-14 two shutdowns at once: each returns only once shutdown is done.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <scmi_vio/platform_dev.h>
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/scmi_raw.h>

#include "check_run.h"
#include "raw_msg.h"
#include "vs_fixture.h"

/* Shared with the helper threads: static, not on a stack. */
static struct {
	struct vsf *f;
	unsigned int detached; /* ATOMIC */
	int result; /* ATOMIC */
	unsigned int stop; /* ATOMIC */
	unsigned long ops; /* ATOMIC */
} sh;

static void *detacher(void *arg)
{
	scmi_vio_virtio_scmi_transport_ops()->detach(sh.f->vs);
	sv_store_release(&sh.detached, 1);
	return NULL;
}

START_TEST(test_l1_shutdown_waits_for_callback)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_virtio_scmi_stats st0, st1;
	struct scmi_vio_platform_dev_stats ds;
	struct vs_chan *tx;
	struct vs_msg *m;
	uint8_t pdu[4];
	pthread_t t;
	unsigned int i;

	vc.irq_mode = SCMI_VIO_IRQ_NONE;
	sh.f = vsf_up(NULL, &vc, 2000);
	tx = scmi_vio__vs_cmdq(sh.f->vs);
	/* A reply waits in the used ring (no interrupts in this mode). */
	vsf_cmd(pdu, 1);
	ck_assert_int_eq(scmi_vio__vs_send_msg(sh.f->vs, pdu, 4, false, &m), 0);
	VSF_WAIT((scmi_vio_platform_dev_get_stats(
			  scmi_vio_loopback_dev(sh.f->lb), &ds),
		  ds.replies == 1));
	/* A completion callback in progress holds one channel reference. */
	ck_assert(scmi_vio__vs_chan_acquire(tx));
	ck_assert_int_eq(pthread_create(&t, NULL, detacher, NULL), 0);
	/* The initial reference is gone once the detacher waits. */
	VSF_WAIT(scmi_vio__vs_chan_freeing(tx) &&
		 scmi_vio__vs_chan_users(tx) == 1);
	for (i = 0; i < 1000; i++) {
		ck_assert_uint_eq(sv_load_acquire(&sh.detached), 0);
		sched_yield();
	}
	/* A callback starting now returns at once: the device is broken,
	 * the waiting reply is not processed, nothing is reported. */
	scmi_vio_virtio_scmi_get_stats(sh.f->vs, &st0);
	scmi_vio__vs_complete(tx);
	scmi_vio_virtio_scmi_get_stats(sh.f->vs, &st1);
	ck_assert_uint_eq(st1.tx_completions, st0.tx_completions);
	ck_assert_uint_eq(st1.tx_completions, 0);
	ck_assert_uint_eq(st1.broken, 0);
	ck_assert_uint_eq(sv_load_acquire(&sh.detached), 0);
	/* The running callback ends: shutdown completes. */
	scmi_vio__vs_chan_release(tx);
	pthread_join(t, NULL);
	ck_assert_uint_eq(sv_load_acquire(&sh.detached), 1);
	ck_assert_uint_eq(scmi_vio__vs_chan_users(tx), 0);
	/* From now on entry points cannot even acquire the channel. */
	scmi_vio__vs_complete(tx);
	scmi_vio__vs_worker_run(sh.f->vs);
	scmi_vio_virtio_scmi_get_stats(sh.f->vs, &st1);
	ck_assert_uint_eq(st1.acquire_failed - st0.acquire_failed, 2);
	ck_assert_uint_eq(st1.worker_runs, 0);
	vsf_down(sh.f);
}
END_TEST

static void *poller(void *arg)
{
	uint8_t req[4], resp[16];
	struct scmi_vio_raw_msg rm;

	vsf_cmd(req, 3);
	rm = raw_msg(req, 4, SCMI_VIO_CMD_POLL, resp, sizeof(resp));
	rm.timeout_ms = 60000;
	sv_store_release(&sh.result, scmi_vio_raw_xfer(sh.f->a, &rm));
	return NULL;
}

START_TEST(test_l2_shutdown_ends_poller)
{
	const struct scmi_vio_fault_rule rule = {
		.kind = SCMI_VIO_FAULT_DROP_REPLY,
	};
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_virtio_scmi_stats st;
	pthread_t t;

	vc.irq_mode = (enum scmi_vio_irq_mode)_i;
	sh.f = vsf_up_rules(&rule, 1, NULL, &vc, 60000);
	sh.result = 1;
	ck_assert_int_eq(pthread_create(&t, NULL, poller, NULL), 0);
	VSF_WAIT(
		(scmi_vio_virtio_scmi_get_stats(sh.f->vs, &st), st.sends == 1));
	scmi_vio_virtio_scmi_transport_ops()->detach(sh.f->vs);
	pthread_join(t, NULL);
	/* No reply: the transport's error, long before the 60 s timeout. */
	ck_assert_int_eq(sv_load_acquire(&sh.result), -ENODEV);
	vsf_down(sh.f);
}
END_TEST

/* L-3: work set aside by a poller when the worker may no longer run. */
START_TEST(test_l3_no_work_after_shutdown)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_virtio_scmi_stats st0, st1;
	struct vs_msg *n, *p;
	struct vsf_acct ac;
	uint8_t pdu[4];
	struct vsf *f;

	lc.inline_device = true;
	vc.irq_mode = SCMI_VIO_IRQ_NONE;
	f = vsf_up(&lc, &vc, 2000);
	/* As the shutdown does under the lock: the worker is not queued. */
	scmi_vio__vs_cmdq_stop_worker(f->vs);
	vsf_cmd(pdu, 1);
	ck_assert_int_eq(scmi_vio__vs_send_msg(f->vs, pdu, 4, false, &n), 0);
	vsf_cmd(pdu, 2);
	ck_assert_int_eq(scmi_vio__vs_send_msg(f->vs, pdu, 4, true, &p), 0);
	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, p), 1);
	scmi_vio__vs_txdone_msg(f->vs, p, 0);
	vsf_account(f->vs, &ac);
	ck_assert_uint_eq(ac.pending, 1);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st0);
	ck_assert_uint_eq(st0.worker_runs, 0);
	scmi_vio_virtio_scmi_transport_ops()->detach(f->vs);
	/* A worker run after shutdown does nothing. */
	scmi_vio__vs_worker_run(f->vs);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st1);
	ck_assert_uint_eq(st1.worker_runs, 0);
	ck_assert_uint_eq(st1.worker_delivered, 0);
	/* Invariant 7 at quiescence: free + device + pending = max. */
	vsf_account(f->vs, &ac);
	ck_assert_uint_eq(ac.pending, 1);
	ck_assert_uint_eq(ac.free + ac.device + ac.pending, ac.max);
	vsf_down(f);
}
END_TEST

static void *traffic(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg, i = 0;
	uint8_t req[4], resp[16];
	struct scmi_vio_raw_msg rm;
	int r;

	while (!sv_load_acquire(&sh.stop)) {
		vsf_cmd(req, (id * 256 + i++) % 1024);
		rm = raw_msg(req, 4, (i + id) % 2 ? SCMI_VIO_CMD_POLL : 0, resp,
			     sizeof(resp));
		rm.timeout_ms = 200;
		r = scmi_vio_raw_xfer(sh.f->a, &rm);
		if (r == -ENODEV)
			break;
		sv_fetch_add(&sh.ops, 1);
	}
	return NULL;
}

/* L-4 (and L-1/L-2 with real paths): shut down under traffic. */
START_TEST(test_l4_shutdown_under_traffic)
{
	const struct scmi_vio_fault_rule rule = {
		.kind = SCMI_VIO_FAULT_DELAY,
		.arg = 2,
		.match = SCMI_VIO_FAULT_MATCH_MSG_ID,
		.msg_id = 0,
	};
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_fault_plan plan = { 0 };
	struct vsf_acct ac;
	pthread_t t[3];
	unsigned int i, round;

	for (round = 0; round < 4; round++) {
		plan.seed = round + 1;
		plan.rate_ppm = 200000;
		plan.kinds = 1u << SCMI_VIO_FAULT_REORDER |
			     1u << SCMI_VIO_FAULT_DELAY;
		plan.random_arg = 2;
		plan.rules = round % 2 ? &rule : NULL;
		plan.n_rules = round % 2;
		lc.faults = &plan;
		vc.irq_mode = (enum scmi_vio_irq_mode)(round % 2);
		sh.f = vsf_up(&lc, &vc, 200);
		sv_write_once(&sh.stop, 0);
		sv_write_once(&sh.ops, 0);
		for (i = 0; i < 3; i++)
			ck_assert_int_eq(pthread_create(&t[i], NULL, traffic,
							(void *)(uintptr_t)i),
					 0);
		VSF_WAIT(sv_read_once(&sh.ops) >= 200 / SCMI_VIO_TEST_SCALE);
		scmi_vio_virtio_scmi_transport_ops()->detach(sh.f->vs);
		sv_store_release(&sh.stop, 1);
		for (i = 0; i < 3; i++)
			pthread_join(t[i], NULL);
		vsf_account(sh.f->vs, &ac);
		/* Each message is in one place at most (the rest were
		 * bound to a command whose mark_txdone came after the
		 * shutdown: remove frees them with the pool). */
		ck_assert_uint_le(ac.free + ac.device + ac.pending, ac.max);
		ck_assert_uint_eq(sv_read_once(&scmi_vio__ref_saturations), 0);
		vsf_down(sh.f);
	}
}
END_TEST

static unsigned int detached2; /* ATOMIC: the second detacher returned */

static void *detacher2(void *arg)
{
	scmi_vio_virtio_scmi_transport_ops()->detach(sh.f->vs);
	sv_store_release(&detached2, 1);
	return NULL;
}

/*
 * L-14: a second detach while the first waits for a user of the channel.
 * Before, it saw the shutdown begun and returned at once, with the
 * channel still in use; now both return only when the user is done.
 */
START_TEST(test_l14_concurrent_detach)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	const struct timespec ms = { 0, 1000000 };
	struct vs_chan *tx;
	pthread_t t1, t2;
	unsigned int i;

	vc.irq_mode = SCMI_VIO_IRQ_NONE;
	sh.f = vsf_up(NULL, &vc, 2000);
	sh.detached = 0;
	tx = scmi_vio__vs_cmdq(sh.f->vs);
	/* A user (a completion callback, say) holds the channel. */
	ck_assert(scmi_vio__vs_chan_acquire(tx));
	ck_assert_int_eq(pthread_create(&t1, NULL, detacher, NULL), 0);
	VSF_WAIT(scmi_vio__vs_chan_freeing(tx) &&
		 scmi_vio__vs_chan_users(tx) == 1);
	ck_assert_int_eq(pthread_create(&t2, NULL, detacher2, NULL), 0);
	/* A detach that returns early does so at once: 300 ms is plenty. */
	for (i = 0; i < 300; i++) {
		ck_assert_uint_eq(sv_load_acquire(&detached2), 0);
		ck_assert_uint_eq(sv_load_acquire(&sh.detached), 0);
		nanosleep(&ms, NULL);
	}
	scmi_vio__vs_chan_release(tx);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	ck_assert_uint_eq(scmi_vio__vs_chan_users(tx), 0);
	/* A third, after the fact, returns at once. */
	scmi_vio_virtio_scmi_transport_ops()->detach(sh.f->vs);
	vsf_down(sh.f);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_l1_shutdown_waits_for_callback),
		CHECK_LOOP(test_l2_shutdown_ends_poller, SCMI_VIO_IRQ_INLINE,
			   SCMI_VIO_IRQ_NONE + 1),
		CHECK_ONCE(test_l3_no_work_after_shutdown),
		CHECK_ONCE(test_l4_shutdown_under_traffic),
		CHECK_ONCE(test_l14_concurrent_detach),
		{ NULL, 0, 0 },
	};

	return check_main("vs_shutdown", 120, tests);
}
