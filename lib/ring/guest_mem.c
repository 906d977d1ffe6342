// SPDX-License-Identifier: BSD-3-Clause
/*
 * Guest memory map (docs/architecture.md section 3): guest-physical ranges to
 * host pointers, for the device role.
 *
 * Theory of operation.  The regions are copied, sorted by guest address and
 * checked for overlap once, at create; the map never changes afterwards, so
 * lookups take no lock.  Finding the region that holds an address is a binary
 * search; a range that runs off the end of a region can only continue in the
 * next region in sorted order, and only if that one starts exactly where the
 * previous one ended (adjacent), otherwise the range touches a gap.
 *
 * All range arithmetic uses inclusive end addresses (gpa + len - 1), so a
 * region or a range may end exactly at 2^64 without wrapping, and a range
 * whose last byte would lie beyond 2^64 - 1 is -EOVERFLOW.  Every region's
 * host span is checked at create to fit the host address space, so
 * host + offset never wraps either.
 *
 * The one walker, struct span, hands out a range one region-sized chunk at a
 * time; map, contig, read and write are all built on it.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/guest_mem.h>

#include "common/atomics.h"
#include "ring/guest_mem_internal.h"

struct scmi_vio_gmem {
	unsigned int n;
	struct scmi_vio_gmem_region r[]; /* [n], sorted by gpa, disjoint */
};

/* A NULL map behaves as a map without regions: every access faults. */
static const struct scmi_vio_gmem empty_map;

/* The last guest byte of a validated region (never wraps). */
static uint64_t region_last(const struct scmi_vio_gmem_region *r)
{
	return r->gpa + (r->len - 1);
}

static bool region_valid(const struct scmi_vio_gmem_region *r)
{
	uint64_t span;

	if (!r->host || !r->len)
		return false;
	span = r->len - 1;
	/* The guest range must not wrap past 2^64 - 1. */
	if (span > UINT64_MAX - r->gpa)
		return false;
	/* Nor may the host range wrap, or exceed what a size_t can hold. */
	if ((uint64_t)(size_t)span != span ||
	    (size_t)span > UINTPTR_MAX - (uintptr_t)r->host)
		return false;
	return true;
}

static int region_cmp(const void *a, const void *b)
{
	const struct scmi_vio_gmem_region *ra = a, *rb = b;

	return (ra->gpa > rb->gpa) - (ra->gpa < rb->gpa);
}

int scmi_vio_gmem_create(const struct scmi_vio_gmem_region *regions,
			 unsigned int n, struct scmi_vio_gmem **out)
{
	struct scmi_vio_gmem *gm;
	unsigned int i;
	size_t bytes;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!regions || !n)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!region_valid(&regions[i]))
			return -EINVAL;
	if (__builtin_mul_overflow((size_t)n, sizeof(gm->r[0]), &bytes) ||
	    bytes > SIZE_MAX - sizeof(*gm))
		return -ENOMEM;
	gm = malloc(sizeof(*gm) + bytes);
	if (!gm)
		return -ENOMEM;
	gm->n = n;
	memcpy(gm->r, regions, bytes);
	qsort(gm->r, n, sizeof(gm->r[0]), region_cmp);
	for (i = 1; i < n; i++) {
		if (gm->r[i].gpa <= region_last(&gm->r[i - 1])) {
			free(gm);
			return -EINVAL;
		}
	}
	*out = gm;
	return 0;
}

void scmi_vio_gmem_destroy(struct scmi_vio_gmem *gm)
{
	free(gm);
}

/* Index of the region holding @gpa, or gm->n if no region does. */
static unsigned int region_find(const struct scmi_vio_gmem *gm, uint64_t gpa)
{
	unsigned int lo = 0, hi = gm->n;

	/* Find the first region that starts above @gpa... */
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (gm->r[mid].gpa <= gpa)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* ...then the one before it is the only candidate. */
	if (lo == 0 || gpa > region_last(&gm->r[lo - 1]))
		return gm->n;
	return lo - 1;
}

const struct scmi_vio_gmem_region *
scmi_vio__gmem_region(const struct scmi_vio_gmem *gm, uint64_t gpa,
		      uint64_t len)
{
	unsigned int i;

	if (!gm || !len)
		return NULL;
	i = region_find(gm, gpa);
	if (i == gm->n || !scmi_vio__region_holds(&gm->r[i], gpa, len))
		return NULL;
	return &gm->r[i];
}

/* A guest range being translated, one region at a time. */
struct span {
	const struct scmi_vio_gmem *gm;
	uint64_t cur; /* next guest byte to translate */
	uint64_t left; /* bytes still to translate */
	unsigned int idx; /* region of the previous chunk; gm->n before any */
	bool write;
};

static int span_start(struct span *s, const struct scmi_vio_gmem *gm,
		      uint64_t gpa, uint64_t len, bool write)
{
	if (len && len - 1 > UINT64_MAX - gpa)
		return -EOVERFLOW;
	s->gm = gm ? gm : &empty_map;
	s->cur = gpa;
	s->left = len;
	s->idx = s->gm->n;
	s->write = write;
	return 0;
}

/*
 * The next chunk of @s, wholly inside one region.
 * Return: 1 with the chunk in @host and @len; 0 when the range is done;
 * -EFAULT when the next byte is outside every region, or the region is
 * read-only and the span is for writing.
 */
