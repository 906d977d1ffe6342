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

/* What a driver in another process hands over: memory, queues, fds. */
static void put_fds(struct enc *e, const struct scmi_vio__server_args *a)
{
	put_val(e, "--mem-fd", "%d", a->mem_fd);
	put_val(e, "--mem-size", "%" PRIu64, a->mem_size);
	put_val(e, "--gpa", "0x%" PRIx64, a->gpa);
	put_val(e, "--features", "0x%" PRIx64, a->features);
	put_queue(e, "--cmdq", &a->cmdq);
	if (a->have_eventq)
		put_queue(e, "--eventq", &a->eventq);
	if (a->eventq_irq_fd >= 0)
		put_val(e, "--eventq-irq-fd", "%d", a->eventq_irq_fd);
	put_val(e, "--kick-fd", "%d", a->kick_fd);
	put_val(e, "--cmdq-irq-fd", "%d", a->cmdq_irq_fd);
	put_val(e, "--stop-fd", "%d", a->stop_fd);
}

int scmi_vio__server_args_encode(const struct scmi_vio__server_args *a,
				 const char *prog, const char *const *extra,
				 struct scmi_vio__server_argv *out)
{
	struct enc e = { .out = out };
	unsigned int i;
	int bad = 0;

	put(&e, prog);
	if (a->vhost_user) {
		/* The front-end hands over what the fd options carry. */
		put(&e, "--vhost-user");
		put(&e, a->vhost_user);
	} else {
		put_fds(&e, a);
	}
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
	for (i = 0; i < a->faults.n_rules; i++) {
		/* A rule of no kind has no text (-EINVAL): the plan is
		 * wrong, which is not the argv being full. */
		bad = i < SCMI_VIO_FAULT_MAX_RULES ?
			      scmi_vio__fault_rule_format(
				      &a->faults.rules[i], out->rules[i],
				      sizeof(out->rules[i])) :
			      -E2BIG;
		if (bad < 0)
			break;
		bad = 0;
		put(&e, "--fault");
		put(&e, out->rules[i]);
	}
	if (a->config) {
		put(&e, "--config");
		put(&e, a->config);
	}
	for (i = 0; extra && extra[i]; i++)
		put(&e, extra[i]);
	out->argv[e.argc] = NULL;
	if (bad)
		return bad;
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

/* ---- --fault: one scripted rule as text, both ways ---- */

/* The keys after the kind, in the order format() writes them. */
enum rule_key { KEY_PROTO, KEY_MSG, KEY_SEQ, KEY_ARG, KEY_TIMES, KEY_NR };

static const struct {
	const char *name;
	uint64_t max;
} rule_keys[KEY_NR] = {
	[KEY_PROTO] = { "proto", 0xff },
	[KEY_MSG] = { "msg", 0xff },
	[KEY_SEQ] = { "seq", UINT64_MAX },
	[KEY_ARG] = { "arg", UINT32_MAX },
	[KEY_TIMES] = { "times", UINT32_MAX },
};

/* The kind named by the @len bytes at @s; NONE (injects nothing) is none. */
static enum scmi_vio_fault_kind kind_by_name(const char *s, size_t len)
{
	enum scmi_vio_fault_kind k;
	const char *n;

