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
	struct scmi_vio_loopback *lb; /* or: */
	struct scmi_vio_xproc *xp;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
};

struct vsf *vsf_up(const struct scmi_vio_loopback_config *lc,
		   const struct scmi_vio_virtio_scmi_config *vc,
		   unsigned int reply_timeout_ms);

/* vsf_up() against the platform server process @xc starts, with the
 * interrupt thread (eventfd) a VMM's transport would use. */
struct vsf *vsf_up_xproc(const struct scmi_vio_xproc_config *xc,
			 unsigned int reply_timeout_ms);

/*
 * Up with the default loopback in mode @i (0..3): a device thread, or
 * inline, or spinning; interrupts inline or through an eventfd.
 */
struct vsf *vsf_up_mode(int i);

/*
 * vsf_up() with the loopback platform injecting the @n fault @rules (the
 * loopback copies them): @lc, or the default loopback if NULL, otherwise
 * as it is.
 */
struct vsf *vsf_up_rules(const struct scmi_vio_fault_rule *rules,
			 unsigned int n,
			 const struct scmi_vio_loopback_config *lc,
			 const struct scmi_vio_virtio_scmi_config *vc,
			 unsigned int reply_timeout_ms);

/* Tear @f down; a platform server must have exited cleanly. */
void vsf_down(struct vsf *f);

/* Base PROTOCOL_VERSION through @f's agent: the call's return. */
int vsf_version(struct vsf *f);

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

bool vsf_pool_full(struct scmi_vio_virtio_scmi *vs);

/* @vs's counters now. */
struct scmi_vio_virtio_scmi_stats vsf_stats(struct scmi_vio_virtio_scmi *vs);

/* The device holds exactly @n messages and the rest are free. */
void vsf_device_holds(struct scmi_vio_virtio_scmi *vs, unsigned int n);

/*
 * At quiescence with no faults: every message is back in the pool.  A
 * command returns as soon as its reply is delivered; the completion path
 * finalizes the buffer just after, so wait for that (a leak still fails:
 * the wait is bounded).
 */
void vsf_all_free(struct scmi_vio_virtio_scmi *vs);

/* A Base PROTOCOL_VERSION command with @token, as the wire has it. */
void vsf_cmd(uint8_t *pdu, unsigned int token);

#endif /* SCMI_VIO_TEST_VS_FIXTURE_H */
