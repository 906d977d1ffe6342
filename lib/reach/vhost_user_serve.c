// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform served over vhost-user (vhost_user_serve.h).
 *
 * Theory of operation.  The vhost-user back-end (lib/vhost_user) judges
 * the front-end's messages and calls back here when a queue starts, stops
 * or changes.  This file keeps what it was told per queue and rebuilds the
 * platform device (through the shared hosting code, reach/host.h) whenever
 * the set changes: the device runs only while every queue it needs is
 * started and enabled, on those queues' addresses, doorbells and resume
 * indices.  Rebuilding rather than patching a running device keeps one
 * way to bring it up; the device is stopped first, so it never touches a
 * doorbell or a mapping the back-end is about to drop.
 *
 * The device's fatal errors (platform_dev.h) ring @failed; step() polls it
 * with the socket and ends the session.  stop() writes @stop_fd, which
 * listen() and step() poll too.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/vhost_user.h>
#include <scmi_vio/vhost_user_serve.h>

#include "reach/host.h"

#define SERVE_QUEUES 2u /* cmdq, eventq */
#define SERVE_DEFAULT_QSZ 1024u

struct scmi_vio_vhost_user_serve {
	struct scmi_vio_platform_config pc; /* copied; re-created from it */
	struct scmi_vio__fault_copy faults; /* the caller's may go */
	bool out_of_order;
	struct scmi_vio_vhost_user *vu;
	struct scmi_vio_platform *plat;
	struct scmi_vio_platform_dev *dev; /* NULL while not running */
	/* What the back-end said of each queue (valid while started). */
	struct scmi_vio_vhost_user_vring vr[SERVE_QUEUES];
	uint16_t base[SERVE_QUEUES]; /* where each queue resumes */
	/* Rung by the device's on_error (its thread): ends the session. */
	struct scmi_vio_doorbell *failed;
	struct scmi_vio_doorbell *stop; /* written by stop() */
};

/* Queues the device needs under the negotiated features. */
static unsigned int needed(const struct scmi_vio_vhost_user_serve *srv)
{
	return srv->vr[0].features & 1ull << SCMI_VIO_F_P2A_CHANNELS ? 2 : 1;
}

static void dev_on_error(void *arg, int err)
{
	struct scmi_vio_vhost_user_serve *srv = arg;

	(void)err; /* step() reads it back from the device */
	(void)scmi_vio_doorbell_ring(srv->failed);
}

/* Stop the device, keeping where each of its queues got to. */
static void dev_down(struct scmi_vio_vhost_user_serve *srv)
{
	if (!srv->dev)
		return;
	scmi_vio_platform_dev_stop(srv->dev);
	scmi_vio_platform_dev_next_avail(srv->dev, &srv->base[0],
					 &srv->base[1]);
	scmi_vio_platform_dev_destroy(srv->dev);
	srv->dev = NULL;
}

/* Start the device if every queue it needs is there; 0 if not ready. */
static int dev_up(struct scmi_vio_vhost_user_serve *srv)
{
	struct scmi_vio_platform_dev_config dc;
	struct scmi_vio_vring_gpa q[SERVE_QUEUES];
	unsigned int i, n = needed(srv);

	for (i = 0; i < n; i++) {
		const struct scmi_vio_vhost_user_vring *v = &srv->vr[i];

		if (!v->started || !v->enabled)
			return 0;
		q[i] = (struct scmi_vio_vring_gpa){ v->num, v->desc_gpa,
						    v->avail_gpa, v->used_gpa };
	}
	memset(&dc, 0, sizeof(dc));
	dc.plat = srv->plat;
	dc.gmem = srv->vr[0].gmem;
	dc.features = srv->vr[0].features;
	dc.cmdq_irq = srv->vr[0].call;
	dc.cmdq_start = srv->base[0];
	if (n > 1) {
		dc.eventq_irq = srv->vr[1].call;
		dc.eventq_kick = srv->vr[1].kick;
		dc.eventq_start = srv->base[1];
	}
	dc.out_of_order = srv->out_of_order;
	dc.faults = scmi_vio__fault_copied(&srv->faults);
	dc.on_error = dev_on_error;
	dc.on_error_arg = srv;
	return scmi_vio__host_dev_start(&dc, q, n, srv->vr[0].kick, &srv->dev);
}

static int on_start(void *arg, unsigned int q,
		    const struct scmi_vio_vhost_user_vring *vr)
{
	struct scmi_vio_vhost_user_serve *srv = arg;
	int ret;

	/* A polling front-end: nothing would ever wake the device. */
	if (!vr->kick)
		return -EOPNOTSUPP;
	dev_down(srv);
	srv->vr[q] = *vr;
	srv->base[q] = vr->last_avail_idx;
	ret = dev_up(srv);
	if (ret)
		srv->vr[q].started = false;
	return ret;
}

