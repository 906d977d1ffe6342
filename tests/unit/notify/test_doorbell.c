// SPDX-License-Identifier: BSD-3-Clause
/*
 * Doorbell unit tests: each kind rings and waits, rings coalesce, a ring
 * before wait() is not lost, timeouts, ping-pong between threads and
 * between processes (lost wake-ups would show as a timed-out round), fd
 * ownership, statistics and the error paths; fds that are not eventfds
 * and pipe or socket doorbells whose reader is gone or full.
 *
 * Blocking waits in the tests use a generous upper bound (WAIT_NS) and fail
 * when it expires instead of hanging.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>

#include "check_run.h"
#include "common/atomics.h"

#ifndef SCMI_VIO_TEST_SCALE
#define SCMI_VIO_TEST_SCALE 1
#endif

#define NSEC_PER_SEC 1000000000LL
/* Upper bound for a wait that must succeed: only detects a hang. */
#define WAIT_NS (10 * NSEC_PER_SEC)
#define PINGPONG_ROUNDS (20000 / SCMI_VIO_TEST_SCALE)
#define POLL_ROUNDS (10000 / SCMI_VIO_TEST_SCALE)
#define PROC_ROUNDS (10000 / SCMI_VIO_TEST_SCALE)
/*
 * Check's per-test bound, for the ping-pong and storm cases, so that running
 * the binary by hand (default 4 s) does not fail on a loaded machine; the
 * 10 s WAIT_NS bounds are what detect a lost wake-up.
 */
#define TCASE_TIMEOUT_S 60

/* Loop tests iterate over the two kinds that can be waited on. */
static const enum scmi_vio_doorbell_kind waitable[] = {
	SCMI_VIO_DOORBELL_THREAD,
	SCMI_VIO_DOORBELL_EVENTFD,
};

static struct scmi_vio_doorbell *make(enum scmi_vio_doorbell_kind kind)
{
	struct scmi_vio_doorbell *db = NULL;
	int ret;

	if (kind == SCMI_VIO_DOORBELL_THREAD)
		ret = scmi_vio_doorbell_thread_create(&db);
	else
		ret = scmi_vio_doorbell_eventfd_create(-1, &db);
	ck_assert_int_eq(ret, 0);
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(scmi_vio_doorbell_kind(db), kind);
	return db;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/*
 * State shared between test threads lives on the heap: clang 14's
 * ThreadSanitizer does not instrument accesses to the fields of a stack
 * struct whose address escapes (its capture check looks at the field's
 * address, not the struct's), so races on it would go unreported.
 */
static void *shared_alloc(size_t size)
{
	void *p = calloc(1, size);

	ck_assert_ptr_nonnull(p);
	return p;
}

/* ---- inline ---------------------------------------------------------- */

struct handler_ctx {
	int calls;
	void *seen_arg;
};

static void handler(void *arg)
{
	struct handler_ctx *ctx = arg;

	ctx->calls++;
	ctx->seen_arg = arg;
}

START_TEST(test_inline_calls_handler)
{
	struct handler_ctx ctx = { 0 };
	struct scmi_vio_doorbell *db = NULL;

	ck_assert_int_eq(scmi_vio_doorbell_inline_create(handler, &ctx, &db),
			 0);
	ck_assert_int_eq(scmi_vio_doorbell_kind(db), SCMI_VIO_DOORBELL_INLINE);
	ck_assert_int_eq(scmi_vio_doorbell_fd(db), -1);
	ck_assert_uint_eq(scmi_vio_doorbell_rings(db), 0);

	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(ctx.calls, 1);
	ck_assert_ptr_eq(ctx.seen_arg, &ctx);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(ctx.calls, 3);
	ck_assert_uint_eq(scmi_vio_doorbell_rings(db), 3);

	/* Nothing to wait for on an inline doorbell. */
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), -EINVAL);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, -1), -EINVAL);
	ck_assert_int_eq(ctx.calls, 3);
	scmi_vio_doorbell_destroy(db);
}
END_TEST

/* ---- thread and eventfd (loop tests over waitable[]) ----------------- */

