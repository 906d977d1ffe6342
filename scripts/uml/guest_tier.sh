#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The Linux guest tier against the library: serve the platform with
# `scmi-vio serve --vhost-user`, boot the User-Mode Linux guest on it
# (run_guest.sh, with raw_sweep.sh), and check that the real Linux SCMI
# driver probed over virtio_uml, read sensors through hwmon and clocks
# through the clock framework, and that raw mode carried commands, their
# replies and an asynchronous command's delayed response intact. The
# expected values are those of the platform's default configuration.
#
# Usage: scripts/uml/guest_tier.sh SCMI_VIO   (the scmi-vio executable,
#        after build_kernel.sh; UML_BUILD_DIR as for run_guest.sh)
# Environment: GUEST_TIER_LOG  keep the guest's output in this file.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -eq 1 ] && [ -x "$1" ] || {
	echo "usage: guest_tier.sh SCMI_VIO (the scmi-vio executable)" >&2
	exit 2
}
tool=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scmi-uml-tier.XXXXXX")
server=
cleanup() {
	[ -z "$server" ] || kill "$server" 2>/dev/null || true
	[ -z "$server" ] || wait "$server" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

sock=$tmp/scmi.sock
start=$(date +%s.%N)
# User-Mode Linux hands its memory as a file that is not sealed.
"$tool" serve --vhost-user "$sock" --mem-unsealed >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
	[ -S "$sock" ] && break
	sleep 0.1
done
[ -S "$sock" ] || { cat "$tmp/server.log" >&2; exit 1; }

rc=0
UML_TIMEOUT=${UML_TIMEOUT:-60} "$here/run_guest.sh" \
	--script "$here/raw_sweep.sh" "$sock" >"$tmp/guest.log" || rc=$?
[ -z "${GUEST_TIER_LOG:-}" ] || cp "$tmp/guest.log" "$GUEST_TIER_LOG"

fail=0
expect() {
	if grep -q -- "$1" "$tmp/guest.log"; then
		echo "guest_tier: ok: $2"
	else
		echo "guest_tier: FAIL: $2 (no line matching: $1)"
		fail=1
	fi
}
expect "SCMI Protocol v2.1 'scmi_vio:simulated'" "Linux probed the platform"
expect '^##scmi_vio:probed yes$' "/init saw the probe"
expect '^##scmi_vio:hwmon hwmon[0-9]* temp1_input 40000$' "temperature through hwmon"
expect '^##scmi_vio:hwmon hwmon[0-9]* temp1_label soc_temp$' "sensor name through hwmon"
expect '^##scmi_vio:hwmon hwmon[0-9]* in0_input 800$' "voltage sensor through hwmon"
expect '^##scmi_vio:clk cpu 1000000000$' "cpu clock through the clock framework"
expect '^##scmi_vio:clk uart 24000000$' "uart clock through the clock framework"
# Base PROTOCOL_VERSION, token 1: header echoed, SUCCESS, version 2.1.
expect '^##scmi_vio:raw proto=0x10 msg=0x00 token=1 tx=00044000 rx=00044000 00000000 00020001 wrc=0$' \
	"raw PROTOCOL_VERSION"
expect '^##scmi_vio:raw proto=0x10 msg=0x03 .* rx=00404003 00000000 696d6373 6f69765f 00000000 00000000 wrc=0$' \
	"raw DISCOVER_VENDOR string"
expect '^##scmi_vio:raw proto=0x99 msg=0x00 token=13 tx=00366400 rx=00366400 ffffffff wrc=0$' \
	"raw NOT_SUPPORTED for an unknown protocol"
expect '^##scmi_vio:raw proto=0x14 msg=0x06 .* rx=004c5006 00000000 3b9aca00 00000000 wrc=0$' \
	"raw CLOCK_RATE_GET"
# Asynchronous CLOCK_RATE_SET: the reply, then the delayed response
# (message type 2) on the eventq with the clock and its rate.
expect '^##scmi_vio:raw proto=0x14 msg=0x05 .* rx=00505005 00000000 dr=00505205 00000000 00000000 3b9aca00 00000000 wrc=0$' \
	"raw delayed response"
expect '^##scmi_vio:sweep rc=0$' "sweep ran"
expect '^##scmi_vio:done$' "/init finished"
end=$(date +%s.%N)
echo "guest_tier: took $(echo "$end - $start" | bc) s"
if [ $rc != 0 ] || [ $fail != 0 ]; then
	echo "guest_tier: run_guest.sh exit $rc; guest output:" >&2
	cat "$tmp/guest.log" >&2
	echo "guest_tier: server output:" >&2
	cat "$tmp/server.log" >&2
	exit 1
fi
echo "guest_tier: passed"
