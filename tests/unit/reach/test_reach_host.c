// SPDX-License-Identifier: BSD-3-Clause
/*
 * Hosting a platform on fds (lib/reach/host.c), as the platform server
 * does, driven directly: the guest memory, doorbells, config file and
 * queues a VMM hands over, each wrong in turn, and the ways serving ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <scmi_vio/doorbell.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/scmi_wire.h>
#include <scmi_vio/shm.h>
#include <scmi_vio/vring.h>

#include "check_run.h"
#include "reach/host.h"

#define MEM_SIZE 65536u
#define GPA 0x80000000ull
#define NUM 8u

struct hf {
	struct scmi_vio_shm *shm;
	struct scmi_vio__server_args a;
	struct scmi_vio__host h;
	char err[256];
};

static int efd(void)
{
	int fd = eventfd(0, EFD_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	return fd;
}

/* A VMM's hand-over: sealed memory, a cmdq at its start, eventfds. */
static struct hf *hf_new(void)
{
	struct hf *f = calloc(1, sizeof(*f));

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(scmi_vio_shm_create(MEM_SIZE, &f->shm), 0);
	f->a.mem_fd = scmi_vio_shm_fd(f->shm);
	f->a.mem_size = MEM_SIZE;
	f->a.gpa = GPA;
	f->a.features = 1ull << SCMI_VIO_F_VERSION_1;
	f->a.cmdq.num = NUM;
	f->a.cmdq.desc_gpa = GPA;
	f->a.cmdq.avail_gpa = GPA + scmi_vio_vring_desc_bytes(NUM);
	f->a.cmdq.used_gpa = GPA + scmi_vio_vring_used_offset(NUM, 4);
	f->a.have_cmdq = 1;
	f->a.kick_fd = efd();
	f->a.cmdq_irq_fd = efd();
	f->a.eventq_irq_fd = -1;
	f->a.stop_fd = efd();
	return f;
}

static void close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

static void hf_free(struct hf *f)
{
	scmi_vio__host_fd_teardown(&f->h);
	close_fd(f->a.kick_fd);
	close_fd(f->a.cmdq_irq_fd);
	close_fd(f->a.eventq_irq_fd);
	close_fd(f->a.stop_fd);
	scmi_vio_shm_destroy(f->shm);
	free(f);
}

static int setup(struct hf *f)
{
	return scmi_vio__host_fd_setup(&f->a, &f->h, f->err, sizeof(f->err));
}

static void stop(struct hf *f)
{
	uint64_t one = 1;

	ck_assert_int_eq(write(f->a.stop_fd, &one, sizeof(one)), sizeof(one));
}

