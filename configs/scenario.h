/*
 * The scenario: everything a run needs that the cluster config cannot say
 * (which scheduling policy, how long a node takes to boot, the seed, ...).
 * It is an optional YAML file of sections, each a mapping of typed keys:
 *
 *   seed: 42
 *   scheduler: {policy: easy}
 *   boot: {latency_s: 294}      (or distribution, median_s, sigma, ...)
 *   spot: {rate_multiplier: 10}
 *   capacity: {launch_fail_prob: 0.05}
 *   clustermgtd: {phase_s: 20}
 *   checkpoint: {interval_s: 3600}
 *   timeseries: {interval_s: 60}
 *   perf: {reference_instance: c5n.18xlarge, comm_fraction: 0.2}
 *   storage: {read_gb: 50, queues: {gpu: {write_gb: 200}}}
 *   slurm: {bf_phase_s: 12, power_save_phase_s: 3}
 *
 * The loader is table-driven (scenario.c): a section is a row naming its
 * keys, their types, ranges and where they land in struct scenario, so a
 * model that needs a parameter adds a field and a row.  Unknown sections and
 * keys are errors with file:line:col, as in the cluster config.
 */
#ifndef PCLSIM_SCENARIO_H
#define PCLSIM_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "models/catalog/catalog.h"
#include "models/fleet_params.h"
#include "models/perf_params.h"

struct diags;

enum sched_policy {
	POLICY_FCFS,          /* first come first served, never skip the head */
	POLICY_EASY,          /* EASY backfilling (Mu'alem & Feitelson 2001) */
	POLICY_CONSERVATIVE,  /* conservative backfilling */
	POLICY_SLURM,         /* Slurm's own main + backfill scheduler */
	POLICY_COUNT
};

/* The policy used when neither the scenario nor --policy names one:
 * Slurm's own scheduler, as the cluster would really run. */
#define SCENARIO_DEFAULT_POLICY POLICY_SLURM

/* Median time from job submission to start on a freshly powered-up dynamic
 * node in ParallelCluster's scale-up performance test (294,034 ms; file
 * ../shared/reference/aws-data/pcluster_scaleup_baseline.csv, metric
 * jobWaitingTime).  The fleet's default boot (docs/fleet.md) gives the same
 * planning estimate: 15 s of resume wait + a 279 s median boot. */
#define SCENARIO_BOOT_LATENCY_MS 294000
#define SCENARIO_SAMPLE_INTERVAL_MS 60000

/* One prices: rule, as a --catalog CSV row would give it. */
struct scenario_price {
	struct price_override rule;
	int line;
};

/* One speed_index: entry: the per-core speed of an instance type. */
struct scenario_speed {
	char *instance_type;
	double speed_index;
	int line;
};

struct scenario {
	char *path;                 /* NULL when built from defaults */
	uint64_t seed;
	enum sched_policy policy;
	/* Allocation to node up: boot.latency_s when given (every boot then
	 * takes exactly that, no resume wait added), else the planning
	 * estimate of the fleet's distribution. */
	int64_t boot_latency_ms;
	/* boot:, spot:, capacity:, clustermgtd:, checkpoint: (docs/fleet.md);
	 * the scenario owns fleet.pools. */
	struct fleet_params fleet;
	struct scenario_fleet_given {     /* which keys the file gave */
		uint8_t fixed_latency, distribution, lognormal, quantiles,
			resume_interval, ckpt_interval, ckpt_notice;
	} fleet_given;
	int64_t sample_interval_ms; /* timeseries: at most one sample per queue
				     * per interval (keeps memory O(events)) */
	/* perf: and storage: (docs/performance.md).  The scenario owns their
	 * strings and storage.per_queue; scenario_free() frees them. */
	struct perf_params perf;
	struct storage_params storage;
	/* prices: and speed_index: (docs/catalog.md), in file order; strings
	 * owned by the scenario. */
	struct scenario_price *prices;
	size_t n_prices;
	struct scenario_speed *speeds;
	size_t n_speeds;
	/* slurm: where the controller's periodic timers stand at the trace's
	 * start (ticks at phase + k * period; the `slurm` policy only). */
	int64_t bf_phase_ms, sched_phase_ms, power_phase_ms, periodic_phase_ms;
};

void scenario_defaults(struct scenario *s);
/* Reads a scenario file over the defaults.  Returns 0, or -1 with errors
 * (file:line:col: key path: what is allowed) in d. */
int scenario_load(const char *path, struct scenario *s, struct diags *d);
int scenario_load_buffer(const char *name, const char *yaml, size_t len,
			 struct scenario *s, struct diags *d);
void scenario_free(struct scenario *s);

/* Whether the scenario changes the catalog (a prices: or speed_index:
 * section). */
int scenario_changes_catalog(const struct scenario *s);
/* Applies prices: (in order) then speed_index: to c, a private copy of the
 * catalog (catalog_copy or catalog_with_overrides).  Names unknown to the
 * catalog are errors naming the scenario file, the line and the field.
 * Returns 0, or -1 with errors in d. */
int scenario_apply_catalog(const struct scenario *s, struct catalog *c,
			   struct diags *d);

/* "fcfs", "easy", "conservative", "slurm" <-> enum; -1 when unknown. */
int sched_policy_parse(const char *name, enum sched_policy *out);
const char *sched_policy_name(enum sched_policy p);

#endif
