/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A reference count in the manner of the kernel's refcount_t: increment
 * only while not zero (a CAS loop), and saturate instead of wrapping.
 *
 * Saturation: a count that would overflow, or a put of a count already at
 * zero, is a bug in the library, never a peer's doing.  The count is pinned
 * at SV_REF_SATURATED (the object then leaks instead of being freed twice or
 * used after free) and the event is counted in sv_ref_saturations, which
 * tests read.
 *
 * Ordering: every operation is a sequentially consistent read-modify-write,
 * so the put that reaches zero happens after every earlier put's accesses
 * to the object (the release half) and before the freeing code that follows
 * it on the same thread (the acquire half).
 */
#ifndef SCMI_VIO_COMMON_REFCOUNT_H
#define SCMI_VIO_COMMON_REFCOUNT_H

#include <stdbool.h>

#include "common/atomics.h"

#define SV_REF_SATURATED 0xc0000000u

/*
 * Over- and underflows seen by any refcount in the process (tests read it).
 * A weak definition, so the header needs no .c file of its own: the linker
 * merges the copies of every translation unit into one.
 */
__attribute__((weak)) unsigned long scmi_vio__ref_saturations;

struct sv_ref {
	unsigned int refs; /* ATOMIC */
};

static inline void sv_ref_saturate(struct sv_ref *r)
{
	sv_write_once(&r->refs, SV_REF_SATURATED);
	sv_counter_add(&scmi_vio__ref_saturations, 1);
}

/* Set the count; only while no other thread can reach @r. */
static inline void sv_ref_init(struct sv_ref *r, unsigned int n)
{
	sv_write_once(&r->refs, n);
}

/*
 * Set the count to @n (from zero) and publish what was written before: a
 * thread whose sv_ref_get_not_zero() succeeds sees those writes (release;
 * pairs with the CAS there, which reads this store).
 */
static inline void sv_ref_set_release(struct sv_ref *r, unsigned int n)
{
	sv_store_release(&r->refs, n);
}

static inline unsigned int sv_ref_read(const struct sv_ref *r)
{
	return sv_read_once(&r->refs);
}

/* Take a reference unless the count is zero: true when taken. */
static inline bool sv_ref_get_not_zero(struct sv_ref *r)
{
	unsigned int old = sv_read_once(&r->refs);

	do {
		if (!old)
			return false;
		if (old >= SV_REF_SATURATED)
			return true; /* pinned: never reaches zero again */
		if (old == SV_REF_SATURATED - 1) {
			sv_ref_saturate(r);
			return true;
		}
	} while (!sv_cmpxchg(&r->refs, &old, old + 1));
	return true;
}

/* Drop a reference: true when it was the last one. */
static inline bool sv_ref_put(struct sv_ref *r)
{
	unsigned int old = sv_read_once(&r->refs);

	do {
		if (old >= SV_REF_SATURATED)
			return false;
		if (!old) {
			sv_ref_saturate(r);
			return false;
		}
	} while (!sv_cmpxchg(&r->refs, &old, old - 1));
	return old == 1;
}

#endif /* SCMI_VIO_COMMON_REFCOUNT_H */
