// SPDX-License-Identifier: BSD-3-Clause
/*
 * A hostile front-end and guest against the platform served over
 * vhost-user, beyond one malformed message at a time
 * (test_vhost_user_serve_bad.c): state changed under a running device
 * (memory table swapped, queue stopped and resumed while commands are in
 * flight), a message that never ends, a reply nobody reads, fds of odd
 * kinds, queue sizes no ring may have, rings laid over each other, the
 * same eventfd as kick and call, a kick eventfd the front-end reads and a
 * call eventfd it fills behind the device's back, and a stalled front-end
 * in front of the next one at the listening socket.  Each must end in a
 * clear errno or a dropped session, with every command the guest made
 * available answered exactly once where the session goes on, no fd left
 * open, and never a hang, a spin or a signal.  Last, our own front-end
 * whose backend hangs up while it is being removed.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/platform.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/vhost_user_frontend.h>
#include <scmi_vio/virtio_scmi.h>

#include "check_run.h"
#include "common/atomics.h"
#include "common/byteorder.h"
#include "vhu_serve_fixture.h"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A Base PROTOCOL_VERSION with token @tok into the cmdq, kicked. */
static void post(uint32_t tok)
{
	struct scmi_vio_seg out = { GPA + BUF_OFF, 4 };
	struct scmi_vio_seg in = { GPA + BUF_OFF + 0x100, 0x100 };
	uint8_t *req = g.mem + BUF_OFF;

	sv_put_le32(req, HDR(0x10, 0x0, 0, tok));
	memset(req + 0x100, 0xaa, 0x100);
	ck_assert_int_eq(scmi_vio_vq_add(g.vq[0], &out, 1, &in, 1, req), 0);
	ck_assert_int_eq(scmi_vio_vq_kick(g.vq[0]), 0);
}

/* The reply to post(@tok), polled from the used ring (no interrupt is
 * assumed), within 5 s. */
static void reap_tok(uint32_t tok)
{
	uint8_t *req = g.mem + BUF_OFF;
	int64_t end = now_ms() + 5000;
	uint32_t len;
	void *t;

	while (scmi_vio_vq_get_used(g.vq[0], &t, &len) != 1) {
		ck_assert_msg(now_ms() < end, "command %u never answered", tok);
		usleep(200);
	}
	ck_assert_ptr_eq(t, req);
	ck_assert_uint_eq(len, 12);
	ck_assert_uint_eq(le32(req + 0x100), HDR(0x10, 0x0, 0, tok));
	ck_assert_uint_eq(le32(req + 0x104), 0);
	/* Exactly once. */
	ck_assert_int_eq(scmi_vio_vq_get_used(g.vq[0], &t, &len), 0);
}

static void mem_table(void)
{
	struct vhu_mem mem = { .nregions = 1 };
	int fd = scmi_vio_shm_fd(g.shm);

	mem.regions[0] = (struct vhu_region){ GPA, MEM, UVA, 0 };
	msg_ok(VHU_SET_MEM_TABLE, &mem, sizeof(mem), &fd, 1);
}

/*
 * A new memory table while the device works on a command: the device is
 * stopped before the old mapping goes (ASan sees any touch of it), and
 * every command is answered exactly once on the new one.
 */
START_TEST(test_attack_mem_table_under_load)
{
	uint32_t i;

	for (i = 1; i <= 200; i++) {
		post(i);
		if (i & 1)
			usleep(i % 7 * 20);
		mem_table();
		reap_tok(i);
	}
	expect_full_service();
}
END_TEST

/*
 * GET_VRING_BASE while a command is in flight, then the queue resumed at
 * the reported base (as a VMM does around migration): the command is
 * answered exactly once, whether the old device had taken it or not.
 */
START_TEST(test_attack_vring_base_under_load)
{
	uint32_t i, base;

	for (i = 1; i <= 200; i++) {
		post(i);
		if (i & 1)
			usleep(i % 7 * 20);
		base = vring_base(0);
		ck_assert(base == i - 1 || base == i);
		start_queue(0, (uint16_t)base);
		reap_tok(i);
	}
	expect_full_service();
}
END_TEST

