// SPDX-License-Identifier: BSD-3-Clause
/*
 * Raw mode: caller-built messages with caller-chosen tokens (-EAGAIN when
 * in flight), responses and delayed responses as bytes, the notification
 * and errors queues (S-1, S-2, S-3 land in errors).
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
#include <scmi_vio/scmi_raw.h>

static struct ft *ft;

static void setup(void)
{
	struct scmi_vio_agent_config cfg = { .raw_depth = 4 };

	ft = ft_open(8, 128, &cfg, NULL, NULL);
}

static void teardown(void)
{
	ft_destroy(ft);
}

static void echo(struct ft *f, struct ft_msg *m, void *arg)
{
	int32_t st = (int32_t)ft_param(m, 1);
	uint32_t hdr = m->hdr;

	ft_reply(f, m, st, m->req + 4, 4);
	if (ft_param(m, 2) == 1 && st == 0)
		ft_dresp(f, hdr, 0, "\x77\0\0\0", 4);
}

struct rawbg {
	pthread_t t;
	uint8_t msg[16];
	uint8_t resp[32], dresp[32];
	struct scmi_vio_raw_msg m;
	int ret;
};

static void *raw_run(void *arg)
{
	struct rawbg *b = arg;

	b->ret = scmi_vio_raw_xfer(ft->agent, &b->m);
	return NULL;
}

static void raw_prep(struct rawbg *b, uint32_t hdr, uint32_t p0, int32_t st,
		     uint32_t want_dresp, unsigned int flags)
{
	memset(b, 0, sizeof(*b));
	sv_put_le32(b->msg, hdr);
	sv_put_le32(b->msg + 4, p0);
	sv_put_le32(b->msg + 8, (uint32_t)st);
	sv_put_le32(b->msg + 12, want_dresp);
	b->m.msg = b->msg;
	b->m.msg_len = 16;
	b->m.flags = flags;
	b->m.timeout_ms = 5000;
	b->m.dresp_timeout_ms = 5000;
	b->m.resp = b->resp;
	b->m.resp_cap = sizeof(b->resp);
	b->m.dresp = b->dresp;
	b->m.dresp_cap = sizeof(b->dresp);
}

START_TEST(test_raw_exchange_with_caller_token)
{
	struct rawbg b;

	ft_set_handler(ft, echo, NULL);
	raw_prep(&b, ft_hdr(0x14, 6, 0, 555), 0xabcd, 0, 0, 0);
	ck_assert_int_eq(scmi_vio_raw_xfer(ft->agent, &b.m), 0);
	ck_assert_uint_eq(b.m.resp_len, 12);
	ck_assert_uint_eq(sv_get_le32(b.resp), ft_hdr(0x14, 6, 0, 555));
	ck_assert_uint_eq(sv_get_le32(b.resp + 4), 0);
	ck_assert_uint_eq(sv_get_le32(b.resp + 8), 0xabcd);
	/* A non-SUCCESS status is a successful raw exchange. */
	raw_prep(&b, ft_hdr(0x14, 6, 0, 556), 1, SCMI_VIO_NOT_FOUND, 0,
		 SCMI_VIO_CMD_POLL);
	ck_assert_int_eq(scmi_vio_raw_xfer(ft->agent, &b.m), 0);
	ck_assert_int_eq((int32_t)sv_get_le32(b.resp + 4), SCMI_VIO_NOT_FOUND);
	/* Async: response and delayed response as bytes. */
	raw_prep(&b, ft_hdr(0x14, 5, 0, 1023), 2, 0, 1, SCMI_VIO_CMD_ASYNC);
	ck_assert_int_eq(scmi_vio_raw_xfer(ft->agent, &b.m), 0);
	ck_assert_uint_eq(b.m.dresp_len, 12);
	ck_assert_uint_eq(sv_get_le32(b.dresp), ft_hdr(0x14, 5, 2, 1023));
	ck_assert_uint_eq(sv_get_le32(b.dresp + 8), 0x77);
	/* Bad arguments. */
	b.m.msg_len = 3;
	ck_assert_int_eq(scmi_vio_raw_xfer(ft->agent, &b.m), -EINVAL);
	/* POLL without the transport's poll_done: a bad argument too. */
	raw_prep(&b, ft_hdr(0x14, 6, 0, 557), 1, 0, 0, SCMI_VIO_CMD_POLL);
	ft->ops.poll_done = NULL;
	ck_assert_int_eq(scmi_vio_raw_xfer(ft->agent, &b.m), -EINVAL);
}
END_TEST

