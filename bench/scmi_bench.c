// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi_bench: SCMI over virtio-scmi, agent to the loopback platform.
 *
 *   poll          synchronous round trips, polled (no interrupts), device
 *                 thread spinning on CPU 1, the caller on CPU 0;
 *                 yardstick: the spin ping-pong between the same CPUs
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
 * Every run of a round-trip configuration is paired with a yardstick run
 * right before it; a line reports the medians of both and the median of
 * the per-run ratios (the host moves our vCPUs between runs, so a
 * yardstick taken once is not comparable with every run).
 *
 * A notification run sends one PROTOCOL_VERSION command per storm, with
 * at most two storms not yet accounted for (delivered or counted as
 * dropped), so the bounded queues on the way are not overrun by design;
 * drops at the platform's outbox and at the agent's queue are reported,
 * and so is any event delivered before one the platform raised earlier
 * (each storm event carries its sequence number).
 *
 * Each line adds p50/p99/p99.9 latency and allocs_per_op: allocations
 * (malloc, calloc, realloc, aligned_alloc, posix_memalign, any thread)
 * during the measured loop per operation, counted by the allocator
 * interposed below.
 *
 *   scmi_bench [--quick] [--runs N] [--only SUBSTRING] [--dump-latency DIR]
 *
 * --only runs the lines whose name contains SUBSTRING.  --dump-latency
 * writes every round trip of the percentile passes of all runs, in
 * nanoseconds, one per line, to DIR/<line name>.lat (bench/run_all.sh plots
 * their distributions).
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/platform.h>
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/loopback.h>
#include <scmi_vio/virtio_scmi.h>

#include "bench_scmi.h"
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

/* The platform's side of a notification run. */
struct rig_notify {
	const struct scmi_vio_fault_plan *faults;
	unsigned int max_notifications;
};

/*
 * @pin_device: the device and the transport's threads start on CPU 1 (the
 * polled configuration: only the spinning device thread runs there, as
 * the yardstick's second thread does); otherwise they float.
 */
static int rig_up(struct rig *r, bool spin, bool pin_device,
		  enum scmi_vio_irq_mode mode, const struct rig_notify *rn)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_agent_config ac = { 0 };
	int e;

	lc.spin_device = spin;
	if (rn) {
		/* The largest rings: an eventq buffer per queued event. */
		lc.queue_num = 1024;
		lc.faults = rn->faults;
		lc.max_notifications = rn->max_notifications;
	}
	vc.irq_mode = mode;
	ac.notify_depth = 4096;
	if (pin_device)
		bench_pin(1);
	else
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

/* --dump-latency DIR, or NULL. */
static const char *dump_dir;

/* Append one run's round-trip latencies to DIR/@name.lat (@first: create). */
static int dump_latencies(const char *name, bool first, const uint64_t *lat,
			  uint64_t n)
{
	char path[4096];
	uint64_t i;
	FILE *f;
	int e = 0;

	snprintf(path, sizeof(path), "%s/%s.lat", dump_dir, name);
	f = fopen(path, first ? "w" : "a");
	if (!f)
		return -errno;
	for (i = 0; i < n && e >= 0; i++)
		e = fprintf(f, "%llu\n", (unsigned long long)lat[i]);
	if (fclose(f) || e < 0)
		return -EIO;
	return 0;
}

/*
 * One run: a warm-up, then @iters round trips timed as a whole for the
 * rate, then @iters more timed one by one for the percentiles.  Two passes
 * because a clock read costs tens of nanoseconds, and two of them on every
 * round trip would be counted in the rate as if the transport spent them.
 */
