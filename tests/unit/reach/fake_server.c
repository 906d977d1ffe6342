// SPDX-License-Identifier: BSD-3-Clause
/*
 * A stand-in for scmi_platform_server that misbehaves on request, for the
 * cross-process device's stop and status tests.  It takes the
 * server's arguments, ignores all but --stop-fd, and acts by --fake MODE:
 *   obey        wait for the stop eventfd, then exit with --code (0)
 *   ignore      never read the stop eventfd (SIGTERM ends it)
 *   ignore-term the same, and SIGTERM is ignored (only SIGKILL ends it)
 *   fill        fill the stop eventfd to its maximum (taking a stop that
 *               came first), then as ignore
 * With --ready PATH it writes its pid to PATH once it has done all of that
 * but wait, so that a test knows when to ask it to stop.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const uint64_t full = UINT64_MAX - 1;
	struct pollfd pfd = { .fd = -1, .events = POLLIN };
	const char *mode = "obey", *ready = NULL;
	char buf[24], tmp[256];
	uint64_t v;
	int i, code = 0;

	for (i = 1; i + 1 < argc; i++) {
		if (!strcmp(argv[i], "--stop-fd"))
			pfd.fd = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--fake"))
			mode = argv[i + 1];
		else if (!strcmp(argv[i], "--code"))
			code = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--ready"))
			ready = argv[i + 1];
	}
	if (pfd.fd < 0)
		return 2;
	/* A stop already written would make the counter overflow: take it
	 * (the fd is non-blocking) and fill again. */
	while (!strcmp(mode, "fill") &&
	       write(pfd.fd, &full, sizeof(full)) != sizeof(full))
		(void)!read(pfd.fd, &v, sizeof(v));
	if (!strcmp(mode, "ignore-term"))
		signal(SIGTERM, SIG_IGN);
	if (ready) {
		/* Its pid, so that a test can watch it end; written to a
		 * temporary name, then renamed: whole when it appears. */
		snprintf(tmp, sizeof(tmp), "%s.tmp", ready);
		snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
		i = open(tmp, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
		if (i < 0 || write(i, buf, strlen(buf)) < 0 || close(i) ||
		    rename(tmp, ready))
			return 4;
	}
	if (!strcmp(mode, "obey")) {
		/* The stop fd may be non-blocking: poll, then read. */
		while (poll(&pfd, 1, -1) < 1 ||
		       read(pfd.fd, &v, sizeof(v)) != sizeof(v))
			;
		return code;
	}
	for (;;)
		pause();
}
