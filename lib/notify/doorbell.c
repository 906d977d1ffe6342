// SPDX-License-Identifier: BSD-3-Clause
/*
 * Doorbells (docs/architecture.md section 4): inline call, thread wake-up,
 * eventfd.
 *
 * Theory of operation
 * -------------------
 * inline:  ring() counts and calls fn(arg) on the ringing thread.  Program
 *          order alone makes the ringer's writes visible to the handler.
 *
 * thread:  the ring path is on the hot path of every kick, so it must not
 *          touch the mutex when nobody sleeps.  One atomic word, @state,
 *          holds both the "pending" bit (bit 0) and the number of registered
 *          waiters (the bits above, in units of SV_DB_WAITER).  Keeping both
 *          in ONE word means every ring and every waiter registration is a
 *          read-modify-write of the same location, so they are totally
 *          ordered by that location's modification order: no cross-location
 *          (store-load, Dekker) reasoning and no extra fence is needed.
 *
 *          ring():  old = fetch_or(state, PENDING);
 *                   if (old has waiters && !(old & PENDING))
 *                           lock; cond_signal; unlock;
 *          wait():  if (consume()) return 1;               (fast path)
 *                   lock; fetch_add(state, WAITER);
 *                   while (!consume()) cond_(timed)wait;
 *                   fetch_sub(state, WAITER); unlock;
 *
 *          Why no wake-up is lost.  Take a ring R and a sleeping wait W.
 *          W's registration (fetch_add) and R's fetch_or are RMWs of @state,
 *          so one comes first in its modification order:
 *           - R first: W's fetch_add returns a value with PENDING set (only
 *             the single waiter clears it), and every later read by W sees
 *             PENDING too (read-read coherence), so W's check under the
 *             mutex finds it and W does not sleep.
 *           - W first: R's old value counts W as a waiter.  If PENDING was
 *             clear in it, R takes the mutex.  W registered and checked
 *             while holding that mutex and releases it only atomically with
 *             going to sleep in pthread_cond_wait(), so R gets the mutex
 *             only once W is asleep (or gone), and its signal wakes W.  If
 *             PENDING was already set in R's old value, the ring that set it
 *             (R0) came after W's registration, or W would have consumed it
 *             before sleeping: R0 saw W and is itself signalling, so R may
 *             skip the mutex.
 *          A stale waiter count (W already left) only costs a useless
 *          signal.
 *
 *          Ordering: fetch_or in ring() is a seq_cst RMW (a release for the
 *          ringer's earlier writes); the fetch_and that consumes PENDING in
 *          wait() is a seq_cst RMW (an acquire) that reads from it, or from
 *          a later RMW in its release sequence, so everything written before
 *          ring() is visible after wait() returns 1.
 *
 * eventfd: ring() writes 1, wait() poll()s then read()s, which resets the
 *          counter (no EFD_SEMAPHORE: all rings coalesce into one).  A
 *          borrowed fd's flags are never changed, hence poll() before
 *          read() and the EAGAIN handling; except one a peer handed over
 *          (fd_create()), which is switched to O_NONBLOCK as a pipe is:
 *          the peer can empty or fill the counter between our poll() and
 *          our read() or write(), which would then sleep at its will.
 *          Ordering: the kernel updates the eventfd counter under the
 *          eventfd's own spinlock in both
 *          write(2) and read(2), so the ringer's earlier writes are ordered
 *          before the waiter's later reads by that lock's release/acquire
 *          (and a system call is a compiler barrier); this holds across
 *          processes sharing memory too.  A borrowed fd must be an eventfd
 *          anything else would be read and written with the wrong
 *          semantics, so create() checks it (fd_is_eventfd()).
 *
 * pipe:    the same 8-byte eventfd-style value over a pipe, FIFO or socket,
 *          the call fd User-Mode Linux hands over (an AF_UNIX stream
 *          socket it reads 8 bytes at a time).  Unlike an eventfd its
 *          reader can go away or stop reading, so ring() never blocks
 *          and never raises SIGPIPE: sockets are written with
 *          MSG_DONTWAIT | MSG_NOSIGNAL; a pipe (which has no per-call flag)
 *          is switched to O_NONBLOCK at create and written with SIGPIPE
 *          blocked on the ringing thread, a SIGPIPE the write raised being
 *          consumed before the mask is restored.  A full fd already holds
 *          unread rings: EAGAIN counts as signalled.  A reader that is gone
 *          (EPIPE, ECONNRESET) is an error for the caller to act on.
 *          wait() polls, then reads what is there in one bounded read;
 *          end of file is -EPIPE.  Ordering: the pipe or socket buffer's
 *          own lock orders the ringer's earlier writes before the reader's
 *          later reads, as for an eventfd.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/eventfd.h>
#define SV_HAVE_EVENTFD 1
#endif

#include <scmi_vio/doorbell.h>

#include "common/atomics.h"

#define SV_NSEC_PER_SEC 1000000000LL
#define SV_NSEC_PER_MSEC 1000000LL

/* Thread kind @state: bit 0 is "rung since the last wait". */
#define SV_DB_PENDING 1u
/* Thread kind @state: one registered waiter, counted above the bit. */
#define SV_DB_WAITER 2u

