/*
 * Exact shortcuts for sums cost attribution makes per node (fpsum.h).
 *
 * fp_add_repeated: within one binade [2^(E-1023), 2^(E-1022)) the doubles
 * are the integer multiples of one ulp, so acc + x rounds to acc plus x
 * rounded to a whole number of ulps, the same number at every step: k
 * additions that stay in the binade add exactly k times that.  Only a tie
 * (x an odd number of half ulps) depends on acc itself; then, for the rest
 * of the binade, and outside the normal positive range, the additions are
 * done one by one.  The binade is read from acc's bits, so a step costs no
 * libm call and no integer division.
 *
 * range_sums: whole numbers below 2^53 add exactly in any order, so while
 * every value is one, a range is two entries of a difference array.
 */
#include "sim/fpsum.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Below this, the plain loop is as quick as the set-up. */
#define FP_REPEAT_LOOP_MAX 16

#define MANT_BITS 52
#define MANT_MASK ((UINT64_C(1) << MANT_BITS) - 1)
#define BINADE_UNITS (UINT64_C(1) << (MANT_BITS + 1))   /* 2^53 */

static uint64_t bits_of(double v)
{
	uint64_t b;
	memcpy(&b, &v, sizeof b);
	return b;
}

static double double_of(uint64_t b)
{
	double v;
	memcpy(&v, &b, sizeof v);
	return v;
}

static double add_loop(double acc, double x, size_t n)
{
	while (n--)
		acc += x;
	return acc;
}

/* How many times step fits in room (both below 2^53): the double quotient
 * is within one of the true one, so one correction makes it exact. */
static uint64_t times_within(uint64_t room, uint64_t step)
{
	uint64_t k = (uint64_t)((double)room / (double)step);
	if (k * step > room)
		k--;
	else if ((k + 1) * step <= room)
		k++;
	return k;
}

double fp_add_repeated(double acc, double x, size_t n)
{
#if FLT_EVAL_METHOD != 0
	/* Additions carried in a wider format round differently. */
	return add_loop(acc, x, n);
#else
	if (n <= FP_REPEAT_LOOP_MAX || !(x > 0) || !(acc >= 0) || isinf(x))
		return add_loop(acc, x, n);
	while (n > 0) {
		uint64_t b = bits_of(acc);
		unsigned biased = (unsigned)(b >> MANT_BITS);
		/* Near x, a binade holds a step or two: plain additions.
		 * Tiny, subnormal, zero (also -0) and infinite acc too, so
		 * that 1/ulp below is a normal number. */
		if (acc < 16 * x || biased <= MANT_BITS + 1 || biased >= 0x7ff) {
			acc += x;
			n--;
			continue;
		}
		double per_ulp = double_of((uint64_t)(2 * 1023 + MANT_BITS - biased)
					   << MANT_BITS);
		double units = x * per_ulp;          /* exact: a power of two */
		if (units < 0.5)
			return acc;          /* every addition rounds back */
		/* acc >= 16 x: units < 2^49, a whole part that fits. */
		uint64_t whole = (uint64_t)units;
		double frac = units - (double)whole;
		if (frac == 0.5) {
			/* A tie rounds to even, which depends on acc: one
			 * by one to the binade's end. */
			double top = double_of((b & ~MANT_MASK) +
					       (UINT64_C(1) << MANT_BITS));
			while (n > 0 && acc < top) {
				acc += x;
				n--;
			}
			continue;
		}
		uint64_t step = whole + (frac > 0.5);
		uint64_t at = (b & MANT_MASK) | (UINT64_C(1) << MANT_BITS);
		/* Steps whose result stays below 2^53 - 1 ulps: their
		 * exact sums are more than half an ulp below the binade's
		 * end, so they round on its grid. */
		uint64_t k = times_within(BINADE_UNITS - 1 - at, step);
		if (k > n)
			k = n;
		if (k == 0) {
			acc += x;
			n--;
			continue;
		}
		acc = double_of((b & ~MANT_MASK) | ((at + k * step) & MANT_MASK));
		n -= k;
	}
	return acc;
#endif
}

/* ---- range sums ---------------------------------------------------------- */

#define EXACT_LIMIT (UINT64_C(1) << (MANT_BITS + 1))

int range_sums_init(struct range_sums *s, size_t n)
{
	memset(s, 0, sizeof *s);
	s->n = n;
	s->v = calloc(n + 1, sizeof *s->v);
	s->diff = calloc(n + 1, sizeof *s->diff);
	if (!s->v || !s->diff) {
		range_sums_free(s);
		return -1;
	}
	return 0;
}

/* Ends the exact phase: the differences become the sums they stand for,
 * which as doubles are exact (below 2^53). */
static void fold(struct range_sums *s)
{
	if (!s->diff)
		return;
	int64_t run = 0;
	for (size_t i = 0; i < s->n; i++) {
		run += s->diff[i];
		s->v[i] = (double)run;
	}
	free(s->diff);
	s->diff = NULL;
}

void range_sums_add(struct range_sums *s, size_t from, size_t to, double x)
{
	if (from >= to)
		return;
	if (s->diff && x >= 0 && x <= (double)EXACT_LIMIT &&
	    x == (double)(uint64_t)x &&
	    (uint64_t)x <= EXACT_LIMIT - s->exact_total) {
		s->exact_total += (uint64_t)x;
		s->diff[from] += (int64_t)x;
		s->diff[to] -= (int64_t)x;
		return;
	}
	fold(s);
	for (size_t i = from; i < to; i++)
		s->v[i] += x;
}

const double *range_sums_values(struct range_sums *s)
{
	fold(s);
	return s->v;
}

void range_sums_free(struct range_sums *s)
{
	free(s->v);
	free(s->diff);
	memset(s, 0, sizeof *s);
}
