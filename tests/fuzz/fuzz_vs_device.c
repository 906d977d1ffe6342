// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target: a hostile DEVICE against the real virtio-scmi
 * transport (lib/virtio_scmi) and the real agent core (lib/scmi).
 *
 * The target is the device: it sits behind a struct scmi_vio_vdev whose
 * kick doorbell is an inline doorbell into this file, so the chains the
 * driver adds are popped here, on the caller's thread, straight from the
 * rings in the guest memory window.  For every command chain the input
 * scripts a reply: when (at once, a few ticks later, much later: after the
 * timeout, or never: D-10), with which header (echoed, another message or
 * protocol id: S-3, another or a stale request's token: S-1/S-4, type 2 or
 * 3 on the cmdq: S-18, anything at all: S-2), status, payload and used
 * length (short: S-10, over-long: D-4/S-11), with or without an interrupt,
 * with a delayed response before or after it (S-6) and whether its buffer
 * is rewritten in place after it was returned (a forged polled buffer,
 * S-17).  Between commands the script sends notifications, delayed
 * responses and responses on the eventq (S-14, S-18), and breaks ring
 * rules (used ids out of range or not in flight, used.idx jumps: D-1..D-3,
 * interrupts with nothing used: D-8, random event words: D-7).
 *
 * Determinism without wall time or threads of our own making:
 *  - the agent's waits are given virtual time: the link wraps
 *    pthread_cond_timedwait() (a blocking wait is WAIT_TICKS device ticks,
 *    then a timeout), scmi_vio__vs_poll_msg() (each poll is one tick) and
 *    scmi_vio__now_ns() (a clock that moves 1 ms per read), so a 1 ms
 *    timeout costs a few dozen device steps and no sleep;
 *  - the transport's deferred worker thread is never started (the link
 *    wraps pthread_create() during probe); the script runs the worker's
 *    body, scmi_vio__vs_worker_run(), at the points it chooses;
 *  - IRQ_INLINE (the device's interrupt runs the completion path on this
 *    thread) or IRQ_NONE (polls, the worker and process() find replies).
 * Only notification dispatchers run on threads of their own.
 *
 * Every reply payload starts with a serial number, so the agent's results
 * can be traced back to the write that produced them: a command that
 * succeeds must have got bytes the device wrote under exactly its header,
 * on the right queue (fuzz_vs_device_ops.c has the checks).  The device
 * also checks the driver: every chain well formed and inside the window,
 * no head made available twice, avail.flags 0 under EVENT_IDX (D-13).
 *
 * Input: one configuration byte (bit 0..1 queue size 2..16, bit 2..3
 * payload size, bit 4 IRQ_NONE, bit 5 EVENT_IDX, bit 6 no eventq, bit 7
 * raw mode), then a script of operations (see LLVMFuzzerTestOneInput());
 * each command chain the device pops reads its reply plan (plan_reply()).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/vring.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "virtio_scmi/vs_internal.h"

#include "fuzz_vs_device.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "the device reads ring words in host order");

#define GPA 0x40000000ull
#define WAIT_TICKS 16 /* device ticks a blocking wait lasts */
#define NEVER UINT64_MAX
#define MAX_EVS 32

struct fz_dev dv;

/* The last eight request headers the device saw. */
static uint32_t hist[8];
static unsigned int n_hist;

/* ---- controlled time and threads (link-time wraps) ------------------- */

static pthread_t main_thread;
static bool active; /* an input is running */
static bool fake_threads; /* probe: the worker thread is not started */
static const pthread_t fake_tid = (pthread_t)1;

int __real_pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg);
int __real_pthread_join(pthread_t t, void **ret);
int __wrap_pthread_join(pthread_t t, void **ret);
int __real_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				  const struct timespec *abs);
int __wrap_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				  const struct timespec *abs);
int __real_scmi_vio__vs_poll_msg(struct scmi_vio_virtio_scmi *vs,
				 struct vs_msg *msg);
int __wrap_scmi_vio__vs_poll_msg(struct scmi_vio_virtio_scmi *vs,
				 struct vs_msg *msg);
uint64_t __wrap_scmi_vio__now_ns(void);

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg)
{
	if (fake_threads) {
		*t = fake_tid;
		return 0;
	}
	return __real_pthread_create(t, attr, fn, arg);
}

