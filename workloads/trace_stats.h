/*
 * Summary statistics of a trace for `pclsim trace info`: size, span,
 * distributions of job size and runtime, total work, and the cores a
 * cluster needs to sustain the trace's offered load at a target
 * utilisation.
 */
#ifndef PCLSIM_TRACE_STATS_H
#define PCLSIM_TRACE_STATS_H

#include <stddef.h>

#include "workloads/job.h"

struct dist_summary {
	double min, p50, p95, max, mean;
};

struct trace_stats {
	size_t jobs;
	double first_submit_s, last_submit_s;
	double span_s;             /* last submit - first submit */
	double end_span_s;         /* latest submit + runtime - first submit */
	double submits_per_hour;   /* jobs / span (0 when span is 0) */
	struct dist_summary cpus;
	struct dist_summary runtime_s;
	double core_hours;         /* sum of cpus x runtime */
	/* core_hours / hours(span) / utilisation, where span is the submit
	 * span, or the end span when every job is submitted at once. */
	double cores_needed;
	double utilisation;
	size_t partitions, users;  /* distinct names used */
};

/* Returns 0, or -1 when out of memory or for an utilisation outside
 * (0, 1]. */
int trace_stats_compute(const struct trace *t, double utilisation,
			struct trace_stats *out);

#endif
