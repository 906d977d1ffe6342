// SPDX-License-Identifier: BSD-3-Clause
/*
 * vhost-user back-end: the state machine behind vhost_user.h.
 *
 * Theory of operation.  handle() receives one message (msg.c), judges its
 * header, its shape (payload size and fd count per request), who may send
 * it (SET_OWNER first) and which negotiated feature gates it, and only
 * then the request's own values.  A request changes state only once every
 * check passed; where applying it needs the device (queue_start) and the
 * device refuses, the change is undone.  So a refused message leaves
 * everything as it was, and every fd it carried that nothing took is
 * closed before handle() returns.
 *
 * A queue is started when the memory table, its size, its addresses and
 * its kick are all known (whichever message comes last starts it); while
 * started its size, base and addresses are frozen (-EBUSY) and a new
 * memory table is accepted only if its rings still fit, the device being
 * stopped and restarted around the swap so it never touches an unmapped
 * page.  GET_VRING_BASE stops it and forgets its addresses and kick.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scmi_vio/vhost_user.h>
#include <scmi_vio/vring.h>

#include "vhost_user/mem.h"
#include "vhost_user/msg.h"
#include "vhost_user/refused.h"

#define F_PROTOCOL (1ull << SCMI_VIO_VHOST_USER_F_PROTOCOL_FEATURES)
#define F_LOG_ALL (1ull << 26) /* VHOST_F_LOG_ALL: dirty logging */
/* BACKEND_REQ only so front-ends that need the channel (User-Mode Linux
 * 6.12 allocates its interrupt only then) get one; nothing is sent on it. */
#define OFFERED_PROTOCOL                                    \
	((1ull << VHU_PF_MQ) | (1ull << VHU_PF_REPLY_ACK) | \
	 (1ull << VHU_PF_BACKEND_REQ) | (1ull << VHU_PF_RESET_DEVICE))
#define DEFAULT_TIMEOUT_MS 5000

/* A doorbell over an fd the front-end sent; both ours. */
struct fdbell {
	int fd; /* -1: none */
	struct scmi_vio_doorbell *db;
};

struct vq {
	unsigned int num; /* 0: not set */
	uint16_t base; /* last_avail_idx */
	bool addr_set;
	bool kick_set; /* a kick fd, or "no fd" (polling) */
	bool enabled;
	bool started;
	struct vhu_addr addr;
	struct fdbell kick, call, err;
	uint64_t gpa[3]; /* desc, avail, used while started */
};

struct scmi_vio_vhost_user {
	struct scmi_vio_vhost_user_config cfg;
	int sock; /* -1: not connected */
	bool owner;
	uint64_t acked; /* virtio features, bit 30 included */
	uint64_t protocol; /* acked protocol features */
	struct vhu_memory mem;
	struct vq *vqs; /* cfg.num_queues */
	int backend_req; /* SET_BACKEND_REQ_FD's socket, -1: none */
	struct vhu_msg msg; /* the message being handled */
	int lost; /* a reply could not be sent: the stream is gone */
	struct vhu_refused refused; /* rate of the "rejected" log lines */
};

static const struct scmi_vio_vhost_user_ops no_ops;

static void fdbell_close(struct fdbell *b)
{
	scmi_vio_doorbell_destroy(b->db);
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
	b->db = NULL;
}

static void vq_init(struct vq *vq, bool enabled)
{
	memset(vq, 0, sizeof(*vq));
	vq->kick.fd = vq->call.fd = vq->err.fd = -1;
	vq->enabled = enabled;
}

static void vq_view(const struct scmi_vio_vhost_user *vu, const struct vq *vq,
		    struct scmi_vio_vhost_user_vring *vr)
{
	memset(vr, 0, sizeof(*vr));
	vr->num = vq->num;
	vr->last_avail_idx = vq->base;
	vr->features = vu->acked & ~F_PROTOCOL;
	vr->enabled = vq->enabled;
	vr->started = vq->started;
	if (!vq->started)
		return;
	vr->desc_gpa = vq->gpa[0];
	vr->avail_gpa = vq->gpa[1];
	vr->used_gpa = vq->gpa[2];
	vr->gmem = vu->mem.gmem;
	vr->kick = vq->kick.db;
	vr->call = vq->call.db;
	vr->err = vq->err.db;
}