int __wrap_pthread_join(pthread_t t, void **ret)
{
	if (pthread_equal(t, fake_tid))
		return 0;
	return __real_pthread_join(t, ret);
}

static bool on_main(void)
{
	return active && pthread_equal(pthread_self(), main_thread);
}

static bool dev_ticks(void);

/* Run the completion path; did it take anything from the rings? */
static bool process_moved(void)
{
	struct scmi_vio_virtio_scmi_stats a, b;

	scmi_vio_virtio_scmi_get_stats(dv.vs, &a);
	(void)scmi_vio_virtio_scmi_process(dv.vs);
	scmi_vio_virtio_scmi_get_stats(dv.vs, &b);
	return a.tx_completions != b.tx_completions ||
	       a.rx_events != b.rx_events;
}

/*
 * A timed wait of the agent on this thread: the device runs up to
 * WAIT_TICKS ticks with the mutex dropped (as a real wait drops it) and the
 * wait ends early, as a wake-up, once the device used a buffer.  Waits on
 * other threads, and on other deadlines, are real.
 */
int __wrap_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				  const struct timespec *abs)
{
	static struct timespec last;
	static unsigned int spent;
	bool moved = false;

	if (!on_main())
		return __real_pthread_cond_timedwait(c, m, abs);
	if (abs->tv_sec != last.tv_sec || abs->tv_nsec != last.tv_nsec) {
		last = *abs;
		spent = 0;
	}
	pthread_mutex_unlock(m);
	while (spent < WAIT_TICKS && !moved) {
		spent++;
		moved = dev_ticks();
		/* Without interrupts, someone else runs the completion
		 * path meanwhile, as a polling thread of the user would. */
		if (!dv.irq)
			moved |= process_moved();
	}
	pthread_mutex_lock(m);
	return moved ? 0 : ETIMEDOUT;
}

/* A poll of the agent: one device tick, then the real poll. */
int __wrap_scmi_vio__vs_poll_msg(struct scmi_vio_virtio_scmi *vs,
				 struct vs_msg *msg)
{
	if (on_main())
		(void)dev_ticks();
	return __real_scmi_vio__vs_poll_msg(vs, msg);
}

/* The agent's clock: 1 ms per read, so a polled deadline comes soon. */
uint64_t __wrap_scmi_vio__now_ns(void)
{
	static uint64_t clock_ns;

	return sv_fetch_add(&clock_ns, 1000000) + 1000000;
}

/* ---- guest memory ------------------------------------------------------ */

/* The host address of [gpa, gpa + len) if the window holds all of it. */
static uint8_t *host_of(uint64_t gpa, uint64_t len)
{
	if (gpa < GPA || gpa - GPA > dv.mem_size ||
	    len > dv.mem_size - (gpa - GPA))
		return NULL;
	return dv.mem + (gpa - GPA);
}

/* ---- what the device writes ------------------------------------------- */

/*
 * Write a reply (header, status, payload starting with a fresh serial)
 * into @buf of @cap bytes and record it.  Returns the used length to
 * report, which may exceed @cap (the ring clamps it, D-4).
 *
 * Every write that puts a serial into the buffer gets a record of its own,
 * even when the used length it reports stops short of the serial: after a
 * ring-level lie the driver may reap the buffer with a stale used element
 * of another length (a duplicate of a head it has since made available
 * again, D-2) and read the serial after all.  A serial without a record,
 * or one the next write reuses, would make a reply the device did write
 * look forged.  A record is found only through a serial the driver read,
 * so it carries the header as written.
 *
 * A reply too short to carry a serial (as reported) is also kept in the
 * short table, under the header the driver will attribute it to: a used
 * length under 4 makes the transport deliver it under the request's own
 * header @req_hdr.
 */
