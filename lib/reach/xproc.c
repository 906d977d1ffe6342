// SPDX-License-Identifier: BSD-3-Clause
/*
 * The cross-process virtio device: the SCMI platform runs in another
 * process (tools/platform_server, installed as scmi_platform_server), the
 * way a VMM runs a device model; its command line is server_args.c's
 * (a fault plan travels as its --fault options).  Guest memory is a memfd
 * that the server maps at an address of its own choosing; kicks and
 * interrupts are eventfds.  start() execs the server with the queue
 * addresses the driver chose; reset() stops and reaps it, so nothing of
 * the first life survives a re-probe.
 *
 * Theory of operation: the server is not our child but our grandchild.
 * start() forks a small reaper (it only forks, waits and writes: nothing
 * that is unsafe after fork() in a threaded process), which forks and
 * execs the server and reports over a close-on-exec pipe:
 *   started(pid)      the exec succeeded (the server's end of a second
 *                     close-on-exec pipe closed without a word);
 *   exec_failed(err)  execv() failed with err, which probe returns at
 *                     once instead of a command timing out later;
 *   ended(status)     the server's wait status, from the reaper's own
 *                     waitpid().
 * The reaper installs its own SIGCHLD handler first, so the status is
 * right even when this process ignores SIGCHLD (the kernel then reaps our
 * children itself and waitpid() only says ECHILD; X-4), and it keeps only
 * the fds it and the server need (a fork that never execs would otherwise
 * hold every fd of the application).  Stopping is
 * bounded: write the stop eventfd (never blocking: a server that
 * filled it is asked all the same), wait stop_timeout_ms for the ended
 * report, then SIGTERM, wait kill_timeout_ms, then SIGKILL, wait
 * kill_timeout_ms again; a reaper that still has not reported is killed,
 * and with it the server (its parent-death signal).  Our only child is the
 * reaper, which exits right after its report, so the waitpid() that reaps
 * it is short.
 *
 * A server that ends on its own while the queues run (it exits, crashes,
 * is killed): the reaper's ended report, or its end of file, is what shows
 * it, so the reach layer's watch (reach/watch.h) polls the report pipe
 * from start() to reset() and marks the device lost (-ECONNRESET), ringing
 * the transport's interrupt: every command waiting for a reply, and every
 * later one, fails with that at once instead of at its timeout.  reset()
 * still reads the report and records the status.
 *
 * Lifetime: the server must not outlive this process, but Linux's
 * parent-death signal fires when the *thread* that forked exits, which
 * would kill the server with whatever thread happened to probe.  So the
 * reaper watches a lifeline instead: a close-on-exec pipe whose write end
 * only this process holds (xp->life_fd).  It reaches end of file when this
 * process is gone, and the reaper then kills the server.  The server's own
 * parent-death signal is bound to the single-threaded reaper, so killing
 * the reaper (the last step of reset()) takes the server with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <scmi_vio/shm.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/xproc.h>
#include <scmi_vio/vring.h>

#include "common/atomics.h"
#include "common/clock.h"
#include "reach/host.h"
#include "reach/server_args.h"
#include "reach/watch.h"

#define XP_GPA 0x80000000ull
#define XP_DEFAULT_NUM 64u
#define XP_NFD 4 /* fds the server inherits: memfd, kick, irq, stop */
#define XP_DEFAULT_STOP_MS 2000u
#define XP_DEFAULT_KILL_MS 1000u

/* One report of the reaper; far below PIPE_BUF, so written whole. */
enum xp_report_kind { XP_STARTED = 1, XP_EXEC_FAILED, XP_ENDED };

struct xp_report {
	int32_t kind;
	int32_t value; /* pid, errno or wait status */
};

struct scmi_vio_xproc {
	struct scmi_vio_vdev vdev;
	struct scmi_vio_shm *shm;
	struct scmi_vio_doorbell *kick;
	int stop_fd; /* non-blocking: a full counter never blocks us */
	int dummy_irq_fd; /* for a driver without interrupts */
	/*
	 * Protects reaper, server, report_fd and the writes of last_status
	 * (read without it: ATOMIC).  start() and
	 * reset() hold it throughout, so a second or concurrent reset()
	 * returns only once the server is reaped (L-14).
	 */
	pthread_mutex_t life_lock;
	pid_t reaper; /* our child; 0 when no server runs */
	pid_t server; /* the reaper's child */
	int report_fd; /* the reaper's reports; -1 when none */
	int life_fd; /* write end of the reaper's lifeline; -1 when none */
	int last_status;
	int stop_ms, kill_ms; /* bounded */
	const char *server_path;
	const char *const *extra;
	struct scmi_vio__fault_copy faults; /* the caller's may go */
	/* The watch on report_fd (reach/watch.h): started and stopped
	 * under life_lock; its lost errno is the lost op's answer. */
	struct scmi_vio__watch watch;
};

