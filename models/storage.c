/*
 * Throughput rules per storage type, turned into an fsx_spec, and the
 * resolution of a job's I/O sizes.  Figures per TiB are MB/s (10^6 bytes)
 * as AWS publishes them; capacity in TiB follows AWS's own arithmetic, in
 * which StorageCapacity 1200 (GiB) is "1.2 TiB" and a SCRATCH_2 file system
 * of that size is rated 240 MB/s.
 */
#include "models/storage.h"

#include <math.h>
#include <string.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"
#include "workloads/job.h"

#define MB 1e6
#define MIB 1048576.0
#define GIB 1073741824.0
#define TIB (1024.0 * GIB)

void storage_params_default(struct storage_params *p)
{
	*p = (struct storage_params){
		.target = NULL,
		/* AWS publishes no bucket size for FSx network credits; one
		 * hour of full burst is an assumption (docs/performance.md). */
		.burst_bucket_s = 3600,
		/* Datasets are taken to be larger than the servers' RAM
		 * cache (2-27 GiB per TiB, FACTS.md s1). */
		.read_cache_hit = 0,
		.s3_mbps = 0,
		.import_gb = -1,
		.stored_gb = 0,
		.capacity_gib = 0,
		.count_export = 0,
		/* FACTS.md s2: 1.0 for incompressible data. */
		.io = { .read_gb = 0, .write_gb = 0, .compress_ratio = 1.0 },
	};
}

static int check_io(const struct job_io_defaults *io, const char *where,
		    int allow_unset, const char *file, struct diags *d)
{
	int errors = 0;
	double lo = allow_unset ? -INFINITY : 0;
	if (!(io->read_gb >= lo) || !(io->write_gb >= lo)) {
		diag_error(d, file, 0, 0, "%s: read_gb and write_gb must be >= 0",
			   where);
		errors++;
	}
	if (!(io->compress_ratio >= 1) &&
	    !(allow_unset && io->compress_ratio < 0)) {
		diag_error(d, file, 0, 0, "%s: compress_ratio must be >= 1 (got "
			   "%g)", where, io->compress_ratio);
		errors++;
	}
	return errors;
}

int storage_params_check(const struct storage_params *p, const char *file,
			 struct diags *d)
{
	int errors = 0;
	if (!(p->burst_bucket_s >= 0)) {
		diag_error(d, file, 0, 0, "storage.burst_bucket_s must be >= 0 "
			   "(got %g)", p->burst_bucket_s);
		errors++;
	}
	if (!(p->read_cache_hit >= 0 && p->read_cache_hit <= 1)) {
		diag_error(d, file, 0, 0, "storage.read_cache_hit must be in "
			   "[0, 1] (got %g)", p->read_cache_hit);
		errors++;
	}
	if (!(p->stored_gb >= 0) || !(p->capacity_gib >= 0)) {
		diag_error(d, file, 0, 0, "storage.stored_gb and "
			   "storage.capacity_gib must be >= 0");
		errors++;
	}
	errors += check_io(&p->io, "storage", 0, file, d);
	for (size_t i = 0; i < p->n_per_queue; i++)
		errors += check_io(&p->per_queue[i].io, "storage.queues", 1,
				   file, d);
	return errors;
}

static int modelled(enum storage_type t)
{
	return t == STORAGE_FSX_LUSTRE || t == STORAGE_EFS || t == STORAGE_EBS;
}

int storage_pick(const struct cluster *c, const struct storage_params *p,
		 struct diags *d)
{
	if (p->target) {
		for (int i = 0; i < c->n_storage; i++) {
			if (!c->storage[i].name ||
			    strcmp(c->storage[i].name, p->target))
				continue;
			if (modelled(c->storage[i].type))
				return i;
			diag_error(d, c->path, c->storage[i].pos.line,
				   c->storage[i].pos.col, "SharedStorage '%s': "
				   "only FsxLustre, Efs and Ebs throughput is "
				   "modelled (storage.target)", p->target);
			return -2;
		}
		diag_error(d, c->path, 0, 0, "storage.target: no SharedStorage "
			   "named '%s' in the cluster config", p->target);
		return -2;
	}
	static const enum storage_type order[] = {
		STORAGE_FSX_LUSTRE, STORAGE_EFS, STORAGE_EBS };
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
		for (int i = 0; i < c->n_storage; i++)
			if (c->storage[i].type == order[k])
				return i;
	return -1;
}

