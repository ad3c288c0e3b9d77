/*
 * The Gantt chart of a run's nodes: one row per Slurm node that ever had an
 * instance, each instance life drawn as booting (launch to ready) then up,
 * with the jobs of its final allocation on top.  Beyond
 * gantt_max_nodes rows it is unreadable and skipped with a note.
 */
#include "plots/plot_internal.h"

#include <stdlib.h>

#include "sim/diag.h"

struct rows {
	int64_t *node;           /* node index of row i+1 ... sorted */
	size_t n;
	struct plot_names names;
};

static int load_rows(struct plot_ctx *cx, int64_t run_id, struct rows *r)
{
	sqlite3_stmt *st = plot_query(cx,
		"SELECT node, coalesce(min(name), 'node ' || node) FROM nodes"
		" WHERE run_id = ?1 GROUP BY node ORDER BY node", run_id);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (r->n == cap) {
			cap = cap ? cap * 2 : 64;
			int64_t *nv = realloc(r->node, cap * sizeof *nv);
			if (!nv)
				break;
			r->node = nv;
		}
		if (plot_names_add(&r->names,
				   (const char *)sqlite3_column_text(st, 1)) < 0)
			break;
		r->node[r->n++] = sqlite3_column_int64(st, 0);
	}
	return plot_query_done(cx, st, rc);
}

/* The chart row of a node: the first listed is at the top. */
static long row_of(const struct rows *r, int64_t node)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->node[mid] < node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n && r->node[lo] == node ? (long)(r->n - lo) : -1;
}

/* Writes rows of sql's (node, from, [to,] to) results; NULL times become
 * the run's end. */
static int write_bars(struct plot_ctx *cx, const struct plot_run *run,
		      const struct rows *r, const struct time_axis *ax,
		      const char *sql, int n_times, FILE *fp)
{
	sqlite3_stmt *st = plot_query(cx, sql, run->id);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long row = row_of(r, sqlite3_column_int64(st, 0));
		if (row < 0)
			continue;
		fprintf(fp, "%ld", row);
		for (int c = 1; c <= n_times; c++) {
			int64_t t = sqlite3_column_type(st, c) == SQLITE_NULL
				    ? sqlite3_column_int64(st, n_times)
				    : sqlite3_column_int64(st, c);
			fprintf(fp, "\t%.6f", time_axis_x(ax, t));
		}
		fputc('\n', fp);
	}
	return plot_query_done(cx, st, rc);
}

static int draw(struct plot_ctx *cx, const struct plot_run *run,
		const struct rows *r)
{
	struct time_axis ax;
	time_axis_for(run->end_ms, PLOT_SINCE_START, &ax);
	char lives[320], jobs[320];
	FILE *fl = plot_data_open(cx, lives, sizeof lives);
	if (!fl)
		return -1;
	/* A life that never got ready was booting until it ended. */
	int rc = write_bars(cx, run, r, &ax,
		"SELECT node, launch_ms, ready_ms, end_ms FROM nodes"
		" WHERE run_id = ?1 ORDER BY life", 3, fl);
	if (plot_data_close(cx, fl, lives) != 0 || rc != 0)
		return -1;
	FILE *fj = plot_data_open(cx, jobs, sizeof jobs);
	if (!fj)
		return -1;
	char sql[400];
	snprintf(sql, sizeof sql,
		 "SELECT jn.node, j.start_ms, coalesce(j.end_ms, %lld) FROM job_nodes jn"
		 " JOIN jobs j ON j.run_id = jn.run_id AND j.job_id = jn.job_id"
		 " WHERE jn.run_id = ?1 AND j.start_ms IS NOT NULL",
		 (long long)run->end_ms);
	rc = write_bars(cx, run, r, &ax, sql, 2, fj);
	if (plot_data_close(cx, fj, jobs) != 0 || rc != 0)
		return -1;
	char *vars = NULL, title[256];
	size_t len = 0;
	FILE *v = open_memstream(&vars, &len);
	plot_var_str(v, "lives", lives);
	plot_var_str(v, "jobs", jobs);
	plot_var_int(v, "nn", (long long)r->n);
	/* Row i is nname[i]: rows count up from the bottom. */
	char **names = malloc(r->n * sizeof *names);
	for (size_t i = 0; names && i < r->n; i++)
		names[i] = r->names.items[r->n - 1 - i];
	plot_var_strs(v, "nname", names, names ? r->n : 0);
	free(names);
	plot_var_int(v, "show_names", r->n <= 60);
	plot_var_str(v, "xlabel_text", ax.label);
	plot_var_num(v, "x_max", time_axis_end(&ax, run->end_ms));
	fclose(v);
	snprintf(title, sizeof title, "Nodes over time, %s", run->label);
	int h = 160 + 16 * (int)r->n;
	rc = plot_draw(cx, run->id, "gantt", title, 1100, h < 450 ? 450 : h, vars);
	free(vars);
	return rc;
}

int plot_gantt(struct plot_ctx *cx, const struct plot_run *run)
{
	size_t max = cx->rq->gantt_max_nodes ? cx->rq->gantt_max_nodes
					     : PLOT_GANTT_MAX_NODES;
	struct rows r = { 0 };
	int rc = load_rows(cx, run->id, &r);
	if (rc == 0 && r.n == 0)
		diag_add(cx->d, DIAG_NOTE, NULL, 0, 0,
			 "run %lld: no node was launched: Gantt chart not drawn",
			 (long long)run->id);
	else if (rc == 0 && r.n > max)
		diag_add(cx->d, DIAG_NOTE, NULL, 0, 0,
			 "run %lld: %zu nodes, more than %zu: Gantt chart not drawn",
			 (long long)run->id, r.n, max);
	else if (rc == 0)
		rc = draw(cx, run, &r);
	free(r.node);
	plot_names_free(&r.names);
	return rc;
}
