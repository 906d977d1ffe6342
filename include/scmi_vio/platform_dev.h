/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SCMI platform as a virtio-scmi device (virtio device 32; docs/protocol.md
 * section 2; docs/architecture.md section 7).
 *
 * Device side of a cmdq and an optional eventq, over rings in guest memory
 * reached through a struct scmi_vio_gmem (so the same code serves a thread in
 * this process or a memfd shared with another process, mapped anywhere).
 *
 * cmdq: each chain is device-readable {hdr, params} then device-writable
 * room for {hdr, status, returns}.  The request is copied into private
 * memory once and only the copy is parsed (V-18); the response is written
 * and the head returned with the exact number of bytes written.  A chain
 * with no header (< 4 readable bytes) or less than 8 writable bytes is
 * returned with used length 0 (V-19); a malformed chain is consumed once by
 * the queue (V-22).
 *
 * eventq (only with VIRTIO_SCMI_F_P2A_CHANNELS): the platform's outbox is
 * drained into device-writable eventq buffers as they become available;
 * delayed responses wait for a buffer, notifications may be coalesced or
 * dropped by the outbox (counted).  Without P2A the platform answers
 * NOT_SUPPORTED to async and notify requests and advertises neither.
 *
 * Work is done by scmi_vio_platform_dev_service(), which handles at most
 * @budget chains per queue per call (V-21), from the caller's thread or from
 * the device's own thread (scmi_vio_platform_dev_start()), woken by a kick
 * doorbell.  A caller that services the device itself re-enables kicks
 * with scmi_vio_platform_dev_arm() before it sleeps, as the thread does
 * (a driver with EVENT_IDX stops kicking a device that never does):
 * scmi_vio_platform_dev_step() does both, one step of that loop.
 * Interrupt doorbells are rung when the driver wants them (flags or
 * EVENT_IDX), after the device lock is dropped.
 *
 * Fatal errors: a queue the guest broke (-EIO), an interrupt
 * doorbell that fails (its reader is gone: -EPIPE, -ECONNRESET, ...) or a
 * kick doorbell that fails (-EBADF, -EPIPE, ...) does not clear.  The first
 * one is latched (scmi_vio_platform_dev_error()), counted, and handed once
 * to the config's on_error callback; the device thread then ends instead
 * of parking or spinning.  The embedder decides what follows (stop and
 * destroy the device, reset the guest).
 *
 * Lifetime of the device thread: from start() until stop() or destroy(),
 * or until the first fatal error, whichever comes first; it never outlives
 * stop().  The device itself lives until destroy().
 *
 * Synchronization table (one device):
 *   service, arm / the same  : serialized internally (one mutex)
 *   service / start..stop    : service may be called while the thread runs
 *   stop    / stop           : may run concurrently; each returns once the
 *                              thread is joined (L-14)
 *   get_stats, fault_count,
 *   error                    : any thread
 *   destroy                  : after stop; caller excludes everything else
 */
#ifndef SCMI_VIO_PLATFORM_DEV_H
#define SCMI_VIO_PLATFORM_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/export.h>
#include <scmi_vio/guest_mem.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/scmi_wire.h>
#include <scmi_vio/vring.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_platform_dev;

/* Feature bits the device offers (a 64-bit virtio feature word). */
#define SCMI_VIO_PLAT_DEV_FEATURES                                            \
	(1ull << SCMI_VIO_F_P2A_CHANNELS | 1ull << SCMI_VIO_F_INDIRECT_DESC | \
	 1ull << SCMI_VIO_F_EVENT_IDX | 1ull << SCMI_VIO_F_VERSION_1)

