/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the protocol clients (base.c, clock.c, sensor.c,
 * perf.c, power.c, syspower.c, reset.c, voltage.c): one command from
 * little-endian words, and the payload checks every client runs before it
 * parses (S-12).
 */
#ifndef SCMI_VIO_LIB_SCMI_PROTO_H
#define SCMI_VIO_LIB_SCMI_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_notify.h>

/* Largest reply a client looks at; longer replies are clamped to it. */
#define SV_CLIENT_RX_MAX 1024u
#define SV_NAME_LEN 16u
#define SV_EXT_NAME_LEN 64u

/* A reply as a client sees it: bytes and how many are valid. */
struct sv_reply {
	uint8_t buf[SV_CLIENT_RX_MAX];
	size_t len;
	uint8_t dbuf[SV_CLIENT_RX_MAX]; /* delayed response */
	size_t dlen;
};

/* Send @nw words as the parameters; 0 or -errno (status mapped). */
int scmi_vio__words_cmd(struct scmi_vio_agent *a, uint8_t proto, uint8_t id,
			const uint32_t *w, size_t nw, struct sv_reply *r,
			unsigned int flags);

/* A command whose reply must hold word 0, stored in *@v: 0, -EPROTO (no
 * word 0) or a scmi_vio__words_cmd() error. */
int scmi_vio__cmd_u32(struct scmi_vio_agent *a, uint8_t proto, uint8_t id,
		      const uint32_t *w, size_t nw, uint32_t *v);

/*
 * The version of @proto this agent speaks (cached per agent): on first use
 * the platform's PROTOCOL_VERSION, or @max, the newest the calling client
 * parses, when the platform is newer and accepts negotiating @max.  0 or a
 * scmi_vio__cmd_u32() error.
 */
int scmi_vio__proto_version(struct scmi_vio_agent *a, uint8_t proto,
			    uint32_t max, uint32_t *v);

/* PROTOCOL_ATTRIBUTES whose [15:0] counts the protocol's resources. */
int scmi_vio__resource_count(struct scmi_vio_agent *a, uint8_t proto,
			     unsigned int *n);

/* A command of two parameter words and no return values. */
int scmi_vio__cmd2(struct scmi_vio_agent *a, uint8_t proto, uint8_t id,
		   uint32_t w0, uint32_t w1);

/* Little-endian word @i of @r, if the reply holds it. */
bool scmi_vio__word(const struct sv_reply *r, size_t i, uint32_t *v);

/* Copy a char[16] at @off: -EPROTO unless it is there and NUL-terminated. */
int scmi_vio__name(const uint8_t *buf, size_t len, size_t off,
		   char out[SV_NAME_LEN]);

/*
 * A *_NAME_GET command (SCMI 3.x extended names) about resource @res: the
 * reply is {flags (reserved), char[64]}; -EPROTO unless the name is there
 * and NUL-terminated (S-12), or a scmi_vio__words_cmd() error.
 */
int scmi_vio__ext_name_cmd(struct scmi_vio_agent *a, uint8_t proto, uint8_t id,
			   uint32_t res, char out[SV_EXT_NAME_LEN]);

/*
 * Pagination (S-12): the first page fixes total = index + returned +
 * remaining; every later page must agree; a page must fit its entries in
 * the bytes received and make progress.
 */
struct sv_page {
	size_t total; /* SIZE_MAX until the first page */
};

int scmi_vio__page_check(struct sv_page *pg, size_t index, uint32_t returned,
			 uint32_t remaining, size_t avail, size_t esz);

/*
 * A paginated DESCRIBE command: each page is {flags, entries}, flags
 * [count_mask] entries returned and [31:16] entries remaining; the request
 * carries the first index in its last parameter word.
 *
 * S-20: the first page's total is checked before any entry is parsed:
 * against @count when the platform reported the number of entries in
 * another command (@counted), else it must not be 0 (a list the
 * specification never leaves empty: a clock's rates, a domain's levels).
 */
struct sv_pager {
	uint8_t proto;
	uint8_t msg_id;
	uint32_t w[2]; /* parameters; w[nw - 1] is set to the index */
	size_t nw; /* 1 or 2 */
	uint32_t count_mask;
	size_t esz; /* bytes per entry */
	size_t cap; /* entries the caller has room for */
	bool counted; /* @count holds the total reported elsewhere */
	size_t count;
	/* Optional: reject a page by its flags (before the counters). */
	int (*flags_check)(void *ctx, uint32_t flags, uint32_t returned,
			   uint32_t remaining, size_t index);
	/* Parse entry number @i (counting over all pages) at @p. */
	int (*entry)(void *ctx, size_t i, const uint8_t *p);
	void *ctx;
};

/*
 * Fetch every page (S-12 checks by scmi_vio__page_check()): 0 with *@n the
 * entry count, -EPROTO, -ENOSPC (more entries than cap), an entry()
 * error, or a scmi_vio__words_cmd() error.
 */
int scmi_vio__paginate(struct scmi_vio_agent *a, const struct sv_pager *pg,
		       size_t *n);

/* The hooks of struct scmi_vio_notify_proto_desc. */
typedef int (*sv_set_enabled_fn)(struct scmi_vio_agent *a, void *ctx,
				 uint8_t evt, uint32_t src, bool enable);
typedef int (*sv_parse_fn)(void *ctx, uint8_t evt, const void *payload,
			   size_t len, struct scmi_vio_notify_report *r);

/* Register a protocol's events with the notify core. */
int scmi_vio__register_events(struct scmi_vio_agent *a, uint8_t proto,
			      const struct scmi_vio_notify_event_desc *evs,
			      unsigned int n, uint32_t num_sources,
			      sv_set_enabled_fn set_enabled, sv_parse_fn parse);

/*
 * Register a protocol's events with one source per resource, the count in
 * PROTOCOL_ATTRIBUTES [15:0] (Clock, Sensor, Performance).
 */
int scmi_vio__register_counted_events(
	struct scmi_vio_agent *a, uint8_t proto,
	const struct scmi_vio_notify_event_desc *evs, unsigned int n,
	sv_set_enabled_fn set_enabled, sv_parse_fn parse);

#endif /* SCMI_VIO_LIB_SCMI_PROTO_H */
