/*
 * pclsim validate: loads a cluster config as pcluster would judge it
 * (schema, then the offline validators against the bundled catalog), and
 * prints the cluster as pclsim will simulate it: queues, compute resources
 * with their static and dynamic node counts, CPUs and memory per node as
 * Slurm sees them, prices, and shared storage with throughput and monthly
 * price.  Errors go to stderr; the summary and the warnings to stdout (or
 * all of it as JSON with --json).  Exit 0 valid (warnings allowed), 1
 * errors, 2 usage.
 *
 * Options are a table so later options (e.g. --slurm-conf) are one entry
 * and one handler each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "models/partition.h"
#include "models/storage.h"
#include "sim/commands.h"
#include "sim/diag.h"

#define DEFAULT_PRICE_REGION "us-east-1"
#define MAX_OVERRIDES 64

struct validate_opts {
	const char *config;
	const char *catalog;        /* --catalog: private prices; NULL */
	int json;
	int slurm_conf;
	struct config_override overrides[MAX_OVERRIDES];
	size_t n_overrides;
};

struct option_def {
	const char *name;
	int takes_value;
	const char *help;
	/* Returns 0, or -1 after printing a usage error. */
	int (*apply)(struct validate_opts *o, const char *value);
};

static int opt_config(struct validate_opts *o, const char *value)
{
	o->config = value;
	return 0;
}

static int opt_catalog(struct validate_opts *o, const char *value)
{
	o->catalog = value;
	return 0;
}

static int opt_json(struct validate_opts *o, const char *value)
{
	(void)value;
	o->json = 1;
	return 0;
}

static int opt_set(struct validate_opts *o, const char *value)
{
	const char *eq = config_override_eq(value);
	if (!eq) {
		fprintf(stderr, "pclsim validate: --set wants KEY=VALUE, got '%s'\n",
			value);
		return -1;
	}
	if (o->n_overrides == MAX_OVERRIDES) {
		fprintf(stderr, "pclsim validate: at most %d --set options\n",
			MAX_OVERRIDES);
		return -1;
	}
	/* The key is argv text up to '='; keep it in a copy we own. */
	char *key = strndup(value, (size_t)(eq - value));
	if (!key)
		return -1;
	o->overrides[o->n_overrides].key = key;
	o->overrides[o->n_overrides++].value = eq + 1;
	return 0;
}

static int opt_slurm_conf(struct validate_opts *o, const char *value)
{
	(void)value;
	o->slurm_conf = 1;
	return 0;
}

static const struct option_def options[] = {
	{ "--config", 1, "FILE  the ParallelCluster v3 YAML to check", opt_config },
	{ "--set", 1, "KEY=VALUE  override a key first (repeatable), e.g.\n"
		      "             Scheduling.SlurmQueues[name=spot]."
		      "ComputeResources[0].MaxCount=20", opt_set },
	{ "--catalog", 1, "FILE private prices over the built-in catalog "
			  "(CSV, docs/catalog.md)", opt_catalog },
	{ "--json", 0, "      print the result as JSON (stable keys)", opt_json },
	{ "--slurm-conf", 0, "the partition and node lines ParallelCluster would\n"
			     "             generate (the cluster pclsim simulates)",
	  opt_slurm_conf },
	{ NULL, 0, NULL, NULL },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: pclsim validate --config FILE [--json] [--catalog FILE] "
		     "[--set KEY=VALUE]...\n\n"
		     "Checks a cluster config as pcluster would (schema and the "
		     "offline validators)\nand prints the cluster pclsim will "
		     "simulate.  Exit 0 valid, 1 errors, 2 usage.\n\n");
	for (const struct option_def *d = options; d->name; d++)
		fprintf(out, "  %s %s\n", d->name, d->help);
	fprintf(out, "  --help   this text\n");
}

static void free_opts(struct validate_opts *o)
{
	for (size_t i = 0; i < o->n_overrides; i++)
		free((char *)o->overrides[i].key);
}

/* Returns -1 when the arguments are not usable (usage printed), 1 for
 * --help, 0 otherwise. */
static int parse_args(int argc, char **argv, struct validate_opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
			return 1;
		const struct option_def *d = options;
		size_t len = strcspn(arg, "=");
		while (d->name && (strlen(d->name) != len ||
				   strncmp(d->name, arg, len)))
			d++;
		if (!d->name) {
			fprintf(stderr, "pclsim validate: unknown option '%s'\n",
				arg);
			return -1;
		}
		const char *value = NULL;
		if (d->takes_value) {
			if (arg[len] == '=')
				value = arg + len + 1;
			else if (i + 1 < argc)
				value = argv[++i];
			else {
				fprintf(stderr, "pclsim validate: %s needs a "
						"value\n", d->name);
				return -1;
			}
		}
		if (d->apply(o, value) < 0)
			return -1;
	}
	if (!o->config) {
		fprintf(stderr, "pclsim validate: --config FILE is required\n");
		return -1;
	}
	return 0;
}

