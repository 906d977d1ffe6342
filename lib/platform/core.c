// SPDX-License-Identifier: BSD-3-Clause
/*
 * SCMI platform core: the (protocol, message id) handler table, the messages
 * every protocol has (docs/protocol.md section 5), and the request path.
 *
 * Theory of operation: handle() parses only the buffer it is given (the
 * transport's private copy, V-18), checks the header, looks the handler up
 * in a table filled at setup (so the lookup needs no lock of its own),
 * and runs it under the platform lock with a return-value area bounded by
 * both the caller's buffer and the configured payload size.  Every status is
 * written here, so "a non-SUCCESS response is only the status"
 * (docs/protocol.md section 2) holds for every handler, built-in or not.
 *
 * Only a protocol's handlers touch simulated state.  Everything else (a
 * malformed or unsupported request, and the messages every protocol has,
 * which read the table and the protocol's version, both fixed at setup,
 * the row the calling agent is served and the P2A flag, each read once) is
 * answered without the lock and counted in plat->unlocked; get_stats()
 * adds those counters to the locked ones.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomics.h"
#include "platform/platform_internal.h"

int scmi_vio__plat_name(char dst[SCMI_VIO_PLAT_NAME_LEN], const char *src)
{
	size_t n;

	if (!src)
		return -EINVAL;
	n = strlen(src);
	if (n >= SCMI_VIO_PLAT_NAME_LEN)
		return -EINVAL;
	memset(dst, 0, SCMI_VIO_PLAT_NAME_LEN);
	memcpy(dst, src, n);
	return 0;
}

static bool is_core_msg(unsigned int id)
{
	return id == SCMI_VIO_MSG_PROTOCOL_VERSION ||
	       id == SCMI_VIO_MSG_PROTOCOL_MESSAGE_ATTRIBUTES ||
	       id == SCMI_VIO_MSG_NEGOTIATE_PROTOCOL_VERSION;
}

int scmi_vio__platform_register(struct scmi_vio_platform *plat,
				const struct scmi_vio_plat_protocol_desc *desc)
{
	struct plat_proto *p;
	unsigned int i;

	if (!plat || !desc || desc->id < SCMI_VIO_PROTO_BASE ||
	    (!desc->msgs && desc->n_msgs))
		return -EINVAL;
	if (plat->protos[desc->id])
		return -EEXIST;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->id = desc->id;
	p->version = desc->version;
	p->arg = desc->arg;
	for (i = 0; i < desc->n_msgs; i++) {
		const struct scmi_vio_plat_msg_desc *m = &desc->msgs[i];

		if (!m->fn || is_core_msg(m->id) || p->msgs[m->id].fn) {
			free(p);
			return -EINVAL;
		}
		p->msgs[m->id] = *m;
	}
	if (!p->msgs[SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES].fn) {
		free(p);
		return -EINVAL;
	}
	plat->protos[desc->id] = p;
	plat->n_protos++;
	return 0;
}

int scmi_vio_platform_register(struct scmi_vio_platform *plat,
			       const struct scmi_vio_plat_protocol_desc *desc)
{
	if (!desc || desc->id == SCMI_VIO_PROTO_BASE)
		return -EINVAL;
	return scmi_vio__platform_register(plat, desc);
}

/* Does @desc have a handler for every non-core id some row names? */
static bool revs_covered(const struct scmi_vio_plat_protocol_desc *desc,
			 const struct plat_proto_rev *revs)
{
	uint64_t named = 0, have = PLAT_MSGS_CORE_3_2;
	unsigned int i;

	for (i = 0; i < SCMI_VIO_SCMI_NR_RELEASES; i++)
		named |= revs[i].msgs;
	for (i = 0; i < desc->n_msgs; i++)
		if (desc->msgs[i].id < 64)
			have |= PLAT_MSG(desc->msgs[i].id);
	return !(named & ~have);
}

int scmi_vio__platform_register_revs(
	struct scmi_vio_platform *plat,
	const struct scmi_vio_plat_protocol_desc *desc,
	const struct plat_proto_rev *revs)
{
	struct scmi_vio_plat_protocol_desc d = *desc;
	uint8_t *rev;
	int ret;

	if (!revs_covered(desc, revs))
		return -EINVAL;
	if (!revs[plat->release].version)
		return 0;
	d.version = revs[plat->release].version;
	/* Every agent starts on the configured release's row. */
	rev = malloc(plat->n_agents);
	if (!rev)
		return -ENOMEM;
	memset(rev, plat->release, plat->n_agents);
	ret = scmi_vio__platform_register(plat, &d);
	if (ret) {
		free(rev);
		return ret;
	}
	plat->protos[d.id]->revs = revs;
	plat->protos[d.id]->rev = rev;
	return 0;
}

