// SPDX-License-Identifier: BSD-3-Clause
/*
 * Protocol clients against a platform that refuses or answers short: an
 * error status comes back as its errno from every attribute and count
 * call and from an event registration (which then registers nothing); a
 * success with no payload, or a Clock 2.0+ attributes reply without its
 * enable latency, fails with -EPROTO (S-12); a flag the caller may not
 * pass is refused before anything is sent.
 */
#include <errno.h>
#include <string.h>

#include "check_fixture.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "client_fixture.h"
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_power.h>
#include <scmi_vio/scmi_reset.h>
#include <scmi_vio/scmi_voltage.h>

enum refusal {
	R_NOT_FOUND, /* every command but PROTOCOL_VERSION: NOT_FOUND */
	R_EMPTY, /* SUCCESS and nothing after it */
	R_CLOCK_NO_LATENCY, /* CLOCK_ATTRIBUTES of 2.0 without the latency */
};

static enum refusal refusal;

static void platform(struct ft *f, struct ft_msg *m, void *arg)
{
	uint8_t p[32];

	(void)arg;
	if (ft_msg_id(m) == 0x0) { /* PROTOCOL_VERSION */
		sv_put_le32(p, 0x20000);
		ft_reply(f, m, 0, p, 4);
		return;
	}
	switch (refusal) {
	case R_NOT_FOUND:
		ft_reply(f, m, -4, NULL, 0);
		break;
	case R_EMPTY:
		ft_reply(f, m, 0, NULL, 0);
		break;
	case R_CLOCK_NO_LATENCY:
		/* attributes, then char[16]: 20 bytes, no latency word. */
		memset(p, 0, 20);
		sv_put_le32(p, 1);
		memcpy(p + 4, "clk", 3);
		ft_reply(f, m, 0, p, 20);
		break;
	}
}

static void setup(void)
{
	ft = ft_open(8, 128, NULL, platform, NULL);
}

START_TEST(test_error_status_passed_on)
{
	static const struct scmi_vio_notify_event_desc ev = { 0, 12 };
	const struct scmi_vio_notify_proto_desc d = {
		.protocol = SCMI_VIO_PROTO_POWER,
		.events = &ev,
		.n_events = 1,
		.num_sources = 1,
	};
	unsigned int n;

	refusal = R_NOT_FOUND;
	ck_assert_int_eq(scmi_vio_power_count(ft->agent, &n), -ENOENT);
	cl_attributes_fail(-ENOENT);
	ck_assert_int_eq(scmi_vio_power_register_events(ft->agent), -ENOENT);
	ck_assert_int_eq(scmi_vio_reset_register_events(ft->agent), -ENOENT);
	refusal = R_EMPTY; /* a count reply shorter than its 16 bytes */
	ck_assert_int_eq(scmi_vio_power_register_events(ft->agent), -EPROTO);
	/* Neither left the protocol registered. */
	ck_assert_int_eq(scmi_vio_notify_register_protocol(ft->agent, &d), 0);
}
END_TEST

/* S-12: SUCCESS with fewer bytes than the reply's fixed fields. */
START_TEST(test_s12_empty_success)
{
	struct scmi_vio_power_attrs pa;
	struct scmi_vio_voltage_attrs va;
	struct scmi_vio_clock_attrs ca;

	refusal = R_EMPTY;
	ck_assert_int_eq(scmi_vio_power_domain_attributes(ft->agent, 0, &pa),
			 -EPROTO);
	ck_assert_int_eq(scmi_vio_voltage_domain_attributes(ft->agent, 0, &va),
			 -EPROTO);
	refusal = R_CLOCK_NO_LATENCY;
	ck_assert_int_eq(scmi_vio_clock_attributes(ft->agent, 0, &ca), -EPROTO);
}
END_TEST

START_TEST(test_bad_flags_refused_before_sending)
{
	uint64_t rate;

	ck_assert_int_eq(scmi_vio_clock_rate_set_async(ft->agent, 0, 1000,
						       0x80000000u, &rate),
			 -EINVAL);
	ck_assert_uint_eq(sv_read_once(&ft->sends), 0);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_error_status_passed_on,
				       test_s12_empty_success,
				       test_bad_flags_refused_before_sending,
				       NULL };

	return check_main_fixture("scmi_clients_refusals", "refusals", 0, setup,
				  cl_teardown, tests);
}
