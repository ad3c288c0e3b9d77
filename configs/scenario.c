/*
 * Loading the scenario YAML: a table of sections, each a table of typed
 * keys; see scenario.h.  libyaml's document API gives every node its
 * position, so each message names file:line:col and the key path.
 */
#include "configs/scenario.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "sim/diag.h"

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
	s->boot_latency_ms = SCENARIO_BOOT_LATENCY_MS;
	s->sample_interval_ms = SCENARIO_SAMPLE_INTERVAL_MS;
}

void scenario_free(struct scenario *s)
{
	free(s->path);
	s->path = NULL;
}

/* ---- the tables ---------------------------------------------------------- */

enum field_type {
	F_SECONDS_MS,   /* a number of seconds stored as int64 ms */
	F_U64,          /* a non-negative integer */
	F_POLICY,       /* enum sched_policy by name */
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
	{ NULL, 0, 0, 0, 0 },
};
static const struct field scheduler_fields[] = {
	{ "policy", F_POLICY, OFF(policy), 0, 0 },
	{ NULL, 0, 0, 0, 0 },
};
static const struct field boot_fields[] = {
	{ "latency_s", F_SECONDS_MS, OFF(boot_latency_ms), 0, 86400 },
	{ NULL, 0, 0, 0, 0 },
};
static const struct field timeseries_fields[] = {
	{ "interval_s", F_SECONDS_MS, OFF(sample_interval_ms), 1, 86400 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct section sections[] = {
	{ NULL, top_fields },
	{ "scheduler", scheduler_fields },
	{ "boot", boot_fields },
	{ "timeseries", timeseries_fields },
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

static void set_field(struct loader *L, const char *path, const struct field *f,
		      yaml_node_t *v)
{
	const char *s = scalar_of(v);
	char *dst = (char *)L->s + f->offset;
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
	double x;
	if (parse_number(s, &x) || x < f->min || x > f->max ||
	    (f->type == F_U64 && x != floor(x))) {
		LERR(L, v, "%s: '%s' is not a %s between %g and %g", path, s,
		     f->type == F_U64 ? "whole number" : "number", f->min, f->max);
		return;
	}
	if (f->type == F_U64) {
		uint64_t u = strtoull(s, NULL, 10);
		memcpy(dst, &u, sizeof u);
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
			char allowed[256];
			list_keys(sec->fields, allowed, sizeof allowed);
			LERR(L, k, "%s: unknown key (allowed in %s: %s)", path,
			     sec->key, allowed);
			continue;
		}
		set_field(L, path, f, v);
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
			set_field(L, key, f, v);
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
	if (!L.errors) {
		free(s->path);
		s->path = strdup(name);
	}
	return L.errors ? -1 : 0;
}

int scenario_load_buffer(const char *name, const char *yaml, size_t len,
			 struct scenario *s, struct diags *d)
{
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
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	int rc = load_parser(path, &parser, s, d);
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}
