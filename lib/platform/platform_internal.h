/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private state of the SCMI platform core, shared by core.c, outbox.c and
 * the built-in protocol servers (proto_*.c).
 */
#ifndef SCMI_VIO_PLATFORM_INTERNAL_H
#define SCMI_VIO_PLATFORM_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/platform.h>
#include <scmi_vio/scmi_wire.h>

#include "common/atomics.h"
#include "common/byteorder.h"

/*
 * Version profiles: what each SCMI release has of a built-in protocol.
 *
 * How a protocol declares its versions: next to its message table, a
 *
 *   static const struct plat_proto_rev foo_revs[SCMI_VIO_SCMI_NR_RELEASES] = {
 *	[SCMI_VIO_SCMI_2_0] = { 0x10000, PLAT_MSGS_CORE | PLAT_MSG(0x3) },
 *	[SCMI_VIO_SCMI_3_2] = { 0x30000, PLAT_MSGS_CORE_3_2 | PLAT_MSG(0x3) |
 *					 PLAT_MSG(0x4) },
 *   };
 *
 * one row per release: the version that release defines (major [31:16],
 * minor [15:0]; 0 when the release does not have the protocol, which is then
 * not registered) and the message ids that version has, the core ones
 * included (PLAT_MSGS_CORE; from SCMI 3.2 with NEGOTIATE_PROTOCOL_VERSION,
 * PLAT_MSGS_CORE_3_2).  The message table lists the handlers of every
 * version; scmi_vio__platform_register_revs() registers it with the row of
 * the configured release, and the core answers NOT_FOUND to any id the row
 * the calling agent is served lacks.  Each agent starts on the configured
 * release's row; its NEGOTIATE_PROTOCOL_VERSION may switch it (that agent
 * only: DEN0056E 4.2.2) to the row of an older release (a version no newer
 * than the configured one); it stays callable as long as the configured
 * release has it, and RESET_AGENT_CONFIGURATION of the agent returns it to
 * the configured row.  A handler whose reply fields or attribute bits
 * depend on the version asks scmi_vio__plat_version() and compares version
 * numbers, never releases.
 */
struct plat_proto_rev {
	uint32_t version;
	uint64_t msgs; /* PLAT_MSG(id) for each message id 0..63 it has */
};

#define PLAT_MSG(id) (1ull << (id))
#define PLAT_MSGS_CORE                                \
	(PLAT_MSG(SCMI_VIO_MSG_PROTOCOL_VERSION) |    \
	 PLAT_MSG(SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES) | \
	 PLAT_MSG(SCMI_VIO_MSG_PROTOCOL_MESSAGE_ATTRIBUTES))
#define PLAT_MSGS_CORE_3_2 \
	(PLAT_MSGS_CORE | PLAT_MSG(SCMI_VIO_MSG_NEGOTIATE_PROTOCOL_VERSION))

struct plat_proto {
	uint8_t id;
	uint32_t version; /* PROTOCOL_VERSION: the configured release's */
	void *arg;
	void (*fini)(void *arg); /* frees @arg at destroy; may be NULL */
	/* Built-in protocols: the rows by release; NULL for vendor ones. */
	const struct plat_proto_rev *revs;
	/*
	 * ATOMIC, with revs: per agent (agent id - 1, n_agents of them,
	 * allocated at registration) the row it is served.  Its own
	 * NEGOTIATE stores without the lock, RESET_AGENT_CONFIGURATION under
	 * it; each byte is read once, alone (the rows are const).
	 */
	uint8_t *rev;
	/* Indexed by message id; fn == NULL: not implemented. */
	struct scmi_vio_plat_msg_desc msgs[256];
};

struct plat_clock {
	char name[SCMI_VIO_PLAT_NAME_LEN];
	uint64_t *rates;
	unsigned int n_rates;
	unsigned int rate_index;
	uint32_t enable_latency_us;
	bool enabled;
	bool notify_changed;
	bool notify_requested;
};

