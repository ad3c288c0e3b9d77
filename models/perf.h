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

struct diags;
struct instance_type;
struct compute_resource;

/* Alpha-beta parameters: a message of m bytes takes alpha + m / beta. */
struct net_params {
	double efa_latency_us;         /* alpha with EFA, in a placement group */
	double tcp_latency_us;         /* alpha with TCP, in a placement group */
	double no_pg_extra_latency_us; /* added outside a placement group */
	double efa_bw_efficiency;      /* fraction of line rate EFA reaches */
	double tcp_flow_gbps_pg;       /* one TCP flow, in a placement group */
	double tcp_flow_gbps_no_pg;    /* one TCP flow, outside one */
	int tcp_flows;                 /* concurrent TCP flows per node */
	double msg_bytes;              /* typical message size m */
};

/* The network one side (reference or simulated) communicates over. */
struct net_setup {
	double gbps;     /* instance network bandwidth */
	int efa;         /* EFA configured and supported */
	int pg;          /* cluster placement group */
};

struct perf_params {
	struct net_params net;
	struct net_setup ref_net;        /* what comm_fraction was measured on */
	const char *reference_instance;  /* the trace's machine (borrowed);
					  * NULL: no speed scaling */
	int reference_disable_smt;
	double ref_speed_per_cpu;        /* from reference_instance; <= 0: no
					  * speed scaling */
	double smt_yield;                /* two threads on one core vs one */
	double default_comm_fraction;    /* for jobs whose trace has none */
};

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

void perf_params_default(struct perf_params *p);

/* Checks ranges; errors name file and the scenario field.  Returns the
 * number of errors added. */
int perf_params_check(const struct perf_params *p, const char *file,
		      struct diags *d);

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

#endif
