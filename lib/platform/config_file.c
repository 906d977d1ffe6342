// SPDX-License-Identifier: BSD-3-Clause
/*
 * A platform configuration from text (platform.h documents the format).
 *
 * The parser starts from scmi_vio_platform_config_default() and applies
 * one directive per line.  Everything the configuration points at (names,
 * rate and level arrays, the resource arrays) is owned by the returned
 * object, so the configuration stays valid until it is freed.  Resource
 * arrays grow while parsing and are pointed at only at the end, when they
 * no longer move.  Syntax and number errors name the line; the ranges the
 * platform checks itself (a rate list not ascending, a name too long) are
 * left to scmi_vio_platform_create().
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/platform.h>

#define CF_MAX_LINE 4096
#define CF_MAX_ITEMS 4096 /* per list: rates, levels, resources, agents */

struct scmi_vio_platform_config_file {
	struct scmi_vio_platform_config cfg;
	char **strs; /* every string the configuration points at */
	size_t n_strs;
	const char **agents;
	struct scmi_vio_plat_agent *policy; /* one per agent */
	unsigned int n_policy;
	bool any_policy; /* some agent line has options */
	void **agent_arrays; /* hide= and deny= lists */
	unsigned int n_agent_arrays;
	struct scmi_vio_plat_clock *clocks;
	struct scmi_vio_plat_sensor *sensors;
	struct scmi_vio_plat_perf *perf;
	unsigned int n_agents, n_clocks, n_sensors, n_perf;
	/* A list given in the file replaces the default one. */
	bool own_agents, own_clocks, own_sensors, own_perf;
	uint64_t **rate_arrays; /* one per clock */
	struct scmi_vio_plat_perf_level **level_arrays; /* one per domain */
	unsigned int n_rate_arrays, n_level_arrays;
};

struct cf_parser {
	struct scmi_vio_platform_config_file *f;
	unsigned int line;
	char *err;
	size_t err_len;
};

static int cf_error(struct cf_parser *p, int ret, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->err || !p->err_len)
		return ret;
	n = snprintf(p->err, p->err_len, "line %u: ", p->line);
	if (n >= 0 && (size_t)n < p->err_len) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->err_len - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return ret;
}

static char *cf_strdup(struct cf_parser *p, const char *s)
{
	struct scmi_vio_platform_config_file *f = p->f;
	char **v, *d = strdup(s);

	if (!d)
		return NULL;
	v = realloc(f->strs, (f->n_strs + 1) * sizeof(*v));
	if (!v) {
		free(d);
		return NULL;
	}
	f->strs = v;
	f->strs[f->n_strs++] = d;
	return d;
}

/* Grow @*arr (of @*n elements of @size bytes) by one zeroed element. */
static void *cf_grow(void **arr, unsigned int *n, size_t size)
{
	uint8_t *a;

	if (*n >= CF_MAX_ITEMS)
		return NULL;
	a = realloc(*arr, (*n + 1) * size);
	if (!a)
		return NULL;
	*arr = a;
	memset(a + *n * size, 0, size);
	return a + (*n)++ * size;
}

/* A list that did not grow: @n items already, or the memory ran out. */
static int cf_grow_error(struct cf_parser *p, unsigned int n, const char *what)
{
	if (n >= CF_MAX_ITEMS)
		return cf_error(p, -ENOMEM, "too many %s (at most %u)", what,
				CF_MAX_ITEMS);
	return cf_error(p, -ENOMEM, "out of memory");
}

static int cf_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || *end || *v > max)
		return -EINVAL;
	return 0;
}

static int cf_i64(const char *s, int64_t min, int64_t max, int64_t *v)
{
	char *end;

	if (!*s)
		return -EINVAL;
	errno = 0;
	*v = strtoll(s, &end, 0);
	if (errno || *end || *v < min || *v > max)
		return -EINVAL;
	return 0;
}

