// SPDX-License-Identifier: BSD-3-Clause
/*
 * Notification registration and subscription at their limits: the
 * descriptions register refuses (S-19: more sources than the documented
 * cap is -E2BIG), NULL arguments, a dispatcher thread that cannot start
 * (address space exhausted: -EAGAIN, nothing registered), a backlog of
 * more than one dispatch batch delivered whole and in order, and a second
 * subscriber to a source whose enable is still in flight (it waits for
 * that one command, sends none of its own).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "check_fixture.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "fake_transport.h"
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_raw.h>

#define PA 0x90

static struct ft *ft;
static unsigned int enables; /* ATOMIC */
static unsigned int in_enable; /* ATOMIC */
static unsigned int enable_ms;

static int set_enabled(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
		       uint32_t src, bool on)
{
	(void)a;
	(void)ctx;
	(void)evt;
	(void)src;
	if (on) {
		sv_store_release(&in_enable, 1);
		ft_sleep_ms(enable_ms);
		sv_fetch_add(&enables, 1);
	}
	return 0;
}

static int parse(void *ctx, uint8_t evt, const void *payload, size_t len,
		 struct scmi_vio_notify_report *r)
{
	(void)ctx;
	(void)evt;
	if (len < 4)
		return -EPROTO;
	r->src = 0;
	return 0;
}

static const struct scmi_vio_notify_event_desc evs[] = { { 0, 4 }, { 1, 4 } };

static struct scmi_vio_notify_proto_desc desc(void)
{
	struct scmi_vio_notify_proto_desc d = {
		.protocol = PA,
		.events = evs,
		.n_events = 2,
		.num_sources = 2,
		.set_enabled = set_enabled,
		.parse = parse,
	};

	return d;
}

static void setup(void)
{
	enables = in_enable = 0;
	enable_ms = 0;
	ft = ft_create(8, 64);
	ck_assert_int_eq(ft_agent(ft, NULL), 0);
}

static void teardown(void)
{
	ft_destroy(ft);
}

static void nop_cb(const struct scmi_vio_notify_report *r, void *arg)
{
	(void)r;
	(void)arg;
}

/* S-19 and the rest of the description's rules. */
START_TEST(test_s19_register_refuses)
{
	const struct scmi_vio_notify_event_desc dup[] = { { 3, 4 }, { 3, 4 } };
	struct scmi_vio_notify_proto_desc d = desc(), bad;

	ck_assert_int_eq(scmi_vio_notify_register_protocol(NULL, &d), -EINVAL);
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, NULL),
			 -EINVAL);
	bad = d;
	bad.events = NULL;
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &bad),
			 -EINVAL);
	bad = d;
	bad.n_events = 0;
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &bad),
			 -EINVAL);
	bad = d;
	bad.n_events = 257;
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &bad),
			 -EINVAL);
	bad = d;
	bad.num_sources = 0;
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &bad),
			 -EINVAL);
	bad = d;
	bad.num_sources = SCMI_VIO_NOTIFY_MAX_SOURCES + 1;
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &bad),
			 -E2BIG);
	bad = d;
	bad.events = dup;
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &bad),
			 -EINVAL);
	/* At the cap it registers. */
	bad = d;
	bad.num_sources = SCMI_VIO_NOTIFY_MAX_SOURCES;
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &bad), 0);
}
END_TEST

START_TEST(test_null_arguments)
{
	struct scmi_vio_notify_sub *s = (void *)1;

	ck_assert_int_eq(scmi_vio_notify_subscribe(NULL, PA, 0, 0, nop_cb, NULL,
						   &s),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, PA, 0, 0, NULL,
						   NULL, &s),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, PA, 0, 0, nop_cb,
						   NULL, NULL),
			 -EINVAL);
	ck_assert_ptr_eq(s, (void *)1);
	scmi_vio_notify_unsubscribe(ft->agent, NULL);
	/* A raw queue that does not exist dropped nothing. */
	ck_assert_uint_eq(scmi_vio_raw_dropped(ft->agent,
					       (enum scmi_vio_raw_queue)99),
			  0);
}
END_TEST

/* No address space left for the dispatcher's stack: -EAGAIN. */
START_TEST(test_dispatcher_cannot_start)
{
	struct scmi_vio_notify_proto_desc d = desc();
	struct rlimit old, lim;
	unsigned long vm_pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	int r;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%lu", &vm_pages), 1);
	fclose(f);
	ck_assert_int_eq(getrlimit(RLIMIT_AS, &old), 0);
	/* 1 MiB more than in use now: less than a thread stack. */
	lim = old;
	lim.rlim_cur = vm_pages * 4096ul + (1ul << 20);
	ck_assert_int_eq(setrlimit(RLIMIT_AS, &lim), 0);
	r = scmi_vio_notify_register_protocol(ft->agent, &d);
	ck_assert_int_eq(setrlimit(RLIMIT_AS, &old), 0);
	ck_assert_int_eq(r, -EAGAIN);
	/* Nothing was left registered. */
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &d), 0);
}
END_TEST

