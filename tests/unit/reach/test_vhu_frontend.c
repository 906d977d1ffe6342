// SPDX-License-Identifier: BSD-3-Clause
/*
 * The vhost-user front-end (vhost_user_frontend.h): against this
 * library's backend served by a thread with a trivial device (every
 * command answered SUCCESS with version 2.0), and against a scripted
 * backend that breaks the protocol in one way per test, each of which
 * must give a clear -errno and leave no fd behind.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_raw.h>
#include <scmi_vio/scmi_wire.h>
#include <scmi_vio/vhost_user.h>
#include <scmi_vio/vhost_user_frontend.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/vq_device.h>

#include "base_cmd.h"
#include "check_run.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "vhost_user/msg.h"
#include "vhu_frontend.h"

#define OFFERED                                                           \
	(1ull << SCMI_VIO_F_VERSION_1 | 1ull << SCMI_VIO_F_P2A_CHANNELS | \
	 1ull << SCMI_VIO_F_EVENT_IDX)
#define PROTO_BIT (1ull << SCMI_VIO_VHOST_USER_F_PROTOCOL_FEATURES)

/* A listening socket in a fresh directory, and the thread behind it. */
struct srv {
	struct vhu_listener l;
	pthread_t th;
	int stop; /* sv_*_once: set by the test, read by the thread */
	/* The in-test device, touched by the backend thread only until
	 * the thread is joined. */
	struct scmi_vio_vhost_user *vu;
	struct scmi_vio_vqd *cmdq;
	struct scmi_vio_doorbell *call;
	int starts, stops, resets, served;
	/* Set by the test: pop commands but never answer them; held counts
	 * them (ATOMIC: the test waits for it). */
	int hold, held;
	uint64_t features, protocol; /* every word the backend acked, ORed */
	uint64_t desc_gpa[2];
	/* The scripted backend's misbehaviour (enum below) */
	int how;
	int result; /* scripted: how its recv loop ended */
};

/* Listen, and run @fn (the backend) on a thread. */
static void srv_start(struct srv *s, void *(*fn)(void *))
{
	ck_assert_int_eq(vhu_listen(&s->l, "vhufe"), 0);
	ck_assert_int_eq(pthread_create(&s->th, NULL, fn, s), 0);
}

static int srv_accept(struct srv *s)
{
	struct pollfd p = { .fd = s->l.fd, .events = POLLIN };

	if (poll(&p, 1, 5000) != 1)
		return -1;
	return accept4(s->l.fd, NULL, NULL, SOCK_CLOEXEC);
}

static void srv_join(struct srv *s)
{
	sv_write_once(&s->stop, 1);
	pthread_join(s->th, NULL);
	vhu_unlisten(&s->l);
}

/* --- the in-test device on our backend --- */

static int dev_start(void *arg, unsigned int q,
		     const struct scmi_vio_vhost_user_vring *vr)
{
	struct srv *s = arg;
	struct scmi_vio_vqd_config c = {
		.ring = { vr->num, vr->desc_gpa, vr->avail_gpa, vr->used_gpa },
		.gmem = vr->gmem,
		.features = vr->features,
	};
	int ret = 0;

	s->starts++;
	s->desc_gpa[q] = vr->desc_gpa;
	if (q == 0) {
		ret = scmi_vio_vqd_create(&c, &s->cmdq);
		s->call = vr->call;
	}
	return ret;
}

static void dev_stop(void *arg, unsigned int q, uint16_t *idx)
{
	struct srv *s = arg;

	(void)idx;
	s->stops++;
	if (q == 0) {
		scmi_vio_vqd_destroy(s->cmdq);
		s->cmdq = NULL;
		s->call = NULL;
	}
}

static void dev_update(void *arg, unsigned int q,
		       const struct scmi_vio_vhost_user_vring *vr)
{
	struct srv *s = arg;

	if (q == 0)
		s->call = vr->call;
}

static void dev_reset(void *arg)
{
	((struct srv *)arg)->resets++;
}

static const struct scmi_vio_vhost_user_ops dev_ops = {
	.queue_start = dev_start,
	.queue_stop = dev_stop,
	.queue_update = dev_update,
	.device_reset = dev_reset,
};

