/*
 * The EC2 fleet as ParallelCluster drives it: what happens between Slurm's
 * ResumeProgram asking for nodes and those nodes registering, and what EC2
 * does to them afterwards.  The Slurm model owns node and job states; it asks
 * the fleet to launch instances (one call per compute resource and resume
 * batch, as slurm_resume groups them), and the fleet answers, per instance,
 * with the type launched, its price, when it registers or why it failed, and
 * when a Spot instance will vanish and clustermgtd will notice.  The fleet
 * also keeps the compute resources disabled after insufficient capacity and
 * the partitions' runs of bootstrap failures (protected mode).
 *
 * Randomness, one stream per process so what-ifs share their draws (common
 * random numbers; see docs/fleet.md):
 *   "boot:<queue>/<cr>"       one uniform per instance launched by the CR
 *   "bootstrap:<queue>/<cr>"  one uniform per instance launched by the CR
 *   "spot:<type>:<region>"    one uniform per Spot instance of the pool
 *   "ice:<type>:<region>"     one uniform per launch attempt in the pool
 * Every draw is turned into a value by an inverse CDF, so changing a
 * parameter moves each value monotonically instead of reshuffling them.
 */
#ifndef PCLSIM_FLEET_H
#define PCLSIM_FLEET_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "configs/config.h"
#include "models/capacity.h"
#include "models/fleet_params.h"
#include "models/spot.h"

struct catalog;
struct diags;

#define FLEET_NEVER INT64_MAX


/* Boot latency in ms (custom actions excluded) for a uniform u in (0, 1). */
int64_t boot_latency_ms(const struct boot_params *b, double u);

/* One instance type a compute resource may launch, with what the allocation
 * strategies look at. */
struct fleet_offer {
	const char *instance_type;      /* catalog name */
	double usd_per_hour;            /* price for the queue's capacity type */
	int spot_bucket;                /* enum spot_bucket */
	size_t pool;                    /* index into fleet.pools */
};

/* Orders offers best first for the strategy (On-Demand queues always use
 * lowest-price).  Stable and total: ties go to the lower bucket, then the
 * lower price, then the name. */
void fleet_order_offers(struct fleet_offer *o, size_t n,
			enum allocation_strategy s, int spot, int pco_slack);

struct fleet_pool {                     /* instance type x region */
	const char *instance_type;
	double launch_fail_prob;
	struct spot_pool spot;
	gsl_rng *ice_rng;
	uint64_t n_attempts, n_ice;
};

struct fleet_cr {
	int queue, cr;
	int spot;                       /* capacity type SPOT */
	int in_pg;                      /* cluster placement group */
	int64_t custom_actions_ms;
	struct fleet_offer *offers;     /* best first */
	size_t n_offers;
	struct cr_capacity cap;
	gsl_rng *boot_rng, *bootstrap_rng;
	uint64_t n_launched;
};

struct fleet {
	struct fleet_params params;     /* copy; pool overrides not owned */
	const char *region;
	int64_t resume_timeout_ms;      /* ComputeNodeBootstrapTimeout */
	struct fleet_pool *pools;
	size_t n_pools;
	struct fleet_cr *crs;           /* every CR of every queue, in order */
	size_t n_crs;
	size_t *queue_first_cr;         /* n_queues + 1 entries */
	struct partition_health *parts; /* one per queue */
	size_t n_queues;
	/* Totals for the report. */
	uint64_t n_launches, n_ice_calls, n_bootstrap_failures;
};

/* Builds the fleet of a loaded cluster.  Every compute resource must have at
 * least one instance type priced in the cluster's region (the validators
 * check this first); otherwise an error names it.  region falls back to
 * us-east-1 when the config has none.  Returns 0, or -1 with errors in d. */
int fleet_init(struct fleet *f, const struct cluster *c,
	       const struct catalog *cat, const struct fleet_params *p,
	       uint64_t seed, uint32_t replication, struct diags *d);
void fleet_free(struct fleet *f);

/* The fleet's record of compute resource cr of queue q. */
struct fleet_cr *fleet_cr(struct fleet *f, int queue, int cr);

enum launch_status {
	LAUNCH_OK,             /* registers at ready_ms */
	LAUNCH_ICE,            /* no capacity: nothing launched, known at once */
	LAUNCH_BOOTSTRAP_FAIL, /* launched (billed) but never registers; the node
				* goes down at fail_ms (ResumeTimeout) */
};

struct launch_outcome {
	enum launch_status status;
	const char *instance_type;   /* as launched; the first choice on ICE */
	double usd_per_hour;
	int64_t ready_ms;            /* LAUNCH_OK, else -1 */
	int64_t fail_ms;             /* failures, else -1 */
	int64_t interrupt_ms;        /* Spot: the instance vanishes; else NEVER */
	int64_t notice_ms;           /* clustermgtd's pass that sees it */
};

/* One resume request for count instances of a compute resource, launched at
 * now_ms.  Calls of more than launch_batch_max instances are split as
 * slurm_resume does.  Each call tries the CR's instance types in its
 * allocation-strategy order until one pool has capacity (a single-type CR
 * has only one); when none has, every instance of the call fails with ICE
 * and, for dynamic nodes, the CR is disabled for the timeout.  out gets
 * count entries.  Returns how many launched (OK or bootstrap failure). */
int fleet_launch(struct fleet *f, int queue, int cr, int count, int is_static,
		 int64_t now_ms, struct launch_outcome *out);

/* An instance already running when the run begins (a static node): its
 * type and, in a Spot queue, its interruption, drawn as for a launch (no
 * capacity failure, registered at now_ms). */
void fleet_existing(struct fleet *f, int queue, int cr, int64_t now_ms,
		    struct launch_outcome *out);

/* Whether Slurm may power up the CR's nodes now (not ICE-disabled). */
int fleet_cr_available(const struct fleet *f, int queue, int cr,
		       int64_t now_ms);
/* When a disabled CR is enabled again (now_ms when it is enabled). */
int64_t fleet_cr_enabled_at(const struct fleet *f, int queue, int cr,
			    int64_t now_ms);

/* The first clustermgtd pass at or after t. */
int64_t fleet_next_pass_ms(const struct fleet_params *p, int64_t t_ms);
/* The first ResumeProgram call at or after t (multiples of the interval;
 * t itself when the interval is 0). */
int64_t fleet_next_resume_ms(const struct fleet_params *p, int64_t t_ms);

/* A node of the partition registered (ok) or failed to bootstrap; returns 1
 * when the partition enters protected mode now (see capacity.h). */
int fleet_bootstrap_result(struct fleet *f, int queue, int ok,
			   int has_running_jobs, int64_t now_ms);
int fleet_partition_protected(const struct fleet *f, int queue);

/* Of a job that ran run_ms before its node vanished, the ms of work it keeps
 * under the checkpoint policy (0 without one). */
int64_t fleet_work_kept_ms(const struct fleet_params *p, int64_t run_ms);

#endif
