// SPDX-License-Identifier: BSD-3-Clause
/*
 * memfd-backed shared guest memory (shm.h).  Linux only: memfd_create(2).
 *
 * Why seals: a MAP_SHARED mapping of a file that another process
 * truncates raises SIGBUS in every process that touches a page past the new
 * end.  No library can recover from that signal safely, so the memory we
 * create is sealed against shrinking and growing (and against further
 * sealing) before its fd can reach anyone, and a file we are handed must
 * carry F_SEAL_SHRINK unless the caller takes the risk explicitly.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scmi_vio/shm.h>

#include "shm/shm_internal.h"

/* What we seal: the size is fixed for life, and nobody may add seals
 * (F_SEAL_WRITE or F_SEAL_FUTURE_WRITE would stop the peer's mapping). */
#define SHM_SEALS (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)

struct scmi_vio_shm {
	void *host; /* the bytes asked for */
	size_t size;
	void *map; /* the mapping, from the page holding the first byte */
	size_t map_len;
	int fd;
	bool owns_fd;
};

/* Map @size bytes of @fd from @offset (any alignment: mmap wants a page
 * boundary, so the mapping starts at the page holding @offset). */
static int map_fd(int fd, uint64_t offset, size_t size, bool owns,
		  struct scmi_vio_shm **out)
{
	uint64_t skip = offset % (uint64_t)sysconf(_SC_PAGESIZE);
	off_t at = (off_t)(offset - skip);
	struct scmi_vio_shm *shm;
	void *p;

	/* off_t may be 32 bits wide (i686 without large-file support). */
	if (size > SIZE_MAX - skip || at < 0 || (uint64_t)at != offset - skip)
		return -EOVERFLOW;
	shm = calloc(1, sizeof(*shm));
	if (!shm)
		return -ENOMEM;
	p = mmap(NULL, size + skip, PROT_READ | PROT_WRITE, MAP_SHARED, fd, at);
	if (p == MAP_FAILED) {
		free(shm);
		return -errno;
	}
	shm->map = p;
	shm->map_len = size + skip;
	shm->host = (char *)p + skip;
	shm->size = size;
	shm->fd = fd;
	shm->owns_fd = owns;
	*out = shm;
	return 0;
}

int scmi_vio_shm_create(size_t size, struct scmi_vio_shm **out)
{
	int fd, ret;

	if (!size || !out)
		return -EINVAL;
	fd = memfd_create("scmi_vio_guest", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) < 0 ||
	    fcntl(fd, F_ADD_SEALS, SHM_SEALS) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	ret = map_fd(fd, 0, size, true, out);
	if (ret)
		close(fd);
	return ret;
}

int scmi_vio_shm_map(int fd, size_t size, unsigned int flags,
		     struct scmi_vio_shm **out)
{
	return scmi_vio__shm_map_range(fd, 0, size, flags, out);
}

int scmi_vio__shm_map_range(int fd, uint64_t offset, size_t size,
			    unsigned int flags, struct scmi_vio_shm **out)
{
	struct stat st;
	int seals;

	if (!size || !out || (flags & ~SCMI_VIO_SHM_MAP_UNSEALED))
		return -EINVAL;
	if (offset > UINT64_MAX - size)
		return -EOVERFLOW;
	if (fstat(fd, &st) < 0)
		return -errno;
	/* Seals first: a file that can shrink could pass the size check and
	 * shrink right after it. */
	seals = fcntl(fd, F_GET_SEALS);
	if (seals < 0 && errno != EINVAL)
		return -errno;
	/* EINVAL: a file that cannot be sealed at all, so it can shrink. */
	if ((seals < 0 || !(seals & F_SEAL_SHRINK)) &&
	    !(flags & SCMI_VIO_SHM_MAP_UNSEALED))
		return -EPERM;
	if (st.st_size < 0 || (uint64_t)st.st_size < offset + size)
		return -EINVAL;
	return map_fd(fd, offset, size, false, out);
}

void scmi_vio_shm_destroy(struct scmi_vio_shm *shm)
{
	if (!shm)
		return;
	munmap(shm->map, shm->map_len);
	if (shm->owns_fd)
		close(shm->fd);
	free(shm);
}

void *scmi_vio_shm_host(const struct scmi_vio_shm *shm)
{
	return shm->host;
}

size_t scmi_vio_shm_size(const struct scmi_vio_shm *shm)
{
	return shm->size;
}

int scmi_vio_shm_fd(const struct scmi_vio_shm *shm)
{
	return shm->fd;
}
