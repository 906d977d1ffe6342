/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A hostile peer on a thread of its own (V-24): it stores random values
 * into a ring's descriptor table, available ring and indirect-table area,
 * with relaxed atomic stores, while the roles under test use the ring.
 * Nothing orders its stores against anyone's accesses, so ThreadSanitizer
 * reports every plain load or store the library makes to that memory.
 *
 * What it writes follows no rule on purpose (heads and next indices are
 * mostly in range, so walks get somewhere before they fail): a queue may
 * go broken or pop malformed chains, and the test then starts over.
 */
#ifndef SCMI_VIO_TESTS_RING_SCRIBBLER_H
#define SCMI_VIO_TESTS_RING_SCRIBBLER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/vring.h>

#include "common/atomics.h"
#include "ring_pair.h"

struct scribbler {
	/* Set by the caller (or scribbler_aim_pair()) before starting: */
	struct scmi_vio_vring vr; /* the ring's host view */
	void *table; /* indirect tables, 16-byte aligned; may be NULL */
	size_t table_bytes;
	unsigned int seed;

	/* The scribbler's own: */
	pthread_t thread;
	int stop; /* ATOMIC */
	sv_atomic_u64 stores; /* ATOMIC: stores made so far */
};

/* Aim at the ring and indirect tables of a ring_pair block at @mem. */
void scribbler_aim_pair(struct scribbler *s, const struct ring_layout *l,
			void *mem);

/*
 * Start scribbling on a thread and return once it has made its first
 * store; fails the current Check test if it can't.
 */
void scribbler_start(struct scribbler *s);

/*
 * Wait until the scribbler has stored something since it had made *@seen
 * stores, and update *@seen: a loop that calls this each time round is
 * interleaved with scribbling even on one free CPU.  Orders nothing.
 */
void scribbler_wait(const struct scribbler *s, uint64_t *seen);

/* Stop and join the thread; returns how many stores it made. */
uint64_t scribbler_stop(struct scribbler *s);

#endif /* SCMI_VIO_TESTS_RING_SCRIBBLER_H */
