/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI notifications: protocol registration, subscriptions and typed
 * reports (docs/architecture.md section 5, docs/linux-notes.md A6).
 *
 * A protocol registers its events (id, maximum payload), the number of
 * sources (clocks, sensors, domains...), a hook that enables or disables an
 * event for one source at the platform, and a parser that turns a payload
 * into a typed report.  Registering creates the protocol's bounded queue
 * and its dispatcher thread.  The receive path copies each notification
 * into its protocol's queue without waiting (a full queue drops and counts,
 * S-13); the dispatcher delivers in arrival order; protocols do not block
 * each other (invariant 9).
 *
 * Subscriptions are keyed by (protocol, event, source or all sources).  The
 * first subscriber of a (protocol, event, source) enables the event at the
 * platform and the last one disables it; an all-sources subscription counts
 * as one subscriber of every source.  A subscription made before its
 * protocol registers is kept and bound (and enabled) when it does.
 *
 * Callbacks run on the protocol's dispatcher thread, one at a time per
 * protocol, inside an RCU read-side critical section: they may subscribe
 * and unsubscribe (any key, including their own) and send commands, but
 * must not call scmi_vio_agent_destroy() or wait for another notification
 * of their own protocol.
 */
#ifndef SCMI_VIO_SCMI_NOTIFY_H
#define SCMI_VIO_SCMI_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;
struct scmi_vio_notify_sub;

/* Subscribe to an event of every source (domain, clock, sensor). */
#define SCMI_VIO_NOTIFY_ALL_SRC 0xffffffffu
/*
 * Most sources a protocol may register (S-19): a count the platform
 * reports (clocks, sensors, domains, up to 65535) bounds the enable
 * commands an all-sources subscription sends and the memory kept per
 * event.  1024 is the token space: as many as could be in flight at once.
 */
#define SCMI_VIO_NOTIFY_MAX_SOURCES 1024u
/* Most error reports a BASE_ERROR_EVENT can carry in a 128-byte payload. */
#define SCMI_VIO_BASE_ERR_MAX_REPORTS 15

/* A notification, parsed.  Valid only during the callback. */
SCMI_VIO__CXX_EXT_BEGIN
struct scmi_vio_notify_report {
	uint8_t protocol;
	uint8_t event;
	uint32_t src; /* the source the protocol's parser found */
	uint64_t timestamp_ns; /* CLOCK_MONOTONIC when received */
	const void *payload; /* the raw payload */
	size_t payload_len;
	union {
		struct {
			uint32_t agent_id;
			bool fatal;
			unsigned int count;
			uint64_t reports[SCMI_VIO_BASE_ERR_MAX_REPORTS];
		} base_error;
		struct {
			uint32_t agent_id;
			uint32_t clock_id;
			uint64_t rate;
		} clock_rate; /* RATE_CHANGED and RATE_CHANGE_REQUESTED */
		struct {
			uint32_t agent_id;
			uint32_t sensor_id;
			uint32_t trip_point_desc;
		} sensor_trip;
		struct {
			uint32_t agent_id;
			uint32_t domain_id;
			uint32_t range_max;
			uint32_t range_min;
		} perf_limits;
		struct {
			uint32_t agent_id;
			uint32_t domain_id;
			uint32_t level;
		} perf_level;
		struct {
			uint32_t agent_id;
			uint32_t domain_id;
			uint32_t state;
		} power_state; /* POWER_STATE_CHANGED, _CHANGE_REQUESTED */
		struct {
			uint32_t agent_id; /* 0: the platform asks */
			uint32_t flags; /* bit 0 graceful */
			uint32_t state;
			uint32_t timeout_ms; /* 0 when the payload has none */
		} system_power; /* SYSTEM_POWER_STATE_NOTIFIER */
		struct {
			uint32_t agent_id;
			uint32_t domain_id;
			uint32_t reset_state;
		} reset_issued;
	};
};
SCMI_VIO__CXX_EXT_END

/* A subscriber's callback; runs on the protocol's dispatcher thread. */
typedef void (*scmi_vio_notify_cb)(const struct scmi_vio_notify_report *r,
				   void *arg);

/* One event a protocol can notify, and its largest payload. */
struct scmi_vio_notify_event_desc {
	uint8_t id;
	uint16_t max_payload;
};

