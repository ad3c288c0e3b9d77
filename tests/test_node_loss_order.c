/*
 * A node lost with several jobs on it (models/slurm.c slurm_node_lost):
 * the jobs are found among the partition's releases, kept in order of
 * estimated end, but requeued in job order, as when every job of the
 * trace was scanned.  Twenty static Spot nodes of two CPUs each run two
 * one-CPU jobs at a time, the first of each pair with a long time limit
 * and the second with a short one, so the releases hold the pair the
 * other way round; Spot takes instances away for hours.
 */
#include "tests/test_spot_world.h"

static void test_requeues_in_job_order(void **state)
{
	(void)state;
	struct spot_world w;
	spot_world_load(&w);
	enum { N = 40 };
	for (int i = 0; i < N; i++) {
		struct job j;
		job_init(&j);
		j.id = i + 1;
		j.submit_ms = 0;
		j.runtime_ms = 6 * 3600000;
		j.time_limit_ms = (i % 2 ? 7 : 20) * 3600000LL;
		j.cpus = 1;
		assert_int_equal(trace_push(&w.t, &j), 0);
	}
	spot_world_run(&w, POLICY_FCFS, CKPT_NONE, 0, 3);
	const struct run_result *r = &w.r;
	assert_true(r->n_spot_interruptions > 5);
	/* Requeues of one loss (same time, same node) in ascending job id;
	 * some losses took two jobs at once. */
	size_t pairs = 0;
	const struct result_event *prev = NULL;
	for (size_t i = 0; i < r->n_events; i++) {
		const struct result_event *e = &r->events[i];
		if (e->kind != EV_JOB_REQUEUE)
			continue;
		if (prev && prev->time_ms == e->time_ms && prev->node == e->node) {
			assert_true(prev->job_id < e->job_id);
			pairs++;
		}
		prev = e;
	}
	assert_true(pairs > 0);
	spot_world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requeues_in_job_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
