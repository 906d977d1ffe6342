// SPDX-License-Identifier: BSD-3-Clause
/*
 * Doorbell waits at their edges: a deadline whose nanoseconds carry into
 * the next second, signals that interrupt a waiter, a borrowed fd that a
 * hostile caller swaps for something else or whose peer resets it,
 * two readers that race for one ring, a wait whose poll() itself fails,
 * a create that finds no descriptor free, a wait with no deadline, a full
 * eventfd, a write that takes part of a ring and a SIGPIPE the
 * application had pending.  Each of them must end in a ring, a timeout or a clear negative
 * errno: never a phantom ring, a hang or a busy loop.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>

#include "check_run.h"
#include "sigusr1_count.h"
#include "common/atomics.h"

#define NSEC_PER_SEC 1000000000LL
/* Upper bound for a wait that must succeed: only detects a hang. */
#define WAIT_NS (10 * NSEC_PER_SEC)
#define RACE_ROUNDS 40
#define RACE_WAIT_NS (50 * 1000000LL)

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

struct waiter {
	struct scmi_vio_doorbell *db;
	int64_t timeout_ns;
	int started; /* ATOMIC */
	int ret;
	pthread_t tid;
};

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;

	sv_write_once(&w->started, 1);
	w->ret = scmi_vio_doorbell_wait(w->db, w->timeout_ns);
	return NULL;
}

static void waiter_start(struct waiter *w, struct scmi_vio_doorbell *db,
			 int64_t timeout_ns)
{
	w->db = db;
	w->timeout_ns = timeout_ns;
	w->started = 0;
	w->ret = -1000;
	ck_assert_int_eq(pthread_create(&w->tid, NULL, waiter_main, w), 0);
	while (!sv_read_once(&w->started))
		sleep_ms(1);
}

/* A waiter with @timeout_ns asleep on @db is woken by a ring: 1. */
static void expect_ring_wakes(struct scmi_vio_doorbell *db, int64_t timeout_ns)
{
	struct waiter w;

	waiter_start(&w, db, timeout_ns);
	sleep_ms(20);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(pthread_join(w.tid, NULL), 0);
	ck_assert_int_eq(w.ret, 1);
}

/*
 * A timed thread wait whose deadline's nanoseconds pass a whole second
 * (almost any start time with a 999999999 ns timeout) must still sleep the
 * whole timeout and still be woken by a ring: a deadline left with
 * tv_nsec >= 1e9 is EINVAL to pthread_cond_timedwait().
 */
START_TEST(test_thread_deadline_carries)
{
	struct scmi_vio_doorbell *db = NULL;
	int64_t t0, dt;

	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&db), 0);
	t0 = now_ns();
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, NSEC_PER_SEC - 1), 0);
	dt = now_ns() - t0;
	ck_assert_msg(dt >= NSEC_PER_SEC - 1, "woke after %lld ns",
		      (long long)dt);

	expect_ring_wakes(db, NSEC_PER_SEC - 1);
	scmi_vio_doorbell_destroy(db);
}
END_TEST

/*
 * A signal handled while an fd doorbell waits (poll() fails with EINTR,
 * whatever SA_RESTART says) is not an error and not a ring: the wait goes
 * on and returns the ring that comes later.  Eventfd and pipe kinds.
 */
START_TEST(test_fd_wait_survives_signals)
{
	struct scmi_vio_doorbell *db = NULL, *ringer = NULL;
	struct waiter w;
	int p[2] = { -1, -1 };

	sigusr1_count_start();
	if (_i == 0) {
		ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(-1, &db), 0);
		ringer = db;
	} else {
		ck_assert_int_eq(pipe(p), 0);
		ck_assert_int_eq(scmi_vio_doorbell_pipe_create(p[0], &db), 0);
		ck_assert_int_eq(scmi_vio_doorbell_pipe_create(p[1], &ringer),
				 0);
	}
	waiter_start(&w, db, WAIT_NS);
	/* Three interruptions, each once the waiter is back in poll(). */
	while (sigusr1_count() < 3) {
		sleep_ms(20);
		ck_assert_int_eq(pthread_kill(w.tid, SIGUSR1), 0);
	}
	sleep_ms(20);
	ck_assert_int_eq(scmi_vio_doorbell_ring(ringer), 0);
	ck_assert_int_eq(pthread_join(w.tid, NULL), 0);
	ck_assert_int_eq(w.ret, 1);
	if (ringer != db)
		scmi_vio_doorbell_destroy(ringer);
	scmi_vio_doorbell_destroy(db);
	if (p[0] >= 0) {
		close(p[0]);
		close(p[1]);
	}
}
END_TEST

/*
 * the caller closes a borrowed eventfd and the number is reused by a
 * pipe holding 3 bytes.  The wait must not take 3 bytes for a ring.
 */
