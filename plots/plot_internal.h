/*
 * What the plot modules share: the drawing context (temporary directory,
 * gnuplot, the request and where results and notes go), the helpers that
 * write data files and gnuplot variables, the time axis, and the one entry
 * point that turns a template plus variables into files.  Not for use
 * outside plots/.
 */
#ifndef PCLSIM_PLOT_INTERNAL_H
#define PCLSIM_PLOT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

#include "plots/plots.h"

struct plot_ctx {
	const struct plot_request *rq;
	struct plot_set *out;
	struct diags *d;
	const char *gnuplot;
	char tmpdir[256];        /* private; removed when done */
	unsigned n_files;        /* names data files uniquely */
};

/* A time axis in a unit fit for the run's length. */
struct time_axis {
	double ms_per_unit;
	char label[96];          /* "QUANTITY (UNIT)" */
};

/* Minutes up to 3 hours, hours up to 3 days, then days. */
void time_axis_for(int64_t span_ms, const char *quantity,
		   struct time_axis *ax);

#define PLOT_SINCE_START "time since the trace's start"

static inline double time_axis_x(const struct time_axis *ax, int64_t ms)
{
	return (double)ms / ax->ms_per_unit;
}

/* The right end of a time axis: the run's end, but never an empty range. */
static inline double time_axis_end(const struct time_axis *ax, int64_t ms)
{
	double x = time_axis_x(ax, ms);
	return x > 0.01 ? x : 0.01;
}

/* A new data file in the temporary directory (tab-separated, as every
 * template reads it); its path goes to path.  Adds an error and returns
 * NULL on failure. */
FILE *plot_data_open(struct plot_ctx *cx, char *path, size_t path_size);
/* Closes a data file; adds an error and returns -1 if writing failed. */
int plot_data_close(struct plot_ctx *cx, FILE *fp, const char *path);

/* A family of data files, one per queue or config: fmt gets a path with %d
 * for gnuplot's sprintf (data_fmt in the templates), and
 * plot_data_open_nth opens member i (1-based) of it. */
void plot_data_fmt(struct plot_ctx *cx, char *fmt, size_t fmt_size);
FILE *plot_data_open_nth(struct plot_ctx *cx, const char *fmt, int i,
			 char *path, size_t path_size);

/* Gnuplot variable definitions, written to a memory stream that
 * plot_draw consumes. */
void plot_var_str(FILE *v, const char *name, const char *value);
void plot_var_int(FILE *v, const char *name, long long value);
void plot_var_num(FILE *v, const char *name, double value);
void plot_var_strs(FILE *v, const char *name, char *const *items, size_t n);

/* Draws template `kind` with the variables vars (size w x h pixels) into
 * the requested formats as NAME.EXT, NAME being "run<ID>-<kind>" or
 * "runs-<kind>" when run_id is 0, and records it in the set.  Returns 0,
 * or -1 with an error in d. */
int plot_draw(struct plot_ctx *cx, int64_t run_id, const char *kind,
	      const char *title, int w, int h, const char *vars);

/* Prepares sql with ?1 bound to run_id (when > 0).  Adds an error naming
 * the query's failure and returns NULL on failure. */
sqlite3_stmt *plot_query(struct plot_ctx *cx, const char *sql, int64_t run_id);
/* The same with ?2 bound to name (a queue or a storage), which must outlive
 * the statement. */
sqlite3_stmt *plot_query_named(struct plot_ctx *cx, const char *sql,
			       int64_t run_id, const char *name);
/* Finishes a statement; adds an error if its last step failed (rc is the
 * last sqlite3_step result). */
int plot_query_done(struct plot_ctx *cx, sqlite3_stmt *st, int rc);

/* A string column as a new string ("" for NULL); NULL when out of memory. */
char *plot_col_str(sqlite3_stmt *st, int col);

/* A run's span and label, from the runs table. */
struct plot_run {
	int64_t id;
	int64_t start_ms, end_ms, makespan_ms;
	char *label;             /* "run ID" when it has none */
	double head_usd, storage_usd, total_usd;
};

int plot_run_load(struct plot_ctx *cx, int64_t id, struct plot_run *run);
void plot_run_free(struct plot_run *run);

/* The queues of a run, in the order the DB lists them (config order). */
struct plot_names {
	char **items;
	size_t n;
};

int plot_run_queues(struct plot_ctx *cx, int64_t run_id,
		    struct plot_names *q);
/* Index of name in q, or -1. */
int plot_names_index(const struct plot_names *q, const char *name);
/* Appends a copy; returns its index or -1 when out of memory. */
int plot_names_add(struct plot_names *q, const char *name);
void plot_names_free(struct plot_names *q);

/* One function per plot type.  Each returns 0 (drawn, or skipped with a
 * note) or -1 with an error in d. */
int plot_nodes(struct plot_ctx *cx, const struct plot_run *run);
int plot_jobs(struct plot_ctx *cx, const struct plot_run *run);
int plot_cost(struct plot_ctx *cx, const struct plot_run *run);
int plot_wait_cdf(struct plot_ctx *cx, const struct plot_run *run);
int plot_gantt(struct plot_ctx *cx, const struct plot_run *run);
int plot_fsx(struct plot_ctx *cx, const struct plot_run *run);
int plot_pareto(struct plot_ctx *cx, const int64_t *ids, size_t n);
int plot_ci(struct plot_ctx *cx, const int64_t *ids, size_t n);

#endif
