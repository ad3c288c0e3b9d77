/*
 * Loading the scenario YAML: a table of sections, each a table of typed
 * keys; see scenario.h.  libyaml's document API gives every node its
 * position, so each message names file:line:col and the key path.
 */
#include "configs/scenario.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "configs/scenario_fleet.h"
#include "configs/scenario_prices.h"
#include "configs/yaml_tree.h"
#include "sim/diag.h"

/* A scenario is a few dozen lines; the cluster config's bound is ample. */
#define MAX_SCENARIO_BYTES (4u << 20)

static const char *const policy_names[POLICY_COUNT] = {
	"fcfs", "easy", "conservative", "slurm",
};

int sched_policy_parse(const char *name, enum sched_policy *out)
{
	for (int i = 0; i < POLICY_COUNT; i++)
		if (!strcmp(name, policy_names[i])) {
			*out = (enum sched_policy)i;
			return 0;
		}
	return -1;
}

const char *sched_policy_name(enum sched_policy p)
{
	return p < POLICY_COUNT ? policy_names[p] : "unknown";
}

void scenario_defaults(struct scenario *s)
{
	memset(s, 0, sizeof *s);
	s->seed = 1;
	s->policy = SCENARIO_DEFAULT_POLICY;
	fleet_params_default(&s->fleet);
	s->boot_latency_ms = fleet_boot_estimate_ms(&s->fleet);
	s->sample_interval_ms = SCENARIO_SAMPLE_INTERVAL_MS;
	perf_params_default(&s->perf);
	storage_params_default(&s->storage);
}

void scenario_free(struct scenario *s)
{
	free(s->path);
	s->path = NULL;
	free((char *)s->perf.reference_instance);
	s->perf.reference_instance = NULL;
	free((char *)s->storage.target);
	s->storage.target = NULL;
	for (size_t i = 0; i < s->storage.n_per_queue; i++)
		free((char *)s->storage.per_queue[i].queue);
	free((struct queue_io *)s->storage.per_queue);
	s->storage.per_queue = NULL;
	s->storage.n_per_queue = 0;
	scenario_prices_free(s);
	fleet_params_free(&s->fleet);
}

/* ---- the tables ---------------------------------------------------------- */

enum field_type {
	F_SECONDS_MS,   /* a number of seconds stored as int64 ms */
	F_U64,          /* a non-negative integer */
	F_POLICY,       /* enum sched_policy by name */
	F_DOUBLE,       /* a number */
	F_INT,          /* a whole number stored as int */
	F_BOOL,         /* true/false stored as int */
	F_STRING,       /* a string the scenario owns (char *) */
	F_QUEUE_IO,     /* storage.queues: queue name -> per-job I/O */
	F_PRICES,       /* prices: a list of private price rules */
	F_SPEED_INDEX,  /* speed_index: instance type -> per-core speed */
	F_FLEET,        /* a fleet key beyond a number (scenario_fleet.c) */
};

struct field {
	const char *key;
	enum field_type type;
	size_t offset;           /* in struct scenario */
	double min, max;         /* allowed range (numbers) */
};

struct section {
	const char *key;         /* NULL: keys at the top level */
	const struct field *fields;
};

#define OFF(f) offsetof(struct scenario, f)

