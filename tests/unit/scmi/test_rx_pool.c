// SPDX-License-Identifier: BSD-3-Clause
/*
 * The receive scratch pool under a platform that sends faster than the
 * transport fetches: with one scratch transfer busy in a slow fetch, a
 * second notification and an unexpected reply raw mode wants to keep are
 * counted (rx_nomem) and dropped, without waiting and without touching
 * the delivery in progress (S-13: a storm drops and counts, never
 * blocks).  Also: a raw reader that waits forever is woken by the next
 * rejected message (S-1).
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "check_fixture.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "fake_transport.h"
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_raw.h>

static struct ft *ft;

/* A small transport; each test changes it as it needs, then makes the
 * agent over it. */
static void setup(void)
{
	ft = ft_create(4, 64);
}

static void teardown(void)
{
	ft_destroy(ft);
}
static unsigned int in_fetch; /* ATOMIC: a slow fetch has started */
static unsigned int delivered; /* ATOMIC */

/* One receive scratch transfer only. */
static unsigned int one_rx(void *tp, enum scmi_vio_chan_dir dir)
{
	return dir == SCMI_VIO_CHAN_TX ? ((struct ft *)tp)->max_msg : 1;
}

static void slow_fetch_notification(void *tp, struct scmi_vio_xfer *x,
				    size_t max_len, void *msg)
{
	struct ft_rx *rx = msg;

	(void)tp;
	(void)max_len;
	sv_store_release(&in_fetch, 1);
	ft_sleep_ms(300);
	scmi_vio_xfer_fill_notification(x, rx->buf, rx->used_len);
}

static void cb(const struct scmi_vio_notify_report *r, void *arg)
{
	(void)r;
	(void)arg;
	sv_fetch_add(&delivered, 1);
}

static void *notify_thread(void *arg)
{
	uint8_t p[4] = { 0 };

	(void)arg;
	ft_notify(ft, 0x90, 0, p, sizeof(p));
	return NULL;
}

static const struct scmi_vio_notify_event_desc evs[] = { { 0, 8 } };

START_TEST(test_s13_rx_pool_exhausted)
{
	const struct scmi_vio_notify_proto_desc d = {
		.protocol = 0x90, .events = evs, .n_events = 1, .num_sources = 1
	};
	struct scmi_vio_agent_stats st;
	struct scmi_vio_notify_sub *s;
	uint8_t p[4] = { 0 };
	pthread_t t;

	ft->ops.max_msg = one_rx;
	ft->ops.fetch_notification = slow_fetch_notification;
	ck_assert_int_eq(ft_agent(ft, NULL), 0);
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &d), 0);
	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, 0x90, 0, 0, cb,
						   NULL, &s),
			 0);
	scmi_vio_raw_enable(ft->agent, true);
	ck_assert_int_eq(pthread_create(&t, NULL, notify_thread, NULL), 0);
	while (!sv_load_acquire(&in_fetch))
		ft_sleep_ms(1);
	/* The only scratch transfer is in the slow fetch. */
	ft_notify(ft, 0x90, 0, p, sizeof(p));
	ft_stray(ft, ft_hdr(0x10, 1, 0, 7), 0, "\5\0\0\0", 4); /* S-1 */
	scmi_vio_agent_get_stats(ft->agent, &st);
	ck_assert_uint_eq(st.rx_nomem, 2);
	ck_assert_uint_eq(st.unexpected, 1);
	pthread_join(t, NULL);
	ft_wait_count(&delivered, 1, 1000);
	scmi_vio_agent_get_stats(ft->agent, &st);
	ck_assert_uint_eq(st.notifications, 1);
	scmi_vio_notify_unsubscribe(ft->agent, s);
}
END_TEST

struct reader {
	uint8_t buf[64];
	size_t len;
	int ret;
};

static void *read_forever(void *arg)
{
	struct reader *r = arg;

	r->ret = scmi_vio_raw_read(ft->agent, SCMI_VIO_RAW_ERRORS, r->buf,
				   sizeof(r->buf), &r->len,
				   SCMI_VIO_WAIT_FOREVER);
	return NULL;
}

START_TEST(test_s1_raw_reader_waiting_forever)
{
	struct reader r = { .ret = 1 };
	pthread_t t;

	ck_assert_int_eq(ft_agent(ft, NULL), 0);
	scmi_vio_raw_enable(ft->agent, true);
	ck_assert_int_eq(pthread_create(&t, NULL, read_forever, &r), 0);
	ft_sleep_ms(50); /* the reader is asleep by now */
	ft_stray(ft, ft_hdr(0x10, 1, 0, 9), 0, "\6\0\0\0", 4);
	pthread_join(t, NULL);
	ck_assert_int_eq(r.ret, 0);
	ck_assert_uint_eq(r.len, 12);
	ck_assert_uint_eq(sv_get_le32(r.buf), ft_hdr(0x10, 1, 0, 9));
	ck_assert_uint_eq(sv_get_le32(r.buf + 8), 6);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_s13_rx_pool_exhausted,
				       test_s1_raw_reader_waiting_forever,
				       NULL };

	return check_main_fixture("scmi_rx_pool", "rx_pool", 0, setup, teardown,
				  tests);
}
