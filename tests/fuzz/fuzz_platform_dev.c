// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target: a hostile guest driver against the platform device
 * (lib/platform/dev.c) through its public device API.
 *
 * The input is the driver: it writes descriptors (any address, length,
 * flags and next), available ring slots and indices, indirect tables and
 * request bytes into guest memory, mixed with well-formed SCMI request
 * chains (direct, or direct descriptors ended by one INDIRECT table: V-8)
 * and eventq buffers so the protocol handlers and the outbox run too, and
 * calls scmi_vio_platform_dev_service() between its writes.  The device
 * runs with or without EVENT_IDX, INDIRECT_DESC, P2A, out-of-order replies,
 * a small budget and seeded random faults, as the configuration bytes say.
 *
 * Guest memory is a writable region and a read-only region with a hole
 * between them, each mapped between PROT_NONE guard pages, the read-only
 * one read-only in this process too: a device access outside the map, or
 * a write to the read-only region, is a fault.  After every service round
 * the target checks (docs/architecture.md section 10, invariants 2 and 3; V-*):
 *  - the device wrote only the used rings and buffers a descriptor (direct
 *    or in an indirect table) marked device-writable; nothing else of the
 *    writable region changed;
 *  - every new used element names a head below the queue size, reports no
 *    more bytes than the descriptors offer, and a round adds no more used
 *    elements than two queues' worth; without faults, a well-formed
 *    command chain nothing scribbled on is answered (V-8, V-19);
 *  - after a round reported a broken queue (-EIO), that queue's used
 *    ring never moves again (which one broke is not told: with one queue
 *    none moves, with two not both);
 *  - the counters agree: rounds, interrupts rung, replies <= commands, and
 *    the platform's outbox accounting.
 *
 * Input: configuration bytes (see LLVMFuzzerTestOneInput()), then
 * operations, one byte each plus their arguments (see op()).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/guest_mem.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/scmi_wire.h>
#include <scmi_vio/vring.h>

#include "common/byteorder.h"

#include "fuzz_input.h"

#define PAGE 4096u
#define RW_SIZE (2 * PAGE)
#define RO_SIZE PAGE
#define GPA_RW 0x100000ull
#define GPA_RO (GPA_RW + RW_SIZE + PAGE) /* a one-page hole between */
#define RING_OFF(q) ((q)*0x400u) /* cmdq, eventq rings */
#define IND_OFF 0x800u /* indirect tables */
#define BUF_OFF 0xc00u /* request and response buffers */
#define MAX_NUM 16u

static uint8_t *host; /* guard, RW, guard, RO, guard */
static uint8_t *rw, *ro;
static uint8_t snap[RW_SIZE];
static uint8_t may_write[RW_SIZE];

static struct st {
	struct fz_in in;
	unsigned int num;
	uint64_t features;
	bool has_evq;
	struct scmi_vio_vring vr[2];
	uint16_t avail_idx[2];
	uint16_t used_seen[2];
	bool broken; /* service reported -EIO */
	uint16_t used_at_break[2];
	uint64_t services, irqs;
	unsigned int next_buf; /* bump allocator in the buffer area */
	/*
	 * Heads of well-formed command chains nothing has scribbled on
	 * since (1 + the shape), and the other descriptor each uses: with
	 * no faults such a chain must be answered (V-8: including the
	 * direct descriptor ended by an INDIRECT table).
	 */
	uint8_t good[MAX_NUM];
	uint8_t other[MAX_NUM];
	bool faults;
	uint64_t wmax; /* the most writable bytes offered in any round */
} s;

static void count_irq(void *arg)
{
	s.irqs++;
}

/* A guest address from a selector byte and an offset. */
static uint64_t pick_addr(uint8_t sel, uint16_t off)
{
	switch (sel & 7) {
	case 0:
	case 1:
		return GPA_RW + BUF_OFF + off % (RW_SIZE - BUF_OFF);
	case 2:
		return GPA_RW + IND_OFF + (off % 64) * 16u;
	case 3:
		return GPA_RO + off % RO_SIZE;
	case 4:
		return GPA_RW + RW_SIZE + off % PAGE; /* the hole: V-12 */
	case 5:
		return GPA_RW + off % RW_SIZE; /* anywhere, rings included */
	case 6:
		return UINT64_MAX - off; /* wraps: V-11 */
	default:
		return GPA_RO + RO_SIZE - 8 + off % 16; /* past the end */
	}
}

static uint8_t *host_rw(uint64_t gpa, uint64_t len)
{
	if (gpa < GPA_RW || gpa - GPA_RW >= RW_SIZE ||
	    len > RW_SIZE - (gpa - GPA_RW))
		return NULL;
	return rw + (gpa - GPA_RW);
}

