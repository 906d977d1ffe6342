// SPDX-License-Identifier: BSD-3-Clause
/*
 * Several agents end to end (issue #11 item 7): two agents, each over its
 * own virtio-scmi device (own queues, own guest memory), one platform
 * behind both loopbacks.  Agent 2 is denied a clock until trusted agent 1
 * grants it; a reset of agent 2's configuration takes it back; a
 * notification reaches only the agent that subscribed; DISCOVER_AGENT
 * answers each caller; agent 1 negotiating Clock down leaves agent 2 on
 * the release's Clock; and both agents hammer the platform at once (run
 * under TSan in the sanitizer build).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include <scmi_vio/platform.h>
#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_notify.h>

#include "check_run.h"
#include "common/atomics.h"
#include "vs_fixture.h"

#define DEV_CLOCK2 9u /* default platform: clock 2 ("uart", 24 MHz) */

static const uint32_t clock2_denied[] = { DEV_CLOCK2 };
static const struct scmi_vio_plat_agent policy[2] = {
	{ .trusted = true },
	{ .denied_devices = clock2_denied, .n_denied_devices = 1 },
};

struct two {
	struct vsf *one, *two;
};

static struct vsf *agent_up(const struct scmi_vio_loopback_config *lc, int mode)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_loopback_config c = *lc;

	c.inline_device = mode == 2;
	vc.irq_mode = mode == 1 ? SCMI_VIO_IRQ_EVENTFD : SCMI_VIO_IRQ_INLINE;
	return vsf_up(&c, &vc, 10000);
}

/* Agent 1 on its loopback (which owns the platform), agent 2 on another. */
static void two_up(struct two *t, int mode)
{
	struct scmi_vio_platform_config pc;
	struct scmi_vio_loopback_config lc = { 0 };

	scmi_vio_platform_config_default(&pc);
	pc.agent_policy = policy;
	lc.platform = &pc;
	t->one = agent_up(&lc, mode);
	memset(&lc, 0, sizeof(lc));
	lc.share = t->one->lb;
	lc.agent_id = 2;
	t->two = agent_up(&lc, mode);
	ck_assert_ptr_eq(scmi_vio_loopback_platform(t->two->lb),
			 scmi_vio_loopback_platform(t->one->lb));
}

static void two_down(struct two *t)
{
	/* The borrower first: the platform is the first loopback's. */
	vsf_down(t->two);
	vsf_down(t->one);
}

static int clock2(struct scmi_vio_agent *a)
{
	uint64_t rate = 0;
	int r = scmi_vio_clock_rate_get(a, 2, &rate);

	if (!r)
		ck_assert_uint_eq(rate, 24000000);
	return r;
}

START_TEST(test_permissions)
{
	struct scmi_vio_agent *a1, *a2;
	unsigned int np, na;
	struct two t;

	two_up(&t, _i);
	a1 = t.one->a;
	a2 = t.two->a;
	ck_assert_int_eq(scmi_vio_base_attributes(a2, &np, &na), 0);
	ck_assert_uint_eq(na, 2);
	ck_assert_int_eq(clock2(a2), -EACCES);
	ck_assert_int_eq(clock2(a1), 0);
	/* Agent 2 is not trusted: it cannot grant itself. */
	ck_assert_int_eq(scmi_vio_base_set_device_permissions(a2, 2, DEV_CLOCK2,
							      true),
			 -EACCES);
	ck_assert_int_eq(scmi_vio_base_set_device_permissions(a1, 3, DEV_CLOCK2,
							      true),
			 -ENOENT);
	ck_assert_int_eq(scmi_vio_base_set_device_permissions(a1, 2, DEV_CLOCK2,
							      true),
			 0);
	ck_assert_int_eq(clock2(a2), 0);
	/* Through its protocol only. */
	ck_assert_int_eq(scmi_vio_base_set_protocol_permissions(
				 a1, 2, DEV_CLOCK2, SCMI_VIO_PROTO_CLOCK,
				 false),
			 0);
	ck_assert_int_eq(clock2(a2), -EACCES);
	ck_assert_int_eq(scmi_vio_base_set_protocol_permissions(
				 a1, 2, DEV_CLOCK2, SCMI_VIO_PROTO_BASE, true),
			 -ENOENT);
	ck_assert_int_eq(scmi_vio_base_set_protocol_permissions(
				 a1, 2, DEV_CLOCK2, SCMI_VIO_PROTO_CLOCK, true),
			 0);
	ck_assert_int_eq(clock2(a2), 0);
	/* Resetting agent 2 (permissions too) denies it again. */
	ck_assert_int_eq(scmi_vio_base_reset_agent_config(a2, 2, true),
			 -EACCES);
	ck_assert_int_eq(scmi_vio_base_reset_agent_config(a1, 2, false), 0);
	ck_assert_int_eq(clock2(a2), 0);
	ck_assert_int_eq(scmi_vio_base_reset_agent_config(a1, 2, true), 0);
	ck_assert_int_eq(clock2(a2), -EACCES);
	ck_assert_int_eq(clock2(a1), 0);
	two_down(&t);
}
END_TEST

