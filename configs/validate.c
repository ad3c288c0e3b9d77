/*
 * The validators pcluster runs after its schema (cli/src/pcluster/validators/
 * in aws-parallelcluster 3.12; FACTS.md §2) that can be judged offline:
 * names, counts and limits, instance types against the bundled catalog
 * (known, offered in the Region, EFA, cluster placement, flexible lists with
 * equal vCPUs), placement groups, multi-AZ queues, memory, node priorities,
 * CustomSlurmSettings deny-lists, and the shared-storage rules (counts, mount
 * dirs, FSx for Lustre capacity/throughput/S3 paths, EBS and EFS limits).
 * Messages follow pcluster's text where FACTS.md or SOURCES.md gives it.
 * ERROR-level failures are errors, WARNING-level ones warnings; the checks
 * that need an AWS account (subnets, AMIs, key pairs, ODCRs) are not here.
 */
#include "configs/config.h"

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "configs/config_schema.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"

#define MAX_QUEUES 50
#define MAX_CRS_PER_QUEUE 50
#define MAX_CRS_PER_CLUSTER 50
#define MAX_NAME_LEN 25
#define MAX_STORAGE_NAME_LEN 30
#define MAX_EBS 5
#define MAX_NEW_EFS 1
#define MAX_NEW_FSX 1
#define MAX_NEW_RAID 1
#define MAX_EXISTING_EFS 20
#define MAX_EXISTING_FSX 20
#define SCHEDULABLE_MEMORY_WARN_RATIO 0.95

struct vctx {
	const struct cluster *c;
	const struct catalog *cat;
	struct diags *d;
	int errors;
};

