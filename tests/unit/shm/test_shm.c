// SPDX-License-Identifier: BSD-3-Clause
/*
 * memfd guest memory: a second mapping of the same fd (as another process
 * would make) sees the same bytes at a different address; the error paths;
 * the seals that keep a peer from truncating the memory under us.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/shm.h>

#include "check_run.h"

START_TEST(test_shm_two_mappings)
{
	struct scmi_vio_shm *a = NULL, *b = NULL;
	uint8_t *pa, *pb;

	ck_assert_int_eq(scmi_vio_shm_create(65536, &a), 0);
	ck_assert_int_ge(scmi_vio_shm_fd(a), 0);
	ck_assert_uint_eq(scmi_vio_shm_size(a), 65536);
	ck_assert_int_eq(scmi_vio_shm_map(scmi_vio_shm_fd(a), 65536, 0, &b), 0);
	pa = scmi_vio_shm_host(a);
	pb = scmi_vio_shm_host(b);
	ck_assert_ptr_ne(pa, pb);
	ck_assert_uint_eq(pa[100], 0);
	pa[100] = 0x5a;
	pb[65535] = 0xa5;
	ck_assert_uint_eq(pb[100], 0x5a);
	ck_assert_uint_eq(pa[65535], 0xa5);
	/* A borrowed fd survives the borrower. */
	scmi_vio_shm_destroy(b);
	ck_assert_int_eq(scmi_vio_shm_map(scmi_vio_shm_fd(a), 4096, 0, &b), 0);
	ck_assert_uint_eq(((uint8_t *)scmi_vio_shm_host(b))[100], 0x5a);
	scmi_vio_shm_destroy(b);
	scmi_vio_shm_destroy(a);
	scmi_vio_shm_destroy(NULL);
}
END_TEST

START_TEST(test_shm_errors)
{
	struct scmi_vio_shm *a = NULL, *b = NULL;

	ck_assert_int_eq(scmi_vio_shm_create(0, &a), -EINVAL);
	ck_assert_int_eq(scmi_vio_shm_create(4096, NULL), -EINVAL);
	ck_assert_int_eq(scmi_vio_shm_create(4096, &a), 0);
	/* Larger than the file. */
	ck_assert_int_eq(scmi_vio_shm_map(scmi_vio_shm_fd(a), 8192, 0, &b),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_shm_map(-1, 4096, 0, &b), -EBADF);
	ck_assert_int_eq(scmi_vio_shm_map(scmi_vio_shm_fd(a), 0, 0, &b),
			 -EINVAL);
	ck_assert_int_eq(scmi_vio_shm_map(scmi_vio_shm_fd(a), 4096, 0x2, &b),
			 -EINVAL);
	ck_assert_ptr_null(b);
	scmi_vio_shm_destroy(a);
}
END_TEST

/* Run @fn(@fd) in a child process, as the peer would; its exit status. */
static int in_peer(int (*fn)(int), int fd)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(fn(fd));
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* 0 when the kernel refused every attempt to resize or re-seal. */
static int peer_resize(int fd)
{
	int bad = 0;

	bad |= ftruncate(fd, 0) == 0 || errno != EPERM;
	bad |= ftruncate(fd, 4096) == 0 || errno != EPERM;
	bad |= (ftruncate(fd, 1 << 20) == 0 || errno != EPERM) << 1;
	bad |= (fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE) == 0) << 2;
	return bad;
}

/*
 * a peer that truncates the memory we created cannot: the memfd is
 * sealed before it is shared, so this process never dies of SIGBUS.
 */
START_TEST(test_shm_x1_created_memory_is_sealed)
{
	struct scmi_vio_shm *a = NULL;
	volatile uint8_t *p;
	int fd;

	ck_assert_int_eq(scmi_vio_shm_create(65536, &a), 0);
	fd = scmi_vio_shm_fd(a);
	ck_assert_int_eq(fcntl(fd, F_GET_SEALS),
			 F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL);
	ck_assert_int_eq(in_peer(peer_resize, fd), 0);
	/* Without the seal the truncate succeeds and this read is SIGBUS. */
	p = scmi_vio_shm_host(a);
	p[65535] = 7;
	ck_assert_uint_eq(p[65535], 7);
	scmi_vio_shm_destroy(a);
}
END_TEST

/*
 * memory handed to us that can still shrink is refused unless the
 * caller takes the risk; sealed against shrinking only is enough.
 */
START_TEST(test_shm_x1_unsealed_refused)
{
	struct scmi_vio_shm *b = NULL;
	char path[] = "/tmp/scmi_vio_shm_XXXXXX";
	int fd;

	/* A memfd that cannot be sealed at all. */
	fd = memfd_create("peer", MFD_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 8192), 0);
	ck_assert_int_eq(scmi_vio_shm_map(fd, 8192, 0, &b), -EPERM);
	ck_assert_ptr_null(b);
	ck_assert_int_eq(
		scmi_vio_shm_map(fd, 8192, SCMI_VIO_SHM_MAP_UNSEALED, &b), 0);
	scmi_vio_shm_destroy(b);
	b = NULL;
	close(fd);

	/* Sealable but not sealed; then sealed against shrinking. */
	fd = memfd_create("peer", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 8192), 0);
	ck_assert_int_eq(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
	ck_assert_int_eq(scmi_vio_shm_map(fd, 8192, 0, &b), -EPERM);
	ck_assert_int_eq(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
	ck_assert_int_eq(scmi_vio_shm_map(fd, 8192, 0, &b), 0);
	/* Still checked against its size. */
	scmi_vio_shm_destroy(b);
	b = NULL;
	ck_assert_int_eq(scmi_vio_shm_map(fd, 8193, 0, &b), -EINVAL);
	close(fd);

	/* A regular file cannot be sealed: it can always shrink. */
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	unlink(path);
	ck_assert_int_eq(ftruncate(fd, 4096), 0);
	ck_assert_int_eq(scmi_vio_shm_map(fd, 4096, 0, &b), -EPERM);
	ck_assert_int_eq(
		scmi_vio_shm_map(fd, 4096, SCMI_VIO_SHM_MAP_UNSEALED, &b), 0);
	scmi_vio_shm_destroy(b);
	close(fd);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_shm_two_mappings),
		CHECK_ONCE(test_shm_errors),
		CHECK_ONCE(test_shm_x1_created_memory_is_sealed),
		CHECK_ONCE(test_shm_x1_unsealed_refused),
		{ NULL, 0, 0 },
	};

	return check_main("shm", 0, tests);
}