static int rtt_run(struct scmi_vio_agent *a, unsigned int flags, uint64_t iters,
		   uint64_t *lat, struct result *res)
{
	uint64_t i, t0, t1, s;
	unsigned long a0;
	int e = 0;

	for (i = 0; i < iters / 10 + 1 && !e; i++)
		e = bench_version_rtt(a, flags);
	if (e)
		return e;
	a0 = sv_read_once(&allocs);
	sv_write_once(&counting, 1);
	t0 = bench_now_ns();
	for (i = 0; i < iters && !e; i++)
		e = bench_version_rtt(a, flags);
	t1 = bench_now_ns();
	for (i = 0; i < iters && !e; i++) {
		s = bench_now_ns();
		e = bench_version_rtt(a, flags);
		lat[i] = bench_now_ns() - s;
	}
	sv_write_once(&counting, 0);
	if (e)
		return e;
	res->allocs_per_op =
		(double)(sv_read_once(&allocs) - a0) / (double)(2 * iters);
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

/* The round-trip lines: yardstick @base, run before each run. */
struct rtt_cfg {
	const char *name;
	bool spin, pin_device;
	enum scmi_vio_irq_mode mode;
	unsigned int flags;
	uint64_t iters;
	const char *base;
	double (*yardstick)(uint64_t iters);
	uint64_t yard_iters;
};

static int bench_rtt(const struct rtt_cfg *c, int runs)
{
	struct result rs[BENCH_MAX_RUNS], med;
	double ops[BENCH_MAX_RUNS], base[BENCH_MAX_RUNS];
	uint64_t *lat = malloc(c->iters * sizeof(*lat));
	char extra[256];
	struct rig r;
	int i, e = 0;

	if (!lat)
		return -ENOMEM;
	for (i = 0; i < runs && !e; i++) {
		base[i] = c->yardstick(c->yard_iters);
		e = rig_up(&r, c->spin, c->pin_device, c->mode, NULL);
		if (!e)
			e = rtt_run(r.a, c->flags, c->iters, lat, &rs[i]);
		rig_down(&r);
		if (!e && dump_dir)
			e = dump_latencies(c->name, i == 0, lat, c->iters);
		ops[i] = rs[i].ops;
	}
	free(lat);
	if (e) {
		fprintf(stderr, "scmi_bench: %s: %s\n", c->name, strerror(-e));
		return e;
	}
	median_of(rs, runs, &med);
	snprintf(extra, sizeof(extra),
		 "p50_ns=%.0f p99_ns=%.0f p999_ns=%.0f allocs_per_op=%.3f "
		 "device=%s",
		 med.p50, med.p99, med.p999, med.allocs_per_op,
		 c->spin ? (c->pin_device ? "spinning_cpu1" : "spinning") :
			   "sleeping");
	bench_report_paired(c->name, ops, c->base, base, runs, extra);
	return 0;
}

/* ---- notifications ---- */

/* Events the platform raises per command (one storm). */
#define STORM 1024u

static unsigned long delivered; /* ATOMIC */
/* Posted for every half storm delivered: the sender may go on. */
static sem_t progress;
/*
 * The storm sequence number due next (each event's one report) and the
 * events that came before one raised earlier: only the dispatcher thread
 * of the run touches them (runs are separated by its creation and join).
 */
static uint64_t next_seq;
static unsigned long out_of_order;

static void on_event(const struct scmi_vio_notify_report *rep, void *arg)
{
	if (rep->base_error.count != 1 || rep->base_error.reports[0] < next_seq)
		out_of_order++;
	else
		next_seq = rep->base_error.reports[0] + 1;
	if ((sv_fetch_add(&delivered, 1) + 1) % (STORM / 2) == 0)
		sem_post(&progress);
}

/* Events of the run given up for: dropped on the way, counted. */
struct drops {
	uint64_t platform, agent;
};

/* Drops so far, less those of @since (NULL: none). */
static void drops_now(struct rig *r, const struct drops *since, struct drops *d)
{
	struct scmi_vio_platform_stats ps;
	struct scmi_vio_agent_stats as;

	scmi_vio_platform_get_stats(scmi_vio_loopback_platform(r->lb), &ps);
	scmi_vio_agent_get_stats(r->a, &as);
	d->platform = ps.notif_dropped + ps.notif_coalesced;
	d->agent = as.queue_full + as.rx_nomem + as.truncated +
		   as.unknown_event + as.invalid;
	if (since) {
		d->platform -= since->platform;
		d->agent -= since->agent;
	}
}

/* Sleep until the subscriber made progress, at most a millisecond. */
static void wait_progress(void)
{
	struct timespec dl;

	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_nsec += 1000000;
	if (dl.tv_nsec >= 1000000000) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000;
	}
	(void)sem_timedwait(&progress, &dl);
}

/*
 * One run: commands until @events were delivered, each once fewer than
 * two storms are outstanding (raised, neither delivered nor dropped).
 */
static int notify_run(struct rig *r, uint64_t events, struct result *res,
		      struct drops *d)
{
	uint64_t raised = 0, t0, t1;
	uint16_t major, minor;
	struct drops before;
	unsigned long a0;
	int e = 0;

	sv_write_once(&delivered, 0);
	next_seq = 0;
	drops_now(r, NULL, &before);
	memset(d, 0, sizeof(*d));
	a0 = sv_read_once(&allocs);
	sv_write_once(&counting, 1);
	t0 = bench_now_ns();
	while (sv_read_once(&delivered) < events && !e) {
		if (raised >
		    sv_read_once(&delivered) + d->platform + d->agent + STORM) {
			wait_progress();
			drops_now(r, &before, d);
			continue;
		}
		e = scmi_vio_protocol_version(r->a, 0x10, &major, &minor);
		raised += STORM;
	}
	t1 = bench_now_ns();
	sv_write_once(&counting, 0);
	drops_now(r, &before, d);
	res->ops = (double)sv_read_once(&delivered) * 1e9 / (double)(t1 - t0);
	res->allocs_per_op = (double)(sv_read_once(&allocs) - a0) /
			     (double)sv_read_once(&delivered);
	return e;
}

/* The notification lines. */
struct notify_cfg {
	const char *name;
	bool spin;
	enum scmi_vio_irq_mode mode;
};

