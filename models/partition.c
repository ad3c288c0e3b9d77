/*
 * Cluster config -> Slurm partitions and node definitions, following the
 * rules of ParallelCluster's config generator (cookbook f75d84c; summarised
 * in ../shared/reference/pcluster-configs/FACTS.md §3):
 *   CPUs       = min vCPUs over the CR's types, divided by the minimum
 *                threads per core when SMT is disabled;
 *   RealMemory = SchedulableMemory, else floor(min EC2 memory x ratio);
 *   Gres       = gpu:<type>:<n> for NVIDIA GPUs (min count over the types);
 *   Feature    = static|dynamic, the instance type (single-type CRs only),
 *                the CR name, efa, gpu;
 *   Weight     = StaticNodePriority / DynamicNodePriority.
 * Lines are written only for non-empty node ranges; ranges are 1-based.
 */
#include "models/partition.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"

int instance_lookup_catalog(void *ctx, const char *name,
			    struct instance_facts *out)
{
	const struct instance_type *it = catalog_instance(ctx, name);
	if (!it)
		return -1;
	memset(out, 0, sizeof *out);
	out->vcpus = it->vcpus;
	out->threads_per_core = it->threads_per_core > 0 ? it->threads_per_core : 1;
	out->memory_mib = it->memory_mib;
	if (it->gpus > 0 && it->gpu_manufacturer &&
	    !strcasecmp(it->gpu_manufacturer, "nvidia")) {
		out->gpus = it->gpus;
		size_t i = 0;
		for (; it->gpu_name[i] && i + 1 < sizeof out->gpu_type; i++)
			out->gpu_type[i] = (char)tolower((unsigned char)it->gpu_name[i]);
		out->gpu_type[i] = '\0';
	}
	return 0;
}

/* Fills the CPU, memory and GPU figures of one CR from its instance types. */
static int cr_resources(const struct cluster *c, int qi, int ci,
			instance_lookup_fn lookup, void *ctx, double ratio,
			struct slurm_cr *out, struct diags *d)
{
	const struct compute_resource *cr = &c->queues[qi].crs[ci];
	int min_vcpus = 0, min_tpc = 0, min_gpus = -1;
	int64_t min_mem = 0;
	for (int t = 0; t < cr->n_instance_types; t++) {
		struct instance_facts f;
		if (lookup(ctx, cr->instance_types[t], &f)) {
			diag_error(d, c->path, cr->pos.line, cr->pos.col,
				   "Scheduling.SlurmQueues[%d].ComputeResources[%d]: "
				   "unknown instance type '%s'", qi, ci,
				   cr->instance_types[t]);
			return -1;
		}
		if (t == 0 || f.vcpus < min_vcpus)
			min_vcpus = f.vcpus;
		if (t == 0 || f.threads_per_core < min_tpc)
			min_tpc = f.threads_per_core;
		if (t == 0 || f.memory_mib < min_mem)
			min_mem = f.memory_mib;
		if (min_gpus < 0 || f.gpus < min_gpus) {
			min_gpus = f.gpus;
			memcpy(out->gpu_type, f.gpu_type, sizeof out->gpu_type);
		}
	}
	if (cr->n_instance_types == 0) {
		diag_error(d, c->path, cr->pos.line, cr->pos.col,
			   "Scheduling.SlurmQueues[%d].ComputeResources[%d]: "
			   "no instance type", qi, ci);
		return -1;
	}
	out->cpus = cr->disable_smt && min_tpc > 0 ? min_vcpus / min_tpc : min_vcpus;
	if (out->cpus < 1)
		out->cpus = 1;
	out->real_mem_mb = cr->schedulable_memory_mib > 0 ?
		cr->schedulable_memory_mib :
		(int64_t)floor((double)min_mem * ratio);
	out->gpus = min_gpus > 0 ? min_gpus : 0;
	if (!out->gpus)
		out->gpu_type[0] = '\0';
	return 0;
}

