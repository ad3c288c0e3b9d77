/*
 * Spot interruptions.  Each capacity pool (instance type x region) runs a
 * Poisson interruption process per instance; its hazard comes from the Spot
 * Instance Advisor bucket in the catalog through a documented mapping
 * (docs/fleet.md), times a scenario multiplier, unless the scenario gives the
 * pool's hazard outright.
 *
 * Common random numbers: a pool owns one random stream, named
 * "spot:<type>:<region>", and the k-th Spot instance launched in the pool
 * takes the k-th uniform of that stream, turned into an interruption delay by
 * the inverse exponential CDF.  So two what-ifs that launch the same pool
 * give their k-th instances the same uniform: with the same hazard they see
 * the same delay, and with a doubled hazard exactly half of it.  No other
 * process draws from a pool's stream.
 */
#ifndef PCLSIM_SPOT_H
#define PCLSIM_SPOT_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/fleet_params.h"

#define SPOT_NEVER INT64_MAX
/* Hours in a month as AWS counts them for billing (365 x 24 / 12). */
#define SPOT_HOURS_PER_MONTH 730.0

void spot_params_default(struct spot_params *p);

/* Interruptions per instance-hour for a bucket (enum spot_bucket; any other
 * value means unknown): -ln(1 - p_month) / 730 x multiplier. */
double spot_hazard_per_hour(const struct spot_params *p, int bucket);

struct spot_pool {
	gsl_rng *rng;
	double hazard_per_hour;     /* 0: never interrupted */
	uint64_t n_drawn;           /* instances launched so far */
};

/* Opens the pool's stream.  Returns 0, or -1 when out of memory. */
int spot_pool_init(struct spot_pool *sp, uint64_t seed, uint32_t replication,
		   const char *instance_type, const char *region,
		   double hazard_per_hour);
void spot_pool_free(struct spot_pool *sp);

/* The delay from launch to interruption of the pool's next instance, in ms,
 * or SPOT_NEVER.  Consumes exactly one uniform whatever the hazard. */
int64_t spot_pool_draw_ms(struct spot_pool *sp);

/* The inverse CDF used above: the delay for a uniform u in (0, 1). */
int64_t spot_delay_ms(double u, double hazard_per_hour);

#endif
