// SPDX-License-Identifier: BSD-3-Clause
/*
 * System power protocol server (0x12) against hand-written bytes, and the
 * platform-initiated SYSTEM_POWER_STATE_NOTIFIER a VMM sends: default
 * configuration (warm reset and suspend supported), SCMI 3.2 and 2.0.
 */
#include <errno.h>

#include "check_run.h"
#include "plat_fixture.h"

#define P_SYS 0x12

static struct {
	unsigned int calls;
	uint32_t state, flags;
} cb;

static void on_request(void *arg, uint32_t state, uint32_t flags)
{
	ck_assert_ptr_eq(arg, &cb);
	cb.calls++;
	cb.state = state;
	cb.flags = flags;
}

static struct scmi_vio_platform *plat_sys(enum scmi_vio_scmi_release r,
					  bool optional, bool p2a)
{
	struct scmi_vio_platform_config cfg;
	struct scmi_vio_platform *plat = NULL;

	scmi_vio_platform_config_default(&cfg);
	cfg.release = r;
	cfg.sys_warm_reset = cfg.sys_suspend = optional;
	cfg.sys_power_cb = on_request;
	cfg.sys_power_arg = &cb;
	cfg.p2a = p2a;
	plat = plat_create(&cfg);
	memset(&cb, 0, sizeof(cb));
	return plat;
}

static struct scmi_vio_platform *plat_sys_default(void)
{
	return plat_sys(SCMI_VIO_SCMI_3_2, true, 1);
}

static const struct plat_step sys_protocol[] = {
	{ ASK(H(P_SYS, 0x0, 1), 0), REPLY_OK(W(0x00020001)) },
	{ ASK(H(P_SYS, 0x1, 1), 0), REPLY_OK(W(0)) },
	/* SET: warm reset [31] and suspend [30] supported. */
	{ ASK(H(P_SYS, 0x2, 1), 1, 0x3), REPLY_OK(W(0xc0000000)) },
	{ IMPLEMENTED(H(P_SYS, 0x2, 1), 0x5) },
	/* SYSTEM_POWER_STATE_GET is gone from protocol 2.0. */
	{ NOT_IMPLEMENTED(H(P_SYS, 0x2, 1), 0x4) },
	{ ASK(H(P_SYS, 0x4, 1), 0), STATUS_IS(S_NOT_FOUND) },
	{ ASK(H(P_SYS, 0x6, 1), 0), STATUS_IS(S_NOT_FOUND) },
};

static const struct plat_step sys_state_set_1[] = {
	{ ASK(H(P_SYS, 0x3, 2), 2, 0, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_SYS, 0x3, 2), 2, 0, 2), STATUS_IS(S_OK) },
	{ ASK(H(P_SYS, 0x3, 2), 2, 1, 4), STATUS_IS(S_OK) },
};

static const struct plat_step sys_state_set_2[] = {
	/* POWER_UP and vendor states: not supported; others invalid. */
	{ ASK(H(P_SYS, 0x3, 2), 2, 0, 3), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_SYS, 0x3, 2), 2, 0, 0x80000001), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_SYS, 0x3, 2), 2, 0, 5), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SYS, 0x3, 2), 2, 0, 0x7fffffff), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SYS, 0x3, 2), 2, 2, 0), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SYS, 0x3, 2), 1, 0), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_SYS, 0x3, 2), 3, 0, 0, 0), STATUS_IS(S_PROTOCOL) },
};

static const struct plat_step sys_state_set_3[] = {
	{ IMPLEMENTED(H(P_SYS, 0x2, 1), 0x3) },
	{ ASK(H(P_SYS, 0x3, 2), 2, 0, 2), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_SYS, 0x3, 2), 2, 1, 4), STATUS_IS(S_NOT_SUPPORTED) },
	{ ASK(H(P_SYS, 0x3, 2), 2, 0, 1), STATUS_IS(S_OK) },
};