int scmi_vio__platform_register_state(
	struct scmi_vio_platform *plat,
	const struct scmi_vio_plat_protocol_desc *desc,
	const struct plat_proto_rev *revs, void (*fini)(void *))
{
	int ret = scmi_vio__platform_register_revs(plat, desc, revs);

	if (ret || !plat->protos[desc->id]) {
		fini(desc->arg);
		return ret;
	}
	plat->protos[desc->id]->fini = fini;
	return 0;
}

/* The row of @p @agent is served; NULL for a vendor protocol. */
static const struct plat_proto_rev *proto_row(const struct plat_proto *p,
					      uint32_t agent)
{
	/* Its NEGOTIATE stores it without the lock; one byte, read once. */
	return p->revs ? &p->revs[sv_read_once(&p->rev[agent - 1])] : NULL;
}

uint32_t scmi_vio__plat_agent_version(const struct scmi_vio_platform *plat,
				      uint32_t agent, uint8_t proto)
{
	/* Only for a built-in protocol: it is registered, with its rows. */
	return proto_row(plat->protos[proto], agent)->version;
}

uint32_t scmi_vio__plat_version(const struct scmi_vio_platform *plat,
				uint8_t proto)
{
	return scmi_vio__plat_agent_version(plat, plat->cur_agent, proto);
}

void scmi_vio__plat_versions_reset(struct scmi_vio_platform *plat,
				   uint32_t agent)
{
	unsigned int i;

	for (i = 0; i < 256; i++)
		if (plat->protos[i] && plat->protos[i]->revs)
			sv_write_once(&plat->protos[i]->rev[agent - 1],
				      (uint8_t)plat->release);
}

/* Does the version of @p that @agent is served have message @id? */
static bool msg_exists(const struct scmi_vio_platform *plat,
		       const struct plat_proto *p, uint32_t agent, uint32_t id)
{
	const struct plat_proto_rev *row = proto_row(p, agent);

	if (id > 0xff)
		return false;
	/* Negotiating an older version keeps the way back to ours. */
	if (row && id == SCMI_VIO_MSG_NEGOTIATE_PROTOCOL_VERSION)
		row = &p->revs[plat->release];
	if (row && (id >= 64 || !(row->msgs & PLAT_MSG(id))))
		return false;
	/* Vendor protocols have NEGOTIATE only where the release has it. */
	if (!row && id == SCMI_VIO_MSG_NEGOTIATE_PROTOCOL_VERSION &&
	    plat->release == SCMI_VIO_SCMI_2_0)
		return false;
	return is_core_msg(id) || p->msgs[id].fn;
}

/* Is message @id of @p implemented, as @agent may see it? */
static bool msg_visible(const struct scmi_vio_platform *plat,
			const struct plat_proto *p, uint32_t agent, uint32_t id)
{
	if (!msg_exists(plat, p, agent, id))
		return false;
	if (is_core_msg(id))
		return true;
	return scmi_vio_platform_p2a(plat) ||
	       !(p->msgs[id].flags & SCMI_VIO_PLAT_MSG_P2A);
}

/*
 * NEGOTIATE_PROTOCOL_VERSION: a built-in protocol switches @agent (and no
 * other: DEN0056E 4.2.2, the version of "the calling agent") to the row of
 * a release whose version is the one asked for, no newer than the
 * configured one; a vendor protocol implements one version, of which an
 * older minor of the same major is a subset.  Anything else is
 * NOT_SUPPORTED.
 */
static int32_t negotiate(struct plat_proto *p, uint32_t agent, uint32_t v)
{
	unsigned int i;

	if (!p->revs)
		return v >> 16 == p->version >> 16 && v <= p->version ?
			       SCMI_VIO_SUCCESS :
			       SCMI_VIO_NOT_SUPPORTED;
	for (i = 0; i < SCMI_VIO_SCMI_NR_RELEASES; i++) {
		if (p->revs[i].version && p->revs[i].version == v &&
		    v <= p->version) {
			sv_write_once(&p->rev[agent - 1], (uint8_t)i);
			return SCMI_VIO_SUCCESS;
		}
	}
	return SCMI_VIO_NOT_SUPPORTED;
}