/* Where the platform device finds guest memory, queues, doorbells. */
struct scmi_vio_platform_dev_config {
	struct scmi_vio_platform *plat; /* borrowed; its P2A is set here */
	/*
	 * The agent on the other side (1..n_agents of the platform); 0: the
	 * platform's configured agent_id.  Several devices, one per agent,
	 * may share one platform.
	 */
	uint32_t agent_id;
	const struct scmi_vio_gmem *gmem; /* borrowed */
	uint64_t features; /* negotiated: VERSION_1 required */
	struct scmi_vio_vring_gpa cmdq;
	struct scmi_vio_vring_gpa eventq; /* only with P2A */
	/* Rung when the driver wants a used-buffer notification; may be NULL. */
	struct scmi_vio_doorbell *cmdq_irq;
	struct scmi_vio_doorbell *eventq_irq;
	/*
	 * The eventq's own kick doorbell, for transports that give each queue
	 * one (vhost-user); NULL: the driver rings start()'s kick for both.
	 * Only with P2A; then start()'s kick and this one must both be fd
	 * doorbells (eventfd, pipe or socket).  Borrowed until stop().
	 */
	struct scmi_vio_doorbell *eventq_kick;
	/* Where each queue resumes (scmi_vio_vqd_config.start_idx). */
	uint16_t cmdq_start, eventq_start;
	unsigned int budget; /* chains per queue per service; 0: queue size */
	/* Complete the commands of one service round in reverse order. */
	bool out_of_order;
	const struct scmi_vio_fault_plan *faults; /* NULL: none; copied */
	/*
	 * Called once, with the first fatal error (a negative errno), on the
	 * thread that met it (the device thread, or a service() caller),
	 * with no device lock held; may be NULL.  It may read stats and
	 * error(); it must not call stop() or destroy() (the device thread
	 * would join itself).
	 */
	void (*on_error)(void *arg, int err);
	void *on_error_arg;
};

/* Counters of the platform device; each is monotonic. */
struct scmi_vio_platform_dev_stats {
	uint64_t rounds; /* service calls */
	uint64_t commands; /* cmdq chains handled */
	uint64_t replies; /* cmdq chains returned with a reply */
	uint64_t short_chains; /* V-19: returned with used length 0 */
	uint64_t bad_chains; /* consumed by the queue as malformed (V-22) */
	uint64_t events; /* eventq buffers filled */
	uint64_t eventq_bad; /* eventq buffers too small or readable */
	uint64_t budget_exhausted; /* rounds that stopped at the budget */
	uint64_t irqs; /* interrupt doorbells rung */
	uint64_t broken; /* rounds that found a queue broken */
	uint64_t irq_errors; /* interrupt doorbell rings that failed */
};

/**
 * scmi_vio_platform_dev_create() - attach the platform to its virtqueues.
 *
 * Preallocates one slot (request and response copies) per cmdq entry: the
 * request path never allocates.
 *
 * Context: setup.
 * Ordering: none (publish the device to other threads yourself).
 * Ownership: @cfg->plat, gmem and the doorbells are borrowed and must
 *            outlive the device; @cfg->faults is copied.
 * Return: 0; -EINVAL (@cfg, @out, @cfg->plat or @cfg->gmem NULL, VERSION_1
 *         missing, a feature not offered, an agent_id the platform lacks, a bad
 *         budget or fault plan, an eventq_kick without P2A or not an fd
 *         doorbell, or a queue rejected by the device role); -EFAULT (a ring
 *         outside guest memory); -ENOMEM.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_dev_create(const struct scmi_vio_platform_dev_config *cfg,
			     struct scmi_vio_platform_dev **out);

/**
 * scmi_vio_platform_dev_destroy() - free the device (NULL is a no-op).
 *
 * Stops the thread if it runs.  Chains still held (parked or dropped by
 * faults) are not returned: the driver resets the queues.
 *
 * Context: no other call on the device runs or starts.
 * Ordering: none.
 * Ownership: the borrowed platform, memory map and doorbells stay the
 *            caller's.
 * Return: nothing.
 */
SCMI_VIO_API void
scmi_vio_platform_dev_destroy(struct scmi_vio_platform_dev *dev);

