// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target: a hostile platform against the SCMI agent core and its
 * protocol clients.  A small synchronous transport answers every command
 * from inside send(): the input decides the reply's header (echoed or
 * lied about), status, payload and used length, whether the reply comes at
 * all (timeout, then perhaps late), twice, or with a delayed response
 * before or after it, and which unsolicited replies, delayed responses and
 * notifications arrive around it.  The agent is driven through the Base,
 * Clock, Sensor and Performance clients, the generic protocol commands and
 * raw mode (polled or async), so the header checks (S-1..S-7), the state
 * machine, the length clamps (S-10, S-11), the clients' payload validation
 * (S-12) and the notification path (S-11, S-13, S-14) all see hostile data.
 *
 * Every reply lives in a heap block of exactly its used length, so the
 * sanitizer catches a read past what the device wrote.  Traps when a client
 * succeeds with a result it cannot have validated (a count above the array
 * it filled, a name without its NUL, ...), when a transport rule is broken
 * (mark_txdone not exactly once per successful send, a PDU larger than the
 * payload size), or when the counters disagree with what the transport saw.
 *
 * Deterministic per input: only the caller's thread sends and receives;
 * the notification dispatcher (when the input registers a protocol's
 * events) is drained with a sentinel notification before teardown, so only
 * whether a burst overflows its 4-slot queue (S-13) depends on timing.
 * Timeouts are 1 ms and at most one command per input goes unanswered.
 *
 * Input: one configuration byte (bit 0..1 payload size, bit 2 register
 * the events of the protocol in bit 6..7 and subscribe, bit 3 raw mode on,
 * bit 4..5 transfers), then a script of operations; each
 * operation reads its own arguments and each command it sends reads its
 * reply plan (see plan_reply()).  When the input runs out every command is
 * answered NOT_SUPPORTED at once.
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_perf.h>
#include <scmi_vio/scmi_raw.h>
#include <scmi_vio/scmi_sensor.h>

#include "common/atomics.h"
#include "common/byteorder.h"

#include "fuzz_agent_rx.h"

#define MAX_SILENT 1 /* unanswered commands per input (1 ms each) */

/* ---- the input -------------------------------------------------------- */

static struct in in;

bool in_left(void)
{
	return in.pos < in.n;
}

uint8_t u8(void)
{
	return in.pos < in.n ? in.d[in.pos++] : 0;
}

uint32_t u32(void)
{
	uint32_t v = u8();

	v |= (uint32_t)u8() << 8;
	v |= (uint32_t)u8() << 16;
	return v | (uint32_t)u8() << 24;
}

/* Up to @max bytes of input into @dst; the rest is zero. */
size_t bytes(uint8_t *dst, size_t len, size_t max)
{
	size_t n = len < in.n - in.pos ? len : in.n - in.pos;

	if (n > max)
		n = max;
	memset(dst, 0, len < max ? len : max);
	memcpy(dst, in.d + in.pos, n);
	in.pos += n;
	return n;
}

/* ---- the transport ---------------------------------------------------- */

struct fz fz;

/* The message pointer the core passes back to fetch_*: bytes + used len. */
struct rx_msg {
	const uint8_t *pdu;
	size_t len;
};

void deliver(uint32_t hdr, const uint8_t *pdu, size_t len)
{
	struct rx_msg m = { pdu, len };

	scmi_vio_agent_rx(fz.agent, hdr, &m);
}

/* Copy @len bytes into an exact-size heap block and deliver it. */
static void deliver_copy(uint32_t hdr, const uint8_t *pdu, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	require(p);
	memcpy(p, pdu, len);
	deliver(hdr, p, len);
	free(p);
}

static uint32_t with_type(uint32_t hdr, unsigned int type)
{
	return (hdr & ~(SCMI_VIO_HDR_TYPE_MASK << SCMI_VIO_HDR_TYPE_SHIFT)) |
	       type << SCMI_VIO_HDR_TYPE_SHIFT;
}

/*
 * Build a reply PDU from the input into @buf (BIG_PDU bytes): header,
 * status (mostly SUCCESS, so the clients parse), a payload, and the used
 * length the device claims (exact, short of a status, or long, zero-filled
 * past the payload, up to the device buffer).
 */
