// SPDX-License-Identifier: BSD-3-Clause
/*
 * Cross-process: the platform device runs in scmi_platform_server, exec'd
 * with a memfd (guest memory at a guest-physical base, mapped wherever that
 * process likes) and eventfds for kicks and interrupts; this process is the
 * driver (the library's driver role) and checks the bytes that come back;
 * then the hostile or broken driver: memory it could truncate,
 * doorbell fds of the wrong type or at end of file, an interrupt
 * socket whose reader is gone.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/shm.h>
#include <scmi_vio/virtqueue.h>
#include <scmi_vio/vring.h>

#include "check_run.h"
#include "plat_fixture.h"

#ifndef SCMI_VIO_PLATFORM_SERVER
#error "SCMI_VIO_PLATFORM_SERVER must name the server executable"
#endif

#define XP_GPA 0x80000000ull
#define XP_SIZE (1u << 20)
#define XP_NUM 16u
#define XP_EVQ_OFF 0x4000u
#define XP_BUF_OFF 0x10000u
#define XP_EV_OFF 0x20000u
#define WAIT_NS 10000000000LL /* only detects a hang */

struct xp {
	struct scmi_vio_shm *shm;
	uint8_t *mem;
	struct scmi_vio_vring cmd_ring, ev_ring;
	struct scmi_vio_vq *cmdq, *evq;
	int mem_fd, kick_fd, cmd_irq_fd, ev_irq_fd, stop_fd;
	struct scmi_vio_doorbell *kick, *cmd_irq, *ev_irq;
	pid_t pid;
};

static uint64_t gpa(const struct xp *x, const void *p)
{
	return XP_GPA + (uint64_t)((const uint8_t *)p - x->mem);
}

static void spawn(struct xp *x, const char *const *extra)
{
	char a[10][96];
	char *argv[30];
	int i = 0, k;
	pid_t parent;

#define ARG(...) (snprintf(a[i], sizeof(a[i]), __VA_ARGS__), a[i++])
	argv[0] = SCMI_VIO_PLATFORM_SERVER;
	k = 1;
	argv[k++] = "--mem-fd";
	argv[k++] = ARG("%d", x->mem_fd);
	argv[k++] = "--mem-size";
	argv[k++] = ARG("%u", XP_SIZE);
	argv[k++] = "--gpa";
	argv[k++] = ARG("0x%llx", XP_GPA);
	argv[k++] = "--cmdq";
	argv[k++] = ARG("%u:0x%llx:0x%llx:0x%llx", XP_NUM,
			(unsigned long long)gpa(x, x->cmd_ring.desc),
			(unsigned long long)gpa(x, x->cmd_ring.avail),
			(unsigned long long)gpa(x, x->cmd_ring.used));
	argv[k++] = "--eventq";
	argv[k++] = ARG("%u:0x%llx:0x%llx:0x%llx", XP_NUM,
			(unsigned long long)gpa(x, x->ev_ring.desc),
			(unsigned long long)gpa(x, x->ev_ring.avail),
			(unsigned long long)gpa(x, x->ev_ring.used));
	argv[k++] = "--kick-fd";
	argv[k++] = ARG("%d", x->kick_fd);
	argv[k++] = "--cmdq-irq-fd";
	argv[k++] = ARG("%d", x->cmd_irq_fd);
	argv[k++] = "--eventq-irq-fd";
	argv[k++] = ARG("%d", x->ev_irq_fd);
	argv[k++] = "--stop-fd";
	argv[k++] = ARG("%d", x->stop_fd);
	while (extra && *extra && k < 29)
		argv[k++] = (char *)*extra++;
	argv[k] = NULL;
#undef ARG
	parent = getpid();
	x->pid = fork();
	ck_assert_int_ge(x->pid, 0);
	if (x->pid == 0) {
		/* A failed test must not leave the server behind. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(126);
		/* The memfd is close-on-exec; the peer needs it. */
		fcntl(x->mem_fd, F_SETFD, 0);
		execv(argv[0], argv);
		_exit(127);
	}
}

