// SPDX-License-Identifier: BSD-3-Clause
/*
 * Split virtqueue, driver role (virtio 1.2, 2.7.13).
 *
 * Theory of operation
 *
 * The device may be buggy or hostile, so the driver's bookkeeping never
 * depends on what it reads back from shared memory.  Descriptors are taken
 * from a private free list (next[]); per head we remember the caller's token,
 * how many descriptors the chain owns, its last descriptor and the bytes the
 * device may write.  The shared descriptor table (and the avail ring) is
 * read back only to skip storing what it already holds, never to decide
 * anything else.  Returning a chain splices head..last back onto the
 * private free list, so a device that rewrites the table (D-6) cannot
 * corrupt it.
 *
 * Every load and store of shared memory is a relaxed atomic (or an
 * acquire/release where it publishes or consumes), so a device that
 * scribbles on our part meanwhile is no data race (V-24).
 *
 * Of the device's part the driver reads only used.idx, used elements,
 * avail_event and used.flags.  A used id out of range (D-1) or not a head in
 * flight (D-2), and a used.idx that advances by more than the chains in
 * flight or moves backwards (D-3), latch the queue broken.
 *
 * "In flight" is judged per use of a head, not per head: a device that
 * completes a head twice (D-2) has published the second entry before we
 * reap the first, and the head may be added again for a new chain before
 * we reach it.  So each head remembers how many used entries our last
 * used.idx read had covered when it was added (published_before); an entry
 * below that, naming it, was published before this use began and is the
 * stale completion of an earlier one.  Where used.idx was read only after
 * the re-add, the stale entry cannot be told from the new chain's genuine
 * completion (the device may have written it since) and is accepted: only
 * the provable case is refused.
 *
 * Counting: "used" is a 64-bit count of chains reaped.  Its low 16 bits are
 * the used-ring slot we read next (Linux's last_used_idx).  Because the
 * device can never be more than the number in flight (<= num <= 2^15) ahead
 * of it, the device's 16-bit used.idx extends unambiguously, which is what
 * makes the 64-bit poll positions free of wrap-around (L-7).
 *
 * Locking: none inside.  The caller serializes the operations listed in the
 * header's synchronization table; notify(), poll(), is_broken() and break()
 * touch only the atomic fields (broken, used) and shared memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/virtqueue.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "common/cacheline.h"
#include "common/owner_check.h"

#define NO_TABLE UINT16_MAX

struct vq_head {
	void *token; /* non-NULL while the chain is in flight */
	uint32_t in_bytes; /* device-writable bytes posted */
	uint16_t ndescs; /* ring descriptors the chain owns */
	uint16_t last; /* its last ring descriptor */
	uint16_t table; /* indirect table index, or NO_TABLE */
	/* used_idx_seen when added: entries below it are not this chain's.
	 * Full width: the chain may stay in flight across any number of
	 * others' completions, so a narrower mark would wrap. */
	uint64_t published_before;
};

struct scmi_vio_vq {
	struct scmi_vio_vring ring;
	uint16_t mask; /* num - 1 */
	bool event_idx;
	bool no_interrupts; /* fixed at create: polling only */
	enum scmi_vio_used_len_policy policy;
	struct scmi_vio_doorbell *kick;

	/* Serialized by the caller: */
	struct vq_head *heads; /* [num] */
	uint16_t *next; /* [num] private free-list and chain links */
	uint16_t free_head; /* next descriptor to hand out */
	uint16_t free_tail; /* where returned chains are appended */
	unsigned int num_free;
	unsigned int heads_in_flight;
	uint16_t avail_idx; /* next avail.idx to publish */
	/* NO_INTERRUPT: callbacks off.  Stored in avail.flags only without
	 * EVENT_IDX, which requires that word to stay 0 (D-13). */
	uint16_t avail_flags;
	/* The device's used.idx as last read, extended to a 64-bit count
	 * like used (>= used): the used entries known published. */
	uint64_t used_idx_seen;
	uint64_t added; /* chains ever added */
	uint64_t added_at_kick; /* added at the last kick decision */
	unsigned int detach_cursor;

