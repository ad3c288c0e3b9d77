/*
 * What the catalog's source files share and nothing else sees: the catalog
 * struct (the generated tables, or a private copy of them that overrides may
 * change) and the lookups the override code reuses.
 */
#ifndef PCLSIM_CATALOG_INTERNAL_H
#define PCLSIM_CATALOG_INTERNAL_H

#include "models/catalog/catalog_data.h"

struct catalog {
	const struct catalog_tables *t;   /* &catalog_data, or &own */
	struct catalog_tables own;        /* a copy's tables */
	struct instance_type *types_owned;
	struct catalog_price_row *prices_owned;
	size_t prices_cap;
	char *about_owned;                /* about text plus override notes */
	size_t n_overrides;               /* override rows applied */
};

long catalog_type_index(const struct catalog *c,
			const struct instance_type *it);
int catalog_region_index(const struct catalog *c, const char *region);
size_t catalog_price_lower_bound(const struct catalog *c, long type,
				 int region);
const struct catalog_price_row *catalog_price_row(const struct catalog *c,
						  long type, int region);
const char *catalog_price_date(const struct catalog *c,
			       const struct catalog_price_row *p);

/* Edit distance between a and b, capped: returns cap when >= cap. */
size_t catalog_edit_distance(const char *a, const char *b, size_t cap);

#endif
