// SPDX-License-Identifier: BSD-3-Clause
/*
 * Notification queues and dispatchers (docs/architecture.md section 5,
 * docs/linux-notes.md A6).  One bounded queue and one dispatcher thread per
 * registered protocol: the receive path copies into the queue under its short
 * lock and never waits for the consumer (full: drop and count, S-13); the
 * dispatcher delivers in arrival order (invariant 9); a slow subscriber of one
 * protocol stalls only that protocol's dispatcher.
 *
 * Hand-offs are batched: the dispatcher takes every queued event (up to
 * SV_NOTIFY_BATCH) in one lock round and delivers them from their slots,
 * which stay owned by it until its next lock round gives them back; the
 * receive path signals only a dispatcher that is asleep.  A storm therefore
 * costs a lock round per batch and a wake-up per idle period, not one of
 * each per event.
 *
 * Unsubscribe vs a running callback (L-13, invariant 10), a store-buffer
 * pair:
 *   dispatcher: cur = s;  full fence;  if (!s->dead) call s->cb
 *   unsubscribe: dead = 1; full fence;  wait while cur == s
 * At least one side sees the other's store, so either the dispatcher skips
 * the callback or the unsubscriber waits for it to end.  The wait's wake-up
 * is a second such pair, so the dispatcher takes idle_lock only when an
 * unsubscriber is waiting:
 *   dispatcher: cur = NULL;      full fence;  if (idle_waiters) broadcast
 *   unsubscribe: idle_waiters++; full fence;  sleep while cur == s
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/atomics.h"
#include "common/thread_name.h"
#include "scmi/notify.h"

/*
 * Events a dispatcher takes per lock round.  Bounded so a long batch does
 * not hold a large share of the slots away from the receive path.
 */
#define SV_NOTIFY_BATCH 64u

/* The protocol whose dispatcher runs on this thread, if any. */
static _Thread_local const struct sv_proto *sv_cur_proto;

bool scmi_vio__on_dispatcher_of(const struct sv_proto *p)
{
	return sv_cur_proto == p;
}

static struct sv_proto *proto_get(struct scmi_vio_agent *a, uint8_t proto)
{
	/* Pairs with the release in scmi_vio_notify_register_protocol():
	 * the protocol is fully built before it is seen here. */
	return sv_load_acquire(&a->notify->protos[proto]);
}

size_t scmi_vio__notify_max_payload(struct scmi_vio_agent *a, uint8_t proto,
				    uint8_t evt)
{
	struct sv_proto *p = proto_get(a, proto);

	if (!p || p->ev_index[evt] < 0)
		return 0;
	return p->evs[p->ev_index[evt]].max_payload;
}

void scmi_vio__notify_rx(struct scmi_vio_agent *a, struct scmi_vio_xfer *x,
			 uint64_t ts_ns)
{
	struct scmi_vio_hdr h;
	struct sv_proto *p;
	struct sv_slot *slot;
	int ei;

	scmi_vio_hdr_unpack(x->notif_hdr, &h);
	p = proto_get(a, h.protocol);
	ei = p ? p->ev_index[h.id] : -1;
	if (ei < 0) {
		sv_count(a, unknown_event); /* S-14 */
		return;
	}
	if (x->notif_claimed > p->evs[ei].max_payload ||
	    x->notif_claimed > x->resp.len) {
		sv_count(a, truncated); /* S-11: discarded */
		return;
	}
	pthread_mutex_lock(&p->qlock);
	if (p->count == p->depth) {
		pthread_mutex_unlock(&p->qlock);
		sv_count(a, queue_full); /* S-13 */
		return;
	}
	slot = &p->slots[(p->head + p->count) % p->depth];
	slot->evt = h.id;
	slot->len = x->resp.len;
	slot->ts = ts_ns;
	memcpy(slot->payload, x->resp.buf, x->resp.len);
	p->count++;
	/* A dispatcher that is awake re-checks count under qlock before it
	 * sleeps: only a sleeping one needs the wake-up. */
	if (p->sleeping)
		pthread_cond_signal(&p->qcond);
	pthread_mutex_unlock(&p->qlock);
	sv_count(a, notifications);
}

void scmi_vio__proto_retire(struct sv_proto *p, struct scmi_vio_notify_sub *s)
{
	pthread_mutex_lock(&p->qlock);
	s->side = p->retired;
	p->retired = s;
	if (p->sleeping)
		pthread_cond_signal(&p->qcond);
	pthread_mutex_unlock(&p->qlock);
}

static void sub_free_rcu(struct rcu_head *head)
{
	struct scmi_vio_notify_sub *s = (void *)head; /* rcu is first */
	struct sv_notify *n;

	/* Pairs with the release in reclaim(): the dispatcher's last reads
	 * of @s (and its write of owner) happen before this. */
	(void)sv_load_acquire(&s->reclaim);
	n = s->owner;
	free(s);
	/* Last access to @n: destroy frees it once this reaches 0. */
	sv_fetch_sub(&n->rcu_frees, 1);
}

