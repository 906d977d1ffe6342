// SPDX-License-Identifier: BSD-3-Clause
/*
 * The S- cases of docs/hostile-inputs.md, driven through the platform's fault
 * injection over the whole stack (agent, virtio-scmi transport, rings,
 * platform device in its thread, interrupt thread).  After each one the
 * transport is consistent: every buffer the device returned is back in the
 * pool, the event queue is fully re-fed, and the next command works.
 */
#include <errno.h>
#include <sched.h>

#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_perf.h>
#include <scmi_vio/scmi_raw.h>

#include "check_run.h"
#include "raw_msg.h"
#include "vs_fixture.h"

#define TMO_MS 300u

/* Fault @kind (argument @arg) on the first command only. */
static unsigned int complete_budget; /* 0: the default */

static struct vsf *up_fault(enum scmi_vio_fault_kind kind, uint32_t arg,
			    enum scmi_vio_irq_mode mode)
{
	const struct scmi_vio_fault_rule rule = { .kind = kind,
						  .arg = arg,
						  .times = 1 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };

	vc.irq_mode = mode;
	vc.complete_budget = complete_budget;
	return vsf_up_rules(&rule, 1, NULL, &vc, TMO_MS);
}

/* The fault fired, the next command works, the transport is whole. */
static void after(struct vsf *f, enum scmi_vio_fault_kind kind)
{
	struct scmi_vio_virtio_scmi_stats st;

	ck_assert_uint_eq(scmi_vio_platform_dev_fault_count(
				  scmi_vio_loopback_dev(f->lb), kind),
			  1);
	ck_assert_int_eq(vsf_version(f), 0);
	vsf_all_free(f->vs);
	VSF_WAIT((scmi_vio_virtio_scmi_get_stats(f->vs, &st),
		  st.rx_refed == st.rx_max + st.rx_events));
	ck_assert_uint_eq(st.broken, 0);
	vsf_down(f);
}

/*
 * S-1..S-4, S-17: a reply whose header does not fit the command, in the
 * command's own buffer: counted invalid, its buffer recycled, and the
 * command, whose reply can no longer come, fails at once.  A duplicate
 * reply (written over the next command's buffer): the first command
 * succeeds; the copy is invalid for the second, which fails at once
 * instead of being completed with it.
 */
static const struct {
	enum scmi_vio_fault_kind kind;
	enum scmi_vio_irq_mode mode;
	bool dup;
} header_faults[] = {
	/* S-1: another token */
	{ SCMI_VIO_FAULT_WRONG_TOKEN, SCMI_VIO_IRQ_INLINE, false },
	{ SCMI_VIO_FAULT_WRONG_TOKEN, SCMI_VIO_IRQ_EVENTFD, false },
	/* S-2: reserved header bits set */
	{ SCMI_VIO_FAULT_CORRUPT_HDR, SCMI_VIO_IRQ_INLINE, false },
	{ SCMI_VIO_FAULT_CORRUPT_HDR, SCMI_VIO_IRQ_EVENTFD, false },
	/* S-3: the token matches, the protocol or message id does not */
	{ SCMI_VIO_FAULT_WRONG_PROTO, SCMI_VIO_IRQ_EVENTFD, false },
	{ SCMI_VIO_FAULT_WRONG_MSG_ID, SCMI_VIO_IRQ_EVENTFD, false },
	/* S-4: a duplicate reply */
	{ SCMI_VIO_FAULT_DUP_REPLY, SCMI_VIO_IRQ_INLINE, true },
	{ SCMI_VIO_FAULT_DUP_REPLY, SCMI_VIO_IRQ_EVENTFD, true },
};

START_TEST(test_s1_s4_reply_header_faults)
{
	struct vsf *f =
		up_fault(header_faults[_i].kind, 0, header_faults[_i].mode);
	struct scmi_vio_agent_stats as;

	if (header_faults[_i].dup)
		ck_assert_int_eq(vsf_version(f), 0);
	ck_assert_int_eq(vsf_version(f), -EPROTO);
	scmi_vio_agent_get_stats(f->a, &as);
	if (header_faults[_i].dup) {
		ck_assert_uint_eq(as.unexpected + as.invalid, 1);
	} else {
		ck_assert_uint_eq(as.invalid, 1);
		ck_assert_uint_eq(as.unexpected, 0);
	}
	after(f, header_faults[_i].kind);
}
END_TEST

/*
 * S-17: the device rewrites the header in a POLLED command's own reply
 * buffer (another token, protocol, message id, reserved bits).  Judged
 * exactly like an interrupt reply: counted invalid, the command fails at
 * once with -EPROTO and none of the bytes; the buffer goes back to the
 * pool.  Interrupt modes inline and eventfd (_i / 4).
 */
