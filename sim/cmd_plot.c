/*
 * pclsim plot: draws the plots of runs in a results DB (plots/plots.h) into
 * a directory, and/or writes the self-contained HTML report
 * (plots/report_html.h).  Without gnuplot the report is still written (with
 * its tables and a note) but the command exits 1, since drawing was what it
 * was asked for.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "plots/gnuplot.h"
#include "plots/plots.h"
#include "plots/report_html.h"
#include "sim/commands.h"
#include "sim/diag.h"

#define MAX_RUNS 4096

static const char plot_usage[] =
	"usage: pclsim plot --db FILE [--run ID]... (--out DIR | --report FILE.html)\n"
	"                   [--format png|svg] [--gantt-max-nodes N]\n"
	"\n"
	"  --db FILE            results DB written by run/compare/sweep --db\n"
	"  --run ID             a run of the DB to draw (repeatable; default: all)\n"
	"  --out DIR            write the plots there as PNG and SVG (created if missing)\n"
	"  --format png|svg     only this format\n"
	"  --report FILE.html   one self-contained page: tables, plots, assumptions\n"
	"  --gantt-max-nodes N  draw the node Gantt chart up to N nodes (default 200)\n"
	"\n"
	"Plots per run: nodes by state and queue, pending and running jobs,\n"
	"cumulative cost, wait-time CDF per queue, node Gantt chart, storage\n"
	"throughput; across runs: cost vs makespan with the Pareto front and\n"
	"means with 95% confidence intervals per config.  Needs gnuplot on PATH.\n";

struct plot_opts {
	const char *db, *out, *report;
	int64_t runs[MAX_RUNS];
	size_t n_runs;
	unsigned formats;
	size_t gantt_max_nodes;
};

static int parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

/* Returns -1 to go on, else the exit status. */
static int parse(int argc, char **argv, struct plot_opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "run", required_argument, NULL, 'r' },
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "report", required_argument, NULL, 'R' },
		{ "gantt-max-nodes", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	optind = 0;
	int ch;
	int64_t v;
	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': o->db = optarg; break;
		case 'o': o->out = optarg; break;
		case 'R': o->report = optarg; break;
		case 'h': fputs(plot_usage, stdout); return EXIT_OK;
		case 'r':
			if (parse_id(optarg, &v) != 0 || o->n_runs == MAX_RUNS) {
				fprintf(stderr, "pclsim plot: --run wants a run id (a positive integer), got '%s'\n",
					optarg);
				return EXIT_USAGE;
			}
			o->runs[o->n_runs++] = v;
			break;
		case 'f':
			if (strcmp(optarg, "png") && strcmp(optarg, "svg")) {
				fprintf(stderr, "pclsim plot: --format is png or svg, not '%s'\n",
					optarg);
				return EXIT_USAGE;
			}
			o->formats = !strcmp(optarg, "png") ? PLOT_PNG : PLOT_SVG;
			break;
		case 'g':
			if (parse_id(optarg, &v) != 0) {
				fprintf(stderr, "pclsim plot: --gantt-max-nodes wants a positive integer, got '%s'\n",
					optarg);
				return EXIT_USAGE;
			}
			o->gantt_max_nodes = (size_t)v;
			break;
		default: fputs(plot_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc || !o->db || (!o->out && !o->report)) {
		fprintf(stderr, "pclsim plot: %s\n%s", optind < argc
			? "unexpected argument" : !o->db ? "--db is required"
			: "--out DIR or --report FILE is required", plot_usage);
		return EXIT_USAGE;
	}
	return -1;
}

static int check_runs(sqlite3 *db, const struct plot_opts *o)
{
	for (size_t i = 0; i < o->n_runs; i++)
		if (!plot_db_has_run(db, o->runs[i])) {
			fprintf(stderr, "pclsim plot: %s: no run %lld (see the runs table)\n",
				o->db, (long long)o->runs[i]);
			return -1;
		}
	return 0;
}

static int draw(sqlite3 *db, const struct plot_opts *o, const int64_t *ids,
		size_t n)
{
	struct plot_request rq;
	plot_request_init(&rq);
	rq.db = db;
	rq.run_ids = ids;
	rq.n_runs = n;
	rq.dir = o->out;
	if (o->formats)
		rq.formats = o->formats;
	rq.keep_svg = o->report != NULL;
	rq.gantt_max_nodes = o->gantt_max_nodes;
	struct plot_set ps;
	struct diags d;
	diags_init(&d);
	int rc = plots_render(&rq, &ps, &d);
	diags_print(&d, stderr);
	for (size_t i = 0; o->out && i < ps.n; i++) {
		if (rq.formats & PLOT_PNG)
			printf("%s/%s.png\n", o->out, ps.items[i].name);
		if (rq.formats & PLOT_SVG)
			printf("%s/%s.svg\n", o->out, ps.items[i].name);
	}
	if (o->report) {
		char err[1024];
		struct report_input in = { db, ids, n, &ps, &d, o->db };
		if (report_html_write(o->report, &in, err, sizeof err) != 0) {
			fprintf(stderr, "pclsim plot: %s\n", err);
			rc = -1;
		} else {
			printf("%s\n", o->report);
		}
	}
	int missing = ps.gnuplot_missing;
	plot_set_free(&ps);
	diags_free(&d);
	return rc != 0 || missing ? EXIT_BAD_INPUT : EXIT_OK;
}

int cmd_plot(int argc, char **argv)
{
	struct plot_opts *o = calloc(1, sizeof *o);
	if (!o) {
		fputs("pclsim plot: out of memory\n", stderr);
		return EXIT_BAD_INPUT;
	}
	int status = parse(argc, argv, o);
	if (status >= 0) {
		free(o);
		return status;
	}
	sqlite3 *db;
	char err[1024];
	int64_t *all = NULL;
	size_t n_all = 0;
	status = EXIT_BAD_INPUT;
	if (plot_db_open(o->db, &db, err, sizeof err) != 0) {
		fprintf(stderr, "pclsim plot: %s\n", err);
		free(o);
		return status;
	}
	if (o->n_runs == 0 && plot_db_runs(db, &all, &n_all, err, sizeof err) != 0)
		fprintf(stderr, "pclsim plot: %s: %s\n", o->db, err);
	else if (o->n_runs == 0 && n_all == 0)
		fprintf(stderr, "pclsim plot: %s: the DB has no runs\n", o->db);
	else if (check_runs(db, o) == 0)
		status = draw(db, o, o->n_runs ? o->runs : all,
			      o->n_runs ? o->n_runs : n_all);
	free(all);
	sqlite3_close(db);
	free(o);
	return status;
}
