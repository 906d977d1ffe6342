// SPDX-License-Identifier: BSD-3-Clause
/* Build a Check suite from tables of tests, run it, give CTest its status. */
#include <stdlib.h>

#include "check_run.h"

static TCase *case_create(const char *name, int timeout)
{
	TCase *tc = tcase_create(name);

	if (timeout)
		tcase_set_timeout(tc, timeout);
	return tc;
}

static void case_add_table(TCase *tc, const struct check_loop *tests)
{
	for (; tests->test; tests++)
		tcase_add_loop_test(tc, tests->test, tests->start, tests->end);
}

Suite *check_suite_loops(const char *name, const char *tcase, int timeout,
			 const struct check_loop *tests)
{
	Suite *s = suite_create(name);
	TCase *tc = case_create(tcase, timeout);

	case_add_table(tc, tests);
	suite_add_tcase(s, tc);
	return s;
}

Suite *check_suite(const char *name, const char *tcase, int timeout,
		   const TTest *const *tests)
{
	Suite *s = suite_create(name);
	TCase *tc = case_create(tcase, timeout);

	for (; *tests; tests++)
		tcase_add_test(tc, *tests);
	suite_add_tcase(s, tc);
	return s;
}

int check_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

int check_main(const char *name, int timeout, const struct check_loop *tests)
{
	return check_run(check_suite_loops(name, name, timeout, tests));
}

int check_main_one(const char *name, int timeout, const TTest *test, int start,
		   int end)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test, start, end),
		{ NULL, 0, 0 },
	};

	return check_main(name, timeout, tests);
}

int check_main_cases(const char *name, const struct check_case *cases)
{
	Suite *s = suite_create(name);

	for (; cases->name; cases++) {
		TCase *tc = case_create(cases->name, cases->timeout);

		if (cases->setup || cases->teardown)
			tcase_add_checked_fixture(tc, cases->setup,
						  cases->teardown);
		case_add_table(tc, cases->tests);
		suite_add_tcase(s, tc);
	}
	return check_run(s);
}
