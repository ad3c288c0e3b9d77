/*
 * The scheduling-policy interface: one small table of functions per policy
 * (one file each: sched_fcfs.c, sched_easy.c, sched_conservative.c; Slurm's
 * own scheduler will be another).  The model calls pass() once per instant
 * at which something happened in a partition, after every completion and
 * submission of that instant; the policy scans the partition's pending queue
 * in priority order and starts jobs with slurm_try_start().
 */
#ifndef PCLSIM_SCHED_H
#define PCLSIM_SCHED_H

#include "configs/scenario.h"

struct slurm;

struct sched_ops {
	const char *name;
	int wants_log;                       /* needs the occupancy log */
	/* Private state for a model (may be NULL); returns 0 or -1 (memory). */
	int (*init)(struct slurm *s, void **state);
	void (*free)(void *state);
	void (*pass)(struct slurm *s, void *state, int part);
};

extern const struct sched_ops sched_fcfs;
extern const struct sched_ops sched_easy;
extern const struct sched_ops sched_conservative;

/* The policy of that name, or NULL when it is not built in this version. */
const struct sched_ops *sched_ops_for(enum sched_policy p);

/* Starts pending jobs of the partition in queue order while they can be
 * allocated; returns the queue index of the first that cannot (the head),
 * or the queue length.  Shared by the policies: every one of them begins
 * this way. */
size_t sched_start_in_order(struct slurm *s, int part);

#endif
