// SPDX-License-Identifier: BSD-3-Clause
/*
 * The memory table of SET_MEM_TABLE (mem.h).
 *
 * Each region comes with its own fd and an mmap offset into it; several
 * regions may share one file.  Everything the front-end says is checked
 * before it is believed: the count against the payload and the fds, each
 * range against wrap-around, the file against the range it must hold and
 * against shrinking (X-1, one judge: lib/shm), the ranges against each
 * other (one judge: guest_mem).  The device later reaches guest memory
 * only through the guest-physical map; ring addresses are front-end user
 * addresses, translated through the second map.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <scmi_vio/vring.h>

#include "ring/guest_mem_internal.h"
#include "shm/shm_internal.h"
#include "vhost_user/mem.h"

static int check_region(const struct vhu_region *r)
{
	if (!r->size)
		return -EINVAL;
	if (r->gpa > UINT64_MAX - (r->size - 1) ||
	    r->uaddr > UINT64_MAX - (r->size - 1) || r->size > SIZE_MAX)
		return -EOVERFLOW;
	/* mmap_offset + size is judged once, by scmi_vio__shm_map_range(). */
	return 0;
}

/* Both lookup maps over the regions mapped so far. */
static int build_maps(struct vhu_memory *mem)
{
	struct scmi_vio_gmem_region g[VHU_MAX_REGIONS], u[VHU_MAX_REGIONS];
	unsigned int i;
	int ret;

	for (i = 0; i < mem->n; i++) {
		g[i].gpa = mem->r[i].gpa;
		g[i].len = mem->r[i].size;
		g[i].host = scmi_vio_shm_host(mem->shm[i]);
		g[i].writable = true;
		u[i] = g[i];
		u[i].gpa = mem->r[i].uaddr;
	}
	ret = scmi_vio_gmem_create(g, mem->n, &mem->gmem);
	if (!ret)
		ret = scmi_vio_gmem_create(u, mem->n, &mem->umem);
	return ret;
}

int scmi_vio__vhu_mem_map(const struct vhu_msg *m, unsigned int shm_flags,
			  struct vhu_memory *mem)
{
	uint32_t n = m->p.mem.nregions;
	unsigned int i;
	int ret;

	memset(mem, 0, sizeof(*mem));
	if (!n || n > VHU_MAX_REGIONS)
		return -EINVAL;
	if (m->hdr.size < offsetof(struct vhu_mem, regions[n]) || m->nfds != n)
		return -EBADMSG;
	for (i = 0; i < n; i++) {
		ret = check_region(&m->p.mem.regions[i]);
		if (ret)
			return ret;
	}
	for (i = 0; i < n; i++) {
		mem->r[i] = m->p.mem.regions[i];
		ret = scmi_vio__shm_map_range(m->fds[i], mem->r[i].mmap_offset,
					      (size_t)mem->r[i].size, shm_flags,
					      &mem->shm[i]);
		if (ret)
			goto fail;
		mem->n = i + 1;
	}
	ret = build_maps(mem);
	if (!ret)
		return 0;
fail:
	scmi_vio__vhu_mem_unmap(mem);
	return ret;
}

void scmi_vio__vhu_mem_unmap(struct vhu_memory *mem)
{
	unsigned int i;

	scmi_vio_gmem_destroy(mem->gmem);
	scmi_vio_gmem_destroy(mem->umem);
	for (i = 0; i < mem->n; i++)
		scmi_vio_shm_destroy(mem->shm[i]);
	memset(mem, 0, sizeof(*mem));
}

/* One ring part: its guest address, or an error. */
static int ring_part(const struct vhu_memory *mem, uint64_t uaddr, uint64_t len,
		     uint64_t align, uint64_t *gpa)
{
	const struct scmi_vio_gmem_region *u;
	unsigned int i;

	if (uaddr % align)
		return -EINVAL;
	if (uaddr > UINT64_MAX - (len - 1))
		return -EOVERFLOW;
	u = mem->n ? scmi_vio__gmem_region(mem->umem, uaddr, len) : NULL;
	if (!u)
		return -EFAULT;
	for (i = 0; i < mem->n; i++) {
		if (scmi_vio_shm_host(mem->shm[i]) != u->host)
			continue;
		*gpa = mem->r[i].gpa + (uaddr - mem->r[i].uaddr);
		/* A region whose guest and user bases differ in their low
		 * bits would misalign the part the device sees. */
		return *gpa % align ? -EINVAL : 0;
	}
	return -EFAULT;
}

int scmi_vio__vhu_mem_ring(const struct vhu_memory *mem,
			   const struct vhu_addr *a, unsigned int num,
			   uint64_t gpa[3])
{
	int ret;

	ret = ring_part(mem, a->desc, scmi_vio_vring_desc_bytes(num),
			SCMI_VIO_VRING_DESC_ALIGN, &gpa[0]);
	if (!ret)
		ret = ring_part(mem, a->avail, scmi_vio_vring_avail_bytes(num),
				SCMI_VIO_VRING_AVAIL_ALIGN, &gpa[1]);
	if (!ret)
		ret = ring_part(mem, a->used, scmi_vio_vring_used_bytes(num),
				SCMI_VIO_VRING_USED_ALIGN, &gpa[2]);
	return ret;
}
