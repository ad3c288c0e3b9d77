/*
 * The `slurm` policy against schedules worked out by hand from Slurm's
 * rules (sched_slurm.h): a narrow job held back by a whole-node plan that
 * EASY would have backfilled; backfill only at the bf_interval cycle (and
 * its phase); bf_resolution rounding; an end exactly at a planned start;
 * bf_window cutting a plan; resume calls batched at
 * power_save_min_interval with jobs started at the periodic check;
 * multifactor fair-share putting one user's job before another's; later
 * starts tried where a plan ends, and a start found past the test's run
 * window kept only if no later plan holds its nodes.  Every run goes
 * through the whole model with the invariant checker on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "models/sched_slurm.h"
#include "models/slurm_params.h"
#include "tests/test_sched_harness.h"

#define MINUTE 60.0

struct s_job {
	double submit_s, runtime_s, limit_s;
	int cpus;
	const char *user;
};

/* Runs jobs on the cluster under `slurm` with the settings in conf (NULL:
 * defaults) or under another policy; checks the invariants.  follow: a job
 * id for sched_slurm_follow, 0 none. */
static void s_run(struct h_run *h, const struct h_queue *qs, int nq,
		  const struct s_job *jobs, int nj, double boot_s,
		  enum sched_policy policy, const struct slurm_conf *conf,
		  int64_t follow)
{
	memset(h, 0, sizeof *h);
	struct h_opts o = { .policy = policy, .boot_s = boot_s, .idle_min = 10 };
	h_build_cluster(h, qs, nq, &o);
	struct diags d;
	diags_init(&d);
	assert_int_equal(slurm_layout_build(&h->c, h_lookup, NULL, 0.95, &h->l, &d), 0);
	trace_init(&h->t);
	h->qmap = calloc((size_t)nj + 1, sizeof *h->qmap);
	for (int i = 0; i < nj; i++) {
		struct job j;
		job_init(&j);
		j.id = i + 1;
		j.submit_ms = h_ms(jobs[i].submit_s);
		j.runtime_ms = h_ms(jobs[i].runtime_s);
		j.time_limit_ms = h_ms(jobs[i].limit_s);
		j.cpus = jobs[i].cpus;
		if (jobs[i].user)
			j.user = strtab_intern(&h->t.strings, jobs[i].user,
					       strlen(jobs[i].user));
		assert_int_equal(trace_push(&h->t, &j), 0);
	}
	struct slurm_conf def;
	slurm_conf_defaults(&def);
	struct slurm_params prm = { h_ms(boot_s), 60000, 0, NULL };
	if (policy == POLICY_SLURM && !conf)
		conf = &def;
	assert_int_equal(slurm_init_conf(&h->s, &h->l, &h->t, h->qmap, &prm,
					 policy == POLICY_SLURM ? conf : NULL,
					 sched_ops_for(policy), &h->r, &d), 0);
	if (follow)
		assert_int_equal(sched_slurm_follow(&h->s, follow), 0);
	assert_int_equal(slurm_run(&h->s), 0);
	h->violations = check_run(&h->s, policy, &d);
	if (h->violations)
		diags_print(&d, stderr);
	diags_free(&d);
	assert_int_equal(h->violations, 0);
}

#define S_RUN_FOLLOW(h, qs, jobs, boot, policy, conf, follow) \
	s_run((h), (qs), (int)(sizeof(qs) / sizeof *(qs)), (jobs), \
	      (int)(sizeof(jobs) / sizeof *(jobs)), (boot), (policy), (conf), \
	      (follow))
#define S_RUN(h, qs, jobs, boot, policy, conf) \
	S_RUN_FOLLOW(h, qs, jobs, boot, policy, conf, 0)

static void conf_with(struct slurm_conf *c, const char *key, const char *value)
{
	struct diags d;
	diags_init(&d);
	slurm_conf_defaults(c);
	assert_int_equal(slurm_conf_set(c, key, value, NULL, 0, NULL, &d), 0);
	diags_free(&d);
}

/* Two static 4-CPU nodes. */
static const struct h_queue two4[] = { { "q", 0, { { "cpu4", 2, 2 } } } };

