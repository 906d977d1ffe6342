/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Declaration decorations: which symbols the shared library exports, and
 * which results a caller must not ignore.
 */
#ifndef SCMI_VIO_EXPORT_H
#define SCMI_VIO_EXPORT_H

/*
 * Standard attributes ([[...]]) where the language has them: C++17, or a C
 * compiler that knows [[nodiscard]] (C2x).  Plain C11 gets GNU attributes.
 */
#if defined(__cplusplus) && __cplusplus >= 201703L
#define SCMI_VIO__STD_ATTRS 1
#elif !defined(__cplusplus) && defined(__STDC_VERSION__) && \
	__STDC_VERSION__ > 201710L && defined(__has_c_attribute)
#if __has_c_attribute(nodiscard)
#define SCMI_VIO__STD_ATTRS 1
#endif
#endif

/*
 * Symbols not marked SCMI_VIO_API are hidden in the shared library (it is
 * built with -fvisibility=hidden and a linker version script).  Users see
 * an empty macro.  With standard attributes, the visibility is one too: a
 * GNU attribute may not precede a [[...]] one (SCMI_VIO_MUST_CHECK).
 */
#if defined(SCMI_VIO_BUILDING) && defined(SCMI_VIO__STD_ATTRS)
#define SCMI_VIO_API [[gnu::visibility("default")]]
#elif defined(SCMI_VIO_BUILDING)
#define SCMI_VIO_API __attribute__((visibility("default")))
#else
#define SCMI_VIO_API
#endif

/*
 * A fallible call whose result must be looked at; a (void) cast says "on
 * purpose" and silences it.  [[nodiscard]] (C++17, C2x) and clang's
 * warn_unused_result honour the cast; GCC's warn_unused_result does not
 * (by design, GCC bug 66425), so a GCC C11 build gets no attribute rather
 * than a warning nobody can silence: the clang and C++ builds keep the
 * check.
 */
#if defined(SCMI_VIO__STD_ATTRS)
#define SCMI_VIO_MUST_CHECK [[nodiscard]]
#elif defined(__clang__)
#define SCMI_VIO_MUST_CHECK __attribute__((warn_unused_result))
#else
#define SCMI_VIO_MUST_CHECK
#endif

/*
 * SCMI_VIO_ALIGNAS(8) on a 64-bit member the library updates atomically
 * makes it 8-aligned on every target (i686 aligns uint64_t members to 4
 * only), so no target needs libatomic.  C11 and C++11 spell it apart.
 */
#ifdef __cplusplus
#define SCMI_VIO_ALIGNAS(n) alignas(n)
#else
#define SCMI_VIO_ALIGNAS(n) _Alignas(n)
#endif

/*
 * C11 constructs C++ lacks, which g++ and clang++ accept as extensions that
 * -pedantic reports: a flexible array member (the wire structs), a named
 * member of anonymous struct type in an anonymous union.  Declarations
 * between SCMI_VIO__CXX_EXT_BEGIN and SCMI_VIO__CXX_EXT_END compile
 * warning-free in C++ too; in C both are empty.
 */
#if defined(__cplusplus) && defined(__GNUC__)
#define SCMI_VIO__CXX_EXT_BEGIN        \
	_Pragma("GCC diagnostic push") \
		_Pragma("GCC diagnostic ignored \"-Wpedantic\"")
#define SCMI_VIO__CXX_EXT_END _Pragma("GCC diagnostic pop")
#else
#define SCMI_VIO__CXX_EXT_BEGIN
/* Ends the region SCMI_VIO__CXX_EXT_BEGIN opened. */
#define SCMI_VIO__CXX_EXT_END
#endif

#endif /* SCMI_VIO_EXPORT_H */
