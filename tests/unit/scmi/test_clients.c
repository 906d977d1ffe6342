// SPDX-License-Identifier: BSD-3-Clause
/*
 * Protocol clients (Base, Clock, Sensor, Performance) against a scripted
 * platform that builds its replies byte by byte; S-12 malformed payloads;
 * typed notification reports.
 */
#include <check.h>
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_fixture.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "client_fixture.h"
#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_perf.h>
#include <scmi_vio/scmi_sensor.h>

/* A page of @total entries, @per_page at a time, starting at @idx. */
static uint32_t page(uint32_t idx, uint32_t total, uint32_t per_page,
		     uint32_t *ret_n)
{
	uint32_t left;

	if (mode == M_EMPTY) {
		*ret_n = 0;
		return 0;
	}
	if (mode == M_ONE_SHORT)
		total--;
	left = idx < total ? total - idx : 0;
	*ret_n = left < per_page ? left : per_page;
	if (mode == M_REMAINING_BAD && idx)
		return left - *ret_n + 1;
	if (mode == M_NO_PROGRESS && idx) {
		*ret_n = 0;
		return left;
	}
	return left - *ret_n;
}

static void base(struct ft *f, struct ft_msg *m, uint8_t *p, size_t *n)
{
	static const uint8_t ids[] = { 0x13, 0x14, 0x15 };
	uint32_t skip, cnt, i;

	switch (ft_msg_id(m)) {
	case SCMI_VIO_MSG_PROTOCOL_VERSION:
		ft_put32(p, n, 0x20001);
		break;
	case SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES:
		ft_put32(p, n, 2u << 8 | 3);
		break;
	case SCMI_VIO_BASE_DISCOVER_VENDOR:
		cl_put_name(p, n, "ScmiVio");
		break;
	case SCMI_VIO_BASE_DISCOVER_SUB_VENDOR:
		cl_put_name(p, n, "Sub");
		break;
	case SCMI_VIO_BASE_DISCOVER_IMPLEMENTATION_VERSION:
		ft_put32(p, n, 0x10203);
		break;
	case SCMI_VIO_BASE_DISCOVER_LIST_PROTOCOLS:
		skip = ft_param(m, 0);
		cnt = skip < 3 ? (3 - skip < 2 ? 3 - skip : 2) : 0;
		if (mode == M_COUNT_TOO_BIG)
			cnt = 5;
		if (mode == M_NO_PROGRESS)
			cnt = 0;
		ft_put32(p, n, cnt);
		memset(p + *n, 0, 4);
		for (i = 0; i < 2 && skip + i < 3; i++)
			p[*n + i] = ids[skip + i];
		*n += 4;
		break;
	case SCMI_VIO_BASE_DISCOVER_AGENT:
		if (ft_param(m, 0) == 0) {
			ft_put32(p, n, 0);
			cl_put_name(p, n, "platform");
		} else if (ft_param(m, 0) == SCMI_VIO_BASE_AGENT_SELF) {
			ft_put32(p, n, 1);
			cl_put_name(p, n, "agent1");
		} else {
			ft_reply(f, m, SCMI_VIO_NOT_FOUND, NULL, 0);
			*n = SIZE_MAX;
		}
		break;
	default:
		sv_fetch_add(&notify_cmds, 1);
	}
}

static void clk(struct ft *f, struct ft_msg *m, uint8_t *p, size_t *n)
{
	uint32_t id = ft_param(m, 0), r, rem, i;

	switch (ft_msg_id(m)) {
	case SCMI_VIO_MSG_PROTOCOL_VERSION: /* Clock 1.0: SCMI 2.0 layouts */
		ft_put32(p, n, 0x10000);
		break;
	case SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES:
		ft_put32(p, n, 4u << 16 | (mode == M_MANY ? 0xffff : 2));
		break;
	case SCMI_VIO_CLOCK_ATTRIBUTES:
		ft_put32(p, n, 1u | 1u << 31);
		cl_put_name(p, n, "clk0");
		break;
	case SCMI_VIO_CLOCK_DESCRIBE_RATES:
		if (id == 1) {
			ft_put32(p, n, 3u | 1u << 12);
			for (i = 0; i < 3; i++) {
				ft_put32(p, n, 100 * (i + 1));
				ft_put32(p, n, 0);
			}
			break;
		}
		rem = page(ft_param(m, 1), 5, 2, &r);
		ft_put32(p, n, (mode == M_COUNT_TOO_BIG ? 9 : r) | rem << 16);
		for (i = 0; i < r; i++) {
			ft_put32(p, n, 1000 * (ft_param(m, 1) + i + 1));
			ft_put32(p, n, 1);
		}
		break;
	case SCMI_VIO_CLOCK_RATE_GET:
		if (mode == M_SHORT) {
			ft_put32(p, n, 5);
			break;
		}
		ft_put32(p, n, id);
		ft_put32(p, n, 1);
		break;
	case SCMI_VIO_CLOCK_RATE_SET:
		if (ft_param(m, 0) & SCMI_VIO_CLOCK_SET_ASYNC) {
			id = ft_param(m, 1);
			ft_reply_dresp(f, m,
				       (const uint32_t[]){
					       mode == M_WRONG_ID ? id + 1 : id,
					       ft_param(m, 2), ft_param(m, 3) },
				       3, 12);
			*n = SIZE_MAX;
		}
		break;
	default:
		sv_fetch_add(&notify_cmds, 1);
	}
}

