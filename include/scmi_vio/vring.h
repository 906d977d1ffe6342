/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueue wire format (virtio 1.2, section 2.7).
 *
 * This is the only memory layout scmi_vio exposes: a peer written by someone
 * else sits on the other side of it.  All multi-byte fields are little-endian.
 *
 *   descriptor table: num x 16 bytes, 16-byte aligned
 *   available ring:   flags, idx, ring[num], used_event      (2-byte aligned)
 *   used ring:        flags, idx, {id, len}[num], avail_event (4-byte aligned)
 *
 * used_event and avail_event exist in memory whether or not EVENT_IDX is
 * negotiated; they are only meaningful when it is.
 */
#ifndef SCMI_VIO_VRING_H
#define SCMI_VIO_VRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Descriptor flags (2.7.5). */
#define SCMI_VIO_VRING_DESC_F_NEXT 1u
#define SCMI_VIO_VRING_DESC_F_WRITE 2u
#define SCMI_VIO_VRING_DESC_F_INDIRECT 4u

/* Available ring flags (2.7.6): the driver asks for no used-buffer interrupt. */
#define SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT 1u
/* Used ring flags (2.7.8): the device asks for no available-buffer kick. */
#define SCMI_VIO_VRING_USED_F_NO_NOTIFY 1u

/* Feature bit numbers (6, and 2.7). */
#define SCMI_VIO_F_INDIRECT_DESC 28
#define SCMI_VIO_F_EVENT_IDX 29
#define SCMI_VIO_F_VERSION_1 32
#define SCMI_VIO_F_ACCESS_PLATFORM 33
#define SCMI_VIO_F_RING_PACKED 34
#define SCMI_VIO_F_IN_ORDER 35
#define SCMI_VIO_F_ORDER_PLATFORM 36

/* Queue sizes are powers of two in [1, 32768]. */
#define SCMI_VIO_VRING_MAX_SIZE 32768u

/* Alignment the spec requires of each part. */
#define SCMI_VIO_VRING_DESC_ALIGN 16u
#define SCMI_VIO_VRING_AVAIL_ALIGN 2u
#define SCMI_VIO_VRING_USED_ALIGN 4u

/* One descriptor, as laid out in shared memory (little-endian). */
struct scmi_vio_vring_desc {
	/* guest-physical address; the spec aligns the table to 16 anyway */
	SCMI_VIO_ALIGNAS(8) uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
SCMI_VIO__CXX_EXT_BEGIN

/* Available ring header, as laid out in shared memory (little-endian). */
struct scmi_vio_vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* [num], then le16 used_event */
};

/* One used ring element, as laid out in shared memory (little-endian). */
struct scmi_vio_vring_used_elem {
	uint32_t id; /* head of the chain */
	uint32_t len; /* bytes written into the device-writable part */
};

/* Used ring header, as laid out in shared memory (little-endian). */
struct scmi_vio_vring_used {
	uint16_t flags;
	uint16_t idx;
	struct scmi_vio_vring_used_elem ring[]; /* [num], then le16 avail_event */
};
SCMI_VIO__CXX_EXT_END

/* Host view of one ring: where its three parts are in this address space. */
struct scmi_vio_vring {
	unsigned int num;
	struct scmi_vio_vring_desc *desc;
	struct scmi_vio_vring_avail *avail;
	struct scmi_vio_vring_used *used;
};

/* Where one ring lives, in guest-physical addresses (the driver lays it
 * out, the device role reaches it through its guest memory map). */
struct scmi_vio_vring_gpa {
	unsigned int num;
	uint64_t desc_gpa;
	uint64_t avail_gpa;
	uint64_t used_gpa;
};

/* The driver's used_event word: after the last available ring entry. */
static inline uint16_t *
scmi_vio_vring_used_event(const struct scmi_vio_vring *vr)
{
	return &vr->avail->ring[vr->num];
}

/* The device's avail_event word: after the last used ring entry. */
static inline uint16_t *
scmi_vio_vring_avail_event(const struct scmi_vio_vring *vr)
{
	return (uint16_t *)(void *)&vr->used->ring[vr->num];
}

