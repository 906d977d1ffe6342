// SPDX-License-Identifier: BSD-3-Clause
#include <check.h>
#include <unistd.h>

#include "lowest_fd.h"

int lowest_free_fd(void)
{
	int fd = dup(2);

	ck_assert_int_ge(fd, 0);
	close(fd);
	return fd;
}
