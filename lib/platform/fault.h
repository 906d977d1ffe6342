/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault decisions for the platform device (platform_fault.h): which fault,
 * if any, a command gets.  Owned by one device; pick() runs under the
 * device lock, the counters are read from any thread.
 */
#ifndef SCMI_VIO_PLATFORM_FAULT_INTERNAL_H
#define SCMI_VIO_PLATFORM_FAULT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <scmi_vio/platform_fault.h>

#include "common/atomics.h"

struct plat_fault {
	struct scmi_vio_fault_rule rules[SCMI_VIO_FAULT_MAX_RULES];
	uint32_t fired[SCMI_VIO_FAULT_MAX_RULES];
	unsigned int n_rules;
	uint64_t rng; /* xorshift64 state, never 0 */
	uint32_t rate_ppm;
	uint32_t kinds;
	uint32_t random_arg;
	sv_atomic_u64 count[SCMI_VIO_FAULT_NR]; /* ATOMIC: read by any thread */
};

/*
 * The one judge of a fault plan (NULL: no faults), whoever takes one: the
 * device role at create, and every entry point that keeps a plan for a
 * device it creates later (reach/host.h's copy), so a bad plan is refused
 * where it was given.  Return: 0 or -EINVAL.
 */
int scmi_vio__fault_plan_check(const struct scmi_vio_fault_plan *plan);

/* Copy and check @plan (NULL: no faults).  Return: 0 or -EINVAL. */
int scmi_vio__fault_init(struct plat_fault *f,
			 const struct scmi_vio_fault_plan *plan);

/* Whether a plan can fire at all: without one, pick() need not run. */
static inline bool scmi_vio__fault_armed(const struct plat_fault *f)
{
	return f->n_rules || f->rate_ppm;
}

/*
 * The fault for command number @seq with header @hdr (NONE for most), and
 * its argument in *@arg.  Counts what it returns.
 */
enum scmi_vio_fault_kind scmi_vio__fault_pick(struct plat_fault *f,
					      uint32_t hdr, uint64_t seq,
					      uint32_t *arg);

uint64_t scmi_vio__fault_count(const struct plat_fault *f,
			       enum scmi_vio_fault_kind kind);

#endif /* SCMI_VIO_PLATFORM_FAULT_INTERNAL_H */
