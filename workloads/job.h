/*
 * A job as the traces give it, and the trace that holds them.  Every reader
 * (CSV, SWF, sacct) and the generator produce a struct trace; the simulator
 * consumes it read-only.  Strings (partition, user, account, constraint) are
 * interned once per trace so a job record stays small and fixed-size.
 */
#ifndef PCLSIM_JOB_H
#define PCLSIM_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "workloads/strtab.h"

enum job_flag {
	JOB_EXCLUSIVE = 1u << 0,   /* --exclusive: whole nodes */
	JOB_NO_REQUEUE = 1u << 1,  /* --no-requeue: fail instead of requeue */
};

#define JOB_NO_STR (-1)

struct job {
	int64_t id;              /* job id from the trace (unique after loading) */
	int64_t submit_ms;       /* since the trace origin */
	int64_t runtime_ms;      /* measured run time on the reference machine */
	int64_t time_limit_ms;   /* requested limit; -1 when the trace has none */
	int64_t mem_mb;          /* memory per node; 0 when not given */
	int64_t mem_per_cpu_mb;  /* memory per CPU (Slurm's --mem-per-cpu), for
				  * traces that give it so (SWF, sacct's "c"
				  * suffix); 0 when not given.  At most one of
				  * mem_mb and mem_per_cpu_mb is set. */
	int64_t depends_on;      /* afterok dependency on that job id; -1 none */
	int32_t cpus;            /* total CPUs (tasks x cpus per task) */
	int32_t nodes;           /* requested nodes; 0 = whatever the CPUs need */
	int32_t gpus;            /* total GPUs */
	int32_t partition;       /* strtab id, JOB_NO_STR for the default queue */
	int32_t user, account;   /* strtab ids or JOB_NO_STR */
	int32_t constraint;      /* instance type wanted (strtab id) or JOB_NO_STR */
	int32_t line;            /* line of the source file, for messages */
	uint32_t flags;          /* enum job_flag */
	/* Performance inputs; negative when the trace does not give them (the
	 * scenario's defaults apply then). */
	float read_gb, write_gb, compress_ratio, comm_fraction;
};

struct trace {
	struct job *jobs;
	size_t n, cap;
	struct strtab strings;
	char *path;              /* where it was read from */
	const char *format;      /* "csv", "swf", "sacct", "gen" */
	int64_t origin_unix;     /* Unix time of t = 0; 0 when unknown */
	/* What the reader left out, for the report. */
	size_t skipped_bad_rows; /* only with --skip-bad-rows */
	size_t skipped_never_ran;/* cancelled before start, etc. */
	size_t skipped_steps;    /* sacct job-step lines */
	size_t skipped_unfinished;/* sacct: still pending or running at dump */
	/* SWF header facts (0 when absent). */
	int64_t max_procs, max_nodes;
};

void trace_init(struct trace *t);
void trace_free(struct trace *t);

/* Appends a copy of *j; returns 0 or -1 when out of memory. */
int trace_push(struct trace *t, const struct job *j);

/* Sorts by (submit, id), keeping the order of equal keys: traces may list jobs
 * out of submission order, and the simulator needs them in it. */
void trace_sort(struct trace *t);

/* A job with every optional field marked absent. */
void job_init(struct job *j);

#endif
