/*
 * The HTML report; see report_html.h.  One function per section, each
 * reading what it shows from the results DB with its own query, so a
 * section's content can be checked against the DB alone.
 */
#include "plots/report_html.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "plots/plots.h"
#include "sim/diag.h"
#include "sim/outfile.h"
#include "sim/replicate.h"

/* Beyond this many runs the per-run tables (cost breakdown, instances)
 * would not fit a page: the report says so and keeps the summaries. */
#define REPORT_MAX_RUN_COLUMNS 12

struct page {
	FILE *fp;
	const struct report_input *in;
	char *err;
	size_t err_size;
	int failed;
};

static void esc(FILE *fp, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
}

static sqlite3_stmt *query(struct page *pg, const char *sql, int64_t run_id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(pg->in->db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(pg->err, pg->err_size, "results DB: %s",
			 sqlite3_errmsg(pg->in->db));
		pg->failed = 1;
		return NULL;
	}
	if (run_id > 0)
		sqlite3_bind_int64(st, 1, run_id);
	return st;
}

static void done(struct page *pg, sqlite3_stmt *st, int rc)
{
	if (rc != SQLITE_DONE && rc != SQLITE_ROW && !pg->failed) {
		snprintf(pg->err, pg->err_size, "results DB: %s",
			 sqlite3_errmsg(pg->in->db));
		pg->failed = 1;
	}
	sqlite3_finalize(st);
}

static const char *col(sqlite3_stmt *st, int c)
{
	const unsigned char *s = sqlite3_column_text(st, c);
	return s ? (const char *)s : "";
}

/* A cell: escaped text, or an em dash for NULL. */
static void td(FILE *fp, sqlite3_stmt *st, int c)
{
	fputs("<td>", fp);
	if (sqlite3_column_type(st, c) == SQLITE_NULL)
		fputs("&mdash;", fp);
	else
		esc(fp, col(st, c));
	fputs("</td>", fp);
}

static void td_num(FILE *fp, const char *fmt, double v)
{
	fputs("<td class=n>", fp);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(fp, fmt, v);
#pragma GCC diagnostic pop
	fputs("</td>", fp);
}

static void head_row(FILE *fp, const char *const *names)
{
	fputs("<tr>", fp);
	for (; *names; names++) {
		fputs("<th>", fp);
		esc(fp, *names);
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
}

/* ---- sections ------------------------------------------------------------------ */

static const char style[] =
	"body{font-family:sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}"
	"h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:2em}"
	"table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}"
	"th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}"
	"th{background:#f0f4f8}td.n{text-align:right;font-variant-numeric:tabular-nums}"
	"figure{margin:1em 0 2em}figure svg{width:100%;height:auto;border:1px solid #eee}"
	"code{font-size:.85em;word-break:break-all}.note{color:#555}";

static void section_head(struct page *pg)
{
	FILE *fp = pg->fp;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<title>pclsim report: ", fp);
	esc(fp, pg->in->source);
	fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n"
		"<h1>pclsim capacity report</h1>\n<p>Simulated with pclsim %s"
		" (offline simulator of AWS ParallelCluster with Slurm). Results DB ",
		style, PCLSIM_VERSION);
	fputs("<code>", fp);
	esc(fp, pg->in->source);
	fprintf(fp, "</code>, %zu run%s. Figures are simulated estimates under the"
		" assumptions listed at the end of this page.</p>\n",
		pg->in->n_runs, pg->in->n_runs == 1 ? "" : "s");
}

