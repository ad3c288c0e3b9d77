/*
 * Independent replications of a run and their confidence intervals.
 * Replication r seeds every random stream with (seed, stream name, r), so
 * replication r of two configurations shares its random numbers (common
 * random numbers) and a comparison of their means is fair.  The replications
 * run on a small pthread pool; each writes only its own result slot, and the
 * summary reads the slots in index order, so the result does not depend on
 * the number of threads.
 */
#ifndef PCLSIM_REPLICATE_H
#define PCLSIM_REPLICATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json;
struct run_result;
struct run_stats;

/* Mean and two-sided 95 % confidence interval with Student's t. */
struct ci95 {
	size_t n;
	double mean;
	double sd;            /* sample standard deviation (n - 1) */
	double half_width;    /* t(0.975, n - 1) sd / sqrt(n); 0 when n < 2 */
	double lo, hi;        /* mean -/+ half_width */
};

void ci95_of(const double *v, size_t n, struct ci95 *out);

/* The figures one replication contributes to the summary. */
struct rep_metrics {
	double makespan_s;
	double cost_usd;
	double wait_mean_s;
	double bsld_mean;
	double spot_interruptions;
	double requeues;
};

struct rep_summary {
	size_t n;
	struct ci95 makespan_s, cost_usd, wait_mean_s, bsld_mean,
		    spot_interruptions, requeues;
};

/* The metrics of one run from its records, statistics and total cost. */
void rep_metrics_of(const struct run_result *r, const struct run_stats *s,
		    double cost_usd, struct rep_metrics *out);

/* Summarises n replications (m[r] is replication r).  Returns 0, or -1 when
 * out of memory. */
int rep_summarise(const struct rep_metrics *m, size_t n,
		  struct rep_summary *out);

/* The summary as a JSON object value: {"n": N, "makespan_s": {"mean",
 * "sd", "ci95_half_width", "ci95_lo", "ci95_hi"}, ...}, the metrics in the
 * order of struct rep_summary. */
void rep_summary_json(struct json *w, const struct rep_summary *s);

/* The summary for people: one line per metric, mean +/- half width and the
 * interval. */
void rep_summary_print(FILE *out, const struct rep_summary *s);

/* One replication: fills slot (slot_size bytes, zeroed) and returns 0, or
 * non-zero on failure.  Must touch no state shared with other replications
 * except read-only inputs. */
typedef int (*replicate_fn)(void *ctx, uint32_t replication, void *slot);

/* Runs replications 0..n-1 on up to `threads` threads (0: one per online
 * CPU), replication r writing slots + r * slot_size.  Returns 0 when every
 * replication returned 0; otherwise the status of the lowest-numbered one
 * that failed (all are still run), or -1 when threads cannot be made. */
int replicate_run(uint32_t n, unsigned threads, replicate_fn fn, void *ctx,
		  void *slots, size_t slot_size);

/* Online CPUs (at least 1): the default for --threads. */
unsigned replicate_default_threads(void);

#endif
