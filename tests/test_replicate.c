/* Replications: Student-t intervals against hand-computed values, the
 * summary of per-replication metrics, and the thread pool giving exactly the
 * results of sequential runs whatever the number of threads. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_randist.h>

#include "sim/json.h"
#include "sim/replicate.h"
#include "sim/result.h"
#include "sim/rng.h"
#include "sim/stats.h"

static void ci_values(void **state)
{
	(void)state;
	double v[] = { 1, 2, 3, 4, 5 };
	struct ci95 c;
	ci95_of(v, 5, &c);
	assert_int_equal(c.n, 5);
	assert_float_equal(c.mean, 3.0, 1e-12);
	assert_float_equal(c.sd, sqrt(2.5), 1e-12);
	/* t(0.975, 4) = 2.776445105 */
	assert_float_equal(c.half_width, 2.776445105 * sqrt(2.5) / sqrt(5.0), 1e-8);
	assert_float_equal(c.lo, 3.0 - c.half_width, 1e-12);
	assert_float_equal(c.hi, 3.0 + c.half_width, 1e-12);
	double one = 7.5;
	ci95_of(&one, 1, &c);
	assert_float_equal(c.mean, 7.5, 0);
	assert_true(c.half_width == 0.0 && c.lo == 7.5 && c.hi == 7.5);
	ci95_of(NULL, 0, &c);
	assert_int_equal(c.n, 0);
}

/* Over many samples of N(10, 2) of size 8, the 95 % interval covers 10
 * about 95 % of the time (t, not z: z would cover only ~92 %). */
static void ci_coverage(void **state)
{
	(void)state;
	gsl_rng *r = rng_stream_new(3, "coverage", 0);
	int covered = 0, trials = 20000;
	for (int i = 0; i < trials; i++) {
		double v[8];
		for (int k = 0; k < 8; k++)
			v[k] = 10 + gsl_ran_gaussian(r, 2.0);
		struct ci95 c;
		ci95_of(v, 8, &c);
		covered += c.lo <= 10 && 10 <= c.hi;
	}
	gsl_rng_free(r);
	double rate = (double)covered / trials;
	assert_true(rate > 0.94 && rate < 0.96);
}

static void summary_columns(void **state)
{
	(void)state;
	struct rep_metrics m[3] = {
		{ 100, 10, 1, 2, 0, 0 },
		{ 200, 20, 2, 4, 1, 3 },
		{ 300, 30, 3, 6, 2, 6 },
	};
	struct rep_summary s;
	assert_int_equal(rep_summarise(m, 3, &s), 0);
	assert_int_equal(s.n, 3);
	assert_float_equal(s.makespan_s.mean, 200, 1e-9);
	assert_float_equal(s.cost_usd.mean, 20, 1e-9);
	assert_float_equal(s.wait_mean_s.mean, 2, 1e-9);
	assert_float_equal(s.bsld_mean.mean, 4, 1e-9);
	assert_float_equal(s.spot_interruptions.mean, 1, 1e-9);
	assert_float_equal(s.requeues.mean, 3, 1e-9);
	assert_float_equal(s.makespan_s.sd, 100, 1e-9);
	assert_true(s.makespan_s.half_width > 0);
}

/* A stand-in for one simulated run: draws from the replication's streams. */
struct fake_run {
	double sum;
	uint64_t first;
	uint32_t rep;
};

static int fake_replication(void *ctx, uint32_t r, void *slot)
{
	const uint64_t *seed = ctx;
	struct fake_run *out = slot;
	gsl_rng *a = rng_stream_new(*seed, "boot:q/cr", r);
	gsl_rng *b = rng_stream_new(*seed, "spot:c5.large:us-east-1", r);
	out->first = gsl_rng_get(a);
	for (int i = 0; i < 20000; i++)
		out->sum += gsl_ran_exponential(b, 3.0) + gsl_rng_uniform(a);
	out->rep = r;
	gsl_rng_free(a);
	gsl_rng_free(b);
	return r == 1000 ? 5 : 0;
}

