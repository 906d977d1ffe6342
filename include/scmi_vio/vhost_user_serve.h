/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SCMI platform served over vhost-user: a virtio-scmi device (id 32)
 * that a VMM (QEMU's vhost-user-scmi, crosvm, User-Mode Linux's virtio_uml)
 * takes from this process through a Unix socket.
 *
 * One front-end at a time.  The control protocol is vhost_user.h's (what
 * it offers and refuses is listed there); this object hosts the platform
 * device (platform_dev.h) on the queues it hands over: queue 0 is the
 * cmdq, queue 1 the eventq (used only when VIRTIO_SCMI_F_P2A_CHANNELS is
 * negotiated).  The device runs on its own thread, woken by each queue's
 * kick fd (an eventfd, pipe or socket) and ringing each queue's call fd
 * (any of those kinds); it is created once every queue it needs is started
 * and enabled, and stopped (its next available indices kept for
 * GET_VRING_BASE and a later SET_VRING_BASE) when one of them stops, is
 * disabled or changes its fds.  A front-end that polls (a kick with the
 * "no fd" flag) is refused: nothing would wake the device.
 *
 * A front-end that disconnects, resets the device (RESET_DEVICE) or breaks
 * a queue (the device's fatal errors, platform_dev.h) ends its session:
 * the platform is re-created from its configuration, so the next front-end
 * (or the same one reconnecting) finds it as at start, without a restart
 * of this process.  A reply the device held back (fault injection) when
 * its queue stopped is never returned.
 *
 * Synchronization table (one server):
 *   every call / every call : caller serializes (one serving thread), except
 *                             scmi_vio_vhost_user_serve_stop(), any thread.
 */
#ifndef SCMI_VIO_VHOST_USER_SERVE_H
#define SCMI_VIO_VHOST_USER_SERVE_H

#include <stdbool.h>

#include <scmi_vio/export.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_fault.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A platform served to one vhost-user front-end at a time. */
struct scmi_vio_vhost_user_serve;

/* Settings of scmi_vio_vhost_user_serve_create(); zero takes the default. */
struct scmi_vio_vhost_user_serve_config {
	/* The platform served; copied (its strings must outlive the
	 * server).  Re-created from it at every reset. */
	const struct scmi_vio_platform_config *platform;
	const struct scmi_vio_fault_plan *faults; /* NULL: none; copied */
	bool out_of_order; /* platform_dev.h's option */
	/* SCMI_VIO_VHOST_USER_UNSEALED_MEM (vhost_user.h): needed for
	 * User-Mode Linux, whose memory file is not sealed. */
	unsigned int flags;
	unsigned int max_queue_size; /* 0: 1024; else a power of two */
};

/**
 * scmi_vio_vhost_user_serve_create() - a server with no front-end yet.
 * @cfg: as described above.
 * @out: receives the server; NULL on failure.
 *
 * Context: setup.
 * Ordering: none.
 * Ownership: the caller owns *@out (scmi_vio_vhost_user_serve_destroy()).
 * Return: 0; -EINVAL (NULL argument, an unknown flag, a bad queue size or
 *         fault plan, a platform configuration scmi_vio_platform_create()
 *         refuses); -ENOMEM; or an eventfd(2) errno.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int scmi_vio_vhost_user_serve_create(
	const struct scmi_vio_vhost_user_serve_config *cfg,
	struct scmi_vio_vhost_user_serve **out);

/**
 * scmi_vio_vhost_user_serve_destroy() - end any session and free.
 * @srv: NULL is a no-op.
 *
 * Context: serialized; nothing else uses @srv.
 * Ordering: none.
 * Ownership: closes every fd the server holds.
 * Return: nothing.
 */
SCMI_VIO_API void
scmi_vio_vhost_user_serve_destroy(struct scmi_vio_vhost_user_serve *srv);

/**
 * scmi_vio_vhost_user_serve_attach() - start a session on a connected
 * front-end (from accept(2), or a socketpair).
 * @srv: the server, without a session.
 * @sock: a connected AF_UNIX stream socket.
 *
 * Context: serialized.
 * Ordering: none.
 * Ownership: @sock becomes the server's on success; on failure it stays
 *            the caller's.
 * Return: 0, or scmi_vio_vhost_user_attach()'s errors (-EBUSY: a session
 *         runs).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_vhost_user_serve_attach(struct scmi_vio_vhost_user_serve *srv,
				 int sock);

/**
 * scmi_vio_vhost_user_serve_step() - handle one event of the session.
 * @srv: the server.
 * @timeout_ms: how long to wait for a message: < 0 for ever, 0 only if
 *              one is there already.
 *
 * When the device met a fatal error, ends the session (checked before
 * waiting: a failure during the wait is found by the next call); else
 * handles one front-end message (scmi_vio_vhost_user_handle()).
 *
 * Context: serialized.
 * Ordering: none beyond the device's.
 * Ownership: as scmi_vio_vhost_user_handle().
 * Return: 0 (a message applied), -EAGAIN (nothing within @timeout_ms),
 *         -EINTR (stop() was called), -ENOTCONN (no session), a refused
 *         message's errno (the session goes on), or, the session having
 *         ended: the connection's errno (-ECONNRESET, ...) or the device's
 *         fatal error (-EIO, -EPIPE, ...).  See
 *         scmi_vio_vhost_user_handle() for the errnos of a message.
 */
SCMI_VIO_API int
scmi_vio_vhost_user_serve_step(struct scmi_vio_vhost_user_serve *srv,
			       int timeout_ms);

/**
 * scmi_vio_vhost_user_serve_connected() - does a session run?
 * @srv: the server.
 *
 * Context: serialized.  Ordering: none.  Ownership: none.
 * Return: true while a front-end is attached.
 */
SCMI_VIO_API bool scmi_vio_vhost_user_serve_connected(
	const struct scmi_vio_vhost_user_serve *srv);

/**
 * scmi_vio_vhost_user_serve_listen() - serve front-ends on a socket path.
 * @srv: the server, without a session.
 * @path: where to bind a Unix stream socket (an existing socket file there
 *        is replaced; any other file is an error).
 *
 * Accepts one front-end, serves it until it goes, and accepts the next,
 * until stop() is called.  The socket file is removed on return if it is
 * still the one bound here (same device and inode): a server started later
 * on the same path, which replaced it, stays reachable.
 *
 * Context: serialized; blocks.
 * Ordering: none.
 * Ownership: none kept.
 * Return: 0 after stop(); -EINVAL (NULL argument, a path too long for a
 *         socket address); -EEXIST (@path is not a socket); or the negated
 *         errno of socket/bind/lstat/listen/accept/poll.
 */
SCMI_VIO_API int
scmi_vio_vhost_user_serve_listen(struct scmi_vio_vhost_user_serve *srv,
				 const char *path);

/**
 * scmi_vio_vhost_user_serve_stop() - make listen() and step() return.
 * @srv: the server.
 *
 * Context: any thread, or a signal handler (one write(2)).
 * Ordering: none.
 * Ownership: none.
 * Return: nothing.  The request stays until destroy.
 */
SCMI_VIO_API void
scmi_vio_vhost_user_serve_stop(struct scmi_vio_vhost_user_serve *srv);

/**
 * scmi_vio_vhost_user_serve_platform() - the platform being served.
 * @srv: the server.
 *
 * Context: serialized.
 * Ordering: none.
 * Ownership: the server's; valid until the next step() (a reset
 *            re-creates it).
 * Return: the platform.
 */
SCMI_VIO_API struct scmi_vio_platform *
scmi_vio_vhost_user_serve_platform(struct scmi_vio_vhost_user_serve *srv);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_VHOST_USER_SERVE_H */
