#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Run every benchmark (ring_bench, core_bench, scmi_bench), then write
#   OUT/results.md       one markdown table of every BENCH line, plus the
#                        round-trip latency quantiles from the raw samples;
#   OUT/latency_cdf.png  the distribution of SCMI round-trip latency,
#                        polling against the interrupt modes (log scale);
#   OUT/latency_tail.png the tail of the same: the fraction of round trips
#                        slower than x (log-log);
#   OUT/latency_pct.png  p50 / p99 / p99.9 of the same configurations;
#   OUT/*.log, OUT/lat/  the benches' output and raw samples (ns).
# Usage: bench/run_all.sh [--quick] [--runs N] [--build DIR] [--out DIR]
#   --quick   short runs (about 20 s in all instead of a few minutes)
#   --runs N  runs per line for ring_bench and scmi_bench (default theirs)
#   --build   the build directory (default build; built here if needed)
#   --out     where results go (default BUILD/bench-results)
# Plots need gnuplot (Debian: gnuplot-nox); without it only the table is
# written.  Figures from a shared or virtual machine are noisy: compare
# ratios to the yardstick each line carries, not absolute rates.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=()
runs=()
build=build
out=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=(--quick) ;;
	--runs) runs=(--runs "$2"); shift ;;
	--build) build=$2; shift ;;
	--out) out=$2; shift ;;
	-h|--help) sed -n '3,/^set -e/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
	   exit 0 ;;
	*) echo "usage: $0 [--quick] [--runs N] [--build DIR] [--out DIR]" >&2
	   exit 2 ;;
	esac
	shift
done
out=${out:-$build/bench-results}
mkdir -p "$out/lat"

