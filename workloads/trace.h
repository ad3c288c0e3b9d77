/*
 * Reading job traces: one entry point for every format.  trace_read() opens a
 * file (plain or gzip-compressed, told apart by its magic bytes), finds its
 * format from the content unless told, streams it line by line through the
 * format's reader into a struct trace, and sorts it by submission.  The
 * readers never print: every problem goes into a struct diags with the file,
 * line and field, and the formats and their rules are documented in
 * docs/traces.md.
 */
#ifndef PCLSIM_TRACE_H
#define PCLSIM_TRACE_H

#include <stddef.h>

#include "sim/diag.h"
#include "workloads/job.h"

enum trace_format {
	TRACE_AUTO,      /* detect from the first non-empty, non-comment line */
	TRACE_CSV,
	TRACE_SWF,
	TRACE_SACCT,
};

struct trace_read_opts {
	enum trace_format format;
	/* Count and skip malformed rows instead of stopping at the first one
	 * (each is still reported, as a warning). */
	int skip_bad_rows;
};

void trace_read_opts_init(struct trace_read_opts *o);

/* Reads path into out (which must be trace_init'ed and empty).  Returns 0,
 * or -1 with errors in d; on failure out holds whatever was read and must
 * still be freed with trace_free(). */
int trace_read(const char *path, const struct trace_read_opts *opts,
	       struct trace *out, struct diags *d);

/* "csv", "swf", "sacct" (and "auto") <-> enum; -1 for an unknown name. */
int trace_format_parse(const char *name, enum trace_format *out);
const char *trace_format_name(enum trace_format f);

/* The format a line (the first non-empty one that is not a '#' comment)
 * belongs to: SWF for ';' comments or 18 numeric fields, sacct for a '|'
 * header naming JobID, CSV otherwise. */
enum trace_format trace_detect_line(const char *line, size_t len);

#endif
