/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI Base protocol client (PROTOCOL.md section 6).  Every reply is
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

#define SCMI_VIO_BASE_AGENT_SELF 0xffffffffu

/* PROTOCOL_ATTRIBUTES: protocols other than Base, and agents. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_attributes(struct scmi_vio_agent *a, unsigned int *n_protocols,
			 unsigned int *n_agents);

/* DISCOVER_VENDOR into @name (NUL-terminated, at most 16 bytes). */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_vendor(struct scmi_vio_agent *a, char name[16]);

/* DISCOVER_SUB_VENDOR into @name. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_sub_vendor(struct scmi_vio_agent *a, char name[16]);

/* DISCOVER_IMPLEMENTATION_VERSION. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_impl_version(struct scmi_vio_agent *a, uint32_t *version);

/**
 * scmi_vio_base_list_protocols() - DISCOVER_LIST_PROTOCOLS, every page.
 * @ids: filled with the protocol ids; @cap its size.
 * @n: set to the number of protocols (PROTOCOL_ATTRIBUTES' count).
 *
 * Return: also -ENOSPC (more than @cap protocols), -EPROTO when a page
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
 * Return: also -ENOENT (unknown agent).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_discover_agent(struct scmi_vio_agent *a, uint32_t agent_id,
			     uint32_t *id_out, char name[16]);

/* NOTIFY_ERRORS (the subscribe path calls it for BASE_ERROR_EVENT). */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_notify_errors(struct scmi_vio_agent *a, bool enable);

/**
 * scmi_vio_base_register_events() - register BASE_ERROR_EVENT with the
 * notification core (reports: base_error).
 *
 * Return: 0 or a scmi_vio_notify_register_protocol() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_base_register_events(struct scmi_vio_agent *a);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_BASE_H */
