/*
 * `--set KEY=VALUE` overrides applied to a config's YAML tree before it is
 * checked and typed, so an override is judged exactly like the same value
 * written in the file.  Internal to configs/ (config_load calls it); the
 * public type is struct config_override in config.h.
 */
#ifndef PCLSIM_OVERRIDE_H
#define PCLSIM_OVERRIDE_H

#include <stddef.h>

struct config_override;
struct diags;
struct ynode;

/* Applies each override in order.  A key is a dotted path of mapping keys,
 * each optionally followed by [N] (a list index) or [Key=Value] (the list
 * item whose Key is Value, e.g. [name=spot] or [Name=spot]).  The last key
 * is created if missing; a missing intermediate mapping is created too; a
 * missing list item is an error.  Returns the number of errors added to d
 * (each names the override). */
int config_apply_overrides(struct ynode *root,
			   const struct config_override *ov, size_t n,
			   struct diags *d);

#endif