START_TEST(test_x2_eventfd_swapped_for_pipe)
{
	struct scmi_vio_doorbell *db = NULL;
	int efd, p[2];

	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ck_assert_int_ge(efd, 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(efd, &db), 0);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], "abc", 3), 3);
	ck_assert_int_eq(dup2(p[0], efd), efd);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, WAIT_NS), -EIO);
	/* The 3 bytes are gone with that read: nothing is left to take. */
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 0);
	scmi_vio_doorbell_destroy(db);
	close(efd);
	close(p[0]);
	close(p[1]);
}
END_TEST

/*
 * a socket doorbell whose peer closes with our rings unread resets
 * the connection: the wait reports -ECONNRESET, then end of file
 * (-EPIPE), never a ring.
 */
START_TEST(test_x2_socket_peer_resets)
{
	struct scmi_vio_doorbell *db = NULL;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(sv[0], &db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(close(sv[1]), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, WAIT_NS), -ECONNRESET);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, WAIT_NS), -EPIPE);
	scmi_vio_doorbell_destroy(db);
	close(sv[0]);
}
END_TEST

/*
 * Two doorbells on one borrowed eventfd, each waited on by its own thread:
 * against the contract, but what a confused caller does.  Both wake for a
 * ring and race to read it; the loser finds the counter empty (EAGAIN) and
 * must go back to waiting, not report the ring twice or fail.  Each ring
 * is taken exactly once.
 */
START_TEST(test_two_readers_take_a_ring_once)
{
	struct scmi_vio_doorbell *a = NULL, *b = NULL;
	struct waiter wa, wb;
	int efd, round, got = 0;

	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ck_assert_int_ge(efd, 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(efd, &a), 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(efd, &b), 0);
	for (round = 0; round < RACE_ROUNDS; round++) {
		waiter_start(&wa, a, RACE_WAIT_NS);
		waiter_start(&wb, b, RACE_WAIT_NS);
		sleep_ms(5);
		ck_assert_int_eq(scmi_vio_doorbell_ring(a), 0);
		ck_assert_int_eq(pthread_join(wa.tid, NULL), 0);
		ck_assert_int_eq(pthread_join(wb.tid, NULL), 0);
		ck_assert_msg(wa.ret >= 0 && wb.ret >= 0, "%d %d", wa.ret,
			      wb.ret);
		ck_assert_int_eq(wa.ret + wb.ret, 1);
		got += wa.ret + wb.ret;
	}
	ck_assert_int_eq(got, RACE_ROUNDS);
	scmi_vio_doorbell_destroy(a);
	scmi_vio_doorbell_destroy(b);
	close(efd);
}
END_TEST

/*
 * A process that may hold no descriptor at all (RLIMIT_NOFILE 0) cannot
 * poll() one: the wait says so (-EINVAL) instead of retrying for ever.
 */
START_TEST(test_fd_wait_poll_fails)
{
	struct scmi_vio_doorbell *db = NULL;
	struct rlimit old, none;
	int r;

	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(-1, &db), 0);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
	none = old;
	none.rlim_cur = 0;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &none), 0);
	r = scmi_vio_doorbell_wait(db, WAIT_NS);
	/* Restored before asserting: the process writes files at exit. */
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	ck_assert_int_eq(r, -EINVAL);
	scmi_vio_doorbell_destroy(db);
}
END_TEST

/*
 * A process at its descriptor limit cannot have an eventfd made for it:
 * -EMFILE, *out NULL; the same create works once a descriptor is free.
 */
START_TEST(test_eventfd_create_at_fd_limit)
{
	struct scmi_vio_doorbell *db = (struct scmi_vio_doorbell *)&db;
	struct rlimit old, lim;
	int fd, r;

	fd = dup(0);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)fd; /* fd is the lowest free: none left */
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &lim), 0);
	r = scmi_vio_doorbell_eventfd_create(-1, &db);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	ck_assert_int_eq(r, -EMFILE);
	ck_assert_ptr_null(db);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(-1, &db), 0);
	scmi_vio_doorbell_destroy(db);
}
END_TEST

/*
 * A timeout too long to be a deadline (INT64_MAX ns) waits without one,
 * and a ring still ends it.  Thread and eventfd kinds.
 */
START_TEST(test_wait_without_deadline)
{
	struct scmi_vio_doorbell *db = NULL;

	if (_i == 0)
		ck_assert_int_eq(scmi_vio_doorbell_thread_create(&db), 0);
	else
		ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(-1, &db), 0);
	expect_ring_wakes(db, INT64_MAX);
	scmi_vio_doorbell_destroy(db);
}
END_TEST

/*
 * a peer filled a borrowed non-blocking eventfd to its maximum.  The
 * counter is signalled already: ring() returns 0 at once (the write's
 * EAGAIN), and the waiter takes the ring.
 */
START_TEST(test_x3_nonblocking_eventfd_full)
{
	const uint64_t full = UINT64_MAX - 1;
	struct scmi_vio_doorbell *db = NULL;
	int efd;

	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ck_assert_int_ge(efd, 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(efd, &db), 0);
	ck_assert_int_eq(write(efd, &full, sizeof(full)), sizeof(full));
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 0);
	scmi_vio_doorbell_destroy(db);
	close(efd);
}
END_TEST

