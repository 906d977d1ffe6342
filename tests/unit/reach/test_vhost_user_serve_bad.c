// SPDX-License-Identifier: BSD-3-Clause
/*
 * Malformed vhost-user messages aimed at the serving layer: each one is
 * sent to a server whose session runs both queues (or, where the message
 * is about order, to a session set up only part of the way), and then:
 *  - the server refuses it with its errno and keeps the session, which
 *    still serves SCMI commands when the running queues were not what the
 *    message touched; or, for a stream that can no longer be framed, ends
 *    the session;
 *  - no fd is left open (the ones the message carried are closed);
 *  - a well-behaved front-end connecting afterwards gets full service
 *    (a fresh platform: base, clock, async command, delayed response).
 * The judges are lib/vhost_user's (test_vhu_bad.c tests them alone); this
 * shows that what the serving layer does around them stays consistent.
 * Doorbells handed over well but failing at run time end the session with
 * the device's error (X-2: a kick at end of file; X-3: a call whose
 * reader is gone, with no SIGPIPE death).
 * Well-formed changes to a running session (a new memory table or call
 * fd, RESET_OWNER, a queue stopped and resumed) are here too: the device
 * is rebuilt around each, and service goes on.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check_run.h"
#include "common/byteorder.h"
#include "vhu_serve_fixture.h"

/* What a case expects of the server after its message. */
enum after {
	SERVES, /* refused, the session goes on and still serves */
	KEPT, /* refused or accepted, the session goes on (queues touched) */
	DROPPED, /* the session ended */
};

struct bad_case {
	const char *what; /* with its BAD_INPUTS ID where one applies */
	/* Sends the message (and what sets it up): the step's result. */
	int (*run)(void);
	int err;
	enum after after;
};

static int step(void)
{
	return scmi_vio_vhost_user_serve_step(g.srv, 1000);
}

/* One message with any flags and fds: the server's verdict. */
static int send_step(uint32_t req, uint32_t flags, const void *p, uint32_t size,
		     const int *fds, unsigned int nfds)
{
	ck_assert_int_eq(vhu_fe_send(&g.fe, req, flags, p, size, fds, nfds), 0);
	return step();
}

static int send_u64(uint32_t req, uint64_t v)
{
	return send_step(req, VHU_VERSION, &v, sizeof(v), NULL, 0);
}

static int send_state(uint32_t req, uint32_t index, uint32_t num)
{
	struct vhu_state st = { index, num };

	return send_step(req, VHU_VERSION, &st, sizeof(st), NULL, 0);
}

/* A vring fd message carrying a fresh eventfd (closed here after). */
static int send_vring_efd(uint32_t req, uint64_t v, unsigned int nfds)
{
	int efd = eventfd(0, EFD_CLOEXEC), fds[2] = { efd, efd }, r;

	ck_assert_int_ge(efd, 0);
	r = send_step(req, VHU_VERSION, &v, sizeof(v), fds, nfds);
	close(efd);
	return r;
}

/* A memory table of @n regions with @nfds copies of the guest memfd. */
static int send_mem(const struct vhu_region *r, unsigned int n,
		    unsigned int nfds)
{
	struct vhu_mem mem = { .nregions = n };
	int fds[9], i;

	for (i = 0; i < 9; i++)
		fds[i] = scmi_vio_shm_fd(g.shm);
	memcpy(mem.regions, r, sizeof(*r) * (n < 8 ? n : 8));
	return send_step(VHU_SET_MEM_TABLE, VHU_VERSION, &mem, sizeof(mem), fds,
			 nfds);
}

/* --- headers and shapes --- */

static int bad_version(void)
{
	return send_step(VHU_GET_FEATURES, 2, NULL, 0, NULL, 0);
}

static int reply_flag_on_request(void)
{
	return send_step(VHU_SET_OWNER, VHU_VERSION | VHU_FLAG_REPLY, NULL, 0,
			 NULL, 0);
}

static int unknown_request(void)
{
	return send_step(99, VHU_VERSION, NULL, 0, NULL, 0);
}

