// SPDX-License-Identifier: BSD-3-Clause
/*
 * Device role: scmi_vio_vqd_pop_many(), the burst form of pop().  Where a
 * burst ends, how chains share the iovecs, and that a malformed chain is
 * still consumed and reported exactly once (V-22) when it is not the first.
 */
#include <check.h>
#include <errno.h>

#include "check_run.h"
#include "vqd_test.h"

#define BURST 8

static int pop_many(struct ctx *c, struct scmi_vio_chain *chains,
		    unsigned int max_chains)
{
	return scmi_vio_vqd_pop_many(c->vqd, chains, max_chains, c->iov,
				     c->max_iov);
}

/* Make head @h a one-descriptor chain of @len writable bytes at @gpa. */
static void lone(struct ctx *c, uint16_t h, uint64_t gpa, uint32_t len)
{
	vf_desc(&c->f, h, gpa, len, WR, 0);
	vf_avail_add(&c->f, h);
}

START_TEST(test_burst_takes_all_available_in_order)
{
	struct scmi_vio_chain ch[BURST];
	struct ctx c;
	uint16_t h;

	ctx_init(&c, 8, 0);
	ck_assert_int_eq(pop_many(&c, ch, BURST), 0);
	for (h = 0; h < 5; h++)
		lone(&c, (uint16_t)(4 - h), VF_DATA_GPA + 0x100u * h, 16 + h);
	ck_assert_int_eq(pop_many(&c, ch, BURST), 5);
	for (h = 0; h < 5; h++) {
		ck_assert_uint_eq(ch[h].head, 4 - h);
		ck_assert_uint_eq(ch[h].n_read, 0);
		ck_assert_uint_eq(ch[h].n_write, 1);
		ck_assert_uint_eq(ch[h].write_bytes, 16 + h);
		/* Each chain's iovecs follow the previous chain's. */
		ck_assert_ptr_eq(ch[h].iov, &c.iov[h]);
		ck_assert_ptr_eq(ch[h].iov[0].iov_base,
				 vf_host(&c.f, VF_DATA_GPA + 0x100u * h, 16));
	}
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 5);
	ck_assert_int_eq(pop_many(&c, ch, BURST), 0);
	ctx_fini(&c);
}
END_TEST

/* The burst ends at max_chains, at max_in_flight, and when the iovecs
 * left cannot hold the next chain; what is left pops next time. */
START_TEST(test_burst_ends_at_each_limit)
{
	struct scmi_vio_chain ch[BURST];
	struct ctx c;
	uint16_t h;

	ctx_init_ex(&c, 8, 0, 6, 3, NULL, 0);
	for (h = 0; h < 7; h++)
		lone(&c, h, VF_DATA_GPA + 0x100u * h, 16);
	ck_assert_int_eq(pop_many(&c, ch, 2), 2);
	ck_assert_uint_eq(ch[1].head, 1);
	/* Three iovecs: heads 2, 3 and 4, one each. */
	ck_assert_int_eq(pop_many(&c, ch, BURST), 3);
	ck_assert_uint_eq(ch[2].head, 4);
	/* max_in_flight 6: one more, then -EBUSY with nothing consumed. */
	ck_assert_int_eq(pop_many(&c, ch, BURST), 1);
	ck_assert_uint_eq(ch[0].head, 5);
	ck_assert_int_eq(pop_many(&c, ch, BURST), -EBUSY);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 0), 0);
	ck_assert_int_eq(pop_many(&c, ch, BURST), 1);
	ck_assert_uint_eq(ch[0].head, 6);

	/* A second chain that needs two iovecs when one is left stays
	 * available, and is not an error. */
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 1, 0), 0);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 2, 0), 0);
	lone(&c, 0, VF_DATA_GPA, 16);
	lone(&c, 1, VF_DATA_GPA, 16);
	vf_desc(&c.f, 2, VF_DATA_GPA, 16, NX, 3);
	vf_desc(&c.f, 3, VF_DATA_GPA, 16, WR, 0);
	vf_avail_add(&c.f, 2);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 3, 0), 0);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 4, 0), 0);
	ck_assert_int_eq(pop_many(&c, ch, BURST), 2);
	ck_assert_int_eq(scmi_vio_vqd_push(c.vqd, 0, 0), 0);
	ck_assert_int_eq(pop_many(&c, ch, BURST), 1);
	ck_assert_uint_eq(ch[0].head, 2);
	ck_assert_uint_eq(ch[0].n_read + ch[0].n_write, 2);
	ctx_fini(&c);
}
END_TEST

