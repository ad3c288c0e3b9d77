/*
 * Tests for the what-if helpers that need no simulation: KEY=VALUE
 * splitting, grids and their names, instance-type globs, shards, the Pareto
 * front, paired deltas, targets and plan's judging and ranking.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "models/catalog/catalog.h"
#include "sim/diag.h"
#include "sim/whatif.h"
#include "sim/whatif_cli.h"

static void test_split_kv(void **state)
{
	(void)state;
	char key[128];
	const char *v;
	assert_int_equal(whatif_split_kv("Scheduling.SlurmQueues[name=spot]."
					 "ComputeResources[0].MaxCount=8", key,
					 sizeof key, &v), 0);
	assert_string_equal(key, "Scheduling.SlurmQueues[name=spot]."
			    "ComputeResources[0].MaxCount");
	assert_string_equal(v, "8");
	assert_int_equal(whatif_split_kv("A=b=c", key, sizeof key, &v), 0);
	assert_string_equal(key, "A");
	assert_string_equal(v, "b=c");
	assert_int_equal(whatif_split_kv("A[x=1]", key, sizeof key, &v), -1);
	assert_int_equal(whatif_split_kv("=1", key, sizeof key, &v), -1);
	assert_int_equal(whatif_split_kv("A=", key, sizeof key, &v), -1);
	assert_int_equal(whatif_split_kv("LongKey=1", key, 4, &v), -1);

	size_t len;
	const char *k = whatif_short_key("Scheduling.SlurmQueues[Name=a.b]."
					 "ComputeResources[0].InstanceType", &len);
	assert_int_equal(len, strlen("InstanceType"));
	assert_memory_equal(k, "InstanceType", len);
	k = whatif_short_key("SharedStorage[StorageType=FsxLustre]", &len);
	assert_int_equal(len, strlen("SharedStorage"));
	assert_memory_equal(k, "SharedStorage", len);
}

static void test_grid(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	struct whatif_grid g;
	whatif_grid_init(&g);
	assert_int_equal(whatif_grid_size(&g), 1);
	assert_int_equal(whatif_grid_add(&g, "Q[0].MaxCount", "4, 8,8,16", &d), 0);
	assert_int_equal(whatif_grid_add(&g, "Q[0].CapacityType", "SPOT,ONDEMAND",
					 &d), 0);
	/* Values for a key already on the grid join its axis. */
	assert_int_equal(whatif_grid_add(&g, "Q[0].MaxCount", "32", &d), 0);
	assert_int_equal(g.n_axes, 2);
	assert_int_equal(g.axes[0].n, 4);          /* the repeated 8 once */
	assert_string_equal(g.axes[0].values[1], "8");
	assert_int_equal(whatif_grid_size(&g), 8);
	size_t idx[2];
	whatif_grid_point(&g, 5, idx);             /* last axis fastest */
	assert_int_equal(idx[0], 2);
	assert_int_equal(idx[1], 1);
	assert_int_equal(whatif_grid_add(&g, "X", "1,,2", &d), -1);
	assert_int_equal(d.n_errors, 1);

	struct whatif_variant base, v[2];
	assert_int_equal(whatif_variant_init(&base, "base", "c.yaml"), 0);
	assert_int_equal(whatif_variant_add_set(&base, "Region", "eu-west-1"), 0);
	size_t pts[] = { 0, 5 };
	assert_int_equal(whatif_grid_variants(&g, &base, pts, 2, v), 0);
	assert_string_equal(v[1].name, "MaxCount=16 CapacityType=ONDEMAND");
	assert_string_equal(v[1].config_path, "c.yaml");
	assert_int_equal(v[1].n_sets, 3);
	assert_string_equal(v[1].keys[0], "Region");
	assert_string_equal(v[1].keys[1], "Q[0].MaxCount");
	assert_string_equal(v[1].values[1], "16");
	for (int i = 0; i < 2; i++)
		whatif_variant_free(&v[i]);

	/* Two axes with the same short key are named by their full keys. */
	assert_int_equal(whatif_grid_add(&g, "Q[1].MaxCount", "1", &d), 0);
	assert_int_equal(whatif_grid_variants(&g, &base, pts, 1, v), 0);
	assert_string_equal(v[0].name, "Q[0].MaxCount=4 CapacityType=SPOT "
			    "Q[1].MaxCount=1");
	whatif_variant_free(&v[0]);
	whatif_variant_free(&base);
	whatif_grid_free(&g);
	diags_free(&d);
}

