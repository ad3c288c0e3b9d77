/*
 * The space a sweep or plan explores: axes of --set values, instance types
 * from catalog globs, the variants of grid points with their names, the
 * slice of one shard, and the Pareto front of the results; see whatif.h.
 */
#include "sim/whatif.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "models/catalog/catalog.h"
#include "sim/diag.h"

void whatif_grid_init(struct whatif_grid *g)
{
	memset(g, 0, sizeof *g);
}

void whatif_grid_free(struct whatif_grid *g)
{
	for (size_t i = 0; i < g->n_axes; i++) {
		struct whatif_axis *a = &g->axes[i];
		for (size_t j = 0; j < a->n; j++)
			free(a->values[j]);
		free(a->values);
		free(a->key);
	}
	free(g->axes);
	memset(g, 0, sizeof *g);
}

static struct whatif_axis *axis_for(struct whatif_grid *g, const char *key)
{
	for (size_t i = 0; i < g->n_axes; i++)
		if (!strcmp(g->axes[i].key, key))
			return &g->axes[i];
	if (g->n_axes == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 4;
		struct whatif_axis *a = realloc(g->axes, cap * sizeof *a);
		if (!a)
			return NULL;
		g->axes = a;
		g->cap = cap;
	}
	struct whatif_axis *a = &g->axes[g->n_axes];
	memset(a, 0, sizeof *a);
	a->key = strdup(key);
	if (!a->key)
		return NULL;
	g->n_axes++;
	return a;
}

/* Adds one value unless the axis has it: a repeated value would make two
 * points with the same name. */
static int axis_add(struct whatif_axis *a, const char *v, size_t len)
{
	for (size_t i = 0; i < a->n; i++)
		if (strlen(a->values[i]) == len && !strncmp(a->values[i], v, len))
			return 0;
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 8;
		char **vals = realloc(a->values, cap * sizeof *vals);
		if (!vals)
			return -1;
		a->values = vals;
		a->cap = cap;
	}
	char *copy = strndup(v, len);
	if (!copy)
		return -1;
	a->values[a->n++] = copy;
	return 0;
}

/* Whether every comma-separated item holds something besides blanks. */
static int all_items_filled(const char *csv)
{
	int filled = 0;
	for (const char *p = csv;; p++) {
		if (*p == ',' || !*p) {
			if (!filled)
				return 0;
			if (!*p)
				return 1;
			filled = 0;
		} else if (*p != ' ' && *p != '\t') {
			filled = 1;
		}
	}
}

int whatif_grid_add(struct whatif_grid *g, const char *key,
		    const char *values_csv, struct diags *d)
{
	if (!all_items_filled(values_csv)) {
		diag_error(d, NULL, 0, 0, "%s: empty value in '%s'", key,
			   values_csv);
		return -1;
	}
	struct whatif_axis *a = axis_for(g, key);
	if (!a) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	const char *p = values_csv;
	for (;;) {
		size_t len = strcspn(p, ",");
		const char *v = p;
		while (len && (*v == ' ' || *v == '\t')) {
			v++;
			len--;
		}
		while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		if (axis_add(a, v, len)) {
			diag_error(d, NULL, 0, 0, "out of memory");
			return -1;
		}
		p += strcspn(p, ",");
		if (!*p)
			break;
		p++;
	}
	return 0;
}

size_t whatif_grid_size(const struct whatif_grid *g)
{
	size_t n = 1;
	for (size_t i = 0; i < g->n_axes; i++) {
		size_t k = g->axes[i].n;
		if (k && n > SIZE_MAX / k)
			return 0;
		n *= k;
	}
	return n;
}

void whatif_grid_point(const struct whatif_grid *g, size_t i, size_t *idx)
{
	for (size_t a = g->n_axes; a-- > 0;) {
		idx[a] = i % g->axes[a].n;
		i /= g->axes[a].n;
	}
}

/* ---- instance types ---------------------------------------------------- */

