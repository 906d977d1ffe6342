// SPDX-License-Identifier: BSD-3-Clause
/*
 * The vhost-user front-end (vhost_user_frontend.h): our transport drives a
 * device that another process serves over a vhost-user socket.
 *
 * Framing and the message layouts are the backend's (vhost_user/msg.h);
 * what is ours is the judge of the replies.  A reply is read whole with a
 * bound; it must name the request it answers, carry exactly
 * VERSION | REPLY, the size that request's reply has, and no fds.  Any
 * other reply, a timeout or end of file leaves the stream unframeable, so
 * the socket is closed and every later request fails with -ENOTCONN: the
 * frontend never waits on a stream it cannot trust.
 *
 * A backend that goes away while the queues run: nothing is asked of it
 * then, so the reach layer's watch (reach/watch.h, from start() to
 * reset()) polls the socket.  End of file, a hang-up or a socket error
 * mark the device lost with -ECONNRESET; bytes nobody asked for (the
 * stream can no longer be framed), or a watch that cannot go on (poll()
 * failed), with -ECONNABORTED: we drop the connection.  Not -EPROTO, which
 * on a command path means one bad reply (docs/conventions.md).  Then it
 * rings the transport's interrupt, whose handler asks the vdev's lost op
 * and fails every command waiting for a reply, and every later one, with
 * that errno.  A transport without interrupts asks at each poll.  The
 * watcher never touches the stream: reset() joins it before the next
 * request.
 *
 * Kicks: vhost-user gives each queue its own kick fd, and an eventfd read
 * by two queue watchers would hand each kick to only one of them; the
 * transport has one kick doorbell for both queues.  So each queue gets its
 * own eventfd, and the doorbell the transport rings is an inline one that
 * signals both (a spurious kick is harmless to a device).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/scmi_wire.h>
#include <scmi_vio/shm.h>
#include <scmi_vio/vhost_user.h>
#include <scmi_vio/vhost_user_frontend.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/vring.h>

#include "common/clock.h"
#include "reach/host.h"
#include "reach/watch.h"
#include "vhost_user/msg.h"

#define FE_GPA 0x80000000ull
#define FE_DEFAULT_NUM 64u
#define FE_DEFAULT_REPLY_MS 5000u
#define FE_NQ 2u /* cmdq, eventq */
#define FE_PROTO_BIT (1ull << SCMI_VIO_VHOST_USER_F_PROTOCOL_FEATURES)
/* The virtio features this transport may use of what the backend offers. */
#define FE_DEVICE_FEATURES                                                \
	(1ull << SCMI_VIO_F_VERSION_1 | 1ull << SCMI_VIO_F_P2A_CHANNELS | \
	 1ull << SCMI_VIO_F_EVENT_IDX)

struct scmi_vio_vhu_frontend {
	struct scmi_vio_vdev vdev;
	struct scmi_vio_shm *shm;
	struct scmi_vio_doorbell *kick; /* inline: signals kick_fd[] */
	int kick_fd[FE_NQ]; /* non-blocking eventfds, one per queue */
	/* Protects sock, features, started and the watcher's fields below
	 * (watcher, watching, watch_sock, watch_irq): the transport's hooks
	 * and destroy may come from different threads (L-14). */
	pthread_mutex_t lock;
	int sock; /* -1 once the stream is lost */
	int reply_ms;
	uint64_t offered; /* the backend's virtio features */
	uint64_t features; /* the last SET_FEATURES sent, bit 30 included */
	uint64_t protocol; /* acked protocol features */
	unsigned int started; /* queues started by start() */
	/* The watch on the socket (see the top; reach/watch.h): started
	 * and stopped by start() and reset(), under the lock; its lost
	 * errno is the lost op's answer. */
	struct scmi_vio__watch watch;
};

/* The stream cannot be trusted any more: close it for good. */
static void fe_lost(struct scmi_vio_vhu_frontend *fe)
{
	if (fe->sock >= 0)
		close(fe->sock);
	fe->sock = -1;
}

/*
 * Read and judge the reply to @req: exactly @size payload bytes into @out.
 * Any failure loses the stream.
 */
static int fe_reply(struct scmi_vio_vhu_frontend *fe, uint32_t req, void *out,
		    uint32_t size)
{
	struct vhu_msg m;
	int ret;

	ret = scmi_vio__vhu_recv(fe->sock, &m, fe->reply_ms, fe->reply_ms);
	if (ret == -EAGAIN)
		ret = -ETIMEDOUT; /* no reply started in time */
	if (ret == -EMSGSIZE)
		ret = -EBADMSG;
	if (!ret && m.nfds) {
		scmi_vio__vhu_close_fds(&m);
		ret = -EBADMSG;
	}
	if (!ret && m.fds_lost)
		ret = -EBADMSG;
	if (!ret && (m.hdr.request != req ||
		     m.hdr.flags != (VHU_VERSION | VHU_FLAG_REPLY)))
		ret = -EPROTO;
	if (!ret && m.hdr.size != size)
		ret = -EBADMSG;
	if (ret) {
		fe_lost(fe);
		return ret;
	}
	memcpy(out, m.p.bytes, size);
	return 0;
}

