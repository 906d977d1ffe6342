// SPDX-License-Identifier: BSD-3-Clause
/*
 * The one reply judge, whatever path brings a reply (the fake transport
 * plays a virtio-like one: each command's reply comes back in the
 * command's own buffer, through the cmdq receive call or, for a polled
 * command, through poll_done; delayed responses and notifications come on
 * the event channel):
 *
 *   S-17  a polled reply is judged exactly like an interrupt one: a forged
 *         header in the command's own buffer (another transfer's token,
 *         protocol, message id, type, reserved bits) fails that command
 *         with -EPROTO and completes no transfer with the forged bytes;
 *   S-18  each queue carries its own types: a response on the eventq is
 *         invalid; a delayed response or notification header in a command
 *         buffer fails that command at once;
 *   raw   the token is free when scmi_vio_raw_xfer() returns, delayed
 *         responses nobody waits for have their own queue, a rejected
 *         reply ends the exchange with -EPROTO and its bytes as received.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "check_run.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "fake_transport.h"
#include <scmi_vio/scmi_raw.h>

#define TMO_MS 3000u
#define FAST_NS 1000000000ull /* well under TMO_MS */
#define P 0x14
#define GOOD 0x600du
#define BAD 0xbadu

static struct ft *ft;

static void setup(void)
{
	struct scmi_vio_agent_config cfg = { .reply_timeout_ms = TMO_MS,
					     .dresp_timeout_ms = TMO_MS };

	ft = ft_open(8, 128, &cfg, NULL, NULL);
}

