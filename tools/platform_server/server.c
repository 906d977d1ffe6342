// SPDX-License-Identifier: BSD-3-Clause
/*
 * The SCMI platform device in its own process, served over guest memory and
 * doorbells handed to it as file descriptors - the shape a VMM uses (guest
 * RAM memfd, ioeventfd for kicks, irqfd for interrupts) - or as a
 * vhost-user device on a Unix socket, whose front-end (QEMU's
 * vhost-user-scmi, User-Mode Linux, "scmi-vio --vhost-user-connect") hands
 * the same things over in messages (docs/vhost-user.md).  One function, run
 * by the installed scmi_platform_server (what scmi_vio_xproc_create()
 * starts) and by "scmi-vio serve".  The options are encoded and decoded in
 * one place (lib/reach/server_args.c) and the platform is hosted by the
 * reach layer (lib/reach/host.c, vhost_user_serve.c); this file is the
 * program around them.
 *
 *   scmi_platform_server --mem-fd FD --mem-size BYTES --gpa ADDR
 *       --cmdq NUM:DESC:AVAIL:USED [--eventq NUM:DESC:AVAIL:USED]
 *       --kick-fd FD --cmdq-irq-fd FD [--eventq-irq-fd FD]
 *       [--features HEX] --stop-fd FD  OPTIONS
 *   scmi_platform_server --vhost-user PATH  OPTIONS
 *   OPTIONS: [--out-of-order] [--mem-unsealed] [--config FILE]
 *       [--fault KIND[:proto=N][:msg=N][:seq=N][:arg=N][:times=N]]...
 *       [--fault-seed N --fault-rate PPM --fault-kinds MASK|LIST
 *        [--fault-arg N]]
 *
 * Guest memory is the memfd mapped at guest-physical ADDR; ring addresses
 * are guest-physical.  It must be sealed against shrinking, unless
 * --mem-unsealed accepts that a driver truncating it kills this server
 * with SIGBUS (User-Mode Linux's memory file is not sealed).  The features
 * word is what was negotiated (default: VERSION_1 | P2A, plus
 * EVENT_IDX/INDIRECT if given); --eventq is required with P2A.  The driver
 * rings the kick fd for either queue.  Every doorbell fd (kick, interrupts,
 * stop) is an eventfd, or a pipe or socket carrying eventfd-style 8-byte
 * values (User-Mode Linux's call fd); anything else is refused at setup
 * .  Writing the stop fd ends the server; it prints its counters (on
 * stderr) and exits 0.  With --vhost-user the server listens on PATH, one
 * front-end at a time, until SIGINT or SIGTERM (exit 0).
 *
 * The fault options inject faults (platform_fault.h) for testing an agent:
 * each --fault is one scripted rule (a kind by name, the commands it
 * matches, its argument and how often it fires), the --fault-seed group
 * draws seeded random ones.  --config serves the platform a configuration
 * file describes (platform.h) instead of the default one.
 *
 * Exit status 0: stopped; 2: bad arguments; 1: setup failed (with
 * --vhost-user: also the socket failed); 3: serving ended on a fatal
 * error - the guest broke a ring, a doorbell failed (an interrupt fd
 * whose reader is gone, a kick fd at end of file), or the stop fd failed
 * or reached end of file (the driver is gone) - printed with the
 * counters.  SIGPIPE is ignored: a reader that is gone is an error to
 * report, not a reason to die.  The library's warnings and errors
 * (log.h: a refused vhost-user request, a ring the guest broke) are
 * printed on stderr as they happen.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <scmi_vio/log.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/vhost_user.h>
#include <scmi_vio/vhost_user_serve.h>

#include "platform/fault.h"
#include "reach/host.h"
#include "reach/server_args.h"
#include "server.h"

/* How messages name us: "scmi_platform_server" or "scmi-vio serve". */
static const char *prog;

/* The library's warnings, one line each on stderr, named as ours. */
static void log_stderr(void *arg, enum scmi_vio_log_level level,
		       const char *event, const char *msg)
{
	(void)arg;
	(void)level;
	(void)event;
	fprintf(stderr, "%s: %s\n", prog, msg);
}

