/*
 * The fleet in whole runs (models/fleet_slurm.c through sim/run.c), with
 * fixed seeds: the observed Spot interruption rate against the configured
 * hazard, none On-Demand, requeued jobs ending later by their lost work,
 * checkpoints keeping work, an insufficient-capacity failure disabling its
 * compute resource for exactly the timeout and the job failing over,
 * protected mode, resume calls batched every 30 s, the launched type of a
 * flexible compute resource, byte-identical JSON for one seed, and
 * replications on two threads equal to sequential runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <math.h>

#include "models/catalog/catalog.h"
#include "models/fleet.h"
#include "models/spot.h"
#include "sim/diag.h"
#include "sim/results_json.h"
#include "sim/run.h"
#include "sim/run_reps.h"
#include "sim/run_results.h"
#include "sim/stats.h"

#define FIX PCLSIM_SOURCE_DIR "/tests/fixtures/fleet/"

/* A temporary file holding text; the caller unlinks it. */
static void temp_file(char *path, size_t size, const char *text)
{
	snprintf(path, size, "/tmp/pclsim-fleet-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* n_jobs one-node jobs of run_h hours, all submitted at t = 0 (they run
 * back to back on the static nodes). */
static void long_trace(char *path, size_t size, int n_jobs, double run_h)
{
	size_t cap = 64 + (size_t)n_jobs * 48;
	char *buf = malloc(cap), *p = buf;
	assert_non_null(buf);
	p += sprintf(p, "job_id,submit,runtime,cpus\n");
	for (int i = 1; i <= n_jobs; i++)
		p += sprintf(p, "%d,0,%.0f,2\n", i, run_h * 3600);
	temp_file(path, size, buf);
	free(buf);
}

static void run_ok(struct run_opts *o, struct run_world *w)
{
	struct diags d;
	diags_init(&d);
	int rc = run_execute(o, w, &d);
	if (rc)
		diags_print(&d, stderr);
	diags_free(&d);
	assert_int_equal(rc, 0);
}

static void opts(struct run_opts *o, const char *config, const char *trace,
		 const char *scenario)
{
	run_opts_init(o);
	o->config_path = config;
	o->trace_path = trace;
	o->scenario_path = scenario;
	o->check = 1;
}

/* Instance-hours the Spot lives were exposed (launch to end). */
static double exposure_h(const struct run_result *r)
{
	double h = 0;
	for (size_t i = 0; i < r->n_node_lives; i++) {
		const struct node_record *l = &r->node_lives[i];
		h += (double)(l->end_ms - l->launch_ms) / 3600000.0;
	}
	return h;
}

static size_t spot_ended(const struct run_result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_node_lives; i++)
		n += r->node_lives[i].end_reason == NODE_END_SPOT;
	return n;
}

/* The configured hazard of the fixture's pool: the Advisor bucket of
 * c6i.large in us-east-1 through docs/fleet.md's mapping, times the
 * scenario's multiplier. */
static double configured_hazard(const struct run_world *w)
{
	const struct instance_type *it = catalog_instance(w->catalog, "c6i.large");
	assert_non_null(it);
	struct instance_price pr;
	assert_int_equal(catalog_price(w->catalog, it, "us-east-1", &pr), 0);
	return spot_hazard_per_hour(&w->scenario.fleet.spot, pr.spot_bucket);
}

/* 20 static Spot nodes busy for about 10,000 node-hours: the number of
 * interruptions lies in the 95 % interval of a Poisson count with the
 * configured hazard over the exposure; requeued jobs end later than their
 * On-Demand twins by at least the work they lost; On-Demand sees none. */
