/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI Clock protocol client (PROTOCOL.md section 7).
 *
 * All functions: Context: any thread, concurrently; they sleep.
 * Ownership: output buffers are the caller's.  Return: 0, -EPROTO
 * (malformed reply, S-12), or an scmi_vio_agent_do_cmd() error (status
 * mapped to errno), plus what each function lists.
 */
#ifndef SCMI_VIO_SCMI_CLOCK_H
#define SCMI_VIO_SCMI_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;

struct scmi_vio_clock_attrs {
	bool enabled;
	bool rate_change_requested_notify;
	bool rate_changed_notify;
	char name[16];
};

/* PROTOCOL_ATTRIBUTES: clock count and max async requests in flight. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_count(struct scmi_vio_agent *a, unsigned int *n_clocks,
		     unsigned int *max_async);

/* CLOCK_ATTRIBUTES of @id. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_attributes(struct scmi_vio_agent *a, uint32_t id,
			  struct scmi_vio_clock_attrs *out);

/**
 * scmi_vio_clock_describe_rates() - DESCRIBE_RATES, every page.
 * @rates: filled with the rates in Hz; @cap its size.
 * @n: set to the number of rates.
 * @triplet: set when the clock answers {min, max, step} (3 rates).
 *
 * Return: also -ENOSPC (more than @cap rates); -EPROTO for a count larger
 * than the page, a page without rates while some remain, remaining counts
 * that disagree between pages, or a triplet that is not exactly 3 rates.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_describe_rates(struct scmi_vio_agent *a, uint32_t id,
			      uint64_t *rates, size_t cap, size_t *n,
			      bool *triplet);

/* RATE_GET. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_rate_get(struct scmi_vio_agent *a, uint32_t id, uint64_t *rate);

/**
 * scmi_vio_clock_rate_set() - RATE_SET, synchronous.
 * @flags: SCMI_VIO_CLOCK_SET_ROUND_UP / _ROUND_AUTO (others: -EINVAL).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_rate_set(struct scmi_vio_agent *a, uint32_t id, uint64_t rate,
			uint32_t flags);

/**
 * scmi_vio_clock_rate_set_async() - RATE_SET with a delayed response.
 * @rate_out: the rate the delayed response reports (may be NULL).
 *
 * Return: also -ETIMEDOUT (no delayed response within the agent's
 * delayed-response timeout), -EPROTO (delayed response for another clock
 * or too short), -EINVAL (bad @flags).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_rate_set_async(struct scmi_vio_agent *a, uint32_t id,
			      uint64_t rate, uint32_t flags,
			      uint64_t *rate_out);

/* CONFIG_SET: enable or disable the clock. */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_config_set(struct scmi_vio_agent *a, uint32_t id, bool enable);

/**
 * scmi_vio_clock_register_events() - register RATE_CHANGED and
 * RATE_CHANGE_REQUESTED (reports: clock_rate; source: clock id).  Asks
 * PROTOCOL_ATTRIBUTES for the number of clocks first.
 *
 * Return: a scmi_vio_clock_count() or registration error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_register_events(struct scmi_vio_agent *a);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_CLOCK_H */
