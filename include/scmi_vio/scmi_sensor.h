/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI Sensor protocol client (docs/protocol.md section 8).
 *
 * All functions: Context: any thread, concurrently; they sleep.
 * Ownership: output buffers are the caller's.  Return: 0, -EPROTO
 * (malformed reply, S-12), or an scmi_vio_agent_do_cmd() error (status
 * mapped to errno), plus what each function lists.
 */
#ifndef SCMI_VIO_SCMI_SENSOR_H
#define SCMI_VIO_SCMI_SENSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scmi_vio/export.h>

#ifdef __cplusplus
extern "C" {
#endif

struct scmi_vio_agent;

/* What SENSOR_DESCRIPTION_GET reports about one sensor. */
struct scmi_vio_sensor_desc {
	uint32_t id;
	bool async_read;
	unsigned int n_trip_points;
	uint8_t type;
	int8_t scale; /* signed power-of-ten exponent */
	char name[16];
};

/* Trip point modes for scmi_vio_sensor_trip_point_config(). */
enum scmi_vio_sensor_trip_mode {
	SCMI_VIO_TRIP_OFF = 0,
	SCMI_VIO_TRIP_UP = 1,
	SCMI_VIO_TRIP_DOWN = 2,
	SCMI_VIO_TRIP_BOTH = 3,
};

/**
 * scmi_vio_sensor_count() - Sensor PROTOCOL_ATTRIBUTES.
 * @n_sensors: set to the number of sensors.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @n_sensors is the caller's.
 * Return: 0, -EPROTO (reply shorter than 4 bytes), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_sensor_count(struct scmi_vio_agent *a, unsigned int *n_sensors);

/**
 * scmi_vio_sensor_describe() - SENSOR_DESCRIPTION_GET, every page.
 * @out: filled with the descriptors; @cap its size; @n set to the count.
 *
 * Asks PROTOCOL_ATTRIBUTES for the sensor count first; the pages must
 * describe exactly that many sensors (S-20).  A count of 0 sends no
 * description request.
 *
 * Context: any thread, concurrently; sleeps (commands through
 * scmi_vio_agent_do_cmd(), one per page, plus the count).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's.
 * Return: 0, -EPROTO, an scmi_vio_agent_do_cmd() error, and -ENOSPC (more than
 * @cap sensors); -EPROTO for counts larger
 * than the page, no progress, disagreeing remaining counts, a total other
 * than the sensor count, or a name without NUL.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_sensor_describe(struct scmi_vio_agent *a,
			 struct scmi_vio_sensor_desc *out, size_t cap,
			 size_t *n);

/**
 * scmi_vio_sensor_reading_get() - READING_GET, synchronous.
 * @id: the sensor.
 * @value: set to the signed 64-bit reading.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: @value is the caller's.
 * Return: 0, -EPROTO (reply shorter than 8 bytes), or an
 * scmi_vio_agent_do_cmd() error
 * (a non-SUCCESS status as its errno).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_sensor_reading_get(struct scmi_vio_agent *a, uint32_t id,
			    int64_t *value);

/**
 * scmi_vio_sensor_reading_get_async() - READING_GET with a delayed
 * response.
 *
 * Context: any thread, concurrently; sleeps (commands through
 * scmi_vio_agent_do_cmd(), one per page).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's.
 * Return: 0, -EPROTO, an scmi_vio_agent_do_cmd() error, and -ETIMEDOUT (no
 * delayed response), -EPROTO (delayed
 * response for another sensor, or short), -EOPNOTSUPP (the sensor has no
 * async read: NOT_SUPPORTED).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_sensor_reading_get_async(struct scmi_vio_agent *a, uint32_t id,
				  int64_t *value);

/**
 * scmi_vio_sensor_trip_point_config() - TRIP_POINT_CONFIG.
 * @trip_id: 0..255; @mode: enum scmi_vio_sensor_trip_mode.
 *
 * Context: any thread, concurrently; sleeps (commands through
 * scmi_vio_agent_do_cmd(), one per page).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: outputs are the caller's.
 * Return: 0, -EPROTO, an scmi_vio_agent_do_cmd() error, and -EINVAL (mode above
 * 3).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_sensor_trip_point_config(struct scmi_vio_agent *a, uint32_t id,
				  uint8_t trip_id, unsigned int mode,
				  int64_t value);

/**
 * scmi_vio_sensor_trip_point_notify() - TRIP_POINT_NOTIFY for sensor @id.
 * @enable: bit 0 of the request.
 *
 * The notification core calls it for the first and last subscriber of
 * TRIP_POINT_EVENT on a sensor.
 *
 * Context: any thread, concurrently; sleeps (one command).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: nothing is kept.
 * Return: 0 or an scmi_vio_agent_do_cmd() error.
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_sensor_trip_point_notify(struct scmi_vio_agent *a, uint32_t id,
				  bool enable);

/**
 * scmi_vio_sensor_register_events() - register TRIP_POINT_EVENT (reports:
 * sensor_trip; source: sensor id).
 *
 * Context: any thread, not from a callback of this protocol; sleeps
 * (commands through scmi_vio_agent_do_cmd()).
 * Ordering: none beyond scmi_vio_agent_do_cmd().
 * Ownership: nothing is kept by the caller; the protocol stays
 * registered until the agent is destroyed.
 * Return: 0, an error of the PROTOCOL_ATTRIBUTES query (Base has none) or
 * of scmi_vio_notify_register_protocol() (-EEXIST when already
 * registered; -E2BIG when the platform reports more than
 * SCMI_VIO_NOTIFY_MAX_SOURCES, S-19).
 */
SCMI_VIO_API SCMI_VIO_MUST_CHECK int
scmi_vio_sensor_register_events(struct scmi_vio_agent *a);

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_SENSOR_H */
