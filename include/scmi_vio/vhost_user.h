/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vhost-user, back-end (device) side: the control protocol a VMM (QEMU's
 * vhost-user devices, crosvm, User-Mode Linux's virtio_uml) speaks to hand
 * a virtio device's queues to another process, as QEMU's
 * docs/interop/vhost-user.rst describes it.  This object receives the
 * front-end's messages on a connected Unix stream socket, judges each one,
 * applies it, and tells the device (callbacks) when a queue can be served
 * and when it must stop.  The device itself (popping chains, ringing
 * interrupts) is not here: the callbacks hand it a guest memory map and the
 * queue's addresses, and it builds its device queue (vq_device.h) on them.
 *
 * The front-end is another process and hostile: every message is checked
 * (payload size per request, version and flag bits, file descriptors per
 * request, queue indices, memory regions, ring addresses and sizes) before
 * anything changes.  A refused message changes nothing, and every file
 * descriptor it carried is closed.  Only a stream that can no longer be
 * framed (end of file, a size larger than any request, a message that
 * stops arriving, a socket error) ends the connection.
 *
 * What is offered:
 *  - virtio features: the caller's, plus VHOST_USER_F_PROTOCOL_FEATURES
 *    (bit 30), which is a vhost-user flag and never reaches the device's
 *    acked features;
 *  - protocol features: MQ (GET_QUEUE_NUM answers the configured count),
 *    REPLY_ACK (every request flagged NEED_REPLY gets a u64 status: 0, or a
 *    positive errno), BACKEND_REQ, RESET_DEVICE.  BACKEND_REQ is offered
 *    because User-Mode Linux 6.12 sets up its interrupt only when it is:
 *    SET_BACKEND_REQ_FD must carry one stream socket, which is held (so
 *    the front-end sees a live channel) until replaced or disconnected,
 *    and nothing is ever sent on it (no configuration changes, no IOTLB,
 *    no in-band notifications).  Not offered: CONFIG (virtio-scmi has
 *    no configuration space; GET_CONFIG is still answered with the
 *    spec's empty error reply so a front-end does not wait for ever),
 *    LOG_SHMFD and dirty logging, INFLIGHT_SHMFD, CONFIGURE_MEM_SLOTS,
 *    STATUS, packed rings, IOMMU.
 *
 * Ring states (vhost-user.rst, "Ring states"): a queue is *started* once
 * the memory table, its size, its addresses and its kick (an fd, or the
 * "no fd" flag for a polling front-end) are all set; GET_VRING_BASE stops
 * it and forgets its addresses and kick, so the front-end sets them again
 * to restart it.  *Enabled* is separate: without bit 30 negotiated every
 * ring is enabled; with it, rings start disabled and SET_VRING_ENABLE
 * switches them.
 *
 * Guest memory: each region is mapped MAP_SHARED from its fd at its
 * mmap offset.  A file the front-end can still shrink (no F_SEAL_SHRINK)
 * would let it kill this process with SIGBUS, so it is refused (-EPERM)
 * unless the configuration says SCMI_VIO_VHOST_USER_UNSEALED_MEM.  QEMU's
 * memory-backend-memfd seals by default; User-Mode Linux hands a plain
 * temporary file, which needs the flag (and a front-end trusted not to
 * truncate it).  The guest's bytes in that memory stay hostile as ever.
 *
 * Synchronization table (one backend):
 *   every call / every call : caller serializes (one serving thread);
 *   callbacks run on the thread that called handle(), disconnect() or
 *   destroy(), and must not call back into this backend.
 */
#ifndef SCMI_VIO_VHOST_USER_H
#define SCMI_VIO_VHOST_USER_H

#include <stdbool.h>
#include <stdint.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/export.h>
#include <scmi_vio/guest_mem.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_vhost_user;

/* The vhost-user flag in the virtio feature word (never a device feature). */
#define SCMI_VIO_VHOST_USER_F_PROTOCOL_FEATURES 30
/* Most queues one backend serves (the fd messages carry an 8-bit index). */
#define SCMI_VIO_VHOST_USER_MAX_QUEUES 256u

/* Configuration flag: accept memory files not sealed against shrinking. */
#define SCMI_VIO_VHOST_USER_UNSEALED_MEM 0x1u

/* One queue as the device needs it to serve the ring. */
struct scmi_vio_vhost_user_vring {
	unsigned int num; /* queue size */
	uint16_t last_avail_idx; /* the next available entry to read */
	/* The three parts, as guest-physical addresses of @gmem. */
	uint64_t desc_gpa;
	uint64_t avail_gpa;
	uint64_t used_gpa;
	const struct scmi_vio_gmem *gmem; /* valid until the queue stops */
	uint64_t features; /* acked virtio features, bit 30 cleared */
	/* Borrowed doorbells over the front-end's fds, valid until the next
	 * queue_update or queue_stop.  NULL kick: the front-end does not
	 * kick (poll the ring); NULL call: no interrupts; NULL err: none. */
	struct scmi_vio_doorbell *kick;
	struct scmi_vio_doorbell *call;
	struct scmi_vio_doorbell *err;
	bool enabled; /* false: process without side effects */
	bool started;
};

/* What the device is told; each may be NULL. */
struct scmi_vio_vhost_user_ops {
	/*
	 * Serve queue @q from @vr (its last_avail_idx is where to resume).
	 * A negative errno refuses: the message that completed the queue is
	 * refused with it and the queue stays stopped.
	 */
	int (*queue_start)(void *arg, unsigned int q,
			   const struct scmi_vio_vhost_user_vring *vr);
	/*
	 * Stop serving queue @q.  When it returns the device no longer
	 * touches the queue's ring, buffers or doorbells; it stores the next
	 * available index it would have read in *@last_avail_idx (which holds
	 * the index it was started with), for GET_VRING_BASE.
	 */
	void (*queue_stop)(void *arg, unsigned int q, uint16_t *last_avail_idx);
	/*
	 * A started queue's doorbells or enabled state changed (@vr is the
	 * new state).  When it returns the device no longer uses the old
	 * doorbells, which are then destroyed.
	 */
	void (*queue_update)(void *arg, unsigned int q,
			     const struct scmi_vio_vhost_user_vring *vr);
	/* RESET_DEVICE, or the connection ended: every queue is stopped
	 * already; the device returns to its initial state. */
	void (*device_reset)(void *arg);
};

/* Settings of scmi_vio_vhost_user_create(). */
struct scmi_vio_vhost_user_config {
	/* Virtio features offered.  Not allowed: bit 30, VHOST_F_LOG_ALL
	 * (26), ACCESS_PLATFORM (33), RING_PACKED (34). */
	uint64_t features;
	unsigned int num_queues; /* 1..SCMI_VIO_VHOST_USER_MAX_QUEUES */
	unsigned int max_queue_size; /* 0 = 32768; else a power of two */
	unsigned int flags; /* SCMI_VIO_VHOST_USER_UNSEALED_MEM */
	/* How long the rest of a message may take once its first byte came
	 * (and a reply may wait for room in the socket); 0 = 5000 ms. */
	unsigned int msg_timeout_ms;
	const struct scmi_vio_vhost_user_ops *ops;
	void *arg; /* passed to every op */
};

/**
 * scmi_vio_vhost_user_create() - a backend with no connection yet.
 * @cfg: copied.
 * @out: receives the backend; NULL on failure.
 *
 * Context: setup.
 * Ordering: none.
 * Ownership: the caller owns *@out (scmi_vio_vhost_user_destroy()); @cfg's
 *            ops and arg must outlive it.
 * Return: 0, -EINVAL (@cfg or @out NULL, a feature that may not be
 *         offered, a queue count out of range, a queue size that is not a
 *         power of two up to 32768, an unknown flag), -ENOMEM.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_vhost_user_create(const struct scmi_vio_vhost_user_config *cfg,
			   struct scmi_vio_vhost_user **out);

/**
 * scmi_vio_vhost_user_destroy() - disconnect (if connected) and free.
 * @vu: NULL is a no-op.
 *
 * Context: serialized with every other call on @vu.
 * Ordering: none.
 * Ownership: closes every fd the backend holds; runs queue_stop for each
 *            started queue and device_reset, as disconnect() does.
 * Return: nothing.
 */
SCMI_VIO_API void scmi_vio_vhost_user_destroy(struct scmi_vio_vhost_user *vu);

/**
 * scmi_vio_vhost_user_attach() - serve a connected front-end.
 * @vu: the backend, not connected.
 * @sock: a connected AF_UNIX stream socket (from accept(2) or socketpair).
 *
 * Context: serialized.
 * Ordering: none.
 * Ownership: @sock becomes the backend's on success (disconnect closes
 *            it); on failure it stays the caller's.
 * Return: 0, -EINVAL (@vu NULL, or @sock is not a stream socket), -EBADF
 *         (@sock not open), -EBUSY (already connected).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_vhost_user_attach(struct scmi_vio_vhost_user *vu, int sock);

/**
 * scmi_vio_vhost_user_handle() - receive, judge and apply one message.
 * @vu: the backend, connected.
 * @timeout_ms: how long to wait for a message to start: < 0 for ever, 0
 *              only if one is there already.
 *
 * Replies as the request and REPLY_ACK say.  A refused request that has a
 * reply of its own (GET_FEATURES, GET_VRING_BASE, ...) gets none, except
 * GET_CONFIG, whose empty reply is the protocol's error; a front-end that
 * waits for it should be disconnected.
 *
 * Context: serialized; runs the ops.
 * Ordering: none beyond the ops'.
 * Ownership: fds received are the backend's: kept while in use, closed
 *            when replaced, refused or disconnected.
 * Return: 0 the message was applied; -EAGAIN no message started within
 *         @timeout_ms; -ENOTCONN not connected; -EINVAL @vu NULL.
 *         A refused message (connection kept, nothing changed): -EPROTO
 *         (version or flag bits), -EOPNOTSUPP (unknown, unsupported, or
 *         gated by a feature not negotiated), -EBADMSG (payload size or
 *         file descriptor count wrong for the request), -EPERM (before
 *         SET_OWNER, or memory that can still shrink), -EBUSY (SET_OWNER
 *         twice; a change to a started queue or to the features while a
 *         queue runs), -EINVAL (a bad value: queue index, size, flags,
 *         region table, fd of the wrong kind), -EFAULT (a ring outside
 *         the regions), -EOVERFLOW (an address range that wraps), the
 *         negated errno of fstat/fcntl/mmap for a region, -ENOMEM (also
 *         for mmap's EAGAIN), or what queue_start returned (-EAGAIN
 *         from it becomes -ENOMEM too: -EAGAIN only ever means "no
 *         message").  One exception to "nothing changed": a memory table
 *         that passed every check is in place even if the device then
 *         refuses to restart a queue on it; that queue stays stopped.  The connection ended (the backend
 *         is disconnected, as by disconnect()): -ECONNRESET (end of file),
 *         -EMSGSIZE (a size larger than any request), -ETIMEDOUT (the rest
 *         of a message or room for a reply did not come in time), or the
 *         negated errno of recvmsg/sendmsg/poll.
 */
SCMI_VIO_API int scmi_vio_vhost_user_handle(struct scmi_vio_vhost_user *vu,
					    int timeout_ms);

/**
 * scmi_vio_vhost_user_disconnect() - end the connection, forget it all.
 * @vu: the backend (not connected is a no-op).
 *
 * Stops every started queue (queue_stop), runs device_reset, closes the
 * socket and every fd received, unmaps guest memory; the backend is as
 * created, ready for attach().
 *
 * Context: serialized.
 * Ordering: none.
 * Ownership: as above.
 * Return: nothing.
 */
SCMI_VIO_API void
scmi_vio_vhost_user_disconnect(struct scmi_vio_vhost_user *vu);

/**
 * scmi_vio_vhost_user_connected() - is a front-end attached?
 * @vu: the backend.
 *
 * Context: serialized.
 * Ordering: none.
 * Ownership: none.
 * Return: true if attached and not disconnected.
 */
SCMI_VIO_API bool
scmi_vio_vhost_user_connected(const struct scmi_vio_vhost_user *vu);

/**
 * scmi_vio_vhost_user_vring_get() - the current state of queue @q.
 * @vu: the backend.
 * @q: queue index.
 * @vr: filled in; @vr->gmem and the doorbells are NULL unless started.
 *
 * Context: serialized.
 * Ordering: none.
 * Ownership: as in struct scmi_vio_vhost_user_vring.
 * Return: 0, -EINVAL (NULL argument or @q out of range).
 */
SCMI_VIO_API int
scmi_vio_vhost_user_vring_get(const struct scmi_vio_vhost_user *vu,
			      unsigned int q,
			      struct scmi_vio_vhost_user_vring *vr);

/**
 * scmi_vio_vhost_user_features_get() - negotiated feature words.
 * @vu: the backend.
 * @protocol: if not NULL, receives the acked protocol features.
 *
 * Context: serialized.
 * Ordering: none.
 * Ownership: none.
 * Return: the acked virtio features without bit 30 (0 before
 *         SET_FEATURES).
 */
SCMI_VIO_API uint64_t scmi_vio_vhost_user_features_get(
	const struct scmi_vio_vhost_user *vu, uint64_t *protocol);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_VHOST_USER_H */
