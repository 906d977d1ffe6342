// SPDX-License-Identifier: BSD-3-Clause
/*
 * Split virtqueue, device role (virtio 1.2 section 2.7;
 * docs/architecture.md section 3).
 *
 * Theory of operation.
 *
 * The driver is hostile.  The three ring parts are translated through the
 * guest memory map once, at create, and checked for size and alignment
 * (V-16, V-17).  From then on the device reads avail.flags, avail.idx, the
 * avail ring entries, used_event and the descriptors, and writes used.flags,
 * used elements, used.idx and avail_event.  Nothing it decides depends on
 * what it reads back of its own part: used.idx and used.flags live in
 * private shadows, and a used element is read only to skip storing what it
 * already holds.
 *
 * pop() reads avail.idx with acquire.  The driver owns only the heads that
 * are not in flight, so an index more than num - in_flight ahead of the
 * last one consumed (or behind it, which is the same modulo 2^16) is a
 * broken ring (V-1, V-23): counting against num alone would let a head
 * still in flight be made available again and pass unnoticed when the
 * device completes it before reaching the new entry.  The head entry is
 * range-checked (V-2) and checked against the private per-head in-flight
 * state (V-14) before a descriptor is read.
 *
 * The chain walk reads each descriptor once, field by field, into a local
 * copy and only ever looks at the copy (V-18).  A chain is zero or more
 * direct descriptors, optionally ended by one INDIRECT descriptor whose
 * table continues it: the device must accept that shape (spec 2.7.5.3.2,
 * V-8), and the ordering (V-9), length (V-13) and nesting (V-7) rules run
 * across the whole chain.  The walk is bounded by the table it walks: num
 * descriptors for the descriptor table (a chain of exactly num is legal,
 * V-5; the (num + 1)th step is a loop, V-4), the entry count for an
 * indirect table, and the direct descriptors plus the table's entries may
 * not exceed num either (no chain longer than the queue, 2.7.5.3.1).  An
 * indirect table is copied whole into a private buffer allocated at create
 * (num entries, the most a table may have) with one guest-memory read, so
 * the whole table is range-checked before use (V-12), may span adjacent
 * regions, and each entry is read from guest memory once.
 *
 * Shared memory is only ever read or written with relaxed atomics, the
 * indirect table with the atomics header's word-wise copy, so a driver
 * that scribbles on the ring while we read it is a race the race detector
 * knows is intended, and each field is still read once (V-24).
 *
 * Policies where the spec leaves the device a choice:
 *  - INDIRECT with NEXT is rejected (the spec forbids it to drivers, and
 *    a table followed by more descriptors has no defined order, V-8);
 *  - the WRITE flag of an indirect descriptor is ignored (spec 2.7.5.3.2);
 *  - a zero-length descriptor is rejected (V-10): it carries nothing, and
 *    accepting it would let a chain pad out the walk for free;
 *  - an indirect table with more entries than num is rejected (V-6).
 *
 * A malformed chain is consumed once (last_avail moves on) and completed at
 * once with used length 0 (V-22), so the driver gets its head back and the
 * queue goes on; pop() returns the error.  The caller should treat that
 * completion like a push and call need_notify().  pop_many() is a burst of
 * pops; it stops in front of a malformed chain that is not its first,
 * leaving it for the next call, so each error has one call that returns
 * it and a chain's descriptors are never read twice in one call.  A
 * malformed ring latches
 * the queue broken; from then on no call reads or writes ring memory
 * (invariant 3).  break() may race with a call in progress: that call may
 * finish its ring accesses, every later one sees the latch.
 *
 * Chains in flight = (u16)(last_avail - used_idx): every consumed head is
 * either in flight or was completed by push() or by a chain error.
 *
 * Synchronization: every call except is_broken() and break() is serialized by
 * the caller.  In SCMI_VIO_DEBUG builds a concurrent entry is detected and
 * refused (-EBUSY, false or no-op) before it touches the queue state.
 * No call allocates after create.
 */
#include <errno.h>
#include <stdlib.h>

#include <scmi_vio/vq_device.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "common/cacheline.h"
#include "common/compiler.h"
#include "common/owner_check.h"
#include "ring/guest_mem_internal.h"