static void vq_update(struct scmi_vio_vhost_user *vu, unsigned int q)
{
	struct scmi_vio_vhost_user_vring vr;

	if (!vu->vqs[q].started || !vu->cfg.ops->queue_update)
		return;
	vq_view(vu, &vu->vqs[q], &vr);
	vu->cfg.ops->queue_update(vu->cfg.arg, q, &vr);
}

/* Start @q if everything it needs is there; 0 if started or not ready. */
static int vq_try_start(struct scmi_vio_vhost_user *vu, unsigned int q)
{
	struct scmi_vio_vhost_user_vring vr;
	struct vq *vq = &vu->vqs[q];
	int ret;

	if (vq->started || !vu->mem.n || !vq->num || !vq->addr_set ||
	    !vq->kick_set)
		return 0;
	ret = scmi_vio__vhu_mem_ring(&vu->mem, &vq->addr, vq->num, vq->gpa);
	if (ret)
		return ret;
	vq->started = true;
	vq_view(vu, vq, &vr);
	ret = vu->cfg.ops->queue_start ?
		      vu->cfg.ops->queue_start(vu->cfg.arg, q, &vr) :
		      0;
	if (ret)
		vq->started = false;
	return ret;
}

static void vq_stop(struct scmi_vio_vhost_user *vu, unsigned int q)
{
	struct vq *vq = &vu->vqs[q];

	if (!vq->started)
		return;
	if (vu->cfg.ops->queue_stop)
		vu->cfg.ops->queue_stop(vu->cfg.arg, q, &vq->base);
	vq->started = false;
}

/* Stop @q and forget all it was told (its enabled state restarts). */
static void vq_reset(struct scmi_vio_vhost_user *vu, unsigned int q)
{
	struct vq *vq = &vu->vqs[q];

	vq_stop(vu, q);
	fdbell_close(&vq->kick);
	fdbell_close(&vq->call);
	fdbell_close(&vq->err);
	vq_init(vq, !(vu->acked & F_PROTOCOL));
}

static void reset_device(struct scmi_vio_vhost_user *vu)
{
	unsigned int q;

	for (q = 0; q < vu->cfg.num_queues; q++)
		vq_stop(vu, q);
	vu->acked = 0;
	for (q = 0; q < vu->cfg.num_queues; q++)
		vq_reset(vu, q);
	if (vu->cfg.ops->device_reset)
		vu->cfg.ops->device_reset(vu->cfg.arg);
}

int scmi_vio_vhost_user_create(const struct scmi_vio_vhost_user_config *cfg,
			       struct scmi_vio_vhost_user **out)
{
	const uint64_t never = F_PROTOCOL | F_LOG_ALL |
			       (1ull << SCMI_VIO_F_ACCESS_PLATFORM) |
			       (1ull << SCMI_VIO_F_RING_PACKED);
	struct scmi_vio_vhost_user *vu;
	unsigned int q;

	if (out)
		*out = NULL;
	if (!cfg || !out || (cfg->features & never) || !cfg->num_queues ||
	    cfg->num_queues > SCMI_VIO_VHOST_USER_MAX_QUEUES ||
	    (cfg->max_queue_size &&
	     !scmi_vio_vring_valid_size(cfg->max_queue_size)) ||
	    (cfg->flags & ~SCMI_VIO_VHOST_USER_UNSEALED_MEM))
		return -EINVAL;
	vu = calloc(1, sizeof(*vu));
	if (!vu)
		return -ENOMEM;
	vu->vqs = calloc(cfg->num_queues, sizeof(*vu->vqs));
	if (!vu->vqs) {
		free(vu);
		return -ENOMEM;
	}
	vu->cfg = *cfg;
	if (!vu->cfg.ops)
		vu->cfg.ops = &no_ops;
	if (!vu->cfg.max_queue_size)
		vu->cfg.max_queue_size = SCMI_VIO_VRING_MAX_SIZE;
	if (!vu->cfg.msg_timeout_ms)
		vu->cfg.msg_timeout_ms = DEFAULT_TIMEOUT_MS;
	vu->sock = -1;
	vu->backend_req = -1;
	for (q = 0; q < cfg->num_queues; q++)
		vq_init(&vu->vqs[q], true);
	*out = vu;
	return 0;
}

void scmi_vio_vhost_user_destroy(struct scmi_vio_vhost_user *vu)
{
	if (!vu)
		return;
	scmi_vio_vhost_user_disconnect(vu);
	free(vu->vqs);
	free(vu);
}