__attribute__((format(printf, 4, 5)))
static void verr(struct vctx *v, struct src_pos at, const char *path,
		 const char *fmt, ...)
{
	char text[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	v->errors++;
	diag_error(v->d, v->c->path, at.line, at.col, "%s: %s", path, text);
}

__attribute__((format(printf, 4, 5)))
static void vwarn(struct vctx *v, struct src_pos at, const char *path,
		  const char *fmt, ...)
{
	char text[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	diag_warn(v->d, v->c->path, at.line, at.col, "%s: %s", path, text);
}

static int regex_match(const char *pattern, const char *text)
{
	regex_t re;
	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB))
		return 0;
	int ok = regexec(&re, text, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

/* ---- names --------------------------------------------------------------- */

/* NameValidator: queues, compute resources, login pools. */
static void check_name(struct vctx *v, const char *name, struct src_pos at,
		       const char *path)
{
	if (!name)
		return;
	if (!strcmp(name, "default"))
		verr(v, at, path, "It is forbidden to use 'default' as a name.");
	else if (!regex_match("^[a-z][a-z0-9-]*$", name))
		verr(v, at, path, "Invalid name '%s'. Name must begin with a "
				  "letter and only contain lowercase letters, "
				  "digits and hyphens.", name);
	else if (strlen(name) > MAX_NAME_LEN)
		verr(v, at, path, "Invalid name '%s'. Name can be at most %d "
				  "chars long.", name, MAX_NAME_LEN);
}

/* ---- instance types ------------------------------------------------------ */

/* The catalog entry of a type, or NULL after saying why (unknown, with a
 * did-you-mean).  Placeholders are skipped quietly. */
static const struct instance_type *known_type(struct vctx *v, const char *name,
					      struct src_pos at,
					      const char *path)
{
	if (!name || config_is_placeholder(name))
		return NULL;
	const struct instance_type *it = catalog_instance(v->cat, name);
	if (it)
		return it;
	const char *best[3];
	size_t n = catalog_suggest(v->cat, name, best, 3);
	if (n)
		verr(v, at, path, "Instance type '%s' is not known; did you mean "
				  "'%s'?", name, best[0]);
	else
		verr(v, at, path, "Instance type '%s' is not known (see pclsim "
				  "catalog for the types pclsim knows).", name);
	return NULL;
}

static int region_usable(const struct cluster *c)
{
	return c->region && !c->region_placeholder;
}

static void check_offered(struct vctx *v, const struct instance_type *it,
			  struct src_pos at, const char *path)
{
	struct instance_price p;
	if (!it || !region_usable(v->c) ||
	    !catalog_region_known(v->cat, v->c->region))
		return;
	if (catalog_price(v->cat, it, v->c->region, &p) < 0)
		verr(v, at, path, "Instance type '%s' is not offered in region "
				  "%s.", it->name, v->c->region);
}

static void check_region(struct vctx *v)
{
	const struct cluster *c = v->c;
	if (!c->region) {
		vwarn(v, (struct src_pos){ 0, 0 }, "Region",
		      "not set (pcluster takes it from the AWS CLI "
		      "configuration); offers are not checked and prices are "
		      "us-east-1's; set Region or use --set Region=...");
		return;
	}
	if (c->region_placeholder || catalog_region_known(v->cat, c->region))
		return;
	const char *best[1];
	if (catalog_suggest_region(v->cat, c->region, best, 1))
		verr(v, c->pos_region, "Region", "'%s' is not an AWS region "
			"pclsim knows; did you mean '%s'?", c->region, best[0]);
	else
		verr(v, c->pos_region, "Region", "'%s' is not an AWS region "
			"pclsim knows.", c->region);
}

/* ---- compute resources --------------------------------------------------- */

static void check_flexible(struct vctx *v, const struct compute_resource *cr,
			   const struct instance_type **its, const char *path)
{
	int n = cr->n_instance_types;
	int same_cpu = 1, same_gpu = 1, same_mfr = 1;
	for (int i = 1; i < n; i++) {
		int a = cr->disable_smt ? its[0]->physical_cores : its[0]->vcpus;
		int b = cr->disable_smt ? its[i]->physical_cores : its[i]->vcpus;
		same_cpu &= a == b;
		same_gpu &= its[0]->gpus == its[i]->gpus;
		same_mfr &= !strcmp(its[0]->gpu_manufacturer,
				    its[i]->gpu_manufacturer);
	}
	char list[600] = "";
	if (!same_cpu) {
		for (int i = 0; i < n; i++) {
			size_t len = strlen(list);
			snprintf(list + len, sizeof list - len, "%s'%s': %d",
				 i ? ", " : "", its[i]->name,
				 cr->disable_smt ? its[i]->physical_cores
						 : its[i]->vcpus);
		}
		verr(v, cr->pos_instance, path, "Instance types listed under "
			"Compute Resource %s must have the same number of %s "
			"({%s}).", cr->name,
			cr->disable_smt ? "CPU cores" : "vCPUs", list);
	}
	if (!same_gpu)
		verr(v, cr->pos_instance, path, "Instance types listed under "
			"Compute Resource %s must have the same number of GPUs.",
			cr->name);
	else if (!same_mfr)
		verr(v, cr->pos_instance, path, "Instance types listed under "
			"Compute Resource %s must have the same GPU "
			"manufacturer.", cr->name);
}

static void check_efa(struct vctx *v, const struct slurm_queue *q,
		      const struct compute_resource *cr,
		      const struct instance_type **its, int n_known,
		      const char *path)
{
	if (cr->efa_gdr && !cr->efa)
		verr(v, cr->pos_efa, path, "The EFA GDR Support can be used only "
					   "if EFA is enabled.");
	char bad[600] = "";
	int n_bad = 0, all_capable = n_known > 0;
	for (int i = 0; i < n_known; i++) {
		if (its[i]->efa)
			continue;
		all_capable = 0;
		size_t len = strlen(bad);
		snprintf(bad + len, sizeof bad - len, "%s%s", n_bad++ ? "," : "",
			 its[i]->name);
	}
	if (cr->efa && n_bad && !cr->flexible)
		verr(v, cr->pos_efa, path, "Instance type '%s' does not support "
					   "EFA.", bad);
	else if (cr->efa && n_bad)
		verr(v, cr->pos_efa, path, "Instance type(s) (%s) do not support "
			"EFA and cannot be launched when EFA is enabled in Compute "
			"Resource: %s.", bad, cr->name);
	if (!cr->efa && all_capable)
		vwarn(v, cr->pos_instance, path, "The instance type(s) of this "
			"compute resource support EFA, but EFA is not enabled "
			"(Efa: Enabled: true); multi-node jobs communicate "
			"slower without it.");
	/* EfaPlacementGroupValidator; skipped for multi-AZ and capacity
	 * blocks, as in pcluster. */
	if (!cr->efa || q->n_subnets > 1 || q->capacity_type == CAPACITY_BLOCK)
		return;
	if (!cr->pg.explicit_set)
		verr(v, cr->pos_efa, path, "The placement group for EFA-enabled "
			"compute resources must be explicit. You may see better "
			"performance using a placement group, but if you don't "
			"wish to use one please add 'Enabled: false' to the "
			"compute resource's configuration section.");
	else if (!cr->pg.enabled)
		vwarn(v, cr->pos_efa, path, "You may see better performance using "
			"a placement group for the queue.");
}

static void check_pg(struct vctx *v, const struct slurm_queue *q,
		     const struct compute_resource *cr,
		     const struct instance_type **its, int n_known,
		     const char *path)
{
	struct src_pos at = cr->pos_pg.line ? cr->pos_pg : cr->pos;
	if (cr->pg.name && !cr->pg.enabled)
		verr(v, at, path, "The PlacementGroup feature must be enabled "
			"(Enabled: true) in order to assign a Name or Id "
			"parameter. Either set Enabled: true or remove the "
			"Name/Id.");
	if (!cr->pg.enabled)
		return;
	if (q->capacity_type == CAPACITY_BLOCK)
		vwarn(v, at, path, "When using a capacity block reservation, a "
			"placement group constraint should not be set as it may "
			"result in failures when launching instances.");
	for (int i = 0; i < n_known; i++)
		if (!its[i]->cluster_placement)
			verr(v, at, path, "Instance type '%s' does not support "
				"cluster placement groups; disable the placement "
				"group for this compute resource.", its[i]->name);
	if (cr->n_instance_types > 1)
		vwarn(v, at, path, "Enabling placement groups for compute "
			"resources with multiple instance types increases the "
			"risk of insufficient capacity errors.");
}

static void check_memory(struct vctx *v, const struct compute_resource *cr,
			 const struct instance_type **its, int n_known,
			 const char *path)
{
	if (!cr->pos_memory.line)
		return;
	if (cr->schedulable_memory_mib < 1) {
		verr(v, cr->pos_memory, path, "SchedulableMemory must be at "
					      "least 1 MiB.");
		return;
	}
	if (n_known != cr->n_instance_types || !n_known)
		return;
	int mem = its[0]->memory_mib;
	for (int i = 1; i < n_known; i++)
		if (its[i]->memory_mib < mem)
			mem = its[i]->memory_mib;
	if (cr->schedulable_memory_mib > mem)
		verr(v, cr->pos_memory, path, "SchedulableMemory cannot be larger "
			"than EC2 Memory for selected instance type (%d MiB). "
			"(got %lld)", mem, (long long)cr->schedulable_memory_mib);
	else if (cr->schedulable_memory_mib <
		 (int64_t)(mem * SCHEDULABLE_MEMORY_WARN_RATIO))
		vwarn(v, cr->pos_memory, path, "SchedulableMemory set to a value "
			"lower than 95%% of EC2 Memory (%d MiB) leaves memory "
			"unused by jobs. (got %lld)", mem,
			(long long)cr->schedulable_memory_mib);
}

static void check_cr(struct vctx *v, const struct slurm_queue *q, int qi,
		     const struct compute_resource *cr, int ci)
{
	char path[160];
	snprintf(path, sizeof path,
		 "Scheduling.SlurmQueues[%d].ComputeResources[%d]", qi, ci);
	char sub[200];
	snprintf(sub, sizeof sub, "%s.Name", path);
	check_name(v, cr->name, cr->pos_name, sub);
	if (cr->max_count < cr->min_count) {
		snprintf(sub, sizeof sub, "%s.MaxCount", path);
		verr(v, cr->pos_max, sub, "Max count must be greater than or "
			"equal to min count. (MinCount %d, MaxCount %d)",
			cr->min_count, cr->max_count);
	}
	if (q->capacity_type == CAPACITY_BLOCK) {
		if (cr->min_count != cr->max_count)
			verr(v, cr->pos, path, "Max count must be set to the same "
				"value of min count when using a capacity block "
				"reservation (MinCount %d, MaxCount %d).",
				cr->min_count, cr->max_count);
		else if (cr->min_count <= 0)
			verr(v, cr->pos, path, "Min count must be a value > 0 when "
						"using a capacity block reservation.");
		if (!cr->capacity_reservation_id)
			verr(v, cr->pos, path, "A capacity block reservation needs "
				"CapacityReservationTarget.CapacityReservationId.");
	}
	if (cr->static_priority >= cr->dynamic_priority && cr->min_count > 0 &&
	    cr->max_count > cr->min_count)
		vwarn(v, cr->pos, path, "StaticNodePriority (%u) is not lower "
			"than DynamicNodePriority (%u): Slurm will power up "
			"dynamic nodes before using idle static ones.",
			cr->static_priority, cr->dynamic_priority);
	const struct instance_type *its[64];
	int n_known = 0;
	snprintf(sub, sizeof sub, "%s.%s", path,
		 cr->flexible ? "Instances" : "InstanceType");
	for (int i = 0; i < cr->n_instance_types && n_known < 64; i++) {
		const struct instance_type *it = known_type(
			v, cr->instance_types[i], cr->pos_instance, sub);
		if (!it)
			continue;
		check_offered(v, it, cr->pos_instance, sub);
		its[n_known++] = it;
	}
	if (!cr->n_instance_types && cr->has_capacity_reservation)
		vwarn(v, cr->pos, path, "no InstanceType: pcluster takes it from "
			"the capacity reservation, which pclsim cannot read; "
			"give InstanceType to simulate this compute resource.");
	if (cr->flexible && n_known == cr->n_instance_types && n_known > 1)
		check_flexible(v, cr, its, sub);
	check_efa(v, q, cr, its, n_known, path);
	check_pg(v, q, cr, its, n_known, path);
	check_memory(v, cr, its, n_known, path);
}

/* ---- queues -------------------------------------------------------------- */

static void check_queue_subnets(struct vctx *v, const struct slurm_queue *q,
				const char *path)
{
	for (int i = 0; i < q->n_subnets; i++)
		for (int j = 0; j < i; j++)
			if (!strcmp(q->subnet_ids[i], q->subnet_ids[j]))
				verr(v, q->pos_subnets, path, "The following Subnet "
					"Ids are specified multiple times in queue "
					"%s: %s.", q->name, q->subnet_ids[i]);
	if (q->n_subnets < 2)
		return;
	for (int i = 0; i < q->n_crs; i++) {
		const struct compute_resource *cr = &q->crs[i];
		if (!cr->flexible && cr->n_instance_types) {
			verr(v, q->pos_subnets, path, "At least one compute "
				"resource in queue %s uses a single instance type. "
				"Multiple subnets configuration is not supported "
				"for single instance type, please use the Instances "
				"configuration parameter for multiple instance "
				"type allocation.", q->name);
			break;
		}
	}
	for (int i = 0; i < q->n_crs; i++) {
		if (q->crs[i].efa)
			verr(v, q->pos_subnets, path, "EFA is not supported across "
				"Availability zones (compute resource %s is in a "
				"queue with %d subnets).", q->crs[i].name,
				q->n_subnets);
		if (q->crs[i].pg.enabled)
			verr(v, q->pos_subnets, path, "PlacementGroups are not "
				"supported across Availability zones (compute "
				"resource %s is in a queue with %d subnets).",
				q->crs[i].name, q->n_subnets);
	}
}

static void check_allocation(struct vctx *v, const struct slurm_queue *q,
			     const char *path)
{
	if (!q->allocation_set)
		return;
	if (q->capacity_type == CAPACITY_BLOCK)
		verr(v, q->pos_alloc, path, "AllocationStrategy cannot be set "
			"when CapacityType is CAPACITY_BLOCK.");
	else if (q->capacity_type == CAPACITY_ONDEMAND &&
		 q->allocation != ALLOC_LOWEST_PRICE)
		verr(v, q->pos_alloc, path, "On-Demand queues support only the "
			"'lowest-price' AllocationStrategy.");
}

/* CustomSlurmSettingsValidator's deny-lists (lower case). */
static const char *const deny_cluster[] = { "epilog", "grestypes",
	"launchparameters", "prolog", "reconfigflags", "resumefailprogram",
	"resumeprogram", "resumetimeout", "slurmctldhost", "slurmctldlogfile",
	"slurmctldparameters", "slurmdlogfile", "slurmuser", "suspendexcnodes",
	"suspendprogram", "suspendtime", "taskplugin", "treewidth", NULL };
static const char *const deny_accounting[] = { "accountingstoragehost",
	"accountingstorageport", "accountingstoragetype",
	"accountingstorageuser", "jobacctgathertype", NULL };
static const char *const deny_queue[] = { "nodes", "partitionname",
	"resumetimeout", "state", "suspendtime", "oversubscribe", NULL };
static const char *const deny_cr[] = { "cpus", "features", "gres",
	"nodeaddr", "nodehostname", "nodename", "state", "weight", NULL };

static int denied(const char *const *list, const char *key)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcasecmp(list[i], key))
			return 1;
	return 0;
}

