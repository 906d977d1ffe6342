/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueue, device role: pop available chains, push used ones.
 *
 * The driver on the other side is hostile (a guest we do not trust).  Every
 * index, head, descriptor and address read from the ring is validated before
 * use (docs/hostile-inputs.md V-1..V-22); every descriptor is read exactly once
 * into a private copy; chain walks are bounded by the queue size, indirect
 * tables included; all guest addresses go through a struct scmi_vio_gmem.
 *
 * Two kinds of failure:
 *  - a malformed chain (bad next, loop, bad indirect table, bad address,
 *    readable after writable, ...) is consumed once: pop() completes its head
 *    with used length 0 and returns a negative errno; the queue goes on;
 *  - a malformed ring (avail.idx jumping, a head >= num, a head made available
 *    while in flight) latches the queue broken: every later call fails with
 *    -EIO and the ring memory is not touched again.
 *
 * Synchronization table (one device queue):
 *   every call / every call : caller serializes (one thread, or a lock),
 *                             except is_broken() and break(), which may run
 *                             from any thread at any time.
 * SCMI_VIO_DEBUG builds detect a concurrent call (a caller bug) and refuse
 * it before it touches the queue: -EBUSY, false, or nothing done.
 */
#ifndef SCMI_VIO_VQ_DEVICE_H
#define SCMI_VIO_VQ_DEVICE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include <scmi_vio/export.h>
#include <scmi_vio/guest_mem.h>
#include <scmi_vio/vring.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_vqd;

/* Settings of scmi_vio_vqd_create(): the ring and its limits. */
struct scmi_vio_vqd_config {
	struct scmi_vio_vring_gpa ring; /* its size and the three parts */
	const struct scmi_vio_gmem *gmem; /* must outlive the queue */
	uint64_t features; /* negotiated; EVENT_IDX and INDIRECT_DESC count */
	/* chains popped, not yet pushed; 0 (or more than num) = num */
	unsigned int max_in_flight;
	/*
	 * The available index to resume from (vhost-user SET_VRING_BASE after
	 * GET_VRING_BASE); 0 for a fresh ring.  The first chain popped is
	 * avail.ring[start_idx % num], and used.idx continues from it too:
	 * the queue resumes with nothing in flight, so every chain taken
	 * before the stop must have been returned (one that was not is never
	 * returned).  Guest memory is not read or written at create.
	 */
	uint16_t start_idx;
};

/* One popped chain: readable iovecs first, then writable ones. */
struct scmi_vio_chain {
	uint16_t head; /* what to push back */
	unsigned int n_read; /* iov[0 .. n_read) device-readable */
	unsigned int n_write; /* iov[n_read .. n_read + n_write) writable */
	uint32_t read_bytes;
	uint32_t write_bytes;
	struct iovec *iov; /* the caller's array given to pop() */
};

/**
 * scmi_vio_vqd_create() - attach the device role to a ring in guest memory.
 *
 * The three parts must each lie inside one region of @cfg->gmem, suitably
 * aligned (V-17), the used ring writable; the size must be valid (V-16).
 *
 * Context: setup.
 * Return: 0, -EINVAL (@cfg, @out or @cfg->gmem NULL, bad size, alignment or
 *         config), -EFAULT (a part outside guest memory), -ENOMEM.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_vqd_create(const struct scmi_vio_vqd_config *cfg,
		    struct scmi_vio_vqd **out);

/* Free the queue (NULL is a no-op).  Context: nothing else uses it. */
SCMI_VIO_API void scmi_vio_vqd_destroy(struct scmi_vio_vqd *vqd);

/**
 * scmi_vio_vqd_pop() - take the next available chain.
 * @chain: filled in on success (and chain->head on a chain error).
 * @iov: the caller's iovec array; a buffer that spans two guest regions
 *       takes two entries.
 *
 * Context: serialized with the other calls on this queue.
 * Ordering: reads avail.idx with acquire before the ring entry and the
 *           descriptors it covers (pairs with the driver's release of idx).
 * Ownership: the chain is the device's until pushed.
 * Return: 1 a chain; 0 nothing available; -EIO broken; a chain error
 *         (consumed, completed with used length 0, the queue goes on):
 *         -EINVAL malformed chain, -EFAULT outside guest memory or a
 *         read-only buffer marked writable, -EOVERFLOW address or length
 *         overflow, -E2BIG more segments than @max_iov; -EBUSY when
 *         max_in_flight chains are already popped (nothing consumed).
 *         -EINVAL, with nothing consumed, also for NULL arguments or a
 *         @max_iov of 0.
 */
SCMI_VIO_API int scmi_vio_vqd_pop(struct scmi_vio_vqd *vqd,
				  struct scmi_vio_chain *chain,
				  struct iovec *iov, unsigned int max_iov);

