/*
 * The performance model: how long a job's compute and communication take on
 * the simulated instance, given the run time the trace measured on a
 * reference machine.  I/O phases are the shared-storage model's (fsx.h).
 *
 * A trace's runtime is read as compute + communication on the *reference*:
 *   compute = (1 - f) x runtime     scaled by per-CPU speed ref / simulated
 *   comm    =      f  x runtime     scaled by the alpha-beta message time
 *                                   simulated network / reference network
 * where f is the job's comm_fraction (trace column or scenario default) and
 * applies only to jobs on two or more nodes.  With no reference instance
 * there is no speed scaling; the reference network defaults to EFA in a
 * cluster placement group at 100 Gbit/s (see docs/performance.md for every
 * parameter, its default and its source).
 */
#ifndef PCLSIM_PERF_H
#define PCLSIM_PERF_H

#include <stdint.h>

#include "models/perf_params.h"

struct instance_type;
struct compute_resource;

/* What a job runs on: per-CPU speed and network (see perf_target_for). */
struct perf_target {
	double speed_per_cpu;
	struct net_setup net;
};

/* A job's time on the simulated instance, split by kind. */
struct job_times {
	int64_t compute_ms;
	int64_t comm_ms;
};

/* Slurm CPUs of one node: vCPUs, or physical cores when
 * DisableSimultaneousMultithreading is set (ParallelCluster then runs one
 * thread per core, so Slurm sees half the vCPUs on SMT types). */
int perf_cpus_per_node(const struct instance_type *it, int disable_smt);

/* Speed of one Slurm CPU: the catalog's per-core speed index, shared by
 * the core's threads when SMT is on (a busy core with two threads does
 * smt_yield times the work of one). */
double perf_cpu_speed(const struct instance_type *it, int disable_smt,
		      double smt_yield);

/* Makes it (with SMT on or off) the reference the trace was measured on. */
void perf_set_reference(struct perf_params *p, const struct instance_type *it,
			int disable_smt);

/* Per-CPU speed and network of a compute resource running type it: EFA
 * only if both configured and supported, the CR's effective placement
 * group, the type's bandwidth. */
void perf_target_for(const struct perf_params *p,
		     const struct instance_type *it,
		     const struct compute_resource *cr,
		     struct perf_target *out);

/* alpha + m / beta, in microseconds, for one message on setup s. */
double perf_message_us(const struct net_params *n, const struct net_setup *s);

/* Communication time on s over communication time on the reference. */
double perf_net_factor(const struct perf_params *p, const struct net_setup *s);

/* Compute time factor: reference speed over the target's (1 without a
 * reference). */
double perf_speed_factor(const struct perf_params *p,
			 const struct perf_target *t);

/* Splits a trace runtime into compute and communication on target t.
 * comm_fraction < 0 takes the scenario default; single-node jobs do not
 * communicate over the network. */
void perf_job_times(const struct perf_params *p, const struct perf_target *t,
		    int64_t runtime_ms, int nodes, double comm_fraction,
		    struct job_times *out);
/* The same split with the target's factors already known
 * (perf_speed_factor, perf_net_factor): for a caller that splits many jobs
 * on one target. */
void perf_job_times_by(const struct perf_params *p, double speed_factor,
		       double net_factor, int64_t runtime_ms, int nodes,
		       double comm_fraction, struct job_times *out);

#endif
