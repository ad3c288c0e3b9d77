/*
 * The scenario's catalog sections, `prices:` (private prices, the same rules
 * as a --catalog CSV file) and `speed_index:` (per-core speed per instance
 * type).  The loader only records them with their lines; they are applied
 * to a private copy of the catalog by scenario_apply_catalog() (scenario.h),
 * which is where type and region names are checked against the catalog.
 * Internal to configs/: scenario.c calls the loaders from its field table.
 */
#ifndef PCLSIM_SCENARIO_PRICES_H
#define PCLSIM_SCENARIO_PRICES_H

#include <yaml.h>

struct scenario;
struct diags;

/* prices: a sequence of mappings.  Returns the number of errors reported. */
int scenario_load_prices(const char *file, yaml_document_t *doc,
			 yaml_node_t *seq, struct scenario *s, struct diags *d);
/* speed_index: a mapping of instance type to a number > 0.  Returns the
 * number of errors reported. */
int scenario_load_speed_index(const char *file, yaml_document_t *doc,
			      yaml_node_t *map, struct scenario *s,
			      struct diags *d);
void scenario_prices_free(struct scenario *s);

#endif
