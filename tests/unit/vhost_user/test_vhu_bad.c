// SPDX-License-Identifier: BSD-3-Clause
/*
 * vhost-user back-end against a hostile front-end: every malformed message
 * is refused with its errno, changes nothing the back-end exposes (queues,
 * features, device callbacks), leaks no fd, and gets no reply unless it
 * asked for a REPLY_ACK status (or is GET_CONFIG, whose empty reply is the
 * protocol's error).  A stream that cannot be framed ends the connection,
 * still without a leak.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <scmi_vio/vring.h>

#include "check_run.h"
#include "vhu_fixture.h"

#define F30 (1ull << SCMI_VIO_VHOST_USER_F_PROTOCOL_FEATURES)

/* Owner, REPLY_ACK and bit 30, memory; queue 0 running, queue 1 sized. */
static void ready(void)
{
	fx_negotiate(FX_PROTO_ACK, FX_OFFERED | F30);
	ck_assert_int_eq(fx_mem_table(), 0);
	fx_start(0);
	ck_assert_int_eq(fx_state(VHU_SET_VRING_NUM, 1, 64), 0);
}

/* Send one message that must be refused with @err, changing nothing. */
static void bad(uint32_t req, uint32_t flags, const void *p, uint32_t size,
		const int *fds, unsigned int nfds, int err)
{
	struct fx_snap s;

	fx_snap(&s);
	ck_assert_int_eq(fx_msg(req, flags, p, size, fds, nfds), err);
	fx_same(&s);
	if (flags & VHU_FLAG_NEED_REPLY && err != -EPROTO)
		ck_assert_int_eq(fx_ack(), -err);
	else
		ck_assert_int_eq(fx_ack(), -1);
}

static void bad_u64(uint32_t req, uint64_t v, int err)
{
	bad(req, VHU_VERSION, &v, sizeof(v), NULL, 0, err);
}

static void bad_state(uint32_t req, uint32_t index, uint32_t num, int err)
{
	struct vhu_state st = { index, num };

	bad(req, VHU_VERSION, &st, sizeof(st), NULL, 0, err);
}

static void bad_addr(const struct vhu_addr *a, int err)
{
	bad(VHU_SET_VRING_ADDR, VHU_VERSION, a, sizeof(*a), NULL, 0, err);
}

/* Unknown and unserved requests, and header flags. */
START_TEST(test_vhu_bad_header)
{
	uint64_t v = 0;
	int efd = eventfd(0, EFD_CLOEXEC);

	ready();
	bad(0, VHU_VERSION, NULL, 0, NULL, 0, -EOPNOTSUPP);
	bad(99, VHU_VERSION, NULL, 0, NULL, 0, -EOPNOTSUPP);
	bad(0xffffffffu, VHU_VERSION, &v, 8, NULL, 0, -EOPNOTSUPP);
	/* Not offered, and the fds they carry are closed. */
	bad(VHU_SET_LOG_FD, VHU_VERSION, NULL, 0, &efd, 1, -EOPNOTSUPP);
	bad(21 /* SET_BACKEND_REQ_FD */, VHU_VERSION, NULL, 0, &efd, 1,
	    -EOPNOTSUPP);
	bad(25 /* SET_CONFIG */, VHU_VERSION | VHU_FLAG_NEED_REPLY, &v, 8, NULL,
	    0, -EOPNOTSUPP);
	bad(35 /* VRING_KICK, in-band */, VHU_VERSION, &v, 8, NULL, 0,
	    -EOPNOTSUPP);
	/* Version 0, 2, 3; the reply flag on a request; undefined bits. */
	bad(VHU_GET_FEATURES, 0, NULL, 0, NULL, 0, -EPROTO);
	bad(VHU_GET_FEATURES, 2, NULL, 0, NULL, 0, -EPROTO);
	bad(VHU_GET_FEATURES, 3, NULL, 0, NULL, 0, -EPROTO);
	bad(VHU_SET_OWNER, VHU_VERSION | VHU_FLAG_REPLY, NULL, 0, NULL, 0,
	    -EPROTO);
	bad(VHU_SET_VRING_ENABLE, VHU_VERSION | 0x10, &v, 8, NULL, 0, -EPROTO);
	bad(VHU_SET_VRING_KICK, VHU_VERSION | 0x80000000u, &v, 8, &efd, 1,
	    -EPROTO);
	/* SET_OWNER twice. */
	bad(VHU_SET_OWNER, VHU_VERSION | VHU_FLAG_NEED_REPLY, NULL, 0, NULL, 0,
	    -EBUSY);
	close(efd);
}
END_TEST

