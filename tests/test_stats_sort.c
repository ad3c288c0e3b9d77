/*
 * dist_stats_of sorts with a radix sort for large inputs: the sorted values
 * and the figures must equal those of a plain qsort, for negatives, zeros,
 * duplicates, fractions and magnitudes that differ only in high bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/stats.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* A deterministic mix: xorshift values scaled over many magnitudes. */
static void fill(double *v, size_t n)
{
	uint64_t s = 88172645463325252ull;
	for (size_t i = 0; i < n; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		switch (s % 5) {
		case 0: v[i] = 0.0; break;
		case 1: v[i] = -(double)(s % 1000) / 8.0; break;
		case 2: v[i] = (double)(s % 100000) / 1000.0; break;
		case 3: v[i] = (double)(s >> 20); break;
		default: v[i] = 1.0; break;
		}
	}
}

static void sorted_like_qsort(void **state)
{
	(void)state;
	size_t n = 5000;
	double *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w);
	assert_non_null(v);
	assert_non_null(w);
	fill(v, n);
	memcpy(w, v, n * sizeof *v);
	struct dist_stats d;
	dist_stats_of(v, n, &d);
	qsort(w, n, sizeof *w, cmp);
	for (size_t i = 0; i < n; i++)
		assert_true(v[i] == w[i]);
	assert_true(d.max == w[n - 1]);
	assert_int_equal(d.n, n);
	assert_true(v[0] < 0);
	free(v);
	free(w);
}

static void small_and_equal_inputs(void **state)
{
	(void)state;
	double v[100];
	for (int i = 0; i < 100; i++)
		v[i] = 7.5;
	struct dist_stats d;
	dist_stats_of(v, 100, &d);
	assert_true(d.mean == 7.5 && d.p50 == 7.5 && d.p95 == 7.5 && d.max == 7.5);
	double u[3] = { 3, -1, 2 };
	dist_stats_of(u, 3, &d);
	assert_true(u[0] == -1 && u[1] == 2 && u[2] == 3);
	assert_true(d.p50 == 2 && d.max == 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sorted_like_qsort),
		cmocka_unit_test(small_and_equal_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
