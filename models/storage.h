/*
 * From a cluster's SharedStorage entry to the throughput rules of the
 * fluid-flow model (fsx.h): FSx for Lustre by deployment type, per-unit
 * throughput and storage class (figures of the FSx for Lustre user guide,
 * via ../shared/reference/aws-data/FACTS.md sections 1-3); EBS volumes
 * NFS-exported by the head node; EFS bursting or provisioned.  Also where a
 * job's I/O sizes come from when the trace does not give them.  Every
 * default and its source is listed in docs/performance.md.
 */
#ifndef PCLSIM_STORAGE_H
#define PCLSIM_STORAGE_H

#include <stddef.h>

#include "models/fsx.h"
#include "models/perf_params.h"

struct diags;
struct cluster;
struct shared_storage;
struct job;
struct fsx_lustre_settings;

/* Index of the storage jobs read and write (see target), or -1 when the
 * cluster has none the model covers; an unknown or unmodelled target is
 * an error in d (-2). */
int storage_pick(const struct cluster *c, const struct storage_params *p,
		 struct diags *d);

/* The fluid-model rules for one storage.  region picks the FSx burst limit
 * of some regions; head_node_gbps caps NFS-exported EBS (<= 0: no cap).
 * Returns 0, or -1 with an error naming the config file, line and key. */
int storage_spec_for(const struct shared_storage *ss,
		     const struct storage_params *p, const char *region,
		     double head_node_gbps, const char *config_path,
		     struct fsx_spec *out, struct diags *d);

/* A job's read and write bytes and compression ratio: the trace's values,
 * else its queue's defaults, else the global ones. */
void storage_job_io(const struct storage_params *p, const char *queue,
		    const struct job *j, double *read_bytes,
		    double *write_bytes, double *ratio);

/* An FSx for Lustre file system's size in TiB as AWS rates it:
 * StorageCapacity (GiB) / 1000, so 1200 GiB is "1.2 TiB". */
double storage_fsx_tib(double capacity_gib);

/* Its rated throughput in MB/s (10^6 bytes): TiB x per-unit throughput
 * (200 MB/s/TiB for SCRATCH_1/2), the figure AWS sells and the model's
 * disk baseline.  0 for an existing file system (no size in the config). */
double storage_fsx_rated_mbps(const struct fsx_lustre_settings *f);

/* Per-flow cap: the job's nodes times the instance network bandwidth. */
double storage_flow_cap_bps(int nodes, double node_gbps);

#endif
