/*
 * What-if machinery: variants, the figures of a run, running variants x
 * replications into a results DB in a fixed order, paired deltas, targets
 * and plan's ranking; see whatif.h.  Grids, instance-type globs, shards and
 * the Pareto front are in whatif_grid.c.
 */
#include "sim/whatif.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "configs/config.h"
#include "models/cost.h"
#include "sim/diag.h"
#include "sim/report.h"
#include "sim/run_results.h"
#include "sim/stats.h"
#include "sim/store.h"
#include "workloads/tparse.h"

const struct whatif_metric_info whatif_metrics[WM_COUNT] = {
	[WM_MAKESPAN_S] = { "makespan_s", "makespan", 1, 0 },
	[WM_COST_USD] = { "cost_usd", "cost", 0, 1 },
	[WM_HEAD_USD] = { "head_node_usd", "  head node", 0, 1 },
	[WM_COMPUTE_USD] = { "compute_usd", "  compute", 0, 1 },
	[WM_STORAGE_USD] = { "storage_usd", "  storage", 0, 1 },
	[WM_ONDEMAND_USD] = { "ondemand_usd", "  compute On-Demand", 0, 1 },
	[WM_SPOT_USD] = { "spot_usd", "  compute Spot", 0, 1 },
	[WM_IDLE_USD] = { "idle_usd", "  compute idle", 0, 1 },
	[WM_WAIT_MEAN_S] = { "wait_mean_s", "wait mean", 1, 0 },
	[WM_WAIT_P50_S] = { "wait_p50_s", "wait p50", 1, 0 },
	[WM_WAIT_P95_S] = { "wait_p95_s", "wait p95", 1, 0 },
	[WM_BSLD_MEAN] = { "bsld_mean", "bounded slowdown", 0, 0 },
	[WM_SPOT_INTERRUPTIONS] = { "spot_interruptions", "Spot interruptions", 0, 0 },
	[WM_REQUEUES] = { "requeues", "requeues", 0, 0 },
	[WM_TIMEOUTS] = { "timeouts", "jobs timed out", 0, 0 },
	[WM_UNFINISHED] = { "unfinished", "jobs not run", 0, 0 },
	[WM_DONE_BY_S] = { "done_by_s", "last job end", 1, 0 },
	[WM_UTILISATION] = { "utilisation", "utilisation", 0, 0 },
};

/* ---- variants ---------------------------------------------------------- */

int whatif_variant_init(struct whatif_variant *v, const char *name,
			const char *config_path)
{
	memset(v, 0, sizeof *v);
	v->name = strdup(name);
	v->config_path = strdup(config_path);
	if (!v->name || !v->config_path) {
		whatif_variant_free(v);
		return -1;
	}
	return 0;
}

int whatif_variant_add_set(struct whatif_variant *v, const char *key,
			   const char *value)
{
	if (v->n_sets == v->cap_sets) {
		size_t cap = v->cap_sets ? 2 * v->cap_sets : 4;
		char **k = realloc(v->keys, cap * sizeof *k);
		if (!k)
			return -1;
		v->keys = k;
		char **val = realloc(v->values, cap * sizeof *val);
		if (!val)
			return -1;
		v->values = val;
		v->cap_sets = cap;
	}
	char *k = strdup(key), *val = strdup(value);
	if (!k || !val) {
		free(k);
		free(val);
		return -1;
	}
	v->keys[v->n_sets] = k;
	v->values[v->n_sets++] = val;
	return 0;
}

int whatif_variant_copy(struct whatif_variant *to,
			const struct whatif_variant *from, const char *name)
{
	if (whatif_variant_init(to, name, from->config_path))
		return -1;
	for (size_t i = 0; i < from->n_sets; i++)
		if (whatif_variant_add_set(to, from->keys[i], from->values[i])) {
			whatif_variant_free(to);
			return -1;
		}
	return 0;
}

void whatif_variant_free(struct whatif_variant *v)
{
	for (size_t i = 0; i < v->n_sets; i++) {
		free(v->keys[i]);
		free(v->values[i]);
	}
	free(v->keys);
	free(v->values);
	free(v->name);
	free(v->config_path);
	memset(v, 0, sizeof *v);
}

