/*
 * Spot interruption hazards and per-pool draws; see spot.h and docs/fleet.md
 * for the bucket mapping and its sources.
 */
#include "models/spot.h"

#include <math.h>
#include <stdio.h>

#include "sim/rng.h"

void spot_params_default(struct spot_params *p)
{
	/* Bucket midpoints read as monthly probabilities; >20 % has no upper
	 * edge in the Advisor feed (its "max" is 100), so the 5-point step is
	 * continued.  A modelling assumption, documented in docs/fleet.md. */
	p->bucket_monthly_prob[0] = 0.025;
	p->bucket_monthly_prob[1] = 0.075;
	p->bucket_monthly_prob[2] = 0.125;
	p->bucket_monthly_prob[3] = 0.175;
	p->bucket_monthly_prob[4] = 0.25;
	/* The feed's global average is "<10 %": the 5-10 % midpoint. */
	p->unknown_monthly_prob = 0.075;
	p->rate_multiplier = 1.0;
}

double spot_hazard_per_hour(const struct spot_params *p, int bucket)
{
	double pm = bucket >= 0 && bucket < SPOT_N_BUCKETS
		? p->bucket_monthly_prob[bucket] : p->unknown_monthly_prob;
	if (pm <= 0.0)
		return 0.0;
	if (pm >= 1.0)
		return INFINITY;
	return -log1p(-pm) / SPOT_HOURS_PER_MONTH * p->rate_multiplier;
}

int spot_pool_init(struct spot_pool *sp, uint64_t seed, uint32_t replication,
		   const char *instance_type, const char *region,
		   double hazard_per_hour)
{
	char name[160];
	snprintf(name, sizeof name, "spot:%s:%s", instance_type,
		 region ? region : "");
	sp->rng = rng_stream_new(seed, name, replication);
	sp->hazard_per_hour = hazard_per_hour;
	sp->n_drawn = 0;
	return sp->rng ? 0 : -1;
}

void spot_pool_free(struct spot_pool *sp)
{
	gsl_rng_free(sp->rng);
	sp->rng = NULL;
}

int64_t spot_delay_ms(double u, double hazard_per_hour)
{
	if (!(hazard_per_hour > 0.0))
		return SPOT_NEVER;
	if (isinf(hazard_per_hour))
		return 0;
	double ms = -log(u) / hazard_per_hour * 3.6e6;
	/* Beyond ~3 million years the instance outlives any trace. */
	if (!(ms < 1e17))
		return SPOT_NEVER;
	return (int64_t)ms;
}

int64_t spot_pool_draw_ms(struct spot_pool *sp)
{
	double u = gsl_rng_uniform_pos(sp->rng);
	sp->n_drawn++;
	return spot_delay_ms(u, sp->hazard_per_hour);
}
