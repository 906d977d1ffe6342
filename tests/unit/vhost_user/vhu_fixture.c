// SPDX-License-Identifier: BSD-3-Clause
/* The vhost-user test fixture (vhu_fixture.h). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "vhu_fixture.h"

struct fx fx;

static int dev_start(void *arg, unsigned int q,
		     const struct scmi_vio_vhost_user_vring *vr)
{
	if (fx.start_ret)
		return fx.start_ret;
	fx.starts[q]++;
	fx.seen[q] = *vr;
	fx.at_start[q] = *vr;
	return 0;
}

static void dev_stop(void *arg, unsigned int q, uint16_t *idx)
{
	fx.stops[q]++;
	*idx = fx.stop_idx;
}

static void dev_update(void *arg, unsigned int q,
		       const struct scmi_vio_vhost_user_vring *vr)
{
	fx.updates[q]++;
	fx.seen[q] = *vr;
}

static void dev_reset(void *arg)
{
	fx.resets++;
}

static const struct scmi_vio_vhost_user_ops ops = {
	.queue_start = dev_start,
	.queue_stop = dev_stop,
	.queue_update = dev_update,
	.device_reset = dev_reset,
};

/* Check fixtures: the back-end attached, nothing sent yet. */
static void fx_setup(void)
{
	struct scmi_vio_vhost_user_config cfg = {
		.features = FX_OFFERED,
		.num_queues = FX_NQ,
		.max_queue_size = FX_QSZ,
		.msg_timeout_ms = 200,
		.ops = &ops,
	};

	memset(&fx, 0, sizeof(fx));
	fx.fds_before = vhu_count_fds();
	ck_assert_int_eq(scmi_vio_shm_create(FX_MEM, &fx.shm), 0);
	ck_assert_int_eq(scmi_vio_vhost_user_create(&cfg, &fx.vu), 0);
	ck_assert_int_eq(vhu_fe_open(&fx.fe), 0);
	ck_assert_int_eq(scmi_vio_vhost_user_attach(fx.vu, fx.fe.peer), 0);
}

static void fx_teardown(void)
{
	scmi_vio_vhost_user_destroy(fx.vu);
	vhu_fe_close(&fx.fe);
	scmi_vio_shm_destroy(fx.shm);
	/* Every fd the back-end was sent is closed by now. */
	ck_assert_int_eq(vhu_count_fds(), fx.fds_before);
}

int fx_main(const char *name, int timeout, const struct check_loop *tests)
{
	const struct check_case cases[] = {
		{ name, timeout, fx_setup, fx_teardown, tests },
		{ NULL, 0, NULL, NULL, NULL },
	};

	return check_main_cases(name, cases);
}

int fx_msg(uint32_t req, uint32_t flags, const void *p, uint32_t size,
	   const int *fds, unsigned int nfds)
{
	ck_assert_int_eq(vhu_fe_send(&fx.fe, req, flags, p, size, fds, nfds),
			 0);
	return scmi_vio_vhost_user_handle(fx.vu, 1000);
}

int fx_u64(uint32_t req, uint32_t flags, uint64_t v)
{
	return fx_msg(req, flags, &v, sizeof(v), NULL, 0);
}

int fx_state(uint32_t req, uint32_t index, uint32_t num)
{
	struct vhu_state st = { index, num };

	return fx_msg(req, VHU_VERSION, &st, sizeof(st), NULL, 0);
}

uint64_t fx_get_u64(uint32_t req)
{
	struct vhu_hdr hdr;
	uint64_t v = 0;

	ck_assert_int_eq(fx_msg(req, VHU_VERSION, NULL, 0, NULL, 0), 0);
	ck_assert_int_eq(vhu_fe_recv(&fx.fe, &hdr, &v, sizeof(v)), 8);
	ck_assert_uint_eq(hdr.request, req);
	/* User-Mode Linux accepts exactly REPLY | version 1. */
	ck_assert_uint_eq(hdr.flags, VHU_FLAG_REPLY | VHU_VERSION);
	return v;
}

int64_t fx_ack(void)
{
	struct vhu_hdr hdr;
	uint64_t v;
	int n = vhu_fe_recv(&fx.fe, &hdr, &v, sizeof(v));

	if (n == -EAGAIN)
		return -1;
	ck_assert_int_eq(n, 8);
	ck_assert_uint_eq(hdr.flags, VHU_FLAG_REPLY | VHU_VERSION);
	return (int64_t)v;
}