/*
 * Send @req with @size payload bytes and @nfd fds (-1: none); read its
 * reply of @rsize bytes into @rep when @rep is not NULL, else its
 * REPLY_ACK status when negotiated.
 */
static int fe_call(struct scmi_vio_vhu_frontend *fe, uint32_t req,
		   const void *p, uint32_t size, int fd, void *rep,
		   uint32_t rsize)
{
	bool ack = !rep && (fe->protocol >> VHU_PF_REPLY_ACK & 1);
	struct vhu_hdr hdr = { req, VHU_VERSION, size };
	uint64_t status;
	int ret;

	if (fe->sock < 0)
		return -ENOTCONN;
	if (ack)
		hdr.flags |= VHU_FLAG_NEED_REPLY;
	ret = scmi_vio__vhu_send(fe->sock, &hdr, p, &fd, fd >= 0 ? 1 : 0,
				 fe->reply_ms);
	if (ret) {
		fe_lost(fe);
		return ret;
	}
	if (rep)
		return fe_reply(fe, req, rep, rsize);
	if (!ack)
		return 0;
	ret = fe_reply(fe, req, &status, sizeof(status));
	if (ret || !status)
		return ret;
	/* The backend refused: its errno if it is one, the stream is fine. */
	return status < 4096 ? -(int)status : -EIO;
}

static int fe_u64(struct scmi_vio_vhu_frontend *fe, uint32_t req, uint64_t v)
{
	return fe_call(fe, req, &v, sizeof(v), -1, NULL, 0);
}

static int fe_state(struct scmi_vio_vhu_frontend *fe, uint32_t req,
		    uint32_t index, uint32_t num)
{
	struct vhu_state st = { index, num };

	return fe_call(fe, req, &st, sizeof(st), -1, NULL, 0);
}

/* The front-end's address of guest-physical @gpa (inside the window). */
static uint64_t fe_uaddr(const struct scmi_vio_vhu_frontend *fe, uint64_t gpa)
{
	return (uint64_t)(uintptr_t)fe->vdev.mem + (gpa - fe->vdev.gpa);
}

static int fe_start_queue(struct scmi_vio_vhu_frontend *fe, unsigned int q,
			  const struct scmi_vio_vring_gpa *g, int call_fd)
{
	struct vhu_addr a = {
		.index = q,
		.desc = fe_uaddr(fe, g->desc_gpa),
		.avail = fe_uaddr(fe, g->avail_gpa),
		.used = fe_uaddr(fe, g->used_gpa),
	};
	uint64_t call = q | (call_fd < 0 ? VHU_VRING_NOFD : 0);
	int ret;

	ret = fe_call(fe, VHU_SET_VRING_CALL, &call, sizeof(call), call_fd,
		      NULL, 0);
	if (!ret)
		ret = fe_state(fe, VHU_SET_VRING_NUM, q, g->num);
	if (!ret)
		ret = fe_state(fe, VHU_SET_VRING_BASE, q, 0);
	if (!ret)
		ret = fe_call(fe, VHU_SET_VRING_ADDR, &a, sizeof(a), -1, NULL,
			      0);
	if (!ret)
		ret = fe_call(fe, VHU_SET_VRING_KICK, &(uint64_t){ q },
			      sizeof(uint64_t), fe->kick_fd[q], NULL, 0);
	if (!ret && (fe->features & FE_PROTO_BIT))
		ret = fe_state(fe, VHU_SET_VRING_ENABLE, q, 1);
	return ret;
}

/* Why the backend went, from what its socket shows (POLLIN, HUP, ERR). */
static int fe_watch_why(int sock)
{
	char c;
	ssize_t n = recv(sock, &c, 1, MSG_PEEK | MSG_DONTWAIT);

	if (n > 0)
		return -ECONNABORTED; /* bytes nobody asked for */
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return -ECONNRESET; /* end of file, or a socket error */
}

/* End the watch (a no-op when none runs).  Under the lock. */
static void __fe_watch_stop(struct scmi_vio_vhu_frontend *fe)
{
	/* The stream the watcher saw go cannot be asked anything. */
	if (scmi_vio__watch_stop(&fe->watch))
		fe_lost(fe);
}

