// SPDX-License-Identifier: BSD-3-Clause
/*
 * Agent setup against what a transport and the allocator can do to it:
 * L-6 (every allocation of an agent create, a notification protocol
 * registration and a subscription failed in turn: -ENOMEM or -EAGAIN,
 * nothing handed out, the live heap where it was, then the same call
 * works); transports the core must refuse (a missing op, a message count
 * or payload size out of range, an attach that fails); and a transport
 * without an event channel that still delivers a notification (counted
 * invalid and dropped, S-18).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "alloc_fail.h"
#include "check_run.h"
#include "fake_transport.h"
#include <scmi_vio/scmi_notify.h>

static int sub_cb_calls;

static void sub_cb(const struct scmi_vio_notify_report *r, void *arg)
{
	(void)r;
	(void)arg;
	sub_cb_calls++;
}

static const struct scmi_vio_notify_event_desc evs[] = { { 0, 8 } };

static const struct scmi_vio_notify_proto_desc desc = {
	.protocol = 0x90,
	.events = evs,
	.n_events = 1,
	.num_sources = 4,
};

static int agent_step(void *ctx)
{
	return ft_agent(ctx, NULL);
}

static void agent_failed(void *ctx, unsigned long n)
{
	struct ft *ft = ctx;

	ck_assert_msg(!ft->agent, "N=%lu: attached", n); /* never attached */
}

START_TEST(test_l6_agent_create)
{
	struct ft *ft = ft_create(16, 128);

	ck_assert_uint_gt(alloc_fail_each(agent_step, agent_failed, ft, false),
			  3);
	ck_assert_ptr_nonnull(ft->agent);
	ft_destroy(ft);
}
END_TEST

static int register_step(void *ctx)
{
	return scmi_vio_notify_register_protocol(((struct ft *)ctx)->agent,
						 &desc);
}

struct sub_step {
	struct ft *ft;
	uint8_t protocol;
	struct scmi_vio_notify_sub *s;
};

static int subscribe_step(void *ctx)
{
	struct sub_step *st = ctx;

	st->s = NULL;
	return scmi_vio_notify_subscribe(st->ft->agent, st->protocol, 0, 1,
					 sub_cb, NULL, &st->s);
}

static void subscribe_failed(void *ctx, unsigned long n)
{
	ck_assert_msg(!((struct sub_step *)ctx)->s, "N=%lu", n);
}

START_TEST(test_l6_register_and_subscribe)
{
	struct ft *ft = ft_create(16, 128);
	struct sub_step st = { .ft = ft };

	ck_assert_int_eq(ft_agent(ft, NULL), 0);
	/* -EAGAIN: the dispatcher thread could not start. */
	ck_assert_uint_gt(alloc_fail_each(register_step, NULL, ft, true), 5);
	/* Before the protocol is known (pending), and after. */
	st.protocol = 0x91;
	alloc_fail_each(subscribe_step, subscribe_failed, &st, false);
	scmi_vio_notify_unsubscribe(ft->agent, st.s);
	st.protocol = 0x90;
	ck_assert_uint_gt(alloc_fail_each(subscribe_step, subscribe_failed, &st,
					  false),
			  1);
	scmi_vio_notify_unsubscribe(ft->agent, st.s);
	ft_destroy(ft);
}
END_TEST

static unsigned int n_tx = 16, n_rx = 16;
static size_t payload = 128;

static unsigned int my_max_msg(void *tp, enum scmi_vio_chan_dir dir)
{
	(void)tp;
	return dir == SCMI_VIO_CHAN_TX ? n_tx : n_rx;
}

static size_t my_max_payload(void *tp)
{
	(void)tp;
	return payload;
}

static int failing_attach(void *tp, struct scmi_vio_agent *a)
{
	(void)tp;
	(void)a;
	return -ENODEV;
}