/* A (4 CPUs to 600) fills n1; B (2 CPUs to 1200) half n2.  H (5 CPUs) can
 * start at 600 when A ends: 4 CPUs on n1 and 1 on n2.  N (1 CPU, 30 min)
 * fits in n2's 2 free CPUs now.  EASY: H's shadow time is 600 with
 * 4 + 2 - 5 = 1 extra CPU, so N starts at once (2 s).  Slurm: the cycle
 * at 30 s plans H on the whole nodes n1 and n2 from 600, and N, which would
 * run past 600 on n2, is held; it starts at 600 beside H. */
static const struct s_job narrow[] = {
	{ 0, 600, 600, 4, NULL },
	{ 0, 1200, 1200, 2, NULL },
	{ 1, 600, 600, 5, NULL },
	{ 2, 1800, 1800, 1, NULL },
};

static void narrow_job_held_by_whole_node_plan(void **state)
{
	(void)state;
	struct h_run h;
	S_RUN(&h, two4, narrow, 0, POLICY_EASY, NULL);
	assert_true(h_start(&h, 3) == 2);
	h_free(&h);
	S_RUN(&h, two4, narrow, 0, POLICY_SLURM, NULL);
	assert_true(h_start(&h, 2) == 600);
	assert_true(h_start(&h, 3) == 600);
	const struct slurm_why *w = sched_slurm_why(&h.s, 3);
	assert_non_null(w);
	assert_int_equal(w->hold, SLURM_HOLD_PLAN);
	assert_int_equal(w->blocker, 2);
	/* Nothing changed after the 30 s cycle, so later cycles were skipped
	 * (Slurm's _more_work test). */
	assert_true(w->tested_ms == 30000);
	assert_true(sched_slurm_why(&h.s, 2)->started_by != SLURM_START_BACKFILL);
	/* The explanation names the plan that held it. */
	char buf[4096];
	FILE *f = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(sched_slurm_explain(&h.s, 4, f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "job 3's plan"));
	h_free(&h);
}

/* A (4 CPUs to 600) on n1; B (8 CPUs) must wait for both nodes: planned at
 * 600.  C (4 CPUs, 5 min) is submitted at 40 s; it fits n2 and ends long
 * before 600, but the main scheduler stops at B, so C waits for the next
 * backfill cycle: 60 s with cycles at 0, 30, 60, ...; 42 s with the phase
 * at 12 s; 120 s with bf_interval=120, however often the main scheduler
 * runs meanwhile. */
static const struct s_job cycle_jobs[] = {
	{ 0, 600, 600, 4, NULL },
	{ 10, 600, 600, 8, NULL },
	{ 40, 300, 300, 4, NULL },
};

static void backfill_only_at_the_cycle(void **state)
{
	(void)state;
	struct h_run h;
	S_RUN(&h, two4, cycle_jobs, 0, POLICY_SLURM, NULL);
	assert_true(h_start(&h, 2) == 60);
	assert_int_equal(sched_slurm_why(&h.s, 2)->started_by,
			 SLURM_START_BACKFILL);
	assert_true(h_start(&h, 1) == 600);
	h_free(&h);
	struct slurm_conf c;
	slurm_conf_defaults(&c);
	c.bf_phase_ms = 12000;
	S_RUN(&h, two4, cycle_jobs, 0, POLICY_SLURM, &c);
	assert_true(h_start(&h, 2) == 42);
	h_free(&h);
	conf_with(&c, "SchedulerParameters", "bf_interval=5");
	S_RUN(&h, two4, cycle_jobs, 0, POLICY_SLURM, &c);
	assert_true(h_start(&h, 2) == 40);
	h_free(&h);
	/* Main scheduler passes every 10 s that start nothing do not stop
	 * the timers before the backfill has looked at C (120 s). */
	conf_with(&c, "SchedulerParameters", "bf_interval=120,sched_interval=10");
	S_RUN(&h, two4, cycle_jobs, 0, POLICY_SLURM, &c);
	assert_true(h_start(&h, 2) == 120);
	h_free(&h);
}

