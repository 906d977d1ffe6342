// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi_vio_fault_kind_name(): every kind has a distinct lower-case name,
 * and a value past the last kind has none.
 */
#include <check.h>
#include <ctype.h>
#include <string.h>

#include "check_run.h"
#include <scmi_vio/platform_fault.h>

START_TEST(test_fault_kind_names)
{
	const char *n, *m;
	unsigned int k, j;

	ck_assert_str_eq(scmi_vio_fault_kind_name(SCMI_VIO_FAULT_NONE), "none");
	ck_assert_str_eq(scmi_vio_fault_kind_name(SCMI_VIO_FAULT_DROP_REPLY),
			 "drop_reply");
	ck_assert_str_eq(scmi_vio_fault_kind_name(SCMI_VIO_FAULT_CORRUPT_HDR),
			 "corrupt_hdr");
	for (k = 0; k < SCMI_VIO_FAULT_NR; k++) {
		n = scmi_vio_fault_kind_name((enum scmi_vio_fault_kind)k);
		ck_assert_msg(n && *n, "kind %u has no name", k);
		for (m = n; *m; m++)
			ck_assert(islower((unsigned char)*m) || *m == '_');
		for (j = 0; j < k; j++)
			ck_assert_str_ne(n,
					 scmi_vio_fault_kind_name(
						 (enum scmi_vio_fault_kind)j));
	}
	ck_assert_ptr_null(scmi_vio_fault_kind_name(SCMI_VIO_FAULT_NR));
	ck_assert_ptr_null(
		scmi_vio_fault_kind_name((enum scmi_vio_fault_kind) - 1));
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_fault_kind_names, NULL };

	return check_run(
		check_suite("platform_fault_name", "fault_name", 0, tests));
}
