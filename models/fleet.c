/*
 * The EC2 fleet: launches, boot latency, Spot interruptions, insufficient
 * capacity and allocation strategies; see fleet.h.  Every default is
 * documented with its source in docs/fleet.md.
 */
#include "models/fleet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "models/catalog/catalog.h"
#include "sim/diag.h"
#include "sim/rng.h"

#define DEFAULT_REGION "us-east-1"

void fleet_params_default(struct fleet_params *p)
{
	memset(p, 0, sizeof *p);
	/* Fitted to AWS's scale-up baseline (aws-parallelcluster
	 * statistics.json, submit -> start on a powered-down node: p25 283.4 s,
	 * median 294.0 s, p75 312.2 s) after taking off the two waits the
	 * simulation models itself: the next ResumeProgram call (every 30 s,
	 * 15 s on average) and, under the default slurm policy, the
	 * controller's periodic check that starts jobs on a registered node
	 * (every 30 s, 15 s on average): median 264.0 s,
	 * sigma = ln(282.2 / 253.4) / (2 x 0.6745) = 0.080. */
	p->boot.kind = BOOT_LOGNORMAL;
	p->boot.median_s = 264.0;
	p->boot.sigma = 0.080;
	p->boot.fixed_s = 264.0;
	spot_params_default(&p->spot);
	capacity_params_default(&p->cap);
	p->pco_bucket_slack = 1;
	p->resume_interval_ms = 30 * 1000;
	p->clustermgtd_interval_ms = 60 * 1000;
	p->clustermgtd_phase_ms = 0;
	p->spot_notice_ms = 120 * 1000;
	p->ckpt = CKPT_NONE;
	p->launch_batch_max = 500;
	p->max_requeues = 100;
}

void fleet_params_free(struct fleet_params *p)
{
	for (size_t i = 0; i < p->n_pools; i++) {
		free(p->pools[i].instance_type);
		free(p->pools[i].region);
	}
	free(p->pools);
	p->pools = NULL;
	p->n_pools = 0;
}

static int bad_prob(double v)
{
	return !(v >= 0.0 && v <= 1.0);
}

static int check_boot(const struct boot_params *b, const char *where,
		      struct diags *d)
{
	int n = 0;
	if (b->kind == BOOT_FIXED && !(b->fixed_s >= 0.0))
		n++, diag_error(d, where, 0, 0,
				"boot latency: fixed seconds must be >= 0");
	if (b->kind == BOOT_LOGNORMAL && !(b->median_s > 0.0 && b->sigma >= 0.0))
		n++, diag_error(d, where, 0, 0,
				"boot latency: lognormal needs median > 0 and sigma >= 0");
	if (b->kind == BOOT_QUANTILES) {
		int ok = b->n_q >= 2 && b->n_q <= BOOT_MAX_QUANTILES &&
			 b->q_p[0] == 0.0 && b->q_p[b->n_q - 1] == 1.0 &&
			 b->q_s[0] >= 0.0;
		for (int i = 1; ok && i < b->n_q; i++)
			ok = b->q_p[i] > b->q_p[i - 1] && b->q_s[i] >= b->q_s[i - 1];
		if (!ok)
			n++, diag_error(d, where, 0, 0,
					"boot latency: quantiles need 2..%d points with "
					"probabilities rising from 0 to 1 and non-decreasing "
					"seconds", BOOT_MAX_QUANTILES);
	}
	if (!(b->on_node_start_s >= 0.0 && b->on_node_configured_s >= 0.0))
		n++, diag_error(d, where, 0, 0,
				"custom action durations must be >= 0 s");
	return n;
}