/* A (4 CPUs, 10 min) starts at 30 s and is expected to end at 630; B
 * (8 CPUs) is planned at 630, kept as 600 with bf_resolution 60.  C
 * (4 CPUs, 9 min), submitted at 40 s, is tested at the 60 s cycle: it
 * would end at 600, which meets the rounded plan, so it waits until B is
 * done (630 + 600 = 1230).  With bf_resolution=30 the plan stays at 630 and
 * C starts at 60. */
static const struct s_job rounding_jobs[] = {
	{ 30, 600, 600, 4, NULL },
	{ 31, 600, 600, 8, NULL },
	{ 40, 540, 540, 4, NULL },
};

static void resolution_rounds_plans_down(void **state)
{
	(void)state;
	struct h_run h;
	S_RUN(&h, two4, rounding_jobs, 0, POLICY_SLURM, NULL);
	assert_true(h_start(&h, 1) == 630);
	assert_true(h_start(&h, 2) == 1230);
	assert_true(sched_slurm_why(&h.s, 2)->blocker == 1);
	h_free(&h);
	struct slurm_conf c;
	conf_with(&c, "SchedulerParameters", "bf_resolution=30");
	S_RUN(&h, two4, rounding_jobs, 0, POLICY_SLURM, &c);
	assert_true(h_start(&h, 2) == 60);
	assert_true(h_start(&h, 1) == 630);
	h_free(&h);
}

/* A (4 CPUs) ends at 660, a multiple of the resolution, where B (8 CPUs)
 * is planned.  At the 60 s cycle C (10 min) would end exactly at 660: a
 * conflict, so it waits for B (660 + 600 = 1260).  D (9 min) ends at 600
 * and is backfilled at 60. */
static const struct s_job exact_jobs[] = {
	{ 0, 660, 660, 4, NULL },
	{ 1, 600, 600, 8, NULL },
	{ 40, 600, 600, 4, NULL },
};
static const struct s_job exact_jobs_shorter[] = {
	{ 0, 660, 660, 4, NULL },
	{ 1, 600, 600, 8, NULL },
	{ 40, 540, 540, 4, NULL },
};

static void end_at_planned_start_conflicts(void **state)
{
	(void)state;
	struct h_run h;
	S_RUN(&h, two4, exact_jobs, 0, POLICY_SLURM, NULL);
	assert_true(h_start(&h, 1) == 660);
	assert_true(h_start(&h, 2) == 1260);
	h_free(&h);
	S_RUN(&h, two4, exact_jobs_shorter, 0, POLICY_SLURM, NULL);
	assert_true(h_start(&h, 2) == 60);
	assert_true(h_start(&h, 1) == 660);
	h_free(&h);
}

/* A (4 CPUs) runs to 1200; B (8 CPUs) can start then.  C (4 CPUs, 30 min)
 * fits n2 now but would delay B.  With the default window B is planned at
 * 1200 and C waits for it (1200 + 600 = 1800); with bf_window=5 minutes
 * B's start lies beyond the window, it gets no plan, and C starts at the
 * 60 s cycle, pushing B to C's end (60 + 1800 = 1860). */
static const struct s_job window_jobs[] = {
	{ 0, 1200, 1200, 4, NULL },
	{ 10, 600, 600, 8, NULL },
	{ 40, 1800, 1800, 4, NULL },
};

static void window_cuts_plans(void **state)
{
	(void)state;
	struct h_run h;
	S_RUN(&h, two4, window_jobs, 0, POLICY_SLURM, NULL);
	assert_true(h_start(&h, 1) == 1200);
	assert_true(h_start(&h, 2) == 1800);
	h_free(&h);
	struct slurm_conf c;
	conf_with(&c, "SchedulerParameters", "bf_window=5");
	S_RUN(&h, two4, window_jobs, 0, POLICY_SLURM, &c);
	assert_true(h_start(&h, 2) == 60);
	assert_true(h_start(&h, 1) == 1860);
	assert_int_equal(sched_slurm_why(&h.s, 1)->hold, SLURM_HOLD_WINDOW);
	h_free(&h);
}

/* Two dynamic 4-CPU nodes booting in 100 s.  A (5 s) and B (20 s) are
 * allocated a node each at once; ResumeProgram is called for both at the
 * power-saving thread's 30 s pass; they register at 130 and the jobs start
 * at the controller's periodic check at 150.  With that thread's ticks at
 * 10 + 30k, A's node resumes at 10 (ready 110, started at the 120 check)
 * and B's at 40 (ready 140, started at 150). */
