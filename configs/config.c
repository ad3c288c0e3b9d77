/*
 * The cluster-config loader: file → YAML tree (yaml_tree.c) → `--set`
 * overrides (override.c) → schema check (config_schema.c) → struct cluster
 * with ParallelCluster's defaults applied.  The schema-level rules that
 * marshmallow checks across fields (InstanceType or Instances, the *Settings
 * block matching StorageType, the queues matching the scheduler, ...) are
 * checked here while typing, because they need several values at once.
 *
 * Defaults are those of ParallelCluster 3.12 (cluster_config.py; FACTS.md
 * §1 in ../shared/reference/pcluster-configs): ScaledownIdletime 10 min,
 * CapacityType ONDEMAND, MinCount 0, MaxCount 10, Static/DynamicNodePriority
 * 1/1000, FSx DeploymentType SCRATCH_2, EBS gp3 (3000 IOPS, 125 MiB/s),
 * ComputeNodeBootstrapTimeout 1800 s, ScalingStrategy all-or-nothing.
 */
#include "configs/config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configs/config_schema.h"
#include "configs/override.h"
#include "configs/yaml_tree.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"

#define MAX_FILE_BYTES (4u << 20)
#define MAX_TAGS 40
#define RESERVED_TAG_PREFIX "parallelcluster:"

struct loader {
	const char *file;
	struct diags *d;
	int errors;
	char path[512];           /* key path of the section being typed */
};

__attribute__((format(printf, 3, 4)))
static void lerr(struct loader *L, const struct ynode *at, const char *fmt, ...)
{
	char text[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	L->errors++;
	diag_error(L->d, L->file, at ? at->line : 0, at ? at->col : 0, "%s%s%s",
		   L->path, *L->path ? ": " : "", text);
}

__attribute__((format(printf, 3, 4)))
static void lwarn(struct loader *L, const struct ynode *at, const char *fmt,
		  ...)
{
	char text[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	diag_warn(L->d, L->file, at ? at->line : 0, at ? at->col : 0, "%s%s%s",
		  L->path, *L->path ? ": " : "", text);
}

/* Sets L->path to a printf-formatted key path. */
__attribute__((format(printf, 2, 3)))
static void at_path(struct loader *L, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(L->path, sizeof L->path, fmt, ap);
	va_end(ap);
}

static struct src_pos pos_of(const struct ynode *n)
{
	struct src_pos p = { 0, 0 };
	if (n) {
		p.line = n->line;
		p.col = n->col;
	}
	return p;
}

static char *str_of(const struct ynode *map, const char *key)
{
	const struct ynode *v = ymap_get(map, key);
	if (!v || v->kind != YNODE_SCALAR || yscalar_is_null(v))
		return NULL;
	return strdup(v->value);
}

static int str_is(const struct ynode *map, const char *key, const char *want)
{
	const struct ynode *v = ymap_get(map, key);
	return v && v->kind == YNODE_SCALAR && !strcmp(v->value, want);
}

/* An integer key (schema-checked already), def when absent.  A placeholder
 * keeps the default and says so, since the simulation depends on it.  The
 * value must lie in [lo, hi], the schema's bounds narrowed to what the
 * field holds: it is checked here, before any cast, because the schema
 * leaves most maxima open and (int)4294967301 would be 5. */
static long long int_of(struct loader *L, const struct ynode *map,
			const char *key, long long def, long long lo,
			long long hi, struct src_pos *pos)
{
	const struct ynode *v = ymap_get(map, key);
	long long x;
	if (pos)
		*pos = pos_of(v);
	if (!v)
		return def;
	size_t len = strlen(L->path);
	if (config_is_placeholder(v->value)) {
		snprintf(L->path + len, sizeof L->path - len, ".%s", key);
		lwarn(L, v, "'%s' is a placeholder; pclsim uses %lld until it "
			    "is filled in", v->value, def);
		L->path[len] = 0;
		return def;
	}
	if (!yscalar_int(v, &x))
		return def;
	if (x < lo || x > hi) {
		snprintf(L->path + len, sizeof L->path - len, ".%s", key);
		lerr(L, v, "%s is out of range: allowed %lld to %lld", v->value,
		     lo, hi);
		L->path[len] = 0;
		return def;
	}
	return x;
}

static int bool_of(const struct ynode *map, const char *key, int def)
{
	int b;
	const struct ynode *v = ymap_get(map, key);
	return v && yscalar_bool(v, &b) ? b : def;
}

static const struct ynode *path_get(const struct ynode *n, const char *a,
				    const char *b, const char *c)
{
	n = ymap_get(n, a);
	if (n && b)
		n = ymap_get(n, b);
	if (n && c)
		n = ymap_get(n, c);
	return n;
}

/* ---- small typed pieces -------------------------------------------------- */

static int kv_from_map(const struct ynode *map, struct kv **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (!map || map->kind != YNODE_MAP || !map->n)
		return 0;
	struct kv *kv = calloc(map->n, sizeof *kv);
	if (!kv)
		return -1;
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *v = map->items[i];
		kv[i].key = strdup(map->keys[i]->value);
		kv[i].value = strdup(v->kind == YNODE_SCALAR ? v->value : "");
	}
	*out = kv;
	*n = (int)map->n;
	return 0;
}

/* SlurmSettings.CustomSlurmSettings: a list of one-entry (or more) dicts. */
static int kv_from_dict_list(const struct ynode *list, struct kv **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (!list || list->kind != YNODE_SEQ)
		return 0;
	size_t total = 0;
	for (size_t i = 0; i < list->n; i++)
		total += list->items[i]->n;
	if (!total)
		return 0;
	struct kv *kv = calloc(total, sizeof *kv);
	if (!kv)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < list->n; i++) {
		const struct ynode *m = list->items[i];
		for (size_t j = 0; j < m->n; j++, k++) {
			const struct ynode *v = m->items[j];
			kv[k].key = strdup(m->keys[j]->value);
			kv[k].value = strdup(v->kind == YNODE_SCALAR ? v->value
								     : "");
		}
	}
	*out = kv;
	*n = (int)total;
	return 0;
}