/*
 * A front-end that sends a header announcing a payload and then nothing:
 * held for the message timeout only (5 s by default), then the session
 * ends; nothing leaks and the next front-end is served.
 */
START_TEST(test_attack_message_never_ends)
{
	struct vhu_hdr h = { VHU_SET_FEATURES, VHU_VERSION, 8 };
	int fds = vhu_count_fds(), efd = eventfd(0, EFD_CLOEXEC);
	int64_t t0;

	ck_assert_int_ge(efd, 0);
	/* With an fd on it, which must be closed when the session goes. */
	ck_assert_int_eq(vhu_fe_send_raw(&g.fe, &h, sizeof(h), &efd, 1), 0);
	close(efd);
	t0 = now_ms();
	ck_assert_int_eq(scmi_vio_vhost_user_serve_step(g.srv, 1000),
			 -ETIMEDOUT);
	ck_assert_int_lt(now_ms() - t0, 9000);
	ck_assert(!scmi_vio_vhost_user_serve_connected(g.srv));
	vhu_fe_close(&g.fe);
	fe_connect();
	expect_full_service();
	ck_assert_int_eq(vhu_count_fds(), fds);
}
END_TEST

/*
 * X-3 on the session socket: the front-end shuts its reading side and
 * asks for a reply.  The reply fails with -EPIPE (no SIGPIPE: the default
 * action would kill this test), and the session ends.
 */
START_TEST(test_attack_reply_nobody_reads)
{
	ck_assert_ptr_eq(signal(SIGPIPE, SIG_DFL), SIG_DFL);
	ck_assert_int_eq(shutdown(g.fe.sock, SHUT_RD), 0);
	ck_assert_int_eq(msg(VHU_GET_FEATURES, NULL, 0, NULL, 0), -EPIPE);
	ck_assert(!scmi_vio_vhost_user_serve_connected(g.srv));
	vhu_fe_close(&g.fe);
	fe_connect();
	expect_full_service();
}
END_TEST

/* Odd kinds of fd as a memory region: _i picks one.  -1 if none. */
static int odd_fd(int i, int *other)
{
	int sv[2], p[2], fd = -1;

	*other = -1;
	switch (i) {
	case 0:
		fd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		break;
	case 1:
		fd = open("/dev/null", O_RDWR | O_CLOEXEC);
		break;
	case 2:
		fd = open("/dev/zero", O_RDWR | O_CLOEXEC);
		break;
	case 3:
		ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC,
					    0, sv),
				 0);
		fd = sv[0];
		*other = sv[1];
		break;
	case 4:
		ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
		fd = p[0];
		*other = p[1];
		break;
	case 5:
		fd = eventfd(0, EFD_CLOEXEC);
		break;
	case 6:
		/* The memory, but opened read-only: no writable mapping. */
		fd = dup(scmi_vio_shm_fd(g.shm));
		if (fd >= 0) {
			char path[64];
			int ro;

			snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
			ro = open(path, O_RDONLY | O_CLOEXEC);
			close(fd);
			fd = ro;
		}
		break;
	case 7:
		/* Sealed against shrinking, and against any new writable
		 * mapping (F_SEAL_FUTURE_WRITE): ours would be one. */
		fd = memfd_create("attack", MFD_CLOEXEC | MFD_ALLOW_SEALING);
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(ftruncate(fd, MEM), 0);
		ck_assert_int_eq(fcntl(fd, F_ADD_SEALS,
				       F_SEAL_SHRINK | F_SEAL_FUTURE_WRITE),
				 0);
		break;
	}
	ck_assert_int_ge(fd, 0);
	return fd;
}

#define N_ODD 8

/*
 * a directory, /dev/null, /dev/zero, a socket, a pipe, an
 * eventfd, read-only memory, memory sealed against writable mappings as
 * the memory table, while the queues run:
 * refused, the running queues untouched, no fd kept.
 */
