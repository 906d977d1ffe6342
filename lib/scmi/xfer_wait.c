// SPDX-License-Identifier: BSD-3-Clause
/*
 * Send and wait (docs/linux-notes.md A5): clear the status, SENT, full barrier,
 * send; then sleep on the xfer's condition variable with a deadline, or
 * spin on the transport's poll_done() with a deadline while also watching
 * for completion by another path; exactly one mark_txdone per successful
 * send; then, for async commands, the delayed-response wait.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include "common/atomics.h"
#include "common/log.h"
#include "common/byteorder.h"
#include "scmi/agent.h"

static void deadline_of(struct timespec *ts, unsigned int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

void scmi_vio__xfer_complete(struct scmi_vio_xfer *x, bool dresp)
{
	/* The reply bytes written before this store are visible to a waiter
	 * whose acquire load of the flag sees 1. */
	sv_store_release(dresp ? &x->dresp_done : &x->done, 1);
	/* Flag before reading sleepers; pairs with the fence in wait_flag()
	 * (sleepers before reading the flag): a waiter either sees the flag
	 * or is counted here and gets the broadcast. */
	sv_smp_mb();
	if (sv_read_once(&x->sleepers)) {
		pthread_mutex_lock(&x->lock);
		pthread_cond_broadcast(&x->cond);
		pthread_mutex_unlock(&x->lock);
	}
}

/*
 * Sleep until *flag is set or @dl passes (NULL: no deadline), or, when
 * @lost_ends, the transport reports its device gone.
 */
static bool wait_flag(struct scmi_vio_xfer *x, unsigned int *flag,
		      const struct timespec *dl, bool lost_ends)
{
	bool set;

	/* Pairs with the release in scmi_vio__xfer_complete(). */
	if (sv_load_acquire(flag))
		return true;
	pthread_mutex_lock(&x->lock);
	sv_write_once(&x->sleepers, x->sleepers + 1);
	/* Pairs with the fences in scmi_vio__xfer_complete() and
	 * scmi_vio_agent_report_lost(): either they see this sleeper, or
	 * this sees their flag. */
	sv_smp_mb();
	while (!(set = sv_load_acquire(flag))) {
		if (lost_ends && sv_read_once(&x->agent->lost))
			break;
		if (!dl) {
			pthread_cond_wait(&x->cond, &x->lock);
		} else if (pthread_cond_timedwait(&x->cond, &x->lock, dl) ==
			   ETIMEDOUT) {
			/* A completion racing the timeout still counts (same
			 * pairing as above). */
			set = sv_load_acquire(flag);
			break;
		}
	}
	sv_write_once(&x->sleepers, x->sleepers - 1);
	pthread_mutex_unlock(&x->lock);
	return set;
}

/* A receive path claimed the reply: its delivery is bounded; spin. */
static void spin_flag(const unsigned int *flag)
{
	unsigned int n = 0;

	/* Pairs with the release in scmi_vio__xfer_complete(). */
	while (!sv_load_acquire(flag)) {
		if (++n < 128)
			sv_cpu_relax();
		else
			sched_yield();
	}
}

/*
 * At the deadline, or when the transport ends a poll: abandon the xfer if
 * no receive path claimed the reply (state still @unclaimed), so a reply
 * from now on is late.  Otherwise the claim is being delivered: the caller
 * waits for it.
 */
static bool give_up(struct scmi_vio_xfer *x, unsigned int unclaimed)
{
	unsigned int st = unclaimed;

	return sv_cmpxchg(&x->state, &st, SV_XFER_ABANDONED);
}

static void log_timeout(const struct scmi_vio_xfer *x)
{
	scmi_vio__log(SCMI_VIO_LOG_WARN, "timeout",
		      "command %#010x: no %s in time", x->hdr,
		      sv_read_once(&x->done) ? "delayed response" : "response");
}

static int wait_blocking(struct scmi_vio_xfer *x, unsigned int *flag,
			 unsigned int ms, unsigned int unclaimed)
{
	struct timespec dl;
	int lost;

	deadline_of(&dl, ms);
	if (wait_flag(x, flag, ms == SCMI_VIO_WAIT_FOREVER ? NULL : &dl, true))
		return 0;
	if (give_up(x, unclaimed)) {
		/* The device is gone: no reply can come, and that is not a
		 * timeout. */
		lost = sv_read_once(&x->agent->lost);
		if (lost)
			return lost;
		sv_xcount(x, timeouts);
		log_timeout(x);
		return -ETIMEDOUT;
	}
	/* A receive path claimed the reply: its delivery is bounded. */
	wait_flag(x, flag, NULL, false);
	return 0;
}

