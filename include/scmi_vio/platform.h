/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI platform core: simulated SCMI protocol servers behind a handler table
 * (DESIGN.md section 7; PROTOCOL.md sections 3-10).
 *
 * A platform holds deterministic simulated state built from a configuration
 * (clocks with rate lists, sensors whose values move with a reading counter,
 * performance domains with levels) and a table of handlers keyed by
 * (protocol id, message id).  Base, Clock, Sensor and Performance are
 * registered from the configuration; users add vendor protocols with
 * scmi_vio_platform_register() without touching the core.
 *
 * scmi_vio_platform_handle() turns one command message (header + parameters)
 * into its response (header + status + return values).  That is the whole
 * request path; transports (the virtio device in platform_dev.h) and fuzzers
 * drive it.  Delayed responses and notifications that handlers produce go
 * into a preallocated outbox, drained with scmi_vio_platform_event_pop():
 * delayed responses are never dropped (a handler that cannot queue one
 * answers BUSY first); a notification whose (protocol, event, source) is
 * already queued is coalesced into it, and one that finds the outbox full
 * is dropped; both are counted.
 *
 * Nothing on the request path allocates.
 *
 * Synchronization table (one platform):
 *   handle / handle / event_pop / stats : may run concurrently (one mutex)
 *   register                            : setup only, before serving
 *   delayed, notify                     : only from inside a handler
 *   destroy                             : caller excludes everything
 */
#ifndef SCMI_VIO_PLATFORM_H
#define SCMI_VIO_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_platform;

/* Short names on the wire are char[16], NUL-terminated. */
#define SCMI_VIO_PLAT_NAME_LEN 16u
/* Trip points per simulated sensor. */
#define SCMI_VIO_PLAT_MAX_TRIPS 4u

/* One simulated clock of the platform. */
struct scmi_vio_plat_clock {
	const char *name; /* at most 15 characters */
	const uint64_t *rates; /* discrete rates in Hz, strictly ascending */
	unsigned int n_rates; /* 1..4095 */
	unsigned int rate_index; /* initial rate */
	bool enabled; /* initial state */
};

/*
 * A sensor's n-th reading (n counting from 0, per sensor) is
 * base + step * (n % period): values move with each READING_GET, never with
 * wall time, so a run is reproducible.
 */
struct scmi_vio_plat_sensor {
	const char *name;
	uint8_t type; /* SCMI sensor type code */
	int8_t scale; /* power-of-ten exponent, -16..15 */
	bool async; /* supports asynchronous READING_GET */
	uint8_t n_trips; /* 0..SCMI_VIO_PLAT_MAX_TRIPS */
	int64_t base;
	int64_t step;
	uint32_t period; /* >= 1 */
};

/* One level of a simulated performance domain. */
struct scmi_vio_plat_perf_level {
	uint32_t level; /* performance level value */
	uint32_t power; /* power cost */
	uint16_t latency_us; /* transition latency */
};

/* One simulated performance domain of the platform. */
struct scmi_vio_plat_perf {
	const char *name;
	const struct scmi_vio_plat_perf_level *levels; /* ascending by level */
	unsigned int n_levels; /* 1..65535 */
	unsigned int level_index; /* initial level */
	uint32_t rate_limit_us; /* 0..2^20-1 */
	uint32_t sustained_freq_khz;
	uint32_t sustained_level;
	bool set_level; /* may an agent set the level? else DENIED */
	bool set_limits; /* may an agent set the limits? else DENIED */
};

/* What the simulated platform offers: identity, agents, resources. */
struct scmi_vio_platform_config {
	const char *vendor; /* DISCOVER_VENDOR, at most 15 characters */
	const char *sub_vendor;
	uint32_t impl_version;
	/* Agents other than the platform: ids 1..n_agents, names[id - 1]. */
	const char *const *agents;
	unsigned int n_agents; /* 1..255 */
	uint32_t agent_id; /* the id of the agent we serve (1..n_agents) */
	const struct scmi_vio_plat_clock *clocks;
	unsigned int n_clocks; /* 0 leaves the Clock protocol out */
	unsigned int clock_max_async; /* 1..255 */
	const struct scmi_vio_plat_sensor *sensors;
	unsigned int n_sensors; /* 0 leaves the Sensor protocol out */
	unsigned int sensor_max_async; /* 1..255 */
	const struct scmi_vio_plat_perf *perf;
	unsigned int n_perf; /* 0 leaves the Performance protocol out */
	/*
	 * P2A channels exist (virtio-scmi VIRTIO_SCMI_F_P2A_CHANNELS).
	 * Without them every notification-enable and asynchronous request
	 * answers NOT_SUPPORTED and nothing advertises them (PROTOCOL.md 2).
	 */
	bool p2a;
	/* Largest payload after the status word, both ways (default 128). */
	size_t max_payload;
	unsigned int max_delayed; /* outbox slots for delayed responses */
	unsigned int max_notifications; /* outbox slots for notifications */
};

