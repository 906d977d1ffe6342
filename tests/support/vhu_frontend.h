/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A minimal vhost-user front-end for tests: raw messages (any header, any
 * payload, any fds) over one end of a socketpair, and their replies; and
 * a listening socket for tests of a real connection.
 */
#ifndef SCMI_VIO_TEST_VHU_FRONTEND_H
#define SCMI_VIO_TEST_VHU_FRONTEND_H

#include <stddef.h>
#include <stdint.h>

#include "vhost_user/msg.h"

struct vhu_fe {
	int sock; /* the front-end's end */
	int peer; /* the back-end's end, for scmi_vio_vhost_user_attach() */
};

/* A connected pair.  Return: 0 or -errno. */
int vhu_fe_open(struct vhu_fe *fe);
/* Close the front-end's end (the back-end's is attached or closed). */
void vhu_fe_close(struct vhu_fe *fe);

/* Send a header and @size payload bytes with @nfds fds in one sendmsg
 * (so the fds ride on the header's first byte, as QEMU sends them). */
int vhu_fe_send(struct vhu_fe *fe, uint32_t request, uint32_t flags,
		const void *payload, uint32_t size, const int *fds,
		unsigned int nfds);

/* Send raw bytes (a torn or oversized message) with @nfds fds.
 * Return: 0 or -errno. */
int vhu_fe_send_raw(struct vhu_fe *fe, const void *buf, size_t len,
		    const int *fds, unsigned int nfds);

/*
 * Receive one reply if one is waiting: its header in @hdr, its payload
 * (at most @max bytes) in @payload.  Return: the payload size, -EAGAIN
 * (none waiting), or -errno.
 */
int vhu_fe_recv(struct vhu_fe *fe, struct vhu_hdr *hdr, void *payload,
		size_t max);

/* A listening Unix stream socket at @path, in a fresh directory @dir. */
struct vhu_listener {
	char dir[64];
	char path[108];
	int fd;
};

/* Listen in a new directory /tmp/@prefix.XXXXXX.  Return: 0 or -errno. */
int vhu_listen(struct vhu_listener *l, const char *prefix);
/* Close the socket, remove it and its directory. */
void vhu_unlisten(struct vhu_listener *l);

/* Open file descriptors in this process (from /proc/self/fd). */
int vhu_count_fds(void);

#endif /* SCMI_VIO_TEST_VHU_FRONTEND_H */