START_TEST(test_ring_then_wait)
{
	struct scmi_vio_doorbell *db = make(waitable[_i]);

	/* A ring before wait() is not lost, whatever the timeout. */
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 0);

	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, WAIT_NS), 1);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, -1), 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 0);
	ck_assert_uint_eq(scmi_vio_doorbell_rings(db), 3);
	scmi_vio_doorbell_destroy(db);
}
END_TEST

START_TEST(test_rings_coalesce)
{
	struct scmi_vio_doorbell *db = make(waitable[_i]);
	int i;

	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_uint_eq(scmi_vio_doorbell_rings(db), 1000);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 1000000), 0);
	scmi_vio_doorbell_destroy(db);
}
END_TEST

START_TEST(test_wait_times_out)
{
	struct scmi_vio_doorbell *db = make(waitable[_i]);
	const int64_t timeout = 20 * 1000000LL;
	int64_t start;

	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 0);

	/* A timed-out wait returns 0 and never returns early. */
	start = now_ns();
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, timeout), 0);
	ck_assert_int_ge(now_ns() - start, timeout);
	/* A sub-millisecond timeout is still honoured. */
	start = now_ns();
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 1000), 0);
	ck_assert_int_ge(now_ns() - start, 1000);

	/* The doorbell still works after timeouts (waiter deregistered). */
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, timeout), 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 0);
	scmi_vio_doorbell_destroy(db);
}
END_TEST

struct delayed_ring {
	struct scmi_vio_doorbell *db;
	int ret;
};

static void *delayed_ring_thread(void *arg)
{
	struct delayed_ring *dr = arg;
	const struct timespec delay = { 0, 20 * 1000000L };

	/* Likely lets the waiter go to sleep first (not needed to pass). */
	nanosleep(&delay, NULL);
	dr->ret = scmi_vio_doorbell_ring(dr->db);
	return NULL;
}

START_TEST(test_ring_wakes_sleeper)
{
	struct delayed_ring *dr = shared_alloc(sizeof(*dr));
	pthread_t t;

	dr->db = make(waitable[_i]);
	dr->ret = -1;

	/* Bounded wait. */
	ck_assert_int_eq(pthread_create(&t, NULL, delayed_ring_thread, dr), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(dr->db, WAIT_NS), 1);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(dr->ret, 0);

	/* Infinite wait (a lost wake-up hangs: Check's timeout fails it). */
	ck_assert_int_eq(pthread_create(&t, NULL, delayed_ring_thread, dr), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(dr->db, -1), 1);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(dr->ret, 0);

	ck_assert_int_eq(scmi_vio_doorbell_wait(dr->db, 0), 0);
	ck_assert_uint_eq(scmi_vio_doorbell_rings(dr->db), 2);
	scmi_vio_doorbell_destroy(dr->db);
	free(dr);
}
END_TEST

/*
 * Ping-pong: two threads alternate over two doorbells, each round bumping a
 * shared counter with PLAIN accesses.  The doorbells are the only
 * synchronization, so ThreadSanitizer checks their ordering contract, and
 * the counter check catches a spurious wake-up; a lost wake-up makes a wait
 * time out and the test fail.
 */
struct pingpong {
	struct scmi_vio_doorbell *ping, *pong;
	long counter; /* Plain: ordered by the doorbells only. */
	int rounds;
	bool poll; /* Wait with timeout 0 in a loop: the lock-free path. */
	const char *err_ping, *err_pong;
	long err_round;
};

/* One wait that must succeed, blocking or polling; 0 after WAIT_NS. */
static int pp_wait(const struct pingpong *pp, struct scmi_vio_doorbell *db)
{
	int64_t deadline;
	int ret;

	if (!pp->poll)
		return scmi_vio_doorbell_wait(db, WAIT_NS);
	deadline = now_ns() + WAIT_NS;
	for (;;) {
		ret = scmi_vio_doorbell_wait(db, 0);
		if (ret || now_ns() > deadline)
			return ret;
		sched_yield();
	}
}

/* Take a ring of @db: NULL, or which of @failed and @timed_out it was. */
static const char *pp_take(const struct pingpong *pp,
			   struct scmi_vio_doorbell *db, const char *failed,
			   const char *timed_out)
{
	int ret = pp_wait(pp, db);

	if (ret != 1)
		return ret ? failed : timed_out;
	return NULL;
}

