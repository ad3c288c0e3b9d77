/* The results DB and the JSON document: SQL queries against the DB agree
 * with the JSON and with the records; new DBs appear atomically; runs are
 * appended one transaction each; a writer killed inside its transaction
 * leaves an existing DB as it was; concurrent writers are serialised; the
 * same run gives byte-identical JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "sim/results_json.h"
#include "sim/runinfo.h"
#include "sim/stats.h"
#include "sim/store.h"

#include "tests/test_cost_world.h"

/* A priced run with its metadata and statistics. */
struct fixture {
	struct world *w;
	struct run_info info;
	struct run_stats stats;
	struct results res;
	char dir[64];
};

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* n_events extra events make a run big enough to spill pages to disk. */
static struct fixture *fixture_new(const char *dir, size_t n_events)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "%s", dir);
	f->w = mixed_world();
	struct run_result *r = &f->w->r;
	r->makespan_ms = r->end_ms - r->start_ms;
	r->n_launches = r->n_node_lives;
	r->n_spot_interruptions = 1;
	r->events = calloc(n_events + 2, sizeof *r->events);
	r->events[0] = (struct result_event){ 0, 100, -1, EV_JOB_SUBMIT, 0 };
	r->events[1] = (struct result_event){ 5000, -1, 3, EV_NODE_UP, 0 };
	for (size_t i = 0; i < n_events; i++)
		r->events[2 + i] = (struct result_event){ 6000 + (int64_t)i, (int64_t)i, -1,
							  EV_JOB_END, (int32_t)i };
	r->n_events = n_events + 2;
	r->samples = calloc(2, sizeof *r->samples);
	r->samples[0] = (struct ts_sample){ .time_ms = 0, .queue = 0, .pending_jobs = 3 };
	r->samples[1] = (struct ts_sample){ .time_ms = 60000, .queue = 1, .running_jobs = 2 };
	r->samples[1].nodes[NS_ALLOCATED] = 4;
	r->n_samples = 2;
	assert_int_equal(run_cost(f->w, catalog_builtin(), NULL), 0);
	assert_int_equal(run_stats_compute(r, &f->stats), 0);

	char path[128], err[256];
	run_info_init(&f->info);
	snprintf(path, sizeof path, "%s/cluster.yaml", dir);
	write_file(path, "Region: us-east-1\n");
	assert_int_equal(run_info_add_input(&f->info, "config", path, err, sizeof err), 0);
	snprintf(path, sizeof path, "%s/jobs.csv", dir);
	write_file(path, "submit,runtime,cpus\n0,60,1\n");
	assert_int_equal(run_info_add_input(&f->info, "trace", path, err, sizeof err), 0);
	assert_int_equal(run_info_add_param(&f->info, "boot_median_s", "290"), 0);
	assert_int_equal(run_info_add_override(&f->info, "Region=us-east-1"), 0);
	run_info_set(&f->info.label, "baseline \"quoted\"");
	run_info_set(&f->info.policy, "slurm");
	run_info_set(&f->info.catalog_date, catalog_data_date(catalog_builtin()));
	run_info_set(&f->info.region, "us-east-1");
	f->info.seed = 42;
	f->info.replication = 0;
	f->res = (struct results){ &f->info, r, &f->stats, &f->w->s, &f->w->names };
	return f;
}

static void fixture_free(struct fixture *f)
{
	run_stats_free(&f->stats);
	run_info_free(&f->info);
	world_free(f->w);
	free(f);
}

static char *emit_json(const struct results *res)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	assert_int_equal(results_json_emit(fp, res), 0);
	fclose(fp);
	return text;
}

static void temp_dir(char *buf, size_t size)
{
	snprintf(buf, size, "/tmp/pclsim-store-XXXXXX");
	assert_non_null(mkdtemp(buf));
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* Entries of dir whose name contains part. */
static int count_files(const char *dir, const char *part)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d)))
		n += strstr(e->d_name, part) != NULL;
	if (d)
		closedir(d);
	return n;
}

static int64_t query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static double query_real(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	double v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	return v;
}

static sqlite3 *open_ro(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	return db;
}

static void write_db(const char *path, struct fixture *f, int64_t *id)
{
	struct store *s;
	char err[256];
	int rc = store_open(path, &s, err, sizeof err);
	if (rc)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	rc = store_add_run(s, &f->res, id, err, sizeof err);
	if (rc)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	assert_int_equal(store_close(s, err, sizeof err), 0);
}

