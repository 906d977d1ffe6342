// SPDX-License-Identifier: BSD-3-Clause
/*
 * The SCMI platform device in its own process, served over guest memory and
 * doorbells handed to it as file descriptors - the shape a VMM uses (guest
 * RAM memfd, ioeventfd for kicks, irqfd for interrupts).  One function, run
 * by the installed scmi_platform_server (what scmi_vio_xproc_create()
 * starts) and by "scmi-vio serve": the options below are the one place the
 * encoding lib/virtio_scmi/vdev_xproc.c writes is read.
 *
 *   scmi_platform_server --mem-fd FD --mem-size BYTES --gpa ADDR
 *       --cmdq NUM:DESC:AVAIL:USED [--eventq NUM:DESC:AVAIL:USED]
 *       --kick-fd FD --cmdq-irq-fd FD [--eventq-irq-fd FD]
 *       [--features HEX] --stop-fd FD [--out-of-order] [--mem-unsealed]
 *       [--fault-seed N --fault-rate PPM --fault-kinds MASK [--fault-arg N]]
 *       [--config FILE]
 *
 * Guest memory is the memfd mapped at guest-physical ADDR; ring addresses
 * are guest-physical.  It must be sealed against shrinking, unless
 * --mem-unsealed accepts that a driver truncating it kills this server
 * with SIGBUS.  The features word is what was negotiated (default:
 * VERSION_1 | P2A, plus EVENT_IDX/INDIRECT if given); --eventq is required
 * with P2A.  The driver rings the kick fd for either queue.  Every doorbell
 * fd (kick, interrupts, stop) is an eventfd, or a pipe or socket carrying
 * eventfd-style 8-byte values (User-Mode Linux's call fd); anything else is
 * refused at setup.  Writing the stop fd ends the server; it prints
 * its counters (on stderr) and exits 0.  The fault options draw seeded
 * random faults (platform_fault.h; MASK is a bit mask of enum
 * scmi_vio_fault_kind) for testing an agent.  --config serves the platform
 * a configuration file describes (platform.h) instead of the default one.
 *
 * Exit status 0: stopped; 2: bad arguments; 1: setup failed; 3: serving
 * ended on a fatal error - the guest broke a ring, a doorbell failed (an
 * interrupt fd whose reader is gone, a kick fd at end of file), or the stop
 * fd failed or reached end of file (the driver is gone) - printed with
 * the counters.  SIGPIPE is ignored: a reader that is gone is an error to
 * report, not a reason to die.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/guest_mem.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/shm.h>

#include "server.h"

struct args {
	int mem_fd, kick_fd, cmdq_irq_fd, eventq_irq_fd, stop_fd;
	uint64_t mem_size, gpa, features;
	struct scmi_vio_vring_gpa cmdq, eventq;
	int have_cmdq, have_eventq, out_of_order, mem_unsealed;
	struct scmi_vio_fault_plan faults;
	const char *config;
};

/* The synopsis above; printed, since the source is not installed. */
/* How messages name us: "scmi_platform_server" or "scmi-vio serve". */
static const char *prog;

static const char usage[] =
	"usage: %s --mem-fd FD --mem-size BYTES --gpa ADDR\n"
	"        --cmdq NUM:DESC:AVAIL:USED [--eventq NUM:DESC:AVAIL:USED]\n"
	"        --kick-fd FD --cmdq-irq-fd FD [--eventq-irq-fd FD]\n"
	"        [--features HEX] --stop-fd FD [--out-of-order]\n"
	"        [--mem-unsealed] [--config FILE]\n"
	"        [--fault-seed N --fault-rate PPM --fault-kinds MASK\n"
	"         [--fault-arg N]]\n"
	"Serves the SCMI platform device over the memfd and eventfds a\n"
	"driver (libscmi_vio's scmi_vio_xproc_create()) hands it; writing\n"
	"the stop fd ends it.  Exit status: 0 stopped, 1 setup failed,\n"
	"2 bad arguments, 3 serving ended on an error.\n";

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end ? -1 : 0;
}

static int parse_int(const char *s, int *v)
{
	uint64_t u;

	if (parse_u64(s, &u) || u > 0x7fffffff)
		return -1;
	*v = (int)u;
	return 0;
}