static void kv_free(struct kv *kv, int n)
{
	for (int i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

/* Tags: reserved prefix and duplicates are schema errors in pcluster. */
static void type_tags(struct loader *L, const struct ynode *list,
		      struct kv **out, int *n, int max)
{
	*out = NULL;
	*n = 0;
	if (!list || !list->n)
		return;
	if (max && list->n > (size_t)max)
		lerr(L, list, "Invalid number of Tags (%zu). Currently only "
			      "supports up to %d Tags.", list->n, max);
	struct kv *kv = calloc(list->n, sizeof *kv);
	if (!kv)
		return;
	for (size_t i = 0; i < list->n; i++) {
		const struct ynode *t = list->items[i];
		kv[i].key = str_of(t, "Key");
		kv[i].value = str_of(t, "Value");
		if (!kv[i].key)
			continue;
		if (!strncmp(kv[i].key, RESERVED_TAG_PREFIX,
			     strlen(RESERVED_TAG_PREFIX)))
			lerr(L, t, "The tag key prefix '%s' is reserved and "
				   "cannot be used.", RESERVED_TAG_PREFIX);
		for (size_t j = 0; j < i; j++)
			if (kv[j].key && !strcmp(kv[j].key, kv[i].key))
				lerr(L, t, "Duplicate tag key (%s) detected. Tags "
					   "keys should be unique within the Tags "
					   "section.", kv[i].key);
	}
	*out = kv;
	*n = (int)list->n;
}

/* A PlacementGroup block as written: NULL node leaves pg untouched. */
static void type_pg(const struct ynode *pgn, struct placement_group *pg)
{
	if (!pgn)
		return;
	pg->explicit_set = 1;
	free(pg->name);
	pg->name = str_of(pgn, "Name");
	if (!pg->name)
		pg->name = str_of(pgn, "Id");
	pg->enabled = bool_of(pgn, "Enabled", pg->name != NULL);
}

static void copy_pg(const struct placement_group *from,
		    struct placement_group *to)
{
	to->enabled = from->enabled;
	to->explicit_set = from->explicit_set;
	to->name = from->name ? strdup(from->name) : NULL;
}

/* ---- Slurm queues -------------------------------------------------------- */

static void type_instances(struct loader *L, const struct ynode *crn,
			   struct compute_resource *cr)
{
	const struct ynode *one = ymap_get(crn, "InstanceType");
	const struct ynode *many = ymap_get(crn, "Instances");
	if (one && many) {
		lerr(L, crn, "A Compute Resource needs to specify either "
			     "InstanceType or Instances.");
		return;
	}
	if (!one && !many) {
		/* pcluster takes the type from the ODCR; offline it is
		 * unknown, which the validators report. */
		if (!cr->capacity_reservation_id)
			lerr(L, crn, "A Compute Resource needs to specify either "
				     "InstanceType or Instances.");
		return;
	}
	cr->pos_instance = pos_of(one ? one : many);
	size_t n = one ? 1 : many->n;
	cr->instance_types = calloc(n ? n : 1, sizeof *cr->instance_types);
	if (!cr->instance_types)
		return;
	cr->flexible = many != NULL;
	for (size_t i = 0; i < n; i++) {
		const struct ynode *v = one ? one : ymap_get(many->items[i],
							     "InstanceType");
		char *t = strdup(v->value);
		for (size_t j = 0; t && j < i; j++)
			if (!strcmp(cr->instance_types[j], t))
				lerr(L, v, "Duplicate instance type (%s) detected. "
					   "Instances should not have duplicate "
					   "instance types. ", t);
		if (t && config_is_placeholder(t))
			cr->instance_placeholder = 1;
		cr->instance_types[cr->n_instance_types++] = t;
	}
}

static void type_cr(struct loader *L, const struct ynode *crn,
		    const struct ynode *queue_crt, const struct slurm_queue *q,
		    struct compute_resource *cr)
{
	cr->pos = pos_of(crn);
	cr->name = str_of(crn, "Name");
	cr->pos_name = pos_of(ymap_get(crn, "Name"));
	/* A CR-level CapacityReservationTarget wins over the queue's. */
	const struct ynode *crt = ymap_get(crn, "CapacityReservationTarget");
	if (!crt)
		crt = queue_crt;
	cr->capacity_reservation_id = str_of(crt, "CapacityReservationId");
	cr->has_capacity_reservation = crt != NULL;
	type_instances(L, crn, cr);
	cr->min_count = (int)int_of(L, crn, "MinCount", 0, 0, INT_MAX,
				     &cr->pos_min);
	cr->max_count = (int)int_of(L, crn, "MaxCount", 10, 1, INT_MAX,
				     &cr->pos_max);
	const struct ynode *sp = ymap_get(crn, "SpotPrice");
	if (!sp || !yscalar_float(sp, &cr->spot_price_usd))
		cr->spot_price_usd = -1;
	cr->disable_smt = bool_of(crn, "DisableSimultaneousMultithreading", 0);
	cr->schedulable_memory_mib = int_of(L, crn, "SchedulableMemory", 0,
					    LLONG_MIN, LLONG_MAX,
					    &cr->pos_memory);
	const struct ynode *efa = ymap_get(crn, "Efa");
	cr->pos_efa = pos_of(efa);
	cr->efa = bool_of(efa, "Enabled", 0);
	cr->efa_gdr = bool_of(efa, "GdrSupport", 0);
	/* CR-level PlacementGroup wins over the queue's when present. */
	const struct ynode *pgn = path_get(crn, "Networking", "PlacementGroup",
					   NULL);
	if (pgn) {
		type_pg(pgn, &cr->pg);
		cr->pos_pg = pos_of(pgn);
	} else {
		copy_pg(&q->pg, &cr->pg);
	}
	cr->static_priority = (uint32_t)int_of(L, crn, "StaticNodePriority", 1,
					       1, UINT32_MAX, NULL);
	cr->dynamic_priority = (uint32_t)int_of(L, crn, "DynamicNodePriority",
						1000, 1, UINT32_MAX, NULL);
	kv_from_map(ymap_get(crn, "CustomSlurmSettings"), &cr->custom_slurm,
		    &cr->n_custom_slurm);
}

static enum capacity_type capacity_of(const struct ynode *map)
{
	if (str_is(map, "CapacityType", "SPOT"))
		return CAPACITY_SPOT;
	if (str_is(map, "CapacityType", "CAPACITY_BLOCK"))
		return CAPACITY_BLOCK;
	return CAPACITY_ONDEMAND;
}

static void type_queue(struct loader *L, const struct ynode *qn, size_t qi,
		       struct slurm_queue *q)
{
	at_path(L, "Scheduling.SlurmQueues[%zu]", qi);
	q->pos = pos_of(qn);
	q->name = str_of(qn, "Name");
	q->pos_name = pos_of(ymap_get(qn, "Name"));
	q->capacity_type = capacity_of(qn);
	q->pos_capacity = pos_of(ymap_get(qn, "CapacityType"));
	const struct ynode *alloc = ymap_get(qn, "AllocationStrategy");
	q->allocation_set = alloc != NULL;
	q->pos_alloc = pos_of(alloc);
	q->allocation = ALLOC_LOWEST_PRICE;
	if (str_is(qn, "AllocationStrategy", "capacity-optimized"))
		q->allocation = ALLOC_CAPACITY_OPTIMIZED;
	else if (str_is(qn, "AllocationStrategy", "price-capacity-optimized"))
		q->allocation = ALLOC_PRICE_CAPACITY_OPTIMIZED;
	const struct ynode *net = ymap_get(qn, "Networking");
	const struct ynode *subnets = ymap_get(net, "SubnetIds");
	q->pos_subnets = pos_of(subnets);
	if (subnets && subnets->n) {
		q->subnet_ids = calloc(subnets->n, sizeof *q->subnet_ids);
		for (size_t i = 0; q->subnet_ids && i < subnets->n; i++)
			q->subnet_ids[q->n_subnets++] =
				strdup(subnets->items[i]->value);
	}
	type_pg(ymap_get(net, "PlacementGroup"), &q->pg);
	q->job_exclusive = bool_of(qn, "JobExclusiveAllocation", 0);
	q->has_on_node_start = path_get(qn, "CustomActions", "OnNodeStart",
					NULL) != NULL;
	q->has_on_node_configured = path_get(qn, "CustomActions",
					     "OnNodeConfigured", NULL) != NULL;
	kv_from_map(ymap_get(qn, "CustomSlurmSettings"), &q->custom_slurm,
		    &q->n_custom_slurm);
	type_tags(L, ymap_get(qn, "Tags"), &q->tags, &q->n_tags, 0);
	const struct ynode *crs = ymap_get(qn, "ComputeResources");
	const struct ynode *queue_crt = ymap_get(qn, "CapacityReservationTarget");
	if (!crs || !crs->n)
		return;
	q->crs = calloc(crs->n, sizeof *q->crs);
	if (!q->crs)
		return;
	for (size_t i = 0; i < crs->n; i++) {
		struct compute_resource *cr = &q->crs[q->n_crs++];
		at_path(L, "Scheduling.SlurmQueues[%zu].ComputeResources[%zu]", qi,
			i);
		type_cr(L, crs->items[i], queue_crt, q, cr);
	}
}

/* ---- scheduling ---------------------------------------------------------- */

static void type_batch(struct loader *L, const struct ynode *sched,
		       struct cluster *c)
{
	const struct ynode *qs = ymap_get(sched, "AwsBatchQueues");
	if (!qs || !qs->n)
		return;
	const struct ynode *qn = qs->items[0];
	struct awsbatch_queue *b = &c->batch;
	b->pos = pos_of(qn);
	b->name = str_of(qn, "Name");
	b->pos_name = pos_of(ymap_get(qn, "Name"));
	b->capacity_type = capacity_of(qn);
	const struct ynode *crs = ymap_get(qn, "ComputeResources");
	if (!crs || !crs->n)
		return;
	const struct ynode *crn = crs->items[0];
	at_path(L, "Scheduling.AwsBatchQueues[0].ComputeResources[0]");
	b->cr_name = str_of(crn, "Name");
	b->pos_cr_name = pos_of(ymap_get(crn, "Name"));
	const struct ynode *types = ymap_get(crn, "InstanceTypes");
	b->pos_instance = pos_of(types);
	if (types && types->n) {
		b->instance_types = calloc(types->n, sizeof *b->instance_types);
		for (size_t i = 0; b->instance_types && i < types->n; i++)
			b->instance_types[b->n_instance_types++] =
				strdup(types->items[i]->value);
	}
	b->min_vcpus = (int)int_of(L, crn, "MinvCpus", 0, 0, INT_MAX, NULL);
	b->max_vcpus = (int)int_of(L, crn, "MaxvCpus", 10, 1, INT_MAX, NULL);
	b->desired_vcpus = (int)int_of(L, crn, "DesiredvCpus", b->min_vcpus,
				       0, INT_MAX, NULL);
}

static const char *const v2_schedulers[] = { "sge", "torque", NULL };

/* The scheduler value and which sections go with it (marshmallow's
 * no_coexist_schedulers / right_scheduler_schema). */
static int type_scheduler(struct loader *L, const struct ynode *sched,
			  struct cluster *c)
{
	const struct ynode *s = ymap_get(sched, "Scheduler");
	at_path(L, "Scheduling.Scheduler");
	c->pos_scheduler = pos_of(s);
	for (size_t i = 0; v2_schedulers[i]; i++) {
		if (!strcmp(s->value, v2_schedulers[i])) {
			lerr(L, s, "'%s' is not supported: ParallelCluster v3 "
				   "supports only slurm and awsbatch (SGE and "
				   "Torque were dropped with v2)", s->value);
			return -1;
		}
	}
	if (strcmp(s->value, "slurm") && strcmp(s->value, "awsbatch")) {
		lerr(L, s, "Must be one of: slurm, awsbatch. (got %s)", s->value);
		return -1;
	}
	int batch = !strcmp(s->value, "awsbatch");
	c->scheduler = batch ? SCHEDULER_AWSBATCH : SCHEDULER_SLURM;
	at_path(L, "Scheduling");
	int has_slurm_q = ymap_get(sched, "SlurmQueues") != NULL;
	int has_batch_q = ymap_get(sched, "AwsBatchQueues") != NULL;
	if ((batch && ymap_get(sched, "SlurmSettings")) ||
	    (!batch && ymap_get(sched, "AwsBatchSettings"))) {
		lerr(L, sched, "Scheduling > *Settings section is not "
			       "appropriate to the Scheduler: %s.", s->value);
		return -1;
	}
	if ((batch && has_slurm_q) || (!batch && has_batch_q)) {
		lerr(L, sched, "Scheduling > *Queues section is not appropriate "
			       "to the Scheduler: %s.", s->value);
		return -1;
	}
	if (!(batch ? has_batch_q : has_slurm_q)) {
		lerr(L, sched, "%sQueues section must be specified in the "
			       "Scheduling section.", batch ? "AwsBatch" : "Slurm");
		return -1;
	}
	if (!ymap_get(sched, "ScalingStrategy"))
		c->scaling_strategy = SCALING_ALL_OR_NOTHING;
	else if (str_is(sched, "ScalingStrategy", "greedy-all-or-nothing"))
		c->scaling_strategy = SCALING_GREEDY_ALL_OR_NOTHING;
	else if (str_is(sched, "ScalingStrategy", "best-effort"))
		c->scaling_strategy = SCALING_BEST_EFFORT;
	return 0;
}

static void type_slurm_settings(struct loader *L, const struct ynode *ss,
				struct cluster *c)
{
	at_path(L, "Scheduling.SlurmSettings");
	c->scaledown_idletime_min = (int)int_of(L, ss, "ScaledownIdletime", 10,
						-1, INT_MAX, NULL);
	c->enable_memory_scheduling = bool_of(ss, "EnableMemoryBasedScheduling",
					      0);
	kv_from_dict_list(ymap_get(ss, "CustomSlurmSettings"), &c->custom_slurm,
			  &c->n_custom_slurm);
	c->has_database = ymap_get(ss, "Database") != NULL;
	c->pos_database = pos_of(ymap_get(ss, "Database"));
	c->has_external_slurmdbd = ymap_get(ss, "ExternalSlurmdbd") != NULL;
}

/* awsbatch refuses some sections (marshmallow no_settings_for_batch). */
static void check_batch_only(struct loader *L, const struct ynode *root)
{
	static const char msg[] = "The use of the %s configuration is not "
				  "supported when using awsbatch as the "
				  "scheduler.";
	int b;
	at_path(L, "%s", "");
	const struct ynode *intel = path_get(root, "AdditionalPackages",
					     "IntelSoftware", "IntelHpcPlatform");
	if (intel && yscalar_bool(intel, &b) && b)
		lerr(L, intel, msg, "IntelSoftware");
	const struct ynode *upd = path_get(root, "HeadNode", "CustomActions",
					   "OnNodeUpdated");
	if (upd)
		lerr(L, upd, msg, "OnNodeUpdated");
	const struct ynode *ds = ymap_get(root, "DirectoryService");
	if (ds)
		lerr(L, ds, msg, "DirectoryService");
}

/* ---- shared storage ------------------------------------------------------ */

static const char *const fsx_existing_ok[] = { "FileSystemId", NULL };
static const char *const fsx_backup_forbidden[] = { "DeploymentType",
	"PerUnitStorageThroughput", "StorageCapacity", "ImportPath",
	"ExportPath", "ImportedFileChunkSize", "KmsKeyId", NULL };
static const char *const efs_existing_ok[] = { "FileSystemId",
	"EncryptionInTransit", "IamAuthorization", "AccessPointId", NULL };

static int in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return 1;
	return 0;
}

static void type_fsx(struct loader *L, const struct ynode *fs,
		     struct shared_storage *st)
{
	struct fsx_lustre_settings *f = &st->fsx;
	f->deployment = FSX_SCRATCH_2;
	f->imported_file_chunk_mib = 1024;
	if (!fs)
		return;
	f->file_system_id = str_of(fs, "FileSystemId");
	if (f->file_system_id) {
		st->existing = 1;
		for (size_t i = 0; i < fs->n; i++)
			if (!in_list(fsx_existing_ok, fs->keys[i]->value))
				lerr(L, fs->keys[i], "%s cannot be specified when "
						     "an existing Lustre file "
						     "system is used.",
				     fs->keys[i]->value);
		return;
	}
	if (ymap_get(fs, "BackupId")) {
		f->has_backup_id = 1;
		for (size_t i = 0; i < fs->n; i++)
			if (in_list(fsx_backup_forbidden, fs->keys[i]->value))
				lerr(L, fs->keys[i], "When restoring an FSx "
						     "Lustre file system from "
						     "backup, '%s' cannot be "
						     "specified.",
				     fs->keys[i]->value);
	}
	static const char *const deps[] = { "SCRATCH_1", "SCRATCH_2",
					    "PERSISTENT_1", "PERSISTENT_2" };
	for (int i = 0; i < 4; i++)
		if (str_is(fs, "DeploymentType", deps[i]))
			f->deployment = i;
	f->pos_deployment = pos_of(ymap_get(fs, "DeploymentType"));
	f->storage_capacity_gib = (int)int_of(L, fs, "StorageCapacity", 0,
					      INT_MIN, INT_MAX,
					      &f->pos_capacity);
	f->per_unit_set = ymap_get(fs, "PerUnitStorageThroughput") != NULL;
	f->per_unit_mbps_per_tib = (int)int_of(L, fs, "PerUnitStorageThroughput",
					       0, INT_MIN, INT_MAX,
					       &f->pos_throughput);
	f->storage_type_set = ymap_get(fs, "StorageType") != NULL;
	f->pos_storage_type = pos_of(ymap_get(fs, "StorageType"));
	f->hdd = str_is(fs, "StorageType", "HDD");
	f->drive_cache_set = ymap_get(fs, "DriveCacheType") != NULL;
	f->drive_cache_read = str_is(fs, "DriveCacheType", "READ");
	f->lz4 = str_is(fs, "DataCompressionType", "LZ4");
	f->import_path = str_of(fs, "ImportPath");
	f->pos_import = pos_of(ymap_get(fs, "ImportPath"));
	f->export_path = str_of(fs, "ExportPath");
	f->pos_export = pos_of(ymap_get(fs, "ExportPath"));
	f->auto_import_policy = str_of(fs, "AutoImportPolicy");
	f->imported_file_chunk_mib = (int)int_of(L, fs, "ImportedFileChunkSize",
						 1024, 1, 512000, NULL);
	f->has_dra = ymap_get(fs, "DataRepositoryAssociations") != NULL;
	f->has_kms_key = ymap_get(fs, "KmsKeyId") != NULL;
	f->backup_retention_days = (int)int_of(L, fs,
					       "AutomaticBackupRetentionDays",
					       0, 0, 35, NULL);
}

static void type_ebs(struct loader *L, const struct ynode *es,
		     struct shared_storage *st)
{
	struct ebs_settings *e = &st->ebs;
	e->volume_type = str_of(es, "VolumeType");
	if (!e->volume_type)
		e->volume_type = strdup("gp3");
	int gp3 = !strcmp(e->volume_type, "gp3");
	int io = !strcmp(e->volume_type, "io1") || !strcmp(e->volume_type, "io2");
	e->size_gib = (int)int_of(L, es, "Size", 40, INT_MIN, INT_MAX,
				  &e->pos_size);
	e->iops_set = ymap_get(es, "Iops") != NULL;
	e->iops = (int)int_of(L, es, "Iops", gp3 ? 3000 : io ? 100 : 0,
			      INT_MIN, INT_MAX, &e->pos_iops);
	e->throughput_set = ymap_get(es, "Throughput") != NULL;
	e->throughput_mibps = (int)int_of(L, es, "Throughput", gp3 ? 125 : 0,
					  INT_MIN, INT_MAX,
					  &e->pos_throughput);
	e->volume_id = str_of(es, "VolumeId");
	st->existing = e->volume_id != NULL;
	const struct ynode *raid = ymap_get(es, "Raid");
	if (raid)
		e->raid_volumes = (int)int_of(L, raid, "NumberOfVolumes", 2,
						 2, 5, NULL);
}

static void type_efs(struct loader *L, const struct ynode *es,
		     struct shared_storage *st)
{
	struct efs_settings *e = &st->efs;
	e->file_system_id = str_of(es, "FileSystemId");
	if (e->file_system_id) {
		st->existing = 1;
		for (size_t i = 0; i < es->n; i++)
			if (!in_list(efs_existing_ok, es->keys[i]->value))
				lerr(L, es->keys[i], "%s cannot be specified when "
						     "an existing EFS file "
						     "system is used.",
				     es->keys[i]->value);
	}
	e->max_io = str_is(es, "PerformanceMode", "maxIO");
	e->provisioned = str_is(es, "ThroughputMode", "provisioned");
	const struct ynode *pt = ymap_get(es, "ProvisionedThroughput");
	e->provisioned_mibps = (int)int_of(L, es, "ProvisionedThroughput", 0,
					   1, 1024, NULL);
	if (pt && !e->provisioned)
		lerr(L, es, "When specifying provisioned throughput, the "
			    "throughput mode must be set to provisioned");
	if (e->provisioned && !pt)
		lerr(L, es, "When specifying throughput mode to provisioned, the "
			    "provisioned throughput option must be specified");
}

struct storage_kind {
	const char *type;        /* StorageType value */
	const char *settings;    /* its *Settings key */
	enum storage_type kind;
	const char *id_key;      /* for existing-only kinds */
};

static const struct storage_kind storage_kinds[] = {
	{ "Ebs", "EbsSettings", STORAGE_EBS, NULL },
	{ "Efs", "EfsSettings", STORAGE_EFS, NULL },
	{ "FsxLustre", "FsxLustreSettings", STORAGE_FSX_LUSTRE, NULL },
	{ "FsxOntap", "FsxOntapSettings", STORAGE_FSX_ONTAP, "VolumeId" },
	{ "FsxOpenZfs", "FsxOpenZfsSettings", STORAGE_FSX_OPENZFS, "VolumeId" },
	{ "FileCache", "FileCacheSettings", STORAGE_FILE_CACHE, "FileCacheId" },
};
#define N_STORAGE_KINDS (sizeof storage_kinds / sizeof storage_kinds[0])

static void type_storage(struct loader *L, const struct ynode *sn, size_t i,
			 struct shared_storage *st)
{
	at_path(L, "SharedStorage[%zu]", i);
	st->pos = pos_of(sn);
	st->name = str_of(sn, "Name");
	st->pos_name = pos_of(ymap_get(sn, "Name"));
	st->mount_dir = str_of(sn, "MountDir");
	st->pos_mount = pos_of(ymap_get(sn, "MountDir"));
	const struct storage_kind *k = NULL;
	for (size_t j = 0; j < N_STORAGE_KINDS; j++)
		if (str_is(sn, "StorageType", storage_kinds[j].type))
			k = &storage_kinds[j];
	if (!k)
		return;
	st->type = k->kind;
	for (size_t j = 0; j < N_STORAGE_KINDS; j++) {
		if (&storage_kinds[j] != k &&
		    ymap_get(sn, storage_kinds[j].settings)) {
			lerr(L, sn, "SharedStorage > *Settings section is not "
				    "appropriate to the StorageType %s.", k->type);
			return;
		}
	}
	const struct ynode *set = ymap_get(sn, k->settings);
	if (k->id_key) {
		if (!set)
			lerr(L, sn, "%s: Missing data for required field.",
			     k->settings);
		st->existing = 1;
		st->volume_id = str_of(set, k->id_key);
		return;
	}
	size_t len = strlen(L->path);
	snprintf(L->path + len, sizeof L->path - len, ".%s", k->settings);
	if (k->kind == STORAGE_FSX_LUSTRE)
		type_fsx(L, set, st);
	else if (k->kind == STORAGE_EBS)
		type_ebs(L, set, st);
	else
		type_efs(L, set, st);
	L->path[len] = 0;
	if (k->kind == STORAGE_FSX_LUSTRE && !st->existing &&
	    !st->fsx.has_backup_id && !st->fsx.storage_capacity_gib &&
	    !ymap_get(set, "StorageCapacity"))
		lerr(L, set ? set : sn, "FsxLustreSettings.StorageCapacity: "
					"Missing data for required field (a new "
					"file system needs a capacity).");
}

/* ---- the whole cluster --------------------------------------------------- */

static void type_login(struct loader *L, const struct ynode *root,
		       struct cluster *c)
{
	const struct ynode *pools = path_get(root, "LoginNodes", "Pools", NULL);
	if (!pools || !pools->n)
		return;
	c->login_pools = calloc(pools->n, sizeof *c->login_pools);
	if (!c->login_pools)
		return;
	for (size_t i = 0; i < pools->n; i++) {
		const struct ynode *p = pools->items[i];
		struct login_pool *lp = &c->login_pools[c->n_login_pools++];
		at_path(L, "LoginNodes.Pools[%zu]", i);
		lp->pos = pos_of(p);
		lp->name = str_of(p, "Name");
		lp->pos_name = pos_of(ymap_get(p, "Name"));
		lp->instance_type = str_of(p, "InstanceType");
		lp->pos_instance = pos_of(ymap_get(p, "InstanceType"));
		lp->count = (int)int_of(L, p, "Count", 1, 0, INT_MAX, NULL);
	}
}

static void type_cluster(struct loader *L, const struct ynode *root,
			 struct cluster *c)
{
	const struct ynode *region = ymap_get(root, "Region");
	c->pos_region = pos_of(region);
	c->region = str_of(root, "Region");
	if (c->region && config_is_placeholder(c->region))
		c->region_placeholder = 1;
	c->os = str_of(ymap_get(root, "Image"), "Os");
	c->pos_os = pos_of(path_get(root, "Image", "Os", NULL));
	c->custom_ami = str_of(ymap_get(root, "Image"), "CustomAmi");
	c->head_node_instance_type = str_of(ymap_get(root, "HeadNode"),
					    "InstanceType");
	c->pos_head_type = pos_of(path_get(root, "HeadNode", "InstanceType",
					   NULL));
	c->head_node_placeholder = c->head_node_instance_type &&
				   config_is_placeholder(c->head_node_instance_type);
	c->scaledown_idletime_min = 10;
	at_path(L, "DevSettings.Timeouts");
	c->compute_bootstrap_timeout_s =
		(int)int_of(L, path_get(root, "DevSettings", "Timeouts", NULL),
			    "ComputeNodeBootstrapTimeout", 1800, 1,
			    INT_MAX, NULL);
	at_path(L, "Tags");
	type_tags(L, ymap_get(root, "Tags"), &c->tags, &c->n_tags, MAX_TAGS);
	type_login(L, root, c);

	const struct ynode *sched = ymap_get(root, "Scheduling");
	if (type_scheduler(L, sched, c) == 0) {
		if (c->scheduler == SCHEDULER_AWSBATCH) {
			check_batch_only(L, root);
			type_batch(L, sched, c);
		} else {
			type_slurm_settings(L, ymap_get(sched, "SlurmSettings"),
					    c);
			const struct ynode *qs = ymap_get(sched, "SlurmQueues");
			c->queues = calloc(qs->n ? qs->n : 1, sizeof *c->queues);
			for (size_t i = 0; c->queues && i < qs->n; i++)
				type_queue(L, qs->items[i], i,
					   &c->queues[c->n_queues++]);
		}
	}
	const struct ynode *ss = ymap_get(root, "SharedStorage");
	if (ss && ss->n) {
		c->storage = calloc(ss->n, sizeof *c->storage);
		for (size_t i = 0; c->storage && i < ss->n; i++)
			type_storage(L, ss->items[i], i,
				     &c->storage[c->n_storage++]);
	}
	L->path[0] = 0;
}

/* ---- entry points -------------------------------------------------------- */

/* A ParallelCluster 2 file: INI sections such as [cluster default], [aws],
 * [global] before any YAML.  Returns its line, or 0. */
static int v2_ini_line(const char *buf, size_t len)
{
	int line = 1;
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && buf[i] != '\n')
			i++;
		const char *s = buf + start;
		size_t n = i - start;
		while (n && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\r' ||
			     s[n - 1] == '\t'))
			n--;
		if (n && *s != '#' && *s != ';') {
			if (*s != '[' || s[n - 1] != ']' || n < 3)
				return 0;
			/* "[a, b]" and "[[...]]" are YAML flow lists; INI
			 * headers have neither commas nor inner brackets. */
			for (size_t k = 1; k + 1 < n; k++)
				if (s[k] == ',' || s[k] == '[' || s[k] == ']')
					return 0;
			return line;
		}
		i++;
		line++;
	}
	return 0;
}

