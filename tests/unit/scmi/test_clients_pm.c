// SPDX-License-Identifier: BSD-3-Clause
/*
 * Power domain, System power, Reset and Voltage clients against a scripted
 * platform that builds its replies byte by byte; S-12/S-20 malformed
 * payloads (each must fail with -EPROTO); typed notification reports.
 */
#include <check.h>
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "client_fixture.h"
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_power.h>
#include <scmi_vio/scmi_reset.h>
#include <scmi_vio/scmi_system_power.h>
#include <scmi_vio/scmi_voltage.h>

static uint32_t last_params[3]; /* of the last state/level set */

/* A *_NAME_GET reply: flags, char[64] (60 bytes of it if M_SHORT). */
static void put_ext_name(uint8_t *p, size_t *n, const char *s)
{
	ft_put32(p, n, 0);
	memset(p + *n, mode == M_NO_NUL ? 'A' : 0, 64);
	if (mode != M_NO_NUL)
		memcpy(p + *n, s, strlen(s));
	*n += mode == M_SHORT ? 60 : 64;
}

/* A word of the reply's fixed fields, left out in M_SHORT. */
static void put_unless_short(uint8_t *p, size_t *n, uint32_t v)
{
	if (mode != M_SHORT)
		ft_put32(p, n, v);
}

/* The reply's char[16] name, left out in M_SHORT. */
static void name_unless_short(uint8_t *p, size_t *n, const char *s)
{
	if (mode != M_SHORT)
		cl_put_name(p, n, s);
}

static void keep_params(const struct ft_msg *m)
{
	unsigned int i;

	for (i = 0; i < 3; i++)
		last_params[i] = ft_param(m, i);
}

/* Answer now, then a delayed response of @nw words (shorter if M_SHORT). */
static void reply_async(struct ft *f, struct ft_msg *m, const uint32_t *w,
			size_t nw, size_t *n)
{
	ft_reply_dresp(f, m, w, nw, mode == M_SHORT ? 4 * nw - 1 : 4 * nw);
	*n = SIZE_MAX;
}

static void power(struct ft *f, struct ft_msg *m, uint8_t *p, size_t *n)
{
	switch (ft_msg_id(m)) {
	case SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES:
		ft_put32(p, n, 0xabcd0000u | 3);
		ft_put32(p, n, 0);
		ft_put32(p, n, 0);
		put_unless_short(p, n, 0);
		break;
	case SCMI_VIO_POWER_DOMAIN_ATTRIBUTES:
		ft_put32(p, n, ft_param(m, 0) ? 0xa0000000u : 0x58000000u);
		name_unless_short(p, n, "pd");
		break;
	case SCMI_VIO_POWER_STATE_SET:
		keep_params(m);
		break;
	case SCMI_VIO_POWER_STATE_GET:
		put_unless_short(p, n, 0x40000000u | ft_param(m, 0));
		break;
	case SCMI_VIO_POWER_DOMAIN_NAME_GET:
		put_ext_name(p, n,
			     "the_power_domain_of_the_whole_display_pipeline");
		break;
	default:
		sv_fetch_add(&notify_cmds, 1);
	}
}

static void sys(struct ft *f, struct ft_msg *m, uint8_t *p, size_t *n)
{
	switch (ft_msg_id(m)) {
	case SCMI_VIO_MSG_PROTOCOL_MESSAGE_ATTRIBUTES:
		put_unless_short(p, n, ft_param(m, 0) == 3 ? 1u << 31 : 0);
		break;
	case SCMI_VIO_SYS_POWER_STATE_SET:
		keep_params(m);
		break;
	case SCMI_VIO_SYS_POWER_STATE_GET:
		put_unless_short(p, n, 1);
		break;
	default:
		sv_fetch_add(&notify_cmds, 1);
	}
}

