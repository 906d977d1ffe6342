/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueue, driver role: add buffers, kick, reap used ones.
 *
 * The device on the other side may be buggy or hostile.  All bookkeeping
 * lives in private shadow state: per head the caller's token, the chain's
 * descriptor count and its device-writable byte count, and a private free
 * list.  The driver writes the shared descriptor table and avail ring and
 * reads them back only to skip a store of what is already there (never to
 * decide anything else); the device's part it reads is used.idx, used
 * elements, avail_event and used.flags, each validated (docs/hostile-inputs.md
 * D-1..D-12).
 *
 * The ring never owns caller memory: a buffer is identified by an opaque
 * token given to add() and handed back by get_used() or detach_unused().
 *
 * Polling positions are 64-bit: the queue counts every used entry it has
 * reaped in 64 bits, so "has anything been used since position P" has no
 * wrap-around ambiguity (docs/architecture.md section 3).  The 16-bit form
 * Linux uses is kept as enable_cb_prepare16()/poll16() to demonstrate the
 * difference.
 *
 * Synchronization table (one queue):
 *   add, kick_prepare, kick, get_used, disable_cb, enable_cb*,
 *   detach_unused, set_used_len_policy      : caller serializes (a lock)
 *   notify, poll, poll16, is_broken, break  : any thread, any time
 *   destroy                                 : caller excludes everything
 */
#ifndef SCMI_VIO_VIRTQUEUE_H
#define SCMI_VIO_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/export.h>
#include <scmi_vio/vring.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_vq;

/* One buffer segment, at an address the device understands. */
struct scmi_vio_seg {
	uint64_t addr;
	uint32_t len;
};

/* What get_used() reports when the device claims more than was posted (D-4). */
enum scmi_vio_used_len_policy {
	/* min(used.len, writable bytes posted): the default. */
	SCMI_VIO_USED_LEN_CLAMP = 0,
	/* An over-long used.len is a device bug: the queue latches broken. */
	SCMI_VIO_USED_LEN_STRICT,
	/* Report used.len unchecked; the caller validates before copying. */
	SCMI_VIO_USED_LEN_IGNORE,
};

/* Settings of scmi_vio_vq_create(). */
struct scmi_vio_vq_config {
	/* Host view of the ring (scmi_vio_vring_layout() or _attach()). */
	struct scmi_vio_vring ring;
	/* Negotiated features; EVENT_IDX and INDIRECT_DESC are honoured. */
	uint64_t features;
	enum scmi_vio_used_len_policy used_len_policy;
	/*
	 * Memory for indirect tables, device-visible at indirect_addr:
	 * indirect_bytes / (indirect_max * 16) tables of indirect_max
	 * entries each, 16-byte aligned.  Without it (or when every table is
	 * in use, or a chain is longer than indirect_max) add() falls back
	 * to direct descriptors.
	 */
	void *indirect_mem;
	uint64_t indirect_addr;
	size_t indirect_bytes;
	unsigned int indirect_max;
	/* Rung by notify(); may be NULL (the device polls). */
	struct scmi_vio_doorbell *kick;
	/*
	 * A driver that only ever polls: the device is asked once, at
	 * create, never to interrupt (avail.flags NO_INTERRUPT; with
	 * EVENT_IDX, where avail.flags stays 0, used_event parked a full lap
	 * behind: at most one interrupt per 2^16 completions), disable_cb()
	 * and the enable_cb*() calls then leave shared memory alone and only
	 * answer, and poll() needs no full barrier: there is no interrupt
	 * request for it to order.
	 */
	bool no_interrupts;
};

/* A consistent view of the driver's bookkeeping (invariant 1). */
struct scmi_vio_vq_state {
	unsigned int num;
	unsigned int free_descs; /* descriptors on the free list */
	unsigned int busy_descs; /* descriptors owned by chains in flight */
	unsigned int heads_in_flight; /* chains added and not yet reaped */
	uint64_t added; /* chains ever added */
	uint64_t used; /* chains ever reaped (the 64-bit poll position) */
};

/**
 * scmi_vio_vq_create() - driver role over a ring.
 *
 * The ring's avail part is initialised (flags, idx, used_event = 0); the
 * caller lays out or resets the ring before the device starts.
 *
 * Context: setup.
 * Return: 0, -EINVAL (@cfg or @out NULL, bad ring or indirect memory), -ENOMEM.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_vq_create(const struct scmi_vio_vq_config *cfg,
		   struct scmi_vio_vq **out);

/* Free the queue (NULL is a no-op); tokens still in flight are forgotten. */
SCMI_VIO_API void scmi_vio_vq_destroy(struct scmi_vio_vq *vq);