START_TEST(test_attack_region_fd_kinds)
{
	struct vhu_mem mem = { .nregions = 1 };
	int fds = vhu_count_fds(), other, fd, r;

	fd = odd_fd(_i, &other);
	mem.regions[0] = (struct vhu_region){ GPA, MEM, UVA, 0 };
	r = msg(VHU_SET_MEM_TABLE, &mem, sizeof(mem), &fd, 1);
	close(fd);
	if (other >= 0)
		close(other);
	ck_assert_msg(r < 0, "kind %d accepted", _i);
	ck_assert_msg(r != -EAGAIN, "kind %d", _i);
	ck_assert(scmi_vio_vhost_user_serve_connected(g.srv));
	ck_assert_int_eq(vhu_count_fds(), fds);
	expect_full_service();
}
END_TEST

/* Process CPU time, ms. */
static int64_t cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The cmdq's call fd is its own kick fd: every interrupt the device sends
 * wakes the device itself.  It answers the commands, and when idle stays
 * idle (no self-kicking spin: V-21's budget is not a licence to loop).
 */
START_TEST(test_attack_call_is_kick)
{
	uint64_t v = 0;
	int64_t c0;
	uint32_t i;

	msg_ok(VHU_SET_VRING_CALL, &v, 8, &g.kick[0], 1);
	for (i = 1; i <= 20; i++) {
		post(i);
		reap_tok(i);
	}
	c0 = cpu_ms();
	usleep(300000);
	ck_assert_int_lt(cpu_ms() - c0, 60);
}
END_TEST

/*
 * a kick that is a stream socket connected to nothing (always
 * "hung up"): refused at SET_VRING_KICK, or the device stops with an
 * error and the session ends; never a spin.
 */
START_TEST(test_attack_kick_unconnected_socket)
{
	int fds = vhu_count_fds(), r, i;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	uint64_t v = 0;
	int64_t c0;

	ck_assert_int_ge(fd, 0);
	/* Stop the cmdq, then resume it on the socket. */
	(void)vring_base(0);
	state(VHU_SET_VRING_NUM, 0, NUM);
	state(VHU_SET_VRING_BASE, 0, 0);
	{
		struct vhu_addr a = ring_addr(0);

		msg_ok(VHU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0);
	}
	c0 = cpu_ms();
	r = msg(VHU_SET_VRING_KICK, &v, 8, &fd, 1);
	close(fd);
	if (r == 0) {
		for (i = 0; scmi_vio_vhost_user_serve_connected(g.srv); i++) {
			ck_assert_int_lt(i, 500);
			(void)scmi_vio_vhost_user_serve_step(g.srv, 10);
		}
	} else {
		ck_assert(scmi_vio_vhost_user_serve_connected(g.srv));
	}
	ck_assert_int_lt(cpu_ms() - c0, 500);
	fe_hangup();
	fe_connect();
	expect_full_service();
	ck_assert_int_eq(vhu_count_fds(), fds);
}
END_TEST

/* V-16: queue sizes 0, above the server's maximum and above any ring. */
static const uint32_t bad_num[] = { 0, 2048, 32768, 65536, 0xffffffffu };

/*
 * V-16: a size that no ring may have, or above the server's maximum, for
 * a stopped queue: refused, the queue keeps its size and resumes on it.
 */
START_TEST(test_attack_queue_size)
{
	struct vhu_state st = { 0, bad_num[_i] };
	int fds = vhu_count_fds();

	(void)vring_base(0);
	ck_assert_int_eq(msg(VHU_SET_VRING_NUM, &st, sizeof(st), NULL, 0),
			 -EINVAL);
	start_queue(0, 0);
	ck_assert_int_eq(vhu_count_fds(), fds);
	expect_full_service();
}
END_TEST

/*
 * V-24: the cmdq's used ring laid over its own descriptor table, so every
 * reply the device pushes rewrites descriptors it will read next.  The
 * device reads each descriptor once per chain and judges what it read:
 * replies or a broken session, never a touch outside guest memory, and
 * the next front-end gets full service.
 */
START_TEST(test_attack_rings_overlap)
{
	struct vhu_addr a = ring_addr(0);
	uint32_t i;
	int r, k;

	(void)vring_base(0);
	a.used = a.desc;
	state(VHU_SET_VRING_NUM, 0, NUM);
	state(VHU_SET_VRING_BASE, 0, 0);
	msg_ok(VHU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0);
	{
		uint64_t v = 0;

		msg_ok(VHU_SET_VRING_KICK, &v, 8, &g.kick[0], 1);
	}
	/* Our driver keeps its own state; it may run out of entries. */
	for (i = 1; i <= 50 && scmi_vio_vhost_user_serve_connected(g.srv);
	     i++) {
		struct scmi_vio_seg out = { GPA + BUF_OFF, 4 };
		struct scmi_vio_seg in = { GPA + BUF_OFF + 0x100, 0x100 };
		uint8_t *req = g.mem + BUF_OFF;
		uint32_t len;
		void *t;

		while (scmi_vio_vq_get_used(g.vq[0], &t, &len) == 1)
			;
		sv_put_le32(req, HDR(0x10, 0x0, 0, i));
		if (scmi_vio_vq_add(g.vq[0], &out, 1, &in, 1, req))
			break;
		(void)scmi_vio_vq_kick(g.vq[0]);
		usleep(500);
		for (k = 0; k < 5; k++) {
			r = scmi_vio_vhost_user_serve_step(g.srv, 0);
			if (r != -EAGAIN && r != 0)
				break;
		}
	}
	fe_hangup();
	fe_connect();
	expect_full_service();
}
END_TEST

/* --- a front-end that reads its own kick eventfd --- */

struct thief {
	pthread_t r;
	int fd;
	int stop; /* ATOMIC (sv_*_once): set by the test */
};

/* Takes each kick back at once, without blocking itself. */
static void *thief_read(void *arg)
{
	struct thief *t = arg;
	uint64_t v;
	struct iovec iov = { &v, sizeof(v) };

	while (!sv_read_once(&t->stop))
		if (preadv2(t->fd, &iov, 1, -1, RWF_NOWAIT) < 0)
			sched_yield();
	return NULL;
}

/* The device thread's id (by its name), or -1. */
static int dev_tid(void)
{
	char path[300], comm[32];
	struct dirent *e;
	int tid = -1;
	DIR *d = opendir("/proc/self/task");
	FILE *f;

	ck_assert_ptr_nonnull(d);
	while (tid < 0 && (e = readdir(d))) {
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm",
			 e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) &&
		    !strncmp(comm, "scmi-vio-dev", 12))
			tid = atoi(e->d_name);
		fclose(f);
	}
	closedir(d);
	return tid;
}

