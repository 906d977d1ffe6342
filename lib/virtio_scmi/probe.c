// SPDX-License-Identifier: BSD-3-Clause
/*
 * Probe and remove of a virtio-scmi device (docs/linux-notes.md A10.9): feature
 * negotiation, sizing, queues and message buffers in the device's memory,
 * the eventq filled before the device is told it is ready, interrupt
 * delivery and the deferred worker; remove resets the device, then deletes
 * the queues, then frees the buffers (L-5).  Every fallible setup step can
 * be made to fail, per probe, for the L-6 test (vs_test_hooks.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/scmi_wire.h>
#include <scmi_vio/vring.h>

#include "common/atomics.h"
#include "common/log.h"
#include "common/thread_name.h"
#include "virtio_scmi/vs_internal.h"

bool scmi_vio__vs_step_fails(struct scmi_vio_virtio_scmi *vs)
{
	return ++vs->steps == vs->fail_at;
}

#define VS_DEFAULT_FEATURES                                               \
	(1ull << SCMI_VIO_F_VERSION_1 | 1ull << SCMI_VIO_F_P2A_CHANNELS | \
	 1ull << SCMI_VIO_F_EVENT_IDX)

/* Feature bits this transport understands at all. */
#define VS_KNOWN_FEATURES \
	(VS_DEFAULT_FEATURES | 1ull << SCMI_VIO_F_INDIRECT_DESC)

static void *irq_main(void *arg)
{
	struct scmi_vio_virtio_scmi *vs = arg;

	sv_thread_name("scmi-vio-irq");
	/* Pairs with the release in stop_threads(); its ring ends a wait. */
	while (!sv_load_acquire(&vs->irq_stop)) {
		if (scmi_vio_doorbell_wait(vs->irq, -1) < 0)
			break;
		/* A stop ring is not an interrupt (same pairing). */
		if (sv_load_acquire(&vs->irq_stop))
			break;
		scmi_vio__vs_irq(vs);
	}
	return NULL;
}

static void *worker_main(void *arg)
{
	struct scmi_vio_virtio_scmi *vs = arg;

	sv_thread_name("scmi-vio-worker");
	for (;;) {
		pthread_mutex_lock(&vs->wlock);
		while (!vs->work && !vs->wstop)
			pthread_cond_wait(&vs->wcond, &vs->wlock);
		if (vs->wstop) {
			pthread_mutex_unlock(&vs->wlock);
			return NULL;
		}
		vs->work = false;
		pthread_mutex_unlock(&vs->wlock);
		scmi_vio__vs_worker_run(vs);
	}
}

static int start_threads(struct scmi_vio_virtio_scmi *vs)
{
	int r;

	switch (vs->irq_mode) {
	case SCMI_VIO_IRQ_INLINE:
		if (scmi_vio__vs_step_fails(vs))
			return -ENOMEM;
		r = scmi_vio_doorbell_inline_create(scmi_vio__vs_irq, vs,
						    &vs->irq);
		break;
	case SCMI_VIO_IRQ_EVENTFD:
		if (scmi_vio__vs_step_fails(vs))
			return -ENOMEM;
		r = scmi_vio_doorbell_eventfd_create(-1, &vs->irq);
		if (r)
			break;
		if (scmi_vio__vs_step_fails(vs))
			return -EAGAIN;
		r = -pthread_create(&vs->irq_thread, NULL, irq_main, vs);
		vs->irq_thread_on = !r;
		break;
	default:
		r = 0;
		break;
	}
	if (r)
		return r;
	if (scmi_vio__vs_step_fails(vs))
		return -EAGAIN;
	r = -pthread_create(&vs->worker, NULL, worker_main, vs);
	vs->worker_on = !r;
	return r;
}

