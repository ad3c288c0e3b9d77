/*
 * pclsim plan: the cheapest configuration in a space the user gives (the
 * options of sweep) that meets every target (makespan, p95 wait, or all
 * jobs done by a deadline) within an optional budget.  It runs every point
 * of the space, so the answer is exact for the space: no cheaper point
 * meets the targets.  It explains the choice and lists the runners-up with
 * why each lost.  Exit 0 with a choice, 1 when no point qualifies or an
 * input is bad, 2 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/commands.h"
#include "sim/diag.h"
#include "sim/whatif_cli.h"

#define MAX_TARGETS 8

static const char plan_usage[] =
	"usage: pclsim plan --config FILE --trace FILE --target T [space] [options]\n"
	"\n"
	"Runs every point of the space and picks the cheapest (mean cost over\n"
	"the replications) that runs every job and meets every target.\n"
	"\n"
	"  --target T           makespan<=4h | p95-wait<=30m | deadline=48h (since\n"
	"                       the trace's start) | deadline=2024-05-01T18:00:00Z;\n"
	"                       repeatable: all must hold (on the means)\n"
	"  --budget USD         and cost no more than this\n"
	"  --runners-up N       how many runners-up to show (default 5)\n"
	"\n";

static const char plan_more[] =
	"  -h, --help           this text\n";

struct plan_cli {
	struct whatif_cli w;
	struct whatif_target targets[MAX_TARGETS];
	size_t n_targets;
	double budget_usd;           /* < 0: none */
	size_t runners_up;
};

static int plan_option(void *ctx, int ch, const char *arg)
{
	struct plan_cli *c = ctx;
	enum { O_TARGET = 256, O_BUDGET, O_RUNNERS };
	char err[512], *end;
	switch (ch) {
	case O_TARGET:
		if (c->n_targets == MAX_TARGETS) {
			fprintf(stderr, "pclsim: at most %d --target options\n",
				MAX_TARGETS);
			return -1;
		}
		if (whatif_target_parse(arg, &c->targets[c->n_targets], err,
					sizeof err)) {
			fprintf(stderr, "pclsim: %s\n", err);
			return -1;
		}
		c->n_targets++;
		return 0;
	case O_BUDGET:
		c->budget_usd = strtod(arg[0] == '$' ? arg + 1 : arg, &end);
		if (end == arg || *end || !(c->budget_usd >= 0)) {
			fprintf(stderr, "pclsim: --budget %s: an amount in USD\n", arg);
			return -1;
		}
		return 0;
	case O_RUNNERS: {
		unsigned long n = strtoul(arg, &end, 10);
		if (end == arg || *end || arg[0] == '-' || n > 1000) {
			fprintf(stderr, "pclsim: --runners-up %s: 0 to 1000\n", arg);
			return -1;
		}
		c->runners_up = n;
		return 0;
	}
	}
	return 1;
}

