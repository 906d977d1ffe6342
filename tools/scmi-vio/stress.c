// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi-vio stress: threads sending a mix of commands - polled and
 * interrupt-driven, synchronous and asynchronous (delayed responses) - for
 * a time, optionally with the platform's seeded fault injection, with a
 * progress line, a summary, and checks that the counters of the agent and
 * the platform agree with what the threads saw.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "reach/server_args.h"

static const char help[] =
	"usage: scmi-vio stress [OPTIONS] [DEVICE OPTIONS]\n"
	"Send a mixed load (polled and interrupt, sync and async commands)\n"
	"from several threads, print progress (transactions/s, timeouts,\n"
	"errors, faults injected) and a summary, and check the counters.\n"
	"Exit status 1 if a check failed.\n"
	"  --seconds S        how long (default 5)\n"
	"  --threads N        sending threads (default 2, at most 64)\n"
	"  --faults PPM       inject seeded random faults into that many\n"
	"                     commands per million (default 0: none); the\n"
	"                     reply timeout becomes 200 ms unless given\n"
	"  --fault-kinds LIST comma-separated kinds to draw from, or their\n"
	"                     bit mask (default all: delay,reorder,\n"
	"                     drop_reply,...; scmi-vio serve --help lists\n"
	"                     them)\n"
	"  --seed N           the fault generator's seed (default 1)\n";

#define MAX_THREADS 64

/* What one thread did; its lock lets the progress line read it. */
struct counts {
	uint64_t ok, ok_async, status, timeouts, errors;
};

struct worker {
	pthread_t thread;
	struct stress *s;
	unsigned int index;
	pthread_mutex_t lock; /* protects c */
	struct counts c;
};

struct stress {
	struct scmi_vio_agent *agent;
	uint32_t clock_id;
	uint64_t rates[2]; /* two rates of clock_id to switch between */
	uint64_t end_ns;
	struct worker w[MAX_THREADS];
	unsigned int n;
};

/* Command @k of a thread's sequence: which, and polled or not. */
static int one(struct stress *s, unsigned int k, bool *async)
{
	struct scmi_vio_cmd cmd = { 0 };
	uint8_t tx[16], rx[32], dr[32];
	uint64_t rate;

	*async = false;
	cmd.rx = rx;
	cmd.rx_cap = sizeof(rx);
	switch (k % 4) {
	case 0:
		cmd.protocol = SCMI_VIO_PROTO_BASE;
		cmd.msg_id = SCMI_VIO_MSG_PROTOCOL_VERSION;
		break;
	case 1:
		cmd.protocol = SCMI_VIO_PROTO_CLOCK;
		cmd.msg_id = SCMI_VIO_CLOCK_RATE_GET;
		tool_put_le32(tx, s->clock_id);
		cmd.tx_len = 4;
		break;
	case 2:
		cmd.protocol = SCMI_VIO_PROTO_BASE;
		cmd.msg_id = SCMI_VIO_BASE_DISCOVER_VENDOR;
		break;
	default:
		/* A rate change with a delayed response (never polled). */
		rate = s->rates[k / 4 % 2];
		*async = true;
		cmd.protocol = SCMI_VIO_PROTO_CLOCK;
		cmd.msg_id = SCMI_VIO_CLOCK_RATE_SET;
		tool_put_le32(tx, *async ? SCMI_VIO_CLOCK_SET_ASYNC : 0);
		tool_put_le32(tx + 4, s->clock_id);
		tool_put_le32(tx + 8, (uint32_t)rate);
		tool_put_le32(tx + 12, (uint32_t)(rate >> 32));
		cmd.tx_len = 16;
		break;
	}
	cmd.tx = tx;
	if (*async) {
		cmd.flags = SCMI_VIO_CMD_ASYNC;
		cmd.dresp = dr;
		cmd.dresp_cap = sizeof(dr);
	} else if (k / 4 % 2) {
		/* Half the synchronous commands poll. */
		cmd.flags = SCMI_VIO_CMD_POLL;
	}
	return scmi_vio_agent_do_cmd(s->agent, &cmd);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned int k = w->index;
	bool async;
	int r;

	while (tool_now_ns() < w->s->end_ns) {
		r = one(w->s, k++, &async);
		pthread_mutex_lock(&w->lock);
		if (!r) {
			w->c.ok++;
			w->c.ok_async += async;
		} else if (r == -ETIMEDOUT) {
			w->c.timeouts++;
		} else if (r == -EAGAIN || r == -EPROTO || r == -EIO ||
			   r == -ENOTCONN || r == -EINVAL || r == -ECONNRESET ||
			   r == -ECONNABORTED) {
			/* Local causes (docs/conventions.md): no free
			 * transfer, a rejected reply, a broken or stopped
			 * transport, a bad call, a device gone for good. */
			w->c.errors++;
		} else {
			/* Anything else is a status the platform answered,
			 * BUSY (-EBUSY) from full async slots among them. */
			w->c.status++;
		}
		pthread_mutex_unlock(&w->lock);
	}
	return NULL;
}

