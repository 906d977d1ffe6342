// SPDX-License-Identifier: BSD-3-Clause
/*
 * Framing of vhost-user messages on a Unix stream socket (msg.h).
 *
 * A stream has no message boundaries: a message is a 12-byte header and
 * exactly the payload size it announces, and its fds ride on whichever
 * recvmsg() call reads the bytes they were sent with.  So the header and
 * the payload are each read to their exact length (never a byte of the
 * next message), and fds are collected from every call that makes up the
 * message.  A sender that stops half-way holds us at most the message
 * timeout; a size larger than any request means we cannot find the next
 * header, so the stream is lost.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/clock.h"
#include "vhost_user/msg.h"

/* Wait for @events until @deadline (ms, < 0 for ever).  0 or -ETIMEDOUT. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int64_t left;
	int ret;

	for (;;) {
		left = deadline < 0 ? -1 : deadline - scmi_vio__now_ms();
		if (deadline >= 0 && left < 0)
			left = 0;
		ret = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (ret > 0)
			return 0;
		if (ret < 0 && errno != EINTR)
			return -errno;
		if (ret == 0 && deadline >= 0 && scmi_vio__now_ms() >= deadline)
			return -ETIMEDOUT;
	}
}

/* Keep the SCM_RIGHTS fds of @mh in @m; close what does not fit. */
static void take_fds(struct vhu_msg *m, struct msghdr *mh)
{
	struct cmsghdr *c;
	size_t i, n;
	int fd;

	/* MSG_CTRUNC: the kernel closed the fds that did not fit. */
	if (mh->msg_flags & MSG_CTRUNC)
		m->fds_lost = true;
	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++) {
			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
			if (m->nfds < VHU_MAX_FDS) {
				m->fds[m->nfds++] = fd;
			} else {
				close(fd);
				m->fds_lost = true;
			}
		}
	}
}

/* Read exactly @len bytes into @buf by @deadline, collecting fds. */
static int read_exact(int sock, struct vhu_msg *m, void *buf, size_t len,
		      int64_t deadline)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * VHU_MAX_FDS)];
	} ctl;
	struct iovec iov;
	struct msghdr mh;
	size_t got = 0;
	ssize_t n;
	int ret;

	while (got < len) {
		iov.iov_base = (char *)buf + got;
		iov.iov_len = len - got;
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		n = recvmsg(sock, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n > 0) {
			take_fds(m, &mh);
			got += (size_t)n;
			continue;
		}
		if (n == 0)
			return -ECONNRESET;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		ret = wait_fd(sock, POLLIN, deadline);
		if (ret)
			return ret;
	}
	return 0;
}

int scmi_vio__vhu_recv(int sock, struct vhu_msg *m, int start_ms, int rest_ms)
{
	int ret;

	m->nfds = 0;
	m->fds_lost = false;
	ret = wait_fd(sock, POLLIN,
		      start_ms < 0 ? -1 : scmi_vio__now_ms() + start_ms);
	if (ret)
		return ret == -ETIMEDOUT ? -EAGAIN : ret;
	ret = read_exact(sock, m, &m->hdr, sizeof(m->hdr),
			 scmi_vio__now_ms() + rest_ms);
	if (!ret && m->hdr.size > VHU_MAX_PAYLOAD)
		ret = -EMSGSIZE;
	if (!ret)
		ret = read_exact(sock, m, m->p.bytes, m->hdr.size,
				 scmi_vio__now_ms() + rest_ms);
	if (ret)
		scmi_vio__vhu_close_fds(m);
	return ret;
}

void scmi_vio__vhu_close_fds(struct vhu_msg *m)
{
	unsigned int i;

	for (i = 0; i < m->nfds; i++)
		if (m->fds[i] >= 0)
			close(m->fds[i]);
	m->nfds = 0;
}

/* Payload size and fd count a request may carry. */
struct shape {
	uint16_t min_size, max_size;
	uint8_t min_fds, max_fds;
};

/*
 * Per request; the exact rules that depend on the payload (the region
 * count of SET_MEM_TABLE, the "no fd" flag of the vring fd messages, the
 * size field of GET/SET_CONFIG) are checked where the payload is read.
 * Requests missing here are not served (-EOPNOTSUPP): logging, IOTLB,
 * in-band notifications, SET_CONFIG (there is no
 * configuration space to write), inflight tracking, memory slots, status,
 * postcopy, device state transfer.  GET_CONFIG is here only so that its
 * size is judged before its empty (error) reply.
 */
