// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi_vio_status_name(): every status the specification defines has its
 * name, and anything else (positive, past PARTIAL, INT32_MIN) has none.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "check_run.h"
#include <scmi_vio/scmi.h>

START_TEST(test_status_names_defined)
{
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_SUCCESS), "SUCCESS");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_NOT_SUPPORTED),
			 "NOT_SUPPORTED");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_INVALID_PARAMETERS),
			 "INVALID_PARAMETERS");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_DENIED), "DENIED");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_NOT_FOUND), "NOT_FOUND");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_OUT_OF_RANGE),
			 "OUT_OF_RANGE");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_BUSY), "BUSY");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_COMMS_ERROR),
			 "COMMS_ERROR");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_GENERIC_ERROR),
			 "GENERIC_ERROR");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_HARDWARE_ERROR),
			 "HARDWARE_ERROR");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_PROTOCOL_ERROR),
			 "PROTOCOL_ERROR");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_IN_USE), "IN_USE");
	ck_assert_str_eq(scmi_vio_status_name(SCMI_VIO_PARTIAL), "PARTIAL");
}
END_TEST

/* A status word is peer input: any value must be safe to name. */
START_TEST(test_status_names_undefined)
{
	ck_assert_ptr_null(scmi_vio_status_name(1));
	ck_assert_ptr_null(scmi_vio_status_name(SCMI_VIO_PARTIAL - 1));
	ck_assert_ptr_null(scmi_vio_status_name(INT32_MIN));
	ck_assert_ptr_null(scmi_vio_status_name(INT32_MAX));
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_status_names_defined),
		CHECK_ONCE(test_status_names_undefined),
		{ NULL, 0, 0 },
	};

	return check_main("scmi_status_name", 0, tests);
}
