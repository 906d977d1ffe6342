// SPDX-License-Identifier: BSD-3-Clause
/*
 * Agent core: header, status mapping, tokens, the transfer state machine
 * and the hostile-reply cases S-1..S-11, S-15, S-16 (docs/hostile-inputs.md),
 * over the scripted in-memory transport.  docs/architecture.md invariants 4, 5,
 * 6.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_fixture.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "fake_transport.h"
#include "scmi/agent.h"

#define P 0x80 /* a vendor protocol: the core does not care */

static struct ft *ft;

static void setup(void)
{
	ft = ft_open(16, 128, NULL, NULL, NULL);
}

/* Invariant 5: one mark_txdone per successful send, never two. */
static void teardown(void)
{
	struct scmi_vio_agent_stats st;

	scmi_vio_agent_get_stats(ft->agent, &st);
	ck_assert_uint_eq(sv_read_once(&ft->txdones), st.sent);
	ck_assert_uint_eq(sv_read_once(&ft->double_txdone), 0);
	ft_destroy(ft);
}

static void echo(struct ft *f, struct ft_msg *m, void *arg)
{
	ft_reply(f, m, SCMI_VIO_SUCCESS, m->req + 4, m->req_len - 4);
}

/* Command @id of protocol P carrying the word @param in @tx. */
static void cmd_init(struct scmi_vio_cmd *c, uint8_t id, uint32_t param,
		     unsigned int flags, unsigned int tmo, uint8_t *tx,
		     uint8_t *rx, size_t rx_cap)
{
	memset(c, 0, sizeof(*c));
	sv_put_le32(tx, param);
	c->protocol = P;
	c->msg_id = id;
	c->flags = flags;
	c->timeout_ms = tmo;
	c->tx = tx;
	c->tx_len = 4;
	c->rx = rx;
	c->rx_cap = rx_cap;
}

static int cmd(uint8_t id, uint32_t param, uint32_t *out, unsigned int flags,
	       unsigned int tmo)
{
	uint8_t tx[4], rx[4] = { 0 };
	struct scmi_vio_cmd c;
	int ret;

	cmd_init(&c, id, param, flags, tmo, tx, rx, sizeof(rx));
	ret = scmi_vio_agent_do_cmd(ft->agent, &c);
	if (out)
		*out = sv_get_le32(rx);
	return ret;
}

/* Sends a command from a helper thread so the test can play the device. */
struct bg {
	pthread_t t;
	uint8_t id;
	uint32_t param, out;
	unsigned int flags, tmo;
	int ret;
	struct scmi_vio_cmd c;
	uint8_t tx[4], rx[16], dresp[16];
};

static void *bg_run(void *arg)
{
	struct bg *b = arg;

	if (b->flags & SCMI_VIO_CMD_ASYNC) {
		cmd_init(&b->c, b->id, b->param, b->flags, b->tmo, b->tx, b->rx,
			 sizeof(b->rx));
		b->c.dresp_timeout_ms = b->tmo;
		b->c.dresp = b->dresp;
		b->c.dresp_cap = sizeof(b->dresp);
		b->ret = scmi_vio_agent_do_cmd(ft->agent, &b->c);
	} else {
		b->ret = cmd(b->id, b->param, &b->out, b->flags, b->tmo);
	}
	return NULL;
}

/* Send the command from @b's thread; the device takes it (returned). */
static struct ft_msg *bg_send(struct bg *b, uint8_t id, uint32_t param,
			      unsigned int flags, unsigned int tmo)
{
	struct ft_msg *m;

	memset(b, 0, sizeof(*b));
	b->id = id;
	b->param = param;
	b->flags = flags;
	b->tmo = tmo;
	pthread_create(&b->t, NULL, bg_run, b);
	m = ft_take(ft, 5000);
	ck_assert_ptr_nonnull(m);
	return m;
}

/* An async command from @b's thread, its response SUCCESS at once: the
 * command's header, for the delayed response. */
static uint32_t async_answered(struct bg *b, unsigned int tmo)
{
	struct ft_msg *m = bg_send(b, 5, 1, SCMI_VIO_CMD_ASYNC, tmo);
	uint32_t hdr = m->hdr;

	ft_reply(ft, m, 0, NULL, 0);
	return hdr;
}

static int bg_join(struct bg *b)
{
	pthread_join(b->t, NULL);
	return b->ret;
}

/* @b's command succeeded and its reply carried @out. */
static void bg_ok(struct bg *b, uint32_t out)
{
	ck_assert_int_eq(bg_join(b), 0);
	ck_assert_uint_eq(b->out, out);
}

/* The real reply (@m's parameter echoed) still completes @b's command. */
static void echo_completes(struct bg *b, struct ft_msg *m)
{
	ft_reply(ft, m, 0, m->req + 4, 4);
	bg_ok(b, b->param);
}

