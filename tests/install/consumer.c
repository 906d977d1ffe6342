// SPDX-License-Identifier: BSD-3-Clause
/*
 * An out-of-tree program built against an installed scmi_vio
 * (scripts/ci_consumers.sh builds it through find_package and pkg-config,
 * shared and static).  It checks that the library it runs with is the one
 * its headers describe, then makes SCMI round trips to the platform: in a
 * thread of this process, and with --xproc also in the installed
 * scmi_platform_server, found by the library's default path.
 *
 *   consumer [--xproc]      exit 0: every check passed
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <scmi_vio/scmi_vio.h>

static int fail(const char *what, int r)
{
	fprintf(stderr, "consumer: %s: %s\n", what, strerror(r < 0 ? -r : r));
	return 1;
}

/* Probe the transport on @vdev, ask the platform its Base version. */
static int round_trip(const struct scmi_vio_vdev *vdev,
		      enum scmi_vio_irq_mode irq, const char *where)
{
	struct scmi_vio_virtio_scmi_config vc = { 0 };
	struct scmi_vio_virtio_scmi *vs;
	struct scmi_vio_agent *a;
	uint16_t major, minor;
	char vendor[16];
	int r;

	vc.irq_mode = irq;
	r = scmi_vio_virtio_scmi_probe(vdev, &vc, &vs);
	if (r)
		return fail("probe", r);
	r = scmi_vio_virtio_scmi_agent_create(vs, NULL, &a);
	if (r) {
		scmi_vio_virtio_scmi_remove(vs);
		return fail("agent", r);
	}
	r = scmi_vio_protocol_version(a, SCMI_VIO_PROTO_BASE, &major, &minor);
	if (!r)
		r = scmi_vio_base_vendor(a, vendor);
	scmi_vio_agent_destroy(a);
	scmi_vio_virtio_scmi_remove(vs);
	if (r)
		return fail(where, r);
	printf("consumer: platform %s: vendor %s, SCMI Base %u.%u\n", where,
	       vendor, major, minor);
	return 0;
}

int main(int argc, char **argv)
{
	struct scmi_vio_loopback *lb;
	struct scmi_vio_xproc *xp;
	struct scmi_vio_xproc_config xc;
	unsigned int number;
	const char *version = scmi_vio_version(&number);
	int r;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--xproc"))) {
		fprintf(stderr, "usage: consumer [--xproc]\n");
		return 2;
	}
	if (strcmp(version, SCMI_VIO_VERSION_STRING) ||
	    number != SCMI_VIO_VERSION_NUMBER) {
		fprintf(stderr,
			"consumer: runs with %s (0x%x), built with %s\n",
			version, number, SCMI_VIO_VERSION_STRING);
		return 1;
	}
	printf("consumer: scmi_vio %s\n", version);

	r = scmi_vio_loopback_create(NULL, &lb);
	if (r)
		return fail("loopback", r);
	r = round_trip(scmi_vio_loopback_vdev(lb), SCMI_VIO_IRQ_EVENTFD,
		       "in a thread");
	scmi_vio_loopback_destroy(lb);
	if (r || argc == 1)
		return r;

	memset(&xc, 0, sizeof(xc)); /* server_path NULL: the installed one */
	r = scmi_vio_xproc_create(&xc, &xp);
	if (r)
		return fail("xproc", r);
	r = round_trip(scmi_vio_xproc_vdev(xp), SCMI_VIO_IRQ_EVENTFD,
		       "in another process");
	scmi_vio_xproc_destroy(xp);
	return r;
}