/*
 * Timeouts at least this long (about 34 years) are treated as infinite, so
 * that a deadline on CLOCK_MONOTONIC cannot overflow even a 32-bit time_t.
 */
#define SV_DB_FOREVER_NS ((int64_t)(1u << 30) * SV_NSEC_PER_SEC)

struct scmi_vio_doorbell {
	enum scmi_vio_doorbell_kind kind;
	/* ATOMIC: ring() calls, statistics only (relaxed). */
	sv_atomic_u64 rings;
	union {
		struct {
			scmi_vio_doorbell_fn fn;
			void *arg;
		} inl;
		struct {
			/* ATOMIC: SV_DB_PENDING | n_waiters * SV_DB_WAITER. */
			unsigned int state;
			/*
			 * The condvar's mutex.  It protects no data (@state is
			 * only accessed atomically); it makes "register, check
			 * @state, sleep" atomic against a ringer's signal: the
			 * waiter holds it from registration until it sleeps,
			 * and a ringer that saw a waiter signals under it.
			 */
			pthread_mutex_t lock;
			pthread_cond_t cond; /* Waiter sleeps here. */
		} thr;
		struct {
			int fd;
			bool owned; /* Close @fd in destroy. */
			/* Borrowed blocking eventfd: look before writing. */
			bool blocking;
			bool sock; /* pipe kind: a socket, not a pipe */
		} efd;
	};
};

/*
 * A non-blocking fd had nothing to give or no room: EAGAIN, which POSIX
 * lets a system spell EWOULDBLOCK too (Linux does not: they are equal).
 */
static bool would_block(int err)
{
#if EAGAIN == EWOULDBLOCK
	return err == EAGAIN;
#else
	return err == EAGAIN || err == EWOULDBLOCK;
#endif
}

static int db_alloc(enum scmi_vio_doorbell_kind kind,
		    struct scmi_vio_doorbell **out)
{
	struct scmi_vio_doorbell *db = calloc(1, sizeof(*db));

	if (!db)
		return -ENOMEM;
	db->kind = kind;
	*out = db;
	return 0;
}

int scmi_vio_doorbell_inline_create(scmi_vio_doorbell_fn fn, void *arg,
				    struct scmi_vio_doorbell **out)
{
	struct scmi_vio_doorbell *db;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!fn)
		return -EINVAL;
	ret = db_alloc(SCMI_VIO_DOORBELL_INLINE, &db);
	if (ret)
		return ret;
	db->inl.fn = fn;
	db->inl.arg = arg;
	*out = db;
	return 0;
}

int scmi_vio_doorbell_thread_create(struct scmi_vio_doorbell **out)
{
	struct scmi_vio_doorbell *db;
	pthread_condattr_t attr;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	ret = db_alloc(SCMI_VIO_DOORBELL_THREAD, &db);
	if (ret)
		return ret;

	ret = pthread_mutex_init(&db->thr.lock, NULL);
	if (ret)
		goto err_free;
	ret = pthread_condattr_init(&attr);
	if (ret)
		goto err_mutex;
	/* Timeouts must not jump with the wall clock. */
	ret = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (!ret)
		ret = pthread_cond_init(&db->thr.cond, &attr);
	pthread_condattr_destroy(&attr);
	if (ret)
		goto err_mutex;
	*out = db;
	return 0;

err_mutex:
	pthread_mutex_destroy(&db->thr.lock);
err_free:
	free(db);
	return -ret;
}