	/* Indirect tables (serialized by the caller): */
	struct scmi_vio_vring_desc *ind_mem;
	uint64_t ind_addr;
	unsigned int ind_max; /* entries per table */
	uint16_t *ind_free; /* stack of free table indices */
	unsigned int ind_nfree;

	sv_atomic_u64 used; /* ATOMIC: chains reaped; written serialized */
	bool broken; /* ATOMIC: sticky */
	struct sv_owner owner;
};

static void vq_set_broken(struct scmi_vio_vq *vq)
{
	sv_write_once(&vq->broken, true);
}

/* Inside the queue's own calls, without a call through the export. */
static inline bool vq_broken(const struct scmi_vio_vq *vq)
{
	return sv_read_once(&vq->broken);
}

bool scmi_vio_vq_is_broken(const struct scmi_vio_vq *vq)
{
	return vq_broken(vq);
}

void scmi_vio_vq_break(struct scmi_vio_vq *vq)
{
	vq_set_broken(vq);
}

unsigned int scmi_vio_vq_size(const struct scmi_vio_vq *vq)
{
	return vq->ring.num;
}

unsigned int scmi_vio_vq_num_free(const struct scmi_vio_vq *vq)
{
	return vq->num_free;
}

void scmi_vio_vq_set_used_len_policy(struct scmi_vio_vq *vq,
				     enum scmi_vio_used_len_policy policy)
{
	vq->policy = policy;
}

void scmi_vio_vq_get_state(const struct scmi_vio_vq *vq,
			   struct scmi_vio_vq_state *st)
{
	st->num = vq->ring.num;
	st->free_descs = vq->num_free;
	st->busy_descs = vq->ring.num - vq->num_free;
	st->heads_in_flight = vq->heads_in_flight;
	st->added = vq->added;
	st->used = vq->used;
}

static bool indirect_config_valid(const struct scmi_vio_vq_config *cfg)
{
	if (!cfg->indirect_mem)
		return true;
	return cfg->indirect_max >= 1 &&
	       ((uintptr_t)cfg->indirect_mem % SCMI_VIO_VRING_DESC_ALIGN) ==
		       0 &&
	       (cfg->indirect_addr % SCMI_VIO_VRING_DESC_ALIGN) == 0;
}

int scmi_vio_vq_create(const struct scmi_vio_vq_config *cfg,
		       struct scmi_vio_vq **out)
{
	struct scmi_vio_vring ring;
	struct scmi_vio_vq *vq;
	unsigned int num, ntables = 0, ind_max = 0, i;

	if (!cfg || !out || cfg->used_len_policy > SCMI_VIO_USED_LEN_IGNORE)
		return -EINVAL;
	if (scmi_vio_vring_attach(&ring, cfg->ring.num, cfg->ring.desc,
				  cfg->ring.avail, cfg->ring.used))
		return -EINVAL;
	num = ring.num;
	if (!indirect_config_valid(cfg))
		return -EINVAL;
	/* A table is never longer than the queue (the device refuses it,
	 * V-6), and one of fewer than 2 entries would never be used. */
	if ((cfg->features >> SCMI_VIO_F_INDIRECT_DESC & 1) &&
	    cfg->indirect_mem)
		ind_max = cfg->indirect_max < num ? cfg->indirect_max : num;
	if (ind_max >= 2) {
		ntables = cfg->indirect_bytes /
			  (ind_max * sizeof(struct scmi_vio_vring_desc));
		if (ntables > num)
			ntables = num;
	}

	vq = sv_zalloc_lines(1, sizeof(*vq));
	if (!vq)
		return -ENOMEM;
	vq->heads = sv_zalloc_lines(num, sizeof(*vq->heads));
	vq->next = sv_zalloc_lines(num, sizeof(*vq->next));
	vq->ind_free = calloc(ntables ? ntables : 1, sizeof(*vq->ind_free));
	if (!vq->heads || !vq->next || !vq->ind_free) {
		scmi_vio_vq_destroy(vq);
		return -ENOMEM;
	}

