/*
 * The `slurm` policy: Slurm's own scheduler (sched/backfill) as real Slurm
 * 22.05 was observed to run it (../shared/reference/slurm-observed.md).
 *
 * Main scheduler: at every submission and completion (up to
 * default_queue_depth jobs) and every sched_interval (all jobs), pending
 * jobs are tried in priority order; in each partition it stops at the first
 * job that cannot start.
 *
 * Backfill: every bf_interval (ticks at bf_phase + k * bf_interval, and
 * only when something changed since the last cycle, as Slurm's
 * _more_work() test does), the pending jobs are tested in priority order,
 * up to bf_max_job_test of them.  Each tested job either starts now, on
 * nodes no earlier plan holds over [now, now + limit], or gets a plan: its
 * earliest start on such nodes once running jobs end (by their limits,
 * CPU by CPU), rounded down to bf_resolution, with the whole nodes it would
 * use reserved from that start to its end (also rounded down, at least one
 * resolution step).  The reservation covers an interval closed at its
 * start, so a job that would end exactly when a plan begins conflicts.
 * Starts later than bf_window ahead get no plan.  Plans are rebuilt at
 * every cycle.  So the backfill is conservative and node-based: a narrow
 * job that fits in the CPUs left free on a node planned for another job
 * waits, where EASY (which counts CPUs) would have started it.
 *
 * Priority comes from priority.h (basic or multifactor, recomputed every
 * PriorityCalcPeriod).  Why each job waited is recorded compactly (24 bytes
 * a job) for `pclsim run --explain JOB_ID`.
 *
 * What differs from Slurm, by design: bf_max_job_test counts per partition
 * (ParallelCluster's partitions share no nodes); a cycle takes no simulated
 * time, so bf_continue (which matters only when a cycle yields its locks
 * part-way) changes nothing; memory is not part of a plan's fit test (the
 * start itself still checks it).
 */
#ifndef PCLSIM_SCHED_SLURM_H
#define PCLSIM_SCHED_SLURM_H

#include <stdint.h>
#include <stdio.h>

#include "models/sched.h"

struct slurm;

extern const struct sched_ops sched_slurm;

enum slurm_start_path {
	SLURM_START_NONE,
	SLURM_START_MAIN,          /* main scheduler at an event */
	SLURM_START_MAIN_TICK,     /* main scheduler at sched_interval */
	SLURM_START_BACKFILL,      /* a backfill cycle */
};

enum slurm_hold {
	SLURM_HOLD_NONE,           /* never tested by a backfill cycle */
	SLURM_HOLD_RESOURCES,      /* not enough free resources */
	SLURM_HOLD_PLAN,           /* it fit, but on nodes a plan holds */
	SLURM_HOLD_WINDOW,         /* its start lay beyond bf_window */
	SLURM_HOLD_NO_PLAN,        /* no start found on the planned nodes */
};

/* What the policy knew about a job when it last left it pending. */
struct slurm_why {
	int64_t tested_ms;         /* that backfill cycle; -1 never */
	int64_t planned_ms;        /* its planned start then; -1 none */
	int32_t blocker;           /* job index whose plan held it; -1 */
	uint8_t hold;              /* enum slurm_hold */
	uint8_t started_by;        /* enum slurm_start_path */
	uint8_t pad[2];
};

/* The record of job index ji, or NULL when the run's policy is not
 * `slurm`. */
const struct slurm_why *sched_slurm_why(const struct slurm *s, int32_t ji);

/* Plans the job with this trace id at every backfill test that leaves it
 * pending, so that its explanation can give its planned start: a job is
 * otherwise planned only when a later one could start in the same cycle.
 * The schedule is the same either way.  Call before slurm_run().  Returns
 * 0, or -1 when the policy is not `slurm` or no job has that id. */
int sched_slurm_follow(struct slurm *s, int64_t job_id);

/* Writes why the job with this trace id waited: how it started, what held
 * it back at the last backfill cycle, which timers and booting nodes it
 * waited for.  Returns 0, or -1 when no job has that id. */
int sched_slurm_explain(const struct slurm *s, int64_t job_id, FILE *out);

#endif
