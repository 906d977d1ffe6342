/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check_main() for the agent-core test programs whose plain tests all run
 * between one checked fixture (each its own fake transport and agent).
 */
#ifndef SCMI_VIO_TESTS_CHECK_FIXTURE_H
#define SCMI_VIO_TESTS_CHECK_FIXTURE_H

#include "check_run.h"

/*
 * Suite @name of one case @tcase: the NULL-terminated @tests in order,
 * each given @timeout seconds (0: Check's default) and run once between
 * @setup and @teardown in its own process.  Returns check_main_cases()'s
 * exit status.
 */
int check_main_fixture(const char *name, const char *tcase, int timeout,
		       void (*setup)(void), void (*teardown)(void),
		       const TTest *const *tests);

#endif /* SCMI_VIO_TESTS_CHECK_FIXTURE_H */
