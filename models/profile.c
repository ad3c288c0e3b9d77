/* The availability profile; see profile.h. */
#include "models/profile.h"

#include <stdlib.h>
#include <string.h>

int profile_init(struct profile *pf, int64_t total)
{
	memset(pf, 0, sizeof *pf);
	pf->cap = 64;
	pf->pts = malloc(pf->cap * sizeof *pf->pts);
	if (!pf->pts)
		return -1;
	pf->pts[0] = (struct profile_pt){ INT64_MIN, total };
	pf->n = 1;
	return 0;
}

void profile_free(struct profile *pf)
{
	free(pf->pts);
	free(pf->pmax);
	free(pf->bmax);
	free(pf->bmin);
	memset(pf, 0, sizeof *pf);
}

/* Points from i on changed: the caches keep only what lies before. */
static void touched(struct profile *pf, size_t i)
{
	if (pf->pmax_n > i)
		pf->pmax_n = i;
	if (pf->blk_n > i / PROFILE_BLOCK)
		pf->blk_n = i / PROFILE_BLOCK;
}

/* Index of the point whose interval holds t (the first one for earlier t). */
static size_t locate(const struct profile *pf, int64_t t)
{
	size_t lo = 0, hi = pf->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (pf->pts[mid].t_ms <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Makes sure a breakpoint starts at t; returns its index, or -1. */
static long split(struct profile *pf, int64_t t)
{
	size_t i = locate(pf, t);
	if (pf->pts[i].t_ms == t)
		return (long)i;
	if (pf->pts[i].t_ms > t)      /* before the first point: clamp */
		return (long)i;
	touched(pf, i + 1);
	if (pf->n == pf->cap) {
		struct profile_pt *np = realloc(pf->pts, 2 * pf->cap * sizeof *np);
		if (!np)
			return -1;
		pf->pts = np;
		pf->cap *= 2;
	}
	memmove(pf->pts + i + 2, pf->pts + i + 1, (pf->n - i - 1) * sizeof *pf->pts);
	pf->pts[i + 1] = (struct profile_pt){ t, pf->pts[i].avail };
	pf->n++;
	return (long)i + 1;
}

int profile_add(struct profile *pf, int64_t t0, int64_t t1, int64_t delta)
{
	if (t1 <= t0 || delta == 0)
		return 0;
	long a = split(pf, t0);
	if (a < 0)
		return -1;
	size_t end = pf->n;
	if (t1 != PROFILE_NEVER) {
		long b = split(pf, t1);
		if (b < 0)
			return -1;
		end = (size_t)b;
	}
	touched(pf, (size_t)a);
	for (size_t i = (size_t)a; i < end; i++) {
		pf->pts[i].avail += delta;
		if (pf->pts[i].avail < 0)
			pf->negative = 1;
	}
	return 0;
}


/* Walks the step function in segments that also break at t0 and t1, so
 * [t0, t1) need not be breakpoints (profile_trim may have merged them). */
int64_t profile_find_with(const struct profile *pf, int64_t from, int64_t dur,
			  int64_t need, int64_t t0, int64_t t1, int64_t extra)
{
	int64_t cand = from, seg = from;
	size_t i = locate(pf, from);
	for (;;) {
		int64_t next = i + 1 < pf->n ? pf->pts[i + 1].t_ms : PROFILE_NEVER;
		int64_t end = next;
		if (extra && seg < t0 && t0 < end)
			end = t0;
		else if (extra && seg < t1 && t1 < end)
			end = t1;
		int64_t avail = pf->pts[i].avail +
				(seg >= t0 && seg < t1 ? extra : 0);
		if (avail < need) {
			cand = end;
			if (cand == PROFILE_NEVER)
				return PROFILE_NEVER;
		} else if (end == PROFILE_NEVER || end - cand >= dur) {
			return cand;
		}
		seg = end;
		if (end == next)
			i++;
	}
}

/* Makes the summaries of blocks [0, b] valid; -1 when out of memory. */
static int blocks_upto(struct profile *pf, size_t b)
{
	size_t nb = (pf->n + PROFILE_BLOCK - 1) / PROFILE_BLOCK;
	if (pf->blk_cap < nb) {
		int64_t *mx = realloc(pf->bmax, nb * 2 * sizeof *mx);
		if (!mx)
			return -1;
		pf->bmax = mx;
		int64_t *mn = realloc(pf->bmin, nb * 2 * sizeof *mn);
		if (!mn)
			return -1;
		pf->bmin = mn;
		pf->blk_cap = nb * 2;
	}
	for (; pf->blk_n <= b && pf->blk_n < nb; pf->blk_n++) {
		size_t lo = pf->blk_n * PROFILE_BLOCK, hi = lo + PROFILE_BLOCK;
		if (hi > pf->n)
			hi = pf->n;
		int64_t mx = pf->pts[lo].avail, mn = mx;
		for (size_t i = lo + 1; i < hi; i++) {
			int64_t a = pf->pts[i].avail;
			mx = a > mx ? a : mx;
			mn = a < mn ? a : mn;
		}
		pf->bmax[pf->blk_n] = mx;
		pf->bmin[pf->blk_n] = mn;
	}
	return 0;
}

/* The first index >= i whose avail is >= need (want_free) or < need
 * (!want_free); pf->n when none; (size_t)-1 when out of memory. */
static size_t next_where(struct profile *pf, size_t i, int64_t need,
			 int want_free)
{
	while (i < pf->n) {
		if (i % PROFILE_BLOCK == 0) {
			size_t b = i / PROFILE_BLOCK;
			if (blocks_upto(pf, b))
				return (size_t)-1;
			if (want_free ? pf->bmax[b] < need : pf->bmin[b] >= need) {
				i += PROFILE_BLOCK;
				continue;
			}
		}
		if ((pf->pts[i].avail >= need) == want_free)
			return i;
		i++;
	}
	return pf->n;
}

int profile_fits_before(struct profile *pf, int64_t from, int64_t dur,
			int64_t need, int64_t r)
{
	size_t i = locate(pf, from);
	int64_t cand = from;
	while (cand < r) {
		if (pf->pts[i].avail < need) {
			i = next_where(pf, i + 1, need, 1);
			if (i == (size_t)-1)
				return -1;
			if (i >= pf->n)
				return 0;
			cand = pf->pts[i].t_ms;
			continue;
		}
		/* A run of enough units from cand: long enough, or reaching
		 * the job's own slot. */
		size_t k = next_where(pf, i + 1, need, 0);
		if (k == (size_t)-1)
			return -1;
		int64_t end = k < pf->n ? pf->pts[k].t_ms : PROFILE_NEVER;
		if (end >= r || end - cand >= dur)
			return cand < r;
		i = k;
		cand = end;
	}
	return 0;
}

/* Run by run: from a point without enough units, jump to the next one
 * with enough; from there, to the next without; a run long enough from
 * its start (or from) is the answer.  The same answer as walking every
 * point (profile_find_with with no extra), which is the fallback when the
 * block summaries cannot be allocated. */
int64_t profile_find(struct profile *pf, int64_t from, int64_t dur,
		     int64_t need)
{
	size_t i = locate(pf, from);
	int64_t cand = from;
	for (;;) {
		if (pf->pts[i].avail < need) {
			i = next_where(pf, i + 1, need, 1);
			if (i == (size_t)-1)
				break;
			if (i >= pf->n)
				return PROFILE_NEVER;
			cand = pf->pts[i].t_ms;
			continue;
		}
		size_t k = next_where(pf, i + 1, need, 0);
		if (k == (size_t)-1)
			break;
		int64_t end = k < pf->n ? pf->pts[k].t_ms : PROFILE_NEVER;
		if (end == PROFILE_NEVER || end - cand >= dur)
			return cand;
		i = k;
		cand = end;
	}
	return profile_find_with(pf, from, dur, need, 0, 0, 0);
}

int64_t profile_max_before(struct profile *pf, int64_t t)
{
	size_t k = locate(pf, t);      /* points [0, k) start before t */
	if (pf->pts[k].t_ms < t)
		k++;
	if (k == 0)
		return -1;
	if (pf->pmax_cap < pf->n) {
		size_t cap = pf->cap > pf->n ? pf->cap : pf->n;
		int64_t *np = realloc(pf->pmax, cap * sizeof *np);
		if (!np)
			return -1;
		pf->pmax = np;
		pf->pmax_cap = cap;
	}
	for (size_t i = pf->pmax_n; i < k; i++)
		pf->pmax[i] = i && pf->pmax[i - 1] > pf->pts[i].avail ?
			      pf->pmax[i - 1] : pf->pts[i].avail;
	if (pf->pmax_n < k)
		pf->pmax_n = k;
	return pf->pmax[k - 1];
}

int64_t profile_at(const struct profile *pf, int64_t t)
{
	return pf->pts[locate(pf, t)].avail;
}

void profile_trim(struct profile *pf, int64_t now)
{
	size_t first = locate(pf, now), w = 0;
	touched(pf, 0);
	for (size_t i = first; i < pf->n; i++) {
		if (w > 0 && pf->pts[w - 1].avail == pf->pts[i].avail)
			continue;
		pf->pts[w++] = pf->pts[i];
	}
	pf->n = w;
}
