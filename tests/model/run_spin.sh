#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Verify one Promela model exhaustively with spin, as a CTest test.
#
# Usage: run_spin.sh MODEL.pml EXPECT [-DNAME=VALUE...]
#   EXPECT  pass          pan must finish the whole search with no error;
#           fail:REGEX    pan must find a violation whose report matches
#                         REGEX (a mutant: the test passes when spin finds
#                         the counterexample, whose trail is printed).
# The -D options go to spin's preprocessor.  Environment: SPIN, CC.
#
# pan is built with -DSAFETY (assertions and invalid end states; every
# property of these models is a safety property) and a memory limit.  A
# search that did not complete (depth limit, memory limit) fails the test
# whatever was expected: a truncated search proves nothing.
set -euo pipefail

if [ $# -lt 2 ]; then
	echo "usage: $0 MODEL.pml pass|fail:REGEX [-DNAME=VALUE...]" >&2
	exit 2
fi
model=$(realpath "$1")
expect=$2
shift 2
spin=${SPIN:-spin}
cc=${CC:-cc}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$model" model.pml

"$spin" "$@" -a model.pml >spin.log 2>&1 || {
	cat spin.log
	echo "FAIL: spin -a failed" >&2
	exit 1
}
# -O0: pan.c takes seconds to optimise and most searches take about one.
# COLLAPSE stores states compressed, losslessly: the largest search here
# (about 14 M states) then fits in under 1 GB.
"$cc" -O0 -w -DSAFETY -DCOLLAPSE -DMEMLIM=2048 -o pan pan.c
start=$(date +%s.%N)
./pan -m200000 -w24 -c1 >pan.log 2>&1 || true
end=$(date +%s.%N)

# The figures worth keeping in the test log.
grep -E 'State-vector|states, stored|transitions|total actual memory' \
	pan.log || true
awk -v s="$start" -v e="$end" 'BEGIN { printf "pan time: %.2f s\n", e - s }'

errors=$(sed -n 's/.*errors: \([0-9][0-9]*\).*/\1/p' pan.log | head -n 1)
if [ -z "$errors" ]; then
	cat pan.log
	echo "FAIL: pan did not report a result" >&2
	exit 1
fi

case $expect in
pass)
	if [ "$errors" != 0 ]; then
		cat pan.log
		"$spin" "$@" -t -p model.pml | tail -n 80
		echo "FAIL: $errors violation(s) in $(basename "$model") $*" >&2
		exit 1
	fi
	if grep -qE 'max search depth too small|out of memory|MEMLIM bound|Search not completed' \
		pan.log; then
		cat pan.log
		echo "FAIL: the search was truncated" >&2
		exit 1
	fi
	echo "PASS: no violation in $(basename "$model") $*"
	;;
fail:*)
	regex=${expect#fail:}
	if [ "$errors" = 0 ]; then
		cat pan.log
		echo "FAIL: the mutant $* was not caught" >&2
		exit 1
	fi
	if ! grep -qE "$regex" pan.log; then
		cat pan.log
		echo "FAIL: a violation, but not one matching '$regex'" >&2
		exit 1
	fi
	grep -E "$regex" pan.log | head -n 1
	echo "--- counterexample (spin -t -p), last steps:"
	"$spin" "$@" -t -p model.pml | tail -n 60
	echo "PASS: the mutant $* fails as expected"
	;;
*)
	echo "bad EXPECT '$expect'" >&2
	exit 2
	;;
esac