/* Payload sizes and fd counts per request. */
START_TEST(test_vhu_bad_shape)
{
	char buf[300] = { 0 };
	int efd = eventfd(0, EFD_CLOEXEC), fds[9], i;
	struct vhu_mem mem = { .nregions = 2 };

	ready();
	bad(VHU_GET_FEATURES, VHU_VERSION, buf, 8, NULL, 0, -EBADMSG);
	bad(VHU_SET_FEATURES, VHU_VERSION, buf, 4, NULL, 0, -EBADMSG);
	bad(VHU_SET_FEATURES, VHU_VERSION | VHU_FLAG_NEED_REPLY, buf, 16, NULL,
	    0, -EBADMSG);
	bad(VHU_SET_VRING_NUM, VHU_VERSION, buf, 0, NULL, 0, -EBADMSG);
	bad(VHU_SET_VRING_ADDR, VHU_VERSION, buf, 32, NULL, 0, -EBADMSG);
	bad(VHU_SET_VRING_ADDR, VHU_VERSION, buf, 48, NULL, 0, -EBADMSG);
	bad(VHU_SET_MEM_TABLE, VHU_VERSION, buf, 8, &efd, 1, -EBADMSG);
	bad(VHU_SET_MEM_TABLE, VHU_VERSION, buf, sizeof(struct vhu_mem) + 2,
	    &efd, 1, -EBADMSG);
	/* fds where none belong, or too many. */
	bad(VHU_SET_FEATURES, VHU_VERSION, buf, 8, &efd, 1, -EBADMSG);
	bad(VHU_GET_VRING_BASE, VHU_VERSION, buf, 8, &efd, 1, -EBADMSG);
	fds[0] = fds[1] = efd;
	bad(VHU_SET_VRING_CALL, VHU_VERSION, buf, 8, fds, 2, -EBADMSG);
	/* The "no fd" flag must match the fds sent. */
	bad_u64(VHU_SET_VRING_KICK, 1, -EBADMSG);
	{
		uint64_t v = 1 | VHU_VRING_NOFD;

		bad(VHU_SET_VRING_KICK, VHU_VERSION, &v, 8, &efd, 1, -EBADMSG);
	}
	/* Two regions announced, one fd; one announced, two fds; the
	 * payload too short for the count. */
	mem.regions[0] = (struct vhu_region){ 0, 4096, 0, 0 };
	mem.regions[1] = (struct vhu_region){ 8192, 4096, 8192, 0 };
	fds[0] = fds[1] = scmi_vio_shm_fd(fx.shm);
	bad(VHU_SET_MEM_TABLE, VHU_VERSION, &mem, sizeof(mem), fds, 1,
	    -EBADMSG);
	mem.nregions = 1;
	bad(VHU_SET_MEM_TABLE, VHU_VERSION, &mem, sizeof(mem), fds, 2,
	    -EBADMSG);
	mem.nregions = 2;
	bad(VHU_SET_MEM_TABLE, VHU_VERSION, &mem,
	    offsetof(struct vhu_mem, regions[1]), fds, 2, -EBADMSG);
	/* Eight good regions (the first holds the running queue) with nine
	 * fds: the ninth never fits (the kernel closes it); the message is
	 * refused, not read as eight. */
	mem.nregions = 8;
	for (i = 0; i < 9; i++) {
		fds[i] = scmi_vio_shm_fd(fx.shm);
		if (i < 8)
			mem.regions[i] =
				(struct vhu_region){ 0x10000ull * i, 4096,
						     0x10000ull * i, 0 };
	}
	mem.regions[0] = (struct vhu_region){ FX_GPA, FX_MEM, FX_UVA, 0 };
	bad(VHU_SET_MEM_TABLE, VHU_VERSION, &mem, sizeof(mem), fds, 9,
	    -EBADMSG);
	/* The same eight with eight fds are fine. */
	ck_assert_int_eq(fx_msg(VHU_SET_MEM_TABLE, VHU_VERSION, &mem,
				sizeof(mem), fds, 8),
			 0);
	/* GET_CONFIG: judged, then the empty (error) reply. */
	{
		struct fx_snap s;
		struct vhu_hdr hdr;
		struct vhu_config cfg = { .size = 4 };

		fx_snap(&s);
		ck_assert_int_eq(fx_msg(VHU_GET_CONFIG, VHU_VERSION, &cfg, 16,
					NULL, 0),
				 -EOPNOTSUPP);
		ck_assert_int_eq(vhu_fe_recv(&fx.fe, &hdr, buf, sizeof(buf)),
				 0);
		ck_assert_uint_eq(hdr.request, VHU_GET_CONFIG);
		ck_assert_int_eq(fx_msg(VHU_GET_CONFIG, VHU_VERSION, &cfg, 15,
					NULL, 0),
				 -EBADMSG);
		ck_assert_int_eq(vhu_fe_recv(&fx.fe, &hdr, buf, sizeof(buf)),
				 0);
		fx_same(&s);
	}
	close(efd);
}
END_TEST

