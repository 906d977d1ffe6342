// SPDX-License-Identifier: BSD-3-Clause
#include <check.h>
#include <signal.h>

#include "common/atomics.h"
#include "sigusr1_count.h"

static int seen; /* ATOMIC: written by the handler, read by the test */

static void on_sigusr1(int sig)
{
	(void)sig;
	sv_fetch_add(&seen, 1);
}

void sigusr1_count_start(void)
{
	struct sigaction sa = { .sa_handler = on_sigusr1 };

	sv_write_once(&seen, 0);
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
}

int sigusr1_count(void)
{
	return sv_read_once(&seen);
}
