#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# A program given a bad command line must exit 2 and name what was wrong.
# Usage: test_rejects.sh WORDS PROGRAM ARGS...  (WORDS: expected in stderr)
set -u
words=$1
shift
err=$("$@" 2>&1 >/dev/null)
st=$?
if [ "$st" -ne 2 ]; then
	echo "FAIL: $* exited $st, want 2"
	exit 1
fi
case $err in
*"$words"*) exit 0 ;;
esac
echo "FAIL: $* said '$err', not naming '$words'"
exit 1