static void sensor(struct ft *f, struct ft_msg *m, uint8_t *p, size_t *n)
{
	uint32_t id = ft_param(m, 0), r, rem, i, s;
	char name[8];

	switch (ft_msg_id(m)) {
	case SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES:
		ft_put32(p, n, mode == M_MANY ? 0xffff : 3);
		ft_put32(p, n, 0);
		ft_put32(p, n, 0);
		ft_put32(p, n, 0);
		break;
	case SCMI_VIO_SENSOR_DESCRIPTION_GET:
		rem = page(id, 3, 2, &r);
		ft_put32(p, n, (mode == M_COUNT_TOO_BIG ? 3 : r) | rem << 16);
		for (i = 0; i < r; i++) {
			s = id + i;
			ft_put32(p, n, s);
			ft_put32(p, n, (s == 1 ? 1u << 31 : 0) | 2);
			ft_put32(p, n, 4u | (uint32_t)(-3 & 0x1f) << 11);
			snprintf(name, sizeof(name), "s%u", s);
			cl_put_name(p, n, name);
		}
		break;
	case SCMI_VIO_SENSOR_READING_GET:
		if (!(ft_param(m, 1) & SCMI_VIO_SENSOR_READ_ASYNC)) {
			ft_put32(p, n, 0xfffffffb);
			ft_put32(p, n, 0xffffffff);
			break;
		}
		if (id != 1) {
			ft_reply(f, m, SCMI_VIO_NOT_SUPPORTED, NULL, 0);
			*n = SIZE_MAX;
			break;
		}
		ft_reply_dresp(f, m,
			       (const uint32_t[]){ mode == M_WRONG_ID ? id + 1 :
									id,
						   42, 0 },
			       3, 12);
		*n = SIZE_MAX;
		break;
	default:
		sv_fetch_add(&notify_cmds, 1);
	}
}

static void perf(struct ft *f, struct ft_msg *m, uint8_t *p, size_t *n)
{
	uint32_t r, rem, i;

	switch (ft_msg_id(m)) {
	case SCMI_VIO_MSG_PROTOCOL_VERSION: /* Perf 2.0: 12-byte levels */
		ft_put32(p, n, 0x20000);
		break;
	case SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES:
		ft_put32(p, n, mode == M_MANY ? 0xffff : 1);
		break;
	case SCMI_VIO_PERF_DOMAIN_ATTRIBUTES:
		ft_put32(p, n, 0xfu << 28);
		ft_put32(p, n, 100);
		ft_put32(p, n, 1000000);
		ft_put32(p, n, 5);
		if (mode != M_SHORT)
			cl_put_name(p, n, "cpu");
		break;
	case SCMI_VIO_PERF_DESCRIBE_LEVELS:
		rem = page(ft_param(m, 1), 3, 2, &r);
		ft_put32(p, n, r | rem << 16);
		for (i = 0; i < r; i++) {
			ft_put32(p, n, ft_param(m, 1) + i + 1);
			ft_put32(p, n, 10 * (ft_param(m, 1) + i + 1));
			ft_put32(p, n, 50);
		}
		break;
	case SCMI_VIO_PERF_LIMITS_GET:
		ft_put32(p, n, 10);
		ft_put32(p, n, 1);
		break;
	case SCMI_VIO_PERF_LEVEL_GET:
		ft_put32(p, n, 7);
		break;
	default:
		sv_fetch_add(&notify_cmds, 1);
	}
}