static unsigned int seen; /* ATOMIC */
static unsigned int out_of_order; /* ATOMIC */
static unsigned int hold; /* ATOMIC: the first callback waits while set */

static void seq_cb(const struct scmi_vio_notify_report *r, void *arg)
{
	uint32_t seq = sv_get_le32(r->payload);

	(void)arg;
	while (seq == 0 && sv_load_acquire(&hold))
		ft_sleep_ms(1);
	if (seq != sv_read_once(&seen))
		sv_fetch_add(&out_of_order, 1);
	sv_fetch_add(&seen, 1);
}

/* A backlog larger than one dispatch round: all of it, in order. */
START_TEST(test_backlog_over_one_batch)
{
	struct scmi_vio_notify_proto_desc d = desc();
	struct scmi_vio_agent_stats st;
	struct scmi_vio_notify_sub *s;
	uint8_t p[4];
	uint32_t i;

	d.queue_depth = 256;
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &d), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, PA, 0, 0, seq_cb,
						   NULL, &s),
			 0);
	seen = out_of_order = 0;
	sv_write_once(&hold, 1);
	for (i = 0; i < 200; i++) {
		sv_put_le32(p, i);
		ft_notify(ft, PA, 0, p, sizeof(p));
	}
	sv_store_release(&hold, 0);
	for (i = 0; i < 5000 && sv_read_once(&seen) < 200; i++)
		ft_sleep_ms(1);
	ck_assert_uint_eq(sv_read_once(&seen), 200);
	ck_assert_uint_eq(sv_read_once(&out_of_order), 0);
	scmi_vio_agent_get_stats(ft->agent, &st);
	ck_assert_uint_eq(st.queue_full, 0);
	scmi_vio_notify_unsubscribe(ft->agent, s);
}
END_TEST

struct bg_sub {
	pthread_t t;
	struct scmi_vio_notify_sub *s;
	int ret;
};

static void *bg_subscribe(void *arg)
{
	struct bg_sub *b = arg;

	b->ret = scmi_vio_notify_subscribe(ft->agent, PA, 1, 1, nop_cb, NULL,
					   &b->s);
	return NULL;
}

/* Two subscribers to one source: the second waits for the first's
 * enable and sends nothing itself. */
START_TEST(test_second_subscriber_waits_for_enable)
{
	struct scmi_vio_notify_proto_desc d = desc();
	struct scmi_vio_notify_sub *s;
	struct bg_sub b;

	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &d), 0);
	enable_ms = 200;
	ck_assert_int_eq(pthread_create(&b.t, NULL, bg_subscribe, &b), 0);
	while (!sv_load_acquire(&in_enable))
		ft_sleep_ms(1);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, PA, 1, 1, nop_cb,
						   NULL, &s),
			 0);
	/* It returned after the enable in flight completed. */
	ck_assert_uint_eq(sv_read_once(&enables), 1);
	pthread_join(b.t, NULL);
	ck_assert_int_eq(b.ret, 0);
	ck_assert_uint_eq(sv_read_once(&enables), 1);
	scmi_vio_notify_unsubscribe(ft->agent, s);
	scmi_vio_notify_unsubscribe(ft->agent, b.s);
}
END_TEST

/* An agent without a reply timeout walks every source of an all-sources
 * subscription, however long it takes. */
START_TEST(test_all_sources_without_timeout)
{
	const struct scmi_vio_agent_config cfg = {
		.reply_timeout_ms = SCMI_VIO_WAIT_FOREVER
	};
	struct scmi_vio_notify_proto_desc d = desc();
	struct scmi_vio_notify_sub *s;

	ft_destroy(ft);
	ft = ft_create(8, 64);
	ck_assert_int_eq(ft_agent(ft, &cfg), 0);
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &d), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, PA, 0,
						   SCMI_VIO_NOTIFY_ALL_SRC,
						   nop_cb, NULL, &s),
			 0);
	ck_assert_uint_eq(sv_read_once(&enables), 2);
	scmi_vio_notify_unsubscribe(ft->agent, s);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_s19_register_refuses),
		CHECK_ONCE(test_null_arguments),
		CHECK_ONCE(test_dispatcher_cannot_start),
		CHECK_ONCE(test_backlog_over_one_batch),
		CHECK_ONCE(test_second_subscriber_waits_for_enable),
		CHECK_ONCE(test_all_sources_without_timeout),
		{ NULL, 0, 0 },
	};

	return check_main_fixture("scmi_notify_limits", "limits", 0, setup,
				  teardown, tests);
}
