/*
 * The Standard Workload Format reader (Parallel Workloads Archive; fields in
 * ../shared/reference/traces/SWF.md and docs/traces.md).  Header comments
 * give the machine size and the Unix time of t = 0; each record is 18
 * whitespace-separated numbers where -1 means unknown.
 *
 * Rules (docs/traces.md): runtime = field 4; cpus = allocated processors
 * (field 5) or, when that is unknown, requested (field 8), because the
 * runtime was measured on the allocation; time limit = requested time
 * (field 9); memory = requested memory per processor (field 10, KB);
 * records with runtime <= 0, no processor count or no submit time never ran
 * (mostly jobs cancelled before they started) and are counted in
 * skipped_never_ran, not loaded.  Fields 17-18 (preceding job, think time)
 * describe user feedback already reflected in the submit times, so they
 * do not become dependencies.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "workloads/reader.h"
#include "workloads/tparse.h"

#define SWF_FIELDS 18

enum swf_field {
	F_JOB = 0, F_SUBMIT = 1, F_WAIT = 2, F_RUNTIME = 3, F_ALLOC_PROCS = 4,
	F_AVG_CPU = 5, F_USED_MEM = 6, F_REQ_PROCS = 7, F_REQ_TIME = 8,
	F_REQ_MEM = 9, F_STATUS = 10, F_USER = 11, F_GROUP = 12, F_APP = 13,
	F_QUEUE = 14, F_PARTITION = 15, F_PRECEDING = 16, F_THINK = 17,
};

static const char *const swf_field_names[SWF_FIELDS] = {
	"job number", "submit time", "wait time", "run time",
	"allocated processors", "average CPU time", "used memory",
	"requested processors", "requested time", "requested memory",
	"status", "user id", "group id", "executable number", "queue number",
	"partition number", "preceding job", "think time",
};

/* "; Label: value": the headers that matter to the simulation. */
static void read_header_comment(void *state, const char *s)
{
	struct reader *r = state;
	while (*s == ';' || *s == ' ' || *s == '\t')
		s++;
	static const char *const keys[] = { "MaxProcs:", "MaxNodes:",
					    "UnixStartTime:" };
	int64_t *dst[] = { &r->t->max_procs, &r->t->max_nodes,
			   &r->t->origin_unix };
	for (int k = 0; k < 3; k++) {
		size_t n = strlen(keys[k]);
		if (strncasecmp(s, keys[k], n))
			continue;
		/* Leading integer only: CTC writes "338 (batch partition;
		 * 512 total)". */
		char *end;
		long long v = strtoll(s + n, &end, 10);
		if (end != s + n)
			*dst[k] = v;
	}
}

/* Splits a record into its numbers.  Returns the field count (reading at
 * most SWF_FIELDS) or the negative 1-based index of a non-numeric field. */
static int split_record(char *line, double *v, int *cols)
{
	int n = 0;
	char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return n;
		char *start = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (n == SWF_FIELDS)
			return n + 1;
		char save = *p;
		*p = '\0';
		/* Integers, the common case, without strtod. */
		int64_t iv;
		if (tp_int64(start, &iv) == 0) {
			v[n] = (double)iv;
		} else if (tp_double(start, &v[n]) != 0) {
			*p = save;
			cols[n] = (int)(start - line) + 1;
			return -(n + 1);
		}
		cols[n] = (int)(start - line) + 1;
		*p = save;
		n++;
	}
}

static int32_t id_string(struct reader *r, const char *prefix, double v)
{
	if (v < 0)
		return JOB_NO_STR;
	char buf[40];
	snprintf(buf, sizeof buf, "%s%lld", prefix, (long long)v);
	return reader_intern(r, buf);
}

static int record(void *state, char *line)
{
	struct reader *r = state;
	double v[SWF_FIELDS + 1];
	int cols[SWF_FIELDS + 1];
	int line_no = r->lines.line_no;
	int n = split_record(line, v, cols);
	if (n < 0)
		return reader_bad_row(r, line_no, cols[-n - 1],
				      "field %d (%s) is not a number", -n,
				      swf_field_names[-n - 1]);
	if (n != SWF_FIELDS)
		return reader_bad_row(r, line_no, 0,
				      "an SWF record has 18 fields, this one has %s%d",
				      n > SWF_FIELDS ? "more than " : "",
				      n > SWF_FIELDS ? SWF_FIELDS : n);
	int procs_field = v[F_ALLOC_PROCS] > 0 ? F_ALLOC_PROCS : F_REQ_PROCS;
	double procs = v[procs_field];
	if (v[F_RUNTIME] <= 0 || procs <= 0 || v[F_SUBMIT] < 0) {
		r->t->skipped_never_ran++;
		return 0;
	}
	/* A count of processors is whole (fuzz finding: ".2" became 0 CPUs). */
	if (procs != floor(procs))
		return reader_bad_row(r, line_no, cols[procs_field],
				      "field %d (%s): %g is not a whole number",
				      procs_field + 1,
				      swf_field_names[procs_field], procs);
	/* Every field becomes an integer below (ids, labels); a value no
	 * int64 holds would make that conversion undefined. */
	for (int k = 0; k < SWF_FIELDS; k++)
		if (v[k] > 9.0e15 || v[k] < -9.0e15)
			return reader_bad_row(r, line_no, cols[k],
					      "field %d (%s): %g is out of range",
					      k + 1, swf_field_names[k], v[k]);
	if (procs > INT32_MAX || v[F_RUNTIME] > 9.0e12 || v[F_SUBMIT] > 9.0e12)
		return reader_bad_row(r, line_no, 0,
				      "values out of range (processors %.0f, run time %.0f s)",
				      procs, v[F_RUNTIME]);
	struct job j;
	job_init(&j);
	j.line = line_no;
	j.id = (int64_t)v[F_JOB];
	j.submit_ms = (int64_t)(v[F_SUBMIT] * 1000.0 + 0.5);
	j.runtime_ms = (int64_t)(v[F_RUNTIME] * 1000.0 + 0.5);
	j.cpus = (int32_t)procs;
	if (v[F_REQ_TIME] > 0 && v[F_REQ_TIME] < 9.0e12)
		j.time_limit_ms = (int64_t)(v[F_REQ_TIME] * 1000.0 + 0.5);
	if (v[F_REQ_MEM] > 0 && v[F_REQ_MEM] < 9.0e15)
		j.mem_per_cpu_mb = (int64_t)((v[F_REQ_MEM] + 1023.0) / 1024.0);
	if ((j.user = id_string(r, "", v[F_USER])) == -2 ||
	    (j.account = id_string(r, "", v[F_GROUP])) == -2 ||
	    (j.partition = id_string(r, "p", v[F_PARTITION])) == -2)
		return -1;
	return reader_push(r, &j);
}

int read_swf(struct reader *r)
{
	static const struct line_handler swf_lines = {
		';', read_header_comment, NULL, record, NULL,
	};
	return reader_lines(r, r, NULL, &swf_lines);
}
