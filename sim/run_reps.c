/* Replications of one run for `pclsim run`; see run_reps.h. */
#include "sim/run_reps.h"

#include <stdlib.h>
#include <string.h>

#include "models/cost.h"
#include "sim/json.h"
#include "sim/outfile.h"
#include "sim/results_json.h"
#include "sim/store.h"

struct reps_ctx {
	const struct run_opts *o;
	const char *label;
};

/* One replication, on a pool thread: everything it touches is its slot or
 * read-only input. */
static int one_rep(void *ctx, uint32_t r, void *slot)
{
	const struct reps_ctx *c = ctx;
	struct run_rep *x = slot;
	diags_init(&x->d);
	x->o = *c->o;
	x->o.replication = r;
	x->have_world = 1;
	int rc = run_execute(&x->o, &x->w, &x->d);
	if (rc == 0) {
		rc = run_stats_compute(&x->w.result, &x->st);
		x->have_stats = rc == 0;
		if (rc)
			diag_error(&x->d, NULL, 0, 0, "out of memory");
	}
	if (rc == 0) {
		x->have_results = 1;
		rc = run_results_build(&x->w, &x->o, &x->st, c->label, &x->rr,
				       &x->d);
	}
	if (rc == 0)
		rep_metrics_of(&x->w.result, &x->st,
			       (double)x->rr.cost.total_cents / 100.0, &x->m);
	x->ok = rc == 0;
	return x->ok ? 0 : 1;
}

int run_reps_execute(const struct run_opts *o, uint32_t n, unsigned threads,
		     const char *label, struct run_reps *out)
{
	memset(out, 0, sizeof *out);
	out->reps = calloc(n ? n : 1, sizeof *out->reps);
	if (!out->reps)
		return -1;
	out->n = n;
	struct reps_ctx c = { o, label };
	if (threads == 0)
		threads = replicate_default_threads();
	int rc = replicate_run(n, threads, one_rep, &c, out->reps,
			       sizeof *out->reps);
	if (rc < 0)
		return -1;
	struct rep_metrics *m = calloc(n ? n : 1, sizeof *m);
	if (!m)
		return -1;
	size_t k = 0;
	for (uint32_t r = 0; r < n; r++) {
		if (out->reps[r].ok)
			m[k++] = out->reps[r].m;
		else
			out->n_failed++;
	}
	int srv = rep_summarise(m, k, &out->summary);
	free(m);
	if (srv)
		return -1;
	return out->n_failed ? 1 : 0;
}

void run_reps_free(struct run_reps *x)
{
	for (uint32_t r = 0; x->reps && r < x->n; r++) {
		struct run_rep *p = &x->reps[r];
		if (p->have_results)
			run_results_free(&p->rr);
		if (p->have_stats)
			run_stats_free(&p->st);
		if (p->have_world)
			run_world_free(&p->w);
		diags_free(&p->d);
	}
	free(x->reps);
	memset(x, 0, sizeof *x);
}

void run_reps_print(FILE *out, const struct run_reps *x)
{
	uint64_t seed = x->n && x->reps[0].have_world ?
			x->reps[0].w.scenario.seed : 0;
	fprintf(out, "pclsim: %u replications, seed %llu (replication r draws "
		"every random stream with index r)\n", x->n,
		(unsigned long long)seed);
	fprintf(out, "  %4s %14s %12s %12s %10s %8s\n", "rep", "makespan_s",
		"cost_usd", "wait_mean_s", "spot_int", "requeues");
	for (uint32_t r = 0; r < x->n; r++) {
		const struct run_rep *p = &x->reps[r];
		if (!p->ok) {
			fprintf(out, "  %4u failed\n", r);
			continue;
		}
		fprintf(out, "  %4u %14.3f %12.2f %12.1f %10.0f %8.0f\n", r,
			p->m.makespan_s, p->m.cost_usd, p->m.wait_mean_s,
			p->m.spot_interruptions, p->m.requeues);
	}
	rep_summary_print(out, &x->summary);
}

static int write_json(const struct run_reps *x, FILE *fp)
{
	struct json w;
	json_init(&w, fp, 2);
	json_object_begin(&w);
	json_kv_int(&w, "schema_version", RESULTS_JSON_SCHEMA_VERSION);
	json_key(&w, "replications");
	json_object_begin(&w);
	json_kv_int(&w, "n", x->n);
	json_key(&w, "seed");
	json_uint(&w, x->n ? x->reps[0].w.scenario.seed : 0);
	json_key(&w, "summary");
	rep_summary_json(&w, &x->summary);
	json_object_end(&w);
	json_key(&w, "runs");
	json_array_begin(&w);
	for (uint32_t r = 0; r < x->n; r++) {
		json_object_begin(&w);
		results_json_members(&w, &x->reps[r].rr.res);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_object_end(&w);
	return json_close(&w);
}

int run_reps_write(const struct run_reps *x, const char *json_path,
		   const char *db_path, char *err, size_t err_size)
{
	if (x->n_failed) {
		snprintf(err, err_size, "%u of %u replications failed: nothing "
			 "written", x->n_failed, x->n);
		return -1;
	}
	if (json_path) {
		struct outfile o;
		if (outfile_open(&o, json_path, err, err_size) != 0)
			return -1;
		if (write_json(x, o.fp) != 0) {
			snprintf(err, err_size, "%s: cannot write the JSON document",
				 json_path);
			outfile_abort(&o);
			return -1;
		}
		if (outfile_commit(&o, err, err_size) != 0)
			return -1;
	}
	if (!db_path)
		return 0;
	struct store *s;
	if (store_open(db_path, &s, err, err_size) != 0)
		return -1;
	for (uint32_t r = 0; r < x->n; r++)
		if (store_add_run(s, &x->reps[r].rr.res, NULL, err, err_size) != 0) {
			store_abort(s);
			return -1;
		}
	return store_close(s, err, err_size);
}