static const struct h_queue dyn[] = { { "q", 0, { { "cpu4", 0, 2 } } } };
static const struct s_job dyn_jobs[] = {
	{ 5, 100, 120, 4, NULL },
	{ 20, 100, 120, 4, NULL },
};

static void resume_calls_batched(void **state)
{
	(void)state;
	struct h_run h;
	S_RUN(&h, dyn, dyn_jobs, 100, POLICY_SLURM, NULL);
	assert_int_equal(h.r.n_node_lives, 2);
	assert_true(h.r.node_lives[0].launch_ms == 30000);
	assert_true(h.r.node_lives[1].launch_ms == 30000);
	assert_true(h_start(&h, 0) == 150);
	assert_true(h_start(&h, 1) == 150);
	h_free(&h);
	struct slurm_conf c;
	slurm_conf_defaults(&c);
	c.power_phase_ms = 10000;
	S_RUN(&h, dyn, dyn_jobs, 100, POLICY_SLURM, &c);
	assert_true(h_start(&h, 0) == 120);
	assert_true(h_start(&h, 1) == 150);
	/* The research policies keep launches immediate. */
	h_free(&h);
	S_RUN(&h, dyn, dyn_jobs, 100, POLICY_FCFS, NULL);
	assert_true(h_start(&h, 0) == 105);
	h_free(&h);
}

/* An idle dynamic node is suspended on the power-saving thread's first
 * pass after SuspendTime (600 s): A ends at 150 + 100 = 250, so at 870. */
static void suspend_waits_for_the_thread(void **state)
{
	(void)state;
	static const struct s_job one[] = { { 5, 100, 120, 4, NULL } };
	struct h_run h;
	S_RUN(&h, dyn, one, 100, POLICY_SLURM, NULL);
	assert_true(h_end(&h, 0) == 250);
	assert_true(h.r.node_lives[0].end_ms == 870000);
	h_free(&h);
}

/* One static 4-CPU node.  alice's A runs from 0 to 600; alice's A2 (10 s)
 * and bob's B (20 s) wait.  FIFO runs A2 first.  With multifactor and only
 * the fair-share weight, priorities are recomputed every minute: alice's
 * usage (A's) gives her 2^-2, bob 1, so B runs at 600 and A2 at 900. */
static const struct h_queue one4[] = { { "q", 0, { { "cpu4", 1, 1 } } } };
static const struct s_job fair_jobs[] = {
	{ 0, 600, 600, 4, "alice" },
	{ 10, 300, 300, 4, "alice" },
	{ 20, 300, 300, 4, "bob" },
};

static void fairshare_reorders_users(void **state)
{
	(void)state;
	struct h_run h;
	S_RUN(&h, one4, fair_jobs, 0, POLICY_SLURM, NULL);
	assert_true(h_start(&h, 1) == 600);
	assert_true(h_start(&h, 2) == 900);
	h_free(&h);
	struct slurm_conf c;
	conf_with(&c, "PriorityType", "priority/multifactor");
	c.weight_fairshare = 1000;
	c.calc_period_ms = 60000;
	S_RUN(&h, one4, fair_jobs, 0, POLICY_SLURM, &c);
	assert_true(h_start(&h, 2) == 600);
	assert_true(h_start(&h, 1) == 900);
	h_free(&h);
}

/* Slurm keeps limits in whole minutes: a 30 s limit is 1 minute, so a job
 * that runs 50 s is not killed, and the plan behind it counts a minute. */
static void limits_round_up_to_minutes(void **state)
{
	(void)state;
	static const struct s_job jobs[] = { { 0, 50, 30, 4, NULL } };
	struct h_run h;
	S_RUN(&h, one4, jobs, 0, POLICY_SLURM, NULL);
	assert_true(h_end(&h, 0) == 50);
	assert_int_equal(h.r.jobs[0].state, JOB_ST_COMPLETED);
	h_free(&h);
	S_RUN(&h, one4, jobs, 0, POLICY_FCFS, NULL);
	assert_true(h_end(&h, 0) == 30);
	h_free(&h);
}

