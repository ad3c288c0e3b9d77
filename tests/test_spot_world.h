/*
 * Jobs on tests/fixtures/fleet/spot-static.yaml with its c6i.large Spot
 * pool interrupted often (0.5 an hour), run through the Slurm model with
 * the fleet and without the performance model (a job runs its trace
 * runtime): the world shared by the tests of what interruptions do to jobs
 * (checkpoints, the order of requeues, busy time per instance life).
 * Include it once, from a test file; the caller pushes its jobs into w.t
 * between spot_world_load and spot_world_run.
 */
#ifndef PCLSIM_TEST_SPOT_WORLD_H
#define PCLSIM_TEST_SPOT_WORLD_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "models/fleet.h"
#include "models/partition.h"
#include "models/sched.h"
#include "models/slurm.h"
#include "sim/diag.h"
#include "workloads/job.h"
#include "workloads/trace.h"

struct spot_world {
	struct diags d;
	struct cluster c;
	struct slurm_layout l;
	struct trace t;
	struct pool_override pool;   /* the fleet keeps a pointer to it */
	struct fleet f;
	struct slurm s;
	struct run_result r;
	int32_t *qmap;
};

static void spot_world_load(struct spot_world *w)
{
	memset(w, 0, sizeof *w);
	diags_init(&w->d);
	assert_int_equal(config_load(PCLSIM_SOURCE_DIR
				     "/tests/fixtures/fleet/spot-static.yaml",
				     NULL, 0, &w->c, &w->d), 0);
	assert_int_equal(slurm_layout_build(&w->c, instance_lookup_catalog,
					    (void *)catalog_builtin(),
					    REALMEMORY_RATIO_DEFAULT, &w->l,
					    &w->d), 0);
	trace_init(&w->t);
}

/* Runs w.t's jobs under policy with checkpoints of kind ckpt (every
 * ckpt_interval_ms when periodic), the fleet's streams seeded by seed. */
static void spot_world_run(struct spot_world *w, enum sched_policy policy,
			   enum ckpt_kind ckpt, int64_t ckpt_interval_ms,
			   uint64_t seed)
{
	struct fleet_params fp;
	fleet_params_default(&fp);
	w->pool = (struct pool_override){ (char *)"c6i.large", NULL, 0.5, -1 };
	fp.pools = &w->pool;
	fp.n_pools = 1;
	fp.ckpt = ckpt;
	if (ckpt == CKPT_PERIODIC)
		fp.ckpt_interval_ms = ckpt_interval_ms;
	w->qmap = calloc(w->t.n, sizeof *w->qmap);
	assert_non_null(w->qmap);
	assert_int_equal(fleet_init(&w->f, &w->c, catalog_builtin(), &fp, seed,
				    0, &w->d), 0);
	struct slurm_params prm = { fleet_boot_estimate_ms(&fp), 60000, 0, &w->f };
	assert_int_equal(slurm_init(&w->s, &w->l, &w->t, w->qmap, &prm,
				    sched_ops_for(policy), &w->r, &w->d), 0);
	assert_int_equal(slurm_run(&w->s), 0);
}

static void spot_world_free(struct spot_world *w)
{
	slurm_free(&w->s);
	run_result_free(&w->r);
	fleet_free(&w->f);
	free(w->qmap);
	trace_free(&w->t);
	slurm_layout_free(&w->l);
	cluster_free(&w->c);
	diags_free(&w->d);
}

#endif
