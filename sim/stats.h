/*
 * Summary statistics of a run, computed from its records: the figures the
 * report, the JSON, compare and plan all quote, computed in one place so they
 * always agree.  Bounded slowdown uses tau = 10 s (Feitelson's convention).
 */
#ifndef PCLSIM_STATS_H
#define PCLSIM_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/job_totals.h"
#include "sim/result.h"

#define BSLD_TAU_MS 10000

struct dist_stats {
	size_t n;
	double mean, p50, p95, max;
};

struct queue_stats {
	size_t jobs, started, completed, rejected;
	struct dist_stats wait_s, bsld;
	double busy_cpu_hours;       /* allocated CPU time */
	double up_cpu_hours;         /* CPU time of nodes while registered */
	size_t launches;             /* instance launches (dynamic and static) */
};

struct run_stats {
	int64_t makespan_ms;
	size_t jobs, started;
	size_t by_state[JOB_ST_COUNT];
	struct dist_stats wait_s, bsld;
	double busy_cpu_hours, up_cpu_hours;
	double utilisation;          /* busy / up CPU time, 0 when nothing was up */
	size_t n_queues;
	struct queue_stats *queues;  /* n_queues entries */
	struct job_totals totals;    /* I/O, communication, lost and run time */
};

/* Fills s from r; returns 0 or -1 when out of memory. */
int run_stats_compute(const struct run_result *r, struct run_stats *s);
void run_stats_free(struct run_stats *s);

/* Mean, median, 95th percentile and max of v[0..n) (sorted in place). */
void dist_stats_of(double *v, size_t n, struct dist_stats *out);

/* Bounded slowdown of one job: max(1, (wait + run) / max(run, tau)). */
double bounded_slowdown(int64_t wait_ms, int64_t run_ms);

#endif