static void reclaim(struct sv_proto *p, struct scmi_vio_notify_sub *list)
{
	struct scmi_vio_notify_sub *s, *next;

	for (s = list; s; s = next) {
		next = s->side;
		s->owner = p->a->notify;
		/* Counted before call_rcu() can run the free that uncounts
		 * it, so destroy's wait for zero (its acquire) covers it. */
		sv_fetch_add(&s->owner->rcu_frees, 1);
		/* Our reads of @s are done; pairs with sub_free_rcu(). */
		sv_store_release(&s->reclaim, 1);
		urcu_memb_call_rcu(&s->rcu, sub_free_rcu);
	}
}

static void run_cb(struct sv_proto *p, struct scmi_vio_notify_sub *s,
		   const struct scmi_vio_notify_report *r)
{
	sv_write_once(&p->cur, s);
	/* cur = s before reading dead; pairs with the fence in
	 * scmi_vio_notify_unsubscribe() (dead = 1 before reading cur). */
	sv_smp_mb();
	if (!sv_read_once(&s->dead))
		s->cb(r, s->arg);
	sv_write_once(&p->cur, NULL);
	/* cur = NULL before reading idle_waiters; pairs with the fence in
	 * scmi_vio__proto_wait_idle() (idle_waiters++ before reading cur). */
	sv_smp_mb();
	if (sv_read_once(&p->idle_waiters)) {
		pthread_mutex_lock(&p->idle_lock);
		pthread_cond_broadcast(&p->idle_cond);
		pthread_mutex_unlock(&p->idle_lock);
	}
}

void scmi_vio__proto_wait_idle(struct sv_proto *p,
			       const struct scmi_vio_notify_sub *s)
{
	pthread_mutex_lock(&p->idle_lock);
	sv_write_once(&p->idle_waiters, p->idle_waiters + 1);
	/* idle_waiters++ before reading cur; pairs with the fence in
	 * run_cb() (cur = NULL before reading idle_waiters). */
	sv_smp_mb();
	while (sv_read_once(&p->cur) == s)
		pthread_cond_wait(&p->idle_cond, &p->idle_lock);
	sv_write_once(&p->idle_waiters, p->idle_waiters - 1);
	pthread_mutex_unlock(&p->idle_lock);
}

/* Deliver one queued event; its slot is the dispatcher's until given back. */
static void deliver(struct sv_proto *p, const struct sv_slot *slot)
{
	struct scmi_vio_notify_report r;
	struct scmi_vio_notify_sub *s;
	int ei = p->ev_index[slot->evt];

	memset(&r, 0, sizeof(r));
	r.protocol = p->desc.protocol;
	r.event = slot->evt;
	r.timestamp_ns = slot->ts;
	r.payload = slot->payload;
	r.payload_len = slot->len;
	if (p->desc.parse && p->desc.parse(p->desc.ctx, slot->evt,
					   slot->payload, slot->len, &r) < 0) {
		sv_count(p->a, invalid); /* S-12 in a notification */
		return;
	}
	urcu_memb_read_lock();
	/* Acquire loads of the links pair with the release stores of
	 * __scmi_vio__sub_bind() and unsubscribe: a subscription is fully
	 * built before it is reachable. */
	for (s = sv_load_acquire(&p->ev_subs[ei]); s;
	     s = sv_load_acquire(&s->next)) {
		if (s->src == SCMI_VIO_NOTIFY_ALL_SRC || s->src == r.src)
			run_cb(p, s, &r);
	}
	urcu_memb_read_unlock();
}

static void *dispatcher(void *arg)
{
	struct sv_proto *p = arg;
	struct scmi_vio_notify_sub *retired;
	unsigned int head, n = 0, i;
	char name[16];
	bool stop;

	snprintf(name, sizeof(name), "scmi-vio-ntf%02x", p->desc.protocol);
	sv_thread_name(name);
	urcu_memb_register_thread();
	sv_cur_proto = p;
	do {
		pthread_mutex_lock(&p->qlock);
		/* Give back the slots delivered in the previous round. */
		p->head = (p->head + n) % p->depth;
		p->count -= n;
		while (!p->count && !p->retired && !p->stop) {
			p->sleeping = true;
			pthread_cond_wait(&p->qcond, &p->qlock);
			p->sleeping = false;
		}
		stop = p->stop;
		retired = p->retired;
		p->retired = NULL;
		head = p->head;
		n = stop ? 0 : p->count;
		if (n > SV_NOTIFY_BATCH)
			n = SV_NOTIFY_BATCH;
		pthread_mutex_unlock(&p->qlock);
		reclaim(p, retired);
		/* The receive path writes only slots past head + count, so
		 * these n stay as they are until the next lock round. */
		for (i = 0; i < n; i++)
			deliver(p, &p->slots[(head + i) % p->depth]);
	} while (!stop);
	urcu_memb_unregister_thread();
	return NULL;
}

static void proto_free(struct sv_proto *p)
{
	pthread_mutex_destroy(&p->qlock);
	pthread_cond_destroy(&p->qcond);
	pthread_mutex_destroy(&p->idle_lock);
	pthread_cond_destroy(&p->idle_cond);
	free(p->evs);
	free(p->ev_subs);
	free(p->srcs);
	free(p->slots);
	free(p->slot_mem);
	free(p);
}

