// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform's outbox: platform-to-agent messages produced by handlers and
 * waiting for an eventq buffer (docs/protocol.md section 2).
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
 * one; n_ready counts only messages that may be sent, so the device never
 * takes an eventq buffer for a held one.
 *
 * Several agents share the FIFOs: each message says which agent's device
 * may send it (a delayed response: the caller's; a notification: each
 * agent that subscribed, agents.c), n_ready counts per agent, and a device
 * takes the oldest message of its own agent, moving it to the head past
 * the others (which keep their order).  With one agent that is always the
 * head.
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
	plat->n_ready = calloc(plat->n_agents + 1, sizeof(*plat->n_ready));
	if (!slots || !plat->event_mem || !plat->notif_bucket ||
	    !plat->n_ready) {
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
	free(plat->n_ready);
	plat->n_ready = NULL;
	plat->delayed.slot = NULL;
	plat->event_mem = NULL;
	plat->notif_bucket = NULL;
}

/* The bucket of a notification's coalescing key (its agent's too). */
static uint32_t *__bucket_of(struct scmi_vio_platform *plat, uint32_t agent,
			     uint32_t hdr, uint32_t source)
{
	uint32_t h = hdr * 0x9e3779b1u ^ source * 0x85ebca77u ^
		     agent * 0xc2b2ae35u;

	h ^= h >> 16;
	return &plat->notif_bucket[h & plat->notif_mask];
}

/* The queued notification with this key, or NULL. */
static struct plat_event *__notif_find(struct scmi_vio_platform *plat,
				       uint32_t agent, uint32_t hdr,
				       uint32_t source)
{
	uint32_t i = *__bucket_of(plat, agent, hdr, source);
	struct plat_event *ev;

	for (; i != NO_SLOT; i = ev->hnext) {
		ev = &plat->notifs.slot[i];
		if (ev->hdr == hdr && ev->source == source &&
		    ev->agent == agent)
			return ev;
	}
	return NULL;
}

static void __notif_index(struct scmi_vio_platform *plat, struct plat_event *ev)
{
	uint32_t *b = __bucket_of(plat, ev->agent, ev->hdr, ev->source);

	ev->hnext = *b;
	*b = (uint32_t)(ev - plat->notifs.slot);
}