/* Is @fd an open stream socket?  0, -EBADF, -EINVAL. */
static int stream_socket(int fd)
{
	int type;
	socklen_t len = sizeof(type);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0)
		return -EBADF;
	if (!S_ISSOCK(st.st_mode) ||
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    type != SOCK_STREAM)
		return -EINVAL;
	return 0;
}

int scmi_vio_vhost_user_attach(struct scmi_vio_vhost_user *vu, int sock)
{
	int ret;

	if (!vu)
		return -EINVAL;
	if (vu->sock >= 0)
		return -EBUSY;
	ret = stream_socket(sock);
	if (ret)
		return ret;
	vu->sock = sock;
	return 0;
}

void scmi_vio_vhost_user_disconnect(struct scmi_vio_vhost_user *vu)
{
	if (!vu || vu->sock < 0)
		return;
	reset_device(vu);
	scmi_vio__vhu_mem_unmap(&vu->mem);
	if (vu->backend_req >= 0)
		close(vu->backend_req);
	vu->backend_req = -1;
	close(vu->sock);
	vu->sock = -1;
	vu->owner = false;
	vu->protocol = 0;
}

bool scmi_vio_vhost_user_connected(const struct scmi_vio_vhost_user *vu)
{
	return vu && vu->sock >= 0;
}

int scmi_vio_vhost_user_vring_get(const struct scmi_vio_vhost_user *vu,
				  unsigned int q,
				  struct scmi_vio_vhost_user_vring *vr)
{
	if (!vu || !vr || q >= vu->cfg.num_queues)
		return -EINVAL;
	vq_view(vu, &vu->vqs[q], vr);
	return 0;
}

uint64_t scmi_vio_vhost_user_features_get(const struct scmi_vio_vhost_user *vu,
					  uint64_t *protocol)
{
	if (protocol)
		*protocol = vu ? vu->protocol : 0;
	return vu ? vu->acked & ~F_PROTOCOL : 0;
}

/* The queue a request names, or NULL. */
static struct vq *queue(struct scmi_vio_vhost_user *vu, uint64_t index)
{
	return index < vu->cfg.num_queues ? &vu->vqs[index] : NULL;
}

/* Reply to the message being handled; a failure loses the stream. */
static int reply(struct scmi_vio_vhost_user *vu, const void *p, uint32_t size)
{
	int ret = scmi_vio__vhu_reply(vu->sock, vu->msg.hdr.request, p, size,
				      (int)vu->cfg.msg_timeout_ms);

	if (ret)
		vu->lost = ret;
	return ret;
}

static int reply_u64(struct scmi_vio_vhost_user *vu, uint64_t v)
{
	return reply(vu, &v, sizeof(v));
}

static int set_features(struct scmi_vio_vhost_user *vu, uint64_t v)
{
	unsigned int q;

	if (v & ~(vu->cfg.features | F_PROTOCOL))
		return -EINVAL;
	if (v == vu->acked)
		return 0;
	for (q = 0; q < vu->cfg.num_queues; q++)
		if (vu->vqs[q].started)
			return -EBUSY;
	vu->acked = v;
	/* Rings start enabled unless bit 30 was negotiated ("Ring states"). */
	for (q = 0; q < vu->cfg.num_queues; q++)
		vu->vqs[q].enabled = !(v & F_PROTOCOL);
	return 0;
}

/* RESET_OWNER is deprecated; the spec recommends disabling every ring. */
static int reset_owner(struct scmi_vio_vhost_user *vu)
{
	unsigned int q;

	for (q = 0; q < vu->cfg.num_queues; q++) {
		if (!vu->vqs[q].enabled)
			continue;
		vu->vqs[q].enabled = false;
		vq_update(vu, q);
	}
	return 0;
}

