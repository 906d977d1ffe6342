/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtio-scmi transport, driver side (docs/architecture.md section 6;
 * docs/linux-notes.md A10).
 *
 * There is no virtio bus here: the transport probes a device description
 * (struct scmi_vio_vdev, vdev.h) and knows nothing of who serves it.  How a
 * device is reached - the platform in this process (loopback.h), in another
 * process (xproc.h) - is the layer above (lib/reach).
 *
 * Interrupt delivery is chosen per transport instance:
 *   INLINE   the device calls the completion path on its own thread;
 *   EVENTFD  the device writes an eventfd; an interrupt thread of the
 *            transport reads it and runs the completion path;
 *   NONE     no interrupt: polled commands (SCMI_VIO_CMD_POLL) reap their
 *            own replies; everything else (non-polled replies, delayed
 *            responses, notifications) is processed when the caller runs
 *            scmi_vio_virtio_scmi_process() (Linux's atomic transport mode
 *            still has interrupts; this mode is pure polling).
 *
 * Life cycle: probe() -> scmi_vio_virtio_scmi_agent_create() (attach makes
 * the channels ready) -> commands -> scmi_vio_agent_destroy() (detach frees
 * the channels: break the device, wait for every user) -> remove() (reset
 * the device, delete the queues, free the buffers).  Probe again on the same
 * device works (L-12).
 *
 * Synchronization table (one transport):
 *   probe / remove              : caller excludes everything else
 *   transport ops               : any thread, concurrently (the agent core)
 *   process, get_stats          : any thread, concurrently with the ops
 */
#ifndef SCMI_VIO_VIRTIO_SCMI_H
#define SCMI_VIO_VIRTIO_SCMI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/export.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_transport.h>
#include <scmi_vio/vdev.h>
#include <scmi_vio/vring.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Sizing (docs/linux-notes.md A10.2). */
#define SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD 4096u
#define SCMI_VIO_VIRTIO_SCMI_MAX_MSG 1024u /* the token space */

/* How the device tells the driver that buffers were used. */
enum scmi_vio_irq_mode {
	SCMI_VIO_IRQ_INLINE = 0,
	SCMI_VIO_IRQ_EVENTFD,
	/* No interrupt doorbell: both queues are created no_interrupts
	 * (virtqueue.h), completions come from pollers, the worker and
	 * scmi_vio_virtio_scmi_process(). */
	SCMI_VIO_IRQ_NONE,
};

/* Settings of scmi_vio_virtio_scmi_probe(); zero takes the default. */
struct scmi_vio_virtio_scmi_config {
	/* SCMI payload per message; 0: 128.  At most 4096. */
	size_t max_payload;
	enum scmi_vio_irq_mode irq_mode;
	/* Features the driver accepts; 0: VERSION_1 | P2A | EVENT_IDX. */
	uint64_t driver_features;
	/*
	 * Buffers one completion call handles before leaving the rest to
	 * the worker thread (an interrupt storm must not hold the interrupt
	 * context, D-11); 0: the queue's message count.
	 */
	unsigned int complete_budget;
};

/* Counters; all monotonic except the *_now gauges. */
struct scmi_vio_virtio_scmi_stats {
	unsigned int tx_max, rx_max; /* messages per queue */
	unsigned int tx_free_now; /* cmdq messages on the free list */
	/* The library updates the counters atomically: the first is
	 * 8-aligned, and the 64-bit ones after it follow with no gap. */
	SCMI_VIO_ALIGNAS(8) uint64_t sends;
	uint64_t send_busy, send_errors;
	uint64_t tx_completions; /* cmdq buffers the device returned */
	uint64_t rx_events; /* eventq buffers the device returned */
	uint64_t rx_refed; /* eventq buffers offered again */
	uint64_t short_used; /* used length under 4: no header */
	uint64_t poll_found; /* polled replies reaped by their poller */
	uint64_t poll_other; /* polled replies reaped for another poller */
	uint64_t prefetched; /* moved to the pending list by a poller */
	uint64_t worker_runs, worker_delivered, worker_freed;
	/* Completion calls that stopped after a queue's worth of buffers
	 * and left the rest to the worker (D-11, an interrupt storm). */
	uint64_t budget_deferred;
	uint64_t parked; /* timed-out polled messages left to the device */
	uint64_t msg_frees; /* returns to the free list */
	uint64_t acquire_failed; /* entry points that found no channel */
	uint64_t broken; /* queues seen broken */
	/* Zero.  A new counter takes the first of these, so the struct keeps
	 * its size (256 bytes, checked in virtio_scmi.c; docs/abi.md). */
	uint64_t reserved[12];
};

struct scmi_vio_virtio_scmi;

