// SPDX-License-Identifier: BSD-3-Clause
/*
 * The virtio-scmi transport's message pool (invariant 7): where a send
 * takes its message and where every message returns exactly once.
 */
#include <scmi_vio/scmi_transport.h>

#include "common/atomics.h"
#include "virtio_scmi/vs_internal.h"

/*
 * The message pool is two lists.  ch->free, under ch->lock, is where a
 * send takes its message, in the section that adds it.  A message freed
 * elsewhere (mark_txdone, the completion path, the worker: no lock held)
 * is pushed on ch->returned, a stack that only grows by CAS and is only
 * emptied whole, by exchange, under ch->lock: no ABA (a node leaves it only
 * with the whole list, under the lock) and one RMW per free instead of a
 * lock round trip.  Together they are the free list of invariant 7.
 *
 * A send takes the most recently freed message first: ch->returned goes
 * in front of ch->free whenever it holds any.  So a caller with one command
 * at a time reuses one message, whose buffers keep their addresses and
 * lengths, and the ring then finds the descriptors it is about to write
 * already as wanted and leaves their cache lines shared with the device.
 * Taking the pool in any other order rewrites them on nearly every send.
 */

/* Put ch->returned in front of ch->free; the caller holds ch->lock. */
static void __pool_refill(struct vs_chan *ch)
{
	/* Pairs with the CAS in scmi_vio__vs_msg_free(): the pushers'
	 * writes to the messages (next, poll_status) are visible. */
	struct vs_msg *m = sv_exchange(&ch->returned, NULL), *head = m;

	for (; m; m = m->next) {
		ch->n_free++;
		__vs_count(ch->vs, msg_frees); /* tx ch->lock */
		if (!m->next) {
			m->next = ch->free;
			ch->free = head;
			break;
		}
	}
}

/* Take a message from the pool; the caller holds ch->lock. */
struct vs_msg *__scmi_vio__vs_msg_get(struct vs_chan *ch)
{
	struct vs_msg *m;

	/* A plain look first: the exchange only when there is something to
	 * take; a stale NULL then only means an older message is taken.  With
	 * the locked list empty, always the exchange, which sees the latest
	 * stack, so a free that happened before is never missed. */
	if (!ch->free || sv_read_once(&ch->returned))
		__pool_refill(ch);
	m = ch->free;
	if (m) {
		ch->free = m->next;
		ch->n_free--;
	}
	return m;
}

/*
 * Return @m, which no one else holds, to the pool (invariant 7); the
 * caller holds ch->lock.
 */
void __scmi_vio__vs_msg_free(struct vs_chan *ch, struct vs_msg *m)
{
	sv_write_once(&m->poll_status, VS_NOT_POLLED);
	m->next = ch->free;
	ch->free = m;
	ch->n_free++;
	__vs_count(ch->vs, msg_frees); /* tx ch->lock */
}

/* Return @m, which no one else holds, to the pool, without the lock. */
void scmi_vio__vs_msg_free(struct vs_chan *ch, struct vs_msg *m)
{
	struct vs_msg *head = sv_read_once(&ch->returned);

	sv_write_once(&m->poll_status, VS_NOT_POLLED);
	/* Release: @m's next and poll state are visible to whoever takes the
	 * list; pairs with the exchange in __pool_refill() and the acquire in
	 * __scmi_vio__vs_pool_count(). */
	do {
		m->next = head;
	} while (!sv_cmpxchg(&ch->returned, &head, m));
}

/*
 * Messages in the pool, and how many of them wait on ch->returned (freed
 * but not yet counted in msg_frees).  Caller holds ch->lock, so the stack
 * only grows meanwhile: the walk sees a stable list from the head it reads.
 */
unsigned int __scmi_vio__vs_pool_count(struct vs_chan *ch,
				       unsigned int *returned)
{
	/* Pairs with the CAS in scmi_vio__vs_msg_free(). */
	const struct vs_msg *m = sv_load_acquire(&ch->returned);
	unsigned int n = 0;

	for (; m; m = m->next)
		n++;
	if (returned)
		*returned = n;
	return ch->n_free + n;
}

/*
 * Drop one user; the last one returns @m to the pool (invariant 7).
 * Returns whether this was the last.
 */
bool scmi_vio__vs_msg_release(struct vs_chan *ch, struct vs_msg *m)
{
	if (!sv_ref_put(&m->users))
		return false;
	scmi_vio__vs_msg_free(ch, m);
	return true;
}