static void check_custom_slurm(struct vctx *v, const struct kv *kv, int n,
			       const char *const *deny,
			       const char *const *deny2, const char *level,
			       struct src_pos at, const char *path)
{
	char bad[600] = "";
	int n_bad = 0;
	for (int i = 0; i < n; i++) {
		if (!denied(deny, kv[i].key) && !(deny2 && denied(deny2, kv[i].key)))
			continue;
		size_t len = strlen(bad);
		snprintf(bad + len, sizeof bad - len, "%s%s", n_bad++ ? ", " : "",
			 kv[i].key);
	}
	if (n_bad)
		verr(v, at, path, "Using the following custom Slurm settings at "
			"%s level is not allowed: %s", level, bad);
}

static void check_queues(struct vctx *v)
{
	const struct cluster *c = v->c;
	if (c->n_queues > MAX_QUEUES)
		verr(v, c->pos_scheduler, "Scheduling.SlurmQueues", "Invalid "
			"number of SlurmQueues (%d) specified. Currently only "
			"supports up to %d SlurmQueues.", c->n_queues, MAX_QUEUES);
	int total = 0;
	for (int qi = 0; qi < c->n_queues; qi++) {
		const struct slurm_queue *q = &c->queues[qi];
		char path[120], sub[200];
		snprintf(path, sizeof path, "Scheduling.SlurmQueues[%d]", qi);
		snprintf(sub, sizeof sub, "%s.Name", path);
		check_name(v, q->name, q->pos_name, sub);
		for (int j = 0; j < qi; j++)
			if (q->name && c->queues[j].name &&
			    !strcmp(q->name, c->queues[j].name))
				verr(v, q->pos_name, sub, "Queue name '%s' must be "
					"unique.", q->name);
		if (q->n_crs > MAX_CRS_PER_QUEUE)
			verr(v, q->pos, path, "Invalid number of ComputeResources "
				"per Queue (%d) specified. Currently only supports "
				"up to %d ComputeResources per Queue.", q->n_crs,
				MAX_CRS_PER_QUEUE);
		total += q->n_crs;
		check_allocation(v, q, path);
		check_queue_subnets(v, q, path);
		snprintf(sub, sizeof sub, "%s.CustomSlurmSettings", path);
		check_custom_slurm(v, q->custom_slurm, q->n_custom_slurm,
				   deny_queue, NULL, "Queue", q->pos, sub);
		for (int ci = 0; ci < q->n_crs; ci++) {
			const struct compute_resource *cr = &q->crs[ci];
			for (int j = 0; j < ci; j++)
				if (cr->name && q->crs[j].name &&
				    !strcmp(cr->name, q->crs[j].name))
					verr(v, cr->pos_name, path, "Compute "
						"resource name '%s' must be unique "
						"within the queue.", cr->name);
			check_cr(v, q, qi, cr, ci);
			snprintf(sub, sizeof sub,
				 "%s.ComputeResources[%d].CustomSlurmSettings",
				 path, ci);
			check_custom_slurm(v, cr->custom_slurm,
					   cr->n_custom_slurm, deny_cr, NULL,
					   "ComputeResource", cr->pos, sub);
			for (int k = 0; k < cr->n_custom_slurm; k++) {
				const char *val = cr->custom_slurm[k].value;
				if (strstr(val, "-st-") || strstr(val, "-dy-"))
					verr(v, cr->pos, sub, "Custom Slurm values "
						"may not contain '-st-' or '-dy-' "
						"(got %s=%s).",
						cr->custom_slurm[k].key, val);
			}
		}
	}
	if (total > MAX_CRS_PER_CLUSTER)
		verr(v, c->pos_scheduler, "Scheduling.SlurmQueues", "Invalid "
			"number of ComputeResources per Cluster (%d) specified. "
			"Currently only supports up to %d ComputeResources per "
			"Cluster.", total, MAX_CRS_PER_CLUSTER);
	check_custom_slurm(v, c->custom_slurm, c->n_custom_slurm, deny_cluster,
			   c->has_database ? deny_accounting : NULL, "SlurmConf",
			   c->pos_scheduler,
			   "Scheduling.SlurmSettings.CustomSlurmSettings");
	if (c->has_database && c->has_external_slurmdbd)
		verr(v, c->pos_database, "Scheduling.SlurmSettings", "Database "
			"and ExternalSlurmdbd cannot be defined at the same time "
			"within SlurmSettings.");
}

