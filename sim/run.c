/* One simulated run from its inputs; see run.h. */
#include "sim/run.h"

#include <stdlib.h>
#include <string.h>

#include "models/catalog/catalog.h"
#include "models/fleet.h"
#include "models/jobrun.h"
#include "models/sched.h"
#include "models/sched_slurm.h"
#include "models/slurm.h"
#include "models/slurm_params.h"
#include "sim/check.h"
#include "sim/diag.h"

void run_opts_init(struct run_opts *o)
{
	memset(o, 0, sizeof *o);
	trace_read_opts_init(&o->trace_opts);
}

static int find_queue(const struct cluster *c, const char *name)
{
	for (int q = 0; q < c->n_queues; q++)
		if (!strcmp(c->queues[q].name, name))
			return q;
	return -1;
}

int run_map_queues(const struct cluster *c, const struct trace *t,
		   const struct queue_map *maps, size_t n_maps,
		   int32_t *job_queue, struct diags *d)
{
	for (size_t m = 0; m < n_maps; m++)
		if (find_queue(c, maps[m].to) < 0) {
			diag_error(d, NULL, 0, 0, "--queue-map %s=%s: the config "
				   "has no queue '%s'", maps[m].from, maps[m].to,
				   maps[m].to);
			return -1;
		}
	/* One queue takes every job, whatever its partition says (names
	 * the config lacks go to the first queue): no need to read them. */
	if (c->n_queues <= 1) {
		memset(job_queue, 0, t->n * sizeof *job_queue);
		return 0;
	}
	/* Resolve each distinct partition name once. */
	int32_t *by_str = malloc((t->strings.n ? t->strings.n : 1) * sizeof *by_str);
	if (!by_str) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < t->strings.n; i++) {
		const char *name = strtab_get(&t->strings, (int32_t)i);
		for (size_t m = 0; m < n_maps; m++)
			if (!strcmp(maps[m].from, name))
				name = maps[m].to;
		int q = find_queue(c, name);
		by_str[i] = q < 0 ? 0 : q;
	}
	for (size_t i = 0; i < t->n; i++) {
		int32_t p = t->jobs[i].partition;
		job_queue[i] = p >= 0 && (size_t)p < t->strings.n ? by_str[p] : 0;
	}
	free(by_str);
	return 0;
}

/* The built-in catalog, or a private copy when --catalog or the
 * scenario's prices:/speed_index: change it: the CSV rules first, then the
 * scenario's, in order. */
