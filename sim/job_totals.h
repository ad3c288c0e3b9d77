/*
 * Whole-run sums over the job records that every writer shows the same way
 * (summary, JSON document, results DB): time jobs spent in I/O and in
 * communication, run time thrown away by requeues, and jobs' run time.
 */
#ifndef PCLSIM_JOB_TOTALS_H
#define PCLSIM_JOB_TOTALS_H

#include <stdint.h>

struct run_result;

struct job_totals {
	int64_t io_ms, comm_ms;   /* summed over jobs and their attempts */
	int64_t lost_ms;          /* run time thrown away by requeues */
	int64_t run_ms;           /* final start to end of the jobs that ran */
};

void job_totals_of(const struct run_result *r, struct job_totals *out);

#endif
