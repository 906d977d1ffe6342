/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Compiler hints the library uses, in one place.  Each has a portable
 * fallback, so a C11 compiler without the GNU extensions still builds the
 * library, only slower.
 */
#ifndef SCMI_VIO_COMMON_COMPILER_H
#define SCMI_VIO_COMMON_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
/* For a hot static helper with more than one caller, where a call would
 * cost more than the body (measured with callgrind, not guessed). */
#define SV_ALWAYS_INLINE inline __attribute__((always_inline))
/* Start loading the cache line at @p; a hint, never a read. */
#define sv_prefetch(p) __builtin_prefetch(p)
#else
#define SV_ALWAYS_INLINE inline
#define sv_prefetch(p) ((void)(p))
#endif

#endif /* SCMI_VIO_COMMON_COMPILER_H */
