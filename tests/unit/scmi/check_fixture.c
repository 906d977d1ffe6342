// SPDX-License-Identifier: BSD-3-Clause
#include "check_fixture.h"

int check_main_fixture(const char *name, const char *tcase, int timeout,
		       void (*setup)(void), void (*teardown)(void),
		       const struct check_loop *tests)
{
	const struct check_case cases[] = {
		{ tcase, timeout, setup, teardown, tests },
		{ NULL, 0, NULL, NULL, NULL },
	};

	return check_main_cases(name, cases);
}
