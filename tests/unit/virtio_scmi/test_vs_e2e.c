// SPDX-License-Identifier: BSD-3-Clause
/*
 * End to end: the agent's protocol clients, notifications and raw mode over
 * the virtio-scmi transport, against the platform in a thread of this
 * process (each interrupt mode) and in another process (memfd + eventfds).
 * At the end of each test every message is back in the pool and the
 * transport's and the agent's counters agree (invariant 7).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>

#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_perf.h>
#include <scmi_vio/scmi_raw.h>
#include <scmi_vio/scmi_sensor.h>

#include "check_run.h"
#include "raw_msg.h"
#include "vs_fixture.h"

/* Counters add up: every send completed, every buffer came back. */
static void check_counters(struct vsf *f)
{
	struct scmi_vio_virtio_scmi_stats st;
	struct scmi_vio_agent_stats as;

	vsf_all_free(f->vs);
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	scmi_vio_agent_get_stats(f->a, &as);
	ck_assert_uint_eq(st.sends, st.tx_completions);
	ck_assert_uint_eq(st.sends, st.msg_frees);
	ck_assert_uint_eq(st.sends, as.sent);
	/* A delayed response can overtake its response between the cmdq's
	 * and the eventq's deliverers (S-6, as in Linux): it completes the
	 * response wait, and the response, when it comes, is stale. */
	ck_assert_uint_eq(as.responses + as.dresp_first, as.sent);
	ck_assert_uint_eq(as.timeouts, 0);
	ck_assert_uint_eq(as.unexpected + as.invalid, as.dresp_first);
	ck_assert_uint_eq(st.broken + st.short_used, 0);
	/* Every event buffer is offered again once used (just after the
	 * event is delivered: wait for it). */
	VSF_WAIT((scmi_vio_virtio_scmi_get_stats(f->vs, &st),
		  st.rx_refed == st.rx_max + st.rx_events));
}

static void base_all(struct scmi_vio_agent *a)
{
	unsigned int np, na;
	uint16_t major, minor;
	uint8_t ids[16];
	char name[16];
	uint32_t v, id;
	size_t n;

	ck_assert_int_eq(scmi_vio_protocol_version(a, SCMI_VIO_PROTO_BASE,
						   &major, &minor),
			 0);
	ck_assert_int_eq(major, 2);
	ck_assert_int_eq(scmi_vio_base_attributes(a, &np, &na), 0);
	ck_assert_uint_eq(np, 7);
	ck_assert_int_eq(scmi_vio_base_vendor(a, name), 0);
	ck_assert_str_eq(name, "scmi_vio");
	ck_assert_int_eq(scmi_vio_base_sub_vendor(a, name), 0);
	ck_assert_str_eq(name, "simulated");
	ck_assert_int_eq(scmi_vio_base_impl_version(a, &v), 0);
	ck_assert_uint_eq(v, 0x00010000);
	ck_assert_int_eq(scmi_vio_base_list_protocols(a, ids, sizeof(ids), &n),
			 0);
	ck_assert_uint_eq(n, 7);
	ck_assert_int_eq(scmi_vio_base_discover_agent(a, 1, &id, name), 0);
	ck_assert_uint_eq(id, 1);
}

static void base_flow(struct vsf *f)
{
	base_all(f->a);
}

static void clock_flow(struct vsf *f)
{
	struct scmi_vio_clock_attrs at;
	unsigned int nc, ma;
	uint64_t rates[32], rate;
	bool triplet;
	size_t n;

	ck_assert_int_eq(scmi_vio_clock_count(f->a, &nc, &ma), 0);
	ck_assert_uint_eq(nc, 4);
	ck_assert_int_eq(scmi_vio_clock_attributes(f->a, 0, &at), 0);
	ck_assert_str_eq(at.name, "cpu");
	/* 16 rates over two pages. */
	ck_assert_int_eq(scmi_vio_clock_describe_rates(f->a, 0, rates, 32, &n,
						       &triplet),
			 0);
	ck_assert_uint_eq(n, 16);
	ck_assert_int_eq(scmi_vio_clock_rate_set(f->a, 0, rates[3], 0), 0);
	ck_assert_int_eq(scmi_vio_clock_rate_get(f->a, 0, &rate), 0);
	ck_assert_uint_eq(rate, rates[3]);
	/* Asynchronous: the delayed response comes on the eventq. */
	ck_assert_int_eq(
		scmi_vio_clock_rate_set_async(f->a, 0, rates[5], 0, &rate), 0);
	ck_assert_uint_eq(rate, rates[5]);
	ck_assert_int_eq(scmi_vio_clock_config_set(f->a, 1, true), 0);
	ck_assert_int_eq(scmi_vio_clock_attributes(f->a, 1, &at), 0);
	ck_assert(at.enabled);
}

