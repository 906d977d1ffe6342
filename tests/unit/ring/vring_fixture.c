// SPDX-License-Identifier: BSD-3-Clause
/* A ring in fake guest memory and a raw, unchecked peer (vring_fixture.h). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "vring_fixture.h"

#define VF_PAGE 4096u

/*
 * Check's ck_assert*() records a mark point through a pipe even when it
 * passes; helpers that tests call in long loops check with this instead.
 */
#define vf_check(cond)                                             \
	do {                                                       \
		if (!(cond))                                       \
			ck_abort_msg("fixture: %s failed", #cond); \
	} while (0)

static void *vf_alloc(struct vring_fixture *f, unsigned int slot, size_t len)
{
	void *p = NULL;

	len = (len + VF_PAGE - 1) & ~(size_t)(VF_PAGE - 1);
	ck_assert_int_eq(posix_memalign(&p, VF_PAGE, len), 0);
	memset(p, 0, len);
	f->owned[slot] = p;
	return p;
}

static void vf_region(struct vring_fixture *f, uint64_t gpa, uint64_t len,
		      void *host, bool writable)
{
	ck_assert_uint_lt(f->n_regions, VF_MAX_REGIONS);
	f->regions[f->n_regions++] = (struct scmi_vio_gmem_region){
		.gpa = gpa, .len = len, .host = host, .writable = writable
	};
}

void vf_init_extra(struct vring_fixture *f, unsigned int num,
		   const struct scmi_vio_gmem_region *extra, unsigned int n)
{
	size_t bytes = scmi_vio_vring_size(num, SCMI_VIO_VRING_USED_ALIGN);
	char *ring;
	unsigned int i;

	memset(f, 0, sizeof(*f));
	ck_assert_uint_ne(bytes, 0);
	f->num = num;
	f->ring_bytes = bytes;
	ring = vf_alloc(f, 0, bytes);
	ck_assert_int_eq(scmi_vio_vring_layout(&f->vr, num, ring,
					       SCMI_VIO_VRING_USED_ALIGN),
			 0);
	f->desc_gpa = VF_RING_GPA + (uint64_t)((char *)f->vr.desc - ring);
	f->avail_gpa = VF_RING_GPA + (uint64_t)((char *)f->vr.avail - ring);
	f->used_gpa = VF_RING_GPA + (uint64_t)((char *)f->vr.used - ring);
	vf_region(f, VF_RING_GPA, bytes, ring, true);
	vf_region(f, VF_DATA_GPA, VF_DATA_LEN, vf_alloc(f, 1, VF_DATA_LEN),
		  true);
	vf_region(f, VF_DATA_B_GPA, VF_DATA_LEN, vf_alloc(f, 2, VF_DATA_LEN),
		  true);
	vf_region(f, VF_RO_GPA, VF_DATA_LEN, vf_alloc(f, 3, VF_DATA_LEN),
		  false);
	for (i = 0; i < n; i++)
		vf_region(f, extra[i].gpa, extra[i].len, extra[i].host,
			  extra[i].writable);
	ck_assert_int_eq(scmi_vio_gmem_create(f->regions, f->n_regions, &f->gm),
			 0);
}

void vf_init(struct vring_fixture *f, unsigned int num)
{
	vf_init_extra(f, num, NULL, 0);
}

void vf_fini(struct vring_fixture *f)
{
	unsigned int i;

	scmi_vio_gmem_destroy(f->gm);
	for (i = 0; i < sizeof(f->owned) / sizeof(f->owned[0]); i++)
		free(f->owned[i]);
	memset(f, 0, sizeof(*f));
}

void *vf_host(const struct vring_fixture *f, uint64_t gpa, size_t len)
{
	unsigned int i;

	for (i = 0; i < f->n_regions; i++) {
		const struct scmi_vio_gmem_region *r = &f->regions[i];

		if (gpa >= r->gpa && gpa - r->gpa <= r->len &&
		    len <= r->len - (gpa - r->gpa))
			return (char *)r->host + (gpa - r->gpa);
	}
	ck_abort_msg("fixture: gpa 0x%llx + %zu is not inside one region",
		     (unsigned long long)gpa, len);
	return NULL;
}

void vf_vqd_config(const struct vring_fixture *f, uint64_t features,
		   struct scmi_vio_vqd_config *cfg)
{
	*cfg = (struct scmi_vio_vqd_config){
		.ring = { f->num, f->desc_gpa, f->avail_gpa, f->used_gpa },
		.gmem = f->gm,
		.features = features,
	};
}

static void desc_store(struct scmi_vio_vring_desc *d, uint64_t addr,
		       uint32_t len, uint16_t flags, uint16_t next)
{
	sv_write_once(&d->addr, sv_cpu_to_le64(addr));
	sv_write_once(&d->len, sv_cpu_to_le32(len));
	sv_write_once(&d->flags, sv_cpu_to_le16(flags));
	sv_write_once(&d->next, sv_cpu_to_le16(next));
}

void vf_desc(struct vring_fixture *f, unsigned int i, uint64_t addr,
	     uint32_t len, uint16_t flags, uint16_t next)
{
	vf_check(i < f->num);
	desc_store(&f->vr.desc[i], addr, len, flags, next);
}

void vf_desc_at(struct vring_fixture *f, uint64_t table_gpa, unsigned int i,
		uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	uint64_t gpa =
		table_gpa + (uint64_t)i * sizeof(struct scmi_vio_vring_desc);

	desc_store(vf_host(f, gpa, sizeof(struct scmi_vio_vring_desc)), addr,
		   len, flags, next);
}

void vf_avail_entry(struct vring_fixture *f, uint16_t idx, uint16_t head)
{
	sv_write_once(&f->vr.avail->ring[idx & (f->num - 1)],
		      sv_cpu_to_le16(head));
}

void vf_avail_publish(struct vring_fixture *f, uint16_t idx)
{
	f->avail_idx = idx;
	/* Entries and descriptors before the index; pairs with the device's
	 * acquire load of avail.idx. */
	sv_store_release(&f->vr.avail->idx, sv_cpu_to_le16(idx));
}

void vf_avail_add(struct vring_fixture *f, uint16_t head)
{
	vf_avail_entry(f, f->avail_idx, head);
	vf_avail_publish(f, (uint16_t)(f->avail_idx + 1));
}

static uint16_t *vf_field_at(const struct vring_fixture *f, enum vf_field field)
{
	uint16_t *const at[] = {
		[VF_AVAIL_FLAGS] = &f->vr.avail->flags,
		[VF_AVAIL_IDX] = &f->vr.avail->idx,
		[VF_USED_EVENT] = scmi_vio_vring_used_event(&f->vr),
		[VF_USED_FLAGS] = &f->vr.used->flags,
		[VF_USED_IDX] = &f->vr.used->idx,
		[VF_AVAIL_EVENT] = scmi_vio_vring_avail_event(&f->vr),
	};

	vf_check((unsigned int)field < sizeof(at) / sizeof(at[0]));
	return at[field];
}

uint16_t vf_read(const struct vring_fixture *f, enum vf_field field)
{
	uint16_t *p = vf_field_at(f, field);

	/* What the peer wrote before an index is read after it; pairs with
	 * the release store of avail.idx or used.idx by the role under test. */
	if (field == VF_AVAIL_IDX || field == VF_USED_IDX)
		return sv_le16_to_cpu(sv_load_acquire(p));
	return sv_le16_to_cpu(sv_read_once(p));
}

void vf_write(struct vring_fixture *f, enum vf_field field, uint16_t v)
{
	sv_write_once(vf_field_at(f, field), sv_cpu_to_le16(v));
}

void vf_read_used_elem(const struct vring_fixture *f, uint16_t idx,
		       uint32_t *id, uint32_t *len)
{
	const struct scmi_vio_vring_used_elem *e =
		&f->vr.used->ring[idx & (f->num - 1)];

	*id = sv_le32_to_cpu(sv_read_once(&e->id));
	*len = sv_le32_to_cpu(sv_read_once(&e->len));
}

void vf_used_elem(struct vring_fixture *f, uint16_t idx, uint32_t id,
		  uint32_t len)
{
	struct scmi_vio_vring_used_elem *e =
		&f->vr.used->ring[idx & (f->num - 1)];

	sv_write_once(&e->id, sv_cpu_to_le32(id));
	sv_write_once(&e->len, sv_cpu_to_le32(len));
}

void vf_used_publish(struct vring_fixture *f, uint16_t idx)
{
	f->used_idx = idx;
	/* Used elements before the index; pairs with the driver's acquire
	 * load of used.idx. */
	sv_store_release(&f->vr.used->idx, sv_cpu_to_le16(idx));
}

uint16_t vf_read_avail_entry(const struct vring_fixture *f, uint16_t idx)
{
	return sv_le16_to_cpu(
		sv_read_once(&f->vr.avail->ring[idx & (f->num - 1)]));
}

void vf_read_desc(const struct vring_fixture *f, unsigned int i,
		  struct scmi_vio_vring_desc *d)
{
	const struct scmi_vio_vring_desc *s;

	vf_check(i < f->num);
	s = &f->vr.desc[i];
	d->addr = sv_le64_to_cpu(sv_read_once(&s->addr));
	d->len = sv_le32_to_cpu(sv_read_once(&s->len));
	d->flags = sv_le16_to_cpu(sv_read_once(&s->flags));
	d->next = sv_le16_to_cpu(sv_read_once(&s->next));
}
