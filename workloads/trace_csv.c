/*
 * The CSV trace reader.  A header names the columns (any order, common
 * aliases accepted, case and blanks ignored); each later line is one job, or
 * one job per task for an `array` row.  The columns, units and rules are in
 * docs/traces.md; the short version: times in seconds or ISO-8601,
 * durations in seconds or Slurm's [D-]HH:MM:SS, memory with K/M/G/T
 * suffixes, and either cpus or nodes given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "workloads/reader.h"
#include "workloads/tparse.h"

enum csv_col {
	C_JOB_ID, C_SUBMIT, C_RUNTIME, C_CPUS, C_NODES, C_TASKS_PER_NODE,
	C_CPUS_PER_TASK, C_TIME_LIMIT, C_MEM_MB, C_MEM_PER_CPU_MB, C_GPUS,
	C_PARTITION, C_USER, C_ACCOUNT, C_EXCLUSIVE, C_NO_REQUEUE,
	C_CONSTRAINT, C_READ_GB, C_WRITE_GB, C_COMPRESS_RATIO,
	C_COMM_FRACTION, C_DEPENDS_ON, C_ARRAY, C_COUNT
};

static const struct {
	const char *name;
	enum csv_col col;
} column_names[] = {
	{ "job_id", C_JOB_ID }, { "id", C_JOB_ID }, { "jobid", C_JOB_ID },
	{ "submit", C_SUBMIT }, { "submit_time", C_SUBMIT },
	{ "runtime", C_RUNTIME }, { "run_time", C_RUNTIME },
	{ "duration", C_RUNTIME },
	{ "cpus", C_CPUS }, { "procs", C_CPUS }, { "ncpus", C_CPUS },
	{ "nodes", C_NODES }, { "nnodes", C_NODES },
	{ "tasks_per_node", C_TASKS_PER_NODE },
	{ "cpus_per_task", C_CPUS_PER_TASK },
	{ "time_limit", C_TIME_LIMIT }, { "walltime", C_TIME_LIMIT },
	{ "timelimit", C_TIME_LIMIT }, { "req_time", C_TIME_LIMIT },
	{ "mem_mb", C_MEM_MB }, { "mem", C_MEM_MB },
	{ "mem_per_cpu_mb", C_MEM_PER_CPU_MB },
	{ "mem_per_cpu", C_MEM_PER_CPU_MB },
	{ "gpus", C_GPUS },
	{ "partition", C_PARTITION }, { "queue", C_PARTITION },
	{ "user", C_USER }, { "account", C_ACCOUNT }, { "group", C_ACCOUNT },
	{ "exclusive", C_EXCLUSIVE }, { "no_requeue", C_NO_REQUEUE },
	{ "constraint", C_CONSTRAINT }, { "instance_type", C_CONSTRAINT },
	{ "read_gb", C_READ_GB }, { "write_gb", C_WRITE_GB },
	{ "compress_ratio", C_COMPRESS_RATIO },
	{ "comm_fraction", C_COMM_FRACTION },
	{ "depends_on", C_DEPENDS_ON }, { "array", C_ARRAY },
};

static const char *const canonical[C_COUNT] = {
	"job_id", "submit", "runtime", "cpus", "nodes", "tasks_per_node",
	"cpus_per_task", "time_limit", "mem_mb", "mem_per_cpu_mb", "gpus",
	"partition", "user", "account", "exclusive", "no_requeue",
	"constraint", "read_gb", "write_gb", "compress_ratio",
	"comm_fraction", "depends_on", "array",
};

/* Groups of optional columns: a row skips the parsers of a group whose
 * columns the header lacks (most traces give none of them). */
enum { G_MEMORY = 1, G_FLAGS = 2, G_PERF = 4, G_STRINGS = 8 };