static int bench_notify(const char *name, bool spin,
			enum scmi_vio_irq_mode mode, uint64_t events, int runs)
{
	/* PROTOCOL_VERSION of Base only: not the subscription's enable. */
	const struct scmi_vio_fault_rule storm = {
		.match = SCMI_VIO_FAULT_MATCH_PROTO |
			 SCMI_VIO_FAULT_MATCH_MSG_ID,
		.protocol = SCMI_VIO_PROTO_BASE,
		.msg_id = 0x0,
		.kind = SCMI_VIO_FAULT_NOTIF_STORM,
		.arg = STORM,
	};
	struct scmi_vio_fault_plan plan = { .rules = &storm, .n_rules = 1 };
	const struct rig_notify rn = { &plan, 2 * STORM };
	struct result rs[BENCH_MAX_RUNS], med;
	struct scmi_vio_notify_sub *sub;
	struct drops d, sum = { 0 };
	unsigned long ooo = 0;
	char extra[256];
	struct rig r;
	int i, e = 0;

	for (i = 0; i < runs && !e; i++) {
		memset(&rs[i], 0, sizeof(rs[i]));
		e = rig_up(&r, spin, false, mode, &rn);
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
		out_of_order = 0;
		e = notify_run(&r, events, &rs[i], &d);
		scmi_vio_notify_unsubscribe(r.a, sub);
		rig_down(&r);
		/* The dispatcher was joined: its counts are ours to read. */
		ooo += out_of_order;
		sum.platform += d.platform;
		sum.agent += d.agent;
	}
	if (e) {
		fprintf(stderr, "scmi_bench: notify: %s\n", strerror(-e));
		return e;
	}
	median_of(rs, runs, &med);
	snprintf(extra, sizeof(extra),
		 "allocs_per_op=%.3f storm=%u dropped_platform=%llu "
		 "dropped_agent=%llu out_of_order=%lu device=%s",
		 med.allocs_per_op, STORM, (unsigned long long)sum.platform,
		 (unsigned long long)sum.agent, ooo,
		 spin ? "spinning" : "sleeping");
	bench_report(name, med.ops, "target_1M_events", 1e6, extra);
	return 0;
}

int main(int argc, char **argv)
{
	const char *only;
	bool quick = false;
	int runs = 5, e = 0;
	uint64_t iters, events;
	unsigned int i;

	/* Our own option, taken out before the shared parser sees argv. */
	for (i = 1; i + 1 < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--dump-latency")) {
			dump_dir = argv[i + 1];
			memmove(&argv[i], &argv[i + 2],
				(size_t)(argc - (int)i - 1) * sizeof(*argv));
			argc -= 2;
			break;
		}
	}
	if (!bench_args(argc, argv, &quick, &runs, &only)) {
		fprintf(stderr, "usage: scmi_bench [--quick] [--runs N] "
				"[--only SUBSTRING] [--dump-latency DIR]\n");
		return 2;
	}
	if (quick && runs > 3)
		runs = 3;
	iters = quick ? 20000 : 200000;
	events = quick ? 200000 : 2000000;
	{
		const struct rtt_cfg rtt[] = {
			{ "scmi_rtt_poll", true, true, SCMI_VIO_IRQ_NONE,
			  SCMI_VIO_CMD_POLL, iters, "spin_pingpong",
			  bench_pingpong, iters },
			{ "scmi_rtt_irq_eventfd", true, false,
			  SCMI_VIO_IRQ_EVENTFD, 0, iters / 4,
			  "eventfd_pingpong", efd_pingpong, iters / 40 },
			{ "scmi_rtt_irq_inline", true, false,
			  SCMI_VIO_IRQ_INLINE, 0, iters / 4, "eventfd_pingpong",
			  efd_pingpong, iters / 40 },
			{ "scmi_rtt_irq_eventfd_sleeping_device", false, false,
			  SCMI_VIO_IRQ_EVENTFD, 0, iters / 4,
			  "eventfd_pingpong", efd_pingpong, iters / 40 },
		};

		for (i = 0; i < sizeof(rtt) / sizeof(rtt[0]); i++)
			if (bench_wanted(only, rtt[i].name))
				e |= bench_rtt(&rtt[i], runs);
	}
	if (sem_init(&progress, 0, 0))
		return 1;
	{
		const struct notify_cfg nt[] = {
			{ "scmi_notify_events_irq_inline", false,
			  SCMI_VIO_IRQ_INLINE },
			{ "scmi_notify_events_irq_eventfd", false,
			  SCMI_VIO_IRQ_EVENTFD },
			{ "scmi_notify_events_irq_inline_spin", true,
			  SCMI_VIO_IRQ_INLINE },
		};

		for (i = 0; i < sizeof(nt) / sizeof(nt[0]); i++)
			if (bench_wanted(only, nt[i].name))
				e |= bench_notify(nt[i].name, nt[i].spin,
						  nt[i].mode, events, runs);
	}
	sem_destroy(&progress);
	return e ? 1 : 0;
}
