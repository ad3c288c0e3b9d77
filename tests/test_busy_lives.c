/*
 * Busy time of static nodes' instance lives (models/slurm.c): a whole piece
 * of static nodes gives its busy CPU-ms back as one difference per piece
 * (spart.busy_diff), added to the lives before a static node's life
 * closes.  Twenty static Spot nodes of two CPUs run 2-CPU jobs for hours
 * while Spot takes instances away and static nodes are replaced (new
 * lives): every job's last attempt must be counted in the life that its
 * node had while it ran, not in a later one, and all the busy time of all
 * the attempts must be in some life.
 */
#include "tests/test_spot_world.h"

/* The life of node that covers [t0, t1], or -1. */
static long life_over(const struct run_result *r, int32_t node, int64_t t0,
		      int64_t t1)
{
	for (size_t i = 0; i < r->n_node_lives; i++) {
		const struct node_record *l = &r->node_lives[i];
		if (l->node == node && l->launch_ms <= t0 && t1 <= l->end_ms)
			return (long)i;
	}
	return -1;
}

static void test_busy_time_stays_with_its_life(void **state)
{
	(void)state;
	struct spot_world w;
	spot_world_load(&w);
	enum { N = 120 };
	for (int i = 0; i < N; i++) {
		struct job j;
		job_init(&j);
		j.id = i + 1;
		j.submit_ms = (int64_t)(i % 7) * 600000;
		j.runtime_ms = 3600000 + (int64_t)(i % 5) * 900000;
		j.cpus = 2;
		assert_int_equal(trace_push(&w.t, &j), 0);
	}
	/* A requeued attempt keeps nothing. */
	spot_world_run(&w, POLICY_FCFS, CKPT_NONE, 0, 5);
	const struct run_result *r = &w.r;
	assert_true(r->n_spot_interruptions > 5);

	int64_t *want = calloc(r->n_node_lives, sizeof *want);
	assert_non_null(want);
	int64_t all_ms = 0, in_closed_lives = 0;
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct job_record *j = &r->jobs[i];
		assert_int_equal(j->state, JOB_ST_COMPLETED);
		/* Every attempt held its CPUs from its start until it ended
		 * or was requeued; without checkpoints its lost time is the
		 * requeued attempts' whole run. */
		all_ms += (int64_t)j->cpus * (j->end_ms - j->start_ms + j->lost_ms);
		for (size_t k = 0; k < result_job_n_runs(r, j); k++) {
			struct alloc_run a = result_job_run(r, j, k);
			for (int32_t n = a.node; n < a.node + a.count; n++) {
				long li = life_over(r, n, j->start_ms, j->end_ms);
				assert_true(li >= 0);
				want[li] += (int64_t)a.cpus * (j->end_ms - j->start_ms);
				if (r->node_lives[li].end_reason != NODE_END_RUN_END)
					in_closed_lives++;
			}
		}
	}
	/* Some last attempts ran in a life that closed before the run's
	 * end, so a sum credited to a later life would be seen. */
	assert_true(in_closed_lives > 0);
	int64_t busy_ms = 0;
	for (size_t i = 0; i < r->n_node_lives; i++) {
		assert_true(r->node_lives[i].busy_cpu_ms >= want[i]);
		busy_ms += r->node_lives[i].busy_cpu_ms;
	}
	assert_true(busy_ms == all_ms);
	free(want);
	spot_world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_busy_time_stays_with_its_life),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