/* The messages every protocol has, answered by the core. */
static int32_t core_msg(struct scmi_vio_platform *plat, struct plat_proto *p,
			uint32_t agent, uint8_t id, struct scmi_vio_plat_msg *m)
{
	uint32_t v;

	switch (id) {
	case SCMI_VIO_MSG_PROTOCOL_VERSION:
		if (!plat_params_are(m, 0))
			return SCMI_VIO_PROTOCOL_ERROR;
		return plat_put(m, p->version) ? SCMI_VIO_SUCCESS :
						 SCMI_VIO_COMMS_ERROR;
	case SCMI_VIO_MSG_PROTOCOL_MESSAGE_ATTRIBUTES:
		if (!plat_params_are(m, 1))
			return SCMI_VIO_PROTOCOL_ERROR;
		v = plat_param(m, 0);
		if (!msg_visible(plat, p, agent, v))
			return SCMI_VIO_NOT_FOUND;
		v = is_core_msg(v) ? 0 : p->msgs[v].attributes;
		return plat_put(m, v) ? SCMI_VIO_SUCCESS : SCMI_VIO_COMMS_ERROR;
	default: /* NEGOTIATE_PROTOCOL_VERSION */
		if (!plat_params_are(m, 1))
			return SCMI_VIO_PROTOCOL_ERROR;
		return negotiate(p, agent, plat_param(m, 0));
	}
}

/*
 * After a notify command of the caller: when it left while another agent
 * stays subscribed, the protocol hears that agent's request again (its
 * flag is the union of the agents'; agents.c).  Platform lock held.
 */
static void keep_subscribed(struct scmi_vio_platform *plat,
			    const struct plat_proto *p, uint8_t id,
			    const struct scmi_vio_plat_msg *m)
{
	struct scmi_vio_plat_msg again;
	uint8_t params[8];

	if (!scmi_vio__agent_subscribe(plat, p->id, id, m, params))
		return;
	again = *m;
	again.params = params;
	/* Notify commands take one or two words; never read past @params. */
	again.params_len = m->params_len < sizeof(params) ? m->params_len :
							    sizeof(params);
	again.ret_len = 0;
	/* The status was SUCCESS for the same words but the enable one. */
	(void)p->msgs[id].fn(plat, &again, p->arg);
}

/*
 * A protocol's own handler, under the lock, as agent @agent (DENIED about a
 * device it lacks); counted in plat->stats.
 */
static int32_t __run(struct scmi_vio_platform *plat, uint32_t agent,
		     const struct plat_proto *p, uint8_t id,
		     struct scmi_vio_plat_msg *m, bool *held)
{
	uint8_t due[32];
	int32_t status;
	bool wake;

	pthread_mutex_lock(&plat->lock);
	plat->stats.commands++;
	plat->holding = held != NULL;
	plat->held_now = false;
	plat->cur_agent = agent;
	status = scmi_vio__agent_check(plat, p->id, id, m);
	if (status == SCMI_VIO_SUCCESS)
		status = p->msgs[id].fn(plat, m, p->arg);
	if (status == SCMI_VIO_SUCCESS)
		keep_subscribed(plat, p, id, m);
	if (held)
		*held = plat->held_now;
	plat->holding = false;
	plat->cur_agent = plat->agent_id;
	if (status == SCMI_VIO_PROTOCOL_ERROR)
		plat->stats.malformed++;
	if (status == SCMI_VIO_SUCCESS && m->ret_len > m->ret_cap) {
		/* A vendor handler over-reported; never send past its area. */
		status = SCMI_VIO_GENERIC_ERROR;
	}
	if (status != SCMI_VIO_SUCCESS)
		plat->stats.errors++;
	wake = scmi_vio__agents_take_wakes(plat, due);
	pthread_mutex_unlock(&plat->lock);
	/* Other agents' devices send what this command queued for them. */
	if (wake)
		scmi_vio__agents_ring_wakes(plat, due, agent);
	return status;
}

/* Answered without the lock: counted in plat->unlocked. */
static int32_t count_unlocked(struct scmi_vio_platform *plat, int32_t status)
{
	sv_counter_add(&plat->unlocked.commands, 1);
	if (status == SCMI_VIO_PROTOCOL_ERROR)
		sv_counter_add(&plat->unlocked.malformed, 1);
	if (status != SCMI_VIO_SUCCESS)
		sv_counter_add(&plat->unlocked.errors, 1);
	return status;
}