static const struct field top_fields[] = {
	{ "seed", F_U64, OFF(seed), 0, 1.8e19 },
	{ "prices", F_PRICES, 0, 0, 0 },
	{ "speed_index", F_SPEED_INDEX, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 },
};
static const struct field scheduler_fields[] = {
	{ "policy", F_POLICY, OFF(policy), 0, 0 },
	{ NULL, 0, 0, 0, 0 },
};
/* The fleet's sections; defaults and sources in docs/fleet.md. */
static const struct field boot_fields[] = {
	{ "latency_s", F_FLEET, 0, 0, 0 },
	{ "distribution", F_FLEET, 0, 0, 0 },
	{ "median_s", F_FLEET, 0, 0, 0 },
	{ "sigma", F_FLEET, 0, 0, 0 },
	{ "quantiles", F_FLEET, 0, 0, 0 },
	{ "resume_interval_s", F_FLEET, 0, 0, 0 },
	{ "on_node_start_s", F_DOUBLE, OFF(fleet.boot.on_node_start_s), 0, 86400 },
	{ "on_node_configured_s", F_DOUBLE, OFF(fleet.boot.on_node_configured_s),
	  0, 86400 },
	{ NULL, 0, 0, 0, 0 },
};
static const struct field spot_fields[] = {
	{ "rate_multiplier", F_DOUBLE, OFF(fleet.spot.rate_multiplier), 0, 1e6 },
	{ "bucket_monthly_prob", F_FLEET, 0, 0, 0 },
	{ "unknown_monthly_prob", F_DOUBLE, OFF(fleet.spot.unknown_monthly_prob),
	  0, 1 },
	{ "notice_s", F_SECONDS_MS, OFF(fleet.spot_notice_ms), 0, 3600 },
	{ "pools", F_FLEET, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 },
};
static const struct field capacity_fields[] = {
	{ "launch_fail_prob", F_DOUBLE, OFF(fleet.cap.launch_fail_prob), 0,
	  0.999999 },
	{ "pg_growth", F_DOUBLE, OFF(fleet.cap.pg_growth), 0, 1e6 },
	{ "insufficient_capacity_timeout_s", F_SECONDS_MS,
	  OFF(fleet.cap.insufficient_capacity_timeout_ms), 0, 604800 },
	{ "protected_failure_count", F_INT, OFF(fleet.cap.protected_failure_count),
	  0, 1e6 },
	{ "bootstrap_fail_prob", F_DOUBLE, OFF(fleet.cap.bootstrap_fail_prob), 0,
	  0.999999 },
	{ "pco_bucket_slack", F_INT, OFF(fleet.pco_bucket_slack), 0, 5 },
	{ "launch_batch_max", F_INT, OFF(fleet.launch_batch_max), 1, 1e6 },
	{ NULL, 0, 0, 0, 0 },
};
static const struct field requeue_fields[] = {
	{ "max_per_job", F_INT, OFF(fleet.max_requeues), 0, 1e6 },
	{ NULL, 0, 0, 0, 0 },
};
static const struct field clustermgtd_fields[] = {
	{ "interval_s", F_SECONDS_MS, OFF(fleet.clustermgtd_interval_ms), 1, 3600 },
	{ "phase_s", F_SECONDS_MS, OFF(fleet.clustermgtd_phase_ms), 0, 3600 },
	{ NULL, 0, 0, 0, 0 },
};
static const struct field checkpoint_fields[] = {
	{ "interval_s", F_FLEET, 0, 0, 0 },
	{ "on_notice", F_FLEET, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 },
};
static const struct field timeseries_fields[] = {
	{ "interval_s", F_SECONDS_MS, OFF(sample_interval_ms), 1, 86400 },
	{ NULL, 0, 0, 0, 0 },
};

/* The controller's timer phases (docs/slurm-policy.md). */
static const struct field slurm_fields[] = {
	{ "bf_phase_s", F_SECONDS_MS, OFF(bf_phase_ms), 0, 86400 },
	{ "sched_phase_s", F_SECONDS_MS, OFF(sched_phase_ms), 0, 86400 },
	{ "power_save_phase_s", F_SECONDS_MS, OFF(power_phase_ms), 0, 86400 },
	{ "periodic_phase_s", F_SECONDS_MS, OFF(periodic_phase_ms), 0, 86400 },
	{ NULL, 0, 0, 0, 0 },
};

/* Ranges are what the models accept; defaults and sources are in
 * docs/performance.md. */
