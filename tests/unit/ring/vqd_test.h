/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers shared by the device-role tests: a queue on a vring_fixture, and
 * the checks every hostile-input case ends with.
 */
#ifndef SCMI_VIO_TESTS_VQD_TEST_H
#define SCMI_VIO_TESTS_VQD_TEST_H

#include <check.h>

#include "vring_fixture.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))
#define NX SCMI_VIO_VRING_DESC_F_NEXT
#define WR SCMI_VIO_VRING_DESC_F_WRITE
#define IND SCMI_VIO_VRING_DESC_F_INDIRECT

/* Queue sizes the loop tests run over: the extremes and two in between. */
#define N_SIZES 4
extern const unsigned int vqd_sizes[N_SIZES];

struct ctx {
	struct vring_fixture f;
	struct scmi_vio_vqd *vqd;
	struct scmi_vio_chain ch;
	struct iovec *iov;
	unsigned int max_iov;
};

/* A queue of @num with @features; max_in_flight 0 = num; @max_iov iovecs;
 * @extra regions added to the guest memory map. */
void ctx_init_ex(struct ctx *c, unsigned int num, uint64_t features,
		 unsigned int max_in_flight, unsigned int max_iov,
		 const struct scmi_vio_gmem_region *extra,
		 unsigned int n_extra);
/* The same with max_in_flight = num, 16 iovecs, no extra regions. */
void ctx_init(struct ctx *c, unsigned int num, uint64_t features);
void ctx_fini(struct ctx *c);

int pop(struct ctx *c);

/*
 * V-22: the only chain available is malformed.  pop() returns @err, names
 * @head, completes it at once with used length 0, leaves the queue working
 * and has nothing more to pop (it was consumed once).
 */
void expect_chain_error(struct ctx *c, uint16_t head, int err);
/*
 * The driver offers @head, a chain of one descriptor (@addr, @len,
 * @flags), and pop() takes it.
 */
void pop_lone(struct ctx *c, uint16_t head, uint64_t addr, uint32_t len,
	      uint16_t flags);
/* A well-formed chain at head 0 still pops and pushes. */
void expect_still_works(struct ctx *c);

/*
 * A descriptor a test writes as the driver: entry @i of the ring's own
 * descriptor table (@table VQD_RING) or of the indirect table at guest
 * address @table; @table 0 (no test puts a table there) is no descriptor.
 */
#define VQD_RING UINT64_MAX
struct vqd_desc {
	uint64_t table;
	uint16_t i;
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

/*
 * A chain the driver offers: the descriptors @d written in order, then
 * @head made available.  pop() refuses it with @err (V-22:
 * expect_chain_error()), or for @err 0 takes it and it is pushed back with
 * length 0.
 */
#define VQD_OFFER_DESCS 4
struct vqd_offer {
	uint16_t head;
	int err;
	struct vqd_desc d[VQD_OFFER_DESCS];
};

/*
 * One queue of @num entries with @features and @max_iov iovecs, offered
 * the chains @offer in turn (up to the first with no descriptor), then
 * expect_still_works() if @still_works.
 */
#define VQD_CASE_OFFERS 5
struct vqd_case {
	unsigned int num;
	uint64_t features;
	unsigned int max_iov;
	bool still_works;
	struct vqd_offer offer[VQD_CASE_OFFERS];
};

void vqd_run_case(const struct vqd_case *k);

/* A copy of the used ring (everything the device may write). */
void *used_snapshot(const struct ctx *c);
/*
 * The driver makes @head available (expect_broken_on_add()) or publishes
 * avail.idx @idx (expect_broken_on_publish()); the next pop() latches
 * broken, then every call fails and the device's part of the ring is as
 * it was before.
 */
void expect_broken_on_add(struct ctx *c, uint16_t head);
void expect_broken_on_publish(struct ctx *c, uint16_t idx);

#endif /* SCMI_VIO_TESTS_VQD_TEST_H */
