/*
 * A node lost with several jobs on it (models/slurm.c slurm_node_lost):
 * the jobs are found among the partition's releases, kept in order of
 * estimated end, but requeued in job order, as when every job of the
 * trace was scanned.  Twenty static Spot nodes of two CPUs each run two
 * one-CPU jobs at a time, the first of each pair with a long time limit
 * and the second with a short one, so the releases hold the pair the
 * other way round; Spot takes instances away for hours.
 */
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

#define FIX PCLSIM_SOURCE_DIR "/tests/fixtures/fleet/"

static void test_requeues_in_job_order(void **state)
{
	(void)state;
	struct diags d;
	diags_init(&d);
	struct cluster c;
	assert_int_equal(config_load(FIX "spot-static.yaml", NULL, 0, &c, &d), 0);
	const struct catalog *cat = catalog_builtin();
	struct slurm_layout l;
	assert_int_equal(slurm_layout_build(&c, instance_lookup_catalog,
					    (void *)cat, REALMEMORY_RATIO_DEFAULT,
					    &l, &d), 0);
	struct trace t;
	trace_init(&t);
	enum { N = 40 };
	for (int i = 0; i < N; i++) {
		struct job j;
		job_init(&j);
		j.id = i + 1;
		j.submit_ms = 0;
		j.runtime_ms = 6 * 3600000;
		j.time_limit_ms = (i % 2 ? 7 : 20) * 3600000LL;
		j.cpus = 1;
		assert_int_equal(trace_push(&t, &j), 0);
	}
	int32_t qmap[N] = { 0 };
	struct fleet_params fp;
	fleet_params_default(&fp);
	struct pool_override pool = { (char *)"c6i.large", NULL, 0.5, -1 };
	fp.pools = &pool;
	fp.n_pools = 1;
	struct fleet f;
	assert_int_equal(fleet_init(&f, &c, cat, &fp, 3, 0, &d), 0);
	struct slurm_params prm = { fleet_boot_estimate_ms(&fp), 60000, 0, &f };
	struct slurm s;
	struct run_result r;
	assert_int_equal(slurm_init(&s, &l, &t, qmap, &prm,
				    sched_ops_for(POLICY_FCFS), &r, &d), 0);
	assert_int_equal(slurm_run(&s), 0);
	assert_true(r.n_spot_interruptions > 5);
	/* Requeues of one loss (same time, same node) in ascending job id;
	 * some losses took two jobs at once. */
	size_t pairs = 0;
	const struct result_event *prev = NULL;
	for (size_t i = 0; i < r.n_events; i++) {
		const struct result_event *e = &r.events[i];
		if (e->kind != EV_JOB_REQUEUE)
			continue;
		if (prev && prev->time_ms == e->time_ms && prev->node == e->node) {
			assert_true(prev->job_id < e->job_id);
			pairs++;
		}
		prev = e;
	}
	assert_true(pairs > 0);
	slurm_free(&s);
	run_result_free(&r);
	fleet_free(&f);
	trace_free(&t);
	slurm_layout_free(&l);
	cluster_free(&c);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requeues_in_job_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
