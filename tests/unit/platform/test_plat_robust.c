// SPDX-License-Identifier: BSD-3-Clause
/*
 * Hostile input in bulk, deterministically (seeded xorshift): random command
 * bytes into the platform core, and random ring contents (descriptors,
 * avail entries, indices: V-1..V-14, V-19, V-22) into the device.  The
 * invariants checked: every answer is well formed (header echo, status-only
 * errors, bounded length), the device either makes progress or latches
 * broken for good, and nothing is touched outside guest memory (ASan).
 */
#include <errno.h>
#include <stdlib.h>

#include "check_run.h"
#include "common/atomics.h"
#include "dev_fixture.h"
#include "plat_fixture.h"

#define MESSAGES (40000 / SCMI_VIO_TEST_SCALE)
#define RING_RUNS (400 / SCMI_VIO_TEST_SCALE)

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Headers that reach real handlers more often than pure noise would. */
static uint32_t random_header(uint64_t *s)
{
	static const uint8_t protos[] = { P_BASE,   P_PERF, P_CLOCK,
					  P_SENSOR, 0x11,   0x80 };
	uint64_t r = rnd(s);
	uint32_t h;

	if (r % 8 == 0)
		return (uint32_t)rnd(s); /* anything, reserved bits included */
	h = H(protos[r / 8 % sizeof(protos)], (r >> 16) % 12,
	      (r >> 24) & 0x3ff);
	if (r % 5 == 0)
		h = H(protos[r / 8 % sizeof(protos)], 0x10, (r >> 24) & 0x3ff);
	return h;
}

START_TEST(test_random_messages)
{
	struct scmi_vio_platform *plat = plat_default();
	uint8_t req[160], resp[256];
	uint32_t hdr, want, status;
	uint64_t s = 0x1234567;
	size_t len, cap, k;
	unsigned int i;
	int n;

	for (i = 0; i < MESSAGES; i++) {
		hdr = random_header(&s);
		len = 4 + 4 * (rnd(&s) % 6);
		if (rnd(&s) % 16 == 0)
			len = rnd(&s) % sizeof(req);
		cap = rnd(&s) % 4 ? 136 : rnd(&s) % 160;
		memcpy(req, (uint8_t[]){ W(hdr) }, 4);
		for (k = 4; k < sizeof(req); k++) {
			/* Small values hit valid ids; the rest is noise. */
			req[k] = (uint8_t)(k % 4 ? (rnd(&s) % 8 ? 0 : rnd(&s)) :
						   rnd(&s) % 24);
		}
		n = scmi_vio_platform_handle(plat, req, len, resp, cap);
		if (len < 4) {
			ck_assert_int_eq(n, -EINVAL);
			continue;
		}
		if (cap < 8) {
			ck_assert_int_eq(n, -ENOSPC);
			continue;
		}
		ck_assert_int_ge(n, 8);
		ck_assert_int_le(n, 8 + 128);
		ck_assert_uint_le((size_t)n, cap);
		want = hdr;
		if (hdr >> 28 || (hdr >> 8 & 3))
			want = hdr &
			       0x0ffffcffu; /* reserved and type cleared */
		ck_assert_mem_eq(resp, ((uint8_t[]){ W(want) }), 4);
		status = (uint32_t)resp[4] | (uint32_t)resp[5] << 8 |
			 (uint32_t)resp[6] << 16 | (uint32_t)resp[7] << 24;
		if (status)
			ck_assert_int_eq(n, 8);
		ck_assert(status == 0 || (status >= 0xfffffff4u));
		/* Drain what handlers queued so the outbox keeps moving. */
		while (scmi_vio_platform_event_pop(plat, resp, sizeof(resp)) >
		       0)
			;
	}
	scmi_vio_platform_destroy(plat);
}
END_TEST

/* Fill the descriptor table and avail ring with half-plausible garbage. */
static void scramble(struct tdev *t, uint64_t *s)
{
	struct scmi_vio_vring_desc *d = t->cmd_ring.desc;
	unsigned int i;
	uint64_t r;

	for (i = 0; i < TD_NUM; i++) {
		r = rnd(s);
		d[i].addr = r % 4 ? td_gpa(t, td_req(t, r % 32)) :
				    (r % 3 ? rnd(s) : TD_GPA + TD_MEM - 8);
		d[i].len = r % 5 ? (uint32_t)(rnd(s) % 300) : (uint32_t)rnd(s);
		d[i].flags = (uint16_t)(rnd(s) % 8);
		d[i].next = (uint16_t)(rnd(s) % 3 ? rnd(s) % TD_NUM : rnd(s));
		t->cmd_ring.avail->ring[i] =
			(uint16_t)(rnd(s) % 32 ? rnd(s) % TD_NUM : rnd(s));
	}
	/* Some well-formed pairs {request, response} among the garbage. */
	for (i = 0; i + 1 < TD_NUM; i += 2) {
		if (rnd(s) % 3)
			continue;
		d[i].addr = td_gpa(t, td_req(t, i));
		d[i].len = 8;
		d[i].flags = 1; /* NEXT */
		d[i].next = (uint16_t)(i + 1);
		d[i + 1].addr = td_gpa(t, td_resp(t, i));
		d[i + 1].len = 136;
		d[i + 1].flags = 2; /* WRITE */
	}
	for (i = 0; i < 32; i++)
		memcpy(td_req(t, i),
		       (uint8_t[]){ W(random_header(s)), W(rnd(s) % 8) }, 8);
}

START_TEST(test_random_rings)
{
	struct scmi_vio_platform_dev_stats st;
	uint64_t s = 0xfeedbeef, served = 0, bad = 0, short_ = 0, broke = 0;
	unsigned int run, k;
	uint16_t step;
	int n;

	for (run = 0; run < RING_RUNS; run++) {
		struct tdev t;
		bool broken = false;

		td_guest(&t, TD_FEATURES | 1ull << SCMI_VIO_F_INDIRECT_DESC,
			 true);
		td_device(&t, TD_FEATURES | 1ull << SCMI_VIO_F_INDIRECT_DESC,
			  NULL);
		for (k = 0; k < 8; k++) {
			scramble(&t, &s);
			step = (uint16_t)(rnd(&s) % 16 ? rnd(&s) % 4 : rnd(&s));
			/* The scrambled ring before idx (pairs with the
			 * device's acquire of avail.idx). */
			sv_store_release(
				&t.cmd_ring.avail->idx,
				(uint16_t)(t.cmd_ring.avail->idx + step));
			n = scmi_vio_platform_dev_service(t.dev);
			if (broken)
				ck_assert_int_eq(n, -EIO);
			else
				ck_assert(n >= 0 || n == -EIO);
			broken = n == -EIO;
			ck_assert_int_le(n, (int)TD_NUM);
		}
		scmi_vio_platform_dev_get_stats(t.dev, &st);
		served += st.replies;
		bad += st.bad_chains;
		short_ += st.short_chains;
		broke += broken;
		td_teardown(&t);
	}
	/* The mix reached every outcome, so the run tested something. */
	ck_assert_uint_gt(served, 0);
	ck_assert_uint_gt(bad, 0);
	ck_assert_uint_gt(short_, 0);
	ck_assert_uint_gt(broke, 0);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_CASE(test_random_messages),
	TEST_CASE(test_random_rings),
};

int main(void)
{
	return plat_check_run("platform_robust", "robust", 60, tests,
			      ARRAY_SIZE(tests));
}
