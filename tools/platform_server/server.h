/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform server's body, shared by the scmi_platform_server executable
 * and "scmi-vio serve" so that both read the same options (server.c says
 * which).
 */
#ifndef SCMI_VIO_TOOL_SERVER_H
#define SCMI_VIO_TOOL_SERVER_H

/*
 * Parse @argv (argv[0] is skipped; @name is how messages call us), serve
 * over the fds given or, with --vhost-user, on a socket until stopped, and
 * return the exit status: 0 stopped (or --help), 1 setup failed, 2 bad
 * arguments, 3 serving ended on an error.  Call it once per process: it
 * ignores SIGPIPE, uses getopt and, with --vhost-user, handles SIGINT and
 * SIGTERM.
 */
int scmi_vio_tool_serve(const char *name, int argc, char **argv);

#endif /* SCMI_VIO_TOOL_SERVER_H */
