/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_vs_device: what its two halves share.  fuzz_vs_device.c is the
 * hostile device (it plays the device side of the cmdq and eventq rings in
 * this thread), the controlled clock and threads, and the entry point;
 * fuzz_vs_device_ops.c drives the agent (commands, raw mode,
 * subscriptions, the deferred worker) and checks the
 * docs/architecture.md section 10 invariants after every step.
 */
#ifndef SCMI_VIO_FUZZ_VS_DEVICE_H
#define SCMI_VIO_FUZZ_VS_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include <scmi_vio/scmi.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/vring.h>

#include "fuzz_input.h"

#define FZ_MAX_NUM 16 /* largest queue size used */
#define FZ_MAX_RECS 4096 /* replies the device writes per input, at most */
#define FZ_SERIAL0 0x5e000000u /* first serial a reply payload carries */

enum { FZ_CMDQ = 0, FZ_EVQ = 1 };

/* One buffer the device popped and has not used yet. */
struct fz_chain {
	uint16_t head;
	uint32_t req_hdr; /* cmdq: the request's header word */
	uint8_t *buf; /* the device-writable part, host address */
	uint32_t cap;
	uint64_t due; /* tick of its scripted reply; UINT64_MAX: never */
	uint8_t plan, detail; /* the reply script (see plan_reply()) */
};

/* The device's view of one ring. */
struct fz_dq {
	bool on;
	unsigned int num;
	struct scmi_vio_vring vr;
	uint16_t last_avail; /* next avail entry to pop */
	uint16_t used_idx; /* next used element to write */
	uint64_t pushed; /* used elements written, lies included */
	unsigned int n_held;
	struct fz_chain held[FZ_MAX_NUM];
};

/* What the device wrote into a reply whose payload starts with a serial. */
struct fz_rec {
	uint32_t hdr;
	uint32_t used; /* as the driver sees it: clamped to the buffer */
	uint32_t status;
	uint8_t q; /* FZ_CMDQ or FZ_EVQ */
};

struct fz_dev {
	struct fz_in in;
	uint8_t *mem; /* the guest memory window */
	size_t mem_size;
	uint64_t features;
	struct scmi_vio_doorbell *kick, *irq;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *agent;
	struct fz_dq q[2];
	bool started, in_kick, kick_again;
	/*
	 * The device lied at ring level (a used id out of range or not in
	 * flight, a jump of used.idx): the queue may be broken, or the lie
	 * taken for a later completion, so what the device holds is a guess
	 * and only the checks that do not rest on it still run.
	 */
	bool hostile_ring;
	uint64_t tick;
	uint32_t last_req_hdr; /* the previous request seen (stale replies) */
	unsigned int n_recs;
	struct fz_rec recs[FZ_MAX_RECS];
	bool recs_lost; /* more than that: untraceable replies pass */
	/* Headers written with no room for a serial: replies too short to
	 * identify, by header and used length. */
	unsigned int n_short;
	struct fz_rec shorts[256];
	bool shorts_lost; /* more than that: the short checks are off */
};

extern struct fz_dev dv;

/* ---- the device (fuzz_vs_device.c) ---------------------------------- */

/* A wait point: device time moves by one tick; due replies go out. */
void dev_tick(void);
/* A spontaneous device action (op 4..5 of the script). */
void dev_event(uint8_t which);
void dev_hostile(uint8_t which);
/* Which write carries @serial, or NULL. */
const struct fz_rec *dev_rec(uint32_t serial);
/* Was a reply too short to carry a serial written like this? */
bool dev_short(uint32_t hdr, uint32_t used, uint8_t q, uint32_t status);

/* ---- the agent side (fuzz_vs_device_ops.c) -------------------------- */

extern const uint8_t fz_protos[8];
void ops_reset(bool raw);
int ops_agent_create(const struct scmi_vio_agent_config *cfg);
void op_cmd(uint8_t which);
void op_raw(uint8_t which);
void op_sub(uint8_t which);
void op_drive(uint8_t which);
void ops_teardown(void);
void check_all(void);

#endif /* SCMI_VIO_FUZZ_VS_DEVICE_H */