static int span_next(struct span *s, void **host, size_t *len)
{
	const struct scmi_vio_gmem_region *r;
	uint64_t off, chunk;

	if (!s->left)
		return 0;
	if (s->idx == s->gm->n) {
		s->idx = region_find(s->gm, s->cur);
		if (s->idx == s->gm->n)
			return -EFAULT;
	} else {
		/* The previous chunk ended at its region's end. */
		s->idx++;
		if (s->idx == s->gm->n || s->gm->r[s->idx].gpa != s->cur)
			return -EFAULT;
	}
	r = &s->gm->r[s->idx];
	if (s->write && !r->writable)
		return -EFAULT;
	off = s->cur - r->gpa;
	chunk = r->len - off;
	if (chunk > s->left)
		chunk = s->left;
	*host = (char *)r->host + off;
	*len = (size_t)chunk;
	s->left -= chunk;
	/* Wraps to 0 only when the range ends at 2^64, and then left == 0. */
	s->cur += chunk;
	return 1;
}

int scmi_vio_gmem_map(const struct scmi_vio_gmem *gm, uint64_t gpa,
		      uint64_t len, bool write, struct iovec *iov,
		      unsigned int max_iov)
{
	unsigned int n = 0;
	struct span s;
	size_t chunk;
	void *host;
	int ret;

	if (!iov)
		max_iov = 0;
	if (max_iov > INT_MAX)
		max_iov = INT_MAX;
	ret = span_start(&s, gm, gpa, len, write);
	if (ret)
		return ret;
	/* The common case, a range inside one region, without the walker. */
	if (len && max_iov) {
		const struct scmi_vio_gmem_region *r =
			scmi_vio__gmem_region(s.gm, gpa, len);

		if (r && (r->writable || !write)) {
			iov[0].iov_base = (char *)r->host + (gpa - r->gpa);
			iov[0].iov_len = (size_t)len;
			return 1;
		}
	}
	while ((ret = span_next(&s, &host, &chunk)) > 0) {
		if (n == max_iov)
			return -ENOBUFS;
		iov[n].iov_base = host;
		iov[n].iov_len = chunk;
		n++;
	}
	return ret < 0 ? ret : (int)n;
}

void *scmi_vio_gmem_contig(const struct scmi_vio_gmem *gm, uint64_t gpa,
			   uint64_t len, bool write)
{
	struct span s;
	size_t chunk;
	void *host;

	if (!len || span_start(&s, gm, gpa, len, write))
		return NULL;
	if (span_next(&s, &host, &chunk) != 1 || s.left)
		return NULL;
	return host;
}

/*
 * Copy between guest memory and @buf.  The whole range is checked before
 * the first byte moves, so a failed call copies nothing (a failed write
 * leaves guest memory untouched); then each guest byte is accessed once,
 * by relaxed atomics: the guest may be writing it meanwhile (V-24).
 */
static int gmem_copy(const struct scmi_vio_gmem *gm, uint64_t gpa, void *buf,
		     size_t len, bool to_guest)
{
	unsigned char *p = buf;
	struct span s;
	size_t chunk;
	void *host;
	int ret;

	if (!len)
		return 0;
	if (!buf)
		return -EFAULT;
	ret = span_start(&s, gm, gpa, len, to_guest);
	if (ret)
		return ret;
	while ((ret = span_next(&s, &host, &chunk)) > 0)
		;
	if (ret < 0)
		return ret;
	(void)span_start(&s, gm, gpa, len, to_guest);
	while (span_next(&s, &host, &chunk) > 0) {
		if (to_guest)
			sv_copy_to_shared(host, p, chunk);
		else
			sv_copy_from_shared(p, host, chunk);
		p += chunk;
	}
	return 0;
}

int scmi_vio_gmem_read(const struct scmi_vio_gmem *gm, uint64_t gpa, void *dst,
		       size_t len)
{
	return gmem_copy(gm, gpa, dst, len, false);
}

int scmi_vio_gmem_write(const struct scmi_vio_gmem *gm, uint64_t gpa,
			const void *src, size_t len)
{
	/* gmem_copy() only reads @src when copying to the guest. */
	return gmem_copy(gm, gpa, (void *)src, len, true);
}

/*
 * Copy up to @len bytes between @buf and the iovecs; return bytes copied.
 * The iovecs are guest memory a hostile driver may rewrite meanwhile
 * (V-18): relaxed atomics make that a torn copy, not a data race (V-24).
 */
static size_t iov_copy(const struct iovec *iov, unsigned int n,
		       unsigned char *buf, size_t len, bool to_iov)
{
	size_t done = 0;
	unsigned int i;

	if (!iov || !buf)
		return 0;
	for (i = 0; i < n && done < len; i++) {
		size_t chunk = iov[i].iov_len;

		if (chunk > len - done)
			chunk = len - done;
		if (!chunk)
			continue;
		if (to_iov)
			sv_copy_to_shared(iov[i].iov_base, buf + done, chunk);
		else
			sv_copy_from_shared(buf + done, iov[i].iov_base, chunk);
		done += chunk;
	}
	return done;
}

size_t scmi_vio_iov_to_buf(const struct iovec *iov, unsigned int n, void *buf,
			   size_t len)
{
	return iov_copy(iov, n, buf, len, false);
}

size_t scmi_vio_iov_from_buf(const struct iovec *iov, unsigned int n,
			     const void *buf, size_t len)
{
	/* iov_copy() only reads @buf when copying into the iovecs. */
	return iov_copy(iov, n, (void *)buf, len, true);
}
