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
/* A well-formed chain at head 0 still pops and pushes. */
void expect_still_works(struct ctx *c);

/* A copy of the used ring (everything the device may write). */
void *used_snapshot(const struct ctx *c);
/*
 * The next pop() latches broken; then every call fails and the device's
 * part of the ring still equals @snap.
 */
void expect_broken(struct ctx *c, const void *snap);

#endif /* SCMI_VIO_TESTS_VQD_TEST_H */
