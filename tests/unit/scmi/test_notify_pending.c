// SPDX-License-Identifier: BSD-3-Clause
/*
 * Subscriptions made before their protocol registers (the pending list):
 * several protocols' subscriptions interleaved, one that its protocol
 * cannot bind (an event it does not have: stays pending, never called),
 * an unsubscribe from the middle of the list, an unsubscribe while the
 * registration is binding that very subscription (it waits for the bind,
 * then undoes it), and an agent destroyed with subscriptions still
 * pending (freed with it).
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "check_fixture.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "notify_fixture.h"
#include <scmi_vio/scmi_notify.h>

#define PB 0x91
#define PC 0x92

static unsigned int calls[4]; /* ATOMIC: callbacks per subscription */

static void cb(const struct scmi_vio_notify_report *r, void *arg)
{
	(void)r;
	sv_fetch_add(&calls[(uintptr_t)arg], 1);
}

static const struct scmi_vio_notify_event_desc evs[] = { { 0, 4 } };

static int reg(uint8_t proto)
{
	const struct scmi_vio_notify_proto_desc d = nf_desc(proto, evs, 1);

	return scmi_vio_notify_register_protocol(ft->agent, &d);
}

static struct scmi_vio_notify_sub *sub(uint8_t proto, uint8_t evt, uint32_t src,
				       uintptr_t i)
{
	struct scmi_vio_notify_sub *s = NULL;

	ck_assert_int_eq(scmi_vio_notify_subscribe(ft->agent, proto, evt, src,
						   cb, (void *)i, &s),
			 0);
	return s;
}

static void notify(uint8_t proto, uint32_t src)
{
	uint8_t p[4];

	sv_put_le32(p, src);
	ft_notify(ft, proto, 0, p, sizeof(p));
}

static void setup(void)
{
	memset(calls, 0, sizeof(calls));
	nf_setup();
	nf_src_in_payload = true;
}

static void wait_calls(unsigned int i, unsigned int n)
{
	ft_wait_count(&calls[i], n, 2000);
}

START_TEST(test_pending_across_protocols)
{
	struct scmi_vio_notify_sub *b0, *c0, *b7, *c1, *gone;

	b0 = sub(PB, 0, 0, 0);
	gone = sub(PC, 0, 0, 3);
	b7 = sub(PB, 7, 0, 1); /* PB has no event 7 */
	c0 = sub(PC, 0, 1, 2);
	c1 = sub(PC, 0, SCMI_VIO_NOTIFY_ALL_SRC, 3);
	/* Not the head of the pending list. */
	scmi_vio_notify_unsubscribe(ft->agent, gone);
	ck_assert_int_eq(reg(PB), 0);
	ck_assert_uint_eq(sv_read_once(&nf_enables), 1); /* b0 only */
	notify(PB, 0);
	wait_calls(0, 1);
	/* PC's subscriptions were passed over, b7 stayed pending. */
	notify(PC, 1);
	ck_assert_int_eq(reg(PC), 0);
	ck_assert_uint_eq(sv_read_once(&nf_enables),
			  3); /* c0; c1 for 0 and 1 */
	notify(PC, 1);
	wait_calls(2, 1);
	wait_calls(3, 1);
	ck_assert_uint_eq(sv_read_once(&calls[1]), 0);
	scmi_vio_notify_unsubscribe(ft->agent, c0);
	scmi_vio_notify_unsubscribe(ft->agent, b0);
	/* c1 and b7 are left for the destroy to free. */
	(void)b7;
	(void)c1;
}
END_TEST

/* An agent destroyed with only pending subscriptions frees them. */
START_TEST(test_destroy_with_pending)
{
	sub(PB, 0, 0, 0);
	sub(PC, 0, 1, 1);
	sub(PB, 0, 1, 2);
	ck_assert_uint_eq(sv_read_once(&nf_enables), 0);
}
END_TEST

static void *register_pb(void *arg)
{
	(void)arg;
	ck_assert_int_eq(reg(PB), 0);
	return NULL;
}

/* An unsubscribe that comes while registration binds the subscription
 * waits for the bind, then disables what it enabled. */
START_TEST(test_unsubscribe_while_binding)
{
	struct scmi_vio_notify_sub *s = sub(PB, 0, 1, 0);
	pthread_t t;

	nf_enable_ms = 200;
	ck_assert_int_eq(pthread_create(&t, NULL, register_pb, NULL), 0);
	while (!sv_load_acquire(&nf_in_enable))
		ft_sleep_ms(1);
	scmi_vio_notify_unsubscribe(ft->agent, s);
	ck_assert_uint_eq(sv_read_once(&nf_enables), 1);
	ck_assert_uint_eq(sv_read_once(&nf_disables), 1);
	pthread_join(t, NULL);
	notify(PB, 1);
	ft_sleep_ms(20);
	ck_assert_uint_eq(sv_read_once(&calls[0]), 0);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = { test_pending_across_protocols,
				       test_destroy_with_pending,
				       test_unsubscribe_while_binding, NULL };

	return check_main_fixture("scmi_notify_pending", "pending", 0, setup,
				  nf_teardown, tests);
}