static uint16_t tok_of(uint32_t hdr)
{
	struct scmi_vio_hdr h;

	scmi_vio_hdr_unpack(hdr, &h);
	return h.token;
}

/* Each status and its errno; undefined statuses break the protocol and
 * are never a table index. */
static const struct {
	int32_t status;
	int err;
} status_errno[] = {
	{ SCMI_VIO_SUCCESS, 0 },
	{ SCMI_VIO_NOT_SUPPORTED, -EOPNOTSUPP },
	{ SCMI_VIO_INVALID_PARAMETERS, -EDOM },
	{ SCMI_VIO_DENIED, -EACCES },
	{ SCMI_VIO_NOT_FOUND, -ENOENT },
	{ SCMI_VIO_OUT_OF_RANGE, -ERANGE },
	{ SCMI_VIO_BUSY, -EBUSY },
	{ SCMI_VIO_COMMS_ERROR, -ECOMM },
	{ SCMI_VIO_GENERIC_ERROR, -EREMOTEIO },
	{ SCMI_VIO_HARDWARE_ERROR, -ENXIO },
	{ SCMI_VIO_PROTOCOL_ERROR, -EBADMSG },
	{ SCMI_VIO_IN_USE, -EADDRINUSE },
	{ SCMI_VIO_PARTIAL, -ECANCELED },
	{ 1, -EPROTO },
	{ -13, -EPROTO },
	{ INT32_MIN, -EPROTO },
	{ INT32_MAX, -EPROTO },
};

START_TEST(test_status_to_errno)
{
	/* Every errno the agent returns for a cause of its own on a command
	 * path (docs/conventions.md). */
	static const int local[] = { -EINVAL, -E2BIG,	 -EAGAIN, -ETIMEDOUT,
				     -EPROTO, -EMSGSIZE, -ENODEV, -EIO,
				     -ENOMEM, -ESHUTDOWN };
	int32_t st, st2;
	unsigned int i;

	for (i = 0; i < sizeof(status_errno) / sizeof(status_errno[0]); i++)
		ck_assert_int_eq(
			scmi_vio_status_to_errno(status_errno[i].status),
			status_errno[i].err);
	/* One errno per status, and none of them means a local failure. */
	for (st = SCMI_VIO_PARTIAL; st < SCMI_VIO_SUCCESS; st++) {
		int e = scmi_vio_status_to_errno(st);

		ck_assert_int_lt(e, 0);
		for (st2 = SCMI_VIO_PARTIAL; st2 < st; st2++)
			ck_assert_int_ne(e, scmi_vio_status_to_errno(st2));
		for (i = 0; i < sizeof(local) / sizeof(local[0]); i++)
			ck_assert_int_ne(e, local[i]);
	}
}
END_TEST

START_TEST(test_header_pack_unpack)
{
	struct scmi_vio_hdr h;
	uint32_t w = ft_hdr(0x14, 0x06, 2, 0x3ff);

	ck_assert_uint_eq(w, 0x06u | 2u << 8 | 0x14u << 10 | 0x3ffu << 18);
	scmi_vio_hdr_unpack(w | 0xf0000000u, &h);
	ck_assert_uint_eq(h.id, 0x06);
	ck_assert_uint_eq(h.type, 2);
	ck_assert_uint_eq(h.protocol, 0x14);
	ck_assert_uint_eq(h.token, 0x3ff);
	ck_assert(scmi_vio_hdr_reserved_set(w | 0x10000000u));
	ck_assert(!scmi_vio_hdr_reserved_set(w));
}
END_TEST

START_TEST(test_roundtrip_blocking_and_polled)
{
	uint32_t out = 0;
	int i;

	ft_set_handler(ft, echo, NULL);
	for (i = 0; i < 100; i++) {
		ck_assert_int_eq(cmd(1, (uint32_t)i, &out, 0, 5000), 0);
		ck_assert_uint_eq(out, (uint32_t)i);
		ck_assert_int_eq(cmd(2, (uint32_t)i + 7, &out,
				     SCMI_VIO_CMD_POLL, 5000),
				 0);
		ck_assert_uint_eq(out, (uint32_t)i + 7);
	}
	ck_assert_uint_eq(ft_stats(ft).responses, 200);
	ck_assert_uint_eq(ft_stats(ft).sent, 200);
}
END_TEST

/* A polled wait ends when the reply is delivered by another path (the
 * transport's receive callback on another thread), not by poll_done. */
START_TEST(test_poll_completed_by_rx_path)
{
	struct ft_msg *m;
	struct bg b;

	m = bg_send(&b, 1, 21, SCMI_VIO_CMD_POLL, 5000);
	ft_deliver_reply(ft, m, m->hdr, 0, m->req + 4, 4);
	bg_ok(&b, 21);
	ck_assert_uint_eq(sv_read_once(&m->ready), 0);
	ft_drop(ft, m);
	ck_assert_uint_eq(ft_stats(ft).responses, 1);
}
END_TEST

