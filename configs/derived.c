/*
 * Quantities ParallelCluster derives from the config rather than reads from
 * it: the CPUs and RealMemory of each Slurm node (the cookbook's
 * config_renderer, FACTS.md §3) and an FSx for Lustre file system's
 * baseline throughput.  Shared by `pclsim validate` and the models so both
 * say the same number.
 */
#include "configs/config.h"

#include "models/catalog/catalog.h"

/* ParallelCluster's realmemory_to_ec2memory_ratio. */
#define REAL_MEMORY_RATIO 0.95
/* FSx for Lustre SCRATCH_1/SCRATCH_2 baseline, MB/s per TiB (AWS FSx for
 * Lustre "Performance" page; SCRATCH_2 can burst above it on credits). */
#define FSX_SCRATCH_MBPS_PER_TIB 200

int config_cr_slurm_cpus(const struct compute_resource *cr,
			 const struct catalog *cat)
{
	int cpus = 0, tpc = 0;
	for (int i = 0; i < cr->n_instance_types; i++) {
		const struct instance_type *it =
			catalog_instance(cat, cr->instance_types[i]);
		if (!it)
			return 0;
		if (!cpus || it->vcpus < cpus)
			cpus = it->vcpus;
		int t = it->threads_per_core > 0 ? it->threads_per_core : 1;
		if (!tpc || t < tpc)
			tpc = t;
	}
	return cr->disable_smt && tpc > 1 ? cpus / tpc : cpus;
}

int64_t config_cr_real_memory_mib(const struct compute_resource *cr,
				  const struct catalog *cat)
{
	if (cr->schedulable_memory_mib > 0)
		return cr->schedulable_memory_mib;
	int64_t mem = 0;
	for (int i = 0; i < cr->n_instance_types; i++) {
		const struct instance_type *it =
			catalog_instance(cat, cr->instance_types[i]);
		if (!it)
			return 0;
		if (!mem || it->memory_mib < mem)
			mem = it->memory_mib;
	}
	return (int64_t)((double)mem * REAL_MEMORY_RATIO);
}

double config_fsx_throughput_mbps(const struct fsx_lustre_settings *f)
{
	if (f->file_system_id || f->storage_capacity_gib <= 0)
		return 0;
	double tib = f->storage_capacity_gib / 1024.0;
	int per_unit = f->deployment == FSX_SCRATCH_1 ||
				       f->deployment == FSX_SCRATCH_2
			       ? FSX_SCRATCH_MBPS_PER_TIB
			       : f->per_unit_mbps_per_tib;
	return tib * per_unit;
}
