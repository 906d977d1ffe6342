/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A vhost-user back-end on one end of a socketpair, the test front-end on
 * the other, a sealed memfd as guest memory, and a fake device that
 * records what the back-end told it.
 */
#ifndef SCMI_VIO_TEST_VHU_FIXTURE_H
#define SCMI_VIO_TEST_VHU_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include <scmi_vio/shm.h>
#include <scmi_vio/vhost_user.h>

#include "check_run.h"
#include "vhu_frontend.h"

#define FX_NQ 2u
#define FX_QSZ 256u
#define FX_MEM (1u << 20)
#define FX_GPA 0x40000000ull /* guest-physical base of the region */
#define FX_UVA 0x7f1200000000ull /* the front-end's address of it */
#define FX_OFFERED ((1ull << 32) | 1ull) /* VERSION_1, P2A_CHANNELS */
#define FX_PROTO_ACK (1ull << VHU_PF_REPLY_ACK)

struct fx {
	struct scmi_vio_vhost_user *vu;
	struct vhu_fe fe;
	struct scmi_vio_shm *shm;
	int fds_before; /* open fds before the fixture made anything */
	/* the fake device */
	int starts[FX_NQ], stops[FX_NQ], updates[FX_NQ], resets;
	struct scmi_vio_vhost_user_vring seen[FX_NQ]; /* last start/update */
	struct scmi_vio_vhost_user_vring at_start[FX_NQ]; /* last start */
	uint16_t stop_idx; /* what queue_stop reports */
	int start_ret; /* what queue_start returns */
};

extern struct fx fx;

/*
 * The main() of a program of these tests: check_main() (same arguments)
 * with each of @tests run on a fresh fixture (the back-end attached, nothing sent yet),
 * and its fds all closed again after.
 */
int fx_main(const char *name, int timeout, const struct check_loop *tests);

/* Send a message and let the back-end handle it; its result. */
int fx_msg(uint32_t req, uint32_t flags, const void *p, uint32_t size,
	   const int *fds, unsigned int nfds);
int fx_u64(uint32_t req, uint32_t flags, uint64_t v);
int fx_state(uint32_t req, uint32_t index, uint32_t num);
/* A GET request's u64 reply (the reply header is checked too). */
uint64_t fx_get_u64(uint32_t req);
/* The REPLY_ACK status the last message got (-1 if none came). */
int64_t fx_ack(void);

/* SET_OWNER, protocol features @proto, features @features. */
void fx_negotiate(uint64_t proto, uint64_t features);
/* SET_MEM_TABLE: one region, the whole memfd, at FX_GPA / FX_UVA. */
int fx_mem_table(void);
/* Queue @q's ring at (64 KiB * (q + 1)) into the region. */
struct vhu_addr fx_ring(unsigned int q);
/* An fd message (kick/call/err) with a fresh eventfd (or pipe end). */
int fx_vring_fd(uint32_t req, unsigned int q, bool pipe);
/* CALL, NUM, BASE, ADDR, KICK (and ENABLE 1 if bit 30 was acked). */
void fx_start(unsigned int q);

/* Everything the back-end exposes, to show a refusal changed nothing. */
struct fx_snap {
	struct scmi_vio_vhost_user_vring vr[FX_NQ];
	uint64_t features, protocol;
	bool connected;
	int starts, stops, updates, resets;
	int fds;
};
void fx_snap(struct fx_snap *s);
/* ck_assert that nothing changed since @s. */
void fx_same(const struct fx_snap *s);

#endif /* SCMI_VIO_TEST_VHU_FIXTURE_H */
