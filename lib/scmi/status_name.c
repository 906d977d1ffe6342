// SPDX-License-Identifier: BSD-3-Clause
/*
 * The names of SCMI status codes (docs/protocol.md section 4), for tools and
 * logs, so that no program keeps its own table.
 */
#include <stddef.h>

#include <scmi_vio/scmi.h>

/* Indexed by -status: the codes are dense from 0 down to PARTIAL. */
static const char *const status_names[] = {
	"SUCCESS",	  "NOT_SUPPORTED",  "INVALID_PARAMETERS",
	"DENIED",	  "NOT_FOUND",	    "OUT_OF_RANGE",
	"BUSY",		  "COMMS_ERROR",    "GENERIC_ERROR",
	"HARDWARE_ERROR", "PROTOCOL_ERROR", "IN_USE",
	"PARTIAL",
};

const char *scmi_vio_status_name(int32_t status)
{
	/* Compared as 64-bit: -INT32_MIN does not fit an int32_t. */
	int64_t i = -(int64_t)status;

	if (i < 0 ||
	    i >= (int64_t)(sizeof(status_names) / sizeof(status_names[0])))
		return NULL;
	return status_names[i];
}