static void on_stop(void *arg, unsigned int q, uint16_t *last_avail_idx)
{
	struct scmi_vio_vhost_user_serve *srv = arg;

	dev_down(srv);
	*last_avail_idx = srv->base[q];
	memset(&srv->vr[q], 0, sizeof(srv->vr[q]));
}

static void on_update(void *arg, unsigned int q,
		      const struct scmi_vio_vhost_user_vring *vr)
{
	struct scmi_vio_vhost_user_serve *srv = arg;

	dev_down(srv);
	srv->vr[q] = *vr;
	/* Refused (a kick fd gone to "no fd"): the device stays down and
	 * the front-end sees no replies, as with any stopped device. */
	if (vr->kick)
		(void)dev_up(srv);
}

/* A fresh platform, as the configuration describes it. */
static int plat_renew(struct scmi_vio_vhost_user_serve *srv)
{
	struct scmi_vio_platform *p;
	int ret = scmi_vio_platform_create(&srv->pc, &p);

	if (ret)
		return ret;
	scmi_vio_platform_destroy(srv->plat);
	srv->plat = p;
	return 0;
}

static void on_reset(void *arg)
{
	struct scmi_vio_vhost_user_serve *srv = arg;

	dev_down(srv);
	memset(srv->vr, 0, sizeof(srv->vr));
	memset(srv->base, 0, sizeof(srv->base));
	/* Out of memory: the old platform serves on, its state kept. */
	(void)plat_renew(srv);
	/* A failure the device reported belongs to the session that ended. */
	(void)scmi_vio_doorbell_wait(srv->failed, 0);
}

static const struct scmi_vio_vhost_user_ops serve_ops = {
	.queue_start = on_start,
	.queue_stop = on_stop,
	.queue_update = on_update,
	.device_reset = on_reset,
};

int scmi_vio_vhost_user_serve_create(
	const struct scmi_vio_vhost_user_serve_config *cfg,
	struct scmi_vio_vhost_user_serve **out)
{
	struct scmi_vio_vhost_user_config vc;
	struct scmi_vio_vhost_user_serve *srv;
	int ret;

	if (out)
		*out = NULL;
	if (!cfg || !out || !cfg->platform)
		return -EINVAL;
	srv = calloc(1, sizeof(*srv));
	if (!srv)
		return -ENOMEM;
	srv->pc = *cfg->platform;
	srv->out_of_order = cfg->out_of_order;
	memset(&vc, 0, sizeof(vc));
	vc.features = SCMI_VIO_PLAT_DEV_FEATURES;
	vc.num_queues = SERVE_QUEUES;
	vc.max_queue_size = cfg->max_queue_size ? cfg->max_queue_size :
						  SERVE_DEFAULT_QSZ;
	vc.flags = cfg->flags;
	vc.ops = &serve_ops;
	vc.arg = srv;
	ret = scmi_vio__fault_copy(&srv->faults, cfg->faults);
	if (!ret)
		ret = scmi_vio_vhost_user_create(&vc, &srv->vu);
	if (!ret)
		ret = scmi_vio_doorbell_eventfd_create(-1, &srv->failed);
	if (!ret)
		ret = scmi_vio_doorbell_eventfd_create(-1, &srv->stop);
	if (!ret)
		ret = plat_renew(srv);
	if (ret) {
		scmi_vio_vhost_user_serve_destroy(srv);
		return ret;
	}
	*out = srv;
	return 0;
}

void scmi_vio_vhost_user_serve_destroy(struct scmi_vio_vhost_user_serve *srv)
{
	if (!srv)
		return;
	/* Stops the device (queue_stop, device_reset) before the rest. */
	scmi_vio_vhost_user_destroy(srv->vu);
	dev_down(srv);
	scmi_vio_platform_destroy(srv->plat);
	scmi_vio_doorbell_destroy(srv->failed);
	scmi_vio_doorbell_destroy(srv->stop);
	free(srv);
}

int scmi_vio_vhost_user_serve_attach(struct scmi_vio_vhost_user_serve *srv,
				     int sock)
{
	if (!srv)
		return -EINVAL;
	return scmi_vio_vhost_user_attach(srv->vu, sock);
}

bool scmi_vio_vhost_user_serve_connected(
	const struct scmi_vio_vhost_user_serve *srv)
{
	return srv && scmi_vio_vhost_user_connected(srv->vu);
}

