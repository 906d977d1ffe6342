// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi-vio: look at, watch, load and poke an SCMI platform over
 * virtio-scmi, or serve one.
 *
 *   scmi-vio [--help | --version]
 *   scmi-vio COMMAND [OPTIONS]    (scmi-vio COMMAND --help for each)
 *
 * Exit status: 0 done, 1 the operation failed, 2 a wrong command line
 * (the message names the option); stress also 1 when an invariant broke.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "info", tool_info, "the platform: vendor, protocols, resources" },
	{ "watch", tool_watch, "print notifications as they come" },
	{ "stress", tool_stress, "a timed mixed load, checked at the end" },
	{ "raw", tool_raw, "send one message, print the decoded reply" },
	{ "serve", tool_serve, "be the platform for another process" },
};

#define N_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: scmi-vio [--help | --version]\n"
	      "       scmi-vio COMMAND [OPTIONS]\n"
	      "Commands (scmi-vio COMMAND --help for their options):\n",
	      f);
	for (i = 0; i < N_CMDS; i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].what);
	fputs("Exit status: 0 done, 1 failed, 2 bad command line.\n", f);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return TOOL_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("scmi-vio %s\n", SCMI_VIO_TOOL_VERSION);
		return 0;
	}
	for (i = 0; i < N_CMDS; i++) {
		if (!strcmp(argv[1], cmds[i].name)) {
			tool_cmd = cmds[i].name;
			return cmds[i].run(argc - 1, argv + 1);
		}
	}
	if (argv[1][0] == '-')
		fprintf(stderr, "scmi-vio: unknown option '%s' (see --help)\n",
			argv[1]);
	else
		fprintf(stderr, "scmi-vio: unknown command '%s' (see --help)\n",
			argv[1]);
	return TOOL_EXIT_USAGE;
}