/**
 * scmi_vio_virtio_scmi_probe() - bind the transport to a virtio device.
 * @vdev: the device (copied; its memory, doorbell and ctx are borrowed).
 * @cfg: options; NULL for the defaults.
 * @out: the transport.
 *
 * Negotiates features (VERSION_1 required; the eventq exists only with
 * P2A_CHANNELS), lays out the rings and the preallocated messages in the
 * device's memory window (cmdq messages = ring size / 2, eventq messages =
 * ring size, both capped at 1024), fills the eventq with device-writable
 * buffers, starts the interrupt and worker threads, then tells the device
 * it may start.  Any failure unwinds everything done so far.
 *
 * Context: setup; not concurrently with another probe of the same device.
 * Ordering: everything is published before start() (the device's thread
 *           starts after it).
 * Ownership: @vdev->mem must stay mapped until remove() returns.
 * Return: 0; -EINVAL (VERSION_1 not offered or not accepted, a bad ring
 *         size, payload or irq mode, missing ops); -EBUSY (the window
 *         overlaps one a transport of this process is bound to: nothing
 *         was written to it); -ENOSPC (the memory window is too small);
 *         -ENOMEM; a thread or doorbell creation error; or start()'s
 *         error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_virtio_scmi_probe(const struct scmi_vio_vdev *vdev,
			   const struct scmi_vio_virtio_scmi_config *cfg,
			   struct scmi_vio_virtio_scmi **out);

/**
 * scmi_vio_virtio_scmi_remove() - unbind (NULL is a no-op).
 *
 * Frees the channels if an agent is still attached (they must not be used
 * again), resets the device, stops the threads, deletes the queues and
 * frees the messages: in that order (L-5).
 *
 * Context: destroy the agent first; nothing else runs on @vs.  Call it
 *          once: it frees @vs, so a second call, or one racing a detach,
 *          is a use after free (the transport's detach is the shutdown
 *          that may be repeated or run concurrently).
 * Ordering: the device is stopped before any buffer is freed.
 * Ownership: frees @vs; the device's memory stays the caller's.
 * Return: nothing.
 */
SCMI_VIO_API void scmi_vio_virtio_scmi_remove(struct scmi_vio_virtio_scmi *vs);

/**
 * scmi_vio_virtio_scmi_transport_ops() - the ops table for
 * scmi_vio_agent_create(); pass the transport itself as its @tp.
 *
 * The ops follow scmi_transport.h.  send() returns 0; -EAGAIN (no free
 * message: the device holds them all); -EMSGSIZE (the PDU exceeds the
 * payload size); -ENODEV (no agent attached, or a shutdown began); -EIO
 * (the cmdq is broken); the device's errno once its lost op (vdev.h)
 * reported it gone.  poll_done() ends a poll with -ENODEV when the
 * channel is gone (a shutdown), -EIO when the queue broke (or, a library
 * bug, the transfer has no message bound) and the lost errno when the
 * device went away: the command fails with that, never hangs (L-2).
 * A lost device also ends every blocking wait at once
 * (scmi_vio_agent_report_lost()).  detach() is the channel
 * shutdown: idempotent, and a second or concurrent call returns only once
 * the shutdown is complete (L-14); the transport must then be removed.
 *
 * Context: any.  Ordering: none.  Ownership: static table.
 * Return: the table.
 */
SCMI_VIO_API const struct scmi_vio_transport_ops *
scmi_vio_virtio_scmi_transport_ops(void);

/**
 * scmi_vio_virtio_scmi_agent_create() - an SCMI agent over @vs.
 * @vs: a probed transport with no agent attached.
 * @cfg: agent options; NULL for the defaults.
 * @out: the agent; destroy it with scmi_vio_agent_destroy() before remove.
 *
 * Context: setup.
 * Ordering: the channels are ready before this returns.
 * Ownership: the agent borrows @vs.
 * Return: 0; -EBUSY (an agent is attached); -ESHUTDOWN (an agent was
 *         attached and detached: remove and probe again); or the errors of
 *         scmi_vio_agent_create().
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_virtio_scmi_agent_create(struct scmi_vio_virtio_scmi *vs,
				  const struct scmi_vio_agent_config *cfg,
				  struct scmi_vio_agent **out);

/**
 * scmi_vio_virtio_scmi_process() - run the completion path of both queues
 * once, as an interrupt would (for SCMI_VIO_IRQ_NONE, or to poll).
 *
 * Context: any thread, concurrently with everything but remove.
 * Ordering: as the completion path (used ring read with acquire).
 * Ownership: none.
 * Return: 0; -ENODEV when the channels are not ready.
 */
SCMI_VIO_API int scmi_vio_virtio_scmi_process(struct scmi_vio_virtio_scmi *vs);

/**
 * scmi_vio_virtio_scmi_get_stats() - snapshot of the counters.
 *
 * Context: any thread.  Ordering: relaxed counters.
 * Ownership: @st is the caller's.  Return: nothing.
 */
SCMI_VIO_API void
scmi_vio_virtio_scmi_get_stats(struct scmi_vio_virtio_scmi *vs,
			       struct scmi_vio_virtio_scmi_stats *st);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_VIRTIO_SCMI_H */
