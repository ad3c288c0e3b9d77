/*
 * The SQLite results DB; see store.h for the atomicity and threading rules
 * and docs/results-db.md for the schema.  Rows are written with prepared
 * statements, one per table, bound per row.
 */
#include "sim/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "models/cost.h"
#include "sim/job_totals.h"
#include "sim/outfile.h"
#include "sim/result.h"
#include "sim/runinfo.h"
#include "sim/stats.h"
#include "workloads/strtab.h"

struct store {
	sqlite3 *db;
	char *path;          /* the target */
	char *tmp_path;      /* a new DB while it is being built; else NULL */
	pthread_mutex_t lock;
};

/* Schema 2: the shared storage jobs used (one row per run that had one)
 * and its throughput over time (docs/results-db.md).  The timeseries table
 * may exist already: the plots read it before the store wrote it. */
#define STORAGE_TABLES_SQL \
	"CREATE TABLE storage (" \
	" run_id INTEGER NOT NULL REFERENCES runs(id), name TEXT," \
	" baseline_mb_s REAL, peak_mb_s REAL, peak_baseline_fraction REAL," \
	" busy_ms INTEGER, bottleneck_ms INTEGER, burst_ms INTEGER," \
	" read_bytes REAL, written_bytes REAL, from_s3_bytes REAL," \
	" stored_bytes REAL, peak_stored_bytes REAL, capacity_bytes REAL," \
	" overflow_bytes REAL, export_ms INTEGER, export_in_makespan INTEGER," \
	" PRIMARY KEY (run_id));" \
	"CREATE TABLE IF NOT EXISTS storage_timeseries (" \
	" run_id INTEGER NOT NULL REFERENCES runs(id), time_ms INTEGER NOT NULL," \
	" storage TEXT, read_mib_s REAL, write_mib_s REAL, capacity_mib_s REAL);"
#define STORAGE_INDEX_SQL \
	"CREATE INDEX IF NOT EXISTS storage_timeseries_time" \
	" ON storage_timeseries(run_id, time_ms);"

