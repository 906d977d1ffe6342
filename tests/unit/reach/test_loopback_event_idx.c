// SPDX-License-Identifier: BSD-3-Clause
/*
 * The loopback's inline device negotiates EVENT_IDX like its other modes,
 * and keeps being kicked.  A driver with EVENT_IDX kicks only when it
 * passes the avail_event the device published, so a device that never
 * re-arms it after its first round strands every later command; the inline
 * device runs in the kicker's thread, so it re-arms at the end of each
 * kick (scmi_vio_platform_dev_step()), and two threads sending at once
 * race its re-arm against their adds (the re-check after arm() covers
 * them).
 *
 * Each irq mode: two threads send 35000 commands between them (the
 * 16-bit ring indices wrap; a tenth under the sanitizers), some of them
 * asynchronous with a delayed response, while the main thread changes a
 * clock's rate and waits for each change's notification.  A stranded
 * command fails at its reply timeout, a stranded notification at the
 * main thread's deadline: nothing waits beyond a bound.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <scmi_vio/loopback.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/vdev.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/vring.h>

#include "check_run.h"
#include "common/atomics.h"

#define SENDERS 2u
#define CMDS_PER_SENDER (35000u / SCMI_VIO_TEST_SCALE / SENDERS)
#define ASYNC_EVERY 50u /* every 50th command is asynchronous */
#define CLOCK_NOTIFY 0u /* cpu: its rate changes are notified */
#define CLOCK_ASYNC 3u /* ddr: set asynchronously */
#define ASYNC_RATE 800000000ull
#define NOTES 200u
#define TIMEOUT_MS 5000u
#define DEADLINE_S 20

/* The loopback's vdev, with start() recording what the driver chose. */
struct wrap {
	struct scmi_vio_vdev vdev;
	const struct scmi_vio_vdev *inner;
	uint64_t features;
};

static int wrap_start(void *ctx, uint64_t features,
		      const struct scmi_vio_vring_gpa *q, unsigned int n,
		      struct scmi_vio_doorbell *irq)
{
	struct wrap *w = ctx;

	w->features = features;
	return w->inner->ops->start(w->inner->ctx, features, q, n, irq);
}

static void wrap_reset(void *ctx)
{
	struct wrap *w = ctx;

	w->inner->ops->reset(w->inner->ctx);
}

static const struct scmi_vio_vdev_ops wrap_ops = {
	.start = wrap_start,
	.reset = wrap_reset,
};

struct sender {
	pthread_t t;
	struct scmi_vio_agent *a;
	int ret; /* ATOMIC: the first failure, 0 if none */
	unsigned int done; /* ATOMIC: commands completed */
};

static void *sender_run(void *arg)
{
	struct sender *s = arg;
	uint16_t major, minor;
	uint64_t rate;
	unsigned int i;
	int r;

	for (i = 0; i < CMDS_PER_SENDER; i++) {
		if (i % ASYNC_EVERY == ASYNC_EVERY - 1) {
			rate = 0;
			r = scmi_vio_clock_rate_set_async(s->a, CLOCK_ASYNC,
							  ASYNC_RATE, 0, &rate);
			if (!r && rate != ASYNC_RATE)
				r = -EPROTO;
		} else {
			r = scmi_vio_protocol_version(s->a, SCMI_VIO_PROTO_BASE,
						      &major, &minor);
		}
		if (r) {
			sv_write_once(&s->ret, r);
			break;
		}
		sv_write_once(&s->done, i + 1);
	}
	return NULL;
}

static unsigned int notes_seen; /* ATOMIC */

static void on_rate(const struct scmi_vio_notify_report *r, void *arg)
{
	(void)r;
	(void)arg;
	sv_fetch_add(&notes_seen, 1);
}

