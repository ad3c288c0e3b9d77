/*
 * The trace reading entry point: format detection, dispatch to the format's
 * reader, and what every format needs afterwards (job ids unique, times
 * counted from the origin, jobs in submission order).  Also the helpers the
 * readers share (reader.h).
 */
#include "workloads/trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "workloads/reader.h"
#include "workloads/tparse.h"

static const char *const format_names[] = { "auto", "csv", "swf", "sacct" };

void trace_read_opts_init(struct trace_read_opts *o)
{
	memset(o, 0, sizeof *o);
	o->format = TRACE_AUTO;
}

int trace_format_parse(const char *name, enum trace_format *out)
{
	for (int i = 0; i < 4; i++)
		if (!strcasecmp(name, format_names[i])) {
			*out = (enum trace_format)i;
			return 0;
		}
	return -1;
}

const char *trace_format_name(enum trace_format f)
{
	return (unsigned)f < 4 ? format_names[f] : "?";
}

/* ---- helpers shared by the readers ----------------------------------- */

int reader_bad_row(struct reader *r, int line, int col, const char *fmt, ...)
{
	char buf[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (r->opts->skip_bad_rows) {
		r->t->skipped_bad_rows++;
		diag_warn(r->d, r->path, line, col, "%s (row skipped)", buf);
		return 0;
	}
	diag_error(r->d, r->path, line, col, "%s", buf);
	return -1;
}

void reader_io_error(struct reader *r, const char *msg)
{
	diag_error(r->d, r->path, r->lines.err_line, r->lines.err_col, "%s",
		   msg);
}

int reader_lines(struct reader *r, void *state, int *line_no,
		 const struct line_handler *h)
{
	char *line, err[300];
	size_t len;
	int rc = 0, have_header = !h->header, status = 0;
	while (status == 0 &&
	       (rc = line_next(&r->lines, &line, &len, err, sizeof err)) == 1) {
		if (line_no)
			*line_no = r->lines.line_no;
		const char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			continue;
		if (*s == h->comment_mark) {
			if (h->comment)
				h->comment(state, s);
			continue;
		}
		status = have_header ? h->row(state, line) : h->header(state, line);
		have_header = 1;
	}
	if (status == 0 && rc < 0) {
		reader_io_error(r, err);
		status = -1;
	}
	if (status == 0 && !have_header) {
		diag_error(r->d, r->path, 0, 0, "%s", h->no_header);
		status = -1;
	}
	return status;
}

int reader_push(struct reader *r, const struct job *j)
{
	/* Jobs a reader drops again (a bad array spec) only make the flags
	 * cautious: every pair of neighbours in the end was compared here. */
	if (r->t->n > 0) {
		const struct job *prev = &r->t->jobs[r->t->n - 1];
		r->ids_not_rising |= j->id <= prev->id;
		r->out_of_order |= j->submit_ms < prev->submit_ms ||
				   (j->submit_ms == prev->submit_ms &&
				    j->id < prev->id);
	}
	if (trace_push(r->t, j) == 0)
		return 0;
	diag_error(r->d, r->path, j->line, 0, "out of memory after %zu jobs",
		   r->t->n);
	return -1;
}

char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

int32_t reader_intern(struct reader *r, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return JOB_NO_STR;
	int32_t id = strtab_intern(&r->t->strings, s, n);
	if (id < 0) {
		diag_error(r->d, r->path, r->lines.line_no, 0, "out of memory");
		return -2;
	}
	return id;
}

int reader_header_fields(struct reader *r, int line, char **text, char sep,
			 char ***fields, int **cols)
{
	if (!strncmp(*text, "\xEF\xBB\xBF", 3))
		*text += 3;
	int max = 1;
	for (const char *p = *text; *p; p++)
		max += *p == sep;
	*fields = calloc((size_t)max, sizeof **fields);
	*cols = calloc((size_t)max, sizeof **cols);
	if (!*fields || !*cols) {
		diag_error(r->d, r->path, line, 0, "out of memory");
		return -1;
	}
	return max;
}

int split_fields(char *line, char sep, int quotes, char **fields, int *cols,
		 int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		char *start = p;
		if (quotes && *p == '"') {
			/* Unquote in place: "" becomes ", the field ends at
			 * the closing quote. */
			char *w = p;
			p++;
			for (;;) {
				if (!*p)
					return -1;
				if (*p == '"') {
					if (p[1] == '"') {
						*w++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				*w++ = *p++;
			}
			/* Anything between the closing quote and the
			 * separator is dropped, as spreadsheets do. */
			while (*p && *p != sep)
				p++;
			*w = '\0';
		} else {
			/* A byte loop, not strchr: most fields of a trace
			 * row are empty or a few digits, and a call per
			 * field cost more than the scan (line_next refused
			 * NUL bytes, so the first NUL is the line's end). */
			while (*p && *p != sep)
				p++;
		}
		int at_end = *p == '\0';
		*p = '\0';
		if (n < max) {
			fields[n] = start;
			if (cols)
				cols[n] = (int)(start - line) + 1;
		}
		n++;
		if (at_end)
			return n;
		p++;
	}
}

/* ---- detection -------------------------------------------------------- */

/* An SWF record is 18 blank-separated numbers.  A record with a few bad
 * fields is still SWF by its shape (18 words, most of them numbers, no
 * comma or bar), so the SWF reader can name the bad field instead of the
 * CSV reader missing its header. */
static int is_swf_record(const char *s)
{
	int fields = 0, numbers = 0;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (*s == '-' || *s == '+')
			s++;
		int digits = 0;
		while ((*s >= '0' && *s <= '9') || *s == '.') {
			s++;
			digits++;
		}
		int number = digits && (!*s || *s == ' ' || *s == '\t');
		while (*s && *s != ' ' && *s != '\t') {
			if (*s == ',' || *s == '|')
				return 0;
			s++;
		}
		fields++;
		numbers += number;
	}
	return fields == 18 && numbers >= 12;
}

enum trace_format trace_detect_line(const char *line, size_t len)
{
	(void)len;
	const char *s = line;
	if (!strncmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == ';' || is_swf_record(s))
		return TRACE_SWF;
	if (strchr(s, '|'))
		for (const char *p = s; *p; p++)
			if (!strncasecmp(p, "jobid", 5))
				return TRACE_SACCT;
	return TRACE_CSV;
}

static int detect(const char *path, enum trace_format *out, struct diags *d)
{
	struct line_reader lr;
	char err[300];
	if (line_open_peek(&lr, path, err, sizeof err) != 0) {
		diag_error(d, NULL, 0, 0, "%s", err);
		return -1;
	}
	char *line;
	size_t len;
	int rc;
	*out = TRACE_CSV;
	while ((rc = line_next(&lr, &line, &len, err, sizeof err)) == 1) {
		const char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		*out = trace_detect_line(s, strlen(s));
		break;
	}
	if (rc < 0)
		diag_error(d, path, lr.err_line, lr.err_col, "%s", err);
	line_close(&lr);
	return rc < 0 ? -1 : 0;
}

/* ---- checks common to every format ----------------------------------- */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

/* Finds duplicate ids with a hash of job indexes.  A duplicate is a bad row
 * (the later one is dropped under --skip-bad-rows). */
static int check_unique_ids(struct reader *r)
{
	struct trace *t = r->t;
	/* Ids that only grow, as most traces number their jobs, are unique:
	 * no table (for a long trace, megabytes) is needed. */
	if (!r->ids_not_rising)
		return 0;
	size_t cap = 16;
	while (cap < t->n * 2)
		cap *= 2;
	size_t *slot = malloc(cap * sizeof *slot);
	unsigned char *drop = calloc(t->n, 1);
	if (!slot || !drop) {
		free(slot);
		free(drop);
		diag_error(r->d, r->path, 0, 0, "out of memory checking job ids");
		return -1;
	}
	for (size_t i = 0; i < cap; i++)
		slot[i] = SIZE_MAX;
	int rc = 0;
	size_t dropped = 0;
	for (size_t i = 0; i < t->n && rc == 0; i++) {
		size_t h = (size_t)mix64((uint64_t)t->jobs[i].id) & (cap - 1);
		while (slot[h] != SIZE_MAX && t->jobs[slot[h]].id != t->jobs[i].id)
			h = (h + 1) & (cap - 1);
		if (slot[h] == SIZE_MAX) {
			slot[h] = i;
			continue;
		}
		const struct job *first = &t->jobs[slot[h]];
		rc = reader_bad_row(r, t->jobs[i].line, 0,
				    "job id %lld is used twice: lines %d and %d",
				    (long long)t->jobs[i].id, first->line,
				    t->jobs[i].line);
		drop[i] = 1;
		dropped++;
	}
	if (rc == 0 && dropped) {
		size_t w = 0;
		for (size_t i = 0; i < t->n; i++)
			if (!drop[i])
				t->jobs[w++] = t->jobs[i];
		t->n = w;
	}
	free(slot);
	free(drop);
	return rc;
}

/* Absolute (Unix) submit times become times since the earliest submit,
 * which is the trace's origin (whole seconds). */
static void move_origin(struct reader *r)
{
	struct trace *t = r->t;
	if (!r->absolute_times || t->n == 0)
		return;
	int64_t min = t->jobs[0].submit_ms;
	for (size_t i = 1; i < t->n; i++)
		if (t->jobs[i].submit_ms < min)
			min = t->jobs[i].submit_ms;
	int64_t origin_s = min >= 0 ? min / 1000 : -((-min + 999) / 1000);
	t->origin_unix = origin_s;
	for (size_t i = 0; i < t->n; i++)
		t->jobs[i].submit_ms -= origin_s * 1000;
}

int trace_read(const char *path, const struct trace_read_opts *opts,
	       struct trace *out, struct diags *d)
{
	struct trace_read_opts defaults;
	if (!opts) {
		trace_read_opts_init(&defaults);
		opts = &defaults;
	}
	enum trace_format f = opts->format;
	if (f == TRACE_AUTO && detect(path, &f, d) != 0)
		return -1;
	free(out->path);
	out->path = strdup(path);
	out->format = trace_format_name(f);
	/* Jobs already in out were not seen by reader_push: check them all. */
	struct reader r = { .path = path, .opts = opts, .t = out, .d = d,
			    .ids_not_rising = out->n > 0,
			    .out_of_order = out->n > 0 };
	char err[300];
	if (line_open(&r.lines, path, err, sizeof err) != 0) {
		diag_error(d, NULL, 0, 0, "%s", err);
		return -1;
	}
	size_t errors_before = d->n_errors;
	int rc;
	switch (f) {
	case TRACE_SWF: rc = read_swf(&r); break;
	case TRACE_SACCT: rc = read_sacct(&r); break;
	default: rc = read_csv(&r); break;
	}
	line_close(&r.lines);
	if (rc == 0)
		rc = check_unique_ids(&r);
	if (rc == 0 && d->n_errors > errors_before)
		rc = -1;
	if (rc != 0)
		return -1;
	move_origin(&r);
	/* Moving the origin shifts every submit time alike: order kept. */
	if (r.out_of_order)
		trace_sort(out);
	return 0;
}