static int set_mem_table(struct scmi_vio_vhost_user *vu)
{
	bool restart[SCMI_VIO_VHOST_USER_MAX_QUEUES];
	struct vhu_memory mem, old;
	unsigned int q;
	uint64_t gpa[3];
	int ret;

	ret = scmi_vio__vhu_mem_map(
		&vu->msg,
		vu->cfg.flags & SCMI_VIO_VHOST_USER_UNSEALED_MEM ?
			SCMI_VIO_SHM_MAP_UNSEALED :
			0,
		&mem);
	if (ret)
		return ret;
	for (q = 0; q < vu->cfg.num_queues; q++) {
		struct vq *vq = &vu->vqs[q];

		if (vq->started && (ret = scmi_vio__vhu_mem_ring(
					    &mem, &vq->addr, vq->num, gpa))) {
			scmi_vio__vhu_mem_unmap(&mem);
			return ret;
		}
	}
	/* The device must not touch the old mapping once it is gone. */
	for (q = 0; q < vu->cfg.num_queues; q++) {
		restart[q] = vu->vqs[q].started;
		vq_stop(vu, q);
	}
	old = vu->mem;
	vu->mem = mem;
	scmi_vio__vhu_mem_unmap(&old);
	ret = 0;
	for (q = 0; q < vu->cfg.num_queues; q++) {
		int r = restart[q] ? vq_try_start(vu, q) : 0;

		if (r && !ret)
			ret = r;
	}
	return ret;
}

static int set_vring_num(struct scmi_vio_vhost_user *vu)
{
	struct vq *vq = queue(vu, vu->msg.p.state.index);
	uint32_t num = vu->msg.p.state.num;
	unsigned int old;
	uint64_t gpa[3];
	int ret;

	if (!vq || !scmi_vio_vring_valid_size(num) ||
	    num > vu->cfg.max_queue_size)
		return -EINVAL;
	if (vq->started)
		return -EBUSY;
	if (vq->addr_set) {
		ret = scmi_vio__vhu_mem_ring(&vu->mem, &vq->addr, num, gpa);
		if (ret)
			return ret;
	}
	old = vq->num;
	vq->num = num;
	ret = vq_try_start(vu, vu->msg.p.state.index);
	if (ret)
		vq->num = old;
	return ret;
}

static int set_vring_addr(struct scmi_vio_vhost_user *vu)
{
	const struct vhu_addr *a = &vu->msg.p.addr;
	struct vq *vq = queue(vu, a->index);
	struct vhu_addr old;
	uint64_t gpa[3];
	bool was;
	int ret;

	if (!vq)
		return -EINVAL;
	/* Dirty logging (VHOST_F_LOG_ALL) is not offered. */
	if (a->flags & VHU_VRING_F_LOG)
		return -EOPNOTSUPP;
	if (a->flags)
		return -EINVAL;
	if (vq->started)
		return -EBUSY;
	/* Before SET_VRING_NUM, at least the first entry must fit. */
	ret = scmi_vio__vhu_mem_ring(&vu->mem, a, vq->num ? vq->num : 1, gpa);
	if (ret)
		return ret;
	old = vq->addr;
	was = vq->addr_set;
	vq->addr = *a;
	vq->addr_set = true;
	ret = vq_try_start(vu, a->index);
	if (ret) {
		vq->addr = old;
		vq->addr_set = was;
	}
	return ret;
}

static int set_vring_base(struct scmi_vio_vhost_user *vu)
{
	struct vq *vq = queue(vu, vu->msg.p.state.index);

	/* Split rings: the base is a 16-bit available index. */
	if (!vq || vu->msg.p.state.num > UINT16_MAX)
		return -EINVAL;
	if (vq->started)
		return -EBUSY;
	vq->base = (uint16_t)vu->msg.p.state.num;
	return 0;
}

static int get_vring_base(struct scmi_vio_vhost_user *vu)
{
	uint32_t index = vu->msg.p.state.index;
	struct vq *vq = queue(vu, index);
	struct vhu_state st;

	if (!vq)
		return -EINVAL;
	vq_stop(vu, index);
	fdbell_close(&vq->kick);
	vq->kick_set = false;
	vq->addr_set = false;
	st.index = index;
	st.num = vq->base;
	return reply(vu, &st, sizeof(st));
}

