/*
 * The run as a whole: the scenario loader (sections, defaults, errors with
 * positions), queue mapping, the human durations, the per-job CSV, a real
 * run of the demo config and trace, and the peer-input replays (with the
 * invariant checker on) when the reference data is present.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "configs/scenario.h"
#include "sim/diag.h"
#include "sim/jobs_csv.h"
#include "sim/report.h"
#include "sim/run.h"
#include "sim/stats.h"

#define SRC PCLSIM_SOURCE_DIR "/"
#define PEER PCLSIM_REF_DIR "/traces/peer-inputs/"

static void test_scenario_defaults_and_sections(void **state)
{
	(void)state;
	struct scenario s;
	struct diags d;
	diags_init(&d);
	scenario_defaults(&s);
	assert_int_equal(s.policy, POLICY_SLURM);
	assert_true(s.boot_latency_ms == 279000);
	static const char y[] =
		"seed: 7\n"
		"scheduler: {policy: conservative}\n"
		"boot:\n  latency_s: 12.5\n"
		"timeseries: {interval_s: 5}\n";
	assert_int_equal(scenario_load_buffer("s.yaml", y, strlen(y), &s, &d), 0);
	assert_true(s.seed == 7);
	assert_int_equal(s.policy, POLICY_CONSERVATIVE);
	assert_true(s.boot_latency_ms == 12500);
	assert_true(s.sample_interval_ms == 5000);
	assert_string_equal(s.path, "s.yaml");
	scenario_free(&s);
	diags_free(&d);
}

static void expect_error(const char *yaml, const char *text, int line, int col)
{
	struct scenario s;
	struct diags d;
	diags_init(&d);
	scenario_defaults(&s);
	assert_int_equal(scenario_load_buffer("bad.yaml", yaml, strlen(yaml), &s, &d), -1);
	const struct diag *e = diags_first_error(&d);
	assert_non_null(e);
	if (!strstr(e->text, text))
		fail_msg("'%s' lacks '%s'", e->text, text);
	assert_int_equal(e->line, line);
	assert_int_equal(e->col, col);
	scenario_free(&s);
	diags_free(&d);
}

static void test_scenario_errors(void **state)
{
	(void)state;
	expect_error("scheduler:\n  polcy: easy\n", "scheduler.polcy: unknown key", 2, 3);
	expect_error("fleet: {}\n", "fleet: unknown section", 1, 1);
	expect_error("scheduler: {policy: sjf}\n", "unknown policy 'sjf'", 1, 21);
	expect_error("boot: {latency_s: -3}\n", "boot.latency_s", 1, 19);
	expect_error("seed: 1.5\n", "whole number", 1, 7);
	expect_error("boot: [1]\n", "expected a mapping", 1, 7);
}

static void test_durations(void **state)
{
	(void)state;
	char b[32];
	report_duration(42, b, sizeof b);
	assert_string_equal(b, "42s");
	report_duration(725, b, sizeof b);
	assert_string_equal(b, "12m 05s");
	report_duration(3 * 3600 + 12 * 60 + 9, b, sizeof b);
	assert_string_equal(b, "3h 12m");
	report_duration(86400 + 2 * 3600 + 3 * 60 + 4, b, sizeof b);
	assert_string_equal(b, "1d 02:03:04");
}

static void test_jobs_csv(void **state)
{
	(void)state;
	struct job_record jobs[2] = {
		{ .job_id = 7, .queue = 0, .submit_ms = 1500, .start_ms = 2000,
		  .end_ms = 62000, .wait_ms = 500, .cpus = 4, .nodes = 2,
		  .io_ms = 12250, .comm_ms = 3000, .lost_ms = 40001,
		  .requeues = 1, .state = JOB_ST_COMPLETED },
		{ .job_id = 8, .queue = 1, .submit_ms = 3000, .start_ms = -1,
		  .end_ms = -1, .wait_ms = -1, .cpus = 64, .state = JOB_ST_REJECTED },
	};
	char *names[] = { "a", "b" };
	struct run_result r = { .jobs = jobs, .n_jobs = 2, .queue_names = names,
				.n_queues = 2 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	jobs_csv_print(f, &r, 0);
	fclose(f);
	assert_string_equal(buf,
		"job_id,queue,submit_s,start_s,end_s,wait_s,cpus,nodes,state,requeues,cost_usd,io_s,comm_s,lost_s\n"
		"7,a,1.500,2,62,0.500,4,2,COMPLETED,1,,12.250,3,40.001\n"
		"8,b,3,,,,64,0,REJECTED,0,,0,0,0\n");
	free(buf);
}

static void test_queue_map(void **state)
{
	(void)state;
	struct slurm_queue qs[2] = { { .name = "spot" }, { .name = "od" } };
	struct cluster c = { .queues = qs, .n_queues = 2 };
	struct trace t;
	trace_init(&t);
	struct job j;
	job_init(&j);
	const char *parts[] = { "od", "batch", "gpu", NULL };
	for (int i = 0; i < 4; i++) {
		j.id = i + 1;
		j.partition = parts[i] ? strtab_intern(&t.strings, parts[i],
						       strlen(parts[i])) : JOB_NO_STR;
		assert_int_equal(trace_push(&t, &j), 0);
	}
	struct queue_map maps[] = { { "batch", "od" } };
	int32_t q[4];
	struct diags d;
	diags_init(&d);
	assert_int_equal(run_map_queues(&c, &t, maps, 1, q, &d), 0);
	assert_int_equal(q[0], 1);
	assert_int_equal(q[1], 1);   /* mapped */
	assert_int_equal(q[2], 0);   /* unknown: default queue */
	assert_int_equal(q[3], 0);   /* none given */
	struct queue_map bad[] = { { "batch", "nosuch" } };
	assert_int_equal(run_map_queues(&c, &t, bad, 1, q, &d), -1);
	assert_non_null(strstr(diags_first_error(&d)->text, "nosuch"));
	diags_free(&d);
	trace_free(&t);
}