static void sensor_flow(struct vsf *f)
{
	struct scmi_vio_sensor_desc d[8];
	unsigned int ns;
	int64_t v;
	size_t n;

	ck_assert_int_eq(scmi_vio_sensor_count(f->a, &ns), 0);
	ck_assert_uint_eq(ns, 5);
	ck_assert_int_eq(scmi_vio_sensor_describe(f->a, d, 8, &n), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(d[0].name, "soc_temp");
	ck_assert_int_eq(scmi_vio_sensor_reading_get(f->a, 4, &v), 0);
	ck_assert_int_eq(v, 1200);
	ck_assert_int_eq(scmi_vio_sensor_reading_get_async(f->a, 0, &v), 0);
	ck_assert_int_eq(scmi_vio_sensor_reading_get_async(f->a, 2, &v),
			 -EOPNOTSUPP);
	ck_assert_int_eq(scmi_vio_sensor_trip_point_config(
				 f->a, 0, 0, SCMI_VIO_TRIP_UP, 1000),
			 0);
	ck_assert_int_eq(scmi_vio_sensor_trip_point_notify(f->a, 0, true), 0);
	ck_assert_int_eq(scmi_vio_sensor_trip_point_notify(f->a, 0, false), 0);
}

static void perf_flow(struct vsf *f)
{
	struct scmi_vio_perf_domain dom;
	struct scmi_vio_perf_level lv[20];
	unsigned int nd;
	uint32_t mx, mn, l;
	size_t n;

	ck_assert_int_eq(scmi_vio_perf_count(f->a, &nd), 0);
	ck_assert_uint_eq(nd, 3);
	ck_assert_int_eq(scmi_vio_perf_domain_attributes(f->a, 0, &dom), 0);
	ck_assert_str_eq(dom.name, "little");
	/* 16 levels over two pages. */
	ck_assert_int_eq(scmi_vio_perf_describe_levels(f->a, 0, lv, 20, &n), 0);
	ck_assert_uint_eq(n, 16);
	ck_assert_int_eq(scmi_vio_perf_limits_set(f->a, 0, 1200, 300), 0);
	ck_assert_int_eq(scmi_vio_perf_limits_get(f->a, 0, &mx, &mn), 0);
	ck_assert_uint_eq(mx, 1200);
	ck_assert_uint_eq(mn, 300);
	ck_assert_int_eq(scmi_vio_perf_level_set(f->a, 0, 500), 0);
	ck_assert_int_eq(scmi_vio_perf_level_get(f->a, 0, &l), 0);
	ck_assert_uint_eq(l, 500);
	ck_assert_int_eq(scmi_vio_perf_limits_set(f->a, 2, 750, 250), -EACCES);
}

/* Callback state: static (shared with the dispatcher threads). */
static struct {
	unsigned int clock_events; /* ATOMIC */
	unsigned int perf_events; /* ATOMIC */
	sv_atomic_u64 last_rate; /* ATOMIC */
	uint32_t last_level; /* ATOMIC */
} seen;

static void on_clock(const struct scmi_vio_notify_report *r, void *arg)
{
	sv_write_once(&seen.last_rate, r->clock_rate.rate);
	sv_fetch_add(&seen.clock_events, 1);
}

static void on_perf(const struct scmi_vio_notify_report *r, void *arg)
{
	sv_write_once(&seen.last_level, r->perf_level.level);
	sv_fetch_add(&seen.perf_events, 1);
}

static void notify_roundtrip(struct scmi_vio_agent *a, bool wait_process,
			     struct scmi_vio_virtio_scmi *vs)
{
	struct scmi_vio_notify_sub *cs, *ps;
	uint64_t rates[32];
	bool triplet;
	size_t n;

	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(scmi_vio_clock_register_events(a), 0);
	ck_assert_int_eq(scmi_vio_perf_register_events(a), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(a, SCMI_VIO_PROTO_CLOCK,
						   SCMI_VIO_CLOCK_RATE_CHANGED,
						   0, on_clock, NULL, &cs),
			 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(a, SCMI_VIO_PROTO_PERF,
						   SCMI_VIO_PERF_LEVEL_CHANGED,
						   1, on_perf, NULL, &ps),
			 0);
	ck_assert_int_eq(scmi_vio_clock_describe_rates(a, 0, rates, 32, &n,
						       &triplet),
			 0);
	ck_assert_int_eq(scmi_vio_clock_rate_set(a, 0, rates[7], 0), 0);
	ck_assert_int_eq(scmi_vio_perf_level_set(a, 1, 2000), 0);
	VSF_WAIT((wait_process ? (void)scmi_vio_virtio_scmi_process(vs) :
				 (void)0,
		  sv_read_once(&seen.clock_events) >= 1 &&
			  sv_read_once(&seen.perf_events) >= 1));
	ck_assert_uint_eq(sv_read_once(&seen.last_rate), rates[7]);
	ck_assert_uint_eq(sv_read_once(&seen.last_level), 2000);
	scmi_vio_notify_unsubscribe(a, cs);
	scmi_vio_notify_unsubscribe(a, ps);
}

static void notify_flow(struct vsf *f)
{
	notify_roundtrip(f->a, false, f->vs);
}

static void raw_flow(struct vsf *f)
{
	uint8_t req[12], resp[32], dresp[32], note[32];
	struct scmi_vio_raw_msg rm;
	struct scmi_vio_hdr h = { .id = 0,
				  .protocol = SCMI_VIO_PROTO_BASE,
				  .token = 77 };
	size_t len;

	scmi_vio_raw_enable(f->a, true);
	sv_put_le32(req, scmi_vio_hdr_pack(&h));
	rm = raw_msg(req, 4, 0, resp, sizeof(resp));
	ck_assert_int_eq(scmi_vio_raw_xfer(f->a, &rm), 0);
	ck_assert_uint_eq(rm.resp_len, 12);
	ck_assert_uint_eq(sv_get_le32(resp), sv_get_le32(req));
	/* Polled, with another token: the core may still hold the last
	 * one for a moment after the call returns (raw tokens in flight
	 * are refused with -EAGAIN). */
	h.token = 76;
	sv_put_le32(req, scmi_vio_hdr_pack(&h));
	rm.flags = SCMI_VIO_CMD_POLL;
	ck_assert_int_eq(scmi_vio_raw_xfer(f->a, &rm), 0);
	ck_assert_uint_eq(rm.resp_len, 12);
	/* Asynchronous sensor read: delayed response on the eventq. */
	h.protocol = SCMI_VIO_PROTO_SENSOR;
	h.id = 0x6; /* SENSOR_READING_GET */
	h.token = 78;
	sv_put_le32(req, scmi_vio_hdr_pack(&h));
	sv_put_le32(req + 4, 0);
	sv_put_le32(req + 8, 1); /* async */
	rm = raw_msg(req, 12, SCMI_VIO_CMD_ASYNC, resp, sizeof(resp));
	rm.dresp = dresp;
	rm.dresp_cap = sizeof(dresp);
	ck_assert_int_eq(scmi_vio_raw_xfer(f->a, &rm), 0);
	/* hdr, status, id, value, timestamp (Sensor 3.1) */
	ck_assert_uint_eq(rm.dresp_len, 28);
	/* A notification lands in the raw queue: enable level events of
	 * domain 0 by hand, then change the level. */
	h.protocol = SCMI_VIO_PROTO_PERF;
	h.id = SCMI_VIO_PERF_NOTIFY_LEVEL;
	h.token = 79;
	sv_put_le32(req, scmi_vio_hdr_pack(&h));
	sv_put_le32(req + 4, 0);
	sv_put_le32(req + 8, SCMI_VIO_NOTIFY_ENABLE);
	rm = raw_msg(req, 12, 0, resp, sizeof(resp));
	ck_assert_int_eq(scmi_vio_raw_xfer(f->a, &rm), 0);
	ck_assert_int_eq((int32_t)sv_get_le32(resp + 4), 0);
	ck_assert_int_eq(scmi_vio_perf_level_set(f->a, 0, 900), 0);
	ck_assert_int_eq(scmi_vio_raw_read(f->a, SCMI_VIO_RAW_NOTIFICATIONS,
					   note, sizeof(note), &len, 10000),
			 0);
	scmi_vio_hdr_unpack(sv_get_le32(note), &h);
	ck_assert_uint_eq(h.type, SCMI_VIO_MSG_NOTIFICATION);
	ck_assert_uint_eq(h.protocol, SCMI_VIO_PROTO_PERF);
	ck_assert_uint_eq(h.id, SCMI_VIO_PERF_LEVEL_CHANGED);
}

/*
 * Each protocol end to end: _i / 4 the flow, _i % 4 the mode: 0: inline
 * interrupt, 1: eventfd interrupt thread, 2: both inline (L-10: the
 * device completes inside the kick and the interrupt re-enters the
 * transport, which rings only after unlocking), 3: spinning device,
 * eventfd interrupt thread.
 */
static void (*const flows[])(struct vsf *f) = {
	base_flow, clock_flow, sensor_flow, perf_flow, notify_flow, raw_flow,
};

START_TEST(test_e2e_protocols)
{
	struct vsf *f = vsf_up_mode(_i % 4);

	flows[_i / 4](f);
	check_counters(f);
	vsf_down(f);
}
END_TEST

/* Pure polling: polled commands reap their own replies; events need
 * scmi_vio_virtio_scmi_process(). */
START_TEST(test_e2e_no_interrupts)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_virtio_scmi_stats st;
	uint8_t req[4], resp[16];
	struct scmi_vio_raw_msg rm;
	struct vsf *f;
	unsigned int i;

	vc.irq_mode = SCMI_VIO_IRQ_NONE;
	f = vsf_up(NULL, &vc, 10000);
	for (i = 0; i < 200; i++) {
		vsf_cmd(req, i);
		rm = raw_msg(req, 4, SCMI_VIO_CMD_POLL, resp, sizeof(resp));
		ck_assert_int_eq(scmi_vio_raw_xfer(f->a, &rm), 0);
	}
	scmi_vio_virtio_scmi_get_stats(f->vs, &st);
	ck_assert_uint_eq(st.poll_found, 200);
	vsf_all_free(f->vs);
	vsf_down(f);
}
END_TEST

