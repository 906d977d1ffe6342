#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# "scmi_demo --server PATH" with no server at PATH fails (exit 1) naming
# PATH, as scmi-vio does: the bare errno does not say what is missing.
# Usage: test_demo_server.sh SCMI_DEMO WORKDIR
set -u
demo=$1 dir=$2
mkdir -p "$dir"
missing=$dir/no-such-server
rm -f "$missing"
err=$("$demo" --server "$missing" 2>&1 >/dev/null)
st=$?
[ "$st" -eq 1 ] || { echo "FAIL: exit $st, want 1"; exit 1; }
case $err in
*"$missing"*) echo "ok"; exit 0 ;;
esac
echo "FAIL: said '$err', not naming $missing"
exit 1
