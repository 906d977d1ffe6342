// SPDX-License-Identifier: BSD-3-Clause
/*
 * Shared memory that cannot be had: sizes no file or address space holds,
 * no descriptor left, a peer that hands over a read-only or a path-only
 * descriptor, and (outside sanitizer builds, which own the allocator) the
 * bookkeeping allocation failing (L-6).  Each is a clear negative errno with no
 * descriptor leaked.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <scmi_vio/shm.h>

#include "check_run.h"

/* The lowest free descriptor: a leaked one would move it. */
static int lowest_free_fd(void)
{
	int fd = dup(0);

	ck_assert_int_ge(fd, 0);
	close(fd);
	return fd;
}

/*
 * A size that is no file size (it is negative as off_t) is refused by
 * ftruncate(); one that fits a file but no address space by mmap().
 */
START_TEST(test_shm_create_impossible_sizes)
{
	struct scmi_vio_shm *a = NULL;
	int fd = lowest_free_fd();

#if SIZE_MAX > 0xffffffffu
	ck_assert_int_eq(scmi_vio_shm_create(SIZE_MAX, &a), -EINVAL);
	ck_assert_int_eq(lowest_free_fd(), fd);
	ck_assert_int_eq(scmi_vio_shm_create((size_t)1 << 62, &a), -ENOMEM);
#else
	/* 32-bit size_t: SIZE_MAX fits a file (64-bit off_t) but no address
	 * space; with a 32-bit off_t ftruncate() refuses it first. */
	{
		int r = scmi_vio_shm_create(SIZE_MAX, &a);

		ck_assert_msg(r == -ENOMEM || r == -EINVAL, "got %d", r);
	}
#endif
	ck_assert_int_eq(lowest_free_fd(), fd);
	ck_assert_ptr_null(a);
}
END_TEST

/* No descriptor left for the memfd: -EMFILE. */
START_TEST(test_shm_create_at_fd_limit)
{
	struct scmi_vio_shm *a = NULL;
	struct rlimit old, lim;
	int r;

	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)lowest_free_fd();
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &lim), 0);
	r = scmi_vio_shm_create(4096, &a);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
	ck_assert_int_eq(r, -EMFILE);
	ck_assert_ptr_null(a);
}
END_TEST

/*
 * A peer hands over its sealed memfd opened read-only: we map it shared
 * and writable, so mmap() refuses (-EACCES) rather than giving us memory
 * whose writes would fault.
 */
START_TEST(test_shm_map_read_only_fd)
{
	struct scmi_vio_shm *a = NULL, *b = NULL;
	char path[40];
	int ro, fd;

	ck_assert_int_eq(scmi_vio_shm_create(4096, &a), 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", scmi_vio_shm_fd(a));
	ro = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(ro, 0);
	fd = lowest_free_fd();
	ck_assert_int_eq(scmi_vio_shm_map(ro, 4096, 0, &b), -EACCES);
	ck_assert_int_eq(lowest_free_fd(), fd);
	ck_assert_ptr_null(b);
	close(ro);
	scmi_vio_shm_destroy(a);
}
END_TEST

/*
 * A peer hands over an O_PATH descriptor of its memfd: it names the file
 * (fstat() works) but gives no access to it, so asking for its seals
 * fails (-EBADF) and nothing is mapped.
 */
START_TEST(test_shm_map_path_only_fd)
{
	struct scmi_vio_shm *a = NULL, *b = NULL;
	char path[40];
	int fd;

	ck_assert_int_eq(scmi_vio_shm_create(4096, &a), 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", scmi_vio_shm_fd(a));
	fd = open(path, O_PATH | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(scmi_vio_shm_map(fd, 4096, 0, &b), -EBADF);
	ck_assert_int_eq(scmi_vio_shm_map(fd, 4096, SCMI_VIO_SHM_MAP_UNSEALED,
					  &b),
			 -EBADF);
	ck_assert_ptr_null(b);
	close(fd);
	scmi_vio_shm_destroy(a);
}
END_TEST

#ifndef SCMI_VIO_SANITIZED
extern void *__libc_calloc(size_t n, size_t size);

static bool fail_calloc; /* single-threaded test: the next calloc fails */

void *calloc(size_t n, size_t size)
{
	if (fail_calloc) {
		fail_calloc = false;
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(n, size);
}

/* L-6: the handle's allocation fails: -ENOMEM, the memfd closed. */
START_TEST(test_shm_l6_alloc_fails)
{
	struct scmi_vio_shm *a = NULL, *b = NULL;
	int fd = lowest_free_fd();

	fail_calloc = true;
	ck_assert_int_eq(scmi_vio_shm_create(4096, &a), -ENOMEM);
	ck_assert(!fail_calloc);
	ck_assert_int_eq(lowest_free_fd(), fd);
	ck_assert_ptr_null(a);

	ck_assert_int_eq(scmi_vio_shm_create(4096, &a), 0);
	fail_calloc = true;
	ck_assert_int_eq(scmi_vio_shm_map(scmi_vio_shm_fd(a), 4096, 0, &b),
			 -ENOMEM);
	ck_assert(!fail_calloc);
	ck_assert_ptr_null(b);
	/* And then it works. */
	ck_assert_int_eq(scmi_vio_shm_map(scmi_vio_shm_fd(a), 4096, 0, &b), 0);
	scmi_vio_shm_destroy(b);
	scmi_vio_shm_destroy(a);
}
END_TEST
#endif

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_shm_create_impossible_sizes),
		CHECK_ONCE(test_shm_create_at_fd_limit),
		CHECK_ONCE(test_shm_map_read_only_fd),
		CHECK_ONCE(test_shm_map_path_only_fd),
#ifndef SCMI_VIO_SANITIZED
		CHECK_ONCE(test_shm_l6_alloc_fails),
#endif
		{ NULL, 0, 0 },
	};

	return check_main("shm_edges", 0, tests);
}
