/*
 * A running job's phases (read -> compute + communication -> write) on the
 * engine, with the storage model kept in step: one engine event stands for
 * the storage's next change and is moved whenever the flows change.
 */
#include "models/jobrun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"
#include "sim/engine.h"
#include "sim/result.h"
#include "workloads/job.h"

static int resolve_reference(struct jobrun *r, const struct catalog *cat,
			     struct diags *d)
{
	const char *name = r->perf.reference_instance;
	if (!name)
		return 0;
	const struct instance_type *it = catalog_instance(cat, name);
	if (!it) {
		const char *near[3];
		size_t n = catalog_suggest(cat, name, near, 3);
		diag_error(d, NULL, 0, 0, "reference instance (--reference-"
			   "instance, perf.reference_instance): unknown "
			   "instance type '%s'%s%s%s%s%s", name,
			   n ? " (did you mean " : "", n ? near[0] : "",
			   n > 1 ? ", " : "", n > 1 ? near[1] : "",
			   n ? "?)" : "");
		if (n)
			diag_add(d, DIAG_NOTE, NULL, 0, 0, "see `pclsim catalog`");
		return -1;
	}
	perf_set_reference(&r->perf, it, r->perf.reference_disable_smt);
	return 0;
}

static int build_targets(struct jobrun *r, const struct cluster *c,
			 const struct catalog *cat, struct diags *d)
{
	int total = 0;
	r->cr_off = calloc((size_t)c->n_queues + 1, sizeof *r->cr_off);
	if (!r->cr_off)
		return -1;
	for (int q = 0; q < c->n_queues; q++) {
		r->cr_off[q] = total;
		total += c->queues[q].n_crs;
	}
	r->cr_off[c->n_queues] = total;
	r->n_queues = c->n_queues;
	r->targets = calloc((size_t)total + 1, sizeof *r->targets);
	r->speed_factor = calloc((size_t)total + 1, sizeof *r->speed_factor);
	r->net_factor = calloc((size_t)total + 1, sizeof *r->net_factor);
	r->node_gbps = calloc((size_t)total + 1, sizeof *r->node_gbps);
	r->first_types = calloc((size_t)total + 1, sizeof *r->first_types);
	r->cr_cfg = calloc((size_t)total + 1, sizeof *r->cr_cfg);
	r->queue_names = calloc((size_t)c->n_queues + 1, sizeof *r->queue_names);
	if (!r->targets || !r->speed_factor || !r->net_factor ||
	    !r->node_gbps || !r->first_types || !r->cr_cfg || !r->queue_names)
		return -1;
	r->catalog = cat;
	int errors = 0;
	for (int q = 0; q < c->n_queues; q++) {
		const struct slurm_queue *sq = &c->queues[q];
		r->queue_names[q] = sq->name;
		for (int k = 0; k < sq->n_crs; k++) {
			const struct compute_resource *cr = &sq->crs[k];
			const char *type = cr->n_instance_types > 0
				? cr->instance_types[0] : NULL;
			const struct instance_type *it =
				type ? catalog_instance(cat, type) : NULL;
			if (!it) {
				diag_error(d, c->path, cr->pos.line, cr->pos.col,
					   "Scheduling.SlurmQueues[%d]."
					   "ComputeResources[%d]: unknown "
					   "instance type '%s'", q, k,
					   type ? type : "");
				errors++;
				continue;
			}
			int t = r->cr_off[q] + k;
			perf_target_for(&r->perf, it, cr, &r->targets[t]);
			r->speed_factor[t] = perf_speed_factor(&r->perf,
							       &r->targets[t]);
			r->net_factor[t] = perf_net_factor(&r->perf,
							   &r->targets[t].net);
			r->node_gbps[t] = it->network_gbps;
			r->first_types[t] = type;
			r->cr_cfg[t] = cr;
		}
	}
	return errors ? -1 : 0;
}

static int build_storage(struct jobrun *r, const struct cluster *c,
			 const struct catalog *cat, struct diags *d)
{
	r->storage_index = storage_pick(c, &r->storage, d);
	if (r->storage_index == -2)
		return -1;
	if (r->storage_index < 0)
		return 0;
	const struct shared_storage *ss = &c->storage[r->storage_index];
	const struct instance_type *head = c->head_node_instance_type
		? catalog_instance(cat, c->head_node_instance_type) : NULL;
	struct fsx_spec spec;
	if (storage_spec_for(ss, &r->storage, c->region,
			     head ? head->network_gbps : 0, c->path, &spec,
			     d) < 0)
		return -1;
	r->storage_name = ss->name;
	fsx_init(&r->fs, &spec);
	return 0;
}

