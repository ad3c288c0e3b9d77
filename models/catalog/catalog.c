/*
 * The catalog's lookups over the generated tables (catalog_data.c): instance
 * types by name, prices by (type, region), storage prices, and the nearest
 * names for a typo.  The built-in catalog is static data: no parsing and no
 * index building at start-up, every lookup is a binary search.  A copy
 * (catalog_copy) owns its type and price arrays so overrides can change them.
 */
#include "models/catalog/catalog.h"
#include "models/catalog/catalog_internal.h"

#include <stdlib.h>
#include <string.h>

static const struct catalog builtin = { .t = &catalog_data };

const struct catalog *catalog_builtin(void)
{
	return &builtin;
}

void catalog_free(struct catalog *c)
{
	if (!c || c == &builtin)
		return;
	free(c->types_owned);
	free(c->prices_owned);
	free(c->about_owned);
	free(c);
}

struct catalog *catalog_copy(const struct catalog *base)
{
	const struct catalog_tables *t = base->t;
	struct catalog *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->own = *t;
	c->t = &c->own;
	c->types_owned = malloc(t->n_types * sizeof *c->types_owned);
	c->prices_cap = t->n_prices + 64;
	c->prices_owned = malloc(c->prices_cap * sizeof *c->prices_owned);
	c->about_owned = strdup(t->about);
	if (!c->types_owned || !c->prices_owned || !c->about_owned) {
		catalog_free(c);
		return NULL;
	}
	memcpy(c->types_owned, t->types, t->n_types * sizeof *c->types_owned);
	memcpy(c->prices_owned, t->prices, t->n_prices * sizeof *c->prices_owned);
	c->own.types = c->types_owned;
	c->own.prices = c->prices_owned;
	c->own.about = c->about_owned;
	return c;
}

/* ---- instance types ----------------------------------------------------- */

static int cmp_type_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct instance_type *)elem)->name);
}

const struct instance_type *catalog_instance(const struct catalog *c,
					     const char *name)
{
	if (!name)
		return NULL;
	return bsearch(name, c->t->types, c->t->n_types,
		       sizeof *c->t->types, cmp_type_name);
}

size_t catalog_instance_count(const struct catalog *c)
{
	return c->t->n_types;
}

const struct instance_type *catalog_instance_at(const struct catalog *c,
						size_t i)
{
	return i < c->t->n_types ? &c->t->types[i] : NULL;
}

int catalog_set_speed_index(struct catalog *c, const char *name,
			    double speed_index)
{
	const struct instance_type *it = catalog_instance(c, name);
	if (!it || !c->types_owned || !(speed_index > 0))
		return -1;
	c->types_owned[it - c->t->types].speed_index = speed_index;
	return 0;
}

/* Index of the type in c's table, also for a pointer from another catalog
 * (the built-in one, say) naming the same type; -1 when unknown. */
long catalog_type_index(const struct catalog *c, const struct instance_type *it)
{
	if (!it)
		return -1;
	if (it >= c->t->types && it < c->t->types + c->t->n_types)
		return it - c->t->types;
	const struct instance_type *own = catalog_instance(c, it->name);
	return own ? own - c->t->types : -1;
}

/* ---- regions ------------------------------------------------------------ */