/* A caller token already in flight: -EAGAIN (docs/linux-notes.md A11.11). */
START_TEST(test_raw_token_in_flight_busy)
{
	struct rawbg b1, b2;
	struct ft_msg *m;

	raw_prep(&b1, ft_hdr(0x14, 6, 0, 9), 1, 0, 0, 0);
	pthread_create(&b1.t, NULL, raw_run, &b1);
	m = ft_take(ft, 5000);
	ck_assert_ptr_nonnull(m);
	raw_prep(&b2, ft_hdr(0x15, 1, 0, 9), 1, 0, 0, 0);
	ck_assert_int_eq(scmi_vio_raw_xfer(ft->agent, &b2.m), -EAGAIN);
	ft_reply(ft, m, 0, m->req + 4, 4);
	pthread_join(b1.t, NULL);
	ck_assert_int_eq(b1.ret, 0);
	ft_set_handler(ft, echo, NULL);
	ck_assert_int_eq(scmi_vio_raw_xfer(ft->agent, &b2.m), 0);
}
END_TEST

/* Unexpected, late or invalid messages go to the errors queue with their
 * bytes; notifications to the notification queue (S-1, S-2, S-3, S-8,
 * S-14). */
START_TEST(test_raw_queues)
{
	uint8_t buf[64];
	struct rawbg b;
	struct ft_msg *m;
	size_t len;
	uint32_t h;

	/* Nothing is collected while raw mode is off. */
	ft_stray(ft, ft_hdr(0x10, 1, 0, 3), 0, "\5\0\0\0", 4);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_ERRORS, buf,
					   sizeof(buf), &len, SCMI_VIO_NO_WAIT),
			 -EAGAIN);
	scmi_vio_raw_enable(ft->agent, true);
	/* S-1: unknown token. */
	ft_stray(ft, ft_hdr(0x10, 1, 0, 3), 0, "\5\0\0\0", 4);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_ERRORS, buf,
					   sizeof(buf), &len, 1000),
			 0);
	ck_assert_uint_eq(len, 12);
	ck_assert_uint_eq(sv_get_le32(buf), ft_hdr(0x10, 1, 0, 3));
	ck_assert_uint_eq(sv_get_le32(buf + 8), 5);
	/* S-3: a reply for an in-flight raw token with the wrong message
	 * id ends that exchange with -EPROTO and the reply as received. */
	raw_prep(&b, ft_hdr(0x14, 6, 0, 40), 1, 0, 0, 0);
	pthread_create(&b.t, NULL, raw_run, &b);
	m = ft_take(ft, 5000);
	h = ft_hdr(0x14, 7, 0, 40);
	ft_stray(ft, h, 0, NULL, 0);
	pthread_join(b.t, NULL);
	ck_assert_int_eq(b.ret, -EPROTO);
	ck_assert_uint_eq(b.m.resp_len, 8);
	ck_assert_uint_eq(sv_get_le32(b.resp), h);
	/* Handed back, so not queued as well: one copy of each message. */
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_ERRORS, buf,
					   sizeof(buf), &len, SCMI_VIO_NO_WAIT),
			 -EAGAIN);
	/* The real reply, now late (S-8), lands there too. */
	h = m->hdr;
	ft_reply(ft, m, 0, "\5\0\0\0", 4);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_ERRORS, buf,
					   sizeof(buf), &len, 1000),
			 0);
	ck_assert_uint_eq(len, 12);
	ck_assert_uint_eq(sv_get_le32(buf), h);
	/* S-2: type 1. */
	h = ft_hdr(0x14, 7, 1, 41);
	ft_stray(ft, h, 0, NULL, 0);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_ERRORS, buf,
					   sizeof(buf), &len, 1000),
			 0);
	ck_assert_uint_eq(sv_get_le32(buf), h);
	/* Notifications, even for unknown protocols (S-14). */
	ft_notify(ft, 0x99, 2, "\1\2\3\4\5\6", 6);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent,
					   SCMI_VIO_RAW_NOTIFICATIONS, buf,
					   sizeof(buf), &len, 1000),
			 0);
	ck_assert_uint_eq(len, 10);
	ck_assert_uint_eq(buf[9], 6);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent,
					   SCMI_VIO_RAW_NOTIFICATIONS, buf,
					   sizeof(buf), &len, 10),
			 -ETIMEDOUT);
}
END_TEST

/* The queues are circular: a full queue overwrites the oldest. */
START_TEST(test_raw_queue_overwrites_oldest_and_reset)
{
	uint8_t buf[64], p[4];
	size_t len;
	uint32_t i;

	scmi_vio_raw_enable(ft->agent, true);
	for (i = 0; i < 6; i++) {
		sv_put_le32(p, i);
		ft_notify(ft, 0x99, 1, p, 4);
	}
	ck_assert_uint_eq(
		scmi_vio_raw_dropped(ft->agent, SCMI_VIO_RAW_NOTIFICATIONS), 2);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent,
					   SCMI_VIO_RAW_NOTIFICATIONS, buf, 6,
					   &len, SCMI_VIO_NO_WAIT),
			 0);
	ck_assert_uint_eq(len, 8); /* clamped copy, full length reported */
	ck_assert_uint_eq(buf[4], 2);
	scmi_vio_raw_reset(ft->agent);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent,
					   SCMI_VIO_RAW_NOTIFICATIONS, buf,
					   sizeof(buf), &len, SCMI_VIO_NO_WAIT),
			 -EAGAIN);
}
END_TEST