static const char schema_sql[] =
	"CREATE TABLE runs ("
	" id INTEGER PRIMARY KEY, label TEXT, pclsim_version TEXT,"
	" config_path TEXT, config_sha256 TEXT,"
	" trace_path TEXT, trace_sha256 TEXT,"
	" scenario_path TEXT, scenario_sha256 TEXT,"
	" scenario TEXT NOT NULL, overrides TEXT NOT NULL,"
	" catalog_date TEXT, catalog_sources TEXT, region TEXT,"
	" seed INTEGER NOT NULL, replication INTEGER NOT NULL, policy TEXT,"
	" start_ms INTEGER, end_ms INTEGER, makespan_ms INTEGER,"
	" jobs INTEGER, started INTEGER, completed INTEGER, timeout INTEGER,"
	" node_fail INTEGER, rejected INTEGER, pending INTEGER,"
	" wait_mean_s REAL, wait_p50_s REAL, wait_p95_s REAL, wait_max_s REAL,"
	" bsld_mean REAL, bsld_p50 REAL, bsld_p95 REAL, bsld_max REAL,"
	" busy_cpu_hours REAL, up_cpu_hours REAL, utilisation REAL,"
	" launches INTEGER, spot_interruptions INTEGER, requeues INTEGER,"
	" launch_failures INTEGER,"
	" total_usd REAL, head_node_usd REAL, compute_usd REAL,"
	" storage_usd REAL, ondemand_usd REAL, spot_usd REAL, jobs_usd REAL,"
	" idle_usd REAL, spot_lost_usd REAL,"
	" lost_work_ms INTEGER, io_ms INTEGER, comm_ms INTEGER);"
	"CREATE TABLE jobs ("
	" run_id INTEGER NOT NULL REFERENCES runs(id), job_id INTEGER NOT NULL,"
	" queue TEXT, cr INTEGER, user TEXT, account TEXT,"
	" submit_ms INTEGER, start_ms INTEGER, end_ms INTEGER, wait_ms INTEGER,"
	" cpus INTEGER, nodes INTEGER, gpus INTEGER, requeues INTEGER,"
	" lost_ms INTEGER, io_ms INTEGER, comm_ms INTEGER, state TEXT,"
	" cost_usd REAL, PRIMARY KEY (run_id, job_id));"
	"CREATE TABLE job_nodes ("
	" run_id INTEGER NOT NULL REFERENCES runs(id), job_id INTEGER NOT NULL,"
	" node INTEGER NOT NULL, cpus INTEGER);"
	"CREATE TABLE nodes ("
	" run_id INTEGER NOT NULL REFERENCES runs(id), life INTEGER NOT NULL,"
	" node INTEGER NOT NULL, name TEXT, queue TEXT, cr INTEGER,"
	" instance_type TEXT, capacity TEXT, static INTEGER, cpus INTEGER,"
	" mem_mb INTEGER, gpus INTEGER, launch_ms INTEGER, ready_ms INTEGER,"
	" end_ms INTEGER, busy_cpu_ms INTEGER, end_reason TEXT, cost_usd REAL,"
	" PRIMARY KEY (run_id, life));"
	"CREATE TABLE events ("
	" run_id INTEGER NOT NULL REFERENCES runs(id), time_ms INTEGER NOT NULL,"
	" kind TEXT NOT NULL, job_id INTEGER, node INTEGER, detail INTEGER);"
	"CREATE TABLE timeseries ("
	" run_id INTEGER NOT NULL REFERENCES runs(id), time_ms INTEGER NOT NULL,"
	" queue TEXT, powered_down INTEGER, powering_up INTEGER, idle INTEGER,"
	" allocated INTEGER, mixed INTEGER, powering_down INTEGER, down INTEGER,"
	" pending_jobs INTEGER, running_jobs INTEGER);"
	"CREATE TABLE costs ("
	" run_id INTEGER NOT NULL REFERENCES runs(id), category TEXT NOT NULL,"
	" key TEXT NOT NULL, usd REAL NOT NULL, cents INTEGER NOT NULL);"
	STORAGE_TABLES_SQL
	"CREATE INDEX jobs_user ON jobs(run_id, user);"
	"CREATE INDEX job_nodes_job ON job_nodes(run_id, job_id);"
	"CREATE INDEX nodes_node ON nodes(run_id, node);"
	"CREATE INDEX events_time ON events(run_id, time_ms);"
	"CREATE INDEX timeseries_time ON timeseries(run_id, queue, time_ms);"
	"CREATE INDEX costs_category ON costs(run_id, category);"
	STORAGE_INDEX_SQL;

/* Schema 1 -> 2: the runs' job-time sums and the storage tables; the
 * runs written before have NULL in the new columns and no storage rows. */
static const char upgrade_1_2_sql[] =
	"ALTER TABLE runs ADD COLUMN lost_work_ms INTEGER;"
	"ALTER TABLE runs ADD COLUMN io_ms INTEGER;"
	"ALTER TABLE runs ADD COLUMN comm_ms INTEGER;"
	STORAGE_TABLES_SQL STORAGE_INDEX_SQL;

static int fail(char *err, size_t err_size, const char *path, sqlite3 *db,
		const char *what)
{
	snprintf(err, err_size, "%s: %s: %s", path, what,
		 db ? sqlite3_errmsg(db) : "out of memory");
	return -1;
}

static int exec(struct store *s, const char *sql, char *err, size_t err_size)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(err, err_size, s->path, s->db, "cannot write the results DB");
	return 0;
}