/**
 * scmi_vio_platform_config_default() - the default simulated platform.
 *
 * Vendor "scmi_vio", two agents, four clocks (one with 20 rates, more than
 * one 128-byte page), five sensors (two async, with trip points), three
 * performance domains (one with 16 levels), P2A on, 128-byte payloads.
 *
 * Context: any thread.
 * Ordering: none.
 * Ownership: the arrays @cfg points at are static and constant.
 * Return: nothing.
 */
SCMI_VIO_API void
scmi_vio_platform_config_default(struct scmi_vio_platform_config *cfg);

/**
 * scmi_vio_platform_create() - build a platform from @cfg.
 *
 * Copies everything it needs out of @cfg (names, rates, levels), allocates
 * the outbox, and registers Base and each built-in protocol that has at
 * least one resource.
 *
 * Context: setup.
 * Ordering: none (publish the platform to other threads yourself).
 * Ownership: @cfg and what it points at stay the caller's; *@out is the
 *            caller's, freed by scmi_vio_platform_destroy().
 * Return: 0, -EINVAL (a count, name, index or size out of range; rates or
 *         levels not ascending), -ENOMEM, or an errno from
 *         pthread_mutex_init().
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_create(const struct scmi_vio_platform_config *cfg,
			 struct scmi_vio_platform **out);

/**
 * scmi_vio_platform_destroy() - free a platform (NULL is a no-op).
 *
 * Context: nothing else uses it (a device built on it is destroyed first).
 * Ordering: none.
 * Ownership: frees everything create() allocated, queued messages included.
 * Return: nothing.
 */
SCMI_VIO_API void scmi_vio_platform_destroy(struct scmi_vio_platform *plat);

/**
 * scmi_vio_platform_handle() - process one command message.
 * @req: le32 header then parameters, @len bytes (peer input: hostile).
 * @resp: receives le32 header, le32 status, return values.
 * @cap: bytes available at @resp.
 *
 * The response header echoes the command header exactly.  A command whose
 * header has reserved bits set or a type other than 0 is answered
 * PROTOCOL_ERROR with the reserved bits cleared and type 0, so the agent can
 * still match the token.  A parameter block of the wrong length answers
 * PROTOCOL_ERROR; an unknown protocol or message id NOT_SUPPORTED; a
 * response that does not fit @cap COMMS_ERROR.  A non-SUCCESS response is
 * exactly 8 bytes.  Return values are limited to the configured payload
 * size even when @cap is larger.
 *
 * Context: any thread; takes the platform lock; handlers run under it.
 * Ordering: the lock orders it with every other call on the platform.
 * Ownership: @req and @resp stay the caller's; @req is read only during the
 *            call (it should be a private copy of what the peer sent, V-18).
 * Return: the response length (>= 8); -EINVAL (@len < 4: no header to
 *         answer, or a NULL buffer); -ENOSPC (@cap < 8).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_handle(struct scmi_vio_platform *plat, const void *req,
			 size_t len, void *resp, size_t cap);

/**
 * scmi_vio_platform_event_pop() - take the next platform-to-agent message.
 * @buf: receives le32 header then payload.
 *
 * Delayed responses first, oldest first, then notifications, oldest first.
 *
 * Context: any thread; takes the platform lock.
 * Ordering: the lock orders it after the handler that queued the message.
 * Ownership: the message is the caller's once popped; it must deliver it.
 * Return: its length; 0 when the outbox is empty; -EMSGSIZE when the next
 *         message is longer than @cap (it stays queued).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_event_pop(struct scmi_vio_platform *plat, void *buf,
			    size_t cap);

/**
 * scmi_vio_platform_events_pending() - messages waiting in the outbox.
 *
 * Context: any thread; takes the platform lock.
 * Ordering: none beyond the lock.
 * Ownership: none.
 * Return: delayed responses plus notifications queued.
 */
SCMI_VIO_API unsigned int
scmi_vio_platform_events_pending(struct scmi_vio_platform *plat);

/**
 * scmi_vio_platform_event_max() - largest message event_pop() returns.
 *
 * Context: any thread (the value is fixed at create).
 * Ordering: none.  Ownership: none.
 * Return: 4 + the configured payload size.
 */
SCMI_VIO_API size_t
scmi_vio_platform_event_max(const struct scmi_vio_platform *plat);

/* Counters of the platform protocol servers; each is monotonic. */
struct scmi_vio_platform_stats {
	uint64_t commands; /* messages given to handle() */
	uint64_t errors; /* responses with a non-SUCCESS status */
	uint64_t malformed; /* bad header or parameter length */
	uint64_t delayed_queued;
	uint64_t delayed_sent;
	uint64_t notif_queued;
	uint64_t notif_coalesced; /* merged into a queued one */
	uint64_t notif_dropped; /* outbox full */
	uint64_t notif_sent;
};

/**
 * scmi_vio_platform_get_stats() - snapshot of the counters into @st.
 *
 * Context: any thread; takes the platform lock (not from a handler).
 * Ordering: a consistent snapshot (all counters under one lock).
 * Ownership: @st is the caller's.
 * Return: nothing.
 */
SCMI_VIO_API void
scmi_vio_platform_get_stats(struct scmi_vio_platform *plat,
			    struct scmi_vio_platform_stats *st);