static void stop_threads(struct scmi_vio_virtio_scmi *vs)
{
	if (vs->irq_thread_on) {
		/* Pairs with the acquires in irq_main(); the ring that
		 * follows ends its wait. */
		sv_store_release(&vs->irq_stop, 1);
		(void)scmi_vio_doorbell_ring(vs->irq);
		pthread_join(vs->irq_thread, NULL);
		vs->irq_thread_on = false;
	}
	if (vs->worker_on) {
		pthread_mutex_lock(&vs->wlock);
		vs->wstop = true;
		pthread_cond_signal(&vs->wcond);
		pthread_mutex_unlock(&vs->wlock);
		pthread_join(vs->worker, NULL);
		vs->worker_on = false;
	}
}

/*
 * The memory windows of the transports bound in this process (L-12): a
 * probe whose window overlaps one of them is refused before it lays a ring
 * out there, as the device's own -EBUSY from start() would come too late.
 * The lock protects the list (@bound_windows and every @bound_next).
 */
static pthread_mutex_t bound_lock = PTHREAD_MUTEX_INITIALIZER;
static struct scmi_vio_virtio_scmi *bound_windows;

static bool windows_overlap(const struct scmi_vio_vdev *a,
			    const struct scmi_vio_vdev *b)
{
	uintptr_t a0 = (uintptr_t)a->mem, b0 = (uintptr_t)b->mem;

	return a0 < b0 + b->size && b0 < a0 + a->size;
}

static int bind_window(struct scmi_vio_virtio_scmi *vs)
{
	struct scmi_vio_virtio_scmi *o;
	int r = 0;

	pthread_mutex_lock(&bound_lock);
	for (o = bound_windows; o && !r; o = o->bound_next)
		if (windows_overlap(&o->vdev, &vs->vdev))
			r = -EBUSY;
	if (!r) {
		vs->bound_next = bound_windows;
		bound_windows = vs;
		vs->bound = true;
	}
	pthread_mutex_unlock(&bound_lock);
	return r;
}

static void unbind_window(struct scmi_vio_virtio_scmi *vs)
{
	struct scmi_vio_virtio_scmi **pp;

	if (!vs->bound)
		return;
	pthread_mutex_lock(&bound_lock);
	for (pp = &bound_windows; *pp != vs; pp = &(*pp)->bound_next)
		;
	*pp = vs->bound_next;
	pthread_mutex_unlock(&bound_lock);
}

/* Teardown in the L-5 order; also the unwind of a failed probe. */
static void teardown(struct scmi_vio_virtio_scmi *vs)
{
	if (vs->attached) {
		scmi_vio__vs_chan_free(&vs->tx);
		if (vs->has_rx)
			scmi_vio__vs_chan_free(&vs->rx);
	}
	if (vs->started)
		vs->vdev.ops->reset(vs->vdev.ctx);
	stop_threads(vs);
	scmi_vio_doorbell_destroy(vs->irq);
	scmi_vio__vs_chan_fini(&vs->tx);
	if (vs->has_rx)
		scmi_vio__vs_chan_fini(&vs->rx);
	pthread_mutex_destroy(&vs->wlock);
	pthread_cond_destroy(&vs->wcond);
	/* Last: the device and our queues are done with the window. */
	unbind_window(vs);
	free(vs);
}

static int check_config(const struct scmi_vio_vdev *vdev,
			const struct scmi_vio_virtio_scmi_config *cfg)
{
	if (!vdev || !vdev->ops || !vdev->ops->start || !vdev->ops->reset ||
	    !vdev->mem)
		return -EINVAL;
	if (!scmi_vio_vring_valid_size(vdev->queue_num) || vdev->queue_num < 2)
		return -EINVAL;
	if (cfg->max_payload > SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD ||
	    (cfg->max_payload && cfg->max_payload < 8))
		return -EINVAL;
	if ((unsigned int)cfg->irq_mode > SCMI_VIO_IRQ_NONE)
		return -EINVAL;
	return 0;
}

/* Where the rings were laid out, as the device's start() takes them. */
static unsigned int queue_gpas(const struct scmi_vio_virtio_scmi *vs,
			       struct scmi_vio_vring_gpa *queues)
{
	unsigned int i, num = vs->vdev.queue_num;

