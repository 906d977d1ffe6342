// SPDX-License-Identifier: BSD-3-Clause
/*
 * Byte order (lib/common/byteorder.h): the wire is little-endian whatever
 * the host, and the unaligned accessors read and write exactly their bytes.
 */
#include <stdint.h>
#include <string.h>

#include "check_run.h"
#include "common/byteorder.h"

START_TEST(test_le32_bytes)
{
	uint8_t b[7] = { 0 };

	/* Unaligned on purpose: the accessors take any address. */
	sv_put_le32(b + 1, 0x11223344u);
	ck_assert_uint_eq(b[0], 0);
	ck_assert_uint_eq(b[1], 0x44);
	ck_assert_uint_eq(b[2], 0x33);
	ck_assert_uint_eq(b[3], 0x22);
	ck_assert_uint_eq(b[4], 0x11);
	ck_assert_uint_eq(b[5], 0);
	ck_assert_uint_eq(sv_get_le32(b + 1), 0x11223344u);
}
END_TEST

START_TEST(test_le64_bytes)
{
	static const uint8_t want[8] = { 0x08, 0x07, 0x06, 0x05,
					 0x04, 0x03, 0x02, 0x01 };
	uint8_t b[11] = { 0 };

	sv_put_le64(b + 3, 0x0102030405060708ull);
	ck_assert_mem_eq(b + 3, want, 8);
	ck_assert_uint_eq(b[2], 0);
	ck_assert_uint_eq(sv_get_le64(b + 3), 0x0102030405060708ull);
}
END_TEST

/* The conversions agree with the byte layout on this host. */
START_TEST(test_conversions_match_layout)
{
	uint16_t v16 = sv_cpu_to_le16(0xa1b2);
	uint32_t v32 = sv_cpu_to_le32(0xa1b2c3d4u);
	uint64_t v64 = sv_cpu_to_le64(0xa1b2c3d4e5f60718ull);
	uint8_t b[8];

	memcpy(b, &v16, 2);
	ck_assert_uint_eq(b[0], 0xb2);
	ck_assert_uint_eq(b[1], 0xa1);
	memcpy(b, &v32, 4);
	ck_assert_uint_eq(b[0], 0xd4);
	ck_assert_uint_eq(b[3], 0xa1);
	memcpy(b, &v64, 8);
	ck_assert_uint_eq(b[0], 0x18);
	ck_assert_uint_eq(b[7], 0xa1);
	ck_assert_uint_eq(sv_le16_to_cpu(v16), 0xa1b2);
	ck_assert_uint_eq(sv_le32_to_cpu(v32), 0xa1b2c3d4u);
	ck_assert_uint_eq(sv_le64_to_cpu(v64), 0xa1b2c3d4e5f60718ull);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_le32_bytes,
		test_le64_bytes,
		test_conversions_match_layout,
		NULL,
	};

	return check_run(check_suite("byteorder", "byteorder", 0, tests));
}
