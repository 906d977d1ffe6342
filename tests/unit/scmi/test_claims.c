// SPDX-License-Identifier: BSD-3-Clause
/*
 * A reply a receive path has claimed is delivered, however long its
 * delivery takes: the transport's fetch is slow here (preempted, copying
 * from slow memory) while the waiter's deadline passes, or while a poller
 * finds the same reply ready (docs/linux-notes.md A4: a polled command's reply
 * also reaches the interrupt path).  The waiter then waits for that
 * delivery instead of timing out or fetching the reply a second time, and
 * the command succeeds with the reply's bytes.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "check_fixture.h"
#include "common/atomics.h"
#include "fake_transport.h"

static struct ft *ft;
static unsigned int slow_ms; /* ATOMIC: how long a fetch takes */
static unsigned int fetches; /* ATOMIC */
static unsigned int in_fetch; /* ATOMIC: a slow fetch has begun */
static bool mark_ready; /* a polled reply is ready during its delivery */

/* The fake's fetch, slowed down; with mark_ready a polled message is also
 * marked ready first, so its poller finds the reply during this delivery. */
static void slow_fetch(void *tp, struct scmi_vio_xfer *x, void *msg)
{
	struct ft_rx *rx = msg; /* ft_dresp() passes a bare one */

	(void)tp;
	sv_fetch_add(&fetches, 1);
	sv_store_release(&in_fetch, 1);
	/* Only the polled test sets mark_ready: its msg is an ft_msg,
	 * which starts with its ft_rx. */
	if (mark_ready && ((struct ft_msg *)msg)->polled)
		/* Pairs with the acquire in the fake's poll_done. */
		sv_store_release(&((struct ft_msg *)msg)->ready, 1);
	ft_sleep_ms(sv_read_once(&slow_ms));
	scmi_vio_xfer_fill_response(x, rx->buf, rx->used_len);
}

struct bg {
	pthread_t t;
	struct scmi_vio_cmd c;
	uint8_t rx[8];
	uint8_t drx[8];
	int ret;
};

static void *bg_cmd(void *arg)
{
	struct bg *b = arg;

	b->ret = scmi_vio_agent_do_cmd(ft->agent, &b->c);
	return NULL;
}

static void bg_start(struct bg *b, unsigned int flags, unsigned int tmo)
{
	memset(b, 0, sizeof(*b));
	b->c.protocol = 0x10;
	b->c.msg_id = 0x1;
	b->c.flags = flags;
	b->c.timeout_ms = tmo;
	b->c.rx = b->rx;
	b->c.rx_cap = sizeof(b->rx);
	b->c.dresp = b->drx;
	b->c.dresp_cap = sizeof(b->drx);
	b->c.dresp_timeout_ms = tmo;
	ck_assert_int_eq(pthread_create(&b->t, NULL, bg_cmd, b), 0);
}

/* The receive path delivers @m's reply (payload 0x1234) as a platform
 * answering on the command queue would, then the device lets go. */
static void deliver(struct ft_msg *m)
{
	const uint8_t pl[4] = { 0x34, 0x12, 0, 0 };

	m->rx.used_len = ft_build(m->rx.buf, m->hdr, 0, pl, sizeof(pl));
	scmi_vio_agent_rx_response(ft->agent, m->hdr, m->hdr, m->rx.used_len,
				   &m->rx);
	ft_drop(ft, m);
}

static void setup(void)
{
	sv_write_once(&fetches, 0);
	sv_write_once(&in_fetch, 0);
	mark_ready = false;
	ft = ft_create(4, 64);
	ft->ops.fetch_response = slow_fetch;
	ck_assert_int_eq(ft_agent(ft, NULL), 0);
}

static void teardown(void)
{
	ft_destroy(ft);
}

/* The deadline passes during a claimed delivery: success, not -ETIMEDOUT. */
START_TEST(test_deadline_during_claimed_delivery)
{
	struct scmi_vio_agent_stats st;
	struct ft_msg *m;
	struct bg b;

	sv_write_once(&slow_ms, 400);
	bg_start(&b, 0, 100);
	m = ft_take(ft, 1000);
	ck_assert_ptr_nonnull(m);
	deliver(m); /* returns after the 400 ms fetch */
	pthread_join(b.t, NULL);
	ck_assert_int_eq(b.ret, 0);
	ck_assert_uint_eq(b.c.rx_len, 4);
	ck_assert_uint_eq(b.rx[0], 0x34);
	scmi_vio_agent_get_stats(ft->agent, &st);
	ck_assert_uint_eq(st.timeouts, 0);
	ck_assert_uint_eq(st.responses, 1);
	ck_assert_uint_eq(sv_read_once(&fetches), 1);
}
END_TEST