static int load_catalog(const struct run_opts *o, struct run_world *w,
			struct diags *d)
{
	const struct catalog *base = catalog_builtin();
	w->catalog = base;
	if (!o->catalog_path && !scenario_changes_catalog(&w->scenario))
		return 0;
	w->own_catalog = o->catalog_path ?
			 catalog_with_overrides(base, o->catalog_path, d) :
			 catalog_copy(base);
	if (!w->own_catalog) {
		if (!d->n_errors)
			diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	w->catalog = w->own_catalog;
	return scenario_apply_catalog(&w->scenario, w->own_catalog, d);
}

static int load_inputs(const struct run_opts *o, struct run_world *w,
		       struct diags *d)
{
	scenario_defaults(&w->scenario);
	if (o->scenario_path && scenario_load(o->scenario_path, &w->scenario, d))
		return -1;
	if (o->has_seed)
		w->scenario.seed = o->seed;
	if (o->reference_instance) {
		char *copy = strdup(o->reference_instance);
		if (!copy) {
			diag_error(d, NULL, 0, 0, "out of memory");
			return -1;
		}
		free((char *)w->scenario.perf.reference_instance);
		w->scenario.perf.reference_instance = copy;
	}
	if (o->policy && sched_policy_parse(o->policy, &w->scenario.policy)) {
		diag_error(d, NULL, 0, 0, "--policy %s: unknown policy (allowed: "
			   "fcfs, easy, conservative, slurm)", o->policy);
		return -1;
	}
	w->loaded_cluster = 1;       /* config_load zeroes it first */
	if (config_load(o->config_path, o->overrides, o->n_overrides,
			&w->cluster, d))
		return -1;
	if (w->cluster.scheduler != SCHEDULER_SLURM) {
		diag_error(d, o->config_path, 0, 0, "Scheduling.Scheduler: pclsim "
			   "simulates Slurm clusters; awsbatch is not supported");
		return -1;
	}
	if (load_catalog(o, w, d))
		return -1;
	if (config_validate(&w->cluster, w->catalog, d) > 0)
		return -1;
	trace_init(&w->trace);
	w->loaded_trace = 1;
	if (trace_read(o->trace_path, &o->trace_opts, &w->trace, d))
		return -1;
	return 0;
}

/* What the scenario asks that this version or this cluster cannot do. */
static const struct sched_ops *check_scenario(const struct run_world *w,
					      struct diags *d)
{
	const struct scenario *s = &w->scenario;
	const struct sched_ops *ops = sched_ops_for(s->policy);
	if (!ops) {
		diag_error(d, s->path, 0, 0, "scheduler.policy: '%s' is not "
			   "available in this version (use slurm, fcfs, easy "
			   "or conservative)", sched_policy_name(s->policy));
		return NULL;
	}
	if (s->boot_latency_ms >= (int64_t)w->layout.resume_timeout_s * 1000) {
		diag_error(d, s->path, 0, 0, "boot.latency_s: %lld s is not below "
			   "ResumeTimeout (DevSettings.Timeouts."
			   "ComputeNodeBootstrapTimeout = %d s): every launch "
			   "would fail", (long long)(s->boot_latency_ms / 1000),
			   w->layout.resume_timeout_s);
		return NULL;
	}
	/* storage.queues names queues of this cluster. */
	const struct storage_params *st = &s->storage;
	for (size_t i = 0; i < st->n_per_queue; i++)
		if (find_queue(&w->cluster, st->per_queue[i].queue) < 0) {
			diag_error(d, s->path, st->per_queue[i].line,
				   st->per_queue[i].col, "storage.queues.%s: the "
				   "config has no queue '%s'",
				   st->per_queue[i].queue, st->per_queue[i].queue);
			return NULL;
		}
	return ops;
}

/* --explain: the policy's account of one job's wait, kept as text. */
static int explain_job(const struct run_opts *o, struct run_world *w,
		       const struct slurm *s, struct diags *d)
{
	if (w->scenario.policy != POLICY_SLURM) {
		diag_error(d, NULL, 0, 0, "--explain: only the slurm policy "
			   "records why jobs wait (this run used %s)",
			   sched_policy_name(w->scenario.policy));
		return -1;
	}
	size_t len = 0;
	FILE *f = open_memstream(&w->explain, &len);
	if (!f) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	int rc = sched_slurm_explain(s, o->explain_job, f);
	fclose(f);
	if (rc) {
		diag_error(d, o->trace_path, 0, 0, "--explain %lld: the trace has "
			   "no job with that id", (long long)o->explain_job);
		return -1;
	}
	return 0;
}

int run_execute(const struct run_opts *o, struct run_world *w,
		struct diags *d)
{
	memset(w, 0, sizeof *w);
	if (load_inputs(o, w, d))
		return -1;
	if (slurm_layout_build(&w->cluster, instance_lookup_catalog,
			       (void *)w->catalog, REALMEMORY_RATIO_DEFAULT,
			       &w->layout, d))
		return -1;
	w->built_layout = 1;
	const struct sched_ops *ops = check_scenario(w, d);
	if (!ops)
		return -1;
	int32_t *job_queue = malloc((w->trace.n ? w->trace.n : 1) * sizeof *job_queue);
	if (!job_queue) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	if (run_map_queues(&w->cluster, &w->trace, o->maps, o->n_maps,
			   job_queue, d)) {
		free(job_queue);
		return -1;
	}
	struct slurm_conf conf;
	if (slurm_conf_build(&conf, &w->cluster, &w->scenario, d)) {
		free(job_queue);
		return -1;
	}
	/* Replication r draws every stream with index r (common random
	 * numbers across what-ifs). */
	struct fleet fleet;
	if (fleet_init(&fleet, &w->cluster, w->catalog, &w->scenario.fleet,
		       w->scenario.seed, o->replication, d)) {
		free(job_queue);
		return -1;
	}
	struct slurm_params prm = {
		.boot_latency_ms = w->scenario.boot_latency_ms,
		.sample_interval_ms = w->scenario.sample_interval_ms,
		.fleet = &fleet,
	};
	struct slurm s;
	struct jobrun jr;
	struct jobrun_events jev = { CLS_JOB, SLURM_EV_JOBRUN_IO,
				     SLURM_EV_JOBRUN_COMPUTE };
	if (jobrun_init(&jr, &w->cluster, w->catalog, &w->scenario.perf,
			&w->scenario.storage, w->trace.n, jev, slurm_job_done,
			&s, d)) {
		free(job_queue);
		fleet_free(&fleet);
		return -1;
	}
	int rc = slurm_init_conf(&s, &w->layout, &w->trace, job_queue, &prm,
				 w->scenario.policy == POLICY_SLURM ? &conf : NULL,
				 ops, &w->result, d);
	free(job_queue);
	if (rc) {
		jobrun_free(&jr);
		fleet_free(&fleet);
		return -1;
	}
	s.jobrun = &jr;
	s.no_samples = o->no_samples;
	/* Without the checker and --explain nothing reads the model's jobs
	 * after the run: the records take their pages. */
	s.result_takes_jobs = !o->check && !o->explain;
	if (o->explain)
		sched_slurm_follow(&s, o->explain_job);
	jobrun_sample_every(&jr, w->scenario.sample_interval_ms);
	if (slurm_run(&s) || jr.oom) {
		diag_error(d, NULL, 0, 0, "out of memory during the simulation");
		slurm_free(&s);
		jobrun_free(&jr);
		fleet_free(&fleet);
		return -1;
	}
	jobrun_storage_result(&jr, &w->result.storage);
	if (jobrun_take_storage_samples(&jr, &w->result.storage_samples,
					&w->result.n_storage_samples)) {
		diag_error(d, NULL, 0, 0, "out of memory during the simulation");
		slurm_free(&s);
		jobrun_free(&jr);
		fleet_free(&fleet);
		return -1;
	}
	if (o->check)
		w->violations = check_run(&s, w->scenario.policy, d);
	int bad = o->explain && explain_job(o, w, &s, d);
	slurm_free(&s);
	if (bad) {
		jobrun_free(&jr);
		fleet_free(&fleet);
		return -1;
	}
	jobrun_free(&jr);
	fleet_free(&fleet);
	return w->violations ? -1 : 0;
}

void run_world_free(struct run_world *w)
{
	free(w->explain);
	run_result_free(&w->result);
	if (w->built_layout)
		slurm_layout_free(&w->layout);
	if (w->loaded_trace)
		trace_free(&w->trace);
	if (w->loaded_cluster)
		cluster_free(&w->cluster);
	scenario_free(&w->scenario);
	catalog_free(w->own_catalog);
	memset(w, 0, sizeof *w);
}
