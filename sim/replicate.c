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

#include "sim/json.h"
#include "sim/result.h"
#include "sim/stats.h"

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

void rep_metrics_of(const struct run_result *r, const struct run_stats *s,
		    double cost_usd, struct rep_metrics *out)
{
	out->makespan_s = (double)s->makespan_ms / 1000.0;
	out->cost_usd = cost_usd;
	out->wait_mean_s = s->wait_s.mean;
	out->bsld_mean = s->bsld.mean;
	out->spot_interruptions = (double)r->n_spot_interruptions;
	out->requeues = (double)r->n_requeues;
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

/* The metrics by name, in the order of struct rep_summary, for the writers. */
struct metric_row {
	const char *key, *label, *unit;
	size_t offset;
};

static const struct metric_row metric_rows[] = {
	{ "makespan_s", "makespan", "s", offsetof(struct rep_summary, makespan_s) },
	{ "cost_usd", "cost", "USD", offsetof(struct rep_summary, cost_usd) },
	{ "wait_mean_s", "mean wait", "s", offsetof(struct rep_summary, wait_mean_s) },
	{ "bsld_mean", "mean bounded slowdown", "", offsetof(struct rep_summary, bsld_mean) },
	{ "spot_interruptions", "Spot interruptions", "", offsetof(struct rep_summary, spot_interruptions) },
	{ "requeues", "requeues", "", offsetof(struct rep_summary, requeues) },
};

static const struct ci95 *metric_of(const struct rep_summary *s,
				    const struct metric_row *m)
{
	return (const struct ci95 *)((const char *)s + m->offset);
}

void rep_summary_json(struct json *w, const struct rep_summary *s)
{
	json_object_begin(w);
	json_kv_int(w, "n", (int64_t)s->n);
	json_kv_num(w, "confidence", 0.95);
	for (size_t i = 0; i < sizeof metric_rows / sizeof metric_rows[0]; i++) {
		const struct ci95 *c = metric_of(s, &metric_rows[i]);
		json_key(w, metric_rows[i].key);
		json_object_begin(w);
		json_kv_num(w, "mean", c->mean);
		json_kv_num(w, "sd", c->sd);
		json_kv_num(w, "ci95_half_width", c->half_width);
		json_kv_num(w, "ci95_lo", c->lo);
		json_kv_num(w, "ci95_hi", c->hi);
		json_object_end(w);
	}
	json_object_end(w);
}

void rep_summary_print(FILE *out, const struct rep_summary *s)
{
	fprintf(out, "replications: %zu (mean +/- 95%% confidence, Student t)\n",
		s->n);
	for (size_t i = 0; i < sizeof metric_rows / sizeof metric_rows[0]; i++) {
		const struct metric_row *m = &metric_rows[i];
		const struct ci95 *c = metric_of(s, m);
		fprintf(out, "  %-22s %.6g +/- %.3g %s  [%.6g, %.6g]\n", m->label,
			c->mean, c->half_width, m->unit, c->lo, c->hi);
	}
}
