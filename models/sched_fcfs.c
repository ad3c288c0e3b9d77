/*
 * First come, first served: start jobs in queue order while the head can be
 * allocated; never skip the head.
 */
#include "models/sched.h"

static void fcfs_pass(struct slurm *s, void *state, int part)
{
	(void)state;
	sched_start_in_order(s, part);
}

const struct sched_ops sched_fcfs = {
	.name = "fcfs",
	.pass = fcfs_pass,
};
