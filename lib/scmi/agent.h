/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI agent core, private: the agent, transfers, and the internal calls
 * between the core's files.
 *
 * Theory of operation (docs/linux-notes.md A3-A5):
 *
 * A transfer (xfer) is preallocated.  Taking one for a command sets its
 * refcount to 1 and registers a token in the in-flight table; the receive
 * path looks the token up under the pool lock and takes a second reference,
 * so an xfer whose waiter timed out and dropped its reference is not
 * recycled (nor its token reused) while a receive path is still filling it.
 * The token is cleared only when the last reference goes.
 *
 * State, moved by compare-and-swap:
 *   SENT --resp--> RESP --dresp--> DRESP
 *   SENT --dresp--> DRESP (the response is implied SUCCESS; S-6)
 *   SENT/RESP --waiter gives up--> ABANDONED (a late reply is unexpected)
 *   SENT --a rejected reply ends the wait (S-17, S-18)--> ABANDONED
 * Whoever moves the state out of SENT owns delivering the response: the
 * waiter never reports a timeout once a receive path has claimed the reply,
 * so each sent xfer has exactly one outcome (invariant 5, S-9).  The move
 * is decided by one judge (rx.c) for every path that brings a reply; a
 * claimed reply may be a rejected one (S-17, S-18), which ends the wait
 * with -EPROTO.  The receive path drops its reference before it publishes
 * the completion (the waiter, unable to give up, holds its own), so the
 * token is free once the waiter returns.
 *
 * Busy flag: after winning its claim, a receive context wins busy
 * FREE->BUSY before it copies bytes into the xfer and frees it after; so
 * one receive context writes an xfer at a time (a response and a delayed
 * response can arrive concurrently on two threads).  The polled path's own
 * fetch needs no busy flag: winning SENT->RESP excludes every other writer
 * because polled commands are never async.
 *
 * Waiting: done/dresp_done are published with release after the bytes; a
 * sleeping waiter registers in sleepers under x->lock and the completer
 * broadcasts only when it sees one (a store-buffer pair with full fences
 * on both sides), so the common path takes no lock to complete.
 */
#ifndef SCMI_VIO_LIB_SCMI_AGENT_H
#define SCMI_VIO_LIB_SCMI_AGENT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_notify.h>

#include "common/atomics.h"
#include "common/clock.h"

enum sv_xfer_state {
	SV_XFER_IDLE = 0,
	SV_XFER_SENT,
	SV_XFER_RESP,
	SV_XFER_DRESP,
	SV_XFER_ABANDONED,
};

/* Where fill_response() puts the bytes: chosen by the busy holder. */
enum sv_fill_target {
	SV_FILL_RESP = 0,
	SV_FILL_DRESP,
	SV_FILL_NOTIF,
};

struct sv_rxbuf {
	uint8_t *buf; /* max_payload bytes */
	size_t len; /* payload bytes kept (clamped) */
	int32_t status;
	uint32_t hdr; /* the header as received, when wire >= 4 */
	size_t wire; /* bytes kept as received: 0, 4 (header) or 8 + len */
	bool short_pdu; /* fewer than 8 bytes: no status (S-10) */
	/* The judge refused it (S-17, S-18): the wait ends with -EPROTO. */
	bool rejected;
};

struct scmi_vio_xfer {
	struct scmi_vio_agent *agent;
	/* Protected by the agent's pool_lock. */
	unsigned int users;
	struct scmi_vio_xfer *next_free;
	bool in_rx_pool;

	/* Set by the sending thread before send; read-only while SENT. */
	uint32_t hdr;
	/* The header every reply must carry, type aside: the command's
	 * token, protocol and message id, reserved bits zero. */
	uint32_t reply;
	uint16_t token;
	bool polled;
	bool async;
	bool raw; /* raw mode: a rejected reply with its token ends it */
	uint8_t *tx_pdu; /* 4 + max_payload bytes */
	size_t tx_len; /* PDU bytes */

	/*
	 * State moves by compare-and-swap (the winner owns the transition).
	 * done/dresp_done are published with release by the deliverer.  The
	 * lock only protects sleepers and pairs with cond for waiters that
	 * sleep; completers broadcast only when someone sleeps.
	 */
	unsigned int state; /* ATOMIC */
	unsigned int done; /* ATOMIC: response delivered */
	unsigned int dresp_done; /* ATOMIC: delayed response delivered */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int sleepers; /* ATOMIC: written under lock */

	unsigned int busy; /* ATOMIC: one receive context at a time */
	/* Written by the busy holder only. */
	enum sv_fill_target target;
	struct sv_rxbuf resp;
	struct sv_rxbuf dresp;
	/* Notification scratch: payload in resp.buf (clamped to the
	 * buffer), the header and the length the device claimed here. */
	uint32_t notif_hdr;
	size_t notif_claimed;

	void *priv; /* ATOMIC: the transport's slot */

	/*
	 * Fast-path counters, summed by scmi_vio_agent_get_stats().  Each
	 * has one writer at a time: sent and timeouts the thread that owns
	 * the xfer, responses and delayed_responses the receive context
	 * that won the state claim; successive writers are ordered by the
	 * completion and the pool lock.  So a plain read-increment-write
	 * (through sv_read_once/sv_write_once, for concurrent readers) is
	 * exact and saves a locked instruction per message.
	 */
	struct {
		sv_atomic_u64 sent, responses, delayed_responses, timeouts;
	} xc; /* ATOMIC (single writer) */
};

/* Counters, each updated with sv_counter_add(). */
struct sv_counters {
	sv_atomic_u64 send_errors, notifications, unexpected, invalid,
		truncated, queue_full, unknown_event, rx_nomem, broken,
		poll_ended, dresp_first;
};

