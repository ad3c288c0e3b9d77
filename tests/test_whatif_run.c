/*
 * The what-if checks on real simulations: a config compared with itself
 * differs by exactly zero; doubling MaxCount on a saturated workload
 * shortens the makespan; a 20-point sweep on 2 threads equals the
 * sequential one run for run and byte for byte in the DB; the shards of a
 * sweep merged equal the unsharded sweep; plan's choice meets its target
 * and no cheaper point of the space does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "sim/diag.h"
#include "sim/shard.h"
#include "sim/sha256.h"
#include "sim/store.h"
#include "sim/whatif.h"

/* One queue of c6i.4xlarge (16 vCPUs) scaling from zero. */
static const char config_yaml[] =
	"Region: us-east-1\n"
	"Image:\n  Os: alinux2023\n"
	"HeadNode:\n  InstanceType: c6i.large\n"
	"  Networking:\n    SubnetId: subnet-0123456789abcdef0\n"
	"Scheduling:\n  Scheduler: slurm\n  SlurmQueues:\n"
	"    - Name: work\n"
	"      Networking:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n"
	"      ComputeResources:\n"
	"        - Name: cr\n"
	"          InstanceType: c6i.4xlarge\n"
	"          MinCount: 0\n"
	"          MaxCount: 4\n";

struct fx {
	char dir[64];
	char config[96], trace[96];
	struct whatif_common c;
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* 32 whole-node jobs of 30 minutes submitted at once: 4 nodes run them in
 * 8 waves, 8 nodes in 4. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/pclsim-whatif-XXXXXX");
	if (!f || !mkdtemp(f->dir))
		return -1;
	snprintf(f->config, sizeof f->config, "%s/c.yaml", f->dir);
	snprintf(f->trace, sizeof f->trace, "%s/t.csv", f->dir);
	write_file(f->config, config_yaml);
	char trace[4096];
	int off = snprintf(trace, sizeof trace, "job_id,submit,runtime,time_limit,cpus\n");
	for (int i = 1; i <= 32; i++)
		off += snprintf(trace + off, sizeof trace - (size_t)off,
				"%d,%d,1800,3600,16\n", i, i);
	write_file(f->trace, trace);
	whatif_common_init(&f->c);
	f->c.trace_path = f->trace;
	f->c.threads = 2;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void variant(struct whatif_variant *v, const struct fx *f,
		    const char *name, const char *max_count)
{
	assert_int_equal(whatif_variant_init(v, name, f->config), 0);
	if (max_count)
		assert_int_equal(whatif_variant_add_set(v, "Scheduling.SlurmQueues[0]."
			"ComputeResources[0].MaxCount", max_count), 0);
}

static void free_runs(struct whatif_run *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		whatif_run_free(&r[i]);
}

static void test_self_compare(void **state)
{
	struct fx *f = *state;
	f->c.replications = 3;
	struct whatif_variant v[2];
	variant(&v[0], f, "a", NULL);
	variant(&v[1], f, "b", NULL);
	struct whatif_run r[6];
	assert_int_equal(whatif_run_all(&f->c, v, 2, NULL, r), 0);
	for (int m = 0; m < WM_COUNT; m++) {
		struct whatif_delta dl;
		whatif_delta_of(&r[0], &r[3], 3, (enum whatif_metric)m, &dl);
		assert_true(dl.ci.mean == 0 && dl.ci.lo == 0 && dl.ci.hi == 0);
		assert_false(dl.significant);
	}
	assert_true(r[0].v[WM_MAKESPAN_S] > 0);
	assert_true(r[0].v[WM_COST_USD] > 0);
	free_runs(r, 6);
	whatif_variant_free(&v[0]);
	whatif_variant_free(&v[1]);
	f->c.replications = 1;
}

static void test_double_max_count(void **state)
{
	struct fx *f = *state;
	f->c.replications = 2;
	struct whatif_variant v[2];
	variant(&v[0], f, "max4", "4");
	variant(&v[1], f, "max8", "8");
	struct whatif_run r[4];
	assert_int_equal(whatif_run_all(&f->c, v, 2, NULL, r), 0);
	for (int k = 0; k < 2; k++) {
		assert_true(r[2 + k].v[WM_MAKESPAN_S] < r[k].v[WM_MAKESPAN_S]);
		assert_true(r[2 + k].v[WM_WAIT_P95_S] < r[k].v[WM_WAIT_P95_S]);
	}
	/* Eight waves of 30 minutes against four. */
	assert_true(r[0].v[WM_MAKESPAN_S] >= 8 * 1800);
	assert_true(r[2].v[WM_MAKESPAN_S] < 5 * 1800);
	struct whatif_delta dl;
	whatif_delta_of(&r[0], &r[2], 2, WM_MAKESPAN_S, &dl);
	assert_true(dl.ci.mean < 0);
	assert_true(dl.significant);
	free_runs(r, 4);
	whatif_variant_free(&v[0]);
	whatif_variant_free(&v[1]);
	f->c.replications = 1;
}

/* The 20-point grid: 4 instance types x 5 MaxCounts. */
static void grid20(const struct fx *f, struct whatif_grid *g,
		   struct whatif_variant *base)
{
	struct diags d;
	diags_init(&d);
	whatif_grid_init(g);
	assert_int_equal(whatif_grid_add(g, "Scheduling.SlurmQueues[0]."
		"ComputeResources[0].InstanceType",
		"c6i.4xlarge,c6i.8xlarge,c7i.4xlarge,m6i.4xlarge", &d), 0);
	assert_int_equal(whatif_grid_add(g, "Scheduling.SlurmQueues[0]."
		"ComputeResources[0].MaxCount", "1,2,4,8,16", &d), 0);
	assert_int_equal(whatif_grid_size(g), 20);
	assert_int_equal(whatif_variant_init(base, "base", f->config), 0);
	diags_free(&d);
}

/* Every row of every table, in rowid order, hashed; with_ids 0 leaves the
 * run ids out and orders runs by label (for merged DBs). */
static void db_digest(const char *path, int with_ids, uint8_t dg[SHA256_DIGEST_BYTES])
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	struct sha256 h;
	sha256_init(&h);
	const char *tables[] = { "runs", "jobs", "job_nodes", "nodes", "events",
				 "timeseries", "costs" };
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		char sql[512];
		if (!strcmp(tables[t], "runs"))
			snprintf(sql, sizeof sql, "SELECT %s * FROM runs ORDER BY %s",
				 "label, replication,", with_ids ? "id" :
				 "label, replication");
		else
			snprintf(sql, sizeof sql, "SELECT r.label, r.replication, "
				 "t.* FROM %s t JOIN runs r ON r.id = t.run_id "
				 "ORDER BY %s", tables[t], with_ids ? "t.rowid" :
				 "r.label, r.replication, t.rowid");
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		size_t rows = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const char *name = sqlite3_column_name(st, c);
				if (!with_ids && (!strcmp(name, "id") ||
						  !strcmp(name, "run_id")))
					continue;
				const unsigned char *v = sqlite3_column_text(st, c);
				sha256_update(&h, v ? v : (const unsigned char *)"\1",
					      v ? strlen((const char *)v) + 1 : 1);
			}
			rows++;
		}
		assert_true(rows > 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	sha256_final(&h, dg);
}

