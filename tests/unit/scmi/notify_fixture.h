/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fixture of the notification-limit tests (test_notify_limits.c,
 * test_notify_pending.c): an agent over the fake transport without a
 * platform, and a test protocol whose notify-enable commands are counted
 * (an enable may be made to take its time) and whose events need 4 bytes.
 */
#ifndef SCMI_VIO_TESTS_NOTIFY_FIXTURE_H
#define SCMI_VIO_TESTS_NOTIFY_FIXTURE_H

#include <stdbool.h>

#include "fake_transport.h"
#include <scmi_vio/scmi_notify.h>

extern struct ft *ft;
/* ATOMIC: enables, disables done; an enable has started. */
extern unsigned int nf_enables, nf_disables, nf_in_enable;
extern unsigned int nf_enable_ms; /* how long an enable takes */
/* An event's source: its first payload word if set, else source 0. */
extern bool nf_src_in_payload;

/* Checked fixture: counters cleared, enables instant, source 0. */
void nf_setup(void);
void nf_teardown(void);

/* The test protocol @proto with the @n_events @evs, 2 sources. */
struct scmi_vio_notify_proto_desc
nf_desc(uint8_t proto, const struct scmi_vio_notify_event_desc *evs,
	unsigned int n_events);

#endif /* SCMI_VIO_TESTS_NOTIFY_FIXTURE_H */