/* How many chains ahead pop() prefetches descriptors. */
#define PREFETCH_AHEAD 4

/* Private state per head; what push() trusts, whatever the table says now. */
struct vqd_head {
	uint32_t write_bytes; /* writable bytes of the chain popped here */
	bool in_flight;
};

struct scmi_vio_vqd {
	struct scmi_vio_vring vr; /* host view of the three parts */
	const struct scmi_vio_gmem *gm;
	/* The region the last buffer was in; buffers cluster, so trying it
	 * first skips the search.  Points into the immutable map. */
	const struct scmi_vio_gmem_region *hot;
	uint16_t mask; /* num - 1 */
	bool event_idx;
	bool indirect;
	unsigned int max_in_flight;
	uint16_t last_avail; /* next avail ring index to consume */
	uint16_t avail_seen; /* avail.idx as last read (validated) */
	uint16_t used_idx; /* shadow of used.idx; only we write it */
	uint16_t used_flags; /* shadow of used.flags; only we write it */
	uint16_t signalled_used; /* used_idx at the last need_notify() */
	uint64_t unsignalled; /* entries pushed since then */
	struct vqd_head *heads; /* [num] */
	struct scmi_vio_vring_desc *itable; /* [num] copy; INDIRECT_DESC only */
	int broken; /* ATOMIC: latched; set from any thread */
	struct sv_owner owner; /* debug builds: one caller at a time */
};

/* What a chain walk has gathered so far. */
struct vqd_walk {
	struct iovec *iov;
	unsigned int max_iov;
	unsigned int n; /* entries of iov filled */
	unsigned int n_read; /* of which device-readable */
	uint64_t read_bytes;
	uint64_t write_bytes;
};

static bool vqd_broken(const struct scmi_vio_vqd *vqd)
{
	/* No data is published with the latch: relaxed is enough. */
	return sv_read_once(&vqd->broken);
}

static int vqd_set_broken(struct scmi_vio_vqd *vqd)
{
	sv_write_once(&vqd->broken, 1);
	return -EIO;
}

static unsigned int vqd_in_flight(const struct scmi_vio_vqd *vqd)
{
	return (uint16_t)(vqd->last_avail - vqd->used_idx);
}

int scmi_vio_vqd_create(const struct scmi_vio_vqd_config *cfg,
			struct scmi_vio_vqd **out)
{
	void *desc, *avail, *used;
	struct scmi_vio_vqd *vqd;
	unsigned int num;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!cfg || !cfg->gmem)
		return -EINVAL;
	num = cfg->ring.num;
	/* V-16 */
	if (!scmi_vio_vring_valid_size(num))
		return -EINVAL;
	/* V-17: the guest addresses; the host ones are checked below. */
	if (cfg->ring.desc_gpa % SCMI_VIO_VRING_DESC_ALIGN ||
	    cfg->ring.avail_gpa % SCMI_VIO_VRING_AVAIL_ALIGN ||
	    cfg->ring.used_gpa % SCMI_VIO_VRING_USED_ALIGN)
		return -EINVAL;
	desc = scmi_vio_gmem_contig(cfg->gmem, cfg->ring.desc_gpa,
				    scmi_vio_vring_desc_bytes(num), false);
	avail = scmi_vio_gmem_contig(cfg->gmem, cfg->ring.avail_gpa,
				     scmi_vio_vring_avail_bytes(num), false);
	used = scmi_vio_gmem_contig(cfg->gmem, cfg->ring.used_gpa,
				    scmi_vio_vring_used_bytes(num), true);
	if (!desc || !avail || !used)
		return -EFAULT;

	vqd = sv_zalloc_lines(1, sizeof(*vqd));
	if (!vqd)
		return -ENOMEM;
	/* A region mapped at a misaligned host address would make the ring
	 * fields misaligned for atomic access even with aligned gpas. */
	ret = scmi_vio_vring_attach(&vqd->vr, num, desc, avail, used);
	if (ret)
		goto err;
	ret = -ENOMEM;
	vqd->heads = sv_zalloc_lines(num, sizeof(*vqd->heads));
	if (!vqd->heads)
		goto err;
	vqd->indirect = cfg->features & (1ull << SCMI_VIO_F_INDIRECT_DESC);
	if (vqd->indirect) {
		vqd->itable = calloc(num, sizeof(*vqd->itable));
		if (!vqd->itable)
			goto err;
	}
	vqd->gm = cfg->gmem;
	vqd->mask = (uint16_t)(num - 1);
	vqd->event_idx = cfg->features & (1ull << SCMI_VIO_F_EVENT_IDX);
	/* Resumed with nothing in flight: consumed == used == start_idx. */
	vqd->last_avail = cfg->start_idx;
	vqd->avail_seen = cfg->start_idx;
	vqd->used_idx = cfg->start_idx;
	vqd->signalled_used = cfg->start_idx;
	/* More than num can never be in flight; larger limits mean num. */
	vqd->max_in_flight = num;
	if (cfg->max_in_flight && cfg->max_in_flight < num)
		vqd->max_in_flight = cfg->max_in_flight;
	*out = vqd;
	return 0;
