#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# A fault given on the command line of "scmi-vio serve --vhost-user" is
# what a front-end sees: the reply to the command it matches comes back
# with reserved header bits set (corrupt_hdr), a command it does not match
# is untouched, and each front-end session starts the plan afresh (the
# device is re-created with it: times=1 counts per session).
# Usage: test_serve_faults.sh SCMI_VIO WORKDIR
set -u
tool=$1 dir=$2
mkdir -p "$dir"
sock=$dir/scmi.sock out=$dir/raw.out err=$dir/serve.err
rm -f "$sock"

"$tool" serve --vhost-user "$sock" \
	--fault corrupt_hdr:proto=0x14:msg=0:arg=5:times=1 2>"$err" &
pid=$!
trap 'kill "$pid" 2>/dev/null' EXIT

fail() {
	echo "FAIL: $*"
	echo "--- raw"; cat "$out"
	echo "--- serve"; cat "$err"
	exit 1
}
. "$(dirname "$0")/serve_lib.sh"

# The server binds before it accepts.
wait_socket "$sock"

# raw --linger-ms 0: the reply to this one command, nothing after it.
raw() {
	"$tool" raw --vhost-user-connect "$sock" --timeout-ms 5000 \
		--linger-ms 0 "$@" >"$out" 2>&1
}

raw --proto 0x14 --msg 0
grep -q '^response: header 0x50005000 .*(reserved bits set)$' "$out" ||
	fail "clock PROTOCOL_VERSION: no corrupted reply"
raw --proto 0x15 --msg 0
grep -q '^response: header 0x00005400 protocol 0x15' "$out" ||
	fail "sensor PROTOCOL_VERSION: the fault matched another protocol"

raw --proto 0x14 --msg 0
grep -q '^response: header 0x50005000 .*(reserved bits set)$' "$out" ||
	fail "a new session did not start the plan afresh"

# SIGTERM ends the server cleanly, its socket removed.
stop_server "$pid" "$sock" serve
trap - EXIT
echo "ok"
