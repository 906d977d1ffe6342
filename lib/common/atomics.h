/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The project's one atomics header.  Every atomic access and every barrier in
 * scmi_vio goes through these helpers, so the memory-ordering story of the
 * whole library can be read from the call sites of this file.
 *
 * Why compiler builtins and not _Atomic types: the ring fields are plain
 * little-endian integers at offsets the virtio spec fixes, shared with a peer
 * that is not compiled with us.  The __atomic builtins (which is what
 * <stdatomic.h> lowers to on GCC and clang) work on such plain objects with
 * the C11 memory model and are understood by ThreadSanitizer.  Private fields
 * use the same helpers and are marked  / * ATOMIC * /  where declared.
 *
 * Rules for callers:
 *  - a plain load or store of a field that another thread writes or reads
 *    concurrently is a bug: use sv_read_once()/sv_write_once() at least;
 *  - likewise a memcpy() of such an area: use sv_copy_from_shared() or
 *    sv_copy_to_shared();
 *  - every acquire, release and fence carries a one-sentence comment naming
 *    what it orders and what it pairs with.
 */
#ifndef SCMI_VIO_COMMON_ATOMICS_H
#define SCMI_VIO_COMMON_ATOMICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The type of every 64-bit field the helpers below touch.  i686's ABI
 * aligns a uint64_t member to 4 bytes only; an 8-byte atomic on a 4-aligned
 * object is not one instruction (and may not be atomic at all across a
 * cache line), so clang turns it into a libatomic call (__atomic_load_8 and
 * friends) that nothing links.  This type is 8-aligned on every target, so
 * no target needs libatomic; scripts/ci_i686.sh checks with nm that no
 * __atomic_*_8 call remains.
 */
typedef uint64_t sv_atomic_u64 __attribute__((aligned(8)));

/* Single-copy-atomic access without ordering ("read once"). */
#define sv_read_once(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define sv_write_once(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

/* Load that orders every later access after it. */
#define sv_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
/* Store that orders every earlier access before it. */
#define sv_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

/* Full barrier: orders earlier loads and stores against later ones. */
#define sv_smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
/* Load-load and store-store fences, for the rare place a pair of plain
 * accesses needs ordering without an acquire/release on a flag. */
#define sv_smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define sv_smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

/* Read-modify-write operations; all are sequentially consistent. */
#define sv_fetch_add(p, v) __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define sv_fetch_sub(p, v) __atomic_fetch_sub((p), (v), __ATOMIC_SEQ_CST)
#define sv_fetch_or(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define sv_fetch_and(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define sv_exchange(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
/* Statistics counters: atomicity only, no ordering. */
#define sv_counter_add(p, v) \
	((void)__atomic_fetch_add((p), (v), __ATOMIC_RELAXED))

/*
 * Compare-and-swap.  *expected is updated with the current value on
 * failure, as with atomic_compare_exchange_strong().
 */
#define sv_cmpxchg(p, expected, desired)                               \
	__atomic_compare_exchange_n((p), (expected), (desired), false, \
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)

/*
 * Copies of memory a peer may write (or read) at the same time, such as an
 * indirect table or a request in guest memory (docs/hostile-inputs.md V-24):
 * every byte is moved once, by a relaxed atomic access to the widest naturally
 * aligned unit of the shared side (8, 4, 2 or 1 bytes) that the copy
 * covers.  So a racing peer costs us a torn copy, which the caller
 * validates anyway, never a data race.  No ordering: the caller orders the
 * copy (e.g. after the acquire of the index that published it).  The
 * private side may have any alignment.
 */
typedef sv_atomic_u64 __attribute__((__may_alias__)) sv__shared_u64;
typedef uint32_t __attribute__((__may_alias__)) sv__shared_u32;
typedef uint16_t __attribute__((__may_alias__)) sv__shared_u16;

/* Move one unit of type T between @priv and the aligned @shared. */
#define SV__COPY_UNIT(T, priv, shared, to_shared)                 \
	do {                                                      \
		T *sp_ = (T *)(void *)(shared);                   \
		T v_;                                             \
		if (to_shared) {                                  \
			__builtin_memcpy(&v_, (priv), sizeof(T)); \
			sv_write_once(sp_, v_);                   \
		} else {                                          \
			v_ = sv_read_once(sp_);                   \
			__builtin_memcpy((priv), &v_, sizeof(T)); \
		}                                                 \
	} while (0)

/* One loop for both directions; @to_shared is a constant at each caller. */
static inline void sv__copy_shared(unsigned char *priv, unsigned char *shared,
				   size_t len, bool to_shared)
{
	size_t i, left, step;
	uintptr_t at;

	for (i = 0; i < len; i += step) {
		at = (uintptr_t)(shared + i);
		left = len - i;
		if (!(at & 7) && left >= 8) {
			step = 8;
			SV__COPY_UNIT(sv__shared_u64, priv + i, shared + i,
				      to_shared);
		} else if (!(at & 3) && left >= 4) {
			step = 4;
			SV__COPY_UNIT(sv__shared_u32, priv + i, shared + i,
				      to_shared);
		} else if (!(at & 1) && left >= 2) {
			step = 2;
			SV__COPY_UNIT(sv__shared_u16, priv + i, shared + i,
				      to_shared);
		} else {
			step = 1;
			SV__COPY_UNIT(unsigned char, priv + i, shared + i,
				      to_shared);
		}
	}
}

static inline void sv_copy_from_shared(void *dst, const void *src, size_t len)
{
	/* Only read through the cast. */
	sv__copy_shared(dst, (unsigned char *)(uintptr_t)src, len, false);
}

static inline void sv_copy_to_shared(void *dst, const void *src, size_t len)
{
	/* Only read through the cast. */
	sv__copy_shared((unsigned char *)(uintptr_t)src, dst, len, true);
}

/* Polite busy-wait hint for spin loops. */
static inline void sv_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
#endif
}

/*
 * Race-window widening for stress runs (SCMI_VIO_DEBUG builds only): call
 * sv_debug_yield() at lock and atomic points that matter; it yields the CPU
 * at random.  In normal builds it is nothing.
 */
#ifdef SCMI_VIO_DEBUG
void scmi_vio__debug_yield(void);
#define sv_debug_yield() scmi_vio__debug_yield()
#else
#define sv_debug_yield() ((void)0)
#endif

#endif /* SCMI_VIO_COMMON_ATOMICS_H */