int fleet_params_check(const struct fleet_params *p, const char *where,
		       struct diags *d)
{
	int n = check_boot(&p->boot, where, d);
	for (int i = 0; i < SPOT_N_BUCKETS; i++)
		if (bad_prob(p->spot.bucket_monthly_prob[i]))
			n++, diag_error(d, where, 0, 0,
					"spot: monthly interruption probability of bucket %d "
					"must be in [0, 1]", i);
	if (bad_prob(p->spot.unknown_monthly_prob))
		n++, diag_error(d, where, 0, 0,
				"spot: unknown-bucket probability must be in [0, 1]");
	if (!(p->spot.rate_multiplier >= 0.0 && p->spot.rate_multiplier <= 1e6))
		n++, diag_error(d, where, 0, 0,
				"spot: rate multiplier must be between 0 and 1e6");
	/* A certain failure would retry forever: below 1, so a run ends. */
	if (bad_prob(p->cap.launch_fail_prob) || p->cap.launch_fail_prob >= 1.0 ||
	    bad_prob(p->cap.bootstrap_fail_prob) || p->cap.bootstrap_fail_prob >= 1.0)
		n++, diag_error(d, where, 0, 0,
				"capacity: failure probabilities must be in [0, 1)");
	if (!(p->cap.pg_growth >= 0.0))
		n++, diag_error(d, where, 0, 0,
				"capacity: placement-group growth must be >= 0");
	for (size_t i = 0; i < p->n_pools; i++) {
		const struct pool_override *o = &p->pools[i];
		if (!o->instance_type || !*o->instance_type)
			n++, diag_error(d, where, 0, 0,
					"pools[%zu]: instance type is required", i);
		if (o->launch_fail_prob >= 0.0 && !(o->launch_fail_prob < 1.0))
			n++, diag_error(d, where, 0, 0,
					"pools[%zu]: launch failure probability must be in [0, 1)", i);
		if (!(o->spot_hazard_per_hour < 1e4))
			n++, diag_error(d, where, 0, 0,
					"pools[%zu]: Spot hazard must be below 10000 per hour", i);
	}
	if (p->pco_bucket_slack < 0)
		n++, diag_error(d, where, 0, 0,
				"price-capacity-optimized bucket slack must be >= 0");
	if (p->clustermgtd_interval_ms <= 0 || p->clustermgtd_phase_ms < 0 ||
	    p->clustermgtd_phase_ms >= p->clustermgtd_interval_ms)
		n++, diag_error(d, where, 0, 0,
				"clustermgtd: interval must be > 0 and 0 <= phase < interval");
	if (p->resume_interval_ms < 0)
		n++, diag_error(d, where, 0, 0, "resume interval must be >= 0 s");
	if (p->spot_notice_ms < 0)
		n++, diag_error(d, where, 0, 0, "spot notice must be >= 0 s");
	if (p->ckpt == CKPT_PERIODIC && p->ckpt_interval_ms <= 0)
		n++, diag_error(d, where, 0, 0,
				"checkpoint interval must be > 0 s");
	if (p->launch_batch_max < 1)
		n++, diag_error(d, where, 0, 0, "launch batch size must be >= 1");
	if (p->max_requeues < 0)
		n++, diag_error(d, where, 0, 0, "max_requeues must be >= 0");
	return n;
}

static int64_t seconds_to_ms(double s)
{
	return s >= 9e15 ? FLEET_NEVER : (int64_t)llround(s * 1000.0);
}

int64_t boot_latency_ms(const struct boot_params *b, double u)
{
	switch (b->kind) {
	case BOOT_FIXED:
		return seconds_to_ms(b->fixed_s);
	case BOOT_LOGNORMAL:
		if (b->sigma == 0.0)
			return seconds_to_ms(b->median_s);
		return seconds_to_ms(gsl_cdf_lognormal_Pinv(u, log(b->median_s),
							    b->sigma));
	case BOOT_QUANTILES:
		break;
	}
	int i = 1;
	while (i < b->n_q - 1 && u > b->q_p[i])
		i++;
	double w = (u - b->q_p[i - 1]) / (b->q_p[i] - b->q_p[i - 1]);
	return seconds_to_ms(b->q_s[i - 1] + w * (b->q_s[i] - b->q_s[i - 1]));
}

/* The 50 % point of the boot distribution, in seconds. */
static double median_boot_s(const struct boot_params *b)
{
	if (b->kind == BOOT_FIXED)
		return b->fixed_s;
	if (b->kind == BOOT_LOGNORMAL)
		return b->median_s;
	for (int i = 1; i < b->n_q; i++)
		if (b->q_p[i] >= 0.5) {
			double w = (0.5 - b->q_p[i - 1]) / (b->q_p[i] - b->q_p[i - 1]);
			return b->q_s[i - 1] + w * (b->q_s[i] - b->q_s[i - 1]);
		}
	return b->n_q > 0 ? b->q_s[b->n_q - 1] : 0.0;
}

