/*
 * pclsim sweep: run a grid of what-ifs over one trace (instance types,
 * MaxCount, CapacityType, PlacementGroup, FSx capacity and deployment, or
 * any --set key) on a thread pool into one results DB, print every point
 * and the Pareto front of cost against makespan (and p95 wait), and draw it
 * with --plots.  --shard K/N runs one slice of the grid, for spreading a
 * sweep over a cluster (docs/whatif.md; `pclsim merge` joins the DBs).
 * Exit 0 when at least one point ran, 1 on bad input or when none did, 2
 * usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "plots/plots.h"
#include "sim/commands.h"
#include "sim/diag.h"
#include "sim/whatif_cli.h"

static const char sweep_usage[] =
	"usage: pclsim sweep --config FILE --trace FILE [space] [options]\n"
	"\n"
	"Runs every combination of the values below (each option one axis)\n"
	"and prints cost, makespan and waits per point and the Pareto front.\n"
	"\n";

static const char sweep_more[] =
	"  --shard K/N          run only points K, K+N, K+2N, ... (1-based) of the\n"
	"                       grid; join the shards' DBs with pclsim merge\n"
	"  --plots DIR          draw the runs and the cost/makespan front there\n"
	"                       (needs --db and gnuplot)\n"
	"  -h, --help           this text\n";

struct sweep_cli {
	struct whatif_cli w;
	unsigned shard_k, shard_n;
	const char *plots_dir;
};

enum { O_SHARD = 256, O_PLOTS };

static int sweep_option(void *ctx, int ch, const char *arg)
{
	struct sweep_cli *c = ctx;
	switch (ch) {
	case O_SHARD:
		if (whatif_shard_parse(arg, &c->shard_k, &c->shard_n)) {
			fprintf(stderr, "pclsim: --shard %s: use K/N with "
				"1 <= K <= N\n", arg);
			return -1;
		}
		return 0;
	case O_PLOTS:
		c->plots_dir = arg;
		return 0;
	}
	return 1;
}

/* Returns -1 on a usage error (message printed), 1 for --help, else 0. */
static int parse_args(int argc, char **argv, struct sweep_cli *c)
{
	static const struct option opts[] = {
		WHATIF_INPUT_OPTIONS,
		WHATIF_SPACE_OPTIONS,
		{ "shard", required_argument, NULL, O_SHARD },
		{ "plots", required_argument, NULL, O_PLOTS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int p = whatif_cli_parse(argc, argv, opts, sweep_option, c, &c->w);
	if (p)
		return p;
	if (!c->w.config_path || !c->w.common.trace_path) {
		fprintf(stderr, "pclsim: --config and --trace are required\n");
		return -1;
	}
	if (c->plots_dir && !c->w.db_path) {
		fprintf(stderr, "pclsim: --plots needs --db (the plots are drawn "
			"from the results DB)\n");
		return -1;
	}
	return 0;
}

/* The cost/makespan front, and the front with p95 wait as a third
 * objective, over the points that ran every job: a cluster that cannot run
 * part of the workload is cheap and quick for the wrong reason. */
static void fronts(const struct whatif_point *p, size_t n, int *front2,
		   int *front3)
{
	double *o2 = calloc(n ? 2 * n : 1, sizeof *o2);
	double *o3 = calloc(n ? 3 * n : 1, sizeof *o3);
	if (!o2 || !o3) {
		free(o2);
		free(o3);
		memset(front2, 0, n * sizeof *front2);
		memset(front3, 0, n * sizeof *front3);
		return;
	}
	size_t k = 0;
	size_t *at = calloc(n ? n : 1, sizeof *at);
	for (size_t i = 0; at && i < n; i++) {
		front2[i] = front3[i] = 0;
		if (!p[i].ok || p[i].mean[WM_UNFINISHED] > 0)
			continue;
		o2[2 * k] = o3[3 * k] = p[i].mean[WM_COST_USD];
		o2[2 * k + 1] = o3[3 * k + 1] = p[i].mean[WM_MAKESPAN_S];
		o3[3 * k + 2] = p[i].mean[WM_WAIT_P95_S];
		at[k++] = i;
	}
	int *f2 = calloc(k ? k : 1, sizeof *f2), *f3 = calloc(k ? k : 1, sizeof *f3);
	if (at && f2 && f3) {
		whatif_pareto(o2, k, 2, f2);
		whatif_pareto(o3, k, 3, f3);
		for (size_t j = 0; j < k; j++) {
			front2[at[j]] = f2[j];
			front3[at[j]] = f3[j];
		}
	}
	free(f2);
	free(f3);
	free(at);
	free(o2);
	free(o3);
}

static void print_row(const struct whatif_study *s, const struct whatif_point *p,
		      const char *mark)
{
	char cost[32], mk[32], p95[32];
	whatif_fmt_value(WM_COST_USD, p->mean[WM_COST_USD], 0, cost, sizeof cost);
	whatif_fmt_value(WM_MAKESPAN_S, p->mean[WM_MAKESPAN_S], 0, mk, sizeof mk);
	whatif_fmt_value(WM_WAIT_P95_S, p->mean[WM_WAIT_P95_S], 0, p95, sizeof p95);
	printf("%5zu  %-44s %11s %12s %12s %8.3g  %s\n",
	       s->points[p->index] + 1, s->variants[p->index].name, cost, mk,
	       p95, p->mean[WM_UNFINISHED], mark);
}

static void print_header(void)
{
	printf("%5s  %-44s %11s %12s %12s %8s  %s\n", "point", "configuration",
	       "cost", "makespan", "wait p95", "not run", "front");
}

static int by_cost(const void *pa, const void *pb)
{
	const struct whatif_point *a = pa, *b = pb;
	double ca = a->mean[WM_COST_USD], cb = b->mean[WM_COST_USD];
	if (ca != cb)
		return ca < cb ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void print_results(const struct sweep_cli *c, const struct whatif_study *s,
			  struct whatif_point *p, const int *f2, const int *f3)
{
	char shape[512];
	whatif_grid_describe(&s->grid, shape, sizeof shape);
	printf("sweep: %s; %u replication%s each", shape, s->reps,
	       s->reps == 1 ? "" : "s");
	if (c->shard_n)
		printf("; shard %u/%u runs %zu of them", c->shard_k, c->shard_n,
		       s->n_points);
	printf("\n\n");
	print_header();
	for (size_t i = 0; i < s->n_points; i++)
		if (p[i].ok)
			print_row(s, &p[i], f2[i] ? "*" : f3[i] ? "+" : "");
	printf("\n  * on the cost/makespan Pareto front;  + on the front only when "
	       "p95 wait counts too;\n  points that left jobs not run are not "
	       "on a front\n");
	size_t bad = 0;
	for (size_t i = 0; i < s->n_points; i++)
		if (!p[i].ok) {
			const struct whatif_run *r = &s->runs[i * s->reps];
			for (uint32_t k = 0; k < s->reps && !r->error; k++)
				r++;
			if (!bad++)
				printf("\npoints that did not run:\n");
			printf("%5zu  %s\n       %s\n", s->points[i] + 1,
			       s->variants[i].name, r->error ? r->error : "failed");
		}
	/* The front itself, cheapest first. */
	struct whatif_point *front = malloc((s->n_points ? s->n_points : 1) *
					    sizeof *front);
	if (!front)
		return;
	size_t nf = 0;
	for (size_t i = 0; i < s->n_points; i++)
		if (f2[i])
			front[nf++] = p[i];
	qsort(front, nf, sizeof *front, by_cost);
	printf("\nPareto front, cost vs makespan (%zu point%s, cheapest first):\n",
	       nf, nf == 1 ? "" : "s");
	print_header();
	for (size_t i = 0; i < nf; i++)
		print_row(s, &front[i], "*");
	free(front);
}

/* Each distinct first warning once, with the first point that gave it:
 * the same config warning would otherwise repeat for every point. */
static void print_warnings(const struct whatif_study *s)
{
	for (size_t i = 0; i < s->n_points; i++) {
		const struct whatif_run *r = &s->runs[i * s->reps];
		if (!r->ok || !r->warning)
			continue;
		size_t j = 0;
		while (j < i && !(s->runs[j * s->reps].warning &&
				  !strcmp(s->runs[j * s->reps].warning, r->warning)))
			j++;
		if (j == i)
			fprintf(stderr, "pclsim: %s: %s%s\n", s->variants[i].name,
				r->warning, r->n_warnings > 1 ? " (and more)" : "");
	}
}

static int draw(const struct sweep_cli *c, const struct whatif_study *s)
{
	if (!c->plots_dir)
		return 0;
	char err[1024];
	sqlite3 *db;
	if (plot_db_open(c->w.db_path, &db, err, sizeof err)) {
		fprintf(stderr, "pclsim: --plots: %s\n", err);
		return -1;
	}
	size_t n = 0;
	int64_t *ids = calloc(s->n_points * s->reps + 1, sizeof *ids);
	for (size_t i = 0; ids && i < s->n_points * s->reps; i++)
		if (s->runs[i].ok && s->runs[i].run_id > 0)
			ids[n++] = s->runs[i].run_id;
	struct plot_request rq;
	plot_request_init(&rq);
	rq.db = db;
	rq.run_ids = ids;
	rq.n_runs = n;
	rq.dir = c->plots_dir;
	rq.formats = PLOT_PNG | PLOT_SVG;
	struct plot_set ps;
	memset(&ps, 0, sizeof ps);
	struct diags d;
	diags_init(&d);
	int rc = ids ? plots_render(&rq, &ps, &d) : -1;
	diags_print(&d, stderr);
	if (rc == 0 && !ps.gnuplot_missing)
		fprintf(stderr, "pclsim: %zu plots in %s\n", ps.n, c->plots_dir);
	diags_free(&d);
	plot_set_free(&ps);
	free(ids);
	sqlite3_close(db);
	return rc;
}

static int sweep(struct sweep_cli *c)
{
	if (!c->w.quiet && isatty(STDERR_FILENO))
		c->w.common.progress = stderr;
	struct diags d;
	diags_init(&d);
	struct whatif_study s;
	int rc = whatif_cli_study(&c->w, c->shard_k, c->shard_n, &s, &d);
	diags_print(&d, stderr);
	diags_free(&d);
	if (rc) {
		whatif_study_free(&s);
		return EXIT_BAD_INPUT;
	}
	struct whatif_point *p = calloc(s.n_points ? s.n_points : 1, sizeof *p);
	int *f2 = calloc(s.n_points ? s.n_points : 1, sizeof *f2);
	int *f3 = calloc(s.n_points ? s.n_points : 1, sizeof *f3);
	int status = EXIT_BAD_INPUT;
	if (p && f2 && f3) {
		size_t ran = 0;
		for (size_t i = 0; i < s.n_points; i++) {
			whatif_point_of(&s.runs[i * s.reps], s.reps, i, &p[i]);
			ran += p[i].ok;
		}
		fronts(p, s.n_points, f2, f3);
		print_warnings(&s);
		print_results(c, &s, p, f2, f3);
		status = ran || !s.n_points ? EXIT_OK : EXIT_BAD_INPUT;
		if (c->w.db_path && !c->w.quiet)
			printf("\nruns added to %s\n", c->w.db_path);
		if (draw(c, &s))
			status = EXIT_BAD_INPUT;
	}
	free(p);
	free(f2);
	free(f3);
	whatif_study_free(&s);
	return status;
}

int cmd_sweep(int argc, char **argv)
{
	struct sweep_cli c;
	memset(&c, 0, sizeof c);
	whatif_cli_init(&c.w);
	int p = parse_args(argc, argv, &c);
	FILE *out = p == 1 ? stdout : stderr;
	if (p) {
		fputs(sweep_usage, out);
		fputs(whatif_space_help, out);
		fputs(whatif_input_help, out);
		fputs(sweep_more, out);
		return p == 1 ? EXIT_OK : EXIT_USAGE;
	}
	return sweep(&c);
}
