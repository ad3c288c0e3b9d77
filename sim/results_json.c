/*
 * The run's JSON document; the schema is docs/json-schema.md.  Times are
 * printed in seconds with millisecond decimals (exact, from the integer
 * clock), money in dollars from integer cents, other figures with a fixed
 * number of decimals, so the bytes depend only on the run.
 */
#include "sim/results_json.h"

#include <string.h>

#include "models/cost.h"
#include "sim/job_totals.h"
#include "sim/json.h"
#include "sim/outfile.h"
#include "sim/result.h"
#include "sim/runinfo.h"
#include "sim/stats.h"

static void kv_seconds(struct json *w, const char *key, int64_t ms)
{
	json_kv_fixed(w, key, (double)ms / 1000.0, 3);
}

static void dist(struct json *w, const char *key, const struct dist_stats *d,
		 int decimals)
{
	json_key(w, key);
	json_object_begin(w);
	json_kv_int(w, "n", (int64_t)d->n);
	json_kv_fixed(w, "mean", d->mean, decimals);
	json_kv_fixed(w, "p50", d->p50, decimals);
	json_kv_fixed(w, "p95", d->p95, decimals);
	json_kv_fixed(w, "max", d->max, decimals);
	json_object_end(w);
}

static void summary(struct json *w, const struct run_result *r,
		    const struct run_stats *s)
{
	struct job_totals jt;
	job_totals_of(r, &jt);
	json_key(w, "summary");
	json_object_begin(w);
	kv_seconds(w, "start_s", r->start_ms);
	kv_seconds(w, "end_s", r->end_ms);
	kv_seconds(w, "makespan_s", s->makespan_ms);
	json_key(w, "jobs");
	json_object_begin(w);
	json_kv_int(w, "total", (int64_t)s->jobs);
	json_kv_int(w, "started", (int64_t)s->started);
	for (int st = 0; st < JOB_ST_COUNT; st++)
		json_kv_int(w, job_state_name((enum job_state)st),
			    (int64_t)s->by_state[st]);
	json_object_end(w);
	dist(w, "wait_s", &s->wait_s, 3);
	dist(w, "bounded_slowdown", &s->bsld, 4);
	json_kv_fixed(w, "busy_cpu_hours", s->busy_cpu_hours, 6);
	json_kv_fixed(w, "up_cpu_hours", s->up_cpu_hours, 6);
	json_kv_fixed(w, "utilisation", s->utilisation, 6);
	json_kv_int(w, "launches", (int64_t)r->n_launches);
	json_kv_int(w, "spot_interruptions", (int64_t)r->n_spot_interruptions);
	json_kv_int(w, "requeues", (int64_t)r->n_requeues);
	json_kv_int(w, "launch_failures", (int64_t)r->n_launch_failures);
	kv_seconds(w, "lost_work_s", jt.lost_ms);
	json_kv_int(w, "rejected", (int64_t)r->n_rejected);
	json_kv_int(w, "dependency_never_satisfied",
		    (int64_t)r->n_dependency_never);
	kv_seconds(w, "io_s", jt.io_ms);
	kv_seconds(w, "comm_s", jt.comm_ms);
	kv_seconds(w, "jobs_run_s", jt.run_ms);
	json_key(w, "sim_events");
	json_uint(w, r->n_sim_events);
	json_object_end(w);
}

#define MB 1e6

/* The shared storage jobs used; null without one (docs/performance.md). */
static void storage(struct json *w, const struct storage_result *s)
{
	json_key(w, "storage");
	if (!s->present) {
		json_null(w);
		return;
	}
	json_object_begin(w);
	json_kv_str(w, "name", s->name);
	json_kv_fixed(w, "baseline_mb_s", s->baseline_bps / MB, 3);
	json_kv_fixed(w, "peak_mb_s", s->peak_bps / MB, 3);
	json_kv_fixed(w, "peak_baseline_fraction", s->peak_net_fraction, 6);
	kv_seconds(w, "busy_s", s->busy_ms);
	kv_seconds(w, "bottleneck_s", s->saturated_ms);
	kv_seconds(w, "burst_s", s->burst_ms);
	json_kv_fixed(w, "read_bytes", s->bytes_read, 0);
	json_kv_fixed(w, "written_bytes", s->bytes_written, 0);
	json_kv_fixed(w, "from_s3_bytes", s->cold_bytes, 0);
	json_kv_fixed(w, "stored_bytes", s->stored_bytes, 0);
	json_kv_fixed(w, "peak_stored_bytes", s->peak_stored_bytes, 0);
	json_kv_fixed(w, "capacity_bytes", s->capacity_bytes, 0);
	json_kv_fixed(w, "overflow_bytes", s->overflow_bytes, 0);
	kv_seconds(w, "export_s", s->export_ms);
	json_key(w, "export_in_makespan");
	json_bool(w, s->export_counted);
	json_object_end(w);
}

