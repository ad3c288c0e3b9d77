/*
 * Floating-point sums that cost attribution adds once per node a job held,
 * done in a few steps instead, with the plain loops' results bit for bit
 * so the outputs do not move: a wide job holds thousands of nodes, and as
 * loops these were one dependent addition after another.
 */
#ifndef PCLSIM_FPSUM_H
#define PCLSIM_FPSUM_H

#include <stddef.h>
#include <stdint.h>

/* What `for (i = 0; i < n; i++) acc += x;` leaves in acc, each addition
 * rounded to double (round to nearest, even on ties: the default mode).
 * Exact for every input, including zeros, negatives, infinities and NaN;
 * fast when acc >= 0 and x > 0, where it costs a few steps per power of
 * two that acc crosses instead of n additions. */
double fp_add_repeated(double acc, double x, size_t n);

/* n sums, each left as `v[i] += x` for every x added to it, in order,
 * would leave it, starting from 0.  Adding to a range of them costs O(1)
 * while every x is a whole number >= 0 and all of them together stay
 * within 2^53 (each sum is then exact, so its order cannot matter); from
 * the first other x on, ranges are added element by element. */
struct range_sums {
	double *v;          /* the sums, once range_sums_values folded them */
	int64_t *diff;      /* while exact: v[i] is diff[0] + ... + diff[i] */
	uint64_t exact_total;  /* every x added while exact, summed */
	size_t n;
};

/* 0, or -1 when out of memory. */
int range_sums_init(struct range_sums *s, size_t n);
/* Adds x to sums [from, to). */
void range_sums_add(struct range_sums *s, size_t from, size_t to, double x);
/* The n sums, valid until the next range_sums_add. */
const double *range_sums_values(struct range_sums *s);
void range_sums_free(struct range_sums *s);

#endif
