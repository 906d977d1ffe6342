// SPDX-License-Identifier: BSD-3-Clause
/*
 * End to end: the Power domain, System power, Reset and Voltage clients
 * over the virtio-scmi transport against the loopback platform (each
 * device and interrupt mode): every command, pagination over two pages,
 * async commands with their delayed responses on the eventq, notifications
 * from agent-triggered changes and the VMM-initiated
 * SYSTEM_POWER_STATE_NOTIFIER.  At the end of each test every message is
 * back in the pool and nothing timed out.
 */
#include <errno.h>
#include <sched.h>

#include <scmi_vio/platform.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_power.h>
#include <scmi_vio/scmi_reset.h>
#include <scmi_vio/scmi_system_power.h>
#include <scmi_vio/scmi_voltage.h>

#include "check_run.h"
#include "common/atomics.h"
#include "vs_fixture.h"

static void down(struct vsf *f)
{
	struct scmi_vio_agent_stats as;

	vsf_all_free(f->vs);
	scmi_vio_agent_get_stats(f->a, &as);
	ck_assert_uint_eq(as.timeouts, 0);
	ck_assert_uint_eq(as.truncated, 0);
	vsf_down(f);
}

/* Callback state: static (shared with the dispatcher threads). */
static struct {
	unsigned int count; /* ATOMIC */
	uint32_t a, b, c, d; /* ATOMIC: the last report's fields */
} seen;

static void on_power(const struct scmi_vio_notify_report *r, void *arg)
{
	sv_write_once(&seen.a, r->power_state.agent_id);
	sv_write_once(&seen.b, r->power_state.domain_id);
	sv_write_once(&seen.c, r->power_state.state);
	sv_write_once(&seen.d, r->event);
	sv_fetch_add(&seen.count, 1);
}

static void on_sys(const struct scmi_vio_notify_report *r, void *arg)
{
	sv_write_once(&seen.a, r->system_power.agent_id);
	sv_write_once(&seen.b, r->system_power.flags);
	sv_write_once(&seen.c, r->system_power.state);
	sv_write_once(&seen.d, r->system_power.timeout_ms);
	sv_fetch_add(&seen.count, 1);
}

static void on_reset(const struct scmi_vio_notify_report *r, void *arg)
{
	sv_write_once(&seen.a, r->reset_issued.agent_id);
	sv_write_once(&seen.b, r->reset_issued.domain_id);
	sv_write_once(&seen.c, r->reset_issued.reset_state);
	sv_fetch_add(&seen.count, 1);
}