static void status_handler(struct ft *f, struct ft_msg *m, void *arg)
{
	ft_reply(f, m, (int32_t)ft_param(m, 0), NULL, 0);
}

/* S-10: an error response of exactly 8 bytes is valid. */
START_TEST(test_error_status_is_errno)
{
	ft_set_handler(ft, status_handler, NULL);
	ck_assert_int_eq(cmd(1, (uint32_t)SCMI_VIO_NOT_FOUND, NULL, 0, 5000),
			 -ENOENT);
	ck_assert_int_eq(cmd(1, (uint32_t)SCMI_VIO_DENIED, NULL,
			     SCMI_VIO_CMD_POLL, 5000),
			 -EACCES);
	/* A status the specification does not define breaks the protocol. */
	ck_assert_int_eq(cmd(1, 0x7fff, NULL, 0, 5000), -EPROTO);
}
END_TEST

/* S-10: a response shorter than 8 bytes: -EPROTO, no status read. */
/*
 * One timeout convention (docs/conventions.md): SCMI_VIO_NO_WAIT gives up
 * at once, SCMI_VIO_WAIT_FOREVER outlives the agent's reply timeout, and
 * 0 is the agent's, sleeping and polled alike.
 */
START_TEST(test_cmd_timeout_constants)
{
	struct scmi_vio_agent_config cfg = { .reply_timeout_ms = 100 };
	struct timespec d = { 0, 300 * 1000000L };
	struct ft_msg *m;
	struct bg b;
	unsigned int flags;

	ft_destroy(ft);
	ft = ft_open(8, 128, &cfg, NULL, NULL);
	for (flags = 0; flags <= SCMI_VIO_CMD_POLL;
	     flags += SCMI_VIO_CMD_POLL) {
		ck_assert_int_eq(cmd(1, 0, NULL, flags, SCMI_VIO_NO_WAIT),
				 -ETIMEDOUT);
		m = ft_take(ft, 5000);
		ft_drop(ft, m);
		ck_assert_int_eq(cmd(1, 0, NULL, flags, 0), -ETIMEDOUT);
		m = ft_take(ft, 5000);
		ft_drop(ft, m);
		/* Replied after three reply timeouts: still awaited. */
		m = bg_send(&b, 1, 0, flags, SCMI_VIO_WAIT_FOREVER);
		nanosleep(&d, NULL);
		ft_reply(ft, m, 0, NULL, 0);
		ck_assert_int_eq(bg_join(&b), 0);
	}
	ck_assert_uint_eq(ft_stats(ft).timeouts, 4);
}
END_TEST

START_TEST(test_s10_short_response)
{
	uint8_t pdu[8];
	struct ft_msg *m;
	struct bg b;
	size_t n;

	for (n = 0; n < 8; n++) {
		m = bg_send(&b, 1, 0, 0, 5000);
		/* Status word says SUCCESS, but the device wrote only n
		 * bytes. */
		ft_build(pdu, m->hdr, 0, NULL, 0);
		ft_deliver(ft, m, m->hdr, pdu, n);
		ft_drop(ft, m);
		ck_assert_int_eq(bg_join(&b), -EPROTO);
	}
	ck_assert_uint_eq(ft_stats(ft).truncated, 8);
}
END_TEST

/* S-11: a response longer than the buffer is clamped and counted. */
START_TEST(test_s11_long_response_clamped)
{
	uint8_t payload[300];
	struct ft_msg *m;
	struct bg b;

	memset(payload, 0xab, sizeof(payload));
	sv_put_le32(payload, 0x1234);
	m = bg_send(&b, 1, 0, 0, 5000);
	ft_deliver_reply(ft, m, m->hdr, 0, payload, sizeof(payload));
	ft_drop(ft, m);
	bg_ok(&b, 0x1234);
	ck_assert_uint_eq(ft_stats(ft).truncated, 1);
}
END_TEST

/* S-1: unknown token; S-2: type 1 and reserved bits: dropped, counted. */
START_TEST(test_s1_s2_unknown_token_bad_header)
{
	struct ft_msg *m;
	struct bg b;

	ft_stray(ft, ft_hdr(P, 1, 0, 77), 0, NULL, 0);
	ck_assert_uint_eq(ft_stats(ft).unexpected, 1);

	m = bg_send(&b, 1, 5, 0, 5000);
	/* Same token, type 1; then reserved bits set: both invalid. */
	ft_deliver_reply(ft, m, m->hdr | 1u << 8, 0, NULL, 0);
	ft_deliver_reply(ft, m, m->hdr | 0x80000000u, 0, NULL, 0);
	ck_assert_uint_eq(ft_stats(ft).invalid, 2);
	/* The real reply still completes the command. */
	echo_completes(&b, m);
}
END_TEST

