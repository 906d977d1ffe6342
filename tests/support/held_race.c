// SPDX-License-Identifier: BSD-3-Clause
#include <check.h>
#include <time.h>

#include "common/atomics.h"
#include "held_race.h"

void held_gate_enter(struct held_gate *g)
{
	pthread_mutex_lock(&g->lock);
	g->entered = true;
	pthread_cond_broadcast(&g->cond);
	while (!g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

void held_gate_wait_entered(struct held_gate *g)
{
	pthread_mutex_lock(&g->lock);
	while (!g->entered)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

struct racer {
	void (*fn)(void *arg);
	void *arg;
	bool done; /* ATOMIC: set when fn returned */
};

static void *racer_main(void *p)
{
	struct racer *r = p;

	r->fn(r->arg);
	/* Pairs with the acquire load in held_race_two(). */
	sv_store_release(&r->done, true);
	return NULL;
}

void held_race_two(struct held_gate *g, void (*fn)(void *arg), void *arg)
{
	const struct timespec ms = { 0, 1000000 };
	struct racer r[2] = { { fn, arg, false }, { fn, arg, false } };
	pthread_t t[2];
	int i;

	ck_assert_int_eq(pthread_create(&t[0], NULL, racer_main, &r[0]), 0);
	ck_assert_int_eq(pthread_create(&t[1], NULL, racer_main, &r[1]), 0);
	for (i = 0; i < 300; i++) {
		/* Pairs with the release store in racer_main(). */
		ck_assert(!sv_load_acquire(&r[0].done));
		ck_assert(!sv_load_acquire(&r[1].done));
		nanosleep(&ms, NULL);
	}
	pthread_mutex_lock(&g->lock);
	g->open = true;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
	ck_assert_int_eq(pthread_join(t[0], NULL), 0);
	ck_assert_int_eq(pthread_join(t[1], NULL), 0);
}
