/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The main() of every Check test program: build its suite, run it and
 * turn its result into the process's exit status for CTest.
 */
#ifndef SCMI_VIO_TEST_CHECK_RUN_H
#define SCMI_VIO_TEST_CHECK_RUN_H

#include <check.h>
#include <stdlib.h>

/*
 * A suite @name of one case @tcase holding the NULL-terminated @tests in
 * order, each given @timeout seconds (0: Check's default), so that a test
 * program lists its tests instead of repeating the Check calls.
 */
static inline Suite *check_suite(const char *name, const char *tcase,
				 int timeout, const TTest *const *tests)
{
	Suite *s = suite_create(name);
	TCase *tc = tcase_create(tcase);

	if (timeout)
		tcase_set_timeout(tc, timeout);
	for (; *tests; tests++)
		tcase_add_test(tc, *tests);
	suite_add_tcase(s, tc);
	return s;
}

/* A test run once for each _i in [start, end): a Check loop test. */
struct check_loop {
	const TTest *test;
	int start, end;
};

#define CHECK_ONCE(t)     \
	{                 \
		(t), 0, 1 \
	}
#define CHECK_LOOP(t, start, end)   \
	{                           \
		(t), (start), (end) \
	}

/*
 * check_suite() for a list that holds loop tests: the @tests, ending in
 * one with a NULL test, each run for its range of _i (a plain test is
 * CHECK_ONCE(): _i = 0 once, as tcase_add_test() does).
 */
static inline Suite *check_suite_loops(const char *name, const char *tcase,
				       int timeout,
				       const struct check_loop *tests)
{
	Suite *s = suite_create(name);
	TCase *tc = tcase_create(tcase);

	if (timeout)
		tcase_set_timeout(tc, timeout);
	for (; tests->test; tests++)
		tcase_add_loop_test(tc, tests->test, tests->start, tests->end);
	suite_add_tcase(s, tc);
	return s;
}

/* Run @s (Check's normal output, its fork mode) and free it. */
static inline int check_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* SCMI_VIO_TEST_CHECK_RUN_H */
