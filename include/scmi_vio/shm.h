/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared guest memory for running the two sides of a virtqueue in two
 * processes (docs/architecture.md section 2, lib/shm): a memfd mapped
 * MAP_SHARED, the way a VMM holds guest RAM.  One process creates it and hands
 * the fd to the other (fork/exec inheritance or SCM_RIGHTS); each maps it
 * wherever its kernel likes, so host addresses differ and only guest-physical
 * addresses (chosen by the caller, see guest_mem.h) are common.
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

/*
 * Flag of scmi_vio_shm_map(): map a file that is not sealed against
 * shrinking.  The risk: a peer that truncates the file kills this process
 * with SIGBUS the next time any thread (the device role, the transport, a
 * memcpy of a reply) touches a page past the new end, and the library has
 * no way to recover from that.  Pass it only for a peer you trust as much
 * as your own process.
 */
#define SCMI_VIO_SHM_MAP_UNSEALED 0x1u

/**
 * scmi_vio_shm_create() - a new zeroed memfd of @size bytes, mapped.
 *
 * The memfd is sealed against shrinking and growing, and against any
 * further seal (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL), before this
 * returns, so a peer it is handed to can neither make this process fault
 * nor stop its writes.  The fd is close-on-exec; clear FD_CLOEXEC to
 * hand it to an exec'd peer.
 *
 * Context: setup.
 * Ordering: none.
 * Ownership: the caller owns *@out (destroy() unmaps and closes the fd).
 * Return: 0, -EINVAL (@size 0 or @out NULL), -ENOMEM, or the negated errno
 *         of memfd_create(), ftruncate(), fcntl(F_ADD_SEALS) or mmap().
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_shm_create(size_t size, struct scmi_vio_shm **out);

/**
 * scmi_vio_shm_map() - map a memfd someone handed us.
 * @fd: borrowed: destroy() does not close it.
 * @size: bytes to map; the file must be at least that large.
 * @flags: 0, or SCMI_VIO_SHM_MAP_UNSEALED (read its risk above).
 *
 * The file must be sealed against shrinking (F_SEAL_SHRINK, as
 * scmi_vio_shm_create() seals it): otherwise the peer could truncate it
 * under our mapping and kill this process with SIGBUS.  A file that
 * cannot be sealed at all (not a memfd or shmem file) counts as unsealed.
 *
 * Context: setup.
 * Ordering: none; stores by the peer are seen through the shared mapping
 *           under whatever protocol (ring barriers) the peers use.
 * Ownership: *@out is the caller's; @fd stays the caller's.
 * Return: 0, -EINVAL (@size 0, @out NULL, an unknown flag, or the file is
 *         smaller than @size), -EPERM (the file can still shrink and
 *         @flags lacks SCMI_VIO_SHM_MAP_UNSEALED), -ENOMEM, or the negated
 *         errno of fstat(), fcntl(F_GET_SEALS) or mmap().
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_shm_map(int fd, size_t size, unsigned int flags,
		 struct scmi_vio_shm **out);

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