/* One refusal: @ops with one thing wrong. */
static void refused(struct ft *ft, const struct scmi_vio_transport_ops *ops,
		    int want)
{
	struct scmi_vio_agent *a = (void *)1;
	long before = alloc_live(), after;
	int r = scmi_vio_agent_create(NULL, ops, ft, &a);

	after = alloc_live();
	ck_assert_int_eq(r, want);
	ck_assert_ptr_eq(a, (void *)1);
	ck_assert_int_eq(after, before);
}

/* The callbacks a transport must have (a NULL one is refused). */
static const size_t required[] = {
	offsetof(struct scmi_vio_transport_ops, send),
	offsetof(struct scmi_vio_transport_ops, fetch_response),
	offsetof(struct scmi_vio_transport_ops, mark_txdone),
	offsetof(struct scmi_vio_transport_ops, max_msg),
	offsetof(struct scmi_vio_transport_ops, max_payload),
};

/* Message counts out of 1..1024 each way, payloads out of 8..65535. */
static const struct {
	unsigned int tx, rx;
	size_t payload;
} bad_sizes[] = {
	{ 0, 16, 128 }, { SCMI_VIO_MAX_TOKENS + 1, 16, 128 },
	{ 16, 0, 128 }, { 16, SCMI_VIO_MAX_TOKENS + 1, 128 },
	{ 16, 16, 7 },	{ 16, 16, 65536 },
};

START_TEST(test_transport_refused)
{
	struct ft *ft = ft_create(16, 128);
	struct scmi_vio_transport_ops ops = ft->ops, bad;
	struct scmi_vio_agent *a;
	unsigned int i;

	ops.max_msg = my_max_msg;
	ops.max_payload = my_max_payload;
	refused(ft, NULL, -EINVAL);
	ck_assert_int_eq(scmi_vio_agent_create(NULL, &ops, ft, NULL), -EINVAL);
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		bad = ops;
		memset((char *)&bad + required[i], 0, sizeof(bad.send));
		refused(ft, &bad, -EINVAL);
	}
	for (i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		n_tx = bad_sizes[i].tx;
		n_rx = bad_sizes[i].rx;
		payload = bad_sizes[i].payload;
		refused(ft, &ops, -EINVAL);
	}
	n_tx = n_rx = 16;
	payload = 128;
	/* The attach's own error, after everything else was set up. */
	bad = ops;
	bad.attach = failing_attach;
	refused(ft, &bad, -ENODEV);
	/* The edges are fine. */
	n_tx = n_rx = SCMI_VIO_MAX_TOKENS;
	payload = 8;
	ops.attach = NULL;
	ck_assert_int_eq(scmi_vio_agent_create(NULL, &ops, ft, &a), 0);
	scmi_vio_agent_destroy(a);
	ft_destroy(ft);
}
END_TEST

/* S-18: a notification from a transport that said it has no event
 * channel is counted invalid and dropped, not fetched. */
START_TEST(test_s18_notification_without_event_channel)
{
	struct ft *ft = ft_create(16, 128);
	struct scmi_vio_agent_stats st;
	struct scmi_vio_notify_sub *s;
	uint8_t p[8] = { 0 };

	ft->ops.fetch_notification = NULL;
	ck_assert_int_eq(ft_agent(ft, NULL), 0);
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &desc),
			 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, 0x90, 0, 0,
						   sub_cb, NULL, &s),
			 0);
	sub_cb_calls = 0;
	ft_notify(ft, 0x90, 0, p, sizeof(p));
	scmi_vio_agent_get_stats(ft->agent, &st);
	ck_assert_uint_eq(st.invalid, 1);
	ck_assert_uint_eq(st.notifications, 0);
	scmi_vio_notify_unsubscribe(ft->agent, s);
	ck_assert_int_eq(sub_cb_calls, 0);
	ft_destroy(ft);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_l6_agent_create, test_l6_register_and_subscribe,
		test_transport_refused,
		test_s18_notification_without_event_channel, NULL
	};

	return check_run(check_suite("scmi_setup", "setup", 0, tests));
}