/* ---- the DB agrees with the JSON and the records ------------------------------ */

static void db_matches_json(void **state)
{
	(void)state;
	char dir[64], path[128];
	temp_dir(dir, sizeof dir);
	struct fixture *f = fixture_new(dir, 10);
	snprintf(path, sizeof path, "%s/results.db", dir);
	int64_t id = 0;
	write_db(path, f, &id);
	assert_int_equal(id, 1);
	assert_int_equal(count_files(dir, ".tmp."), 0);
	char *json = emit_json(&f->res);
	sqlite3 *db = open_ro(path);

	/* Every costs row of the DB is in the JSON breakdown, same amount. */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT category, key, cents FROM costs WHERE run_id = 1 ORDER BY rowid",
		-1, &st, NULL), SQLITE_OK);
	size_t n_rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char want[256];
		int64_t cents = sqlite3_column_int64(st, 2);
		snprintf(want, sizeof want, "\"%s\": %lld.%02lld",
			 (const char *)sqlite3_column_text(st, 1),
			 (long long)(cents / 100), (long long)(cents % 100));
		if (!strstr(json, want))
			fail_msg("JSON lacks %s (category %s)", want,
				 (const char *)sqlite3_column_text(st, 0));
		n_rows++;
	}
	sqlite3_finalize(st);
	assert_int_equal(n_rows, f->w->s.n_rows);

	/* The runs row carries the JSON's figures. */
	char want[256];
	snprintf(want, sizeof want, "\"total_usd\": %.2f",
		 query_real(db, "SELECT total_usd FROM runs WHERE id = 1"));
	assert_non_null(strstr(json, want));
	snprintf(want, sizeof want, "\"idle_usd\": %.2f",
		 query_real(db, "SELECT idle_usd FROM runs WHERE id = 1"));
	assert_non_null(strstr(json, want));
	snprintf(want, sizeof want, "\"sha256\": \"%s\"", f->info.inputs[0].sha256);
	assert_non_null(strstr(json, want));
	sqlite3_prepare_v2(db, "SELECT config_sha256, scenario, overrides, label, seed FROM runs", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(sqlite3_column_text(st, 0), f->info.inputs[0].sha256);
	assert_string_equal(sqlite3_column_text(st, 1), "{\"boot_median_s\":\"290\"}");
	assert_string_equal(sqlite3_column_text(st, 2), "[\"Region=us-east-1\"]");
	assert_string_equal(sqlite3_column_text(st, 3), "baseline \"quoted\"");
	assert_int_equal(sqlite3_column_int64(st, 4), 42);
	sqlite3_finalize(st);
	snprintf(want, sizeof want, "\"makespan_s\": %.3f",
		 query_int(db, "SELECT makespan_ms FROM runs") / 1000.0);
	assert_non_null(strstr(json, want));
	snprintf(want, sizeof want, "\"utilisation\": %.6f",
		 query_real(db, "SELECT utilisation FROM runs"));
	assert_non_null(strstr(json, want));

	/* Breakdowns sum to the total in SQL too. */
	int64_t total = query_int(db, "SELECT cents FROM costs WHERE category = 'total'");
	assert_int_equal(total, f->w->s.total_cents);
	assert_int_equal(query_int(db, "SELECT sum(cents) FROM costs WHERE category = 'item'"), total);
	assert_int_equal(query_int(db, "SELECT sum(cents) FROM costs WHERE category = 'queue'"),
			 query_int(db, "SELECT cents FROM costs WHERE category = 'part' AND key = 'compute'"));
	assert_int_equal(query_int(db, "SELECT sum(cents) FROM costs WHERE category = 'user'"),
			 query_int(db, "SELECT cents FROM costs WHERE category = 'usage' AND key = 'jobs'"));
	/* Records: one row each, and the per-job and per-life costs add up to
	 * the compute bill within the rounding of its lines. */
	assert_int_equal(query_int(db, "SELECT count(*) FROM jobs"), f->w->r.n_jobs);
	assert_int_equal(query_int(db, "SELECT count(*) FROM nodes"), f->w->r.n_node_lives);
	assert_int_equal(query_int(db, "SELECT count(*) FROM events"), f->w->r.n_events);
	assert_int_equal(query_int(db, "SELECT count(*) FROM timeseries"), 2);
	assert_int_equal(query_int(db, "SELECT allocated FROM timeseries WHERE queue = 'spotq'"), 4);
	double lives = query_real(db, "SELECT sum(cost_usd) FROM nodes");
	assert_true(fabs(lives * 100 - (double)f->w->s.compute_cents) <= 0.5 * f->w->s.n_items);
	double jobs = query_real(db, "SELECT sum(cost_usd) FROM jobs");
	assert_true(fabs(jobs * 100 - (double)f->w->s.jobs_cents) <= 0.5);
	/* Every job ran on nodes that had an instance while it ran. */
	assert_int_equal(query_int(db,
		"SELECT count(*) FROM job_nodes jn JOIN jobs j USING (run_id, job_id) "
		"WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.run_id = jn.run_id "
		"AND n.node = jn.node AND n.launch_ms <= j.start_ms AND j.end_ms <= n.end_ms)"), 0);
	assert_int_equal(query_int(db, "SELECT count(*) FROM job_nodes"), f->w->r.n_alloc);
	/* A user's cost in SQL (sum of its jobs) is its breakdown row. */
	double ann = query_real(db, "SELECT sum(cost_usd) FROM jobs WHERE user = 'ann'");
	assert_true(fabs(ann * 100 - (double)cost_row_cents(&f->w->s, "user", "ann")) <= 1.0);
	/* Absent times are NULL, not -1. */
	assert_int_equal(query_int(db, "SELECT count(*) FROM events WHERE job_id IS NULL"), 1);

	sqlite3_close(db);
	free(json);
	fixture_free(f);
	remove_dir(dir);
}