struct csv_state {
	struct reader *r;
	int where[C_COUNT];      /* field index of each column; -1 absent */
	unsigned groups;         /* G_* with a column in the header */
	int n_fields;            /* fields per row, from the header */
	char **fields;
	int *cols;
	int line;
	int time_mode;           /* 0 unknown, 1 seconds, 2 ISO-8601 */
	int64_t row_no;          /* data rows so far, for default ids */
};

static int lookup_column(const char *name)
{
	for (size_t i = 0; i < sizeof column_names / sizeof column_names[0]; i++)
		if (!strcasecmp(name, column_names[i].name))
			return (int)column_names[i].col;
	return -1;
}

static int read_header(void *state, char *line)
{
	struct csv_state *st = state;
	struct reader *r = st->r;
	int max = reader_header_fields(r, st->line, &line, ',', &st->fields,
				       &st->cols);
	if (max < 0)
		return -1;
	int n = split_fields(line, ',', 1, st->fields, st->cols, max);
	if (n < 0) {
		diag_error(r->d, r->path, st->line, 0,
			   "header: unterminated quote");
		return -1;
	}
	st->n_fields = n;
	for (int c = 0; c < C_COUNT; c++)
		st->where[c] = -1;
	for (int i = 0; i < n; i++) {
		char *name = trim(st->fields[i]), q[QUOTE_BYTES];
		int c = lookup_column(name);
		if (c < 0) {
			diag_warn(r->d, r->path, st->line, st->cols[i],
				  "column '%s' is not one pclsim knows; ignored (see docs/traces.md)",
				  diag_quote(name, q, sizeof q));
			continue;
		}
		if (st->where[c] >= 0) {
			diag_error(r->d, r->path, st->line, st->cols[i],
				   "column '%s' given twice (as '%s')",
				   canonical[c], diag_quote(name, q, sizeof q));
			return -1;
		}
		st->where[c] = i;
	}
	static const struct {
		enum csv_col col;
		unsigned group;
	} grouped[] = {
		{ C_MEM_MB, G_MEMORY }, { C_MEM_PER_CPU_MB, G_MEMORY },
		{ C_EXCLUSIVE, G_FLAGS }, { C_NO_REQUEUE, G_FLAGS },
		{ C_READ_GB, G_PERF }, { C_WRITE_GB, G_PERF },
		{ C_COMPRESS_RATIO, G_PERF }, { C_COMM_FRACTION, G_PERF },
		{ C_PARTITION, G_STRINGS }, { C_USER, G_STRINGS },
		{ C_ACCOUNT, G_STRINGS }, { C_CONSTRAINT, G_STRINGS },
	};
	st->groups = 0;
	for (size_t k = 0; k < sizeof grouped / sizeof grouped[0]; k++)
		if (st->where[grouped[k].col] >= 0)
			st->groups |= grouped[k].group;
	if (st->where[C_SUBMIT] < 0 || st->where[C_RUNTIME] < 0 ||
	    (st->where[C_CPUS] < 0 && st->where[C_NODES] < 0)) {
		const char *missing = st->where[C_SUBMIT] < 0 ? "submit"
			: st->where[C_RUNTIME] < 0 ? "runtime" : "cpus' or 'nodes";
		/* A first line without a comma was probably not meant as
		 * CSV: say what was read and how to choose the format. */
		diag_error(r->d, r->path, st->line, 0,
			   "missing required column '%s' (header: submit, runtime, cpus or nodes; see docs/traces.md)%s",
			   missing, n > 1 ? "" :
			   "; the first line has no comma, so it is not a CSV header: "
			   "for SWF or sacct give --trace-format");
		return -1;
	}
	return 0;
}

/* The field of column c, or NULL when the column is absent or empty. */
static const char *field(const struct csv_state *st, enum csv_col c)
{
	int i = st->where[c];
	if (i < 0)
		return NULL;
	const char *s = st->fields[i];
	while (*s == ' ' || *s == '\t')
		s++;
	return *s ? s : NULL;
}