static uint32_t write_msg(uint8_t *buf, uint32_t cap, uint32_t hdr,
			  uint32_t status, uint32_t used, uint8_t q,
			  uint32_t req_hdr, bool has_status)
{
	uint32_t seen = used < cap ? used : cap, off = has_status ? 8 : 4;
	uint32_t serial = FZ_SERIAL0 + dv.n_recs;
	struct fz_rec r = { hdr, seen, has_status ? status : 0, q };
	uint32_t i;

	if (cap >= 4)
		sv_put_le32(buf, hdr);
	if (has_status && cap >= 8)
		sv_put_le32(buf + 4, status);
	for (i = off + 4; i < cap; i++)
		buf[i] = (uint8_t)(i * 7);
	if (cap >= off + 4) {
		sv_put_le32(buf + off, serial);
		if (dv.n_recs < FZ_MAX_RECS)
			dv.recs[dv.n_recs++] = r;
		else
			dv.recs_lost = true;
	}
	if (seen < off + 4) {
		if (seen < 4 && q == FZ_CMDQ)
			r.hdr = req_hdr;
		if (dv.n_short < sizeof(dv.shorts) / sizeof(dv.shorts[0]))
			dv.shorts[dv.n_short++] = r;
		else
			dv.shorts_lost = true;
	}
	return used;
}

const struct fz_rec *dev_rec(uint32_t serial)
{
	if (serial < FZ_SERIAL0 || serial - FZ_SERIAL0 >= dv.n_recs)
		return NULL;
	return &dv.recs[serial - FZ_SERIAL0];
}

bool dev_short(uint32_t hdr, uint32_t used, uint8_t q, uint32_t status)
{
	const struct fz_rec *r;
	unsigned int i;

	for (i = 0; i < dv.n_short; i++) {
		r = &dv.shorts[i];
		if (r->hdr == hdr && r->used == used && r->q == q &&
		    (used < 8 || r->status == status))
			return true;
	}
	return false;
}

/* Publish one used element; @bad: the driver must refuse it. */
static void push_used(struct fz_dq *d, uint32_t id, uint32_t len, bool bad)
{
	struct scmi_vio_vring_used_elem *e =
		&d->vr.used->ring[d->used_idx % d->num];

	e->id = id;
	e->len = len;
	d->used_idx++;
	d->pushed++;
	/* The element is written before the index; pairs with the driver's
	 * acquire of used.idx. */
	sv_store_release(&d->vr.used->idx, d->used_idx);
	dv.hostile_ring |= bad;
}

static void ring_irq(void)
{
	if (dv.irq)
		(void)scmi_vio_doorbell_ring(dv.irq);
}

/* ---- popping what the driver made available ------------------------- */

static void plan_reply(struct fz_chain *c);

/*
 * Take the next available chain, checking the driver's rules on it: head
 * in range and not already ours, the cmdq's readable request then writable
 * response (the eventq's one writable buffer), all inside the window, no
 * INDIRECT (the transport gives the ring no indirect memory).
 */
static bool pop_one(unsigned int qi)
{
	struct fz_dq *d = &dv.q[qi];
	const struct scmi_vio_vring_desc *rd, *wd;
	uint16_t avail = sv_load_acquire(&d->vr.avail->idx), head;
	struct fz_chain *c;
	unsigned int i;
	uint8_t *req;

	if (avail == d->last_avail)
		return false;
	/* D-13: under EVENT_IDX the driver keeps avail.flags 0. */
	if (dv.features & 1ull << SCMI_VIO_F_EVENT_IDX)
		require(sv_read_once(&d->vr.avail->flags) == 0);
	head = sv_read_once(&d->vr.avail->ring[d->last_avail % d->num]);
	d->last_avail++;
	require(head < d->num);
	if (!dv.hostile_ring) {
		/* More new entries than free heads, or a head we hold made
		 * available again, would be a driver bug. */
		require((uint16_t)(avail - d->last_avail) < d->num - d->n_held);
		for (i = 0; i < d->n_held; i++)
			require(d->held[i].head != head);
	} else if (d->n_held == d->num) {
		/*
		 * After a ring-level lie the driver may have taken a lie
		 * for a completion (a head it had made available again
		 * before it read the lie): what we hold is a guess.
		 */
		memmove(d->held, d->held + 1,
			(d->num - 1) * sizeof(d->held[0]));
		d->n_held--;
	}
	c = &d->held[d->n_held++];
	memset(c, 0, sizeof(*c));
	c->head = head;
	c->due = NEVER;
	rd = &d->vr.desc[head];
	if (qi == FZ_EVQ) {
		require(rd->flags == SCMI_VIO_VRING_DESC_F_WRITE);
		c->buf = host_of(rd->addr, rd->len);
		require(c->buf && rd->len >= 8);
		c->cap = rd->len;
		return true;
	}
	require(rd->flags == SCMI_VIO_VRING_DESC_F_NEXT && rd->next < d->num);
	wd = &d->vr.desc[rd->next];
	require(wd->flags == SCMI_VIO_VRING_DESC_F_WRITE);
	req = host_of(rd->addr, rd->len);
	c->buf = host_of(wd->addr, wd->len);
	require(req && c->buf && rd->len >= 4 && wd->len >= 8);
	c->cap = wd->len;
	c->req_hdr = sv_get_le32(req);
	plan_reply(c);
	dv.last_req_hdr = c->req_hdr;
	hist[n_hist++ % 8] = c->req_hdr;
	return true;
}

