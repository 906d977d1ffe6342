// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi-vio serve: the platform for a driver in another process - the same
 * code and options as the installed scmi_platform_server (server.c), so a
 * VMM may run either.
 */
#include "common.h"
#include "server.h"

int tool_serve(int argc, char **argv)
{
	return scmi_vio_tool_serve("scmi-vio serve", argc, argv);
}
