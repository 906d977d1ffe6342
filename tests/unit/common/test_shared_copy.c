// SPDX-License-Identifier: BSD-3-Clause
/*
 * Copies of shared memory (lib/common/atomics.h, V-24): every length at
 * every alignment of either side moves exactly its bytes, both ways, and
 * touches nothing around them.
 */
#include <stdint.h>
#include <string.h>

#include "check_run.h"
#include "common/atomics.h"

#define SPAN 64
#define GUARD 0xa5

static void pattern(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static void ck_guarded(const uint8_t *buf, size_t at, size_t len)
{
	size_t i;

	for (i = 0; i < at; i++)
		ck_assert_uint_eq(buf[i], GUARD);
	for (i = at + len; i < sizeof(uint64_t) * 2 + SPAN; i++)
		ck_assert_uint_eq(buf[i], GUARD);
}

/* V-24: from shared memory, every (shared offset, private offset, len). */
START_TEST(test_copy_from_shared)
{
	_Alignas(8) uint8_t shared[16 + SPAN], priv[16 + SPAN];
	uint8_t want[SPAN];
	size_t so, po, len;

	for (so = 0; so < 8; so++)
		for (po = 0; po < 8; po++)
			for (len = 0; len <= SPAN - 8; len++) {
				pattern(want, len, (uint8_t)(so + len));
				memset(shared, 0, sizeof(shared));
				memcpy(shared + so, want, len);
				memset(priv, GUARD, sizeof(priv));
				sv_copy_from_shared(priv + po, shared + so,
						    len);
				ck_assert_mem_eq(priv + po, want, len);
				ck_guarded(priv, po, len);
			}
}
END_TEST

/* V-24: to shared memory, the same, with the shared side guarded. */
START_TEST(test_copy_to_shared)
{
	_Alignas(8) uint8_t shared[16 + SPAN], priv[16 + SPAN];
	size_t so, po, len;

	for (so = 0; so < 8; so++)
		for (po = 0; po < 8; po++)
			for (len = 0; len <= SPAN - 8; len++) {
				pattern(priv, sizeof(priv), (uint8_t)po);
				memset(shared, GUARD, sizeof(shared));
				sv_copy_to_shared(shared + so, priv + po, len);
				ck_assert_mem_eq(shared + so, priv + po, len);
				ck_guarded(shared, so, len);
			}
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_copy_from_shared),
		CHECK_ONCE(test_copy_to_shared),
		{ NULL, 0, 0 },
	};

	return check_main("shared_copy", 0, tests);
}