/* Reports a bad value: returns 1 when the row is skipped, -1 to stop. */
static int bad(struct csv_state *st, enum csv_col c, const char *what)
{
	int i = st->where[c];
	char q[QUOTE_BYTES];
	return reader_bad_row(st->r, st->line, i >= 0 ? st->cols[i] : 0,
			      "field '%s': '%s' is not %s", canonical[c],
			      diag_quote(i >= 0 ? st->fields[i] : "", q, sizeof q),
			      what) ? -1 : 1;
}

/* Each parse_* returns 0 (value stored or absent), 1 for a bad value that
 * was reported, so the caller can stop or skip the row. */
static int parse_count(struct csv_state *st, enum csv_col c, int min,
		       int32_t *out)
{
	const char *s = field(st, c);
	int64_t v;
	if (!s)
		return 0;
	if (tp_int64(s, &v) != 0 || v < min || v > INT32_MAX)
		return 1;
	*out = (int32_t)v;
	return 0;
}

static int parse_float(struct csv_state *st, enum csv_col c, float *out)
{
	const char *s = field(st, c);
	double v;
	if (!s)
		return 0;
	if (tp_double(s, &v) != 0 || v < 0)
		return 1;
	*out = (float)v;
	return 0;
}

static int parse_submit(struct csv_state *st, struct job *j)
{
	const char *s = field(st, C_SUBMIT);
	if (!s)
		return 1;
	int iso = tp_is_date(s);
	int mode = iso ? 2 : 1;
	if (st->time_mode && st->time_mode != mode)
		return 2;
	int rc = iso ? tp_iso8601_ms(s, &j->submit_ms)
		     : tp_seconds_ms(s, &j->submit_ms);
	/* Seconds count from the trace's start: one before it is an error,
	 * not a job that arrives before time 0. */
	if (rc != 0 || (!iso && j->submit_ms < 0))
		return 1;
	st->time_mode = mode;
	return 0;
}

/* cpus from cpus, or nodes x tasks_per_node x cpus_per_task; a row with
 * only nodes asks for whole nodes (JOB_EXCLUSIVE, cpus = nodes as the
 * minimum), which is what `sbatch -N n` means. */
static int size_job(struct csv_state *st, struct job *j)
{
	int32_t tpn = 0, cpt = 1;
	if (parse_count(st, C_CPUS, 1, &j->cpus))
		return bad(st, C_CPUS, "a CPU count (an integer >= 1)");
	if (parse_count(st, C_NODES, 1, &j->nodes))
		return bad(st, C_NODES, "a node count (an integer >= 1)");
	if (parse_count(st, C_TASKS_PER_NODE, 1, &tpn))
		return bad(st, C_TASKS_PER_NODE, "an integer >= 1");
	if (parse_count(st, C_CPUS_PER_TASK, 1, &cpt))
		return bad(st, C_CPUS_PER_TASK, "an integer >= 1");
	if (j->cpus > 0)
		return 0;
	if (j->nodes <= 0)
		return reader_bad_row(st->r, st->line, 0,
				      "neither 'cpus' nor 'nodes' is given") ? -1 : 1;
	if (tpn > 0) {
		int64_t c = (int64_t)j->nodes * tpn * cpt;
		if (c > INT32_MAX)
			return bad(st, C_TASKS_PER_NODE, "a plausible task count");
		j->cpus = (int32_t)c;
	} else {
		j->cpus = j->nodes;
		j->flags |= JOB_EXCLUSIVE;
	}
	return 0;
}

static int parse_strings(struct csv_state *st, struct job *j)
{
	static const enum csv_col cols[] = { C_PARTITION, C_USER, C_ACCOUNT,
					     C_CONSTRAINT };
	int32_t *dst[] = { &j->partition, &j->user, &j->account,
			   &j->constraint };
	for (int k = 0; k < 4; k++) {
		const char *s = field(st, cols[k]);
		if (!s)
			continue;
		int32_t id = reader_intern(st->r, s);
		if (id == -2)
			return -1;
		*dst[k] = id;
	}
	return 0;
}

