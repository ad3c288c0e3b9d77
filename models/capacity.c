/*
 * Insufficient-capacity fail-over and protected mode; see capacity.h.  The
 * timeouts and counts are clustermgtd's defaults (aws-parallelcluster-node,
 * src/slurm_plugin/clustermgtd.py, as summarised in docs/fleet.md).
 */
#include "models/capacity.h"

#include <math.h>

void capacity_params_default(struct capacity_params *p)
{
	p->launch_fail_prob = 0.0;
	p->pg_growth = 1.0;
	p->insufficient_capacity_timeout_ms = 600 * 1000;
	p->protected_failure_count = 10;
	p->bootstrap_fail_prob = 0.0;
}

double capacity_fail_prob(double p, double pg_growth, int n, int in_pg)
{
	if (p <= 0.0)
		return 0.0;
	if (p >= 1.0)
		return 1.0;
	if (!in_pg || n <= 1)
		return p;
	/* Every extra instance that must land in the same placement group is
	 * treated as g more independent chances to run out of capacity. */
	double tries = 1.0 + pg_growth * (double)(n - 1);
	return -expm1(tries * log1p(-p));
}

void cr_capacity_init(struct cr_capacity *c)
{
	c->disabled_from_ms = -1;
	c->disabled_until_ms = 0;
	c->ice_count = 0;
}

int cr_capacity_fail(struct cr_capacity *c, int64_t now_ms,
		     const struct capacity_params *p)
{
	c->ice_count++;
	if (p->insufficient_capacity_timeout_ms <= 0 ||
	    !cr_capacity_available(c, now_ms))
		return 0;
	c->disabled_from_ms = now_ms;
	c->disabled_until_ms = now_ms + p->insufficient_capacity_timeout_ms;
	return 1;
}

int cr_capacity_available(const struct cr_capacity *c, int64_t now_ms)
{
	return now_ms >= c->disabled_until_ms;
}

void partition_health_init(struct partition_health *h)
{
	h->consecutive_failures = 0;
	h->protected_mode = 0;
	h->protected_since_ms = -1;
}

void partition_health_note(struct partition_health *h, int ok)
{
	h->consecutive_failures = ok ? 0 : h->consecutive_failures + 1;
}

int partition_health_trip(struct partition_health *h, int64_t now_ms,
			  int has_running_jobs,
			  const struct capacity_params *p)
{
	if (p->protected_failure_count <= 0 || h->protected_mode ||
	    has_running_jobs ||
	    h->consecutive_failures < p->protected_failure_count)
		return 0;
	h->protected_mode = 1;
	h->protected_since_ms = now_ms;
	return 1;
}