/* One agent (agents.c); the permission bits live in plat->perm. */
struct plat_agent {
	char name[SCMI_VIO_PLAT_NAME_LEN];
	bool trusted; /* may change permissions */
	uint8_t protos[32]; /* bitmap of the protocols it is given */
};

struct plat_trip {
	int64_t value;
	uint8_t mode; /* 0 off, 1 ascending, 2 descending, 3 both */
};

struct plat_sensor {
	char name[SCMI_VIO_PLAT_NAME_LEN];
	struct scmi_vio_plat_sensor cfg; /* name pointer not used */
	uint64_t readings; /* readings taken so far */
	int64_t last; /* the last value read */
	bool notify_trips;
	struct plat_trip trips[SCMI_VIO_PLAT_MAX_TRIPS];
};

struct plat_perf {
	char name[SCMI_VIO_PLAT_NAME_LEN];
	struct scmi_vio_plat_perf cfg; /* name and levels pointers not used */
	struct scmi_vio_plat_perf_level *levels;
	uint32_t level;
	uint32_t max;
	uint32_t min;
	bool notify_level;
	bool notify_limits;
};

/* Where a delayed response stands with respect to its command's reply. */
enum plat_dresp_state {
	DRESP_READY = 0, /* may be sent */
	DRESP_HELD, /* its reply has not been published yet */
	DRESP_REPLIED, /* its reply is published, its interrupt not yet */
};

/* One outbox slot: a delayed response or a notification. */
struct plat_event {
	uint32_t agent; /* whose device may send it */
	uint32_t hdr;
	uint32_t source; /* coalescing key for notifications */
	uint32_t len; /* payload bytes */
	uint8_t *payload; /* max_payload bytes, preallocated */
	uint32_t hnext; /* notifications: next slot in the key's bucket */
	enum plat_dresp_state state; /* delayed responses */
	uint64_t tag; /* DRESP_REPLIED: the round that published the reply */
};

/* A FIFO of preallocated slots. */
struct plat_fifo {
	struct plat_event *slot;
	unsigned int cap;
	unsigned int head; /* oldest */
	unsigned int count;
};

struct scmi_vio_platform {
	/*
	 * Protects everything below not marked ATOMIC: the simulated state,
	 * the outbox and the counters.  Handlers run under it.
	 */
	pthread_mutex_t lock;

	struct plat_proto *protos[256];
	unsigned int n_protos; /* registered, Base included */

	enum scmi_vio_scmi_release release; /* fixed at create */
	bool p2a; /* ATOMIC: written under lock, read without it too */
	size_t max_payload;
	uint32_t agent_id; /* served where no device says which */
	uint32_t cur_agent; /* the caller of the handler running now */

	/* Base */
	char vendor[SCMI_VIO_PLAT_NAME_LEN];
	char sub_vendor[SCMI_VIO_PLAT_NAME_LEN];
	uint32_t impl_version;
	bool notify_errors;

	/*
	 * Agents (agents.c): agents[id - 1]; the devices, each domain of
	 * dev_count[proto] at dev_first[proto] + domain; per agent and device
	 * the permission bits now (perm) and as configured (perm_init); per
	 * agent and clock its enable request (clock_votes), configured
	 * clock_init.  agents[].protos and the device map are fixed at
	 * create; the rest changes under the lock.
	 */
	struct plat_agent *agents;
	unsigned int n_agents;
	uint32_t n_devices;
	uint32_t dev_first[256];
	uint32_t dev_count[256];
	uint8_t *perm;
	uint8_t *perm_init;
	uint8_t *clock_votes;
	uint8_t *clock_init;
	/* Per agent, per notify command and resource: the enable word it
	 * last sent (bit 0 set: subscribed); n_subs words each agent. */
	uint32_t *subs;
	uint32_t n_subs;
	/* Agents with notifications queued since the last wake (bitmap). */
	uint8_t wake_due[32];
	bool wake_any;

