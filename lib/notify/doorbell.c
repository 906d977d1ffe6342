// SPDX-License-Identifier: BSD-3-Clause
/*
 * Doorbells (DESIGN.md section 4): inline call, thread wake-up, eventfd.
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
 *          read() and the EAGAIN handling.  Ordering: the kernel updates
 *          the eventfd counter under the eventfd's own spinlock in both
 *          write(2) and read(2), so the ringer's earlier writes are ordered
 *          before the waiter's later reads by that lock's release/acquire
 *          (and a system call is a compiler barrier); this holds across
 *          processes sharing memory too.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
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
		} efd;
	};
};

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

int scmi_vio_doorbell_eventfd_create(int fd, struct scmi_vio_doorbell **out)
{
#ifdef SV_HAVE_EVENTFD
	struct scmi_vio_doorbell *db;
	bool owned = false;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (fd >= 0) {
		/* Catch a stale descriptor now rather than at the first ring. */
		if (fcntl(fd, F_GETFD) < 0)
			return -errno;
	} else {
		fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (fd < 0)
			return -errno;
		owned = true;
	}
	ret = db_alloc(SCMI_VIO_DOORBELL_EVENTFD, &db);
	if (ret) {
		if (owned)
			close(fd);
		return ret;
	}
	db->efd.fd = fd;
	db->efd.owned = owned;
	*out = db;
	return 0;
#else
	if (out)
		*out = NULL;
	return out ? -EOPNOTSUPP : -EINVAL;
#endif
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
	const uint64_t one = 1;
	ssize_t n;

	for (;;) {
		n = write(db->efd.fd, &one, sizeof(one));
		if (n == (ssize_t)sizeof(one))
			return 0;
		if (n >= 0)
			return -EIO; /* Not an eventfd. */
		if (errno == EINTR)
			continue;
		/* The counter is at its maximum: it is already signalled. */
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		return -errno;
	}
}
#endif

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
		if (rc && rc != EINTR) {
			ret = -rc;
			break;
		}
	}
	/* Deregistration; a ringer that still saw us only signals nobody. */
	sv_fetch_sub(&db->thr.state, SV_DB_WAITER);
	pthread_mutex_unlock(&db->thr.lock);
	return ret;
}

#ifdef SV_HAVE_EVENTFD
/* Milliseconds for poll(), rounded up so that we never wake early. */
static int ns_to_poll_ms(int64_t ns)
{
	int64_t ms = ns / SV_NSEC_PER_MSEC + (ns % SV_NSEC_PER_MSEC != 0);

	return ms > INT_MAX ? INT_MAX : (int)ms;
}

static int eventfd_wait(struct scmi_vio_doorbell *db, int64_t timeout_ns)
{
	struct pollfd pfd = { .fd = db->efd.fd, .events = POLLIN };
	int64_t deadline = 0, left;
	uint64_t val;
	ssize_t n;
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

		/*
		 * Readable: consume every ring at once.  On a borrowed
		 * blocking fd this read cannot block unless another reader
		 * (against the contract) empties the counter first.
		 */
		n = read(db->efd.fd, &val, sizeof(val));
		if (n == (ssize_t)sizeof(val))
			return 1;
		if (n >= 0)
			return -EIO; /* Not an eventfd. */
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			continue; /* Spurious: poll again in the time left. */
		return -errno;
	}
}
#endif

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
#ifdef SV_HAVE_EVENTFD
		return eventfd_wait(db, timeout_ns);
#else
		break;
#endif
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
	if (!db || db->kind != SCMI_VIO_DOORBELL_EVENTFD)
		return -1;
	return db->efd.fd;
}

uint64_t scmi_vio_doorbell_rings(const struct scmi_vio_doorbell *db)
{
	return db ? sv_read_once(&db->rings) : 0;
}
