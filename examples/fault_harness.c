// SPDX-License-Identifier: BSD-3-Clause
/*
 * fault_harness: a test of one agent behaviour using the platform's fault
 * injection.  Copy it to test how your agent code copes with a platform
 * that misbehaves.
 *
 * The behaviour checked: when the platform never answers a command (its
 * reply is dropped), the command fails with -ETIMEDOUT after the agent's
 * reply timeout, the agent counts one timeout, and the next command works
 * (the agent recovered).  Exit status 0 when it behaves so.
 *
 *   fault_harness
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <scmi_vio/scmi_vio.h>

/* How long the agent waits for a reply in this test. */
#define TIMEOUT_MS 100u

static int failures;

static void expect(bool ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

static uint64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	/* The fault: drop the reply to the first CLOCK_RATE_GET, once. */
	const struct scmi_vio_fault_rule rule = {
		.match = SCMI_VIO_FAULT_MATCH_PROTO |
			 SCMI_VIO_FAULT_MATCH_MSG_ID,
		.protocol = SCMI_VIO_PROTO_CLOCK,
		.msg_id = SCMI_VIO_CLOCK_RATE_GET,
		.kind = SCMI_VIO_FAULT_DROP_REPLY,
		.times = 1,
	};
	const struct scmi_vio_fault_plan plan = { .rules = &rule,
						  .n_rules = 1 };
	struct scmi_vio_loopback_config lc = { .faults = &plan };
	struct scmi_vio_virtio_scmi_config vc = {
		.irq_mode = SCMI_VIO_IRQ_EVENTFD,
	};
	struct scmi_vio_agent_config ac = { .reply_timeout_ms = TIMEOUT_MS };
	struct scmi_vio_agent_stats st;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_loopback *lb;
	struct scmi_vio_agent *a;
	uint64_t rate, t0, took;
	int r;

	if (argc > 1) {
		fprintf(stderr,
			"fault_harness: unexpected '%s'\n"
			"usage: fault_harness\n",
			argv[1]);
		return 2;
	}
	/* The platform in this process, with the fault plan; an agent. */
	if (scmi_vio_loopback_create(&lc, &lb))
		return 1;
	if (scmi_vio_virtio_scmi_probe(scmi_vio_loopback_vdev(lb), &vc, &vs)) {
		scmi_vio_loopback_destroy(lb);
		return 1;
	}
	if (scmi_vio_virtio_scmi_agent_create(vs, &ac, &a)) {
		scmi_vio_virtio_scmi_remove(vs);
		scmi_vio_loopback_destroy(lb);
		return 1;
	}

	/* 1. The command whose reply is dropped times out, on time. */
	t0 = now_ms();
	r = scmi_vio_clock_rate_get(a, 0, &rate);
	took = now_ms() - t0;
	expect(r == -ETIMEDOUT, "a dropped reply fails with -ETIMEDOUT");
	expect(took >= TIMEOUT_MS && took < 10 * TIMEOUT_MS,
	       "after about the reply timeout");
	expect(scmi_vio_platform_dev_fault_count(scmi_vio_loopback_dev(lb),
						 SCMI_VIO_FAULT_DROP_REPLY) ==
		       1,
	       "the platform injected exactly one fault");
	scmi_vio_agent_get_stats(a, &st);
	expect(st.timeouts == 1, "the agent counted one timeout");

	/* 2. The agent recovered: the same command now works. */
	r = scmi_vio_clock_rate_get(a, 0, &rate);
	expect(r == 0 && rate > 0, "the next command succeeds");
	printf("      clock 0 runs at %" PRIu64 " Hz\n", rate);

	scmi_vio_agent_destroy(a);
	scmi_vio_virtio_scmi_remove(vs);
	scmi_vio_loopback_destroy(lb);
	printf("%s\n", failures ? "FAILED" : "passed");
	return failures ? 1 : 0;
}
