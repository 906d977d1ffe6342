/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One Base PROTOCOL_VERSION, the cheapest command every platform answers:
 * on the caller's thread, or on its own thread (a command in flight while
 * the test breaks the device under it).
 */
#ifndef SCMI_VIO_TEST_BASE_CMD_H
#define SCMI_VIO_TEST_BASE_CMD_H

#include <pthread.h>
#include <stdbool.h>

#include <scmi_vio/scmi.h>

/* One Base PROTOCOL_VERSION, polled or not; @ms 0: the agent's reply
 * timeout.  Return: scmi_vio_agent_do_cmd()'s. */
int base_cmd(struct scmi_vio_agent *a, bool polled, unsigned int ms);

/* The command in flight: fill @a and @polled, then
 * pthread_create(&c.th, NULL, base_cmd_main, &c); @ret once joined. */
struct base_cmd_thread {
	pthread_t th;
	struct scmi_vio_agent *a;
	bool polled;
	int ret;
};

void *base_cmd_main(void *arg);

#endif /* SCMI_VIO_TEST_BASE_CMD_H */
