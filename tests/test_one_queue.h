/*
 * One queue of nodes of one type, run through the whole Slurm model with
 * the invariant checker on: the small world shared by the tests that work
 * job placements out by hand (dependencies, memory, allocator pieces,
 * whole pieces).
 * Include it once, from a test file.
 */
#ifndef PCLSIM_TEST_ONE_QUEUE_H
#define PCLSIM_TEST_ONE_QUEUE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "configs/config.h"
#include "configs/scenario.h"
#include "models/partition.h"
#include "models/sched.h"
#include "models/slurm.h"
#include "sim/check.h"
#include "sim/diag.h"
#include "workloads/job.h"

/* "cpuN": N CPUs, 1000 MiB each; "memN": 4 CPUs and N GiB. */
static int lookup(void *ctx, const char *name, struct instance_facts *out)
{
	(void)ctx;
	memset(out, 0, sizeof *out);
	out->threads_per_core = 1;
	int n = atoi(name + 3);
	if (!strncmp(name, "cpu", 3) && n > 0) {
		out->vcpus = n;
		out->memory_mib = 1000 * n;
		return 0;
	}
	if (!strncmp(name, "mem", 3) && n > 0) {
		out->vcpus = 4;
		out->memory_mib = 1024 * n;
		return 0;
	}
	return -1;
}

struct djob {
	double submit_s, runtime_s, limit_s;   /* limit 0: none */
	int cpus;
	int64_t mem_per_cpu_mb;
	uint32_t flags;
	int64_t depends_on;                    /* job id (1-based); 0 none */
};

struct world {
	struct cluster c;
	struct compute_resource cr;
	struct slurm_queue q;
	char *type;
	struct slurm_layout l;
	struct trace t;
	struct slurm s;
	struct run_result r;
	int32_t *qmap;
	size_t violations;
};

static int64_t ms(double s)
{
	return (int64_t)(s * 1000.0 + 0.5);
}

/* w's cluster: one queue, "q", of the n_crs compute resources crs. */
static void one_queue(struct world *w, struct compute_resource *crs,
		      int n_crs, int memsched)
{
	w->q = (struct slurm_queue){ .name = "q", .crs = crs, .n_crs = n_crs };
	w->c.path = "test.yaml";
	w->c.scaledown_idletime_min = 10;
	w->c.enable_memory_scheduling = memsched;
	w->c.compute_bootstrap_timeout_s = 1800;
	w->c.queues = &w->q;
	w->c.n_queues = 1;
}

/* One queue of min static and max - min dynamic nodes of one type, the
 * dynamic ones of weight dyn_weight (the static ones 1); jobs get ids
 * 1, 2, ... */
/* takes_jobs: slurm.result_takes_jobs is set, so the model's jobs are gone
 * after the run and the checker cannot run. */
static void run_mixed_opt(struct world *w, const char *type, int min, int max,
			  uint32_t dyn_weight, int memsched,
			  enum sched_policy policy, const struct djob *jobs,
			  int nj, int takes_jobs)
{
	memset(w, 0, sizeof *w);
	w->type = (char *)type;
	w->cr = (struct compute_resource){ .name = "cr1", .instance_types = &w->type,
		.n_instance_types = 1, .min_count = min, .max_count = max,
		.static_priority = 1, .dynamic_priority = dyn_weight };
	one_queue(w, &w->cr, 1, memsched);
	struct diags d;
	diags_init(&d);
	assert_int_equal(slurm_layout_build(&w->c, lookup, NULL, 0.95, &w->l, &d), 0);
	trace_init(&w->t);
	for (int i = 0; i < nj; i++) {
		struct job j;
		job_init(&j);
		j.id = i + 1;
		j.submit_ms = ms(jobs[i].submit_s);
		j.runtime_ms = ms(jobs[i].runtime_s);
		j.time_limit_ms = jobs[i].limit_s > 0 ? ms(jobs[i].limit_s) : -1;
		j.cpus = jobs[i].cpus;
		j.depends_on = jobs[i].depends_on > 0 ? jobs[i].depends_on : -1;
		j.mem_per_cpu_mb = jobs[i].mem_per_cpu_mb;
		j.flags = jobs[i].flags;
		assert_int_equal(trace_push(&w->t, &j), 0);
	}
	w->qmap = calloc((size_t)nj + 1, sizeof *w->qmap);
	struct slurm_params prm = { .boot_latency_ms = 60000,
				    .sample_interval_ms = 60000 };
	const struct sched_ops *ops = sched_ops_for(policy);
	assert_non_null(ops);
	assert_int_equal(slurm_init(&w->s, &w->l, &w->t, w->qmap, &prm, ops,
				    &w->r, &d), 0);
	w->s.result_takes_jobs = takes_jobs;
	assert_int_equal(slurm_run(&w->s), 0);
	if (!takes_jobs)
		w->violations = check_run(&w->s, policy, &d);
	if (w->violations)
		diags_print(&d, stderr);
	assert_int_equal(w->violations, 0);
	diags_free(&d);
}

static void run_mixed(struct world *w, const char *type, int min, int max,
		      uint32_t dyn_weight, int memsched,
		      enum sched_policy policy, const struct djob *jobs, int nj)
{
	run_mixed_opt(w, type, min, max, dyn_weight, memsched, policy, jobs,
		      nj, 0);
}

/* One queue of n static nodes of one type. */
static void run(struct world *w, const char *type, int n, int memsched,
		enum sched_policy policy, const struct djob *jobs, int nj)
{
	run_mixed(w, type, n, n, 1000, memsched, policy, jobs, nj);
}

static void done(struct world *w)
{
	slurm_free(&w->s);
	run_result_free(&w->r);
	trace_free(&w->t);
	slurm_layout_free(&w->l);
	free(w->qmap);
}

#endif