static void reset(struct ft *f, struct ft_msg *m, uint8_t *p, size_t *n)
{
	uint32_t id = ft_param(m, 0);

	switch (ft_msg_id(m)) {
	case SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES:
		ft_put32(p, n, 0x12340000u | 2);
		break;
	case SCMI_VIO_RESET_DOMAIN_ATTRIBUTES:
		ft_put32(p, n, 7u << 29);
		if (mode == M_SHORT)
			break;
		ft_put32(p, n, 250);
		cl_put_name(p, n, "rst");
		break;
	case SCMI_VIO_RESET_DOMAIN_NAME_GET:
		put_ext_name(p, n, "reset_line_of_the_pcie_root_complex");
		break;
	case SCMI_VIO_RESET:
		keep_params(m);
		if (ft_param(m, 1) & SCMI_VIO_RESET_ASYNC) {
			id = mode == M_WRONG_ID ? id + 1 : id;
			reply_async(f, m, &id, 1, n);
		}
		break;
	default:
		sv_fetch_add(&notify_cmds, 1);
	}
}

/* Domain 0: 5 levels, 2 a page (1000 uV steps); domain 1: a segment. */
static void levels(uint8_t *p, size_t *n, uint32_t id, uint32_t idx)
{
	uint32_t left = idx < 5 ? 5 - idx : 0, r = left < 2 ? left : 2, i;

	if (id == 1 || (mode == M_SEG_LATE && idx)) {
		ft_put32(p, n,
			 (mode == M_SEG_FOUR ? 4 : 3) |
				 SCMI_VIO_VOLTAGE_LEVELS_LINEAR |
				 (mode == M_SEG_REMAINING ? 1u << 16 : 0));
		ft_put32(p, n, mode == M_SEG_INVERTED ? 900000 : 500000);
		ft_put32(p, n, mode == M_SEG_INVERTED ? 800000 : 900000);
		ft_put32(p, n, mode == M_SEG_STEP0 ? 0 : 5000);
		if (mode == M_SEG_FOUR)
			ft_put32(p, n, 0);
		return;
	}
	if (mode == M_EMPTY) {
		ft_put32(p, n, 0);
		return;
	}
	if (mode == M_NO_PROGRESS && idx) {
		ft_put32(p, n, left << 16);
		return;
	}
	ft_put32(p, n,
		 (mode == M_COUNT_TOO_BIG ? 3 : r) |
			 (left - r + (mode == M_REMAINING_BAD && idx ? 1 : 0))
				 << 16);
	for (i = 0; i < r; i++)
		ft_put32(p, n,
			 (uint32_t)(mode == M_DESCENDING ?
					    -1000 * (int)(idx + i) :
					    -2000 + 1000 * (int)(idx + i)));
}

static void volt(struct ft *f, struct ft_msg *m, uint8_t *p, size_t *n)
{
	uint32_t id = ft_param(m, 0), w[2];

	switch (ft_msg_id(m)) {
	case SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES:
		ft_put32(p, n, 0xffff0000u | 2);
		break;
	case SCMI_VIO_VOLTAGE_DOMAIN_ATTRIBUTES:
		ft_put32(p, n, id ? 1u << 30 : 1u << 31);
		name_unless_short(p, n, id ? "vdd1" : "vdd0");
		break;
	case SCMI_VIO_VOLTAGE_DESCRIBE_LEVELS:
		levels(p, n, id, ft_param(m, 1));
		break;
	case SCMI_VIO_VOLTAGE_DOMAIN_NAME_GET:
		put_ext_name(p, n, "vdd_sram_retention_rail");
		break;
	case SCMI_VIO_VOLTAGE_CONFIG_SET:
		keep_params(m);
		break;
	case SCMI_VIO_VOLTAGE_CONFIG_GET:
	case SCMI_VIO_VOLTAGE_LEVEL_GET:
		put_unless_short(p, n,
				 ft_msg_id(m) == SCMI_VIO_VOLTAGE_LEVEL_GET ?
					 (uint32_t)-750000 :
					 7);
		break;
	case SCMI_VIO_VOLTAGE_LEVEL_SET:
		keep_params(m);
		if (ft_param(m, 1) & SCMI_VIO_VOLTAGE_SET_ASYNC) {
			w[0] = mode == M_WRONG_ID ? id + 1 : id;
			w[1] = ft_param(m, 2) + 1;
			reply_async(f, m, w, 2, n);
		}
		break;
	}
}

