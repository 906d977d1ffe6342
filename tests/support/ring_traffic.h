/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Checked traffic over a ring pair: a driver loop that sends numbered,
 * checksummed requests and verifies each reply, and a device loop that
 * checksums each request and writes the reply.  Used by the stress test
 * (two threads) and the cross-process test (two processes).
 *
 * Each request: out = { le64 seq, le32 payload length } then the payload
 * (split over two segments at random); in = 16 bytes the device fills with
 * { le64 seq, le32 checksum of everything it read, le32 bytes read }.
 */
#ifndef SCMI_VIO_TEST_RING_TRAFFIC_H
#define SCMI_VIO_TEST_RING_TRAFFIC_H

#include <stdbool.h>
#include <stdint.h>

#include <scmi_vio/doorbell.h>

#include "ring_pair.h"

enum traffic_mode {
	TRAFFIC_POLL, /* both sides spin */
	TRAFFIC_DOORBELL, /* both sides sleep on doorbells when idle */
};

struct traffic_stats {
	uint64_t completed; /* replies verified */
	uint64_t kicks; /* doorbells rung by the driver */
	uint64_t interrupts; /* doorbells rung by the device */
	uint64_t errors; /* anything that should not happen */
	char first_error[128];
};

struct traffic_cfg {
	const struct ring_layout *layout;
	void *mem; /* this side's mapping of the block */
	uint64_t total; /* requests to complete */
	enum traffic_mode mode;
	unsigned int max_batch; /* random batches of 1..max_batch */
	unsigned int seed;
	int64_t hang_ns; /* a wait longer than this is a lost wake-up */
	struct scmi_vio_doorbell *wait_db; /* this side waits on it */
	struct scmi_vio_doorbell *ring_db; /* this side rings it */
	/* Device side: set by the driver when everything is done. */
	int *stop; /* ATOMIC */
};

/* Driver side: send cfg->total requests and verify every reply. */
void traffic_run_driver(const struct traffic_cfg *cfg, struct scmi_vio_vq *vq,
			struct traffic_stats *st);

/* Device side: serve until *cfg->stop and the ring is drained. */
void traffic_run_device(const struct traffic_cfg *cfg, struct scmi_vio_vqd *vqd,
			struct traffic_stats *st);

#endif /* SCMI_VIO_TEST_RING_TRAFFIC_H */