static void put_desc(struct scmi_vio_vring_desc *d, uint64_t addr, uint32_t len,
		     uint16_t flags, uint16_t next)
{
	sv_put_le64(&d->addr, addr);
	sv_put_le32(&d->len, len);
	d->flags = flags;
	d->next = next;
}

/* Make head @h available on queue @q and publish the index. */
static void expose(unsigned int q, uint16_t h)
{
	struct scmi_vio_vring *vr = &s.vr[q];

	vr->avail->ring[s.avail_idx[q] % s.num] = h;
	s.avail_idx[q]++;
	vr->avail->idx = s.avail_idx[q];
}

/* Room in the buffer area, wrapping round (old buffers get reused). */
static uint64_t take_buf(uint32_t len)
{
	uint64_t gpa;

	if (s.next_buf + len > RW_SIZE - BUF_OFF)
		s.next_buf = 0;
	gpa = GPA_RW + BUF_OFF + s.next_buf;
	s.next_buf += (len + 7) & ~7u;
	return gpa;
}

/* Descriptor @d is rewritten: no chain using it is well formed now. */
static void forget(unsigned int d)
{
	unsigned int h;

	for (h = 0; h < s.num; h++)
		if (s.good[h] && (h == d || s.other[h] == d))
			s.good[h] = 0;
}

static const uint8_t protos[8] = { 0x10, 0x14, 0x15, 0x13,
				   0x10, 0x14, 0x15, 0x42 };

/*
 * A well-formed request chain at a head from the input: request {header,
 * params} then a response buffer, in one of three shapes (@arg bit 0..1):
 * two direct descriptors; a direct request ended by an INDIRECT table
 * holding the response (V-8: valid, the device must accept it); or one
 * INDIRECT descriptor whose table holds both (the only shape that fits a
 * queue of one).  Without INDIRECT_DESC negotiated the last two must be
 * refused, consumed once.
 */
static void good_chain(uint8_t arg)
{
	struct scmi_vio_vring_desc *dt = s.vr[0].desc, *it;
	uint16_t h = fz_u8(&s.in) % s.num, n = (h + 1) % s.num;
	struct scmi_vio_hdr hd = { .protocol = protos[fz_u8(&s.in) & 7],
				   .id = fz_u8(&s.in) & 15,
				   .type = SCMI_VIO_MSG_COMMAND,
				   .token = fz_u16(&s.in) & 0x3ff };
	uint32_t plen = fz_u8(&s.in) % 24, rlen = 8 + fz_u8(&s.in);
	uint64_t req = take_buf(4 + plen), resp = take_buf(rlen);
	uint64_t t = GPA_RW + IND_OFF + h * 64u; /* one table per head */
	unsigned int shape = s.num == 1 ? 2 : arg % 3;
	uint8_t *p = host_rw(req, 4 + plen);
	uint32_t i;

	sv_put_le32(p, scmi_vio_hdr_pack(&hd));
	for (i = 0; i < plen; i++)
		p[4 + i] = fz_u8(&s.in);
	it = (struct scmi_vio_vring_desc *)(void *)host_rw(t, 32);
	forget(h);
	forget(n);
	switch (shape) {
	case 0:
		put_desc(&dt[n], resp, rlen, SCMI_VIO_VRING_DESC_F_WRITE, 0);
		put_desc(&dt[h], req, 4 + plen, SCMI_VIO_VRING_DESC_F_NEXT, n);
		break;
	case 1:
		put_desc(it, resp, rlen, SCMI_VIO_VRING_DESC_F_WRITE, 0);
		put_desc(&dt[n], t, 16, SCMI_VIO_VRING_DESC_F_INDIRECT, 0);
		put_desc(&dt[h], req, 4 + plen, SCMI_VIO_VRING_DESC_F_NEXT, n);
		break;
	default:
		put_desc(&it[0], req, 4 + plen, SCMI_VIO_VRING_DESC_F_NEXT, 1);
		put_desc(&it[1], resp, rlen, SCMI_VIO_VRING_DESC_F_WRITE, 0);
		put_desc(&dt[h], t, 32, SCMI_VIO_VRING_DESC_F_INDIRECT, 0);
		break;
	}
	/* Indirect shapes are valid only with INDIRECT_DESC, and no chain
	 * of two descriptors fits a queue of one (V-6). */
	if (s.num > 1 &&
	    (shape == 0 || s.features & 1ull << SCMI_VIO_F_INDIRECT_DESC)) {
		s.good[h] = 1 + (uint8_t)shape;
		s.other[h] = shape == 2 ? h : n;
	}
	expose(0, h);
}

