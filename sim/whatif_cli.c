/*
 * The options compare, sweep and plan share; see whatif_cli.h.
 */
#include "sim/whatif_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "configs/config.h"
#include "models/catalog/catalog.h"
#include "sim/diag.h"
#include "sim/outfile.h"
#include "sim/store.h"

const char whatif_input_help[] =
	"  --trace FILE         job trace: CSV, SWF or sacct --parsable2 (.gz ok)\n"
	"  --scenario FILE      scenario YAML (policy, boot latency, seed, ...)\n"
	"  --policy P           slurm | easy | conservative | fcfs (overrides the scenario)\n"
	"  --queue-map OLD=NEW  send the trace's partition OLD to queue NEW\n"
	"  --trace-format F     auto | csv | swf | sacct\n"
	"  --skip-bad-rows      skip malformed trace rows instead of stopping\n"
	"  --replications N     replications per configuration (default 1); every\n"
	"                       configuration gets the same seed and indices 0..N-1\n"
	"                       (common random numbers)\n"
	"  --threads N          runs in parallel (default: one per CPU)\n"
	"  --db FILE            add every run to this results DB\n"
	"  -q, --quiet          no progress lines\n";

const char whatif_space_help[] =
	"  --config FILE        the base cluster config (ParallelCluster v3 YAML)\n"
	"  --set KEY=VALUE      override a key of the base config (repeatable)\n"
	"  --instance-types L   instance types and catalog globs, comma-separated:\n"
	"                       'c6i.*,c7i.*,hpc7a.96xlarge' (globs keep the types\n"
	"                       offered in the config's Region)\n"
	"  --max-count L        MaxCount values: 8,16,32\n"
	"  --capacity-type L    ONDEMAND,SPOT\n"
	"  --placement-group L  true,false (the queue's PlacementGroup.Enabled)\n"
	"  --fsx-capacity L     FSx for Lustre StorageCapacity values (GiB)\n"
	"  --fsx-deployment L   SCRATCH_2,PERSISTENT_2,...\n"
	"  --axis KEY=V1,V2,... any other config key (repeatable)\n"
	"  --queue NAME         queue the shortcuts change (default: the first)\n"
	"  --compute-resource NAME  its compute resource (default: the first)\n"
	"  --storage NAME       the FSx file system they change (default: the\n"
	"                       first FsxLustre entry of SharedStorage)\n";

void whatif_cli_init(struct whatif_cli *c)
{
	memset(c, 0, sizeof *c);
	whatif_common_init(&c->common);
}

static int parse_count(const char *arg, unsigned long max, unsigned long *out)
{
	char *end;
	if (arg[0] < '0' || arg[0] > '9')
		return -1;
	unsigned long v = strtoul(arg, &end, 10);
	if (*end || v < 1 || v > max)
		return -1;
	*out = v;
	return 0;
}

static int add_map(struct whatif_cli *c, const char *arg, char *err,
		   size_t err_size)
{
	struct whatif_common *cm = &c->common;
	size_t i = cm->n_maps;
	const char *to;
	if (i == WHATIF_MAX_REPEATED) {
		snprintf(err, err_size, "at most %d --queue-map options",
			 WHATIF_MAX_REPEATED);
		return -1;
	}
	if (whatif_split_kv(arg, c->map_from[i], sizeof c->map_from[i], &to)) {
		snprintf(err, err_size, "--queue-map wants OLD=NEW, got '%s'", arg);
		return -1;
	}
	c->maps[i] = (struct queue_map){ c->map_from[i], to };
	cm->maps = c->maps;
	cm->n_maps = i + 1;
	return 0;
}

static int push(const char **list, size_t *n, const char *opt,
		const char *arg, char *err, size_t err_size)
{
	if (*n == WHATIF_MAX_REPEATED) {
		snprintf(err, err_size, "at most %d %s options",
			 WHATIF_MAX_REPEATED, opt);
		return -1;
	}
	list[(*n)++] = arg;
	return 0;
}

