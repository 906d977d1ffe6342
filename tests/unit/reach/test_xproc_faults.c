// SPDX-License-Identifier: BSD-3-Clause
/*
 * The cross-process device's fault plan: judged at create (-EINVAL, as the
 * platform device would), and carried to the server by the one command-line
 * encoder (server_args.c), scripted rules and random faults alike, so the
 * server injects exactly what was asked.
 */
#include <errno.h>
#include <string.h>

#include <scmi_vio/platform_fault.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/xproc.h>

#include "xproc_agent.h"
#include "check_run.h"

#ifndef SCMI_VIO_PLATFORM_SERVER
#error "SCMI_VIO_PLATFORM_SERVER must name the platform server"
#endif

START_TEST(test_xproc_refuses_bad_plan_at_create)
{
	static const struct scmi_vio_fault_rule none = {
		.kind = SCMI_VIO_FAULT_NONE
	};
	struct scmi_vio_fault_plan plan = { .rate_ppm = 10 };
	struct scmi_vio_xproc_config xc;
	struct scmi_vio_xproc *xp = NULL;

	memset(&xc, 0, sizeof(xc));
	xc.server_path = SCMI_VIO_PLATFORM_SERVER;
	xc.faults = &plan;
	/* A rate without kinds. */
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), -EINVAL);
	ck_assert_ptr_null(xp);
	/* A rule of no kind. */
	memset(&plan, 0, sizeof(plan));
	plan.rules = &none;
	plan.n_rules = 1;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), -EINVAL);
	ck_assert_ptr_null(xp);
}
END_TEST

/*
 * _i 0: one scripted rule (the first Base PROTOCOL_VERSION comes back
 * unanswered, used length 0: -EPROTO, S-10), then no more.  _i 1: random
 * faults at a rate of one per command, of that kind only: every command
 * fails so.  The caller's plan is gone before the probe starts the server.
 */
START_TEST(test_xproc_plan_reaches_server)
{
	struct scmi_vio_fault_rule rule = {
		.match = SCMI_VIO_FAULT_MATCH_PROTO |
			 SCMI_VIO_FAULT_MATCH_MSG_ID,
		.protocol = SCMI_VIO_PROTO_BASE,
		.msg_id = 0,
		.kind = SCMI_VIO_FAULT_NO_REPLY,
		.times = 1,
	};
	struct scmi_vio_fault_plan plan = { 0 };
	struct scmi_vio_xproc_config xc;
	struct xproc_agent t;

	if (_i) {
		plan.seed = 7;
		plan.rate_ppm = 1000000;
		plan.kinds = 1u << SCMI_VIO_FAULT_NO_REPLY;
	} else {
		plan.rules = &rule;
		plan.n_rules = 1;
	}
	memset(&xc, 0, sizeof(xc));
	xc.server_path = SCMI_VIO_PLATFORM_SERVER;
	xc.faults = &plan;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &t.xp), 0);
	t.vd = scmi_vio_xproc_vdev(t.xp);
	memset(&rule, 0xa5, sizeof(rule));
	memset(&plan, 0xa5, sizeof(plan));
	xproc_agent_probe(&t, SCMI_VIO_IRQ_EVENTFD);
	ck_assert_int_eq(base_cmd(t.a, false, 0), -EPROTO);
	ck_assert_int_eq(base_cmd(t.a, false, 0), _i ? -EPROTO : 0);
	ck_assert_int_eq(base_cmd(t.a, false, 0), _i ? -EPROTO : 0);
	/* The server took its options and stopped cleanly. */
	xproc_agent_down(&t, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("xproc_faults");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_xproc_refuses_bad_plan_at_create);
	tcase_add_loop_test(tc, test_xproc_plan_reaches_server, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
