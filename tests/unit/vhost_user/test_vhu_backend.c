// SPDX-License-Identifier: BSD-3-Clause
/*
 * vhost-user back-end, well-formed sessions: the sequence User-Mode Linux's
 * virtio_uml sends, QEMU-style regions at mmap offsets, GET_VRING_BASE,
 * memory swaps under running queues, RESET_DEVICE, disconnect and
 * reconnect.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <stddef.h>
#include <unistd.h>

#include <scmi_vio/vring.h>

#include "check_run.h"
#include "vhu_fixture.h"

#define F30 (1ull << SCMI_VIO_VHOST_USER_F_PROTOCOL_FEATURES)

/* Has the peer of @fd closed its end (end of file, nothing to read)? */
static bool chan_closed(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char c;

	if (poll(&p, 1, 0) != 1)
		return false;
	return recv(fd, &c, 1, MSG_DONTWAIT) == 0;
}

START_TEST(test_vhu_uml_sequence)
{
	char *host = scmi_vio_shm_host(fx.shm);
	uint64_t feat, pf, uml_pf;
	unsigned int q;
	int chan[2];

	ck_assert_int_eq(fx_msg(VHU_SET_OWNER, VHU_VERSION, NULL, 0, NULL, 0),
			 0);
	feat = fx_get_u64(VHU_GET_FEATURES);
	ck_assert_uint_eq(feat, FX_OFFERED | F30);
	pf = fx_get_u64(VHU_GET_PROTOCOL_FEATURES);
	ck_assert_uint_eq(pf, (1ull << VHU_PF_MQ) | FX_PROTO_ACK |
				      (1ull << VHU_PF_BACKEND_REQ) |
				      (1ull << VHU_PF_RESET_DEVICE));
	/* UML keeps what it supports: REPLY_ACK, SLAVE_REQ (5), CONFIG (9),
	 * INBAND_NOTIFICATIONS (14); REPLY_ACK and SLAVE_REQ are offered
	 * (UML 6.12 allocates its interrupt only with SLAVE_REQ). */
	uml_pf = pf & (FX_PROTO_ACK | 1ull << 5 | 1ull << 9 | 1ull << 14);
	ck_assert_uint_eq(uml_pf, FX_PROTO_ACK | 1ull << VHU_PF_BACKEND_REQ);
	/* It asks for an ack already (its protocol word is set first). */
	ck_assert_int_eq(fx_u64(VHU_SET_PROTOCOL_FEATURES,
				VHU_VERSION | VHU_FLAG_NEED_REPLY, uml_pf),
			 0);
	ck_assert_int_eq(fx_ack(), 0);
	/* Then its end of the back-end channel, which must be taken. */
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, chan), 0);
	ck_assert_int_eq(fx_msg(VHU_SET_BACKEND_REQ_FD,
				VHU_VERSION | VHU_FLAG_NEED_REPLY, NULL, 0,
				&chan[1], 1),
			 0);
	ck_assert_int_eq(fx_ack(), 0);
	close(chan[1]);
	ck_assert(!chan_closed(chan[0]));
	ck_assert_int_eq(fx_u64(VHU_SET_FEATURES,
				VHU_VERSION | VHU_FLAG_NEED_REPLY,
				FX_OFFERED | F30),
			 0);
	ck_assert_int_eq(fx_ack(), 0);
	/* Bit 30 is vhost-user's, never the device's. */
	ck_assert_uint_eq(scmi_vio_vhost_user_features_get(fx.vu, &pf),
			  FX_OFFERED);
	ck_assert_uint_eq(pf, uml_pf);
	ck_assert_int_eq(fx_mem_table(), 0);
	for (q = 0; q < FX_NQ; q++) {
		fx_start(q);
		ck_assert_int_eq(fx.starts[q], 1);
		/* Started disabled (bit 30), enabled by SET_VRING_ENABLE. */
		ck_assert(!fx.at_start[q].enabled);
		ck_assert_int_eq(fx.updates[q], 1);
		ck_assert(fx.seen[q].enabled && fx.seen[q].started);
		ck_assert_uint_eq(fx.seen[q].num, FX_QSZ);
		ck_assert_uint_eq(fx.seen[q].features, FX_OFFERED);
		/* User addresses translated to guest-physical ones. */
		ck_assert_uint_eq(fx.seen[q].desc_gpa,
				  FX_GPA + 0x10000ull * (q + 1));
		ck_assert_uint_eq(fx.seen[q].avail_gpa,
				  FX_GPA + 0x10000ull * (q + 1) + 16 * FX_QSZ);
		ck_assert_uint_eq(fx.seen[q].used_gpa,
				  FX_GPA + 0x10000ull * (q + 1) + 0x8000);
		/* The backend's own mapping of the same bytes. */
		host[0x10000 * (q + 1)] = (char)(0x40 + q);
		ck_assert_int_eq(*(char *)scmi_vio_gmem_contig(
					 fx.seen[q].gmem, fx.seen[q].desc_gpa,
					 16, false),
				 0x40 + q);
		ck_assert_ptr_nonnull(fx.seen[q].kick);
		ck_assert_ptr_nonnull(fx.seen[q].call);
		ck_assert_int_eq(scmi_vio_doorbell_kind(fx.seen[q].call),
				 SCMI_VIO_DOORBELL_PIPE);
		ck_assert_int_eq(scmi_vio_doorbell_kind(fx.seen[q].kick),
				 SCMI_VIO_DOORBELL_EVENTFD);
		ck_assert_int_eq(fx_ack(), -1); /* nothing asked: no ack */
	}
	/* Teardown: SET_VRING_ENABLE 0 in reverse, then GET_FEATURES. */
	for (q = FX_NQ; q-- > 0;) {
		ck_assert_int_eq(fx_state(VHU_SET_VRING_ENABLE, q, 0), 0);
		ck_assert(!fx.seen[q].enabled);
	}
	ck_assert_uint_eq(fx_get_u64(VHU_GET_FEATURES), FX_OFFERED | F30);
	ck_assert(!chan_closed(chan[0]));
	close(chan[0]);
}
END_TEST

