# SPDX-License-Identifier: BSD-3-Clause
#
# Example raw-mode sweep for the guest (run_guest.sh --script this-file).
# Sourced by the guest's /init, which provides scmi_raw, scmi_raw_reset and
# scmi_raw_notification. For every protocol the guest's device tree names
# (plus Base, and one no platform serves) it sends PROTOCOL_VERSION,
# PROTOCOL_ATTRIBUTES and PROTOCOL_MESSAGE_ATTRIBUTES of message 0,
# Base's discovery commands, an asynchronous CLOCK_RATE_SET (reply and
# delayed response) and a sensor trip point notification. A host-side test
# parses the "##scmi_vio:raw" and "##scmi_vio:notif" lines; this script
# only drives, it judges nothing.

scmi_raw_reset
tok=0
next() { tok=$((tok + 1)); }

for proto in 0x10 0x13 0x14 0x15 0x99; do
	next; scmi_raw $proto 0x0 $tok		# PROTOCOL_VERSION
	next; scmi_raw $proto 0x1 $tok		# PROTOCOL_ATTRIBUTES
	next; scmi_raw $proto 0x2 $tok 0x0	# PROTOCOL_MESSAGE_ATTRIBUTES(0)
done

next; scmi_raw 0x10 0x3 $tok			# BASE_DISCOVER_VENDOR
next; scmi_raw 0x10 0x5 $tok			# BASE_DISCOVER_IMPLEMENTATION_VERSION
next; scmi_raw 0x10 0x6 $tok 0x0		# BASE_DISCOVER_LIST_PROTOCOLS(skip 0)

# A delayed response: CLOCK_RATE_SET with the async flag, on clock 0, to
# the rate CLOCK_RATE_GET just reported (rx words: header, status, low,
# high); skipped when the get failed.
next
if scmi_raw 0x14 0x6 $tok 0x0; then
	set -- $SCMI_RX
	if [ "$2" = 00000000 ]; then
		next; scmi_raw -a 0x14 0x5 $tok 0x1 0x0 0x$3 0x$4
	fi
fi

# Enable sensor 0's trip point notification (SENSOR_TRIP_POINT_NOTIFY,
# event control bit 0), then print whatever notification comes.
next; scmi_raw 0x15 0x4 $tok 0x0 0x1
scmi_raw_notification || true
