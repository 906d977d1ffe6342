// SPDX-License-Identifier: BSD-3-Clause
#include "client_fixture.h"

#include <check.h>

#include "common/atomics.h"
#include <scmi_vio/scmi_power.h>
#include <scmi_vio/scmi_reset.h>
#include <scmi_vio/scmi_voltage.h>

struct ft *ft;
enum cl_mode mode;
unsigned int notify_cmds;

void cl_setup(const struct ft_proto *protos)
{
	mode = M_OK;
	sv_write_once(&notify_cmds, 0);
	ft = ft_open(8, 128, NULL, ft_serve_protos, (void *)protos);
}

void cl_teardown(void)
{
	ft_destroy(ft);
}

void cl_put_name(uint8_t *p, size_t *n, const char *s)
{
	ft_put_name(p, n, s, mode == M_NO_NUL);
}

void cl_attributes_fail(int err)
{
	struct scmi_vio_voltage_attrs va;
	struct scmi_vio_reset_attrs ra;
	struct scmi_vio_power_attrs pa;

	ck_assert_int_eq(scmi_vio_power_domain_attributes(ft->agent, 0, &pa),
			 err);
	ck_assert_int_eq(scmi_vio_reset_domain_attributes(ft->agent, 0, &ra),
			 err);
	ck_assert_int_eq(scmi_vio_voltage_domain_attributes(ft->agent, 0, &va),
			 err);
}

static void seen_cb(const struct scmi_vio_notify_report *r, void *arg)
{
	struct cl_seen *s = arg;

	s->r = *r;
	s->r.payload = NULL;
	s->reports0 = r->base_error.reports[0];
	sem_post(&s->got);
}

int cl_subscribe_one(struct cl_seen *s, const struct cl_sub *sub,
		     struct scmi_vio_notify_sub **out)
{
	return scmi_vio_notify_subscribe(ft->agent, sub->proto, sub->evt,
					 sub->src, seen_cb, s, out);
}

void cl_subscribe(struct cl_seen *s, const struct cl_sub *subs, size_t n,
		  struct scmi_vio_notify_sub **out)
{
	size_t i;

	for (i = 0; i < n; i++)
		ck_assert_int_eq(cl_subscribe_one(s, &subs[i], &out[i]), 0);
}

void cl_unsubscribe(struct scmi_vio_notify_sub **subs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		scmi_vio_notify_unsubscribe(ft->agent, subs[i]);
}

void cl_notify(uint8_t proto, uint8_t evt, const uint32_t *w, size_t nw)
{
	uint8_t p[32];

	ft_words(p, w, nw);
	ft_notify(ft, proto, evt, p, 4 * nw);
}

void cl_notify_wait(struct cl_seen *s, uint8_t proto, uint8_t evt,
		    const uint32_t *w, size_t nw)
{
	cl_notify(proto, evt, w, nw);
	ft_sem_wait(&s->got);
}
