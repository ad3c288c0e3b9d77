/* Plots and report of runs held in memory; see plots_run.h. */
#include "plots/plots_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "models/catalog/catalog.h"
#include "models/cost.h"
#include "plots/plots.h"
#include "plots/report_html.h"
#include "sim/diag.h"
#include "sim/outfile.h"
#include "sim/results.h"
#include "sim/run.h"
#include "sim/runinfo.h"
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
	snprintf(tmp, sizeof tmp, "%s/pclsim-report-XXXXXX",
		 base && *base ? base : "/tmp");
	int64_t *ids = calloc(n ? n : 1, sizeof *ids);
	if (!ids || !mkdtemp(tmp)) {
		diag_error(d, NULL, 0, 0, "cannot create a temporary results DB: %s",
			   ids ? strerror(errno) : "out of memory");
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

static int describe(const struct run_world *w, const struct run_opts *o,
		    struct run_info *ri, struct diags *d)
{
	const char *roles[] = { "config", "trace", "scenario" };
	const char *paths[] = { o->config_path, o->trace_path, o->scenario_path };
	char err[1024];
	for (int i = 0; i < 3; i++)
		if (paths[i] && run_info_add_input(ri, roles[i], paths[i], err,
						   sizeof err) != 0) {
			diag_error(d, NULL, 0, 0, "%s", err);
			return -1;
		}
	for (size_t i = 0; i < o->n_overrides; i++) {
		char kv[1024];
		snprintf(kv, sizeof kv, "%s=%s", o->overrides[i].key,
			 o->overrides[i].value);
		if (run_info_add_override(ri, kv) != 0)
			return -1;
	}
	ri->seed = w->scenario.seed;
	if (run_info_set(&ri->policy, sched_policy_name(w->scenario.policy)) ||
	    run_info_set(&ri->region, w->cluster.region) ||
	    run_info_set(&ri->catalog_date, catalog_data_date(w->catalog)) ||
	    run_info_set(&ri->catalog_about, catalog_about(w->catalog)))
		return -1;
	return 0;
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
	struct run_info ri;
	struct cost_opts co;
	struct cost_summary cs;
	memset(&cs, 0, sizeof cs);
	run_info_init(&ri);
	cost_opts_init(&co);
	int rc = describe(w, o, &ri, d);
	if (rc == 0)
		rc = cost_compute(&w->result, &w->cluster, w->catalog,
				  &w->trace.strings, &co, &cs, d);
	if (rc == 0) {
		struct results res = { &ri, &w->result, st, &cs, &w->trace.strings };
		const struct results *list[] = { &res };
		rc = plots_for_results(list, 1, dir, report, d, gnuplot_missing);
	}
	cost_summary_free(&cs);
	run_info_free(&ri);
	return rc;
}