#ifdef SV_HAVE_EVENTFD
/*
 * Whether @fd is an eventfd.  Its inode is anonymous (no file type in
 * st_mode) and /proc names it "anon_inode:[eventfd]"; without /proc the
 * anonymous inode is all we can see, and other anonymous-inode fds (timerfd,
 * signalfd) slip through.  Returns 1, 0, or a negative errno.
 */
static int fd_is_eventfd(int fd, const struct stat *st)
{
	static const char want[] = "anon_inode:[eventfd]";
	char path[40], link[sizeof(want) + 1];
	ssize_t n;

	if (st->st_mode & S_IFMT)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link));
	if (n < 0)
		return errno == ENOENT ? 1 : -errno;
	return n == (ssize_t)sizeof(want) - 1 &&
	       !memcmp(link, want, sizeof(want) - 1);
}
#endif

/* A borrowed fd: open, and of the type the kind needs. */
static int fd_check(int fd, enum scmi_vio_doorbell_kind kind)
{
	struct stat st;
	int r;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (kind == SCMI_VIO_DOORBELL_PIPE)
		return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) ? 0 :
								      -EINVAL;
#ifdef SV_HAVE_EVENTFD
	r = fd_is_eventfd(fd, &st);
	return r < 0 ? r : r ? 0 : -EINVAL;
#else
	(void)r;
	return -EOPNOTSUPP;
#endif
}

/*
 * @peer: the fd came from another process (fd_create()), which may race
 * our poll() before a read or a write by emptying or filling it.
 */
static int fd_db_create(int fd, bool owned, bool peer,
			enum scmi_vio_doorbell_kind kind,
			struct scmi_vio_doorbell **out)
{
	struct scmi_vio_doorbell *db;
	struct stat st;
	int fl, ret;

	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fstat(fd, &st) < 0)
		return -errno;
	/*
	 * A pipe has no per-call "don't block", nor has an eventfd's write:
	 * the fd itself must not block.  A pipe always; an eventfd a peer
	 * handed over too, since a look with poll() first is no guard
	 * against a peer that reads or fills the counter between our look
	 * and our read or write: we would sleep there until the
	 * peer chose to ring or read, and nothing could stop us.
	 */
	if (((kind == SCMI_VIO_DOORBELL_PIPE && S_ISFIFO(st.st_mode)) ||
	     (kind == SCMI_VIO_DOORBELL_EVENTFD && peer)) &&
	    !(fl & O_NONBLOCK)) {
		if (fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
			return -errno;
		fl |= O_NONBLOCK;
	}
	ret = db_alloc(kind, &db);
	if (ret)
		return ret;
	db->efd.fd = fd;
	db->efd.owned = owned;
	db->efd.blocking = !(fl & O_NONBLOCK);
	db->efd.sock = S_ISSOCK(st.st_mode);
	*out = db;
	return 0;
}

/* An eventfd doorbell over @fd (>= 0, borrowed) or a new one. */
static int eventfd_db(int fd, bool peer, struct scmi_vio_doorbell **out)
{
#ifdef SV_HAVE_EVENTFD
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (fd >= 0) {
		/* Catch a stale or foreign descriptor now. */
		ret = fd_check(fd, SCMI_VIO_DOORBELL_EVENTFD);
		return ret ? ret :
			     fd_db_create(fd, false, peer,
					  SCMI_VIO_DOORBELL_EVENTFD, out);
	}
	fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (fd < 0)
		return -errno;
	ret = fd_db_create(fd, true, false, SCMI_VIO_DOORBELL_EVENTFD, out);
	if (ret)
		close(fd);
	return ret;
#else
	if (out)
		*out = NULL;
	(void)fd;
	(void)peer;
	return out ? -EOPNOTSUPP : -EINVAL;
#endif
}

int scmi_vio_doorbell_eventfd_create(int fd, struct scmi_vio_doorbell **out)
{
	return eventfd_db(fd, false, out);
}

