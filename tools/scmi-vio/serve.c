// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi-vio serve: the platform for a driver in another process.  Without
 * --vhost-user, the same code and options as the installed
 * scmi_platform_server (server.c), so a VMM may run either.  With
 * --vhost-user PATH, the platform as a vhost-user device on a Unix socket
 * (vhost_user_serve.h), for QEMU's vhost-user-scmi, crosvm or User-Mode
 * Linux, one front-end at a time, until SIGINT or SIGTERM.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <scmi_vio/platform.h>
#include <scmi_vio/vhost_user.h>
#include <scmi_vio/vhost_user_serve.h>

#include "common.h"
#include "server.h"

static const char vhu_usage[] =
	"usage: scmi-vio serve --vhost-user PATH [--config FILE] "
	"[--mem-unsealed]\n"
	"  --vhost-user PATH   listen on a Unix socket at PATH (an old socket\n"
	"                      file there is replaced) and serve the platform\n"
	"                      as a vhost-user virtio-scmi device (id 32)\n"
	"  --config FILE       the platform a configuration file describes\n"
	"  --mem-unsealed      accept guest memory files that are not sealed\n"
	"                      against shrinking (User-Mode Linux's); such a\n"
	"                      front-end must be trusted not to truncate them\n"
	"Without --vhost-user: the platform server's options (--help).\n";

static struct scmi_vio_vhost_user_serve *volatile the_srv;

static void on_signal(int sig)
{
	(void)sig;
	/* One write(2): safe in a handler. */
	scmi_vio_vhost_user_serve_stop(the_srv);
}

static bool wants_vhost_user(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--vhost-user") ||
		    !strncmp(argv[i], "--vhost-user=", 13))
			return true;
	return false;
}

static int serve_vhost_user(int argc, char **argv)
{
	enum { OPT_VHU = 256, OPT_CONFIG, OPT_UNSEALED };
	static const struct option opts[] = {
		{ "vhost-user", required_argument, NULL, OPT_VHU },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "mem-unsealed", no_argument, NULL, OPT_UNSEALED },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct scmi_vio_vhost_user_serve_config sc = { 0 };
	struct scmi_vio_platform_config_file *cf = NULL;
	struct scmi_vio_vhost_user_serve *srv;
	struct scmi_vio_platform_config pc;
	const char *path = NULL, *config = NULL;
	struct sigaction sa;
	char err[160];
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_VHU:
			path = optarg;
			break;
		case OPT_CONFIG:
			config = optarg;
			break;
		case OPT_UNSEALED:
			sc.flags |= SCMI_VIO_VHOST_USER_UNSEALED_MEM;
			break;
		case 'h':
			fputs(vhu_usage, stdout);
			return 0;
		default:
			return tool_bad_option(c, argv);
		}
	}
	if (optind < argc || !path) {
		fputs(vhu_usage, stderr);
		return TOOL_EXIT_USAGE;
	}
	if (config) {
		ret = scmi_vio_platform_config_load(config, &cf, err,
						    sizeof(err));
		if (ret) {
			tool_err("%s: %s", config,
				 ret == -EINVAL ? err : strerror(-ret));
			return TOOL_EXIT_FAIL;
		}
		pc = *scmi_vio_platform_config_file_get(cf);
	} else {
		scmi_vio_platform_config_default(&pc);
	}
	sc.platform = &pc;
	ret = scmi_vio_vhost_user_serve_create(&sc, &srv);
	if (ret) {
		tool_err("setup: %s", strerror(-ret));
		scmi_vio_platform_config_file_free(cf);
		return TOOL_EXIT_FAIL;
	}
	the_srv = srv;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* a reader that is gone is an error to report, not a death. */
	signal(SIGPIPE, SIG_IGN);
	fprintf(stderr, "scmi-vio serve: vhost-user on %s\n", path);
	ret = scmi_vio_vhost_user_serve_listen(srv, path);
	if (ret)
		tool_err("%s: %s", path, strerror(-ret));
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	the_srv = NULL;
	scmi_vio_vhost_user_serve_destroy(srv);
	scmi_vio_platform_config_file_free(cf);
	return ret ? TOOL_EXIT_FAIL : 0;
}

int tool_serve(int argc, char **argv)
{
	if (wants_vhost_user(argc, argv))
		return serve_vhost_user(argc, argv);
	return scmi_vio_tool_serve("scmi-vio serve", argc, argv);
}