static void teardown(void)
{
	ft_destroy(ft);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint32_t with_type(uint32_t hdr, unsigned int type)
{
	return (hdr & ~(SCMI_VIO_HDR_TYPE_MASK << SCMI_VIO_HDR_TYPE_SHIFT)) |
	       type << SCMI_VIO_HDR_TYPE_SHIFT;
}

/* One command in a thread of its own. */
struct bg {
	pthread_t t;
	struct scmi_vio_cmd c;
	uint8_t rx[16], dr[16];
	int ret;
	uint64_t ns; /* how long do_cmd() took */
};

static void *bg_run(void *arg)
{
	struct bg *b = arg;
	uint64_t t0 = now_ns();

	b->ret = scmi_vio_agent_do_cmd(ft->agent, &b->c);
	b->ns = now_ns() - t0;
	return NULL;
}

/* Start a command and take its message on the "device" side. */
static struct ft_msg *bg_start(struct bg *b, unsigned int flags)
{
	struct ft_msg *m;

	memset(b, 0, sizeof(*b));
	b->c.protocol = P;
	b->c.msg_id = 6;
	b->c.flags = flags;
	b->c.rx = b->rx;
	b->c.rx_cap = sizeof(b->rx);
	b->c.dresp = b->dr;
	b->c.dresp_cap = sizeof(b->dr);
	pthread_create(&b->t, NULL, bg_run, b);
	m = ft_take(ft, 5000);
	ck_assert_ptr_nonnull(m);
	return m;
}

static void word(uint8_t *p, uint32_t v)
{
	sv_put_le32(p, v);
}

static void stats(struct scmi_vio_agent_stats *st)
{
	scmi_vio_agent_get_stats(ft->agent, st);
}

/*
 * @a's real reply from its own buffer completes it with the right bytes;
 * one invalid reply before it was counted, nothing else.
 */
static void good_reply(struct bg *a, struct ft_msg *ma)
{
	struct scmi_vio_agent_stats st;
	uint8_t p[4];

	word(p, GOOD);
	ft_reply(ft, ma, 0, p, 4);
	pthread_join(a->t, NULL);
	ck_assert_int_eq(a->ret, 0);
	ck_assert_uint_eq(sv_get_le32(a->rx), GOOD);
	stats(&st);
	ck_assert_uint_eq(st.invalid, 1);
	ck_assert_uint_eq(st.responses, 1);
}

/* The forged headers of S-17, from the command's own @hdr and @other's. */
static uint32_t forge(unsigned int kind, uint32_t hdr, uint32_t other)
{
	switch (kind) {
	case 0:
		return other; /* another in-flight transfer's token */
	case 1:
		return hdr ^ 1u << SCMI_VIO_HDR_PROTO_SHIFT;
	case 2:
		return hdr ^ 1u; /* message id */
	case 3:
		return with_type(hdr, SCMI_VIO_MSG_DELAYED_RESP);
	case 4:
		return with_type(hdr, SCMI_VIO_MSG_NOTIFICATION);
	default:
		return hdr | 1u << 28; /* reserved */
	}
}

/*
 * S-17: a polled command whose own buffer comes back with a forged header
 * fails at once with -EPROTO and gets none of the bytes; the other
 * transfer whose token it carried (kind 0) is not completed by it and
 * still gets its own reply.
 */
START_TEST(test_s17_polled_reply_judged)
{
	struct scmi_vio_agent_stats st;
	struct ft_msg *ma, *mb;
	struct bg a, b;
	uint8_t p[4];

	ma = bg_start(&a, 0);
	mb = bg_start(&b, SCMI_VIO_CMD_POLL);
	word(p, BAD);
	ft_reply_hdr(ft, mb, forge((unsigned int)_i, mb->hdr, ma->hdr), 0, p,
		     4);
	pthread_join(b.t, NULL);
	ck_assert_int_eq(b.ret, -EPROTO);
	ck_assert_uint_lt(b.ns, FAST_NS);
	ck_assert_uint_eq(b.c.rx_len, 0);
	stats(&st);
	ck_assert_uint_eq(st.invalid, 1);
	ck_assert_uint_eq(st.responses, 0);
	ck_assert_uint_eq(st.notifications, 0);
	good_reply(&a, ma);
	ck_assert_uint_eq(ft->double_txdone, 0);
	ck_assert_uint_eq(ft->txdones, 2);
}
END_TEST

/*
 * S-17, the interrupt path judged the same way: B's buffer comes back
 * holding A's header; B fails at once, A is not completed with B's bytes.
 */
START_TEST(test_s17_irq_reply_in_own_buffer_only)
{
	struct ft_msg *ma, *mb;
	struct bg a, b;
	uint8_t p[4];

	ma = bg_start(&a, 0);
	mb = bg_start(&b, 0);
	word(p, BAD);
	ft_reply_hdr(ft, mb, ma->hdr, 0, p, 4);
	pthread_join(b.t, NULL);
	ck_assert_int_eq(b.ret, -EPROTO);
	ck_assert_uint_lt(b.ns, FAST_NS);
	ck_assert_uint_eq(b.c.rx_len, 0);
	good_reply(&a, ma);
}
END_TEST

/* S-18: a response header on the eventq completes nothing: invalid; the
 * command gets its real reply from its own buffer. */
START_TEST(test_s18_response_on_eventq)
{
	struct scmi_vio_agent_stats st;
	struct ft_msg *ma;
	struct bg a;
	uint8_t p[4];

	ma = bg_start(&a, 0);
	word(p, BAD);
	ft_event(ft, ma->hdr, 0, p, 4);
	stats(&st);
	ck_assert_uint_eq(st.invalid, 1);
	ck_assert_uint_eq(st.responses, 0);
	good_reply(&a, ma);
}
END_TEST

/*
 * S-18: an async command's own buffer holding a delayed-response header
 * satisfies neither wait: -EPROTO at once.  A notification header there
 * (_i = 1, sync command) is no notification and no response either: the
 * command fails at once instead of waiting out its timeout.
 */
START_TEST(test_s18_non_response_in_cmd_buffer)
{
	const unsigned int type = _i ? SCMI_VIO_MSG_NOTIFICATION :
				       SCMI_VIO_MSG_DELAYED_RESP;
	struct scmi_vio_agent_stats st;
	struct ft_msg *ma;
	struct bg a;
	uint8_t p[12];

	ma = bg_start(&a, _i ? 0 : SCMI_VIO_CMD_ASYNC);
	memset(p, 0, sizeof(p));
	word(p, BAD);
	ft_reply_hdr(ft, ma, with_type(ma->hdr, type), 0, p, sizeof(p));
	pthread_join(a.t, NULL);
	ck_assert_int_eq(a.ret, -EPROTO);
	ck_assert_uint_lt(a.ns, FAST_NS);
	ck_assert_uint_eq(a.c.rx_len, 0);
	ck_assert_uint_eq(a.c.dresp_len, 0);
	stats(&st);
	ck_assert_uint_eq(st.invalid, 1);
	ck_assert_uint_eq(st.responses, 0);
	ck_assert_uint_eq(st.delayed_responses, 0);
	ck_assert_uint_eq(st.notifications + st.unknown_event, 0);
	ck_assert_uint_eq(st.timeouts, 0);
}
END_TEST

/* The platform: echo the first parameter word; the second word asks for
 * a delayed response after the response. */
static void echo(struct ft *f, struct ft_msg *m, void *arg)
{
	uint32_t hdr = m->hdr, want_dresp = ft_param(m, 1);

	ft_reply(f, m, 0, m->req + 4, 4);
	if (want_dresp)
		ft_dresp(f, hdr, 0, "\x77\0\0\0", 4);
}

struct rawx {
	uint8_t msg[12], resp[32];
	struct scmi_vio_raw_msg m;
};

static void rawx_prep(struct rawx *r, uint32_t hdr, uint32_t p0,
		      uint32_t want_dresp)
{
	memset(r, 0, sizeof(*r));
	sv_put_le32(r->msg, hdr);
	sv_put_le32(r->msg + 4, p0);
	sv_put_le32(r->msg + 8, want_dresp);
	r->m.msg = r->msg;
	r->m.msg_len = sizeof(r->msg);
	r->m.resp = r->resp;
	r->m.resp_cap = sizeof(r->resp);
}

/*
 * Raw mode: token 0 reused by 100000 sequential exchanges answered on
 * another thread; each finds it free (the receive path dropped its
 * reference before the waiter could return).
 */
START_TEST(test_raw_token_free_on_return)
{
	const unsigned int n = 100000;
	struct rawx r;
	unsigned int i;
	int ret;

	ft_set_handler(ft, echo, NULL);
	for (i = 0; i < n; i++) {
		rawx_prep(&r, ft_hdr(P, 6, 0, 0), i, 0);
		ret = scmi_vio_raw_xfer(ft->agent, &r.m);
		if (ret)
			ck_abort_msg("exchange %u: %d", i, ret);
		ck_assert_uint_eq(sv_get_le32(r.resp + 8), i);
	}
}
END_TEST

/* Raw mode: a delayed response to an exchange sent without ASYNC lands in
 * the delayed queue, not the errors queue. */
START_TEST(test_raw_unwaited_dresp_queue)
{
	uint8_t buf[32];
	struct rawx r;
	size_t len;

	ft_set_handler(ft, echo, NULL);
	scmi_vio_raw_enable(ft->agent, true);
	rawx_prep(&r, ft_hdr(P, 5, 0, 7), 1, 1);
	ck_assert_int_eq(scmi_vio_raw_xfer(ft->agent, &r.m), 0);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_DELAYED, buf,
					   sizeof(buf), &len, 5000),
			 0);
	ck_assert_uint_eq(len, 12);
	ck_assert_uint_eq(sv_get_le32(buf), ft_hdr(P, 5, 2, 7));
	ck_assert_uint_eq(sv_get_le32(buf + 8), 0x77);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_ERRORS, buf,
					   sizeof(buf), &len, SCMI_VIO_NO_WAIT),
			 -EAGAIN);
}
END_TEST

