// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi-vio raw: send one message as bytes (raw mode, scmi_raw.h) and print
 * the reply decoded: header fields, status by name, payload in hex, and the
 * delayed response when asked to wait for one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

static const char help[] =
	"usage: scmi-vio raw [OPTIONS] [DEVICE OPTIONS] HEX\n"
	"       scmi-vio raw [OPTIONS] [DEVICE OPTIONS] --proto P --msg M\n"
	"                    [--token T] [PAYLOAD-HEX]\n"
	"Send one SCMI message and print the reply.  HEX is the whole\n"
	"message, the little-endian header first (\"00400000\" is Base\n"
	"PROTOCOL_VERSION, token 0); or --proto/--msg/--token build the\n"
	"header and PAYLOAD-HEX follows it.  Bytes may be separated by blanks\n"
	"or colons.\n"
	"  --proto P       protocol id (0x10..0xff)\n"
	"  --msg M         message id (0..0xff)\n"
	"  --token T       token (0..1023; default 0)\n"
	"  --async         wait for the delayed response too\n"
	"  --poll          poll for the reply instead of sleeping\n"
	"  --linger-ms N   then print whatever else arrives within N ms\n"
	"                  (a delayed response not waited for, a late\n"
	"                  reply, notifications; default 100, 0: none)\n";

#define RAW_MAX (4 + SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD)

/* One received message: header fields, status, payload. */
static void print_msg(const char *what, const uint8_t *p, size_t len,
		      size_t cap, bool status)
{
	struct scmi_vio_hdr h;
	char sbuf[16];
	uint32_t w;
	int32_t st;

	if (len > cap) {
		printf("%s: %zu bytes, first %zu shown\n", what, len, cap);
		len = cap;
	}
	if (len < 4) {
		printf("%s: %zu bytes, no header:", what, len);
		tool_print_hex(p, len);
		printf("\n");
		return;
	}
	w = tool_get_le32(p);
	scmi_vio_hdr_unpack(w, &h);
	printf("%s: header 0x%08" PRIx32 " protocol 0x%02x message 0x%02x "
	       "type %u token %u%s\n",
	       what, w, h.protocol, h.id, h.type, h.token,
	       scmi_vio_hdr_reserved_set(w) ? " (reserved bits set)" : "");
	if (!status || len < 8) {
		printf("  %s %zu bytes:%s",
		       status ? "no status;" : "parameters", len - 4,
		       len > 4 ? " " : "");
		tool_print_hex(p + 4, len - 4);
		printf("\n");
		return;
	}
	st = (int32_t)tool_get_le32(p + 4);
	printf("  status %s (%" PRId32 ")\n", tool_status_str(st, sbuf), st);
	printf("  payload %zu bytes:%s", len - 8, len > 8 ? " " : "");
	tool_print_hex(p + 8, len - 8);
	printf("\n");
}

/*
 * Print what raw mode collected besides the exchange: delayed responses no
 * command waited for, other messages with no command waiting for them
 * (their header says what they are) and notifications, until the delayed
 * queue gets nothing for @linger_ms.
 */
static void linger(struct scmi_vio_agent *a, unsigned int linger_ms,
		   uint8_t *buf, size_t cap)
{
	static const struct {
		enum scmi_vio_raw_queue q;
		const char *what;
		bool has_status;
	} queues[] = {
		{ SCMI_VIO_RAW_DELAYED, "also received", true },
		{ SCMI_VIO_RAW_ERRORS, "also received", true },
		{ SCMI_VIO_RAW_NOTIFICATIONS, "notification", false },
	};
	unsigned int k;
	size_t len;
	int got;

	do {
		got = 0;
		/* Only the first queue waits: the others are read as they
		 * stand after it. */
		for (k = 0; k < sizeof(queues) / sizeof(queues[0]); k++)
			while (!scmi_vio_raw_read(
				a, queues[k].q, buf, cap, &len,
				k ? SCMI_VIO_NO_WAIT : linger_ms)) {
				print_msg(queues[k].what, buf, len, cap,
					  queues[k].has_status);
				got = 1;
				if (!k)
					break;
			}
	} while (got);
}

