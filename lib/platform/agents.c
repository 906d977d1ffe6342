// SPDX-License-Identifier: BSD-3-Clause
/*
 * Several agents on one platform: who each is, what each may reach, and the
 * Base commands a trusted agent changes that with (docs/protocol.md section 6;
 * docs/protocol-statuses.md, "Several agents").
 *
 * Theory of operation: every domain of a built-in protocol is a device
 * (numbered at create, in protocol id order), and each agent holds two
 * bits per device: device access (BASE_SET_DEVICE_PERMISSIONS) and access
 * through the device's protocol (BASE_SET_PROTOCOL_PERMISSIONS).  A command
 * about a domain runs only when the caller holds both; which parameter
 * word names the domain is a table per protocol here, so the protocol
 * servers need not know about agents.  The protocols an agent is given are
 * fixed at create, so the request path reads them without the lock; the
 * permission bits change, and are read and written under plat->lock.  The
 * configured bits are kept, for a reset of an agent's permissions.
 *
 * Notifications go to the agents that asked: the core records, after each
 * built-in notify command that succeeded, the enable word per agent and
 * resource, and a notification of that event and source is queued once
 * per agent whose word has bit 0.  A protocol keeps one flag per resource,
 * the union: when an agent leaves while another stays, the core runs the
 * handler again with the remaining agent's word.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/scmi_wire.h>

#include "platform/platform_internal.h"

#define PERM_DEVICE 0x1u
#define PERM_PROTOCOL 0x2u
#define PERM_ALL (PERM_DEVICE | PERM_PROTOCOL)

/*
 * The commands about one domain: message ids @first..@last name it in
 * parameter word 0, but @word1 (if not 0) names it in word 1.  Ids from
 * the protocols' chapters.
 */
struct domain_msgs {
	uint8_t proto, first, last, word1;
};

static const struct domain_msgs domain_cmds[] = {
	/* Power: DOMAIN_ATTRIBUTES..DOMAIN_NAME_GET; STATE_SET {flags, id}. */
	{ SCMI_VIO_PROTO_POWER, 0x3, 0x8, 0x4 },
	/* Performance: DOMAIN_ATTRIBUTES..DOMAIN_NAME_GET. */
	{ SCMI_VIO_PROTO_PERF, 0x3, 0xc, 0 },
	/* Clock: ATTRIBUTES..GET_PERMISSIONS; RATE_SET {flags, id}. */
	{ SCMI_VIO_PROTO_CLOCK, 0x3, 0xf, 0x5 },
	/* Sensor: DESCRIPTION_GET (0x3) takes an index, not an id. */
	{ SCMI_VIO_PROTO_SENSOR, 0x4, 0xd, 0 },
	/* Reset: DOMAIN_ATTRIBUTES..DOMAIN_NAME_GET. */
	{ SCMI_VIO_PROTO_RESET, 0x3, 0x6, 0 },
	/* Voltage: DOMAIN_ATTRIBUTES..DOMAIN_NAME_GET. */
	{ SCMI_VIO_PROTO_VOLTAGE, 0x3, 0x9, 0 },
};

#define N_DOMAIN_PROTOS (sizeof(domain_cmds) / sizeof(domain_cmds[0]))

/* The domains of each protocol with them, in domain_cmds[] order. */
static unsigned int domains_of(const struct scmi_vio_platform_config *cfg,
			       unsigned int i)
{
	const unsigned int n[N_DOMAIN_PROTOS] = {
		cfg->n_power,	cfg->n_perf,   cfg->n_clocks,
		cfg->n_sensors, cfg->n_resets, cfg->n_voltage,
	};

	return n[i];
}

static bool proto_given(const struct plat_agent *ag, uint8_t proto)
{
	return ag->protos[proto / 8] & 1u << (proto % 8);
}

bool scmi_vio__agent_sees(const struct scmi_vio_platform *plat, uint32_t agent,
			  uint8_t proto)
{
	return proto_given(&plat->agents[agent - 1], proto);
}

static uint8_t *perm_of(struct scmi_vio_platform *plat, uint8_t *base,
			uint32_t agent, uint32_t device)
{
	return &base[(size_t)(agent - 1) * plat->n_devices + device];
}