/* S-3: token matches but protocol or message id differ: rejected. */
START_TEST(test_s3_wrong_protocol_or_id)
{
	struct ft_msg *m;
	struct bg b;
	uint16_t t;

	m = bg_send(&b, 3, 9, 0, 5000);
	t = tok_of(m->hdr);
	ft_deliver_reply(ft, m, ft_hdr(P + 1, 3, 0, t), 0, "\1\0\0\0", 4);
	ft_deliver_reply(ft, m, ft_hdr(P, 4, 0, t), 0, "\2\0\0\0", 4);
	ck_assert_uint_eq(ft_stats(ft).invalid, 2);
	ck_assert_uint_eq(ft_stats(ft).responses, 0);
	echo_completes(&b, m);
}
END_TEST

/* S-4: a second response for the same token is dropped. */
START_TEST(test_s4_duplicate_response)
{
	struct ft_msg *m;
	struct bg b;

	m = bg_send(&b, 1, 11, 0, 5000);
	ft_deliver_reply(ft, m, m->hdr, 0, m->req + 4, 4);
	ck_assert_int_eq(bg_join(&b), 0);
	/* The xfer has been released: the duplicate is unexpected. */
	ft_deliver_reply(ft, m, m->hdr, 0, m->req + 4, 4);
	ft_drop(ft, m);
	ck_assert_uint_eq(b.out, 11);
	ck_assert_uint_eq(ft_stats(ft).responses, 1);
	ck_assert_uint_eq(ft_stats(ft).unexpected, 1);
}
END_TEST

/* S-4 while the xfer is still held (async waiting): invalid, not used. */
START_TEST(test_s4_duplicate_while_waiting_dresp)
{
	struct ft_msg *m;
	struct bg b;

	m = bg_send(&b, 5, 1, SCMI_VIO_CMD_ASYNC, 5000);
	ft_deliver_reply(ft, m, m->hdr, 0, NULL, 0);
	ft_deliver_reply(ft, m, m->hdr, 0, NULL, 0);
	ck_assert_uint_eq(ft_stats(ft).invalid, 1);
	ft_dresp(ft, m->hdr, 0, "\x42\0\0\0", 4);
	ft_drop(ft, m);
	ck_assert_int_eq(bg_join(&b), 0);
	ck_assert_uint_eq(sv_get_le32(b.dresp), 0x42);
}
END_TEST

/* S-5: a delayed response to a synchronous command is dropped. */
START_TEST(test_s5_dresp_to_sync)
{
	struct ft_msg *m;
	struct bg b;

	m = bg_send(&b, 1, 3, 0, 5000);
	ft_dresp(ft, m->hdr, 0, "\1\0\0\0", 4);
	ck_assert_uint_eq(ft_stats(ft).invalid, 1);
	ck_assert_uint_eq(ft_stats(ft).delayed_responses, 0);
	echo_completes(&b, m);
}
END_TEST

/* S-6: delayed response before the response: implied SUCCESS, both waits
 * complete, the later response is dropped as stale. */
START_TEST(test_s6_dresp_before_response)
{
	struct ft_msg *m;
	struct bg b;

	m = bg_send(&b, 5, 1, SCMI_VIO_CMD_ASYNC, 5000);
	ft_dresp(ft, m->hdr, 0, "\x55\0\0\0", 4);
	ck_assert_int_eq(bg_join(&b), 0);
	ck_assert_int_eq(b.c.status, 0);
	ck_assert_uint_eq(b.c.dresp_len, 4);
	ck_assert_uint_eq(sv_get_le32(b.dresp), 0x55);
	ft_reply(ft, m, 0, NULL, 0);
	ck_assert_uint_eq(ft_stats(ft).delayed_responses, 1);
	ck_assert_uint_eq(ft_stats(ft).responses, 0);
	ck_assert_uint_eq(ft_stats(ft).dresp_first, 1);
	ck_assert_uint_eq(ft_stats(ft).invalid + ft_stats(ft).unexpected, 1);
}
END_TEST

/* S-7: a second delayed response is dropped (the xfer is gone by then:
 * counted unexpected), and the first is delivered once. */
START_TEST(test_s7_second_dresp)
{
	struct bg b;
	uint32_t hdr = async_answered(&b, 5000);

	ft_dresp(ft, hdr, 0, "\x66\0\0\0", 4);
	ck_assert_int_eq(bg_join(&b), 0);
	ck_assert_uint_eq(sv_get_le32(b.dresp), 0x66);
	/* Late second delayed response: the xfer is gone, unexpected. */
	ft_dresp(ft, hdr, 0, "\x77\0\0\0", 4);
	ck_assert_uint_eq(ft_stats(ft).delayed_responses, 1);
	ck_assert_uint_eq(ft_stats(ft).unexpected, 1);
}
END_TEST