int64_t fleet_boot_estimate_ms(const struct fleet_params *p)
{
	return p->resume_interval_ms / 2 +
	       (int64_t)(median_boot_s(&p->boot) * 1000.0 + 0.5);
}

static int describe_num(int (*add)(void *, const char *, const char *),
			void *ctx, const char *key, double v)
{
	/* 15 digits give back the decimal a scenario wrote. */
	char buf[64];
	snprintf(buf, sizeof buf, "%.15g", v);
	return add(ctx, key, buf);
}

int fleet_params_describe(const struct fleet_params *p,
			  int (*add)(void *ctx, const char *key,
				     const char *value), void *ctx)
{
	static const char *const kinds[] = { "fixed", "lognormal", "quantiles" };
	const struct boot_params *b = &p->boot;
	int rc = add(ctx, "boot.distribution", kinds[b->kind]);
	if (!rc && b->kind == BOOT_FIXED)
		rc = describe_num(add, ctx, "boot.fixed_s", b->fixed_s);
	if (!rc && b->kind == BOOT_LOGNORMAL)
		rc = describe_num(add, ctx, "boot.median_s", b->median_s) ||
		     describe_num(add, ctx, "boot.sigma", b->sigma);
	for (int i = 0; !rc && b->kind == BOOT_QUANTILES && i < b->n_q; i++) {
		char key[64];
		snprintf(key, sizeof key, "boot.quantiles.%.6g", b->q_p[i]);
		rc = describe_num(add, ctx, key, b->q_s[i]);
	}
	for (int i = 0; !rc && i < SPOT_N_BUCKETS; i++) {
		char key[64];
		snprintf(key, sizeof key, "spot.bucket_monthly_prob.%d", i);
		rc = describe_num(add, ctx, key, p->spot.bucket_monthly_prob[i]);
	}
	for (size_t i = 0; !rc && i < p->n_pools; i++) {
		const struct pool_override *o = &p->pools[i];
		char key[192];
		snprintf(key, sizeof key, "spot.pools.%s.%s.hazard_per_hour",
			 o->instance_type, o->region ? o->region : "*");
		rc = describe_num(add, ctx, key, o->spot_hazard_per_hour);
		snprintf(key, sizeof key, "spot.pools.%s.%s.launch_fail_prob",
			 o->instance_type, o->region ? o->region : "*");
		rc = rc || describe_num(add, ctx, key, o->launch_fail_prob);
	}
	if (rc)
		return rc;
	const struct { const char *key; double v; } nums[] = {
		{ "boot.resume_interval_s", p->resume_interval_ms / 1000.0 },
		{ "boot.on_node_start_s", b->on_node_start_s },
		{ "boot.on_node_configured_s", b->on_node_configured_s },
		{ "spot.rate_multiplier", p->spot.rate_multiplier },
		{ "spot.unknown_monthly_prob", p->spot.unknown_monthly_prob },
		{ "spot.notice_s", p->spot_notice_ms / 1000.0 },
		{ "capacity.launch_fail_prob", p->cap.launch_fail_prob },
		{ "capacity.pg_growth", p->cap.pg_growth },
		{ "capacity.insufficient_capacity_timeout_s",
		  p->cap.insufficient_capacity_timeout_ms / 1000.0 },
		{ "capacity.protected_failure_count", p->cap.protected_failure_count },
		{ "capacity.bootstrap_fail_prob", p->cap.bootstrap_fail_prob },
		{ "capacity.pco_bucket_slack", p->pco_bucket_slack },
		{ "capacity.launch_batch_max", p->launch_batch_max },
		{ "clustermgtd.interval_s", p->clustermgtd_interval_ms / 1000.0 },
		{ "clustermgtd.phase_s", p->clustermgtd_phase_ms / 1000.0 },
		{ "checkpoint.interval_s", p->ckpt == CKPT_PERIODIC ?
		  p->ckpt_interval_ms / 1000.0 : 0 },
		{ "checkpoint.on_notice", p->ckpt == CKPT_ON_NOTICE },
		{ "requeue.max_per_job", p->max_requeues },
	};
	for (size_t i = 0; !rc && i < sizeof nums / sizeof nums[0]; i++)
		rc = describe_num(add, ctx, nums[i].key, nums[i].v);
	return rc;
}

