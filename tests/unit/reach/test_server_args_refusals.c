// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform server's command line refused (lib/reach/server_args.c):
 * every option with every kind of bad value, each required option left
 * out, and a command line too long to encode, which must fail rather than
 * start a server without some of its arguments.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/xproc.h>

#include "check_run.h"
#include "reach/server_args.h"

#define REQ                                                               \
	"s", "--mem-fd", "3", "--mem-size", "4096", "--cmdq", "8:0:0:0",  \
		"--kick-fd", "4", "--cmdq-irq-fd", "5", "--stop-fd", "6", \
		"--features", "0x100000000"

static int decode(const char *const *argv, char *err, size_t len)
{
	struct scmi_vio__server_args a;
	int argc = 0;

	while (argv[argc])
		argc++;
	err[0] = '\0';
	return scmi_vio__server_args_decode(argc, (char **)argv, &a, err, len);
}

/* Each option that takes a value, and values no option may take. */
static const char *const valued[] = {
	"--mem-fd",	 "--mem-size",	"--gpa",	 "--cmdq",
	"--eventq",	 "--kick-fd",	"--cmdq-irq-fd", "--eventq-irq-fd",
	"--features",	 "--stop-fd",	"--fault-seed",	 "--fault-rate",
	"--fault-kinds", "--fault-arg",
};

static const char *const junk[] = {
	"", /* empty */
	"x", /* not a number */
	"12z", /* trailing junk */
	"99999999999999999999", /* past 64 bits (strtoull's ERANGE) */
};

START_TEST(test_every_option_bad_value)
{
	unsigned int o, j;
	char err[160], want[160];

	for (o = 0; o < sizeof(valued) / sizeof(valued[0]); o++) {
		for (j = 0; j < sizeof(junk) / sizeof(junk[0]); j++) {
			const char *const argv[] = { REQ, valued[o], junk[j],
						     NULL };

			ck_assert_int_eq(decode(argv, err, sizeof(err)),
					 -EINVAL);
			snprintf(want, sizeof(want), "%s: bad value '%s'",
				 valued[o], junk[j]);
			ck_assert_str_eq(err, want);
		}
	}
}
END_TEST

/* Values that parse but lie past what the option's field can hold. */
START_TEST(test_values_past_their_field)
{
	static const char *const bad[][2] = {
		{ "--mem-fd", "2147483648" }, /* past INT_MAX */
		{ "--stop-fd", "-1" }, /* strtoull wraps it */
		{ "--eventq-irq-fd", "0x100000000" },
		{ "--fault-rate", "1000001" }, /* past a million ppm */
		{ "--fault-kinds", "0x100000000" }, /* past 32 bits */
		{ "--fault-arg", "4294967296" },
		{ "--cmdq", "32769:0:0:0" }, /* past 32768 entries */
		{ "--cmdq", "8:0:0:0:0" }, /* a fifth field */
		{ "--cmdq", "8:0:0:0x" }, /* trailing junk */
	};
	unsigned int i;
	char err[160];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *const argv[] = { REQ, bad[i][0], bad[i][1], NULL };

		ck_assert_int_eq(decode(argv, err, sizeof(err)), -EINVAL);
		ck_assert_msg(strstr(err, bad[i][0]) &&
				      strstr(err, "bad value"),
			      "%s %s: '%s'", bad[i][0], bad[i][1], err);
	}
}
END_TEST

/* Each required option left out on its own. */
START_TEST(test_each_required_option_missing)
{
	static const char *const req[][2] = {
		{ "--mem-fd", "3" },	  { "--mem-size", "4096" },
		{ "--cmdq", "8:0:0:0" },  { "--kick-fd", "4" },
		{ "--cmdq-irq-fd", "5" }, { "--stop-fd", "6" },
	};
	const char *argv[16];
	unsigned int skip, i, n;
	char err[160];

	for (skip = 0; skip < 6; skip++) {
		n = 0;
		argv[n++] = "s";
		argv[n++] = "--features";
		argv[n++] = "0x100000000"; /* VERSION_1 alone */
		for (i = 0; i < 6; i++) {
			if (i == skip)
				continue;
			argv[n++] = req[i][0];
			argv[n++] = req[i][1];
		}
		argv[n] = NULL;
		ck_assert_int_eq(decode(argv, err, sizeof(err)), -EINVAL);
		ck_assert_msg(strstr(err, "are required"), "%s: '%s'",
			      req[skip][0], err);
	}
	/* A size of zero is no memory at all. */
	{
		const char *const zero[] = { REQ, "--mem-size", "0", NULL };

		ck_assert_int_eq(decode(zero, err, sizeof(err)), -EINVAL);
		ck_assert_ptr_nonnull(strstr(err, "are required"));
	}
}
END_TEST

