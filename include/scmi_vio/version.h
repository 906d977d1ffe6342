/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scmi_vio's version: at compile time (the macros, the headers you built
 * against) and at run time (scmi_vio_version(), the library you run with).
 * CMakeLists.txt reads the three numbers from here, so this file is the
 * one place a release changes them.  What a version change promises about
 * the ABI: docs/abi.md; what changed: CHANGELOG.md.
 */
#ifndef SCMI_VIO_VERSION_H
#define SCMI_VIO_VERSION_H

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Incompatible changes once 1.0 is out (docs/abi.md). */
#define SCMI_VIO_VERSION_MAJOR 0
/* Additions; before 1.0 also incompatible changes (a new SONAME). */
#define SCMI_VIO_VERSION_MINOR 1
/* Fixes only: the API and the ABI stay as they were. */
#define SCMI_VIO_VERSION_PATCH 0

/* The spelling of @x, once expanded (for SCMI_VIO_VERSION_STRING). */
#define SCMI_VIO__STR(x) SCMI_VIO__STR2(x)
/* The spelling of @x as written (SCMI_VIO__STR expands it first). */
#define SCMI_VIO__STR2(x) #x
/* "MAJOR.MINOR.PATCH" */
#define SCMI_VIO_VERSION_STRING                                      \
	SCMI_VIO__STR(SCMI_VIO_VERSION_MAJOR)                        \
	"." SCMI_VIO__STR(SCMI_VIO_VERSION_MINOR) "." SCMI_VIO__STR( \
		SCMI_VIO_VERSION_PATCH)
/* One number that orders versions: MAJOR << 16 | MINOR << 8 | PATCH. */
#define SCMI_VIO_VERSION_NUMBER                                           \
	((SCMI_VIO_VERSION_MAJOR << 16) | (SCMI_VIO_VERSION_MINOR << 8) | \
	 SCMI_VIO_VERSION_PATCH)

/**
 * scmi_vio_version() - the version of the library running this call.
 * @number: if not NULL, set to its SCMI_VIO_VERSION_NUMBER.
 *
 * Compare it with the SCMI_VIO_VERSION_* macros to find a shared library
 * older or newer than the headers a program was built with.
 *
 * Context: any thread, any time, also before any other call.
 * Ownership: the string is static; do not free it.
 * Return: "MAJOR.MINOR.PATCH" of the library; never NULL, never fails.
 */
SCMI_VIO_API const char *scmi_vio_version(unsigned int *number);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_VERSION_H */
