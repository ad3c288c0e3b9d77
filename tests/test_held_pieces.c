/*
 * Whole pieces of static nodes held by their bits alone (models/slurm.c
 * piece_held, spart.bm_held): node_share() must give the same shares as
 * slurm.share would hold, and a job must give them back whether it ends
 * or loses a node.  Twenty static Spot nodes of two CPUs, each job one
 * whole node, interrupted for hours: many held pieces end by a requeue,
 * the rest by completion, and at the end no node has a job or a bit left.
 */
#include "tests/test_spot_world.h"

static void test_held_pieces_given_back(void **state)
{
	(void)state;
	struct spot_world w;
	spot_world_load(&w);
	enum { N = 60 };
	for (int i = 0; i < N; i++) {
		struct job j;
		job_init(&j);
		j.id = i + 1;
		j.submit_ms = (int64_t)(i % 20) * 60000;
		j.runtime_ms = 5 * 3600000;
		j.cpus = 2;
		assert_int_equal(trace_push(&w.t, &j), 0);
	}
	spot_world_run(&w, POLICY_FCFS, CKPT_NONE, 0, 3);
	const struct run_result *r = &w.r;
	assert_true(r->n_spot_interruptions > 5);
	assert_true(r->n_requeues > 0);
	for (size_t i = 0; i < r->n_jobs; i++)
		assert_int_equal(r->jobs[i].state, JOB_ST_COMPLETED);
	const struct slurm *s = &w.s;
	for (size_t i = 0; i < s->n_nodes; i++) {
		const struct snode *n = &s->nodes[i];
		const struct sshare sh = node_share(s, n);
		assert_int_equal(sh.n_jobs, 0);
		assert_int_equal(sh.cpus_free, n->cpus);
		assert_int_equal(sh.gpus_free, n->gpus);
		assert_int_equal(sh.mem_free_mb, n->mem_mb);
	}
	for (int q = 0; q < s->n_parts; q++)
		for (size_t k = 0; k < s->parts[q].n_words; k++)
			assert_true(s->parts[q].bm_held[k] == 0);
	spot_world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_held_pieces_given_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