if [ ! -x "$build/bench/scmi_bench" ] || [ ! -x "$build/bench/ring_bench" ] ||
	[ ! -x "$build/bench/core_bench" ]; then
	[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" >/dev/null
	cmake --build "$build" -j "$(nproc)" --target ring_bench core_bench \
		scmi_bench >/dev/null
fi

echo "=== ring_bench"
"$build/bench/ring_bench" "${quick[@]}" "${runs[@]}" | tee "$out/ring_bench.log"
echo "=== core_bench"
"$build/bench/core_bench" "${quick[@]}" | tee "$out/core_bench.log"
echo "=== scmi_bench"
rm -f "$out"/lat/*.lat
"$build/bench/scmi_bench" "${quick[@]}" "${runs[@]}" \
	--dump-latency "$out/lat" | tee "$out/scmi_bench.log"

# Quantiles of each configuration's samples, "fraction ns" pairs for the
# plots: about 2000 evenly spaced ranks for the body, then every one of the
# slowest 2000 samples so the tail plot reaches the maximum; and the
# summary row.
quantiles() {
	sort -n "$1" | awk -v pts=2000 '
		{ v[NR] = $1 }
		END {
			step = NR > pts ? int(NR / pts) : 1
			tail = NR > pts ? NR - pts : 0
			for (i = step; i <= tail; i += step)
				printf "%.7f %d\n", i / NR, v[i]
			for (i = tail + 1; i <= NR; i++)
				printf "%.7f %d\n", i / NR, v[i]
		}'
}
summary() {
	sort -n "$1" | awk '
		{ v[NR] = $1 }
		END {
			q[1] = 0.5; q[2] = 0.9; q[3] = 0.99; q[4] = 0.999
			printf "%d", NR
			for (k = 1; k <= 4; k++) {
				i = int(NR * q[k]); if (i < 1) i = 1
				printf " %d", v[i]
			}
			printf " %d\n", v[NR]
		}'
}

{
	echo "# scmi_vio benchmarks"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $(nproc) CPUs," \
		"${quick[*]:-full} runs; build \`$build\`."
	echo
	echo "| bench | line | ops/s | yardstick | yardstick ops/s | ratio | p50 ns | p99 ns | p99.9 ns | allocs/op | other |"
	echo "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|"
	for b in ring_bench core_bench scmi_bench; do
		grep '^BENCH ' "$out/$b.log" | awk -v bench="$b" '{
			delete f; other = ""
			for (i = 3; i <= NF; i++) {
				split($i, kv, "=")
				if (kv[1] ~ /^(ops_per_s|baseline|baseline_ops_per_s|ratio|p50_ns|p99_ns|p999_ns|allocs_per_op)$/)
					f[kv[1]] = kv[2]
				else
					other = other (other == "" ? "" : " ") $i
			}
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				bench, $2, f["ops_per_s"], f["baseline"],
				f["baseline_ops_per_s"], f["ratio"], f["p50_ns"],
				f["p99_ns"], f["p999_ns"], f["allocs_per_op"], other
		}'
	done
	echo
	echo "ops/s and the yardstick's ops/s are medians over the runs; ratio is"
	echo "the median of per-run ratios, each run paired with a yardstick run"
	echo "taken just before it. Notification lines compare with a fixed"
	echo "1 M events/s target instead of a yardstick."
	echo
	echo "## SCMI round-trip latency, all samples pooled"
	echo
	echo "| configuration | samples | p50 ns | p90 ns | p99 ns | p99.9 ns | max ns |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for f in "$out"/lat/*.lat; do
		[ -s "$f" ] || continue
		n=$(basename "$f" .lat)
		quantiles "$f" >"$out/lat/$n.cdf"
		read -r cnt p50 p90 p99 p999 max < <(summary "$f")
		echo "| ${n#scmi_rtt_} | $cnt | $p50 | $p90 | $p99 | $p999 | $max |"
	done
	echo
	echo "![latency distribution](latency_cdf.png)"
	echo
	echo "![latency tail](latency_tail.png)"
	echo
	echo "![latency percentiles](latency_pct.png)"
} >"$out/results.md"

if ! command -v gnuplot >/dev/null; then
	echo "run_all: gnuplot not found (apt-get install gnuplot-nox):" \
		"table only" >&2
	echo "results: $out/results.md"
	exit 0
fi

# One curve per configuration: polling first, then the interrupt modes.
plots=()
tails=()
pct=()
for n in poll irq_inline irq_eventfd irq_eventfd_sleeping_device; do
	f=$out/lat/scmi_rtt_$n.cdf
	[ -s "$f" ] || continue
	plots+=("'$f' using (\$2/1000):1 with lines lw 2 title '$n'")
	tails+=("'$f' using (\$2/1000):(1-\$1) with lines lw 2 title '$n'")
	pct+=("$n")
done
if [ ${#plots[@]} -gt 0 ]; then
	common=("set terminal pngcairo size 900,560 font 'sans,10'"
		"set xlabel 'round-trip latency (microseconds, log scale)'"
		"set logscale x" "set grid xtics ytics mxtics"
		"set key noenhanced")
	{
		printf '%s\n' "${common[@]}" \
			"set output '$out/latency_cdf.png'" \
			"set title 'SCMI round trip over virtio-scmi: latency distribution'" \
			"set ylabel 'fraction of round trips at or below'" \
			"set key bottom right" "set yrange [0:1]"
		printf 'plot %s\n' "$(IFS=,; echo "${plots[*]}")"
	} | gnuplot
	# The last point (the maximum) has nothing slower: 1 - 1 = 0, which
	# a log axis cannot show, so the curves stop at the last sample but one.
	{
		printf '%s\n' "${common[@]}" \
			"set output '$out/latency_tail.png'" \
			"set title 'SCMI round trip over virtio-scmi: the tail'" \
			"set ylabel 'fraction of round trips slower (log scale)'" \
			"set logscale y" "set format y '10^{%L}'" \
			"set key top right"
		printf 'plot %s\n' "$(IFS=,; echo "${tails[*]}")"
	} | gnuplot 2>&1 | grep -v 'ignored\|undefined value' >&2 || true

	# p50/p99/p99.9 bars, from the pooled samples.
	for n in "${pct[@]}"; do
		read -r _ p50 _ p99 p999 _ < <(summary "$out/lat/scmi_rtt_$n.lat")
		echo "$n $p50 $p99 $p999"
	done >"$out/lat/percentiles.dat"
	gnuplot <<-EOF
		set terminal pngcairo size 900,560 font 'sans,10'
		set output '$out/latency_pct.png'
		set title 'SCMI round trip: percentiles by completion mode'
		set ylabel 'latency (microseconds, log scale)'
		set logscale y
		set style data histograms
		set style histogram clustered gap 1
		set style fill solid 0.8 border -1
		set boxwidth 0.9
		set grid ytics
		set key top left
		set xtics noenhanced
		set xrange [-0.6:${#pct[@]}-0.4]
		plot '$out/lat/percentiles.dat' using (\$2/1000):xtic(1) title 'p50', \
		     '' using (\$3/1000) title 'p99', \
		     '' using (\$4/1000) title 'p99.9'
	EOF
fi
echo "results: $out/results.md"
for p in "$out"/*.png; do
	if [ -e "$p" ]; then echo "plot:    $p"; fi
done