static int cf_bool(const char *s, bool *v)
{
	if (!strcmp(s, "on") || !strcmp(s, "true") || !strcmp(s, "1"))
		*v = true;
	else if (!strcmp(s, "off") || !strcmp(s, "false") || !strcmp(s, "0"))
		*v = false;
	else
		return -EINVAL;
	return 0;
}

/* A key=value word: the value after '=', or NULL if @w is not @key=. */
static const char *cf_kv(const char *w, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(w, key, n) && w[n] == '=' ? w + n + 1 : NULL;
}

/* The numbers of a comma-separated list of @what (a noun) into a new array. */
static int cf_numbers(struct cf_parser *p, const char *s, const char *what,
		      uint64_t **out, unsigned int *n)
{
	char buf[CF_MAX_LINE], *tok, *save = NULL;
	uint64_t *r;

	snprintf(buf, sizeof(buf), "%s", s);
	*n = 0;
	*out = NULL;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		r = cf_grow((void **)out, n, sizeof(**out));
		if (!r)
			return cf_grow_error(p, *n, what);
		if (cf_u64(tok, UINT64_MAX, r))
			return cf_error(p, -EINVAL, "bad %s '%s'", what, tok);
	}
	if (!*n)
		return cf_error(p, -EINVAL, "no %s given", what);
	return 0;
}

/* level:power:latency,... into a new array. */
static int cf_levels(struct cf_parser *p, const char *s,
		     struct scmi_vio_plat_perf_level **out, unsigned int *n)
{
	char buf[CF_MAX_LINE], *tok, *save = NULL;
	struct scmi_vio_plat_perf_level *l;
	uint64_t lv, pw, lat;
	char c;

	snprintf(buf, sizeof(buf), "%s", s);
	*n = 0;
	*out = NULL;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		l = cf_grow((void **)out, n, sizeof(**out));
		if (!l)
			return cf_grow_error(p, *n, "levels");
		if (sscanf(tok, "%" SCNu64 ":%" SCNu64 ":%" SCNu64 "%c", &lv,
			   &pw, &lat, &c) != 3 ||
		    lv > UINT32_MAX || pw > UINT32_MAX || lat > UINT16_MAX)
			return cf_error(p, -EINVAL,
					"bad level '%s' (level:power:latency)",
					tok);
		l->level = (uint32_t)lv;
		l->power = (uint32_t)pw;
		l->latency_us = (uint16_t)lat;
	}
	if (!*n)
		return cf_error(p, -EINVAL, "no levels");
	return 0;
}

static int cf_clock(struct cf_parser *p, char **w, int nw)
{
	struct scmi_vio_platform_config_file *f = p->f;
	struct scmi_vio_plat_clock *c;
	uint64_t **slot = NULL, v;
	unsigned int i;
	const char *val;
	int ret, k;

	c = cf_grow((void **)&f->clocks, &f->n_clocks, sizeof(*c));
	if (c)
		slot = cf_grow((void **)&f->rate_arrays, &f->n_rate_arrays,
			       sizeof(*slot));
	if (!slot)
		return cf_grow_error(p, f->n_rate_arrays, "clocks");
	c->name = cf_strdup(p, w[1]);
	if (!c->name)
		return -ENOMEM;
	c->enabled = true;
	for (k = 2; k < nw; k++) {
		if ((val = cf_kv(w[k], "rates"))) {
			ret = cf_numbers(p, val, "rate", slot, &i);
			if (ret)
				return ret;
			c->n_rates = i;
		} else if ((val = cf_kv(w[k], "index"))) {
			if (cf_u64(val, UINT32_MAX, &v))
				return cf_error(p, -EINVAL, "bad index");
			c->rate_index = (unsigned int)v;
		} else if ((val = cf_kv(w[k], "enabled"))) {
			if (cf_bool(val, &c->enabled))
				return cf_error(p, -EINVAL, "bad enabled");
		} else if ((val = cf_kv(w[k], "latency"))) {
			if (cf_u64(val, UINT32_MAX, &v))
				return cf_error(p, -EINVAL, "bad latency");
			c->enable_latency_us = (uint32_t)v;
		} else {
			return cf_error(p, -EINVAL, "unknown clock key '%s'",
					w[k]);
		}
	}
	if (!c->n_rates)
		return cf_error(p, -EINVAL, "clock '%s' without rates=", w[1]);
	return 0;
}

