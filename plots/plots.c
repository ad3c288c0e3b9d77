/*
 * The plot driver: sets up a private temporary directory, finds gnuplot,
 * calls one function per plot type for each run and the cross-run plots,
 * and turns a template plus its variables into files (plot_draw).  Data and
 * scripts live in the temporary directory; finished plots are copied into
 * the output directory atomically (sim/outfile.h).
 */
#include "plots/plot_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plots/gnuplot.h"
#include "plots/templates.h"
#include "sim/diag.h"
#include "sim/outfile.h"

void plot_request_init(struct plot_request *rq)
{
	memset(rq, 0, sizeof *rq);
	rq->formats = PLOT_PNG | PLOT_SVG;
}

void time_axis_for(int64_t span_ms, const char *quantity,
		   struct time_axis *ax)
{
	const char *unit = "days";
	ax->ms_per_unit = 86400000.0;
	if (span_ms <= 3 * 3600000LL) {
		unit = "minutes";
		ax->ms_per_unit = 60000.0;
	} else if (span_ms <= 72 * 3600000LL) {
		unit = "hours";
		ax->ms_per_unit = 3600000.0;
	}
	snprintf(ax->label, sizeof ax->label, "%s (%s)", quantity, unit);
}

/* ---- data files and variables ----------------------------------------------- */

static FILE *open_data(struct plot_ctx *cx, const char *path)
{
	FILE *fp = fopen(path, "w");
	if (!fp)
		diag_error(cx->d, path, 0, 0, "cannot write plot data: %s",
			   strerror(errno));
	return fp;
}

FILE *plot_data_open(struct plot_ctx *cx, char *path, size_t path_size)
{
	snprintf(path, path_size, "%s/data%u.tsv", cx->tmpdir, ++cx->n_files);
	return open_data(cx, path);
}

void plot_data_fmt(struct plot_ctx *cx, char *fmt, size_t fmt_size)
{
	snprintf(fmt, fmt_size, "%s/data%u-%%d.tsv", cx->tmpdir, ++cx->n_files);
}

FILE *plot_data_open_nth(struct plot_ctx *cx, const char *fmt, int i,
			 char *path, size_t path_size)
{
	/* fmt is made by plot_data_fmt: its only conversion is %d. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(path, path_size, fmt, i);
#pragma GCC diagnostic pop
	return open_data(cx, path);
}

int plot_data_close(struct plot_ctx *cx, FILE *fp, const char *path)
{
	int bad = ferror(fp);
	if (fclose(fp) != 0 || bad) {
		diag_error(cx->d, path, 0, 0, "cannot write plot data");
		return -1;
	}
	return 0;
}

void plot_var_str(FILE *v, const char *name, const char *value)
{
	fprintf(v, "%s = ", name);
	gnuplot_quote(v, value);
	fputc('\n', v);
}

void plot_var_int(FILE *v, const char *name, long long value)
{
	fprintf(v, "%s = %lld\n", name, value);
}

void plot_var_num(FILE *v, const char *name, double value)
{
	fprintf(v, "%s = %.9g\n", name, value);
}

void plot_var_strs(FILE *v, const char *name, char *const *items, size_t n)
{
	/* gnuplot arrays have at least one element. */
	fprintf(v, "array %s[%zu] = [", name, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", v);
		gnuplot_quote(v, items[i]);
	}
	fputs(n ? "]\n" : "'']\n", v);
}

/* ---- drawing ------------------------------------------------------------------ */

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = nb;
		}
		size_t n = fread(buf + *len, 1, cap - *len - 1, fp);
		*len += n;
		if (n == 0)
			break;
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

static int copy_out(struct plot_ctx *cx, const char *from, const char *to)
{
	size_t len;
	char *bytes = slurp(from, &len);
	char err[1200];
	struct outfile o;
	if (!bytes) {
		diag_error(cx->d, from, 0, 0, "cannot read the plot gnuplot drew");
		return -1;
	}
	int rc = outfile_open(&o, to, err, sizeof err);
	if (rc == 0 && fwrite(bytes, 1, len, o.fp) != len) {
		snprintf(err, sizeof err, "%s: cannot write", to);
		outfile_abort(&o);
		rc = -1;
	} else if (rc == 0) {
		rc = outfile_commit(&o, err, sizeof err);
	}
	free(bytes);
	if (rc != 0)
		diag_error(cx->d, NULL, 0, 0, "%s", err);
	return rc;
}

