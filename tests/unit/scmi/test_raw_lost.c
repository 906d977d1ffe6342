// SPDX-License-Identifier: BSD-3-Clause
/*
 * Raw mode with a device that goes away for good (the transport calls
 * scmi_vio_agent_report_lost(), as the virtio-scmi transport does when a
 * vhost-user backend or a cross-process server is gone): a raw_read()
 * waiting on an empty queue ends with the device's errno at once, not at
 * its 10 s timeout, and so does every later read of an empty queue
 * (SCMI_VIO_NO_WAIT included: not -EAGAIN, nothing will come); entries
 * queued before are still read.  A raw_xfer() waiting for its response
 * or its delayed response ends the same way.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/scmi_raw.h>
#include <scmi_vio/scmi_transport.h>

#include "check_run.h"
#include "common/byteorder.h"
#include "fake_transport.h"

#define GONE (-ECONNRESET)
#define LONG_MS 10000u

static struct ft *ft;

static void setup(void)
{
	struct scmi_vio_agent_config cfg = { .raw_depth = 4 };

	ft = ft_create(8, 128);
	ck_assert_int_eq(ft_agent(ft, &cfg), 0);
	scmi_vio_raw_enable(ft->agent, true);
}

static void teardown(void)
{
	ft_destroy(ft);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A raw_read() or a raw_xfer() on its own thread. */
struct waiter {
	pthread_t t;
	enum scmi_vio_raw_queue q;
	uint8_t buf[64];
	size_t len;
	uint8_t msg[8], resp[32], dresp[32];
	struct scmi_vio_raw_msg m;
	int ret;
};

static void *read_main(void *arg)
{
	struct waiter *w = arg;

	w->ret = scmi_vio_raw_read(ft->agent, w->q, w->buf, sizeof(w->buf),
				   &w->len, LONG_MS);
	return NULL;
}

static void *xfer_main(void *arg)
{
	struct waiter *w = arg;

	w->ret = scmi_vio_raw_xfer(ft->agent, &w->m);
	return NULL;
}

/* Report the device lost once @w waits; it ends with GONE, at once. */
static void lose_device_under(struct waiter *w)
{
	int64_t t0;

	/* Long enough for the waiter to be asleep on its queue or xfer;
	 * one that is not yet asleep sees the errno on the way in. */
	usleep(50000);
	t0 = now_ms();
	scmi_vio_agent_report_lost(ft->agent, GONE);
	pthread_join(w->t, NULL);
	ck_assert_int_eq(w->ret, GONE);
	ck_assert_int_lt(now_ms() - t0, 2000);
}

/* _i: each raw queue in turn. */
START_TEST(test_raw_read_waiting_ends_when_lost)
{
	struct waiter w = { .q = (enum scmi_vio_raw_queue)_i };
	size_t len;

	ck_assert_int_eq(pthread_create(&w.t, NULL, read_main, &w), 0);
	lose_device_under(&w);
	/* Later reads of that empty queue: the same, without waiting. */
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, w.q, w.buf, sizeof(w.buf),
					   &len, LONG_MS),
			 GONE);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, w.q, w.buf, sizeof(w.buf),
					   &len, SCMI_VIO_NO_WAIT),
			 GONE);
	/* The first report stays. */
	scmi_vio_agent_report_lost(ft->agent, -EPIPE);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent, w.q, w.buf, sizeof(w.buf),
					   &len, SCMI_VIO_WAIT_FOREVER),
			 GONE);
}
END_TEST

/* What came before the device went is still the caller's to read. */
START_TEST(test_raw_read_queued_entries_outlive_loss)
{
	uint8_t buf[64];
	size_t len;

	ft_notify(ft, 0x99, 2, "\1\2\3\4", 4);
	scmi_vio_agent_report_lost(ft->agent, GONE);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent,
					   SCMI_VIO_RAW_NOTIFICATIONS, buf,
					   sizeof(buf), &len, SCMI_VIO_NO_WAIT),
			 0);
	ck_assert_uint_eq(len, 8);
	ck_assert_uint_eq(buf[7], 4);
	ck_assert_int_eq(scmi_vio_raw_read(ft->agent,
					   SCMI_VIO_RAW_NOTIFICATIONS, buf,
					   sizeof(buf), &len, LONG_MS),
			 GONE);
}
END_TEST

/*
 * _i 0: a raw_xfer() waiting for its response (the device holds the
 * command); _i 1: an async one whose response came, waiting for its
 * delayed response.
 */
START_TEST(test_raw_xfer_waiting_ends_when_lost)
{
	struct waiter w;
	struct ft_msg *m;

	memset(&w, 0, sizeof(w));
	sv_put_le32(w.msg, ft_hdr(0x14, 5, 0, 77));
	w.m.msg = w.msg;
	w.m.msg_len = sizeof(w.msg);
	w.m.flags = _i ? SCMI_VIO_CMD_ASYNC : 0;
	w.m.timeout_ms = LONG_MS;
	w.m.dresp_timeout_ms = LONG_MS;
	w.m.resp = w.resp;
	w.m.resp_cap = sizeof(w.resp);
	w.m.dresp = w.dresp;
	w.m.dresp_cap = sizeof(w.dresp);
	ck_assert_int_eq(pthread_create(&w.t, NULL, xfer_main, &w), 0);
	m = ft_take(ft, 5000);
	ck_assert_ptr_nonnull(m);
	if (_i)
		ft_reply(ft, m, 0, NULL, 0);
	lose_device_under(&w);
	/* The response it got is the caller's; no delayed response. */
	ck_assert_uint_eq(w.m.resp_len, _i ? 8 : 0);
	ck_assert_uint_eq(w.m.dresp_len, 0);
	if (!_i)
		ft_drop(ft, m);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("raw_lost");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_raw_read_waiting_ends_when_lost,
			    SCMI_VIO_RAW_NOTIFICATIONS,
			    SCMI_VIO_RAW_DELAYED + 1);
	tcase_add_test(tc, test_raw_read_queued_entries_outlive_loss);
	tcase_add_loop_test(tc, test_raw_xfer_waiting_ends_when_lost, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
