#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Line and branch coverage of lib/, per layer, with clang's source-based
# coverage: builds the unit and stress tiers and the fuzz targets with
# SCMI_VIO_COVERAGE=ON, runs both tiers and a replay of every checked-in
# fuzz corpus, then prints a table per layer for the tiers alone and with
# the corpora, the largest uncovered blocks of each layer, and writes an
# HTML report.
#
# Usage: scripts/coverage.sh [--report] [out-dir, default build-cov]
#        [blocks per layer, default 5]
#   --report  reuse the profiles of the last run (no build, no tests)
# SCMI_VIO_COV_SKIP="fuzz_x fuzz_y" leaves those corpora out of the table.
# Needs clang, llvm-profdata-14 and llvm-cov-14 (Debian: clang, llvm-14).
set -euo pipefail
cd "$(dirname "$0")/.."
run=1
if [ "${1:-}" = --report ]; then
	run=0
	shift
fi
out=${1:-build-cov}
top=${2:-5}
for tool in llvm-profdata-14 llvm-cov-14; do
	if ! command -v "$tool" >/dev/null; then
		echo "coverage.sh: $tool missing (apt-get install llvm-14)" >&2
		exit 1
	fi
done
prof=$PWD/$out/profiles
common=(-DSCMI_VIO_COVERAGE=ON -DSCMI_VIO_WERROR=ON
	-DSCMI_VIO_BUILD_BENCH=OFF -DSCMI_VIO_BUILD_EXAMPLES=OFF)

if [ $run = 1 ]; then
	scripts/deps.sh test sanitizers
	rm -rf "$prof" "$out/html"
	mkdir -p "$prof/tests"
	echo "=== build: tests ($out/tests), fuzz targets ($out/fuzz)"
	CC=clang cmake -S . -B "$out/tests" "${common[@]}" >/dev/null
	cmake --build "$out/tests" -j "$(nproc)" >/dev/null
	CC=clang cmake -S . -B "$out/fuzz" "${common[@]}" \
		-DSCMI_VIO_BUILD_TESTS=OFF -DSCMI_VIO_BUILD_FUZZERS=ON >/dev/null
	# The fuzz targets only: without a sanitizer runtime, nothing else
	# links with the fuzzer instrumentation.
	mapfile -t targets < <(ls tests/fuzz/corpus)
	cmake --build "$out/fuzz" -j "$(nproc)" --target "${targets[@]}" \
		>/dev/null
	# %p: one file per process (tests spawn servers); %m: per binary.
	echo "=== unit and stress tiers"
	LLVM_PROFILE_FILE=$prof/tests/%p-%m.profraw \
		ctest --test-dir "$out/tests" --output-on-failure -j 2 \
		-L 'unit|stress'
	echo "=== fuzz corpus replay"
	for dir in tests/fuzz/corpus/*/; do
		t=$(basename "$dir")
		mkdir -p "$prof/$t"
		LLVM_PROFILE_FILE=$prof/$t/%p-%m.profraw \
			"$out/fuzz/tests/fuzz/$t" -runs=0 "$dir" 2>&1 |
			sed -n "s/^\(Done [0-9]* runs\).*/$t: \1/p; /ERROR/p"
	done
fi

# Every instrumented executable: the first is the main object.
mapfile -t bins < <(find "$out/tests" "$out/fuzz" -type f -perm -u+x \
	! -path '*/CMakeFiles/*' ! -name '*.so*' ! -name '*.sh' | sort)
objs=("${bins[0]}")
for b in "${bins[@]:1}"; do
	objs+=(-object "$b")
done
lib=$PWD/lib/

# Merge the tests' profiles, and with them every corpus not skipped.
llvm-profdata-14 merge -sparse "$prof"/tests/*.profraw \
	-o "$out/tiers.profdata"
sets=("$prof"/tests/*.profraw)
for dir in "$prof"/fuzz_*/; do
	t=$(basename "$dir")
	case " ${SCMI_VIO_COV_SKIP:-} " in *" $t "*) continue ;; esac
	sets+=("$dir"*.profraw)
done
llvm-profdata-14 merge -sparse "${sets[@]}" -o "$out/all.profdata"

# Per file: lines, missed lines, branches, missed branches (the last six
# columns of the report are lines and branches, each count/missed/cover).
table() {
	llvm-cov-14 report -instr-profile "$1" "${objs[@]}" "$lib" \
		2>/dev/null | awk -v lib="$lib" '
	index($1, lib) == 1 || $1 ~ /^[a-z_]+\/[a-z_]+\.[ch]$/ {
		f = $1; sub(lib, "", f); split(f, p, "/")
		L[p[1]] += $(NF-5); LM[p[1]] += $(NF-4)
		B[p[1]] += $(NF-2); BM[p[1]] += $(NF-1)
	}
	function pc(n, m) { return n ? sprintf("%6.1f%%", 100 * (n - m) / n) : "     -" }
	END {
		printf "%-12s %8s %8s %9s %8s %8s %9s\n", "layer", "lines",
		       "missed", "cover", "branches", "missed", "cover"
		n = split("ring notify scmi virtio_scmi reach platform shm common", o, " ")
		for (i = 1; i <= n; i++) {
			k = o[i]
			printf "%-12s %8d %8d %9s %8d %8d %9s\n", k, L[k], LM[k],
			       pc(L[k], LM[k]), B[k], BM[k], pc(B[k], BM[k])
		}
	}'
}
cov=(-instr-profile "$out/all.profdata" "${objs[@]}")
{
	echo "=== unit and stress tiers"
	table "$out/tiers.profdata"
	echo
	skip=${SCMI_VIO_COV_SKIP:+ (without: $SCMI_VIO_COV_SKIP)}
	echo "=== with the fuzz corpora$skip"
	table "$out/all.profdata"
} | tee "$out/coverage.txt"

# The largest runs of uncovered lines per layer (lines without a count,
# comments and blank ones, inside a run do not end it), for whoever writes
# the next tests.
blocks() {
	llvm-cov-14 show "${cov[@]}" -use-color=false "$PWD/$1" 2>/dev/null |
		awk -v f="$1" '
		function flush() {
			if (run) {
				gsub(/^[ \t]+/, "", code)
				printf "%d\t%s:%d-%d: %.56s\n", run, f, first,
				       last, code
			}
			run = 0
		}
		/^ *[0-9]+\|/ {
			split($0, c, "|"); n = c[2]; gsub(/ /, "", n)
			if (n == "0") {
				if (!run) { first = c[1] + 0; code = c[3] }
				run++; last = c[1] + 0
			} else if (n != "") {
				flush()
			}
		}
		END { flush() }'
}
echo
echo "=== largest uncovered blocks per layer (lines, file:first-last: code)"
for layer in ring notify scmi virtio_scmi reach platform shm common; do
	for f in lib/"$layer"/*.[ch]; do
		blocks "$f"
	done | sort -rn -k1,1 | head -n "$top" | sed "s/^/$layer\t/"
done | tee -a "$out/coverage.txt"

llvm-cov-14 show "${cov[@]}" -format=html -output-dir "$out/html" \
	-show-branches=count "$lib" >/dev/null 2>&1
echo
echo "table and blocks: $out/coverage.txt; HTML: $out/html/index.html"