static void pool_equals_sequential(void **state)
{
	(void)state;
	uint64_t seed = 12345;
	struct fake_run seq[8], par[8], wide[8];
	memset(seq, 0, sizeof seq);
	for (uint32_t r = 0; r < 8; r++)
		assert_int_equal(fake_replication(&seed, r, &seq[r]), 0);
	assert_int_equal(replicate_run(8, 2, fake_replication, &seed, par,
				       sizeof par[0]), 0);
	assert_memory_equal(seq, par, sizeof seq);
	assert_int_equal(replicate_run(8, 0, fake_replication, &seed, wide,
				       sizeof wide[0]), 0);
	assert_memory_equal(seq, wide, sizeof seq);
	assert_int_equal(replicate_run(8, 64, fake_replication, &seed, wide,
				       sizeof wide[0]), 0);
	assert_memory_equal(seq, wide, sizeof seq);
	/* Replications differ from each other. */
	assert_true(seq[0].first != seq[1].first);
	assert_true(replicate_default_threads() >= 1);
}

static int fail_some(void *ctx, uint32_t r, void *slot)
{
	(void)ctx;
	*(uint32_t *)slot = r + 1;
	return r == 5 ? 7 : r == 3 ? 4 : 0;
}

static void failures_reported_in_index_order(void **state)
{
	(void)state;
	uint32_t slots[8];
	assert_int_equal(replicate_run(8, 3, fail_some, NULL, slots,
				       sizeof slots[0]), 4);
	for (uint32_t r = 0; r < 8; r++)
		assert_int_equal(slots[r], r + 1);   /* every one still ran */
	assert_int_equal(replicate_run(0, 3, fail_some, NULL, slots,
				       sizeof slots[0]), 0);
}

static void metrics_from_a_run(void **state)
{
	(void)state;
	struct run_result r;
	memset(&r, 0, sizeof r);
	r.n_spot_interruptions = 3;
	r.n_requeues = 4;
	struct run_stats s;
	memset(&s, 0, sizeof s);
	s.makespan_ms = 7200500;
	s.wait_s.mean = 12.5;
	s.bsld.mean = 1.75;
	struct rep_metrics m;
	rep_metrics_of(&r, &s, 99.25, &m);
	assert_float_equal(m.makespan_s, 7200.5, 1e-9);
	assert_float_equal(m.cost_usd, 99.25, 1e-9);
	assert_float_equal(m.wait_mean_s, 12.5, 1e-9);
	assert_float_equal(m.bsld_mean, 1.75, 1e-9);
	assert_float_equal(m.spot_interruptions, 3, 0);
	assert_float_equal(m.requeues, 4, 0);
}

static char *summary_text(const struct rep_summary *s, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	if (json) {
		struct json w;
		json_init(&w, fp, 0);
		rep_summary_json(&w, s);
		assert_int_equal(json_close(&w), 0);
	} else {
		rep_summary_print(fp, s);
	}
	fclose(fp);
	return buf;
}

static void summary_writers(void **state)
{
	(void)state;
	struct rep_metrics m[2] = {
		{ 100, 10, 1, 2, 0, 0 },
		{ 300, 30, 3, 6, 2, 6 },
	};
	struct rep_summary s;
	assert_int_equal(rep_summarise(m, 2, &s), 0);
	char *j = summary_text(&s, 1);
	assert_non_null(strstr(j, "\"n\":2"));
	assert_non_null(strstr(j, "\"makespan_s\":{\"mean\":200,"));
	assert_non_null(strstr(j, "\"requeues\":{\"mean\":3,"));
	/* t(0.975, 1) = 12.706: 12.706 x 141.42 / 1.4142 = 1270.6 */
	assert_non_null(strstr(j, "\"ci95_half_width\":1270.6"));
	char *again = summary_text(&s, 1);
	assert_string_equal(j, again);
	char *txt = summary_text(&s, 0);
	assert_non_null(strstr(txt, "replications: 2"));
	assert_non_null(strstr(txt, "makespan"));
	assert_non_null(strstr(txt, "200 +/- 1.27e+03 s"));
	free(j);
	free(again);
	free(txt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ci_values),
		cmocka_unit_test(ci_coverage),
		cmocka_unit_test(summary_columns),
		cmocka_unit_test(pool_equals_sequential),
		cmocka_unit_test(failures_reported_in_index_order),
		cmocka_unit_test(metrics_from_a_run),
		cmocka_unit_test(summary_writers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
