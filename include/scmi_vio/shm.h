/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared guest memory for running the two sides of a virtqueue in two
 * processes (DESIGN.md section 2, lib/shm): a memfd mapped MAP_SHARED, the
 * way a VMM holds guest RAM.  One process creates it and hands the fd to the
 * other (fork/exec inheritance or SCM_RIGHTS); each maps it wherever its
 * kernel likes, so host addresses differ and only guest-physical addresses
 * (chosen by the caller, see guest_mem.h) are common.
 *
 * A mapping is immutable once created: any thread may use its accessors.
 */
#ifndef SCMI_VIO_SHM_H
#define SCMI_VIO_SHM_H

#include <stddef.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_shm;

/**
 * scmi_vio_shm_create() - a new zeroed memfd of @size bytes, mapped.
 *
 * The fd is close-on-exec; clear FD_CLOEXEC to hand it to an exec'd peer.
 *
 * Context: setup.
 * Ordering: none.
 * Ownership: the caller owns *@out (destroy() unmaps and closes the fd).
 * Return: 0, -EINVAL (@size 0 or @out NULL), -ENOMEM, or the negated errno
 *         of memfd_create(), ftruncate() or mmap().
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_shm_create(size_t size, struct scmi_vio_shm **out);

/**
 * scmi_vio_shm_map() - map a memfd someone handed us.
 * @fd: borrowed: destroy() does not close it.
 * @size: bytes to map; the file must be at least that large.
 *
 * Context: setup.
 * Ordering: none; stores by the peer are seen through the shared mapping
 *           under whatever protocol (ring barriers) the peers use.
 * Ownership: *@out is the caller's; @fd stays the caller's.
 * Return: 0, -EINVAL (@size 0, @out NULL, or the file is smaller than
 *         @size), -ENOMEM, or the negated errno of fstat() or mmap().
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_shm_map(int fd, size_t size, struct scmi_vio_shm **out);

/**
 * scmi_vio_shm_destroy() - unmap (and close an fd we created).
 *
 * NULL is a no-op.
 *
 * Context: nothing uses the memory any more (queues, memory maps).
 * Ordering: none.
 * Ownership: a borrowed fd stays open and the caller's.
 * Return: nothing.
 */
SCMI_VIO_API void scmi_vio_shm_destroy(struct scmi_vio_shm *shm);

/**
 * scmi_vio_shm_host() / _size() / _fd() - where the memory is in this
 * process, how large the mapping is, and its memfd.
 *
 * Context: any thread (immutable after create/map).
 * Ordering: none.
 * Ownership: the pointer and fd stay owned by @shm (or by whoever handed
 *            the fd over).
 * Return: the host address; the size in bytes; the file descriptor.
 */
SCMI_VIO_API void *scmi_vio_shm_host(const struct scmi_vio_shm *shm);
SCMI_VIO_API size_t scmi_vio_shm_size(const struct scmi_vio_shm *shm);
SCMI_VIO_API int scmi_vio_shm_fd(const struct scmi_vio_shm *shm);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SHM_H */