/*
 * The back-end channel is held while the connection lives, a new one
 * replaces (closes) the old, and disconnecting closes it.
 */
START_TEST(test_vhu_backend_req_lifetime)
{
	int a[2], b[2];

	fx_negotiate(FX_PROTO_ACK | 1ull << VHU_PF_BACKEND_REQ,
		     FX_OFFERED | F30);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, a), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, b), 0);
	ck_assert_int_eq(fx_msg(VHU_SET_BACKEND_REQ_FD, VHU_VERSION, NULL, 0,
				&a[1], 1),
			 0);
	close(a[1]);
	ck_assert(!chan_closed(a[0]));
	ck_assert_int_eq(fx_msg(VHU_SET_BACKEND_REQ_FD, VHU_VERSION, NULL, 0,
				&b[1], 1),
			 0);
	close(b[1]);
	ck_assert(chan_closed(a[0]));
	ck_assert(!chan_closed(b[0]));
	/* A reset of the device is not the end of the session. */
	ck_assert_int_eq(fx_msg(VHU_RESET_OWNER, VHU_VERSION, NULL, 0, NULL, 0),
			 0);
	ck_assert(!chan_closed(b[0]));
	scmi_vio_vhost_user_disconnect(fx.vu);
	ck_assert(chan_closed(b[0]));
	close(a[0]);
	close(b[0]);
	ck_assert_int_eq(vhu_count_fds(), fx.fds_before + 2);
}
END_TEST

