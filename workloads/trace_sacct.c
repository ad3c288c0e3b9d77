/*
 * The `sacct --parsable2` reader: '|'-separated fields under a header that
 * names them (any order).  One line per job allocation; job steps
 * ("123.batch", "123.0", "123.extern") are skipped and counted.  Jobs that
 * never started (cancelled while pending, BOOT_FAIL without a start) count
 * as never ran; jobs still pending or running when the dump was taken count
 * as unfinished; every other state replays with runtime = Elapsed.  Rules in
 * docs/traces.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "workloads/reader.h"
#include "workloads/tparse.h"

enum sacct_col {
	S_JOBID, S_SUBMIT, S_START, S_END, S_ELAPSED, S_TIMELIMIT, S_NCPUS,
	S_NNODES, S_REQMEM, S_PARTITION, S_USER, S_ACCOUNT, S_STATE,
	S_ALLOCTRES, S_CONSTRAINTS, S_COUNT
};

static const struct {
	const char *name;
	enum sacct_col col;
} sacct_names[] = {
	{ "JobID", S_JOBID }, { "Submit", S_SUBMIT }, { "Start", S_START },
	{ "End", S_END }, { "Elapsed", S_ELAPSED },
	{ "Timelimit", S_TIMELIMIT }, { "NCPUS", S_NCPUS },
	{ "AllocCPUS", S_NCPUS }, { "NNodes", S_NNODES },
	{ "ReqMem", S_REQMEM }, { "Partition", S_PARTITION },
	{ "User", S_USER }, { "Account", S_ACCOUNT }, { "State", S_STATE },
	{ "AllocTRES", S_ALLOCTRES }, { "Constraints", S_CONSTRAINTS },
};

static const char *const sacct_canonical[S_COUNT] = {
	"JobID", "Submit", "Start", "End", "Elapsed", "Timelimit", "NCPUS",
	"NNodes", "ReqMem", "Partition", "User", "Account", "State",
	"AllocTRES", "Constraints",
};

struct sacct_state {
	struct reader *r;
	int where[S_COUNT];
	int n_fields;
	char **fields;
	int *cols;
	int line;
};

static int read_header(void *state, char *line)
{
	struct sacct_state *st = state;
	struct reader *r = st->r;
	int max = reader_header_fields(r, st->line, &line, '|', &st->fields,
				       &st->cols);
	if (max < 0)
		return -1;
	st->n_fields = split_fields(line, '|', 0, st->fields, st->cols, max);
	for (int c = 0; c < S_COUNT; c++)
		st->where[c] = -1;
	for (int i = 0; i < st->n_fields; i++) {
		const char *name = trim(st->fields[i]);
		for (size_t k = 0; k < sizeof sacct_names / sizeof sacct_names[0]; k++)
			if (!strcasecmp(name, sacct_names[k].name) &&
			    st->where[sacct_names[k].col] < 0)
				st->where[sacct_names[k].col] = i;
	}
	static const enum sacct_col required[] = { S_JOBID, S_SUBMIT,
						   S_ELAPSED, S_NCPUS,
						   S_STATE };
	for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
		if (st->where[required[k]] < 0) {
			diag_error(r->d, r->path, st->line, 0,
				   "missing required column '%s' (use sacct -P -X -o JobID,Submit,Start,End,Elapsed,Timelimit,NCPUS,NNodes,ReqMem,Partition,User,Account,State)",
				   sacct_canonical[required[k]]);
			return -1;
		}
	return 0;
}

static const char *field(const struct sacct_state *st, enum sacct_col c)
{
	int i = st->where[c];
	if (i < 0)
		return NULL;
	const char *s = st->fields[i];
	while (*s == ' ')
		s++;
	return *s ? s : NULL;
}

static int bad(struct sacct_state *st, enum sacct_col c, const char *what)
{
	int i = st->where[c];
	char q[QUOTE_BYTES];
	return reader_bad_row(st->r, st->line, i >= 0 ? st->cols[i] : 0,
			      "field '%s': '%s' is not %s", sacct_canonical[c],
			      diag_quote(i >= 0 ? st->fields[i] : "", q, sizeof q),
			      what) ? -1 : 1;
}

/* JobID forms: "123" (a job), "123_4" (array task), "123+1" (het job
 * component), each possibly followed by ".step".  Returns 0 for a job, 1
 * for a step, -1 for a malformed id.  "123_[1-5]" (an array still pending)
 * also returns 0 with the base id: its state makes it unfinished. */