/* Without the controller's timers (the plain harness) the policy still
 * backfills only at its cycles: on four 1-CPU nodes A holds three until
 * 100, B (2 CPUs) waits, and C (1 CPU, 10 s), submitted at 2 s, starts at
 * the 30 s cycle on the free node, where EASY would start it at 2 s. */
static void cycles_without_controller_timers(void **state)
{
	(void)state;
	static const struct h_queue four[] = { { "q", 0, { { "cpu1", 4, 4 } } } };
	static const struct h_job jobs[] = {
		{ 0, 100, 100, 3, 0, NULL, 0, 0, 0 },
		{ 1, 10, 10, 2, 0, NULL, 0, 0, 0 },
		{ 2, 10, 10, 1, 0, NULL, 0, 0, 0 },
	};
	struct h_run h;
	H_RUN(&h, four, jobs, .policy = POLICY_SLURM);
	assert_true(h_start(&h, 2) == 30);
	assert_true(h_start(&h, 1) == 100);
	h_free(&h);
}

/* A job's record tells when it was last left pending, not when it
 * started.  Four 1-CPU nodes: A (2 CPUs) runs 0-100 s, G (1 CPU) 0-1000 s.
 * B (3 CPUs) is planned at 100 s on n0, n1 and n3, so at the 30 s cycle C
 * (1 CPU, 100 s) fits n3 but is held by B's plan.  B runs 100-110 s; F (4
 * CPUs) then blocks the main scheduler until G ends, and the 120 s cycle
 * backfills C.  C's record still says: held at 30 s by B's plan. */
static void record_keeps_the_last_hold(void **state)
{
	(void)state;
	static const struct h_queue four[] = { { "q", 0, { { "cpu1", 4, 4 } } } };
	static const struct s_job jobs[] = {
		{ 0, 100, 100, 2, NULL },      /* A */
		{ 0, 1000, 1000, 1, NULL },    /* G */
		{ 1, 10, 10, 3, NULL },        /* B */
		{ 1.5, 10, 10, 4, NULL },      /* F */
		{ 2, 100, 100, 1, NULL },      /* C */
	};
	struct h_run h;
	S_RUN(&h, four, jobs, 0, POLICY_SLURM, NULL);
	assert_true(h_start(&h, 2) == 100);
	assert_true(h_start(&h, 4) == 120);
	assert_true(h_start(&h, 3) == 1000);
	const struct slurm_why *w = sched_slurm_why(&h.s, 4);
	assert_int_equal(w->started_by, SLURM_START_BACKFILL);
	assert_true(w->tested_ms == 30000);
	assert_int_equal(w->hold, SLURM_HOLD_PLAN);
	assert_int_equal(w->blocker, 2);
	h_free(&h);
}

/* A cycle in which no pending job fits the free resources stops at once,
 * but the job --explain follows is still recorded as held by it: four
 * 1-CPU nodes, A (4 CPUs) runs 0-100 s, B (2 CPUs) submitted at 1 s is
 * held at the 30 s cycle (later cycles saw no change) and starts at 100 s. */
static void stopped_cycle_holds_the_followed_job(void **state)
{
	(void)state;
	static const struct h_queue four[] = { { "q", 0, { { "cpu1", 4, 4 } } } };
	static const struct s_job jobs[] = {
		{ 0, 100, 100, 4, NULL },
		{ 1, 10, 10, 2, NULL },
	};
	struct h_run h;
	S_RUN_FOLLOW(&h, four, jobs, 0, POLICY_SLURM, NULL, 2);
	assert_true(h_start(&h, 1) == 100);
	const struct slurm_why *w = sched_slurm_why(&h.s, 1);
	assert_true(w->tested_ms == 30000);
	assert_int_equal(w->hold, SLURM_HOLD_RESOURCES);
	h_free(&h);
}