static void test_instance_types(void **state)
{
	(void)state;
	const struct catalog *cat = catalog_builtin();
	struct diags d;
	diags_init(&d);
	const char **t;
	long n = whatif_instance_types(cat, "us-east-1", "c6i.4xlarge,c6i.*", &t, &d);
	assert_true(n > 5);
	assert_string_equal(t[0], "c6i.4xlarge");
	int prev = 0;
	for (long i = 1; i < n; i++) {
		const struct instance_type *it = catalog_instance(cat, t[i]);
		assert_non_null(it);
		assert_string_equal(it->family, "c6i");
		assert_true(it->vcpus >= prev);        /* the glob's by size */
		prev = it->vcpus;
		assert_string_not_equal(t[i], "c6i.4xlarge");  /* no repeat */
	}
	free(t);
	assert_int_equal(whatif_instance_types(cat, "us-east-1", "c6i.4xlarg",
					       &t, &d), -1);
	assert_non_null(strstr(d.items[d.n - 1].text, "c6i.4xlarge"));
	assert_int_equal(whatif_instance_types(cat, "us-east-1", "zz9.*",
					       &t, &d), -1);
	assert_non_null(strstr(d.items[d.n - 1].text, "matches no"));
	diags_free(&d);
}

static void test_shards(void **state)
{
	(void)state;
	unsigned k, n;
	assert_int_equal(whatif_shard_parse("2/5", &k, &n), 0);
	assert_int_equal(k, 2);
	assert_int_equal(n, 5);
	const char *bad[] = { "0/3", "4/3", "1/0", "1", "a/b", "1/2x", "-1/2" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(whatif_shard_parse(bad[i], &k, &n), -1);
	/* Every point in exactly one shard, for sizes around the shard count. */
	for (size_t size = 0; size < 12; size++)
		for (unsigned shards = 1; shards <= 5; shards++) {
			int seen[12] = { 0 };
			for (unsigned s = 1; s <= shards; s++) {
				size_t *p;
				long c = whatif_shard_points(size, s, shards, &p);
				assert_true(c >= 0);
				for (long i = 0; i < c; i++) {
					assert_true(p[i] < size);
					seen[p[i]]++;
				}
				free(p);
			}
			for (size_t i = 0; i < size; i++)
				assert_int_equal(seen[i], 1);
		}
}

static void test_pareto(void **state)
{
	(void)state;
	/* cost, makespan */
	const double o[] = {
		1, 10,   /* front: cheapest */
		2, 5,    /* front */
		3, 5,    /* dominated by the one above */
		5, 1,    /* front: quickest */
		2, 5,    /* equal to a front point: on it too */
		6, 6,    /* dominated */
	};
	int f[6];
	whatif_pareto(o, 6, 2, f);
	const int want[] = { 1, 1, 0, 1, 1, 0 };
	assert_memory_equal(f, want, sizeof want);
	/* A third objective brings a dominated point back. */
	const double o3[] = { 1, 1, 9,  2, 2, 1 };
	whatif_pareto(o3, 2, 2, f);       /* first two columns only */
	assert_int_equal(f[0], 1);
	whatif_pareto(o3, 2, 3, f);
	assert_int_equal(f[0], 1);
	assert_int_equal(f[1], 1);
}

static void test_paired_delta(void **state)
{
	(void)state;
	struct whatif_delta dl;
	const double a[] = { 10, 12, 9, 11, 13 };
	whatif_paired_delta(a, a, 5, &dl);
	assert_true(dl.ci.mean == 0 && dl.ci.half_width == 0);
	assert_false(dl.significant);
	assert_true(dl.p_value == 1.0);
	/* b - a = 1, 2, 0, 1, 1: mean 1, sd sqrt(0.5), t = 1 / (0.7071/2.236)
	 * = 3.1623 on 4 df: two-sided p = 0.0341; interval 1 +/- 2.7764 x
	 * 0.3162 = [0.122, 1.878]. */
	const double b[] = { 11, 14, 9, 12, 14 };
	whatif_paired_delta(a, b, 5, &dl);
	assert_true(fabs(dl.ci.mean - 1.0) < 1e-12);
	assert_true(fabs(dl.p_value - 0.0341) < 5e-4);
	assert_true(fabs(dl.ci.lo - 0.1220) < 1e-3);
	assert_true(dl.significant);
	/* A noisier difference of the same mean is not significant. */
	const double c[] = { 14, 9, 13, 10, 13 };   /* 4, -3, 4, -1, 0 */
	whatif_paired_delta(a, c, 5, &dl);
	assert_false(dl.significant);
	assert_true(dl.p_value > 0.05);
	/* Every pair shifted by the same amount: significant, p = 0. */
	const double e[] = { 12, 14, 11, 13, 15 };
	whatif_paired_delta(a, e, 5, &dl);
	assert_true(dl.significant);
	assert_true(dl.p_value == 0.0);
	/* One pair: nothing is significant. */
	whatif_paired_delta(a, e, 1, &dl);
	assert_false(dl.significant);
}

static void test_targets(void **state)
{
	(void)state;
	double s;
	assert_int_equal(whatif_duration_parse("4h", &s), 0);
	assert_true(s == 14400);
	assert_int_equal(whatif_duration_parse("1h30m", &s), 0);
	assert_true(s == 5400);
	assert_int_equal(whatif_duration_parse("90", &s), 0);
	assert_true(s == 90);
	assert_int_equal(whatif_duration_parse("1.5d", &s), 0);
	assert_true(s == 129600);
	assert_int_equal(whatif_duration_parse("02:00:00", &s), 0);
	assert_true(s == 7200);
	assert_int_equal(whatif_duration_parse("1h30", &s), -1);
	assert_int_equal(whatif_duration_parse("4x", &s), -1);
	assert_int_equal(whatif_duration_parse("", &s), -1);

	struct whatif_target t;
	char err[256];
	assert_int_equal(whatif_target_parse("makespan<=4h", &t, err, sizeof err), 0);
	assert_int_equal(t.kind, TARGET_MAKESPAN);
	assert_true(t.limit_s == 14400);
	assert_int_equal(whatif_target_parse("p95-wait<=30m", &t, err, sizeof err), 0);
	assert_int_equal(t.kind, TARGET_P95_WAIT);
	assert_int_equal(whatif_target_parse("deadline=2024-05-01T18:00:00Z", &t,
					     err, sizeof err), 0);
	assert_int_equal(t.kind, TARGET_DEADLINE);
	assert_true(t.deadline_unix_ms == 1714586400000LL);
	assert_int_equal(whatif_target_parse("makespan<4h", &t, err, sizeof err), -1);
	assert_int_equal(whatif_target_parse("p95-wait<=soon", &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "not a duration"));
}

static struct whatif_point point(size_t i, double cost, double mk, double p95,
				 double unfinished)
{
	struct whatif_point p;
	memset(&p, 0, sizeof p);
	p.index = i;
	p.ok = 1;
	p.mean[WM_COST_USD] = cost;
	p.mean[WM_MAKESPAN_S] = mk;
	p.mean[WM_DONE_BY_S] = mk;
	p.mean[WM_WAIT_P95_S] = p95;
	p.mean[WM_UNFINISHED] = unfinished;
	return p;
}

static void test_judge_rank(void **state)
{
	(void)state;
	struct whatif_target t[2];
	char err[128];
	assert_int_equal(whatif_target_parse("makespan<=1h", &t[0], err, sizeof err), 0);
	assert_int_equal(whatif_target_parse("p95-wait<=10m", &t[1], err, sizeof err), 0);
	struct whatif_point p[] = {
		point(0, 5, 3000, 60, 0),     /* meets both */
		point(1, 2, 4000, 60, 0),     /* too slow */
		point(2, 1, 1000, 60, 3),     /* jobs not run */
		point(3, 4, 3600, 600, 0),    /* exactly on both limits */
		point(4, 3, 3000, 601, 0),    /* waits too long */
		point(5, 4, 3500, 0, 0),      /* ties point 3 on cost, quicker */
	};
	size_t n = sizeof p / sizeof p[0];
	for (size_t i = 0; i < n; i++)
		whatif_judge(&p[i], t, 2, -1);
	assert_true(p[0].feasible && p[3].feasible && p[5].feasible);
	assert_false(p[1].feasible || p[2].feasible || p[4].feasible);
	assert_non_null(strstr(p[1].why, "makespan"));
	assert_non_null(strstr(p[2].why, "not run"));
	assert_non_null(strstr(p[4].why, "wait p95"));
	whatif_rank(p, n);
	assert_int_equal(p[0].index, 5);     /* cheapest feasible, quicker tie */
	assert_int_equal(p[1].index, 3);
	assert_int_equal(p[2].index, 0);
	assert_int_equal(p[3].index, 2);     /* then the rest by cost */
	/* A budget below the cheapest feasible point leaves none. */
	whatif_judge(&p[0], t, 2, 3.99);
	assert_false(p[0].feasible);
	assert_non_null(strstr(p[0].why, "budget"));
	/* A dated deadline needs a trace with dates. */
	struct whatif_target dl;
	assert_int_equal(whatif_target_parse("deadline=2024-05-01T01:00:00Z", &dl,
					     err, sizeof err), 0);
	struct whatif_point q = point(0, 1, 3000, 0, 0);
	whatif_judge(&q, &dl, 1, -1);
	assert_false(q.feasible);
	q.origin_unix = 1714521600;          /* 2024-05-01T00:00:00Z */
	whatif_judge(&q, &dl, 1, -1);        /* last end at 00:50 */
	assert_true(q.feasible);
	q.mean[WM_DONE_BY_S] = 3601;
	whatif_judge(&q, &dl, 1, -1);
	assert_false(q.feasible);
}

static void test_fmt(void **state)
{
	(void)state;
	char b[64];
	whatif_fmt_value(WM_MAKESPAN_S, 7415, 0, b, sizeof b);
	assert_string_equal(b, "2h 03m");
	whatif_fmt_value(WM_MAKESPAN_S, -239, 1, b, sizeof b);
	assert_string_equal(b, "-3m 59s");
	whatif_fmt_value(WM_COST_USD, 3.4249, 0, b, sizeof b);
	assert_string_equal(b, "$3.42");
	whatif_fmt_value(WM_COST_USD, 0.26, 1, b, sizeof b);
	assert_string_equal(b, "+$0.26");
	whatif_fmt_value(WM_UTILISATION, 0.206, 0, b, sizeof b);
	assert_string_equal(b, "20.6%");
	whatif_fmt_value(WM_BSLD_MEAN, 1.0123, 0, b, sizeof b);
	assert_string_equal(b, "1.01");
}

static void test_cli_grid(void **state)
{
	(void)state;
	struct whatif_cli c;
	whatif_cli_init(&c);
	char err[256];
	assert_int_equal(whatif_cli_option(&c, WO_MAXCOUNT, "4,8", err, sizeof err), 0);
	assert_int_equal(whatif_cli_option(&c, WO_PG, "on,off", err, sizeof err), 0);
	assert_int_equal(whatif_cli_option(&c, WO_QUEUE, "spot", err, sizeof err), 0);
	assert_int_equal(whatif_cli_option(&c, WO_FSX_CAP, "1200,2400", err,
					   sizeof err), 0);
	assert_int_equal(whatif_cli_option(&c, WO_AXIS, "HeadNode.InstanceType="
					   "c6i.large,c6i.xlarge", err, sizeof err), 0);
	assert_int_equal(whatif_cli_option(&c, WO_REPS, "0", err, sizeof err), -1);
	assert_int_equal(whatif_cli_option(&c, WO_THREADS, "2x", err, sizeof err), -1);
	assert_int_equal(whatif_cli_option(&c, 'z', "x", err, sizeof err), 1);
	struct diags d;
	diags_init(&d);
	struct whatif_grid g;
	whatif_grid_init(&g);
	assert_int_equal(whatif_cli_grid(&c, catalog_builtin(), "us-east-1", &g,
					 &d), 0);
	assert_int_equal(g.n_axes, 4);
	assert_string_equal(g.axes[0].key, "Scheduling.SlurmQueues[Name=spot]."
			    "ComputeResources[0].MaxCount");
	assert_string_equal(g.axes[1].key, "Scheduling.SlurmQueues[Name=spot]."
			    "Networking.PlacementGroup.Enabled");
	assert_string_equal(g.axes[1].values[0], "true");
	assert_string_equal(g.axes[1].values[1], "false");
	assert_string_equal(g.axes[2].key, "SharedStorage[StorageType=FsxLustre]."
			    "FsxLustreSettings.StorageCapacity");
	assert_string_equal(g.axes[3].key, "HeadNode.InstanceType");
	char shape[256];
	whatif_grid_describe(&g, shape, sizeof shape);
	assert_string_equal(shape, "16 points: MaxCount x 2, Enabled x 2, "
			    "StorageCapacity x 2, InstanceType x 2");
	whatif_grid_free(&g);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_kv),
		cmocka_unit_test(test_grid),
		cmocka_unit_test(test_instance_types),
		cmocka_unit_test(test_shards),
		cmocka_unit_test(test_pareto),
		cmocka_unit_test(test_paired_delta),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_judge_rank),
		cmocka_unit_test(test_fmt),
		cmocka_unit_test(test_cli_grid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
