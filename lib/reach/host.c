// SPDX-License-Identifier: BSD-3-Clause
/*
 * Hosting the platform device (host.h): the device role built on the
 * queues a driver laid out, and the whole of a platform hosted on fds, as
 * the platform server runs it.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include <scmi_vio/guest_mem.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/shm.h>

#include "platform/fault.h"
#include "reach/host.h"

int scmi_vio__host_dev_start(struct scmi_vio_platform_dev_config *dc,
			     const struct scmi_vio_vring_gpa *q, unsigned int n,
			     struct scmi_vio_doorbell *kick,
			     struct scmi_vio_platform_dev **out)
{
	int r;

	dc->cmdq = q[0];
	memset(&dc->eventq, 0, sizeof(dc->eventq));
	if (n > 1)
		dc->eventq = q[1];
	r = scmi_vio_platform_dev_create(dc, out);
	if (r || !kick)
		return r;
	r = scmi_vio_platform_dev_start(*out, kick);
	if (r) {
		scmi_vio_platform_dev_destroy(*out);
		*out = NULL;
	}
	return r;
}

/* The device thread met a fatal error (platform_dev.h): wake serve(). */
static void host_on_error(void *arg, int err)
{
	struct scmi_vio__host *h = arg;

	(void)err; /* serve() reads it back with scmi_vio_platform_dev_error() */
	(void)scmi_vio_doorbell_ring(h->failed);
}

static int host_fds(const struct scmi_vio__server_args *a,
		    struct scmi_vio__host *h)
{
	struct scmi_vio_gmem_region r;
	int ret;

	ret = scmi_vio_shm_map(a->mem_fd, a->mem_size,
			       a->mem_unsealed ? SCMI_VIO_SHM_MAP_UNSEALED : 0,
			       &h->shm);
	if (ret)
		return ret;
	r = (struct scmi_vio_gmem_region){ .gpa = a->gpa,
					   .len = a->mem_size,
					   .host = scmi_vio_shm_host(h->shm),
					   .writable = true };
	ret = scmi_vio_gmem_create(&r, 1, &h->gm);
	/* a doorbell fd of the wrong type is refused here, not spun on. */
	if (!ret)
		ret = scmi_vio_doorbell_fd_create(a->kick_fd, &h->kick);
	if (!ret)
		ret = scmi_vio_doorbell_fd_create(a->cmdq_irq_fd, &h->cmdq_irq);
	if (!ret && a->eventq_irq_fd >= 0)
		ret = scmi_vio_doorbell_fd_create(a->eventq_irq_fd,
						  &h->eventq_irq);
	if (!ret)
		ret = scmi_vio_doorbell_fd_create(a->stop_fd, &h->stop);
	if (!ret)
		ret = scmi_vio_doorbell_eventfd_create(-1, &h->failed);
	return ret;
}

int scmi_vio__host_fd_setup(const struct scmi_vio__server_args *a,
			    struct scmi_vio__host *h, char *err, size_t errlen)
{
	const struct scmi_vio_vring_gpa q[2] = { a->cmdq, a->eventq };
	struct scmi_vio_platform_config pc;
	struct scmi_vio_platform_dev_config dc;
	int ret;

	ret = host_fds(a, h);
	if (ret)
		return ret;
	if (a->config) {
		ret = scmi_vio_platform_config_load(a->config, &h->cf, err,
						    errlen);
		/* -EINVAL: @err says what the file holds; else the errno. */
		if (ret && ret != -EINVAL)
			snprintf(err, errlen, "%s", strerror(-ret));
		if (ret)
			return ret;
		pc = *scmi_vio_platform_config_file_get(h->cf);
	} else {
		scmi_vio_platform_config_default(&pc);
	}
	ret = scmi_vio_platform_create(&pc, &h->plat);
	if (ret)
		return ret;
	memset(&dc, 0, sizeof(dc));
	dc.plat = h->plat;
	dc.gmem = h->gm;
	dc.features = a->features;
	dc.cmdq_irq = h->cmdq_irq;
	dc.eventq_irq = h->eventq_irq;
	dc.out_of_order = a->out_of_order;
	dc.faults = &a->faults;
	dc.on_error = host_on_error;
	dc.on_error_arg = h;
	return scmi_vio__host_dev_start(&dc, q, a->have_eventq ? 2 : 1, h->kick,
					&h->dev);
}

int scmi_vio__host_fd_serve(struct scmi_vio__host *h)
{
	struct pollfd p[2] = {
		{ .fd = scmi_vio_doorbell_fd(h->stop), .events = POLLIN },
		{ .fd = scmi_vio_doorbell_fd(h->failed), .events = POLLIN },
	};
	int r;

	for (;;) {
		r = poll(p, 2, -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = -errno;
			break;
		}
		if (p[1].revents) {
			r = scmi_vio_platform_dev_error(h->dev);
			break;
		}
		/* Readable, end of file or an error: the doorbell says. */
		r = scmi_vio_doorbell_wait(h->stop, 0);
		if (r) {
			r = r > 0 ? 0 : r;
			break;
		}
	}
	scmi_vio_platform_dev_stop(h->dev);
	return r;
}

void scmi_vio__host_fd_teardown(struct scmi_vio__host *h)
{
	scmi_vio_platform_dev_destroy(h->dev);
	scmi_vio_platform_destroy(h->plat);
	scmi_vio_doorbell_destroy(h->kick);
	scmi_vio_doorbell_destroy(h->cmdq_irq);
	scmi_vio_doorbell_destroy(h->eventq_irq);
	scmi_vio_doorbell_destroy(h->stop);
	scmi_vio_doorbell_destroy(h->failed);
	scmi_vio_gmem_destroy(h->gm);
	scmi_vio_shm_destroy(h->shm);
	scmi_vio_platform_config_file_free(h->cf);
}

int scmi_vio__fault_copy(struct scmi_vio__fault_copy *c,
			 const struct scmi_vio_fault_plan *f)
{
	int ret;

	c->set = false;
	/* Judged now, by the device's own judge: the device that takes the
	 * copy is created later (a probe, a session), too late for the
	 * caller to hear which of its arguments was wrong. */
	ret = scmi_vio__fault_plan_check(f);
	if (ret || !f)
		return ret;
	c->plan = *f;
	if (f->n_rules)
		memcpy(c->rules, f->rules, f->n_rules * sizeof(*f->rules));
	c->plan.rules = c->rules;
	c->set = true;
	return 0;
}