/* Slurm tries a later start (later_start) at the end of the first slice
 * whose next one gains a node, looking from the test's start through the
 * first slice that begins after its end.  Five 1-CPU nodes: R1 (2 CPUs)
 * runs 0-1000 s on n0-n1, R2 (2) 0-2000 s on n2-n3.  At the 30 s cycle A
 * (2 CPUs, 3000 s) is planned 1000-4000 on n0-n1 and B (2, 5000 s)
 * 2000-7000 on n2-n3.  X (5, 1500 s) has 3 usable nodes over 30-1530; the
 * slice 1000-2000 gains none, but the one after it, 2000-4000, begins past
 * X's end and gains n0-n1 at 4000, so X is tried at 4000 (3 usable nodes
 * to 5500) and then at 7000, where it is planned on all five.  That plan
 * holds n4, so Y (1 CPU, 10^5 s), which fits n4 now, is not backfilled:
 * X starts at 7000 when B ends, and Y at 8500 after it.  (Looking only
 * for nodes free in every slice before the gain, as pclsim once did, X
 * found no plan, and Y ran first and held X back to 100030 s.) */
static void later_start_at_a_plans_end(void **state)
{
	(void)state;
	static const struct h_queue five[] = { { "q", 0, { { "cpu1", 5, 5 } } } };
	static const struct s_job jobs[] = {
		{ 0, 1000, 1000, 2, NULL },         /* R1 */
		{ 0, 2000, 2000, 2, NULL },         /* R2 */
		{ 1, 3000, 3000, 2, NULL },         /* A */
		{ 1, 5000, 5000, 2, NULL },         /* B */
		{ 1, 1500, 1500, 5, NULL },         /* X */
		{ 2, 100000, 100000, 1, NULL },     /* Y */
	};
	struct h_run h;
	S_RUN_FOLLOW(&h, five, jobs, 0, POLICY_SLURM, NULL, 5);
	assert_true(h_start(&h, 4) == 7000);
	assert_true(h_start(&h, 5) == 8500);
	/* At the last cycle before X starts (4020 s), B runs to its limit
	 * rounded up to 84 minutes. */
	const struct slurm_why *x = sched_slurm_why(&h.s, 4);
	assert_int_equal(x->hold, SLURM_HOLD_RESOURCES);
	assert_true(x->planned_ms == 7040000);
	h_free(&h);
}

/* A start found after the test's own run window is kept only if no later
 * plan holds its nodes then (Slurm's _test_resv_overlap); else the test
 * moves on.  Five 1-CPU nodes: R0 runs on n0 to 1980 s, R1 and R2 on n1-n2
 * to 960 s, R3 on n3 to 4980 s; n4 is free.  A (4 CPUs, 16 min) is planned
 * 1980-2940 on n0-n2 and n4.  X (3 CPUs, 25 min) fits n1, n2 and n4 at
 * 960 s, but its run to 2460 meets A's plan, so it is tried from 960
 * (one usable node) and then from A's end, and planned 2940-4440.  Y
 * (1 CPU, 20 min) fits n4 now and no plan holds it before 1230: it is
 * backfilled at 30 s; A starts at 1980 and X at 2940, when A ends.
 * (Keeping X at 960 would hold n4 from 960, and Y would wait.) */
static void plan_meeting_a_later_plan_moves_on(void **state)
{
	(void)state;
	static const struct h_queue five[] = { { "q", 0, { { "cpu1", 5, 5 } } } };
	static const struct s_job jobs[] = {
		{ 0, 1980, 1980, 1, NULL },         /* R0 */
		{ 0, 960, 960, 1, NULL },           /* R1 */
		{ 0, 960, 960, 1, NULL },           /* R2 */
		{ 0, 4980, 4980, 1, NULL },         /* R3 */
		{ 1, 960, 960, 4, NULL },           /* A */
		{ 1, 1500, 1500, 3, NULL },         /* X */
		{ 2, 1200, 1200, 1, NULL },         /* Y */
	};
	struct h_run h;
	S_RUN_FOLLOW(&h, five, jobs, 0, POLICY_SLURM, NULL, 6);
	assert_true(h_start(&h, 6) == 30);
	assert_true(h_start(&h, 4) == 1980);
	assert_true(h_start(&h, 5) == 2940);
	h_free(&h);
}

/* Single-CPU nodes take the word-at-a-time walk; the per-node walk must
 * give every job the same start.  Random mixes of widths and limits (six
 * traces) on 40 static and 24 dynamic one-CPU nodes exercise plans,
 * releases, starts within a cycle and powered-down nodes. */