/* An option's number in 0..@max, or a usage error naming it. */
static int number(const char *name, const char *v, uint64_t max, uint64_t *out)
{
	char why[32];

	if (!tool_parse_u64(v, max, out))
		return 0;
	snprintf(why, sizeof(why), "0..0x%" PRIx64, max);
	return tool_bad_value(name, v, why);
}

int tool_raw(int argc, char **argv)
{
	static const struct option opts[] = {
		TOOL_DEV_OPTIONS,
		{ "proto", required_argument, NULL, 'p' },
		{ "msg", required_argument, NULL, 'm' },
		{ "token", required_argument, NULL, 't' },
		{ "async", no_argument, NULL, 'a' },
		{ "poll", no_argument, NULL, 'P' },
		{ "linger-ms", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static uint8_t msg[RAW_MAX], resp[RAW_MAX], dresp[RAW_MAX];
	struct tool_dev_opts o = TOOL_DEV_OPTS_INIT;
	struct scmi_vio_raw_msg m = { 0 };
	uint64_t proto = 0, id = 0, token = 0, linger_ms = 100;
	bool have_proto = false, have_msg = false;
	struct scmi_vio_hdr h = { 0 };
	struct tool_dev d;
	size_t off = 0;
	long n;
	int c, r;

	while ((c = tool_getopt(argc, argv, opts, help, &o, &r)) > 0) {
		switch (c) {
		case 'p':
			if (number("proto", optarg, 0xff, &proto))
				return TOOL_EXIT_USAGE;
			have_proto = true;
			break;
		case 'm':
			if (number("msg", optarg, 0xff, &id))
				return TOOL_EXIT_USAGE;
			have_msg = true;
			break;
		case 't':
			if (number("token", optarg, SCMI_VIO_HDR_TOKEN_MASK,
				   &token))
				return TOOL_EXIT_USAGE;
			break;
		case 'a':
			m.flags |= SCMI_VIO_CMD_ASYNC;
			break;
		case 'P':
			m.flags |= SCMI_VIO_CMD_POLL;
			break;
		case 'l':
			if (number("linger-ms", optarg, 60000, &linger_ms))
				return TOOL_EXIT_USAGE;
			break;
		}
	}
	if (c < 0)
		return r;
	if (have_proto != have_msg) {
		tool_err("--proto and --msg go together");
		return TOOL_EXIT_USAGE;
	}
	if (argc - optind > 1 || (!have_proto && argc - optind != 1)) {
		tool_err(argc - optind > 1 ?
				 "one HEX operand, not %d" :
				 "no message (HEX or --proto/--msg)",
			 argc - optind);
		return TOOL_EXIT_USAGE;
	}
	if (have_proto) {
		h.id = (uint8_t)id;
		h.protocol = (uint8_t)proto;
		h.token = (uint16_t)token;
		tool_put_le32(msg, scmi_vio_hdr_pack(&h));
		off = 4;
	}
	n = optind < argc ?
		    tool_parse_hex(argv[optind], msg + off, sizeof(msg) - off) :
		    0;
	if (n < 0) {
		tool_err("bad hex '%s'", argv[optind]);
		return TOOL_EXIT_USAGE;
	}
	if (off + (size_t)n < 4) {
		tool_err("a message starts with a 4-byte header");
		return TOOL_EXIT_USAGE;
	}
	m.msg = msg;
	m.msg_len = off + (size_t)n;
	m.resp = resp;
	m.resp_cap = sizeof(resp);
	m.dresp = dresp;
	m.dresp_cap = sizeof(dresp);
	if (tool_dev_open(&o, &d))
		return TOOL_EXIT_FAIL;
	print_msg("sent", msg, m.msg_len, m.msg_len, false);
	/* Collect what comes outside the exchange, to show it after. */
	scmi_vio_raw_enable(d.agent, true);
	r = scmi_vio_raw_xfer(d.agent, &m);
	if (m.resp_len)
		print_msg("response", resp, m.resp_len, sizeof(resp), true);
	if (m.dresp_len)
		print_msg("delayed response", dresp, m.dresp_len, sizeof(dresp),
			  true);
	if (r)
		tool_err("exchange: %s", strerror(-r));
	if (linger_ms)
		linger(d.agent, (unsigned int)linger_ms, resp, sizeof(resp));
	tool_dev_close(&d);
	return r ? TOOL_EXIT_FAIL : 0;
}