/* ---- the script of one reply ------------------------------------------ */

struct fz_ev {
	uint64_t due;
	uint32_t hdr;
	uint32_t status;
	uint8_t kind; /* 0 notification, else a reply (status word) */
	uint8_t extra; /* payload bytes past the serial */
	uint32_t src;
};

static struct fz_ev evs[MAX_EVS];
static unsigned int n_evs;

static void schedule_ev(uint64_t due, uint32_t hdr, uint8_t kind, uint8_t extra,
			uint32_t src)
{
	if (n_evs == MAX_EVS)
		return;
	evs[n_evs++] = (struct fz_ev){ due, hdr, 0, kind, extra, src };
}

static uint32_t with_type(uint32_t hdr, unsigned int type)
{
	return (hdr & ~(SCMI_VIO_HDR_TYPE_MASK << SCMI_VIO_HDR_TYPE_SHIFT)) |
	       type << SCMI_VIO_HDR_TYPE_SHIFT;
}

/* A header for a reply to @req, lying as @mode says (0: the truth). */
static uint32_t lie(uint32_t req, unsigned int mode)
{
	const struct fz_dq *d = &dv.q[FZ_CMDQ];
	unsigned int i;

	switch (mode & 7) {
	case 1:
		return req ^ 1u << SCMI_VIO_HDR_ID_SHIFT; /* S-3 */
	case 2:
		return req ^ 1u << SCMI_VIO_HDR_PROTO_SHIFT; /* S-3 */
	case 3: /* another chain's request: its token (S-1, S-17) */
		return d->n_held ? d->held[fz_u8(&dv.in) % d->n_held].req_hdr :
				   dv.last_req_hdr;
	case 4: /* an earlier request's header: stale (S-1, S-4, S-17) */
		for (i = 1; i <= 8; i++)
			if (hist[(n_hist - i) % 8] != req)
				return hist[(n_hist - i) % 8];
		return req ^ 1u << SCMI_VIO_HDR_TOKEN_SHIFT;
	case 5:
		return with_type(req, SCMI_VIO_MSG_DELAYED_RESP); /* S-18 */
	case 6:
		return with_type(req, SCMI_VIO_MSG_NOTIFICATION); /* S-18 */
	case 7:
		return fz_u32(&dv.in); /* anything: S-2 */
	default:
		return req;
	}
}

/*
 * The reply plan of a command chain, read when it is popped:
 *   plan bit 0..1: when: 0 now (inside the kick), 1 in 1..4 ticks,
 *                  2 in 16..271 ticks (after a blocking timeout), 3 never
 *        bit 2..4: the header (lie())
 *        bit 5:    a delayed response too (on the eventq; S-5 for a sync
 *                  command)
 *        bit 6:    the delayed response before the response (S-6)
 *        bit 7:    a detail byte follows:
 *   detail bit 0..1: status: 0/1 SUCCESS, 2 an error, 3 any word (and
 *                    the eventq message of bit 5 is a type 0 response)
 *          bit 2..4: used length: 0 exact, 1 status only, 2 under 8 (S-10),
 *                    3 past the buffer (D-4), 4 the whole buffer, 5 zero,
 *                    6 0xffffffff, 7 exact plus payload bytes (S-11)
 *          bit 5:    no interrupt for it (a poll, the worker or process()
 *                    finds it)
 *          bit 6:    once used, its buffer is rewritten in place with a
 *                    lying header before the driver reaps it (S-17)
 *          bit 7:    its head is used twice (D-2)
 * Without input left: every command is answered at once, truthfully.
 */