	for (i = 0; i < 1u + vs->has_rx; i++) {
		const struct vs_chan *ch = i ? &vs->rx : &vs->tx;

		queues[i].num = num;
		queues[i].desc_gpa = vs->vdev.gpa + ch->ring_off;
		queues[i].avail_gpa =
			queues[i].desc_gpa + scmi_vio_vring_desc_bytes(num);
		queues[i].used_gpa =
			queues[i].desc_gpa + scmi_vio_vring_used_offset(num, 4);
	}
	return i;
}

int scmi_vio_virtio_scmi_probe(const struct scmi_vio_vdev *vdev,
			       const struct scmi_vio_virtio_scmi_config *cfg,
			       struct scmi_vio_virtio_scmi **out)
{
	return scmi_vio__vs_probe_failing(vdev, cfg, 0, out);
}

int scmi_vio__vs_probe_failing(const struct scmi_vio_vdev *vdev,
			       const struct scmi_vio_virtio_scmi_config *cfg,
			       unsigned long fail_at,
			       struct scmi_vio_virtio_scmi **out)
{
	const struct scmi_vio_virtio_scmi_config def = { 0 };
	struct scmi_vio_vring_gpa queues[2];
	struct scmi_vio_virtio_scmi *vs;
	uint64_t want;
	unsigned int n;
	int r;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!cfg)
		cfg = &def;
	r = check_config(vdev, cfg);
	if (r)
		return r;
	want = cfg->driver_features ? cfg->driver_features :
				      VS_DEFAULT_FEATURES;
	/* VERSION_1 compliance (Linux's default): a legacy device is
	 * refused rather than driven with the wrong byte order. */
	if (!(vdev->features & want & 1ull << SCMI_VIO_F_VERSION_1))
		return -EINVAL;
	/* Step 1 is the allocation of the transport itself. */
	if (fail_at == 1)
		return -ENOMEM;
	vs = calloc(1, sizeof(*vs));
	if (!vs)
		return -ENOMEM;
	vs->fail_at = fail_at;
	vs->steps = 1;
	vs->vdev = *vdev;
	vs->irq_mode = cfg->irq_mode;
	vs->complete_budget = cfg->complete_budget;
	vs->features = vdev->features & want & VS_KNOWN_FEATURES;
	vs->max_payload = cfg->max_payload ? cfg->max_payload :
					     SCMI_VIO_DEFAULT_MAX_PAYLOAD;
	vs->pdu = vs->max_payload + 8;
	/* The eventq exists only when P2A was negotiated (A9). */
	vs->has_rx = vs->features & 1ull << SCMI_VIO_F_P2A_CHANNELS;
	pthread_mutex_init(&vs->wlock, NULL);
	pthread_cond_init(&vs->wcond, NULL);
	r = bind_window(vs);
	if (!r)
		r = scmi_vio__vs_chan_init(vs, &vs->tx, false);
	if (!r && vs->has_rx)
		r = scmi_vio__vs_chan_init(vs, &vs->rx, true);
	if (!r)
		r = start_threads(vs);
	/* Event buffers first: the device may send as soon as it starts. */
	if (!r && vs->has_rx)
		r = scmi_vio__vs_chan_fill(&vs->rx);
	if (r)
		goto fail;
	n = queue_gpas(vs, queues);
	r = vs->vdev.ops->start(vs->vdev.ctx, vs->features, queues, n, vs->irq);
	if (r)
		goto fail;
	vs->started = true;
	*out = vs;
	scmi_vio__log(
		SCMI_VIO_LOG_INFO, "probe",
		"virtio-scmi %p: %u entries, payload %zu, features %#llx%s",
		(void *)vs, vs->vdev.queue_num, vs->max_payload,
		(unsigned long long)vs->features, vs->has_rx ? ", eventq" : "");
	return 0;
fail:
	teardown(vs);
	scmi_vio__log(SCMI_VIO_LOG_WARN, "probe",
		      "virtio-scmi: probe failed: %d", r);
	return r;
}

void scmi_vio_virtio_scmi_remove(struct scmi_vio_virtio_scmi *vs)
{
	if (vs) {
		scmi_vio__log(SCMI_VIO_LOG_INFO, "remove", "virtio-scmi %p",
			      (void *)vs);
		teardown(vs);
	}
}
