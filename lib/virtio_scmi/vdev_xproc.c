// SPDX-License-Identifier: BSD-3-Clause
/*
 * The cross-process virtio device: the SCMI platform runs in another
 * process (examples/scmi_platform_server), the way a VMM runs a device
 * model.  Guest memory is a memfd that the server maps at an address of its
 * own choosing; kicks and interrupts are eventfds.  start() execs the
 * server with the queue addresses the driver chose; reset() writes its stop
 * eventfd and reaps it, so nothing of the first life survives a re-probe.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <scmi_vio/shm.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/vring.h>

#define XP_GPA 0x80000000ull
#define XP_DEFAULT_NUM 64u
#define XP_ARGS 40

struct scmi_vio_xproc {
	struct scmi_vio_vdev vdev;
	struct scmi_vio_shm *shm;
	struct scmi_vio_doorbell *kick;
	int stop_fd;
	int dummy_irq_fd; /* for a driver without interrupts */
	pid_t pid;
	int last_status;
	const char *server;
	const char *const *extra;
};

static void xp_exec(struct scmi_vio_xproc *xp, char **argv, const int *fds,
		    unsigned int nfd, pid_t parent)
{
	unsigned int i;

	/* A dying driver must not leave its device model behind. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(126);
	for (i = 0; i < nfd; i++)
		fcntl(fds[i], F_SETFD, 0);
	execv(argv[0], argv);
	_exit(127);
}

static int xp_start(void *ctx, uint64_t features,
		    const struct scmi_vio_vdev_queue *q, unsigned int n,
		    struct scmi_vio_doorbell *irq)
{
	struct scmi_vio_xproc *xp = ctx;
	char a[12][96], *argv[XP_ARGS];
	int irq_fd = irq ? scmi_vio_doorbell_fd(irq) : xp->dummy_irq_fd;
	int fds[4];
	unsigned int i = 0, k = 0;
	pid_t parent = getpid();

	if (irq_fd < 0)
		return -EINVAL; /* an inline interrupt cannot cross processes */
#define ARG(...) (snprintf(a[i], sizeof(a[i]), __VA_ARGS__), a[i++])
#define QARG(x)                                                   \
	ARG("%u:0x%" PRIx64 ":0x%" PRIx64 ":0x%" PRIx64, (x).num, \
	    (x).desc_gpa, (x).avail_gpa, (x).used_gpa)
	argv[k++] = (char *)xp->server;
	argv[k++] = "--mem-fd";
	argv[k++] = ARG("%d", scmi_vio_shm_fd(xp->shm));
	argv[k++] = "--mem-size";
	argv[k++] = ARG("%zu", xp->vdev.size);
	argv[k++] = "--gpa";
	argv[k++] = ARG("0x%llx", (unsigned long long)XP_GPA);
	argv[k++] = "--features";
	argv[k++] = ARG("0x%" PRIx64, features);
	argv[k++] = "--cmdq";
	argv[k++] = QARG(q[0]);
	if (n > 1) {
		argv[k++] = "--eventq";
		argv[k++] = QARG(q[1]);
		argv[k++] = "--eventq-irq-fd";
		argv[k++] = ARG("%d", irq_fd);
	}
	argv[k++] = "--kick-fd";
	argv[k++] = ARG("%d", scmi_vio_doorbell_fd(xp->kick));
	argv[k++] = "--cmdq-irq-fd";
	argv[k++] = ARG("%d", irq_fd);
	argv[k++] = "--stop-fd";
	argv[k++] = ARG("%d", xp->stop_fd);
#undef QARG
#undef ARG
	for (i = 0; xp->extra && xp->extra[i] && k < XP_ARGS - 1; i++)
		argv[k++] = (char *)xp->extra[i];
	argv[k] = NULL;
	fds[0] = scmi_vio_shm_fd(xp->shm);
	fds[1] = scmi_vio_doorbell_fd(xp->kick);
	fds[2] = irq_fd;
	fds[3] = xp->stop_fd;
	xp->pid = fork();
	if (xp->pid < 0)
		return -errno;
	if (xp->pid == 0)
		xp_exec(xp, argv, fds, 4, parent);
	return 0;
}