static int input_option(struct whatif_cli *c, int id, const char *arg,
			char *err, size_t err_size)
{
	struct whatif_common *cm = &c->common;
	unsigned long v;
	switch (id) {
	case WO_TRACE: cm->trace_path = arg; return 0;
	case WO_SCENARIO: cm->scenario_path = arg; return 0;
	case WO_POLICY: cm->policy = arg; return 0;
	case WO_SKIP: cm->trace_opts.skip_bad_rows = 1; return 0;
	case WO_DB: c->db_path = arg; return 0;
	case WO_QUIET: c->quiet = 1; return 0;
	case WO_QMAP: return add_map(c, arg, err, err_size);
	case WO_FORMAT:
		if (trace_format_parse(arg, &cm->trace_opts.format) == 0)
			return 0;
		snprintf(err, err_size, "--trace-format %s: use auto, csv, swf "
			 "or sacct", arg);
		return -1;
	case WO_REPS:
		if (parse_count(arg, WHATIF_MAX_REPLICATIONS, &v) == 0) {
			cm->replications = (uint32_t)v;
			return 0;
		}
		snprintf(err, err_size, "--replications %s: a whole number from 1 "
			 "to %d", arg, WHATIF_MAX_REPLICATIONS);
		return -1;
	case WO_THREADS:
		if (parse_count(arg, 1024, &v) == 0) {
			cm->threads = (unsigned)v;
			return 0;
		}
		snprintf(err, err_size, "--threads %s: a whole number from 1 to "
			 "1024", arg);
		return -1;
	}
	return 1;
}

int whatif_cli_option(struct whatif_cli *c, int id, const char *arg,
		      char *err, size_t err_size)
{
	int rc = input_option(c, id, arg, err, err_size);
	if (rc <= 0)
		return rc;
	switch (id) {
	case WO_CONFIG: c->config_path = arg; return 0;
	case WO_SET:
		return push(c->set_args, &c->n_sets, "--set", arg, err, err_size);
	case WO_AXIS:
		return push(c->axis_args, &c->n_axes, "--axis", arg, err,
			    err_size);
	case WO_TYPES: c->instance_types = arg; return 0;
	case WO_MAXCOUNT: c->max_count = arg; return 0;
	case WO_CAPACITY: c->capacity_type = arg; return 0;
	case WO_PG: c->placement_group = arg; return 0;
	case WO_FSX_CAP: c->fsx_capacity = arg; return 0;
	case WO_FSX_DEP: c->fsx_deployment = arg; return 0;
	case WO_QUEUE: c->queue = arg; return 0;
	case WO_CR: c->cr = arg; return 0;
	case WO_STORAGE: c->storage = arg; return 0;
	}
	return 1;
}