/* NUM:DESC:AVAIL:USED */
static int parse_queue(const char *s, struct scmi_vio_vring_gpa *q)
{
	unsigned long long n, d, a, u;
	char tail;

	if (sscanf(s, "%lli:%lli:%lli:%lli%c", &n, &d, &a, &u, &tail) != 4 ||
	    n > 32768)
		return -1;
	q->num = (unsigned int)n;
	q->desc_gpa = d;
	q->avail_gpa = a;
	q->used_gpa = u;
	return 0;
}

/* Name the option a bad value came with, as the other tools do. */
static int bad_value(const struct option *o, const char *v)
{
	fprintf(stderr, "%s: --%s: bad value '%s'\n", prog, o->name, v);
	return 1;
}

/*
 * Parse into @a.  Return 0 to serve, 1 when --help was printed, -1 on a
 * usage error (printed, naming the option).
 */
static int parse(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "mem-fd", required_argument, NULL, 'm' },
		{ "mem-size", required_argument, NULL, 's' },
		{ "gpa", required_argument, NULL, 'g' },
		{ "cmdq", required_argument, NULL, 'c' },
		{ "eventq", required_argument, NULL, 'e' },
		{ "kick-fd", required_argument, NULL, 'k' },
		{ "cmdq-irq-fd", required_argument, NULL, 'i' },
		{ "eventq-irq-fd", required_argument, NULL, 'j' },
		{ "features", required_argument, NULL, 'f' },
		{ "stop-fd", required_argument, NULL, 'x' },
		{ "out-of-order", no_argument, NULL, 'o' },
		{ "mem-unsealed", no_argument, NULL, 'u' },
		{ "fault-seed", required_argument, NULL, 'S' },
		{ "fault-rate", required_argument, NULL, 'R' },
		{ "fault-kinds", required_argument, NULL, 'K' },
		{ "fault-arg", required_argument, NULL, 'A' },
		{ "config", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c, li, bad = 0;

	memset(a, 0, sizeof(*a));
	a->mem_fd = a->kick_fd = a->cmdq_irq_fd = a->stop_fd = -1;
	a->eventq_irq_fd = -1;
	a->features = 1ull << SCMI_VIO_F_VERSION_1 |
		      1ull << SCMI_VIO_F_P2A_CHANNELS;
	opterr = 0;
	optind = 1;
	/* getopt_long() sets @li only for a long option it recognised; the
	 * reset keeps an unknown or short one from indexing @opts with a stale
	 * or unset value. */
	while (li = 0,
	       !bad && (c = getopt_long(argc, argv, ":h", opts, &li)) != -1) {
		const struct option *o = &opts[li];
		int e = 0;

		switch (c) {
		case 'm':
			e = parse_int(optarg, &a->mem_fd);
			break;
		case 's':
			e = parse_u64(optarg, &a->mem_size);
			break;
		case 'g':
			e = parse_u64(optarg, &a->gpa);
			break;
		case 'c':
			e = parse_queue(optarg, &a->cmdq);
			a->have_cmdq = 1;
			break;
		case 'e':
			e = parse_queue(optarg, &a->eventq);
			a->have_eventq = 1;
			break;
		case 'k':
			e = parse_int(optarg, &a->kick_fd);
			break;
		case 'i':
			e = parse_int(optarg, &a->cmdq_irq_fd);
			break;
		case 'j':
			e = parse_int(optarg, &a->eventq_irq_fd);
			break;
		case 'f':
			e = parse_u64(optarg, &a->features);
			break;
		case 'x':
			e = parse_int(optarg, &a->stop_fd);
			break;
		case 'o':
			a->out_of_order = 1;
			break;
		case 'u':
			a->mem_unsealed = 1;
			break;
		case 'S':
			e = parse_u64(optarg, &a->faults.seed);
			break;
		case 'R':
			e = parse_u64(optarg, &v) || v > 1000000;
			a->faults.rate_ppm = (uint32_t)v;
			break;
		case 'K':
			e = parse_u64(optarg, &v) || v > 0xffffffffu;
			a->faults.kinds = (uint32_t)v;
			break;
		case 'A':
			e = parse_u64(optarg, &v) || v > 0xffffffffu;
			a->faults.random_arg = (uint32_t)v;
			break;
		case 'C':
			a->config = optarg;
			break;
		case 'h':
			printf(usage, prog);
			return 1;
		case ':':
			fprintf(stderr, "%s: %s: needs a value\n", prog,
				argv[optind - 1]);
			bad = 1;
			break;
		default:
			fprintf(stderr, "%s: unknown option '%s'\n", prog,
				argv[optind - 1]);
			bad = 1;
		}
		if (e)
			bad = bad_value(o, optarg);
	}
	if (!bad && optind < argc) {
		fprintf(stderr, "%s: unexpected '%s'\n", prog, argv[optind]);
		bad = 1;
	}
	if (!bad && a->features & 1ull << SCMI_VIO_F_P2A_CHANNELS &&
	    !a->have_eventq) {
		fprintf(stderr,
			"%s: --eventq: needed with "
			"the P2A feature\n",
			prog);
		bad = 1;
	}
	if (!bad && (a->mem_fd < 0 || !a->mem_size || !a->have_cmdq ||
		     a->kick_fd < 0 || a->cmdq_irq_fd < 0 || a->stop_fd < 0)) {
		fprintf(stderr,
			"%s: --mem-fd, --mem-size, "
			"--cmdq, --kick-fd, --cmdq-irq-fd and "
			"--stop-fd are required\n",
			prog);
		bad = 1;
	}
	if (bad) {
		fprintf(stderr, usage, prog);
		return -1;
	}
	return 0;
}

