/*
 * bench_load: times the stages of a run in-process, so a slow start can be
 * told from a slow model.  Without --policy, the input stages:
 *   config_load      YAML to struct cluster (config_load)
 *   catalog_load     the bundled catalog plus the lookups a run makes (every
 *                    instance type of the config and its price)
 *   config_validate  pcluster's validators against the catalog
 *   trace_parse      the trace to a sorted struct trace (trace_read)
 * With --policy P, the run itself, as `pclsim run` does it minus printing:
 *   run_execute      inputs loaded and simulated (run_execute); its items
 *                    are the engine events delivered
 *   run_stats        the summary statistics (run_stats_compute)
 * Each stage runs --repeat times; the first run (what a user pays, caches
 * cold) and the median are printed as CSV, in wall and in CPU time (which
 * a busy shared machine disturbs much less):
 *   stage,wall_first_ms,wall_median_ms,cpu_first_ms,cpu_median_ms,items
 * Exit 0, 1 when an input does not load, 2 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/benchlib.h"
#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"
#include "sim/run.h"
#include "sim/stats.h"
#include "workloads/trace.h"

#define MAX_REPEAT 100

struct load_opts {
	const char *config;
	const char *trace;
	const char *policy;
	int repeat;
	struct cluster cluster;  /* loaded once for the stages after config_load */
	struct run_world world;  /* the last run, for run_stats */
};

/* One stage: runs once per call and returns the number of items it handled
 * (nodes, lookups, jobs), or -1 after printing why it failed. */
typedef long (*stage_fn)(struct load_opts *o);

static void print_diags(const struct diags *d)
{
	diags_print(d, stderr);
}

/* Total nodes (MaxCount) of the cluster, the size the config describes. */
static long cluster_nodes(const struct cluster *c)
{
	long n = 0;
	for (int q = 0; q < c->n_queues; q++)
		for (int r = 0; r < c->queues[q].n_crs; r++)
			n += c->queues[q].crs[r].max_count;
	return n;
}

static long load_config(const struct load_opts *o, struct cluster *c)
{
	struct diags d;
	diags_init(&d);
	int rc = config_load(o->config, NULL, 0, c, &d);
	if (rc)
		print_diags(&d);
	diags_free(&d);
	return rc ? -1 : cluster_nodes(c);
}

static long stage_config_load(struct load_opts *o)
{
	struct cluster c;
	long n = load_config(o, &c);
	cluster_free(&c);
	return n;
}

/* The lookups a run makes: each instance type, then its price. */
static long lookup_types(const struct catalog *cat, const struct cluster *c)
{
	const char *region = c->region ? c->region : "us-east-1";
	long n = 0;
	for (int q = 0; q < c->n_queues; q++)
		for (int r = 0; r < c->queues[q].n_crs; r++) {
			const struct compute_resource *cr = &c->queues[q].crs[r];
			for (int i = 0; i < cr->n_instance_types; i++) {
				const struct instance_type *it =
				    catalog_instance(cat, cr->instance_types[i]);
				struct instance_price p;
				if (it)
					catalog_price(cat, it, region, &p);
				n++;
			}
		}
	if (c->head_node_instance_type &&
	    catalog_instance(cat, c->head_node_instance_type))
		n++;
	return n;
}

/* Loading the config is not timed here: only the catalog's part. */
static long stage_catalog_load(struct load_opts *o)
{
	return lookup_types(catalog_builtin(), &o->cluster);
}

static long stage_config_validate(struct load_opts *o)
{
	struct diags d;
	diags_init(&d);
	int errors = config_validate(&o->cluster, catalog_builtin(), &d);
	if (errors)
		print_diags(&d);
	diags_free(&d);
	return errors ? -1 : cluster_nodes(&o->cluster);
}

static long stage_trace_parse(struct load_opts *o)
{
	struct trace_read_opts ro;
	trace_read_opts_init(&ro);
	struct trace t;
	trace_init(&t);
	struct diags d;
	diags_init(&d);
	int rc = trace_read(o->trace, &ro, &t, &d);
	if (rc)
		print_diags(&d);
	long n = rc ? -1 : (long)t.n;
	diags_free(&d);
	trace_free(&t);
	return n;
}

