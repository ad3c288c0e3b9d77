/*
 * pclsim trace: look at, convert and generate job traces.
 *   trace info F      counts, span, distributions, work, cores needed
 *   trace convert F   rewrite as pclsim CSV or SWF
 *   trace gen         a synthetic trace (Lublin-Feitelson or uniform)
 * Reading and generating live in workloads/; this file parses options and
 * prints.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/commands.h"
#include "sim/diag.h"
#include "sim/outfile.h"
#include "workloads/gen.h"
#include "workloads/trace.h"
#include "workloads/trace_stats.h"
#include "workloads/trace_write.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: pclsim trace info FILE [--trace-format csv|swf|sacct] [--utilisation U]\n"
		"                         [--skip-bad-rows]\n"
		"       pclsim trace convert FILE --to csv|swf [-o OUT] [--trace-format F]\n"
		"                         [--skip-bad-rows]\n"
		"       pclsim trace gen --model lublin|lublin-typed|uniform --jobs N --max-cpus P --seed S\n"
		"                         [--load L] [--max-runtime SECONDS] [--to csv|swf] [-o OUT]\n"
		"\n"
		"Traces are CSV, SWF (Parallel Workloads Archive) or sacct --parsable2 output,\n"
		"plain or gzip-compressed; the format is detected from the content.\n"
		"See docs/traces.md for the columns and rules.\n");
}

struct trace_args {
	const char *file, *out_path, *to;
	struct trace_read_opts read;
	double utilisation;
	struct gen_opts gen;
	int have_jobs, have_cpus, have_seed, have_model;
};

enum { OPT_FORMAT = 256, OPT_UTIL, OPT_SKIP, OPT_TO, OPT_MODEL, OPT_JOBS,
       OPT_CPUS, OPT_SEED, OPT_LOAD, OPT_MAXRT };

static int number_arg(const char *opt, const char *s, double min, double max,
		      double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= min && v <= max)) {
		fprintf(stderr, "pclsim trace: %s: '%s' is not a number in [%g, %g]\n",
			opt, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_one(struct trace_args *a, int c, const char *arg)
{
	double v;
	switch (c) {
	case OPT_FORMAT:
		if (trace_format_parse(arg, &a->read.format) == 0)
			return 0;
		fprintf(stderr, "pclsim trace: --trace-format: '%s' is not csv, swf, sacct or auto\n", arg);
		return -1;
	case OPT_UTIL:
		return number_arg("--utilisation", arg, 1e-6, 1, &a->utilisation);
	case OPT_SKIP: a->read.skip_bad_rows = 1; return 0;
	case OPT_TO:
		if (!strcmp(arg, "csv") || !strcmp(arg, "swf")) {
			a->to = arg;
			return 0;
		}
		fprintf(stderr, "pclsim trace: --to: '%s' is not csv or swf\n", arg);
		return -1;
	case 'o': a->out_path = arg; return 0;
	case OPT_MODEL:
		a->have_model = 1;
		if (gen_model_parse(arg, &a->gen.model) == 0)
			return 0;
		fprintf(stderr, "pclsim trace: --model: '%s' is not lublin, lublin-typed or uniform\n", arg);
		return -1;
	case OPT_JOBS:
		a->have_jobs = 1;
		if (number_arg("--jobs", arg, 1, 1e9, &v))
			return -1;
		a->gen.jobs = (size_t)v;
		return 0;
	case OPT_CPUS:
		a->have_cpus = 1;
		if (number_arg("--max-cpus", arg, 1, INT32_MAX, &v))
			return -1;
		a->gen.max_cpus = (int32_t)v;
		return 0;
	case OPT_SEED:
		a->have_seed = 1;
		if (number_arg("--seed", arg, 0, 1.8e19, &v))
			return -1;
		a->gen.seed = strtoull(arg, NULL, 10);
		return 0;
	case OPT_LOAD:
		return number_arg("--load", arg, 1e-6, 10, &a->gen.load);
	case OPT_MAXRT:
		return number_arg("--max-runtime", arg, 1, 1e9, &a->gen.max_runtime_s);
	}
	return -1;
}

/* Parses argv after the subcommand word.  Returns 0, 1 for --help, -1 for
 * a usage error. */
