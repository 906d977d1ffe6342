// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi-vio: option errors, numbers, hex, and reaching a device (common.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"

const char *tool_cmd = "scmi-vio";

const char tool_dev_help[] =
	"Device (default: the simulated platform in this process):\n"
	"  --xproc             the platform in another process (memfd and\n"
	"                      eventfds), started from the server executable\n"
	"  --server PATH       that executable (default: the installed\n"
	"                      " SCMI_VIO_TOOL_SERVER_PATH ")\n"
	"  --vhost-user-connect PATH\n"
	"                      any vhost-user SCMI backend listening on PATH\n"
	"  --config FILE       the platform a configuration file describes\n"
	"  --timeout-ms N      reply timeout (default 60000)\n";

void tool_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "scmi-vio %s: ", tool_cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int tool_bad_option(int c, char **argv)
{
	/* getopt_long() leaves the offending word just before optind. */
	if (c == ':')
		tool_err("%s: needs a value", argv[optind - 1]);
	else
		tool_err("unknown option '%s' (see --help)", argv[optind - 1]);
	return TOOL_EXIT_USAGE;
}

int tool_bad_value(const char *name, const char *v, const char *why)
{
	tool_err("--%s: bad value '%s'%s%s%s", name, v, why ? " (" : "",
		 why ? why : "", why ? ")" : "");
	return TOOL_EXIT_USAGE;
}

int tool_parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	if (*s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end || *v > max ? -1 : 0;
}

int tool_dev_option(struct tool_dev_opts *o, int c, const char *arg)
{
	uint64_t v;

	switch (c) {
	case TOOL_OPT_XPROC:
		o->kind = TOOL_DEV_XPROC;
		return 0;
	case TOOL_OPT_SERVER:
		o->server = arg;
		return 0;
	case TOOL_OPT_VHU_CONNECT:
		o->kind = TOOL_DEV_VHOST_USER;
		o->vhu_path = arg;
		return 0;
	case TOOL_OPT_CONFIG:
		o->config = arg;
		return 0;
	case TOOL_OPT_TIMEOUT:
		if (tool_parse_u64(arg, 3600000, &v) || !v)
			return tool_bad_value("timeout-ms", arg, "1..3600000");
		o->timeout_ms = (unsigned int)v;
		return 0;
	default:
		return -1;
	}
}

int tool_dev_opts_check(const struct tool_dev_opts *o)
{
	if (o->server && o->kind != TOOL_DEV_XPROC) {
		tool_err("--server: only with --xproc");
		return TOOL_EXIT_USAGE;
	}
	/* The backend serves its own platform: nothing of ours to shape. */
	if (o->config && o->kind == TOOL_DEV_VHOST_USER) {
		tool_err("--config: not with --vhost-user-connect");
		return TOOL_EXIT_USAGE;
	}
	return 0;
}

static int open_vdev(const struct tool_dev_opts *o, struct tool_dev *d,
		     const struct scmi_vio_vdev **vdev)
{
	char err[160];
	int r;

	switch (o->kind) {
	case TOOL_DEV_LOOPBACK: {
		struct scmi_vio_loopback_config lc = { 0 };

		if (o->config) {
			r = scmi_vio_platform_config_load(o->config, &d->cf,
							  err, sizeof(err));
			if (r) {
				tool_err("%s: %s", o->config,
					 r == -EINVAL ? err : strerror(-r));
				return r;
			}
			lc.platform = scmi_vio_platform_config_file_get(d->cf);
		}
		lc.faults = &o->faults;
		r = scmi_vio_loopback_create(&lc, &d->lb);
		if (r) {
			tool_err("platform: %s", strerror(-r));
			return r;
		}
		*vdev = scmi_vio_loopback_vdev(d->lb);
		return 0;
	}
	case TOOL_DEV_XPROC: {
		struct scmi_vio_xproc_config xc = { 0 };
		unsigned int k = 0;

		if (o->config) {
			d->extra[k++] = "--config";
			d->extra[k++] = o->config;
		}
		d->extra[k] = NULL;
		/* Its --fault options come from the library's one encoder. */
		xc.faults = &o->faults;
		xc.server_path = o->server ? o->server :
					     SCMI_VIO_TOOL_SERVER_PATH;
		xc.extra_args = d->extra;
		r = scmi_vio_xproc_create(&xc, &d->xp);
		if (r) {
			tool_err("platform process: %s", strerror(-r));
			return r;
		}
		*vdev = scmi_vio_xproc_vdev(d->xp);
		return 0;
	}
	case TOOL_DEV_VHOST_USER: {
		struct scmi_vio_vhu_frontend_config fc = { 0 };

		if (o->faults.rate_ppm) {
			tool_err("faults: not with --vhost-user-connect");
			return -EINVAL;
		}
		fc.socket_path = o->vhu_path;
		/* A backend started just before us may not listen yet. */
		fc.connect_timeout_ms = 1000;
		r = scmi_vio_vhu_frontend_create(&fc, &d->vf);
		if (r) {
			tool_err("vhost-user %s: %s", o->vhu_path,
				 strerror(-r));
			return r;
		}
		*vdev = scmi_vio_vhu_frontend_vdev(d->vf);
		return 0;
	}
	}
	return -EINVAL;
}