	vq->ring = ring;
	vq->mask = (uint16_t)(num - 1);
	vq->event_idx = cfg->features >> SCMI_VIO_F_EVENT_IDX & 1;
	vq->policy = cfg->used_len_policy;
	vq->kick = cfg->kick;
	vq->no_interrupts = cfg->no_interrupts;
	for (i = 0; i < num; i++) {
		vq->next[i] = (uint16_t)(i + 1);
		vq->heads[i].table = NO_TABLE;
	}
	vq->num_free = num;
	vq->free_tail = (uint16_t)(num - 1);
	if (ntables) {
		vq->ind_mem = cfg->indirect_mem;
		vq->ind_addr = cfg->indirect_addr;
		vq->ind_max = ind_max;
		for (i = 0; i < ntables; i++)
			vq->ind_free[i] = (uint16_t)(ntables - 1 - i);
		vq->ind_nfree = ntables;
	}

	/* Initialisation of our part; relaxed stores, as a hostile device
	 * may already be scribbling (V-24).  A polling-only queue asks for
	 * no interrupt, once and for good: by the flag, or with EVENT_IDX by
	 * used_event alone, as avail.flags must then stay 0 (2.7.10, D-13;
	 * the shadow keeps the state). */
	if (vq->no_interrupts)
		vq->avail_flags = SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT;
	sv_write_once(&ring.avail->flags,
		      sv_cpu_to_le16(vq->event_idx ? 0 : vq->avail_flags));
	sv_write_once(&ring.avail->idx, 0);
	sv_write_once(scmi_vio_vring_used_event(&ring),
		      sv_cpu_to_le16(vq->no_interrupts ? UINT16_MAX : 0));
	*out = vq;
	return 0;
}

void scmi_vio_vq_destroy(struct scmi_vio_vq *vq)
{
	if (!vq)
		return;
	free(vq->heads);
	free(vq->next);
	free(vq->ind_free);
	free(vq);
}

/*
 * Store a descriptor, unless it already holds exactly these contents.  With
 * the FIFO free list a steady stream reuses each descriptor for the same
 * buffer, and skipping the identical store keeps the cache line shared
 * with the device instead of pulling it over and making the device pull it
 * back.  The shared copy decides nothing but whether to store: whatever a
 * device writes there, the descriptor it reads is the one we wanted.
 */
static void write_desc(struct scmi_vio_vring_desc *d, uint64_t addr,
		       uint32_t len, uint16_t flags, uint16_t next)
{
	const uint64_t a = sv_cpu_to_le64(addr);
	const uint32_t l = sv_cpu_to_le32(len);
	const uint16_t f = sv_cpu_to_le16(flags), n = sv_cpu_to_le16(next);

	if (sv_read_once(&d->addr) == a && sv_read_once(&d->len) == l &&
	    sv_read_once(&d->flags) == f && sv_read_once(&d->next) == n)
		return;
	/* Relaxed: a device scribbling here is no data race (V-24); the
	 * release of avail.idx publishes them. */
	sv_write_once(&d->addr, a);
	sv_write_once(&d->len, l);
	sv_write_once(&d->flags, f);
	sv_write_once(&d->next, n);
}

/* Fill @n consecutive descriptors of an indirect table. */
static void fill_table(struct scmi_vio_vring_desc *table,
		       const struct scmi_vio_seg *out, unsigned int n_out,
		       const struct scmi_vio_seg *in, unsigned int n_in)
{
	unsigned int i, n = n_out + n_in;

	for (i = 0; i < n; i++) {
		const struct scmi_vio_seg *s = i < n_out ? &out[i] :
							   &in[i - n_out];
		uint16_t flags = i < n_out ? 0 : SCMI_VIO_VRING_DESC_F_WRITE;

		if (i + 1 < n)
			flags |= SCMI_VIO_VRING_DESC_F_NEXT;
		write_desc(&table[i], s->addr, s->len, flags,
			   (uint16_t)(i + 1 < n ? i + 1 : 0));
	}
}