/* Queue indices, and the other bits of the vring fd word. */
START_TEST(test_vhu_bad_index)
{
	int efd = eventfd(0, EFD_CLOEXEC);
	uint64_t v;
	struct vhu_addr a = fx_ring(0);

	ready();
	bad_state(VHU_SET_VRING_NUM, FX_NQ, 64, -EINVAL);
	bad_state(VHU_SET_VRING_BASE, 0xffffffffu, 0, -EINVAL);
	bad_state(VHU_SET_VRING_ENABLE, FX_NQ, 1, -EINVAL);
	bad_state(VHU_GET_VRING_BASE, 7, 0, -EINVAL);
	a.index = FX_NQ;
	bad_addr(&a, -EINVAL);
	v = FX_NQ;
	bad(VHU_SET_VRING_KICK, VHU_VERSION, &v, 8, &efd, 1, -EINVAL);
	v = 0xff;
	bad(VHU_SET_VRING_CALL, VHU_VERSION, &v, 8, &efd, 1, -EINVAL);
	/* Bits above the "no fd" flag. */
	v = 1ull << 9;
	bad(VHU_SET_VRING_ERR, VHU_VERSION, &v, 8, &efd, 1, -EINVAL);
	v = 1ull << 63 | VHU_VRING_NOFD;
	bad(VHU_SET_VRING_KICK, VHU_VERSION, &v, 8, NULL, 0, -EINVAL);
	close(efd);
}
END_TEST

/* Messages before SET_OWNER; features not offered; gated requests. */
START_TEST(test_vhu_bad_order_and_features)
{
	int fd = scmi_vio_shm_fd(fx.shm);
	struct vhu_mem mem = { .nregions = 1 };

	mem.regions[0] = (struct vhu_region){ 0, 4096, 0, 0 };
	bad_u64(VHU_SET_FEATURES, FX_OFFERED, -EPERM);
	bad_u64(VHU_SET_PROTOCOL_FEATURES, 0, -EPERM);
	bad_state(VHU_SET_VRING_NUM, 0, 64, -EPERM);
	bad(VHU_SET_MEM_TABLE, VHU_VERSION, &mem, sizeof(mem), &fd, 1, -EPERM);
	/* Queries need no owner. */
	ck_assert_uint_eq(fx_get_u64(VHU_GET_QUEUE_NUM), FX_NQ);
	ck_assert_int_eq(fx_msg(VHU_SET_OWNER, VHU_VERSION, NULL, 0, NULL, 0),
			 0);
	/* Not offered: LOG_ALL (26), INDIRECT (28), packed, bit 40. */
	bad_u64(VHU_SET_FEATURES, FX_OFFERED | 1ull << 26, -EINVAL);
	bad_u64(VHU_SET_FEATURES, 1ull << 28, -EINVAL);
	bad_u64(VHU_SET_FEATURES, 1ull << SCMI_VIO_F_RING_PACKED, -EINVAL);
	bad_u64(VHU_SET_FEATURES, 1ull << 40, -EINVAL);
	/* Protocol features not offered: LOG_SHMFD, CONFIG,
	 * INBAND_NOTIFICATIONS (asked with REPLY_ACK: a status comes). */
	bad(VHU_SET_PROTOCOL_FEATURES, VHU_VERSION | VHU_FLAG_NEED_REPLY,
	    &(uint64_t){ FX_PROTO_ACK | 1ull << 14 }, 8, NULL, 0, -EINVAL);
	bad_u64(VHU_SET_PROTOCOL_FEATURES, 1ull << 1, -EINVAL);
	bad_u64(VHU_SET_PROTOCOL_FEATURES, 1ull << 9, -EINVAL);
	/* SET_VRING_ENABLE without bit 30; RESET_DEVICE not negotiated. */
	bad_state(VHU_SET_VRING_ENABLE, 0, 1, -EOPNOTSUPP);
	bad(VHU_RESET_DEVICE, VHU_VERSION, NULL, 0, NULL, 0, -EOPNOTSUPP);
	ck_assert_int_eq(fx_u64(VHU_SET_FEATURES, VHU_VERSION, F30), 0);
	bad_state(VHU_SET_VRING_ENABLE, 0, 2, -EINVAL);
}
END_TEST