static struct ft_proto protos[] = {
	{ SCMI_VIO_PROTO_POWER, power },
	{ SCMI_VIO_PROTO_SYSTEM, sys },
	{ SCMI_VIO_PROTO_RESET, reset },
	{ SCMI_VIO_PROTO_VOLTAGE, volt },
	{ 0, NULL },
};

static void setup(void)
{
	memset(last_params, 0xee, sizeof(last_params));
	cl_setup(protos);
}

static void params_are(uint32_t a, uint32_t b, uint32_t c)
{
	ck_assert_uint_eq(last_params[0], a);
	ck_assert_uint_eq(last_params[1], b);
	ck_assert_uint_eq(last_params[2], c);
}

START_TEST(test_power)
{
	struct scmi_vio_power_attrs at;
	char name[64];
	unsigned int nd;
	uint32_t st;

	ck_assert_int_eq(scmi_vio_power_count(ft->agent, &nd), 0);
	ck_assert_uint_eq(nd, 3);
	ck_assert_int_eq(scmi_vio_power_domain_attributes(ft->agent, 0, &at),
			 0);
	ck_assert(at.async && at.req_notify && !at.sync && !at.state_notify);
	ck_assert(at.extended_name);
	ck_assert_str_eq(at.name, "pd");
	ck_assert_int_eq(scmi_vio_power_domain_name_get(ft->agent, 0, name), 0);
	ck_assert_str_eq(name,
			 "the_power_domain_of_the_whole_display_pipeline");
	ck_assert_int_eq(scmi_vio_power_domain_attributes(ft->agent, 1, &at),
			 0);
	ck_assert(!at.async && !at.req_notify && at.sync && at.state_notify);
	ck_assert(!at.extended_name);
	ck_assert_int_eq(scmi_vio_power_state_get(ft->agent, 2, &st), 0);
	ck_assert_uint_eq(st, 0x40000002);
	/* {flags, domain, state} on the wire. */
	ck_assert_int_eq(scmi_vio_power_state_set(ft->agent, 2, 0x40000000), 0);
	params_are(0, 2, 0x40000000);
	ck_assert_int_eq(scmi_vio_power_state_set_async(ft->agent, 1, 0), 0);
	params_are(1, 1, 0);
}
END_TEST

START_TEST(test_system_power)
{
	bool warm, suspend;
	uint32_t st;

	ck_assert_int_eq(scmi_vio_system_power_caps(ft->agent, &warm, &suspend),
			 0);
	ck_assert(warm && !suspend);
	ck_assert_int_eq(scmi_vio_system_power_state_set(
				 ft->agent, SCMI_VIO_SYS_STATE_COLD_RESET,
				 true),
			 0);
	ck_assert_uint_eq(last_params[0], 1);
	ck_assert_uint_eq(last_params[1], 1);
	ck_assert_int_eq(scmi_vio_system_power_state_set(
				 ft->agent, SCMI_VIO_SYS_STATE_SHUTDOWN, false),
			 0);
	ck_assert_uint_eq(last_params[0], 0);
	ck_assert_uint_eq(last_params[1], 0);
	ck_assert_int_eq(scmi_vio_system_power_state_get(ft->agent, &st), 0);
	ck_assert_uint_eq(st, 1);
}
END_TEST

START_TEST(test_reset)
{
	struct scmi_vio_reset_attrs at;
	char name[64];
	unsigned int nd;

	ck_assert_int_eq(scmi_vio_reset_count(ft->agent, &nd), 0);
	ck_assert_uint_eq(nd, 2);
	ck_assert_int_eq(scmi_vio_reset_domain_attributes(ft->agent, 1, &at),
			 0);
	ck_assert(at.async && at.notify && at.extended_name);
	ck_assert_uint_eq(at.latency_us, 250);
	ck_assert_int_eq(scmi_vio_reset_domain_name_get(ft->agent, 1, name), 0);
	ck_assert_str_eq(name, "reset_line_of_the_pcie_root_complex");
	ck_assert_str_eq(at.name, "rst");
	/* {domain, flags, state} on the wire. */
	ck_assert_int_eq(scmi_vio_reset(ft->agent, 1, SCMI_VIO_RESET_ASSERT, 0),
			 0);
	params_are(1, SCMI_VIO_RESET_ASSERT, 0);
	ck_assert_int_eq(scmi_vio_reset(ft->agent, 1,
					SCMI_VIO_RESET_AUTONOMOUS |
						SCMI_VIO_RESET_ASYNC,
					0x80000001),
			 0);
	params_are(1, 5, 0x80000001);
	ck_assert_int_eq(scmi_vio_reset(ft->agent, 1, 8, 0), -EINVAL);
}
END_TEST

