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

/*
 * Each status and its name; NULL: none.  The undefined ones are there
 * because a status word is peer input: any value must be safe to name.
 */
static const struct {
	int32_t status;
	const char *name;
} names[] = {
	{ SCMI_VIO_SUCCESS, "SUCCESS" },
	{ SCMI_VIO_NOT_SUPPORTED, "NOT_SUPPORTED" },
	{ SCMI_VIO_INVALID_PARAMETERS, "INVALID_PARAMETERS" },
	{ SCMI_VIO_DENIED, "DENIED" },
	{ SCMI_VIO_NOT_FOUND, "NOT_FOUND" },
	{ SCMI_VIO_OUT_OF_RANGE, "OUT_OF_RANGE" },
	{ SCMI_VIO_BUSY, "BUSY" },
	{ SCMI_VIO_COMMS_ERROR, "COMMS_ERROR" },
	{ SCMI_VIO_GENERIC_ERROR, "GENERIC_ERROR" },
	{ SCMI_VIO_HARDWARE_ERROR, "HARDWARE_ERROR" },
	{ SCMI_VIO_PROTOCOL_ERROR, "PROTOCOL_ERROR" },
	{ SCMI_VIO_IN_USE, "IN_USE" },
	{ SCMI_VIO_PARTIAL, "PARTIAL" },
	{ 1, NULL },
	{ SCMI_VIO_PARTIAL - 1, NULL },
	{ INT32_MIN, NULL },
	{ INT32_MAX, NULL },
};

START_TEST(test_status_names)
{
	const char *got = scmi_vio_status_name(names[_i].status);

	if (names[_i].name)
		ck_assert_str_eq(got, names[_i].name);
	else
		ck_assert_ptr_null(got);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_status_names, 0,
			   sizeof(names) / sizeof(names[0])),
		{ NULL, 0, 0 },
	};

	return check_main("scmi_status_name", 0, tests);
}
