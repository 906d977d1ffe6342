/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI Power domain management protocol (0x11; DEN0056 3.2 section 4.3):
 * the agent client (its wire definitions, shared with the platform, are in
 * scmi_wire.h).
 *
 * POWER_STATE_SET has no delayed response: an asynchronous request is
 * acknowledged at once and its completion is seen through
 * POWER_STATE_CHANGED, when the agent enabled it.
 */
#ifndef SCMI_VIO_SCMI_POWER_H
#define SCMI_VIO_SCMI_POWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>
#include <scmi_vio/scmi_wire.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;

/* What POWER_DOMAIN_ATTRIBUTES reports about one power domain. */
struct scmi_vio_power_attrs {
	bool state_notify; /* POWER_STATE_CHANGED */
	bool async; /* asynchronous POWER_STATE_SET */
	bool sync; /* synchronous POWER_STATE_SET */
	bool req_notify; /* POWER_STATE_CHANGE_REQUESTED */
	/* @name is the first 15 characters of a longer one: see
	 * scmi_vio_power_domain_name_get() */
	bool extended_name;
	char name[16];
};

/**
 * scmi_vio_power_count() - PROTOCOL_ATTRIBUTES: the number of domains.
 * @n_domains: set to it ([15:0]).
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EPROTO (reply shorter than its 16 bytes, S-12), or an
 * scmi_vio_agent_do_cmd() error (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_power_count(struct scmi_vio_agent *a, unsigned int *n_domains);

/**
 * scmi_vio_power_domain_attributes() - POWER_DOMAIN_ATTRIBUTES of @id.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EPROTO (short reply, or a name without NUL: S-12), or an
 * scmi_vio_agent_do_cmd() error (-ENOENT: no such domain).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_power_domain_attributes(struct scmi_vio_agent *a, uint32_t id,
				 struct scmi_vio_power_attrs *out);

/**
 * scmi_vio_power_domain_name_get() - POWER_DOMAIN_NAME_GET: the whole name of
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
scmi_vio_power_domain_name_get(struct scmi_vio_agent *a, uint32_t id,
			       char name[64]);

/**
 * scmi_vio_power_state_set() - POWER_STATE_SET, synchronous: returns once
 * domain @id is in @state.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0 or an scmi_vio_agent_do_cmd() error (-ENOENT: no such domain;
 * -EINVAL: a state the domain does not have; -EOPNOTSUPP: the domain
 * takes only asynchronous requests).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_power_state_set(struct scmi_vio_agent *a, uint32_t id, uint32_t state);

/**
 * scmi_vio_power_state_set_async() - POWER_STATE_SET, asynchronous:
 * returns once the platform accepted the request; POWER_STATE_CHANGED
 * tells when it is done.
 *
 * Context: any thread, concurrently; sleeps (one command: there is no
 * delayed response to wait for).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: as scmi_vio_power_state_set() (-EOPNOTSUPP: the domain takes
 * only synchronous requests).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_power_state_set_async(struct scmi_vio_agent *a, uint32_t id,
			       uint32_t state);

/**
 * scmi_vio_power_state_get() - POWER_STATE_GET of domain @id.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_power_state_get(struct scmi_vio_agent *a, uint32_t id,
			 uint32_t *state);

/**
 * scmi_vio_power_register_events() - register POWER_STATE_CHANGED and
 * POWER_STATE_CHANGE_REQUESTED (reports: power_state; source: domain id).
 * Asks PROTOCOL_ATTRIBUTES for the number of domains first.
 *
 * Context: any thread, not from a callback of this protocol; sleeps.
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: the protocol stays registered until the agent is destroyed.
 * Return: 0, a scmi_vio_power_count()-like error, or a
 * scmi_vio_notify_register_protocol() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_power_register_events(struct scmi_vio_agent *a);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_POWER_H */
