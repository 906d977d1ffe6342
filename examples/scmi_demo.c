// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi_demo: an SCMI agent talking to a simulated SCMI platform over
 * virtio-scmi queues.
 *
 *   scmi_demo [--server PATH]
 *
 * By default the platform runs in a thread of this process (loopback);
 * with --server it runs in another process (the scmi_platform_server
 * example), sharing a memfd and eventfds.  The demo discovers the platform,
 * reads a sensor, sets a clock rate asynchronously (the answer comes as a
 * delayed response on the event queue) and receives a notification.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <scmi_vio/scmi_vio.h>

/* Filled by the notification callback (another thread), read after. */
static struct {
	unsigned int got; /* ATOMIC */
	uint32_t domain, level;
} note;

static void on_level(const struct scmi_vio_notify_report *r, void *arg)
{
	note.domain = r->perf_level.domain_id;
	note.level = r->perf_level.level;
	__atomic_store_n(&note.got, 1, __ATOMIC_RELEASE);
}

static int fail(const char *what, int r)
{
	fprintf(stderr, "scmi_demo: %s: %s\n", what, strerror(-r));
	return 1;
}

static int demo(struct scmi_vio_agent *a)
{
	struct scmi_vio_notify_sub *sub;
	struct scmi_vio_sensor_desc sd[8];
	struct scmi_vio_clock_attrs ca;
	uint16_t major, minor;
	uint64_t rates[32], rate;
	char vendor[16], sub_vendor[16];
	uint8_t ids[16];
	size_t n, ns, i;
	bool triplet;
	int64_t value;
	int r, waited;

	/* 1. Discover the platform. */
	r = scmi_vio_protocol_version(a, SCMI_VIO_PROTO_BASE, &major, &minor);
	if (!r)
		r = scmi_vio_base_vendor(a, vendor);
	if (!r)
		r = scmi_vio_base_sub_vendor(a, sub_vendor);
	if (!r)
		r = scmi_vio_base_list_protocols(a, ids, sizeof(ids), &n);
	if (r)
		return fail("discover", r);
	printf("platform: %s/%s, SCMI Base %u.%u, protocols:", vendor,
	       sub_vendor, major, minor);
	for (i = 0; i < n; i++)
		printf(" 0x%02x", ids[i]);
	printf("\n");

	/* 2. Read a sensor. */
	r = scmi_vio_sensor_describe(a, sd, 8, &ns);
	if (!r)
		r = scmi_vio_sensor_reading_get(a, sd[0].id, &value);
	if (r)
		return fail("sensor", r);
	printf("sensor %u (%s): %" PRId64 " x 10^%d\n", sd[0].id, sd[0].name,
	       value, sd[0].scale);

	/* 3. Set a clock asynchronously. */
	r = scmi_vio_clock_attributes(a, 0, &ca);
	if (!r)
		r = scmi_vio_clock_describe_rates(a, 0, rates, 32, &n,
						  &triplet);
	if (!r)
		r = scmi_vio_clock_rate_set_async(a, 0, rates[n / 2], 0, &rate);
	if (r)
		return fail("clock", r);
	printf("clock 0 (%s): rate set to %" PRIu64 " Hz (delayed response)\n",
	       ca.name, rate);

	/* 4. Receive a notification. */
	r = scmi_vio_perf_register_events(a);
	if (!r)
		r = scmi_vio_notify_subscribe(a, SCMI_VIO_PROTO_PERF,
					      SCMI_VIO_PERF_LEVEL_CHANGED, 0,
					      on_level, NULL, &sub);
	if (!r)
		r = scmi_vio_perf_level_set(a, 0, 1200);
	if (r)
		return fail("perf", r);
	for (waited = 0;
	     !__atomic_load_n(&note.got, __ATOMIC_ACQUIRE) && waited < 5000;
	     waited++) {
		const struct timespec ms = { 0, 1000000 };

		nanosleep(&ms, NULL);
	}
	scmi_vio_notify_unsubscribe(a, sub);
	if (!__atomic_load_n(&note.got, __ATOMIC_ACQUIRE))
		return fail("notification", -ETIMEDOUT);
	printf("notification: perf domain %u level changed to %u\n",
	       note.domain, note.level);
	return 0;
}

int main(int argc, char **argv)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_loopback *lb = NULL;
	struct scmi_vio_xproc *xp = NULL;
	const struct scmi_vio_vdev *vdev;
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
	int r, ret;

	if (argc == 3 && !strcmp(argv[1], "--server")) {
		struct scmi_vio_xproc_config xc = { 0 };

		xc.server_path = argv[2];
		r = scmi_vio_xproc_create(&xc, &xp);
		if (r)
			return fail("platform process", r);
		vdev = scmi_vio_xproc_vdev(xp);
		printf("transport: virtio-scmi, platform in another process\n");
	} else if (argc == 1) {
		r = scmi_vio_loopback_create(NULL, &lb);
		if (r)
			return fail("platform", r);
		vdev = scmi_vio_loopback_vdev(lb);
		printf("transport: virtio-scmi, platform in a thread\n");
	} else {
		if (argc == 2 && !strcmp(argv[1], "--server"))
			fprintf(stderr, "scmi_demo: --server: needs a value\n");
		else
			fprintf(stderr, "scmi_demo: unexpected '%s'\n",
				argv[strcmp(argv[1], "--server") ? 1 : 3]);
		fprintf(stderr, "usage: scmi_demo [--server PATH]\n");
		return 2;
	}
	vc.irq_mode = SCMI_VIO_IRQ_EVENTFD;
	r = scmi_vio_virtio_scmi_probe(vdev, &vc, &vs);
	if (r) {
		/* The server is started here: a missing or broken one
		 * shows as the probe's errno, which must name it. */
		if (xp) {
			fprintf(stderr, "scmi_demo: probe: server %s: %s\n",
				argv[2], strerror(-r));
			ret = 1;
		} else {
			ret = fail("probe", r);
		}
		goto out;
	}
	r = scmi_vio_virtio_scmi_agent_create(vs, NULL, &a);
	if (r) {
		ret = fail("agent", r);
		scmi_vio_virtio_scmi_remove(vs);
		goto out;
	}
	ret = demo(a);
	scmi_vio_agent_destroy(a);
	scmi_vio_virtio_scmi_remove(vs);
out:
	scmi_vio_loopback_destroy(lb);
	scmi_vio_xproc_destroy(xp);
	return ret;
}
