/*
 * pclsim run (the default command): simulate a trace on a cluster and print
 * the summary; --jobs writes the per-job CSV, --json the JSON document,
 * --db adds the run to a results DB, --check runs the invariant checker;
 * --replications N runs it N times on a thread pool (sim/run_reps.h).
 * Exit 0 success, 1 bad input or a failed check, 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configs/config.h"
#include "plots/plots_run.h"
#include "sim/commands.h"
#include "sim/diag.h"
#include "sim/jobs_csv.h"
#include "sim/outfile.h"
#include "sim/report.h"
#include "sim/report_cost.h"
#include "sim/run_results.h"
#include "sim/run.h"
#include "sim/run_reps.h"
#include "sim/runnable.h"
#include "sim/stats.h"

#define MAX_REPEATED 64

static const char run_usage[] =
	"usage: pclsim [run] --config FILE --trace FILE [options]\n"
	"\n"
	"  --config FILE        ParallelCluster v3 cluster config (YAML)\n"
	"  --trace FILE         job trace: CSV, SWF or sacct --parsable2 (.gz ok)\n"
	"  --scenario FILE      scenario YAML (policy, boot latency, seed, ...)\n"
	"  --catalog FILE       private prices over the built-in catalog (CSV,\n"
	"                       docs/catalog.md)\n"
	"  --policy P           slurm (the default) | fcfs | easy | conservative\n"
	"                       (overrides the scenario)\n"
	"  --reference-instance TYPE  the instance type the trace's runtimes were\n"
	"                       measured on: runtimes scale by per-CPU speed\n"
	"                       (default: no scaling; docs/performance.md)\n"
	"  --set KEY=VALUE      override a config key, e.g.\n"
	"                       Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount=4\n"
	"  --queue-map OLD=NEW  send the trace's partition OLD to queue NEW\n"
	"                       (repeatable; unmapped partitions go to the first queue)\n"
	"  --trace-format F     auto | csv | swf | sacct\n"
	"  --skip-bad-rows      skip malformed trace rows (counted) instead of stopping\n"
	"  --jobs FILE.csv      write one row per job\n"
	"  --json FILE          write the summary and cost as JSON (docs/json-schema.md)\n"
	"  --db FILE            add the run to an SQLite results DB (docs/results-db.md)\n"
	"  --label TEXT         the run's name in the JSON and the results DB\n"
	"  --plots DIR          draw the run's plots there (PNG and SVG; needs gnuplot)\n"
	"  --report FILE.html   one self-contained page: summary, plots, assumptions\n"
	"  --check              verify the run's invariants (capacity, lifecycle,\n"
	"                       reservations); exit 1 on a violation\n"
	"  --explain JOB_ID     say why that job waited (slurm policy)\n"
	"  --seed N             random seed (overrides the scenario's; default 1)\n"
	"  --replications N     run N replications (replication r draws every\n"
	"                       stream with index r) and report mean +/- 95% CI;\n"
	"                       --json and --db then carry every replication\n"
	"  --threads T          replications in parallel (default: one per CPU)\n"
	"  -q, --quiet          no summary\n"
	"  -h, --help           this text\n";

struct run_cli {
	struct run_opts ro;
	const char *jobs_path;
	const char *json_path, *db_path, *label;
	const char *plots_dir, *report_path;
	int quiet;
	uint32_t replications;          /* >= 1 */
	unsigned threads;               /* 0: one per online CPU */
	struct config_override sets[MAX_REPEATED];
	struct queue_map maps[MAX_REPEATED];
	char *owned[2 * MAX_REPEATED];
	size_t n_owned;
};

/* Splits KEY=VALUE at the first '=' outside [...] (selectors may hold
 * '='); the key is copied into cli-owned memory. */
static int split_kv(struct run_cli *c, const char *opt, const char *arg,
		    const char **key, const char **value)
{
	const char *eq = config_override_eq(arg);
	if (!eq || !eq[1]) {
		fprintf(stderr, "pclsim: %s wants KEY=VALUE, got '%s'\n", opt, arg);
		return -1;
	}
	char *k = strndup(arg, (size_t)(eq - arg));
	if (!k)
		return -1;
	c->owned[c->n_owned++] = k;
	*key = k;
	*value = eq + 1;
	return 0;
}

