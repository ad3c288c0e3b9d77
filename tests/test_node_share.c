/*
 * A job's share of a node (models/slurm.c share_delta, share_add): the
 * four fields it changes are also one array, struct sshare.v, which a
 * piece's nodes add the share's change to as one vector, and they lie
 * apart from the nodes, in slurm.share (node_share).  These tests hold
 * the array to the named fields' order and slurm.share to the nodes'
 * order, and follow a share of CPUs and memory through a whole run, on a
 * node two jobs could share but for memory, and on whole static nodes.
 */
#include "test_one_queue.h"

/* share_delta writes the change in v's order; a field moved in struct
 * sshare would take another field's change. */
static void test_share_array_is_the_named_fields(void **state)
{
	(void)state;
	struct sshare n = { 0 };
	n.cpus_free = 11;
	n.gpus_free = 22;
	n.n_jobs = 33;
	n.mem_free_mb = 44;
	assert_int_equal(n.v[0], 11);
	assert_int_equal(n.v[1], 22);
	assert_int_equal(n.v[2], 33);
	assert_int_equal(n.v[3], 44);
}

/* Node n has all it has: no job, everything free. */
static void assert_all_free(const struct slurm *s, const struct snode *n)
{
	const struct sshare sh = node_share(s, n);
	assert_int_equal(sh.n_jobs, 0);
	assert_int_equal(sh.cpus_free, n->cpus);
	assert_int_equal(sh.gpus_free, n->gpus);
	assert_int_equal(sh.mem_free_mb, n->mem_mb);
}

/* Every node of the run has all it had again, and no job. */
static void assert_all_given_back(const struct world *w)
{
	for (size_t i = 0; i < w->s.n_nodes; i++)
		assert_all_free(&w->s, &w->s.nodes[i]);
}

/* slurm_init sorts the nodes by weight after building them: the shares
 * are set after the sort, each node's from its own capacity.  Two
 * resources, the smaller first in the config but heavier, so the sort
 * swaps them: set before it, a node would start with the other's CPUs. */
static void test_shares_follow_the_node_order(void **state)
{
	(void)state;
	struct world w;
	memset(&w, 0, sizeof w);
	char *types[2] = { "cpu1", "cpu4" };
	struct compute_resource crs[2];
	for (int i = 0; i < 2; i++)
		crs[i] = (struct compute_resource){ .name = i ? "big" : "small",
			.instance_types = &types[i], .n_instance_types = 1,
			.min_count = 3, .max_count = 3,
			.static_priority = i ? 1 : 5, .dynamic_priority = 1000 };
	one_queue(&w, crs, 2, 0);
	struct diags d;
	diags_init(&d);
	assert_int_equal(slurm_layout_build(&w.c, lookup, NULL, 0.95, &w.l, &d), 0);
	trace_init(&w.t);
	w.qmap = calloc(1, sizeof *w.qmap);
	struct slurm_params prm = { .boot_latency_ms = 60000,
				    .sample_interval_ms = 60000 };
	assert_int_equal(slurm_init(&w.s, &w.l, &w.t, w.qmap, &prm,
				    sched_ops_for(POLICY_FCFS), &w.r, &d), 0);
	diags_free(&d);
	assert_int_equal(w.s.n_nodes, 6);
	assert_int_equal(w.s.nodes[0].cpus, 4);    /* the sort swapped them */
	assert_int_equal(w.s.nodes[5].cpus, 1);
	for (size_t i = 0; i < w.s.n_nodes; i++)
		assert_all_free(&w.s, &w.s.nodes[i]);
	done(&w);
}

/* One 4-CPU node of 4 GiB (3,891 MiB schedulable at the 0.95 ratio) and
 * two 1-CPU jobs of 3,000 MiB: CPUs would let them share it, memory does
 * not, so the second starts when the first ends.  Were the memory taken
 * with the wrong sign, or not at all, it would start at once. */
static void test_memory_share_taken_and_given_back(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 1, 3000, 0, 0 },
		{ 0, 100, 0, 1, 3000, 0, 0 },
		{ 300, 100, 0, 1, 3000, 0, 0 },
	};
	struct world w;
	run(&w, "mem4", 1, 1, POLICY_FCFS, jobs, 3);
	const struct job_record *r = w.r.jobs;
	assert_true(r[0].start_ms == 0 && r[0].end_ms == 100000);
	assert_true(r[1].start_ms == 100000 && r[1].end_ms == 200000);
	/* Given back too: the third finds the memory free again. */
	assert_true(r[2].start_ms == 300000);
	assert_all_given_back(&w);
	done(&w);
}

/* Whole static nodes, taken and given back as a piece, over and again:
 * each job finds all of them free after the one before. */
static void test_whole_static_pieces_given_back(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 8, 0, 0, 0 },
		{ 0, 100, 0, 8, 0, 0, 0 },
		{ 0, 100, 0, 6, 0, 0, 0 },
		{ 0, 100, 0, 8, 0, 0, 0 },
	};
	struct world w;
	run(&w, "cpu2", 4, 0, POLICY_FCFS, jobs, 4);
	for (int i = 0; i < 4; i++)
		assert_true(w.r.jobs[i].start_ms == i * 100000);
	assert_all_given_back(&w);
	done(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_share_array_is_the_named_fields),
		cmocka_unit_test(test_shares_follow_the_node_order),
		cmocka_unit_test(test_memory_share_taken_and_given_back),
		cmocka_unit_test(test_whole_static_pieces_given_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
