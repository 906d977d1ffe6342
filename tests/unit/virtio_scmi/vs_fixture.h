/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An agent over the virtio-scmi transport over the loopback platform, for
 * the transport's tests; plus helpers that use the transport's test hooks
 * (vs_test_hooks.h) to check message accounting and to drive the paths
 * directly.  Everything shared with other threads is on the heap.
 */
#ifndef SCMI_VIO_TEST_VS_FIXTURE_H
#define SCMI_VIO_TEST_VS_FIXTURE_H

#include <check.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/loopback.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/xproc.h>

#include "common/byteorder.h"
#include "common/refcount.h"
#include "virtio_scmi/vs_test_hooks.h"

#ifndef SCMI_VIO_TEST_SCALE
#define SCMI_VIO_TEST_SCALE 1
#endif

struct vsf {
	struct scmi_vio_loopback *lb;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
};

static inline struct vsf *vsf_up(const struct scmi_vio_loopback_config *lc,
				 const struct scmi_vio_virtio_scmi_config *vc,
				 unsigned int reply_timeout_ms)
{
	struct scmi_vio_agent_config ac;
	struct vsf *f = calloc(1, sizeof(*f));

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(scmi_vio_loopback_create(lc, &f->lb), 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(
				 scmi_vio_loopback_vdev(f->lb), vc, &f->vs),
			 0);
	memset(&ac, 0, sizeof(ac));
	ac.reply_timeout_ms = reply_timeout_ms;
	ac.dresp_timeout_ms = reply_timeout_ms;
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(f->vs, &ac, &f->a),
			 0);
	return f;
}

/*
 * Up with the default loopback in mode @i (0..3): a device thread, or
 * inline, or spinning; interrupts inline or through an eventfd.
 */
static inline struct vsf *vsf_up_mode(int i)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };

	lc.inline_device = i == 2;
	lc.spin_device = i == 3;
	vc.irq_mode = i == 1 || i == 3 ? SCMI_VIO_IRQ_EVENTFD :
					 SCMI_VIO_IRQ_INLINE;
	return vsf_up(&lc, &vc, 10000);
}

static inline void vsf_down(struct vsf *f)
{
	scmi_vio_agent_destroy(f->a);
	scmi_vio_virtio_scmi_remove(f->vs);
	scmi_vio_loopback_destroy(f->lb);
	free(f);
}

/* Wait (bounded only to catch a hang) until @cond holds. */
#define VSF_WAIT(cond)                                            \
	do {                                                      \
		unsigned long vsf_n_ = 0;                         \
		while (!(cond)) {                                 \
			ck_assert_msg(++vsf_n_ < 20000000ul,      \
				      "hang waiting for " #cond); \
			sched_yield();                            \
		}                                                 \
	} while (0)

/* Where every cmdq message is (invariant 7). */
#define vsf_acct scmi_vio__vs_account
#define vsf_account scmi_vio__vs_account

static inline bool vsf_pool_full(struct scmi_vio_virtio_scmi *vs)
{
	struct vsf_acct ac;

	vsf_account(vs, &ac);
	return ac.free == ac.max;
}

/*
 * At quiescence with no faults: every message is back in the pool.  A
 * command returns as soon as its reply is delivered; the completion path
 * finalizes the buffer just after, so wait for that (a leak still fails:
 * the wait is bounded).
 */
static inline void vsf_all_free(struct scmi_vio_virtio_scmi *vs)
{
	struct vsf_acct ac;

	VSF_WAIT(vsf_pool_full(vs));
	vsf_account(vs, &ac);
	ck_assert_uint_eq(ac.device, 0);
	ck_assert_uint_eq(ac.pending, 0);
	ck_assert_uint_eq(ac.free, ac.max);
	ck_assert_uint_eq(sv_read_once(&scmi_vio__ref_saturations), 0);
}

/* A Base PROTOCOL_VERSION command with @token, as the wire has it. */
static inline void vsf_cmd(uint8_t *pdu, unsigned int token)
{
	struct scmi_vio_hdr h = {
		.id = 0, .type = 0, .protocol = 0x10, .token = (uint16_t)token
	};

	sv_put_le32(pdu, scmi_vio_hdr_pack(&h));
}

#endif /* SCMI_VIO_TEST_VS_FIXTURE_H */
