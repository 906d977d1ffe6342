// SPDX-License-Identifier: BSD-3-Clause
/*
 * Subscriptions (docs/architecture.md section 5, docs/linux-notes.md A6): keyed
 * by (protocol, event, source or all), enable at the platform on the first
 * subscriber of each (event, source) and disable on the last, pending until
 * their protocol registers.  Writers hold n->subs_lock; the dispatcher
 * reads the lists under RCU (see notify.h).
 *
 * S-19: the number of sources comes from the platform, so the work it
 * drives is bounded: at most SCMI_VIO_NOTIFY_MAX_SOURCES per protocol
 * (registration refuses more), no command is sent with subs_lock held
 * (src_settle()), and a walk over every source stops at the first command
 * the transport fails or that times out, and once it has run longer than
 * one reply timeout (at least WALK_MIN_MS): so an all-sources subscribe or
 * unsubscribe takes at most about two reply timeouts (or WALK_MIN_MS and
 * one reply timeout), whatever the platform does.
 */
#include <errno.h>
#include <stdlib.h>

#include "common/atomics.h"
#include "scmi/notify.h"

static struct sv_src *src_of(struct sv_proto *p, int ei, uint32_t src)
{
	return &p->srcs[(size_t)ei * p->desc.num_sources + src];
}

static int set_enabled(struct sv_proto *p, uint8_t evt, uint32_t src, bool on)
{
	if (!p->desc.set_enabled)
		return 0;
	return p->desc.set_enabled(p->a, p->desc.ctx, evt, src, on);
}

/*
 * Caller holds subs_lock.  Tell the platform what @ps's count says
 * (enabled while it is not 0), one command at a time per source, sent with
 * subs_lock dropped; a caller that finds the source busy waits for that
 * one command and looks again.  Returns 0, or the error of a command this
 * call sent.  A failed command leaves the source off as far as we know
 * (after a failed disable the platform's state is unknown: the next
 * subscriber enables it again).
 */
static int __src_settle(struct sv_proto *p, uint8_t evt, uint32_t src,
			struct sv_src *ps)
{
	struct sv_notify *n = p->a->notify;
	bool want;
	int ret;

	for (;;) {
		while (ps->busy)
			pthread_cond_wait(&n->src_cond, &n->subs_lock);
		want = ps->cnt > 0;
		if (want == ps->on)
			return 0;
		ps->busy = true;
		pthread_mutex_unlock(&n->subs_lock);
		ret = set_enabled(p, evt, src, want);
		pthread_mutex_lock(&n->subs_lock);
		ps->busy = false;
		ps->on = want && !ret;
		pthread_cond_broadcast(&n->src_cond);
		if (ret)
			return ret;
	}
}

/* The platform answered and declined: another source may still work. */
static bool refused(int err)
{
	return err == -EOPNOTSUPP || err == -EDOM || err == -EACCES ||
	       err == -ENOENT || err == -ERANGE;
}

/*
 * The least time a walk over several sources is given, whatever the reply
 * timeout: with the tiny timeouts harnesses use (1 ms), a scheduler stall
 * on a loaded machine would otherwise cut short a walk whose every command
 * was answered at once.
 */
#define WALK_MIN_MS 250u

/* A walk over several sources that began at @t0 has run out (S-19). */
static bool walk_expired(const struct sv_proto *p, uint64_t t0)
{
	unsigned int ms = scmi_vio__tmo(p->a->reply_timeout_ms, 0);

	if (ms == SCMI_VIO_WAIT_FOREVER)
		return false;
	if (ms < WALK_MIN_MS)
		ms = WALK_MIN_MS;
	return scmi_vio__now_ns() - t0 >= (uint64_t)ms * 1000000u;
}

/*
 * Caller holds subs_lock (dropped while commands are sent).  Drop one
 * reference on sources [lo, hi), disabling each last one.  Once a disable
 * fails at the transport or times out, or a walk over several sources has
 * outlasted a reply timeout, the remaining counts drop without commands:
 * those sources stay enabled at the platform, whose notifications then
 * find no subscriber, until a later subscriber's last unsubscribe.
 */
static void __put_sources(struct sv_proto *p, int ei, uint8_t evt, uint32_t lo,
			  uint32_t hi)
{
	uint64_t t0 = scmi_vio__now_ns();
	bool quiet = false;
	struct sv_src *ps;
	uint32_t src;
	int ret;

	for (src = lo; src < hi; src++) {
		ps = src_of(p, ei, src);
		if (--ps->cnt || quiet)
			continue;
		ret = __src_settle(p, evt, src, ps);
		if ((ret && !refused(ret)) ||
		    (hi - lo > 1 && walk_expired(p, t0)))
			quiet = true;
	}
}

/*
 * Caller holds subs_lock (dropped while commands are sent).  Take one
 * reference on sources [lo, hi), enabling each first one.  For all
 * sources (lo..hi wider than one) a source the platform refuses is
 * tolerated as long as one succeeds (Linux does the same), and keeps its
 * reference (it is tried again by its next subscriber); a single source
 * must succeed.  A command that fails otherwise (timeout, transport), or a
 * walk that outlasts a reply timeout (-ETIMEDOUT), ends it: the references
 * taken are dropped without commands (sources enabled meanwhile stay so,
 * see __put_sources()).
 */
static int __get_sources(struct sv_proto *p, int ei, uint8_t evt, uint32_t lo,
			 uint32_t hi)
{
	uint64_t t0 = scmi_vio__now_ns();
	bool any = false, stop = false, all = hi - lo > 1;
	uint32_t src;
	int ret, err = 0;

	for (src = lo; src < hi && !stop; src++) {
		src_of(p, ei, src)->cnt++;
		ret = __src_settle(p, evt, src, src_of(p, ei, src));
		if (ret)
			err = ret;
		else
			any = true;
		stop = ret && (!all || !refused(ret));
		if (!stop && all && src + 1 < hi && walk_expired(p, t0)) {
			err = -ETIMEDOUT;
			stop = true;
		}
	}
	if (!stop && any)
		return 0;
	while (src-- > lo)
		src_of(p, ei, src)->cnt--;
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

/* Caller holds subs_lock (dropped while enable commands are sent). */
int __scmi_vio__sub_bind(struct sv_proto *p, struct scmi_vio_notify_sub *s)
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

/*
 * Caller holds subs_lock: bind what waited for @p; failures stay pending.
 * They leave the pending list first and are marked binding, because
 * binding drops the lock and an unsubscribe may come meanwhile: it waits
 * for them.
 */
void __scmi_vio__notify_bind_pending(struct sv_notify *n, struct sv_proto *p)
{
	struct scmi_vio_notify_sub **pp = &n->pending, *s, *todo = NULL;

	while ((s = *pp)) {
		if (s->protocol == p->desc.protocol) {
			*pp = s->side;
			s->side = todo;
			s->binding = true;
			todo = s;
		} else {
			pp = &s->side;
		}
	}
	while ((s = todo)) {
		todo = s->side;
		s->side = NULL;
		if (__scmi_vio__sub_bind(p, s)) {
			s->side = n->pending;
			n->pending = s;
		}
		s->binding = false;
		pthread_cond_broadcast(&n->src_cond);
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
		ret = __scmi_vio__sub_bind(p, s);
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
	while (s->binding)
		pthread_cond_wait(&n->src_cond, &n->subs_lock);
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