/*
 * Find the counter at @expect, bump it and ring @db: NULL, or @stale (the
 * counter was elsewhere) or @ring_failed.
 */
static const char *pp_give(struct pingpong *pp, long expect,
			   struct scmi_vio_doorbell *db, const char *stale,
			   const char *ring_failed)
{
	if (pp->counter != expect)
		return stale;
	pp->counter++;
	return scmi_vio_doorbell_ring(db) ? ring_failed : NULL;
}

static void *pong_thread(void *arg)
{
	struct pingpong *pp = arg;
	const char *err = NULL;
	int i;

	for (i = 0; i < pp->rounds && !err; i++) {
		err = pp_take(pp, pp->ping, "wait(ping) failed",
			      "wait(ping) timed out");
		if (!err)
			err = pp_give(pp, 2L * i + 1, pp->pong,
				      "counter out of step (pong)",
				      "ring(pong) failed");
	}
	pp->err_pong = err;
	return NULL;
}

static void run_pingpong(struct pingpong *pp)
{
	const char *err = NULL;
	pthread_t t;
	int i;

	ck_assert_int_eq(pthread_create(&t, NULL, pong_thread, pp), 0);
	for (i = 0; i < pp->rounds; i++) {
		err = pp_give(pp, 2L * i, pp->ping,
			      "counter out of step (ping)",
			      "ring(ping) failed");
		if (!err)
			err = pp_take(pp, pp->pong, "wait(pong) failed",
				      "wait(pong) timed out");
		if (err)
			break;
	}
	pp->err_ping = err;
	pp->err_round = i;
	/* If we gave up, pong gives up within WAIT_NS too. */
	ck_assert_int_eq(pthread_join(t, NULL), 0);
}

/* _i: kind waitable[_i % 2]; blocking waits for _i < 2, polling above. */
START_TEST(test_pingpong_threads)
{
	struct pingpong *pp = shared_alloc(sizeof(*pp));

	pp->ping = make(waitable[_i % 2]);
	pp->pong = make(waitable[_i % 2]);
	pp->rounds = _i < 2 ? PINGPONG_ROUNDS : POLL_ROUNDS;
	pp->poll = _i >= 2;
	run_pingpong(pp);
	ck_assert_msg(!pp->err_ping && !pp->err_pong, "round %ld: %s / %s",
		      pp->err_round, pp->err_ping ? pp->err_ping : "-",
		      pp->err_pong ? pp->err_pong : "-");
	ck_assert_int_eq(pp->counter, 2L * pp->rounds);
	ck_assert_uint_eq(scmi_vio_doorbell_rings(pp->ping), pp->rounds);
	ck_assert_uint_eq(scmi_vio_doorbell_rings(pp->pong), pp->rounds);
	/* Nothing left over: every ring was consumed exactly once. */
	ck_assert_int_eq(scmi_vio_doorbell_wait(pp->ping, 0), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(pp->pong, 0), 0);
	scmi_vio_doorbell_destroy(pp->ping);
	scmi_vio_doorbell_destroy(pp->pong);
	free(pp);
}
END_TEST

/*
 * Several threads ring concurrently while one waiter drains: every ring is
 * counted, and the last ring (after which nobody rings) is never lost.
 */
#define RINGERS 3
#define RINGS_EACH (20000 / SCMI_VIO_TEST_SCALE)

struct storm {
	struct scmi_vio_doorbell *db;
	int ring_errors; /* ATOMIC */
	unsigned long published; /* ATOMIC: rings done, set before ring() */
};

static void *storm_ringer(void *arg)
{
	struct storm *s = arg;
	int i;

	for (i = 0; i < RINGS_EACH; i++) {
		sv_fetch_add(&s->published, 1);
		if (scmi_vio_doorbell_ring(s->db))
			sv_fetch_add(&s->ring_errors, 1);
	}
	return NULL;
}