/* Every command: its header, SUCCESS, and 0x20000 (version 2.0). */
static void dev_serve(struct srv *s)
{
	struct scmi_vio_chain ch;
	struct iovec iov[4];
	uint32_t rsp[3];

	while (s->cmdq && scmi_vio_vqd_pop(s->cmdq, &ch, iov, 4) == 1) {
		if (sv_read_once(&s->hold)) {
			sv_write_once(&s->held, s->held + 1);
			continue;
		}
		ck_assert_uint_ge(ch.read_bytes, 4);
		ck_assert_uint_eq(ch.n_write, 1);
		ck_assert_uint_ge(ch.write_bytes, sizeof(rsp));
		memcpy(&rsp[0], iov[0].iov_base, 4);
		rsp[1] = 0;
		rsp[2] = 0x20000;
		memcpy(iov[ch.n_read].iov_base, rsp, sizeof(rsp));
		ck_assert_int_eq(
			scmi_vio_vqd_push(s->cmdq, ch.head, sizeof(rsp)), 0);
		s->served++;
		if (scmi_vio_vqd_need_notify(s->cmdq) && s->call)
			(void)scmi_vio_doorbell_ring(s->call);
	}
}

static void *backend_thread(void *arg)
{
	struct srv *s = arg;
	int fd = srv_accept(s);
	uint64_t p;

	if (fd < 0 || scmi_vio_vhost_user_attach(s->vu, fd)) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while (!sv_read_once(&s->stop) &&
	       scmi_vio_vhost_user_connected(s->vu)) {
		/* A refusal or a hang-up shows in what the test sees. */
		(void)scmi_vio_vhost_user_handle(s->vu, 2);
		s->features |= scmi_vio_vhost_user_features_get(s->vu, &p);
		s->protocol |= p;
		dev_serve(s);
	}
	/* Stops the queues (the device's vqd goes) and closes the socket. */
	scmi_vio_vhost_user_disconnect(s->vu);
	return NULL;
}

static void backend_up_max(struct srv *s, uint64_t features,
			   unsigned int max_queue_size)
{
	struct scmi_vio_vhost_user_config c = {
		.features = features,
		.num_queues = 2,
		.max_queue_size = max_queue_size,
		.ops = &dev_ops,
		.arg = s,
	};

	memset(s, 0, sizeof(*s));
	ck_assert_int_eq(scmi_vio_vhost_user_create(&c, &s->vu), 0);
	srv_start(s, backend_thread);
}

static void backend_up(struct srv *s, uint64_t features)
{
	backend_up_max(s, features, 0);
}

static void backend_down(struct srv *s)
{
	srv_join(s);
	scmi_vio_vhost_user_destroy(s->vu);
}

/* PROTOCOL_VERSION of Base: through the client, or raw and polled. */
static void agent_round_trip(struct scmi_vio_vhu_frontend *fe, int irq)
{
	struct scmi_vio_virtio_scmi_config vc = { .irq_mode = irq };
	struct scmi_vio_hdr h = { .protocol = SCMI_VIO_PROTO_BASE, .token = 7 };
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_agent *a = NULL;
	uint16_t major = 0, minor = 0;
	struct scmi_vio_raw_msg rm;
	uint8_t req[4], resp[16];

	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(
				 scmi_vio_vhu_frontend_vdev(fe), &vc, &vs),
			 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(vs, NULL, &a), 0);
	if (irq != SCMI_VIO_IRQ_NONE) {
		ck_assert_int_eq(scmi_vio_protocol_version(a,
							   SCMI_VIO_PROTO_BASE,
							   &major, &minor),
				 0);
		ck_assert_uint_eq(major, 2);
		ck_assert_uint_eq(minor, 0);
	} else {
		sv_put_le32(req, scmi_vio_hdr_pack(&h));
		memset(&rm, 0, sizeof(rm));
		rm.msg = req;
		rm.msg_len = sizeof(req);
		rm.flags = SCMI_VIO_CMD_POLL;
		rm.resp = resp;
		rm.resp_cap = sizeof(resp);
		ck_assert_int_eq(scmi_vio_raw_xfer(a, &rm), 0);
		ck_assert_uint_eq(rm.resp_len, 12);
		ck_assert_mem_eq(resp, req, 4);
		ck_assert_uint_eq(sv_get_le32(resp + 8), 0x20000);
	}
	scmi_vio_agent_destroy(a);
	scmi_vio_virtio_scmi_remove(vs);
}