/* V-22 in a burst: the malformed chain ends the burst untouched, the next
 * call reports and completes it, and the good chain after it pops. */
START_TEST(test_burst_stops_before_a_malformed_chain)
{
	struct scmi_vio_chain ch[BURST];
	uint32_t id, len;
	struct ctx c;

	ctx_init(&c, 8, 0);
	lone(&c, 0, VF_DATA_GPA, 16);
	lone(&c, 1, VF_GAP_GPA, 16);
	lone(&c, 2, VF_DATA_GPA + 0x100, 16);
	ck_assert_int_eq(pop_many(&c, ch, BURST), 1);
	ck_assert_uint_eq(ch[0].head, 0);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 0);
	ck_assert_int_eq(pop_many(&c, ch, BURST), -EFAULT);
	ck_assert_uint_eq(ch[0].head, 1);
	ck_assert_uint_eq(vf_read(&c.f, VF_USED_IDX), 1);
	vf_read_used_elem(&c.f, 0, &id, &len);
	ck_assert_uint_eq(id, 1);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(pop_many(&c, ch, BURST), 1);
	ck_assert_uint_eq(ch[0].head, 2);
	ck_assert_uint_eq(scmi_vio_vqd_in_flight(c.vqd), 2);
	ctx_fini(&c);
}
END_TEST

/* A malformed ring met mid-burst latches broken; the chains taken before
 * it are returned, and the next call fails. */
START_TEST(test_burst_meets_a_broken_ring)
{
	struct scmi_vio_chain ch[BURST];
	struct ctx c;

	ctx_init(&c, 8, 0);
	lone(&c, 0, VF_DATA_GPA, 16);
	lone(&c, 0, VF_DATA_GPA, 16); /* V-14: head 0 twice */
	ck_assert_int_eq(pop_many(&c, ch, BURST), 1);
	ck_assert(scmi_vio_vqd_is_broken(c.vqd));
	ck_assert_int_eq(pop_many(&c, ch, BURST), -EIO);
	ctx_fini(&c);
}
END_TEST

START_TEST(test_burst_rejects_bad_arguments)
{
	struct scmi_vio_chain ch[1];
	struct ctx c;

	ctx_init(&c, 8, 0);
	lone(&c, 0, VF_DATA_GPA, 16);
	ck_assert_int_eq(scmi_vio_vqd_pop_many(NULL, ch, 1, c.iov, 1), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_pop_many(c.vqd, NULL, 1, c.iov, 1),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_pop_many(c.vqd, ch, 0, c.iov, 1),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_pop_many(c.vqd, ch, 1, NULL, 1), -EINVAL);
	ck_assert_int_eq(scmi_vio_vqd_pop_many(c.vqd, ch, 1, c.iov, 0),
			 -EINVAL);
	/* Nothing was consumed. */
	ck_assert_int_eq(pop_many(&c, ch, 1), 1);
	ck_assert_uint_eq(ch[0].head, 0);
	ctx_fini(&c);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_burst_takes_all_available_in_order),
		CHECK_ONCE(test_burst_ends_at_each_limit),
		CHECK_ONCE(test_burst_stops_before_a_malformed_chain),
		CHECK_ONCE(test_burst_meets_a_broken_ring),
		CHECK_ONCE(test_burst_rejects_bad_arguments),
		{ NULL, 0, 0 },
	};

	return check_main("vq_device_burst", 0, tests);
}