int config_load_buffer(const char *name, const char *yaml, size_t len,
		       const struct config_override *overrides,
		       size_t n_overrides, struct cluster *out,
		       struct diags *d)
{
	memset(out, 0, sizeof *out);
	out->path = strdup(name);
	size_t errors_before = d->n_errors;
	int v2 = v2_ini_line(yaml, len);
	if (v2) {
		diag_error(d, name, v2, 1,
			   "this is a ParallelCluster 2 config (INI sections); "
			   "ParallelCluster 3 and pclsim read YAML: convert it "
			   "with pcluster3-config-converter");
		return -1;
	}
	int ok;
	struct ynode *root = ytree_parse(name, yaml, len, NULL, &ok, d);
	if (!ok)
		return -1;
	if (n_overrides)
		config_apply_overrides(root, overrides, n_overrides, d);
	if (d->n_errors == errors_before &&
	    schema_check(&cluster_schema, root, name, d) == 0) {
		struct loader L = { .file = name, .d = d };
		type_cluster(&L, root, out);
	}
	ynode_unref(root);
	return d->n_errors > errors_before ? -1 : 0;
}

int config_load(const char *path, const struct config_override *overrides,
		size_t n_overrides, struct cluster *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_error(d, path, 0, 0, "cannot read the config: %s",
			   strerror(errno));
		return -1;
	}
	char *buf = malloc(MAX_FILE_BYTES + 1);
	if (!buf) {
		fclose(f);
		diag_error(d, path, 0, 0, "out of memory reading the config");
		return -1;
	}
	size_t len = fread(buf, 1, MAX_FILE_BYTES + 1, f);
	int read_error = ferror(f);
	fclose(f);
	if (read_error) {
		free(buf);
		diag_error(d, path, 0, 0, "cannot read the config: I/O error");
		return -1;
	}
	if (len > MAX_FILE_BYTES) {
		free(buf);
		diag_error(d, path, 0, 0, "the config is larger than %u bytes; "
					  "that is not a cluster config",
			   MAX_FILE_BYTES);
		return -1;
	}
	int rc = config_load_buffer(path, buf, len, overrides, n_overrides, out,
				    d);
	free(buf);
	return rc;
}