static void power_flow(struct scmi_vio_agent *a)
{
	struct scmi_vio_power_attrs at;
	char name[64];
	struct scmi_vio_notify_sub *sub;
	unsigned int nd;
	uint32_t st;

	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(scmi_vio_power_count(a, &nd), 0);
	ck_assert_uint_eq(nd, 4);
	ck_assert_int_eq(scmi_vio_power_domain_attributes(a, 2, &at), 0);
	ck_assert_str_eq(at.name, "vpu");
	ck_assert(at.async && !at.sync && at.state_notify && at.req_notify);
	ck_assert(!at.extended_name);
	ck_assert_int_eq(scmi_vio_power_domain_name_get(a, 2, name),
			 -EOPNOTSUPP);
	/* A name longer than 16 bytes. */
	ck_assert_int_eq(scmi_vio_power_domain_attributes(a, 3, &at), 0);
	ck_assert(at.extended_name);
	ck_assert_str_eq(at.name, "display_control");
	ck_assert_int_eq(scmi_vio_power_domain_name_get(a, 3, name), 0);
	ck_assert_str_eq(name, "display_controller");
	ck_assert_int_eq(
		scmi_vio_power_state_set(a, 1, SCMI_VIO_POWER_STATE_ON), 0);
	ck_assert_int_eq(scmi_vio_power_state_get(a, 1, &st), 0);
	ck_assert_uint_eq(st, SCMI_VIO_POWER_STATE_ON);
	ck_assert_int_eq(scmi_vio_power_state_set(a, 2, 0), -EOPNOTSUPP);
	ck_assert_int_eq(scmi_vio_power_state_set(a, 0, 0x12), -EDOM);
	ck_assert_int_eq(scmi_vio_power_state_get(a, 4, &st), -ENOENT);

	/* An async request: acknowledged, then POWER_STATE_CHANGED. */
	ck_assert_int_eq(scmi_vio_power_register_events(a), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(a, SCMI_VIO_PROTO_POWER,
						   SCMI_VIO_POWER_STATE_CHANGED,
						   2, on_power, NULL, &sub),
			 0);
	ck_assert_int_eq(
		scmi_vio_power_state_set_async(a, 2, SCMI_VIO_POWER_STATE_ON),
		0);
	VSF_WAIT(sv_read_once(&seen.count) == 1);
	ck_assert_uint_eq(sv_read_once(&seen.a), 1);
	ck_assert_uint_eq(sv_read_once(&seen.b), 2);
	ck_assert_uint_eq(sv_read_once(&seen.c), SCMI_VIO_POWER_STATE_ON);
	ck_assert_uint_eq(sv_read_once(&seen.d), SCMI_VIO_POWER_STATE_CHANGED);
	scmi_vio_notify_unsubscribe(a, sub);
	/* Disabled with the last subscriber: nothing more arrives. */
	ck_assert_int_eq(
		scmi_vio_power_state_set_async(a, 2, SCMI_VIO_POWER_STATE_OFF),
		0);
	ck_assert_int_eq(scmi_vio_power_state_get(a, 2, &st), 0);
	ck_assert_uint_eq(st, SCMI_VIO_POWER_STATE_OFF);
	ck_assert_uint_eq(sv_read_once(&seen.count), 1);
}

/* The agent's side of System power (the platform in any process). */
static void sys_flow(struct scmi_vio_agent *a)
{
	bool warm, suspend;
	uint32_t st;

	ck_assert_int_eq(scmi_vio_system_power_caps(a, &warm, &suspend), 0);
	ck_assert(warm && suspend);
	ck_assert_int_eq(scmi_vio_system_power_state_set(
				 a, SCMI_VIO_SYS_STATE_WARM_RESET, true),
			 0);
	ck_assert_int_eq(scmi_vio_system_power_state_set(a, 9, false), -EDOM);
	ck_assert_int_eq(scmi_vio_system_power_state_set(
				 a, SCMI_VIO_SYS_STATE_POWER_UP, false),
			 -EOPNOTSUPP);
	/* Gone from protocol 2.x. */
	ck_assert_int_eq(scmi_vio_system_power_state_get(a, &st), -ENOENT);
}

/*
 * The guest subscribes to System power's notifier from @src, and the VMM
 * asks for a graceful shutdown within @timeout_ms: the guest sees it.
 */
static struct scmi_vio_notify_sub *
graceful_shutdown_seen(struct vsf *f, uint32_t src, uint32_t timeout_ms)
{
	struct scmi_vio_notify_sub *sub;

	ck_assert_int_eq(scmi_vio_system_power_register_events(f->a), 0);
	ck_assert_int_eq(
		scmi_vio_notify_subscribe(f->a, SCMI_VIO_PROTO_SYSTEM,
					  SCMI_VIO_SYS_POWER_STATE_NOTIFIER,
					  src, on_sys, NULL, &sub),
		0);
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(
				 scmi_vio_loopback_platform(f->lb),
				 SCMI_VIO_SYS_STATE_SHUTDOWN,
				 SCMI_VIO_SYS_FLAG_GRACEFUL, timeout_ms),
			 0);
	ck_assert_int_eq(scmi_vio_loopback_kick(f->lb), 0);
	VSF_WAIT(sv_read_once(&seen.count) == 1);
	ck_assert_uint_eq(sv_read_once(&seen.b), SCMI_VIO_SYS_FLAG_GRACEFUL);
	ck_assert_uint_eq(sv_read_once(&seen.c), SCMI_VIO_SYS_STATE_SHUTDOWN);
	return sub;
}