/* A whole number from 0 to max; prints the error and returns -1 if not. */
static int whole_arg(const char *opt, const char *arg, uint64_t max,
		     uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	if (!*arg || *end || errno || arg[0] == '-' || v > max) {
		fprintf(stderr, "pclsim: %s %s: expected a whole number up to "
			"%llu\n", opt, arg, (unsigned long long)max);
		*out = 1;
		return -1;
	}
	*out = v;
	return 0;
}

/* Returns -1 on a usage error (message printed), 1 for --help, else 0. */
static int parse_args(int argc, char **argv, struct run_cli *c)
{
	enum { O_SCENARIO = 256, O_POLICY, O_SET, O_QMAP, O_FORMAT, O_SKIP,
	       O_JOBS, O_CHECK, O_PLOTS, O_REPORT, O_JSON, O_DB, O_LABEL,
	       O_CATALOG, O_SEED, O_REPS, O_THREADS, O_REFERENCE, O_EXPLAIN };
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "trace", required_argument, NULL, 't' },
		{ "scenario", required_argument, NULL, O_SCENARIO },
		{ "policy", required_argument, NULL, O_POLICY },
		{ "catalog", required_argument, NULL, O_CATALOG },
		{ "reference-instance", required_argument, NULL, O_REFERENCE },
		{ "set", required_argument, NULL, O_SET },
		{ "queue-map", required_argument, NULL, O_QMAP },
		{ "trace-format", required_argument, NULL, O_FORMAT },
		{ "skip-bad-rows", no_argument, NULL, O_SKIP },
		{ "jobs", required_argument, NULL, O_JOBS },
		{ "json", required_argument, NULL, O_JSON },
		{ "db", required_argument, NULL, O_DB },
		{ "label", required_argument, NULL, O_LABEL },
		{ "check", no_argument, NULL, O_CHECK },
		{ "explain", required_argument, NULL, O_EXPLAIN },
		{ "plots", required_argument, NULL, O_PLOTS },
		{ "report", required_argument, NULL, O_REPORT },
		{ "seed", required_argument, NULL, O_SEED },
		{ "replications", required_argument, NULL, O_REPS },
		{ "threads", required_argument, NULL, O_THREADS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts *ro = &c->ro;
	optind = 0;
	int ch;
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': ro->config_path = optarg; break;
		case 't': ro->trace_path = optarg; break;
		case O_SCENARIO: ro->scenario_path = optarg; break;
		case O_POLICY: ro->policy = optarg; break;
		case O_CATALOG: ro->catalog_path = optarg; break;
		case O_REFERENCE: ro->reference_instance = optarg; break;
		case O_JOBS: c->jobs_path = optarg; break;
		case O_JSON: c->json_path = optarg; break;
		case O_DB: c->db_path = optarg; break;
		case O_LABEL: c->label = optarg; break;
		case O_CHECK: ro->check = 1; break;
		case O_EXPLAIN: {
			char *end;
			ro->explain_job = strtoll(optarg, &end, 10);
			if (end == optarg || *end) {
				fprintf(stderr, "pclsim: --explain wants a job id, "
					"got '%s'\n", optarg);
				return -1;
			}
			ro->explain = 1;
			break;
		}
		case O_PLOTS: c->plots_dir = optarg; break;
		case O_REPORT: c->report_path = optarg; break;
		case O_SKIP: ro->trace_opts.skip_bad_rows = 1; break;
		case 'q': c->quiet = 1; break;
		case 'h': return 1;
		case O_SEED:
			if (whole_arg("--seed", optarg, UINT64_MAX, &ro->seed))
				return -1;
			ro->has_seed = 1;
			break;
		case O_REPS:
		case O_THREADS: {
			uint64_t v;
			if (whole_arg(ch == O_REPS ? "--replications" : "--threads",
				      optarg, 100000, &v) || v == 0) {
				if (v == 0)
					fprintf(stderr, "pclsim: --%s must be at least 1\n",
						ch == O_REPS ? "replications" : "threads");
				return -1;
			}
			if (ch == O_REPS)
				c->replications = (uint32_t)v;
			else
				c->threads = (unsigned)v;
			break;
		}
		case O_FORMAT:
			if (trace_format_parse(optarg, &ro->trace_opts.format)) {
				fprintf(stderr, "pclsim: --trace-format %s: use auto, "
					"csv, swf or sacct\n", optarg);
				return -1;
			}
			break;
		case O_SET:
		case O_QMAP: {
			size_t *n = ch == O_SET ? &ro->n_overrides : &ro->n_maps;
			const char *k, *v;
			if (*n == MAX_REPEATED) {
				fprintf(stderr, "pclsim: at most %d --%s options\n",
					MAX_REPEATED, ch == O_SET ? "set" : "queue-map");
				return -1;
			}
			if (split_kv(c, ch == O_SET ? "--set" : "--queue-map",
				     optarg, &k, &v))
				return -1;
			if (ch == O_SET)
				c->sets[*n] = (struct config_override){ k, v };
			else
				c->maps[*n] = (struct queue_map){ k, v };
			(*n)++;
			break;
		}
		default:
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pclsim: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (!ro->config_path || !ro->trace_path) {
		fprintf(stderr, "pclsim: --config and --trace are required\n");
		return -1;
	}
	if (c->replications > 1 && (c->jobs_path || c->plots_dir ||
				    c->report_path)) {
		fprintf(stderr, "pclsim: --jobs, --plots and --report describe one "
			"run: use them without --replications\n");
		return -1;
	}
	/* Samples go only to a results DB (--db, and the one behind
	 * --plots and --report). */
	ro->no_samples = !c->db_path && !c->plots_dir && !c->report_path;
	/* The inputs' digests appear only in the run's description. */
	ro->no_input_digests = !c->json_path && !c->db_path && !c->plots_dir &&
			       !c->report_path;
	ro->overrides = c->sets;
	ro->maps = c->maps;
	return 0;
}

