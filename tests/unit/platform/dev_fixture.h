/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A guest for the platform device tests: one block of "guest memory" at a
 * guest-physical base far from its host address, a cmdq and an eventq laid
 * out in it, the library's driver role on the agent side (or raw ring
 * writes, for the hostile cases), and the device under test.
 */
#ifndef SCMI_VIO_TEST_DEV_FIXTURE_H
#define SCMI_VIO_TEST_DEV_FIXTURE_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/guest_mem.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/virtqueue.h>
#include <scmi_vio/vring.h>

#define TD_GPA 0x40000000ull
#define TD_MEM (1u << 20)
#define TD_NUM 16u
#define TD_CMDQ_OFF 0x0u
#define TD_EVQ_OFF 0x4000u
#define TD_BUF_OFF 0x10000u
#define TD_BUF_SIZE 0x200u /* per message: request, then response at +0x100 */
#define TD_EV_OFF 0x80000u

#define TD_FEATURES \
	(1ull << SCMI_VIO_F_VERSION_1 | 1ull << SCMI_VIO_F_P2A_CHANNELS)

struct tdev {
	uint8_t *mem;
	struct scmi_vio_gmem *gm;
	struct scmi_vio_vring cmd_ring;
	struct scmi_vio_vring ev_ring;
	struct scmi_vio_vq *cmdq; /* driver role */
	struct scmi_vio_vq *evq;
	struct scmi_vio_platform *plat;
	struct scmi_vio_platform_dev *dev;
};

uint64_t td_gpa(const struct tdev *t, const void *p);

uint8_t *td_req(struct tdev *t, unsigned int i);

uint8_t *td_resp(struct tdev *t, unsigned int i);

struct scmi_vio_vring_gpa td_queue(struct tdev *t,
				   const struct scmi_vio_vring *vr);

/* Lay out the guest; create the driver queues unless @raw. */
void td_guest(struct tdev *t, uint64_t features, bool raw);

/*
 * Point @dc at @t's platform, guest memory and queues, offering @features;
 * its other fields are left as they are.
 */
void td_dev_config(struct tdev *t, uint64_t features,
		   struct scmi_vio_platform_dev_config *dc);

void td_device(struct tdev *t, uint64_t features,
	       struct scmi_vio_platform_dev_config *extra);

/* The usual setup: driver role, device with @extra options. */
void td_setup(struct tdev *t, struct scmi_vio_platform_dev_config *extra);

void td_teardown(struct tdev *t);

/* Post message slot @i: @len request bytes already in td_req(i). */
void td_post(struct tdev *t, unsigned int i, uint32_t len, uint32_t resp_cap);

/* Write header + @n words into message slot @i; returns the length. */
uint32_t td_put_words(struct tdev *t, unsigned int i, uint32_t hdr,
		      unsigned int n, const uint32_t *w);

/* Post header + @n words in slot @i with a 136-byte response buffer. */
void td_post_words(struct tdev *t, unsigned int i, uint32_t hdr, unsigned int n,
		   const uint32_t *w);

/* Reap one used cmdq chain: returns the slot index, sets *@len. */
unsigned int td_reap(struct tdev *t, uint32_t *len);

void td_no_used(struct tdev *t);

/* Reap slot @i's reply: exactly the @n bytes @exp. */
void td_expect_reply(struct tdev *t, unsigned int i, const uint8_t *exp,
		     size_t n);

/*
 * Kick driver queue @vq and wait on @irq, up to @ns each time, until the
 * device has used a chain: returns its length, its token in *@tok.
 */
uint32_t td_kick_until_used(struct scmi_vio_vq *vq,
			    struct scmi_vio_doorbell *irq, int64_t ns,
			    void **tok);

/* Offer eventq buffer @i of @cap bytes. */
void td_feed_event(struct tdev *t, unsigned int i, uint32_t cap);

/* Reap one eventq buffer: returns its host address, sets *@len. */
uint8_t *td_reap_event(struct tdev *t, uint32_t *len);

void td_no_event(struct tdev *t);

/* Reap one eventq buffer: exactly the @n bytes @exp. */
void td_expect_event(struct tdev *t, const uint8_t *exp, size_t n);

/*
 * A service round whose interrupt goes to a reader that is gone: the
 * round fails with -EPIPE or -ECONNRESET, and the device reports it.
 */
void td_expect_peer_gone(struct tdev *t);

/*
 * an interrupt doorbell writing to a socket whose reader (the
 * driver) goes away: open makes the pair and the doorbell on its writer,
 * reader_gone closes the reader, close frees the rest.
 */
struct td_sock_irq {
	struct scmi_vio_doorbell *irq;
	int sv[2];
};

void td_sock_irq_open(struct td_sock_irq *s);

void td_sock_irq_reader_gone(struct td_sock_irq *s);

void td_sock_irq_close(struct td_sock_irq *s);

#endif /* SCMI_VIO_TEST_DEV_FIXTURE_H */
