/*
 * fp_add_repeated and range_sums must leave, bit for bit, what the plain
 * loops of additions leave: cost attribution relies on it for
 * byte-identical outputs.  The cases cover sums that cross many powers of
 * two, x larger than acc, x below half an ulp, exact ties, subnormals and
 * the values the fast path hands to the loop (zeros, negatives,
 * infinities, NaN); for range sums, whole values, a first fraction, and
 * totals that reach 2^53.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/fpsum.h"

static double plain_loop(double acc, double x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		acc += x;
	return acc;
}

static void assert_same(double acc, double x, size_t n)
{
	double want = plain_loop(acc, x, n), got = fp_add_repeated(acc, x, n);
	if (memcmp(&want, &got, sizeof want) != 0)
		fail_msg("acc %a, x %a, n %zu: loop %a, fp_add_repeated %a",
			 acc, x, n, want, got);
}

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A double with a random 53-bit significand and an exponent in [lo, hi]. */
static double random_double(uint64_t *s, int lo, int hi)
{
	double m = (double)(next_rand(s) >> 11) / 0x1p53 + 0.5;
	return ldexp(m, lo + (int)(next_rand(s) % (uint64_t)(hi - lo + 1)));
}

static void random_prices(void **state)
{
	(void)state;
	uint64_t s = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 20000; i++) {
		double x = random_double(&s, -40, 10);
		double acc = next_rand(&s) % 4 == 0 ? 0
			     : random_double(&s, -50, 20);
		size_t n = (size_t)(next_rand(&s) % 20000);
		assert_same(acc, x, n);
	}
}

/* A cent-like price per CPU-ms times a span, as attribution adds. */
static void attribution_like(void **state)
{
	(void)state;
	double rate = 0.0034 / 1 / 3.6e6;
	for (int64_t span_ms = 1; span_ms < 100000000; span_ms = span_ms * 7 + 3)
		for (size_t n = 1; n <= 10000; n = n * 3 + 1)
			assert_same(0, (double)span_ms * rate, n);
}

static void ties_and_tiny_steps(void **state)
{
	(void)state;
	assert_same(1.0, 0x1p-53, 1000);            /* a tie at every step */
	assert_same(1.0 + 0x1p-52, 0x1p-53, 1000);  /* a tie, rounding up */
	assert_same(1.0, 0x1.8p-53, 1000);          /* one ulp per step */
	assert_same(1.0, 0x1p-60, 1000);            /* below half an ulp */
	assert_same(1.0, 3 * 0x1p-53, 1000);        /* an odd half-ulp count */
	assert_same(0x1p52, 1.5, 5000);             /* ties near 2^53 */
	assert_same(0x1p53 - 1, 1.0, 100);
	assert_same(1e-3, 1e10, 100);               /* x far above acc */
	assert_same(0, 1.0, 1u << 20);              /* an integer count */
}

static void edges_left_to_the_loop(void **state)
{
	(void)state;
	assert_same(0, DBL_TRUE_MIN, 100);          /* subnormals */
	assert_same(DBL_MIN / 4, DBL_MIN / 3, 100);
	assert_same(-0.0, 0.5, 100);
	assert_same(1.0, 0.0, 100);
	assert_same(1.0, -0.25, 100);
	assert_same(-5.0, 0.125, 100);
	assert_same(1.0, INFINITY, 100);
	assert_same(INFINITY, 1.0, 100);
	assert_same(NAN, 1.0, 100);
	assert_same(1.0, NAN, 100);
	assert_same(DBL_MAX / 2, DBL_MAX / 8, 100); /* overflows to infinity */
	assert_same(3.0, 1.0, 0);
}

/* Adds the same ranges to range_sums and to plain arrays, value(i) being
 * the i-th value added, and compares the sums bit for bit. */
static void compare_ranges(double (*value)(uint64_t *, int), int n_adds,
			   int peek)
{
	enum { N = 300 };
	struct range_sums s;
	double plain[N] = { 0 };
	assert_int_equal(range_sums_init(&s, N), 0);
	uint64_t seed = 0x2545f4914f6cdd1dull;
	for (int i = 0; i < n_adds; i++) {
		size_t from = (size_t)(next_rand(&seed) % N);
		size_t to = from + (size_t)(next_rand(&seed) % (N - from + 1));
		double x = value(&seed, i);
		range_sums_add(&s, from, to, x);
		for (size_t k = from; k < to; k++)
			plain[k] += x;
		if (peek && i == n_adds / 2) {
			/* Reading the sums mid-way (which ends the fast
			 * phase) changes nothing. */
			const double *v = range_sums_values(&s);
			assert_memory_equal(v, plain, sizeof plain);
		}
	}
	assert_memory_equal(range_sums_values(&s), plain, sizeof plain);
	range_sums_free(&s);
}

static double whole_ms(uint64_t *seed, int i)
{
	(void)i;
	return (double)(next_rand(seed) % 100000000);
}

static double fraction_later(uint64_t *seed, int i)
{
	return i == 500 ? 0.3 : whole_ms(seed, i);
}

static double near_2_53(uint64_t *seed, int i)
{
	(void)i;
	return (double)(next_rand(seed) % (UINT64_C(1) << 50));
}

static double negatives_and_zeros(uint64_t *seed, int i)
{
	uint64_t r = next_rand(seed) % 4;
	return r == 0 ? -0.0 : r == 1 ? -(double)(i % 7) : whole_ms(seed, i);
}

static void range_sums_like_loops(void **state)
{
	(void)state;
	for (int peek = 0; peek < 2; peek++) {
		compare_ranges(whole_ms, 2000, peek);
		compare_ranges(fraction_later, 2000, peek);
		compare_ranges(near_2_53, 2000, peek); /* 2^53 in total */
		compare_ranges(negatives_and_zeros, 2000, peek);
	}
	struct range_sums s;
	assert_int_equal(range_sums_init(&s, 0), 0);
	range_sums_add(&s, 0, 0, 5.0);
	assert_non_null(range_sums_values(&s));
	range_sums_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_prices),
		cmocka_unit_test(attribution_like),
		cmocka_unit_test(ties_and_tiny_steps),
		cmocka_unit_test(edges_left_to_the_loop),
		cmocka_unit_test(range_sums_like_loops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