static int cf_sensor(struct cf_parser *p, char **w, int nw)
{
	struct scmi_vio_platform_config_file *f = p->f;
	struct scmi_vio_plat_sensor *s;
	const char *val;
	uint64_t u;
	int64_t v;
	int k;

	s = cf_grow((void **)&f->sensors, &f->n_sensors, sizeof(*s));
	if (!s)
		return cf_grow_error(p, f->n_sensors, "sensors");
	s->name = cf_strdup(p, w[1]);
	if (!s->name)
		return -ENOMEM;
	s->period = 1;
	for (k = 2; k < nw; k++) {
		if ((val = cf_kv(w[k], "type"))) {
			if (cf_u64(val, UINT8_MAX, &u))
				return cf_error(p, -EINVAL, "bad type");
			s->type = (uint8_t)u;
		} else if ((val = cf_kv(w[k], "scale"))) {
			if (cf_i64(val, -16, 15, &v))
				return cf_error(p, -EINVAL, "bad scale");
			s->scale = (int8_t)v;
		} else if ((val = cf_kv(w[k], "async"))) {
			if (cf_bool(val, &s->async))
				return cf_error(p, -EINVAL, "bad async");
		} else if ((val = cf_kv(w[k], "trips"))) {
			if (cf_u64(val, SCMI_VIO_PLAT_MAX_TRIPS, &u))
				return cf_error(p, -EINVAL, "bad trips");
			s->n_trips = (uint8_t)u;
		} else if ((val = cf_kv(w[k], "base"))) {
			if (cf_i64(val, INT64_MIN, INT64_MAX, &s->base))
				return cf_error(p, -EINVAL, "bad base");
		} else if ((val = cf_kv(w[k], "step"))) {
			if (cf_i64(val, INT64_MIN, INT64_MAX, &s->step))
				return cf_error(p, -EINVAL, "bad step");
		} else if ((val = cf_kv(w[k], "period"))) {
			if (cf_u64(val, UINT32_MAX, &u) || !u)
				return cf_error(p, -EINVAL, "bad period");
			s->period = (uint32_t)u;
		} else {
			return cf_error(p, -EINVAL, "unknown sensor key '%s'",
					w[k]);
		}
	}
	return 0;
}

