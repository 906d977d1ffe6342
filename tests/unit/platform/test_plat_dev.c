// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform as a virtio-scmi device: round trips through real rings in
 * "guest memory" at a guest-physical address, the hostile-driver cases
 * V-18, V-19, V-21, V-22, the eventq (delayed responses wait for a buffer,
 * notifications coalesce), P2A off, out-of-order completion, and the
 * loopback thread woken by doorbells.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>

#include "check_run.h"
#include "common/atomics.h"
#include "held_race.h"
#include "dev_fixture.h"
#include "plat_fixture.h"

START_TEST(test_dev_round_trip)
{
	struct tdev t;
	static const uint8_t exp[] = { W(H(P_BASE, 0x0, 5)), W(0),
				       W(0x00020001) };

	td_setup(&t, NULL);
	td_post_words(&t, 0, H(P_BASE, 0x0, 5), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	td_expect_reply(&t, 0, exp, sizeof(exp));
	/* Only the bytes written are touched. */
	ck_assert_uint_eq(td_resp(&t, 0)[sizeof(exp)], 0xee);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	td_no_used(&t);
	td_teardown(&t);
}
END_TEST

/*
 * The cmdq's interrupt: decided and rung after a reply when the queue has
 * a doorbell; without one (a polling driver) nothing is decided or counted.
 */
START_TEST(test_dev_irq_only_with_doorbell)
{
	struct scmi_vio_platform_dev_config extra = { 0 };
	struct scmi_vio_platform_dev_stats st;
	struct scmi_vio_doorbell *irq = NULL;
	struct tdev t;
	uint32_t len;

	td_setup(&t, NULL);
	td_post_words(&t, 0, H(P_BASE, 0x0, 5), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	ck_assert_uint_eq(td_reap(&t, &len), 0);
	scmi_vio_platform_dev_get_stats(t.dev, &st);
	ck_assert_uint_eq(st.irqs, 0);
	td_teardown(&t);

	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&irq), 0);
	extra.cmdq_irq = irq;
	td_setup(&t, &extra);
	td_post_words(&t, 0, H(P_BASE, 0x0, 6), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	ck_assert_uint_eq(td_reap(&t, &len), 0);
	scmi_vio_platform_dev_get_stats(t.dev, &st);
	ck_assert_uint_eq(st.irqs, 1);
	ck_assert_int_eq(scmi_vio_doorbell_wait(irq, 0), 1);
	td_teardown(&t);
	scmi_vio_doorbell_destroy(irq);
}
END_TEST

/* V-19: no writable part, < 8 writable bytes, < 4 readable bytes. */
START_TEST(test_dev_v19_short_chains)
{
	struct tdev t;
	struct scmi_vio_platform_dev_stats st;
	static const uint8_t exp[] = { W(H(P_BASE, 0x5, 9)), W(0),
				       W(0x00010000) };
	uint32_t len;

	td_setup(&t, NULL);
	td_post(&t, 0, td_put_words(&t, 0, H(P_BASE, 0x0, 1), 0, NULL), 0);
	td_post(&t, 1, td_put_words(&t, 1, H(P_BASE, 0x0, 2), 0, NULL), 7);
	td_post(&t, 2, 3, 136);
	td_post_words(&t, 3, H(P_BASE, 0x5, 9), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 4);
	ck_assert_uint_eq(td_reap(&t, &len), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_uint_eq(td_reap(&t, &len), 1);
	ck_assert_uint_eq(len, 0);
	ck_assert_uint_eq(td_resp(&t, 1)[0], 0xee);
	ck_assert_uint_eq(td_reap(&t, &len), 2);
	ck_assert_uint_eq(len, 0);
	/* The queue goes on. */
	td_expect_reply(&t, 3, exp, sizeof(exp));
	scmi_vio_platform_dev_get_stats(t.dev, &st);
	ck_assert_uint_eq(st.short_chains, 3);
	ck_assert_uint_eq(st.replies, 1);
	td_teardown(&t);
}
END_TEST

/* A response buffer of exactly 8 bytes gets an error reply that fits. */
START_TEST(test_dev_v19_status_only_room)
{
	struct tdev t;
	static const uint8_t exp[] = { W(H(P_BASE, 0x3, 4)), W(S_COMMS) };

	td_setup(&t, NULL);
	td_post(&t, 0, td_put_words(&t, 0, H(P_BASE, 0x3, 4), 0, NULL), 8);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	td_expect_reply(&t, 0, exp, 8);
	td_teardown(&t);
}
END_TEST

/*
 * V-18: a handler that rewrites the request in guest memory while it runs
 * (a driver racing the device) still sees, and answers, what was sent.
 */
static uint8_t *v18_guest_req;

static int32_t v18_handler(struct scmi_vio_platform *plat,
			   struct scmi_vio_plat_msg *m, void *arg)
{
	memset(v18_guest_req, 0x77, 12);
	memcpy(m->ret, m->params, m->params_len);
	m->ret_len = m->params_len;
	return 0;
}

static int32_t v18_attrs(struct scmi_vio_platform *plat,
			 struct scmi_vio_plat_msg *m, void *arg)
{
	return 0;
}

START_TEST(test_dev_v18_private_copy)
{
	struct tdev t;
	const struct scmi_vio_plat_msg_desc msgs[] = {
		{ 0x1, 0, 0, v18_attrs },
		{ 0x3, 0, 0, v18_handler },
	};
	const struct scmi_vio_plat_protocol_desc d = {
		.id = 0x90, .version = 0x10000, .msgs = msgs, .n_msgs = 2
	};
	static const uint8_t exp[] = { W(H(0x90, 0x3, 1)), W(0), W(0x11111111),
				       W(0x22222222) };
	const uint32_t w[] = { 0x11111111, 0x22222222 };

	td_setup(&t, NULL);
	ck_assert_int_eq(scmi_vio_platform_register(t.plat, &d), 0);
	v18_guest_req = td_req(&t, 0);
	td_post_words(&t, 0, H(0x90, 0x3, 1), 2, w);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	td_expect_reply(&t, 0, exp, sizeof(exp));
	ck_assert_uint_eq(td_req(&t, 0)[0], 0x77);
	td_teardown(&t);
}
END_TEST

/* V-21: a flood is served @budget chains per round, in order. */
START_TEST(test_dev_v21_budget)
{
	struct scmi_vio_platform_dev_config extra = { .budget = 3 };
	struct scmi_vio_platform_dev_stats st;
	struct tdev t;
	unsigned int i;
	uint32_t len;

	td_setup(&t, &extra);
	/* 8 two-descriptor chains fill the 16-entry ring. */
	for (i = 0; i < 8; i++)
		td_post_words(&t, i, H(P_BASE, 0x0, i), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 3);
	for (i = 0; i < 3; i++)
		ck_assert_uint_eq(td_reap(&t, &len), i);
	td_no_used(&t);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 3);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 2);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	for (i = 3; i < 8; i++) {
		ck_assert_uint_eq(td_reap(&t, &len), i);
		ck_assert_uint_eq(len, 12);
	}
	scmi_vio_platform_dev_get_stats(t.dev, &st);
	ck_assert_uint_eq(st.budget_exhausted, 2);
	ck_assert_uint_eq(st.rounds, 4);
	td_teardown(&t);
}
END_TEST