static int features_short(void)
{
	uint64_t v = FEAT | F30;

	return send_step(VHU_SET_FEATURES, VHU_VERSION, &v, 4, NULL, 0);
}

static int addr_short(void)
{
	struct vhu_addr a = ring_addr(0);

	return send_step(VHU_SET_VRING_ADDR, VHU_VERSION, &a, 32, NULL, 0);
}

static int call_two_fds(void)
{
	return send_vring_efd(VHU_SET_VRING_CALL, 0, 2);
}

static int features_with_fd(void)
{
	return send_vring_efd(VHU_SET_FEATURES, FEAT | F30, 1);
}

static int mem_fewer_fds(void)
{
	const struct vhu_region r[2] = { { GPA, MEM, UVA, 0 },
					 { GPA + MEM, 4096, UVA + MEM, 0 } };

	return send_mem(r, 2, 1);
}

/* Nine fds: the kernel drops the ninth; never read as eight. */
static int mem_nine_fds(void)
{
	struct vhu_region r[8];
	unsigned int i;

	for (i = 0; i < 8; i++)
		r[i] = (struct vhu_region){ GPA + 0x100000ull * i, 4096,
					    UVA + 0x100000ull * i, 0 };
	r[0].size = MEM;
	return send_mem(r, 8, 9);
}

/* --- queue indices and values --- */

static int num_bad_index(void)
{
	return send_state(VHU_SET_VRING_NUM, 2, NUM);
}

static int kick_bad_index(void)
{
	return send_vring_efd(VHU_SET_VRING_KICK, 0xff, 1);
}

static int get_base_bad_index(void)
{
	return send_state(VHU_GET_VRING_BASE, 7, 0);
}

static int enable_two(void)
{
	return send_state(VHU_SET_VRING_ENABLE, 0, 2);
}

/* V-16 */
static int num_not_power_of_two(void)
{
	return send_state(VHU_SET_VRING_NUM, 0, 3);
}

static int base_of_running_queue(void)
{
	return send_state(VHU_SET_VRING_BASE, 0, 5);
}

static int features_running(void)
{
	return send_u64(VHU_SET_FEATURES, FEAT);
}

static int owner_twice(void)
{
	return send_step(VHU_SET_OWNER, VHU_VERSION, NULL, 0, NULL, 0);
}

static int reset_device_unacked(void)
{
	return send_step(VHU_RESET_DEVICE, VHU_VERSION, NULL, 0, NULL, 0);
}

/* a kick that is no doorbell; the running queue keeps its own. */
static int kick_memfd(void)
{
	int fd = memfd_create("not-a-doorbell", MFD_CLOEXEC), r;
	uint64_t v = 0;

	ck_assert_int_ge(fd, 0);
	r = send_step(VHU_SET_VRING_KICK, VHU_VERSION, &v, 8, &fd, 1);
	close(fd);
	return r;
}

/* --- memory tables --- */

static int regions_overlap(void)
{
	const struct vhu_region r[2] = {
		{ GPA, MEM, UVA, 0 },
		{ GPA + MEM - 1, 4096, UVA + 2 * MEM, 0 },
	};

	return send_mem(r, 2, 2);
}

/* V-12: a region one page past the end of its file (SIGBUS bait). */
static int region_past_file(void)
{
	const struct vhu_region r = { GPA, MEM, UVA, 4096 };

	return send_mem(&r, 1, 1);
}

/* V-11 */
static int region_wraps(void)
{
	const struct vhu_region r = { ~0ull - 4095, 8192, UVA, 0 };

	return send_mem(&r, 1, 1);
}

/* A good table that no longer holds the running rings. */
static int table_without_rings(void)
{
	const struct vhu_region r = { GPA, 0x10000, UVA, 0 };

	return send_mem(&r, 1, 1);
}

/* */
static int memory_can_shrink(void)
{
	struct vhu_mem mem = { .nregions = 1 };
	int fd = memfd_create("unsealed", MFD_CLOEXEC), r;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, MEM), 0);
	mem.regions[0] = (struct vhu_region){ GPA, MEM, UVA, 0 };
	r = send_step(VHU_SET_MEM_TABLE, VHU_VERSION, &mem, sizeof(mem), &fd,
		      1);
	close(fd);
	return r;
}

