// SPDX-License-Identifier: BSD-3-Clause
/*
 * Cross-process: the platform device runs in scmi_platform_server, exec'd
 * with a memfd (guest memory at a guest-physical base, mapped wherever that
 * process likes) and eventfds for kicks and interrupts; this process is the
 * driver (the library's driver role) and checks the bytes that come back.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
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
	int kick_fd, cmd_irq_fd, ev_irq_fd, stop_fd;
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
	argv[k++] = ARG("%d", scmi_vio_shm_fd(x->shm));
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
		fcntl(scmi_vio_shm_fd(x->shm), F_SETFD, 0);
		execv(argv[0], argv);
		_exit(127);
	}
}

static void setup(struct xp *x, const char *const *extra)
{
	struct scmi_vio_vq_config vc;

	memset(x, 0, sizeof(*x));
	ck_assert_int_eq(scmi_vio_shm_create(XP_SIZE, &x->shm), 0);
	x->mem = scmi_vio_shm_host(x->shm);
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
	spawn(x, extra);
}

static void teardown(struct xp *x)
{
	const uint64_t one = 1;
	int status;

	ck_assert_int_eq(write(x->stop_fd, &one, sizeof(one)), sizeof(one));
	ck_assert_int_eq(waitpid(x->pid, &status, 0), x->pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	scmi_vio_vq_destroy(x->cmdq);
	scmi_vio_vq_destroy(x->evq);
	scmi_vio_doorbell_destroy(x->kick);
	scmi_vio_doorbell_destroy(x->cmd_irq);
	scmi_vio_doorbell_destroy(x->ev_irq);
	close(x->kick_fd);
	close(x->cmd_irq_fd);
	close(x->ev_irq_fd);
	close(x->stop_fd);
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

static Suite *suite(void)
{
	Suite *s = suite_create("platform_xproc");
	TCase *tc = tcase_create("xproc");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_xproc_commands);
	tcase_add_test(tc, test_xproc_delayed_response);
	tcase_add_test(tc, test_xproc_faults);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
