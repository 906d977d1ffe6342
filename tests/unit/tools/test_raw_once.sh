#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# "scmi-vio raw" prints a reply the core rejected (here: reserved header
# bits, S-2/S-3, injected by the server) once, as the response: the
# linger that follows must not find it again among the errors.
# Usage: test_raw_once.sh SCMI_VIO WORKDIR
set -u
tool=$1 dir=$2
mkdir -p "$dir"
sock=$dir/scmi.sock out=$dir/raw.out
rm -f "$sock"

"$tool" serve --vhost-user "$sock" \
	--fault corrupt_hdr:proto=0x14:msg=0 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null' EXIT

fail() {
	echo "FAIL: $*"
	cat "$out"
	exit 1
}
. "$(dirname "$0")/serve_lib.sh"

wait_socket "$sock"

# The default linger (100 ms) reads the queues after the exchange.
"$tool" raw --vhost-user-connect "$sock" --timeout-ms 5000 \
	--proto 0x14 --msg 0 >"$out" 2>&1
st=$?
[ "$st" -eq 1 ] || fail "raw exit $st, not 1 (the exchange failed)"
grep -q '^response: .*(reserved bits set)$' "$out" ||
	fail "no corrupted response"
n=$(grep -c '(reserved bits set)$' "$out")
[ "$n" -eq 1 ] || fail "the reply printed $n times"
echo "ok"
