/*
 * CSV and SWF writers.  Times are written as exact seconds (three decimals
 * only when there are milliseconds), so reading the output back gives the
 * same integers.  Absent values are empty CSV fields, and -1 in SWF.
 */
#include "workloads/trace_write.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void put_seconds(FILE *out, int64_t ms)
{
	const char *sign = ms < 0 ? "-" : "";
	uint64_t a = ms < 0 ? (uint64_t)-(ms + 1) + 1 : (uint64_t)ms;
	if (a % 1000)
		fprintf(out, "%s%" PRIu64 ".%03" PRIu64, sign, a / 1000, a % 1000);
	else
		fprintf(out, "%s%" PRIu64, sign, a / 1000);
}

/* A string field, quoted when it holds a separator, a quote or edge
 * blanks. */
static void put_string(FILE *out, const struct trace *t, int32_t id)
{
	const char *s = strtab_get(&t->strings, id);
	if (!s)
		return;
	size_t n = strlen(s);
	int quote = strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
	if (!quote) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void put_float(FILE *out, float v)
{
	if (v >= 0)
		fprintf(out, "%.9g", (double)v);
}

static void put_count(FILE *out, int64_t v, int64_t absent)
{
	if (v != absent)
		fprintf(out, "%" PRId64, v);
}

int trace_write_csv(FILE *out, const struct trace *t)
{
	if (t->origin_unix)
		fprintf(out, "# origin_unix: %" PRId64 "\n", t->origin_unix);
	fputs("job_id,submit,runtime,cpus,nodes,time_limit,mem_mb,"
	      "mem_per_cpu_mb,gpus,partition,user,account,exclusive,"
	      "no_requeue,constraint,read_gb,write_gb,compress_ratio,"
	      "comm_fraction,depends_on\n", out);
	for (size_t i = 0; i < t->n; i++) {
		const struct job *j = &t->jobs[i];
		fprintf(out, "%" PRId64 ",", j->id);
		put_seconds(out, j->submit_ms);
		fputc(',', out);
		put_seconds(out, j->runtime_ms);
		fprintf(out, ",%d,", j->cpus);
		put_count(out, j->nodes, 0);
		fputc(',', out);
		if (j->time_limit_ms >= 0)
			put_seconds(out, j->time_limit_ms);
		fputc(',', out);
		put_count(out, j->mem_mb, 0);
		fputc(',', out);
		put_count(out, j->mem_per_cpu_mb, 0);
		fputc(',', out);
		put_count(out, j->gpus, 0);
		fputc(',', out);
		put_string(out, t, j->partition);
		fputc(',', out);
		put_string(out, t, j->user);
		fputc(',', out);
		put_string(out, t, j->account);
		fprintf(out, ",%d,%d,", !!(j->flags & JOB_EXCLUSIVE),
			!!(j->flags & JOB_NO_REQUEUE));
		put_string(out, t, j->constraint);
		fputc(',', out);
		put_float(out, j->read_gb);
		fputc(',', out);
		put_float(out, j->write_gb);
		fputc(',', out);
		put_float(out, j->compress_ratio);
		fputc(',', out);
		put_float(out, j->comm_fraction);
		fputc(',', out);
		put_count(out, j->depends_on, -1);
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

/* SWF ids are numbers: a numeric name is kept ("12" -> 12, "p3" -> 3),
 * any other name gets its string-table index + 1. */
static int64_t swf_number(const struct trace *t, int32_t id, const char *prefix)
{
	const char *s = strtab_get(&t->strings, id);
	if (!s)
		return -1;
	size_t pl = strlen(prefix);
	if (!strncmp(s, prefix, pl) && s[pl]) {
		char *end;
		long long v = strtoll(s + pl, &end, 10);
		if (!*end && v >= 0)
			return v;
	}
	return (int64_t)id + 1;
}

static void put_swf_seconds(FILE *out, int64_t ms)
{
	fputc(' ', out);
	if (ms < 0)
		fputs("-1", out);
	else
		put_seconds(out, ms);
}

int trace_write_swf(FILE *out, const struct trace *t)
{
	fputs("; Version: 2.2\n", out);
	fprintf(out, "; Note: written by pclsim from %s (%s)\n",
		t->path ? t->path : "a generated trace",
		t->format ? t->format : "?");
	fprintf(out, "; MaxJobs: %zu\n; MaxRecords: %zu\n", t->n, t->n);
	if (t->origin_unix)
		fprintf(out, "; UnixStartTime: %" PRId64 "\n", t->origin_unix);
	if (t->max_nodes > 0)
		fprintf(out, "; MaxNodes: %" PRId64 "\n", t->max_nodes);
	if (t->max_procs > 0)
		fprintf(out, "; MaxProcs: %" PRId64 "\n", t->max_procs);
	for (size_t i = 0; i < t->n; i++) {
		const struct job *j = &t->jobs[i];
		int64_t kb = -1;
		if (j->mem_per_cpu_mb > 0)
			kb = j->mem_per_cpu_mb * 1024;
		else if (j->mem_mb > 0 && j->cpus > 0)
			kb = j->mem_mb * 1024 * (j->nodes > 0 ? j->nodes : 1) /
			     j->cpus;
		fprintf(out, "%" PRId64, j->id);
		put_swf_seconds(out, j->submit_ms);
		fputs(" -1", out);
		put_swf_seconds(out, j->runtime_ms);
		fprintf(out, " %d -1 -1 %d", j->cpus, j->cpus);
		put_swf_seconds(out, j->time_limit_ms);
		fprintf(out, " %" PRId64 " 1 %" PRId64 " %" PRId64 " -1 -1 %" PRId64
			" -1 -1\n", kb, swf_number(t, j->user, ""),
			swf_number(t, j->account, ""),
			swf_number(t, j->partition, "p"));
	}
	return ferror(out) ? -1 : 0;
}