/* ---- head node, OS, login nodes, AWS Batch ------------------------------- */

static void check_nodes(struct vctx *v)
{
	const struct cluster *c = v->c;
	const struct instance_type *it = known_type(
		v, c->head_node_instance_type, c->pos_head_type,
		"HeadNode.InstanceType");
	check_offered(v, it, c->pos_head_type, "HeadNode.InstanceType");
	if (c->os && (!strcmp(c->os, "rocky8") || !strcmp(c->os, "rocky9")) &&
	    !c->custom_ami)
		verr(v, c->pos_os, "Image.Os", "The %s OS has no official "
			"ParallelCluster AMI: Image.CustomAmi is required.", c->os);
	for (int i = 0; i < c->n_login_pools; i++) {
		const struct login_pool *lp = &c->login_pools[i];
		char path[80];
		snprintf(path, sizeof path, "LoginNodes.Pools[%d].Name", i);
		check_name(v, lp->name, lp->pos_name, path);
		snprintf(path, sizeof path, "LoginNodes.Pools[%d].InstanceType", i);
		check_offered(v, known_type(v, lp->instance_type,
					    lp->pos_instance, path),
			      lp->pos_instance, path);
		if (c->scheduler == SCHEDULER_AWSBATCH)
			verr(v, lp->pos, "LoginNodes", "Login nodes are supported "
				"only with the slurm scheduler.");
	}
}

