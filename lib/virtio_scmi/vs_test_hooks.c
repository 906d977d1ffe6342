// SPDX-License-Identifier: BSD-3-Clause
/*
 * The narrow view tests have of the transport (vs_test_hooks.h); the
 * path functions it declares live in chan.c, complete.c and send.c.
 */
#include <pthread.h>
#include <string.h>

#include <scmi_vio/virtqueue.h>

#include "common/atomics.h"
#include "common/refcount.h"
#include "virtio_scmi/vs_internal.h"
#include "virtio_scmi/vs_test_hooks.h"

void scmi_vio__vs_account(struct scmi_vio_virtio_scmi *vs,
			  struct scmi_vio__vs_account *ac)
{
	struct scmi_vio_vq_state st;
	const struct vs_msg *m;

	memset(ac, 0, sizeof(*ac));
	ac->max = vs->tx.max_msg;
	pthread_mutex_lock(&vs->tx.lock);
	scmi_vio_vq_get_state(vs->tx.vq, &st);
	ac->free = __scmi_vio__vs_pool_count(&vs->tx, NULL);
	pthread_mutex_unlock(&vs->tx.lock);
	ac->device = st.heads_in_flight;
	pthread_mutex_lock(&vs->tx.pending_lock);
	for (m = vs->tx.pend_head; m; m = m->next)
		ac->pending++;
	pthread_mutex_unlock(&vs->tx.pending_lock);
}

struct vs_chan *scmi_vio__vs_cmdq(struct scmi_vio_virtio_scmi *vs)
{
	return &vs->tx;
}

bool scmi_vio__vs_chan_freeing(const struct vs_chan *ch)
{
	return sv_read_once(&ch->freeing);
}

unsigned int scmi_vio__vs_chan_users(const struct vs_chan *ch)
{
	return sv_ref_read(&ch->users);
}

size_t scmi_vio__vs_pdu_size(const struct scmi_vio_virtio_scmi *vs)
{
	return vs->pdu;
}

bool scmi_vio__vs_queues_alive(const struct scmi_vio_virtio_scmi *vs)
{
	return vs->tx.vq && vs->tx.msgs && vs->rx.vq && vs->rx.msgs;
}

void scmi_vio__vs_cmdq_stop_worker(struct scmi_vio_virtio_scmi *vs)
{
	/* As the shutdown does, under the lock that protects worker_ok. */
	pthread_mutex_lock(&vs->tx.lock);
	vs->tx.worker_ok = false;
	pthread_mutex_unlock(&vs->tx.lock);
}