/* Returns -1 on a usage error (message printed), 1 for --help, else 0. */
static int parse_args(int argc, char **argv, struct plan_cli *c)
{
	static const struct option opts[] = {
		WHATIF_INPUT_OPTIONS,
		WHATIF_SPACE_OPTIONS,
		{ "target", required_argument, NULL, 256 },
		{ "budget", required_argument, NULL, 257 },
		{ "runners-up", required_argument, NULL, 258 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int p = whatif_cli_parse(argc, argv, opts, plan_option, c, &c->w);
	if (p)
		return p;
	if (!c->w.config_path || !c->w.common.trace_path) {
		fprintf(stderr, "pclsim: --config and --trace are required\n");
		return -1;
	}
	if (!c->n_targets && c->budget_usd < 0) {
		fprintf(stderr, "pclsim: give a --target (or at least a --budget)\n");
		return -1;
	}
	return 0;
}

static void print_header(void)
{
	printf("  %-44s %11s %12s %12s  %s\n", "configuration", "cost",
	       "makespan", "wait p95", "verdict");
}

static void print_row(const struct whatif_study *s, const struct whatif_point *p,
		      const char *verdict)
{
	char cost[32], mk[32], p95[32];
	whatif_fmt_value(WM_COST_USD, p->mean[WM_COST_USD], 0, cost, sizeof cost);
	whatif_fmt_value(WM_MAKESPAN_S, p->mean[WM_MAKESPAN_S], 0, mk, sizeof mk);
	whatif_fmt_value(WM_WAIT_P95_S, p->mean[WM_WAIT_P95_S], 0, p95, sizeof p95);
	printf("  %-44s %11s %12s %12s  %s\n", s->variants[p->index].name, cost,
	       mk, p95, verdict);
}

static void print_targets(const struct plan_cli *c)
{
	for (size_t i = 0; i < c->n_targets; i++)
		printf("%s%s", i ? ", " : "", c->targets[i].text);
	if (c->budget_usd >= 0)
		printf("%sbudget $%.2f", c->n_targets ? ", " : "", c->budget_usd);
}

static void explain(const struct plan_cli *c, const struct whatif_study *s,
		    const struct whatif_point *p, size_t n, size_t n_feasible)
{
	const struct whatif_point *best = &p[0];
	char v[40];
	printf("choice: %s\n", s->variants[best->index].name);
	for (int m = 0; m < WM_COUNT; m++) {
		if (m != WM_COST_USD && m != WM_MAKESPAN_S && m != WM_WAIT_P95_S &&
		    m != WM_DONE_BY_S && m != WM_SPOT_INTERRUPTIONS)
			continue;
		whatif_fmt_value((enum whatif_metric)m, best->mean[m], 0, v, sizeof v);
		printf("  %-20s %s\n", whatif_metrics[m].label, v);
	}
	if (s->reps > 1) {
		whatif_fmt_value(WM_COST_USD, best->cost_hi_usd, 0, v, sizeof v);
		printf("  (means of %u replications; the cost's 95%% interval "
		       "reaches %s)\n", s->reps, v);
	}
	size_t cheaper = 0;
	for (size_t i = n_feasible; i < n; i++)
		cheaper += p[i].ok && p[i].mean[WM_COST_USD] < best->mean[WM_COST_USD];
	if (n_feasible == 1)
		printf("why: the only point (of %zu) that runs every job and "
		       "meets ", n);
	else
		printf("why: the cheapest of the %zu points (of %zu) that run "
		       "every job and meet ", n_feasible, n);
	print_targets(c);
	printf(";\n     %zu cheaper point%s miss%s a target", cheaper,
	       cheaper == 1 ? "" : "s", cheaper == 1 ? "es" : "");
	if (n_feasible > 1) {
		whatif_fmt_value(WM_COST_USD, p[1].mean[WM_COST_USD] -
				 best->mean[WM_COST_USD], 0, v, sizeof v);
		printf("; the next qualifying point costs %s more", v);
	}
	printf(".\n");
}

static void runners_up(const struct plan_cli *c, const struct whatif_study *s,
		       const struct whatif_point *p, size_t n, size_t n_feasible)
{
	const struct whatif_point *best = &p[0];
	size_t shown = 0;
	if (n_feasible) {
		printf("\nrunners-up that qualify (cost more):\n");
		print_header();
	}
	for (size_t i = 1; i < n_feasible && shown < c->runners_up; i++, shown++) {
		char d[40], verdict[64];
		whatif_fmt_value(WM_COST_USD, p[i].mean[WM_COST_USD] -
				 best->mean[WM_COST_USD], 0, d, sizeof d);
		snprintf(verdict, sizeof verdict, "%s more", d);
		print_row(s, &p[i], verdict);
	}
	if (n_feasible && !shown)
		printf("  (none)\n");
	/* The cheaper points are the ones a reader doubts: say why each lost. */
	shown = 0;
	printf(n_feasible ? "\ncheaper points that do not qualify:\n" :
	       "\nthe cheapest points and why they do not qualify:\n");
	print_header();
	for (size_t i = n_feasible; i < n && shown < c->runners_up; i++)
		if (p[i].ok && (!n_feasible ||
				p[i].mean[WM_COST_USD] < best->mean[WM_COST_USD])) {
			print_row(s, &p[i], p[i].why);
			shown++;
		}
	if (!shown)
		printf("  (none)\n");
}

static int plan(struct plan_cli *c)
{
	if (!c->w.quiet && isatty(STDERR_FILENO))
		c->w.common.progress = stderr;
	struct diags d;
	diags_init(&d);
	struct whatif_study s;
	int rc = whatif_cli_study(&c->w, 0, 0, &s, &d);
	diags_print(&d, stderr);
	diags_free(&d);
	struct whatif_point *p = rc ? NULL :
		calloc(s.n_points ? s.n_points : 1, sizeof *p);
	if (!p) {
		whatif_study_free(&s);
		return EXIT_BAD_INPUT;
	}
	size_t n_feasible = 0;
	for (size_t i = 0; i < s.n_points; i++) {
		whatif_point_of(&s.runs[i * s.reps], s.reps, i, &p[i]);
		whatif_judge(&p[i], c->targets, c->n_targets, c->budget_usd);
		n_feasible += p[i].feasible;
	}
	whatif_rank(p, s.n_points);
	char shape[512];
	whatif_grid_describe(&s.grid, shape, sizeof shape);
	printf("plan: %s; %u replication%s each; target: ", shape, s.reps,
	       s.reps == 1 ? "" : "s");
	print_targets(c);
	printf("\n\n");
	int status = EXIT_OK;
	if (n_feasible) {
		explain(c, &s, p, s.n_points, n_feasible);
	} else {
		printf("no point of the space runs every job and meets ");
		print_targets(c);
		printf(".\n");
		status = EXIT_BAD_INPUT;
	}
	runners_up(c, &s, p, s.n_points, n_feasible);
	for (size_t i = 0; i < s.n_points; i++)
		if (!p[i].ok) {
			const struct whatif_run *r = &s.runs[p[i].index * s.reps];
			fprintf(stderr, "pclsim: %s did not run: %s\n",
				s.variants[p[i].index].name,
				r->error ? r->error : "failed");
		}
	free(p);
	whatif_study_free(&s);
	return status;
}

int cmd_plan(int argc, char **argv)
{
	struct plan_cli c;
	memset(&c, 0, sizeof c);
	whatif_cli_init(&c.w);
	c.budget_usd = -1;
	c.runners_up = 5;
	int p = parse_args(argc, argv, &c);
	if (p) {
		FILE *out = p == 1 ? stdout : stderr;
		fputs(plan_usage, out);
		fputs(whatif_space_help, out);
		fputs(whatif_input_help, out);
		fputs(plan_more, out);
		return p == 1 ? EXIT_OK : EXIT_USAGE;
	}
	return plan(&c);
}