START_TEST(test_concurrent_rings)
{
	struct storm *s = shared_alloc(sizeof(*s));
	const unsigned long total = (unsigned long)RINGERS * RINGS_EACH;
	pthread_t t[RINGERS];
	unsigned long wakeups = 0;
	int i, ret;

	s->db = make(waitable[_i]);
	for (i = 0; i < RINGERS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, storm_ringer, s),
				 0);
	/*
	 * Each wake-up that returns 1 sees every increment published before
	 * the ring it consumed; once all are seen, the last ring has been
	 * consumed or is still pending (never lost).
	 */
	for (;;) {
		ret = scmi_vio_doorbell_wait(s->db, WAIT_NS);
		ck_assert_int_eq(ret, 1);
		wakeups++;
		if (sv_read_once(&s->published) == total)
			break;
	}
	for (i = 0; i < RINGERS; i++)
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
	ck_assert_int_eq(s->ring_errors, 0);
	ck_assert_uint_le(wakeups, total);
	ck_assert_uint_eq(scmi_vio_doorbell_rings(s->db), total);
	/* At most the final coalesced ring can still be pending. */
	ret = scmi_vio_doorbell_wait(s->db, 0);
	ck_assert(ret == 0 || ret == 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(s->db, 0), 0);
	scmi_vio_doorbell_destroy(s->db);
	free(s);
}
END_TEST

/* ---- eventfd specifics ----------------------------------------------- */

START_TEST(test_eventfd_owned_closed)
{
	struct scmi_vio_doorbell *db = NULL;
	int fd, fl;

	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(-1, &db), 0);
	fd = scmi_vio_doorbell_fd(db);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_ne(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	fl = fcntl(fd, F_GETFL);
	ck_assert_int_ne(fl, -1);
	ck_assert_int_ne(fl & O_NONBLOCK, 0);
	scmi_vio_doorbell_destroy(db);
	/* No other thread opens descriptors in this test process. */
	ck_assert_int_eq(fcntl(fd, F_GETFD), -1);
	ck_assert_int_eq(errno, EBADF);
}
END_TEST