/* Raw ring writes for the malformed cases the driver role cannot make. */
static void raw_desc(struct tdev *t, unsigned int i, uint64_t addr,
		     uint32_t len, uint16_t flags, uint16_t next)
{
	struct scmi_vio_vring_desc *d = &t->cmd_ring.desc[i];

	d->addr = addr;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

static void raw_avail(struct tdev *t, uint16_t head)
{
	struct scmi_vio_vring_avail *a = t->cmd_ring.avail;
	uint16_t idx = a->idx;

	a->ring[idx % TD_NUM] = head;
	/* Entries before idx (pairs with the device's acquire of idx). */
	sv_store_release(&a->idx, (uint16_t)(idx + 1));
}

/* V-22: a malformed chain is consumed once, never re-parsed. */
START_TEST(test_dev_v22_malformed_once)
{
	struct scmi_vio_platform_dev_stats st;
	struct scmi_vio_vring_used *u;
	static const uint8_t exp[] = { W(H(P_BASE, 0x0, 3)), W(0),
				       W(0x00020001) };
	struct tdev t;

	td_guest(&t, TD_FEATURES, true);
	td_device(&t, TD_FEATURES, NULL);
	u = t.cmd_ring.used;
	/* Head 0: NEXT to a descriptor beyond the table (V-3). */
	raw_desc(&t, 0, td_gpa(&t, td_req(&t, 0)), 4, 1, 99);
	raw_avail(&t, 0);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	ck_assert_uint_eq(u->idx, 1);
	ck_assert_uint_eq(u->ring[0].id, 0);
	ck_assert_uint_eq(u->ring[0].len, 0);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	ck_assert_uint_eq(u->idx, 1);
	/* Head 1: a loop through itself (V-4). */
	raw_desc(&t, 1, td_gpa(&t, td_req(&t, 0)), 4, 1, 1);
	raw_avail(&t, 1);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	ck_assert_uint_eq(u->idx, 2);
	/* A good chain afterwards is served. */
	td_put_words(&t, 2, H(P_BASE, 0x0, 3), 0, NULL);
	raw_desc(&t, 2, td_gpa(&t, td_req(&t, 2)), 4, 1, 3);
	raw_desc(&t, 3, td_gpa(&t, td_resp(&t, 2)), 136, 2, 0);
	raw_avail(&t, 2);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	ck_assert_uint_eq(u->idx, 3);
	ck_assert_uint_eq(u->ring[2].id, 2);
	ck_assert_uint_eq(u->ring[2].len, 12);
	ck_assert_mem_eq(td_resp(&t, 2), exp, sizeof(exp));
	scmi_vio_platform_dev_get_stats(t.dev, &st);
	ck_assert_uint_eq(st.bad_chains, 2);
	td_teardown(&t);
}
END_TEST

/* NOTIFY_ERRORS on: a malformed chain (V-19) sends BASE_ERROR_EVENT. */
START_TEST(test_dev_error_event)
{
	static const uint8_t exp[] = { W(HT(P_BASE, 0x0, 3, 0)), W(1), W(0) };
	const uint32_t en[] = { 1 };
	struct tdev t;
	uint32_t len;

	td_setup(&t, NULL);
	td_post_words(&t, 0, H(P_BASE, 0x8, 1), 1, en);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	ck_assert_uint_eq(td_reap(&t, &len), 0);
	ck_assert_uint_eq(len, 8);
	td_post(&t, 1, td_put_words(&t, 1, H(P_BASE, 0x0, 2), 0, NULL), 0);
	td_feed_event(&t, 0, 136);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 2);
	ck_assert_uint_eq(td_reap(&t, &len), 1);
	ck_assert_uint_eq(len, 0);
	td_expect_event(&t, exp, sizeof(exp));
	td_teardown(&t);
}
END_TEST

