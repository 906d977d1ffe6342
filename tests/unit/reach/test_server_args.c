// SPDX-License-Identifier: BSD-3-Clause
/*
 * The platform server's command line (lib/reach/server_args.c): what the
 * cross-process device encodes, the server decodes to the same values; a
 * bad command line is refused naming what is wrong.
 */
#include <errno.h>
#include <string.h>

#include <scmi_vio/scmi_wire.h>

#include "check_run.h"
#include "reach/server_args.h"

static void args_init(struct scmi_vio__server_args *a)
{
	memset(a, 0, sizeof(*a));
	a->mem_fd = 7;
	a->mem_size = 0x12000;
	a->gpa = 0x80000000ull;
	a->features = 1ull << SCMI_VIO_F_VERSION_1 |
		      1ull << SCMI_VIO_F_P2A_CHANNELS;
	a->cmdq = (struct scmi_vio_vring_gpa){ 64, 0x80000000ull, 0x80000400ull,
					       0x80001000ull };
	a->have_cmdq = 1;
	a->eventq = (struct scmi_vio_vring_gpa){ 64, 0x80002000ull,
						 0x80002400ull, 0x80003000ull };
	a->have_eventq = 1;
	a->kick_fd = 8;
	a->cmdq_irq_fd = 9;
	a->eventq_irq_fd = 9;
	a->stop_fd = 10;
}

/* The queues' fields side by side (the structs have padding). */
static void ck_queue_eq(const struct scmi_vio_vring_gpa *x,
			const struct scmi_vio_vring_gpa *y)
{
	const uint64_t a[] = { x->num, x->desc_gpa, x->avail_gpa, x->used_gpa };
	const uint64_t b[] = { y->num, y->desc_gpa, y->avail_gpa, y->used_gpa };

	ck_assert_mem_eq(a, b, sizeof(a));
}

static void ck_args_eq(const struct scmi_vio__server_args *x,
		       const struct scmi_vio__server_args *y)
{
	ck_assert_int_eq(x->mem_fd, y->mem_fd);
	ck_assert_int_eq(x->kick_fd, y->kick_fd);
	ck_assert_int_eq(x->cmdq_irq_fd, y->cmdq_irq_fd);
	ck_assert_int_eq(x->eventq_irq_fd, y->eventq_irq_fd);
	ck_assert_int_eq(x->stop_fd, y->stop_fd);
	ck_assert_uint_eq(x->mem_size, y->mem_size);
	ck_assert_uint_eq(x->gpa, y->gpa);
	ck_assert_uint_eq(x->features, y->features);
	ck_assert_int_eq(x->have_cmdq, y->have_cmdq);
	ck_queue_eq(&x->cmdq, &y->cmdq);
	ck_assert_int_eq(x->have_eventq, y->have_eventq);
	if (x->have_eventq)
		ck_queue_eq(&x->eventq, &y->eventq);
	ck_assert_int_eq(x->out_of_order, y->out_of_order);
	ck_assert_int_eq(x->mem_unsealed, y->mem_unsealed);
	ck_assert_uint_eq(x->faults.seed, y->faults.seed);
	ck_assert_uint_eq(x->faults.rate_ppm, y->faults.rate_ppm);
	ck_assert_uint_eq(x->faults.kinds, y->faults.kinds);
	ck_assert_uint_eq(x->faults.random_arg, y->faults.random_arg);
	if (x->config || y->config)
		ck_assert_str_eq(x->config, y->config);
}

/* Encode @a, decode the result, expect @a back. */
static void round_trip(const struct scmi_vio__server_args *a,
		       const char *const *extra)
{
	struct scmi_vio__server_args back;
	struct scmi_vio__server_argv av;
	char err[160] = "";
	int argc;

	argc = scmi_vio__server_args_encode(a, "server", extra, &av);
	ck_assert_int_gt(argc, 1);
	ck_assert_str_eq(av.argv[0], "server");
	ck_assert_ptr_null(av.argv[argc]);
	ck_assert_int_eq(scmi_vio__server_args_decode(argc, av.argv, &back, err,
						      sizeof(err)),
			 0);
	ck_args_eq(a, &back);
}

/* What the cross-process device's start() encodes: both queues. */
START_TEST(test_round_trip_both_queues)
{
	struct scmi_vio__server_args a;

	args_init(&a);
	round_trip(&a, NULL);
}
END_TEST

/* No eventq (P2A not negotiated): no eventq options at all. */
START_TEST(test_round_trip_cmdq_only)
{
	struct scmi_vio__server_args a;

	args_init(&a);
	a.features = 1ull << SCMI_VIO_F_VERSION_1;
	memset(&a.eventq, 0, sizeof(a.eventq));
	a.have_eventq = 0;
	a.eventq_irq_fd = -1;
	round_trip(&a, NULL);
}
END_TEST

