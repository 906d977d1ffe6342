/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared pieces of the bench/ programs: CPU pinning, a monotonic clock,
 * medians over repeated runs, the spin ping-pong yardstick, and the one
 * output format scripts read:
 *   BENCH <name> ops_per_s=<median> baseline=<name>
 *         baseline_ops_per_s=<median> ratio=<ours/baseline> [extra]
 */
#ifndef SCMI_VIO_BENCH_UTIL_H
#define SCMI_VIO_BENCH_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#define BENCH_MAX_RUNS 64

/* Pin the calling thread to @cpu (modulo the CPUs present). */
void bench_pin(int cpu);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now_ns(void);

/* Median of @n values (sorts @v in place). */
double bench_median(double *v, int n);

/* Sleep-free start line for two threads: both return together. */
struct bench_gate {
	int arrived; /* ATOMIC */
};
void bench_gate_wait(struct bench_gate *g, int parties);

/*
 * The yardstick: round trips of a spin ping-pong between a thread on CPU 0
 * and one on CPU 1, each writing its own cache line.  Returns round trips
 * per second for @iters round trips.
 */
double bench_pingpong(uint64_t iters);

/* Print one BENCH line; @extra (may be NULL) is appended verbatim. */
void bench_report(const char *name, double ops, const char *baseline,
		  double baseline_ops, const char *extra);

/*
 * Print one BENCH line for @n runs each paired with a baseline run taken
 * right before it: medians of both, and the median of the per-pair ratios,
 * which is what survives the host moving our two vCPUs between runs.
 */
void bench_report_paired(const char *name, const double *ops,
			 const char *baseline, const double *baseline_ops,
			 int n, const char *extra);

/*
 * Parse --quick / --runs N, and --only SUBSTRING when @only is not NULL
 * (*@only stays NULL without it); returns false on a bad argument.
 */
bool bench_args(int argc, char **argv, bool *quick, int *runs,
		const char **only);

/* Whether the line @name is wanted under --only @only (NULL: all). */
bool bench_wanted(const char *only, const char *name);

#endif /* SCMI_VIO_BENCH_UTIL_H */
