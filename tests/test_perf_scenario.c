/* The scenario's perf: and storage: sections: every key lands in its
 * parameter, defaults stay when a key is absent, and bad values are
 * refused with file:line:col and the key path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "configs/scenario.h"
#include "sim/diag.h"

static int load(const char *yaml, struct scenario *s, struct diags *d)
{
	scenario_defaults(s);
	diags_init(d);
	return scenario_load_buffer("s.yaml", yaml, strlen(yaml), s, d);
}

static void test_defaults_without_sections(void **state)
{
	(void)state;
	struct scenario s;
	struct diags d;
	assert_int_equal(load("seed: 3\n", &s, &d), 0);
	assert_null(s.perf.reference_instance);
	assert_true(s.perf.default_comm_fraction == 0);
	assert_true(s.perf.net.efa_latency_us == 17.5);
	assert_true(s.perf.ref_net.efa && s.perf.ref_net.pg);
	assert_null(s.storage.target);
	assert_true(s.storage.io.read_gb == 0 && s.storage.io.write_gb == 0);
	assert_true(s.storage.io.compress_ratio == 1.0);
	assert_int_equal(s.storage.count_export, 0);
	assert_true(s.storage.import_gb < 0);
	scenario_free(&s);
	diags_free(&d);
}

static void test_every_perf_key(void **state)
{
	(void)state;
	static const char yaml[] =
		"perf:\n"
		"  reference_instance: hpc7a.96xlarge\n"
		"  reference_disable_smt: true\n"
		"  reference_gbps: 25\n"
		"  reference_efa: false\n"
		"  reference_placement_group: no\n"
		"  smt_yield: 1.3\n"
		"  comm_fraction: 0.25\n"
		"  efa_latency_us: 15\n"
		"  tcp_latency_us: 40\n"
		"  no_pg_extra_latency_us: 5\n"
		"  efa_bw_efficiency: 0.9\n"
		"  tcp_flow_gbps_pg: 9.5\n"
		"  tcp_flow_gbps_no_pg: 4.5\n"
		"  tcp_flows: 8\n"
		"  msg_bytes: 1024\n";
	struct scenario s;
	struct diags d;
	assert_int_equal(load(yaml, &s, &d), 0);
	const struct perf_params *p = &s.perf;
	assert_string_equal(p->reference_instance, "hpc7a.96xlarge");
	assert_int_equal(p->reference_disable_smt, 1);
	assert_true(p->ref_net.gbps == 25);
	assert_int_equal(p->ref_net.efa, 0);
	assert_int_equal(p->ref_net.pg, 0);
	assert_true(p->smt_yield == 1.3);
	assert_true(p->default_comm_fraction == 0.25);
	assert_true(p->net.efa_latency_us == 15);
	assert_true(p->net.tcp_latency_us == 40);
	assert_true(p->net.no_pg_extra_latency_us == 5);
	assert_true(p->net.efa_bw_efficiency == 0.9);
	assert_true(p->net.tcp_flow_gbps_pg == 9.5);
	assert_true(p->net.tcp_flow_gbps_no_pg == 4.5);
	assert_int_equal(p->net.tcp_flows, 8);
	assert_true(p->net.msg_bytes == 1024);
	assert_int_equal(perf_params_check(p, "s.yaml", &d), 0);
	scenario_free(&s);
	diags_free(&d);
}

static void test_every_storage_key(void **state)
{
	(void)state;
	static const char yaml[] =
		"storage:\n"
		"  target: scratch\n"
		"  burst_bucket_s: 600\n"
		"  read_cache_hit: 0.5\n"
		"  s3_mbps: 800\n"
		"  import_gb: 100\n"
		"  stored_gb: 20\n"
		"  capacity_gib: 2400\n"
		"  count_export: true\n"
		"  read_gb: 10\n"
		"  write_gb: 5\n"
		"  compress_ratio: 2\n"
		"  queues:\n"
		"    gpu: {read_gb: 300}\n"
		"    cpu: {write_gb: 1, compress_ratio: 1.5}\n";
	struct scenario s;
	struct diags d;
	assert_int_equal(load(yaml, &s, &d), 0);
	const struct storage_params *p = &s.storage;
	assert_string_equal(p->target, "scratch");
	assert_true(p->burst_bucket_s == 600);
	assert_true(p->read_cache_hit == 0.5);
	assert_true(p->s3_mbps == 800);
	assert_true(p->import_gb == 100);
	assert_true(p->stored_gb == 20);
	assert_true(p->capacity_gib == 2400);
	assert_int_equal(p->count_export, 1);
	assert_true(p->io.read_gb == 10 && p->io.write_gb == 5);
	assert_true(p->io.compress_ratio == 2);
	assert_int_equal(p->n_per_queue, 2);
	assert_string_equal(p->per_queue[0].queue, "gpu");
	assert_true(p->per_queue[0].io.read_gb == 300);
	/* Unset per-queue values fall back to the global defaults. */
	assert_true(p->per_queue[0].io.write_gb < 0);
	assert_true(p->per_queue[0].io.compress_ratio < 0);
	assert_string_equal(p->per_queue[1].queue, "cpu");
	assert_true(p->per_queue[1].io.write_gb == 1);
	assert_true(p->per_queue[1].io.compress_ratio == 1.5);
	assert_int_equal(storage_params_check(p, "s.yaml", &d), 0);
	scenario_free(&s);
	diags_free(&d);
}