/* The synopsis above; printed, since the source is not installed. */
static const char usage[] =
	"usage: %s --mem-fd FD --mem-size BYTES --gpa ADDR\n"
	"        --cmdq NUM:DESC:AVAIL:USED [--eventq NUM:DESC:AVAIL:USED]\n"
	"        --kick-fd FD --cmdq-irq-fd FD [--eventq-irq-fd FD]\n"
	"        [--features HEX] --stop-fd FD [OPTIONS]\n"
	"   or: %s --vhost-user PATH [OPTIONS]\n"
	"Serves the SCMI platform device over the memfd and eventfds a\n"
	"driver (libscmi_vio's scmi_vio_xproc_create()) hands it, until the\n"
	"stop fd is written; or as a vhost-user virtio-scmi device (id 32)\n"
	"listening on the Unix socket PATH (an old socket file there is\n"
	"replaced), one front-end at a time, until SIGINT or SIGTERM.\n"
	"Options:\n"
	"  --config FILE       the platform a configuration file describes\n"
	"  --mem-unsealed      accept guest memory not sealed against\n"
	"                      shrinking (User-Mode Linux's); such a driver\n"
	"                      must be trusted not to truncate it\n"
	"  --out-of-order      complete each round's commands in reverse\n"
	"  --fault KIND[:proto=N][:msg=N][:seq=N][:arg=N][:times=N]\n"
	"                      inject fault KIND into the commands that match\n"
	"                      (all keys given; none: every command), with\n"
	"                      argument arg, at most times times (0: no\n"
	"                      limit); repeatable, tried in order.  KIND:\n"
	"                      %s\n"
	"  --fault-seed N --fault-rate PPM --fault-kinds MASK|LIST\n"
	"  [--fault-arg N]     seeded random faults: PPM commands in a\n"
	"                      million draw one of the kinds (names, comma-\n"
	"                      separated, or a bit mask), with argument N\n"
	"Exit status: 0 stopped, 1 setup failed, 2 bad arguments, 3 serving\n"
	"ended on an error.\n";

/* The names of the fault kinds, for the usage text. */
static void print_usage(FILE *f)
{
	enum scmi_vio_fault_kind k;
	char kinds[512];
	size_t n = 0;
	int w;

	kinds[0] = '\0';
	for (k = SCMI_VIO_FAULT_NONE + 1; k < SCMI_VIO_FAULT_NR; k++) {
		w = snprintf(kinds + n, sizeof(kinds) - n, "%s%s%s",
			     k == SCMI_VIO_FAULT_NONE + 1 ? "" : ",",
			     /* A new line now and then, under the text. */
			     n && k % 4 == 1 ? "\n                      " : "",
			     scmi_vio_fault_kind_name(k));
		if (w < 0 || (size_t)w >= sizeof(kinds) - n)
			break;
		n += (size_t)w;
	}
	fprintf(f, usage, prog, prog, kinds);
}

/* What the fault options injected, by kind, after the counters. */
static void print_faults(struct scmi_vio__host *h,
			 const struct scmi_vio__server_args *a)
{
	enum scmi_vio_fault_kind k;
	uint64_t n;

	if (!a->faults.rate_ppm && !a->faults.n_rules)
		return;
	fprintf(stderr, "%s: faults", prog);
	for (k = SCMI_VIO_FAULT_NONE + 1; k < SCMI_VIO_FAULT_NR; k++) {
		n = scmi_vio_platform_dev_fault_count(h->dev, k);
		if (n)
			fprintf(stderr, " %s=%" PRIu64,
				scmi_vio_fault_kind_name(k), n);
	}
	fputc('\n', stderr);
}

static struct scmi_vio_vhost_user_serve *volatile the_srv;

static void on_signal(int sig)
{
	(void)sig;
	/* One write(2): safe in a handler. */
	scmi_vio_vhost_user_serve_stop(the_srv);
}

