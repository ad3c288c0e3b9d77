/*
 * Job priority as Slurm's priority plugins compute it, for the `slurm`
 * policy's queue order.
 *
 * priority/basic: first in, first out (submission order).
 *
 * priority/multifactor without QOS or accounting limits:
 *   priority = W_age * age + W_fairshare * fairshare + W_jobsize * size
 *            + W_partition * partition
 * each factor in [0, 1]:
 *   age        min(time pending / PriorityMaxAge, 1);
 *   size       CPUs asked / CPUs of the cluster (PriorityFavorSmall=YES:
 *              one minus that);
 *   partition  the partition's PriorityJobFactor over the largest one
 *              (queue CustomSlurmSettings; 1 when unset, as in Slurm);
 *   fairshare  the classic formula 2^(-U/S): U is the principal's share of
 *              all decayed usage, S its share of the cluster.  Principals
 *              come from the trace: each account has an equal share, split
 *              equally among its users (one flat account when the trace
 *              names none).  Usage is CPU-seconds, decayed by
 *              2^(-dt/PriorityDecayHalfLife) and brought up to date every
 *              PriorityCalcPeriod, when priorities are recomputed.
 * Ties go to the earlier submission (lower job index), as Slurm breaks
 * them by job id.
 */
#ifndef PCLSIM_PRIORITY_H
#define PCLSIM_PRIORITY_H

#include <stddef.h>
#include <stdint.h>

#include "models/slurm_params.h"

struct trace;

struct priority {
	const struct slurm_conf *conf;
	size_t n_jobs;
	int32_t *principal;          /* per job: its user (or account) */
	double *share;               /* per principal: normalised shares */
	double *usage;               /* per principal: decayed CPU-seconds */
	size_t n_principals;
	double usage_total;
	double *part_factor;         /* per partition */
	int n_parts;
	int64_t total_cpus;
	int64_t decayed_at_ms;       /* when usage was last decayed */
};

/* Sets up the principals from the trace's users and accounts.  part_jf
 * gives each partition's PriorityJobFactor (n_parts entries, may be NULL
 * for all 1).  Returns 0, or -1 when out of memory. */
int priority_init(struct priority *pr, const struct slurm_conf *c,
		  const struct trace *t, const uint32_t *part_jf, int n_parts,
		  int64_t total_cpus);
void priority_free(struct priority *pr);

/* The job's priority at now_ms (higher runs first).  Under priority/basic
 * every job has the same value and only the tie-break orders them. */
double priority_of(const struct priority *pr, size_t job, int part,
		   int32_t cpus, int64_t submit_ms, int64_t now_ms);

/* Adds CPU-seconds of use to the job's principal. */
void priority_charge(struct priority *pr, size_t job, double cpu_s);

/* Decays every principal's usage to now_ms. */
void priority_decay(struct priority *pr, int64_t now_ms);

/* The fair-share factor of the job's principal now. */
double priority_fairshare(const struct priority *pr, size_t job);

#endif
