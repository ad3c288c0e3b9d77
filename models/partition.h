/*
 * The Slurm layout ParallelCluster generates for a cluster config: one
 * partition per queue, and per compute resource MinCount static nodes
 * (queue-st-cr-N) and MaxCount - MinCount dynamic nodes (queue-dy-cr-N), with
 * the CPUs, RealMemory, Features, Weight and Gres the cookbook's generator
 * writes into pcluster/slurm_parallelcluster_<queue>_partition.conf.  The
 * simulated cluster is built from this layout and `validate --slurm-conf`
 * prints it, so what the user reads is what is simulated.
 *
 * Instance facts come through a small lookup so the generator can be fed the
 * catalog or, in tests, the cookbook's own instance-type data.
 */
#ifndef PCLSIM_PARTITION_H
#define PCLSIM_PARTITION_H

#include <stdint.h>
#include <stdio.h>

struct cluster;
struct catalog;
struct diags;
struct kv;

/* ParallelCluster's realmemory_to_ec2memory_ratio (cookbook attribute
 * default, aws-parallelcluster-cookbook f75d84c, 2024-10-21). */
#define REALMEMORY_RATIO_DEFAULT 0.95
/* SuspendTimeout written by the cookbook's slurm.conf template (FACTS.md §3). */
#define SLURM_SUSPEND_TIMEOUT_S 120

struct instance_facts {
	int vcpus;
	int threads_per_core;
	int64_t memory_mib;          /* EC2 MemoryInfo.SizeInMiB */
	int gpus;                    /* NVIDIA GPUs only, as the generator counts */
	char gpu_type[32];           /* lower-case GPU name, "" without */
};

/* Fills out for an instance type; returns 0, or -1 when it is unknown. */
typedef int (*instance_lookup_fn)(void *ctx, const char *name,
				  struct instance_facts *out);

/* The lookup over a struct catalog (ctx is a const struct catalog *). */
int instance_lookup_catalog(void *ctx, const char *name,
			    struct instance_facts *out);

struct slurm_cr {                /* one compute resource's node lines */
	const char *name;            /* borrowed from the cluster */
	int queue, cr;               /* indexes in the cluster config */
	int n_static, n_dynamic;
	int32_t cpus;
	int64_t real_mem_mb;
	int32_t gpus;
	char gpu_type[32];
	uint32_t static_weight, dynamic_weight;
	const char *instance_type;   /* NULL when the CR has several types */
	char *const *instance_types; /* all of them (borrowed), in config order */
	int n_instance_types;
	int efa;
	const struct kv *custom;     /* appended to the NodeName lines */
	int n_custom;
};

struct slurm_part {
	const char *name;            /* borrowed from the cluster */
	int first_cr, n_crs;         /* range in slurm_layout.crs */
	int is_default;              /* the first queue */
	int exclusive;               /* JobExclusiveAllocation */
	int spot;                    /* CapacityType SPOT */
	const struct kv *custom;     /* appended to the PartitionName line */
	int n_custom;
};

struct slurm_layout {
	struct slurm_part *parts;
	int n_parts;
	struct slurm_cr *crs;
	int n_crs;
	int memory_scheduling;       /* SelectTypeParameters=CR_CPU_Memory */
	int suspend_time_s;          /* ScaledownIdletime x 60; -1 disables */
	int resume_timeout_s;        /* ComputeNodeBootstrapTimeout */
	int suspend_timeout_s;
};

/* Builds the layout of a Slurm cluster config.  ratio is the RealMemory to
 * EC2 memory ratio (REALMEMORY_RATIO_DEFAULT).  The layout borrows strings
 * from c, which must outlive it.  Returns 0, or -1 with errors in d (an
 * unknown instance type names the compute resource). */
int slurm_layout_build(const struct cluster *c, instance_lookup_fn lookup,
		       void *lookup_ctx, double ratio,
		       struct slurm_layout *out, struct diags *d);
void slurm_layout_free(struct slurm_layout *l);

/* Whether a CR carries a Slurm feature (static/dynamic excluded: they
 * belong to nodes). */
int slurm_cr_has_feature(const struct slurm_cr *cr, const char *feature);

/* The NodeName, NodeSet and PartitionName lines of one partition, exactly as
 * pcluster/slurm_parallelcluster_<queue>_partition.conf holds them after its
 * header comment. */
void slurm_layout_print_partition(const struct slurm_layout *l, int part,
				  FILE *out);
/* The gres.conf lines of one partition (nothing without GPUs). */
void slurm_layout_print_gres(const struct slurm_layout *l, int part,
			     FILE *out);
/* Everything: the generated slurm_parallelcluster.conf settings that matter
 * to scheduling (SuspendTime, ResumeTimeout, SelectTypeParameters,
 * SuspendExcNodes), then each partition and its gres lines, each introduced
 * by a comment naming the file ParallelCluster would write. */
void slurm_layout_print(const struct slurm_layout *l, FILE *out);

#endif