static int apply_policy(struct scmi_vio_platform *plat, uint32_t agent,
			const struct scmi_vio_plat_agent *pol)
{
	struct plat_agent *ag = &plat->agents[agent - 1];
	unsigned int i;

	memset(ag->protos, 0xff, sizeof(ag->protos));
	memset(perm_of(plat, plat->perm_init, agent, 0), PERM_ALL,
	       plat->n_devices);
	if (!pol)
		return 0;
	if ((pol->n_hidden_protocols && !pol->hidden_protocols) ||
	    (pol->n_denied_devices && !pol->denied_devices))
		return -EINVAL;
	ag->trusted = pol->trusted;
	for (i = 0; i < pol->n_hidden_protocols; i++) {
		uint8_t p = pol->hidden_protocols[i];

		if (p == SCMI_VIO_PROTO_BASE)
			return -EINVAL;
		ag->protos[p / 8] &= (uint8_t) ~(1u << (p % 8));
	}
	for (i = 0; i < pol->n_denied_devices; i++) {
		if (pol->denied_devices[i] >= plat->n_devices)
			return -EINVAL;
		*perm_of(plat, plat->perm_init, agent, pol->denied_devices[i]) =
			0;
	}
	return 0;
}

static uint8_t *vote_of(struct scmi_vio_platform *plat, uint32_t agent,
			unsigned int clock);
static int subs_init(struct scmi_vio_platform *plat, unsigned int n_agents);
static void subs_agent_reset(struct scmi_vio_platform *plat, uint32_t agent);

/* Every agent's clock requests start as the configured states. */
static int clock_votes_init(struct scmi_vio_platform *plat,
			    const struct scmi_vio_platform_config *cfg)
{
	unsigned int i;
	uint32_t a;

	plat->clock_init = calloc(cfg->n_clocks + 1, 1);
	plat->clock_votes =
		calloc((size_t)cfg->n_agents * cfg->n_clocks + 1, 1);
	if (!plat->clock_init || !plat->clock_votes)
		return -ENOMEM;
	for (i = 0; i < cfg->n_clocks; i++)
		plat->clock_init[i] = cfg->clocks[i].enabled;
	for (a = 1; a <= cfg->n_agents; a++)
		memcpy(vote_of(plat, a, 0), plat->clock_init, cfg->n_clocks);
	return 0;
}

int scmi_vio__agents_init(struct scmi_vio_platform *plat,
			  const struct scmi_vio_platform_config *cfg)
{
	size_t n_perm;
	unsigned int i;
	int ret;

	for (i = 0; i < N_DOMAIN_PROTOS; i++) {
		plat->dev_first[domain_cmds[i].proto] = plat->n_devices;
		plat->dev_count[domain_cmds[i].proto] = domains_of(cfg, i);
		plat->n_devices += domains_of(cfg, i);
	}
	plat->agents = calloc(cfg->n_agents, sizeof(*plat->agents));
	n_perm = (size_t)cfg->n_agents * plat->n_devices;
	/* At least one byte each: a platform without devices is valid. */
	plat->perm = malloc(n_perm + 1);
	plat->perm_init = malloc(n_perm + 1);
	if (!plat->agents || !plat->perm || !plat->perm_init)
		return -ENOMEM;
	plat->n_agents = cfg->n_agents;
	plat->waker = calloc(cfg->n_agents + 1, sizeof(*plat->waker));
	if (!plat->waker)
		return -ENOMEM;
	ret = -pthread_mutex_init(&plat->wake_lock, NULL);
	if (ret)
		return ret;
	plat->wake_lock_ready = true;
	ret = subs_init(plat, cfg->n_agents);
	if (!ret)
		ret = clock_votes_init(plat, cfg);
	if (ret)
		return ret;
	for (i = 0; i < cfg->n_agents; i++) {
		ret = scmi_vio__plat_name(plat->agents[i].name, cfg->agents[i]);
		if (!ret)
			ret = apply_policy(plat, i + 1,
					   cfg->agent_policy ?
						   &cfg->agent_policy[i] :
						   NULL);
		if (ret)
			return ret;
	}
	memcpy(plat->perm, plat->perm_init, n_perm);
	return 0;
}

void scmi_vio__agents_fini(struct scmi_vio_platform *plat)
{
	free(plat->agents);
	free(plat->perm);
	free(plat->perm_init);
	free(plat->clock_init);
	free(plat->clock_votes);
	free(plat->subs);
	free(plat->waker);
	if (plat->wake_lock_ready)
		pthread_mutex_destroy(&plat->wake_lock);
}

