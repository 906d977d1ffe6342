// SPDX-License-Identifier: BSD-3-Clause
/*
 * memfd guest memory: a second mapping of the same fd (as another process
 * would make) sees the same bytes at a different address; the error paths.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/shm.h>

#include "check_run.h"

START_TEST(test_shm_two_mappings)
{
	struct scmi_vio_shm *a = NULL, *b = NULL;
	uint8_t *pa, *pb;

	ck_assert_int_eq(scmi_vio_shm_create(65536, &a), 0);
	ck_assert_int_ge(scmi_vio_shm_fd(a), 0);
	ck_assert_uint_eq(scmi_vio_shm_size(a), 65536);
	ck_assert_int_eq(scmi_vio_shm_map(scmi_vio_shm_fd(a), 65536, &b), 0);
	pa = scmi_vio_shm_host(a);
	pb = scmi_vio_shm_host(b);
	ck_assert_ptr_ne(pa, pb);
	ck_assert_uint_eq(pa[100], 0);
	pa[100] = 0x5a;
	pb[65535] = 0xa5;
	ck_assert_uint_eq(pb[100], 0x5a);
	ck_assert_uint_eq(pa[65535], 0xa5);
	/* A borrowed fd survives the borrower. */
	scmi_vio_shm_destroy(b);
	ck_assert_int_eq(scmi_vio_shm_map(scmi_vio_shm_fd(a), 4096, &b), 0);
	ck_assert_uint_eq(((uint8_t *)scmi_vio_shm_host(b))[100], 0x5a);
	scmi_vio_shm_destroy(b);
	scmi_vio_shm_destroy(a);
	scmi_vio_shm_destroy(NULL);
}
END_TEST

START_TEST(test_shm_errors)
{
	struct scmi_vio_shm *a = NULL, *b = NULL;

	ck_assert_int_eq(scmi_vio_shm_create(0, &a), -EINVAL);
	ck_assert_int_eq(scmi_vio_shm_create(4096, NULL), -EINVAL);
	ck_assert_int_eq(scmi_vio_shm_create(4096, &a), 0);
	/* Larger than the file. */
	ck_assert_int_eq(scmi_vio_shm_map(scmi_vio_shm_fd(a), 8192, &b),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_shm_map(-1, 4096, &b), -EBADF);
	ck_assert_int_eq(scmi_vio_shm_map(scmi_vio_shm_fd(a), 0, &b), -EINVAL);
	ck_assert_ptr_null(b);
	scmi_vio_shm_destroy(a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("shm");
	TCase *tc = tcase_create("shm");

	tcase_add_test(tc, test_shm_two_mappings);
	tcase_add_test(tc, test_shm_errors);
	suite_add_tcase(s, tc);
	return check_run(s);
}
