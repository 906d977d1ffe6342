// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi_vio_platform_dev_arm(): a device its caller services (no device
 * thread) facing a driver with EVENT_IDX, which kicks only when it passes
 * the device's avail_event.  The device is serviced only when kicked, as a
 * VMM serves a guest it does not poll; without the re-arm the driver's
 * second request is never kicked for and stays stranded.
 */
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/virtqueue.h>

#include "check_run.h"
#include "dev_fixture.h"

#define ARM_FEATURES (TD_FEATURES | 1ull << SCMI_VIO_F_EVENT_IDX)

/* Base PROTOCOL_VERSION with token @tok: any command will do. */
static uint32_t version_hdr(unsigned int tok)
{
	return (uint32_t)SCMI_VIO_PROTO_BASE << SCMI_VIO_HDR_PROTO_SHIFT |
	       (uint32_t)tok << SCMI_VIO_HDR_TOKEN_SHIFT;
}

static void setup_event_idx(struct tdev *t,
			    struct scmi_vio_platform_dev_config *extra)
{
	td_guest(t, ARM_FEATURES, false);
	td_device(t, ARM_FEATURES, extra);
}

/* A kick came: service until idle and re-armed, never sleeping between. */
static unsigned int serve_kicked(struct tdev *t)
{
	unsigned int handled = 0;
	int n;

	for (;;) {
		while ((n = scmi_vio_platform_dev_service(t->dev)) > 0)
			handled += (unsigned int)n;
		ck_assert_int_eq(n, 0);
		if (scmi_vio_platform_dev_arm(t->dev))
			return handled;
	}
}

/* Post request @i; service when (and only when) the driver kicks. */
static bool post_and_maybe_serve(struct tdev *t, unsigned int i)
{
	bool kick;

	td_post_words(t, i % TD_NUM, version_hdr(i % 1024), 0, NULL);
	kick = scmi_vio_vq_kick_prepare(t->cmdq);
	if (kick)
		serve_kicked(t);
	return kick;
}

/* Many requests, one at a time: each is kicked for and answered. */
START_TEST(test_event_idx_driver_is_never_stranded)
{
	struct tdev t;
	unsigned int i, kicks = 0;
	uint32_t len;

	setup_event_idx(&t, NULL);
	for (i = 0; i < 3 * TD_NUM + 5; i++) {
		kicks += post_and_maybe_serve(&t, i);
		ck_assert_uint_eq(td_reap(&t, &len), i % TD_NUM);
		ck_assert_uint_ge(len, 8);
	}
	/* Every request was kicked for: avail_event followed us. */
	ck_assert_uint_eq(kicks, i);
	td_no_used(&t);
	td_teardown(&t);
}
END_TEST

/*
 * The re-check: a request made available after the last round but before
 * arm() is not kicked for (avail_event still names the one before it), so
 * arm() must report it instead of letting the caller sleep.
 */
START_TEST(test_arm_reports_work_that_raced_in)
{
	struct tdev t;
	uint32_t len;

	setup_event_idx(&t, NULL);
	td_post_words(&t, 0, version_hdr(1), 0, NULL);
	ck_assert(scmi_vio_vq_kick_prepare(t.cmdq));
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	/* The device is between its last round and arm(). */
	td_post_words(&t, 1, version_hdr(2), 0, NULL);
	ck_assert(!scmi_vio_vq_kick_prepare(t.cmdq));
	ck_assert(!scmi_vio_platform_dev_arm(t.dev));
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	ck_assert(scmi_vio_platform_dev_arm(t.dev));
	ck_assert_uint_eq(td_reap(&t, &len), 0);
	ck_assert_uint_eq(td_reap(&t, &len), 1);
	/* Armed: the next request is kicked for. */
	td_post_words(&t, 2, version_hdr(3), 0, NULL);
	ck_assert(scmi_vio_vq_kick_prepare(t.cmdq));
	td_teardown(&t);
}
END_TEST

/*
 * The eventq: a delayed response waits for a buffer (none offered), the
 * device arms the eventq too, and the driver's buffer, past the index the
 * eventq stopped at, is kicked for.  Each command here gets an unsolicited
 * delayed response (UNSOLICITED), so the outbox has something to send.
 */
START_TEST(test_arm_covers_the_eventq_while_the_outbox_waits)
{
	static const struct scmi_vio_fault_rule rule = {
		.kind = SCMI_VIO_FAULT_UNSOLICITED,
	};
	const struct scmi_vio_fault_plan plan = { .rules = &rule,
						  .n_rules = 1 };
	struct scmi_vio_platform_dev_config extra = { .faults = &plan };
	struct tdev t;
	unsigned int i;
	uint32_t len;

	setup_event_idx(&t, &extra);
	/* Two buffers taken by two events: the eventq's index moves on. */
	td_feed_event(&t, 0, 64);
	td_feed_event(&t, 1, 64);
	ck_assert(scmi_vio_vq_kick_prepare(t.evq));
	for (i = 0; i < 2; i++) {
		ck_assert(post_and_maybe_serve(&t, i));
		td_reap(&t, &len);
		td_reap_event(&t, &len);
	}
	/* A third event with no buffer: it waits in the outbox. */
	ck_assert(post_and_maybe_serve(&t, 2));
	td_reap(&t, &len);
	td_no_event(&t);
	/* The buffer that lets it out must be kicked for. */
	td_feed_event(&t, 2, 64);
	ck_assert(scmi_vio_vq_kick_prepare(t.evq));
	ck_assert_uint_eq(serve_kicked(&t), 1);
	td_reap_event(&t, &len);
	ck_assert_uint_ge(len, 8);
	td_teardown(&t);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_event_idx_driver_is_never_stranded,
		test_arm_reports_work_that_raced_in,
		test_arm_covers_the_eventq_while_the_outbox_waits,
		NULL,
	};

	return check_run(check_suite("platform_dev_arm", "arm", 30, tests));
}