static void check_batch(struct vctx *v)
{
	const struct cluster *c = v->c;
	const struct awsbatch_queue *b = &c->batch;
	if (c->os && strcmp(c->os, "alinux2") && strcmp(c->os, "alinux2023"))
		verr(v, c->pos_os, "Image.Os", "awsbatch scheduler supports the "
			"following operating systems: ['alinux2', 'alinux2023'].");
	check_name(v, b->name, b->pos_name, "Scheduling.AwsBatchQueues[0].Name");
	const char *path = "Scheduling.AwsBatchQueues[0].ComputeResources[0]";
	char sub[120];
	snprintf(sub, sizeof sub, "%s.InstanceTypes", path);
	check_name(v, b->cr_name, b->pos_cr_name,
		   "Scheduling.AwsBatchQueues[0].ComputeResources[0].Name");
	for (int i = 0; i < b->n_instance_types; i++) {
		const char *t = b->instance_types[i];
		/* AWS Batch also takes "optimal" and whole families, and checks
		 * the rest itself: an unknown one only limits the simulation. */
		if (!strcmp(t, "optimal") || catalog_family_known(v->cat, t) ||
		    config_is_placeholder(t))
			continue;
		const struct instance_type *it = catalog_instance(v->cat, t);
		if (it)
			check_offered(v, it, b->pos_instance, sub);
		else
			vwarn(v, b->pos_instance, sub, "'%s' is not an instance "
				"type or family pclsim knows; the simulation "
				"ignores it.", t);
	}
	if (b->max_vcpus < b->min_vcpus)
		verr(v, b->pos, path, "Max vCPUs must be greater than or equal to "
			"min vCPUs (MinvCpus %d, MaxvCpus %d).", b->min_vcpus,
			b->max_vcpus);
	if (b->desired_vcpus < b->min_vcpus || b->desired_vcpus > b->max_vcpus)
		verr(v, b->pos, path, "The number of desired vCPUs must be between "
			"the min and max vCPUs (%d not in %d..%d).",
			b->desired_vcpus, b->min_vcpus, b->max_vcpus);
	for (int i = 0; i < c->n_storage; i++)
		if (c->storage[i].type == STORAGE_FSX_LUSTRE)
			verr(v, c->storage[i].pos, "SharedStorage", "FSx for "
				"Lustre is not supported when using AWS Batch as "
				"the scheduler.");
}