static void good_event_buf(void)
{
	uint16_t h;

	if (!s.has_evq)
		return;
	h = fz_u8(&s.in) % s.num;
	put_desc(&s.vr[1].desc[h], take_buf(64), 8 + fz_u8(&s.in),
		 SCMI_VIO_VRING_DESC_F_WRITE, 0);
	expose(1, h);
}

static bool in_used(size_t off)
{
	unsigned int q;

	for (q = 0; q < 2; q++) {
		size_t uo = RING_OFF(q) + scmi_vio_vring_used_offset(s.num, 4);

		if (off >= uo && off - uo < scmi_vio_vring_used_bytes(s.num))
			return true;
	}
	return false;
}

/* Mark what a device-writable descriptor may be written. */
static void allow(const struct scmi_vio_vring_desc *d, uint64_t *wbytes)
{
	uint64_t addr = sv_get_le64(&d->addr), len = sv_get_le32(&d->len);
	uint64_t lo, hi;

	if (!(d->flags & SCMI_VIO_VRING_DESC_F_WRITE))
		return;
	*wbytes += len;
	/* [addr, addr + len) within the writable region (no wrap). */
	lo = addr > GPA_RW ? addr : GPA_RW;
	hi = addr + len < addr ? UINT64_MAX : addr + len;
	if (hi > GPA_RW + RW_SIZE)
		hi = GPA_RW + RW_SIZE;
	if (lo < hi)
		memset(may_write + (lo - GPA_RW), 1, hi - lo);
}

/*
 * Before a round: what may change, and the most a used length can say:
 * all writable bytes the descriptors offered at the start of this or any
 * earlier round (a chain is popped in some round, and its length cannot
 * exceed what the descriptors offered then).
 */
static uint64_t prepare_check(void)
{
	uint64_t wbytes = 0;
	unsigned int q, i, k;

	/* may_write only grows: a chain popped in an earlier round keeps
	 * the buffers it had then (V-18), which parked replies (DELAY,
	 * REORDER) write later, whatever the descriptors say by then. */
	memcpy(snap, rw, RW_SIZE);
	for (q = 0; q < 1u + s.has_evq; q++) {
		const struct scmi_vio_vring *vr = &s.vr[q];
		size_t uo = (size_t)((uint8_t *)vr->used - rw);

		memset(may_write + uo, 1, scmi_vio_vring_used_bytes(s.num));
		for (i = 0; i < s.num; i++) {
			const struct scmi_vio_vring_desc *d = &vr->desc[i];
			const struct scmi_vio_vring_desc *t;
			uint32_t len = sv_get_le32(&d->len);

			allow(d, &wbytes);
			if (!(d->flags & SCMI_VIO_VRING_DESC_F_INDIRECT))
				continue;
			t = (const void *)host_rw(sv_get_le64(&d->addr), len);
			for (k = 0; t && k < len / 16; k++) {
				struct scmi_vio_vring_desc e;

				/* A table at any address: copy it out. */
				memcpy(&e, (const uint8_t *)t + 16 * k, 16);
				allow(&e, &wbytes);
			}
		}
	}
	if (wbytes > s.wmax)
		s.wmax = wbytes;
	return s.wmax;
}

static void check_round(int ret, uint64_t wbytes,
			struct scmi_vio_platform_dev *dev,
			struct scmi_vio_platform *plat)
{
	struct scmi_vio_platform_dev_stats ds;
	struct scmi_vio_platform_stats ps;
	unsigned int q, i, moved = 0;
	bool changed;

