/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Names of the threads the library starts, "scmi-vio-<role>" in at most 15
 * characters (Linux's limit), so ps, top, gdb and perf say whose they are:
 *   scmi-vio-dev      a platform device's service thread (platform_dev.h)
 *   scmi-vio-irq      a transport's interrupt thread (SCMI_VIO_IRQ_EVENTFD)
 *   scmi-vio-worker   a transport's deferred worker
 *   scmi-vio-ntfNN    an agent's notification dispatcher, protocol 0xNN
 *   scmi-vio-spin     the loopback's spinning device thread
 *   scmi-vio-watch    a vhost-user front-end's watch on its backend
 */
#ifndef SCMI_VIO_COMMON_THREAD_NAME_H
#define SCMI_VIO_COMMON_THREAD_NAME_H

#include <pthread.h>

/*
 * Name the calling thread: the first thing each library thread does (a
 * handle the creator names could be a test harness's stand-in for a thread
 * that never runs).  Where the C library has no such call the thread stays
 * unnamed; a name too long for the kernel is refused the same way (a
 * library bug the thread-name test catches).
 */
static inline void sv_thread_name(const char *name)
{
#ifdef __linux__
	(void)pthread_setname_np(pthread_self(), name);
#else
	(void)name;
#endif
}

#endif /* SCMI_VIO_COMMON_THREAD_NAME_H */
