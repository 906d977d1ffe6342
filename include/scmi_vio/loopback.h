/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The loopback device: the SCMI platform (platform.h) served in a thread of
 * this process, behind the device description (vdev.h) that
 * scmi_vio_virtio_scmi_probe() takes (docs/architecture.md section 6, "How
 * a device is reached").
 */
#ifndef SCMI_VIO_LOOPBACK_H
#define SCMI_VIO_LOOPBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/vdev.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_platform;
struct scmi_vio_platform_config;
struct scmi_vio_platform_dev;
struct scmi_vio_loopback;

/* Settings of a platform served by a thread of this process. */
struct scmi_vio_loopback_config {
	unsigned int queue_num; /* 0: 64 */
	size_t max_payload; /* sizes the memory window; 0: 128 */
	uint64_t features; /* offered; 0: VERSION_1 | P2A | EVENT_IDX */
	/*
	 * false: the device runs in its own thread, woken by a thread
	 * doorbell.  true: the kick runs the device on the kicking thread
	 * (inline), so a reply exists when send returns.
	 */
	bool inline_device;
	/*
	 * The device's thread never sleeps: it services in a loop and the
	 * driver need not kick (lowest latency, one core busy; benchmarks).
	 */
	bool spin_device;
	bool out_of_order;
	const struct scmi_vio_fault_plan *faults; /* judged, copied at create */
	/* The platform's outbox slots for notifications waiting for an
	 * eventq buffer (1..4096); 0: the platform's default. */
	unsigned int max_notifications;
	/*
	 * The platform to serve (copied at create; e.g. from
	 * scmi_vio_platform_config_load()); NULL: the default one.  Its
	 * max_payload is replaced by the loopback's, and a nonzero
	 * max_notifications above overrides its own.
	 */
	const struct scmi_vio_platform_config *platform;
	/*
	 * Several agents: serve the platform of @share (another loopback,
	 * borrowed: it must outlive this one) instead of a new one, for
	 * agent @agent_id; @platform and max_notifications are then unused
	 * and max_payload must be @share's.  Each loopback has its own
	 * guest memory and queues.  agent_id 0: the platform's configured
	 * agent_id.
	 */
	struct scmi_vio_loopback *share;
	uint32_t agent_id;
};

/**
 * scmi_vio_loopback_create() - an SCMI platform served in this process.
 * @cfg: options; NULL for the defaults.
 * @out: the device; its scmi_vio_loopback_vdev() is what probe takes.
 *
 * Context: setup.  Ordering: none.
 * Ownership: the caller destroys it after remove().
 * Return: 0; -EINVAL (@out NULL, bad size or features, inline and spin
 *         together, a fault plan the platform device refuses, a bad
 *         @cfg->platform, an agent_id the platform lacks, or a max_payload
 *         other than @cfg->share's); -ENOMEM; platform errors.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_loopback_create(const struct scmi_vio_loopback_config *cfg,
			 struct scmi_vio_loopback **out);

/**
 * scmi_vio_loopback_destroy() - free the device (NULL is a no-op).
 *
 * Context: no transport is bound to it (remove() returned).
 * Ordering: none.  Ownership: frees @lb, its platform and memory.
 * Return: nothing.
 */
SCMI_VIO_API void scmi_vio_loopback_destroy(struct scmi_vio_loopback *lb);

/**
 * scmi_vio_loopback_vdev() - the device description probe() takes.
 *
 * Context: any thread.  Ordering: none (fixed at create).
 * Ownership: borrowed; valid until scmi_vio_loopback_destroy().
 * Return: the description.
 */
SCMI_VIO_API const struct scmi_vio_vdev *
scmi_vio_loopback_vdev(struct scmi_vio_loopback *lb);

/**
 * scmi_vio_loopback_platform() - the simulated platform (its stats).
 *
 * Context: any thread.  Ordering: none.
 * Ownership: borrowed; valid until scmi_vio_loopback_destroy().
 * Return: the platform.
 */
SCMI_VIO_API struct scmi_vio_platform *
scmi_vio_loopback_platform(struct scmi_vio_loopback *lb);

/**
 * scmi_vio_loopback_dev() - the device role while started (fault counts,
 * stats, has_deferred).
 *
 * Context: any thread.
 * Ordering: acquire; pairs with the release that publishes a started
 *           device.
 * Ownership: borrowed; valid until the transport's remove() resets it.
 * Return: the device role, or NULL when not started.
 */
SCMI_VIO_API struct scmi_vio_platform_dev *
scmi_vio_loopback_dev(struct scmi_vio_loopback *lb);

/**
 * scmi_vio_loopback_kick() - make the device look at its queues: an inline
 * device runs on the caller's thread until it has nothing left; a device
 * thread is woken; a spinning device needs nothing.
 *
 * Context: any thread while started (tests drive deferred faults with it).
 * Ordering: as a kick (the doorbell's ordering).
 * Ownership: none.
 * Return: 0, or -ENODEV when not started.
 */
SCMI_VIO_API int scmi_vio_loopback_kick(struct scmi_vio_loopback *lb);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_LOOPBACK_H */
