// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi_bench: SCMI over virtio-scmi, agent to the loopback platform.
 *
 *   poll          synchronous round trips, polled (no interrupts), device
 *                 thread spinning; yardstick: the spin ping-pong
 *   irq_eventfd   interrupt thread woken through an eventfd, device thread
 *                 spinning; yardstick: an eventfd ping-pong
 *   irq_inline    completion run inline on the device thread; same
 *                 yardstick
 *   irq_eventfd_sleeping_device  as irq_eventfd, but the device thread
 *                 sleeps between kicks (three wake-ups per round trip)
 *   notify        notification events/s delivered to one subscriber
 *                 (platform storms of Base error events); compared with
 *                 the 1 M events/s target
 *
 * Each line adds p50/p99/p99.9 latency and allocs_per_op: allocations
 * (malloc, calloc, realloc, aligned_alloc, posix_memalign, any thread)
 * during the measured loop per operation, counted by the allocator
 * interposed below.
 *
 *   scmi_bench [--quick] [--runs N]
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <scmi_vio/platform_fault.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/virtio_scmi.h>

#include "bench_util.h"
#include "common/atomics.h"

/* ---- allocation counting: interpose the allocator of the process ---- */

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t align, size_t size);
extern void __libc_free(void *p);

static unsigned int counting; /* ATOMIC */
static unsigned long allocs; /* ATOMIC */

static void count_alloc(void)
{
	if (sv_read_once(&counting))
		sv_counter_add(&allocs, 1);
}

void *malloc(size_t size)
{
	count_alloc();
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	count_alloc();
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	count_alloc();
	return __libc_realloc(p, size);
}

void *aligned_alloc(size_t align, size_t size)
{
	count_alloc();
	return __libc_memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
	count_alloc();
	*out = __libc_memalign(align, size);
	return *out ? 0 : ENOMEM;
}

void free(void *p)
{
	__libc_free(p);
}

/* ---- the eventfd ping-pong yardstick ---- */

struct efd_pp {
	int ping, pong;
	uint64_t iters;
};

static void efd_wait(int fd)
{
	uint64_t v;

	while (read(fd, &v, sizeof(v)) != sizeof(v))
		;
}

static void efd_ring(int fd)
{
	const uint64_t one = 1;

	while (write(fd, &one, sizeof(one)) != sizeof(one))
		;
}

static void *efd_pong(void *arg)
{
	struct efd_pp *pp = arg;
	uint64_t i;

	bench_pin(1);
	for (i = 0; i < pp->iters; i++) {
		efd_wait(pp->ping);
		efd_ring(pp->pong);
	}
	return NULL;
}

static double efd_pingpong(uint64_t iters)
{
	struct efd_pp pp = { eventfd(0, 0), eventfd(0, 0), iters };
	uint64_t i, t0, t1;
	pthread_t t;

	bench_pin(0);
	pthread_create(&t, NULL, efd_pong, &pp);
	t0 = bench_now_ns();
	for (i = 0; i < iters; i++) {
		efd_ring(pp.ping);
		efd_wait(pp.pong);
	}
	t1 = bench_now_ns();
	pthread_join(t, NULL);
	close(pp.ping);
	close(pp.pong);
	return (double)iters * 1e9 / (double)(t1 - t0);
}

/* ---- an agent over the loopback platform ---- */

/*
 * Threads inherit their creator's CPU mask: set up with every CPU allowed,
 * so the device, interrupt and worker threads are free to run beside the
 * caller, and pin the caller afterwards.
 */
static void unpin(void)
{
	cpu_set_t set;
	long i, n = sysconf(_SC_NPROCESSORS_ONLN);

	CPU_ZERO(&set);
	for (i = 0; i < n && i < CPU_SETSIZE; i++)
		CPU_SET(i, &set);
	(void)pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

struct rig {
	struct scmi_vio_loopback *lb;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
};

static int rig_up(struct rig *r, bool spin, enum scmi_vio_irq_mode mode,
		  const struct scmi_vio_fault_plan *faults)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_agent_config ac = { 0 };
	int e;

	lc.spin_device = spin;
	lc.faults = faults;
	vc.irq_mode = mode;
	ac.notify_depth = 4096;
	unpin();
	e = scmi_vio_loopback_create(&lc, &r->lb);
	if (!e)
		e = scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(r->lb),
					       &vc, &r->vs);
	if (!e)
		e = scmi_vio_virtio_scmi_agent_create(r->vs, &ac, &r->a);
	if (e)
		fprintf(stderr, "scmi_bench: setup: %s\n", strerror(-e));
	bench_pin(0);
	return e;
}

