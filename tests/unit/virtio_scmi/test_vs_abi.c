// SPDX-License-Identifier: BSD-3-Clause
/*
 * The ABI promises of docs/abi.md that a program can observe: the version
 * call agrees with the macros, and the stats structs' reserved tails come
 * back zero whatever the caller's buffer held, so a counter that later
 * takes a reserved slot reads as zero to nobody by accident.
 */
#include <string.h>

#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_vio.h>

#include "check_run.h"
#include "vs_fixture.h"

START_TEST(test_version_matches_macros)
{
	unsigned int number = 0;
	const char *v = scmi_vio_version(&number);

	ck_assert_str_eq(v, SCMI_VIO_VERSION_STRING);
	ck_assert_uint_eq(number, SCMI_VIO_VERSION_NUMBER);
	ck_assert_uint_eq(number >> 16, SCMI_VIO_VERSION_MAJOR);
	ck_assert_ptr_eq(scmi_vio_version(NULL), v);
}
END_TEST

static bool all_zero(const uint64_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

START_TEST(test_stats_reserved_tails_zeroed)
{
	struct scmi_vio_virtio_scmi_stats vst;
	struct scmi_vio_agent_stats ast;
	struct vsf *f = vsf_up(NULL, NULL, 0);
	uint16_t major, minor;

	ck_assert_int_eq(scmi_vio_protocol_version(f->a, SCMI_VIO_PROTO_BASE,
						   &major, &minor),
			 0);

	/* A caller's buffer holds garbage before the call. */
	memset(&ast, 0xa5, sizeof(ast));
	memset(&vst, 0xa5, sizeof(vst));
	scmi_vio_agent_get_stats(f->a, &ast);
	scmi_vio_virtio_scmi_get_stats(f->vs, &vst);
	ck_assert(all_zero(ast.reserved, sizeof(ast.reserved) / 8));
	ck_assert(all_zero(vst.reserved, sizeof(vst.reserved) / 8));
	/* The counters themselves are the library's, not the garbage. */
	ck_assert_uint_eq(ast.sent, 1);
	ck_assert_uint_eq(ast.responses, 1);
	ck_assert_uint_eq(vst.sends, 1);

	vsf_down(f);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_version_matches_macros,
				       test_stats_reserved_tails_zeroed, NULL };

	return check_run(check_suite("vs_abi", "abi", 0, tests));
}
