/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI System power management protocol (0x12; DEN0056 3.2 section 4.4):
 * the agent client (its wire definitions, shared with the platform, are in
 * scmi_wire.h).
 *
 * SYSTEM_POWER_STATE_GET exists only in protocol 1.0 (SCMI 2.0); from 2.0
 * message 0x4 is gone (NOT_FOUND).  An agent learns what the platform wants
 * from SYSTEM_POWER_STATE_NOTIFIER, which a platform (a VMM) sends on its
 * own to ask the agent to shut down or reboot.
 */
#ifndef SCMI_VIO_SCMI_SYSTEM_POWER_H
#define SCMI_VIO_SCMI_SYSTEM_POWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>
#include <scmi_vio/scmi_wire.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;

/**
 * scmi_vio_system_power_caps() - which optional states the platform has
 * (PROTOCOL_MESSAGE_ATTRIBUTES of SYSTEM_POWER_STATE_SET).
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_system_power_caps(struct scmi_vio_agent *a, bool *warm_reset,
			   bool *suspend);

/**
 * scmi_vio_system_power_state_set() - SYSTEM_POWER_STATE_SET.
 * @state: SCMI_VIO_SYS_STATE_*.
 * @graceful: ask for an orderly transition (flags bit 0).
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0 or an scmi_vio_agent_do_cmd() error (-EINVAL: not a state;
 * -EOPNOTSUPP: a state the platform does not support; -EACCES).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_system_power_state_set(struct scmi_vio_agent *a, uint32_t state,
				bool graceful);

/**
 * scmi_vio_system_power_state_get() - SYSTEM_POWER_STATE_GET (protocol
 * 1.0 only).
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error (-ENOENT: a platform whose protocol version
 * has no such command).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_system_power_state_get(struct scmi_vio_agent *a, uint32_t *state);

/**
 * scmi_vio_system_power_register_events() - register
 * SYSTEM_POWER_STATE_NOTIFIER (report: system_power; one source, 0).
 * Subscribing enables it with SYSTEM_POWER_STATE_NOTIFY.
 *
 * Context: any thread, not from a callback of this protocol.
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: the protocol stays registered until the agent is destroyed.
 * Return: 0 or a scmi_vio_notify_register_protocol() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_system_power_register_events(struct scmi_vio_agent *a);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_SYSTEM_POWER_H */
