/*
 * What a job asks beyond CPUs, worked out by hand and run through the whole
 * Slurm model with the invariant checker on: afterok dependencies
 * (`depends_on`: eligible once the dependency completes; never when it
 * fails, times out or is rejected) and per-CPU memory (`mem_per_cpu_mb`,
 * which takes memory × CPUs on each node under memory scheduling).
 */
#include "test_one_queue.h"

static double start_s(const struct world *w, int i)
{
	return w->r.jobs[i].start_ms / 1000.0;
}

static int node_of(const struct world *w, int i)
{
	return w->r.alloc[w->r.jobs[i].alloc_off];
}

#define RUN(w, type, n, memsched, policy, jobs) \
	run((w), (type), (n), (memsched), (policy), (jobs), \
	    (int)(sizeof(jobs) / sizeof *(jobs)))

/* Two 1-CPU nodes.  A runs 0-100.  B depends on A: held while a node is
 * free, it starts when A completes (100) and ends at 150; its wait counts
 * from its submission.  C (no dependency) takes the free node at 10. */
static void test_waits_for_completion(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 1, 0, 0, 0 },
		{ 0, 50, 0, 1, 0, 0, 1 },
		{ 10, 30, 0, 1, 0, 0, 0 },
	};
	for (int p = POLICY_FCFS; p <= POLICY_CONSERVATIVE; p++) {
		struct world w;
		RUN(&w, "cpu1", 2, 0, (enum sched_policy)p, jobs);
		assert_true(start_s(&w, 0) == 0);
		assert_true(start_s(&w, 1) == 100);
		assert_true(w.r.jobs[1].end_ms == 150000);
		assert_true(w.r.jobs[1].wait_ms == 100000);
		assert_int_equal(w.r.jobs[1].state, JOB_ST_COMPLETED);
		assert_true(start_s(&w, 2) == 10);
		assert_true(w.r.makespan_ms == 150000);
		assert_int_equal(w.r.n_dependency_never, 0);
		done(&w);
	}
}

/* A is killed at its limit (100 s < 200 s runtime): TIMEOUT, so B, which
 * depends on it, never becomes eligible and stays PENDING to the end; so
 * does D, which waits for B.  C, unrelated, runs.  A dependency on a job
 * rejected at submission (E: 64 CPUs on two 1-CPU nodes) is never
 * satisfied either (F). */
static void test_never_satisfied(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 200, 100, 1, 0, 0, 0 },      /* A, id 1 */
		{ 0, 10, 0, 1, 0, 0, 1 },         /* B, id 2 */
		{ 0, 10, 0, 1, 0, 0, 0 },         /* C, id 3 */
		{ 0, 10, 0, 1, 0, 0, 2 },         /* D, id 4 */
		{ 0, 10, 0, 64, 0, 0, 0 },        /* E, id 5 */
		{ 0, 10, 0, 1, 0, 0, 5 },         /* F, id 6 */
	};
	struct world w;
	RUN(&w, "cpu1", 2, 0, POLICY_EASY, jobs);
	assert_int_equal(w.r.jobs[0].state, JOB_ST_TIMEOUT);
	assert_true(w.r.jobs[0].end_ms == 100000);
	assert_int_equal(w.r.jobs[1].state, JOB_ST_PENDING);
	assert_true(w.r.jobs[1].start_ms == -1);
	assert_int_equal(w.r.jobs[2].state, JOB_ST_COMPLETED);
	assert_int_equal(w.r.jobs[3].state, JOB_ST_PENDING);
	assert_int_equal(w.r.jobs[4].state, JOB_ST_REJECTED);
	assert_int_equal(w.r.jobs[5].state, JOB_ST_PENDING);
	assert_int_equal(w.r.n_dependency_never, 3);
	assert_true(w.r.makespan_ms == 100000);
	done(&w);
}

/* C is submitted at 50, after A completed at 10: eligible at once.  B names
 * a job id the trace does not hold (999): the dependency is ignored. */
static void test_completed_before_submit_and_unknown(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 10, 0, 1, 0, 0, 0 },
		{ 5, 10, 0, 1, 0, 0, 999 },
		{ 50, 10, 0, 1, 0, 0, 1 },
	};
	struct world w;
	RUN(&w, "cpu1", 2, 0, POLICY_CONSERVATIVE, jobs);
	assert_true(start_s(&w, 1) == 5);
	assert_true(start_s(&w, 2) == 50);
	assert_int_equal(w.r.n_dependency_never, 0);
	done(&w);
}

/* A released job goes to its place in the queue (submission order), not
 * to the tail.  Two 1-CPU nodes: A 0-100 and X 0-200 hold them; C (2 CPUs,
 * submitted at 5) waits.  At 100 A completes and B (submitted at 0) becomes
 * eligible ahead of C: under fcfs it starts at once on A's node (ends 150),
 * and C starts when both nodes are free, at 200.  Were B behind C, fcfs
 * would have made it wait for C. */
