/*
 * String interning with an open-addressing hash table (linear probing,
 * FNV-1a).  The table holds ids into strs[]; it is rebuilt at twice the size
 * when it passes half full, which keeps probes short for the few thousand
 * users and partitions a trace names.
 */
#include "workloads/strtab.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

void strtab_init(struct strtab *t)
{
	memset(t, 0, sizeof *t);
}

void strtab_free(struct strtab *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->strs[i]);
	free(t->strs);
	free(t->index);
	memset(t, 0, sizeof *t);
}

/* The slot where s lives or would be inserted. */
static size_t probe(const struct strtab *t, const char *s, size_t len)
{
	size_t mask = t->index_cap - 1;
	size_t i = (size_t)hash_bytes(s, len) & mask;
	for (;;) {
		int32_t id = t->index[i];
		if (id < 0)
			return i;
		const char *c = t->strs[id];
		if (strncmp(c, s, len) == 0 && c[len] == '\0')
			return i;
		i = (i + 1) & mask;
	}
}

static int grow_index(struct strtab *t)
{
	size_t ncap = t->index_cap ? t->index_cap * 2 : 64;
	int32_t *ni = malloc(ncap * sizeof *ni);
	if (!ni)
		return -1;
	for (size_t i = 0; i < ncap; i++)
		ni[i] = -1;
	free(t->index);
	t->index = ni;
	t->index_cap = ncap;
	for (size_t id = 0; id < t->n; id++) {
		const char *s = t->strs[id];
		t->index[probe(t, s, strlen(s))] = (int32_t)id;
	}
	return 0;
}

int32_t strtab_intern(struct strtab *t, const char *s, size_t len)
{
	if (memchr(s, '\0', len))
		len = strlen(s);
	if ((t->n + 1) * 2 > t->index_cap && grow_index(t) != 0)
		return -1;
	size_t slot = probe(t, s, len);
	if (t->index[slot] >= 0)
		return t->index[slot];
	if (t->n >= INT32_MAX)
		return -1;
	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		char **ns = realloc(t->strs, ncap * sizeof *ns);
		if (!ns)
			return -1;
		t->strs = ns;
		t->cap = ncap;
	}
	char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	int32_t id = (int32_t)t->n++;
	t->strs[id] = copy;
	t->index[slot] = id;
	return id;
}

int32_t strtab_find(const struct strtab *t, const char *s)
{
	if (!t->index_cap || !s)
		return -1;
	return t->index[probe(t, s, strlen(s))];
}

const char *strtab_get(const struct strtab *t, int32_t id)
{
	if (id < 0 || (size_t)id >= t->n)
		return NULL;
	return t->strs[id];
}