int jobrun_init(struct jobrun *r, const struct cluster *c,
		const struct catalog *cat, const struct perf_params *perf,
		const struct storage_params *storage, size_t n_jobs,
		struct jobrun_events ev, jobrun_done_fn done, void *done_ctx,
		struct diags *d)
{
	*r = (struct jobrun){ .perf = *perf, .storage = *storage, .ev = ev,
			      .done = done, .done_ctx = done_ctx,
			      .storage_index = -1, .io_timer_ms = INT64_MAX };
	r->jobs = calloc(n_jobs + 1, sizeof *r->jobs);
	if (!r->jobs) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	r->n_jobs = n_jobs;
	int bad = resolve_reference(r, cat, d) < 0;
	if (build_targets(r, c, cat, d) < 0)
		bad = 1;
	if (build_storage(r, c, cat, d) < 0)
		bad = 1;
	if (bad) {
		jobrun_free(r);
		return -1;
	}
	return 0;
}

void jobrun_free(struct jobrun *r)
{
	if (r->storage_index >= 0)
		fsx_free(&r->fs);
	storage_ts_free(&r->ts);
	free(r->targets);
	free(r->speed_factor);
	free(r->net_factor);
	free(r->node_gbps);
	free(r->first_types);
	free(r->cr_cfg);
	free(r->cr_off);
	free(r->queue_names);
	free(r->jobs);
	free(r->runs);
	free(r->free_runs);
	*r = (struct jobrun){ .storage_index = -1 };
}

void jobrun_plan(const struct jobrun *r, const struct job_place *p,
		 const struct job *j, struct job_plan *out)
{
	int t = r->cr_off[p->q] + p->cr;
	double gbps = r->node_gbps[t];
	double speed = r->speed_factor[t], net = r->net_factor[t];
	/* A flexible compute resource's other types: resolved when a job
	 * lands on one (rare enough not to be worth a table).  The names
	 * usually are the cluster's own strings, so equal pointers save the
	 * comparison. */
	const struct instance_type *it = p->instance_type &&
		r->first_types[t] && p->instance_type != r->first_types[t] &&
		strcmp(p->instance_type, r->first_types[t])
		? catalog_instance(r->catalog, p->instance_type) : NULL;
	if (it) {
		struct perf_target other;
		perf_target_for(&r->perf, it, r->cr_cfg[t], &other);
		speed = perf_speed_factor(&r->perf, &other);
		net = perf_net_factor(&r->perf, &other.net);
		gbps = it->network_gbps;
	}
	struct job_times jt;
	perf_job_times_by(&r->perf, speed, net, j->runtime_ms, p->nodes,
			  j->comm_fraction, &jt);
	out->compute_ms = jt.compute_ms;
	out->comm_ms = jt.comm_ms;
	/* A type whose bandwidth the catalog lacks gets one TCP flow's. */
	if (!(gbps > 0))
		gbps = r->perf.net.tcp_flow_gbps_no_pg;
	out->cap_bps = storage_flow_cap_bps(p->nodes, gbps);
	if (r->storage_index < 0) {      /* no storage: no I/O phases */
		out->read_bytes = out->write_bytes = 0;
		out->compress_ratio = 1;
		return;
	}
	storage_job_io(&r->storage, r->queue_names[p->q], j, &out->read_bytes,
		       &out->write_bytes, &out->compress_ratio);
}

/* The rates the flows have now, for the throughput samples. */
static void sample_io(struct jobrun *r, int64_t now_ms)
{
	if (r->ts.interval_ms <= 0)
		return;
	double rd = 0, wr = 0;
	for (size_t i = 0; i < r->fs.n_flows; i++) {
		const struct fsx_flow *f = &r->fs.flows[i];
		if (!f->live)
			continue;
		if (f->write)
			wr += f->rate_bps;
		else
			rd += f->rate_bps;
	}
	storage_ts_change(&r->ts, now_ms, rd, wr);
}

/* Keeps the one storage event at the storage's next change. */
static void resched_io(struct jobrun *r, struct engine *eng)
{
	sample_io(r, eng->now_ms);
	int64_t next = fsx_next_ms(&r->fs);
	if (r->io_timer && engine_pending(eng, r->io_timer) &&
	    next == r->io_timer_ms)
		return;
	if (r->io_timer)
		engine_cancel(eng, r->io_timer);
	r->io_timer = 0;
	r->io_timer_ms = next;
	if (next != INT64_MAX)
		r->io_timer = engine_schedule(eng, next, r->ev.cls,
					      r->ev.kind_io, 0, 0);
}

