/*
 * The wait-time CDF of each queue: the fraction of a queue's started jobs
 * that waited at most x.  Jobs that never started have no wait and are
 * left out (the report counts them).
 */
#include "plots/plot_internal.h"

#include <stdlib.h>

#include "sim/diag.h"

/* Beyond this many jobs a queue's curve is drawn through this many evenly
 * spaced ranks (and its last one): the eye sees no difference. */
#define CDF_POINTS 2000

struct waits {
	int64_t *ms;
	size_t n;
};

static int load_waits(struct plot_ctx *cx, int64_t run_id, const char *queue,
		      struct waits *w)
{
	w->ms = NULL;
	w->n = 0;
	sqlite3_stmt *st = plot_query_named(cx,
		"SELECT wait_ms FROM jobs WHERE run_id = ?1 AND queue = ?2"
		" AND start_ms IS NOT NULL AND wait_ms IS NOT NULL"
		" ORDER BY wait_ms", run_id, queue);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (w->n == cap) {
			cap = cap ? cap * 2 : 256;
			int64_t *nv = realloc(w->ms, cap * sizeof *nv);
			if (!nv)
				break;
			w->ms = nv;
		}
		w->ms[w->n++] = sqlite3_column_int64(st, 0);
	}
	return plot_query_done(cx, st, rc);
}

static void write_cdf(FILE *fp, const struct waits *w,
		      const struct time_axis *ax)
{
	size_t step = w->n > CDF_POINTS ? (w->n + CDF_POINTS - 1) / CDF_POINTS : 1;
	fprintf(fp, "0\t0\n");
	for (size_t i = 0; i < w->n; i++)
		if (i % step == step - 1 || i == w->n - 1)
			fprintf(fp, "%.6f\t%.6f\n", time_axis_x(ax, w->ms[i]),
				(double)(i + 1) / (double)w->n);
}

int plot_wait_cdf(struct plot_ctx *cx, const struct plot_run *run)
{
	struct plot_names q, shown = { 0 };
	if (plot_run_queues(cx, run->id, &q) != 0)
		return -1;
	struct waits *w = calloc(q.n + 1, sizeof *w);
	int rc = w ? 0 : -1;
	int64_t max_ms = 0;
	for (size_t i = 0; i < q.n && rc == 0; i++) {
		rc = load_waits(cx, run->id, q.items[i], &w[i]);
		if (rc == 0 && w[i].n && w[i].ms[w[i].n - 1] > max_ms)
			max_ms = w[i].ms[w[i].n - 1];
	}
	struct time_axis ax;
	time_axis_for(max_ms, "wait", &ax);
	char fmt[300], path[320], label[300];
	plot_data_fmt(cx, fmt, sizeof fmt);
	for (size_t i = 0; i < q.n && rc == 0; i++) {
		if (!w[i].n)
			continue;
		FILE *fp = plot_data_open_nth(cx, fmt, (int)shown.n + 1, path,
					      sizeof path);
		if (!fp) {
			rc = -1;
			break;
		}
		write_cdf(fp, &w[i], &ax);
		snprintf(label, sizeof label, "%s (%zu jobs)", q.items[i], w[i].n);
		if (plot_data_close(cx, fp, path) != 0 ||
		    plot_names_add(&shown, label) < 0)
			rc = -1;
	}
	if (rc == 0 && shown.n == 0)
		diag_add(cx->d, DIAG_NOTE, NULL, 0, 0,
			 "run %lld: no job started: wait-time CDF not drawn",
			 (long long)run->id);
	if (rc == 0 && shown.n > 0) {
		char *vars = NULL, title[256];
		size_t len = 0;
		FILE *v = open_memstream(&vars, &len);
		plot_var_str(v, "data_fmt", fmt);
		plot_var_int(v, "nq", (long long)shown.n);
		plot_var_strs(v, "qname", shown.items, shown.n);
		plot_var_str(v, "xlabel_text", ax.label);
		fclose(v);
		snprintf(title, sizeof title, "Wait-time CDF per queue, %s",
			 run->label);
		rc = plot_draw(cx, run->id, "wait_cdf", title, 1000, 560, vars);
		free(vars);
	}
	for (size_t i = 0; w && i < q.n; i++)
		free(w[i].ms);
	free(w);
	plot_names_free(&q);
	plot_names_free(&shown);
	return rc;
}
