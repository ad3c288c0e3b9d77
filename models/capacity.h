/*
 * Insufficient capacity and protected mode, as ParallelCluster handles them.
 * A launch call into a capacity pool can fail for lack of capacity (ICE);
 * ParallelCluster then disables the whole compute resource for
 * insufficient_capacity_timeout so Slurm sends its jobs elsewhere.  Separately,
 * instances that launch but never join the cluster are bootstrap failures;
 * protected_failure_count of them in a row in one partition, with no
 * successful launch in between, make it inactive (protected mode).
 * Defaults and the growth formula for placement-group launches are documented
 * in docs/fleet.md.
 */
#ifndef PCLSIM_CAPACITY_H
#define PCLSIM_CAPACITY_H

#include <stdint.h>

#include "models/fleet_params.h"

void capacity_params_default(struct capacity_params *p);

/* Failure probability of one launch call of n instances with per-call
 * probability p; in_pg selects the placement-group growth. */
double capacity_fail_prob(double p, double pg_growth, int n, int in_pg);

/* A compute resource's ICE state. */
struct cr_capacity {
	int64_t disabled_from_ms;    /* -1 when never disabled */
	int64_t disabled_until_ms;   /* enabled again at this time */
	uint32_t ice_count;          /* ICE failures so far */
};

void cr_capacity_init(struct cr_capacity *c);
/* Records an ICE failure at now; returns 1 when it disabled the CR (it was
 * enabled and the timeout is positive). */
int cr_capacity_fail(struct cr_capacity *c, int64_t now_ms,
		     const struct capacity_params *p);
int cr_capacity_available(const struct cr_capacity *c, int64_t now_ms);

/* A partition's run of bootstrap failures. */
struct partition_health {
	int consecutive_failures;
	int protected_mode;          /* 1 once the limit was reached */
	int64_t protected_since_ms;  /* -1 when not protected */
};

void partition_health_init(struct partition_health *h);
/* Records one bootstrap outcome: a success resets the run of failures. */
void partition_health_note(struct partition_health *h, int ok);
/* clustermgtd's check: with the run of failures at the limit and no job
 * running in the partition, it enters protected mode; returns 1 when that
 * happens now.  A busy partition is checked again on a later pass. */
int partition_health_trip(struct partition_health *h, int64_t now_ms,
			  int has_running_jobs,
			  const struct capacity_params *p);

#endif
