/*
 * The plots drawn from the run's periodic samples (timeseries table):
 * nodes of each queue by state, and pending and running jobs, over time.
 */
#include "plots/plot_internal.h"

#include <stdlib.h>
#include <string.h>

#include "sim/diag.h"

/* More panels than this would be too thin to read. */
#define MAX_QUEUE_PANELS 8

static void write_sums(FILE *fp, double x, const long long *sum)
{
	fprintf(fp, "%.6f", x);
	for (int c = 0; c < 7; c++)
		fprintf(fp, "\t%lld", sum[c]);
	fputc('\n', fp);
}

/* Writes one queue's running sums of node states as a step function (the
 * counts hold from one sample to the next; samples are taken when
 * something changes), held to the end of the run.  Returns the number of
 * samples, or -1. */
static long write_queue_nodes(struct plot_ctx *cx, const struct plot_run *run,
			      const char *queue, const struct time_axis *ax,
			      FILE *fp)
{
	sqlite3_stmt *st = plot_query_named(cx,
		"SELECT time_ms, allocated, mixed, idle, powering_up,"
		" powering_down, down, powered_down FROM timeseries"
		" WHERE run_id = ?1 AND queue = ?2 ORDER BY time_ms, rowid",
		run->id, queue);
	if (!st)
		return -1;
	long n = 0;
	long long sum[7] = { 0 };
	int64_t t = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t = sqlite3_column_int64(st, 0);
		if (n++)
			write_sums(fp, time_axis_x(ax, t), sum);
		for (int c = 0; c < 7; c++)
			sum[c] = sqlite3_column_int64(st, c + 1) + (c ? sum[c - 1] : 0);
		write_sums(fp, time_axis_x(ax, t), sum);
	}
	if (n && run->end_ms > t)
		write_sums(fp, time_axis_x(ax, run->end_ms), sum);
	return plot_query_done(cx, st, rc) == 0 ? n : -1;
}

int plot_nodes(struct plot_ctx *cx, const struct plot_run *run)
{
	struct plot_names q, shown = { 0 };
	if (plot_run_queues(cx, run->id, &q) != 0)
		return -1;
	struct time_axis ax;
	time_axis_for(run->end_ms, PLOT_SINCE_START, &ax);
	char fmt[300], path[320];
	plot_data_fmt(cx, fmt, sizeof fmt);
	int rc = 0;
	for (size_t i = 0; i < q.n && shown.n < MAX_QUEUE_PANELS && rc == 0; i++) {
		FILE *fp = plot_data_open_nth(cx, fmt, (int)shown.n + 1, path,
					      sizeof path);
		long n = fp ? write_queue_nodes(cx, run, q.items[i], &ax, fp) : -1;
		if (fp && plot_data_close(cx, fp, path) != 0)
			n = -1;
		if (n < 0)
			rc = -1;
		else if (n > 0 && plot_names_add(&shown, q.items[i]) < 0)
			rc = -1;
	}
	if (rc == 0 && q.n > MAX_QUEUE_PANELS)
		diag_add(cx->d, DIAG_NOTE, NULL, 0, 0,
			 "run %lld: nodes plot shows the first %d of %zu queues",
			 (long long)run->id, MAX_QUEUE_PANELS, q.n);
	if (rc == 0 && shown.n == 0)
		diag_add(cx->d, DIAG_NOTE, NULL, 0, 0,
			 "run %lld: no timeseries samples: nodes over time not drawn",
			 (long long)run->id);
	if (rc == 0 && shown.n > 0) {
		char *vars = NULL, title[256];
		size_t len = 0;
		FILE *v = open_memstream(&vars, &len);
		plot_var_str(v, "data_fmt", fmt);
		plot_var_int(v, "nq", (long long)shown.n);
		plot_var_strs(v, "qname", shown.items, shown.n);
		plot_var_str(v, "xlabel_text", ax.label);
		plot_var_num(v, "x_max", time_axis_end(&ax, run->end_ms));
		fclose(v);
		snprintf(title, sizeof title, "Nodes by state, %s", run->label);
		rc = plot_draw(cx, run->id, "nodes", title, 1000,
			       140 + 280 * (int)shown.n, vars);
		free(vars);
	}
	plot_names_free(&q);
	plot_names_free(&shown);
	return rc;
}

/* The latest pending and running counts of each queue at one time. */
struct job_counts {
	long long *pending, *running;
	size_t nq;
	long long max_pending, max_running;   /* of all queues together */
};

