/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The library's trace points (include/scmi_vio/log.h lists the events).
 * Off by default and cheap when off: one relaxed load.
 */
#ifndef SCMI_VIO_COMMON_LOG_H
#define SCMI_VIO_COMMON_LOG_H

#include <stdbool.h>

#include <scmi_vio/log.h>

/*
 * Deliver @event at @level to the installed callback, the message built
 * from @fmt in a stack buffer (no allocation).  Nothing happens when no
 * callback takes @level.
 */
void scmi_vio__log(enum scmi_vio_log_level level, const char *event,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* SCMI_VIO_COMMON_LOG_H */
