// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target: a hostile agent against the platform core.  The input
 * is a script of commands for one platform built from the default
 * configuration: each becomes a request of arbitrary bytes handed to
 * scmi_vio_platform_handle() with a response buffer of a chosen size, and
 * between commands the outbox is drained into buffers of chosen sizes.
 * State carries from one command to the next (rates, levels, limits, trip
 * points, notify enables, async slots), so sequences matter.
 *
 * Requests and responses live in heap blocks of exactly their size, so the
 * sanitizer sees any read past the request or write past the response.
 * Traps on a response longer than its buffer, shorter than 8 bytes for a
 * request with a header, with a header that does not echo the request's
 * token (and protocol and message id), a non-SUCCESS response longer than
 * 8 bytes, or outbox messages and counters that do not add up.
 *
 * Script, repeated until the input ends:
 *   ctl  bit 0..2: response buffer size class (see caps[])
 *        bit 3:    build the header from the next 3 bytes (protocol, id,
 *                  token low byte) instead of taking it from the request
 *        bit 4..5: drain the outbox after the command (0: no; else with a
 *                  buffer size class from the next byte)
 *   len  request bytes that follow (0..255)
 *   ...  the request
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/platform.h>
#include <scmi_vio/scmi_wire.h>

#include "common/byteorder.h"

#define require(c)                        \
	do {                              \
		if (!(c))                 \
			__builtin_trap(); \
	} while (0)

/* Response buffer sizes: too small, the 8-byte minimum, a few pages. */
static const size_t caps[8] = { 0, 7, 8, 12, 20, 64, 136, 4096 };
/* The protocols the platform serves, and one it does not. */
static const uint8_t protos[8] = { 0x10, 0x14, 0x15, 0x13,
				   0x10, 0x14, 0x15, 0x42 };

/* Headers of the commands sent, to match delayed responses against. */
#define MAX_SENT 1024
static uint32_t sent_hdr[MAX_SENT];
static unsigned int n_sent;

static uint32_t key_of(uint32_t hdr)
{
	/* Message id, protocol and token: everything but type and reserved. */
	return hdr & ~(SCMI_VIO_HDR_RESERVED_MASK |
		       SCMI_VIO_HDR_TYPE_MASK << SCMI_VIO_HDR_TYPE_SHIFT);
}

static bool was_sent(uint32_t hdr)
{
	unsigned int i;

	for (i = 0; i < n_sent; i++)
		if (key_of(sent_hdr[i]) == key_of(hdr))
			return true;
	return false;
}

static void check_stats(struct scmi_vio_platform *plat, uint64_t commands)
{
	struct scmi_vio_platform_stats st;
	unsigned int pending = scmi_vio_platform_events_pending(plat);

	scmi_vio_platform_get_stats(plat, &st);
	require(st.commands == commands);
	require(st.errors <= st.commands && st.malformed <= st.errors);
	require(st.delayed_sent <= st.delayed_queued);
	require(st.notif_sent <= st.notif_queued);
	require(pending == (st.delayed_queued - st.delayed_sent) +
				   (st.notif_queued - st.notif_sent));
}

/* Pop everything queued, into buffers of @cap bytes where they fit. */
static void drain(struct scmi_vio_platform *plat, size_t cap)
{
	size_t max = scmi_vio_platform_event_max(plat);
	struct scmi_vio_hdr h;
	unsigned int pending = scmi_vio_platform_events_pending(plat);
	uint8_t *buf = malloc(cap ? cap : 1);
	uint8_t *big = malloc(max);
	uint32_t hdr;
	int ret;

	require(buf && big);
	while (pending) {
		ret = scmi_vio_platform_event_pop(plat, cap ? buf : NULL, cap);
		if (ret == -EMSGSIZE) {
			/* Too small: it stays queued; take it with room. */
			require(scmi_vio_platform_events_pending(plat) ==
				pending);
			ret = scmi_vio_platform_event_pop(plat, big, max);
			require(ret > 0);
			hdr = sv_get_le32(big);
		} else {
			require(ret >= 4 && (size_t)ret <= cap);
			hdr = sv_get_le32(buf);
		}
		require((size_t)ret <= max);
		require(!scmi_vio_hdr_reserved_set(hdr));
		scmi_vio_hdr_unpack(hdr, &h);
		if (h.type == SCMI_VIO_MSG_DELAYED_RESP) {
			/* The delayed response of a command we sent, with at
			 * least its status word. */
			require(was_sent(hdr) && ret >= 8);
		} else {
			require(h.type == SCMI_VIO_MSG_NOTIFICATION &&
				h.token == 0);
		}
		require(scmi_vio_platform_events_pending(plat) == pending - 1);
		pending--;
	}
	require(scmi_vio_platform_event_pop(plat, big, max) == 0);
	free(buf);
	free(big);
}

