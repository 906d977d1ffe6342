/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Watching for a device's server to go away while the queues run, for the
 * devices whose server is another process (the vhost-user front-end's
 * backend, the cross-process device's server): the one mechanism behind
 * their lost op (vdev.h).
 *
 * Nothing is asked of such a server while the queues run, so nothing
 * would notice it go: a thread polls one fd that shows it (the socket, the
 * reaper's report pipe) beside a stop eventfd.  When the fd shows
 * something, the owner's @why judges it; a non-zero answer is published as
 * the lost errno and the transport's interrupt is rung, whose handler asks
 * the lost op and fails every waiting command, and every later one, with
 * it (a transport without interrupts asks at each poll).  The thread never
 * reads the fd: what it shows stays for the owner.
 *
 * Synchronization: _start() and _stop() are the owner's, serialized by it
 * (its device lock); _lost() may run on any thread at any time.
 */
#ifndef SCMI_VIO_REACH_WATCH_H
#define SCMI_VIO_REACH_WATCH_H

#include <pthread.h>
#include <stdbool.h>

#include <scmi_vio/doorbell.h>

/*
 * What the watched fd shows once poll() says it is ready: 0 (nothing:
 * watch on), or the negative errno the device is lost with.  Must not
 * read what the owner will read.
 */
typedef int (*scmi_vio__watch_why)(int fd);

/* Zeroed: no watch runs, nothing is lost. */
struct scmi_vio__watch {
	/* The owner's (serialized by it), and the thread's from _start()
	 * to _stop(), which joins it. */
	pthread_t thread;
	bool running;
	int fd;
	scmi_vio__watch_why why;
	struct scmi_vio_doorbell *irq;
	int stop; /* eventfd while running: _stop() ends the watch */
	int lost; /* ATOMIC: 0, or why the server is gone */
};

/*
 * Watch @fd (borrowed until _stop()) with @why; ring @irq (may be NULL)
 * when the server is found gone.  The lost errno starts at 0: a new life.
 * Return: 0, or eventfd()'s or pthread_create()'s negative errno (nothing
 * runs then).
 */
int scmi_vio__watch_start(struct scmi_vio__watch *w, int fd,
			  scmi_vio__watch_why why,
			  struct scmi_vio_doorbell *irq);

/*
 * End the watch (a no-op when none runs) and join its thread.  The lost
 * errno stays.  Return: the lost errno, or 0.
 */
int scmi_vio__watch_stop(struct scmi_vio__watch *w);

/* The lost op's answer: 0, or the errno the server went with. */
int scmi_vio__watch_lost(const struct scmi_vio__watch *w);

#endif /* SCMI_VIO_REACH_WATCH_H */