static void sum(struct stress *s, struct counts *t)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < s->n; i++) {
		pthread_mutex_lock(&s->w[i].lock);
		t->ok += s->w[i].c.ok;
		t->ok_async += s->w[i].c.ok_async;
		t->status += s->w[i].c.status;
		t->timeouts += s->w[i].c.timeouts;
		t->errors += s->w[i].c.errors;
		pthread_mutex_unlock(&s->w[i].lock);
	}
}

static uint64_t faults_injected(struct tool_dev *d)
{
	struct scmi_vio_platform_dev *dev =
		d->lb ? scmi_vio_loopback_dev(d->lb) : NULL;
	uint64_t n = 0;
	unsigned int k;

	for (k = 1; dev && k < SCMI_VIO_FAULT_NR; k++)
		n += scmi_vio_platform_dev_fault_count(
			dev, (enum scmi_vio_fault_kind)k);
	return n;
}

static void progress(struct stress *s, struct tool_dev *d, uint64_t t0,
		     uint64_t *last_n, uint64_t *last_t, bool tty)
{
	uint64_t now = tool_now_ns(), n, dt;
	struct counts c;

	sum(s, &c);
	n = c.ok + c.status + c.timeouts + c.errors;
	dt = now - *last_t ? now - *last_t : 1;
	printf("%s%5.1fs %9.0f tx/s  total %" PRIu64 "  timeouts %" PRIu64
	       "  errors %" PRIu64 "  faults %" PRIu64 "%s",
	       tty ? "\r" : "", (double)(now - t0) / 1e9,
	       (double)(n - *last_n) * 1e9 / (double)dt, n, c.timeouts,
	       c.errors, faults_injected(d), tty ? "  " : "\n");
	fflush(stdout);
	*last_n = n;
	*last_t = now;
}

/* Find a clock with two rates for the rate changes. */
static int setup(struct stress *s)
{
	uint64_t rates[64];
	bool triplet;
	size_t n;
	int r;

	r = scmi_vio_clock_describe_rates(s->agent, s->clock_id, rates, 64, &n,
					  &triplet);
	if (r)
		return r;
	if (triplet || n < 2)
		return -ENOENT;
	s->rates[0] = rates[0];
	s->rates[1] = rates[1];
	return 0;
}

/*
 * The counters must agree: every command a thread saw complete was sent
 * and answered; every timeout it saw the agent counted; without faults
 * nothing failed, every send got exactly one response, and the platform
 * handled exactly what was sent.
 */
