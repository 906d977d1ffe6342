#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Two "scmi-vio serve --vhost-user" on one path: the second replaces the
# socket file, and the first, ended by SIGTERM, must not remove it (the
# second would run on unreachable).  The second, ended in turn, removes
# its own.
# Usage: test_serve_replaced.sh SCMI_VIO WORKDIR
set -u
tool=$1 dir=$2
mkdir -p "$dir"
sock=$dir/scmi.sock out=$dir/raw.out
rm -f "$sock"
a= b=
trap 'kill $a $b 2>/dev/null' EXIT

fail() {
	echo "FAIL: $*"
	cat "$out" 2>/dev/null
	exit 1
}

. "$(dirname "$0")/serve_lib.sh"

"$tool" serve --vhost-user "$sock" 2>/dev/null &
a=$!
wait_socket "$sock"
ino_a=$(stat -c %i "$sock")
"$tool" serve --vhost-user "$sock" 2>/dev/null &
b=$!
# A's bound socket keeps its unlinked file's inode alive, so B's file,
# once bound, has another inode.
wait_socket "$sock" "$ino_a"

kill "$a"
wait "$a"
a=
[ -S "$sock" ] || fail "server A removed server B's socket"
"$tool" raw --vhost-user-connect "$sock" --timeout-ms 5000 \
	--linger-ms 0 --proto 0x10 --msg 0 >"$out" 2>&1 ||
	fail "server B unreachable after A ended"

stop_server "$b" "$sock" "server B"
b=
trap - EXIT
echo "ok"
