/*
 * Whether a run had anything to do.  A trace with no jobs, or a cluster on
 * which Slurm rejects every job of the trace, still simulates cleanly (to
 * makespan 0 and cost 0), and a summary of zeros looks like an answer; for
 * `pclsim run` both are bad input, reported with what would fix them.  A
 * run where only some jobs are rejected is a result (the report counts and
 * lists them), not an error.
 */
#ifndef PCLSIM_RUNNABLE_H
#define PCLSIM_RUNNABLE_H

struct run_world;
struct diags;

/* Checks a finished run w of the trace at trace_path on the config at
 * config_path.  Returns 0, or -1 with errors in d: "no jobs" naming the
 * trace (and what the reader skipped), or, when every job was rejected,
 * one error naming the config's queue and its compute resources and one
 * naming the trace line of the first rejected job, what it asked for
 * (CPUs, nodes, memory, GPUs, instance type) against the queue's largest
 * node. */
int run_check_runnable(const struct run_world *w, const char *config_path,
		       const char *trace_path, struct diags *d);

#endif