/* SET_BACKEND_REQ_FD: gated, exactly one fd, a stream socket. */
START_TEST(test_vhu_bad_backend_req_fd)
{
	int sp[2], dg[2], two[2];
	int efd = eventfd(0, EFD_CLOEXEC);
	uint64_t v = 0;

	ck_assert_int_ge(efd, 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sp), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, dg), 0);
	/* Before SET_OWNER. */
	bad(VHU_SET_BACKEND_REQ_FD, VHU_VERSION, NULL, 0, &sp[1], 1, -EPERM);
	ck_assert_int_eq(fx_msg(VHU_SET_OWNER, VHU_VERSION, NULL, 0, NULL, 0),
			 0);
	/* BACKEND_REQ not negotiated (REPLY_ACK is: a status comes). */
	ck_assert_int_eq(fx_u64(VHU_SET_PROTOCOL_FEATURES, VHU_VERSION,
				FX_PROTO_ACK),
			 0);
	bad(VHU_SET_BACKEND_REQ_FD, VHU_VERSION | VHU_FLAG_NEED_REPLY, NULL, 0,
	    &sp[1], 1, -EOPNOTSUPP);
	ck_assert_int_eq(fx_u64(VHU_SET_PROTOCOL_FEATURES, VHU_VERSION,
				FX_PROTO_ACK | 1ull << VHU_PF_BACKEND_REQ),
			 0);
	/* No fd, two fds, a payload. */
	bad(VHU_SET_BACKEND_REQ_FD, VHU_VERSION | VHU_FLAG_NEED_REPLY, NULL, 0,
	    NULL, 0, -EBADMSG);
	two[0] = sp[1];
	two[1] = efd;
	bad(VHU_SET_BACKEND_REQ_FD, VHU_VERSION, NULL, 0, two, 2, -EBADMSG);
	bad(VHU_SET_BACKEND_REQ_FD, VHU_VERSION, &v, 8, &sp[1], 1, -EBADMSG);
	/* not a stream socket (an eventfd, a datagram socket). */
	bad(VHU_SET_BACKEND_REQ_FD, VHU_VERSION | VHU_FLAG_NEED_REPLY, NULL, 0,
	    &efd, 1, -EINVAL);
	bad(VHU_SET_BACKEND_REQ_FD, VHU_VERSION, NULL, 0, &dg[1], 1, -EINVAL);
	/* The right one is taken. */
	ck_assert_int_eq(fx_msg(VHU_SET_BACKEND_REQ_FD, VHU_VERSION, NULL, 0,
				&sp[1], 1),
			 0);
	close(efd);
	close(sp[0]);
	close(sp[1]);
	close(dg[0]);
	close(dg[1]);
}
END_TEST

