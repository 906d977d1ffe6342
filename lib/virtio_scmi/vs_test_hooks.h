/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the transport's tests may reach, and no more: the paths they drive
 * directly (send, poll, txdone, the completion path and the worker, the
 * channel references), an account of where every cmdq message is, and
 * setup fault injection per probe (L-6).  Tests include this header, never
 * vs_internal.h: the channel and message structures stay opaque to them.
 * Internal (scmi_vio__*): linked from the layer's objects, not exported.
 */
#ifndef SCMI_VIO_VIRTIO_SCMI_VS_TEST_HOOKS_H
#define SCMI_VIO_VIRTIO_SCMI_VS_TEST_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

#include <scmi_vio/virtio_scmi.h>

struct vs_chan;
struct vs_msg;

/*
 * scmi_vio_virtio_scmi_probe() with its @fail_at-th fallible setup step
 * failing (1-based: 1 is the transport's own allocation; 0: none), as an
 * allocation or a thread creation would (L-6).  Per probe: other probes,
 * in this thread or another, are not affected.
 * Return: as probe(); -ENOMEM or -EAGAIN for the failed step.
 */
int scmi_vio__vs_probe_failing(const struct scmi_vio_vdev *vdev,
			       const struct scmi_vio_virtio_scmi_config *cfg,
			       unsigned long fail_at,
			       struct scmi_vio_virtio_scmi **out);

/* Where every cmdq message is (invariant 7). */
struct scmi_vio__vs_account {
	unsigned int max; /* cmdq messages in all */
	unsigned int free; /* in the pool */
	unsigned int device; /* heads the device holds */
	unsigned int pending; /* on the pending list for the worker */
};

/* Take the account; each figure under its own lock, so at quiescence. */
void scmi_vio__vs_account(struct scmi_vio_virtio_scmi *vs,
			  struct scmi_vio__vs_account *ac);

/* The cmdq channel, opaque, for the path functions below. */
struct vs_chan *scmi_vio__vs_cmdq(struct scmi_vio_virtio_scmi *vs);

/* Whether the channel's shutdown began, and its references now. */
bool scmi_vio__vs_chan_freeing(const struct vs_chan *ch);
unsigned int scmi_vio__vs_chan_users(const struct vs_chan *ch);

/* A message buffer's size: the header, max_payload and the status. */
size_t scmi_vio__vs_pdu_size(const struct scmi_vio_virtio_scmi *vs);

/* Whether both queues and their message arrays still exist (L-5). */
bool scmi_vio__vs_queues_alive(const struct scmi_vio_virtio_scmi *vs);

/* The cmdq as a shutdown leaves it: the worker may no longer run it. */
void scmi_vio__vs_cmdq_stop_worker(struct scmi_vio_virtio_scmi *vs);

/* The paths (chan.c, complete.c, send.c), as the transport ops run them. */
bool scmi_vio__vs_chan_acquire(struct vs_chan *ch);
void scmi_vio__vs_chan_release(struct vs_chan *ch);
bool scmi_vio__vs_complete(struct vs_chan *ch);
void scmi_vio__vs_worker_run(struct scmi_vio_virtio_scmi *vs);
int scmi_vio__vs_send_msg(struct scmi_vio_virtio_scmi *vs, const void *pdu,
			  size_t len, bool polled, struct vs_msg **out);
int scmi_vio__vs_poll_msg(struct scmi_vio_virtio_scmi *vs, struct vs_msg *msg);
void scmi_vio__vs_txdone_msg(struct scmi_vio_virtio_scmi *vs,
			     struct vs_msg *msg, int ret);

#endif /* SCMI_VIO_VIRTIO_SCMI_VS_TEST_HOOKS_H */
