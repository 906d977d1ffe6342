/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L-6 for creates: a test program linked with fail_nth.c interposes
 * malloc, calloc, aligned_alloc and the pthread initialisers a create may
 * call (pthread_mutex_init, pthread_condattr_init,
 * pthread_condattr_setclock, pthread_cond_init), and fails the Nth of
 * those calls with an error POSIX allows it (ENOMEM, EAGAIN for a mutex,
 * EINVAL for a clock), for every N until a create needs no more.
 *
 * Sanitizer builds replace the allocator and intercept the pthread calls
 * themselves: not for them.
 */
#ifndef SCMI_VIO_TEST_FAIL_NTH_H
#define SCMI_VIO_TEST_FAIL_NTH_H

/*
 * Run @step(@ctx, &obj) with its 1st, 2nd, ... interposed call failing,
 * until it needs fewer calls than the one that would fail.  Each failed
 * run must return -ENOMEM, -EAGAIN or -EINVAL, set obj to NULL and leave
 * the lowest free descriptor where it was; the run that needed no
 * failure must return 0, and @done(@ctx, obj) then checks and frees what
 * it made.  Single-threaded: nothing else may run during a step.
 * Returns the number of failed runs.
 */
unsigned int fail_nth_each(int (*step)(void *ctx, void **obj),
			   void (*done)(void *ctx, void *obj), void *ctx);

#endif /* SCMI_VIO_TEST_FAIL_NTH_H */
