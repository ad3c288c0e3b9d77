/*
 * The tables generated into catalog_data.c by gen_catalog.py, private to the
 * catalog module.  Compact rows: regions are indices into the region table
 * and a price row names its instance type by index, so the whole catalog is
 * static data that needs no parsing at start-up.
 */
#ifndef PCLSIM_CATALOG_DATA_H
#define PCLSIM_CATALOG_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "models/catalog/catalog.h"

/* Where an On-Demand price came from: index into catalog_data_source_dates,
 * or CATALOG_SRC_OVERRIDE for a user's private price. */
enum { CATALOG_SRC_KARPENTER = 0, CATALOG_SRC_EC2SHOP = 1,
       CATALOG_SRC_OVERRIDE = 2 };

struct catalog_price_row {
	uint16_t type;            /* index into the type table */
	uint8_t region;           /* index into the region table */
	uint8_t source;           /* CATALOG_SRC_* */
	double ondemand_usd_per_hour;  /* < 0: not offered / unknown */
	double spot_usd_per_hour;      /* < 0: no Spot data */
	int8_t spot_bucket;            /* enum spot_bucket */
	int8_t spot_savings_pct;       /* valid when spot_bucket >= 0 */
};

struct catalog_ebs_row {
	uint8_t region;
	const char *kind;         /* gp3, gp2, io1, io2, st1, sc1, snapshot,
				   * gp3-iops, io1-iops, io2-iops,
				   * io2-iops-tier2, io2-iops-tier3,
				   * gp3-throughput */
	double usd;               /* see catalog_data.c for units */
};

struct catalog_fsx_row {
	uint8_t region;
	enum fsx_deployment deployment;
	int per_unit_mbps;        /* 0 for SCRATCH */
	int hdd;
	double usd_per_gb_month;
	const char *verification; /* corroborated | unverified-recall |
				   * page-cross-check */
};

/* Every generated table, with its row count. */
struct catalog_tables {
	const char *const *regions;   size_t n_regions;   /* sorted */
	const struct instance_type *types; size_t n_types; /* sorted by name */
	const struct catalog_price_row *prices; size_t n_prices;
	const struct catalog_ebs_row *ebs; size_t n_ebs;
	const struct catalog_fsx_row *fsx; size_t n_fsx;
	double efs_usd_per_gb_month;
	const char *source_dates[2];  /* by CATALOG_SRC_KARPENTER/_EC2SHOP */
	const char *data_date;
	const char *about;
};

extern const struct catalog_tables catalog_data;

#endif
