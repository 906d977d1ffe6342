/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scmi_vio: everything an application needs, in one include.
 *
 * The usual agent over virtio-scmi:
 *   scmi_vio_loopback_create()           a platform in this process, or
 *   scmi_vio_xproc_create()              one in another process, or
 *   scmi_vio_vhu_frontend_create()       any vhost-user backend;
 *   scmi_vio_virtio_scmi_probe()         the transport on that device;
 *   scmi_vio_virtio_scmi_agent_create()  the SCMI agent over it;
 *   protocol clients (scmi_base.h, scmi_clock.h, scmi_sensor.h,
 *   scmi_perf.h, scmi_power.h, scmi_system_power.h, scmi_reset.h,
 *   scmi_voltage.h), notifications (scmi_notify.h), raw mode (scmi_raw.h);
 *   then scmi_vio_agent_destroy(), scmi_vio_virtio_scmi_remove() and the
 *   device's destroy, in that order.
 */
#ifndef SCMI_VIO_SCMI_VIO_H
#define SCMI_VIO_SCMI_VIO_H

#include <scmi_vio/doorbell.h>
#include <scmi_vio/guest_mem.h>
#include <scmi_vio/log.h>
#include <scmi_vio/loopback.h>
#include <scmi_vio/platform.h>
#include <scmi_vio/platform_dev.h>
#include <scmi_vio/platform_fault.h>
#include <scmi_vio/scmi.h>
#include <scmi_vio/scmi_base.h>
#include <scmi_vio/scmi_clock.h>
#include <scmi_vio/scmi_notify.h>
#include <scmi_vio/scmi_perf.h>
#include <scmi_vio/scmi_power.h>
#include <scmi_vio/scmi_raw.h>
#include <scmi_vio/scmi_reset.h>
#include <scmi_vio/scmi_sensor.h>
#include <scmi_vio/scmi_system_power.h>
#include <scmi_vio/scmi_voltage.h>
#include <scmi_vio/shm.h>
#include <scmi_vio/timeout.h>
#include <scmi_vio/vdev.h>
#include <scmi_vio/version.h>
#include <scmi_vio/vhost_user.h>
#include <scmi_vio/vhost_user_frontend.h>
#include <scmi_vio/virtio_scmi.h>
#include <scmi_vio/virtqueue.h>
#include <scmi_vio/vq_device.h>
#include <scmi_vio/vring.h>
#include <scmi_vio/xproc.h>

#endif /* SCMI_VIO_SCMI_VIO_H */