START_TEST(test_s17_polled_forged_reply)
{
	static const enum scmi_vio_fault_kind kinds[] = {
		SCMI_VIO_FAULT_WRONG_TOKEN,
		SCMI_VIO_FAULT_WRONG_PROTO,
		SCMI_VIO_FAULT_WRONG_MSG_ID,
		SCMI_VIO_FAULT_CORRUPT_HDR,
	};
	const enum scmi_vio_fault_kind k = kinds[_i % 4];
	struct vsf *f = up_fault(k, 0, (enum scmi_vio_irq_mode)(_i / 4));
	struct scmi_vio_agent_stats as;
	struct scmi_vio_cmd c;
	uint8_t rx[16];

	memset(&c, 0, sizeof(c));
	c.protocol = SCMI_VIO_PROTO_BASE;
	c.msg_id = SCMI_VIO_MSG_PROTOCOL_VERSION;
	c.flags = SCMI_VIO_CMD_POLL;
	c.rx = rx;
	c.rx_cap = sizeof(rx);
	ck_assert_int_eq(scmi_vio_agent_do_cmd(f->a, &c), -EPROTO);
	ck_assert_uint_eq(c.rx_len, 0);
	scmi_vio_agent_get_stats(f->a, &as);
	ck_assert_uint_eq(as.invalid, 1);
	ck_assert_uint_eq(as.responses, 0);
	ck_assert_uint_eq(as.timeouts, 0);
	after(f, k);
}
END_TEST

/* S-5: a delayed response to a synchronous command: dropped. */
START_TEST(test_s5_unsolicited_dresp)
{
	struct vsf *f = up_fault(SCMI_VIO_FAULT_UNSOLICITED, 0, _i);
	struct scmi_vio_agent_stats as;

	ck_assert_int_eq(vsf_version(f), 0);
	VSF_WAIT((scmi_vio_agent_get_stats(f->a, &as),
		  as.unexpected + as.invalid == 1));
	ck_assert_uint_eq(as.delayed_responses, 0);
	after(f, SCMI_VIO_FAULT_UNSOLICITED);
}
END_TEST

/* S-6: the delayed response overtakes its response: both waits end. */
START_TEST(test_s6_dresp_first)
{
	const struct scmi_vio_fault_rule rule = {
		.kind = SCMI_VIO_FAULT_DRESP_FIRST,
		.match = SCMI_VIO_FAULT_MATCH_PROTO |
			 SCMI_VIO_FAULT_MATCH_MSG_ID,
		.protocol = SCMI_VIO_PROTO_CLOCK,
		.msg_id = 0x5, /* CLOCK_RATE_SET */
	};
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_agent_stats as;
	struct vsf *f;
	uint64_t rate;

	vc.irq_mode = (enum scmi_vio_irq_mode)_i;
	f = vsf_up_rules(&rule, 1, NULL, &vc, 5000);
	ck_assert_int_eq(scmi_vio_clock_rate_set_async(f->a, 0, 1000000000, 0,
						       &rate),
			 0);
	ck_assert_uint_eq(rate, 1000000000);
	scmi_vio_agent_get_stats(f->a, &as);
	ck_assert_uint_eq(as.delayed_responses, 1);
	ck_assert_uint_eq(as.timeouts, 0);
	after(f, SCMI_VIO_FAULT_DRESP_FIRST);
}
END_TEST

/*
 * S-8: the reply comes after the caller gave up: dropped as unexpected;
 * the buffer is freed only when the device returns it (polled: parked as
 * POLL_TIMEOUT meanwhile).
 */
START_TEST(test_s8_late_reply)
{
	struct vsf *f = up_fault(SCMI_VIO_FAULT_DELAY, 1000000, _i);
	struct scmi_vio_virtio_scmi_stats st;
	struct scmi_vio_agent_stats as;
	uint8_t req[4], resp[16];
	struct scmi_vio_raw_msg rm;
	struct vsf_acct ac;

	vsf_cmd(req, 5);
	rm = raw_msg(req, 4, SCMI_VIO_CMD_POLL, resp, sizeof(resp));
	ck_assert_int_eq(scmi_vio_raw_xfer(f->a, &rm), -ETIMEDOUT);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.parked, 1);
	vsf_device_holds(f->vs, 1);
	/* Other traffic flows meanwhile. */
	ck_assert_int_eq(vsf_version(f), 0);
	ck_assert_uint_eq(
		scmi_vio_platform_dev_fault_count(scmi_vio_loopback_dev(f->lb),
						  SCMI_VIO_FAULT_DELAY),
		1);
	scmi_vio_agent_get_stats(f->a, &as);
	ck_assert_uint_eq(as.timeouts, 1);
	/* The other command's buffer is finalized just after it returns. */
	VSF_WAIT((vsf_account(f->vs, &ac), ac.free + ac.device == ac.max));
	vsf_down(f);
}
END_TEST

