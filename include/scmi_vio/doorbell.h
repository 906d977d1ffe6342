/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Doorbells: "tell the other side to look" (docs/architecture.md section 4).
 *
 * Four kinds behind one interface:
 *  - inline:  ring() calls the peer's handler on the ringing thread.  The
 *             handler must not take a lock the ringer may hold; scmi_vio rings
 *             kicks and interrupts only after dropping its queue locks.
 *  - thread:  ring() wakes a thread blocked in scmi_vio_doorbell_wait().
 *  - eventfd: ring() writes the eventfd, wait() reads it; works across
 *             processes and is the fd a VMM hands to KVM ioeventfd/irqfd.
 *  - pipe:    the same 8-byte values over a pipe, FIFO or socket, for a peer
 *             that has no eventfds (User-Mode Linux hands its call fd as an
 *             AF_UNIX stream socket).  Its reader can vanish or stop
 *             reading: ring() never blocks and never raises SIGPIPE.
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

/* How a doorbell reaches the other side (docs/architecture.md section 4). */
enum scmi_vio_doorbell_kind {
	SCMI_VIO_DOORBELL_INLINE,
	SCMI_VIO_DOORBELL_THREAD,
	SCMI_VIO_DOORBELL_EVENTFD,
	SCMI_VIO_DOORBELL_PIPE,
};

/* Handler of an inline doorbell; runs on the ringing thread. */
typedef void (*scmi_vio_doorbell_fn)(void *arg);