static int offered(const struct catalog *cat, const struct instance_type *it,
		   const char *region)
{
	struct instance_price p;
	return !region || catalog_price(cat, it, region, &p) == 0;
}

static int by_size(const void *pa, const void *pb)
{
	const struct instance_type *a = *(const struct instance_type *const *)pa;
	const struct instance_type *b = *(const struct instance_type *const *)pb;
	if (a->vcpus != b->vcpus)
		return a->vcpus < b->vcpus ? -1 : 1;
	return strcmp(a->name, b->name);
}

struct type_list {
	const struct instance_type **v;
	size_t n, cap;
};

static int type_list_add(struct type_list *l, const struct instance_type *it)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == it)
			return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		const struct instance_type **v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = it;
	return 0;
}

/* The types a glob matches in the region, smallest first. */
static int add_glob(const struct catalog *cat, const char *region,
		    const char *pat, struct type_list *l, struct diags *d)
{
	struct type_list m = { 0 };
	size_t n = catalog_instance_count(cat);
	for (size_t i = 0; i < n; i++) {
		const struct instance_type *it = catalog_instance_at(cat, i);
		if (fnmatch(pat, it->name, 0) == 0 && offered(cat, it, region) &&
		    type_list_add(&m, it)) {
			free(m.v);
			diag_error(d, NULL, 0, 0, "out of memory");
			return -1;
		}
	}
	if (!m.n) {
		diag_error(d, NULL, 0, 0, "--instance-types: '%s' matches no "
			   "instance type offered in %s", pat,
			   region ? region : "any region");
		free(m.v);
		return -1;
	}
	qsort(m.v, m.n, sizeof *m.v, by_size);
	int rc = 0;
	for (size_t i = 0; i < m.n && !rc; i++)
		rc = type_list_add(l, m.v[i]);
	free(m.v);
	if (rc)
		diag_error(d, NULL, 0, 0, "out of memory");
	return rc;
}