static const struct field perf_fields[] = {
	{ "reference_instance", F_STRING, OFF(perf.reference_instance), 0, 0 },
	{ "reference_disable_smt", F_BOOL, OFF(perf.reference_disable_smt), 0, 1 },
	{ "reference_gbps", F_DOUBLE, OFF(perf.ref_net.gbps), 0.001, 1e5 },
	{ "reference_efa", F_BOOL, OFF(perf.ref_net.efa), 0, 1 },
	{ "reference_placement_group", F_BOOL, OFF(perf.ref_net.pg), 0, 1 },
	{ "smt_yield", F_DOUBLE, OFF(perf.smt_yield), 1, 2 },
	{ "comm_fraction", F_DOUBLE, OFF(perf.default_comm_fraction), 0, 1 },
	{ "efa_latency_us", F_DOUBLE, OFF(perf.net.efa_latency_us), 0.001, 1e6 },
	{ "tcp_latency_us", F_DOUBLE, OFF(perf.net.tcp_latency_us), 0.001, 1e6 },
	{ "no_pg_extra_latency_us", F_DOUBLE,
	  OFF(perf.net.no_pg_extra_latency_us), 0, 1e6 },
	{ "efa_bw_efficiency", F_DOUBLE, OFF(perf.net.efa_bw_efficiency), 0.001, 1 },
	{ "tcp_flow_gbps_pg", F_DOUBLE, OFF(perf.net.tcp_flow_gbps_pg), 0.001, 1e5 },
	{ "tcp_flow_gbps_no_pg", F_DOUBLE, OFF(perf.net.tcp_flow_gbps_no_pg),
	  0.001, 1e5 },
	{ "tcp_flows", F_INT, OFF(perf.net.tcp_flows), 1, 1024 },
	{ "msg_bytes", F_DOUBLE, OFF(perf.net.msg_bytes), 1, 1e12 },
	{ NULL, 0, 0, 0, 0 },
};
static const struct field storage_fields[] = {
	{ "target", F_STRING, OFF(storage.target), 0, 0 },
	{ "burst_bucket_s", F_DOUBLE, OFF(storage.burst_bucket_s), 0, 1e9 },
	{ "read_cache_hit", F_DOUBLE, OFF(storage.read_cache_hit), 0, 1 },
	{ "s3_mbps", F_DOUBLE, OFF(storage.s3_mbps), 0.001, 1e9 },
	{ "import_gb", F_DOUBLE, OFF(storage.import_gb), 0, 1e12 },
	{ "stored_gb", F_DOUBLE, OFF(storage.stored_gb), 0, 1e12 },
	{ "capacity_gib", F_DOUBLE, OFF(storage.capacity_gib), 1, 1e12 },
	{ "count_export", F_BOOL, OFF(storage.count_export), 0, 1 },
	{ "read_gb", F_DOUBLE, OFF(storage.io.read_gb), 0, 1e12 },
	{ "write_gb", F_DOUBLE, OFF(storage.io.write_gb), 0, 1e12 },
	{ "compress_ratio", F_DOUBLE, OFF(storage.io.compress_ratio), 1, 1000 },
	{ "queues", F_QUEUE_IO, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct section sections[] = {
	{ NULL, top_fields },
	{ "scheduler", scheduler_fields },
	{ "boot", boot_fields },
	{ "spot", spot_fields },
	{ "capacity", capacity_fields },
	{ "clustermgtd", clustermgtd_fields },
	{ "checkpoint", checkpoint_fields },
	{ "requeue", requeue_fields },
	{ "timeseries", timeseries_fields },
	{ "perf", perf_fields },
	{ "storage", storage_fields },
	{ "slurm", slurm_fields },
	{ NULL, NULL },
};

/* ---- the walker ---------------------------------------------------------- */

struct loader {
	const char *name;
	yaml_document_t *doc;
	struct scenario *s;
	struct diags *d;
	int errors;
};

#define LERR(L, node, ...) do { \
	diag_error((L)->d, (L)->name, (int)(node)->start_mark.line + 1, \
		   (int)(node)->start_mark.column + 1, __VA_ARGS__); \
	(L)->errors++; \
} while (0)

static const char *scalar_of(yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int parse_number(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static void load_queue_io(struct loader *L, const char *path, yaml_node_t *m);

static int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "on" };
	static const char *const no[] = { "false", "False", "FALSE", "no", "off" };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!strcmp(s, yes[i]))
			return *out = 1, 0;
		if (!strcmp(s, no[i]))
			return *out = 0, 0;
	}
	return -1;
}

/* Stores the value of field f at base + f->offset (base: the scenario, or
 * one storage.queues entry). */
