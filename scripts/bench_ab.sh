#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Compare two builds of one bench line in alternating runs: A, B, A, B...
# so both see the same host conditions, then print each side's medians.
#
# Usage: scripts/bench_ab.sh RUNS BENCH_A BENCH_B LINE
#   e.g. scripts/bench_ab.sh 20 /tmp/old/build-rel/bench/scmi_bench \
#            build-rel/bench/scmi_bench rtt_poll
# Each run is BENCH --quick --only LINE (a tenth of a second for
# rtt_poll).  Only scmi_bench has --only.
set -euo pipefail

if [ $# -ne 4 ]; then
	echo "usage: $0 RUNS BENCH_A BENCH_B LINE" >&2
	exit 2
fi
runs=$1 a=$2 b=$3 line=$4
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for ((i = 0; i < runs; i++)); do
	for side in A B; do
		bin=$a
		[ "$side" = B ] && bin=$b
		"$bin" --quick --only "$line" | sed "s/^/$side /" >>"$out"
	done
done

# The median of field NAME= over one side's lines.
median() {
	grep "^$1 " "$out" | tr ' ' '\n' | sed -n "s/^$2=//p" | sort -g |
		awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else if (NR) print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for side in A B; do
	bin=$a
	[ "$side" = B ] && bin=$b
	printf '%s %s: ratio %s  ops_per_s %s  baseline_ops_per_s %s  p50_ns %s\n' \
		"$side" "$bin" "$(median "$side" ratio)" \
		"$(median "$side" ops_per_s)" \
		"$(median "$side" baseline_ops_per_s)" "$(median "$side" p50_ns)"
done