START_TEST(test_pm_system_power)
{
	struct vsf *f = vsf_up_mode(_i);
	struct scmi_vio_platform *plat = scmi_vio_loopback_platform(f->lb);
	struct scmi_vio_notify_sub *sub;
	uint32_t st, fl;

	memset(&seen, 0, sizeof(seen));
	sys_flow(f->a);
	/* The VMM sees what the guest asked for. */
	ck_assert_int_eq(scmi_vio_platform_system_state(plat, &st, &fl), 0);
	ck_assert_uint_eq(st, SCMI_VIO_SYS_STATE_WARM_RESET);
	ck_assert_uint_eq(fl, SCMI_VIO_SYS_FLAG_GRACEFUL);

	/* The VMM asks the guest to shut down: only once it subscribed. */
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(
				 plat, SCMI_VIO_SYS_STATE_SHUTDOWN,
				 SCMI_VIO_SYS_FLAG_GRACEFUL, 4000),
			 -ENOTCONN);
	sub = graceful_shutdown_seen(f, SCMI_VIO_NOTIFY_ALL_SRC, 4000);
	ck_assert_uint_eq(sv_read_once(&seen.a), 0);
	ck_assert_uint_eq(sv_read_once(&seen.d), 4000);
	/* A forceful reboot. */
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(
				 plat, SCMI_VIO_SYS_STATE_COLD_RESET, 0, 0),
			 0);
	ck_assert_int_eq(scmi_vio_loopback_kick(f->lb), 0);
	VSF_WAIT(sv_read_once(&seen.count) == 2);
	ck_assert_uint_eq(sv_read_once(&seen.b), 0);
	ck_assert_uint_eq(sv_read_once(&seen.c), SCMI_VIO_SYS_STATE_COLD_RESET);
	ck_assert_uint_eq(sv_read_once(&seen.d), 0);
	scmi_vio_notify_unsubscribe(f->a, sub);
	ck_assert_int_eq(scmi_vio_platform_system_power_notify(
				 plat, SCMI_VIO_SYS_STATE_SHUTDOWN, 0, 0),
			 -ENOTCONN);
	down(f);
}
END_TEST

static void reset_flow(struct scmi_vio_agent *a)
{
	struct scmi_vio_reset_attrs at;
	char name[64];
	struct scmi_vio_notify_sub *sub;
	unsigned int nd;

	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(scmi_vio_reset_count(a, &nd), 0);
	ck_assert_uint_eq(nd, 3);
	ck_assert_int_eq(scmi_vio_reset_domain_attributes(a, 1, &at), 0);
	ck_assert_str_eq(at.name, "usb_rst");
	ck_assert(!at.async && at.notify && !at.extended_name);
	ck_assert_uint_eq(at.latency_us, SCMI_VIO_RESET_LATENCY_UNKNOWN);
	ck_assert_int_eq(scmi_vio_reset_domain_attributes(a, 2, &at), 0);
	ck_assert(at.extended_name);
	ck_assert_int_eq(scmi_vio_reset_domain_name_get(a, 2, name), 0);
	ck_assert_str_eq(name, "ethernet_mac_reset");
	ck_assert_int_eq(scmi_vio_reset(a, 1, SCMI_VIO_RESET_ASSERT, 0), 0);
	ck_assert_int_eq(scmi_vio_reset(a, 1, 0, 0), 0);
	/* Async: RESET_COMPLETE arrives on the eventq. */
	ck_assert_int_eq(scmi_vio_reset(a, 0,
					SCMI_VIO_RESET_AUTONOMOUS |
						SCMI_VIO_RESET_ASYNC,
					SCMI_VIO_RESET_STATE_COLD),
			 0);
	ck_assert_int_eq(scmi_vio_reset(a, 1,
					SCMI_VIO_RESET_AUTONOMOUS |
						SCMI_VIO_RESET_ASYNC,
					0),
			 -EOPNOTSUPP);
	ck_assert_int_eq(scmi_vio_reset(a, 3, SCMI_VIO_RESET_AUTONOMOUS, 0),
			 -ENOENT);

	ck_assert_int_eq(scmi_vio_reset_register_events(a), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(
				 a, SCMI_VIO_PROTO_RESET, SCMI_VIO_RESET_ISSUED,
				 SCMI_VIO_NOTIFY_ALL_SRC, on_reset, NULL, &sub),
			 0);
	/* ethernet_mac_reset has no notifications: a subscription to all
	 * sources enables those that have them. */
	ck_assert_int_eq(scmi_vio_reset(a, 0,
					SCMI_VIO_RESET_AUTONOMOUS |
						SCMI_VIO_RESET_ASYNC,
					0),
			 0);
	VSF_WAIT(sv_read_once(&seen.count) == 1);
	ck_assert_uint_eq(sv_read_once(&seen.a), 1);
	ck_assert_uint_eq(sv_read_once(&seen.b), 0);
	ck_assert_uint_eq(sv_read_once(&seen.c), 0);
	scmi_vio_notify_unsubscribe(a, sub);
}