/* ---- FSx for Lustre -------------------------------------------------- */

/* Per TiB, MB/s: FSx for Lustre user guide, performance.md (2023-05) and
 * ssd-storage (current), as tabulated in aws-data/FACTS.md s1 and
 * fsx_lustre_performance.csv.  Disk "write" is given where it differs from
 * read (SCRATCH_2); a burst of 0 means none. */
struct fsx_tier {
	int deployment, hdd, per_unit;
	double net, net_burst, disk, disk_burst, disk_write;
};

static const struct fsx_tier fsx_tiers[] = {
	{ FSX_SCRATCH_1, 0, 200, 200, 0, 200, 0, 200 },
	{ FSX_SCRATCH_2, 0, 200, 200, 1300, 200, 0, 100 },
	{ FSX_PERSISTENT_1, 0, 50, 250, 1300, 50, 240, 50 },
	{ FSX_PERSISTENT_1, 0, 100, 500, 1300, 100, 240, 100 },
	{ FSX_PERSISTENT_1, 0, 200, 750, 1300, 200, 240, 200 },
	{ FSX_PERSISTENT_2, 0, 125, 320, 1300, 125, 500, 125 },
	{ FSX_PERSISTENT_2, 0, 250, 640, 1300, 250, 500, 250 },
	{ FSX_PERSISTENT_2, 0, 500, 1300, 0, 500, 0, 500 },
	{ FSX_PERSISTENT_2, 0, 1000, 2600, 0, 1000, 0, 1000 },
	{ FSX_PERSISTENT_1, 1, 12, 40, 375, 12, 80, 12 },
	{ FSX_PERSISTENT_1, 1, 40, 150, 1300, 40, 250, 40 },
};

/* Persistent file systems in these regions burst only to 530 MB/s/TiB
 * (FSx for Lustre performance.md, 2023; FACTS.md s1). */
static const char *const burst_530_regions[] = {
	"af-south-1", "ap-east-1", "ap-northeast-3", "ap-southeast-1",
	"ca-central-1", "eu-central-1", "eu-west-2", "eu-south-1",
	"eu-north-1", "me-south-1", "sa-east-1", "cn-north-1",
	"cn-northwest-1", NULL };
#define PERSISTENT_BURST_LIMITED 530

static int burst_limited_region(const char *region)
{
	for (size_t i = 0; region && burst_530_regions[i]; i++)
		if (!strcmp(region, burst_530_regions[i]))
			return 1;
	return 0;
}

static const struct fsx_tier *fsx_tier_of(const struct fsx_lustre_settings *f)
{
	int scratch = f->deployment == FSX_SCRATCH_1 ||
		      f->deployment == FSX_SCRATCH_2;
	for (size_t i = 0; i < sizeof fsx_tiers / sizeof fsx_tiers[0]; i++) {
		const struct fsx_tier *t = &fsx_tiers[i];
		if (t->deployment == f->deployment && t->hdd == (f->hdd != 0) &&
		    (scratch || t->per_unit == f->per_unit_mbps_per_tib))
			return t;
	}
	return NULL;
}

double storage_fsx_tib(double capacity_gib)
{
	return capacity_gib / 1000;
}

double storage_fsx_rated_mbps(const struct fsx_lustre_settings *f)
{
	if (f->file_system_id || f->storage_capacity_gib <= 0)
		return 0;
	const struct fsx_tier *t = fsx_tier_of(f);
	int per_unit = t ? t->per_unit : f->per_unit_mbps_per_tib;
	return storage_fsx_tib(f->storage_capacity_gib) * per_unit;
}

/* A credit bucket that lasts burst_bucket_s at the full burst rate, full
 * at the start (a new file system or volume). */
static void set_burst(struct fsx_resource_spec *r, double baseline,
		      double burst, double bucket_s)
{
	r->baseline_bps = baseline;
	r->burst_bps = burst > baseline ? burst : 0;
	r->bucket_bytes = burst > baseline ? (burst - baseline) * bucket_s : 0;
	r->initial_bytes = r->bucket_bytes;
}