/* Stop the started queues and reset the device.  Under the lock. */
static void __fe_stop(struct scmi_vio_vhu_frontend *fe)
{
	struct vhu_state st;
	unsigned int q;

	__fe_watch_stop(fe);
	for (q = 0; q < fe->started; q++) {
		st.index = q;
		st.num = 0;
		/* A failure loses the stream: the backend stopped anyway. */
		if (fe_call(fe, VHU_GET_VRING_BASE, &st, sizeof(st), -1, &st,
			    sizeof(st)) == 0 &&
		    st.index != q)
			fe_lost(fe);
	}
	fe->started = 0;
	if (!(fe->protocol >> VHU_PF_RESET_DEVICE & 1))
		return;
	(void)fe_call(fe, VHU_RESET_DEVICE, NULL, 0, -1, NULL, 0);
	/* The device forgot the features (the memory table stays): the
	 * next start() sends them again. */
	fe->features = 0;
}

static int fe_start(void *ctx, uint64_t features,
		    const struct scmi_vio_vring_gpa *q, unsigned int n,
		    struct scmi_vio_doorbell *irq)
{
	struct scmi_vio_vhu_frontend *fe = ctx;
	int irq_fd = irq ? scmi_vio_doorbell_fd(irq) : -1;
	uint64_t want = features | (fe->offered & FE_PROTO_BIT);
	unsigned int i;
	int ret = 0;

	if (irq && irq_fd < 0)
		return -EINVAL; /* an inline interrupt cannot cross processes */
	/* No queue would leave nothing for reset() to stop while the
	 * watcher runs, and a second start() would start a second one. */
	if (!n || n > FE_NQ || (features & ~fe->vdev.features))
		return -EINVAL;
	pthread_mutex_lock(&fe->lock);
	if (fe->started) {
		ret = -EBUSY; /* started twice without a reset */
		goto out;
	}
	if (want != fe->features) {
		ret = fe_u64(fe, VHU_SET_FEATURES, want);
		if (ret)
			goto out;
		fe->features = want;
	}
	for (i = 0; i < n && !ret; i++) {
		ret = fe_start_queue(fe, i, &q[i], irq_fd);
		/* Stop a half-started queue too: GET_VRING_BASE is harmless. */
		fe->started = i + 1;
	}
	/* The watch has its own copy of sock (sock is the lock's). */
	if (!ret)
		ret = scmi_vio__watch_start(&fe->watch, fe->sock, fe_watch_why,
					    irq);
	if (ret)
		__fe_stop(fe);
out:
	pthread_mutex_unlock(&fe->lock);
	return ret;
}

static void fe_reset(void *ctx)
{
	struct scmi_vio_vhu_frontend *fe = ctx;

	pthread_mutex_lock(&fe->lock);
	__fe_stop(fe);
	pthread_mutex_unlock(&fe->lock);
}

static int fe_gone(void *ctx)
{
	struct scmi_vio_vhu_frontend *fe = ctx;

	return scmi_vio__watch_lost(&fe->watch);
}

static const struct scmi_vio_vdev_ops fe_ops = {
	.start = fe_start,
	.reset = fe_reset,
	.lost = fe_gone,
};

/* The transport's kick: every queue's eventfd (a full counter is rung). */
static void fe_kick(void *arg)
{
	struct scmi_vio_vhu_frontend *fe = arg;
	const uint64_t one = 1;
	unsigned int q;

	for (q = 0; q < FE_NQ; q++)
		(void)!write(fe->kick_fd[q], &one, sizeof(one));
}

/* Connect to @path, retrying while it is not there yet or refuses. */
static int fe_connect(const char *path, unsigned int timeout_ms, int *out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int64_t deadline = scmi_vio__now_ms() + timeout_ms;
	int fd, ret;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -EINVAL;
	strcpy(sa.sun_path, path);
	for (;;) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			*out = fd;
			return 0;
		}
		ret = -errno;
		close(fd);
		if (ret != -ENOENT && ret != -ECONNREFUSED && ret != -EAGAIN &&
		    ret != -EINTR)
			return ret;
		if (scmi_vio__now_ms() >= deadline)
			return ret;
		(void)poll(NULL, 0, 10);
	}
}

