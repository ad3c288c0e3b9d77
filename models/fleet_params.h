/*
 * The fleet's parameters as plain data: what a scenario can set about boot
 * latency, Spot interruptions, capacity failures, clustermgtd and
 * checkpoints.  Kept apart from the models (no GSL, no engine) so the
 * scenario loader can embed them; the defaults live next to the code that
 * uses them (fleet_params_default() in fleet.c) and are documented with their
 * sources in docs/fleet.md.
 */
#ifndef PCLSIM_FLEET_PARAMS_H
#define PCLSIM_FLEET_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#define SPOT_N_BUCKETS 5
#define BOOT_MAX_QUANTILES 16

struct spot_params {
	/* The monthly probability that an instance is interrupted, assumed for
	 * each Advisor bucket (<5 %, 5-10 %, 10-15 %, 15-20 %, >20 %). */
	double bucket_monthly_prob[SPOT_N_BUCKETS];
	/* For a pool the Advisor does not list. */
	double unknown_monthly_prob;
	/* Scales every bucket-derived hazard (not explicit pool hazards). */
	double rate_multiplier;
};

struct capacity_params {
	/* Probability that one launch call into a pool fails with ICE.  Default
	 * 0: no public figure exists, so none is invented. */
	double launch_fail_prob;
	/* How fast that probability grows with the size n of a launch into a
	 * cluster placement group: p(n) = 1 - (1 - p)^(1 + g (n - 1)). */
	double pg_growth;
	/* clustermgtd insufficient_capacity_timeout; <= 0 disables the
	 * fail-over (the CR stays enabled). */
	int64_t insufficient_capacity_timeout_ms;
	/* clustermgtd protected_failure_count; <= 0 disables protected mode. */
	int protected_failure_count;
	/* Probability that a launched instance never registers (bootstrap
	 * failure).  Default 0, as above. */
	double bootstrap_fail_prob;
};

enum boot_kind { BOOT_FIXED, BOOT_LOGNORMAL, BOOT_QUANTILES };

/* Instance boot latency: from the launch call to slurmd registering, custom
 * actions excluded (they are added when the queue has them). */
struct boot_params {
	enum boot_kind kind;
	double fixed_s;                 /* BOOT_FIXED */
	double median_s, sigma;         /* BOOT_LOGNORMAL: exp(N(ln median, sigma)) */
	/* BOOT_QUANTILES: probabilities p[0] = 0 < ... < p[n-1] = 1 and boot
	 * times (non-decreasing), linearly interpolated. */
	double q_p[BOOT_MAX_QUANTILES], q_s[BOOT_MAX_QUANTILES];
	int n_q;
	/* Durations of the queues' custom actions, added to every boot of a
	 * queue that has the action. */
	double on_node_start_s, on_node_configured_s;
};

/* A scenario's setting for one capacity pool (type, and region or any). */
struct pool_override {
	char *instance_type;
	char *region;                   /* NULL: every region */
	double spot_hazard_per_hour;    /* < 0: from the bucket */
	double launch_fail_prob;        /* < 0: capacity_params' value */
};

enum ckpt_kind { CKPT_NONE, CKPT_PERIODIC, CKPT_ON_NOTICE };

struct fleet_params {
	struct boot_params boot;
	struct spot_params spot;
	struct capacity_params cap;
	struct pool_override *pools;    /* owned by whoever filled them */
	size_t n_pools;
	/* price-capacity-optimized keeps the pools within this many Advisor
	 * buckets of the best one, then takes the cheapest. */
	int pco_bucket_slack;
	/* Slurm calls ResumeProgram at most this often (ParallelCluster's
	 * power_save_min_interval): nodes allocated meanwhile wait for the
	 * next call, at multiples of it; 0 launches at once. */
	int64_t resume_interval_ms;         /* 30 s */
	int64_t clustermgtd_interval_ms;    /* 60 s */
	int64_t clustermgtd_phase_ms;       /* first pass, default 0 */
	int64_t spot_notice_ms;             /* EC2's warning, 120 s */
	/* What a job keeps of its work when its node is lost: nothing, the
	 * work before its last periodic checkpoint, or (a user acting on the
	 * 2-minute notice) the work done until the notice. */
	enum ckpt_kind ckpt;
	int64_t ckpt_interval_ms;
	int launch_batch_max;               /* instances per EC2 call, 500 */
	/* A job requeued this many times (node losses) ends NODE_FAIL
	 * instead: pclsim's bound, so a run whose instances vanish faster
	 * than its jobs can finish still ends.  Default 100. */
	int max_requeues;
};

struct diags;

/* Defined in fleet.c, next to the code that uses them. */
void fleet_params_default(struct fleet_params *p);
/* Frees the pool overrides' strings and array. */
void fleet_params_free(struct fleet_params *p);
/* Checks ranges and orderings; adds errors naming `where` (a file name or
 * "scenario") to d.  Returns the number of errors. */
int fleet_params_check(const struct fleet_params *p, const char *where,
		       struct diags *d);
/* The planning estimate from allocation to node up: the mean wait for the
 * next ResumeProgram call plus the median boot (custom actions excluded).
 * Policies plan with it; the real boot is drawn per launch. */
int64_t fleet_boot_estimate_ms(const struct fleet_params *p);
/* Calls add(ctx, key, value) for every parameter, keyed as the scenario
 * names them ("boot.median_s", "spot.rate_multiplier", ...), so a run's
 * record says which fleet it had.  Stops at and returns the first non-zero
 * return of add. */
int fleet_params_describe(const struct fleet_params *p,
			  int (*add)(void *ctx, const char *key,
				     const char *value), void *ctx);

#endif
