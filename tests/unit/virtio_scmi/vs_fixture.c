// SPDX-License-Identifier: BSD-3-Clause
/*
 * The transport fixture: an agent over the transport over the loopback
 * (declared and documented in vs_fixture.h).
 */
#include "vs_fixture.h"

/* The fixture over @lb or @xp (the other NULL): probe, then the agent. */
static struct vsf *attach(struct scmi_vio_loopback *lb,
			  struct scmi_vio_xproc *xp,
			  const struct scmi_vio_virtio_scmi_config *vc,
			  unsigned int reply_timeout_ms)
{
	struct scmi_vio_agent_config ac;
	struct vsf *f = calloc(1, sizeof(*f));

	ck_assert_ptr_nonnull(f);
	f->lb = lb;
	f->xp = xp;
	ck_assert_int_eq(
		scmi_vio_virtio_scmi_probe(lb ? scmi_vio_loopback_vdev(lb) :
						scmi_vio_xproc_vdev(xp),
					   vc, &f->vs),
		0);
	memset(&ac, 0, sizeof(ac));
	ac.reply_timeout_ms = reply_timeout_ms;
	ac.dresp_timeout_ms = reply_timeout_ms;
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(f->vs, &ac, &f->a),
			 0);
	return f;
}

struct vsf *vsf_up(const struct scmi_vio_loopback_config *lc,
		   const struct scmi_vio_virtio_scmi_config *vc,
		   unsigned int reply_timeout_ms)
{
	struct scmi_vio_loopback *lb;

	ck_assert_int_eq(scmi_vio_loopback_create(lc, &lb), 0);
	return attach(lb, NULL, vc, reply_timeout_ms);
}

struct vsf *vsf_up_xproc(const struct scmi_vio_xproc_config *xc,
			 unsigned int reply_timeout_ms)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_xproc *xp;

	vc.irq_mode = SCMI_VIO_IRQ_EVENTFD;
	ck_assert_int_eq(scmi_vio_xproc_create(xc, &xp), 0);
	return attach(NULL, xp, &vc, reply_timeout_ms);
}

struct vsf *vsf_up_mode(int i)
{
	struct scmi_vio_loopback_config lc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = { 0 };

	lc.inline_device = i == 2;
	lc.spin_device = i == 3;
	vc.irq_mode = i == 1 || i == 3 ? SCMI_VIO_IRQ_EVENTFD :
					 SCMI_VIO_IRQ_INLINE;
	return vsf_up(&lc, &vc, 10000);
}

struct vsf *vsf_up_rules(const struct scmi_vio_fault_rule *rules,
			 unsigned int n,
			 const struct scmi_vio_loopback_config *lc,
			 const struct scmi_vio_virtio_scmi_config *vc,
			 unsigned int reply_timeout_ms)
{
	struct scmi_vio_loopback_config l = { 0 };
	struct scmi_vio_fault_plan plan = { 0 };

	if (lc)
		l = *lc;
	plan.rules = rules;
	plan.n_rules = n;
	l.faults = &plan;
	return vsf_up(&l, vc, reply_timeout_ms);
}

void vsf_down(struct vsf *f)
{
	scmi_vio_agent_destroy(f->a);
	scmi_vio_virtio_scmi_remove(f->vs);
	if (f->xp) {
		/* The server the remove stopped exited cleanly. */
		ck_assert_int_eq(scmi_vio_xproc_last_status(f->xp), 0);
		scmi_vio_xproc_destroy(f->xp);
	} else {
		scmi_vio_loopback_destroy(f->lb);
	}
	free(f);
}

int vsf_version(struct vsf *f)
{
	uint16_t major, minor;

	return scmi_vio_protocol_version(f->a, SCMI_VIO_PROTO_BASE, &major,
					 &minor);
}

bool vsf_pool_full(struct scmi_vio_virtio_scmi *vs)
{
	struct vsf_acct ac;

	vsf_account(vs, &ac);
	return ac.free == ac.max;
}

struct scmi_vio_virtio_scmi_stats vsf_stats(struct scmi_vio_virtio_scmi *vs)
{
	struct scmi_vio_virtio_scmi_stats st;

	scmi_vio_virtio_scmi_get_stats(vs, &st);
	return st;
}

void vsf_device_holds(struct scmi_vio_virtio_scmi *vs, unsigned int n)
{
	struct vsf_acct ac;

	vsf_account(vs, &ac);
	ck_assert_uint_eq(ac.device, n);
	ck_assert_uint_eq(ac.free, ac.max - n);
}

void vsf_all_free(struct scmi_vio_virtio_scmi *vs)
{
	struct vsf_acct ac;

	VSF_WAIT(vsf_pool_full(vs));
	vsf_account(vs, &ac);
	ck_assert_uint_eq(ac.device, 0);
	ck_assert_uint_eq(ac.pending, 0);
	ck_assert_uint_eq(ac.free, ac.max);
	ck_assert_uint_eq(sv_read_once(&scmi_vio__ref_saturations), 0);
}

void vsf_cmd(uint8_t *pdu, unsigned int token)
{
	struct scmi_vio_hdr h = {
		.id = 0, .type = 0, .protocol = 0x10, .token = (uint16_t)token
	};

	sv_put_le32(pdu, scmi_vio_hdr_pack(&h));
}