static void plan_reply(struct fz_chain *c)
{
	uint8_t p = fz_u8(&dv.in);

	c->plan = p;
	c->detail = p & 0x80 ? fz_u8(&dv.in) : 0;
	switch (p & 3) {
	case 0:
		c->due = dv.tick;
		break;
	case 1:
		c->due = dv.tick + 1 + (p >> 5 & 3);
		break;
	case 2:
		c->due = dv.tick + WAIT_TICKS + fz_u8(&dv.in);
		break;
	default:
		c->due = NEVER;
		break;
	}
	if (p & 0x20) {
		uint64_t due = c->due == NEVER ? dv.tick + 2 : c->due;
		/* "Any status word" also sends a response, not a delayed
		 * one, on the eventq (S-18). */
		unsigned int type = (c->detail & 3) == 3 ? 0 : 2;

		due = p & 0x40 ? (due ? due - 1 : 0) : due + 1;
		schedule_ev(due, with_type(c->req_hdr, type), 1, 0, 0);
	}
}

/* A returned buffer, for an in-place rewrite at the next tick (S-17). */
struct fz_rw {
	uint8_t *buf;
	uint32_t cap, req_hdr, used;
};

static struct fz_rw rewrites[8];
static unsigned int n_rewrites;
/* The last buffer returned on the cmdq with a reply in it. */
static struct fz_rw last_reply;

static bool answer(struct fz_dq *d, struct fz_chain *c)
{
	uint8_t det = c->detail;
	uint32_t hdr = lie(c->req_hdr, c->plan >> 2), status = 0, used;
	uint32_t exact = 12;

	switch (det & 3) {
	case 2:
		status = (uint32_t) - (int32_t)(1 + fz_u8(&dv.in) % 9);
		break;
	case 3:
		status = fz_u32(&dv.in);
		break;
	default:
		break;
	}
	switch (det >> 2 & 7) {
	case 1:
		used = 8;
		break;
	case 2:
		used = fz_u8(&dv.in) % 8;
		break;
	case 3:
		used = c->cap + 1 + fz_u8(&dv.in);
		break;
	case 4:
		used = c->cap;
		break;
	case 5:
		used = 0;
		break;
	case 6:
		used = 0xffffffffu;
		break;
	case 7:
		used = exact + fz_u8(&dv.in) % c->cap;
		break;
	default:
		used = exact;
		break;
	}
	used = write_msg(c->buf, c->cap, hdr, status, used, FZ_CMDQ, c->req_hdr,
			 true);
	push_used(d, c->head, used, false);
	last_reply = (struct fz_rw){ c->buf, c->cap, c->req_hdr, used };
	if ((det & 0x40) && n_rewrites < 8)
		rewrites[n_rewrites++] = last_reply;
	if (det & 0x80)
		push_used(d, c->head, used, true); /* D-2 */
	return !(det & 0x20);
}

/* Forge what a returned, maybe unreaped buffer says (S-17). */
static void do_rewrites(void)
{
	unsigned int i;

	for (i = 0; i < n_rewrites; i++) {
		const struct fz_rw *w = &rewrites[i];

		/* Same used length: the driver reads as much as before. */
		(void)write_msg(w->buf, w->cap, lie(w->req_hdr, fz_u8(&dv.in)),
				0, w->used, FZ_CMDQ, w->req_hdr, true);
	}
	n_rewrites = 0;
}

/* Send due eventq messages while the driver has offered buffers. */
static bool send_events(void)
{
	struct fz_dq *d = &dv.q[FZ_EVQ];
	bool sent = false;
	unsigned int i = 0, k;

	while (i < n_evs && d->on) {
		struct fz_ev *e = &evs[i];
		struct fz_chain *c;
		uint32_t used;

		if (e->due > dv.tick || !d->n_held) {
			i++;
			continue;
		}
		c = &d->held[0];
		if (e->kind) {
			used = write_msg(c->buf, c->cap, e->hdr, e->status,
					 12u + e->extra, FZ_EVQ, 0, true);
		} else {
			used = write_msg(c->buf, c->cap, e->hdr, 0,
					 8u + e->extra, FZ_EVQ, 0, false);
			if (c->cap >= 12)
				sv_put_le32(c->buf + 8, e->src);
		}
		push_used(d, c->head, used, false);
		for (k = 1; k < d->n_held; k++)
			d->held[k - 1] = d->held[k];
		d->n_held--;
		evs[i] = evs[--n_evs];
		sent = true;
	}
	return sent;
}