static void write_counts(FILE *fp, double x, struct job_counts *c)
{
	long long p = 0, r = 0;
	for (size_t q = 0; q < c->nq; q++) {
		p += c->pending[q];
		r += c->running[q];
	}
	if (p > c->max_pending)
		c->max_pending = p;
	if (r > c->max_running)
		c->max_running = r;
	fprintf(fp, "%.6f\t%lld\t%lld", x, p, r);
	for (size_t q = 0; q < c->nq; q++)
		fprintf(fp, "\t%lld", c->pending[q]);
	for (size_t q = 0; q < c->nq; q++)
		fprintf(fp, "\t%lld", c->running[q]);
	fputc('\n', fp);
}

/* One row per sample time; a queue without a sample at that time keeps its
 * last counts.  Returns the rows written or -1. */
static long write_job_counts(struct plot_ctx *cx, const struct plot_run *run,
			     const struct plot_names *q,
			     const struct time_axis *ax, FILE *fp,
			     long long *max_pending, long long *max_running)
{
	struct job_counts c = { calloc(q->n + 1, sizeof *c.pending),
				calloc(q->n + 1, sizeof *c.running), q->n, 1, 1 };
	sqlite3_stmt *st = c.pending && c.running ? plot_query(cx,
		"SELECT time_ms, queue, pending_jobs, running_jobs FROM timeseries"
		" WHERE run_id = ?1 ORDER BY time_ms, rowid", run->id) : NULL;
	long rows = -1;
	if (st) {
		int rc, have = 0;
		int64_t t = 0;
		rows = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t ts = sqlite3_column_int64(st, 0);
			if (have && ts != t) {
				write_counts(fp, time_axis_x(ax, t), &c);
				rows++;
			}
			t = ts;
			have = 1;
			const unsigned char *name = sqlite3_column_text(st, 1);
			int k = name ? plot_names_index(q, (const char *)name) : -1;
			if (k >= 0) {
				c.pending[k] = sqlite3_column_int64(st, 2);
				c.running[k] = sqlite3_column_int64(st, 3);
			}
		}
		if (have) {
			write_counts(fp, time_axis_x(ax, t), &c);
			rows++;
		}
		/* The last counts hold to the end of the run. */
		if (have && run->end_ms > t)
			write_counts(fp, time_axis_x(ax, run->end_ms), &c);
		if (plot_query_done(cx, st, rc) != 0)
			rows = -1;
	} else if (!c.pending || !c.running) {
		diag_error(cx->d, NULL, 0, 0, "out of memory");
	}
	free(c.pending);
	free(c.running);
	*max_pending = c.max_pending;
	*max_running = c.max_running;
	return rows;
}

int plot_jobs(struct plot_ctx *cx, const struct plot_run *run)
{
	struct plot_names q;
	if (plot_run_queues(cx, run->id, &q) != 0)
		return -1;
	struct time_axis ax;
	time_axis_for(run->end_ms, PLOT_SINCE_START, &ax);
	char path[320];
	FILE *fp = plot_data_open(cx, path, sizeof path);
	long long max_pending, max_running;
	long rows = fp ? write_job_counts(cx, run, &q, &ax, fp, &max_pending,
					  &max_running) : -1;
	if (fp && plot_data_close(cx, fp, path) != 0)
		rows = -1;
	int rc = rows < 0 ? -1 : 0;
	if (rows == 0)
		diag_add(cx->d, DIAG_NOTE, NULL, 0, 0,
			 "run %lld: no timeseries samples: jobs over time not drawn",
			 (long long)run->id);
	if (rows > 0) {
		char *vars = NULL, title[256];
		size_t len = 0;
		FILE *v = open_memstream(&vars, &len);
		plot_var_str(v, "data", path);
		plot_var_int(v, "nq", (long long)q.n);
		plot_var_strs(v, "qname", q.items, q.n);
		plot_var_int(v, "per_queue", q.n > 1);
		plot_var_int(v, "y_pending", max_pending);
		plot_var_int(v, "y_running", max_running);
		plot_var_str(v, "xlabel_text", ax.label);
		plot_var_num(v, "x_max", time_axis_end(&ax, run->end_ms));
		fclose(v);
		snprintf(title, sizeof title, "Pending and running jobs, %s",
			 run->label);
		rc = plot_draw(cx, run->id, "jobs", title, 1000, 700, vars);
		free(vars);
	}
	plot_names_free(&q);
	return rc;
}
