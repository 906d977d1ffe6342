// SPDX-License-Identifier: BSD-3-Clause
/*
 * The device-role fixture: a guest's rings and buffers around the
 * platform device (declared and documented in dev_fixture.h).
 */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dev_fixture.h"

uint64_t td_gpa(const struct tdev *t, const void *p)
{
	return TD_GPA + (uint64_t)((const uint8_t *)p - t->mem);
}

uint8_t *td_req(struct tdev *t, unsigned int i)
{
	return t->mem + TD_BUF_OFF + (size_t)i * TD_BUF_SIZE;
}

uint8_t *td_resp(struct tdev *t, unsigned int i)
{
	return td_req(t, i) + 0x100;
}

struct scmi_vio_vring_gpa td_queue(struct tdev *t,
				   const struct scmi_vio_vring *vr)
{
	struct scmi_vio_vring_gpa q = {
		.num = vr->num,
		.desc_gpa = td_gpa(t, vr->desc),
		.avail_gpa = td_gpa(t, vr->avail),
		.used_gpa = td_gpa(t, vr->used),
	};

	return q;
}

void td_guest(struct tdev *t, uint64_t features, bool raw)
{
	const struct scmi_vio_gmem_region r = { .gpa = TD_GPA,
						.len = TD_MEM,
						.writable = true };
	struct scmi_vio_gmem_region rr = r;
	struct scmi_vio_vq_config vc;

	memset(t, 0, sizeof(*t));
	t->mem = aligned_alloc(4096, TD_MEM);
	ck_assert_ptr_nonnull(t->mem);
	memset(t->mem, 0, TD_MEM);
	rr.host = t->mem;
	ck_assert_int_eq(scmi_vio_gmem_create(&rr, 1, &t->gm), 0);
	ck_assert_int_eq(scmi_vio_vring_layout(&t->cmd_ring, TD_NUM,
					       t->mem + TD_CMDQ_OFF, 4),
			 0);
	ck_assert_int_eq(scmi_vio_vring_layout(&t->ev_ring, TD_NUM,
					       t->mem + TD_EVQ_OFF, 4),
			 0);
	if (raw)
		return;
	memset(&vc, 0, sizeof(vc));
	vc.ring = t->cmd_ring;
	vc.features = features;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &t->cmdq), 0);
	vc.ring = t->ev_ring;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &t->evq), 0);
}

void td_dev_config(struct tdev *t, uint64_t features,
		   struct scmi_vio_platform_dev_config *dc)
{
	dc->plat = t->plat;
	dc->gmem = t->gm;
	dc->features = features;
	dc->cmdq = td_queue(t, &t->cmd_ring);
	dc->eventq = td_queue(t, &t->ev_ring);
}

void td_device(struct tdev *t, uint64_t features,
	       struct scmi_vio_platform_dev_config *extra)
{
	struct scmi_vio_platform_config pc;
	struct scmi_vio_platform_dev_config dc = { 0 };

	scmi_vio_platform_config_default(&pc);
	ck_assert_int_eq(scmi_vio_platform_create(&pc, &t->plat), 0);
	if (extra)
		dc = *extra;
	td_dev_config(t, features, &dc);
	ck_assert_int_eq(scmi_vio_platform_dev_create(&dc, &t->dev), 0);
}

void td_setup(struct tdev *t, struct scmi_vio_platform_dev_config *extra)
{
	td_guest(t, TD_FEATURES, false);
	td_device(t, TD_FEATURES, extra);
}

void td_teardown(struct tdev *t)
{
	scmi_vio_platform_dev_destroy(t->dev);
	scmi_vio_platform_destroy(t->plat);
	scmi_vio_vq_destroy(t->cmdq);
	scmi_vio_vq_destroy(t->evq);
	scmi_vio_gmem_destroy(t->gm);
	free(t->mem);
}

void td_post(struct tdev *t, unsigned int i, uint32_t len, uint32_t resp_cap)
{
	const struct scmi_vio_seg out = { td_gpa(t, td_req(t, i)), len };
	const struct scmi_vio_seg in = { td_gpa(t, td_resp(t, i)), resp_cap };

	memset(td_resp(t, i), 0xee, 0x100);
	ck_assert_int_eq(scmi_vio_vq_add(t->cmdq, &out, 1, &in,
					 resp_cap ? 1 : 0,
					 (void *)(uintptr_t)(i + 1)),
			 0);
}

