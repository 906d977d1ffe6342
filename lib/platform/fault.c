// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fault decisions: scripted rules first (in order; a rule with a firing
 * limit stops matching once spent), then one seeded random draw.  No wall
 * time and no global state, so a plan replays identically.
 */
#include <errno.h>
#include <string.h>

#include <scmi_vio/scmi_wire.h>

#include "common/atomics.h"
#include "common/log.h"
#include "platform/fault.h"

#define ALL_KINDS (((1u << SCMI_VIO_FAULT_NR) - 1) & ~1u)

int scmi_vio__fault_plan_check(const struct scmi_vio_fault_plan *plan)
{
	unsigned int i;

	if (!plan)
		return 0;
	if (plan->n_rules > SCMI_VIO_FAULT_MAX_RULES ||
	    (plan->n_rules && !plan->rules) || plan->rate_ppm > 1000000 ||
	    (plan->kinds & ~ALL_KINDS) || (plan->rate_ppm && !plan->kinds))
		return -EINVAL;
	for (i = 0; i < plan->n_rules; i++)
		if (plan->rules[i].kind <= SCMI_VIO_FAULT_NONE ||
		    plan->rules[i].kind >= SCMI_VIO_FAULT_NR)
			return -EINVAL;
	return 0;
}

int scmi_vio__fault_init(struct plat_fault *f,
			 const struct scmi_vio_fault_plan *plan)
{
	int ret;

	memset(f, 0, sizeof(*f));
	f->rng = 1;
	ret = scmi_vio__fault_plan_check(plan);
	if (ret || !plan)
		return ret;
	if (plan->n_rules)
		memcpy(f->rules, plan->rules,
		       plan->n_rules * sizeof(*plan->rules));
	f->n_rules = plan->n_rules;
	/* xorshift64 must not start at 0; any other seed is fine. */
	f->rng = plan->seed ? plan->seed : 0x9e3779b97f4a7c15ull;
	f->rate_ppm = plan->rate_ppm;
	f->kinds = plan->kinds;
	f->random_arg = plan->random_arg;
	return 0;
}

static uint64_t next_random(struct plat_fault *f)
{
	uint64_t x = f->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	f->rng = x;
	return x;
}

static bool rule_matches(const struct scmi_vio_fault_rule *r, uint32_t hdr,
			 uint64_t seq)
{
	struct scmi_vio_hdr h;

	scmi_vio_hdr_unpack(hdr, &h);
	if (r->match & SCMI_VIO_FAULT_MATCH_PROTO && h.protocol != r->protocol)
		return false;
	if (r->match & SCMI_VIO_FAULT_MATCH_MSG_ID && h.id != r->msg_id)
		return false;
	if (r->match & SCMI_VIO_FAULT_MATCH_SEQ && seq != r->seq)
		return false;
	return true;
}

/* The @n-th set bit of @mask (0-based); @n < popcount(mask). */
static unsigned int nth_bit(uint32_t mask, unsigned int n)
{
	unsigned int b;

	for (b = 0;; b++)
		if (mask & 1u << b && !n--)
			return b;
}

enum scmi_vio_fault_kind scmi_vio__fault_pick(struct plat_fault *f,
					      uint32_t hdr, uint64_t seq,
					      uint32_t *arg)
{
	enum scmi_vio_fault_kind kind = SCMI_VIO_FAULT_NONE;
	unsigned int i;

	for (i = 0; i < f->n_rules; i++) {
		struct scmi_vio_fault_rule *r = &f->rules[i];

		if (r->times && f->fired[i] >= r->times)
			continue;
		if (!rule_matches(r, hdr, seq))
			continue;
		f->fired[i]++;
		kind = r->kind;
		*arg = r->arg;
		break;
	}
	if (kind == SCMI_VIO_FAULT_NONE && f->rate_ppm &&
	    next_random(f) % 1000000 < f->rate_ppm) {
		kind = (enum scmi_vio_fault_kind)nth_bit(
			f->kinds, (unsigned int)(next_random(f) %
						 __builtin_popcount(f->kinds)));
		*arg = f->random_arg;
	}
	if (kind != SCMI_VIO_FAULT_NONE) {
		sv_counter_add(&f->count[kind], 1);
		scmi_vio__log(SCMI_VIO_LOG_DEBUG, "fault",
			      "command %#010x (#%llu): fault kind %d, arg %u",
			      hdr, (unsigned long long)seq, (int)kind, *arg);
	}
	return kind;
}

uint64_t scmi_vio__fault_count(const struct plat_fault *f,
			       enum scmi_vio_fault_kind kind)
{
	if ((unsigned int)kind >= SCMI_VIO_FAULT_NR)
		return 0;
	return sv_read_once(&f->count[kind]);
}