/* Queue sizes (V-16) and bases. */
START_TEST(test_vhu_bad_num)
{
	ready();
	bad_state(VHU_SET_VRING_NUM, 1, 0, -EINVAL);
	bad_state(VHU_SET_VRING_NUM, 1, 3, -EINVAL);
	bad_state(VHU_SET_VRING_NUM, 1, 96, -EINVAL);
	bad_state(VHU_SET_VRING_NUM, 1, 65536, -EINVAL);
	bad_state(VHU_SET_VRING_NUM, 1, 0x80000000u, -EINVAL);
	/* Above the configured maximum (256). */
	bad_state(VHU_SET_VRING_NUM, 1, 512, -EINVAL);
	bad_state(VHU_SET_VRING_BASE, 1, 0x10000, -EINVAL);
	/* A started queue is frozen. */
	bad_state(VHU_SET_VRING_NUM, 0, 128, -EBUSY);
	bad_state(VHU_SET_VRING_BASE, 0, 1, -EBUSY);
	{
		struct vhu_addr a = fx_ring(0);

		bad_addr(&a, -EBUSY);
	}
	/* Features cannot change under a running queue. */
	bad_u64(VHU_SET_FEATURES, FX_OFFERED, -EBUSY);
}
END_TEST

/* Memory tables: counts, empty, wrapping, overlapping, beyond the file,
 * shrinkable, not memory at all. */
START_TEST(test_vhu_bad_mem_table)
{
	struct vhu_mem mem = { .nregions = 1 };
	int fd = scmi_vio_shm_fd(fx.shm), fds[2] = { fd, fd };
	int unsealed = memfd_create("unsealed", MFD_CLOEXEC), p[2];

	ck_assert_int_eq(ftruncate(unsealed, FX_MEM), 0);
	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	fx_negotiate(FX_PROTO_ACK, FX_OFFERED);
#define REG(i, g, s, u, o) (mem.regions[i] = (struct vhu_region){ g, s, u, o })
#define BAD1(err) \
	bad(VHU_SET_MEM_TABLE, VHU_VERSION, &mem, sizeof(mem), &fd, 1, err)
#define BAD2(err) \
	bad(VHU_SET_MEM_TABLE, VHU_VERSION, &mem, sizeof(mem), fds, 2, err)
	mem.nregions = 0;
	bad(VHU_SET_MEM_TABLE, VHU_VERSION, &mem, sizeof(mem), &fd, 1, -EINVAL);
	mem.nregions = 9;
	BAD1(-EINVAL);
	mem.nregions = 1;
	REG(0, 0, 0, 0, 0);
	BAD1(-EINVAL); /* empty region */
	REG(0, ~0ull - 4095, 8192, 0, 0);
	BAD1(-EOVERFLOW); /* V-11: guest range wraps */
	REG(0, 0, 8192, ~0ull - 4095, 0);
	BAD1(-EOVERFLOW); /* user range wraps */
	REG(0, 0, 8192, 0, ~0ull - 4095);
	BAD1(-EOVERFLOW); /* file range wraps */
	REG(0, 0, FX_MEM, 0, 4096);
	BAD1(-EINVAL); /* one page past the end of the file: SIGBUS bait */
	REG(0, 0, 2ull * FX_MEM, 0, 0);
	BAD1(-EINVAL);
	mem.nregions = 2;
	REG(0, 0, 0x10000, 0, 0);
	REG(1, 0xffff, 0x10000, 0x100000, 0x10000);
	BAD2(-EINVAL); /* guest ranges overlap by a byte */
	REG(1, 0x10000, 0x10000, 0xffff, 0x10000);
	BAD2(-EINVAL); /* user ranges overlap by a byte */
	mem.nregions = 1;
	REG(0, 0, 0x10000, 0, 0);
	/* a file that can still shrink. */
	bad(VHU_SET_MEM_TABLE, VHU_VERSION | VHU_FLAG_NEED_REPLY, &mem,
	    sizeof(mem), &unsealed, 1, -EPERM);
	/* A pipe is not memory (and cannot be sealed). */
	bad(VHU_SET_MEM_TABLE, VHU_VERSION, &mem, sizeof(mem), &p[0], 1,
	    -EPERM);
	close(unsealed);
	close(p[0]);
	close(p[1]);
#undef REG
#undef BAD1
#undef BAD2
}
END_TEST