/**
 * scmi_vio_platform_dev_service() - one round of device work.
 *
 * Pops and handles up to the budget of cmdq chains, fills eventq buffers
 * from the outbox, releases replies held by faults or the out-of-order
 * option whose time came, pushes replies, then rings interrupt doorbells
 * as the driver asked.
 *
 * Context: any thread; serialized with other service calls on the device.
 * Ordering: see scmi_vio_vqd_pop()/push(): requests are read after the
 *           acquire of avail.idx, replies written before the release of
 *           used.idx.
 * Ownership: chains popped are the device's until pushed (for ever, with
 *            DROP_REPLY).
 * Return: the number of chains and events handled (0: nothing to do);
 *         -EIO when a queue is broken; or the negated error of an
 *         interrupt doorbell's ring (-EPIPE, -ECONNRESET, -EBADF, ...: the
 *         reply was pushed but the driver could not be told).  Either is a
 *         fatal error (see the top of this file).
 */
SCMI_VIO_API int
scmi_vio_platform_dev_service(struct scmi_vio_platform_dev *dev);

/**
 * scmi_vio_platform_dev_arm() - ask the driver to kick again, then re-check.
 *
 * For a device the caller services itself (no start()), between the last
 * service() round that found nothing and going to sleep on the kick
 * doorbell.  On the cmdq, and on the eventq while the outbox waits for
 * buffers there, it asks for kicks again: with EVENT_IDX it publishes
 * avail_event = the next index the queue reads (a driver with EVENT_IDX
 * kicks only when it passes that index, so a device that never arms is
 * never kicked again), else it clears used.flags NO_NOTIFY.  Then it
 * re-reads avail.idx: a chain the driver made available before seeing
 * the request was not kicked for, and is reported here instead.
 * scmi_vio_platform_dev_step() (the device's own thread) does the same at
 * the end of each round that drained the queues.
 *
 * Context: any thread; takes the device lock (serialized with service()).
 * Ordering: a full barrier between publishing the request for kicks and
 *           re-reading avail.idx, on each queue it arms (pairs with the
 *           driver's barrier between publishing avail.idx and reading
 *           avail_event or used.flags, scmi_vio_vqd_enable_notify()): a
 *           chain made available meanwhile is either seen here or kicked.
 * Ownership: none.
 * Return: true when nothing arrived and it is safe to sleep until a kick;
 *         false when chains arrived meanwhile (service again, do not
 *         sleep) or a queue is broken (the next service() reports -EIO).
 */
SCMI_VIO_API bool scmi_vio_platform_dev_arm(struct scmi_vio_platform_dev *dev);

/**
 * scmi_vio_platform_dev_step() - one step of the loop that serves a device.
 *
 * A service() round that ends as arm() would: each queue the round
 * drained (it stopped short of the budget) is armed and re-checked before
 * the device lock is dropped.  The device's own thread and the loopback's
 * inline device run exactly this loop, and so should a caller that
 * services the device itself (no start()):
 *
 *	for (;;) {
 *		while ((n = scmi_vio_platform_dev_step(dev)) > 0)
 *			;
 *		if (n < 0)
 *			break;	(fatal)
 *		wait for the kick, with a timeout while
 *		scmi_vio_platform_dev_has_deferred();
 *	}
 *
 * Context: any thread; takes the device lock (serialized with service()).
 * Ordering: those of service() and arm().
 * Ownership: as service().
 * Return: 0 when nothing is left and kicks are requested (safe to sleep
 *         until a kick); a positive number when a queue stopped at its
 *         budget or chains arrived while arming (step again); or
 *         service()'s fatal error (-EIO, or the negated error of an
 *         interrupt doorbell's ring: -EPIPE, -ECONNRESET, -EBADF, ...).
 */
SCMI_VIO_API int scmi_vio_platform_dev_step(struct scmi_vio_platform_dev *dev);

/**
 * scmi_vio_platform_dev_has_deferred() - is work waiting for a later round?
 *
 * True while a reply is held by DELAY or REORDER or the eventq is withheld:
 * such work needs another service round, not a kick.  (A DRESP_FIRST reply
 * waits for an eventq buffer, which the driver kicks for.)
 *
 * Context: any thread; takes the device lock.
 * Ordering: none beyond the lock.  Ownership: none.
 * Return: true if a later service round has work to release.
 */
SCMI_VIO_API bool
scmi_vio_platform_dev_has_deferred(struct scmi_vio_platform_dev *dev);