err:
	scmi_vio_vqd_destroy(vqd);
	return ret;
}

void scmi_vio_vqd_destroy(struct scmi_vio_vqd *vqd)
{
	if (!vqd)
		return;
	free(vqd->itable);
	free(vqd->heads);
	free(vqd);
}

/* Read one descriptor once, field by field, into a host-endian copy. */
static void desc_load(const struct scmi_vio_vring_desc *src,
		      struct scmi_vio_vring_desc *d)
{
	d->addr = sv_le64_to_cpu(sv_read_once(&src->addr));
	d->len = sv_le32_to_cpu(sv_read_once(&src->len));
	d->flags = sv_le16_to_cpu(sv_read_once(&src->flags));
	d->next = sv_le16_to_cpu(sv_read_once(&src->next));
}

/*
 * Map one buffer: inside the hot region at once, else through the map,
 * whose checks are V-11 (-EOVERFLOW) and V-12 (-EFAULT).  -E2BIG when it
 * needs more than @max_iov entries.
 */
static SV_ALWAYS_INLINE int map_buffer(struct scmi_vio_vqd *vqd, uint64_t gpa,
				       uint32_t len, bool write,
				       struct iovec *iov, unsigned int max_iov)
{
	const struct scmi_vio_gmem_region *r = vqd->hot;
	int n;

	if (!r || !scmi_vio__region_holds(r, gpa, len)) {
		r = scmi_vio__gmem_region(vqd->gm, gpa, len);
		if (!r) {
			n = scmi_vio_gmem_map(vqd->gm, gpa, len, write, iov,
					      max_iov);
			return n == -ENOBUFS ? -E2BIG : n;
		}
		vqd->hot = r;
	}
	if (write && !r->writable)
		return -EFAULT;
	if (!max_iov)
		return -E2BIG;
	iov[0].iov_base = (char *)r->host + (gpa - r->gpa);
	iov[0].iov_len = len;
	/* The caller reads a readable buffer next, and the driver has just
	 * written it: start the miss while the chain is still checked. */
	if (!write)
		sv_prefetch(iov[0].iov_base);
	return 1;
}

/* Validate a direct descriptor and map its buffer into the walk's iovecs. */
static int walk_add(struct scmi_vio_vqd *vqd, struct vqd_walk *w,
		    const struct scmi_vio_vring_desc *d)
{
	bool write = d->flags & SCMI_VIO_VRING_DESC_F_WRITE;
	int n;

	/* V-10 */
	if (!d->len)
		return -EINVAL;
	/* V-9: every descriptor before has len > 0, so write_bytes > 0 iff a
	 * writable one was seen. */
	if (!write && w->write_bytes)
		return -EINVAL;
	/* V-13: sums of u32 lengths, at most num + 1 of them, fit in 64 bits. */
	if (w->read_bytes + w->write_bytes + d->len > UINT32_MAX)
		return -EOVERFLOW;
	n = map_buffer(vqd, d->addr, d->len, write, w->iov + w->n,
		       w->max_iov - w->n);
	if (n < 0)
		return n;
	w->n += n;
	if (write) {
		w->write_bytes += d->len;
	} else {
		w->read_bytes += d->len;
		w->n_read = w->n;
	}
	return 0;
}

static int walk_table(struct scmi_vio_vqd *vqd, struct vqd_walk *w,
		      const struct scmi_vio_vring_desc *table,
		      unsigned int entries, struct scmi_vio_vring_desc d,
		      bool nested);

