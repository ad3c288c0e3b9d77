/* Plots and report of runs held in memory; see plots_run.h. */
#include "plots/plots_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "plots/plots.h"
#include "plots/report_html.h"
#include "sim/diag.h"
#include "sim/outfile.h"
#include "sim/results.h"
#include "sim/run.h"
#include "sim/run_results.h"
#include "sim/store.h"

/* Writes the runs into a new DB at path; returns their ids (1..n). */
static int fill_db(const char *path, const struct results *const *res,
		   size_t n, int64_t *ids, struct diags *d)
{
	struct store *s;
	char err[1024];
	if (store_open(path, &s, err, sizeof err) != 0) {
		diag_error(d, NULL, 0, 0, "%s", err);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (store_add_run(s, res[i], &ids[i], err, sizeof err) != 0) {
			store_abort(s);
			diag_error(d, NULL, 0, 0, "%s", err);
			return -1;
		}
	if (store_close(s, err, sizeof err) != 0) {
		diag_error(d, NULL, 0, 0, "%s", err);
		return -1;
	}
	return 0;
}

static int draw(sqlite3 *db, const int64_t *ids, size_t n, const char *dir,
		const char *report, struct diags *d, int *gnuplot_missing)
{
	struct plot_request rq;
	plot_request_init(&rq);
	rq.db = db;
	rq.run_ids = ids;
	rq.n_runs = n;
	rq.dir = dir;
	rq.keep_svg = report != NULL;
	struct plot_set ps;
	int rc = plots_render(&rq, &ps, d);
	*gnuplot_missing = ps.gnuplot_missing;
	char err[1024];
	struct report_input in = { db, ids, n, &ps, d, "this run (no results DB)" };
	if (report && report_html_write(report, &in, err, sizeof err) != 0) {
		diag_error(d, NULL, 0, 0, "%s", err);
		rc = -1;
	}
	plot_set_free(&ps);
	return rc;
}

int plots_for_results(const struct results *const *res, size_t n,
		      const char *dir, const char *report, struct diags *d,
		      int *gnuplot_missing)
{
	*gnuplot_missing = 0;
	char tmp[256], path[300];
	const char *base = getenv("TMPDIR");
	char *t = temp_template(base && *base ? base : "/tmp", "/pclsim-report-");
	int named = t && strlen(t) < sizeof tmp;
	if (named)
		strcpy(tmp, t);
	free(t);
	int64_t *ids = calloc(n ? n : 1, sizeof *ids);
	if (!ids || !named || !mkdtemp(tmp)) {
		diag_error(d, NULL, 0, 0, "cannot create a temporary results DB: %s",
			   !ids ? "out of memory" : !named ? "TMPDIR is too long" : strerror(errno));
		free(ids);
		return -1;
	}
	snprintf(path, sizeof path, "%s/runs.db", tmp);
	sqlite3 *db = NULL;
	char err[1024];
	int rc = fill_db(path, res, n, ids, d);
	if (rc == 0 && (rc = plot_db_open(path, &db, err, sizeof err)) != 0)
		diag_error(d, NULL, 0, 0, "%s", err);
	if (rc == 0)
		rc = draw(db, ids, n, dir, report, d, gnuplot_missing);
	sqlite3_close(db);
	unlink(path);
	rmdir(tmp);
	free(ids);
	return rc;
}

int plots_for_run(struct run_world *w, const struct run_opts *o,
		  const struct run_stats *st, const char *dir,
		  const char *report, struct diags *d, int *gnuplot_missing)
{
	*gnuplot_missing = 0;
	const char *inputs[] = { o->config_path, o->trace_path, o->scenario_path };
	char err[1024];
	if (report && outfile_check(report, inputs, 3, err, sizeof err) != 0) {
		diag_error(d, NULL, 0, 0, "--report: %s", err);
		return -1;
	}
	/* Described and priced the way --json and --db see it. */
	struct run_results rr;
	int rc = run_results_build(w, o, st, NULL, &rr, d);
	if (rc == 0) {
		const struct results *list[] = { &rr.res };
		rc = plots_for_results(list, 1, dir, report, d, gnuplot_missing);
	}
	run_results_free(&rr);
	return rc;
}