static const char *tmp_config(const char *text)
{
	static char path[64];
	FILE *fp;
	int fd;

	snprintf(path, sizeof(path), "/tmp/scmi_vio_host_cfg_XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Serve @f's host, stopped already: serve() returns 0 at once; free @f. */
static void serve_stopped(struct hf *f)
{
	stop(f);
	ck_assert_int_eq(scmi_vio__host_fd_serve(&f->h), 0);
	hf_free(f);
}

/* Both queues, each with its own interrupt fd, and every option set. */
static void every_option(struct hf *f)
{
	f->a.features |= 1ull << SCMI_VIO_F_P2A_CHANNELS;
	f->a.have_eventq = 1;
	f->a.eventq = f->a.cmdq;
	f->a.eventq.desc_gpa += 4096;
	f->a.eventq.avail_gpa += 4096;
	f->a.eventq.used_gpa += 4096;
	f->a.eventq_irq_fd = efd();
	f->a.out_of_order = 1;
	f->a.faults.seed = 1;
	f->a.faults.rate_ppm = 1000;
	f->a.faults.kinds = 1u << SCMI_VIO_FAULT_DELAY;
}

/* Set up and served until stopped: _i 0 the defaults, 1 every_option(). */
START_TEST(test_serve_until_stopped)
{
	struct hf *f = hf_new();

	if (_i)
		every_option(f);
	ck_assert_int_eq(setup(f), 0);
	ck_assert_str_eq(f->err, "");
	serve_stopped(f);
}
END_TEST

/* A fault plan the device role refuses: a kind that does not exist. */
START_TEST(test_fault_plan_refused)
{
	struct hf *f = hf_new();

	f->a.faults.seed = 1;
	f->a.faults.rate_ppm = 1000;
	f->a.faults.kinds = _i ? 1u << SCMI_VIO_FAULT_NR : 1u;
	ck_assert_int_eq(setup(f), -EINVAL);
	ck_assert_ptr_null(f->h.dev);
	hf_free(f);
}
END_TEST

/* memory that can still shrink is refused unless accepted. */
START_TEST(test_x1_unsealed_memory)
{
	struct hf *f = hf_new();
	int fd = memfd_create("unsealed", MFD_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, MEM_SIZE), 0);
	f->a.mem_fd = fd;
	ck_assert_int_eq(setup(f), -EPERM);
	scmi_vio__host_fd_teardown(&f->h);
	memset(&f->h, 0, sizeof(f->h));
	f->a.mem_unsealed = 1;
	ck_assert_int_eq(setup(f), 0);
	serve_stopped(f);
	close(fd);
}
END_TEST

/* Memory smaller than the size the command line claims. */
START_TEST(test_memory_smaller_than_claimed)
{
	struct hf *f = hf_new();

	f->a.mem_size = 2 * MEM_SIZE;
	ck_assert_int_eq(setup(f), -EINVAL);
	hf_free(f);
}
END_TEST

/* A guest-physical base where the memory would wrap the address space. */
START_TEST(test_gpa_wraps)
{
	struct hf *f = hf_new();

	f->a.gpa = UINT64_MAX - 4095;
	ck_assert_int_eq(setup(f), -EINVAL);
	hf_free(f);
}
END_TEST

/* each doorbell fd in turn a regular file, refused at setup. */
START_TEST(test_x2_doorbell_fd_not_a_doorbell)
{
	struct hf *f = hf_new();
	int *fds[] = { &f->a.kick_fd, &f->a.cmdq_irq_fd, &f->a.eventq_irq_fd,
		       &f->a.stop_fd };
	int *slot = fds[_i];
	int file = open("/dev/null", O_RDWR | O_CLOEXEC);

	ck_assert_int_ge(file, 0);
	close_fd(*slot);
	*slot = file;
	ck_assert_int_eq(setup(f), -EINVAL);
	hf_free(f);
}
END_TEST

/*
 * Config files setup() refuses: @text written to a file (NULL: a path that
 * does not exist), what setup() returns and the message it leaves (NULL:
 * strerror() of that errno).
 */
static const struct {
	const char *text;
	int ret;
	const char *err;
} bad_configs[] = {
	{ NULL, -ENOENT, NULL },
	{ "impl_version 7\nrelease 9\n", -EINVAL,
	  "line 2: release takes 2.0 or 3.2" },
	/* A file that parses but describes a platform that cannot be built. */
	{ "max_payload 1\n", -EINVAL, "" },
};

START_TEST(test_config_file_refused)
{
	const char *text = bad_configs[_i].text, *err = bad_configs[_i].err;
	struct hf *f = hf_new();

	f->a.config = text ? tmp_config(text) :
			     "/nonexistent/scmi_vio/platform.conf";
	ck_assert_int_eq(setup(f), bad_configs[_i].ret);
	ck_assert_str_eq(f->err, err ? err : strerror(-bad_configs[_i].ret));
	if (text)
		unlink(f->a.config);
	hf_free(f);
}
END_TEST

START_TEST(test_config_file_used)
{
	struct hf *f = hf_new();

	f->a.config = tmp_config("impl_version 0x1234\n");
	ck_assert_int_eq(setup(f), 0);
	ck_assert_uint_eq(
		scmi_vio_platform_config_file_get(f->h.cf)->impl_version,
		0x1234);
	unlink(f->a.config);
	serve_stopped(f);
}
END_TEST

/* Bad queue layouts: the device role refuses them at setup. */
START_TEST(test_bad_queue_layout)
{
	struct hf *f = hf_new();

	switch (_i) {
	case 0: /* a ring past the end of guest memory */
		f->a.cmdq.used_gpa = GPA + MEM_SIZE;
		ck_assert_int_eq(setup(f), -EFAULT);
		break;
	case 1: /* a ring size that is not a power of two */
		f->a.cmdq.num = 6;
		ck_assert_int_eq(setup(f), -EINVAL);
		break;
	case 2: /* features without VERSION_1 */
		f->a.features = 0;
		ck_assert_int_eq(setup(f), -EINVAL);
		break;
	}
	ck_assert_ptr_null(f->h.dev);
	hf_free(f);
}
END_TEST

/* X-2 at run time: the stop fd's writer is gone (end of file). */
START_TEST(test_x2_stop_fd_end_of_file)
{
	struct hf *f = hf_new();
	int p[2];

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	close(f->a.stop_fd);
	f->a.stop_fd = p[0];
	ck_assert_int_eq(setup(f), 0);
	close(p[1]);
	ck_assert_int_eq(scmi_vio__host_fd_serve(&f->h), -EPIPE);
	hf_free(f);
}
END_TEST

/* a guest that breaks the ring ends serving with the device's error. */
START_TEST(test_x6_broken_ring_ends_serving)
{
	struct hf *f = hf_new();
	uint8_t *mem;
	struct scmi_vio_vring_avail *avail;
	uint64_t one = 1;

	ck_assert_int_eq(setup(f), 0);
	mem = scmi_vio_shm_host(f->shm);
	avail = (void *)(mem + scmi_vio_vring_desc_bytes(NUM));
	/* More chains published than the ring holds. */
	avail->idx = (uint16_t)(NUM + 1);
	ck_assert_int_eq(write(f->a.kick_fd, &one, sizeof(one)), sizeof(one));
	ck_assert_int_eq(scmi_vio__host_fd_serve(&f->h), -EIO);
	ck_assert_int_eq(scmi_vio_platform_dev_error(f->h.dev), -EIO);
	hf_free(f);
}
END_TEST

static void on_signal(int sig)
{
	(void)sig;
}

static void no_run(void *arg)
{
	(void)arg;
}

static void *serve_main(void *arg)
{
	struct hf *f = arg;

	return (void *)(intptr_t)scmi_vio__host_fd_serve(&f->h);
}

/* A signal interrupting the wait does not end serving. */
START_TEST(test_serve_survives_signals)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct timespec ms = { 0, 1000000 };
	struct hf *f = hf_new();
	pthread_t t;
	void *ret;
	int i;

	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
	ck_assert_int_eq(setup(f), 0);
	ck_assert_int_eq(pthread_create(&t, NULL, serve_main, f), 0);
	for (i = 0; i < 50; i++) {
		nanosleep(&ms, NULL);
		ck_assert_int_eq(pthread_kill(t, SIGUSR1), 0);
	}
	stop(f);
	ck_assert_int_eq(pthread_join(t, &ret), 0);
	ck_assert_int_eq((int)(intptr_t)ret, 0);
	hf_free(f);
	signal(SIGUSR1, SIG_DFL);
}
END_TEST