static int cf_perf(struct cf_parser *p, char **w, int nw)
{
	struct scmi_vio_platform_config_file *f = p->f;
	struct scmi_vio_plat_perf_level **slot = NULL;
	struct scmi_vio_plat_perf *d;
	unsigned int i;
	const char *val;
	uint64_t v;
	int ret, k;

	d = cf_grow((void **)&f->perf, &f->n_perf, sizeof(*d));
	if (d)
		slot = cf_grow((void **)&f->level_arrays, &f->n_level_arrays,
			       sizeof(*slot));
	if (!slot)
		return cf_grow_error(p, f->n_level_arrays, "domains");
	d->name = cf_strdup(p, w[1]);
	if (!d->name)
		return -ENOMEM;
	d->set_level = d->set_limits = true;
	for (k = 2; k < nw; k++) {
		if ((val = cf_kv(w[k], "levels"))) {
			ret = cf_levels(p, val, slot, &i);
			if (ret)
				return ret;
			d->n_levels = i;
		} else if ((val = cf_kv(w[k], "index"))) {
			if (cf_u64(val, UINT32_MAX, &v))
				return cf_error(p, -EINVAL, "bad index");
			d->level_index = (unsigned int)v;
		} else if ((val = cf_kv(w[k], "rate_limit"))) {
			if (cf_u64(val, UINT32_MAX, &v))
				return cf_error(p, -EINVAL, "bad rate_limit");
			d->rate_limit_us = (uint32_t)v;
		} else if ((val = cf_kv(w[k], "sustained_khz"))) {
			if (cf_u64(val, UINT32_MAX, &v))
				return cf_error(p, -EINVAL,
						"bad sustained_khz");
			d->sustained_freq_khz = (uint32_t)v;
		} else if ((val = cf_kv(w[k], "sustained_level"))) {
			if (cf_u64(val, UINT32_MAX, &v))
				return cf_error(p, -EINVAL,
						"bad sustained_level");
			d->sustained_level = (uint32_t)v;
		} else if ((val = cf_kv(w[k], "set_level"))) {
			if (cf_bool(val, &d->set_level))
				return cf_error(p, -EINVAL, "bad set_level");
		} else if ((val = cf_kv(w[k], "set_limits"))) {
			if (cf_bool(val, &d->set_limits))
				return cf_error(p, -EINVAL, "bad set_limits");
		} else {
			return cf_error(p, -EINVAL, "unknown perf key '%s'",
					w[k]);
		}
	}
	if (!d->n_levels)
		return cf_error(p, -EINVAL,
				"domain '%s' without levels=", w[1]);
	return 0;
}

/* A directive with one number argument; false if @w[0] is not one. */
static bool cf_number_directive(struct cf_parser *p, char **w, int nw, int *ret)
{
	struct scmi_vio_platform_config *cfg = &p->f->cfg;
	const struct {
		const char *name;
		uint32_t *u32; /* one of these two */
		unsigned int *uint;
	} nums[] = {
		{ "impl_version", &cfg->impl_version, NULL },
		{ "agent_id", &cfg->agent_id, NULL },
		{ "clock_max_async", NULL, &cfg->clock_max_async },
		{ "sensor_max_async", NULL, &cfg->sensor_max_async },
		{ "max_delayed", NULL, &cfg->max_delayed },
		{ "max_notifications", NULL, &cfg->max_notifications },
		{ "max_payload", NULL, NULL }, /* size_t */
	};
	unsigned int i;
	uint64_t v;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if (strcmp(w[0], nums[i].name))
			continue;
		if (nw != 2 ||
		    cf_u64(w[1],
			   nums[i].uint || nums[i].u32 ? UINT32_MAX : SIZE_MAX,
			   &v)) {
			*ret = cf_error(p, -EINVAL, "%s takes one number",
					w[0]);
			return true;
		}
		if (nums[i].u32)
			*nums[i].u32 = (uint32_t)v;
		else if (nums[i].uint)
			*nums[i].uint = (unsigned int)v;
		else
			cfg->max_payload = (size_t)v;
		*ret = 0;
		return true;
	}
	return false;
}

/* "clocks none" and the like: the protocol is left out. */
static int cf_none(struct cf_parser *p, char **w, int nw)
{
	struct scmi_vio_platform_config_file *f = p->f;

	if (nw != 2 || strcmp(w[1], "none"))
		return cf_error(p, -EINVAL, "%s takes 'none'", w[0]);
	if (!strcmp(w[0], "clocks"))
		f->own_clocks = true;
	else if (!strcmp(w[0], "sensors"))
		f->own_sensors = true;
	else
		f->own_perf = true;
	return 0;
}

/*
 * The power-management protocols keep the default's domains or leave them
 * out.  True when @w is one of their directives (its result in *@ret).
 */