int whatif_split_kv(const char *arg, char *key, size_t key_size,
		    const char **value)
{
	const char *eq = config_override_eq(arg);
	if (!eq || !eq[1] || (size_t)(eq - arg) >= key_size)
		return -1;
	memcpy(key, arg, (size_t)(eq - arg));
	key[eq - arg] = '\0';
	*value = eq + 1;
	return 0;
}

const char *whatif_short_key(const char *key, size_t *len)
{
	const char *start = key;
	int depth = 0;
	for (const char *p = key; *p; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		else if (*p == '.' && depth == 0)
			start = p + 1;
	}
	size_t n = strcspn(start, "[");
	*len = n;
	return start;
}

/* ---- one run ----------------------------------------------------------- */

void whatif_run_free(struct whatif_run *r)
{
	free(r->error);
	free(r->warning);
	memset(r, 0, sizeof *r);
}

static double usd(int64_t cents)
{
	return (double)cents / 100.0;
}

static void figures_of(const struct run_world *w, const struct run_stats *st,
		       const struct cost_summary *cs, struct whatif_run *out)
{
	const struct run_result *r = &w->result;
	double *v = out->v;
	v[WM_MAKESPAN_S] = (double)st->makespan_ms / 1000.0;
	v[WM_COST_USD] = usd(cs->total_cents);
	v[WM_HEAD_USD] = usd(cs->head_cents);
	v[WM_COMPUTE_USD] = usd(cs->compute_cents);
	v[WM_STORAGE_USD] = usd(cs->storage_cents);
	v[WM_ONDEMAND_USD] = usd(cs->ondemand_cents);
	v[WM_SPOT_USD] = usd(cs->spot_cents);
	v[WM_IDLE_USD] = usd(cs->idle_cents);
	v[WM_WAIT_MEAN_S] = st->wait_s.mean;
	v[WM_WAIT_P50_S] = st->wait_s.p50;
	v[WM_WAIT_P95_S] = st->wait_s.p95;
	v[WM_BSLD_MEAN] = st->bsld.mean;
	v[WM_SPOT_INTERRUPTIONS] = (double)r->n_spot_interruptions;
	v[WM_REQUEUES] = (double)r->n_requeues;
	v[WM_TIMEOUTS] = (double)st->by_state[JOB_ST_TIMEOUT];
	v[WM_UNFINISHED] = (double)(st->by_state[JOB_ST_REJECTED] +
				    st->by_state[JOB_ST_PENDING] +
				    st->by_state[JOB_ST_NODE_FAIL]);
	int64_t last = 0;
	for (size_t i = 0; i < r->n_jobs; i++)
		if (r->jobs[i].end_ms > last)
			last = r->jobs[i].end_ms;
	v[WM_DONE_BY_S] = (double)last / 1000.0;
	v[WM_UTILISATION] = st->utilisation;
	out->origin_unix = w->trace.origin_unix;
}

static char *first_of(const struct diags *d, enum diag_level level)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == level) {
			char buf[1024];
			diag_format(&d->items[i], buf, sizeof buf);
			return strdup(buf);
		}
	return NULL;
}

/* A run's outputs, held until it is its turn to go into the DB. */
struct one {
	struct run_opts o;
	struct config_override *sets;
	struct run_world w;
	struct run_stats st;
	struct run_results rr;       /* metadata and cost, as run --db has */
	int have_world, have_stats, have_results;
};

static void one_free(struct one *x)
{
	if (x->have_results)
		run_results_free(&x->rr);
	if (x->have_stats)
		run_stats_free(&x->st);
	if (x->have_world)
		run_world_free(&x->w);
	free(x->sets);
}

/* Simulates one (variant, replication), prices and describes it.
 * Returns 0, or -1 with out->error set. */
