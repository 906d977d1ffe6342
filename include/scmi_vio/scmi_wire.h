/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCMI wire definitions shared by the agent core and the platform device
 * (Arm DEN0056; docs/protocol.md sections 3-9).  Header layout, status codes,
 * protocol ids and message ids; nothing here has state.
 */
#ifndef SCMI_VIO_SCMI_WIRE_H
#define SCMI_VIO_SCMI_WIRE_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Message header, one le32 (docs/protocol.md section 3). */
#define SCMI_VIO_HDR_ID_SHIFT 0
#define SCMI_VIO_HDR_ID_MASK 0xffu
#define SCMI_VIO_HDR_TYPE_SHIFT 8
#define SCMI_VIO_HDR_TYPE_MASK 0x3u
#define SCMI_VIO_HDR_PROTO_SHIFT 10
#define SCMI_VIO_HDR_PROTO_MASK 0xffu
#define SCMI_VIO_HDR_TOKEN_SHIFT 18
#define SCMI_VIO_HDR_TOKEN_MASK 0x3ffu
#define SCMI_VIO_HDR_RESERVED_MASK 0xf0000000u

/* Tokens are 10 bits: at most this many commands in flight. */
#define SCMI_VIO_MAX_TOKENS 1024u

/* Header bits [9:8]. */
enum scmi_vio_msg_type {
	SCMI_VIO_MSG_COMMAND = 0, /* a command and its response */
	SCMI_VIO_MSG_UNUSED = 1, /* not used by the spec: invalid */
	SCMI_VIO_MSG_DELAYED_RESP = 2,
	SCMI_VIO_MSG_NOTIFICATION = 3,
};

/* An SCMI message header, unpacked (scmi_vio_hdr_pack() and _unpack()). */
struct scmi_vio_hdr {
	uint8_t id;
	uint8_t type;
	uint8_t protocol;
	uint16_t token;
};

/* Pack the fields into one header word; reserved bits are zero. */
static inline uint32_t scmi_vio_hdr_pack(const struct scmi_vio_hdr *h)
{
	return ((uint32_t)h->id & SCMI_VIO_HDR_ID_MASK)
		       << SCMI_VIO_HDR_ID_SHIFT |
	       ((uint32_t)h->type & SCMI_VIO_HDR_TYPE_MASK)
		       << SCMI_VIO_HDR_TYPE_SHIFT |
	       ((uint32_t)h->protocol & SCMI_VIO_HDR_PROTO_MASK)
		       << SCMI_VIO_HDR_PROTO_SHIFT |
	       ((uint32_t)h->token & SCMI_VIO_HDR_TOKEN_MASK)
		       << SCMI_VIO_HDR_TOKEN_SHIFT;
}

/* Unpack every field; reserved bits are the caller's to check. */
static inline void scmi_vio_hdr_unpack(uint32_t w, struct scmi_vio_hdr *h)
{
	h->id = (uint8_t)(w >> SCMI_VIO_HDR_ID_SHIFT & SCMI_VIO_HDR_ID_MASK);
	h->type = (uint8_t)(w >> SCMI_VIO_HDR_TYPE_SHIFT &
			    SCMI_VIO_HDR_TYPE_MASK);
	h->protocol = (uint8_t)(w >> SCMI_VIO_HDR_PROTO_SHIFT &
				SCMI_VIO_HDR_PROTO_MASK);
	h->token = (uint16_t)(w >> SCMI_VIO_HDR_TOKEN_SHIFT &
			      SCMI_VIO_HDR_TOKEN_MASK);
}

/* Is any reserved bit [31:28] set (invalid on the wire)? */
static inline bool scmi_vio_hdr_reserved_set(uint32_t w)
{
	return (w & SCMI_VIO_HDR_RESERVED_MASK) != 0;
}

/*
 * Status codes, the first le32 of every response (docs/protocol.md section 4).
 */
enum scmi_vio_status {
	SCMI_VIO_SUCCESS = 0,
	SCMI_VIO_NOT_SUPPORTED = -1,
	SCMI_VIO_INVALID_PARAMETERS = -2,
	SCMI_VIO_DENIED = -3,
	SCMI_VIO_NOT_FOUND = -4,
	SCMI_VIO_OUT_OF_RANGE = -5,
	SCMI_VIO_BUSY = -6,
	SCMI_VIO_COMMS_ERROR = -7,
	SCMI_VIO_GENERIC_ERROR = -8,
	SCMI_VIO_HARDWARE_ERROR = -9,
	SCMI_VIO_PROTOCOL_ERROR = -10,
	SCMI_VIO_IN_USE = -11,
	SCMI_VIO_PARTIAL = -12,
};

