// SPDX-License-Identifier: BSD-3-Clause
/*
 * Subscriptions (DESIGN.md section 5, LINUX_NOTES.md A6): keyed by
 * (protocol, event, source or all), enable at the platform on the first
 * subscriber of each (event, source) and disable on the last, pending until
 * their protocol registers.  Writers hold n->subs_lock; the dispatcher
 * reads the lists under RCU (see notify.h).
 */
#include <errno.h>
#include <stdlib.h>

#include "common/atomics.h"
#include "scmi/notify.h"

static uint32_t *cnt_of(struct sv_proto *p, int ei, uint32_t src)
{
	return &p->enable_cnt[(size_t)ei * p->desc.num_sources + src];
}

static int set_enabled(struct sv_proto *p, uint8_t evt, uint32_t src, bool on)
{
	if (!p->desc.set_enabled)
		return 0;
	return p->desc.set_enabled(p->a, p->desc.ctx, evt, src, on);
}

/* Caller holds subs_lock.  Drop one reference on sources [lo, hi). */
static void __put_sources(struct sv_proto *p, int ei, uint8_t evt, uint32_t lo,
			  uint32_t hi)
{
	uint32_t src;

	for (src = lo; src < hi; src++)
		if (--*cnt_of(p, ei, src) == 0)
			(void)set_enabled(p, evt, src, false);
}

/*
 * Caller holds subs_lock.  Take one reference on sources [lo, hi), enabling
 * each first one.  For all sources (lo..hi wider than one) a source the
 * platform refuses is tolerated as long as one succeeds (Linux does the
 * same); a single source must succeed.
 */
static int __get_sources(struct sv_proto *p, int ei, uint8_t evt, uint32_t lo,
			 uint32_t hi)
{
	int ret, err = 0;
	bool any = false;
	uint32_t src;

	for (src = lo; src < hi; src++) {
		ret = 0;
		if ((*cnt_of(p, ei, src))++ == 0)
			ret = set_enabled(p, evt, src, true);
		if (ret)
			err = ret;
		else
			any = true;
	}
	if (any && (hi - lo > 1 || !err))
		return 0;
	for (src = lo; src < hi; src++)
		--*cnt_of(p, ei, src);
	return err;
}

static void src_range(const struct sv_proto *p, uint32_t src, uint32_t *lo,
		      uint32_t *hi)
{
	if (src == SCMI_VIO_NOTIFY_ALL_SRC) {
		*lo = 0;
		*hi = p->desc.num_sources;
	} else {
		*lo = src;
		*hi = src + 1;
	}
}

/* Caller holds subs_lock. */
int scmi_vio__sub_bind(struct sv_proto *p, struct scmi_vio_notify_sub *s)
{
	int ei = p->ev_index[s->event];
	uint32_t lo, hi;
	int ret;

	if (ei < 0 || (s->src != SCMI_VIO_NOTIFY_ALL_SRC &&
		       s->src >= p->desc.num_sources))
		return -EINVAL;
	src_range(p, s->src, &lo, &hi);
	ret = __get_sources(p, ei, s->event, lo, hi);
	if (ret)
		return ret;
	s->proto = p;
	s->next = p->ev_subs[ei];
	/* @s is fully built before the dispatcher can reach it; pairs with
	 * the acquire loads in deliver(). */
	sv_store_release(&p->ev_subs[ei], s);
	return 0;
}

/* Caller holds subs_lock: bind what waited for @p; failures stay pending. */
void scmi_vio__notify_bind_pending(struct sv_notify *n, struct sv_proto *p)
{
	struct scmi_vio_notify_sub **pp = &n->pending, *s;

	while ((s = *pp)) {
		if (s->protocol == p->desc.protocol &&
		    !scmi_vio__sub_bind(p, s)) {
			*pp = s->side;
			s->side = NULL;
		} else {
			pp = &s->side;
		}
	}
}

int scmi_vio_notify_subscribe(struct scmi_vio_agent *a, uint8_t protocol,
			      uint8_t event, uint32_t src,
			      scmi_vio_notify_cb cb, void *arg,
			      struct scmi_vio_notify_sub **out)
{
	struct sv_notify *n = a ? a->notify : NULL;
	struct scmi_vio_notify_sub *s;
	struct sv_proto *p;
	int ret = 0;

	if (!n || !cb || !out)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->protocol = protocol;
	s->event = event;
	s->src = src;
	s->cb = cb;
	s->arg = arg;
	pthread_mutex_lock(&n->subs_lock);
	p = n->protos[protocol];
	if (p) {
		ret = scmi_vio__sub_bind(p, s);
	} else {
		s->side = n->pending;
		n->pending = s;
	}
	pthread_mutex_unlock(&n->subs_lock);
	if (ret) {
		free(s);
		return ret;
	}
	*out = s;
	return 0;
}

/* Caller holds subs_lock: unlink @s from its event list. */
static void __unlink(struct sv_proto *p, struct scmi_vio_notify_sub *s)
{
	struct scmi_vio_notify_sub **pp = &p->ev_subs[p->ev_index[s->event]];

	while (*pp && *pp != s)
		pp = &(*pp)->next;
	if (*pp)
		/* A dispatcher already past @s keeps walking from s->next,
		 * which stays valid until a grace period after @s is
		 * retired; pairs with the acquire loads in deliver(). */
		sv_store_release(pp, s->next);
}

void scmi_vio_notify_unsubscribe(struct scmi_vio_agent *a,
				 struct scmi_vio_notify_sub *s)
{
	struct sv_notify *n = a->notify;
	struct scmi_vio_notify_sub **pp;
	struct sv_proto *p;
	uint32_t lo, hi;

	if (!s)
		return;
	pthread_mutex_lock(&n->subs_lock);
	p = s->proto;
	if (!p) {
		for (pp = &n->pending; *pp && *pp != s; pp = &(*pp)->side)
			;
		if (*pp)
			*pp = s->side;
		pthread_mutex_unlock(&n->subs_lock);
		free(s);
		return;
	}
	__unlink(p, s);
	sv_write_once(&s->dead, 1);
	/* dead = 1 before reading p->cur; pairs with the fence in run_cb()
	 * (cur = s before reading dead). */
	sv_smp_mb();
	src_range(p, s->src, &lo, &hi);
	__put_sources(p, p->ev_index[s->event], s->event, lo, hi);
	pthread_mutex_unlock(&n->subs_lock);
	if (!scmi_vio__on_dispatcher_of(p)) {
		/* L-13: wait for a running callback of @s to return. */
		scmi_vio__proto_wait_idle(p, s);
	}
	scmi_vio__proto_retire(p, s);
}

/*
 * Destroy: free the subscriptions bound to @p (its dispatcher has exited),
 * or with @p NULL the pending ones.
 */
void scmi_vio__sub_free_all(struct sv_notify *n, struct sv_proto *p)
{
	struct scmi_vio_notify_sub *s, *next;
	unsigned int i;

	if (!p) {
		for (s = n->pending; s; s = next) {
			next = s->side;
			free(s);
		}
		n->pending = NULL;
		return;
	}
	for (i = 0; i < p->desc.n_events; i++) {
		for (s = p->ev_subs[i]; s; s = next) {
			next = s->next;
			free(s);
		}
	}
}