/* Ring addresses: flags, alignment (V-17), outside memory (V-12), wrap. */
START_TEST(test_vhu_bad_ring)
{
	struct vhu_addr a;

	fx_negotiate(0, FX_OFFERED);
	/* No memory table yet: nothing can hold a ring. */
	a = fx_ring(1);
	bad_addr(&a, -EFAULT);
	ck_assert_int_eq(fx_mem_table(), 0);
	ck_assert_int_eq(fx_state(VHU_SET_VRING_NUM, 1, FX_QSZ), 0);
	a.flags = VHU_VRING_F_LOG;
	bad_addr(&a, -EOPNOTSUPP);
	a.flags = 2;
	bad_addr(&a, -EINVAL);
	a = fx_ring(1);
	a.desc += 8;
	bad_addr(&a, -EINVAL);
	a = fx_ring(1);
	a.avail += 1;
	bad_addr(&a, -EINVAL);
	a = fx_ring(1);
	a.used += 2;
	bad_addr(&a, -EINVAL);
	a = fx_ring(1);
	a.desc = FX_GPA; /* a guest address, not a user one */
	bad_addr(&a, -EFAULT);
	a = fx_ring(1);
	a.used = FX_UVA + FX_MEM - 16; /* the used ring runs off the end */
	bad_addr(&a, -EFAULT);
	a = fx_ring(1);
	a.desc = FX_UVA + FX_MEM - 16 * FX_QSZ + 16;
	bad_addr(&a, -EFAULT);
	a = fx_ring(1);
	a.avail = FX_UVA - 2; /* starts just before the region */
	bad_addr(&a, -EFAULT);
	a = fx_ring(1);
	a.desc = ~0ull - 15;
	bad_addr(&a, -EOVERFLOW);
	/* A size that no longer fits the ring set before. */
	a = fx_ring(1);
	a.used = FX_UVA + FX_MEM - scmi_vio_vring_used_bytes(FX_QSZ);
	a.used &= ~3ull;
	ck_assert_int_eq(fx_msg(VHU_SET_VRING_ADDR, VHU_VERSION, &a, sizeof(a),
				NULL, 0),
			 0);
	ck_assert_int_eq(fx_state(VHU_SET_VRING_NUM, 1, 64), 0);
	bad_state(VHU_SET_VRING_NUM, 1, 2 * FX_QSZ, -EINVAL);
}
END_TEST

/* Kick and call fds of the wrong kind; a device that refuses. */
START_TEST(test_vhu_bad_fd_kind_and_device)
{
	int memfd = memfd_create("not-a-doorbell", MFD_CLOEXEC);
	uint64_t v = 0;
	struct fx_snap s;
	struct vhu_addr a = fx_ring(1);

	fx_negotiate(FX_PROTO_ACK, FX_OFFERED);
	ck_assert_int_eq(fx_mem_table(), 0);
	bad(VHU_SET_VRING_KICK, VHU_VERSION, &v, 8, &memfd, 1, -EINVAL);
	bad(VHU_SET_VRING_CALL, VHU_VERSION | VHU_FLAG_NEED_REPLY, &v, 8,
	    &memfd, 1, -EINVAL);
	close(memfd);
	/* The device refuses the queue: the kick that would have started it
	 * is refused with its errno and not kept. */
	ck_assert_int_eq(fx_state(VHU_SET_VRING_NUM, 1, FX_QSZ), 0);
	ck_assert_int_eq(fx_msg(VHU_SET_VRING_ADDR, VHU_VERSION, &a, sizeof(a),
				NULL, 0),
			 0);
	fx.start_ret = -ENOSPC;
	fx_snap(&s);
	ck_assert_int_eq(fx_vring_fd(VHU_SET_VRING_KICK, 1, false), -ENOSPC);
	fx_same(&s);
	/* Its -EAGAIN would read as "no message": it comes back -ENOMEM. */
	fx.start_ret = -EAGAIN;
	ck_assert_int_eq(fx_vring_fd(VHU_SET_VRING_KICK, 1, false), -ENOMEM);
	fx_same(&s);
	fx.start_ret = 0;
	ck_assert_int_eq(fx_vring_fd(VHU_SET_VRING_KICK, 1, false), 0);
	ck_assert_int_eq(fx.starts[1], 1);
}
END_TEST