/* Protocol ids (docs/protocol.md section 3). */
enum scmi_vio_protocol_id {
	SCMI_VIO_PROTO_BASE = 0x10,
	SCMI_VIO_PROTO_POWER = 0x11,
	SCMI_VIO_PROTO_SYSTEM = 0x12,
	SCMI_VIO_PROTO_PERF = 0x13,
	SCMI_VIO_PROTO_CLOCK = 0x14,
	SCMI_VIO_PROTO_SENSOR = 0x15,
	SCMI_VIO_PROTO_RESET = 0x16,
	SCMI_VIO_PROTO_VOLTAGE = 0x17,
	SCMI_VIO_PROTO_POWERCAP = 0x18,
	SCMI_VIO_PROTO_PINCTRL = 0x19,
	SCMI_VIO_PROTO_VENDOR_FIRST = 0x80,
};

/* Commands every protocol has (docs/protocol.md section 5). */
#define SCMI_VIO_MSG_PROTOCOL_VERSION 0x0
#define SCMI_VIO_MSG_PROTOCOL_ATTRIBUTES 0x1
#define SCMI_VIO_MSG_PROTOCOL_MESSAGE_ATTRIBUTES 0x2
#define SCMI_VIO_MSG_NEGOTIATE_PROTOCOL_VERSION 0x10

/* Base (section 6). */
#define SCMI_VIO_BASE_DISCOVER_VENDOR 0x3
#define SCMI_VIO_BASE_DISCOVER_SUB_VENDOR 0x4
#define SCMI_VIO_BASE_DISCOVER_IMPLEMENTATION_VERSION 0x5
#define SCMI_VIO_BASE_DISCOVER_LIST_PROTOCOLS 0x6
#define SCMI_VIO_BASE_DISCOVER_AGENT 0x7
#define SCMI_VIO_BASE_NOTIFY_ERRORS 0x8
#define SCMI_VIO_BASE_SET_DEVICE_PERMISSIONS 0x9
#define SCMI_VIO_BASE_SET_PROTOCOL_PERMISSIONS 0xa
#define SCMI_VIO_BASE_RESET_AGENT_CONFIGURATION 0xb

/* SET_*_PERMISSIONS flags: bit 0 allows access, 0 denies it. */
#define SCMI_VIO_BASE_ACCESS_ALLOW 0x1u

/* RESET_AGENT_CONFIGURATION flags: bit 0 also resets the permissions. */
#define SCMI_VIO_BASE_RESET_PERMISSIONS 0x1u

/* Base notification: BASE_ERROR_EVENT (enabled by NOTIFY_ERRORS). */
#define SCMI_VIO_BASE_ERROR_EVENT 0x0

/* Clock (section 7). */
#define SCMI_VIO_CLOCK_ATTRIBUTES 0x3
#define SCMI_VIO_CLOCK_DESCRIBE_RATES 0x4
#define SCMI_VIO_CLOCK_RATE_SET 0x5
#define SCMI_VIO_CLOCK_RATE_GET 0x6
#define SCMI_VIO_CLOCK_CONFIG_SET 0x7
#define SCMI_VIO_CLOCK_RATE_NOTIFY 0x9
#define SCMI_VIO_CLOCK_RATE_CHANGE_REQUESTED_NOTIFY 0xA
#define SCMI_VIO_CLOCK_RATE_CHANGED 0x0
#define SCMI_VIO_CLOCK_RATE_CHANGE_REQUESTED 0x1

/* CLOCK_RATE_SET flags. */
#define SCMI_VIO_CLOCK_SET_ASYNC (1u << 0)
#define SCMI_VIO_CLOCK_SET_IGNORE_RESP (1u << 1)
#define SCMI_VIO_CLOCK_SET_ROUND_UP (1u << 2)
#define SCMI_VIO_CLOCK_SET_ROUND_AUTO (1u << 3)

/* Sensor (section 8). */
#define SCMI_VIO_SENSOR_DESCRIPTION_GET 0x3
#define SCMI_VIO_SENSOR_TRIP_POINT_NOTIFY 0x4
#define SCMI_VIO_SENSOR_TRIP_POINT_CONFIG 0x5
#define SCMI_VIO_SENSOR_READING_GET 0x6
#define SCMI_VIO_SENSOR_TRIP_POINT_EVENT 0x0

/* SENSOR_READING_GET flag: answer with a delayed response. */
#define SCMI_VIO_SENSOR_READ_ASYNC (1u << 0)