static void voltage_flow(struct scmi_vio_agent *a)
{
	struct scmi_vio_voltage_attrs at;
	char name[64];
	int32_t lv[64], l;
	unsigned int nd, i;
	uint32_t c;
	bool lin;
	size_t n;

	ck_assert_int_eq(scmi_vio_voltage_count(a, &nd), 0);
	ck_assert_uint_eq(nd, 3);
	ck_assert_int_eq(scmi_vio_voltage_domain_attributes(a, 0, &at), 0);
	ck_assert_str_eq(at.name, "vdd_cpu");
	ck_assert(at.async && !at.extended_name);
	ck_assert_int_eq(scmi_vio_voltage_domain_attributes(a, 2, &at), 0);
	ck_assert(at.extended_name);
	ck_assert_int_eq(scmi_vio_voltage_domain_name_get(a, 2, name), 0);
	ck_assert_str_eq(name, "vdd_io_3v3_always_on");
	/* 40 levels over two pages. */
	ck_assert_int_eq(
		scmi_vio_voltage_describe_levels(a, 0, lv, 64, &n, &lin), 0);
	ck_assert_uint_eq(n, 40);
	ck_assert(!lin);
	for (i = 0; i < 40; i++)
		ck_assert_int_eq(lv[i], 500000 + 12500 * (int32_t)i);
	ck_assert_int_eq(scmi_vio_voltage_describe_levels(a, 0, lv, 39, &n,
							  &lin),
			 -ENOSPC);
	ck_assert_int_eq(
		scmi_vio_voltage_describe_levels(a, 1, lv, 64, &n, &lin), 0);
	ck_assert(lin);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(lv[0], 500000);
	ck_assert_int_eq(lv[1], 1000000);
	ck_assert_int_eq(lv[2], 6250);
	ck_assert_int_eq(
		scmi_vio_voltage_config_set(a, 1, SCMI_VIO_VOLTAGE_CONFIG_ON),
		0);
	ck_assert_int_eq(scmi_vio_voltage_config_get(a, 1, &c), 0);
	ck_assert_uint_eq(c, SCMI_VIO_VOLTAGE_CONFIG_ON);
	ck_assert_int_eq(scmi_vio_voltage_config_set(a, 1, 5), -EDOM);
	ck_assert_int_eq(scmi_vio_voltage_level_set(a, 1, 531250), 0);
	ck_assert_int_eq(scmi_vio_voltage_level_get(a, 1, &l), 0);
	ck_assert_int_eq(l, 531250);
	ck_assert_int_eq(scmi_vio_voltage_level_set(a, 1, 1100000), -ERANGE);
	ck_assert_int_eq(scmi_vio_voltage_level_set(a, 1, 531251), -EDOM);
	/* Async: VOLTAGE_LEVEL_SET_COMPLETE arrives on the eventq. */
	ck_assert_int_eq(scmi_vio_voltage_level_set_async(a, 0, 950000, &l), 0);
	ck_assert_int_eq(l, 950000);
	ck_assert_int_eq(scmi_vio_voltage_level_get(a, 0, &l), 0);
	ck_assert_int_eq(l, 950000);
	ck_assert_int_eq(scmi_vio_voltage_level_set_async(a, 2, 1800000, &l),
			 -EOPNOTSUPP);
}

