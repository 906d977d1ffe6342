// SPDX-License-Identifier: BSD-3-Clause
/*
 * The loopback virtio device: the SCMI platform device (lib/platform) in
 * this process, hosted by host.c, behind the struct scmi_vio_vdev the transport probes.  Its
 * guest memory is one block at a guest-physical base far from its host
 * address, so a wrong translation faults instead of working by accident.
 * start() creates the device role on the queues the driver laid out and
 * starts its thread (or, inline, lets the kick run it); reset() stops and
 * frees it, so the next probe finds a fresh device (L-12).  Several
 * loopbacks may serve one platform, one agent each: the first owns it, the
 * others borrow it (config share).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/guest_mem.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/loopback.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/vring.h>

#include "common/atomics.h"
#include "common/thread_name.h"
#include "reach/host.h"

#define LB_GPA 0x40000000ull
#define LB_DEFAULT_NUM 64u

struct scmi_vio_loopback {
	struct scmi_vio_vdev vdev;
	struct scmi_vio_platform *plat;
	bool own_plat; /* false: borrowed from the loopback shared */
	uint32_t agent_id; /* 0: the platform's configured one */
	struct scmi_vio_gmem *gm;
	void *mem;
	struct scmi_vio_doorbell *kick;
	/*
	 * Held by start() and reset() throughout, so a second or concurrent
	 * reset() returns only once the device is stopped and freed (L-14).
	 * Protects the spinner; @dev is written only under it.
	 */
	pthread_mutex_t life_lock;
	/* ATOMIC: the started device; set by start(), cleared by reset() */
	struct scmi_vio_platform_dev *dev;
	bool inline_device;
	bool spin_device;
	pthread_t spinner;
	unsigned int spin_stop; /* ATOMIC */
	bool out_of_order;
	struct scmi_vio__fault_copy faults;
};

/*
 * The inline kick: run the device until it has nothing left and has asked
 * for the next kick, as its thread does before it sleeps (with EVENT_IDX
 * the driver kicks only a device that asked).
 */
static void lb_run(void *arg)
{
	struct scmi_vio_loopback *lb = arg;
	/* Pairs with the release in lb_start(): the device is complete. */
	struct scmi_vio_platform_dev *dev = sv_load_acquire(&lb->dev);

	while (dev && scmi_vio_platform_dev_step(dev) > 0)
		;
}

/* The spinning device: service rounds back to back, never sleeping. */
static void *lb_spin(void *arg)
{
	struct scmi_vio_loopback *lb = arg;
	struct scmi_vio_platform_dev *dev = sv_read_once(&lb->dev);
	unsigned int idle = 0;
	int n;

	sv_thread_name("scmi-vio-spin");
	/* Pairs with the release in lb_reset(). */
	while (!sv_load_acquire(&lb->spin_stop)) {
		n = scmi_vio_platform_dev_service(dev);
		if (n > 0) {
			idle = 0;
			continue;
		}
		if (n < 0)
			break; /* fatal: reported by the device */
		/* Two cores only: let the agent's threads run now and then. */
		if (++idle % 256 == 0)
			sched_yield();
		else
			sv_cpu_relax();
	}
	return NULL;
}

static int lb_start(void *ctx, uint64_t features,
		    const struct scmi_vio_vring_gpa *q, unsigned int n,
		    struct scmi_vio_doorbell *irq)
{
	struct scmi_vio_loopback *lb = ctx;
	struct scmi_vio_platform_dev_config dc;
	struct scmi_vio_platform_dev *dev;
	/* A device thread is started on the kick; inline and spinning
	 * devices are run by the kicker and by the spinner below. */
	struct scmi_vio_doorbell *thread_kick =
		lb->inline_device || lb->spin_device ? NULL : lb->kick;
	int r;

	memset(&dc, 0, sizeof(dc));
	dc.plat = lb->plat;
	dc.agent_id = lb->agent_id;
	dc.gmem = lb->gm;
	dc.features = features;
	dc.cmdq_irq = irq;
	dc.eventq_irq = irq;
	dc.out_of_order = lb->out_of_order;
	dc.faults = scmi_vio__fault_copied(&lb->faults);
	pthread_mutex_lock(&lb->life_lock);
	r = lb->dev ? -EBUSY :
		      scmi_vio__host_dev_start(&dc, q, n, thread_kick, &dev);
	if (r)
		goto out;
	/* The device is built before the inline kick or the spinner sees it
	 * (the spinner also by pthread_create). */
	sv_store_release(&lb->dev, dev);
	if (lb->spin_device) {
		sv_write_once(&lb->spin_stop, 0);
		r = -pthread_create(&lb->spinner, NULL, lb_spin, lb);
		if (r) {
			sv_write_once(&lb->dev, NULL);
			scmi_vio_platform_dev_destroy(dev);
		}
	}
out:
	pthread_mutex_unlock(&lb->life_lock);
	return r;
}

static void lb_reset(void *ctx)
{
	struct scmi_vio_loopback *lb = ctx;
	struct scmi_vio_platform_dev *dev;

	pthread_mutex_lock(&lb->life_lock);
	dev = sv_read_once(&lb->dev);
	sv_write_once(&lb->dev, NULL);
	if (dev) {
		if (lb->spin_device) {
			/* Pairs with the acquire in lb_spin(). */
			sv_store_release(&lb->spin_stop, 1);
			pthread_join(lb->spinner, NULL);
		}
		scmi_vio_platform_dev_stop(dev);
		scmi_vio_platform_dev_destroy(dev);
	}
	pthread_mutex_unlock(&lb->life_lock);
}

