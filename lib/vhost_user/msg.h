/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vhost-user wire format (QEMU docs/interop/vhost-user.rst, "Message
 * Specification") and the framing of one message on a Unix stream socket
 * with its file descriptors (SCM_RIGHTS).  Native byte order throughout.
 */
#ifndef SCMI_VIO_VHOST_USER_MSG_H
#define SCMI_VIO_VHOST_USER_MSG_H

#include <stdbool.h>
#include <stdint.h>

/* Front-end requests (ids of the spec's "Front-end message types"). */
enum vhu_request {
	VHU_GET_FEATURES = 1,
	VHU_SET_FEATURES = 2,
	VHU_SET_OWNER = 3,
	VHU_RESET_OWNER = 4,
	VHU_SET_MEM_TABLE = 5,
	VHU_SET_LOG_BASE = 6,
	VHU_SET_LOG_FD = 7,
	VHU_SET_VRING_NUM = 8,
	VHU_SET_VRING_ADDR = 9,
	VHU_SET_VRING_BASE = 10,
	VHU_GET_VRING_BASE = 11,
	VHU_SET_VRING_KICK = 12,
	VHU_SET_VRING_CALL = 13,
	VHU_SET_VRING_ERR = 14,
	VHU_GET_PROTOCOL_FEATURES = 15,
	VHU_SET_PROTOCOL_FEATURES = 16,
	VHU_GET_QUEUE_NUM = 17,
	VHU_SET_VRING_ENABLE = 18,
	VHU_SET_BACKEND_REQ_FD = 21,
	VHU_GET_CONFIG = 24,
	VHU_RESET_DEVICE = 34,
};

/* Protocol feature bits. */
#define VHU_PF_MQ 0
#define VHU_PF_REPLY_ACK 3
#define VHU_PF_BACKEND_REQ 5
#define VHU_PF_RESET_DEVICE 13

/* Header flags: version in bits 0-1, then REPLY and NEED_REPLY. */
#define VHU_VERSION 1u
#define VHU_VERSION_MASK 3u
#define VHU_FLAG_REPLY (1u << 2)
#define VHU_FLAG_NEED_REPLY (1u << 3)

/* The u64 of SET_VRING_KICK/CALL/ERR: queue index, "no fd" flag. */
#define VHU_VRING_IDX_MASK 0xffull
#define VHU_VRING_NOFD (1ull << 8)

/* vring address flags: only dirty logging is defined. */
#define VHU_VRING_F_LOG 1u

#define VHU_MAX_FDS 8u
#define VHU_MAX_REGIONS 8u /* VHOST_MEMORY_BASELINE_NREGIONS */
#define VHU_MAX_CONFIG 256u

struct vhu_hdr {
	uint32_t request;
	uint32_t flags;
	uint32_t size; /* payload bytes after the header */
};

struct vhu_state {
	uint32_t index;
	uint32_t num;
};

struct vhu_addr {
	uint32_t index;
	uint32_t flags;
	uint64_t desc; /* front-end user addresses */
	uint64_t used;
	uint64_t avail;
	uint64_t log;
};

struct vhu_region {
	uint64_t gpa;
	uint64_t size;
	uint64_t uaddr;
	uint64_t mmap_offset;
};

struct vhu_mem {
	uint32_t nregions;
	uint32_t padding;
	struct vhu_region regions[VHU_MAX_REGIONS];
};

struct vhu_config {
	uint32_t offset;
	uint32_t size;
	uint32_t flags;
	uint8_t payload[VHU_MAX_CONFIG];
};

/* The largest payload of any request (GET_CONFIG/SET_CONFIG). */
#define VHU_MAX_PAYLOAD sizeof(struct vhu_config)

/* One received message with the fds that came with it. */
struct vhu_msg {
	struct vhu_hdr hdr;
	union {
		uint64_t u64;
		struct vhu_state state;
		struct vhu_addr addr;
		struct vhu_mem mem;
		struct vhu_config config;
		unsigned char bytes[VHU_MAX_PAYLOAD];
	} p;
	int fds[VHU_MAX_FDS]; /* -1 once taken */
	unsigned int nfds;
	bool fds_lost; /* more fds came than fit: they were closed */
};

/*
 * Receive one message: wait up to @start_ms for its first byte (< 0 for
 * ever), then up to @rest_ms for the rest.  Return: 0; -EAGAIN nothing
 * started; the stream is lost (every fd received closed): -ECONNRESET,
 * -EMSGSIZE, -ETIMEDOUT, or the negated errno of recvmsg/poll.
 */
int scmi_vio__vhu_recv(int sock, struct vhu_msg *m, int start_ms, int rest_ms);

/*
 * Check the payload size and fd count against what @m->hdr.request
 * carries.  Return: 0, -EOPNOTSUPP (a request this backend does not
 * serve), -EBADMSG.
 */
int scmi_vio__vhu_check_shape(const struct vhu_msg *m);

/* Close the fds of @m not taken yet. */
void scmi_vio__vhu_close_fds(struct vhu_msg *m);

/*
 * Send a reply to @request with @size payload bytes, waiting at most
 * @timeout_ms for room.  Return: 0, -ETIMEDOUT, or the negated errno of
 * sendmsg/poll (never SIGPIPE).
 */
int scmi_vio__vhu_reply(int sock, uint32_t request, const void *payload,
			uint32_t size, int timeout_ms);

/*
 * Send one message: header @hdr (its size field says how many bytes of
 * @payload follow) and @nfds fds (at most VHU_MAX_FDS, duplicated into the
 * peer; still the caller's), waiting at most @timeout_ms for room.  Used
 * by both sides: the back-end's replies, the front-end's requests.
 * Return: 0, -EINVAL (too many fds), -ETIMEDOUT, or the negated errno of
 * sendmsg/poll (never SIGPIPE).
 */
int scmi_vio__vhu_send(int sock, const struct vhu_hdr *hdr, const void *payload,
		       const int *fds, unsigned int nfds, int timeout_ms);

#endif /* SCMI_VIO_VHOST_USER_MSG_H */