static const struct h_queue ones[] = { { "q", 0, { { "cpu1", 40, 64 } } } };
static const struct h_queue fours[] = { { "q", 0, { { "cpu4", 10, 16 } } } };

enum { N_RANDOM = 400 };

/* A random mix of widths (up to max_cpus, a quarter of the jobs wide) and
 * limits, arriving faster than the nodes can take them; seed picks one. */
static void random_jobs(struct s_job *jobs, int max_cpus, uint64_t seed)
{
	uint64_t x = 88172645463325252ull ^ seed;
	double t = 0;
	for (int i = 0; i < N_RANDOM; i++) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		t += (double)(x % 90);
		double run = 60 + (double)((x >> 8) % 3000);
		int cpus = (x >> 20) % 4 == 0 ? 1 + (int)((x >> 24) % (uint64_t)max_cpus) :
			   1 + (int)((x >> 24) % 6);
		jobs[i] = (struct s_job){ t, run, run + (double)((x >> 32) % 1800),
					  cpus, NULL };
	}
}

/* Runs jobs on the first queue of qa (na queues) with settings ca and of
 * qb with cb; every job starts at the same time, and the case has work for
 * the backfill, or it would prove nothing. */
static void same_starts(const struct h_queue *qa, int na,
			const struct h_queue *qb, int nb,
			const struct s_job *jobs, const struct slurm_conf *ca,
			const struct slurm_conf *cb)
{
	struct h_run a, b;
	s_run(&a, qa, na, jobs, N_RANDOM, 120, POLICY_SLURM, ca, 0);
	s_run(&b, qb, nb, jobs, N_RANDOM, 120, POLICY_SLURM, cb, 0);
	int backfilled = 0;
	for (int i = 0; i < N_RANDOM; i++) {
		assert_true(h_start(&a, i) == h_start(&b, i));
		backfilled += sched_slurm_why(&a.s, i)->started_by ==
			      SLURM_START_BACKFILL;
	}
	assert_true(backfilled > 20);
	h_free(&a);
	h_free(&b);
}

static const struct h_queue ones_static[] = { { "q", 0, { { "cpu1", 64, 64 } } } };
static const struct h_queue fours_static[] = { { "q", 0, { { "cpu4", 16, 16 } } } };

/* The jobs held by a plan name the same plan in both runs; returns how
 * many were.  (Other holds may differ: the word walk plans deferred jobs
 * only as far as a job that may start needs, the node walk all of them.) */
static int same_blockers(const struct h_queue *q, const struct s_job *jobs,
			 const struct slurm_conf *ca,
			 const struct slurm_conf *cb)
{
	struct h_run a, b;
	s_run(&a, q, 1, jobs, N_RANDOM, 120, POLICY_SLURM, ca, 0);
	s_run(&b, q, 1, jobs, N_RANDOM, 120, POLICY_SLURM, cb, 0);
	int held = 0;
	for (int i = 0; i < N_RANDOM; i++) {
		const struct slurm_why *x = sched_slurm_why(&a.s, i);
		const struct slurm_why *y = sched_slurm_why(&b.s, i);
		assert_int_equal(x->blocker, y->blocker);
		held += x->blocker >= 0;
	}
	h_free(&a);
	h_free(&b);
	return held;
}

/* On one-CPU nodes, with static nodes, a blocked job's blocker comes from
 * the plans' ranks among the free nodes; the node walk picks the job's
 * nodes and tests each plan's. */
static void word_walk_matches_node_walk(void **state)
{
	(void)state;
	static struct s_job jobs[N_RANDOM];
	struct slurm_conf words, nodes;
	slurm_conf_defaults(&words);
	slurm_conf_defaults(&nodes);
	nodes.node_walk = 1;
	int held = 0;
	for (uint64_t seed = 0; seed < 6; seed++) {
		random_jobs(jobs, 64, seed);
		same_starts(ones, 1, ones, 1, jobs, &words, &nodes);
		held += same_blockers(ones_static, jobs, &words, &nodes);
	}
	assert_true(held > 20);
}