/* Everything but the server: tests may swap an fd before spawn(). */
static void setup_guest(struct xp *x)
{
	struct scmi_vio_vq_config vc;

	memset(x, 0, sizeof(*x));
	ck_assert_int_eq(scmi_vio_shm_create(XP_SIZE, &x->shm), 0);
	x->mem = scmi_vio_shm_host(x->shm);
	x->mem_fd = scmi_vio_shm_fd(x->shm);
	ck_assert_int_eq(scmi_vio_vring_layout(&x->cmd_ring, XP_NUM, x->mem, 4),
			 0);
	ck_assert_int_eq(scmi_vio_vring_layout(&x->ev_ring, XP_NUM,
					       x->mem + XP_EVQ_OFF, 4),
			 0);
	x->kick_fd = eventfd(0, 0);
	x->cmd_irq_fd = eventfd(0, 0);
	x->ev_irq_fd = eventfd(0, 0);
	x->stop_fd = eventfd(0, 0);
	ck_assert(x->kick_fd >= 0 && x->cmd_irq_fd >= 0 && x->ev_irq_fd >= 0 &&
		  x->stop_fd >= 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(x->kick_fd, &x->kick),
			 0);
	ck_assert_int_eq(scmi_vio_doorbell_eventfd_create(x->cmd_irq_fd,
							  &x->cmd_irq),
			 0);
	ck_assert_int_eq(
		scmi_vio_doorbell_eventfd_create(x->ev_irq_fd, &x->ev_irq), 0);
	memset(&vc, 0, sizeof(vc));
	vc.ring = x->cmd_ring;
	vc.features = 1ull << SCMI_VIO_F_VERSION_1;
	vc.kick = x->kick;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &x->cmdq), 0);
	vc.ring = x->ev_ring;
	ck_assert_int_eq(scmi_vio_vq_create(&vc, &x->evq), 0);
}

static void setup(struct xp *x, const char *const *extra)
{
	setup_guest(x);
	spawn(x, extra);
}

/*
 * The server's wait status once it ended on its own; 10 s only detects a
 * server that never ends (it is killed then, and the test fails).
 */
static int wait_exit(struct xp *x)
{
	const struct timespec ms = { 0, 1000000 };
	int status, i;
	pid_t r = 0;

	for (i = 0; i < 10000 && !r; i++) {
		r = waitpid(x->pid, &status, WNOHANG);
		if (!r)
			nanosleep(&ms, NULL);
	}
	if (!r) {
		kill(x->pid, SIGKILL);
		waitpid(x->pid, &status, 0);
		ck_abort_msg("the server did not end");
	}
	ck_assert_int_eq(r, x->pid);
	x->pid = 0;
	return status;
}

/* The server ended on its own with exit status @code. */
static void expect_exit(struct xp *x, int code)
{
	int status = wait_exit(x);

	ck_assert_msg(WIFEXITED(status), "server killed by signal %d",
		      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	ck_assert_int_eq(WEXITSTATUS(status), code);
}

static void teardown(struct xp *x)
{
	struct scmi_vio_doorbell *const dbs[] = { x->kick, x->cmd_irq,
						  x->ev_irq };
	const int fds[] = { x->kick_fd, x->cmd_irq_fd, x->ev_irq_fd,
			    x->stop_fd };
	const uint64_t one = 1;
	unsigned int i;

	if (x->pid) {
		ck_assert_int_eq(write(x->stop_fd, &one, sizeof(one)),
				 sizeof(one));
		expect_exit(x, 0);
	}
	scmi_vio_vq_destroy(x->cmdq);
	scmi_vio_vq_destroy(x->evq);
	for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++)
		scmi_vio_doorbell_destroy(dbs[i]);
	/* Swapped fds were closed by their tests; a second close is EBADF. */
	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		close(fds[i]);
	scmi_vio_shm_destroy(x->shm);
}

/* Send one command in buffer 0 and return the response length. */
static uint32_t call(struct xp *x, const uint8_t *req, uint32_t len)
{
	uint8_t *rq = x->mem + XP_BUF_OFF, *rs = rq + 0x100;
	const struct scmi_vio_seg out = { gpa(x, rq), len };
	const struct scmi_vio_seg in = { gpa(x, rs), 136 };
	void *tok = NULL;
	uint32_t used;
	int got = 0;

	memcpy(rq, req, len);
	ck_assert_int_eq(scmi_vio_vq_add(x->cmdq, &out, 1, &in, 1, rq), 0);
	ck_assert_int_eq(scmi_vio_vq_kick(x->cmdq), 0);
	while (!got) {
		got = scmi_vio_vq_get_used(x->cmdq, &tok, &used);
		if (!got)
			ck_assert_int_eq(
				scmi_vio_doorbell_wait(x->cmd_irq, WAIT_NS), 1);
	}
	ck_assert_int_eq(got, 1);
	ck_assert_ptr_eq(tok, rq);
	return used;
}

