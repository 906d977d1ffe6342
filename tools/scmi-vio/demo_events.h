/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * watch --demo-events: a thread that makes the in-process platform emit
 * notifications, as a real platform's hardware would (demo_events.c).
 */
#ifndef SCMI_VIO_TOOL_DEMO_EVENTS_H
#define SCMI_VIO_TOOL_DEMO_EVENTS_H

#include <scmi_vio/scmi_vio.h>

struct tool_demo;

/*
 * Every @period_ms, change one resource of the platform @lb serves (its
 * configuration is @cfg, which must outlive the thread) through the
 * platform's public API, then kick the device so the notification goes
 * out.  0 or a negative errno.
 */
int tool_demo_start(struct scmi_vio_loopback *lb,
		    const struct scmi_vio_platform_config *cfg,
		    unsigned int period_ms, struct tool_demo **out);

/* Stop and join the thread (NULL is a no-op). */
void tool_demo_stop(struct tool_demo *d);

#endif /* SCMI_VIO_TOOL_DEMO_EVENTS_H */