	/*
	 * Protects waker[]: per agent, the kick doorbell of its device's
	 * thread (NULL: none, or a device that runs only when kicked), rung
	 * when another agent's command queues notifications for it.
	 * Taken alone, never with plat->lock.
	 */
	pthread_mutex_t wake_lock;
	bool wake_lock_ready;
	struct scmi_vio_doorbell **waker;

	/* Clock */
	struct plat_clock *clocks;
	unsigned int n_clocks;
	unsigned int clock_max_async;

	/* Sensor */
	struct plat_sensor *sensors;
	unsigned int n_sensors;
	unsigned int sensor_max_async;

	/* Performance */
	struct plat_perf *perf;
	unsigned int n_perf;

	/*
	 * The handler running now was dispatched by a device: the delayed
	 * response it queues is held until its reply is out (outbox.c);
	 * held_now says one was.
	 */
	bool holding;
	bool held_now;

	/* Outbox; delayed responses queued, per protocol (async in flight). */
	unsigned int async_pending[256];
	struct plat_fifo delayed;
	struct plat_fifo notifs;
	uint8_t *event_mem;
	/* Per agent (index: its id), messages in both FIFOs its device may
	 * send now (each ATOMIC: written under lock, read without it by
	 * scmi_vio__outbox_hint()). */
	unsigned int *n_ready;
	/* Queued notifications by (hdr, source): slot indices (outbox.c). */
	uint32_t *notif_bucket;
	uint32_t notif_mask;
	uint32_t storm_source; /* distinct sources for injected storms */

	struct scmi_vio_platform_stats stats;
	/*
	 * Requests answered without the lock (core.c); not under it:
	 * each field ATOMIC, updated with sv_counter_add().
	 */
	struct {
		sv_atomic_u64 commands, errors, malformed;
	} unlocked;
};

/* outbox.c */
int scmi_vio__outbox_init(struct scmi_vio_platform *plat,
			  unsigned int n_delayed, unsigned int n_notifs);
void scmi_vio__outbox_fini(struct scmi_vio_platform *plat);
/*
 * Messages in the outbox, without the lock: a hint for the device's
 * service round, which pops under the lock.  It may lag a message queued
 * by another thread; the device re-checks with the lock before it sleeps.
 */
unsigned int scmi_vio__outbox_hint(const struct scmi_vio_platform *plat,
				   uint32_t agent);
/* The messages of @agent that may be sent now (takes the lock). */
unsigned int scmi_vio__outbox_pending(struct scmi_vio_platform *plat,
				      uint32_t agent);
/* scmi_vio_platform_event_pop() of @agent's messages (takes the lock). */
int scmi_vio__outbox_pop(struct scmi_vio_platform *plat, uint32_t agent,
			 void *buf, size_t cap);
/*
 * For fault injection (take the lock): queue a delayed response with the
 * header @hdr (any type; made type 2), queue @n notifications with distinct
 * sources, ask whether the delayed response of command @hdr is still queued.
 */
int scmi_vio__outbox_inject_delayed(struct scmi_vio_platform *plat,
				    uint32_t agent, uint32_t hdr,
				    const void *payload, size_t len);
void scmi_vio__outbox_inject_storm(struct scmi_vio_platform *plat,
				   uint32_t agent, unsigned int n);
bool scmi_vio__outbox_has_delayed(struct scmi_vio_platform *plat,
				  uint32_t agent, uint32_t hdr);

/*
 * The order on the wire (docs/protocol.md 2, LINUX_NOTES): a command's reply is
 * published, and its interrupt raised, before its delayed response.  A
 * delayed response queued by a command a device dispatched (held) is sent
 * only after the device reported the reply pushed in its round @tag
 * (replied) and then, its interrupt rung, published that round; release
 * makes it ready at once (the reply is dropped, or a fault wants the
 * delayed response first).  Each names the device's agent: rounds and
 * tokens are per device.  All take the lock.
 */