static void s3_link(const struct storage_params *p, const char *import,
		    const char *export, struct fsx_spec *out)
{
	double s3 = p->s3_mbps > 0 ? p->s3_mbps * MB
				   : out->res[FSX_RES_NET].baseline_bps;
	if (import) {
		out->res[FSX_RES_S3].baseline_bps = s3;
		out->cold_bytes = p->import_gb < 0 ? -1 : p->import_gb * 1e9;
	}
	if (export)
		out->export_bps = s3;
}

static int fsx_spec(const struct shared_storage *ss,
		    const struct storage_params *p, const char *region,
		    const char *config_path, struct fsx_spec *out,
		    struct diags *d)
{
	const struct fsx_lustre_settings *f = &ss->fsx;
	const struct fsx_tier *t = fsx_tier_of(f);
	if (!t) {
		diag_error(d, config_path, ss->pos.line, ss->pos.col,
			   "SharedStorage '%s': FsxLustreSettings."
			   "PerUnitStorageThroughput %d has no throughput "
			   "figures for this DeploymentType/StorageType",
			   ss->name ? ss->name : "?", f->per_unit_mbps_per_tib);
		return -1;
	}
	double gib = f->storage_capacity_gib > 0 ? f->storage_capacity_gib
						 : p->capacity_gib;
	if (!(gib > 0)) {
		diag_error(d, config_path, ss->pos.line, ss->pos.col,
			   "SharedStorage '%s': an existing file system's size "
			   "is not in the config; give storage.capacity_gib in "
			   "the scenario", ss->name ? ss->name : "?");
		return -1;
	}
	double tib = storage_fsx_tib(gib);
	double net_burst = t->net_burst;
	if (net_burst > 0 && (f->deployment == FSX_PERSISTENT_1 ||
			      f->deployment == FSX_PERSISTENT_2) &&
	    burst_limited_region(region))
		net_burst = fmin(net_burst, PERSISTENT_BURST_LIMITED);
	set_burst(&out->res[FSX_RES_NET], t->net * tib * MB,
		  net_burst * tib * MB, p->burst_bucket_s);
	set_burst(&out->res[FSX_RES_DISK], t->disk * tib * MB,
		  t->disk_burst * tib * MB, p->burst_bucket_s);
	out->write_disk_cost = t->disk / t->disk_write;
	out->read_cache_hit = p->read_cache_hit;
	out->compression = f->lz4;
	out->capacity_bytes = gib * GIB;
	s3_link(p, f->import_path, f->export_path, out);
	return 0;
}

/* ---- EBS: a volume on the head node, NFS-exported to the nodes -------- */

/* Volume throughput in MiB/s (EBS user guide, volume types; figures from
 * general knowledge, not in the reference data: see docs/performance.md).
 * st1/sc1 return their baseline and set *burst. */
static double ebs_volume_mibps(const struct ebs_settings *e, double *burst)
{
	const char *v = e->volume_type ? e->volume_type : "gp3";
	double tib = e->size_gib / 1024.0;
	*burst = 0;
	if (!strcmp(v, "gp3"))
		return e->throughput_mibps > 0 ? e->throughput_mibps : 125;
	if (!strcmp(v, "gp2"))
		return e->size_gib <= 170 ? 128 : 250;
	if (!strcmp(v, "io1"))
		return fmin(e->iops * 0.25, 1000);
	if (!strcmp(v, "io2"))
		return fmin(e->iops * 0.25, 4000);
	if (!strcmp(v, "st1")) {
		*burst = fmin(250 * tib, 500);
		return fmin(40 * tib, 500);
	}
	if (!strcmp(v, "sc1")) {
		*burst = fmin(80 * tib, 250);
		return fmin(12 * tib, 250);
	}
	return -1;
}

