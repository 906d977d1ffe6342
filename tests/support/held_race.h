/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L-14 for a stop or reset: hold an object's own thread at a gate, race
 * two callers against it, and check that neither returns while it is held.
 */
#ifndef SCMI_VIO_TEST_HELD_RACE_H
#define SCMI_VIO_TEST_HELD_RACE_H

#include <pthread.h>
#include <stdbool.h>

/* A gate: @lock protects @open and @entered; @cond signals both. */
struct held_gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool open, entered;
};

#define HELD_GATE_INIT                                                      \
	{                                                                   \
		PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, \
			false                                               \
	}

/* On the thread to hold: say it entered, then wait until the gate opens. */
void held_gate_enter(struct held_gate *g);
/* Wait until a thread entered @g. */
void held_gate_wait_entered(struct held_gate *g);

/*
 * With a thread held at @g: two threads call @fn(@arg) at once; for
 * 300 ms neither may return (one that returns early does so at once),
 * then @g opens and both must return.
 */
void held_race_two(struct held_gate *g, void (*fn)(void *arg), void *arg);

#endif /* SCMI_VIO_TEST_HELD_RACE_H */
