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

/* Protocol versions we implement (major [31:16], minor [15:0]). */
#define PLAT_BASE_VERSION 0x20000u
#define PLAT_CLOCK_VERSION 0x20000u
#define PLAT_SENSOR_VERSION 0x20000u
#define PLAT_PERF_VERSION 0x20000u

struct plat_proto {
	uint8_t id;
	uint32_t version;
	void *arg;
	/* Indexed by message id; fn == NULL: not implemented. */
	struct scmi_vio_plat_msg_desc msgs[256];
};

struct plat_clock {
	char name[SCMI_VIO_PLAT_NAME_LEN];
	uint64_t *rates;
	unsigned int n_rates;
	unsigned int rate_index;
	bool enabled;
	bool notify_changed;
	bool notify_requested;
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

/* One outbox slot: a delayed response or a notification. */
struct plat_event {
	uint32_t hdr;
	uint32_t source; /* coalescing key for notifications */
	uint32_t len; /* payload bytes */
	uint8_t *payload; /* max_payload bytes, preallocated */
	uint32_t hnext; /* notifications: next slot in the key's bucket */
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

	bool p2a; /* ATOMIC: written under lock, read without it too */
	size_t max_payload;
	uint32_t agent_id;

	/* Base */
	char vendor[SCMI_VIO_PLAT_NAME_LEN];
	char sub_vendor[SCMI_VIO_PLAT_NAME_LEN];
	uint32_t impl_version;
	char (*agents)[SCMI_VIO_PLAT_NAME_LEN];
	unsigned int n_agents;
	bool notify_errors;

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

	/* Outbox; delayed responses queued, per protocol (async in flight). */
	unsigned int async_pending[256];
	struct plat_fifo delayed;
	struct plat_fifo notifs;
	uint8_t *event_mem;
	/* Messages in both FIFOs (ATOMIC: written under lock, read
	 * without it by scmi_vio__outbox_hint()). */
	unsigned int n_events;
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
unsigned int scmi_vio__outbox_hint(const struct scmi_vio_platform *plat);
/*
 * For fault injection (take the lock): queue a delayed response with the
 * header @hdr (any type; made type 2), queue @n notifications with distinct
 * sources, ask whether the delayed response of command @hdr is still queued.
 */
int scmi_vio__outbox_inject_delayed(struct scmi_vio_platform *plat,
				    uint32_t hdr, const void *payload,
				    size_t len);
void scmi_vio__outbox_inject_storm(struct scmi_vio_platform *plat,
				   unsigned int n);
bool scmi_vio__outbox_has_delayed(struct scmi_vio_platform *plat, uint32_t hdr);

/* proto_*.c: register one built-in protocol from the configuration. */
int scmi_vio__base_register(struct scmi_vio_platform *plat,
			    const struct scmi_vio_platform_config *cfg);
int scmi_vio__clock_register(struct scmi_vio_platform *plat,
			     const struct scmi_vio_platform_config *cfg);
int scmi_vio__sensor_register(struct scmi_vio_platform *plat,
			      const struct scmi_vio_platform_config *cfg);
int scmi_vio__perf_register(struct scmi_vio_platform *plat,
			    const struct scmi_vio_platform_config *cfg);
/* Register a protocol, Base (0x10) included. */
int scmi_vio__platform_register(struct scmi_vio_platform *plat,
				const struct scmi_vio_plat_protocol_desc *desc);

/* The device met a malformed chain: BASE_ERROR_EVENT if enabled (locks). */
void scmi_vio__base_error_event(struct scmi_vio_platform *plat);

/*
 * Queue a notification whose payload is the agent id then @n words (at
 * most 7), coalesced or dropped as scmi_vio_platform_notify() does (the
 * outbox counts a drop).  Platform lock held.
 */
void scmi_vio__plat_notify_words(struct scmi_vio_platform *plat, uint8_t proto,
				 uint8_t event, uint32_t source,
				 const uint32_t *w, unsigned int n);

/*
 * Queue the delayed response of async command @m: SUCCESS then @n words
 * (at most 7).  BUSY when @max_async of its protocol already wait in the
 * outbox or the outbox refuses it (queue it before changing any state);
 * else SUCCESS.  Platform lock held.
 */
int32_t scmi_vio__plat_delayed_words(struct scmi_vio_platform *plat,
				     const struct scmi_vio_plat_msg *m,
				     unsigned int max_async, const uint32_t *w,
				     unsigned int n);

/* Copy a configured name into a char[16] field; -EINVAL if too long. */
int scmi_vio__plat_name(char dst[SCMI_VIO_PLAT_NAME_LEN], const char *src);

/* Turn P2A on or off (the virtio device does, from negotiated features). */
void scmi_vio__platform_set_p2a(struct scmi_vio_platform *plat, bool on);

/*
 * Handle one command whose parameter block is @len - 4 bytes long, of which
 * only the first @avail bytes of @req are present (a transport copies at
 * most 4 + max_payload bytes; anything longer is PROTOCOL_ERROR without
 * reading the parameters).
 */
int scmi_vio__platform_dispatch(struct scmi_vio_platform *plat,
				const uint8_t *req, size_t len, size_t avail,
				uint8_t *resp, size_t cap);

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

/* Append a return word; false when it does not fit. */
static inline bool plat_put(struct scmi_vio_plat_msg *m, uint32_t v)
{
	if (m->ret_cap - m->ret_len < 4)
		return false;
	sv_put_le32(m->ret + m->ret_len, v);
	m->ret_len += 4;
	return true;
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