/* The whole path, with and without bit 30 (and so REPLY_ACK). */
static void round_trip(uint64_t extra, int irq)
{
	struct scmi_vio_vhu_frontend_config c = { 0 };
	struct scmi_vio_vhu_frontend *fe = NULL;
	int fds = vhu_count_fds();
	struct srv s;

	backend_up(&s, OFFERED | extra);
	c.socket_path = s.l.path;
	ck_assert_int_eq(scmi_vio_vhu_frontend_create(&c, &fe), 0);
	agent_round_trip(fe, irq);
	/* Probe again on the same connection: reset then start anew. */
	agent_round_trip(fe, irq);
	scmi_vio_vhu_frontend_destroy(fe);
	backend_down(&s);
	/* What the frontend negotiated: bit 30 is not a device feature. */
	ck_assert_uint_eq(s.features, OFFERED | extra);
	ck_assert_uint_eq(s.protocol, 1ull << VHU_PF_REPLY_ACK |
					      1ull << VHU_PF_RESET_DEVICE);
	ck_assert_int_eq(s.starts, 4);
	ck_assert_int_eq(s.stops, 4);
	ck_assert_int_ge(s.served, 2);
	ck_assert_int_eq(vhu_count_fds(), fds);
}

/* By interrupt (eventfd), and polled with no interrupt at all. */
static const int irq_modes[] = { SCMI_VIO_IRQ_EVENTFD, SCMI_VIO_IRQ_NONE };

START_TEST(test_fe_round_trip)
{
	round_trip(0, irq_modes[_i]);
}
END_TEST

/* The front-end, the transport and an agent, on @s's backend. */
struct stack {
	struct scmi_vio_vhu_frontend *fe;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
};

static void stack_up(struct stack *st, struct srv *s, unsigned int reply_ms,
		     int irq, unsigned int agent_reply_ms)
{
	struct scmi_vio_vhu_frontend_config c = {
		.socket_path = s->l.path,
		.reply_timeout_ms = reply_ms,
	};
	struct scmi_vio_virtio_scmi_config vc = { .irq_mode = irq };
	struct scmi_vio_agent_config ac = { .reply_timeout_ms =
						    agent_reply_ms };

	memset(st, 0, sizeof(*st));
	ck_assert_int_eq(scmi_vio_vhu_frontend_create(&c, &st->fe), 0);
	ck_assert_int_eq(
		scmi_vio_virtio_scmi_probe(scmi_vio_vhu_frontend_vdev(st->fe),
					   &vc, &st->vs),
		0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(st->vs, &ac, &st->a),
			 0);
}

static void stack_down(struct stack *st)
{
	scmi_vio_agent_destroy(st->a);
	scmi_vio_virtio_scmi_remove(st->vs);
	scmi_vio_vhu_frontend_destroy(st->fe);
}

/* A backend that goes away under a running transport: commands fail,
 * remove() and destroy() return, nothing leaks. */
START_TEST(test_fe_backend_disconnects)
{
	int fds = vhu_count_fds();
	uint16_t major, minor;
	struct stack st;
	struct srv s;

	backend_up(&s, OFFERED);
	stack_up(&st, &s, 300, SCMI_VIO_IRQ_EVENTFD, 300);
	ck_assert_int_eq(scmi_vio_protocol_version(st.a, SCMI_VIO_PROTO_BASE,
						   &major, &minor),
			 0);
	backend_down(&s);
	ck_assert_int_lt(scmi_vio_protocol_version(st.a, SCMI_VIO_PROTO_BASE,
						   &major, &minor),
			 0);
	stack_down(&st);
	ck_assert_int_eq(vhu_count_fds(), fds);
}
END_TEST

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The backend hangs up while the device holds a command: that command and
 * every later one fail with -ECONNRESET at once (the frontend's watch on
 * its socket), not after the 10 s reply timeout.  _i: 0 interrupts
 * (eventfd), 1 polled without interrupts.
 */
