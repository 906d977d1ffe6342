/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-scmi transport internals: channels, messages, the transport
 * object.  Shared by chan.c, complete.c and send.c (the channel and the
 * per-message paths), probe.c (setup and teardown) and the unit tests,
 * which drive the paths directly.
 */
#ifndef SCMI_VIO_VIRTIO_SCMI_VS_INTERNAL_H
#define SCMI_VIO_VIRTIO_SCMI_VS_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/virtqueue.h>

#include "common/refcount.h"
#include "virtio_scmi/vs_test_hooks.h"

/* Poll states of a cmdq message (docs/linux-notes.md A10.4, A10.8). */
enum vs_poll_state {
	VS_NOT_POLLED = 0, /* interrupt-driven: the completion path owns it */
	VS_POLLING, /* a poller waits for it */
	/*
	 * Its poller gave up while the device still held it (a timeout, or a
	 * poll that ended with the channel gone or the ring broken), or the
	 * completion path delivered it: whoever dequeues it frees it.
	 */
	VS_POLL_TIMEOUT,
	VS_POLL_DONE, /* a poller dequeued it; its owner frees it */
};

struct vs_msg {
	/* free list, pending list: protected by the list's lock */
	struct vs_msg *next;
	uint8_t *request; /* device-readable, cmdq only */
	uint64_t request_gpa;
	uint8_t *input; /* device-writable */
	uint64_t input_gpa;
	uint32_t req_len;
	uint32_t hdr; /* the header sent (cmdq) */
	/* bytes the device wrote; set by whoever dequeues it */
	uint32_t rx_len;
	uint64_t poll_pos; /* 64-bit ring position; the poller's only */
	unsigned int poll_status; /* ATOMIC, enum vs_poll_state */
	struct sv_ref users; /* 1 taken, 2 when polled */
};

/* A completion: signalled once, then seen by any number of waiters. */
struct vs_completion {
	pthread_mutex_t lock; /* protects done */
	pthread_cond_t cond;
	bool done;
};

struct vs_chan {
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_vq *vq;
	bool is_rx;
	bool inited; /* the locks exist (chan_fini after a partial init) */
	size_t ring_off; /* the ring's offset in the device's memory */
	unsigned int max_msg;
	unsigned int budget; /* buffers per completion call (D-11) */
	struct vs_msg *msgs;
	/*
	 * Protects every operation on vq, ready, freeing, shutdown_done,
	 * worker_ok and the message pool (free, n_free): a send takes its
	 * message in the section that adds it (docs/linux-notes.md A10.1).
	 * Never held across a call into the agent core or a doorbell.
	 */
	pthread_mutex_t lock;
	bool ready; /* an agent is attached and the channel not freed */
	bool freeing; /* ATOMIC; chan_free() ran: the channel is dead for good */
	struct vs_completion *shutdown_done;
	struct vs_completion sd;
	bool worker_ok; /* the deferred worker may be queued */
	struct sv_ref users; /* the channel refcount (A10.3) */
	struct vs_msg *free; /* the pool; under lock (chan.c) */
	unsigned int n_free;
	/* ATOMIC head: the pool's lock-free part (msg_pool.c) */
	struct vs_msg *returned;
	pthread_mutex_t pending_lock; /* protects pend_head, pend_tail */
	struct vs_msg *pend_head, *pend_tail;
	unsigned int broken_seen; /* ATOMIC */
	/* Eventq: calls of the completion path while one delivers (ATOMIC);
	 * non-zero while one is delivering (complete.c). */
	unsigned int runs;
};