/* Job ji's phases while it runs; NULL when it is not running. */
static struct jobrun_run *run_of(const struct jobrun *r, int32_t ji)
{
	int32_t k = r->jobs[ji].run;
	return k ? &r->runs[k - 1] : NULL;
}

/* A slot for job ji, which starts running (NULL and oom when memory ran
 * out).  The pointer holds until the next slot is taken. */
static struct jobrun_run *run_take(struct jobrun *r, int32_t ji)
{
	size_t k;
	if (r->n_free_runs > 0) {
		k = (size_t)r->free_runs[--r->n_free_runs];
	} else {
		if (r->n_runs == r->cap_runs) {
			size_t cap = r->cap_runs ? 2 * r->cap_runs : 64;
			struct jobrun_run *nr = realloc(r->runs, cap * sizeof *nr);
			if (nr)
				r->runs = nr;
			int32_t *nf = nr ? realloc(r->free_runs,
						   cap * sizeof *nf) : NULL;
			if (!nf) {
				r->oom = 1;
				return NULL;
			}
			r->free_runs = nf;
			r->cap_runs = cap;
		}
		k = r->n_runs++;
	}
	r->jobs[ji].run = (int32_t)k + 1;
	struct jobrun_run *rr = &r->runs[k];
	*rr = (struct jobrun_run){ .flow = -1 };
	return rr;
}

/* Job ji stops running: its slot is free again. */
static void run_drop(struct jobrun *r, int32_t ji)
{
	r->free_runs[r->n_free_runs++] = r->jobs[ji].run - 1;
	r->jobs[ji].run = 0;
}

static int start_flow(struct jobrun *r, struct engine *eng, int32_t ji,
		      struct jobrun_run *rr, int write)
{
	double bytes = write ? rr->plan.write_bytes : rr->plan.read_bytes;
	if (!(bytes > 0) || r->storage_index < 0)
		return 0;
	struct fsx_flow_req req = { .bytes = bytes, .cap_bps = rr->plan.cap_bps,
				    .write = write,
				    .compress_ratio = rr->plan.compress_ratio,
				    .tag = ji };
	rr->flow = fsx_add_flow(&r->fs, eng->now_ms, &req);
	if (rr->flow < 0) {
		r->oom = 1;
		return 0;
	}
	return 1;
}

/* Enters phase ph, skipping phases that take no time; PHASE_IDLE (or
 * skipping past the write) ends the job. */
static void enter(struct jobrun *r, struct engine *eng, int32_t ji, int ph)
{
	struct jobrun_run *rr = run_of(r, ji);
	rr->phase_start_ms = eng->now_ms;
	rr->flow = -1;
	if (ph == PHASE_READ) {
		if (start_flow(r, eng, ji, rr, 0)) {
			rr->phase = PHASE_READ;
			return;
		}
		ph = PHASE_COMPUTE;
	}
	if (ph == PHASE_COMPUTE) {
		int64_t dur = rr->plan.compute_ms + rr->plan.comm_ms;
		if (dur > 0) {
			rr->phase = PHASE_COMPUTE;
			rr->timer = engine_schedule(eng, eng->now_ms + dur,
						    r->ev.cls,
						    r->ev.kind_compute, ji, 0);
			return;
		}
		ph = PHASE_WRITE;
	}
	if (ph == PHASE_WRITE && start_flow(r, eng, ji, rr, 1)) {
		rr->phase = PHASE_WRITE;
		return;
	}
	run_drop(r, ji);
	r->done(r->done_ctx, ji);
}

/* Moves the jobs whose I/O finished on, then the storage event. */
static void settle(struct jobrun *r, struct engine *eng)
{
	int64_t id, tag;
	while (fsx_pop_done(&r->fs, &id, &tag)) {
		const struct jobrun_run *rr = run_of(r, (int32_t)tag);
		if (!rr || rr->flow != id)
			continue;       /* killed before it was taken */
		r->jobs[tag].io_ms += eng->now_ms - rr->phase_start_ms;
		enter(r, eng, (int32_t)tag,
		      rr->phase == PHASE_READ ? PHASE_COMPUTE : PHASE_IDLE);
	}
	resched_io(r, eng);
}

void jobrun_begin(struct jobrun *r, struct engine *eng, int32_t ji,
		  const struct job_place *p, const struct job *j)
{
	struct jobrun_run *rr = run_take(r, ji);
	if (!rr)
		return;
	struct job_plan *pl = &rr->plan;
	jobrun_plan(r, p, j, pl);
	int64_t dur = pl->compute_ms + pl->comm_ms, kept = r->jobs[ji].kept_ms;
	if (kept > 0 && dur > 0) {
		if (kept > dur)
			kept = dur;
		int64_t comm_kept = kept * pl->comm_ms / dur;
		pl->comm_ms -= comm_kept;
		pl->compute_ms -= kept - comm_kept;
	}
	enter(r, eng, ji, PHASE_READ);
	if (r->storage_index >= 0)
		settle(r, eng);
}