struct bgcmd {
	pthread_t t;
	struct scmi_vio_agent *a;
	bool async;
	int ret;
};

static void *bgcmd_run(void *arg)
{
	struct bgcmd *b = arg;
	uint16_t major, minor;
	uint64_t rate;

	if (b->async)
		b->ret = scmi_vio_clock_rate_set_async(b->a, 0, 1000000000, 0,
						       &rate);
	else
		b->ret = scmi_vio_protocol_version(b->a, SCMI_VIO_PROTO_BASE,
						   &major, &minor);
	return NULL;
}

/* The platform has answered @n commands and filled @ev event buffers. */
static bool dev_done(struct vsf *f, uint64_t n, uint64_t ev)
{
	struct scmi_vio_platform_dev_stats ds;

	scmi_vio_platform_dev_get_stats(scmi_vio_loopback_dev(f->lb), &ds);
	return ds.replies >= n && ds.events >= ev;
}

/*
 * One doorbell serves both queues: the cmdq is taken before the eventq,
 * also when the cmdq pass stops at its budget (D-11) and leaves the rest
 * to the worker.  Here the platform has used a command's response, then an
 * async command's response and its delayed response, before the one
 * interrupt: with a budget of one buffer, the eventq must wait for the
 * worker's cmdq pass, so the delayed response does not overtake its
 * response (no S-6, dresp_first stays 0).
 */