static int simulate(const struct whatif_common *c, const struct whatif_variant *v,
		    uint32_t rep, struct one *x, struct whatif_run *out)
{
	struct diags d;
	diags_init(&d);
	run_opts_init(&x->o);
	x->sets = calloc(v->n_sets ? v->n_sets : 1, sizeof *x->sets);
	int rc = x->sets ? 0 : -1;
	for (size_t i = 0; x->sets && i < v->n_sets; i++)
		x->sets[i] = (struct config_override){ v->keys[i], v->values[i] };
	x->o.config_path = v->config_path;
	x->o.trace_path = c->trace_path;
	x->o.scenario_path = c->scenario_path;
	x->o.policy = c->policy;
	x->o.overrides = x->sets;
	x->o.n_overrides = v->n_sets;
	x->o.maps = c->maps;
	x->o.n_maps = c->n_maps;
	x->o.trace_opts = c->trace_opts;
	x->o.replication = rep;
	if (rc == 0) {
		x->have_world = 1;
		rc = run_execute(&x->o, &x->w, &d);
	}
	if (rc == 0) {
		rc = run_stats_compute(&x->w.result, &x->st);
		x->have_stats = rc == 0;
		if (rc)
			diag_error(&d, NULL, 0, 0, "out of memory");
	}
	if (rc == 0) {
		x->have_results = 1;
		rc = run_results_build(&x->w, &x->o, &x->st, v->name, &x->rr, &d);
	}
	if (rc == 0)
		figures_of(&x->w, &x->st, &x->rr.cost, out);
	out->ok = rc == 0;
	out->n_warnings = d.n_warnings;
	out->warning = first_of(&d, DIAG_WARNING);
	if (rc) {
		out->error = first_of(&d, DIAG_ERROR);
		if (!out->error)
			out->error = strdup("the run failed");
	}
	diags_free(&d);
	return rc;
}

struct batch {
	const struct whatif_common *c;
	const struct whatif_variant *v;
	struct store *db;
	uint32_t reps, total;
	pthread_mutex_t lock;
	pthread_cond_t turn_cv;
	uint32_t turn;           /* the next slot to go into the DB */
};

/* Waits for slot i's turn: the pool hands out slots in increasing order,
 * so every slot before i is held by a thread that will finish it. */
static void commit_in_order(struct batch *b, uint32_t i, struct one *x,
			    struct whatif_run *out)
{
	pthread_mutex_lock(&b->lock);
	while (b->turn != i)
		pthread_cond_wait(&b->turn_cv, &b->lock);
	if (b->db && out->ok) {
		char err[1024];
		if (store_add_run(b->db, &x->rr.res, &out->run_id, err, sizeof err)) {
			out->ok = 0;
			out->error = strdup(err);
		}
	}
	if (b->c->progress) {
		const struct whatif_variant *v = &b->v[i / b->reps];
		fprintf(b->c->progress, "[%u/%u] %s (replication %u)%s\n",
			i + 1, b->total, v->name, i % b->reps,
			out->ok ? "" : ": failed");
		fflush(b->c->progress);
	}
	b->turn++;
	pthread_cond_broadcast(&b->turn_cv);
	pthread_mutex_unlock(&b->lock);
}

static int task(void *ctx, uint32_t i, void *slot)
{
	struct batch *b = ctx;
	struct whatif_run *out = slot;
	struct one x;
	memset(&x, 0, sizeof x);
	simulate(b->c, &b->v[i / b->reps], i % b->reps, &x, out);
	commit_in_order(b, i, &x, out);
	one_free(&x);
	return out->ok ? 0 : 1;
}

void whatif_common_init(struct whatif_common *c)
{
	memset(c, 0, sizeof *c);
	trace_read_opts_init(&c->trace_opts);
	c->replications = 1;
}

long whatif_run_all(const struct whatif_common *c,
		    const struct whatif_variant *v, size_t n,
		    struct store *db, struct whatif_run *out)
{
	uint32_t reps = c->replications ? c->replications : 1;
	if (n > UINT32_MAX / reps)
		return -1;
	memset(out, 0, n * reps * sizeof *out);
	struct batch b = { .c = c, .v = v, .db = db, .reps = reps,
			   .total = (uint32_t)(n * reps) };
	if (pthread_mutex_init(&b.lock, NULL))
		return -1;
	if (pthread_cond_init(&b.turn_cv, NULL)) {
		pthread_mutex_destroy(&b.lock);
		return -1;
	}
	unsigned threads = c->threads ? c->threads : replicate_default_threads();
	int rc = replicate_run(b.total, threads, task, &b, out, sizeof *out);
	pthread_cond_destroy(&b.turn_cv);
	pthread_mutex_destroy(&b.lock);
	if (rc < 0 && b.turn < b.total)
		return -1;          /* the pool did not start */
	long failed = 0;
	for (uint32_t i = 0; i < b.total; i++)
		failed += !out[i].ok;
	return failed;
}

