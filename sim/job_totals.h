/*
 * Whole-run sums over the job records that every writer shows the same way
 * (summary, JSON document, results DB): time jobs spent in I/O and in
 * communication, run time thrown away by requeues, and jobs' run time.
 */
#ifndef PCLSIM_JOB_TOTALS_H
#define PCLSIM_JOB_TOTALS_H

#include <stdint.h>

#include "sim/result.h"

struct job_totals {
	int64_t io_ms, comm_ms;   /* summed over jobs and their attempts */
	int64_t lost_ms;          /* run time thrown away by requeues */
	int64_t run_ms;           /* final start to end of the jobs that ran */
};

void job_totals_of(const struct run_result *r, struct job_totals *out);

/* Adds one record to *t: for a pass over the records that does more (the
 * run's statistics), so that they are not read once more for the sums. */
static inline void job_totals_add(struct job_totals *t,
				  const struct job_record *j)
{
	t->io_ms += j->io_ms;
	t->comm_ms += j->comm_ms;
	t->lost_ms += j->lost_ms;
	if (j->start_ms >= 0 && j->end_ms >= j->start_ms)
		t->run_ms += j->end_ms - j->start_ms;
}

#endif