/* S-10: a response shorter than 8 bytes fails with -EPROTO, the status is
 * never read from bytes the device did not write. */
START_TEST(test_s10_short_response)
{
	struct vsf *f = up_fault(SCMI_VIO_FAULT_SHORT_LEN, (uint32_t)_i, 0);

	ck_assert_int_eq(vsf_version(f), -EPROTO);
	after(f, SCMI_VIO_FAULT_SHORT_LEN);
}
END_TEST

/* S-11: a used length beyond what was written (the whole buffer): the
 * payload is clamped to the caller's buffer, nothing overflows. */
START_TEST(test_s11_long_response)
{
	struct vsf *f = up_fault(SCMI_VIO_FAULT_LONG_LEN, 0, _i);
	struct scmi_vio_virtio_scmi_stats st;
	uint8_t req[4], resp[12];
	struct scmi_vio_raw_msg rm;

	vsf_cmd(req, 5);
	rm = raw_msg(req, 4, 0, resp, sizeof(resp));
	ck_assert_int_eq(scmi_vio_raw_xfer(f->a, &rm), 0);
	/* The device claimed its whole writable buffer. */
	ck_assert_uint_eq(rm.resp_len, scmi_vio__vs_pdu_size(f->vs));
	ck_assert_uint_eq(sv_get_le32(resp), sv_get_le32(req));
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.short_used, 0);
	after(f, SCMI_VIO_FAULT_LONG_LEN);
}
END_TEST

static unsigned int clock_events; /* ATOMIC */

static void on_clock(const struct scmi_vio_notify_report *r, void *arg)
{
	sv_fetch_add(&clock_events, 1);
}

/* S-13 / S-14: a storm of Base error events nobody registered: dropped
 * and counted; event buffers always re-fed; Clock events still flow. */
START_TEST(test_s13_notification_storm)
{
	struct vsf *f = up_fault(SCMI_VIO_FAULT_NOTIF_STORM, 500, _i);
	struct scmi_vio_virtio_scmi_stats st;
	struct scmi_vio_agent_stats as;
	struct scmi_vio_notify_sub *sub;

	sv_write_once(&clock_events, 0);
	ck_assert_int_eq(scmi_vio_clock_register_events(f->a), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(f->a, SCMI_VIO_PROTO_CLOCK,
						   SCMI_VIO_CLOCK_RATE_CHANGED,
						   3, on_clock, NULL, &sub),
			 0);
	ck_assert_int_eq(scmi_vio_clock_rate_set(f->a, 3, 800000000, 0), 0);
	VSF_WAIT(sv_read_once(&clock_events) == 1);
	/* Every event reaped reaches the core (counted just after). */
	VSF_WAIT((scmi_vio_agent_get_stats(f->a, &as),
		  scmi_vio_virtio_scmi_get_stats(f->vs, &st),
		  as.unknown_event + as.notifications == st.rx_events));
	/* The platform's outbox bounds the storm (it drops the rest). */
	ck_assert_uint_gt(st.rx_events, 8);
	ck_assert_uint_gt(as.unknown_event, 0);
	scmi_vio_notify_unsubscribe(f->a, sub);
	after(f, SCMI_VIO_FAULT_NOTIF_STORM);
}
END_TEST

/*
 * D-11: an interrupt storm.  The inline interrupt runs on the device's
 * thread right after it pushed a burst of events, so with a budget of 2
 * the first completion call finds more than it may handle: it returns,
 * leaving the rest to the worker, and nothing is lost.
 */
START_TEST(test_d11_storm_bounded_per_interrupt)
{
	struct scmi_vio_virtio_scmi_stats st;
	struct scmi_vio_agent_stats as;
	struct vsf *f;

	complete_budget = 2;
	f = up_fault(SCMI_VIO_FAULT_NOTIF_STORM, 500, SCMI_VIO_IRQ_INLINE);
	complete_budget = 0;
	ck_assert_int_eq(scmi_vio_clock_rate_set(f->a, 3, 800000000, 0), 0);
	VSF_WAIT((scmi_vio_agent_get_stats(f->a, &as),
		  scmi_vio_virtio_scmi_get_stats(f->vs, &st),
		  st.rx_events > 8 &&
			  as.unknown_event + as.notifications == st.rx_events));
	ck_assert_uint_gt(st.budget_deferred, 0);
	ck_assert_uint_gt(st.worker_runs, 0);
	after(f, SCMI_VIO_FAULT_NOTIF_STORM);
}
END_TEST

