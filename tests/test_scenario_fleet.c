/*
 * The scenario's fleet sections (configs/scenario_fleet.c and the tables in
 * scenario.c): every key lands in struct fleet_params, a fixed boot turns
 * the resume wait off, keys that choose different distributions or
 * checkpoint policies are refused, and bad values name file, line and key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "configs/scenario.h"
#include "sim/diag.h"

static int load(const char *y, struct scenario *s, struct diags *d)
{
	scenario_defaults(s);
	diags_init(d);
	return scenario_load_buffer("f.yaml", y, strlen(y), s, d);
}

static void test_defaults(void **state)
{
	(void)state;
	struct scenario s;
	scenario_defaults(&s);
	assert_int_equal(s.fleet.boot.kind, BOOT_LOGNORMAL);
	assert_true(s.fleet.boot.median_s == 264.0);
	assert_true(s.fleet.resume_interval_ms == 30000);
	assert_true(s.fleet.cap.insufficient_capacity_timeout_ms == 600000);
	assert_int_equal(s.fleet.ckpt, CKPT_NONE);
	assert_int_equal(s.fleet.max_requeues, 100);
	/* Planning estimate: 15 s resume wait + 264 s median boot. */
	assert_true(s.boot_latency_ms == 279000);
	scenario_free(&s);
}

static void test_every_key(void **state)
{
	(void)state;
	static const char y[] =
		"boot:\n"
		"  median_s: 200\n"
		"  sigma: 0.2\n"
		"  resume_interval_s: 10\n"
		"  on_node_start_s: 30\n"
		"  on_node_configured_s: 45\n"
		"spot:\n"
		"  rate_multiplier: 3\n"
		"  bucket_monthly_prob: [0.01, 0.02, 0.03, 0.04, 0.05]\n"
		"  unknown_monthly_prob: 0.06\n"
		"  notice_s: 90\n"
		"  pools:\n"
		"    - {instance_type: c5.large, region: us-east-1, "
		"hazard_per_hour: 0.5}\n"
		"    - {instance_type: m5.large, launch_fail_prob: 0.25}\n"
		"capacity:\n"
		"  launch_fail_prob: 0.1\n"
		"  pg_growth: 0.5\n"
		"  insufficient_capacity_timeout_s: 300\n"
		"  protected_failure_count: 4\n"
		"  bootstrap_fail_prob: 0.01\n"
		"  pco_bucket_slack: 2\n"
		"  launch_batch_max: 100\n"
		"clustermgtd: {interval_s: 30, phase_s: 7}\n"
		"checkpoint: {interval_s: 1800}\n"
		"requeue: {max_per_job: 9}\n";
	struct scenario s;
	struct diags d;
	int rc = load(y, &s, &d);
	if (rc)
		diags_print(&d, stderr);
	assert_int_equal(rc, 0);
	const struct fleet_params *f = &s.fleet;
	assert_int_equal(f->boot.kind, BOOT_LOGNORMAL);
	assert_true(f->boot.median_s == 200 && f->boot.sigma == 0.2);
	assert_true(f->resume_interval_ms == 10000);
	assert_true(f->boot.on_node_start_s == 30 &&
		    f->boot.on_node_configured_s == 45);
	assert_true(f->spot.rate_multiplier == 3);
	assert_true(f->spot.bucket_monthly_prob[4] == 0.05);
	assert_true(f->spot.unknown_monthly_prob == 0.06);
	assert_true(f->spot_notice_ms == 90000);
	assert_int_equal(f->n_pools, 2);
	assert_string_equal(f->pools[0].region, "us-east-1");
	assert_true(f->pools[0].spot_hazard_per_hour == 0.5);
	assert_true(f->pools[0].launch_fail_prob < 0);
	assert_null(f->pools[1].region);
	assert_true(f->pools[1].launch_fail_prob == 0.25);
	assert_true(f->cap.launch_fail_prob == 0.1 && f->cap.pg_growth == 0.5);
	assert_true(f->cap.insufficient_capacity_timeout_ms == 300000);
	assert_int_equal(f->cap.protected_failure_count, 4);
	assert_true(f->cap.bootstrap_fail_prob == 0.01);
	assert_int_equal(f->pco_bucket_slack, 2);
	assert_int_equal(f->launch_batch_max, 100);
	assert_true(f->clustermgtd_interval_ms == 30000 &&
		    f->clustermgtd_phase_ms == 7000);
	assert_int_equal(f->ckpt, CKPT_PERIODIC);
	assert_true(f->ckpt_interval_ms == 1800000);
	assert_int_equal(f->max_requeues, 9);
	assert_true(s.boot_latency_ms == 5000 + 200000);
	diags_free(&d);
	scenario_free(&s);
}

