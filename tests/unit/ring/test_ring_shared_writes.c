// SPDX-License-Identifier: BSD-3-Clause
/*
 * What the two roles leave unwritten in shared memory, checked by making
 * those pages read-only: a store there faults and fails the test.
 *
 *  - The driver does not store a descriptor that already reads as wanted,
 *    nor the device a used element, so a steady stream of the same buffers
 *    keeps those cache lines shared instead of moving them every time.
 *  - A no_interrupts queue asks for no interrupt once, at create, and
 *    disable_cb()/enable_cb*() then never store to the avail ring.
 *
 * The ring is a ring_pair block of 1024 entries in its own mapping: the
 * descriptor table fills pages 0-3 exactly, and page 5 holds only used
 * elements (248 to 758; used.idx is in page 4, avail_event in page 6).
 */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include <scmi_vio/virtqueue.h>
#include <scmi_vio/vq_device.h>

#include "check_run.h"
#include "common/byteorder.h"
#include "ring_pair.h"

#define NUM 1024u
#define PAGE 4096u
#define DESC_PAGES 4u
#define USED_ELEM_PAGE 5u
#define REPLY_LEN 8u

struct pair {
	struct ring_layout l;
	void *mem;
	struct scmi_vio_vq *vq;
	struct scmi_vio_gmem *gm;
	struct scmi_vio_vqd *vqd;
};