/* ---- allocation strategies ------------------------------------------- */

/* Unknown buckets sort after every known one. */
static int bucket_rank(int bucket)
{
	return bucket >= 0 && bucket < SPOT_N_BUCKETS ? bucket : SPOT_N_BUCKETS;
}

struct order_ctx {
	enum allocation_strategy s;
	int spot;
	int pco_limit;          /* eligible when bucket_rank <= this */
};

static int cmp_num(double a, double b)
{
	return (a > b) - (a < b);
}

static int offer_cmp(const struct order_ctx *x, const struct fleet_offer *a,
		     const struct fleet_offer *b)
{
	int ba = bucket_rank(a->spot_bucket), bb = bucket_rank(b->spot_bucket);
	int c = 0;
	if (!x->spot || x->s == ALLOC_LOWEST_PRICE || x->s == ALLOC_UNSET) {
		c = cmp_num(a->usd_per_hour, b->usd_per_hour);
		if (!c && x->spot)
			c = ba - bb;
	} else if (x->s == ALLOC_CAPACITY_OPTIMIZED) {
		c = ba - bb;
		if (!c)
			c = cmp_num(a->usd_per_hour, b->usd_per_hour);
	} else {
		c = (ba > x->pco_limit) - (bb > x->pco_limit);
		if (!c)
			c = cmp_num(a->usd_per_hour, b->usd_per_hour);
		if (!c)
			c = ba - bb;
	}
	return c ? c : strcmp(a->instance_type, b->instance_type);
}

void fleet_order_offers(struct fleet_offer *o, size_t n,
			enum allocation_strategy s, int spot, int pco_slack)
{
	struct order_ctx x = { s, spot, 0 };
	int best = SPOT_N_BUCKETS;
	for (size_t i = 0; i < n; i++)
		if (bucket_rank(o[i].spot_bucket) < best)
			best = bucket_rank(o[i].spot_bucket);
	x.pco_limit = best + pco_slack;
	/* Insertion sort: the lists are short (a CR has a few types) and the
	 * comparison needs the context qsort cannot pass portably. */
	for (size_t i = 1; i < n; i++) {
		struct fleet_offer v = o[i];
		size_t j = i;
		while (j > 0 && offer_cmp(&x, &o[j - 1], &v) > 0) {
			o[j] = o[j - 1];
			j--;
		}
		o[j] = v;
	}
}

/* ---- building the fleet ---------------------------------------------- */

static const struct pool_override *find_override(const struct fleet_params *p,
						 const char *type,
						 const char *region)
{
	const struct pool_override *any = NULL;
	for (size_t i = 0; i < p->n_pools; i++) {
		const struct pool_override *o = &p->pools[i];
		if (strcmp(o->instance_type, type))
			continue;
		if (o->region && !strcmp(o->region, region))
			return o;
		if (!o->region)
			any = o;
	}
	return any;
}

/* The pool of a type, created on first use.  Returns its index, or -1 when
 * out of memory. */
static long pool_of(struct fleet *f, const char *type, int bucket,
		    uint64_t seed, uint32_t replication)
{
	for (size_t i = 0; i < f->n_pools; i++)
		if (!strcmp(f->pools[i].instance_type, type))
			return (long)i;
	struct fleet_pool *np = realloc(f->pools, (f->n_pools + 1) * sizeof *np);
	if (!np)
		return -1;
	f->pools = np;
	struct fleet_pool *pl = &f->pools[f->n_pools];
	memset(pl, 0, sizeof *pl);
	pl->instance_type = type;
	const struct pool_override *o = find_override(&f->params, type, f->region);
	double hazard = o && o->spot_hazard_per_hour >= 0.0
		? o->spot_hazard_per_hour
		: spot_hazard_per_hour(&f->params.spot, bucket);
	pl->launch_fail_prob = o && o->launch_fail_prob >= 0.0
		? o->launch_fail_prob : f->params.cap.launch_fail_prob;
	char name[160];
	snprintf(name, sizeof name, "ice:%s:%s", type, f->region);
	pl->ice_rng = rng_stream_new(seed, name, replication);
	int rc = spot_pool_init(&pl->spot, seed, replication, type, f->region,
				hazard);
	f->n_pools++;   /* counted now so fleet_free releases a half-made pool */
	return pl->ice_rng && rc == 0 ? (long)(f->n_pools - 1) : -1;
}