static void test_interruption_rate(void **state)
{
	(void)state;
	char trace[64], scen[64];
	long_trace(trace, sizeof trace, 2000, 5.0);
	temp_file(scen, sizeof scen, "seed: 11\nspot: {rate_multiplier: 200}\n");
	struct run_opts o;
	opts(&o, FIX "spot-static.yaml", trace, scen);
	struct run_world w;
	run_ok(&o, &w);
	const struct run_result *r = &w.result;
	double h = configured_hazard(&w);
	double e = exposure_h(r);
	double expect = h * e;
	assert_true(e > 9000 && e < 20000);
	assert_true(expect > 100);
	double n = (double)r->n_spot_interruptions;
	assert_true(fabs(n - expect) <= 1.96 * sqrt(expect));
	assert_int_equal(spot_ended(r), r->n_spot_interruptions);
	assert_true(r->n_requeues > 0);

	/* The same cluster On-Demand: no interruption, no requeue. */
	struct config_override od = {
		"Scheduling.SlurmQueues[0].CapacityType", "ONDEMAND" };
	struct run_opts o2;
	opts(&o2, FIX "spot-static.yaml", trace, scen);
	o2.overrides = &od;
	o2.n_overrides = 1;
	struct run_world w2;
	run_ok(&o2, &w2);
	assert_int_equal(w2.result.n_spot_interruptions, 0);
	assert_int_equal(w2.result.n_requeues, 0);
	assert_int_equal(spot_ended(&w2.result), 0);

	/* A requeued job: its end is later than its pure run time after its
	 * submission by at least the work it lost. */
	size_t checked = 0;
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct job_record *j = &r->jobs[i], *t = &w2.result.jobs[i];
		assert_true(t->requeues == 0 && t->lost_ms == 0);
		if (j->requeues == 0 || j->state != JOB_ST_COMPLETED)
			continue;
		assert_true(j->lost_ms > 0);
		int64_t pure = t->end_ms - t->start_ms;
		assert_true(j->end_ms - j->submit_ms >= pure + j->lost_ms);
		checked++;
	}
	assert_true(checked > 10);
	run_world_free(&w);
	run_world_free(&w2);
	unlink(trace);
	unlink(scen);
}

/* Hourly checkpoints: jobs keep the work before their last checkpoint, so
 * less is lost than without, and a requeued job's last attempt is shorter
 * than the whole job. */
static void test_checkpoints_keep_work(void **state)
{
	(void)state;
	char trace[64], plain[64], ckpt[64];
	long_trace(trace, sizeof trace, 200, 5.0);
	temp_file(plain, sizeof plain, "seed: 3\nspot: {rate_multiplier: 1000}\n");
	temp_file(ckpt, sizeof ckpt, "seed: 3\nspot: {rate_multiplier: 1000}\n"
		  "checkpoint: {interval_s: 3600}\n");
	struct run_opts o;
	struct run_world a, b;
	opts(&o, FIX "spot-static.yaml", trace, plain);
	run_ok(&o, &a);
	opts(&o, FIX "spot-static.yaml", trace, ckpt);
	run_ok(&o, &b);
	int64_t lost_a = 0, lost_b = 0;
	size_t shorter = 0;
	for (size_t i = 0; i < a.result.n_jobs; i++) {
		lost_a += a.result.jobs[i].lost_ms;
		lost_b += b.result.jobs[i].lost_ms;
		const struct job_record *j = &b.result.jobs[i];
		if (j->requeues > 0 && j->state == JOB_ST_COMPLETED &&
		    j->end_ms - j->start_ms < 5 * 3600000 - 60000)
			shorter++;
	}
	assert_true(a.result.n_requeues > 5 && b.result.n_requeues > 5);
	assert_true(lost_b < lost_a);
	assert_true(shorter > 0);
	run_world_free(&a);
	run_world_free(&b);
	unlink(trace);
	unlink(plain);
	unlink(ckpt);
}

/* Jobs submitted with --no-requeue end NODE_FAIL when their node is
 * interrupted, at clustermgtd's pass after the interruption. */
static void test_no_requeue(void **state)
{
	(void)state;
	char trace[64], scen[64];
	size_t cap = 64 + 200 * 32;
	char *buf = malloc(cap), *p = buf;
	assert_non_null(buf);
	p += sprintf(p, "job_id,submit,runtime,cpus,no_requeue\n");
	for (int i = 1; i <= 200; i++)
		p += sprintf(p, "%d,0,18000,2,1\n", i);
	temp_file(trace, sizeof trace, buf);
	free(buf);
	temp_file(scen, sizeof scen, "seed: 2\nspot: {rate_multiplier: 1000}\n");
	struct run_opts o;
	opts(&o, FIX "spot-static.yaml", trace, scen);
	struct run_world w;
	run_ok(&o, &w);
	const struct run_result *r = &w.result;
	assert_int_equal(r->n_requeues, 0);
	size_t failed = 0;
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct job_record *j = &r->jobs[i];
		assert_int_equal(j->requeues, 0);
		if (j->state != JOB_ST_NODE_FAIL)
			continue;
		failed++;
		assert_true(j->end_ms % 60000 == 0);   /* a clustermgtd pass */
		assert_true(j->end_ms - j->start_ms < 18000000);
	}
	assert_true(failed > 0);
	assert_true(failed <= r->n_spot_interruptions);
	run_world_free(&w);
	unlink(trace);
	unlink(scen);
}

