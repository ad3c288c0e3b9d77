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
	/* Running maxima of avail (pmax[i] = max of pts[0..i].avail), valid
	 * for the first pmax_n points; a change at point i cuts pmax_n to i,
	 * and a query extends it only as far as it looks. */
	int64_t *pmax;
	size_t pmax_n, pmax_cap;
	/* Per block of PROFILE_BLOCK points, the largest and smallest avail,
	 * valid for the first blk_n blocks (cut the same way): searches skip
	 * whole blocks that cannot hold what they look for. */
	int64_t *bmax, *bmin;
	size_t blk_n, blk_cap;
};

#define PROFILE_BLOCK 64

/* total units free from the beginning of time.  Returns 0 or -1 (memory). */
int profile_init(struct profile *pf, int64_t total);
void profile_free(struct profile *pf);

/* Adds delta units over [t0, t1) (t1 may be PROFILE_NEVER).  Returns 0 or
 * -1 when out of memory. */
int profile_add(struct profile *pf, int64_t t0, int64_t t1, int64_t delta);

/* The earliest t >= from with at least need units over [t, t + dur), or
 * PROFILE_NEVER.  Not const: it extends the block summaries it uses. */
int64_t profile_find(struct profile *pf, int64_t from, int64_t dur,
		     int64_t need);

/* As profile_find, as if extra more units were free over [t0, t1): the
 * earliest start of a job whose own reservation there is given up, without
 * changing the profile. */
int64_t profile_find_with(const struct profile *pf, int64_t from, int64_t dur,
			  int64_t need, int64_t t0, int64_t t1, int64_t extra);

/* Whether a job of need units for dur can start at some t in [from, r)
 * once it gives up its own reservation [r, r + dur): avail >= need over
 * [t, min(t + dur, r)), its own units covering the rest.  Equal to
 * profile_find_with(pf, from, dur, need, r, r + dur, need) < r, in time
 * proportional to the runs of free units it passes rather than to the
 * points.  Returns 1 or 0 (-1 when out of memory). */
int profile_fits_before(struct profile *pf, int64_t from, int64_t dur,
			int64_t need, int64_t r);

/* The most units free at any time before t, from the profile's first point
 * (after profile_trim(now): over [now, t)).  -1 when nothing lies before t,
 * or when out of memory (the caller then cannot prune). */
int64_t profile_max_before(struct profile *pf, int64_t t);

/* Units free at time t. */
int64_t profile_at(const struct profile *pf, int64_t t);

/* Forgets what lies before now and merges equal neighbours. */
void profile_trim(struct profile *pf, int64_t now);

#endif