/**
 * scmi_vio_vring_need_event() - the EVENT_IDX test (2.7.7.2, 2.7.10.2).
 * @event: the other side's event index.
 * @new_idx: our index after the batch.
 * @old_idx: our index before the batch.
 *
 * The other side asked to be told once our index moves past @event; this says
 * whether the batch [@old_idx, @new_idx) crossed it.  All arithmetic is modulo
 * 2^16, so a batch of 2^16 or more entries must be decided by other means.
 *
 * Return: true if a notification is due.
 */
static inline bool scmi_vio_vring_need_event(uint16_t event, uint16_t new_idx,
					     uint16_t old_idx)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old_idx);
}

/**
 * scmi_vio_vring_valid_size() - is @num a legal split-queue size?
 *
 * Return: true for a power of two in [1, SCMI_VIO_VRING_MAX_SIZE].
 */
static inline bool scmi_vio_vring_valid_size(unsigned int num)
{
	return num >= 1 && num <= SCMI_VIO_VRING_MAX_SIZE && !(num & (num - 1));
}

/**
 * scmi_vio_vring_size() - bytes needed for a ring laid out in one block.
 * @num: queue size (power of two, 1..32768).
 * @align: alignment of the used ring, a power of two >= 4 (the legacy layout
 *         used 4096; 4 packs the ring tightly).
 *
 * The block holds the descriptor table, then the available ring with
 * used_event, then (aligned to @align) the used ring with avail_event; the
 * same layout as the legacy vring_size() of <linux/virtio_ring.h>.
 *
 * Context: any.
 * Return: the size in bytes, or 0 if @num or @align is invalid.
 */
SCMI_VIO_API size_t scmi_vio_vring_size(unsigned int num, size_t align);

/**
 * scmi_vio_vring_used_offset() - offset of the used ring in a block laid out
 * by scmi_vio_vring_layout() with the same @num and @align.
 *
 * Context: any.
 * Return: the offset in bytes, or 0 if @num or @align is invalid.
 */
SCMI_VIO_API size_t scmi_vio_vring_used_offset(unsigned int num, size_t align);

/**
 * scmi_vio_vring_layout() - lay an empty ring into caller memory.
 * @vr: filled with the host addresses of the three parts.
 * @num: queue size.
 * @mem: at least scmi_vio_vring_size(@num, @align) bytes, 16-byte aligned.
 * @align: used ring alignment, as for scmi_vio_vring_size().
 *
 * Zeroes the block (all indices, flags and event words start at 0).
 *
 * Context: before either side uses the ring.
 * Ownership: @mem stays the caller's; it must outlive every queue on it.
 * Return: 0, or -EINVAL for an invalid size, alignment or misaligned @mem.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_vring_layout(struct scmi_vio_vring *vr, unsigned int num, void *mem,
		      size_t align);

/**
 * scmi_vio_vring_attach() - describe a ring someone else laid out.
 * @vr: filled in.
 * @num: queue size.
 * @desc, @avail, @used: host addresses of the three parts.
 *
 * Checks the size (V-16) and each part's alignment (V-17); touches no memory.
 *
 * Context: any.
 * Return: 0, or -EINVAL.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_vring_attach(struct scmi_vio_vring *vr, unsigned int num, void *desc,
		      void *avail, void *used);

/* Bytes of the descriptor table for @num entries. */
static inline size_t scmi_vio_vring_desc_bytes(unsigned int num)
{
	return (size_t)num * sizeof(struct scmi_vio_vring_desc);
}

/* Bytes of the available ring for @num entries, used_event included. */
static inline size_t scmi_vio_vring_avail_bytes(unsigned int num)
{
	return sizeof(struct scmi_vio_vring_avail) + (size_t)num * 2 + 2;
}

/* Bytes of the used ring for @num entries, avail_event included. */
static inline size_t scmi_vio_vring_used_bytes(unsigned int num)
{
	return sizeof(struct scmi_vio_vring_used) +
	       (size_t)num * sizeof(struct scmi_vio_vring_used_elem) + 2;
}

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_VRING_H */
