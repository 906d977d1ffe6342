// SPDX-License-Identifier: BSD-3-Clause
/*
 * The process's log callback (include/scmi_vio/log.h).  Events are rare
 * (setup, teardown, peer misbehaviour, timeouts, injected faults), so a
 * read-write lock is cheap enough; a level below every event (-1) keeps
 * the disabled case to one relaxed load and no lock.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "common/atomics.h"
#include "common/log.h"

/*
 * Protects log_fn and log_arg: events call the callback under the read
 * side, so scmi_vio_set_log() (the write side) returns only once no call
 * of the previous callback runs.
 */
static pthread_rwlock_t log_lock = PTHREAD_RWLOCK_INITIALIZER;
static scmi_vio_log_fn log_fn;
static void *log_arg;
/* ATOMIC: the least important level delivered; -1 when off.  Read
 * without the lock as a filter only: the decision is taken again under it. */
static int log_level = -1;

void scmi_vio_set_log(scmi_vio_log_fn fn, void *arg,
		      enum scmi_vio_log_level level)
{
	pthread_rwlock_wrlock(&log_lock);
	log_fn = fn;
	log_arg = arg;
	sv_write_once(&log_level, fn ? (int)level : -1);
	pthread_rwlock_unlock(&log_lock);
}

void scmi_vio__log(enum scmi_vio_log_level level, const char *event,
		   const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if ((int)level > sv_read_once(&log_level))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pthread_rwlock_rdlock(&log_lock);
	if (log_fn && (int)level <= sv_read_once(&log_level))
		log_fn(log_arg, level, event, msg);
	pthread_rwlock_unlock(&log_lock);
}