void whatif_ci(const struct whatif_run *runs, uint32_t r,
	       enum whatif_metric m, struct ci95 *out)
{
	double v[r ? r : 1];
	v[0] = 0;
	size_t n = 0;
	for (uint32_t i = 0; i < r; i++)
		if (runs[i].ok)
			v[n++] = runs[i].v[m];
	ci95_of(v, n, out);
}

/* ---- paired differences ------------------------------------------------ */

void whatif_paired_delta(const double *a, const double *b, size_t n,
			 struct whatif_delta *out)
{
	memset(out, 0, sizeof *out);
	double d[n ? n : 1];
	d[0] = 0;
	for (size_t i = 0; i < n; i++)
		d[i] = b[i] - a[i];
	ci95_of(d, n, &out->ci);
	out->p_value = 1.0;
	if (n < 2)
		return;
	if (out->ci.sd > 0) {
		double t = out->ci.mean / (out->ci.sd / sqrt((double)n));
		out->p_value = 2.0 * gsl_cdf_tdist_Q(fabs(t), (double)(n - 1));
	} else if (out->ci.mean != 0) {
		out->p_value = 0.0;   /* every pair differs by the same amount */
	}
	out->significant = out->ci.lo > 0 || out->ci.hi < 0;
}

void whatif_delta_of(const struct whatif_run *a, const struct whatif_run *b,
		     uint32_t r, enum whatif_metric m, struct whatif_delta *out)
{
	double va[r ? r : 1], vb[r ? r : 1];
	va[0] = vb[0] = 0;
	size_t n = 0;
	for (uint32_t i = 0; i < r; i++)
		if (a[i].ok && b[i].ok) {
			va[n] = a[i].v[m];
			vb[n++] = b[i].v[m];
		}
	whatif_paired_delta(va, vb, n, out);
}

/* ---- targets ----------------------------------------------------------- */

int whatif_duration_parse(const char *s, double *out_s)
{
	if (strchr(s, ':')) {
		int64_t ms;
		if (tp_duration_ms(s, &ms))
			return -1;
		*out_s = (double)ms / 1000.0;
		return 0;
	}
	double total = 0;
	int parts = 0;
	const char *p = s;
	while (*p) {
		char *end;
		double x = strtod(p, &end);
		if (end == p || !(x >= 0) || isinf(x))
			return -1;
		double unit = 1;
		switch (*end) {
		case 's': unit = 1; end++; break;
		case 'm': unit = 60; end++; break;
		case 'h': unit = 3600; end++; break;
		case 'd': unit = 86400; end++; break;
		case '\0':
			if (parts)      /* "1h30": say the unit */
				return -1;
			break;
		default:
			return -1;
		}
		total += x * unit;
		parts++;
		p = end;
	}
	if (!parts)
		return -1;
	*out_s = total;
	return 0;
}

int whatif_target_parse(const char *s, struct whatif_target *t, char *err,
			size_t err_size)
{
	memset(t, 0, sizeof *t);
	snprintf(t->text, sizeof t->text, "%s", s);
	static const struct { const char *prefix; enum whatif_target_kind k; }
	forms[] = {
		{ "makespan<=", TARGET_MAKESPAN },
		{ "p95-wait<=", TARGET_P95_WAIT },
		{ "deadline=", TARGET_DEADLINE },
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		size_t n = strlen(forms[i].prefix);
		if (strncmp(s, forms[i].prefix, n))
			continue;
		const char *v = s + n;
		t->kind = forms[i].k;
		if (t->kind == TARGET_DEADLINE && tp_is_date(v)) {
			if (tp_iso8601_ms(v, &t->deadline_unix_ms) == 0)
				return 0;
			snprintf(err, err_size, "--target %s: '%s' is not a date "
				 "and time (YYYY-MM-DDTHH:MM:SS[Z])", s, v);
			return -1;
		}
		if (whatif_duration_parse(v, &t->limit_s) == 0)
			return 0;
		snprintf(err, err_size, "--target %s: '%s' is not a duration "
			 "(e.g. 4h, 30m, 1h30m, 90s, 2d, 04:00:00)", s, v);
		return -1;
	}
	snprintf(err, err_size, "--target %s: use makespan<=DURATION, "
		 "p95-wait<=DURATION or deadline=DURATION|DATE", s);
	return -1;
}

