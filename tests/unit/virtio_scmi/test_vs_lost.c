// SPDX-License-Identifier: BSD-3-Clause
/*
 * A device that goes away for good (vdev.h's lost op), as the vhost-user
 * front-end's does when its backend hangs up.  The device here is the
 * loopback behind a wrapper whose lost op the test sets; its platform
 * drops Base PROTOCOL_VERSION replies (the buffer kept) and withholds
 * eventq buffers (no delayed response comes), so commands wait.  When the
 * device says it is lost and rings its interrupt, a blocking command, a
 * polled one and an async one waiting for its delayed response all fail
 * with the device's errno at once, not at their 10 s timeout; later
 * sends fail with it too, without touching the ring; the first errno
 * stays.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <scmi_vio/loopback.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/virtio_scmi.h>

#include "check_run.h"
#include "common/atomics.h"

static struct {
	struct scmi_vio_loopback *lb;
	struct scmi_vio_vdev vdev;
	struct scmi_vio_doorbell *irq; /* start()'s */
	int lost; /* ATOMIC: what the lost op says */
} w;

static int w_start(void *ctx, uint64_t features,
		   const struct scmi_vio_vring_gpa *q, unsigned int n,
		   struct scmi_vio_doorbell *irq)
{
	const struct scmi_vio_vdev *inner = scmi_vio_loopback_vdev(w.lb);

	w.irq = irq;
	return inner->ops->start(inner->ctx, features, q, n, irq);
}

static void w_reset(void *ctx)
{
	const struct scmi_vio_vdev *inner = scmi_vio_loopback_vdev(w.lb);

	inner->ops->reset(inner->ctx);
}

static int w_lost(void *ctx)
{
	return sv_load_acquire(&w.lost);
}

static const struct scmi_vio_vdev_ops w_ops = {
	.start = w_start,
	.reset = w_reset,
	.lost = w_lost,
};

/* The device loses its server: the errno, then the interrupt. */
static void device_gone(int err)
{
	/* Pairs with the acquire in w_lost(). */
	sv_store_release(&w.lost, err);
	ck_assert_int_eq(scmi_vio_doorbell_ring(w.irq), 0);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum cmd { BLOCKING, POLLED, ASYNC };

struct waiter {
	pthread_t th;
	struct scmi_vio_agent *a;
	enum cmd cmd;
	int ret;
};

static int run_cmd(struct scmi_vio_agent *a, enum cmd cmd)
{
	struct scmi_vio_cmd c = {
		.protocol = SCMI_VIO_PROTO_BASE,
		.flags = cmd == POLLED ? SCMI_VIO_CMD_POLL : 0,
	};
	uint64_t rate;

	if (cmd == ASYNC)
		return scmi_vio_clock_rate_set_async(a, 0, 800000000, 0, &rate);
	return scmi_vio_agent_do_cmd(a, &c);
}

static void *waiter_main(void *arg)
{
	struct waiter *wt = arg;

	wt->ret = run_cmd(wt->a, wt->cmd);
	return NULL;
}

START_TEST(test_vs_lost_ends_every_wait)
{
	const struct scmi_vio_fault_rule rules[] = {
		{ .match = SCMI_VIO_FAULT_MATCH_PROTO |
			   SCMI_VIO_FAULT_MATCH_MSG_ID,
		  .protocol = SCMI_VIO_PROTO_BASE,
		  .msg_id = 0,
		  .kind = SCMI_VIO_FAULT_DROP_REPLY },
		{ .kind = SCMI_VIO_FAULT_WITHHOLD_EVQ, .arg = 1000000 },
	};
	const struct scmi_vio_fault_plan plan = { .rules = rules,
						  .n_rules = 2 };
	struct scmi_vio_loopback_config lc = { .faults = &plan };
	struct scmi_vio_virtio_scmi_config vc = {
		.irq_mode = SCMI_VIO_IRQ_EVENTFD
	};
	struct scmi_vio_agent_config ac = { .reply_timeout_ms = 10000,
					    .dresp_timeout_ms = 10000 };
	struct scmi_vio_agent_stats st;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
	struct waiter wt[3];
	unsigned int i;
	int64_t t0;

	memset(&w, 0, sizeof(w));
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &w.lb), 0);
	w.vdev = *scmi_vio_loopback_vdev(w.lb);
	w.vdev.ops = &w_ops;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(&w.vdev, &vc, &vs), 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(vs, &ac, &a), 0);
	for (i = 0; i < 3; i++) {
		wt[i] = (struct waiter){ .a = a, .cmd = (enum cmd)i };
		ck_assert_int_eq(pthread_create(&wt[i].th, NULL, waiter_main,
						&wt[i]),
				 0);
	}
	/* All three sent; the async one has its immediate response and
	 * waits for the delayed one. */
	for (i = 0;; i++) {
		scmi_vio_agent_get_stats(a, &st);
		if (st.sent == 3 && st.responses == 1)
			break;
		ck_assert_uint_lt(i, 500);
		(void)poll(NULL, 0, 10);
	}
	t0 = now_ms();
	device_gone(-ECONNRESET);
	for (i = 0; i < 3; i++) {
		pthread_join(wt[i].th, NULL);
		ck_assert_int_eq(wt[i].ret, -ECONNRESET);
	}
	ck_assert_int_lt(now_ms() - t0, 2000);
	/* Later commands: refused at once, the first errno kept. */
	sv_store_release(&w.lost, -EPROTO);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(run_cmd(a, (enum cmd)i), -ECONNRESET);
	ck_assert_int_lt(now_ms() - t0, 2000);
	scmi_vio_agent_get_stats(a, &st);
	ck_assert_uint_eq(st.sent, 3);
	ck_assert_uint_eq(st.timeouts, 0);
	scmi_vio_agent_destroy(a);
	scmi_vio_virtio_scmi_remove(vs);
	scmi_vio_loopback_destroy(w.lb);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_vs_lost_ends_every_wait, NULL };

	return check_run(check_suite("vs_lost", "lost", 30, tests));
}
