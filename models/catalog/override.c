/*
 * Private prices over the public list: a user's EDP discount, Savings Plan
 * or Reserved rate, or a negotiated price, applied to a copy of the catalog
 * without rebuilding.  Two ways in: catalog_apply_override() for one rule
 * (the scenario loader calls it), and catalog_with_overrides() for a CSV file
 * of rules (`--catalog FILE`), whose format is in models/catalog/README.md:
 *
 *   instance_type,region,ondemand_usd_per_hour,spot_usd_per_hour,discount_pct,spot_discount_pct
 *   *,*,,,12,            # a 12 % EDP discount on every On-Demand price
 *   c7i.*,us-east-1,,,28 # a Savings Plan rate for one family
 *   hpc7a.96xlarge,us-east-1,6.50
 *
 * Only instance_type and region are required; rows apply in file order.
 */
#include "models/catalog/catalog.h"
#include "models/catalog/catalog_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/diag.h"

/* ---- matching ----------------------------------------------------------- */

/* Does the type name match "*", "FAMILY.*" or itself? */
static int type_matches(const char *pattern, const struct instance_type *it)
{
	if (!strcmp(pattern, "*"))
		return 1;
	size_t n = strlen(pattern);
	if (n > 2 && !strcmp(pattern + n - 2, ".*"))
		return strlen(it->family) == n - 2 &&
		       !strncmp(it->family, pattern, n - 2);
	return !strcmp(pattern, it->name);
}

static int family_exists(const struct catalog *c, const char *family,
			 size_t len)
{
	for (size_t i = 0; i < c->t->n_types; i++)
		if (strlen(c->t->types[i].family) == len &&
		    !strncmp(c->t->types[i].family, family, len))
			return 1;
	return 0;
}

/* Adds "; did you mean X, Y?" naming up to three suggestions. */
static void did_you_mean(char *buf, size_t size, const char **s, size_t n)
{
	size_t len = strlen(buf);
	for (size_t i = 0; i < n && len < size; i++) {
		snprintf(buf + len, size - len, "%s%s", i ? ", " : "; did you mean ",
			 s[i]);
		len = strlen(buf);
	}
	if (n && len < size)
		snprintf(buf + len, size - len, "?");
}

static int check_pattern(const struct catalog *c, const struct price_override *o,
			 const char *file, int line, struct diags *d)
{
	const char *s[3];
	char hint[200] = "";
	const char *t = o->instance_type ? o->instance_type : "";
	size_t n = strlen(t);
	if (!strcmp(t, "*")) {
		/* every type */
	} else if (n > 2 && !strcmp(t + n - 2, ".*")) {
		if (!family_exists(c, t, n - 2)) {
			diag_error(d, file, line, 0,
				   "field 'instance_type': no instance family '%.*s' in the catalog",
				   (int)(n - 2), t);
			return -1;
		}
	} else if (family_exists(c, t, n)) {
		diag_error(d, file, line, 0,
			   "field 'instance_type': '%s' is a family; write %s.* for all its sizes",
			   t, t);
		return -1;
	} else if (!catalog_instance(c, t)) {
		did_you_mean(hint, sizeof hint, s, catalog_suggest(c, t, s, 3));
		diag_error(d, file, line, 0,
			   "field 'instance_type': unknown instance type '%s'%s",
			   t, hint);
		return -1;
	}
	const char *r = o->region ? o->region : "";
	if (strcmp(r, "*") && !catalog_region_known(c, r)) {
		did_you_mean(hint, sizeof hint, s,
			     catalog_suggest_region(c, r, s, 3));
		diag_error(d, file, line, 0,
			   "field 'region': unknown region '%s'%s", r, hint);
		return -1;
	}
	return 0;
}

/* ---- applying ----------------------------------------------------------- */

static int row_matches(const struct catalog *c, const struct price_override *o,
		       const struct catalog_price_row *p)
{
	if (strcmp(o->region, "*") && strcmp(o->region, c->t->regions[p->region]))
		return 0;
	return type_matches(o->instance_type, &c->t->types[p->type]);
}

static void apply_to_row(const struct price_override *o,
			 struct catalog_price_row *p)
{
	if (o->ondemand_usd_per_hour >= 0) {
		p->ondemand_usd_per_hour = o->ondemand_usd_per_hour;
		p->source = CATALOG_SRC_OVERRIDE;
		/* A price the catalog lacked: derive Spot as the data does. */
		if (p->spot_usd_per_hour < 0 && p->spot_bucket >= 0)
			p->spot_usd_per_hour = p->ondemand_usd_per_hour *
				(1 - p->spot_savings_pct / 100.0);
	}
	if (o->spot_usd_per_hour >= 0)
		p->spot_usd_per_hour = o->spot_usd_per_hour;
	if (o->discount_pct > 0 && p->ondemand_usd_per_hour >= 0) {
		p->ondemand_usd_per_hour *= 1 - o->discount_pct / 100.0;
		p->source = CATALOG_SRC_OVERRIDE;
	}
	if (o->spot_discount_pct > 0 && p->spot_usd_per_hour >= 0)
		p->spot_usd_per_hour *= 1 - o->spot_discount_pct / 100.0;
}

