// SPDX-License-Identifier: BSD-3-Clause
/*
 * One judge for a fault plan, where it is given: the vhost-user server and
 * the loopback refuse a plan the platform device would refuse at their
 * create (-EINVAL), not when the first session or probe creates the
 * device.  A good plan passes both.
 */
#include <errno.h>
#include <string.h>

#include <scmi_vio/loopback.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/vhost_user_serve.h>

#include "check_run.h"

static const struct scmi_vio_fault_rule good_rule = {
	.kind = SCMI_VIO_FAULT_DELAY,
	.arg = 1
};
static const struct scmi_vio_fault_rule none_rule = {
	.kind = SCMI_VIO_FAULT_NONE
};
static const struct scmi_vio_fault_rule past_rule = {
	.kind = SCMI_VIO_FAULT_NR
};

/* _i picks one: 0 is good, every other one the device refuses. */
static void plan_of(int i, struct scmi_vio_fault_plan *p)
{
	memset(p, 0, sizeof(*p));
	switch (i) {
	case 0: /* a rule and random faults: good */
		p->rules = &good_rule;
		p->n_rules = 1;
		p->rate_ppm = 1000;
		p->kinds = 1u << SCMI_VIO_FAULT_DELAY;
		break;
	case 1: /* a rate without kinds to draw from */
		p->rate_ppm = 1000;
		break;
	case 2: /* kind NONE in the mask */
		p->rate_ppm = 1000;
		p->kinds = 1u << SCMI_VIO_FAULT_NONE |
			   1u << SCMI_VIO_FAULT_DELAY;
		break;
	case 3: /* a kind past the last one in the mask */
		p->rate_ppm = 1000;
		p->kinds = 1u << SCMI_VIO_FAULT_NR;
		break;
	case 4: /* more than a million per million */
		p->rate_ppm = 1000001;
		p->kinds = 1u << SCMI_VIO_FAULT_DELAY;
		break;
	case 5: /* a rule of kind NONE */
		p->rules = &none_rule;
		p->n_rules = 1;
		break;
	case 6: /* a rule of no kind at all */
		p->rules = &past_rule;
		p->n_rules = 1;
		break;
	case 7: /* kinds that are no fault, without a rate */
		p->kinds = 1u << 31;
		break;
	}
}

#define N_PLANS 8

START_TEST(test_vhost_user_serve_judges_plan_at_create)
{
	struct scmi_vio_vhost_user_serve_config sc;
	struct scmi_vio_vhost_user_serve *srv = NULL;
	struct scmi_vio_platform_config pc;
	struct scmi_vio_fault_plan plan;

	plan_of(_i, &plan);
	scmi_vio_platform_config_default(&pc);
	memset(&sc, 0, sizeof(sc));
	sc.platform = &pc;
	sc.faults = &plan;
	ck_assert_int_eq(scmi_vio_vhost_user_serve_create(&sc, &srv),
			 _i ? -EINVAL : 0);
	ck_assert(_i ? srv == NULL : srv != NULL);
	scmi_vio_vhost_user_serve_destroy(srv);
}
END_TEST

START_TEST(test_loopback_judges_plan_at_create)
{
	struct scmi_vio_loopback_config lc;
	struct scmi_vio_loopback *lb = NULL;
	struct scmi_vio_fault_plan plan;

	plan_of(_i, &plan);
	memset(&lc, 0, sizeof(lc));
	lc.faults = &plan;
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), _i ? -EINVAL : 0);
	ck_assert(_i ? lb == NULL : lb != NULL);
	scmi_vio_loopback_destroy(lb);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("fault_plan_judged");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_vhost_user_serve_judges_plan_at_create, 0,
			    N_PLANS);
	tcase_add_loop_test(tc, test_loopback_judges_plan_at_create, 0,
			    N_PLANS);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