/* --- rings, once queue 0 is stopped --- */

/* V-12: the used ring runs off the end of memory. */
static int ring_outside_memory(void)
{
	struct vhu_addr a = ring_addr(0);

	(void)vring_base(0);
	a.used = UVA + MEM - 16;
	return send_step(VHU_SET_VRING_ADDR, VHU_VERSION, &a, sizeof(a), NULL,
			 0);
}

/* V-17 */
static int ring_misaligned(void)
{
	struct vhu_addr a = ring_addr(0);

	(void)vring_base(0);
	a.desc += 8;
	return send_step(VHU_SET_VRING_ADDR, VHU_VERSION, &a, sizeof(a), NULL,
			 0);
}

/* --- order: sessions set up only part of the way --- */

/* A new session with an owner and features, no memory table. */
static void owner_only(void)
{
	uint64_t v = FEAT | F30;

	fe_hangup();
	ck_assert_int_eq(vhu_fe_open(&g.fe), 0);
	ck_assert_int_eq(scmi_vio_vhost_user_serve_attach(g.srv, g.fe.peer), 0);
	msg_ok(VHU_SET_OWNER, NULL, 0, NULL, 0);
	msg_ok(VHU_SET_FEATURES, &v, 8, NULL, 0);
}

static int addr_before_mem_table(void)
{
	struct vhu_addr a = ring_addr(0);

	owner_only();
	return send_step(VHU_SET_VRING_ADDR, VHU_VERSION, &a, sizeof(a), NULL,
			 0);
}

/* Not an error (a queue starts once all of it is there): kept. */
static int kick_before_mem_table(void)
{
	owner_only();
	return send_vring_efd(VHU_SET_VRING_KICK, 0, 1);
}

static int num_before_owner(void)
{
	fe_hangup();
	ck_assert_int_eq(vhu_fe_open(&g.fe), 0);
	ck_assert_int_eq(scmi_vio_vhost_user_serve_attach(g.srv, g.fe.peer), 0);
	return send_state(VHU_SET_VRING_NUM, 0, NUM);
}

/* Answered (index 1, base 0); nothing starts or stops. */
static int base_never_started(void)
{
	struct vhu_state st = { 1, 0 }, rep;
	struct vhu_hdr h;
	int r;

	fe_hangup();
	fe_hello();
	r = send_step(VHU_GET_VRING_BASE, VHU_VERSION, &st, sizeof(st), NULL,
		      0);
	ck_assert_int_eq(vhu_fe_recv(&g.fe, &h, &rep, sizeof(rep)),
			 (int)sizeof(rep));
	ck_assert_uint_eq(rep.index, 1);
	ck_assert_uint_eq(rep.num, 0);
	return r;
}

/* --- doorbells that fail at run time (X-2, X-3) --- */

/* Until the session ends on the device's fatal error: its errno. */
static int step_until_ended(void)
{
	int i, r;

	for (i = 0; (r = scmi_vio_vhost_user_serve_step(g.srv, 10)) == -EAGAIN;
	     i++)
		ck_assert_int_lt(i, 500);
	return r;
}

/* A Base PROTOCOL_VERSION into the cmdq, kicked; not waited for. */
static void post_command(void)
{
	struct scmi_vio_seg out = { GPA + BUF_OFF, 4 };
	struct scmi_vio_seg in = { GPA + BUF_OFF + 0x100, 0x100 };
	uint8_t *req = g.mem + BUF_OFF;

	sv_put_le32(req, HDR(0x10, 0x0, 0, 1));
	ck_assert_int_eq(scmi_vio_vq_add(g.vq[0], &out, 1, &in, 1, req), 0);
	ck_assert_int_eq(scmi_vio_vq_kick(g.vq[0]), 0);
}

/* the call is a pipe whose reader is gone; the first interrupt
 * fails (no SIGPIPE death) and the session ends with -EPIPE. */