#ifdef SCMI_VIO_COVERAGE
/* The profile runtime's writer: -fprofile-instr-generate links it in. */
extern int __llvm_profile_write_file(void);
#endif

/*
 * The reaper's and the failed exec's way out.  _exit() skips the atexit()
 * hook that writes a coverage profile, so a coverage build writes it here
 * (not async-signal-safe, which only a coverage build accepts).
 */
static _Noreturn void xp_exit(int status)
{
#ifdef SCMI_VIO_COVERAGE
	__llvm_profile_write_file();
#endif
	_exit(status);
}

static void xp_report(int fd, int32_t kind, int32_t value)
{
	const struct xp_report r = { kind, value };

	/* Nothing to do if it fails: the driver then sees end of file. */
	if (write(fd, &r, sizeof(r)) != sizeof(r))
		xp_exit(125);
}

/*
 * The reaper is a copy of this process that never execs, so it would hold
 * every fd of the application (close-on-exec or not) for the server's
 * whole life: a socket it kept open would never see its peer close.  Keep
 * stdio and @keep only.  Async-signal-safe.
 */
static void xp_close_others(int *keep, unsigned int n)
{
	unsigned int i, j, lo = 3;
	int t;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		if (keep[i] < (int)lo)
			continue; /* stdio, or kept already */
		if ((unsigned int)keep[i] > lo)
			close_range(lo, (unsigned int)keep[i] - 1, 0);
		lo = (unsigned int)keep[i] + 1;
	}
	close_range(lo, ~0u, 0);
}

/* The reaper's SIGCHLD self-pipe (written in the reaper process only). */
static int xp_chld_fd = -1;

static void xp_on_sigchld(int sig)
{
	int e = errno;

	(void)sig;
	(void)!write(xp_chld_fd, "", 1);
	errno = e;
}

/*
 * Wait for the server to end; if the lifeline @life reaches end of file
 * first (the driver process is gone), kill it.  Returns its wait status.
 */
static int xp_watch(pid_t pid, int life, int chld)
{
	struct pollfd pfd[2] = { { .fd = life, .events = POLLIN },
				 { .fd = chld, .events = POLLIN } };
	char buf[16];
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			xp_exit(125);
		if (poll(pfd, 2, -1) < 0)
			continue; /* EINTR: the SIGCHLD itself */
		if (pfd[0].revents) {
			/* Nobody writes it: end of file, once, for good. */
			kill(pid, SIGKILL);
			pfd[0].fd = -1;
		}
		while (read(chld, buf, sizeof(buf)) > 0)
			;
	}
}

/*
 * The reaper: runs between fork() and _exit() in a child of a threaded
 * process, so only async-signal-safe calls.
 */