static int32_t run(struct scmi_vio_platform *plat, uint32_t agent, uint32_t hdr,
		   struct scmi_vio_plat_msg *m, bool *held)
{
	struct scmi_vio_hdr h;
	struct plat_proto *p;

	scmi_vio_hdr_unpack(hdr, &h);
	p = plat->protos[h.protocol];
	/* An unknown protocol is NOT_SUPPORTED, an unknown message of a
	 * known one NOT_FOUND (DEN0056E 4.1.4; docs/protocol-statuses.md);
	 * a protocol the agent is not given is unknown to it. */
	if (!p || !scmi_vio__agent_sees(plat, agent, h.protocol))
		return count_unlocked(plat, SCMI_VIO_NOT_SUPPORTED);
	if (!msg_exists(plat, p, agent, h.id))
		return count_unlocked(plat, SCMI_VIO_NOT_FOUND);
	if (is_core_msg(h.id))
		return count_unlocked(plat, core_msg(plat, p, agent, h.id, m));
	/* Without P2A channels async and notify requests are refused. */
	if (!scmi_vio_platform_p2a(plat) &&
	    (p->msgs[h.id].flags & SCMI_VIO_PLAT_MSG_P2A))
		return count_unlocked(plat, SCMI_VIO_NOT_SUPPORTED);
	return __run(plat, agent, p, h.id, m, held);
}

int scmi_vio__platform_dispatch(struct scmi_vio_platform *plat, uint32_t agent,
				const uint8_t *req, size_t len, size_t avail,
				uint8_t *resp, size_t cap, bool *held)
{
	struct scmi_vio_plat_msg m;
	struct scmi_vio_hdr h;
	uint32_t hdr;
	int32_t status;
	size_t ret_cap;

	if (!plat || !req || !resp || len < 4 || avail < 4 || !agent ||
	    agent > plat->n_agents)
		return -EINVAL;
	if (cap < 8)
		return -ENOSPC;
	if (held)
		*held = false;
	hdr = sv_get_le32(req);
	ret_cap = cap - 8 < plat->max_payload ? cap - 8 : plat->max_payload;
	m = (struct scmi_vio_plat_msg){
		.hdr = hdr,
		.params = req + 4,
		.params_len = len - 4,
		.ret = resp + 8,
		.ret_cap = ret_cap,
		.ret_len = 0,
	};

	scmi_vio_hdr_unpack(hdr, &h);
	if (scmi_vio_hdr_reserved_set(hdr) || h.type != SCMI_VIO_MSG_COMMAND) {
		/* Answer with a header the agent can match on its token. */
		h.type = SCMI_VIO_MSG_COMMAND;
		hdr = scmi_vio_hdr_pack(&h);
		status = count_unlocked(plat, SCMI_VIO_PROTOCOL_ERROR);
	} else if (len > avail || len - 4 > plat->max_payload) {
		status = count_unlocked(plat, SCMI_VIO_PROTOCOL_ERROR);
	} else {
		status = run(plat, agent, hdr, &m, held);
	}
	if (status != SCMI_VIO_SUCCESS)
		m.ret_len = 0;

	sv_put_le32(resp, hdr);
	sv_put_le32(resp + 4, (uint32_t)status);
	return (int)(8 + m.ret_len);
}

int scmi_vio_platform_handle(struct scmi_vio_platform *plat, const void *req,
			     size_t len, void *resp, size_t cap)
{
	return scmi_vio_platform_handle_as(plat, plat ? plat->agent_id : 0, req,
					   len, resp, cap);
}

int scmi_vio_platform_handle_as(struct scmi_vio_platform *plat,
				uint32_t agent_id, const void *req, size_t len,
				void *resp, size_t cap)
{
	/* The reply is the caller's as this returns: nothing to hold. */
	return scmi_vio__platform_dispatch(plat, agent_id, req, len, len, resp,
					   cap, NULL);
}

void scmi_vio__platform_set_p2a(struct scmi_vio_platform *plat, bool on)
{
	pthread_mutex_lock(&plat->lock);
	sv_write_once(&plat->p2a, on);
	pthread_mutex_unlock(&plat->lock);
}

bool scmi_vio_platform_p2a(const struct scmi_vio_platform *plat)
{
	/* Written under the lock, read with or without it. */
	return sv_read_once(&plat->p2a);
}

