/*
 * The `--set` path language and its application to a YAML tree; see
 * override.h.  Paths are short and applied once per run, so each is parsed
 * segment by segment while walking the tree, and every error names the
 * whole key and the segment that failed.
 */
#include "configs/override.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "configs/config.h"
#include "configs/yaml_tree.h"
#include "sim/diag.h"

#define SEGMENT_MAX 256

struct segment {
	char key[SEGMENT_MAX];
	int has_index;           /* [N] */
	long index;
	int has_match;           /* [Key=Value] */
	char match_key[SEGMENT_MAX];
	char match_value[SEGMENT_MAX];
};

static void bad(struct diags *d, const struct config_override *o,
		const char *why)
{
	diag_error(d, "--set", 0, 0, "%s: %s", o->key, why);
}

/* Reads one segment at *p (advancing past it and a following '.').
 * Returns 0, or -1 with a reason in why. */
static int next_segment(const char **p, struct segment *s, const char **why)
{
	memset(s, 0, sizeof *s);
	const char *q = *p;
	size_t k = 0;
	while (*q && *q != '.' && *q != '[') {
		if (k + 1 >= SEGMENT_MAX) {
			*why = "a key in the path is too long";
			return -1;
		}
		s->key[k++] = *q++;
	}
	if (!k) {
		*why = "empty key in the path (two dots, or a leading dot?)";
		return -1;
	}
	if (*q == '[') {
		const char *close = strchr(q, ']');
		if (!close) {
			*why = "'[' without ']' in the path";
			return -1;
		}
		size_t len = (size_t)(close - q - 1);
		if (!len || len >= SEGMENT_MAX) {
			*why = "empty or too long [...] selector";
			return -1;
		}
		char sel[SEGMENT_MAX];
		memcpy(sel, q + 1, len);
		sel[len] = 0;
		char *eq = strchr(sel, '=');
		if (eq) {
			*eq = 0;
			snprintf(s->match_key, sizeof s->match_key, "%s", sel);
			snprintf(s->match_value, sizeof s->match_value, "%s",
				 eq + 1);
			s->has_match = 1;
		} else {
			char *end;
			s->index = strtol(sel, &end, 10);
			if (*end || s->index < 0) {
				*why = "a list selector is [N] (from 0) or "
				       "[Key=Value]";
				return -1;
			}
			s->has_index = 1;
		}
		q = close + 1;
	}
	if (*q == '.')
		q++;
	else if (*q) {
		*why = "expected '.' after ']' in the path";
		return -1;
	}
	*p = q;
	return 0;
}

/* The list item a selector picks, or NULL. */
static struct ynode *select_item(struct ynode *list, const struct segment *s)
{
	if (s->has_index)
		return (size_t)s->index < list->n ? list->items[s->index] : NULL;
	for (size_t i = 0; i < list->n; i++) {
		struct ynode *it = list->items[i];
		if (it->kind != YNODE_MAP)
			continue;
		/* [name=x] and [Name=x] both work: keys are PascalCase. */
		for (size_t k = 0; k < it->n; k++) {
			const struct ynode *v = it->items[k];
			if (!strcasecmp(it->keys[k]->value, s->match_key) &&
			    v->kind == YNODE_SCALAR &&
			    !strcmp(v->value, s->match_value))
				return it;
		}
	}
	return NULL;
}

static struct ynode *value_node(const char *value)
{
	/* Plain unless it needs quoting to stay text: the value is typed by
	 * the schema exactly as if it were written in the file. */
	return ynode_new_scalar(value, 1, 0, 0);
}

static int apply_one(struct ynode *root, const struct config_override *o,
		     struct diags *d)
{
	const char *p = o->key, *why = NULL;
	struct ynode *cur = root;
	char msg[1024];
	if (!o->key || !*o->key || !o->value) {
		diag_error(d, "--set", 0, 0,
			   "an override is KEY=VALUE, e.g. "
			   "Scheduling.SlurmQueues[0].ComputeResources[0]."
			   "MaxCount=20");
		return 1;
	}
	/* Config files are UTF-8 (yaml_tree.c); an override is held to the
	 * same, or its bytes would reach messages and outputs raw. */
	char q[200];
	if (!diag_is_text(o->key)) {
		diag_error(d, "--set", 0, 0, "the key '%s' is not UTF-8 text",
			   diag_quote(o->key, q, sizeof q));
		return 1;
	}
	if (!diag_is_text(o->value)) {
		diag_error(d, "--set", 0, 0, "%s: the value '%s' is not UTF-8 "
			   "text", o->key, diag_quote(o->value, q, sizeof q));
		return 1;
	}
	while (*p) {
		struct segment s;
		if (next_segment(&p, &s, &why) < 0) {
			bad(d, o, why);
			return 1;
		}
		if (cur->kind != YNODE_MAP) {
			snprintf(msg, sizeof msg,
				 "'%s' is under a value that is not a mapping",
				 s.key);
			bad(d, o, msg);
			return 1;
		}
		long at = ymap_find(cur, s.key);
		int last = !*p;
		if (at < 0) {
			if (s.has_index || s.has_match) {
				snprintf(msg, sizeof msg,
					 "no list '%s' to select from", s.key);
				bad(d, o, msg);
				return 1;
			}
			struct ynode *k = ynode_new_scalar(s.key, 1, 0, 0);
			struct ynode *v = last ? value_node(o->value)
					       : ynode_new_map(0, 0);
			if (!k || !v || ymap_append(cur, k, v) < 0) {
				ynode_unref(k);
				ynode_unref(v);
				bad(d, o, "out of memory");
				return 1;
			}
			cur = v;
			continue;
		}
		struct ynode *next = cur->items[at];
		if (s.has_index || s.has_match) {
			if (next->kind != YNODE_SEQ) {
				snprintf(msg, sizeof msg, "'%s' is not a list",
					 s.key);
				bad(d, o, msg);
				return 1;
			}
			struct ynode *item = select_item(next, &s);
			if (!item) {
				if (s.has_index)
					snprintf(msg, sizeof msg,
						 "'%s' has %zu items; there is no "
						 "[%ld]", s.key, next->n, s.index);
				else
					snprintf(msg, sizeof msg,
						 "no item of '%s' has %s=%s",
						 s.key, s.match_key,
						 s.match_value);
				bad(d, o, msg);
				return 1;
			}
			if (last) {
				bad(d, o, "the path ends at a list item; name "
					  "a key inside it");
				return 1;
			}
			cur = item;
			continue;
		}
		if (last) {
			struct ynode *v = value_node(o->value);
			if (!v) {
				bad(d, o, "out of memory");
				return 1;
			}
			v->line = next->line;
			v->col = next->col;
			ymap_replace(cur, (size_t)at, v);
			return 0;
		}
		cur = next;
	}
	return 0;
}

const char *config_override_eq(const char *arg)
{
	int depth = 0;
	for (const char *p = arg; *p; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		else if (*p == '=' && depth == 0)
			return p == arg ? NULL : p;
	}
	return NULL;
}

int config_apply_overrides(struct ynode *root,
			   const struct config_override *ov, size_t n,
			   struct diags *d)
{
	int errors = 0;
	for (size_t i = 0; i < n; i++) {
		if (!root || root->kind != YNODE_MAP) {
			diag_error(d, "--set", 0, 0,
				   "%s: the config is not a mapping to override",
				   ov[i].key ? ov[i].key : "");
			return errors + 1;
		}
		errors += apply_one(root, &ov[i], d);
	}
	return errors;
}