int64_t jobrun_fixed_end_ms(const struct jobrun *r, const struct engine *eng,
			    int32_t ji)
{
	const struct jobrun_run *rr = run_of(r, ji);
	if (r->storage_index >= 0)
		return INT64_MAX;
	if (!rr)
		return eng->now_ms;     /* its phases took no time */
	if (rr->phase != PHASE_COMPUTE)
		return rr->phase_start_ms;
	return rr->phase_start_ms + rr->plan.compute_ms + rr->plan.comm_ms;
}

void jobrun_kill(struct jobrun *r, struct engine *eng, int32_t ji)
{
	struct jobrun_run *rr = run_of(r, ji);
	if (!rr)
		return;
	struct jobrun_job *jj = &r->jobs[ji];
	int64_t elapsed = eng->now_ms - rr->phase_start_ms;
	switch (rr->phase) {
	case PHASE_READ:
	case PHASE_WRITE:
		jj->io_ms += elapsed;
		fsx_remove_flow(&r->fs, eng->now_ms, rr->flow);
		run_drop(r, ji);
		settle(r, eng);
		break;
	case PHASE_COMPUTE: {
		engine_cancel(eng, rr->timer);
		int64_t dur = rr->plan.compute_ms + rr->plan.comm_ms;
		jj->comm_ms += dur > 0 ? elapsed * rr->plan.comm_ms / dur : 0;
		run_drop(r, ji);
		break;
	}
	default:
		break;
	}
}

void jobrun_on_event(struct jobrun *r, struct engine *eng,
		     const struct event *ev)
{
	if (ev->kind == r->ev.kind_io) {
		r->io_timer = 0;
		r->io_timer_ms = INT64_MAX;
		if (fsx_advance(&r->fs, eng->now_ms) < 0)
			r->oom = 1;
		settle(r, eng);
		return;
	}
	if (ev->kind != r->ev.kind_compute)
		return;
	int32_t ji = (int32_t)ev->a;
	struct jobrun_run *rr = run_of(r, ji);
	if (!rr || rr->phase != PHASE_COMPUTE)
		return;
	rr->timer = 0;
	r->jobs[ji].comm_ms += rr->plan.comm_ms;
	enter(r, eng, ji, PHASE_WRITE);
	if (r->storage_index >= 0)
		settle(r, eng);
}

void jobrun_sample_every(struct jobrun *r, int64_t interval_ms)
{
	storage_ts_init(&r->ts, r->storage_index >= 0 ? interval_ms : 0);
}

int jobrun_take_storage_samples(struct jobrun *r, struct storage_sample **out,
				size_t *n)
{
	return storage_ts_take(&r->ts, out, n);
}

const struct fsx_stats *jobrun_storage_stats(const struct jobrun *r)
{
	return r->storage_index >= 0 ? &r->fs.stats : NULL;
}

int64_t jobrun_counted_export_ms(const struct jobrun *r)
{
	if (r->storage_index < 0 || !r->storage.count_export)
		return 0;
	return fsx_export_ms(&r->fs);
}

void jobrun_storage_result(const struct jobrun *r, struct storage_result *out)
{
	*out = (struct storage_result){ 0 };
	if (r->storage_index < 0)
		return;
	const struct fsx_stats *st = &r->fs.stats;
	out->present = 1;
	snprintf(out->name, sizeof out->name, "%s",
		 r->storage_name ? r->storage_name : "");
	out->baseline_bps = r->fs.spec.res[FSX_RES_NET].baseline_bps;
	out->peak_bps = st->peak_bps;
	out->peak_net_fraction = st->peak_net_fraction;
	out->bytes_read = st->bytes_read;
	out->bytes_written = st->bytes_written;
	out->cold_bytes = st->cold_bytes;
	out->stored_bytes = st->stored_bytes;
	out->peak_stored_bytes = st->peak_stored_bytes;
	out->capacity_bytes = r->fs.spec.capacity_bytes;
	out->overflow_bytes = fsx_overflow_bytes(&r->fs);
	out->busy_ms = st->busy_ms;
	out->saturated_ms = st->saturated_ms;
	out->burst_ms = st->burst_ms;
	out->export_ms = fsx_export_ms(&r->fs);
	out->export_counted = r->storage.count_export;
}
