/* Collection and formatting of diagnostics; see diag.h. */
#include "sim/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIAG_DEFAULT_MAX 100

void diags_init(struct diags *d)
{
	memset(d, 0, sizeof *d);
}

void diags_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].text);
	}
	free(d->items);
	memset(d, 0, sizeof *d);
}

void diag_add(struct diags *d, enum diag_level level, const char *file,
	      int line, int col, const char *fmt, ...)
{
	if (level == DIAG_ERROR)
		d->n_errors++;
	else if (level == DIAG_WARNING)
		d->n_warnings++;
	size_t max = d->max_items ? d->max_items : DIAG_DEFAULT_MAX;
	if (d->n >= max) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 8;
		struct diag *ni = realloc(d->items, ncap * sizeof *ni);
		if (!ni) {
			d->dropped++;
			return;
		}
		d->items = ni;
		d->cap = ncap;
	}
	va_list ap;
	va_start(ap, fmt);
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	struct diag *dg = &d->items[d->n++];
	dg->level = level;
	dg->file = file ? strdup(file) : NULL;
	dg->line = line;
	dg->col = col;
	dg->text = strdup(buf);
}

/* The length of the well-formed UTF-8 sequence at s (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), 0 if there is
 * none. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* Bytes shown as \xNN: not UTF-8, or a control character. */
static size_t shown_len(const unsigned char *p)
{
	size_t n = utf8_len(p);
	return n == 0 || *p < 0x20 || *p == 0x7f ? 0 : n;
}

int diag_is_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = shown_len(p);
		if (!n)
			return 0;
		p += n;
	}
	return 1;
}

const char *diag_quote(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, room = size - 4;   /* keep space for "..." and NUL */
	while (*p) {
		size_t n = shown_len(p);
		int escape = n == 0;
		size_t need = escape ? 4 : n;
		if (w + need > room) {
			memcpy(buf + w, "...", 4);
			return buf;
		}
		if (escape) {
			snprintf(buf + w, 5, "\\x%02x", *p);
			p++;
		} else {
			memcpy(buf + w, p, n);
			p += n;
		}
		w += need;
	}
	buf[w] = '\0';
	return buf;
}

static const char *level_name(enum diag_level l)
{
	switch (l) {
	case DIAG_ERROR: return "error";
	case DIAG_WARNING: return "warning";
	default: return "note";
	}
}

void diag_format(const struct diag *dg, char *buf, size_t size)
{
	const char *text = dg->text ? dg->text : "(out of memory)";
	if (dg->file && dg->line > 0 && dg->col > 0)
		snprintf(buf, size, "%s:%d:%d: %s: %s", dg->file, dg->line,
			 dg->col, level_name(dg->level), text);
	else if (dg->file && dg->line > 0)
		snprintf(buf, size, "%s:%d: %s: %s", dg->file, dg->line,
			 level_name(dg->level), text);
	else if (dg->file)
		snprintf(buf, size, "%s: %s: %s", dg->file,
			 level_name(dg->level), text);
	else
		snprintf(buf, size, "%s: %s", level_name(dg->level), text);
}

void diags_print(const struct diags *d, FILE *out)
{
	char buf[1400];
	for (size_t i = 0; i < d->n; i++) {
		diag_format(&d->items[i], buf, sizeof buf);
		fprintf(out, "%s\n", buf);
	}
	if (d->dropped)
		fprintf(out, "(%zu more messages not shown)\n", d->dropped);
}

const struct diag *diags_first_error(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == DIAG_ERROR)
			return &d->items[i];
	return NULL;
}