	require(ret >= 0 || ret == -EIO);
	/* Invariant 2: writes only where the driver allowed them. */
	/* A round that wrote nothing is the common case: one compare. */
	changed = memcmp(rw, snap, RW_SIZE) != 0;
	for (i = 0; changed && i < RW_SIZE; i++) {
		if (rw[i] != snap[i] && !may_write[i])
			fprintf(stderr,
				"device wrote guest byte %#llx (%#x "
				"-> %#x), which no writable descriptor "
				"offers\n",
				GPA_RW + i, snap[i], rw[i]);
		require(rw[i] == snap[i] || may_write[i]);
	}
	for (q = 0; q < 1u + s.has_evq; q++) {
		const struct scmi_vio_vring *vr = &s.vr[q];
		uint16_t idx = vr->used->idx, n = idx - s.used_seen[q];

		/* Invariant 3: once a round reported a broken queue, that
		 * one never moves its used ring again: with one queue, no
		 * used ring moves; with two, not both. */
		if (s.broken && idx != s.used_at_break[q])
			moved++;
		require(n <= 2 * s.num);
		for (; s.used_seen[q] != idx; s.used_seen[q]++) {
			const struct scmi_vio_vring_used_elem *e =
				&vr->used->ring[s.used_seen[q] % s.num];

			uint32_t id = sv_get_le32(&e->id);

			require(id < s.num);
			require(sv_get_le32(&e->len) <= wbytes);
			if (q == 0 && s.good[id] && !s.faults && !s.broken) {
				/* A well-formed command gets its reply. */
				if (sv_get_le32(&e->len) < 8)
					fprintf(stderr,
						"good chain of shape "
						"%u at head %u refused\n",
						s.good[id] - 1, id);
				require(sv_get_le32(&e->len) >= 8);
			}
			if (q == 0)
				s.good[id] = 0;
		}
	}
	require(moved < 1u + s.has_evq);
	if (ret == -EIO && !s.broken) {
		s.broken = true;
		s.used_at_break[0] = s.vr[0].used->idx;
		if (s.has_evq)
			s.used_at_break[1] = s.vr[1].used->idx;
	}
	scmi_vio_platform_dev_get_stats(dev, &ds);
	require(ds.rounds == s.services && ds.irqs == s.irqs);
	require(ds.replies + ds.short_chains <= ds.commands);
	require(ds.events <= ds.rounds * s.num);
	scmi_vio_platform_get_stats(plat, &ps);
	require(ps.delayed_sent <= ps.delayed_queued);
	require(ps.notif_sent <= ps.notif_queued);
	require(scmi_vio_platform_events_pending(plat) ==
		(ps.delayed_queued - ps.delayed_sent) +
			(ps.notif_queued - ps.notif_sent));
}

static void service(struct scmi_vio_platform_dev *dev,
		    struct scmi_vio_platform *plat)
{
	uint64_t wbytes = prepare_check();
	int ret = scmi_vio_platform_dev_service(dev);

	s.services++;
	check_round(ret, wbytes, dev, plat);
}

/*
 * One operation:
 *   op bit 0..2: 0 write a descriptor (index, address selector and
 *                offset, length, flags, next), 1 write an avail slot,
 *                2 move avail.idx (bit 4..7: by 1..16; 15: backwards or
 *                any value, V-1), 3 write raw bytes anywhere in the
 *                writable region (offset, count, bytes), 4 a well-formed
 *                command chain (bit 4: response behind INDIRECT), 5 a
 *                well-formed eventq buffer, 6..7 service rounds (bit 4..5:
 *                1..4 of them)
 *      bit 3:    the eventq instead of the cmdq (ops 0..2)
 */
static void op(uint8_t o, struct scmi_vio_platform_dev *dev,
	       struct scmi_vio_platform *plat)
{
	unsigned int q = (o & 8) && s.has_evq, k;
	struct scmi_vio_vring *vr = &s.vr[q];
	uint16_t off, i;
	uint8_t sel, n;

	switch (o & 7) {
	case 0:
		i = fz_u8(&s.in) % s.num;
		sel = fz_u8(&s.in);
		off = fz_u16(&s.in);
		if (!q)
			forget(i);
		put_desc(&vr->desc[i], pick_addr(sel, off),
			 sel & 0x80 ? fz_u32(&s.in) : fz_u16(&s.in),
			 fz_u8(&s.in) & 7, fz_u8(&s.in) % (s.num + 2));
		break;
	case 1:
		i = fz_u8(&s.in);
		vr->avail->ring[i % s.num] = fz_u8(&s.in) % (s.num + 1);
		memset(s.good, 0, sizeof(s.good)); /* which head is next? */
		break;
	case 2:
		n = o >> 4;
		if (n == 15)
			s.avail_idx[q] = fz_u16(&s.in);
		else
			s.avail_idx[q] += n + 1;
		vr->avail->idx = s.avail_idx[q];
		memset(s.good, 0, sizeof(s.good));
		break;
	case 3:
		off = fz_u16(&s.in) % RW_SIZE;
		n = fz_u8(&s.in) % 32;
		for (k = 0; k < n && off + k < RW_SIZE; k++) {
			uint8_t b = fz_u8(&s.in);

			/* The used rings are the device's part: what the
			 * checks read there must be what it wrote. */
			if (!in_used(off + k))
				rw[off + k] = b;
		}
		memset(s.good, 0, sizeof(s.good));
		break;
	case 4:
		good_chain(o >> 4);
		break;
	case 5:
		good_event_buf();
		break;
	default:
		for (k = 0; k <= (o >> 4 & 3u); k++)
			service(dev, plat);
		break;
	}
}