static void section_summary(struct page *pg)
{
	static const char *const cols[] = {
		"run", "label", "rep.", "makespan (h)", "total (USD)",
		"head node", "compute On-Demand", "compute Spot", "storage",
		"jobs", "completed", "not run", "wait mean (min)", "wait p50",
		"wait p95", "wait max", "bounded slowdown mean", "p95",
		"utilisation", "launches", "Spot interruptions", "requeues",
		"failed launches", NULL };
	FILE *fp = pg->fp;
	fputs("<h2>Summary</h2>\n<table>\n", fp);
	head_row(fp, cols);
	for (size_t i = 0; i < pg->in->n_runs && !pg->failed; i++) {
		sqlite3_stmt *st = query(pg,
			"SELECT id, label, replication, makespan_ms / 3600000.0,"
			" total_usd, head_node_usd, ondemand_usd, spot_usd,"
			" storage_usd, jobs, completed, rejected + pending,"
			" wait_mean_s / 60, wait_p50_s / 60, wait_p95_s / 60,"
			" wait_max_s / 60, bsld_mean, bsld_p95, utilisation * 100,"
			" launches, spot_interruptions, requeues, launch_failures"
			" FROM runs WHERE id = ?1", pg->in->run_ids[i]);
		if (!st)
			return;
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			fputs("<tr>", fp);
			td(fp, st, 0);
			td(fp, st, 1);
			td(fp, st, 2);
			td_num(fp, "%.2f", sqlite3_column_double(st, 3));
			for (int c = 4; c <= 8; c++)
				td_num(fp, "%.2f", sqlite3_column_double(st, c));
			for (int c = 9; c <= 11; c++)
				td_num(fp, "%.0f", sqlite3_column_double(st, c));
			for (int c = 12; c <= 17; c++)
				td_num(fp, "%.1f", sqlite3_column_double(st, c));
			td_num(fp, "%.1f %%", sqlite3_column_double(st, 18));
			for (int c = 19; c <= 22; c++)
				td_num(fp, "%.0f", sqlite3_column_double(st, c));
			fputs("</tr>\n", fp);
		}
		done(pg, st, rc);
	}
	fputs("</table>\n<p class=note>Wait times in minutes; \"not run\" counts"
	      " jobs rejected at submission or still pending at the end."
	      " Bounded slowdown uses &tau; = 10 s.</p>\n", fp);
}

/* The metric of one run, by column name of the runs table. */
static double run_metric(struct page *pg, int64_t id, const char *expr)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT %s FROM runs WHERE id = ?1", expr);
	sqlite3_stmt *st = query(pg, sql, id);
	if (!st)
		return 0;
	int rc = sqlite3_step(st);
	double v = rc == SQLITE_ROW ? sqlite3_column_double(st, 0) : 0;
	done(pg, st, rc);
	return v;
}

static void ci_cell(FILE *fp, const double *v, size_t n, const char *fmt)
{
	struct ci95 c;
	ci95_of(v, n, &c);
	char f[64];
	if (n > 1)
		snprintf(f, sizeof f, "%s &plusmn; %s", fmt, fmt);
	else
		snprintf(f, sizeof f, "%s", fmt);
	fputs("<td class=n>", fp);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(fp, f, c.mean, c.half_width);
#pragma GCC diagnostic pop
	fputs("</td>", fp);
}

/* One row: the runs of group key. */
static void config_row(struct page *pg, const char *key, const char *name,
		       double *buf)
{
	static const char *const metrics[] = {
		"makespan_ms / 3600000.0", "total_usd", "wait_mean_s / 60",
		"bsld_mean", "spot_interruptions" };
	static const char *const fmts[] = { "%.2f", "%.2f", "%.1f", "%.2f", "%.1f" };
	const struct report_input *in = pg->in;
	char k[600], nm[300];
	fputs("<tr><td>", pg->fp);
	esc(pg->fp, name);
	size_t n = 0;
	for (size_t i = 0; i < in->n_runs; i++)
		if (plot_db_run_group(in->db, in->run_ids[i], k, sizeof k, nm,
				      sizeof nm) == 0 && !strcmp(k, key))
			n++;
	fprintf(pg->fp, "</td><td class=n>%zu</td>", n);
	for (size_t m = 0; m < sizeof metrics / sizeof *metrics; m++) {
		size_t j = 0;
		for (size_t i = 0; i < in->n_runs; i++)
			if (plot_db_run_group(in->db, in->run_ids[i], k, sizeof k,
					      nm, sizeof nm) == 0 && !strcmp(k, key))
				buf[j++] = run_metric(pg, in->run_ids[i], metrics[m]);
		ci_cell(pg->fp, buf, j, fmts[m]);
	}
	fputs("</tr>\n", pg->fp);
}