long scmi_vio_platform_device_id(const struct scmi_vio_platform *plat,
				 uint8_t protocol, uint32_t domain)
{
	if (domain >= plat->dev_count[protocol])
		return -ENOENT;
	return (long)(plat->dev_first[protocol] + domain);
}

bool scmi_vio_platform_has_agent(const struct scmi_vio_platform *plat,
				 uint32_t agent_id)
{
	return agent_id <= plat->n_agents;
}

uint32_t scmi_vio_platform_caller(const struct scmi_vio_platform *plat)
{
	return plat->cur_agent;
}

/* The device a command is about, or false when it is about none. */
static bool command_device(const struct scmi_vio_platform *plat, uint8_t proto,
			   uint8_t id, const struct scmi_vio_plat_msg *m,
			   uint32_t *dev)
{
	unsigned int i, w;
	uint32_t domain;

	for (i = 0; i < N_DOMAIN_PROTOS; i++)
		if (domain_cmds[i].proto == proto)
			break;
	if (i == N_DOMAIN_PROTOS || id < domain_cmds[i].first ||
	    id > domain_cmds[i].last)
		return false;
	w = id == domain_cmds[i].word1 ? 1 : 0;
	/* Too short or an unknown domain: the handler's status says so. */
	if (m->params_len < 4 * ((size_t)w + 1))
		return false;
	domain = plat_param(m, w);
	if (domain >= plat->dev_count[proto])
		return false;
	*dev = plat->dev_first[proto] + domain;
	return true;
}

int32_t scmi_vio__agent_check(struct scmi_vio_platform *plat, uint8_t proto,
			      uint8_t id, const struct scmi_vio_plat_msg *m)
{
	uint32_t dev;

	if (!command_device(plat, proto, id, m, &dev))
		return SCMI_VIO_SUCCESS;
	if (*perm_of(plat, plat->perm, plat->cur_agent, dev) != PERM_ALL)
		return SCMI_VIO_DENIED;
	return SCMI_VIO_SUCCESS;
}

/* The protocol device @dev belongs to. */
static uint8_t device_protocol(const struct scmi_vio_platform *plat,
			       uint32_t dev)
{
	unsigned int i;
	uint8_t p;

	for (i = 0; i < N_DOMAIN_PROTOS; i++) {
		p = domain_cmds[i].proto;
		if (dev - plat->dev_first[p] < plat->dev_count[p])
			return p;
	}
	return 0;
}

/*
 * The checks every permission command starts with: the caller trusted
 * (else DENIED), the target agent known (else NOT_FOUND).  *@agent 0 is
 * the platform, whose permissions are not the agents' to change: SUCCESS
 * with nothing done, as SCP-firmware answers.
 */
static int32_t target_agent(const struct scmi_vio_platform *plat,
			    const struct scmi_vio_plat_msg *m, uint32_t *agent)
{
	if (!plat->agents[plat->cur_agent - 1].trusted)
		return SCMI_VIO_DENIED;
	*agent = plat_param(m, 0);
	if (*agent > plat->n_agents)
		return SCMI_VIO_NOT_FOUND;
	return SCMI_VIO_SUCCESS;
}

/* {agent_id, device_id, flags}: grant or withdraw access to a device. */
int32_t scmi_vio__base_set_device_perms(struct scmi_vio_platform *plat,
					struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t agent, dev, flags;
	int32_t st;

	if (!plat_params_are(m, 3))
		return SCMI_VIO_PROTOCOL_ERROR;
	st = target_agent(plat, m, &agent);
	if (st != SCMI_VIO_SUCCESS || !agent)
		return st;
	dev = plat_param(m, 1);
	flags = plat_param(m, 2);
	if (dev >= plat->n_devices)
		return SCMI_VIO_NOT_FOUND;
	if (flags & ~SCMI_VIO_BASE_ACCESS_ALLOW)
		return SCMI_VIO_INVALID_PARAMETERS;
	/* Allowing a device opens it through its protocol too. */
	*perm_of(plat, plat->perm, agent, dev) = flags ? PERM_ALL : 0;
	return SCMI_VIO_SUCCESS;
}

