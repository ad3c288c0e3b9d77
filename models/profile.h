/*
 * An availability profile: how many units (CPUs or nodes) of a partition are
 * free at each future time, as a step function over sorted breakpoints.
 * Conservative backfilling keeps one per partition: running jobs and
 * reservations subtract their units over their intervals, and a new
 * reservation is the earliest gap long and wide enough.  Adding or removing
 * an interval and finding a gap are O(breakpoints); no rescan of the jobs.
 */
#ifndef PCLSIM_PROFILE_H
#define PCLSIM_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#define PROFILE_NEVER INT64_MAX

struct profile_pt {
	int64_t t_ms;      /* from this time ... */
	int64_t avail;     /* ... until the next point, this many units */
};

struct profile {
	struct profile_pt *pts;
	size_t n, cap;
	int negative;      /* some interval went below zero (over-commit) */
};

/* total units free from the beginning of time.  Returns 0 or -1 (memory). */
int profile_init(struct profile *pf, int64_t total);
void profile_free(struct profile *pf);

/* Adds delta units over [t0, t1) (t1 may be PROFILE_NEVER).  Returns 0 or
 * -1 when out of memory. */
int profile_add(struct profile *pf, int64_t t0, int64_t t1, int64_t delta);

/* The earliest t >= from with at least need units over [t, t + dur), or
 * PROFILE_NEVER. */
int64_t profile_find(const struct profile *pf, int64_t from, int64_t dur,
		     int64_t need);

/* Units free at time t. */
int64_t profile_at(const struct profile *pf, int64_t t);

/* Forgets what lies before now and merges equal neighbours. */
void profile_trim(struct profile *pf, int64_t now);

#endif
