/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A virtio device as the transport (virtio_scmi.h) probes it.  There is no
 * virtio bus here.  A device is described by a struct scmi_vio_vdev: the
 * feature bits it offers, a window of guest memory the driver lays its rings
 * and message buffers into (host pointer and guest-physical address), the
 * kick doorbell the driver rings, and two hooks: start() (the driver
 * accepted the features and set the queues up: the device may run,
 * FEATURES_OK | DRIVER_OK) and reset() (the device stops and forgets its
 * queues).  Who serves the device (loopback.h, xproc.h) is not the
 * transport's concern (docs/architecture.md section 2: the layers).
 */
#ifndef SCMI_VIO_VDEV_H
#define SCMI_VIO_VDEV_H

#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/export.h>
#include <scmi_vio/vring.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the driver side asks of a device: start serving, reset. */
struct scmi_vio_vdev_ops {
	/*
	 * The driver negotiated @features and laid out @n_queues queues
	 * (cmdq, then eventq if P2A was negotiated); @irq is the doorbell
	 * the device rings for used buffers of either queue (NULL: no
	 * interrupts).  The device may start serving.  Return 0 or a
	 * negative errno (the probe fails and unwinds).
	 */
	int (*start)(void *ctx, uint64_t features,
		     const struct scmi_vio_vring_gpa *queues,
		     unsigned int n_queues, struct scmi_vio_doorbell *irq);
	/*
	 * Stop: when it returns the device no longer reads or writes the
	 * rings or buffers and no longer rings @irq.  Called after a
	 * successful start() only.  The built-in devices also take a
	 * second or concurrent call: each returns only once the device has
	 * stopped (L-14).
	 */
	void (*reset)(void *ctx);
	/*
	 * Optional (NULL: the device never goes away).  0 while the device
	 * can serve; a negative errno once it never will again (its server
	 * hung up).  The transport then fails every command waiting for a
	 * reply, and every later send, with that errno at once instead of
	 * at their timeouts.  It asks at each interrupt, each send and each
	 * poll that finds nothing new, so a device whose answer changes
	 * rings start()'s @irq.  Must not block; called concurrently, also
	 * before start() and after reset().
	 */
	int (*lost)(void *ctx);
};

/* A virtio-scmi device as the driver side sees it. */
struct scmi_vio_vdev {
	uint64_t features; /* offered by the device */
	unsigned int queue_num; /* ring size for both queues (power of 2) */
	void *mem; /* guest memory window for rings and buffers */
	uint64_t gpa; /* its guest-physical address */
	size_t size; /* at least scmi_vio_vdev_window_size() */
	struct scmi_vio_doorbell *kick; /* rung by the driver; may be NULL */
	const struct scmi_vio_vdev_ops *ops;
	void *ctx;
};

/**
 * scmi_vio_vdev_window_size() - how large a memory window
 * (struct scmi_vio_vdev .size) a device needs for probe() to succeed.
 * @cmdq_num: the command queue's ring size (a power of two, >= 2).
 * @eventq_num: the event queue's ring size; 0 when the device has no
 *              eventq (P2A_CHANNELS not offered or not accepted).
 * @max_payload: the transport's max_payload; 0: the default
 *               (SCMI_VIO_DEFAULT_MAX_PAYLOAD).
 *
 * Computed by the same carving probe() lays the rings and messages out
 * with: a window of exactly this size is enough, one byte less is not
 * (probe() fails with -ENOSPC).  The window's host address must be
 * 16-byte aligned.  probe() gives both queues the device's queue_num, so
 * pass it twice when the eventq exists.
 *
 * Context: any thread.  Ordering: none.  Ownership: none.
 * Return: the size in bytes; 0 for an invalid ring size or payload (the
 *         same ones probe() refuses with -EINVAL).
 */
SCMI_VIO_API size_t scmi_vio_vdev_window_size(unsigned int cmdq_num,
					      unsigned int eventq_num,
					      size_t max_payload);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_VDEV_H */