static void free_pg(struct placement_group *pg)
{
	free(pg->name);
}

static void free_strings(char **s, int n)
{
	for (int i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

static void free_queue(struct slurm_queue *q)
{
	for (int i = 0; i < q->n_crs; i++) {
		struct compute_resource *cr = &q->crs[i];
		free(cr->name);
		free_strings(cr->instance_types, cr->n_instance_types);
		free(cr->capacity_reservation_id);
		free_pg(&cr->pg);
		kv_free(cr->custom_slurm, cr->n_custom_slurm);
	}
	free(q->crs);
	free(q->name);
	free_strings(q->subnet_ids, q->n_subnets);
	free_pg(&q->pg);
	kv_free(q->custom_slurm, q->n_custom_slurm);
	kv_free(q->tags, q->n_tags);
}

static void free_storage(struct shared_storage *s)
{
	free(s->name);
	free(s->mount_dir);
	free(s->volume_id);
	free(s->fsx.import_path);
	free(s->fsx.export_path);
	free(s->fsx.auto_import_policy);
	free(s->fsx.file_system_id);
	free(s->ebs.volume_type);
	free(s->ebs.volume_id);
	free(s->efs.file_system_id);
}

void cluster_free(struct cluster *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->n_queues; i++)
		free_queue(&c->queues[i]);
	free(c->queues);
	for (int i = 0; i < c->n_storage; i++)
		free_storage(&c->storage[i]);
	free(c->storage);
	for (int i = 0; i < c->n_login_pools; i++) {
		free(c->login_pools[i].name);
		free(c->login_pools[i].instance_type);
	}
	free(c->login_pools);
	free(c->batch.name);
	free(c->batch.cr_name);
	free_strings(c->batch.instance_types, c->batch.n_instance_types);
	kv_free(c->custom_slurm, c->n_custom_slurm);
	kv_free(c->tags, c->n_tags);
	free(c->path);
	free(c->region);
	free(c->os);
	free(c->custom_ami);
	free(c->head_node_instance_type);
	memset(c, 0, sizeof *c);
}
