/*
 * libyaml's event stream folded into a struct ynode tree; see yaml_tree.h for
 * why, and for the limits.  Aliases point at the anchored node (shared, with
 * a reference count) instead of copying it, and the size the alias would
 * have when expanded is added to a running total that is checked against
 * the limit, so a document of nested aliases is refused after a bounded
 * amount of work.  Merge keys (`<<: *base`) are resolved when the mapping
 * closes, as PyYAML resolves them.
 */
#include "configs/yaml_tree.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "sim/diag.h"

#define DEFAULT_MAX_BYTES (4u << 20)
#define DEFAULT_MAX_DEPTH 64
#define DEFAULT_MIN_EXPANDED 10000
#define EXPANSION_FACTOR 100

struct anchor {
	char *name;
	struct ynode *node;
};

struct frame {
	struct ynode *node;
	struct ynode *pending_key;   /* map: key read, value not yet */
};

struct builder {
	const char *name;
	struct diags *d;
	struct ytree_limits lim;
	struct frame *stack;
	int depth, stack_cap;
	struct anchor *anchors;
	size_t n_anchors, anchors_cap;
	size_t own_nodes, expanded;
	struct ynode *root;
	int failed;
};

static struct ynode *node_alloc(enum ynode_kind kind, int line, int col)
{
	struct ynode *n = calloc(1, sizeof *n);
	if (!n)
		return NULL;
	n->kind = kind;
	n->line = line;
	n->col = col;
	n->weight = 1;
	n->refs = 1;
	return n;
}

struct ynode *ynode_new_scalar(const char *text, int plain, int line, int col)
{
	struct ynode *n = node_alloc(YNODE_SCALAR, line, col);
	if (!n)
		return NULL;
	n->value = strdup(text);
	if (!n->value) {
		free(n);
		return NULL;
	}
	n->plain = plain;
	return n;
}

struct ynode *ynode_new_map(int line, int col)
{
	return node_alloc(YNODE_MAP, line, col);
}

void ynode_unref(struct ynode *n)
{
	if (!n || --n->refs > 0)
		return;
	for (size_t i = 0; i < n->n; i++) {
		if (n->keys)
			ynode_unref(n->keys[i]);
		ynode_unref(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->value);
	free(n);
}

static int grow(struct ynode *n)
{
	if (n->n < n->cap)
		return 0;
	size_t cap = n->cap ? n->cap * 2 : 4;
	struct ynode **items = realloc(n->items, cap * sizeof *items);
	if (!items)
		return -1;
	n->items = items;
	if (n->kind == YNODE_MAP) {
		struct ynode **keys = realloc(n->keys, cap * sizeof *keys);
		if (!keys)
			return -1;
		n->keys = keys;
	}
	n->cap = cap;
	return 0;
}

int ymap_append(struct ynode *map, struct ynode *key, struct ynode *value)
{
	if (grow(map) < 0)
		return -1;
	map->keys[map->n] = key;
	map->items[map->n++] = value;
	map->weight += key->weight + value->weight;
	return 0;
}

void ymap_replace(struct ynode *map, size_t i, struct ynode *value)
{
	ynode_unref(map->items[i]);
	map->items[i] = value;
}

long ymap_find(const struct ynode *map, const char *key)
{
	if (!map || map->kind != YNODE_MAP)
		return -1;
	for (size_t i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i]->value, key))
			return (long)i;
	return -1;
}

struct ynode *ymap_get(const struct ynode *map, const char *key)
{
	long i = ymap_find(map, key);
	return i < 0 ? NULL : map->items[i];
}

/* ---- scalar resolution (YAML 1.1 as PyYAML does it) ---------------------- */

int yscalar_is_null(const struct ynode *n)
{
	if (!n || n->kind != YNODE_SCALAR || !n->plain)
		return 0;
	const char *v = n->value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") ||
	       !strcmp(v, "Null") || !strcmp(v, "NULL");
}