static void set_field(struct loader *L, const char *path, const struct field *f,
		      void *base, yaml_node_t *v)
{
	const char *s = scalar_of(v);
	char *dst = (char *)base + f->offset;
	if (f->type == F_QUEUE_IO) {
		load_queue_io(L, path, v);
		return;
	}
	if (f->type == F_FLEET) {
		L->errors += scenario_load_fleet_key(L->name, L->doc, path, v,
						     L->s, L->d);
		return;
	}
	if (f->type == F_PRICES || f->type == F_SPEED_INDEX) {
		L->errors += (f->type == F_PRICES ? scenario_load_prices :
			      scenario_load_speed_index)(L->name, L->doc, v,
							 L->s, L->d);
		return;
	}
	if (!s) {
		LERR(L, v, "%s: expected a scalar value", path);
		return;
	}
	if (f->type == F_POLICY) {
		enum sched_policy p;
		if (sched_policy_parse(s, &p))
			LERR(L, v, "%s: unknown policy '%s' (allowed: fcfs, easy, "
			     "conservative, slurm)", path, s);
		else
			memcpy(dst, &p, sizeof p);
		return;
	}
	if (f->type == F_BOOL) {
		int b;
		if (parse_bool(s, &b))
			LERR(L, v, "%s: '%s' is not true or false", path, s);
		else
			memcpy(dst, &b, sizeof b);
		return;
	}
	if (f->type == F_STRING) {
		char *old, *copy = strdup(s);
		if (!copy || !*s) {
			LERR(L, v, "%s: expected a non-empty string", path);
			free(copy);
			return;
		}
		memcpy(&old, dst, sizeof old);
		free(old);
		memcpy(dst, &copy, sizeof copy);
		return;
	}
	int whole = f->type == F_U64 || f->type == F_INT;
	double x;
	if (parse_number(s, &x) || x < f->min || x > f->max ||
	    (whole && x != floor(x)) ||
	    (f->type == F_U64 && s[strspn(s, "0123456789")] != '\0')) {
		LERR(L, v, "%s: '%s' is not a %s between %g and %g", path, s,
		     whole ? "whole number" : "number", f->min, f->max);
		return;
	}
	if (f->type == F_U64) {
		uint64_t u = strtoull(s, NULL, 10);
		memcpy(dst, &u, sizeof u);
	} else if (f->type == F_INT) {
		int i = (int)x;
		memcpy(dst, &i, sizeof i);
	} else if (f->type == F_DOUBLE) {
		memcpy(dst, &x, sizeof x);
	} else {
		int64_t ms = (int64_t)llround(x * 1000.0);
		memcpy(dst, &ms, sizeof ms);
	}
}

static const struct field *find_field(const struct field *fs, const char *key)
{
	for (; fs->key; fs++)
		if (!strcmp(fs->key, key))
			return fs;
	return NULL;
}

static const struct section *find_section(const char *key)
{
	for (const struct section *s = sections + 1; s->fields; s++)
		if (!strcmp(s->key, key))
			return s;
	return NULL;
}

static void list_keys(const struct field *fs, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (; fs->key && n < size; fs++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "", fs->key);
}

static void list_sections(char *buf, size_t size)
{
	list_keys(top_fields, buf, size);
	size_t n = strlen(buf);
	for (const struct section *s = sections + 1; s->fields && n < size; s++)
		n += (size_t)snprintf(buf + n, size - n, ", %s", s->key);
}

#define QOFF(f) offsetof(struct queue_io, io.f)

static const struct field queue_io_fields[] = {
	{ "read_gb", F_DOUBLE, QOFF(read_gb), 0, 1e12 },
	{ "write_gb", F_DOUBLE, QOFF(write_gb), 0, 1e12 },
	{ "compress_ratio", F_DOUBLE, QOFF(compress_ratio), 1, 1000 },
	{ NULL, 0, 0, 0, 0 },
};

/* A new storage.queues entry whose values all fall back to the global
 * defaults; NULL (error reported) on a repeated name or no memory. */
static struct queue_io *add_queue_io(struct loader *L, yaml_node_t *k,
				     const char *path, const char *name)
{
	struct storage_params *st = &L->s->storage;
	for (size_t i = 0; i < st->n_per_queue; i++)
		if (!strcmp(st->per_queue[i].queue, name)) {
			LERR(L, k, "%s: queue '%s' given twice", path, name);
			return NULL;
		}
	struct queue_io *q = realloc((struct queue_io *)st->per_queue,
				     (st->n_per_queue + 1) * sizeof *q);
	if (!q) {
		LERR(L, k, "%s: out of memory", path);
		return NULL;
	}
	st->per_queue = q;
	q += st->n_per_queue;
	*q = (struct queue_io){ .queue = strdup(name),
				.io = { -1, -1, -1 },
				.line = (int)k->start_mark.line + 1,
				.col = (int)k->start_mark.column + 1 };
	if (!q->queue) {
		LERR(L, k, "%s: out of memory", path);
		return NULL;
	}
	st->n_per_queue++;
	return q;
}