START_TEST(test_e2e_cmdq_before_eventq)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_agent_stats as;
	struct bgcmd v, c;
	struct vsf *f;

	lc.inline_device = true;
	vc.irq_mode = SCMI_VIO_IRQ_NONE;
	vc.complete_budget = 1;
	f = vsf_up(&lc, &vc, 5000);
	memset(&v, 0, sizeof(v));
	memset(&c, 0, sizeof(c));
	v.a = c.a = f->a;
	c.async = true;
	pthread_create(&v.t, NULL, bgcmd_run, &v);
	VSF_WAIT(dev_done(f, 1, 0));
	pthread_create(&c.t, NULL, bgcmd_run, &c);
	VSF_WAIT(dev_done(f, 2, 1));
	ck_assert_int_eq(scmi_vio_virtio_scmi_process(f->vs), 0);
	pthread_join(v.t, NULL);
	pthread_join(c.t, NULL);
	ck_assert_int_eq(v.ret, 0);
	ck_assert_int_eq(c.ret, 0);
	scmi_vio_agent_get_stats(f->a, &as);
	ck_assert_uint_eq(as.dresp_first, 0);
	ck_assert_uint_eq(as.delayed_responses, 1);
	vsf_down(f);
}
END_TEST

#ifdef SCMI_VIO_PLATFORM_SERVER
START_TEST(test_e2e_cross_process)
{
	struct scmi_vio_xproc_config xc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_xproc *xp;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
	uint64_t rate;
	int64_t v;
	unsigned int life;

	xc.server_path = SCMI_VIO_PLATFORM_SERVER;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), 0);
	/* Two lives: remove stops the server, probe starts a new one. */
	for (life = 0; life < 2; life++) {
		vc.irq_mode = life ? SCMI_VIO_IRQ_NONE : SCMI_VIO_IRQ_EVENTFD;
		ck_assert_int_eq(scmi_vio_virtio_scmi_probe(
					 scmi_vio_xproc_vdev(xp), &vc, &vs),
				 0);
		ck_assert_int_eq(
			scmi_vio_virtio_scmi_agent_create(vs, NULL, &a), 0);
		if (!life) {
			base_all(a);
			ck_assert_int_eq(scmi_vio_clock_rate_set_async(
						 a, 3, 800000000, 0, &rate),
					 0);
			ck_assert_uint_eq(rate, 800000000);
			ck_assert_int_eq(scmi_vio_sensor_reading_get(a, 4, &v),
					 0);
			ck_assert_int_eq(v, 1200);
			notify_roundtrip(a, false, vs);
		} else {
			uint8_t req[4], resp[16];
			struct scmi_vio_raw_msg rm;

			vsf_cmd(req, 1);
			rm = raw_msg(req, 4, SCMI_VIO_CMD_POLL, resp,
				     sizeof(resp));
			ck_assert_int_eq(scmi_vio_raw_xfer(a, &rm), 0);
			ck_assert_uint_eq(rm.resp_len, 12);
		}
		vsf_all_free(vs);
		scmi_vio_agent_destroy(a);
		scmi_vio_virtio_scmi_remove(vs);
		ck_assert_int_eq(scmi_vio_xproc_last_status(xp), 0);
	}
	scmi_vio_xproc_destroy(xp);
}
END_TEST