/* The first error's position and text. */
static void expect_error(const char *yaml, int line, int col,
			 const char *needle)
{
	struct scenario s;
	struct diags d;
	assert_int_equal(load(yaml, &s, &d), -1);
	const struct diag *e = diags_first_error(&d);
	assert_non_null(e);
	char buf[512];
	diag_format(e, buf, sizeof buf);
	if (!strstr(buf, needle))
		fail_msg("'%s' does not contain '%s'", buf, needle);
	assert_string_equal(e->file, "s.yaml");
	assert_int_equal(e->line, line);
	assert_int_equal(e->col, col);
	scenario_free(&s);
	diags_free(&d);
}

static void test_bad_values_named(void **state)
{
	(void)state;
	expect_error("perf:\n  comm_fraction: 1.5\n", 2, 18, "perf.comm_fraction");
	expect_error("perf:\n  tcp_flows: 2.5\n", 2, 14, "whole number");
	expect_error("perf:\n  reference_efa: maybe\n", 2, 18, "true or false");
	expect_error("perf:\n  reference_instance: ''\n", 2, 23, "non-empty");
	expect_error("perf:\n  latency: 3\n", 2, 3, "allowed in perf:");
	expect_error("storage:\n  compress_ratio: 0.5\n", 2, 19,
		     "storage.compress_ratio");
	expect_error("storage:\n  count_export: 2\n", 2, 17, "true or false");
	expect_error("storage:\n  queues: [a, b]\n", 2, 11, "mapping of queue");
	expect_error("storage:\n  queues:\n    q: 3\n", 3, 8,
		     "storage.queues.q: expected a mapping");
	expect_error("storage:\n  queues:\n    q: {read: 1}\n", 3, 9,
		     "storage.queues.q.read: unknown key");
	expect_error("storage:\n  queues:\n    q: {write_gb: -1}\n", 3, 19,
		     "storage.queues.q.write_gb");
	expect_error("storage:\n  queues:\n    q: {}\n    q: {}\n", 4, 5,
		     "given twice");
}

/* A string given twice keeps the last one and frees the first (the
 * sanitizer build catches a leak). */
static void test_repeated_string_key(void **state)
{
	(void)state;
	struct scenario s;
	struct diags d;
	assert_int_equal(load("perf: {reference_instance: a}\n"
			      "perf: {reference_instance: c5n.18xlarge}\n",
			      &s, &d), 0);
	assert_string_equal(s.perf.reference_instance, "c5n.18xlarge");
	scenario_free(&s);
	assert_null(s.perf.reference_instance);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_without_sections),
		cmocka_unit_test(test_every_perf_key),
		cmocka_unit_test(test_every_storage_key),
		cmocka_unit_test(test_bad_values_named),
		cmocka_unit_test(test_repeated_string_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
