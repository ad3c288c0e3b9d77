/*
 * What a job does once its nodes are up: a read phase, compute with
 * communication, a write phase.  This is the glue between the Slurm model
 * (which allocates nodes and decides when a job starts and is killed) and
 * the performance models (perf.h for compute and communication, fsx.h and
 * storage.h for the I/O phases on the cluster's shared storage).
 *
 * The Slurm model calls jobrun_begin() when a job starts running and
 * jobrun_kill() when it is killed (time limit, node failure); it passes the
 * two event kinds it reserved for this module to jobrun_on_event(); and it
 * is called back through done() when a job's last phase ends.  A phase that
 * moves no bytes, or I/O on a cluster without modelled shared storage,
 * takes no time.
 */
#ifndef PCLSIM_JOBRUN_H
#define PCLSIM_JOBRUN_H

#include <stddef.h>
#include <stdint.h>

#include "models/fsx.h"
#include "models/perf.h"
#include "models/storage.h"
#include "models/storage_ts.h"

struct engine;
struct event;
struct cluster;
struct catalog;
struct job;
struct diags;
struct storage_result;

enum job_phase { PHASE_IDLE, PHASE_READ, PHASE_COMPUTE, PHASE_WRITE };

/* A job's plan on its compute resource, fixed when it starts. */
struct job_plan {
	double read_bytes, write_bytes, compress_ratio;
	double cap_bps;              /* nodes x node network bandwidth */
	int64_t compute_ms, comm_ms;
};

/* A running job's phases.  Only running jobs have one (a slot of
 * jobrun.runs), so the per-job memory of a long trace stays small. */
struct jobrun_run {
	struct job_plan plan;
	int64_t flow;                /* fsx flow id while in I/O, else -1 */
	int64_t phase_start_ms;
	uint32_t timer;              /* compute-end event */
	uint8_t phase;               /* enum job_phase */
};

struct jobrun_job {
	int64_t io_ms, comm_ms;      /* accumulated over its attempts */
	int64_t kept_ms;             /* work earlier attempts checkpointed
				      * (the fleet's Spot model), taken off
				      * its compute when it starts again */
	int32_t run;                 /* 1 + its slot in jobrun.runs while
				      * running, else 0 (not running: idle) */
};

typedef void (*jobrun_done_fn)(void *ctx, int32_t job);

struct jobrun_events {
	uint16_t cls;                /* class of both kinds of event */
	uint16_t kind_io;            /* the storage's next change */
	uint16_t kind_compute;       /* a job's compute phase ends */
};

struct jobrun {
	struct perf_params perf;
	struct storage_params storage;
	struct perf_target *targets; /* per compute resource, queue-major,
				      * for its first instance type */
	double *speed_factor, *net_factor;  /* of each target (perf.h),
				      * computed once, not once a job */
	double *node_gbps;
	const char **first_types;    /* borrowed from the cluster */
	const struct compute_resource **cr_cfg;
	const struct catalog *catalog;
	int *cr_off;                 /* first target of each queue */
	int n_queues;
	char **queue_names;          /* borrowed from the cluster */
	int storage_index;           /* in the cluster's SharedStorage; -1 */
	const char *storage_name;
	struct fsx fs;
	struct storage_ts ts;         /* its throughput over time */
	struct jobrun_job *jobs;
	size_t n_jobs;
	struct jobrun_run *runs;      /* slots of the running jobs */
	int32_t *free_runs;           /* slots to reuse */
	size_t n_runs, n_free_runs, cap_runs;
	struct jobrun_events ev;
	uint32_t io_timer;
	int64_t io_timer_ms;
	jobrun_done_fn done;
	void *done_ctx;
	int oom;
};

/* Resolves the reference instance and each compute resource's instance
 * type (the first of a flexible list) in the catalog, and builds the
 * storage model of the storage jobs use.  Returns 0, or -1 with errors in d
 * naming the file and key. */
int jobrun_init(struct jobrun *r, const struct cluster *c,
		const struct catalog *cat, const struct perf_params *perf,
		const struct storage_params *storage, size_t n_jobs,
		struct jobrun_events ev, jobrun_done_fn done, void *done_ctx,
		struct diags *d);
void jobrun_free(struct jobrun *r);

/* Where a job runs: compute resource cr of queue q, on nodes of type
 * instance_type (as the fleet launched it, for flexible compute
 * resources; NULL: the resource's first type). */
struct job_place {
	int q, cr;
	const char *instance_type;
	int nodes;
};

/* The plan of job j (trace record) at place p. */
void jobrun_plan(const struct jobrun *r, const struct job_place *p,
		 const struct job *j, struct job_plan *out);

/* Starts job ji (index into the trace) at the engine's current time. */
void jobrun_begin(struct jobrun *r, struct engine *eng, int32_t ji,
		  const struct job_place *p, const struct job *j);

/* When job ji's phases will end, if that is already fixed: without
 * modelled shared storage no I/O phase can stretch, so a job that began now
 * ends when its compute event fires (or at once).  INT64_MAX when the end
 * depends on the storage's sharing. */
int64_t jobrun_fixed_end_ms(const struct jobrun *r, const struct engine *eng,
			    int32_t ji);

/* Stops job ji wherever it is (its time in the current phase counts). */
void jobrun_kill(struct jobrun *r, struct engine *eng, int32_t ji);

/* Handles an event of one of the kinds given at init. */
void jobrun_on_event(struct jobrun *r, struct engine *eng,
		     const struct event *ev);

/* Storage figures of the run (NULL without modelled storage). */
const struct fsx_stats *jobrun_storage_stats(const struct jobrun *r);

/* The ExportPath write-back time the scenario counts in the makespan: 0
 * unless storage.count_export. */
int64_t jobrun_counted_export_ms(const struct jobrun *r);

/* Samples the storage's throughput at most once per interval_ms of sim
 * time (storage_ts.h); off (0) until called. */
void jobrun_sample_every(struct jobrun *r, int64_t interval_ms);

/* Hands the throughput samples over (the caller frees them); none without
 * modelled storage.  Returns 0, or -1 when memory ran out. */
int jobrun_take_storage_samples(struct jobrun *r, struct storage_sample **out,
				size_t *n);

/* The storage figures of the run for the result (present = 0 without
 * modelled storage). */
void jobrun_storage_result(const struct jobrun *r, struct storage_result *out);

#endif
