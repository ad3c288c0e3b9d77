/* Spot interruptions: the bucket-to-hazard mapping, the observed rate over
 * many instance-hours against the configured hazard, and the common-random-
 * numbers coupling of a pool's draws. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_cdf.h>

#include "models/catalog/catalog.h"
#include "models/spot.h"

static void bucket_mapping(void **state)
{
	(void)state;
	struct spot_params p;
	spot_params_default(&p);
	/* <5 %: midpoint 2.5 % a month -> -ln(0.975) / 730 per hour. */
	assert_float_equal(spot_hazard_per_hour(&p, SPOT_LT5),
			   0.025317807984 / 730.0, 1e-12);
	double prev = 0.0;
	for (int b = 0; b < SPOT_N_BUCKETS; b++) {
		double h = spot_hazard_per_hour(&p, b);
		assert_true(h > prev);   /* worse bucket, higher hazard */
		prev = h;
	}
	assert_float_equal(spot_hazard_per_hour(&p, SPOT_UNKNOWN),
			   spot_hazard_per_hour(&p, SPOT_5_10), 1e-15);
	p.rate_multiplier = 3.0;
	assert_float_equal(spot_hazard_per_hour(&p, SPOT_GT20),
			   3.0 * -log(0.75) / 730.0, 1e-12);
	p.bucket_monthly_prob[0] = 0.0;
	assert_true(spot_hazard_per_hour(&p, 0) == 0.0);
	p.bucket_monthly_prob[0] = 1.0;
	assert_true(isinf(spot_hazard_per_hour(&p, 0)));
}

static void delay_inverse_cdf(void **state)
{
	(void)state;
	assert_true(spot_delay_ms(0.5, 0.0) == SPOT_NEVER);
	assert_true(spot_delay_ms(0.5, INFINITY) == 0);
	/* P(T > t) = u: u = e^-1 at one mean lifetime. */
	assert_int_equal(spot_delay_ms(exp(-1.0), 0.5), 7200000);
	assert_true(spot_delay_ms(1e-300, 1e-12) == SPOT_NEVER);
}

/* Runs n instances of a pool for up to life_h hours each and checks that
 * the configured hazard lies in the exact 99.9 % Poisson interval of the
 * observed interruptions per exposed instance-hour. */
static void check_rate(uint64_t seed, double hazard, int n, double life_h)
{
	struct spot_pool sp;
	assert_int_equal(spot_pool_init(&sp, seed, 0, "c5.large", "us-east-1",
					 hazard), 0);
	double exposure_h = 0.0;
	unsigned k = 0;
	int64_t life_ms = (int64_t)(life_h * 3.6e6);
	for (int i = 0; i < n; i++) {
		int64_t t = spot_pool_draw_ms(&sp);
		if (t < life_ms) {
			k++;
			exposure_h += (double)t / 3.6e6;
		} else {
			exposure_h += life_h;
		}
	}
	spot_pool_free(&sp);
	assert_true(k > 100);
	double lo = gsl_cdf_chisq_Pinv(0.0005, 2.0 * k) / 2.0 / exposure_h;
	double hi = gsl_cdf_chisq_Pinv(0.9995, 2.0 * k + 2.0) / 2.0 / exposure_h;
	assert_true(lo <= hazard);
	assert_true(hazard <= hi);
	/* The interval is tight enough to catch a wrong unit or a factor. */
	assert_true(hi / lo < 1.6);
}

static void observed_rate_matches_hazard(void **state)
{
	(void)state;
	struct spot_params p;
	spot_params_default(&p);
	/* The real buckets give a few interruptions per 10^4 instance-hours;
	 * scale them up so a test run sees hundreds of events. */
	p.rate_multiplier = 50.0;
	for (int b = 0; b < SPOT_N_BUCKETS; b++)
		check_rate(1000 + (uint64_t)b, spot_hazard_per_hour(&p, b),
			   20000, 24.0);
}

static void zero_hazard_never_interrupts(void **state)
{
	(void)state;
	struct spot_pool sp;
	assert_int_equal(spot_pool_init(&sp, 5, 0, "m5.large", "eu-west-1", 0.0), 0);
	for (int i = 0; i < 10000; i++)
		assert_true(spot_pool_draw_ms(&sp) == SPOT_NEVER);
	assert_int_equal(sp.n_drawn, 10000);
	spot_pool_free(&sp);
}

static void common_random_numbers(void **state)
{
	(void)state;
	struct spot_pool a, b, c, other;
	assert_int_equal(spot_pool_init(&a, 9, 2, "c6i.32xlarge", "us-east-1", 0.01), 0);
	assert_int_equal(spot_pool_init(&b, 9, 2, "c6i.32xlarge", "us-east-1", 0.02), 0);
	assert_int_equal(spot_pool_init(&c, 9, 3, "c6i.32xlarge", "us-east-1", 0.01), 0);
	assert_int_equal(spot_pool_init(&other, 9, 2, "c5n.18xlarge", "us-east-1", 0.01), 0);
	int same_rep = 0, same_pool = 0;
	for (int i = 0; i < 1000; i++) {
		int64_t ta = spot_pool_draw_ms(&a);
		int64_t tb = spot_pool_draw_ms(&b);
		/* Doubling the hazard halves every instance's delay. */
		assert_true(llabs(ta - 2 * tb) <= 2);
		same_rep += ta == spot_pool_draw_ms(&c);
		same_pool += ta == spot_pool_draw_ms(&other);
	}
	/* Another replication or another pool is another stream. */
	assert_true(same_rep < 5);
	assert_true(same_pool < 5);
	spot_pool_free(&a);
	spot_pool_free(&b);
	spot_pool_free(&c);
	spot_pool_free(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bucket_mapping),
		cmocka_unit_test(delay_inverse_cdf),
		cmocka_unit_test(observed_rate_matches_hazard),
		cmocka_unit_test(zero_hazard_never_interrupts),
		cmocka_unit_test(common_random_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