int whatif_cli_parse(int argc, char **argv, const struct option *opts,
		     int (*own)(void *ctx, int id, const char *arg),
		     void *ctx, struct whatif_cli *w)
{
	optind = 0;
	int ch;
	char err[512];
	while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (ch == 'h')
			return 1;
		if (ch == '?')
			return -1;
		if (ch == 'q')
			ch = WO_QUIET;
		int rc = own(ctx, ch, optarg);
		if (rc == 1) {
			rc = whatif_cli_option(w, ch, optarg, err, sizeof err);
			if (rc < 0)
				fprintf(stderr, "pclsim: %s\n", err);
		}
		if (rc)
			return -1;
	}
	if (optind < argc) {
		fprintf(stderr, "pclsim: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

int whatif_cli_base(const struct whatif_cli *c, struct whatif_variant *base,
		    char *err, size_t err_size)
{
	if (!c->config_path || !c->common.trace_path) {
		snprintf(err, err_size, "--config and --trace are required");
		return -1;
	}
	if (whatif_variant_init(base, "base", c->config_path)) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < c->n_sets; i++) {
		char key[512];
		const char *value;
		if (whatif_split_kv(c->set_args[i], key, sizeof key, &value)) {
			snprintf(err, err_size, "--set wants KEY=VALUE, got '%s'",
				 c->set_args[i]);
			whatif_variant_free(base);
			return -1;
		}
		if (whatif_variant_add_set(base, key, value)) {
			snprintf(err, err_size, "out of memory");
			whatif_variant_free(base);
			return -1;
		}
	}
	return 0;
}

/* Key prefixes of what the shortcuts change: by name when given, else the
 * first item, as ParallelCluster's default queue is the first. */
static void prefixes(const struct whatif_cli *c, char *queue, size_t qsize,
		     char *cr, size_t crsize, char *fsx, size_t fsize)
{
	if (c->queue)
		snprintf(queue, qsize, "Scheduling.SlurmQueues[Name=%s]", c->queue);
	else
		snprintf(queue, qsize, "Scheduling.SlurmQueues[0]");
	if (c->cr)
		snprintf(cr, crsize, "%s.ComputeResources[Name=%s]", queue, c->cr);
	else
		snprintf(cr, crsize, "%s.ComputeResources[0]", queue);
	if (c->storage)
		snprintf(fsx, fsize, "SharedStorage[Name=%s].FsxLustreSettings",
			 c->storage);
	else
		snprintf(fsx, fsize, "SharedStorage[StorageType=FsxLustre]."
			 "FsxLustreSettings");
}

static int add_types(const struct whatif_cli *c, const struct catalog *cat,
		     const char *region, const char *key, struct whatif_grid *g,
		     struct diags *d)
{
	const char **types;
	long n = whatif_instance_types(cat, region, c->instance_types, &types, d);
	if (n < 0)
		return -1;
	int rc = 0;
	for (long i = 0; i < n && !rc; i++)
		rc = whatif_grid_add(g, key, types[i], d);
	free(types);
	return rc;
}

/* true/false, also as on/off or yes/no, the way YAML booleans read. */
static int add_bools(struct whatif_grid *g, const char *key, const char *list,
		     struct diags *d)
{
	const char *p = list;
	for (;;) {
		size_t len = strcspn(p, ",");
		int on = (len == 4 && !strncasecmp(p, "true", 4)) ||
			 (len == 2 && !strncasecmp(p, "on", 2)) ||
			 (len == 3 && !strncasecmp(p, "yes", 3));
		int off = (len == 5 && !strncasecmp(p, "false", 5)) ||
			  (len == 3 && !strncasecmp(p, "off", 3)) ||
			  (len == 2 && !strncasecmp(p, "no", 2));
		if (!on && !off) {
			diag_error(d, NULL, 0, 0, "--placement-group: '%.*s' is "
				   "not true or false", (int)len, p);
			return -1;
		}
		if (whatif_grid_add(g, key, on ? "true" : "false", d))
			return -1;
		p += len;
		if (!*p)
			return 0;
		p++;
	}
}

int whatif_cli_grid(const struct whatif_cli *c, const struct catalog *cat,
		    const char *region, struct whatif_grid *g,
		    struct diags *d)
{
	char queue[256], cr[512], fsx[256], key[640];
	prefixes(c, queue, sizeof queue, cr, sizeof cr, fsx, sizeof fsx);
	if (c->instance_types) {
		snprintf(key, sizeof key, "%s.InstanceType", cr);
		if (add_types(c, cat, region, key, g, d))
			return -1;
	}
	const struct { const char *list, *prefix, *leaf; } simple[] = {
		{ c->max_count, cr, "MaxCount" },
		{ c->capacity_type, queue, "CapacityType" },
		{ NULL, NULL, NULL },     /* placement group: booleans */
		{ c->fsx_capacity, fsx, "StorageCapacity" },
		{ c->fsx_deployment, fsx, "DeploymentType" },
	};
	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
		if (!simple[i].prefix) {
			if (!c->placement_group)
				continue;
			snprintf(key, sizeof key, "%s.Networking.PlacementGroup."
				 "Enabled", queue);
			if (add_bools(g, key, c->placement_group, d))
				return -1;
			continue;
		}
		if (!simple[i].list)
			continue;
		snprintf(key, sizeof key, "%s.%s", simple[i].prefix,
			 simple[i].leaf);
		if (whatif_grid_add(g, key, simple[i].list, d))
			return -1;
	}
	for (size_t i = 0; i < c->n_axes; i++) {
		const char *values;
		if (whatif_split_kv(c->axis_args[i], key, sizeof key, &values)) {
			diag_error(d, NULL, 0, 0, "--axis wants KEY=V1,V2,..., "
				   "got '%s'", c->axis_args[i]);
			return -1;
		}
		if (whatif_grid_add(g, key, values, d))
			return -1;
	}
	return 0;
}

void whatif_grid_describe(const struct whatif_grid *g, char *buf, size_t size)
{
	size_t n = whatif_grid_size(g);
	int off = snprintf(buf, size, "%zu point%s", n, n == 1 ? "" : "s");
	for (size_t a = 0; a < g->n_axes && off > 0 && (size_t)off < size; a++) {
		size_t len;
		const char *k = whatif_short_key(g->axes[a].key, &len);
		off += snprintf(buf + off, size - (size_t)off, "%s%.*s x %zu",
				a ? ", " : ": ", (int)len, k, g->axes[a].n);
	}
}