static int ebs_spec(const struct shared_storage *ss,
		    const struct storage_params *p, double head_node_gbps,
		    const char *config_path, struct fsx_spec *out,
		    struct diags *d)
{
	const struct ebs_settings *e = &ss->ebs;
	double burst;
	double base = ebs_volume_mibps(e, &burst);
	if (base < 0) {
		diag_error(d, config_path, ss->pos.line, ss->pos.col,
			   "SharedStorage '%s': EbsSettings.VolumeType '%s' has "
			   "no throughput rule", ss->name ? ss->name : "?",
			   e->volume_type);
		return -1;
	}
	/* RAID 0 over the volumes (ParallelCluster's Raid.Type 0). */
	int n = e->raid_volumes > 1 ? e->raid_volumes : 1;
	base *= n * MIB;
	burst *= n * MIB;
	if (head_node_gbps > 0) {
		double nfs = head_node_gbps * 1e9 / 8;
		base = fmin(base, nfs);
		burst = burst > 0 ? fmin(burst, nfs) : 0;
	}
	/* st1/sc1 credits: 1 TiB of burst per TiB of volume (assumption
	 * documented in docs/performance.md). */
	set_burst(&out->res[FSX_RES_NET], base, burst, 0);
	if (burst > base) {
		out->res[FSX_RES_NET].bucket_bytes = e->size_gib * GIB * n;
		out->res[FSX_RES_NET].initial_bytes =
			out->res[FSX_RES_NET].bucket_bytes;
	}
	double gib = e->size_gib > 0 ? (double)e->size_gib * n : p->capacity_gib;
	out->capacity_bytes = gib * GIB;
	out->write_disk_cost = 1;
	return 0;
}

/* ---- EFS ------------------------------------------------------------- */

/* Bursting: baseline 50 MiB/s per TiB stored (at least 1 MiB/s), burst
 * 100 MiB/s per TiB (at least 100 MiB/s), a new file system starts with
 * 2.1 TiB of credits and holds up to 2.1 TiB per TiB stored (EFS user
 * guide, performance; general knowledge, see docs/performance.md). */
static void efs_spec(const struct shared_storage *ss,
		     const struct storage_params *p, struct fsx_spec *out)
{
	const struct efs_settings *e = &ss->efs;
	out->write_disk_cost = 1;
	if (e->provisioned && e->provisioned_mibps > 0) {
		out->res[FSX_RES_NET].baseline_bps = e->provisioned_mibps * MIB;
		return;
	}
	double tib = p->stored_gb * 1e9 / TIB;
	struct fsx_resource_spec *r = &out->res[FSX_RES_NET];
	r->baseline_bps = fmax(50 * tib, 1) * MIB;
	r->burst_bps = fmax(100 * tib, 100) * MIB;
	r->bucket_bytes = fmax(2.1 * tib, 2.1) * TIB;
	r->initial_bytes = 2.1 * TIB;
}

int storage_spec_for(const struct shared_storage *ss,
		     const struct storage_params *p, const char *region,
		     double head_node_gbps, const char *config_path,
		     struct fsx_spec *out, struct diags *d)
{
	*out = (struct fsx_spec){ .stored_bytes = p->stored_gb * 1e9 };
	switch (ss->type) {
	case STORAGE_FSX_LUSTRE:
		return fsx_spec(ss, p, region, config_path, out, d);
	case STORAGE_EBS:
		return ebs_spec(ss, p, head_node_gbps, config_path, out, d);
	case STORAGE_EFS:
		efs_spec(ss, p, out);
		return 0;
	default:
		diag_error(d, config_path, ss->pos.line, ss->pos.col,
			   "SharedStorage '%s': only FsxLustre, Efs and Ebs "
			   "throughput is modelled", ss->name ? ss->name : "?");
		return -1;
	}
}

static const struct job_io_defaults *queue_io(const struct storage_params *p,
					      const char *queue)
{
	for (size_t i = 0; queue && i < p->n_per_queue; i++)
		if (p->per_queue[i].queue &&
		    !strcmp(p->per_queue[i].queue, queue))
			return &p->per_queue[i].io;
	return NULL;
}

static double pick(double job, double q, double global)
{
	if (job >= 0)
		return job;
	return q >= 0 ? q : global;
}

void storage_job_io(const struct storage_params *p, const char *queue,
		    const struct job *j, double *read_bytes,
		    double *write_bytes, double *ratio)
{
	const struct job_io_defaults *q = queue_io(p, queue);
	struct job_io_defaults none = { -1, -1, -1 };
	if (!q)
		q = &none;
	*read_bytes = pick(j->read_gb, q->read_gb, p->io.read_gb) * 1e9;
	*write_bytes = pick(j->write_gb, q->write_gb, p->io.write_gb) * 1e9;
	double r = pick(j->compress_ratio, q->compress_ratio,
			p->io.compress_ratio);
	*ratio = r >= 1 ? r : 1;
}

double storage_flow_cap_bps(int nodes, double node_gbps)
{
	return (nodes > 0 ? nodes : 1) * node_gbps * 1e9 / 8;
}