/* ---- what gets printed --------------------------------------------------- */

static const char *price_region(const struct cluster *c)
{
	return c->region && !c->region_placeholder ? c->region
						   : DEFAULT_PRICE_REGION;
}

static const char *capacity_name(enum capacity_type t)
{
	return t == CAPACITY_SPOT ? "SPOT"
	       : t == CAPACITY_BLOCK ? "CAPACITY_BLOCK" : "ONDEMAND";
}

static const char *allocation_name(enum allocation_strategy a)
{
	return a == ALLOC_CAPACITY_OPTIMIZED ? "capacity-optimized"
	       : a == ALLOC_PRICE_CAPACITY_OPTIMIZED ? "price-capacity-optimized"
						     : "lowest-price";
}

static const char *storage_type_name(enum storage_type t)
{
	static const char *const names[] = { "Ebs", "Efs", "FsxLustre",
					     "FsxOntap", "FsxOpenZfs",
					     "FileCache" };
	return names[t];
}

/* Hourly price of one node of a CR (its first type), -1 when unknown. */
static double cr_usd_per_hour(const struct cluster *c,
			      const struct compute_resource *cr,
			      enum capacity_type cap, const struct catalog *cat)
{
	if (!cr->n_instance_types)
		return -1;
	const struct instance_type *it =
		catalog_instance(cat, cr->instance_types[0]);
	struct instance_price p;
	if (!it || catalog_price(cat, it, price_region(c), &p) < 0)
		return -1;
	return cap == CAPACITY_SPOT ? p.spot_usd_per_hour
				    : p.ondemand_usd_per_hour;
}

static double storage_usd_per_month(const struct cluster *c,
				    const struct shared_storage *s,
				    const struct catalog *cat)
{
	const char *r = price_region(c);
	if (s->existing)
		return -1;
	if (s->type == STORAGE_FSX_LUSTRE && s->fsx.storage_capacity_gib > 0) {
		double gb = catalog_fsx_usd_per_gb_month(
			cat, r, s->fsx.deployment, s->fsx.per_unit_mbps_per_tib,
			s->fsx.hdd);
		return gb < 0 ? -1 : gb * s->fsx.storage_capacity_gib;
	}
	if (s->type == STORAGE_EBS) {
		double gb = catalog_ebs_usd_per_gb_month(cat, r,
							 s->ebs.volume_type);
		int n = s->ebs.raid_volumes ? s->ebs.raid_volumes : 1;
		return gb < 0 ? -1 : gb * s->ebs.size_gib * n;
	}
	return -1;  /* EFS bills what is stored, not a size in the config */
}

static double storage_mbps(const struct shared_storage *s)
{
	if (s->type == STORAGE_FSX_LUSTRE)
		return storage_fsx_rated_mbps(&s->fsx);
	if (s->type == STORAGE_EBS && !s->existing)
		return s->ebs.throughput_mibps * 1.048576;
	if (s->type == STORAGE_EFS && s->efs.provisioned)
		return s->efs.provisioned_mibps * 1.048576;
	return 0;
}

static void print_money(FILE *out, const char *label, double usd)
{
	if (usd >= 0)
		fprintf(out, "  %s $%.4g", label, usd);
}