static size_t build_reply(uint8_t *buf, uint32_t hdr)
{
	uint8_t mode = u8(), s = u8();
	size_t len = u8(), used;

	memset(buf, 0, BIG_PDU);
	sv_put_le32(buf, hdr);
	sv_put_le32(buf + 4, s < 0xe0 ? 0 : (uint32_t) - (int32_t)(s - 0xe0));
	if (mode & 0x10)
		len *= 4;
	bytes(buf + 8, len, BIG_PDU - 8);
	if (len > BIG_PDU - 8)
		len = BIG_PDU - 8;
	switch (mode & 3) {
	case 1: /* shorter than a status word: S-10 */
		used = u8() % 8;
		break;
	case 2: /* longer than the payload size: S-11 */
		used = 8 + fz.max_payload + 1 + u8();
		if (used > BIG_PDU)
			used = BIG_PDU;
		break;
	default:
		used = 8 + len;
		break;
	}
	return used;
}

const uint8_t protos[8] = { 0x10, 0x14, 0x15, 0x13, 0x10, 0x14, 0x15, 0x77 };

/* An extra message around a command: what arrives besides the reply. */
void extra(uint32_t cmd_hdr)
{
	uint8_t kind = u8(), buf[BIG_PDU];
	struct scmi_vio_hdr h;
	uint32_t hdr;
	size_t used;

	switch (kind & 3) {
	case 0: /* a notification */
		h = (struct scmi_vio_hdr){ .id = u8() % 4,
					   .type = SCMI_VIO_MSG_NOTIFICATION,
					   .protocol = protos[kind >> 5],
					   .token = 0 };
		hdr = scmi_vio_hdr_pack(&h);
		used = build_reply(buf, hdr);
		/* A notification has no status word: payload after 4. */
		memmove(buf + 4, buf + 8, BIG_PDU - 8);
		deliver_copy(hdr, buf, used >= 4 ? used - 4 : used);
		return;
	case 1: /* a delayed response with the command's token */
		hdr = with_type(cmd_hdr, SCMI_VIO_MSG_DELAYED_RESP);
		break;
	case 2: /* anything at all */
		hdr = u32();
		break;
	default: /* a reply to the previous command (late or stale) */
		hdr = with_type(fz.last_hdr, kind >> 7 ? 2 : 0);
		break;
	}
	used = build_reply(buf, hdr);
	deliver_copy(hdr, buf, used);
}

/* The reply of a command: lie about its header in one of a few ways. */
static uint32_t reply_hdr(uint32_t hdr, uint8_t how)
{
	switch (how % 8) {
	case 1:
		return hdr ^ 1u; /* message id: S-3 */
	case 2:
		return hdr ^ 1u << SCMI_VIO_HDR_PROTO_SHIFT; /* protocol */
	case 3:
		return hdr ^ 1u << SCMI_VIO_HDR_TOKEN_SHIFT; /* token: S-1 */
	case 4:
		return with_type(hdr, SCMI_VIO_MSG_UNUSED); /* S-2 */
	case 5:
		return hdr | 1u << 28; /* reserved bits: S-2 */
	case 6:
		return with_type(hdr, SCMI_VIO_MSG_DELAYED_RESP); /* S-5/S-6 */
	default:
		return hdr;
	}
}

/*
 * The reply plan of one command, read from the input:
 *   plan bit 0..1: 0, 1 answer; 3 answer twice (S-4); 2 answer, but
 *                  with bit 5 no answer (a timeout; bit 7: answered late,
 *                  from mark_txdone; with bit 4 a polled command's poll
 *                  is ended by the transport instead, with -EIO)
 *        bit 2:    an extra message before the answer
 *        bit 3:    an extra message after the answer
 *        bit 4:    async: the delayed response before the answer (S-6)
 *        bit 5:    async: no delayed response (a timeout)
 * Timeouts cost 1 ms each: they need two bits and one per input at most.
 *        bit 6:    lie about the answer's header (next byte: how; see
 *                  reply_hdr(); with bit 3 of how a rejected lie is not
 *                  followed by the true answer: a timeout)
 *   0xff: send() fails with -EAGAIN.
 */