/* Streams that cannot be framed: the connection ends, nothing leaks. */
static void lost(const void *raw, size_t len, const int *fds, unsigned int nfds,
		 bool close_after, int err)
{
	fx_negotiate(FX_PROTO_ACK, FX_OFFERED | F30);
	ck_assert_int_eq(fx_mem_table(), 0);
	fx_start(0);
	ck_assert_int_eq(vhu_fe_send_raw(&fx.fe, raw, len, fds, nfds), 0);
	if (close_after)
		vhu_fe_close(&fx.fe);
	ck_assert_int_eq(scmi_vio_vhost_user_handle(fx.vu, 1000), err);
	ck_assert(!scmi_vio_vhost_user_connected(fx.vu));
	ck_assert_int_eq(fx.stops[0], 1);
	ck_assert_int_eq(fx.resets, 1);
}

START_TEST(test_vhu_lost_oversized)
{
	struct vhu_hdr h = { VHU_SET_MEM_TABLE, VHU_VERSION, 0x10000 };

	lost(&h, sizeof(h), NULL, 0, false, -EMSGSIZE);
}
END_TEST

START_TEST(test_vhu_lost_torn_header)
{
	struct vhu_hdr h = { VHU_SET_OWNER, VHU_VERSION, 0 };

	lost(&h, 6, NULL, 0, true, -ECONNRESET);
}
END_TEST

START_TEST(test_vhu_lost_torn_payload)
{
	struct vhu_hdr h = { VHU_SET_FEATURES, VHU_VERSION, 8 };

	lost(&h, sizeof(h), NULL, 0, true, -ECONNRESET);
}
END_TEST

/* Half a message with an fd, then silence: the timeout (200 ms here). */
START_TEST(test_vhu_lost_stalled)
{
	int efd = eventfd(0, EFD_CLOEXEC);
	struct vhu_hdr h = { VHU_SET_VRING_CALL, VHU_VERSION, 8 };
	char torn[sizeof(h) + 4] = { 0 };

	/* The header says 8 bytes; 4 come, with the fd. */
	memcpy(torn, &h, sizeof(h));
	lost(torn, sizeof(torn), &efd, 1, false, -ETIMEDOUT);
	close(efd);
}
END_TEST

/* A front-end that asks, then goes before the answer (no SIGPIPE death,
 * as X-3 asks of doorbells): the reply fails, the connection ends. */
START_TEST(test_vhu_lost_reply_epipe)
{
	fx_negotiate(FX_PROTO_ACK, FX_OFFERED | F30);
	ck_assert_int_eq(vhu_fe_send(&fx.fe, VHU_GET_FEATURES, VHU_VERSION,
				     NULL, 0, NULL, 0),
			 0);
	vhu_fe_close(&fx.fe);
	ck_assert_int_eq(scmi_vio_vhost_user_handle(fx.vu, 1000), -EPIPE);
	ck_assert(!scmi_vio_vhost_user_connected(fx.vu));
	ck_assert_int_eq(fx.resets, 1);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_vhu_bad_header),
		CHECK_ONCE(test_vhu_bad_shape),
		CHECK_ONCE(test_vhu_bad_index),
		CHECK_ONCE(test_vhu_bad_order_and_features),
		CHECK_ONCE(test_vhu_bad_backend_req_fd),
		CHECK_ONCE(test_vhu_bad_num),
		CHECK_ONCE(test_vhu_bad_mem_table),
		CHECK_ONCE(test_vhu_bad_ring),
		CHECK_ONCE(test_vhu_bad_fd_kind_and_device),
		CHECK_ONCE(test_vhu_lost_oversized),
		CHECK_ONCE(test_vhu_lost_torn_header),
		CHECK_ONCE(test_vhu_lost_torn_payload),
		CHECK_ONCE(test_vhu_lost_stalled),
		CHECK_ONCE(test_vhu_lost_reply_epipe),
		{ NULL, 0, 0 },
	};

	return fx_main("vhost_user_bad", 0, tests);
}