static void section_configs(struct page *pg)
{
	static const char *const cols[] = {
		"config", "runs", "makespan (h)", "total cost (USD)",
		"wait mean (min)", "bounded slowdown mean", "Spot interruptions",
		NULL };
	const struct report_input *in = pg->in;
	if (in->n_runs < 2)
		return;
	double *buf = malloc(in->n_runs * sizeof *buf);
	char **keys = calloc(in->n_runs, sizeof *keys);
	if (!buf || !keys) {
		free(buf);
		free(keys);
		snprintf(pg->err, pg->err_size, "out of memory");
		pg->failed = 1;
		return;
	}
	FILE *fp = pg->fp;
	fputs("<h2>Per config</h2>\n<p>Runs with the same label (or, without"
	      " one, the same config, scenario and overrides) are replications"
	      " of one config: mean &plusmn; half-width of the 95 % confidence"
	      " interval (Student t).</p>\n<table>\n", fp);
	head_row(fp, cols);
	size_t n_keys = 0;
	for (size_t i = 0; i < in->n_runs && !pg->failed; i++) {
		char key[600], name[300];
		if (plot_db_run_group(in->db, in->run_ids[i], key, sizeof key,
				      name, sizeof name) != 0)
			continue;
		size_t k = 0;
		while (k < n_keys && strcmp(keys[k], key))
			k++;
		if (k < n_keys || !(keys[n_keys] = strdup(key)))
			continue;
		n_keys++;
		config_row(pg, key, name, buf);
	}
	fputs("</table>\n", fp);
	for (size_t k = 0; k < n_keys; k++)
		free(keys[k]);
	free(keys);
	free(buf);
}

/* A table with one column per run: rows from sql (?1 = run id) giving
 * (row label, value). */
static void per_run_table(struct page *pg, const char *first_col,
			  const char *rows_sql, const char *value_sql,
			  const char *fmt)
{
	FILE *fp = pg->fp;
	const struct report_input *in = pg->in;
	fprintf(fp, "<table>\n<tr><th>");
	esc(fp, first_col);
	fputs("</th>", fp);
	for (size_t i = 0; i < in->n_runs; i++)
		fprintf(fp, "<th>run %lld</th>", (long long)in->run_ids[i]);
	fputs("</tr>\n", fp);
	sqlite3_stmt *rows = query(pg, rows_sql, 0);
	sqlite3_stmt *val = rows ? query(pg, value_sql, 0) : NULL;
	int rc = SQLITE_DONE;
	while (val && (rc = sqlite3_step(rows)) == SQLITE_ROW) {
		fputs("<tr>", fp);
		td(fp, rows, 0);
		for (size_t i = 0; i < in->n_runs; i++) {
			sqlite3_bind_int64(val, 1, in->run_ids[i]);
			sqlite3_bind_text(val, 2, col(rows, 1), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(val, 3, col(rows, 2), -1, SQLITE_TRANSIENT);
			if (sqlite3_step(val) == SQLITE_ROW &&
			    sqlite3_column_type(val, 0) != SQLITE_NULL)
				td_num(fp, fmt, sqlite3_column_double(val, 0));
			else
				fputs("<td>&mdash;</td>", fp);
			sqlite3_reset(val);
		}
		fputs("</tr>\n", fp);
	}
	if (val)
		done(pg, val, SQLITE_DONE);
	if (rows)
		done(pg, rows, rc);
	fputs("</table>\n", fp);
}

/* The run ids as an SQL list, for IN (...). */
static void id_list(const struct report_input *in, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < in->n_runs && len + 24 < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%lld",
					i ? "," : "", (long long)in->run_ids[i]);
}

static int too_many_runs(struct page *pg, const char *what)
{
	if (pg->in->n_runs <= REPORT_MAX_RUN_COLUMNS)
		return 0;
	fprintf(pg->fp, "<p class=note>%s: left out for more than %d runs;"
		" query the results DB.</p>\n", what, REPORT_MAX_RUN_COLUMNS);
	return 1;
}

static void section_costs(struct page *pg)
{
	fputs("<h2>Cost breakdown (USD)</h2>\n", pg->fp);
	if (too_many_runs(pg, "The cost breakdown per run"))
		return;
	char ids[REPORT_MAX_RUN_COLUMNS * 24 + 8], sql[1024];
	id_list(pg->in, ids, sizeof ids);
	snprintf(sql, sizeof sql,
		 "SELECT category || ': ' || key, category, key FROM costs"
		 " WHERE run_id IN (%s) AND category IN ('part', 'capacity',"
		 " 'queue', 'instance_type', 'storage', 'usage', 'lost')"
		 " GROUP BY category, key ORDER BY min(rowid)", ids);
	per_run_table(pg, "category: item", sql,
		      "SELECT usd FROM costs WHERE run_id = ?1 AND category = ?2"
		      " AND key = ?3", "%.2f");
	fputs("<p class=note>Per-second billing with a 60 s minimum per instance,"
	      " Spot at the catalog's Spot price, head node and storage over the"
	      " whole span. Not priced: data transfer, S3 requests, backups,"
	      " snapshots, root volumes, CloudWatch (see docs/cost.md).</p>\n",
	      pg->fp);
}