struct scmi_vio_platform *
scmi_vio_vhost_user_serve_platform(struct scmi_vio_vhost_user_serve *srv)
{
	return srv ? srv->plat : NULL;
}

void scmi_vio_vhost_user_serve_stop(struct scmi_vio_vhost_user_serve *srv)
{
	if (srv)
		(void)scmi_vio_doorbell_ring(srv->stop);
}

/* Has stop() been called?  (Its eventfd is never drained.) */
static bool stopping(struct scmi_vio_vhost_user_serve *srv)
{
	struct pollfd p = { scmi_vio_doorbell_fd(srv->stop), POLLIN, 0 };

	return poll(&p, 1, 0) == 1;
}

int scmi_vio_vhost_user_serve_step(struct scmi_vio_vhost_user_serve *srv,
				   int timeout_ms)
{
	struct pollfd p[2];
	int r;

	if (!srv)
		return -EINVAL;
	if (!scmi_vio_vhost_user_connected(srv->vu))
		return -ENOTCONN;
	p[0] = (struct pollfd){ scmi_vio_doorbell_fd(srv->failed), POLLIN, 0 };
	p[1] = (struct pollfd){ scmi_vio_doorbell_fd(srv->stop), POLLIN, 0 };
	/* handle() waits on the socket; a failure is checked before it. */
	r = poll(p, 2, 0);
	if (r < 0)
		return errno == EINTR ? -EINTR : -errno;
	if (p[1].revents)
		return -EINTR;
	if (p[0].revents) {
		r = srv->dev ? scmi_vio_platform_dev_error(srv->dev) : -EIO;
		scmi_vio_vhost_user_disconnect(srv->vu);
		return r ? r : -EIO;
	}
	return scmi_vio_vhost_user_handle(srv->vu, timeout_ms);
}

/*
 * Bind and listen on @path, replacing a stale socket there; @own is what
 * the path named once bound, so that only our own file is removed at the
 * end (another server may have replaced it since: see unlink_own()).
 */
static int listen_on(const char *path, struct stat *own)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -EINVAL;
	strcpy(sa.sun_path, path);
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode))
			return -EEXIST;
		(void)unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    lstat(path, own) < 0 || listen(fd, 1) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

/*
 * Remove @path if it is still the socket file we bound (@own): a second
 * server started on the same path replaces the file, and removing its
 * socket would leave it running but unreachable.
 */
static void unlink_own(const char *path, const struct stat *own)
{
	struct stat st;

	if (lstat(path, &st) == 0 && st.st_dev == own->st_dev &&
	    st.st_ino == own->st_ino)
		(void)unlink(path);
}

/* Wait for @fd to be readable or stop(); 1 readable, 0 stop, -errno. */
static int wait_or_stop(struct scmi_vio_vhost_user_serve *srv, int fd,
			int timeout_ms)
{
	struct pollfd p[3] = {
		{ scmi_vio_doorbell_fd(srv->stop), POLLIN, 0 },
		{ fd, POLLIN, 0 },
		{ scmi_vio_doorbell_fd(srv->failed), POLLIN, 0 },
	};
	int r;

	/* A signal whose handler called stop() interrupts poll(): the stop
	 * fd is readable when it is polled again. */
	do
		r = poll(p, 3, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return p[0].revents ? 0 : 1;
}

int scmi_vio_vhost_user_serve_listen(struct scmi_vio_vhost_user_serve *srv,
				     const char *path)
{
	struct stat own;
	int lfd, sock, r = 0;

	if (!srv || !path)
		return -EINVAL;
	lfd = listen_on(path, &own);
	if (lfd < 0)
		return lfd;
	while (!stopping(srv)) {
		r = wait_or_stop(srv, lfd, -1);
		if (r <= 0)
			break;
		sock = accept(lfd, NULL, NULL);
		if (sock < 0) {
			r = -errno;
			if (r == -EINTR || r == -ECONNABORTED)
				continue;
			break;
		}
		r = scmi_vio_vhost_user_serve_attach(srv, sock);
		if (r) {
			close(sock);
			break;
		}
		/* Serve this front-end until it goes or stop() is called; a
		 * session's end is not the server's. */
		while (scmi_vio_vhost_user_connected(srv->vu) &&
		       wait_or_stop(srv, sock, -1) > 0 &&
		       scmi_vio_vhost_user_serve_step(srv, 0) != -EINTR)
			;
		scmi_vio_vhost_user_disconnect(srv->vu);
		r = 0;
	}
	close(lfd);
	unlink_own(path, &own);
	return r < 0 ? r : 0;
}
