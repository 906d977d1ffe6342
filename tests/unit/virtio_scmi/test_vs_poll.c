// SPDX-License-Identifier: BSD-3-Clause
/*
 * The poll path and message ownership, driven deterministically: an inline
 * device (the reply exists when the kick returns), no interrupts, and the
 * transport's internal send/poll/txdone/complete entry points.
 *
 *   L-7  exactly k x 2^16 completions between a polled send and its poll;
 *   L-8  a polled message consumed by the completion path or by another
 *        poller: freed exactly once, its poller ends;
 *   L-9  a poller drains other messages: the worker delivers the non-polled
 *        ones and frees the timed-out ones;
 *   S-8 / D-10  a timed-out message the device still holds stays the
 *        device's; the pool runs dry with -EAGAIN.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>

#include <scmi_vio/platform_dev.h>
#include <scmi_vio/scmi_raw.h>

#include "check_run.h"
#include "raw_msg.h"
#include "vs_fixture.h"
/* The poll positions (L-7) and message references (L-8) themselves: this
 * test alone looks inside the channel and its messages. */
#include "virtio_scmi/vs_internal.h"

static struct vsf *up(const struct scmi_vio_fault_rule *rules, unsigned int n,
		      unsigned int queue_num)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };

	lc.inline_device = true;
	lc.queue_num = queue_num;
	vc.irq_mode = SCMI_VIO_IRQ_NONE;
	return vsf_up_rules(rules, n, &lc, &vc, 2000);
}

/* The device holds the first command for 4 others. */
static const struct scmi_vio_fault_rule hold_first = {
	.match = SCMI_VIO_FAULT_MATCH_SEQ,
	.seq = 0,
	.kind = SCMI_VIO_FAULT_DELAY,
	.arg = 4,
};

static struct vs_msg *send1(struct vsf *f, unsigned int token, bool polled)
{
	struct vs_msg *m = NULL;
	uint8_t pdu[4];

	vsf_cmd(pdu, token);
	ck_assert_int_eq(scmi_vio__vs_send_msg(f->vs, pdu, 4, polled, &m), 0);
	return m;
}

/*
 * L-7.  The polled message M is held by the device (a long DELAY) while
 * k x 2^16 - 1 other commands complete and are reaped; then M is used
 * without being reaped: used.idx has moved by exactly k x 2^16.  The
 * 16-bit position taken at the send then says "nothing happened" (the
 * poller would spin until its timeout); the 64-bit one sees M.
 */
static void l7(unsigned int k)
{
	const struct scmi_vio_fault_rule rule = {
		.match = SCMI_VIO_FAULT_MATCH_SEQ,
		.seq = 0,
		.kind = SCMI_VIO_FAULT_DELAY,
		.arg = k * 65536u * 2 + 16,
	};
	struct scmi_vio_platform_dev *dev;
	struct scmi_vio_virtio_scmi_stats st;
	struct vsf *f = up(&rule, 1, 64);
	unsigned int others = k * 65536u - 1, i;
	struct vs_msg *m, *o;
	uint16_t pos16;

	m = send1(f, 1, true);
	pthread_mutex_lock(&f->vs->tx.lock);
	pos16 = scmi_vio_vq_enable_cb_prepare16(f->vs->tx.vq);
	pthread_mutex_unlock(&f->vs->tx.lock);
	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, m), 0);
	for (i = 0; i < others; i++) {
		o = send1(f, 2 + i % 512, false);
		(void)o;
		scmi_vio__vs_complete(&f->vs->tx);
	}
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.tx_completions, others);
	/* Release M: service rounds with nothing else in flight. */
	dev = scmi_vio_loopback_dev(f->lb);
	while (scmi_vio_platform_dev_has_deferred(dev))
		ck_assert_int_ge(scmi_vio_platform_dev_service(dev), 0);
	/* The demonstration: the 16-bit pair is fooled... */
	ck_assert(!scmi_vio_vq_poll16(f->vs->tx.vq, pos16));
	/* ...the 64-bit position is not, and the poll ends with M. */
	ck_assert(scmi_vio_vq_poll(f->vs->tx.vq, m->poll_pos));
	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, m), 1);
	ck_assert_uint_eq(sv_read_once(&m->poll_status), VS_POLL_DONE);
	ck_assert_uint_ge(m->rx_len, 8);
	ck_assert_uint_eq(sv_get_le32(m->input), m->hdr);
	scmi_vio__vs_txdone_msg(f->vs, m, 0);
	vsf_all_free(f->vs);
	vsf_down(f);
}