/* --vhost-user PATH: serve front-ends there until SIGINT or SIGTERM. */
static int serve_vhost_user(const struct scmi_vio__server_args *a)
{
	struct scmi_vio_vhost_user_serve_config sc = { 0 };
	struct scmi_vio_platform_config_file *cf = NULL;
	struct scmi_vio_vhost_user_serve *srv;
	struct scmi_vio_platform_config pc;
	struct sigaction sa;
	char err[160];
	int ret;

	if (a->config) {
		ret = scmi_vio_platform_config_load(a->config, &cf, err,
						    sizeof(err));
		if (ret) {
			fprintf(stderr, "%s: %s: %s\n", prog, a->config,
				ret == -EINVAL ? err : strerror(-ret));
			return 1;
		}
		pc = *scmi_vio_platform_config_file_get(cf);
	} else {
		scmi_vio_platform_config_default(&pc);
	}
	sc.platform = &pc;
	sc.faults = &a->faults;
	sc.out_of_order = a->out_of_order;
	if (a->mem_unsealed)
		sc.flags |= SCMI_VIO_VHOST_USER_UNSEALED_MEM;
	ret = scmi_vio_vhost_user_serve_create(&sc, &srv);
	if (ret) {
		fprintf(stderr, "%s: setup: %s\n", prog, strerror(-ret));
		scmi_vio_platform_config_file_free(cf);
		return 1;
	}
	the_srv = srv;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "%s: vhost-user on %s\n", prog, a->vhost_user);
	ret = scmi_vio_vhost_user_serve_listen(srv, a->vhost_user);
	if (ret)
		fprintf(stderr, "%s: %s: %s\n", prog, a->vhost_user,
			strerror(-ret));
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	the_srv = NULL;
	scmi_vio_vhost_user_serve_destroy(srv);
	scmi_vio_platform_config_file_free(cf);
	return ret ? 1 : 0;
}

/* The fds a driver handed over: serve until the stop fd is written. */
static int serve_fds(const struct scmi_vio__server_args *a)
{
	struct scmi_vio_platform_dev_stats st;
	struct scmi_vio__host h = { 0 };
	char err[160];
	int ret;

	err[0] = '\0';
	ret = scmi_vio__host_fd_setup(a, &h, err, sizeof(err));
	if (ret) {
		if (err[0]) /* the config file's own complaint */
			fprintf(stderr, "%s: %s: %s\n", prog, a->config, err);
		fprintf(stderr, "%s: setup: %s\n", prog, strerror(-ret));
		scmi_vio__host_fd_teardown(&h);
		return 1;
	}
	ret = scmi_vio__host_fd_serve(&h);
	scmi_vio_platform_dev_get_stats(h.dev, &st);
	/* On stderr: the driver that started us shares our stdout. */
	fprintf(stderr,
		"%s: commands %" PRIu64 " replies %" PRIu64 " events %" PRIu64
		" short %" PRIu64 " bad %" PRIu64 " broken %" PRIu64
		" irq_errors %" PRIu64 "\n",
		prog, st.commands, st.replies, st.events, st.short_chains,
		st.bad_chains, st.broken, st.irq_errors);
	print_faults(&h, a);
	if (ret)
		fprintf(stderr, "%s: serving ended: %s\n", prog,
			strerror(-ret));
	scmi_vio__host_fd_teardown(&h);
	return ret ? 3 : 0;
}

int scmi_vio_tool_serve(const char *name, int argc, char **argv)
{
	/* Static: faults.rules points into it, and it is large. */
	static struct scmi_vio__server_args a;
	char err[160];
	int ret;

	prog = name;
	/* a reader that is gone is an error to report, not a death. */
	signal(SIGPIPE, SIG_IGN);
	ret = scmi_vio__server_args_decode(argc, argv, &a, err, sizeof(err));
	if (ret == 1) {
		print_usage(stdout);
		return 0;
	}
	/* The options together, by the device's judge: each was fine
	 * alone, the plan they make may not be (a rule's kind cannot be
	 * NONE once parsed, so only the random part can fail). */
	if (!ret && scmi_vio__fault_plan_check(&a.faults)) {
		snprintf(err, sizeof(err),
			 "--fault-rate, --fault-kinds: not a fault plan (a "
			 "rate needs kinds, and kinds name faults only)");
		ret = -EINVAL;
	}
	if (ret) {
		fprintf(stderr, "%s: %s\n", prog, err);
		print_usage(stderr);
		return 2;
	}
	scmi_vio_set_log(log_stderr, NULL, SCMI_VIO_LOG_WARN);
	ret = a.vhost_user ? serve_vhost_user(&a) : serve_fds(&a);
	scmi_vio_set_log(NULL, NULL, SCMI_VIO_LOG_WARN);
	return ret;
}
