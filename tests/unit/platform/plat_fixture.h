/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers for the platform protocol tests.  Expected responses are written
 * by hand as byte arrays from docs/protocol.md: W() spells a le32 word, H() a
 * message header by the bit layout of docs/protocol.md section 3.  None of
 * them calls library code, so a test never compares the platform with
 * itself.  Most tests are step tables (struct plat_step) that a program
 * lists with its other tests in a struct plat_case table for
 * plat_check_run().
 */
#ifndef SCMI_VIO_TEST_PLAT_FIXTURE_H
#define SCMI_VIO_TEST_PLAT_FIXTURE_H

#include <check.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <scmi_vio/platform.h>

#ifndef SCMI_VIO_TEST_SCALE
#define SCMI_VIO_TEST_SCALE 1
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* A le32 word as four bytes. */
#define W(x)                                                                 \
	(uint8_t)((uint32_t)(x)&0xff), (uint8_t)((uint32_t)(x) >> 8 & 0xff), \
		(uint8_t)((uint32_t)(x) >> 16 & 0xff),                       \
		(uint8_t)((uint32_t)(x) >> 24 & 0xff)
/* Header: id [7:0], type [9:8], protocol [17:10], token [27:18]. */
#define HT(proto, id, type, tok)                                            \
	((uint32_t)(id) | (uint32_t)(type) << 8 | (uint32_t)(proto) << 10 | \
	 (uint32_t)(tok) << 18)
#define H(proto, id, tok) HT(proto, id, 0, tok)
/* Status words (docs/protocol.md section 4). */
#define S_OK 0u
#define S_NOT_SUPPORTED 0xffffffffu
#define S_INVALID 0xfffffffeu
#define S_DENIED 0xfffffffdu
#define S_NOT_FOUND 0xfffffffcu
#define S_OUT_OF_RANGE 0xfffffffbu
#define S_BUSY 0xfffffffau
#define S_COMMS 0xfffffff9u
#define S_PROTOCOL 0xfffffff6u

/* Protocol ids. */
#define P_BASE 0x10
#define P_PERF 0x13
#define P_CLOCK 0x14
#define P_SENSOR 0x15

/* Build a request from a header and @n parameter words. */
size_t plat_req(uint8_t *buf, uint32_t hdr, unsigned int n, ...);

/* plat_req() with the @n parameter words in an array. */
size_t plat_req_words(uint8_t *buf, uint32_t hdr, unsigned int n,
		      const uint32_t *w);

/* Run one command and compare the whole response with @exp. */
void plat_expect_at(struct scmi_vio_platform *plat, const uint8_t *req,
		    size_t len, const uint8_t *exp, size_t exp_len,
		    const char *file, int line);

#define EXPECT(plat, req, len, ...)                                          \
	do {                                                                 \
		static const uint8_t exp_[] = { __VA_ARGS__ };               \
		plat_expect_at(plat, req, len, exp_, sizeof(exp_), __FILE__, \
			       __LINE__);                                    \
	} while (0)

/* The request under test: REQ() builds it, RESP() sends and compares. */
static uint8_t g_rq[64] __attribute__((unused));
static size_t g_rl __attribute__((unused));
#define REQ(hdr, n, ...) (g_rl = plat_req(g_rq, hdr, n, ##__VA_ARGS__))
#define RESP(plat, ...) EXPECT(plat, g_rq, g_rl, __VA_ARGS__)