/**
 * scmi_vio_doorbell_inline_create() - a doorbell that calls @fn(@arg).
 * @fn:  handler, run by every ring() on the ringing thread.
 * @arg: passed to @fn unchanged.
 * @out: receives the doorbell.
 *
 * Context: setup; any thread.
 * Ordering: none needed (nothing is shared until *@out is published by the
 *           caller).
 * Ownership: the caller owns *@out and frees it with
 *            scmi_vio_doorbell_destroy(); @arg stays the caller's and must
 *            outlive the doorbell.  On failure *@out is set to NULL (if
 *            @out is not NULL).
 * Return: 0, -EINVAL (@fn or @out NULL), -ENOMEM.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_doorbell_inline_create(scmi_vio_doorbell_fn fn, void *arg,
				struct scmi_vio_doorbell **out);

/**
 * scmi_vio_doorbell_thread_create() - a doorbell a thread waits on.
 * @out: receives the doorbell.
 *
 * Timeouts of scmi_vio_doorbell_wait() run on CLOCK_MONOTONIC.
 *
 * Context: setup; any thread.
 * Ordering: none needed (nothing is shared until *@out is published by the
 *           caller).
 * Ownership: the caller owns *@out and frees it with
 *            scmi_vio_doorbell_destroy().  On failure *@out is set to NULL
 *            (if @out is not NULL).
 * Return: 0, -EINVAL (@out NULL), -ENOMEM, or the negated error of
 *         pthread_mutex_init(), pthread_condattr_init(),
 *         pthread_condattr_setclock() or pthread_cond_init() (-EAGAIN,
 *         -ENOMEM, -EINVAL).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_doorbell_thread_create(struct scmi_vio_doorbell **out);

/**
 * scmi_vio_doorbell_eventfd_create() - a doorbell over an eventfd.
 * @fd: an eventfd to use (borrowed: not closed by destroy), or any negative
 *      value (-1) to create one (EFD_CLOEXEC | EFD_NONBLOCK) that the
 *      doorbell owns.
 * @out: receives the doorbell.
 *
 * A borrowed @fd's file status flags are never changed; it may be blocking
 * or not.  Each wait() resets the eventfd counter (one wake-up for any
 * number of rings), so @fd must not be in EFD_SEMAPHORE mode, and only one
 * doorbell in one process may wait on a given eventfd.  Any number of
 * doorbells, in any processes, may ring it.
 *
 * Context: setup; any thread.
 * Ordering: none needed (nothing is shared until *@out is published by the
 *           caller).
 * Ownership: the caller owns *@out and frees it with
 *            scmi_vio_doorbell_destroy().  A borrowed @fd stays the
 *            caller's and must stay open until the doorbell is destroyed;
 *            a created one is closed by destroy.  On failure *@out is set to
 *            NULL (if @out is not NULL) and nothing is closed or leaked.
 * A borrowed @fd is checked to be an eventfd: its inode is
 * anonymous and /proc/self/fd names it "anon_inode:[eventfd]" (without
 * /proc mounted, any anonymous-inode fd passes).  Pipes and sockets belong
 * to scmi_vio_doorbell_pipe_create().
 *
 * Return: 0, -EINVAL (@out NULL, or @fd >= 0 is not an eventfd), -EBADF
 *         (@fd >= 0 is not an open descriptor), -ENOMEM, the negated errno
 *         of eventfd() (-EMFILE, -ENFILE, -ENODEV, -ENOMEM) or of
 *         readlink() on /proc, or -EOPNOTSUPP where eventfds do not exist
 *         (not Linux).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_doorbell_eventfd_create(int fd, struct scmi_vio_doorbell **out);

/**
 * scmi_vio_doorbell_pipe_create() - a doorbell over a pipe, FIFO or socket.
 * @fd: borrowed (not closed by destroy): the write end for ring(), the read
 *      end for wait(), or a socket for either.
 * @out: receives the doorbell.
 *
 * Each ring() writes one 8-byte value of 1 (native byte order), as an
 * eventfd write would, so a peer that reads 8 bytes per interrupt (User-Mode
 * Linux's virtio driver) sees whole values.  A ring() finding the fd full
 * counts as signalled (the reader has rings it has not read); a reader that
 * is gone is -EPIPE or -ECONNRESET, never a SIGPIPE.  A pipe or FIFO is
 * switched to O_NONBLOCK, which every holder of the same open file
 * description sees; a socket's flags are never changed (its calls pass
 * MSG_DONTWAIT).
 *
 * Context: setup; any thread.
 * Ordering: none needed (nothing is shared until *@out is published).
 * Ownership: as scmi_vio_doorbell_eventfd_create() with a borrowed @fd.
 * Return: 0, -EINVAL (@out NULL, or @fd is neither a pipe, FIFO nor
 *         socket), -EBADF (@fd is not an open descriptor), -ENOMEM, or the
 *         negated errno of fcntl().
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_doorbell_pipe_create(int fd, struct scmi_vio_doorbell **out);

/**
 * scmi_vio_doorbell_fd_create() - a doorbell over whatever fd a peer
 * handed over: a pipe kind for a pipe, FIFO or socket, an eventfd kind for
 * an eventfd, refused otherwise.
 * @fd: borrowed, as for the two functions above.
 * @out: receives the doorbell.
 *
 * An eventfd is switched to O_NONBLOCK, as a pipe or FIFO is (every holder
 * of the same open file description sees it): a peer that empties or fills
 * the counter between our look and our read or write could otherwise keep
 * a wait() or ring() asleep for as long as it likes.
 *
 * Context, Ordering, Ownership: as scmi_vio_doorbell_pipe_create().
 * Return: 0, or an error of scmi_vio_doorbell_pipe_create() or
 *         scmi_vio_doorbell_eventfd_create() (-EINVAL: @out NULL or an fd
 *         of another type; -EBADF: @fd negative or not open; the negated
 *         errno of fcntl()).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_doorbell_fd_create(int fd, struct scmi_vio_doorbell **out);

/**
 * scmi_vio_doorbell_destroy() - free a doorbell (NULL is a no-op).
 * @db: the doorbell.
 *
 * Context: nobody rings or waits on it any more, and no ring() or wait()
 *          call on it is still running (the caller excludes them).
 * Ordering: none.
 * Ownership: frees @db; closes its eventfd only if the doorbell created it.
 * Return: nothing.
 */
SCMI_VIO_API void scmi_vio_doorbell_destroy(struct scmi_vio_doorbell *db);