/* Is thread @tid in system call @sys? */
static bool in_syscall(int tid, long sys)
{
	char path[64];
	long nr = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fscanf(f, "%ld", &nr) != 1)
		nr = -1;
	fclose(f);
	return nr == sys;
}

struct stepper {
	pthread_t th;
	int ret;
	int done; /* ATOMIC (sv_*_once) */
};

static void *step_main(void *arg)
{
	struct stepper *s = arg;

	s->ret = scmi_vio_vhost_user_serve_step(g.srv, 1000);
	sv_write_once(&s->done, 1);
	return NULL;
}

/*
 * GET_VRING_BASE on the cmdq, served by a thread: the device must stop
 * within 3 s.  Return: the next available index it answers.
 */
static uint16_t stop_cmdq(void)
{
	struct vhu_state st = { 0, 0 };
	struct stepper sp = { 0 };
	struct vhu_hdr h;
	int i;

	ck_assert_int_eq(vhu_fe_send(&g.fe, VHU_GET_VRING_BASE, VHU_VERSION,
				     &st, sizeof(st), NULL, 0),
			 0);
	ck_assert_int_eq(pthread_create(&sp.th, NULL, step_main, &sp), 0);
	for (i = 0; !sv_read_once(&sp.done); i++) {
		ck_assert_msg(i < 300, "the device never stopped");
		usleep(10000);
	}
	pthread_join(sp.th, NULL);
	ck_assert_int_eq(sp.ret, 0);
	ck_assert_int_eq(vhu_fe_recv(&g.fe, &h, &st, sizeof(st)), 8);
	return (uint16_t)st.num;
}