int slurm_layout_build(const struct cluster *c, instance_lookup_fn lookup,
		       void *lookup_ctx, double ratio,
		       struct slurm_layout *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	size_t n_crs = 0, n_parts = c->n_queues > 0 ? (size_t)c->n_queues : 0;
	for (size_t q = 0; q < n_parts; q++)
		n_crs += c->queues[q].n_crs > 0 ? (size_t)c->queues[q].n_crs : 0;
	out->parts = calloc(n_parts ? n_parts : 1, sizeof *out->parts);
	out->crs = calloc(n_crs ? n_crs : 1, sizeof *out->crs);
	if (!out->parts || !out->crs) {
		diag_error(d, c->path, 0, 0, "out of memory");
		slurm_layout_free(out);
		return -1;
	}
	out->n_parts = c->n_queues;
	out->memory_scheduling = c->enable_memory_scheduling;
	out->suspend_time_s = c->scaledown_idletime_min < 0 ? -1 :
			      c->scaledown_idletime_min * 60;
	out->resume_timeout_s = c->compute_bootstrap_timeout_s;
	out->suspend_timeout_s = SLURM_SUSPEND_TIMEOUT_S;
	int errors = 0;
	for (int q = 0; q < c->n_queues; q++) {
		const struct slurm_queue *sq = &c->queues[q];
		struct slurm_part *p = &out->parts[q];
		p->name = sq->name;
		p->first_cr = out->n_crs;
		p->n_crs = sq->n_crs;
		p->is_default = q == 0;
		p->exclusive = sq->job_exclusive;
		p->spot = sq->capacity_type == CAPACITY_SPOT;
		p->custom = sq->custom_slurm;
		p->n_custom = sq->n_custom_slurm;
		for (int i = 0; i < sq->n_crs; i++) {
			const struct compute_resource *cr = &sq->crs[i];
			struct slurm_cr *sc = &out->crs[out->n_crs++];
			sc->name = cr->name;
			sc->queue = q;
			sc->cr = i;
			sc->n_static = cr->min_count;
			sc->n_dynamic = cr->max_count - cr->min_count;
			if (sc->n_dynamic < 0)
				sc->n_dynamic = 0;
			sc->static_weight = cr->static_priority;
			sc->dynamic_weight = cr->dynamic_priority;
			sc->instance_type = cr->n_instance_types == 1 ?
					    cr->instance_types[0] : NULL;
			sc->instance_types = cr->instance_types;
			sc->n_instance_types = cr->n_instance_types;
			sc->efa = cr->efa;
			sc->custom = cr->custom_slurm;
			sc->n_custom = cr->n_custom_slurm;
			if (cr_resources(c, q, i, lookup, lookup_ctx, ratio, sc, d))
				errors++;
		}
	}
	if (errors) {
		slurm_layout_free(out);
		return -1;
	}
	return 0;
}

void slurm_layout_free(struct slurm_layout *l)
{
	free(l->parts);
	free(l->crs);
	memset(l, 0, sizeof *l);
}

int slurm_cr_has_feature(const struct slurm_cr *cr, const char *feature)
{
	return (cr->instance_type && !strcmp(cr->instance_type, feature)) ||
	       !strcmp(cr->name, feature) ||
	       (cr->efa && !strcmp(feature, "efa")) ||
	       (cr->gpus > 0 && !strcmp(feature, "gpu"));
}

static void print_range(const struct slurm_layout *l, const struct slurm_cr *cr,
			int is_static, FILE *out)
{
	fprintf(out, "%s-%s-%s-[1-%d]", l->parts[cr->queue].name,
		is_static ? "st" : "dy", cr->name,
		is_static ? cr->n_static : cr->n_dynamic);
}

static void print_custom(const struct kv *kv, int n, FILE *out)
{
	for (int i = 0; i < n; i++)
		fprintf(out, " %s=%s", kv[i].key, kv[i].value);
}

static void print_node_line(const struct slurm_layout *l,
			    const struct slurm_cr *cr, int is_static, FILE *out)
{
	fputs("NodeName=", out);
	print_range(l, cr, is_static, out);
	fprintf(out, " CPUs=%d RealMemory=%lld State=CLOUD Feature=%s",
		cr->cpus, (long long)cr->real_mem_mb,
		is_static ? "static" : "dynamic");
	if (cr->instance_type)
		fprintf(out, ",%s", cr->instance_type);
	fprintf(out, ",%s", cr->name);
	if (cr->efa)
		fputs(",efa", out);
	if (cr->gpus > 0)
		fputs(",gpu", out);
	fprintf(out, " Weight=%u",
		is_static ? cr->static_weight : cr->dynamic_weight);
	if (cr->gpus > 0)
		fprintf(out, " Gres=gpu:%s:%d", cr->gpu_type, cr->gpus);
	print_custom(cr->custom, cr->n_custom, out);
	fputc('\n', out);
}