START_TEST(test_xproc_commands)
{
	static const uint8_t ver[] = { W(H(P_BASE, 0x0, 1)) };
	static const uint8_t ver_exp[] = { W(H(P_BASE, 0x0, 1)), W(0),
					   W(0x00020001) };
	static const uint8_t vendor[] = { W(H(P_BASE, 0x3, 2)) };
	static const uint8_t vendor_exp[] = { W(H(P_BASE, 0x3, 2)),
					      W(0),
					      's',
					      'c',
					      'm',
					      'i',
					      '_',
					      'v',
					      'i',
					      'o',
					      0,
					      0,
					      0,
					      0,
					      0,
					      0,
					      0,
					      0 };
	const unsigned int n = 500 / SCMI_VIO_TEST_SCALE;
	uint8_t *rs;
	struct xp x;
	unsigned int i;

	setup(&x, NULL);
	rs = x.mem + XP_BUF_OFF + 0x100;
	ck_assert_uint_eq(call(&x, ver, sizeof(ver)), sizeof(ver_exp));
	ck_assert_mem_eq(rs, ver_exp, sizeof(ver_exp));
	ck_assert_uint_eq(call(&x, vendor, sizeof(vendor)), sizeof(vendor_exp));
	ck_assert_mem_eq(rs, vendor_exp, sizeof(vendor_exp));
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(call(&x, ver, sizeof(ver)), sizeof(ver_exp));
		ck_assert_mem_eq(rs, ver_exp, sizeof(ver_exp));
	}
	teardown(&x);
}
END_TEST

/* An async RATE_SET: the delayed response arrives on the eventq. */
START_TEST(test_xproc_delayed_response)
{
	static const uint8_t set[] = { W(H(P_CLOCK, 0x5, 7)), W(1), W(3),
				       W(0x2faf0800), W(0) };
	static const uint8_t set_exp[] = { W(H(P_CLOCK, 0x5, 7)), W(0) };
	static const uint8_t dresp[] = { W(HT(P_CLOCK, 0x5, 2, 7)), W(0), W(3),
					 W(0x2faf0800), W(0) };
	uint8_t *ev;
	struct scmi_vio_seg in;
	struct xp x;
	void *tok = NULL;
	uint32_t len;
	int got = 0;

	setup(&x, NULL);
	ev = x.mem + XP_EV_OFF;
	in = (struct scmi_vio_seg){ gpa(&x, ev), 136 };
	ck_assert_int_eq(scmi_vio_vq_add(x.evq, NULL, 0, &in, 1, ev), 0);
	ck_assert_int_eq(scmi_vio_vq_kick(x.evq), 0);
	ck_assert_uint_eq(call(&x, set, sizeof(set)), sizeof(set_exp));
	ck_assert_mem_eq(x.mem + XP_BUF_OFF + 0x100, set_exp, sizeof(set_exp));
	while (!got) {
		got = scmi_vio_vq_get_used(x.evq, &tok, &len);
		if (!got)
			ck_assert_int_eq(
				scmi_vio_doorbell_wait(x.ev_irq, WAIT_NS), 1);
	}
	ck_assert_ptr_eq(tok, ev);
	ck_assert_uint_eq(len, sizeof(dresp));
	ck_assert_mem_eq(ev, dresp, sizeof(dresp));
	teardown(&x);
}
END_TEST

/* Server-side seeded faults: every reply comes back with another token. */
START_TEST(test_xproc_faults)
{
	static const char *const extra[] = {
		"--fault-seed", "7", "--fault-rate", "1000000", "--fault-kinds",
		"0x40",		NULL
	};
	static const uint8_t ver[] = { W(H(P_BASE, 0x0, 1)) };
	static const uint8_t exp[] = { W(H(P_BASE, 0x0, 0x201)), W(0),
				       W(0x00020001) };
	struct xp x;

	/* 0x40 = 1 << SCMI_VIO_FAULT_WRONG_TOKEN */
	ck_assert_uint_eq(1u << SCMI_VIO_FAULT_WRONG_TOKEN, 0x40);
	setup(&x, extra);
	ck_assert_uint_eq(call(&x, ver, sizeof(ver)), sizeof(exp));
	ck_assert_mem_eq(x.mem + XP_BUF_OFF + 0x100, exp, sizeof(exp));
	teardown(&x);
}
END_TEST

/*
 * Spawn the server with @fd (close-on-exec here) in place of the fd in
 * *@slot; then close our copies of @fd and of its other end @other (-1:
 * none), so that only the server holds them.
 */
static void spawn_swapped(struct xp *x, int *slot, int fd, int other)
{
	ck_assert_int_eq(fcntl(fd, F_SETFD, 0), 0);
	close(*slot);
	*slot = fd;
	spawn(x, NULL);
	close(fd);
	if (other >= 0)
		close(other);
}

/*
 * memory the driver could truncate under the server is refused (exit
 * 1, setup failed) unless --mem-unsealed accepts the risk.
 */