static int add_offer(struct fleet *f, struct fleet_cr *fc,
		     const struct slurm_queue *q, const struct instance_type *it,
		     const struct instance_price *pr, uint64_t seed,
		     uint32_t replication)
{
	int spot = q->capacity_type == CAPACITY_SPOT;
	long pool = pool_of(f, it->name, pr->spot_bucket, seed, replication);
	if (pool < 0)
		return -1;
	struct fleet_offer *o = &fc->offers[fc->n_offers++];
	o->instance_type = it->name;
	/* Without Spot data the On-Demand price is the cap EC2 would charge
	 * at most; the bucket stays unknown. */
	o->usd_per_hour = spot && pr->spot_usd_per_hour >= 0.0
		? pr->spot_usd_per_hour : pr->ondemand_usd_per_hour;
	o->spot_bucket = pr->spot_bucket;
	o->pool = (size_t)pool;
	return 0;
}

static int init_cr(struct fleet *f, struct fleet_cr *fc, const struct cluster *c,
		   int qi, int ci, const struct catalog *cat, uint64_t seed,
		   uint32_t replication, struct diags *d)
{
	const struct slurm_queue *q = &c->queues[qi];
	const struct compute_resource *cr = &q->crs[ci];
	fc->queue = qi;
	fc->cr = ci;
	fc->spot = q->capacity_type == CAPACITY_SPOT;
	fc->in_pg = cr->pg.enabled;
	double actions_s = (q->has_on_node_start ? f->params.boot.on_node_start_s : 0) +
		(q->has_on_node_configured ? f->params.boot.on_node_configured_s : 0);
	fc->custom_actions_ms = seconds_to_ms(actions_s);
	cr_capacity_init(&fc->cap);
	fc->offers = calloc(cr->n_instance_types ? (size_t)cr->n_instance_types : 1,
			    sizeof *fc->offers);
	char name[160];
	snprintf(name, sizeof name, "boot:%s/%s", q->name, cr->name);
	fc->boot_rng = rng_stream_new(seed, name, replication);
	snprintf(name, sizeof name, "bootstrap:%s/%s", q->name, cr->name);
	fc->bootstrap_rng = rng_stream_new(seed, name, replication);
	if (!fc->offers || !fc->boot_rng || !fc->bootstrap_rng) {
		diag_error(d, c->path, cr->pos.line, cr->pos.col, "out of memory");
		return -1;
	}
	for (int t = 0; t < cr->n_instance_types; t++) {
		const struct instance_type *it =
			catalog_instance(cat, cr->instance_types[t]);
		struct instance_price pr;
		if (!it || catalog_price(cat, it, f->region, &pr) != 0)
			continue;
		if (add_offer(f, fc, q, it, &pr, seed, replication) != 0) {
			diag_error(d, c->path, cr->pos.line, cr->pos.col,
				   "out of memory");
			return -1;
		}
	}
	if (fc->n_offers == 0) {
		diag_error(d, c->path, cr->pos.line, cr->pos.col,
			   "Scheduling.SlurmQueues[%d].ComputeResources[%d]: no "
			   "instance type of compute resource '%s' has a price in "
			   "region %s", qi, ci, cr->name, f->region);
		return -1;
	}
	fleet_order_offers(fc->offers, fc->n_offers, q->allocation, fc->spot,
			   f->params.pco_bucket_slack);
	return 0;
}