struct sv_notify;
struct sv_raw;

struct scmi_vio_agent {
	const struct scmi_vio_transport_ops *ops;
	void *tp;
	size_t max_payload;
	unsigned int reply_timeout_ms;
	unsigned int dresp_timeout_ms;
	unsigned int notify_depth;

	/*
	 * Protects the free lists, the in-flight table, the token bitmap,
	 * next_seq and every xfer's users count.
	 */
	pthread_mutex_t pool_lock;
	struct scmi_vio_xfer *xfers; /* tx pool */
	unsigned int n_xfers;
	struct scmi_vio_xfer *rx_xfers; /* notification scratch pool */
	unsigned int n_rx_xfers;
	struct scmi_vio_xfer *free_tx;
	struct scmi_vio_xfer *free_rx;
	struct scmi_vio_xfer *inflight[SCMI_VIO_MAX_TOKENS];
	uint64_t token_map[SCMI_VIO_MAX_TOKENS / 64];
	uint64_t next_seq;
	uint8_t *bufs; /* one allocation behind every xfer's buffers */

	struct sv_counters cnt;
	/* ATOMIC: 0, or the errno every wait for a reply ends with once the
	 * transport said its device is gone (scmi_vio_agent_report_lost()). */
	int lost;
	struct sv_notify *notify;
	struct sv_raw *raw;
	/*
	 * ATOMIC: per protocol id, the version the clients speak (learnt on
	 * first use or negotiated, proto.c); 0 until then.
	 */
	uint32_t proto_version[256];
};

#define sv_count(a, field) sv_counter_add(&(a)->cnt.field, 1)
#define sv_xcount(x, field) \
	sv_write_once(&(x)->xc.field, sv_read_once(&(x)->xc.field) + 1)

/* xfer.c: pool and tokens. */
int scmi_vio__xfers_init(struct scmi_vio_agent *a, unsigned int n_tx,
			 unsigned int n_rx);
void scmi_vio__xfers_fini(struct scmi_vio_agent *a);
/* @token < 0: choose one from the moving counter; else that token (raw). */
int scmi_vio__xfer_get(struct scmi_vio_agent *a, int token,
		       struct scmi_vio_xfer **out);
void scmi_vio__xfer_put(struct scmi_vio_agent *a, struct scmi_vio_xfer *x);
struct scmi_vio_xfer *scmi_vio__xfer_lookup(struct scmi_vio_agent *a,
					    unsigned int token);
struct scmi_vio_xfer *scmi_vio__rx_xfer_get(struct scmi_vio_agent *a);
void scmi_vio__xfer_busy_get(struct scmi_vio_xfer *x);
void scmi_vio__xfer_busy_put(struct scmi_vio_xfer *x);

/* xfer_wait.c: send and wait. */
struct sv_send {
	uint32_t hdr;
	const void *tx;
	size_t tx_len;
	unsigned int flags;
	bool raw;
	unsigned int timeout_ms;
	unsigned int dresp_timeout_ms;
};
int scmi_vio__xfer_run(struct scmi_vio_agent *a, struct scmi_vio_xfer *x,
		       const struct sv_send *s);
void scmi_vio__xfer_complete(struct scmi_vio_xfer *x, bool dresp);

/* rx.c */
void scmi_vio__fetch_into(struct scmi_vio_agent *a, struct scmi_vio_xfer *x,
			  enum sv_fill_target t, void *msg);
/* The polled path: fetch @x's reply from its own buffer and judge it. */
void scmi_vio__poll_fetch(struct scmi_vio_agent *a, struct scmi_vio_xfer *x);

/* notify.c */
int scmi_vio__notify_init(struct scmi_vio_agent *a);
/* Each fini only after its init succeeded (agent create, destroy). */
void scmi_vio__notify_fini(struct scmi_vio_agent *a);
void scmi_vio__notify_rx(struct scmi_vio_agent *a, struct scmi_vio_xfer *x,
			 uint64_t ts_ns);
size_t scmi_vio__notify_max_payload(struct scmi_vio_agent *a, uint8_t proto,
				    uint8_t evt);

/* raw.c: reports to the raw queues when raw mode is on. */
int scmi_vio__raw_init(struct scmi_vio_agent *a, unsigned int depth);
void scmi_vio__raw_fini(struct scmi_vio_agent *a); /* after its init only */
void scmi_vio__raw_report_notif(struct scmi_vio_agent *a,
				const struct scmi_vio_xfer *x);
/* A rejected message (received bytes in @rb) to the errors queue, or a
 * well-formed delayed response no caller waits for (@dresp) to the
 * delayed queue. */
void scmi_vio__raw_report(struct scmi_vio_agent *a, const struct sv_rxbuf *rb,
			  bool dresp);
/* The same for a message still in the transport's @msg, judged with
 * header @hdr: fetched first. */
void scmi_vio__raw_report_msg(struct scmi_vio_agent *a, void *msg, uint32_t hdr,
			      bool dresp);
/* The device is gone (a->lost set): wake every raw_read() waiter. */
void scmi_vio__raw_lost(struct scmi_vio_agent *a);

/*
 * Timeout @t (timeout.h) with 0 taking @def: SCMI_VIO_WAIT_FOREVER (no
 * deadline) or milliseconds, SCMI_VIO_NO_WAIT being 0.
 */
static inline unsigned int scmi_vio__tmo(unsigned int t, unsigned int def)
{
	if (!t)
		t = def;
	return t == SCMI_VIO_NO_WAIT ? 0 : t;
}

#endif /* SCMI_VIO_LIB_SCMI_AGENT_H */