static void xp_reaper(char **argv, const int *fds, int rep, int life)
{
	struct sigaction sa = { .sa_handler = xp_on_sigchld,
				.sa_flags = SA_NOCLDSTOP | SA_RESTART };
	int keep[XP_NFD + 2];
	sigset_t none;
	int ex[2], chld[2], err;
	unsigned int i;
	pid_t me, pid;
	ssize_t n;

	for (i = 0; i < XP_NFD; i++)
		keep[i] = fds[i];
	keep[XP_NFD] = rep;
	keep[XP_NFD + 1] = life;
	xp_close_others(keep, XP_NFD + 2);
	/* The driver may be gone for good once nobody reads: no SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	if (pipe2(chld, O_CLOEXEC | O_NONBLOCK) < 0 ||
	    pipe2(ex, O_CLOEXEC) < 0) {
		xp_report(rep, XP_EXEC_FAILED, errno);
		xp_exit(127);
	}
	/* Our own child's status must reach us, even where the driver
	 * ignores SIGCHLD; and its end must wake the watch. */
	xp_chld_fd = chld[1];
	sigaction(SIGCHLD, &sa, NULL);
	/* The server must see SIGTERM even if the driver blocked it. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	me = getpid();
	pid = fork();
	if (pid < 0) {
		xp_report(rep, XP_EXEC_FAILED, errno);
		xp_exit(127);
	}
	if (pid == 0) {
		/* Bound to the reaper, which has one thread. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != me)
			xp_exit(126);
		signal(SIGPIPE, SIG_DFL);
		for (i = 0; i < XP_NFD; i++)
			fcntl(fds[i], F_SETFD, 0);
		execv(argv[0], argv);
		err = errno;
		(void)!write(ex[1], &err, sizeof(err));
		xp_exit(127);
	}
	close(ex[1]);
	do
		n = read(ex[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	if (n == sizeof(err)) {
		(void)xp_watch(pid, life, chld[0]);
		xp_report(rep, XP_EXEC_FAILED, err);
		xp_exit(127);
	}
	xp_report(rep, XP_STARTED, pid);
	xp_report(rep, XP_ENDED, xp_watch(pid, life, chld[0]));
	xp_exit(0);
}

/*
 * Read one report within @ms milliseconds (-1: no limit).  Returns 1 and
 * fills *@r, 0 on timeout, or -EPIPE when the reaper is gone unheard.
 */
static int xp_read_report(int fd, int ms, struct xp_report *r)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int64_t deadline = scmi_vio__now_ms() + ms;
	ssize_t n;
	int left = ms, rc;

	for (;;) {
		rc = poll(&pfd, 1, left);
		if (rc == 0)
			return 0;
		if (rc > 0) {
			n = read(fd, r, sizeof(*r));
			if (n == sizeof(*r))
				return 1;
			if (n >= 0)
				return -EPIPE; /* whole or nothing: EOF */
		}
		if (errno != EINTR)
			return -EPIPE;
		if (ms < 0)
			continue;
		left = (int)(deadline - scmi_vio__now_ms());
		if (left < 0)
			left = 0;
	}
}

/* Reap the reaper (it exits right after its last report) and forget it.
 * Under the lock. */
static void __xp_forget(struct scmi_vio_xproc *xp)
{
	/* ECHILD when SIGCHLD is ignored: the kernel reaped it for us. */
	while (waitpid(xp->reaper, NULL, 0) < 0 && errno == EINTR)
		;
	close(xp->report_fd);
	close(xp->life_fd);
	xp->report_fd = -1;
	xp->life_fd = -1;
	xp->reaper = 0;
	xp->server = 0;
}

/* The server's command line for the queues @q the driver laid out. */
static void xp_server_args(const struct scmi_vio_xproc *xp, uint64_t features,
			   const struct scmi_vio_vring_gpa *q, unsigned int n,
			   int irq_fd, struct scmi_vio__server_args *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->mem_fd = scmi_vio_shm_fd(xp->shm);
	sa->mem_size = xp->vdev.size;
	sa->gpa = XP_GPA;
	sa->features = features;
	sa->cmdq = q[0];
	sa->have_cmdq = 1;
	sa->eventq_irq_fd = -1;
	if (n > 1) {
		sa->eventq = q[1];
		sa->have_eventq = 1;
		sa->eventq_irq_fd = irq_fd;
	}
	sa->kick_fd = scmi_vio_doorbell_fd(xp->kick);
	sa->cmdq_irq_fd = irq_fd;
	sa->stop_fd = xp->stop_fd;
	/* Its rules stay ours: the encoder only reads them. */
	if (scmi_vio__fault_copied(&xp->faults))
		sa->faults = xp->faults.plan;
}

/*
 * The watch's judge (reach/watch.h).  Once the server runs, the report
 * pipe shows something only when it ended (the reaper's ended report) or
 * the reaper died (end of file): either way no reply will come.  The
 * report stays in the pipe for reset().
 */
static int xp_watch_why(int fd)
{
	(void)fd;
	return -ECONNRESET;
}

static void __xp_stop(struct scmi_vio_xproc *xp);

static int xp_start(void *ctx, uint64_t features,
		    const struct scmi_vio_vring_gpa *q, unsigned int n,
		    struct scmi_vio_doorbell *irq)
{
	struct scmi_vio_xproc *xp = ctx;
	int irq_fd = irq ? scmi_vio_doorbell_fd(irq) : xp->dummy_irq_fd;
	struct scmi_vio__server_args sa;
	struct scmi_vio__server_argv av;
	int fds[XP_NFD], rep[2], life[2], r;
	struct xp_report rpt;
	uint64_t stale;