static int parse_args(int argc, char **argv, struct trace_args *a)
{
	static const struct option opts[] = {
		{ "trace-format", required_argument, NULL, OPT_FORMAT },
		{ "utilisation", required_argument, NULL, OPT_UTIL },
		{ "utilization", required_argument, NULL, OPT_UTIL },
		{ "skip-bad-rows", no_argument, NULL, OPT_SKIP },
		{ "to", required_argument, NULL, OPT_TO },
		{ "output", required_argument, NULL, 'o' },
		{ "model", required_argument, NULL, OPT_MODEL },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "max-cpus", required_argument, NULL, OPT_CPUS },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "load", required_argument, NULL, OPT_LOAD },
		{ "max-runtime", required_argument, NULL, OPT_MAXRT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	trace_read_opts_init(&a->read);
	gen_opts_init(&a->gen);
	a->utilisation = 0.8;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		if (c == 'h')
			return 1;
		if (c == '?' || c == ':') {
			fprintf(stderr, "pclsim trace %s: unknown option or missing value: %s\n",
				argv[0], argv[optind - 1]);
			return -1;
		}
		if (parse_one(a, c, optarg) != 0)
			return -1;
	}
	if (optind < argc)
		a->file = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "pclsim trace %s: unexpected argument '%s'\n",
			argv[0], argv[optind]);
		return -1;
	}
	return 0;
}

static int load(const struct trace_args *a, struct trace *t)
{
	struct diags d;
	diags_init(&d);
	int rc = trace_read(a->file, &a->read, t, &d);
	diags_print(&d, stderr);
	if (rc == 0 && t->skipped_bad_rows)
		fprintf(stderr, "%s: skipped %zu bad rows (--skip-bad-rows)\n",
			a->file, t->skipped_bad_rows);
	diags_free(&d);
	return rc;
}

static void print_duration(const char *label, double s)
{
	if (s >= 86400)
		printf("%s%.1f days", label, s / 86400);
	else if (s >= 3600)
		printf("%s%.1f h", label, s / 3600);
	else
		printf("%s%.0f s", label, s);
}

static void print_dist(const char *label, const struct dist_summary *ds,
		       const char *unit)
{
	printf("%-14s min %.6g%s  p50 %.6g%s  p95 %.6g%s  max %.6g%s  mean %.6g%s\n",
	       label, ds->min, unit, ds->p50, unit, ds->p95, unit, ds->max,
	       unit, ds->mean, unit);
}

static void print_info(const struct trace *t, const struct trace_stats *s)
{
	printf("%-14s %s (%s)\n", "trace:", t->path, t->format);
	printf("%-14s %zu\n", "jobs:", s->jobs);
	printf("%-14s never ran %zu, unfinished %zu, job steps %zu, bad rows %zu\n",
	       "skipped:", t->skipped_never_ran, t->skipped_unfinished,
	       t->skipped_steps, t->skipped_bad_rows);
	if (t->origin_unix) {
		time_t o = (time_t)t->origin_unix;
		struct tm tm;
		char buf[40];
		gmtime_r(&o, &tm);
		strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
		printf("%-14s %s (Unix %" PRId64 ")\n", "origin:", buf,
		       t->origin_unix);
	}
	if (t->max_procs || t->max_nodes)
		printf("%-14s MaxProcs %" PRId64 ", MaxNodes %" PRId64 " (header)\n",
		       "machine:", t->max_procs, t->max_nodes);
	if (!s->jobs)
		return;
	print_duration("span:          ", s->span_s);
	printf(" of submissions (%.0f s to %.0f s); last job ends ",
	       s->first_submit_s, s->last_submit_s);
	print_duration("", s->end_span_s);
	printf(" after the first submit\n");
	printf("%-14s %.2f jobs/hour\n", "submit rate:", s->submits_per_hour);
	print_dist("cpus:", &s->cpus, "");
	print_dist("runtime:", &s->runtime_s, " s");
	printf("%-14s %.1f\n", "core-hours:", s->core_hours);
	printf("%-14s %.1f at %.0f%% utilisation (core-hours / span / utilisation)\n",
	       "cores needed:", s->cores_needed, s->utilisation * 100);
	printf("%-14s %zu partitions, %zu users\n", "names:", s->partitions,
	       s->users);
}