static int plan_reply(struct scmi_vio_xfer *x, uint32_t hdr, bool async)
{
	uint8_t plan, how = 0, buf[BIG_PDU];
	bool answer, dresp_first = false, dresp = false;
	size_t used;

	if (fz.honest || !in_left()) {
		/* Setup, teardown, or no input left: a well-formed answer
		 * (SUCCESS, count 4, for the setup commands), or
		 * NOT_SUPPORTED once the input is over. */
		uint8_t r[12];

		sv_put_le32(r, hdr);
		sv_put_le32(r + 4, fz.honest ? 0 : (uint32_t)-1);
		sv_put_le32(r + 8, 4);
		deliver_copy(hdr, r, fz.honest ? 12 : 8);
		return 0;
	}
	plan = u8();
	if (plan == 0xff)
		return -EAGAIN;
	if (plan & 0x40)
		how = u8();
	answer = (plan & 0x23) != 0x22 || fz.silent >= MAX_SILENT;
	if (!answer) {
		fz.silent++;
		fz.late = plan & 0x80;
		if (scmi_vio_xfer_is_polled(x) && (plan & 0x10))
			fz.end_x = x;
	}
	if (async && answer) {
		dresp = !(plan & 0x20) || fz.silent >= MAX_SILENT;
		if (!dresp)
			fz.silent++;
		dresp_first = dresp && (plan & 0x10);
	}
	if (plan & 4)
		extra(hdr);
	if (dresp_first) {
		used = build_reply(buf, with_type(hdr, 2));
		deliver_copy(with_type(hdr, 2), buf, used);
	}
	if (answer) {
		uint32_t rh = reply_hdr(hdr, how);

		used = build_reply(buf, rh);
		if (scmi_vio_xfer_is_polled(x) && rh == hdr && !(plan & 1)) {
			/* The polled path: poll_done() then the core's own
			 * fetch_response(). */
			fz.poll_pdu = malloc(used ? used : 1);
			require(fz.poll_pdu);
			memcpy(fz.poll_pdu, buf, used);
			fz.poll_len = used;
			fz.poll_x = x;
			scmi_vio_xfer_set_priv(x, &fz.poll_pdu);
		} else {
			deliver_copy(rh, buf, used);
		}
		if ((plan & 3) == 3)
			deliver_copy(rh, buf, used);
		/* A lie the core rejects leaves the command unanswered: with
		 * bit 3 of how, a timeout within the budget; else the true
		 * answer follows the lie. */
		if (rh != hdr && (how % 8 != 6 || !async)) {
			if ((how & 8) && fz.silent < MAX_SILENT) {
				fz.silent++;
			} else {
				sv_put_le32(buf, hdr);
				deliver_copy(hdr, buf, used);
			}
		}
	}
	if (dresp && !dresp_first) {
		used = build_reply(buf, with_type(hdr, 2));
		deliver_copy(with_type(hdr, 2), buf, used);
	}
	if (plan & 8)
		extra(hdr);
	return 0;
}

/* Does the agent wait for a delayed response to this command? */
static bool cmd_async(const struct scmi_vio_hdr *h, const uint8_t *pdu,
		      size_t len)
{
	if (h->protocol == SCMI_VIO_PROTO_CLOCK &&
	    h->id == SCMI_VIO_CLOCK_RATE_SET && len >= 8)
		return sv_get_le32(pdu + 4) & SCMI_VIO_CLOCK_SET_ASYNC;
	if (h->protocol == SCMI_VIO_PROTO_SENSOR &&
	    h->id == SCMI_VIO_SENSOR_READING_GET && len >= 12)
		return sv_get_le32(pdu + 8) & SCMI_VIO_SENSOR_READ_ASYNC;
	return fz.raw_async;
}

static int fz_attach(void *tp, struct scmi_vio_agent *a)
{
	fz.agent = a;
	return 0;
}

static int fz_send(void *tp, struct scmi_vio_xfer *x)
{
	uint32_t hdr = scmi_vio_xfer_hdr(x);
	struct scmi_vio_hdr h;
	const uint8_t *pdu;
	size_t len;
	int ret;

	pdu = scmi_vio_xfer_tx_pdu(x, &len);
	require(len >= 4 && len <= 4 + fz.max_payload);
	require(sv_get_le32(pdu) == hdr);
	/* The core never sends a malformed header (raw mode sends the
	 * caller's header unmodified; ours are well-formed). */
	scmi_vio_hdr_unpack(hdr, &h);
	require(!fz.poll_pdu);
	ret = plan_reply(x, hdr, cmd_async(&h, pdu, len));
	if (ret) {
		fz.send_fails++;
		return ret;
	}
	fz.sends++;
	fz.last_hdr = hdr;
	return 0;
}