/*
 * the kick is a blocking eventfd (as the front-end made it) that the
 * front-end also reads, so a kick the device saw in poll() can be gone
 * when it reads.  The device must never sleep in that read: if it did,
 * stopping it (GET_VRING_BASE here, or the session's end) would wait for
 * ever for a kick that never comes.  The front-end kicks while its thief
 * takes the kicks back, until the device is seen asleep in read(2) (which
 * only the bug allows) or 3 s have passed; then GET_VRING_BASE must come
 * back.
 */
START_TEST(test_attack_kick_stolen)
{
	struct thief t = { .fd = g.kick[0] };
	const uint64_t one = 1;
	int64_t end = now_ms() + 3000;
	int tid, i;

	/* The thread names itself once it runs. */
	for (i = 0; (tid = dev_tid()) < 0; i++) {
		ck_assert_int_lt(i, 500);
		usleep(2000);
	}
	ck_assert_int_eq(pthread_create(&t.r, NULL, thief_read, &t), 0);
	while (now_ms() < end) {
		ck_assert_int_eq(write(t.fd, &one, sizeof(one)), 8);
		usleep(200);
		if (in_syscall(tid, SYS_read)) {
			usleep(20000);
			if (in_syscall(tid, SYS_read))
				break;
		}
	}
	sv_write_once(&t.stop, 1);
	pthread_join(t.r, NULL);
	/* Stop the cmdq: the device thread is joined. */
	start_queue(0, stop_cmdq());
	expect_full_service();
}
END_TEST

#ifdef VHU_ATTACK_POLL_HOOK
/*
 * poll(2) as this process sees it, with one hook: armed, the first look
 * the device thread takes at an fd it is about to write (a single fd,
 * POLLOUT, no wait) is answered truthfully, and then the front-end fills
 * that counter to its maximum, as a peer racing the look would.  Not
 * under sanitizers, whose poll() this would replace.
 */
static int hook_armed, hook_fired; /* ATOMIC (sv_*_once) */

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	struct timespec ts = { timeout / 1000, (timeout % 1000) * 1000000L };
	const uint64_t full = UINT64_MAX - 1;
	char name[16] = "";
	uint64_t v;
	struct iovec iov = { &v, sizeof(v) };
	long r;

	r = syscall(SYS_ppoll, fds, n, timeout < 0 ? NULL : &ts, NULL,
		    (size_t)8);
	if (r > 0 && n == 1 && fds[0].events == POLLOUT && !timeout &&
	    (fds[0].revents & POLLOUT) && sv_read_once(&hook_armed)) {
		pthread_getname_np(pthread_self(), name, sizeof(name));
		if (!strcmp(name, "scmi-vio-dev")) {
			sv_write_once(&hook_armed, 0);
			(void)preadv2(fds[0].fd, &iov, 1, -1, RWF_NOWAIT);
			(void)!write(fds[0].fd, &full, sizeof(full));
			sv_write_once(&hook_fired, 1);
		}
	}
	return (int)r;
}

/*
 * the call is a blocking eventfd, and the front-end fills its counter
 * to the maximum right after the device found room in it: the device must
 * not block in its write (stopping it would then wait until the front-end
 * reads, which it need never do).  A counter kept full before the ring
 * counts as signalled too.  Then GET_VRING_BASE must come back.
 */
START_TEST(test_attack_call_filled_behind_look)
{
	const uint64_t full = UINT64_MAX - 1;
	uint16_t base;
	uint64_t v;
	int i;

	sv_write_once(&hook_armed, 1);
	for (i = 1; i <= 20 && !sv_read_once(&hook_fired); i++) {
		(void)scmi_vio_vq_enable_cb(g.vq[0]);
		post((uint32_t)i);
		reap_tok((uint32_t)i);
	}
	sv_write_once(&hook_armed, 0);
	/* Full before the ring as well. */
	(void)read(g.call[0], &v, sizeof(v));
	ck_assert_int_eq(write(g.call[0], &full, sizeof(full)), 8);
	(void)scmi_vio_vq_enable_cb(g.vq[0]);
	post(99);
	reap_tok(99);
	base = stop_cmdq();
	(void)read(g.call[0], &v, sizeof(v));
	start_queue(0, base);
	expect_full_service();
}
END_TEST
#endif

