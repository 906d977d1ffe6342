/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fixture of the protocol-client tests (test_clients*.c): a fake
 * platform of struct ft_proto scripts, one misbehaviour mode they all
 * read, a count of the notify-enable commands they were sent, and the
 * subscribe / notify / wait steps of the typed-report tests.
 */
#ifndef SCMI_VIO_TESTS_CLIENT_FIXTURE_H
#define SCMI_VIO_TESTS_CLIENT_FIXTURE_H

#include <semaphore.h>

#include "fake_transport.h"
#include <scmi_vio/scmi_notify.h>

/* How the scripted platform misbehaves; each script reads the ones it
 * knows and answers normally otherwise. */
enum cl_mode {
	M_OK = 0,
	M_COUNT_TOO_BIG, /* a page count larger than the data */
	M_NO_NUL, /* a name without NUL */
	M_REMAINING_BAD, /* pagination counters that do not add up */
	M_NO_PROGRESS, /* a page with nothing while some remain */
	M_EMPTY, /* S-20: a first page of 0 returned, 0 remaining */
	M_WRONG_ID, /* delayed response for another id */
	M_SHORT, /* replies and delayed responses shorter than their fields */
	M_ONE_SHORT, /* S-20: a total one short of the count */
	M_MANY, /* S-19: 65535 clocks, sensors, domains */
	M_DESCENDING, /* discrete levels out of order */
	M_SEG_FOUR, /* a linear segment of 4 entries */
	M_SEG_REMAINING, /* a linear segment with entries remaining */
	M_SEG_STEP0, /* a linear segment whose step is 0 */
	M_SEG_INVERTED, /* a linear segment with lowest > highest */
	M_SEG_LATE, /* a list whose second page turns into a segment */
};

extern struct ft *ft;
extern enum cl_mode mode;
/* ATOMIC: commands the scripts did not know (the notify enables). */
extern unsigned int notify_cmds;

/* Checked fixture: the platform of @protos in mode M_OK. */
void cl_setup(const struct ft_proto *protos);
void cl_teardown(void);

/* Domain 0's power, reset and voltage attributes all fail with @err. */
void cl_attributes_fail(int err);

/* A char[16] name, without NUL in M_NO_NUL. */
void cl_put_name(uint8_t *p, size_t *n, const char *s);

/* What a subscription's callback saw last. */
struct cl_seen {
	sem_t got;
	struct scmi_vio_notify_report r; /* payload cleared */
	uint64_t reports0; /* base_error.reports[0] */
};

/* One subscription: @proto's @evt from @src. */
struct cl_sub {
	uint8_t proto, evt;
	uint32_t src;
};

/* Subscribe @s to @sub into *@out: scmi_vio_notify_subscribe()'s return. */
int cl_subscribe_one(struct cl_seen *s, const struct cl_sub *sub,
		     struct scmi_vio_notify_sub **out);
/* Subscribe @s to each of the @n @subs (each must succeed) into @out. */
void cl_subscribe(struct cl_seen *s, const struct cl_sub *subs, size_t n,
		  struct scmi_vio_notify_sub **out);
void cl_unsubscribe(struct scmi_vio_notify_sub **subs, size_t n);
/* @proto's @evt with the @nw words @w as its payload. */
void cl_notify(uint8_t proto, uint8_t evt, const uint32_t *w, size_t nw);
/* cl_notify(), then wait for @s's callback. */
void cl_notify_wait(struct cl_seen *s, uint8_t proto, uint8_t evt,
		    const uint32_t *w, size_t nw);

#endif /* SCMI_VIO_TESTS_CLIENT_FIXTURE_H */
