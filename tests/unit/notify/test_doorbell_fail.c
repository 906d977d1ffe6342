// SPDX-License-Identifier: BSD-3-Clause
/*
 * L-6 for doorbells (fail_nth.c): the Nth allocation or pthread
 * initialiser of each kind's create fails, for every N until a create
 * needs no more.  POSIX lets pthread_mutex_init() fail with EAGAIN,
 * pthread_condattr_init() and pthread_cond_init() with ENOMEM, and
 * pthread_condattr_setclock() with EINVAL (a clock it cannot use for a
 * condvar); glibc happens not to, other libcs and future ones may.  Each
 * failed create returns that errno, leaves *out NULL and leaks no
 * descriptor; then the same create works.  Not built under sanitizers.
 */
#include <check.h>
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>

#include "check_run.h"
#include "fail_nth.h"

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

struct kind_ctx {
	int kind, fd;
};

static int create_step(void *ctx, void **obj)
{
	const struct kind_ctx *k = ctx;
	struct scmi_vio_doorbell *db = (struct scmi_vio_doorbell *)&db;
	int r = create(k->kind, k->fd, &db);

	*obj = db;
	return r;
}

static void ring_and_destroy(void *ctx, void *obj)
{
	(void)ctx;
	ck_assert_int_eq(scmi_vio_doorbell_ring(obj), 0);
	scmi_vio_doorbell_destroy(obj);
}

/* L-6: fail each fallible step of each kind's create in turn. */
START_TEST(test_l6_create_fails_cleanly)
{
	struct kind_ctx k = { .kind = _i };
	unsigned int failed;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	k.fd = sv[0];
	failed = fail_nth_each(create_step, ring_and_destroy, &k);
	/* Every kind allocates; the thread kind also has four init steps. */
	ck_assert_uint_eq(failed, _i == K_THREAD ? 5 : 1);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

int main(void)
{
	return check_main_one("doorbell_fail", 0, test_l6_create_fails_cleanly,
			      0, K_COUNT);
}