START_TEST(test_xproc_x1_unsealed_memory_refused)
{
	static const char *const opt_in[] = { "--mem-unsealed", NULL };
	static const uint8_t ver[] = { W(H(P_BASE, 0x0, 1)) };
	struct xp x;
	void *alias;
	int fd;

	setup_guest(&x);
	fd = memfd_create("unsealed", MFD_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, XP_SIZE), 0);
	x.mem_fd = fd;
	spawn(&x, NULL);
	expect_exit(&x, 1);
	/* Opted in: the same memory is served (the guest's view is the
	 * unsealed file, mapped over the sealed one's addresses). */
	alias = mmap(x.mem, XP_SIZE, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_FIXED, fd, 0);
	ck_assert_ptr_eq(alias, x.mem);
	ck_assert_int_eq(scmi_vio_vring_layout(&x.cmd_ring, XP_NUM, x.mem, 4),
			 0);
	spawn(&x, opt_in);
	ck_assert_uint_eq(call(&x, ver, sizeof(ver)), 12);
	teardown(&x);
	close(fd);
}
END_TEST

/*
 * the driver truncating the memory under a running server fails (the
 * memfd is sealed), so the server cannot die of SIGBUS; it serves on.
 */
START_TEST(test_xproc_x1_truncate_refused)
{
	static const uint8_t ver[] = { W(H(P_BASE, 0x0, 1)) };
	struct xp x;

	setup(&x, NULL);
	ck_assert_uint_eq(call(&x, ver, sizeof(ver)), 12);
	ck_assert_int_eq(ftruncate(x.mem_fd, 0), -1);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_uint_eq(call(&x, ver, sizeof(ver)), 12);
	teardown(&x);
}
END_TEST

/* a kick fd that is no doorbell at all is refused at setup. */
START_TEST(test_xproc_x2_kick_not_a_doorbell)
{
	struct xp x;
	int fd;

	setup_guest(&x);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	spawn_swapped(&x, &x.kick_fd, fd, -1);
	expect_exit(&x, 1);
	teardown(&x);
}
END_TEST

/*
 * the kick fd reaches end of file at run time (the driver closed its
 * end of a pipe).  The server stops and reports it (exit 3) without being
 * asked to; before, its thread spun on the "readable" fd for ever.
 */
START_TEST(test_xproc_x2_kick_end_of_file)
{
	struct xp x;
	int p[2];

	setup_guest(&x);
	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	spawn_swapped(&x, &x.kick_fd, p[0], p[1]);
	expect_exit(&x, 3);
	teardown(&x);
}
END_TEST

/*
 * the interrupt fd is a stream socket (User-Mode Linux's call fd)
 * whose reader is gone.  The server replies, fails to ring, reports it and
 * exits 3; before, it died of SIGPIPE.
 */
START_TEST(test_xproc_x3_irq_socket_reader_gone)
{
	static const uint8_t ver[] = { W(H(P_BASE, 0x0, 1)) };
	uint8_t *rq;
	struct scmi_vio_seg out, in;
	struct xp x;
	void *tok = NULL;
	uint32_t len;
	int sv[2];

	setup_guest(&x);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
			 0);
	spawn_swapped(&x, &x.cmd_irq_fd, sv[1], sv[0]);
	rq = x.mem + XP_BUF_OFF;
	memcpy(rq, ver, sizeof(ver));
	out = (struct scmi_vio_seg){ gpa(&x, rq), sizeof(ver) };
	in = (struct scmi_vio_seg){ gpa(&x, rq + 0x100), 136 };
	ck_assert_int_eq(scmi_vio_vq_add(x.cmdq, &out, 1, &in, 1, rq), 0);
	ck_assert_int_eq(scmi_vio_vq_kick(x.cmdq), 0);
	expect_exit(&x, 3);
	ck_assert_int_eq(scmi_vio_vq_get_used(x.cmdq, &tok, &len), 1);
	ck_assert_ptr_eq(tok, rq);
	ck_assert_uint_eq(len, 12);
	teardown(&x);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_xproc_commands),
		CHECK_ONCE(test_xproc_delayed_response),
		CHECK_ONCE(test_xproc_faults),
		CHECK_ONCE(test_xproc_x1_unsealed_memory_refused),
		CHECK_ONCE(test_xproc_x1_truncate_refused),
		CHECK_ONCE(test_xproc_x2_kick_not_a_doorbell),
		CHECK_ONCE(test_xproc_x2_kick_end_of_file),
		CHECK_ONCE(test_xproc_x3_irq_socket_reader_gone),
		{ NULL, 0, 0 },
	};

	return check_main("platform_xproc", 60, tests);
}
