// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform's outbox: platform-to-agent messages produced by handlers and
 * waiting for an eventq buffer (PROTOCOL.md section 2).
 *
 * Two FIFOs of slots preallocated at create time, so queueing never
 * allocates.  Delayed responses must eventually be sent, so their FIFO never
 * drops: a handler reserves a slot before it changes state and answers BUSY
 * when none is left.  Notifications may be dropped or coalesced: a new one
 * with the same (protocol, event, source) as a queued one replaces that
 * one's payload in place (the agent sees the newest data, in the original
 * position); otherwise a full FIFO drops it.  Both are counted.  Queued
 * notifications are indexed by that key in a chained hash (bucket heads,
 * and a next link per slot), so a storm of distinct sources costs a short
 * chain walk per notification, not a scan of the whole FIFO.
 *
 * A delayed response must not overtake its command's reply: Linux logs
 * "OoO Delayed Response" and the agent has to park it.  One queued by a
 * command a device dispatched is held (DRESP_HELD) until the device has
 * pushed the reply (DRESP_REPLIED, with the device's round) and rung its
 * interrupt (publish: DRESP_READY).  event_pop() sends the oldest ready
 * one; n_events counts only messages that may be sent, so the device never
 * takes an eventq buffer for a held one.
 *
 * All functions here run with plat->lock held, except init/fini (setup),
 * scmi_vio__outbox_hint(), and the scmi_vio__outbox_* calls a device or
 * its fault injection makes, which take the lock themselves.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomics.h"
#include "platform/platform_internal.h"

#define NO_SLOT UINT32_MAX

int scmi_vio__outbox_init(struct scmi_vio_platform *plat,
			  unsigned int n_delayed, unsigned int n_notifs)
{
	unsigned int n = n_delayed + n_notifs, n_buckets = 1, i;
	struct plat_event *slots;

	/* At least two buckets per slot: chains stay short when full. */
	while (n_buckets < 2 * n_notifs)
		n_buckets *= 2;
	slots = calloc(n, sizeof(*slots));
	plat->event_mem = calloc(n, plat->max_payload);
	plat->notif_bucket = malloc(n_buckets * sizeof(*plat->notif_bucket));
	if (!slots || !plat->event_mem || !plat->notif_bucket) {
		free(slots);
		free(plat->event_mem);
		free(plat->notif_bucket);
		plat->event_mem = NULL;
		plat->notif_bucket = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		slots[i].payload =
			plat->event_mem + (size_t)i * plat->max_payload;
	for (i = 0; i < n_buckets; i++)
		plat->notif_bucket[i] = NO_SLOT;
	plat->notif_mask = n_buckets - 1;
	plat->delayed = (struct plat_fifo){ .slot = slots, .cap = n_delayed };
	plat->notifs = (struct plat_fifo){ .slot = slots + n_delayed,
					   .cap = n_notifs };
	return 0;
}

void scmi_vio__outbox_fini(struct scmi_vio_platform *plat)
{
	free(plat->delayed.slot);
	free(plat->event_mem);
	free(plat->notif_bucket);
	plat->delayed.slot = NULL;
	plat->event_mem = NULL;
	plat->notif_bucket = NULL;
}

/* The bucket of a notification's coalescing key. */
static uint32_t *bucket_of(struct scmi_vio_platform *plat, uint32_t hdr,
			   uint32_t source)
{
	uint32_t h = hdr * 0x9e3779b1u ^ source * 0x85ebca77u;

	h ^= h >> 16;
	return &plat->notif_bucket[h & plat->notif_mask];
}

/* The queued notification with this key, or NULL. */
static struct plat_event *notif_find(struct scmi_vio_platform *plat,
				     uint32_t hdr, uint32_t source)
{
	uint32_t i = *bucket_of(plat, hdr, source);
	struct plat_event *ev;

	for (; i != NO_SLOT; i = ev->hnext) {
		ev = &plat->notifs.slot[i];
		if (ev->hdr == hdr && ev->source == source)
			return ev;
	}
	return NULL;
}

static void notif_index(struct scmi_vio_platform *plat, struct plat_event *ev)
{
	uint32_t *b = bucket_of(plat, ev->hdr, ev->source);

	ev->hnext = *b;
	*b = (uint32_t)(ev - plat->notifs.slot);
}

static void notif_unindex(struct scmi_vio_platform *plat,
			  const struct plat_event *ev)
{
	uint32_t *link = bucket_of(plat, ev->hdr, ev->source);
	uint32_t i = (uint32_t)(ev - plat->notifs.slot);

	while (*link != i)
		link = &plat->notifs.slot[*link].hnext;
	*link = ev->hnext;
}

static struct plat_event *fifo_at(struct plat_fifo *f, unsigned int i)
{
	return &f->slot[(f->head + i) % f->cap];
}

static struct plat_event *fifo_push(struct plat_fifo *f)
{
	if (f->count == f->cap)
		return NULL;
	f->count++;
	return fifo_at(f, f->count - 1);
}

/* One more message may be sent (the device's lock-free hint). */
static void ready_add(struct scmi_vio_platform *plat, int n)
{
	sv_write_once(&plat->n_events, plat->n_events + n);
}

static void fill(struct plat_event *ev, uint32_t hdr, uint32_t source,
		 const void *payload, size_t len)
{
	ev->hdr = hdr;
	ev->source = source;
	ev->len = (uint32_t)len;
	if (len)
		memcpy(ev->payload, payload, len);
}

static uint32_t delayed_hdr(uint32_t cmd_hdr)
{
	struct scmi_vio_hdr h;

	scmi_vio_hdr_unpack(cmd_hdr, &h);
	h.type = SCMI_VIO_MSG_DELAYED_RESP;
	return scmi_vio_hdr_pack(&h);
}

/* Queue a delayed response; plat->lock held. */
static int queue_delayed(struct scmi_vio_platform *plat, uint32_t cmd_hdr,
			 const void *payload, size_t len)
{
	struct plat_event *ev;
	uint32_t hdr = delayed_hdr(cmd_hdr);

	if (!plat->p2a)
		return -EOPNOTSUPP;
	if (len > plat->max_payload || (len && !payload))
		return -EMSGSIZE;
	ev = fifo_push(&plat->delayed);
	if (!ev)
		return -ENOSPC;
	fill(ev, hdr, 0, payload, len);
	ev->state = plat->holding ? DRESP_HELD : DRESP_READY;
	if (plat->holding)
		plat->held_now = true;
	else
		ready_add(plat, 1);
	plat->async_pending[hdr >> SCMI_VIO_HDR_PROTO_SHIFT &
			    SCMI_VIO_HDR_PROTO_MASK]++;
	plat->stats.delayed_queued++;
	return 0;
}

int scmi_vio_platform_delayed(struct scmi_vio_platform *plat,
			      const struct scmi_vio_plat_msg *msg,
			      const void *payload, size_t len)
{
	return queue_delayed(plat, msg->hdr, payload, len);
}

int scmi_vio__outbox_inject_delayed(struct scmi_vio_platform *plat,
				    uint32_t hdr, const void *payload,
				    size_t len)
{
	int ret;

	pthread_mutex_lock(&plat->lock);
	ret = queue_delayed(plat, hdr, payload, len);
	pthread_mutex_unlock(&plat->lock);
	return ret;
}

bool scmi_vio__outbox_has_delayed(struct scmi_vio_platform *plat, uint32_t hdr)
{
	uint32_t want = delayed_hdr(hdr);
	bool found = false;
	unsigned int i;

	pthread_mutex_lock(&plat->lock);
	for (i = 0; i < plat->delayed.count && !found; i++)
		found = fifo_at(&plat->delayed, i)->hdr == want;
	pthread_mutex_unlock(&plat->lock);
	return found;
}

/* The first queued delayed response of command @hdr in @state, or NULL. */
static struct plat_event *dresp_find(struct scmi_vio_platform *plat,
				     uint32_t hdr, enum plat_dresp_state state)
{
	uint32_t want = delayed_hdr(hdr);
	struct plat_event *ev;
	unsigned int i;

	for (i = 0; i < plat->delayed.count; i++) {
		ev = fifo_at(&plat->delayed, i);
		if (ev->hdr == want && ev->state == state)
			return ev;
	}
	return NULL;
}

void scmi_vio__outbox_replied(struct scmi_vio_platform *plat, uint32_t hdr,
			      uint64_t tag)
{
	struct plat_event *ev;

	pthread_mutex_lock(&plat->lock);
	ev = dresp_find(plat, hdr, DRESP_HELD);
	if (ev) {
		ev->state = DRESP_REPLIED;
		ev->tag = tag;
	}
	pthread_mutex_unlock(&plat->lock);
}

void scmi_vio__outbox_publish(struct scmi_vio_platform *plat, uint64_t tag)
{
	struct plat_event *ev;
	unsigned int i;

	pthread_mutex_lock(&plat->lock);
	for (i = 0; i < plat->delayed.count; i++) {
		ev = fifo_at(&plat->delayed, i);
		if (ev->state == DRESP_REPLIED && ev->tag == tag) {
			ev->state = DRESP_READY;
			ready_add(plat, 1);
		}
	}
	pthread_mutex_unlock(&plat->lock);
}

void scmi_vio__outbox_release(struct scmi_vio_platform *plat, uint32_t hdr)
{
	struct plat_event *ev;

	pthread_mutex_lock(&plat->lock);
	ev = dresp_find(plat, hdr, DRESP_HELD);
	if (ev) {
		ev->state = DRESP_READY;
		ready_add(plat, 1);
	}
	pthread_mutex_unlock(&plat->lock);
}

int scmi_vio_platform_notify(struct scmi_vio_platform *plat, uint8_t protocol,
			     uint8_t event, uint32_t source,
			     const void *payload, size_t len)
{
	uint32_t hdr = plat_notif_hdr(protocol, event);
	struct plat_event *ev;

	if (!plat->p2a)
		return -EOPNOTSUPP;
	if (len > plat->max_payload || (len && !payload))
		return -EMSGSIZE;
	ev = notif_find(plat, hdr, source);
	if (ev) {
		fill(ev, hdr, source, payload, len);
		plat->stats.notif_coalesced++;
		return 1;
	}
	ev = fifo_push(&plat->notifs);
	if (!ev) {
		plat->stats.notif_dropped++;
		return -ENOSPC;
	}
	ready_add(plat, 1);
	fill(ev, hdr, source, payload, len);
	notif_index(plat, ev);
	plat->stats.notif_queued++;
	return 0;
}

void scmi_vio__plat_notify_words(struct scmi_vio_platform *plat, uint8_t proto,
				 uint8_t event, uint32_t source,
				 const uint32_t *w, unsigned int n)
{
	uint8_t p[32];
	unsigned int i;

	sv_put_le32(p, plat->agent_id);
	for (i = 0; i < n && i < 7; i++)
		sv_put_le32(p + 4 + 4 * i, w[i]);
	/* A full outbox drops it; counted in scmi_vio_platform_notify(). */
	(void)scmi_vio_platform_notify(plat, proto, event, source, p,
				       4 + 4 * (size_t)i);
}

int32_t scmi_vio__plat_delayed_words(struct scmi_vio_platform *plat,
				     const struct scmi_vio_plat_msg *m,
				     unsigned int max_async, const uint32_t *w,
				     unsigned int n)
{
	unsigned int proto = m->hdr >> SCMI_VIO_HDR_PROTO_SHIFT &
			     SCMI_VIO_HDR_PROTO_MASK,
		     i;
	uint8_t d[32];

	if (plat->async_pending[proto] >= max_async)
		return SCMI_VIO_BUSY;
	sv_put_le32(d, (uint32_t)SCMI_VIO_SUCCESS);
	for (i = 0; i < n && i < 7; i++)
		sv_put_le32(d + 4 + 4 * i, w[i]);
	if (scmi_vio_platform_delayed(plat, m, d, 4 + 4 * (size_t)i))
		return SCMI_VIO_BUSY;
	return SCMI_VIO_SUCCESS;
}

void scmi_vio__outbox_inject_storm(struct scmi_vio_platform *plat,
				   unsigned int n)
{
	uint8_t p[16];
	unsigned int i;

	/*
	 * Base ERROR_EVENT {agent, status: one report, the report: the
	 * storm's sequence number}: well-formed, and a subscriber can tell
	 * the order and the gaps of what reached it.
	 */
	sv_put_le32(p, plat->agent_id);
	sv_put_le32(p + 4, 1);
	pthread_mutex_lock(&plat->lock);
	for (i = 0; i < n; i++) {
		sv_put_le64(p + 8, plat->storm_source);
		(void)scmi_vio_platform_notify(plat, SCMI_VIO_PROTO_BASE,
					       SCMI_VIO_BASE_ERROR_EVENT,
					       plat->storm_source++, p,
					       sizeof(p));
	}
	pthread_mutex_unlock(&plat->lock);
}

/*
 * Move the oldest ready delayed response to the head of its FIFO (the
 * slots before it, held, keep their order); false if none is ready.
 */
static bool dresp_ready_to_head(struct plat_fifo *f)
{
	struct plat_event tmp;
	unsigned int i, j;

	for (i = 0; i < f->count && fifo_at(f, i)->state != DRESP_READY; i++)
		;
	if (i == f->count)
		return false;
	for (j = i; j > 0; j--) {
		tmp = *fifo_at(f, j);
		*fifo_at(f, j) = *fifo_at(f, j - 1);
		*fifo_at(f, j - 1) = tmp;
	}
	return true;
}

int scmi_vio_platform_event_pop(struct scmi_vio_platform *plat, void *buf,
				size_t cap)
{
	struct plat_fifo *f;
	struct plat_event *ev;
	int len;

	pthread_mutex_lock(&plat->lock);
	f = dresp_ready_to_head(&plat->delayed) ? &plat->delayed :
						  &plat->notifs;
	if (!f->count) {
		pthread_mutex_unlock(&plat->lock);
		return 0;
	}
	ev = fifo_at(f, 0);
	if (!buf || cap < 4 + (size_t)ev->len) {
		pthread_mutex_unlock(&plat->lock);
		return -EMSGSIZE;
	}
	sv_put_le32(buf, ev->hdr);
	memcpy((uint8_t *)buf + 4, ev->payload, ev->len);
	len = (int)(4 + ev->len);
	f->head = (f->head + 1) % f->cap;
	f->count--;
	ready_add(plat, -1);
	if (f == &plat->delayed) {
		plat->async_pending[ev->hdr >> SCMI_VIO_HDR_PROTO_SHIFT &
				    SCMI_VIO_HDR_PROTO_MASK]--;
		plat->stats.delayed_sent++;
	} else {
		notif_unindex(plat, ev);
		plat->stats.notif_sent++;
	}
	pthread_mutex_unlock(&plat->lock);
	return len;
}

unsigned int scmi_vio_platform_events_pending(struct scmi_vio_platform *plat)
{
	unsigned int n;

	pthread_mutex_lock(&plat->lock);
	n = plat->n_events;
	pthread_mutex_unlock(&plat->lock);
	return n;
}

unsigned int scmi_vio__outbox_hint(const struct scmi_vio_platform *plat)
{
	return sv_read_once(&plat->n_events);
}

size_t scmi_vio_platform_event_max(const struct scmi_vio_platform *plat)
{
	return 4 + plat->max_payload;
}
