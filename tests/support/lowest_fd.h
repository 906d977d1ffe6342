/* SPDX-License-Identifier: BSD-3-Clause */
/* The lowest free descriptor: one a failed call leaked would move it. */
#ifndef SCMI_VIO_TEST_LOWEST_FD_H
#define SCMI_VIO_TEST_LOWEST_FD_H

int lowest_free_fd(void);

#endif /* SCMI_VIO_TEST_LOWEST_FD_H */
