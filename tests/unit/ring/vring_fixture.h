/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test fixture: a split ring inside fake guest memory, and a hand-written
 * peer that writes raw ring fields with no checks at all, so a test can play
 * a hostile driver (against the device role) or a hostile device (against
 * the driver role).  It never uses the library's driver or device role; the
 * only library code it relies on is the wire layout (vring.c) and the guest
 * memory map it builds for the device role.
 *
 * Guest-physical map, each region a separate host allocation:
 *
 *   VF_RING_GPA     the ring (descriptor table, avail, used)   writable
 *   VF_DATA_GPA     data A, VF_DATA_LEN bytes                  writable
 *   VF_DATA_B_GPA   data B, VF_DATA_LEN bytes, right after A   writable
 *   VF_RO_GPA       VF_DATA_LEN bytes                          read-only
 *   plus any extra regions the test passes to vf_init_extra();
 *   VF_GAP_GPA and everything else unmapped.
 *
 * A and B are adjacent in guest memory but not in host memory, so a buffer
 * across VF_DATA_B_GPA needs two iovecs.
 *
 * All ring accessors take host-endian values and convert; ring indices are
 * free-running 16-bit counters, the slot is idx & (num - 1).  Helpers fail
 * the current Check test on misuse (an address outside the fixture's map).
 */
#ifndef SCMI_VIO_TESTS_VRING_FIXTURE_H
#define SCMI_VIO_TESTS_VRING_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/guest_mem.h>
#include <scmi_vio/vq_device.h>
#include <scmi_vio/vring.h>

#define VF_RING_GPA 0x100000ull
#define VF_DATA_GPA 0x10000000ull
#define VF_DATA_LEN 0x10000u
#define VF_DATA_B_GPA (VF_DATA_GPA + VF_DATA_LEN)
#define VF_RO_GPA 0x20000000ull
#define VF_GAP_GPA 0x30000000ull
#define VF_MAX_REGIONS 8

/* Handy feature masks. */
#define VF_F_EVENT_IDX (1ull << SCMI_VIO_F_EVENT_IDX)
#define VF_F_INDIRECT (1ull << SCMI_VIO_F_INDIRECT_DESC)

struct vring_fixture {
	unsigned int num;
	struct scmi_vio_vring vr; /* host view of the ring */
	uint64_t desc_gpa, avail_gpa, used_gpa;
	struct scmi_vio_gmem *gm;
	struct scmi_vio_gmem_region regions[VF_MAX_REGIONS];
	unsigned int n_regions;
	void *owned[4]; /* the fixture's own allocations */
	size_t ring_bytes;
	uint16_t avail_idx; /* peer shadow of avail.idx (driver play) */
	uint16_t used_idx; /* peer shadow of used.idx (device play) */
};

/* Lay out an empty ring of @num entries and build the guest memory map. */
void vf_init(struct vring_fixture *f, unsigned int num);
/* As vf_init(), with @n extra regions (owned by the caller) in the map. */
void vf_init_extra(struct vring_fixture *f, unsigned int num,
		   const struct scmi_vio_gmem_region *extra, unsigned int n);
void vf_fini(struct vring_fixture *f);

/* Host pointer to [@gpa, @gpa + @len), which must lie in one region. */
void *vf_host(const struct vring_fixture *f, uint64_t gpa, size_t len);

/* A device-role config for this ring (max_in_flight 0 = num). */
void vf_vqd_config(const struct vring_fixture *f, uint64_t features,
		   struct scmi_vio_vqd_config *cfg);

/*
 * The ring's 16-bit fields outside its arrays: the driver writes the first
 * three, the device the last three.
 */
enum vf_field {
	VF_AVAIL_FLAGS,
	VF_AVAIL_IDX,
	VF_USED_EVENT,
	VF_USED_FLAGS,
	VF_USED_IDX,
	VF_AVAIL_EVENT,
};

/* Read @field once; an index with acquire (what comes before it, after). */
uint16_t vf_read(const struct vring_fixture *f, enum vf_field field);
/* Write @field once; an index is published with vf_*_publish() instead. */
void vf_write(struct vring_fixture *f, enum vf_field field, uint16_t v);

/* --- playing the driver --- */

/* Write descriptor @i of the ring's descriptor table. */
void vf_desc(struct vring_fixture *f, unsigned int i, uint64_t addr,
	     uint32_t len, uint16_t flags, uint16_t next);
/* Write entry @i of a descriptor table at guest address @table_gpa. */
void vf_desc_at(struct vring_fixture *f, uint64_t table_gpa, unsigned int i,
		uint64_t addr, uint32_t len, uint16_t flags, uint16_t next);
/* Put @head at avail slot avail_idx and publish avail_idx + 1 (release). */
void vf_avail_add(struct vring_fixture *f, uint16_t head);
/* Write the avail ring entry for index @idx without publishing. */
void vf_avail_entry(struct vring_fixture *f, uint16_t idx, uint16_t head);
/* Publish any avail.idx (release); also sets the peer shadow. */
void vf_avail_publish(struct vring_fixture *f, uint16_t idx);
/* Read used element @idx (after vf_read(VF_USED_IDX)). */
void vf_read_used_elem(const struct vring_fixture *f, uint16_t idx,
		       uint32_t *id, uint32_t *len);

/* --- playing the device --- */

/* Write the used element for index @idx without publishing. */
void vf_used_elem(struct vring_fixture *f, uint16_t idx, uint32_t id,
		  uint32_t len);
/* Publish any used.idx (release); also sets the peer shadow. */
void vf_used_publish(struct vring_fixture *f, uint16_t idx);
/* Read avail entry @idx and descriptor @i (after vf_read(VF_AVAIL_IDX)). */
uint16_t vf_read_avail_entry(const struct vring_fixture *f, uint16_t idx);
void vf_read_desc(const struct vring_fixture *f, unsigned int i,
		  struct scmi_vio_vring_desc *d);

#endif /* SCMI_VIO_TESTS_VRING_FIXTURE_H */