static long stage_run_execute(struct load_opts *o)
{
	struct run_opts ro;
	run_opts_init(&ro);
	ro.config_path = o->config;
	ro.trace_path = o->trace;
	ro.policy = o->policy;
	run_world_free(&o->world);
	struct diags d;
	diags_init(&d);
	int rc = run_execute(&ro, &o->world, &d);
	if (rc)
		print_diags(&d);
	diags_free(&d);
	return rc ? -1 : (long)o->world.result.n_sim_events;
}

static long stage_run_stats(struct load_opts *o)
{
	struct run_stats st;
	if (run_stats_compute(&o->world.result, &st)) {
		fprintf(stderr, "bench_load: out of memory in run_stats_compute\n");
		return -1;
	}
	long n = (long)st.jobs;
	run_stats_free(&st);
	return n;
}

/* Runs a stage o->repeat times and prints its row; -1 on failure. */
static int time_stage(const char *name, stage_fn fn, struct load_opts *o)
{
	double wall[MAX_REPEAT], cpu[MAX_REPEAT];
	long items = 0;
	for (int i = 0; i < o->repeat; i++) {
		double w0 = bench_now_ms(), c0 = bench_cpu_ms();
		items = fn(o);
		wall[i] = bench_now_ms() - w0;
		cpu[i] = bench_cpu_ms() - c0;
		if (items < 0)
			return -1;
	}
	double wall_first = wall[0], cpu_first = cpu[0];
	size_t n = (size_t)o->repeat;
	printf("%s,%.3f,%.3f,%.3f,%.3f,%ld\n", name, wall_first,
	       bench_median(wall, n), cpu_first, bench_median(cpu, n), items);
	return 0;
}

static const char usage[] =
	"usage: bench_load --config FILE [--trace FILE] [--policy P] [--repeat N]\n"
	"Times config load, catalog load, config validation and trace parse\n"
	"in-process; with --policy, the run (load and simulate) and its\n"
	"statistics instead.  Prints CSV:\n"
	"stage,wall_first_ms,wall_median_ms,cpu_first_ms,cpu_median_ms,items\n";

static int parse_args(int argc, char **argv, struct load_opts *o)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "trace", required_argument, NULL, 't' },
		{ "policy", required_argument, NULL, 'p' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->repeat = 3;
	int ch;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end;
		switch (ch) {
		case 'c': o->config = optarg; break;
		case 't': o->trace = optarg; break;
		case 'p': o->policy = optarg; break;
		case 'r':
			o->repeat = (int)strtol(optarg, &end, 10);
			if (*end || o->repeat < 1 || o->repeat > MAX_REPEAT) {
				fprintf(stderr, "bench_load: --repeat wants 1..%d, got '%s'\n",
					MAX_REPEAT, optarg);
				return 2;
			}
			break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (!o->config || optind < argc || (o->policy && !o->trace)) {
		fputs(usage, stderr);
		return 2;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct load_opts o;
	int rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	printf("stage,wall_first_ms,wall_median_ms,cpu_first_ms,cpu_median_ms,items\n");
	if (o.policy) {
		rc = time_stage("run_execute", stage_run_execute, &o) ||
		     time_stage("run_stats", stage_run_stats, &o);
		run_world_free(&o.world);
		return rc ? 1 : 0;
	}
	if (time_stage("config_load", stage_config_load, &o))
		return 1;
	if (load_config(&o, &o.cluster) < 0) {
		cluster_free(&o.cluster);
		return 1;
	}
	rc = time_stage("catalog_load", stage_catalog_load, &o) ||
	     time_stage("config_validate", stage_config_validate, &o) ||
	     (o.trace && time_stage("trace_parse", stage_trace_parse, &o));
	cluster_free(&o.cluster);
	return rc ? 1 : 0;
}
