/*
 * "Did you mean": the catalog names nearest to a misspelt instance type or
 * region, by edit distance, so an error can offer c5n.18xlarge for
 * c5n.18xlage.  A full scan of ~1,400 short names costs well under a
 * millisecond and runs only on the error path.
 */
#include "models/catalog/catalog.h"
#include "models/catalog/catalog_internal.h"

#include <string.h>

#define NAME_MAX_LEN 64

size_t catalog_edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la >= NAME_MAX_LEN || lb >= NAME_MAX_LEN)
		return cap;
	size_t row[NAME_MAX_LEN + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0], best = i;
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t v = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best >= cap)
			return cap;
	}
	return row[lb] < cap ? row[lb] : cap;
}

/* Keeps out[0..*n) the max best names seen so far, sorted by distance
 * (stable: earlier, i.e. alphabetically smaller, names win ties). */
static void consider(const char *name, size_t dist, const char **out,
		     size_t *dists, size_t *n, size_t max)
{
	size_t pos = *n;
	while (pos > 0 && dists[pos - 1] > dist)
		pos--;
	if (pos >= max)
		return;
	size_t last = *n < max ? *n : max - 1;
	for (size_t k = last; k > pos; k--) {
		out[k] = out[k - 1];
		dists[k] = dists[k - 1];
	}
	out[pos] = name;
	dists[pos] = dist;
	if (*n < max)
		(*n)++;
}

/* A name further than this from the query is no suggestion at all. */
static size_t distance_cap(const char *query)
{
	size_t len = strlen(query);
	return len / 2 + 2;
}

typedef const char *(*name_at_fn)(const struct catalog *c, size_t i);

static const char *type_name_at(const struct catalog *c, size_t i)
{
	return c->t->types[i].name;
}

static size_t suggest(const struct catalog *c, const char *query,
		      name_at_fn name_at, size_t count, const char **out,
		      size_t max)
{
	size_t dists[16], n = 0;
	if (!query || max == 0)
		return 0;
	if (max > 16)
		max = 16;
	size_t cap = distance_cap(query);
	for (size_t i = 0; i < count; i++) {
		const char *name = name_at(c, i);
		size_t d = catalog_edit_distance(query, name, cap);
		if (d < cap)
			consider(name, d, out, dists, &n, max);
	}
	return n;
}

size_t catalog_suggest(const struct catalog *c, const char *name,
		       const char **out, size_t max)
{
	return suggest(c, name, type_name_at, c->t->n_types, out, max);
}

/* Families, each once: the types are sorted by name, so all of a family's
 * sizes ("c5.large", "c5.xlarge") are adjacent. */
size_t catalog_suggest_family(const struct catalog *c, const char *family,
			      const char **out, size_t max)
{
	size_t dists[16], n = 0;
	if (!family || max == 0)
		return 0;
	if (max > 16)
		max = 16;
	size_t cap = distance_cap(family);
	const char *prev = "";
	for (size_t i = 0; i < c->t->n_types; i++) {
		const char *f = c->t->types[i].family;
		if (!strcmp(f, prev))
			continue;
		prev = f;
		size_t d = catalog_edit_distance(family, f, cap);
		if (d < cap)
			consider(f, d, out, dists, &n, max);
	}
	return n;
}

int catalog_family_known(const struct catalog *c, const char *family)
{
	for (size_t i = 0; family && i < c->t->n_types; i++)
		if (!strcmp(c->t->types[i].family, family))
			return 1;
	return 0;
}

size_t catalog_suggest_region(const struct catalog *c, const char *region,
			      const char **out, size_t max)
{
	return suggest(c, region, catalog_region_at, c->t->n_regions, out, max);
}
