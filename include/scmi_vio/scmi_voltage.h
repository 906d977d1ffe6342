/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI Voltage domain management protocol (0x17, from SCMI 3.0; DEN0056
 * 3.2 section 4.9): the agent client (its wire definitions, shared with
 * the platform, are in scmi_wire.h).  Levels are signed microvolts.  The
 * protocol has no notifications.
 */
#ifndef SCMI_VIO_SCMI_VOLTAGE_H
#define SCMI_VIO_SCMI_VOLTAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>
#include <scmi_vio/scmi_wire.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;

/* What VOLTAGE_DOMAIN_ATTRIBUTES reports about one voltage domain. */
struct scmi_vio_voltage_attrs {
	bool async;
	/* @name is the first 15 characters of a longer one: see
	 * scmi_vio_voltage_domain_name_get() */
	bool extended_name;
	char name[16];
};

/**
 * scmi_vio_voltage_count() - PROTOCOL_ATTRIBUTES: the number of domains.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error (-EOPNOTSUPP: a platform without the
 * protocol, such as an SCMI 2.0 one).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_voltage_count(struct scmi_vio_agent *a, unsigned int *n_domains);

/**
 * scmi_vio_voltage_domain_attributes() - VOLTAGE_DOMAIN_ATTRIBUTES of @id.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EPROTO (short reply, or a name without NUL: S-12), or an
 * scmi_vio_agent_do_cmd() error (-ENOENT: no such domain).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_voltage_domain_attributes(struct scmi_vio_agent *a, uint32_t id,
				   struct scmi_vio_voltage_attrs *out);

/**
 * scmi_vio_voltage_domain_name_get() - VOLTAGE_DOMAIN_NAME_GET: the whole
 * name of domain @id, when its attributes say it has an extended one.
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
scmi_vio_voltage_domain_name_get(struct scmi_vio_agent *a, uint32_t id,
				 char name[64]);

/**
 * scmi_vio_voltage_describe_levels() - VOLTAGE_DESCRIBE_LEVELS, every
 * page.
 * @levels: filled with the levels in microvolts; @cap its size.
 * @n: set to the number of levels (3 for a linear segment).
 * @linear: set when the domain answered {lowest, highest, step}.
 *
 * Context: any thread, concurrently; sleeps (one command per page).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0; -ENOSPC (more than @cap levels); -EPROTO (S-12, S-20: no
 * levels at all, a count larger than the page, a page without levels
 * while some remain,
 * remaining counts that disagree between pages, a segment that is not
 * exactly one page of 3 with lowest <= highest and a positive step, or
 * discrete levels not strictly ascending); or an scmi_vio_agent_do_cmd()
 * error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_voltage_describe_levels(struct scmi_vio_agent *a, uint32_t id,
				 int32_t *levels, size_t cap, size_t *n,
				 bool *linear);

/**
 * scmi_vio_voltage_config_set() - VOLTAGE_CONFIG_SET of domain @id.
 * @config: SCMI_VIO_VOLTAGE_CONFIG_ON or _OFF.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0 or an scmi_vio_agent_do_cmd() error (-EINVAL: another mode).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_voltage_config_set(struct scmi_vio_agent *a, uint32_t id,
			    uint32_t config);

/**
 * scmi_vio_voltage_config_get() - VOLTAGE_CONFIG_GET of domain @id.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_voltage_config_get(struct scmi_vio_agent *a, uint32_t id,
			    uint32_t *config);

/**
 * scmi_vio_voltage_level_set() - VOLTAGE_LEVEL_SET, synchronous.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0 or an scmi_vio_agent_do_cmd() error (-ERANGE: outside the
 * domain's range; -EINVAL: inside it but not a level it has).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_voltage_level_set(struct scmi_vio_agent *a, uint32_t id,
			   int32_t level_uv);

/**
 * scmi_vio_voltage_level_set_async() - VOLTAGE_LEVEL_SET with a delayed
 * response (VOLTAGE_LEVEL_SET_COMPLETE).
 * @level_out: set to the level the delayed response reports (may be NULL).
 *
 * Context: any thread, concurrently; sleeps (one command, and for an
 * asynchronous one its delayed response).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -ETIMEDOUT (no delayed response), -EPROTO (a delayed
 * response short or for another domain, S-12), or an
 * scmi_vio_agent_do_cmd() error (-EOPNOTSUPP: the domain has no async).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_voltage_level_set_async(struct scmi_vio_agent *a, uint32_t id,
				 int32_t level_uv, int32_t *level_out);

/**
 * scmi_vio_voltage_level_get() - VOLTAGE_LEVEL_GET of domain @id.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's; nothing is kept.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_voltage_level_get(struct scmi_vio_agent *a, uint32_t id,
			   int32_t *level_uv);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_VOLTAGE_H */