/* EVENT_IDX and INDIRECT_DESC: 12 chains in a 16-entry ring, one each. */
START_TEST(test_dev_event_idx_indirect)
{
	const uint64_t f = TD_FEATURES | 1ull << SCMI_VIO_F_EVENT_IDX |
			   1ull << SCMI_VIO_F_INDIRECT_DESC;
	struct scmi_vio_vq_config vc;
	struct tdev t;
	unsigned int i;
	uint32_t len;

	td_guest(&t, f, true);
	memset(&vc, 0, sizeof(vc));
	vc.ring = t.cmd_ring;
	vc.features = f;
	vc.indirect_mem = t.mem + 0x90000;
	vc.indirect_addr = td_gpa(&t, t.mem + 0x90000);
	vc.indirect_bytes = 16 * 4 * 16;
	vc.indirect_max = 4;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &t.cmdq), 0);
	memset(&vc, 0, sizeof(vc));
	vc.ring = t.ev_ring;
	vc.features = f;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &t.evq), 0);
	td_device(&t, f, NULL);
	for (i = 0; i < 12; i++)
		td_post_words(&t, i, H(P_BASE, 0x0, i), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 12);
	for (i = 0; i < 12; i++) {
		ck_assert_uint_eq(td_reap(&t, &len), i);
		ck_assert_uint_eq(len, 12);
		ck_assert_uint_eq(td_resp(&t, i)[2], (uint8_t)(i << 2));
	}
	td_teardown(&t);
}
END_TEST

/* A broken ring (avail.idx jumps, V-1) makes service fail with -EIO. */
START_TEST(test_dev_broken_ring)
{
	struct tdev t;

	td_guest(&t, TD_FEATURES, true);
	td_device(&t, TD_FEATURES, NULL);
	/* V-1: idx past the ring (release pairs with the device's acquire). */
	sv_store_release(&t.cmd_ring.avail->idx, (uint16_t)(TD_NUM + 5));
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), -EIO);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), -EIO);
	td_teardown(&t);
}
END_TEST

/* A delayed response waits for an eventq buffer; it is never dropped. */
START_TEST(test_dev_delayed_waits_for_buffer)
{
	struct tdev t;
	static const uint8_t exp[] = { W(HT(P_CLOCK, 0x5, 2, 0x21)), W(0), W(3),
				       W(0x2faf0800), W(0) };
	const uint32_t w[] = { 1, 3, 0x2faf0800, 0 };
	uint32_t len;
	unsigned int i;

	td_setup(&t, NULL);
	td_post_words(&t, 0, H(P_CLOCK, 0x5, 0x21), 4, w);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	ck_assert_uint_eq(td_reap(&t, &len), 0);
	ck_assert_uint_eq(len, 8);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 0);
	td_no_event(&t);
	ck_assert_uint_eq(scmi_vio_platform_events_pending(t.plat), 1);
	/* A buffer too small for it is handed back unused; it waits on. */
	td_feed_event(&t, 0, 8);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	td_reap_event(&t, &len);
	ck_assert_uint_eq(len, 0);
	td_feed_event(&t, 1, 136);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	td_expect_event(&t, exp, sizeof(exp));
	ck_assert_uint_eq(scmi_vio_platform_events_pending(t.plat), 0);
	td_teardown(&t);
}
END_TEST