/* Expect a status-only response to header + words. */
#define STATUS(plat, hdr, status, n, ...)                          \
	do {                                                       \
		uint8_t rq_[64];                                   \
		size_t rl_ = plat_req(rq_, hdr, n, ##__VA_ARGS__); \
		EXPECT(plat, rq_, rl_, W(hdr), W(status));         \
	} while (0)

/* A vendor handler's reply: the one le32 word @v; returns SUCCESS. */
int32_t plat_reply_word(struct scmi_vio_plat_msg *m, uint32_t v);

/* A vendor PROTOCOL_ATTRIBUTES handler replying the word 0. */
int32_t plat_attrs_zero(struct scmi_vio_platform *plat,
			struct scmi_vio_plat_msg *m, void *arg);

/* A platform from @cfg; the test fails if it cannot be created. */
struct scmi_vio_platform *
plat_create(const struct scmi_vio_platform_config *cfg);

struct scmi_vio_platform *plat_default(void);

/* A platform from @cfg is refused: -EINVAL, and none handed out. */
void plat_refuses(const struct scmi_vio_platform_config *cfg);

/* The default platform with @p2a and presenting SCMI release @rel. */
struct scmi_vio_platform *plat_variant(bool p2a,
				       enum scmi_vio_scmi_release rel);

struct scmi_vio_platform *plat_no_p2a(void);

/* The default platform presenting SCMI 2.0. */
struct scmi_vio_platform *plat_scmi_2_0(void);

/* Pop the next event and compare it with @exp. */
void plat_expect_event_at(struct scmi_vio_platform *plat, const uint8_t *exp,
			  size_t exp_len, const char *file, int line);

#define EVENT(plat, ...)                                                 \
	do {                                                             \
		static const uint8_t exp_[] = { __VA_ARGS__ };           \
		plat_expect_event_at(plat, exp_, sizeof(exp_), __FILE__, \
				     __LINE__);                          \
	} while (0)

#define NO_EVENT(plat) \
	ck_assert_uint_eq(scmi_vio_platform_events_pending(plat), 0)

/*
 * A scripted exchange is a table of steps run in order on one platform, each
 * row spelling one of:
 *   { ASK(hdr, n, params...), REPLY_IS(bytes...) }: a command and the whole
 *	response it must get;
 *   { ASK(hdr, n, params...), REPLY_OK(bytes...) }: a command and the
 *	response it must get: its own header, SUCCESS, then these bytes;
 *   { ASK(hdr, n, params...), STATUS_IS(status) }: a command and the
 *	status-only response it must get, under its own header;
 *   { IMPLEMENTED(hdr, ids...) }: PROTOCOL_MESSAGE_ATTRIBUTES under @hdr
 *	for each message id: SUCCESS, attributes 0;
 *   { NOT_IMPLEMENTED(hdr, ids...) }: the same, each NOT_FOUND;
 *   { EVENT_IS(bytes...) }: the next event the platform must have queued;
 *   { NO_EVENT_IS }: no event queued;
 *   { PAGES_ARE(hdr, flags, total, per_page, entry_len, entry, check) }:
 *	a paginated DESCRIBE at every start index (struct plat_pages);
 *   { PENDING_IS(n) }: n events queued;
 *   { STAT_IS(field, n) }: the platform's stats counter @field is n;
 * with TIMES(n) added to a row, that step n times over; with CAP(n), a
 * command given n bytes for its response (136 otherwise); with AS(agent),
 * a command sent as that agent.
 */
#define PLAT_STEP_PARAMS 16

/*
 * A paginated DESCRIBE command (docs/protocol.md section 10) asked at
 * every start index below @total: @hdr (its token the start index with
 * PAGES_INDEX_TOKEN), parameters {0, start} with PAGES_DOMAIN or {start}
 * alone.  Each page must be SUCCESS with min(@per_page, the rest) entries
 * of @entry_len bytes and the count of those left; its entries as @entry
 * writes them (when set), and whatever @check asserts of it (when set).
 */
struct plat_pages {
	uint32_t hdr;
	unsigned int flags;
	unsigned int total;
	unsigned int per_page;
	size_t entry_len;
	/* Write the expected entry @i at @p; return its length. */
	size_t (*entry)(unsigned int i, uint8_t *p);
	/* More checks of the @ret entries of a page from index @start. */
	void (*check)(unsigned int start, unsigned int ret,
		      const uint8_t *page);
};

#define PAGES_INDEX_TOKEN 1u
#define PAGES_DOMAIN 2u

/* Ask for every page of @pg, @cap bytes for each, and check each. */
void plat_expect_pages(struct scmi_vio_platform *plat,
		       const struct plat_pages *pg, size_t cap);

enum plat_step_kind {
	PLAT_STEP_CMD,
	PLAT_STEP_EVENT,
	PLAT_STEP_NO_EVENT,
	PLAT_STEP_PENDING,
	PLAT_STEP_STAT,
	PLAT_STEP_MSG_ATTRS,
	PLAT_STEP_PAGES,
};

struct plat_step {
	enum plat_step_kind kind;
	uint32_t hdr;
	unsigned int n;
	uint32_t p[PLAT_STEP_PARAMS];
	uint32_t status;
	const uint8_t *exp; /* NULL: status only */
	bool payload; /* exp follows the header and status */
	size_t exp_len;
	unsigned int times; /* 0: once */
	size_t cap; /* 0: 8 + 128 */
	uint32_t agent; /* 0: the configured agent */
	const char *stat; /* STAT_IS: the counter's name and offset */
	size_t stat_off;
	uint64_t value; /* STAT_IS, PENDING_IS */
	const struct plat_pages *pages;
};

#define PLAT_STEP_BYTES(...)                     \
	.exp = (const uint8_t[]){ __VA_ARGS__ }, \
	.exp_len = sizeof((const uint8_t[]){ __VA_ARGS__ })
#define ASK(h, n_, ...) .hdr = (h), .n = (n_), .p = { __VA_ARGS__ }
#define REPLY_IS(...) PLAT_STEP_BYTES(__VA_ARGS__)
#define STATUS_IS(s) .status = (s)
#define REPLY_OK(...) .payload = true, PLAT_STEP_BYTES(__VA_ARGS__)
#define EVENT_IS(...) .kind = PLAT_STEP_EVENT, PLAT_STEP_BYTES(__VA_ARGS__)
#define NO_EVENT_IS .kind = PLAT_STEP_NO_EVENT
#define TIMES(n_) .times = (n_)
#define PAGES_ARE(...)                                               \
	.kind = PLAT_STEP_PAGES, .pages = &(const struct plat_pages) \
	{                                                            \
		__VA_ARGS__                                          \
	}
#define PLAT_STEP_MSG_ATTRS(h, s, ...)                                     \
	.kind = PLAT_STEP_MSG_ATTRS, .hdr = (h), .status = (s),            \
	.n = sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t), \
	.p = { __VA_ARGS__ }
