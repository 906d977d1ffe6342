/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fault injection for the SCMI platform device
 * (docs/architecture.md section 7).
 *
 * A fault plan is either a script of rules (match a command by protocol,
 * message id and/or its sequence number on the cmdq -> action) or seeded
 * random faults at a rate, or both (rules are tried first).  Everything is
 * deterministic: "later" is counted in service rounds, never in wall time,
 * and the random generator is a seeded xorshift.
 *
 * Wire effect of each kind (on the command it matches):
 *   DELAY        the reply is pushed @arg service rounds later (>= 1).
 *   REORDER      the reply is pushed after the next command's reply.
 *   DROP_REPLY   no reply, ever: the buffer stays the device's.
 *   NO_REPLY     the buffer is returned with used length 0, unprocessed.
 *   DUP_REPLY    the reply is sent, and a copy of it is written into the
 *                next cmdq buffer in place of that command's reply (that
 *                command is not processed).
 *   WRONG_TOKEN  reply header token XOR 0x200 (another token).
 *   WRONG_PROTO  reply header protocol id XOR 0x01.
 *   WRONG_MSG_ID reply header message id XOR 0x01.
 *   SHORT_LEN    used length min(@arg, written) (@arg < 8: no status).
 *   LONG_LEN     used length = the whole writable buffer (more than was
 *                written; the device role refuses more than the buffer).
 *   DRESP_FIRST  the reply waits until the command's delayed response has
 *                been pushed on the eventq (S-6); it follows a round later.
 *                Without this fault a delayed response never overtakes its
 *                reply: it is published after the reply and the reply's
 *                cmdq interrupt.
 *   UNSOLICITED  a delayed response {SUCCESS} for this (sync) command is
 *                queued on the eventq as well (S-5).
 *   NOTIF_STORM  @arg Base ERROR_EVENT notifications {agent, 1 report} are
 *                queued, the report a sequence number counting from 0 over
 *                the platform's life (distinct sources: no coalescing; a
 *                full outbox drops).
 *   WITHHOLD_EVQ no eventq buffer is used for @arg service rounds.
 *   CORRUPT_HDR  reply header reserved bits [31:28] |= @arg (0 means 0x1).
 */
#ifndef SCMI_VIO_PLATFORM_FAULT_H
#define SCMI_VIO_PLATFORM_FAULT_H

#include <stdbool.h>
#include <stdint.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a fault does to the command it matches; arg is per kind. */
enum scmi_vio_fault_kind {
	SCMI_VIO_FAULT_NONE = 0,
	SCMI_VIO_FAULT_DELAY,
	SCMI_VIO_FAULT_REORDER,
	SCMI_VIO_FAULT_DROP_REPLY,
	SCMI_VIO_FAULT_NO_REPLY,
	SCMI_VIO_FAULT_DUP_REPLY,
	SCMI_VIO_FAULT_WRONG_TOKEN,
	SCMI_VIO_FAULT_WRONG_PROTO,
	SCMI_VIO_FAULT_WRONG_MSG_ID,
	SCMI_VIO_FAULT_SHORT_LEN,
	SCMI_VIO_FAULT_LONG_LEN,
	SCMI_VIO_FAULT_DRESP_FIRST,
	SCMI_VIO_FAULT_UNSOLICITED,
	SCMI_VIO_FAULT_NOTIF_STORM,
	SCMI_VIO_FAULT_WITHHOLD_EVQ,
	SCMI_VIO_FAULT_CORRUPT_HDR,
	SCMI_VIO_FAULT_NR,
};

/* Which fields of a rule must match (all that are set). */
#define SCMI_VIO_FAULT_MATCH_PROTO (1u << 0)
#define SCMI_VIO_FAULT_MATCH_MSG_ID (1u << 1)
#define SCMI_VIO_FAULT_MATCH_SEQ (1u << 2)

/* One scripted fault: which commands it matches and what it does. */
struct scmi_vio_fault_rule {
	unsigned int match; /* SCMI_VIO_FAULT_MATCH_*; 0 matches everything */
	uint8_t protocol;
	uint8_t msg_id;
	uint64_t seq; /* command sequence number on the cmdq, from 0 */
	enum scmi_vio_fault_kind kind;
	uint32_t arg; /* per kind, see above */
	uint32_t times; /* fire at most this often; 0 = unlimited */
};

/* Most scripted rules in one plan. */
#define SCMI_VIO_FAULT_MAX_RULES 32u

/* The faults a platform injects: scripted rules and seeded random ones. */
struct scmi_vio_fault_plan {
	const struct scmi_vio_fault_rule *rules;
	unsigned int n_rules; /* <= SCMI_VIO_FAULT_MAX_RULES */
	/* Random faults: each command draws one with probability rate/1e6. */
	uint64_t seed;
	uint32_t rate_ppm; /* 0: off */
	uint32_t kinds; /* bit mask of kinds to draw from (1u << kind) */
	uint32_t random_arg; /* arg of drawn faults */
};

/**
 * scmi_vio_fault_kind_name() - the name of a fault kind.
 * @kind: an enum scmi_vio_fault_kind value.
 *
 * The kind's enumerator in lower case without its prefix ("drop_reply",
 * "wrong_token", ...; "none" for SCMI_VIO_FAULT_NONE), for reports and for
 * command lines that choose kinds by name.
 *
 * Context: any thread.
 * Ordering: none.
 * Ownership: the string is static; do not free it.
 * Return: the name, or NULL for a value that is no kind (SCMI_VIO_FAULT_NR
 *         and above).
 */
SCMI_VIO_API const char *
scmi_vio_fault_kind_name(enum scmi_vio_fault_kind kind);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_PLATFORM_FAULT_H */