/* Everything up to the memory table (see create's doc comment). */
static int fe_negotiate(struct scmi_vio_vhu_frontend *fe)
{
	struct vhu_mem mem = { .nregions = 1 };
	uint64_t proto = 0;
	int ret;

	ret = fe_call(fe, VHU_SET_OWNER, NULL, 0, -1, NULL, 0);
	if (!ret)
		ret = fe_call(fe, VHU_GET_FEATURES, NULL, 0, -1, &fe->offered,
			      sizeof(fe->offered));
	if (ret)
		return ret;
	if (!(fe->offered >> SCMI_VIO_F_VERSION_1 & 1))
		return -ENODEV;
	if (fe->offered & FE_PROTO_BIT) {
		ret = fe_call(fe, VHU_GET_PROTOCOL_FEATURES, NULL, 0, -1,
			      &proto, sizeof(proto));
		proto &= 1ull << VHU_PF_REPLY_ACK | 1ull << VHU_PF_RESET_DEVICE;
		if (!ret)
			ret = fe_u64(fe, VHU_SET_PROTOCOL_FEATURES, proto);
		if (ret)
			return ret;
		/* Acks are asked for only once the backend knows of them. */
		fe->protocol = proto;
	}
	fe->vdev.features = fe->offered & FE_DEVICE_FEATURES;
	fe->features = fe->vdev.features | (fe->offered & FE_PROTO_BIT);
	ret = fe_u64(fe, VHU_SET_FEATURES, fe->features);
	if (ret)
		return ret;
	mem.regions[0].gpa = fe->vdev.gpa;
	mem.regions[0].size = fe->vdev.size;
	mem.regions[0].uaddr = fe_uaddr(fe, fe->vdev.gpa);
	mem.regions[0].mmap_offset = 0;
	return fe_call(fe, VHU_SET_MEM_TABLE, &mem,
		       (uint32_t)offsetof(struct vhu_mem, regions[1]),
		       scmi_vio_shm_fd(fe->shm), NULL, 0);
}

int scmi_vio_vhu_frontend_create(const struct scmi_vio_vhu_frontend_config *cfg,
				 struct scmi_vio_vhu_frontend **out)
{
	struct scmi_vio_vhu_frontend *fe;
	unsigned int num, q;
	size_t payload, size;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!cfg || !cfg->socket_path)
		return -EINVAL;
	num = cfg->queue_num ? cfg->queue_num : FE_DEFAULT_NUM;
	payload = cfg->max_payload ? cfg->max_payload :
				     SCMI_VIO_DEFAULT_MAX_PAYLOAD;
	size = scmi_vio__host_window_pages(num, payload);
	if (!size || cfg->reply_timeout_ms > INT32_MAX)
		return -EINVAL;
	fe = calloc(1, sizeof(*fe));
	if (!fe)
		return -ENOMEM;
	fe->sock = -1;
	for (q = 0; q < FE_NQ; q++)
		fe->kick_fd[q] = -1;
	fe->reply_ms = cfg->reply_timeout_ms ? (int)cfg->reply_timeout_ms :
					       (int)FE_DEFAULT_REPLY_MS;
	ret = -pthread_mutex_init(&fe->lock, NULL);
	if (ret) {
		free(fe);
		return ret;
	}
	ret = scmi_vio_shm_create(size, &fe->shm);
	if (ret)
		goto fail;
	for (q = 0; q < FE_NQ; q++) {
		fe->kick_fd[q] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (fe->kick_fd[q] < 0) {
			ret = -errno;
			goto fail;
		}
	}
	ret = scmi_vio_doorbell_inline_create(fe_kick, fe, &fe->kick);
	if (ret)
		goto fail;
	fe->vdev.queue_num = num;
	fe->vdev.mem = scmi_vio_shm_host(fe->shm);
	fe->vdev.gpa = FE_GPA;
	fe->vdev.size = size;
	fe->vdev.kick = fe->kick;
	fe->vdev.ops = &fe_ops;
	fe->vdev.ctx = fe;
	ret = fe_connect(cfg->socket_path, cfg->connect_timeout_ms, &fe->sock);
	if (!ret)
		ret = fe_negotiate(fe);
	if (ret)
		goto fail;
	*out = fe;
	return 0;
fail:
	scmi_vio_vhu_frontend_destroy(fe);
	return ret;
}

void scmi_vio_vhu_frontend_destroy(struct scmi_vio_vhu_frontend *fe)
{
	unsigned int q;

	if (!fe)
		return;
	fe_reset(fe);
	fe_lost(fe);
	for (q = 0; q < FE_NQ; q++)
		if (fe->kick_fd[q] >= 0)
			close(fe->kick_fd[q]);
	scmi_vio_doorbell_destroy(fe->kick);
	scmi_vio_shm_destroy(fe->shm);
	pthread_mutex_destroy(&fe->lock);
	free(fe);
}

const struct scmi_vio_vdev *
scmi_vio_vhu_frontend_vdev(struct scmi_vio_vhu_frontend *fe)
{
	return &fe->vdev;
}