/* ---- a study: the grid's points run into the DB ------------------------ */

void whatif_study_free(struct whatif_study *s)
{
	uint32_t reps = s->reps ? s->reps : 1;
	if (s->runs)
		for (size_t i = 0; i < s->n_points * reps; i++)
			whatif_run_free(&s->runs[i]);
	if (s->variants)
		for (size_t i = 0; i < s->n_points; i++)
			whatif_variant_free(&s->variants[i]);
	free(s->runs);
	free(s->variants);
	free(s->points);
	whatif_variant_free(&s->base);
	whatif_grid_free(&s->grid);
	memset(s, 0, sizeof *s);
}

/* The base config's Region, for the instance types offered there; also
 * stops a bad base config before any point runs. */
static int base_region(const struct whatif_variant *base, char **region,
		       struct diags *d)
{
	struct config_override ov[base->n_sets ? base->n_sets : 1];
	for (size_t i = 0; i < base->n_sets; i++)
		ov[i] = (struct config_override){ base->keys[i], base->values[i] };
	struct cluster cl;
	int rc = config_load(base->config_path, ov, base->n_sets, &cl, d);
	*region = NULL;
	if (rc == 0 && cl.region && !(*region = strdup(cl.region))) {
		diag_error(d, NULL, 0, 0, "out of memory");
		rc = -1;
	}
	cluster_free(&cl);
	return rc;
}

static int open_db(const struct whatif_cli *c, struct store **db,
		   struct diags *d)
{
	*db = NULL;
	if (!c->db_path)
		return 0;
	const char *inputs[] = { c->config_path, c->common.trace_path,
				 c->common.scenario_path };
	char err[1024];
	if (outfile_check(c->db_path, inputs, 3, err, sizeof err) ||
	    store_open(c->db_path, db, err, sizeof err)) {
		diag_error(d, NULL, 0, 0, "--db: %s", err);
		return -1;
	}
	return 0;
}

static int make_points(struct whatif_study *s, unsigned shard_k,
		       unsigned shard_n, struct diags *d)
{
	s->grid_size = whatif_grid_size(&s->grid);
	if (!s->grid_size) {
		diag_error(d, NULL, 0, 0, "the grid is too large");
		return -1;
	}
	long n = whatif_shard_points(s->grid_size, shard_k ? shard_k : 1,
				     shard_n ? shard_n : 1, &s->points);
	if (n < 0) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	s->n_points = (size_t)n;
	s->variants = calloc(s->n_points ? s->n_points : 1, sizeof *s->variants);
	if (!s->variants || whatif_grid_variants(&s->grid, &s->base, s->points,
						 s->n_points, s->variants)) {
		free(s->variants);
		s->variants = NULL;
		diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	return 0;
}

int whatif_cli_study(const struct whatif_cli *c, unsigned shard_k,
		     unsigned shard_n, struct whatif_study *s, struct diags *d)
{
	memset(s, 0, sizeof *s);
	s->reps = c->common.replications;
	char err[1024];
	if (whatif_cli_base(c, &s->base, err, sizeof err)) {
		diag_error(d, NULL, 0, 0, "%s", err);
		return -1;
	}
	char *region;
	if (base_region(&s->base, &region, d))
		return -1;
	int rc = whatif_cli_grid(c, catalog_builtin(), region, &s->grid, d);
	free(region);
	if (rc || make_points(s, shard_k, shard_n, d))
		return -1;
	struct store *db;
	if (open_db(c, &db, d))
		return -1;
	size_t n_runs = s->n_points * s->reps;
	s->runs = calloc(n_runs ? n_runs : 1, sizeof *s->runs);
	if (!s->runs) {
		if (db)
			store_abort(db);
		diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	s->failed = whatif_run_all(&c->common, s->variants, s->n_points, db,
				   s->runs);
	if (s->failed < 0) {
		if (db)
			store_abort(db);
		diag_error(d, NULL, 0, 0, "cannot start the thread pool");
		return -1;
	}
	if (db && store_close(db, err, sizeof err)) {
		diag_error(d, NULL, 0, 0, "--db: %s", err);
		return -1;
	}
	return 0;
}
