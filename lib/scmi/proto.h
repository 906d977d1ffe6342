/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the protocol clients (base.c, clock.c, sensor.c,
 * perf.c): one command from little-endian words, and the payload checks
 * every client runs before it parses (S-12).
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

/* Little-endian word @i of @r, if the reply holds it. */
bool scmi_vio__word(const struct sv_reply *r, size_t i, uint32_t *v);

/* Copy a char[16] at @off: -EPROTO unless it is there and NUL-terminated. */
int scmi_vio__name(const uint8_t *buf, size_t len, size_t off,
		   char out[SV_NAME_LEN]);

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

/* Register a protocol's events with the notify core. */
int scmi_vio__register_events(struct scmi_vio_agent *a, uint8_t proto,
			      const struct scmi_vio_notify_event_desc *evs,
			      unsigned int n, uint32_t num_sources,
			      int (*set_enabled)(struct scmi_vio_agent *,
						 void *, uint8_t, uint32_t,
						 bool),
			      int (*parse)(void *, uint8_t, const void *,
					   size_t,
					   struct scmi_vio_notify_report *));

#endif /* SCMI_VIO_LIB_SCMI_PROTO_H */