/* GET_VRING_BASE stops the queue and answers where the device got to. */
START_TEST(test_vhu_get_vring_base)
{
	struct scmi_vio_vhost_user_vring vr;
	struct vhu_state st = { 1, 0 };
	struct vhu_hdr hdr;
	struct vhu_addr a = fx_ring(1);

	fx_negotiate(FX_PROTO_ACK, FX_OFFERED | F30);
	ck_assert_int_eq(fx_mem_table(), 0);
	/* Not started: the base it was given. */
	ck_assert_int_eq(fx_state(VHU_SET_VRING_BASE, 1, 0xfffe), 0);
	ck_assert_int_eq(fx_msg(VHU_GET_VRING_BASE, VHU_VERSION, &st,
				sizeof(st), NULL, 0),
			 0);
	ck_assert_int_eq(vhu_fe_recv(&fx.fe, &hdr, &st, sizeof(st)), 8);
	ck_assert_uint_eq(hdr.flags, VHU_FLAG_REPLY | VHU_VERSION);
	ck_assert_uint_eq(st.index, 1);
	ck_assert_uint_eq(st.num, 0xfffe);
	ck_assert_int_eq(fx.stops[1], 0);

	fx_start(1);
	ck_assert_uint_eq(fx.seen[1].last_avail_idx, 0);
	fx.stop_idx = 4242;
	st.index = 1;
	ck_assert_int_eq(fx_msg(VHU_GET_VRING_BASE, VHU_VERSION, &st,
				sizeof(st), NULL, 0),
			 0);
	ck_assert_int_eq(vhu_fe_recv(&fx.fe, &hdr, &st, sizeof(st)), 8);
	ck_assert_uint_eq(st.num, 4242);
	ck_assert_int_eq(fx.stops[1], 1);
	ck_assert_int_eq(scmi_vio_vhost_user_vring_get(fx.vu, 1, &vr), 0);
	ck_assert(!vr.started);
	ck_assert_ptr_null(vr.kick);
	/* A kick alone does not restart it: the addresses were forgotten. */
	ck_assert_int_eq(fx_vring_fd(VHU_SET_VRING_KICK, 1, false), 0);
	ck_assert_int_eq(fx.starts[1], 1);
	ck_assert_int_eq(fx_msg(VHU_SET_VRING_ADDR, VHU_VERSION, &a, sizeof(a),
				NULL, 0),
			 0);
	ck_assert_int_eq(fx.starts[1], 2);
	/* It resumes where it stopped. */
	ck_assert_uint_eq(fx.seen[1].last_avail_idx, 4242);
}
END_TEST

/* Two regions of one file at mmap offsets; guest and user bases differ. */
START_TEST(test_vhu_regions_at_offsets)
{
	struct vhu_mem mem = { .nregions = 2 };
	int fds[2] = { scmi_vio_shm_fd(fx.shm), scmi_vio_shm_fd(fx.shm) };
	struct vhu_addr a = { .index = 0 };
	char *host = scmi_vio_shm_host(fx.shm);

	fx_negotiate(0, FX_OFFERED);
	mem.regions[0] = (struct vhu_region){ 0, 0x40000, 0x100000000ull, 0 };
	/* The second half of the file from an offset that is no page
	 * boundary (mmap wants one), at a gpa above 4 GiB. */
	mem.regions[1] = (struct vhu_region){ 0x100000000ull, 0x7fff0,
					      0x200000000ull, 0x80010 };
	ck_assert_int_eq(fx_msg(VHU_SET_MEM_TABLE, VHU_VERSION, &mem,
				offsetof(struct vhu_mem, regions[2]), fds, 2),
			 0);
	a.desc = 0x200000000ull + 0x1000;
	a.avail = 0x200000000ull + 0x2000;
	a.used = 0x100000000ull + 0x3000;
	ck_assert_int_eq(fx_state(VHU_SET_VRING_NUM, 0, 64), 0);
	ck_assert_int_eq(fx_msg(VHU_SET_VRING_ADDR, VHU_VERSION, &a, sizeof(a),
				NULL, 0),
			 0);
	/* Without bit 30 the ring is enabled directly; no fd: polling. */
	ck_assert_int_eq(
		fx_u64(VHU_SET_VRING_KICK, VHU_VERSION, VHU_VRING_NOFD | 0), 0);
	ck_assert_int_eq(fx.starts[0], 1);
	ck_assert(fx.seen[0].enabled);
	ck_assert_ptr_null(fx.seen[0].kick);
	ck_assert_ptr_null(fx.seen[0].call);
	ck_assert_uint_eq(fx.seen[0].desc_gpa, 0x100000000ull + 0x1000);
	ck_assert_uint_eq(fx.seen[0].used_gpa, 0x3000);
	/* The same bytes through the backend's own mapping. */
	host[0x80010 + 0x1000] = 0x5a;
	host[0x3000] = 0x3c;
	ck_assert_int_eq(*(char *)scmi_vio_gmem_contig(fx.seen[0].gmem,
						       fx.seen[0].desc_gpa, 16,
						       false),
			 0x5a);
	ck_assert_int_eq(*(char *)scmi_vio_gmem_contig(
				 fx.seen[0].gmem, fx.seen[0].used_gpa, 4, true),
			 0x3c);
}
END_TEST