/* Performance (section 9). */
#define SCMI_VIO_PERF_DOMAIN_ATTRIBUTES 0x3
#define SCMI_VIO_PERF_DESCRIBE_LEVELS 0x4
#define SCMI_VIO_PERF_LIMITS_SET 0x5
#define SCMI_VIO_PERF_LIMITS_GET 0x6
#define SCMI_VIO_PERF_LEVEL_SET 0x7
#define SCMI_VIO_PERF_LEVEL_GET 0x8
#define SCMI_VIO_PERF_NOTIFY_LIMITS 0x9
#define SCMI_VIO_PERF_NOTIFY_LEVEL 0xA
#define SCMI_VIO_PERF_LIMITS_CHANGED 0x0
#define SCMI_VIO_PERF_LEVEL_CHANGED 0x1

/* Power domain (protocol 0x11): messages and events. */
#define SCMI_VIO_POWER_DOMAIN_ATTRIBUTES 0x3
#define SCMI_VIO_POWER_STATE_SET 0x4
#define SCMI_VIO_POWER_STATE_GET 0x5
#define SCMI_VIO_POWER_STATE_NOTIFY 0x6
#define SCMI_VIO_POWER_STATE_CHANGE_REQUESTED_NOTIFY 0x7
#define SCMI_VIO_POWER_DOMAIN_NAME_GET 0x8 /* protocol 3.0 and later */
#define SCMI_VIO_POWER_STATE_CHANGED 0x0
#define SCMI_VIO_POWER_STATE_CHANGE_REQUESTED 0x1

/* POWER_DOMAIN_ATTRIBUTES bits. */
#define SCMI_VIO_POWER_ATTR_NOTIFY (1u << 31)
#define SCMI_VIO_POWER_ATTR_ASYNC (1u << 30)
#define SCMI_VIO_POWER_ATTR_SYNC (1u << 29)
#define SCMI_VIO_POWER_ATTR_REQ_NOTIFY (1u << 28)
#define SCMI_VIO_POWER_ATTR_EXT_NAME (1u << 27) /* 3.0 and later */

/* POWER_STATE_SET flags. */
#define SCMI_VIO_POWER_SET_ASYNC (1u << 0)

/* Power states: [30] context lost, [27:0] state id; the generic two. */
#define SCMI_VIO_POWER_STATE_ON 0x00000000u
#define SCMI_VIO_POWER_STATE_OFF 0x40000000u

/* System power (protocol 0x12): messages and events. */
#define SCMI_VIO_SYS_POWER_STATE_SET 0x3
#define SCMI_VIO_SYS_POWER_STATE_GET 0x4 /* protocol 1.0 only */
#define SCMI_VIO_SYS_POWER_STATE_NOTIFY 0x5
#define SCMI_VIO_SYS_POWER_STATE_NOTIFIER 0x0

/* System states. */
#define SCMI_VIO_SYS_STATE_SHUTDOWN 0x0u
#define SCMI_VIO_SYS_STATE_COLD_RESET 0x1u
#define SCMI_VIO_SYS_STATE_WARM_RESET 0x2u
#define SCMI_VIO_SYS_STATE_POWER_UP 0x3u
#define SCMI_VIO_SYS_STATE_SUSPEND 0x4u
#define SCMI_VIO_SYS_STATE_VENDOR (1u << 31) /* implementation defined */

/* SYSTEM_POWER_STATE_SET and notifier flags. */
#define SCMI_VIO_SYS_FLAG_GRACEFUL (1u << 0)

/* PROTOCOL_MESSAGE_ATTRIBUTES of SYSTEM_POWER_STATE_SET. */
#define SCMI_VIO_SYS_ATTR_WARM_RESET (1u << 31)
#define SCMI_VIO_SYS_ATTR_SUSPEND (1u << 30)

/* Reset domain (protocol 0x16): messages and events. */
#define SCMI_VIO_RESET_DOMAIN_ATTRIBUTES 0x3
#define SCMI_VIO_RESET 0x4
#define SCMI_VIO_RESET_NOTIFY 0x5
#define SCMI_VIO_RESET_DOMAIN_NAME_GET 0x6 /* protocol 3.0 and later */
#define SCMI_VIO_RESET_ISSUED 0x0

/* RESET_DOMAIN_ATTRIBUTES bits. */
#define SCMI_VIO_RESET_ATTR_ASYNC (1u << 31)
#define SCMI_VIO_RESET_ATTR_NOTIFY (1u << 30)
#define SCMI_VIO_RESET_ATTR_EXT_NAME (1u << 29) /* 3.0 and later */

/* RESET_DOMAIN_ATTRIBUTES latency when the platform does not know it. */
#define SCMI_VIO_RESET_LATENCY_UNKNOWN 0xffffffffu

/* RESET flags: autonomous (a full reset cycle), explicit assert (else
 * de-assert; ignored with autonomous), async (autonomous only). */