void scmi_vio__outbox_replied(struct scmi_vio_platform *plat, uint32_t agent,
			      uint32_t hdr, uint64_t tag);
void scmi_vio__outbox_publish(struct scmi_vio_platform *plat, uint32_t agent,
			      uint64_t tag);
void scmi_vio__outbox_release(struct scmi_vio_platform *plat, uint32_t agent,
			      uint32_t hdr);

/* proto_*.c: register one built-in protocol from the configuration. */
int scmi_vio__base_register(struct scmi_vio_platform *plat,
			    const struct scmi_vio_platform_config *cfg);
int scmi_vio__clock_register(struct scmi_vio_platform *plat,
			     const struct scmi_vio_platform_config *cfg);
int scmi_vio__sensor_register(struct scmi_vio_platform *plat,
			      const struct scmi_vio_platform_config *cfg);
int scmi_vio__perf_register(struct scmi_vio_platform *plat,
			    const struct scmi_vio_platform_config *cfg);
int scmi_vio__power_register(struct scmi_vio_platform *plat,
			     const struct scmi_vio_platform_config *cfg);
int scmi_vio__syspower_register(struct scmi_vio_platform *plat,
				const struct scmi_vio_platform_config *cfg);
int scmi_vio__reset_register(struct scmi_vio_platform *plat,
			     const struct scmi_vio_platform_config *cfg);
int scmi_vio__voltage_register(struct scmi_vio_platform *plat,
			       const struct scmi_vio_platform_config *cfg);
/* Register a protocol, Base (0x10) included. */
int scmi_vio__platform_register(struct scmi_vio_platform *plat,
				const struct scmi_vio_plat_protocol_desc *desc);
/*
 * Register a built-in protocol with its rows by release (@revs has
 * SCMI_VIO_SCMI_NR_RELEASES of them; desc->version is ignored).  0 without
 * registering when the configured release does not have it; -EINVAL when a
 * row names a message id @desc has no handler for.
 */
int scmi_vio__platform_register_revs(
	struct scmi_vio_platform *plat,
	const struct scmi_vio_plat_protocol_desc *desc,
	const struct plat_proto_rev *revs);
/*
 * scmi_vio__platform_register_revs() for a protocol whose state is
 * @desc->arg, freed by @fini at destroy (and at once when it is not
 * registered: an error, or a release without it).
 */
int scmi_vio__platform_register_state(
	struct scmi_vio_platform *plat,
	const struct scmi_vio_plat_protocol_desc *desc,
	const struct plat_proto_rev *revs, void (*fini)(void *));
/*
 * The version of protocol @proto agent @agent is served: the configured
 * release's, or the one it negotiated.  For registered built-in
 * protocols only.  Any thread.
 */
uint32_t scmi_vio__plat_agent_version(const struct scmi_vio_platform *plat,
				      uint32_t agent, uint8_t proto);
/*
 * scmi_vio__plat_agent_version() of the agent whose command runs now
 * (plat->cur_agent): what a protocol's handlers ask.  Platform lock held.
 */
uint32_t scmi_vio__plat_version(const struct scmi_vio_platform *plat,
				uint8_t proto);
/* Serve @agent every built-in protocol's configured version again (its
 * RESET_AGENT_CONFIGURATION).  Platform lock held. */
void scmi_vio__plat_versions_reset(struct scmi_vio_platform *plat,
				   uint32_t agent);

/* agents.c: set up and free the agents' state (before the protocols). */
int scmi_vio__agents_init(struct scmi_vio_platform *plat,
			  const struct scmi_vio_platform_config *cfg);
void scmi_vio__agents_fini(struct scmi_vio_platform *plat);
/* Is protocol @proto given to @agent?  Any thread (fixed at create). */
bool scmi_vio__agent_sees(const struct scmi_vio_platform *plat, uint32_t agent,
			  uint8_t proto);
/* May plat->cur_agent run command @id of @proto?  DENIED when it is about
 * a device the agent lacks; else SUCCESS.  Platform lock held. */