START_TEST(test_sys_state_set)
{
	struct scmi_vio_platform *plat = plat_sys(SCMI_VIO_SCMI_3_2, true, 1);
	uint32_t state, flags;

	ck_assert_int_eq(scmi_vio_platform_system_state(plat, &state, &flags),
			 0);
	ck_assert_uint_eq(state, 3);
	/* {flags, state}: graceful shutdown, forceful cold reset. */
	STATUS(plat, H(P_SYS, 0x3, 2), S_OK, 2, 1, 0);
	ck_assert_uint_eq(cb.calls, 1);
	ck_assert_uint_eq(cb.state, 0);
	ck_assert_uint_eq(cb.flags, 1);
	ck_assert_int_eq(scmi_vio_platform_system_state(plat, &state, &flags),
			 0);
	ck_assert_uint_eq(state, 0);
	ck_assert_uint_eq(flags, 1);
	STEPS(plat, sys_state_set_1);
	ck_assert_uint_eq(cb.calls, 4);
	ck_assert_uint_eq(cb.state, 4);
	STEPS(plat, sys_state_set_2);
	ck_assert_uint_eq(cb.calls, 4);
	ck_assert_int_eq(scmi_vio_platform_system_state(plat, &state, NULL), 0);
	ck_assert_uint_eq(state, 4);
	NO_EVENT(plat);
	scmi_vio_platform_destroy(plat);

	/* Without warm reset and suspend. */
	plat = plat_sys(SCMI_VIO_SCMI_3_2, false, 1);
	STEPS(plat, sys_state_set_3);
	ck_assert_uint_eq(cb.calls, 1);
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_step sys_notifier_1[] = {
	{ ASK(H(P_SYS, 0x5, 3), 1, 2), STATUS_IS(S_INVALID) },
	{ ASK(H(P_SYS, 0x5, 3), 0), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_SYS, 0x5, 3), 1, 1), STATUS_IS(S_OK) },
};

static const struct plat_step sys_notifier_2[] = {
	{ EVENT_IS(W(HT(P_SYS, 0x0, 3, 0)), W(0), W(1), W(0), W(5000)) },
	{ NO_EVENT_IS },
};

static const struct plat_step sys_notifier_3[] = {
	{ EVENT_IS(W(HT(P_SYS, 0x0, 3, 0)), W(0), W(0), W(1), W(0)) },
	{ NO_EVENT_IS },
};

START_TEST(test_sys_notifier)
{
	struct scmi_vio_platform *plat = plat_sys(SCMI_VIO_SCMI_3_2, true, 1);

	/* The agent has not asked: nothing is queued. */
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(plat, 0, 1, 10),
			 -ENOTCONN);
	STEPS(plat, sys_notifier_1);
	/* Graceful shutdown within 5 s: agent 0 (the platform). */
	ck_assert_int_eq(
		scmi_vio_platform_system_power_notify(plat, 0, 1, 5000), 0);
	STEPS(plat, sys_notifier_2);
	/* A newer request replaces one still queued. */
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(plat, 0, 1, 9),
			 0);
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(plat, 1, 0, 0),
			 0);
	STEPS(plat, sys_notifier_3);
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(plat, 0, 2, 0),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(plat, 0, 0, 7),
			 -EINVAL);
	STATUS(plat, H(P_SYS, 0x5, 3), S_OK, 1, 0);
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(plat, 0, 1, 10),
			 -ENOTCONN);
	NO_EVENT(plat);
	scmi_vio_platform_destroy(plat);

	plat = plat_sys(SCMI_VIO_SCMI_3_2, true, 0);
	STATUS(plat, H(P_SYS, 0x5, 3), S_NOT_SUPPORTED, 1, 1);
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(plat, 0, 1, 10),
			 -EOPNOTSUPP);
	scmi_vio_platform_destroy(plat);
}
END_TEST