static void run_into(struct fx *f, const struct whatif_grid *g,
		     const struct whatif_variant *base, unsigned k, unsigned n,
		     unsigned threads, const char *db_path, struct whatif_run *out)
{
	size_t *pts;
	long np = whatif_shard_points(whatif_grid_size(g), k, n, &pts);
	assert_true(np > 0);
	struct whatif_variant *v = calloc((size_t)np, sizeof *v);
	assert_non_null(v);
	assert_int_equal(whatif_grid_variants(g, base, pts, (size_t)np, v), 0);
	struct store *db;
	char err[512];
	unlink(db_path);
	assert_int_equal(store_open(db_path, &db, err, sizeof err), 0);
	f->c.threads = threads;
	assert_int_equal(whatif_run_all(&f->c, v, (size_t)np, db, out), 0);
	assert_int_equal(store_close(db, err, sizeof err), 0);
	for (long i = 0; i < np; i++)
		whatif_variant_free(&v[i]);
	free(v);
	free(pts);
}

static void test_sweep_threads_and_shards(void **state)
{
	struct fx *f = *state;
	struct whatif_grid g;
	struct whatif_variant base;
	grid20(f, &g, &base);
	char seq[128], par[128], shard[3][128], merged[128];
	snprintf(seq, sizeof seq, "%s/seq.db", f->dir);
	snprintf(par, sizeof par, "%s/par.db", f->dir);
	snprintf(merged, sizeof merged, "%s/merged.db", f->dir);
	struct whatif_run a[20], b[20], s[20];
	run_into(f, &g, &base, 1, 1, 1, seq, a);
	run_into(f, &g, &base, 1, 1, 2, par, b);
	for (int i = 0; i < 20; i++) {
		assert_true(a[i].ok && b[i].ok);
		assert_memory_equal(a[i].v, b[i].v, sizeof a[i].v);
		assert_true(a[i].run_id == i + 1 && b[i].run_id == i + 1);
	}
	uint8_t ha[SHA256_DIGEST_BYTES], hb[SHA256_DIGEST_BYTES], hm[SHA256_DIGEST_BYTES];
	db_digest(seq, 1, ha);
	db_digest(par, 1, hb);
	assert_memory_equal(ha, hb, sizeof ha);
	/* Three shards of 7, 7 and 6 points, merged. */
	const char *ins[3];
	size_t at = 0;
	for (unsigned k = 1; k <= 3; k++) {
		snprintf(shard[k - 1], sizeof shard[k - 1], "%s/s%u.db", f->dir, k);
		run_into(f, &g, &base, k, 3, 2, shard[k - 1], s + at);
		at += k < 3 ? 7 : 6;
		ins[k - 1] = shard[k - 1];
	}
	assert_int_equal(at, 20);
	/* Point k - 1 + 3i of the grid is slot i of shard k. */
	for (unsigned k = 1, off = 0; k <= 3; off += k < 3 ? 7 : 6, k++)
		for (size_t i = 0; k - 1 + 3 * i < 20; i++)
			assert_memory_equal(s[off + i].v, a[k - 1 + 3 * i].v,
					    sizeof a[0].v);
	char err[512];
	int64_t runs;
	assert_int_equal(shard_merge(merged, ins, 3, &runs, err, sizeof err), 0);
	assert_int_equal(runs, 20);
	db_digest(seq, 0, ha);
	db_digest(merged, 0, hm);
	assert_memory_equal(ha, hm, sizeof ha);
	/* Run ids are 1..20 with every reference renumbered. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(merged, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT MIN(id), MAX(id), "
		"(SELECT COUNT(*) FROM jobs WHERE run_id NOT IN (SELECT id FROM runs)) "
		"FROM runs", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_int_equal(sqlite3_column_int(st, 1), 20);
	assert_int_equal(sqlite3_column_int(st, 2), 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* A bad input leaves the output as it was. */
	const char *bad[] = { shard[0], f->config };
	assert_int_equal(shard_merge(merged, bad, 2, &runs, err, sizeof err), -1);
	assert_non_null(strstr(err, "c.yaml"));
	db_digest(merged, 0, hm);
	assert_memory_equal(ha, hm, sizeof ha);
	free_runs(a, 20);
	free_runs(b, 20);
	free_runs(s, 20);
	whatif_variant_free(&base);
	whatif_grid_free(&g);
}

