/*
 * A finished run made ready for its writers: its metadata recorded (inputs
 * with digests, overrides, scenario parameters, seed, policy, catalog) and
 * its cost computed, bundled as the struct results that the summary, the
 * JSON document, the results DB and the plots all read.  One place, so the
 * run command, compare, sweep and plots describe and price a run the same
 * way.
 */
#ifndef PCLSIM_RUN_RESULTS_H
#define PCLSIM_RUN_RESULTS_H

#include "models/cost.h"
#include "sim/results.h"
#include "sim/runinfo.h"

struct diags;
struct run_opts;
struct run_stats;
struct run_world;

struct run_results {
	struct run_info info;
	struct cost_summary cost;
	struct results res;          /* points into the above, w and st */
};

/* Describes and prices w (fills w->result's cost fields).  st must outlive
 * rr.  label may be NULL.  Returns 0, or -1 with errors in d (a missing
 * price, records that disagree, an unreadable input); warnings go to d
 * either way.  rr must be freed with run_results_free() in both cases. */
int run_results_build(struct run_world *w, const struct run_opts *o,
		      const struct run_stats *st, const char *label,
		      struct run_results *rr, struct diags *d);
void run_results_free(struct run_results *rr);

#endif
