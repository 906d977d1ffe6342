// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi_platform_server: the executable scmi_vio_xproc_create() starts
 * (installed in libexecdir); server.c is the whole of it.
 */
#include "server.h"

int main(int argc, char **argv)
{
	return scmi_vio_tool_serve("scmi_platform_server", argc, argv);
}
