/* A run with nothing to do is refused; see runnable.h. */
#include "sim/runnable.h"

#include <stdio.h>
#include <string.h>

#include "sim/diag.h"
#include "sim/run.h"

static int no_jobs(const struct trace *t, const char *trace_path,
		   struct diags *d)
{
	size_t skipped = t->skipped_bad_rows + t->skipped_never_ran +
			 t->skipped_steps + t->skipped_unfinished;
	if (!skipped) {
		diag_error(d, trace_path, 0, 0, "no jobs: the trace holds no "
			   "job to simulate");
		return -1;
	}
	diag_error(d, trace_path, 0, 0, "no jobs: every record was skipped "
		   "(%zu bad rows, %zu that never ran, %zu job steps, %zu "
		   "unfinished)", t->skipped_bad_rows, t->skipped_never_ran,
		   t->skipped_steps, t->skipped_unfinished);
	return -1;
}

/* The compute resource of partition p with the most CPUs (then memory,
 * then GPUs): the node a rejected job would most plausibly fit. */
static const struct slurm_cr *largest_cr(const struct slurm_layout *l, int p)
{
	const struct slurm_part *sp = &l->parts[p];
	const struct slurm_cr *best = NULL;
	for (int i = 0; i < sp->n_crs; i++) {
		const struct slurm_cr *cr = &l->crs[sp->first_cr + i];
		if (!best || cr->cpus > best->cpus ||
		    (cr->cpus == best->cpus &&
		     (cr->real_mem_mb > best->real_mem_mb ||
		      (cr->real_mem_mb == best->real_mem_mb &&
		       cr->gpus > best->gpus))))
			best = cr;
	}
	return best;
}

/* "cr1 (c5.2xlarge, 10 nodes), cr2 (...)" for the message. */
static void list_crs(const struct slurm_layout *l, int p, char *buf,
		     size_t size)
{
	const struct slurm_part *sp = &l->parts[p];
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < sp->n_crs && n < size; i++) {
		const struct slurm_cr *cr = &l->crs[sp->first_cr + i];
		n += (size_t)snprintf(buf + n, size - n, "%s'%s' (%s, %d nodes)",
				      i ? ", " : "", cr->name,
				      cr->instance_type ? cr->instance_type
							: "several types",
				      cr->n_static + cr->n_dynamic);
	}
}

static void what_it_asks(const struct trace *t, const struct job *j,
			 char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "%d CPUs", j->cpus);
	if (j->nodes > 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, " on %d node%s",
				      j->nodes, j->nodes == 1 ? "" : "s");
	if (j->mem_mb > 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, ", %lld MiB per node",
				      (long long)j->mem_mb);
	if (j->mem_per_cpu_mb > 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, ", %lld MiB per CPU",
				      (long long)j->mem_per_cpu_mb);
	if (n < size)
		n += (size_t)snprintf(buf + n, size - n, ", %d GPUs", j->gpus);
	if (j->constraint != JOB_NO_STR && n < size) {
		char q[200];
		snprintf(buf + n, size - n, ", instance type %s",
			 diag_quote(strtab_get(&t->strings, j->constraint), q,
				    sizeof q));
	}
}

static int all_rejected(const struct run_world *w, const char *config_path,
			const char *trace_path, struct diags *d)
{
	const struct run_result *r = &w->result;
	const struct slurm_layout *l = &w->layout;
	size_t first = 0;
	while (first < r->n_jobs && r->jobs[first].state != JOB_ST_REJECTED)
		first++;
	int p = first < r->n_jobs ? r->jobs[first].queue : -1;
	if (p < 0 || p >= l->n_parts || l->parts[p].n_crs == 0) {
		diag_error(d, config_path, 0, 0, "no job of the trace can run on "
			   "this cluster: all %zu were rejected", r->n_jobs);
		return -1;
	}
	const struct job *j = &w->trace.jobs[first];
	const struct slurm_cr *big = largest_cr(l, p);
	const struct slurm_part *sp = &l->parts[p];
	long long nodes = 0, cpus = 0;
	for (int i = 0; i < sp->n_crs; i++) {
		const struct slurm_cr *cr = &l->crs[sp->first_cr + i];
		nodes += cr->n_static + cr->n_dynamic;
		cpus += (long long)(cr->n_static + cr->n_dynamic) * cr->cpus;
	}
	char crs[600], asks[400];
	list_crs(l, p, crs, sizeof crs);
	what_it_asks(&w->trace, j, asks, sizeof asks);
	diag_error(d, config_path, 0, 0, "no job of the trace can run on this "
		   "cluster: all %zu were rejected at submission (queue '%s', "
		   "compute resources %s)", r->n_jobs, sp->name, crs);
	diag_error(d, trace_path, j->line, 0, "job %lld, the first rejected, "
		   "asks for %s; queue '%s' has %lld nodes, %lld CPUs in all, "
		   "and its largest node (compute resource '%s') has %d CPUs, "
		   "%lld MiB%s, %d GPUs", (long long)j->id, asks, sp->name,
		   nodes, cpus, big->name, big->cpus,
		   (long long)big->real_mem_mb,
		   l->memory_scheduling ? "" : " (memory not scheduled)",
		   big->gpus);
	return -1;
}

int run_check_runnable(const struct run_world *w, const char *config_path,
		       const char *trace_path, struct diags *d)
{
	if (w->trace.n == 0)
		return no_jobs(&w->trace, trace_path, d);
	const struct run_result *r = &w->result;
	/* The model counts the jobs it rejects at submission (the records'
	 * REJECTED state): no pass over the records. */
	if (r->n_jobs > 0 && r->n_rejected == r->n_jobs)
		return all_rejected(w, config_path, trace_path, d);
	return 0;
}