START_TEST(test_fe_backend_gone_fails_promptly)
{
	struct scmi_vio_virtio_scmi_config vc = { .irq_mode = irq_modes[_i] };
	struct base_cmd_thread ct = { .polled = _i == 1 };
	struct scmi_vio_virtio_scmi *vs = (void *)1;
	int fds = vhu_count_fds(), i;
	struct stack st;
	int64_t t0;
	struct srv s;

	backend_up(&s, OFFERED);
	sv_write_once(&s.hold, 1);
	stack_up(&st, &s, 0, irq_modes[_i], 10000);
	ct.a = st.a;
	ck_assert_int_eq(pthread_create(&ct.th, NULL, base_cmd_main, &ct), 0);
	for (i = 0; !sv_read_once(&s.held); i++) {
		ck_assert_int_lt(i, 500);
		usleep(10000);
	}
	t0 = now_ms();
	backend_down(&s);
	pthread_join(ct.th, NULL);
	ck_assert_int_eq(ct.ret, -ECONNRESET);
	ck_assert_int_lt(now_ms() - t0, 2000);
	/* Later commands fail the same way, without waiting. */
	ck_assert_int_eq(base_cmd(ct.a, ct.polled, 0), -ECONNRESET);
	ck_assert_int_eq(base_cmd(ct.a, !ct.polled, 0), -ECONNRESET);
	ck_assert_int_lt(now_ms() - t0, 2000);
	/* The device stays lost: a transport probed on it again cannot
	 * start it (vhost_user_frontend.h). */
	scmi_vio_agent_destroy(st.a);
	scmi_vio_virtio_scmi_remove(st.vs);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(
				 scmi_vio_vhu_frontend_vdev(st.fe), &vc, &vs),
			 -ENOTCONN);
	ck_assert_ptr_null(vs);
	scmi_vio_vhu_frontend_destroy(st.fe);
	ck_assert_int_eq(vhu_count_fds(), fds);
}
END_TEST

/* The backend refuses a ring (larger than it allows): probe fails with its
 * errno, nothing was started, and the frontend still works. */
START_TEST(test_fe_backend_refuses_ring)
{
	struct scmi_vio_vhu_frontend_config c = { .queue_num = 64 };
	struct scmi_vio_virtio_scmi_config vc = {
		.irq_mode = SCMI_VIO_IRQ_EVENTFD
	};
	struct scmi_vio_vhu_frontend *fe = NULL;
	struct scmi_vio_virtio_scmi *vs = NULL;
	int fds = vhu_count_fds();
	struct srv s;

	backend_up_max(&s, OFFERED, 32);
	c.socket_path = s.l.path;
	ck_assert_int_eq(scmi_vio_vhu_frontend_create(&c, &fe), 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(
				 scmi_vio_vhu_frontend_vdev(fe), &vc, &vs),
			 -EINVAL);
	ck_assert_ptr_null(vs);
	scmi_vio_vhu_frontend_destroy(fe);
	backend_down(&s);
	ck_assert_int_eq(s.starts, 0);
	ck_assert_int_eq(vhu_count_fds(), fds);
}
END_TEST

/* start() with no queue is refused: it would run the backend watch with
 * nothing started, and a second start() would then start a second watch
 * that reset() never joins.  The frontend stays usable. */
START_TEST(test_fe_start_no_queue)
{
	struct scmi_vio_vhu_frontend_config c = { 0 };
	const struct scmi_vio_vdev *vd;
	struct scmi_vio_doorbell *irq;
	struct scmi_vio_vhu_frontend *fe;
	int fds = vhu_count_fds();
	struct srv s;

	backend_up(&s, OFFERED);
	c.socket_path = s.l.path;
	ck_assert_int_eq(scmi_vio_vhu_frontend_create(&c, &fe), 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(-1, &irq), 0);
	vd = scmi_vio_vhu_frontend_vdev(fe);
	ck_assert_int_eq(vd->ops->start(vd->ctx, 0, NULL, 0, irq), -EINVAL);
	ck_assert_int_eq(vd->ops->start(vd->ctx, 0, NULL, 0, irq), -EINVAL);
	ck_assert_int_eq(vd->ops->lost(vd->ctx), 0);
	vd->ops->reset(vd->ctx);
	scmi_vio_vhu_frontend_destroy(fe);
	scmi_vio_doorbell_destroy(irq);
	backend_down(&s);
	ck_assert_int_eq(s.starts, 0);
	ck_assert_int_eq(vhu_count_fds(), fds);
}
END_TEST

/* --- a scripted, hostile backend --- */