static void one(struct scmi_vio_platform *plat, const uint8_t *req, size_t len,
		size_t cap, uint64_t *commands)
{
	uint8_t *resp = malloc(cap ? cap : 1);
	uint32_t hdr, want, rhdr, status;
	int ret;

	require(resp);
	ret = scmi_vio_platform_handle(plat, req, len, cap ? resp : NULL, cap);
	if (len < 4 || !cap) {
		require(ret == -EINVAL);
		goto out;
	}
	if (cap < 8) {
		require(ret == -ENOSPC);
		goto out;
	}
	(*commands)++;
	/* A request with a header always gets a response that fits. */
	require(ret >= 8 && (size_t)ret <= cap && (size_t)ret <= 8 + 128);
	hdr = sv_get_le32(req);
	rhdr = sv_get_le32(resp);
	status = sv_get_le32(resp + 4);
	/* The header is echoed; a malformed one comes back as a command
	 * with the reserved bits clear, so the token still matches. */
	want = key_of(hdr);
	require(rhdr == want);
	if (status != SCMI_VIO_SUCCESS)
		require(ret == 8);
	/* Remember commands (any answer): the platform may queue a delayed
	 * response before it answers BUSY for another reason. */
	if (!scmi_vio_hdr_reserved_set(hdr) &&
	    (hdr >> SCMI_VIO_HDR_TYPE_SHIFT & SCMI_VIO_HDR_TYPE_MASK) ==
		    SCMI_VIO_MSG_COMMAND &&
	    n_sent < MAX_SENT)
		sent_hdr[n_sent++] = hdr;
out:
	free(resp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scmi_vio_platform_config cfg;
	struct scmi_vio_platform *plat;
	uint64_t commands = 0;
	size_t pos = 1;

	if (size < 1)
		return 0;
	scmi_vio_platform_config_default(&cfg);
	/* Mostly the default; sometimes without P2A channels. */
	cfg.p2a = !(data[0] & 1);
	if (scmi_vio_platform_create(&cfg, &plat))
		__builtin_trap(); /* the default configuration is valid */
	n_sent = 0;
	while (pos + 2 <= size) {
		unsigned int ctl = data[pos], len = data[pos + 1];
		uint8_t hb[3] = { 0, 0, 0 }, *req;
		unsigned int drain_cls = 0;
		size_t cap = caps[ctl & 7];

		pos += 2;
		if (ctl & 8) {
			if (pos + 3 > size)
				break;
			memcpy(hb, data + pos, 3);
			pos += 3;
		}
		if (ctl & 0x30) {
			if (pos + 1 > size)
				break;
			drain_cls = data[pos++] % 8 + 1;
		}
		if (len > size - pos)
			len = (unsigned int)(size - pos);
		/* Exactly @len bytes: a read past the request is caught. */
		req = malloc(len ? len : 1);
		require(req);
		memcpy(req, data + pos, len);
		pos += len;
		if ((ctl & 8) && len >= 4) {
			struct scmi_vio_hdr h = {
				.id = hb[1],
				.type = SCMI_VIO_MSG_COMMAND,
				.protocol = protos[hb[0] % 8],
				.token = (uint16_t)(hb[2] | (ctl >> 6) << 8),
			};

			sv_put_le32(req, scmi_vio_hdr_pack(&h));
		}
		one(plat, req, len, cap, &commands);
		free(req);
		check_stats(plat, commands);
		if (drain_cls)
			drain(plat, caps[drain_cls - 1]);
	}
	drain(plat, 4096);
	check_stats(plat, commands);
	scmi_vio_platform_destroy(plat);
	return 0;
}
