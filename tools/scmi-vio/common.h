/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scmi-vio: what the subcommands share - option errors, number parsing,
 * hex, and reaching a device.
 *
 * Which device a subcommand talks to is one choice, enum tool_dev_kind, set
 * by the device options every device subcommand accepts (TOOL_DEV_OPTIONS):
 * the platform in this process (the default), or in another process
 * (--xproc [--server PATH]), or any vhost-user backend
 * (--vhost-user-connect PATH).  Another way to reach a device is one more
 * kind, one more option and one more case in tool_dev_open().
 */
#ifndef SCMI_VIO_TOOL_COMMON_H
#define SCMI_VIO_TOOL_COMMON_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/scmi_vio.h>

/* Exit statuses: 1 the operation failed, 2 the command line is wrong. */
#define TOOL_EXIT_FAIL 1
#define TOOL_EXIT_USAGE 2

enum tool_dev_kind {
	TOOL_DEV_LOOPBACK = 0, /* the platform in a thread of this process */
	TOOL_DEV_XPROC, /* the platform server in another process */
	TOOL_DEV_VHOST_USER, /* a vhost-user backend's socket */
};

struct tool_dev_opts {
	enum tool_dev_kind kind;
	const char *server; /* --server: the server executable */
	const char *vhu_path; /* --vhost-user-connect: the backend's socket */
	const char *config; /* --config: a platform configuration file */
	unsigned int timeout_ms; /* --timeout-ms: reply timeout; 0 default */
	struct scmi_vio_fault_plan faults; /* set by subcommands (stress) */
};

/* The defaults: the in-process platform, its default configuration. */
#define TOOL_DEV_OPTS_INIT                \
	{                                 \
		.kind = TOOL_DEV_LOOPBACK \
	}

/* Long options of the device choice; their values are 0x100 and up. */
#define TOOL_OPT_XPROC 0x100
#define TOOL_OPT_SERVER 0x101
#define TOOL_OPT_CONFIG 0x102
#define TOOL_OPT_TIMEOUT 0x103
#define TOOL_OPT_VHU_CONNECT 0x104
#define TOOL_DEV_OPTIONS                                                \
	{ "xproc", no_argument, NULL, TOOL_OPT_XPROC },                 \
		{ "vhost-user-connect", required_argument, NULL,        \
		  TOOL_OPT_VHU_CONNECT },                               \
		{ "server", required_argument, NULL, TOOL_OPT_SERVER }, \
		{ "config", required_argument, NULL, TOOL_OPT_CONFIG }, \
	{                                                               \
		"timeout-ms", required_argument, NULL, TOOL_OPT_TIMEOUT \
	}

/* The help text of TOOL_DEV_OPTIONS, for each subcommand's --help. */
extern const char tool_dev_help[];

/* An opened device and the agent talking to it. */
struct tool_dev {
	struct scmi_vio_loopback *lb; /* TOOL_DEV_LOOPBACK */
	struct scmi_vio_xproc *xp; /* TOOL_DEV_XPROC */
	struct scmi_vio_vhu_frontend *vf; /* TOOL_DEV_VHOST_USER */
	struct scmi_vio_platform_config_file *cf;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *agent;
	const char *extra[4]; /* the server's --config (xproc) */
};

/* The subcommand being run ("info", ...), for messages. */
extern const char *tool_cmd;

/* Print "scmi-vio CMD: ..." on stderr. */
void tool_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Report what getopt_long() returned for an option it did not take ('?'
 * unknown, ':' value missing), naming the option; return TOOL_EXIT_USAGE.
 */
int tool_bad_option(int c, char **argv);

/* "--NAME: bad value 'V' (WHY)"; return TOOL_EXIT_USAGE. */
int tool_bad_value(const char *name, const char *v, const char *why);

/* Parse an unsigned number (decimal, 0x hex) up to @max; 0 or -1. */
int tool_parse_u64(const char *s, uint64_t max, uint64_t *v);

/*
 * Handle device option @c (TOOL_OPT_*) with value @arg.  Return 0 when
 * taken, TOOL_EXIT_USAGE on a bad value (printed), -1 when @c is no
 * device option.
 */
int tool_dev_option(struct tool_dev_opts *o, int c, const char *arg);

/*
 * The next option of a subcommand whose long options are @opts (with
 * TOOL_DEV_OPTIONS and "help" 'h'): device options are taken here.
 * Return a subcommand option for the caller (optarg set), 0 at the end
 * of the options (optind at the first operand), or -1 when the command
 * must end with *@status: --help printed (0), or a bad option or value
 * (printed, naming it; 2).
 */
int tool_getopt(int argc, char **argv, const struct option *opts,
		const char *help, struct tool_dev_opts *o, int *status);

/* Cross-option checks (e.g. --server without --xproc); 0 or exit 2. */
int tool_dev_opts_check(const struct tool_dev_opts *o);

/* Reach the device and create an agent; 0 or a negative errno (printed). */
int tool_dev_open(const struct tool_dev_opts *o, struct tool_dev *d);
void tool_dev_close(struct tool_dev *d);

/* Hex bytes, blanks allowed between bytes; the count or -1. */
long tool_parse_hex(const char *s, uint8_t *out, size_t cap);

/* Little-endian words of messages built or printed by hand. */
static inline uint32_t tool_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline void tool_put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Print @len bytes as hex pairs separated by blanks. */
void tool_print_hex(const uint8_t *p, size_t len);

/* An SCMI status as "NAME" or, for an undefined one, its number. */
const char *tool_status_str(int32_t status, char buf[16]);

/* A protocol's short name ("clock"), "vendor" or "?". */
const char *tool_proto_name(uint8_t id);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t tool_now_ns(void);

/* The subcommands: each parses its own options from argv[0] = its name. */
int tool_info(int argc, char **argv);
int tool_watch(int argc, char **argv);
int tool_stress(int argc, char **argv);
int tool_raw(int argc, char **argv);
int tool_serve(int argc, char **argv);

#endif /* SCMI_VIO_TOOL_COMMON_H */
