// SPDX-License-Identifier: BSD-3-Clause
/*
 * fuzz_agent_rx, second half: the operations that drive the Base, Clock,
 * Sensor and Performance clients, the generic commands and raw mode; the
 * notification subscriber and its sentinel drain; the checks after every
 * operation.  The transport that answers them is in fuzz_agent_rx.c.
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_perf.h>
#include <scmi_vio/scmi_raw.h>
#include <scmi_vio/scmi_sensor.h>

#include "common/atomics.h"
#include "common/byteorder.h"

#include "fuzz_agent_rx.h"

/* ---- notifications ---------------------------------------------------- */

#define SENTINEL 0x5e7e1000u

/* Written by the dispatchers, read by the caller's thread. */
static unsigned int seen_sentinel[256]; /* ATOMIC */
static unsigned long callbacks; /* ATOMIC */

static void on_notify(const struct scmi_vio_notify_report *r, void *arg)
{
	uintptr_t proto = (uintptr_t)arg;
	uint32_t agent_id = 0;

	require(r->protocol == proto);
	require(r->payload_len <= fz.max_payload);
	switch (r->protocol) {
	case SCMI_VIO_PROTO_BASE:
		require(r->base_error.count <= SCMI_VIO_BASE_ERR_MAX_REPORTS);
		require(r->payload_len >= 8 + 8 * r->base_error.count);
		agent_id = r->base_error.agent_id;
		break;
	case SCMI_VIO_PROTO_CLOCK:
		require(r->payload_len >= 16);
		require(r->src == r->clock_rate.clock_id);
		agent_id = r->clock_rate.agent_id;
		break;
	case SCMI_VIO_PROTO_SENSOR:
		require(r->payload_len >= 12);
		agent_id = r->sensor_trip.agent_id;
		break;
	default:
		require(r->payload_len >= 12);
		agent_id = r->perf_level.agent_id;
		break;
	}
	sv_counter_add(&callbacks, 1);
	if (agent_id == SENTINEL)
		sv_store_release(&seen_sentinel[proto], 1);
}

static const uint8_t notif_protos[4] = { SCMI_VIO_PROTO_BASE,
					 SCMI_VIO_PROTO_CLOCK,
					 SCMI_VIO_PROTO_SENSOR,
					 SCMI_VIO_PROTO_PERF };
static const uint8_t notif_events[4] = { SCMI_VIO_BASE_ERROR_EVENT,
					 SCMI_VIO_CLOCK_RATE_CHANGED,
					 SCMI_VIO_SENSOR_TRIP_POINT_EVENT,
					 SCMI_VIO_PERF_LEVEL_CHANGED };

/*
 * Setup, honest replies: register protocol @i's events and subscribe to
 * them for all sources (one dispatcher thread per input keeps it fast).
 */
void notify_setup(unsigned int i)
{
	uint8_t p = notif_protos[i];
	struct scmi_vio_notify_sub *sub;
	int ret;

	fz.honest = true;
	if (p == SCMI_VIO_PROTO_BASE)
		ret = scmi_vio_base_register_events(fz.agent);
	else if (p == SCMI_VIO_PROTO_CLOCK)
		ret = scmi_vio_clock_register_events(fz.agent);
	else if (p == SCMI_VIO_PROTO_SENSOR)
		ret = scmi_vio_sensor_register_events(fz.agent);
	else
		ret = scmi_vio_perf_register_events(fz.agent);
	require(!ret);
	require(!scmi_vio_notify_subscribe(fz.agent, p, notif_events[i],
					   SCMI_VIO_NOTIFY_ALL_SRC, on_notify,
					   (void *)(uintptr_t)p, &sub));
	/* The other event of Clock and Perf, for the parsers' branches. */
	if (p == SCMI_VIO_PROTO_CLOCK || p == SCMI_VIO_PROTO_PERF)
		require(!scmi_vio_notify_subscribe(
			fz.agent, p, notif_events[i] ^ 1, 0, on_notify,
			(void *)(uintptr_t)p, &sub));
	fz.honest = false;
}

/*
 * Teardown: the dispatcher delivers in order, so once it delivered a
 * sentinel queued after everything else it has run every earlier
 * notification; coverage does not depend on how fast it was.
 */
