// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform server's command line, both ways (server_args.h): what
 * scmi_vio_xproc's start() writes and what the server reads, side by side.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/scmi_wire.h>

#include "reach/server_args.h"

/* ---- encode ---- */

struct enc {
	struct scmi_vio__server_argv *out;
	int argc;
	unsigned int text;
	bool full; /* an argument did not fit: it was left out */
};

static void put(struct enc *e, const char *s)
{
	if (e->argc < SCMI_VIO__SERVER_ARGV_MAX - 1)
		e->out->argv[e->argc++] = (char *)s;
	else
		e->full = true;
}

/* An option and its value, printed into the next text slot. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
put_val(struct enc *e, const char *opt, const char *fmt, ...)
{
	char *t = e->out->text[e->text++];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t, sizeof(e->out->text[0]), fmt, ap);
	va_end(ap);
	put(e, opt);
	put(e, t);
}

static void put_queue(struct enc *e, const char *opt,
		      const struct scmi_vio_vring_gpa *q)
{
	put_val(e, opt, "%u:0x%" PRIx64 ":0x%" PRIx64 ":0x%" PRIx64, q->num,
		q->desc_gpa, q->avail_gpa, q->used_gpa);
}

int scmi_vio__server_args_encode(const struct scmi_vio__server_args *a,
				 const char *prog, const char *const *extra,
				 struct scmi_vio__server_argv *out)
{
	struct enc e = { .out = out };
	unsigned int i;

	put(&e, prog);
	put_val(&e, "--mem-fd", "%d", a->mem_fd);
	put_val(&e, "--mem-size", "%" PRIu64, a->mem_size);
	put_val(&e, "--gpa", "0x%" PRIx64, a->gpa);
	put_val(&e, "--features", "0x%" PRIx64, a->features);
	put_queue(&e, "--cmdq", &a->cmdq);
	if (a->have_eventq)
		put_queue(&e, "--eventq", &a->eventq);
	if (a->eventq_irq_fd >= 0)
		put_val(&e, "--eventq-irq-fd", "%d", a->eventq_irq_fd);
	put_val(&e, "--kick-fd", "%d", a->kick_fd);
	put_val(&e, "--cmdq-irq-fd", "%d", a->cmdq_irq_fd);
	put_val(&e, "--stop-fd", "%d", a->stop_fd);
	if (a->out_of_order)
		put(&e, "--out-of-order");
	if (a->mem_unsealed)
		put(&e, "--mem-unsealed");
	if (a->faults.rate_ppm) {
		put_val(&e, "--fault-seed", "%" PRIu64, a->faults.seed);
		put_val(&e, "--fault-rate", "%" PRIu32, a->faults.rate_ppm);
		put_val(&e, "--fault-kinds", "0x%" PRIx32, a->faults.kinds);
		put_val(&e, "--fault-arg", "%" PRIu32, a->faults.random_arg);
	}
	if (a->config) {
		put(&e, "--config");
		put(&e, a->config);
	}
	for (i = 0; extra && extra[i]; i++)
		put(&e, extra[i]);
	out->argv[e.argc] = NULL;
	/* A server run without some of its arguments would run otherwise. */
	return e.full ? -E2BIG : e.argc;
}

/* ---- decode ---- */

/*
 * A number in C notation (decimal, 0x hex, 0 octal) at @s, stopping at
 * @end: no sign (strtoull() would wrap "-1" silently), no space, none
 * past 64 bits.
 */
static int parse_num(const char *s, uint64_t *v, char **end)
{
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoull(s, end, 0);
	return errno ? -1 : 0;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	return parse_num(s, v, &end) || *end ? -1 : 0;
}

static int parse_int(const char *s, int *v)
{
	uint64_t u;

	if (parse_u64(s, &u) || u > 0x7fffffff)
		return -1;
	*v = (int)u;
	return 0;
}

