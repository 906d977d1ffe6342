/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Re-entrancy check for objects whose operations the caller must serialize
 * (a virtqueue has one owner at a time).  In SCMI_VIO_DEBUG builds,
 * sv_owner_enter() claims the object and fails if another thread is inside;
 * sv_owner_exit() releases it.  In other builds both are free.
 */
#ifndef SCMI_VIO_COMMON_OWNER_CHECK_H
#define SCMI_VIO_COMMON_OWNER_CHECK_H

#include <stdbool.h>

#include "common/atomics.h"

#ifdef SCMI_VIO_DEBUG
struct sv_owner {
	int busy; /* ATOMIC: 1 while a thread is inside an operation */
};

/* Returns false when another thread is inside: a caller serialization bug. */
static inline bool sv_owner_enter(struct sv_owner *o)
{
	int expected = 0;

	sv_debug_yield();
	return sv_cmpxchg(&o->busy, &expected, 1);
}

static inline void sv_owner_exit(struct sv_owner *o)
{
	/* Our writes to the object happen before the next owner's entry;
	 * pairs with the cmpxchg in sv_owner_enter(). */
	sv_store_release(&o->busy, 0);
}
#else
struct sv_owner {
	char unused;
};

static inline bool sv_owner_enter(struct sv_owner *o)
{
	(void)o;
	return true;
}

static inline void sv_owner_exit(struct sv_owner *o)
{
	(void)o;
}
#endif

#endif /* SCMI_VIO_COMMON_OWNER_CHECK_H */