static void runs_are_appended(void **state)
{
	(void)state;
	char dir[64], path[128];
	temp_dir(dir, sizeof dir);
	struct fixture *f = fixture_new(dir, 0);
	snprintf(path, sizeof path, "%s/results.db", dir);
	int64_t id1 = 0, id2 = 0;
	write_db(path, f, &id1);
	f->info.seed = 43;
	write_db(path, f, &id2);
	assert_int_equal(id1, 1);
	assert_int_equal(id2, 2);
	sqlite3 *db = open_ro(path);
	assert_int_equal(query_int(db, "SELECT count(*) FROM runs"), 2);
	assert_int_equal(query_int(db, "SELECT seed FROM runs WHERE id = 2"), 43);
	assert_int_equal(query_int(db, "SELECT count(*) FROM jobs WHERE run_id = 2"), f->w->r.n_jobs);
	assert_int_equal(query_int(db, "SELECT count(DISTINCT run_id) FROM costs"), 2);
	assert_int_equal(query_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	sqlite3_close(db);
	fixture_free(f);
	remove_dir(dir);
}

static void aborted_new_db_leaves_nothing(void **state)
{
	(void)state;
	char dir[64], path[128], err[256];
	temp_dir(dir, sizeof dir);
	struct fixture *f = fixture_new(dir, 0);
	snprintf(path, sizeof path, "%s/results.db", dir);
	struct store *s;
	assert_int_equal(store_open(path, &s, err, sizeof err), 0);
	assert_int_equal(store_add_run(s, &f->res, NULL, err, sizeof err), 0);
	assert_int_equal(count_files(dir, "results.db.tmp."), 1);
	assert_int_equal(access(path, F_OK), -1);   /* not visible before close */
	store_abort(s);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(count_files(dir, "results.db"), 0);
	fixture_free(f);
	remove_dir(dir);
}

static void foreign_files_are_refused(void **state)
{
	(void)state;
	char dir[64], path[128], err[256];
	temp_dir(dir, sizeof dir);
	struct store *s;

	snprintf(path, sizeof path, "%s/notes.txt", dir);
	write_file(path, "these are not the results you are looking for\n");
	assert_int_equal(store_open(path, &s, err, sizeof err), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "not a results DB"));

	snprintf(path, sizeof path, "%s/other.db", dir);
	sqlite3 *db;
	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &s, err, sizeof err), -1);
	assert_non_null(strstr(err, "not a pclsim results DB"));

	snprintf(path, sizeof path, "%s/newer.db", dir);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE t(x); PRAGMA application_id=1885564019;"
		     "PRAGMA user_version=99", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &s, err, sizeof err), -1);
	assert_non_null(strstr(err, "newer"));

	assert_int_equal(store_open(dir, &s, err, sizeof err), -1);

	/* An empty file (touch results.db) is taken as a new, empty DB. */
	snprintf(path, sizeof path, "%s/empty.db", dir);
	write_file(path, "");
	assert_int_equal(store_open(path, &s, err, sizeof err), 0);
	assert_int_equal(store_close(s, err, sizeof err), 0);
	db = open_ro(path);
	assert_int_equal(query_int(db, "SELECT count(*) FROM runs"), 0);
	sqlite3_close(db);
	remove_dir(dir);
}