static void print_text(FILE *out, const struct cluster *c,
		       const struct catalog *cat)
{
	fprintf(out, "cluster %s\n", c->path);
	fprintf(out, "  Region %s   Os %s   Scheduler %s\n",
		c->region ? c->region : "(not set)", c->os ? c->os : "-",
		c->scheduler == SCHEDULER_AWSBATCH ? "awsbatch" : "slurm");
	fprintf(out, "  HeadNode %s", c->head_node_instance_type);
	const struct instance_type *hn =
		catalog_instance(cat, c->head_node_instance_type);
	struct instance_price hp;
	if (hn && catalog_price(cat, hn, price_region(c), &hp) == 0)
		print_money(out, "", hp.ondemand_usd_per_hour);
	fprintf(out, "%s\n", hn ? "/h" : "");
	if (c->scheduler == SCHEDULER_AWSBATCH) {
		const struct awsbatch_queue *b = &c->batch;
		fprintf(out, "queue %s (%s; simulated as a FIFO vCPU pool)\n",
			b->name, capacity_name(b->capacity_type));
		fprintf(out, "  vCPUs min %d desired %d max %d, types:",
			b->min_vcpus, b->desired_vcpus, b->max_vcpus);
		for (int i = 0; i < b->n_instance_types; i++)
			fprintf(out, " %s", b->instance_types[i]);
		fprintf(out, "\n");
	} else {
		fprintf(out, "  ScaledownIdletime %d min   ResumeTimeout %d s   "
			     "memory-based scheduling %s\n",
			c->scaledown_idletime_min, c->compute_bootstrap_timeout_s,
			c->enable_memory_scheduling ? "on" : "off");
	}
	for (int qi = 0; qi < c->n_queues; qi++) {
		const struct slurm_queue *q = &c->queues[qi];
		fprintf(out, "queue %s (%s, %s%s)\n", q->name,
			capacity_name(q->capacity_type),
			allocation_name(q->allocation),
			q->job_exclusive ? ", exclusive" : "");
		for (int ci = 0; ci < q->n_crs; ci++) {
			const struct compute_resource *cr = &q->crs[ci];
			fprintf(out, "  %s:", cr->name);
			for (int i = 0; i < cr->n_instance_types; i++)
				fprintf(out, "%s%s", i ? "," : " ",
					cr->instance_types[i]);
			fprintf(out, "  static %d dynamic %d  CPUs %d  RealMemory "
				     "%lld MiB  EFA %s  PG %s",
				cr->min_count, cr->max_count - cr->min_count,
				config_cr_slurm_cpus(cr, cat),
				(long long)config_cr_real_memory_mib(cr, cat),
				cr->efa ? "on" : "off",
				cr->pg.enabled ? (cr->pg.name ? cr->pg.name : "on")
					       : "off");
			double usd = cr_usd_per_hour(c, cr, q->capacity_type, cat);
			print_money(out, "", usd);
			fprintf(out, "%s\n", usd >= 0 ? "/h per node" : "");
		}
	}
	for (int i = 0; i < c->n_storage; i++) {
		const struct shared_storage *s = &c->storage[i];
		fprintf(out, "storage %s %s %s", s->name, s->mount_dir,
			storage_type_name(s->type));
		if (s->existing)
			fprintf(out, " (existing)");
		if (s->type == STORAGE_FSX_LUSTRE && !s->existing)
			fprintf(out, " %s %d GiB%s",
				catalog_fsx_deployment_name(s->fsx.deployment),
				s->fsx.storage_capacity_gib,
				s->fsx.lz4 ? " LZ4" : "");
		if (s->type == STORAGE_EBS && !s->existing)
			fprintf(out, " %s %d GiB", s->ebs.volume_type,
				s->ebs.size_gib);
		double mbps = storage_mbps(s);
		if (mbps > 0)
			fprintf(out, "  %.0f MB/s", mbps);
		double usd = storage_usd_per_month(c, s, cat);
		print_money(out, "", usd);
		fprintf(out, "%s\n", usd >= 0 ? "/month" : "");
	}
	if (!c->region || c->region_placeholder)
		fprintf(out, "  (prices are %s's)\n", DEFAULT_PRICE_REGION);
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

static void json_num(FILE *out, double x)
{
	if (x < 0)
		fputs("null", out);
	else
		fprintf(out, "%.6g", x);
}

static void json_diags(FILE *out, const struct diags *d, enum diag_level lvl)
{
	int first = 1;
	fputc('[', out);
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->items[i];
		if (g->level != lvl)
			continue;
		fprintf(out, "%s{\"file\":", first ? "" : ",");
		json_str(out, g->file);
		fprintf(out, ",\"line\":%d,\"col\":%d,\"message\":", g->line,
			g->col);
		json_str(out, g->text);
		fputc('}', out);
		first = 0;
	}
	fputc(']', out);
}

static void json_cr(FILE *out, const struct cluster *c,
		    const struct slurm_queue *q,
		    const struct compute_resource *cr, const struct catalog *cat)
{
	fputs("{\"name\":", out);
	json_str(out, cr->name);
	fputs(",\"instance_types\":[", out);
	for (int i = 0; i < cr->n_instance_types; i++) {
		if (i)
			fputc(',', out);
		json_str(out, cr->instance_types[i]);
	}
	fprintf(out, "],\"static_nodes\":%d,\"dynamic_nodes\":%d,\"cpus\":%d,"
		     "\"memory_mib\":%lld,\"disable_smt\":%s,\"efa\":%s,"
		     "\"placement_group\":%s,\"usd_per_hour\":",
		cr->min_count, cr->max_count - cr->min_count,
		config_cr_slurm_cpus(cr, cat),
		(long long)config_cr_real_memory_mib(cr, cat),
		cr->disable_smt ? "true" : "false", cr->efa ? "true" : "false",
		cr->pg.enabled ? "true" : "false");
	json_num(out, cr_usd_per_hour(c, cr, q->capacity_type, cat));
	fputc('}', out);
}

