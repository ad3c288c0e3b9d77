/*
 * Hand-computed schedules: small traces whose start times were worked out
 * on paper from the policies' definitions (DESIGN.md), run through the
 * whole Slurm model with the invariant checker on.  Each test states the
 * schedule it expects and why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/test_sched_harness.h"

/* Four 1-CPU static nodes. */
static const struct h_queue four[] = { { "q", 0, { { "cpu1", 4, 4 } } } };

/* A holds 3 of 4 CPUs until 100.  B (2 CPUs) cannot start; C (1 CPU, 10 s)
 * could, but fcfs never skips the head: both start when A ends. */
static void test_fcfs_blocks(void **state)
{
	(void)state;
	static const struct h_job jobs[] = {
		{ 0, 100, 100, 3, 0, NULL, 0, 0, 0 },
		{ 1, 10, 10, 2, 0, NULL, 0, 0, 0 },
		{ 2, 10, 10, 1, 0, NULL, 0, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, four, jobs, .policy = POLICY_FCFS);
	assert_true(h_start(&h, 0) == 0);
	assert_true(h_start(&h, 1) == 100);
	assert_true(h_start(&h, 2) == 100);
	assert_true(h.r.makespan_ms == 110000);
	h_free(&h);
}

/* Same trace under EASY: B is the head with shadow time 100; C ends at 12,
 * before the shadow, so it is backfilled at once. */
static void test_easy_backfills_short_job(void **state)
{
	(void)state;
	static const struct h_job jobs[] = {
		{ 0, 100, 100, 3, 0, NULL, 0, 0, 0 },
		{ 1, 10, 10, 2, 0, NULL, 0, 0, 0 },
		{ 2, 10, 10, 1, 0, NULL, 0, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, four, jobs, .policy = POLICY_EASY);
	assert_true(h_start(&h, 1) == 100);
	assert_true(h_start(&h, 2) == 2);
	assert_true(h_end(&h, 2) == 12);
	h_free(&h);
}

/* B needs all 4 CPUs: shadow 100, no extra CPUs.  C (1 CPU, limit 200)
 * fits now but would end at 202, past the shadow, and there is no extra
 * CPU: backfilling it would delay B, so it waits until B ends at 110. */
static void test_easy_no_backfill_delaying_head(void **state)
{
	(void)state;
	static const struct h_job jobs[] = {
		{ 0, 100, 100, 3, 0, NULL, 0, 0, 0 },
		{ 1, 10, 10, 4, 0, NULL, 0, 0, 0 },
		{ 2, 200, 200, 1, 0, NULL, 0, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, four, jobs, .policy = POLICY_EASY);
	assert_true(h_start(&h, 1) == 100);
	assert_true(h_start(&h, 2) == 110);
	h_free(&h);
}

/* A holds 2 CPUs until 100; B needs 3: shadow 100, and 4 - 3 = 1 extra CPU.
 * C (1 CPU, long) ends after the shadow but fits in the extra CPU: it
 * starts at 2 and uses it up.  D (1 CPU, long) fits now too, but the extra
 * CPU is gone: it waits for B to end (110). */
static void test_easy_extra_cpu_rule(void **state)
{
	(void)state;
	static const struct h_job jobs[] = {
		{ 0, 100, 100, 2, 0, NULL, 0, 0, 0 },
		{ 1, 10, 10, 3, 0, NULL, 0, 0, 0 },
		{ 2, 500, 500, 1, 0, NULL, 0, 0, 0 },
		{ 3, 500, 500, 1, 0, NULL, 0, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, four, jobs, .policy = POLICY_EASY);
	assert_true(h_start(&h, 2) == 2);
	assert_true(h_start(&h, 1) == 100);
	assert_true(h_start(&h, 3) == 110);
	h_free(&h);
}

/* A (2 CPUs to 100), B (3 CPUs, 100 s), C (4 CPUs, 300 s), D (1 CPU, 300 s).
 * EASY protects only the head B (shadow 100, 1 extra CPU): D takes the
 * extra CPU at 3 and runs to 303, so C, second in line, waits until 303.
 * Conservative gives C a reservation at 200 (after B); D would overlap it,
 * so D gets the first gap after C: 500. */
static const struct h_job easy_vs_cons[] = {
	{ 0, 100, 100, 2, 0, NULL, 0, 0, 0 },
	{ 1, 100, 100, 3, 0, NULL, 0, 0, 0 },
	{ 2, 300, 300, 4, 0, NULL, 0, 0, 0 },
	{ 3, 300, 300, 1, 0, NULL, 0, 0, 0 },
};

static void test_easy_vs_conservative(void **state)
{
	(void)state;
	struct h_run h;
	H_RUN(&h, four, easy_vs_cons, .policy = POLICY_EASY);
	assert_true(h_start(&h, 1) == 100);
	assert_true(h_start(&h, 3) == 3);
	assert_true(h_start(&h, 2) == 303);
	h_free(&h);
	H_RUN(&h, four, easy_vs_cons, .policy = POLICY_CONSERVATIVE);
	assert_true(h_start(&h, 1) == 100);
	assert_true(h_start(&h, 2) == 200);
	assert_true(h_start(&h, 3) == 500);
	h_free(&h);
}

/* Conservative backfills what delays nobody, and compresses the schedule
 * when a job ends before its estimate: A's limit is 100 but it ends at 50,
 * so B (reserved at 100) starts at 50. */
static void test_conservative_compresses(void **state)
{
	(void)state;
	static const struct h_job jobs[] = {
		{ 0, 50, 100, 3, 0, NULL, 0, 0, 0 },
		{ 1, 10, 10, 4, 0, NULL, 0, 0, 0 },
		{ 2, 20, 20, 1, 0, NULL, 0, 0, 0 },   /* ends 22 < 100: backfilled */
	};
	struct h_run h;
	H_RUN(&h, four, jobs, .policy = POLICY_CONSERVATIVE);
	assert_true(h_start(&h, 2) == 2);
	assert_true(h_start(&h, 1) == 50);
	assert_true(h.s.jobs[1].first_res_ms == 100000);
	h_free(&h);
}

/* Two partitions are scheduled independently; a job naming an unknown
 * partition goes to the default (first) one. */
static void test_two_partitions(void **state)
{
	(void)state;
	static const struct h_queue qs[] = {
		{ "a", 0, { { "cpu1", 2, 2 } } },
		{ "b", 0, { { "cpu1", 2, 2 } } },
	};
	static const struct h_job jobs[] = {
		{ 0, 100, 100, 2, 0, "a", 0, 0, 0 },
		{ 1, 10, 10, 1, 0, "a", 0, 0, 0 },
		{ 2, 10, 10, 1, 0, "b", 0, 0, 0 },
		{ 3, 10, 10, 1, 0, "nosuch", 0, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, qs, jobs, .policy = POLICY_FCFS);
	assert_true(h_start(&h, 1) == 100);
	assert_true(h_start(&h, 2) == 2);
	assert_int_equal(h.r.jobs[2].queue, 1);
	assert_int_equal(h.r.jobs[3].queue, 0);
	assert_true(h_start(&h, 3) == 100);
	h_free(&h);
}

/* JobExclusiveAllocation: each 1-CPU job takes a whole 4-CPU node, so the
 * third waits for the first to end even though CPUs are free; the same
 * jobs share one node in a normal partition.  A per-job --exclusive in a
 * shared partition also takes whole nodes. */
static void test_exclusive_nodes(void **state)
{
	(void)state;
	static const struct h_queue excl[] = { { "x", 1, { { "cpu4", 2, 2 } } } };
	static const struct h_queue shared[] = { { "s", 0, { { "cpu4", 2, 2 } } } };
	static const struct h_job jobs[] = {
		{ 0, 100, 100, 1, 0, NULL, 0, 0, 0 },
		{ 1, 100, 100, 1, 0, NULL, 0, 0, 0 },
		{ 2, 10, 10, 1, 0, NULL, 0, 0, 0 },
	};
	static const struct h_job ejobs[] = {
		{ 0, 100, 100, 1, 0, NULL, 0, 0, JOB_EXCLUSIVE },
		{ 1, 100, 100, 1, 0, NULL, 0, 0, JOB_EXCLUSIVE },
		{ 2, 10, 10, 1, 0, NULL, 0, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, excl, jobs, .policy = POLICY_EASY);
	assert_true(h_start(&h, 2) == 100);
	assert_int_equal(h.r.alloc[h.r.jobs[0].alloc_off],
			 0);                       /* x-st-cr1-1 */
	assert_int_equal(h.s.jobs[0].alloc_units, 1);
	h_free(&h);
	H_RUN(&h, shared, jobs, .policy = POLICY_EASY);
	assert_true(h_start(&h, 2) == 2);
	/* All three packed onto the first node. */
	for (int i = 0; i < 3; i++)
		assert_int_equal(h.r.alloc[h.r.jobs[i].alloc_off], 0);
	h_free(&h);
	H_RUN(&h, shared, ejobs, .policy = POLICY_FCFS);
	assert_true(h_start(&h, 2) == 100);
	assert_int_equal(h.s.jobs[0].alloc_units, 4);
	h_free(&h);
}

/* Memory scheduling: nodes of 4 CPUs and 8 GiB (RealMemory 7782 MB); jobs
 * of 1 CPU and 4000 MB fit one per node, so the third waits although CPUs
 * are free.  Without memory scheduling all three share the first node. */
static void test_memory_bound_packing(void **state)
{
	(void)state;
	static const struct h_queue qs[] = { { "m", 0, { { "mem8", 2, 2 } } } };
	static const struct h_job jobs[] = {
		{ 0, 100, 100, 1, 0, NULL, 4000, 0, 0 },
		{ 0, 50, 50, 1, 0, NULL, 4000, 0, 0 },
		{ 1, 10, 10, 1, 0, NULL, 4000, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, qs, jobs, .policy = POLICY_FCFS, .memsched = 1);
	assert_true(h_start(&h, 0) == 0 && h_start(&h, 1) == 0);
	assert_int_not_equal(h.r.alloc[h.r.jobs[0].alloc_off],
			     h.r.alloc[h.r.jobs[1].alloc_off]);
	assert_true(h_start(&h, 2) == 50);
	h_free(&h);
	H_RUN(&h, qs, jobs, .policy = POLICY_FCFS, .memsched = 0);
	assert_true(h_start(&h, 2) == 1);
	h_free(&h);
}

/* A job on a powered-down dynamic node is configuring for the boot latency:
 * allocated at 0, started at 100, so its wait is 100 s.  The static node
 * (weight 1) is used before dynamic ones (weight 1000). */
static void test_dynamic_boot_delays_start(void **state)
{
	(void)state;
	static const struct h_queue qs[] = { { "d", 0, { { "cpu1", 1, 3 } } } };
	static const struct h_job jobs[] = {
		{ 0, 50, 50, 1, 0, NULL, 0, 0, 0 },
		{ 0, 50, 50, 2, 0, NULL, 0, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, qs, jobs, .policy = POLICY_EASY, .boot_s = 100, .idle_min = 10);
	assert_true(h_start(&h, 0) == 0);         /* on d-st-cr1-1 */
	assert_true(h_start(&h, 1) == 100);       /* boots d-dy-cr1-[1-2] */
	assert_true(h.r.jobs[1].wait_ms == 100000);
	assert_string_equal(h.r.nodes_info[h.r.alloc[h.r.jobs[0].alloc_off]].name,
			    "d-st-cr1-1");
	assert_string_equal(h.r.nodes_info[h.r.alloc[h.r.jobs[1].alloc_off]].name,
			    "d-dy-cr1-1");
	/* Static life + two dynamic launches. */
	assert_int_equal(h.r.n_launches, 3);
	h_free(&h);
}

/* One dynamic node, ScaledownIdletime 10 min: A boots it (up at 100, runs
 * to 150); B at 300 finds it idle and runs at once; it is suspended 600 s
 * after going idle (910) and is powered down 120 s later (1030).  C,
 * submitted at 950 while it powers down, waits for that, boots it again and
 * starts at 1130. */
static void test_scale_down_then_boot_again(void **state)
{
	(void)state;
	static const struct h_queue qs[] = { { "d", 0, { { "cpu1", 0, 1 } } } };
	static const struct h_job jobs[] = {
		{ 0, 50, 50, 1, 0, NULL, 0, 0, 0 },
		{ 300, 10, 10, 1, 0, NULL, 0, 0, 0 },
		{ 950, 10, 10, 1, 0, NULL, 0, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, qs, jobs, .policy = POLICY_EASY, .boot_s = 100, .idle_min = 10);
	assert_true(h_start(&h, 0) == 100);
	assert_true(h_start(&h, 1) == 300);
	assert_true(h_start(&h, 2) == 1130);
	assert_int_equal(h.r.n_node_lives, 2);
	const struct node_record *l0 = &h.r.node_lives[0], *l1 = &h.r.node_lives[1];
	assert_true(l0->launch_ms == 0 && l0->ready_ms == 100000 &&
		    l0->end_ms == 910000 && l0->end_reason == NODE_END_SUSPEND);
	assert_true(l1->launch_ms == 1030000 && l1->ready_ms == 1130000 &&
		    l1->end_ms == 1740000);
	assert_true(l0->busy_cpu_ms == 60000);
	h_free(&h);
	/* The same under conservative (the powering-down node is a planned
	 * release there too). */
	H_RUN(&h, qs, jobs, .policy = POLICY_CONSERVATIVE, .boot_s = 100,
	      .idle_min = 10);
	assert_true(h_start(&h, 2) == 1130);
	h_free(&h);
}

/* A job running past its limit is killed at it. */
static void test_timeout(void **state)
{
	(void)state;
	static const struct h_job jobs[] = {
		{ 0, 200, 100, 1, 0, NULL, 0, 0, 0 },
		{ 0, 50, 0, 1, 0, NULL, 0, 0, 0 },    /* no limit: runs its runtime */
	};
	struct h_run h;
	H_RUN(&h, four, jobs, .policy = POLICY_EASY);
	assert_true(h_end(&h, 0) == 100);
	assert_int_equal(h.r.jobs[0].state, JOB_ST_TIMEOUT);
	assert_true(h_end(&h, 1) == 50);
	assert_int_equal(h.r.jobs[1].state, JOB_ST_COMPLETED);
	h_free(&h);
}

/* Jobs no node can ever run are rejected at submission (EnforcePartLimits=
 * ALL): too many CPUs, too many nodes, more memory than RealMemory, GPUs on
 * a partition without them. */
static void test_rejected(void **state)
{
	(void)state;
	static const struct h_queue qs[] = { { "q", 0, { { "cpu2", 1, 2 } } } };
	static const struct h_job jobs[] = {
		{ 0, 10, 10, 5, 0, NULL, 0, 0, 0 },
		{ 0, 10, 10, 3, 3, NULL, 0, 0, 0 },
		{ 0, 10, 10, 1, 0, NULL, 5000, 0, 0 },
		{ 0, 10, 10, 1, 0, NULL, 0, 1, 0 },
		{ 0, 10, 10, 4, 2, NULL, 0, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, qs, jobs, .policy = POLICY_FCFS, .boot_s = 10, .idle_min = 10,
	      .memsched = 1);
	for (int i = 0; i < 4; i++)
		assert_int_equal(h.r.jobs[i].state, JOB_ST_REJECTED);
	assert_int_equal(h.r.jobs[4].state, JOB_ST_COMPLETED);
	assert_int_equal(h.r.jobs[4].nodes, 2);
	assert_int_equal(h.r.n_rejected, 4);
	h_free(&h);
}

/* cons_tres packing: a 40-CPU job on 16-CPU nodes takes the first three
 * nodes (16+16+8); a 16-CPU job then takes the fourth node, as real Slurm
 * did.  Node names order by index: q-dy-cr1-10 after q-dy-cr1-9. */
static void test_packing_and_names(void **state)
{
	(void)state;
	static const struct h_queue qs[] = { { "q", 0, { { "cpu16", 4, 16 } } } };
	static const struct h_job jobs[] = {
		{ 0, 10, 10, 40, 0, NULL, 0, 0, 0 },
		{ 0, 10, 10, 16, 0, NULL, 0, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, qs, jobs, .policy = POLICY_FCFS, .boot_s = 10, .idle_min = 10);
	assert_int_equal(h.r.jobs[0].nodes, 3);
	assert_int_equal(h.s.a_cpus[h.s.jobs[0].alloc_off + 2], 8);
	assert_int_equal(h.r.jobs[1].nodes, 1);
	assert_string_equal(h.r.nodes_info[h.r.alloc[h.r.jobs[1].alloc_off]].name,
			    "q-st-cr1-4");
	assert_string_equal(h.r.nodes_info[12].name, "q-dy-cr1-9");
	assert_string_equal(h.r.nodes_info[13].name, "q-dy-cr1-10");
	h_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fcfs_blocks),
		cmocka_unit_test(test_easy_backfills_short_job),
		cmocka_unit_test(test_easy_no_backfill_delaying_head),
		cmocka_unit_test(test_easy_extra_cpu_rule),
		cmocka_unit_test(test_easy_vs_conservative),
		cmocka_unit_test(test_conservative_compresses),
		cmocka_unit_test(test_two_partitions),
		cmocka_unit_test(test_exclusive_nodes),
		cmocka_unit_test(test_memory_bound_packing),
		cmocka_unit_test(test_dynamic_boot_delays_start),
		cmocka_unit_test(test_scale_down_then_boot_again),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_packing_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
