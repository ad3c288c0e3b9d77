/*
 * Private prices and speed indexes in a run: the scenario's prices: and
 * speed_index: sections (shapes, errors with positions), applying them to a
 * copy of the catalog after a --catalog file, and whole runs whose cost and
 * recorded catalog text follow the private prices.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "configs/scenario.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"
#include "sim/run.h"
#include "sim/run_results.h"
#include "sim/stats.h"

#define SRC PCLSIM_SOURCE_DIR "/"
#define DEMO_CFG SRC "configs/examples/article-spot-fsx.yaml"
#define DEMO_TRACE SRC "workloads/examples/small.csv"

static int load(const char *yaml, struct scenario *s, struct diags *d)
{
	diags_init(d);
	scenario_defaults(s);
	return scenario_load_buffer("s.yaml", yaml, strlen(yaml), s, d);
}

static double od_price(const struct catalog *c, const char *type,
		       const char *region)
{
	struct instance_price p;
	assert_int_equal(catalog_price(c, catalog_instance(c, type), region, &p), 0);
	return p.ondemand_usd_per_hour;
}

static double spot_price(const struct catalog *c, const char *type,
			 const char *region)
{
	struct instance_price p;
	assert_int_equal(catalog_price(c, catalog_instance(c, type), region, &p), 0);
	return p.spot_usd_per_hour;
}

static void test_sections_load_in_order(void **state)
{
	(void)state;
	static const char y[] =
		"prices:\n"
		"  - {instance_type: \"*\", discount_pct: 10}\n"
		"  - instance_type: c5n.18xlarge\n"
		"    region: us-east-1\n"
		"    ondemand_usd_per_hour: 2.5\n"
		"    spot_discount_pct: 5\n"
		"speed_index:\n"
		"  c5n.18xlarge: 1.25\n"
		"  hpc7a.96xlarge: 2\n";
	struct scenario s;
	struct diags d;
	assert_int_equal(load(y, &s, &d), 0);
	assert_true(scenario_changes_catalog(&s));
	assert_int_equal(s.n_prices, 2);
	assert_string_equal(s.prices[0].rule.instance_type, "*");
	assert_string_equal(s.prices[0].rule.region, "*");   /* default */
	assert_true(s.prices[0].rule.discount_pct == 10);
	assert_true(s.prices[0].rule.ondemand_usd_per_hour < 0);
	assert_int_equal(s.prices[0].line, 2);
	assert_string_equal(s.prices[1].rule.region, "us-east-1");
	assert_true(s.prices[1].rule.ondemand_usd_per_hour == 2.5);
	assert_true(s.prices[1].rule.spot_discount_pct == 5);
	assert_int_equal(s.prices[1].line, 3);
	assert_int_equal(s.n_speeds, 2);
	assert_string_equal(s.speeds[1].instance_type, "hpc7a.96xlarge");
	assert_true(s.speeds[1].speed_index == 2);
	assert_int_equal(s.speeds[1].line, 9);
	scenario_free(&s);
	diags_free(&d);

	assert_int_equal(load("seed: 3\n", &s, &d), 0);
	assert_false(scenario_changes_catalog(&s));
	scenario_free(&s);
	diags_free(&d);
}

static void expect_load_error(const char *yaml, const char *text, int line,
			      int col)
{
	struct scenario s;
	struct diags d;
	assert_int_equal(load(yaml, &s, &d), -1);
	const struct diag *e = diags_first_error(&d);
	assert_non_null(e);
	if (!strstr(e->text, text))
		fail_msg("'%s' lacks '%s'", e->text, text);
	assert_int_equal(e->line, line);
	assert_int_equal(e->col, col);
	scenario_free(&s);
	diags_free(&d);
}

