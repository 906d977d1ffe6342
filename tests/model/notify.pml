/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Notification suppression on a split virtqueue: no lost wake-up (L-11).
 *
 * What is modelled, from the C:
 *  - the driver (lib/ring/virtqueue.c) as the virtio-scmi transport drives
 *    it (lib/virtio_scmi/send.c): send = add one chain, release-store
 *    avail.idx, kick_prepare (full barrier, then avail_event or used.flags,
 *    need_event), ring the kick doorbell; the interrupt handler =
 *    vs_complete(): disable_cb, reap until empty (used.idx cached in
 *    used_idx_seen, re-read with acquire only when all seen are reaped),
 *    then re-arm and re-check.  Three re-arm styles, chosen at each
 *    interrupt: enable_cb (arm_cb + poll's full barrier + used.idx),
 *    enable_cb_delayed (event at 3/4 of the outstanding chains), and
 *    reaping with callbacks left on (get_used's used_event update and its
 *    full barrier; the next get_used re-reads used.idx).
 *  - the device (lib/ring/vq_device.c) as the platform thread drives it
 *    (lib/platform/dev.c): a service round pops every available chain,
 *    pushes each (release-store used.idx), need_notify (full barrier, then
 *    used_event or avail.flags, need_event), rings the interrupt; when a
 *    round found nothing, enable_notify (avail_event or used.flags, full
 *    barrier, re-read avail.idx) and sleep on the kick doorbell; or, as
 *    scmi_vio_platform_dev_step() does (the thread, the inline loopback),
 *    enable_notify and re-check at the end of the round that drained the
 *    queue and ring the interrupt after it (chosen at each round).  After a
 *    wake-up it may call disable_notify (the platform never does; a
 *    device-role user may, and without EVENT_IDX this is what makes the
 *    driver's barrier matter).
 *
 * Weak memory.  Promela is sequentially consistent, so each side has an
 * explicit FIFO store buffer: a store enters it and reaches memory later,
 * at a step of the memory process; a load sees the newest buffered store of
 * its own side to that location, else memory; a full barrier
 * (sv_smp_mb()) drains the buffer.  That is TSO: loads and stores stay in
 * program order except that a load may pass an earlier store to another
 * location, the store-buffer pattern the two barrier pairs exist for.
 * Release stores and acquire loads need nothing more under TSO, and the
 * data they publish (descriptors, ring entries, used elements) is not
 * modelled: only the indices and the suppression fields are.  Weaker models
 * (arm64) add load-load and store-store reordering, which the
 * release/acquire pairs forbid for every pair this protocol relies on.
 * A doorbell is a latch: ringing is a store through the ringer's buffer
 * (so it is ordered after the ringer's earlier stores, the release the
 * thread and eventfd doorbells give), consuming it is an atomic
 * test-and-clear at memory that does not drain the waiter's buffer (we
 * assume no fence from it: fewer barriers, more behaviours).
 *
 * Abstractions, and why they are sound:
 *  - the driver's sender and interrupt threads are one process: they are
 *    serialized by the channel lock, and under TSO a lock hand-over makes
 *    the previous holder's stores visible to the next, so one FIFO buffer
 *    shared by both over-approximates two;
 *  - indices are modulo IDX_MOD (8) instead of 2^16.  At most NREQ (3)
 *    chains are ever made available and at most QSZ (2) are in flight, so
 *    every difference need_event and the in-flight checks compute lies in
 *    [0, NREQ + 1] < IDX_MOD: the modular results equal the 16-bit ones.
 *    The run starts with every index at START, 0 or IDX_MOD - 2, so the
 *    arithmetic also crosses the wrap.  The forced notification after
 *    2^16 - 1 unnotified entries cannot happen within the bound;
 *  - the work budgets (V-21, D-11) end a round early and come straight
 *    back to the same code: not modelled;
 *  - the inline doorbell (the handler runs on the ringer's thread) is not
 *    modelled: program order then replaces the cross-thread pattern.
 *
 * Property: no lost wake-up.  The driver ends only when all NREQ requests
 * were reaped; the device's only valid end is asleep on its doorbell.  A
 * side asleep while work is pending for it and no notification on its way
 * is a state where nothing can move, which pan reports as an invalid end
 * state (deadlock).  Assertions check the index bookkeeping.
 *
 * Mutants (-DMUTANT=n), each expected to FAIL with an invalid end state:
 *  1 no barrier in the driver's kick_prepare       (lost kick)
 *  2 no barrier in the device's enable_notify      (lost kick)
 *  3 no barrier in the device's need_notify        (lost interrupt)
 *  4 no barrier in the driver's poll / enable_cb   (lost interrupt)
 *  5 no barrier after the driver's used_event update (lost interrupt,
 *    EVENT_IDX only)
 */

#ifndef EVENT_IDX
#define EVENT_IDX 0
#endif
#ifndef MUTANT
#define MUTANT 0
#endif

#define NREQ 3 /* chains the driver makes available in a run */
#define QSZ 2 /* ring size: chains in flight at most */
#define IDX_MOD 8
#define IDX(x) ((x) & (IDX_MOD - 1))
/* scmi_vio_vring_need_event(), modulo IDX_MOD */
#define NEED_EVENT(ev, nw, old) (IDX((nw) - (ev) - 1) < IDX((nw) - (old)))

/* Shared memory locations. */
#define L_AVAIL_IDX 0
#define L_AVAIL_FLAGS 1
#define L_USED_EVENT 2 /* avail->ring[num] */
#define L_USED_IDX 3
#define L_USED_FLAGS 4
#define L_AVAIL_EVENT 5 /* used->ring[num] */
#define L_KICK 6 /* driver -> device doorbell */
#define L_IRQ 7 /* device -> driver doorbell */
#define NLOC 8

#define F_NO_INTERRUPT 1 /* avail.flags */
#define F_NO_NOTIFY 1 /* used.flags */

#define DRV 0
#define DEV 1
#define SBN 3 /* store buffer entries per side */

typedef sbuf {
	byte loc[SBN];
	byte val[SBN];
	byte n
};

byte mem[NLOC];
sbuf sb[2];

/* A store enters the side's buffer (waits while it is full). */
inline store(s, l, v)
{
	d_step {
		sb[s].n < SBN;
		sb[s].loc[sb[s].n] = l;
		sb[s].val[sb[s].n] = v;
		sb[s].n++
	}
}

/* The oldest buffered store of side s reaches memory. */
inline flush_one(s)
{
	mem[sb[s].loc[0]] = sb[s].val[0];
	sb[s].loc[0] = sb[s].loc[1];
	sb[s].val[0] = sb[s].val[1];
	sb[s].loc[1] = sb[s].loc[2];
	sb[s].val[1] = sb[s].val[2];
	sb[s].loc[2] = 0;
	sb[s].val[2] = 0;
	sb[s].n--
}

/* sv_smp_mb(): everything buffered reaches memory first. */
inline mb(s)
{
	d_step {
		do
		:: sb[s].n > 0 -> flush_one(s)
		:: else -> break
		od
	}
}

/* A load: the newest own buffered store to l, else memory. */
inline load(s, l, dst)
{
	d_step {
		dst = mem[l];
		k = 0;
		do
		:: k < sb[s].n ->
			if
			:: sb[s].loc[k] == l -> dst = sb[s].val[k]
			:: else
			fi;
			k++
		:: else -> break
		od;
		k = 0
	}
}

/* A full barrier the mutant n removes. */
#define MB_UNLESS(n, s) if :: MUTANT != n -> mb(s) :: else fi

byte reaped; /* chains the driver reaped (for the end check) */

/* Stores drain whenever the hardware likes. */
active proctype memory()
{
end:
	do
	:: d_step { sb[DRV].n > 0 -> flush_one(DRV) }
	:: d_step { sb[DEV].n > 0 -> flush_one(DEV) }
	od
}

proctype driver(byte start)
{
	byte avail_idx = start; /* next avail.idx to publish */
	byte used = start; /* chains reaped, low bits */
	byte seen = start; /* used_idx_seen */
	byte flags = 0; /* avail_flags shadow */
	byte sent = 0, v, k, bufs, style;
	bool disabled;

	do
	:: sent < NREQ && sent - reaped < QSZ ->
		/* add(): the chain, then publish_avail()'s release store */
		avail_idx = IDX(avail_idx + 1);
		sent++;
		store(DRV, L_AVAIL_IDX, avail_idx);
		/* kick_prepare() */
		MB_UNLESS(1, DRV);
		if
		:: EVENT_IDX ->
			load(DRV, L_AVAIL_EVENT, v);
			v = NEED_EVENT(v, avail_idx, IDX(avail_idx - 1))
		:: else ->
			load(DRV, L_USED_FLAGS, v);
			v = !(v & F_NO_NOTIFY)
		fi;
		if
		:: v -> store(DRV, L_KICK, 1) /* notify() */
		:: else
		fi
	:: d_step { mem[L_IRQ] -> mem[L_IRQ] = 0 } ->
		/* The interrupt handler: vs_complete() and its variants. */
		if
		:: style = 0 /* disable, drain, enable_cb */
		:: style = 1 /* disable, drain, enable_cb_delayed */
		:: style = 2 /* callbacks stay on: get_used until empty */
		fi;
		disabled = false;
		do
		:: true ->
			if
			:: style != 2 && !disabled ->
				/* disable_cb() */
				disabled = true;
				if
				:: !(flags & F_NO_INTERRUPT) ->
					flags = F_NO_INTERRUPT;
					if
					:: EVENT_IDX ->
						store(DRV, L_USED_EVENT, IDX(used - 1))
					:: else ->
						store(DRV, L_AVAIL_FLAGS, flags)
					fi
				:: else
				fi
			:: else
			fi;
			/* reap_one(): used.idx is read (acquire) only once
			 * everything seen before is reaped. */
			if
			:: seen == used -> load(DRV, L_USED_IDX, seen)
			:: else
			fi;
			assert(IDX(seen - used) <= sent - reaped);
			if
			:: seen != used ->
				used = IDX(used + 1);
				reaped++;
				/* update_used_event() */
				if
				:: EVENT_IDX && !(flags & F_NO_INTERRUPT) ->
					store(DRV, L_USED_EVENT, used);
					MB_UNLESS(5, DRV)
				:: else
				fi
			:: else ->
				/* Empty: re-arm and re-check, or stop. */
				if
				:: style == 2 -> break
				:: else
				fi;
				if
				:: style == 0 -> bufs = 0
				:: else -> bufs = IDX(avail_idx - used) * 3 / 4
				fi;
				/* arm_cb() */
				if
				:: flags & F_NO_INTERRUPT ->
					flags = 0;
					if
					:: !EVENT_IDX ->
						store(DRV, L_AVAIL_FLAGS, 0)
					:: else
					fi
				:: else
				fi;
				if
				:: EVENT_IDX ->
					store(DRV, L_USED_EVENT, IDX(used + bufs))
				:: else
				fi;
				/* poll() / enable_cb_delayed()'s re-check */
				MB_UNLESS(4, DRV);
				load(DRV, L_USED_IDX, v);
				if
				:: IDX(v - used) <= bufs -> break
				:: else -> disabled = false /* raced in */
				fi
			fi
		od
	:: sent == NREQ && reaped == NREQ -> break
	od
}

proctype device(byte start)
{
	byte last_avail = start, avail_seen = start;
	byte used_idx = start, signalled = start;
	byte unsignalled = 0, popped, n, v, old, k;
	bool step, ring;

	do
	:: true ->
		/* One service round: pop all, push all, need_notify. */
		n = 0;
		do
		:: true ->
			/* pop(): avail.idx (acquire) once all seen are taken */
			if
			:: avail_seen == last_avail ->
				load(DEV, L_AVAIL_IDX, v);
				assert(IDX(v - last_avail) <= QSZ);
				if
				:: v == last_avail -> break
				:: else -> avail_seen = v
				fi
			:: else
			fi;
			last_avail = IDX(last_avail + 1);
			n++
		od;
		popped = n;
		do
		:: popped > 0 ->
			/* push(): used_put, release store of used.idx */
			used_idx = IDX(used_idx + 1);
			unsignalled++;
			store(DEV, L_USED_IDX, used_idx);
			popped--
		:: else -> break
		od;
		/* need_notify() */
		ring = false;
		if
		:: unsignalled > 0 ->
			old = signalled;
			signalled = used_idx;
			unsignalled = 0;
			MB_UNLESS(3, DEV);
			if
			:: EVENT_IDX ->
				load(DEV, L_USED_EVENT, v);
				ring = NEED_EVENT(v, used_idx, old)
			:: else ->
				load(DEV, L_AVAIL_FLAGS, v);
				ring = !(v & F_NO_INTERRUPT)
			fi
		:: else
		fi;
		/*
		 * Either loop, chosen at each round: service() rings, and
		 * arm() follows a round that found nothing; step() arms at
		 * the end of the round that drained the queue, under the same
		 * lock, and rings after it.
		 */
		if
		:: step = true
		:: step = false
		fi;
		if
		:: !step && ring -> store(DEV, L_IRQ, 1)
		:: else
		fi;
		if
		:: !step && n > 0 -> skip /* go round again */
		:: else ->
			/* arm_kicks(): enable_notify() */
			if
			:: EVENT_IDX -> store(DEV, L_AVAIL_EVENT, last_avail)
			:: else -> store(DEV, L_USED_FLAGS, 0)
			fi;
			MB_UNLESS(2, DEV);
			load(DEV, L_AVAIL_IDX, v);
			if
			:: step && ring -> store(DEV, L_IRQ, 1)
			:: else
			fi;
			if
			:: v == last_avail ->
end_sleep:			d_step { mem[L_KICK] -> mem[L_KICK] = 0 };
				/* disable_notify(), if this device uses it */
				if
				:: !EVENT_IDX -> store(DEV, L_USED_FLAGS, F_NO_NOTIFY)
				:: true
				fi
			:: else
			fi
		fi
	od
}

init
{
	byte start;

	if
	:: start = 0
	:: start = IDX_MOD - 2
	fi;
	d_step {
		mem[L_AVAIL_IDX] = start;
		mem[L_USED_EVENT] = start;
		mem[L_USED_IDX] = start;
		mem[L_AVAIL_EVENT] = start
	}
	atomic {
		run driver(start);
		run device(start)
	}
}