static void test_fixed_and_quantiles(void **state)
{
	(void)state;
	struct scenario s;
	struct diags d;
	assert_int_equal(load("boot: {latency_s: 120}\n", &s, &d), 0);
	assert_int_equal(s.fleet.boot.kind, BOOT_FIXED);
	assert_true(s.fleet.boot.fixed_s == 120);
	assert_true(s.fleet.resume_interval_ms == 0);   /* the whole wait */
	assert_true(s.boot_latency_ms == 120000);
	diags_free(&d);
	scenario_free(&s);
	assert_int_equal(load("boot: {latency_s: 120, resume_interval_s: 30}\n",
			      &s, &d), 0);
	assert_true(s.fleet.resume_interval_ms == 30000);
	diags_free(&d);
	scenario_free(&s);
	assert_int_equal(load("boot:\n  quantiles: [[0, 100], [0.5, 200], "
			      "[1, 400]]\n", &s, &d), 0);
	assert_int_equal(s.fleet.boot.kind, BOOT_QUANTILES);
	assert_int_equal(s.fleet.boot.n_q, 3);
	assert_true(s.boot_latency_ms == 15000 + 200000);
	diags_free(&d);
	scenario_free(&s);
	assert_int_equal(load("checkpoint: {on_notice: true}\n", &s, &d), 0);
	assert_int_equal(s.fleet.ckpt, CKPT_ON_NOTICE);
	diags_free(&d);
	scenario_free(&s);
}

/* A bad scenario: the first error's text holds each of the words. */
static void refused(const char *y, const char *want)
{
	struct scenario s;
	struct diags d;
	assert_int_equal(load(y, &s, &d), -1);
	const struct diag *e = diags_first_error(&d);
	assert_non_null(e);
	char buf[512];
	diag_format(e, buf, sizeof buf);
	if (!strstr(buf, want))
		fprintf(stderr, "got: %s\n", buf);
	assert_non_null(strstr(buf, want));
	diags_free(&d);
	scenario_free(&s);
}

static void test_refused(void **state)
{
	(void)state;
	refused("boot: {latency_s: 100, median_s: 200}\n", "each choose");
	refused("boot: {distribution: fixed, sigma: 0.1}\n", "each choose");
	refused("boot: {distribution: weibull}\n",
		"f.yaml:1:22: error: boot.distribution: 'weibull'");
	refused("boot: {distribution: quantiles}\n", "quantiles need");
	refused("boot:\n  quantiles: [[0.2, 100], [1, 50]]\n", "quantiles need");
	refused("boot: {sigma: -1}\n", "boot.sigma");
	refused("spot: {bucket_monthly_prob: [0.1, 0.2]}\n",
		"f.yaml:1:29: error: spot.bucket_monthly_prob");
	refused("spot:\n  pools:\n    - {region: us-east-1}\n",
		"f.yaml:3:7: error: spot.pools[0]: instance_type is required");
	refused("spot:\n  pools:\n    - {instance_type: c5.large, zone: a}\n",
		"spot.pools[0].zone: unknown key");
	refused("capacity: {launch_fail_prob: 1}\n", "capacity.launch_fail_prob");
	refused("capacity: {frobnicate: 1}\n", "unknown key (allowed in capacity");
	refused("checkpoint: {interval_s: 60, on_notice: true}\n",
		"exclude each other");
	refused("checkpoint: {on_notice: maybe}\n", "checkpoint.on_notice");
	refused("clustermgtd: {interval_s: 60, phase_s: 60}\n",
		"0 <= phase < interval");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_fixed_and_quantiles),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
