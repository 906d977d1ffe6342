// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform served over vhost-user, driven as a VMM and its guest would:
 * the test front-end sets up memory (a sealed memfd) and both queues with
 * their own kick and call eventfds, and the library's driver-side
 * virtqueues send real SCMI commands through the rings: Base
 * PROTOCOL_VERSION, CLOCK_RATE_GET, an async CLOCK_RATE_SET whose delayed
 * response arrives on the eventq.  Then GET_VRING_BASE and a resume at the
 * reported index, and a disconnect and reconnect without a restart.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <scmi_vio/platform.h>
#include <scmi_vio/platform_dev.h>

#include "check_run.h"
#include "common/atomics.h"
#include "vhu_serve_fixture.h"

START_TEST(test_vhu_serve_scmi_commands)
{
	expect_full_service();
}
END_TEST

/* GET_VRING_BASE reports where the device got to; it resumes there. */
START_TEST(test_vhu_serve_stop_and_resume)
{
	uint32_t base;

	expect_base_version(1);
	expect_base_version(2);
	expect_base_version(3);
	base = vring_base(0);
	ck_assert_uint_eq(base, 3);
	/* The same driver queue goes on from index 3. */
	start_queue(0, (uint16_t)base);
	expect_base_version(4);
}
END_TEST

/* A front-end that goes away; the next one finds a fresh platform. */
START_TEST(test_vhu_serve_reconnect)
{
	const uint32_t rate_set[] = { 0, 3, 0x2faf0800, 0 }; /* sync */
	const uint32_t clk = 3;
	uint32_t len, before;
	uint8_t *r;
	int round;

	r = command(HDR(0x14, 0x6, 0, 1), &clk, 1, &len);
	before = le32(r + 8);
	ck_assert_uint_ne(before, 0x2faf0800);
	for (round = 0; round < 2; round++) {
		r = command(HDR(0x14, 0x5, 0, 2), rate_set, 4, &len);
		ck_assert_uint_eq(le32(r + 4), 0);
		fe_hangup();
		fe_connect();
		expect_base_version(3);
		r = command(HDR(0x14, 0x6, 0, 4), &clk, 1, &len);
		ck_assert_uint_eq(le32(r + 8), before);
	}
}
END_TEST

/* A polling front-end (kick "no fd") is refused: nothing would wake the
 * device. */
START_TEST(test_vhu_serve_polling_refused)
{
	uint64_t v = VHU_VRING_NOFD;
	struct vhu_addr a = ring_addr(0);
	uint32_t base = vring_base(0);

	msg_ok(VHU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0);
	ck_assert_int_eq(msg(VHU_SET_VRING_KICK, &v, 8, NULL, 0), -EOPNOTSUPP);
	/* With a kick fd it serves again. */
	start_queue(0, (uint16_t)base);
	expect_base_version(1);
}
END_TEST

/* a guest that breaks its ring ends the session; a new one works. */
START_TEST(test_vhu_serve_broken_ring_ends_session)
{
	expect_base_version(1);
	/* avail.idx jumps more than the queue size ahead (V-1); the release
	 * pairs with the device's acquire of avail.idx. */
	sv_store_release(&g.ring[0].avail->idx, (uint16_t)(NUM * 2));
	ck_assert_int_eq(eventfd_write(g.kick[0], 1), 0);
	/* The device thread reports it; the next step ends the session. */
	for (int i = 0; scmi_vio_vhost_user_serve_step(g.srv, 10) == -EAGAIN;
	     i++)
		ck_assert_int_lt(i, 500);
	fe_hangup();
	fe_connect();
	expect_base_version(2);
}
END_TEST

static struct scmi_vio_vhost_user_serve *sig_srv;

static void on_usr1(int sig)
{
	(void)sig;
	scmi_vio_vhost_user_serve_stop(sig_srv);
}

static void *listener(void *arg)
{
	const char *path = arg;

	return (void *)(intptr_t)scmi_vio_vhost_user_serve_listen(sig_srv,
								  path);
}

/*
 * listen() on a socket path: a front-end connects and is served; a signal
 * whose handler calls stop() (poll() interrupted) ends listen(), which
 * removes the socket file.
 */
START_TEST(test_vhu_serve_listen_signal_stop)
{
	struct scmi_vio_vhost_user_serve_config sc = { 0 };
	struct scmi_vio_platform_config pc;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct sigaction act;
	struct vhu_hdr h;
	char path[64];
	pthread_t t;
	uint64_t v = 0;
	void *ret;
	int fd, i;

	snprintf(path, sizeof(path), "/tmp/scmi-vio-serve-%d.sock",
		 (int)getpid());
	scmi_vio_platform_config_default(&pc);
	sc.platform = &pc;
	ck_assert_int_eq(scmi_vio_vhost_user_serve_create(&sc, &sig_srv), 0);
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_usr1; /* no SA_RESTART: poll() sees EINTR */
	sigemptyset(&act.sa_mask);
	ck_assert_int_eq(sigaction(SIGUSR1, &act, NULL), 0);
	ck_assert_int_eq(pthread_create(&t, NULL, listener, path), 0);
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	for (i = 0; connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0; i++) {
		ck_assert_int_lt(i, 500);
		usleep(10000);
	}
	/* Served: GET_FEATURES answers the platform device's features. */
	g.fe.sock = fd;
	ck_assert_int_eq(vhu_fe_send(&g.fe, VHU_GET_FEATURES, VHU_VERSION, NULL,
				     0, NULL, 0),
			 0);
	for (i = 0; vhu_fe_recv(&g.fe, &h, &v, sizeof(v)) == -EAGAIN; i++) {
		ck_assert_int_lt(i, 500);
		usleep(10000);
	}
	ck_assert_uint_eq(v, SCMI_VIO_PLAT_DEV_FEATURES | F30);
	close(fd);
	usleep(50000);
	ck_assert_int_eq(pthread_kill(t, SIGUSR1), 0);
	ck_assert_int_eq(pthread_join(t, &ret), 0);
	ck_assert_int_eq((int)(intptr_t)ret, 0);
	ck_assert_int_eq(access(path, F_OK), -1);
	signal(SIGUSR1, SIG_DFL);
	scmi_vio_vhost_user_serve_destroy(sig_srv);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_vhu_serve_scmi_commands),
		CHECK_ONCE(test_vhu_serve_stop_and_resume),
		CHECK_ONCE(test_vhu_serve_reconnect),
		CHECK_ONCE(test_vhu_serve_polling_refused),
		CHECK_ONCE(test_vhu_serve_broken_ring_ends_session),
		{ NULL, 0, 0 },
	};
	return vs_run_with("vhost_user_serve", tests, "listen",
			   test_vhu_serve_listen_signal_stop, 30);
}
