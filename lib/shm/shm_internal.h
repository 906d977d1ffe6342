/* SPDX-License-Identifier: BSD-3-Clause */
/* Mapping part of a file someone handed us (vhost-user memory regions). */
#ifndef SCMI_VIO_SHM_SHM_INTERNAL_H
#define SCMI_VIO_SHM_SHM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/shm.h>

/*
 * scmi_vio_shm_map() for the @size bytes at @offset of @fd: the same seal
 * rule and flags; the file must hold all of [@offset, @offset +
 * @size).  scmi_vio_shm_host() is the byte at @offset, whatever its page
 * alignment.  Return: as scmi_vio_shm_map(), plus -EOVERFLOW (the range
 * wraps, or does not fit in this process's address space or in off_t).
 */
int scmi_vio__shm_map_range(int fd, uint64_t offset, size_t size,
			    unsigned int flags, struct scmi_vio_shm **out);

#endif /* SCMI_VIO_SHM_SHM_INTERNAL_H */