int scmi_vio_doorbell_pipe_create(int fd, struct scmi_vio_doorbell **out)
{
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (fd < 0)
		return -EBADF;
	ret = fd_check(fd, SCMI_VIO_DOORBELL_PIPE);
	return ret ? ret :
		     fd_db_create(fd, false, false, SCMI_VIO_DOORBELL_PIPE,
				  out);
}

int scmi_vio_doorbell_fd_create(int fd, struct scmi_vio_doorbell **out)
{
	int ret = scmi_vio_doorbell_pipe_create(fd, out);

	/* Neither a pipe nor a socket: an eventfd, or refused as well. */
	return ret == -EINVAL && out ? eventfd_db(fd, true, out) : ret;
}

void scmi_vio_doorbell_destroy(struct scmi_vio_doorbell *db)
{
	if (!db)
		return;
	switch (db->kind) {
	case SCMI_VIO_DOORBELL_INLINE:
		break;
	case SCMI_VIO_DOORBELL_THREAD:
		pthread_cond_destroy(&db->thr.cond);
		pthread_mutex_destroy(&db->thr.lock);
		break;
	case SCMI_VIO_DOORBELL_EVENTFD:
	case SCMI_VIO_DOORBELL_PIPE:
		/* Linux frees the descriptor even on EINTR: never retry. */
		if (db->efd.owned)
			close(db->efd.fd);
		break;
	}
	free(db);
}

static void thread_ring(struct scmi_vio_doorbell *db)
{
	unsigned int old;

	/*
	 * Publishes the ringer's earlier writes (seq_cst RMW, a release) and
	 * reads the waiter count in the same step; pairs with the fetch_and
	 * in thread_consume() and with the registration in thread_wait().
	 */
	old = sv_fetch_or(&db->thr.state, SV_DB_PENDING);
	if (old < SV_DB_WAITER || (old & SV_DB_PENDING))
		return; /* Nobody registered, or whoever set PENDING signals. */
	sv_debug_yield();
	pthread_mutex_lock(&db->thr.lock);
	pthread_cond_signal(&db->thr.cond);
	pthread_mutex_unlock(&db->thr.lock);
}

#ifdef SV_HAVE_EVENTFD
static int eventfd_ring(struct scmi_vio_doorbell *db)
{
	struct pollfd pfd = { .fd = db->efd.fd, .events = POLLOUT };
	const uint64_t one = 1;
	ssize_t n;

	/*
	 * A peer can fill a borrowed blocking eventfd to its maximum, and a
	 * write would then block until someone reads: a full counter is
	 * already signalled, so look first.
	 */
	if (db->efd.blocking && poll(&pfd, 1, 0) == 0)
		return 0;
	for (;;) {
		n = write(db->efd.fd, &one, sizeof(one));
		if (n == (ssize_t)sizeof(one))
			return 0;
		if (n >= 0)
			return -EIO; /* Not an eventfd. */
		if (errno == EINTR)
			continue;
		/* The counter is at its maximum: it is already signalled. */
		if (would_block(errno))
			return 0;
		return -errno;
	}
}
#endif

/* write(2) to a pipe without SIGPIPE: the signal is thread-directed, so
 * blocking it here and consuming the one the write raised is invisible to
 * the rest of the process. */
static ssize_t pipe_write(int fd, const void *buf, size_t len)
{
	static const struct timespec zero;
	sigset_t set, old, pending;
	bool was_pending;
	ssize_t n;
	int err;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE) == 1;
	pthread_sigmask(SIG_BLOCK, &set, &old);
	do
		n = write(fd, buf, len);
	while (n < 0 && errno == EINTR);
	err = errno;
	/* The write raised it on this thread, where it is blocked: it is
	 * pending now, so this takes it at once and cannot be interrupted. */
	if (n < 0 && err == EPIPE && !was_pending)
		(void)sigtimedwait(&set, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = err;
	return n;
}

