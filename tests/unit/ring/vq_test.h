/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The driver-role tests' fixture: a queue on a ring in plain memory, and a
 * hand-written fake device that reads the available ring and writes used
 * elements directly.  Parametrized tests take a loop index
 * (size index * 4 + feature index) over sizes[] and EVENT_IDX / INDIRECT.
 */
#ifndef SCMI_VIO_TESTS_VQ_TEST_H
#define SCMI_VIO_TESTS_VQ_TEST_H

#include <check.h>
#include <stdint.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/virtqueue.h>

extern const unsigned int sizes[4];
#define N_PARAMS 16
#define EI (1ull << SCMI_VIO_F_EVENT_IDX)
#define IND (1ull << SCMI_VIO_F_INDIRECT_DESC)

struct fx {
	struct scmi_vio_vring ring;
	struct scmi_vio_vq *vq;
	void *ring_mem;
	void *ind_mem;
	uint16_t dev_avail; /* next avail entry the fake device reads */
	uint16_t dev_used; /* the fake device's used.idx */
	uint64_t features;
	void *tok; /* what the last get_used() returned */
	uint32_t len;
};

extern struct fx fx;
/* Indirect tables to provide (0: one per head). */
extern unsigned int fx_tables;

void fx_open(unsigned int num, uint64_t features, unsigned int ind_max,
	     struct scmi_vio_doorbell *kick);
void fx_open_param(int i);
void fx_close(void);
/* The fake device: next available head, or -1. */
int dev_pop(void);
void dev_push(uint32_t id, uint32_t len);
/* docs/architecture.md invariant 1: free + busy descriptors = queue size. */
void check_invariant_1(void);
int add_one(uintptr_t token, unsigned int n_out, unsigned int n_in);
/* scmi_vio_vq_get_used() on the fixture's queue, into fx.tok and fx.len. */
int get_used(void);
/* The queue is broken: every call fails, nothing more will come. */
void expect_broken(void);
/* Detaching still works on a broken queue and returns every token once;
 * then the fixture is closed. */
void expect_detach_all(unsigned int n);
/* expect_broken(), then expect_detach_all() of its @n tokens. */
void expect_broken_then_detach(unsigned int n);

#endif /* SCMI_VIO_TESTS_VQ_TEST_H */
