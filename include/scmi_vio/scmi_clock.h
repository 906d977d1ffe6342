/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI Clock protocol client (docs/protocol.md section 7).
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

/* What CLOCK_ATTRIBUTES reports about one clock. */
struct scmi_vio_clock_attrs {
	bool enabled;
	bool rate_change_requested_notify;
	bool rate_changed_notify;
	char name[16];
	uint32_t enable_latency_us; /* Clock 2.0 and later; else 0 */
};

/**
 * scmi_vio_clock_count() - Clock PROTOCOL_ATTRIBUTES.
 * @n_clocks: set to the number of clocks.
 * @max_async: set to the async requests the platform allows in flight.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_count(struct scmi_vio_agent *a, unsigned int *n_clocks,
		     unsigned int *max_async);

/**
 * scmi_vio_clock_attributes() - CLOCK_ATTRIBUTES of clock @id.
 * @out: enabled state, notification support, name, and from Clock 2.0 the
 *       enable latency.
 *
 * Context: any thread, concurrently; sleeps (one command; the first
 * command of the Clock client also asks the protocol's version,
 * scmi_vio_protocol_negotiate()).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @out is the caller's.
 * Return: 0, -EPROTO (short reply, or a name without NUL), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_attributes(struct scmi_vio_agent *a, uint32_t id,
			  struct scmi_vio_clock_attrs *out);

/**
 * scmi_vio_clock_describe_rates() - DESCRIBE_RATES, every page.
 * @rates: filled with the rates in Hz; @cap its size.
 * @n: set to the number of rates.
 * @triplet: set when the clock answers {min, max, step} (3 rates).
 *
 * Context: any thread, concurrently; sleeps (commands through
 * scmi_vio_agent_do_cmd(), one per page).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's.
 * Return: 0, -EPROTO, an scmi_vio_agent_do_cmd() error, and -ENOSPC (more than
 * @cap rates); -EPROTO for a count larger
 * than the page, a page without rates while some remain, remaining counts
 * that disagree between pages, no rate at all (a clock has at least one;
 * S-20), or a triplet that is not exactly 3 rates.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_describe_rates(struct scmi_vio_agent *a, uint32_t id,
			      uint64_t *rates, size_t cap, size_t *n,
			      bool *triplet);

/**
 * scmi_vio_clock_rate_get() - RATE_GET: the current rate of clock @id.
 * @rate: set to the rate in Hz.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @rate is the caller's.
 * Return: 0, -EPROTO (reply shorter than 8 bytes), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_rate_get(struct scmi_vio_agent *a, uint32_t id, uint64_t *rate);

/**
 * scmi_vio_clock_rate_set() - RATE_SET, synchronous.
 * @id: the clock; @rate: in Hz.
 * @flags: SCMI_VIO_CLOCK_SET_ROUND_UP / _ROUND_AUTO.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: nothing is kept.
 * Return: 0, -EINVAL (other @flags bits), or an
 * scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_rate_set(struct scmi_vio_agent *a, uint32_t id, uint64_t rate,
			uint32_t flags);

/**
 * scmi_vio_clock_rate_set_async() - RATE_SET with a delayed response.
 * @id: the clock; @rate: in Hz; @flags: as scmi_vio_clock_rate_set().
 * @rate_out: set to the rate the delayed response reports (may be NULL).
 *
 * Context: any thread, concurrently; sleeps (one command, then waits for its
 * delayed response).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @rate_out is the caller's.
 * Return: 0, -EINVAL (bad @flags), -ETIMEDOUT (no delayed response
 * within the delayed-response timeout), -EPROTO (delayed response short or
 * for another clock), or an scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_rate_set_async(struct scmi_vio_agent *a, uint32_t id,
			      uint64_t rate, uint32_t flags,
			      uint64_t *rate_out);

/**
 * scmi_vio_clock_config_set() - CONFIG_SET: enable or disable clock @id.
 * @enable: attributes bit 0 (from Clock 3.0 with a zero OEM word).
 *
 * Context: any thread, concurrently; sleeps (one command; the first may
 * ask the version, as scmi_vio_clock_attributes()).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: nothing is kept.
 * Return: 0 or an scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_config_set(struct scmi_vio_agent *a, uint32_t id, bool enable);

/**
 * scmi_vio_clock_register_events() - register RATE_CHANGED and
 * RATE_CHANGE_REQUESTED (reports: clock_rate; source: clock id).  Asks
 * PROTOCOL_ATTRIBUTES for the number of clocks first.
 *
 * Context: any thread, not from a callback of this protocol; sleeps
 * (commands through scmi_vio_agent_do_cmd()).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: nothing is kept by the caller; the protocol stays
 * registered until the agent is destroyed.
 * Return: a scmi_vio_clock_count() or registration error (-E2BIG when the
 * platform reports more than SCMI_VIO_NOTIFY_MAX_SOURCES clocks, S-19).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_clock_register_events(struct scmi_vio_agent *a);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_CLOCK_H */