static int add_name(const struct catalog *cat, const char *region,
		    const char *name, struct type_list *l, struct diags *d)
{
	const struct instance_type *it = catalog_instance(cat, name);
	if (!it) {
		const char *s[3];
		size_t k = catalog_suggest(cat, name, s, 3);
		diag_error(d, NULL, 0, 0, "--instance-types: unknown instance "
			   "type '%s'%s%s%s%s%s", name, k ? " (did you mean " : "",
			   k ? s[0] : "", k > 1 ? ", " : "", k > 1 ? s[1] : "",
			   k ? "?)" : "");
		return -1;
	}
	if (!offered(cat, it, region)) {
		diag_error(d, NULL, 0, 0, "--instance-types: %s is not offered "
			   "in %s", name, region);
		return -1;
	}
	if (type_list_add(l, it)) {
		diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	return 0;
}

long whatif_instance_types(const struct catalog *cat, const char *region,
			   const char *list, const char ***out,
			   struct diags *d)
{
	struct type_list l = { 0 };
	const char *p = list;
	int rc = 0;
	while (!rc) {
		size_t len = strcspn(p, ",");
		char item[128];
		if (!len || len >= sizeof item) {
			diag_error(d, NULL, 0, 0, "--instance-types: bad item in "
				   "'%s'", list);
			rc = -1;
			break;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		if (strpbrk(item, "*?["))
			rc = add_glob(cat, region, item, &l, d);
		else
			rc = add_name(cat, region, item, &l, d);
		p += len;
		if (!*p)
			break;
		p++;
	}
	if (rc) {
		free(l.v);
		return -1;
	}
	*out = malloc((l.n ? l.n : 1) * sizeof **out);
	if (!*out) {
		free(l.v);
		diag_error(d, NULL, 0, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < l.n; i++)
		(*out)[i] = l.v[i]->name;
	free(l.v);
	return (long)l.n;
}

/* ---- the variants of points -------------------------------------------- */

/* An axis is named by its short key unless another axis has the same one. */
static int short_key_unique(const struct whatif_grid *g, size_t a)
{
	size_t la, lb;
	const char *ka = whatif_short_key(g->axes[a].key, &la);
	for (size_t b = 0; b < g->n_axes; b++) {
		const char *kb = whatif_short_key(g->axes[b].key, &lb);
		if (b != a && la == lb && !strncmp(ka, kb, la))
			return 0;
	}
	return 1;
}

static char *point_name(const struct whatif_grid *g, const size_t *idx)
{
	if (!g->n_axes)
		return strdup("base");
	size_t size = 1;
	for (size_t a = 0; a < g->n_axes; a++)
		size += strlen(g->axes[a].key) + strlen(g->axes[a].values[idx[a]]) + 2;
	char *name = malloc(size);
	if (!name)
		return NULL;
	size_t off = 0;
	for (size_t a = 0; a < g->n_axes; a++) {
		size_t len = strlen(g->axes[a].key);
		const char *k = g->axes[a].key;
		if (short_key_unique(g, a))
			k = whatif_short_key(k, &len);
		off += (size_t)snprintf(name + off, size - off, "%s%.*s=%s",
					a ? " " : "", (int)len, k,
					g->axes[a].values[idx[a]]);
	}
	return name;
}

int whatif_grid_variants(const struct whatif_grid *g,
			 const struct whatif_variant *base,
			 const size_t *points, size_t n,
			 struct whatif_variant *to)
{
	size_t idx[g->n_axes ? g->n_axes : 1];
	for (size_t i = 0; i < n; i++) {
		whatif_grid_point(g, points[i], idx);
		char *name = point_name(g, idx);
		memset(&to[i], 0, sizeof to[i]);
		int rc = !name || whatif_variant_copy(&to[i], base, name);
		free(name);
		for (size_t a = 0; !rc && a < g->n_axes; a++)
			rc = whatif_variant_add_set(&to[i], g->axes[a].key,
						    g->axes[a].values[idx[a]]);
		if (rc) {
			whatif_variant_free(&to[i]);   /* zeroed if never made */
			while (i-- > 0)
				whatif_variant_free(&to[i]);
			return -1;
		}
	}
	return 0;
}

/* ---- shards ------------------------------------------------------------ */

int whatif_shard_parse(const char *s, unsigned *k, unsigned *n)
{
	char *end;
	unsigned long a = strtoul(s, &end, 10);
	if (end == s || *end != '/' || s[0] == '-')
		return -1;
	const char *q = end + 1;
	unsigned long b = strtoul(q, &end, 10);
	if (end == q || *end || q[0] == '-' || b < 1 || a < 1 || a > b ||
	    b > 1000000)
		return -1;
	*k = (unsigned)a;
	*n = (unsigned)b;
	return 0;
}

long whatif_shard_points(size_t grid_size, unsigned k, unsigned n,
			 size_t **out)
{
	*out = NULL;
	size_t count = grid_size >= k ? (grid_size - k) / n + 1 : 0;
	if (!count)
		return 0;
	*out = malloc(count * sizeof **out);
	if (!*out)
		return -1;
	for (size_t i = 0; i < count; i++)
		(*out)[i] = (size_t)(k - 1) + i * n;
	return (long)count;
}

/* ---- Pareto front ------------------------------------------------------ */

static int dominates(const double *a, const double *b, size_t dims)
{
	int better = 0;
	for (size_t j = 0; j < dims; j++) {
		if (a[j] > b[j])
			return 0;
		if (a[j] < b[j])
			better = 1;
	}
	return better;
}

/* O(n^2 dims): sweeps have thousands of points at most. */
void whatif_pareto(const double *obj, size_t n, size_t dims, int *on_front)
{
	for (size_t i = 0; i < n; i++) {
		on_front[i] = 1;
		for (size_t j = 0; j < n && on_front[i]; j++)
			if (j != i && dominates(obj + j * dims, obj + i * dims, dims))
				on_front[i] = 0;
	}
}