static int parse_int_text(const char *v, long long *out)
{
	const char *p = v;
	int neg = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!*p)
		return 0;
	int base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && p[1]) {
		base = 8;
		p++;
	}
	char digits[64];
	size_t k = 0;
	for (; *p; p++) {
		if (*p == '_')
			continue;
		if (k + 1 >= sizeof digits)
			return 0;
		digits[k++] = *p;
	}
	digits[k] = 0;
	if (!k)
		return 0;
	char *end;
	errno = 0;
	long long x = strtoll(digits, &end, base);
	if (*end || errno)
		return 0;
	*out = neg ? -x : x;
	return 1;
}

int yscalar_int(const struct ynode *n, long long *out)
{
	if (!n || n->kind != YNODE_SCALAR)
		return 0;
	if (n->plain)
		return parse_int_text(n->value, out);
	/* marshmallow's Int turns the string "10" into 10, but not "0x10". */
	const char *p = n->value;
	if (*p == '-' || *p == '+')
		p++;
	if (!*p || strspn(p, "0123456789") != strlen(p))
		return 0;
	char *end;
	errno = 0;
	*out = strtoll(n->value, &end, 10);
	return !*end && !errno;
}

static int parse_float_text(const char *v, double *out)
{
	if (!*v)
		return 0;
	char *end;
	errno = 0;
	double x = strtod(v, &end);
	if (*end || errno)
		return 0;
	*out = x;
	return 1;
}

int yscalar_float(const struct ynode *n, double *out)
{
	long long i;
	if (!n || n->kind != YNODE_SCALAR)
		return 0;
	if (yscalar_int(n, &i)) {
		*out = (double)i;
		return 1;
	}
	const char *v = n->value;
	/* Reject hex floats and inf/nan words strtod would take. */
	if (strpbrk(v, "xXnN"))
		return 0;
	return parse_float_text(v, out);
}

static const char *const true_words[] = { "true", "yes", "on", NULL };
static const char *const false_words[] = { "false", "no", "off", NULL };

static int word_in(const char *v, const char *const *words)
{
	for (size_t i = 0; words[i]; i++) {
		const char *w = words[i];
		/* YAML 1.1 accepts lower, Capitalised and UPPER forms only. */
		char cap[8], up[8];
		size_t len = strlen(w);
		for (size_t k = 0; k <= len; k++) {
			up[k] = (char)(w[k] >= 'a' && w[k] <= 'z' ? w[k] - 32 : w[k]);
			cap[k] = k == 0 ? up[0] : w[k];
		}
		if (!strcmp(v, w) || !strcmp(v, cap) || !strcmp(v, up))
			return 1;
	}
	return 0;
}

int yscalar_bool(const struct ynode *n, int *out)
{
	if (!n || n->kind != YNODE_SCALAR)
		return 0;
	const char *v = n->value;
	if (word_in(v, true_words) || (!n->plain && !strcmp(v, "1"))) {
		*out = 1;
		return 1;
	}
	if (word_in(v, false_words) || (!n->plain && !strcmp(v, "0"))) {
		*out = 0;
		return 1;
	}
	return 0;
}

int yscalar_plain_non_string(const struct ynode *n)
{
	long long i;
	double f;
	int b;
	if (!n || n->kind != YNODE_SCALAR || !n->plain)
		return 0;
	return yscalar_int(n, &i) || yscalar_bool(n, &b) ||
	       (strchr(n->value, '.') && yscalar_float(n, &f));
}

/* ---- checks before libyaml sees the text --------------------------------- */

/* Offset of the first byte that is not well-formed UTF-8, or len. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t need;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			need = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			need = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		for (size_t k = 1; k <= need; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
		    (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += need + 1;
	}
	return len;
}

static void offset_to_pos(const char *buf, size_t off, int *line, int *col)
{
	int l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* The first line whose indentation contains a tab, as line/col; 0 if none. */
