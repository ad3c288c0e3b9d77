/*
 * `pclsim run --replications N`: the same run N times, replication r
 * drawing every random stream with index r (sim/rng.h), on the replication
 * thread pool (sim/replicate.h).  Each replication is simulated, described
 * and priced as a single run is (run_results_build); the summary gives the
 * mean and 95 % confidence interval of the figures that vary, and the JSON
 * document and the results DB carry every replication in index order, so
 * the outputs do not depend on the number of threads.
 */
#ifndef PCLSIM_RUN_REPS_H
#define PCLSIM_RUN_REPS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/diag.h"
#include "sim/replicate.h"
#include "sim/run.h"
#include "sim/run_results.h"
#include "sim/stats.h"

struct run_rep {                 /* one replication's slot */
	struct run_opts o;           /* the caller's, with replication r */
	struct run_world w;
	struct run_stats st;
	struct run_results rr;
	struct diags d;
	struct rep_metrics m;
	int ok;
	int have_world, have_stats, have_results;
};

struct run_reps {
	struct run_rep *reps;
	uint32_t n;
	struct rep_summary summary;  /* over the replications that ran */
	uint32_t n_failed;
};

/* Runs replications 0..n-1 of o on up to threads threads (0: one per
 * online CPU).  label (may be NULL) names every replication in the outputs.
 * Returns 0 when every replication ran and was priced; 1 when some failed
 * (their diags say why); -1 when the pool could not start or memory ran
 * out.  out must be freed with run_reps_free() in every case. */
int run_reps_execute(const struct run_opts *o, uint32_t n, unsigned threads,
		     const char *label, struct run_reps *out);
void run_reps_free(struct run_reps *x);

/* The summary for people: one line per replication, then mean +/- 95 %
 * interval per figure. */
void run_reps_print(FILE *out, const struct run_reps *x);

/* The JSON document of the replications ({"schema_version", "replications":
 * {n, seed, summary}, "runs": [one run's members per replication]}) to
 * json_path, and every replication into the results DB at db_path (either
 * may be NULL); both atomic.  Returns 0, or -1 with err set. */
int run_reps_write(const struct run_reps *x, const char *json_path,
		   const char *db_path, char *err, size_t err_size);

#endif
