/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtio-scmi transport's message and channel lifecycle
 * (docs/architecture.md invariants 5, 7 and 8; docs/linux-notes.md A4, A5,
 * A10.3-A10.8; docs/hostile-inputs.md S-8, S-9, L-1..L-3, L-8, L-9).
 *
 * What is modelled, from the C:
 *  - NCALL callers (1 or 2), each running one command through
 *    scmi_vio__xfer_run()
 *    (lib/scmi/xfer_wait.c): SENT, send, then either the blocking wait
 *    (deadline, give_up()'s CAS SENT -> ABANDONED, else wait for the
 *    claimed reply) or the polled wait (done by another path, poll_done,
 *    deadline, then CAS SENT -> RESP and fetch; or the poll ended by the
 *    transport, then give_up() as at the deadline), mark_txdone, xfer_put.
 *    Caller i polls when bit i of POLLED is set;
 *  - the receive path (lib/scmi/rx.c reply_rx): token lookup taking an xfer
 *    reference (lib/scmi/xfer.c), judge()'s CAS SENT -> RESP, fetch,
 *    complete, put.  A late reply finds no token or an ABANDONED xfer;
 *  - the transport (lib/virtio_scmi/chan.c, complete.c, send.c): the channel refcount with
 *    increment-if-not-zero (lib/common/refcount.h), chan_release()'s last
 *    reference signalling the shutdown completion, chan_free(); send_msg()
 *    (message refcount 1, or 2 when polled, poll state, add); the
 *    completion path vs_complete() (acquire/release around every buffer,
 *    reap under the lock, deliver outside it, release the device's
 *    reference, the budget hand-off to the worker); poll_msg() (the racy
 *    POLL_DONE look, the ring poll, the drain with the POLLING -> POLL_DONE
 *    CAS, the pending list, the worker kick); txdone_msg() (the CAS
 *    POLLING -> POLL_TIMEOUT that races the poller's); worker_run();
 *  - a device that returns the buffers it holds in any order (D-9) and
 *    rings the interrupt after each;
 *  - an interrupt thread (IRQ=1) running the completion path after each
 *    interrupt, or none (IRQ=0: completions only by pollers and the
 *    worker, as when the owner polls);
 *  - with SHUTDOWN=1, one chan_free() at any moment.
 *
 * Each CTest configuration fixes (POLLED, SHUTDOWN, IRQ, NCALL); that is
 * the bound within which the search is exhaustive.
 *
 * Abstractions, and why they are sound:
 *  - the virtqueue is the set of messages the device holds plus a FIFO
 *    used ring and two counters (chains used, chains reaped) for poll
 *    positions.  Every vq operation runs under ch->lock and touches the
 *    device's side only through one index, so each is one atomic step;
 *    notification suppression is not modelled (the device interrupts
 *    after every buffer): that protocol is notify.pml's, and here more
 *    interrupts only means more interleavings of the completion path;
 *  - memory is sequentially consistent: the shared fields involved are
 *    sequentially consistent RMWs (refcounts, poll states, xfer states)
 *    or protected by locks, with release/acquire publication of the
 *    buffers they guard;
 *  - ch->lock is a lock where its section spans steps that race with
 *    others; the pending list and xfer pool sections touch nothing else
 *    shared, so each is one atomic step.  The message pool (M_FREE) is
 *    the C's two lists: the send takes its message under ch->lock in the
 *    section that adds it (one atomic block here, putting the lock-free
 *    stack in front of the locked list when it holds any; which free
 *    message is taken does not matter to the model); a last msg_release()
 *    or txdone_free() pushes the message on that stack with one CAS and
 *    no lock, one atomic step here that does not wait for ch_lock.
 *    Other sequences are merged where no step of
 *    another process touches both ends (see "Merged steps" below);
 *  - delayed responses, notifications and the event queue are left out
 *    (the eventq re-feeds buffers and has no message refcount); one
 *    token per xfer, never reused within the run (the 1024-allocation
 *    reuse distance is xfer.c's unit-tested property);
 *  - payload bytes are not modelled: a fetch asserts that the message it
 *    reads is still the caller's and not back on the free list.
 *
 * Properties (assertions; pan -DSAFETY also reports deadlocks):
 *  - invariant 7: a message is in one place at a time (mloc), is freed only
 *    when its last user drops it, never while the device holds it, at
 *    most once per use, and (without shutdown) every message is back on
 *    the free list once everything is quiet;
 *  - invariant 5: every sent xfer gets exactly one mark_txdone and exactly
 *    one outcome: a reply (exactly one completion), or a timeout or an
 *    ended poll (no completion, ever); no completion after the waiter has
 *    its outcome;
 *  - invariant 8: after chan_free() returns no channel reference is taken
 *    and nothing is delivered; chan_free() itself returns;
 *  - no refcount (channel, message, xfer) is put below zero.
 *
 * Mutants (-DMUTANT=n), each expected to FAIL with an assertion:
 *  1 txdone_msg() also drops the device's reference of a POLLING message
 *    when the outcome is not a timeout (the device's reference then has
 *    two owners: the receive path that dequeued it, and mark_txdone)
 *  2 chan_free() does not wait for the last user
 *  3 the deadline abandons the xfer with a plain store, not a CAS on SENT
 *  4 the worker delivers the pending replies but never frees the timed-out
 *    ones (a message is stranded)
 *  5 txdone_msg() frees a timed-out POLLING message at once instead of
 *    parking it as POLL_TIMEOUT (recycled while the device holds it)
 */

#ifndef MUTANT
#define MUTANT 0
#endif

/* Callers (1 or 2), one xfer each; xfer i has token i. */
#ifndef NCALL
#define NCALL 2
#endif
/* Bit i set: caller i polls (-DPOLLED=0..3). */
#ifndef POLLED
#define POLLED 3
#endif
/* 1: an interrupt thread runs the completion path; 0: no interrupts
 * (completions only by pollers and the worker, as when the owner drives
 * the transport by polling). */
#ifndef IRQ
#define IRQ 1
#endif
/* 1: one shutdown, at any moment; 0: none. */
#ifndef SHUTDOWN
#define SHUTDOWN 1
#endif
#define NMSG 2 /* cmdq message pool (max_msg) */
#define NONE 255

/* Where a message is (invariant 7). */
#define M_FREE 0
#define M_TAKEN 1 /* a sender has it, not (or no longer) in the ring */
#define M_DEV 2 /* the device holds it */
#define M_USED 3 /* on the used ring, not reaped */
#define M_OUT 4 /* reaped: with the path that dequeued it */
#define M_PEND 5 /* on the pending list */

/* enum vs_poll_state */
#define NOT_POLLED 0
#define POLLING 1
#define POLL_TIMEOUT 2
#define POLL_DONE 3

/* xfer states */
#define X_IDLE 0
#define X_SENT 1
#define X_RESP 2
#define X_ABANDONED 3

/* wait results */
#define R_NONE 0
#define R_REPLY 1
#define R_TIMEOUT 2
#define R_SENDERR 3
#define R_ENDED 4 /* the transport ended the poll: no reply can come */

/* messages */
byte mloc[NMSG];
byte musers[NMSG];
byte mstat[NMSG];
byte mowner[NMSG]; /* the xfer whose header it carries */
byte mpos[NMSG]; /* poll position */
bool mfreed[NMSG]; /* returned to the free list in this use */

/* xfers */
byte xstate[NCALL];
bool xdone[NCALL];
byte xusers[NCALL];
bool xinflight[NCALL]; /* token registered */
byte xresult[NCALL];

/* the cmdq: used ring, counters, broken latch */
chan usedq = [NMSG] of { byte };
byte ring_used; /* chains the device used */
byte vq_used; /* chains reaped */
bool vq_broken;

/* the channel */
byte ch_users = 1;
bool ch_lock, ready = 1, freeing, sd_installed, sd_signalled;
bool worker_ok = 1, breaking;
bool sd_returned; /* chan_free() has returned */
chan pendq = [NMSG] of { byte };

/* doorbells and threads */
bool irq, work, irq_busy, worker_busy;
byte callers_done;

/* scmi_vio__vs_chan_acquire(): increment if not zero. */
inline chan_acquire(ok)
{
	atomic {
		if
		:: ch_users > 0 -> ch_users++; ok = 1
		:: else -> ok = 0
		fi;
		assert(!ok || !sd_returned)
	}
}

/*
 * Merged steps.  Several sequences below run as one atomic step: a
 * channel acquire followed by the operation it guards, or the last
 * release with its locked section and the completion signal.  This is
 * sound because no single step of another process touches both the
 * channel count and anything the rest of the sequence touches: any
 * interleaving of the split sequence reorders into one of the merged one
 * with the same effect.  The steps the protocol races on (reap vs the
 * device, the empty reap vs its re-check, lookup vs give_up, the
 * poll-state CASes) stay separate.
 */

/* scmi_vio__vs_chan_release(): the last one signals the shutdown. */
inline chan_release()
{
	d_step {
		assert(ch_users > 0);
		ch_users--;
		last = ch_users == 0
	}
	if
	:: last ->
		atomic {
			/* under ch->lock, then completion_signal() */
			!ch_lock;
			c = sd_installed;
			sd_installed = 0;
			ready = 0;
			if
			:: c -> sd_signalled = 1
			:: else
			fi;
			c = 0;
			last = 0
		}
	:: else
	fi
}

/* Back to the pool, by its only holder: scmi_vio__vs_msg_free() (a CAS
 * onto the lock-free stack) or, for a send whose add failed,
 * __scmi_vio__vs_msg_free() (msg_pool.c). */
inline msg_to_pool(m)
{
	mstat[m] = NOT_POLLED;
	assert(mloc[m] != M_DEV && mloc[m] != M_USED);
	assert(!mfreed[m]);
	mfreed[m] = 1;
	mloc[m] = M_FREE
}

/* scmi_vio__vs_msg_release(): the last user returns it to the pool. */
inline msg_release(m)
{
	d_step {
		assert(musers[m] > 0);
		musers[m]--;
		if
		:: musers[m] == 0 -> msg_to_pool(m)
		:: else
		fi
	}
}

/* scmi_vio__xfer_put() */
inline xfer_put(x)
{
	d_step {
		assert(xusers[x] > 0);
		xusers[x]--;
		if
		:: xusers[x] == 0 -> xinflight[x] = 0
		:: else
		fi
	}
}

/*
 * Fetch the reply out of message m (NONE: no message, nothing read), then
 * scmi_vio__xfer_complete().  The message must still be x's, not recycled;
 * the waiter must not have its outcome yet; one completion per xfer.
 */
inline xfer_complete(x, m)
{
	d_step {
		assert(m == NONE || (mloc[m] != M_FREE && mowner[m] == x));
		assert(xresult[x] == R_NONE);
		assert(!xdone[x]);
		xdone[x] = 1
	}
}

/* reap(): one used buffer, under ch->lock: r = 1, 0 or -1 (broken). */
inline reap(r, m)
{
	d_step {
		if
		:: vq_broken -> r = -1
		:: !vq_broken && nempty(usedq) ->
			usedq?m;
			mloc[m] = M_OUT;
			vq_used++;
			r = 1
		:: !vq_broken && empty(usedq) -> r = 0
		fi
	}
}

/* scmi_vio_vq_poll(pos): used since pos (false once broken). */
#define VQ_POLL(pos) (!vq_broken && (vq_used != (pos) || ring_used != (pos)))

/* deliver() -> scmi_vio_agent_rx() -> reply_rx() */
inline deliver(m)
{
	/* the token lookup and judge()'s claim SENT -> RESP: one step,
	 * as a caller's give_up() or put between them has the effect of one
	 * before the lookup */
	d_step {
		assert(!sd_returned);
		x = mowner[m];
		if
		:: xinflight[x] ->
			xusers[x]++;
			found = 1 + (xstate[x] == X_SENT);
			if
			:: found == 2 -> xstate[x] = X_RESP
			:: else /* late (S-8) or stale (S-4) */
			fi
		:: else -> found = 0 /* S-1, S-8: token no longer in flight */
		fi
	}
	if
	:: found == 2 -> xfer_complete(x, m)
	:: else
	fi;
	if
	:: found -> xfer_put(x)
	:: else
	fi;
	found = 0
}

/*
 * scmi_vio__vs_complete() for the cmdq.  Step A is lock, the budget check
 * and one reap; step B the re-check of an empty reap (enable_cb()) and the
 * unlock: the device may push between the two, which is the race the
 * re-check is for.
 */
inline complete()
{
	n = 0;
	do
	:: true ->
		atomic {
			chan_acquire(ok);
			if
			:: !ok -> break
			:: else
			fi;
			!ch_lock;
			ch_lock = 1;
			if
			:: n == NMSG ->
				/* the budget: enable, hand the rest to the
				 * worker */
				r = 2;
				defer = VQ_POLL(vq_used) && worker_ok;
				ch_lock = 0
			:: else -> reap(r, m)
			fi
		}
		if
		:: r == 2 ->
			if
			:: defer -> work = 1
			:: else
			fi;
			chan_release();
			break
		:: else
		fi;
		atomic {
			if
			:: r == 0 && !VQ_POLL(vq_used) ->
				/* enable_cb(): nothing raced in */
				r = 3
			:: else
			fi;
			ch_lock = 0
		}
		if
		:: r == 1 ->
			n++;
			deliver(m);
			msg_release(m)
		:: else
		fi;
		chan_release();
		if
		:: r == -1 || r == 3 -> break
		:: else
		fi
	od
}

/*
 * scmi_vio__vs_poll_msg(): res = 1 when the reply is in, 2 when none can
 * come (no channel, a broken ring), 0 to poll again.  The fast
 * path (nothing used since the position, queue not broken) takes no
 * channel reference: the C's argument that the queue's memory outlives
 * every poller is about lifetime, which this model does not track; what
 * is checked here is that the look, then a separate acquire, loses no
 * reply and no shutdown.
 */
/* poll_end(): ended, unless another poller dequeued the reply for us. */
#define POLL_END(me, res) res = (mstat[me] == POLL_DONE -> 1 : 2)

inline poll_msg(me, res)
{
	if
	:: mstat[me] == POLL_DONE -> res = 1
	:: else ->
		atomic {
			moved = VQ_POLL(mpos[me]);
			if
			:: !moved && !vq_broken -> res = 0; held = 2
			:: else
			fi
		}
		if
		:: held != 2 ->
			atomic {
				chan_acquire(ok);
				if
				:: ok && moved ->
					!ch_lock;
					ch_lock = 1;
					held = 1
				:: else
				fi
			}
		:: else
		fi;
		if
		:: held == 2 -> held = 0
		:: !ok && !held -> POLL_END(me, res)
		:: ok && !held ->
			/* broken */
			chan_release();
			POLL_END(me, res)
		:: held == 1 ->
			do
			:: atomic {
				/* reap, then the CAS POLLING -> POLL_DONE
				 * (a plain store for the poller's own
				 * message, whose only other writer, its
				 * txdone_msg(), runs later in this process):
				 * one step, as nothing else touches the ring
				 * under the lock, and the CAS does not touch
				 * the ring */
				reap(r, m);
				if
				:: r == 1 && mstat[m] == POLLING ->
					mstat[m] = POLL_DONE;
					if
					:: m == me -> found = 1
					:: else
					fi
				:: r == 1 && mstat[m] != POLLING ->
					/* NOT_POLLED or POLL_TIMEOUT: the
					 * worker's */
					mloc[m] = M_PEND;
					pendq!m;
					pend = 1
				:: else
				fi;
				if
				:: r != 1 || found -> break
				:: else
				fi
			   }
			od;
			atomic {
				/* re-arm (enable_cb() or a new position),
				 * unlock, then worker_kick() (nothing but the
				 * worker reads work) */
				if
				:: !found -> mpos[me] = vq_used
				:: else
				fi;
				if
				:: (pend || VQ_POLL(vq_used)) && worker_ok ->
					work = 1
				:: else
				fi;
				ch_lock = 0;
				if
				:: found -> res = 1
				:: !found && r == -1 -> POLL_END(me, res)
				:: else -> res = 0
				fi;
				found = 0;
				pend = 0;
				held = 0
			}
			chan_release()
		fi
	fi
}

/* scmi_vio__vs_txdone_msg() */
inline txdone_msg(m, ret)
{
	atomic {
		chan_acquire(ok);
		if
		:: ok && mstat[m] == POLLING -> mstat[m] = POLL_TIMEOUT; cas = 1
		:: ok && mstat[m] != POLLING -> cas = 0; st = mstat[m]
		:: else
		fi
	}
	if
	:: ok ->
		if
		:: cas ->
			msg_release(m);
			if
			:: (MUTANT == 1 && ret != R_TIMEOUT) ||
			   (MUTANT == 5 && ret == R_TIMEOUT) ->
				msg_release(m)
			:: else
			fi
		:: !cas && st == POLL_DONE ->
			/* txdone_free(): the owner holds both users */
			d_step {
				assert(musers[m] == 2);
				musers[m] = 0;
				msg_to_pool(m)
			}
		:: else
		fi;
		chan_release()
	:: else
	fi
}

/* give_up(): abandon the xfer unless a receive path claimed it. */
inline give_up(x, gave)
{
	d_step {
		if
		:: MUTANT == 3 -> xstate[x] = X_ABANDONED; gave = 1
		:: MUTANT != 3 && xstate[x] == X_SENT ->
			xstate[x] = X_ABANDONED; gave = 1
		:: else -> gave = 0
		fi
	}
}

proctype caller(byte x)
{
	byte m = NONE, r, n, st, res, wret, y = NONE, txdones;
	bool ok, last, c, polled, found, cas, pend, gave, moved;
	byte held;

	atomic {
		/* xfer_get(), xfer_prepare(), SENT */
		xusers[x] = 1;
		xinflight[x] = 1;
		polled = (POLLED >> x) & 1;
		xstate[x] = X_SENT
	}

	/* vs_send() -> scmi_vio__vs_send_msg() */
	chan_acquire(ok);
	if
	:: !ok -> wret = R_SENDERR
	:: ok && breaking -> chan_release(); wret = R_SENDERR
	:: else ->
		atomic {
			/* under ch->lock: take a message from the pool, the
			 * poll position, the add; a failed add puts the
			 * message back at once (no one else saw it) */
			!ch_lock;
			if
			:: mloc[0] == M_FREE -> m = 0
			:: mloc[0] != M_FREE && mloc[1] == M_FREE -> m = 1
			:: else -> m = NONE
			fi;
			if
			:: m != NONE ->
				mloc[m] = M_TAKEN;
				mfreed[m] = 0;
				mowner[m] = x;
				musers[m] = 1 + polled;
				mstat[m] = (polled -> POLLING : NOT_POLLED);
				if
				:: polled -> mpos[m] = vq_used
				:: else
				fi;
				if
				:: vq_broken ->
					r = 1;
					musers[m] = 0;
					msg_to_pool(m)
				:: else -> mloc[m] = M_DEV; r = 0
				fi
			:: else
			fi
		}
		if
		:: m == NONE -> chan_release(); wret = R_SENDERR /* -EBUSY */
		:: else ->
			if
			:: r ->
				chan_release();
				wret = R_SENDERR
			:: else ->
				chan_release();
				if
				:: polled -> y = m /* scmi_vio_xfer_set_priv() */
				:: else
				fi
			fi
		fi
	fi;
	if
	:: wret == R_SENDERR ->
		xstate[x] = X_ABANDONED;
		xresult[x] = wret;
		goto put
	:: else
	fi;

	if
	:: !polled ->
		/* wait_blocking() */
		if
		:: xdone[x] -> wret = R_REPLY
		:: true ->
			/* the deadline passed: give up unless claimed */
			give_up(x, gave);
			if
			:: gave -> wret = R_TIMEOUT
			:: else -> xdone[x]; wret = R_REPLY
			fi
		fi
	:: polled ->
		/* wait_polled() */
		do
		:: xdone[x] -> wret = R_REPLY; break
		:: else ->
			/* vs_poll_done(): the message is bound (y) */
			poll_msg(y, res);
			if
			:: res == 1 ->
				d_step {
					if
					:: xstate[x] == X_SENT ->
						xstate[x] = X_RESP; cas = 1
					:: else -> cas = 0
					fi
				}
				if
				:: cas -> xfer_complete(x, y)
				:: else -> xdone[x]
				fi;
				wret = R_REPLY;
				break
			:: res == 2 ->
				/* poll_give_up(): the transport's error */
				give_up(x, gave);
				if
				:: gave -> wret = R_ENDED
				:: else -> xdone[x]; wret = R_REPLY
				fi;
				break
			:: res == 0 -> skip /* poll again */
			:: res == 0 ->
				/* the deadline */
				give_up(x, gave);
				if
				:: gave -> wret = R_TIMEOUT
				:: else -> xdone[x]; wret = R_REPLY
				fi;
				break
			fi
		od
	fi;
	atomic {
		assert(xresult[x] == R_NONE);
		xresult[x] = wret;
		/* exactly one outcome: a reply completed once, a timeout never */
		assert((wret == R_REPLY) == xdone[x]);
		/* vs_mark_txdone(): exactly once per sent xfer */
		txdones++
	}
	if
	:: y != NONE -> txdone_msg(y, wret)
	:: else
	fi;
put:
	d_step {
		xfer_put(x);
		assert(txdones == (wret != R_SENDERR));
		callers_done++
	}
}

proctype device()
{
	byte m;

end:
	do
	:: atomic {
		(mloc[0] == M_DEV || mloc[1] == M_DEV);
		if
		:: mloc[0] == M_DEV -> m = 0
		:: mloc[1] == M_DEV -> m = 1
		fi;
		mloc[m] = M_USED;
		usedq!m;
		ring_used++;
		m = 0;
		irq = 1 /* need_notify() is always true here */
	   }
	od
}

/* The interrupt thread: scmi_vio__vs_irq() per doorbell wake-up. */
proctype irq_thread()
{
	byte r, m, n, x, c;
	bool ok, last, defer;
	byte found;

end:
	do
	:: atomic { irq -> irq = 0; irq_busy = 1 };
		complete();
		irq_busy = 0
	od
}

/* The deferred worker: scmi_vio__vs_worker_run() per kick. */
proctype worker()
{
	byte r, m, n, x, c, k, j;
	bool ok, last, defer;
	byte found;
	byte taken[NMSG];

end:
	do
	:: atomic { work -> work = 0; worker_busy = 1 };
		chan_acquire(ok);
		if
		:: ok ->
			atomic {
				k = 0;
				do
				:: nempty(pendq) ->
					pendq?m; taken[k] = m; k++
				:: empty(pendq) -> break
				od;
				m = 0
			}
			j = 0;
			do
			:: j < k ->
				m = taken[j];
				j++;
				mloc[m] = M_OUT;
				if
				:: mstat[m] == NOT_POLLED ->
					deliver(m);
					msg_release(m)
				:: MUTANT != 4 && mstat[m] != NOT_POLLED ->
					msg_release(m)
				:: else
				fi
			:: else -> break
			od;
			atomic { taken[0] = 0; taken[1] = 0; m = 0; j = 0; k = 0 };
			complete();
			chan_release()
		:: else
		fi;
		worker_busy = 0
	od
}

/* scmi_vio__vs_chan_free() */
proctype shutdown()
{
	bool last, c;

	/* breaking, then the break: one step (a reader between the two
	 * stores behaves as before both, or bails out on breaking) */
	atomic {
		breaking = 1;
		vq_broken = 1
	}
	atomic {
		/* under ch->lock */
		!ch_lock;
		assert(ready && !freeing);
		freeing = 1;
		sd_installed = 1;
		worker_ok = 0
	}
	chan_release();
	if
	:: MUTANT == 2
	:: else -> sd_signalled /* completion_wait() */
	fi;
	sd_returned = 1
}

init
{
	bool shut = SHUTDOWN;

	atomic {
		run caller(0);
		if
		:: NCALL > 1 -> run caller(1)
		:: else
		fi;
		run device();
		if
		:: IRQ -> run irq_thread()
		:: else
		fi;
		run worker();
		if
		:: shut -> run shutdown()
		:: else
		fi
	}
	/*
	 * Everything quiet: every message is back (invariant 7).  Without
	 * an interrupt thread a buffer may wait on the used ring for the
	 * owner's next poll or process() call.
	 */
	if
	:: shut -> sd_returned
	:: else ->
		atomic {
			callers_done == NCALL && (empty(usedq) || !IRQ) &&
			empty(pendq) && (!irq || !IRQ) && !work && !irq_busy &&
			!worker_busy && mloc[0] != M_DEV && mloc[1] != M_DEV;
			assert(mloc[0] == M_FREE || (!IRQ && mloc[0] == M_USED));
			assert(mloc[1] == M_FREE || (!IRQ && mloc[1] == M_USED));
			assert(ch_users == 1)
		}
	fi
}