/*
 * A poll that will fetch no reply: at the @deadline (-ETIMEDOUT), or ended
 * by the transport with @err (its poll_done(), or its report of a lost
 * device); unless a receive path claimed the reply
 * meanwhile, which is then waited for.
 */
static int poll_give_up(struct scmi_vio_agent *a, struct scmi_vio_xfer *x,
			bool deadline, int err)
{
	if (!give_up(x, SV_XFER_SENT)) {
		spin_flag(&x->done);
		return 0;
	}
	if (deadline) {
		sv_xcount(x, timeouts);
		log_timeout(x);
		return -ETIMEDOUT;
	}
	sv_count(a, poll_ended);
	return err;
}

static int wait_polled(struct scmi_vio_agent *a, struct scmi_vio_xfer *x,
		       unsigned int ms)
{
	uint64_t deadline = 0;
	unsigned int i, st;
	int r, lost;

	for (i = 1;; i++) {
		/* Completion by another path (the transport's receive
		 * callback on another thread); pairs with the release in
		 * scmi_vio__xfer_complete(). */
		if (sv_load_acquire(&x->done))
			return 0;
		r = a->ops->poll_done(a->tp, x);
		if (r > 0)
			break;
		if (r < 0)
			return poll_give_up(a, x, false, r);
		if (i % 64 == 0) {
			/* A device reported gone ends the poll whatever the
			 * transport's poll_done() knows of it; read with the
			 * clock, off the fast round trip.  A read only: a
			 * late look costs 64 polls at most. */
			lost = sv_read_once(&a->lost);
			if (lost)
				return poll_give_up(a, x, false, lost);
		}
		/* The clock is read every 64 polls; the deadline starts at
		 * the first read (a few microseconds late at most), which
		 * keeps clock reads off the fast round trip. */
		if (i % 64 == 0 && ms != SCMI_VIO_WAIT_FOREVER) {
			if (!deadline)
				deadline = scmi_vio__now_ns() +
					   (uint64_t)ms * 1000000u;
			else if (scmi_vio__now_ns() >= deadline)
				return poll_give_up(a, x, true, 0);
		}
		sv_cpu_relax();
	}
	/* The transport has the reply: fetch and judge it ourselves only if
	 * no other path claimed the xfer (docs/linux-notes.md A4).  Winning
	 * SENT->RESP excludes every other writer (a response needs SENT,
	 * and a polled command is never async, so no delayed response is
	 * accepted); what our own buffer holds is ours to judge (S-17). */
	st = SV_XFER_SENT;
	if (!sv_cmpxchg(&x->state, &st, SV_XFER_RESP)) {
		spin_flag(&x->done);
		return 0;
	}
	scmi_vio__poll_fetch(a, x);
	/* Our own fetch is visible to our own later reads; the release is
	 * for do_cmd()'s acquire of done, which may run on... this thread:
	 * kept so every reader of done pairs with a release. */
	sv_store_release(&x->done, 1);
	return 0;
}

static int reply_result(const struct sv_rxbuf *r)
{
	if (r->short_pdu || r->rejected)
		return -EPROTO;
	return scmi_vio_status_to_errno(r->status);
}

static void xfer_prepare(struct scmi_vio_xfer *x, const struct sv_send *s)
{
	x->hdr = s->hdr;
	x->reply = s->hdr &
		   ~(SCMI_VIO_HDR_RESERVED_MASK |
		     SCMI_VIO_HDR_TYPE_MASK << SCMI_VIO_HDR_TYPE_SHIFT);
	x->polled = s->flags & SCMI_VIO_CMD_POLL;
	x->async = s->flags & SCMI_VIO_CMD_ASYNC;
	x->raw = s->raw;
	sv_put_le32(x->tx_pdu, s->hdr);
	if (s->tx_len)
		memcpy(x->tx_pdu + 4, s->tx, s->tx_len);
	x->tx_len = s->tx_len + 4;
	/* Clear the status before each send (docs/linux-notes.md A5 step 5). */
	x->resp.status = 0;
	x->resp.len = 0;
	x->resp.wire = 0;
	x->resp.short_pdu = false;
	x->resp.rejected = false;
	x->dresp.status = 0;
	x->dresp.len = 0;
	x->dresp.wire = 0;
	x->dresp.short_pdu = false;
	x->dresp.rejected = false;
	sv_write_once(&x->busy, 0);
	sv_write_once(&x->priv, NULL);
}

