/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One split ring in one block of "guest memory", opened by the driver role
 * and by the device role, for tests, stress programs and benchmarks.
 *
 * Layout of the block (at guest address gpa, mapped anywhere in each
 * process that opens it):
 *   [ring: desc | avail | used]  [indirect tables]  [nbufs x buf_size data]
 * The driver puts guest addresses in descriptors; the device translates
 * them through a one-region guest memory map.  The block may be mapped at
 * different host addresses in the two roles (cross-process).
 */
#ifndef SCMI_VIO_TEST_RING_PAIR_H
#define SCMI_VIO_TEST_RING_PAIR_H

#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/guest_mem.h>
#include <scmi_vio/virtqueue.h>
#include <scmi_vio/vq_device.h>

#define RING_PAIR_GPA 0x40000000ull
#define RING_PAIR_IND_MAX 4u

struct ring_layout {
	unsigned int num;
	size_t buf_size;
	unsigned int nbufs;
	size_t ring_off, ind_off, data_off, total;
};

/* Plan a block for @num entries and @nbufs buffers of @buf_size bytes. */
void ring_layout_plan(struct ring_layout *l, unsigned int num, size_t buf_size,
		      unsigned int nbufs);

/* Guest address of buffer @i, and its host address in a mapping @mem. */
static inline uint64_t ring_buf_gpa(const struct ring_layout *l, unsigned int i)
{
	return RING_PAIR_GPA + l->data_off + (uint64_t)i * l->buf_size;
}

static inline void *ring_buf_host(const struct ring_layout *l, void *mem,
				  unsigned int i)
{
	return (char *)mem + l->data_off + (size_t)i * l->buf_size;
}

/* Lay out the ring in @mem (zeroing it) and open the driver role. */
int ring_driver_open(const struct ring_layout *l, void *mem, uint64_t features,
		     struct scmi_vio_doorbell *kick, struct scmi_vio_vq **vq);

/* Open the device role on a ring the driver laid out in @mem. */
int ring_device_open(const struct ring_layout *l, void *mem, uint64_t features,
		     struct scmi_vio_gmem **gm, struct scmi_vio_vqd **vqd);

#endif /* SCMI_VIO_TEST_RING_PAIR_H */