/* Power, Reset, Voltage: _i / 4 the flow, _i % 4 the mode. */
static void (*const flows[])(struct scmi_vio_agent *a) = {
	power_flow,
	reset_flow,
	voltage_flow,
};

START_TEST(test_pm_flow)
{
	struct vsf *f = vsf_up_mode(_i % 4);

	flows[_i / 4](f->a);
	down(f);
}
END_TEST

/*
 * SCMI 2.0's versions end to end: no Voltage protocol, System power 1.0
 * with SYSTEM_POWER_STATE_GET and a notifier without the timeout word, no
 * extended names.
 */
START_TEST(test_pm_scmi_2_0)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_platform_config pc;
	struct scmi_vio_power_attrs at;
	struct scmi_vio_notify_sub *sub;
	unsigned int n;
	uint32_t st;
	uint16_t major, minor;
	char name[64];
	struct vsf *f;

	scmi_vio_platform_config_default(&pc);
	pc.release = SCMI_VIO_SCMI_2_0;
	lc.platform = &pc;
	f = vsf_up(&lc, &vc, 10000);
	memset(&seen, 0, sizeof(seen));

	ck_assert_int_eq(scmi_vio_voltage_count(f->a, &n), -EOPNOTSUPP);
	ck_assert_int_eq(scmi_vio_protocol_version(f->a, SCMI_VIO_PROTO_SYSTEM,
						   &major, &minor),
			 0);
	ck_assert_uint_eq(major, 1);
	ck_assert_int_eq(scmi_vio_system_power_state_get(f->a, &st), 0);
	ck_assert_uint_eq(st, SCMI_VIO_SYS_STATE_POWER_UP);
	ck_assert_int_eq(scmi_vio_system_power_state_set(
				 f->a, SCMI_VIO_SYS_STATE_COLD_RESET, false),
			 0);
	ck_assert_int_eq(scmi_vio_system_power_state_get(f->a, &st), 0);
	ck_assert_uint_eq(st, SCMI_VIO_SYS_STATE_COLD_RESET);
	ck_assert_int_eq(scmi_vio_power_domain_attributes(f->a, 3, &at), 0);
	ck_assert(!at.extended_name);
	ck_assert_str_eq(at.name, "display_control");
	ck_assert_int_eq(scmi_vio_power_domain_name_get(f->a, 3, name),
			 -ENOENT);

	sub = graceful_shutdown_seen(f, 0, 2000);
	/* Protocol 1.0 has no timeout word. */
	ck_assert_uint_eq(sv_read_once(&seen.d), 0);
	scmi_vio_notify_unsubscribe(f->a, sub);
	down(f);
}
END_TEST

#ifdef SCMI_VIO_PLATFORM_SERVER
/* The same against the platform in another process (memfd + eventfds). */
START_TEST(test_pm_cross_process)
{
	struct scmi_vio_xproc_config xc = { 0 };
	struct vsf *f;

	xc.server_path = SCMI_VIO_PLATFORM_SERVER;
	f = vsf_up_xproc(&xc, 0);
	power_flow(f->a);
	sys_flow(f->a);
	reset_flow(f->a);
	voltage_flow(f->a);
	vsf_all_free(f->vs);
	vsf_down(f);
}
END_TEST
#endif

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_pm_flow, 0, 12),
		CHECK_LOOP(test_pm_system_power, 0, 4),
		CHECK_ONCE(test_pm_scmi_2_0),
#ifdef SCMI_VIO_PLATFORM_SERVER
		CHECK_ONCE(test_pm_cross_process),
#endif
		{ NULL, 0, 0 },
	};

	return check_main("virtio_scmi_pm", 60, tests);
}