/*
 * Copy and walk the indirect table @d points to (spec 2.7.5.3), which ends
 * a chain that had @direct direct descriptors before it.
 */
static int walk_indirect(struct scmi_vio_vqd *vqd, struct vqd_walk *w,
			 const struct scmi_vio_vring_desc *d,
			 unsigned int direct)
{
	struct scmi_vio_vring_desc first;
	unsigned int entries;
	int ret;

	if (!vqd->indirect)
		return -EINVAL;
	/* V-8: a table ends its chain. */
	if (d->flags & SCMI_VIO_VRING_DESC_F_NEXT)
		return -EINVAL;
	/* V-6: also covers > 65535 entries, as num <= 32768. */
	if (!d->len || d->len % sizeof(struct scmi_vio_vring_desc))
		return -EINVAL;
	entries = d->len / sizeof(struct scmi_vio_vring_desc);
	/* V-6, and V-4 for the whole chain: direct + table <= num. */
	if (entries > vqd->vr.num - direct)
		return -EINVAL;
	/* V-11, V-12 for the table itself, before any entry is used. */
	ret = scmi_vio_gmem_read(vqd->gm, d->addr, vqd->itable, d->len);
	if (ret)
		return ret;
	desc_load(&vqd->itable[0], &first);
	return walk_table(vqd, w, vqd->itable, entries, first, true);
}

/*
 * Follow a chain whose first descriptor, already read from @table (the
 * shared descriptor table, or the private copy of an indirect table when
 * @nested), is @d; at most @entries descriptors.
 */
static int walk_table(struct scmi_vio_vqd *vqd, struct vqd_walk *w,
		      const struct scmi_vio_vring_desc *table,
		      unsigned int entries, struct scmi_vio_vring_desc d,
		      bool nested)
{
	unsigned int seen;
	int ret;

	for (seen = 1;; seen++) {
		if (d.flags & SCMI_VIO_VRING_DESC_F_INDIRECT) {
			/* V-7 */
			if (nested)
				return -EINVAL;
			/* V-8: after seen - 1 direct ones, it ends the
			 * chain (walk_indirect() refuses NEXT). */
			return walk_indirect(vqd, w, &d, seen - 1);
		}
		ret = walk_add(vqd, w, &d);
		if (ret)
			return ret;
		if (!(d.flags & SCMI_VIO_VRING_DESC_F_NEXT))
			return 0;
		/* V-3 */
		if (d.next >= entries)
			return -EINVAL;
		/* V-4: a longer chain revisits an entry, i.e. loops. */
		if (seen == entries)
			return -EINVAL;
		desc_load(&table[d.next], &d);
	}
}

/* Write one used element (host-endian in, little-endian out). */
static void used_put(struct scmi_vio_vqd *vqd, uint32_t id, uint32_t len)
{
	struct scmi_vio_vring_used_elem *e =
		&vqd->vr.used->ring[vqd->used_idx & vqd->mask];
	const uint32_t i = sv_cpu_to_le32(id), l = sv_cpu_to_le32(len);

	/* As the driver does with descriptors: an element that already
	 * reads as wanted (the same head and length a lap ago) is not
	 * stored, so its cache line stays shared with the driver.  Whatever
	 * the driver scribbled there, it then reads what we meant. */
	if (sv_read_once(&e->id) != i || sv_read_once(&e->len) != l) {
		sv_write_once(&e->id, i);
		sv_write_once(&e->len, l);
	}
	vqd->used_idx++;
	vqd->unsignalled++;
}

static void used_publish(struct scmi_vio_vqd *vqd)
{
	/* The used elements, and whatever the caller wrote into the buffers,
	 * are visible before the new index; pairs with the driver's acquire
	 * load of used.idx before it reads the elements. */
	sv_store_release(&vqd->vr.used->idx, sv_cpu_to_le16(vqd->used_idx));
}

/*
 * The common chain: one direct descriptor @d, mapped without a walk.  A
 * lone descriptor's length is its chain's, so only V-10 applies.
 */
static SV_ALWAYS_INLINE int map_lone(struct scmi_vio_vqd *vqd,
				     const struct scmi_vio_vring_desc *d,
				     struct scmi_vio_chain *chain,
				     struct iovec *iov, unsigned int max_iov)
{
	bool write = d->flags & SCMI_VIO_VRING_DESC_F_WRITE;
	int n;

