/*
 * What the scheduling policies share: the table from a scenario's policy
 * name to its functions, and the in-order start every policy begins with.
 */
#include "models/sched.h"

#include "models/sched_slurm.h"
#include "models/slurm.h"

const struct sched_ops *sched_ops_for(enum sched_policy p)
{
	switch (p) {
	case POLICY_FCFS: return &sched_fcfs;
	case POLICY_EASY: return &sched_easy;
	case POLICY_CONSERVATIVE: return &sched_conservative;
	case POLICY_SLURM: return &sched_slurm;
	default: return NULL;
	}
}

size_t sched_start_in_order(struct slurm *s, int part)
{
	size_t n;
	struct qent *q = slurm_queue(s, part, &n);
	size_t i = 0;
	for (; i < n; i++) {
		if (q[i].job < 0)
			continue;
		if (!slurm_try_start(s, part, i, ENGINE_TIME_MAX))
			break;
	}
	return i;
}
