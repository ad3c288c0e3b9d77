/*
 * Merging sweep shards' results DBs; see shard.h.  The new DB gets its
 * schema from sim/store.c (store_open on a fresh file), then each input is
 * attached and copied with INSERT ... SELECT in one transaction per input.
 */
#include "sim/shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sim/outfile.h"
#include "sim/store.h"

static int exec(sqlite3 *db, const char *sql, const char *what, char *err,
		size_t err_size)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	snprintf(err, err_size, "%s: %s", what, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

static int64_t query_int(sqlite3 *db, const char *sql, int64_t fallback)
{
	sqlite3_stmt *st;
	int64_t v = fallback;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return fallback;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Whether the attached input is a pclsim results DB this build reads. */
static int check_input(sqlite3 *db, const char *path, char *err,
		       size_t err_size)
{
	int64_t app = query_int(db, "PRAGMA src.application_id", -1);
	int64_t ver = query_int(db, "PRAGMA src.user_version", -1);
	if (app != STORE_APPLICATION_ID) {
		snprintf(err, err_size, "%s: not a pclsim results DB", path);
		return -1;
	}
	if (ver > STORE_SCHEMA_VERSION) {
		snprintf(err, err_size, "%s: schema version %lld is newer than "
			 "this pclsim reads (%d)", path, (long long)ver,
			 STORE_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

/* "INSERT INTO main.T (c1, ...) SELECT c1 (+ offset for ids), ... FROM
 * src.T ORDER BY rowid" over the columns both have; NULL when the input
 * lacks the table or memory runs out. */
static char *copy_sql(sqlite3 *db, const char *table, int64_t offset)
{
	char q[256];
	snprintf(q, sizeof q, "SELECT m.name FROM pragma_table_info('%s', 'main') m"
		 " JOIN pragma_table_info('%s', 'src') s ON m.name = s.name"
		 " ORDER BY m.cid", table, table);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_str *cols = sqlite3_str_new(db), *vals = sqlite3_str_new(db);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);
		int is_id = !strcmp(c, "run_id") ||
			    (!strcmp(table, "runs") && !strcmp(c, "id"));
		sqlite3_str_appendf(cols, "%s\"%w\"", n ? ", " : "", c);
		if (is_id)
			sqlite3_str_appendf(vals, "%s\"%w\" + %lld", n ? ", " : "",
					    c, (long long)offset);
		else
			sqlite3_str_appendf(vals, "%s\"%w\"", n ? ", " : "", c);
		n++;
	}
	sqlite3_finalize(st);
	char *c = sqlite3_str_finish(cols), *v = sqlite3_str_finish(vals);
	char *sql = n && c && v ? sqlite3_mprintf("INSERT INTO main.\"%w\" (%s) "
						  "SELECT %s FROM src.\"%w\" "
						  "ORDER BY rowid", table, c, v,
						  table) : NULL;
	sqlite3_free(c);
	sqlite3_free(v);
	return sql;
}

static int copy_tables(sqlite3 *db, const char *path, int64_t offset,
		       char *err, size_t err_size)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT name FROM main.sqlite_master WHERE "
			       "type = 'table' ORDER BY name = 'runs' DESC, rowid",
			       -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, err_size, "%s", sqlite3_errmsg(db));
		return -1;
	}
	int rc = 0;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(st, 0);
		char *sql = copy_sql(db, table, offset);
		if (sql)
			rc = exec(db, sql, path, err, err_size);
		sqlite3_free(sql);
	}
	sqlite3_finalize(st);
	return rc;
}

static int merge_one(sqlite3 *db, const char *path, int64_t *n_runs,
		     char *err, size_t err_size)
{
	char *attach = sqlite3_mprintf("ATTACH DATABASE %Q AS src", path);
	struct stat sb;
	if (stat(path, &sb) != 0) {
		snprintf(err, err_size, "%s: no such file", path);
		sqlite3_free(attach);
		return -1;
	}
	int rc = attach ? exec(db, attach, path, err, err_size) : -1;
	sqlite3_free(attach);
	if (rc)
		return -1;
	rc = check_input(db, path, err, err_size);
	if (!rc)
		rc = exec(db, "BEGIN", path, err, err_size);
	if (!rc) {
		int64_t offset = query_int(db, "SELECT MAX(id) FROM main.runs", 0);
		rc = copy_tables(db, path, offset, err, err_size);
		if (rc == 0)
			rc = exec(db, "COMMIT", path, err, err_size);
		else
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		*n_runs = query_int(db, "SELECT COUNT(*) FROM main.runs", 0);
	}
	sqlite3_exec(db, "DETACH DATABASE src", NULL, NULL, NULL);
	return rc;
}

int shard_merge(const char *out, const char *const *inputs, size_t n,
		int64_t *n_runs, char *err, size_t err_size)
{
	if (outfile_check(out, inputs, (int)n, err, err_size))
		return -1;
	/* store_open builds a missing file atomically; a private name keeps
	 * OUT untouched until the merge is complete. */
	char *tmp = sqlite3_mprintf("%s.merge.%ld", out, (long)getpid());
	if (!tmp) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	unlink(tmp);
	struct store *s = NULL;
	int64_t runs = 0;
	int rc = store_open(tmp, &s, err, err_size);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = merge_one(store_db(s), inputs[i], &runs, err, err_size);
	if (rc == 0)
		rc = store_close(s, err, err_size);
	else if (s)
		store_abort(s);
	if (rc == 0 && rename(tmp, out) != 0) {
		snprintf(err, err_size, "%s: cannot rename the merged DB into "
			 "place", out);
		unlink(tmp);
		rc = -1;
	}
	sqlite3_free(tmp);
	if (rc == 0 && n_runs)
		*n_runs = runs;
	return rc;
}
