// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi-vio serve: the platform for a driver in another process - the
 * installed scmi_platform_server's code and options (server.c), so a VMM
 * may run either: over the fds a driver hands over, or with --vhost-user
 * PATH as a vhost-user device on a Unix socket (QEMU's vhost-user-scmi,
 * User-Mode Linux, another "scmi-vio --vhost-user-connect").
 */
#include "common.h"
#include "server.h"

int tool_serve(int argc, char **argv)
{
	return scmi_vio_tool_serve("scmi-vio serve", argc, argv);
}
