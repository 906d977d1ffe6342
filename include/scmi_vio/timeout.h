/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Timeouts: one convention for every millisecond timeout of the API
 * (docs/conventions.md).
 *
 *   0                      the default: the object's configured timeout,
 *                          or the library's default for a configuration;
 *   SCMI_VIO_NO_WAIT       check once, never sleep (a result that is not
 *                          there yet is -EAGAIN or -ETIMEDOUT, as each
 *                          function says);
 *   SCMI_VIO_WAIT_FOREVER  no deadline;
 *   anything else          that many milliseconds on CLOCK_MONOTONIC.
 *
 * The doorbell wait (doorbell.h), a primitive with no default, takes
 * signed nanoseconds instead: < 0 for ever, 0 checks once.
 */
#ifndef SCMI_VIO_TIMEOUT_H
#define SCMI_VIO_TIMEOUT_H

/* Do not wait: check once. */
#define SCMI_VIO_NO_WAIT 0xfffffffeu
/* Wait without a deadline. */
#define SCMI_VIO_WAIT_FOREVER 0xffffffffu

#endif /* SCMI_VIO_TIMEOUT_H */