/* Notifications without buffers coalesce per source; then they flow. */
START_TEST(test_dev_notifications_coalesce)
{
	struct scmi_vio_platform_stats st;
	struct tdev t;
	static const uint8_t exp[] = { W(HT(P_PERF, 0x1, 3, 0)), W(1), W(1),
				       W(2000) };
	const uint32_t en[] = { 1, 1 }, l1[] = { 1, 1500 }, l2[] = { 1, 2000 };

	td_setup(&t, NULL);
	td_post_words(&t, 0, H(P_PERF, 0xa, 1), 2, en);
	td_post_words(&t, 1, H(P_PERF, 0x7, 2), 2, l1);
	td_post_words(&t, 2, H(P_PERF, 0x7, 3), 2, l2);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 3);
	td_feed_event(&t, 0, 136);
	td_feed_event(&t, 1, 136);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	td_expect_event(&t, exp, sizeof(exp));
	td_no_event(&t);
	scmi_vio_platform_get_stats(t.plat, &st);
	ck_assert_uint_eq(st.notif_coalesced, 1);
	ck_assert_uint_eq(st.notif_sent, 1);
	td_teardown(&t);
}
END_TEST

/* Without P2A: no eventq, async and notify requests NOT_SUPPORTED. */
START_TEST(test_dev_no_p2a)
{
	struct tdev t;
	const uint64_t f = 1ull << SCMI_VIO_F_VERSION_1;
	static const uint8_t exp[] = { W(H(P_CLOCK, 0x5, 2)),
				       W(S_NOT_SUPPORTED) };
	const uint32_t w[] = { 1, 3, 0x2faf0800, 0 };

	td_guest(&t, f, false);
	td_device(&t, f, NULL);
	td_post_words(&t, 0, H(P_CLOCK, 0x5, 2), 4, w);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 1);
	td_expect_reply(&t, 0, exp, 8);
	td_teardown(&t);
}
END_TEST

START_TEST(test_dev_create_rejects)
{
	struct scmi_vio_platform_dev_config dc;
	struct scmi_vio_platform_dev *dev = NULL;
	struct scmi_vio_fault_rule bad_rule = { .kind = SCMI_VIO_FAULT_NR };
	struct scmi_vio_fault_plan plan = { .rules = &bad_rule, .n_rules = 1 };
	struct tdev t;

	td_guest(&t, TD_FEATURES, true);
	td_device(&t, TD_FEATURES, NULL);
	memset(&dc, 0, sizeof(dc));
	td_dev_config(&t, TD_FEATURES, &dc);
	/* VERSION_1 required; SHARED_MEMORY and RING_PACKED not offered. */
	dc.features = 1ull << SCMI_VIO_F_P2A_CHANNELS;
	ck_assert_int_eq(scmi_vio_platform_dev_create(&dc, &dev), -EINVAL);
	dc.features = TD_FEATURES | 1ull << SCMI_VIO_F_SHARED_MEMORY;
	ck_assert_int_eq(scmi_vio_platform_dev_create(&dc, &dev), -EINVAL);
	dc.features = TD_FEATURES | 1ull << SCMI_VIO_F_RING_PACKED;
	ck_assert_int_eq(scmi_vio_platform_dev_create(&dc, &dev), -EINVAL);
	dc.features = TD_FEATURES;
	dc.faults = &plan;
	ck_assert_int_eq(scmi_vio_platform_dev_create(&dc, &dev), -EINVAL);
	dc.faults = NULL;
	dc.cmdq.desc_gpa = TD_GPA + TD_MEM;
	ck_assert_int_ne(scmi_vio_platform_dev_create(&dc, &dev), 0);
	ck_assert_ptr_null(dev);
	td_teardown(&t);
}
END_TEST

/* Out-of-order option: a round's replies come back in reverse. */
START_TEST(test_dev_out_of_order)
{
	struct scmi_vio_platform_dev_config extra = { .out_of_order = true };
	struct tdev t;
	unsigned int i;
	uint32_t len;

	td_setup(&t, &extra);
	for (i = 0; i < 3; i++)
		td_post_words(&t, i, H(P_BASE, 0x0, i), 0, NULL);
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), 3);
	for (i = 3; i-- > 0;) {
		ck_assert_uint_eq(td_reap(&t, &len), i);
		ck_assert_uint_eq(len, 12);
		ck_assert_uint_eq(td_resp(&t, i)[2], (uint8_t)(i << 2));
	}
	td_teardown(&t);
}
END_TEST