struct server {
	struct scmi_vio_shm *shm;
	struct scmi_vio_gmem *gm;
	struct scmi_vio_platform *plat;
	struct scmi_vio_platform_dev *dev;
	struct scmi_vio_doorbell *kick, *cmdq_irq, *eventq_irq, *stop;
	/* Rung by on_error: wakes main() when serving ends on an error. */
	struct scmi_vio_doorbell *failed;
	struct scmi_vio_platform_config_file *cf; /* --config */
};

/* The device thread met a fatal error (platform_dev.h): wake main(). */
static void on_error(void *arg, int err)
{
	struct server *s = arg;

	(void)err; /* main() reads it back with scmi_vio_platform_dev_error() */
	(void)scmi_vio_doorbell_ring(s->failed);
}

static int setup(const struct args *a, struct server *s)
{
	struct scmi_vio_platform_config pc;
	struct scmi_vio_platform_dev_config dc;
	struct scmi_vio_gmem_region r;
	int ret;

	ret = scmi_vio_shm_map(a->mem_fd, a->mem_size,
			       a->mem_unsealed ? SCMI_VIO_SHM_MAP_UNSEALED : 0,
			       &s->shm);
	if (ret)
		return ret;
	r = (struct scmi_vio_gmem_region){ .gpa = a->gpa,
					   .len = a->mem_size,
					   .host = scmi_vio_shm_host(s->shm),
					   .writable = true };
	ret = scmi_vio_gmem_create(&r, 1, &s->gm);
	/* a doorbell fd of the wrong type is refused here, not spun on. */
	if (!ret)
		ret = scmi_vio_doorbell_fd_create(a->kick_fd, &s->kick);
	if (!ret)
		ret = scmi_vio_doorbell_fd_create(a->cmdq_irq_fd, &s->cmdq_irq);
	if (!ret && a->eventq_irq_fd >= 0)
		ret = scmi_vio_doorbell_fd_create(a->eventq_irq_fd,
						  &s->eventq_irq);
	if (!ret)
		ret = scmi_vio_doorbell_fd_create(a->stop_fd, &s->stop);
	if (!ret)
		ret = scmi_vio_doorbell_eventfd_create(-1, &s->failed);
	if (ret)
		return ret;
	if (a->config) {
		char err[160];

		ret = scmi_vio_platform_config_load(a->config, &s->cf, err,
						    sizeof(err));
		if (ret) {
			fprintf(stderr, "%s: %s: %s\n", prog, a->config,
				ret == -EINVAL ? err : strerror(-ret));
			return ret;
		}
		pc = *scmi_vio_platform_config_file_get(s->cf);
	} else {
		scmi_vio_platform_config_default(&pc);
	}
	ret = scmi_vio_platform_create(&pc, &s->plat);
	if (ret)
		return ret;
	memset(&dc, 0, sizeof(dc));
	dc.plat = s->plat;
	dc.gmem = s->gm;
	dc.features = a->features;
	dc.cmdq = a->cmdq;
	dc.eventq = a->eventq;
	dc.cmdq_irq = s->cmdq_irq;
	dc.eventq_irq = s->eventq_irq;
	dc.out_of_order = a->out_of_order;
	dc.faults = &a->faults;
	dc.on_error = on_error;
	dc.on_error_arg = s;
	ret = scmi_vio_platform_dev_create(&dc, &s->dev);
	if (!ret)
		ret = scmi_vio_platform_dev_start(s->dev, s->kick);
	return ret;
}

