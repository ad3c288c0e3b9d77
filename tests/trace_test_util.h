/* Helpers for the trace tests: write a string to a temporary file, read a
 * trace from it, and find a diagnostic's text. */
#ifndef PCLSIM_TRACE_TEST_UTIL_H
#define PCLSIM_TRACE_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/diag.h"
#include "workloads/trace.h"

/* Writes text to a new temporary file; the caller unlinks and frees. */
__attribute__((unused)) static char *tmp_write(const char *text)
{
	char *path = strdup("/tmp/pclsim_trace_test_XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0) {
		free(path);
		return NULL;
	}
	size_t n = strlen(text);
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		unlink(path);
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* Reads text as a trace; returns trace_read()'s result. */
__attribute__((unused)) static int read_text(const char *text, enum trace_format f, int skip,
		     struct trace *t, struct diags *d)
{
	struct trace_read_opts o;
	trace_read_opts_init(&o);
	o.format = f;
	o.skip_bad_rows = skip;
	trace_init(t);
	diags_init(d);
	char *path = tmp_write(text);
	if (!path)
		return -2;
	int rc = trace_read(path, &o, t, d);
	unlink(path);
	free(path);
	return rc;
}

/* Whether any diagnostic's formatted text contains needle. */
__attribute__((unused)) static int diag_has(const struct diags *d, const char *needle)
{
	char buf[1400];
	for (size_t i = 0; i < d->n; i++) {
		diag_format(&d->items[i], buf, sizeof buf);
		if (strstr(buf, needle))
			return 1;
	}
	return 0;
}

#endif