static int parse_flags(struct csv_state *st, struct job *j)
{
	const char *s;
	int b;
	if ((s = field(st, C_EXCLUSIVE))) {
		if (tp_bool(s, &b) != 0)
			return bad(st, C_EXCLUSIVE, "true/false, yes/no or 1/0");
		if (b)
			j->flags |= JOB_EXCLUSIVE;
	}
	if ((s = field(st, C_NO_REQUEUE))) {
		if (tp_bool(s, &b) != 0)
			return bad(st, C_NO_REQUEUE, "true/false, yes/no or 1/0");
		if (b)
			j->flags |= JOB_NO_REQUEUE;
	}
	return 0;
}

static int parse_memory(struct csv_state *st, struct job *j)
{
	const char *s;
	if ((s = field(st, C_MEM_MB)) && tp_mem_mib(s, &j->mem_mb, NULL) != 0)
		return bad(st, C_MEM_MB, "a memory size (e.g. 4000, 4000M, 4G)");
	if ((s = field(st, C_MEM_PER_CPU_MB)) &&
	    tp_mem_mib(s, &j->mem_per_cpu_mb, NULL) != 0)
		return bad(st, C_MEM_PER_CPU_MB,
			   "a memory size (e.g. 2000, 2000M, 2G)");
	return 0;
}

static int parse_perf(struct csv_state *st, struct job *j)
{
	if (parse_float(st, C_READ_GB, &j->read_gb))
		return bad(st, C_READ_GB, "a size in GB (>= 0)");
	if (parse_float(st, C_WRITE_GB, &j->write_gb))
		return bad(st, C_WRITE_GB, "a size in GB (>= 0)");
	if (parse_float(st, C_COMPRESS_RATIO, &j->compress_ratio) ||
	    (j->compress_ratio >= 0 && j->compress_ratio < 1))
		return bad(st, C_COMPRESS_RATIO, "a ratio >= 1");
	if (parse_float(st, C_COMM_FRACTION, &j->comm_fraction) ||
	    j->comm_fraction > 1)
		return bad(st, C_COMM_FRACTION, "a fraction in [0, 1]");
	return 0;
}

/* Fills j from the current row.  Returns 0 for a job, 1 for a bad row that
 * is skipped, -1 to stop. */
static int parse_row(struct csv_state *st, struct job *j)
{
	const char *s;
	int rc;
	job_init(j);
	j->line = st->line;
	j->id = st->row_no;
	if ((s = field(st, C_JOB_ID)) && tp_int64(s, &j->id) != 0)
		return bad(st, C_JOB_ID, "a job id (an integer)");
	if ((rc = parse_submit(st, j)) != 0) {
		char q[QUOTE_BYTES];
		if (rc == 2)
			return reader_bad_row(st->r, st->line,
					      st->cols[st->where[C_SUBMIT]],
					      "field 'submit': '%s' mixes ISO-8601 dates and seconds in one file",
					      diag_quote(field(st, C_SUBMIT), q,
							 sizeof q)) ? -1 : 1;
		return bad(st, C_SUBMIT,
			   "a time (seconds from the start, not negative, or ISO-8601)");
	}
	s = field(st, C_RUNTIME);
	if (!s || tp_duration_ms(s, &j->runtime_ms) != 0)
		return bad(st, C_RUNTIME,
			   "a duration (seconds or [D-]HH:MM:SS, not negative)");
	if ((s = field(st, C_TIME_LIMIT)) &&
	    tp_duration_ms(s, &j->time_limit_ms) != 0)
		return bad(st, C_TIME_LIMIT,
			   "a duration (seconds or [D-]HH:MM:SS)");
	if ((s = field(st, C_DEPENDS_ON)) && tp_int64(s, &j->depends_on) != 0)
		return bad(st, C_DEPENDS_ON, "a job id");
	if ((rc = size_job(st, j)) != 0 ||
	    ((st->groups & G_MEMORY) && (rc = parse_memory(st, j)) != 0) ||
	    ((st->groups & G_FLAGS) && (rc = parse_flags(st, j)) != 0) ||
	    ((st->groups & G_PERF) && (rc = parse_perf(st, j)) != 0))
		return rc;
	if (parse_count(st, C_GPUS, 0, &j->gpus))
		return bad(st, C_GPUS, "a GPU count (an integer >= 0)");
	if ((st->groups & G_STRINGS) && parse_strings(st, j) != 0)
		return -1;
	return 0;
}