/* priced: the cost model ran, so the job records carry their cost_usd. */
static int write_outputs(const struct run_cli *c, const struct run_world *w,
			 int priced)
{
	if (!c->jobs_path)
		return 0;
	char err[512];
	if (jobs_csv_write(c->jobs_path, &w->result, priced, err, sizeof err)) {
		fprintf(stderr, "pclsim: %s\n", err);
		return -1;
	}
	return 0;
}

/* Without gnuplot the plots are skipped with a warning; the run's status
 * is not changed by that. */
static int write_plots(const struct run_cli *c, struct run_world *w,
		       const struct run_stats *st)
{
	if (!c->plots_dir && !c->report_path)
		return 0;
	struct diags d;
	diags_init(&d);
	int missing;
	int rc = plots_for_run(w, &c->ro, st, c->plots_dir, c->report_path, &d,
			       &missing);
	diags_print(&d, stderr);
	diags_free(&d);
	return rc;
}

/* Prices the run: the summary's cost section, --json and --db.  A run
 * that cannot be priced (a missing price, records that disagree) fails. */
static int write_priced(const struct run_cli *c, struct run_world *w,
			const struct run_stats *st)
{
	struct diags d;
	diags_init(&d);
	struct run_results rr;
	int rc = run_results_build(w, &c->ro, st, c->label, &rr, &d);
	if (d.n_errors || !c->quiet)
		diags_print(&d, stderr);
	if (rc == 0 && !c->quiet)
		report_cost(stdout, &rr.cost);
	char err[1024];
	if (rc == 0 && results_write(&rr.res, c->json_path, c->db_path, err,
				     sizeof err) != 0) {
		fprintf(stderr, "pclsim: %s\n", err);
		rc = -1;
	}
	run_results_free(&rr);
	diags_free(&d);
	return rc;
}

/* --replications N: the warnings of replication 0 (the others repeat
 * them), the errors of every replication that failed. */
static int run_replicated(struct run_cli *c)
{
	struct run_reps x;
	int rc = run_reps_execute(&c->ro, c->replications, c->threads, c->label,
				  &x);
	if (rc < 0) {
		fprintf(stderr, "pclsim: out of memory or no threads for the "
			"replications\n");
		run_reps_free(&x);
		return EXIT_BAD_INPUT;
	}
	if (!c->quiet || x.reps[0].d.n_errors)
		diags_print(&x.reps[0].d, stderr);
	for (uint32_t r = 1; r < x.n; r++)
		if (x.reps[r].d.n_errors) {
			fprintf(stderr, "pclsim: replication %u:\n", r);
			diags_print(&x.reps[r].d, stderr);
		}
	/* Every replication runs the same trace on the same nodes, and
	 * rejection does not depend on chance: the first one answers. */
	if (!rc && x.n && x.reps[0].have_world) {
		struct diags nothing;
		diags_init(&nothing);
		rc = run_check_runnable(&x.reps[0].w, c->ro.config_path,
					c->ro.trace_path, &nothing);
		diags_print(&nothing, stderr);
		diags_free(&nothing);
	}
	int status = rc ? EXIT_BAD_INPUT : EXIT_OK;
	if (!rc && !c->quiet)
		run_reps_print(stdout, &x);
	char err[1024];
	if (!rc && run_reps_write(&x, c->json_path, c->db_path, err,
				  sizeof err) != 0) {
		fprintf(stderr, "pclsim: %s\n", err);
		status = EXIT_BAD_INPUT;
	}
	run_reps_free(&x);
	return status;
}