static int call_pipe_no_reader(void)
{
	uint64_t v = 0;
	int p[2], r;

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	close(p[0]);
	r = send_step(VHU_SET_VRING_CALL, VHU_VERSION, &v, 8, &p[1], 1);
	close(p[1]);
	ck_assert_int_eq(r, 0);
	post_command();
	return step_until_ended();
}

/* the kick is a pipe at end of file; the device thread sees it and
 * the session ends, never a busy loop. */
static int kick_pipe_eof(void)
{
	uint64_t v = 0;
	int p[2], r;

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	r = send_step(VHU_SET_VRING_KICK, VHU_VERSION, &v, 8, &p[0], 1);
	close(p[0]);
	close(p[1]);
	ck_assert_int_eq(r, 0);
	return step_until_ended();
}

/* --- well-formed changes to a running session: service goes on --- */

/* The same memory again: the device stops, the table is swapped, it
 * resumes where it was. */
static int same_table_again(void)
{
	const struct vhu_region r = { GPA, MEM, UVA, 0 };

	return send_mem(&r, 1, 1);
}

/* A new call fd (a copy of the same eventfd): the device restarts on it. */
static int call_again(void)
{
	uint64_t v = 0;

	return send_step(VHU_SET_VRING_CALL, VHU_VERSION, &v, 8, &g.call[0], 1);
}

/* RESET_OWNER disables every ring (vhost-user.rst recommends it); they
 * serve again once enabled. */
static int reset_owner_then_enable(void)
{
	int r = send_step(VHU_RESET_OWNER, VHU_VERSION, NULL, 0, NULL, 0);

	state(VHU_SET_VRING_ENABLE, 0, 1);
	state(VHU_SET_VRING_ENABLE, 1, 1);
	return r;
}

/* The eventq stopped (the device with it) and restarted where it was. */
static int eventq_stop_and_resume(void)
{
	uint64_t v = 1;
	int r;

	start_queue(1, (uint16_t)vring_base(1));
	r = send_step(VHU_SET_VRING_CALL, VHU_VERSION, &v, 8, &g.call[1], 1);
	return r;
}

/* --- streams that cannot be framed --- */

static int hangup_after(const void *raw, size_t len, const int *fds,
			unsigned int nfds)
{
	ck_assert_int_eq(vhu_fe_send_raw(&g.fe, raw, len, fds, nfds), 0);
	vhu_fe_close(&g.fe);
	return step();
}

static int truncated_header(void)
{
	struct vhu_hdr h = { VHU_SET_OWNER, VHU_VERSION, 0 };

	return hangup_after(&h, 6, NULL, 0);
}

/* The header says 8 bytes; 4 come, with an fd; then the hang-up. */
static int hangup_mid_message(void)
{
	struct vhu_hdr h = { VHU_SET_VRING_CALL, VHU_VERSION, 8 };
	char torn[sizeof(h) + 4] = { 0 };
	int efd = eventfd(0, EFD_CLOEXEC), r;

	memcpy(torn, &h, sizeof(h));
	r = hangup_after(torn, sizeof(torn), &efd, 1);
	close(efd);
	return r;
}

static int size_above_any(void)
{
	struct vhu_hdr h = { VHU_SET_MEM_TABLE, VHU_VERSION, 0x10000 };

	ck_assert_int_eq(vhu_fe_send_raw(&g.fe, &h, sizeof(h), NULL, 0), 0);
	return step();
}