/*
 * the descriptor under an eventfd or pipe doorbell is swapped for a
 * regular file that takes only 3 of the 8 bytes (RLIMIT_FSIZE ends it
 * there).  Not a ring: -EIO.
 */
START_TEST(test_x2_ring_short_write)
{
	struct scmi_vio_doorbell *db = NULL;
	char path[] = "/tmp/scmi_vio_short_XXXXXX";
	struct rlimit old, lim;
	int fd, file, p[2] = { -1, -1 }, r, lim_set, lim_back;

	if (_i == 0) {
		fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(fd, &db), 0);
	} else {
		ck_assert_int_eq(pipe(p), 0);
		fd = p[1];
		ck_assert_int_eq(scmi_vio_doorbell_pipe_create(fd, &db), 0);
	}
	file = mkstemp(path);
	ck_assert_int_ge(file, 0);
	unlink(path);
	ck_assert_int_eq(lseek(file, 5, SEEK_SET), 5);
	ck_assert_int_eq(dup2(file, fd), fd);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 8;
	/* No Check call while limited: its own log is a file too. */
	lim_set = setrlimit(RLIMIT_FSIZE, &lim);
	r = scmi_vio_doorbell_ring(db);
	lim_back = setrlimit(RLIMIT_FSIZE, &old);
	ck_assert_int_eq(lim_set, 0);
	ck_assert_int_eq(lim_back, 0);
	ck_assert_int_eq(r, -EIO);
	ck_assert_int_eq(lseek(file, 0, SEEK_END), 8);
	scmi_vio_doorbell_destroy(db);
	close(fd);
	close(file);
	if (p[0] >= 0)
		close(p[0]);
}
END_TEST

/*
 * a SIGPIPE the application already had pending (blocked) when a
 * ring found the reader gone is the application's: the ring consumes only
 * the one it raised itself, and leaves that one pending.
 */
START_TEST(test_x3_pending_sigpipe_kept)
{
	struct scmi_vio_doorbell *db = NULL;
	sigset_t set, old, pending;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(p[1], &db), 0);
	ck_assert_int_eq(close(p[0]), 0);
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	ck_assert_int_eq(pthread_sigmask(SIG_BLOCK, &set, &old), 0);
	ck_assert_int_eq(raise(SIGPIPE), 0);
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), -EPIPE);
	ck_assert_int_eq(sigpending(&pending), 0);
	ck_assert_int_eq(sigismember(&pending, SIGPIPE), 1);
	/* Take it, so that unblocking does not kill the test. */
	ck_assert_int_eq(sigwaitinfo(&set, NULL), SIGPIPE);
	ck_assert_int_eq(sigpending(&pending), 0);
	ck_assert_int_eq(sigismember(&pending, SIGPIPE), 0);
	ck_assert_int_eq(pthread_sigmask(SIG_SETMASK, &old, NULL), 0);
	scmi_vio_doorbell_destroy(db);
	close(p[1]);
}
END_TEST

/*
 * an eventfd a peer handed over (scmi_vio_doorbell_fd_create())
 * is made non-blocking, so a peer that empties it behind our poll() or
 * fills it behind our look cannot put our read or write to sleep: the
 * wait times out, and the ring of a full counter counts as signalled.
 */
START_TEST(test_x2_x3_peer_eventfd_made_nonblocking)
{
	const uint64_t full = UINT64_MAX - 1;
	struct scmi_vio_doorbell *db = NULL;
	int efd;

	efd = eventfd(0, EFD_CLOEXEC);
	ck_assert_int_ge(efd, 0);
	ck_assert_int_eq(fcntl(efd, F_GETFL) & O_NONBLOCK, 0);
	ck_assert_int_eq(scmi_vio_doorbell_fd_create(efd, &db), 0);
	ck_assert_int_ne(fcntl(efd, F_GETFL) & O_NONBLOCK, 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 1000000), 0);
	ck_assert_int_eq(write(efd, &full, sizeof(full)), sizeof(full));
	ck_assert_int_eq(scmi_vio_doorbell_ring(db), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(db, 0), 1);
	scmi_vio_doorbell_destroy(db);
	close(efd);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_thread_deadline_carries),
		CHECK_LOOP(test_fd_wait_survives_signals, 0, 2),
		CHECK_ONCE(test_x2_eventfd_swapped_for_pipe),
		CHECK_ONCE(test_x2_socket_peer_resets),
		CHECK_ONCE(test_two_readers_take_a_ring_once),
		CHECK_ONCE(test_fd_wait_poll_fails),
		CHECK_ONCE(test_eventfd_create_at_fd_limit),
		CHECK_LOOP(test_wait_without_deadline, 0, 2),
		CHECK_ONCE(test_x3_nonblocking_eventfd_full),
		CHECK_LOOP(test_x2_ring_short_write, 0, 2),
		CHECK_ONCE(test_x3_pending_sigpipe_kept),
		CHECK_ONCE(test_x2_x3_peer_eventfd_made_nonblocking),
		{ NULL, 0, 0 },
	};

	return check_main("doorbell_edges", 60, tests);
}