/* ---- killed inside the transaction ----------------------------------------------- */

static int kill_after(void *calls)
{
	if (--*(int *)calls == 0)
		raise(SIGKILL);
	return 0;
}

static void killed_writer_leaves_db_intact(void **state)
{
	(void)state;
	char dir[64], path[128], journal[160], err[256];
	temp_dir(dir, sizeof dir);
	struct fixture *f = fixture_new(dir, 0);
	snprintf(path, sizeof path, "%s/results.db", dir);
	snprintf(journal, sizeof journal, "%s-journal", path);
	write_db(path, f, NULL);
	struct stat before;
	assert_int_equal(stat(path, &before), 0);
	fixture_free(f);

	/* A big run, so the child's transaction writes pages into the DB
	 * file before it is killed. */
	f = fixture_new(dir, 200000);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *s;
		if (store_open(path, &s, err, sizeof err) != 0)
			_exit(3);
		sqlite3_exec(store_db(s), "PRAGMA cache_size=20", NULL, NULL, NULL);
		/* Each callback is 1000 VM steps: kill well inside the inserts. */
		static int calls = 3000;
		sqlite3_progress_handler(store_db(s), 1000, kill_after, &calls);
		store_add_run(s, &f->res, NULL, err, sizeof err);
		_exit(4);      /* not reached if the kill came in time */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	/* The child had changed the DB file (a hot journal remains). */
	assert_int_equal(access(journal, F_OK), 0);
	struct stat mid;
	assert_int_equal(stat(path, &mid), 0);

	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	assert_int_equal(query_int(db, "SELECT count(*) FROM runs"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM events"), 2);
	assert_int_equal(query_int(db, "SELECT count(*) FROM jobs"), f->w->r.n_jobs);
	sqlite3_close(db);
	assert_int_equal(access(journal, F_OK), -1);   /* rolled back */

	/* And it still takes new runs. */
	write_db(path, f, NULL);
	db = open_ro(path);
	assert_int_equal(query_int(db, "SELECT count(*) FROM runs"), 2);
	assert_int_equal(query_int(db, "SELECT count(*) FROM events"), 200004);
	sqlite3_close(db);
	fixture_free(f);
	remove_dir(dir);
}

/* ---- several writer threads ------------------------------------------------------ */

struct writer {
	struct store *s;
	const struct results *res;
	int rc;
};

static void *write_runs(void *arg)
{
	struct writer *w = arg;
	char err[256];
	for (int i = 0; i < 5 && w->rc == 0; i++)
		w->rc = store_add_run(w->s, w->res, NULL, err, sizeof err);
	return NULL;
}

static void concurrent_writers_are_serialised(void **state)
{
	(void)state;
	char dir[64], path[128], err[256];
	temp_dir(dir, sizeof dir);
	struct fixture *f = fixture_new(dir, 100);
	snprintf(path, sizeof path, "%s/results.db", dir);
	struct store *s;
	assert_int_equal(store_open(path, &s, err, sizeof err), 0);
	pthread_t t[3];
	struct writer w[3];
	for (int i = 0; i < 3; i++) {
		w[i] = (struct writer){ s, &f->res, 0 };
		pthread_create(&t[i], NULL, write_runs, &w[i]);
	}
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].rc, 0);
	}
	assert_int_equal(store_close(s, err, sizeof err), 0);
	sqlite3 *db = open_ro(path);
	assert_int_equal(query_int(db, "SELECT count(*) FROM runs"), 15);
	assert_int_equal(query_int(db, "SELECT count(*) FROM events"), 15 * 102);
	/* No run's rows are mixed with another's: each has all its jobs. */
	assert_int_equal(query_int(db,
		"SELECT count(*) FROM (SELECT run_id, count(*) n FROM jobs GROUP BY run_id) "
		"WHERE n != (SELECT jobs FROM runs LIMIT 1)"), 0);
	sqlite3_close(db);
	fixture_free(f);
	remove_dir(dir);
}