static void pair_open(struct pair *p, uint64_t features, bool no_interrupts)
{
	struct scmi_vio_vq_config cfg;

	ring_layout_plan(&p->l, NUM, 64, 2);
	p->mem = mmap(NULL, p->l.total, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(p->mem, MAP_FAILED);
	memset(&cfg, 0, sizeof(cfg));
	ck_assert_int_eq(scmi_vio_vring_layout(&cfg.ring, NUM, p->mem, 64), 0);
	cfg.features = features;
	cfg.no_interrupts = no_interrupts;
	ck_assert_int_eq(scmi_vio_vq_create(&cfg, &p->vq), 0);
	ck_assert_int_eq(
		ring_device_open(&p->l, p->mem, features, &p->gm, &p->vqd), 0);
	/* The layout the header comment relies on. */
	ck_assert_uint_eq(scmi_vio_vring_desc_bytes(NUM), DESC_PAGES * PAGE);
	ck_assert_uint_lt(scmi_vio_vring_used_offset(NUM, 64) + 4,
			  USED_ELEM_PAGE * PAGE);
	ck_assert_uint_gt(scmi_vio_vring_used_offset(NUM, 64) + 4 + 8 * NUM,
			  (USED_ELEM_PAGE + 1) * PAGE);
}

/* A view of the shared ring, as either side sees it. */
static void view(const struct pair *p, struct scmi_vio_vring *ring)
{
	char *base = p->mem;

	ck_assert_int_eq(scmi_vio_vring_attach(
				 ring, NUM, base,
				 base + scmi_vio_vring_desc_bytes(NUM),
				 base + scmi_vio_vring_used_offset(NUM, 64)),
			 0);
}

static void pair_close(struct pair *p)
{
	scmi_vio_vqd_destroy(p->vqd);
	scmi_vio_gmem_destroy(p->gm);
	scmi_vio_vq_destroy(p->vq);
	munmap(p->mem, p->l.total);
}

static void protect(struct pair *p, unsigned int first_page, unsigned int pages,
		    int prot)
{
	ck_assert_int_eq(mprotect((char *)p->mem + (size_t)first_page * PAGE,
				  (size_t)pages * PAGE, prot),
			 0);
}

/* One command-shaped round trip: a request and a reply buffer, always the
 * same two. */
static void round_trip(struct pair *p)
{
	const struct scmi_vio_seg out = { ring_buf_gpa(&p->l, 0), 16 };
	const struct scmi_vio_seg in = { ring_buf_gpa(&p->l, 1), 64 };
	struct scmi_vio_chain chain;
	struct iovec iov[2];
	void *token = NULL;
	uint32_t len = 0;

	ck_assert_int_eq(scmi_vio_vq_add(p->vq, &out, 1, &in, 1, p), 0);
	ck_assert_int_eq(scmi_vio_vqd_pop(p->vqd, &chain, iov, 2), 1);
	ck_assert_uint_eq(chain.n_read, 1);
	ck_assert_uint_eq(chain.n_write, 1);
	ck_assert_int_eq(scmi_vio_vqd_push(p->vqd, chain.head, REPLY_LEN), 0);
	ck_assert_int_eq(scmi_vio_vq_get_used(p->vq, &token, &len), 1);
	ck_assert_ptr_eq(token, p);
	ck_assert_uint_eq(len, REPLY_LEN);
}

/*
 * After one lap of the used ring (two of the descriptor table), the same
 * buffers make the same descriptors and used elements: with those pages
 * read-only, another lap stores nothing there.
 */
START_TEST(test_same_buffers_store_no_descriptor_or_used_element)
{
	struct pair p;
	unsigned int i;

	pair_open(&p, 0, false);
	for (i = 0; i < NUM; i++)
		round_trip(&p);
	protect(&p, 0, DESC_PAGES, PROT_READ);
	protect(&p, USED_ELEM_PAGE, 1, PROT_READ);
	for (i = 0; i < NUM + 7; i++)
		round_trip(&p);
	protect(&p, 0, DESC_PAGES, PROT_READ | PROT_WRITE);
	protect(&p, USED_ELEM_PAGE, 1, PROT_READ | PROT_WRITE);
	pair_close(&p);
}
END_TEST

/*
 * What the shared copy holds decides only whether to store: a descriptor
 * or used element scribbled over by the other side is written again, and
 * each side still reads what it meant.
 */
START_TEST(test_scribbled_entries_are_written_again)
{
	struct scmi_vio_vring ring;
	struct pair p;
	unsigned int i;

	pair_open(&p, 0, false);
	for (i = 0; i < NUM; i++)
		round_trip(&p);
	view(&p, &ring);
	for (i = 0; i < NUM; i++) {
		ring.desc[i].len ^= 1;
		ring.used->ring[i].len ^= 1;
	}
	for (i = 0; i < NUM; i++)
		round_trip(&p); /* checks the popped chain and used length */
	for (i = 0; i < NUM; i++)
		ck_assert_uint_eq(sv_le32_to_cpu(ring.used->ring[i].len),
				  REPLY_LEN);
	pair_close(&p);
}
END_TEST

/* The calls that would ask for interrupts, on a no_interrupts queue. */
static void toggle_interrupts(struct scmi_vio_vq *vq)
{
	void *token;
	uint32_t len;

	scmi_vio_vq_disable_cb(vq);
	(void)scmi_vio_vq_enable_cb_prepare(vq);
	(void)scmi_vio_vq_enable_cb(vq);
	(void)scmi_vio_vq_enable_cb_delayed(vq);
	(void)scmi_vio_vq_enable_cb_prepare16(vq);
	(void)scmi_vio_vq_get_used(vq, &token, &len);
	scmi_vio_vq_disable_cb(vq);
}

/*
 * A no_interrupts queue asks the device for none once (avail.flags, or
 * with EVENT_IDX used_event a lap behind and avail.flags 0, D-13); the
 * interrupt calls then store nothing in the avail ring, whose pages are
 * read-only meanwhile.
 */
START_TEST(test_no_interrupts_queue_asks_once)
{
	const uint64_t feat[] = { 0, 1ull << SCMI_VIO_F_EVENT_IDX };
	unsigned int avail_page = DESC_PAGES, k;
	struct scmi_vio_vring ring;
	struct pair p;

	for (k = 0; k < 2; k++) {
		const uint16_t flags = k ? 0 :
					   SCMI_VIO_VRING_AVAIL_F_NO_INTERRUPT;

		pair_open(&p, feat[k], true);
		view(&p, &ring);
		ck_assert_uint_eq(sv_le16_to_cpu(ring.avail->flags), flags);
		ck_assert_uint_eq(*scmi_vio_vring_used_event(&ring), 0xffff);
		round_trip(&p);
		protect(&p, avail_page, 1, PROT_READ);
		toggle_interrupts(p.vq);
		protect(&p, avail_page, 1, PROT_READ | PROT_WRITE);
		round_trip(&p);
		ck_assert_uint_eq(sv_le16_to_cpu(ring.avail->flags), flags);
		ck_assert_uint_eq(*scmi_vio_vring_used_event(&ring), 0xffff);
		/* Nothing for the device to signal. */
		ck_assert(!scmi_vio_vqd_need_notify(p.vqd));
		pair_close(&p);
	}
}
END_TEST

/* Polling a no_interrupts queue still answers, with and without EVENT_IDX,
 * and enable_cb() still reports what raced in. */
START_TEST(test_no_interrupts_queue_polls)
{
	const struct scmi_vio_seg in = { RING_PAIR_GPA, 8 };
	const uint64_t feat[] = { 0, 1ull << SCMI_VIO_F_EVENT_IDX };
	struct scmi_vio_chain chain;
	struct iovec iov[1];
	struct pair p;
	uint64_t pos;
	unsigned int k;
	void *token;
	uint32_t len;

	for (k = 0; k < 2; k++) {
		pair_open(&p, feat[k], true);
		pos = scmi_vio_vq_enable_cb_prepare(p.vq);
		ck_assert_int_eq(scmi_vio_vq_add(p.vq, NULL, 0, &in, 1, &p), 0);
		ck_assert(!scmi_vio_vq_poll(p.vq, pos));
		ck_assert(scmi_vio_vq_enable_cb(p.vq));
		ck_assert_int_eq(scmi_vio_vqd_pop(p.vqd, &chain, iov, 1), 1);
		ck_assert_int_eq(scmi_vio_vqd_push(p.vqd, chain.head, 4), 0);
		ck_assert(scmi_vio_vq_poll(p.vq, pos));
		ck_assert(!scmi_vio_vq_enable_cb(p.vq));
		ck_assert_int_eq(scmi_vio_vq_get_used(p.vq, &token, &len), 1);
		ck_assert(scmi_vio_vq_poll(p.vq, pos));
		ck_assert(!scmi_vio_vq_poll(
			p.vq, scmi_vio_vq_enable_cb_prepare(p.vq)));
		pair_close(&p);
	}
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(
			test_same_buffers_store_no_descriptor_or_used_element),
		CHECK_ONCE(test_scribbled_entries_are_written_again),
		CHECK_ONCE(test_no_interrupts_queue_asks_once),
		CHECK_ONCE(test_no_interrupts_queue_polls),
		{ NULL, 0, 0 },
	};

	return check_main("ring_shared_writes", 0, tests);
}