START_TEST(test_eventfd_borrowed)
{
	struct scmi_vio_doorbell *a = NULL, *b = NULL;
	eventfd_t val;
	int fd;

	/* Blocking on purpose: wait() must poll before read(). */
	fd = eventfd(0, EFD_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(fd, &a), 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(fd, &b), 0);
	ck_assert_int_eq(scmi_vio_doorbell_fd(a), fd);
	ck_assert_int_eq(scmi_vio_doorbell_fd(b), fd);

	/* Nothing pending: a blocking fd must not block wait(0). */
	ck_assert_int_eq(scmi_vio_doorbell_wait(a, 0), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(a, 1000000), 0);

	/* A ring through one doorbell is seen through the other. */
	ck_assert_int_eq(scmi_vio_doorbell_ring(b), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(b), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(a, 0), 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(a, 0), 0);

	/* Interoperates with a raw peer on the fd, both ways. */
	ck_assert_int_eq(eventfd_write(fd, 5), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(a, WAIT_NS), 1);
	ck_assert_int_eq(scmi_vio_doorbell_ring(a), 0);
	ck_assert_int_eq(eventfd_read(fd, &val), 0);
	ck_assert_uint_eq(val, 1);

	/* An eventfd at its maximum counts as rung, not as an error. */
	ck_assert_int_eq(eventfd_write(fd, UINT64_MAX - 1), 0);
	ck_assert_int_eq(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(b), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(a, 0), 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(a, 0), 0);

	scmi_vio_doorbell_destroy(a);
	scmi_vio_doorbell_destroy(b);
	/* Borrowed: still open after destroy. */
	ck_assert_int_ne(fcntl(fd, F_GETFD), -1);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(test_eventfd_blocking_flags_kept)
{
	struct scmi_vio_doorbell *db = NULL;
	int fd, fl;

	fd = eventfd(0, EFD_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	fl = fcntl(fd, F_GETFL);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(fd, &db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 1000), 0);
	ck_assert_int_eq(fcntl(fd, F_GETFL), fl);
	scmi_vio_doorbell_destroy(db);
	ck_assert_int_eq(fcntl(fd, F_GETFL), fl);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/*
 * Cross-process ping-pong over two owned eventfds inherited by fork(): the
 * parent writes a value to shared memory and rings; the child waits, checks
 * and bumps it, and rings back.
 */
START_TEST(test_eventfd_cross_process)
{
	struct scmi_vio_doorbell *ping = make(SCMI_VIO_DOORBELL_EVENTFD);
	struct scmi_vio_doorbell *pong = make(SCMI_VIO_DOORBELL_EVENTFD);
	const char *err = NULL;
	long *shared;
	int i, ret, status;
	pid_t pid;

	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(shared, MAP_FAILED);
	*shared = 0;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int code = 0;

		for (i = 0; i < PROC_ROUNDS; i++) {
			if (scmi_vio_doorbell_wait(ping, WAIT_NS) != 1) {
				code = 2;
				break;
			}
			if (sv_read_once(shared) != 2L * i + 1) {
				code = 3;
				break;
			}
			sv_write_once(shared, 2L * i + 2);
			if (scmi_vio_doorbell_ring(pong)) {
				code = 4;
				break;
			}
		}
		/* Extra wake-ups would be a bug too. */
		if (!code && scmi_vio_doorbell_wait(ping, 0) != 0)
			code = 5;
		_exit(code);
	}

	for (i = 0; i < PROC_ROUNDS; i++) {
		if (sv_read_once(shared) != 2L * i) {
			err = "shared value out of step in parent";
			break;
		}
		sv_write_once(shared, 2L * i + 1);
		if (scmi_vio_doorbell_ring(ping)) {
			err = "ring(ping) failed";
			break;
		}
		ret = scmi_vio_doorbell_wait(pong, WAIT_NS);
		if (ret != 1) {
			err = ret ? "wait(pong) failed" :
				    "wait(pong) timed out";
			break;
		}
	}
	/* The child gives up within WAIT_NS if we stopped early. */
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(!err, "round %d: %s", i, err);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_int_eq(*shared, 2L * PROC_ROUNDS);
	ck_assert_uint_eq(scmi_vio_doorbell_rings(ping), PROC_ROUNDS);
	ck_assert_int_eq(scmi_vio_doorbell_wait(pong, 0), 0);
	ck_assert_int_eq(munmap(shared, sizeof(*shared)), 0);
	scmi_vio_doorbell_destroy(ping);
	scmi_vio_doorbell_destroy(pong);
}
END_TEST

/* ---- errors ----------------------------------------------------------- */

START_TEST(test_errors)
{
	struct scmi_vio_doorbell *db = (struct scmi_vio_doorbell *)&db;
	int ctx = 0, fd;

	ck_assert_int_eq(scmi_vio_doorbell_inline_create(NULL, &ctx, &db),
			 -EINVAL);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(scmi_vio_doorbell_inline_create(handler, &ctx, NULL),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_doorbell_thread_create(NULL), -EINVAL);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(-1, NULL), -EINVAL);

	/* A descriptor that is not open. */
	fd = eventfd(0, EFD_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(close(fd), 0);
	db = (struct scmi_vio_doorbell *)&db;
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(fd, &db), -EBADF);
	ck_assert_ptr_null(db);

	ck_assert_int_eq(scmi_vio_doorbell_ring(NULL), -EINVAL);
	ck_assert_int_eq(scmi_vio_doorbell_wait(NULL, 0), -EINVAL);
	ck_assert_int_eq(scmi_vio_doorbell_wait(NULL, -1), -EINVAL);
	ck_assert_int_eq(scmi_vio_doorbell_fd(NULL), -1);
	ck_assert_uint_eq(scmi_vio_doorbell_rings(NULL), 0);
	scmi_vio_doorbell_destroy(NULL);

	/* The thread kind has no fd. */
	db = make(SCMI_VIO_DOORBELL_THREAD);
	ck_assert_int_eq(scmi_vio_doorbell_fd(db), -1);
	scmi_vio_doorbell_destroy(db);
}
END_TEST

/* Ring and wait fail cleanly when a borrowed fd went away under them. */
START_TEST(test_eventfd_closed_under)
{
	struct scmi_vio_doorbell *db = NULL;
	int fd;

	fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(fd, &db), 0);
	ck_assert_int_eq(close(fd), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), -EBADF);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), -EBADF);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, -1), -EBADF);
	scmi_vio_doorbell_destroy(db);
}
END_TEST

/* ---- fds of other types (X-2, X-3) ----------------------------------- */