/* Loopback: the device thread, woken by a kick, interrupts the driver. */
START_TEST(test_dev_thread_loopback)
{
	struct scmi_vio_doorbell *kick = NULL, *irq = NULL;
	struct scmi_vio_platform_dev_config extra = { 0 };
	const unsigned int rounds = 2000 / SCMI_VIO_TEST_SCALE;
	struct tdev t;
	unsigned int i, got, slot;
	uint32_t len;
	void *tok;

	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&kick), 0);
	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&irq), 0);
	extra.cmdq_irq = irq;
	td_setup(&t, &extra);
	ck_assert_int_eq(scmi_vio_platform_dev_start(t.dev, kick), 0);
	ck_assert_int_eq(scmi_vio_platform_dev_start(t.dev, kick), -EBUSY);
	for (i = 0; i < rounds; i++) {
		slot = i % 4;
		td_post(&t, slot,
			td_put_words(&t, slot, H(P_BASE, 0x0, i & 0x3ff), 0,
				     NULL),
			136);
		ck_assert_int_eq(scmi_vio_doorbell_ring(kick), 0);
		got = 0;
		while (!got) {
			/* 10 s: only detects a lost wake-up. */
			/* 10 s: only detects a lost wake-up. */
			ck_assert_int_eq(
				scmi_vio_doorbell_wait(irq, 10000000000LL), 1);
			got = scmi_vio_vq_get_used(t.cmdq, &tok, &len);
		}
		ck_assert_uint_eq((uintptr_t)tok, slot + 1);
		ck_assert_uint_eq(len, 12);
		ck_assert_uint_eq(td_resp(&t, slot)[8], 0x01);
		ck_assert_uint_eq(td_resp(&t, slot)[10], 0x02);
	}
	scmi_vio_platform_dev_stop(t.dev);
	scmi_vio_platform_dev_stop(t.dev);
	td_teardown(&t);
	scmi_vio_doorbell_destroy(kick);
	scmi_vio_doorbell_destroy(irq);
}
END_TEST

/* Thread mode: a delayed response waits for a buffer fed (and kicked) late. */
START_TEST(test_dev_thread_late_event_buffer)
{
	struct scmi_vio_doorbell *kick = NULL, *cirq = NULL, *eirq = NULL;
	struct scmi_vio_platform_dev_config extra = { 0 };
	static const uint8_t dresp[] = { W(HT(P_CLOCK, 0x5, 2, 0x33)), W(0),
					 W(3), W(0x2faf0800), W(0) };
	const uint32_t w[] = { 1, 3, 0x2faf0800, 0 };
	struct scmi_vio_vq_config vc;
	struct tdev t;
	void *tok;
	uint32_t len;
	uint8_t *ev;

	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&kick), 0);
	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&cirq), 0);
	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&eirq), 0);
	td_guest(&t, TD_FEATURES, true);
	memset(&vc, 0, sizeof(vc));
	vc.features = TD_FEATURES;
	vc.kick = kick;
	vc.ring = t.cmd_ring;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &t.cmdq), 0);
	vc.ring = t.ev_ring;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &t.evq), 0);
	extra.cmdq_irq = cirq;
	extra.eventq_irq = eirq;
	td_device(&t, TD_FEATURES, &extra);
	ck_assert_int_eq(scmi_vio_platform_dev_start(t.dev, kick), 0);
	td_post_words(&t, 0, H(P_CLOCK, 0x5, 0x33), 4, w);
	len = td_kick_until_used(t.cmdq, cirq, 10000000000LL, &tok);
	ck_assert_uint_eq(len, 8);
	/* Only now a buffer: the device must notice it. */
	td_feed_event(&t, 0, 136);
	len = td_kick_until_used(t.evq, eirq, 10000000000LL, &tok);
	ev = t.mem + TD_EV_OFF;
	ck_assert_ptr_eq(tok, (void *)(uintptr_t)1);
	ck_assert_uint_eq(len, sizeof(dresp));
	ck_assert_mem_eq(ev, dresp, sizeof(dresp));
	scmi_vio_platform_dev_stop(t.dev);
	td_teardown(&t);
	scmi_vio_doorbell_destroy(kick);
	scmi_vio_doorbell_destroy(cirq);
	scmi_vio_doorbell_destroy(eirq);
}
END_TEST

/*
 * Per-queue kicks (vhost-user gives each queue its own): the eventq's kick
 * alone wakes the thread for a late eventq buffer.  That kick is a pipe's
 * read end, which this side cannot ring, so stop() must wake the thread
 * through a doorbell of the device's own.
 */