static int parse_u32(const char *s, uint32_t max, uint32_t *v)
{
	uint64_t u;

	if (parse_u64(s, &u) || u > max)
		return -1;
	*v = (uint32_t)u;
	return 0;
}

/* NUM:DESC:AVAIL:USED, each a number as parse_num() reads it. */
static int parse_queue(const char *s, struct scmi_vio_vring_gpa *q)
{
	uint64_t v[4];
	unsigned int i;
	char *end;

	for (i = 0; i < 4; i++, s = end + 1)
		if (parse_num(s, &v[i], &end) || *end != (i < 3 ? ':' : '\0'))
			return -1;
	if (v[0] > 32768)
		return -1;
	q->num = (unsigned int)v[0];
	q->desc_gpa = v[1];
	q->avail_gpa = v[2];
	q->used_gpa = v[3];
	return 0;
}

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

/* One option with its value @v into @a.  Return 0, or -1 for a bad value. */
static int decode_one(int c, const char *v, struct scmi_vio__server_args *a)
{
	switch (c) {
	case 'm':
		return parse_int(v, &a->mem_fd);
	case 's':
		return parse_u64(v, &a->mem_size);
	case 'g':
		return parse_u64(v, &a->gpa);
	case 'c':
		a->have_cmdq = 1;
		return parse_queue(v, &a->cmdq);
	case 'e':
		a->have_eventq = 1;
		return parse_queue(v, &a->eventq);
	case 'k':
		return parse_int(v, &a->kick_fd);
	case 'i':
		return parse_int(v, &a->cmdq_irq_fd);
	case 'j':
		return parse_int(v, &a->eventq_irq_fd);
	case 'f':
		return parse_u64(v, &a->features);
	case 'x':
		return parse_int(v, &a->stop_fd);
	case 'o':
		a->out_of_order = 1;
		return 0;
	case 'u':
		a->mem_unsealed = 1;
		return 0;
	case 'S':
		return parse_u64(v, &a->faults.seed);
	case 'R':
		return parse_u32(v, 1000000, &a->faults.rate_ppm);
	case 'K':
		return parse_u32(v, 0xffffffffu, &a->faults.kinds);
	case 'A':
		return parse_u32(v, 0xffffffffu, &a->faults.random_arg);
	case 'C':
		a->config = v;
		return 0;
	}
	return -1;
}

/* What the options say together; 0 or -EINVAL with @err filled. */
static int decode_check(const struct scmi_vio__server_args *a, char *err,
			size_t errlen)
{
	if (a->features & 1ull << SCMI_VIO_F_P2A_CHANNELS && !a->have_eventq) {
		snprintf(err, errlen, "--eventq: needed with the P2A feature");
		return -EINVAL;
	}
	if (a->mem_fd < 0 || !a->mem_size || !a->have_cmdq || a->kick_fd < 0 ||
	    a->cmdq_irq_fd < 0 || a->stop_fd < 0) {
		snprintf(err, errlen,
			 "--mem-fd, --mem-size, --cmdq, --kick-fd, "
			 "--cmdq-irq-fd and --stop-fd are required");
		return -EINVAL;
	}
	return 0;
}

int scmi_vio__server_args_decode(int argc, char **argv,
				 struct scmi_vio__server_args *a, char *err,
				 size_t errlen)
{
	int c, li;

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
	while (li = 0, (c = getopt_long(argc, argv, ":h", opts, &li)) != -1) {
		switch (c) {
		case 'h':
			return 1;
		case ':':
			snprintf(err, errlen, "%s: needs a value",
				 argv[optind - 1]);
			return -EINVAL;
		case '?':
			snprintf(err, errlen, "unknown option '%s'",
				 argv[optind - 1]);
			return -EINVAL;
		}
		if (decode_one(c, optarg, a)) {
			/* Name the option a bad value came with. */
			snprintf(err, errlen, "--%s: bad value '%s'",
				 opts[li].name, optarg);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected '%s'", argv[optind]);
		return -EINVAL;
	}
	return decode_check(a, err, errlen);
}