START_TEST(test_l7_poll_after_2_16_completions)
{
	l7(1);
}
END_TEST

START_TEST(test_l7_poll_after_2x2_16_completions)
{
	l7(2);
}
END_TEST

/* L-8 (a): the completion path reaps a polled message: the poller ends
 * through the core's completion (loop 0) or at its deadline (loop 1), and
 * the message is freed once; it is not counted parked, as the device's
 * reference is gone. */
START_TEST(test_l8_polled_consumed_by_completion_path)
{
	struct scmi_vio_virtio_scmi_stats st;
	struct vsf *f = up(NULL, 0, 16);
	struct vs_msg *m = send1(f, 7, true);

	scmi_vio__vs_complete(&f->vs->tx);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.tx_completions, 1);
	/* The device's reference is gone; the poller's remains. */
	ck_assert_uint_eq(sv_ref_read(&m->users), 1);
	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, m), 0);
	scmi_vio__vs_txdone_msg(f->vs, m, _i ? -ETIMEDOUT : 0);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.msg_frees, 1);
	ck_assert_uint_eq(st.parked, 0);
	vsf_all_free(f->vs);
	vsf_down(f);
}
END_TEST

/* L-8 (b): another poller reaps it: marked POLL_DONE for its owner. */
START_TEST(test_l8_polled_consumed_by_other_poller)
{
	struct scmi_vio_virtio_scmi_stats st;
	struct vsf *f = up(NULL, 0, 16);
	struct vs_msg *m1 = send1(f, 1, true), *m2 = send1(f, 2, true);

	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, m2), 1);
	ck_assert_uint_eq(sv_read_once(&m1->poll_status), VS_POLL_DONE);
	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, m1), 1);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.poll_found, 1);
	ck_assert_uint_eq(st.poll_other, 1);
	ck_assert_uint_eq(st.msg_frees, 0);
	scmi_vio__vs_txdone_msg(f->vs, m2, 0);
	scmi_vio__vs_txdone_msg(f->vs, m1, 0);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.msg_frees, 2);
	vsf_all_free(f->vs);
	vsf_down(f);
}
END_TEST

/*
 * A poll that finds nothing used since its position takes no channel
 * reference: with the count forced to zero (and the queue not broken) it
 * still answers "not yet" and no acquire fails.
 */
START_TEST(test_poll_fast_path_takes_no_channel_reference)
{
	struct scmi_vio_virtio_scmi_stats st;
	struct scmi_vio_platform_dev *dev;
	struct vsf *f = up(&hold_first, 1, 16);
	struct vs_msg *m = send1(f, 1, true);

	sv_ref_init(&f->vs->tx.users, 0);
	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, m), 0);
	sv_ref_init(&f->vs->tx.users, 1);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.acquire_failed, 0);
	dev = scmi_vio_loopback_dev(f->lb);
	while (scmi_vio_platform_dev_has_deferred(dev))
		ck_assert_int_ge(scmi_vio_platform_dev_service(dev), 0);
	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, m), 1);
	scmi_vio__vs_txdone_msg(f->vs, m, 0);
	vsf_all_free(f->vs);
	vsf_down(f);
}
END_TEST

/* Send a polled command and finish it: poll, then mark_txdone. */
static struct vs_msg *polled_round_trip(struct vsf *f, unsigned int token)
{
	struct vs_msg *m = send1(f, token, true);

	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, m), 1);
	scmi_vio__vs_txdone_msg(f->vs, m, 0);
	return m;
}

/*
 * A send takes the most recently freed message first: the pool's lock-free
 * stack goes in front of the locked list.  One command at a time reuses
 * one message (so the ring rewrites no descriptor); two freed in turn come
 * back newest first.  Counted as free (and freed) all along.
 */