START_TEST(test_dev_thread_per_queue_kicks)
{
	struct scmi_vio_doorbell *kick = NULL, *ekick_drv = NULL,
				 *ekick_dev = NULL, *cirq = NULL, *eirq = NULL,
				 *thr = NULL;
	struct scmi_vio_platform_dev_config extra = { 0 };
	const uint32_t w[] = { 1, 3, 0x2faf0800, 0 };
	struct scmi_vio_platform_dev *bad;
	struct scmi_vio_platform_config pc;
	struct scmi_vio_vq_config vc;
	struct tdev t;
	void *tok;
	uint32_t len;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(-1, &kick), 0);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(p[1], &ekick_drv), 0);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(p[0], &ekick_dev), 0);
	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&cirq), 0);
	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&eirq), 0);
	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&thr), 0);
	td_guest(&t, TD_FEATURES, true);
	memset(&vc, 0, sizeof(vc));
	vc.features = TD_FEATURES;
	vc.kick = kick;
	vc.ring = t.cmd_ring;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &t.cmdq), 0);
	vc.kick = ekick_drv;
	vc.ring = t.ev_ring;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &t.evq), 0);
	extra.cmdq_irq = cirq;
	extra.eventq_irq = eirq;
	extra.eventq_kick = ekick_dev;
	td_device(&t, TD_FEATURES, &extra);
	/* With per-queue kicks the cmdq's must be an fd too. */
	ck_assert_int_eq(scmi_vio_platform_dev_start(t.dev, thr), -EINVAL);
	ck_assert_int_eq(scmi_vio_platform_dev_start(t.dev, kick), 0);
	td_post_words(&t, 0, H(P_CLOCK, 0x5, 0x33), 4, w);
	len = td_kick_until_used(t.cmdq, cirq, 10000000000LL, &tok);
	ck_assert_uint_eq(len, 8);
	/* A buffer, kicked on the eventq's own doorbell only. */
	td_feed_event(&t, 0, 136);
	len = td_kick_until_used(t.evq, eirq, 2000000000LL, &tok);
	ck_assert_uint_eq(len, 20);
	scmi_vio_platform_dev_stop(t.dev);
	ck_assert_int_eq(scmi_vio_platform_dev_error(t.dev), 0);
	td_teardown(&t);
	/* Refused at create: not an fd doorbell; no eventq (no P2A). */
	td_guest(&t, TD_FEATURES, true);
	scmi_vio_platform_config_default(&pc);
	ck_assert_int_eq(scmi_vio_platform_create(&pc, &t.plat), 0);
	extra.eventq_kick = thr;
	extra.plat = t.plat;
	extra.gmem = t.gm;
	extra.features = TD_FEATURES;
	extra.cmdq = td_queue(&t, &t.cmd_ring);
	extra.eventq = td_queue(&t, &t.ev_ring);
	ck_assert_int_eq(scmi_vio_platform_dev_create(&extra, &bad), -EINVAL);
	extra.eventq_kick = ekick_dev;
	extra.features = 1ull << SCMI_VIO_F_VERSION_1;
	ck_assert_int_eq(scmi_vio_platform_dev_create(&extra, &bad), -EINVAL);
	td_teardown(&t);
	scmi_vio_doorbell_destroy(kick);
	scmi_vio_doorbell_destroy(ekick_drv);
	scmi_vio_doorbell_destroy(ekick_dev);
	scmi_vio_doorbell_destroy(cirq);
	scmi_vio_doorbell_destroy(eirq);
	scmi_vio_doorbell_destroy(thr);
	close(p[0]);
	close(p[1]);
}
END_TEST

/*
 * L-10: inline doorbells both ways.  The kick runs service() on the
 * driver's thread; service() rings the interrupt only after dropping its
 * lock, and the interrupt handler sends the next command and kicks again,
 * re-entering service() from inside it: no self-deadlock.
 */
struct inline_loop {
	struct tdev t;
	unsigned int sent, done, limit;
};

static void inline_kick(void *arg)
{
	struct inline_loop *l = arg;

	ck_assert_int_ge(scmi_vio_platform_dev_service(l->t.dev), 0);
}

static void inline_send(struct inline_loop *l)
{
	td_post(&l->t, 0,
		td_put_words(&l->t, 0, H(P_BASE, 0x0, l->sent), 0, NULL), 136);
	l->sent++;
	ck_assert_int_eq(scmi_vio_vq_kick(l->t.cmdq), 0);
}

static void inline_irq(void *arg)
{
	struct inline_loop *l = arg;
	uint32_t len;

	while (scmi_vio_vq_get_used(l->t.cmdq, &(void *){ NULL }, &len) == 1) {
		ck_assert_uint_eq(len, 12);
		l->done++;
		if (l->sent < l->limit)
			inline_send(l);
	}
}

START_TEST(test_dev_inline_loopback)
{
	static struct inline_loop l = { .limit = 50 };
	struct scmi_vio_doorbell *kick = NULL, *irq = NULL;
	struct scmi_vio_platform_dev_config extra = { 0 };
	struct scmi_vio_vq_config vc;

	ck_assert_int_eq(
		scmi_vio_doorbell_inline_create(inline_kick, &l, &kick), 0);
	ck_assert_int_eq(scmi_vio_doorbell_inline_create(inline_irq, &l, &irq),
			 0);
	td_guest(&l.t, TD_FEATURES, true);
	memset(&vc, 0, sizeof(vc));
	vc.ring = l.t.cmd_ring;
	vc.features = TD_FEATURES;
	vc.kick = kick;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &l.t.cmdq), 0);
	extra.cmdq_irq = irq;
	td_device(&l.t, TD_FEATURES, &extra);
	inline_send(&l);
	ck_assert_uint_eq(l.sent, 50);
	ck_assert_uint_eq(l.done, 50);
	td_teardown(&l.t);
	scmi_vio_doorbell_destroy(kick);
	scmi_vio_doorbell_destroy(irq);
}
END_TEST

