/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Doorbells: "tell the other side to look" (DESIGN.md section 4).
 *
 * Three kinds behind one interface:
 *  - inline:  ring() calls the peer's handler on the ringing thread.  The
 *             handler must not take a lock the ringer may hold; scmi_vio rings
 *             kicks and interrupts only after dropping its queue locks.
 *  - thread:  ring() wakes a thread blocked in scmi_vio_doorbell_wait().
 *  - eventfd: ring() writes the eventfd, wait() reads it; works across
 *             processes and is the fd a VMM hands to KVM ioeventfd/irqfd.
 *
 * Coalescing: rings are not counted for the waiter.  Any number of rings
 * between two waits wake the waiter once, so a handler must drain its queue
 * until empty, re-enable notifications, and re-check (the enable race) before
 * waiting again.  A ring that happens before wait() is not lost: wait()
 * returns at once.
 *
 * Synchronization table:
 *   ring    / ring    : may run concurrently
 *   ring    / wait    : may run concurrently
 *   wait    / wait    : one waiter per doorbell
 *   destroy / any     : caller excludes
 */
#ifndef SCMI_VIO_DOORBELL_H
#define SCMI_VIO_DOORBELL_H

#include <stdint.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_doorbell;

enum scmi_vio_doorbell_kind {
	SCMI_VIO_DOORBELL_INLINE,
	SCMI_VIO_DOORBELL_THREAD,
	SCMI_VIO_DOORBELL_EVENTFD,
};

/* Handler of an inline doorbell; runs on the ringing thread. */
typedef void (*scmi_vio_doorbell_fn)(void *arg);

/**
 * scmi_vio_doorbell_inline_create() - a doorbell that calls @fn(@arg).
 *
 * Context: setup.
 * Return: 0, -EINVAL (@fn or @out NULL), -ENOMEM.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_doorbell_inline_create(scmi_vio_doorbell_fn fn, void *arg,
				struct scmi_vio_doorbell **out);

/**
 * scmi_vio_doorbell_thread_create() - a doorbell a thread waits on.
 *
 * Context: setup.
 * Return: 0, -EINVAL, -ENOMEM, or an errno from pthread initialisation.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_doorbell_thread_create(struct scmi_vio_doorbell **out);

/**
 * scmi_vio_doorbell_eventfd_create() - a doorbell over an eventfd.
 * @fd: an eventfd to use (borrowed: not closed by destroy), or -1 to create
 *      one that the doorbell owns.
 *
 * Context: setup.
 * Return: 0, -EINVAL, -ENOMEM, or the errno of eventfd().
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_doorbell_eventfd_create(int fd, struct scmi_vio_doorbell **out);

/**
 * scmi_vio_doorbell_destroy() - free a doorbell (NULL is a no-op).
 *
 * Context: nobody rings or waits on it any more.
 */
SCMI_VIO_API void scmi_vio_doorbell_destroy(struct scmi_vio_doorbell *db);

/**
 * scmi_vio_doorbell_ring() - tell the other side to look.
 *
 * Context: any thread; never blocks except inside an inline handler.
 * Ordering: everything the caller wrote before ring() is visible to the
 *           handler or to the waiter after its wait() returns (a full
 *           barrier in ring(), paired with the one in wait()).
 * Return: 0, or a negative errno from write(2) for an eventfd.
 */
SCMI_VIO_API int scmi_vio_doorbell_ring(struct scmi_vio_doorbell *db);

/**
 * scmi_vio_doorbell_wait() - wait for a ring.
 * @timeout_ns: < 0 waits for ever, 0 only checks.
 *
 * Consumes every ring that happened since the last wait.
 *
 * Context: one waiter per doorbell; not for inline doorbells.
 * Return: 1 rung, 0 timed out, -EINVAL (inline doorbell), or a negative
 *         errno from poll(2)/read(2).
 */
SCMI_VIO_API int scmi_vio_doorbell_wait(struct scmi_vio_doorbell *db,
					int64_t timeout_ns);

/* The doorbell's kind. */
SCMI_VIO_API enum scmi_vio_doorbell_kind
scmi_vio_doorbell_kind(const struct scmi_vio_doorbell *db);

/* The eventfd of an eventfd doorbell, -1 for the other kinds. */
SCMI_VIO_API int scmi_vio_doorbell_fd(const struct scmi_vio_doorbell *db);

/* How many times ring() was called on this doorbell (for statistics). */
SCMI_VIO_API uint64_t scmi_vio_doorbell_rings(const struct scmi_vio_doorbell *db);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_DOORBELL_H */