static int find_indent_tab(const char *buf, size_t len, int *line, int *col)
{
	int l = 1;
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
			i++;
		int has_text = i < len && buf[i] != '\n' && buf[i] != '\r' &&
			       buf[i] != '#';
		for (size_t k = start; k < i && has_text; k++) {
			if (buf[k] == '\t') {
				*line = l;
				*col = (int)(k - start) + 1;
				return 1;
			}
		}
		while (i < len && buf[i] != '\n')
			i++;
		i++;
		l++;
	}
	return 0;
}

/* ---- building the tree --------------------------------------------------- */

/* A fatal problem: parsing stops.  fmt takes one string argument. */
static void fail(struct builder *b, int line, int col, const char *fmt,
		 const char *arg)
{
	char text[600];
	b->failed = 1;
	snprintf(text, sizeof text, fmt, arg);
	diag_error(b->d, b->name, line, col, "%s", text);
}

static void fail_oom(struct builder *b)
{
	b->failed = 1;
	diag_error(b->d, b->name, 0, 0, "out of memory reading the YAML");
}

static struct ynode *anchor_lookup(struct builder *b, const char *name)
{
	for (size_t i = b->n_anchors; i-- > 0;)
		if (!strcmp(b->anchors[i].name, name))
			return b->anchors[i].node;
	return NULL;
}

static void anchor_define(struct builder *b, const char *name,
			  struct ynode *n)
{
	if (b->n_anchors == b->anchors_cap) {
		size_t cap = b->anchors_cap ? b->anchors_cap * 2 : 8;
		struct anchor *a = realloc(b->anchors, cap * sizeof *a);
		if (!a) {
			fail_oom(b);
			return;
		}
		b->anchors = a;
		b->anchors_cap = cap;
	}
	char *copy = strdup(name);
	if (!copy) {
		fail_oom(b);
		return;
	}
	b->anchors[b->n_anchors].name = copy;
	b->anchors[b->n_anchors++].node = n;
}

static size_t expansion_limit(const struct builder *b)
{
	if (b->lim.max_expanded)
		return b->lim.max_expanded;
	size_t rel = b->own_nodes * EXPANSION_FACTOR;
	return rel > DEFAULT_MIN_EXPANDED ? rel : DEFAULT_MIN_EXPANDED;
}

/* Attaches a finished node to its parent (or makes it the root). */
static void attach(struct builder *b, struct ynode *n)
{
	if (b->depth == 0) {
		b->root = n;
		return;
	}
	struct frame *f = &b->stack[b->depth - 1];
	struct ynode *p = f->node;
	if (p->kind == YNODE_SEQ) {
		if (grow(p) < 0) {
			ynode_unref(n);
			fail_oom(b);
			return;
		}
		p->items[p->n++] = n;
		p->weight += n->weight;
		return;
	}
	if (!f->pending_key) {
		if (n->kind != YNODE_SCALAR) {
			fail(b, n->line, n->col, "%s",
			     "a mapping key must be a plain value, not a list "
			     "or mapping");
			ynode_unref(n);
			return;
		}
		for (size_t i = 0; i < p->n; i++) {
			if (!strcmp(p->keys[i]->value, n->value) &&
			    strcmp(n->value, "<<")) {
				/* Not fatal: the rest of the file is still
				 * worth checking. */
				diag_error(b->d, b->name, n->line, n->col,
					   "duplicate key '%s' (first at line %d)",
					   n->value, p->keys[i]->line);
				break;
			}
		}
		f->pending_key = n;
		return;
	}
	if (ymap_append(p, f->pending_key, n) < 0) {
		ynode_unref(f->pending_key);
		ynode_unref(n);
		fail_oom(b);
	}
	f->pending_key = NULL;
}

static void push(struct builder *b, struct ynode *n)
{
	if (b->depth >= b->lim.max_depth) {
		char lim[32];
		snprintf(lim, sizeof lim, "%d", b->lim.max_depth);
		fail(b, n->line, n->col,
		     "the document nests deeper than %s levels", lim);
		ynode_unref(n);
		return;
	}
	if (b->depth == b->stack_cap) {
		int cap = b->stack_cap ? b->stack_cap * 2 : 16;
		struct frame *s = realloc(b->stack, (size_t)cap * sizeof *s);
		if (!s) {
			ynode_unref(n);
			fail_oom(b);
			return;
		}
		b->stack = s;
		b->stack_cap = cap;
	}
	b->stack[b->depth].node = n;
	b->stack[b->depth++].pending_key = NULL;
}