/* storage.queues: {QUEUE: {read_gb: N, write_gb: N, compress_ratio: R}} */
static void load_queue_io(struct loader *L, const char *path, yaml_node_t *m)
{
	if (m->type != YAML_MAPPING_NODE) {
		LERR(L, m, "%s: expected a mapping of queue names", path);
		return;
	}
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
	     p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
		const char *name = scalar_of(k);
		if (!name || !*name) {
			LERR(L, k, "%s: queue names must be plain keys", path);
			continue;
		}
		char qpath[256];
		snprintf(qpath, sizeof qpath, "%s.%s", path, name);
		if (v->type != YAML_MAPPING_NODE) {
			LERR(L, v, "%s: expected a mapping (read_gb, write_gb, "
			     "compress_ratio)", qpath);
			continue;
		}
		struct queue_io *q = add_queue_io(L, k, qpath, name);
		if (!q)
			continue;
		for (yaml_node_pair_t *e = v->data.mapping.pairs.start;
		     e < v->data.mapping.pairs.top; e++) {
			yaml_node_t *ek = yaml_document_get_node(L->doc, e->key);
			yaml_node_t *ev = yaml_document_get_node(L->doc, e->value);
			const char *key = scalar_of(ek);
			const struct field *f = key ? find_field(queue_io_fields, key)
						    : NULL;
			char fpath[320];
			snprintf(fpath, sizeof fpath, "%s.%s", qpath, key ? key : "?");
			if (!f)
				LERR(L, ek, "%s: unknown key (allowed: read_gb, "
				     "write_gb, compress_ratio)", fpath);
			else
				set_field(L, fpath, f, q, ev);
		}
	}
}

static void load_section(struct loader *L, const struct section *sec,
			 yaml_node_t *m)
{
	if (m->type != YAML_MAPPING_NODE) {
		LERR(L, m, "%s: expected a mapping of keys", sec->key);
		return;
	}
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
	     p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
		const char *key = scalar_of(k);
		const struct field *f = key ? find_field(sec->fields, key) : NULL;
		char path[256];
		snprintf(path, sizeof path, "%s.%s", sec->key, key ? key : "?");
		if (!f) {
			char allowed[512];
			list_keys(sec->fields, allowed, sizeof allowed);
			LERR(L, k, "%s: unknown key (allowed in %s: %s)", path,
			     sec->key, allowed);
			continue;
		}
		set_field(L, path, f, L->s, v);
	}
}

static void load_root(struct loader *L, yaml_node_t *root)
{
	if (!root)
		return;   /* an empty file: all defaults */
	if (root->type != YAML_MAPPING_NODE) {
		LERR(L, root, "a scenario is a mapping of sections");
		return;
	}
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
		const char *key = scalar_of(k);
		if (!key) {
			LERR(L, k, "section names must be plain keys");
			continue;
		}
		const struct field *f = find_field(top_fields, key);
		const struct section *sec = find_section(key);
		if (f)
			set_field(L, key, f, L->s, v);
		else if (sec)
			load_section(L, sec, v);
		else {
			char allowed[256];
			list_sections(allowed, sizeof allowed);
			LERR(L, k, "%s: unknown section (allowed: %s)", key, allowed);
		}
	}
}

static int load_parser(const char *name, yaml_parser_t *parser,
		       struct scenario *s, struct diags *d)
{
	yaml_document_t doc;
	if (!yaml_parser_load(parser, &doc)) {
		diag_error(d, name, (int)parser->problem_mark.line + 1,
			   (int)parser->problem_mark.column + 1, "YAML: %s",
			   parser->problem ? parser->problem : "syntax error");
		return -1;
	}
	struct loader L = { name, &doc, s, d, 0 };
	load_root(&L, yaml_document_get_root_node(&doc));
	yaml_document_delete(&doc);
	if (!L.errors)
		L.errors += scenario_fleet_finish(name, s, d);
	if (!L.errors) {
		free(s->path);
		s->path = strdup(name);
	}
	return L.errors ? -1 : 0;
}

int scenario_load_buffer(const char *name, const char *yaml, size_t len,
			 struct scenario *s, struct diags *d)
{
	if (ytext_check(name, yaml, len, MAX_SCENARIO_BYTES, d))
		return -1;
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	int rc = load_parser(name, &parser, s, d);
	yaml_parser_delete(&parser);
	return rc;
}

int scenario_load(const char *path, struct scenario *s, struct diags *d)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_error(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	/* Read whole (one byte past the bound, to see it is exceeded) so a
	 * bad byte is reported where it stands. */
	char *buf = malloc(MAX_SCENARIO_BYTES + 1);
	if (!buf) {
		fclose(f);
		diag_error(d, path, 0, 0, "out of memory reading the scenario");
		return -1;
	}
	size_t len = fread(buf, 1, MAX_SCENARIO_BYTES + 1, f);
	int read_error = ferror(f);
	fclose(f);
	if (read_error) {
		free(buf);
		diag_error(d, path, 0, 0, "cannot read: I/O error");
		return -1;
	}
	int rc = scenario_load_buffer(path, buf, len, s, d);
	free(buf);
	return rc;
}