static void queues(struct json *w, const struct run_result *r,
		   const struct run_stats *s, const struct cost_summary *c)
{
	json_key(w, "queues");
	json_array_begin(w);
	for (size_t q = 0; q < r->n_queues; q++) {
		const struct queue_stats *qs = q < s->n_queues ? &s->queues[q] : NULL;
		json_object_begin(w);
		json_kv_str(w, "name", r->queue_names[q]);
		if (qs) {
			json_kv_int(w, "jobs", (int64_t)qs->jobs);
			json_kv_int(w, "started", (int64_t)qs->started);
			json_kv_int(w, "completed", (int64_t)qs->completed);
			dist(w, "wait_s", &qs->wait_s, 3);
			dist(w, "bounded_slowdown", &qs->bsld, 4);
			json_kv_fixed(w, "busy_cpu_hours", qs->busy_cpu_hours, 6);
			json_kv_fixed(w, "up_cpu_hours", qs->up_cpu_hours, 6);
			json_kv_fixed(w, "utilisation", qs->up_cpu_hours > 0
				      ? qs->busy_cpu_hours / qs->up_cpu_hours : 0, 6);
			json_kv_int(w, "launches", (int64_t)qs->launches);
		}
		json_kv_cents(w, "cost_usd", q < c->n_queues ? c->queue_cents[q] : 0);
		json_object_end(w);
	}
	json_array_end(w);
}

static const char *part_name(enum cost_part p)
{
	return p == COST_HEAD ? "head-node" : p == COST_COMPUTE ? "compute" : "storage";
}

static void cost_items(struct json *w, const struct run_result *r,
		       const struct cost_summary *c)
{
	json_key(w, "items");
	json_array_begin(w);
	for (size_t i = 0; i < c->n_items; i++) {
		const struct cost_item *it = &c->items[i];
		json_object_begin(w);
		json_kv_str(w, "name", it->name);
		json_kv_str(w, "part", part_name(it->part));
		if (it->part == COST_COMPUTE) {
			json_kv_str(w, "queue", (size_t)it->queue < r->n_queues
				    ? r->queue_names[it->queue] : NULL);
			json_kv_str(w, "capacity", it->spot ? "spot" : "ondemand");
		}
		if (it->instance_type)
			json_kv_str(w, "instance_type", it->instance_type);
		if (it->storage_type)
			json_kv_str(w, "storage_type", it->storage_type);
		json_kv_fixed(w, "quantity", it->quantity, 6);
		json_kv_str(w, "unit", it->unit);
		if (it->part != COST_STORAGE)
			json_kv_int(w, "lives", (int64_t)it->n_lives);
		json_kv_cents(w, "usd", it->cents);
		json_kv_str(w, "price_note", it->price_note);
		json_object_end(w);
	}
	json_array_end(w);
}

/* The rows grouped by category, in row order (rows of a category are
 * contiguous by construction). */
static void breakdown(struct json *w, const struct cost_summary *c)
{
	json_key(w, "breakdown");
	json_object_begin(w);
	const char *open = NULL;
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct cost_row *row = &c->rows[i];
		if (!open || strcmp(open, row->category)) {
			if (open)
				json_object_end(w);
			json_key(w, row->category);
			json_object_begin(w);
			open = row->category;
		}
		json_kv_cents(w, row->key, row->cents);
	}
	if (open)
		json_object_end(w);
	json_object_end(w);
}

static void cost(struct json *w, const struct run_result *r,
		 const struct cost_summary *c)
{
	json_key(w, "cost");
	json_object_begin(w);
	json_kv_str(w, "currency", "USD");
	json_kv_str(w, "region", c->region);
	kv_seconds(w, "min_billed_s", c->min_billed_ms);
	json_kv_num(w, "hours_per_month", c->hours_per_month);
	json_kv_cents(w, "total_usd", c->total_cents);
	json_kv_cents(w, "head_node_usd", c->head_cents);
	json_kv_cents(w, "compute_usd", c->compute_cents);
	json_kv_cents(w, "storage_usd", c->storage_cents);
	json_kv_cents(w, "ondemand_usd", c->ondemand_cents);
	json_kv_cents(w, "spot_usd", c->spot_cents);
	json_kv_cents(w, "jobs_usd", c->jobs_cents);
	json_kv_cents(w, "idle_usd", c->idle_cents);
	json_kv_cents(w, "spot_lost_usd", c->spot_lost_cents);
	cost_items(w, r, c);
	breakdown(w, c);
	json_object_end(w);
}

void results_json_members(struct json *w, const struct results *res)
{
	json_key(w, "run");
	run_info_write_json(w, res->info);
	summary(w, res->r, res->stats);
	queues(w, res->r, res->stats, res->cost);
	cost(w, res->r, res->cost);
	storage(w, &res->r->storage);
}

int results_json_emit(FILE *fp, const struct results *res)
{
	struct json w;
	json_init(&w, fp, 2);
	json_object_begin(&w);
	json_kv_int(&w, "schema_version", RESULTS_JSON_SCHEMA_VERSION);
	results_json_members(&w, res);
	json_object_end(&w);
	return json_close(&w);
}

int results_json_write(const char *path, const struct results *res,
		       char *err, size_t err_size)
{
	struct outfile o;
	if (outfile_open(&o, path, err, err_size) != 0)
		return -1;
	if (results_json_emit(o.fp, res) != 0) {
		snprintf(err, err_size, "%s: cannot write the JSON document", path);
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o, err, err_size);
}