/* Pushes one job per task of an array spec such as "0-9", "1,3,5",
 * "0-15:4" or "1-100%10" (the throttle after % is ignored). */
static int push_array(struct csv_state *st, const struct job *j,
		      const char *spec)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", spec);
	char *pct = strchr(buf, '%');
	if (pct)
		*pct = '\0';
	if (j->id < 0 || j->id > INT64_MAX / ARRAY_ID_SCALE - 1)
		return bad(st, C_ARRAY, "usable with this job id");
	size_t before = st->r->t->n;
	char *save = NULL;
	for (char *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int64_t lo, hi, step = 1;
		char *dash = strchr(tok, '-'), *colon = strchr(tok, ':');
		if (colon) {
			*colon = '\0';
			if (tp_int64(colon + 1, &step) != 0 || step < 1)
				goto bad_spec;
		}
		if (dash) {
			*dash = '\0';
			if (tp_int64(tok, &lo) || tp_int64(dash + 1, &hi))
				goto bad_spec;
		} else if (tp_int64(tok, &lo) == 0) {
			hi = lo;
		} else {
			goto bad_spec;
		}
		if (lo < 0 || hi < lo || hi > ARRAY_TASK_MAX)
			goto bad_spec;
		for (int64_t k = lo; k <= hi; k += step) {
			struct job t = *j;
			t.id = j->id * ARRAY_ID_SCALE + k;
			if (reader_push(st->r, &t) != 0)
				return -1;
		}
	}
	return 0;
bad_spec:
	st->r->t->n = before;
	return bad(st, C_ARRAY, "an array spec (e.g. 0-9, 1,3,5 or 0-15:4)");
}

/* "# origin_unix: N" (written by `pclsim trace convert`) keeps the origin
 * of relative times through a CSV round trip. */
static void read_comment(void *state, const char *s)
{
	struct csv_state *st = state;
	int64_t v;
	const char *key = "# origin_unix:";
	if (!strncmp(s, key, strlen(key)) && tp_int64(s + strlen(key), &v) == 0)
		st->r->t->origin_unix = v;
}

static int data_row(void *state, char *line)
{
	struct csv_state *st = state;
	int n = split_fields(line, ',', 1, st->fields, st->cols, st->n_fields);
	if (n < 0)
		return reader_bad_row(st->r, st->line, 0, "unterminated quote");
	if (n != st->n_fields)
		return reader_bad_row(st->r, st->line, 0,
				      "row has %d fields, the header has %d",
				      n, st->n_fields);
	st->row_no++;
	struct job j;
	int rc = parse_row(st, &j);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	const char *spec = field(st, C_ARRAY);
	if (spec) {
		rc = push_array(st, &j, spec);
		return rc < 0 ? -1 : 0;
	}
	return reader_push(st->r, &j);
}

int read_csv(struct reader *r)
{
	static const struct line_handler csv_lines = {
		'#', read_comment, read_header, data_row,
		"empty file: a CSV trace needs a header line (submit,runtime,cpus,...)",
	};
	struct csv_state st = { .r = r };
	int status = reader_lines(r, &st, &st.line, &csv_lines);
	r->absolute_times = st.time_mode == 2;
	free(st.fields);
	free(st.cols);
	return status;
}