static const struct scmi_vio_vdev_ops lb_ops = {
	.start = lb_start,
	.reset = lb_reset,
};

/* A new platform, or the one of the loopback shared (for another agent). */
static int lb_platform(struct scmi_vio_loopback *lb,
		       const struct scmi_vio_loopback_config *cfg,
		       size_t payload)
{
	struct scmi_vio_platform_config pc;
	int r;

	lb->agent_id = cfg->agent_id;
	if (cfg->share) {
		lb->plat = cfg->share->plat;
		if (payload + 4 != scmi_vio_platform_event_max(lb->plat))
			return -EINVAL;
		/* The device checks the agent id again at each start. */
		return scmi_vio_platform_has_agent(lb->plat, cfg->agent_id) ?
			       0 :
			       -EINVAL;
	}
	if (cfg->platform)
		pc = *cfg->platform;
	else
		scmi_vio_platform_config_default(&pc);
	pc.max_payload = payload;
	if (cfg->max_notifications)
		pc.max_notifications = cfg->max_notifications;
	r = scmi_vio_platform_create(&pc, &lb->plat);
	if (!r)
		lb->own_plat = true;
	return r;
}

int scmi_vio_loopback_create(const struct scmi_vio_loopback_config *cfg,
			     struct scmi_vio_loopback **out)
{
	const struct scmi_vio_loopback_config def = { 0 };
	struct scmi_vio_gmem_region reg;
	struct scmi_vio_loopback *lb;
	unsigned int num;
	size_t payload, size;
	int r;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!cfg)
		cfg = &def;
	num = cfg->queue_num ? cfg->queue_num : LB_DEFAULT_NUM;
	payload = cfg->max_payload ? cfg->max_payload :
				     SCMI_VIO_DEFAULT_MAX_PAYLOAD;
	size = scmi_vio__host_window_pages(num, payload);
	if (!size || (cfg->inline_device && cfg->spin_device))
		return -EINVAL;
	lb = calloc(1, sizeof(*lb));
	if (!lb)
		return -ENOMEM;
	r = -pthread_mutex_init(&lb->life_lock, NULL);
	if (r) {
		free(lb);
		return r;
	}
	r = scmi_vio__fault_copy(&lb->faults, cfg->faults);
	if (r)
		goto fail;
	lb->inline_device = cfg->inline_device;
	lb->spin_device = cfg->spin_device;
	lb->out_of_order = cfg->out_of_order;
	lb->mem = aligned_alloc(4096, size);
	r = -ENOMEM;
	if (!lb->mem)
		goto fail;
	memset(lb->mem, 0, size);
	reg.gpa = LB_GPA;
	reg.len = size;
	reg.host = lb->mem;
	reg.writable = true;
	r = scmi_vio_gmem_create(&reg, 1, &lb->gm);
	if (r)
		goto fail;
	r = lb_platform(lb, cfg, payload);
	if (r)
		goto fail;
	if (lb->inline_device)
		r = scmi_vio_doorbell_inline_create(lb_run, lb, &lb->kick);
	else
		r = scmi_vio_doorbell_thread_create(&lb->kick);
	if (r)
		goto fail;
	lb->vdev.features = cfg->features ? cfg->features :
					    SCMI_VIO_PLAT_DEV_FEATURES;
	lb->vdev.queue_num = num;
	lb->vdev.mem = lb->mem;
	lb->vdev.gpa = LB_GPA;
	lb->vdev.size = size;
	/* A spinning device needs no kick: the driver's kicks go nowhere. */
	lb->vdev.kick = lb->spin_device ? NULL : lb->kick;
	lb->vdev.ops = &lb_ops;
	lb->vdev.ctx = lb;
	*out = lb;
	return 0;
fail:
	scmi_vio_loopback_destroy(lb);
	return r;
}

void scmi_vio_loopback_destroy(struct scmi_vio_loopback *lb)
{
	if (!lb)
		return;
	scmi_vio_doorbell_destroy(lb->kick);
	if (lb->own_plat)
		scmi_vio_platform_destroy(lb->plat);
	scmi_vio_gmem_destroy(lb->gm);
	free(lb->mem);
	pthread_mutex_destroy(&lb->life_lock);
	free(lb);
}

const struct scmi_vio_vdev *scmi_vio_loopback_vdev(struct scmi_vio_loopback *lb)
{
	return &lb->vdev;
}

struct scmi_vio_platform *
scmi_vio_loopback_platform(struct scmi_vio_loopback *lb)
{
	return lb->plat;
}

struct scmi_vio_platform_dev *
scmi_vio_loopback_dev(struct scmi_vio_loopback *lb)
{
	/* Pairs with the release in lb_start(). */
	return sv_load_acquire(&lb->dev);
}

int scmi_vio_loopback_kick(struct scmi_vio_loopback *lb)
{
	/* Pairs with the release in lb_start(). */
	if (!sv_load_acquire(&lb->dev))
		return -ENODEV;
	if (lb->inline_device)
		lb_run(lb);
	else if (!lb->spin_device)
		(void)scmi_vio_doorbell_ring(lb->kick);
	return 0;
}
