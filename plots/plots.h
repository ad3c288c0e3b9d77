/*
 * Plots of simulated runs, read from a results DB (docs/results-db.md) and
 * drawn by gnuplot (plots/gnuplot.h) from the embedded templates.  For each
 * run: nodes by state and queue over time, pending and running jobs over
 * time, cumulative cost by category, the wait-time CDF per queue, a Gantt
 * chart of the nodes (small runs only) and shared-storage throughput (when
 * the DB has it).  Across several runs: cost against makespan with the
 * Pareto front, and per config the means with 95 % confidence intervals.
 * A plot that cannot be drawn from the data (too many nodes for a Gantt
 * chart, no storage samples) is skipped with a note saying why; docs/plots.md
 * lists every plot and its data.
 */
#ifndef PCLSIM_PLOTS_H
#define PCLSIM_PLOTS_H

#include <stddef.h>
#include <stdint.h>

struct diags;
typedef struct sqlite3 sqlite3;

enum plot_format { PLOT_PNG = 1, PLOT_SVG = 2 };

/* A Gantt chart of more nodes than this is unreadable: skipped. */
#define PLOT_GANTT_MAX_NODES 200

struct plot {
	char *name;          /* file stem: "run1-nodes", "runs-pareto" */
	char *title;         /* what it shows, for people */
	int64_t run_id;      /* 0 for the plots across runs */
	char *svg;           /* its SVG text when the request kept it */
};

struct plot_set {
	struct plot *items;
	size_t n, cap;
	int gnuplot_missing; /* nothing was drawn: no gnuplot on PATH */
};

struct plot_request {
	sqlite3 *db;
	const int64_t *run_ids;   /* the runs to draw (see plot_db_runs) */
	size_t n_runs;
	const char *dir;          /* where the files go; NULL: no files */
	unsigned formats;         /* PLOT_PNG | PLOT_SVG, for dir */
	int keep_svg;             /* keep each plot's SVG (for the report) */
	const char *gnuplot;      /* gnuplot's path; NULL: found on PATH */
	size_t gantt_max_nodes;   /* 0: PLOT_GANTT_MAX_NODES */
};

void plot_request_init(struct plot_request *rq);

/* Draws every plot of the request's runs, and the plots across runs when
 * there are several.  Files are written as DIR/NAME.png and DIR/NAME.svg,
 * each atomically; DIR is created if missing.  Skipped plots get a note in
 * d.  Without gnuplot nothing is drawn: out->gnuplot_missing is set, d gets
 * GNUPLOT_MISSING_MSG as a warning, and 0 is returned so the caller decides
 * what that means.  Returns 0, or -1 with errors in d (bad DB, gnuplot
 * failing, a file that cannot be written). */
int plots_render(const struct plot_request *rq, struct plot_set *out,
		 struct diags *d);
void plot_set_free(struct plot_set *ps);

/* Opens a results DB read-only and checks it is one.  Returns 0, or -1
 * with a message naming the file in err. */
int plot_db_open(const char *path, sqlite3 **db, char *err, size_t err_size);

/* The ids of the DB's runs in id order, in a new array (*ids may be NULL
 * when there are none).  Returns 0 or -1 with err set. */
int plot_db_runs(sqlite3 *db, int64_t **ids, size_t *n, char *err,
		 size_t err_size);

/* Whether a run of that id is in the DB. */
int plot_db_has_run(sqlite3 *db, int64_t id);

/* The config a run belongs to, for grouping replications: runs with the
 * same label are one config; runs without a label are grouped by their
 * config and scenario digests and --set overrides.  key identifies the
 * group, name is for people.  Returns 0, or -1 when there is no such run
 * or the DB cannot be read. */
int plot_db_run_group(sqlite3 *db, int64_t id, char *key, size_t key_size,
		      char *name, size_t name_size);

#endif
