/*
 * The scenario's fleet keys that need more than a number from a table
 * (scenario_fleet.h):
 *
 *   boot:
 *     latency_s: 294            # fixed, allocation -> up, no resume wait
 *     distribution: lognormal   # fixed | lognormal | quantiles
 *     median_s: 279
 *     sigma: 0.076
 *     quantiles: [[0, 150], [0.5, 280], [1, 330]]
 *     resume_interval_s: 30
 *   spot:
 *     bucket_monthly_prob: [0.025, 0.075, 0.125, 0.175, 0.25]
 *     pools:
 *       - {instance_type: c5n.18xlarge, region: us-east-1,
 *          hazard_per_hour: 0.01, launch_fail_prob: 0.05}
 *   checkpoint: {interval_s: 3600}   # or {on_notice: true}
 */
#include "configs/scenario_fleet.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "configs/scenario.h"
#include "sim/diag.h"

#define ERR(d, file, node, ...) \
	diag_error((d), (file), (int)(node)->start_mark.line + 1, \
		   (int)(node)->start_mark.column + 1, __VA_ARGS__)

static const char *scalar(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
					   : NULL;
}

/* A finite number of n in [min, max]; returns 0, or 1 with an error. */
static int number(const char *file, const char *path, yaml_node_t *n,
		  double min, double max, double *out, struct diags *d)
{
	const char *s = scalar(n);
	char *end;
	errno = 0;
	double v = s ? strtod(s, &end) : 0;
	if (!s || end == s || *end || errno || !isfinite(v) || v < min ||
	    v > max) {
		ERR(d, file, n, "%s: '%s' is not a number between %g and %g",
		    path, s ? s : "(not a scalar)", min, max);
		return 1;
	}
	*out = v;
	return 0;
}

static int boolean(const char *file, const char *path, yaml_node_t *n,
		   int *out, struct diags *d)
{
	const char *s = scalar(n);
	if (s && (!strcmp(s, "true") || !strcmp(s, "false"))) {
		*out = s[0] == 't';
		return 0;
	}
	ERR(d, file, n, "%s: expected true or false", path);
	return 1;
}

/* boot.quantiles: [[p, seconds], ...] */
static int load_quantiles(const char *file, yaml_document_t *doc,
			  const char *path, yaml_node_t *v, struct scenario *s,
			  struct diags *d)
{
	struct boot_params *b = &s->fleet.boot;
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(d, file, v, "%s: expected a list of [probability, seconds] "
		    "pairs", path);
		return 1;
	}
	int n = 0, errors = 0;
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++, n++) {
		yaml_node_t *pair = yaml_document_get_node(doc, *it);
		if (n == BOOT_MAX_QUANTILES) {
			ERR(d, file, pair, "%s: at most %d points", path,
			    BOOT_MAX_QUANTILES);
			return errors + 1;
		}
		if (pair->type != YAML_SEQUENCE_NODE ||
		    pair->data.sequence.items.top -
		    pair->data.sequence.items.start != 2) {
			ERR(d, file, pair, "%s[%d]: expected [probability, seconds]",
			    path, n);
			errors++;
			continue;
		}
		yaml_node_t *p = yaml_document_get_node(doc, pair->data.sequence.items.start[0]);
		yaml_node_t *sec = yaml_document_get_node(doc, pair->data.sequence.items.start[1]);
		errors += number(file, path, p, 0, 1, &b->q_p[n], d);
		errors += number(file, path, sec, 0, 86400, &b->q_s[n], d);
	}
	b->n_q = n;
	return errors;
}

/* spot.bucket_monthly_prob: five probabilities, best bucket first. */
static int load_buckets(const char *file, yaml_document_t *doc,
			const char *path, yaml_node_t *v, struct scenario *s,
			struct diags *d)
{
	if (v->type != YAML_SEQUENCE_NODE ||
	    v->data.sequence.items.top - v->data.sequence.items.start !=
	    SPOT_N_BUCKETS) {
		ERR(d, file, v, "%s: expected a list of %d probabilities (the "
		    "Advisor buckets <5%%, 5-10%%, 10-15%%, 15-20%%, >20%%)", path,
		    SPOT_N_BUCKETS);
		return 1;
	}
	int errors = 0;
	for (int i = 0; i < SPOT_N_BUCKETS; i++)
		errors += number(file, path, yaml_document_get_node(doc,
				 v->data.sequence.items.start[i]), 0, 1,
				 &s->fleet.spot.bucket_monthly_prob[i], d);
	return errors;
}

