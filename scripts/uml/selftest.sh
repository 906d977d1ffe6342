#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Check the guest side of the Linux guest tier on its own: boot the guest
# against fake_backend.py (Base, one clock, one sensor, delayed responses
# on the P2A queue), run raw_sweep.sh
# in it, and check that the real Linux SCMI driver probed over virtio_uml,
# read the clock and the sensor, and that raw mode carried commands and
# replies intact. A failure here is the guest's
# (kernel, dtb, /init, run_guest.sh), not the library's.
#
# Usage: scripts/uml/selftest.sh   (after build_kernel.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v python3 >/dev/null || { echo "selftest: needs python3" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scmi-uml-selftest.XXXXXX")
backend=
cleanup() {
	[ -z "$backend" ] || kill "$backend" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

sock=$tmp/fake.sock
python3 "$here/fake_backend.py" "$sock" >"$tmp/backend.log" 2>&1 &
backend=$!
for _ in $(seq 50); do
	[ -S "$sock" ] && break
	sleep 0.1
done
[ -S "$sock" ] || { cat "$tmp/backend.log" >&2; exit 1; }

rc=0
UML_TIMEOUT=${UML_TIMEOUT:-60} "$here/run_guest.sh" \
	--script "$here/raw_sweep.sh" "$sock" >"$tmp/guest.log" || rc=$?

fail=0
expect() {
	if grep -q -- "$1" "$tmp/guest.log"; then
		echo "selftest: ok: $2"
	else
		echo "selftest: FAIL: $2 (no line matching: $1)"
		fail=1
	fi
}
expect "SCMI Protocol v2.0 'scmi_vio:fake'" "Linux probed Base over virtio"
expect '^##scmi_vio:probed yes$' "/init saw the probe"
# Base PROTOCOL_VERSION, token 1: header echoed, SUCCESS, 0x20000.
expect '^##scmi_vio:raw proto=0x10 msg=0x00 token=1 tx=00044000 rx=00044000 00000000 00020000 wrc=0$' \
	"raw PROTOCOL_VERSION reply intact"
# A payload word reaches the platform: MESSAGE_ATTRIBUTES(0) succeeds.
expect '^##scmi_vio:raw proto=0x10 msg=0x02 token=3 tx=000c4002 00000000 rx=000c4002 00000000 00000000 wrc=0$' \
	"raw command with a payload"
# DISCOVER_VENDOR: the 16-byte string comes back as words.
expect '^##scmi_vio:raw proto=0x10 msg=0x03 .* rx=00404003 00000000 696d6373 6f69765f 00000000 00000000 wrc=0$' \
	"raw DISCOVER_VENDOR string"
# A protocol the platform does not serve: NOT_SUPPORTED comes back.
expect '^##scmi_vio:raw proto=0x99 msg=0x00 token=13 tx=00366400 rx=00366400 ffffffff wrc=0$' \
	"raw NOT_SUPPORTED status"
# Clock 0 and the temperature sensor through the Linux drivers.
expect '^##scmi_vio:clk clk0 100000000$' "clock rate through the clock framework"
expect '^##scmi_vio:hwmon hwmon[0-9]* temp1_input 42000$' "sensor through hwmon"
# CLOCK_RATE_GET through raw mode: 100 MHz as two words.
expect '^##scmi_vio:raw proto=0x14 msg=0x06 .* rx=004c5006 00000000 05f5e100 00000000 wrc=0$' \
	"raw CLOCK_RATE_GET"
# Asynchronous CLOCK_RATE_SET: the reply, then the delayed response
# (message type 2) on the P2A queue with the clock and its new rate.
expect '^##scmi_vio:raw proto=0x14 msg=0x05 .* rx=00505005 00000000 dr=00505205 00000000 00000000 05f5e100 00000000 wrc=0$' \
	"raw delayed response"
# The trip point event the sensor sends once its notification is enabled:
# message 0, type 3, protocol 0x15, no token; agent, sensor, trip point.
expect '^##scmi_vio:notif 00005700 00000000 00000000 00000000$' \
	"raw notification"
expect '^##scmi_vio:sweep rc=0$' "sweep ran"
expect '^##scmi_vio:done$' "/init finished"
if [ $rc != 0 ] || [ $fail != 0 ]; then
	echo "selftest: run_guest.sh exit $rc; guest output:" >&2
	cat "$tmp/guest.log" >&2
	echo "selftest: backend output:" >&2
	cat "$tmp/backend.log" >&2
	exit 1
fi
echo "selftest: passed"