void whatif_point_of(const struct whatif_run *runs, uint32_t r,
		     size_t index, struct whatif_point *out)
{
	memset(out, 0, sizeof *out);
	out->index = index;
	for (uint32_t i = 0; i < r; i++)
		if (runs[i].ok) {
			out->ok = 1;
			out->origin_unix = runs[i].origin_unix;
		}
	if (!out->ok)
		return;
	for (int m = 0; m < WM_COUNT; m++) {
		struct ci95 ci;
		whatif_ci(runs, r, (enum whatif_metric)m, &ci);
		out->mean[m] = ci.mean;
		if (m == WM_COST_USD)
			out->cost_hi_usd = ci.hi;
	}
}

/* The limit of a target in seconds since the trace's origin (deadlines) or
 * as a duration; -1 when a dated deadline cannot be placed. */
static double target_limit_s(const struct whatif_target *t, int64_t origin_unix)
{
	if (t->kind != TARGET_DEADLINE || !t->deadline_unix_ms)
		return t->limit_s;
	if (!origin_unix)
		return -1;
	return (double)(t->deadline_unix_ms - origin_unix * 1000) / 1000.0;
}

void whatif_judge(struct whatif_point *p, const struct whatif_target *t,
		  size_t n_targets, double budget_usd)
{
	static const enum whatif_metric of[] = {
		[TARGET_MAKESPAN] = WM_MAKESPAN_S,
		[TARGET_P95_WAIT] = WM_WAIT_P95_S,
		[TARGET_DEADLINE] = WM_DONE_BY_S,
	};
	p->feasible = 0;
	if (!p->ok) {
		snprintf(p->why, sizeof p->why, "did not run");
		return;
	}
	if (p->mean[WM_UNFINISHED] > 0) {
		snprintf(p->why, sizeof p->why, "%.3g jobs not run (rejected, "
			 "pending or failed)", p->mean[WM_UNFINISHED]);
		return;
	}
	for (size_t i = 0; i < n_targets; i++) {
		enum whatif_metric m = of[t[i].kind];
		double limit = target_limit_s(&t[i], p->origin_unix);
		if (limit < 0) {
			snprintf(p->why, sizeof p->why, "%s: the trace has no "
				 "dates; give the deadline as a duration",
				 t[i].text);
			return;
		}
		if (p->mean[m] <= limit)
			continue;
		char got[48], want[48];
		whatif_fmt_value(m, p->mean[m], 0, got, sizeof got);
		whatif_fmt_value(m, limit, 0, want, sizeof want);
		snprintf(p->why, sizeof p->why, "%s %s > %s (%.60s)",
			 t[i].kind == TARGET_DEADLINE ? "last job end" :
			 whatif_metrics[m].label, got, want, t[i].text);
		return;
	}
	if (budget_usd >= 0 && p->mean[WM_COST_USD] > budget_usd) {
		snprintf(p->why, sizeof p->why, "cost $%.2f > budget $%.2f",
			 p->mean[WM_COST_USD], budget_usd);
		return;
	}
	p->feasible = 1;
	p->why[0] = '\0';
}

static int by_rank(const void *pa, const void *pb)
{
	const struct whatif_point *a = pa, *b = pb;
	if (a->ok != b->ok)
		return b->ok - a->ok;
	if (a->feasible != b->feasible)
		return b->feasible - a->feasible;
	double ca = a->mean[WM_COST_USD], cb = b->mean[WM_COST_USD];
	if (ca != cb)
		return ca < cb ? -1 : 1;
	double ma = a->mean[WM_MAKESPAN_S], mb = b->mean[WM_MAKESPAN_S];
	if (ma != mb)
		return ma < mb ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

void whatif_rank(struct whatif_point *points, size_t n)
{
	qsort(points, n, sizeof *points, by_rank);
}

void whatif_fmt_value(enum whatif_metric m, double v, int as_delta, char *buf,
		      size_t size)
{
	const char *sign = !as_delta ? "" : v < 0 ? "-" : "+";
	double a = as_delta ? fabs(v) : v;
	if (whatif_metrics[m].is_duration) {
		char d[40];
		report_duration(a, d, sizeof d);
		snprintf(buf, size, "%s%s", sign, d);
	} else if (whatif_metrics[m].is_usd) {
		snprintf(buf, size, "%s$%.2f", sign, a);
	} else if (m == WM_UTILISATION) {
		snprintf(buf, size, "%s%.1f%%", sign, 100.0 * a);
	} else {
		snprintf(buf, size, "%s%.3g", sign, a);
	}
}
