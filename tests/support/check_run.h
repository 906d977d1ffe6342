/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The main() of every Check test program: build its suite from a table of
 * tests, run it and turn its result into the process's exit status for
 * CTest, so that a test program lists its tests instead of repeating the
 * Check calls.  Linked into every test by scmi_vio_add_test().
 */
#ifndef SCMI_VIO_TEST_CHECK_RUN_H
#define SCMI_VIO_TEST_CHECK_RUN_H

#include <check.h>
#include <stdlib.h> /* EXIT_SUCCESS, EXIT_FAILURE: what check_main() returns */

/*
 * A row of a test table: @test run once for each _i in [@start, @end),
 * written CHECK_LOOP(test, start, end), or CHECK_ONCE(test) for a plain
 * test (_i = 0 once, as tcase_add_test() does).  A table ends with a row
 * whose @test is NULL.
 */
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

/* The loop end of a table-driven test: one _i per row of the array @a. */
#define CHECK_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/*
 * A group of tests sharing a timeout and a fixture (a Check TCase): @name,
 * @timeout seconds (0: Check's default, which CTest's TIMEOUT sets), a
 * checked fixture @setup/@teardown run in each test's process (either may
 * be NULL) and the table @tests.  A list of cases ends with a NULL @name.
 */
struct check_case {
	const char *name;
	int timeout;
	void (*setup)(void);
	void (*teardown)(void);
	const struct check_loop *tests;
};

/*
 * The whole main() of a test program of one case: suite @name holding
 * the table @tests in order (one case, also called @name), each test given
 * @timeout seconds (0: Check's default); run in Check's fork mode with its
 * normal output.  Returns EXIT_SUCCESS when every test passed, else
 * EXIT_FAILURE.
 */
int check_main(const char *name, int timeout, const struct check_loop *tests);

/* check_main() for a program of one @test, run for each _i in [@start, @end). */
int check_main_one(const char *name, int timeout, const TTest *test, int start,
		   int end);

/* check_main() for a suite @name of several @cases (or one with a fixture). */
int check_main_cases(const char *name, const struct check_case *cases);

/*
 * The pieces, for a program that builds its suite otherwise: a suite
 * @name of one case @tcase holding the NULL-terminated @tests (or the
 * table @tests) with @timeout as above, and check_run() to run @s, free it
 * and return the exit status as check_main() does.
 */
Suite *check_suite(const char *name, const char *tcase, int timeout,
		   const TTest *const *tests);
Suite *check_suite_loops(const char *name, const char *tcase, int timeout,
			 const struct check_loop *tests);
int check_run(Suite *s);

#endif /* SCMI_VIO_TEST_CHECK_RUN_H */
