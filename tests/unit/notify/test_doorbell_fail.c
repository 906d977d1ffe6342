// SPDX-License-Identifier: BSD-3-Clause
/*
 * L-6 for doorbells: this binary interposes calloc and the pthread
 * initialisers the thread kind needs, and fails the Nth call made during
 * a create, for every N until a create needs no more.  POSIX lets
 * pthread_mutex_init() fail with EAGAIN, pthread_condattr_init() and
 * pthread_cond_init() with ENOMEM, and pthread_condattr_setclock() with
 * EINVAL (a clock it cannot use for a condvar); glibc happens not to,
 * other libcs and future ones may.  Each failed create returns that errno, leaves *out
 * NULL and leaks no descriptor; then the same create works.
 *
 * Sanitizer builds replace the allocator and intercept the pthread calls
 * themselves, so this test is not built there.
 */
#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>

#include "check_run.h"

#ifdef SCMI_VIO_SANITIZED
#error "interposes the allocator: not for sanitizer builds"
#endif

extern void *__libc_calloc(size_t n, size_t size);

/* Single-threaded test: plain counters. */
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

void *calloc(size_t n, size_t size)
{
	if (fail_now()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(n, size);
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

/* The lowest free descriptor: a leaked one would move it. */
static int lowest_free_fd(void)
{
	int fd = dup(0);

	ck_assert_int_ge(fd, 0);
	close(fd);
	return fd;
}

static void noop(void *arg)
{
	(void)arg;
}

enum { K_INLINE, K_THREAD, K_EVENTFD, K_PIPE, K_COUNT };

static int create(int kind, int fd, struct scmi_vio_doorbell **db)
{
	switch (kind) {
	case K_INLINE:
		return scmi_vio_doorbell_inline_create(noop, NULL, db);
	case K_THREAD:
		return scmi_vio_doorbell_thread_create(db);
	case K_EVENTFD:
		return scmi_vio_doorbell_eventfd_create(-1, db);
	default:
		return scmi_vio_doorbell_pipe_create(fd, db);
	}
}

/* L-6: fail each fallible step of each kind's create in turn. */
START_TEST(test_l6_create_fails_cleanly)
{
	struct scmi_vio_doorbell *db;
	unsigned int n, failed = 0;
	int sv[2], free_fd, r;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	free_fd = lowest_free_fd();
	for (n = 1;; n++) {
		db = (struct scmi_vio_doorbell *)&db;
		calls = 0;
		fail_nth = n;
		r = create(_i, sv[0], &db);
		fail_nth = 0;
		if (calls < n) {
			/* Needed fewer than n steps: it must have worked. */
			ck_assert_int_eq(r, 0);
			ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
			scmi_vio_doorbell_destroy(db);
			break;
		}
		ck_assert_msg(r == -ENOMEM || r == -EAGAIN || r == -EINVAL,
			      "step %u: %d", n, r);
		ck_assert_ptr_null(db);
		ck_assert_int_eq(lowest_free_fd(), free_fd);
		failed++;
	}
	/* Every kind allocates; the thread kind also has four init steps. */
	ck_assert_uint_eq(failed, _i == K_THREAD ? 5 : 1);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_l6_create_fails_cleanly, 0, K_COUNT),
		{ NULL, 0, 0 },
	};

	real_mutex_init = dlsym(RTLD_NEXT, "pthread_mutex_init");
	real_condattr_init = dlsym(RTLD_NEXT, "pthread_condattr_init");
	real_condattr_setclock = dlsym(RTLD_NEXT, "pthread_condattr_setclock");
	real_cond_init = dlsym(RTLD_NEXT, "pthread_cond_init");
	if (!real_mutex_init || !real_condattr_init ||
	    !real_condattr_setclock || !real_cond_init)
		return EXIT_FAILURE;
	return check_main("doorbell_fail", 0, tests);
}