/* A short option, known or not, is refused like an unknown long one. */
START_TEST(test_short_options_refused)
{
	const char *const q[] = { REQ, "-q", NULL };
	const char *const m[] = { REQ, "-m", "3", NULL };
	char err[160];

	ck_assert_int_eq(decode(q, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "unknown option '-q'");
	ck_assert_int_eq(decode(m, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "unknown option '-m'");
}
END_TEST

/* The command line the cross-process device encodes: both queues. */
static void xproc_shaped(struct scmi_vio__server_args *a)
{
	memset(a, 0, sizeof(*a));
	a->mem_fd = 3;
	a->mem_size = 4096;
	a->features = 1ull << SCMI_VIO_F_VERSION_1 |
		      1ull << SCMI_VIO_F_P2A_CHANNELS;
	a->cmdq.num = a->eventq.num = 8;
	a->have_cmdq = a->have_eventq = 1;
	a->kick_fd = 4;
	a->cmdq_irq_fd = a->eventq_irq_fd = 5;
	a->stop_fd = 6;
}

/* What fits is encoded whole; one argument more is -E2BIG, not dropped. */
START_TEST(test_encode_too_long_refused)
{
	static const char *extra[32];
	struct scmi_vio__server_args a;
	struct scmi_vio__server_argv av;
	unsigned int i;

	for (i = 0; i < 31; i++)
		extra[i] = "--out-of-order";
	extra[31] = NULL;
	xproc_shaped(&a);
	/* 18 extra arguments fit (as xproc.h promises): 40 slots in all. */
	extra[18] = NULL;
	ck_assert_int_eq(scmi_vio__server_args_encode(&a, "s", extra, &av),
			 SCMI_VIO__SERVER_ARGV_MAX - 1);
	ck_assert_ptr_null(av.argv[SCMI_VIO__SERVER_ARGV_MAX - 1]);
	extra[18] = "--out-of-order";
	extra[19] = NULL;
	ck_assert_int_eq(scmi_vio__server_args_encode(&a, "s", extra, &av),
			 -E2BIG);
	ck_assert_ptr_null(av.argv[SCMI_VIO__SERVER_ARGV_MAX - 1]);
}
END_TEST

/* Through the device: the probe fails with -E2BIG before any exec (a
 * missing server would say -ENOENT, X-5). */
START_TEST(test_xproc_too_many_extra_args)
{
	static const char *extra[20];
	struct scmi_vio_xproc_config xc;
	struct scmi_vio_virtio_scmi_config vc;
	struct scmi_vio_virtio_scmi *vs = NULL;
	struct scmi_vio_xproc *xp;
	unsigned int i;

	for (i = 0; i < 19; i++)
		extra[i] = "--out-of-order";
	extra[19] = NULL;
	memset(&xc, 0, sizeof(xc));
	memset(&vc, 0, sizeof(vc));
	vc.irq_mode = SCMI_VIO_IRQ_NONE;
	xc.server_path = "/nonexistent/scmi_platform_server";
	xc.extra_args = extra;
	ck_assert_int_eq(scmi_vio_xproc_create(&xc, &xp), 0);
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_xproc_vdev(xp),
						    &vc, &vs),
			 -E2BIG);
	ck_assert_ptr_null(vs);
	extra[18] = NULL;
	ck_assert_int_eq(scmi_vio_virtio_scmi_probe(scmi_vio_xproc_vdev(xp),
						    &vc, &vs),
			 -ENOENT);
	scmi_vio_xproc_destroy(xp);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_every_option_bad_value),
		CHECK_ONCE(test_values_past_their_field),
		CHECK_ONCE(test_each_required_option_missing),
		CHECK_ONCE(test_short_options_refused),
		CHECK_ONCE(test_encode_too_long_refused),
		CHECK_ONCE(test_xproc_too_many_extra_args),
		{ NULL, 0, 0 },
	};

	return check_main("server_args_refusals", 60, tests);
}