static void fz_fetch_response(void *tp, struct scmi_vio_xfer *x, void *msg)
{
	if (msg == &fz.poll_pdu) {
		/* The polled reply: fetched once, by the core. */
		require(x == fz.poll_x && fz.poll_pdu);
		scmi_vio_xfer_fill_response(x, fz.poll_pdu, fz.poll_len);
		return;
	}
	scmi_vio_xfer_fill_response(x, ((struct rx_msg *)msg)->pdu,
				    ((struct rx_msg *)msg)->len);
}

static void fz_fetch_notification(void *tp, struct scmi_vio_xfer *x,
				  size_t max_len, void *msg)
{
	scmi_vio_xfer_fill_notification(x, ((struct rx_msg *)msg)->pdu,
					((struct rx_msg *)msg)->len);
}

static void fz_mark_txdone(void *tp, struct scmi_vio_xfer *x, int ret)
{
	uint8_t buf[BIG_PDU];
	size_t used;

	fz.txdones++;
	require(fz.txdones <= fz.sends); /* exactly once per send */
	if (fz.poll_x == x) {
		free(fz.poll_pdu);
		fz.poll_pdu = NULL;
		fz.poll_x = NULL;
	}
	/* -EIO, unless a stray message answered the command first. */
	if (fz.end_x == x)
		fz.end_x = NULL;
	if ((ret == -ETIMEDOUT || ret == -EIO) && fz.late) {
		/* S-8: the reply after the caller gave up. */
		fz.late = false;
		used = build_reply(buf, scmi_vio_xfer_hdr(x));
		deliver_copy(scmi_vio_xfer_hdr(x), buf, used);
	}
}

static int fz_poll_done(void *tp, struct scmi_vio_xfer *x)
{
	if (fz.poll_x == x)
		return 1;
	return fz.end_x == x ? -EIO : 0;
}

static unsigned int fz_max_msg(void *tp, enum scmi_vio_chan_dir dir)
{
	return dir == SCMI_VIO_CHAN_TX ? fz.max_tx : 2;
}

static size_t fz_max_payload(void *tp)
{
	return fz.max_payload;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An operation by the low 3 bits of its byte; the rest are its own. */
static void (*const ops[8])(uint8_t which) = { op_base,	   op_clock,
					       op_sensor,  op_perf,
					       op_generic, op_raw,
					       op_raw,	   op_unsolicited };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t payloads[4] = { 8, 24, 128, 1100 };
	static const unsigned int txs[4] = { 1, 2, 4, 16 };
	struct scmi_vio_agent_config cfg = { .reply_timeout_ms = 1,
					     .dresp_timeout_ms = 1,
					     .notify_depth = 4,
					     .raw_depth = 4 };
	bool notify;
	uint8_t conf;
	int steps = 0;

	if (size < 1)
		return 0;
	in = (struct in){ data, size, 0 };
	conf = u8();
	memset(&fz, 0, sizeof(fz));
	checks_reset();
	fz.max_payload = payloads[conf & 3];
	fz.max_tx = txs[conf >> 4 & 3];
	fz.ops = (struct scmi_vio_transport_ops){
		.attach = fz_attach,
		.send = fz_send,
		.fetch_response = fz_fetch_response,
		.fetch_notification = fz_fetch_notification,
		.mark_txdone = fz_mark_txdone,
		.poll_done = fz_poll_done,
		.max_msg = fz_max_msg,
		.max_payload = fz_max_payload,
	};
	require(!scmi_vio_agent_create(&cfg, &fz.ops, &fz, &fz.agent));
	notify = conf & 4;
	if (notify)
		notify_setup(conf >> 6);
	scmi_vio_raw_enable(fz.agent, conf & 8);

	while (in_left() && steps++ < 256) {
		uint8_t op = u8();

		ops[op & 7](op >> 3);
		require(!fz.poll_pdu); /* every polled reply was released */
		check_stats();
	}
	fz.honest = true;
	if (notify)
		notify_drain(conf >> 6);
	check_stats();
	require(fz.txdones == fz.sends);
	scmi_vio_agent_destroy(fz.agent);
	return 0;
}