/**
 * scmi_vio_vq_add() - make a chain available to the device.
 * @out: device-readable segments, @n_out of them.
 * @in: device-writable segments, @n_in of them.
 * @token: non-NULL; returned by get_used() when the device is done.
 *
 * Uses one indirect descriptor when INDIRECT_DESC is negotiated, the chain
 * has more than one segment and a table is free; else direct descriptors.
 * avail.idx is published at once; the device learns of it by polling or by
 * a kick (kick_prepare() + notify(), or kick()).
 *
 * Context: serialized.
 * Ordering: descriptors and the ring entry are visible before avail.idx
 *           (release; pairs with the device's acquire of avail.idx).
 * Ownership: the buffers are the device's until the token comes back.
 * Return: 0; -EINVAL (no segments, a zero-length segment, a NULL token,
 *         more segments than the queue size, or 2^32 bytes or more in all,
 *         readable and writable together: D-13); -ENOSPC (not enough free
 *         descriptors: retry after reaping); -EIO broken.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_vq_add(struct scmi_vio_vq *vq, const struct scmi_vio_seg *out,
		unsigned int n_out, const struct scmi_vio_seg *in,
		unsigned int n_in, void *token);

/* One chain for scmi_vio_vq_add_many(). */
struct scmi_vio_vq_buf {
	const struct scmi_vio_seg *out;
	unsigned int n_out;
	const struct scmi_vio_seg *in;
	unsigned int n_in;
	void *token;
};

/**
 * scmi_vio_vq_add_many() - add up to @n chains, publishing avail.idx once.
 *
 * As scmi_vio_vq_add() for each chain in order, stopping at the first that
 * cannot be added; the device sees all the added chains at once.
 *
 * Context, Ordering, Ownership: as scmi_vio_vq_add().
 * Return: the number of chains added (1..@n), or, when the first cannot be
 *         added, its error (-EINVAL, -ENOSPC, -EIO); 0 for @n == 0.
 */
SCMI_VIO_API int scmi_vio_vq_add_many(struct scmi_vio_vq *vq,
				      const struct scmi_vio_vq_buf *bufs,
				      unsigned int n);

/**
 * scmi_vio_vq_kick_prepare() - does the device want a kick for what was
 * added since the last call?
 *
 * With EVENT_IDX by avail_event, else by used.flags NO_NOTIFY; always true
 * once 0xffff chains were added without a kick decision (the 16-bit window
 * must not wrap, D-7).
 *
 * Context: serialized.
 * Ordering: a full barrier between avail.idx and reading avail_event or
 *           used.flags (pairs with the device's barrier between publishing
 *           avail_event and re-reading avail.idx).
 * Return: true if notify() should be called; false when broken.
 */
SCMI_VIO_API bool scmi_vio_vq_kick_prepare(struct scmi_vio_vq *vq);

/**
 * scmi_vio_vq_notify() - ring the kick doorbell.
 *
 * Context: any thread, no lock needed (call it after dropping the lock that
 *          serializes add, so an inline device can run, L-10).
 * Return: 0; -EIO broken; a doorbell error (the queue is then broken).
 */
SCMI_VIO_API int scmi_vio_vq_notify(struct scmi_vio_vq *vq);

/* kick_prepare() then, if due, notify().  Context: serialized. */
SCMI_VIO_API int scmi_vio_vq_kick(struct scmi_vio_vq *vq);

/**
 * scmi_vio_vq_get_used() - reap one used chain.
 * @token: its token.
 * @len: bytes the device wrote, per the used-length policy (D-4, D-5).
 *
 * Context: serialized.
 * Ordering: reads used.idx with acquire before the used element (pairs
 *           with the device's release of used.idx).
 * Return: 1 reaped; 0 nothing used; -EIO broken (now or before: a used id
 *         out of range or not in flight, used.idx jumping, STRICT policy).
 */
SCMI_VIO_API int scmi_vio_vq_get_used(struct scmi_vio_vq *vq, void **token,
				      uint32_t *len);

/* One reaped chain, for scmi_vio_vq_get_used_many(). */
struct scmi_vio_vq_used {
	void *token;
	uint32_t len;
};

/**
 * scmi_vio_vq_get_used_many() - reap up to @max used chains at once.
 *
 * As scmi_vio_vq_get_used() repeated, with used_event (EVENT_IDX) written
 * once at the end.
 *
 * Context, Ordering: as scmi_vio_vq_get_used().
 * Return: the number reaped (0..@max); -EIO if the queue is broken and
 *         nothing was reaped (chains reaped before a violation is found
 *         are returned first, the next call reports -EIO); -EINVAL.
 */