/* S-8: a late reply after the caller timed out is dropped and counted;
 * the buffer is freed only when the device returns it. */
START_TEST(test_s8_late_reply_after_timeout)
{
	struct ft_msg *m;
	struct bg b;

	m = bg_send(&b, 1, 1, 0, 20);
	ck_assert_int_eq(bg_join(&b), -ETIMEDOUT);
	ck_assert_uint_eq(ft_stats(ft).timeouts, 1);
	ck_assert_int_eq(m->txdone_ret, -ETIMEDOUT);
	ft_reply(ft, m, 0, m->req + 4, 4);
	ck_assert_uint_eq(ft_stats(ft).unexpected, 1);
	ck_assert_uint_eq(ft_stats(ft).responses, 0);
	/* The polled flavour too. */
	m = bg_send(&b, 1, 1, SCMI_VIO_CMD_POLL, 20);
	ck_assert_int_eq(bg_join(&b), -ETIMEDOUT);
	ft_reply(ft, m, 0, m->req + 4, 4);
	ck_assert_uint_eq(ft_stats(ft).timeouts, 2);
}
END_TEST

/*
 * A transport that ends a poll (its channel gone, its queue broken) fails
 * the command with its errno at once, not at the deadline: counted as an
 * ended poll, not a timeout; mark_txdone gets the same errno, and a reply
 * that still comes is late.
 */
START_TEST(test_poll_ended_by_transport)
{
	struct ft_msg *m;
	struct bg b;

	sv_store_release(&ft->poll_end, -ENODEV);
	ck_assert_int_eq(cmd(1, 1, NULL, SCMI_VIO_CMD_POLL, 60000), -ENODEV);
	m = ft_take(ft, 5000);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->txdone_ret, -ENODEV);
	ck_assert_uint_eq(ft_stats(ft).poll_ended, 1);
	ck_assert_uint_eq(ft_stats(ft).timeouts, 0);
	ft_deliver_reply(ft, m, m->hdr, 0, m->req + 4, 4);
	ck_assert_uint_eq(ft_stats(ft).unexpected, 1);
	ck_assert_uint_eq(ft_stats(ft).responses, 0);
	ft_drop(ft, m);
	/* A reply that is in takes precedence over the transport's end. */
	sv_store_release(&ft->poll_end, 0);
	m = bg_send(&b, 2, 5, SCMI_VIO_CMD_POLL, 60000);
	ft_reply(ft, m, 0, m->req + 4, 4);
	sv_store_release(&ft->poll_end, -EIO);
	bg_ok(&b, 5);
	ck_assert_uint_eq(ft_stats(ft).poll_ended, 1);
}
END_TEST

/*
 * scmi_vio_agent_report_lost(): the transport's device is gone.  A
 * blocking command, a polled one (whose transport's poll_done() knows
 * nothing of it) and an async one waiting for its delayed response all
 * fail with that errno at once, not at their 10 s timeouts, and so do
 * later commands; only the first report counts, and a non-negative one
 * is -EIO.  None of it is a timeout.
 */
START_TEST(test_report_lost_ends_every_wait)
{
	struct scmi_vio_cmd c;
	struct timespec t0, t1;
	uint8_t tx[4], rx[4];
	struct ft_msg *m[2];
	struct bg b[3];
	struct ft *ft2;
	unsigned int i;

	m[0] = bg_send(&b[0], 1, 1, 0, 10000);
	m[1] = bg_send(&b[1], 2, 2, SCMI_VIO_CMD_POLL, 10000);
	(void)async_answered(&b[2], 10000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	scmi_vio_agent_report_lost(ft->agent, -ECONNRESET);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(bg_join(&b[i]), -ECONNRESET);
	scmi_vio_agent_report_lost(ft->agent, -EPROTO);
	ck_assert_int_eq(cmd(3, 3, NULL, 0, 10000), -ECONNRESET);
	ft_drop(ft, ft_take(ft, 5000));
	ck_assert_int_eq(cmd(4, 4, NULL, SCMI_VIO_CMD_POLL, 10000),
			 -ECONNRESET);
	ft_drop(ft, ft_take(ft, 5000));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 2);
	ck_assert_uint_eq(ft_stats(ft).timeouts, 0);
	ft_drop(ft, m[0]);
	ft_drop(ft, m[1]);
	/* No errno given: -EIO. */
	ft2 = ft_open(4, 128, NULL, NULL, NULL);
	scmi_vio_agent_report_lost(ft2->agent, 0);
	cmd_init(&c, 1, 1, 0, 10000, tx, rx, sizeof(rx));
	ck_assert_int_eq(scmi_vio_agent_do_cmd(ft2->agent, &c), -EIO);
	ft_drop(ft2, ft_take(ft2, 5000));
	ft_destroy(ft2);
}
END_TEST

