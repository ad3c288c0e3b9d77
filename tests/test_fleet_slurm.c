/*
 * The Slurm model with a fleet but without the performance model (a job
 * runs its trace runtime): a requeued job keeps the work before its last
 * periodic checkpoint, so its last attempt is the runtime less whole
 * checkpoint intervals; it ends later than runtime + lost work after its
 * submission; the planning estimate follows the fleet's distribution.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

static void test_estimate(void **state)
{
	(void)state;
	struct fleet_params p;
	fleet_params_default(&p);
	assert_true(fleet_boot_estimate_ms(&p) == 15000 + 264000);
	p.resume_interval_ms = 0;
	p.boot.kind = BOOT_FIXED;
	p.boot.fixed_s = 100;
	assert_true(fleet_boot_estimate_ms(&p) == 100000);
	p.boot.kind = BOOT_QUANTILES;
	p.boot.n_q = 3;
	p.boot.q_p[0] = 0, p.boot.q_p[1] = 0.25, p.boot.q_p[2] = 1;
	p.boot.q_s[0] = 100, p.boot.q_s[1] = 200, p.boot.q_s[2] = 500;
	/* Halfway from (0.25, 200) to (1, 500): 300 s. */
	assert_true(fleet_boot_estimate_ms(&p) == 300000);
}

static void test_checkpoints_without_perf_model(void **state)
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
	enum { N = 60 };
	const int64_t runtime_ms = 4 * 3600000;
	for (int i = 0; i < N; i++) {
		struct job j;
		job_init(&j);
		j.id = i + 1;
		j.submit_ms = 0;
		j.runtime_ms = runtime_ms;
		j.cpus = 2;
		assert_int_equal(trace_push(&t, &j), 0);
	}
	int32_t qmap[N] = { 0 };
	struct fleet_params fp;
	fleet_params_default(&fp);
	struct pool_override pool = { (char *)"c6i.large", NULL, 0.5, -1 };
	fp.pools = &pool;
	fp.n_pools = 1;
	fp.ckpt = CKPT_PERIODIC;
	fp.ckpt_interval_ms = 600000;
	struct fleet f;
	assert_int_equal(fleet_init(&f, &c, cat, &fp, 21, 0, &d), 0);
	struct slurm_params prm = { fleet_boot_estimate_ms(&fp), 60000, 0, &f };
	struct slurm s;
	struct run_result r;
	assert_int_equal(slurm_init(&s, &l, &t, qmap, &prm,
				    sched_ops_for(POLICY_EASY), &r, &d), 0);
	assert_int_equal(slurm_run(&s), 0);
	assert_true(r.n_spot_interruptions > 5);
	size_t kept_some = 0;
	for (size_t i = 0; i < r.n_jobs; i++) {
		const struct job_record *j = &r.jobs[i];
		assert_int_equal(j->state, JOB_ST_COMPLETED);
		int64_t last = j->end_ms - j->start_ms;
		int64_t kept = runtime_ms - last;
		assert_true(kept >= 0 && kept % 600000 == 0);
		assert_true(j->end_ms - j->submit_ms >= runtime_ms + j->lost_ms - kept);
		if (j->requeues == 0)
			assert_true(kept == 0 && j->lost_ms == 0);
		else
			assert_true(j->lost_ms > 0);
		kept_some += kept > 0;
	}
	assert_true(kept_some > 0);
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
		cmocka_unit_test(test_estimate),
		cmocka_unit_test(test_checkpoints_without_perf_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