enum how {
	GOOD,
	FEAT_SHORT, /* GET_FEATURES answered with 4 bytes */
	FEAT_WRONG_REQ, /* ... as if it answered GET_PROTOCOL_FEATURES */
	FEAT_NO_REPLY_FLAG, /* ... without the REPLY flag */
	FEAT_WITH_FD, /* ... with an fd attached */
	FEAT_HUGE, /* ... announcing more than any reply holds */
	FEAT_SILENT, /* ... never */
	FEAT_NO_V1, /* offers no VERSION_1 */
	MEM_HANGUP, /* hangs up on SET_MEM_TABLE */
	MEM_NACK, /* refuses SET_MEM_TABLE with EPERM */
	ACK_WRONG_REQ, /* acks SET_FEATURES as another request */
	STRAY, /* once the queues run, a message nobody asked for */
};

static int send_raw(int fd, uint32_t req, uint32_t flags, const void *p,
		    uint32_t size, int pass_fd)
{
	struct vhu_hdr h = { req, flags, size };

	return scmi_vio__vhu_send(fd, &h, p, &pass_fd, pass_fd >= 0 ? 1 : 0,
				  1000);
}

static void script(struct srv *s, int fd, struct vhu_msg *m)
{
	const uint32_t rf = VHU_VERSION | VHU_FLAG_REPLY;
	uint64_t v = 0;
	uint32_t req = m->hdr.request;
	int efd;

	if (req == VHU_GET_FEATURES) {
		v = OFFERED | PROTO_BIT;
		switch (s->how) {
		case FEAT_SHORT:
			send_raw(fd, req, rf, &v, 4, -1);
			return;
		case FEAT_WRONG_REQ:
			send_raw(fd, VHU_GET_PROTOCOL_FEATURES, rf, &v, 8, -1);
			return;
		case FEAT_NO_REPLY_FLAG:
			send_raw(fd, req, VHU_VERSION, &v, 8, -1);
			return;
		case FEAT_WITH_FD:
			efd = dup(fd);
			send_raw(fd, req, rf, &v, 8, efd);
			close(efd);
			return;
		case FEAT_HUGE: {
			/* The header alone: the frontend must stop there. */
			struct vhu_hdr h = { req, rf, 0x10000 };

			(void)!send(fd, &h, sizeof(h), MSG_NOSIGNAL);
			return;
		}
		case FEAT_SILENT:
			return;
		case FEAT_NO_V1:
			v &= ~(1ull << SCMI_VIO_F_VERSION_1);
			break;
		}
		send_raw(fd, req, rf, &v, 8, -1);
		return;
	}
	if (req == VHU_GET_PROTOCOL_FEATURES) {
		v = 1ull << VHU_PF_REPLY_ACK;
		send_raw(fd, req, rf, &v, 8, -1);
		return;
	}
	if (req == VHU_SET_MEM_TABLE && s->how == MEM_HANGUP) {
		shutdown(fd, SHUT_RDWR);
		return;
	}
	if (!(m->hdr.flags & VHU_FLAG_NEED_REPLY))
		return;
	if (req == VHU_SET_MEM_TABLE && s->how == MEM_NACK)
		v = EPERM;
	if (req == VHU_SET_FEATURES && s->how == ACK_WRONG_REQ)
		req = VHU_SET_OWNER;
	send_raw(fd, req, rf, &v, 8, -1);
	/* The eventq enabled is start()'s last message. */
	if (req == VHU_SET_VRING_ENABLE && m->p.state.index == 1 &&
	    s->how == STRAY) {
		(void)poll(NULL, 0, 50);
		send_raw(fd, VHU_GET_FEATURES, rf, &v, 8, -1);
	}
}

static void *scripted_thread(void *arg)
{
	struct srv *s = arg;
	struct vhu_msg m;
	int fd = srv_accept(s);

	if (fd < 0)
		return NULL;
	while (!sv_read_once(&s->stop)) {
		s->result = scmi_vio__vhu_recv(fd, &m, 10, 1000);
		if (s->result == -EAGAIN)
			continue;
		if (s->result)
			break;
		scmi_vio__vhu_close_fds(&m);
		script(s, fd, &m);
	}
	close(fd);
	return NULL;
}