START_TEST(test_sys_absent)
{
	struct scmi_vio_platform_config cfg;
	struct scmi_vio_platform *plat = NULL;
	uint32_t state;

	scmi_vio_platform_config_default(&cfg);
	cfg.sys_power = false;
	plat = plat_create(&cfg);
	STATUS(plat, H(P_SYS, 0x0, 1), S_NOT_SUPPORTED, 0);
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(plat, 0, 1, 10),
			 -ENOENT);
	ck_assert_int_eq(scmi_vio_platform_system_state(plat, &state, NULL),
			 -ENOENT);
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* Text configuration: the power-management protocols can be left out. */
static const struct plat_step sys_config_text[] = {
	/* Perf, Clock, Sensor only. */
	{ ASK(H(P_BASE, 0x6, 1), 1, 0), REPLY_OK(W(3), 0x13, 0x14, 0x15, 0) },
	{ ASK(H(P_SYS, 0x0, 1), 0), STATUS_IS(S_NOT_SUPPORTED) },
};

START_TEST(test_sys_config_text)
{
	static const char ok[] = "system_power off\n"
				 "power_domains none\n"
				 "reset_domains none\n"
				 "voltage_domains none\n";
	static const char *const bad[] = { "system_power maybe\n",
					   "system_power\n",
					   "power_domains some\n",
					   "reset_domains none extra\n" };
	struct scmi_vio_platform_config_file *f = NULL;
	struct scmi_vio_platform *plat = NULL;
	unsigned int i;
	char err[128];

	ck_assert_int_eq(scmi_vio_platform_config_parse(ok, strlen(ok), &f, err,
							sizeof(err)),
			 0);
	ck_assert_int_eq(scmi_vio_platform_create(
				 scmi_vio_platform_config_file_get(f), &plat),
			 0);
	scmi_vio_platform_config_file_free(f);
	STEPS(plat, sys_config_text);
	scmi_vio_platform_destroy(plat);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = NULL;
		ck_assert_int_eq(
			scmi_vio_platform_config_parse(bad[i], strlen(bad[i]),
						       &f, err, sizeof(err)),
			-EINVAL);
		ck_assert_ptr_null(f);
		ck_assert_msg(!strncmp(err, "line 1: ", 8), "%s", err);
	}
}
END_TEST

/* SCMI 2.0: protocol 1.0, with SYSTEM_POWER_STATE_GET, a 12-byte notifier. */
static const struct plat_step sys_scmi_2_0[] = {
	{ ASK(H(P_SYS, 0x0, 1), 0), REPLY_OK(W(0x00010000)) },
	{ IMPLEMENTED(H(P_SYS, 0x2, 1), 0x4) },
	{ NOT_IMPLEMENTED(H(P_SYS, 0x2, 1), 0x10) },
	{ ASK(H(P_SYS, 0x4, 2), 0), REPLY_OK(W(3)) },
	{ ASK(H(P_SYS, 0x3, 2), 2, 0, 1), STATUS_IS(S_OK) },
	{ ASK(H(P_SYS, 0x4, 2), 0), REPLY_OK(W(1)) },
	{ ASK(H(P_SYS, 0x4, 2), 1, 0), STATUS_IS(S_PROTOCOL) },
	{ ASK(H(P_SYS, 0x5, 3), 1, 1), STATUS_IS(S_OK) },
};

START_TEST(test_sys_scmi_2_0)
{
	struct scmi_vio_platform *plat = plat_sys(SCMI_VIO_SCMI_2_0, true, 1);

	STEPS(plat, sys_scmi_2_0);
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(plat, 2, 1, 50),
			 0);
	EVENT(plat, W(HT(P_SYS, 0x0, 3, 0)), W(0), W(1), W(2));
	scmi_vio_platform_destroy(plat);
}
END_TEST

static const struct plat_case tests[] = {
	SCRIPT(plat_sys_default, sys_protocol), TEST_CASE(test_sys_state_set),
	TEST_CASE(test_sys_notifier),		TEST_CASE(test_sys_absent),
	TEST_CASE(test_sys_config_text),	TEST_CASE(test_sys_scmi_2_0),
};

int main(void)
{
	return plat_check_run("platform_syspower", "syspower", 0, tests,
			      ARRAY_SIZE(tests));
}
