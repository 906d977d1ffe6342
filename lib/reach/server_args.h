/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform server's command line: the one encoding of how a driver
 * hands a server (scmi_platform_server, "scmi-vio serve") its guest memory,
 * queues, doorbells and options.  scmi_vio_xproc's start() encodes it;
 * the server decodes it.  One pair, so the two sides cannot drift apart
 * (tests/unit/reach checks the round trip).
 *
 *   --mem-fd FD --mem-size BYTES --gpa ADDR
 *   --cmdq NUM:DESC:AVAIL:USED [--eventq NUM:DESC:AVAIL:USED]
 *   --kick-fd FD --cmdq-irq-fd FD [--eventq-irq-fd FD]
 *   [--features HEX] --stop-fd FD [--out-of-order] [--mem-unsealed]
 *   [--fault-seed N --fault-rate PPM --fault-kinds MASK [--fault-arg N]]
 *   [--config FILE]
 */
#ifndef SCMI_VIO_REACH_SERVER_ARGS_H
#define SCMI_VIO_REACH_SERVER_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/platform_fault.h>
#include <scmi_vio/vring.h>

struct scmi_vio__server_args {
	int mem_fd, kick_fd, cmdq_irq_fd, eventq_irq_fd, stop_fd;
	uint64_t mem_size, gpa, features;
	struct scmi_vio_vring_gpa cmdq, eventq;
	int have_cmdq, have_eventq, out_of_order, mem_unsealed;
	struct scmi_vio_fault_plan faults; /* random faults only (no rules) */
	const char *config; /* borrowed from argv */
};

/* Enough for every option encode writes, each with its value, and argv[0]. */
#define SCMI_VIO__SERVER_ARGV_MAX 40

/* argv storage: the pointers, and the text of the values they point to. */
struct scmi_vio__server_argv {
	char *argv[SCMI_VIO__SERVER_ARGV_MAX];
	char text[20][96];
};

/*
 * Encode @a as the server's argv into @out: @prog first, then the options,
 * then @extra (NULL-terminated, may be NULL), then NULL.  Only what
 * decode() needs to rebuild @a is written (an option at its default is
 * left out).  Async-signal-safe callers may use the result after fork():
 * it allocates nothing.
 * Return: the argument count (argv[count] is NULL); -E2BIG when the
 * arguments do not all fit in SCMI_VIO__SERVER_ARGV_MAX - 1 (@out then
 * holds those that did: not a command line to run).
 */
int scmi_vio__server_args_encode(const struct scmi_vio__server_args *a,
				 const char *prog, const char *const *extra,
				 struct scmi_vio__server_argv *out);

/*
 * Decode @argv (argv[0] skipped) into @a.  Uses getopt_long(): not
 * thread-safe, once per process at a time.  On a usage error @err (of
 * @errlen bytes) says what is wrong, naming the option.
 * Return: 0 to serve; 1 when --help was asked for; -EINVAL on a usage
 * error.
 */
int scmi_vio__server_args_decode(int argc, char **argv,
				 struct scmi_vio__server_args *a, char *err,
				 size_t errlen);

#endif /* SCMI_VIO_REACH_SERVER_ARGS_H */
