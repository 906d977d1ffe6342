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

#include <scmi_vio/doorbell.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/shm.h>
#include <scmi_vio/vhost_user.h>
#include <scmi_vio/vhost_user_serve.h>
#include <scmi_vio/virtqueue.h>
#include <scmi_vio/vring.h>

#include "check_run.h"
#include "vhu_frontend.h"

#define GPA 0x80000000ull
#define UVA 0x7f3400000000ull
#define MEM (1u << 20)
#define NUM 64u
#define RING_OFF(q) (0x10000u * ((q) + 1))
#define BUF_OFF 0x40000u /* per slot: request, response at +0x100 */
#define EV_OFF 0x80000u
#define F30 (1ull << SCMI_VIO_VHOST_USER_F_PROTOCOL_FEATURES)
#define FEAT                                                              \
	(1ull << SCMI_VIO_F_VERSION_1 | 1ull << SCMI_VIO_F_P2A_CHANNELS | \
	 1ull << SCMI_VIO_F_EVENT_IDX)
#define HDR(proto, id, type, tok)                                           \
	((uint32_t)(id) | (uint32_t)(type) << 8 | (uint32_t)(proto) << 10 | \
	 (uint32_t)(tok) << 18)
#define WAIT_NS 5000000000LL

struct guest {
	struct scmi_vio_vhost_user_serve *srv;
	struct vhu_fe fe;
	struct scmi_vio_shm *shm;
	uint8_t *mem;
	int kick[2], call[2];
	struct scmi_vio_doorbell *kdb[2], *cdb[2];
	struct scmi_vio_vq *vq[2];
	struct scmi_vio_vring ring[2];
};

static struct guest g;

/* Send one message and have the server handle it. */
static int msg(uint32_t req, const void *p, uint32_t size, const int *fds,
	       unsigned int nfds)
{
	ck_assert_int_eq(
		vhu_fe_send(&g.fe, req, VHU_VERSION, p, size, fds, nfds), 0);
	return scmi_vio_vhost_user_serve_step(g.srv, 1000);
}

static void msg_ok(uint32_t req, const void *p, uint32_t size, const int *fds,
		   unsigned int nfds)
{
	ck_assert_int_eq(msg(req, p, size, fds, nfds), 0);
}

static void state(uint32_t req, uint32_t index, uint32_t num)
{
	struct vhu_state st = { index, num };

	msg_ok(req, &st, sizeof(st), NULL, 0);
}

static uint64_t uva(const void *p)
{
	return UVA + (uint64_t)((const uint8_t *)p - g.mem);
}

/* Queue @q's size, base, addresses and kick (its call is already set). */
static void start_queue(unsigned int q, uint16_t base)
{
	struct vhu_addr a = { .index = q };
	uint64_t v = q;

	state(VHU_SET_VRING_NUM, q, NUM);
	state(VHU_SET_VRING_BASE, q, base);
	a.desc = uva(g.ring[q].desc);
	a.avail = uva(g.ring[q].avail);
	a.used = uva(g.ring[q].used);
	msg_ok(VHU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0);
	msg_ok(VHU_SET_VRING_KICK, &v, 8, &g.kick[q], 1);
}

/* A fresh front-end session: what User-Mode Linux sends, in its order. */
static void fe_connect(void)
{
	struct vhu_mem mem = { .nregions = 1 };
	int fd = scmi_vio_shm_fd(g.shm);
	uint64_t v;
	unsigned int q;

	ck_assert_int_eq(vhu_fe_open(&g.fe), 0);
	ck_assert_int_eq(scmi_vio_vhost_user_serve_attach(g.srv, g.fe.peer), 0);
	msg_ok(VHU_SET_OWNER, NULL, 0, NULL, 0);
	v = 0;
	msg_ok(VHU_SET_PROTOCOL_FEATURES, &v, 8, NULL, 0);
	v = FEAT | F30;
	msg_ok(VHU_SET_FEATURES, &v, 8, NULL, 0);
	mem.regions[0] = (struct vhu_region){ GPA, MEM, UVA, 0 };
	msg_ok(VHU_SET_MEM_TABLE, &mem, sizeof(mem), &fd, 1);
	for (q = 0; q < 2; q++) {
		struct scmi_vio_vq_config vc;

		memset(g.mem + RING_OFF(q), 0, 0x10000);
		ck_assert_int_eq(scmi_vio_vring_layout(&g.ring[q], NUM,
						       g.mem + RING_OFF(q), 4),
				 0);
		memset(&vc, 0, sizeof(vc));
		vc.ring = g.ring[q];
		vc.features = FEAT;
		vc.kick = g.kdb[q];
		scmi_vio_vq_destroy(g.vq[q]);
		ck_assert_int_eq(scmi_vio_vq_create(&vc, &g.vq[q]), 0);
		v = q;
		msg_ok(VHU_SET_VRING_CALL, &v, 8, &g.call[q], 1);
		start_queue(q, 0);
		state(VHU_SET_VRING_ENABLE, q, 1);
	}
}

