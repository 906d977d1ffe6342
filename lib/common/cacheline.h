/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cache-line-aligned zeroed allocation.  State written by one side of a
 * queue (the driver's shadow, the device's) must not share a cache line
 * with state the other side writes, or every update bounces the line
 * between the two CPUs (false sharing).  Free with free().
 */
#ifndef SCMI_VIO_COMMON_CACHELINE_H
#define SCMI_VIO_COMMON_CACHELINE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SV_CACHELINE 64u

/* @n elements of @size bytes, zeroed, on lines of their own; or NULL. */
static inline void *sv_zalloc_lines(size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (__builtin_mul_overflow(n, size, &bytes) ||
	    bytes > SIZE_MAX - SV_CACHELINE)
		return NULL;
	bytes = (bytes + SV_CACHELINE - 1) & ~(size_t)(SV_CACHELINE - 1);
	if (!bytes)
		bytes = SV_CACHELINE;
	p = aligned_alloc(SV_CACHELINE, bytes);
	if (p)
		memset(p, 0, bytes);
	return p;
}

#endif /* SCMI_VIO_COMMON_CACHELINE_H */