/* SET_VRING_KICK, _CALL, _ERR: u64 = index | NOFD, and the fd unless NOFD. */
static int set_vring_fd(struct scmi_vio_vhost_user *vu)
{
	struct vhu_msg *m = &vu->msg;
	uint64_t v = m->p.u64;
	struct fdbell nb = { -1, NULL }, ob, *slot;
	struct vq *vq = queue(vu, v & VHU_VRING_IDX_MASK);
	unsigned int q = (unsigned int)(v & VHU_VRING_IDX_MASK);
	bool was_set;
	int ret;

	if (!vq || (v & ~(VHU_VRING_IDX_MASK | VHU_VRING_NOFD)))
		return -EINVAL;
	if ((v & VHU_VRING_NOFD) ? m->nfds != 0 : m->nfds != 1)
		return -EBADMSG;
	if (m->nfds) {
		/* a kind the doorbells cannot use is refused here. */
		ret = scmi_vio_doorbell_fd_create(m->fds[0], &nb.db);
		if (ret)
			return ret;
		nb.fd = m->fds[0];
		m->fds[0] = -1;
	}
	slot = m->hdr.request == VHU_SET_VRING_KICK ? &vq->kick :
	       m->hdr.request == VHU_SET_VRING_CALL ? &vq->call :
						      &vq->err;
	ob = *slot;
	*slot = nb;
	was_set = vq->kick_set;
	if (slot == &vq->kick)
		vq->kick_set = true;
	if (vq->started) {
		vq_update(vu, q);
		ret = 0;
	} else {
		ret = vq_try_start(vu, q);
	}
	if (ret) {
		*slot = ob;
		vq->kick_set = was_set;
		ob = nb;
	}
	fdbell_close(&ob);
	return ret;
}

/*
 * SET_BACKEND_REQ_FD: the front-end's end of the back-end channel.  It is
 * held (closing it would look like a dead back-end to the front-end) until
 * a new one replaces it or the connection ends; nothing is sent on it.
 */
static int set_backend_req_fd(struct scmi_vio_vhost_user *vu)
{
	struct vhu_msg *m = &vu->msg;
	int ret;

	if (!(vu->protocol & (1ull << VHU_PF_BACKEND_REQ)))
		return -EOPNOTSUPP;
	/* the channel is a stream socket, whatever else came. */
	ret = stream_socket(m->fds[0]);
	if (ret)
		return -EINVAL;
	if (vu->backend_req >= 0)
		close(vu->backend_req);
	vu->backend_req = m->fds[0];
	m->fds[0] = -1;
	return 0;
}

static int set_vring_enable(struct scmi_vio_vhost_user *vu)
{
	struct vq *vq = queue(vu, vu->msg.p.state.index);
	uint32_t on = vu->msg.p.state.num;

	if (!(vu->acked & F_PROTOCOL))
		return -EOPNOTSUPP;
	if (!vq || on > 1)
		return -EINVAL;
	if (vq->enabled == (on == 1))
		return 0;
	vq->enabled = on == 1;
	vq_update(vu, vu->msg.p.state.index);
	return 0;
}

/* No configuration space: every GET_CONFIG gets the empty error reply. */
static int get_config(struct scmi_vio_vhost_user *vu, int why)
{
	int ret = reply(vu, NULL, 0);

	return ret ? ret : why;
}

static bool has_reply(uint32_t request)
{
	return request == VHU_GET_FEATURES ||
	       request == VHU_GET_PROTOCOL_FEATURES ||
	       request == VHU_GET_VRING_BASE || request == VHU_GET_QUEUE_NUM ||
	       request == VHU_GET_CONFIG;
}

/* Apply a message whose header and shape passed. */
static int dispatch(struct scmi_vio_vhost_user *vu)
{
	struct vhu_msg *m = &vu->msg;

	switch (m->hdr.request) {
	case VHU_GET_FEATURES:
		return reply_u64(vu, vu->cfg.features | F_PROTOCOL);
	case VHU_GET_PROTOCOL_FEATURES:
		return reply_u64(vu, OFFERED_PROTOCOL);
	case VHU_GET_QUEUE_NUM:
		return reply_u64(vu, vu->cfg.num_queues);
	case VHU_SET_OWNER:
		if (vu->owner)
			return -EBUSY;
		vu->owner = true;
		return 0;
	}
	/* Everything else acts for the session's owner only. */
	if (!vu->owner)
		return m->hdr.request == VHU_GET_CONFIG ?
			       get_config(vu, -EPERM) :
			       -EPERM;
	switch (m->hdr.request) {
	case VHU_SET_FEATURES:
		return set_features(vu, m->p.u64);
	case VHU_SET_PROTOCOL_FEATURES:
		if (m->p.u64 & ~OFFERED_PROTOCOL)
			return -EINVAL;
		vu->protocol = m->p.u64;
		return 0;
	case VHU_RESET_OWNER:
		return reset_owner(vu);
	case VHU_RESET_DEVICE:
		if (!(vu->protocol & (1ull << VHU_PF_RESET_DEVICE)))
			return -EOPNOTSUPP;
		reset_device(vu);
		return 0;
	case VHU_SET_MEM_TABLE:
		return set_mem_table(vu);
	case VHU_SET_VRING_NUM:
		return set_vring_num(vu);
	case VHU_SET_VRING_ADDR:
		return set_vring_addr(vu);
	case VHU_SET_VRING_BASE:
		return set_vring_base(vu);
	case VHU_GET_VRING_BASE:
		return get_vring_base(vu);
	case VHU_SET_VRING_KICK:
	case VHU_SET_VRING_CALL:
	case VHU_SET_VRING_ERR:
		return set_vring_fd(vu);
	case VHU_SET_VRING_ENABLE:
		return set_vring_enable(vu);
	case VHU_SET_BACKEND_REQ_FD:
		return set_backend_req_fd(vu);
	case VHU_GET_CONFIG:
		if (m->hdr.size !=
		    offsetof(struct vhu_config, payload) + m->p.config.size)
			return get_config(vu, -EBADMSG);
		return get_config(vu, -EOPNOTSUPP);
	}
	return -EOPNOTSUPP;
}