/* `<<: *base` or `<<: [*a, *b]`: copy in the keys the map does not have. */
static void resolve_merge(struct builder *b, struct ynode *map)
{
	long at = -1;
	for (size_t i = 0; i < map->n; i++)
		if (map->keys[i]->plain && !strcmp(map->keys[i]->value, "<<"))
			at = (long)i;
	if (at < 0)
		return;
	struct ynode *key = map->keys[at], *src = map->items[at];
	memmove(map->keys + at, map->keys + at + 1,
		(map->n - (size_t)at - 1) * sizeof *map->keys);
	memmove(map->items + at, map->items + at + 1,
		(map->n - (size_t)at - 1) * sizeof *map->items);
	map->n--;
	size_t n_src = src->kind == YNODE_SEQ ? src->n : 1;
	for (size_t s = 0; s < n_src && !b->failed; s++) {
		struct ynode *m = src->kind == YNODE_SEQ ? src->items[s] : src;
		if (m->kind != YNODE_MAP) {
			fail(b, m->line, m->col, "%s",
			     "a merge key (<<) needs a mapping or a list of "
			     "mappings");
			break;
		}
		for (size_t i = 0; i < m->n; i++) {
			if (ymap_find(map, m->keys[i]->value) >= 0)
				continue;
			m->keys[i]->refs++;
			m->items[i]->refs++;
			if (ymap_append(map, m->keys[i], m->items[i]) < 0) {
				ynode_unref(m->keys[i]);
				ynode_unref(m->items[i]);
				fail_oom(b);
				break;
			}
		}
	}
	ynode_unref(key);
	ynode_unref(src);
}

static void pop(struct builder *b)
{
	struct frame *f = &b->stack[--b->depth];
	struct ynode *n = f->node;
	if (f->pending_key) {
		ynode_unref(f->pending_key);
		f->pending_key = NULL;
	}
	if (n->kind == YNODE_MAP)
		resolve_merge(b, n);
	attach(b, n);
}

static void on_alias(struct builder *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	int line = (int)ev->start_mark.line + 1;
	int col = (int)ev->start_mark.column + 1;
	struct ynode *n = anchor_lookup(b, name);
	if (!n) {
		fail(b, line, col, "unknown alias '*%s'", name);
		return;
	}
	/* An alias inside the node it names would make the tree a cycle,
	 * which reference counting can never free. */
	for (int i = 0; i < b->depth; i++)
		if (b->stack[i].node == n) {
			fail(b, line, col,
			     "alias '*%s' is inside the node it names "
			     "(a recursive document)", name);
			return;
		}
	b->expanded += n->weight;
	if (b->expanded > expansion_limit(b)) {
		fail(b, line, col,
		     "aliases expand the document too much (alias '*%s'); "
		     "refusing it", name);
		return;
	}
	n->refs++;
	attach(b, n);
}

static void on_start(struct builder *b, const yaml_event_t *ev,
		     enum ynode_kind kind)
{
	const yaml_char_t *anchor = kind == YNODE_MAP
		? ev->data.mapping_start.anchor
		: ev->data.sequence_start.anchor;
	struct ynode *n = node_alloc(kind, (int)ev->start_mark.line + 1,
				     (int)ev->start_mark.column + 1);
	if (!n) {
		fail_oom(b);
		return;
	}
	b->own_nodes++;
	b->expanded++;
	if (anchor)
		anchor_define(b, (const char *)anchor, n);
	push(b, n);
}