/* ---- shared storage ------------------------------------------------------ */

static const char *const reserved_dirs[] = { "/bin", "/boot", "/dev", "/etc",
	"/lib", "/lib64", "/opt/parallelcluster", "/opt/slurm", "/opt/intel",
	"/proc", "/root", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var",
	NULL };

static int same_dir(const char *a, const char *b)
{
	/* MountDir may be written with or without the leading slash. */
	while (*a == '/')
		a++;
	while (*b == '/')
		b++;
	size_t la = strlen(a), lb = strlen(b);
	while (la && a[la - 1] == '/')
		la--;
	while (lb && b[lb - 1] == '/')
		lb--;
	return la == lb && !strncmp(a, b, la);
}

/* The bucket of an s3:// URL into out; 0 if it is not one. */
static int s3_bucket(const char *url, char *out, size_t size)
{
	if (!url || strncmp(url, "s3://", 5))
		return 0;
	const char *b = url + 5, *slash = strchr(b, '/');
	size_t len = slash ? (size_t)(slash - b) : strlen(b);
	if (!len || len >= size)
		return 0;
	memcpy(out, b, len);
	out[len] = 0;
	return 1;
}

static void check_fsx_capacity(struct vctx *v,
			       const struct fsx_lustre_settings *f,
			       const char *path)
{
	int cap = f->storage_capacity_gib;
	if (f->has_backup_id || cap <= 0)
		return;
	const char *dep = catalog_fsx_deployment_name(f->deployment);
	if (f->deployment == FSX_SCRATCH_1) {
		if (!(cap == 1200 || cap == 2400 || cap % 3600 == 0))
			verr(v, f->pos_capacity, path, "Capacity for FSx "
				"SCRATCH_1 file systems is 1,200 GB, 2,400 GB or "
				"increments of 3,600 GB. (got %d)", cap);
	} else if (f->deployment == FSX_PERSISTENT_1 && f->hdd) {
		if (f->per_unit_mbps_per_tib == 12 && cap % 6000)
			verr(v, f->pos_capacity, path, "Capacity for FSx "
				"PERSISTENT HDD 12 MB/s/TiB file systems is "
				"increments of 6,000 GiB. (got %d)", cap);
		else if (f->per_unit_mbps_per_tib == 40 && cap % 1800)
			verr(v, f->pos_capacity, path, "Capacity for FSx "
				"PERSISTENT HDD 40 MB/s/TiB file systems is "
				"increments of 1,800 GiB. (got %d)", cap);
	} else if (!(cap == 1200 || cap % 2400 == 0)) {
		verr(v, f->pos_capacity, path, "Capacity for FSx %s file systems "
			"is 1,200 GB or increments of 2,400 GB. (got %d)", dep,
			cap);
	}
}

static void check_fsx_throughput(struct vctx *v,
				 const struct fsx_lustre_settings *f,
				 const char *path)
{
	int persistent = f->deployment == FSX_PERSISTENT_1 ||
			 f->deployment == FSX_PERSISTENT_2;
	const char *dep = catalog_fsx_deployment_name(f->deployment);
	struct src_pos at = f->per_unit_set ? f->pos_throughput
					    : f->pos_deployment;
	if (!persistent) {
		if (f->per_unit_set)
			verr(v, at, path, "Per unit storage throughput can only be "
				"used with PERSISTENT_1 and PERSISTENT_2 deployment "
				"types (got %s).", dep);
		return;
	}
	if (!f->per_unit_set) {
		if (!f->has_backup_id)
			verr(v, at, path, "Per unit storage throughput must be "
				"specified when deployment type is %s.", dep);
		return;
	}
	int x = f->per_unit_mbps_per_tib;
	if (f->hdd) {
		if (x != 12 && x != 40)
			verr(v, at, path, "For HDD file systems, per unit storage "
				"throughput can only have the following values: "
				"[12, 40]. (got %d)", x);
	} else if (f->deployment == FSX_PERSISTENT_1) {
		if (x != 50 && x != 100 && x != 200)
			verr(v, at, path, "For PERSISTENT_1 SSD file systems, per "
				"unit storage throughput can only have the following "
				"values: [50, 100, 200]. (got %d)", x);
	} else if (x != 125 && x != 250 && x != 500 && x != 1000) {
		verr(v, at, path, "For PERSISTENT_2 SSD file systems, per unit "
			"storage throughput can only have the following values: "
			"[125, 250, 500, 1000]. (got %d)", x);
	}
}