static bool cf_pm_directive(struct cf_parser *p, char **w, int nw, int *ret)
{
	struct scmi_vio_platform_config *cfg = &p->f->cfg;
	unsigned int *n = NULL;

	if (!strcmp(w[0], "system_power")) {
		*ret = nw == 2 && !cf_bool(w[1], &cfg->sys_power) ?
			       0 :
			       cf_error(p, -EINVAL,
					"system_power takes on or off");
		return true;
	}
	if (!strcmp(w[0], "power_domains"))
		n = &cfg->n_power;
	else if (!strcmp(w[0], "reset_domains"))
		n = &cfg->n_resets;
	else if (!strcmp(w[0], "voltage_domains"))
		n = &cfg->n_voltage;
	if (!n)
		return false;
	*ret = nw == 2 && !strcmp(w[1], "none") ?
		       0 :
		       cf_error(p, -EINVAL, "%s takes 'none'", w[0]);
	if (!*ret)
		*n = 0;
	return true;
}

static int cf_name(struct cf_parser *p, char **w, int nw, const char **dst)
{
	if (nw != 2)
		return cf_error(p, -EINVAL, "%s takes one name", w[0]);
	*dst = cf_strdup(p, w[1]);
	return *dst ? 0 : -ENOMEM;
}

/*
 * The numbers of a comma-separated list, each at most @max, into a new
 * array of @size-byte elements (1 or 4), freed with the file.
 */
static int cf_agent_list(struct cf_parser *p, const char *s, uint64_t max,
			 size_t size, void **out, unsigned int *n)
{
	void **slot;
	uint64_t *v;
	uint8_t *a;
	unsigned int i;
	int ret;

	ret = cf_numbers(p, s, "list value", &v, n);
	if (ret) {
		free(v);
		return ret;
	}
	slot = cf_grow((void **)&p->f->agent_arrays, &p->f->n_agent_arrays,
		       sizeof(*slot));
	a = slot ? malloc(*n * size) : NULL;
	if (!a) {
		free(v);
		return cf_error(p, -ENOMEM, "out of memory");
	}
	*slot = a;
	for (i = 0; i < *n; i++) {
		if (v[i] > max) {
			free(v);
			return cf_error(p, -EINVAL,
					"agent list value too large");
		}
		if (size == 1)
			a[i] = (uint8_t)v[i];
		else
			((uint32_t *)(void *)a)[i] = (uint32_t)v[i];
	}
	free(v);
	*out = a;
	return 0;
}

/* agent NAME [trusted=on|off] [hide=PROTO,...] [deny=DEVICE,...] */
static int cf_agent(struct cf_parser *p, char **w, int nw)
{
	struct scmi_vio_platform_config_file *f = p->f;
	struct scmi_vio_plat_agent *pol;
	const char **a, *v;
	void *list;
	int i, ret;

	if (nw < 2)
		return cf_error(p, -EINVAL, "agent needs a name");
	f->own_agents = true;
	a = cf_grow((void **)&f->agents, &f->n_agents, sizeof(*a));
	pol = cf_grow((void **)&f->policy, &f->n_policy, sizeof(*pol));
	if (!a || !pol)
		return cf_grow_error(p, f->n_policy, "agents");
	*a = cf_strdup(p, w[1]);
	if (!*a)
		return -ENOMEM;
	for (i = 2; i < nw; i++) {
		f->any_policy = true;
		if ((v = cf_kv(w[i], "trusted"))) {
			if (cf_bool(v, &pol->trusted))
				return cf_error(p, -EINVAL,
						"trusted takes on or off");
		} else if ((v = cf_kv(w[i], "hide"))) {
			ret = cf_agent_list(p, v, 0xff, 1, &list,
					    &pol->n_hidden_protocols);
			if (ret)
				return ret;
			pol->hidden_protocols = list;
		} else if ((v = cf_kv(w[i], "deny"))) {
			ret = cf_agent_list(p, v, UINT32_MAX, 4, &list,
					    &pol->n_denied_devices);
			if (ret)
				return ret;
			pol->denied_devices = list;
		} else {
			return cf_error(p, -EINVAL, "unknown agent option '%s'",
					w[i]);
		}
	}
	return 0;
}

