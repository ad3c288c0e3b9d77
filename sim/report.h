/*
 * The human summary of a run on stdout: makespan, jobs by final state, wait
 * time and bounded slowdown (mean, p50, p95, max), utilisation, nodes
 * launched, and a per-queue table.  Durations read as people say them
 * (42s, 12m 05s, 3h 12m, 1d 02:03:04) with the seconds beside them.
 */
#ifndef PCLSIM_REPORT_H
#define PCLSIM_REPORT_H

#include <stddef.h>
#include <stdio.h>

struct run_world;
struct run_stats;

/* A duration in seconds as people say it, into buf. */
void report_duration(double seconds, char *buf, size_t size);

void report_summary(FILE *out, const struct run_world *w,
		    const struct run_stats *st);

#endif
