#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Build the libFuzzer targets (clang, address+undefined), replay each
# checked-in corpus, then fuzz each target for a while and print every
# target's executions per second.
# Usage: scripts/fuzz.sh [seconds per target, default 30]
# CI passes 20: six targets, about two minutes of fuzzing in all.
# New inputs land in build-fuzz/corpus-new/<target>; to keep them, merge:
#   build-fuzz/tests/fuzz/<t> -merge=1 tests/fuzz/corpus/<t> build-fuzz/corpus-new/<t>
# A crash leaves its input in build-fuzz/ (crash-*) and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --sanitizers
secs=${1:-30}
CC=clang cmake -S . -B build-fuzz -DSCMI_VIO_BUILD_FUZZERS=ON \
	-DSCMI_VIO_SANITIZE=address,undefined -DSCMI_VIO_BUILD_TESTS=OFF \
	-DSCMI_VIO_BUILD_BENCH=OFF -DSCMI_VIO_BUILD_EXAMPLES=OFF \
	-DSCMI_VIO_WERROR=ON >/dev/null
cmake --build build-fuzz -j "$(nproc)"
ctest --test-dir build-fuzz --output-on-failure -L fuzz
summary=()
for dir in tests/fuzz/corpus/*/; do
	t=$(basename "$dir")
	mkdir -p "build-fuzz/corpus-new/$t"
	echo "=== fuzzing $t for ${secs}s"
	log=build-fuzz/corpus-new/$t.log
	if ! (cd build-fuzz && "tests/fuzz/$t" -max_total_time="$secs" \
		-max_len=4096 -print_final_stats=1 "corpus-new/$t" \
		"../$dir") >"$log" 2>&1; then
		tail -n 40 "$log"
		echo "fuzz.sh: $t failed; the input is in build-fuzz/" >&2
		exit 1
	fi
	tail -n 12 "$log"
	summary+=("$(printf '%-24s %8s exec/s' "$t" \
		"$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")")")
done
echo "=== executions per second (ASan+UBSan build, ${secs}s each)"
printf '%s\n' "${summary[@]}"
