// SPDX-License-Identifier: BSD-3-Clause
/* The serving tests' fixture (vhu_serve_fixture.h). */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <scmi_vio/platform.h>

#include "common/byteorder.h"
#include "vhu_serve_fixture.h"

#define WAIT_NS 5000000000LL

struct guest g;

int msg(uint32_t req, const void *p, uint32_t size, const int *fds,
	unsigned int nfds)
{
	ck_assert_int_eq(
		vhu_fe_send(&g.fe, req, VHU_VERSION, p, size, fds, nfds), 0);
	return scmi_vio_vhost_user_serve_step(g.srv, 1000);
}

void msg_ok(uint32_t req, const void *p, uint32_t size, const int *fds,
	    unsigned int nfds)
{
	ck_assert_int_eq(msg(req, p, size, fds, nfds), 0);
}

void state(uint32_t req, uint32_t index, uint32_t num)
{
	struct vhu_state st = { index, num };

	msg_ok(req, &st, sizeof(st), NULL, 0);
}

uint64_t uva(const void *p)
{
	return UVA + (uint64_t)((const uint8_t *)p - g.mem);
}

struct vhu_addr ring_addr(unsigned int q)
{
	struct vhu_addr a = { .index = q };

	a.desc = uva(g.ring[q].desc);
	a.avail = uva(g.ring[q].avail);
	a.used = uva(g.ring[q].used);
	return a;
}

void start_queue(unsigned int q, uint16_t base)
{
	struct vhu_addr a = ring_addr(q);
	uint64_t v = q;

	state(VHU_SET_VRING_NUM, q, NUM);
	state(VHU_SET_VRING_BASE, q, base);
	msg_ok(VHU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0);
	msg_ok(VHU_SET_VRING_KICK, &v, 8, &g.kick[q], 1);
}

void fe_hello(void)
{
	struct vhu_mem mem = { .nregions = 1 };
	int fd = scmi_vio_shm_fd(g.shm);
	uint64_t v;

	ck_assert_int_eq(vhu_fe_open(&g.fe), 0);
	ck_assert_int_eq(scmi_vio_vhost_user_serve_attach(g.srv, g.fe.peer), 0);
	msg_ok(VHU_SET_OWNER, NULL, 0, NULL, 0);
	v = 0;
	msg_ok(VHU_SET_PROTOCOL_FEATURES, &v, 8, NULL, 0);
	v = FEAT | F30;
	msg_ok(VHU_SET_FEATURES, &v, 8, NULL, 0);
	mem.regions[0] = (struct vhu_region){ GPA, MEM, UVA, 0 };
	msg_ok(VHU_SET_MEM_TABLE, &mem, sizeof(mem), &fd, 1);
}

void fe_connect(void)
{
	uint64_t v;
	unsigned int q;

	fe_hello();
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

void fe_hangup(void)
{
	vhu_fe_close(&g.fe);
	if (scmi_vio_vhost_user_serve_connected(g.srv))
		ck_assert_int_eq(scmi_vio_vhost_user_serve_step(g.srv, 1000),
				 -ECONNRESET);
	ck_assert(!scmi_vio_vhost_user_serve_connected(g.srv));
}

uint32_t vring_base(unsigned int q)
{
	struct vhu_state st = { q, 0 }, rep;
	struct vhu_hdr h;

	ck_assert_int_eq(msg(VHU_GET_VRING_BASE, &st, sizeof(st), NULL, 0), 0);
	ck_assert_int_eq(vhu_fe_recv(&g.fe, &h, &rep, sizeof(rep)),
			 (int)sizeof(rep));
	ck_assert_uint_eq(h.request, VHU_GET_VRING_BASE);
	ck_assert_uint_eq(rep.index, q);
	return rep.num;
}

void vs_setup(void)
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

void vs_teardown(void)
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

Suite *vs_suite(const char *name, const struct check_loop *tests)
{
	Suite *s = suite_create(name);
	TCase *tc = tcase_create("serve");

	tcase_add_checked_fixture(tc, vs_setup, vs_teardown);
	tcase_set_timeout(tc, 30);
	for (; tests->test; tests++)
		tcase_add_loop_test(tc, tests->test, tests->start, tests->end);
	suite_add_tcase(s, tc);
	return s;
}

int vs_run_with(const char *name, const struct check_loop *tests,
		const char *bare_case, const TTest *bare, int timeout_s)
{
	Suite *s = vs_suite(name, tests);
	TCase *tc = tcase_create(bare_case);

	tcase_set_timeout(tc, timeout_s);
	tcase_add_test(tc, bare);
	suite_add_tcase(s, tc);
	return check_run(s);
}

uint32_t le32(const uint8_t *p)
{
	return sv_get_le32(p);
}

/* Wait for the device to use a chain of queue @q; returns its token. */
static void *reap(unsigned int q, uint32_t *len)
{
	void *tok;

	while (scmi_vio_vq_get_used(g.vq[q], &tok, len) != 1)
		ck_assert_int_eq(scmi_vio_doorbell_wait(g.cdb[q], WAIT_NS), 1);
	return tok;
}

uint8_t *command(uint32_t hdr, const uint32_t *w, unsigned int n, uint32_t *len)
{
	uint8_t *req = g.mem + BUF_OFF, *resp = req + 0x100;
	struct scmi_vio_seg out = { GPA + BUF_OFF, 4 + 4 * n };
	struct scmi_vio_seg in = { GPA + BUF_OFF + 0x100, 0x100 };
	unsigned int i;

	sv_put_le32(req, hdr);
	for (i = 0; i < n; i++)
		sv_put_le32(req + 4 + 4 * i, w[i]);
	memset(resp, 0xaa, 0x100);
	ck_assert_int_eq(scmi_vio_vq_add(g.vq[0], &out, 1, &in, 1, resp), 0);
	ck_assert_int_eq(scmi_vio_vq_kick(g.vq[0]), 0);
	ck_assert_ptr_eq(reap(0, len), resp);
	ck_assert_uint_eq(le32(resp), hdr);
	return resp;
}

void expect_base_version(uint32_t tok)
{
	uint32_t len;
	uint8_t *r = command(HDR(0x10, 0x0, 0, tok), NULL, 0, &len);

	ck_assert_uint_eq(len, 12);
	ck_assert_uint_eq(le32(r + 4), 0); /* SUCCESS */
	ck_assert_uint_eq(le32(r + 8) >> 16, 2); /* Base protocol v2.x */
}

void expect_full_service(void)
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