int fleet_init(struct fleet *f, const struct cluster *c,
	       const struct catalog *cat, const struct fleet_params *p,
	       uint64_t seed, uint32_t replication, struct diags *d)
{
	memset(f, 0, sizeof *f);
	f->params = *p;
	f->region = c->region ? c->region : DEFAULT_REGION;
	f->resume_timeout_ms = (int64_t)c->compute_bootstrap_timeout_s * 1000;
	f->n_queues = (size_t)c->n_queues;
	size_t n_crs = 0;
	for (int q = 0; q < c->n_queues; q++)
		n_crs += (size_t)c->queues[q].n_crs;
	f->crs = calloc(n_crs ? n_crs : 1, sizeof *f->crs);
	f->queue_first_cr = calloc(f->n_queues + 1, sizeof *f->queue_first_cr);
	f->parts = calloc(f->n_queues ? f->n_queues : 1, sizeof *f->parts);
	if (!f->crs || !f->queue_first_cr || !f->parts) {
		diag_error(d, c->path, 0, 0, "out of memory");
		fleet_free(f);
		return -1;
	}
	for (int q = 0; q < c->n_queues; q++) {
		f->queue_first_cr[q] = f->n_crs;
		partition_health_init(&f->parts[q]);
		for (int i = 0; i < c->queues[q].n_crs; i++) {
			if (init_cr(f, &f->crs[f->n_crs++], c, q, i, cat, seed,
				    replication, d) != 0) {
				fleet_free(f);
				return -1;
			}
		}
	}
	f->queue_first_cr[f->n_queues] = f->n_crs;
	return 0;
}

void fleet_free(struct fleet *f)
{
	for (size_t i = 0; i < f->n_crs; i++) {
		free(f->crs[i].offers);
		gsl_rng_free(f->crs[i].boot_rng);
		gsl_rng_free(f->crs[i].bootstrap_rng);
	}
	for (size_t i = 0; i < f->n_pools; i++) {
		spot_pool_free(&f->pools[i].spot);
		gsl_rng_free(f->pools[i].ice_rng);
	}
	free(f->crs);
	free(f->pools);
	free(f->queue_first_cr);
	free(f->parts);
	memset(f, 0, sizeof *f);
}

struct fleet_cr *fleet_cr(struct fleet *f, int queue, int cr)
{
	return &f->crs[f->queue_first_cr[queue] + (size_t)cr];
}

static const struct fleet_cr *fleet_cr_const(const struct fleet *f, int queue,
					     int cr)
{
	return &f->crs[f->queue_first_cr[queue] + (size_t)cr];
}

/* ---- launching --------------------------------------------------------- */

int64_t fleet_next_pass_ms(const struct fleet_params *p, int64_t t_ms)
{
	if (t_ms == FLEET_NEVER)
		return FLEET_NEVER;
	int64_t iv = p->clustermgtd_interval_ms;
	int64_t rel = t_ms - p->clustermgtd_phase_ms;
	int64_t k = rel / iv;
	if (k * iv < rel)
		k++;            /* ceiling, also right for negative rel */
	return p->clustermgtd_phase_ms + k * iv;
}

int64_t fleet_next_resume_ms(const struct fleet_params *p, int64_t t_ms)
{
	int64_t iv = p->resume_interval_ms;
	if (iv <= 0)
		return t_ms;    /* no batching: every node launched at once */
	int64_t k = t_ms / iv;
	if (k * iv < t_ms)
		k++;
	return k * iv;
}

/* The offer whose pool has capacity for a call of n instances, trying them
 * best first as CreateFleet tries its overrides; NULL when none has. */
static const struct fleet_offer *find_capacity(struct fleet *f,
					       struct fleet_cr *fc, int n)
{
	for (size_t i = 0; i < fc->n_offers; i++) {
		struct fleet_pool *pl = &f->pools[fc->offers[i].pool];
		double p = capacity_fail_prob(pl->launch_fail_prob,
					      f->params.cap.pg_growth, n, fc->in_pg);
		double u = gsl_rng_uniform(pl->ice_rng);
		pl->n_attempts++;
		if (u >= p)
			return &fc->offers[i];
		pl->n_ice++;
	}
	return NULL;
}

static void launch_one(struct fleet *f, struct fleet_cr *fc,
		       const struct fleet_offer *o, int64_t now_ms,
		       struct launch_outcome *out)
{
	/* Draw every uniform whatever the outcome, so the k-th instance of a
	 * stream sees the same numbers in every what-if. */
	double u_boot = gsl_rng_uniform_pos(fc->boot_rng);
	double u_bootstrap = gsl_rng_uniform(fc->bootstrap_rng);
	int64_t vanish = FLEET_NEVER;
	if (fc->spot) {
		int64_t delay = spot_pool_draw_ms(&f->pools[o->pool].spot);
		if (delay != SPOT_NEVER && delay < FLEET_NEVER - now_ms)
			vanish = now_ms + delay;
	}
	fc->n_launched++;
	f->n_launches++;
	out->instance_type = o->instance_type;
	out->usd_per_hour = o->usd_per_hour;
	out->interrupt_ms = FLEET_NEVER;
	out->notice_ms = FLEET_NEVER;
	if (u_bootstrap < f->params.cap.bootstrap_fail_prob) {
		f->n_bootstrap_failures++;
		out->status = LAUNCH_BOOTSTRAP_FAIL;
		out->ready_ms = -1;
		out->fail_ms = now_ms + f->resume_timeout_ms;
		return;
	}
	out->status = LAUNCH_OK;
	out->ready_ms = now_ms + boot_latency_ms(&f->params.boot, u_boot) +
			fc->custom_actions_ms;
	out->fail_ms = -1;
	out->interrupt_ms = vanish;
	out->notice_ms = fleet_next_pass_ms(&f->params, vanish);
}

