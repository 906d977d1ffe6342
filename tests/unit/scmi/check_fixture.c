// SPDX-License-Identifier: BSD-3-Clause
#include "check_fixture.h"

#include <stdlib.h>

int check_main_fixture(const char *name, const char *tcase, int timeout,
		       void (*setup)(void), void (*teardown)(void),
		       const TTest *const *tests)
{
	struct check_case cases[2] = { { tcase, timeout, setup, teardown,
					 NULL } };
	struct check_loop *rows;
	size_t n = 0, i;
	int ret;

	while (tests[n])
		n++;
	/* Each test once, and the table's terminating row (calloc: NULL). */
	rows = calloc(n + 1, sizeof(*rows));
	if (!rows)
		return EXIT_FAILURE;
	for (i = 0; i < n; i++)
		rows[i] = (struct check_loop)CHECK_ONCE(tests[i]);
	cases[0].tests = rows;
	ret = check_main_cases(name, cases);
	free(rows);
	return ret;
}