/* The receive path delivers the reply from inside the poll, which then
 * ends with an error anyway. */
static int deliver_then_end(void *tp, struct scmi_vio_xfer *x)
{
	struct ft_msg *m = scmi_vio_xfer_get_priv(x);

	ft_deliver_reply(ft, m, m->hdr, 0, m->req + 4, 4);
	return -EIO;
}

/*
 * A poll the transport ends after a receive path claimed the reply: the
 * core waits for that delivery and succeeds; nothing counts as ended.
 */
START_TEST(test_poll_ended_after_reply_claimed)
{
	uint32_t out = 0;

	ft->ops.poll_done = deliver_then_end;
	ck_assert_int_eq(cmd(1, 33, &out, SCMI_VIO_CMD_POLL, 60000), 0);
	ck_assert_uint_eq(out, 33);
	ck_assert_uint_eq(ft_stats(ft).responses, 1);
	ck_assert_uint_eq(ft_stats(ft).poll_ended, 0);
	ft_drop(ft, ft_take(ft, 5000));
}
END_TEST

static void reply_slowly(struct ft *f, struct ft_msg *m, void *arg)
{
	struct timespec ts = { 0,
			       900000 + (long)(ft_param(m, 0) % 200) * 1000 };

	nanosleep(&ts, NULL);
	ft_reply(f, m, 0, m->req + 4, 4);
}

/* S-9: replies racing the timeout: each caller sees exactly one outcome;
 * every reply is either delivered to its own caller or counted late. */
START_TEST(test_s9_reply_races_timeout)
{
	int i, ok = 0, tmo = 0, tmo_irq = 0, n = 300 / SCMI_VIO_TEST_SCALE;
	struct scmi_vio_agent_stats st;
	uint32_t out;
	int ret;

	ft_set_handler(ft, reply_slowly, NULL);
	for (i = 0; i < n; i++) {
		out = 0;
		ret = cmd(1, (uint32_t)i, &out, i & 1 ? SCMI_VIO_CMD_POLL : 0,
			  1);
		if (ret == -EAGAIN) {
			/* The device still holds every buffer (late replies
			 * pending): not sent, try again. */
			nanosleep(&(struct timespec){ 0, 2000000 }, NULL);
			i--;
			continue;
		}
		if (ret == 0) {
			ok++;
			ck_assert_uint_eq(out, (uint32_t)i);
		} else {
			ck_assert_int_eq(ret, -ETIMEDOUT);
			tmo++;
			/* A polled reply that comes late is not handed to the
			 * core by the transport (Linux frees it). */
			tmo_irq += !(i & 1);
		}
	}
	/* Let the last reply land before counting (the device may still
	 * hold every buffer for a moment: -EAGAIN, not sent, retry). */
	while ((ret = cmd(1, 0, NULL, 0, 5000)) == -EAGAIN)
		nanosleep(&(struct timespec){ 0, 2000000 }, NULL);
	ck_assert_int_eq(ret, 0);
	st = ft_stats(ft);
	ck_assert_int_eq(ok + tmo, n);
	ck_assert_uint_eq(st.timeouts, (uint64_t)tmo);
	ck_assert_uint_eq(st.responses, (uint64_t)ok + 1);
	ck_assert_uint_eq(st.unexpected, (uint64_t)tmo_irq);
}
END_TEST

/* S-15: pool exhaustion is an immediate -EAGAIN; recovery afterwards. */
START_TEST(test_s15_pool_exhaustion)
{
	struct bg b[16];
	struct ft_msg *m[16];
	int i;

	for (i = 0; i < 16; i++) {
		m[i] = bg_send(&b[i], 1, (uint32_t)i, 0, 10000);
	}
	ck_assert_int_eq(cmd(1, 99, NULL, 0, 10000), -EAGAIN);
	for (i = 0; i < 16; i++) {
		ft_reply(ft, m[i], 0, m[i]->req + 4, 4);
		ck_assert_int_eq(bg_join(&b[i]), 0);
		ck_assert_uint_eq(b[i].out, (uint32_t)i);
	}
	ft_set_handler(ft, echo, NULL);
	ck_assert_int_eq(cmd(1, 99, NULL, 0, 10000), 0);
}
END_TEST