/* Instances that vanish faster than they boot: the job is requeued up to
 * requeue.max_per_job times, then ends NODE_FAIL, and the run ends. */
static void test_requeue_bound(void **state)
{
	(void)state;
	char trace[64], scen[64];
	temp_file(trace, sizeof trace, "job_id,submit,runtime,cpus\n1,0,18000,2\n");
	temp_file(scen, sizeof scen, "spot: {rate_multiplier: 1000000}\n"
		  "requeue: {max_per_job: 7}\n");
	struct run_opts o;
	opts(&o, FIX "spot-static.yaml", trace, scen);
	struct run_world w;
	run_ok(&o, &w);
	assert_int_equal(w.result.jobs[0].state, JOB_ST_NODE_FAIL);
	assert_int_equal(w.result.jobs[0].requeues, 7);
	assert_int_equal(w.result.n_requeues, 7);
	run_world_free(&w);
	unlink(trace);
	unlink(scen);
}

/* A job whose instance vanished cannot complete before clustermgtd
 * notices: the checker (on in every run here) finds every completed job
 * inside its nodes' lives.  Seed 3 of the demo config made job 35 end on
 * a vanished instance before the fix. */
static void test_no_completion_on_vanished_node(void **state)
{
	(void)state;
	char scen[64];
	temp_file(scen, sizeof scen, "seed: 3\nspot: {rate_multiplier: 3000}\n");
	struct run_opts o;
	opts(&o, PCLSIM_SOURCE_DIR "/configs/examples/article-spot-fsx.yaml",
	     PCLSIM_SOURCE_DIR "/workloads/examples/small.csv", scen);
	struct run_world w;
	run_ok(&o, &w);
	assert_true(w.result.n_spot_interruptions > 0);
	assert_int_equal(w.violations, 0);
	run_world_free(&w);
	unlink(scen);
}

static const struct result_event *find_event(const struct run_result *r,
					     enum result_event_kind k,
					     size_t from)
{
	for (size_t i = from; i < r->n_events; i++)
		if (r->events[i].kind == k)
			return &r->events[i];
	return NULL;
}

/* The first compute resource has no capacity: its launch fails at the
 * first resume call (t = 30 s), the resource is disabled for exactly the
 * timeout, and the jobs fail over to the second one and complete there. */
static void test_ice_disables_cr_for_timeout(void **state)
{
	(void)state;
	char scen[64];
	temp_file(scen, sizeof scen,
		  "capacity: {insufficient_capacity_timeout_s: 600}\n"
		  "spot:\n  pools:\n"
		  "    - {instance_type: c5.large, launch_fail_prob: 0.999999}\n");
	struct run_opts o;
	opts(&o, FIX "two-crs.yaml", FIX "small-jobs.csv", scen);
	struct run_world w;
	run_ok(&o, &w);
	const struct run_result *r = &w.result;
	const struct result_event *fail = find_event(r, EV_LAUNCH_FAIL, 0);
	const struct result_event *off = find_event(r, EV_CR_DISABLED, 0);
	const struct result_event *on = find_event(r, EV_CR_ENABLED, 0);
	assert_non_null(fail);
	assert_non_null(off);
	assert_non_null(on);
	assert_true(fail->time_ms == 30000);
	assert_true(off->time_ms == 30000);
	assert_true(on->time_ms - off->time_ms == 600000);
	assert_int_equal(on->detail, off->detail);
	assert_true(r->n_launch_failures >= 2);
	for (size_t i = 0; i < r->n_jobs; i++) {
		assert_int_equal(r->jobs[i].state, JOB_ST_COMPLETED);
		assert_int_equal(r->jobs[i].cr, 1);       /* "second" */
	}
	assert_true(r->jobs[0].requeues == 1);
	/* No instance of the failed type was ever billed. */
	for (size_t i = 0; i < r->n_node_lives; i++)
		assert_string_equal(r->node_lives[i].instance_type, "m5.large");
	run_world_free(&w);
	unlink(scen);
}

/* Every instance fails to bootstrap: after protected_failure_count of
 * them the partition starts nothing more, and the run still ends. */
