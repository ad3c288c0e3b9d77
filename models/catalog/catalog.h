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
	/* Added after the first contract (append only). */
	const char *category;         /* "Compute optimized", "" when unknown */
	const char *microarch;        /* "cascadelake", "zen4", "graviton3" */
	int sustained_clock_mhz;
	int accelerators;             /* Trainium/Inferentia/... count */
	const char *accelerator_name;
	int local_nvme_gb;            /* instance-store NVMe, 0 when none */
	const char *network_performance; /* AWS text: "Up to 12.5 Gigabit" */
};

/* Spot interruption-frequency buckets of the Spot Instance Advisor. */
enum spot_bucket { SPOT_LT5, SPOT_5_10, SPOT_10_15, SPOT_15_20, SPOT_GT20,
		   SPOT_UNKNOWN = -1 };

struct instance_price {
	double ondemand_usd_per_hour; /* < 0 when not offered in the region */
	double spot_usd_per_hour;     /* < 0 when no Spot data */
	int spot_bucket;              /* enum spot_bucket */
	int spot_savings_pct;         /* -1 when no Spot data (spot_bucket
				       * SPOT_UNKNOWN); else may be negative:
				       * the feed has a pool above On-Demand */
	const char *ondemand_date;    /* price list date of the On-Demand price,
				       * "override" for a private price */
};

enum fsx_deployment { FSX_SCRATCH_1, FSX_SCRATCH_2, FSX_PERSISTENT_1,
		      FSX_PERSISTENT_2 };

struct catalog;

/* The embedded catalog (never NULL; immutable, shared). */
const struct catalog *catalog_builtin(void);

/* A copy of base with private prices from a CSV file overlaid: header
 * instance_type,region plus any of ondemand_usd_per_hour, spot_usd_per_hour,
 * discount_pct, spot_discount_pct; one struct price_override per row, in
 * file order (docs/catalog.md).  Returns NULL with errors (file:line, the
 * field) in d. */
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

/* ---- added after the first contract ---------------------------------- */

/* Regions the catalog knows (sorted). */
size_t catalog_region_count(const struct catalog *c);
const char *catalog_region_at(const struct catalog *c, size_t i);
int catalog_region_known(const struct catalog *c, const char *region);
/* Like catalog_suggest, for region names. */
size_t catalog_suggest_region(const struct catalog *c, const char *region,
			      const char **out, size_t max);
/* Instance families ("c7i"): known or not, and the nearest to a typo. */
int catalog_family_known(const struct catalog *c, const char *family);
size_t catalog_suggest_family(const struct catalog *c, const char *family,
			      const char **out, size_t max);

/* Up to max regions where the type has an On-Demand price, in name order;
 * returns how many were written. */
size_t catalog_offered_regions(const struct catalog *c,
			       const struct instance_type *it,
			       const char **out, size_t max);

/* "<5%", "5-10%", "10-15%", "15-20%", ">20%", or "-" for SPOT_UNKNOWN. */
const char *catalog_spot_bucket_label(int bucket);

/* A private price, from an override CSV row or a scenario section.
 * instance_type: a name, "FAMILY.*" or "*"; region: a name or "*".
 * A value < 0 leaves that part unchanged.  Absolute prices apply first,
 * then the discounts (percent off, 0..100).  An absolute On-Demand price
 * for one type in one region may add a price the catalog lacks; wildcards
 * only touch prices that exist. */
struct price_override {
	const char *instance_type;
	const char *region;
	double ondemand_usd_per_hour;
	double spot_usd_per_hour;
	double discount_pct;         /* EDP, Savings Plan, Reserved rate */
	double spot_discount_pct;
};

/* A private, modifiable copy of base (free with catalog_free). */
struct catalog *catalog_copy(const struct catalog *base);

/* Applies one override to a copy.  file/line name its origin for errors
 * and for catalog_about().  Returns how many prices changed, or -1 with an
 * error in d. */
int catalog_apply_override(struct catalog *c, const struct price_override *o,
			   const char *file, int line, struct diags *d);

/* How many private price rules were applied (0 for the built-in catalog). */
size_t catalog_override_count(const struct catalog *c);

/* Sets the per-core speed index of one type (a scenario override).
 * Returns 0, or -1 when the type is unknown or speed is not > 0. */
int catalog_set_speed_index(struct catalog *c, const char *name,
			    double speed_index);

/* Storage price with its provenance. */
struct storage_price {
	double usd;                  /* < 0 when unknown */
	const char *verification;    /* "list-price" (EBS), "corroborated",
				      * "unverified-recall", "page-cross-check" */
	const char *price_region;    /* the region whose price was used */
};

/* FSx for Lustre per GB-month, with where the number comes from.  Regions
 * without their own price use us-east-1's (price_region says so). */
int catalog_fsx_price(const struct catalog *c, const char *region,
		      enum fsx_deployment dep, int per_unit_mbps, int hdd,
		      struct storage_price *out);
/* EBS price rows by kind: storage per GB-month ("gp3", "gp2", "io1", "io2",
 * "st1", "sc1", "snapshot"), provisioned IOPS per IOPS-month ("gp3-iops"
 * above 3000, "io1-iops", "io2-iops" up to 32000, "io2-iops-tier2" to
 * 64000, "io2-iops-tier3" beyond), gp3 throughput above 125 MB/s per
 * GiBps-month ("gp3-throughput").  -1 when unknown. */
double catalog_ebs_price(const struct catalog *c, const char *region,
			 const char *kind);
/* EFS Standard storage with its provenance (a recalled us-east-1 price). */
int catalog_efs_price(const struct catalog *c, const char *region,
		      struct storage_price *out);

/* Name of an FSx deployment type ("SCRATCH_2"), and the reverse (-1 when
 * unknown). */
const char *catalog_fsx_deployment_name(enum fsx_deployment dep);
int catalog_fsx_deployment_parse(const char *name);

#endif