/* Take @n descriptors off the free list for a direct chain; returns head. */
static uint16_t fill_direct(struct scmi_vio_vq *vq,
			    const struct scmi_vio_seg *out, unsigned int n_out,
			    const struct scmi_vio_seg *in, unsigned int n_in,
			    uint16_t *last)
{
	uint16_t head = vq->free_head, i = head, prev = head;
	unsigned int k, n = n_out + n_in;

	for (k = 0; k < n; k++) {
		const struct scmi_vio_seg *s = k < n_out ? &out[k] :
							   &in[k - n_out];
		uint16_t flags = k < n_out ? 0 : SCMI_VIO_VRING_DESC_F_WRITE;

		if (k + 1 < n)
			flags |= SCMI_VIO_VRING_DESC_F_NEXT;
		write_desc(&vq->ring.desc[i], s->addr, s->len, flags,
			   k + 1 < n ? vq->next[i] : 0);
		prev = i;
		i = vq->next[i];
	}
	vq->free_head = i;
	*last = prev;
	return head;
}

/*
 * D-13: a chain's total length, readable and writable together, must fit
 * in 32 bits.  The spec forbids drivers chains over 2^32 bytes (2.7.5.2);
 * we stop one byte short, as the device's V-13 check and the 32-bit used
 * length do.  @total sums at most 2^32 lengths of < 2^32: no overflow.
 */
static bool chain_too_long(uint64_t total)
{
	return total > UINT32_MAX;
}

/* Check one chain's arguments before touching anything. */
static int check_chain(const struct scmi_vio_seg *out, unsigned int n_out,
		       const struct scmi_vio_seg *in, unsigned int n_in,
		       const void *token, uint32_t *in_bytes)
{
	unsigned int n = n_out + n_in, k;
	uint64_t out_sum = 0, in_sum = 0;

	if (!token || n == 0 || n < n_out || (n_out && !out) || (n_in && !in))
		return -EINVAL;
	for (k = 0; k < n_out; k++) {
		if (out[k].len == 0)
			return -EINVAL;
		out_sum += out[k].len;
	}
	for (k = 0; k < n_in; k++) {
		if (in[k].len == 0)
			return -EINVAL;
		in_sum += in[k].len;
	}
	if (chain_too_long(out_sum + in_sum))
		return -EINVAL;
	*in_bytes = (uint32_t)in_sum;
	return 0;
}

/*
 * Record chain @head..@last in flight and put it in the next avail ring entry;
 * avail.idx is not published.
 */
static void commit_chain(struct scmi_vio_vq *vq, uint16_t head, uint16_t last,
			 uint16_t ndescs, uint16_t table, void *token,
			 uint32_t in_bytes)
{
	struct vq_head *h = &vq->heads[head];
	uint16_t *entry = &vq->ring.avail->ring[vq->avail_idx & vq->mask];

	vq->num_free -= ndescs;
	h->token = token;
	h->in_bytes = in_bytes;
	h->ndescs = ndescs;
	h->last = last;
	h->table = table;
	h->published_before = vq->used_idx_seen;
	vq->heads_in_flight++;
	vq->added++;
	/* As for descriptors: an unchanged entry is not stored again. */
	if (sv_read_once(entry) != sv_cpu_to_le16(head))
		sv_write_once(entry, sv_cpu_to_le16(head));
	vq->avail_idx++;
}