/**
 * scmi_vio_vqd_pop_many() - take up to @max_chains available chains.
 * @chains: filled in for each chain taken.
 * @iov: shared by the chains in order: chains[k].iov points just past the
 *       entries of chains[k - 1].
 *
 * A burst of scmi_vio_vqd_pop() calls, with the same checks, that ends
 * early when the ring is empty, @max_in_flight is reached or @iov is used
 * up.  The first chain is taken exactly as pop() takes it, errors
 * included.  A later chain that fails to map, or does not fit in the
 * iovecs left, ends the burst and stays available: the next call finds it
 * first, and so reports (and completes) it as pop() would.
 *
 * Context, Ordering, Ownership: as scmi_vio_vqd_pop().
 * Return: the number of chains taken (1..@max_chains), or, when none is,
 *         what scmi_vio_vqd_pop() returns for the first; -EINVAL with
 *         nothing consumed for NULL arguments or a zero count.
 */
SCMI_VIO_API int scmi_vio_vqd_pop_many(struct scmi_vio_vqd *vqd,
				       struct scmi_vio_chain *chains,
				       unsigned int max_chains,
				       struct iovec *iov, unsigned int max_iov);

/**
 * scmi_vio_vqd_push() - return one chain with @len bytes written.
 *
 * Context: serialized with the other calls on this queue.
 * Ordering: the used element and everything written into the buffer are
 *           visible before used.idx (release; pairs with the driver's
 *           acquire of used.idx).
 * Return: 0; -EINVAL (@head not popped and in flight, V-15, or @len larger
 *         than the chain's writable bytes); -EIO broken.
 */
SCMI_VIO_API int scmi_vio_vqd_push(struct scmi_vio_vqd *vqd, uint16_t head,
				   uint32_t len);

/**
 * scmi_vio_vqd_push_batch() - return @n chains with one used.idx update.
 * @elems: host-endian {id = head, len} pairs.
 *
 * All-or-nothing: if any element is invalid nothing is pushed.
 *
 * Context, Ordering: as scmi_vio_vqd_push().
 * Return: 0, -EINVAL, -EIO.
 */
SCMI_VIO_API int
scmi_vio_vqd_push_batch(struct scmi_vio_vqd *vqd,
			const struct scmi_vio_vring_used_elem *elems,
			unsigned int n);

/**
 * scmi_vio_vqd_need_notify() - should the driver be interrupted now?
 *
 * Decides for everything pushed since the previous call: with EVENT_IDX by
 * the driver's used_event, else by avail.flags NO_INTERRUPT; always true once
 * 2^16 or more entries were pushed without a notification.
 *
 * Context: serialized; call after a batch of pushes, ring the interrupt
 *          doorbell when it says so.
 * Ordering: a full barrier between the used.idx store and reading the
 *           driver's flags/used_event (pairs with the barrier the driver
 *           issues between writing used_event and re-reading used.idx).
 * Return: true if a notification is due; false when broken.
 */
SCMI_VIO_API bool scmi_vio_vqd_need_notify(struct scmi_vio_vqd *vqd);

/**
 * scmi_vio_vqd_disable_notify() - ask the driver not to kick (a hint).
 *
 * Context: serialized.
 */
SCMI_VIO_API void scmi_vio_vqd_disable_notify(struct scmi_vio_vqd *vqd);

/**
 * scmi_vio_vqd_enable_notify() - ask for kicks again, then re-check.
 *
 * With EVENT_IDX publishes avail_event = the next index we will read.
 *
 * Context: serialized.
 * Ordering: a full barrier between publishing and re-reading avail.idx
 *           (pairs with the driver's barrier between publishing avail.idx
 *           and reading avail_event/used.flags), so a chain made available
 *           meanwhile is either seen here or kicked.
 * Return: true if the queue is empty and it is safe to wait for a kick;
 *         false if chains arrived (pop them first); false when broken.
 */
SCMI_VIO_API bool scmi_vio_vqd_enable_notify(struct scmi_vio_vqd *vqd);

/**
 * scmi_vio_vqd_next_avail() - the available index the next pop() reads.
 *
 * What vhost-user GET_VRING_BASE reports, and what start_idx takes back.
 *
 * Context: serialized with the other calls on this queue.
 * Ordering: none.  Ownership: none.
 * Return: the index (modulo 2^16).
 */
SCMI_VIO_API uint16_t scmi_vio_vqd_next_avail(const struct scmi_vio_vqd *vqd);

/* Chains popped and not yet pushed. */
SCMI_VIO_API unsigned int
scmi_vio_vqd_in_flight(const struct scmi_vio_vqd *vqd);

/* Latched broken?  Context: any thread. */
SCMI_VIO_API bool scmi_vio_vqd_is_broken(const struct scmi_vio_vqd *vqd);

/* Latch broken (e.g. at device reset).  Context: any thread. */
SCMI_VIO_API void scmi_vio_vqd_break(struct scmi_vio_vqd *vqd);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_VQ_DEVICE_H */