static int pool_key(const char *file, const char *path, yaml_node_t *k,
		    yaml_node_t *v, struct pool_override *o, struct diags *d)
{
	const char *key = scalar(k);
	char **str = NULL;
	if (key && !strcmp(key, "instance_type"))
		str = &o->instance_type;
	else if (key && !strcmp(key, "region"))
		str = &o->region;
	if (str) {
		const char *val = scalar(v);
		if (!val || !*val) {
			ERR(d, file, v, "%s.%s: expected a name", path, key);
			return 1;
		}
		free(*str);
		*str = strdup(val);
		return *str ? 0 : (ERR(d, file, v, "out of memory"), 1);
	}
	if (key && !strcmp(key, "hazard_per_hour"))
		return number(file, path, v, 0, 9999, &o->spot_hazard_per_hour, d);
	if (key && !strcmp(key, "launch_fail_prob"))
		return number(file, path, v, 0, 0.999999, &o->launch_fail_prob, d);
	ERR(d, file, k, "%s.%s: unknown key (allowed: instance_type, region, "
	    "hazard_per_hour, launch_fail_prob)", path, key ? key : "?");
	return 1;
}

/* spot.pools: a list of per-pool settings. */
static int load_pools(const char *file, yaml_document_t *doc,
		      const char *path, yaml_node_t *v, struct scenario *s,
		      struct diags *d)
{
	struct fleet_params *f = &s->fleet;
	if (v->type != YAML_SEQUENCE_NODE) {
		ERR(d, file, v, "%s: expected a list of pools", path);
		return 1;
	}
	int errors = 0, i = 0;
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++, i++) {
		yaml_node_t *m = yaml_document_get_node(doc, *it);
		char ipath[160];
		snprintf(ipath, sizeof ipath, "%s[%d]", path, i);
		if (m->type != YAML_MAPPING_NODE) {
			ERR(d, file, m, "%s: expected a mapping", ipath);
			errors++;
			continue;
		}
		struct pool_override *np = realloc(f->pools, (f->n_pools + 1) *
						   sizeof *np);
		if (!np) {
			ERR(d, file, m, "out of memory");
			return errors + 1;
		}
		f->pools = np;
		struct pool_override *o = &f->pools[f->n_pools++];
		*o = (struct pool_override){ NULL, NULL, -1.0, -1.0 };
		for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
		     p < m->data.mapping.pairs.top; p++)
			errors += pool_key(file, ipath,
					   yaml_document_get_node(doc, p->key),
					   yaml_document_get_node(doc, p->value),
					   o, d);
		if (!o->instance_type) {
			ERR(d, file, m, "%s: instance_type is required", ipath);
			errors++;
		}
	}
	return errors;
}

static int load_distribution(const char *file, const char *path,
			     yaml_node_t *v, struct scenario *s,
			     struct diags *d)
{
	static const char *const names[] = { "fixed", "lognormal", "quantiles" };
	const char *val = scalar(v);
	for (int k = 0; val && k < 3; k++)
		if (!strcmp(val, names[k])) {
			s->fleet.boot.kind = (enum boot_kind)k;
			s->fleet_given.distribution = 1;
			return 0;
		}
	ERR(d, file, v, "%s: '%s' is not a distribution (allowed: fixed, "
	    "lognormal, quantiles)", path, val ? val : "(not a scalar)");
	return 1;
}

