// SPDX-License-Identifier: BSD-3-Clause
/*
 * scmi-raw: the guest side of the Linux guest tier's raw exchanges
 * (docs/linux-guest.md).  Sends SCMI commands through Linux 6.12's SCMI
 * raw mode (debugfs scmi/0/raw) and prints each exchange as one line for
 * the host to check.  It is a program, not shell, because in a User-Mode
 * Linux guest every fork is a host process switch through ptrace: the
 * shell version (printf, dd, timeout, od per message) cost about 40 ms an
 * exchange, this one costs the system calls.
 *
 * Usage: scmi-raw KIND [ARG...]   one request
 *        scmi-raw                 requests from stdin, one a line
 * Requests:
 *   c PROTO MSG TOKEN [WORD...]   a command through raw/message
 *   a PROTO MSG TOKEN [WORD...]   through raw/message_async; when the reply
 *                                 is SUCCESS, also its delayed response
 *   n                             the next notification
 *   q                             expect none: wait 0.3 s at most
 * Numbers are decimal or 0x hex, 32 bits; '#' starts a comment.  Output, one line per request:
 *   ##scmi_vio:raw proto=0xPP msg=0xMM token=T tx=W... rx=W... [dr=W...] wrc=N
 *   ##scmi_vio:notif W...
 * words in hex, 32-bit little-endian as on the wire: tx what was sent
 * (header first), rx the reply (header, status, payload; nothing if none
 * came in time), dr the delayed response, wrc 0 when the message was
 * written whole.
 * Environment: SCMI_RAW_DIR (/sys/kernel/debug/scmi/0/raw),
 * SCMI_RAW_TIMEOUT (seconds to wait for each message, default 2).
 * Exit status: one request: 0 when it was written and a reply (or a
 * notification) came, else 1; from stdin: 0, the host judging every line;
 * 2 for a malformed request.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Raw mode's messages are at most 4 + 128 bytes; room to spare. */
#define MAX_WORDS 64
#define MAX_ARGS (MAX_WORDS + 4)

static const char *raw_dir = "/sys/kernel/debug/scmi/0/raw";
static int timeout_ms = 2000;

/*
 * Wait up to @ms for a message on @fd (opened O_NONBLOCK) and read it as
 * words into @w.  Returns the number of words, 0 when none came.
 */
static int read_msg(int fd, int ms, uint32_t *w)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint8_t buf[4 * MAX_WORDS], eof;
	ssize_t n;
	int r, i;

	do
		r = poll(&p, 1, ms);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return 0;
	do
		n = read(fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return 0;
	/*
	 * After a message the file returns end of file once; take it now
	 * (with what a message longer than @buf would have left), or the next
	 * read on this file would see it instead of the next message (a
	 * delayed response after its reply).
	 */
	while (read(fd, &eof, 1) > 0)
		;
	/* A partial last word is padded with zeros, as od does; n <= sizeof
	 * buf, and a multiple of 4 when it is sizeof buf. */
	memset(buf + n, 0, (size_t)(-n & 3));
	for (i = 0; i < (n + 3) / 4; i++)
		w[i] = (uint32_t)buf[4 * i] | (uint32_t)buf[4 * i + 1] << 8 |
		       (uint32_t)buf[4 * i + 2] << 16 |
		       (uint32_t)buf[4 * i + 3] << 24;
	return i;
}

static void print_words(const char *tag, const uint32_t *w, int n)
{
	int i;

	fputs(tag, stdout);
	for (i = 0; i < n; i++)
		printf(i ? " %08x" : "%08x", w[i]);
}

static int open_raw(const char *name, int flags)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", raw_dir, name);
	return open(path, flags | O_NONBLOCK | O_CLOEXEC);
}