static int scripted(int how)
{
	struct scmi_vio_vhu_frontend_config c = { .reply_timeout_ms = 200 };
	struct scmi_vio_vhu_frontend *fe = (void *)1;
	int fds = vhu_count_fds(), ret;
	struct srv s;

	memset(&s, 0, sizeof(s));
	s.how = how;
	srv_start(&s, scripted_thread);
	c.socket_path = s.l.path;
	ret = scmi_vio_vhu_frontend_create(&c, &fe);
	if (ret)
		ck_assert_ptr_null(fe);
	scmi_vio_vhu_frontend_destroy(fe);
	srv_join(&s);
	ck_assert_int_eq(vhu_count_fds(), fds);
	return ret;
}

/* Each misbehaviour, and the errno create() fails with. */
static const struct {
	int how;
	int err;
} scripted_cases[] = {
	{ GOOD, 0 },
	{ FEAT_SHORT, -EBADMSG }, /* a reply of the wrong size */
	{ FEAT_WRONG_REQ, -EPROTO }, /* for another request */
	{ ACK_WRONG_REQ, -EPROTO },
	{ FEAT_NO_REPLY_FLAG, -EPROTO }, /* wrong flags */
	/* The fd it slipped in is closed: the fd count checks it. */
	{ FEAT_WITH_FD, -EBADMSG },
	{ FEAT_HUGE, -EBADMSG },
	/* A backend that never answers holds us one reply timeout
	 * (bounded, as X-4 asks of any other process we depend on). */
	{ FEAT_SILENT, -ETIMEDOUT },
	{ FEAT_NO_V1, -ENODEV },
	{ MEM_HANGUP, -ECONNRESET }, /* a disconnect mid-setup */
	{ MEM_NACK, -EPERM }, /* the backend refuses */
};

START_TEST(test_fe_scripted)
{
	ck_assert_int_eq(scripted(scripted_cases[_i].how),
			 scripted_cases[_i].err);
}
END_TEST

/* Bytes nobody asked for while the queues run: the stream cannot be
 * framed any more, so the device is lost, and a command waiting for a
 * reply that cannot come fails at once with -ECONNABORTED (not -EPROTO,
 * which on a command path is one bad reply). */
START_TEST(test_fe_backend_stray_bytes)
{
	int fds = vhu_count_fds();
	struct stack st;
	int64_t t0;
	struct srv s;

	memset(&s, 0, sizeof(s));
	s.how = STRAY;
	srv_start(&s, scripted_thread);
	stack_up(&st, &s, 0, SCMI_VIO_IRQ_EVENTFD, 10000);
	t0 = now_ms();
	ck_assert_int_eq(base_cmd(st.a, false, 0), -ECONNABORTED);
	ck_assert_int_lt(now_ms() - t0, 2000);
	stack_down(&st);
	srv_join(&s);
	ck_assert_int_eq(vhu_count_fds(), fds);
}
END_TEST

START_TEST(test_fe_connect_missing)
{
	struct scmi_vio_vhu_frontend_config c = {
		.socket_path = "/nonexistent/vhufe.sock",
		.connect_timeout_ms = 30,
	};
	struct scmi_vio_vhu_frontend *fe = (void *)1;
	int fds = vhu_count_fds();

	ck_assert_int_eq(scmi_vio_vhu_frontend_create(&c, &fe), -ENOENT);
	ck_assert_ptr_null(fe);
	c.socket_path = NULL;
	ck_assert_int_eq(scmi_vio_vhu_frontend_create(&c, &fe), -EINVAL);
	ck_assert_int_eq(vhu_count_fds(), fds);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_fe_round_trip, 0, 2),
		CHECK_ONCE(test_fe_backend_disconnects),
		CHECK_LOOP(test_fe_backend_gone_fails_promptly, 0, 2),
		CHECK_ONCE(test_fe_backend_refuses_ring),
		CHECK_ONCE(test_fe_start_no_queue),
		CHECK_LOOP(test_fe_scripted, 0,
			   (int)(sizeof(scripted_cases) /
				 sizeof(scripted_cases[0]))),
		CHECK_ONCE(test_fe_backend_stray_bytes),
		CHECK_ONCE(test_fe_connect_missing),
		{ NULL, 0, 0 },
	};

	return check_run(check_suite_loops("vhu_frontend", "core", 0, tests));
}