static int parse_jobid(const char *s, int64_t *id)
{
	char *end;
	long long base = strtoll(s, &end, 10);
	if (end == s || base < 0)
		return -1;
	int64_t v = base;
	if (*end == '_' || *end == '+') {
		char *e2;
		if (end[1] == '[') {
			*id = v;
			return 0;
		}
		long long task = strtoll(end + 1, &e2, 10);
		if (e2 == end + 1 || task < 0 || task > ARRAY_TASK_MAX ||
		    base > INT64_MAX / ARRAY_ID_SCALE - 1)
			return -1;
		v = base * ARRAY_ID_SCALE + task;
		end = e2;
	}
	*id = v;
	if (*end == '.')
		return 1;
	return *end ? -1 : 0;
}

/* Slurm's time limit: a duration, or none ("UNLIMITED", or
 * "Partition_Limit": the partition's MaxTime applies, which pclsim's
 * clusters leave unlimited as ParallelCluster does). */
static int parse_limit(const char *s, int64_t *ms)
{
	if (!strcasecmp(s, "UNLIMITED") || !strcasecmp(s, "Partition_Limit") ||
	    !strcasecmp(s, "INVALID")) {
		*ms = -1;
		return 0;
	}
	return tp_duration_ms(s, ms);
}

/* ReqMem: "4000M" / "4G" (newer sacct: per node), "4Gn" (per node),
 * "2Gc" (per CPU), "0" or "0n" (no request). */
static int parse_reqmem(const char *s, struct job *j)
{
	int64_t mib;
	const char *rest;
	if (tp_mem_mib(s, &mib, &rest) != 0)
		return -1;
	int per_cpu = 0;
	if (*rest == 'c' || *rest == 'C')
		per_cpu = 1, rest++;
	else if (*rest == 'n' || *rest == 'N')
		rest++;
	if (*rest)
		return -1;
	if (per_cpu)
		j->mem_per_cpu_mb = mib;
	else
		j->mem_mb = mib;
	return 0;
}

/* "gres/gpu=4" (or "gres/gpu:a100=4") inside AllocTRES. */
static int gpus_from_tres(const char *s)
{
	const char *p = strstr(s, "gres/gpu");
	if (!p)
		return 0;
	p = strchr(p, '=');
	return p ? atoi(p + 1) : 0;
}

enum run_state { RAN, NEVER_RAN, UNFINISHED, BAD_STATE };

static enum run_state classify(const char *state, const char *start)
{
	static const char *const unfinished[] = {
		"PENDING", "RUNNING", "REQUEUED", "RESIZING", "SUSPENDED",
		"REQUEUE_HOLD", "REQUEUE_FED", "SIGNALING", "STAGE_OUT",
		"COMPLETING", "CONFIGURING",
	};
	static const char *const finished[] = {
		"COMPLETED", "FAILED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL",
		"PREEMPTED", "BOOT_FAIL", "DEADLINE", "CANCELLED", "REVOKED",
		"SPECIAL_EXIT",
	};
	size_t n = strcspn(state, " +");   /* "CANCELLED by 0", "RUNNING+" */
	for (size_t i = 0; i < sizeof unfinished / sizeof unfinished[0]; i++)
		if (strlen(unfinished[i]) == n && !strncasecmp(state, unfinished[i], n))
			return UNFINISHED;
	for (size_t i = 0; i < sizeof finished / sizeof finished[0]; i++)
		if (strlen(finished[i]) == n && !strncasecmp(state, finished[i], n)) {
			if (!start || !strcasecmp(start, "Unknown") ||
			    !strcasecmp(start, "None"))
				return NEVER_RAN;
			return RAN;
		}
	return BAD_STATE;
}