/* S-15 token exhaustion and invariant 4 (internal pool API). */
START_TEST(test_s15_token_exhaustion_and_reuse_distance)
{
	struct ft *big = ft_create(SCMI_VIO_MAX_TOKENS, 128);
	struct scmi_vio_xfer *x[SCMI_VIO_MAX_TOKENS], *y;
	static int last_seen[SCMI_VIO_MAX_TOKENS];
	struct scmi_vio_agent *a;
	unsigned int i;
	int n;

	ck_assert_int_eq(ft_agent(big, NULL), 0);
	a = big->agent;
	/* Sequential get/put with 3 long-lived holders: a freed token is
	 * not reused within 1024 allocations. */
	for (i = 0; i < SCMI_VIO_MAX_TOKENS; i++)
		last_seen[i] = -1;
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(scmi_vio__xfer_get(a, -1, &x[i]), 0);
	for (n = 0; n < 5000; n++) {
		ck_assert_int_eq(scmi_vio__xfer_get(a, -1, &y), 0);
		ck_assert_uint_ne(y->token, x[0]->token);
		ck_assert_uint_ne(y->token, x[1]->token);
		ck_assert_uint_ne(y->token, x[2]->token);
		if (last_seen[y->token] >= 0)
			ck_assert_int_ge(n - last_seen[y->token],
					 SCMI_VIO_MAX_TOKENS - 3);
		last_seen[y->token] = n;
		scmi_vio__xfer_put(a, y);
	}
	for (i = 0; i < 3; i++)
		scmi_vio__xfer_put(a, x[i]);
	/* Saturate: 1024 in flight, all distinct; the next is -EAGAIN. */
	for (i = 0; i < SCMI_VIO_MAX_TOKENS; i++) {
		ck_assert_int_eq(scmi_vio__xfer_get(a, -1, &x[i]), 0);
		ck_assert_ptr_eq(scmi_vio__xfer_lookup(a, x[i]->token), x[i]);
		scmi_vio__xfer_put(a, x[i]);
	}
	ck_assert_int_eq(scmi_vio__xfer_get(a, -1, &y), -EAGAIN);
	/* Caller-chosen token in flight: -EAGAIN (raw mode). */
	scmi_vio__xfer_put(a, x[5]);
	ck_assert_int_eq(scmi_vio__xfer_get(a, x[6]->token, &y), -EAGAIN);
	ck_assert_int_eq(scmi_vio__xfer_get(a, -1, &y), 0);
	ck_assert_uint_eq(y->token, x[5]->token);
	scmi_vio__xfer_put(a, y);
	for (i = 0; i < SCMI_VIO_MAX_TOKENS; i++)
		if (i != 5)
			scmi_vio__xfer_put(a, x[i]);
	ft_destroy(big);
}
END_TEST

/* S-16: the delayed response never comes: the waiter times out cleanly,
 * and a delayed response arriving afterwards is counted unexpected. */
START_TEST(test_s16_dresp_timeout)
{
	struct bg b;
	uint32_t hdr = async_answered(&b, 30);

	ck_assert_int_eq(bg_join(&b), -ETIMEDOUT);
	ck_assert_int_eq(b.c.status, 0);
	ft_dresp(ft, hdr, 0, "\1\0\0\0", 4);
	ck_assert_uint_eq(ft_stats(ft).timeouts, 1);
	ck_assert_uint_eq(ft_stats(ft).unexpected, 1);
}
END_TEST

struct pair {
	struct ft_msg *m;
	uint32_t hdr;
	pthread_barrier_t *bar;
};

static void *send_resp(void *arg)
{
	struct pair *p = arg;

	pthread_barrier_wait(p->bar);
	ft_reply(ft, p->m, 0, NULL, 0);
	return NULL;
}

static void *send_dresp(void *arg)
{
	struct pair *p = arg;

	pthread_barrier_wait(p->bar);
	ft_dresp(ft, p->hdr, 0, "\x99\0\0\0", 4);
	return NULL;
}

/* Response and delayed response for the same xfer on two threads at once
 * (the busy flag): the caller always ends with both, once. */
START_TEST(test_resp_and_dresp_concurrent)
{
	int i, n = 200 / SCMI_VIO_TEST_SCALE;
	pthread_barrier_t bar;
	pthread_t t1, t2;
	struct pair p;
	struct bg b;

	pthread_barrier_init(&bar, NULL, 2);
	for (i = 0; i < n; i++) {
		p.m = bg_send(&b, 5, (uint32_t)i, SCMI_VIO_CMD_ASYNC, 10000);
		p.hdr = p.m->hdr;
		p.bar = &bar;
		pthread_create(&t1, NULL, send_resp, &p);
		pthread_create(&t2, NULL, send_dresp, &p);
		pthread_join(t1, NULL);
		pthread_join(t2, NULL);
		ck_assert_int_eq(bg_join(&b), 0);
		ck_assert_uint_eq(sv_get_le32(b.dresp), 0x99);
	}
	pthread_barrier_destroy(&bar);
	ck_assert_uint_eq(ft_stats(ft).delayed_responses, (uint64_t)n);
	/* Each response was either delivered or dropped as stale. */
	ck_assert_uint_eq(ft_stats(ft).responses + ft_stats(ft).invalid +
				  ft_stats(ft).unexpected,
			  (uint64_t)n);
}
END_TEST

