/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hosting the SCMI platform device on guest memory, queues and doorbells:
 * the one place that builds a device role (platform_dev.h) from what a
 * driver laid out, whoever reached it (the loopback in this process, the
 * platform server in another, a vhost-user backend).
 */
#ifndef SCMI_VIO_REACH_HOST_H
#define SCMI_VIO_REACH_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/vdev.h>
#include <scmi_vio/vring.h>

#include "reach/server_args.h"

/*
 * The transport's window for two @num-entry queues of @payload-byte
 * messages, in whole pages: 0 when too large (the rounding's wrap too).
 */
static inline size_t scmi_vio__host_window_pages(unsigned int num,
						 size_t payload)
{
	return (scmi_vio_vdev_window_size(num, num, payload) + 4095) &
	       ~(size_t)4095;
}

/*
 * Create the device role @dc describes on the @n queues @q the driver laid
 * out (cmdq, then eventq when @n > 1; they replace @dc's), and start its
 * thread on @kick unless @kick is NULL (the caller runs it: inline or
 * spinning).  On failure nothing is left behind.
 * Return: 0, or the errors of scmi_vio_platform_dev_create() and _start().
 */
int scmi_vio__host_dev_start(struct scmi_vio_platform_dev_config *dc,
			     const struct scmi_vio_vring_gpa *q, unsigned int n,
			     struct scmi_vio_doorbell *kick,
			     struct scmi_vio_platform_dev **out);

/* A platform hosted on fds (guest memory memfd, eventfd doorbells). */
struct scmi_vio__host {
	struct scmi_vio_shm *shm;
	struct scmi_vio_gmem *gm;
	struct scmi_vio_platform *plat;
	struct scmi_vio_platform_dev *dev;
	struct scmi_vio_doorbell *kick, *cmdq_irq, *eventq_irq, *stop;
	/* Rung by the device's on_error: wakes serve() on an error. */
	struct scmi_vio_doorbell *failed;
	struct scmi_vio_platform_config_file *cf; /* --config */
};

/*
 * Map the guest memory, wrap the doorbell fds (X-2: a fd of the wrong type
 * is refused), create the platform (@a->config's, or the default) and
 * start its device role.  @h must be zeroed; call _teardown() whatever
 * this returns.  @err (@errlen bytes, empty on entry) is left empty unless
 * the config file failed to load: then it says why.
 * Return: 0 or a negative errno.
 */
int scmi_vio__host_fd_setup(const struct scmi_vio__server_args *a,
			    struct scmi_vio__host *h, char *err, size_t errlen);

/*
 * Serve until the stop fd is written (0), or until serving ends on an
 * error: the device's, or the stop fd's own (a negative errno).  The
 * device is stopped when this returns.
 */
int scmi_vio__host_fd_serve(struct scmi_vio__host *h);

/* Free what _fd_setup() made (any part of it). */
void scmi_vio__host_fd_teardown(struct scmi_vio__host *h);

/* A fault plan copied with its rules, so the caller's may go away. */
struct scmi_vio__fault_copy {
	struct scmi_vio_fault_plan plan; /* .rules points at @rules */
	struct scmi_vio_fault_rule rules[SCMI_VIO_FAULT_MAX_RULES];
	bool set; /* false: no plan was given */
};

/*
 * Judge @f (NULL: none) with the device's judge
 * (scmi_vio__fault_plan_check()) and copy it into @c.
 * Return: 0, or -EINVAL (a plan the device would refuse).
 */
int scmi_vio__fault_copy(struct scmi_vio__fault_copy *c,
			 const struct scmi_vio_fault_plan *f);

/* The copied plan for scmi_vio_platform_dev_config.faults, or NULL. */
static inline const struct scmi_vio_fault_plan *
scmi_vio__fault_copied(const struct scmi_vio__fault_copy *c)
{
	return c->set ? &c->plan : NULL;
}

#endif /* SCMI_VIO_REACH_HOST_H */