static void print_json(FILE *out, const struct cluster *c, int loaded,
		       const struct catalog *cat, const struct diags *d)
{
	fputs("{\"file\":", out);
	json_str(out, c->path);
	fprintf(out, ",\"valid\":%s", d->n_errors ? "false" : "true");
	if (loaded) {
		fputs(",\"region\":", out);
		json_str(out, c->region);
		fputs(",\"os\":", out);
		json_str(out, c->os);
		fprintf(out, ",\"scheduler\":\"%s\",\"head_node\":",
			c->scheduler == SCHEDULER_AWSBATCH ? "awsbatch" : "slurm");
		json_str(out, c->head_node_instance_type);
		fprintf(out, ",\"scaledown_idletime_min\":%d,\"queues\":[",
			c->scaledown_idletime_min);
		for (int qi = 0; qi < c->n_queues; qi++) {
			const struct slurm_queue *q = &c->queues[qi];
			fprintf(out, "%s{\"name\":", qi ? "," : "");
			json_str(out, q->name);
			fprintf(out, ",\"capacity_type\":\"%s\","
				     "\"allocation_strategy\":\"%s\","
				     "\"job_exclusive\":%s,\"compute_resources\":[",
				capacity_name(q->capacity_type),
				allocation_name(q->allocation),
				q->job_exclusive ? "true" : "false");
			for (int ci = 0; ci < q->n_crs; ci++) {
				if (ci)
					fputc(',', out);
				json_cr(out, c, q, &q->crs[ci], cat);
			}
			fputs("]}", out);
		}
		fputs("],\"storage\":[", out);
		for (int i = 0; i < c->n_storage; i++) {
			const struct shared_storage *s = &c->storage[i];
			fprintf(out, "%s{\"name\":", i ? "," : "");
			json_str(out, s->name);
			fputs(",\"mount_dir\":", out);
			json_str(out, s->mount_dir);
			fprintf(out, ",\"type\":\"%s\",\"existing\":%s,"
				     "\"throughput_mbps\":",
				storage_type_name(s->type),
				s->existing ? "true" : "false");
			json_num(out, storage_mbps(s));
			fputs(",\"usd_per_month\":", out);
			json_num(out, storage_usd_per_month(c, s, cat));
			fputc('}', out);
		}
		fputc(']', out);
	}
	fputs(",\"errors\":", out);
	json_diags(out, d, DIAG_ERROR);
	fputs(",\"warnings\":", out);
	json_diags(out, d, DIAG_WARNING);
	fputs("}\n", out);
}

static void print_level(FILE *out, const struct diags *d, enum diag_level lvl)
{
	char buf[1400];
	for (size_t i = 0; i < d->n; i++) {
		if (d->items[i].level != lvl)
			continue;
		diag_format(&d->items[i], buf, sizeof buf);
		fprintf(out, "%s\n", buf);
	}
}

int cmd_validate(int argc, char **argv)
{
	struct validate_opts o;
	memset(&o, 0, sizeof o);
	int rc = parse_args(argc, argv, &o);
	if (rc) {
		usage(rc > 0 ? stdout : stderr);
		free_opts(&o);
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	}
	struct diags d;
	diags_init(&d);
	struct catalog *own = NULL;
	if (o.catalog &&
	    !(own = catalog_with_overrides(catalog_builtin(), o.catalog, &d))) {
		print_level(stderr, &d, DIAG_ERROR);
		diags_free(&d);
		free_opts(&o);
		return EXIT_BAD_INPUT;
	}
	const struct catalog *cat = own ? own : catalog_builtin();
	struct cluster c;
	int loaded = config_load(o.config, o.overrides, o.n_overrides, &c,
				 &d) == 0;
	if (loaded)
		config_validate(&c, cat, &d);
	if (o.json) {
		if (!c.path)
			c.path = strdup(o.config);
		print_json(stdout, &c, loaded, cat, &d);
	} else if (o.slurm_conf) {
		struct slurm_layout l;
		if (loaded && !d.n_errors &&
		    !slurm_layout_build(&c, instance_lookup_catalog, (void *)cat,
					REALMEMORY_RATIO_DEFAULT, &l, &d)) {
			slurm_layout_print(&l, stdout);
			slurm_layout_free(&l);
		}
		print_level(stdout, &d, DIAG_WARNING);
	} else {
		if (loaded)
			print_text(stdout, &c, cat);
		print_level(stdout, &d, DIAG_WARNING);
	}
	print_level(stderr, &d, DIAG_ERROR);
	if (d.dropped)
		fprintf(stderr, "(%zu more messages not shown)\n", d.dropped);
	int status = d.n_errors ? EXIT_BAD_INPUT : EXIT_OK;
	if (!o.json)
		printf("%s: %s (%zu error%s, %zu warning%s)\n", o.config,
		       status ? "invalid" : "valid", d.n_errors,
		       d.n_errors == 1 ? "" : "s", d.n_warnings,
		       d.n_warnings == 1 ? "" : "s");
	cluster_free(&c);
	catalog_free(own);
	diags_free(&d);
	free_opts(&o);
	return status;
}
