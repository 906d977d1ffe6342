/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI platform core: simulated SCMI protocol servers behind a handler table
 * (docs/architecture.md section 7; docs/protocol.md sections 3-10).
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
/* Extended names (SCMI 3.x *_NAME_GET) are char[64], NUL-terminated. */
#define SCMI_VIO_PLAT_EXT_NAME_LEN 64u
/* Trip points per simulated sensor. */
#define SCMI_VIO_PLAT_MAX_TRIPS 4u

/* One simulated clock of the platform. */
struct scmi_vio_plat_clock {
	const char *name; /* at most 15 characters */
	const uint64_t *rates; /* discrete rates in Hz, strictly ascending */
	unsigned int n_rates; /* 1..4095 */
	unsigned int rate_index; /* initial rate */
	bool enabled; /* initial state */
	/* CLOCK_ATTRIBUTES clock_enable_latency (Clock 2.0 and later). */
	uint32_t enable_latency_us;
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

/*
 * Power domain (0x11): starts in @state (SCMI_VIO_POWER_STATE_ON/OFF).
 * Power, reset and voltage domain names take up to 63 characters: a name
 * longer than 15 is an extended name (SCMI 3.x; cut to 15 before that).
 */
struct scmi_vio_plat_power_domain {
	const char *name;
	uint32_t state;
	bool sync; /* synchronous POWER_STATE_SET allowed */
	bool async; /* asynchronous POWER_STATE_SET allowed */
};

/* Reset domain (0x16). */
struct scmi_vio_plat_reset_domain {
	const char *name;
	uint32_t latency_us; /* 0xFFFFFFFF: not known */
	bool async; /* asynchronous (delayed response) resets */
	bool notify; /* RESET_ISSUED notifications */
};

/*
 * Voltage domain (0x17): discrete @levels (ascending, microvolts) or, with
 * @levels NULL, the linear segment min_uv..max_uv in steps of step_uv.
 */
struct scmi_vio_plat_voltage_domain {
	const char *name;
	const int32_t *levels;
	unsigned int n_levels; /* 1..4095 when @levels is set */
	int32_t min_uv, max_uv, step_uv; /* linear: min < max, step > 0 */
	int32_t level_uv; /* initial level: one the domain offers */
	bool on; /* initial configuration */
	bool async; /* asynchronous VOLTAGE_LEVEL_SET */
};

/*
 * Called from the SYSTEM_POWER_STATE_SET handler (platform lock held: it
 * must not call back into the platform) with the state an agent asked for
 * and its flags (bit 0 graceful), so a VMM can act on a guest's shutdown or
 * reset.
 */
typedef void (*scmi_vio_plat_sys_power_fn)(void *arg, uint32_t state,
					   uint32_t flags);

/*
 * The SCMI specification release the platform presents (Arm DEN0056).  Each
 * built-in protocol then reports that release's version, sets only the
 * attribute bits that version defines, sends exactly its reply fields, and
 * answers NOT_FOUND to commands it does not have.  A protocol the release
 * does not define is left out.  Protocol versions per release:
 *
 *   release    Base  Perf  Clock  Sensor
 *   2.0        2.0   2.0   1.0    1.0     (DEN0056B)
 *   3.2        2.1   4.0   3.0    3.1     (DEN0056E; NEGOTIATE_PROTOCOL_VERSION)
 *
 *   release    Power  System  Reset  Voltage
 *   2.0        2.0    1.0     1.0    -       (Voltage came with 3.0)
 *   3.2        3.1    2.1     3.1    2.1
 *
 * The zero value is 3.2, the newest, so a zeroed field gets it.
 */
enum scmi_vio_scmi_release {
	SCMI_VIO_SCMI_3_2 = 0,
	SCMI_VIO_SCMI_2_0 = 1,
	SCMI_VIO_SCMI_NR_RELEASES,
};

/*
 * What one agent may do, as the platform starts and after a
 * RESET_AGENT_CONFIGURATION that resets permissions.
 *
 * Devices: every domain of a built-in protocol is one device, numbered in
 * protocol id order (power domains, performance domains, clocks, sensors,
 * reset domains, voltage domains), domain order within each; see
 * scmi_vio_platform_device_id().  An agent denied a device gets DENIED for
 * each command about it; a protocol it is not given is not listed to it
 * and answers it NOT_SUPPORTED, as an absent one does.
 */
struct scmi_vio_plat_agent {
	/* May it change permissions (BASE_SET_*, RESET_AGENT_CONFIG)? */
	bool trusted;
	/* Protocols it is not given (Base is always given); may be NULL. */
	const uint8_t *hidden_protocols;
	unsigned int n_hidden_protocols;
	/* Devices it may not access until a trusted agent allows them. */
	const uint32_t *denied_devices;
	unsigned int n_denied_devices;
};

/* What the simulated platform offers: identity, agents, resources. */
struct scmi_vio_platform_config {
	enum scmi_vio_scmi_release release;
	const char *vendor; /* DISCOVER_VENDOR, at most 15 characters */
	const char *sub_vendor;
	uint32_t impl_version;
	/* Agents other than the platform: ids 1..n_agents, names[id - 1]. */
	const char *const *agents;
	unsigned int n_agents; /* 1..255 */
	/*
	 * The agent the platform serves where no device says which: its
	 * own handle() calls, and devices created with agent_id 0.
	 */
	uint32_t agent_id; /* 1..n_agents */
	/* Per agent (agent_policy[id - 1]); NULL: none trusted, all open. */
	const struct scmi_vio_plat_agent *agent_policy;
	const struct scmi_vio_plat_clock *clocks;
	unsigned int n_clocks; /* 0 leaves the Clock protocol out */
	unsigned int clock_max_async; /* 1..255 */
	const struct scmi_vio_plat_sensor *sensors;
	unsigned int n_sensors; /* 0 leaves the Sensor protocol out */
	unsigned int sensor_max_async; /* 1..255 */
	const struct scmi_vio_plat_perf *perf;
	unsigned int n_perf; /* 0 leaves the Performance protocol out */
	const struct scmi_vio_plat_power_domain *power;
	unsigned int n_power; /* 0 leaves the Power domain protocol out */
	bool sys_power; /* System power protocol present */
	bool sys_warm_reset; /* WARM_RESET supported */
	bool sys_suspend; /* SUSPEND supported */
	scmi_vio_plat_sys_power_fn sys_power_cb; /* may be NULL */
	void *sys_power_arg;
	const struct scmi_vio_plat_reset_domain *resets;
	unsigned int n_resets; /* 0 leaves the Reset protocol out */
	const struct scmi_vio_plat_voltage_domain *voltage;
	unsigned int n_voltage; /* 0 leaves the Voltage protocol out */
	/*
	 * P2A channels exist (virtio-scmi VIRTIO_SCMI_F_P2A_CHANNELS).
	 * Without them every notification-enable and asynchronous request
	 * answers NOT_SUPPORTED and nothing advertises them
	 * (docs/protocol.md 2).
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
 * SCMI 3.2, vendor "scmi_vio", two agents, four clocks (one with 16 rates,
 * the most Linux keeps, more than one 128-byte page), five sensors (two
 * async, with trip points), three performance domains (one with 16 levels),
 * four power domains, system power (warm reset and suspend too), three
 * reset domains, three voltage domains (one with 40 levels, one linear),
 * P2A on, 128-byte payloads.
 *
 * Context: any thread.
 * Ordering: none.
 * Ownership: the arrays @cfg points at are static and constant.
 * Return: nothing.
 */
SCMI_VIO_API void
scmi_vio_platform_config_default(struct scmi_vio_platform_config *cfg);

/*
 * ---- Configuration files ---------------------------------------------------
 *
 * A text format for struct scmi_vio_platform_config.  One directive per
 * line, words separated by blanks, '#' starts a comment.  It starts from
 * scmi_vio_platform_config_default(); each directive overrides:
 *
 *   release 2.0 | 3.2
 *   vendor NAME            sub_vendor NAME        impl_version N
 *   agent NAME [trusted=on|off] [hide=PROTO,...] [deny=DEVICE,...]
 *                          (repeat; the first replaces the default list;
 *                          options: struct scmi_vio_plat_agent)
 *   agent_id N             p2a on | off           max_payload N
 *   max_delayed N          max_notifications N
 *   clock_max_async N      sensor_max_async N
 *   clock NAME rates=HZ,HZ,... [index=I] [enabled=on|off] [latency=US]
 *   sensor NAME [type=T] [scale=-16..15] [async=on|off] [trips=0..4]
 *               [base=V] [step=V] [period=N]
 *   perf NAME levels=LEVEL:POWER:LATENCY_US,... [index=I] [rate_limit=US]
 *               [sustained_khz=K] [sustained_level=L]
 *               [set_level=on|off] [set_limits=on|off]
 *   clocks none | sensors none | perf_domains none   (leave one out)
 *   power_domains none | reset_domains none | voltage_domains none
 *   system_power on | off   (the default's power, reset and voltage
 *                            domains can only be left out here)
 *
 * The first clock (sensor, perf) line replaces the default list of them.
 * Numbers are decimal, 0x hex or 0 octal.  Example:
 *
 *   release 2.0
 *   vendor acme
 *   clock cpu rates=200000000,400000000,800000000 index=1 latency=10
 *   sensors none
 *
 * Errors name the line ("line 3: bad rate 'x'").  Value ranges the platform
 * checks (ascending rates, name lengths) are reported by
 * scmi_vio_platform_create() instead.
 */
struct scmi_vio_platform_config_file;

/**
 * scmi_vio_platform_config_parse() - a configuration from text.
 * @text: @len bytes (not necessarily NUL-terminated).
 * @out: the parsed configuration; scmi_vio_platform_config_file_get()
 *       returns it for scmi_vio_platform_create().
 * @err: if not NULL, receives a NUL-terminated message naming the line
 *       (@err_len bytes at most).
 *
 * Context: any thread.  Ordering: none.
 * Ownership: *@out is the caller's (scmi_vio_platform_config_file_free());
 *            everything the configuration points at lives in it.
 * Return: 0; -EINVAL (syntax, an unknown directive or key, a bad number;
 *         @err says which line); -ENOMEM.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_config_parse(const char *text, size_t len,
			       struct scmi_vio_platform_config_file **out,
			       char *err, size_t err_len);

/**
 * scmi_vio_platform_config_load() - scmi_vio_platform_config_parse() of
 * the file at @path (at most 16 MiB).
 *
 * Context: any thread; reads the file.  Ordering: none.
 * Ownership: as scmi_vio_platform_config_parse().
 * Return: 0; -errno of fopen(); -EIO (read error); -EFBIG; or a
 *         scmi_vio_platform_config_parse() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_config_load(const char *path,
			      struct scmi_vio_platform_config_file **out,
			      char *err, size_t err_len);

/**
 * scmi_vio_platform_config_file_get() - the configuration @f holds.
 *
 * Context: any thread.  Ordering: none.
 * Ownership: borrowed; valid until scmi_vio_platform_config_file_free().
 * Return: the configuration.
 */
SCMI_VIO_API const struct scmi_vio_platform_config *
scmi_vio_platform_config_file_get(const struct scmi_vio_platform_config_file *f);

/**
 * scmi_vio_platform_config_file_free() - free @f (NULL is a no-op).
 *
 * Context: nothing uses its configuration any more (a platform created from
 * it copied what it needs, so it may be freed after create).
 * Ordering: none.  Ownership: frees @f and everything it owns.
 * Return: nothing.
 */
SCMI_VIO_API void
scmi_vio_platform_config_file_free(struct scmi_vio_platform_config_file *f);

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
 * Return: 0, -EINVAL (@cfg or @out NULL; a count, name, index or size out of
 *         range; rates or levels not ascending), -ENOMEM, or an errno from
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
 * PROTOCOL_ERROR; an unknown protocol NOT_SUPPORTED; a message id the
 * protocol's version does not have NOT_FOUND; a response that does not fit
 * @cap COMMS_ERROR.  A non-SUCCESS response is
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
 * scmi_vio_platform_handle_as() - scmi_vio_platform_handle() for agent
 * @agent_id (1..n_agents): what it may reach, what it subscribes to and
 * the delayed responses it gets are its own (a transport of its own per
 * agent, as several devices on one platform).
 *
 * Its messages to send are popped by a device of that agent; the
 * configured agent's by scmi_vio_platform_event_pop() too.
 *
 * Context, Ordering, Ownership: as scmi_vio_platform_handle().
 * Return: as scmi_vio_platform_handle(), and -EINVAL for an @agent_id the
 * platform does not have.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_handle_as(struct scmi_vio_platform *plat, uint32_t agent_id,
			    const void *req, size_t len, void *resp,
			    size_t cap);

/**
 * scmi_vio_platform_event_pop() - take the next platform-to-agent message.
 * @buf: receives le32 header then payload.
 *
 * The configured agent_id's messages only (each agent's device takes its
 * own): delayed responses first, oldest first, then notifications, oldest
 * first.  A delayed response of a command a platform device dispatched is not
 * returned before the device has published the command's reply and rung
 * its interrupt (unless a fault plan says otherwise); one of a command
 * given to scmi_vio_platform_handle() may be returned at once.
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
 * Return: delayed responses plus notifications event_pop() may return now
 * (the configured agent_id's).
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
 * Queued once for each agent that enabled the event for @source with a
 * built-in notify command; when none did (or it is a vendor protocol's
 * event), for the configured agent_id.  Each agent's copy coalesces and
 * drops on its own.
 *
 * Context: only from inside a handler (the platform lock is held).
 * Ordering: under the platform lock.
 * Ownership: @payload is copied into a preallocated outbox slot.
 * Return: 0 queued; 1 coalesced (for some agent, none dropped);
 *         -EOPNOTSUPP (P2A off); -EMSGSIZE; -ENOSPC (outbox full for some
 *         agent: dropped and counted).
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
 * scmi_vio_platform_agent_id() - the configured agent_id: the one served
 * where no device or handle_as() names another.
 *
 * Context: any thread (fixed at create).
 * Ordering: none.  Ownership: none.
 * Return: the configured agent id.
 */
SCMI_VIO_API uint32_t
scmi_vio_platform_agent_id(const struct scmi_vio_platform *plat);

/**
 * scmi_vio_platform_caller() - the agent whose command a handler runs.
 *
 * Context: from a handler (the lock is held).
 * Ordering: none.  Ownership: none.
 * Return: its agent id (1..n_agents).
 */
SCMI_VIO_API uint32_t
scmi_vio_platform_caller(const struct scmi_vio_platform *plat);

/**
 * scmi_vio_platform_has_agent() - may a device serve agent @agent_id?
 *
 * Context: any thread (fixed at create).
 * Ordering: none.  Ownership: none.
 * Return: true for 1..n_agents, and for 0 (the configured agent_id).
 */
SCMI_VIO_API bool
scmi_vio_platform_has_agent(const struct scmi_vio_platform *plat,
			    uint32_t agent_id);

/**
 * scmi_vio_platform_device_id() - the device id of one domain.
 * @protocol: a built-in protocol with domains (power, performance, clock,
 *            sensor, reset, voltage).
 * @domain: its domain (clock, sensor...) id.
 *
 * Context: any thread (fixed at create).
 * Ordering: none.  Ownership: none.
 * Return: the device id BASE_SET_*_PERMISSIONS take, or -ENOENT (no such
 * protocol or domain).
 */
SCMI_VIO_API long
scmi_vio_platform_device_id(const struct scmi_vio_platform *plat,
			    uint8_t protocol, uint32_t domain);

/**
 * scmi_vio_platform_system_power_notify() - a platform-initiated system
 * power request (SYSTEM_POWER_STATE_NOTIFIER), as a VMM sends a guest to
 * ask it to shut down or reboot.
 * @state: SCMI_VIO_SYS_STATE_* (vendor states from 0x80000000 too).
 * @flags: bit 0 graceful (the agent should shut down in an orderly way
 *         within @timeout_ms); other bits must be clear.
 * @timeout_ms: sent in the notifier's timeout field (graceful only).
 *
 * Queued, with agent id 0 (the platform), only when the agent enabled the
 * notification (SYSTEM_POWER_STATE_NOTIFY).  The device sends it once it
 * runs a service round: wake it (scmi_vio_loopback_kick(), or the kick
 * doorbell of a device started with scmi_vio_platform_dev_start()).
 *
 * Context: any thread, not from a handler; takes the platform lock.
 * Ordering: the lock orders it before the event_pop() that takes it.
 * Ownership: none.
 * Return: 0 queued (or coalesced with a queued one); -EINVAL (bad @flags,
 *         or a graceful timeout without the graceful flag); -ENOENT (no
 *         System power protocol); -ENOTCONN (the agent did not ask for it);
 *         -EOPNOTSUPP (P2A off); -ENOSPC (outbox full: dropped, counted).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_system_power_notify(struct scmi_vio_platform *plat,
				      uint32_t state, uint32_t flags,
				      uint32_t timeout_ms);

/**
 * scmi_vio_platform_system_state() - the last system state an agent set.
 * @state: set to it (SCMI_VIO_SYS_STATE_POWER_UP until an agent sets one).
 * @flags: set to its request's flags (may be NULL).
 *
 * Context: any thread, not from a handler; takes the platform lock.
 * Ordering: the lock orders it after the handler that accepted the request.
 * Ownership: outputs are the caller's.
 * Return: 0; -ENOENT (no System power protocol).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_platform_system_state(struct scmi_vio_platform *plat, uint32_t *state,
			       uint32_t *flags);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_PLATFORM_H */
