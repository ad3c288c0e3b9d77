/*
 * Shared-storage (FSx for Lustre and others) throughput over time, one
 * panel per file system.  Schema 1 of the results DB does not record it;
 * the plot reads the optional table
 *   storage_timeseries(run_id, time_ms, storage, read_mib_s, write_mib_s,
 *                      capacity_mib_s)
 * (docs/plots.md) and says so in a note when the DB has no such rows.
 */
#include "plots/plot_internal.h"

#include <stdlib.h>

#include "sim/diag.h"

static int has_table(struct plot_ctx *cx)
{
	sqlite3_stmt *st = plot_query(cx,
		"SELECT 1 FROM sqlite_schema WHERE type = 'table'"
		" AND name = 'storage_timeseries'", 0);
	if (!st)
		return -1;
	int found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static int load_storages(struct plot_ctx *cx, int64_t run_id,
			 struct plot_names *s)
{
	sqlite3_stmt *st = plot_query(cx,
		"SELECT storage FROM storage_timeseries WHERE run_id = ?1"
		" AND storage IS NOT NULL GROUP BY storage ORDER BY min(rowid)",
		run_id);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (plot_names_add(s, (const char *)sqlite3_column_text(st, 0)) < 0)
			break;
	return plot_query_done(cx, st, rc);
}

static void write_rates(FILE *fp, double x, const double v[3])
{
	fprintf(fp, "%.6f\t%.3f\t%.3f\t%.3f\n", x, v[0], v[0] + v[1], v[2]);
}

/* Writes one storage's throughput as a step function: each sample's rates
 * hold until the next sample, and the last ones to the end of the run. */
static int write_storage(struct plot_ctx *cx, const struct plot_run *run,
			 const char *storage, const struct time_axis *ax,
			 FILE *fp)
{
	sqlite3_stmt *st = plot_query_named(cx,
		"SELECT time_ms, read_mib_s, write_mib_s, capacity_mib_s"
		" FROM storage_timeseries WHERE run_id = ?1 AND storage = ?2"
		" ORDER BY time_ms, rowid", run->id, storage);
	if (!st)
		return -1;
	double v[3] = { 0, 0, 0 };
	int64_t t = 0;
	long n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t = sqlite3_column_int64(st, 0);
		if (n++)
			write_rates(fp, time_axis_x(ax, t), v);
		for (int c = 0; c < 3; c++)
			v[c] = sqlite3_column_double(st, c + 1);
		write_rates(fp, time_axis_x(ax, t), v);
	}
	if (n && run->end_ms > t)
		write_rates(fp, time_axis_x(ax, run->end_ms), v);
	return plot_query_done(cx, st, rc);
}

int plot_fsx(struct plot_ctx *cx, const struct plot_run *run)
{
	int table = has_table(cx);
	if (table < 0)
		return -1;
	struct plot_names s = { 0 };
	if (table && load_storages(cx, run->id, &s) != 0) {
		plot_names_free(&s);
		return -1;
	}
	if (s.n == 0) {
		diag_add(cx->d, DIAG_NOTE, NULL, 0, 0,
			 "run %lld: storage throughput is absent from the results DB"
			 " (no storage_timeseries rows): FSx plot not drawn",
			 (long long)run->id);
		return 0;
	}
	struct time_axis ax;
	time_axis_for(run->end_ms, PLOT_SINCE_START, &ax);
	char fmt[300], path[320];
	plot_data_fmt(cx, fmt, sizeof fmt);
	int rc = 0;
	for (size_t i = 0; i < s.n && rc == 0; i++) {
		FILE *fp = plot_data_open_nth(cx, fmt, (int)i + 1, path, sizeof path);
		rc = fp ? write_storage(cx, run, s.items[i], &ax, fp) : -1;
		if (fp && plot_data_close(cx, fp, path) != 0)
			rc = -1;
	}
	if (rc == 0) {
		char *vars = NULL, title[256];
		size_t len = 0;
		FILE *v = open_memstream(&vars, &len);
		plot_var_str(v, "data_fmt", fmt);
		plot_var_int(v, "ns", (long long)s.n);
		plot_var_strs(v, "sname", s.items, s.n);
		plot_var_str(v, "xlabel_text", ax.label);
		plot_var_num(v, "x_max", time_axis_end(&ax, run->end_ms));
		fclose(v);
		snprintf(title, sizeof title, "Shared-storage throughput, %s",
			 run->label);
		rc = plot_draw(cx, run->id, "fsx", title, 1000,
			       140 + 280 * (int)s.n, vars);
		free(vars);
	}
	plot_names_free(&s);
	return rc;
}