int scenario_load_fleet_key(const char *file, yaml_document_t *doc,
			    const char *path, yaml_node_t *v,
			    struct scenario *s, struct diags *d)
{
	struct fleet_params *f = &s->fleet;
	struct scenario_fleet_given *g = &s->fleet_given;
	double x;
	if (!strcmp(path, "boot.latency_s")) {
		if (number(file, path, v, 0, 86400, &x, d))
			return 1;
		s->boot_latency_ms = (int64_t)llround(x * 1000.0);
		f->boot.fixed_s = x;
		g->fixed_latency = 1;
		return 0;
	}
	if (!strcmp(path, "boot.distribution"))
		return load_distribution(file, path, v, s, d);
	if (!strcmp(path, "boot.median_s") || !strcmp(path, "boot.sigma")) {
		int median = path[5] == 'm';
		if (number(file, path, v, median ? 0.001 : 0, median ? 86400 : 10,
			   &x, d))
			return 1;
		*(median ? &f->boot.median_s : &f->boot.sigma) = x;
		g->lognormal = 1;
		return 0;
	}
	if (!strcmp(path, "boot.quantiles")) {
		g->quantiles = 1;
		return load_quantiles(file, doc, path, v, s, d);
	}
	if (!strcmp(path, "boot.resume_interval_s")) {
		if (number(file, path, v, 0, 3600, &x, d))
			return 1;
		f->resume_interval_ms = (int64_t)llround(x * 1000.0);
		g->resume_interval = 1;
		return 0;
	}
	if (!strcmp(path, "spot.bucket_monthly_prob"))
		return load_buckets(file, doc, path, v, s, d);
	if (!strcmp(path, "spot.pools"))
		return load_pools(file, doc, path, v, s, d);
	if (!strcmp(path, "checkpoint.interval_s")) {
		if (number(file, path, v, 1, 1e7, &x, d))
			return 1;
		f->ckpt_interval_ms = (int64_t)llround(x * 1000.0);
		g->ckpt_interval = 1;
		return 0;
	}
	if (!strcmp(path, "checkpoint.on_notice")) {
		int on;
		if (boolean(file, path, v, &on, d))
			return 1;
		g->ckpt_notice = (uint8_t)on;
		return 0;
	}
	ERR(d, file, v, "%s: not a fleet key", path);
	return 1;
}

/* Which boot distribution the keys given ask for; -1 when they disagree. */
static int boot_kind_of(const struct scenario *s)
{
	const struct scenario_fleet_given *g = &s->fleet_given;
	int kind = s->fleet.boot.kind;
	int shapes = (g->fixed_latency != 0) + (g->lognormal != 0) +
		     (g->quantiles != 0);
	if (shapes > 1)
		return -1;
	int implied = g->fixed_latency ? BOOT_FIXED : g->lognormal ?
		      BOOT_LOGNORMAL : g->quantiles ? BOOT_QUANTILES : -1;
	if (implied < 0)
		return kind;
	if (g->distribution && kind != implied)
		return -1;
	return implied;
}

int scenario_fleet_finish(const char *file, struct scenario *s,
			  struct diags *d)
{
	struct fleet_params *f = &s->fleet;
	const struct scenario_fleet_given *g = &s->fleet_given;
	int errors = 0;
	int kind = boot_kind_of(s);
	if (kind < 0) {
		diag_error(d, file, 0, 0, "boot: latency_s (fixed), median_s/sigma "
			   "(lognormal) and quantiles each choose a distribution: "
			   "give the keys of one, matching boot.distribution");
		errors++;
	} else {
		f->boot.kind = (enum boot_kind)kind;
	}
	if (g->fixed_latency && !g->resume_interval)
		f->resume_interval_ms = 0;   /* latency_s is the whole wait */
	if (g->ckpt_interval && g->ckpt_notice) {
		diag_error(d, file, 0, 0, "checkpoint: interval_s and on_notice "
			   "exclude each other");
		errors++;
	}
	f->ckpt = g->ckpt_interval ? CKPT_PERIODIC :
		  g->ckpt_notice ? CKPT_ON_NOTICE : CKPT_NONE;
	if (!errors)
		errors += fleet_params_check(f, file, d);
	if (!errors && !g->fixed_latency)
		s->boot_latency_ms = fleet_boot_estimate_ms(f);
	return errors;
}
