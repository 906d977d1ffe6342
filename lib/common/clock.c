// SPDX-License-Identifier: BSD-3-Clause
#include <time.h>

#include "common/clock.h"

uint64_t scmi_vio__now_ns(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC is mandatory on every supported system. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