static void expect_refused(int fd)
{
	struct scmi_vio_doorbell *db = (struct scmi_vio_doorbell *)&db;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(fd, &db), -EINVAL);
	ck_assert_ptr_null(db);
}

/* a borrowed fd that is not an eventfd is refused at setup. */
START_TEST(test_x2_eventfd_refuses_other_fds)
{
	struct scmi_vio_doorbell *db = NULL;
	int p[2], sv[2], fd;

	ck_assert_int_eq(pipe(p), 0);
	expect_refused(p[0]);
	expect_refused(p[1]);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	expect_refused(sv[1]);
	fd = open("/dev/null", O_RDWR);
	expect_refused(fd);
	close(fd);
	/* Another anonymous inode: named apart by /proc. */
	fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	expect_refused(fd);
	close(fd);
	/* The generic entry sorts them: pipes and sockets get the pipe
	 * kind, an eventfd its own, anything else nothing. */
	ck_assert_int_eq(scmi_vio_doorbell_fd_create(p[1], &db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_kind(db), SCMI_VIO_DOORBELL_PIPE);
	ck_assert_int_eq(scmi_vio_doorbell_fd(db), p[1]);
	scmi_vio_doorbell_destroy(db);
	fd = eventfd(0, EFD_CLOEXEC);
	ck_assert_int_eq(scmi_vio_doorbell_fd_create(fd, &db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_kind(db), SCMI_VIO_DOORBELL_EVENTFD);
	scmi_vio_doorbell_destroy(db);
	close(fd);
	fd = open("/dev/null", O_RDWR);
	ck_assert_int_eq(scmi_vio_doorbell_fd_create(fd, &db), -EINVAL);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(fd, &db), -EINVAL);
	close(fd);
	ck_assert_int_eq(scmi_vio_doorbell_fd_create(-1, &db), -EBADF);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(-1, &db), -EBADF);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(p[0], NULL), -EINVAL);
	ck_assert_int_eq(scmi_vio_doorbell_fd_create(p[0], NULL), -EINVAL);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* Enough rings to fill any pipe or AF_UNIX socket buffer many times. */
#define FILL_RINGS 100000

/* SIGPIPE neither killed us nor is left pending; the mask is as it was. */
static void expect_no_sigpipe(void)
{
	sigset_t set;

	ck_assert_int_eq(sigpending(&set), 0);
	ck_assert_int_eq(sigismember(&set, SIGPIPE), 0);
	ck_assert_int_eq(pthread_sigmask(SIG_BLOCK, NULL, &set), 0);
	ck_assert_int_eq(sigismember(&set, SIGPIPE), 0);
}

/*
 * User-Mode Linux's call fd, an AF_UNIX stream socket.  Rings are
 * eventfd-style 8-byte values; a reader that never reads fills the socket
 * and the rings go on returning at once (before: blocked after about 250);
 * a reader that is gone is an error, not a SIGPIPE death.
 */
START_TEST(test_x3_socket_reader_gone)
{
	struct scmi_vio_doorbell *db = NULL;
	uint64_t val = 0;
	int sv[2], fl, i, r;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fl = fcntl(sv[1], F_GETFL);
	/* An eventfd doorbell would write it with eventfd semantics. */
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(sv[1], &db), -EINVAL);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(sv[1], &db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_kind(db), SCMI_VIO_DOORBELL_PIPE);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(read(sv[0], &val, sizeof(val)), sizeof(val));
	ck_assert_uint_eq(val, 1);
	for (i = 0; i < FILL_RINGS; i++)
		ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	/* A socket's flags are the peer's business too: left alone. */
	ck_assert_int_eq(fcntl(sv[1], F_GETFL), fl);
	ck_assert_int_eq(close(sv[0]), 0);
	r = scmi_vio_doorbell_ring(db);
	ck_assert_msg(r == -EPIPE || r == -ECONNRESET, "ring: %d", r);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), -EPIPE);
	expect_no_sigpipe();
	scmi_vio_doorbell_destroy(db);
	close(sv[1]);
}
END_TEST