/* No deadline at all: the waiter sleeps until the reply comes. */
START_TEST(test_wait_forever)
{
	struct ft_msg *m;
	struct bg b;

	sv_write_once(&slow_ms, 0);
	bg_start(&b, 0, SCMI_VIO_WAIT_FOREVER);
	m = ft_take(ft, 1000);
	ck_assert_ptr_nonnull(m);
	ft_sleep_ms(50); /* the waiter is asleep by now */
	deliver(m);
	pthread_join(b.t, NULL);
	ck_assert_int_eq(b.ret, 0);
	ck_assert_uint_eq(b.rx[1], 0x12);
}
END_TEST

/* A4: the poller finds the reply ready while the interrupt path is
 * delivering it: it waits for that delivery and fetches nothing itself. */
static void poll_loses_claim(unsigned int tmo, bool ready)
{
	struct scmi_vio_agent_stats st;
	struct ft_msg *m;
	struct bg b;

	mark_ready = ready;
	sv_write_once(&slow_ms, 400);
	bg_start(&b, SCMI_VIO_CMD_POLL, tmo);
	m = ft_take(ft, 1000);
	ck_assert_ptr_nonnull(m);
	deliver(m);
	pthread_join(b.t, NULL);
	ck_assert_int_eq(b.ret, 0);
	ck_assert_uint_eq(b.c.rx_len, 4);
	ck_assert_uint_eq(b.rx[0], 0x34);
	ck_assert_uint_eq(sv_read_once(&fetches), 1);
	scmi_vio_agent_get_stats(ft->agent, &st);
	ck_assert_uint_eq(st.timeouts, 0);
	ck_assert_uint_eq(st.responses, 1);
}

START_TEST(test_a4_poll_finds_claimed_reply)
{
	poll_loses_claim(5000, true);
}
END_TEST

/* The poll's deadline passes during the delivery (the poller never saw
 * the reply ready): the claimed reply still completes it. */
START_TEST(test_a4_poll_deadline_during_claimed_delivery)
{
	poll_loses_claim(100, false);
}
END_TEST

static void *deliver_thread(void *arg)
{
	deliver(arg);
	return NULL;
}

/*
 * Two queues with their own deliverers: the delayed response of an async
 * command arrives while its response is still being fetched.  It waits
 * for that fetch to finish with the transfer (never writes it at the
 * same time), then completes the delayed wait.
 */
START_TEST(test_dresp_during_response_fetch)
{
	const uint8_t dpl[4] = { 0x78, 0x56, 0, 0 };
	struct scmi_vio_agent_stats st;
	struct ft_msg *m;
	pthread_t t;
	struct bg b;
	uint32_t hdr;

	sv_write_once(&slow_ms, 300);
	bg_start(&b, SCMI_VIO_CMD_ASYNC, 5000);
	m = ft_take(ft, 1000);
	ck_assert_ptr_nonnull(m);
	hdr = m->hdr;
	ck_assert_int_eq(pthread_create(&t, NULL, deliver_thread, m), 0);
	while (!sv_load_acquire(&in_fetch))
		ft_sleep_ms(1);
	ft_dresp(ft, hdr, 0, dpl, sizeof(dpl));
	pthread_join(t, NULL);
	pthread_join(b.t, NULL);
	ck_assert_int_eq(b.ret, 0);
	ck_assert_uint_eq(b.c.rx_len, 4);
	ck_assert_uint_eq(b.rx[0], 0x34);
	ck_assert_uint_eq(b.c.dresp_len, 4);
	ck_assert_uint_eq(b.drx[0], 0x78);
	scmi_vio_agent_get_stats(ft->agent, &st);
	ck_assert_uint_eq(st.responses, 1);
	ck_assert_uint_eq(st.delayed_responses, 1);
	ck_assert_uint_eq(st.invalid, 0);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_deadline_during_claimed_delivery,
		test_wait_forever,
		test_a4_poll_finds_claimed_reply,
		test_a4_poll_deadline_during_claimed_delivery,
		test_dresp_during_response_fetch,
		NULL
	};

	return check_main_fixture("scmi_claims", "claims", 0, setup, teardown,
				  tests);
}
