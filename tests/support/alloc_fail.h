/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L-6 with the real allocator: a test program that includes this header
 * (in one file only) interposes malloc, calloc, realloc, aligned_alloc,
 * posix_memalign, strdup and free.  alloc_fail_at(n) fails the nth allocation from
 * then on (0: none); alloc_live() counts the bytes allocated and not yet
 * freed, with malloc_usable_size(), so a test can tell that a failed setup
 * unwound everything.  glibc aborts on a double free.  alloc_fail_each()
 * runs a setup step with each of its allocations failing in turn.
 *
 * Sanitizer builds replace the allocator themselves: not for them.
 */
#ifndef SCMI_VIO_TEST_ALLOC_FAIL_H
#define SCMI_VIO_TEST_ALLOC_FAIL_H

#include <check.h>
#include <errno.h>
#include <malloc.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomics.h"

#ifdef SCMI_VIO_SANITIZED
#error "interposes the allocator: not for sanitizer builds"
#endif

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t align, size_t size);
extern void __libc_free(void *p);

static unsigned long af_nth; /* ATOMIC: 0 off */
static unsigned long af_calls; /* ATOMIC: allocations since alloc_fail_at() */
static long af_live; /* ATOMIC: bytes allocated and not yet freed */

static void *af_track(void *p)
{
	if (p)
		sv_fetch_add(&af_live, (long)malloc_usable_size(p));
	return p;
}

static bool af_fail_now(void)
{
	unsigned long n = sv_read_once(&af_nth);

	return n && sv_fetch_add(&af_calls, 1) + 1 == n;
}

void *malloc(size_t size)
{
	return af_fail_now() ? NULL : af_track(__libc_malloc(size));
}

void *calloc(size_t n, size_t size)
{
	return af_fail_now() ? NULL : af_track(__libc_calloc(n, size));
}

void *realloc(void *p, size_t size)
{
	size_t old = p ? malloc_usable_size(p) : 0;
	void *q;

	if (af_fail_now())
		return NULL;
	q = __libc_realloc(p, size);
	if (q || !size)
		sv_fetch_sub(&af_live, (long)old);
	return af_track(q);
}

void *aligned_alloc(size_t align, size_t size)
{
	return af_fail_now() ? NULL : af_track(__libc_memalign(align, size));
}

int posix_memalign(void **out, size_t align, size_t size)
{
	*out = af_fail_now() ? NULL : af_track(__libc_memalign(align, size));
	return *out ? 0 : ENOMEM;
}

/* glibc's own strdup() allocates past the interposed malloc(). */
char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	return d ? memcpy(d, s, n) : NULL;
}

void free(void *p)
{
	if (p)
		sv_fetch_sub(&af_live, (long)malloc_usable_size(p));
	__libc_free(p);
}

/* Fail the @n-th allocation from now on (1-based); 0: stop failing. */
static inline void alloc_fail_at(unsigned long n)
{
	sv_write_once(&af_calls, 0);
	sv_write_once(&af_nth, n);
}

static inline long alloc_live(void)
{
	return sv_read_once(&af_live);
}

/*
 * L-6: run @step with its 1st, 2nd, ... allocation failing until it
 * succeeds.  Each failure must return -ENOMEM (or -EAGAIN with
 * @eagain_ok), pass @failed's checks of what the step handed out (if
 * @failed is not NULL) and leave the live heap as it was.  Returns the N
 * at which the step needed no more allocations (it then succeeded).
 */
static inline unsigned long alloc_fail_each(int (*step)(void *ctx),
					    void (*failed)(void *ctx,
							   unsigned long n),
					    void *ctx, bool eagain_ok)
{
	unsigned long n;
	long before, after;
	int r;

	for (n = 1;; n++) {
		before = alloc_live();
		alloc_fail_at(n);
		r = step(ctx);
		alloc_fail_at(0);
		after = alloc_live();
		if (!r)
			return n;
		ck_assert_msg(r == -ENOMEM || (eagain_ok && r == -EAGAIN),
			      "N=%lu: %d", n, r);
		if (failed)
			failed(ctx, n);
		ck_assert_msg(after == before, "N=%lu: %ld -> %ld", n, before,
			      after);
		ck_assert_uint_lt(n, 1000);
	}
}

#endif /* SCMI_VIO_TEST_ALLOC_FAIL_H */
