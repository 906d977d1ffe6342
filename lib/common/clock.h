/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one monotonic clock the library's timeouts and rate limits read.
 * Out of line on purpose: the fuzz targets replace it at link time
 * (--wrap=scmi_vio__now_ns) to run the agent's waits in virtual time.
 */
#ifndef SCMI_VIO_COMMON_CLOCK_H
#define SCMI_VIO_COMMON_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t scmi_vio__now_ns(void);

/* The same in milliseconds, for poll()-style deadlines. */
static inline int64_t scmi_vio__now_ms(void)
{
	return (int64_t)(scmi_vio__now_ns() / 1000000u);
}

#endif /* SCMI_VIO_COMMON_CLOCK_H */
