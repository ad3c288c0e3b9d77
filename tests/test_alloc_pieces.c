/*
 * The allocator's pieces (models/alloc.c): a job's nodes come out of the
 * allocator as runs of consecutive nodes giving it the same CPUs, GPUs and
 * memory, whole idle nodes being taken a run at a time.  Each case is run
 * through the whole Slurm model with the invariant checker on, and the
 * pieces are compared with placements worked out by hand.
 */
#include "test_one_queue.h"

#define RUN(w, type, n, memsched, policy, jobs) \
	run((w), (type), (n), (memsched), (policy), (jobs), \
	    (int)(sizeof(jobs) / sizeof *(jobs)))

/* Piece k of job i must be count nodes from node, cpus on each. */
static void expect_piece(const struct world *w, int i, uint32_t k,
			 int32_t node, int32_t count, int32_t cpus)
{
	const struct sjob *j = &w->s.jobs[i];
	assert_true(k < j->n_pieces);
	const struct apiece *a = &w->s.a_piece[j->piece_off + k];
	assert_int_equal(a->node, node);
	assert_int_equal(a->count, count);
	assert_int_equal(a->cpus, cpus);
}

/* 1-CPU nodes: a 10-CPU job takes nodes 0-9 as one piece, the next job
 * (5 CPUs) nodes 10-14. */
static void test_idle_run_is_one_piece(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 10, 0, 0, 0 },
		{ 0, 100, 0, 5, 0, 0, 0 },
	};
	struct world w;
	RUN(&w, "cpu1", 16, 0, POLICY_EASY, jobs);
	assert_int_equal(w.s.jobs[0].n_pieces, 1);
	assert_int_equal(w.s.jobs[0].n_alloc, 10);
	expect_piece(&w, 0, 0, 0, 10, 1);
	assert_int_equal(w.s.jobs[1].n_pieces, 1);
	expect_piece(&w, 1, 0, 10, 5, 1);
	done(&w);
}

/* 130 1-CPU nodes (three bitmap words).  A (60 CPUs, 0-100) takes 0-59; B
 * (50, 0-300) takes 60-109 across the word boundary at 64; at 150, D (70)
 * takes the free 0-59 and 110-119: two pieces around B. */
static void test_runs_cross_words_and_skip_busy(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 60, 0, 0, 0 },
		{ 0, 300, 0, 50, 0, 0, 0 },
		{ 150, 100, 0, 70, 0, 0, 0 },
	};
	struct world w;
	RUN(&w, "cpu1", 130, 0, POLICY_FCFS, jobs);
	expect_piece(&w, 0, 0, 0, 60, 1);
	assert_int_equal(w.s.jobs[1].n_pieces, 1);
	expect_piece(&w, 1, 0, 60, 50, 1);
	assert_true(w.r.jobs[2].start_ms == 150000);
	assert_int_equal(w.s.jobs[2].n_pieces, 2);
	assert_int_equal(w.s.jobs[2].n_alloc, 70);
	expect_piece(&w, 2, 0, 0, 60, 1);
	expect_piece(&w, 2, 1, 110, 10, 1);
	done(&w);
}

/* 4-CPU nodes: 10 CPUs are two whole nodes and half of a third; the run
 * stops where fewer CPUs than a node's are still wanted. */
static void test_run_stops_at_partial_node(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 10, 0, 0, 0 },
	};
	struct world w;
	RUN(&w, "cpu4", 5, 0, POLICY_FCFS, jobs);
	assert_int_equal(w.s.jobs[0].n_pieces, 2);
	expect_piece(&w, 0, 0, 0, 2, 4);
	expect_piece(&w, 0, 1, 2, 1, 2);
	done(&w);
}

/* Memory caps the CPUs per node: 5 CPUs x 3000 MB on mem8 nodes (7782 MB:
 * two CPUs fit) are 2 + 2 + 1, 6000 MB on each of the first two nodes. */
static void test_run_with_memory_cap(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 5, 3000, 0, 0 },
	};
	struct world w;
	RUN(&w, "mem8", 4, 1, POLICY_FCFS, jobs);
	assert_int_equal(w.s.jobs[0].n_pieces, 2);
	expect_piece(&w, 0, 0, 0, 2, 2);
	expect_piece(&w, 0, 1, 2, 1, 1);
	assert_true(w.s.a_piece[w.s.jobs[0].piece_off].mem_mb == 6000);
	done(&w);
}

/* Two compute resources of one weight: four 1-CPU static nodes, then four
 * 2-CPU ones.  A 6-CPU job takes the four small nodes as a run, which
 * stops where the resource changes, and one 2-CPU node. */
static void test_run_stops_at_next_resource(void **state)
{
	(void)state;
	struct world w;
	memset(&w, 0, sizeof w);
	char *types[2] = { "cpu1", "cpu2" };
	struct compute_resource crs[2];
	for (int i = 0; i < 2; i++)
		crs[i] = (struct compute_resource){ .name = i ? "big" : "small",
			.instance_types = &types[i], .n_instance_types = 1,
			.min_count = 4, .max_count = 4, .static_priority = 1,
			.dynamic_priority = 1000 };
	one_queue(&w, crs, 2, 0);
	struct diags d;
	diags_init(&d);
	assert_int_equal(slurm_layout_build(&w.c, lookup, NULL, 0.95, &w.l, &d), 0);
	trace_init(&w.t);
	struct job j;
	job_init(&j);
	j.id = 1;
	j.runtime_ms = 100000;
	j.cpus = 6;
	assert_int_equal(trace_push(&w.t, &j), 0);
	w.qmap = calloc(1, sizeof *w.qmap);
	struct slurm_params prm = { .boot_latency_ms = 60000,
				    .sample_interval_ms = 60000 };
	assert_int_equal(slurm_init(&w.s, &w.l, &w.t, w.qmap, &prm,
				    sched_ops_for(POLICY_FCFS), &w.r, &d), 0);
	assert_int_equal(slurm_run(&w.s), 0);
	assert_int_equal(check_run(&w.s, POLICY_FCFS, &d), 0);
	diags_free(&d);
	assert_int_equal(w.s.jobs[0].n_alloc, 5);
	assert_int_equal(w.s.jobs[0].n_pieces, 2);
	expect_piece(&w, 0, 0, 0, 4, 1);
	expect_piece(&w, 0, 1, 4, 1, 2);
	done(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idle_run_is_one_piece),
		cmocka_unit_test(test_runs_cross_words_and_skip_busy),
		cmocka_unit_test(test_run_stops_at_partial_node),
		cmocka_unit_test(test_run_with_memory_cap),
		cmocka_unit_test(test_run_stops_at_next_resource),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