/* A new table under a running queue: stopped, swapped, restarted. */
START_TEST(test_vhu_mem_swap_running)
{
	struct scmi_vio_vhost_user_vring vr;
	const struct scmi_vio_gmem *old;

	fx_negotiate(0, FX_OFFERED);
	ck_assert_int_eq(fx_mem_table(), 0);
	fx_start(0);
	old = fx.seen[0].gmem;
	fx.stop_idx = 17;
	ck_assert_int_eq(fx_mem_table(), 0);
	ck_assert_int_eq(fx.stops[0], 1);
	ck_assert_int_eq(fx.starts[0], 2);
	ck_assert_ptr_ne(fx.seen[0].gmem, old);
	ck_assert_uint_eq(fx.seen[0].last_avail_idx, 17);
	ck_assert_int_eq(fx.starts[1], 0);
	/* The device refuses the restart: the table is in place, the queue
	 * stays stopped, and the front-end hears why. */
	fx.start_ret = -ENOSPC;
	ck_assert_int_eq(fx_mem_table(), -ENOSPC);
	ck_assert_int_eq(fx.stops[0], 2);
	ck_assert_int_eq(scmi_vio_vhost_user_vring_get(fx.vu, 0, &vr), 0);
	ck_assert(!vr.started);
	ck_assert_uint_eq(vr.last_avail_idx, 17);
}
END_TEST

/* A new call fd on a running queue reaches the device as an update. */
START_TEST(test_vhu_call_swap_running)
{
	struct scmi_vio_doorbell *old;

	fx_negotiate(0, FX_OFFERED);
	ck_assert_int_eq(fx_mem_table(), 0);
	fx_start(0);
	old = fx.seen[0].call;
	ck_assert_int_eq(fx_vring_fd(VHU_SET_VRING_CALL, 0, false), 0);
	ck_assert_int_eq(fx.updates[0], 1);
	ck_assert_ptr_ne(fx.seen[0].call, old);
	ck_assert_int_eq(scmi_vio_doorbell_kind(fx.seen[0].call),
			 SCMI_VIO_DOORBELL_EVENTFD);
	ck_assert_int_eq(fx.stops[0], 0);
	ck_assert_int_eq(fx_vring_fd(VHU_SET_VRING_ERR, 0, false), 0);
	ck_assert_ptr_nonnull(fx.seen[0].err);
}
END_TEST

START_TEST(test_vhu_reset_device)
{
	struct scmi_vio_vhost_user_vring vr;
	int fds;

	fx_negotiate(1ull << VHU_PF_RESET_DEVICE, FX_OFFERED | F30);
	ck_assert_int_eq(fx_mem_table(), 0);
	fds = vhu_count_fds();
	fx_start(0);
	ck_assert_int_gt(vhu_count_fds(), fds);
	ck_assert_int_eq(
		fx_msg(VHU_RESET_DEVICE, VHU_VERSION, NULL, 0, NULL, 0), 0);
	ck_assert_int_eq(fx.stops[0], 1);
	ck_assert_int_eq(fx.resets, 1);
	/* The kick and call fds are closed, the features forgotten. */
	ck_assert_int_eq(vhu_count_fds(), fds);
	ck_assert_uint_eq(scmi_vio_vhost_user_features_get(fx.vu, NULL), 0);
	ck_assert_int_eq(scmi_vio_vhost_user_vring_get(fx.vu, 0, &vr), 0);
	ck_assert(!vr.started && vr.num == 0 && vr.enabled);
	/* Ownership and memory stay: the queue can be set up again. */
	fx_start(0);
	ck_assert_int_eq(fx.starts[0], 2);
}
END_TEST

/* Mappings of files whose name holds @name (/proc/self/maps). */
static int count_maps(const char *name)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		n += strstr(line, name) != NULL;
	fclose(f);
	return n;
}

/* Disconnect and reconnect without a restart: all state goes, then the
 * same backend serves a new front-end. */
