#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The Linux guest tier against the library: serve the platform with
# `scmi-vio serve --vhost-user`, boot the User-Mode Linux guest on it
# (run_guest.sh), and check that the real Linux SCMI driver probed over
# virtio_uml, read sensors through hwmon and clocks through the clock
# framework, and that raw mode carried every exchange of the expectation
# table sweep.table (every command of every protocol the default platform
# serves, refusals, delayed responses, notifications) with the reply,
# delayed response or notification the table says, word by word
# (sweep.awk; docs/linux-guest.md, "The raw sweep").
#
# Usage: scripts/uml/guest_tier.sh SCMI_VIO   (the scmi-vio executable,
#        after build_kernel.sh; UML_BUILD_DIR as for run_guest.sh)
# Environment: GUEST_TIER_LOG  keep the guest's output in this file;
#              UML_TIMEOUT     seconds before the guest is killed (60).
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
# User-Mode Linux's memory is an O_TMPFILE (or mkstemp) file in its
# TMPDIR, not a memfd: it cannot carry seals, so the back end must be told
# to map it unsealed (X-1: the guest is trusted not to truncate it).
"$tool" serve --vhost-user "$sock" --mem-unsealed >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
	[ -S "$sock" ] && break
	sleep 0.1
done
[ -S "$sock" ] || { cat "$tmp/server.log" >&2; exit 1; }

# The guest's script: one raw exchange per row of the table.
awk -v mode=gen -f "$here/sweep.awk" "$here/sweep.table" >"$tmp/sweep.sh"

rc=0
UML_TIMEOUT=${UML_TIMEOUT:-60} "$here/run_guest.sh" \
	--script "$tmp/sweep.sh" "$sock" >"$tmp/guest.log" || rc=$?
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
expect '^##scmi_vio:clkset gpu 500000000 rc=0 rate=500000000$' \
	"gpu clock set through the clock framework"
expect '^##scmi_vio:clkset gpu 1000000000 rc=0 rate=750000000$' \
	"a rate above the gpu clock's highest clamped by the clock framework"
expect '^##scmi_vio:clkset gpu 300000000 rc=0 rate=250000000$' \
	"a rate between two offered rounded down through the clock framework"
expect '^##scmi_vio:sweep rc=0$' "sweep ran"
expect '^##scmi_vio:done$' "/init finished"
# Every row of the expectation table: replies, delayed responses and
# notifications, word by word.
if awk -v mode=check -f "$here/sweep.awk" "$here/sweep.table" \
	"$tmp/guest.log"; then
	echo "guest_tier: ok: raw sweep ($(basename "$here")/sweep.table)"
else
	echo "guest_tier: FAIL: raw sweep ($(basename "$here")/sweep.table)"
	fail=1
fi
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