static void on_scalar(struct builder *b, const yaml_event_t *ev)
{
	int line = (int)ev->start_mark.line + 1;
	int col = (int)ev->start_mark.column + 1;
	if (memchr(ev->data.scalar.value, 0, ev->data.scalar.length)) {
		fail(b, line, col, "%s", "a value contains a NUL character");
		return;
	}
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	struct ynode *n = ynode_new_scalar((const char *)ev->data.scalar.value,
					   plain, line, col);
	if (!n) {
		fail_oom(b);
		return;
	}
	b->own_nodes++;
	b->expanded++;
	if (ev->data.scalar.anchor)
		anchor_define(b, (const char *)ev->data.scalar.anchor, n);
	attach(b, n);
}

static void report_parser_error(struct builder *b, const yaml_parser_t *p,
				const char *buf, size_t len)
{
	int line, col;
	if (find_indent_tab(buf, len, &line, &col)) {
		fail(b, line, col, "%s",
		     "tab character in indentation (YAML allows only spaces)");
		return;
	}
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->context_mark;
	char msg[512];
	snprintf(msg, sizeof msg, "%s%s%s",
		 p->problem ? p->problem : "invalid YAML",
		 p->context ? " " : "", p->context ? p->context : "");
	fail(b, (int)m->line + 1, (int)m->column + 1, "YAML syntax error: %s",
	     msg);
}

static void builder_free(struct builder *b)
{
	for (int i = b->depth; i-- > 0;) {
		ynode_unref(b->stack[i].pending_key);
		ynode_unref(b->stack[i].node);
	}
	free(b->stack);
	for (size_t i = 0; i < b->n_anchors; i++)
		free(b->anchors[i].name);
	free(b->anchors);
}

int ytext_check(const char *name, const char *buf, size_t len,
		size_t max_bytes, struct diags *d)
{
	if (len > max_bytes) {
		diag_error(d, name, 0, 0, "the file is too large: %zu bytes (the "
			   "limit is %zu)", len, max_bytes);
		return -1;
	}
	size_t bad = utf8_invalid_at((const unsigned char *)buf, len);
	if (bad < len) {
		int line, col;
		offset_to_pos(buf, bad, &line, &col);
		diag_error(d, name, line, col, "the file is not valid UTF-8 "
			   "(byte 0x%02x); save it as UTF-8",
			   (unsigned char)buf[bad]);
		return -1;
	}
	const char *nul = memchr(buf, 0, len);
	if (nul) {
		int line, col;
		offset_to_pos(buf, (size_t)(nul - buf), &line, &col);
		diag_error(d, name, line, col, "%s",
			   "a NUL byte: YAML is text; is the file binary?");
		return -1;
	}
	return 0;
}

struct ynode *ytree_parse(const char *name, const char *buf, size_t len,
			  const struct ytree_limits *lim, int *ok,
			  struct diags *d)
{
	struct builder b;
	memset(&b, 0, sizeof b);
	b.name = name;
	b.d = d;
	if (lim)
		b.lim = *lim;
	if (!b.lim.max_bytes)
		b.lim.max_bytes = DEFAULT_MAX_BYTES;
	if (!b.lim.max_depth)
		b.lim.max_depth = DEFAULT_MAX_DEPTH;
	*ok = 0;
	if (ytext_check(name, buf, len, b.lim.max_bytes, d) < 0)
		return NULL;

	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		fail_oom(&b);
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	int documents = 0, done = 0;
	while (!done && !b.failed) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			report_parser_error(&b, &p, buf, len);
			break;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1)
				fail(&b, (int)ev.start_mark.line + 1,
				     (int)ev.start_mark.column + 1, "%s",
				     "the file holds more than one YAML "
				     "document; a cluster config is one");
			break;
		case YAML_MAPPING_START_EVENT:
			on_start(&b, &ev, YNODE_MAP);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_start(&b, &ev, YNODE_SEQ);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			pop(&b);
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(&b, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(&b, &ev);
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	builder_free(&b);
	if (b.failed) {
		ynode_unref(b.root);
		return NULL;
	}
	*ok = 1;
	return b.root;
}
