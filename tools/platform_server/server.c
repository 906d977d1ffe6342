// SPDX-License-Identifier: BSD-3-Clause
/*
 * The SCMI platform device in its own process, served over guest memory and
 * doorbells handed to it as file descriptors - the shape a VMM uses (guest
 * RAM memfd, ioeventfd for kicks, irqfd for interrupts).  One function, run
 * by the installed scmi_platform_server (what scmi_vio_xproc_create()
 * starts) and by "scmi-vio serve".  The options are encoded and decoded in
 * one place (lib/reach/server_args.c) and the platform is hosted by the
 * reach layer (lib/reach/host.c); this file is the program around them.
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
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <scmi_vio/platform_dev.h>
#include <scmi_vio/platform_fault.h>

#include "reach/host.h"
#include "reach/server_args.h"
#include "server.h"

/* How messages name us: "scmi_platform_server" or "scmi-vio serve". */
static const char *prog;

/* The synopsis above; printed, since the source is not installed. */
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

/* What the fault options injected, by kind, after the counters. */
static void print_faults(struct scmi_vio__host *h,
			 const struct scmi_vio__server_args *a)
{
	enum scmi_vio_fault_kind k;
	uint64_t n;

	if (!a->faults.rate_ppm)
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

int scmi_vio_tool_serve(const char *name, int argc, char **argv)
{
	struct scmi_vio_platform_dev_stats st;
	struct scmi_vio__server_args a;
	struct scmi_vio__host h = { 0 };
	char err[160];
	int ret;

	prog = name;
	/* a reader that is gone is an error to report, not a death. */
	signal(SIGPIPE, SIG_IGN);
	ret = scmi_vio__server_args_decode(argc, argv, &a, err, sizeof(err));
	if (ret == 1) {
		printf(usage, prog);
		return 0;
	}
	if (ret) {
		fprintf(stderr, "%s: %s\n", prog, err);
		fprintf(stderr, usage, prog);
		return 2;
	}
	err[0] = '\0';
	ret = scmi_vio__host_fd_setup(&a, &h, err, sizeof(err));
	if (ret) {
		if (err[0]) /* the config file's own complaint */
			fprintf(stderr, "%s: %s: %s\n", prog, a.config, err);
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
	print_faults(&h, &a);
	if (ret)
		fprintf(stderr, "%s: serving ended: %s\n", prog,
			strerror(-ret));
	scmi_vio__host_fd_teardown(&h);
	return ret ? 3 : 0;
}