/* ---- fatal errors and stop (L-14) ------------------- */

/* 10 s: only detects a hang. */
#define HANG_NS 10000000000LL

struct told {
	struct scmi_vio_doorbell *db; /* rung by the callback */
	int err; /* ATOMIC */
	unsigned int calls; /* ATOMIC */
};

static void on_error(void *arg, int err)
{
	struct told *t = arg;

	sv_write_once(&t->err, err);
	sv_fetch_add(&t->calls, 1);
	ck_assert_int_eq(scmi_vio_doorbell_ring(t->db), 0);
}

static void told_init(struct told *t,
		      struct scmi_vio_platform_dev_config *extra)
{
	memset(t, 0, sizeof(*t));
	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&t->db), 0);
	extra->on_error = on_error;
	extra->on_error_arg = t;
}

/* Threads of this process (Check runs each test in a fresh child). */
static unsigned int n_threads(void)
{
	struct dirent *e;
	unsigned int n = 0;
	DIR *d = opendir("/proc/self/task");

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void *no_op(void *arg)
{
	return arg;
}

/*
 * The threads before the device starts.  A sanitizer runtime starts a
 * helper thread of its own at the first pthread_create() (TSan's
 * background thread): create and join one first so it is counted here.
 */
static unsigned int thread_baseline(void)
{
	pthread_t t;

	ck_assert_int_eq(pthread_create(&t, NULL, no_op, NULL), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	return n_threads();
}

/* The device thread ended on its own: bounded wait, generous limit. */
static void expect_thread_gone(unsigned int before)
{
	struct timespec ms = { 0, 1000000 };
	int i;

	for (i = 0; i < 10000 && n_threads() != before; i++)
		nanosleep(&ms, NULL);
	ck_assert_uint_eq(n_threads(), before);
}

/*
 * a guest breaks the cmdq under the device thread.  The embedder is
 * told (callback, latched error, counter) and the thread ends instead of
 * parking silently.
 */
START_TEST(test_dev_x6_broken_ring_reported)
{
	struct scmi_vio_platform_dev_config extra = { 0 };
	struct scmi_vio_platform_dev_stats st;
	struct scmi_vio_doorbell *kick = NULL;
	unsigned int before;
	struct told told;
	struct tdev t;

	told_init(&told, &extra);
	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&kick), 0);
	td_guest(&t, TD_FEATURES, true);
	td_device(&t, TD_FEATURES, &extra);
	ck_assert_int_eq(scmi_vio_platform_dev_error(t.dev), 0);
	before = thread_baseline();
	ck_assert_int_eq(scmi_vio_platform_dev_start(t.dev, kick), 0);
	/* V-1: idx past the ring (release pairs with the device's acquire). */
	sv_store_release(&t.cmd_ring.avail->idx, (uint16_t)(TD_NUM + 5));
	ck_assert_int_eq(scmi_vio_doorbell_ring(kick), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(told.db, HANG_NS), 1);
	ck_assert_int_eq(sv_read_once(&told.err), -EIO);
	ck_assert_int_eq(scmi_vio_platform_dev_error(t.dev), -EIO);
	expect_thread_gone(before);
	/* Told once; later rounds only count. */
	ck_assert_int_eq(scmi_vio_platform_dev_service(t.dev), -EIO);
	ck_assert_uint_eq(sv_load_acquire(&told.calls), 1);
	scmi_vio_platform_dev_get_stats(t.dev, &st);
	ck_assert_uint_ge(st.broken, 2);
	scmi_vio_platform_dev_stop(t.dev);
	td_teardown(&t);
	scmi_vio_doorbell_destroy(kick);
	scmi_vio_doorbell_destroy(told.db);
}
END_TEST

/*
 * the kick fd fails at run time (every writer gone: end of file).
 * The thread stops and reports it; before, it went round again at once,
 * for ever.
 */
START_TEST(test_dev_x2_kick_fd_fails)
{
	struct scmi_vio_platform_dev_config extra = { 0 };
	struct scmi_vio_doorbell *kick = NULL;
	unsigned int before;
	struct told told;
	struct tdev t;
	int p[2];

	told_init(&told, &extra);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(scmi_vio_doorbell_pipe_create(p[0], &kick), 0);
	td_setup(&t, &extra);
	before = thread_baseline();
	ck_assert_int_eq(scmi_vio_platform_dev_start(t.dev, kick), 0);
	ck_assert_int_eq(close(p[1]), 0);
	ck_assert_int_eq(scmi_vio_doorbell_wait(told.db, HANG_NS), 1);
	ck_assert_int_eq(sv_read_once(&told.err), -EPIPE);
	ck_assert_int_eq(scmi_vio_platform_dev_error(t.dev), -EPIPE);
	expect_thread_gone(before);
	scmi_vio_platform_dev_stop(t.dev);
	td_teardown(&t);
	scmi_vio_doorbell_destroy(kick);
	close(p[0]);
	scmi_vio_doorbell_destroy(told.db);
}
END_TEST