/* Inserts an empty row for (type, region) in order; NULL without memory. */
static struct catalog_price_row *insert_row(struct catalog *c, long type,
					    int region)
{
	if (c->own.n_prices == c->prices_cap) {
		size_t cap = c->prices_cap * 2;
		struct catalog_price_row *np =
			realloc(c->prices_owned, cap * sizeof *np);
		if (!np)
			return NULL;
		c->prices_owned = np;
		c->prices_cap = cap;
		c->own.prices = np;
	}
	size_t at = catalog_price_lower_bound(c, type, region);
	memmove(&c->prices_owned[at + 1], &c->prices_owned[at],
		(c->own.n_prices - at) * sizeof *c->prices_owned);
	c->own.n_prices++;
	struct catalog_price_row *p = &c->prices_owned[at];
	*p = (struct catalog_price_row){ (uint16_t)type, (uint8_t)region,
		CATALOG_SRC_OVERRIDE, -1, -1, SPOT_UNKNOWN, 0 };
	return p;
}

static int check_values(const struct price_override *o, const char *file,
			int line, struct diags *d)
{
	const struct { const char *name; double v, max; } f[] = {
		{ "ondemand_usd_per_hour", o->ondemand_usd_per_hour, INFINITY },
		{ "spot_usd_per_hour", o->spot_usd_per_hour, INFINITY },
		{ "discount_pct", o->discount_pct, 100 },
		{ "spot_discount_pct", o->spot_discount_pct, 100 },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (isnan(f[i].v) || f[i].v > f[i].max) {
			diag_error(d, file, line, 0,
				   "field '%s': %g is out of range (0..%g)",
				   f[i].name, f[i].v, f[i].max);
			return -1;
		}
	return 0;
}

/* Says in the about text that prices are private, so every report that
 * prints it shows where its prices came from. */
static void note_override(struct catalog *c, const char *file, int rules,
			  long changed)
{
	size_t len = strlen(c->about_owned);
	char note[600];
	snprintf(note, sizeof note,
		 "Private prices: %s (%d rule%s, %ld prices changed)\n",
		 file ? file : "-", rules, rules == 1 ? "" : "s", changed);
	char *na = realloc(c->about_owned, len + strlen(note) + 1);
	if (!na)
		return;
	memcpy(na + len, note, strlen(note) + 1);
	c->about_owned = na;
	c->own.about = na;
}

static int apply_override(struct catalog *c, const struct price_override *o,
			  const char *file, int line, struct diags *d)
{
	if (!c->prices_owned) {
		diag_error(d, file, line, 0,
			   "private prices need a copy of the catalog");
		return -1;
	}
	if (check_pattern(c, o, file, line, d) || check_values(o, file, line, d))
		return -1;
	int changed = 0;
	const struct instance_type *it = catalog_instance(c, o->instance_type);
	int region = catalog_region_index(c, o->region);
	if (it && region >= 0) {
		long type = it - c->t->types;
		struct catalog_price_row *p = (struct catalog_price_row *)
			catalog_price_row(c, type, region);
		if (!p && o->ondemand_usd_per_hour >= 0 &&
		    !(p = insert_row(c, type, region))) {
			diag_error(d, file, line, 0, "out of memory");
			return -1;
		}
		if (p) {
			apply_to_row(o, p);
			changed = 1;
		}
	} else {
		for (size_t i = 0; i < c->own.n_prices; i++)
			if (c->prices_owned[i].ondemand_usd_per_hour >= 0 &&
			    row_matches(c, o, &c->prices_owned[i])) {
				apply_to_row(o, &c->prices_owned[i]);
				changed++;
			}
	}
	c->n_overrides++;
	return changed;
}

int catalog_apply_override(struct catalog *c, const struct price_override *o,
			   const char *file, int line, struct diags *d)
{
	int changed = apply_override(c, o, file, line, d);
	if (changed >= 0)
		note_override(c, file, 1, changed);
	return changed;
}

size_t catalog_override_count(const struct catalog *c)
{
	return c->n_overrides;
}

/* ---- the CSV form ------------------------------------------------------- */

enum column { COL_TYPE, COL_REGION, COL_OD, COL_SPOT, COL_DISC, COL_SPOT_DISC,
	      COL_COUNT };

static const char *const column_names[COL_COUNT] = {
	"instance_type", "region", "ondemand_usd_per_hour", "spot_usd_per_hour",
	"discount_pct", "spot_discount_pct",
};

#define MAX_FIELDS 16

/* Splits line in place at commas; trims blanks; returns the field count
 * (MAX_FIELDS + 1 when there are too many).  starts[] gets each field's
 * 1-based column for messages. */
static int split_fields(char *line, char **f, int *starts)
{
	int n = 0;
	char *p = line;
	for (;;) {
		if (n == MAX_FIELDS)
			return MAX_FIELDS + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		starts[n] = (int)(p - line) + 1;
		f[n++] = p;
		char *end = strchr(p, ',');
		char *stop = end ? end : p + strlen(p);
		while (stop > p && isspace((unsigned char)stop[-1]))
			stop--;
		if (!end) {
			*stop = '\0';
			return n;
		}
		*stop = '\0';
		p = end + 1;
	}
}

static int parse_header(char **f, int n, int *col_of, const char *file,
			struct diags *d)
{
	for (int k = 0; k < COL_COUNT; k++)
		col_of[k] = -1;
	for (int i = 0; i < n; i++) {
		int k = 0;
		while (k < COL_COUNT && strcmp(f[i], column_names[k]))
			k++;
		if (k == COL_COUNT) {
			diag_error(d, file, 1, 0,
				   "unknown column '%s' (columns: instance_type, region, ondemand_usd_per_hour, spot_usd_per_hour, discount_pct, spot_discount_pct)",
				   f[i]);
			return -1;
		}
		if (col_of[k] >= 0) {
			diag_error(d, file, 1, 0, "column '%s' appears twice", f[i]);
			return -1;
		}
		col_of[k] = i;
	}
	if (col_of[COL_TYPE] < 0 || col_of[COL_REGION] < 0) {
		diag_error(d, file, 1, 0,
			   "the header needs the columns instance_type and region");
		return -1;
	}
	if (n == 2) {
		diag_error(d, file, 1, 0,
			   "the header names no price column (ondemand_usd_per_hour, spot_usd_per_hour, discount_pct or spot_discount_pct)");
		return -1;
	}
	return 0;
}

/* An empty field is "unchanged" (-1); otherwise a non-negative number. */
static int parse_value(const char *s, double *out, const char *file, int line,
		       int col, const char *name, struct diags *d)
{
	*out = -1;
	if (!*s)
		return 0;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end || errno || !isfinite(v) || v < 0) {
		diag_error(d, file, line, col,
			   "field '%s': '%s' is not a non-negative number", name, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_row(struct catalog *c, char **f, int n, const int *starts,
		     const int *col_of, int n_cols, const char *file, int line,
		     long *n_changed, struct diags *d)
{
	if (n != n_cols) {
		diag_error(d, file, line, 0, "%d fields, the header has %d", n,
			   n_cols);
		return -1;
	}
	double v[COL_COUNT];
	for (int k = COL_OD; k < COL_COUNT; k++) {
		v[k] = -1;
		int i = col_of[k];
		if (i >= 0 && parse_value(f[i], &v[k], file, line, starts[i],
					  column_names[k], d))
			return -1;
	}
	struct price_override o = {
		f[col_of[COL_TYPE]], f[col_of[COL_REGION]], v[COL_OD], v[COL_SPOT],
		v[COL_DISC], v[COL_SPOT_DISC],
	};
	if (o.ondemand_usd_per_hour < 0 && o.spot_usd_per_hour < 0 &&
	    o.discount_pct < 0 && o.spot_discount_pct < 0) {
		diag_error(d, file, line, 0, "the row sets no price");
		return -1;
	}
	int changed = apply_override(c, &o, file, line, d);
	if (changed < 0)
		return -1;
	*n_changed += changed;
	return 0;
}

/* Strips a trailing comment and newline; returns 1 when nothing is left. */
static int blank_line(char *line)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	for (char *p = line; *p; p++)
		if (!isspace((unsigned char)*p))
			return 0;
	return 1;
}

static int read_overrides(struct catalog *c, FILE *fp, const char *path,
			  struct diags *d)
{
	char *line = NULL, *f[MAX_FIELDS];
	size_t cap = 0;
	int starts[MAX_FIELDS], col_of[COL_COUNT], n_cols = 0, lineno = 0;
	int status = 0, rules = 0;
	long changed = 0;
	while (status == 0 && getline(&line, &cap, fp) >= 0) {
		lineno++;
		if (blank_line(line))
			continue;
		int n = split_fields(line, f, starts);
		if (n > MAX_FIELDS) {
			diag_error(d, path, lineno, 0, "too many fields");
			status = -1;
		} else if (n_cols == 0) {
			status = parse_header(f, n, col_of, path, d);
			n_cols = n;
		} else {
			status = parse_row(c, f, n, starts, col_of, n_cols, path,
					   lineno, &changed, d);
			rules++;
		}
	}
	if (status == 0 && n_cols == 0) {
		diag_error(d, path, 0, 0, "no header: the file is empty");
		status = -1;
	}
	free(line);
	if (status == 0)
		note_override(c, path, rules, changed);
	return status;
}

struct catalog *catalog_with_overrides(const struct catalog *base,
				       const char *csv_path, struct diags *d)
{
	FILE *fp = fopen(csv_path, "r");
	if (!fp) {
		diag_error(d, csv_path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	struct catalog *c = catalog_copy(base);
	if (!c) {
		fclose(fp);
		diag_error(d, csv_path, 0, 0, "out of memory");
		return NULL;
	}
	int status = read_overrides(c, fp, csv_path, d);
	fclose(fp);
	if (status) {
		catalog_free(c);
		return NULL;
	}
	return c;
}
