/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI Base protocol client (docs/protocol.md section 6).  Every reply is
 * validated before use: short replies, counts larger than the data,
 * strings without a NUL and pagination counters that do not add up fail
 * with -EPROTO (S-12).
 *
 * All functions: Context: any thread, concurrently; they sleep (one or more
 * commands through scmi_vio_agent_do_cmd()).  Ownership: output buffers are
 * the caller's.  Return: 0, -EPROTO (malformed reply), or an
 * scmi_vio_agent_do_cmd() error (status mapped to errno), plus what each
 * function lists.
 */
#ifndef SCMI_VIO_SCMI_BASE_H
#define SCMI_VIO_SCMI_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;

/* DISCOVER_AGENT's agent id for the calling agent itself. */
#define SCMI_VIO_BASE_AGENT_SELF 0xffffffffu

/**
 * scmi_vio_base_attributes() - Base PROTOCOL_ATTRIBUTES.
 * @n_protocols: set to the protocols other than Base.
 * @n_agents: set to the number of agents.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_attributes(struct scmi_vio_agent *a, unsigned int *n_protocols,
			 unsigned int *n_agents);

/**
 * scmi_vio_base_vendor() - DISCOVER_VENDOR.
 * @name: set to the vendor (NUL-terminated, at most 16 bytes).
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @name is the caller's.
 * Return: 0, -EPROTO (short reply, or no NUL in 16 bytes), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_vendor(struct scmi_vio_agent *a, char name[16]);

/**
 * scmi_vio_base_sub_vendor() - DISCOVER_SUB_VENDOR.
 * @name: set to the sub-vendor (NUL-terminated, at most 16 bytes).
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @name is the caller's.
 * Return: 0, -EPROTO (short reply, or no NUL in 16 bytes), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_sub_vendor(struct scmi_vio_agent *a, char name[16]);

/**
 * scmi_vio_base_impl_version() - DISCOVER_IMPLEMENTATION_VERSION.
 * @version: set to the vendor-defined version.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @version is the caller's.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_impl_version(struct scmi_vio_agent *a, uint32_t *version);

/**
 * scmi_vio_base_list_protocols() - DISCOVER_LIST_PROTOCOLS, every page.
 * @ids: filled with the protocol ids; @cap its size.
 * @n: set to the number of protocols (PROTOCOL_ATTRIBUTES' count).
 *
 * Context: any thread, concurrently; sleeps (commands through
 * scmi_vio_agent_do_cmd(), one per page).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's.
 * Return: 0, -EPROTO, an scmi_vio_agent_do_cmd() error, and -ENOSPC (more than
 * @cap protocols), -EPROTO when a page
 * holds no id while some remain, more ids than announced, or a count
 * larger than the page.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_list_protocols(struct scmi_vio_agent *a, uint8_t *ids, size_t cap,
			     size_t *n);

/**
 * scmi_vio_base_discover_agent() - DISCOVER_AGENT.
 * @agent_id: 0 the platform, SCMI_VIO_BASE_AGENT_SELF the caller.
 * @id_out: the agent id the platform returned; @name its name.
 *
 * Context: any thread, concurrently; sleeps (commands through
 * scmi_vio_agent_do_cmd(), one per page).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's.
 * Return: 0, -EPROTO (S-12: short reply, a name without its NUL, an id other
 * than the one asked for, or SCMI_VIO_BASE_AGENT_SELF returned), an
 * scmi_vio_agent_do_cmd() error, and -ENOENT (unknown agent).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_discover_agent(struct scmi_vio_agent *a, uint32_t agent_id,
			     uint32_t *id_out, char name[16]);

/**
 * scmi_vio_base_set_device_permissions() - BASE_SET_DEVICE_PERMISSIONS:
 * give agent @agent_id access to device @device_id, or take it away.
 * @allow: true grants (the device through its protocols), false denies.
 *
 * Only a trusted agent may; the platform decides which agents are.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd(); the next command of
 * @agent_id that the platform receives after the reply sees the change.
 * Ownership: nothing is kept.
 * Return: 0; -EACCES (DENIED: we are not trusted); -ENOENT (NOT_FOUND: no
 * such agent or device); -EPROTO (S-12: a reply with a payload); or an
 * scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_set_device_permissions(struct scmi_vio_agent *a,
				     uint32_t agent_id, uint32_t device_id,
				     bool allow);

/**
 * scmi_vio_base_set_protocol_permissions() - BASE_SET_PROTOCOL_PERMISSIONS:
 * give agent @agent_id access to device @device_id through @protocol, or
 * take it away.
 * @protocol: a protocol id other than Base (Base is never taken away).
 * @allow: true grants, false denies.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: as scmi_vio_base_set_device_permissions().
 * Ownership: nothing is kept.
 * Return: 0; -EACCES (DENIED: we are not trusted); -ENOENT (NOT_FOUND: no
 * such agent or device, the device does not use @protocol, @protocol is
 * Base, or the agent has no access to the device); -EPROTO (S-12: a reply
 * with a payload); or an scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_set_protocol_permissions(struct scmi_vio_agent *a,
				       uint32_t agent_id, uint32_t device_id,
				       uint8_t protocol, bool allow);

/**
 * scmi_vio_base_reset_agent_config() - BASE_RESET_AGENT_CONFIGURATION:
 * undo what agent @agent_id configured (its resource requests).
 * @permissions: also put its permissions back as the platform started.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: as scmi_vio_base_set_device_permissions().
 * Ownership: nothing is kept.
 * Return: 0; -EACCES (DENIED: we are not trusted); -ENOENT (NOT_FOUND: no
 * such agent); -EPROTO (S-12: a reply with a payload); or an
 * scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_reset_agent_config(struct scmi_vio_agent *a, uint32_t agent_id,
				 bool permissions);

/**
 * scmi_vio_base_notify_errors() - NOTIFY_ERRORS: enable or disable
 * BASE_ERROR_EVENT.
 * @enable: bit 0 of the request.
 *
 * The notification core calls it when the first subscriber of
 * BASE_ERROR_EVENT arrives and the last leaves.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: nothing is kept.
 * Return: 0 or an scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_notify_errors(struct scmi_vio_agent *a, bool enable);

/**
 * scmi_vio_base_register_events() - register BASE_ERROR_EVENT with the
 * notification core (reports: base_error).
 *
 * Context: any thread, not from a callback of this protocol; sleeps
 * (commands through scmi_vio_agent_do_cmd()).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: nothing is kept by the caller; the protocol stays
 * registered until the agent is destroyed.
 * Return: 0 or a scmi_vio_notify_register_protocol() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_register_events(struct scmi_vio_agent *a);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_BASE_H */