/* --- the listening socket --- */

struct lsn {
	pthread_t th;
	struct scmi_vio_vhost_user_serve *srv;
	char path[108];
	int ret;
};

static void *listen_main(void *arg)
{
	struct lsn *l = arg;

	l->ret = scmi_vio_vhost_user_serve_listen(l->srv, l->path);
	return NULL;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, i;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	for (i = 0; i < 500; i++) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		ck_assert_int_ge(fd, 0);
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		close(fd);
		usleep(10000);
	}
	ck_abort_msg("cannot connect to %s", path);
	return -1;
}

/*
 * One front-end at a time, by design (a vhost-user device has one
 * front-end): a second one waits in the backlog.  A first one that
 * stalls mid-message is dropped after the message timeout and the second
 * is then served; stop() ends listen() within that timeout too.
 */
START_TEST(test_attack_listen_stalled_then_next)
{
	struct vhu_hdr h = { VHU_GET_FEATURES, VHU_VERSION, 0 };
	struct vhu_fe b = { -1, -1 };
	struct lsn l = { .srv = g.srv };
	char dir[] = "/tmp/vhuatk.XXXXXX";
	uint64_t feat;
	struct vhu_hdr rh;
	int a, fds, r;
	int64_t t0;

	/* The fixture's session is not the listener's. */
	fe_hangup();
	fds = vhu_count_fds();
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(l.path, sizeof(l.path), "%s/s", dir);
	ck_assert_int_eq(pthread_create(&l.th, NULL, listen_main, &l), 0);
	a = connect_to(l.path);
	/* Four bytes of a header, then silence. */
	ck_assert_int_eq(send(a, &h, 4, MSG_NOSIGNAL), 4);
	usleep(100000);
	b.sock = connect_to(l.path);
	t0 = now_ms();
	ck_assert_int_eq(vhu_fe_send(&b, VHU_GET_FEATURES, VHU_VERSION, NULL, 0,
				     NULL, 0),
			 0);
	{
		struct pollfd p = { b.sock, POLLIN, 0 };

		ck_assert_int_eq(poll(&p, 1, 10000), 1);
	}
	ck_assert_int_lt(now_ms() - t0, 9000);
	r = vhu_fe_recv(&b, &rh, &feat, sizeof(feat));
	ck_assert_int_eq(r, 8);
	ck_assert_uint_eq(rh.request, VHU_GET_FEATURES);
	/* B now stalls mid-message as A did; stop() still ends listen(). */
	ck_assert_int_eq(send(b.sock, &h, 4, MSG_NOSIGNAL), 4);
	usleep(50000);
	t0 = now_ms();
	scmi_vio_vhost_user_serve_stop(g.srv);
	pthread_join(l.th, NULL);
	ck_assert_int_lt(now_ms() - t0, 9000);
	ck_assert_int_eq(l.ret, 0);
	close(a);
	close(b.sock);
	rmdir(dir);
	ck_assert_int_eq(vhu_count_fds(), fds);
}
END_TEST

/* --- our front-end, its backend gone while it is removed --- */

struct fe_cmds {
	pthread_t th;
	struct scmi_vio_agent *a;
	int stop; /* ATOMIC (sv_*_once) */
	int ok, failed;
};

static void *fe_cmds_main(void *arg)
{
	struct fe_cmds *c = arg;
	uint16_t major, minor;

	while (!sv_read_once(&c->stop)) {
		if (scmi_vio_protocol_version(c->a, SCMI_VIO_PROTO_BASE, &major,
					      &minor) == 0)
			c->ok++;
		else
			c->failed++;
	}
	return NULL;
}

