/* The human summary; see report.h. */
#include "sim/report.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

#include "sim/run.h"
#include "sim/stats.h"

void report_duration(double seconds, char *buf, size_t size)
{
	if (!(seconds >= 0)) {
		snprintf(buf, size, "-");
		return;
	}
	int64_t s = (int64_t)llround(seconds);
	if (s < 60)
		snprintf(buf, size, "%" PRId64 "s", s);
	else if (s < 3600)
		snprintf(buf, size, "%" PRId64 "m %02" PRId64 "s", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%" PRId64 "h %02" PRId64 "m", s / 3600,
			 s / 60 % 60);
	else
		snprintf(buf, size, "%" PRId64 "d %02" PRId64 ":%02" PRId64 ":%02"
			 PRId64, s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
}

static void line_dist_time(FILE *out, const char *label,
			   const struct dist_stats *d)
{
	char m[32], p50[32], p95[32], mx[32];
	report_duration(d->mean, m, sizeof m);
	report_duration(d->p50, p50, sizeof p50);
	report_duration(d->p95, p95, sizeof p95);
	report_duration(d->max, mx, sizeof mx);
	fprintf(out, "%-18s mean %s, p50 %s, p95 %s, max %s  (s: %.1f / %.1f / %.1f / %.1f)\n",
		label, m, p50, p95, mx, d->mean, d->p50, d->p95, d->max);
}

static void queue_table(FILE *out, const struct run_world *w,
			const struct run_stats *st)
{
	const struct run_result *r = &w->result;
	fprintf(out, "\n%-16s %8s %8s %8s %12s %12s %10s %7s %8s\n", "queue", "jobs",
		"ran", "rejected", "wait mean", "wait p95", "bsld mean", "util",
		"launches");
	for (size_t q = 0; q < st->n_queues; q++) {
		const struct queue_stats *qs = &st->queues[q];
		char wm[32], wp[32];
		report_duration(qs->wait_s.mean, wm, sizeof wm);
		report_duration(qs->wait_s.p95, wp, sizeof wp);
		double util = qs->up_cpu_hours > 0 ?
			      100.0 * qs->busy_cpu_hours / qs->up_cpu_hours : 0;
		fprintf(out, "%-16s %8zu %8zu %8zu %12s %12s %10.2f %6.1f%% %8zu\n",
			r->queue_names[q], qs->jobs, qs->started, qs->rejected, wm, wp,
			qs->bsld.mean, util, qs->launches);
	}
}

/* What the fleet did to the run (docs/fleet.md): only when it did
 * something, so an On-Demand run's summary stays as it was. */
static void cloud_events(FILE *out, const struct run_result *r,
			 int64_t lost_ms)
{
	if (!r->n_spot_interruptions && !r->n_requeues && !r->n_launch_failures)
		return;
	fprintf(out, "%-18s %zu Spot interruption%s, %zu requeue%s (%.1f h of "
		"work lost), %zu failed launch%s\n", "cloud events",
		r->n_spot_interruptions, r->n_spot_interruptions == 1 ? "" : "s",
		r->n_requeues, r->n_requeues == 1 ? "" : "s",
		(double)lost_ms / 3600000.0, r->n_launch_failures,
		r->n_launch_failures == 1 ? "" : "es");
}

static void rejected_list(FILE *out, const struct run_result *r)
{
	if (r->n_rejected == 0)
		return;
	fprintf(out, "rejected          %zu job%s no node of its queue can ever run:",
		r->n_rejected, r->n_rejected == 1 ? "" : "s");
	size_t shown = 0;
	for (size_t i = 0; i < r->n_jobs && shown < 10; i++)
		if (r->jobs[i].state == JOB_ST_REJECTED) {
			fprintf(out, " %" PRId64, r->jobs[i].job_id);
			shown++;
		}
	fprintf(out, "%s\n", r->n_rejected > shown ? " ..." : "");
}

/* Sizes in decimal units, as AWS quotes storage and throughput. */
static void report_bytes(double bytes, char *buf, size_t size)
{
	static const char *const unit[] = { "B", "kB", "MB", "GB", "TB", "PB" };
	int u = 0;
	while (bytes >= 1000 && u < 5) {
		bytes /= 1000;
		u++;
	}
	snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", bytes, unit[u]);
}

/* Time jobs spent in I/O and communication, and how hard the shared
 * storage was driven: "saturated" is time during which the storage, not
 * the nodes' network, limited some job (it was the bottleneck). */
static void perf_lines(FILE *out, const struct run_result *r,
		       const struct job_totals *t)
{
	int64_t io_ms = t->io_ms, comm_ms = t->comm_ms, run_ms = t->run_ms;
	const struct storage_result *s = &r->storage;
	if (io_ms == 0 && comm_ms == 0 && !s->present)
		return;
	char a[32], b[32], c[32];
	double share = run_ms > 0 ? 100.0 / (double)run_ms : 0;
	report_duration((double)io_ms / 1000.0, a, sizeof a);
	report_duration((double)comm_ms / 1000.0, b, sizeof b);
	fprintf(out, "%-18s I/O %s (%.1f%%), communication %s (%.1f%%) of "
		"jobs' run time, summed over jobs\n", "job time in",
		a, (double)io_ms * share, b, (double)comm_ms * share);
	if (!s->present)
		return;
	if (s->bytes_read == 0 && s->bytes_written == 0) {
		fprintf(out, "%-18s %s: no job read or wrote (read_gb, write_gb: "
			"trace columns or the scenario's storage:)\n", "storage",
			s->name);
		return;
	}
	report_bytes(s->peak_bps, a, sizeof a);
	report_bytes(s->baseline_bps, b, sizeof b);
	fprintf(out, "%-18s %s: peak %s/s of %s/s baseline (%.0f%%)\n",
		"storage", s->name, a, b, 100.0 * s->peak_net_fraction);
	report_duration((double)s->busy_ms / 1000.0, a, sizeof a);
	report_duration((double)s->saturated_ms / 1000.0, b, sizeof b);
	report_duration((double)s->burst_ms / 1000.0, c, sizeof c);
	fprintf(out, "%-18s in use %s, the bottleneck %s (%.0f%% of the time "
		"in use), bursting %s\n", "", a, b,
		s->busy_ms > 0 ? 100.0 * (double)s->saturated_ms /
				 (double)s->busy_ms : 0.0, c);
	report_bytes(s->bytes_read, a, sizeof a);
	report_bytes(s->bytes_written, b, sizeof b);
	report_bytes(s->cold_bytes, c, sizeof c);
	fprintf(out, "%-18s read %s (%s loaded from S3), written %s\n", "", a,
		c, b);
	report_bytes(s->peak_stored_bytes, a, sizeof a);
	report_bytes(s->capacity_bytes, b, sizeof b);
	fprintf(out, "%-18s stored at most %s of %s\n", "", a, b);
	if (s->overflow_bytes > 0) {
		report_bytes(s->overflow_bytes, a, sizeof a);
		fprintf(out, "%-18s stored data exceeds the capacity by %s\n",
			"WARNING", a);
	}
	if (s->export_ms > 0) {
		report_duration((double)s->export_ms / 1000.0, a, sizeof a);
		fprintf(out, "%-18s ExportPath write-back %s (%s the makespan)\n",
			"", a, s->export_counted ? "counted in" : "not in");
	}
}

void report_summary(FILE *out, const struct run_world *w,
		    const struct run_stats *st)
{
	const struct run_result *r = &w->result;
	char buf[64];
	fprintf(out, "pclsim %s: %s with %s (%zu jobs, %s), policy %s\n",
		PCLSIM_VERSION, w->cluster.path ? w->cluster.path : "-",
		w->trace.path ? w->trace.path : "-", w->trace.n,
		w->trace.format ? w->trace.format : "?",
		sched_policy_name(w->scenario.policy));
	report_duration((double)r->makespan_ms / 1000.0, buf, sizeof buf);
	fprintf(out, "%-18s %s (%.0f s)\n", "makespan", buf,
		(double)r->makespan_ms / 1000.0);
	fprintf(out, "%-18s %zu completed, %zu timeout, %zu node-fail, %zu rejected, %zu pending\n",
		"jobs", st->by_state[JOB_ST_COMPLETED], st->by_state[JOB_ST_TIMEOUT],
		st->by_state[JOB_ST_NODE_FAIL], st->by_state[JOB_ST_REJECTED],
		st->by_state[JOB_ST_PENDING]);
	if (w->result.n_dependency_never)
		fprintf(out, "%-18s %zu pending because their afterok dependency "
			"did not complete\n", "", w->result.n_dependency_never);
	line_dist_time(out, "wait", &st->wait_s);
	fprintf(out, "%-18s mean %.2f, p50 %.2f, p95 %.2f, max %.2f  (tau = 10 s)\n",
		"bounded slowdown", st->bsld.mean, st->bsld.p50, st->bsld.p95,
		st->bsld.max);
	fprintf(out, "%-18s %.1f%% (%.1f busy of %.1f CPU-hours up)\n", "utilisation",
		100.0 * st->utilisation, st->busy_cpu_hours, st->up_cpu_hours);
	size_t statics = 0;
	for (size_t i = 0; i < r->n_nodes_info; i++)
		statics += r->nodes_info[i].is_static;
	fprintf(out, "%-18s %zu (%zu static at start, %zu dynamic launches)\n",
		"nodes launched", r->n_launches, statics,
		r->n_launches > statics ? r->n_launches - statics : 0);
	cloud_events(out, r, st->totals.lost_ms);
	perf_lines(out, r, &st->totals);
	rejected_list(out, r);
	queue_table(out, w, st);
}
