/* Summary statistics over a run's records; see stats.h. */
#include "sim/stats.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

double bounded_slowdown(int64_t wait_ms, int64_t run_ms)
{
	double run = (double)(run_ms > BSLD_TAU_MS ? run_ms : BSLD_TAU_MS);
	double s = (double)(wait_ms + run_ms) / run;
	return s < 1.0 ? 1.0 : s;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Maps a double to an unsigned key in the same order (negatives reversed,
 * sign flipped), so a byte-wise radix sort orders the doubles. */
static uint64_t order_key(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return u >> 63 ? ~u : u | (UINT64_C(1) << 63);
}

static double key_double(uint64_t k)
{
	uint64_t u = k >> 63 ? k & ~(UINT64_C(1) << 63) : ~k;
	double d;
	memcpy(&d, &u, sizeof d);
	return d;
}

/* LSD radix sort, 11 bits a pass (six passes over 64-bit keys, counts
 * that fit in the cache), skipping digits all keys share.  The sorted
 * values equal qsort's (equal keys are equal doubles), at a tenth of the
 * comparisons' cost for a run's hundreds of thousands of jobs.  The counts
 * of every digit come from one read of the keys: the passes then only
 * scatter. */
#define RADIX_BITS 11
#define RADIX_PASSES ((64 + RADIX_BITS - 1) / RADIX_BITS)
#define RADIX_SIZE (1u << RADIX_BITS)

static int radix_sort(double *v, size_t n)
{
	const uint64_t mask = RADIX_SIZE - 1;
	uint64_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
	size_t (*count)[RADIX_SIZE] = calloc(RADIX_PASSES, sizeof *count);
	if (!a || !b || !count) {
		free(a);
		free(b);
		free(count);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t k = order_key(v[i]);
		a[i] = k;
		for (int d = 0; d < RADIX_PASSES; d++)
			count[d][(k >> (RADIX_BITS * d)) & mask]++;
	}
	for (int d = 0; d < RADIX_PASSES; d++) {
		int shift = RADIX_BITS * d;
		size_t *c = count[d];
		if (c[(a[0] >> shift) & mask] == n)
			continue;
		size_t pos = 0;
		for (size_t x = 0; x < RADIX_SIZE; x++) {
			size_t k = c[x];
			c[x] = pos;
			pos += k;
		}
		for (size_t i = 0; i < n; i++)
			b[c[(a[i] >> shift) & mask]++] = a[i];
		uint64_t *t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = key_double(a[i]);
	free(a);
	free(b);
	free(count);
	return 0;
}

void dist_stats_of(double *v, size_t n, struct dist_stats *out)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	if (n == 0)
		return;
	/* The mean below is summed in sorted order, so it depends only on the
	 * values, never on the sort; qsort is the fallback when memory is
	 * short. */
	if (n < 64 || radix_sort(v, n) != 0)
		qsort(v, n, sizeof *v, cmp_double);
	out->mean = gsl_stats_mean(v, 1, n);
	out->p50 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.50);
	out->p95 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.95);
	out->max = v[n - 1];
}

static int started(const struct job_record *j)
{
	return j->start_ms >= 0 && j->end_ms >= 0;
}

/* Appends started job j's wait and bounded slowdown at wait[n], bsld[n]. */
static void add_dists(const struct job_record *j, double *wait, double *bsld,
		      size_t *n)
{
	wait[*n] = (double)j->wait_ms / 1000.0;
	bsld[*n] = bounded_slowdown(j->wait_ms, j->end_ms - j->start_ms);
	(*n)++;
}

/* Fills the wait and slowdown distributions of the jobs of queue q. */
static void queue_dists(const struct run_result *r, int32_t q, double *wait,
			double *bsld, struct dist_stats *w, struct dist_stats *b)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_jobs; i++)
		if (started(&r->jobs[i]) && r->jobs[i].queue == q)
			add_dists(&r->jobs[i], wait, bsld, &n);
	dist_stats_of(wait, n, w);
	dist_stats_of(bsld, n, b);
}

int run_stats_compute(const struct run_result *r, struct run_stats *s)
{
	memset(s, 0, sizeof *s);
	s->makespan_ms = r->makespan_ms;
	s->jobs = r->n_jobs;
	s->n_queues = r->n_queues;
	s->queues = calloc(r->n_queues ? r->n_queues : 1, sizeof *s->queues);
	double *wait = malloc((r->n_jobs ? r->n_jobs : 1) * sizeof *wait);
	double *bsld = malloc((r->n_jobs ? r->n_jobs : 1) * sizeof *bsld);
	if (!s->queues || !wait || !bsld) {
		free(wait);
		free(bsld);
		run_stats_free(s);
		return -1;
	}
	/* Counts, sums, and the whole run's distributions, in one read (the
	 * summary takes them from here rather than reading the records
	 * again). */
	size_t n = 0;
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct job_record *j = &r->jobs[i];
		if (j->state < JOB_ST_COUNT)
			s->by_state[j->state]++;
		job_totals_add(&s->totals, j);
		if (started(j)) {
			s->started++;
			add_dists(j, wait, bsld, &n);
		}
		if (j->queue >= 0 && (size_t)j->queue < r->n_queues) {
			struct queue_stats *qs = &s->queues[j->queue];
			qs->jobs++;
			qs->started += started(j);
			qs->completed += j->state == JOB_ST_COMPLETED;
			qs->rejected += j->state == JOB_ST_REJECTED;
		}
	}
	dist_stats_of(wait, n, &s->wait_s);
	dist_stats_of(bsld, n, &s->bsld);
	for (size_t q = 0; q < r->n_queues; q++) {
		struct queue_stats *qs = &s->queues[q];
		/* A queue that ran every started job has the run's figures;
		 * copying them saves sorting the same values again. */
		if (qs->started == s->started) {
			qs->wait_s = s->wait_s;
			qs->bsld = s->bsld;
			continue;
		}
		queue_dists(r, (int32_t)q, wait, bsld, &qs->wait_s, &qs->bsld);
	}
	free(wait);
	free(bsld);

	for (size_t i = 0; i < r->n_node_lives; i++) {
		const struct node_record *l = &r->node_lives[i];
		const struct node_info *ni = &r->nodes_info[l->node];
		double busy = (double)l->busy_cpu_ms / 3.6e6;
		double up = 0;
		if (l->ready_ms >= 0 && l->end_ms > l->ready_ms)
			up = (double)ni->cpus * (double)(l->end_ms - l->ready_ms) / 3.6e6;
		s->busy_cpu_hours += busy;
		s->up_cpu_hours += up;
		if (ni->queue >= 0 && (size_t)ni->queue < r->n_queues) {
			struct queue_stats *qs = &s->queues[ni->queue];
			qs->busy_cpu_hours += busy;
			qs->up_cpu_hours += up;
			qs->launches++;
		}
	}
	s->utilisation = s->up_cpu_hours > 0 ? s->busy_cpu_hours / s->up_cpu_hours : 0;
	return 0;
}

void run_stats_free(struct run_stats *s)
{
	free(s->queues);
	memset(s, 0, sizeof *s);
}