/* {agent_id, device_id, command_id (protocol in [7:0]), flags}. */
int32_t scmi_vio__base_set_protocol_perms(struct scmi_vio_platform *plat,
					  struct scmi_vio_plat_msg *m,
					  void *arg)
{
	uint32_t agent, dev, cmd, flags;
	uint8_t *perm;
	int32_t st;

	if (!plat_params_are(m, 4))
		return SCMI_VIO_PROTOCOL_ERROR;
	st = target_agent(plat, m, &agent);
	if (st != SCMI_VIO_SUCCESS || !agent)
		return st;
	dev = plat_param(m, 1);
	cmd = plat_param(m, 2);
	flags = plat_param(m, 3);
	if (dev >= plat->n_devices)
		return SCMI_VIO_NOT_FOUND;
	perm = perm_of(plat, plat->perm, agent, dev);
	/* Base is never withdrawn; a protocol the device lacks, or a device
	 * the agent cannot reach, is not found (scmi-tests base checks). */
	if (cmd > 0xff || cmd != device_protocol(plat, dev) ||
	    !(*perm & PERM_DEVICE))
		return SCMI_VIO_NOT_FOUND;
	if (flags & ~SCMI_VIO_BASE_ACCESS_ALLOW)
		return SCMI_VIO_INVALID_PARAMETERS;
	if (flags)
		*perm |= PERM_PROTOCOL;
	else
		*perm &= (uint8_t)~PERM_PROTOCOL;
	return SCMI_VIO_SUCCESS;
}

/* {agent_id, flags}: bit 0 also restores the configured permissions. */
int32_t scmi_vio__base_reset_agent(struct scmi_vio_platform *plat,
				   struct scmi_vio_plat_msg *m, void *arg)
{
	uint32_t agent, flags;
	int32_t st;

	if (!plat_params_are(m, 2))
		return SCMI_VIO_PROTOCOL_ERROR;
	st = target_agent(plat, m, &agent);
	if (st != SCMI_VIO_SUCCESS || !agent)
		return st;
	flags = plat_param(m, 1);
	if (flags & ~SCMI_VIO_BASE_RESET_PERMISSIONS)
		return SCMI_VIO_INVALID_PARAMETERS;
	if (flags)
		memcpy(perm_of(plat, plat->perm, agent, 0),
		       perm_of(plat, plat->perm_init, agent, 0),
		       plat->n_devices);
	scmi_vio__clock_agent_reset(plat, agent);
	subs_agent_reset(plat, agent);
	scmi_vio__plat_versions_reset(plat, agent);
	return SCMI_VIO_SUCCESS;
}

/*
 * Clock enables count per agent, as SCP-firmware's SCMI clock module keeps
 * a state per agent and clock and a reference count per clock: each agent
 * starts with the configured state as its own request, a clock runs while
 * any agent wants it, and an agent sees its own request.
 */
static uint8_t *vote_of(struct scmi_vio_platform *plat, uint32_t agent,
			unsigned int clock)
{
	size_t n = plat->dev_count[SCMI_VIO_PROTO_CLOCK];

	return &plat->clock_votes[(size_t)(agent - 1) * n + clock];
}

static void clock_recount(struct scmi_vio_platform *plat, unsigned int clock)
{
	bool on = false;
	uint32_t a;

	for (a = 1; a <= plat->n_agents && !on; a++)
		on = *vote_of(plat, a, clock);
	plat->clocks[clock].enabled = on;
}

void scmi_vio__clock_vote(struct scmi_vio_platform *plat, unsigned int clock,
			  bool on)
{
	*vote_of(plat, plat->cur_agent, clock) = on;
	clock_recount(plat, clock);
}

bool scmi_vio__clock_voted(struct scmi_vio_platform *plat, unsigned int clock)
{
	return *vote_of(plat, plat->cur_agent, clock);
}

void scmi_vio__clock_agent_reset(struct scmi_vio_platform *plat, uint32_t agent)
{
	unsigned int i;

	for (i = 0; i < plat->n_clocks; i++) {
		*vote_of(plat, agent, i) = plat->clock_init[i];
		clock_recount(plat, i);
	}
}

/*
 * The built-in commands that subscribe to an event: which parameter word
 * names the resource (NO_RESOURCE: none), which holds the enable word, and
 * how far a notification's source is shifted from the resource id.
 */
#define NO_RESOURCE 0xff

struct notify_cmd {
	uint8_t proto, msg, event;
	uint8_t res_word, en_word, src_shift;
};