/*
 * Across processes with seeded faults in the server: late, reordered and
 * dropped replies (S-8, D-9, D-10).  Every command ends (a reply or a
 * timeout), and every buffer is back or held by the device.
 */
START_TEST(test_e2e_cross_process_faults)
{
	static const char *const extra[] = {
		"--fault-seed",
		"7",
		"--fault-rate",
		"100000",
		"--fault-kinds",
		"0xe",
		"--fault-arg",
		"2",
		NULL,
	};
	struct scmi_vio_xproc_config xc = { 0 };
	struct vsf_acct acc;
	uint16_t major, minor;
	unsigned int i, ok = 0, tmo = 0;
	struct vsf *f;
	int r;

	xc.server_path = SCMI_VIO_PLATFORM_SERVER;
	xc.extra_args = extra;
	f = vsf_up_xproc(&xc, 200);
	for (i = 0; i < 200; i++) {
		r = scmi_vio_protocol_version(f->a, SCMI_VIO_PROTO_CLOCK,
					      &major, &minor);
		ck_assert(r == 0 || r == -ETIMEDOUT || r == -EAGAIN);
		ok += !r;
		tmo += r == -ETIMEDOUT;
	}
	ck_assert_uint_gt(ok, 100);
	/* Dropped replies time out; the device keeps their buffers. */
	VSF_WAIT((vsf_account(f->vs, &acc),
		  acc.free + acc.device == acc.max && !acc.pending));
	ck_assert_uint_le(acc.device, tmo);
	vsf_down(f);
}
END_TEST
#endif

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_e2e_protocols, 0,
			   4 * sizeof(flows) / sizeof(flows[0])),
		CHECK_ONCE(test_e2e_no_interrupts),
		CHECK_ONCE(test_e2e_cmdq_before_eventq),
#ifdef SCMI_VIO_PLATFORM_SERVER
		CHECK_ONCE(test_e2e_cross_process),
		CHECK_ONCE(test_e2e_cross_process_faults),
#endif
		{ NULL, 0, 0 },
	};

	return check_main("vs_e2e", 60, tests);
}
