/*
 * The offline catalog: what each EC2 instance type offers and what it, and
 * shared storage, cost in each region.  The data is generated from public AWS
 * data files (see models/catalog/README.md for sources and dates) into C
 * source compiled into the binary, so pclsim needs no network and no data
 * directory.  Users may overlay private prices (--catalog FILE, or a scenario
 * section) without rebuilding.
 */
#ifndef PCLSIM_CATALOG_H
#define PCLSIM_CATALOG_H

#include <stddef.h>
#include <stdint.h>

struct diags;

struct instance_type {
	const char *name;             /* "c5n.18xlarge" */
	const char *family;           /* "c5n" */
	const char *arch;             /* "x86_64" | "arm64" */
	const char *cpu_manufacturer; /* "intel" | "amd" | "aws" */
	int vcpus;
	int physical_cores;
	int threads_per_core;
	int memory_mib;               /* EC2 MemoryInfo.SizeInMiB */
	int gpus;                     /* GPU count (any manufacturer) */
	const char *gpu_name;         /* "V100", "" when none */
	const char *gpu_manufacturer; /* "nvidia", "amd", "" */
	double gpu_memory_gib;        /* per GPU */
	double network_gbps;          /* baseline bandwidth */
	int efa;                      /* EFA supported */
	int efa_max_interfaces;
	int cluster_placement;        /* supports a cluster placement group */
	double speed_index;           /* per-core speed, see README */
	int current_generation;
};

/* Spot interruption-frequency buckets of the Spot Instance Advisor. */
enum spot_bucket { SPOT_LT5, SPOT_5_10, SPOT_10_15, SPOT_15_20, SPOT_GT20,
		   SPOT_UNKNOWN = -1 };

struct instance_price {
	double ondemand_usd_per_hour; /* < 0 when not offered in the region */
	double spot_usd_per_hour;     /* < 0 when no Spot data */
	int spot_bucket;              /* enum spot_bucket */
	int spot_savings_pct;
};

enum fsx_deployment { FSX_SCRATCH_1, FSX_SCRATCH_2, FSX_PERSISTENT_1,
		      FSX_PERSISTENT_2 };

struct catalog;

/* The embedded catalog (never NULL; immutable, shared). */
const struct catalog *catalog_builtin(void);

/* A copy of base with prices from a CSV file overlaid (same columns as the
 * generated price table).  Returns NULL with errors in d. */
struct catalog *catalog_with_overrides(const struct catalog *base,
				       const char *csv_path, struct diags *d);
void catalog_free(struct catalog *c);   /* no-op on the builtin catalog */

/* Lookup by exact name; NULL when unknown. */
const struct instance_type *catalog_instance(const struct catalog *c,
					     const char *name);
/* Up to max names closest to an unknown name (edit distance), best first;
 * returns how many were written. */
size_t catalog_suggest(const struct catalog *c, const char *name,
		       const char **out, size_t max);

size_t catalog_instance_count(const struct catalog *c);
const struct instance_type *catalog_instance_at(const struct catalog *c,
						size_t i);

/* Price of a type in a region.  Returns 0, or -1 when the type is not offered
 * there (out->ondemand_usd_per_hour < 0). */
int catalog_price(const struct catalog *c, const struct instance_type *it,
		  const char *region, struct instance_price *out);

/* Storage prices in USD per GB-month for the region; -1 when unknown.
 * per_unit_mbps is the FSx throughput tier (0 for SCRATCH), hdd selects the
 * HDD storage class. */
double catalog_fsx_usd_per_gb_month(const struct catalog *c, const char *region,
				    enum fsx_deployment dep, int per_unit_mbps,
				    int hdd);
double catalog_ebs_usd_per_gb_month(const struct catalog *c, const char *region,
				    const char *volume_type);
double catalog_efs_usd_per_gb_month(const struct catalog *c, const char *region);

/* Where the data comes from and how old it is, for reports. */
const char *catalog_about(const struct catalog *c);
const char *catalog_data_date(const struct catalog *c);

#endif
