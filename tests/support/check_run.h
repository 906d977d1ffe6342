/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The main() of every Check test program: run one suite and turn its
 * result into the process's exit status for CTest.
 */
#ifndef SCMI_VIO_TEST_CHECK_RUN_H
#define SCMI_VIO_TEST_CHECK_RUN_H

#include <check.h>
#include <stdlib.h>

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
