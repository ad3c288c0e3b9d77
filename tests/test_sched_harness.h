/*
 * A small harness for the scheduling tests: a cluster described in a few
 * lines (queues of compute resources of made-up instance types), a trace
 * of jobs in seconds, one run of the Slurm model under a policy, and the
 * invariant checker run on every result.  Included by tests/test_sched*.c.
 */
#ifndef PCLSIM_TEST_SCHED_HARNESS_H
#define PCLSIM_TEST_SCHED_HARNESS_H

#include <stdlib.h>
#include <string.h>

#include "configs/config.h"
#include "configs/scenario.h"
#include "models/partition.h"
#include "models/sched.h"
#include "models/slurm.h"
#include "sim/check.h"
#include "sim/diag.h"
#include "workloads/job.h"

/* Made-up instance types: "cpuN" has N CPUs and 1000 MiB per CPU; "memN"
 * has 4 CPUs and N GiB; "gpuN" has 8 CPUs, 64 GiB and N NVIDIA GPUs. */
static int h_lookup(void *ctx, const char *name, struct instance_facts *out)
{
	(void)ctx;
	memset(out, 0, sizeof *out);
	out->threads_per_core = 1;
	int n = atoi(name + 3);
	if (n <= 0)
		return -1;
	if (!strncmp(name, "cpu", 3)) {
		out->vcpus = n;
		out->memory_mib = 1000 * n;
	} else if (!strncmp(name, "mem", 3)) {
		out->vcpus = 4;
		out->memory_mib = 1024 * n;
	} else if (!strncmp(name, "gpu", 3)) {
		out->vcpus = 8;
		out->memory_mib = 65536;
		out->gpus = n;
		strcpy(out->gpu_type, "t4");
	} else {
		return -1;
	}
	return 0;
}

struct h_cr { const char *type; int min, max; };
struct h_queue {
	const char *name;
	int exclusive;
	struct h_cr crs[4];
};
struct h_job {
	double submit_s, runtime_s, limit_s;   /* limit 0: none */
	int cpus, nodes;
	const char *part;                      /* NULL: default queue */
	int64_t mem_mb;
	int gpus;
	uint32_t flags;
};

struct h_run {
	struct cluster c;
	struct slurm_layout l;
	struct trace t;
	struct slurm s;
	struct run_result r;
	int32_t *qmap;
	size_t violations;
};

struct h_opts {
	enum sched_policy policy;
	double boot_s;
	int idle_min;                          /* ScaledownIdletime */
	int memsched;
};

static void h_build_cluster(struct h_run *h, const struct h_queue *qs, int nq,
			    const struct h_opts *o)
{
	struct cluster *c = &h->c;
	memset(c, 0, sizeof *c);
	c->path = "test.yaml";
	c->scaledown_idletime_min = o->idle_min;
	c->enable_memory_scheduling = o->memsched;
	c->compute_bootstrap_timeout_s = 1800;
	c->n_queues = nq;
	c->queues = calloc((size_t)nq, sizeof *c->queues);
	for (int q = 0; q < nq; q++) {
		struct slurm_queue *sq = &c->queues[q];
		sq->name = (char *)qs[q].name;
		sq->job_exclusive = qs[q].exclusive;
		while (sq->n_crs < 4 && qs[q].crs[sq->n_crs].type)
			sq->n_crs++;
		sq->crs = calloc((size_t)sq->n_crs, sizeof *sq->crs);
		for (int i = 0; i < sq->n_crs; i++) {
			struct compute_resource *cr = &sq->crs[i];
			static char names[4][8] = { "cr1", "cr2", "cr3", "cr4" };
			cr->name = names[i];
			cr->instance_types = (char **)&qs[q].crs[i].type;
			cr->n_instance_types = 1;
			cr->min_count = qs[q].crs[i].min;
			cr->max_count = qs[q].crs[i].max;
			cr->static_priority = 1;
			cr->dynamic_priority = 1000;
		}
	}
}

static int64_t h_ms(double s)
{
	return (int64_t)(s * 1000.0 + 0.5);
}

/* Runs the jobs on the cluster; checks the invariants. */
static void h_run(struct h_run *h, const struct h_queue *qs, int nq,
		  const struct h_job *jobs, int nj, const struct h_opts *o)
{
	memset(h, 0, sizeof *h);
	h_build_cluster(h, qs, nq, o);
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
		j.time_limit_ms = jobs[i].limit_s > 0 ? h_ms(jobs[i].limit_s) : -1;
		j.cpus = jobs[i].cpus;
		j.nodes = jobs[i].nodes;
		j.mem_mb = jobs[i].mem_mb;
		j.gpus = jobs[i].gpus;
		j.flags = jobs[i].flags;
		assert_int_equal(trace_push(&h->t, &j), 0);
		h->qmap[i] = 0;
		for (int q = 0; jobs[i].part && q < nq; q++)
			if (!strcmp(qs[q].name, jobs[i].part))
				h->qmap[i] = q;
	}
	struct slurm_params prm = { h_ms(o->boot_s), 60000, 0, NULL };
	const struct sched_ops *ops = sched_ops_for(o->policy);
	assert_non_null(ops);
	assert_int_equal(slurm_init(&h->s, &h->l, &h->t, h->qmap, &prm, ops,
				    &h->r, &d), 0);
	assert_int_equal(slurm_run(&h->s), 0);
	h->violations = check_run(&h->s, o->policy, &d);
	if (h->violations)
		diags_print(&d, stderr);
	diags_free(&d);
}

static void h_free(struct h_run *h)
{
	slurm_free(&h->s);
	run_result_free(&h->r);
	trace_free(&h->t);
	slurm_layout_free(&h->l);
	for (int q = 0; q < h->c.n_queues; q++)
		free(h->c.queues[q].crs);
	free(h->c.queues);
	free(h->qmap);
}

/* Start and end (seconds) of job i (0-based, trace order). */
static double h_start(const struct h_run *h, int i)
{
	return h->r.jobs[i].start_ms / 1000.0;
}

static double h_end(const struct h_run *h, int i)
{
	return h->r.jobs[i].end_ms / 1000.0;
}

#define H_RUN(h, qs, jobs, ...) do { \
	struct h_opts o_ = { __VA_ARGS__ }; \
	h_run((h), (qs), (int)(sizeof(qs) / sizeof *(qs)), (jobs), \
	      (int)(sizeof(jobs) / sizeof *(jobs)), &o_); \
	assert_int_equal((h)->violations, 0); \
} while (0)

#endif