void notify_drain(unsigned int i)
{
	uint8_t p = notif_protos[i];
	struct scmi_vio_hdr h = { .id = notif_events[i],
				  .type = SCMI_VIO_MSG_NOTIFICATION,
				  .protocol = p };
	uint32_t hdr = scmi_vio_hdr_pack(&h);
	/* Base: agent, status; Clock: agent, clock, rate; Sensor trip and
	 * Perf level: agent, id, one word. */
	size_t plen = p == SCMI_VIO_PROTO_BASE	? 8 :
		      p == SCMI_VIO_PROTO_CLOCK ? 16 :
						  12;
	struct scmi_vio_agent_stats st;
	struct timespec t0, t;
	uint8_t pdu[4 + 16];
	uint64_t full;

	if (plen > fz.max_payload)
		return; /* none fits: every one failed to parse, no callback */
	memset(pdu, 0, sizeof(pdu));
	sv_put_le32(pdu, hdr);
	sv_put_le32(pdu + 4, SENTINEL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		scmi_vio_agent_get_stats(fz.agent, &st);
		full = st.queue_full;
		sv_write_once(&seen_sentinel[p], 0);
		deliver(hdr, pdu, 4 + plen);
		scmi_vio_agent_get_stats(fz.agent, &st);
		if (st.queue_full == full)
			break;
		sched_yield(); /* queue full: let it drain */
	}
	/* A queued notification is always delivered (the bound is generous
	 * for a loaded machine). */
	while (!sv_load_acquire(&seen_sentinel[p])) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		require(t.tv_sec - t0.tv_sec < 10);
		sched_yield();
	}
}

/* ---- checks ----------------------------------------------------------- */

static struct scmi_vio_agent_stats prev;

void checks_reset(void)
{
	memset(&prev, 0, sizeof(prev));
}

void check_stats(void)
{
	struct scmi_vio_agent_stats st;

	scmi_vio_agent_get_stats(fz.agent, &st);
	require(st.sent == fz.sends);
	require(st.send_errors == fz.send_fails);
	require(st.responses <= st.sent && st.delayed_responses <= st.sent);
	require(st.timeouts <= st.sent);
	/* One receive at a time on one thread: a scratch is always free. */
	require(st.rx_nomem == 0);
	/* Monotonic. */
	require(st.sent >= prev.sent && st.responses >= prev.responses &&
		st.invalid >= prev.invalid &&
		st.unexpected >= prev.unexpected &&
		st.truncated >= prev.truncated &&
		st.notifications >= prev.notifications);
	prev = st;
}

static bool name_ok(const char name[16])
{
	return memchr(name, '\0', 16) != NULL;
}

/* ---- operations ------------------------------------------------------- */

void op_base(uint8_t which)
{
	unsigned int np, na;
	uint8_t ids[64];
	char name[16];
	uint32_t v, id;
	size_t n, cap;

	switch (which % 7) {
	case 0:
		if (!scmi_vio_base_attributes(fz.agent, &np, &na))
			require(np <= 255 && na <= 255);
		break;
	case 1:
		if (!scmi_vio_base_vendor(fz.agent, name))
			require(name_ok(name));
		break;
	case 2:
		if (!scmi_vio_base_sub_vendor(fz.agent, name))
			require(name_ok(name));
		break;
	case 3:
		(void)scmi_vio_base_impl_version(fz.agent, &v);
		break;
	case 4:
		cap = u8() % sizeof(ids);
		if (!scmi_vio_base_list_protocols(fz.agent, ids, cap, &n))
			require(n <= cap);
		break;
	case 5:
		if (!scmi_vio_base_discover_agent(fz.agent, u8(), &id, name))
			require(name_ok(name));
		break;
	default:
		(void)scmi_vio_base_notify_errors(fz.agent, u8() & 1);
		break;
	}
}

void op_clock(uint8_t which)
{
	struct scmi_vio_clock_attrs at;
	unsigned int n, ma;
	uint64_t rates[32], r;
	size_t nr, cap;
	bool trip;

	switch (which % 7) {
	case 0:
		if (!scmi_vio_clock_count(fz.agent, &n, &ma))
			require(n <= 0xffff && ma <= 0xff);
		break;
	case 1:
		if (!scmi_vio_clock_attributes(fz.agent, u8(), &at))
			require(name_ok(at.name));
		break;
	case 2:
		cap = u8() % 33;
		if (!scmi_vio_clock_describe_rates(fz.agent, u8(), rates, cap,
						   &nr, &trip))
			require(nr <= cap && (!trip || nr == 3));
		break;
	case 3:
		(void)scmi_vio_clock_rate_get(fz.agent, u8(), &r);
		break;
	case 4:
		(void)scmi_vio_clock_rate_set(
			fz.agent, u8(), u32(),
			u8() & SCMI_VIO_CLOCK_SET_ROUND_UP);
		break;
	case 5:
		(void)scmi_vio_clock_rate_set_async(fz.agent, u8(), u32(), 0,
						    &r);
		break;
	default:
		(void)scmi_vio_clock_config_set(fz.agent, u8(), u8() & 1);
		break;
	}
}

void op_sensor(uint8_t which)
{
	struct scmi_vio_sensor_desc d[16];
	unsigned int n;
	size_t nd, cap, i;
	int64_t v;

	switch (which % 5) {
	case 0:
		if (!scmi_vio_sensor_count(fz.agent, &n))
			require(n <= 0xffff);
		break;
	case 1:
		cap = u8() % 17;
		if (!scmi_vio_sensor_describe(fz.agent, d, cap, &nd)) {
			require(nd <= cap);
			for (i = 0; i < nd; i++)
				require(name_ok(d[i].name) &&
					d[i].scale >= -16 && d[i].scale <= 15);
		}
		break;
	case 2:
		(void)scmi_vio_sensor_reading_get(fz.agent, u8(), &v);
		break;
	case 3:
		(void)scmi_vio_sensor_reading_get_async(fz.agent, u8(), &v);
		break;
	default:
		(void)scmi_vio_sensor_trip_point_config(
			fz.agent, u8(), u8(), u8() % 5, (int32_t)u32());
		break;
	}
}