static void check_fsx(struct vctx *v, const struct shared_storage *s,
		      const char *path)
{
	const struct fsx_lustre_settings *f = &s->fsx;
	if (s->existing)
		return;
	check_fsx_capacity(v, f, path);
	check_fsx_throughput(v, f, path);
	if (f->hdd && f->deployment != FSX_PERSISTENT_1)
		verr(v, f->pos_storage_type, path, "For HDD file systems, "
			"deployment type must be PERSISTENT_1.");
	if (f->drive_cache_set && !f->hdd)
		verr(v, f->pos_storage_type.line ? f->pos_storage_type : s->pos,
		     path, "DriveCacheType can be used only with HDD file "
			   "systems.");
	if (f->has_dra && (f->import_path || f->export_path))
		verr(v, s->pos, path, "When specifying data repository "
			"associations, import and export path can not be used on "
			"the same file system.");
	if (!f->import_path && (f->export_path || f->auto_import_policy))
		verr(v, f->export_path ? f->pos_export : s->pos, path,
		     "ExportPath and AutoImportPolicy require ImportPath.");
	char ib[256], eb[256];
	int has_i = s3_bucket(f->import_path, ib, sizeof ib);
	int has_e = s3_bucket(f->export_path, eb, sizeof eb);
	if (f->import_path && !has_i && !config_is_placeholder(f->import_path))
		verr(v, f->pos_import, path, "ImportPath must be an S3 URL "
			"(s3://bucket[/prefix]). (got %s)", f->import_path);
	if (f->export_path && !has_e && !config_is_placeholder(f->export_path))
		verr(v, f->pos_export, path, "ExportPath must be an S3 URL "
			"(s3://bucket[/prefix]). (got %s)", f->export_path);
	if (has_i && has_e && strcmp(ib, eb))
		verr(v, f->pos_export, path, "ImportPath and ExportPath must be in "
			"the same S3 bucket (import '%s', export '%s').", ib, eb);
	if (f->deployment == FSX_PERSISTENT_2 && f->import_path)
		verr(v, f->pos_import, path, "ImportPath and ExportPath are not "
			"supported with PERSISTENT_2; use "
			"DataRepositoryAssociations.");
	if (f->has_kms_key && f->deployment != FSX_PERSISTENT_1 &&
	    f->deployment != FSX_PERSISTENT_2)
		verr(v, s->pos, path, "KmsKeyId can be used only with PERSISTENT "
			"deployment types.");
	if (f->backup_retention_days > 0 &&
	    (f->deployment == FSX_SCRATCH_1 || f->deployment == FSX_SCRATCH_2))
		verr(v, s->pos, path, "Automatic backups can be used only with "
			"PERSISTENT deployment types.");
}

struct ebs_bounds {
	const char *type;
	int size_min, size_max;
	int iops_min, iops_max, iops_per_gib;
};

/* EBS volume limits as pcluster's EBS validators state them (FACTS.md §1). */
static const struct ebs_bounds ebs_bounds[] = {
	{ "standard", 1, 1024, 0, 0, 0 },
	{ "gp2", 1, 16384, 0, 0, 0 },
	{ "gp3", 1, 16384, 3000, 16000, 500 },
	{ "io1", 4, 16384, 100, 64000, 50 },
	{ "io2", 4, 65536, 100, 256000, 1000 },
	{ "st1", 500, 16384, 0, 0, 0 },
	{ "sc1", 500, 16384, 0, 0, 0 },
};

static void check_ebs(struct vctx *v, const struct shared_storage *s,
		      const char *path)
{
	const struct ebs_settings *e = &s->ebs;
	if (s->existing)
		return;
	const struct ebs_bounds *b = NULL;
	for (size_t i = 0; i < sizeof ebs_bounds / sizeof ebs_bounds[0]; i++)
		if (!strcmp(ebs_bounds[i].type, e->volume_type))
			b = &ebs_bounds[i];
	if (!b)
		return;
	if (e->size_gib < b->size_min || e->size_gib > b->size_max)
		verr(v, e->pos_size.line ? e->pos_size : s->pos, path, "The size "
			"of %s volumes must be at least %d GiB and at most %d GiB. "
			"(got %d)", b->type, b->size_min, b->size_max, e->size_gib);
	if (e->iops_set && !b->iops_max)
		verr(v, e->pos_iops, path, "Iops can be set only for gp3, io1 and "
			"io2 volumes (VolumeType %s).", b->type);
	else if (e->iops_set && (e->iops < b->iops_min || e->iops > b->iops_max))
		verr(v, e->pos_iops, path, "IOPS rate must be between %d and %d "
			"when provisioning %s volumes. (got %d)", b->iops_min,
			b->iops_max, b->type, e->iops);
	else if (e->iops_set && e->size_gib > 0 &&
		 e->iops > b->iops_per_gib * e->size_gib && e->iops > b->iops_min)
		verr(v, e->pos_iops, path, "IOPS to volume size ratio of %.1f is "
			"too high; maximum is %d. (Iops %d, Size %d)",
			(double)e->iops / e->size_gib, b->iops_per_gib, e->iops,
			e->size_gib);
	if (e->throughput_set && strcmp(b->type, "gp3"))
		verr(v, e->pos_throughput, path, "Throughput can be set only for "
			"gp3 volumes (VolumeType %s).", b->type);
	else if (e->throughput_set &&
		 (e->throughput_mibps < 125 || e->throughput_mibps > 1000))
		verr(v, e->pos_throughput, path, "Throughput must be between 125 "
			"MiB/s and 1000 MiB/s when provisioning gp3 volumes. "
			"(got %d)", e->throughput_mibps);
	else if (e->throughput_set && e->iops > 0 &&
		 e->throughput_mibps > 0.25 * e->iops)
		verr(v, e->pos_throughput, path, "Throughput to IOPS ratio of "
			"%.3f is too high; maximum is 0.25. (Throughput %d, Iops "
			"%d)", (double)e->throughput_mibps / e->iops,
			e->throughput_mibps, e->iops);
}