uint32_t td_put_words(struct tdev *t, unsigned int i, uint32_t hdr,
		      unsigned int n, const uint32_t *w)
{
	uint8_t *p = td_req(t, i);
	unsigned int k;

	for (k = 0; k <= n; k++) {
		uint32_t v = k ? w[k - 1] : hdr;

		p[4 * k] = (uint8_t)v;
		p[4 * k + 1] = (uint8_t)(v >> 8);
		p[4 * k + 2] = (uint8_t)(v >> 16);
		p[4 * k + 3] = (uint8_t)(v >> 24);
	}
	return 4 + 4 * n;
}

void td_post_words(struct tdev *t, unsigned int i, uint32_t hdr, unsigned int n,
		   const uint32_t *w)
{
	td_post(t, i, td_put_words(t, i, hdr, n, w), 136);
}

unsigned int td_reap(struct tdev *t, uint32_t *len)
{
	void *tok = NULL;

	ck_assert_int_eq(scmi_vio_vq_get_used(t->cmdq, &tok, len), 1);
	return (unsigned int)(uintptr_t)tok - 1;
}

void td_no_used(struct tdev *t)
{
	void *tok;
	uint32_t len;

	ck_assert_int_eq(scmi_vio_vq_get_used(t->cmdq, &tok, &len), 0);
}

void td_expect_reply(struct tdev *t, unsigned int i, const uint8_t *exp,
		     size_t n)
{
	uint32_t len;

	ck_assert_uint_eq(td_reap(t, &len), i);
	ck_assert_uint_eq(len, n);
	ck_assert_mem_eq(td_resp(t, i), exp, n);
}

void td_feed_event(struct tdev *t, unsigned int i, uint32_t cap)
{
	const struct scmi_vio_seg in = {
		td_gpa(t, t->mem + TD_EV_OFF + (size_t)i * 0x100), cap
	};

	ck_assert_int_eq(scmi_vio_vq_add(t->evq, NULL, 0, &in, 1,
					 (void *)(uintptr_t)(i + 1)),
			 0);
}

uint8_t *td_reap_event(struct tdev *t, uint32_t *len)
{
	void *tok = NULL;

	ck_assert_int_eq(scmi_vio_vq_get_used(t->evq, &tok, len), 1);
	return t->mem + TD_EV_OFF + ((size_t)(uintptr_t)tok - 1) * 0x100;
}

void td_no_event(struct tdev *t)
{
	void *tok;
	uint32_t len;

	ck_assert_int_eq(scmi_vio_vq_get_used(t->evq, &tok, &len), 0);
}

void td_expect_event(struct tdev *t, const uint8_t *exp, size_t n)
{
	uint32_t len;
	uint8_t *ev = td_reap_event(t, &len);

	ck_assert_uint_eq(len, n);
	ck_assert_mem_eq(ev, exp, n);
}

void td_expect_peer_gone(struct tdev *t)
{
	int r = scmi_vio_platform_dev_service(t->dev);

	ck_assert_msg(r == -EPIPE || r == -ECONNRESET, "service: %d", r);
	ck_assert_int_eq(scmi_vio_platform_dev_error(t->dev), r);
}

void td_sock_irq_open(struct td_sock_irq *s)
{
	s->irq = NULL;
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, s->sv), 0);
	ck_assert_int_eq(scmi_vio_doorbell_fd_create(s->sv[1], &s->irq), 0);
}

void td_sock_irq_reader_gone(struct td_sock_irq *s)
{
	ck_assert_int_eq(close(s->sv[0]), 0);
}

void td_sock_irq_close(struct td_sock_irq *s)
{
	scmi_vio_doorbell_destroy(s->irq);
	close(s->sv[1]);
}

uint32_t td_kick_until_used(struct scmi_vio_vq *vq,
			    struct scmi_vio_doorbell *irq, int64_t ns,
			    void **tok)
{
	uint32_t len;

	ck_assert_int_eq(scmi_vio_vq_kick(vq), 0);
	while (scmi_vio_vq_get_used(vq, tok, &len) != 1)
		ck_assert_int_eq(scmi_vio_doorbell_wait(irq, ns), 1);
	return len;
}