/* ---- Handler table: vendor protocols ------------------------------------ */

/* One command being handled. */
struct scmi_vio_plat_msg {
	uint32_t hdr; /* the command header, as received */
	const uint8_t *params; /* parameters (after the header) */
	size_t params_len;
	uint8_t *ret; /* return values go here (after the status word) */
	size_t ret_cap; /* bytes available at @ret */
	size_t ret_len; /* set by the handler; used only on SUCCESS */
};

/*
 * A message handler: validate msg->params (hostile), write return values,
 * return an SCMI status (enum scmi_vio_status).  Runs with the platform lock
 * held: it must not call scmi_vio_platform_handle(), event_pop(),
 * events_pending() or get_stats().
 */
typedef int32_t (*scmi_vio_plat_handler_fn)(struct scmi_vio_platform *plat,
					    struct scmi_vio_plat_msg *msg,
					    void *arg);

/* The message enables a notification or is asynchronous (needs P2A). */
#define SCMI_VIO_PLAT_MSG_P2A (1u << 0)

/* One message of a vendor protocol and its handler. */
struct scmi_vio_plat_msg_desc {
	uint8_t id; /* message id; 0x0, 0x2 and 0x10 belong to the core */
	unsigned int flags; /* SCMI_VIO_PLAT_MSG_* */
	uint32_t attributes; /* PROTOCOL_MESSAGE_ATTRIBUTES value */
	scmi_vio_plat_handler_fn fn;
};

/* A vendor protocol served through the platform's handler table. */
struct scmi_vio_plat_protocol_desc {
	uint8_t id; /* protocol id, 0x11..0xFF (Base is built in) */
	uint32_t version; /* PROTOCOL_VERSION: major [31:16], minor [15:0] */
	/* Must include PROTOCOL_ATTRIBUTES (0x1). */
	const struct scmi_vio_plat_msg_desc *msgs;
	unsigned int n_msgs;
	void *arg; /* passed to every handler */
};

/**
 * scmi_vio_platform_register() - add a protocol to the handler table.
 *
 * The core answers PROTOCOL_VERSION, PROTOCOL_MESSAGE_ATTRIBUTES (NOT_FOUND
 * for ids not in @desc, and for P2A messages when P2A is off) and
 * NEGOTIATE_PROTOCOL_VERSION for it; Base lists it.
 *
 * Context: setup, before the platform serves any message.
 * Ordering: none (the table is read without a lock afterwards).
 * Ownership: @desc is copied; @desc->arg stays the caller's.
 * Return: 0, -EINVAL (bad id, NULL handler, a core message id, a duplicate
 *         message id, no PROTOCOL_ATTRIBUTES), -EEXIST (protocol already
 *         registered), -ENOMEM.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_register(struct scmi_vio_platform *plat,
			   const struct scmi_vio_plat_protocol_desc *desc);

/**
 * scmi_vio_platform_delayed() - queue the delayed response of @msg.
 * @payload: status word then return values, @len bytes.
 *
 * Sent with @msg's header, type 2.  Queue it before changing any state, and
 * answer BUSY when it fails.
 *
 * Context: only from inside a handler (the platform lock is held).
 * Ordering: under the platform lock.
 * Ownership: @payload is copied into a preallocated outbox slot.
 * Return: 0; -EOPNOTSUPP (P2A off); -EMSGSIZE (@len above the payload
 *         size); -ENOSPC (the outbox's delayed slots are full).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_delayed(struct scmi_vio_platform *plat,
			  const struct scmi_vio_plat_msg *msg,
			  const void *payload, size_t len);

/**
 * scmi_vio_platform_notify() - queue a notification.
 * @source: the resource it is about (clock, sensor, domain id): a queued
 *          notification with the same protocol, event and source is
 *          replaced by this one (coalesced).
 *
 * Context: only from inside a handler (the platform lock is held).
 * Ordering: under the platform lock.
 * Ownership: @payload is copied into a preallocated outbox slot.
 * Return: 0 queued; 1 coalesced; -EOPNOTSUPP (P2A off); -EMSGSIZE; -ENOSPC
 *         (outbox full: dropped and counted).
 */
SCMI_VIO_API int scmi_vio_platform_notify(struct scmi_vio_platform *plat,
					  uint8_t protocol, uint8_t event,
					  uint32_t source, const void *payload,
					  size_t len);

/**
 * scmi_vio_platform_p2a() - are notifications and async commands allowed?
 *
 * Context: from a handler (the lock is held), or while no device on the
 *          platform is being created (the device sets it at create).
 * Ordering: none.  Ownership: none.
 * Return: true if P2A channels exist.
 */
SCMI_VIO_API bool scmi_vio_platform_p2a(const struct scmi_vio_platform *plat);

/**
 * scmi_vio_platform_agent_id() - the agent the platform serves.
 *
 * For the agent id word of notification payloads.
 *
 * Context: any thread (fixed at create).
 * Ordering: none.  Ownership: none.
 * Return: the configured agent id.
 */
SCMI_VIO_API uint32_t
scmi_vio_platform_agent_id(const struct scmi_vio_platform *plat);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_PLATFORM_H */