static int pipe_ring(struct scmi_vio_doorbell *db)
{
	const uint64_t one = 1;
	ssize_t n;

	if (db->efd.sock) {
		do
			n = send(db->efd.fd, &one, sizeof(one),
				 MSG_DONTWAIT | MSG_NOSIGNAL);
		while (n < 0 && errno == EINTR);
	} else {
		n = pipe_write(db->efd.fd, &one, sizeof(one));
	}
	if (n == (ssize_t)sizeof(one))
		return 0;
	/* 8 bytes go in whole on a pipe (PIPE_BUF) and an AF_UNIX socket. */
	if (n >= 0)
		return -EIO;
	/* Full: the reader has unread rings, which is all a ring says. */
	if (would_block(errno))
		return 0;
	return -errno; /* -EPIPE, -ECONNRESET: the reader is gone */
}

int scmi_vio_doorbell_ring(struct scmi_vio_doorbell *db)
{
	if (!db)
		return -EINVAL;
	/*
	 * Counted before the notification, so a woken waiter that reads
	 * rings() sees at least the ring that woke it.
	 */
	sv_counter_add(&db->rings, 1);
	switch (db->kind) {
	case SCMI_VIO_DOORBELL_INLINE:
		db->inl.fn(db->inl.arg);
		return 0;
	case SCMI_VIO_DOORBELL_THREAD:
		thread_ring(db);
		return 0;
	case SCMI_VIO_DOORBELL_EVENTFD:
#ifdef SV_HAVE_EVENTFD
		return eventfd_ring(db);
#else
		break;
#endif
	case SCMI_VIO_DOORBELL_PIPE:
		return pipe_ring(db);
	}
	return -EINVAL;
}

static void mono_now(struct timespec *ts)
{
	/* CLOCK_MONOTONIC is mandatory on every supported system. */
	clock_gettime(CLOCK_MONOTONIC, ts);
}

static int64_t mono_ns(void)
{
	struct timespec ts;

	mono_now(&ts);
	return (int64_t)ts.tv_sec * SV_NSEC_PER_SEC + ts.tv_nsec;
}

/* Take the pending ring, if any; true if there was one. */
static bool thread_consume(struct scmi_vio_doorbell *db)
{
	/* A plain check first keeps idle polling from bouncing the line. */
	if (!(sv_read_once(&db->thr.state) & SV_DB_PENDING))
		return false;
	/*
	 * Acquires the writes published by the fetch_or in thread_ring()
	 * (seq_cst RMW) that set the bit we clear.
	 */
	return sv_fetch_and(&db->thr.state, ~SV_DB_PENDING) & SV_DB_PENDING;
}

static int thread_wait(struct scmi_vio_doorbell *db, int64_t timeout_ns)
{
	struct timespec deadline;
	int ret, rc;

	if (thread_consume(db))
		return 1;
	if (timeout_ns == 0)
		return 0;
	if (timeout_ns >= SV_DB_FOREVER_NS)
		timeout_ns = -1;
	if (timeout_ns > 0) {
		mono_now(&deadline);
		deadline.tv_sec += (time_t)(timeout_ns / SV_NSEC_PER_SEC);
		deadline.tv_nsec += (long)(timeout_ns % SV_NSEC_PER_SEC);
		if (deadline.tv_nsec >= SV_NSEC_PER_SEC) {
			deadline.tv_sec++;
			deadline.tv_nsec -= SV_NSEC_PER_SEC;
		}
	}

	pthread_mutex_lock(&db->thr.lock);
	/*
	 * Registration: a ring ordered after this RMW in @state's
	 * modification order sees us and signals under the mutex we hold
	 * until we sleep; one ordered before it left PENDING set for the
	 * check below (see the theory of operation).
	 */
	sv_fetch_add(&db->thr.state, SV_DB_WAITER);
	sv_debug_yield();
	for (;;) {
		if (thread_consume(db)) {
			ret = 1;
			break;
		}
		if (timeout_ns < 0)
			rc = pthread_cond_wait(&db->thr.cond, &db->thr.lock);
		else
			rc = pthread_cond_timedwait(&db->thr.cond,
						    &db->thr.lock, &deadline);
		if (rc == ETIMEDOUT) {
			/* A ring that raced with the timeout still counts. */
			ret = thread_consume(db) ? 1 : 0;
			break;
		}
		/* Never EINTR (POSIX): any error is final. */
		if (rc) {
			ret = -rc;
			break;
		}
	}
	/* Deregistration; a ringer that still saw us only signals nobody. */
	sv_fetch_sub(&db->thr.state, SV_DB_WAITER);
	pthread_mutex_unlock(&db->thr.lock);
	return ret;
}

