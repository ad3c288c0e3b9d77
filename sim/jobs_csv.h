/*
 * The per-job CSV (--jobs FILE.csv): one row per job, for spreadsheets and
 * for checking schedules against other simulators, with the columns
 * DESIGN.md fixes: job_id,queue,submit_s,start_s,end_s,wait_s,cpus,nodes,
 * state,requeues,cost_usd, then io_s,comm_s,lost_s (time in I/O phases,
 * in communication, and run time thrown away by requeues, summed over the
 * job's attempts).  Times are seconds since the trace's origin or
 * durations (decimals only when not whole); start/end/wait are empty for
 * jobs that never ran.  Written atomically (sim/outfile.h).
 */
#ifndef PCLSIM_JOBS_CSV_H
#define PCLSIM_JOBS_CSV_H

#include <stddef.h>
#include <stdio.h>

struct run_result;

/* Writes the rows to out.  with_cost: fill cost_usd from the records (the
 * cost model has run); otherwise the column is left empty. */
void jobs_csv_print(FILE *out, const struct run_result *r, int with_cost);

/* The same into path, atomically.  Returns 0, or -1 with err set. */
int jobs_csv_write(const char *path, const struct run_result *r,
		   int with_cost, char *err, size_t err_size);

#endif