/* ---- the JSON document --------------------------------------------------------------- */

static void same_run_same_json_bytes(void **state)
{
	(void)state;
	char dir[64], path[128], err[256];
	temp_dir(dir, sizeof dir);
	struct fixture *a = fixture_new(dir, 50), *b = fixture_new(dir, 50);
	char *ja = emit_json(&a->res), *jb = emit_json(&b->res);
	assert_string_equal(ja, jb);
	assert_non_null(strstr(ja, "\"schema_version\": 1,"));
	assert_non_null(strstr(ja, "\"label\": \"baseline \\\"quoted\\\"\""));
	/* The file written atomically holds the same bytes. */
	snprintf(path, sizeof path, "%s/run.json", dir);
	assert_int_equal(results_json_write(path, &a->res, err, sizeof err), 0);
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	char *file = calloc(1, strlen(ja) + 2);
	size_t n = fread(file, 1, strlen(ja) + 1, fp);
	fclose(fp);
	assert_int_equal(n, strlen(ja));
	assert_string_equal(file, ja);
	assert_int_equal(count_files(dir, ".tmp."), 0);
	/* A different run gives a different document. */
	b->info.seed = 7;
	char *jc = emit_json(&b->res);
	assert_string_not_equal(ja, jc);
	free(ja);
	free(jb);
	free(jc);
	free(file);
	fixture_free(a);
	fixture_free(b);
	remove_dir(dir);
}

static void results_write_both_outputs(void **state)
{
	(void)state;
	char dir[64], json[128], db[128], err[256];
	temp_dir(dir, sizeof dir);
	struct fixture *f = fixture_new(dir, 5);
	snprintf(json, sizeof json, "%s/run.json", dir);
	snprintf(db, sizeof db, "%s/results.db", dir);
	assert_int_equal(results_write(&f->res, json, db, err, sizeof err), 0);
	assert_int_equal(results_write(&f->res, NULL, db, err, sizeof err), 0);
	assert_int_equal(access(json, R_OK), 0);
	sqlite3 *d = open_ro(db);
	assert_int_equal(query_int(d, "SELECT count(*) FROM runs"), 2);
	sqlite3_close(d);
	/* A DB in a missing directory: an error naming it, the JSON intact. */
	snprintf(db, sizeof db, "%s/no/such/dir/results.db", dir);
	assert_int_equal(results_write(&f->res, json, db, err, sizeof err), -1);
	assert_non_null(strstr(err, db));
	assert_int_equal(count_files(dir, ".tmp."), 0);
	fixture_free(f);
	remove_dir(dir);
}

/* ---- schema 2: storage figures and job-time sums ----------------------------- */

static void with_storage(struct fixture *f)
{
	struct run_result *r = &f->w->r;
	r->jobs[0].io_ms = 1500;
	r->jobs[0].comm_ms = 250;
	r->jobs[1].io_ms = 500;
	r->jobs[1].lost_ms = 60000;
	r->storage = (struct storage_result){
		.present = 1, .name = "lustre", .baseline_bps = 240e6,
		.peak_bps = 312e6, .peak_net_fraction = 1.3,
		.bytes_read = 4e9, .bytes_written = 1e9, .cold_bytes = 2e9,
		.stored_bytes = 3e9, .peak_stored_bytes = 3.5e9,
		.capacity_bytes = 1288490188800.0, .overflow_bytes = 0,
		.busy_ms = 20000, .saturated_ms = 15000, .burst_ms = 4000,
		.export_ms = 4167, .export_counted = 1 };
}