/* Every optional field set, values at the top of their ranges. */
START_TEST(test_round_trip_every_option)
{
	struct scmi_vio__server_args a;

	args_init(&a);
	a.features |= 1ull << SCMI_VIO_F_EVENT_IDX | 1ull << 63;
	a.mem_size = ~0ull;
	a.gpa = 0xfffffffffffff000ull;
	a.cmdq.num = 32768;
	a.out_of_order = 1;
	a.mem_unsealed = 1;
	a.faults.seed = ~0ull;
	a.faults.rate_ppm = 1000000;
	a.faults.kinds = 0xffffffffu;
	a.faults.random_arg = 0xffffffffu;
	a.config = "/etc/platform.conf";
	round_trip(&a, NULL);
}
END_TEST

/* The caller's extra arguments follow and are decoded too. */
START_TEST(test_round_trip_extra)
{
	static const char *const extra[] = {
		"--out-of-order", "--fault-seed", "5",
		"--fault-rate",	  "10",		  NULL
	};
	struct scmi_vio__server_args a, back;
	struct scmi_vio__server_argv av;
	char err[160];
	int argc;

	args_init(&a);
	argc = scmi_vio__server_args_encode(&a, "server", extra, &av);
	ck_assert_str_eq(av.argv[argc - 1], "10");
	ck_assert_int_eq(scmi_vio__server_args_decode(argc, av.argv, &back, err,
						      sizeof(err)),
			 0);
	ck_assert_int_eq(back.out_of_order, 1);
	ck_assert_uint_eq(back.faults.seed, 5);
	ck_assert_uint_eq(back.faults.rate_ppm, 10);
	a.out_of_order = 1;
	a.faults.seed = 5;
	a.faults.rate_ppm = 10;
	ck_args_eq(&a, &back);
}
END_TEST

/* Decode @argv (NULL-terminated); expect @ret and, if set, @msg in err. */
static void decode_expect(const char *const *argv, int ret, const char *msg)
{
	struct scmi_vio__server_args a;
	char err[160] = "";
	int argc = 0;

	while (argv[argc])
		argc++;
	ck_assert_int_eq(scmi_vio__server_args_decode(argc, (char **)argv, &a,
						      err, sizeof(err)),
			 ret);
	if (msg)
		ck_assert_msg(strstr(err, msg) != NULL, "'%s' lacks '%s'", err,
			      msg);
}

#define REQ                                                              \
	"s", "--mem-fd", "3", "--mem-size", "4096", "--cmdq", "8:0:0:0", \
		"--kick-fd", "4", "--cmdq-irq-fd", "5", "--stop-fd", "6"

START_TEST(test_decode_refusals)
{
	const char *const ok[] = { REQ, "--features", "0x100000000", NULL };
	const char *const help[] = { "s", "--help", NULL };
	const char *const p2a[] = { REQ, NULL }; /* P2A by default */
	const char *const missing[] = { "s", "--features", "0", NULL };
	const char *const bad[] = { REQ, "--fault-rate", "1000001", NULL };
	const char *const badq[] = { REQ, "--eventq", "8:0:0", NULL };
	const char *const big[] = { REQ, "--eventq", "32769:0:0:0", NULL };
	const char *const fd[] = { REQ, "--kick-fd", "0x80000000", NULL };
	const char *const noval[] = { REQ, "--gpa", NULL };
	const char *const unknown[] = { REQ, "--bogus", NULL };
	const char *const extra[] = { REQ, "--out-of-order", "more", NULL };

	decode_expect(ok, 0, NULL);
	decode_expect(help, 1, NULL);
	decode_expect(p2a, -EINVAL, "--eventq: needed with the P2A feature");
	decode_expect(missing, -EINVAL, "are required");
	decode_expect(bad, -EINVAL, "--fault-rate: bad value '1000001'");
	decode_expect(badq, -EINVAL, "--eventq: bad value");
	decode_expect(big, -EINVAL, "--eventq: bad value");
	decode_expect(fd, -EINVAL, "--kick-fd: bad value");
	decode_expect(noval, -EINVAL, "--gpa: needs a value");
	decode_expect(unknown, -EINVAL, "unknown option '--bogus'");
	decode_expect(extra, -EINVAL, "unexpected 'more'");
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_round_trip_both_queues),
		CHECK_ONCE(test_round_trip_cmdq_only),
		CHECK_ONCE(test_round_trip_every_option),
		CHECK_ONCE(test_round_trip_extra),
		CHECK_ONCE(test_decode_refusals),
		{ NULL, 0, 0 },
	};

	return check_main("server_args", 0, tests);
}