static void test_protected_mode(void **state)
{
	(void)state;
	char scen[64];
	temp_file(scen, sizeof scen,
		  "capacity: {bootstrap_fail_prob: 0.999999, "
		  "protected_failure_count: 3}\n");
	struct run_opts o;
	opts(&o, FIX "two-crs.yaml", FIX "small-jobs.csv", scen);
	o.check = 0;
	struct run_world w;
	run_ok(&o, &w);
	const struct run_result *r = &w.result;
	assert_true(r->n_launch_failures >= 3);
	for (size_t i = 0; i < r->n_jobs; i++)
		assert_int_equal(r->jobs[i].state, JOB_ST_PENDING);
	/* Failed instances were billed until ResumeTimeout (1800 s). */
	for (size_t i = 0; i < r->n_node_lives; i++) {
		const struct node_record *l = &r->node_lives[i];
		assert_int_equal(l->end_reason, NODE_END_LAUNCH_FAIL);
		assert_true(l->end_ms - l->launch_ms == 1800000);
		assert_true(l->ready_ms < 0);
	}
	run_world_free(&w);
	unlink(scen);
}

/* A fixed 100 s boot with 30 s resume calls: the nodes allocated at 20 s
 * and 25 s are launched together at 30 s, the one allocated at 31 s at
 * 60 s; each registers 100 s after its launch, and (slurm, the default
 * policy) its job starts at the controller's next 30 s periodic check. */
static void test_resume_batches(void **state)
{
	(void)state;
	char scen[64];
	temp_file(scen, sizeof scen,
		  "boot: {latency_s: 100, resume_interval_s: 30}\n");
	struct run_opts o;
	opts(&o, FIX "two-crs.yaml", FIX "small-jobs.csv", scen);
	struct run_world w;
	run_ok(&o, &w);
	const struct run_result *r = &w.result;
	assert_true(r->n_node_lives >= 3);
	assert_true(r->node_lives[0].launch_ms == 30000);
	assert_true(r->node_lives[1].launch_ms == 30000);
	assert_true(r->node_lives[2].launch_ms == 60000);
	for (size_t i = 0; i < 3; i++)
		assert_true(r->node_lives[i].ready_ms ==
			    r->node_lives[i].launch_ms + 100000);
	assert_true(r->jobs[0].start_ms == 150000);
	assert_true(r->jobs[2].start_ms == 180000);
	run_world_free(&w);
	unlink(scen);
}

/* A queue with an OnNodeStart script: its run time from the scenario is
 * added to every boot; OnNodeConfigured's is not (the queue has none). */
static void test_custom_actions(void **state)
{
	(void)state;
	char scen[64];
	temp_file(scen, sizeof scen,
		  "boot: {latency_s: 100, resume_interval_s: 30, "
		  "on_node_start_s: 40, on_node_configured_s: 500}\n");
	struct run_opts o;
	opts(&o, FIX "custom-actions.yaml", FIX "small-jobs.csv", scen);
	struct run_world w;
	run_ok(&o, &w);
	const struct run_result *r = &w.result;
	for (size_t i = 0; i < r->n_node_lives; i++)
		assert_true(r->node_lives[i].ready_ms ==
			    r->node_lives[i].launch_ms + 140000);
	/* Up at 170 s; started at the controller's periodic check (slurm,
	 * the default policy). */
	assert_true(r->jobs[0].start_ms == 180000);
	run_world_free(&w);
	/* The same scenario on the queue without the script. */
	opts(&o, FIX "two-crs.yaml", FIX "small-jobs.csv", scen);
	run_ok(&o, &w);
	assert_true(w.result.jobs[0].start_ms == 150000);
	run_world_free(&w);
	unlink(scen);
}

/* A flexible compute resource launches the first type of its allocation
 * strategy's order: cheapest Spot price, best Advisor bucket, cheapest
 * within one bucket of the best. */