START_TEST(test_voltage)
{
	struct scmi_vio_voltage_attrs at;
	char name[64];
	int32_t lv[8], l;
	unsigned int nd;
	uint32_t c;
	bool lin;
	size_t n;

	ck_assert_int_eq(scmi_vio_voltage_count(ft->agent, &nd), 0);
	ck_assert_uint_eq(nd, 2);
	ck_assert_int_eq(scmi_vio_voltage_domain_attributes(ft->agent, 0, &at),
			 0);
	ck_assert(at.async && !at.extended_name);
	ck_assert_str_eq(at.name, "vdd0");
	ck_assert_int_eq(scmi_vio_voltage_domain_attributes(ft->agent, 1, &at),
			 0);
	ck_assert(!at.async && at.extended_name);
	ck_assert_int_eq(scmi_vio_voltage_domain_name_get(ft->agent, 1, name),
			 0);
	ck_assert_str_eq(name, "vdd_sram_retention_rail");
	ck_assert_int_eq(scmi_vio_voltage_describe_levels(ft->agent, 0, lv, 8,
							  &n, &lin),
			 0);
	ck_assert_uint_eq(n, 5);
	ck_assert(!lin);
	ck_assert_int_eq(lv[0], -2000);
	ck_assert_int_eq(lv[4], 2000);
	ck_assert_int_eq(scmi_vio_voltage_describe_levels(ft->agent, 0, lv, 4,
							  &n, &lin),
			 -ENOSPC);
	ck_assert_int_eq(scmi_vio_voltage_describe_levels(ft->agent, 1, lv, 8,
							  &n, &lin),
			 0);
	ck_assert(lin);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(lv[0], 500000);
	ck_assert_int_eq(lv[1], 900000);
	ck_assert_int_eq(lv[2], 5000);
	ck_assert_int_eq(scmi_vio_voltage_config_get(ft->agent, 0, &c), 0);
	ck_assert_uint_eq(c, 7);
	ck_assert_int_eq(scmi_vio_voltage_config_set(ft->agent, 1, 0), 0);
	ck_assert_uint_eq(last_params[0], 1);
	ck_assert_uint_eq(last_params[1], 0);
	ck_assert_int_eq(scmi_vio_voltage_level_get(ft->agent, 0, &l), 0);
	ck_assert_int_eq(l, -750000);
	/* {domain, flags, level} on the wire; a negative level too. */
	ck_assert_int_eq(scmi_vio_voltage_level_set(ft->agent, 1, -5), 0);
	params_are(1, 0, (uint32_t)-5);
	ck_assert_int_eq(
		scmi_vio_voltage_level_set_async(ft->agent, 0, 800000, &l), 0);
	params_are(0, 1, 800000);
	ck_assert_int_eq(l, 800001);
	ck_assert_int_eq(
		scmi_vio_voltage_level_set_async(ft->agent, 0, 7, NULL), 0);
}
END_TEST

/* Every domain's attributes and extended name fail with -EPROTO in the
 * current mode. */
static void descriptions_fail(void)
{
	char name[64];

	cl_attributes_fail(-EPROTO);
	ck_assert_int_eq(scmi_vio_power_domain_name_get(ft->agent, 0, name),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_reset_domain_name_get(ft->agent, 0, name),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_voltage_domain_name_get(ft->agent, 0, name),
			 -EPROTO);
}

/* S-12: counts larger than the data; names without NUL. */
START_TEST(test_s12_counts_and_names)
{
	int32_t lv[8];
	bool lin;
	size_t n;

	mode = M_COUNT_TOO_BIG;
	ck_assert_int_eq(scmi_vio_voltage_describe_levels(ft->agent, 0, lv, 8,
							  &n, &lin),
			 -EPROTO);
	mode = M_NO_NUL;
	descriptions_fail();
}
END_TEST