static void xp_reset(void *ctx)
{
	struct scmi_vio_xproc *xp = ctx;
	const uint64_t one = 1;
	int status;

	if (xp->pid <= 0)
		return;
	if (write(xp->stop_fd, &one, sizeof(one)) != sizeof(one))
		kill(xp->pid, SIGKILL);
	while (waitpid(xp->pid, &status, 0) < 0 && errno == EINTR)
		;
	xp->last_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
	xp->pid = 0;
}

static const struct scmi_vio_vdev_ops xp_ops = {
	.start = xp_start,
	.reset = xp_reset,
};

int scmi_vio_xproc_create(const struct scmi_vio_xproc_config *cfg,
			  struct scmi_vio_xproc **out)
{
	struct scmi_vio_xproc *xp;
	unsigned int num;
	size_t payload, pdu, size;
	int r;

	if (!out || !cfg)
		return -EINVAL;
	*out = NULL;
	num = cfg->queue_num ? cfg->queue_num : XP_DEFAULT_NUM;
	payload = cfg->max_payload ? cfg->max_payload :
				     SCMI_VIO_VIRTIO_SCMI_DEFAULT_PAYLOAD;
	if (!scmi_vio_vring_valid_size(num) ||
	    payload > SCMI_VIO_VIRTIO_SCMI_MAX_PAYLOAD)
		return -EINVAL;
	pdu = payload + 8;
	size = (2 * (scmi_vio_vring_size(num, 4) + 16) +
		(size_t)num * (3 * pdu + 16) + 4095) &
	       ~(size_t)4095;
	xp = calloc(1, sizeof(*xp));
	if (!xp)
		return -ENOMEM;
	xp->stop_fd = -1;
	xp->dummy_irq_fd = -1;
	xp->last_status = -1;
	r = scmi_vio_shm_create(size, &xp->shm);
	if (r)
		goto fail;
	r = scmi_vio_doorbell_eventfd_create(-1, &xp->kick);
	if (r)
		goto fail;
	xp->stop_fd = eventfd(0, EFD_CLOEXEC);
	xp->dummy_irq_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (xp->stop_fd < 0 || xp->dummy_irq_fd < 0) {
		r = -errno;
		goto fail;
	}
	/* NULL: the server installed with this library (CMakeLists.txt). */
	xp->server = cfg->server_path ? cfg->server_path :
					SCMI_VIO_PLATFORM_SERVER_PATH;
	xp->extra = cfg->extra_args;
	xp->vdev.features = 1ull << SCMI_VIO_F_VERSION_1 |
			    1ull << SCMI_VIO_VIRTIO_F_P2A_CHANNELS |
			    1ull << SCMI_VIO_F_EVENT_IDX;
	xp->vdev.queue_num = num;
	xp->vdev.mem = scmi_vio_shm_host(xp->shm);
	xp->vdev.gpa = XP_GPA;
	xp->vdev.size = size;
	xp->vdev.kick = xp->kick;
	xp->vdev.ops = &xp_ops;
	xp->vdev.ctx = xp;
	*out = xp;
	return 0;
fail:
	scmi_vio_xproc_destroy(xp);
	return r;
}

void scmi_vio_xproc_destroy(struct scmi_vio_xproc *xp)
{
	if (!xp)
		return;
	xp_reset(xp);
	if (xp->stop_fd >= 0)
		close(xp->stop_fd);
	if (xp->dummy_irq_fd >= 0)
		close(xp->dummy_irq_fd);
	scmi_vio_doorbell_destroy(xp->kick);
	scmi_vio_shm_destroy(xp->shm);
	free(xp);
}

const struct scmi_vio_vdev *scmi_vio_xproc_vdev(struct scmi_vio_xproc *xp)
{
	return &xp->vdev;
}

int scmi_vio_xproc_last_status(const struct scmi_vio_xproc *xp)
{
	return xp->last_status;
}