/* Answer the command chains whose time came, in arrival order. */
static bool run_due(void)
{
	struct fz_dq *d = &dv.q[FZ_CMDQ];
	bool pushed = false, irq = false;
	unsigned int i = 0, k;

	do_rewrites();
	while (i < d->n_held) {
		struct fz_chain c = d->held[i];

		if (c.due > dv.tick) {
			i++;
			continue;
		}
		for (k = i + 1; k < d->n_held; k++)
			d->held[k - 1] = d->held[k];
		d->n_held--;
		irq |= answer(d, &c);
		pushed = true;
	}
	if (send_events()) {
		pushed = true;
		irq = true;
	}
	if (irq)
		ring_irq();
	return pushed;
}

/*
 * With EVENT_IDX, ask to be kicked for the next new entry, as a device
 * that sleeps between kicks does; re-popping is the kick loop's job.
 */
static void ask_kicks(void)
{
	unsigned int i;

	if (!(dv.features & 1ull << SCMI_VIO_F_EVENT_IDX))
		return;
	for (i = 0; i < 2; i++)
		if (dv.q[i].on)
			sv_write_once(scmi_vio_vring_avail_event(&dv.q[i].vr),
				      dv.q[i].last_avail);
	/* The event words are visible before avail.idx is read again;
	 * pairs with the driver's full barrier in kick_prepare(). */
	sv_smp_mb();
	for (i = 0; i < 2; i++)
		if (dv.q[i].on &&
		    sv_read_once(&dv.q[i].vr.avail->idx) != dv.q[i].last_avail)
			dv.kick_again = true;
}

static void pop_all(void)
{
	while (dv.q[FZ_EVQ].on && pop_one(FZ_EVQ))
		;
	while (pop_one(FZ_CMDQ))
		;
}

/* Pop everything new, then answer what is due now. */
static bool serve(void)
{
	pop_all();
	ask_kicks();
	return run_due();
}

/* The kick. */
static void dev_kick(void *arg)
{
	if (!dv.started)
		return;
	if (dv.in_kick) {
		/* The interrupt we rang re-entered the driver, which
		 * kicked again: the outer call goes round once more. */
		dv.kick_again = true;
		return;
	}
	dv.in_kick = true;
	do {
		dv.kick_again = false;
		(void)serve();
	} while (dv.kick_again);
	dv.in_kick = false;
}

static bool dev_ticks(void)
{
	bool moved;

	if (!dv.started || dv.in_kick)
		return false;
	dv.in_kick = true;
	dv.tick++;
	/* A device that also polls: what the driver added unkicked. */
	moved = serve();
	dv.in_kick = false;
	if (dv.kick_again)
		dev_kick(NULL);
	return moved;
}

void dev_tick(void)
{
	(void)dev_ticks();
}

/*
 * A spontaneous eventq message, scheduled now or a little later:
 *   which bit 0..1: 0 a notification of a protocol from fz_protos (the
 *                   next byte: event id, source), 1 a delayed response
 *                   to the last request or a held one (S-5..S-7),
 *                   2 a response (type 0) on the eventq (S-18), 3 any
 *                   header
 *         bit 2..4: protocol index (notifications); bit 5..7: delay
 */
void dev_event(uint8_t which)
{
	const struct fz_dq *cq = &dv.q[FZ_CMDQ];
	uint32_t hdr = cq->n_held ? cq->held[cq->n_held - 1].req_hdr :
				    dv.last_req_hdr;
	uint64_t due = dv.tick + (which >> 5);
	struct scmi_vio_hdr h;
	uint8_t b;

	switch (which & 3) {
	case 0:
		b = fz_u8(&dv.in);
		h = (struct scmi_vio_hdr){ .id = b & 3,
					   .type = SCMI_VIO_MSG_NOTIFICATION,
					   .protocol =
						   fz_protos[which >> 2 & 7],
					   .token = 0 };
		/* Payload: serial, source; the serial counts per input so
		 * the subscriber can check arrival order (invariant 9). */
		schedule_ev(due, scmi_vio_hdr_pack(&h), 0, b >> 4, b >> 2 & 3);
		break;
	case 1:
		schedule_ev(due, with_type(hdr, 2), 1, 0, 0);
		break;
	case 2:
		schedule_ev(due, with_type(hdr, 0), 1, 0, 0);
		break;
	default:
		schedule_ev(due, fz_u32(&dv.in), 1, fz_u8(&dv.in) & 7, 0);
		break;
	}
	if (!dv.in_kick && dv.started) {
		dv.in_kick = true;
		(void)run_due();
		dv.in_kick = false;
		if (dv.kick_again)
			dev_kick(NULL);
	}
}

