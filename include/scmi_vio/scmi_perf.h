/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI Performance protocol client (docs/protocol.md section 9).
 *
 * All functions: Context: any thread, concurrently; they sleep.
 * Ownership: output buffers are the caller's.  Return: 0, -EPROTO
 * (malformed reply, S-12), or an scmi_vio_agent_do_cmd() error (status
 * mapped to errno), plus what each function lists.
 */
#ifndef SCMI_VIO_SCMI_PERF_H
#define SCMI_VIO_SCMI_PERF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;

/* What PERFORMANCE_DOMAIN_ATTRIBUTES reports about one domain. */
struct scmi_vio_perf_domain {
	bool set_limits;
	bool set_level;
	bool limit_notify;
	bool level_notify;
	uint32_t rate_limit_us;
	uint32_t sustained_freq_khz;
	uint32_t sustained_level;
	char name[16];
};

/* One performance level of a domain (PERFORMANCE_DESCRIBE_LEVELS). */
struct scmi_vio_perf_level {
	uint32_t level;
	uint32_t power;
	uint16_t latency_us;
	uint32_t indicative_freq_khz; /* Performance 4.0 and later; else 0 */
};

/**
 * scmi_vio_perf_count() - Performance PROTOCOL_ATTRIBUTES.
 * @n_domains: set to the number of domains.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @n_domains is the caller's.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_count(struct scmi_vio_agent *a, unsigned int *n_domains);

/**
 * scmi_vio_perf_domain_attributes() - DOMAIN_ATTRIBUTES of @domain.
 * @out: capabilities, rate limit, sustained frequency and level, name.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @out is the caller's.
 * Return: 0, -EPROTO (short reply, or a name without NUL), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_domain_attributes(struct scmi_vio_agent *a, uint32_t domain,
				struct scmi_vio_perf_domain *out);

/**
 * scmi_vio_perf_describe_levels() - DESCRIBE_LEVELS, every page.
 * @out: filled with the levels (the indicative frequency from Performance
 *       4.0); @cap its size; @n set to the count.
 *
 * Context: any thread, concurrently; sleeps (commands through
 * scmi_vio_agent_do_cmd(), one per page; the first of the Performance
 * client also asks the protocol's version, scmi_vio_protocol_negotiate()).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's.
 * Return: 0, -EPROTO, an scmi_vio_agent_do_cmd() error, and -ENOSPC (more than
 * @cap levels); -EPROTO for counts larger
 * than the page, no progress, disagreeing remaining counts or no level at
 * all (a domain has at least one; S-20).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_describe_levels(struct scmi_vio_agent *a, uint32_t domain,
			      struct scmi_vio_perf_level *out, size_t cap,
			      size_t *n);

/**
 * scmi_vio_perf_limits_set() - LIMITS_SET of @domain.
 * @max, @min: the performance level range.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: nothing is kept.
 * Return: 0 or an scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_limits_set(struct scmi_vio_agent *a, uint32_t domain,
			 uint32_t max, uint32_t min);

/**
 * scmi_vio_perf_limits_get() - LIMITS_GET of @domain.
 * @max, @min: set to the range.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's.
 * Return: 0, -EPROTO (reply shorter than 8 bytes), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_limits_get(struct scmi_vio_agent *a, uint32_t domain,
			 uint32_t *max, uint32_t *min);

/**
 * scmi_vio_perf_level_set() - LEVEL_SET of @domain.
 * @level: the performance level.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: nothing is kept.
 * Return: 0 or an scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_level_set(struct scmi_vio_agent *a, uint32_t domain,
			uint32_t level);

/**
 * scmi_vio_perf_level_get() - LEVEL_GET of @domain.
 * @level: set to the current level.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @level is the caller's.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_level_get(struct scmi_vio_agent *a, uint32_t domain,
			uint32_t *level);

/**
 * scmi_vio_perf_register_events() - register LIMITS_CHANGED (reports:
 * perf_limits) and LEVEL_CHANGED (perf_level); source: domain id.  The
 * subscribe path sends NOTIFY_LIMITS / NOTIFY_LEVEL.
 *
 * Context: any thread, not from a callback of this protocol; sleeps
 * (commands through scmi_vio_agent_do_cmd()).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: nothing is kept by the caller; the protocol stays
 * registered until the agent is destroyed.
 * Return: 0, an error of the PROTOCOL_ATTRIBUTES query (Base has none) or
 * of scmi_vio_notify_register_protocol() (-EEXIST when already
 * registered; -E2BIG when the platform reports more than
 * SCMI_VIO_NOTIFY_MAX_SOURCES, S-19).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_register_events(struct scmi_vio_agent *a);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_PERF_H */
