// SPDX-License-Identifier: BSD-3-Clause
/* Split-ring layout (virtio 1.2, 2.7): sizes, laying out and attaching. */
#include <errno.h>
#include <string.h>

#include <scmi_vio/vring.h>

/* The structs vring.h declares have the layout the spec fixes (2.7). */
_Static_assert(sizeof(struct scmi_vio_vring_desc) == 16, "descriptor size");
_Static_assert(offsetof(struct scmi_vio_vring_desc, len) == 8, "desc.len");
_Static_assert(offsetof(struct scmi_vio_vring_desc, flags) == 12, "desc.flags");
_Static_assert(offsetof(struct scmi_vio_vring_desc, next) == 14, "desc.next");
_Static_assert(sizeof(struct scmi_vio_vring_avail) == 4, "avail header");
_Static_assert(sizeof(struct scmi_vio_vring_used_elem) == 8, "used element");
_Static_assert(sizeof(struct scmi_vio_vring_used) == 4, "used header");

static bool aligned(const void *p, size_t align)
{
	return ((uintptr_t)p & (align - 1)) == 0;
}

static bool valid_align(size_t align)
{
	return align >= SCMI_VIO_VRING_USED_ALIGN && !(align & (align - 1));
}

static size_t used_offset(unsigned int num, size_t align)
{
	size_t end = scmi_vio_vring_desc_bytes(num) +
		     scmi_vio_vring_avail_bytes(num);

	return (end + align - 1) & ~(align - 1);
}

size_t scmi_vio_vring_used_offset(unsigned int num, size_t align)
{
	if (!scmi_vio_vring_valid_size(num) || !valid_align(align))
		return 0;
	return used_offset(num, align);
}

size_t scmi_vio_vring_size(unsigned int num, size_t align)
{
	if (!scmi_vio_vring_valid_size(num) || !valid_align(align))
		return 0;
	return used_offset(num, align) + scmi_vio_vring_used_bytes(num);
}

int scmi_vio_vring_layout(struct scmi_vio_vring *vr, unsigned int num,
			  void *mem, size_t align)
{
	char *base = mem;

	if (!vr || !mem || !scmi_vio_vring_valid_size(num) ||
	    !valid_align(align) || !aligned(mem, SCMI_VIO_VRING_DESC_ALIGN))
		return -EINVAL;
	memset(mem, 0, scmi_vio_vring_size(num, align));
	return scmi_vio_vring_attach(vr, num, base,
				     base + scmi_vio_vring_desc_bytes(num),
				     base + used_offset(num, align));
}

int scmi_vio_vring_attach(struct scmi_vio_vring *vr, unsigned int num,
			  void *desc, void *avail, void *used)
{
	if (!vr || !desc || !avail || !used || !scmi_vio_vring_valid_size(num))
		return -EINVAL;
	if (!aligned(desc, SCMI_VIO_VRING_DESC_ALIGN) ||
	    !aligned(avail, SCMI_VIO_VRING_AVAIL_ALIGN) ||
	    !aligned(used, SCMI_VIO_VRING_USED_ALIGN))
		return -EINVAL;
	vr->num = num;
	vr->desc = desc;
	vr->avail = avail;
	vr->used = used;
	return 0;
}
