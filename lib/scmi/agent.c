// SPDX-License-Identifier: BSD-3-Clause
/*
 * Agent lifetime, counters and the status-to-errno mapping.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomics.h"
#include "scmi/agent.h"

#ifndef ECOMM
#define ECOMM EIO
#endif

int scmi_vio_status_to_errno(int32_t status)
{
	/*
	 * docs/protocol.md section 4; indexed by -status after a range check.
	 * One errno per status, and none the library returns for a cause of
	 * its own on a command path (docs/conventions.md): where Linux's
	 * value means something local here (EINVAL: the caller's arguments,
	 * EIO: a broken queue, EPROTO: a reply that broke the protocol, EBUSY
	 * twice), the status gets another.
	 */
	static const int map[] = {
		0,     EOPNOTSUPP, EDOM,  EACCES,  ENOENT,     ERANGE,	  EBUSY,
		ECOMM, EREMOTEIO,  ENXIO, EBADMSG, EADDRINUSE, ECANCELED,
	};

	/* A status the specification does not define breaks the protocol. */
	if (status > 0 || status < -(int32_t)(sizeof(map) / sizeof(map[0]) - 1))
		return -EPROTO;
	return -map[-status];
}

static int check_ops(const struct scmi_vio_transport_ops *ops)
{
	if (!ops || !ops->send || !ops->fetch_response || !ops->mark_txdone ||
	    !ops->max_msg || !ops->max_payload)
		return -EINVAL;
	return 0;
}

int scmi_vio_agent_create(const struct scmi_vio_agent_config *cfg,
			  const struct scmi_vio_transport_ops *ops, void *tp,
			  struct scmi_vio_agent **out)
{
	struct scmi_vio_agent_config def = { 0 };
	struct scmi_vio_agent *a;
	unsigned int ntx, nrx;
	int ret;

	if (!out || check_ops(ops))
		return -EINVAL;
	if (!cfg)
		cfg = &def;
	ntx = ops->max_msg(tp, SCMI_VIO_CHAN_TX);
	nrx = ops->max_msg(tp, SCMI_VIO_CHAN_RX);
	if (ntx < 1 || ntx > SCMI_VIO_MAX_TOKENS || nrx < 1 ||
	    nrx > SCMI_VIO_MAX_TOKENS)
		return -EINVAL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->ops = ops;
	a->tp = tp;
	a->max_payload = ops->max_payload(tp);
	if (a->max_payload < 8 || a->max_payload > 65535) {
		free(a);
		return -EINVAL;
	}
	a->reply_timeout_ms = cfg->reply_timeout_ms ?
				      cfg->reply_timeout_ms :
				      SCMI_VIO_DEFAULT_REPLY_TIMEOUT_MS;
	a->dresp_timeout_ms = cfg->dresp_timeout_ms ?
				      cfg->dresp_timeout_ms :
				      SCMI_VIO_DEFAULT_DRESP_TIMEOUT_MS;
	a->notify_depth = cfg->notify_depth ? cfg->notify_depth :
					      SCMI_VIO_DEFAULT_NOTIFY_DEPTH;
	ret = scmi_vio__xfers_init(a, ntx, nrx);
	if (ret)
		goto err_free;
	ret = scmi_vio__raw_init(a, cfg->raw_depth ?
					    cfg->raw_depth :
					    SCMI_VIO_DEFAULT_RAW_DEPTH);
	if (ret)
		goto err_xfers;
	ret = scmi_vio__notify_init(a);
	if (ret)
		goto err_raw;
	if (ops->attach) {
		ret = ops->attach(tp, a);
		if (ret)
			goto err_notify;
	}
	*out = a;
	return 0;

err_notify:
	scmi_vio__notify_fini(a);
err_raw:
	scmi_vio__raw_fini(a);
err_xfers:
	scmi_vio__xfers_fini(a);
err_free:
	free(a);
	return ret;
}

void scmi_vio_agent_destroy(struct scmi_vio_agent *a)
{
	if (!a)
		return;
	if (a->ops->detach)
		a->ops->detach(a->tp);
	scmi_vio__notify_fini(a);
	scmi_vio__raw_fini(a);
	scmi_vio__xfers_fini(a);
	free(a);
}

size_t scmi_vio_agent_max_payload(const struct scmi_vio_agent *a)
{
	return a->max_payload;
}

/* A new counter takes a reserved slot: the size is ABI (docs/abi.md). */
_Static_assert(sizeof(struct scmi_vio_agent_stats) == 256,
	       "a new counter takes a reserved slot");

void scmi_vio_agent_get_stats(const struct scmi_vio_agent *a,
			      struct scmi_vio_agent_stats *st)
{
	const struct sv_counters *c = &a->cnt;

	unsigned int i;

	memset(st, 0, sizeof(*st)); /* the sums below, and reserved */
	for (i = 0; i < a->n_xfers; i++) {
		const struct scmi_vio_xfer *x = &a->xfers[i];

		st->sent += sv_read_once(&x->xc.sent);
		st->responses += sv_read_once(&x->xc.responses);
		st->delayed_responses += sv_read_once(&x->xc.delayed_responses);
		st->timeouts += sv_read_once(&x->xc.timeouts);
	}
	st->send_errors = sv_read_once(&c->send_errors);
	st->notifications = sv_read_once(&c->notifications);
	st->unexpected = sv_read_once(&c->unexpected);
	st->invalid = sv_read_once(&c->invalid);
	st->truncated = sv_read_once(&c->truncated);
	st->queue_full = sv_read_once(&c->queue_full);
	st->unknown_event = sv_read_once(&c->unknown_event);
	st->rx_nomem = sv_read_once(&c->rx_nomem);
	st->broken = sv_read_once(&c->broken);
	st->poll_ended = sv_read_once(&c->poll_ended);
	st->dresp_first = sv_read_once(&c->dresp_first);
}
