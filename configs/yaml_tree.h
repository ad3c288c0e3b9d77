/*
 * A YAML document as a small tree of nodes that remember where they stood in
 * the file.  The config loader needs every value's line and column long after
 * libyaml's event stream is gone (a validator reports a MaxCount by its
 * position), and `--set` overrides edit the tree before it is typed, so the
 * document is read whole into this tree first.
 *
 * Reading is defensive because configs come from users and from the web:
 * the size, the nesting depth and the expansion of aliases are bounded (an
 * alias is shared, not copied, and its expanded size is counted, so a
 * "billion laughs" document is refused quickly), input must be UTF-8, tabs in
 * indentation and duplicate keys are reported with their positions.
 */
#ifndef PCLSIM_YAML_TREE_H
#define PCLSIM_YAML_TREE_H

#include <stddef.h>

struct diags;

enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

struct ynode {
	enum ynode_kind kind;
	int line, col;            /* 1-based start of the node */
	char *value;              /* scalar text (NULL for maps and sequences) */
	int plain;                /* scalar written without quotes or block style */
	struct ynode **keys;      /* map keys (scalars); NULL for sequences */
	struct ynode **items;     /* map values or sequence items */
	size_t n, cap;
	size_t weight;            /* nodes in this subtree, aliases expanded */
	int refs;                 /* owners: parents and aliases that share it */
};

struct ytree_limits {
	size_t max_bytes;         /* 0: 4 MiB */
	int max_depth;            /* 0: 64 */
	size_t max_expanded;      /* 0: 10,000 nodes or 100x the own nodes */
};

/* Parses one YAML document from buf.  Returns the root (NULL for an empty
 * document) with *ok = 1, or NULL with *ok = 0 and errors in d (messages
 * carry name and positions). */
struct ynode *ytree_parse(const char *name, const char *buf, size_t len,
			  const struct ytree_limits *lim, int *ok,
			  struct diags *d);

/* Checks the bytes of a YAML file before parsing: at most max_bytes, UTF-8,
 * no NUL.  Returns 0, or -1 with one error in d naming name and, for a bad
 * byte, its line and column (libyaml itself reports those at 1:1 or cuts
 * the document at a NUL).  ytree_parse calls it; so does the scenario
 * loader, which builds no tree. */
int ytext_check(const char *name, const char *buf, size_t len,
		size_t max_bytes, struct diags *d);

/* Drops one reference; frees the node when it was the last. */
void ynode_unref(struct ynode *n);

/* New nodes for overrides; NULL when out of memory. */
struct ynode *ynode_new_scalar(const char *text, int plain, int line, int col);
struct ynode *ynode_new_map(int line, int col);
/* Appends key/value to a map (takes ownership of both).  Returns 0 or -1. */
int ymap_append(struct ynode *map, struct ynode *key, struct ynode *value);
/* Replaces map->items[i], dropping the old value. */
void ymap_replace(struct ynode *map, size_t i, struct ynode *value);

/* The index of key in a map, or -1. */
long ymap_find(const struct ynode *map, const char *key);
/* The value of key in a map, or NULL (also when map is not a map). */
struct ynode *ymap_get(const struct ynode *map, const char *key);

/* Scalars as YAML 1.1 (PyYAML, which pcluster uses) resolves plain ones. */
int yscalar_is_null(const struct ynode *n);
/* 1 and *out set when the scalar is an integer (plain, or quoted digits as
 * marshmallow accepts them); 0 otherwise. */
int yscalar_int(const struct ynode *n, long long *out);
int yscalar_float(const struct ynode *n, double *out);
/* 1 and *out set (0/1) for true/false/yes/no/on/off (any case) and, as
 * marshmallow's Bool field does, quoted "1"/"0"; 0 otherwise. */
int yscalar_bool(const struct ynode *n, int *out);
/* 1 when a plain scalar would be typed as a number or boolean by YAML. */
int yscalar_plain_non_string(const struct ynode *n);

#endif
