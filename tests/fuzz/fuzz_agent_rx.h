/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_agent_rx: what its two halves share.  fuzz_agent_rx.c holds the
 * input cursor, the hostile synchronous transport and the entry point;
 * fuzz_agent_rx_ops.c the operations that drive the agent's clients, the
 * notification subscriber and the checks run after every operation.
 */
#ifndef SCMI_VIO_FUZZ_AGENT_RX_H
#define SCMI_VIO_FUZZ_AGENT_RX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/scmi.h>

#define require(c)                        \
	do {                              \
		if (!(c))                 \
			__builtin_trap(); \
	} while (0)

#define BIG_PDU 2200 /* largest reply the fake device buffer holds */

/* ---- the input (fuzz_agent_rx.c) --------------------------------------- */

struct in {
	const uint8_t *d;
	size_t n, pos;
};

bool in_left(void);
uint8_t u8(void);
uint32_t u32(void);
/* Up to @max bytes of input into @dst; the rest is zero. */
size_t bytes(uint8_t *dst, size_t len, size_t max);

/* ---- the transport (fuzz_agent_rx.c) ----------------------------------- */

struct fz {
	struct scmi_vio_transport_ops ops;
	struct scmi_vio_agent *agent;
	unsigned int max_tx;
	size_t max_payload;
	bool honest; /* setup and teardown: well-formed replies only */
	unsigned int silent; /* commands left unanswered so far */
	/* What the transport saw (only the caller's thread touches these). */
	uint64_t sends, send_fails, txdones;
	/* The polled reply waiting for poll_done()/fetch_response(). */
	uint8_t *poll_pdu;
	size_t poll_len;
	struct scmi_vio_xfer *poll_x;
	/* The unanswered polled command whose poll the transport ends. */
	struct scmi_vio_xfer *end_x;
	/* A late reply to deliver from mark_txdone() after a timeout. */
	bool late;
	bool raw_async; /* the raw exchange in progress is ASYNC */
	uint32_t last_hdr; /* the previous command's header */
};

extern struct fz fz;
/* Protocol numbers an operation may pick from. */
extern const uint8_t protos[8];
/* Hand the agent a message of @len bytes as if the device had used it. */
void deliver(uint32_t hdr, const uint8_t *pdu, size_t len);
/* An extra message around a command: what arrives besides the reply. */
void extra(uint32_t cmd_hdr);

/* ---- operations and checks (fuzz_agent_rx_ops.c) ----------------------- */

void notify_setup(unsigned int i);
void notify_drain(unsigned int i);
void checks_reset(void);
void check_stats(void);
void op_base(uint8_t which);
void op_clock(uint8_t which);
void op_sensor(uint8_t which);
void op_perf(uint8_t which);
void op_generic(uint8_t which);
void op_raw(uint8_t which);
void op_unsolicited(uint8_t which);

#endif /* SCMI_VIO_FUZZ_AGENT_RX_H */
