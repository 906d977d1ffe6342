// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target: a hostile driver against the device role.  The input
 * becomes the guest memory a ring lives in (descriptor table, available
 * ring, indirect tables, buffers) plus a script of index moves and ring
 * rewrites between pops, single or burst as the input says.  The device
 * must never touch memory outside the map, never return more chains than
 * the queue holds, and never hang.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/vq_device.h>

#define GPA 0x10000ull
#define MEM_RW 0x8000u /* writable region */
#define MEM_RO 0x1000u /* read-only region right after it */

static unsigned char mem[MEM_RW + MEM_RO] __attribute__((aligned(4096)));

/* A violation of the device role's guarantees: crash loudly. */
#define require(c)                        \
	do {                              \
		if (!(c))                 \
			__builtin_trap(); \
	} while (0)

static void check_iov(const struct iovec *iov, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const unsigned char *p = iov[i].iov_base;

		require(p >= mem && iov[i].iov_len <= sizeof(mem) &&
			p + iov[i].iov_len <= mem + sizeof(mem));
	}
}

/*
 * Take chains by pop() or, in @burst mode, by pop_many(), whose chains must
 * share the iovecs in order without overrunning them.  Returns what the
 * call returned; the heads taken are appended to @held.
 */
static int take(struct scmi_vio_vqd *vqd, bool burst, uint16_t *held,
		unsigned int *n_held)
{
	struct scmi_vio_chain c[4];
	struct iovec iov[16];
	unsigned int k, used = 0;
	int ret = burst ? scmi_vio_vqd_pop_many(vqd, c, 4, iov, 16) :
			  scmi_vio_vqd_pop(vqd, c, iov, 16);

	for (k = 0; ret > 0 && k < (unsigned int)ret; k++) {
		require(k < 4 && c[k].iov == iov + used);
		used += c[k].n_read + c[k].n_write;
		require(used <= 16);
		check_iov(c[k].iov, c[k].n_read + c[k].n_write);
		if (*n_held < 64)
			held[(*n_held)++] = c[k].head;
	}
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct scmi_vio_gmem_region regions[2] = {
		{ GPA, MEM_RW, mem, true },
		{ GPA + MEM_RW, MEM_RO, mem + MEM_RW, false },
	};
	struct scmi_vio_vqd_config cfg;
	struct scmi_vio_gmem *gm;
	struct scmi_vio_vqd *vqd;
	struct scmi_vio_vring vr;
	unsigned int num, round;
	size_t pos = 0, fill;

	if (size < 2)
		return 0;
	num = 1u << (data[0] % 6); /* 1..32 */
	memset(mem, 0, sizeof(mem));
	if (scmi_vio_vring_layout(&vr, num, mem, 64))
		return 0;
	/* The driver's part of the ring and the buffers come from the input;
	 * the used ring stays as laid out. */
	fill = size - 2 < 0x4000 ? size - 2 : 0x4000;
	memcpy(mem, data + 2, fill);
	memset(vr.used, 0, scmi_vio_vring_used_bytes(num));
	pos = 2 + fill;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ring.num = num;
	cfg.ring.desc_gpa = GPA;
	cfg.ring.avail_gpa = GPA + scmi_vio_vring_desc_bytes(num);
	cfg.ring.used_gpa = GPA + scmi_vio_vring_used_offset(num, 64);
	cfg.features = (data[1] & 1 ? 1ull << SCMI_VIO_F_EVENT_IDX : 0) |
		       (data[1] & 2 ? 1ull << SCMI_VIO_F_INDIRECT_DESC : 0);
	cfg.max_in_flight = data[1] >> 4;
	if (scmi_vio_gmem_create(regions, 2, &gm))
		return 0;
	cfg.gmem = gm;
	if (scmi_vio_vqd_create(&cfg, &vqd)) {
		scmi_vio_gmem_destroy(gm);
		return 0;
	}
	for (round = 0; round < 64; round++) {
		uint16_t held[64];
		unsigned int n_held = 0, k;
		int ret;

		/* Pop a bounded number of chains (the queue must not hand
		 * out more than it holds). */
		for (k = 0; k < 2 * num + 2; k++) {
			ret = take(vqd, data[1] & 4, held, &n_held);
			require(scmi_vio_vqd_in_flight(vqd) <= num);
			if (ret == 0 || ret == -EIO || ret == -EBUSY)
				break;
		}
		/* Complete some of them, in the order the script says. */
		for (k = 0; k < n_held; k++) {
			if (pos < size && (data[pos++] & 3) == 0)
				continue; /* keep it in flight a while */
			(void)scmi_vio_vqd_push(vqd, held[k], 0);
		}
		(void)scmi_vio_vqd_need_notify(vqd);
		if (pos < size && data[pos] & 1)
			(void)scmi_vio_vqd_enable_notify(vqd);
		else
			scmi_vio_vqd_disable_notify(vqd);
		/* The driver moves: rewrite a few bytes of its ring part. */
		if (pos + 3 > size)
			break;
		mem[(data[pos] | data[pos + 1] << 8) %
		    (scmi_vio_vring_used_offset(num, 64))] = data[pos + 2];
		pos += 3;
	}
	scmi_vio_vqd_destroy(vqd);
	scmi_vio_gmem_destroy(gm);
	return 0;
}
