/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI Performance protocol client (PROTOCOL.md section 9).
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

struct scmi_vio_perf_level {
	uint32_t level;
	uint32_t power;
	uint16_t latency_us;
};

/* PROTOCOL_ATTRIBUTES: number of domains. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_count(struct scmi_vio_agent *a, unsigned int *n_domains);

/* DOMAIN_ATTRIBUTES. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_domain_attributes(struct scmi_vio_agent *a, uint32_t domain,
				struct scmi_vio_perf_domain *out);

/**
 * scmi_vio_perf_describe_levels() - DESCRIBE_LEVELS, every page.
 * @out: filled with the levels; @cap its size; @n set to the count.
 *
 * Return: also -ENOSPC (more than @cap levels); -EPROTO for counts larger
 * than the page, no progress or disagreeing remaining counts.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_describe_levels(struct scmi_vio_agent *a, uint32_t domain,
			      struct scmi_vio_perf_level *out, size_t cap,
			      size_t *n);

/* LIMITS_SET. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_limits_set(struct scmi_vio_agent *a, uint32_t domain,
			 uint32_t max, uint32_t min);

/* LIMITS_GET. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_limits_get(struct scmi_vio_agent *a, uint32_t domain,
			 uint32_t *max, uint32_t *min);

/* LEVEL_SET. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_level_set(struct scmi_vio_agent *a, uint32_t domain,
			uint32_t level);

/* LEVEL_GET. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_level_get(struct scmi_vio_agent *a, uint32_t domain,
			uint32_t *level);

/**
 * scmi_vio_perf_register_events() - register LIMITS_CHANGED (reports:
 * perf_limits) and LEVEL_CHANGED (perf_level); source: domain id.  The
 * subscribe path sends NOTIFY_LIMITS / NOTIFY_LEVEL.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_perf_register_events(struct scmi_vio_agent *a);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_PERF_H */
