/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guest memory map for the device role: which guest-physical ranges exist and
 * where they are in this process (docs/architecture.md section 3).
 *
 * Every address the device role takes from a driver goes through this map.
 * (address, length) pairs are checked with overflow-safe arithmetic; a range
 * that crosses from one region into an adjacent one is split into one iovec
 * per region rather than refused; a range that touches a gap is refused.
 *
 * A map is immutable once created, so lookups from any number of threads need
 * no lock.
 */
#ifndef SCMI_VIO_GUEST_MEM_H
#define SCMI_VIO_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_gmem;

/* One region of guest memory and where this process maps it. */
struct scmi_vio_gmem_region {
	uint64_t gpa; /* guest-physical start */
	uint64_t len; /* bytes, > 0 */
	void *host; /* where those bytes are mapped in this process */
	bool writable; /* may the device write here? */
};

/**
 * scmi_vio_gmem_create() - build a map from @n regions.
 *
 * Regions may come in any order; they must not overlap and gpa + len must
 * not wrap.  The map copies the array; the memory behind it stays the
 * caller's and must outlive the map.
 *
 * Context: setup.
 * Return: 0, -EINVAL (@regions or @out NULL; empty, zero-length, wrapping or
 *         overlapping regions), -ENOMEM.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_gmem_create(const struct scmi_vio_gmem_region *regions, unsigned int n,
		     struct scmi_vio_gmem **out);

/* Free a map (NULL is a no-op).  Context: no queue uses it any more. */
SCMI_VIO_API void scmi_vio_gmem_destroy(struct scmi_vio_gmem *gm);

/**
 * scmi_vio_gmem_map() - translate a guest range into host iovecs.
 * @write: the device will write the range (the regions must be writable).
 * @iov: receives one entry per region the range touches.
 *
 * A zero-length range yields 0 entries.
 *
 * Context: any thread.
 * Return: the number of entries used, -EOVERFLOW (@gpa + @len wraps),
 *         -EFAULT (a byte outside every region, or a write to a read-only
 *         region), -ENOBUFS (more than @max_iov entries needed).
 */
SCMI_VIO_API int scmi_vio_gmem_map(const struct scmi_vio_gmem *gm, uint64_t gpa,
				   uint64_t len, bool write, struct iovec *iov,
				   unsigned int max_iov);

/**
 * scmi_vio_gmem_contig() - host pointer to a range inside one region.
 *
 * For structures the device accesses in place (the ring parts).
 *
 * Context: any thread.
 * Return: the host pointer, or NULL if the range wraps, is empty, is not
 *         wholly inside one region, or @write is set on a read-only region.
 */
SCMI_VIO_API void *scmi_vio_gmem_contig(const struct scmi_vio_gmem *gm,
					uint64_t gpa, uint64_t len, bool write);

/**
 * scmi_vio_gmem_read() - copy @len bytes at @gpa out of guest memory.
 *
 * The range may span adjacent regions.  Each byte is read once, with
 * relaxed atomic loads, so a guest writing it meanwhile is not a data race.
 *
 * Context: any thread.
 * Return: 0, -EOVERFLOW, -EFAULT.
 */
SCMI_VIO_API int scmi_vio_gmem_read(const struct scmi_vio_gmem *gm,
				    uint64_t gpa, void *dst, size_t len);

/**
 * scmi_vio_gmem_write() - copy @len bytes into guest memory at @gpa.
 *
 * Each byte is written once, with relaxed atomic stores.
 *
 * Context: any thread.
 * Return: 0, -EOVERFLOW, -EFAULT (outside, or read-only).
 */
SCMI_VIO_API int scmi_vio_gmem_write(const struct scmi_vio_gmem *gm,
				     uint64_t gpa, const void *src, size_t len);

/*
 * Copy between a flat buffer and an iovec array; return bytes copied.  The
 * iovecs' bytes are accessed once each, with relaxed atomics, as for
 * scmi_vio_gmem_read() and scmi_vio_gmem_write().
 */
SCMI_VIO_API size_t scmi_vio_iov_to_buf(const struct iovec *iov, unsigned int n,
					void *buf, size_t len);
SCMI_VIO_API size_t scmi_vio_iov_from_buf(const struct iovec *iov,
					  unsigned int n, const void *buf,
					  size_t len);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_GUEST_MEM_H */
