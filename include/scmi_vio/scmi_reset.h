/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI Reset domain management protocol (0x16; DEN0056 3.2 section 4.8):
 * the agent client (its wire definitions, shared with the platform, are in
 * scmi_wire.h).
 */
#ifndef SCMI_VIO_SCMI_RESET_H
#define SCMI_VIO_SCMI_RESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>
#include <scmi_vio/scmi_wire.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;

/* What RESET_DOMAIN_ATTRIBUTES reports about one reset domain. */
struct scmi_vio_reset_attrs {
	bool async;
	bool notify;
	/* @name is the first 15 characters of a longer one: see
	 * scmi_vio_reset_domain_name_get() */
	bool extended_name;
	uint32_t latency_us; /* SCMI_VIO_RESET_LATENCY_UNKNOWN if unknown */
	char name[16];
};

/**
 * scmi_vio_reset_count() - PROTOCOL_ATTRIBUTES: the number of domains.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_reset_count(struct scmi_vio_agent *a, unsigned int *n_domains);

/**
 * scmi_vio_reset_domain_attributes() - RESET_DOMAIN_ATTRIBUTES of @id.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EPROTO (short reply, or a name without NUL: S-12), or an
 * scmi_vio_agent_do_cmd() error (-ENOENT: no such domain).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_reset_domain_attributes(struct scmi_vio_agent *a, uint32_t id,
				 struct scmi_vio_reset_attrs *out);

/**
 * scmi_vio_reset_domain_name_get() - RESET_DOMAIN_NAME_GET: the whole name of
 * domain @id, when its attributes say it has an extended one.
 * @name: set to the NUL-terminated name.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @name is the caller's.
 * Return: 0, -EPROTO (a reply without the char[64], or a name without NUL:
 * S-12), or an scmi_vio_agent_do_cmd() error (-ENOENT: no such domain, or
 * a protocol version without the command; -EOPNOTSUPP: the domain has no
 * extended name).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_reset_domain_name_get(struct scmi_vio_agent *a, uint32_t id,
			       char name[64]);

/**
 * scmi_vio_reset() - RESET of domain @id.
 * @flags: SCMI_VIO_RESET_AUTONOMOUS, _ASSERT, _ASYNC.
 * @state: the reset state (SCMI_VIO_RESET_STATE_COLD).
 *
 * With SCMI_VIO_RESET_ASYNC it returns once the delayed response
 * (RESET_COMPLETE) arrived and named domain @id.
 *
 * Context: any thread, concurrently; sleeps (one command, and for an
 * asynchronous one its delayed response).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EINVAL (other @flags bits), -ETIMEDOUT (no delayed
 * response), -EPROTO (a delayed response short or for another domain,
 * S-12), or an scmi_vio_agent_do_cmd() error (-ENOENT, -EINVAL,
 * -EOPNOTSUPP: async on a domain without it).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int scmi_vio_reset(struct scmi_vio_agent *a,
						    uint32_t id, uint32_t flags,
						    uint32_t state);

/**
 * scmi_vio_reset_register_events() - register RESET_ISSUED (report:
 * reset_issued; source: domain id).  Asks PROTOCOL_ATTRIBUTES for the
 * number of domains first.
 *
 * Context: any thread, not from a callback of this protocol.
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: the protocol stays registered until the agent is destroyed.
 * Return: 0, a scmi_vio_reset_count() error, or a
 * scmi_vio_notify_register_protocol() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_reset_register_events(struct scmi_vio_agent *a);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_RESET_H */
