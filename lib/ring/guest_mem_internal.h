/* SPDX-License-Identifier: BSD-3-Clause */
/* Region lookups the device role uses on its hot path. */
#ifndef SCMI_VIO_RING_GUEST_MEM_INTERNAL_H
#define SCMI_VIO_RING_GUEST_MEM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <scmi_vio/guest_mem.h>

/* Does @r hold all of [@gpa, @gpa + @len), @len > 0, without wrapping? */
static inline bool scmi_vio__region_holds(const struct scmi_vio_gmem_region *r,
					  uint64_t gpa, uint64_t len)
{
	uint64_t off = gpa - r->gpa;

	return gpa >= r->gpa && off <= r->len - 1 &&
	       len - 1 <= r->len - 1 - off;
}

/* The region holding all of a non-empty range, or NULL (none, or split). */
const struct scmi_vio_gmem_region *
scmi_vio__gmem_region(const struct scmi_vio_gmem *gm, uint64_t gpa,
		      uint64_t len);

#endif /* SCMI_VIO_RING_GUEST_MEM_INTERNAL_H */
