// SPDX-License-Identifier: BSD-3-Clause
/*
 * The servers' fault options (lib/reach/server_args.c): --fault's text form
 * read and written (one rule each way), refused with a message naming the
 * bad part, --fault-kinds by name, and the whole command line round trip
 * with rules and with --vhost-user; and the vhost-user server keeping its
 * own copy of the plan it was given.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <scmi_vio/platform.h>
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_raw.h>
#include <scmi_vio/scmi_wire.h>
#include <scmi_vio/vhost_user_frontend.h>
#include <scmi_vio/vhost_user_serve.h>
#include <scmi_vio/virtio_scmi.h>

#include "check_run.h"
#include "common/byteorder.h"
#include "reach/server_args.h"

static void rule_eq(const struct scmi_vio_fault_rule *x,
		    const struct scmi_vio_fault_rule *y)
{
	ck_assert_uint_eq(x->kind, y->kind);
	ck_assert_uint_eq(x->match, y->match);
	ck_assert_uint_eq(x->protocol, y->protocol);
	ck_assert_uint_eq(x->msg_id, y->msg_id);
	ck_assert_uint_eq(x->seq, y->seq);
	ck_assert_uint_eq(x->arg, y->arg);
	ck_assert_uint_eq(x->times, y->times);
}

START_TEST(test_rule_parse_good)
{
	static const struct {
		const char *text;
		struct scmi_vio_fault_rule want;
	} good[] = {
		{ "delay", { .kind = SCMI_VIO_FAULT_DELAY } },
		{ "corrupt_hdr:arg=0x5",
		  { .kind = SCMI_VIO_FAULT_CORRUPT_HDR, .arg = 5 } },
		{ "wrong_token:proto=0x14:msg=6",
		  { .kind = SCMI_VIO_FAULT_WRONG_TOKEN,
		    .match = SCMI_VIO_FAULT_MATCH_PROTO |
			     SCMI_VIO_FAULT_MATCH_MSG_ID,
		    .protocol = 0x14,
		    .msg_id = 6 } },
		/* Keys in any order; every key at the top of its range. */
		{ "notif_storm:times=4294967295:seq=18446744073709551615:"
		  "arg=4294967295:msg=255:proto=255",
		  { .kind = SCMI_VIO_FAULT_NOTIF_STORM,
		    .match = SCMI_VIO_FAULT_MATCH_PROTO |
			     SCMI_VIO_FAULT_MATCH_MSG_ID |
			     SCMI_VIO_FAULT_MATCH_SEQ,
		    .protocol = 255,
		    .msg_id = 255,
		    .seq = UINT64_MAX,
		    .arg = UINT32_MAX,
		    .times = UINT32_MAX } },
		/* seq=0 matches the first command: still a match. */
		{ "drop_reply:seq=0:times=1",
		  { .kind = SCMI_VIO_FAULT_DROP_REPLY,
		    .match = SCMI_VIO_FAULT_MATCH_SEQ,
		    .times = 1 } },
	};
	struct scmi_vio_fault_rule r, back;
	char why[96], text[SCMI_VIO__FAULT_TEXT_MAX];
	unsigned int i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		why[0] = '\0';
		ck_assert_msg(!scmi_vio__fault_rule_parse(good[i].text, &r, why,
							  sizeof(why)),
			      "%s: %s", good[i].text, why);
		rule_eq(&r, &good[i].want);
		/* Written back, it reads as the same rule. */
		ck_assert_int_gt(
			scmi_vio__fault_rule_format(&r, text, sizeof(text)), 0);
		ck_assert_int_eq(scmi_vio__fault_rule_parse(text, &back, why,
							    sizeof(why)),
				 0);
		rule_eq(&back, &r);
	}
}
END_TEST

/* Every kind has a name the parser takes, and writes back by it. */
START_TEST(test_rule_every_kind_by_name)
{
	struct scmi_vio_fault_rule r;
	enum scmi_vio_fault_kind k;
	char why[96], text[SCMI_VIO__FAULT_TEXT_MAX];

	for (k = SCMI_VIO_FAULT_NONE + 1; k < SCMI_VIO_FAULT_NR; k++) {
		ck_assert_int_eq(
			scmi_vio__fault_rule_parse(scmi_vio_fault_kind_name(k),
						   &r, why, sizeof(why)),
			0);
		ck_assert_uint_eq(r.kind, k);
		ck_assert_int_gt(
			scmi_vio__fault_rule_format(&r, text, sizeof(text)), 0);
		ck_assert_str_eq(text, scmi_vio_fault_kind_name(k));
	}
}
END_TEST