/* Milliseconds for poll(), rounded up so that we never wake early. */
static int ns_to_poll_ms(int64_t ns)
{
	int64_t ms = ns / SV_NSEC_PER_MSEC + (ns % SV_NSEC_PER_MSEC != 0);

	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/*
 * Take what poll() said is there: 1 rung, 0 nothing after all (poll again),
 * or a negative errno.
 */
static int fd_consume(struct scmi_vio_doorbell *db)
{
	uint8_t buf[64];
	ssize_t n;

	if (db->kind == SCMI_VIO_DOORBELL_EVENTFD) {
		/*
		 * Consume every ring at once.  On a borrowed blocking fd
		 * this read cannot block unless another reader (against
		 * the contract) empties the counter first.
		 */
		n = read(db->efd.fd, buf, sizeof(uint64_t));
		if (n >= 0 && n != (ssize_t)sizeof(uint64_t))
			return -EIO; /* Not an eventfd. */
	} else {
		/*
		 * One bounded read: a ringer that never stops cannot keep
		 * us here, and what is left is the next wait's ring.
		 */
		n = db->efd.sock ?
			    recv(db->efd.fd, buf, sizeof(buf), MSG_DONTWAIT) :
			    read(db->efd.fd, buf, sizeof(buf));
		if (n == 0)
			return -EPIPE; /* end of file: every writer is gone */
	}
	if (n > 0)
		return 1;
	if (errno == EINTR || would_block(errno))
		return 0; /* Spurious: poll again in the time left. */
	return -errno;
}

static int fd_wait(struct scmi_vio_doorbell *db, int64_t timeout_ns)
{
	struct pollfd pfd = { .fd = db->efd.fd, .events = POLLIN };
	int64_t deadline = 0, left;
	int ms, rc;

	if (timeout_ns >= SV_DB_FOREVER_NS)
		timeout_ns = -1;
	if (timeout_ns > 0)
		deadline = mono_ns() + timeout_ns;

	for (;;) {
		if (timeout_ns < 0) {
			ms = -1;
		} else if (timeout_ns == 0) {
			ms = 0;
		} else {
			left = deadline - mono_ns();
			ms = left > 0 ? ns_to_poll_ms(left) : 0;
		}
		pfd.revents = 0;
		rc = poll(&pfd, 1, ms);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (rc == 0) {
			/* Re-check: poll() caps at INT_MAX ms. */
			if (ms == 0)
				return 0;
			continue;
		}
		if (pfd.revents & POLLNVAL)
			return -EBADF;
		/* POLLIN, or POLLHUP/POLLERR, which the read reports. */
		rc = fd_consume(db);
		if (rc)
			return rc;
	}
}

int scmi_vio_doorbell_wait(struct scmi_vio_doorbell *db, int64_t timeout_ns)
{
	if (!db)
		return -EINVAL;
	switch (db->kind) {
	case SCMI_VIO_DOORBELL_INLINE:
		return -EINVAL;
	case SCMI_VIO_DOORBELL_THREAD:
		return thread_wait(db, timeout_ns);
	case SCMI_VIO_DOORBELL_EVENTFD:
	case SCMI_VIO_DOORBELL_PIPE:
		return fd_wait(db, timeout_ns);
	}
	return -EINVAL;
}

enum scmi_vio_doorbell_kind
scmi_vio_doorbell_kind(const struct scmi_vio_doorbell *db)
{
	return db ? db->kind : SCMI_VIO_DOORBELL_INLINE;
}

int scmi_vio_doorbell_fd(const struct scmi_vio_doorbell *db)
{
	if (!db || (db->kind != SCMI_VIO_DOORBELL_EVENTFD &&
		    db->kind != SCMI_VIO_DOORBELL_PIPE))
		return -1;
	return db->efd.fd;
}

uint64_t scmi_vio_doorbell_rings(const struct scmi_vio_doorbell *db)
{
	return db ? sv_read_once(&db->rings) : 0;
}