void fx_negotiate(uint64_t proto, uint64_t features)
{
	ck_assert_int_eq(fx_msg(VHU_SET_OWNER, VHU_VERSION, NULL, 0, NULL, 0),
			 0);
	ck_assert_int_eq(fx_u64(VHU_SET_PROTOCOL_FEATURES, VHU_VERSION, proto),
			 0);
	ck_assert_int_eq(fx_u64(VHU_SET_FEATURES, VHU_VERSION, features), 0);
}

int fx_mem_table(void)
{
	struct vhu_mem mem = { .nregions = 1 };
	int fd = scmi_vio_shm_fd(fx.shm);

	mem.regions[0].gpa = FX_GPA;
	mem.regions[0].size = FX_MEM;
	mem.regions[0].uaddr = FX_UVA;
	/* User-Mode Linux sends all eight slots whatever the count. */
	return fx_msg(VHU_SET_MEM_TABLE, VHU_VERSION, &mem, sizeof(mem), &fd,
		      1);
}

struct vhu_addr fx_ring(unsigned int q)
{
	uint64_t base = FX_UVA + 0x10000ull * (q + 1);
	struct vhu_addr a = {
		.index = q,
		.desc = base,
		.avail = base + 16 * FX_QSZ,
		.used = base + 0x8000,
		.log = ~0ull, /* what UML sends; meaningless without LOG */
	};

	return a;
}

static int u64_fd(uint32_t req, uint64_t v, int fd)
{
	return fx_msg(req, VHU_VERSION, &v, sizeof(v), &fd, 1);
}

int fx_vring_fd(uint32_t req, unsigned int q, bool pipe)
{
	int fds[2], ret;

	if (pipe) {
		ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
		ret = u64_fd(req, q, fds[1]);
		close(fds[0]);
		close(fds[1]);
		return ret;
	}
	fds[0] = eventfd(0, EFD_CLOEXEC);
	ck_assert_int_ge(fds[0], 0);
	ret = u64_fd(req, q, fds[0]);
	close(fds[0]);
	return ret;
}

void fx_start(unsigned int q)
{
	struct vhu_addr a = fx_ring(q);
	struct scmi_vio_vhost_user_vring vr;

	/* User-Mode Linux's order: call (a pipe), num, base, addr, kick. */
	ck_assert_int_eq(fx_vring_fd(VHU_SET_VRING_CALL, q, true), 0);
	ck_assert_int_eq(fx_state(VHU_SET_VRING_NUM, q, FX_QSZ), 0);
	ck_assert_int_eq(fx_state(VHU_SET_VRING_BASE, q, 0), 0);
	ck_assert_int_eq(fx_msg(VHU_SET_VRING_ADDR, VHU_VERSION, &a, sizeof(a),
				NULL, 0),
			 0);
	ck_assert_int_eq(fx_vring_fd(VHU_SET_VRING_KICK, q, false), 0);
	ck_assert_int_eq(scmi_vio_vhost_user_vring_get(fx.vu, q, &vr), 0);
	ck_assert(vr.started);
	/* Disabled means bit 30 was acked, so SET_VRING_ENABLE is legal. */
	if (!vr.enabled)
		ck_assert_int_eq(fx_state(VHU_SET_VRING_ENABLE, q, 1), 0);
}

void fx_snap(struct fx_snap *s)
{
	unsigned int q;

	memset(s, 0, sizeof(*s));
	for (q = 0; q < FX_NQ; q++) {
		ck_assert_int_eq(
			scmi_vio_vhost_user_vring_get(fx.vu, q, &s->vr[q]), 0);
		s->starts += fx.starts[q];
		s->stops += fx.stops[q];
		s->updates += fx.updates[q];
	}
	s->features = scmi_vio_vhost_user_features_get(fx.vu, &s->protocol);
	s->connected = scmi_vio_vhost_user_connected(fx.vu);
	s->resets = fx.resets;
	s->fds = vhu_count_fds();
}

void fx_same(const struct fx_snap *s)
{
	struct fx_snap now;
	unsigned int q;

	fx_snap(&now);
	for (q = 0; q < FX_NQ; q++)
		ck_assert_mem_eq(&now.vr[q], &s->vr[q], sizeof(now.vr[q]));
	ck_assert_uint_eq(now.features, s->features);
	ck_assert_uint_eq(now.protocol, s->protocol);
	ck_assert_int_eq(now.connected, s->connected);
	ck_assert_int_eq(now.starts, s->starts);
	ck_assert_int_eq(now.stops, s->stops);
	ck_assert_int_eq(now.updates, s->updates);
	ck_assert_int_eq(now.resets, s->resets);
	/* Every fd the refused message carried is closed: none leaked. */
	ck_assert_int_eq(now.fds, s->fds);
}