/*
 * Ring-level lies (D-1..D-3, D-7, D-8):
 *   which bit 0..2: 0 a used id >= the queue size (D-1), 1 a used id not
 *                   in flight (D-2), 2 the last used head again (D-2),
 *                   3 used.idx jumps past everything in flight (D-3),
 *                   4 an interrupt with nothing used (D-8), 5 a held
 *                   chain's second descriptor as the used id (D-2),
 *                   6 random avail_event and used.flags (D-7), 7 a
 *                   returned buffer rewritten in place (S-17)
 *         bit 3:    on the eventq instead of the cmdq
 */
/* A hostile used entry for head @v, unless the device holds @v (then it
 * is in flight and its entry would be a real one). */
static void push_unless_held(struct fz_dq *d, uint16_t v)
{
	unsigned int i;

	for (i = 0; i < d->n_held; i++)
		if (d->held[i].head == v)
			return;
	push_used(d, v, 8, true);
}

void dev_hostile(uint8_t which)
{
	struct fz_dq *d =
		&dv.q[which & 8 && dv.q[FZ_EVQ].on ? FZ_EVQ : FZ_CMDQ];
	uint16_t v;

	if (!dv.started || dv.in_kick)
		return;
	/* Every head the driver made available is held here now, so one
	 * that is not is free or already used: not in flight. */
	dv.in_kick = true;
	pop_all();
	dv.in_kick = false;
	switch (which & 7) {
	case 0:
		push_used(d, d->num + fz_u8(&dv.in), 8, true);
		break;
	case 1:
		push_unless_held(d, fz_u8(&dv.in) % d->num);
		break;
	case 2:
		if (!d->pushed)
			return;
		/* Unless the driver made it available again meanwhile. */
		v = (uint16_t)d->vr.used->ring[(d->used_idx - 1) % d->num].id;
		push_unless_held(d, v);
		break;
	case 3:
		d->used_idx += (uint16_t)(d->num + 1);
		sv_store_release(&d->vr.used->idx, d->used_idx);
		dv.hostile_ring = true;
		break;
	case 5:
		if (!d->n_held || d == &dv.q[FZ_EVQ])
			return;
		push_used(d, d->vr.desc[d->held[0].head].next, 8, true);
		break;
	case 6:
		v = fz_u16(&dv.in);
		sv_write_once(scmi_vio_vring_avail_event(&d->vr), v);
		sv_write_once(&d->vr.used->flags, (uint16_t)(v >> 15));
		return;
	case 7:
		/* Reaped already or not: either way the driver must not
		 * take forged bytes for a reply they do not answer. */
		if (last_reply.buf && n_rewrites < 8)
			rewrites[n_rewrites++] = last_reply;
		dev_tick();
		return;
	default:
		break;
	}
	/* The driver must judge the lie now: later, the head it names
	 * may be in flight again, and the lie a valid completion. */
	if (dv.irq)
		ring_irq();
	else
		(void)scmi_vio_virtio_scmi_process(dv.vs);
}

/* ---- the virtio device ---------------------------------------------- */

static int vdev_start(void *ctx, uint64_t features,
		      const struct scmi_vio_vring_gpa *q, unsigned int n,
		      struct scmi_vio_doorbell *irq)
{
	unsigned int i;

	dv.features = features;
	for (i = 0; i < n; i++) {
		struct fz_dq *d = &dv.q[i];
		uint8_t *desc = host_of(q[i].desc_gpa,
					scmi_vio_vring_desc_bytes(q[i].num));
		uint8_t *avail = host_of(q[i].avail_gpa,
					 scmi_vio_vring_avail_bytes(q[i].num));
		uint8_t *used = host_of(q[i].used_gpa,
					scmi_vio_vring_used_bytes(q[i].num));

		/* The driver lays its rings inside its own window. */
		require(desc && avail && used && q[i].num <= FZ_MAX_NUM);
		require(!scmi_vio_vring_attach(&d->vr, q[i].num, desc, avail,
					       used));
		d->on = true;
		d->num = q[i].num;
	}
	dv.irq = irq;
	dv.started = true;
	return 0;
}

