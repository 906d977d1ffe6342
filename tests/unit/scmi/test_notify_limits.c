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
#include "notify_fixture.h"
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_raw.h>

#define PA 0x90

static const struct scmi_vio_notify_event_desc evs[] = { { 0, 4 }, { 1, 4 } };

static struct scmi_vio_notify_proto_desc desc(void)
{
	return nf_desc(PA, evs, 2);
}

static void nop_cb(const struct scmi_vio_notify_report *r, void *arg)
{
	(void)r;
	(void)arg;
}

/*
 * S-19 and the rest of the description's rules: the description with one
 * field changed, registered in this order on one agent (a refused one
 * leaves nothing registered, so the last, at the cap, registers).
 */
enum desc_field { F_EVENTS, F_N_EVENTS, F_NUM_SOURCES };

static const struct scmi_vio_notify_event_desc dup[] = { { 3, 4 }, { 3, 4 } };

static const struct {
	enum desc_field field;
	uintptr_t value; /* F_EVENTS: 0 is NULL, else the events dup */
	int ret;
} bad_descs[] = {
	{ F_EVENTS, 0, -EINVAL },
	{ F_N_EVENTS, 0, -EINVAL },
	{ F_N_EVENTS, 257, -EINVAL },
	{ F_NUM_SOURCES, 0, -EINVAL },
	{ F_NUM_SOURCES, SCMI_VIO_NOTIFY_MAX_SOURCES + 1, -E2BIG },
	{ F_EVENTS, 1, -EINVAL },
	{ F_NUM_SOURCES, SCMI_VIO_NOTIFY_MAX_SOURCES, 0 },
};

START_TEST(test_s19_register_refuses)
{
	struct scmi_vio_notify_proto_desc d = desc(), bad;
	unsigned int i;

	ck_assert_int_eq(scmi_vio_notify_register_protocol(NULL, &d), -EINVAL);
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, NULL),
			 -EINVAL);
	for (i = 0; i < sizeof(bad_descs) / sizeof(bad_descs[0]); i++) {
		bad = d;
		if (bad_descs[i].field == F_EVENTS)
			bad.events = bad_descs[i].value ? dup : NULL;
		else if (bad_descs[i].field == F_N_EVENTS)
			bad.n_events = bad_descs[i].value;
		else
			bad.num_sources = bad_descs[i].value;
		ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent,
								   &bad),
				 bad_descs[i].ret);
	}
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
	ft_wait_count(&seen, 200, 5000);
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
	nf_enable_ms = 200;
	ck_assert_int_eq(pthread_create(&b.t, NULL, bg_subscribe, &b), 0);
	while (!sv_load_acquire(&nf_in_enable))
		ft_sleep_ms(1);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, PA, 1, 1, nop_cb,
						   NULL, &s),
			 0);
	/* It returned after the enable in flight completed. */
	ck_assert_uint_eq(sv_read_once(&nf_enables), 1);
	pthread_join(b.t, NULL);
	ck_assert_int_eq(b.ret, 0);
	ck_assert_uint_eq(sv_read_once(&nf_enables), 1);
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
	ft = ft_open(8, 64, &cfg, NULL, NULL);
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &d), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, PA, 0,
						   SCMI_VIO_NOTIFY_ALL_SRC,
						   nop_cb, NULL, &s),
			 0);
	ck_assert_uint_eq(sv_read_once(&nf_enables), 2);
	scmi_vio_notify_unsubscribe(ft->agent, s);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_s19_register_refuses,
				       test_null_arguments,
				       test_dispatcher_cannot_start,
				       test_backlog_over_one_batch,
				       test_second_subscriber_waits_for_enable,
				       test_all_sources_without_timeout,
				       NULL };

	return check_main_fixture("scmi_notify_limits", "limits", 0, nf_setup,
				  nf_teardown, tests);
}