/**
 * scmi_vio_platform_dev_start() - serve from a thread woken by @kick.
 * @kick: a thread or fd doorbell the driver rings for both queues, or for
 *        the cmdq alone when the config has an eventq_kick (then an fd
 *        doorbell: the thread polls both, and stop() wakes it through a
 *        doorbell of its own, so a kick fd this process cannot write, a
 *        pipe's read end, is fine).
 *
 * The thread services until nothing is left, re-enables kicks, re-checks,
 * and waits (with a short timeout while work is deferred to later rounds).
 * It ends at the first fatal error (a broken queue, a failing interrupt or
 * kick doorbell), after reporting it; stop() must still be called.  The
 * platform rings @kick too when another agent's command queues
 * notifications for this device's agent (one started device per agent).
 *
 * Context: setup; not while started.
 * Ordering: the thread starts after everything before start() (pthread).
 * Ownership: @kick is borrowed until stop() returns.
 * Return: 0; -EINVAL (inline doorbell or NULL; not an fd doorbell while
 *         the config has an eventq_kick); -EBUSY (started); -ENOMEM or an
 *         eventfd(2) errno (the wake doorbell of per-queue kicks); or the
 *         negated error of pthread_create().
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_dev_start(struct scmi_vio_platform_dev *dev,
			    struct scmi_vio_doorbell *kick);

/**
 * scmi_vio_platform_dev_stop() - stop the thread and wait for it.
 *
 * Rings the kick doorbell to wake it.  Idempotent; a no-op when not
 * started.  A second or concurrent call returns only once the thread has
 * been joined (L-14).
 *
 * Context: any thread but the device thread (not from on_error); may run
 *          concurrently with start() and stop().
 * Ordering: the stop flag is released before the kick (pairs with the
 *           thread's acquire); join orders everything the thread did before
 *           stop() returns.
 * Ownership: the kick doorbell is no longer used once it returns.
 * Return: nothing.
 */
SCMI_VIO_API void scmi_vio_platform_dev_stop(struct scmi_vio_platform_dev *dev);

/**
 * scmi_vio_platform_dev_error() - the first fatal error, if any.
 *
 * Context: any thread.
 * Ordering: relaxed; the value is set once, before on_error is called.
 * Ownership: none.
 * Return: 0 while none happened, else the negative errno that was handed
 *         to on_error (-EIO: a queue broke).
 */
SCMI_VIO_API int scmi_vio_platform_dev_error(struct scmi_vio_platform_dev *dev);

/**
 * scmi_vio_platform_dev_next_avail() - where each queue would read next.
 * @cmdq: receives the cmdq's next available index.
 * @eventq: receives the eventq's (0 without P2A); may be NULL.
 *
 * For vhost-user GET_VRING_BASE, and to re-create the device at the same
 * place (cmdq_start, eventq_start).
 *
 * Context: any thread; takes the device lock (stop() the thread first for
 *          a value that stays).
 * Ordering: none beyond the lock.  Ownership: none.
 * Return: nothing.
 */
SCMI_VIO_API void
scmi_vio_platform_dev_next_avail(struct scmi_vio_platform_dev *dev,
				 uint16_t *cmdq, uint16_t *eventq);

/**
 * scmi_vio_platform_dev_get_stats() - snapshot of the counters into @st.
 *
 * Context: any thread; takes the device lock.
 * Ordering: a consistent snapshot.  Ownership: @st is the caller's.
 * Return: nothing.
 */
SCMI_VIO_API void
scmi_vio_platform_dev_get_stats(struct scmi_vio_platform_dev *dev,
				struct scmi_vio_platform_dev_stats *st);

/**
 * scmi_vio_platform_dev_fault_count() - how often fault @kind was injected.
 *
 * Context: any thread, lock-free.
 * Ordering: relaxed: a count at least as recent as the last service round
 *           that happens-before the call.
 * Ownership: none.
 * Return: the count; 0 for an invalid @kind.
 */
SCMI_VIO_API uint64_t scmi_vio_platform_dev_fault_count(
	struct scmi_vio_platform_dev *dev, enum scmi_vio_fault_kind kind);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_PLATFORM_DEV_H */