/*
 * S-12, S-20: level lists the client must refuse: pagination counters
 * that do not add up, no progress, an empty list, levels out of order on
 * domain 0; on domain 1 a linear segment that is not exactly {lowest <=
 * highest, step > 0} in one page of 3; on domain 0 a list whose second
 * page turns into a segment.
 */
static const struct {
	enum cl_mode mode;
	uint32_t domain;
} bad_levels[] = {
	{ M_REMAINING_BAD, 0 }, { M_NO_PROGRESS, 0 },  { M_EMPTY, 0 },
	{ M_DESCENDING, 0 },	{ M_SEG_FOUR, 1 },     { M_SEG_REMAINING, 1 },
	{ M_SEG_STEP0, 1 },	{ M_SEG_INVERTED, 1 }, { M_SEG_LATE, 0 },
};

START_TEST(test_s12_s20_levels_refused)
{
	int32_t lv[8];
	bool lin;
	size_t n;

	mode = bad_levels[_i].mode;
	ck_assert_int_eq(scmi_vio_voltage_describe_levels(ft->agent,
							  bad_levels[_i].domain,
							  lv, 8, &n, &lin),
			 -EPROTO);
}
END_TEST

/* S-12: short fixed fields and delayed responses; a delayed response for
 * another domain. */
START_TEST(test_s12_short_and_wrong_id)
{
	bool warm, suspend;
	unsigned int nd, i;
	uint32_t v;
	int32_t l;

	mode = M_SHORT;
	descriptions_fail();
	ck_assert_int_eq(scmi_vio_power_count(ft->agent, &nd), -EPROTO);
	ck_assert_int_eq(scmi_vio_power_state_get(ft->agent, 0, &v), -EPROTO);
	ck_assert_int_eq(scmi_vio_system_power_caps(ft->agent, &warm, &suspend),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_system_power_state_get(ft->agent, &v),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_voltage_config_get(ft->agent, 0, &v),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_voltage_level_get(ft->agent, 0, &l), -EPROTO);
	/* Short delayed responses, then ones for another domain. */
	for (i = 0; i < 2; i++) {
		mode = i ? M_WRONG_ID : M_SHORT;
		ck_assert_int_eq(scmi_vio_reset(ft->agent, 0,
						SCMI_VIO_RESET_AUTONOMOUS |
							SCMI_VIO_RESET_ASYNC,
						0),
				 -EPROTO);
		ck_assert_int_eq(scmi_vio_voltage_level_set_async(ft->agent, 0,
								  1, &l),
				 -EPROTO);
	}
}
END_TEST

/* Typed reports; subscribing sends each protocol's notify command; a
 * payload shorter than its fields is dropped and counted (S-12). */
