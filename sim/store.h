/*
 * The results database (`--db FILE`): SQLite, many runs per file, the tables
 * runs, jobs, job_nodes, nodes, events, timeseries, costs, storage and
 * storage_timeseries, documented with example queries in
 * docs/results-db.md.  A DB of schema 1 is upgraded in place when it is
 * opened for writing.
 *
 * Atomicity.  A new DB is built in a temporary file beside the target and
 * renamed over it by store_close(), so it appears complete or not at all.
 * A run added to an existing DB goes in as one transaction: if the process
 * dies part way, SQLite's rollback journal restores the file as it was.
 *
 * Threads.  One struct store is one connection.  store_add_run() may be
 * called from several threads (compare, sweep): calls are serialised on the
 * store's mutex, so runs go in one at a time and each keeps its own
 * transaction.  store_db() gives the connection to readers; it must not be
 * used while another thread writes.
 */
#ifndef PCLSIM_STORE_H
#define PCLSIM_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/results.h"

#define STORE_SCHEMA_VERSION 2
#define STORE_APPLICATION_ID 0x70636c73   /* "pcls" */

struct store;
typedef struct sqlite3 sqlite3;

/* Opens path: an existing pclsim results DB (or an empty file) is appended
 * to; a missing one is created in a temporary file.  Refuses files that are
 * not SQLite, SQLite DBs of other applications and newer schemas; a schema
 * 1 DB is upgraded to this one (new columns NULL for its old runs).  Returns
 * 0, or -1 with a message naming the file in err. */
int store_open(const char *path, struct store **out, char *err,
	       size_t err_size);

/* Adds one run in one transaction; *run_id (may be NULL) gets its id in the
 * runs table.  On failure nothing of the run is kept.  Returns 0 or -1 with
 * err set. */
int store_add_run(struct store *s, const struct results *res,
		  int64_t *run_id, char *err, size_t err_size);

/* Closes; a new DB is synced and renamed into place.  Returns 0, or -1 with
 * err set (a new DB is then not created). */
int store_close(struct store *s, char *err, size_t err_size);

/* Closes without keeping anything not yet committed: a new DB is not
 * created; runs already added to an existing DB stay. */
void store_abort(struct store *s);

/* The connection, for reading queries. */
sqlite3 *store_db(struct store *s);

#endif