static uint64_t storm_next; /* the dispatcher's: the next sequence due */
static unsigned int storm_seen, storm_disorder; /* ATOMIC */

static void on_storm(const struct scmi_vio_notify_report *r, void *arg)
{
	/* A storm event's one report is its sequence number. */
	if (r->base_error.count != 1 || r->base_error.reports[0] < storm_next)
		sv_fetch_add(&storm_disorder, 1);
	else
		storm_next = r->base_error.reports[0] + 1;
	sv_fetch_add(&storm_seen, 1);
}

/*
 * Invariant 9 under D-11: with a budget of 2 the interrupt context (the
 * device's thread inline, or the interrupt thread) and the worker both
 * run the event completion path; the subscriber still sees the storm in
 * the order the platform raised it, and every event is delivered or
 * counted as dropped.
 */
START_TEST(test_d11_storm_in_order)
{
	const struct scmi_vio_fault_rule rule = {
		.match = SCMI_VIO_FAULT_MATCH_PROTO |
			 SCMI_VIO_FAULT_MATCH_MSG_ID,
		.protocol = SCMI_VIO_PROTO_BASE,
		.msg_id = 0x0, /* PROTOCOL_VERSION, not the enable command */
		.kind = SCMI_VIO_FAULT_NOTIF_STORM,
		.arg = 500,
		.times = 1,
	};
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_virtio_scmi_stats st;
	struct scmi_vio_agent_stats as;
	struct scmi_vio_notify_sub *sub;
	struct vsf *f;

	lc.max_notifications = 512;
	vc.irq_mode = _i ? SCMI_VIO_IRQ_EVENTFD : SCMI_VIO_IRQ_INLINE;
	vc.complete_budget = 2;
	storm_next = 0;
	sv_write_once(&storm_seen, 0);
	sv_write_once(&storm_disorder, 0);
	f = vsf_up_rules(&rule, 1, &lc, &vc, TMO_MS);
	ck_assert_int_eq(scmi_vio_base_register_events(f->a), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(f->a, SCMI_VIO_PROTO_BASE,
						   SCMI_VIO_BASE_ERROR_EVENT,
						   SCMI_VIO_NOTIFY_ALL_SRC,
						   on_storm, NULL, &sub),
			 0);
	ck_assert_int_eq(vsf_version(f), 0);
	VSF_WAIT((scmi_vio_agent_get_stats(f->a, &as),
		  sv_read_once(&storm_seen) + as.queue_full == 500));
	scmi_vio_notify_unsubscribe(f->a, sub);
	ck_assert_uint_eq(sv_read_once(&storm_disorder), 0);
	ck_assert_uint_eq(as.unknown_event + as.invalid + as.rx_nomem, 0);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_gt(st.budget_deferred, 0);
	after(f, SCMI_VIO_FAULT_NOTIF_STORM);
}
END_TEST

/* S-16: no event buffers used for a while: the delayed response waits
 * for one and the async command still completes. */
START_TEST(test_s16_withheld_eventq)
{
	struct vsf *f = up_fault(SCMI_VIO_FAULT_WITHHOLD_EVQ, 20, _i);
	uint64_t rate;

	ck_assert_int_eq(scmi_vio_clock_rate_set_async(f->a, 0, 1000000000, 0,
						       &rate),
			 0);
	after(f, SCMI_VIO_FAULT_WITHHOLD_EVQ);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_s1_s4_reply_header_faults, 0,
			   sizeof(header_faults) / sizeof(header_faults[0])),
		CHECK_LOOP(test_s17_polled_forged_reply, 0, 8),
		/* _i: interrupt delivery, 0 inline, 1 eventfd thread */
		CHECK_LOOP(test_s5_unsolicited_dresp, 0, 2),
		CHECK_LOOP(test_s6_dresp_first, 0, 2),
		CHECK_LOOP(test_s8_late_reply, 0, 2),
		/* _i: the used length the device reports, 0..7 */
		CHECK_LOOP(test_s10_short_response, 0, 8),
		CHECK_LOOP(test_s11_long_response, 0, 2),
		CHECK_LOOP(test_s13_notification_storm, 0, 2),
		CHECK_LOOP(test_s16_withheld_eventq, 0, 2),
		CHECK_ONCE(test_d11_storm_bounded_per_interrupt),
		CHECK_LOOP(test_d11_storm_in_order, 0, 2),
		{ NULL, 0, 0 },
	};

	return check_main("vs_faults", 60, tests);
}