static void section_plots(struct page *pg)
{
	FILE *fp = pg->fp;
	const struct plot_set *ps = pg->in->plots;
	fputs("<h2>Plots</h2>\n", fp);
	if (!ps || ps->gnuplot_missing) {
		fputs("<p class=note>gnuplot not found on PATH: plots skipped.</p>\n", fp);
		return;
	}
	size_t shown = 0;
	for (size_t i = 0; i < ps->n; i++) {
		if (!ps->items[i].svg)
			continue;
		fputs("<figure id=\"", fp);
		esc(fp, ps->items[i].name);
		fputs("\">\n", fp);
		char prefix[120];
		snprintf(prefix, sizeof prefix, "%s-", ps->items[i].name);
		report_inline_svg(fp, ps->items[i].svg, prefix);
		fputs("\n<figcaption>", fp);
		esc(fp, ps->items[i].title);
		fputs("</figcaption>\n</figure>\n", fp);
		shown++;
	}
	if (!shown)
		fputs("<p class=note>No plot was drawn (see the notes).</p>\n", fp);
}

static void section_digest(struct page *pg)
{
	static const char *const cols[] = {
		"runs", "config", "config SHA-256", "trace", "trace SHA-256",
		"scenario", "scenario SHA-256", "--set overrides", NULL };
	FILE *fp = pg->fp;
	char ids[4096], sql[4600];
	id_list(pg->in, ids, sizeof ids);
	fputs("<h2>Config digest</h2>\n<table>\n", fp);
	head_row(fp, cols);
	snprintf(sql, sizeof sql,
		 "SELECT group_concat(id, ', '), config_path, config_sha256,"
		 " trace_path, trace_sha256, scenario_path, scenario_sha256,"
		 " overrides FROM runs WHERE id IN (%s) GROUP BY config_sha256,"
		 " trace_sha256, scenario_sha256, overrides ORDER BY min(id)", ids);
	sqlite3_stmt *st = query(pg, sql, 0);
	int rc = SQLITE_DONE;
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fputs("<tr>", fp);
		for (int c = 0; c < 8; c++) {
			fputs(c == 2 || c == 4 || c == 6 ? "<td><code>" : "<td>", fp);
			esc(fp, col(st, c));
			fputs(c == 2 || c == 4 || c == 6 ? "</code></td>" : "</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	if (st)
		done(pg, st, rc);
	fputs("</table>\n<h3>Instances launched</h3>\n", fp);
	if (too_many_runs(pg, "Instances per run"))
		return;
	char rows[5000];
	snprintf(rows, sizeof rows,
		 "SELECT queue || ' / ' || instance_type || ' / ' || capacity ||"
		 " CASE WHEN max(static) = 1 THEN ' (static nodes)' ELSE '' END,"
		 " queue, instance_type || '/' || capacity FROM nodes"
		 " WHERE run_id IN (%s) GROUP BY queue, instance_type, capacity"
		 " ORDER BY min(rowid)", ids);
	per_run_table(pg, "queue / instance type / capacity: nodes used", rows,
		      "SELECT count(DISTINCT node) FROM nodes WHERE run_id = ?1"
		      " AND queue = ?2 AND instance_type || '/' || capacity = ?3",
		      "%.0f");
}

/* Decodes the JSON string at *p (at its opening quote) into out; moves *p
 * past it.  Enough for the flat objects and arrays of strings the runs
 * table keeps (scenario, overrides). */
static void json_string(const char **p, char *out, size_t size)
{
	size_t n = 0;
	const char *s = *p + 1;
	for (; *s && *s != '"'; s++) {
		char c = *s;
		if (c == '\\' && s[1]) {
			s++;
			c = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
		}
		if (n + 1 < size)
			out[n++] = c;
	}
	out[n] = '\0';
	*p = *s ? s + 1 : s;
}

static void scenario_rows(FILE *fp, const char *json)
{
	char key[256], value[512];
	const char *p = json;
	int any = 0;
	while ((p = strchr(p, '"'))) {
		json_string(&p, key, sizeof key);
		p += strspn(p, " :");
		if (*p == '"') {
			json_string(&p, value, sizeof value);
		} else {
			size_t len = strcspn(p, ",}");
			snprintf(value, sizeof value, "%.*s", (int)len, p);
			p += len;
		}
		fputs("<tr><td>", fp);
		esc(fp, key);
		fputs("</td><td>", fp);
		esc(fp, value);
		fputs("</td></tr>\n", fp);
		any = 1;
	}
	if (!any)
		fputs("<tr><td colspan=2>defaults (no scenario parameter given)</td></tr>\n", fp);
}

static void section_assumptions(struct page *pg)
{
	static const char *const cols[] = {
		"run", "label", "seed", "replication", "scheduling policy",
		"pricing region", "catalog date", "catalog sources",
		"pclsim version", NULL };
	FILE *fp = pg->fp;
	fputs("<h2>Assumptions</h2>\n<table>\n", fp);
	head_row(fp, cols);
	for (size_t i = 0; i < pg->in->n_runs && !pg->failed; i++) {
		sqlite3_stmt *st = query(pg,
			"SELECT id, label, seed, replication, policy, region,"
			" catalog_date, catalog_sources, pclsim_version FROM runs"
			" WHERE id = ?1", pg->in->run_ids[i]);
		int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
		if (rc == SQLITE_ROW) {
			fputs("<tr>", fp);
			for (int c = 0; c < 9; c++)
				td(fp, st, c);
			fputs("</tr>\n", fp);
		}
		if (st)
			done(pg, st, rc);
	}
	fputs("</table>\n<h3>Scenario parameters</h3>\n", fp);
	char ids[4096], sql[4400];
	id_list(pg->in, ids, sizeof ids);
	snprintf(sql, sizeof sql,
		 "SELECT group_concat(id, ', '), scenario FROM runs WHERE id IN (%s)"
		 " GROUP BY scenario ORDER BY min(id)", ids);
	sqlite3_stmt *st = query(pg, sql, 0);
	int rc = SQLITE_DONE;
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fputs("<table>\n<tr><th colspan=2>runs ", fp);
		esc(fp, col(st, 0));
		fputs("</th></tr>\n", fp);
		scenario_rows(fp, col(st, 1));
		fputs("</table>\n", fp);
	}
	if (st)
		done(pg, st, rc);
	fputs("<p class=note>Every model default and its source is documented in"
	      " docs/ (fleet, performance, cost, catalog).</p>\n", fp);
}

static void section_notes(struct page *pg)
{
	const struct diags *d = pg->in->notes;
	FILE *fp = pg->fp;
	if (!d || d->n == 0)
		return;
	fputs("<h2>Notes</h2>\n<ul>\n", fp);
	char line[1200];
	for (size_t i = 0; i < d->n; i++) {
		diag_format(&d->items[i], line, sizeof line);
		fputs("<li>", fp);
		esc(fp, line);
		fputs("</li>\n", fp);
	}
	fputs("</ul>\n", fp);
}

int report_html_emit(FILE *fp, const struct report_input *in, char *err,
		     size_t err_size)
{
	struct page pg = { fp, in, err, err_size, 0 };
	void (*const sections[])(struct page *) = {
		section_head, section_summary, section_configs, section_costs,
		section_plots, section_digest, section_assumptions,
		section_notes,
	};
	for (size_t i = 0; i < sizeof sections / sizeof *sections && !pg.failed; i++)
		sections[i](&pg);
	fputs("<p class=note>Generated by pclsim; this page references no"
	      " external resource.</p>\n</body>\n</html>\n", fp);
	return pg.failed ? -1 : 0;
}

int report_html_write(const char *path, const struct report_input *in,
		      char *err, size_t err_size)
{
	struct outfile o;
	char msg[1024];
	if (outfile_check(path, &in->source, 1, err, err_size) != 0 ||
	    outfile_open(&o, path, err, err_size) != 0)
		return -1;
	if (report_html_emit(o.fp, in, msg, sizeof msg) != 0) {
		snprintf(err, err_size, "%s: %s", path, msg);
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o, err, err_size);
}
