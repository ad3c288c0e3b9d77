/* Trace summary statistics; quantiles with GSL on sorted copies. */
#include "workloads/trace_stats.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

static void summarise(double *v, size_t n, struct dist_summary *out)
{
	gsl_sort(v, 1, n);
	out->min = v[0];
	out->max = v[n - 1];
	out->p50 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.50);
	out->p95 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.95);
	out->mean = gsl_stats_mean(v, 1, n);
}

static size_t count_distinct(const struct trace *t, size_t offset)
{
	size_t n_str = t->strings.n, count = 0;
	if (!n_str)
		return 0;
	unsigned char *seen = calloc(n_str, 1);
	if (!seen)
		return 0;
	for (size_t i = 0; i < t->n; i++) {
		int32_t id;
		memcpy(&id, (const char *)&t->jobs[i] + offset, sizeof id);
		if (id >= 0 && (size_t)id < n_str && !seen[id]) {
			seen[id] = 1;
			count++;
		}
	}
	free(seen);
	return count;
}

int trace_stats_compute(const struct trace *t, double utilisation,
			struct trace_stats *out)
{
	memset(out, 0, sizeof *out);
	if (!(utilisation > 0 && utilisation <= 1))
		return -1;
	out->utilisation = utilisation;
	out->jobs = t->n;
	if (!t->n)
		return 0;
	double *cpus = malloc(t->n * sizeof *cpus);
	double *run = malloc(t->n * sizeof *run);
	if (!cpus || !run) {
		free(cpus);
		free(run);
		return -1;
	}
	int64_t first = t->jobs[0].submit_ms, last = first, end = first;
	double core_s = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct job *j = &t->jobs[i];
		if (j->submit_ms < first)
			first = j->submit_ms;
		if (j->submit_ms > last)
			last = j->submit_ms;
		if (j->submit_ms + j->runtime_ms > end)
			end = j->submit_ms + j->runtime_ms;
		cpus[i] = j->cpus;
		run[i] = (double)j->runtime_ms / 1000.0;
		core_s += cpus[i] * run[i];
	}
	out->first_submit_s = (double)first / 1000.0;
	out->last_submit_s = (double)last / 1000.0;
	out->span_s = (double)(last - first) / 1000.0;
	out->end_span_s = (double)(end - first) / 1000.0;
	if (out->span_s > 0)
		out->submits_per_hour = (double)t->n / (out->span_s / 3600.0);
	out->core_hours = core_s / 3600.0;
	double span = out->span_s > 0 ? out->span_s : out->end_span_s;
	if (span > 0)
		out->cores_needed = out->core_hours / (span / 3600.0) / utilisation;
	summarise(cpus, t->n, &out->cpus);
	summarise(run, t->n, &out->runtime_s);
	free(cpus);
	free(run);
	out->partitions = count_distinct(t, offsetof(struct job, partition));
	out->users = count_distinct(t, offsetof(struct job, user));
	return 0;
}