static void setup(void)
{
	struct scmi_vio_vhost_user_serve_config sc;
	struct scmi_vio_platform_config pc;
	unsigned int q;

	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(scmi_vio_shm_create(MEM, &g.shm), 0);
	g.mem = scmi_vio_shm_host(g.shm);
	for (q = 0; q < 2; q++) {
		g.kick[q] = eventfd(0, EFD_CLOEXEC);
		g.call[q] = eventfd(0, EFD_CLOEXEC);
		ck_assert_int_ge(g.kick[q], 0);
		ck_assert_int_ge(g.call[q], 0);
		ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(g.kick[q],
								  &g.kdb[q]),
				 0);
		ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(g.call[q],
								  &g.cdb[q]),
				 0);
	}
	scmi_vio_platform_config_default(&pc);
	memset(&sc, 0, sizeof(sc));
	sc.platform = &pc;
	ck_assert_int_eq(scmi_vio_vhost_user_serve_create(&sc, &g.srv), 0);
	fe_connect();
}

static void teardown(void)
{
	unsigned int q;

	scmi_vio_vhost_user_serve_destroy(g.srv);
	vhu_fe_close(&g.fe);
	for (q = 0; q < 2; q++) {
		scmi_vio_vq_destroy(g.vq[q]);
		scmi_vio_doorbell_destroy(g.kdb[q]);
		scmi_vio_doorbell_destroy(g.cdb[q]);
		close(g.kick[q]);
		close(g.call[q]);
	}
	scmi_vio_shm_destroy(g.shm);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Wait for the device to use a chain of queue @q; returns its token. */
static void *reap(unsigned int q, uint32_t *len)
{
	void *tok;

	while (scmi_vio_vq_get_used(g.vq[q], &tok, len) != 1)
		ck_assert_int_eq(scmi_vio_doorbell_wait(g.cdb[q], WAIT_NS), 1);
	return tok;
}

/* Send @hdr with @n parameter words through the cmdq; the reply's bytes. */
static uint8_t *command(uint32_t hdr, const uint32_t *w, unsigned int n,
			uint32_t *len)
{
	uint8_t *req = g.mem + BUF_OFF, *resp = req + 0x100;
	struct scmi_vio_seg out = { GPA + BUF_OFF, 4 + 4 * n };
	struct scmi_vio_seg in = { GPA + BUF_OFF + 0x100, 0x100 };
	unsigned int i;

	put_le32(req, hdr);
	for (i = 0; i < n; i++)
		put_le32(req + 4 + 4 * i, w[i]);
	memset(resp, 0xaa, 0x100);
	ck_assert_int_eq(scmi_vio_vq_add(g.vq[0], &out, 1, &in, 1, resp), 0);
	ck_assert_int_eq(scmi_vio_vq_kick(g.vq[0]), 0);
	ck_assert_ptr_eq(reap(0, len), resp);
	ck_assert_uint_eq(le32(resp), hdr);
	return resp;
}

static void expect_base_version(uint32_t tok)
{
	uint32_t len;
	uint8_t *r = command(HDR(0x10, 0x0, 0, tok), NULL, 0, &len);

	ck_assert_uint_eq(len, 12);
	ck_assert_uint_eq(le32(r + 4), 0); /* SUCCESS */
	ck_assert_uint_eq(le32(r + 8) >> 16, 2); /* Base protocol v2.x */
}

START_TEST(test_vhu_serve_scmi_commands)
{
	const uint32_t rate_set[] = { 1, 3, 0x2faf0800, 0 }; /* async */
	const uint32_t clk = 3;
	struct scmi_vio_seg ev = { GPA + EV_OFF, 0x100 };
	uint8_t *r, *e = g.mem + EV_OFF;
	uint32_t len;

	expect_base_version(1);
	/* CLOCK_RATE_GET of clock 3. */
	r = command(HDR(0x14, 0x6, 0, 2), &clk, 1, &len);
	ck_assert_uint_eq(len, 16);
	ck_assert_uint_eq(le32(r + 4), 0);
	/* Async CLOCK_RATE_SET: an immediate reply, then the delayed
	 * response in an eventq buffer (kicked on the eventq's own fd). */
	ck_assert_int_eq(scmi_vio_vq_add(g.vq[1], NULL, 0, &ev, 1, e), 0);
	ck_assert_int_eq(scmi_vio_vq_kick(g.vq[1]), 0);
	r = command(HDR(0x14, 0x5, 0, 3), rate_set, 4, &len);
	ck_assert_uint_eq(len, 8);
	ck_assert_uint_eq(le32(r + 4), 0);
	ck_assert_ptr_eq(reap(1, &len), e);
	ck_assert_uint_eq(len, 20);
	ck_assert_uint_eq(le32(e), HDR(0x14, 0x5, 2, 3));
	ck_assert_uint_eq(le32(e + 4), 0);
	ck_assert_uint_eq(le32(e + 8), 3);
	ck_assert_uint_eq(le32(e + 12), 0x2faf0800);
	ck_assert_uint_eq(le32(e + 16), 0);
	/* The rate stuck. */
	r = command(HDR(0x14, 0x6, 0, 4), &clk, 1, &len);
	ck_assert_uint_eq(le32(r + 8), 0x2faf0800);
}
END_TEST

/* GET_VRING_BASE reports where the device got to; it resumes there. */
START_TEST(test_vhu_serve_stop_and_resume)
{
	struct vhu_state st = { 0, 0 };
	struct vhu_hdr h;
	struct vhu_state rep;

	expect_base_version(1);
	expect_base_version(2);
	expect_base_version(3);
	ck_assert_int_eq(msg(VHU_GET_VRING_BASE, &st, sizeof(st), NULL, 0), 0);
	ck_assert_int_eq(vhu_fe_recv(&g.fe, &h, &rep, sizeof(rep)),
			 (int)sizeof(rep));
	ck_assert_uint_eq(rep.index, 0);
	ck_assert_uint_eq(rep.num, 3);
	/* The same driver queue goes on from index 3. */
	start_queue(0, (uint16_t)rep.num);
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
		vhu_fe_close(&g.fe);
		ck_assert_int_eq(scmi_vio_vhost_user_serve_step(g.srv, 1000),
				 -ECONNRESET);
		ck_assert(!scmi_vio_vhost_user_serve_connected(g.srv));
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
	struct vhu_state st = { 0, 0 };
	struct vhu_state rep;
	struct vhu_hdr h;
	uint64_t v = VHU_VRING_NOFD;
	struct vhu_addr a = { .index = 0 };

	ck_assert_int_eq(msg(VHU_GET_VRING_BASE, &st, sizeof(st), NULL, 0), 0);
	ck_assert_int_eq(vhu_fe_recv(&g.fe, &h, &rep, sizeof(rep)),
			 (int)sizeof(rep));
	a.desc = uva(g.ring[0].desc);
	a.avail = uva(g.ring[0].avail);
	a.used = uva(g.ring[0].used);
	msg_ok(VHU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0);
	ck_assert_int_eq(msg(VHU_SET_VRING_KICK, &v, 8, NULL, 0), -EOPNOTSUPP);
	/* With a kick fd it serves again. */
	start_queue(0, (uint16_t)rep.num);
	expect_base_version(1);
}
END_TEST

/* a guest that breaks its ring ends the session; a new one works. */
START_TEST(test_vhu_serve_broken_ring_ends_session)
{
	expect_base_version(1);
	/* avail.idx jumps more than the queue size ahead (V-1). */
	__atomic_store_n(&g.ring[0].avail->idx, (uint16_t)(NUM * 2),
			 __ATOMIC_RELEASE);
	ck_assert_int_eq(eventfd_write(g.kick[0], 1), 0);
	/* The device thread reports it; the next step ends the session. */
	for (int i = 0; scmi_vio_vhost_user_serve_step(g.srv, 10) == -EAGAIN;
	     i++)
		ck_assert_int_lt(i, 500);
	ck_assert(!scmi_vio_vhost_user_serve_connected(g.srv));
	vhu_fe_close(&g.fe);
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

static Suite *suite(void)
{
	Suite *s = suite_create("vhost_user_serve");
	TCase *tc = tcase_create("serve");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_vhu_serve_scmi_commands);
	tcase_add_test(tc, test_vhu_serve_stop_and_resume);
	tcase_add_test(tc, test_vhu_serve_reconnect);
	tcase_add_test(tc, test_vhu_serve_polling_refused);
	tcase_add_test(tc, test_vhu_serve_broken_ring_ends_session);
	suite_add_tcase(s, tc);
	tc = tcase_create("listen");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_vhu_serve_listen_signal_stop);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