/* Until @cond, or fail at the deadline. */
#define WAIT_UNTIL(cond)                                     \
	do {                                                 \
		while (!(cond)) {                            \
			ck_assert_msg(time(NULL) < deadline, \
				      "stranded: " #cond);   \
			sched_yield();                       \
		}                                            \
	} while (0)

/* Without interrupts: what an embedder's poll loop does, until stopped. */
struct reaper {
	pthread_t t;
	struct scmi_vio_virtio_scmi *vs;
	unsigned int stop; /* ATOMIC */
};

static void *reaper_run(void *arg)
{
	struct reaper *rp = arg;

	/* Pairs with the release in the test: stop after the last wait. */
	while (!sv_load_acquire(&rp->stop)) {
		(void)scmi_vio_virtio_scmi_process(rp->vs);
		sched_yield();
	}
	return NULL;
}

static const enum scmi_vio_irq_mode modes[] = {
	SCMI_VIO_IRQ_INLINE,
	SCMI_VIO_IRQ_EVENTFD,
	SCMI_VIO_IRQ_NONE,
};

START_TEST(test_inline_device_event_idx_never_strands)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_agent_config ac = { 0 };
	struct scmi_vio_loopback *lb;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
	struct scmi_vio_notify_sub *sub;
	struct sender s[SENDERS];
	struct reaper rp = { 0 };
	struct wrap w;
	uint64_t rates[16];
	size_t n_rates;
	bool triplet;
	time_t deadline = time(NULL) + DEADLINE_S;
	unsigned int i;

	lc.inline_device = true;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), 0);
	w.inner = scmi_vio_loopback_vdev(lb);
	w.vdev = *w.inner;
	w.vdev.ops = &wrap_ops;
	w.vdev.ctx = &w;
	w.features = 0;
	vc.irq_mode = modes[_i];
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(&w.vdev, &vc, &vs), 0);
	/* Offered by the device and accepted by the transport. */
	ck_assert(w.features & 1ull << SCMI_VIO_F_EVENT_IDX);
	ck_assert(w.features & 1ull << SCMI_VIO_F_P2A_CHANNELS);
	rp.vs = vs;
	if (modes[_i] == SCMI_VIO_IRQ_NONE)
		ck_assert_int_eq(pthread_create(&rp.t, NULL, reaper_run, &rp),
				 0);
	ac.reply_timeout_ms = TIMEOUT_MS;
	ac.dresp_timeout_ms = TIMEOUT_MS;
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(vs, &ac, &a), 0);

	sv_write_once(&notes_seen, 0);
	ck_assert_int_eq(scmi_vio_clock_register_events(a), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(a, SCMI_VIO_PROTO_CLOCK,
						   SCMI_VIO_CLOCK_RATE_CHANGED,
						   CLOCK_NOTIFY, on_rate, NULL,
						   &sub),
			 0);
	ck_assert_int_eq(scmi_vio_clock_describe_rates(a, CLOCK_NOTIFY, rates,
						       16, &n_rates, &triplet),
			 0);
	ck_assert(!triplet && n_rates >= 2);

	memset(s, 0, sizeof(s));
	for (i = 0; i < SENDERS; i++) {
		s[i].a = a;
		ck_assert_int_eq(
			pthread_create(&s[i].t, NULL, sender_run, &s[i]), 0);
	}
	/* Each change notified before the next (so none is coalesced). */
	for (i = 0; i < NOTES; i++) {
		ck_assert_int_eq(scmi_vio_clock_rate_set(a, CLOCK_NOTIFY,
							 rates[i % 2], 0),
				 0);
		WAIT_UNTIL(sv_read_once(&notes_seen) >= i + 1);
	}
	for (i = 0; i < SENDERS; i++) {
		WAIT_UNTIL(sv_read_once(&s[i].ret) ||
			   sv_read_once(&s[i].done) == CMDS_PER_SENDER);
		pthread_join(s[i].t, NULL);
		ck_assert_int_eq(s[i].ret, 0);
	}
	ck_assert_uint_eq(sv_read_once(&notes_seen), NOTES);

	/* Its NOTIFY disable is a command too: reaped before the stop. */
	scmi_vio_notify_unsubscribe(a, sub);
	if (modes[_i] == SCMI_VIO_IRQ_NONE) {
		sv_store_release(&rp.stop, 1);
		pthread_join(rp.t, NULL);
	}
	scmi_vio_agent_destroy(a);
	scmi_vio_virtio_scmi_remove(vs);
	scmi_vio_loopback_destroy(lb);
}
END_TEST

int main(void)
{
	return check_main_one("loopback_event_idx", 120,
			      test_inline_device_event_idx_never_strands, 0,
			      CHECK_ROWS(modes));
}