static void check_storage_names(struct vctx *v, const struct shared_storage *s,
				int i, const char *path)
{
	const struct cluster *c = v->c;
	char sub[160];
	snprintf(sub, sizeof sub, "%s.Name", path);
	if (s->name && !strcmp(s->name, "default"))
		verr(v, s->pos_name, sub, "It is forbidden to use 'default' as a "
					  "name.");
	else if (s->name && !regex_match("^[A-Za-z0-9_+=.:@/-]+$", s->name))
		verr(v, s->pos_name, sub, "Invalid name '%s'. Name may contain "
			"letters, digits and + - = . _ : @ / only.", s->name);
	else if (s->name && strlen(s->name) > MAX_STORAGE_NAME_LEN)
		verr(v, s->pos_name, sub, "Invalid name '%s'. Name can be at most "
			"%d chars long.", s->name, MAX_STORAGE_NAME_LEN);
	snprintf(sub, sizeof sub, "%s.MountDir", path);
	for (int j = 0; j < i; j++) {
		const struct shared_storage *o = &c->storage[j];
		if (s->name && o->name && !strcmp(s->name, o->name))
			verr(v, s->pos_name, path, "Shared Storage name '%s' must "
				"be unique.", s->name);
		if (s->mount_dir && o->mount_dir &&
		    same_dir(s->mount_dir, o->mount_dir))
			verr(v, s->pos_mount, sub, "Mount directory '%s' is used "
				"by more than one shared storage (also %s).",
				s->mount_dir, o->name ? o->name : "another");
	}
	for (size_t k = 0; s->mount_dir && reserved_dirs[k]; k++)
		if (same_dir(s->mount_dir, reserved_dirs[k]))
			verr(v, s->pos_mount, sub, "Mount directory '%s' is "
				"reserved by the operating system or "
				"ParallelCluster.", s->mount_dir);
	if (s->type == STORAGE_FILE_CACHE && s->mount_dir &&
	    same_dir(s->mount_dir, "/home"))
		verr(v, s->pos_mount, sub, "A FileCache cannot be mounted on "
					   "/home.");
}

static void count_limit(struct vctx *v, int n, int max, const char *what)
{
	if (n > max)
		verr(v, v->c->n_storage ? v->c->storage[0].pos
					: (struct src_pos){ 0, 0 },
		     "SharedStorage", "Too many %s shared storage specified in "
		     "the configuration. ParallelCluster supports %d %s.", what,
		     max, what);
}

static void check_storage(struct vctx *v)
{
	const struct cluster *c = v->c;
	int ebs = 0, new_efs = 0, old_efs = 0, new_fsx = 0, old_fsx = 0, raid = 0;
	for (int i = 0; i < c->n_storage; i++) {
		const struct shared_storage *s = &c->storage[i];
		char path[64];
		snprintf(path, sizeof path, "SharedStorage[%d]", i);
		check_storage_names(v, s, i, path);
		switch (s->type) {
		case STORAGE_EBS:
			if (s->ebs.raid_volumes)
				raid++;
			else
				ebs++;
			snprintf(path, sizeof path,
				 "SharedStorage[%d].EbsSettings", i);
			check_ebs(v, s, path);
			break;
		case STORAGE_EFS:
			s->existing ? old_efs++ : new_efs++;
			break;
		case STORAGE_FSX_LUSTRE:
			s->existing ? old_fsx++ : new_fsx++;
			snprintf(path, sizeof path,
				 "SharedStorage[%d].FsxLustreSettings", i);
			check_fsx(v, s, path);
			break;
		default:
			old_fsx++;
			break;
		}
	}
	count_limit(v, ebs, MAX_EBS, "EBS");
	count_limit(v, raid, MAX_NEW_RAID, "new RAID");
	count_limit(v, new_efs, MAX_NEW_EFS, "new EFS");
	count_limit(v, old_efs, MAX_EXISTING_EFS, "existing EFS");
	count_limit(v, new_fsx, MAX_NEW_FSX, "new FSx");
	count_limit(v, old_fsx, MAX_EXISTING_FSX, "existing FSx");
}

int config_validate(const struct cluster *c, const struct catalog *cat,
		    struct diags *d)
{
	struct vctx v = { .c = c, .cat = cat, .d = d };
	check_region(&v);
	check_nodes(&v);
	if (c->scheduler == SCHEDULER_AWSBATCH)
		check_batch(&v);
	else
		check_queues(&v);
	check_storage(&v);
	return v.errors;
}
