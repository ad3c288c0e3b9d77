/*
 * The Slurm model with a fleet but without the performance model (a job
 * runs its trace runtime): a requeued job keeps the work before its last
 * periodic checkpoint, so its last attempt is the runtime less whole
 * checkpoint intervals; it ends later than runtime + lost work after its
 * submission; the planning estimate follows the fleet's distribution.
 */
#include "tests/test_spot_world.h"

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
	struct spot_world w;
	spot_world_load(&w);
	enum { N = 60 };
	const int64_t runtime_ms = 4 * 3600000;
	for (int i = 0; i < N; i++) {
		struct job j;
		job_init(&j);
		j.id = i + 1;
		j.submit_ms = 0;
		j.runtime_ms = runtime_ms;
		j.cpus = 2;
		assert_int_equal(trace_push(&w.t, &j), 0);
	}
	spot_world_run(&w, POLICY_EASY, CKPT_PERIODIC, 600000, 21);
	const struct run_result *r = &w.r;
	assert_true(r->n_spot_interruptions > 5);
	size_t kept_some = 0;
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct job_record *j = &r->jobs[i];
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
	spot_world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_estimate),
		cmocka_unit_test(test_checkpoints_without_perf_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