/*
 * The backend (our server) hangs up while commands run, at a moment that
 * moves each round, racing the front-end's removal: the watcher marks the
 * device lost while remove() resets it.  Every round ends (no hang), the
 * commands that were running fail or succeed cleanly, and no fd or
 * thread is left (TSan, ASan and the fd count watch).
 */
START_TEST(test_attack_fe_lost_vs_remove)
{
	struct scmi_vio_vhost_user_serve_config sc;
	struct scmi_vio_platform_config pc;
	struct scmi_vio_vhost_user_serve *srv;
	struct scmi_vio_vhu_frontend_config fc = { .reply_timeout_ms = 1000 };
	struct scmi_vio_virtio_scmi_config vc = {
		.irq_mode = SCMI_VIO_IRQ_EVENTFD
	};
	struct scmi_vio_agent_config ac = { .reply_timeout_ms = 1000 };
	char dir[] = "/tmp/vhuatk.XXXXXX";
	int fds = vhu_count_fds(), round;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	scmi_vio_platform_config_default(&pc);
	for (round = 0; round < 12; round++) {
		struct scmi_vio_vhu_frontend *fe;
		struct scmi_vio_virtio_scmi *vs;
		struct fe_cmds c = { 0 };
		struct lsn l;

		memset(&sc, 0, sizeof(sc));
		sc.platform = &pc;
		ck_assert_int_eq(scmi_vio_vhost_user_serve_create(&sc, &srv),
				 0);
		memset(&l, 0, sizeof(l));
		l.srv = srv;
		snprintf(l.path, sizeof(l.path), "%s/s", dir);
		ck_assert_int_eq(pthread_create(&l.th, NULL, listen_main, &l),
				 0);
		fc.socket_path = l.path;
		fc.connect_timeout_ms = 5000;
		ck_assert_int_eq(scmi_vio_vhu_frontend_create(&fc, &fe), 0);
		ck_assert_int_eq(scmi_vio_virtio_scmi_probe(
					 scmi_vio_vhu_frontend_vdev(fe), &vc,
					 &vs),
				 0);
		ck_assert_int_eq(
			scmi_vio_virtio_scmi_agent_create(vs, &ac, &c.a), 0);
		ck_assert_int_eq(pthread_create(&c.th, NULL, fe_cmds_main, &c),
				 0);
		usleep(20000);
		/* The hang-up and the removal, a little apart each round. */
		scmi_vio_vhost_user_serve_stop(srv);
		usleep((unsigned int)(round % 4) * 500);
		sv_write_once(&c.stop, 1);
		pthread_join(c.th, NULL);
		scmi_vio_agent_destroy(c.a);
		scmi_vio_virtio_scmi_remove(vs);
		scmi_vio_vhu_frontend_destroy(fe);
		pthread_join(l.th, NULL);
		ck_assert_int_eq(l.ret, 0);
		scmi_vio_vhost_user_serve_destroy(srv);
		ck_assert_int_gt(c.ok, 0);
	}
	rmdir(dir);
	ck_assert_int_eq(vhu_count_fds(), fds);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_ONCE(test_attack_mem_table_under_load),
		CHECK_ONCE(test_attack_vring_base_under_load),
		CHECK_ONCE(test_attack_message_never_ends),
		CHECK_ONCE(test_attack_reply_nobody_reads),
		CHECK_LOOP(test_attack_region_fd_kinds, 0, N_ODD),
		CHECK_ONCE(test_attack_call_is_kick),
		CHECK_LOOP(test_attack_queue_size, 0,
			   (int)(sizeof(bad_num) / sizeof(bad_num[0]))),
		CHECK_ONCE(test_attack_rings_overlap),
		CHECK_ONCE(test_attack_kick_unconnected_socket),
		CHECK_ONCE(test_attack_kick_stolen),
#ifdef VHU_ATTACK_POLL_HOOK
		CHECK_ONCE(test_attack_call_filled_behind_look),
#endif
		CHECK_ONCE(test_attack_listen_stalled_then_next),
		{ NULL, 0, 0 },
	};

	return vs_run_with("vhu_attack", tests, "frontend",
			   test_attack_fe_lost_vs_remove, 60);
}