/* Write one checked chain and its ring entry; avail.idx is not published. */
static int add_chain(struct scmi_vio_vq *vq, const struct scmi_vio_seg *out,
		     unsigned int n_out, const struct scmi_vio_seg *in,
		     unsigned int n_in, void *token, uint32_t in_bytes)
{
	unsigned int n = n_out + n_in;
	uint16_t head, last, table = NO_TABLE, ndescs;

	if (n > 1 && n <= vq->ind_max && vq->ind_nfree && vq->num_free) {
		table = vq->ind_free[--vq->ind_nfree];
		fill_table(&vq->ind_mem[(size_t)table * vq->ind_max], out,
			   n_out, in, n_in);
		head = vq->free_head;
		vq->free_head = vq->next[head];
		write_desc(&vq->ring.desc[head],
			   vq->ind_addr +
				   (uint64_t)table * vq->ind_max *
					   sizeof(struct scmi_vio_vring_desc),
			   (uint32_t)(n * sizeof(struct scmi_vio_vring_desc)),
			   SCMI_VIO_VRING_DESC_F_INDIRECT, 0);
		last = head;
		ndescs = 1;
	} else if (n > vq->ring.num) {
		return -EINVAL;
	} else if (n > vq->num_free) {
		return -ENOSPC;
	} else {
		head = fill_direct(vq, out, n_out, in, n_in, &last);
		ndescs = (uint16_t)n;
	}
	commit_chain(vq, head, last, ndescs, table, token, in_bytes);
	return 0;
}

/*
 * The common case of one segment, checked and added without the general
 * chain machinery: one descriptor, never indirect.
 */
static int add_single(struct scmi_vio_vq *vq, const struct scmi_vio_seg *s,
		      bool write, void *token)
{
	uint16_t head = vq->free_head;

	if (!s || !s->len || !token)
		return -EINVAL;
	if (!vq->num_free)
		return -ENOSPC;
	vq->free_head = vq->next[head];
	write_desc(&vq->ring.desc[head], s->addr, s->len,
		   write ? SCMI_VIO_VRING_DESC_F_WRITE : 0, 0);
	commit_chain(vq, head, head, 1, NO_TABLE, token, write ? s->len : 0);
	return 0;
}

/*
 * The request/reply shape (one readable, one writable segment), as direct
 * descriptors: the general path's checks and linking for exactly two.  A
 * queue that would put it in an indirect table takes the general path.
 */
static int add_pair(struct scmi_vio_vq *vq, const struct scmi_vio_seg *o,
		    const struct scmi_vio_seg *i, void *token)
{
	uint16_t head = vq->free_head, second;

	if (!o || !i || !o->len || !i->len || !token || vq->ring.num < 2 ||
	    chain_too_long((uint64_t)o->len + i->len))
		return -EINVAL;
	if (vq->num_free < 2)
		return -ENOSPC;
	second = vq->next[head];
	vq->free_head = vq->next[second];
	write_desc(&vq->ring.desc[head], o->addr, o->len,
		   SCMI_VIO_VRING_DESC_F_NEXT, second);
	write_desc(&vq->ring.desc[second], i->addr, i->len,
		   SCMI_VIO_VRING_DESC_F_WRITE, 0);
	commit_chain(vq, head, second, 2, NO_TABLE, token, i->len);
	return 0;
}

static void publish_avail(struct scmi_vio_vq *vq)
{
	/* Descriptors, tables and ring entries are visible before the new
	 * index; pairs with the device's acquire of avail.idx in pop. */
	sv_store_release(&vq->ring.avail->idx, sv_cpu_to_le16(vq->avail_idx));
}