/* The run's statistics, or all zero when no output quotes them (-q with
 * no --json, --db, --plots or --report): sorting every job's wait and
 * slowdown was a twentieth of such a run.  0, or -1 when out of memory. */
static int stats_for(const struct run_cli *c, const struct run_result *r,
		     struct run_stats *st)
{
	if (c->quiet && !c->json_path && !c->db_path && !c->plots_dir &&
	    !c->report_path) {
		memset(st, 0, sizeof *st);
		return 0;
	}
	return run_stats_compute(r, st);
}

static int run(struct run_cli *c)
{
	char err[512];
	const char *inputs[] = { c->ro.config_path, c->ro.trace_path,
				 c->ro.scenario_path, c->ro.catalog_path };
	int n_in = (int)(sizeof inputs / sizeof inputs[0]);
	/* A bad output path is bad input (exit 1), found before any work. */
	const char *outs[][2] = { { "--jobs", c->jobs_path },
				  { "--json", c->json_path },
				  { "--db", c->db_path } };
	for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++)
		if (outs[i][1] && outfile_check(outs[i][1], inputs, n_in, err,
						sizeof err)) {
			fprintf(stderr, "pclsim: %s: %s\n", outs[i][0], err);
			return EXIT_BAD_INPUT;
		}
	if (c->replications > 1)
		return run_replicated(c);
	struct diags d;
	diags_init(&d);
	struct run_world w;
	int rc = run_execute(&c->ro, &w, &d);
	if (d.n_errors || !c->quiet)
		diags_print(&d, stderr);
	if (!rc) {
		struct diags nothing;
		diags_init(&nothing);
		rc = run_check_runnable(&w, c->ro.config_path, c->ro.trace_path,
					&nothing);
		diags_print(&nothing, stderr);
		diags_free(&nothing);
	}
	if (rc && !w.violations) {
		diags_free(&d);
		run_world_free(&w);
		return EXIT_BAD_INPUT;
	}
	if (w.violations)
		fprintf(stderr, "pclsim: --check: %zu invariant violation%s\n",
			w.violations, w.violations == 1 ? "" : "s");
	int status = w.violations ? EXIT_BAD_INPUT : EXIT_OK;
	if (w.trace.skipped_bad_rows)
		fprintf(stderr, "pclsim: skipped %zu malformed trace row%s\n",
			w.trace.skipped_bad_rows,
			w.trace.skipped_bad_rows == 1 ? "" : "s");
	struct run_stats st;
	int priced = 0;
	if (stats_for(c, &w.result, &st)) {
		fprintf(stderr, "pclsim: out of memory\n");
		status = EXIT_BAD_INPUT;
	} else {
		if (!c->quiet)
			report_summary(stdout, &w, &st);
		if (write_priced(c, &w, &st))
			status = EXIT_BAD_INPUT;
		else
			priced = 1;
		if (write_plots(c, &w, &st))
			status = EXIT_BAD_INPUT;
		run_stats_free(&st);
	}
	if (w.explain)
		fputs(w.explain, stdout);
	if (write_outputs(c, &w, priced))
		status = EXIT_BAD_INPUT;
	diags_free(&d);
	run_world_free(&w);
	return status;
}

int cmd_run(int argc, char **argv)
{
	struct run_cli c;
	memset(&c, 0, sizeof c);
	run_opts_init(&c.ro);
	c.replications = 1;
	int p = parse_args(argc, argv, &c);
	int status;
	if (p == 1) {
		fputs(run_usage, stdout);
		status = EXIT_OK;
	} else if (p < 0) {
		fputs(run_usage, stderr);
		status = EXIT_USAGE;
	} else {
		status = run(&c);
	}
	for (size_t i = 0; i < c.n_owned; i++)
		free(c.owned[i]);
	return status;
}