static int desc_check(const struct scmi_vio_notify_proto_desc *d)
{
	unsigned int i, j;

	if (!d || !d->events || !d->n_events || d->n_events > 256 ||
	    !d->num_sources)
		return -EINVAL;
	if (d->num_sources > SCMI_VIO_NOTIFY_MAX_SOURCES)
		return -E2BIG; /* S-19 */
	for (i = 0; i < d->n_events; i++)
		for (j = 0; j < i; j++)
			if (d->events[i].id == d->events[j].id)
				return -EINVAL;
	return 0;
}

static struct sv_proto *proto_alloc(struct scmi_vio_agent *a,
				    const struct scmi_vio_notify_proto_desc *d)
{
	struct sv_proto *p = calloc(1, sizeof(*p));
	unsigned int i;

	if (!p)
		return NULL;
	p->a = a;
	p->desc = *d;
	p->depth = d->queue_depth ? d->queue_depth : a->notify_depth;
	for (i = 0; i < 256; i++)
		p->ev_index[i] = -1;
	for (i = 0; i < d->n_events; i++) {
		p->ev_index[d->events[i].id] = (int16_t)i;
		if (d->events[i].max_payload > p->slot_size)
			p->slot_size = d->events[i].max_payload;
	}
	if (p->slot_size > a->max_payload)
		p->slot_size = a->max_payload;
	pthread_mutex_init(&p->qlock, NULL);
	pthread_cond_init(&p->qcond, NULL);
	pthread_mutex_init(&p->idle_lock, NULL);
	pthread_cond_init(&p->idle_cond, NULL);
	p->evs = calloc(d->n_events, sizeof(*p->evs));
	p->ev_subs = calloc(d->n_events, sizeof(*p->ev_subs));
	p->srcs =
		calloc((size_t)d->n_events * d->num_sources, sizeof(*p->srcs));
	p->slots = calloc(p->depth, sizeof(*p->slots));
	p->slot_mem = calloc(p->depth, p->slot_size ? p->slot_size : 1);
	if (!p->evs || !p->ev_subs || !p->srcs || !p->slots || !p->slot_mem) {
		proto_free(p);
		return NULL;
	}
	memcpy(p->evs, d->events, d->n_events * sizeof(*p->evs));
	p->desc.events = p->evs;
	for (i = 0; i < p->depth; i++)
		p->slots[i].payload = p->slot_mem + (size_t)i * p->slot_size;
	return p;
}

int scmi_vio_notify_register_protocol(
	struct scmi_vio_agent *a, const struct scmi_vio_notify_proto_desc *desc)
{
	struct sv_notify *n = a ? a->notify : NULL;
	struct sv_proto *p;
	int ret;

	if (!n)
		return -EINVAL;
	ret = desc_check(desc);
	if (ret)
		return ret;
	p = proto_alloc(a, desc);
	if (!p)
		return -ENOMEM;
	pthread_mutex_lock(&n->subs_lock);
	if (n->protos[desc->protocol]) {
		pthread_mutex_unlock(&n->subs_lock);
		proto_free(p);
		return -EEXIST;
	}
	ret = pthread_create(&p->thread, NULL, dispatcher, p);
	if (ret) {
		pthread_mutex_unlock(&n->subs_lock);
		proto_free(p);
		return -EAGAIN;
	}
	/* Everything above is visible to whoever finds @p; pairs with the
	 * acquire in proto_get(). */
	sv_store_release(&n->protos[desc->protocol], p);
	__scmi_vio__notify_bind_pending(n, p);
	pthread_mutex_unlock(&n->subs_lock);
	return 0;
}

int scmi_vio__notify_init(struct scmi_vio_agent *a)
{
	a->notify = calloc(1, sizeof(*a->notify));
	if (!a->notify)
		return -ENOMEM;
	pthread_mutex_init(&a->notify->subs_lock, NULL);
	pthread_cond_init(&a->notify->src_cond, NULL);
	return 0;
}

void scmi_vio__notify_fini(struct scmi_vio_agent *a)
{
	struct sv_notify *n = a->notify;
	struct sv_proto *p;
	unsigned int i;

	for (i = 0; i < 256; i++) {
		p = n->protos[i];
		if (!p)
			continue;
		pthread_mutex_lock(&p->qlock);
		p->stop = true;
		if (p->sleeping)
			pthread_cond_signal(&p->qcond);
		pthread_mutex_unlock(&p->qlock);
		pthread_join(p->thread, NULL);
		scmi_vio__sub_free_all(n, p);
		proto_free(p);
	}
	scmi_vio__sub_free_all(n, NULL);
	/* Every subscription handed to call_rcu() is freed before @n is;
	 * pairs with the fetch_sub in sub_free_rcu().  A grace period is
	 * short (no reader of ours is left); poll for it. */
	while (sv_load_acquire(&n->rcu_frees))
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	pthread_mutex_destroy(&n->subs_lock);
	pthread_cond_destroy(&n->src_cond);
	free(n);
	a->notify = NULL;
}