int scmi_vio_vq_add_many(struct scmi_vio_vq *vq,
			 const struct scmi_vio_vq_buf *bufs, unsigned int n)
{
	unsigned int i;
	uint32_t in_bytes;
	int ret = 0;

	if (!bufs && n)
		return -EINVAL;
	if (!sv_owner_enter(&vq->owner))
		return -EBUSY;
	if (vq_broken(vq)) {
		sv_owner_exit(&vq->owner);
		return -EIO;
	}
	for (i = 0; i < n; i++) {
		const struct scmi_vio_vq_buf *b = &bufs[i];

		if (b->n_out + b->n_in == 1 && b->n_out <= 1) {
			ret = add_single(vq, b->n_out ? b->out : b->in,
					 !b->n_out, b->token);
		} else if (b->n_out == 1 && b->n_in == 1 &&
			   !(vq->ind_max >= 2 && vq->ind_nfree)) {
			ret = add_pair(vq, b->out, b->in, b->token);
		} else {
			ret = check_chain(b->out, b->n_out, b->in, b->n_in,
					  b->token, &in_bytes);
			if (!ret)
				ret = add_chain(vq, b->out, b->n_out, b->in,
						b->n_in, b->token, in_bytes);
		}
		if (ret)
			break;
	}
	if (i)
		publish_avail(vq);
	sv_owner_exit(&vq->owner);
	return i ? (int)i : ret;
}

int scmi_vio_vq_add(struct scmi_vio_vq *vq, const struct scmi_vio_seg *out,
		    unsigned int n_out, const struct scmi_vio_seg *in,
		    unsigned int n_in, void *token)
{
	const struct scmi_vio_vq_buf b = { out, n_out, in, n_in, token };
	int ret = scmi_vio_vq_add_many(vq, &b, 1);

	return ret == 1 ? 0 : ret;
}

bool scmi_vio_vq_kick_prepare(struct scmi_vio_vq *vq)
{
	uint64_t since = vq->added - vq->added_at_kick;
	uint16_t new_idx = vq->avail_idx;
	uint16_t old_idx = (uint16_t)(new_idx - since);
	bool forced = since >= UINT16_MAX;
	bool need;

	if (vq_broken(vq))
		return false;
	/* Our avail.idx store is visible before we read the device's
	 * avail_event / used.flags: the store-buffer pattern; pairs with the
	 * full barrier in the device's enable_notify between publishing
	 * avail_event and re-reading avail.idx (else a kick is lost, L-11). */
	sv_smp_mb();
	if (forced)
		need = true;
	else if (vq->event_idx)
		need = scmi_vio_vring_need_event(
			sv_le16_to_cpu(sv_read_once(
				scmi_vio_vring_avail_event(&vq->ring))),
			new_idx, old_idx);
	else
		need = !(sv_le16_to_cpu(sv_read_once(&vq->ring.used->flags)) &
			 SCMI_VIO_VRING_USED_F_NO_NOTIFY);
	vq->added_at_kick = vq->added;
	return need;
}

int scmi_vio_vq_notify(struct scmi_vio_vq *vq)
{
	int ret;

	if (vq_broken(vq))
		return -EIO;
	if (!vq->kick)
		return 0;
	ret = scmi_vio_doorbell_ring(vq->kick);
	if (ret < 0)
		vq_set_broken(vq);
	return ret;
}

int scmi_vio_vq_kick(struct scmi_vio_vq *vq)
{
	if (scmi_vio_vq_kick_prepare(vq))
		return scmi_vio_vq_notify(vq);
	return vq_broken(vq) ? -EIO : 0;
}

/* Splice a finished chain back onto the free list; shadow state only. */
static void *detach_head(struct scmi_vio_vq *vq, uint16_t head)
{
	struct vq_head *h = &vq->heads[head];
	void *token = h->token;

	/* FIFO: descriptors come back into use in the order they were
	 * returned, so in-order streams reuse them for the same buffers. */
	if (vq->num_free)
		vq->next[vq->free_tail] = head;
	else
		vq->free_head = head;
	vq->free_tail = h->last;
	vq->num_free += h->ndescs;
	if (h->table != NO_TABLE)
		vq->ind_free[vq->ind_nfree++] = h->table;
	h->token = NULL;
	h->table = NO_TABLE;
	vq->heads_in_flight--;
	return token;
}