START_TEST(test_vhu_reconnect)
{
	struct scmi_vio_vhost_user_vring vr;
	unsigned int round;

	for (round = 0; round < 3; round++) {
		fx_negotiate(FX_PROTO_ACK, FX_OFFERED | F30);
		ck_assert_int_eq(fx_mem_table(), 0);
		fx_start(0);
		fx_start(1);
		ck_assert_int_eq(count_maps("scmi_vio_guest"), 2);
		/* The front-end goes away: end of file. */
		vhu_fe_close(&fx.fe);
		ck_assert_int_eq(scmi_vio_vhost_user_handle(fx.vu, 1000),
				 -ECONNRESET);
		ck_assert(!scmi_vio_vhost_user_connected(fx.vu));
		ck_assert_int_eq(fx.stops[0], (int)round + 1);
		ck_assert_int_eq(fx.stops[1], (int)round + 1);
		ck_assert_int_eq(fx.resets, (int)round + 1);
		ck_assert_int_eq(scmi_vio_vhost_user_handle(fx.vu, 0),
				 -ENOTCONN);
		ck_assert_int_eq(scmi_vio_vhost_user_vring_get(fx.vu, 0, &vr),
				 0);
		ck_assert(!vr.started && !vr.num);
		ck_assert_uint_eq(scmi_vio_vhost_user_features_get(fx.vu, NULL),
				  0);
		/* Nothing of the session is left open or mapped: only the
		 * fixture's memfd and its one mapping. */
		ck_assert_int_eq(vhu_count_fds(), fx.fds_before + 1);
		ck_assert_int_eq(count_maps("scmi_vio_guest"), 1);
		ck_assert_int_eq(vhu_fe_open(&fx.fe), 0);
		ck_assert_int_eq(scmi_vio_vhost_user_attach(fx.vu, fx.fe.peer),
				 0);
	}
	ck_assert_int_eq(scmi_vio_vhost_user_attach(fx.vu, fx.fe.sock), -EBUSY);
}
END_TEST

/* Memory that can still shrink, accepted only on request. */
START_TEST(test_vhu_x1_unsealed_opt_in)
{
	struct scmi_vio_vhost_user_config cfg = {
		.features = FX_OFFERED,
		.num_queues = 1,
		.flags = SCMI_VIO_VHOST_USER_UNSEALED_MEM,
	};
	struct vhu_mem mem = { .nregions = 1 };
	struct scmi_vio_vhost_user *vu;
	int fd = memfd_create("unsealed", MFD_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 65536), 0);
	mem.regions[0] = (struct vhu_region){ 0, 65536, 0, 0 };
	/* The fixture's backend refuses it. */
	fx_negotiate(0, FX_OFFERED);
	ck_assert_int_eq(fx_msg(VHU_SET_MEM_TABLE, VHU_VERSION, &mem,
				sizeof(mem), &fd, 1),
			 -EPERM);
	/* One that opted in takes it. */
	ck_assert_int_eq(scmi_vio_vhost_user_create(&cfg, &vu), 0);
	scmi_vio_vhost_user_destroy(fx.vu);
	fx.vu = vu;
	vhu_fe_close(&fx.fe);
	ck_assert_int_eq(vhu_fe_open(&fx.fe), 0);
	ck_assert_int_eq(scmi_vio_vhost_user_attach(vu, fx.fe.peer), 0);
	ck_assert_int_eq(fx_msg(VHU_SET_OWNER, VHU_VERSION, NULL, 0, NULL, 0),
			 0);
	ck_assert_int_eq(fx_msg(VHU_SET_MEM_TABLE, VHU_VERSION, &mem,
				sizeof(mem), &fd, 1),
			 0);
	close(fd);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_vhu_uml_sequence),
		CHECK_ONCE(test_vhu_backend_req_lifetime),
		CHECK_ONCE(test_vhu_get_vring_base),
		CHECK_ONCE(test_vhu_regions_at_offsets),
		CHECK_ONCE(test_vhu_mem_swap_running),
		CHECK_ONCE(test_vhu_call_swap_running),
		CHECK_ONCE(test_vhu_reset_device),
		CHECK_ONCE(test_vhu_reconnect),
		CHECK_ONCE(test_vhu_x1_unsealed_opt_in),
		{ NULL, 0, 0 },
	};

	return fx_main("vhost_user", 0, tests);
}
