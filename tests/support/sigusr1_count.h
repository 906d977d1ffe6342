/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals that interrupt waits: a SIGUSR1 handler that only counts, for
 * tests that check a blocking call survives EINTR.
 */
#ifndef SCMI_VIO_TEST_SIGUSR1_COUNT_H
#define SCMI_VIO_TEST_SIGUSR1_COUNT_H

/* Install the counting handler (no SA_RESTART) and zero the count. */
void sigusr1_count_start(void);
/* SIGUSR1 deliveries handled since sigusr1_count_start(). */
int sigusr1_count(void);

#endif /* SCMI_VIO_TEST_SIGUSR1_COUNT_H */
