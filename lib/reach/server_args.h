/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform server's command line: the one encoding of how a driver
 * hands a server (scmi_platform_server, "scmi-vio serve") its guest memory,
 * queues, doorbells and options.  scmi_vio_xproc's start() encodes it;
 * the server decodes it.  One pair, so the two sides cannot drift apart
 * (tests/unit/reach checks the round trip).  Either the fds of a driver
 * in another process, or a vhost-user socket whose front-end hands them
 * over; the platform's options are the same for both:
 *
 *   --mem-fd FD --mem-size BYTES --gpa ADDR
 *   --cmdq NUM:DESC:AVAIL:USED [--eventq NUM:DESC:AVAIL:USED]
 *   --kick-fd FD --cmdq-irq-fd FD [--eventq-irq-fd FD]
 *   [--features HEX] --stop-fd FD
 * or
 *   --vhost-user PATH
 * and
 *   [--out-of-order] [--mem-unsealed] [--config FILE]
 *   [--fault KIND[:proto=N][:msg=N][:seq=N][:arg=N][:times=N]]...
 *   [--fault-seed N --fault-rate PPM --fault-kinds MASK|LIST
 *    [--fault-arg N]]
 *
 * --fault is one scripted rule of the fault plan (platform_fault.h),
 * repeatable up to SCMI_VIO_FAULT_MAX_RULES times, tried in the order
 * given: KIND is scmi_vio_fault_kind_name()'s name; proto, msg and seq
 * restrict the commands it matches (all that are given must match), arg
 * is the kind's argument and times how often it fires (0 or absent: no
 * limit).  --fault-kinds takes a bit mask of kinds or their names,
 * comma-separated.
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
	/* faults.rules points at @rules (decode sets it): do not copy @a. */
	struct scmi_vio_fault_plan faults;
	struct scmi_vio_fault_rule rules[SCMI_VIO_FAULT_MAX_RULES];
	const char *config; /* borrowed from argv */
	const char *vhost_user; /* borrowed from argv; NULL: the fds */
};

/*
 * Enough for every option encode writes, each with its value, argv[0] and
 * the 18 extra arguments xproc.h promises; --fault rules take slots of the
 * extra arguments (the cross-process device passes none of its own).
 */
#define SCMI_VIO__SERVER_ARGV_MAX 40

/* The longest --fault value: every key, each at its largest. */
#define SCMI_VIO__FAULT_TEXT_MAX 128

/* argv storage: the pointers, and the text of the values they point to. */
struct scmi_vio__server_argv {
	char *argv[SCMI_VIO__SERVER_ARGV_MAX];
	char text[20][96];
	char rules[SCMI_VIO_FAULT_MAX_RULES][SCMI_VIO__FAULT_TEXT_MAX];
};

/*
 * One --fault value (the synopsis above) into @r.  On a bad one @why (of
 * @whylen bytes) says what is wrong, naming the part: "unknown kind 'x'",
 * "unknown key 'x'", "bad seq '-1'", "arg given twice".
 * Return: 0, or -EINVAL.
 */
int scmi_vio__fault_rule_parse(const char *s, struct scmi_vio_fault_rule *r,
			       char *why, size_t whylen);

/*
 * --fault-kinds: a bit mask of kinds as a number, or kind names separated
 * by commas ("delay,drop_reply").
 * Return: 0, or -1 for an unknown name or a bad number.
 */
int scmi_vio__fault_kinds_parse(const char *s, uint32_t *mask);

/*
 * @r as the text scmi_vio__fault_rule_parse() reads back into the same
 * rule (keys at their default left out).
 * Return: the length, or -E2BIG when it does not fit in @cap bytes, or
 * -EINVAL for a rule of no kind.
 */
int scmi_vio__fault_rule_format(const struct scmi_vio_fault_rule *r, char *buf,
				size_t cap);

/*
 * Encode @a as the server's argv into @out: @prog first, then the options,
 * then @extra (NULL-terminated, may be NULL), then NULL.  Only what
 * decode() needs to rebuild @a is written (an option at its default is
 * left out).  Async-signal-safe callers may use the result after fork():
 * it allocates nothing.
 * Return: the argument count (argv[count] is NULL); -E2BIG when the
 * arguments do not all fit in SCMI_VIO__SERVER_ARGV_MAX - 1 (@out then
 * holds those that did: not a command line to run); -EINVAL for a fault
 * rule of no kind (scmi_vio__fault_rule_format()).
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
