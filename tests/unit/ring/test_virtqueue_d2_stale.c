// SPDX-License-Identifier: BSD-3-Clause
/*
 * D-2, a second completion of a head that has since been added again: the
 * driver reaps the first, the chain ends, its head is handed out for a new
 * request, and the stale second used entry (published before the re-add)
 * must not pass for the new request's completion.  Also what must still
 * pass: a head added again and completed after that, and a chain that
 * stays in flight while many others complete around it.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>

#include <scmi_vio/virtqueue.h>

#include "check_run.h"
#include "vq_test.h"

/*
 * A queue of 2 with one-descriptor chains 1 (head 0) and 2 (head 1) in
 * flight, both taken by the device.  With the queue full, the next chain
 * added takes the head reaped last.
 */
static void two_in_flight(void)
{
	fx_open(2, 0, 4, NULL);
	ck_assert_int_eq(add_one(1, 1, 0), 0);
	ck_assert_int_eq(add_one(2, 1, 0), 0);
	ck_assert_int_eq(dev_pop(), 0);
	ck_assert_int_eq(dev_pop(), 1);
}

/*
 * D-2: head 0 used twice; the driver's read of used.idx covers both
 * entries.  It reaps the first, head 0 goes back to the free list and is
 * added again for chain 3; the second entry was published before that, so
 * it cannot be chain 3's completion: the queue breaks instead of handing
 * out token 3.
 */
START_TEST(test_d02_stale_second_completion_after_readd)
{
	two_in_flight();
	dev_push(0, 0);
	dev_push(0, 0); /* D-2 */
	ck_assert_int_eq(get_used(), 1);
	ck_assert_ptr_eq(fx.tok, (void *)1);
	ck_assert_int_eq(add_one(3, 1, 0), 0);
	ck_assert_int_eq(dev_pop(), 0); /* chain 3 took head 0 */
	fx.tok = NULL;
	ck_assert_int_eq(get_used(), -EIO);
	ck_assert_ptr_null(fx.tok);
	check_invariant_1();
	/* Chains 2 and 3 are still the caller's to detach. */
	expect_broken_then_detach(2);
}
END_TEST

/*
 * Not D-2: entries of other heads already seen when head 0 is added again,
 * and head 0's new completion published after that, are all accepted.
 */
START_TEST(test_d02_readd_then_completed_again_is_accepted)
{
	two_in_flight();
	dev_push(0, 0);
	dev_push(1, 0);
	ck_assert_int_eq(get_used(), 1);
	ck_assert_ptr_eq(fx.tok, (void *)1);
	ck_assert_int_eq(add_one(3, 1, 0), 0);
	ck_assert_int_eq(dev_pop(), 0);
	ck_assert_int_eq(get_used(), 1);
	ck_assert_ptr_eq(fx.tok, (void *)2);
	dev_push(0, 0);
	ck_assert_int_eq(get_used(), 1);
	ck_assert_ptr_eq(fx.tok, (void *)3);
	ck_assert(!scmi_vio_vq_is_broken(fx.vq));
	check_invariant_1();
	fx_close();
}
END_TEST

/*
 * Not D-2: chain 1 stays in flight while 40000 chains on the other head
 * complete (more than 2^15, so a mark compared in 16 bits would wrap and
 * call its completion stale); then it completes and is accepted.
 */
START_TEST(test_d02_long_lived_chain_is_accepted)
{
	unsigned int i;

	two_in_flight();
	for (i = 0; i < 40000; i++) {
		dev_push(1, 0);
		ck_assert_int_eq(get_used(), 1);
		ck_assert_ptr_eq(fx.tok, (void *)(uintptr_t)(2 + i));
		ck_assert_int_eq(add_one(3 + i, 1, 0), 0);
		ck_assert_int_eq(dev_pop(), 1);
	}
	dev_push(0, 0);
	ck_assert_int_eq(get_used(), 1);
	ck_assert_ptr_eq(fx.tok, (void *)1);
	ck_assert(!scmi_vio_vq_is_broken(fx.vq));
	check_invariant_1();
	expect_detach_all(1);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_d02_stale_second_completion_after_readd,
		test_d02_readd_then_completed_again_is_accepted,
		test_d02_long_lived_chain_is_accepted,
		NULL,
	};

	return check_run(check_suite("virtqueue_d2_stale", "virtqueue_d2_stale",
				     0, tests));
}