#define SCMI_VIO_RESET_AUTONOMOUS (1u << 0)
#define SCMI_VIO_RESET_ASSERT (1u << 1)
#define SCMI_VIO_RESET_ASYNC (1u << 2)

/* Reset state: [31] implementation defined, [30:0] type; 0 is the
 * architectural cold reset. */
#define SCMI_VIO_RESET_STATE_COLD 0x0u
#define SCMI_VIO_RESET_STATE_VENDOR (1u << 31)

/* Voltage domain (protocol 0x17): messages. */
#define SCMI_VIO_VOLTAGE_DOMAIN_ATTRIBUTES 0x3
#define SCMI_VIO_VOLTAGE_DESCRIBE_LEVELS 0x4
#define SCMI_VIO_VOLTAGE_CONFIG_SET 0x5
#define SCMI_VIO_VOLTAGE_CONFIG_GET 0x6
#define SCMI_VIO_VOLTAGE_LEVEL_SET 0x7
#define SCMI_VIO_VOLTAGE_LEVEL_GET 0x8
#define SCMI_VIO_VOLTAGE_DOMAIN_NAME_GET 0x9 /* protocol 2.0 and later */

/* VOLTAGE_DOMAIN_ATTRIBUTES bits. */
#define SCMI_VIO_VOLTAGE_ATTR_ASYNC (1u << 31)
#define SCMI_VIO_VOLTAGE_ATTR_EXT_NAME (1u << 30) /* 2.0 and later */

/* VOLTAGE_DESCRIBE_LEVELS flags: [11:0] returned, [12] linear segment
 * {lowest, highest, step}, [31:16] remaining. */
#define SCMI_VIO_VOLTAGE_LEVELS_LINEAR (1u << 12)

/* VOLTAGE_CONFIG_SET/GET modes ([3:0]; bit 3 implementation defined). */
#define SCMI_VIO_VOLTAGE_CONFIG_OFF 0x0u
#define SCMI_VIO_VOLTAGE_CONFIG_ON 0x7u

/* VOLTAGE_LEVEL_SET flags. */
#define SCMI_VIO_VOLTAGE_SET_ASYNC (1u << 0)

/* Attribute and flag bits the platform and the clients share (sections 6-9). */
#define SCMI_VIO_NOTIFY_ENABLE (1u << 0) /* every *_NOTIFY* command */
#define SCMI_VIO_BASE_AGENT_CALLER 0xffffffffu /* DISCOVER_AGENT: "me" */
#define SCMI_VIO_CLOCK_ATTR_ENABLED (1u << 0)
#define SCMI_VIO_CLOCK_ATTR_RATE_REQ_NOTIFY (1u << 30)
#define SCMI_VIO_CLOCK_ATTR_RATE_NOTIFY (1u << 31)
#define SCMI_VIO_CLOCK_CONFIG_ENABLE (1u << 0)
#define SCMI_VIO_CLOCK_RATES_TRIPLET (1u << 12)
#define SCMI_VIO_SENSOR_ATTR_ASYNC (1u << 31)
#define SCMI_VIO_SENSOR_TRIP_ID_SHIFT 4
#define SCMI_VIO_SENSOR_TRIP_ID_MASK 0xffu
#define SCMI_VIO_SENSOR_TRIP_MODE_MASK 0x3u /* 0 off, 1 up, 2 down, 3 both */
#define SCMI_VIO_SENSOR_TRIP_EV_UP (1u << 0) /* TRIP_POINT_EVENT direction */
#define SCMI_VIO_PERF_ATTR_SET_LIMITS (1u << 31)
#define SCMI_VIO_PERF_ATTR_SET_LEVEL (1u << 30)
#define SCMI_VIO_PERF_ATTR_LIMITS_NOTIFY (1u << 29)
#define SCMI_VIO_PERF_ATTR_LEVEL_NOTIFY (1u << 28)

/* virtio-scmi (docs/protocol.md section 2). */
#define SCMI_VIO_VIRTIO_DEVICE_ID 32
#define SCMI_VIO_F_P2A_CHANNELS 0
#define SCMI_VIO_F_SHARED_MEMORY 1
#define SCMI_VIO_VIRTIO_CMDQ 0
#define SCMI_VIO_VIRTIO_EVENTQ 1

/* Default payload size and the per-PDU overhead (header + status). */
#define SCMI_VIO_DEFAULT_MAX_PAYLOAD 128u
#define SCMI_VIO_PDU_OVERHEAD 8u

#ifdef __cplusplus
}
#endif

#endif /* SCMI_VIO_SCMI_WIRE_H */
