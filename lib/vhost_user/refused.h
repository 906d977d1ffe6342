/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Telling the application which front-end requests the back-end refused
 * (the "rejected" log event, include/scmi_vio/log.h), at a bounded rate.
 */
#ifndef SCMI_VIO_VHOST_USER_REFUSED_H
#define SCMI_VIO_VHOST_USER_REFUSED_H

#include <stdint.h>

/*
 * A token bucket: a burst of lines, then one a second; what it held back
 * is counted and said on the next line let through.  Owned by one
 * back-end and used under its handle(), which is serialized: no lock.
 */
struct vhu_refused {
	uint32_t tokens;
	uint64_t refill_ns; /* when the next token is due; 0: not started */
	uint64_t held; /* refusals not logged since the last line */
};

/*
 * Report that @request (its number) was refused with @err (negative
 * errno), with @hint appended when not NULL.  No allocation.
 */
void scmi_vio__vhu_refused(struct vhu_refused *r, uint32_t request, int err,
			   const char *hint);

#endif /* SCMI_VIO_VHOST_USER_REFUSED_H */