int32_t scmi_vio__agent_check(struct scmi_vio_platform *plat, uint8_t proto,
			      uint8_t id, const struct scmi_vio_plat_msg *m);
/* Base handlers: SET_DEVICE_PERMISSIONS, SET_PROTOCOL_PERMISSIONS,
 * RESET_AGENT_CONFIGURATION. */
int32_t scmi_vio__base_set_device_perms(struct scmi_vio_platform *plat,
					struct scmi_vio_plat_msg *m, void *arg);
int32_t scmi_vio__base_set_protocol_perms(struct scmi_vio_platform *plat,
					  struct scmi_vio_plat_msg *m,
					  void *arg);
int32_t scmi_vio__base_reset_agent(struct scmi_vio_platform *plat,
				   struct scmi_vio_plat_msg *m, void *arg);
/*
 * Notifications per agent: after command @id of @proto succeeded for
 * plat->cur_agent, record whether it subscribes; true when it left but
 * another agent stays subscribed, with @params (2 words) the parameters
 * that agent enabled with: run the handler again with them, so the
 * protocol keeps sending.  Platform lock held.
 */
bool scmi_vio__agent_subscribe(struct scmi_vio_platform *plat, uint8_t proto,
			       uint8_t id, const struct scmi_vio_plat_msg *m,
			       uint8_t params[8]);
/*
 * The next agent after @after (0: the first) to get notification @event
 * of @proto from @source: each agent subscribed to it; when none is (or
 * the event is not one agents subscribe to by a built-in command), the
 * configured agent alone.  0 when there is none left.  Platform lock held.
 */
uint32_t scmi_vio__notify_next(const struct scmi_vio_platform *plat,
			       uint8_t proto, uint8_t event, uint32_t source,
			       uint32_t after);
/*
 * Waking the devices of other agents: a notification queued for @agent
 * marks it due (platform lock held); take_wakes() moves the marks to
 * @due (platform lock held), and ring_wakes() then, without the platform
 * lock, rings the kick of each due agent's device but @except's (the
 * device serving now sends its own).  set_waker() installs @kick for
 * @agent's device thread, or with NULL removes it if it is still @old.
 */
void scmi_vio__agent_wake_due(struct scmi_vio_platform *plat, uint32_t agent);
bool scmi_vio__agents_take_wakes(struct scmi_vio_platform *plat,
				 uint8_t due[32]);
void scmi_vio__agents_ring_wakes(struct scmi_vio_platform *plat,
				 const uint8_t due[32], uint32_t except);
void scmi_vio__agent_set_waker(struct scmi_vio_platform *plat, uint32_t agent,
			       struct scmi_vio_doorbell *kick,
			       struct scmi_vio_doorbell *old);

/*
 * Clock enables per agent: plat->cur_agent asks clock @clock on or off
 * (the clock runs while any agent asks it on); what it asked last; forget
 * what @agent asked (back to the configured state).  Platform lock held.
 */
void scmi_vio__clock_vote(struct scmi_vio_platform *plat, unsigned int clock,
			  bool on);
bool scmi_vio__clock_voted(struct scmi_vio_platform *plat, unsigned int clock);
void scmi_vio__clock_agent_reset(struct scmi_vio_platform *plat,
				 uint32_t agent);

/* The device of @agent met a malformed chain: BASE_ERROR_EVENT if enabled
 * (locks). */
void scmi_vio__base_error_event(struct scmi_vio_platform *plat, uint32_t agent);

/*
 * scmi_vio_platform_notify() of a notification whose last fields came with
 * version @since of built-in protocol @protocol: a subscriber served an
 * older version gets the first @short_len bytes (@since 0: all get @len).
 * Platform lock held.
 */
int __scmi_vio__plat_notify_since(struct scmi_vio_platform *plat,
				  uint8_t protocol, uint8_t event,
				  uint32_t source, const void *payload,
				  size_t len, uint32_t since, size_t short_len);