static const struct notify_cmd notify_cmds[] = {
	{ SCMI_VIO_PROTO_BASE, SCMI_VIO_BASE_NOTIFY_ERRORS,
	  SCMI_VIO_BASE_ERROR_EVENT, NO_RESOURCE, 0, 0 },
	{ SCMI_VIO_PROTO_POWER, SCMI_VIO_POWER_STATE_NOTIFY,
	  SCMI_VIO_POWER_STATE_CHANGED, 0, 1, 0 },
	{ SCMI_VIO_PROTO_POWER, SCMI_VIO_POWER_STATE_CHANGE_REQUESTED_NOTIFY,
	  SCMI_VIO_POWER_STATE_CHANGE_REQUESTED, 0, 1, 0 },
	{ SCMI_VIO_PROTO_SYSTEM, SCMI_VIO_SYS_POWER_STATE_NOTIFY,
	  SCMI_VIO_SYS_POWER_STATE_NOTIFIER, NO_RESOURCE, 0, 0 },
	{ SCMI_VIO_PROTO_PERF, SCMI_VIO_PERF_NOTIFY_LIMITS,
	  SCMI_VIO_PERF_LIMITS_CHANGED, 0, 1, 0 },
	{ SCMI_VIO_PROTO_PERF, SCMI_VIO_PERF_NOTIFY_LEVEL,
	  SCMI_VIO_PERF_LEVEL_CHANGED, 0, 1, 0 },
	{ SCMI_VIO_PROTO_CLOCK, SCMI_VIO_CLOCK_RATE_NOTIFY,
	  SCMI_VIO_CLOCK_RATE_CHANGED, 0, 1, 0 },
	{ SCMI_VIO_PROTO_CLOCK, SCMI_VIO_CLOCK_RATE_CHANGE_REQUESTED_NOTIFY,
	  SCMI_VIO_CLOCK_RATE_CHANGE_REQUESTED, 0, 1, 0 },
	/* A trip point event's source is the sensor id << 8 | the trip. */
	{ SCMI_VIO_PROTO_SENSOR, SCMI_VIO_SENSOR_TRIP_POINT_NOTIFY,
	  SCMI_VIO_SENSOR_TRIP_POINT_EVENT, 0, 1, 8 },
	{ SCMI_VIO_PROTO_RESET, SCMI_VIO_RESET_NOTIFY, SCMI_VIO_RESET_ISSUED, 0,
	  1, 0 },
};

#define N_NOTIFY_CMDS (sizeof(notify_cmds) / sizeof(notify_cmds[0]))

/* The resources of command @c: one word each per agent. */
static uint32_t cmd_slots(const struct scmi_vio_platform *plat,
			  const struct notify_cmd *c)
{
	return c->res_word == NO_RESOURCE ? 1 : plat->dev_count[c->proto];
}

static int subs_init(struct scmi_vio_platform *plat, unsigned int n_agents)
{
	unsigned int i;

	for (i = 0; i < N_NOTIFY_CMDS; i++)
		plat->n_subs += cmd_slots(plat, &notify_cmds[i]);
	plat->subs = calloc((size_t)n_agents * plat->n_subs, sizeof(uint32_t));
	return plat->subs ? 0 : -ENOMEM;
}

/* @agent's word for resource @res of command @c, or NULL (no such one). */
static uint32_t *sub_of(const struct scmi_vio_platform *plat, uint32_t agent,
			const struct notify_cmd *c, uint32_t res)
{
	uint32_t off = 0;
	unsigned int i;

	if (res >= cmd_slots(plat, c))
		return NULL;
	for (i = 0; &notify_cmds[i] != c; i++)
		off += cmd_slots(plat, &notify_cmds[i]);
	return &plat->subs[(size_t)(agent - 1) * plat->n_subs + off + res];
}

bool scmi_vio__agent_subscribe(struct scmi_vio_platform *plat, uint8_t proto,
			       uint8_t id, const struct scmi_vio_plat_msg *m,
			       uint8_t params[8])
{
	const struct notify_cmd *c = NULL;
	uint32_t res = 0, *mine, *other;
	unsigned int i;
	uint32_t a;

	for (i = 0; i < N_NOTIFY_CMDS && !c; i++)
		if (notify_cmds[i].proto == proto && notify_cmds[i].msg == id)
			c = &notify_cmds[i];
	/* The handler took it, so the words it read are there. */
	if (!c || m->params_len < 4 * ((size_t)c->en_word + 1))
		return false;
	if (c->res_word != NO_RESOURCE)
		res = plat_param(m, c->res_word);
	mine = sub_of(plat, plat->cur_agent, c, res);
	if (!mine)
		return false;
	*mine = plat_param(m, c->en_word);
	if (*mine & 1)
		return false;
	for (a = 1; a <= plat->n_agents; a++) {
		other = sub_of(plat, a, c, res);
		if (*other & 1)
			break;
	}
	if (a > plat->n_agents)
		return false;
	memset(params, 0, 8);
	if (c->res_word != NO_RESOURCE)
		sv_put_le32(params + 4 * c->res_word, res);
	sv_put_le32(params + 4 * c->en_word, *other);
	return true;
}

