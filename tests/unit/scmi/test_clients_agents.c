// SPDX-License-Identifier: BSD-3-Clause
/*
 * The Base permission clients (SET_DEVICE_PERMISSIONS,
 * SET_PROTOCOL_PERMISSIONS, RESET_AGENT_CONFIGURATION) and DISCOVER_AGENT
 * against a scripted platform: the words each sends, the statuses mapped,
 * and S-12 malformed replies (each must fail with -EPROTO).
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_fixture.h"
#include "common/byteorder.h"
#include "fake_transport.h"
#include <scmi_vio/scmi_base.h>

enum mode {
	M_OK = 0,
	M_PAYLOAD, /* a status-only reply carrying a word (S-12) */
	M_OTHER_ID, /* DISCOVER_AGENT answers about another agent (S-12) */
	M_SELF_ID, /* DISCOVER_AGENT answers with the "me" value (S-12) */
	M_DENIED, /* the platform refuses: DENIED */
	M_NOT_FOUND,
};

static struct ft *ft;
static enum mode mode;
static uint32_t last[4]; /* the words of the last request */
static size_t last_n;
static uint8_t last_id;

static void platform(struct ft *f, struct ft_msg *m, void *arg)
{
	uint8_t p[64];
	size_t n = 0, i;
	uint32_t id;

	last_id = ft_msg_id(m);
	last_n = ft_nparams(m);
	for (i = 0; i < 4; i++)
		last[i] = i < last_n ? ft_param(m, (unsigned int)i) : 0;
	if (ft_proto(m) != SCMI_VIO_PROTO_BASE || mode == M_DENIED ||
	    mode == M_NOT_FOUND) {
		ft_reply(f, m,
			 mode == M_DENIED ? SCMI_VIO_DENIED :
					    SCMI_VIO_NOT_FOUND,
			 NULL, 0);
		return;
	}
	if (last_id == SCMI_VIO_BASE_DISCOVER_AGENT) {
		id = ft_param(m, 0);
		if (id == SCMI_VIO_BASE_AGENT_SELF)
			id = mode == M_SELF_ID ? SCMI_VIO_BASE_AGENT_SELF : 2;
		else if (mode == M_OTHER_ID)
			id++;
		sv_put_le32(p, id);
		memset(p + 4, 0, 16);
		memcpy(p + 4, "other", 5);
		n = 20;
	} else if (mode == M_PAYLOAD) {
		sv_put_le32(p, 0);
		n = 4;
	}
	ft_reply(f, m, SCMI_VIO_SUCCESS, p, n);
}

static void setup(void)
{
	mode = M_OK;
	ft = ft_open(8, 128, NULL, platform, NULL);
}

static void teardown(void)
{
	ft_destroy(ft);
}

static void sent(uint8_t id, size_t n, uint32_t a, uint32_t b, uint32_t c,
		 uint32_t d)
{
	ck_assert_uint_eq(last_id, id);
	ck_assert_uint_eq(last_n, n);
	ck_assert_uint_eq(last[0], a);
	ck_assert_uint_eq(last[1], b);
	ck_assert_uint_eq(last[2], c);
	ck_assert_uint_eq(last[3], d);
}

START_TEST(test_words_sent)
{
	struct scmi_vio_agent *a = ft->agent;

	ck_assert_int_eq(scmi_vio_base_set_device_permissions(a, 2, 9, true),
			 0);
	sent(0x9, 3, 2, 9, 1, 0);
	ck_assert_int_eq(scmi_vio_base_set_device_permissions(a, 2, 9, false),
			 0);
	sent(0x9, 3, 2, 9, 0, 0);
	ck_assert_int_eq(
		scmi_vio_base_set_protocol_permissions(a, 3, 7, 0x14, true), 0);
	sent(0xa, 4, 3, 7, 0x14, 1);
	ck_assert_int_eq(scmi_vio_base_reset_agent_config(a, 2, true), 0);
	sent(0xb, 2, 2, 1, 0, 0);
	ck_assert_int_eq(scmi_vio_base_reset_agent_config(a, 2, false), 0);
	sent(0xb, 2, 2, 0, 0, 0);
}
END_TEST

/* The three permission and reset commands for agent 2 all fail with
 * @err; @allow is the protocol permission asked for. */
static void agent2_refused(int err, bool allow)
{
	struct scmi_vio_agent *a = ft->agent;

	ck_assert_int_eq(scmi_vio_base_set_device_permissions(a, 2, 9, true),
			 err);
	ck_assert_int_eq(scmi_vio_base_set_protocol_permissions(a, 2, 9, 0x14,
								allow),
			 err);
	ck_assert_int_eq(scmi_vio_base_reset_agent_config(a, 2, true), err);
}

START_TEST(test_statuses)
{
	struct scmi_vio_agent *a = ft->agent;

	mode = M_DENIED;
	agent2_refused(-EACCES, true);
	mode = M_NOT_FOUND;
	ck_assert_int_eq(scmi_vio_base_set_device_permissions(a, 9, 9, true),
			 -ENOENT);
	ck_assert_int_eq(scmi_vio_base_reset_agent_config(a, 9, false),
			 -ENOENT);
}
END_TEST

/* S-12: a status-only reply that carries a payload is malformed. */
START_TEST(test_s12_payload_on_status_only)
{
	mode = M_PAYLOAD;
	agent2_refused(-EPROTO, false);
}
END_TEST

/* S-12: DISCOVER_AGENT must answer about the agent asked for. */
START_TEST(test_s12_discover_agent_id)
{
	struct scmi_vio_agent *a = ft->agent;
	char name[16];
	uint32_t id;

	ck_assert_int_eq(scmi_vio_base_discover_agent(a, 2, &id, name), 0);
	ck_assert_uint_eq(id, 2);
	ck_assert_str_eq(name, "other");
	ck_assert_int_eq(scmi_vio_base_discover_agent(
				 a, SCMI_VIO_BASE_AGENT_SELF, &id, name),
			 0);
	ck_assert_uint_eq(id, 2);
	mode = M_OTHER_ID;
	ck_assert_int_eq(scmi_vio_base_discover_agent(a, 2, &id, name),
			 -EPROTO);
	mode = M_SELF_ID;
	ck_assert_int_eq(scmi_vio_base_discover_agent(
				 a, SCMI_VIO_BASE_AGENT_SELF, &id, name),
			 -EPROTO);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_words_sent, test_statuses,
				       test_s12_payload_on_status_only,
				       test_s12_discover_agent_id, NULL };

	return check_main_fixture("scmi_clients_agents", "base_permissions", 0,
				  setup, teardown, tests);
}
