/*
 * What-if machinery shared by compare, sweep and plan: a variant (a config
 * file plus --set overrides, with a name), the figures one run contributes,
 * running variants x replications on the replication thread pool into an
 * optional results DB, the grid of a sweep (axes of --set values, instance
 * types by catalog glob; whatif_grid.c), the Pareto front, paired
 * significance tests and plan's targets.  The commands (sim/cmd_compare.c, cmd_sweep.c,
 * cmd_plan.c) only parse options and print; docs/whatif.md is the user's
 * guide.
 */
#ifndef PCLSIM_WHATIF_H
#define PCLSIM_WHATIF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/replicate.h"
#include "sim/run.h"

struct catalog;
struct diags;
struct store;

/* ---- variants ---------------------------------------------------------- */

/* One configuration to simulate: a config file and the --set overrides
 * applied to it, in order.  Owns its strings. */
struct whatif_variant {
	char *name;                  /* label in tables and the DB */
	char *config_path;
	char **keys, **values;
	size_t n_sets, cap_sets;
};

/* Returns 0, or -1 when out of memory. */
int whatif_variant_init(struct whatif_variant *v, const char *name,
			const char *config_path);
int whatif_variant_add_set(struct whatif_variant *v, const char *key,
			   const char *value);
/* A new variant with from's file and overrides (and a copy of name). */
int whatif_variant_copy(struct whatif_variant *to,
			const struct whatif_variant *from, const char *name);
void whatif_variant_free(struct whatif_variant *v);

/* Splits "KEY=VALUE" at the first '=' outside [...] (selectors such as
 * [name=spot] hold '=').  key gets a NUL-terminated copy of the key (at
 * most key_size - 1 bytes); *value points into arg.  Returns 0, or -1 when
 * there is no '=', the key or value is empty or the key is too long. */
int whatif_split_kv(const char *arg, char *key, size_t key_size,
		    const char **value);

/* The last component of a key path without its selector:
 * "Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount" -> "MaxCount".
 * Points into key. */
const char *whatif_short_key(const char *key, size_t *len);

/* ---- the figures of a run ---------------------------------------------- */

enum whatif_metric {
	WM_MAKESPAN_S, WM_COST_USD, WM_HEAD_USD, WM_COMPUTE_USD,
	WM_STORAGE_USD, WM_ONDEMAND_USD, WM_SPOT_USD, WM_IDLE_USD,
	WM_WAIT_MEAN_S, WM_WAIT_P50_S, WM_WAIT_P95_S, WM_BSLD_MEAN,
	WM_SPOT_INTERRUPTIONS, WM_REQUEUES, WM_TIMEOUTS,
	WM_UNFINISHED,          /* rejected + never started */
	WM_DONE_BY_S,           /* last job end, s since the trace's origin */
	WM_UTILISATION,
	WM_COUNT
};

struct whatif_metric_info {
	const char *key;        /* JSON / machine name: "makespan_s" */
	const char *label;      /* for people: "makespan" */
	int is_duration;        /* seconds, printed as 3h 12m */
	int is_usd;
};

extern const struct whatif_metric_info whatif_metrics[WM_COUNT];

/* One run: its figures, or why it failed. */
struct whatif_run {
	int ok;
	double v[WM_COUNT];
	int64_t origin_unix;    /* the trace's t = 0 (0 when unknown) */
	int64_t run_id;         /* its id in the results DB; 0 when not kept */
	char *error;            /* first error when !ok (owned) */
	size_t n_warnings;      /* from the loaders and the cost model */
	char *warning;          /* the first of them (owned), or NULL */
};

void whatif_run_free(struct whatif_run *r);

/* ---- running ----------------------------------------------------------- */

/* What every variant of a comparison shares. */
struct whatif_common {
	const char *trace_path;
	const char *scenario_path;           /* NULL: defaults */
	const char *policy;                  /* NULL: the scenario's */
	const struct queue_map *maps;
	size_t n_maps;
	struct trace_read_opts trace_opts;
	uint32_t replications;               /* >= 1 */
	unsigned threads;                    /* 0: one per online CPU */
	FILE *progress;                      /* "[k/N] name" lines; NULL: none */
};

void whatif_common_init(struct whatif_common *c);

/* Runs replications 0..R-1 of every variant (R = c->replications) on the
 * thread pool.  out gets n * R slots, out[i * R + r] for variant i,
 * replication r.  Replication r of every variant uses the same seed and
 * index r (common random numbers).  When db is not NULL every run that
 * succeeds is added to it, labelled with its variant's name, in the order
 * of the slots whatever the number of threads, so the DB does not depend
 * on it.  Returns the number of runs that failed (their slots say why),
 * or -1 when the pool cannot start or memory runs out. */
long whatif_run_all(const struct whatif_common *c,
		    const struct whatif_variant *v, size_t n,
		    struct store *db, struct whatif_run *out);

/* Mean and 95 % interval of one metric over a variant's R replications
 * (runs that failed are left out). */
void whatif_ci(const struct whatif_run *runs, uint32_t r,
	       enum whatif_metric m, struct ci95 *out);

/* ---- paired differences ------------------------------------------------ */

/* b - a over replications paired by index.  With common random numbers
 * the pairs share their random numbers, so the paired t-test is valid. */
struct whatif_delta {
	struct ci95 ci;         /* of the differences */
	double p_value;         /* two-sided paired t-test; 1 when n < 2 */
	int significant;        /* n >= 2 and the 95 % interval excludes 0 */
};

void whatif_paired_delta(const double *a, const double *b, size_t n,
			 struct whatif_delta *out);

/* The paired delta of metric m between variant runs a and b (R slots
 * each); pairs where either run failed are left out. */
