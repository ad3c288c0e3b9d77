/*
 * The ParallelCluster v3 cluster configuration as a typed struct.  The loader
 * (config.c) reads the same YAML file `pcluster create-cluster` reads, checks
 * it against the v3 schema, applies ParallelCluster's defaults, and fills a
 * struct cluster; the validators (validate.c) then judge it as pcluster would.
 * Every key that affects time or cost is kept here; the rest of the schema is
 * recognised and type-checked but not stored.
 */
#ifndef PCLSIM_CONFIG_H
#define PCLSIM_CONFIG_H

#include <stddef.h>
#include <stdint.h>

struct diags;
struct catalog;

/* Where a value stood in the file, for messages after loading. */
struct src_pos {
	int line, col;   /* 1-based; 0 when the value was a default */
};

struct kv {              /* a CustomSlurmSettings entry or a tag */
	char *key;
	char *value;
};

enum capacity_type { CAPACITY_ONDEMAND, CAPACITY_SPOT, CAPACITY_BLOCK };
enum allocation_strategy { ALLOC_UNSET, ALLOC_LOWEST_PRICE,
			   ALLOC_CAPACITY_OPTIMIZED,
			   ALLOC_PRICE_CAPACITY_OPTIMIZED };
enum scheduler_kind { SCHEDULER_SLURM, SCHEDULER_AWSBATCH };
enum scaling_strategy { SCALING_ALL_OR_NOTHING, SCALING_GREEDY_ALL_OR_NOTHING,
			SCALING_BEST_EFFORT };

struct placement_group {
	int enabled;     /* effective: 1 on, 0 off (after queue/CR resolution) */
	int explicit_set;/* Enabled, Name or Id was written in the file */
	char *name;      /* Name or Id; NULL for a managed group */
};

struct compute_resource {
	char *name;
	char **instance_types;       /* one, or the flexible Instances list */
	int n_instance_types;
	int flexible;                /* given as Instances: */
	int min_count, max_count;    /* defaults 0 / 10 */
	double spot_price_usd;       /* < 0 when unset */
	int disable_smt;
	int64_t schedulable_memory_mib; /* 0 when unset */
	int efa, efa_gdr;
	struct placement_group pg;   /* effective (CR overrides queue) */
	uint32_t static_priority;    /* default 1 */
	uint32_t dynamic_priority;   /* default 1000 */
	char *capacity_reservation_id;
	struct kv *custom_slurm;     /* appended to NodeName lines */
	int n_custom_slurm;
	struct src_pos pos;
	/* Added for the validators' messages and rules. */
	int has_capacity_reservation;   /* Id or ResourceGroupArn (CR or queue) */
	int instance_placeholder;       /* an instance type is a placeholder */
	struct src_pos pos_name, pos_instance, pos_min, pos_max, pos_efa,
		       pos_pg, pos_memory;
};

struct slurm_queue {
	char *name;
	enum capacity_type capacity_type;      /* default ONDEMAND */
	enum allocation_strategy allocation;   /* default lowest-price */
	int n_subnets;
	int job_exclusive;                     /* JobExclusiveAllocation */
	struct placement_group pg;             /* as written at queue level */
	int has_on_node_start, has_on_node_configured;
	struct kv *custom_slurm;               /* appended to PartitionName */
	int n_custom_slurm;
	struct kv *tags;
	int n_tags;
	struct compute_resource *crs;
	int n_crs;
	struct src_pos pos;
	/* Added for the validators' messages and rules. */
	int allocation_set;                    /* AllocationStrategy written */
	char **subnet_ids;                     /* n_subnets of them */
	struct src_pos pos_name, pos_capacity, pos_alloc, pos_subnets;
};

enum storage_type { STORAGE_EBS, STORAGE_EFS, STORAGE_FSX_LUSTRE,
		    STORAGE_FSX_ONTAP, STORAGE_FSX_OPENZFS, STORAGE_FILE_CACHE };

struct fsx_lustre_settings {
	int storage_capacity_gib;      /* 0 for an existing file system */
	int deployment;                /* enum fsx_deployment (catalog.h) */
	int per_unit_mbps_per_tib;     /* 0 for SCRATCH */
	int hdd;                       /* StorageType HDD */
	int drive_cache_read;          /* DriveCacheType READ */
	int lz4;                       /* DataCompressionType LZ4 */
	char *import_path, *export_path;
	char *auto_import_policy;
	int imported_file_chunk_mib;   /* default 1024 */
	char *file_system_id;          /* existing file system */
	/* Added: what was written, for the FSx validators. */
	int per_unit_set, storage_type_set, drive_cache_set;
	int has_dra, has_backup_id, has_kms_key, backup_retention_days;
	struct src_pos pos_capacity, pos_deployment, pos_throughput,
		       pos_storage_type, pos_import, pos_export;
};