static void vdev_reset(void *ctx)
{
	dv.started = false;
}

static const struct scmi_vio_vdev_ops vdev_ops = {
	.start = vdev_start,
	.reset = vdev_reset,
};

/* Rings, then cmdq messages (request + response), then eventq messages. */
static size_t window_size(unsigned int num, size_t payload)
{
	size_t pdu = payload + 8, ring = scmi_vio_vring_size(num, 4) + 16;

	return 2 * ring + (size_t)num / 2 * (2 * pdu + 8) +
	       (size_t)num * (pdu + 8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Script after the configuration byte, one operation per byte until the
 * input ends (at most 128):
 *   op bit 0..2: 0..1 a command (op_cmd), 2 a raw exchange (op_raw),
 *                3 subscribe or unsubscribe (op_sub), 4 an eventq message
 *                (dev_event), 5 a ring-level lie (dev_hostile), 6 the
 *                worker, process() or device ticks (op_drive), 7 a
 *                command then a tick
 *      bit 3..7: the operation's argument
 * The invariants are checked after every operation.
 */
/* A command, then the device's clock moves on. */
static void op_cmd_tick(uint8_t which)
{
	op_cmd(which);
	dev_tick();
}

/* An operation by the low 3 bits of its byte; the rest are its own. */
static void (*const ops[8])(uint8_t which) = { op_cmd,	  op_cmd,
					       op_raw,	  op_sub,
					       dev_event, dev_hostile,
					       op_drive,  op_cmd_tick };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int nums[4] = { 2, 4, 8, 16 };
	static const size_t payloads[4] = { 8, 16, 32, 128 };
	struct scmi_vio_virtio_scmi_config vc;
	struct scmi_vio_agent_config ac = { .reply_timeout_ms = 1,
					    .dresp_timeout_ms = 1,
					    .notify_depth = 4,
					    .raw_depth = 4 };
	struct scmi_vio_vdev vdev;
	unsigned int steps = 0;
	uint8_t conf;
	int r;

	if (size < 1)
		return 0;
	memset(&dv, 0, sizeof(dv));
	n_evs = 0;
	n_rewrites = 0;
	n_hist = 0;
	memset(hist, 0, sizeof(hist));
	memset(&last_reply, 0, sizeof(last_reply));
	dv.in = (struct fz_in){ data, size, 0 };
	conf = fz_u8(&dv.in);
	main_thread = pthread_self();
	memset(&vdev, 0, sizeof(vdev));
	vdev.features = 1ull << SCMI_VIO_F_VERSION_1;
	if (conf & 0x20)
		vdev.features |= 1ull << SCMI_VIO_F_EVENT_IDX;
	if (!(conf & 0x40))
		vdev.features |= 1ull << SCMI_VIO_F_P2A_CHANNELS;
	vdev.queue_num = nums[conf & 3];
	dv.mem_size = window_size(vdev.queue_num, payloads[conf >> 2 & 3]);
	/* Exactly the window: a driver access past it is a heap overflow. */
	dv.mem = malloc(dv.mem_size);
	require(dv.mem);
	memset(dv.mem, 0, dv.mem_size);
	vdev.mem = dv.mem;
	vdev.gpa = GPA;
	vdev.size = dv.mem_size;
	require(!scmi_vio_doorbell_inline_create(dev_kick, NULL, &dv.kick));
	vdev.kick = dv.kick;
	vdev.ops = &vdev_ops;
	memset(&vc, 0, sizeof(vc));
	vc.max_payload = payloads[conf >> 2 & 3];
	vc.irq_mode = conf & 0x10 ? SCMI_VIO_IRQ_NONE : SCMI_VIO_IRQ_INLINE;
	active = true;
	fake_threads = true;
	r = scmi_vio_virtio_scmi_probe(&vdev, &vc, &dv.vs);
	fake_threads = false;
	require(r == 0);
	ops_reset(conf & 0x80);
	require(!ops_agent_create(&ac));
	check_all();
	while (fz_left(&dv.in) && steps++ < 128) {
		uint8_t op = fz_u8(&dv.in);

		ops[op & 7](op >> 3);
		check_all();
	}
	ops_teardown();
	scmi_vio_virtio_scmi_remove(dv.vs);
	active = false;
	scmi_vio_doorbell_destroy(dv.kick);
	free(dv.mem);
	return 0;
}
