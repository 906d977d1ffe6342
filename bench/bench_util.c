// SPDX-License-Identifier: BSD-3-Clause
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "common/atomics.h"

void bench_pin(int cpu)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(ncpu > 0 ? cpu % ncpu : 0, &set);
	(void)pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void bench_gate_wait(struct bench_gate *g, int parties)
{
	sv_fetch_add(&g->arrived, 1);
	while (sv_load_acquire(&g->arrived) < parties)
		sv_cpu_relax();
}

/* Each side's counter on its own cache line. */
struct pingpong {
	_Alignas(64) uint64_t ping; /* ATOMIC: written by CPU 0 */
	_Alignas(64) uint64_t pong; /* ATOMIC: written by CPU 1 */
	_Alignas(64) uint64_t iters;
	struct bench_gate gate;
};

static void *pong_thread(void *arg)
{
	struct pingpong *pp = arg;
	uint64_t i;

	bench_pin(1);
	bench_gate_wait(&pp->gate, 2);
	for (i = 1; i <= pp->iters; i++) {
		/* Acquire/release pair each round trip with the ping side. */
		while (sv_load_acquire(&pp->ping) != i)
			sv_cpu_relax();
		sv_store_release(&pp->pong, i);
	}
	return NULL;
}

double bench_pingpong(uint64_t iters)
{
	struct pingpong *pp;
	pthread_t t;
	uint64_t i, t0, t1;

	if (posix_memalign((void **)&pp, 64, sizeof(*pp)))
		return 0;
	memset(pp, 0, sizeof(*pp));
	pp->iters = iters;
	bench_pin(0);
	pthread_create(&t, NULL, pong_thread, pp);
	bench_gate_wait(&pp->gate, 2);
	t0 = bench_now_ns();
	for (i = 1; i <= iters; i++) {
		sv_store_release(&pp->ping, i);
		while (sv_load_acquire(&pp->pong) != i)
			sv_cpu_relax();
	}
	t1 = bench_now_ns();
	pthread_join(t, NULL);
	free(pp);
	return (double)iters * 1e9 / (double)(t1 - t0);
}

static void report(const char *name, double ops, const char *baseline,
		   double baseline_ops, double ratio, const char *extra)
{
	printf("BENCH %s ops_per_s=%.0f baseline=%s baseline_ops_per_s=%.0f "
	       "ratio=%.3f%s%s\n",
	       name, ops, baseline, baseline_ops, ratio, extra ? " " : "",
	       extra ? extra : "");
	fflush(stdout);
}

void bench_report(const char *name, double ops, const char *baseline,
		  double baseline_ops, const char *extra)
{
	report(name, ops, baseline, baseline_ops,
	       baseline_ops > 0 ? ops / baseline_ops : 0.0, extra);
}

void bench_report_paired(const char *name, const double *ops,
			 const char *baseline, const double *baseline_ops,
			 int n, const char *extra)
{
	double a[BENCH_MAX_RUNS], b[BENCH_MAX_RUNS], r[BENCH_MAX_RUNS];
	int i;

	for (i = 0; i < n && i < BENCH_MAX_RUNS; i++) {
		a[i] = ops[i];
		b[i] = baseline_ops[i];
		r[i] = b[i] > 0 ? a[i] / b[i] : 0.0;
	}
	report(name, bench_median(a, i), baseline, bench_median(b, i),
	       bench_median(r, i), extra);
}

bool bench_args(int argc, char **argv, bool *quick, int *runs,
		const char **only)
{
	int i;

	if (only)
		*only = NULL;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			*quick = true;
		} else if ((only && !strcmp(argv[i], "--only")) ||
			   !strcmp(argv[i], "--runs")) {
			if (i + 1 == argc) {
				fprintf(stderr, "%s: %s: needs a value\n",
					argv[0], argv[i]);
				return false;
			}
			if (!strcmp(argv[i], "--only")) {
				*only = argv[++i];
				continue;
			}
			*runs = atoi(argv[++i]);
			if (*runs < 1 || *runs > BENCH_MAX_RUNS) {
				fprintf(stderr,
					"%s: --runs: bad value '%s' (1..%d)\n",
					argv[0], argv[i], BENCH_MAX_RUNS);
				return false;
			}
		} else {
			fprintf(stderr, "%s: unknown option '%s'\n", argv[0],
				argv[i]);
			return false;
		}
	}
	return true;
}

bool bench_wanted(const char *only, const char *name)
{
	return !only || strstr(name, only);
}
