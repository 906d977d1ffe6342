// SPDX-License-Identifier: BSD-3-Clause
/* A peer that scribbles on a ring from another thread (ring_scribbler.h). */
#include <check.h>
#include <sched.h>
#include <stdlib.h>

#include "common/atomics.h"
#include "common/byteorder.h"
#include "ring_scribbler.h"

/* Give the CPU away this often: the roles under test need it more. */
#define YIELD_EVERY 16u

/* A value for a 16-bit index: mostly in range, sometimes anything. */
static uint16_t some_index(unsigned int *seed, unsigned int num)
{
	unsigned int r = (unsigned int)rand_r(seed);

	return (uint16_t)(r & 7 ? r % num : r >> 3);
}

/* One random store into a descriptor of @d. */
static void scribble_desc(struct scmi_vio_vring_desc *d, unsigned int *seed,
			  unsigned int num)
{
	unsigned int r = (unsigned int)rand_r(seed);

	switch (r & 3) {
	case 0:
		sv_write_once(&d->addr, sv_cpu_to_le64((uint64_t)r << 8));
		break;
	case 1:
		sv_write_once(&d->len, sv_cpu_to_le32(r >> 2 & 0xfff));
		break;
	case 2:
		sv_write_once(&d->flags,
			      sv_cpu_to_le16((uint16_t)(r >> 2 & 7)));
		break;
	default:
		sv_write_once(&d->next, sv_cpu_to_le16(some_index(seed, num)));
		break;
	}
}

static void scribble_once(struct scribbler *s)
{
	const size_t entries =
		s->table_bytes / sizeof(struct scmi_vio_vring_desc);
	struct scmi_vio_vring_desc *table = s->table;
	const unsigned int num = s->vr.num;
	unsigned int r = (unsigned int)rand_r(&s->seed);
	uint16_t *ring = s->vr.avail->ring;

	switch (r % 8) {
	case 0:
	case 1:
	case 2:
		scribble_desc(&s->vr.desc[r / 8 % num], &s->seed, num);
		break;
	case 3:
	case 4:
		sv_write_once(&ring[r / 8 % num],
			      sv_cpu_to_le16(some_index(&s->seed, num)));
		break;
	case 5:
		/* avail.idx only rarely: a jump breaks the device at once. */
		if (r / 8 % 64 == 0)
			sv_write_once(&s->vr.avail->idx,
				      sv_cpu_to_le16((uint16_t)(r >> 16)));
		else
			sv_write_once(scmi_vio_vring_used_event(&s->vr),
				      sv_cpu_to_le16((uint16_t)(r >> 16)));
		break;
	default:
		if (entries)
			scribble_desc(&table[r / 8 % entries], &s->seed, num);
		break;
	}
}

static void *scribbler_main(void *arg)
{
	struct scribbler *s = arg;
	uint64_t n = 0;

	while (!sv_read_once(&s->stop)) {
		scribble_once(s);
		sv_write_once(&s->stores, ++n);
		if (n % YIELD_EVERY == 0)
			sched_yield();
	}
	return NULL;
}

void scribbler_aim_pair(struct scribbler *s, const struct ring_layout *l,
			void *mem)
{
	char *base = (char *)mem + l->ring_off;

	ck_assert_int_eq(scmi_vio_vring_attach(
				 &s->vr, l->num, base,
				 base + scmi_vio_vring_desc_bytes(l->num),
				 base + scmi_vio_vring_used_offset(l->num, 64)),
			 0);
	s->table = (char *)mem + l->ind_off;
	s->table_bytes = l->data_off - l->ind_off;
}

void scribbler_start(struct scribbler *s)
{
	s->stop = 0;
	s->stores = 0;
	ck_assert_int_eq(pthread_create(&s->thread, NULL, scribbler_main, s),
			 0);
	/* Overlap is the point: let it begin before the roles do. */
	while (!sv_read_once(&s->stores))
		sched_yield();
}

void scribbler_wait(const struct scribbler *s, uint64_t *seen)
{
	uint64_t now;

	while ((now = sv_read_once(&s->stores)) == *seen)
		sched_yield();
	*seen = now;
}

uint64_t scribbler_stop(struct scribbler *s)
{
	sv_write_once(&s->stop, 1);
	ck_assert_int_eq(pthread_join(s->thread, NULL), 0);
	return s->stores;
}