/*
 * NEGOTIATE_PROTOCOL_VERSION is the calling agent's: agent 1 on Clock 1.0,
 * agent 2 still on 3.0, each client parsing and formatting its own.
 */
START_TEST(test_negotiate_per_agent)
{
	struct scmi_vio_clock_attrs at;
	struct two t;

	two_up(&t, _i);
	ck_assert_int_eq(scmi_vio_protocol_negotiate(
				 t.one->a, SCMI_VIO_PROTO_CLOCK, 0x10000),
			 0);
	/* Clock 1.0 has no enable latency, no notifications, 2-word
	 * CONFIG_SET. */
	ck_assert_int_eq(scmi_vio_clock_attributes(t.one->a, 0, &at), 0);
	ck_assert_uint_eq(at.enable_latency_us, 0);
	ck_assert(!at.rate_changed_notify);
	ck_assert_int_eq(scmi_vio_clock_config_set(t.one->a, 0, true), 0);
	/* Agent 2 is served Clock 3.0 (clock 0: 20 us), 3-word CONFIG_SET. */
	ck_assert_int_eq(scmi_vio_clock_attributes(t.two->a, 0, &at), 0);
	ck_assert_uint_eq(at.enable_latency_us, 20);
	ck_assert(at.rate_changed_notify);
	ck_assert_int_eq(scmi_vio_clock_config_set(t.two->a, 0, true), 0);
	two_down(&t);
}
END_TEST

static void discover(struct scmi_vio_agent *a, uint32_t ask, uint32_t id,
		     const char *name)
{
	char got[16];
	uint32_t out = 0;

	ck_assert_int_eq(scmi_vio_base_discover_agent(a, ask, &out, got), 0);
	ck_assert_uint_eq(out, id);
	ck_assert_str_eq(got, name);
}

START_TEST(test_discover_agent)
{
	char name[16];
	uint32_t id;
	struct two t;

	two_up(&t, _i);
	discover(t.one->a, SCMI_VIO_BASE_AGENT_SELF, 1, "guest");
	discover(t.two->a, SCMI_VIO_BASE_AGENT_SELF, 2, "other");
	discover(t.one->a, 0, 0, "platform");
	discover(t.two->a, 0, 0, "platform");
	discover(t.one->a, 2, 2, "other");
	discover(t.two->a, 1, 1, "guest");
	ck_assert_int_eq(scmi_vio_base_discover_agent(t.two->a, 3, &id, name),
			 -ENOENT);
	two_down(&t);
}
END_TEST

static unsigned int rate_events; /* ATOMIC */
static uint32_t rate_cause; /* ATOMIC */

static void on_rate(const struct scmi_vio_notify_report *r, void *arg)
{
	sv_write_once(&rate_cause, r->clock_rate.agent_id);
	sv_fetch_add(&rate_events, 1);
}

static uint64_t dev_events(struct vsf *f)
{
	struct scmi_vio_platform_dev_stats st;

	scmi_vio_platform_dev_get_stats(scmi_vio_loopback_dev(f->lb), &st);
	return st.events;
}

START_TEST(test_notifications_only_to_subscriber)
{
	struct scmi_vio_notify_sub *sub;
	struct two t;

	two_up(&t, _i);
	sv_write_once(&rate_events, 0);
	ck_assert_int_eq(scmi_vio_clock_register_events(t.one->a), 0);
	ck_assert_int_eq(scmi_vio_clock_register_events(t.two->a), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(t.two->a,
						   SCMI_VIO_PROTO_CLOCK,
						   SCMI_VIO_CLOCK_RATE_CHANGED,
						   0, on_rate, NULL, &sub),
			 0);
	/* Agent 1 changes the rate; agent 2 hears of it, naming agent 1. */
	ck_assert_int_eq(scmi_vio_clock_rate_set(t.one->a, 0, 200000000, 0), 0);
	/* A device thread is woken by the platform; an inline device runs
	 * only when kicked, as scmi_vio_platform_system_power_notify() says. */
	VSF_WAIT((_i == 2 ? (void)scmi_vio_loopback_kick(t.two->lb) : (void)0,
		  sv_read_once(&rate_events) >= 1));
	ck_assert_uint_eq(sv_read_once(&rate_cause), 1);
	ck_assert_uint_ge(dev_events(t.two), 1);
	/* Agent 1's device never sent an event: it did not subscribe. */
	ck_assert_uint_eq(dev_events(t.one), 0);
	ck_assert_uint_eq(scmi_vio_platform_events_pending(
				  scmi_vio_loopback_platform(t.one->lb)),
			  0);
	scmi_vio_notify_unsubscribe(t.two->a, sub);
	two_down(&t);
}
END_TEST

/* Both agents at once: commands, permission flips, clock requests. */
struct hammer {
	struct scmi_vio_agent *a;
	unsigned int agent;
	unsigned int iters;
	int failures; /* unexpected results */
	unsigned int async_ok; /* delayed responses received */
};