/* the same over a pipe, where no per-call flag avoids SIGPIPE. */
START_TEST(test_x3_pipe_reader_gone)
{
	struct scmi_vio_doorbell *db = NULL;
	uint64_t val = 0;
	int p[2], i;

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(p[1], &db), 0);
	ck_assert_int_ne(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(read(p[0], &val, sizeof(val)), sizeof(val));
	ck_assert_uint_eq(val, 1);
	for (i = 0; i < FILL_RINGS; i++)
		ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(close(p[0]), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), -EPIPE);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), -EPIPE);
	expect_no_sigpipe();
	ck_assert_uint_eq(scmi_vio_doorbell_rings(db), FILL_RINGS + 3);
	scmi_vio_doorbell_destroy(db);
	close(p[1]);
}
END_TEST

/* waiting on a pipe or socket; every writer gone is -EPIPE. */
START_TEST(test_x3_pipe_wait)
{
	struct scmi_vio_doorbell *w = NULL, *r = NULL;
	const uint64_t one = 1;
	int p[2], sv[2], i;

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(p[1], &w), 0);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(p[0], &r), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(r, 0), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(r, 1000000), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(w), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(w), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(r, WAIT_NS), 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(r, 0), 0);
	/* A full pipe drains in bounded reads, one wake-up each. */
	for (i = 0; i < FILL_RINGS; i++)
		ck_assert_int_eq(scmi_vio_doorbell_ring(w), 0);
	while ((i = scmi_vio_doorbell_wait(r, 0)) == 1)
		;
	ck_assert_int_eq(i, 0);
	scmi_vio_doorbell_destroy(w);
	close(p[1]);
	ck_assert_int_eq(scmi_vio_doorbell_wait(r, WAIT_NS), -EPIPE);
	scmi_vio_doorbell_destroy(r);
	close(p[0]);

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(scmi_vio_doorbell_fd_create(sv[0], &r), 0);
	ck_assert_int_eq(write(sv[1], &one, sizeof(one)), sizeof(one));
	ck_assert_int_eq(scmi_vio_doorbell_wait(r, WAIT_NS), 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(r, 0), 0);
	close(sv[1]);
	ck_assert_int_eq(scmi_vio_doorbell_wait(r, WAIT_NS), -EPIPE);
	scmi_vio_doorbell_destroy(r);
	close(sv[0]);
}
END_TEST

/* a peer filling a borrowed blocking eventfd cannot block a ring. */
START_TEST(test_x3_blocking_eventfd_full)
{
	struct scmi_vio_doorbell *db = NULL;
	int fd;

	fd = eventfd(0, EFD_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(fd, &db), 0);
	ck_assert_int_eq(eventfd_write(fd, UINT64_MAX - 1), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 1);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 1);
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	scmi_vio_doorbell_destroy(db);
	close(fd);
}
END_TEST

int main(void)
{
	const int nkinds = sizeof(waitable) / sizeof(waitable[0]);
	const struct check_loop tests[] = {
		CHECK_ONCE(test_inline_calls_handler),
		CHECK_LOOP(test_ring_then_wait, 0, nkinds),
		CHECK_LOOP(test_rings_coalesce, 0, nkinds),
		CHECK_LOOP(test_wait_times_out, 0, nkinds),
		CHECK_LOOP(test_ring_wakes_sleeper, 0, nkinds),
		CHECK_LOOP(test_pingpong_threads, 0, 2 * nkinds),
		CHECK_LOOP(test_concurrent_rings, 0, nkinds),
		CHECK_ONCE(test_eventfd_owned_closed),
		CHECK_ONCE(test_eventfd_borrowed),
		CHECK_ONCE(test_eventfd_blocking_flags_kept),
		CHECK_ONCE(test_eventfd_cross_process),
		CHECK_ONCE(test_eventfd_closed_under),
		CHECK_ONCE(test_x2_eventfd_refuses_other_fds),
		CHECK_ONCE(test_x3_socket_reader_gone),
		CHECK_ONCE(test_x3_pipe_reader_gone),
		CHECK_ONCE(test_x3_pipe_wait),
		CHECK_ONCE(test_x3_blocking_eventfd_full),
		CHECK_ONCE(test_errors),
		{ NULL, 0, 0 },
	};

	return check_main("doorbell", TCASE_TIMEOUT_S, tests);
}