struct ebs_settings {
	char *volume_type;             /* default gp3 */
	int size_gib;                  /* default 40 */
	int iops;                      /* default 3000 for gp3 */
	int throughput_mibps;          /* default 125 for gp3 */
	char *volume_id;               /* existing volume */
	int raid_volumes;              /* 0 without Raid */
	int iops_set, throughput_set;  /* written in the file */
	struct src_pos pos_size, pos_iops, pos_throughput;
};

struct efs_settings {
	int max_io;                    /* PerformanceMode maxIO */
	int provisioned;               /* ThroughputMode provisioned */
	int provisioned_mibps;
	char *file_system_id;
};

struct shared_storage {
	char *name;
	char *mount_dir;
	enum storage_type type;
	struct fsx_lustre_settings fsx;
	struct ebs_settings ebs;
	struct efs_settings efs;
	struct src_pos pos;
	/* Added: existing storage (FileSystemId / VolumeId / FileCacheId). */
	int existing;
	char *volume_id;               /* FsxOntap / FsxOpenZfs / FileCache id */
	struct src_pos pos_name, pos_mount;
};

struct login_pool {              /* LoginNodes.Pools[] (cost: always on) */
	char *name;
	char *instance_type;
	int count;                     /* default 1 */
	struct src_pos pos, pos_name, pos_instance;
};

struct awsbatch_queue {          /* the single AwsBatchQueues entry */
	char *name;
	enum capacity_type capacity_type;
	char **instance_types;
	int n_instance_types;
	int min_vcpus, max_vcpus, desired_vcpus;
	char *cr_name;                 /* its single compute resource */
	struct src_pos pos, pos_name, pos_instance, pos_cr_name;
};

struct cluster {
	char *path;                    /* file it was read from */
	char *region;                  /* may be NULL: no Region key */
	char *os;
	char *head_node_instance_type;
	enum scheduler_kind scheduler;
	enum scaling_strategy scaling_strategy;
	/* SlurmSettings */
	int scaledown_idletime_min;    /* default 10; -1 disables power-down */
	int enable_memory_scheduling;
	struct kv *custom_slurm;       /* SlurmSettings.CustomSlurmSettings */
	int n_custom_slurm;
	int has_database;
	int compute_bootstrap_timeout_s; /* DevSettings.Timeouts, default 1800 */
	struct slurm_queue *queues;
	int n_queues;
	struct awsbatch_queue batch;
	struct shared_storage *storage;
	int n_storage;
	struct kv *tags;
	int n_tags;
	/* Added for the validators and reports. */
	char *custom_ami;              /* Image.CustomAmi */
	int has_external_slurmdbd;
	int region_placeholder;        /* Region is a placeholder value */
	int head_node_placeholder;     /* HeadNode.InstanceType likewise */
	struct login_pool *login_pools;
	int n_login_pools;
	struct src_pos pos_region, pos_os, pos_head_type, pos_scheduler,
		       pos_database;
};

/* A `--set KEY=VALUE` override applied to the YAML before it is typed:
 * dotted keys with [i] or [name=X] selectors, e.g.
 * Scheduling.SlurmQueues[name=spot].ComputeResources[0].InstanceType */
struct config_override {
	const char *key;
	const char *value;
};

/* Where KEY ends in the argument "KEY=VALUE": the first '=' outside [...],
 * since a selector may hold one.  NULL when there is none or KEY is empty. */
const char *config_override_eq(const char *arg);

/* Reads, schema-checks and types a config.  The overrides (may be NULL) are
 * applied first.  Returns 0, or -1 with every error found (bounded) in d;
 * warnings are added to d either way. */
int config_load(const char *path, const struct config_override *overrides,
		size_t n_overrides, struct cluster *out, struct diags *d);
/* The same from memory; name is used in messages. */
int config_load_buffer(const char *name, const char *yaml, size_t len,
		       const struct config_override *overrides,
		       size_t n_overrides, struct cluster *out,
		       struct diags *d);
void cluster_free(struct cluster *c);

/* What ParallelCluster derives from a compute resource (FACTS.md §3): the
 * CPUs Slurm sees per node (the minimum vCPUs over the CR's types, divided
 * by threads per core with SMT disabled) and RealMemory (SchedulableMemory,
 * or floor(0.95 x the minimum EC2 memory)).  0 when a type is unknown. */
int config_cr_slurm_cpus(const struct compute_resource *cr,
			 const struct catalog *cat);
int64_t config_cr_real_memory_mib(const struct compute_resource *cr,
				  const struct catalog *cat);
/* The validators pcluster applies that matter offline (names, counts, limits,
 * instance types against the catalog, EFA, placement groups, flexible
 * instances, FSx rules, ...).  Returns the number of errors added to d. */
int config_validate(const struct cluster *c, const struct catalog *cat,
		    struct diags *d);

#endif
