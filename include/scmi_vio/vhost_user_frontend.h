/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vhost-user, front-end (driver) side: reach a virtio-scmi device served
 * by another process over a vhost-user Unix socket (this library's
 * backend, vhost_user.h, or any other one such as rust-vmm's
 * vhost-device-scmi), and describe it (vdev.h) for
 * scmi_vio_virtio_scmi_probe().  This is the cross-process device of
 * xproc.h with vhost-user messages instead of a command line: guest
 * memory is a sealed memfd handed over with SET_MEM_TABLE, each queue's
 * kick and call are eventfds handed over with SET_VRING_KICK/CALL.
 *
 * The backend is another process and hostile: every reply is checked
 * (request id, flag bits, payload size, no file descriptors) and waited
 * for with a bound; a violation or a lost connection makes the call that
 * saw it fail with a negative errno, and the connection is then dead for
 * good (a stream that lied once cannot be framed again).
 *
 * A backend that goes away while the transport runs (between start() and
 * reset()) is noticed by a watcher thread polling the socket: end of
 * file, a hang-up or a socket error mark the device lost (vdev.h's lost
 * op) with -ECONNRESET; bytes nobody asked for, or a watch that cannot go
 * on (poll() failed: a device nobody watches is dropped rather than left
 * to time out), with -ECONNABORTED.  The watcher then rings the
 * transport's interrupt.  Every command waiting for a reply
 * or a delayed response then fails with that errno at once, and so does
 * every later send (virtio_scmi.h); a transport without interrupts
 * (SCMI_VIO_IRQ_NONE) notices at its next poll or process() call.  The
 * lost state stays: reset() sends nothing more, and a later start() fails
 * with -ENOTCONN.
 *
 * Synchronization: start() and reset() (the transport's hooks) are
 * serialized by the frontend; create and destroy are setup calls.
 */
#ifndef SCMI_VIO_VHOST_USER_FRONTEND_H
#define SCMI_VIO_VHOST_USER_FRONTEND_H

#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>
#include <scmi_vio/vdev.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_vhu_frontend;

/**
 * struct scmi_vio_vhu_frontend_config - settings of
 * scmi_vio_vhu_frontend_create(); zero fields take the defaults.
 */
struct scmi_vio_vhu_frontend_config {
	const char *socket_path; /* the backend's listening socket */
	unsigned int queue_num; /* ring size; 0: 64 */
	size_t max_payload; /* the transport's; 0: 128 */
	/* How long to keep trying to connect while the socket does not
	 * exist yet or refuses (0: one try). */
	unsigned int connect_timeout_ms;
	/* How long each reply may take (0: 5000 ms). */
	unsigned int reply_timeout_ms;
};

/**
 * scmi_vio_vhu_frontend_create() - connect to a vhost-user backend and
 * negotiate up to the memory table.
 * @cfg: copied.
 * @out: receives the frontend; NULL on failure.
 *
 * Connects (retrying until @cfg->connect_timeout_ms while the path is
 * missing or refuses), then SET_OWNER, GET_FEATURES, and when the backend
 * offers VHOST_USER_F_PROTOCOL_FEATURES (bit 30) GET_PROTOCOL_FEATURES and
 * SET_PROTOCOL_FEATURES (REPLY_ACK and RESET_DEVICE, each only if
 * offered); SET_FEATURES (VERSION_1, P2A_CHANNELS and EVENT_IDX as
 * offered, plus bit 30 if offered); SET_MEM_TABLE with one region, a
 * memfd sealed against resizing.  With REPLY_ACK every request asks for
 * and checks its acknowledgement.  The queues are set up by start(), when
 * the transport has chosen the ring addresses.
 *
 * Context: setup; blocks up to the connect timeout plus one reply timeout
 * per message.
 * Ordering: none.
 * Ownership: the caller owns *@out (scmi_vio_vhu_frontend_destroy()).
 * Return: 0; -EINVAL (@cfg, @out or the path NULL, a path too long for a
 *         Unix socket, a bad ring size or payload, a reply timeout above
 *         INT32_MAX); -ENOMEM; connect()'s
 *         errno (-ENOENT, -ECONNREFUSED, ... once the timeout is over);
 *         -ENODEV (the backend does not offer VERSION_1); the backend's
 *         negative acknowledgement as -errno (-EIO if it is not an errno);
 *         for a reply that breaks the protocol -EPROTO (wrong request id
 *         or flags), -EBADMSG (wrong size, or file descriptors attached);
 *         -ETIMEDOUT (no reply in time), -ECONNRESET (the backend hung
 *         up), or a socket, memfd or eventfd error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_vhu_frontend_create(const struct scmi_vio_vhu_frontend_config *cfg,
			     struct scmi_vio_vhu_frontend **out);

/**
 * scmi_vio_vhu_frontend_destroy() - stop the queues (as reset()), close
 * the connection and free everything.
 * @fe: NULL is a no-op.
 *
 * Context: no transport is bound to it (after remove()).
 * Ordering: none.
 * Ownership: closes every fd the frontend made; unmaps guest memory.
 * Return: nothing.
 */
SCMI_VIO_API void
scmi_vio_vhu_frontend_destroy(struct scmi_vio_vhu_frontend *fe);

/**
 * scmi_vio_vhu_frontend_vdev() - the device description probe() takes.
 * @fe: the frontend.
 *
 * Its features are what the backend offered of VERSION_1, P2A_CHANNELS
 * and EVENT_IDX.  Its start() sends, per queue, SET_VRING_CALL (the
 * interrupt doorbell's eventfd, or "no fd" when the transport polls),
 * SET_VRING_NUM, SET_VRING_BASE 0, SET_VRING_ADDR, SET_VRING_KICK and,
 * with bit 30, SET_VRING_ENABLE 1, after a SET_FEATURES with the
 * transport's choice if it differs from the one sent at create; it fails
 * with the errors listed at create, or -EINVAL for an interrupt doorbell
 * without an fd (an inline one cannot cross processes).  Its reset()
 * sends GET_VRING_BASE for each started queue and RESET_DEVICE when
 * negotiated; it never fails (a dead backend has stopped already).  Its
 * lost() is the watch described at the top.
 *
 * Context: any thread.  Ordering: none (fixed at create).
 * Ownership: borrowed; valid until scmi_vio_vhu_frontend_destroy().
 * Return: the description.
 */
SCMI_VIO_API const struct scmi_vio_vdev *
scmi_vio_vhu_frontend_vdev(struct scmi_vio_vhu_frontend *fe);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_VHOST_USER_FRONTEND_H */