START_TEST(test_rule_parse_bad)
{
	static const char *const bad[][2] = {
		{ "", "unknown kind ''" },
		{ "none", "unknown kind 'none'" }, /* injects nothing */
		{ "dleay", "unknown kind 'dleay'" },
		{ "DELAY", "unknown kind 'DELAY'" },
		{ "delay:", "unknown key ''" },
		{ "delay:every=3", "unknown key 'every'" },
		{ "delay:arg", "bad arg ''" },
		{ "delay:arg=", "bad arg ''" },
		{ "delay:arg=-1", "bad arg '-1'" },
		{ "delay:arg= 1", "bad arg ' 1'" },
		{ "delay:arg=1x", "bad arg '1x'" },
		{ "delay:arg=4294967296", "bad arg '4294967296'" },
		{ "delay:proto=256", "bad proto '256'" },
		{ "delay:msg=0x100", "bad msg '0x100'" },
		{ "delay:seq=18446744073709551616",
		  "bad seq '18446744073709551616'" },
		{ "delay:times=1:times=2", "times given twice" },
		{ "delay:arg=1::", "unknown key ''" },
	};
	struct scmi_vio_fault_rule r;
	unsigned int i;
	char why[96];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		ck_assert_int_eq(scmi_vio__fault_rule_parse(bad[i][0], &r, why,
							    sizeof(why)),
				 -EINVAL);
		ck_assert_msg(!strcmp(why, bad[i][1]), "'%s': '%s', want '%s'",
			      bad[i][0], why, bad[i][1]);
	}
}
END_TEST

START_TEST(test_rule_format_refusals)
{
	const struct scmi_vio_fault_rule none = { .kind = SCMI_VIO_FAULT_NONE };
	const struct scmi_vio_fault_rule past = { .kind = SCMI_VIO_FAULT_NR };
	const struct scmi_vio_fault_rule r = { .kind = SCMI_VIO_FAULT_DELAY,
					       .arg = 12 };
	char text[16];

	ck_assert_int_eq(scmi_vio__fault_rule_format(&none, text, 16), -EINVAL);
	ck_assert_int_eq(scmi_vio__fault_rule_format(&past, text, 16), -EINVAL);
	/* "delay:arg=12" is 12 characters: 13 bytes fit, 12 do not. */
	ck_assert_int_eq(scmi_vio__fault_rule_format(&r, text, 13), 12);
	ck_assert_str_eq(text, "delay:arg=12");
	ck_assert_int_eq(scmi_vio__fault_rule_format(&r, text, 12), -E2BIG);
}
END_TEST

static int decode(const char *const *argv, struct scmi_vio__server_args *a,
		  char *err, size_t len)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	err[0] = '\0';
	return scmi_vio__server_args_decode(argc, (char **)argv, a, err, len);
}