static const char *terminal_of(unsigned format)
{
	return format == PLOT_SVG
	       ? "set terminal svg size %d,%d dynamic noenhanced font 'sans,12' background rgb 'white'\n"
	       : "set terminal pngcairo size %d,%d noenhanced font 'sans,10' background rgb 'white'\n";
}

/* Writes the script and runs gnuplot; the plot goes to out_path. */
static int draw_one(struct plot_ctx *cx, const char *name, unsigned format,
		    const char *title, int w, int h, const char *vars,
		    const char *tmpl, const char *out_path)
{
	char script[600], msg[1024];
	snprintf(script, sizeof script, "%s.gp", out_path);
	FILE *fp = fopen(script, "w");
	if (!fp) {
		diag_error(cx->d, script, 0, 0, "cannot write: %s", strerror(errno));
		return -1;
	}
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(fp, terminal_of(format), w, h);
#pragma GCC diagnostic pop
	fputs("set output ", fp);
	gnuplot_quote(fp, out_path);
	fputs("\nset datafile separator \"\\t\"\n", fp);
	plot_var_str(fp, "title_text", title);
	fputs(vars, fp);
	fputs(tmpl, fp);
	if (fclose(fp) != 0) {
		diag_error(cx->d, script, 0, 0, "cannot write");
		return -1;
	}
	if (gnuplot_run(cx->gnuplot, script, msg, sizeof msg) != 0) {
		diag_error(cx->d, NULL, 0, 0, "plot %s: gnuplot failed: %s", name,
			   msg);
		return -1;
	}
	if (msg[0])
		diag_warn(cx->d, NULL, 0, 0, "plot %s: gnuplot said: %s", name,
			  msg);
	return 0;
}

static int add_plot(struct plot_set *ps, const char *name, const char *title,
		    int64_t run_id, char *svg)
{
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 16;
		struct plot *ni = realloc(ps->items, cap * sizeof *ni);
		if (!ni)
			return -1;
		ps->items = ni;
		ps->cap = cap;
	}
	struct plot *p = &ps->items[ps->n];
	p->name = strdup(name);
	p->title = strdup(title);
	p->run_id = run_id;
	p->svg = svg;
	if (!p->name || !p->title) {
		free(p->name);
		free(p->title);
		return -1;
	}
	ps->n++;
	return 0;
}

int plot_draw(struct plot_ctx *cx, int64_t run_id, const char *kind,
	      const char *title, int w, int h, const char *vars)
{
	const struct plot_request *rq = cx->rq;
	const char *tmpl = plot_template(kind);
	char name[96], out[512], final[1024];
	if (run_id > 0)
		snprintf(name, sizeof name, "run%lld-%s", (long long)run_id, kind);
	else
		snprintf(name, sizeof name, "runs-%s", kind);
	if (!tmpl) {
		diag_error(cx->d, NULL, 0, 0, "plot %s: no template '%s'", name, kind);
		return -1;
	}
	static const struct { unsigned format; const char *ext; } fmts[] = {
		{ PLOT_PNG, "png" }, { PLOT_SVG, "svg" },
	};
	char *svg = NULL;
	for (size_t i = 0; i < 2; i++) {
		int to_dir = rq->dir && (rq->formats & fmts[i].format);
		int keep = fmts[i].format == PLOT_SVG && rq->keep_svg;
		if (!to_dir && !keep)
			continue;
		snprintf(out, sizeof out, "%s/%s.%s", cx->tmpdir, name, fmts[i].ext);
		if (draw_one(cx, name, fmts[i].format, title, w, h, vars, tmpl,
			     out) != 0)
			goto fail;
		snprintf(final, sizeof final, "%s/%s.%s", rq->dir ? rq->dir : ".",
			 name, fmts[i].ext);
		if (to_dir && copy_out(cx, out, final) != 0)
			goto fail;
		size_t len;
		if (keep && !(svg = slurp(out, &len))) {
			diag_error(cx->d, out, 0, 0, "cannot read the plot gnuplot drew");
			goto fail;
		}
	}
	if (add_plot(cx->out, name, title, run_id, svg) == 0)
		return 0;
	diag_error(cx->d, NULL, 0, 0, "out of memory");
fail:
	free(svg);
	return -1;
}

