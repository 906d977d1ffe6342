/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cross-process device: the SCMI platform served by another process
 * (the installed scmi_platform_server) over a memfd and eventfds, behind the
 * device description (vdev.h) that scmi_vio_virtio_scmi_probe() takes
 * (docs/architecture.md section 6, "How a device is reached").
 */
#ifndef SCMI_VIO_XPROC_H
#define SCMI_VIO_XPROC_H

#include <stddef.h>

#include <scmi_vio/export.h>
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/vdev.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_xproc;

/* Settings of a platform served by another process over shared memory. */
struct scmi_vio_xproc_config {
	/* The scmi_platform_server executable; NULL: the one installed
	 * with the library (in its libexecdir). */
	const char *server_path;
	unsigned int queue_num; /* 0: 64 */
	size_t max_payload; /* 0: 128 */
	/*
	 * Appended to the server's command line; NULL-terminated, may be
	 * NULL.  Room for 18 (less what @faults takes): with more, probe()
	 * fails with -E2BIG rather than start a server without some of
	 * them.
	 */
	const char *const *extra_args;
	/*
	 * Stopping the server: how long reset() waits after writing
	 * the stop eventfd before it sends SIGTERM (0: 2000 ms), and how
	 * long it then waits before SIGKILL, and again after it
	 * (0: 1000 ms each); timeout.h's SCMI_VIO_NO_WAIT escalates at
	 * once, SCMI_VIO_WAIT_FOREVER (or any value above INT_MAX) is
	 * refused.  reset() never takes longer than their sum, stop + 2 *
	 * kill, plus scheduling.
	 */
	unsigned int stop_timeout_ms;
	unsigned int kill_timeout_ms;
	/*
	 * The faults the server injects (platform_fault.h); NULL: none.
	 * Judged and copied at create; handed to the server on its command
	 * line (its --fault options), where they take room of extra_args:
	 * 8 arguments for random faults and 2 per scripted rule.
	 */
	const struct scmi_vio_fault_plan *faults;
};

/**
 * scmi_vio_xproc_create() - a platform device served by another process.
 *
 * Creates the memfd guest memory (sealed against resizing, X-1) and the
 * kick eventfd.  The server process is started by the device's start()
 * hook, inside scmi_vio_virtio_scmi_probe(), with the queue addresses and
 * the interrupt eventfd (the transport must use SCMI_VIO_IRQ_EVENTFD or
 * NONE); an executable that cannot be run fails the probe at once with
 * execv()'s errno (-ENOENT, -EACCES, ...; X-5), or with -ECHILD if the
 * process between us and the server died before it could report.
 *
 * Lifetime of the server process: from probe() until remove() (the reset
 * hook) or scmi_vio_xproc_destroy(), which stop it within a bounded time
 * (see the config's timeouts; X-4), and never longer than this process:
 * it is killed (SIGKILL) when this process exits or dies, whichever thread
 * called probe().  (A child this process forks without exec'ing keeps it
 * alive as long as that child lives.)  The server is a grandchild: a small
 * reaper process in between reports its exit status, so the status is
 * right even when this process ignores SIGCHLD, and the application's own
 * waitpid(-1, ...) can reap only the reaper.
 *
 * A server that ends while the transport runs (it exits, crashes or is
 * killed) is noticed at once: the device reports itself lost (vdev.h's
 * lost op, -ECONNRESET) and rings the transport's interrupt, so every
 * command waiting for a reply or a delayed response, and every later
 * send, fails with -ECONNRESET instead of at its timeout (a transport
 * without interrupts, SCMI_VIO_IRQ_NONE, notices at its next poll).
 * Remove and probe again to start a new server;
 * scmi_vio_xproc_last_status() then says how the old one ended.
 *
 * Context: setup.  Ordering: none.
 * Ownership: the caller destroys it after remove().
 * Return: 0; -EINVAL (@cfg or @out NULL, a bad ring size or payload, a stop
 *         timeout that is not bounded, a fault plan the platform device
 *         refuses); -ENOMEM; an shm, eventfd or pthread_mutex_init() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_xproc_create(const struct scmi_vio_xproc_config *cfg,
		      struct scmi_vio_xproc **out);

/**
 * scmi_vio_xproc_destroy() - free the device (NULL is a no-op); a server
 * still running is stopped and reaped, as by reset().
 *
 * Context: no transport is bound to it.  Ordering: none.
 * Ownership: frees @xp, its memfd and eventfds.  Return: nothing.
 */
SCMI_VIO_API void scmi_vio_xproc_destroy(struct scmi_vio_xproc *xp);

/**
 * scmi_vio_xproc_vdev() - the device description probe() takes.
 *
 * Context: any thread.  Ordering: none (fixed at create).
 * Ownership: borrowed; valid until scmi_vio_xproc_destroy().
 * Return: the description.
 */
SCMI_VIO_API const struct scmi_vio_vdev *
scmi_vio_xproc_vdev(struct scmi_vio_xproc *xp);

/**
 * scmi_vio_xproc_last_status() - how the last server process ended.
 *
 * Context: any thread.  Ordering: relaxed; read it after remove() returned
 * to see that server's end.  Ownership: none.
 * Return: its exit status (0: clean stop; the server's own codes); 128 + n
 *         if it was killed by signal n (143: SIGTERM after it ignored the
 *         stop, 137: SIGKILL after it ignored that too); -1 if no server
 *         ended yet, or its end could not be observed.
 */
SCMI_VIO_API int scmi_vio_xproc_last_status(const struct scmi_vio_xproc *xp);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_XPROC_H */
