/*
 * What the format readers share, private to workloads/: the state of one
 * read (file, options, output, diagnostics), how a bad row is reported, and
 * field splitting.  trace_read() (trace_read.c) owns the entry point and the
 * checks common to every format (unique ids, time origin, sorting).
 */
#ifndef PCLSIM_READER_H
#define PCLSIM_READER_H

#include <stddef.h>
#include <stdint.h>

#include "sim/diag.h"
#include "workloads/lineio.h"
#include "workloads/trace.h"

struct reader {
	const char *path;
	const struct trace_read_opts *opts;
	struct trace *t;
	struct diags *d;
	struct line_reader lines;
	/* Set by readers whose times are absolute (ISO-8601): submit_ms then
	 * holds Unix milliseconds until trace_read() moves the origin. */
	int absolute_times;
	/* What reader_push saw of consecutive jobs, so that a trace already
	 * numbered and in submit order (most are) is not read again to
	 * learn it: an id not above the one before, a job that sorts before
	 * the one before (trace_sort's order). */
	int ids_not_rising, out_of_order;
};

/* Room for a value quoted in a message (diag_quote): enough to recognise
 * it, bounded so a 60 MiB field cannot fill the diagnostics. */
#define QUOTE_BYTES 200

/* Reports a malformed row.  Returns 0 when the read goes on (the row is
 * skipped and counted under --skip-bad-rows), -1 when it must stop. */
__attribute__((format(printf, 4, 5)))
int reader_bad_row(struct reader *r, int line, int col, const char *fmt, ...);

/* Reports a read error from line_next() (always fatal). */
void reader_io_error(struct reader *r, const char *msg);

/* Adds a job, reporting exhaustion of memory; 0 or -1. */
int reader_push(struct reader *r, const struct job *j);

/* Interns a field (trimmed) into the trace's strings; JOB_NO_STR for an
 * empty field; -2 when out of memory. */
int32_t reader_intern(struct reader *r, const char *s);

/* Splits line in place on sep, honouring double quotes ("a,b" and "" for a
 * quote) when quotes is set.  Up to max fields go to fields[] with their
 * 1-based columns in cols[] (may be NULL); returns the number of fields
 * (which may exceed max: the rest are not stored), or -1 for an unterminated
 * quote. */
int split_fields(char *line, char sep, int quotes, char **fields, int *cols,
		 int max);

/* Prepares the header row *line of a delimited trace: steps over a UTF-8
 * byte-order mark and allocates *fields and *cols (which the data rows reuse)
 * with room for every field the row can hold, one more than its separators.
 * Returns that room, or -1 with "out of memory" reported at line. */
int reader_header_fields(struct reader *r, int line, char **text, char sep,
			 char ***fields, int **cols);

/* What a trace reader does with its lines: comment is given each line whose
 * first non-blank is comment_mark ('#' in CSV and sacct, ';' in SWF; NULL:
 * such lines are skipped); header the first other non-blank line (NULL: the
 * format has no header line); row every line after it.  header and row
 * return 0 to go on, -1 to stop.  no_header is the error for a file without
 * a header line. */
struct line_handler {
	char comment_mark;
	void (*comment)(void *state, const char *text);
	int (*header)(void *state, char *line);
	int (*row)(void *state, char *line);
	const char *no_header;
};

/* Reads r's lines through h, storing each line's number in *line_no (when
 * not NULL) before handing it over.  Returns 0, or -1 with the error
 * reported. */
int reader_lines(struct reader *r, void *state, int *line_no,
		 const struct line_handler *h);

/* Removes blanks around s in place and returns it. */
char *trim(char *s);

int read_csv(struct reader *r);
int read_swf(struct reader *r);
int read_sacct(struct reader *r);

/* The id an array task gets: base * ARRAY_ID_SCALE + task index, so tasks of
 * different arrays never collide while the base id stays readable. */
#define ARRAY_ID_SCALE 1000000
#define ARRAY_TASK_MAX (ARRAY_ID_SCALE - 1)

#endif
