/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Logging and trace hook.  The library never writes to stdout or stderr:
 * what it has to say about rare events goes to one callback the
 * application installs for the whole process, or nowhere (the default).
 *
 * Events, by level (the event argument names them):
 *   ERROR  "broken"    a queue latched broken (peer misbehaviour, D-/V-
 *                      rules) or a device met a fatal error;
 *   WARN   "rejected"  a received message was judged invalid or
 *                      unexpected (S-1..S-18) and dropped or failed its
 *                      command, or a vhost-user back-end refused a
 *                      front-end's request (its name, number and errno;
 *                      at most 10 lines at once, then one a second, with
 *                      the count of those not logged);
 *          "timeout"   a command's response or delayed response did not
 *                      come in time;
 *          "probe"     a probe failed (the message has the errno);
 *   INFO   "probe", "remove"  a transport was bound to or unbound from
 *                      its device;
 *   DEBUG  "fault"     the platform injected a fault (platform_fault.h).
 *
 * One process-wide setting rather than one per object: the events come
 * from every layer (ring, transport, agent, platform), and a per-object
 * hook would have to be threaded through all of them.  The callback tells
 * objects apart by the message text.
 */
#ifndef SCMI_VIO_LOG_H
#define SCMI_VIO_LOG_H

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How much an event matters, most severe first; scmi_vio_set_log() delivers
 * a level and every one above it. */
enum scmi_vio_log_level {
	SCMI_VIO_LOG_ERROR = 0,
	SCMI_VIO_LOG_WARN = 1,
	SCMI_VIO_LOG_INFO = 2,
	SCMI_VIO_LOG_DEBUG = 3,
};

/*
 * A log callback: @event is one of the names above, @msg a NUL-terminated
 * line without a newline (at most 255 characters), both valid only during
 * the call.  It runs on whatever library or application thread met the
 * event, possibly on several at once, sometimes with a library lock held:
 * it must return promptly and must not call into scmi_vio.
 */
typedef void (*scmi_vio_log_fn)(void *arg, enum scmi_vio_log_level level,
				const char *event, const char *msg);

/**
 * scmi_vio_set_log() - install the process's log callback.
 * @fn: the callback; NULL turns logging off (the default).
 * @arg: passed to @fn.
 * @level: the least important level delivered (SCMI_VIO_LOG_WARN: ERROR
 *         and WARN events).
 *
 * Context: any thread, any time, concurrently with events on other
 *          threads; not from a log callback (it would wait for itself).
 * Ordering: when it returns, the previous callback is not running and is
 *           never called again; events after it go to @fn.
 * Ownership: @arg stays the caller's; it must stay valid until another
 *            scmi_vio_set_log() call has returned.
 * Return: nothing.
 */
SCMI_VIO_API void scmi_vio_set_log(scmi_vio_log_fn fn, void *arg,
				   enum scmi_vio_log_level level);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_LOG_H */