	for (k = SCMI_VIO_FAULT_NONE + 1; k < SCMI_VIO_FAULT_NR; k++) {
		n = scmi_vio_fault_kind_name(k);
		if (strlen(n) == len && !strncmp(n, s, len))
			return k;
	}
	return SCMI_VIO_FAULT_NONE;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
rule_error(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static void rule_set(struct scmi_vio_fault_rule *r, enum rule_key k, uint64_t v)
{
	switch (k) {
	case KEY_PROTO:
		r->match |= SCMI_VIO_FAULT_MATCH_PROTO;
		r->protocol = (uint8_t)v;
		break;
	case KEY_MSG:
		r->match |= SCMI_VIO_FAULT_MATCH_MSG_ID;
		r->msg_id = (uint8_t)v;
		break;
	case KEY_SEQ:
		r->match |= SCMI_VIO_FAULT_MATCH_SEQ;
		r->seq = v;
		break;
	case KEY_ARG:
		r->arg = (uint32_t)v;
		break;
	default:
		r->times = (uint32_t)v;
		break;
	}
}

int scmi_vio__fault_rule_parse(const char *s, struct scmi_vio_fault_rule *r,
			       char *why, size_t whylen)
{
	unsigned int seen = 0, k;
	const char *p, *eq;
	size_t len, klen;
	uint64_t v;
	char *end;

	memset(r, 0, sizeof(*r));
	len = strcspn(s, ":");
	r->kind = kind_by_name(s, len);
	if (r->kind == SCMI_VIO_FAULT_NONE)
		return rule_error(why, whylen, "unknown kind '%.*s'", (int)len,
				  s);
	for (p = s + len; *p; p += len) {
		p++; /* the ':' */
		len = strcspn(p, ":");
		eq = memchr(p, '=', len);
		klen = eq ? (size_t)(eq - p) : len;
		for (k = 0; k < KEY_NR; k++)
			if (strlen(rule_keys[k].name) == klen &&
			    !strncmp(rule_keys[k].name, p, klen))
				break;
		if (k == KEY_NR)
			return rule_error(why, whylen, "unknown key '%.*s'",
					  (int)klen, p);
		if (seen & 1u << k)
			return rule_error(why, whylen, "%s given twice",
					  rule_keys[k].name);
		seen |= 1u << k;
		/* A number up to the next ':' or the end, and no further. */
		if (!eq || parse_num(eq + 1, &v, &end) || end != p + len ||
		    v > rule_keys[k].max)
			return rule_error(why, whylen, "bad %s '%.*s'",
					  rule_keys[k].name,
					  eq ? (int)(p + len - eq - 1) : 0,
					  eq ? eq + 1 : "");
		rule_set(r, k, v);
	}
	return 0;
}

int scmi_vio__fault_rule_format(const struct scmi_vio_fault_rule *r, char *buf,
				size_t cap)
{
	const char *kind = scmi_vio_fault_kind_name(r->kind);
	const bool has[KEY_NR] = {
		[KEY_PROTO] = r->match & SCMI_VIO_FAULT_MATCH_PROTO,
		[KEY_MSG] = r->match & SCMI_VIO_FAULT_MATCH_MSG_ID,
		[KEY_SEQ] = r->match & SCMI_VIO_FAULT_MATCH_SEQ,
		[KEY_ARG] = r->arg != 0,
		[KEY_TIMES] = r->times != 0,
	};
	const uint64_t val[KEY_NR] = { r->protocol, r->msg_id, r->seq, r->arg,
				       r->times };
	size_t n;
	int k, w;

	if (!kind || r->kind == SCMI_VIO_FAULT_NONE)
		return -EINVAL;
	w = snprintf(buf, cap, "%s", kind);
	for (k = 0; w >= 0 && (size_t)w < cap && k < KEY_NR; k++) {
		if (!has[k])
			continue;
		n = (size_t)w;
		w = snprintf(buf + n, cap - n, ":%s=%" PRIu64,
			     rule_keys[k].name, val[k]);
		w = w < 0 ? w : (int)n + w;
	}
	return w < 0 || (size_t)w >= cap ? -E2BIG : w;
}

int scmi_vio__fault_kinds_parse(const char *s, uint32_t *mask)
{
	enum scmi_vio_fault_kind k;
	size_t len;

	if (isdigit((unsigned char)*s))
		return parse_u32(s, 0xffffffffu, mask);
	*mask = 0;
	do {
		len = strcspn(s, ",");
		k = kind_by_name(s, len);
		if (k == SCMI_VIO_FAULT_NONE)
			return -1;
		*mask |= 1u << k;
		s += len;
	} while (*s++);
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
	{ "fault", required_argument, NULL, 'F' },
	{ "vhost-user", required_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The options a vhost-user front-end's messages stand for. */
static const char fd_opts[] = "msgcekijfx";

/*
 * One option with its value @v into @a.  Return 0, or -1 for a bad value
 * (@why may say why).
 */
static int decode_one(int c, const char *v, struct scmi_vio__server_args *a,
		      char *why, size_t whylen)
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
		return scmi_vio__fault_kinds_parse(v, &a->faults.kinds);
	case 'A':
		return parse_u32(v, 0xffffffffu, &a->faults.random_arg);
	case 'C':
		a->config = v;
		return 0;
	case 'F':
		if (a->faults.n_rules == SCMI_VIO_FAULT_MAX_RULES) {
			snprintf(why, whylen, "at most %u rules",
				 SCMI_VIO_FAULT_MAX_RULES);
			return -1;
		}
		return scmi_vio__fault_rule_parse(
			       v, &a->rules[a->faults.n_rules++], why, whylen) ?
			       -1 :
			       0;
	case 'V':
		a->vhost_user = v;
		return 0;
	}
	return -1;
}

/*
 * What the options say together; 0 or -EINVAL with @err filled.  @fd_opt:
 * the first option given that a vhost-user front-end stands for, or NULL.
 */
static int decode_check(const struct scmi_vio__server_args *a,
			const char *fd_opt, char *err, size_t errlen)
{
	if (a->vhost_user) {
		if (!fd_opt)
			return 0;
		snprintf(err, errlen,
			 "--%s: not with --vhost-user (its front-end hands "
			 "over memory, queues and doorbells)",
			 fd_opt);
		return -EINVAL;
	}
	if (a->mem_fd < 0 || !a->mem_size || !a->have_cmdq || a->kick_fd < 0 ||
	    a->cmdq_irq_fd < 0 || a->stop_fd < 0) {
		snprintf(err, errlen,
			 "--mem-fd, --mem-size, --cmdq, --kick-fd, "
			 "--cmdq-irq-fd and --stop-fd are required "
			 "(or --vhost-user)");
		return -EINVAL;
	}
	if (a->features & 1ull << SCMI_VIO_F_P2A_CHANNELS && !a->have_eventq) {
		snprintf(err, errlen, "--eventq: needed with the P2A feature");
		return -EINVAL;
	}
	return 0;
}

int scmi_vio__server_args_decode(int argc, char **argv,
				 struct scmi_vio__server_args *a, char *err,
				 size_t errlen)
{
	const char *fd_opt = NULL;
	char why[96];
	int c, li;

	memset(a, 0, sizeof(*a));
	a->mem_fd = a->kick_fd = a->cmdq_irq_fd = a->stop_fd = -1;
	a->eventq_irq_fd = -1;
	a->features = 1ull << SCMI_VIO_F_VERSION_1 |
		      1ull << SCMI_VIO_F_P2A_CHANNELS;
	a->faults.rules = a->rules;
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
		why[0] = '\0';
		if (decode_one(c, optarg, a, why, sizeof(why))) {
			/* Name the option a bad value came with. */
			snprintf(err, errlen, "--%s: bad value '%s'%s%s%s",
				 opts[li].name, optarg, why[0] ? " (" : "", why,
				 why[0] ? ")" : "");
			return -EINVAL;
		}
		if (!fd_opt && strchr(fd_opts, c))
			fd_opt = opts[li].name;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected '%s'", argv[optind]);
		return -EINVAL;
	}
	return decode_check(a, fd_opt, err, errlen);
}
