/* The invariant checker; see check.h. */
#include "sim/check.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/slurm.h"
#include "sim/diag.h"
#include "workloads/job.h"

#define MAX_REPORTED 20

struct checker {
	const struct slurm *s;
	struct diags *d;
	size_t n;
};

__attribute__((format(printf, 2, 3)))
static void violation(struct checker *c, const char *fmt, ...)
{
	c->n++;
	if (c->n > MAX_REPORTED)
		return;
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	diag_error(c->d, NULL, 0, 0, "invariant: %s", buf);
}

static int64_t job_id(const struct checker *c, size_t ji)
{
	return c->s->trace->jobs[ji].id;
}

/* afterok: a job ran only after its dependency completed, and is held at
 * the end only when the dependency did not complete.  Returns 1 for a job
 * rightly held (nothing more to check). */
static int check_dependency(struct checker *c, size_t ji)
{
	const struct sjob *j = &c->s->jobs[ji];
	if (j->dep < 0)
		return 0;
	const struct sjob *d = &c->s->jobs[j->dep];
	int completed = d->state == SJ_DONE && d->final == JOB_ST_COMPLETED;
	if (j->state == SJ_HELD) {
		if (completed)
			violation(c, "job %" PRId64 " still waits for job %" PRId64
				  ", which completed", job_id(c, ji),
				  job_id(c, (size_t)j->dep));
		return 1;
	}
	if (j->state == SJ_DONE && j->alloc_ms >= 0 &&
	    (!completed || j->alloc_ms < d->end_ms))
		violation(c, "job %" PRId64 " was allocated at %" PRId64 " ms "
			  "before its dependency job %" PRId64 " completed",
			  job_id(c, ji), j->alloc_ms, job_id(c, (size_t)j->dep));
	return 0;
}

static void check_lifecycle(struct checker *c)
{
	const struct slurm *s = c->s;
	for (size_t i = 0; i < s->n_jobs; i++) {
		const struct sjob *j = &s->jobs[i];
		if (j->state == SJ_REJECTED)
			continue;
		if (check_dependency(c, i))
			continue;
		if (j->state != SJ_DONE) {
			violation(c, "job %" PRId64 " never ended (state %d)",
				  job_id(c, i), j->state);
			continue;
		}
		if (j->final == JOB_ST_NODE_FAIL)
			continue;
		if (j->alloc_ms < j->submit_ms || j->start_ms < j->alloc_ms)
			violation(c, "job %" PRId64 " allocated at %" PRId64
				  " ms, started at %" PRId64 " ms, submitted at %"
				  PRId64 " ms", job_id(c, i), j->alloc_ms,
				  j->start_ms, j->submit_ms);
		if (j->end_ms - j->start_ms != j->run_ms)
			violation(c, "job %" PRId64 " ran %" PRId64 " ms, not %"
				  PRId64 " ms", job_id(c, i),
				  j->end_ms - j->start_ms, j->run_ms);
		if (j->n_alloc == 0)
			violation(c, "job %" PRId64 " ran on no node", job_id(c, i));
	}
}

struct use {
	int64_t t_ms;
	int32_t node, sign;       /* +1 allocate, -1 release */
	int32_t cpus, gpus;
	int64_t mem;
	int64_t job;
};

static int use_order(const void *a, const void *b)
{
	const struct use *x = a, *y = b;
	if (x->t_ms != y->t_ms)
		return x->t_ms < y->t_ms ? -1 : 1;
	return x->sign - y->sign;     /* releases first */
}

static void check_capacity(struct checker *c)
{
	const struct slurm *s = c->s;
	size_t n = 0;
	for (size_t i = 0; i < s->n_jobs; i++)
		if (s->jobs[i].state == SJ_DONE && s->jobs[i].start_ms >= 0)
			n += 2 * (size_t)s->jobs[i].n_alloc;
	struct use *u = malloc((n ? n : 1) * sizeof *u);
	int64_t *cpus = calloc(s->n_nodes ? s->n_nodes : 1, sizeof *cpus);
	int64_t *gpus = calloc(s->n_nodes ? s->n_nodes : 1, sizeof *gpus);
	int64_t *mem = calloc(s->n_nodes ? s->n_nodes : 1, sizeof *mem);
	if (!u || !cpus || !gpus || !mem) {
		violation(c, "out of memory checking capacity");
		goto out;
	}
	size_t k = 0;
	for (size_t i = 0; i < s->n_jobs; i++) {
		const struct sjob *j = &s->jobs[i];
		if (j->state != SJ_DONE || j->start_ms < 0)
			continue;
		for (uint32_t p = 0; p < j->n_pieces; p++) {
			const struct apiece *a = &s->a_piece[j->piece_off + p];
			for (int32_t x = 0; x < a->count; x++) {
				struct use base = { 0, a->node + x, 0, a->cpus,
						    a->gpus, a->mem_mb, job_id(c, i) };
				u[k] = base;
				u[k].t_ms = j->alloc_ms;
				u[k++].sign = 1;
				u[k] = base;
				u[k].t_ms = j->end_ms;
				u[k++].sign = -1;
			}
		}
	}
	qsort(u, k, sizeof *u, use_order);
	for (size_t i = 0; i < k; i++) {
		const struct snode *nd = &s->nodes[u[i].node];
		cpus[u[i].node] += u[i].sign * u[i].cpus;
		gpus[u[i].node] += u[i].sign * u[i].gpus;
		mem[u[i].node] += u[i].sign * u[i].mem;
		if (cpus[u[i].node] > nd->cpus || gpus[u[i].node] > nd->gpus ||
		    mem[u[i].node] > nd->mem_mb || cpus[u[i].node] < 0)
			violation(c, "node %s over-committed at %" PRId64 " ms by job %"
				  PRId64 ": %" PRId64 "/%d CPUs, %" PRId64 "/%d GPUs, %"
				  PRId64 "/%" PRId64 " MB",
				  s->res->nodes_info[u[i].node].name, u[i].t_ms,
				  u[i].job, cpus[u[i].node], nd->cpus, gpus[u[i].node],
				  nd->gpus, mem[u[i].node], (int64_t)nd->mem_mb);
	}
out:
	free(u);
	free(cpus);
	free(gpus);
	free(mem);
}