START_TEST(test_typed_reports)
{
	static const struct cl_sub subs[] = {
		{ SCMI_VIO_PROTO_POWER, SCMI_VIO_POWER_STATE_CHANGED,
		  SCMI_VIO_NOTIFY_ALL_SRC },
		{ SCMI_VIO_PROTO_POWER, SCMI_VIO_POWER_STATE_CHANGE_REQUESTED,
		  2 },
		{ SCMI_VIO_PROTO_SYSTEM, SCMI_VIO_SYS_POWER_STATE_NOTIFIER, 0 },
		{ SCMI_VIO_PROTO_RESET, SCMI_VIO_RESET_ISSUED, 1 },
		/* A source past the counts the platform reported (S-19). */
		{ SCMI_VIO_PROTO_RESET, SCMI_VIO_RESET_ISSUED, 2 },
	};
	static const unsigned int one_per_proto[] = { 0, 2, 3 };
	static const uint32_t power_on[] = { 1, 2, 0x40000000 };
	static const uint32_t reset_w[] = { 1, 1, 0 };
	struct scmi_vio_notify_sub *sb[4], *bad;
	const struct cl_sub *e;
	struct cl_seen s;
	unsigned int i;
	uint8_t p[12];

	sem_init(&s.got, 0, 0);
	ck_assert_int_eq(scmi_vio_power_register_events(ft->agent), 0);
	ck_assert_int_eq(scmi_vio_system_power_register_events(ft->agent), 0);
	ck_assert_int_eq(scmi_vio_reset_register_events(ft->agent), 0);
	cl_subscribe(&s, subs, 4, sb);
	/* Power: 3 domains + 1; system 1; reset 1.  A source past the
	 * counts the platform reported is refused (S-19). */
	ck_assert_uint_eq(sv_read_once(&notify_cmds), 6);
	ck_assert_int_eq(cl_subscribe_one(&s, &subs[4], &bad), -EINVAL);

	cl_notify_wait(&s, SCMI_VIO_PROTO_POWER, SCMI_VIO_POWER_STATE_CHANGED,
		       power_on, 3);
	ck_assert_uint_eq(s.r.event, SCMI_VIO_POWER_STATE_CHANGED);
	ck_assert_uint_eq(s.r.power_state.agent_id, 1);
	ck_assert_uint_eq(s.r.power_state.domain_id, 2);
	ck_assert_uint_eq(s.r.power_state.state, 0x40000000);
	ck_assert_uint_eq(s.r.src, 2);
	cl_notify_wait(&s, SCMI_VIO_PROTO_POWER,
		       SCMI_VIO_POWER_STATE_CHANGE_REQUESTED, power_on, 3);
	ck_assert_uint_eq(s.r.event, SCMI_VIO_POWER_STATE_CHANGE_REQUESTED);

	/* A graceful shutdown in 3 s, from the platform (agent 0). */
	cl_notify_wait(&s, SCMI_VIO_PROTO_SYSTEM,
		       SCMI_VIO_SYS_POWER_STATE_NOTIFIER,
		       (const uint32_t[]){ 0, 1, 0, 3000 }, 4);
	ck_assert_uint_eq(s.r.system_power.agent_id, 0);
	ck_assert_uint_eq(s.r.system_power.flags, 1);
	ck_assert_uint_eq(s.r.system_power.state, 0);
	ck_assert_uint_eq(s.r.system_power.timeout_ms, 3000);
	/* Protocol 1.0's 12 bytes: no timeout. */
	cl_notify_wait(&s, SCMI_VIO_PROTO_SYSTEM,
		       SCMI_VIO_SYS_POWER_STATE_NOTIFIER,
		       (const uint32_t[]){ 0, 1, 1 }, 3);
	ck_assert_uint_eq(s.r.system_power.state, 1);
	ck_assert_uint_eq(s.r.system_power.timeout_ms, 0);

	cl_notify_wait(&s, SCMI_VIO_PROTO_RESET, SCMI_VIO_RESET_ISSUED, reset_w,
		       3);
	ck_assert_uint_eq(s.r.reset_issued.domain_id, 1);
	ck_assert_uint_eq(s.r.reset_issued.reset_state, 0);

	/* S-12: 11 bytes, then a valid one: dispatch is in order, so once
	 * the valid one arrived the short one was judged.  One protocol at
	 * a time: their dispatchers would run the callback concurrently. */
	ck_assert_uint_eq(ft_stats(ft).invalid, 0);
	ft_words(p, reset_w, 3);
	for (i = 0; i < 3; i++) {
		e = &subs[one_per_proto[i]];
		ft_notify(ft, e->proto, e->evt, p, 11);
		ft_notify(ft, e->proto, e->evt, p, 12);
		ft_sem_wait(&s.got);
	}
	ck_assert_uint_eq(ft_stats(ft).invalid, 3);

	cl_unsubscribe(sb, 4);
	ck_assert_uint_eq(sv_read_once(&notify_cmds), 12);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_power),
		CHECK_ONCE(test_system_power),
		CHECK_ONCE(test_reset),
		CHECK_ONCE(test_voltage),
		CHECK_ONCE(test_s12_counts_and_names),
		CHECK_LOOP(test_s12_s20_levels_refused, 0,
			   sizeof(bad_levels) / sizeof(bad_levels[0])),
		CHECK_ONCE(test_s12_short_and_wrong_id),
		CHECK_ONCE(test_typed_reports),
		{ NULL, 0, 0 },
	};

	const struct check_case cases[] = {
		{ "clients_pm", 0, setup, cl_teardown, tests },
		{ NULL, 0, NULL, NULL, NULL },
	};

	return check_main_cases("scmi_clients_pm", cases);
}