/* One raw exchange in a thread of its own. */
struct rawbg {
	pthread_t t;
	struct rawx r;
	int ret;
	uint64_t ns;
};

static void *raw_run(void *arg)
{
	struct rawbg *b = arg;
	uint64_t t0 = now_ns();

	b->ret = scmi_vio_raw_xfer(ft->agent, &b->r.m);
	b->ns = now_ns() - t0;
	return NULL;
}

/*
 * Raw mode, S-17: a reply the judge rejects for the exchange's token ends
 * it at once with -EPROTO, and the caller gets it as received (its
 * header, not the one sent); polled (_i = 1) or not.
 */
START_TEST(test_raw_rejected_reply_as_received)
{
	const uint32_t forged = ft_hdr(P, 7, 0, 9);
	struct ft_msg *m;
	struct rawbg b;
	uint8_t p[4];

	rawx_prep(&b.r, ft_hdr(P, 6, 0, 9), 0, 0);
	b.r.m.flags = _i ? SCMI_VIO_CMD_POLL : 0;
	b.r.m.timeout_ms = TMO_MS;
	pthread_create(&b.t, NULL, raw_run, &b);
	m = ft_take(ft, 5000);
	ck_assert_ptr_nonnull(m);
	word(p, BAD);
	ft_reply_hdr(ft, m, forged, SCMI_VIO_NOT_FOUND, p, 4);
	pthread_join(b.t, NULL);
	ck_assert_int_eq(b.ret, -EPROTO);
	ck_assert_uint_lt(b.ns, FAST_NS);
	ck_assert_uint_eq(b.r.m.resp_len, 12);
	ck_assert_uint_eq(sv_get_le32(b.r.resp), forged);
	ck_assert_int_eq((int32_t)sv_get_le32(b.r.resp + 4),
			 SCMI_VIO_NOT_FOUND);
	ck_assert_uint_eq(sv_get_le32(b.r.resp + 8), BAD);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_s17_polled_reply_judged, 0, 6),
		CHECK_ONCE(test_s17_irq_reply_in_own_buffer_only),
		CHECK_ONCE(test_s18_response_on_eventq),
		CHECK_LOOP(test_s18_non_response_in_cmd_buffer, 0, 2),
		CHECK_ONCE(test_raw_token_free_on_return),
		CHECK_ONCE(test_raw_unwaited_dresp_queue),
		CHECK_LOOP(test_raw_rejected_reply_as_received, 0, 2),
		{ NULL, 0, 0 },
	};

	const struct check_case cases[] = {
		{ "judge", 60, setup, teardown, tests },
		{ NULL, 0, NULL, NULL, NULL },
	};

	return check_main_cases("scmi_judge", cases);
}