uint32_t scmi_vio_platform_agent_id(const struct scmi_vio_platform *plat)
{
	return plat->agent_id;
}

void scmi_vio_platform_get_stats(struct scmi_vio_platform *plat,
				 struct scmi_vio_platform_stats *st)
{
	pthread_mutex_lock(&plat->lock);
	*st = plat->stats;
	pthread_mutex_unlock(&plat->lock);
	st->commands += sv_read_once(&plat->unlocked.commands);
	st->errors += sv_read_once(&plat->unlocked.errors);
	st->malformed += sv_read_once(&plat->unlocked.malformed);
}

static int check_config(const struct scmi_vio_platform_config *cfg)
{
	if ((unsigned int)cfg->release >= SCMI_VIO_SCMI_NR_RELEASES)
		return -EINVAL;
	if (!cfg->n_agents || cfg->n_agents > 255 || !cfg->agents ||
	    !cfg->agent_id || cfg->agent_id > cfg->n_agents)
		return -EINVAL;
	if (cfg->max_payload < 16 || cfg->max_payload > 65536)
		return -EINVAL;
	if (!cfg->max_delayed || !cfg->max_notifications ||
	    cfg->max_delayed > 4096 || cfg->max_notifications > 4096)
		return -EINVAL;
	if ((cfg->n_clocks && !cfg->clocks) ||
	    (cfg->n_sensors && !cfg->sensors) || (cfg->n_perf && !cfg->perf))
		return -EINVAL;
	if ((cfg->n_power && !cfg->power) || (cfg->n_resets && !cfg->resets) ||
	    (cfg->n_voltage && !cfg->voltage))
		return -EINVAL;
	return 0;
}

void scmi_vio_platform_destroy(struct scmi_vio_platform *plat)
{
	unsigned int i;

	if (!plat)
		return;
	for (i = 0; i < 256; i++) {
		if (plat->protos[i] && plat->protos[i]->fini)
			plat->protos[i]->fini(plat->protos[i]->arg);
		if (plat->protos[i])
			free(plat->protos[i]->rev);
		free(plat->protos[i]);
	}
	for (i = 0; plat->clocks && i < plat->n_clocks; i++)
		free(plat->clocks[i].rates);
	for (i = 0; plat->perf && i < plat->n_perf; i++)
		free(plat->perf[i].levels);
	free(plat->clocks);
	free(plat->sensors);
	free(plat->perf);
	scmi_vio__agents_fini(plat);
	scmi_vio__outbox_fini(plat);
	pthread_mutex_destroy(&plat->lock);
	free(plat);
}

int scmi_vio_platform_create(const struct scmi_vio_platform_config *cfg,
			     struct scmi_vio_platform **out)
{
	struct scmi_vio_platform *plat;
	int ret;

	if (!cfg || !out)
		return -EINVAL;
	ret = check_config(cfg);
	if (ret)
		return ret;
	plat = calloc(1, sizeof(*plat));
	if (!plat)
		return -ENOMEM;
	ret = -pthread_mutex_init(&plat->lock, NULL);
	if (ret) {
		free(plat);
		return ret;
	}
	plat->release = cfg->release;
	plat->p2a = cfg->p2a;
	plat->max_payload = cfg->max_payload;
	plat->agent_id = cfg->agent_id;
	plat->cur_agent = cfg->agent_id;

	ret = scmi_vio__agents_init(plat, cfg);
	if (!ret)
		ret = scmi_vio__outbox_init(plat, cfg->max_delayed,
					    cfg->max_notifications);
	if (!ret)
		ret = scmi_vio__base_register(plat, cfg);
	if (!ret && cfg->n_clocks)
		ret = scmi_vio__clock_register(plat, cfg);
	if (!ret && cfg->n_sensors)
		ret = scmi_vio__sensor_register(plat, cfg);
	if (!ret && cfg->n_perf)
		ret = scmi_vio__perf_register(plat, cfg);
	if (!ret && cfg->n_power)
		ret = scmi_vio__power_register(plat, cfg);
	if (!ret && cfg->sys_power)
		ret = scmi_vio__syspower_register(plat, cfg);
	if (!ret && cfg->n_resets)
		ret = scmi_vio__reset_register(plat, cfg);
	if (!ret && cfg->n_voltage)
		ret = scmi_vio__voltage_register(plat, cfg);
	if (ret) {
		scmi_vio_platform_destroy(plat);
		return ret;
	}
	*out = plat;
	return 0;
}