static int parse_times(struct sacct_state *st, struct job *j)
{
	const char *s = field(st, S_SUBMIT);
	if (!s || tp_iso8601_ms(s, &j->submit_ms) != 0)
		return bad(st, S_SUBMIT, "a time (YYYY-MM-DDTHH:MM:SS)");
	s = field(st, S_ELAPSED);
	if (!s || tp_duration_ms(s, &j->runtime_ms) != 0)
		return bad(st, S_ELAPSED, "a duration ([D-]HH:MM:SS)");
	if ((s = field(st, S_TIMELIMIT)) && parse_limit(s, &j->time_limit_ms) != 0)
		return bad(st, S_TIMELIMIT,
			   "a time limit ([D-]HH:MM:SS, UNLIMITED or Partition_Limit)");
	return 0;
}

static int parse_size(struct sacct_state *st, struct job *j)
{
	const char *s = field(st, S_NCPUS);
	int64_t v;
	if (!s || tp_int64(s, &v) != 0 || v < 0 || v > INT32_MAX)
		return bad(st, S_NCPUS, "a CPU count");
	j->cpus = (int32_t)v;
	if ((s = field(st, S_REQMEM)) && parse_reqmem(s, j) != 0)
		return bad(st, S_REQMEM, "a memory request (e.g. 4000M, 4Gn, 2Gc)");
	if ((s = field(st, S_NNODES)) && (tp_int64(s, &v) != 0 || v < 0))
		return bad(st, S_NNODES, "a node count");
	if ((s = field(st, S_ALLOCTRES)))
		j->gpus = gpus_from_tres(s);
	return 0;
}

static int parse_strings(struct sacct_state *st, struct job *j)
{
	static const enum sacct_col cols[] = { S_PARTITION, S_USER, S_ACCOUNT,
					       S_CONSTRAINTS };
	int32_t *dst[] = { &j->partition, &j->user, &j->account,
			   &j->constraint };
	for (int k = 0; k < 4; k++) {
		const char *s = field(st, cols[k]);
		if (!s)
			continue;
		/* A pending job may list several partitions: the first is
		 * where it would have run first. */
		char buf[256];
		snprintf(buf, sizeof buf, "%.*s", (int)strcspn(s, ","), s);
		int32_t id = reader_intern(st->r, buf);
		if (id == -2)
			return -1;
		*dst[k] = id;
	}
	return 0;
}

static int data_row(void *state, char *line)
{
	struct sacct_state *st = state;
	struct reader *r = st->r;
	int n = split_fields(line, '|', 0, st->fields, st->cols, st->n_fields);
	if (n != st->n_fields)
		return reader_bad_row(r, st->line, 0,
				      "row has %d fields, the header has %d",
				      n, st->n_fields);
	struct job j;
	job_init(&j);
	j.line = st->line;
	const char *s = field(st, S_JOBID);
	int kind = s ? parse_jobid(s, &j.id) : -1;
	if (kind < 0)
		return bad(st, S_JOBID, "a job id (123, 123_4 or 123.batch)") < 0 ? -1 : 0;
	if (kind == 1) {
		r->t->skipped_steps++;
		return 0;
	}
	s = field(st, S_STATE);
	enum run_state rs = classify(s ? s : "", field(st, S_START));
	if (rs == BAD_STATE)
		return bad(st, S_STATE, "a Slurm job state") < 0 ? -1 : 0;
	if (rs == UNFINISHED) {
		r->t->skipped_unfinished++;
		return 0;
	}
	if (rs == NEVER_RAN) {
		r->t->skipped_never_ran++;
		return 0;
	}
	int rc;
	if ((rc = parse_times(st, &j)) != 0 || (rc = parse_size(st, &j)) != 0)
		return rc < 0 ? -1 : 0;
	if (j.cpus == 0) {
		r->t->skipped_never_ran++;
		return 0;
	}
	if (parse_strings(st, &j) != 0)
		return -1;
	return reader_push(r, &j);
}

int read_sacct(struct reader *r)
{
	static const struct line_handler sacct_lines = {
		'#', NULL, read_header, data_row,
		"empty file: no sacct header line",
	};
	struct sacct_state st = { .r = r };
	int status = reader_lines(r, &st, &st.line, &sacct_lines);
	r->absolute_times = 1;
	free(st.fields);
	free(st.cols);
	return status;
}