/* A device whose thread cannot start leaves nothing behind. */
START_TEST(test_dev_start_fails_leaves_nothing)
{
	struct hf *f = hf_new();
	struct scmi_vio_platform_dev_config dc;
	struct scmi_vio_platform_dev *dev = (void *)1;
	struct scmi_vio_doorbell *inl;

	ck_assert_int_eq(setup(f), 0);
	memset(&dc, 0, sizeof(dc));
	dc.plat = f->h.plat;
	dc.gmem = f->h.gm;
	dc.features = f->a.features;
	/* A device thread cannot wait on an inline doorbell. */
	ck_assert_int_eq(scmi_vio_doorbell_inline_create(no_run, NULL, &inl),
			 0);
	ck_assert_int_eq(scmi_vio__host_dev_start(&dc, &f->a.cmdq, 1, inl,
						  &dev),
			 -EINVAL);
	ck_assert_ptr_null(dev);
	scmi_vio_doorbell_destroy(inl);
	serve_stopped(f);
}
END_TEST

int main(void)
{
	const struct check_loop tests[] = {
		CHECK_LOOP(test_serve_until_stopped, 0, 2),
		CHECK_LOOP(test_fault_plan_refused, 0, 2),
		CHECK_ONCE(test_x1_unsealed_memory),
		CHECK_ONCE(test_memory_smaller_than_claimed),
		CHECK_ONCE(test_gpa_wraps),
		CHECK_LOOP(test_x2_doorbell_fd_not_a_doorbell, 0, 4),
		CHECK_LOOP(test_config_file_refused, 0,
			   CHECK_ROWS(bad_configs)),
		CHECK_ONCE(test_config_file_used),
		CHECK_LOOP(test_bad_queue_layout, 0, 3),
		CHECK_ONCE(test_x2_stop_fd_end_of_file),
		CHECK_ONCE(test_x6_broken_ring_ends_serving),
		CHECK_ONCE(test_serve_survives_signals),
		CHECK_ONCE(test_dev_start_fails_leaves_nothing),
		{ NULL, 0, 0 },
	};

	return check_main("reach_host", 60, tests);
}