static void rig_down(struct rig *r)
{
	scmi_vio_agent_destroy(r->a);
	scmi_vio_virtio_scmi_remove(r->vs);
	scmi_vio_loopback_destroy(r->lb);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct result {
	double ops, p50, p99, p999, allocs_per_op;
};

/* One run: @iters synchronous PROTOCOL_VERSION round trips. */
static int rtt_run(struct scmi_vio_agent *a, unsigned int flags, uint64_t iters,
		   uint64_t *lat, struct result *res)
{
	struct scmi_vio_cmd cmd;
	uint8_t rx[16];
	uint64_t i, t0, t1, s;
	unsigned long a0;
	int e;

	for (i = 0; i < iters / 10 + 1; i++) { /* warm up */
		memset(&cmd, 0, sizeof(cmd));
		cmd.protocol = 0x10;
		cmd.flags = flags;
		cmd.rx = rx;
		cmd.rx_cap = sizeof(rx);
		e = scmi_vio_agent_do_cmd(a, &cmd);
		if (e)
			return e;
	}
	a0 = sv_read_once(&allocs);
	sv_write_once(&counting, 1);
	t0 = bench_now_ns();
	for (i = 0; i < iters; i++) {
		s = bench_now_ns();
		memset(&cmd, 0, sizeof(cmd));
		cmd.protocol = 0x10;
		cmd.flags = flags;
		cmd.rx = rx;
		cmd.rx_cap = sizeof(rx);
		e = scmi_vio_agent_do_cmd(a, &cmd);
		lat[i] = bench_now_ns() - s;
		if (e)
			break;
	}
	t1 = bench_now_ns();
	sv_write_once(&counting, 0);
	if (e)
		return e;
	res->allocs_per_op =
		(double)(sv_read_once(&allocs) - a0) / (double)iters;
	res->ops = (double)iters * 1e9 / (double)(t1 - t0);
	qsort(lat, iters, sizeof(*lat), cmp_u64);
	res->p50 = (double)lat[iters / 2];
	res->p99 = (double)lat[iters * 99 / 100];
	res->p999 = (double)lat[iters * 999 / 1000];
	return 0;
}

/* Medians over @runs runs of every figure. */
static void median_of(struct result *rs, int runs, struct result *out)
{
	double v[BENCH_MAX_RUNS];
	int i;

#define MED(f)                                  \
	do {                                    \
		for (i = 0; i < runs; i++)      \
			v[i] = rs[i].f;         \
		out->f = bench_median(v, runs); \
	} while (0)
	MED(ops);
	MED(p50);
	MED(p99);
	MED(p999);
	MED(allocs_per_op);
#undef MED
}

/* @r->p50 < 0: no latency figures (a rate, not round trips). */
static void report(const char *name, const struct result *r, const char *base,
		   double base_ops, const char *note)
{
	char lat[96] = "", extra[256];

	if (r->p50 >= 0)
		snprintf(lat, sizeof(lat),
			 "p50_ns=%.0f p99_ns=%.0f p999_ns=%.0f ", r->p50,
			 r->p99, r->p999);
	snprintf(extra, sizeof(extra), "%sallocs_per_op=%.3f%s%s", lat,
		 r->allocs_per_op, note ? " " : "", note ? note : "");
	bench_report(name, r->ops, base, base_ops, extra);
}

static int bench_rtt(const char *name, bool spin, enum scmi_vio_irq_mode mode,
		     unsigned int flags, uint64_t iters, int runs,
		     const char *base, double base_ops)
{
	struct result rs[BENCH_MAX_RUNS], med;
	uint64_t *lat = malloc(iters * sizeof(*lat));
	struct rig r;
	int i, e = 0;

	if (!lat)
		return -ENOMEM;
	for (i = 0; i < runs && !e; i++) {
		e = rig_up(&r, spin, mode, NULL);
		if (!e)
			e = rtt_run(r.a, flags, iters, lat, &rs[i]);
		rig_down(&r);
	}
	free(lat);
	if (e) {
		fprintf(stderr, "scmi_bench: %s: %s\n", name, strerror(-e));
		return e;
	}
	median_of(rs, runs, &med);
	report(name, &med, base, base_ops,
	       spin ? "device=spinning" : "device=sleeping");
	return 0;
}

/* ---- notifications ---- */

static unsigned long delivered; /* ATOMIC */

static void on_event(const struct scmi_vio_notify_report *rep, void *arg)
{
	sv_counter_add(&delivered, 1);
}

static int bench_notify(const char *name, bool spin,
			enum scmi_vio_irq_mode mode, uint64_t events, int runs)
{
	const struct scmi_vio_fault_rule storm = {
		.kind = SCMI_VIO_FAULT_NOTIF_STORM,
		.arg = 64,
	};
	struct scmi_vio_fault_plan plan = { 0 };
	struct scmi_vio_agent_stats as;
	struct result rs[BENCH_MAX_RUNS], med;
	struct scmi_vio_notify_sub *sub;
	uint16_t major, minor;
	uint64_t t0, t1;
	unsigned long a0, dropped = 0;
	char note[64];
	struct rig r;
	int i, e = 0;

	plan.rules = &storm;
	plan.n_rules = 1;
	for (i = 0; i < runs && !e; i++) {
		memset(&rs[i], 0, sizeof(rs[i]));
		e = rig_up(&r, spin, mode, &plan);
		if (!e)
			e = scmi_vio_base_register_events(r.a);
		if (!e)
			e = scmi_vio_notify_subscribe(r.a, SCMI_VIO_PROTO_BASE,
						      SCMI_VIO_BASE_ERROR_EVENT,
						      SCMI_VIO_NOTIFY_ALL_SRC,
						      on_event, NULL, &sub);
		if (e) {
			rig_down(&r);
			break;
		}
		sv_write_once(&delivered, 0);
		a0 = sv_read_once(&allocs);
		sv_write_once(&counting, 1);
		t0 = bench_now_ns();
		/* Each command makes the platform raise 64 events. */
		while (sv_read_once(&delivered) < events && !e)
			e = scmi_vio_protocol_version(r.a, 0x10, &major,
						      &minor);
		t1 = bench_now_ns();
		sv_write_once(&counting, 0);
		rs[i].ops = (double)sv_read_once(&delivered) * 1e9 /
			    (double)(t1 - t0);
		rs[i].allocs_per_op = (double)(sv_read_once(&allocs) - a0) /
				      (double)sv_read_once(&delivered);
		scmi_vio_agent_get_stats(r.a, &as);
		dropped += as.queue_full;
		scmi_vio_notify_unsubscribe(r.a, sub);
		rig_down(&r);
	}
	if (e) {
		fprintf(stderr, "scmi_bench: notify: %s\n", strerror(-e));
		return e;
	}
	median_of(rs, runs, &med);
	med.p50 = -1;
	snprintf(note, sizeof(note), "dropped_queue_full=%lu device=%s",
		 dropped, spin ? "spinning" : "sleeping");
	report(name, &med, "target_1M_events", 1e6, note);
	return 0;
}

int main(int argc, char **argv)
{
	bool quick = false;
	int runs = 5, e = 0;
	uint64_t iters;
	double spin_pp, efd_pp;

	if (!bench_args(argc, argv, &quick, &runs)) {
		fprintf(stderr, "usage: scmi_bench [--quick] [--runs N]\n");
		return 2;
	}
	if (quick && runs > 3)
		runs = 3;
	iters = quick ? 20000 : 200000;
	spin_pp = bench_pingpong(iters * 10);
	efd_pp = efd_pingpong(iters);
	e |= bench_rtt("scmi_rtt_poll", true, SCMI_VIO_IRQ_NONE,
		       SCMI_VIO_CMD_POLL, iters, runs, "spin_pingpong",
		       spin_pp);
	e |= bench_rtt("scmi_rtt_irq_eventfd", true, SCMI_VIO_IRQ_EVENTFD, 0,
		       iters / 4, runs, "eventfd_pingpong", efd_pp);
	e |= bench_rtt("scmi_rtt_irq_inline", true, SCMI_VIO_IRQ_INLINE, 0,
		       iters / 4, runs, "eventfd_pingpong", efd_pp);
	e |= bench_rtt("scmi_rtt_irq_eventfd_sleeping_device", false,
		       SCMI_VIO_IRQ_EVENTFD, 0, iters / 4, runs,
		       "eventfd_pingpong", efd_pp);
	e |= bench_notify("scmi_notify_events_irq_inline", false,
			  SCMI_VIO_IRQ_INLINE, quick ? 200000 : 2000000, runs);
	e |= bench_notify("scmi_notify_events_irq_eventfd", false,
			  SCMI_VIO_IRQ_EVENTFD, quick ? 200000 : 2000000, runs);
	e |= bench_notify("scmi_notify_events_irq_inline_spin", true,
			  SCMI_VIO_IRQ_INLINE, quick ? 200000 : 2000000, runs);
	return e ? 1 : 0;
}