/*
 * Queue a notification whose payload is the agent id then @n words (at
 * most 7), coalesced or dropped as scmi_vio_platform_notify() does (the
 * outbox counts a drop).  Platform lock held.
 */
void __scmi_vio__plat_notify_words(struct scmi_vio_platform *plat,
				   uint8_t proto, uint8_t event,
				   uint32_t source, const uint32_t *w,
				   unsigned int n);

/*
 * Queue the delayed response of async command @m: SUCCESS then @n words
 * (at most 7).  BUSY when @max_async of its protocol already wait in the
 * outbox or the outbox refuses it (queue it before changing any state);
 * else SUCCESS.  Platform lock held.
 */
int32_t __scmi_vio__plat_delayed_words(struct scmi_vio_platform *plat,
				       const struct scmi_vio_plat_msg *m,
				       unsigned int max_async,
				       const uint32_t *w, unsigned int n);

/* A resource name that may be longer than a char[16] (ext_name.c). */
struct plat_ext_name {
	char short_name[SCMI_VIO_PLAT_NAME_LEN]; /* up to 15 characters */
	char name[SCMI_VIO_PLAT_EXT_NAME_LEN]; /* the whole name */
	bool extended; /* longer than 15 characters */
};

/* Copy a configured name of up to 63 characters; -EINVAL if longer. */
int scmi_vio__plat_ext_name(struct plat_ext_name *n, const char *src);
/*
 * The reply of a *_NAME_GET command: NOT_SUPPORTED for a name without an
 * extended form, COMMS_ERROR when {flags, char[64]} does not fit.
 */
int32_t scmi_vio__plat_name_get(struct scmi_vio_plat_msg *m,
				const struct plat_ext_name *n);

/* Copy a configured name into a char[16] field; -EINVAL if too long. */
int scmi_vio__plat_name(char dst[SCMI_VIO_PLAT_NAME_LEN], const char *src);

/* Turn P2A on or off (the virtio device does, from negotiated features). */
void scmi_vio__platform_set_p2a(struct scmi_vio_platform *plat, bool on);

/*
 * Handle one command of agent @agent (1..n_agents) whose parameter block is @len - 4 bytes long, of which
 * only the first @avail bytes of @req are present (a transport copies at
 * most 4 + max_payload bytes; anything longer is PROTOCOL_ERROR without
 * reading the parameters).  With @held non-NULL (a device), a delayed
 * response the command queues is held until its reply is out, and *@held
 * says whether it did.
 */
int scmi_vio__platform_dispatch(struct scmi_vio_platform *plat, uint32_t agent,
				const uint8_t *req, size_t len, size_t avail,
				uint8_t *resp, size_t cap, bool *held);

/* ---- helpers for handlers ----------------------------------------------- */

/* Parameter word @i; the caller has checked the length. */
static inline uint32_t plat_param(const struct scmi_vio_plat_msg *m,
				  unsigned int i)
{
	return sv_get_le32(m->params + 4 * (size_t)i);
}

/* Exactly @n parameter words? */
static inline bool plat_params_are(const struct scmi_vio_plat_msg *m,
				   unsigned int n)
{
	return m->params_len == 4 * (size_t)n;
}

/*
 * A command about one resource: exactly @nparams parameter words, word 0 an
 * id below @n.  PROTOCOL_ERROR, NOT_FOUND, or SUCCESS with *@id set.
 */
static inline int32_t plat_resource(const struct scmi_vio_plat_msg *m,
				    unsigned int nparams, unsigned int n,
				    uint32_t *id)
{
	if (!plat_params_are(m, nparams))
		return SCMI_VIO_PROTOCOL_ERROR;
	*id = plat_param(m, 0);
	return *id < n ? SCMI_VIO_SUCCESS : SCMI_VIO_NOT_FOUND;
}

/* Parameter word @i enables a notification: INVALID_PARAMETERS for any
 * bit but SCMI_VIO_NOTIFY_ENABLE. */
