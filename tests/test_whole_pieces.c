/*
 * Whole pieces (models/slurm.c): a piece of up, idle nodes that a job takes
 * with all their CPUs is taken and given back as a block, found by the
 * partition's bitmaps, and its nodes' timers are handled only when some of
 * them are dynamic.  One queue of two static and two dynamic 1-CPU nodes
 * of one weight, run through the whole model with the invariant checker:
 *   job 1 (2 CPUs, t 0-100 s) takes the static nodes whole;
 *   job 2 (2 CPUs, t 0) powers the dynamic nodes up (60 s), so its piece is
 *     not whole; it runs 60-160 s and leaves them idle, their suspend timers
 *     set for 160 s + ScaledownIdletime (10 min);
 *   job 3 (4 CPUs, t 200-300 s) takes all four whole, which must stop the
 *     dynamic nodes' timers, and gives them back at 300 s, which must start
 *     them again: the dynamic nodes are suspended at 900 s, not 760 s.
 */
#include "test_one_queue.h"

/* Whether every piece of job i was taken whole. */
static int all_whole(const struct world *w, int i)
{
	const struct sjob *j = &w->s.jobs[i];
	int whole = j->n_pieces > 0;
	for (uint32_t k = 0; k < j->n_pieces; k++)
		whole &= w->s.a_piece[j->piece_off + k].whole;
	return whole;
}

static void test_whole_pieces_and_timers(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 2, 0, 0, 0 },
		{ 0, 100, 0, 2, 0, 0, 0 },
		{ 200, 100, 0, 4, 0, 0, 0 },
	};
	struct world w;
	run_mixed(&w, "cpu1", 2, 4, 1, 0, POLICY_FCFS, jobs, 3);
	const struct job_record *r = w.r.jobs;
	assert_true(r[0].start_ms == 0 && r[0].end_ms == 100000);
	assert_true(r[1].start_ms == 60000 && r[1].end_ms == 160000);
	assert_true(r[2].start_ms == 200000 && r[2].end_ms == 300000);
	assert_true(all_whole(&w, 0));
	assert_false(all_whole(&w, 1));
	assert_true(all_whole(&w, 2));
	assert_int_equal(w.r.n_node_lives, 4);
	for (size_t i = 0; i < w.r.n_node_lives; i++) {
		const struct node_record *l = &w.r.node_lives[i];
		const struct node_info *ni = &w.r.nodes_info[l->node];
		/* Each node ran two jobs of 100 s on its one CPU. */
		assert_true(l->busy_cpu_ms == 200000);
		if (ni->is_static) {
			assert_int_equal(l->end_reason, NODE_END_RUN_END);
			continue;
		}
		assert_int_equal(l->end_reason, NODE_END_SUSPEND);
		assert_true(l->end_ms == 900000);
	}
	/* Every node is idle again, with all its CPUs. */
	for (size_t i = 0; i < w.s.n_nodes; i++) {
		assert_int_equal(node_share(&w.s, &w.s.nodes[i]).n_jobs, 0);
		assert_int_equal(node_share(&w.s, &w.s.nodes[i]).cpus_free,
				 w.s.nodes[i].cpus);
	}
	done(&w);
}

/* Static nodes only (no timers at all): every piece whole, the busy time
 * of each node's one life what its jobs held. */
static void test_static_whole_pieces(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 2, 0, 0, 0 },
		{ 0, 100, 0, 2, 0, 0, 0 },
		{ 50, 100, 0, 3, 0, 0, 0 },
	};
	struct world w;
	run(&w, "cpu1", 4, 0, POLICY_FCFS, jobs, 3);
	assert_true(w.r.jobs[2].start_ms == 100000);
	for (int i = 0; i < 3; i++)
		assert_true(all_whole(&w, i));
	static const int64_t busy_ms[] = { 200000, 200000, 200000, 100000 };
	for (size_t i = 0; i < w.r.n_node_lives; i++) {
		const struct node_record *l = &w.r.node_lives[i];
		assert_true(l->busy_cpu_ms == busy_ms[l->node]);
	}
	done(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_pieces_and_timers),
		cmocka_unit_test(test_static_whole_pieces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