static int launch_call(struct fleet *f, struct fleet_cr *fc, int n,
		       int is_static, int64_t now_ms, struct launch_outcome *out)
{
	const struct fleet_offer *o = find_capacity(f, fc, n);
	if (!o) {
		f->n_ice_calls++;
		for (int i = 0; i < n; i++) {
			out[i] = (struct launch_outcome){
				.status = LAUNCH_ICE,
				.instance_type = fc->offers[0].instance_type,
				.usd_per_hour = fc->offers[0].usd_per_hour,
				.ready_ms = -1, .fail_ms = now_ms,
				.interrupt_ms = FLEET_NEVER,
				.notice_ms = FLEET_NEVER,
			};
		}
		/* Fast fail-over disables the CR only for dynamic nodes;
		 * static ones are simply relaunched by clustermgtd. */
		if (!is_static)
			cr_capacity_fail(&fc->cap, now_ms, &f->params.cap);
		return 0;
	}
	for (int i = 0; i < n; i++)
		launch_one(f, fc, o, now_ms, &out[i]);
	return n;
}

void fleet_existing(struct fleet *f, int queue, int cr, int64_t now_ms,
		    struct launch_outcome *out)
{
	struct fleet_cr *fc = fleet_cr(f, queue, cr);
	launch_one(f, fc, &fc->offers[0], now_ms, out);
	/* It was up before the run began: only its type and fate matter. */
	out->status = LAUNCH_OK;
	out->ready_ms = now_ms;
	out->fail_ms = -1;
}

int fleet_launch(struct fleet *f, int queue, int cr, int count, int is_static,
		 int64_t now_ms, struct launch_outcome *out)
{
	struct fleet_cr *fc = fleet_cr(f, queue, cr);
	int launched = 0;
	for (int off = 0; off < count; off += f->params.launch_batch_max) {
		int n = count - off < f->params.launch_batch_max
			? count - off : f->params.launch_batch_max;
		launched += launch_call(f, fc, n, is_static, now_ms, out + off);
	}
	return launched;
}

int fleet_cr_available(const struct fleet *f, int queue, int cr,
		       int64_t now_ms)
{
	return cr_capacity_available(&fleet_cr_const(f, queue, cr)->cap, now_ms);
}

int64_t fleet_cr_enabled_at(const struct fleet *f, int queue, int cr,
			    int64_t now_ms)
{
	const struct cr_capacity *c = &fleet_cr_const(f, queue, cr)->cap;
	return cr_capacity_available(c, now_ms) ? now_ms : c->disabled_until_ms;
}

int fleet_bootstrap_result(struct fleet *f, int queue, int ok,
			   int has_running_jobs, int64_t now_ms)
{
	struct partition_health *h = &f->parts[queue];
	partition_health_note(h, ok);
	return partition_health_trip(h, now_ms, has_running_jobs, &f->params.cap);
}

int fleet_partition_protected(const struct fleet *f, int queue)
{
	return f->parts[queue].protected_mode;
}

int64_t fleet_work_kept_ms(const struct fleet_params *p, int64_t run_ms)
{
	if (run_ms <= 0)
		return 0;
	switch (p->ckpt) {
	case CKPT_PERIODIC:
		return run_ms / p->ckpt_interval_ms * p->ckpt_interval_ms;
	case CKPT_ON_NOTICE:
		return run_ms > p->spot_notice_ms ? run_ms - p->spot_notice_ms : 0;
	case CKPT_NONE:
		break;
	}
	return 0;
}
