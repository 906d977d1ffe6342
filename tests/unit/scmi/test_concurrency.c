// SPDX-License-Identifier: BSD-3-Clause
/*
 * Eight threads issue commands (blocking and polled) while the platform
 * thread replies out of order, duplicates some replies, never answers some
 * (the callers time out) and answers others after the timeout.  Checks
 * docs/architecture.md invariants 4 (no token on two in-flight xfers), 5 (one
 * outcome and one mark_txdone per sent xfer) and 6 (a late or duplicate
 * reply never completes another xfer), and S-1, S-4, S-8, S-9 under load.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_run.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "fake_transport.h"

#define THREADS 8
#define TMO_MS 30
#define BATCH 8

static struct ft *ft;

struct late {
	struct ft_msg *m;
	uint64_t due_ns;
};

struct plat {
	unsigned int seed;
	struct late late[64];
	unsigned int n_late;
	unsigned long dups, drops, lates; /* ATOMIC */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void flush_late(struct plat *pl, bool all)
{
	unsigned int i = 0;

	while (i < pl->n_late) {
		if (all || now_ns() >= pl->late[i].due_ns) {
			ft_reply(ft, pl->late[i].m, 0, pl->late[i].m->req + 4,
				 4);
			pl->late[i] = pl->late[--pl->n_late];
		} else {
			i++;
		}
	}
}

static void handle(struct plat *pl, struct ft_msg *m)
{
	unsigned int r = (unsigned int)rand_r(&pl->seed) % 100;
	uint8_t pdu[16];
	size_t n;

	if (r < 5) {
		/* Device returns the buffer without a reply. */
		sv_counter_add(&pl->drops, 1);
		ft_drop(ft, m);
	} else if (r < 10 && pl->n_late < 64) {
		/* Answer after the caller's timeout. */
		sv_counter_add(&pl->lates, 1);
		pl->late[pl->n_late].m = m;
		pl->late[pl->n_late++].due_ns =
			now_ns() + 2ull * TMO_MS * 1000000u;
	} else if (r < 15) {
		/* Duplicate: the same reply twice. */
		sv_counter_add(&pl->dups, 1);
		n = ft_build(pdu, m->hdr, 0, m->req + 4, 4);
		ft_deliver(ft, m, m->hdr, pdu, n);
		ft_deliver(ft, m, m->hdr, pdu, n);
		ft_drop(ft, m);
	} else {
		ft_reply(ft, m, 0, m->req + 4, 4);
	}
}

static unsigned int plat_stop; /* ATOMIC */

static void *platform(void *arg)
{
	struct plat *pl = arg;
	struct ft_msg *batch[BATCH], *t;
	unsigned int n, i, j;

	while (!sv_read_once(&plat_stop)) {
		n = 0;
		while (n < BATCH && (batch[n] = ft_take(ft, n ? 1 : 5)))
			n++;
		/* Out of order: shuffle the batch. */
		for (i = n; i > 1; i--) {
			j = (unsigned int)rand_r(&pl->seed) % i;
			t = batch[i - 1];
			batch[i - 1] = batch[j];
			batch[j] = t;
		}
		for (i = 0; i < n; i++)
			handle(pl, batch[i]);
		flush_late(pl, false);
	}
	flush_late(pl, true);
	while ((t = ft_take(ft, 0)))
		ft_reply(ft, t, 0, t->req + 4, 4);
	return NULL;
}

struct caller {
	pthread_t t;
	unsigned int id;
	unsigned int n;
	unsigned int ok, timeouts, wrong;
};

static void *caller(void *arg)
{
	struct caller *c = arg;
	uint8_t tx[4], rx[4];
	struct scmi_vio_cmd cmd;
	uint32_t v;
	unsigned int i;
	int ret;

	for (i = 0; i < c->n; i++) {
		v = c->id << 24 | i;
		sv_put_le32(tx, v);
		memset(&cmd, 0, sizeof(cmd));
		cmd.protocol = 0x80 + (uint8_t)c->id;
		cmd.msg_id = (uint8_t)(i & 0x7f);
		cmd.flags = (i + c->id) % 3 == 0 ? SCMI_VIO_CMD_POLL : 0;
		cmd.timeout_ms = TMO_MS;
		cmd.tx = tx;
		cmd.tx_len = 4;
		cmd.rx = rx;
		cmd.rx_cap = 4;
		ret = scmi_vio_agent_do_cmd(ft->agent, &cmd);
		if (ret == -EAGAIN) {
			/* The device still holds every buffer: retry. */
			nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
			i--;
			continue;
		}
		if (ret == 0) {
			c->ok++;
			if (sv_get_le32(rx) != v || cmd.rx_len != 4)
				c->wrong++;
		} else if (ret == -ETIMEDOUT) {
			c->timeouts++;
		} else {
			c->wrong++;
		}
	}
	return NULL;
}

START_TEST(test_eight_threads_out_of_order_with_timeouts)
{
	struct scmi_vio_agent_stats st;
	struct caller c[THREADS];
	struct plat pl = { .seed = 12345 };
	unsigned int i, ok = 0, tmo = 0, total = 0;
	pthread_t pt;

	ft = ft_open(64, 128, NULL, NULL, NULL);
	sv_write_once(&plat_stop, 0);
	pthread_create(&pt, NULL, platform, &pl);
	for (i = 0; i < THREADS; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].id = i;
		c[i].n = 300 / SCMI_VIO_TEST_SCALE;
		pthread_create(&c[i].t, NULL, caller, &c[i]);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(c[i].t, NULL);
		ck_assert_uint_eq(c[i].wrong, 0); /* invariant 6 */
		ok += c[i].ok;
		tmo += c[i].timeouts;
		total += c[i].n;
	}
	sv_write_once(&plat_stop, 1);
	pthread_join(pt, NULL);
	st = (scmi_vio_agent_get_stats(ft->agent, &st), st);
	/* Invariant 5: exactly one outcome and one mark_txdone per send. */
	ck_assert_uint_eq(ok + tmo, total);
	ck_assert_uint_eq(st.sent, total);
	ck_assert_uint_eq(st.timeouts, tmo);
	ck_assert_uint_eq(st.responses, ok);
	ck_assert_uint_eq(sv_read_once(&ft->txdones), st.sent);
	ck_assert_uint_eq(sv_read_once(&ft->double_txdone), 0);
	/* Invariant 4. */
	ck_assert_uint_eq(sv_read_once(&ft->token_clash), 0);
	/* Some of every fault happened, and was accounted for. */
	ck_assert_uint_gt(tmo, 0);
	ck_assert_uint_gt(sv_read_once(&pl.dups), 0);
	ck_assert_uint_ge(st.invalid + st.unexpected, sv_read_once(&pl.dups));
	ft_destroy(ft);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_eight_threads_out_of_order_with_timeouts, NULL
	};

	return check_run(check_suite("scmi_concurrency", "stress", 0, tests));
}