static void test_flexible_type(void **state)
{
	(void)state;
	static const struct { const char *strategy, *type; } cases[] = {
		{ "lowest-price", "c7i.large" },
		{ "capacity-optimized", "c5.large" },
		{ "price-capacity-optimized", "c6i.large" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct config_override set = {
			"Scheduling.SlurmQueues[0].AllocationStrategy",
			cases[k].strategy };
		struct run_opts o;
		opts(&o, FIX "flex.yaml", FIX "small-jobs.csv", NULL);
		o.overrides = &set;
		o.n_overrides = 1;
		struct run_world w;
		run_ok(&o, &w);
		assert_true(w.result.n_node_lives > 0);
		for (size_t i = 0; i < w.result.n_node_lives; i++)
			assert_string_equal(w.result.node_lives[i].instance_type,
					    cases[k].type);
		run_world_free(&w);
	}
}

/* The JSON document of one run, in memory. */
static char *run_json(const char *scenario, uint32_t replication, size_t *len)
{
	struct run_opts o;
	opts(&o, FIX "two-crs.yaml", FIX "small-jobs.csv", scenario);
	o.replication = replication;
	struct run_world w;
	run_ok(&o, &w);
	struct run_stats st;
	assert_int_equal(run_stats_compute(&w.result, &st), 0);
	struct run_results rr;
	struct diags d;
	diags_init(&d);
	assert_int_equal(run_results_build(&w, &o, &st, NULL, &rr, &d), 0);
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	assert_non_null(f);
	assert_int_equal(results_json_emit(f, &rr.res), 0);
	fclose(f);
	run_results_free(&rr);
	diags_free(&d);
	run_stats_free(&st);
	run_world_free(&w);
	return buf;
}

static void test_same_seed_same_json(void **state)
{
	(void)state;
	char scen[64];
	temp_file(scen, sizeof scen, "seed: 5\nspot: {rate_multiplier: 5000}\n");
	size_t la, lb, lc;
	char *a = run_json(scen, 0, &la), *b = run_json(scen, 0, &lb);
	char *c = run_json(scen, 1, &lc);
	assert_true(la == lb && memcmp(a, b, la) == 0);
	/* The record says which fleet the run had. */
	assert_non_null(strstr(a, "\"spot.rate_multiplier\": \"5000\""));
	assert_non_null(strstr(a, "\"boot.median_s\": \"264\""));
	/* Another replication draws other boots: the document differs. */
	assert_false(la == lc && memcmp(a, c, la) == 0);
	free(a);
	free(b);
	free(c);
	unlink(scen);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 22);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 22, f);
	fclose(f);
	return buf;
}

/* --replications 8 on 2 threads: the same document as on one thread, and
 * replication r's figures are those of a single run with index r. */
static void test_replications_threads(void **state)
{
	(void)state;
	char scen[64];
	temp_file(scen, sizeof scen, "spot: {rate_multiplier: 5000}\n");
	struct run_opts o;
	opts(&o, FIX "two-crs.yaml", FIX "small-jobs.csv", scen);
	struct run_reps one, two;
	assert_int_equal(run_reps_execute(&o, 8, 1, NULL, &one), 0);
	assert_int_equal(run_reps_execute(&o, 8, 2, NULL, &two), 0);
	char pa[] = "/tmp/pclsim-reps-a.json", pb[] = "/tmp/pclsim-reps-b.json";
	char err[256];
	assert_int_equal(run_reps_write(&one, pa, NULL, err, sizeof err), 0);
	assert_int_equal(run_reps_write(&two, pb, NULL, err, sizeof err), 0);
	size_t la, lb;
	char *a = slurp(pa, &la), *b = slurp(pb, &lb);
	assert_true(la == lb && memcmp(a, b, la) == 0);
	int differ = 0;
	for (uint32_t r = 0; r < 8; r++) {
		struct run_opts s = o;
		s.replication = r;
		struct run_world w;
		run_ok(&s, &w);
		struct run_stats st;
		assert_int_equal(run_stats_compute(&w.result, &st), 0);
		assert_true(fabs((double)st.makespan_ms / 1000.0 -
				 two.reps[r].m.makespan_s) < 1e-9);
		assert_true(st.wait_s.mean == two.reps[r].m.wait_mean_s);
		differ |= two.reps[r].m.makespan_s != two.reps[0].m.makespan_s;
		run_stats_free(&st);
		run_world_free(&w);
	}
	assert_true(differ);
	assert_int_equal(two.summary.n, 8);
	assert_true(two.summary.makespan_s.half_width > 0);
	free(a);
	free(b);
	unlink(pa);
	unlink(pb);
	run_reps_free(&one);
	run_reps_free(&two);
	unlink(scen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interruption_rate),
		cmocka_unit_test(test_checkpoints_keep_work),
		cmocka_unit_test(test_no_requeue),
		cmocka_unit_test(test_requeue_bound),
		cmocka_unit_test(test_no_completion_on_vanished_node),
		cmocka_unit_test(test_ice_disables_cr_for_timeout),
		cmocka_unit_test(test_protected_mode),
		cmocka_unit_test(test_resume_batches),
		cmocka_unit_test(test_custom_actions),
		cmocka_unit_test(test_flexible_type),
		cmocka_unit_test(test_same_seed_same_json),
		cmocka_unit_test(test_replications_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
