// SPDX-License-Identifier: BSD-3-Clause
/*
 * vendor_protocol: a protocol of your own (id 0x80 and up), served by the
 * platform and called by the agent.  Copy it to add a vendor protocol.
 *
 * The protocol, "counters" (0x80, version 1.0), keeps a few 32-bit
 * counters:
 *   0x1 PROTOCOL_ATTRIBUTES  -> number of counters
 *   0x3 COUNTER_ADD          (id, delta) -> the new value
 *   0x4 COUNTER_GET          (id) -> the value
 * The platform side is a handler table registered before serving; the
 * core answers PROTOCOL_VERSION and PROTOCOL_MESSAGE_ATTRIBUTES for it and
 * Base lists it.  The agent side is a small client over
 * scmi_vio_agent_do_cmd().  Exit status 0 when the round trips are right.
 *
 *   vendor_protocol
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <scmi_vio/scmi_vio.h>

#define PROTO_COUNTERS 0x80
#define COUNTER_ADD 0x3
#define COUNTER_GET 0x4
#define N_COUNTERS 4u

/* Little-endian words, as every SCMI parameter and return value. */
static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* ---- platform side: handlers run under the platform's lock ---- */

static int32_t attributes(struct scmi_vio_platform *plat,
			  struct scmi_vio_plat_msg *m, void *arg)
{
	/* Parameters come from the agent: check their length first. */
	if (m->params_len != 0)
		return SCMI_VIO_PROTOCOL_ERROR;
	put_le32(m->ret, N_COUNTERS);
	m->ret_len = 4;
	return SCMI_VIO_SUCCESS;
}

static int32_t counter_add(struct scmi_vio_platform *plat,
			   struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t *counters = arg, id;

	if (m->params_len != 8)
		return SCMI_VIO_PROTOCOL_ERROR;
	id = get_le32(m->params);
	if (id >= N_COUNTERS)
		return SCMI_VIO_NOT_FOUND;
	counters[id] += get_le32(m->params + 4);
	put_le32(m->ret, counters[id]);
	m->ret_len = 4;
	return SCMI_VIO_SUCCESS;
}

static int32_t counter_get(struct scmi_vio_platform *plat,
			   struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t *counters = arg, id;

	if (m->params_len != 4)
		return SCMI_VIO_PROTOCOL_ERROR;
	id = get_le32(m->params);
	if (id >= N_COUNTERS)
		return SCMI_VIO_NOT_FOUND;
	put_le32(m->ret, counters[id]);
	m->ret_len = 4;
	return SCMI_VIO_SUCCESS;
}

static int register_counters(struct scmi_vio_platform *plat, uint32_t *counters)
{
	static const struct scmi_vio_plat_msg_desc msgs[] = {
		{ .id = SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, .fn = attributes },
		{ .id = COUNTER_ADD, .fn = counter_add },
		{ .id = COUNTER_GET, .fn = counter_get },
	};
	const struct scmi_vio_plat_protocol_desc desc = {
		.id = PROTO_COUNTERS,
		.version = 0x10000, /* 1.0 */
		.msgs = msgs,
		.n_msgs = sizeof(msgs) / sizeof(msgs[0]),
		.arg = counters,
	};

	return scmi_vio_platform_register(plat, &desc);
}

/* ---- agent side: a client for the protocol ---- */

/* One command with @n parameter words and a one-word answer. */
static int counters_cmd(struct scmi_vio_agent *a, uint8_t msg,
			const uint32_t *w, unsigned int n, uint32_t *out)
{
	uint8_t tx[8], rx[4];
	struct scmi_vio_cmd cmd = {
		.protocol = PROTO_COUNTERS,
		.msg_id = msg,
		.tx = tx,
		.tx_len = 4 * n,
		.rx = rx,
		.rx_cap = sizeof(rx),
	};
	unsigned int i;
	int r;

	for (i = 0; i < n; i++)
		put_le32(tx + 4 * i, w[i]);
	r = scmi_vio_agent_do_cmd(a, &cmd);
	if (r)
		return r; /* a non-SUCCESS status arrives as its errno */
	/* The reply is the platform's: check its length too. */
	if (cmd.rx_len != 4)
		return -EPROTO;
	*out = get_le32(rx);
	return 0;
}

static int counter_add_call(struct scmi_vio_agent *a, uint32_t id,
			    uint32_t delta, uint32_t *value)
{
	const uint32_t w[2] = { id, delta };

	return counters_cmd(a, COUNTER_ADD, w, 2, value);
}

int main(int argc, char **argv)
{
	struct scmi_vio_virtio_scmi_config vc = {
		.irq_mode = SCMI_VIO_IRQ_EVENTFD,
	};
	uint32_t counters[N_COUNTERS] = { 0 }, v = 0, n = 0;
	const uint32_t two = 2, nine = 9;
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_agent *a = NULL;
	struct scmi_vio_loopback *lb;
	uint16_t major, minor;
	uint8_t ids[32];
	size_t n_ids, i;
	bool listed = false;
	int r, bad = 0;

	if (argc > 1) {
		fprintf(stderr,
			"vendor_protocol: unexpected '%s'\n"
			"usage: vendor_protocol\n",
			argv[1]);
		return 2;
	}
	if (scmi_vio_loopback_create(NULL, &lb))
		return 1;
	/* Register before the device serves: probe starts it. */
	r = register_counters(scmi_vio_loopback_platform(lb), counters);
	if (!r)
		r = scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb), &vc,
					       &vs);
	if (!r)
		r = scmi_vio_virtio_scmi_agent_create(vs, NULL, &a);
	if (r) {
		fprintf(stderr, "vendor_protocol: setup: %s\n", strerror(-r));
		bad = 1;
		goto out;
	}

	/* Discovery sees the protocol like any other. */
	r = scmi_vio_base_list_protocols(a, ids, sizeof(ids), &n_ids);
	for (i = 0; !r && i < n_ids; i++)
		listed |= ids[i] == PROTO_COUNTERS;
	r = scmi_vio_protocol_version(a, PROTO_COUNTERS, &major, &minor);
	printf("protocol 0x%02x listed: %s, version %u.%u\n", PROTO_COUNTERS,
	       listed ? "yes" : "no", r ? 0 : major, r ? 0 : minor);
	bad |= !listed || r || major != 1;

	r = counters_cmd(a, SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES, NULL, 0, &n);
	printf("counters: %" PRIu32 "\n", n);
	bad |= r || n != N_COUNTERS;

	/* Add 5 then 7 to counter 2, and read it back. */
	bad |= counter_add_call(a, 2, 5, &v) != 0;
	bad |= counter_add_call(a, 2, 7, &v) != 0;
	printf("counter 2 after adding 5 and 7: %" PRIu32 "\n", v);
	bad |= v != 12;
	bad |= counters_cmd(a, COUNTER_GET, &two, 1, &v) != 0 || v != 12;

	/* A counter that does not exist: NOT_FOUND, i.e. -ENOENT. */
	r = counters_cmd(a, COUNTER_GET, &nine, 1, &v);
	printf("counter 9: %s\n", strerror(-r));
	bad |= r != -ENOENT;
out:
	scmi_vio_agent_destroy(a);
	if (vs)
		scmi_vio_virtio_scmi_remove(vs);
	scmi_vio_loopback_destroy(lb);
	printf("%s\n", bad ? "FAILED" : "passed");
	return bad ? 1 : 0;
}
