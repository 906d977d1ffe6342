/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A scripted in-memory SCMI transport for the agent-core tests.  It plays
 * the platform by building reply bytes itself: a test either installs a
 * handler that runs on a platform thread for every request, or takes
 * requests with ft_take() and answers them from any thread, in any order,
 * late, twice, or never.
 *
 * Messages: a pool of max_msg; each is owned by the core until mark_txdone
 * and by the "device" until ft_reply()/ft_drop(); it returns to the pool
 * when both let go, so a late reply never writes into a reused buffer.
 */
#ifndef SCMI_VIO_TESTS_FAKE_TRANSPORT_H
#define SCMI_VIO_TESTS_FAKE_TRANSPORT_H

#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/scmi.h>

#define FT_MAX_PDU (8 + 512)

/* Received bytes handed to the core: what fetch_* read. */
struct ft_rx {
	uint8_t buf[FT_MAX_PDU];
	size_t used_len;
};

struct ft_msg {
	struct ft_rx rx; /* first: the rx callback's msg pointer */
	struct ft_msg *next;
	uint8_t req[FT_MAX_PDU];
	size_t req_len;
	uint32_t hdr;
	bool polled;
	struct scmi_vio_xfer *x;
	unsigned int ready; /* ATOMIC: polled reply available */
	unsigned int refs; /* under ft->lock */
	unsigned int txdone; /* ATOMIC */
	int txdone_ret;
};

struct ft;
typedef void (*ft_handler)(struct ft *ft, struct ft_msg *m, void *arg);

struct ft {
	struct scmi_vio_transport_ops ops;
	struct scmi_vio_agent *agent;
	unsigned int max_msg;
	size_t max_payload;
	/* Protects free, queue, refs, stop. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct ft_msg *msgs;
	struct ft_msg *free;
	struct ft_msg *qhead, *qtail;
	bool stop;
	pthread_t thread;
	bool thread_on;
	ft_handler handler;
	void *arg;
	/* ATOMIC: what poll_done() answers while no reply is ready: 0, or
	 * the negative errno of a transport that ended the poll. */
	int poll_end;
	/* ATOMIC counters */
	unsigned long sends, txdones, double_txdone, polls, token_clash;
};

struct ft *ft_create(unsigned int max_msg, size_t max_payload);
/* Create the agent over @ft (cfg may be NULL). */
int ft_agent(struct ft *ft, const struct scmi_vio_agent_config *cfg);
void ft_destroy(struct ft *ft); /* destroys the agent too */
void ft_set_handler(struct ft *ft, ft_handler h, void *arg);
/*
 * The usual fixture: ft_create(), ft_agent(@cfg) (the test fails unless it
 * succeeds) and, if @h is not NULL, ft_set_handler(@h, @arg).
 */
struct ft *ft_open(unsigned int max_msg, size_t max_payload,
		   const struct scmi_vio_agent_config *cfg, ft_handler h,
		   void *arg);
struct ft_msg *ft_take(struct ft *ft, unsigned int timeout_ms);

/* The agent's counters now. */
struct scmi_vio_agent_stats ft_stats(struct ft *ft);

/* Request accessors. */
uint8_t ft_proto(const struct ft_msg *m);
uint8_t ft_msg_id(const struct ft_msg *m);
uint32_t ft_param(const struct ft_msg *m, unsigned int i);
size_t ft_nparams(const struct ft_msg *m);

/* The header word of @proto's message @id of @type with @token. */
uint32_t ft_hdr(uint8_t proto, uint8_t id, uint8_t type, uint16_t token);

/* Build hdr|status|payload into @buf; returns the length. */
size_t ft_build(uint8_t *buf, uint32_t hdr, int32_t status, const void *payload,
		size_t len);

/* The normal response (header echoed), then the device lets go. */
void ft_reply(struct ft *ft, struct ft_msg *m, int32_t status,
	      const void *payload, size_t len);
/* A response with the given header (may lie) in @m's own buffer, then
 * let go: as the normal reply, judged for @m's command. */
void ft_reply_hdr(struct ft *ft, struct ft_msg *m, uint32_t hdr, int32_t status,
		  const void *payload, size_t len);
/* Return @m with whatever the test wrote in m->rx (polled: poll_done finds
 * it; else the cmdq receive call), then let go. */
void ft_return(struct ft *ft, struct ft_msg *m);
/* Deliver arbitrary bytes with header @hdr through the receive call that
 * does not know the queue (the token names the transfer); the device
 * keeps @m. */
void ft_deliver(struct ft *ft, struct ft_msg *m, uint32_t hdr, const void *pdu,
		size_t used_len);
/* ft_deliver() of hdr | status | payload, as ft_build() lays it out. */
void ft_deliver_reply(struct ft *ft, struct ft_msg *m, uint32_t hdr,
		      int32_t status, const void *payload, size_t len);
/* hdr | status | payload through the receive call that knows no message
 * (the token names the transfer), as a reply nobody is owed may come. */
void ft_stray(struct ft *ft, uint32_t hdr, int32_t status, const void *payload,
	      size_t len);
/* The device returns @m without a reply. */
void ft_drop(struct ft *ft, struct ft_msg *m);
/* A delayed response to @m's command on the event channel (from a stack
 * buffer). */
void ft_dresp(struct ft *ft, uint32_t cmd_hdr, int32_t status,
	      const void *payload, size_t len);
/* Answer @m SUCCESS with no payload, then a delayed response of the first
 * @len bytes of the @nw words @w (at most 4). */
void ft_reply_dresp(struct ft *ft, struct ft_msg *m, const uint32_t *w,
		    size_t nw, size_t len);
/* A notification (on the event channel). */
void ft_notify(struct ft *ft, uint8_t proto, uint8_t evt, const void *payload,
	       size_t len);
/* hdr | status | payload on the event channel, whatever @hdr says. */
void ft_event(struct ft *ft, uint32_t hdr, int32_t status, const void *payload,
	      size_t len);
/* Words helper: little-endian u32 array into bytes. */
void ft_words(uint8_t *dst, const uint32_t *w, size_t n);
/* Append @v as a le32 word at @p + *@n and advance *@n. */
void ft_put32(uint8_t *p, size_t *n, uint32_t v);
/* Append @s as a char[16] (16 'A's and no NUL if @no_nul). */
void ft_put_name(uint8_t *p, size_t *n, const char *s, bool no_nul);

/*
 * One protocol of a fake platform: builds the reply payload for @m into @p
 * (*@n bytes, from 0), or answers @m itself and sets *@n to SIZE_MAX.
 */
struct ft_proto {
	uint8_t protocol;
	void (*serve)(struct ft *f, struct ft_msg *m, uint8_t *p, size_t *n);
};

/*
 * An ft_handler: @arg is an array of struct ft_proto ending in one with a
 * NULL serve; the protocol that serves @m answers SUCCESS with its payload,
 * a protocol not in it NOT_SUPPORTED.
 */
void ft_serve_protos(struct ft *f, struct ft_msg *m, void *arg);

/* sem_wait(@s), failing the test after 10 s: a hang guard only. */
void ft_sem_wait(sem_t *s);
/* Wait up to @ms milliseconds for the ATOMIC @count to reach @n (a hang
 * guard); the test fails unless it is then exactly @n. */
void ft_wait_count(unsigned int *count, unsigned int n, unsigned int ms);
/* Sleep @ms milliseconds: a device or handler that takes its time. */
void ft_sleep_ms(unsigned int ms);

#endif /* SCMI_VIO_TESTS_FAKE_TRANSPORT_H */
