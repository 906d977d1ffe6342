/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The front-end's memory table: regions mapped from its fds, a guest memory
 * map by guest-physical address (what descriptors carry) and one by the
 * front-end's own user addresses (what SET_VRING_ADDR carries).
 */
#ifndef SCMI_VIO_VHOST_USER_MEM_H
#define SCMI_VIO_VHOST_USER_MEM_H

#include <stdint.h>

#include <scmi_vio/guest_mem.h>
#include <scmi_vio/shm.h>

#include "vhost_user/msg.h"

struct vhu_memory {
	unsigned int n; /* 0: no table */
	struct scmi_vio_shm *shm[VHU_MAX_REGIONS];
	struct vhu_region r[VHU_MAX_REGIONS];
	struct scmi_vio_gmem *gmem; /* by guest-physical address */
	struct scmi_vio_gmem *umem; /* by front-end user address */
};

/*
 * Judge the table of SET_MEM_TABLE @m (whose shape was checked) and map it
 * into @mem.  The fds stay @m's.  Return: 0, -EBADMSG (size or fd count
 * for the region count), -EINVAL (no region, more than VHU_MAX_REGIONS, an
 * empty region, overlapping guest or user ranges, a file smaller than its
 * region), -EOVERFLOW (a range wraps), -EPERM (a file that can still
 * shrink, without @flags allowing it), -ENOMEM, or the negated errno of
 * fstat/fcntl/mmap.  Nothing is left mapped on failure.
 */
int scmi_vio__vhu_mem_map(const struct vhu_msg *m, unsigned int shm_flags,
			  struct vhu_memory *mem);

/* Unmap and forget (an empty table is a no-op). */
void scmi_vio__vhu_mem_unmap(struct vhu_memory *mem);

/*
 * Translate the ring of @a for @num entries: each part aligned and wholly
 * inside one region; @gpa receives desc, avail, used guest addresses.
 * Return: 0, -EINVAL (misaligned), -EFAULT (outside every region, or no
 * table), -EOVERFLOW.
 */
int scmi_vio__vhu_mem_ring(const struct vhu_memory *mem,
			   const struct vhu_addr *a, unsigned int num,
			   uint64_t gpa[3]);

#endif /* SCMI_VIO_VHOST_USER_MEM_H */