/* With one queue every job goes to it without its partition being read;
 * a --queue-map to a queue the config lacks is still refused. */
static void test_queue_map_one_queue(void **state)
{
	(void)state;
	struct slurm_queue qs[1] = { { .name = "only" } };
	struct cluster c = { .queues = qs, .n_queues = 1 };
	struct trace t;
	trace_init(&t);
	struct job j;
	job_init(&j);
	const char *parts[] = { "only", "other", NULL };
	for (int i = 0; i < 3; i++) {
		j.id = i + 1;
		j.partition = parts[i] ? strtab_intern(&t.strings, parts[i],
						       strlen(parts[i])) : JOB_NO_STR;
		assert_int_equal(trace_push(&t, &j), 0);
	}
	int32_t q[3] = { 7, 7, 7 };
	struct diags d;
	diags_init(&d);
	assert_int_equal(run_map_queues(&c, &t, NULL, 0, q, &d), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(q[i], 0);
	struct queue_map bad[] = { { "other", "nosuch" } };
	assert_int_equal(run_map_queues(&c, &t, bad, 1, q, &d), -1);
	diags_free(&d);
	trace_free(&t);
}

/* The demo: the seed article's Spot queue of t3.micro nodes (2 vCPUs,
 * MaxCount 10, none static) with the small example trace. */
static void test_demo_run(void **state)
{
	(void)state;
	struct run_opts o;
	run_opts_init(&o);
	o.config_path = SRC "configs/examples/article-spot-fsx.yaml";
	o.trace_path = SRC "workloads/examples/small.csv";
	/* A fixed boot (the fleet's default draws it) so the wait is exact. */
	o.scenario_path = SRC "tests/fixtures/fixed-boot.yaml";
	o.check = 1;
	struct run_world w;
	struct diags d;
	diags_init(&d);
	int rc = run_execute(&o, &w, &d);
	if (rc)
		diags_print(&d, stderr);
	assert_int_equal(rc, 0);
	const struct run_result *r = &w.result;
	assert_int_equal(r->n_jobs, 41);
	assert_int_equal(r->n_rejected, 1);
	assert_int_equal(r->jobs[40].state, JOB_ST_REJECTED);
	for (size_t i = 0; i < 40; i++)
		assert_true(r->jobs[i].state == JOB_ST_COMPLETED);
	/* Every node is dynamic: the first job (submitted at 20 s) waits for
	 * a boot (294 s, to 314 s) and then, under the default slurm policy,
	 * for the controller's periodic check at 330 s. */
	assert_true(r->jobs[0].wait_ms == 310000);
	assert_int_equal(r->n_nodes_info, 10);
	assert_string_equal(r->nodes_info[0].name, "spot-dy-t3-micro-1");
	assert_int_equal(r->nodes_info[0].cpus, 2);
	assert_true(r->n_launches >= 2);
	for (size_t i = 0; i < r->n_node_lives; i++)
		assert_true(r->node_lives[i].end_reason == NODE_END_SUSPEND);
	struct run_stats st;
	assert_int_equal(run_stats_compute(r, &st), 0);
	assert_true(st.utilisation > 0 && st.utilisation < 1);
	run_stats_free(&st);
	diags_free(&d);
	run_world_free(&w);
}

/* Runs a and b differ only in the node-state samples a keeps: same
 * events, makespan, jobs and node lives. */
static void assert_same_run(const struct run_result *a,
			    const struct run_result *b)
{
	assert_true(a->n_samples > 0);
	assert_int_equal(b->n_samples, 0);
	assert_true(a->n_sim_events == b->n_sim_events);
	assert_int_equal(a->n_events, b->n_events);
	assert_true(a->makespan_ms == b->makespan_ms);
	assert_int_equal(a->n_jobs, b->n_jobs);
	assert_memory_equal(a->jobs, b->jobs, a->n_jobs * sizeof *a->jobs);
	assert_int_equal(a->n_node_lives, b->n_node_lives);
	for (size_t i = 0; i < a->n_node_lives; i++) {
		const struct node_record *x = &a->node_lives[i],
					 *y = &b->node_lives[i];
		assert_true(x->node == y->node && x->launch_ms == y->launch_ms &&
			    x->end_ms == y->end_ms &&
			    x->busy_cpu_ms == y->busy_cpu_ms &&
			    x->cost_usd == y->cost_usd);
	}
}

/* A run whose node-state samples nobody will store (no results DB) keeps
 * none and is otherwise the same run, on every example config, under the
 * research and slurm policies and the pessimistic Spot scenario
 * (interruptions, requeues, dynamic nodes booting and suspending): the
 * sample events counted instead of queued give the same event count. */
static void test_no_samples_same_events(void **state)
{
	(void)state;
	static const char *const configs[] = {
		"article-spot-fsx.yaml", "c5n-efa-pg.yaml", "multi-queue.yaml",
		"persistent2-lz4.yaml",
	};
	static const char *const policies[] = { NULL, "easy", "fcfs" };
	char path[512];
	for (size_t c = 0; c < sizeof configs / sizeof configs[0]; c++)
	for (size_t p = 0; p < sizeof policies / sizeof policies[0]; p++)
	for (int spot = 0; spot < 2; spot++) {
		struct run_world w[2];
		snprintf(path, sizeof path, SRC "configs/examples/%s", configs[c]);
		for (int k = 0; k < 2; k++) {
			struct run_opts o;
			run_opts_init(&o);
			o.config_path = path;
			o.trace_path = SRC "workloads/examples/small.csv";
			o.scenario_path = spot ? SRC "configs/examples/scenarios/"
					  "pessimistic-spot.yaml" : NULL;
			o.policy = policies[p];
			o.no_samples = k;
			struct diags d;
			diags_init(&d);
			assert_int_equal(run_execute(&o, &w[k], &d), 0);
			diags_free(&d);
		}
		assert_same_run(&w[0].result, &w[1].result);
		run_world_free(&w[0]);
		run_world_free(&w[1]);
	}
}

/* The peer inputs on a static cluster of single-vCPU nodes (their README):
 * every job runs, the checker finds nothing, and nothing waits when the
 * machine is idle. */
static void replay(const char *trace, int nodes, const char *policy,
		   double *makespan_s, double *mean_wait_s, double *util)
{
	char mn[64], mx[64];
	snprintf(mn, sizeof mn, "%d", nodes);
	snprintf(mx, sizeof mx, "%d", nodes);
	struct config_override sets[] = {
		{ "Scheduling.SlurmQueues[0].ComputeResources[0].MinCount", mn },
		{ "Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount", mx },
	};
	struct run_opts o;
	run_opts_init(&o);
	o.config_path = SRC "bench/configs/peer-240.yaml";
	o.trace_path = trace;
	o.policy = policy;
	o.overrides = sets;
	o.n_overrides = 2;
	o.check = 1;
	struct run_world w;
	struct diags d;
	diags_init(&d);
	int rc = run_execute(&o, &w, &d);
	if (rc)
		diags_print(&d, stderr);
	assert_int_equal(rc, 0);
	assert_int_equal(w.result.n_rejected, 0);
	struct run_stats st;
	assert_int_equal(run_stats_compute(&w.result, &st), 0);
	assert_int_equal(st.by_state[JOB_ST_COMPLETED], w.trace.n);
	*makespan_s = w.result.makespan_ms / 1000.0;
	*mean_wait_s = st.wait_s.mean;
	*util = st.utilisation;
	run_stats_free(&st);
	diags_free(&d);
	run_world_free(&w);
}

static void test_peer_replays(void **state)
{
	(void)state;
	FILE *f = fopen(PEER "hpc2n_1000_input.csv", "r");
	if (!f)
		skip();
	fclose(f);
	static const struct { const char *file; int nodes; } cases[] = {
		{ PEER "hpc2n_1000_input.csv", 240 },
		{ PEER "hpc2n_all_input.csv", 240 },
		{ PEER "nasa_all_input.csv", 128 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		double m[2], w[2], u[2];
		replay(cases[i].file, cases[i].nodes, "easy", &m[0], &w[0], &u[0]);
		replay(cases[i].file, cases[i].nodes, "conservative", &m[1], &w[1], &u[1]);
		for (int k = 0; k < 2; k++) {
			printf("  %s %s: makespan %.0f s, mean wait %.1f s, utilisation %.4f\n",
			       strrchr(cases[i].file, '/') + 1, k ? "conservative" : "easy",
			       m[k], w[k], u[k]);
			assert_true(u[k] > 0 && u[k] <= 1);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenario_defaults_and_sections),
		cmocka_unit_test(test_scenario_errors),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_jobs_csv),
		cmocka_unit_test(test_queue_map),
		cmocka_unit_test(test_queue_map_one_queue),
		cmocka_unit_test(test_demo_run),
		cmocka_unit_test(test_no_samples_same_events),
		cmocka_unit_test(test_peer_replays),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
