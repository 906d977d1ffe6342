// SPDX-License-Identifier: BSD-3-Clause
/*
 * SCMI over virtio-scmi under load: 1, 2, 4 and 8 agent threads mixing
 * interrupt-driven and polled synchronous commands, asynchronous commands
 * (delayed responses on the eventq) and commands that raise notifications
 * for a subscriber, while the platform injects seeded faults (dropped,
 * duplicated, late and reordered replies); every cycle ends with a
 * shutdown, some of them under traffic, and a re-probe of the same device.
 *
 * Every wait in it ends by a doorbell or a reply: a lost wake-up through
 * memory ordering (L-11) shows as more timeouts than injected faults
 * explain, or as a hang.
 *
 * Checked after each cycle: every outcome is one the faults explain,
 * every message is in the pool or held by the device (invariant 7), no
 * refcount over- or underflowed, nothing broke.
 *
 * Short mode (CI, the default): a few thousand transactions per thread
 * count, scaled down by SCMI_VIO_TEST_SCALE under sanitizers.  Long mode:
 * SCMI_VIO_STRESS_LONG=1 in the environment, at least 10^6 transactions.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/platform_dev.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_perf.h>
#include <scmi_vio/scmi_raw.h>
#include <scmi_vio/scmi_sensor.h>
#include <scmi_vio/loopback.h>
#include <scmi_vio/virtio_scmi.h>

#include "check_run.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "common/refcount.h"
#include "raw_msg.h"
#include "virtio_scmi/vs_test_hooks.h"

#ifndef SCMI_VIO_TEST_SCALE
#define SCMI_VIO_TEST_SCALE 1
#endif

#define MAX_THREADS 8
#define CYCLES 3

/* Shared with the agent threads and the dispatcher: static. */
static struct {
	struct scmi_vio_agent *a;
	unsigned long per_thread;
	unsigned int stop; /* ATOMIC */
	unsigned long done; /* ATOMIC: transactions finished */
	unsigned long bad; /* ATOMIC: outcomes no fault explains */
	int bad_ret; /* ATOMIC: the last of them */
	unsigned long notes; /* ATOMIC: notifications delivered */
	unsigned long polled; /* ATOMIC */
} g;

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void on_level(const struct scmi_vio_notify_report *r, void *arg)
{
	sv_counter_add(&g.notes, 1);
}

static int polled_cmd(unsigned int token)
{
	struct scmi_vio_hdr h = { .protocol = 0x10, .token = (uint16_t)token };
	uint8_t req[4], resp[16];
	struct scmi_vio_raw_msg rm;

	sv_put_le32(req, scmi_vio_hdr_pack(&h));
	rm = raw_msg(req, 4, SCMI_VIO_CMD_POLL, resp, sizeof(resp));
	sv_counter_add(&g.polled, 1);
	return scmi_vio_raw_xfer(g.a, &rm);
}

static void *agent_thread(void *arg)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull * ((uintptr_t)arg + 1);
	unsigned int id = (unsigned int)(uintptr_t)arg;
	uint16_t major, minor;
	unsigned long i;
	uint64_t rate;
	int64_t v;
	int r;

	for (i = 0; i < g.per_thread && !sv_load_acquire(&g.stop); i++) {
		switch (xorshift(&seed) % 8) {
		case 0:
		case 1:
			r = scmi_vio_protocol_version(g.a, 0x14, &major,
						      &minor);
			break;
		case 2:
			r = scmi_vio_clock_rate_get(g.a, id % 4, &rate);
			break;
		case 3:
		case 4:
			/* Raw tokens are the caller's: keep threads apart. */
			r = polled_cmd(id * 100 + (unsigned int)(i % 100));
			if (r == -EAGAIN)
				r = 0; /* the token is still in flight */
			break;
		case 5:
			r = scmi_vio_clock_rate_set_async(g.a, 0, 1000000000, 0,
							  &rate);
			break;
		case 6:
			r = scmi_vio_sensor_reading_get_async(g.a, 1, &v);
			break;
		default:
			r = scmi_vio_perf_level_set(g.a, 0,
						    i % 2 ? 1000 : 1100);
			break;
		}
		/* What faults explain: a lost or stale reply times out, a
		 * duplicate in place of a reply may fail the header
		 * checks, a pool held by the device answers -EAGAIN, a
		 * platform whose delayed-response slots are all taken
		 * answers the BUSY status (-EBUSY), a shutdown under
		 * traffic -ENODEV. */
		if (r == -ENODEV)
			break;
		if (r && r != -ETIMEDOUT && r != -EPROTO && r != -EAGAIN &&
		    r != -EBUSY) {
			sv_counter_add(&g.bad, 1);
			sv_write_once(&g.bad_ret, r);
		}
		sv_counter_add(&g.done, 1);
	}
	return NULL;
}

/*
 * Each injected fault that loses a reply (dropped, or a duplicate written
 * over another command's reply) explains one timeout; late and reordered
 * replies may explain one each.  More timeouts than that are lost
 * wake-ups or lost replies (L-11).
 */