static struct ft_proto protos[] = {
	{ SCMI_VIO_PROTO_BASE, base },
	{ SCMI_VIO_PROTO_CLOCK, clk },
	{ SCMI_VIO_PROTO_SENSOR, sensor },
	{ SCMI_VIO_PROTO_PERF, perf },
	{ 0, NULL },
};

static void setup(void)
{
	cl_setup(protos);
}

START_TEST(test_base)
{
	unsigned int np, na;
	uint16_t maj, min;
	uint8_t ids[8];
	uint32_t v, id;
	char name[16];
	size_t n;

	ck_assert_int_eq(scmi_vio_protocol_version(
				 ft->agent, SCMI_VIO_PROTO_BASE, &maj, &min),
			 0);
	ck_assert_uint_eq(maj, 2);
	ck_assert_uint_eq(min, 1);
	ck_assert_int_eq(scmi_vio_base_attributes(ft->agent, &np, &na), 0);
	ck_assert_uint_eq(np, 3);
	ck_assert_uint_eq(na, 2);
	ck_assert_int_eq(scmi_vio_base_vendor(ft->agent, name), 0);
	ck_assert_str_eq(name, "ScmiVio");
	ck_assert_int_eq(scmi_vio_base_sub_vendor(ft->agent, name), 0);
	ck_assert_str_eq(name, "Sub");
	ck_assert_int_eq(scmi_vio_base_impl_version(ft->agent, &v), 0);
	ck_assert_uint_eq(v, 0x10203);
	ck_assert_int_eq(scmi_vio_base_list_protocols(ft->agent, ids, 8, &n),
			 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(ids[0], 0x13);
	ck_assert_uint_eq(ids[2], 0x15);
	ck_assert_int_eq(scmi_vio_base_list_protocols(ft->agent, ids, 2, &n),
			 -ENOSPC);
	ck_assert_int_eq(scmi_vio_base_discover_agent(ft->agent,
						      SCMI_VIO_BASE_AGENT_SELF,
						      &id, name),
			 0);
	ck_assert_uint_eq(id, 1);
	ck_assert_str_eq(name, "agent1");
	ck_assert_int_eq(scmi_vio_base_discover_agent(ft->agent, 9, &id, name),
			 -ENOENT);
	ck_assert_int_eq(scmi_vio_base_notify_errors(ft->agent, true), 0);
}
END_TEST

START_TEST(test_clock)
{
	struct scmi_vio_clock_attrs at;
	unsigned int nc, ma;
	uint64_t rates[8], rate;
	bool trip;
	size_t n;

	ck_assert_int_eq(scmi_vio_clock_count(ft->agent, &nc, &ma), 0);
	ck_assert_uint_eq(nc, 2);
	ck_assert_uint_eq(ma, 4);
	ck_assert_int_eq(scmi_vio_clock_attributes(ft->agent, 0, &at), 0);
	ck_assert(at.enabled && at.rate_changed_notify);
	ck_assert(!at.rate_change_requested_notify);
	ck_assert_str_eq(at.name, "clk0");
	ck_assert_int_eq(scmi_vio_clock_describe_rates(ft->agent, 0, rates, 8,
						       &n, &trip),
			 0);
	ck_assert_uint_eq(n, 5);
	ck_assert(!trip);
	ck_assert_uint_eq(rates[4], (1ull << 32) + 5000);
	ck_assert_int_eq(scmi_vio_clock_describe_rates(ft->agent, 0, rates, 4,
						       &n, &trip),
			 -ENOSPC);
	ck_assert_int_eq(scmi_vio_clock_describe_rates(ft->agent, 1, rates, 8,
						       &n, &trip),
			 0);
	ck_assert(trip);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(rates[2], 300);
	ck_assert_int_eq(scmi_vio_clock_rate_get(ft->agent, 1, &rate), 0);
	ck_assert_uint_eq(rate, (1ull << 32) + 1);
	ck_assert_int_eq(scmi_vio_clock_rate_set(ft->agent, 0, 12345,
						 SCMI_VIO_CLOCK_SET_ROUND_UP),
			 0);
	ck_assert_int_eq(scmi_vio_clock_rate_set(ft->agent, 0, 1, 1u << 7),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_clock_rate_set_async(
				 ft->agent, 1, (7ull << 32) | 9, 0, &rate),
			 0);
	ck_assert_uint_eq(rate, (7ull << 32) | 9);
	ck_assert_int_eq(scmi_vio_clock_config_set(ft->agent, 0, true), 0);
}
END_TEST

START_TEST(test_sensor)
{
	struct scmi_vio_sensor_desc d[4];
	unsigned int ns;
	int64_t v;
	size_t n;

	ck_assert_int_eq(scmi_vio_sensor_count(ft->agent, &ns), 0);
	ck_assert_uint_eq(ns, 3);
	ck_assert_int_eq(scmi_vio_sensor_describe(ft->agent, d, 4, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(d[2].id, 2);
	ck_assert(d[1].async_read && !d[0].async_read);
	ck_assert_uint_eq(d[1].n_trip_points, 2);
	ck_assert_uint_eq(d[1].type, 4);
	ck_assert_int_eq(d[1].scale, -3);
	ck_assert_str_eq(d[2].name, "s2");
	ck_assert_int_eq(scmi_vio_sensor_reading_get(ft->agent, 0, &v), 0);
	ck_assert_int_eq(v, -5);
	ck_assert_int_eq(scmi_vio_sensor_reading_get_async(ft->agent, 1, &v),
			 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(scmi_vio_sensor_reading_get_async(ft->agent, 0, &v),
			 -EOPNOTSUPP);
	ck_assert_int_eq(scmi_vio_sensor_trip_point_config(
				 ft->agent, 0, 1, SCMI_VIO_TRIP_UP, -100),
			 0);
	ck_assert_int_eq(scmi_vio_sensor_trip_point_config(ft->agent, 0, 1, 4,
							   0),
			 -EINVAL);
}
END_TEST

START_TEST(test_perf)
{
	struct scmi_vio_perf_domain dom;
	struct scmi_vio_perf_level lv[4];
	uint32_t mx, mn, l;
	unsigned int nd;
	size_t n;

	ck_assert_int_eq(scmi_vio_perf_count(ft->agent, &nd), 0);
	ck_assert_uint_eq(nd, 1);
	ck_assert_int_eq(scmi_vio_perf_domain_attributes(ft->agent, 0, &dom),
			 0);
	ck_assert(dom.set_limits && dom.set_level && dom.limit_notify &&
		  dom.level_notify);
	ck_assert_uint_eq(dom.rate_limit_us, 100);
	ck_assert_uint_eq(dom.sustained_level, 5);
	ck_assert_str_eq(dom.name, "cpu");
	ck_assert_int_eq(scmi_vio_perf_describe_levels(ft->agent, 0, lv, 4, &n),
			 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(lv[2].level, 3);
	ck_assert_uint_eq(lv[2].power, 30);
	ck_assert_uint_eq(lv[2].latency_us, 50);
	ck_assert_int_eq(scmi_vio_perf_limits_get(ft->agent, 0, &mx, &mn), 0);
	ck_assert_uint_eq(mx, 10);
	ck_assert_uint_eq(mn, 1);
	ck_assert_int_eq(scmi_vio_perf_level_get(ft->agent, 0, &l), 0);
	ck_assert_uint_eq(l, 7);
	ck_assert_int_eq(scmi_vio_perf_limits_set(ft->agent, 0, 9, 2), 0);
	ck_assert_int_eq(scmi_vio_perf_level_set(ft->agent, 0, 3), 0);
}
END_TEST

/* S-12: counts larger than the data. */
START_TEST(test_s12_count_larger_than_data)
{
	struct scmi_vio_sensor_desc d[4];
	uint64_t rates[8];
	uint8_t ids[8];
	bool trip;
	size_t n;

	mode = M_COUNT_TOO_BIG;
	ck_assert_int_eq(scmi_vio_base_list_protocols(ft->agent, ids, 8, &n),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_clock_describe_rates(ft->agent, 0, rates, 8,
						       &n, &trip),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_sensor_describe(ft->agent, d, 4, &n),
			 -EPROTO);
}
END_TEST

/* S-12: strings without NUL. */
START_TEST(test_s12_name_without_nul)
{
	struct scmi_vio_clock_attrs at;
	struct scmi_vio_sensor_desc d[4];
	struct scmi_vio_perf_domain dom;
	char name[16];
	uint32_t id;
	size_t n;

	mode = M_NO_NUL;
	ck_assert_int_eq(scmi_vio_base_vendor(ft->agent, name), -EPROTO);
	ck_assert_int_eq(scmi_vio_base_discover_agent(ft->agent, 0, &id, name),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_clock_attributes(ft->agent, 0, &at), -EPROTO);
	ck_assert_int_eq(scmi_vio_sensor_describe(ft->agent, d, 4, &n),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_perf_domain_attributes(ft->agent, 0, &dom),
			 -EPROTO);
}
END_TEST

/* The three paginated clients all fail with -EPROTO in the current mode. */
static void describes_fail(void)
{
	struct scmi_vio_sensor_desc d[4];
	struct scmi_vio_perf_level lv[4];
	uint64_t rates[8];
	bool trip;
	size_t n;

	ck_assert_int_eq(scmi_vio_clock_describe_rates(ft->agent, 0, rates, 8,
						       &n, &trip),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_sensor_describe(ft->agent, d, 4, &n),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_perf_describe_levels(ft->agent, 0, lv, 4, &n),
			 -EPROTO);
}

/* S-12: pagination counters that do not add up, and no progress. */
START_TEST(test_s12_pagination)
{
	struct scmi_vio_perf_level lv[4];
	uint64_t rates[8];
	uint8_t ids[8];
	bool trip;
	size_t n;

	mode = M_REMAINING_BAD;
	describes_fail();
	mode = M_NO_PROGRESS;
	ck_assert_int_eq(scmi_vio_clock_describe_rates(ft->agent, 0, rates, 8,
						       &n, &trip),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_perf_describe_levels(ft->agent, 0, lv, 4, &n),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_base_list_protocols(ft->agent, ids, 8, &n),
			 -EPROTO);
}
END_TEST

/*
 * S-20: pages that disagree with the count reported elsewhere: an empty
 * first page (a clock without rates, a domain without levels, no sensor
 * although PROTOCOL_ATTRIBUTES said 3), and a sensor total one short.
 */
START_TEST(test_s20_pagination_total_vs_attributes)
{
	struct scmi_vio_sensor_desc d[4];
	struct scmi_vio_perf_level lv[4];
	size_t n;

	mode = M_EMPTY;
	describes_fail();
	mode = M_ONE_SHORT;
	ck_assert_int_eq(scmi_vio_sensor_describe(ft->agent, d, 4, &n),
			 -EPROTO);
	/* Without another count, one short is just a shorter list. */
	ck_assert_int_eq(scmi_vio_perf_describe_levels(ft->agent, 0, lv, 4, &n),
			 0);
	ck_assert_uint_eq(n, 2);
}
END_TEST

/*
 * S-19: a platform claiming 65535 clocks, sensors or domains: their
 * events are refused at registration (more sources than the documented
 * cap), so no subscription can drive 65535 enable commands.
 */
START_TEST(test_s19_counted_events_capped)
{
	mode = M_MANY;
	ck_assert_int_eq(scmi_vio_clock_register_events(ft->agent), -E2BIG);
	ck_assert_int_eq(scmi_vio_sensor_register_events(ft->agent), -E2BIG);
	ck_assert_int_eq(scmi_vio_perf_register_events(ft->agent), -E2BIG);
	mode = M_OK;
	ck_assert_int_eq(scmi_vio_clock_register_events(ft->agent), 0);
}
END_TEST

/* S-12: short fixed fields; delayed response for another id. */
START_TEST(test_s12_short_and_wrong_id)
{
	struct scmi_vio_perf_domain dom;
	uint64_t rate;
	int64_t v;

	mode = M_SHORT;
	ck_assert_int_eq(scmi_vio_clock_rate_get(ft->agent, 0, &rate), -EPROTO);
	ck_assert_int_eq(scmi_vio_perf_domain_attributes(ft->agent, 0, &dom),
			 -EPROTO);
	mode = M_WRONG_ID;
	ck_assert_int_eq(scmi_vio_clock_rate_set_async(ft->agent, 0, 5, 0,
						       &rate),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_sensor_reading_get_async(ft->agent, 1, &v),
			 -EPROTO);
}
END_TEST

/* Typed reports for every built-in protocol; subscribe sends the
 * protocol's notify-enable command through the core. */
START_TEST(test_typed_reports)
{
	static const struct cl_sub subs[] = {
		{ SCMI_VIO_PROTO_BASE, SCMI_VIO_BASE_ERROR_EVENT,
		  SCMI_VIO_NOTIFY_ALL_SRC },
		{ SCMI_VIO_PROTO_CLOCK, SCMI_VIO_CLOCK_RATE_CHANGED, 1 },
		{ SCMI_VIO_PROTO_SENSOR, SCMI_VIO_SENSOR_TRIP_POINT_EVENT,
		  SCMI_VIO_NOTIFY_ALL_SRC },
		{ SCMI_VIO_PROTO_PERF, SCMI_VIO_PERF_LIMITS_CHANGED, 0 },
		{ SCMI_VIO_PROTO_PERF, SCMI_VIO_PERF_LEVEL_CHANGED, 0 },
	};
	struct scmi_vio_notify_sub *sb[5];
	struct cl_seen s;

	sem_init(&s.got, 0, 0);
	ck_assert_int_eq(scmi_vio_base_register_events(ft->agent), 0);
	ck_assert_int_eq(scmi_vio_clock_register_events(ft->agent), 0);
	ck_assert_int_eq(scmi_vio_sensor_register_events(ft->agent), 0);
	ck_assert_int_eq(scmi_vio_perf_register_events(ft->agent), 0);
	cl_subscribe(&s, subs, 5, sb);
	/* base 1 + clock 1 + sensor 3 sources + perf 2 */
	ck_assert_uint_eq(sv_read_once(&notify_cmds), 7);

	cl_notify_wait(&s, SCMI_VIO_PROTO_BASE, SCMI_VIO_BASE_ERROR_EVENT,
		       (const uint32_t[]){ 3, 1u << 31 | 1, 0xabc, 0 }, 4);
	ck_assert_uint_eq(s.r.base_error.agent_id, 3);
	ck_assert(s.r.base_error.fatal);
	ck_assert_uint_eq(s.r.base_error.count, 1);
	ck_assert_uint_eq(s.reports0, 0xabc);

	cl_notify_wait(&s, SCMI_VIO_PROTO_CLOCK, SCMI_VIO_CLOCK_RATE_CHANGED,
		       (const uint32_t[]){ 2, 1, 5, 1 }, 4);
	ck_assert_uint_eq(s.r.clock_rate.agent_id, 2);
	ck_assert_uint_eq(s.r.clock_rate.clock_id, 1);
	ck_assert_uint_eq(s.r.clock_rate.rate, (1ull << 32) | 5);

	cl_notify_wait(&s, SCMI_VIO_PROTO_SENSOR,
		       SCMI_VIO_SENSOR_TRIP_POINT_EVENT,
		       (const uint32_t[]){ 0, 2, 0x11 }, 3);
	ck_assert_uint_eq(s.r.sensor_trip.sensor_id, 2);
	ck_assert_uint_eq(s.r.sensor_trip.trip_point_desc, 0x11);

	cl_notify_wait(&s, SCMI_VIO_PROTO_PERF, SCMI_VIO_PERF_LIMITS_CHANGED,
		       (const uint32_t[]){ 0, 0, 9, 2 }, 4);
	ck_assert_uint_eq(s.r.perf_limits.range_max, 9);
	ck_assert_uint_eq(s.r.perf_limits.range_min, 2);

	cl_notify_wait(&s, SCMI_VIO_PROTO_PERF, SCMI_VIO_PERF_LEVEL_CHANGED,
		       (const uint32_t[]){ 0, 0, 4 }, 3);
	ck_assert_uint_eq(s.r.perf_level.level, 4);
	ck_assert_uint_eq(s.r.src, 0);

	/* S-12 in a notification: an error count larger than the data. */
	cl_notify(SCMI_VIO_PROTO_BASE, SCMI_VIO_BASE_ERROR_EVENT,
		  (const uint32_t[]){ 3, 5, 0, 0 }, 4);

	cl_unsubscribe(sb, 5);
	ck_assert_uint_eq(sv_read_once(&notify_cmds), 14);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_base,
				       test_clock,
				       test_sensor,
				       test_perf,
				       test_s12_count_larger_than_data,
				       test_s12_name_without_nul,
				       test_s12_pagination,
				       test_s12_short_and_wrong_id,
				       test_s20_pagination_total_vs_attributes,
				       test_s19_counted_events_capped,
				       test_typed_reports,
				       NULL };

	return check_main_fixture("scmi_clients", "clients", 0, setup,
				  cl_teardown, tests);
}
