/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform served over vhost-user (vhost_user_serve.h), driven as a
 * VMM and its guest would: the test front-end (vhu_frontend.h) sets up
 * memory (a sealed memfd) and both queues with their own kick and call
 * eventfds, and the library's driver-side virtqueues send real SCMI
 * commands through the rings.  Shared by the serving tests.
 */
#ifndef SCMI_VIO_TEST_VHU_SERVE_FIXTURE_H
#define SCMI_VIO_TEST_VHU_SERVE_FIXTURE_H

#include <check.h>
#include <stdint.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/scmi_wire.h>
#include <scmi_vio/shm.h>
#include <scmi_vio/vhost_user.h>
#include <scmi_vio/vhost_user_serve.h>
#include <scmi_vio/virtqueue.h>
#include <scmi_vio/vring.h>

#include "check_run.h"
#include "vhu_frontend.h"

#define GPA 0x80000000ull
#define UVA 0x7f3400000000ull
#define MEM (1u << 20)
#define NUM 64u
#define RING_OFF(q) (0x10000u * ((q) + 1))
#define BUF_OFF 0x40000u /* per slot: request, response at +0x100 */
#define EV_OFF 0x80000u
#define F30 (1ull << SCMI_VIO_VHOST_USER_F_PROTOCOL_FEATURES)
#define FEAT                                                              \
	(1ull << SCMI_VIO_F_VERSION_1 | 1ull << SCMI_VIO_F_P2A_CHANNELS | \
	 1ull << SCMI_VIO_F_EVENT_IDX)
#define HDR(proto, id, type, tok)                                           \
	((uint32_t)(id) | (uint32_t)(type) << 8 | (uint32_t)(proto) << 10 | \
	 (uint32_t)(tok) << 18)

struct guest {
	struct scmi_vio_vhost_user_serve *srv;
	struct vhu_fe fe;
	struct scmi_vio_shm *shm;
	uint8_t *mem;
	int kick[2], call[2];
	struct scmi_vio_doorbell *kdb[2], *cdb[2];
	struct scmi_vio_vq *vq[2];
	struct scmi_vio_vring ring[2];
};

extern struct guest g;

/* Check fixtures: a server with a session running both queues. */
void vs_setup(void);
void vs_teardown(void);
/* A suite @name whose case "serve" runs each of @tests (ending in a NULL
 * test; CHECK_ONCE/CHECK_LOOP of check_run.h) in the fixture, 30 s each. */
Suite *vs_suite(const char *name, const struct check_loop *tests);
/* Run vs_suite(@name, @tests) plus a case @bare_case holding @bare, a test
 * that makes its own server, with @timeout_s; the exit status of main(). */
int vs_run_with(const char *name, const struct check_loop *tests,
		const char *bare_case, const TTest *bare, int timeout_s);

/* Send one message and have the server handle it: its result. */
int msg(uint32_t req, const void *p, uint32_t size, const int *fds,
	unsigned int nfds);
void msg_ok(uint32_t req, const void *p, uint32_t size, const int *fds,
	    unsigned int nfds);
void state(uint32_t req, uint32_t index, uint32_t num);
/* The front-end's (user) address of @p in guest memory. */
uint64_t uva(const void *p);
/* Queue @q's ring addresses as SET_VRING_ADDR carries them. */
struct vhu_addr ring_addr(unsigned int q);
/* Queue @q's size, base, addresses and kick (its call is already set). */
void start_queue(unsigned int q, uint16_t base);
/* A front-end's first messages: SET_OWNER, no protocol features,
 * features with bit 30, the memory table. */
void fe_hello(void);
/* A fresh front-end session: what User-Mode Linux sends, in its order. */
void fe_connect(void);
/* The front-end hangs up; the server sees the session end. */
void fe_hangup(void);
/* GET_VRING_BASE of @q: the index the reply reports. */
uint32_t vring_base(unsigned int q);

uint32_t le32(const uint8_t *p);
/* Send @hdr with @n parameter words through the cmdq; the reply's bytes
 * (its length in *@len). */
uint8_t *command(uint32_t hdr, const uint32_t *w, unsigned int n,
		 uint32_t *len);
/* Base PROTOCOL_VERSION answers SUCCESS, version 2.x. */
void expect_base_version(uint32_t tok);
/* The whole service: Base, CLOCK_RATE_GET, an async CLOCK_RATE_SET whose
 * delayed response comes on the eventq, the rate read back. */
void expect_full_service(void);

#endif /* SCMI_VIO_TEST_VHU_SERVE_FIXTURE_H */
