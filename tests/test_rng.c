/* Named random streams: same seed same draws, and independence between
 * streams (drawing from one never shifts another). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sim/rng.h"

static void same_seed_same_draws(void **state)
{
	(void)state;
	gsl_rng *a = rng_stream_new(42, "boot", 0);
	gsl_rng *b = rng_stream_new(42, "boot", 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
	gsl_rng_free(a);
	gsl_rng_free(b);
}

static void streams_are_independent(void **state)
{
	(void)state;
	/* Reference: stream B's first 100 draws with nothing else drawn. */
	gsl_rng *b0 = rng_stream_new(7, "spot:c5.large:us-east-1", 3);
	unsigned long ref[100];
	for (int i = 0; i < 100; i++)
		ref[i] = gsl_rng_get(b0);
	gsl_rng_free(b0);
	/* Now draw a lot from stream A first, interleaved with B. */
	gsl_rng *a = rng_stream_new(7, "boot", 3);
	gsl_rng *b = rng_stream_new(7, "spot:c5.large:us-east-1", 3);
	for (int i = 0; i < 100; i++) {
		for (int k = 0; k < 17; k++)
			(void)gsl_rng_get(a);
		assert_int_equal(gsl_rng_get(b), ref[i]);
	}
	gsl_rng_free(a);
	gsl_rng_free(b);
}

static void names_seeds_and_replications_differ(void **state)
{
	(void)state;
	uint64_t s = rng_stream_seed(1, "boot", 0);
	assert_true(s != rng_stream_seed(1, "boot", 1));
	assert_true(s != rng_stream_seed(2, "boot", 0));
	assert_true(s != rng_stream_seed(1, "boof", 0));
	assert_true(rng_stream_seed(1, "boot", 0) == s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_seed_same_draws),
		cmocka_unit_test(streams_are_independent),
		cmocka_unit_test(names_seeds_and_replications_differ),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