int scmi_vio__xfer_run(struct scmi_vio_agent *a, struct scmi_vio_xfer *x,
		       const struct sv_send *s)
{
	unsigned int tmo = scmi_vio__tmo(s->timeout_ms, a->reply_timeout_ms);
	unsigned int dtmo =
		scmi_vio__tmo(s->dresp_timeout_ms, a->dresp_timeout_ms);
	int ret;

	xfer_prepare(x, s);
	sv_write_once(&x->done, 0);
	sv_write_once(&x->dresp_done, 0);
	/*
	 * Full barrier (a sequentially consistent exchange: a full fence on
	 * x86 and arm64, cheaper than a store and a separate fence): the
	 * request fields, the cleared status and SENT are visible before
	 * the transport publishes the message, so a reply handled at once on
	 * another CPU never sees a stale state (docs/linux-notes.md A5 step 5).
	 * Pairs with the acquire in reply_rx() (rx.c).
	 */
	(void)sv_exchange(&x->state, SV_XFER_SENT);
	ret = a->ops->send(a->tp, x);
	if (ret < 0) {
		sv_write_once(&x->state, SV_XFER_ABANDONED);
		sv_count(a, send_errors);
		return ret;
	}
	sv_xcount(x, sent);
	if (x->polled)
		ret = wait_polled(a, x, tmo);
	else
		ret = wait_blocking(x, &x->done, tmo, SV_XFER_SENT);
	if (!ret)
		ret = reply_result(&x->resp);
	a->ops->mark_txdone(a->tp, x, ret);
	if (!x->async)
		return ret;
	if (ret) {
		/* No delayed response follows a failed command: one that
		 * comes anyway is late, not delivered. */
		unsigned int st = SV_XFER_RESP;

		(void)sv_cmpxchg(&x->state, &st, SV_XFER_ABANDONED);
		return ret;
	}
	ret = wait_blocking(x, &x->dresp_done, dtmo, SV_XFER_RESP);
	return ret ? ret : reply_result(&x->dresp);
}

static void copy_out(const struct sv_rxbuf *r, void *dst, size_t cap,
		     size_t *len, int32_t *status)
{
	*len = r->len;
	*status = r->status;
	if (dst && cap)
		memcpy(dst, r->buf, r->len < cap ? r->len : cap);
}

int scmi_vio_agent_do_cmd(struct scmi_vio_agent *a, struct scmi_vio_cmd *cmd)
{
	struct scmi_vio_hdr h = { 0 };
	struct scmi_vio_xfer *x;
	struct sv_send s;
	int ret;

	if (!a || !cmd || (cmd->tx_len && !cmd->tx))
		return -EINVAL;
	if ((cmd->flags & SCMI_VIO_CMD_POLL) &&
	    (cmd->flags & SCMI_VIO_CMD_ASYNC))
		return -EINVAL;
	/* A flag this transport cannot honour is a bad argument (not the
	 * platform's NOT_SUPPORTED). */
	if ((cmd->flags & SCMI_VIO_CMD_POLL) && !a->ops->poll_done)
		return -EINVAL;
	if (cmd->tx_len > a->max_payload)
		return -E2BIG;
	ret = scmi_vio__xfer_get(a, -1, &x);
	if (ret)
		return ret;
	h.id = cmd->msg_id;
	h.protocol = cmd->protocol;
	h.type = SCMI_VIO_MSG_COMMAND;
	h.token = x->token;
	s.hdr = scmi_vio_hdr_pack(&h);
	s.tx = cmd->tx;
	s.tx_len = cmd->tx_len;
	s.flags = cmd->flags;
	s.raw = false;
	s.timeout_ms = cmd->timeout_ms;
	s.dresp_timeout_ms = cmd->dresp_timeout_ms;
	ret = scmi_vio__xfer_run(a, x, &s);
	cmd->rx_len = 0;
	cmd->status = 0;
	cmd->dresp_len = 0;
	cmd->dresp_status = 0;
	/* The received bytes are visible once the flag is; pairs with the
	 * release in scmi_vio__xfer_complete().  A rejected reply's bytes
	 * are not the platform's answer: the caller gets none of them. */
	if (sv_load_acquire(&x->done) && !x->resp.rejected)
		copy_out(&x->resp, cmd->rx, cmd->rx_cap, &cmd->rx_len,
			 &cmd->status);
	/* Same pairing, for the delayed response. */
	if (sv_load_acquire(&x->dresp_done) && !x->dresp.rejected)
		copy_out(&x->dresp, cmd->dresp, cmd->dresp_cap, &cmd->dresp_len,
			 &cmd->dresp_status);
	scmi_vio__xfer_put(a, x);
	return ret;
}
