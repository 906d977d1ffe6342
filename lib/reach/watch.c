// SPDX-License-Identifier: BSD-3-Clause
/*
 * The watch on a device's server (watch.h): one thread per running device
 * polls the fd that shows the server go, and the stop eventfd.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "common/atomics.h"
#include "common/thread_name.h"
#include "reach/watch.h"

static void *watch_main(void *arg)
{
	struct scmi_vio__watch *w = arg;
	struct pollfd p[2] = {
		{ .fd = w->fd, .events = POLLIN | POLLRDHUP },
		{ .fd = w->stop, .events = POLLIN },
	};
	int why = 0;

	sv_thread_name("scmi-vio-watch");
	while (!why) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			/* Unwatched, a server that goes would go unnoticed:
			 * drop the device (vdev.h's lost op). */
			why = -ECONNABORTED;
			break;
		}
		if (p[1].revents)
			return NULL;
		if (p[0].revents)
			why = w->why(w->fd);
	}
	/* The errno before the interrupt that makes the transport ask for
	 * it; pairs with the acquire in scmi_vio__watch_lost(). */
	sv_store_release(&w->lost, why);
	if (w->irq)
		(void)scmi_vio_doorbell_ring(w->irq);
	return NULL;
}

int scmi_vio__watch_start(struct scmi_vio__watch *w, int fd,
			  scmi_vio__watch_why why,
			  struct scmi_vio_doorbell *irq)
{
	int ret;

	/* Made here, not with the device: a device that is never started
	 * holds no descriptor for it. */
	w->stop = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->stop < 0)
		return -errno;
	w->fd = fd;
	w->why = why;
	w->irq = irq;
	sv_write_once(&w->lost, 0);
	ret = -pthread_create(&w->thread, NULL, watch_main, w);
	w->running = !ret;
	if (ret)
		close(w->stop);
	return ret;
}

int scmi_vio__watch_stop(struct scmi_vio__watch *w)
{
	const uint64_t one = 1;

	if (w->running) {
		(void)!write(w->stop, &one, sizeof(one));
		pthread_join(w->thread, NULL);
		close(w->stop);
		w->running = false;
	}
	/* The join ordered the thread's store before this read. */
	return sv_read_once(&w->lost);
}

int scmi_vio__watch_lost(const struct scmi_vio__watch *w)
{
	/* Pairs with the release in watch_main(). */
	return sv_load_acquire(&w->lost);
}