/* A deferred job whose plan cannot meet the run of a job that may start
 * now is planned after that job's test, and so are those left once the
 * plans made keep that job from starting; planning every deferred job first
 * must give every job the same start, on one-CPU and on 4-CPU nodes, static
 * only (always deferred) and with dynamic ones (deferred while all are
 * up), over twelve random traces (a deferral that waited on the slices'
 * node counts alone, unsound because a start made meanwhile changes which
 * nodes the deferred plan takes, first failed on the twelfth). */

static void deferred_plans_change_no_start(void **state)
{
	(void)state;
	static struct s_job jobs[N_RANDOM];
	struct slurm_conf lazy, all;
	slurm_conf_defaults(&lazy);
	slurm_conf_defaults(&all);
	all.plan_all = 1;
	for (uint64_t seed = 0; seed < 12; seed++) {
		random_jobs(jobs, seed < 3 ? 64 : 40, seed);
		same_starts(ones, 1, ones, 1, jobs, &lazy, &all);
		same_starts(fours, 1, fours, 1, jobs, &lazy, &all);
		same_starts(ones_static, 1, ones_static, 1, jobs, &lazy, &all);
		same_starts(fours_static, 1, fours_static, 1, jobs, &lazy, &all);
	}
}

/* The backfill's scratch is sized for the largest partition and each
 * partition's bitmaps for itself: a larger queue that no job uses changes
 * no start on a smaller one (and the _san build sees no walk read past the
 * small one's bitmaps), on 4-CPU and on one-CPU nodes. */
static const struct h_queue fours_big[] = {
	{ "q", 0, { { "cpu4", 10, 16 } } },
	{ "big", 0, { { "cpu4", 300, 300 } } },
};
static const struct h_queue ones_big[] = {
	{ "q", 0, { { "cpu1", 40, 64 } } },
	{ "big", 0, { { "cpu4", 300, 300 } } },
};

static void smaller_partition_than_the_largest(void **state)
{
	(void)state;
	static struct s_job jobs[N_RANDOM];
	random_jobs(jobs, 64, 0);
	same_starts(fours, 1, fours_big, 2, jobs, NULL, NULL);
	same_starts(ones, 1, ones_big, 2, jobs, NULL, NULL);
}

/* A job left pending is planned only when a later job could start in the
 * same cycle, unless --explain follows it: following gives it a planned
 * start and changes no job's start. */
static void following_changes_no_start(void **state)
{
	(void)state;
	struct h_run a, b;
	S_RUN(&a, two4, narrow, 0, POLICY_SLURM, NULL);
	S_RUN_FOLLOW(&b, two4, narrow, 0, POLICY_SLURM, NULL, 4);
	for (int i = 0; i < 4; i++)
		assert_true(h_start(&a, i) == h_start(&b, i));
	/* N (id 4) fits now but is held, and nothing after it could start:
	 * planned only when followed, at 1200 s (B's end frees n2 whole). */
	assert_int_equal(sched_slurm_why(&a.s, 3)->planned_ms, -1);
	assert_true(sched_slurm_why(&b.s, 3)->planned_ms == 1200000);
	assert_int_equal(sched_slurm_why(&b.s, 3)->hold, SLURM_HOLD_PLAN);
	assert_int_equal(sched_slurm_follow(&b.s, 99), -1);
	h_free(&a);
	h_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(narrow_job_held_by_whole_node_plan),
		cmocka_unit_test(backfill_only_at_the_cycle),
		cmocka_unit_test(resolution_rounds_plans_down),
		cmocka_unit_test(end_at_planned_start_conflicts),
		cmocka_unit_test(window_cuts_plans),
		cmocka_unit_test(resume_calls_batched),
		cmocka_unit_test(suspend_waits_for_the_thread),
		cmocka_unit_test(fairshare_reorders_users),
		cmocka_unit_test(limits_round_up_to_minutes),
		cmocka_unit_test(cycles_without_controller_timers),
		cmocka_unit_test(record_keeps_the_last_hold),
		cmocka_unit_test(stopped_cycle_holds_the_followed_job),
		cmocka_unit_test(later_start_at_a_plans_end),
		cmocka_unit_test(plan_meeting_a_later_plan_moves_on),
		cmocka_unit_test(word_walk_matches_node_walk),
		cmocka_unit_test(deferred_plans_change_no_start),
		cmocka_unit_test(smaller_partition_than_the_largest),
		cmocka_unit_test(following_changes_no_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