/* The events of one protocol, registered with the notification core. */
struct scmi_vio_notify_proto_desc {
	uint8_t protocol;
	const struct scmi_vio_notify_event_desc *events;
	unsigned int n_events;
	/* Sources are 0..num_sources-1 (1..SCMI_VIO_NOTIFY_MAX_SOURCES). */
	uint32_t num_sources;
	/* Queue slots, the event being delivered included; 0: the
	 * agent's notify_depth. */
	unsigned int queue_depth;
	/*
	 * Enable or disable @evt for @src at the platform (sends the
	 * protocol's notify command through the agent).  0 or -errno.
	 */
	int (*set_enabled)(struct scmi_vio_agent *a, void *ctx, uint8_t evt,
			   uint32_t src, bool enable);
	/*
	 * Validate @payload and fill the typed part of @r and r->src.
	 * -EPROTO for a malformed payload (dropped and counted invalid).
	 * May be NULL: r->src = 0 and only the raw payload is reported.
	 */
	int (*parse)(void *ctx, uint8_t evt, const void *payload, size_t len,
		     struct scmi_vio_notify_report *r);
	void *ctx;
};

/**
 * scmi_vio_notify_register_protocol() - register a protocol's events.
 * @a: the agent.
 * @desc: the events and hooks; copied.
 *
 * Creates the protocol's queue and dispatcher thread, then binds the
 * subscriptions waiting for this protocol (enabling their events at the
 * platform; a subscription for an event the protocol does not have, or
 * whose enable fails, stays unbound and is never called).
 *
 * Context: any thread, not from a callback of this protocol; takes the
 * subscription mutex; sends enable commands.
 * Ordering: the protocol is published with a release store after it is
 * complete; the receive path's acquire pairs with it.
 * Ownership: @desc->ctx must outlive the agent.
 * Return: 0, -EINVAL (bad descriptor), -E2BIG (more than
 * SCMI_VIO_NOTIFY_MAX_SOURCES sources), -EEXIST (already registered),
 * -ENOMEM, -EAGAIN (thread creation failed).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int scmi_vio_notify_register_protocol(
	struct scmi_vio_agent *a,
	const struct scmi_vio_notify_proto_desc *desc);

/**
 * scmi_vio_notify_subscribe() - call @cb for notifications matching a key.
 * @a: the agent.
 * @protocol: protocol id.
 * @event: event (message) id.
 * @src: a source id, or SCMI_VIO_NOTIFY_ALL_SRC.
 * @cb: the callback, run on the protocol's dispatcher thread.
 * @arg: passed to @cb.
 * @out: the subscription handle.
 *
 * The first subscriber of each (protocol, event, source) enables it at the
 * platform before this returns.  If the protocol is not registered yet the
 * subscription is kept and bound when it registers.  For all sources, a
 * source the platform refuses is tolerated as long as one is enabled; the
 * walk stops at the first enable that times out or fails in the transport,
 * and once it has run for one reply timeout, or 250 ms if that is longer
 * (S-19): it returns within about two reply timeouts (or 250 ms and one
 * reply timeout) whatever the platform does.  Enable commands
 * are sent without the subscription mutex held: a concurrent caller waits
 * only for a command on a source it needs itself.
 *
 * Context: any thread, including a callback; takes the subscription mutex
 * briefly; may send enable commands (sleeps).
 * Ordering: the subscription is published (release) before this returns;
 * notifications dispatched after that may call @cb.
 * Ownership: the handle is the caller's until unsubscribe.
 * Return: 0, -EINVAL (NULL argument, unknown event or source of a
 * registered protocol), -ENOMEM, -ETIMEDOUT (an all-sources walk ran out
 * of time), or the enable command's error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_notify_subscribe(struct scmi_vio_agent *a, uint8_t protocol,
			  uint8_t event, uint32_t src, scmi_vio_notify_cb cb,
			  void *arg, struct scmi_vio_notify_sub **out);

/**
 * scmi_vio_notify_unsubscribe() - stop a subscription.
 *
 * After it returns the callback is not running (unless the caller is that
 * callback) and never runs again (invariant 10, L-13).  The last
 * subscriber of a key disables the event at the platform (errors are
 * ignored; after a disable that times out or fails in the transport, or
 * once an all-sources walk has run for one reply timeout or 250 ms, the
 * remaining sources are left enabled rather than waited for: S-19).
 *
 * Context: any thread, including a callback (then it does not wait for
 * itself); waits for a running callback of this subscription; may send
 * disable commands.
 * Ordering: the callback's last run happens before this returns.
 * Ownership: @sub is freed (after an RCU grace period); do not use it.
 */
SCMI_VIO_API void scmi_vio_notify_unsubscribe(struct scmi_vio_agent *a,
					      struct scmi_vio_notify_sub *sub);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_NOTIFY_H */
