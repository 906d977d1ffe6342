/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtio-scmi transport, driver side (docs/architecture.md section 6;
 * docs/linux-notes.md A10), and the virtio devices it can be probed on.
 *
 * There is no virtio bus here.  A device is described by a struct
 * scmi_vio_vdev: the feature bits it offers, a window of guest memory the
 * driver lays its rings and message buffers into (host pointer and
 * guest-physical address), the kick doorbell the driver rings, and two hooks:
 * start() (the driver accepted the features and set the queues up: the
 * device may run, FEATURES_OK | DRIVER_OK) and reset() (the device stops and
 * forgets its queues).  Two devices are built in: the SCMI platform in a
 * thread of this process (loopback) and the platform in another process
 * over a memfd and eventfds (cross-process).
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
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_transport.h>
#include <scmi_vio/vring.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Sizing (docs/linux-notes.md A10.2). */
#define SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD 4096u
#define SCMI_VIO_VIRTIO_SCMI_MAX_MSG 1024u /* the token space */

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
 *         size, payload or irq mode, missing ops); -ENOSPC (the memory
 *         window is too small); -ENOMEM; a thread or doorbell creation
 *         error; or start()'s error.
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
 * (the cmdq is broken).  poll_done() ends a poll with -ENODEV when the
 * channel is gone (a shutdown) and -EIO when the queue broke (or, a library
 * bug, the transfer has no message bound): the command fails with that,
 * never hangs (L-2).  detach() is the channel
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

/* ---- the in-process platform as a virtio device (loopback) ---- */

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
	const struct scmi_vio_fault_plan *faults; /* copied at each start */
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
 * Return: 0; -EINVAL (bad size or features, inline and spin together, a
 *         bad @cfg->platform, an agent_id the platform lacks, or a
 *         max_payload other than @cfg->share's); -ENOMEM; platform errors.
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

/* ---- the platform in another process (memfd + eventfds) ---- */

struct scmi_vio_xproc;

/* Settings of a platform served by another process over shared memory. */
struct scmi_vio_xproc_config {
	/* The scmi_platform_server executable; NULL: the one installed
	 * with the library (in its libexecdir). */
	const char *server_path;
	unsigned int queue_num; /* 0: 64 */
	size_t max_payload; /* 0: 128 */
	const char *const *extra_args; /* NULL-terminated; may be NULL */
	/*
	 * Stopping the server: how long reset() waits after writing
	 * the stop eventfd before it sends SIGTERM (0: 2000 ms), and how
	 * long it then waits before SIGKILL, and again after it
	 * (0: 1000 ms each); timeout.h's SCMI_VIO_NO_WAIT escalates at
	 * once, SCMI_VIO_WAIT_FOREVER (or any value above INT_MAX) is
	 * refused.  reset() never takes longer than their sum, stop + 2 *
	 * kill, plus scheduling.
	 */
	unsigned int stop_timeout_ms;
	unsigned int kill_timeout_ms;
};

/**
 * scmi_vio_xproc_create() - a platform device served by another process.
 *
 * Creates the memfd guest memory (sealed against resizing, X-1) and the
 * kick eventfd.  The server process is started by the device's start()
 * hook, inside scmi_vio_virtio_scmi_probe(), with the queue addresses and
 * the interrupt eventfd (the transport must use SCMI_VIO_IRQ_EVENTFD or
 * NONE); an executable that cannot be run fails the probe at once with
 * execv()'s errno (-ENOENT, -EACCES, ...; X-5), or with -ECHILD if the
 * process between us and the server died before it could report.
 *
 * Lifetime of the server process: from probe() until remove() (the reset
 * hook) or scmi_vio_xproc_destroy(), which stop it within a bounded time
 * (see the config's timeouts; X-4), and never longer than this process:
 * it is killed (SIGKILL) when this process exits or dies, whichever thread
 * called probe().  (A child this process forks without exec'ing keeps it
 * alive as long as that child lives.)  The server is a grandchild: a small
 * reaper process in between reports its exit status, so the status is
 * right even when this process ignores SIGCHLD, and the application's own
 * waitpid(-1, ...) can reap only the reaper.
 *
 * Context: setup.  Ordering: none.
 * Ownership: the caller destroys it after remove().
 * Return: 0; -EINVAL (a bad ring size or payload, a stop timeout that
 *         is not bounded); -ENOMEM; an shm, eventfd or pthread_mutex_init()
 *         error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_xproc_create(const struct scmi_vio_xproc_config *cfg,
		      struct scmi_vio_xproc **out);

/**
 * scmi_vio_xproc_destroy() - free the device (NULL is a no-op); a server
 * still running is stopped and reaped, as by reset().
 *
 * Context: no transport is bound to it.  Ordering: none.
 * Ownership: frees @xp, its memfd and eventfds.  Return: nothing.
 */
SCMI_VIO_API void scmi_vio_xproc_destroy(struct scmi_vio_xproc *xp);

/**
 * scmi_vio_xproc_vdev() - the device description probe() takes.
 *
 * Context: any thread.  Ordering: none (fixed at create).
 * Ownership: borrowed; valid until scmi_vio_xproc_destroy().
 * Return: the description.
 */
SCMI_VIO_API const struct scmi_vio_vdev *
scmi_vio_xproc_vdev(struct scmi_vio_xproc *xp);

/**
 * scmi_vio_xproc_last_status() - how the last server process ended.
 *
 * Context: any thread.  Ordering: relaxed; read it after remove() returned
 * to see that server's end.  Ownership: none.
 * Return: its exit status (0: clean stop; the server's own codes); 128 + n
 *         if it was killed by signal n (143: SIGTERM after it ignored the
 *         stop, 137: SIGKILL after it ignored that too); -1 if no server
 *         ended yet, or its end could not be observed.
 */
SCMI_VIO_API int scmi_vio_xproc_last_status(const struct scmi_vio_xproc *xp);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_VIRTIO_SCMI_H */