START_TEST(test_pool_reuses_most_recently_freed)
{
	struct scmi_vio_virtio_scmi_stats st;
	struct vsf *f = up(NULL, 0, 8);
	unsigned int max = f->vs->tx.max_msg, i;
	struct vs_msg *first = NULL, *m, *a, *b;

	for (i = 0; i < 3 * max + 1; i++) {
		m = polled_round_trip(f, 1 + i);
		if (!first)
			first = m;
		ck_assert_ptr_eq(m, first);
		scmi_vio_virtio_scmi_get_stats(f->vs, &st);
		ck_assert_uint_eq(st.tx_free_now, max);
		ck_assert_uint_eq(st.msg_frees, i + 1);
	}
	/* Two in flight finish through the completion path (a poll would
	 * leave the other to the worker), freed a first. */
	a = send1(f, 100, false);
	b = send1(f, 101, false);
	ck_assert_ptr_eq(a, first);
	ck_assert_ptr_ne(b, a);
	scmi_vio__vs_complete(&f->vs->tx);
	ck_assert_ptr_eq(polled_round_trip(f, 102), b);
	ck_assert_ptr_eq(send1(f, 103, false), b);
	ck_assert_ptr_eq(send1(f, 104, false), a);
	scmi_vio__vs_complete(&f->vs->tx);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.tx_free_now, max);
	vsf_all_free(f->vs);
	vsf_down(f);
}
END_TEST

/*
 * mark_txdone frees a POLL_DONE message at once, as its owner holds both
 * users; a count other than 2 there is a library bug: the message is
 * leaked and the saturation counted, never freed twice.
 */
START_TEST(test_txdone_poll_done_wrong_count_leaks)
{
	unsigned long sat = sv_read_once(&scmi_vio__ref_saturations);
	struct scmi_vio_virtio_scmi_stats st;
	struct vsf *f = up(NULL, 0, 16);
	struct vs_msg *m = send1(f, 3, true);

	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, m), 1);
	ck_assert_uint_eq(sv_ref_read(&m->users), 2);
	sv_ref_init(&m->users, 1);
	scmi_vio__vs_txdone_msg(f->vs, m, 0);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.msg_frees, 0);
	ck_assert_uint_eq(st.tx_free_now, st.tx_max - 1);
	ck_assert_uint_eq(sv_read_once(&scmi_vio__ref_saturations), sat + 1);
	sv_write_once(&scmi_vio__ref_saturations, sat);
	vsf_down(f);
}
END_TEST

/* L-8 through the core: a polled raw command whose reply the inline
 * interrupt delivers before the poller looks. */
START_TEST(test_l8_polled_cmd_with_inline_interrupt)
{
	struct vsf *f = vsf_up_mode(2); /* inline device and interrupt */
	struct scmi_vio_virtio_scmi_stats st;
	uint8_t req[4], resp[16];
	struct scmi_vio_raw_msg rm;
	unsigned int i;

	for (i = 0; i < 100; i++) {
		vsf_cmd(req, 5 + i);
		rm = raw_msg(req, 4, SCMI_VIO_CMD_POLL, resp, sizeof(resp));
		ck_assert_int_eq(scmi_vio_raw_xfer(f->a, &rm), 0);
		ck_assert_uint_eq(rm.resp_len, 12);
	}
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.tx_completions, 100);
	ck_assert_uint_eq(st.poll_found, 0);
	ck_assert_uint_eq(st.msg_frees, 100);
	vsf_all_free(f->vs);
	vsf_down(f);
}
END_TEST

/*
 * L-9: T (polled, its poller timed out while the device held it), N
 * (interrupt-driven) and P (polled) are used in that order; P's poller
 * drains T and N onto the pending list; the worker delivers N and frees T.
 */
