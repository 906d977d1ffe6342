// SPDX-License-Identifier: BSD-3-Clause
/*
 * The reference count (lib/common/refcount.h): increment only while not
 * zero, the put that reaches zero says so, and a count that would overflow
 * or go below zero saturates (pinned, counted) instead of wrapping.
 */
#include <pthread.h>

#include "check_run.h"
#include "common/refcount.h"

START_TEST(test_get_put)
{
	struct sv_ref r;

	sv_ref_init(&r, 1);
	ck_assert(sv_ref_get_not_zero(&r));
	ck_assert_uint_eq(sv_ref_read(&r), 2);
	ck_assert(!sv_ref_put(&r));
	ck_assert(sv_ref_put(&r)); /* the last one */
	ck_assert_uint_eq(sv_ref_read(&r), 0);
	/* Zero is final: no new reference. */
	ck_assert(!sv_ref_get_not_zero(&r));
	ck_assert_uint_eq(sv_ref_read(&r), 0);
}
END_TEST

START_TEST(test_put_at_zero_saturates)
{
	unsigned long before = sv_read_once(&scmi_vio__ref_saturations);
	struct sv_ref r;

	sv_ref_init(&r, 0);
	ck_assert(!sv_ref_put(&r));
	ck_assert_uint_eq(sv_ref_read(&r), SV_REF_SATURATED);
	ck_assert_uint_eq(sv_read_once(&scmi_vio__ref_saturations), before + 1);
	/* Pinned: gets succeed, puts never reach zero. */
	ck_assert(sv_ref_get_not_zero(&r));
	ck_assert(!sv_ref_put(&r));
	ck_assert_uint_eq(sv_ref_read(&r), SV_REF_SATURATED);
}
END_TEST

START_TEST(test_overflow_saturates)
{
	unsigned long before = sv_read_once(&scmi_vio__ref_saturations);
	struct sv_ref r;

	sv_ref_init(&r, SV_REF_SATURATED - 2);
	ck_assert(sv_ref_get_not_zero(&r));
	ck_assert_uint_eq(sv_ref_read(&r), SV_REF_SATURATED - 1);
	ck_assert(sv_ref_get_not_zero(&r)); /* would reach the mark */
	ck_assert_uint_eq(sv_ref_read(&r), SV_REF_SATURATED);
	ck_assert_uint_eq(sv_read_once(&scmi_vio__ref_saturations), before + 1);
	ck_assert(!sv_ref_put(&r));
	ck_assert_uint_eq(sv_ref_read(&r), SV_REF_SATURATED);
}
END_TEST

#define RACERS 4
#define ROUNDS (20000 / SCMI_VIO_TEST_SCALE)

static void *get_put_main(void *arg)
{
	struct sv_ref *r = arg;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		ck_assert(sv_ref_get_not_zero(r));
		ck_assert(!sv_ref_put(r)); /* the initial reference remains */
	}
	return NULL;
}

/* Concurrent gets and puts lose no update: the count ends where it began. */
START_TEST(test_concurrent_get_put)
{
	pthread_t t[RACERS];
	struct sv_ref r;
	int i;

	sv_ref_init(&r, 1);
	for (i = 0; i < RACERS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, get_put_main, &r),
				 0);
	for (i = 0; i < RACERS; i++)
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
	ck_assert_uint_eq(sv_ref_read(&r), 1);
	ck_assert(sv_ref_put(&r));
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_get_put),
		CHECK_ONCE(test_put_at_zero_saturates),
		CHECK_ONCE(test_overflow_saturates),
		CHECK_ONCE(test_concurrent_get_put),
		{ NULL, 0, 0 },
	};

	return check_main("refcount", 0, tests);
}