static int cf_directive(struct cf_parser *p, char **w, int nw)
{
	struct scmi_vio_platform_config_file *f = p->f;
	struct scmi_vio_platform_config *cfg = &f->cfg;
	int ret;

	if (cf_number_directive(p, w, nw, &ret))
		return ret;
	if (!strcmp(w[0], "release")) {
		if (nw == 2 && !strcmp(w[1], "2.0"))
			cfg->release = SCMI_VIO_SCMI_2_0;
		else if (nw == 2 && !strcmp(w[1], "3.2"))
			cfg->release = SCMI_VIO_SCMI_3_2;
		else
			return cf_error(p, -EINVAL, "release takes 2.0 or 3.2");
		return 0;
	}
	if (!strcmp(w[0], "vendor"))
		return cf_name(p, w, nw, &cfg->vendor);
	if (!strcmp(w[0], "sub_vendor"))
		return cf_name(p, w, nw, &cfg->sub_vendor);
	if (!strcmp(w[0], "p2a")) {
		if (nw != 2 || cf_bool(w[1], &cfg->p2a))
			return cf_error(p, -EINVAL, "p2a takes on or off");
		return 0;
	}
	if (!strcmp(w[0], "agent"))
		return cf_agent(p, w, nw);
	if (!strcmp(w[0], "clocks") || !strcmp(w[0], "sensors") ||
	    !strcmp(w[0], "perf_domains"))
		return cf_none(p, w, nw);
	if (cf_pm_directive(p, w, nw, &ret))
		return ret;
	if (nw < 2 && (!strcmp(w[0], "clock") || !strcmp(w[0], "sensor") ||
		       !strcmp(w[0], "perf")))
		return cf_error(p, -EINVAL, "%s needs a name", w[0]);
	if (!strcmp(w[0], "clock")) {
		f->own_clocks = true;
		return cf_clock(p, w, nw);
	}
	if (!strcmp(w[0], "sensor")) {
		f->own_sensors = true;
		return cf_sensor(p, w, nw);
	}
	if (!strcmp(w[0], "perf")) {
		f->own_perf = true;
		return cf_perf(p, w, nw);
	}
	return cf_error(p, -EINVAL, "unknown directive '%s'", w[0]);
}

/* Split @line (modified) into words; '#' starts a comment. */
static int cf_words(char *line, char **w, int max)
{
	char *save = NULL, *tok, *hash = strchr(line, '#');
	int n = 0;

	if (hash)
		*hash = '\0';
	for (tok = strtok_r(line, " \t\r\n", &save); tok && n < max;
	     tok = strtok_r(NULL, " \t\r\n", &save))
		w[n++] = tok;
	return tok ? -1 : n;
}

/* Point the configuration at the lists, now that they no longer move. */
static void cf_finish(struct scmi_vio_platform_config_file *f)
{
	struct scmi_vio_platform_config *cfg = &f->cfg;
	unsigned int i;

	if (f->own_agents) {
		cfg->agents = f->agents;
		cfg->n_agents = f->n_agents;
		cfg->agent_policy = f->any_policy ? f->policy : NULL;
	}
	for (i = 0; i < f->n_clocks; i++)
		f->clocks[i].rates = f->rate_arrays[i];
	for (i = 0; i < f->n_perf; i++)
		f->perf[i].levels = f->level_arrays[i];
	if (f->own_clocks) {
		cfg->clocks = f->clocks;
		cfg->n_clocks = f->n_clocks;
	}
	if (f->own_sensors) {
		cfg->sensors = f->sensors;
		cfg->n_sensors = f->n_sensors;
	}
	if (f->own_perf) {
		cfg->perf = f->perf;
		cfg->n_perf = f->n_perf;
	}
}

