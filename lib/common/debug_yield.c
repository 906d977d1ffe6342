// SPDX-License-Identifier: BSD-3-Clause
/* Random yields at race points, compiled in only for SCMI_VIO_DEBUG builds. */
#include "common/atomics.h"

#ifdef SCMI_VIO_DEBUG
#include <sched.h>

void scmi_vio__debug_yield(void)
{
	/* A per-thread xorshift: no shared state, so it adds no ordering. */
	static _Thread_local uint32_t state = 2463534242u;

	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	if ((state & 7) == 0)
		sched_yield();
}
#endif
