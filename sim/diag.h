/*
 * Diagnostics: errors and warnings collected by loaders and validators and
 * returned to the command that prints them.  Nothing below the command layer
 * prints; it adds to a struct diags.  Each message is formatted once as
 * "FILE:LINE:COL: error: TEXT" (line/column omitted when unknown) so every
 * reader reports positions the same way.
 */
#ifndef PCLSIM_DIAG_H
#define PCLSIM_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

struct diag {
	enum diag_level level;
	char *file;        /* may be NULL */
	int line, col;     /* 1-based; 0 when unknown */
	char *text;        /* without the position prefix */
};

struct diags {
	struct diag *items;
	size_t n, cap;
	size_t n_errors, n_warnings;
	size_t max_items;  /* 0: default bound (100); later ones are counted only */
	size_t dropped;
};

void diags_init(struct diags *d);
void diags_free(struct diags *d);

__attribute__((format(printf, 6, 7)))
void diag_add(struct diags *d, enum diag_level level, const char *file,
	      int line, int col, const char *fmt, ...);

#define diag_error(d, file, line, col, ...) \
	diag_add((d), DIAG_ERROR, (file), (line), (col), __VA_ARGS__)
#define diag_warn(d, file, line, col, ...) \
	diag_add((d), DIAG_WARNING, (file), (line), (col), __VA_ARGS__)

/* s made safe to quote in a message, into buf: bytes that are not UTF-8
 * (a trace from anywhere may hold Latin-1 names or binary junk) and control
 * characters become \xNN, so a terminal shows what the file holds; a value
 * too long for buf is cut with "...".  Returns buf.  size >= 8. */
const char *diag_quote(const char *s, char *buf, size_t size);

/* 1 when diag_quote would show s as it is (UTF-8, no control characters),
 * 0 otherwise: for text that must be text, such as a --set value. */
int diag_is_text(const char *s);

/* "FILE:LINE:COL: error: TEXT" into buf (truncated to size). */
void diag_format(const struct diag *dg, char *buf, size_t size);

/* Prints every item, errors and warnings alike, then a count of dropped ones. */
void diags_print(const struct diags *d, FILE *out);

/* The text of the first error (formatted), or NULL. */
const struct diag *diags_first_error(const struct diags *d);

#endif
