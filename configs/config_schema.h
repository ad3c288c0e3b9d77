/*
 * The ParallelCluster v3 cluster-config schema as data, and the checker that
 * walks a YAML tree against it.  This is the part pcluster does with its
 * marshmallow schema (cli/src/pcluster/schemas/cluster_schema.py): every key
 * known, typed, ranged and pattern-checked, unknown keys refused.  The
 * messages are marshmallow's ("Must be greater than or equal to 1.",
 * "Unknown field.") prefixed with the key path, and an unknown key gets a
 * did-you-mean from the keys allowed at that place.
 *
 * Values that are obviously placeholders for AWS-side things a user fills in
 * later (`${VAR}`, `{VAR}`, `<YOUR ...>`, `PLACEHOLDER_*`) pass type and
 * pattern checks: pclsim cannot know them and real configs carry them.
 */
#ifndef PCLSIM_CONFIG_SCHEMA_H
#define PCLSIM_CONFIG_SCHEMA_H

#include <stddef.h>

struct diags;
struct ynode;

enum ftype {
	FT_STR, FT_INT, FT_FLOAT, FT_BOOL,
	FT_SCALAR,      /* any scalar (ElasticIp: true | false | eipalloc-...) */
	FT_MAP,         /* a nested section with its own schema */
	FT_DICT,        /* free-form mapping of scalars (CustomSlurmSettings) */
	FT_LIST,        /* list of `item` */
	FT_ACTION,      /* a custom action: {Script, Args} or {Sequence: [...]} */
};

enum {
	F_REQUIRED = 1 << 0,
	F_MIN = 1 << 1,
	F_MAX = 1 << 2,
	F_CIDR_OR_PL = 1 << 3, /* a CIDR or a prefix-list id */
	F_MIN_EXCL = 1 << 4,   /* min is exclusive (SpotBidPercentage) */
};

struct schema;

struct field {
	const char *key;
	enum ftype type;
	enum ftype item;             /* FT_LIST: the items' type */
	const struct schema *sub;    /* FT_MAP, or FT_LIST of FT_MAP */
	unsigned flags;
	const char *const *choices;  /* allowed values (as text), NULL-ended */
	const char *pattern;         /* POSIX ERE the text must match */
	long long min, max;          /* with F_MIN / F_MAX */
	int min_items, max_items;    /* FT_LIST bounds (0: none); for FT_STR
				      * the length bounds */
};

enum rule_kind { RULE_AT_MOST_ONE, RULE_EXACTLY_ONE };

struct rule {
	enum rule_kind kind;
	const char *keys[4];         /* NULL-ended */
	const char *message;         /* pcluster's text */
};

struct schema {
	const char *name;
	const struct field *fields;  /* ended by a NULL key */
	const struct rule *rules;    /* ended by a NULL message; may be NULL */
};

/* The root of a cluster config. */
extern const struct schema cluster_schema;

/* 1 when text looks like a value the user has still to fill in. */
int config_is_placeholder(const char *text);

/* Checks root against the schema; every problem goes to d as an error at
 * its position with the key path.  Returns the number of errors added. */
int schema_check(const struct schema *s, const struct ynode *root,
		 const char *file, struct diags *d);

/* Edit distance between two short strings (keys, names), capped at 64. */
int config_edit_distance(const char *a, const char *b);

#endif
