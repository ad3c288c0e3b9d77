/* A run described and priced for its writers; see run_results.h. */
#include "sim/run_results.h"

#include <stdio.h>
#include <string.h>

#include "models/catalog/catalog.h"
#include "sim/diag.h"
#include "sim/run.h"

static int describe_inputs(struct run_info *ri, const struct run_opts *o,
			   struct diags *d)
{
	const char *roles[] = { "config", "trace", "scenario", "catalog" };
	const char *paths[] = { o->config_path, o->trace_path, o->scenario_path,
				o->catalog_path };
	char err[1024];
	for (int i = 0; i < 4 && !o->no_input_digests; i++)
		if (paths[i] && run_info_add_input(ri, roles[i], paths[i], err,
						   sizeof err) != 0) {
			diag_error(d, NULL, 0, 0, "%s", err);
			return -1;
		}
	for (size_t i = 0; i < o->n_overrides; i++) {
		char kv[2048];
		snprintf(kv, sizeof kv, "%s=%s", o->overrides[i].key,
			 o->overrides[i].value);
		if (run_info_add_override(ri, kv) != 0)
			return -1;
	}
	return 0;
}

static int add_param(void *ri, const char *key, const char *value)
{
	return run_info_add_param(ri, key, value);
}

/* The scenario as applied (defaults included), so a run can be repeated
 * from its record alone. */
static int describe_scenario(struct run_info *ri, const struct scenario *s)
{
	char v[64];
	snprintf(v, sizeof v, "%lld", (long long)s->boot_latency_ms);
	if (run_info_add_param(ri, "boot_latency_ms", v))
		return -1;
	snprintf(v, sizeof v, "%lld", (long long)s->sample_interval_ms);
	if (run_info_add_param(ri, "sample_interval_ms", v))
		return -1;
	if (fleet_params_describe(&s->fleet, add_param, ri))
		return -1;
	/* Private prices are in the catalog's about text; a speed index
	 * changes runtimes, so it is a parameter of the run. */
	for (size_t i = 0; i < s->n_speeds; i++) {
		char name[160];
		snprintf(name, sizeof name, "speed_index.%s",
			 s->speeds[i].instance_type);
		snprintf(v, sizeof v, "%.17g", s->speeds[i].speed_index);
		if (run_info_add_param(ri, name, v))
			return -1;
	}
	return 0;
}

int run_results_build(struct run_world *w, const struct run_opts *o,
		      const struct run_stats *st, const char *label,
		      struct run_results *rr, struct diags *d)
{
	memset(rr, 0, sizeof *rr);
	run_info_init(&rr->info);
	struct run_info *ri = &rr->info;
	if (describe_inputs(ri, o, d) || describe_scenario(ri, &w->scenario) ||
	    run_info_set(&ri->label, label) ||
	    run_info_set(&ri->policy, sched_policy_name(w->scenario.policy)) ||
	    run_info_set(&ri->catalog_date, catalog_data_date(w->catalog)) ||
	    run_info_set(&ri->catalog_about, catalog_about(w->catalog))) {
		if (!d->n_errors)
			diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	ri->seed = w->scenario.seed;
	ri->replication = o->replication;
	struct cost_opts co;
	cost_opts_init(&co);
	if (cost_compute(&w->result, &w->cluster, w->catalog, &w->trace.strings,
			 &co, &rr->cost, d) != 0)
		return -1;
	if (run_info_set(&ri->region, rr->cost.region))
		return -1;
	rr->res = (struct results){ ri, &w->result, st, &rr->cost,
				    &w->trace.strings };
	return 0;
}

void run_results_free(struct run_results *rr)
{
	cost_summary_free(&rr->cost);
	run_info_free(&rr->info);
	memset(rr, 0, sizeof *rr);
}