	if (irq_fd < 0)
		return -EINVAL; /* an inline interrupt cannot cross processes */
	xp_server_args(xp, features, q, n, irq_fd, &sa);
	/* Built before fork(): the reaper only execs it. */
	r = scmi_vio__server_args_encode(&sa, xp->server_path, xp->extra, &av);
	if (r < 0)
		return r; /* too many extra_args: never a truncated command */
	fds[0] = scmi_vio_shm_fd(xp->shm);
	fds[1] = scmi_vio_doorbell_fd(xp->kick);
	fds[2] = irq_fd;
	fds[3] = xp->stop_fd;
	/* A stop the last server left unread would end this one at once. */
	(void)!read(xp->stop_fd, &stale, sizeof(stale));
	if (pipe2(rep, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(life, O_CLOEXEC) < 0) {
		r = -errno;
		close(rep[0]);
		close(rep[1]);
		return r;
	}
	pthread_mutex_lock(&xp->life_lock);
	r = xp->reaper ? -EBUSY : 0; /* started twice without a reset */
	if (!r) {
		xp->reaper = fork();
		if (xp->reaper == 0)
			xp_reaper(av.argv, fds, rep[1], life[0]);
		r = xp->reaper < 0 ? -errno : 0;
	}
	close(rep[1]);
	close(life[0]);
	if (r) {
		if (r != -EBUSY)
			xp->reaper = 0;
		close(rep[0]);
		close(life[1]);
		goto out;
	}
	xp->report_fd = rep[0];
	xp->life_fd = life[1];
	r = xp_read_report(xp->report_fd, -1, &rpt);
	/* A pid <= 0 would make reset()'s kill() signal a whole group. */
	if (r == 1 && rpt.kind == XP_STARTED && rpt.value > 0) {
		xp->server = rpt.value;
		/* The next report (or end of file) is the server's end. */
		r = scmi_vio__watch_start(&xp->watch, xp->report_fd,
					  xp_watch_why, irq);
		if (r)
			__xp_stop(xp);
	} else {
		/* the exec's own errno, now, not a timeout later. */
		r = r == 1 && rpt.kind == XP_EXEC_FAILED && rpt.value > 0 ?
			    -rpt.value :
			    -ECHILD;
		__xp_forget(xp);
	}
out:
	pthread_mutex_unlock(&xp->life_lock);
	return r;
}

/* 0..255: exit status; 128 + n: killed by signal n; -1: unknown. */
static int xp_decode(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

/* Wait @ms for the ended report; send @sig first unless it is there. */
static int xp_await_end(struct scmi_vio_xproc *xp, int sig, int ms,
			struct xp_report *r)
{
	int got;

	if (sig) {
		got = xp_read_report(xp->report_fd, 0, r);
		if (got)
			return got;
		kill(xp->server, sig);
	}
	return xp_read_report(xp->report_fd, ms, r);
}

/* Stop the server and reap it (a no-op when none runs).  Under the lock. */
static void __xp_stop(struct scmi_vio_xproc *xp)
{
	const uint64_t one = 1;
	struct xp_report r = { 0, 0 };
	int got;

	if (!xp->reaper)
		return;
	/* Before the report is read: the watch only polls its fd. */
	(void)scmi_vio__watch_stop(&xp->watch);
	/* EAGAIN: a server filled the counter; it counts as asked. */
	(void)!write(xp->stop_fd, &one, sizeof(one));
	got = xp_await_end(xp, 0, xp->stop_ms, &r);
	if (!got)
		got = xp_await_end(xp, SIGTERM, xp->kill_ms, &r);
	if (!got)
		got = xp_await_end(xp, SIGKILL, xp->kill_ms, &r);
	if (got != 1 || r.kind != XP_ENDED) {
		/* The reaper is stuck or gone: its death takes the server
		 * with it (parent-death signal). */
		kill(xp->reaper, SIGKILL);
		sv_write_once(&xp->last_status, -1);
	} else {
		sv_write_once(&xp->last_status, xp_decode(r.value));
	}
	__xp_forget(xp);
}

static void xp_reset(void *ctx)
{
	struct scmi_vio_xproc *xp = ctx;

	pthread_mutex_lock(&xp->life_lock);
	__xp_stop(xp);
	pthread_mutex_unlock(&xp->life_lock);
}

static int xp_lost(void *ctx)
{
	struct scmi_vio_xproc *xp = ctx;

	return scmi_vio__watch_lost(&xp->watch);
}

static const struct scmi_vio_vdev_ops xp_ops = {
	.start = xp_start,
	.reset = xp_reset,
	.lost = xp_lost,
};

/* A stop timeout (timeout.h) in milliseconds; -1 for one that is not bounded. */
static int xp_stop_ms(unsigned int t, unsigned int def)
{
	if (!t)
		return (int)def;
	if (t == SCMI_VIO_NO_WAIT)
		return 0;
	return t > INT_MAX ? -1 : (int)t;
}

int scmi_vio_xproc_create(const struct scmi_vio_xproc_config *cfg,
			  struct scmi_vio_xproc **out)
{
	struct scmi_vio_xproc *xp;
	unsigned int num;
	size_t payload, size;
	int r;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!cfg)
		return -EINVAL;
	num = cfg->queue_num ? cfg->queue_num : XP_DEFAULT_NUM;
	payload = cfg->max_payload ? cfg->max_payload :
				     SCMI_VIO_DEFAULT_MAX_PAYLOAD;
	size = scmi_vio__host_window_pages(num, payload);
	/* reset() must end in bounded time: no WAIT_FOREVER. */
	if (!size || xp_stop_ms(cfg->stop_timeout_ms, 0) < 0 ||
	    xp_stop_ms(cfg->kill_timeout_ms, 0) < 0)
		return -EINVAL;
	xp = calloc(1, sizeof(*xp));
	if (!xp)
		return -ENOMEM;
	xp->stop_fd = -1;
	xp->dummy_irq_fd = -1;
	xp->report_fd = -1;
	xp->life_fd = -1;
	xp->last_status = -1;
	xp->stop_ms = xp_stop_ms(cfg->stop_timeout_ms, XP_DEFAULT_STOP_MS);
	xp->kill_ms = xp_stop_ms(cfg->kill_timeout_ms, XP_DEFAULT_KILL_MS);
	r = scmi_vio__fault_copy(&xp->faults, cfg->faults);
	if (r) {
		free(xp);
		return r;
	}
	r = -pthread_mutex_init(&xp->life_lock, NULL);
	if (r) {
		free(xp);
		return r;
	}
	r = scmi_vio_shm_create(size, &xp->shm);
	if (r)
		goto fail;
	r = scmi_vio_doorbell_eventfd_create(-1, &xp->kick);
	if (r)
		goto fail;
	xp->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	xp->dummy_irq_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (xp->stop_fd < 0 || xp->dummy_irq_fd < 0) {
		r = -errno;
		goto fail;
	}
	/* NULL: the server installed with this library (CMakeLists.txt). */
	xp->server_path = cfg->server_path ? cfg->server_path :
					     SCMI_VIO_PLATFORM_SERVER_PATH;
	xp->extra = cfg->extra_args;
	xp->vdev.features = 1ull << SCMI_VIO_F_VERSION_1 |
			    1ull << SCMI_VIO_F_P2A_CHANNELS |
			    1ull << SCMI_VIO_F_EVENT_IDX;
	xp->vdev.queue_num = num;
	xp->vdev.mem = scmi_vio_shm_host(xp->shm);
	xp->vdev.gpa = XP_GPA;
	xp->vdev.size = size;
	xp->vdev.kick = xp->kick;
	xp->vdev.ops = &xp_ops;
	xp->vdev.ctx = xp;
	*out = xp;
	return 0;
fail:
	scmi_vio_xproc_destroy(xp);
	return r;
}

void scmi_vio_xproc_destroy(struct scmi_vio_xproc *xp)
{
	if (!xp)
		return;
	xp_reset(xp);
	if (xp->stop_fd >= 0)
		close(xp->stop_fd);
	if (xp->dummy_irq_fd >= 0)
		close(xp->dummy_irq_fd);
	scmi_vio_doorbell_destroy(xp->kick);
	scmi_vio_shm_destroy(xp->shm);
	pthread_mutex_destroy(&xp->life_lock);
	free(xp);
}

const struct scmi_vio_vdev *scmi_vio_xproc_vdev(struct scmi_vio_xproc *xp)
{
	return &xp->vdev;
}

int scmi_vio_xproc_last_status(const struct scmi_vio_xproc *xp)
{
	return sv_read_once(&xp->last_status);
}