/*
 * RESET_AGENT_CONFIGURATION drops @agent's subscriptions; a protocol hears
 * a disable for each resource nobody else still subscribes to.
 */
static void subs_agent_reset(struct scmi_vio_platform *plat, uint32_t agent)
{
	const struct plat_proto *p;
	struct scmi_vio_plat_msg off;
	uint32_t res, *w, a;
	uint8_t params[8];
	unsigned int i;
	bool others;

	for (i = 0; i < N_NOTIFY_CMDS; i++) {
		const struct notify_cmd *c = &notify_cmds[i];

		p = plat->protos[c->proto];
		for (res = 0; res < cmd_slots(plat, c); res++) {
			w = sub_of(plat, agent, c, res);
			if (!(*w & 1))
				continue;
			*w = 0;
			for (a = 1, others = false; a <= plat->n_agents; a++)
				others |= *sub_of(plat, a, c, res) & 1;
			if (others || !p || !p->msgs[c->msg].fn)
				continue;
			memset(params, 0, sizeof(params));
			if (c->res_word != NO_RESOURCE)
				sv_put_le32(params + 4 * c->res_word, res);
			off = (struct scmi_vio_plat_msg){
				.hdr = 0,
				.params = params,
				.params_len = 4 * ((size_t)c->en_word + 1),
			};
			/* A disable the handler accepted when it was enabled. */
			(void)p->msgs[c->msg].fn(plat, &off, p->arg);
		}
	}
}

uint32_t scmi_vio__notify_next(const struct scmi_vio_platform *plat,
			       uint8_t proto, uint8_t event, uint32_t source,
			       uint32_t after)
{
	const struct notify_cmd *c = NULL;
	const uint32_t *w;
	unsigned int i;
	uint32_t a;

	for (i = 0; i < N_NOTIFY_CMDS && !c; i++)
		if (notify_cmds[i].proto == proto &&
		    notify_cmds[i].event == event)
			c = &notify_cmds[i];
	for (a = after + 1; c && a <= plat->n_agents; a++) {
		w = sub_of(plat, a, c,
			   c->res_word == NO_RESOURCE ? 0 :
							source >> c->src_shift);
		if (w && *w & 1)
			return a;
	}
	if (after)
		return 0;
	/* Nobody subscribed: the configured agent, as with one agent. */
	return plat->agent_id;
}

void scmi_vio__agent_wake_due(struct scmi_vio_platform *plat, uint32_t agent)
{
	plat->wake_due[agent / 8] |= (uint8_t)(1u << (agent % 8));
	plat->wake_any = true;
}

bool scmi_vio__agents_take_wakes(struct scmi_vio_platform *plat,
				 uint8_t due[32])
{
	if (!plat->wake_any)
		return false;
	memcpy(due, plat->wake_due, sizeof(plat->wake_due));
	memset(plat->wake_due, 0, sizeof(plat->wake_due));
	plat->wake_any = false;
	return true;
}

void scmi_vio__agents_ring_wakes(struct scmi_vio_platform *plat,
				 const uint8_t due[32], uint32_t except)
{
	uint32_t a;

	pthread_mutex_lock(&plat->wake_lock);
	for (a = 1; a <= plat->n_agents; a++)
		if (a != except && due[a / 8] & 1u << (a % 8) && plat->waker[a])
			/* A failed kick is its device's to report. */
			(void)scmi_vio_doorbell_ring(plat->waker[a]);
	pthread_mutex_unlock(&plat->wake_lock);
}

void scmi_vio__agent_set_waker(struct scmi_vio_platform *plat, uint32_t agent,
			       struct scmi_vio_doorbell *kick,
			       struct scmi_vio_doorbell *old)
{
	pthread_mutex_lock(&plat->wake_lock);
	if (kick || plat->waker[agent] == old)
		plat->waker[agent] = kick;
	pthread_mutex_unlock(&plat->wake_lock);
}
