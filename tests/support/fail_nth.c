// SPDX-License-Identifier: BSD-3-Clause
/* Fail the Nth allocation or pthread initialiser of a create (fail_nth.h). */
#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "fail_nth.h"
#include "lowest_fd.h"

#ifdef SCMI_VIO_SANITIZED
#error "interposes the allocator: not for sanitizer builds"
#endif

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_memalign(size_t align, size_t size);

/* Set and read by the test thread only, while no other thread runs. */
static unsigned int fail_nth; /* 0: off */
static unsigned int calls;

static int (*real_mutex_init)(pthread_mutex_t *, const pthread_mutexattr_t *);
static int (*real_condattr_init)(pthread_condattr_t *);
static int (*real_condattr_setclock)(pthread_condattr_t *, clockid_t);
static int (*real_cond_init)(pthread_cond_t *, const pthread_condattr_t *);

static bool fail_now(void)
{
	return fail_nth && ++calls == fail_nth;
}

static void *no_memory(void)
{
	errno = ENOMEM;
	return NULL;
}

void *malloc(size_t size)
{
	return fail_now() ? no_memory() : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return fail_now() ? no_memory() : __libc_calloc(n, size);
}

void *aligned_alloc(size_t align, size_t size)
{
	return fail_now() ? no_memory() : __libc_memalign(align, size);
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	return fail_now() ? EAGAIN : real_mutex_init(m, a);
}

int pthread_condattr_init(pthread_condattr_t *a)
{
	return fail_now() ? ENOMEM : real_condattr_init(a);
}

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	return fail_now() ? EINVAL : real_condattr_setclock(a, clock);
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	return fail_now() ? ENOMEM : real_cond_init(c, a);
}

/*
 * The real initialisers, found before main() (every test of the program
 * calls through these wrappers) and before anything is armed: dlsym() may
 * allocate, and no interposed call may fail inside it.
 */
__attribute__((constructor)) static void find_real(void)
{
	real_mutex_init = dlsym(RTLD_NEXT, "pthread_mutex_init");
	real_condattr_init = dlsym(RTLD_NEXT, "pthread_condattr_init");
	real_condattr_setclock = dlsym(RTLD_NEXT, "pthread_condattr_setclock");
	real_cond_init = dlsym(RTLD_NEXT, "pthread_cond_init");
}

unsigned int fail_nth_each(int (*step)(void *ctx, void **obj),
			   void (*done)(void *ctx, void *obj), void *ctx)
{
	int r, fd = lowest_free_fd();
	unsigned int n, failed = 0;
	void *obj;

	ck_assert(real_mutex_init && real_condattr_init &&
		  real_condattr_setclock && real_cond_init);
	for (n = 1;; n++) {
		calls = 0;
		fail_nth = n;
		r = step(ctx, &obj);
		fail_nth = 0;
		if (calls < n) {
			/* Needed fewer than n calls: it must have worked. */
			ck_assert_int_eq(r, 0);
			done(ctx, obj);
			return failed;
		}
		ck_assert_msg(r == -ENOMEM || r == -EAGAIN || r == -EINVAL,
			      "step %u: %d", n, r);
		ck_assert_ptr_null(obj);
		ck_assert_int_eq(lowest_free_fd(), fd);
		failed++;
	}
}