/* ---- the whole request -------------------------------------------------------- */

static int make_tmpdir(struct plot_ctx *cx)
{
	/* The directory's path goes into gnuplot sprintf formats: a '%' or a
	 * quote in TMPDIR would change them, so such a TMPDIR is not used. */
	const char *base = getenv("TMPDIR");
	if (!base || !*base || strpbrk(base, "%'\"\n"))
		base = "/tmp";
	char *t = temp_template(base, "/pclsim-plot-");
	if (t && strlen(t) < sizeof cx->tmpdir) {
		strcpy(cx->tmpdir, t);
		free(t);
		if (mkdtemp(cx->tmpdir))
			return 0;
	} else {
		free(t);
		errno = t ? ENAMETOOLONG : ENOMEM;
	}
	diag_error(cx->d, NULL, 0, 0, "cannot create a temporary directory in %s: %s",
		   base, strerror(errno));
	cx->tmpdir[0] = '\0';
	return -1;
}

static void remove_tmpdir(struct plot_ctx *cx)
{
	if (!cx->tmpdir[0])
		return;
	DIR *dir = opendir(cx->tmpdir);
	struct dirent *e;
	char path[512];
	while (dir && (e = readdir(dir))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", cx->tmpdir, e->d_name);
		unlink(path);
	}
	if (dir)
		closedir(dir);
	rmdir(cx->tmpdir);
}

static int make_out_dir(struct plot_ctx *cx, const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		diag_error(cx->d, dir, 0, 0, "not a directory");
		return -1;
	}
	if (mkdir(dir, 0777) == 0)
		return 0;
	diag_error(cx->d, dir, 0, 0, "cannot create the plot directory: %s",
		   strerror(errno));
	return -1;
}

static int draw_run(struct plot_ctx *cx, int64_t id)
{
	struct plot_run run;
	if (plot_run_load(cx, id, &run) != 0)
		return -1;
	int (*const fns[])(struct plot_ctx *, const struct plot_run *) = {
		plot_nodes, plot_jobs, plot_cost, plot_wait_cdf, plot_gantt,
		plot_fsx,
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
		if (fns[i](cx, &run) != 0)
			rc = -1;
	plot_run_free(&run);
	return rc;
}

int plots_render(const struct plot_request *rq, struct plot_set *out,
		 struct diags *d)
{
	memset(out, 0, sizeof *out);
	struct plot_ctx cx = { .rq = rq, .out = out, .d = d };
	char *found = NULL;
	if (!rq->gnuplot && !(found = gnuplot_find(getenv("PATH")))) {
		out->gnuplot_missing = 1;
		diag_warn(d, NULL, 0, 0, GNUPLOT_MISSING_MSG);
		return 0;
	}
	cx.gnuplot = rq->gnuplot ? rq->gnuplot : found;
	int rc = 0;
	if ((rq->dir && make_out_dir(&cx, rq->dir) != 0) || make_tmpdir(&cx) != 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < rq->n_runs; i++)
		if (draw_run(&cx, rq->run_ids[i]) != 0)
			rc = -1;
	if (rc == 0 && rq->n_runs > 1 &&
	    (plot_pareto(&cx, rq->run_ids, rq->n_runs) != 0 ||
	     plot_ci(&cx, rq->run_ids, rq->n_runs) != 0))
		rc = -1;
	remove_tmpdir(&cx);
	free(found);
	return rc;
}

void plot_set_free(struct plot_set *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->items[i].name);
		free(ps->items[i].title);
		free(ps->items[i].svg);
	}
	free(ps->items);
	memset(ps, 0, sizeof *ps);
}