static void test_section_errors(void **state)
{
	(void)state;
	expect_load_error("prices: {instance_type: c5n.large}\n",
			  "prices: expected a list", 1, 9);
	expect_load_error("prices:\n  - {region: us-east-1, discount_pct: 3}\n",
			  "prices[0]: instance_type is required", 2, 5);
	expect_load_error("prices:\n  - {instance_type: m5.large}\n",
			  "prices[0]: the rule sets no price", 2, 5);
	expect_load_error("prices:\n  - {instance_type: m5.large, discount_pct: 120}\n",
			  "prices[0].discount_pct: '120' is not a number between 0 and 100",
			  2, 45);
	expect_load_error("prices:\n  - {instance_type: m5.large, od: 1}\n",
			  "prices[0].od: unknown key", 2, 31);
	expect_load_error("prices:\n  - {instance_type: m5.large, spot_usd_per_hour: -1}\n",
			  "spot_usd_per_hour: '-1' is not a number", 2, 50);
	expect_load_error("speed_index: [c5n.large]\n",
			  "speed_index: expected a mapping", 1, 14);
	expect_load_error("speed_index:\n  c5n.large: 0\n",
			  "speed_index.c5n.large: '0' is not a number above 0", 2, 14);
	expect_load_error("speed_index:\n  c5n.large: fast\n",
			  "speed_index.c5n.large: 'fast'", 2, 14);
	/* The allowed top-level keys are listed for a typo. */
	expect_load_error("price:\n  - {instance_type: m5.large, discount_pct: 3}\n",
			  "prices, speed_index", 1, 1);
}

/* Rules apply in order, over the --catalog file's, to a copy: the
 * built-in catalog is unchanged. */
static void test_apply_to_copy(void **state)
{
	(void)state;
	const struct catalog *base = catalog_builtin();
	double od = od_price(base, "c5n.18xlarge", "us-east-2");
	double spot = spot_price(base, "c5n.18xlarge", "us-east-2");
	double od_m5 = od_price(base, "m5.large", "eu-west-1");
	const struct instance_type *it = catalog_instance(base, "c5n.18xlarge");
	double speed = it->speed_index;
	static const char y[] =
		"prices:\n"
		"  - {instance_type: c5n.*, discount_pct: 20}\n"
		"  - {instance_type: \"*\", region: us-east-2, spot_discount_pct: 50}\n"
		"speed_index: {c5n.18xlarge: 3.5}\n";
	struct scenario s;
	struct diags d;
	assert_int_equal(load(y, &s, &d), 0);
	struct catalog *c = catalog_copy(base);
	assert_non_null(c);
	assert_int_equal(scenario_apply_catalog(&s, c, &d), 0);
	assert_true(fabs(od_price(c, "c5n.18xlarge", "us-east-2") - od * 0.8) < 1e-9);
	assert_true(fabs(spot_price(c, "c5n.18xlarge", "us-east-2") - spot * 0.5) < 1e-9);
	assert_true(od_price(c, "m5.large", "eu-west-1") == od_m5);
	assert_true(catalog_instance(c, "c5n.18xlarge")->speed_index == 3.5);
	assert_true(catalog_override_count(c) == 2);
	assert_non_null(strstr(catalog_about(c), "Private prices: s.yaml"));
	/* The shared built-in catalog never changes. */
	assert_true(od_price(base, "c5n.18xlarge", "us-east-2") == od);
	assert_true(catalog_instance(base, "c5n.18xlarge")->speed_index == speed);
	assert_null(strstr(catalog_about(base), "Private prices"));
	catalog_free(c);
	scenario_free(&s);
	diags_free(&d);
}

static void expect_apply_error(const char *yaml, const char *text, int line)
{
	struct scenario s;
	struct diags d;
	assert_int_equal(load(yaml, &s, &d), 0);
	struct catalog *c = catalog_copy(catalog_builtin());
	assert_int_equal(scenario_apply_catalog(&s, c, &d), -1);
	const struct diag *e = diags_first_error(&d);
	assert_non_null(e);
	if (!strstr(e->text, text))
		fail_msg("'%s' lacks '%s'", e->text, text);
	assert_string_equal(e->file, "s.yaml");
	assert_int_equal(e->line, line);
	catalog_free(c);
	scenario_free(&s);
	diags_free(&d);
}

