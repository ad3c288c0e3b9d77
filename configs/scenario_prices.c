/*
 * The scenario's `prices:` and `speed_index:` sections (scenario_prices.h):
 *
 *   prices:                      # rules apply in order, after --catalog
 *     - {instance_type: "*", discount_pct: 12}
 *     - {instance_type: c7i.*, region: us-east-1, discount_pct: 28}
 *     - {instance_type: hpc7a.96xlarge, region: us-east-2,
 *        ondemand_usd_per_hour: 6.50}
 *   speed_index:
 *     hpc7a.96xlarge: 1.35
 *
 * A rule means what the same row of a --catalog CSV file means
 * (catalog_apply_override); `region` defaults to "*".  The loader checks
 * shapes, keys and numbers; names are checked when the rules meet the
 * catalog, so the configs layer needs no catalog to read a scenario.
 */
#include "configs/scenario_prices.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "configs/scenario.h"
#include "sim/diag.h"

#define ERR(d, file, node, ...) \
	diag_error((d), (file), (int)(node)->start_mark.line + 1, \
		   (int)(node)->start_mark.column + 1, __VA_ARGS__)

static const char *scalar(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
					   : NULL;
}

/* A finite number in [min, max]; returns 0 or -1. */
static int number(const char *s, double min, double max, double *out)
{
	char *end;
	errno = 0;
	double v = s ? strtod(s, &end) : 0;
	if (!s || end == s || *end || errno || !isfinite(v) || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

struct price_key {
	const char *key;
	size_t offset;            /* a double in struct price_override */
	double max;
};

static const struct price_key price_keys[] = {
	{ "ondemand_usd_per_hour", offsetof(struct price_override,
					    ondemand_usd_per_hour), 1e6 },
	{ "spot_usd_per_hour", offsetof(struct price_override,
					spot_usd_per_hour), 1e6 },
	{ "discount_pct", offsetof(struct price_override, discount_pct), 100 },
	{ "spot_discount_pct", offsetof(struct price_override,
					spot_discount_pct), 100 },
};

#define N_PRICE_KEYS (sizeof price_keys / sizeof price_keys[0])

static int set_name(const char **dst, const char *v)
{
	char *copy = strdup(v);
	if (!copy)
		return -1;
	free((char *)*dst);
	*dst = copy;
	return 0;
}

/* One key of a rule; returns the number of errors. */
static int price_field(const char *file, const char *path, yaml_node_t *k,
		       yaml_node_t *v, struct price_override *o,
		       struct diags *d)
{
	const char *key = scalar(k), *val = scalar(v);
	if (!key) {
		ERR(d, file, k, "%s: keys must be plain names", path);
		return 1;
	}
	if (!strcmp(key, "instance_type") || !strcmp(key, "region")) {
		const char **dst = key[0] == 'i' ? &o->instance_type : &o->region;
		if (!val || !*val) {
			ERR(d, file, v, "%s.%s: expected a name (\"*\" for all; "
			    "quote it)", path, key);
			return 1;
		}
		if (set_name(dst, val)) {
			ERR(d, file, v, "%s.%s: out of memory", path, key);
			return 1;
		}
		return 0;
	}
	for (size_t i = 0; i < N_PRICE_KEYS; i++) {
		if (strcmp(key, price_keys[i].key))
			continue;
		double x;
		if (number(val, 0, price_keys[i].max, &x)) {
			ERR(d, file, v, "%s.%s: '%s' is not a number between 0 "
			    "and %g", path, key, val ? val : "?",
			    price_keys[i].max);
			return 1;
		}
		memcpy((char *)o + price_keys[i].offset, &x, sizeof x);
		return 0;
	}
	ERR(d, file, k, "%s.%s: unknown key (allowed: instance_type, region, "
	    "ondemand_usd_per_hour, spot_usd_per_hour, discount_pct, "
	    "spot_discount_pct)", path, key);
	return 1;
}

static int price_rule(const char *file, yaml_document_t *doc, yaml_node_t *m,
		      const char *path, struct scenario_price *p,
		      struct diags *d)
{
	*p = (struct scenario_price){
		{ NULL, NULL, -1, -1, -1, -1 }, (int)m->start_mark.line + 1 };
	if (m->type != YAML_MAPPING_NODE) {
		ERR(d, file, m, "%s: expected a mapping (instance_type, region, "
		    "and a price or discount)", path);
		return 1;
	}
	int errors = 0;
	for (yaml_node_pair_t *e = m->data.mapping.pairs.start;
	     e < m->data.mapping.pairs.top; e++)
		errors += price_field(file, path,
				      yaml_document_get_node(doc, e->key),
				      yaml_document_get_node(doc, e->value),
				      &p->rule, d);
	if (errors)
		return errors;
	const struct price_override *o = &p->rule;
	if (!o->instance_type) {
		ERR(d, file, m, "%s: instance_type is required (a type, FAMILY.* "
		    "or \"*\")", path);
		return 1;
	}
	if (!o->region && set_name(&p->rule.region, "*")) {
		ERR(d, file, m, "%s: out of memory", path);
		return 1;
	}
	if (o->ondemand_usd_per_hour < 0 && o->spot_usd_per_hour < 0 &&
	    o->discount_pct < 0 && o->spot_discount_pct < 0) {
		ERR(d, file, m, "%s: the rule sets no price (ondemand_usd_per_hour, "
		    "spot_usd_per_hour, discount_pct or spot_discount_pct)", path);
		return 1;
	}
	return 0;
}

static void free_rule(struct scenario_price *p)
{
	free((char *)p->rule.instance_type);
	free((char *)p->rule.region);
}

int scenario_load_prices(const char *file, yaml_document_t *doc,
			 yaml_node_t *seq, struct scenario *s, struct diags *d)
{
	if (seq->type != YAML_SEQUENCE_NODE) {
		ERR(d, file, seq, "prices: expected a list of rules "
		    "(- {instance_type: ..., discount_pct: ...})");
		return 1;
	}
	size_t n = (size_t)(seq->data.sequence.items.top -
			    seq->data.sequence.items.start);
	struct scenario_price *np = realloc(s->prices,
					    (s->n_prices + n + 1) * sizeof *np);
	if (!np) {
		ERR(d, file, seq, "prices: out of memory");
		return 1;
	}
	s->prices = np;
	int errors = 0;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *m = yaml_document_get_node(
			doc, seq->data.sequence.items.start[i]);
		char path[64];
		snprintf(path, sizeof path, "prices[%zu]", i);
		struct scenario_price *p = &s->prices[s->n_prices];
		int e = price_rule(file, doc, m, path, p, d);
		if (e) {
			free_rule(p);
			errors += e;
		} else {
			s->n_prices++;
		}
	}
	return errors;
}

int scenario_load_speed_index(const char *file, yaml_document_t *doc,
			      yaml_node_t *map, struct scenario *s,
			      struct diags *d)
{
	if (map->type != YAML_MAPPING_NODE) {
		ERR(d, file, map, "speed_index: expected a mapping of instance "
		    "type to per-core speed (c5n.18xlarge = 1.0)");
		return 1;
	}
	int errors = 0;
	for (yaml_node_pair_t *e = map->data.mapping.pairs.start;
	     e < map->data.mapping.pairs.top; e++) {
		yaml_node_t *k = yaml_document_get_node(doc, e->key);
		yaml_node_t *v = yaml_document_get_node(doc, e->value);
		const char *name = scalar(k), *val = scalar(v);
		double x;
		if (!name || !*name) {
			ERR(d, file, k, "speed_index: keys are instance type names");
			errors++;
			continue;
		}
		if (number(val, 1e-6, 1000, &x) || x <= 0) {
			ERR(d, file, v, "speed_index.%s: '%s' is not a number above "
			    "0 (at most 1000)", name, val ? val : "?");
			errors++;
			continue;
		}
		struct scenario_speed *ns = realloc(s->speeds,
						    (s->n_speeds + 1) * sizeof *ns);
		char *copy = strdup(name);
		if (!ns || !copy) {
			if (ns)
				s->speeds = ns;
			free(copy);
			ERR(d, file, k, "speed_index: out of memory");
			return errors + 1;
		}
		s->speeds = ns;
		ns[s->n_speeds++] = (struct scenario_speed){
			copy, x, (int)k->start_mark.line + 1 };
	}
	return errors;
}

void scenario_prices_free(struct scenario *s)
{
	for (size_t i = 0; i < s->n_prices; i++)
		free_rule(&s->prices[i]);
	free(s->prices);
	s->prices = NULL;
	s->n_prices = 0;
	for (size_t i = 0; i < s->n_speeds; i++)
		free(s->speeds[i].instance_type);
	free(s->speeds);
	s->speeds = NULL;
	s->n_speeds = 0;
}

int scenario_changes_catalog(const struct scenario *s)
{
	return s->n_prices > 0 || s->n_speeds > 0;
}

static void unknown_type(const struct catalog *c, const struct scenario *s,
			 const struct scenario_speed *sp, struct diags *d)
{
	const char *near[3];
	size_t n = catalog_suggest(c, sp->instance_type, near, 3);
	char hint[200] = "";
	size_t len = 0;
	for (size_t i = 0; i < n && len < sizeof hint; i++) {
		snprintf(hint + len, sizeof hint - len, "%s%s",
			 i ? ", " : "; did you mean ", near[i]);
		len = strlen(hint);
	}
	if (n && len + 1 < sizeof hint)
		strcat(hint, "?");
	diag_error(d, s->path, sp->line, 0, "speed_index: unknown instance "
		   "type '%s'%s", sp->instance_type, hint);
}

int scenario_apply_catalog(const struct scenario *s, struct catalog *c,
			   struct diags *d)
{
	for (size_t i = 0; i < s->n_prices; i++)
		if (catalog_apply_override(c, &s->prices[i].rule, s->path,
					   s->prices[i].line, d) < 0)
			return -1;
	for (size_t i = 0; i < s->n_speeds; i++) {
		const struct scenario_speed *sp = &s->speeds[i];
		if (catalog_set_speed_index(c, sp->instance_type,
					    sp->speed_index)) {
			unknown_type(c, s, sp, d);
			return -1;
		}
	}
	return 0;
}
