/*
 * The allocator's start word (spart.free_w0, models/slurm.c and alloc.c):
 * the search for free nodes begins at the first word of bm_free that may
 * hold a free node, raised after a job takes nodes.  Nodes given back below
 * it must lower it again, both when a whole piece is given back as a block
 * and when a shared node gets CPUs back one node at a time; else a later
 * job would be placed on higher nodes, or not at all.  The backfill's
 * view of where a job could start now (spart.bm_avail and avail_words)
 * is kept with the same bitmaps, at every change of them.
 */
#include "test_one_queue.h"

/* The first node of job i's allocation. */
static int32_t first_node(const struct world *w, int i)
{
	const struct sjob *j = &w->s.jobs[i];
	assert_true(j->n_pieces > 0);
	return w->s.a_piece[j->piece_off].node;
}

/* bm_avail is bm_free | bm_idle | bm_off, and avail_words marks its
 * non-empty words, in every partition. */
static void assert_avail_kept(const struct world *w)
{
	for (int q = 0; q < w->s.n_parts; q++) {
		const struct spart *p = &w->s.parts[q];
		for (size_t x = 0; x < p->n_words; x++) {
			uint64_t a = p->bm_free[x] | p->bm_idle[x] | p->bm_off[x];
			assert_true(p->bm_avail[x] == a);
			assert_int_equal((p->avail_words[x / 64] >> (x % 64)) & 1,
					 a != 0);
		}
	}
}

/* 200 one-CPU static nodes: job 1 takes nodes 0-149 whole, job 2 nodes
 * 150-179, which leaves the first free node in the third word.  Job 1's
 * nodes come back as a block at 100 s, so job 3 gets node 0. */
static void test_whole_release_lowers_start(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 150, 0, 0, 0 },
		{ 0, 1000, 0, 30, 0, 0, 0 },
		{ 200, 100, 0, 10, 0, 0, 0 },
	};
	struct world w;
	run(&w, "cpu1", 200, 0, POLICY_FCFS, jobs, 3);
	assert_int_equal(first_node(&w, 0), 0);
	assert_int_equal(first_node(&w, 1), 150);
	assert_true(w.r.jobs[2].start_ms == 200000);
	assert_int_equal(first_node(&w, 2), 0);
	assert_avail_kept(&w);
	done(&w);
}

/* 100 two-CPU static nodes: job 1 takes one CPU of node 0, job 2 every
 * other CPU (none is left free).  Job 1 gives its CPU back at 100 s on a
 * node job 2 still shares (not a whole piece), so job 3 starts on node 0
 * at once instead of waiting for job 2. */
static void test_shared_release_lowers_start(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 100, 0, 1, 0, 0, 0 },
		{ 0, 1000, 0, 199, 0, 0, 0 },
		{ 200, 100, 0, 1, 0, 0, 0 },
	};
	struct world w;
	run(&w, "cpu2", 100, 0, POLICY_FCFS, jobs, 3);
	assert_int_equal(first_node(&w, 0), 0);
	assert_true(w.r.jobs[1].start_ms == 0);
	assert_true(w.r.jobs[2].start_ms == 200000);
	assert_int_equal(first_node(&w, 2), 0);
	assert_avail_kept(&w);
	done(&w);
}

/* 20 static and 180 dynamic two-CPU nodes under the slurm policy: jobs
 * that share nodes, take them whole and leave them to power down.  Some
 * nodes are still busy at the end, others free, idle or powered down. */
static void test_avail_follows_nodes(void **state)
{
	(void)state;
	static const struct djob jobs[] = {
		{ 0, 600, 0, 3, 0, 0, 0 },
		{ 0, 100, 0, 40, 0, 0, 0 },
		{ 10, 5000, 0, 1, 0, 0, 0 },
		{ 20, 50, 0, 120, 0, 0, 0 },
		{ 30, 9000, 0, 5, 0, 0, 0 },
		{ 4000, 30, 0, 7, 0, 0, 0 },
	};
	struct world w;
	run_mixed(&w, "cpu2", 20, 200, 1000, 0, POLICY_SLURM, jobs, 6);
	assert_avail_kept(&w);
	done(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_release_lowers_start),
		cmocka_unit_test(test_shared_release_lowers_start),
		cmocka_unit_test(test_avail_follows_nodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