static int cmd_info(const struct trace_args *a)
{
	struct trace t;
	trace_init(&t);
	int status = EXIT_BAD_INPUT;
	if (load(a, &t) == 0) {
		struct trace_stats s;
		if (trace_stats_compute(&t, a->utilisation, &s) == 0) {
			print_info(&t, &s);
			status = EXIT_OK;
		} else {
			fprintf(stderr, "pclsim trace info: out of memory\n");
		}
	}
	trace_free(&t);
	return status;
}

/* Writes t as CSV or SWF to path (atomically) or to stdout. */
static int write_trace(const struct trace *t, const char *to, const char *path,
		       const char *input)
{
	char err[512];
	int swf = to && !strcmp(to, "swf");
	if (!path || !strcmp(path, "-")) {
		int rc = swf ? trace_write_swf(stdout, t) : trace_write_csv(stdout, t);
		if (rc != 0 || fflush(stdout) != 0) {
			fprintf(stderr, "pclsim trace: write to stdout failed\n");
			return EXIT_BAD_INPUT;
		}
		return EXIT_OK;
	}
	const char *inputs[] = { input };
	struct outfile of;
	if (outfile_check(path, inputs, 1, err, sizeof err) != 0 ||
	    outfile_open(&of, path, err, sizeof err) != 0) {
		fprintf(stderr, "pclsim trace: %s\n", err);
		return EXIT_BAD_INPUT;
	}
	int rc = swf ? trace_write_swf(of.fp, t) : trace_write_csv(of.fp, t);
	if (rc != 0) {
		outfile_abort(&of);
		fprintf(stderr, "pclsim trace: %s: write failed\n", path);
		return EXIT_BAD_INPUT;
	}
	if (outfile_commit(&of, err, sizeof err) != 0) {
		fprintf(stderr, "pclsim trace: %s\n", err);
		return EXIT_BAD_INPUT;
	}
	return EXIT_OK;
}

static int cmd_convert(const struct trace_args *a)
{
	if (!a->to) {
		fprintf(stderr, "pclsim trace convert: --to csv|swf is required\n");
		return EXIT_USAGE;
	}
	struct trace t;
	trace_init(&t);
	int status = EXIT_BAD_INPUT;
	if (load(a, &t) == 0)
		status = write_trace(&t, a->to, a->out_path, a->file);
	trace_free(&t);
	return status;
}

static int cmd_gen(const struct trace_args *a)
{
	if (a->file || !a->have_jobs || !a->have_cpus || !a->have_seed) {
		fprintf(stderr, "pclsim trace gen: needs --jobs N --max-cpus P --seed S (and no input file)\n");
		return EXIT_USAGE;
	}
	struct trace t;
	struct diags d;
	trace_init(&t);
	diags_init(&d);
	int status = EXIT_BAD_INPUT;
	if (trace_generate(&a->gen, &t, &d) == 0)
		status = write_trace(&t, a->to ? a->to : "csv", a->out_path, NULL);
	diags_print(&d, stderr);
	diags_free(&d);
	trace_free(&t);
	return status;
}

int cmd_trace(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	struct trace_args a;
	memset(&a, 0, sizeof a);
	int rc = parse_args(argc - 1, argv + 1, &a);
	if (rc == 1) {
		usage(stdout);
		return EXIT_OK;
	}
	if (rc < 0)
		return EXIT_USAGE;
	if (!strcmp(sub, "gen"))
		return cmd_gen(&a);
	if (strcmp(sub, "info") && strcmp(sub, "convert")) {
		fprintf(stderr, "pclsim trace: unknown subcommand '%s' (info, convert, gen)\n", sub);
		return EXIT_USAGE;
	}
	if (!a.file) {
		fprintf(stderr, "pclsim trace %s: which trace file?\n", sub);
		return EXIT_USAGE;
	}
	return !strcmp(sub, "info") ? cmd_info(&a) : cmd_convert(&a);
}