	/* V-10 */
	if (!d->len)
		return -EINVAL;
	n = map_buffer(vqd, d->addr, d->len, write, iov, max_iov);
	if (n < 0)
		return n;
	chain->n_read = write ? 0 : (unsigned int)n;
	chain->n_write = write ? (unsigned int)n : 0;
	chain->read_bytes = write ? 0 : d->len;
	chain->write_bytes = write ? d->len : 0;
	return 0;
}

/* Any other chain starting with @d: walked and checked in full. */
static int map_chain(struct scmi_vio_vqd *vqd, struct scmi_vio_vring_desc d,
		     struct scmi_vio_chain *chain, struct iovec *iov,
		     unsigned int max_iov)
{
	struct vqd_walk w = { .iov = iov, .max_iov = max_iov };
	int ret = walk_table(vqd, &w, vqd->vr.desc, vqd->vr.num, d, false);

	if (ret)
		return ret;
	chain->n_read = w.n_read;
	chain->n_write = w.n - w.n_read;
	chain->read_bytes = (uint32_t)w.read_bytes;
	chain->write_bytes = (uint32_t)w.write_bytes;
	return 0;
}

/*
 * Pop the next chain.  When @tentative (a later chain of a burst), a chain
 * that fails to map is left where it is and 0 returned: the next call finds
 * it first and reports it, so it is still consumed exactly once (V-22).
 */
static SV_ALWAYS_INLINE int vqd_pop(struct scmi_vio_vqd *vqd,
				    struct scmi_vio_chain *chain,
				    struct iovec *iov, unsigned int max_iov,
				    bool tentative)
{
	struct scmi_vio_vring_desc d;
	uint16_t avail_idx, head;
	int ret;

	if (vqd_broken(vqd))
		return -EIO;
	/* Read the shared index only once we have consumed all we saw:
	 * it is the line the driver writes on every add. */
	if (vqd->avail_seen == vqd->last_avail) {
		/* The ring entries and descriptors this index covers are
		 * visible before we read them; pairs with the driver's
		 * release store of avail.idx after writing them. */
		avail_idx =
			sv_le16_to_cpu(sv_load_acquire(&vqd->vr.avail->idx));
		/* V-1, V-23: no more new entries than heads the driver
		 * owns; also catches an index that moved backwards. */
		if ((uint16_t)(avail_idx - vqd->last_avail) >
		    vqd->vr.num - vqd_in_flight(vqd))
			return vqd_set_broken(vqd);
		if (avail_idx == vqd->last_avail)
			return 0;
		vqd->avail_seen = avail_idx;
	}
	head = sv_le16_to_cpu(sv_read_once(
		&vqd->vr.avail->ring[vqd->last_avail & vqd->mask]));
	/* Start fetching a later chain's descriptor now: the driver just
	 * wrote it, so it is a miss, and overlapping misses is what keeps
	 * a batch from costing one full cache-line transfer per chain.  A
	 * hint only: nothing is read from it here. */
	if ((uint16_t)(vqd->avail_seen - vqd->last_avail) > PREFETCH_AHEAD) {
		uint16_t ahead = sv_le16_to_cpu(sv_read_once(
			&vqd->vr.avail->ring[(uint16_t)(vqd->last_avail +
							PREFETCH_AHEAD) &
					     vqd->mask]));

		sv_prefetch(&vqd->vr.desc[ahead & vqd->mask]);
	}
	/* V-2, before any descriptor is read. */
	if (head >= vqd->vr.num)
		return vqd_set_broken(vqd);
	/* V-14 (V-23 above already bounds the chains in flight by num). */
	if (vqd->heads[head].in_flight)
		return vqd_set_broken(vqd);
	if (vqd_in_flight(vqd) >= vqd->max_in_flight)
		return -EBUSY;

	chain->head = head;
	desc_load(&vqd->vr.desc[head], &d);
	if (!(d.flags &
	      (SCMI_VIO_VRING_DESC_F_NEXT | SCMI_VIO_VRING_DESC_F_INDIRECT)))
		ret = map_lone(vqd, &d, chain, iov, max_iov);
	else
		ret = map_chain(vqd, d, chain, iov, max_iov);
	if (ret && tentative)
		return 0;
	vqd->last_avail++;
	if (ret) {
		/* V-22: consumed once, returned at once, never re-parsed. */
		used_put(vqd, head, 0);
		used_publish(vqd);
		return ret;
	}
	vqd->heads[head].in_flight = true;
	vqd->heads[head].write_bytes = chain->write_bytes;
	chain->iov = iov;
	return 1;
}