void op_perf(uint8_t which)
{
	struct scmi_vio_perf_domain dom;
	struct scmi_vio_perf_level lv[24];
	uint32_t a, b;
	unsigned int n;
	size_t nl, cap;

	switch (which % 7) {
	case 0:
		if (!scmi_vio_perf_count(fz.agent, &n))
			require(n <= 0xffff);
		break;
	case 1:
		if (!scmi_vio_perf_domain_attributes(fz.agent, u8(), &dom))
			require(name_ok(dom.name) &&
				dom.rate_limit_us <= 0xfffff);
		break;
	case 2:
		cap = u8() % 25;
		if (!scmi_vio_perf_describe_levels(fz.agent, u8(), lv, cap,
						   &nl))
			require(nl <= cap);
		break;
	case 3:
		(void)scmi_vio_perf_limits_get(fz.agent, u8(), &a, &b);
		break;
	case 4:
		(void)scmi_vio_perf_level_get(fz.agent, u8(), &a);
		break;
	case 5:
		(void)scmi_vio_perf_limits_set(fz.agent, u8(), u32(), u32());
		break;
	default:
		(void)scmi_vio_perf_level_set(fz.agent, u8(), u32());
		break;
	}
}

void op_generic(uint8_t which)
{
	uint16_t maj, min;
	uint32_t attrs;

	if (which & 1)
		(void)scmi_vio_protocol_version(fz.agent, protos[u8() % 8],
						&maj, &min);
	else
		(void)scmi_vio_protocol_message_attributes(
			fz.agent, protos[u8() % 8], u8(), &attrs);
}

void op_raw(uint8_t which)
{
	uint8_t msg[64], resp[64], dresp[64], q[BIG_PDU];
	size_t cap = u8() % sizeof(resp), len;
	struct scmi_vio_raw_msg m = { 0 };
	struct scmi_vio_hdr h;
	int ret;

	switch (which % 4) {
	case 0: /* an exchange: a well-formed header, any parameters */
		h = (struct scmi_vio_hdr){ .id = u8(),
					   .type = SCMI_VIO_MSG_COMMAND,
					   .protocol = protos[u8() % 8],
					   .token = u8() };
		len = 4 + bytes(msg + 4, u8() % 60, 60);
		sv_put_le32(msg, scmi_vio_hdr_pack(&h));
		m.msg = msg;
		m.msg_len = len;
		m.flags = (which >> 2) % 3 == 1 ? SCMI_VIO_CMD_POLL :
			  (which >> 2) % 3 == 2 ? SCMI_VIO_CMD_ASYNC :
						  0;
		m.resp = cap ? resp : NULL;
		m.resp_cap = cap;
		m.dresp = dresp;
		m.dresp_cap = sizeof(dresp);
		fz.raw_async = m.flags & SCMI_VIO_CMD_ASYNC;
		ret = scmi_vio_raw_xfer(fz.agent, &m);
		fz.raw_async = false;
		/* No response bytes: only an async exchange whose delayed
		 * response came first and implied the response (S-6). */
		if (!ret && !m.resp_len)
			require((m.flags & SCMI_VIO_CMD_ASYNC) &&
				m.dresp_len >= 8);
		if (!ret && m.resp_len) {
			require(m.resp_len >= 8 &&
				m.resp_len <= 8 + fz.max_payload);
			if (cap >= 4)
				require(sv_get_le32(resp) ==
					scmi_vio_hdr_pack(&h));
		}
		require(m.dresp_len <= 8 + fz.max_payload);
		break;
	case 1:
		scmi_vio_raw_enable(fz.agent, which & 4);
		break;
	case 2: /* read both queues (without waiting) */
		/* A zero capacity with no buffer is valid: only the length. */
		while (!scmi_vio_raw_read(fz.agent, SCMI_VIO_RAW_ERRORS,
					  cap ? q : NULL, cap, &len,
					  SCMI_VIO_NO_WAIT))
			require(len >= 4 && len <= 8 + fz.max_payload);
		while (!scmi_vio_raw_read(fz.agent, SCMI_VIO_RAW_NOTIFICATIONS,
					  q, sizeof(q), &len, SCMI_VIO_NO_WAIT))
			require(len >= 4 && len <= 4 + fz.max_payload);
		break;
	default:
		scmi_vio_raw_reset(fz.agent);
		break;
	}
}

/* Something arrives while no command is waiting for it. */
void op_unsolicited(uint8_t which)
{
	extra(fz.last_hdr);
	(void)which;
}