static int pragma_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int create_schema(struct store *s, char *err, size_t err_size)
{
	char sql[sizeof schema_sql + 200];
	snprintf(sql, sizeof sql,
		 "BEGIN;%sPRAGMA user_version=%d;PRAGMA application_id=%d;COMMIT;",
		 schema_sql, STORE_SCHEMA_VERSION, STORE_APPLICATION_ID);
	if (exec(s, sql, err, err_size) != 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* A schema 1 DB gains the columns and tables of schema 2 in one
 * transaction before the first run is added, so its old runs stay readable
 * and new ones carry everything. */
static int upgrade(struct store *s, char *err, size_t err_size)
{
	char sql[sizeof upgrade_1_2_sql + 100];
	snprintf(sql, sizeof sql, "BEGIN IMMEDIATE;%sPRAGMA user_version=%d;COMMIT;",
		 upgrade_1_2_sql, STORE_SCHEMA_VERSION);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fail(err, err_size, s->path, s->db,
		     "cannot upgrade the results DB from schema 1");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* An existing file: ours (any run count), empty (gets the schema), or
 * refused. */
static int adopt_existing(struct store *s, char *err, size_t err_size)
{
	int64_t version, app, n_tables;
	if (pragma_int(s->db, "PRAGMA user_version", &version) != 0 ||
	    pragma_int(s->db, "PRAGMA application_id", &app) != 0 ||
	    pragma_int(s->db, "SELECT count(*) FROM sqlite_schema", &n_tables) != 0) {
		snprintf(err, err_size, "%s: not a results DB (%s)", s->path,
			 sqlite3_errmsg(s->db));
		return -1;
	}
	if (n_tables == 0 && version == 0)
		return create_schema(s, err, err_size);
	if (app != STORE_APPLICATION_ID) {
		snprintf(err, err_size,
			 "%s: an SQLite database but not a pclsim results DB; refusing to add to it",
			 s->path);
		return -1;
	}
	if (version > STORE_SCHEMA_VERSION) {
		snprintf(err, err_size,
			 "%s: results DB schema %lld is newer than this pclsim's (%d)",
			 s->path, (long long)version, STORE_SCHEMA_VERSION);
		return -1;
	}
	if (version < 1) {
		snprintf(err, err_size,
			 "%s: results DB schema %lld is older than any this pclsim "
			 "reads (1..%d)", s->path, (long long)version,
			 STORE_SCHEMA_VERSION);
		return -1;
	}
	return version == 1 ? upgrade(s, err, err_size) : 0;
}

static void store_free(struct store *s)
{
	if (s->db)
		sqlite3_close(s->db);
	if (s->tmp_path)
		unlink(s->tmp_path);
	pthread_mutex_destroy(&s->lock);
	free(s->path);
	free(s->tmp_path);
	free(s);
}

static int make_temp(struct store *s, char *err, size_t err_size)
{
	if (!(s->tmp_path = temp_template(s->path, ".tmp.")))
		return fail(err, err_size, s->path, NULL, "");
	int fd = mkstemp(s->tmp_path);
	if (fd < 0) {
		snprintf(err, err_size, "%s: cannot create: %s", s->path,
			 strerror(errno));
		free(s->tmp_path);
		s->tmp_path = NULL;
		return -1;
	}
	fchmod(fd, 0644);
	close(fd);
	return 0;
}

int store_open(const char *path, struct store **out, char *err,
	       size_t err_size)
{
	*out = NULL;
	struct store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		snprintf(err, err_size, "%s: out of memory", path);
		return -1;
	}
	pthread_mutex_init(&s->lock, NULL);
	struct stat st;
	int existing = stat(path, &st) == 0;
	if (existing && !S_ISREG(st.st_mode)) {
		snprintf(err, err_size, "%s: not a regular file", path);
		store_free(s);
		return -1;
	}
	if (!existing && make_temp(s, err, err_size) != 0) {
		store_free(s);
		return -1;
	}
	const char *file = existing ? path : s->tmp_path;
	if (sqlite3_open_v2(file, &s->db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		fail(err, err_size, path, s->db, "cannot open");
		store_free(s);
		return -1;
	}
	sqlite3_busy_timeout(s->db, 10000);
	int rc;
	if (existing) {
		rc = adopt_existing(s, err, err_size);
	} else {
		/* The temporary file is private until renamed: no journal on
		 * disk and no syncs per transaction; store_close() syncs once. */
		rc = exec(s, "PRAGMA journal_mode=MEMORY;PRAGMA synchronous=OFF;",
			  err, err_size);
		if (rc == 0)
			rc = create_schema(s, err, err_size);
	}
	if (rc != 0) {
		store_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

/* ---- binding rows ------------------------------------------------------------ */

/* A prepared INSERT and the next column to bind.  A bind that fails (or
 * a row with too few or too many values) makes the row's step fail, so a
 * schema and its writer cannot drift apart silently. */
struct stmt {
	sqlite3_stmt *st;
	int col;
	int bad;
};

static void bound(struct stmt *q, int rc)
{
	if (rc != SQLITE_OK)
		q->bad = 1;
}

static void bind_int(struct stmt *q, int64_t v)
{
	bound(q, sqlite3_bind_int64(q->st, ++q->col, v));
}

/* NULL for the -1 the records use for "never". */
static void bind_ms(struct stmt *q, int64_t v)
{
	if (v < 0)
		bound(q, sqlite3_bind_null(q->st, ++q->col));
	else
		bound(q, sqlite3_bind_int64(q->st, ++q->col, v));
}

static void bind_real(struct stmt *q, double v)
{
	bound(q, sqlite3_bind_double(q->st, ++q->col, v));
}

static void bind_text(struct stmt *q, const char *v)
{
	if (v)
		bound(q, sqlite3_bind_text(q->st, ++q->col, v, -1, SQLITE_TRANSIENT));
	else
		bound(q, sqlite3_bind_null(q->st, ++q->col));
}

static void bind_cents(struct stmt *q, int64_t cents)
{
	bind_real(q, (double)cents / 100.0);
}

static int step(struct stmt *q)
{
	int ok = !q->bad && q->col == sqlite3_bind_parameter_count(q->st) &&
		 sqlite3_step(q->st) == SQLITE_DONE;
	sqlite3_reset(q->st);
	sqlite3_clear_bindings(q->st);
	q->col = 0;
	return ok ? 0 : -1;
}

/* "INSERT INTO table VALUES (?,...)" with n parameters, after a NULL for
 * an INTEGER PRIMARY KEY the DB assigns when auto_id is set. */
static int prepare_insert(sqlite3 *db, struct stmt *q, const char *table,
			  int n, int auto_id)
{
	char sql[512];
	int len = snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (%s", table,
			   auto_id ? "NULL" : "");
	for (int i = 0; i < n && len < (int)sizeof sql - 4; i++)
		len += snprintf(sql + len, sizeof sql - (size_t)len, "%s?",
				i || auto_id ? "," : "");
	snprintf(sql + len, sizeof sql - (size_t)len, ")");
	q->col = 0;
	q->bad = 0;
	return sqlite3_prepare_v2(db, sql, -1, &q->st, NULL) == SQLITE_OK ? 0 : -1;
}

static const char *queue_name(const struct run_result *r, int32_t q)
{
	return q >= 0 && (size_t)q < r->n_queues ? r->queue_names[q] : NULL;
}

static int insert_run(sqlite3 *db, const struct results *res, int64_t *id)
{
	const struct run_info *ri = res->info;
	const struct run_result *r = res->r;
	const struct run_stats *s = res->stats;
	const struct cost_summary *c = res->cost;
	struct stmt q;
	if (prepare_insert(db, &q, "runs", 53, 1) != 0)
		return -1;
	const char *roles[] = { "config", "trace", "scenario" };
	char *params = run_info_params_json(ri);
	char *overrides = run_info_overrides_json(ri);
	bind_text(&q, ri->label);
	bind_text(&q, ri->version);
	for (int i = 0; i < 3; i++) {
		const struct run_input *in = run_info_input(ri, roles[i]);
		bind_text(&q, in ? in->path : NULL);
		bind_text(&q, in ? in->sha256 : NULL);
	}
	bind_text(&q, params ? params : "{}");
	bind_text(&q, overrides ? overrides : "[]");
	free(params);
	free(overrides);
	bind_text(&q, ri->catalog_date);
	bind_text(&q, ri->catalog_about);
	bind_text(&q, c->region);
	bind_int(&q, (int64_t)ri->seed);
	bind_int(&q, ri->replication);
	bind_text(&q, ri->policy);
	bind_int(&q, r->start_ms);
	bind_int(&q, r->end_ms);
	bind_int(&q, s->makespan_ms);
	bind_int(&q, (int64_t)s->jobs);
	bind_int(&q, (int64_t)s->started);
	bind_int(&q, (int64_t)s->by_state[JOB_ST_COMPLETED]);
	bind_int(&q, (int64_t)s->by_state[JOB_ST_TIMEOUT]);
	bind_int(&q, (int64_t)s->by_state[JOB_ST_NODE_FAIL]);
	bind_int(&q, (int64_t)s->by_state[JOB_ST_REJECTED]);
	bind_int(&q, (int64_t)s->by_state[JOB_ST_PENDING]);
	const struct dist_stats *d[2] = { &s->wait_s, &s->bsld };
	for (int i = 0; i < 2; i++) {
		bind_real(&q, d[i]->mean);
		bind_real(&q, d[i]->p50);
		bind_real(&q, d[i]->p95);
		bind_real(&q, d[i]->max);
	}
	bind_real(&q, s->busy_cpu_hours);
	bind_real(&q, s->up_cpu_hours);
	bind_real(&q, s->utilisation);
	bind_int(&q, (int64_t)r->n_launches);
	bind_int(&q, (int64_t)r->n_spot_interruptions);
	bind_int(&q, (int64_t)r->n_requeues);
	bind_int(&q, (int64_t)r->n_launch_failures);
	int64_t cents[] = { c->total_cents, c->head_cents, c->compute_cents,
			    c->storage_cents, c->ondemand_cents, c->spot_cents,
			    c->jobs_cents, c->idle_cents, c->spot_lost_cents };
	for (size_t i = 0; i < sizeof cents / sizeof *cents; i++)
		bind_cents(&q, cents[i]);
	struct job_totals jt;
	job_totals_of(r, &jt);
	bind_int(&q, jt.lost_ms);
	bind_int(&q, jt.io_ms);
	bind_int(&q, jt.comm_ms);
	int rc = step(&q);
	sqlite3_finalize(q.st);
	*id = sqlite3_last_insert_rowid(db);
	return rc;
}

static const char *name_of(const struct strtab *names, int32_t id)
{
	return names && id >= 0 ? strtab_get(names, id) : NULL;
}

static int insert_jobs(sqlite3 *db, int64_t id, const struct results *res)
{
	const struct run_result *r = res->r;
	struct stmt q, qn;
	if (prepare_insert(db, &q, "jobs", 19, 0) != 0)
		return -1;
	if (prepare_insert(db, &qn, "job_nodes", 4, 0) != 0) {
		sqlite3_finalize(q.st);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < r->n_jobs && rc == 0; i++) {
		const struct job_record *j = &r->jobs[i];
		bind_int(&q, id);
		bind_int(&q, j->job_id);
		bind_text(&q, queue_name(r, j->queue));
		bind_ms(&q, j->cr);
		bind_text(&q, name_of(res->names, j->user));
		bind_text(&q, name_of(res->names, j->account));
		bind_int(&q, j->submit_ms);
		bind_ms(&q, j->start_ms);
		bind_ms(&q, j->end_ms);
		bind_ms(&q, j->start_ms >= 0 ? j->wait_ms : -1);
		bind_int(&q, j->cpus);
		bind_int(&q, j->nodes);
		bind_int(&q, j->gpus);
		bind_int(&q, j->requeues);
		bind_int(&q, j->lost_ms);
		bind_int(&q, j->io_ms);
		bind_int(&q, j->comm_ms);
		bind_text(&q, job_state_name((enum job_state)j->state));
		bind_real(&q, j->cost_usd);
		rc = step(&q);
		if (j->start_ms < 0)
			continue;
		size_t n_runs = result_job_n_runs(r, j);
		for (size_t k = 0; k < n_runs && rc == 0; k++) {
			struct alloc_run run = result_job_run(r, j, k);
			for (int32_t x = 0; x < run.count && rc == 0; x++) {
				bind_int(&qn, id);
				bind_int(&qn, j->job_id);
				bind_int(&qn, run.node + x);
				bind_ms(&qn, run.cpus);
				rc = step(&qn);
			}
		}
	}
	sqlite3_finalize(q.st);
	sqlite3_finalize(qn.st);
	return rc;
}

static int insert_nodes(sqlite3 *db, int64_t id, const struct run_result *r)
{
	struct stmt q;
	if (prepare_insert(db, &q, "nodes", 18, 0) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < r->n_node_lives && rc == 0; i++) {
		const struct node_record *l = &r->node_lives[i];
		const struct node_info *ni = (size_t)l->node < r->n_nodes_info
					     ? &r->nodes_info[l->node] : NULL;
		bind_int(&q, id);
		bind_int(&q, (int64_t)i);
		bind_int(&q, l->node);
		bind_text(&q, ni ? ni->name : NULL);
		bind_text(&q, ni ? queue_name(r, ni->queue) : NULL);
		bind_ms(&q, ni ? ni->cr : -1);
		bind_text(&q, l->instance_type ? l->instance_type
			      : ni ? ni->instance_type : NULL);
		bind_text(&q, ni ? (ni->spot ? "spot" : "ondemand") : NULL);
		bind_int(&q, ni ? ni->is_static : 0);
		bind_int(&q, ni ? ni->cpus : 0);
		bind_int(&q, ni ? ni->mem_mb : 0);
		bind_int(&q, ni ? ni->gpus : 0);
		bind_int(&q, l->launch_ms);
		bind_ms(&q, l->ready_ms);
		bind_int(&q, l->end_ms);
		bind_int(&q, l->busy_cpu_ms);
		bind_text(&q, node_end_reason_name((enum node_end_reason)l->end_reason));
		bind_real(&q, l->cost_usd);
		rc = step(&q);
	}
	sqlite3_finalize(q.st);
	return rc;
}

static int insert_events(sqlite3 *db, int64_t id, const struct run_result *r)
{
	struct stmt q;
	if (prepare_insert(db, &q, "events", 6, 0) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < r->n_events && rc == 0; i++) {
		const struct result_event *e = &r->events[i];
		bind_int(&q, id);
		bind_int(&q, e->time_ms);
		bind_text(&q, result_event_name((enum result_event_kind)e->kind));
		bind_ms(&q, e->job_id);
		bind_ms(&q, e->node);
		bind_int(&q, e->detail);
		rc = step(&q);
	}
	sqlite3_finalize(q.st);
	return rc;
}

static int insert_samples(sqlite3 *db, int64_t id, const struct run_result *r)
{
	struct stmt q;
	if (prepare_insert(db, &q, "timeseries", 12, 0) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < r->n_samples && rc == 0; i++) {
		const struct ts_sample *t = &r->samples[i];
		bind_int(&q, id);
		bind_int(&q, t->time_ms);
		bind_text(&q, queue_name(r, t->queue));
		for (int k = 0; k < NS_COUNT; k++)
			bind_int(&q, t->nodes[k]);
		bind_int(&q, t->pending_jobs);
		bind_int(&q, t->running_jobs);
		rc = step(&q);
	}
	sqlite3_finalize(q.st);
	return rc;
}

#define MB 1e6
#define MIB 1048576.0

static int insert_storage(sqlite3 *db, int64_t id, const struct run_result *r)
{
	const struct storage_result *s = &r->storage;
	if (!s->present)
		return 0;
	struct stmt q;
	if (prepare_insert(db, &q, "storage", 17, 0) != 0)
		return -1;
	bind_int(&q, id);
	bind_text(&q, s->name);
	bind_real(&q, s->baseline_bps / MB);
	bind_real(&q, s->peak_bps / MB);
	bind_real(&q, s->peak_net_fraction);
	bind_int(&q, s->busy_ms);
	bind_int(&q, s->saturated_ms);
	bind_int(&q, s->burst_ms);
	double bytes[] = { s->bytes_read, s->bytes_written, s->cold_bytes,
			   s->stored_bytes, s->peak_stored_bytes,
			   s->capacity_bytes, s->overflow_bytes };
	for (size_t i = 0; i < sizeof bytes / sizeof *bytes; i++)
		bind_real(&q, bytes[i]);
	bind_int(&q, s->export_ms);
	bind_int(&q, s->export_counted != 0);
	int rc = step(&q);
	sqlite3_finalize(q.st);
	return rc;
}

static int insert_storage_samples(sqlite3 *db, int64_t id,
				  const struct run_result *r)
{
	struct stmt q;
	if (!r->storage.present || !r->n_storage_samples)
		return 0;
	if (prepare_insert(db, &q, "storage_timeseries", 6, 0) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < r->n_storage_samples && rc == 0; i++) {
		const struct storage_sample *t = &r->storage_samples[i];
		bind_int(&q, id);
		bind_int(&q, t->time_ms);
		bind_text(&q, r->storage.name);
		bind_real(&q, t->read_bps / MIB);
		bind_real(&q, t->write_bps / MIB);
		bind_real(&q, r->storage.baseline_bps / MIB);
		rc = step(&q);
	}
	sqlite3_finalize(q.st);
	return rc;
}

static int insert_costs(sqlite3 *db, int64_t id, const struct cost_summary *c)
{
	struct stmt q;
	if (prepare_insert(db, &q, "costs", 5, 0) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < c->n_rows && rc == 0; i++) {
		bind_int(&q, id);
		bind_text(&q, c->rows[i].category);
		bind_text(&q, c->rows[i].key);
		bind_cents(&q, c->rows[i].cents);
		bind_int(&q, c->rows[i].cents);
		rc = step(&q);
	}
	sqlite3_finalize(q.st);
	return rc;
}

int store_add_run(struct store *s, const struct results *res,
		  int64_t *run_id, char *err, size_t err_size)
{
	pthread_mutex_lock(&s->lock);
	int64_t id = 0;
	int rc = exec(s, "BEGIN IMMEDIATE", err, err_size);
	if (rc == 0) {
		if (insert_run(s->db, res, &id) != 0 ||
		    insert_jobs(s->db, id, res) != 0 ||
		    insert_nodes(s->db, id, res->r) != 0 ||
		    insert_events(s->db, id, res->r) != 0 ||
		    insert_samples(s->db, id, res->r) != 0 ||
		    insert_storage(s->db, id, res->r) != 0 ||
		    insert_storage_samples(s->db, id, res->r) != 0 ||
		    insert_costs(s->db, id, res->cost) != 0) {
			rc = fail(err, err_size, s->path, s->db,
				  "cannot add the run to the results DB");
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		} else {
			rc = exec(s, "COMMIT", err, err_size);
			if (rc != 0)
				sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		}
	}
	pthread_mutex_unlock(&s->lock);
	if (rc == 0 && run_id)
		*run_id = id;
	return rc;
}

int store_close(struct store *s, char *err, size_t err_size)
{
	int rc = 0;
	if (sqlite3_close(s->db) != SQLITE_OK) {
		rc = fail(err, err_size, s->path, s->db, "cannot close the results DB");
		sqlite3_close_v2(s->db);
	}
	s->db = NULL;
	if (rc == 0 && s->tmp_path) {
		int fd = open(s->tmp_path, O_RDONLY);
		if (fd < 0 || fsync(fd) != 0 || rename(s->tmp_path, s->path) != 0) {
			snprintf(err, err_size, "%s: cannot write: %s", s->path,
				 strerror(errno));
			rc = -1;
		} else {
			free(s->tmp_path);
			s->tmp_path = NULL;
		}
		if (fd >= 0)
			close(fd);
	}
	store_free(s);
	return rc;
}

void store_abort(struct store *s)
{
	if (s)
		store_free(s);
}

sqlite3 *store_db(struct store *s)
{
	return s->db;
}