struct scmi_vio_virtio_scmi {
	struct scmi_vio_vdev vdev;
	enum scmi_vio_irq_mode irq_mode;
	unsigned int complete_budget; /* 0: a queue's worth (D-11) */
	uint64_t features; /* negotiated */
	size_t max_payload;
	size_t pdu; /* max_payload + 8 */
	struct scmi_vio_agent *agent; /* set by attach, before ready */
	bool attached; /* only probe/attach/detach/remove touch it */
	struct vs_chan tx, rx;
	bool has_rx;
	bool started; /* the device's start() succeeded */
	bool bound; /* on the list of bound windows (probe.c) */
	struct scmi_vio_virtio_scmi *bound_next; /* that list, its lock's */
	unsigned int breaking; /* ATOMIC: shutdown broke the device */
	int lost; /* ATOMIC: 0, or the errno the device went away with */
	/* interrupt delivery */
	struct scmi_vio_doorbell *irq;
	pthread_t irq_thread;
	bool irq_thread_on;
	unsigned int irq_stop; /* ATOMIC */
	/* deferred worker (A10.8) */
	pthread_t worker;
	bool worker_on;
	pthread_mutex_t wlock; /* protects work, wstop */
	pthread_cond_t wcond;
	bool work, wstop;
	size_t mem_used; /* bump allocation in the device's memory */
	/* Setup fault injection (L-6, vs_test_hooks.h): the fallible setup
	 * step to fail (1-based; 0: none) and the steps taken.  Probe's
	 * thread only. */
	unsigned long fail_at, steps;
	struct scmi_vio_virtio_scmi_stats st; /* counters: sv_counter_add */
};

/* probe.c: whether this fallible setup step is the one to fail (L-6). */
bool scmi_vio__vs_step_fails(struct scmi_vio_virtio_scmi *vs);

/*
 * A leading __ (STYLE.md), here as everywhere in lib/: the caller holds
 * the lock, the channel's ch->lock for these.
 */

/* chan.c: the channel lifecycle */
int scmi_vio__vs_chan_init(struct scmi_vio_virtio_scmi *vs, struct vs_chan *ch,
			   bool is_rx);
int scmi_vio__vs_chan_fill(struct vs_chan *ch);
void scmi_vio__vs_chan_fini(struct vs_chan *ch);
void scmi_vio__vs_chan_ready(struct vs_chan *ch);
void scmi_vio__vs_chan_free(struct vs_chan *ch);
bool __scmi_vio__vs_kick_prepare(struct vs_chan *ch);
int __scmi_vio__vs_feed(struct vs_chan *ch, struct vs_msg *m);
int scmi_vio__vs_feed(struct vs_chan *ch, struct vs_msg *m);

/* complete.c: the completion path and the worker */
void scmi_vio__vs_note_broken(struct vs_chan *ch);
int scmi_vio__vs_lost(struct scmi_vio_virtio_scmi *vs);
int __scmi_vio__vs_reap(struct vs_chan *ch, struct vs_msg **m);
void scmi_vio__vs_worker_kick(struct scmi_vio_virtio_scmi *vs);
void scmi_vio__vs_irq(void *arg);

/* send.c: send, poll, txdone (vs_test_hooks.h) */

/* msg_pool.c: the message pool */
struct vs_msg *__scmi_vio__vs_msg_get(struct vs_chan *ch);
void __scmi_vio__vs_msg_free(struct vs_chan *ch, struct vs_msg *m);
void scmi_vio__vs_msg_free(struct vs_chan *ch, struct vs_msg *m);
bool scmi_vio__vs_msg_release(struct vs_chan *ch, struct vs_msg *m);
unsigned int __scmi_vio__vs_pool_count(struct vs_chan *ch,
				       unsigned int *returned);

#define vs_count(vs, field) sv_counter_add(&(vs)->st.field, 1)
/*
 * A counter every writer of which holds the same lock (the caller names it
 * in a comment): the lock serializes the increments, so no atomic
 * read-modify-write is needed on the per-message path; get_stats() reads
 * it with sv_read_once() like the others.
 */
#define __vs_count(vs, field) \
	sv_write_once(&(vs)->st.field, sv_read_once(&(vs)->st.field) + 1)

#endif /* SCMI_VIO_VIRTIO_SCMI_VS_INTERNAL_H */