/* The a-th node of a job's allocation. */
static int32_t piece_node(const struct slurm *s, const struct sjob *j, uint32_t a)
{
	const struct apiece *p = &s->a_piece[j->piece_off];
	while (a >= (uint32_t)p->count)
		a -= (uint32_t)(p++)->count;
	return p->node + (int32_t)a;
}

/* Every node a job ran on had an instance life covering the run. */
static void check_node_lives(struct checker *c)
{
	const struct slurm *s = c->s;
	const struct run_result *r = s->res;
	size_t *first = malloc((s->n_nodes + 1) * sizeof *first);
	size_t *order = malloc((r->n_node_lives ? r->n_node_lives : 1) * sizeof *order);
	if (!first || !order) {
		violation(c, "out of memory checking node lives");
		goto out;
	}
	/* Bucket the lives by node (counting sort). */
	memset(first, 0, (s->n_nodes + 1) * sizeof *first);
	for (size_t i = 0; i < r->n_node_lives; i++)
		first[r->node_lives[i].node + 1]++;
	for (size_t i = 0; i < s->n_nodes; i++)
		first[i + 1] += first[i];
	for (size_t i = 0; i < r->n_node_lives; i++)
		order[first[r->node_lives[i].node]++] = i;
	for (size_t i = s->n_nodes; i > 0; i--)
		first[i] = first[i - 1];
	first[0] = 0;
	for (size_t i = 0; i < s->n_jobs; i++) {
		const struct sjob *j = &s->jobs[i];
		if (j->state != SJ_DONE || j->start_ms < 0)
			continue;
		for (uint32_t a = 0; a < j->n_alloc; a++) {
			int32_t nd = piece_node(s, j, a);
			int ok = 0;
			for (size_t x = first[nd]; x < first[nd + 1] && !ok; x++) {
				const struct node_record *l = &r->node_lives[order[x]];
				/* Launched after the allocation when resume
				 * calls are batched; a job that ended
				 * NODE_FAIL outlived its vanished instance
				 * until clustermgtd noticed. */
				ok = l->launch_ms <= j->start_ms && l->ready_ms >= 0 &&
				     l->ready_ms <= j->start_ms &&
				     (l->end_ms >= j->end_ms ||
				      j->final == JOB_ST_NODE_FAIL);
			}
			if (!ok)
				violation(c, "job %" PRId64 " ran on %s from %" PRId64
					  " to %" PRId64 " ms outside any of its lives",
					  job_id(c, i), r->nodes_info[nd].name,
					  j->start_ms, j->end_ms);
		}
	}
out:
	free(first);
	free(order);
}

static void check_promises(struct checker *c, enum sched_policy policy)
{
	const struct slurm *s = c->s;
	int64_t *last_alloc = malloc((s->n_parts ? (size_t)s->n_parts : 1) *
				     sizeof *last_alloc);
	if (!last_alloc) {
		violation(c, "out of memory checking promises");
		return;
	}
	for (int q = 0; q < s->n_parts; q++)
		last_alloc[q] = INT64_MIN;
	/* A node lost to Spot or a failed launch takes away capacity the
	 * promises counted on: they hold only in runs without such losses. */
	size_t n_jobs = s->res->n_spot_interruptions || s->res->n_launch_failures ?
			0 : s->n_jobs;
	for (size_t i = 0; i < n_jobs; i++) {
		const struct sjob *j = &s->jobs[i];
		/* A dependent job is queued when its dependency completes,
		 * not at submission: its order is not the trace's. */
		if (j->state != SJ_DONE || j->requeues > 0 || j->dep >= 0 ||
		    !s->parts[j->part].exact)
			continue;
		if (policy == POLICY_FCFS) {
			if (j->alloc_ms < last_alloc[j->part])
				violation(c, "fcfs: job %" PRId64 " started at %" PRId64
					  " ms, before an earlier job (at %" PRId64 " ms)",
					  job_id(c, i), j->alloc_ms, last_alloc[j->part]);
			last_alloc[j->part] = j->alloc_ms;
		}
		if (policy == POLICY_EASY && j->promise_ms >= 0 &&
		    j->alloc_ms > j->promise_ms)
			violation(c, "easy: head job %" PRId64 " started at %" PRId64
				  " ms, after its shadow time %" PRId64 " ms",
				  job_id(c, i), j->alloc_ms, j->promise_ms);
		if (policy == POLICY_CONSERVATIVE && j->first_res_ms >= 0 &&
		    j->alloc_ms > j->first_res_ms)
			violation(c, "conservative: job %" PRId64 " started at %" PRId64
				  " ms, after its first reservation %" PRId64 " ms",
				  job_id(c, i), j->alloc_ms, j->first_res_ms);
	}
	free(last_alloc);
}

size_t check_run(const struct slurm *s, enum sched_policy policy,
		 struct diags *d)
{
	struct checker c = { s, d, 0 };
	check_lifecycle(&c);
	check_capacity(&c);
	check_node_lives(&c);
	check_promises(&c, policy);
	if (c.n > MAX_REPORTED)
		diag_error(d, NULL, 0, 0, "invariant: %zu more violations",
			   c.n - MAX_REPORTED);
	return c.n;
}