void whatif_delta_of(const struct whatif_run *a, const struct whatif_run *b,
		     uint32_t r, enum whatif_metric m, struct whatif_delta *out);

/* ---- grids ------------------------------------------------------------- */

/* One dimension of a sweep: a --set key and the values it takes. */
struct whatif_axis {
	char *key;
	char **values;
	size_t n, cap;
};

struct whatif_grid {
	struct whatif_axis *axes;
	size_t n_axes, cap;
};

void whatif_grid_init(struct whatif_grid *g);
void whatif_grid_free(struct whatif_grid *g);

/* Adds an axis for key with the comma-separated values, or adds them to
 * the axis of that key when there is one (repeated values once).  Returns
 * 0, or -1 with an error in d and the grid unchanged when a value is
 * empty. */
int whatif_grid_add(struct whatif_grid *g, const char *key,
		    const char *values_csv, struct diags *d);

/* Points in the grid (the product of the axis sizes; 1 with no axis);
 * 0 when it would overflow SIZE_MAX. */
size_t whatif_grid_size(const struct whatif_grid *g);

/* The value index on each axis of point i (the last axis varies fastest). */
void whatif_grid_point(const struct whatif_grid *g, size_t i, size_t *idx);

/* Expands a comma-separated list of instance types and globs
 * ("c6i.*,c7i.4xlarge,hpc7a.*") against the catalog: a name must be known,
 * a glob (fnmatch) must match at least one type with an On-Demand price in
 * region (NULL: any region).  Names come out in the order given, each glob's
 * matches by vCPUs then name, without duplicates.  *out is a new array of
 * pointers into the catalog (free it).  Returns the count, or -1 with an
 * error (and suggestions) in d. */
long whatif_instance_types(const struct catalog *cat, const char *region,
			   const char *list, const char ***out,
			   struct diags *d);

/* The variants of grid points: base's file and overrides, then the point's
 * values.  points[0..n) are grid point indices.  Names are the point's
 * short keys and values ("InstanceType=c7i.8xlarge MaxCount=16"), or the
 * full keys when short ones would collide; "base" with no axis.  Returns 0,
 * or -1 when out of memory (to[] freed). */
int whatif_grid_variants(const struct whatif_grid *g,
			 const struct whatif_variant *base,
			 const size_t *points, size_t n,
			 struct whatif_variant *to);

/* ---- shards ------------------------------------------------------------ */

/* "K/N" with 1 <= K <= N.  Returns 0, or -1 when malformed. */
int whatif_shard_parse(const char *s, unsigned *k, unsigned *n);

/* Grid points of shard k of n: every n-th point starting at k - 1, so the
 * shards are balanced even when the grid's costly points cluster.  *out is
 * a new array (NULL when empty).  Returns the count, or -1 when out of
 * memory. */
long whatif_shard_points(size_t grid_size, unsigned k, unsigned n,
			 size_t **out);

/* ---- Pareto front ------------------------------------------------------ */

/* on_front[i] = 1 when no other point is at least as good in every one of
 * the dims objectives (all minimised; obj[i * dims + j]) and better in one.
 * Equal points are all on the front. */
void whatif_pareto(const double *obj, size_t n, size_t dims, int *on_front);

/* ---- targets (plan) ---------------------------------------------------- */

enum whatif_target_kind { TARGET_MAKESPAN, TARGET_P95_WAIT, TARGET_DEADLINE };

struct whatif_target {
	enum whatif_target_kind kind;
	double limit_s;          /* makespan / p95 wait; relative deadline */
	int64_t deadline_unix_ms;/* deadline given as a date; else 0 */
	char text[96];           /* as the user wrote it */
};

/* "makespan<=4h", "p95-wait<=30m", "deadline=48h" (since the trace's
 * origin), "deadline=2024-05-01T18:00:00Z".  Durations: a number with an
 * optional unit s, m, h, d, combinations such as 1h30m, or Slurm's
 * [D-]HH:MM:SS.  Returns 0, or -1 with the reason in err. */
int whatif_target_parse(const char *s, struct whatif_target *t, char *err,
			size_t err_size);

/* A duration as whatif_target_parse reads it, in seconds.  Returns 0 or
 * -1. */
int whatif_duration_parse(const char *s, double *out_s);

/* What a point achieved (means over its replications) and plan's verdict
 * on it. */
struct whatif_point {
	size_t index;            /* into the caller's arrays */
	int ok;                  /* at least one replication ran */
	double mean[WM_COUNT];
	double cost_hi_usd;      /* upper end of the cost's 95 % interval */
	int64_t origin_unix;
	int feasible;            /* set by whatif_judge */
	char why[256];           /* why it is not feasible */
};

/* The point's means from its R runs. */
void whatif_point_of(const struct whatif_run *runs, uint32_t r,
		     size_t index, struct whatif_point *out);

/* Sets p->feasible: p ran, every job ran (none rejected, left pending or
 * failed), it meets every target on the means, and its mean cost is within
 * the budget (< 0: none).  Otherwise p->why says what failed first
 * ("makespan 5h 10m > 4h 00m"). */
void whatif_judge(struct whatif_point *p, const struct whatif_target *t,
		  size_t n_targets, double budget_usd);

/* Orders points for plan: feasible ones first, cheapest first (ties by
 * makespan, then index); then the rest by cost, points that failed to run
 * last. */
void whatif_rank(struct whatif_point *points, size_t n);

/* A value of metric m for people ("3h 12m", "$12.34", "0.95"); with
 * as_delta, a signed difference ("+12m 05s", "-$3.10"). */
void whatif_fmt_value(enum whatif_metric m, double v, int as_delta, char *buf,
		      size_t size);

#endif
