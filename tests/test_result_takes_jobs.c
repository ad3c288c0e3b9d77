/*
 * slurm.result_takes_jobs: when the caller gives the model's job table up,
 * the run writes the result's job records over it.  The result must be
 * the one a run that keeps the table makes: every record field, the runs,
 * the flat node list, the count of jobs held by a dependency forever.
 */
#include "test_one_queue.h"

/* 130 1-CPU nodes: jobs of one and of two runs (around a busy one), a job
 * too wide for the queue, one held forever by its dependency on that one,
 * one that waits for another. */
static const struct djob jobs[] = {
	{ 0, 100, 0, 60, 0, 0, 0 },
	{ 0, 300, 0, 50, 0, 0, 0 },
	{ 150, 100, 0, 70, 0, 0, 0 },
	{ 10, 100, 0, 1000, 0, 0, 0 },
	{ 20, 50, 0, 2, 0, 0, 4 },
	{ 30, 40, 0, 20, 0, 0, 1 },
	{ 40, 80, 200, 129, 0, 0, 0 },
};

static void expect_same_record(const struct job_record *a,
			       const struct job_record *b)
{
	assert_true(a->job_id == b->job_id);
	assert_int_equal(a->queue, b->queue);
	assert_int_equal(a->cr, b->cr);
	assert_int_equal(a->user, b->user);
	assert_int_equal(a->account, b->account);
	assert_true(a->submit_ms == b->submit_ms);
	assert_true(a->start_ms == b->start_ms);
	assert_true(a->end_ms == b->end_ms);
	assert_true(a->wait_ms == b->wait_ms);
	assert_int_equal(a->cpus, b->cpus);
	assert_int_equal(a->nodes, b->nodes);
	assert_int_equal(a->gpus, b->gpus);
	assert_int_equal(a->requeues, b->requeues);
	assert_true(a->lost_ms == b->lost_ms);
	assert_true(a->io_ms == b->io_ms);
	assert_true(a->comm_ms == b->comm_ms);
	assert_true(a->cost_usd == b->cost_usd);
	assert_int_equal(a->alloc_off, b->alloc_off);
	assert_int_equal(a->run_off, b->run_off);
	assert_int_equal(a->n_runs, b->n_runs);
	assert_int_equal(a->state, b->state);
}

static void expect_same_result(enum sched_policy policy)
{
	const int nj = (int)(sizeof jobs / sizeof *jobs);
	struct world kept, taken;
	run(&kept, "cpu1", 130, 0, policy, jobs, nj);
	run_mixed_opt(&taken, "cpu1", 130, 130, 1000, 0, policy, jobs, nj, 1);
	assert_null(taken.s.jobs);
	assert_null(taken.s.a_node);
	const struct run_result *a = &kept.r, *b = &taken.r;
	assert_int_equal(a->n_jobs, (size_t)nj);
	assert_int_equal(b->n_jobs, a->n_jobs);
	for (size_t i = 0; i < a->n_jobs; i++)
		expect_same_record(&a->jobs[i], &b->jobs[i]);
	assert_int_equal(a->n_dependency_never, 1);
	assert_int_equal(b->n_dependency_never, a->n_dependency_never);
	assert_int_equal(b->n_alloc_runs, a->n_alloc_runs);
	assert_memory_equal(b->alloc_runs, a->alloc_runs,
			    a->n_alloc_runs * sizeof *a->alloc_runs);
	assert_true(a->n_alloc > 0);
	assert_int_equal(b->n_alloc, a->n_alloc);
	assert_memory_equal(b->alloc, a->alloc, a->n_alloc * sizeof *a->alloc);
	assert_memory_equal(b->alloc_cpus, a->alloc_cpus,
			    a->n_alloc * sizeof *a->alloc_cpus);
	done(&kept);
	done(&taken);
}

static void test_same_result_fcfs(void **state)
{
	(void)state;
	expect_same_result(POLICY_FCFS);
}

static void test_same_result_easy(void **state)
{
	(void)state;
	expect_same_result(POLICY_EASY);
}

static void test_same_result_slurm(void **state)
{
	(void)state;
	expect_same_result(POLICY_SLURM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_result_fcfs),
		cmocka_unit_test(test_same_result_easy),
		cmocka_unit_test(test_same_result_slurm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