static void test_released_in_priority_order(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 1, 0, 0, 0 },        /* A, id 1 */
		{ 0, 50, 0, 1, 0, 0, 1 },         /* B, id 2 */
		{ 0, 200, 0, 1, 0, 0, 0 },        /* X, id 3 */
		{ 5, 10, 0, 2, 0, 0, 0 },         /* C, id 4 */
	};
	struct world w;
	RUN(&w, "cpu1", 2, 0, POLICY_FCFS, jobs);
	assert_true(start_s(&w, 1) == 100);
	assert_true(start_s(&w, 3) == 200);
	done(&w);
}

/* mem8 nodes: 4 CPUs and RealMemory floor(8192 x 0.95) = 7782 MB.  A takes
 * 2 CPUs x 3000 MB = 6000 MB of node 1.  B (2 x 1000 MB) would fit node 1's
 * CPUs but not its 1782 MB left: it goes to node 2.  C (1 x 1500 MB) fits
 * what node 1 has left.  D (4 x 2000 MB) cannot be on one node (8000 MB >
 * 7782) but can span two: node 1 has no memory left for it and node 2 only
 * 2 CPUs, so it waits until 100 and then takes 3 CPUs of node 1 (3 x 2000
 * = 6000 MB, a fourth would not fit) and 1 of node 2.  E (1 CPU x 8000 MB)
 * and the exclusive F (1 CPU, but an exclusive job holds all 4 CPUs: 4 x
 * 2000 MB) can never run: rejected at submission. */
static void test_mem_per_cpu_packing(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 2, 3000, 0, 0 },
		{ 0, 100, 0, 2, 1000, 0, 0 },
		{ 0, 100, 0, 1, 1500, 0, 0 },
		{ 0, 100, 0, 4, 2000, 0, 0 },
		{ 0, 100, 0, 1, 8000, 0, 0 },
		{ 0, 100, 0, 1, 2000, JOB_EXCLUSIVE, 0 },
	};
	struct world w;
	RUN(&w, "mem8", 2, 1, POLICY_EASY, jobs);
	assert_true(w.l.crs[0].real_mem_mb == 7782);
	for (int i = 0; i < 3; i++)
		assert_true(start_s(&w, i) == 0);
	assert_int_not_equal(node_of(&w, 1), node_of(&w, 0));
	assert_int_equal(node_of(&w, 2), node_of(&w, 0));
	assert_true(start_s(&w, 3) == 100);
	assert_int_equal(w.r.jobs[3].nodes, 2);
	assert_int_equal(w.r.alloc_cpus[w.r.jobs[3].alloc_off], 3);
	assert_int_equal(w.r.alloc_cpus[w.r.jobs[3].alloc_off + 1], 1);
	assert_int_equal(w.r.jobs[4].state, JOB_ST_REJECTED);
	assert_int_equal(w.r.jobs[5].state, JOB_ST_REJECTED);
	assert_int_equal(w.r.n_rejected, 2);
	done(&w);

	/* Without memory scheduling memory is not a consumable resource:
	 * B packs onto node 1 next to A, and E runs. */
	struct world v;
	RUN(&v, "mem8", 2, 0, POLICY_EASY, jobs);
	assert_int_equal(node_of(&v, 1), node_of(&v, 0));
	assert_int_equal(v.r.jobs[4].state, JOB_ST_COMPLETED);
	done(&v);
}

/* Per-CPU memory also limits how many CPUs a job takes from each node:
 * 6 CPUs x 3000 MB on mem8 nodes hold 2 CPUs per node (7782 / 3000), so
 * the job spreads over 3 nodes, 2 CPUs and 6000 MB on each. */
static void test_mem_per_cpu_spreads(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 6, 3000, 0, 0 },
	};
	struct world w;
	RUN(&w, "mem8", 4, 1, POLICY_FCFS, jobs);
	assert_true(start_s(&w, 0) == 0);
	assert_int_equal(w.r.jobs[0].nodes, 3);
	for (int k = 0; k < 3; k++)
		assert_int_equal(w.r.alloc_cpus[w.r.jobs[0].alloc_off + (size_t)k], 2);
	const struct sjob *j = &w.s.jobs[0];
	for (uint32_t k = 0; k < j->n_alloc; k++)
		assert_true(w.s.a_mem[j->alloc_off + k] == 6000);
	done(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_waits_for_completion),
		cmocka_unit_test(test_never_satisfied),
		cmocka_unit_test(test_completed_before_submit_and_unknown),
		cmocka_unit_test(test_released_in_priority_order),
		cmocka_unit_test(test_mem_per_cpu_packing),
		cmocka_unit_test(test_mem_per_cpu_spreads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