static int apply_len_policy(struct scmi_vio_vq *vq, const struct vq_head *h,
			    uint32_t *len)
{
	/* D-5: a chain with no writable part has written nothing. */
	if (h->in_bytes == 0) {
		*len = 0;
		return 0;
	}
	if (*len <= h->in_bytes)
		return 0;
	switch (vq->policy) {
	case SCMI_VIO_USED_LEN_STRICT:
		return -EIO;
	case SCMI_VIO_USED_LEN_IGNORE:
		return 0;
	case SCMI_VIO_USED_LEN_CLAMP:
	default:
		*len = h->in_bytes;
		return 0;
	}
}

/*
 * Reap the chain in used entry @pos (the reap count; its low bits are the
 * slot): 1, 0 (none) or -EIO (now broken).  The caller advances the count.
 */
static int reap_one(struct scmi_vio_vq *vq, uint64_t pos, void **token,
		    uint32_t *len)
{
	const struct scmi_vio_vring_used_elem *e;
	uint32_t id, ulen;

	if (vq->used_idx_seen == pos) {
		/* Reading used.idx before the element it covers; pairs with
		 * the device's release store of used.idx in push. */
		uint16_t seen =
			sv_le16_to_cpu(sv_load_acquire(&vq->ring.used->idx));
		uint16_t ahead = (uint16_t)(seen - (uint16_t)pos);

		/* D-3: the device cannot have used more than is in flight;
		 * a backwards move looks like a huge advance. */
		if (ahead > vq->heads_in_flight)
			goto broken;
		if (!ahead)
			return 0;
		vq->used_idx_seen = pos + ahead;
	}

	e = &vq->ring.used->ring[pos & vq->mask];
	id = sv_le32_to_cpu(sv_read_once(&e->id));
	ulen = sv_le32_to_cpu(sv_read_once(&e->len));
	/* D-1, D-2: only a head we have in flight may come back, by an
	 * entry published after this use of it began. */
	if (id >= vq->ring.num || !vq->heads[id].token ||
	    pos < vq->heads[id].published_before ||
	    apply_len_policy(vq, &vq->heads[id], &ulen))
		goto broken;
	*token = detach_head(vq, (uint16_t)id);
	*len = ulen;
	return 1;
broken:
	vq_set_broken(vq);
	return -EIO;
}

/* After reaping with interrupts on, move used_event to what we reaped. */
static void update_used_event(struct scmi_vio_vq *vq)
{
	if (!vq->event_idx ||
	    (vq->avail_flags & SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT))
		return;
	sv_write_once(scmi_vio_vring_used_event(&vq->ring),
		      sv_cpu_to_le16((uint16_t)vq->used));
	/* used_event is visible before we next read used.idx; pairs with the
	 * device's barrier between storing used.idx and reading used_event
	 * (else an interrupt is lost, L-11). */
	sv_smp_mb();
}

int scmi_vio_vq_get_used_many(struct scmi_vio_vq *vq,
			      struct scmi_vio_vq_used *out, unsigned int max)
{
	uint64_t used = vq->used;
	unsigned int n = 0;
	int ret = 0;

	if (!out && max)
		return -EINVAL;
	if (!sv_owner_enter(&vq->owner))
		return -EBUSY;
	if (vq_broken(vq))
		ret = -EIO;
	while (!ret && n < max &&
	       (ret = reap_one(vq, used + n, &out[n].token, &out[n].len)) ==
		       1) {
		n++;
		ret = 0;
	}
	if (n) {
		/* Read by unserialized pollers only to decide whether to
		 * look closer (under the caller's lock): no ordering
		 * needed. */
		sv_write_once(&vq->used, used + n);
		update_used_event(vq);
	}
	sv_owner_exit(&vq->owner);
	return n ? (int)n : ret;
}

int scmi_vio_vq_get_used(struct scmi_vio_vq *vq, void **token, uint32_t *len)
{
	struct scmi_vio_vq_used u;
	int ret = scmi_vio_vq_get_used_many(vq, &u, 1);

	if (ret == 1) {
		*token = u.token;
		if (len)
			*len = u.len;
	}
	return ret;
}