/* The transport-facing lookup: acquire by header holds the xfer (its
 * token stays in flight after the caller is done), release lets go. */
START_TEST(test_transport_acquire_release)
{
	struct scmi_vio_xfer *x = NULL;
	struct ft_msg *m;
	struct bg b;
	uint32_t hdr;

	ck_assert_int_eq(scmi_vio_agent_xfer_acquire(ft->agent,
						     ft_hdr(P, 1, 0, 5), &x),
			 -ENOENT);
	m = bg_send(&b, 1, 4, 0, 5000);
	hdr = m->hdr;
	ck_assert_int_eq(scmi_vio_agent_xfer_acquire(ft->agent, hdr, &x), 0);
	ck_assert_uint_eq(scmi_vio_xfer_hdr(x), hdr);
	ck_assert(!scmi_vio_xfer_is_polled(x));
	ft_reply(ft, m, 0, m->req + 4, 4);
	ck_assert_int_eq(bg_join(&b), 0);
	/* Still held: the token is not free yet. */
	ck_assert_int_eq(scmi_vio__xfer_get(ft->agent, tok_of(hdr), &x),
			 -EAGAIN);
	ck_assert_int_eq(scmi_vio_agent_xfer_acquire(ft->agent, hdr, &x), 0);
	scmi_vio_agent_xfer_release(ft->agent, x);
	scmi_vio_agent_xfer_release(ft->agent, x);
	ck_assert_int_eq(scmi_vio_agent_xfer_acquire(ft->agent, hdr, &x),
			 -ENOENT);
}
END_TEST

START_TEST(test_bad_arguments)
{
	struct scmi_vio_cmd c = {
		.protocol = P, .flags = SCMI_VIO_CMD_POLL | SCMI_VIO_CMD_ASYNC
	};
	uint8_t big[200] = { 0 };

	ck_assert_int_eq(scmi_vio_agent_do_cmd(ft->agent, &c), -EINVAL);
	c.flags = 0;
	c.tx = big;
	c.tx_len = sizeof(big);
	ck_assert_int_eq(scmi_vio_agent_do_cmd(ft->agent, &c), -E2BIG);
	c.tx = NULL;
	c.tx_len = 4;
	ck_assert_int_eq(scmi_vio_agent_do_cmd(ft->agent, &c), -EINVAL);
	/* POLL on a transport that cannot poll: a bad argument, never the
	 * platform's NOT_SUPPORTED (-EOPNOTSUPP). */
	ft->ops.poll_done = NULL;
	c.tx_len = 0;
	c.flags = SCMI_VIO_CMD_POLL;
	ck_assert_int_eq(scmi_vio_agent_do_cmd(ft->agent, &c), -EINVAL);
	ck_assert_uint_eq(ft_stats(ft).sent, 0);
	/* The broken-ring counter the transport reports. */
	scmi_vio_agent_report_broken(ft->agent);
	ck_assert_uint_eq(ft_stats(ft).broken, 1);
}
END_TEST

static int send_fails(void *tp, struct scmi_vio_xfer *x)
{
	return -EAGAIN;
}

START_TEST(test_send_error_no_txdone)
{
	ft->ops.send = send_fails;
	ck_assert_int_eq(cmd(1, 0, NULL, 0, 1000), -EAGAIN);
	ck_assert_uint_eq(ft_stats(ft).send_errors, 1);
	ck_assert_uint_eq(sv_read_once(&ft->txdones), 0);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_status_to_errno,
		test_header_pack_unpack,
		test_roundtrip_blocking_and_polled,
		test_poll_completed_by_rx_path,
		test_poll_ended_by_transport,
		test_poll_ended_after_reply_claimed,
		test_report_lost_ends_every_wait,
		test_error_status_is_errno,
		test_cmd_timeout_constants,
		test_s10_short_response,
		test_s11_long_response_clamped,
		test_s1_s2_unknown_token_bad_header,
		test_s3_wrong_protocol_or_id,
		test_s4_duplicate_response,
		test_s4_duplicate_while_waiting_dresp,
		test_s5_dresp_to_sync,
		test_s6_dresp_before_response,
		test_s7_second_dresp,
		test_s8_late_reply_after_timeout,
		test_s9_reply_races_timeout,
		test_s15_pool_exhaustion,
		test_s15_token_exhaustion_and_reuse_distance,
		test_s16_dresp_timeout,
		test_resp_and_dresp_concurrent,
		test_transport_acquire_release,
		test_bad_arguments,
		test_send_error_no_txdone,
		NULL
	};

	return check_main_fixture("scmi_xfer", "core", 0, setup, teardown,
				  tests);
}