int tool_dev_open(const struct tool_dev_opts *o, struct tool_dev *d)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_agent_config ac = { 0 };
	const struct scmi_vio_vdev *vdev;
	int r;

	memset(d, 0, sizeof(*d));
	r = open_vdev(o, d, &vdev);
	if (r)
		goto fail;
	/* Interrupts by eventfd; a command may still poll (CMD_POLL). */
	vc.irq_mode = SCMI_VIO_IRQ_EVENTFD;
	r = scmi_vio_virtio_scmi_probe(vdev, &vc, &d->vs);
	if (r) {
		if (o->kind == TOOL_DEV_XPROC)
			tool_err("probe: server %s: %s",
				 o->server ? o->server :
					     SCMI_VIO_TOOL_SERVER_PATH,
				 strerror(-r));
		else
			tool_err("probe: %s", strerror(-r));
		goto fail;
	}
	ac.reply_timeout_ms = o->timeout_ms;
	ac.dresp_timeout_ms = o->timeout_ms;
	r = scmi_vio_virtio_scmi_agent_create(d->vs, &ac, &d->agent);
	if (r) {
		tool_err("agent: %s", strerror(-r));
		goto fail;
	}
	return 0;
fail:
	tool_dev_close(d);
	return r;
}

void tool_dev_close(struct tool_dev *d)
{
	scmi_vio_agent_destroy(d->agent);
	if (d->vs)
		scmi_vio_virtio_scmi_remove(d->vs);
	scmi_vio_loopback_destroy(d->lb);
	scmi_vio_xproc_destroy(d->xp);
	scmi_vio_vhu_frontend_destroy(d->vf);
	scmi_vio_platform_config_file_free(d->cf);
	memset(d, 0, sizeof(*d));
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long tool_parse_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi, lo;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (;;) {
		while (*s == ' ' || *s == ':' || *s == ',')
			s++;
		if (!*s)
			return (long)n;
		hi = hexval(s[0]);
		lo = hi < 0 ? -1 : hexval(s[1]);
		if (lo < 0 || n == cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
}

void tool_print_hex(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%s%02x", i ? " " : "", p[i]);
}

const char *tool_status_str(int32_t status, char buf[16])
{
	const char *n = scmi_vio_status_name(status);

	if (n)
		return n;
	snprintf(buf, 16, "%" PRId32, status);
	return buf;
}

uint64_t tool_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

const char *tool_proto_name(uint8_t id)
{
	static const char *const names[] = {
		"base",	  "power", "system",  "perf",	  "clock",
		"sensor", "reset", "voltage", "powercap", "pinctrl",
	};

	if (id >= SCMI_VIO_PROTO_BASE &&
	    id < SCMI_VIO_PROTO_BASE + sizeof(names) / sizeof(names[0]))
		return names[id - SCMI_VIO_PROTO_BASE];
	return id >= SCMI_VIO_PROTO_VENDOR_FIRST ? "vendor" : "?";
}

int tool_getopt(int argc, char **argv, const struct option *opts,
		const char *help, struct tool_dev_opts *o, int *status)
{
	int c, r;

	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, ":h", opts, NULL);
		if (c == -1) {
			r = tool_dev_opts_check(o);
			if (r) {
				*status = r;
				return -1;
			}
			return 0;
		}
		if (c == 'h') {
			printf("%s%s", help, tool_dev_help);
			*status = 0;
			return -1;
		}
		if (c == '?' || c == ':') {
			*status = tool_bad_option(c, argv);
			return -1;
		}
		r = tool_dev_option(o, c, optarg);
		if (r < 0)
			return c;
		if (r > 0) {
			*status = r;
			return -1;
		}
	}
}
