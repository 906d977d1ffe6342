/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Notification core, private: registered protocols, their queues and
 * dispatchers (notify_queue.c) and subscriptions (notify_subs.c).
 *
 * Readers and writers:
 *  - n->protos[] entries are published once, with a release store after
 *    the protocol is fully built, and read with acquire by the receive path
 *    (any thread, not RCU-registered) and by subscribe; they live until the
 *    agent is destroyed.
 *  - Each event's subscription list is an RCU list: writers hold
 *    n->subs_lock and publish links with release stores; the protocol's
 *    dispatcher (an RCU-registered thread) walks it under rcu_read_lock()
 *    with acquire loads, no lock.  Unlinked subscriptions are handed to that
 *    dispatcher, which frees them with call_rcu().
 *  - Enabling at the platform (S-19): each (event, source) has a count of
 *    the subscriptions covering it and the state the platform was last
 *    told.  Whoever finds them disagreeing marks the source busy and sends
 *    the enable or disable command with n->subs_lock dropped; others that
 *    need the same source wait on n->src_cond for that one command, nobody
 *    waits for a command under the lock, and the platform still sees each
 *    source's commands in refcount order.
 */
#ifndef SCMI_VIO_LIB_SCMI_NOTIFY_H
#define SCMI_VIO_LIB_SCMI_NOTIFY_H

#include <urcu/urcu-memb.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "scmi/agent.h"

struct scmi_vio_notify_sub {
	struct rcu_head rcu; /* first: sub_free_rcu() casts back */
	struct scmi_vio_notify_sub *next; /* ATOMIC: RCU list link */
	struct scmi_vio_notify_sub *side; /* pending or retired list */
	uint8_t protocol;
	uint8_t event;
	uint32_t src;
	scmi_vio_notify_cb cb;
	void *arg;
	struct sv_proto *proto; /* set when bound, under subs_lock */
	/* Being bound by registration with subs_lock dropped (under
	 * subs_lock): unsubscribe waits on src_cond until it is not. */
	bool binding;
	unsigned int dead; /* ATOMIC: unsubscribed */
	unsigned int reclaim; /* ATOMIC: handed to call_rcu */
	struct sv_notify *owner; /* counts this free in rcu_frees */
};

/* One (event, source) at the platform; under n->subs_lock. */
struct sv_src {
	uint32_t cnt; /* subscriptions covering it */
	bool on; /* enabled, as far as the platform was last told */
	bool busy; /* its enable or disable command is in flight */
};

struct sv_slot {
	uint8_t evt;
	size_t len;
	uint64_t ts;
	uint8_t *payload;
};

struct sv_proto {
	struct scmi_vio_agent *a;
	struct scmi_vio_notify_proto_desc desc; /* events points to evs */
	struct scmi_vio_notify_event_desc *evs;
	int16_t ev_index[256]; /* event id -> index, -1: none */
	size_t slot_size;

	/* Per event index: the RCU list head (ATOMIC). */
	struct scmi_vio_notify_sub **ev_subs;
	/* [event index * num_sources + src]; under n->subs_lock. */
	struct sv_src *srcs;

	/*
	 * Protects head/count, retired, stop and sleeping; qcond signals
	 * them to the dispatcher while it sleeps.  Slot contents: the
	 * receive path writes the slots past head + count, the dispatcher
	 * reads the ones it took, until its next lock round.
	 */
	pthread_mutex_t qlock;
	pthread_cond_t qcond;
	struct sv_slot *slots;
	uint8_t *slot_mem;
	unsigned int depth, head, count;
	bool stop;
	bool sleeping; /* the dispatcher waits on qcond */
	struct scmi_vio_notify_sub *retired;
	pthread_t thread;

	/* The subscription whose callback the dispatcher is running
	 * (ATOMIC); idle_cond (under idle_lock) signals that it changed
	 * when idle_waiters (ATOMIC, written under idle_lock) is not 0. */
	struct scmi_vio_notify_sub *cur;
	unsigned int idle_waiters;
	pthread_mutex_t idle_lock;
	pthread_cond_t idle_cond;
};

struct sv_notify {
	struct sv_proto *protos[256]; /* ATOMIC: published once */
	/*
	 * Protects registration, every subscription list's writers, the
	 * sources' counts and states, the binding flags and the pending
	 * list.  Never held across a command: src_cond signals that a
	 * source's command or a registration's binding ended.
	 */
	pthread_mutex_t subs_lock;
	pthread_cond_t src_cond;
	struct scmi_vio_notify_sub *pending;
	/*
	 * Subscriptions handed to call_rcu() and not yet freed (ATOMIC).
	 * Destroy waits for 0 instead of calling rcu_barrier(), whose
	 * internal allocation is freed by urcu's uninstrumented worker
	 * (a ThreadSanitizer false positive), and which waits for every
	 * callback in the process rather than ours.
	 */
	unsigned long rcu_frees;
};

/* notify_subs.c; subs_lock held, dropped while commands are sent. */
int __scmi_vio__sub_bind(struct sv_proto *p, struct scmi_vio_notify_sub *s);
void __scmi_vio__notify_bind_pending(struct sv_notify *n, struct sv_proto *p);
void scmi_vio__sub_free_all(struct sv_notify *n, struct sv_proto *p);
/* notify_queue.c */
void scmi_vio__proto_retire(struct sv_proto *p, struct scmi_vio_notify_sub *s);
/* Return once no callback of @s runs on @p's dispatcher (not from it). */
void scmi_vio__proto_wait_idle(struct sv_proto *p,
			       const struct scmi_vio_notify_sub *s);
bool scmi_vio__on_dispatcher_of(const struct sv_proto *p);

#endif /* SCMI_VIO_LIB_SCMI_NOTIFY_H */
