/*
 * The scenario's fleet keys that are more than one number: boot.latency_s
 * (a fixed boot), boot.distribution, boot.quantiles,
 * spot.bucket_monthly_prob, spot.pools, checkpoint.interval_s and
 * checkpoint.on_notice; and the checks that join keys after the whole file
 * is read.  The plain numbers of those sections sit in scenario.c's tables.
 * Meanings, defaults and sources: docs/fleet.md.  Internal to configs/.
 */
#ifndef PCLSIM_SCENARIO_FLEET_H
#define PCLSIM_SCENARIO_FLEET_H

#include <yaml.h>

struct scenario;
struct diags;

/* One special key (path is "section.key").  Returns the number of errors
 * reported. */
int scenario_load_fleet_key(const char *file, yaml_document_t *doc,
			    const char *path, yaml_node_t *v,
			    struct scenario *s, struct diags *d);

/* After the file: keys that exclude each other, what a fixed boot implies,
 * the fleet's own range checks, and boot_latency_ms as the planning
 * estimate.  Returns the number of errors reported. */
int scenario_fleet_finish(const char *file, struct scenario *s,
			  struct diags *d);

#endif
