/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Declaration decorations: which symbols the shared library exports, and
 * which results a caller must not ignore.
 */
#ifndef SCMI_VIO_EXPORT_H
#define SCMI_VIO_EXPORT_H

/* Symbols not marked SCMI_VIO_API are hidden in the shared library. */
#if defined(SCMI_VIO_BUILDING)
#define SCMI_VIO_API __attribute__((visibility("default")))
#else
#define SCMI_VIO_API
#endif

/* A fallible call whose result must be looked at. */
#define SCMI_VIO_MUST_CHECK __attribute__((warn_unused_result))

#endif /* SCMI_VIO_EXPORT_H */
