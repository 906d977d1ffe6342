// SPDX-License-Identifier: BSD-3-Clause
/*
 * The library's version, compiled in from the same header the users
 * include, so a program can tell which library it runs with.
 */
#include <stddef.h>

#include <scmi_vio/version.h>

const char *scmi_vio_version(unsigned int *number)
{
	if (number)
		*number = SCMI_VIO_VERSION_NUMBER;
	return SCMI_VIO_VERSION_STRING;
}