void slurm_layout_print_partition(const struct slurm_layout *l, int part,
				  FILE *out)
{
	const struct slurm_part *p = &l->parts[part];
	for (int i = 0; i < p->n_crs; i++) {
		const struct slurm_cr *cr = &l->crs[p->first_cr + i];
		if (cr->n_static > 0)
			print_node_line(l, cr, 1, out);
		if (cr->n_dynamic > 0)
			print_node_line(l, cr, 0, out);
	}
	fprintf(out, "\nNodeSet=%s_nodes Nodes=", p->name);
	const char *sep = "";
	for (int i = 0; i < p->n_crs; i++) {
		const struct slurm_cr *cr = &l->crs[p->first_cr + i];
		for (int st = 1; st >= 0; st--) {
			if ((st ? cr->n_static : cr->n_dynamic) <= 0)
				continue;
			fputs(sep, out);
			print_range(l, cr, st, out);
			sep = ",";
		}
	}
	fprintf(out, "\nPartitionName=%s Nodes=%s_nodes MaxTime=INFINITE State=UP",
		p->name, p->name);
	if (p->is_default)
		fputs(" Default=YES", out);
	if (p->exclusive)
		fputs(" OverSubscribe=EXCLUSIVE", out);
	print_custom(p->custom, p->n_custom, out);
	fputc('\n', out);
}

void slurm_layout_print_gres(const struct slurm_layout *l, int part, FILE *out)
{
	const struct slurm_part *p = &l->parts[part];
	for (int i = 0; i < p->n_crs; i++) {
		const struct slurm_cr *cr = &l->crs[p->first_cr + i];
		if (cr->gpus <= 0)
			continue;
		for (int st = 1; st >= 0; st--) {
			if ((st ? cr->n_static : cr->n_dynamic) <= 0)
				continue;
			fputs("NodeName=", out);
			print_range(l, cr, st, out);
			fprintf(out, " Name=gpu Type=%s File=/dev/nvidia[0-%d]\n",
				cr->gpu_type, cr->gpus - 1);
		}
	}
}

static int part_has_gpus(const struct slurm_layout *l, int part)
{
	const struct slurm_part *p = &l->parts[part];
	for (int i = 0; i < p->n_crs; i++)
		if (l->crs[p->first_cr + i].gpus > 0)
			return 1;
	return 0;
}

void slurm_layout_print(const struct slurm_layout *l, FILE *out)
{
	fputs("# slurm_parallelcluster.conf (scheduling settings)\n", out);
	fprintf(out, "SuspendTime=%d\nResumeTimeout=%d\nSuspendTimeout=%d\n",
		l->suspend_time_s, l->resume_timeout_s, l->suspend_timeout_s);
	fprintf(out, "SelectTypeParameters=%s\n",
		l->memory_scheduling ? "CR_CPU_Memory" : "CR_CPU");
	const char *sep = "SuspendExcNodes=";
	for (int i = 0; i < l->n_crs; i++) {
		if (l->crs[i].n_static <= 0)
			continue;
		fputs(sep, out);
		print_range(l, &l->crs[i], 1, out);
		sep = ",";
	}
	if (sep[0] == ',')
		fputc('\n', out);
	for (int q = 0; q < l->n_parts; q++) {
		fprintf(out, "\n# pcluster/slurm_parallelcluster_%s_partition.conf\n",
			l->parts[q].name);
		slurm_layout_print_partition(l, q, out);
		if (part_has_gpus(l, q)) {
			fprintf(out, "\n# pcluster/slurm_parallelcluster_%s_gres.conf\n",
				l->parts[q].name);
			slurm_layout_print_gres(l, q, out);
		}
	}
}