static const struct bad_case cases[] = {
	{ "version 2", bad_version, -EPROTO, SERVES },
	{ "REPLY flag on a request", reply_flag_on_request, -EPROTO, SERVES },
	{ "unknown request", unknown_request, -EOPNOTSUPP, SERVES },
	{ "SET_FEATURES of 4 bytes", features_short, -EBADMSG, SERVES },
	{ "SET_VRING_ADDR of 32 bytes", addr_short, -EBADMSG, SERVES },
	{ "SET_VRING_CALL, two fds", call_two_fds, -EBADMSG, SERVES },
	{ "SET_FEATURES with an fd", features_with_fd, -EBADMSG, SERVES },
	{ "two regions, one fd", mem_fewer_fds, -EBADMSG, SERVES },
	{ "nine fds", mem_nine_fds, -EBADMSG, SERVES },
	{ "SET_VRING_NUM of queue 2", num_bad_index, -EINVAL, SERVES },
	{ "SET_VRING_KICK of queue 255", kick_bad_index, -EINVAL, SERVES },
	{ "GET_VRING_BASE of queue 7", get_base_bad_index, -EINVAL, SERVES },
	{ "SET_VRING_ENABLE 2", enable_two, -EINVAL, SERVES },
	{ "V-16 queue size 3", num_not_power_of_two, -EINVAL, SERVES },
	{ "base of a running queue", base_of_running_queue, -EBUSY, SERVES },
	{ "features under running queues", features_running, -EBUSY, SERVES },
	{ "SET_OWNER twice", owner_twice, -EBUSY, SERVES },
	{ "RESET_DEVICE not acked", reset_device_unacked, -EOPNOTSUPP, SERVES },
	{ "X-2 kick fd a memfd", kick_memfd, -EINVAL, SERVES },
	{ "regions overlap by a byte", regions_overlap, -EINVAL, SERVES },
	{ "V-12 region past its file", region_past_file, -EINVAL, SERVES },
	{ "V-11 region wraps", region_wraps, -EOVERFLOW, SERVES },
	{ "table without the rings", table_without_rings, -EFAULT, SERVES },
	{ "X-1 memory that can shrink", memory_can_shrink, -EPERM, SERVES },
	{ "the same memory again", same_table_again, 0, SERVES },
	{ "a new call fd", call_again, 0, SERVES },
	{ "RESET_OWNER, then enable", reset_owner_then_enable, 0, SERVES },
	{ "eventq stopped and resumed", eventq_stop_and_resume, 0, SERVES },
	{ "V-12 ring outside memory", ring_outside_memory, -EFAULT, KEPT },
	{ "V-17 ring misaligned", ring_misaligned, -EINVAL, KEPT },
	{ "ADDR before SET_MEM_TABLE", addr_before_mem_table, -EFAULT, KEPT },
	{ "KICK before SET_MEM_TABLE", kick_before_mem_table, 0, KEPT },
	{ "NUM before SET_OWNER", num_before_owner, -EPERM, KEPT },
	{ "base of a queue never started", base_never_started, 0, KEPT },
	{ "X-3 call pipe, reader gone", call_pipe_no_reader, -EPIPE, DROPPED },
	{ "X-2 kick pipe at its end", kick_pipe_eof, -EPIPE, DROPPED },
	{ "truncated header", truncated_header, -ECONNRESET, DROPPED },
	{ "hang-up mid-message", hangup_mid_message, -ECONNRESET, DROPPED },
	{ "size above any request", size_above_any, -EMSGSIZE, DROPPED },
};

#define N_CASES ((int)(sizeof(cases) / sizeof(cases[0])))

START_TEST(test_vhu_serve_bad_message)
{
	const struct bad_case *c = &cases[_i];
	int fds = vhu_count_fds();

	ck_assert_msg(c->run() == c->err, "%s", c->what);
	ck_assert_msg(scmi_vio_vhost_user_serve_connected(g.srv) ==
			      (c->after != DROPPED),
		      "%s", c->what);
	if (c->after == SERVES) {
		/* Nothing changed: the message's fds are closed and the
		 * running queues still answer. */
		ck_assert_msg(vhu_count_fds() == fds, "%s", c->what);
		expect_base_version(9);
	}
	/* The next front-end gets full service, and nothing leaked. */
	fe_hangup();
	fe_connect();
	expect_full_service();
	ck_assert_msg(vhu_count_fds() == fds, "%s", c->what);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_vhu_serve_bad_message, 0, N_CASES),
		{ NULL, 0, 0 },
	};

	return check_run(vs_suite("vhost_user_serve_bad", tests));
}
