// SPDX-License-Identifier: BSD-3-Clause
/* Test front-end for vhost-user (vhu_frontend.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "vhu_frontend.h"

int vhu_fe_open(struct vhu_fe *fe)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	fe->sock = sv[0];
	fe->peer = sv[1];
	return 0;
}

void vhu_fe_close(struct vhu_fe *fe)
{
	if (fe->sock >= 0)
		close(fe->sock);
	fe->sock = -1;
}

int vhu_fe_send_raw(struct vhu_fe *fe, const void *buf, size_t len,
		    const int *fds, unsigned int nfds)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * 16)];
	} ctl;
	struct iovec iov = { (void *)buf, len };
	struct msghdr mh;
	struct cmsghdr *c;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (nfds) {
		if (nfds > 16)
			return -EINVAL;
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	if (sendmsg(fe->sock, &mh, MSG_NOSIGNAL) != (ssize_t)len)
		return errno ? -errno : -EIO;
	return 0;
}

int vhu_fe_send(struct vhu_fe *fe, uint32_t request, uint32_t flags,
		const void *payload, uint32_t size, const int *fds,
		unsigned int nfds)
{
	unsigned char buf[sizeof(struct vhu_hdr) + 1024];
	struct vhu_hdr hdr = { request, flags, size };

	if (size > sizeof(buf) - sizeof(hdr))
		return -EINVAL;
	memcpy(buf, &hdr, sizeof(hdr));
	if (size)
		memcpy(buf + sizeof(hdr), payload, size);
	return vhu_fe_send_raw(fe, buf, sizeof(hdr) + size, fds, nfds);
}

int vhu_fe_recv(struct vhu_fe *fe, struct vhu_hdr *hdr, void *payload,
		size_t max)
{
	ssize_t n = recv(fe->sock, hdr, sizeof(*hdr), MSG_DONTWAIT);

	if (n < 0)
		return -errno;
	if (n != sizeof(*hdr) || hdr->size > max)
		return -EPROTO;
	if (!hdr->size)
		return 0;
	n = recv(fe->sock, payload, hdr->size, MSG_DONTWAIT);
	return n == (ssize_t)hdr->size ? (int)n : -EPROTO;
}

int vhu_listen(struct vhu_listener *l, const char *prefix)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int ret;

	l->fd = -1;
	snprintf(l->dir, sizeof(l->dir), "/tmp/%s.XXXXXX", prefix);
	if (!mkdtemp(l->dir))
		return -errno;
	snprintf(l->path, sizeof(l->path), "%s/sock", l->dir);
	strcpy(sa.sun_path, l->path);
	l->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l->fd >= 0 &&
	    bind(l->fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    listen(l->fd, 4) == 0)
		return 0;
	ret = -errno;
	vhu_unlisten(l);
	return ret;
}

void vhu_unlisten(struct vhu_listener *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	unlink(l->path);
	rmdir(l->dir);
}

int vhu_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own fd */
}