static void __notif_unindex(struct scmi_vio_platform *plat,
			    const struct plat_event *ev)
{
	uint32_t *link = __bucket_of(plat, ev->agent, ev->hdr, ev->source);
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

/* One more message of @agent may be sent (its device's lock-free hint). */
static void __ready_add(struct scmi_vio_platform *plat, uint32_t agent, int n)
{
	sv_write_once(&plat->n_ready[agent], plat->n_ready[agent] + n);
}

static void fill(struct plat_event *ev, uint32_t agent, uint32_t hdr,
		 uint32_t source, const void *payload, size_t len)
{
	ev->agent = agent;
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

/* Queue a delayed response to @agent; plat->lock held. */
static int __queue_delayed(struct scmi_vio_platform *plat, uint32_t agent,
			   uint32_t cmd_hdr, const void *payload, size_t len)
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
	fill(ev, agent, hdr, 0, payload, len);
	ev->state = plat->holding ? DRESP_HELD : DRESP_READY;
	if (plat->holding)
		plat->held_now = true;
	else
		__ready_add(plat, agent, 1);
	plat->async_pending[hdr >> SCMI_VIO_HDR_PROTO_SHIFT &
			    SCMI_VIO_HDR_PROTO_MASK]++;
	plat->stats.delayed_queued++;
	return 0;
}

int scmi_vio_platform_delayed(struct scmi_vio_platform *plat,
			      const struct scmi_vio_plat_msg *msg,
			      const void *payload, size_t len)
{
	return __queue_delayed(plat, plat->cur_agent, msg->hdr, payload, len);
}

int scmi_vio__outbox_inject_delayed(struct scmi_vio_platform *plat,
				    uint32_t agent, uint32_t hdr,
				    const void *payload, size_t len)
{
	int ret;

	pthread_mutex_lock(&plat->lock);
	ret = __queue_delayed(plat, agent, hdr, payload, len);
	pthread_mutex_unlock(&plat->lock);
	return ret;
}

bool scmi_vio__outbox_has_delayed(struct scmi_vio_platform *plat,
				  uint32_t agent, uint32_t hdr)
{
	uint32_t want = delayed_hdr(hdr);
	const struct plat_event *ev;
	bool found = false;
	unsigned int i;

	pthread_mutex_lock(&plat->lock);
	for (i = 0; i < plat->delayed.count && !found; i++) {
		ev = fifo_at(&plat->delayed, i);
		found = ev->hdr == want && ev->agent == agent;
	}
	pthread_mutex_unlock(&plat->lock);
	return found;
}

/* The first queued delayed response of @agent's command @hdr in @state,
 * or NULL. */
static struct plat_event *__dresp_find(struct scmi_vio_platform *plat,
				       uint32_t agent, uint32_t hdr,
				       enum plat_dresp_state state)
{
	uint32_t want = delayed_hdr(hdr);
	struct plat_event *ev;
	unsigned int i;

	for (i = 0; i < plat->delayed.count; i++) {
		ev = fifo_at(&plat->delayed, i);
		if (ev->hdr == want && ev->state == state && ev->agent == agent)
			return ev;
	}
	return NULL;
}

void scmi_vio__outbox_replied(struct scmi_vio_platform *plat, uint32_t agent,
			      uint32_t hdr, uint64_t tag)
{
	struct plat_event *ev;

	pthread_mutex_lock(&plat->lock);
	ev = __dresp_find(plat, agent, hdr, DRESP_HELD);
	if (ev) {
		ev->state = DRESP_REPLIED;
		ev->tag = tag;
	}
	pthread_mutex_unlock(&plat->lock);
}

void scmi_vio__outbox_publish(struct scmi_vio_platform *plat, uint32_t agent,
			      uint64_t tag)
{
	struct plat_event *ev;
	unsigned int i;

	pthread_mutex_lock(&plat->lock);
	for (i = 0; i < plat->delayed.count; i++) {
		ev = fifo_at(&plat->delayed, i);
		if (ev->state == DRESP_REPLIED && ev->tag == tag &&
		    ev->agent == agent) {
			ev->state = DRESP_READY;
			__ready_add(plat, agent, 1);
		}
	}
	pthread_mutex_unlock(&plat->lock);
}

void scmi_vio__outbox_release(struct scmi_vio_platform *plat, uint32_t agent,
			      uint32_t hdr)
{
	struct plat_event *ev;

	pthread_mutex_lock(&plat->lock);
	ev = __dresp_find(plat, agent, hdr, DRESP_HELD);
	if (ev) {
		ev->state = DRESP_READY;
		__ready_add(plat, agent, 1);
	}
	pthread_mutex_unlock(&plat->lock);
}

/* Queue one notification to @agent, coalesced or dropped as the FIFO says. */
static int __notify_one(struct scmi_vio_platform *plat, uint32_t agent,
			uint32_t hdr, uint32_t source, const void *payload,
			size_t len)
{
	struct plat_event *ev = __notif_find(plat, agent, hdr, source);

	if (ev) {
		fill(ev, agent, hdr, source, payload, len);
		plat->stats.notif_coalesced++;
		return 1;
	}
	ev = fifo_push(&plat->notifs);
	if (!ev) {
		plat->stats.notif_dropped++;
		return -ENOSPC;
	}
	__ready_add(plat, agent, 1);
	scmi_vio__agent_wake_due(plat, agent);
	fill(ev, agent, hdr, source, payload, len);
	__notif_index(plat, ev);
	plat->stats.notif_queued++;
	return 0;
}

int __scmi_vio__plat_notify_since(struct scmi_vio_platform *plat,
				  uint8_t protocol, uint8_t event,
				  uint32_t source, const void *payload,
				  size_t len, uint32_t since, size_t short_len)
{
	uint32_t hdr = plat_notif_hdr(protocol, event), agent = 0;
	size_t n;
	int r, ret = 0;

	if (!plat->p2a)
		return -EOPNOTSUPP;
	if (len > plat->max_payload || (len && !payload))
		return -EMSGSIZE;
	/* Each subscriber gets its own copy; a drop outweighs a merge. */
	while ((agent = scmi_vio__notify_next(plat, protocol, event, source,
					      agent))) {
		n = since && scmi_vio__plat_agent_version(plat, agent,
							  protocol) < since ?
			    short_len :
			    len;
		r = __notify_one(plat, agent, hdr, source, payload, n);
		if (r < 0 || (r > 0 && !ret))
			ret = r;
	}
	return ret;
}

int scmi_vio_platform_notify(struct scmi_vio_platform *plat, uint8_t protocol,
			     uint8_t event, uint32_t source,
			     const void *payload, size_t len)
{
	return __scmi_vio__plat_notify_since(plat, protocol, event, source,
					     payload, len, 0, len);
}

void __scmi_vio__plat_notify_words(struct scmi_vio_platform *plat,
				   uint8_t proto, uint8_t event,
				   uint32_t source, const uint32_t *w,
				   unsigned int n)
{
	uint8_t p[32];
	unsigned int i;

	/* The agent whose command caused it (the platform's own otherwise). */
	sv_put_le32(p, plat->cur_agent);
	for (i = 0; i < n && i < 7; i++)
		sv_put_le32(p + 4 + 4 * i, w[i]);
	/* A full outbox drops it; counted in scmi_vio_platform_notify(). */
	(void)scmi_vio_platform_notify(plat, proto, event, source, p,
				       4 + 4 * (size_t)i);
}

int32_t __scmi_vio__plat_delayed_words(struct scmi_vio_platform *plat,
				       const struct scmi_vio_plat_msg *m,
				       unsigned int max_async,
				       const uint32_t *w, unsigned int n)
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
				   uint32_t agent, unsigned int n)
{
	uint8_t p[16];
	unsigned int i;

	/*
	 * Base ERROR_EVENT {agent, status: one report, the report: the
	 * storm's sequence number}: well-formed, and a subscriber can tell
	 * the order and the gaps of what reached it.
	 */
	uint32_t hdr =
		plat_notif_hdr(SCMI_VIO_PROTO_BASE, SCMI_VIO_BASE_ERROR_EVENT);

	sv_put_le32(p, agent);
	sv_put_le32(p + 4, 1);
	pthread_mutex_lock(&plat->lock);
	/* To the agent whose device the fault plan is on, and only it. */
	for (i = 0; i < n && plat->p2a; i++) {
		sv_put_le64(p + 8, plat->storm_source);
		(void)__notify_one(plat, agent, hdr, plat->storm_source++, p,
				   sizeof(p));
	}
	pthread_mutex_unlock(&plat->lock);
}