static int vqd_pop_many(struct scmi_vio_vqd *vqd, struct scmi_vio_chain *chains,
			unsigned int max_chains, struct iovec *iov,
			unsigned int max_iov)
{
	unsigned int n, iov_used = 0;
	int ret = 0;

	for (n = 0; n < max_chains && iov_used < max_iov; n++) {
		ret = vqd_pop(vqd, &chains[n], iov + iov_used,
			      max_iov - iov_used, n > 0);
		if (ret != 1)
			break;
		iov_used += chains[n].n_read + chains[n].n_write;
	}
	return n ? (int)n : ret;
}

int scmi_vio_vqd_pop_many(struct scmi_vio_vqd *vqd,
			  struct scmi_vio_chain *chains,
			  unsigned int max_chains, struct iovec *iov,
			  unsigned int max_iov)
{
	int ret;

	/* Caller bugs; nothing is consumed. */
	if (!vqd || !chains || !max_chains || !iov || !max_iov)
		return -EINVAL;
	if (!sv_owner_enter(&vqd->owner))
		return -EBUSY;
	ret = vqd_pop_many(vqd, chains, max_chains, iov, max_iov);
	sv_owner_exit(&vqd->owner);
	return ret;
}

int scmi_vio_vqd_pop(struct scmi_vio_vqd *vqd, struct scmi_vio_chain *chain,
		     struct iovec *iov, unsigned int max_iov)
{
	int ret;

	/* Caller bugs; nothing is consumed. */
	if (!vqd || !chain || !iov || !max_iov)
		return -EINVAL;
	if (!sv_owner_enter(&vqd->owner))
		return -EBUSY;
	ret = vqd_pop(vqd, chain, iov, max_iov, false);
	sv_owner_exit(&vqd->owner);
	return ret;
}

/* V-15: may @id be completed with @len bytes? */
static bool head_completable(const struct scmi_vio_vqd *vqd, uint32_t id,
			     uint32_t len)
{
	return id < vqd->vr.num && vqd->heads[id].in_flight &&
	       len <= vqd->heads[id].write_bytes;
}

static int vqd_push_batch(struct scmi_vio_vqd *vqd,
			  const struct scmi_vio_vring_used_elem *elems,
			  unsigned int n)
{
	unsigned int i, j;

	if (vqd_broken(vqd))
		return -EIO;
	if (n > vqd_in_flight(vqd))
		return -EINVAL;
	/* Take the heads out of flight as we check them, so a head listed
	 * twice fails; put them back if anything fails. */
	for (i = 0; i < n; i++) {
		if (!head_completable(vqd, elems[i].id, elems[i].len)) {
			for (j = 0; j < i; j++)
				vqd->heads[elems[j].id].in_flight = true;
			return -EINVAL;
		}
		vqd->heads[elems[i].id].in_flight = false;
	}
	for (i = 0; i < n; i++)
		used_put(vqd, elems[i].id, elems[i].len);
	if (n)
		used_publish(vqd);
	return 0;
}

int scmi_vio_vqd_push_batch(struct scmi_vio_vqd *vqd,
			    const struct scmi_vio_vring_used_elem *elems,
			    unsigned int n)
{
	int ret;

	if (!vqd || (!elems && n))
		return -EINVAL;
	if (!sv_owner_enter(&vqd->owner))
		return -EBUSY;
	ret = vqd_push_batch(vqd, elems, n);
	sv_owner_exit(&vqd->owner);
	return ret;
}

int scmi_vio_vqd_push(struct scmi_vio_vqd *vqd, uint16_t head, uint32_t len)
{
	const struct scmi_vio_vring_used_elem e = { .id = head, .len = len };

	return scmi_vio_vqd_push_batch(vqd, &e, 1);
}

