/*
 * Reading the results DB for plots and the report: opening it read-only,
 * listing its runs, a run's span, label and cost parts, its queues, and the
 * query helpers every plot uses.
 */
#include "plots/plot_internal.h"

#include <stdlib.h>
#include <string.h>

#include "sim/diag.h"
#include "sim/store.h"

int plot_db_open(const char *path, sqlite3 **db, char *err, size_t err_size)
{
	*db = NULL;
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(err, err_size, "%s: cannot open: %s", path,
			 *db ? sqlite3_errmsg(*db) : "out of memory");
		sqlite3_close(*db);
		*db = NULL;
		return -1;
	}
	sqlite3_stmt *st = NULL;
	int ok = sqlite3_prepare_v2(*db, "PRAGMA application_id", -1, &st,
				    NULL) == SQLITE_OK &&
		 sqlite3_step(st) == SQLITE_ROW &&
		 sqlite3_column_int64(st, 0) == STORE_APPLICATION_ID;
	sqlite3_finalize(st);
	if (!ok) {
		snprintf(err, err_size, "%s: not a pclsim results DB", path);
		sqlite3_close(*db);
		*db = NULL;
		return -1;
	}
	return 0;
}

int plot_db_runs(sqlite3 *db, int64_t **ids, size_t *n, char *err,
		 size_t err_size)
{
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT id FROM runs ORDER BY id", -1, &st,
			       NULL) != SQLITE_OK) {
		snprintf(err, err_size, "cannot list the runs: %s", sqlite3_errmsg(db));
		return -1;
	}
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			int64_t *ni = realloc(*ids, cap * sizeof *ni);
			if (!ni)
				break;
			*ids = ni;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, err_size, "cannot list the runs: %s",
			 rc == SQLITE_ROW ? "out of memory" : sqlite3_errmsg(db));
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int plot_db_has_run(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM runs WHERE id = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	int found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

int plot_db_run_group(sqlite3 *db, int64_t id, char *key, size_t key_size,
		      char *name, size_t name_size)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT label, config_sha256, overrides,"
			       " scenario_sha256 FROM runs WHERE id = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return -1;
	}
	const char *label = (const char *)sqlite3_column_text(st, 0);
	const char *cfg = (const char *)sqlite3_column_text(st, 1);
	const char *ovr = (const char *)sqlite3_column_text(st, 2);
	const char *scn = (const char *)sqlite3_column_text(st, 3);
	int has_ovr = ovr && strcmp(ovr, "[]") != 0;
	if (label && *label) {
		snprintf(key, key_size, "label:%s", label);
		snprintf(name, name_size, "%s", label);
	} else {
		snprintf(key, key_size, "%s|%s|%s", cfg ? cfg : "",
			 ovr ? ovr : "", scn ? scn : "");
		snprintf(name, name_size, "config %.8s%s%s", cfg ? cfg : "?",
			 has_ovr ? " " : "", has_ovr ? ovr : "");
	}
	sqlite3_finalize(st);
	return 0;
}

sqlite3_stmt *plot_query(struct plot_ctx *cx, const char *sql, int64_t run_id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cx->rq->db, sql, -1, &st, NULL) != SQLITE_OK) {
		diag_error(cx->d, NULL, 0, 0, "results DB: %s",
			   sqlite3_errmsg(cx->rq->db));
		return NULL;
	}
	if (run_id > 0)
		sqlite3_bind_int64(st, 1, run_id);
	return st;
}

sqlite3_stmt *plot_query_named(struct plot_ctx *cx, const char *sql,
			       int64_t run_id, const char *name)
{
	sqlite3_stmt *st = plot_query(cx, sql, run_id);
	if (st)
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	return st;
}

int plot_query_done(struct plot_ctx *cx, sqlite3_stmt *st, int rc)
{
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	diag_error(cx->d, NULL, 0, 0, "results DB: %s",
		   rc == SQLITE_ROW ? "out of memory" : sqlite3_errmsg(cx->rq->db));
	return -1;
}

char *plot_col_str(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return strdup(s ? (const char *)s : "");
}

int plot_run_load(struct plot_ctx *cx, int64_t id, struct plot_run *run)
{
	memset(run, 0, sizeof *run);
	run->id = id;
	sqlite3_stmt *st = plot_query(cx,
		"SELECT start_ms, end_ms, makespan_ms, label, head_node_usd,"
		" storage_usd, total_usd FROM runs WHERE id = ?1", id);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		diag_error(cx->d, NULL, 0, 0, "results DB: no run %lld", (long long)id);
		return -1;
	}
	run->start_ms = sqlite3_column_int64(st, 0);
	run->end_ms = sqlite3_column_int64(st, 1);
	run->makespan_ms = sqlite3_column_int64(st, 2);
	const unsigned char *label = sqlite3_column_text(st, 3);
	char buf[32];
	snprintf(buf, sizeof buf, "run %lld", (long long)id);
	run->label = strdup(label && *label ? (const char *)label : buf);
	run->head_usd = sqlite3_column_double(st, 4);
	run->storage_usd = sqlite3_column_double(st, 5);
	run->total_usd = sqlite3_column_double(st, 6);
	sqlite3_finalize(st);
	if (!run->label) {
		diag_error(cx->d, NULL, 0, 0, "out of memory");
		return -1;
	}
	return 0;
}

void plot_run_free(struct plot_run *run)
{
	free(run->label);
	run->label = NULL;
}

int plot_names_index(const struct plot_names *q, const char *name)
{
	for (size_t i = 0; i < q->n; i++)
		if (!strcmp(q->items[i], name))
			return (int)i;
	return -1;
}

int plot_names_add(struct plot_names *q, const char *name)
{
	char **ni = realloc(q->items, (q->n + 1) * sizeof *ni);
	if (!ni)
		return -1;
	q->items = ni;
	if (!(q->items[q->n] = strdup(name)))
		return -1;
	return (int)q->n++;
}

void plot_names_free(struct plot_names *q)
{
	for (size_t i = 0; i < q->n; i++)
		free(q->items[i]);
	free(q->items);
	memset(q, 0, sizeof *q);
}

int plot_run_queues(struct plot_ctx *cx, int64_t run_id, struct plot_names *q)
{
	memset(q, 0, sizeof *q);
	/* The store writes samples queue by queue in config order at each
	 * time, so the first row of each queue gives that order; queues with
	 * no samples follow in the order their jobs name them. */
	sqlite3_stmt *st = plot_query(cx,
		"SELECT queue FROM (SELECT queue, min(rowid) AS r FROM timeseries"
		" WHERE run_id = ?1 AND queue IS NOT NULL GROUP BY queue"
		" UNION ALL SELECT queue, 1e18 + min(rowid) FROM jobs"
		" WHERE run_id = ?1 AND queue IS NOT NULL GROUP BY queue)"
		" GROUP BY queue ORDER BY min(r)", run_id);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (plot_names_add(q, (const char *)sqlite3_column_text(st, 0)) < 0)
			break;
	if (plot_query_done(cx, st, rc) != 0) {
		plot_names_free(q);
		return -1;
	}
	return 0;
}