/* --fault on the command line: bad values name the option and the part. */
START_TEST(test_decode_fault_refusals)
{
	static struct scmi_vio__server_args a;
	const char *const typo[] = { "s",	"--vhost-user", "p",
				     "--fault", "dleay:arg=1",	NULL };
	const char *const novalue[] = { "s", "--vhost-user", "p", "--fault",
					NULL };
	const char *const kinds[] = { "s",	     "--vhost-user",
				      "p",	     "--fault-kinds",
				      "delay,bogus", NULL };
	const char *const fds[] = { "s", "--vhost-user", "p", "--kick-fd", "4",
				    NULL };
	const char *argv[2 * SCMI_VIO_FAULT_MAX_RULES + 8];
	unsigned int i, n = 0;
	char err[200];

	ck_assert_int_eq(decode(typo, &a, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "--fault: bad value 'dleay:arg=1' "
			      "(unknown kind 'dleay')");
	ck_assert_int_eq(decode(novalue, &a, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "--fault: needs a value");
	ck_assert_int_eq(decode(kinds, &a, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "--fault-kinds: bad value 'delay,bogus'");
	/* The front-end hands over what the fd options would. */
	ck_assert_int_eq(decode(fds, &a, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "--kick-fd: not with --vhost-user"));
	/* One rule more than a plan holds. */
	argv[n++] = "s";
	argv[n++] = "--vhost-user";
	argv[n++] = "p";
	for (i = 0; i <= SCMI_VIO_FAULT_MAX_RULES; i++) {
		argv[n++] = "--fault";
		argv[n++] = "delay";
	}
	argv[n] = NULL;
	ck_assert_int_eq(decode(argv, &a, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "--fault: bad value 'delay' (at most 32 rules)");
	argv[n - 2] = NULL; /* exactly the most */
	ck_assert_int_eq(decode(argv, &a, err, sizeof(err)), 0);
	ck_assert_uint_eq(a.faults.n_rules, SCMI_VIO_FAULT_MAX_RULES);
}
END_TEST

/* Rules and kinds by name into the plan the device gets. */
START_TEST(test_decode_faults_into_the_plan)
{
	static struct scmi_vio__server_args a;
	const char *const argv[] = { "s",
				     "--vhost-user",
				     "/run/scmi.sock",
				     "--fault",
				     "wrong_token:proto=0x14:times=1",
				     "--fault",
				     "delay:arg=3",
				     "--fault-seed",
				     "7",
				     "--fault-rate",
				     "1000",
				     "--fault-kinds",
				     "drop_reply,corrupt_hdr",
				     NULL };
	char err[200];

	ck_assert_int_eq(decode(argv, &a, err, sizeof(err)), 0);
	ck_assert_str_eq(a.vhost_user, "/run/scmi.sock");
	ck_assert_ptr_eq(a.faults.rules, a.rules);
	ck_assert_uint_eq(a.faults.n_rules, 2);
	ck_assert_uint_eq(a.rules[0].kind, SCMI_VIO_FAULT_WRONG_TOKEN);
	ck_assert_uint_eq(a.rules[0].match, SCMI_VIO_FAULT_MATCH_PROTO);
	ck_assert_uint_eq(a.rules[0].protocol, 0x14);
	ck_assert_uint_eq(a.rules[0].times, 1);
	ck_assert_uint_eq(a.rules[1].kind, SCMI_VIO_FAULT_DELAY);
	ck_assert_uint_eq(a.rules[1].arg, 3);
	ck_assert_uint_eq(a.faults.kinds,
			  1u << SCMI_VIO_FAULT_DROP_REPLY |
				  1u << SCMI_VIO_FAULT_CORRUPT_HDR);
	ck_assert_uint_eq(a.faults.rate_ppm, 1000);
	ck_assert_uint_eq(a.faults.seed, 7);
}
END_TEST

/* encode() writes rules and --vhost-user so decode() rebuilds them. */
START_TEST(test_round_trip_rules_and_vhost_user)
{
	static struct scmi_vio__server_args a, back;
	static struct scmi_vio__server_argv av;
	const struct scmi_vio_fault_rule rules[] = {
		{ .kind = SCMI_VIO_FAULT_SHORT_LEN,
		  .match = SCMI_VIO_FAULT_MATCH_SEQ,
		  .seq = 9,
		  .arg = 4 },
		{ .kind = SCMI_VIO_FAULT_REORDER, .times = 2 },
	};
	char err[200];
	unsigned int i;
	int argc;

	memset(&a, 0, sizeof(a));
	a.vhost_user = "/tmp/s";
	a.mem_unsealed = 1;
	a.faults.rules = rules;
	a.faults.n_rules = 2;
	argc = scmi_vio__server_args_encode(&a, "s", NULL, &av);
	ck_assert_int_gt(argc, 0);
	ck_assert_int_eq(scmi_vio__server_args_decode(argc, av.argv, &back, err,
						      sizeof(err)),
			 0);
	ck_assert_str_eq(back.vhost_user, "/tmp/s");
	ck_assert_int_eq(back.mem_unsealed, 1);
	ck_assert_uint_eq(back.faults.n_rules, 2);
	for (i = 0; i < 2; i++)
		rule_eq(&back.rules[i], &rules[i]);
}
END_TEST

/* More rules than the argv holds: -E2BIG, never a shorter plan. */
START_TEST(test_encode_too_many_rules_refused)
{
	static struct scmi_vio__server_args a;
	static struct scmi_vio__server_argv av;
	struct scmi_vio_fault_rule rules[SCMI_VIO_FAULT_MAX_RULES];
	unsigned int i;

	memset(&a, 0, sizeof(a));
	for (i = 0; i < SCMI_VIO_FAULT_MAX_RULES; i++)
		rules[i] = (struct scmi_vio_fault_rule){
			.kind = SCMI_VIO_FAULT_DELAY
		};
	a.vhost_user = "/tmp/s";
	a.faults.rules = rules;
	a.faults.n_rules = SCMI_VIO_FAULT_MAX_RULES;
	ck_assert_int_eq(scmi_vio__server_args_encode(&a, "s", NULL, &av),
			 -E2BIG);
}
END_TEST

/* A rule of no kind cannot be written: -EINVAL (the plan is wrong), not
 * -E2BIG (which says the argv is full). */
START_TEST(test_encode_rule_of_no_kind_refused)
{
	static struct scmi_vio__server_args a;
	static struct scmi_vio__server_argv av;
	struct scmi_vio_fault_rule rules[2] = {
		{ .kind = SCMI_VIO_FAULT_DELAY },
		{ .kind = SCMI_VIO_FAULT_NR },
	};

	memset(&a, 0, sizeof(a));
	a.vhost_user = "/tmp/s";
	a.faults.rules = rules;
	a.faults.n_rules = 2;
	ck_assert_int_eq(scmi_vio__server_args_encode(&a, "s", NULL, &av),
			 -EINVAL);
	rules[1].kind = SCMI_VIO_FAULT_NONE;
	ck_assert_int_eq(scmi_vio__server_args_encode(&a, "s", NULL, &av),
			 -EINVAL);
	a.faults.n_rules = 1;
	ck_assert_int_eq(scmi_vio__server_args_encode(&a, "s", NULL, &av), 5);
}
END_TEST

struct listener {
	struct scmi_vio_vhost_user_serve *srv;
	char dir[64], path[108];
	pthread_t th;
	int ret;
};

static void *listen_thread(void *arg)
{
	struct listener *l = arg;

	l->ret = scmi_vio_vhost_user_serve_listen(l->srv, l->path);
	return NULL;
}

/*
 * The server's configuration says the plan is copied: a caller may build
 * it on its stack, or change it, once create() returned.  Each session's
 * device is made from the plan later, so a server that kept the caller's
 * pointer would serve whatever is there by then (here: a plan no device
 * takes, so no session could start).
 */
START_TEST(test_vhost_user_serve_copies_the_plan)
{
	struct scmi_vio_fault_rule *rules = calloc(1, sizeof(*rules));
	struct scmi_vio_fault_plan *plan = calloc(1, sizeof(*plan));
	struct scmi_vio_vhost_user_serve_config sc = { 0 };
	struct scmi_vio_vhu_frontend_config fc = { 0 };
	struct scmi_vio_virtio_scmi_config vc = {
		.irq_mode = SCMI_VIO_IRQ_EVENTFD
	};
	struct scmi_vio_hdr h = { .protocol = SCMI_VIO_PROTO_BASE, .token = 3 };
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_vhu_frontend *fe = NULL;
	struct scmi_vio_platform_config pc;
	struct scmi_vio_agent *a = NULL;
	struct scmi_vio_raw_msg rm;
	uint8_t req[4], resp[16];
	struct listener l;

	ck_assert_ptr_nonnull(rules);
	ck_assert_ptr_nonnull(plan);
	/* Base replies end after their status (no version). */
	rules[0] = (struct scmi_vio_fault_rule){
		.kind = SCMI_VIO_FAULT_SHORT_LEN,
		.match = SCMI_VIO_FAULT_MATCH_PROTO,
		.protocol = SCMI_VIO_PROTO_BASE,
		.arg = 8,
	};
	plan->rules = rules;
	plan->n_rules = 1;
	scmi_vio_platform_config_default(&pc);
	sc.platform = &pc;
	sc.faults = plan;
	memset(&l, 0, sizeof(l));
	ck_assert_int_eq(scmi_vio_vhost_user_serve_create(&sc, &l.srv), 0);
	/* The caller's plan is gone, its memory reused. */
	memset(rules, 0xa5, sizeof(*rules));
	plan->n_rules = 1000;
	free(rules);
	free(plan);

	strcpy(l.dir, "/tmp/servefaults.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(l.dir));
	snprintf(l.path, sizeof(l.path), "%s/sock", l.dir);
	ck_assert_int_eq(pthread_create(&l.th, NULL, listen_thread, &l), 0);
	fc.socket_path = l.path;
	fc.connect_timeout_ms = 5000;
	ck_assert_int_eq(scmi_vio_vhu_frontend_create(&fc, &fe), 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(
				 scmi_vio_vhu_frontend_vdev(fe), &vc, &vs),
			 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_agent_create(vs, NULL, &a), 0);
	/* Base PROTOCOL_VERSION, raw: the rule still applies. */
	sv_put_le32(req, scmi_vio_hdr_pack(&h));
	memset(&rm, 0, sizeof(rm));
	rm.msg = req;
	rm.msg_len = sizeof(req);
	rm.resp = resp;
	rm.resp_cap = sizeof(resp);
	ck_assert_int_eq(scmi_vio_raw_xfer(a, &rm), 0);
	ck_assert_uint_eq(rm.resp_len, 8);
	ck_assert_mem_eq(resp, req, 4);

	scmi_vio_agent_destroy(a);
	scmi_vio_virtio_scmi_remove(vs);
	scmi_vio_vhu_frontend_destroy(fe);
	scmi_vio_vhost_user_serve_stop(l.srv);
	pthread_join(l.th, NULL);
	ck_assert_int_eq(l.ret, 0);
	scmi_vio_vhost_user_serve_destroy(l.srv);
	rmdir(l.dir);
}
END_TEST

int main(void)
{
	const TTest *const tests[] = {
		test_rule_parse_good,
		test_rule_every_kind_by_name,
		test_rule_parse_bad,
		test_rule_format_refusals,
		test_decode_fault_refusals,
		test_decode_faults_into_the_plan,
		test_round_trip_rules_and_vhost_user,
		test_encode_too_many_rules_refused,
		test_encode_rule_of_no_kind_refused,
		test_vhost_user_serve_copies_the_plan,
		NULL,
	};

	return check_run(check_suite("serve_faults", "faults", 30, tests));
}