static inline int32_t plat_enable_param(const struct scmi_vio_plat_msg *m,
					unsigned int i, bool *on)
{
	uint32_t v = plat_param(m, i);

	if (v & ~SCMI_VIO_NOTIFY_ENABLE)
		return SCMI_VIO_INVALID_PARAMETERS;
	*on = v & SCMI_VIO_NOTIFY_ENABLE;
	return SCMI_VIO_SUCCESS;
}

/* A NOTIFY command whose one parameter is the enable word: PROTOCOL_ERROR
 * for any other length, else as plat_enable_param(), setting *@flag only
 * on SUCCESS. */
static inline int32_t plat_notify_flag(const struct scmi_vio_plat_msg *m,
				       bool *flag)
{
	int32_t st;
	bool on;

	if (!plat_params_are(m, 1))
		return SCMI_VIO_PROTOCOL_ERROR;
	st = plat_enable_param(m, 0, &on);
	if (st == SCMI_VIO_SUCCESS)
		*flag = on;
	return st;
}

/* Append a return word; false when it does not fit. */
static inline bool plat_put(struct scmi_vio_plat_msg *m, uint32_t v)
{
	if (m->ret_cap - m->ret_len < 4)
		return false;
	sv_put_le32(m->ret + m->ret_len, v);
	m->ret_len += 4;
	return true;
}

/* A reply of one word: SUCCESS, or COMMS_ERROR when it does not fit. */
static inline int32_t plat_reply_word(struct scmi_vio_plat_msg *m, uint32_t v)
{
	return plat_put(m, v) ? SCMI_VIO_SUCCESS : SCMI_VIO_COMMS_ERROR;
}

/* Append a char[16] name; false when it does not fit. */
static inline bool plat_put_name(struct scmi_vio_plat_msg *m,
				 const char name[SCMI_VIO_PLAT_NAME_LEN])
{
	if (m->ret_cap - m->ret_len < SCMI_VIO_PLAT_NAME_LEN)
		return false;
	memcpy(m->ret + m->ret_len, name, SCMI_VIO_PLAT_NAME_LEN);
	m->ret_len += SCMI_VIO_PLAT_NAME_LEN;
	return true;
}

/* Is the fixed-size reply of @n bytes going to fit? */
static inline bool plat_fits(const struct scmi_vio_plat_msg *m, size_t n)
{
	return m->ret_cap >= n;
}

/* Header of a notification. */
static inline uint32_t plat_notif_hdr(uint8_t proto, uint8_t event)
{
	struct scmi_vio_hdr h = {
		.id = event,
		.type = SCMI_VIO_MSG_NOTIFICATION,
		.protocol = proto,
		.token = 0,
	};

	return scmi_vio_hdr_pack(&h);
}

/* Paginated reply: how many entries fit, given a header of @hdr bytes. */
static inline unsigned int plat_page(const struct scmi_vio_plat_msg *m,
				     size_t hdr, size_t entry,
				     unsigned int remaining)
{
	size_t room = m->ret_cap > hdr ? (m->ret_cap - hdr) / entry : 0;

	return room < remaining ? (unsigned int)room : remaining;
}

/*
 * Begin a paginated reply at entry @index of @total (the caller checked
 * @index <= @total): *@n entries of @entry bytes fit after the flags word,
 * which is written as n | remaining << 16.  COMMS_ERROR when not even the
 * flags word fits, or no entry does while some remain.
 */
static inline int32_t plat_page_begin(struct scmi_vio_plat_msg *m,
				      unsigned int index, unsigned int total,
				      size_t entry, unsigned int *n)
{
	*n = plat_page(m, 4, entry, total - index);
	if (m->ret_cap < 4 || (!*n && index < total))
		return SCMI_VIO_COMMS_ERROR;
	plat_put(m, *n | (total - index - *n) << 16);
	return SCMI_VIO_SUCCESS;
}

#endif /* SCMI_VIO_PLATFORM_INTERNAL_H */