static int check(const struct counts *c, const struct scmi_vio_agent_stats *a,
		 const struct scmi_vio_platform_stats *p, bool faults,
		 bool have_plat)
{
	uint64_t done = c->ok + c->status;
	int bad = 0;

#define CHECK(cond)                                                \
	do {                                                       \
		if (!(cond)) {                                     \
			printf("invariant violated: %s\n", #cond); \
			bad = 1;                                   \
		}                                                  \
	} while (0)
	CHECK(a->sent >= done);
	CHECK(a->responses + a->dresp_first >= done);
	CHECK(a->delayed_responses >= c->ok_async);
	CHECK(a->timeouts >= c->timeouts);
	if (!faults) {
		CHECK(c->timeouts == 0 && c->errors == 0);
		CHECK(a->sent == done + c->timeouts + c->errors);
		/* A delayed response may overtake its response (two
		 * queues, two deliverers; scmi.h): that response then
		 * arrives as invalid or unexpected, and nothing else may. */
		CHECK(a->responses + a->dresp_first == a->sent);
		CHECK(a->invalid + a->unexpected == a->dresp_first);
		if (have_plat)
			CHECK(p->commands == a->sent);
	}
#undef CHECK
	return bad;
}

static void diff_agent(struct scmi_vio_agent_stats *a,
		       const struct scmi_vio_agent_stats *b)
{
	uint64_t *x = (uint64_t *)a;
	const uint64_t *y = (const uint64_t *)b;
	size_t i;

	/* Every field is a uint64_t counter (scmi.h). */
	for (i = 0; i < sizeof(*a) / sizeof(uint64_t); i++)
		x[i] -= y[i];
}

int tool_stress(int argc, char **argv)
{
	static const struct option opts[] = {
		TOOL_DEV_OPTIONS,
		{ "seconds", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "faults", required_argument, NULL, 'f' },
		{ "fault-kinds", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct scmi_vio_platform_stats p0 = { 0 }, p1 = { 0 };
	struct scmi_vio_agent_stats a0, a1;
	struct tool_dev_opts o = TOOL_DEV_OPTS_INIT;
	uint64_t seconds = 5, threads = 2, v, t0, last_t, last_n = 0;
	struct stress *s;
	struct tool_dev d;
	struct counts c;
	unsigned int i, k;
	bool tty;
	int ch, r;

	o.faults.seed = 1;
	o.faults.kinds = ((1u << SCMI_VIO_FAULT_NR) - 1) & ~1u;
	while ((ch = tool_getopt(argc, argv, opts, help, &o, &r)) > 0) {
		switch (ch) {
		case 's':
			if (tool_parse_u64(optarg, 86400, &seconds) || !seconds)
				return tool_bad_value("seconds", optarg,
						      "1..86400");
			break;
		case 't':
			if (tool_parse_u64(optarg, MAX_THREADS, &threads) ||
			    !threads)
				return tool_bad_value("threads", optarg,
						      "1..64");
			break;
		case 'f':
			if (tool_parse_u64(optarg, 1000000, &v))
				return tool_bad_value("faults", optarg,
						      "0..1000000 per million");
			o.faults.rate_ppm = (uint32_t)v;
			break;
		case 'k':
			/* The servers' --fault-kinds: names or a mask. */
			if (scmi_vio__fault_kinds_parse(optarg,
							&o.faults.kinds) ||
			    !o.faults.kinds)
				return tool_bad_value("fault-kinds", optarg,
						      "unknown kind");
			break;
		case 'S':
			if (tool_parse_u64(optarg, UINT64_MAX, &o.faults.seed))
				return tool_bad_value("seed", optarg, NULL);
			break;
		}
	}
	if (ch < 0)
		return r;
	if (optind < argc) {
		tool_err("unexpected '%s'", argv[optind]);
		return TOOL_EXIT_USAGE;
	}
	if (o.faults.rate_ppm && !o.timeout_ms)
		o.timeout_ms = 200;
	s = calloc(1, sizeof(*s));
	if (!s || tool_dev_open(&o, &d)) {
		free(s);
		return TOOL_EXIT_FAIL;
	}
	s->agent = d.agent;
	s->n = (unsigned int)threads;
	r = setup(s);
	if (r) {
		tool_err("no clock with two rates to switch: %s", strerror(-r));
		r = TOOL_EXIT_FAIL;
		goto out;
	}
	tty = isatty(STDOUT_FILENO);
	scmi_vio_agent_get_stats(d.agent, &a0);
	if (d.lb)
		scmi_vio_platform_get_stats(scmi_vio_loopback_platform(d.lb),
					    &p0);
	t0 = last_t = tool_now_ns();
	s->end_ns = t0 + seconds * 1000000000u;
	for (i = 0; i < s->n; i++) {
		s->w[i].s = s;
		s->w[i].index = i;
		pthread_mutex_init(&s->w[i].lock, NULL);
		r = pthread_create(&s->w[i].thread, NULL, work, &s->w[i]);
		if (r) {
			/* The threads started run to the end: end_ns is
			 * theirs to read now, not ours to change. */
			tool_err("thread: %s", strerror(r));
			pthread_mutex_destroy(&s->w[i].lock);
			s->n = i;
			break;
		}
	}
	/* Progress: a line a second; a TTY gets it rewritten in place. */
	while (tool_now_ns() < s->end_ns) {
		const struct timespec tick = { 0, tty ? 250000000 : 0 };
		const struct timespec sec = { 1, 0 };

		nanosleep(tty ? &tick : &sec, NULL);
		progress(s, &d, t0, &last_n, &last_t, tty);
	}
	for (i = 0; i < s->n; i++)
		pthread_join(s->w[i].thread, NULL);
	if (tty)
		printf("\n");
	sum(s, &c);
	scmi_vio_agent_get_stats(d.agent, &a1);
	diff_agent(&a1, &a0);
	if (d.lb) {
		scmi_vio_platform_get_stats(scmi_vio_loopback_platform(d.lb),
					    &p1);
		p1.commands -= p0.commands;
	}
	printf("summary: %.1f s, %u threads, %" PRIu64 " transactions "
	       "(%.0f/s): ok %" PRIu64 " (async %" PRIu64 "), status errors "
	       "%" PRIu64 ", timeouts %" PRIu64 ", errors %" PRIu64 "\n",
	       (double)(tool_now_ns() - t0) / 1e9, s->n,
	       c.ok + c.status + c.timeouts + c.errors,
	       (double)(c.ok + c.status + c.timeouts + c.errors) /
		       (double)seconds,
	       c.ok, c.ok_async, c.status, c.timeouts, c.errors);
	printf("agent: sent %" PRIu64 " responses %" PRIu64 " delayed %" PRIu64
	       " timeouts %" PRIu64 " unexpected %" PRIu64 " invalid %" PRIu64
	       " truncated %" PRIu64 "\n",
	       a1.sent, a1.responses, a1.delayed_responses, a1.timeouts,
	       a1.unexpected, a1.invalid, a1.truncated);
	if (o.faults.rate_ppm && d.lb && scmi_vio_loopback_dev(d.lb)) {
		printf("faults injected: %" PRIu64, faults_injected(&d));
		for (k = 1; k < SCMI_VIO_FAULT_NR; k++) {
			v = scmi_vio_platform_dev_fault_count(
				scmi_vio_loopback_dev(d.lb),
				(enum scmi_vio_fault_kind)k);
			if (v)
				printf(" %s=%" PRIu64,
				       scmi_vio_fault_kind_name(
					       (enum scmi_vio_fault_kind)k),
				       v);
		}
		printf("\n");
	} else if (o.faults.rate_ppm) {
		printf("faults injected: the server reports them when it stops\n");
	}
	/* Fewer threads than asked for is a failed run, checks or not. */
	r = check(&c, &a1, &p1, o.faults.rate_ppm != 0, d.lb != NULL) ||
			    s->n < threads ?
		    TOOL_EXIT_FAIL :
		    0;
	printf("checks: %s\n", r ? "FAILED" : "passed");
	for (i = 0; i < s->n; i++)
		pthread_mutex_destroy(&s->w[i].lock);
out:
	tool_dev_close(&d);
	free(s);
	return r;
}
