/*
 * The invariant checker: after a run, verifies what must hold whatever the
 * policy, from the model's final state and the run's records, by an
 * independent sweep rather than by trusting the model's own counters:
 *   - every job that was not rejected ran exactly once: allocated no earlier
 *     than its submission, started no earlier than its allocation, ended
 *     exactly its run time (runtime, or the limit when killed) later;
 *   - no node ever held more CPUs, memory or GPUs than it has;
 *   - every job ran on nodes that were up (registered) for its whole run;
 *   - the policy's promises: fcfs starts jobs in queue order; easy starts a
 *     head job no later than any shadow time computed for it; conservative
 *     starts a job no later than its first reservation.  Promises are
 *     checked on partitions where planning in units is exact (same-size
 *     static nodes without memory or GPU scheduling).
 * On in every test; `pclsim --check` for users.
 */
#ifndef PCLSIM_CHECK_H
#define PCLSIM_CHECK_H

#include <stddef.h>

#include "configs/scenario.h"

struct slurm;
struct diags;

/* Returns the number of violations; the first ones are described in d (as
 * errors naming the job or node). */
size_t check_run(const struct slurm *s, enum sched_policy policy,
		 struct diags *d);

#endif
