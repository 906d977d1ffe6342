// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target: a hostile vhost-user front-end.  The input is a stream
 * of chunks, each { u8 fds; u16 len; len bytes }: the bytes go down the
 * socket in one sendmsg() with up to three fds attached, picked by the
 * control byte from a sealed memfd (guest memory), an eventfd, a pipe end,
 * a socket, and an unsealed memfd.  So messages can be torn across chunks,
 * carry fds on any byte, or carry the wrong ones.  The back-end must never
 * crash, hang or leak an fd, and whenever it starts a queue the rings it
 * hands over must lie in the guest memory map it hands over.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scmi_vio/shm.h>
#include <scmi_vio/vhost_user.h>
#include <scmi_vio/vring.h>

#include "../support/vhu_frontend.h"

#define require(c)                        \
	do {                              \
		if (!(c))                 \
			__builtin_trap(); \
	} while (0)

#define MEM (1u << 20)

static int pool[6]; /* the fds a chunk may carry */
static bool ours[1024]; /* open before the first run (the pool among them) */

/*
 * Files the back-end can hold an fd of: the pool's and the connection's.
 * A leak is an open fd of one of these.  A plain count of open fds moved,
 * rarely, on inputs without any fd, through something else in the process
 * (libFuzzer's or the sanitizers' threads and handlers).
 */
static struct stat watched[8];
static unsigned int n_watched;

static void watch(int fd)
{
	require(n_watched < 8 && fstat(fd, &watched[n_watched++]) == 0);
}

static bool leaked(void)
{
	struct stat st;
	unsigned int i;
	int fd;

	for (fd = 0; fd < 1024; fd++) {
		if (ours[fd] || fstat(fd, &st) < 0)
			continue;
		for (i = 0; i < n_watched; i++)
			if (st.st_dev == watched[i].st_dev &&
			    st.st_ino == watched[i].st_ino)
				return true;
	}
	return false;
}

static int start(void *arg, unsigned int q,
		 const struct scmi_vio_vhost_user_vring *vr)
{
	require(vr->started && vr->gmem);
	require(scmi_vio_vring_valid_size(vr->num));
	require(scmi_vio_gmem_contig(vr->gmem, vr->desc_gpa,
				     scmi_vio_vring_desc_bytes(vr->num),
				     false));
	require(scmi_vio_gmem_contig(vr->gmem, vr->avail_gpa,
				     scmi_vio_vring_avail_bytes(vr->num),
				     false));
	require(scmi_vio_gmem_contig(vr->gmem, vr->used_gpa,
				     scmi_vio_vring_used_bytes(vr->num), true));
	require(!(vr->features & (1ull << 30)));
	return 0;
}

static void stop(void *arg, unsigned int q, uint16_t *idx)
{
	*idx += 3;
}

static const struct scmi_vio_vhost_user_ops ops = {
	.queue_start = start,
	.queue_stop = stop,
};

static void init(void)
{
	struct scmi_vio_shm *shm;
	int p[2], sv[2], fd;

	/* The mapping is dropped; its fd (ours) stays for the pool. */
	require(scmi_vio_shm_create(MEM, &shm) == 0);
	pool[0] = dup(scmi_vio_shm_fd(shm));
	scmi_vio_shm_destroy(shm);
	pool[1] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	require(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0);
	pool[2] = p[1];
	pool[3] = p[0];
	require(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	pool[4] = sv[0];
	close(sv[1]);
	pool[5] = memfd_create("unsealed", MFD_CLOEXEC);
	require(pool[5] >= 0 && ftruncate(pool[5], MEM) == 0);
	for (fd = 0; fd < 1024; fd++)
		ours[fd] = fcntl(fd, F_GETFD) >= 0;
	for (fd = 0; fd < 6; fd++)
		watch(pool[fd]);
}

static void send_chunk(int sock, const uint8_t *p, size_t len, uint8_t ctl)
{
	struct vhu_fe fe = { sock, -1 };
	unsigned int n = ctl & 3, i;
	int fds[3];

	if (n == 3)
		n = 0; /* most chunks carry none */
	for (i = 0; i < n; i++)
		fds[i] = pool[(ctl >> (2 + 3 * i)) % 6];
	/* Refused once the back-end hung up: that is its business. */
	(void)vhu_fe_send_raw(&fe, p, len, fds, n);
}

/* Serve whatever arrived; drop the replies. */
static void serve(struct scmi_vio_vhost_user *vu, int fe)
{
	char sink[4096];

	while (scmi_vio_vhost_user_connected(vu) &&
	       scmi_vio_vhost_user_handle(vu, 0) != -EAGAIN)
		while (recv(fe, sink, sizeof(sink), MSG_DONTWAIT) > 0)
			;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scmi_vio_vhost_user_config cfg = {
		.features = (1ull << 32) | (1ull << 29) | 1,
		.num_queues = 2,
		.msg_timeout_ms = 1,
		.ops = &ops,
	};
	struct scmi_vio_vhost_user *vu;
	size_t len;
	int sv[2];

	if (!pool[0])
		init();
	if (size > 65536)
		return 0;
	/* Odd first byte: the backend that accepts unsealed memory. */
	if (size && (data[0] & 1))
		cfg.flags = SCMI_VIO_VHOST_USER_UNSEALED_MEM;
	require(scmi_vio_vhost_user_create(&cfg, &vu) == 0);
	require(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	require(scmi_vio_vhost_user_attach(vu, sv[1]) == 0);
	n_watched = 6;
	watch(sv[0]);
	watch(sv[1]);
	if (size) {
		data++;
		size--;
	}
	while (size >= 3) {
		len = (size_t)(data[1] | data[2] << 8) % 4096;
		if (len > size - 3)
			len = size - 3;
		send_chunk(sv[0], data + 3, len, data[0]);
		data += 3 + len;
		size -= 3 + len;
		serve(vu, sv[0]);
	}
	/* The front-end goes away: whatever is torn ends now. */
	close(sv[0]);
	serve(vu, -1);
	require(!scmi_vio_vhost_user_connected(vu));
	scmi_vio_vhost_user_destroy(vu);
	require(!leaked());
	return 0;
}