static void map_memory(void)
{
	host = mmap(NULL, RW_SIZE + RO_SIZE + 3 * PAGE, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	require(host != MAP_FAILED);
	rw = host + PAGE;
	ro = rw + RW_SIZE + PAGE;
	require(!mprotect(rw, RW_SIZE, PROT_READ | PROT_WRITE));
	require(!mprotect(ro, RO_SIZE, PROT_READ));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Configuration: c0 bit 0..2 log2 of the queue size (1..16), bit 3
 * EVENT_IDX, bit 4 INDIRECT_DESC, bit 5 no P2A (no eventq), bit 6
 * out-of-order replies, bit 7 random faults; c1 the budget (0: the queue
 * size); with faults, c2 the rate (x 1/256), c3..c4 the kinds, c5 the
 * seed and the faults' argument.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scmi_vio_gmem_region r[2] = {
		{ GPA_RW, RW_SIZE, NULL, true },
		{ GPA_RO, RO_SIZE, NULL, false },
	};
	struct scmi_vio_platform_dev_config dc;
	struct scmi_vio_fault_plan plan;
	struct scmi_vio_platform_config pc;
	struct scmi_vio_platform *plat;
	struct scmi_vio_platform_dev *dev;
	struct scmi_vio_doorbell *irq[2];
	struct scmi_vio_gmem *gm;
	unsigned int q, steps = 0;
	uint8_t c0;

	if (size < 2)
		return 0;
	if (!host)
		map_memory();
	memset(rw, 0, RW_SIZE);
	memset(may_write, 0, RW_SIZE);
	memset(&s, 0, sizeof(s));
	s.in = (struct fz_in){ data, size, 0 };
	c0 = fz_u8(&s.in);
	s.num = 1u << (c0 & 7) % 5;
	s.has_evq = !(c0 & 0x20);
	s.features = 1ull << SCMI_VIO_F_VERSION_1 |
		     (c0 & 8 ? 1ull << SCMI_VIO_F_EVENT_IDX : 0) |
		     (c0 & 0x10 ? 1ull << SCMI_VIO_F_INDIRECT_DESC : 0) |
		     (s.has_evq ? 1ull << SCMI_VIO_F_P2A_CHANNELS : 0);
	r[0].host = rw;
	r[1].host = ro;
	require(!scmi_vio_gmem_create(r, 2, &gm));
	scmi_vio_platform_config_default(&pc);
	require(!scmi_vio_platform_create(&pc, &plat));
	require(!scmi_vio_doorbell_inline_create(count_irq, NULL, &irq[0]));
	require(!scmi_vio_doorbell_inline_create(count_irq, NULL, &irq[1]));
	memset(&dc, 0, sizeof(dc));
	dc.plat = plat;
	dc.gmem = gm;
	dc.features = s.features;
	dc.budget = fz_u8(&s.in) % (s.num + 1);
	dc.out_of_order = c0 & 0x40;
	dc.cmdq_irq = irq[0];
	dc.eventq_irq = irq[1];
	for (q = 0; q < 1u + s.has_evq; q++) {
		struct scmi_vio_vring_gpa *dq = q ? &dc.eventq : &dc.cmdq;
		uint8_t *base = rw + RING_OFF(q);

		require(!scmi_vio_vring_layout(&s.vr[q], s.num, base, 4));
		dq->num = s.num;
		dq->desc_gpa = GPA_RW + RING_OFF(q);
		dq->avail_gpa =
			GPA_RW + (uint64_t)((uint8_t *)s.vr[q].avail - rw);
		dq->used_gpa =
			GPA_RW + (uint64_t)((uint8_t *)s.vr[q].used - rw);
	}
	if (c0 & 0x80) {
		memset(&plan, 0, sizeof(plan));
		plan.rate_ppm = (uint32_t)fz_u8(&s.in) * 3900u;
		plan.kinds = fz_u16(&s.in) & ((1u << SCMI_VIO_FAULT_NR) - 2);
		plan.seed = fz_u8(&s.in) | 1u;
		plan.random_arg = plan.seed % 5;
		dc.faults = &plan;
		s.faults = plan.rate_ppm && plan.kinds;
	}
	if (scmi_vio_platform_dev_create(&dc, &dev) == 0) {
		while (fz_left(&s.in) && steps++ < 256)
			op(fz_u8(&s.in), dev, plat);
		service(dev, plat);
		scmi_vio_platform_dev_destroy(dev);
	}
	scmi_vio_doorbell_destroy(irq[0]);
	scmi_vio_doorbell_destroy(irq[1]);
	scmi_vio_platform_destroy(plat);
	scmi_vio_gmem_destroy(gm);
	return 0;
}