START_TEST(test_l9_poller_drains_others)
{
	struct scmi_vio_virtio_scmi_stats st, before;
	struct scmi_vio_agent_stats as0, as1;
	struct vsf *f = up(&hold_first, 1, 16);
	struct vs_msg *t, *n, *p;

	t = send1(f, 1, true);
	/* T times out: it stays the device's (S-8). */
	scmi_vio__vs_txdone_msg(f->vs, t, -ETIMEDOUT);
	ck_assert_uint_eq(sv_read_once(&t->poll_status), VS_POLL_TIMEOUT);
	vsf_device_holds(f->vs, 1);
	n = send1(f, 2, false);
	(void)n;
	/* Let T's delayed reply out, after N's. */
	while (scmi_vio_platform_dev_has_deferred(scmi_vio_loopback_dev(f->lb)))
		scmi_vio_loopback_kick(f->lb);
	scmi_vio_agent_get_stats(f->a, &as0);
	scmi_vio_virtio_scmi_get_stats(f->vs, &before);
	p = send1(f, 3, true);
	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, p), 1);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.prefetched - before.prefetched, 2);
	/* The worker thread delivers N and frees T. */
	VSF_WAIT((scmi_vio_virtio_scmi_get_stats(f->vs, &st),
		  st.worker_delivered + st.worker_freed == 2));
	ck_assert_uint_eq(st.worker_delivered, 1);
	ck_assert_uint_eq(st.worker_freed, 1);
	scmi_vio_agent_get_stats(f->a, &as1);
	/* N's reply reached the core (an unknown token there). */
	ck_assert_uint_eq(as1.unexpected - as0.unexpected, 1);
	scmi_vio__vs_txdone_msg(f->vs, p, 0);
	vsf_all_free(f->vs);
	ck_assert_uint_eq(vsf_stats(f->vs).parked, 1);
	ck_assert_uint_eq(vsf_stats(f->vs).msg_frees, 3);
	vsf_down(f);
}
END_TEST

/*
 * D-10 / S-8 / S-15: a device that never replies keeps every buffer; sends
 * fail with -EAGAIN once the pool is empty; timed-out messages are never
 * forced back; shutdown still completes.
 */
START_TEST(test_d10_device_keeps_buffers)
{
	const struct scmi_vio_fault_rule rule = {
		.kind = SCMI_VIO_FAULT_DROP_REPLY,
	};
	struct vsf *f = up(&rule, 1, 8);
	struct vs_msg *m[4];
	uint8_t pdu[4];
	struct vs_msg *x;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		m[i] = send1(f, i, i % 2);
		if (i % 2)
			scmi_vio__vs_txdone_msg(f->vs, m[i], -ETIMEDOUT);
	}
	vsf_cmd(pdu, 9);
	ck_assert_int_eq(scmi_vio__vs_send_msg(f->vs, pdu, 4, false, &x),
			 -EAGAIN);
	ck_assert_int_eq(scmi_vio__vs_poll_msg(f->vs, m[1]), 0);
	scmi_vio_virtio_scmi_process(f->vs);
	vsf_device_holds(f->vs, 4);
	ck_assert_uint_eq(vsf_stats(f->vs).send_busy, 1);
	ck_assert_uint_eq(vsf_stats(f->vs).parked, 2);
	ck_assert_uint_eq(vsf_stats(f->vs).msg_frees, 0);
	vsf_down(f);
}
END_TEST

/* S-10: a buffer returned without even a header fails its waiter now. */
START_TEST(test_s10_no_reply_fails_fast)
{
	const struct scmi_vio_fault_rule rule = {
		.kind = SCMI_VIO_FAULT_NO_REPLY,
	};
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_virtio_scmi_stats st;
	struct vsf *f;

	vc.irq_mode = SCMI_VIO_IRQ_EVENTFD;
	f = vsf_up_rules(&rule, 1, NULL, &vc, 60000);
	ck_assert_int_eq(vsf_version(f), -EPROTO);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.short_used, 1);
	vsf_all_free(f->vs);
	vsf_down(f);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_l7_poll_after_2_16_completions),
		CHECK_ONCE(test_l7_poll_after_2x2_16_completions),
		CHECK_LOOP(test_l8_polled_consumed_by_completion_path, 0, 2),
		CHECK_ONCE(test_l8_polled_consumed_by_other_poller),
		CHECK_ONCE(test_poll_fast_path_takes_no_channel_reference),
		CHECK_ONCE(test_pool_reuses_most_recently_freed),
		CHECK_ONCE(test_txdone_poll_done_wrong_count_leaks),
		CHECK_ONCE(test_l8_polled_cmd_with_inline_interrupt),
		CHECK_ONCE(test_l9_poller_drains_others),
		CHECK_ONCE(test_d10_device_keeps_buffers),
		CHECK_ONCE(test_s10_no_reply_fails_fast),
		{ NULL, 0, 0 },
	};

	return check_main("vs_poll", 120, tests);
}