void scmi_vio_platform_config_file_free(struct scmi_vio_platform_config_file *f)
{
	unsigned int i;
	size_t k;

	if (!f)
		return;
	for (k = 0; k < f->n_strs; k++)
		free(f->strs[k]);
	for (i = 0; i < f->n_rate_arrays; i++)
		free(f->rate_arrays[i]);
	for (i = 0; i < f->n_level_arrays; i++)
		free(f->level_arrays[i]);
	free(f->strs);
	for (i = 0; i < f->n_agent_arrays; i++)
		free(f->agent_arrays[i]);
	free(f->agent_arrays);
	free(f->agents);
	free(f->policy);
	free(f->clocks);
	free(f->sensors);
	free(f->perf);
	free(f->rate_arrays);
	free(f->level_arrays);
	free(f);
}

int scmi_vio_platform_config_parse(const char *text, size_t len,
				   struct scmi_vio_platform_config_file **out,
				   char *err, size_t err_len)
{
	struct cf_parser p = { .err = err, .err_len = err_len };
	char line[CF_MAX_LINE], *w[64];
	size_t pos = 0, n;
	const char *nl;
	int nw, ret = 0;

	if (err && err_len)
		err[0] = '\0';
	if (!out || (!text && len))
		return -EINVAL;
	*out = NULL;
	p.f = calloc(1, sizeof(*p.f));
	if (!p.f) {
		if (err && err_len)
			snprintf(err, err_len, "out of memory");
		return -ENOMEM;
	}
	scmi_vio_platform_config_default(&p.f->cfg);
	while (pos < len && !ret) {
		p.line++;
		nl = memchr(text + pos, '\n', len - pos);
		n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		if (n >= sizeof(line) || memchr(text + pos, '\0', n)) {
			ret = cf_error(&p, -EINVAL,
				       n >= sizeof(line) ? "line too long" :
							   "NUL byte");
			break;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + (nl != NULL);
		nw = cf_words(line, w, (int)(sizeof(w) / sizeof(w[0])));
		if (nw < 0)
			ret = cf_error(&p, -EINVAL, "too many words");
		else if (nw)
			ret = cf_directive(&p, w, nw);
	}
	if (ret) {
		if (ret == -ENOMEM && err && err_len && !err[0])
			cf_error(&p, ret, "out of memory");
		scmi_vio_platform_config_file_free(p.f);
		return ret;
	}
	cf_finish(p.f);
	*out = p.f;
	return 0;
}

int scmi_vio_platform_config_load(const char *path,
				  struct scmi_vio_platform_config_file **out,
				  char *err, size_t err_len)
{
	char *text = NULL, *t;
	size_t len = 0, cap = 0, n;
	FILE *fp;
	int ret;

	if (err && err_len)
		err[0] = '\0';
	if (!path || !out)
		return -EINVAL;
	fp = fopen(path, "r");
	if (!fp) {
		ret = -errno;
		if (err && err_len)
			snprintf(err, err_len, "%s: %s", path, strerror(-ret));
		return ret;
	}
	do {
		if (len == cap) {
			cap = cap ? 2 * cap : 4096;
			t = cap <= (1u << 24) ? realloc(text, cap) : NULL;
			if (!t) {
				free(text);
				fclose(fp);
				ret = cap > (1u << 24) ? -EFBIG : -ENOMEM;
				if (err && err_len)
					snprintf(err, err_len, "%s: %s", path,
						 ret == -EFBIG ?
							 "too large" :
							 "out of memory");
				return ret;
			}
			text = t;
		}
		n = fread(text + len, 1, cap - len, fp);
		len += n;
	} while (n);
	ret = ferror(fp) ? -EIO : 0;
	fclose(fp);
	if (!ret)
		ret = scmi_vio_platform_config_parse(text, len, out, err,
						     err_len);
	else if (err && err_len)
		snprintf(err, err_len, "%s: read error", path);
	free(text);
	return ret;
}

const struct scmi_vio_platform_config *
scmi_vio_platform_config_file_get(const struct scmi_vio_platform_config_file *f)
{
	return &f->cfg;
}
