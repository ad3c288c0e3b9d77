/*
 * String interning: each distinct string gets a small integer id, so records
 * that name partitions, users or accounts stay fixed-size and comparisons are
 * integer compares.
 */
#ifndef PCLSIM_STRTAB_H
#define PCLSIM_STRTAB_H

#include <stddef.h>
#include <stdint.h>

struct strtab {
	char **strs;             /* id -> string */
	size_t n, cap;
	int32_t *index;          /* open-addressing hash of ids; -1 empty */
	size_t index_cap;
};

void strtab_init(struct strtab *t);
void strtab_free(struct strtab *t);
/* The id of s (len bytes, not necessarily NUL-terminated), adding it if new;
 * -1 when out of memory. */
int32_t strtab_intern(struct strtab *t, const char *s, size_t len);
/* The id of s, or -1 when absent. */
int32_t strtab_find(const struct strtab *t, const char *s);
/* The string of id, or NULL for an id out of range. */
const char *strtab_get(const struct strtab *t, int32_t id);

#endif
