/* Collection and formatting of diagnostics; see diag.h. */
#include "sim/diag.h"

#include <stdarg.h>
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