/* One command; 0 when it was written and a reply came. */
static int exchange(bool async, const uint32_t *tx, int ntx)
{
	uint32_t rx[MAX_WORDS], dr[MAX_WORDS];
	uint8_t buf[4 * MAX_WORDS];
	int fd, i, nrx = 0, ndr = 0, wrc = 1;
	size_t len = 4 * (size_t)ntx;

	for (i = 0; i < ntx; i++) {
		buf[4 * i] = (uint8_t)tx[i];
		buf[4 * i + 1] = (uint8_t)(tx[i] >> 8);
		buf[4 * i + 2] = (uint8_t)(tx[i] >> 16);
		buf[4 * i + 3] = (uint8_t)(tx[i] >> 24);
	}
	fd = open_raw(async ? "message_async" : "message", O_RDWR);
	if (fd >= 0) {
		/* Raw mode takes the first write()'s size as the message's.
		 * Its transfers go back to the pool from a deferred worker,
		 * so a guest under load can find none free (ENOMEM, "Cannot
		 * get a free RAW xfer"): nothing was sent then; try again
		 * for up to a second. */
		for (i = 0; i < 100; i++) {
			if (write(fd, buf, len) == (ssize_t)len) {
				wrc = 0;
				break;
			}
			if (errno != ENOMEM)
				break;
			nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
		}
		if (!wrc)
			nrx = read_msg(fd, timeout_ms, rx);
		/* Only a successful asynchronous command has a delayed
		 * response. */
		if (async && nrx >= 2 && rx[1] == 0)
			ndr = read_msg(fd, timeout_ms, dr);
		close(fd);
	}
	printf("##scmi_vio:raw proto=0x%02x msg=0x%02x token=%u ",
	       tx[0] >> 10 & 0xff, tx[0] & 0xff, tx[0] >> 18 & 0x3ff);
	print_words("tx=", tx, ntx);
	print_words(" rx=", rx, nrx);
	if (ndr)
		print_words(" dr=", dr, ndr);
	printf(" wrc=%d\n", wrc);
	return !wrc && nrx ? 0 : 1;
}

static int notification(int ms)
{
	uint32_t w[MAX_WORDS];
	int fd, n = 0;

	fd = open_raw("notification", O_RDONLY);
	if (fd >= 0) {
		n = read_msg(fd, ms, w);
		close(fd);
	}
	print_words("##scmi_vio:notif ", w, n);
	putchar('\n');
	return n ? 0 : 1;
}

static bool parse_u32(const char *s, uint32_t *v)
{
	unsigned long long x;
	char *end;

	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-' || x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

/* Run one request (@argv[0] its kind); -1 when it is malformed. */
static int request(int argc, char **argv)
{
	uint32_t tx[MAX_WORDS], proto, msg, token;
	int i;

	if (!strcmp(argv[0], "n") && argc == 1)
		return notification(timeout_ms);
	/*
	 * A notification a command triggers is queued with its reply and
	 * sent right after it, so a short wait catches a stray one; one that
	 * came later would still show up at the next "n".
	 */
	if (!strcmp(argv[0], "q") && argc == 1)
		return notification(timeout_ms < 300 ? timeout_ms : 300);
	if ((strcmp(argv[0], "c") && strcmp(argv[0], "a")) || argc < 4 ||
	    argc - 4 > MAX_WORDS - 1 || !parse_u32(argv[1], &proto) ||
	    !parse_u32(argv[2], &msg) || !parse_u32(argv[3], &token) ||
	    proto > 0xff || msg > 0xff || token > 0x3ff)
		return -1;
	tx[0] = msg | proto << 10 | token << 18;
	for (i = 4; i < argc; i++)
		if (!parse_u32(argv[i], &tx[i - 3]))
			return -1;
	return exchange(argv[0][0] == 'a', tx, argc - 3);
}

int main(int argc, char **argv)
{
	char line[1024], *args[MAX_ARGS], *tok;
	const char *env;
	int n, ret;

	env = getenv("SCMI_RAW_DIR");
	if (env && *env)
		raw_dir = env;
	env = getenv("SCMI_RAW_TIMEOUT");
	/* A negative poll() timeout would wait for ever. */
	if (env && *env && atof(env) >= 0 && atof(env) < 3600)
		timeout_ms = (int)(atof(env) * 1000);
	if (argc > 1) {
		ret = request(argc - 1, argv + 1);
		if (ret < 0)
			fprintf(stderr, "scmi-raw: bad request\n");
		return ret < 0 ? 2 : ret;
	}
	while (fgets(line, sizeof(line), stdin)) {
		if (!strchr(line, '\n') && !feof(stdin)) {
			fprintf(stderr, "scmi-raw: line too long\n");
			return 2;
		}
		n = 0;
		/* '#' starts a comment, as in the shell. */
		for (tok = strtok(line, " \t\n"); tok && tok[0] != '#';
		     tok = strtok(NULL, " \t\n")) {
			if (n == MAX_ARGS) {
				fprintf(stderr, "scmi-raw: too many words\n");
				return 2;
			}
			args[n++] = tok;
		}
		if (!n)
			continue;
		if (request(n, args) < 0) {
			fprintf(stderr, "scmi-raw: bad request '%s ...'\n",
				args[0]);
			return 2;
		}
		/* Each line out before the next request: the host reads a
		 * console that a crash would cut. */
		fflush(stdout);
	}
	return 0;
}