static void teardown(struct server *s)
{
	scmi_vio_platform_dev_destroy(s->dev);
	scmi_vio_platform_destroy(s->plat);
	scmi_vio_doorbell_destroy(s->kick);
	scmi_vio_doorbell_destroy(s->cmdq_irq);
	scmi_vio_doorbell_destroy(s->eventq_irq);
	scmi_vio_doorbell_destroy(s->stop);
	scmi_vio_doorbell_destroy(s->failed);
	scmi_vio_gmem_destroy(s->gm);
	scmi_vio_shm_destroy(s->shm);
	scmi_vio_platform_config_file_free(s->cf);
}

/*
 * Serve until the stop fd is written (0), or until serving ends on an
 * error: the device's, or the stop fd's own (a negative errno).
 */
static int serve(struct server *s)
{
	struct pollfd p[2] = {
		{ .fd = scmi_vio_doorbell_fd(s->stop), .events = POLLIN },
		{ .fd = scmi_vio_doorbell_fd(s->failed), .events = POLLIN },
	};
	int r;

	for (;;) {
		r = poll(p, 2, -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (p[1].revents)
			return scmi_vio_platform_dev_error(s->dev);
		/* Readable, end of file or an error: the doorbell says. */
		r = scmi_vio_doorbell_wait(s->stop, 0);
		if (r)
			return r > 0 ? 0 : r;
	}
}

/* What the fault options injected, by kind, after the counters. */
static void print_faults(struct server *s, const struct args *a)
{
	enum scmi_vio_fault_kind k;
	uint64_t n;

	if (!a->faults.rate_ppm)
		return;
	fprintf(stderr, "%s: faults", prog);
	for (k = SCMI_VIO_FAULT_NONE + 1; k < SCMI_VIO_FAULT_NR; k++) {
		n = scmi_vio_platform_dev_fault_count(s->dev, k);
		if (n)
			fprintf(stderr, " %s=%" PRIu64,
				scmi_vio_fault_kind_name(k), n);
	}
	fputc('\n', stderr);
}

int scmi_vio_tool_serve(const char *name, int argc, char **argv)
{
	struct scmi_vio_platform_dev_stats st;
	struct server s = { 0 };
	struct args a;
	int ret;

	prog = name;
	/* a reader that is gone is an error to report, not a death. */
	signal(SIGPIPE, SIG_IGN);
	ret = parse(argc, argv, &a);
	if (ret)
		return ret > 0 ? 0 : 2;
	ret = setup(&a, &s);
	if (ret) {
		fprintf(stderr, "%s: setup: %s\n", prog, strerror(-ret));
		teardown(&s);
		return 1;
	}
	ret = serve(&s);
	scmi_vio_platform_dev_stop(s.dev);
	scmi_vio_platform_dev_get_stats(s.dev, &st);
	/* On stderr: the driver that started us shares our stdout. */
	fprintf(stderr,
		"%s: commands %" PRIu64 " replies %" PRIu64 " events %" PRIu64
		" short %" PRIu64 " bad %" PRIu64 " broken %" PRIu64
		" irq_errors %" PRIu64 "\n",
		prog, st.commands, st.replies, st.events, st.short_chains,
		st.bad_chains, st.broken, st.irq_errors);
	print_faults(&s, &a);
	if (ret)
		fprintf(stderr, "%s: serving ended: %s\n", prog,
			strerror(-ret));
	teardown(&s);
	return ret ? 3 : 0;
}