/*
 * the interrupt fd is a socket whose reader (the driver) is gone.
 * The reply is still pushed; the ring fails with an error, counted and
 * reported, and the process does not die of SIGPIPE.
 */
START_TEST(test_dev_x3_irq_reader_gone)
{
	struct scmi_vio_platform_dev_config extra = { 0 };
	struct scmi_vio_platform_dev_stats st;
	struct td_sock_irq sock;
	struct told told;
	struct tdev t;
	uint32_t len;

	told_init(&told, &extra);
	td_sock_irq_open(&sock);
	extra.cmdq_irq = sock.irq;
	td_setup(&t, &extra);
	td_sock_irq_reader_gone(&sock);
	td_post_words(&t, 0, H(P_BASE, 0x0, 1), 0, NULL);
	td_expect_peer_gone(&t);
	ck_assert_uint_eq(sv_load_acquire(&told.calls), 1);
	ck_assert_uint_eq(td_reap(&t, &len), 0);
	ck_assert_uint_eq(len, 12);
	scmi_vio_platform_dev_get_stats(t.dev, &st);
	ck_assert_uint_eq(st.irq_errors, 1);
	ck_assert_uint_eq(st.replies, 1);
	td_teardown(&t);
	td_sock_irq_close(&sock);
	scmi_vio_doorbell_destroy(told.db);
}
END_TEST

/* An interrupt handler that holds the device thread until let go. */
static void gate_irq(void *arg)
{
	held_gate_enter(arg);
}

static void dev_stop(void *dev)
{
	scmi_vio_platform_dev_stop(dev);
}

/*
 * L-14: two threads stop the device at once while its thread is busy.
 * Neither may return before the thread is joined; before, the second
 * joiner failed at once (and returned) while the first still waited.
 */
START_TEST(test_dev_l14_concurrent_stop)
{
	struct scmi_vio_platform_dev_config extra = { 0 };
	struct scmi_vio_doorbell *kick = NULL, *irq = NULL;
	struct held_gate g = HELD_GATE_INIT;
	struct tdev t;

	ck_assert_int_eq(scmi_vio_doorbell_thread_create(&kick), 0);
	ck_assert_int_eq(scmi_vio_doorbell_inline_create(gate_irq, &g, &irq),
			 0);
	extra.cmdq_irq = irq;
	td_setup(&t, &extra);
	ck_assert_int_eq(scmi_vio_platform_dev_start(t.dev, kick), 0);
	td_post_words(&t, 0, H(P_BASE, 0x0, 1), 0, NULL);
	ck_assert_int_eq(scmi_vio_doorbell_ring(kick), 0);
	held_gate_wait_entered(&g);
	held_race_two(&g, dev_stop, t.dev);
	scmi_vio_platform_dev_stop(t.dev);
	td_teardown(&t);
	scmi_vio_doorbell_destroy(kick);
	scmi_vio_doorbell_destroy(irq);
}
END_TEST

static const struct plat_case tests[] = {
	TEST_CASE(test_dev_round_trip),
	TEST_CASE(test_dev_irq_only_with_doorbell),
	TEST_CASE(test_dev_v19_short_chains),
	TEST_CASE(test_dev_v19_status_only_room),
	TEST_CASE(test_dev_v18_private_copy),
	TEST_CASE(test_dev_v21_budget),
	TEST_CASE(test_dev_v22_malformed_once),
	TEST_CASE(test_dev_broken_ring),
	TEST_CASE(test_dev_error_event),
	TEST_CASE(test_dev_event_idx_indirect),
	TEST_CASE(test_dev_delayed_waits_for_buffer),
	TEST_CASE(test_dev_notifications_coalesce),
	TEST_CASE(test_dev_no_p2a),
	TEST_CASE(test_dev_create_rejects),
	TEST_CASE(test_dev_out_of_order),
	TEST_CASE(test_dev_thread_loopback),
	TEST_CASE(test_dev_inline_loopback),
	TEST_CASE(test_dev_thread_late_event_buffer),
	TEST_CASE(test_dev_thread_per_queue_kicks),
	TEST_CASE(test_dev_x6_broken_ring_reported),
	TEST_CASE(test_dev_x2_kick_fd_fails),
	TEST_CASE(test_dev_x3_irq_reader_gone),
	TEST_CASE(test_dev_l14_concurrent_stop),
};

int main(void)
{
	return plat_check_run("platform_dev", "dev", 60, tests,
			      ARRAY_SIZE(tests));
}