static void test_apply_errors_name_the_line(void **state)
{
	(void)state;
	expect_apply_error("prices:\n  - {instance_type: \"*\", discount_pct: 1}\n"
			   "  - {instance_type: c5n.18xlage, discount_pct: 1}\n",
			   "unknown instance type 'c5n.18xlage'; did you mean c5n.18xlarge", 3);
	expect_apply_error("prices:\n  - {instance_type: m5.large, region: us-east-9, "
			   "discount_pct: 1}\n", "unknown region 'us-east-9'", 2);
	expect_apply_error("speed_index:\n  m5.large: 1\n  m5.lrage: 2\n",
			   "speed_index: unknown instance type 'm5.lrage'; did you mean m5.large", 3);
}

/* ---- whole runs ----------------------------------------------------------- */

static char *write_temp(const char *suffix, const char *text)
{
	char *path = malloc(64);
	snprintf(path, 64, "/tmp/pclsim_catrun_XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

struct priced {
	double compute_usd;         /* exact: the node lives' billed cost */
	char about[4096];
	char catalog_sha[80];
	int64_t makespan_ms;
};

static int priced_run(const char *catalog, const char *scenario,
		      struct priced *out, struct diags *d)
{
	struct run_opts o;
	run_opts_init(&o);
	o.config_path = DEMO_CFG;
	o.trace_path = DEMO_TRACE;
	o.catalog_path = catalog;
	o.scenario_path = scenario;
	o.check = 1;
	struct run_world w;
	int rc = run_execute(&o, &w, d);
	if (rc == 0) {
		struct run_stats st;
		assert_int_equal(run_stats_compute(&w.result, &st), 0);
		struct run_results rr;
		assert_int_equal(run_results_build(&w, &o, &st, NULL, &rr, d), 0);
		out->compute_usd = 0;
		for (size_t i = 0; i < w.result.n_node_lives; i++)
			out->compute_usd += w.result.node_lives[i].cost_usd;
		out->makespan_ms = w.result.makespan_ms;
		snprintf(out->about, sizeof out->about, "%s", rr.info.catalog_about);
		const struct run_input *in = run_info_input(&rr.info, "catalog");
		snprintf(out->catalog_sha, sizeof out->catalog_sha, "%s",
			 in ? in->sha256 : "");
		run_results_free(&rr);
		run_stats_free(&st);
	}
	run_world_free(&w);
	return rc;
}

/* Halving every price halves the compute cost; the run is otherwise the
 * same, and the
 * results say which prices were used and which file gave them. */
static void test_run_with_private_prices(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	struct priced base, csv, scen;
	assert_int_equal(priced_run(NULL, NULL, &base, &d), 0);
	char *csv_path = write_temp(".csv",
		"instance_type,region,discount_pct,spot_discount_pct\n"
		"*,*,50,50\n");
	assert_int_equal(priced_run(csv_path, NULL, &csv, &d), 0);
	char *scen_path = write_temp(".yaml",
		"prices:\n  - {instance_type: \"*\", discount_pct: 50, "
		"spot_discount_pct: 50}\n");
	assert_int_equal(priced_run(NULL, scen_path, &scen, &d), 0);

	assert_true(base.compute_usd > 0);
	assert_true(fabs(csv.compute_usd - base.compute_usd / 2) < 1e-6 * base.compute_usd);
	assert_true(fabs(scen.compute_usd - csv.compute_usd) < 1e-9);
	assert_true(base.makespan_ms == csv.makespan_ms);
	assert_null(strstr(base.about, "Private prices"));
	char want[256];
	snprintf(want, sizeof want, "Private prices: %s (1 rule,", csv_path);
	assert_non_null(strstr(csv.about, want));
	snprintf(want, sizeof want, "Private prices: %s (1 rule,", scen_path);
	assert_non_null(strstr(scen.about, want));
	assert_int_equal(strlen(csv.catalog_sha), 64);
	assert_string_equal(base.catalog_sha, "");

	/* Both: the CSV first, then the scenario's rules on top. */
	struct priced both;
	assert_int_equal(priced_run(csv_path, scen_path, &both, &d), 0);
	assert_true(fabs(both.compute_usd - base.compute_usd / 4) < 1e-6 * base.compute_usd);
	const char *a = strstr(both.about, csv_path);
	assert_non_null(a);
	assert_non_null(strstr(a, scen_path));
	assert_int_equal(d.n_errors, 0);
	unlink(csv_path);
	unlink(scen_path);
	free(csv_path);
	free(scen_path);
	diags_free(&d);
}

/* A speed_index: entry reaches the run's catalog (the performance model
 * reads per-core speed from there) and is recorded as a run parameter. */
static void test_run_with_speed_index(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	char *scen = write_temp(".yaml", "speed_index: {t3.micro: 100}\n");
	struct run_opts o;
	run_opts_init(&o);
	o.config_path = DEMO_CFG;
	o.trace_path = DEMO_TRACE;
	o.scenario_path = scen;
	struct run_world w;
	assert_int_equal(run_execute(&o, &w, &d), 0);
	assert_true(catalog_instance(w.catalog, "t3.micro")->speed_index == 100);
	assert_true(catalog_instance(catalog_builtin(), "t3.micro")->speed_index != 100);
	struct run_stats st;
	assert_int_equal(run_stats_compute(&w.result, &st), 0);
	struct run_results rr;
	assert_int_equal(run_results_build(&w, &o, &st, NULL, &rr, &d), 0);
	int found = 0;
	for (size_t i = 0; i < rr.info.n_params; i++)
		if (!strcmp(rr.info.params[i].name, "speed_index.t3.micro")) {
			assert_string_equal(rr.info.params[i].value, "100");
			found = 1;
		}
	assert_true(found);
	run_results_free(&rr);
	run_stats_free(&st);
	run_world_free(&w);
	unlink(scen);
	free(scen);
	diags_free(&d);
}

/* The run's description lists its inputs with their digests; a run whose
 * description nothing shows (no_input_digests) does not hash them, and is
 * priced the same. */
static void test_run_inputs_described_when_shown(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	size_t n_inputs[2];
	int64_t cents[2];
	for (int skip = 0; skip < 2; skip++) {
		struct run_opts o;
		run_opts_init(&o);
		o.config_path = DEMO_CFG;
		o.trace_path = DEMO_TRACE;
		o.no_input_digests = skip;
		struct run_world w;
		assert_int_equal(run_execute(&o, &w, &d), 0);
		struct run_stats st;
		assert_int_equal(run_stats_compute(&w.result, &st), 0);
		struct run_results rr;
		assert_int_equal(run_results_build(&w, &o, &st, NULL, &rr, &d), 0);
		n_inputs[skip] = rr.info.n_inputs;
		cents[skip] = rr.cost.total_cents;
		if (!skip)
			assert_int_equal(strlen(rr.info.inputs[1].sha256), 64);
		run_results_free(&rr);
		run_stats_free(&st);
		run_world_free(&w);
	}
	assert_int_equal(n_inputs[0], 2);
	assert_int_equal(n_inputs[1], 0);
	assert_int_equal(cents[0], cents[1]);
	diags_free(&d);
}

static void test_run_bad_catalog_file(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	struct priced out;
	char *bad = write_temp(".csv", "instance_type,region,discount_pct\n"
				       "c5n.18xlage,*,3\n");
	assert_int_equal(priced_run(bad, NULL, &out, &d), -1);
	const struct diag *e = diags_first_error(&d);
	assert_non_null(e);
	assert_string_equal(e->file, bad);
	assert_int_equal(e->line, 2);
	assert_non_null(strstr(e->text, "did you mean c5n.18xlarge"));
	diags_free(&d);
	diags_init(&d);
	assert_int_equal(priced_run("/nonexistent/prices.csv", NULL, &out, &d), -1);
	assert_non_null(strstr(diags_first_error(&d)->text, "cannot open"));
	unlink(bad);
	free(bad);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_load_in_order),
		cmocka_unit_test(test_section_errors),
		cmocka_unit_test(test_apply_to_copy),
		cmocka_unit_test(test_apply_errors_name_the_line),
		cmocka_unit_test(test_run_with_private_prices),
		cmocka_unit_test(test_run_with_speed_index),
		cmocka_unit_test(test_run_inputs_described_when_shown),
		cmocka_unit_test(test_run_bad_catalog_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