void scmi_vio_vq_disable_cb(struct scmi_vio_vq *vq)
{
	if (vq->avail_flags & SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT)
		return;
	vq->avail_flags |= SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT;
	if (vq->event_idx)
		/* With EVENT_IDX the device ignores avail.flags: park the
		 * event just behind our position, the farthest point the
		 * device can reach (about 2^16 completions away). */
		sv_write_once(scmi_vio_vring_used_event(&vq->ring),
			      sv_cpu_to_le16((uint16_t)(vq->used - 1)));
	else
		sv_write_once(&vq->ring.avail->flags,
			      sv_cpu_to_le16(vq->avail_flags));
}

/* Re-arm interrupts for the used entry at @event (EVENT_IDX). */
static void arm_cb(struct scmi_vio_vq *vq, uint16_t event)
{
	if (vq->no_interrupts)
		return;
	if (vq->avail_flags & SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT) {
		vq->avail_flags &= ~SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT;
		if (!vq->event_idx)
			sv_write_once(&vq->ring.avail->flags,
				      sv_cpu_to_le16(vq->avail_flags));
	}
	if (vq->event_idx)
		sv_write_once(scmi_vio_vring_used_event(&vq->ring),
			      sv_cpu_to_le16(event));
}

uint64_t scmi_vio_vq_enable_cb_prepare(struct scmi_vio_vq *vq)
{
	arm_cb(vq, (uint16_t)vq->used);
	return vq->used;
}

uint16_t scmi_vio_vq_enable_cb_prepare16(struct scmi_vio_vq *vq)
{
	return (uint16_t)scmi_vio_vq_enable_cb_prepare(vq);
}

bool scmi_vio_vq_poll(struct scmi_vio_vq *vq, uint64_t pos)
{
	uint16_t used_idx;

	if (vq_broken(vq))
		return false;
	/* Everything before the poll (our used_event, the request we
	 * published) is ordered before reading used.idx; pairs with the
	 * device's barrier between storing used.idx and reading used_event.
	 * A queue that never asks for an interrupt has nothing to pair. */
	if (!vq->no_interrupts)
		sv_smp_mb();
	/* Chains reaped since @pos were used since @pos. */
	if (sv_read_once(&vq->used) != pos)
		return true;
	used_idx = sv_le16_to_cpu(sv_read_once(&vq->ring.used->idx));
	return used_idx != (uint16_t)pos;
}

bool scmi_vio_vq_poll16(struct scmi_vio_vq *vq, uint16_t pos)
{
	if (vq_broken(vq))
		return false;
	/* As in scmi_vio_vq_poll(): ordered before reading used.idx. */
	sv_smp_mb();
	return sv_le16_to_cpu(sv_read_once(&vq->ring.used->idx)) != pos;
}

bool scmi_vio_vq_enable_cb(struct scmi_vio_vq *vq)
{
	return !scmi_vio_vq_poll(vq, scmi_vio_vq_enable_cb_prepare(vq));
}

bool scmi_vio_vq_enable_cb_delayed(struct scmi_vio_vq *vq)
{
	uint16_t last = (uint16_t)vq->used;
	uint16_t bufs = (uint16_t)((uint16_t)(vq->avail_idx - last) * 3 / 4);
	uint16_t used_idx;

	if (vq_broken(vq))
		return true;
	arm_cb(vq, (uint16_t)(last + bufs));
	/* used_event is visible before re-reading used.idx; pairs with the
	 * device's barrier between storing used.idx and reading used_event. */
	sv_smp_mb();
	used_idx = sv_le16_to_cpu(sv_read_once(&vq->ring.used->idx));
	return (uint16_t)(used_idx - last) <= bufs;
}

void *scmi_vio_vq_detach_unused(struct scmi_vio_vq *vq)
{
	for (; vq->detach_cursor < vq->ring.num; vq->detach_cursor++) {
		uint16_t head = (uint16_t)vq->detach_cursor;

		if (vq->heads[head].token)
			return detach_head(vq, head);
	}
	vq->detach_cursor = 0;
	return NULL;
}