/* Move slot @i of @f to the head; the slots before it keep their order. */
static void fifo_to_head(struct plat_fifo *f, unsigned int i)
{
	struct plat_event tmp;

	for (; i > 0; i--) {
		tmp = *fifo_at(f, i);
		*fifo_at(f, i) = *fifo_at(f, i - 1);
		*fifo_at(f, i - 1) = tmp;
	}
}

/*
 * Move @agent's oldest ready delayed response to the head of its FIFO;
 * false if it has none ready.
 */
static bool dresp_ready_to_head(struct plat_fifo *f, uint32_t agent)
{
	const struct plat_event *ev;
	unsigned int i;

	for (i = 0; i < f->count; i++) {
		ev = fifo_at(f, i);
		if (ev->state == DRESP_READY && ev->agent == agent)
			break;
	}
	if (i == f->count)
		return false;
	fifo_to_head(f, i);
	return true;
}

/*
 * Move @agent's oldest notification to the head of its FIFO; false if it
 * has none.  The slots moved are indexed again (the index names slots).
 */
static bool __notif_to_head(struct scmi_vio_platform *plat, uint32_t agent)
{
	struct plat_fifo *f = &plat->notifs;
	unsigned int i, j;

	for (i = 0; i < f->count && fifo_at(f, i)->agent != agent; i++)
		;
	if (i == f->count)
		return false;
	if (!i)
		return true;
	for (j = 0; j <= i; j++)
		__notif_unindex(plat, fifo_at(f, j));
	fifo_to_head(f, i);
	for (j = 0; j <= i; j++)
		__notif_index(plat, fifo_at(f, j));
	return true;
}

int scmi_vio__outbox_pop(struct scmi_vio_platform *plat, uint32_t agent,
			 void *buf, size_t cap)
{
	struct plat_fifo *f;
	struct plat_event *ev;
	int len;

	pthread_mutex_lock(&plat->lock);
	if (dresp_ready_to_head(&plat->delayed, agent))
		f = &plat->delayed;
	else if (__notif_to_head(plat, agent))
		f = &plat->notifs;
	else
		f = NULL;
	if (!f) {
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
	__ready_add(plat, agent, -1);
	if (f == &plat->delayed) {
		plat->async_pending[ev->hdr >> SCMI_VIO_HDR_PROTO_SHIFT &
				    SCMI_VIO_HDR_PROTO_MASK]--;
		plat->stats.delayed_sent++;
	} else {
		__notif_unindex(plat, ev);
		plat->stats.notif_sent++;
	}
	pthread_mutex_unlock(&plat->lock);
	return len;
}

int scmi_vio_platform_event_pop(struct scmi_vio_platform *plat, void *buf,
				size_t cap)
{
	return scmi_vio__outbox_pop(plat, plat->agent_id, buf, cap);
}

unsigned int scmi_vio__outbox_pending(struct scmi_vio_platform *plat,
				      uint32_t agent)
{
	unsigned int n;

	pthread_mutex_lock(&plat->lock);
	n = plat->n_ready[agent];
	pthread_mutex_unlock(&plat->lock);
	return n;
}

unsigned int scmi_vio_platform_events_pending(struct scmi_vio_platform *plat)
{
	return scmi_vio__outbox_pending(plat, plat->agent_id);
}

unsigned int scmi_vio__outbox_hint(const struct scmi_vio_platform *plat,
				   uint32_t agent)
{
	return sv_read_once(&plat->n_ready[agent]);
}

size_t scmi_vio_platform_event_max(const struct scmi_vio_platform *plat)
{
	return 4 + plat->max_payload;
}