static const struct shape shapes[] = {
	[VHU_GET_FEATURES] = { 0, 0, 0, 0 },
	[VHU_SET_FEATURES] = { 8, 8, 0, 0 },
	[VHU_SET_OWNER] = { 0, 0, 0, 0 },
	[VHU_RESET_OWNER] = { 0, 0, 0, 0 },
	/* UML sends the whole 8-region table with a smaller count. */
	[VHU_SET_MEM_TABLE] = { offsetof(struct vhu_mem, regions[1]),
				sizeof(struct vhu_mem), 1, VHU_MAX_REGIONS },
	[VHU_SET_VRING_NUM] = { 8, 8, 0, 0 },
	[VHU_SET_VRING_ADDR] = { sizeof(struct vhu_addr),
				 sizeof(struct vhu_addr), 0, 0 },
	[VHU_SET_VRING_BASE] = { 8, 8, 0, 0 },
	[VHU_GET_VRING_BASE] = { 8, 8, 0, 0 },
	[VHU_SET_VRING_KICK] = { 8, 8, 0, 1 },
	[VHU_SET_VRING_CALL] = { 8, 8, 0, 1 },
	[VHU_SET_VRING_ERR] = { 8, 8, 0, 1 },
	[VHU_GET_PROTOCOL_FEATURES] = { 0, 0, 0, 0 },
	[VHU_SET_PROTOCOL_FEATURES] = { 8, 8, 0, 0 },
	[VHU_GET_QUEUE_NUM] = { 0, 0, 0, 0 },
	[VHU_SET_VRING_ENABLE] = { 8, 8, 0, 0 },
	[VHU_SET_BACKEND_REQ_FD] = { 0, 0, 1, 1 },
	[VHU_GET_CONFIG] = { offsetof(struct vhu_config, payload),
			     sizeof(struct vhu_config), 0, 0 },
	[VHU_RESET_DEVICE] = { 0, 0, 0, 0 },
};

/* Served requests; the rest of the table's zeros are not. */
static const uint64_t served =
	(1ull << VHU_GET_FEATURES) | (1ull << VHU_SET_FEATURES) |
	(1ull << VHU_SET_OWNER) | (1ull << VHU_RESET_OWNER) |
	(1ull << VHU_SET_MEM_TABLE) | (1ull << VHU_SET_VRING_NUM) |
	(1ull << VHU_SET_VRING_ADDR) | (1ull << VHU_SET_VRING_BASE) |
	(1ull << VHU_GET_VRING_BASE) | (1ull << VHU_SET_VRING_KICK) |
	(1ull << VHU_SET_VRING_CALL) | (1ull << VHU_SET_VRING_ERR) |
	(1ull << VHU_GET_PROTOCOL_FEATURES) |
	(1ull << VHU_SET_PROTOCOL_FEATURES) | (1ull << VHU_GET_QUEUE_NUM) |
	(1ull << VHU_SET_VRING_ENABLE) | (1ull << VHU_SET_BACKEND_REQ_FD) |
	(1ull << VHU_GET_CONFIG) | (1ull << VHU_RESET_DEVICE);

int scmi_vio__vhu_check_shape(const struct vhu_msg *m)
{
	uint32_t req = m->hdr.request;
	const struct shape *s;

	if (req >= 64 || !(served >> req & 1))
		return -EOPNOTSUPP;
	s = &shapes[req];
	if (m->hdr.size < s->min_size || m->hdr.size > s->max_size)
		return -EBADMSG;
	if (m->fds_lost || m->nfds < s->min_fds || m->nfds > s->max_fds)
		return -EBADMSG;
	return 0;
}

int scmi_vio__vhu_reply(int sock, uint32_t request, const void *payload,
			uint32_t size, int timeout_ms)
{
	struct vhu_hdr hdr = { request, VHU_VERSION | VHU_FLAG_REPLY, size };

	return scmi_vio__vhu_send(sock, &hdr, payload, NULL, 0, timeout_ms);
}

int scmi_vio__vhu_send(int sock, const struct vhu_hdr *hdr, const void *payload,
		       const int *fds, unsigned int nfds, int timeout_ms)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * VHU_MAX_FDS)];
	} ctl;
	struct iovec iov[2] = { { (void *)hdr, sizeof(*hdr) },
				{ (void *)payload, hdr->size } };
	int64_t deadline = scmi_vio__now_ms() + timeout_ms;
	struct msghdr mh;
	struct cmsghdr *c;
	size_t left = sizeof(*hdr) + hdr->size;
	ssize_t n;
	int ret;

	if (nfds > VHU_MAX_FDS)
		return -EINVAL;
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;
	if (nfds) {
		/* The fds ride on the first byte; never again after it. */
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	while (left) {
		n = sendmsg(sock, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return -errno;
			ret = wait_fd(sock, POLLOUT, deadline);
			if (ret)
				return ret;
			continue;
		}
		left -= (size_t)n;
		mh.msg_control = NULL;
		mh.msg_controllen = 0;
		/* Step past what went out, across the two pieces. */
		while (n > 0 && mh.msg_iovlen) {
			size_t k = (size_t)n < mh.msg_iov->iov_len ?
					   (size_t)n :
					   mh.msg_iov->iov_len;

			mh.msg_iov->iov_base = (char *)mh.msg_iov->iov_base + k;
			mh.msg_iov->iov_len -= k;
			n -= (ssize_t)k;
			if (!mh.msg_iov->iov_len) {
				mh.msg_iov++;
				mh.msg_iovlen--;
			}
		}
	}
	return 0;
}
