/*
 * One simulated run: loads the cluster config, the trace and the scenario,
 * builds the Slurm layout ParallelCluster would generate from the config
 * and the catalog, maps the trace's partitions onto its queues, runs the
 * Slurm model under the scenario's policy and fills a struct run_result.
 * The run command, and later compare/sweep/plan, all go through here.
 */
#ifndef PCLSIM_RUN_H
#define PCLSIM_RUN_H

#include <stddef.h>

#include "configs/config.h"
#include "configs/scenario.h"
#include "models/partition.h"
#include "sim/result.h"
#include "workloads/job.h"
#include "workloads/trace.h"

struct catalog;
struct diags;

struct queue_map {               /* --queue-map OLD=NEW */
	const char *from, *to;
};

struct run_opts {
	const char *config_path;
	const char *trace_path;
	const char *scenario_path;          /* NULL: defaults */
	const char *catalog_path;           /* --catalog: private prices CSV
					     * (docs/catalog.md); NULL */
	const char *policy;                 /* overrides the scenario; NULL */
	const struct config_override *overrides;
	size_t n_overrides;
	const struct queue_map *maps;
	size_t n_maps;
	struct trace_read_opts trace_opts;
	int check;                          /* run the invariant checker */
	const char *reference_instance;     /* the trace's machine; overrides
					     * perf.reference_instance; NULL */
	/* Replication index r: every random stream is seeded from (seed,
	 * stream name, r), so replication r of two what-ifs shares its
	 * random numbers (compare, sweep, plan).  0 for a single run. */
	uint32_t replication;
	/* --seed: replaces the scenario's seed when has_seed. */
	uint64_t seed;
	int has_seed;
	int explain;                        /* --explain: say why ... */
	int64_t explain_job;                /* ... this trace job waited */
	int no_samples;                     /* no results DB will be written:
					     * keep no node-state samples */
	int no_input_digests;               /* nothing will show the run's
					     * description (no JSON, DB, plots
					     * or report): its input files are
					     * not hashed */
};

void run_opts_init(struct run_opts *o);

/* Everything a run read and produced, kept together for the writers. */
struct run_world {
	struct cluster cluster;
	struct scenario scenario;
	struct trace trace;
	struct slurm_layout layout;
	const struct catalog *catalog;      /* the built-in one, or own_catalog */
	struct catalog *own_catalog;        /* with --catalog / scenario prices */
	struct run_result result;
	size_t violations;                  /* from the checker, when asked */
	char *explain;                      /* --explain's text, or NULL */
	int loaded_cluster, loaded_trace, built_layout;
};

/* Loads the inputs and simulates.  Returns 0; or -1 with errors in d when an
 * input is bad (file, line, field) or the checker found violations (then
 * the result is complete and w->violations says how many). */
int run_execute(const struct run_opts *o, struct run_world *w,
		struct diags *d);
void run_world_free(struct run_world *w);

/* The queue each trace job goes to: its partition by name after the
 * --queue-map renames, else the default (first) queue.  Fills job_queue[]
 * (t->n entries).  Returns 0, or -1 when a map names no queue. */
int run_map_queues(const struct cluster *c, const struct trace *t,
		   const struct queue_map *maps, size_t n_maps,
		   int32_t *job_queue, struct diags *d);

#endif
