/*
 * Replications on a pthread pool and Student-t confidence intervals; see
 * replicate.h.
 */
#include "sim/replicate.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

void ci95_of(const double *v, size_t n, struct ci95 *out)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	if (n == 0)
		return;
	out->mean = gsl_stats_mean(v, 1, n);
	if (n >= 2) {
		out->sd = gsl_stats_sd_m(v, 1, n, out->mean);
		double t = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1));
		out->half_width = t * out->sd / sqrt((double)n);
	}
	out->lo = out->mean - out->half_width;
	out->hi = out->mean + out->half_width;
}

int rep_summarise(const struct rep_metrics *m, size_t n,
		  struct rep_summary *out)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	double *v = calloc(n ? n : 1, sizeof *v);
	if (!v)
		return -1;
	/* One column of the metrics at a time. */
#define COLUMN(field) do { \
		for (size_t i = 0; i < n; i++) \
			v[i] = m[i].field; \
		ci95_of(v, n, &out->field); \
	} while (0)
	COLUMN(makespan_s);
	COLUMN(cost_usd);
	COLUMN(wait_mean_s);
	COLUMN(bsld_mean);
	COLUMN(spot_interruptions);
	COLUMN(requeues);
#undef COLUMN
	free(v);
	return 0;
}

unsigned replicate_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1u;
}

struct pool {
	pthread_mutex_t lock;
	uint32_t next, n;
	replicate_fn fn;
	void *ctx;
	unsigned char *slots;
	size_t slot_size;
	int *status;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		uint32_t r = p->next < p->n ? p->next++ : p->n;
		pthread_mutex_unlock(&p->lock);
		if (r == p->n)
			return NULL;
		p->status[r] = p->fn(p->ctx, r, p->slots + (size_t)r * p->slot_size);
	}
}

int replicate_run(uint32_t n, unsigned threads, replicate_fn fn, void *ctx,
		  void *slots, size_t slot_size)
{
	if (n == 0)
		return 0;
	if (threads == 0)
		threads = replicate_default_threads();
	if (threads > n)
		threads = n;
	memset(slots, 0, (size_t)n * slot_size);
	struct pool p = { .next = 0, .n = n, .fn = fn, .ctx = ctx,
			  .slots = slots, .slot_size = slot_size };
	p.status = calloc(n, sizeof *p.status);
	pthread_t *tid = calloc(threads, sizeof *tid);
	if (!p.status || !tid || pthread_mutex_init(&p.lock, NULL) != 0) {
		free(p.status);
		free(tid);
		return -1;
	}
	/* The calling thread works too; the others help. */
	unsigned started = 0;
	while (started + 1 < threads &&
	       pthread_create(&tid[started], NULL, worker, &p) == 0)
		started++;
	worker(&p);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&p.lock);
	int rc = 0;
	for (uint32_t r = 0; r < n && !rc; r++)
		rc = p.status[r];
	free(p.status);
	free(tid);
	return rc;
}