static int cmp_region(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int catalog_region_index(const struct catalog *c, const char *region)
{
	if (!region)
		return -1;
	const char *const *r = bsearch(region, c->t->regions, c->t->n_regions,
				       sizeof *c->t->regions, cmp_region);
	return r ? (int)(r - c->t->regions) : -1;
}

size_t catalog_region_count(const struct catalog *c)
{
	return c->t->n_regions;
}

const char *catalog_region_at(const struct catalog *c, size_t i)
{
	return i < c->t->n_regions ? c->t->regions[i] : NULL;
}

int catalog_region_known(const struct catalog *c, const char *region)
{
	return catalog_region_index(c, region) >= 0;
}

/* ---- prices ------------------------------------------------------------- */

/* First row of type >= (type, region) in the sorted price table. */
size_t catalog_price_lower_bound(const struct catalog *c, long type,
				 int region)
{
	size_t lo = 0, hi = c->t->n_prices;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct catalog_price_row *p = &c->t->prices[mid];
		if (p->type < type || (p->type == type && p->region < region))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct catalog_price_row *catalog_price_row(const struct catalog *c,
						  long type, int region)
{
	size_t i = catalog_price_lower_bound(c, type, region);
	if (i < c->t->n_prices && c->t->prices[i].type == type &&
	    c->t->prices[i].region == region)
		return &c->t->prices[i];
	return NULL;
}

const char *catalog_price_date(const struct catalog *c,
			       const struct catalog_price_row *p)
{
	if (p->source == CATALOG_SRC_OVERRIDE)
		return "override";
	return c->t->source_dates[p->source];
}

int catalog_price(const struct catalog *c, const struct instance_type *it,
		  const char *region, struct instance_price *out)
{
	out->ondemand_usd_per_hour = -1;
	out->spot_usd_per_hour = -1;
	out->spot_bucket = SPOT_UNKNOWN;
	out->spot_savings_pct = -1;
	out->ondemand_date = NULL;
	const struct catalog_price_row *p =
		catalog_price_row(c, catalog_type_index(c, it),
				  catalog_region_index(c, region));
	if (!p)
		return -1;
	out->ondemand_usd_per_hour = p->ondemand_usd_per_hour;
	out->spot_usd_per_hour = p->spot_usd_per_hour;
	out->spot_bucket = p->spot_bucket;
	out->spot_savings_pct = p->spot_bucket >= 0 ? p->spot_savings_pct : -1;
	if (p->ondemand_usd_per_hour < 0)
		return -1;
	out->ondemand_date = catalog_price_date(c, p);
	return 0;
}

size_t catalog_offered_regions(const struct catalog *c,
			       const struct instance_type *it,
			       const char **out, size_t max)
{
	long type = catalog_type_index(c, it);
	size_t n = 0;
	if (type < 0)
		return 0;
	for (size_t i = catalog_price_lower_bound(c, type, 0);
	     i < c->t->n_prices && c->t->prices[i].type == type && n < max;
	     i++)
		if (c->t->prices[i].ondemand_usd_per_hour >= 0)
			out[n++] = c->t->regions[c->t->prices[i].region];
	return n;
}

const char *catalog_spot_bucket_label(int bucket)
{
	static const char *const labels[] = { "<5%", "5-10%", "10-15%",
					      "15-20%", ">20%" };
	return bucket >= SPOT_LT5 && bucket <= SPOT_GT20 ? labels[bucket] : "-";
}

/* ---- storage ------------------------------------------------------------ */

static const char *const fsx_names[] = { "SCRATCH_1", "SCRATCH_2",
					 "PERSISTENT_1", "PERSISTENT_2" };

const char *catalog_fsx_deployment_name(enum fsx_deployment dep)
{
	return (unsigned)dep < 4 ? fsx_names[dep] : "?";
}

int catalog_fsx_deployment_parse(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (name && !strcmp(name, fsx_names[i]))
			return i;
	return -1;
}

static const struct catalog_fsx_row *fsx_find(const struct catalog *c,
					      int region,
					      enum fsx_deployment dep,
					      int per_unit, int hdd)
{
	for (size_t i = 0; i < c->t->n_fsx; i++) {
		const struct catalog_fsx_row *f = &c->t->fsx[i];
		if (f->region == region && f->deployment == dep &&
		    f->per_unit_mbps == per_unit && f->hdd == !!hdd)
			return f;
	}
	return NULL;
}

int catalog_fsx_price(const struct catalog *c, const char *region,
		      enum fsx_deployment dep, int per_unit_mbps, int hdd,
		      struct storage_price *out)
{
	out->usd = -1;
	out->verification = NULL;
	out->price_region = NULL;
	int r = catalog_region_index(c, region);
	if (r < 0)
		return -1;
	/* SCRATCH has one throughput; callers may pass 0 or its 200. */
	if (dep == FSX_SCRATCH_1 || dep == FSX_SCRATCH_2)
		per_unit_mbps = 0;
	const struct catalog_fsx_row *f =
		fsx_find(c, r, dep, per_unit_mbps, hdd);
	if (!f) {
		r = catalog_region_index(c, "us-east-1");
		f = fsx_find(c, r, dep, per_unit_mbps, hdd);
	}
	if (!f)
		return -1;
	out->usd = f->usd_per_gb_month;
	out->verification = f->verification;
	out->price_region = c->t->regions[f->region];
	return 0;
}

double catalog_fsx_usd_per_gb_month(const struct catalog *c, const char *region,
				    enum fsx_deployment dep, int per_unit_mbps,
				    int hdd)
{
	struct storage_price sp;
	catalog_fsx_price(c, region, dep, per_unit_mbps, hdd, &sp);
	return sp.usd;
}

double catalog_ebs_price(const struct catalog *c, const char *region,
			 const char *kind)
{
	int r = catalog_region_index(c, region);
	for (size_t i = 0; r >= 0 && kind && i < c->t->n_ebs; i++)
		if (c->t->ebs[i].region == r && !strcmp(c->t->ebs[i].kind, kind))
			return c->t->ebs[i].usd;
	return -1;
}

double catalog_ebs_usd_per_gb_month(const struct catalog *c, const char *region,
				    const char *volume_type)
{
	if (!volume_type || strchr(volume_type, '-'))
		return -1;   /* only storage kinds, not "gp3-iops" */
	return catalog_ebs_price(c, region, volume_type);
}

int catalog_efs_price(const struct catalog *c, const char *region,
		      struct storage_price *out)
{
	out->usd = -1;
	out->verification = NULL;
	out->price_region = NULL;
	if (!catalog_region_known(c, region))
		return -1;
	out->usd = c->t->efs_usd_per_gb_month;
	out->verification = "unverified-recall";
	out->price_region = "us-east-1";
	return 0;
}

double catalog_efs_usd_per_gb_month(const struct catalog *c, const char *region)
{
	struct storage_price sp;
	catalog_efs_price(c, region, &sp);
	return sp.usd;
}

/* ---- provenance --------------------------------------------------------- */

const char *catalog_about(const struct catalog *c)
{
	return c->t->about;
}

const char *catalog_data_date(const struct catalog *c)
{
	return c->t->data_date;
}