static void test_plan_choice(void **state)
{
	struct fx *f = *state;
	struct whatif_grid g;
	struct whatif_variant base;
	grid20(f, &g, &base);
	size_t pts[20];
	for (size_t i = 0; i < 20; i++)
		pts[i] = i;
	struct whatif_variant v[20];
	assert_int_equal(whatif_grid_variants(&g, &base, pts, 20, v), 0);
	struct whatif_run r[20];
	f->c.threads = 2;
	assert_int_equal(whatif_run_all(&f->c, v, 20, NULL, r), 0);
	struct whatif_target t;
	char err[128];
	assert_int_equal(whatif_target_parse("makespan<=2h30m", &t, err, sizeof err), 0);
	struct whatif_point p[20];
	size_t feasible = 0;
	for (size_t i = 0; i < 20; i++) {
		whatif_point_of(&r[i], 1, i, &p[i]);
		whatif_judge(&p[i], &t, 1, -1);
		feasible += p[i].feasible;
	}
	assert_true(feasible > 0 && feasible < 20);   /* the target bites */
	whatif_rank(p, 20);
	const struct whatif_run *best = &r[p[0].index];
	assert_true(p[0].feasible);
	assert_true(best->v[WM_MAKESPAN_S] <= 9000);
	assert_true(best->v[WM_UNFINISHED] == 0);
	/* Brute force: no point that meets the target is cheaper. */
	for (size_t i = 0; i < 20; i++)
		if (r[i].v[WM_MAKESPAN_S] <= 9000 && r[i].v[WM_UNFINISHED] == 0)
			assert_true(r[i].v[WM_COST_USD] >= best->v[WM_COST_USD]);
	free_runs(r, 20);
	for (size_t i = 0; i < 20; i++)
		whatif_variant_free(&v[i]);
	whatif_variant_free(&base);
	whatif_grid_free(&g);
}

static void test_bad_variant(void **state)
{
	struct fx *f = *state;
	struct whatif_variant v;
	assert_int_equal(whatif_variant_init(&v, "typo", f->config), 0);
	assert_int_equal(whatif_variant_add_set(&v, "Scheduling.SlurmQueues[0]."
		"ComputeResources[0].MaxCont", "8"), 0);
	struct whatif_run r;
	assert_int_equal(whatif_run_all(&f->c, &v, 1, NULL, &r), 1);
	assert_false(r.ok);
	assert_non_null(r.error);
	assert_non_null(strstr(r.error, "MaxCont"));
	whatif_run_free(&r);
	whatif_variant_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self_compare),
		cmocka_unit_test(test_double_max_count),
		cmocka_unit_test(test_sweep_threads_and_shards),
		cmocka_unit_test(test_plan_choice),
		cmocka_unit_test(test_bad_variant),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
