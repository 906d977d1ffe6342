// SPDX-License-Identifier: BSD-3-Clause
/*
 * The cross-process device's server ends while the transport runs: the
 * device reports itself lost (vdev.h's lost op, -ECONNRESET) through the
 * reach layer's watch, so the command in flight and every later one fail
 * at once, not at the 10 s reply timeout.  The server is killed
 * (SIGKILL, SIGTERM) or exits on its own (status 0); its status is still
 * recorded at remove, and a new probe starts a device that is not lost
 * (L-12).  A raw-mode read waiting for a notification ends the same way.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_raw.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/xproc.h>

#include "xproc_agent.h"
#include "check_run.h"
#include "reach_fixture.h"

#ifndef SCMI_VIO_FAKE_SERVER
#error "SCMI_VIO_FAKE_SERVER must name the fake server executable"
#endif

/* Wait (bounded: 5 s) until @a has sent @n commands. */
static void wait_sent(struct scmi_vio_agent *a, uint64_t n)
{
	struct scmi_vio_agent_stats st;
	int i;

	for (i = 0;; i++) {
		scmi_vio_agent_get_stats(a, &st);
		if (st.sent >= n)
			return;
		ck_assert_int_lt(i, 500);
		usleep(10000);
	}
}

/* What the device's lost op says (none: never lost). */
static int lost_of(const struct scmi_vio_vdev *vd)
{
	return vd->ops->lost ? vd->ops->lost(vd->ctx) : 0;
}

/* Where the fake server says it runs (its pid). */
static char mute_ready[64];

/*
 * @t up on a fake server that never answers nor obeys a stop (SIGTERM
 * ends it at remove), with interrupts @irq; its pid once it runs.
 */
static pid_t up_on_mute_server(struct xproc_agent *t,
			       enum scmi_vio_irq_mode irq)
{
	static const char *extra[] = { "--fake", "ignore", "--ready", NULL,
				       NULL };
	struct scmi_vio_xproc_config xc;

	snprintf(mute_ready, sizeof(mute_ready), "/tmp/xproc_lost.%d",
		 (int)getpid());
	extra[3] = mute_ready;
	memset(&xc, 0, sizeof(xc));
	xc.server_path = SCMI_VIO_FAKE_SERVER;
	xc.extra_args = extra;
	xc.stop_timeout_ms = 500;
	xproc_agent_up(t, &xc, irq);
	return wait_ready(mute_ready);
}

enum how { KILLED, TERMINATED, POLLED_KILLED };

/*
 * _i: KILLED (SIGKILL, a blocking command, interrupts), TERMINATED
 * (SIGTERM, the same), POLLED_KILLED (SIGKILL, a polled command, no
 * interrupts: the poll asks the device).
 */
START_TEST(test_xproc_server_dies_fails_promptly)
{
	enum scmi_vio_irq_mode irq = _i == POLLED_KILLED ? SCMI_VIO_IRQ_NONE :
							   SCMI_VIO_IRQ_EVENTFD;
	struct base_cmd_thread ct = { .polled = _i == POLLED_KILLED };
	struct xproc_agent t;
	int64_t t0;
	pid_t pid;

	pid = up_on_mute_server(&t, irq);
	ct.a = t.a;
	ck_assert_int_eq(lost_of(t.vd), 0);
	/* The fake server never answers: the command stays in flight. */
	ck_assert_int_eq(pthread_create(&ct.th, NULL, base_cmd_main, &ct), 0);
	wait_sent(t.a, 1);
	t0 = now_ms();
	ck_assert_int_eq(kill(pid, _i == TERMINATED ? SIGTERM : SIGKILL), 0);
	pthread_join(ct.th, NULL);
	ck_assert_int_eq(ct.ret, -ECONNRESET);
	ck_assert_int_lt(now_ms() - t0, 2000);
	/* Later commands fail the same way, without waiting. */
	ck_assert_int_eq(base_cmd(t.a, ct.polled, 0), -ECONNRESET);
	ck_assert_int_eq(base_cmd(t.a, true, 0), -ECONNRESET);
	if (_i != POLLED_KILLED)
		ck_assert_int_eq(base_cmd(t.a, false, 0), -ECONNRESET);
	ck_assert_int_lt(now_ms() - t0, 2000);
	ck_assert_int_eq(lost_of(t.vd), -ECONNRESET);
	/* The reaper's report was left for remove: the status is right. */
	xproc_agent_remove(&t, 128 + (_i == TERMINATED ? SIGTERM : SIGKILL));
	/* A new probe is a new life: not lost, commands wait again. */
	xproc_agent_probe(&t, irq);
	(void)wait_ready(mute_ready);
	ck_assert_int_eq(lost_of(t.vd), 0);
	ck_assert_int_eq(base_cmd(t.a, true, 100), -ETIMEDOUT);
	/* That server ignores the stop: SIGTERM ends it. */
	xproc_agent_down(&t, 128 + SIGTERM);
}
END_TEST

/*
 * A server that exits on its own, cleanly, right after it started (here
 * true(1)): the first command fails with -ECONNRESET at once, whether the
 * watch saw the end before the send or while it waited; the status is 0.
 */
START_TEST(test_xproc_server_exits_fails_promptly)
{
	struct scmi_vio_xproc_config xc;
	struct xproc_agent t;
	int64_t t0;

	memset(&xc, 0, sizeof(xc));
	xc.server_path = "/bin/true";
	xproc_agent_up(&t, &xc, SCMI_VIO_IRQ_EVENTFD);
	t0 = now_ms();
	ck_assert_int_eq(base_cmd(t.a, _i, 0), -ECONNRESET);
	ck_assert_int_eq(base_cmd(t.a, !_i, 0), -ECONNRESET);
	ck_assert_int_lt(now_ms() - t0, 2000);
	xproc_agent_down(&t, 0);
}
END_TEST

/* A raw_read() waiting for a notification, on its own thread. */
struct raw_wait {
	pthread_t th;
	struct scmi_vio_agent *a;
	int ret;
};

static void *raw_wait_main(void *arg)
{
	struct raw_wait *w = arg;
	uint8_t buf[64];
	size_t len;

	w->ret = scmi_vio_raw_read(w->a, SCMI_VIO_RAW_NOTIFICATIONS, buf,
				   sizeof(buf), &len, 10000);
	return NULL;
}

/*
 * The whole way for raw mode: the server is killed while a harness waits
 * on the notification queue and no command is in flight; the watch rings
 * the interrupt, the transport reports the loss, the read ends at once.
 */
START_TEST(test_xproc_server_dies_ends_raw_read)
{
	struct raw_wait w = { 0 };
	struct xproc_agent t;
	int64_t t0;
	pid_t pid;

	pid = up_on_mute_server(&t, SCMI_VIO_IRQ_EVENTFD);
	w.a = t.a;
	ck_assert_int_eq(pthread_create(&w.th, NULL, raw_wait_main, &w), 0);
	usleep(50000); /* asleep on the queue, or it sees the loss at once */
	t0 = now_ms();
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	pthread_join(w.th, NULL);
	ck_assert_int_eq(w.ret, -ECONNRESET);
	ck_assert_int_lt(now_ms() - t0, 2000);
	xproc_agent_down(&t, 128 + SIGKILL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("xproc_lost");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_xproc_server_dies_fails_promptly, KILLED,
			    POLLED_KILLED + 1);
	tcase_add_loop_test(tc, test_xproc_server_exits_fails_promptly, 0, 2);
	tcase_add_test(tc, test_xproc_server_dies_ends_raw_read);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
