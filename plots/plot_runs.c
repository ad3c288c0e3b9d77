/*
 * The plots across runs: cost against makespan with the Pareto front, and
 * per config the mean cost and makespan with the 95 % confidence interval
 * of its replications.  Runs are grouped into configs by their label, or,
 * when they have none, by their config and scenario digests and --set
 * overrides: replications of one what-if share all three.
 */
#include "plots/plot_internal.h"

#include <stdlib.h>
#include <string.h>

#include "sim/diag.h"
#include "sim/replicate.h"

struct run_point {
	int64_t id;
	double makespan_h, cost_usd;
	int group;
};

struct groups {
	struct run_point *pts;
	size_t n;
	struct plot_names keys, names;
};

static int load_groups(struct plot_ctx *cx, const int64_t *ids, size_t n,
		       struct groups *g)
{
	memset(g, 0, sizeof *g);
	if (!(g->pts = calloc(n, sizeof *g->pts))) {
		diag_error(cx->d, NULL, 0, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char key[600], name[300];
		struct plot_run run;
		if (plot_db_run_group(cx->rq->db, ids[i], key, sizeof key, name,
				      sizeof name) != 0) {
			diag_error(cx->d, NULL, 0, 0, "results DB: cannot read run %lld",
				   (long long)ids[i]);
			return -1;
		}
		if (plot_run_load(cx, ids[i], &run) != 0)
			return -1;
		int k = plot_names_index(&g->keys, key);
		if (k < 0 && ((k = plot_names_add(&g->keys, key)) < 0 ||
			      plot_names_add(&g->names, name) < 0)) {
			plot_run_free(&run);
			diag_error(cx->d, NULL, 0, 0, "out of memory");
			return -1;
		}
		g->pts[g->n++] = (struct run_point){
			ids[i], (double)run.makespan_ms / 3600000.0, run.total_usd, k };
		plot_run_free(&run);
	}
	return 0;
}

static void groups_free(struct groups *g)
{
	free(g->pts);
	plot_names_free(&g->keys);
	plot_names_free(&g->names);
}

static int by_makespan(const void *pa, const void *pb)
{
	const struct run_point *a = pa, *b = pb;
	if (a->makespan_h != b->makespan_h)
		return a->makespan_h < b->makespan_h ? -1 : 1;
	return (a->cost_usd > b->cost_usd) - (a->cost_usd < b->cost_usd);
}

/* The runs no other run beats on both makespan and cost, by makespan. */
static int write_front(struct plot_ctx *cx, const struct groups *g,
		       char *path, size_t path_size)
{
	struct run_point *s = malloc(g->n * sizeof *s);
	FILE *fp = s ? plot_data_open(cx, path, path_size) : NULL;
	if (!fp) {
		free(s);
		return -1;
	}
	memcpy(s, g->pts, g->n * sizeof *s);
	qsort(s, g->n, sizeof *s, by_makespan);
	for (size_t i = 0; i < g->n; i++)
		if (i == 0 || s[i].cost_usd < s[i - 1].cost_usd) {
			fprintf(fp, "%.6f\t%.4f\n", s[i].makespan_h, s[i].cost_usd);
		} else {
			s[i].cost_usd = s[i - 1].cost_usd;   /* the best so far */
		}
	free(s);
	return plot_data_close(cx, fp, path);
}

int plot_pareto(struct plot_ctx *cx, const int64_t *ids, size_t n)
{
	struct groups g;
	int rc = load_groups(cx, ids, n, &g);
	char fmt[300], path[320], front[320];
	plot_data_fmt(cx, fmt, sizeof fmt);
	for (size_t k = 0; k < g.names.n && rc == 0; k++) {
		FILE *fp = plot_data_open_nth(cx, fmt, (int)k + 1, path, sizeof path);
		if (!fp) {
			rc = -1;
			break;
		}
		for (size_t i = 0; i < g.n; i++)
			if (g.pts[i].group == (int)k)
				fprintf(fp, "%.6f\t%.4f\t%lld\n", g.pts[i].makespan_h,
					g.pts[i].cost_usd, (long long)g.pts[i].id);
		rc = plot_data_close(cx, fp, path);
	}
	if (rc == 0)
		rc = write_front(cx, &g, front, sizeof front);
	if (rc == 0) {
		char *vars = NULL, title[128];
		size_t len = 0;
		FILE *v = open_memstream(&vars, &len);
		plot_var_str(v, "data_fmt", fmt);
		plot_var_int(v, "ng", (long long)g.names.n);
		plot_var_strs(v, "gname", g.names.items, g.names.n);
		plot_var_str(v, "front", front);
		fclose(v);
		snprintf(title, sizeof title, "Cost against makespan, %zu runs", g.n);
		rc = plot_draw(cx, 0, "pareto", title, 1000, 600, vars);
		free(vars);
	}
	groups_free(&g);
	return rc;
}

/* One row per config: index, name, replications, cost mean/lo/hi,
 * makespan mean/lo/hi.  Returns the largest replication count or -1. */
static long write_ci(struct plot_ctx *cx, const struct groups *g, FILE *fp)
{
	double *cost = malloc(g->n * sizeof *cost);
	double *span = malloc(g->n * sizeof *span);
	long most = 0;
	if (!cost || !span) {
		free(cost);
		free(span);
		diag_error(cx->d, NULL, 0, 0, "out of memory");
		return -1;
	}
	for (size_t k = 0; k < g->names.n; k++) {
		size_t m = 0;
		for (size_t i = 0; i < g->n; i++)
			if (g->pts[i].group == (int)k) {
				cost[m] = g->pts[i].cost_usd;
				span[m++] = g->pts[i].makespan_h;
			}
		struct ci95 c, s;
		ci95_of(cost, m, &c);
		ci95_of(span, m, &s);
		/* A tab would split the name's column. */
		fprintf(fp, "%zu\t", k + 1);
		for (const char *p = g->names.items[k]; *p; p++)
			fputc(*p == '\t' || *p == '\n' ? ' ' : *p, fp);
		fprintf(fp, "\t%zu\t%.4f\t%.4f\t%.4f\t%.6f\t%.6f\t%.6f\n", m,
			c.mean, c.lo, c.hi, s.mean, s.lo, s.hi);
		if ((long)m > most)
			most = (long)m;
	}
	free(cost);
	free(span);
	return most;
}

int plot_ci(struct plot_ctx *cx, const int64_t *ids, size_t n)
{
	struct groups g;
	int rc = load_groups(cx, ids, n, &g);
	char path[320];
	FILE *fp = rc == 0 ? plot_data_open(cx, path, sizeof path) : NULL;
	long most = fp ? write_ci(cx, &g, fp) : -1;
	if (fp && plot_data_close(cx, fp, path) != 0)
		most = -1;
	rc = most < 0 ? -1 : 0;
	if (most == 1)
		diag_add(cx->d, DIAG_NOTE, NULL, 0, 0,
			 "no config has several replications: confidence-interval"
			 " bars not drawn");
	if (most > 1) {
		char *vars = NULL, title[128];
		size_t len = 0;
		FILE *v = open_memstream(&vars, &len);
		plot_var_str(v, "data", path);
		plot_var_int(v, "ng", (long long)g.names.n);
		fclose(v);
		snprintf(title, sizeof title,
			 "Mean per config with 95 %% confidence interval (%zu runs)",
			 g.n);
		int w = 700 + 90 * (int)g.names.n;
		rc = plot_draw(cx, 0, "ci", title, w > 1600 ? 1600 : w, 600, vars);
		free(vars);
	}
	groups_free(&g);
	return rc;
}
