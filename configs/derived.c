/*
 * Quantities ParallelCluster derives from the config rather than reads from
 * it: the CPUs and RealMemory of each Slurm node (the cookbook's
 * config_renderer, FACTS.md §3).  Shared by `pclsim validate` and the
 * models so both say the same number.  (An FSx for Lustre file system's
 * throughput is the storage model's: storage_fsx_rated_mbps.)
 */
#include "configs/config.h"

#include "models/catalog/catalog.h"

/* ParallelCluster's realmemory_to_ec2memory_ratio. */
#define REAL_MEMORY_RATIO 0.95

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