/*
 * A length-only read (no buffer, capacity 0; valid per the contract) takes
 * the entry and reports its length without touching a buffer.  Found by
 * fuzz_agent_rx: the copy was a memcpy to NULL (undefined behaviour; the
 * sanitizer build aborts here without the fix).
 */
START_TEST(test_raw_read_length_only)
{
	uint8_t buf[64];
	size_t len = 0;

	scmi_vio_raw_enable(ft->agent, true);
	/* S-1: an unknown token lands in the errors queue. */
	ft_stray(ft, ft_hdr(0x10, 1, 0, 9), 0, "\5\0\0\0", 4);
	ft_notify(ft, 0x99, 1, "\1\2\3\4", 4);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_ERRORS, NULL,
					   0, &len, SCMI_VIO_NO_WAIT),
			 0);
	ck_assert_uint_eq(len, 12);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent,
					   SCMI_VIO_RAW_NOTIFICATIONS, NULL, 0,
					   &len, SCMI_VIO_NO_WAIT),
			 0);
	ck_assert_uint_eq(len, 8);
	/* Both entries were taken. */
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_ERRORS, buf,
					   sizeof(buf), &len, SCMI_VIO_NO_WAIT),
			 -EAGAIN);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent,
					   SCMI_VIO_RAW_NOTIFICATIONS, buf,
					   sizeof(buf), &len, SCMI_VIO_NO_WAIT),
			 -EAGAIN);
	/* A NULL buffer with a capacity is still refused. */
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_ERRORS, NULL,
					   4, &len, SCMI_VIO_NO_WAIT),
			 -EINVAL);
}
END_TEST

/* Read a notification waiting @tmo; *@ms: how long the call took. */
static int timed_read(unsigned int tmo, size_t *len, uint64_t *ms)
{
	struct timespec t0, t;
	uint8_t buf[64];
	int r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_NOTIFICATIONS, buf,
			      sizeof(buf), len, tmo);
	clock_gettime(CLOCK_MONOTONIC, &t);
	*ms = (uint64_t)(t.tv_sec - t0.tv_sec) * 1000u +
	      (uint64_t)((t.tv_nsec - t0.tv_nsec) / 1000000L);
	return r;
}

/* A notification that arrives while a reader waits without a deadline. */
static void *late_notify(void *arg)
{
	struct timespec d = { 0, 100 * 1000000L };

	(void)arg;
	nanosleep(&d, NULL);
	ft_notify(ft, 0x99, 1, "\1\2\3\4", 4);
	return NULL;
}

/*
 * Timeout 0 means the default here as everywhere (docs/conventions.md):
 * the agent's reply timeout, not "do not wait"; SCMI_VIO_NO_WAIT checks
 * once; SCMI_VIO_WAIT_FOREVER waits for the entry however long it takes.
 */
START_TEST(test_raw_read_timeouts)
{
	struct scmi_vio_agent_config cfg = { .reply_timeout_ms = 150 };
	/* A variable, so a rewrite of the old "0: do not wait" calls (0
	 * as a literal) leaves this one alone. */
	const unsigned int by_default = 0;
	pthread_t th;
	uint64_t ms;
	size_t len;

	ft_destroy(ft);
	ft = ft_open(8, 128, &cfg, NULL, NULL);
	scmi_vio_raw_enable(ft->agent, true);
	ck_assert_int_eq(timed_read(by_default, &len, &ms), -ETIMEDOUT);
	ck_assert_uint_ge(ms, 150);
	ck_assert_int_eq(timed_read(SCMI_VIO_NO_WAIT, &len, &ms), -EAGAIN);
	ck_assert_uint_lt(ms, 100);
	ck_assert_int_eq(pthread_create(&th, NULL, late_notify, NULL), 0);
	ck_assert_int_eq(timed_read(SCMI_VIO_WAIT_FOREVER, &len, &ms), 0);
	ck_assert_uint_eq(len, 8);
	pthread_join(th, NULL);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_raw_exchange_with_caller_token,
		test_raw_token_in_flight_busy,
		test_raw_queues,
		test_raw_queue_overwrites_oldest_and_reset,
		test_raw_read_length_only,
		test_raw_read_timeouts,
		NULL
	};

	return check_main_fixture("scmi_raw", "raw", 0, setup, teardown, tests);
}