static void *hammer_run(void *arg)
{
	struct hammer *h = arg;
	uint64_t want = h->agent == 1 ? 200000000 : 300000000;
	char name[16];
	uint64_t rate;
	uint32_t id;
	unsigned int i;
	int r;

	for (i = 0; i < h->iters; i++) {
		if (h->agent == 1) {
			r = scmi_vio_base_set_device_permissions(
				h->a, 2, DEV_CLOCK2, i & 1);
			h->failures += r != 0;
		} else {
			r = scmi_vio_clock_rate_get(h->a, 2, &rate);
			h->failures += r != 0 && r != -EACCES;
		}
		r = scmi_vio_clock_config_set(h->a, 1, i & 1);
		h->failures += r != 0;
		r = scmi_vio_clock_rate_set(
			h->a, 0, h->agent == 1 ? 200000000 : 300000000, 0);
		h->failures += r != 0;
		/* Delayed responses reach the agent that asked: the two
		 * agents' tokens collide freely. */
		r = scmi_vio_clock_rate_set_async(h->a, 0, want, 0, &rate);
		if (!r) {
			h->async_ok++;
			h->failures += rate != want;
		} else {
			h->failures += r != -EBUSY;
		}
		r = scmi_vio_base_discover_agent(h->a, SCMI_VIO_BASE_AGENT_SELF,
						 &id, name);
		h->failures += r != 0 || id != h->agent;
	}
	return NULL;
}

START_TEST(test_hammer)
{
	struct hammer h[2];
	pthread_t th[2];
	struct two t;
	int k;

	two_up(&t, 1);
	for (k = 0; k < 2; k++) {
		h[k] = (struct hammer){ .a = k ? t.two->a : t.one->a,
					.agent = (unsigned int)k + 1,
					.iters = 300 * SCMI_VIO_TEST_SCALE };
		ck_assert_int_eq(
			pthread_create(&th[k], NULL, hammer_run, &h[k]), 0);
	}
	for (k = 0; k < 2; k++) {
		pthread_join(th[k], NULL);
		ck_assert_int_eq(h[k].failures, 0);
		ck_assert_uint_gt(h[k].async_ok, 0);
	}
	two_down(&t);
}
END_TEST

/* The text format names the agents' policies. */
START_TEST(test_config_file_agents)
{
	static const char text[] = "agent guest trusted=on\n"
				   "agent other deny=9 hide=0x15\n";
	static const char *const bad[] = {
		"agent x trusted=maybe\n",
		"agent x hide=256\n",
		"agent x deny=1,,z\n",
		"agent x colour=blue\n",
		"agent\n",
	};
	struct scmi_vio_platform_config_file *cf;
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	unsigned int np, na, i;
	struct vsf *one, *two;
	char err[128];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(
			scmi_vio_platform_config_parse(bad[i], strlen(bad[i]),
						       &cf, err, sizeof(err)),
			-EINVAL);
	ck_assert_int_eq(scmi_vio_platform_config_parse(text, strlen(text), &cf,
							err, sizeof(err)),
			 0);
	lc.platform = scmi_vio_platform_config_file_get(cf);
	vc.irq_mode = SCMI_VIO_IRQ_INLINE;
	lc.inline_device = true;
	one = vsf_up(&lc, &vc, 10000);
	scmi_vio_platform_config_file_free(cf);
	memset(&lc, 0, sizeof(lc));
	lc.inline_device = true;
	lc.share = one->lb;
	lc.agent_id = 2;
	two = vsf_up(&lc, &vc, 10000);
	ck_assert_int_eq(scmi_vio_base_attributes(one->a, &np, &na), 0);
	ck_assert_uint_eq(np, 7);
	ck_assert_int_eq(scmi_vio_base_attributes(two->a, &np, &na), 0);
	ck_assert_uint_eq(np, 6);
	ck_assert_uint_eq(na, 2);
	ck_assert_int_eq(clock2(two->a), -EACCES);
	ck_assert_int_eq(scmi_vio_base_set_device_permissions(one->a, 2,
							      DEV_CLOCK2, true),
			 0);
	ck_assert_int_eq(clock2(two->a), 0);
	vsf_down(two);
	vsf_down(one);
}
END_TEST

START_TEST(test_share_rejects)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_loopback *first, *lb = NULL;

	ck_assert_int_eq(scmi_vio_loopback_create(NULL, &first), 0);
	lc.share = first;
	lc.agent_id = 3; /* the default platform has two agents */
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), -EINVAL);
	lc.agent_id = 2;
	lc.max_payload = 256; /* not the shared platform's */
	ck_assert_int_eq(scmi_vio_loopback_create(&lc, &lb), -EINVAL);
	ck_assert_ptr_null(lb);
	scmi_vio_loopback_destroy(first);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		/* 1: device threads, eventfd interrupts; 2: inline devices. */
		CHECK_LOOP(test_permissions, 1, 3),
		CHECK_LOOP(test_discover_agent, 1, 3),
		CHECK_LOOP(test_negotiate_per_agent, 1, 3),
		CHECK_LOOP(test_notifications_only_to_subscriber, 1, 3),
		CHECK_ONCE(test_hammer),
		CHECK_ONCE(test_config_file_agents),
		CHECK_ONCE(test_share_rejects),
		{ NULL, 0, 0 },
	};

	return check_main("vs_agents", 120, tests);
}
