// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform fixture: requests built, replies and events checked word
 * by word (declared and documented in plat_fixture.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "check_run.h"
#include "plat_fixture.h"

size_t plat_req_words(uint8_t *buf, uint32_t hdr, unsigned int n,
		      const uint32_t *w)
{
	unsigned int i;

	memcpy(buf, (uint8_t[]){ W(hdr) }, 4);
	for (i = 0; i < n; i++)
		memcpy(buf + 4 + 4 * i, (uint8_t[]){ W(w[i]) }, 4);
	return 4 + 4 * (size_t)n;
}

size_t plat_req(uint8_t *buf, uint32_t hdr, unsigned int n, ...)
{
	uint32_t w[15];
	va_list ap;
	unsigned int i;

	ck_assert_uint_le(n, sizeof(w) / sizeof(w[0]));
	va_start(ap, n);
	for (i = 0; i < n; i++)
		w[i] = va_arg(ap, uint32_t);
	va_end(ap);
	return plat_req_words(buf, hdr, n, w);
}

/* What differs between @got and @exp, byte by byte, on stderr. */
static void plat_dump_diff(const uint8_t *got, size_t got_len,
			   const uint8_t *exp, size_t exp_len)
{
	size_t i;

	for (i = 0; i < got_len || i < exp_len; i++)
		if (i >= got_len || i >= exp_len || got[i] != exp[i])
			fprintf(stderr, "byte %zu: got %02x exp %02x\n", i,
				i < got_len ? got[i] : 0,
				i < exp_len ? exp[i] : 0);
}

/*
 * Run one command as @agent (0: the configured agent), given @cap bytes
 * for its response, and compare the whole response with @exp.
 */
static void plat_expect_cap_at(struct scmi_vio_platform *plat, uint32_t agent,
			       const uint8_t *req, size_t len, size_t cap,
			       const uint8_t *exp, size_t exp_len,
			       const char *file, int line)
{
	uint8_t resp[512];
	int n;

	ck_assert_uint_le(cap, sizeof(resp));
	memset(resp, 0xa5, sizeof(resp));
	n = agent ? scmi_vio_platform_handle_as(plat, agent, req, len, resp,
						cap) :
		    scmi_vio_platform_handle(plat, req, len, resp, cap);
	if (n < 0 || (size_t)n != exp_len || memcmp(resp, exp, exp_len)) {
		if (n > 0)
			plat_dump_diff(resp, (size_t)n, exp, exp_len);
		ck_abort_msg("%s:%d: agent %u: response mismatch (len %d, "
			     "expected %zu)",
			     file, line, agent, n, exp_len);
	}
}

void plat_expect_at(struct scmi_vio_platform *plat, const uint8_t *req,
		    size_t len, const uint8_t *exp, size_t exp_len,
		    const char *file, int line)
{
	plat_expect_cap_at(plat, 0, req, len, 8 + 128, exp, exp_len, file,
			   line);
}

int32_t plat_reply_word(struct scmi_vio_plat_msg *m, uint32_t v)
{
	memcpy(m->ret, (uint8_t[]){ W(v) }, 4);
	m->ret_len = 4;
	return 0;
}

int32_t plat_attrs_zero(struct scmi_vio_platform *plat,
			struct scmi_vio_plat_msg *m, void *arg)
{
	return plat_reply_word(m, 0);
}

struct scmi_vio_platform *
plat_create(const struct scmi_vio_platform_config *cfg)
{
	struct scmi_vio_platform *plat = NULL;

	ck_assert_int_eq(scmi_vio_platform_create(cfg, &plat), 0);
	return plat;
}

void plat_refuses(const struct scmi_vio_platform_config *cfg)
{
	struct scmi_vio_platform *plat = NULL;

	ck_assert_int_eq(scmi_vio_platform_create(cfg, &plat), -EINVAL);
	ck_assert_ptr_null(plat);
}

struct scmi_vio_platform *plat_default(void)
{
	struct scmi_vio_platform_config cfg;

	scmi_vio_platform_config_default(&cfg);
	return plat_create(&cfg);
}

struct scmi_vio_platform *plat_variant(bool p2a, enum scmi_vio_scmi_release rel)
{
	struct scmi_vio_platform_config cfg;

	scmi_vio_platform_config_default(&cfg);
	cfg.p2a = p2a;
	cfg.release = rel;
	return plat_create(&cfg);
}

struct scmi_vio_platform *plat_no_p2a(void)
{
	return plat_variant(false, SCMI_VIO_SCMI_3_2);
}

struct scmi_vio_platform *plat_scmi_2_0(void)
{
	return plat_variant(true, SCMI_VIO_SCMI_2_0);
}

void plat_expect_event_at(struct scmi_vio_platform *plat, const uint8_t *exp,
			  size_t exp_len, const char *file, int line)
{
	uint8_t buf[256];
	int n = scmi_vio_platform_event_pop(plat, buf, sizeof(buf));

	if (n < 0 || (size_t)n != exp_len || memcmp(buf, exp, exp_len)) {
		if (n > 0)
			plat_dump_diff(buf, (size_t)n, exp, exp_len);
		ck_abort_msg("%s:%d: event mismatch (len %d, expected %zu)",
			     file, line, n, exp_len);
	}
}

void plat_expect_pages(struct scmi_vio_platform *plat,
		       const struct plat_pages *pg, size_t cap)
{
	uint8_t rq[12], resp[512], exp[512];
	unsigned int i, k, ret;
	uint32_t hdr, w[2] = { 0 };
	size_t len, n;
	int got;

	for (i = 0; i < pg->total; i++) {
		ret = pg->total - i < pg->per_page ? pg->total - i :
						     pg->per_page;
		hdr = pg->flags & PAGES_INDEX_TOKEN ? pg->hdr | i << 18 :
						      pg->hdr;
		w[1] = i;
		len = pg->flags & PAGES_DOMAIN ?
			      plat_req_words(rq, hdr, 2, w) :
			      plat_req_words(rq, hdr, 1, w + 1);
		memcpy(exp,
		       (uint8_t[]){ W(hdr), W(S_OK),
				    W(ret | (pg->total - i - ret) << 16) },
		       12);
		n = 12;
		for (k = 0; pg->entry && k < ret; k++)
			n += pg->entry(i + k, exp + n);
		ck_assert_uint_le(cap, sizeof(resp));
		got = scmi_vio_platform_handle(plat, rq, len, resp, cap);
		ck_assert_int_eq(got, (int)(12 + pg->entry_len * ret));
		ck_assert_mem_eq(resp, exp, n);
		if (pg->check)
			pg->check(i, ret, resp);
	}
}

/* One step of a table: the index @i names it in a failure. */
static void plat_run_step(struct scmi_vio_platform *plat,
			  const struct plat_step *s, const char *name, int i)
{
	uint8_t rq[4 + 4 * PLAT_STEP_PARAMS], exp[8 + 256];
	struct scmi_vio_platform_stats st;
	size_t cap = s->cap ? s->cap : 8 + 128;
	uint64_t v;
	size_t len;
	unsigned int k;

	switch (s->kind) {
	case PLAT_STEP_CMD:
		ck_assert_uint_le(s->n, PLAT_STEP_PARAMS);
		len = plat_req_words(rq, s->hdr, s->n, s->p);
		if (s->exp && !s->payload) {
			plat_expect_cap_at(plat, s->agent, rq, len, cap, s->exp,
					   s->exp_len, name, i);
			break;
		}
		ck_assert_uint_le(8 + s->exp_len, sizeof(exp));
		memcpy(exp, (uint8_t[]){ W(s->hdr), W(s->status) }, 8);
		if (s->exp)
			memcpy(exp + 8, s->exp, s->exp_len);
		plat_expect_cap_at(plat, s->agent, rq, len, cap, exp,
				   8 + s->exp_len, name, i);
		break;
	case PLAT_STEP_MSG_ATTRS:
		/* SUCCESS with attributes 0, or the status alone. */
		ck_assert_uint_le(s->n, PLAT_STEP_PARAMS);
		memcpy(exp, (uint8_t[]){ W(s->hdr), W(s->status), W(0) }, 12);
		for (k = 0; k < s->n; k++) {
			len = plat_req_words(rq, s->hdr, 1, &s->p[k]);
			plat_expect_cap_at(plat, s->agent, rq, len, cap, exp,
					   s->status == S_OK ? 12 : 8, name, i);
		}
		break;
	case PLAT_STEP_PAGES:
		plat_expect_pages(plat, s->pages, cap);
		break;
	case PLAT_STEP_EVENT:
		plat_expect_event_at(plat, s->exp, s->exp_len, name, i);
		break;
	case PLAT_STEP_NO_EVENT:
		ck_assert_msg(!scmi_vio_platform_events_pending(plat),
			      "%s:%d: events pending", name, i);
		break;
	case PLAT_STEP_PENDING:
		v = scmi_vio_platform_events_pending(plat);
		ck_assert_msg(v == s->value,
			      "%s:%d: %" PRIu64
			      " events pending, expected %" PRIu64,
			      name, i, v, s->value);
		break;
	case PLAT_STEP_STAT:
		scmi_vio_platform_get_stats(plat, &st);
		memcpy(&v, (const uint8_t *)&st + s->stat_off, sizeof(v));
		ck_assert_msg(v == s->value,
			      "%s:%d: %s is %" PRIu64 ", expected %" PRIu64,
			      name, i, s->stat, v, s->value);
		break;
	}
}

void plat_run_steps(struct scmi_vio_platform *plat,
		    const struct plat_step *steps, size_t n, const char *name)
{
	size_t i;
	unsigned int r;

	for (i = 0; i < n; i++)
		for (r = 0; r < (steps[i].times ? steps[i].times : 1); r++)
			plat_run_step(plat, &steps[i], name, (int)i);
}

/* Run script @c on a platform from its make(), then destroy that. */
static void plat_run_script(const struct plat_case *c)
{
	struct scmi_vio_platform *plat = c->make();

	plat_run_steps(plat, c->steps, c->n, c->name);
	scmi_vio_platform_destroy(plat);
}

/* The scripts of the running program, for its loop test. */
static const struct plat_case **plat_scripts;

START_TEST(test_plat_scripts)
{
	plat_run_script(plat_scripts[_i]);
}
END_TEST

int plat_check_run(const char *name, const char *tcase, int timeout,
		   const struct plat_case *cases, size_t n)
{
	struct check_loop *all = calloc(n + 2, sizeof(*all));
	size_t i, k = 0, m = 0;
	int ret = EXIT_FAILURE;

	plat_scripts = calloc(n + 1, sizeof(*plat_scripts));
	if (!all || !plat_scripts)
		goto out;
	for (i = 0; i < n; i++) {
		if (cases[i].test)
			all[k++] = (struct check_loop)CHECK_LOOP(
				*cases[i].test, 0,
				cases[i].n ? (int)cases[i].n : 1);
		else
			plat_scripts[m++] = &cases[i];
	}
	if (m)
		all[k] = (struct check_loop)CHECK_LOOP(test_plat_scripts, 0,
						       (int)m);
	ret = check_run(check_suite_loops(name, tcase, timeout, all));
out:
	free(plat_scripts);
	free(all);
	return ret;
}