/* Say why the front-end's message was refused with @err. */
static void log_refused(struct scmi_vio_vhost_user *vu, int err)
{
	const char *hint = NULL;

	/* The one refusal a well-meaning VMM meets by default: guest
	 * memory from a file that is not sealed (shm.h, X-1). */
	if (vu->msg.hdr.request == VHU_SET_MEM_TABLE && err == -EPERM &&
	    vu->owner && !(vu->cfg.flags & SCMI_VIO_VHOST_USER_UNSEALED_MEM))
		hint = "memory file can still shrink: UNSEALED_MEM, "
		       "--mem-unsealed in the tools, accepts it";
	scmi_vio__vhu_refused(&vu->refused, vu->msg.hdr.request, err, hint);
}

/* Does this message want a REPLY_ACK status (judged after applying it)? */
static bool wants_ack(const struct scmi_vio_vhost_user *vu)
{
	const struct vhu_msg *m = &vu->msg;

	if (!(m->hdr.flags & VHU_FLAG_NEED_REPLY) || has_reply(m->hdr.request))
		return false;
	if (vu->protocol & (1ull << VHU_PF_REPLY_ACK))
		return true;
	/* A refused SET_PROTOCOL_FEATURES that asked for REPLY_ACK: the
	 * front-end (User-Mode Linux does) waits for the status. */
	return m->hdr.request == VHU_SET_PROTOCOL_FEATURES &&
	       m->hdr.size == 8 && (m->p.u64 & (1ull << VHU_PF_REPLY_ACK));
}

int scmi_vio_vhost_user_handle(struct scmi_vio_vhost_user *vu, int timeout_ms)
{
	struct vhu_msg *m;
	int ret;

	if (!vu)
		return -EINVAL;
	if (vu->sock < 0)
		return -ENOTCONN;
	m = &vu->msg;
	ret = scmi_vio__vhu_recv(vu->sock, m, timeout_ms,
				 (int)vu->cfg.msg_timeout_ms);
	if (ret == -EAGAIN)
		return ret;
	if (ret) {
		scmi_vio_vhost_user_disconnect(vu);
		return ret;
	}
	/* A reply flag, another version or an undefined bit: not a request
	 * we can believe, so no reply either. */
	if ((m->hdr.flags & ~VHU_FLAG_NEED_REPLY) != VHU_VERSION) {
		ret = -EPROTO;
		goto out;
	}
	ret = scmi_vio__vhu_check_shape(m);
	if (ret && m->hdr.request == VHU_GET_CONFIG)
		ret = get_config(vu, ret);
	else if (!ret)
		ret = dispatch(vu);
	/* -EAGAIN means "no message" to our caller; mmap() can say it of
	 * a region (locked memory), which is a lack of resources. */
	if (ret == -EAGAIN)
		ret = -ENOMEM;
	/* Non-zero is failure; the positive errno says which. */
	if (!vu->lost && wants_ack(vu))
		reply_u64(vu, (uint64_t)-ret);
out:
	/* A lost stream is the session's end, not a refusal. */
	if (ret && !vu->lost)
		log_refused(vu, ret);
	scmi_vio__vhu_close_fds(m);
	if (vu->lost) {
		ret = vu->lost;
		vu->lost = 0;
		scmi_vio_vhost_user_disconnect(vu);
	}
	return ret;
}