static bool vqd_need_notify(struct scmi_vio_vqd *vqd)
{
	uint16_t old = vqd->signalled_used;
	uint64_t pushed = vqd->unsignalled;
	uint16_t event, flags;

	if (vqd_broken(vqd) || !pushed)
		return false;
	vqd->signalled_used = vqd->used_idx;
	vqd->unsignalled = 0;
	/* need_event() works modulo 2^16: past that, notify unconditionally. */
	if (pushed >= 0x10000)
		return true;
	/* Store-buffer pattern (L-11): our used.idx store must be visible
	 * before we read the driver's used_event/flags; pairs with the
	 * driver's full barrier between publishing those and re-reading
	 * used.idx, so either it sees our entries or we see its request. */
	sv_smp_mb();
	if (vqd->event_idx) {
		event = sv_le16_to_cpu(
			sv_read_once(scmi_vio_vring_used_event(&vqd->vr)));
		return scmi_vio_vring_need_event(event, vqd->used_idx, old);
	}
	flags = sv_le16_to_cpu(sv_read_once(&vqd->vr.avail->flags));
	return !(flags & SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT);
}

bool scmi_vio_vqd_need_notify(struct scmi_vio_vqd *vqd)
{
	bool ret;

	if (!vqd || !sv_owner_enter(&vqd->owner))
		return false;
	ret = vqd_need_notify(vqd);
	sv_owner_exit(&vqd->owner);
	return ret;
}

void scmi_vio_vqd_disable_notify(struct scmi_vio_vqd *vqd)
{
	if (!vqd || !sv_owner_enter(&vqd->owner))
		return;
	/*
	 * With EVENT_IDX the driver ignores used.flags and only avail_event
	 * matters.  We leave it where enable_notify() put it: the driver then
	 * kicks at most once more, when it passes that index, which costs one
	 * spurious kick and no extra write on every pop.
	 */
	if (!vqd_broken(vqd) && !vqd->event_idx) {
		vqd->used_flags |= SCMI_VIO_VRING_USED_F_NO_NOTIFY;
		/* A hint: no ordering needed. */
		sv_write_once(&vqd->vr.used->flags,
			      sv_cpu_to_le16(vqd->used_flags));
	}
	sv_owner_exit(&vqd->owner);
}

static bool vqd_enable_notify(struct scmi_vio_vqd *vqd)
{
	uint16_t avail_idx;

	if (vqd_broken(vqd))
		return false;
	if (vqd->event_idx) {
		sv_write_once(scmi_vio_vring_avail_event(&vqd->vr),
			      sv_cpu_to_le16(vqd->last_avail));
	} else {
		vqd->used_flags &= (uint16_t)~SCMI_VIO_VRING_USED_F_NO_NOTIFY;
		sv_write_once(&vqd->vr.used->flags,
			      sv_cpu_to_le16(vqd->used_flags));
	}
	/* Store-buffer pattern: our request for kicks must be visible before
	 * we re-read avail.idx; pairs with the driver's full barrier between
	 * its avail.idx store and reading avail_event/used.flags (its
	 * kick_prepare), so a chain made available meanwhile is either seen
	 * here or kicked. */
	sv_smp_mb();
	avail_idx = sv_le16_to_cpu(sv_read_once(&vqd->vr.avail->idx));
	return avail_idx == vqd->last_avail;
}

bool scmi_vio_vqd_enable_notify(struct scmi_vio_vqd *vqd)
{
	bool ret;

	if (!vqd || !sv_owner_enter(&vqd->owner))
		return false;
	ret = vqd_enable_notify(vqd);
	sv_owner_exit(&vqd->owner);
	return ret;
}

unsigned int scmi_vio_vqd_in_flight(const struct scmi_vio_vqd *vqd)
{
	return vqd ? vqd_in_flight(vqd) : 0;
}

bool scmi_vio_vqd_is_broken(const struct scmi_vio_vqd *vqd)
{
	return !vqd || vqd_broken(vqd);
}

void scmi_vio_vqd_break(struct scmi_vio_vqd *vqd)
{
	if (vqd)
		vqd_set_broken(vqd);
}

uint16_t scmi_vio_vqd_next_avail(const struct scmi_vio_vqd *vqd)
{
	return vqd->last_avail;
}