static void storage_and_job_times_in_db_and_json(void **state)
{
	(void)state;
	char dir[64], path[128];
	temp_dir(dir, sizeof dir);
	struct fixture *f = fixture_new(dir, 0);
	with_storage(f);
	snprintf(path, sizeof path, "%s/results.db", dir);
	write_db(path, f, NULL);
	sqlite3 *db = open_ro(path);
	assert_int_equal(query_int(db, "SELECT io_ms FROM runs"), 2000);
	assert_int_equal(query_int(db, "SELECT comm_ms FROM runs"), 250);
	assert_int_equal(query_int(db, "SELECT lost_work_ms FROM runs"), 60000);
	assert_int_equal(query_int(db, "SELECT lost_work_ms FROM runs"),
			 query_int(db, "SELECT sum(lost_ms) FROM jobs"));
	assert_int_equal(query_int(db, "SELECT count(*) FROM storage WHERE "
				   "run_id = 1 AND name = 'lustre'"), 1);
	assert_true(query_real(db, "SELECT baseline_mb_s FROM storage") == 240);
	assert_true(query_real(db, "SELECT peak_baseline_fraction FROM storage") == 1.3);
	assert_int_equal(query_int(db, "SELECT bottleneck_ms FROM storage"), 15000);
	assert_true(query_real(db, "SELECT from_s3_bytes FROM storage") == 2e9);
	assert_int_equal(query_int(db, "SELECT export_in_makespan FROM storage"), 1);
	sqlite3_close(db);
	char *json = emit_json(&f->res);
	const char *want[] = {
		"\"lost_work_s\": 60.000,", "\"io_s\": 2.000,", "\"comm_s\": 0.250,",
		"\"storage\": {", "\"name\": \"lustre\",", "\"baseline_mb_s\": 240.000,",
		"\"peak_mb_s\": 312.000,", "\"bottleneck_s\": 15.000,",
		"\"from_s3_bytes\": 2000000000,", "\"capacity_bytes\": 1288490188800,",
		"\"export_s\": 4.167,", "\"export_in_makespan\": true" };
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		if (!strstr(json, want[i]))
			fail_msg("JSON lacks %s", want[i]);
	free(json);
	f->w->r.storage.present = 0;
	json = emit_json(&f->res);
	assert_non_null(strstr(json, "\"storage\": null"));
	free(json);
	fixture_free(f);
	remove_dir(dir);
}

/* A DB written by schema 1 (no job-time sums, no storage tables) is
 * upgraded when a run is added: its runs stay, with NULL where it had
 * nothing, and the new run carries everything. */
static void schema_1_db_is_upgraded(void **state)
{
	(void)state;
	char dir[64], path[128];
	temp_dir(dir, sizeof dir);
	struct fixture *f = fixture_new(dir, 0);
	with_storage(f);
	snprintf(path, sizeof path, "%s/results.db", dir);
	write_db(path, f, NULL);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"ALTER TABLE runs DROP COLUMN lost_work_ms;"
		"ALTER TABLE runs DROP COLUMN io_ms;"
		"ALTER TABLE runs DROP COLUMN comm_ms;"
		"DROP TABLE storage; DROP TABLE storage_timeseries;"
		"PRAGMA user_version=1;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	int64_t id = 0;
	write_db(path, f, &id);
	assert_int_equal(id, 2);
	db = open_ro(path);
	assert_int_equal(query_int(db, "PRAGMA user_version"), 2);
	assert_int_equal(query_int(db, "SELECT count(*) FROM runs"), 2);
	assert_int_equal(query_int(db, "SELECT count(*) FROM runs WHERE id = 1 "
				   "AND io_ms IS NULL"), 1);
	assert_int_equal(query_int(db, "SELECT io_ms FROM runs WHERE id = 2"), 2000);
	assert_int_equal(query_int(db, "SELECT group_concat(run_id) FROM storage"), 2);
	assert_int_equal(query_int(db, "SELECT count(*) FROM storage_timeseries"), 0);
	sqlite3_close(db);
	fixture_free(f);
	remove_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(db_matches_json),
		cmocka_unit_test(runs_are_appended),
		cmocka_unit_test(aborted_new_db_leaves_nothing),
		cmocka_unit_test(foreign_files_are_refused),
		cmocka_unit_test(killed_writer_leaves_db_intact),
		cmocka_unit_test(concurrent_writers_are_serialised),
		cmocka_unit_test(same_run_same_json_bytes),
		cmocka_unit_test(results_write_both_outputs),
		cmocka_unit_test(storage_and_job_times_in_db_and_json),
		cmocka_unit_test(schema_1_db_is_upgraded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