#define IMPLEMENTED(h, ...) PLAT_STEP_MSG_ATTRS(h, S_OK, __VA_ARGS__)
#define NOT_IMPLEMENTED(h, ...) PLAT_STEP_MSG_ATTRS(h, S_NOT_FOUND, __VA_ARGS__)
#define CAP(n_) .cap = (n_)
#define AS(a) .agent = (a)
#define PENDING_IS(n_) .kind = PLAT_STEP_PENDING, .value = (n_)
#define STAT_IS(field, n_)                                           \
	.kind = PLAT_STEP_STAT, .stat = #field,                      \
	.stat_off = offsetof(struct scmi_vio_platform_stats, field), \
	.value = (n_)

/*
 * Run the @n @steps in order on @plat; a mismatch fails the test naming
 * the table @name and the step's index.
 */
void plat_run_steps(struct scmi_vio_platform *plat,
		    const struct plat_step *steps, size_t n, const char *name);

#define STEPS(plat, table) \
	plat_run_steps(plat, table, ARRAY_SIZE(table), #table)

/*
 * One entry of a test program: a plain Check test (a loop test over
 * _i < n when n is set), or a script (a step table and the platform it
 * runs on).
 */
struct plat_case {
	const TTest *const *test; /* NULL: a script */
	const char *name;
	struct scmi_vio_platform *(*make)(void);
	const struct plat_step *steps;
	size_t n;
};

#define SCRIPT(make, table)                                  \
	{                                                    \
		NULL, #table, make, table, ARRAY_SIZE(table) \
	}
#define TEST_LOOP(t, n_)                \
	{                               \
		.test = &(t), .n = (n_) \
	}
#define TEST_CASE(t)         \
	{                    \
		.test = &(t) \
	}

/*
 * main() of a platform test program: a suite @name of one case @tcase
 * holding the plain tests among the @n @cases in order, then one loop test
 * running each script among them, each given @timeout seconds (0: Check's
 * default); returns the exit status for CTest.
 */
int plat_check_run(const char *name, const char *tcase, int timeout,
		   const struct plat_case *cases, size_t n);

#endif /* SCMI_VIO_TEST_PLAT_FIXTURE_H */