/**
 * scmi_vio_doorbell_ring() - tell the other side to look.
 * @db: the doorbell.
 *
 * Context: any thread, concurrently with other ring() calls and with one
 *          wait(); never blocks except inside an inline handler, and for a
 *          thread doorbell on its internal mutex for the few instructions a
 *          waiter holds it while going to sleep.  Never blocks on a full
 *          fd (an eventfd at its maximum, a pipe or socket whose reader
 *          does not read): that counts as rung.
 * Ordering: everything the caller wrote before ring() is visible to the
 *           handler (inline: program order on the same thread) or to the
 *           waiter after its wait() returns 1 (thread: a seq_cst
 *           read-modify-write in ring() paired with the one in wait();
 *           eventfd: write(2)/read(2), serialized by the kernel on the
 *           eventfd).
 * Ownership: none transferred.
 * Return: 0, -EINVAL (@db NULL), or the negated errno of write(2) or
 *         send(2) for an fd kind (-EBADF, ...; a full fd counts as rung and
 *         returns 0; -EPIPE or -ECONNRESET: a pipe or socket's reader is
 *         gone), or -EIO (a short write: the fd is not what it was).
 */
SCMI_VIO_API int scmi_vio_doorbell_ring(struct scmi_vio_doorbell *db);

/**
 * scmi_vio_doorbell_wait() - wait for a ring.
 * @db: a thread or eventfd doorbell.
 * @timeout_ns: < 0 waits for ever, 0 only checks, > 0 waits at most that
 *              long on CLOCK_MONOTONIC (never less; eventfd timeouts are
 *              rounded up to whole milliseconds).
 *
 * Consumes every ring that happened since the last wait: any number of
 * rings give one return of 1.  A ring that happened before wait() is not
 * lost: wait() returns 1 at once.
 *
 * Context: one waiter per doorbell (and per eventfd); may run concurrently
 *          with ring(); not for inline doorbells.  Blocks (unless
 *          @timeout_ns is 0).
 * Ordering: after it returns 1, everything a ringer wrote before the
 *           ring() that was consumed is visible to the caller (pairs with
 *           the barrier in ring()).
 * Ownership: none transferred.
 * Return: 1 rung, 0 timed out (or nothing pending for @timeout_ns 0),
 *         -EINVAL (@db NULL or an inline doorbell), or for an fd kind the
 *         negated errno of poll(2)/read(2)/recv(2) (-EBADF, -ENOMEM,
 *         -ECONNRESET, ...), -EIO (a short read: the eventfd is not one),
 *         or -EPIPE (end of file on a pipe or socket: every writer is
 *         gone).
 */
SCMI_VIO_API int scmi_vio_doorbell_wait(struct scmi_vio_doorbell *db,
					int64_t timeout_ns);

/**
 * scmi_vio_doorbell_kind() - the doorbell's kind.
 * @db: the doorbell.
 *
 * Context: any thread (fixed at create).
 * Ordering: none.
 * Ownership: none transferred.
 * Return: its kind; SCMI_VIO_DOORBELL_INLINE for a NULL @db.
 */
SCMI_VIO_API enum scmi_vio_doorbell_kind
scmi_vio_doorbell_kind(const struct scmi_vio_doorbell *db);

/**
 * scmi_vio_doorbell_fd() - the fd of an eventfd or pipe doorbell.
 * @db: the doorbell.
 *
 * Context: any thread (fixed at create).
 * Ordering: none.
 * Ownership: the fd stays the doorbell's (or its lender's); do not close it.
 * Return: the fd; -1 for the other kinds or a NULL @db.
 */
SCMI_VIO_API int scmi_vio_doorbell_fd(const struct scmi_vio_doorbell *db);

/**
 * scmi_vio_doorbell_rings() - how many times ring() was called (statistics).
 * @db: the doorbell.
 *
 * Context: any thread, concurrently with ring().
 * Ordering: none (a relaxed read of a relaxed counter).
 * Ownership: none transferred.
 * Return: the count; 0 for a NULL @db.
 */
SCMI_VIO_API uint64_t
scmi_vio_doorbell_rings(const struct scmi_vio_doorbell *db);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_DOORBELL_H */