SCMI_VIO_API int scmi_vio_vq_get_used_many(struct scmi_vio_vq *vq,
					   struct scmi_vio_vq_used *out,
					   unsigned int max);

/**
 * scmi_vio_vq_disable_cb() - ask the device not to interrupt (a hint).
 *
 * Context: serialized.
 */
SCMI_VIO_API void scmi_vio_vq_disable_cb(struct scmi_vio_vq *vq);

/**
 * scmi_vio_vq_enable_cb() - ask for interrupts again, then re-check.
 *
 * On a no_interrupts queue nothing is asked: only the re-check, and no
 * interrupt will come, whatever the answer.
 *
 * Context: serialized.
 * Return: true if nothing is pending (safe to wait for an interrupt), or
 *         the queue is broken (nothing more will come); false if used
 *         chains raced in (reap them first).
 */
SCMI_VIO_API bool scmi_vio_vq_enable_cb(struct scmi_vio_vq *vq);

/**
 * scmi_vio_vq_enable_cb_delayed() - as enable_cb(), but with EVENT_IDX ask
 * to be interrupted only once about 3/4 of the chains in flight are used.
 *
 * Context: serialized.
 * Return: true if fewer than that 3/4 are used already (safe to wait), or
 *         the queue is broken; false if more are used (reap them first).
 */
SCMI_VIO_API bool scmi_vio_vq_enable_cb_delayed(struct scmi_vio_vq *vq);

/**
 * scmi_vio_vq_enable_cb_prepare() - re-enable interrupts and return the
 * 64-bit poll position (the count of chains reaped so far).
 *
 * Context: serialized.
 */
SCMI_VIO_API uint64_t scmi_vio_vq_enable_cb_prepare(struct scmi_vio_vq *vq);

/**
 * scmi_vio_vq_poll() - has any chain been used since position @pos?
 *
 * True if chains were reaped since @pos, or the device has used more
 * than were reaped.  No wrap-around: 2^16 (or k x 2^16) completions between
 * prepare and poll still answer true (L-7).
 *
 * Context: any thread, no lock needed.
 * Ordering: a full barrier before reading used.idx, so a poll after
 *           publishing a request sees a completion that was published
 *           before the device saw the request; none on a no_interrupts
 *           queue, whose poller only loses a spin to a late read.
 * Return: true if something was used; false if not, or broken.
 */
SCMI_VIO_API bool scmi_vio_vq_poll(struct scmi_vio_vq *vq, uint64_t pos);

/**
 * scmi_vio_vq_enable_cb_prepare16() / scmi_vio_vq_poll16() - the 16-bit
 * form of the pair, as Linux's virtqueue_enable_cb_prepare()/virtqueue_poll().
 *
 * Ambiguous after exactly k x 2^16 completions between the two calls: the
 * used index then looks unchanged.  Kept for compatibility and for the test
 * that demonstrates why the 64-bit form exists.
 */
SCMI_VIO_API uint16_t scmi_vio_vq_enable_cb_prepare16(struct scmi_vio_vq *vq);
SCMI_VIO_API bool scmi_vio_vq_poll16(struct scmi_vio_vq *vq, uint16_t pos);

/**
 * scmi_vio_vq_detach_unused() - take back one chain the device never used.
 *
 * For shutdown: call after the device is stopped (or the queue is broken)
 * until it returns NULL.  Works on a broken queue and touches no shared
 * memory.
 *
 * Context: serialized; the device no longer processes the queue.
 * Return: a token, or NULL when none is left.
 */
SCMI_VIO_API void *scmi_vio_vq_detach_unused(struct scmi_vio_vq *vq);

/* Change the used-length policy.  Context: serialized. */
SCMI_VIO_API void
scmi_vio_vq_set_used_len_policy(struct scmi_vio_vq *vq,
				enum scmi_vio_used_len_policy policy);

/* Latched broken?  Context: any thread. */
SCMI_VIO_API bool scmi_vio_vq_is_broken(const struct scmi_vio_vq *vq);

/* Latch broken: every later operation fails with -EIO.  Context: any. */
SCMI_VIO_API void scmi_vio_vq_break(struct scmi_vio_vq *vq);

/* The queue size. */
SCMI_VIO_API unsigned int scmi_vio_vq_size(const struct scmi_vio_vq *vq);

/* Free descriptors.  Context: serialized. */
SCMI_VIO_API unsigned int scmi_vio_vq_num_free(const struct scmi_vio_vq *vq);

/* Snapshot of the bookkeeping (invariant 1).  Context: serialized. */
SCMI_VIO_API void scmi_vio_vq_get_state(const struct scmi_vio_vq *vq,
					struct scmi_vio_vq_state *st);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_VIRTQUEUE_H */