static void check_timeouts(struct scmi_vio_loopback *lb)
{
	static const enum scmi_vio_fault_kind kinds[] = {
		SCMI_VIO_FAULT_DROP_REPLY,
		SCMI_VIO_FAULT_DUP_REPLY,
		SCMI_VIO_FAULT_DELAY,
		SCMI_VIO_FAULT_REORDER,
	};
	struct scmi_vio_platform_dev *dev = scmi_vio_loopback_dev(lb);
	struct scmi_vio_agent_stats as;
	uint64_t faults = 0;
	unsigned int i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		faults += scmi_vio_platform_dev_fault_count(dev, kinds[i]);
	scmi_vio_agent_get_stats(g.a, &as);
	ck_assert_msg(as.timeouts <= faults, "%llu timeouts, %llu faults",
		      (unsigned long long)as.timeouts,
		      (unsigned long long)faults);
}

static void cycle(struct scmi_vio_loopback *lb, unsigned int nthreads,
		  unsigned int c, uint64_t seed)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_agent_config ac = { 0 };
	struct scmi_vio_virtio_scmi_stats st;
	struct scmi_vio_notify_sub *sub;
	struct scmi_vio_virtio_scmi *vs;
	pthread_t t[MAX_THREADS];
	struct scmi_vio__vs_account acct;
	unsigned int i, spins = 0;
	bool under_traffic = c % 2;

	vc.irq_mode = c % 3 == 2 ? SCMI_VIO_IRQ_INLINE : SCMI_VIO_IRQ_EVENTFD;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb),
						    &vc, &vs),
			 0);
	ac.reply_timeout_ms = 100;
	ac.dresp_timeout_ms = 200;
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(vs, &ac, &g.a), 0);
	ck_assert_int_eq(scmi_vio_perf_register_events(g.a), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(g.a, SCMI_VIO_PROTO_PERF,
						   SCMI_VIO_PERF_LEVEL_CHANGED,
						   SCMI_VIO_NOTIFY_ALL_SRC,
						   on_level, NULL, &sub),
			 0);
	sv_write_once(&g.stop, 0);
	for (i = 0; i < nthreads; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, agent_thread,
						(void *)(uintptr_t)i),
				 0);
	if (under_traffic) {
		/* Shut down while the threads still run (L-1..L-4). */
		while (sv_read_once(&g.done) < (seed % 64) + 16)
			sched_yield();
		scmi_vio_virtio_scmi_transport_ops()->detach(vs);
	}
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	if (!under_traffic) {
		/* Quiescence: everything the device returned comes back;
		 * the rest is held by it (dropped or still delayed). */
		do {
			scmi_vio__vs_account(vs, &acct);
			if (acct.free + acct.device == acct.max &&
			    !acct.pending)
				break;
			sched_yield();
		} while (++spins < 50000000u);
		ck_assert_uint_eq(acct.free + acct.device, acct.max);
		ck_assert_uint_eq(acct.pending, 0);
		check_timeouts(lb);
	} else {
		scmi_vio__vs_account(vs, &acct);
		ck_assert_uint_le(acct.free + acct.device + acct.pending,
				  acct.max);
	}
	scmi_vio_virtio_scmi_get_stats(vs, &st);
	ck_assert_uint_eq(st.broken, 0);
	ck_assert_uint_eq(sv_read_once(&scmi_vio__ref_saturations), 0);
	scmi_vio_notify_unsubscribe(g.a, sub);
	scmi_vio_agent_destroy(g.a);
	scmi_vio_virtio_scmi_remove(vs);
}

static void run(unsigned int nthreads, unsigned long total)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_fault_plan plan = { 0 };
	struct scmi_vio_loopback *lb;
	unsigned int c;

	plan.seed = 0x5eed + nthreads;
	plan.rate_ppm = 3000;
	plan.kinds = 1u << SCMI_VIO_FAULT_DELAY | 1u << SCMI_VIO_FAULT_REORDER |
		     1u << SCMI_VIO_FAULT_DUP_REPLY |
		     1u << SCMI_VIO_FAULT_DROP_REPLY;
	plan.random_arg = 3;
	lc.queue_num = 256;
	lc.faults = &plan;
	lc.out_of_order = nthreads > 2;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), 0);
	memset(&g, 0, sizeof(g));
	g.per_thread = total / CYCLES / nthreads + 1;
	for (c = 0; c < CYCLES; c++)
		cycle(lb, nthreads, c, plan.seed + c);
	ck_assert_msg(sv_read_once(&g.bad) == 0,
		      "%lu unexplained outcomes (%d)", sv_read_once(&g.bad),
		      sv_read_once(&g.bad_ret));
	printf("threads %u: %lu transactions (%lu polled), %lu notifications\n",
	       nthreads, sv_read_once(&g.done), sv_read_once(&g.polled),
	       sv_read_once(&g.notes));
	scmi_vio_loopback_destroy(lb);
}

static bool long_mode(void)
{
	const char *l = getenv("SCMI_VIO_STRESS_LONG");

	return l && *l && *l != '0';
}

static unsigned long total(void)
{
	if (long_mode())
		/* Per thread count, less what the shutdown cycles cut short:
		 * about 2.7 x 10^6 in all. */
		return 1000000ul;
	return 24000ul / SCMI_VIO_TEST_SCALE;
}

START_TEST(test_scmi_stress)
{
	static const unsigned int threads[] = { 1, 2, 4, 8 };

	run(threads[_i], total());
}
END_TEST

int main(void)
{
	/* Run by hand, the long mode outlasts Check's default 4 s. */
	return check_main_one("scmi_stress", long_mode() ? 3600 : 0,
			      test_scmi_stress, 0, 4);
}
